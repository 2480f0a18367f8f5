//! Clicks and the wheel: which pane and row the pointer is on, and what that does.

use super::spread::column_at;
use super::{App, Focus, StoryLine, StoryPosition, inner};

impl App {
    pub(super) fn click(&mut self, col: u16, row: u16) {
        let panes = self.panes();
        let hit =
            |r: Option<ratatui::layout::Rect>| r.is_some_and(|r| r.contains((col, row).into()));
        if hit(panes.pages) {
            self.focus = Focus::Pages;
            let Some(r) = panes.pages else { return };
            let idx = self.page_offset + usize::from(row.saturating_sub(inner(r).y));
            if row > r.y
                && idx < self.current_edition().map_or(0, |e| e.pages.len())
                && idx != self.page
            {
                self.page = idx;
                self.select_first_item();
            }
        } else if hit(panes.headlines) {
            self.focus = Focus::Headlines;
            let Some(r) = panes.headlines else { return };
            if row <= r.y {
                return;
            }
            let target_row = self.item_offset + usize::from(row - inner(r).y);
            if let Some(idx) = self.item_at_row(target_row)
                && self.is_selectable(idx)
            {
                self.item = Some(idx);
                self.keep_item_visible();
                self.focus = Focus::Reader;
                self.sync_reader();
            }
        } else if hit(panes.reader) && self.page_image_shown() {
            // A click on an article's area of the page picture opens it.
            if let Some(item) = self.item_on_page_image(col, row) {
                self.item = Some(item);
                self.keep_item_visible();
                self.focus = Focus::Reader;
                self.sync_reader();
            }
        } else if hit(panes.reader) {
            self.focus = Focus::Reader;
            // A click on a photo shows it full-pane.
            let photo = self
                .reader_line_at(col, row)
                .and_then(|idx| self.picture_row(idx))
                .and_then(|picture| self.photo_index_of(&picture.key));
            if let Some(index) = photo {
                self.open_photo(index);
                return;
            }
            // A click on a jump line (下转第3版 → c), in whichever column, follows it.
            let jump_part = self.reader_line_at(col, row).and_then(|idx| {
                let reader = self.reader.as_ref()?;
                match reader.story.lines.get(idx)? {
                    StoryLine::Jump {
                        part,
                        target: Some(_),
                        ..
                    } => Some(*part),
                    _ => None,
                }
            });
            if let Some(part) = jump_part
                && let Some(reader) = &mut self.reader
            {
                reader.anchor = StoryPosition { part, at: None };
                self.follow();
            }
        }
    }

    /// The story line drawn at terminal cell (`col`, `row`), in one column or several.
    pub fn reader_line_at(&self, col: u16, row: u16) -> Option<usize> {
        let pane = inner(self.panes().reader?);
        if !pane.contains((col, row).into()) {
            return None;
        }
        let reader = self.reader.as_ref()?;
        let spread = self.spread();
        let column = column_at(&spread, usize::from(col - pane.x));
        reader
            .placement(&spread, self.reader_rows())
            .line_at(column, usize::from(row - pane.y))
    }

    /// The item drawn at `row` of the headline list (rows counted from the list's top).
    pub fn item_at_row(&self, row: usize) -> Option<usize> {
        let page = self.current_page()?;
        let mut start = 0;
        for idx in self.visible_items() {
            let n = Self::entry_rows(&page.items[idx]);
            if row < start + n {
                return Some(idx);
            }
            start += n;
        }
        None
    }

    pub(super) fn wheel(&mut self, col: u16, row: u16, delta: i8) {
        let panes = self.panes();
        let over =
            |r: Option<ratatui::layout::Rect>| r.is_some_and(|r| r.contains((col, row).into()));
        let step = isize::from(delta) * 3;
        if over(panes.reader) {
            self.scroll_reader(step);
        } else if over(panes.headlines) {
            self.move_item(isize::from(delta));
        } else if over(panes.pages) {
            self.change_page(isize::from(delta));
        }
    }
}
