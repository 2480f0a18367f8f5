//! Read and unread: `m` marks the article read or unread, `M` and `A` the page and the edition
//! read (`u` undoes), and `.` goes to the next unread article, across pages and then the other
//! editions of the same paper.

use super::{App, Effect, Focus, ItemKind, ItemRef, item_at};

/// One edition to look through for an unread article: after the (page, item) place, before
/// or at it, or everywhere.
type Round = (usize, Option<(usize, usize)>, bool);

impl App {
    /// The articles of the open edition's page `page` (every page for `None`), as ids.
    fn article_ids(&self, page: Option<usize>) -> Vec<String> {
        let Some(edition) = self.current_edition() else {
            return Vec::new();
        };
        edition
            .pages
            .iter()
            .enumerate()
            .filter(|(p, _)| page.is_none_or(|only| only == *p))
            .flat_map(|(_, p)| &p.items)
            .filter(|i| i.kind == ItemKind::Article)
            .map(|i| i.id.clone())
            .collect()
    }

    /// Whether an article counts as unread.
    pub fn is_unread(&self, item: &crate::edition::Item) -> bool {
        item.kind == ItemKind::Article && !self.read.contains(&item.id)
    }

    /// `m`: the article in view read, or unread again.
    pub(super) fn toggle_read(&mut self) {
        let Some(at) = self.article_in_view() else {
            return self.info("no article here");
        };
        let Some(item) = item_at(&self.library.editions, at) else {
            return;
        };
        if item.kind != ItemKind::Article {
            return self.info("only articles are read or unread");
        }
        let id = item.id.clone();
        if self.read.remove(&id) {
            // Reading on in it does not mark it read again.
            self.auto_read = Some(id.clone());
            self.effects.push(Effect::MarkUnread { ids: vec![id] });
            self.info("marked unread (m: read)");
        } else {
            self.read.insert(id.clone());
            self.effects.push(Effect::MarkRead { id });
            self.info("marked read (m: unread)");
        }
    }

    /// `M`: every article of the page read.
    pub(super) fn mark_page_read(&mut self) {
        let ids = self.article_ids(Some(self.page));
        let zh = self
            .current_edition()
            .is_some_and(crate::edition::Edition::is_chinese);
        let page = self.current_page().map(|p| p.title(zh)).unwrap_or_default();
        self.mark_all_read(ids, &page);
    }

    /// `A`: every article of the edition read.
    pub(super) fn mark_edition_read(&mut self) {
        let ids = self.article_ids(None);
        let name = self
            .current_edition()
            .map(|e| {
                format!(
                    "{} {}",
                    e.paper.as_deref().unwrap_or(&e.id),
                    e.date.as_deref().unwrap_or("")
                )
                .trim()
                .to_owned()
            })
            .unwrap_or_default();
        self.mark_all_read(ids, &name);
    }

    fn mark_all_read(&mut self, ids: Vec<String>, what: &str) {
        let marked: Vec<String> = ids
            .into_iter()
            .filter(|id| !self.read.contains(id))
            .collect();
        if marked.is_empty() {
            return self.info(&format!("every article of {what} is read already"));
        }
        self.read.extend(marked.iter().cloned());
        self.info(&format!(
            "marked {} article(s) of {what} read; u undoes",
            marked.len()
        ));
        self.effects.push(Effect::MarkAllRead {
            ids: marked.clone(),
        });
        self.read_undo = Some(marked);
    }

    /// `u` in the main view: the articles the last `M` or `A` marked are unread again.
    pub(super) fn undo_mark_read(&mut self) {
        let Some(ids) = self.read_undo.take() else {
            return self.info(
                "nothing to undo: u undoes the last M or A (mark read); in B, a deleted bookmark",
            );
        };
        for id in &ids {
            self.read.remove(id);
        }
        self.info(&format!("{} article(s) unread again", ids.len()));
        self.effects.push(Effect::MarkUnread { ids });
    }

    /// `.`: the next unread article after the selection: on this page and the pages after it,
    /// then in the later editions of the same paper (oldest first), then from the earliest
    /// edition round to where the reader is. Reading, it opens; in the lists, it is selected.
    pub(super) fn next_unread(&mut self) {
        let Some(paper) = self.current_edition().map(|e| e.paper.clone()) else {
            return;
        };
        let same = self.editions_of_this_paper();
        let here = same.iter().position(|&e| e == self.edition).unwrap_or(0);
        let after = (self.page, self.item.unwrap_or(0));
        // This edition after the selection, the others round, and this one up to it.
        let mut rounds: Vec<Round> = vec![(self.edition, Some(after), true)];
        rounds.extend((1..same.len()).map(|step| (same[(here + step) % same.len()], None, true)));
        rounds.push((self.edition, Some(after), false));
        for (edition, from, forward) in rounds {
            if self.library.ensure_loaded(edition).is_err() {
                continue;
            }
            if let Some(at) = self.first_unread(edition, from, forward) {
                return self.go_to_unread(at);
            }
        }
        let name = paper.unwrap_or_else(|| "this library".to_owned());
        self.info(&format!("no unread article left in {name}"));
    }

    /// The first unread article of `edition`: after `from` when `forward`, before or at it when
    /// not, anywhere for `None`.
    fn first_unread(
        &self,
        edition: usize,
        from: Option<(usize, usize)>,
        forward: bool,
    ) -> Option<ItemRef> {
        let e = self.library.editions.get(edition)?;
        e.pages.iter().enumerate().find_map(|(p, page)| {
            page.items.iter().enumerate().find_map(|(i, item)| {
                let place = (p, i);
                let in_range = from.is_none_or(|f| if forward { place > f } else { place <= f });
                (in_range && self.is_unread(item)).then_some(ItemRef {
                    edition,
                    page: p,
                    item: i,
                })
            })
        })
    }

    fn go_to_unread(&mut self, at: ItemRef) {
        if self.focus == Focus::Reader {
            self.open_at(at);
            return;
        }
        if at.edition != self.edition {
            self.open_edition(at.edition);
        }
        self.page = at.page;
        self.filter.clear();
        self.item = Some(at.item);
        self.focus = Focus::Headlines;
        self.keep_page_visible();
        self.keep_item_visible();
        self.sync_reader();
    }
}
