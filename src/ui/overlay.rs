//! Overlays drawn over the panes: help (every binding as configured), the library (every
//! edition under its paper's and its month's headings, folded or open) and edition-wide search
//! results with snippets.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::Look;
use super::text::{fit, fit_tail, shown};
use crate::app::geometry::{centered_offset, entries_in_view, overlay_area};
use crate::app::{Action, App, Focus, Overlay, ShelfRow, month_of, paper_name};
use crate::edition::page_label;

/// Columns of what follows a result's match that a narrow screen keeps in view, before the
/// context ahead of the match.
const SNIPPET_AFTER_COLS: usize = 6;

/// The view under the help, by name, and what its keys do there, most used first.
fn view_keys(app: &App) -> (&'static str, Vec<(Action, &'static str)>) {
    use Action as A;
    let below = app.stack.last();
    match below {
        Some(Overlay::Library { .. }) => (
            "in the library",
            vec![
                (A::Open, "open the edition; on a heading, fold or unfold it"),
                (
                    A::PageDown,
                    "a screen down; on a heading, fold or unfold it",
                ),
                (A::Fold, "fold the month or the paper"),
                (A::Unfold, "unfold it (on an open paper, all its months)"),
                (A::GoToDate, "go to a date: 2023-02-28, 2023-02, 02-28"),
                (
                    A::PrevEdition,
                    "the selected paper's earlier edition (down the list)",
                ),
                (
                    A::NextEdition,
                    "the selected paper's later edition (up the list)",
                ),
                (
                    A::FilterPapers,
                    "only the papers whose name holds what you type",
                ),
                (A::Search, "search every edition as you type"),
                (A::Back, "clear the paper filter, else close the library"),
                (A::Close, "close the library"),
                (A::Quit, "quit"),
            ],
        ),
        Some(Overlay::Results { .. }) => (
            "in the search results",
            vec![
                (A::Open, "open the article (q comes back to these results)"),
                (A::Search, "edit the query"),
                (A::Close, "back to the view below"),
                (A::Quit, "quit"),
            ],
        ),
        Some(Overlay::Bookmarks { .. }) => (
            "in the bookmarks",
            vec![
                (A::Open, "open at the saved place (q comes back here)"),
                (A::Delete, "delete the bookmark"),
                (A::Undo, "undo the delete"),
                (A::EditNote, "edit the note"),
                (A::Close, "close the bookmarks"),
            ],
        ),
        Some(Overlay::Photos { .. } | Overlay::Photo { .. }) => (
            "with the photos",
            vec![
                (A::Open, "the photo full-pane"),
                (A::MoveDown, "the next photo"),
                (A::Close, "back to the article"),
            ],
        ),
        _ if app.focus == Focus::Reader => {
            let mut keys = vec![
                (A::PageDown, "a screen down"),
                (A::NextArticle, "the next article (下一篇)"),
                (A::Search, "find in the article"),
                (A::NextMatch, "the next match"),
                (A::ToggleRead, "mark read / unread"),
                (A::NextUnread, "the next unread article"),
                (A::ToggleBookmark, "bookmark it"),
                (A::ToggleFullWidth, "the article at full width"),
                (
                    A::Close,
                    "close the article (back to the list or the results)",
                ),
                (A::Quit, "quit"),
            ];
            if app.can_follow() {
                keys.insert(2, (A::FollowContinuation, "follow the jump (下转 / 上接)"));
            }
            ("reading an article", keys)
        }
        _ => (
            "in the headline list",
            vec![
                (A::Open, "read the article"),
                (A::NextPage, "the next page (版面)"),
                (A::Search, "filter the headlines"),
                (A::NextUnread, "the next unread article"),
                (A::MarkPageRead, "mark the page read (u undoes)"),
                (A::MarkEditionRead, "mark the edition read (u undoes)"),
                (A::ShowLibrary, "the library"),
                (A::ShowBookmarks, "the bookmarks"),
                (A::Close, "quit"),
            ],
        ),
    }
}

/// A month as a heading says it: `2023年2月`, `February 2023`.
fn month_label(month: &str, zh: bool) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (Some(year), Some(Ok(m))) = (month.get(..4), month.get(5..7).map(str::parse::<usize>))
    else {
        return month.to_owned();
    };
    match (zh, NAMES.get(m.wrapping_sub(1))) {
        (true, _) => format!("{year}年{m}月"),
        (false, Some(name)) => format!("{name} {year}"),
        (false, None) => month.to_owned(),
    }
}

/// `1 edition`, `3 editions`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub struct OverlayView<'a> {
    pub app: &'a App,
    pub overlay: &'a Overlay,
    pub look: Look<'a>,
}

impl OverlayView<'_> {
    pub fn draw(&self, body: Rect, buf: &mut Buffer) {
        let area = overlay_area(body);
        let title = match self.overlay {
            Overlay::Help { .. } => " help · j/k scroll · q closes ".to_owned(),
            Overlay::Library { .. } => {
                let filter = self.app.live_paper_filter();
                if filter.is_empty() {
                    // The keys as bound (a key left unbound is not offered).
                    let key = |a: Action| self.look.keymap.keys_for(a).into_iter().next();
                    let mut title = format!(
                        " library · {} · / searches them all",
                        plural(self.app.order.len(), "edition")
                    );
                    for (action, what) in
                        [(Action::GoToDate, "date"), (Action::FilterPapers, "papers")]
                    {
                        if let Some(k) = key(action) {
                            let _ = write!(title, " · {k} {what}");
                        }
                    }
                    title.push(' ');
                    title
                } else {
                    let (shown, all) = self.app.papers_shown();
                    format!(" library · papers: {filter} · {shown}/{all} · Esc lists all ")
                }
            }
            Overlay::Results {
                query,
                hits,
                searching,
                ..
            } => {
                let n = hits.len();
                let noun = if n == 1 { "article" } else { "articles" };
                let more = if *searching {
                    " so far · searching… Esc stops"
                } else {
                    " · Enter opens"
                };
                format!(" '{query}' · {n} {noun}{more} ")
            }
            Overlay::Bookmarks { .. } => format!(
                " bookmarks · {} · Enter opens · d deletes · u undoes · e note ",
                self.app.bookmarks.len()
            ),
            Overlay::Photos { .. } => format!(
                " photos · {} · Enter shows one full-pane · Esc closes ",
                self.app.story_photos().len()
            ),
            // Drawn full-pane by `PhotoPane`, not in a frame.
            Overlay::Photo { .. } => String::new(),
        };
        Clear.render(area, buf);
        // A wide character just left of the overlay would spill into its border: blank it.
        if area.x > 0 {
            for y in area.y..area.y + area.height {
                let cell = &mut buf[(area.x - 1, y)];
                if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                    cell.set_symbol(" ");
                }
            }
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Double)
            .border_style(self.look.theme.focused_border)
            .title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        match self.overlay {
            Overlay::Help { scroll } => self.help(inner, *scroll, buf),
            Overlay::Library { selected } => self.library(inner, *selected, buf),
            Overlay::Results { hits, selected, .. } => self.results(inner, hits, *selected, buf),
            Overlay::Bookmarks { selected, .. } => self.bookmarks(inner, *selected, buf),
            Overlay::Photos { selected } => self.photos(inner, *selected, buf),
            Overlay::Photo { .. } => {}
        }
    }

    /// One row a photo: its caption line as the article shows it, `(no picture)` where it has
    /// none.
    fn photos(&self, area: Rect, selected: usize, buf: &mut Buffer) {
        let theme = self.look.theme;
        let photos = self.app.story_photos();
        let rows = usize::from(area.height).max(1);
        let offset = selected.saturating_sub(rows - 1);
        let cols = usize::from(area.width).saturating_sub(2);
        for (n, story_photo) in photos.iter().enumerate().skip(offset).take(rows) {
            let y = area.y + (n - offset) as u16;
            let photo = &story_photo.photo;
            let text = photo.caption_line();
            let zh = text.chars().any(crate::edition::recognize::is_han);
            let mark = if zh { "[图]" } else { "[photo]" };
            let none = if photo.image.is_some() {
                ""
            } else if zh {
                "（无图片）"
            } else {
                " (no picture)"
            };
            let line = format!("{mark} {}{none}", shown(&text, zh && !self.app.raw));
            let style = if n == selected {
                buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected);
                theme.selected
            } else if photo.image.is_some() {
                theme.body
            } else {
                theme.dim
            };
            buf.set_stringn(area.x + 1, y, fit(&line, cols), cols, style);
        }
    }

    /// Three rows a bookmark: where it is from, its headline, then the note or the excerpt.
    fn bookmarks(&self, area: Rect, selected: usize, buf: &mut Buffer) {
        let theme = self.look.theme;
        if self.app.bookmarks.is_empty() {
            super::text::centered_note(
                buf,
                area,
                "no bookmarks yet: b bookmarks the article you are on",
                theme.dim,
            );
            return;
        }
        let cols = usize::from(area.width).saturating_sub(2);
        let (per_page, offset) = entries_in_view(selected, 3, usize::from(area.height));
        for (n, b) in self
            .app
            .bookmarks
            .iter()
            .enumerate()
            .skip(offset)
            .take(per_page)
        {
            let y = area.y + ((n - offset) * 3) as u16;
            let rows = 3.min(area.y + area.height - y);
            if n == selected {
                buf.set_style(Rect::new(area.x, y, area.width, rows), theme.selected);
            }
            let missing = self.app.missing_editions.contains(&b.edition_id);
            let zh = b
                .headline
                .chars()
                .chain(b.paper.iter().flat_map(|p| p.chars()))
                .any(crate::edition::recognize::is_han);
            let page = page_label(&b.page, zh);
            let mut source: Vec<&str> = [b.paper.as_deref(), b.date.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            source.push(&page);
            let flag = if missing { "  (edition not found)" } else { "" };
            let head = format!("★ {}{flag}", source.join(" · "));
            // Punctuation shown as the reader shows it.
            let shown = |t: &str| shown(t, zh && !self.app.raw).into_owned();
            let style = if n == selected {
                theme.selected
            } else {
                theme.byline
            };
            buf.set_stringn(area.x + 1, y, fit(&head, cols), cols, style);
            if rows > 1 {
                let style = if n == selected {
                    theme.selected
                } else {
                    theme.headline
                };
                buf.set_stringn(
                    area.x + 3,
                    y + 1,
                    fit(&shown(&b.headline), cols.saturating_sub(2)),
                    cols,
                    style,
                );
            }
            if rows > 2 {
                let (text, style) = match &b.note {
                    Some(note) => (format!("✎ {note}"), theme.body),
                    None => (shown(&b.excerpt), theme.dim),
                };
                let style = if n == selected { theme.selected } else { style };
                buf.set_stringn(
                    area.x + 3,
                    y + 2,
                    fit(&text, cols.saturating_sub(2)),
                    cols,
                    style,
                );
            }
        }
    }

    fn help(&self, area: Rect, scroll: usize, buf: &mut Buffer) {
        let theme = self.look.theme;
        // First what the keys do in the view under the help, then every binding.
        let (view, keys) = view_keys(self.app);
        let mut rows: Vec<(String, String)> = vec![(String::new(), format!("── {view} ──"))];
        for (action, what) in keys {
            let bound = self.look.keymap.keys_for(action);
            if !bound.is_empty() {
                rows.push((bound.join(" "), what.to_owned()));
            }
        }
        rows.push((String::new(), "── every key ──".to_owned()));
        rows.extend(
            self.look
                .keymap
                .bindings()
                .into_iter()
                .map(|(action, keys)| {
                    (
                        keys.join(" "),
                        action.description().unwrap_or("").to_owned(),
                    )
                }),
        );
        // Ctrl-c is listed with quit's keys; Ctrl-z is fixed and no bindable action.
        rows.push((
            "Ctrl-z".to_owned(),
            "suspend to the shell (fg resumes)".to_owned(),
        ));
        rows.push((
            "mouse".to_owned(),
            "click selects and opens, photos full-pane; wheel scrolls".to_owned(),
        ));
        let key_cols = rows
            .iter()
            .map(|(k, _)| k.width())
            .max()
            .unwrap_or(0)
            .min(24);
        let cols = usize::from(area.width);
        let scroll = scroll.min(rows.len().saturating_sub(usize::from(area.height)));
        for (n, (keys, what)) in rows
            .iter()
            .skip(scroll)
            .take(usize::from(area.height))
            .enumerate()
        {
            let y = area.y + n as u16;
            buf.set_stringn(area.x + 1, y, fit(keys, key_cols), key_cols, theme.headline);
            let x = area.x + 1 + key_cols as u16 + 2;
            buf.set_stringn(
                x,
                y,
                fit(what, cols.saturating_sub(key_cols + 3)),
                cols.saturating_sub(key_cols + 3),
                theme.body,
            );
        }
    }

    /// The library grouped: a heading per paper (its editions and unread articles, as far as
    /// known), a heading per month within it, then the editions of each open month, most
    /// recent first; `▸` marks a folded heading, `▾` an open one.
    fn library(&self, area: Rect, selected: usize, buf: &mut Buffer) {
        let theme = self.look.theme;
        let app = self.app;
        let rows = app.library_rows();
        if rows.is_empty() {
            let note = if app.live_paper_filter().is_empty() {
                "no editions in the library"
            } else {
                "no paper's name holds that; Esc lists them all"
            };
            super::text::centered_note(buf, area, note, theme.dim);
            return;
        }
        let selected = selected.min(rows.len() - 1);
        let height = usize::from(area.height);
        let offset = centered_offset(selected, rows.len(), height);
        let cols = usize::from(area.width);
        for (r, row) in rows.iter().enumerate().skip(offset).take(height) {
            let y = area.y + (r - offset) as u16;
            let (text, style) = match *row {
                ShelfRow::Paper { first, folded, .. } => {
                    (self.heading(*row, first, folded, false), theme.headline)
                }
                ShelfRow::Month { first, folded, .. } => {
                    (self.heading(*row, first, folded, true), theme.dim)
                }
                ShelfRow::Edition(n) => (self.edition_row(app.order[n]), theme.body),
            };
            let style = if r == selected {
                buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected);
                theme.selected
            } else {
                style
            };
            buf.set_stringn(area.x, y, fit(&text, cols), cols, style);
        }
    }

    /// A paper's or a month's heading: its name, its editions, and its unread articles where
    /// counts are known (`▾ 人民日报 · 28期 · 未读12`, `  ▸ 2023年2月 · 28期`).
    fn heading(&self, row: ShelfRow, first: usize, folded: bool, month: bool) -> String {
        let app = self.app;
        let editions = app.editions();
        let Some(e) = app.order.get(first).and_then(|&i| editions.get(i)) else {
            return String::new();
        };
        let mut count = 0;
        let mut unread = 0;
        let mut known = false;
        for &idx in &app.order[row.span()] {
            count += 1;
            if let Some((_, articles)) = self.counts(idx) {
                known = true;
                let read = app
                    .edition_read
                    .get(&editions[idx].id)
                    .copied()
                    .unwrap_or(0);
                unread += articles.saturating_sub(read);
            }
        }
        let name = paper_name(e);
        let zh = name.chars().any(crate::edition::recognize::is_han);
        let marker = if folded { "▸" } else { "▾" };
        let label = match (month, month_of(e)) {
            (true, Some(m)) => format!("  {marker} {}", month_label(m, zh)),
            _ => format!("{marker} {name}"),
        };
        match (zh, known) {
            (true, true) => format!("{label} · {count}期 · 未读{unread}"),
            (true, false) => format!("{label} · {count}期"),
            (false, true) => format!("{label} · {} · {unread} unread", plural(count, "edition")),
            (false, false) => format!("{label} · {}", plural(count, "edition")),
        }
    }

    /// Pages and articles of edition `idx`: parsed, else from the index.
    fn counts(&self, idx: usize) -> Option<(usize, usize)> {
        let e = self.app.editions().get(idx)?;
        if self.app.library.is_loaded(idx) {
            let articles = e
                .pages
                .iter()
                .flat_map(|p| &p.items)
                .filter(|i| i.kind == crate::edition::ItemKind::Article)
                .count();
            return Some((e.pages.len(), articles));
        }
        self.app.edition_counts.get(&e.id).copied()
    }

    /// One edition's row: open now (`»`), date, pages, articles, unread, paper.
    fn edition_row(&self, idx: usize) -> String {
        let Some(e) = self.app.editions().get(idx) else {
            return String::new();
        };
        // An edition not parsed yet has no language: its paper's name tells.
        let zh = e.is_chinese() || paper_name(e).chars().any(crate::edition::recognize::is_han);
        let read = self.app.edition_read.get(&e.id).copied().unwrap_or(0);
        let counts = match (self.counts(idx), zh) {
            (None, _) => String::new(),
            (Some((pages, items)), true) => {
                format!("{pages}版 {items}篇 未读{}", items.saturating_sub(read))
            }
            (Some((pages, items)), false) => format!(
                "{}, {}, {} unread",
                plural(pages, "page"),
                plural(items, "article"),
                items.saturating_sub(read)
            ),
        };
        // `»` is the edition open now; `•` means unread only in the headline list.
        let current = if idx == self.app.edition { "»" } else { " " };
        let incomplete = match (e.is_incomplete(), zh) {
            (false, _) => "",
            (true, true) => "  （不完整，F 补全）",
            (true, false) => "  (incomplete: F completes it)",
        };
        // The paper's name last: the heading above says it, and a narrow screen keeps the counts.
        let counts = if counts.is_empty() {
            counts
        } else {
            format!("{counts}  ")
        };
        format!(
            "{current}   {}  {counts}{}{incomplete}",
            e.date.as_deref().unwrap_or("----------"),
            e.paper.as_deref().unwrap_or(&e.id)
        )
    }

    fn results(&self, area: Rect, hits: &[crate::app::Hit], selected: usize, buf: &mut Buffer) {
        let theme = self.look.theme;
        let cols = usize::from(area.width);
        let (per_page, offset) = entries_in_view(selected, 2, usize::from(area.height));
        for (n, hit) in hits.iter().enumerate().skip(offset).take(per_page) {
            let y = area.y + ((n - offset) * 2) as u16;
            let style = if n == selected {
                theme.selected
            } else {
                theme.headline
            };
            if n == selected {
                buf.set_style(
                    Rect::new(area.x, y, area.width, 2.min(area.height - (y - area.y))),
                    theme.selected,
                );
            }
            let shown = |t: &str| shown(t, hit.zh && !self.app.raw).into_owned();
            buf.set_stringn(
                area.x + 1,
                y,
                fit(&shown(&hit.title), cols.saturating_sub(1)),
                cols.saturating_sub(1),
                style,
            );
            if y + 1 >= area.y + area.height {
                break;
            }
            // The snippet, with the hit marked; punctuation shown as the reader shows it.
            let (Some(before), Some(word), Some(after)) = (
                hit.snippet.get(..hit.hit.start),
                hit.snippet.get(hit.hit.clone()),
                hit.snippet.get(hit.hit.end..),
            ) else {
                continue;
            };
            let (before, word, after) = (shown(before), shown(word), shown(after));
            // The match stays in view: on a narrow screen the context before it gives way
            // first, so the match and a little of what follows it are shown.
            let room = cols.saturating_sub(3);
            let wanted = word.width() + after.width().min(SNIPPET_AFTER_COLS);
            let before = fit_tail(&before, room.saturating_sub(wanted));
            let mut x = area.x + 3;
            let end = area.x + area.width;
            for (text, style) in [
                (before, theme.body),
                (word, theme.search_match),
                (after, theme.body),
            ] {
                if x >= end {
                    break;
                }
                let room = usize::from(end - x);
                let (nx, _) = buf.set_stringn(x, y + 1, text, room, style);
                x = nx;
            }
        }
    }
}
