//! Finding: the in-article find, the headline filter and the edition's full-text results, and
//! library-wide search as its results arrive.

use super::reading::max_top;
use super::{
    Action, App, Effect, Hit, ItemRef, LiveBase, Needle, Overlay, PromptKind, Spread, Status, find,
};
use crate::library::search::{Place, Query};

impl App {
    pub(super) fn prompt_action(&mut self, action: Action) {
        if self.prompt.is_none() {
            return;
        }
        match action {
            Action::Input(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            Action::DeleteChar => self.delete_back(),
            Action::Edit(edit) => self.edit_prompt(edit),
            Action::Back => {
                let kind = self.prompt.take().map(|p| p.kind);
                match kind {
                    Some(PromptKind::Papers) => {
                        self.papers_filter_changed(None);
                        self.papers_anchor = None;
                    }
                    Some(PromptKind::Library) => self.drop_live_results(),
                    _ => {}
                }
                self.keep_item_visible();
            }
            Action::Open => {
                let Some(prompt) = self.prompt.take() else {
                    return;
                };
                self.remember_query(prompt.kind, &prompt.input);
                let live = self.live_base.take();
                match prompt.kind {
                    // From an edition's results: the edition searched again.
                    PromptKind::Filter if self.overlay.is_some() => {
                        self.search_edition_again(prompt.input);
                    }
                    PromptKind::Filter => self.commit_filter(prompt.input),
                    PromptKind::Find => self.start_find(&prompt.input),
                    PromptKind::Note => self.commit_note(&prompt.input),
                    PromptKind::Command => self.run_command(&prompt.input),
                    PromptKind::Papers => {
                        self.papers_anchor = None;
                        self.set_paper_filter(&prompt.input);
                    }
                    // The results typed live are kept; a query not searched yet, or one that
                    // found nothing or could not be read, is searched again to say so.
                    PromptKind::Library if live.is_some() && self.results_for(&prompt.input) => {
                        self.say_results();
                    }
                    PromptKind::Library => self.start_library_search(prompt.input),
                }
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    /// `/` Enter in an edition's results: the results for the new query replace them.
    fn search_edition_again(&mut self, query: String) {
        if query.trim().is_empty() {
            return;
        }
        let hits = self.full_text(&query);
        if hits.is_empty() {
            return self.error(format!("'{query}' is not in this edition"));
        }
        self.info(&format!("{} article(s) mention '{query}'", hits.len()));
        self.overlay = Some(Overlay::Results {
            query,
            hits,
            selected: 0,
            searching: false,
            library: false,
        });
    }

    /// The filter prompt's text changed: the list starts at the top, and a selection the
    /// filter now hides moves to the first headline it shows.
    pub(super) fn filter_changed(&mut self) {
        self.refresh_filter_needle();
        self.item_offset = 0;
        let visible = self.visible_items();
        if !self.item.is_some_and(|i| visible.contains(&i)) {
            self.item = visible.into_iter().find(|&i| self.is_selectable(i));
            self.sync_reader();
        }
    }

    pub(super) fn commit_filter(&mut self, query: String) {
        if query.is_empty() {
            self.filter.clear();
            self.select_first_item();
            return;
        }
        self.filter = query;
        if self.visible_items().is_empty() {
            // No headline matches: search the whole edition's text instead.
            let query = std::mem::take(&mut self.filter);
            let hits = self.full_text(&query);
            if hits.is_empty() {
                self.error(format!("'{query}' is not in this edition"));
            } else {
                self.info(&format!("{} article(s) mention '{query}'", hits.len()));
                self.open_overlay(Overlay::Results {
                    query,
                    hits,
                    selected: 0,
                    searching: false,
                    library: false,
                });
            }
            self.select_first_item();
            return;
        }
        if !self.item.is_some_and(|i| self.visible_items().contains(&i)) {
            self.select_first_item();
        }
        let n = self.visible_items().len();
        self.info(&format!("{n} headline(s) match; Esc clears the filter"));
    }

    /// Every item of the current edition that `query` finds, with a snippet. The query
    /// language of library search applies (words ANDed, "phrases", -exclusions, OR, fields);
    /// a query that does not parse as one is looked for as written.
    pub fn full_text(&self, query: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let parsed = Query::parse(query)
            .ok()
            .or_else(|| Needle::new(query).ok().map(|n| Query::from(&n)));
        let (Some(edition), Some(query)) = (self.current_edition(), parsed) else {
            return hits;
        };
        for (p, page) in edition.pages.iter().enumerate() {
            let place = Place {
                paper: edition.paper.as_deref(),
                name_paper: None,
                page_label: &page.label,
                page_name: page.name.as_deref(),
            };
            for (i, item) in page.items.iter().enumerate() {
                if let Some((_, text, hit)) = query.matches(item, place) {
                    let (snippet, hit) = crate::library::search::snippet(text, hit, 32);
                    let zh = edition.is_chinese();
                    let title = format!("{} · {}", page.title(zh), item.title());
                    hits.push(Hit {
                        at: ItemRef {
                            edition: self.edition,
                            page: p,
                            item: i,
                        },
                        title,
                        zh,
                        snippet,
                        hit,
                    });
                }
            }
        }
        hits
    }

    pub(super) fn start_find(&mut self, query: &str) {
        if query.is_empty() {
            if let Some(r) = &mut self.reader {
                r.find = None;
            }
            return;
        }
        let rows = self.reader_rows();
        let spread = self.spread();
        let editions = &self.library.editions;
        let Some(reader) = &mut self.reader else {
            return;
        };
        let find = find::Find::new(query, &reader.story, editions);
        let count = find.matches.len();
        reader.find = Some(find);
        if count == 0 {
            self.error(format!("'{query}' is not in this article"));
            return;
        }
        // The first match at or after the current top.
        if let Some(f) = &mut reader.find {
            f.current = f
                .matches
                .iter()
                .position(|m| m.line >= reader.top)
                .unwrap_or(0);
        }
        self.show_current_match(rows, spread);
    }

    pub(super) fn step_match(&mut self, delta: isize) {
        let rows = self.reader_rows();
        let spread = self.spread();
        let Some(find) = self.reader.as_mut().and_then(|r| r.find.as_mut()) else {
            self.info("no search: / finds in the article");
            return;
        };
        if find.matches.is_empty() {
            let message = format!("'{}' is not in this article", find.query);
            self.error(message);
            return;
        }
        let n = find.matches.len();
        find.current = if delta >= 0 {
            (find.current + 1) % n
        } else {
            (find.current + n - 1) % n
        };
        self.show_current_match(rows, spread);
    }

    pub(super) fn show_current_match(&mut self, rows: usize, spread: Spread) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let Some(find) = &reader.find else { return };
        let Some(m) = find.matches.get(find.current) else {
            return;
        };
        let shown = reader.placement(&spread, rows).shown();
        if !shown.contains(&m.line) {
            reader.top = m
                .line
                .saturating_sub(rows / 3)
                .min(max_top(&reader.story, &spread, rows));
            reader.anchor = reader.story.position_of_line(reader.top);
        }
        let text = format!(
            "match {} of {} for '{}'",
            find.current + 1,
            find.matches.len(),
            find.query
        );
        self.status = Some(Status { text, error: false });
    }

    /// Whether the view on top is the library search's results for `query`, running or with
    /// something found.
    fn results_for(&self, query: &str) -> bool {
        matches!(
            &self.overlay,
            Some(Overlay::Results { query: q, library: true, searching, hits, .. })
                if q == query && (*searching || !hits.is_empty())
        )
    }

    /// The status line for the results on top: what is found so far, or in all.
    fn say_results(&mut self) {
        let Some(Overlay::Results {
            query,
            hits,
            searching,
            ..
        }) = &self.overlay
        else {
            return;
        };
        let n = hits.len();
        let text = if *searching {
            format!("{n} found so far… Esc stops")
        } else {
            format!("{n} article(s) mention '{query}'")
        };
        self.info(&text);
    }

    /// The library search prompt's text changed: the results follow it as it is typed, over
    /// the library (or in place of the results it edits). The searcher cancels the running
    /// search and waits a moment for the next key before it starts.
    pub(super) fn search_library_live(&mut self) {
        let Some(query) = self.prompt.as_ref().map(|p| p.input.clone()) else {
            return;
        };
        if self.live_base.is_none() {
            self.live_base = Some(match &self.overlay {
                Some(results @ Overlay::Results { .. }) => {
                    LiveBase::Results(Box::new(results.clone()))
                }
                _ => LiveBase::Library,
            });
        }
        if query.trim().is_empty() {
            // Nothing to look for: the view the prompt was opened over, as it was.
            self.drop_live_results();
            return;
        }
        self.start_library_search(query);
    }

    /// Esc in the library search prompt (or a query typed away): the results typed live are
    /// dropped and the view the prompt was opened over is shown as it was.
    pub(super) fn drop_live_results(&mut self) {
        match self.live_base.take() {
            None => return,
            Some(LiveBase::Library) => {
                if matches!(self.overlay, Some(Overlay::Results { .. })) {
                    self.close_overlay();
                }
            }
            Some(LiveBase::Results(results)) => {
                if let Some(Overlay::Results {
                    searching: true, ..
                }) = &self.overlay
                {
                    self.effects.push(Effect::CancelSearch);
                }
                let mut results = *results;
                if let Overlay::Results { searching, .. } = &mut results {
                    *searching = false;
                }
                self.overlay = Some(results);
            }
        }
        self.status = None;
    }

    pub(super) fn start_library_search(&mut self, query: String) {
        if query.trim().is_empty() {
            return;
        }
        let results = Overlay::Results {
            query: query.clone(),
            hits: Vec::new(),
            selected: 0,
            searching: true,
            library: true,
        };
        // New results over the library; a query edited in the results replaces them.
        if matches!(self.overlay, Some(Overlay::Results { .. })) {
            self.overlay = Some(results);
        } else {
            self.push_overlay(results);
        }
        self.info(&format!(
            "searching {} editions for '{query}'… Esc stops",
            self.library.editions.len()
        ));
        self.effects.push(Effect::SearchLibrary { query });
    }

    /// Results of the background search as they arrive (one edition's worth at a time). Kept
    /// newest first; ignored when the results view was closed meanwhile.
    pub fn library_results(&mut self, mut found: Vec<(Option<String>, Hit)>) {
        let Some(Overlay::Results {
            hits,
            searching: true,
            ..
        }) = self.running_results()
        else {
            return;
        };
        let shown = std::mem::take(hits);
        // Newest first, a batch after the results of its date already shown: one merge of two
        // sorted lists, so a batch of a hundred thousand (from the index) costs no more than
        // its length.
        found.sort_by(|a, b| b.0.cmp(&a.0));
        let editions = &self.library.editions;
        let date_of = |h: &Hit| editions.get(h.at.edition).and_then(|e| e.date.clone());
        let mut merged = Vec::with_capacity(shown.len() + found.len());
        let mut found = found.into_iter().peekable();
        for hit in shown {
            let date = date_of(&hit);
            while let Some((_, new)) = found.next_if(|(d, _)| *d > date) {
                merged.push(new);
            }
            merged.push(hit);
        }
        merged.extend(found.map(|(_, hit)| hit));
        let n = merged.len();
        if let Some(Overlay::Results { hits, .. }) = self.running_results() {
            *hits = merged;
        }
        if matches!(self.overlay, Some(Overlay::Results { .. })) {
            self.status = Some(Status {
                text: format!("{n} found so far… Esc stops"),
                error: false,
            });
        }
    }

    /// The results of the library search that is running, wherever they wait: on top, under
    /// the help, or under the article opened from them.
    fn running_results(&mut self) -> Option<&mut Overlay> {
        self.overlay
            .iter_mut()
            .chain(self.stack.iter_mut())
            .chain(self.under_article.iter_mut())
            .find(|o| {
                matches!(
                    o,
                    Overlay::Results {
                        searching: true,
                        ..
                    }
                )
            })
    }

    /// The background search finished (or was stopped).
    /// The library search could not start: its query does not parse. `message` says what to
    /// write instead.
    pub fn library_search_refused(&mut self, message: String) {
        if let Some(Overlay::Results { searching, .. }) = self.running_results() {
            *searching = false;
        }
        self.error(message);
    }

    pub fn library_search_done(&mut self, problems: usize) {
        let shown = matches!(self.overlay, Some(Overlay::Results { .. }));
        let Some(Overlay::Results {
            hits,
            searching,
            query,
            ..
        }) = self.running_results()
        else {
            return;
        };
        *searching = false;
        let n = hits.len();
        let text = match (n, problems) {
            (0, _) => format!("'{query}' is in no edition of the library"),
            (n, 0) => format!("{n} article(s) mention '{query}'"),
            (n, p) => format!("{n} article(s) mention '{query}'; {p} file(s) could not be read"),
        };
        if shown {
            self.status = Some(Status {
                text,
                error: n == 0,
            });
        }
    }
}
