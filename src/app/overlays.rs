//! The overlays (library, bookmarks, help) as a stack of views, and the bookmarks: toggling,
//! listing, deleting, undoing and notes. A view opened from another one (help from the library,
//! results from the library, an article from the results) lies over it; `q` and Esc close the
//! view on top and show the one below exactly as it was; `Q` quits from any of them.

use super::reading::max_top;
use super::{
    Action, App, Bookmark, Effect, Focus, ItemKind, ItemRef, LastRead, Overlay, Prompt, PromptKind,
    SavedPosition, StoryPosition, item_at, recent_first, story,
};

impl App {
    /// Opens `overlay` from the main view: a new stack of views over the panes.
    pub(super) fn open_overlay(&mut self, overlay: Overlay) {
        self.stack.clear();
        self.overlay = Some(overlay);
    }

    /// Opens `overlay` over the one open now, which waits below as it is.
    pub(super) fn push_overlay(&mut self, overlay: Overlay) {
        if let Some(below) = self.overlay.take() {
            self.stack.push(below);
        }
        self.overlay = Some(overlay);
    }

    /// Closes the view on top; the one below it (if any) is shown again as it was left.
    pub(super) fn close_overlay(&mut self) {
        if let Some(Overlay::Results {
            searching: true, ..
        }) = &self.overlay
        {
            self.effects.push(Effect::CancelSearch);
            self.info("search cancelled");
        }
        self.overlay = self.stack.pop();
    }

    /// Leaves the views open now for an article: they wait under it, and closing the article
    /// returns to them.
    pub(super) fn overlays_under_article(&mut self) {
        let mut under = std::mem::take(&mut self.stack);
        under.extend(self.overlay.take());
        self.under_article = under;
    }

    /// Closes the article: back to the view it was opened from, if any, else to the list.
    /// Returns whether there was such a view.
    pub(super) fn return_from_article(&mut self) -> bool {
        let Some(top) = self.under_article.pop() else {
            return false;
        };
        self.stack = std::mem::take(&mut self.under_article);
        self.overlay = Some(top);
        self.focus = Focus::Headlines;
        self.keep_item_visible();
        true
    }

    pub(super) fn overlay_action(&mut self, action: Action) {
        // The same in every view: Q quits, q closes the view on top, ? shows the help over it.
        match (action, &self.overlay) {
            (Action::Quit, _) => return self.quit = true,
            (Action::Close, _) | (Action::ShowHelp, Some(Overlay::Help { .. })) => {
                return self.close_overlay();
            }
            (Action::ShowHelp, _) => return self.push_overlay(Overlay::Help { scroll: 0 }),
            (Action::Command, _) => {
                self.prompt = Some(Prompt::new(PromptKind::Command, String::new()));
                return;
            }
            _ => {}
        }
        if let Action::Click(col, row) = action
            && self.overlay_click(col, row)
        {
            return;
        }
        let Some(overlay) = &mut self.overlay else {
            return;
        };
        match overlay {
            Overlay::Help { scroll } => match action {
                Action::MoveDown => *scroll += 1,
                Action::MoveUp => *scroll = scroll.saturating_sub(1),
                Action::PageDown => *scroll += 10,
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::Back | Action::Open | Action::Click(..) => self.close_overlay(),
                _ => {}
            },
            Overlay::Library { .. } => self.library_action(action),
            Overlay::Bookmarks { .. } => self.bookmarks_action(action),
            Overlay::Photos { .. } | Overlay::Photo { .. } => self.photo_overlay_action(action),
            Overlay::Results {
                hits,
                selected,
                query,
                library,
                ..
            } => match action {
                Action::MoveDown => *selected = (*selected + 1).min(hits.len().saturating_sub(1)),
                Action::MoveUp => *selected = selected.saturating_sub(1),
                Action::Top => *selected = 0,
                Action::Bottom => *selected = hits.len().saturating_sub(1),
                Action::Open => {
                    // The article opens with what matched highlighted: the text the snippet
                    // marks (for `救助 -广告 headline:许昌`, the word found, not the query).
                    let chosen = hits.get(*selected).map(|h| {
                        let matched = h.snippet.get(h.hit.clone()).unwrap_or(query.as_str());
                        (h.at, matched.to_owned())
                    });
                    // The results wait under the article, still arriving if the search runs.
                    if let Some((at, matched)) = chosen {
                        self.overlays_under_article();
                        self.open_at(at);
                        self.start_find(&matched);
                    }
                }
                // `/` edits the query: Enter searches again, Esc keeps these results.
                Action::Search => {
                    let kind = if *library {
                        PromptKind::Library
                    } else {
                        PromptKind::Filter
                    };
                    self.prompt = Some(Prompt::new(kind, query.clone()));
                }
                Action::Back => self.close_overlay(),
                _ => {}
            },
        }
    }

    /// A click on a list overlay (the library, results, bookmarks): on an entry, selects and
    /// opens it (a paper or month heading folds or unfolds, as Enter does); outside the
    /// overlay, closes it. Returns whether the click was taken.
    fn overlay_click(&mut self, col: u16, row: u16) -> bool {
        use super::geometry::{centered_offset, entries_in_view, overlay_area, overlay_inner};
        let body = self.panes().body;
        let inner = overlay_inner(body);
        let point = (col, row).into();
        let lines = usize::from(inner.height);
        let line = usize::from(row.saturating_sub(inner.y));
        let entry = match &self.overlay {
            Some(Overlay::Library { selected }) => {
                let len = self.library_rows().len();
                Some(centered_offset((*selected).min(len.saturating_sub(1)), len, lines) + line)
                    .filter(|&n| n < len)
            }
            Some(Overlay::Results { hits, selected, .. }) => {
                let (_, first) = entries_in_view(*selected, 2, lines);
                Some(first + line / 2).filter(|&n| n < hits.len())
            }
            Some(Overlay::Bookmarks { selected, .. }) => {
                let (_, first) = entries_in_view(*selected, 3, lines);
                Some(first + line / 3).filter(|&n| n < self.bookmarks.len())
            }
            _ => return false,
        };
        if !overlay_area(body).contains(point) {
            self.close_overlay();
            return true;
        }
        let Some(n) = entry.filter(|_| inner.contains(point)) else {
            // The border, the title or the rows below the last entry.
            return true;
        };
        match &mut self.overlay {
            Some(
                Overlay::Library { selected }
                | Overlay::Results { selected, .. }
                | Overlay::Bookmarks { selected, .. },
            ) => *selected = n,
            _ => return false,
        }
        self.overlay_action(Action::Open);
        true
    }

    /// Opens an item in the reader.
    pub fn open_at(&mut self, at: ItemRef) {
        if at.edition != self.edition {
            self.open_edition(at.edition);
        }
        self.page = at.page;
        self.filter.clear();
        self.item = Some(at.item);
        self.focus = Focus::Reader;
        self.keep_page_visible();
        self.keep_item_visible();
        self.sync_reader();
    }

    /// Replaces the bookmarks shown (after the store saved or reloaded them).
    pub fn set_bookmarks(&mut self, list: Vec<Bookmark>) {
        self.bookmarked = list.iter().map(|b| b.article_id.clone()).collect();
        // Looked up here, when the bookmarks change, so that drawing does no I/O.
        self.missing_editions = list
            .iter()
            .filter(|b| {
                self.library.position(&b.edition_id).is_none()
                    && !std::path::Path::new(&b.file).exists()
            })
            .map(|b| b.edition_id.clone())
            .collect();
        self.bookmarks = list;
        if let Some(Overlay::Bookmarks { selected, .. }) = &mut self.overlay {
            *selected = (*selected).min(self.bookmarks.len().saturating_sub(1));
        }
    }

    /// A problem with the files kanbao keeps (bookmarks, reading state), for the status line.
    pub fn store_problem(&mut self, text: String) {
        self.error(text);
    }

    /// `b`: bookmarks the open article (at the place being read) or the selected one; again,
    /// removes the bookmark.
    pub(super) fn toggle_bookmark(&mut self) {
        let reading = self.reading_at();
        let at = match reading {
            Some((at, _)) => at,
            None => match self.item {
                Some(item) => ItemRef {
                    edition: self.edition,
                    page: self.page,
                    item,
                },
                None => return self.info("nothing to bookmark here"),
            },
        };
        let (Some(edition), Some(item)) = (
            self.library.editions.get(at.edition),
            item_at(&self.library.editions, at),
        ) else {
            return;
        };
        if item.kind == ItemKind::Banner {
            return self.info("a banner cannot be bookmarked");
        }
        let id = item.id.clone();
        if self.bookmarked.remove(&id) {
            self.bookmarks.retain(|b| b.article_id != id);
            self.effects.push(Effect::RemoveBookmark { id });
            return self.info("bookmark removed");
        }
        let Some(page) = edition.pages.get(at.page) else {
            return;
        };
        let position = reading.map_or(SavedPosition::default(), |(_, p)| p);
        let bookmark = Bookmark::new(edition, page, item, position);
        self.info(&format!(
            "bookmarked '{}' (B shows bookmarks)",
            bookmark.headline
        ));
        self.bookmarked.insert(id);
        self.bookmarks.insert(0, bookmark.clone());
        self.effects.push(Effect::AddBookmark(Box::new(bookmark)));
    }

    pub(super) fn bookmarks_action(&mut self, action: Action) {
        let count = self.bookmarks.len();
        let Some(Overlay::Bookmarks { selected, undo }) = &mut self.overlay else {
            return;
        };
        match action {
            Action::MoveDown => *selected = (*selected + 1).min(count.saturating_sub(1)),
            Action::MoveUp => *selected = selected.saturating_sub(1),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = count.saturating_sub(1),
            Action::Back | Action::ShowBookmarks => self.close_overlay(),
            Action::Open => {
                let Some(bookmark) = self.bookmarks.get(*selected).cloned() else {
                    return;
                };
                self.overlays_under_article();
                self.open_bookmark(&bookmark);
                if self.focus != Focus::Reader {
                    // It could not be opened: the bookmarks again, with the message.
                    self.return_from_article();
                }
            }
            Action::Delete => {
                if *selected >= count {
                    return;
                }
                let removed = self.bookmarks.remove(*selected);
                self.bookmarked.remove(&removed.article_id);
                self.effects.push(Effect::RemoveBookmark {
                    id: removed.article_id.clone(),
                });
                *undo = Some(Box::new(removed));
                *selected = (*selected).min(self.bookmarks.len().saturating_sub(1));
                self.info("bookmark deleted; u undoes");
            }
            Action::Undo => {
                let Some(back) = undo.take() else {
                    return self.info("nothing to undo");
                };
                let at = self
                    .bookmarks
                    .iter()
                    .position(|b| b.added < back.added)
                    .unwrap_or(self.bookmarks.len());
                *selected = at;
                self.bookmarked.insert(back.article_id.clone());
                self.bookmarks.insert(at, (*back).clone());
                self.effects.push(Effect::AddBookmark(back));
                self.info("bookmark restored");
            }
            Action::EditNote => {
                if let Some(b) = self.bookmarks.get(*selected) {
                    let input = b.note.clone().unwrap_or_default();
                    self.prompt = Some(Prompt::new(PromptKind::Note, input));
                }
            }
            _ => {}
        }
    }

    pub(super) fn commit_note(&mut self, input: &str) {
        let Some(Overlay::Bookmarks { selected, .. }) = &self.overlay else {
            return;
        };
        let Some(b) = self.bookmarks.get_mut(*selected) else {
            return;
        };
        let note = Some(input.trim().to_owned()).filter(|n| !n.is_empty());
        b.note.clone_from(&note);
        let id = b.article_id.clone();
        self.effects.push(Effect::SetNote { id, note });
        self.info("note saved");
    }

    /// Opens a bookmark at its saved place: by article id in its edition (loading the edition
    /// from its file when the library does not have it), else by its headline there.
    pub fn open_bookmark(&mut self, bookmark: &Bookmark) {
        let edition = self.library.position(&bookmark.edition_id).or_else(|| {
            // A feed file holds several editions: the bookmark's is found by its id.
            let first = self.library.add_path(std::path::Path::new(&bookmark.file));
            self.library.position(&bookmark.edition_id).or(first)
        });
        let Some(edition) = edition else {
            return self.error(format!(
                "'{}' is in {}, which kanbao cannot find; d in B deletes the bookmark",
                bookmark.headline, bookmark.file
            ));
        };
        self.order = recent_first(&self.library.editions);
        if let Err(problem) = self.library.ensure_loaded(edition) {
            return self.error(format!("{problem}"));
        }
        let same_story = |at: &ItemRef| {
            item_at(&self.library.editions, *at)
                .is_some_and(|i| i.headline.as_deref().is_none_or(|h| h == bookmark.headline))
        };
        let at = story::find_item(&self.library.editions, edition, &bookmark.article_id)
            .filter(same_story)
            .or_else(|| self.find_by_headline(edition, &bookmark.headline));
        let Some(at) = at else {
            return self.error(format!(
                "'{}' is no longer in its edition; d in B deletes the bookmark",
                bookmark.headline
            ));
        };
        self.open_at(at);
        self.go_to(at, bookmark.position);
    }

    pub(super) fn find_by_headline(&self, edition: usize, headline: &str) -> Option<ItemRef> {
        let e = self.library.editions.get(edition)?;
        e.pages.iter().enumerate().find_map(|(page, p)| {
            p.items
                .iter()
                .position(|i| i.headline.as_deref() == Some(headline))
                .map(|item| ItemRef {
                    edition,
                    page,
                    item,
                })
        })
    }

    /// Scrolls the open story to a saved place in part `at` (the top when it no longer fits
    /// the text).
    pub(super) fn go_to(&mut self, at: ItemRef, position: SavedPosition) {
        let rows = self.reader_rows();
        let spread = self.spread();
        let valid = item_at(&self.library.editions, at)
            .and_then(|i| i.body.get(position.paragraph))
            .is_some_and(|b| position.byte <= b.text().len());
        let Some(reader) = &mut self.reader else {
            return;
        };
        let Some(part) = reader.story.parts.iter().position(|p| *p == at) else {
            return;
        };
        let pos = valid.then_some(crate::typeset::Position {
            block_idx: position.paragraph,
            byte_idx: position.byte,
        });
        reader.anchor = StoryPosition {
            part,
            at: pos.filter(|p| p.block_idx > 0 || p.byte_idx > 0),
        };
        reader.top =
            reader
                .story
                .line_of_position(reader.anchor)
                .min(max_top(&reader.story, &spread, rows));
    }

    /// Reopens the article and place the reader left last time, when the library still has them.
    pub fn restore(&mut self, last: &LastRead) {
        let Some(edition) = self.library.position(&last.edition_id) else {
            return;
        };
        if edition != self.edition {
            self.open_edition(edition);
        }
        if self.library.ensure_loaded(edition).is_err() {
            return;
        }
        let Some(at) = story::find_item(&self.library.editions, edition, &last.article_id) else {
            return;
        };
        self.open_at(at);
        self.go_to(at, last.position);
        self.status = None;
    }
}
