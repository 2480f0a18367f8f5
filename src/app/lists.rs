//! Moving through the edition: pages, headlines and the filter over them; which item is
//! selected and which rows of the lists are in view.

use super::{App, Focus, Item, ItemKind, inner};

impl App {
    pub(super) fn select_first_item(&mut self) {
        self.item = self
            .visible_items()
            .into_iter()
            .find(|&i| self.is_selectable(i));
        self.item_offset = 0;
        self.sync_reader();
    }

    /// Whether item `idx` of the page can be selected (it is no banner).
    pub fn is_selectable(&self, idx: usize) -> bool {
        self.current_page()
            .and_then(|p| p.items.get(idx))
            .is_some_and(|i| i.kind != ItemKind::Banner)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Pages => self.change_page(delta),
            Focus::Headlines => self.move_item(delta),
            Focus::Reader => self.scroll_reader(delta),
        }
    }

    pub(super) fn move_item(&mut self, delta: isize) {
        let visible: Vec<usize> = self
            .visible_items()
            .into_iter()
            .filter(|&i| self.is_selectable(i))
            .collect();
        if visible.is_empty() {
            self.item = None;
            return;
        }
        let pos = self
            .item
            .and_then(|cur| visible.iter().position(|&i| i == cur));
        let next = match pos {
            Some(p) => p.saturating_add_signed(delta).min(visible.len() - 1),
            None => 0,
        };
        self.item = Some(visible[next]);
        self.keep_item_visible();
        self.sync_reader();
    }

    pub(super) fn change_page(&mut self, delta: isize) {
        let Some(edition) = self.current_edition() else {
            return;
        };
        let count = edition.pages.len();
        if count == 0 {
            return;
        }
        let next = self.page.saturating_add_signed(delta).min(count - 1);
        if next == self.page {
            let edge = if delta < 0 { "first" } else { "last" };
            self.info(&format!("this is the {edge} page"));
            return;
        }
        self.page = next;
        self.keep_page_visible();
        self.select_first_item();
    }

    /// Rows of a headline entry: kicker, headline, then one line of details when there are any.
    /// A blank row follows every entry, so entries read as separate stories.
    pub fn entry_rows(item: &Item) -> usize {
        let details = item.subtitle.is_some()
            || item.byline.is_some()
            || item.column.is_some()
            || item.credit.is_some()
            || item.summary_only;
        usize::from(item.kicker.is_some())
            + 1
            + usize::from(details && item.kind != ItemKind::Banner)
            + 1
    }

    pub(super) fn list_rows(&self) -> usize {
        self.panes()
            .headlines
            .map_or(10, |r| usize::from(inner(r).height))
            .max(1)
    }

    pub(super) fn keep_item_visible(&mut self) {
        let Some(page) = self.current_page() else {
            return;
        };
        let Some(selected) = self.item else { return };
        let visible = self.visible_items();
        let mut row = 0;
        let mut start = None;
        let mut rows = 1;
        for &idx in &visible {
            let n = Self::entry_rows(&page.items[idx]);
            if idx == selected {
                start = Some(row);
                rows = n;
                break;
            }
            row += n;
        }
        let Some(start) = start else { return };
        let height = self.list_rows();
        if start < self.item_offset {
            self.item_offset = start;
        } else if start + rows > self.item_offset + height {
            self.item_offset = (start + rows).saturating_sub(height);
        }
    }

    pub(super) fn keep_page_visible(&mut self) {
        let height = self
            .panes()
            .pages
            .map_or(10, |r| usize::from(inner(r).height))
            .max(1);
        if self.page < self.page_offset {
            self.page_offset = self.page;
        } else if self.page >= self.page_offset + height {
            self.page_offset = self.page + 1 - height;
        }
    }

    pub(super) fn open(&mut self) {
        match self.focus {
            Focus::Pages => self.focus = Focus::Headlines,
            Focus::Headlines if self.item.is_some() => {
                self.focus = Focus::Reader;
                self.sync_reader();
            }
            Focus::Headlines => self.info("nothing to open on this page"),
            Focus::Reader => {}
        }
    }

    /// Esc: clears a find or a filter first, then leaves the article or the page picture, then
    /// steps from the headlines to the pages.
    pub(super) fn back(&mut self) {
        if self.page_image_shown() {
            self.page_image = false;
            return;
        }
        match self.focus {
            Focus::Reader => {
                if self
                    .reader
                    .as_mut()
                    .is_some_and(|r| r.find.take().is_some())
                {
                    return;
                }
                self.close_article();
            }
            Focus::Headlines if !self.filter.is_empty() => {
                self.filter.clear();
                self.keep_item_visible();
            }
            Focus::Headlines => self.focus = Focus::Pages,
            Focus::Pages => self.info("q quits"),
        }
    }

    /// `q` in the main view: closes the article (back to the view it was opened from, or the
    /// list) or the page picture; from the lists, quits.
    pub(super) fn close_main(&mut self) {
        if self.page_image_shown() {
            self.page_image = false;
        } else if self.focus == Focus::Reader {
            if let Some(reader) = &mut self.reader {
                reader.find = None;
            }
            self.close_article();
        } else {
            self.quit = true;
        }
    }

    fn close_article(&mut self) {
        if !self.return_from_article() {
            self.focus = Focus::Headlines;
            self.keep_item_visible();
        }
    }

    pub(super) fn next_pane(&mut self) {
        self.focus = match self.focus {
            Focus::Pages => Focus::Headlines,
            Focus::Headlines if self.item.is_some() => Focus::Reader,
            Focus::Headlines | Focus::Reader => Focus::Pages,
        };
        self.keep_item_visible();
        self.keep_page_visible();
    }

    /// 下一篇 / 上一篇: the next selectable item, crossing into the next page at the end of one.
    pub(super) fn step_article(&mut self, delta: isize) {
        let Some(edition) = self.current_edition() else {
            return;
        };
        let mut flat: Vec<(usize, usize)> = Vec::new();
        for (p, page) in edition.pages.iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                if item.kind != ItemKind::Banner {
                    flat.push((p, i));
                }
            }
        }
        let Some(cur) = self
            .item
            .and_then(|i| flat.iter().position(|&x| x == (self.page, i)))
        else {
            return;
        };
        let Some(&(page, item)) = cur.checked_add_signed(delta).and_then(|n| flat.get(n)) else {
            self.info(if delta > 0 {
                "this is the last article"
            } else {
                "this is the first article"
            });
            return;
        };
        if page != self.page {
            self.page = page;
            self.filter.clear();
            self.keep_page_visible();
        }
        self.item = Some(item);
        self.keep_item_visible();
        self.sync_reader();
    }

    /// The open edition's paper's editions, oldest first (by date, then id); empty when no
    /// edition is open.
    pub(super) fn editions_of_this_paper(&self) -> Vec<usize> {
        let Some(current) = self.current_edition() else {
            return Vec::new();
        };
        let editions = &self.library.editions;
        let mut same: Vec<usize> = (0..editions.len())
            .filter(|&i| editions[i].paper == current.paper)
            .collect();
        same.sort_by(|&a, &b| {
            let (ea, eb) = (&editions[a], &editions[b]);
            ea.date.cmp(&eb.date).then(ea.id.cmp(&eb.id))
        });
        same
    }

    pub(super) fn step_edition(&mut self, delta: isize) {
        if self.current_edition().is_none() {
            return;
        }
        let same = self.editions_of_this_paper();
        let pos = same.iter().position(|&i| i == self.edition).unwrap_or(0);
        if let Some(&next) = pos.checked_add_signed(delta).and_then(|p| same.get(p)) {
            self.open_edition(next);
        } else {
            let which = if delta < 0 { "earlier" } else { "later" };
            self.info(&format!("no {which} edition of this paper in the library"));
        }
    }

    pub(super) fn open_edition(&mut self, edition: usize) {
        self.edition = edition;
        self.page = 0;
        self.page_offset = 0;
        self.filter.clear();
        self.reader = None;
        let loaded = self.load_current();
        self.select_first_item();
        if !loaded {
            return;
        }
        if let Some(e) = self.current_edition() {
            let text = format!(
                "{} {}",
                e.paper.as_deref().unwrap_or(""),
                e.date.as_deref().unwrap_or("")
            );
            self.info(text.trim());
        }
    }
}
