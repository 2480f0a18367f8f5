//! The reader's state and every change to it: [`App`], [`Action`], [`App::update`]. No drawing
//! and no terminal I/O: the event loop maps input to actions, `update` applies them, and the UI
//! draws the result.

pub mod action;
pub mod find;
pub mod geometry;
pub mod spread;
pub mod story;
pub mod text_match;

use std::collections::HashSet;
use std::ops::Range;

pub use action::Action;
use geometry::{Panes, inner};
use spread::{Placed, Spread};
use story::{ItemRef, Story, StoryLine, StoryPosition, item_at};

use crate::edition::{Edition, Item, ItemKind};
use crate::library::Library;
use crate::library::search::Needle;
use crate::store::{Bookmark, LastRead, SavedPosition};
use crate::typeset::Options;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Pages,
    Headlines,
    Reader,
}

/// A window over the panes that takes keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Every binding; `scroll` is the first row shown.
    Help { scroll: usize },
    /// Every edition, most recent first; `selected` indexes [`App::order`].
    Library { selected: usize },
    /// Edition-wide full-text results.
    Results {
        query: String,
        hits: Vec<Hit>,
        selected: usize,
        /// A library-wide search still running in the background.
        searching: bool,
    },
    /// Saved bookmarks, newest first; `undo` holds the last one deleted.
    Bookmarks {
        selected: usize,
        undo: Option<Box<Bookmark>>,
    },
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub at: ItemRef,
    /// What the result is: `第1版 · headline`, or with paper and date for a library search.
    pub title: String,
    /// The edition is Chinese (punctuation is shown normalised).
    pub zh: bool,
    /// Text around the first match, with `…` where cut.
    pub snippet: String,
    /// The match within `snippet` (bytes).
    pub hit: Range<usize>,
}

/// What a prompt in the status line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Filters the headline list as you type.
    Filter,
    /// Finds within the open article.
    Find,
    /// Edits the selected bookmark's note.
    Note,
    /// Searches every edition of the library (from the library view).
    Library,
}

/// Text being typed in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The open story and where the reader is in it.
#[derive(Debug, Clone)]
pub struct Reader {
    pub story: Story,
    /// First line shown.
    pub top: usize,
    /// The position `top` stands for; survives re-layout.
    pub anchor: StoryPosition,
    pub find: Option<find::Find>,
}

impl Reader {
    /// The lines shown from `top`, arranged in the spread's columns.
    pub fn placement(&self, spread: &Spread, rows: usize) -> Placed {
        let span = self.story.span_lines;
        spread.place(self.story.lines.len(), self.top, rows, |i| i < span)
    }
}

/// Everything the reader shows, and nothing about how.
#[derive(Debug)]
pub struct App {
    pub library: Library,
    /// Edition indices, most recent first (the library view's order).
    pub order: Vec<usize>,
    pub edition: usize,
    pub page: usize,
    /// Selected item on the page (an index into `items`), if the page has any.
    pub item: Option<usize>,
    /// First page shown in the pages list.
    pub page_offset: usize,
    /// First row shown in the headline list.
    pub item_offset: usize,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub prompt: Option<Prompt>,
    /// The headline filter in force (empty: none).
    pub filter: String,
    pub reader: Option<Reader>,
    pub status: Option<Status>,
    /// What a background fetch is doing, while one runs (shown when no message is).
    pub fetching: Option<String>,
    pub cols: u16,
    pub rows: u16,
    pub options: Options,
    /// Show stored text without punctuation normalisation.
    pub raw: bool,
    pub quit: bool,
    /// Saved bookmarks, newest first, as the bookmarks view shows them.
    pub bookmarks: Vec<Bookmark>,
    /// Ids of bookmarked articles (the headline list's ★).
    pub bookmarked: HashSet<String>,
    /// Edition ids of bookmarks whose edition is neither in the library nor at its saved path.
    pub missing_editions: HashSet<String>,
    /// Ids of articles opened in the reader (the list's • marks the others).
    pub read: HashSet<String>,
    /// Work for the event loop (saving, searching), in order; see [`App::take_effects`].
    effects: Vec<Effect>,
    /// The live filter compiled, when it is not blank. Brought up to date after every change
    /// (`refresh_filter_needle`) and used only while its query is the live filter, so the list
    /// is not filtered with a needle compiled again for every call.
    filter_needle: Option<Needle>,
}

/// Work `update` asks the event loop to do: writing to disk, background searches. The loop
/// drains them after every update with [`App::take_effects`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Remember that an article was read.
    MarkRead {
        id: String,
    },
    /// Save a new bookmark (or a deleted one again).
    AddBookmark(Box<Bookmark>),
    RemoveBookmark {
        id: String,
    },
    SetNote {
        id: String,
        note: Option<String>,
    },
    /// Where the reader left a bookmarked article.
    SetPosition {
        id: String,
        position: SavedPosition,
    },
    /// The article and place to reopen at next start.
    SetLast(LastRead),
    /// Fetch every configured source in the background; news comes back through
    /// [`App::fetch_progress`], [`App::fetch_landed`] and [`App::fetch_done`].
    StartFetch,
    /// Stop the background fetch (between two requests).
    CancelFetch,
    /// Search every edition for `query` in the background; results come back through
    /// [`App::library_results`] and [`App::library_search_done`].
    SearchLibrary {
        query: String,
    },
    /// Stop the background search.
    CancelSearch,
    /// Give the terminal back and stop as a shell job (Ctrl-z); on `fg` the loop takes the
    /// terminal again and redraws the whole screen. The app's state is untouched.
    Suspend,
    /// Put this text on the clipboard (`y`); the loop says where it went.
    Copy {
        text: String,
    },
    /// Open this link in a browser (`o`), without waiting for it.
    OpenLink {
        link: String,
    },
}

impl App {
    /// A reader on `library`, opened at its most recent edition.
    pub fn new(library: Library, options: Options, cols: u16, rows: u16) -> App {
        let order = recent_first(&library.editions);
        let edition = order.first().copied().unwrap_or(0);
        let mut app = App {
            library,
            order,
            edition,
            page: 0,
            item: None,
            page_offset: 0,
            item_offset: 0,
            focus: Focus::Headlines,
            overlay: None,
            prompt: None,
            filter: String::new(),
            reader: None,
            status: None,
            cols,
            rows,
            options,
            raw: false,
            quit: false,
            bookmarks: Vec::new(),
            bookmarked: HashSet::new(),
            missing_editions: HashSet::new(),
            read: HashSet::new(),
            effects: Vec::new(),
            fetching: None,
            filter_needle: None,
        };
        // Files no reader takes (an image beside the papers) are news, not errors.
        let (skipped, problems): (Vec<_>, Vec<_>) = app
            .library
            .diagnostics
            .iter()
            .partition(|d| d.message.starts_with("skipped:"));
        if let Some(first) = problems.first() {
            app.status = Some(Status {
                text: format!("{first} (kanbao check lists all)"),
                error: true,
            });
        } else if !skipped.is_empty() {
            app.status = Some(Status {
                text: format!(
                    "skipped {} file(s) that are not editions (kanbao check lists them)",
                    skipped.len()
                ),
                error: false,
            });
        }
        if app.library.editions.is_empty() {
            app.status = Some(Status {
                text: "no editions found: give a file or folder with -L".to_owned(),
                error: true,
            });
        }
        app.load_current();
        app.select_first_item();
        app
    }

    /// Parses the current edition if the library holds only its metadata (a lazily discovered
    /// archive). A file that cannot be read is reported in the status line; false then.
    fn load_current(&mut self) -> bool {
        match self.library.ensure_loaded(self.edition) {
            Ok(()) => true,
            Err(problem) => {
                self.error(format!("{problem}"));
                false
            }
        }
    }

    pub fn editions(&self) -> &[Edition] {
        &self.library.editions
    }

    pub fn current_edition(&self) -> Option<&Edition> {
        self.library.editions.get(self.edition)
    }

    pub fn current_page(&self) -> Option<&crate::edition::Page> {
        self.current_edition()?.pages.get(self.page)
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.current_page()?.items.get(self.item?)
    }

    pub fn panes(&self) -> Panes {
        Panes::compute(self.cols, self.rows, self.focus)
    }

    /// Indices of the current page's items that pass the filter (banners only when unfiltered).
    pub fn visible_items(&self) -> Vec<usize> {
        let Some(page) = self.current_page() else {
            return Vec::new();
        };
        // An empty (or all-blank) filter shows everything.
        let live = self.live_filter();
        let compiled;
        let needle = match &self.filter_needle {
            Some(needle) if needle.query() == live => Some(needle),
            _ => {
                compiled = Needle::new(live).ok();
                compiled.as_ref()
            }
        };
        page.items
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                needle.is_none_or(|n| item.kind != ItemKind::Banner && item_matches(item, n))
            })
            .map(|(idx, _)| idx)
            .collect()
    }

    /// The filter as typed so far (while the prompt is open) or as committed.
    pub fn live_filter(&self) -> &str {
        match &self.prompt {
            Some(Prompt {
                kind: PromptKind::Filter,
                input,
            }) => input,
            _ => &self.filter,
        }
    }

    /// The work queued by the last updates, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Marks the article open in the reader as read.
    fn mark_read(&mut self) {
        if self.focus != Focus::Reader {
            return;
        }
        let Some(item) = self.selected_item() else {
            return;
        };
        if item.kind == ItemKind::Article && !self.read.contains(&item.id) {
            let id = item.id.clone();
            self.read.insert(id.clone());
            self.effects.push(Effect::MarkRead { id });
        }
    }

    /// Applies one action. Every state change happens here.
    pub fn update(&mut self, action: Action) {
        if action == Action::Suspend {
            // Nothing changes: prompt, overlay and place are all there after `fg`.
            self.effects.push(Effect::Suspend);
            return;
        }
        let reading_before = self.reading_at();
        self.dispatch(action);
        self.mark_read();
        // Leaving an article (another one, another pane, quitting) saves where the reader was.
        if let Some((at, position)) = reading_before {
            let now = self.reading_at().map(|(a, _)| a);
            if self.quit || now != Some(at) {
                self.save_place(at, position);
            }
        }
        self.refresh_filter_needle();
    }

    /// Text typed or pasted into the open prompt, added at once: each line is sanitised (escape
    /// sequences and other controls dropped), line breaks and tabs become spaces, and the
    /// headline filter is worked out once for the whole text. Without a prompt this does
    /// nothing, so pasted text is never taken for commands.
    pub fn insert(&mut self, text: &str) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        self.status = None;
        push_one_line(&mut prompt.input, text);
        if prompt.kind == PromptKind::Filter {
            self.filter_changed();
        }
    }

    /// Compiles the live filter again if it changed since the last time.
    fn refresh_filter_needle(&mut self) {
        let live = self.live_filter();
        if self.filter_needle.as_ref().map(Needle::query) != Some(live) {
            self.filter_needle = Needle::new(live).ok();
        }
    }

    /// The article open in the reader and the place in it, while the reader has the keyboard.
    fn reading_at(&self) -> Option<(ItemRef, SavedPosition)> {
        if self.focus != Focus::Reader {
            return None;
        }
        let reader = self.reader.as_ref()?;
        let at = *reader.story.parts.get(reader.anchor.part)?;
        let position = reader
            .anchor
            .at
            .map_or(SavedPosition::default(), |p| SavedPosition {
                paragraph: p.block_idx,
                byte: p.byte_idx,
            });
        Some((at, position))
    }

    fn save_place(&mut self, at: ItemRef, position: SavedPosition) {
        let Some(edition) = self.library.editions.get(at.edition) else {
            return;
        };
        let Some(item) = item_at(&self.library.editions, at) else {
            return;
        };
        let id = item.id.clone();
        let last = LastRead {
            edition_id: edition.id.clone(),
            article_id: id.clone(),
            position,
        };
        if let Some(b) = self.bookmarks.iter_mut().find(|b| b.article_id == id)
            && b.position != position
        {
            b.position = position;
            self.effects.push(Effect::SetPosition { id, position });
        }
        self.effects.push(Effect::SetLast(last));
    }

    fn dispatch(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..)) {
            self.status = None;
        }
        if let Action::Resize(cols, rows) = action {
            self.resize(cols, rows);
            return;
        }
        if self.prompt.is_none() && self.fetch_action(action) {
            return;
        }
        if self.prompt.is_some() {
            self.prompt_action(action);
        } else if self.overlay.is_some() {
            self.overlay_action(action);
        } else {
            self.main_action(action);
        }
    }

    /// `F` starts a fetch, and while one runs Esc stops it (before anything else Esc does).
    /// Returns whether the action was taken.
    fn fetch_action(&mut self, action: Action) -> bool {
        match (action, self.fetching.is_some()) {
            (Action::Fetch, false) => {
                self.fetching = Some("fetching…".to_owned());
                self.effects.push(Effect::StartFetch);
                true
            }
            (Action::Fetch, true) => {
                self.info("a fetch is running; Esc stops it");
                true
            }
            (Action::Back, true) => {
                self.fetching = None;
                self.effects.push(Effect::CancelFetch);
                self.info("fetch stopped; what was complete is kept");
                true
            }
            _ => false,
        }
    }

    /// What the background fetch is doing now.
    pub fn fetch_progress(&mut self, text: String) {
        if self.fetching.is_some() {
            self.fetching = Some(text);
        }
    }

    /// A fetched edition was written at `path`: it joins the library at once (or is read again
    /// when the library had it, incomplete).
    pub fn fetch_landed(&mut self, path: &std::path::Path) {
        let current = self
            .library
            .editions
            .get(self.edition)
            .map(|e| e.id.clone());
        if let Some(idx) = self.library.refresh_path(path) {
            self.order = recent_first(&self.library.editions);
            if idx == self.edition || current.is_none() {
                self.edition = idx;
                self.load_current();
                self.select_first_item();
            }
        }
    }

    /// The background fetch ended: `text` says what it brought, `error` whether it failed.
    pub fn fetch_done(&mut self, text: String, error: bool) {
        if self.fetching.take().is_some() {
            self.status = Some(Status { text, error });
        }
    }

    fn main_action(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::Open => self.open(),
            Action::Back => self.back(),
            Action::NextPane => self.next_pane(),
            Action::PrevPage => self.change_page(-1),
            Action::NextPage => self.change_page(1),
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::PageDown => self.page_by(1),
            Action::PageUp => self.page_by(-1),
            Action::Top => self.jump_end(false),
            Action::Bottom => self.jump_end(true),
            Action::Search => {
                let kind = if self.focus == Focus::Reader {
                    PromptKind::Find
                } else {
                    PromptKind::Filter
                };
                let input = if kind == PromptKind::Filter {
                    self.filter.clone()
                } else {
                    String::new()
                };
                self.prompt = Some(Prompt { kind, input });
            }
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            Action::FollowContinuation => self.follow(),
            Action::ToggleRaw => {
                self.raw = !self.raw;
                self.relayout();
                self.info(if self.raw {
                    "showing the stored text as written (r: normalised)"
                } else {
                    "showing normalised punctuation (r: as written)"
                });
            }
            Action::ToggleBookmark => self.toggle_bookmark(),
            Action::ShowBookmarks => {
                self.overlay = Some(Overlay::Bookmarks {
                    selected: 0,
                    undo: None,
                });
            }
            Action::Delete | Action::Undo | Action::EditNote => {
                self.info("B shows the bookmarks, where d deletes, u undoes and e edits the note");
            }
            Action::ShowLibrary => {
                let selected = self
                    .order
                    .iter()
                    .position(|&e| e == self.edition)
                    .unwrap_or(0);
                self.overlay = Some(Overlay::Library { selected });
            }
            Action::ShowHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::PrevEdition => self.step_edition(-1),
            Action::NextEdition => self.step_edition(1),
            Action::CopyArticle => self.copy_article(),
            Action::OpenLink => self.open_link(),
            Action::Click(col, row) => self.click(col, row),
            Action::Scroll(col, row, delta) => self.wheel(col, row, delta),
            // Fetch is taken by `fetch_action` and Suspend by `update` before the panes see them.
            Action::Input(_)
            | Action::DeleteChar
            | Action::Resize(..)
            | Action::Fetch
            | Action::Suspend => {}
        }
    }

    /// The article `y` and `o` act on: the part being read in the reader, else the selection.
    fn article_in_view(&self) -> Option<ItemRef> {
        if self.focus == Focus::Reader
            && let Some(reader) = &self.reader
        {
            return reader.story.parts.get(reader.anchor.part).copied();
        }
        Some(ItemRef {
            edition: self.edition,
            page: self.page,
            item: self.item?,
        })
    }

    /// `y`: the article as plain text, to the clipboard.
    fn copy_article(&mut self) {
        let Some(at) = self.article_in_view() else {
            self.error("no article to copy".to_owned());
            return;
        };
        let editions = &self.library.editions;
        let (Some(edition), Some(item)) = (editions.get(at.edition), item_at(editions, at)) else {
            return;
        };
        let label = edition.pages.get(at.page).map_or("", |p| p.label.as_str());
        let text = crate::handoff::plain_text(edition, label, item);
        self.effects.push(Effect::Copy { text });
    }

    /// `o`: the article's source page in a browser.
    fn open_link(&mut self) {
        let link = self
            .article_in_view()
            .and_then(|at| item_at(&self.library.editions, at))
            .and_then(|item| item.link.clone());
        match link {
            Some(link) => self.effects.push(Effect::OpenLink { link }),
            None => self.error(
                "this article has no source link (articles from feeds and kanbao fetch have one)"
                    .to_owned(),
            ),
        }
    }

    /// What became of a copy or a browser start: for the status line.
    pub fn handed_off(&mut self, outcome: Result<String, String>) {
        match outcome {
            Ok(text) => self.info(&text),
            Err(text) => self.error(text),
        }
    }

    /// Ctrl-z could not suspend: nothing would bring kanbao back (see `tui`'s job control).
    pub fn suspend_refused(&mut self) {
        self.error(
            "Ctrl-z: no shell to return to (kanbao was not started from a shell with job \
             control); q quits"
                .to_owned(),
        );
    }

    fn info(&mut self, text: &str) {
        self.status = Some(Status {
            text: text.to_owned(),
            error: false,
        });
    }

    fn error(&mut self, text: String) {
        self.status = Some(Status { text, error: true });
    }

    // ----- selection and lists -------------------------------------------------------------

    fn select_first_item(&mut self) {
        self.item = self
            .visible_items()
            .into_iter()
            .find(|&i| self.is_selectable(i));
        self.item_offset = 0;
        self.sync_reader();
    }

    fn is_selectable(&self, idx: usize) -> bool {
        self.current_page()
            .and_then(|p| p.items.get(idx))
            .is_some_and(|i| i.kind != ItemKind::Banner)
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Pages => self.change_page(delta),
            Focus::Headlines => self.move_item(delta),
            Focus::Reader => self.scroll_reader(delta),
        }
    }

    fn move_item(&mut self, delta: isize) {
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

    fn change_page(&mut self, delta: isize) {
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

    fn list_rows(&self) -> usize {
        self.panes()
            .headlines
            .map_or(10, |r| usize::from(inner(r).height))
            .max(1)
    }

    fn keep_item_visible(&mut self) {
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

    fn keep_page_visible(&mut self) {
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

    fn open(&mut self) {
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

    fn back(&mut self) {
        match self.focus {
            Focus::Reader => {
                if self
                    .reader
                    .as_mut()
                    .is_some_and(|r| r.find.take().is_some())
                {
                    return;
                }
                self.focus = Focus::Headlines;
                self.keep_item_visible();
            }
            Focus::Headlines if !self.filter.is_empty() => {
                self.filter.clear();
                self.keep_item_visible();
            }
            Focus::Headlines => self.focus = Focus::Pages,
            Focus::Pages => self.info("q quits"),
        }
    }

    fn next_pane(&mut self) {
        self.focus = match self.focus {
            Focus::Pages => Focus::Headlines,
            Focus::Headlines if self.item.is_some() => Focus::Reader,
            Focus::Headlines | Focus::Reader => Focus::Pages,
        };
        self.keep_item_visible();
        self.keep_page_visible();
    }

    /// 下一篇 / 上一篇: the next selectable item, crossing into the next page at the end of one.
    fn step_article(&mut self, delta: isize) {
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

    fn step_edition(&mut self, delta: isize) {
        let Some(current) = self.current_edition() else {
            return;
        };
        let paper = current.paper.clone();
        let mut same: Vec<usize> = (0..self.library.editions.len())
            .filter(|&i| self.library.editions[i].paper == paper)
            .collect();
        same.sort_by(|&a, &b| {
            self.library.editions[a]
                .date
                .cmp(&self.library.editions[b].date)
        });
        let pos = same.iter().position(|&i| i == self.edition).unwrap_or(0);
        if let Some(&next) = pos.checked_add_signed(delta).and_then(|p| same.get(p)) {
            self.open_edition(next);
        } else {
            let which = if delta < 0 { "earlier" } else { "later" };
            self.info(&format!("no {which} edition of this paper in the library"));
        }
    }

    fn open_edition(&mut self, edition: usize) {
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

    // ----- the reader ----------------------------------------------------------------------

    /// Width the reader sets text for (inside its border).
    pub fn reader_cols(&self) -> usize {
        let panes = Panes::compute(self.cols, self.rows, Focus::Reader);
        panes
            .reader
            .map_or(usize::from(self.cols), |r| usize::from(inner(r).width))
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
    fn story_widths(&self) -> (usize, Option<usize>) {
        let spread = self.spread();
        if spread.count > 1 {
            (spread.col_cols, Some(spread.span_cols()))
        } else {
            (self.reader_cols(), None)
        }
    }

    /// Rows of text the reader shows (inside its border).
    pub fn reader_rows(&self) -> usize {
        self.panes()
            .reader
            .map_or(1, |r| usize::from(inner(r).height))
            .max(1)
    }

    /// Keeps the open story in step with the selected item.
    fn sync_reader(&mut self) {
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

    fn relayout(&mut self) {
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

    fn resize(&mut self, cols: u16, rows: u16) {
        let old_widths = self.story_widths();
        self.cols = cols;
        self.rows = rows;
        if self.story_widths() != old_widths {
            self.relayout();
        }
        self.keep_item_visible();
        self.keep_page_visible();
    }

    fn scroll_reader(&mut self, delta: isize) {
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

    fn page_by(&mut self, direction: isize) {
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

    fn jump_end(&mut self, bottom: bool) {
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
    fn follow(&mut self) {
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

    // ----- search --------------------------------------------------------------------------

    fn prompt_action(&mut self, action: Action) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        match action {
            Action::Input(c) => return self.insert(c.encode_utf8(&mut [0; 4])),
            Action::DeleteChar => {
                prompt.input.pop();
            }
            Action::Back => {
                self.prompt = None;
                self.keep_item_visible();
                return;
            }
            Action::Open => {
                let Some(prompt) = self.prompt.take() else {
                    return;
                };
                match prompt.kind {
                    PromptKind::Filter => self.commit_filter(prompt.input),
                    PromptKind::Find => self.start_find(&prompt.input),
                    PromptKind::Note => self.commit_note(&prompt.input),
                    PromptKind::Library => self.start_library_search(prompt.input),
                }
                return;
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            _ => return,
        }
        if prompt.kind == PromptKind::Filter {
            self.filter_changed();
        }
    }

    /// The filter prompt's text changed: the list starts at the top, and a selection the
    /// filter now hides moves to the first headline it shows.
    fn filter_changed(&mut self) {
        self.refresh_filter_needle();
        self.item_offset = 0;
        let visible = self.visible_items();
        if !self.item.is_some_and(|i| visible.contains(&i)) {
            self.item = visible.into_iter().find(|&i| self.is_selectable(i));
            self.sync_reader();
        }
    }

    fn commit_filter(&mut self, query: String) {
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
                self.overlay = Some(Overlay::Results {
                    query,
                    hits,
                    selected: 0,
                    searching: false,
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

    /// Every item of the current edition whose text mentions `query`, with a snippet.
    pub fn full_text(&self, query: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let (Some(edition), Ok(needle)) = (self.current_edition(), Needle::new(query)) else {
            return hits;
        };
        for (p, page) in edition.pages.iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                let texts = item_texts(item);
                if let Some((text, hit)) =
                    texts.iter().find_map(|t| needle.find(t).map(|h| (*t, h)))
                {
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

    fn start_find(&mut self, query: &str) {
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

    fn step_match(&mut self, delta: isize) {
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

    fn show_current_match(&mut self, rows: usize, spread: Spread) {
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

    // ----- overlays ------------------------------------------------------------------------

    fn overlay_action(&mut self, action: Action) {
        let Some(overlay) = &mut self.overlay else {
            return;
        };
        match overlay {
            Overlay::Help { scroll } => match action {
                Action::MoveDown => *scroll += 1,
                Action::MoveUp => *scroll = scroll.saturating_sub(1),
                Action::PageDown => *scroll += 10,
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::Quit => self.quit = true,
                Action::Back | Action::ShowHelp | Action::Open | Action::Click(..) => {
                    self.overlay = None;
                }
                _ => {}
            },
            Overlay::Library { selected } => {
                let count = self.order.len();
                match action {
                    Action::MoveDown => *selected = (*selected + 1).min(count.saturating_sub(1)),
                    Action::MoveUp => *selected = selected.saturating_sub(1),
                    Action::Top => *selected = 0,
                    Action::Bottom => *selected = count.saturating_sub(1),
                    Action::Open => {
                        let chosen = self.order.get(*selected).copied();
                        self.overlay = None;
                        if let Some(edition) = chosen {
                            self.open_edition(edition);
                        }
                    }
                    Action::Search => {
                        self.prompt = Some(Prompt {
                            kind: PromptKind::Library,
                            input: String::new(),
                        });
                    }
                    Action::Back | Action::ShowLibrary => self.overlay = None,
                    Action::Quit => self.quit = true,
                    _ => {}
                }
            }
            Overlay::Bookmarks { .. } => self.bookmarks_action(action),
            Overlay::Results {
                hits,
                selected,
                query,
                searching,
            } => match action {
                Action::MoveDown => *selected = (*selected + 1).min(hits.len().saturating_sub(1)),
                Action::MoveUp => *selected = selected.saturating_sub(1),
                Action::Top => *selected = 0,
                Action::Bottom => *selected = hits.len().saturating_sub(1),
                Action::Open => {
                    let chosen = hits.get(*selected).map(|h| h.at);
                    let query = query.clone();
                    if *searching {
                        self.effects.push(Effect::CancelSearch);
                    }
                    self.overlay = None;
                    if let Some(at) = chosen {
                        self.open_at(at);
                        self.start_find(&query);
                    }
                }
                Action::Back => {
                    if *searching {
                        self.effects.push(Effect::CancelSearch);
                        self.info("search cancelled");
                    }
                    self.overlay = None;
                }
                Action::Quit => self.quit = true,
                _ => {}
            },
        }
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

    // ----- library-wide search -----------------------------------------------------------

    fn start_library_search(&mut self, query: String) {
        if query.trim().is_empty() {
            self.overlay = None;
            return;
        }
        self.overlay = Some(Overlay::Results {
            query: query.clone(),
            hits: Vec::new(),
            selected: 0,
            searching: true,
        });
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
        }) = &mut self.overlay
        else {
            return;
        };
        found.sort_by(|a, b| b.0.cmp(&a.0));
        for (date, hit) in found {
            let at = hits.partition_point(|h| {
                self.library
                    .editions
                    .get(h.at.edition)
                    .and_then(|e| e.date.as_ref())
                    >= date.as_ref()
            });
            hits.insert(at, hit);
        }
        let n = hits.len();
        self.status = Some(Status {
            text: format!("{n} found so far… Esc stops"),
            error: false,
        });
    }

    /// The background search finished (or was stopped).
    pub fn library_search_done(&mut self, problems: usize) {
        let Some(Overlay::Results {
            hits,
            searching,
            query,
            ..
        }) = &mut self.overlay
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
        self.status = Some(Status {
            text,
            error: n == 0,
        });
    }

    // ----- bookmarks ---------------------------------------------------------------------

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
    fn toggle_bookmark(&mut self) {
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

    fn bookmarks_action(&mut self, action: Action) {
        let count = self.bookmarks.len();
        let Some(Overlay::Bookmarks { selected, undo }) = &mut self.overlay else {
            return;
        };
        match action {
            Action::MoveDown => *selected = (*selected + 1).min(count.saturating_sub(1)),
            Action::MoveUp => *selected = selected.saturating_sub(1),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = count.saturating_sub(1),
            Action::Back | Action::ShowBookmarks => self.overlay = None,
            Action::Quit => self.quit = true,
            Action::Open => {
                let Some(bookmark) = self.bookmarks.get(*selected).cloned() else {
                    return;
                };
                self.overlay = None;
                self.open_bookmark(&bookmark);
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
                    self.prompt = Some(Prompt {
                        kind: PromptKind::Note,
                        input,
                    });
                }
            }
            _ => {}
        }
    }

    fn commit_note(&mut self, input: &str) {
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

    fn find_by_headline(&self, edition: usize, headline: &str) -> Option<ItemRef> {
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
    fn go_to(&mut self, at: ItemRef, position: SavedPosition) {
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

    // ----- mouse ---------------------------------------------------------------------------

    fn click(&mut self, col: u16, row: u16) {
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
        } else if hit(panes.reader) {
            self.focus = Focus::Reader;
        }
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

    fn wheel(&mut self, col: u16, row: u16, delta: i8) {
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

/// The largest useful top line. In one column: the last line at the bottom of the pane. In
/// columns: the first line of the last spread when turning spreads from the top, so paging
/// reaches a balanced last spread and a line step stops there too.
fn max_top(story: &Story, spread: &Spread, rows: usize) -> usize {
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

/// Edition indices ordered most recent first (undated last), then by paper.
fn recent_first(editions: &[Edition]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..editions.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&editions[a], &editions[b]);
        eb.date
            .is_some()
            .cmp(&ea.date.is_some())
            .then(eb.date.cmp(&ea.date))
            .then(ea.paper.cmp(&eb.paper))
    });
    order
}

/// Appends typed or pasted `text` to a prompt's one line of input: each line sanitised on its own
/// (a control string cut off at a line's end takes nothing from the next), line breaks (LF, CR,
/// CRLF; terminals paste CR) and tabs as spaces, a final line break dropped.
fn push_one_line(input: &mut String, text: &str) {
    input.reserve(text.len());
    let mut rest = text;
    loop {
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = crate::edition::sanitize::sanitize(&rest[..end]);
        input.extend(line.chars().map(|c| if c == '\t' { ' ' } else { c }));
        if end == rest.len() {
            return;
        }
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
        if rest.is_empty() {
            return;
        }
        input.push(' ');
    }
}

/// The texts of an item a search looks at: headline parts first, then the body.
fn item_texts(item: &Item) -> Vec<&str> {
    let head = [
        &item.kicker,
        &item.headline,
        &item.subtitle,
        &item.byline,
        &item.column,
        &item.caption,
        &item.credit,
    ];
    head.into_iter()
        .flatten()
        .map(String::as_str)
        .chain(item.body.iter().map(crate::edition::Block::text))
        .collect()
}

/// Whether the headline list filter matches an item (its heading parts, not its body).
fn item_matches(item: &Item, needle: &Needle) -> bool {
    let parts = [
        &item.kicker,
        &item.headline,
        &item.subtitle,
        &item.byline,
        &item.column,
        &item.caption,
    ];
    parts
        .into_iter()
        .flatten()
        .any(|t| needle.find(t).is_some())
}

impl StoryLine {
    /// The typeset line, for text rows.
    pub fn text_line(&self) -> Option<&crate::typeset::ArticleLine> {
        match self {
            StoryLine::Text { line, .. } => Some(line),
            _ => None,
        }
    }
}
