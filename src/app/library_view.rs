//! The library view: every edition grouped by paper (the most recently published first) and,
//! within a paper, by month, each heading folded or open (remembered while the reader runs);
//! the filter by paper name; which row is selected, kept on the same edition or heading when
//! the rows change; `{` `}` and going to a date there.

use std::collections::HashMap;

use super::{Action, App, Edition, Overlay, Prompt, PromptKind};

/// One row of the library view. Positions are places in [`App::order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShelfRow {
    /// A paper's heading: its editions are `order[first..first + count]`.
    Paper {
        first: usize,
        count: usize,
        folded: bool,
    },
    /// A month's heading within a paper: its editions are `order[first..first + count]`.
    Month {
        first: usize,
        count: usize,
        folded: bool,
    },
    /// An edition, by its place in `order`.
    Edition(usize),
}

impl ShelfRow {
    /// How deep the row is: a paper 0, a month 1, an edition 2.
    fn depth(self) -> u8 {
        match self {
            ShelfRow::Paper { .. } => 0,
            ShelfRow::Month { .. } => 1,
            ShelfRow::Edition(_) => 2,
        }
    }

    /// The places in `order` the row stands for.
    pub fn span(self) -> std::ops::Range<usize> {
        match self {
            ShelfRow::Paper { first, count, .. } | ShelfRow::Month { first, count, .. } => {
                first..first + count
            }
            ShelfRow::Edition(n) => n..n + 1,
        }
    }
}

/// The folds the user chose, by paper name and then month (`2023-02`; empty for the paper's
/// own heading): `true` folded. Headings not here have their default (papers open; a paper's
/// newest month and the month of the open edition open, other months folded, so ten years of
/// a paper read as a page of months).
#[derive(Debug, Clone, Default)]
pub struct Folds(HashMap<String, HashMap<String, bool>>);

impl Folds {
    fn get(&self, paper: &str, month: &str) -> Option<bool> {
        self.0.get(paper)?.get(month).copied()
    }

    fn set(&mut self, paper: &str, month: &str, folded: bool) {
        self.0
            .entry(paper.to_owned())
            .or_default()
            .insert(month.to_owned(), folded);
    }
}

/// The paper an edition is listed under: its name, else its id.
pub fn paper_name(e: &Edition) -> &str {
    e.paper.as_deref().unwrap_or(&e.id)
}

/// The month an edition is listed under (`2023-02`), if it is dated.
pub fn month_of(e: &Edition) -> Option<&str> {
    e.date.as_deref().and_then(|d| d.get(..7))
}

impl App {
    /// The paper filter as typed so far (while its prompt is open) or as kept.
    pub fn live_paper_filter(&self) -> &str {
        match &self.prompt {
            Some(Prompt {
                kind: PromptKind::Papers,
                input,
                ..
            }) => input,
            _ => &self.paper_filter,
        }
    }

    /// The papers the paper filter keeps, and how many papers there are.
    pub fn papers_shown(&self) -> (usize, usize) {
        let filter = self.live_paper_filter().to_lowercase();
        let editions = &self.library.editions;
        let mut shown = 0;
        let mut all = 0;
        let mut last: Option<&str> = None;
        for &idx in &self.order {
            let name = paper_name(&editions[idx]);
            if last != Some(name) {
                all += 1;
                shown += usize::from(filter.is_empty() || name.to_lowercase().contains(&filter));
                last = Some(name);
            }
        }
        (shown, all)
    }

    /// The rows of the library view: each paper the filter keeps, its months within it, the
    /// editions of each open month, most recent first.
    pub fn library_rows(&self) -> Vec<ShelfRow> {
        let editions = &self.library.editions;
        let order = &self.order;
        let filter = self.live_paper_filter().to_lowercase();
        let open = editions.get(self.edition);
        let mut rows = Vec::new();
        let mut n = 0;
        while n < order.len() {
            let name = paper_name(&editions[order[n]]);
            let end = n + order[n..]
                .iter()
                .take_while(|&&i| paper_name(&editions[i]) == name)
                .count();
            if !filter.is_empty() && !name.to_lowercase().contains(&filter) {
                n = end;
                continue;
            }
            let folded = self.folds.get(name, "").unwrap_or(false);
            rows.push(ShelfRow::Paper {
                first: n,
                count: end - n,
                folded,
            });
            if !folded {
                self.month_rows(&mut rows, n..end, name, open);
            }
            n = end;
        }
        rows
    }

    /// The month headings of one paper's editions (`order[span]`) and the editions of those
    /// open; undated editions follow, without a heading.
    fn month_rows(
        &self,
        rows: &mut Vec<ShelfRow>,
        span: std::ops::Range<usize>,
        name: &str,
        open: Option<&Edition>,
    ) {
        let editions = &self.library.editions;
        let open_month = open
            .filter(|e| paper_name(e) == name)
            .and_then(|e| month_of(e));
        let mut m = span.start;
        let mut newest = true;
        while m < span.end {
            let month = month_of(&editions[self.order[m]]);
            let end = m + self.order[m..span.end]
                .iter()
                .take_while(|&&i| month_of(&editions[i]) == month)
                .count();
            let folded = match month {
                Some(month) => {
                    let default = !newest && open_month != Some(month);
                    newest = false;
                    let folded = self.folds.get(name, month).unwrap_or(default);
                    rows.push(ShelfRow::Month {
                        first: m,
                        count: end - m,
                        folded,
                    });
                    folded
                }
                None => false,
            };
            if !folded {
                rows.extend((m..end).map(ShelfRow::Edition));
            }
            m = end;
        }
    }

    /// Selects, in the library view, the deepest row no deeper than `depth` that holds the
    /// edition at place `at` of `order` (its row, else its month, else its paper).
    pub(super) fn select_shelf(&mut self, rows: &[ShelfRow], at: usize, depth: u8) {
        let best = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.depth() <= depth && r.span().contains(&at))
            .max_by_key(|(_, r)| r.depth())
            .map(|(n, _)| n);
        if let (Some(Overlay::Library { selected }), Some(best)) = (&mut self.overlay, best) {
            *selected = best;
        }
    }

    /// The selected row of the library view, and where it is.
    fn shelf_selection(&self) -> Option<(Vec<ShelfRow>, usize)> {
        let Some(Overlay::Library { selected }) = &self.overlay else {
            return None;
        };
        let rows = self.library_rows();
        let selected = (*selected).min(rows.len().saturating_sub(1));
        Some((rows, selected))
    }

    /// The library view's row for the open edition (for `L`).
    pub(super) fn shelf_row_of_open(&self) -> usize {
        let rows = self.library_rows();
        let at = self.order.iter().position(|&e| e == self.edition);
        at.and_then(|at| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.span().contains(&at))
                .max_by_key(|(_, r)| r.depth())
                .map(|(n, _)| n)
        })
        .unwrap_or(0)
    }

    /// Keys in the library view.
    pub(super) fn library_action(&mut self, action: Action) {
        let Some((rows, selected)) = self.shelf_selection() else {
            return;
        };
        let row = rows.get(selected).copied();
        let last = rows.len().saturating_sub(1);
        let page = self.shelf_page_rows();
        let heading = matches!(row, Some(ShelfRow::Paper { .. } | ShelfRow::Month { .. }));
        let to = |n: usize| Some(n.min(last));
        let moved = match action {
            Action::MoveDown => to(selected + 1),
            Action::MoveUp => to(selected.saturating_sub(1)),
            Action::Top => to(0),
            Action::Bottom => to(last),
            Action::PageDown | Action::Open if heading => {
                self.toggle_fold(row);
                None
            }
            Action::PageDown => to(selected + page),
            Action::PageUp => to(selected.saturating_sub(page)),
            // The wheel moves the selection three rows a notch.
            Action::Scroll(_, _, delta) => {
                to(selected.saturating_add_signed(isize::from(delta) * 3))
            }
            Action::Open => {
                if let Some(ShelfRow::Edition(n)) = row {
                    let chosen = self.order.get(n).copied();
                    self.overlay = None;
                    self.stack.clear();
                    if let Some(edition) = chosen {
                        self.open_edition(edition);
                    }
                }
                None
            }
            Action::Fold => {
                self.fold(row);
                None
            }
            Action::Unfold => {
                self.unfold(row);
                None
            }
            Action::PrevEdition => {
                self.shelf_step(row, 1);
                None
            }
            Action::NextEdition => {
                self.shelf_step(row, -1);
                None
            }
            Action::Search => {
                self.prompt = Some(Prompt::new(PromptKind::Library, String::new()));
                None
            }
            Action::FilterPapers => {
                self.papers_anchor = self.shelf_at();
                self.prompt = Some(Prompt::new(PromptKind::Papers, self.paper_filter.clone()));
                None
            }
            Action::GoToDate => {
                self.prompt = Some(Prompt::new(PromptKind::Command, "date ".to_owned()));
                None
            }
            Action::Back if !self.paper_filter.is_empty() => {
                self.set_paper_filter("");
                None
            }
            Action::Back | Action::ShowLibrary => {
                self.close_overlay();
                None
            }
            _ => None,
        };
        if let (Some(n), Some(Overlay::Library { selected })) = (moved, &mut self.overlay) {
            *selected = n;
        }
    }

    /// Rows a screen of the library view shows (for PageUp and PageDown).
    fn shelf_page_rows(&self) -> usize {
        usize::from(self.rows).saturating_sub(6).max(1)
    }

    /// The heading of `row`'s paper or month, as a fold key, with where its editions start.
    fn group_of(&self, row: ShelfRow) -> (String, String, usize) {
        let first = row.span().start;
        let e = self
            .order
            .get(first)
            .and_then(|&i| self.library.editions.get(i));
        let name = e.map(paper_name).unwrap_or_default().to_owned();
        let month = match row {
            ShelfRow::Paper { .. } => String::new(),
            _ => e.and_then(month_of).unwrap_or_default().to_owned(),
        };
        (name, month, first)
    }

    /// Enter or Space on a heading: folds it when open, else opens it.
    fn toggle_fold(&mut self, row: Option<ShelfRow>) {
        match row {
            Some(ShelfRow::Paper { folded: true, .. } | ShelfRow::Month { folded: true, .. }) => {
                self.unfold(row);
            }
            _ => self.fold(row),
        }
    }

    /// `-`: folds the heading selected, or the month (or paper) of the edition selected, whose
    /// heading is selected then; on a folded month, folds its paper.
    fn fold(&mut self, row: Option<ShelfRow>) {
        let Some(row) = row else { return };
        let (name, month, first) = self.group_of(row);
        let (month, depth) = match row {
            ShelfRow::Month { folded: true, .. } | ShelfRow::Paper { .. } => (String::new(), 0),
            ShelfRow::Edition(_) if month.is_empty() => (String::new(), 0),
            ShelfRow::Month { .. } | ShelfRow::Edition(_) => (month, 1),
        };
        self.folds.set(&name, &month, true);
        let rows = self.library_rows();
        self.select_shelf(&rows, first, depth);
    }

    /// `+`: opens the heading selected; on an open paper, all its months.
    fn unfold(&mut self, row: Option<ShelfRow>) {
        let Some(row) = row else { return };
        let (name, month, first) = self.group_of(row);
        match row {
            ShelfRow::Paper { folded: false, .. } => {
                let editions = &self.library.editions;
                let months: Vec<String> = self.order[row.span()]
                    .iter()
                    .filter_map(|&i| month_of(&editions[i]).map(str::to_owned))
                    .collect();
                for m in months {
                    self.folds.set(&name, &m, false);
                }
            }
            ShelfRow::Paper { .. } | ShelfRow::Month { .. } => {
                self.folds.set(&name, &month, false);
            }
            ShelfRow::Edition(_) => return,
        }
        let rows = self.library_rows();
        self.select_shelf(&rows, first, row.depth());
    }

    /// `{` `}` in the library: the edition of the selected paper one step earlier (`delta` 1,
    /// down the list) or later, its month opened.
    fn shelf_step(&mut self, row: Option<ShelfRow>, delta: isize) {
        let Some(row) = row else { return };
        let at = row.span().start;
        let editions = &self.library.editions;
        let Some(name) = self.order.get(at).map(|&i| paper_name(&editions[i])) else {
            return;
        };
        // From a heading, `{` goes to its newest edition and `}` to the one listed above it.
        let next = match (row, delta > 0) {
            (ShelfRow::Edition(_), _) => at.checked_add_signed(delta),
            (_, true) => Some(at),
            (_, false) => at.checked_sub(1),
        }
        .filter(|&n| {
            self.order
                .get(n)
                .is_some_and(|&i| paper_name(&editions[i]) == name)
        });
        if let Some(next) = next {
            self.show_in_library(next);
        } else {
            let which = if delta > 0 { "earlier" } else { "later" };
            self.info(&format!("no {which} edition of this paper in the library"));
        }
    }

    /// Selects the edition at place `at` of `order` in the library view: its paper and month
    /// opened, the paper filter cleared when it hides it.
    pub(super) fn show_in_library(&mut self, at: usize) {
        let Some(e) = self
            .order
            .get(at)
            .and_then(|&i| self.library.editions.get(i))
        else {
            return;
        };
        let name = paper_name(e).to_owned();
        let month = month_of(e).map(str::to_owned);
        self.folds.set(&name, "", false);
        if let Some(month) = month {
            self.folds.set(&name, &month, false);
        }
        let filter = self.paper_filter.to_lowercase();
        if !name.to_lowercase().contains(&filter) {
            self.paper_filter.clear();
        }
        let rows = self.library_rows();
        self.select_shelf(&rows, at, 2);
    }

    /// The paper filter changed (typed, kept or cleared): the selection stays where it was
    /// (`before`, else where it was when the filter's prompt opened) when the filter keeps
    /// it, else goes to the first row.
    pub(super) fn papers_filter_changed(&mut self, before: Option<(usize, u8)>) {
        let before = before.or(self.papers_anchor);
        let rows = self.library_rows();
        match before {
            Some((at, depth)) if rows.iter().any(|r| r.span().contains(&at)) => {
                self.select_shelf(&rows, at, depth);
            }
            _ => {
                if let Some(Overlay::Library { selected }) = &mut self.overlay {
                    *selected = 0;
                }
            }
        }
    }

    /// The place in `order` of the selected row of the library view (its first edition), and
    /// how deep the row is.
    pub(super) fn shelf_at(&self) -> Option<(usize, u8)> {
        let (rows, selected) = self.shelf_selection()?;
        rows.get(selected).map(|r| (r.span().start, r.depth()))
    }

    /// Keeps `filter` as the paper filter (empty: none) and says how many papers it keeps.
    pub(super) fn set_paper_filter(&mut self, filter: &str) {
        let before = self.shelf_at();
        filter.trim().clone_into(&mut self.paper_filter);
        self.papers_filter_changed(before);
        if self.paper_filter.is_empty() {
            self.info("every paper listed");
        } else {
            let (shown, all) = self.papers_shown();
            self.info(&format!(
                "{shown} of {all} papers hold '{}'; Esc lists them all",
                self.paper_filter
            ));
        }
    }
}
