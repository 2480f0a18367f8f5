//! The open story: setting it for the pane (in one column or several), scrolling, paging,
//! following continuations, and keeping the reading position across re-layouts.

use super::spread::Placed;
use super::{App, Focus, ItemRef, Panes, Reader, Spread, Story, StoryPosition, inner, item_at};

impl App {
    /// Width the reader sets text for (inside its border): the reading pane as shown now, or
    /// as it is when reading where the lists take the whole screen.
    pub fn reader_cols(&self) -> usize {
        let pane = self
            .panes()
            .reader
            .or_else(|| Panes::lay_out(self.cols, self.rows, self.shape(Focus::Reader)).reader);
        pane.map_or(usize::from(self.cols), |r| usize::from(inner(r).width))
    }

    /// How the reading pane divides into newspaper columns at this size.
    pub fn spread(&self) -> Spread {
        Spread::for_pane(
            self.reader_cols(),
            self.options.measure_cols,
            self.options.columns,
        )
    }

    /// The width the story is set at, and the width its header spans in columns.
    pub(super) fn story_widths(&self) -> (usize, Option<usize>) {
        let spread = self.spread();
        if spread.count > 1 {
            (spread.col_cols, Some(spread.span_cols()))
        } else {
            (self.reader_cols(), None)
        }
    }

    /// Whether `c` has somewhere to go: the open story continues on another page here.
    pub fn can_follow(&self) -> bool {
        self.reader
            .as_ref()
            .is_some_and(|r| r.story.parts.len() > 1)
    }

    /// Rows of text the reader shows (inside its border).
    pub fn reader_rows(&self) -> usize {
        self.panes()
            .reader
            .map_or(1, |r| usize::from(inner(r).height))
            .max(1)
    }

    /// Keeps the open story in step with the selected item.
    pub(super) fn sync_reader(&mut self) {
        let Some(item) = self.item else {
            self.reader = None;
            return;
        };
        let at = ItemRef {
            edition: self.edition,
            page: self.page,
            item,
        };
        if let Some(reader) = &self.reader {
            if reader.story.parts.get(reader.anchor.part) == Some(&at) {
                return;
            }
            if let Some(part) = reader.story.parts.iter().position(|p| *p == at) {
                let anchor = StoryPosition { part, at: None };
                let top = reader.story.line_of_position(anchor);
                if let Some(reader) = &mut self.reader {
                    reader.anchor = anchor;
                    reader.top = top;
                }
                return;
            }
        }
        // The notes of the edition the story is in (another edition may share a path).
        self.refresh_picture_notes(at.edition);
        let (story, part) = Story::build(
            &self.library.editions,
            at,
            self.story_widths(),
            &self.options,
            self.raw,
        );
        let anchor = StoryPosition { part, at: None };
        let top = story.line_of_position(anchor);
        self.reader = Some(Reader {
            story,
            top,
            anchor,
            find: None,
        });
    }

    pub(super) fn relayout(&mut self) {
        let (cols, span_cols) = self.story_widths();
        let raw = self.raw;
        let options = self.options.clone();
        let rows = self.reader_rows();
        let spread = self.spread();
        let editions = &self.library.editions;
        if let Some(reader) = &mut self.reader {
            reader.story.cols = cols;
            reader.story.span_cols = span_cols;
            reader.story.raw = raw;
            reader.story.lay_out(editions, &options);
            reader.top = reader.story.line_of_position(reader.anchor).min(max_top(
                &reader.story,
                &spread,
                rows,
            ));
            if let Some(f) = &mut reader.find {
                f.refresh(&reader.story, editions);
            }
        }
    }

    pub(super) fn resize(&mut self, cols: u16, rows: u16) {
        let old_widths = self.story_widths();
        let old_picture_rows = self.options.picture_rows;
        self.cols = cols;
        self.rows = rows;
        self.options.picture_rows = self.picture_rows();
        if self.story_widths() != old_widths || self.options.picture_rows != old_picture_rows {
            self.relayout();
        }
        self.keep_item_visible();
        self.keep_page_visible();
    }

    pub(super) fn scroll_reader(&mut self, delta: isize) {
        let rows = self.reader_rows();
        let spread = self.spread();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let top =
            reader
                .top
                .saturating_add_signed(delta)
                .min(max_top(&reader.story, &spread, rows));
        reader.top = top;
        reader.anchor = reader.story.position_of_line(top);
    }

    pub(super) fn page_by(&mut self, direction: isize) {
        if self.panes().reader.is_some()
            && let Some(reader) = &self.reader
        {
            let (spread, rows) = (self.spread(), self.reader_rows());
            // One column keeps a line of the last screen; columns turn a whole spread.
            let step = if spread.count > 1 {
                reader.placement(&spread, rows).shown().len().max(1)
            } else {
                rows.saturating_sub(1).max(1)
            };
            self.scroll_reader(direction.saturating_mul(step.cast_signed()));
        } else {
            let step = (self.list_rows() / 2).max(1);
            self.move_by(direction.saturating_mul(step.cast_signed()));
        }
    }

    pub(super) fn jump_end(&mut self, bottom: bool) {
        match self.focus {
            Focus::Reader => self.scroll_reader(if bottom {
                isize::MAX / 2
            } else {
                isize::MIN / 2
            }),
            Focus::Headlines => self.move_item(if bottom {
                isize::MAX / 2
            } else {
                isize::MIN / 2
            }),
            Focus::Pages => self.change_page(if bottom {
                isize::MAX / 2
            } else {
                isize::MIN / 2
            }),
        }
    }

    /// `c`: to the next part of the story, or back to the previous one from a continuation.
    pub(super) fn follow(&mut self) {
        if self.reader.is_none() {
            self.sync_reader();
        }
        let rows = self.reader_rows();
        let spread = self.spread();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let part = reader.anchor.part;
        let item = reader
            .story
            .parts
            .get(part)
            .and_then(|p| item_at(&self.library.editions, *p));
        let (to, from) = item.map_or((None, None), |i| {
            (i.continued_to.clone(), i.continued_from.clone())
        });
        let target = if to.is_some() && part + 1 < reader.story.parts.len() {
            Some(part + 1)
        } else if part > 0 {
            Some(part - 1)
        } else {
            None
        };
        let Some(target) = target else {
            let message = match (to, from) {
                (Some(label), _) => format!("page {label} is not in this edition"),
                (None, Some(label)) if self.current_page().is_some_and(|p| p.label == label) => {
                    format!(
                        "this part is marked as continued from page {label}, the page it is on: \
                         the paper's jump points back at itself, so there is no earlier part"
                    )
                }
                (None, Some(label)) => format!("the part on page {label} is not in this edition"),
                (None, None) => "this article does not continue on another page".to_owned(),
            };
            self.error(message);
            return;
        };
        reader.anchor = StoryPosition {
            part: target,
            at: None,
        };
        reader.top =
            reader
                .story
                .line_of_position(reader.anchor)
                .min(max_top(&reader.story, &spread, rows));
        let at = reader.story.parts[target];
        self.page = at.page;
        self.item = Some(at.item);
        self.focus = Focus::Reader;
        self.keep_page_visible();
        self.keep_item_visible();
    }
}

/// The largest useful top line. In one column: the last line at the bottom of the pane. In
/// columns: the first line of the last spread when turning spreads from the top, so paging
/// reaches a balanced last spread and a line step stops there too.
pub(super) fn max_top(story: &Story, spread: &Spread, rows: usize) -> usize {
    let total = story.lines.len();
    if spread.count == 1 {
        return total.saturating_sub(rows);
    }
    let mut top = 0;
    loop {
        let end = spread
            .place(total, top, rows, |i| i < story.span_lines)
            .shown()
            .end;
        if end >= total || end == top {
            return top;
        }
        top = end;
    }
}

impl Reader {
    /// The lines shown from `top`, arranged in the spread's columns.
    pub fn placement(&self, spread: &Spread, rows: usize) -> Placed {
        let span = self.story.span_lines;
        spread.place(self.story.lines.len(), self.top, rows, |i| i < span)
    }
}
