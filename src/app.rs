//! The reader's state and every change to it: [`App`], [`Action`], [`App::update`]. No drawing
//! and no terminal I/O: the event loop maps input to actions, `update` applies them, and the UI
//! draws the result. `update` is the one place a key becomes a state change; what each mode does
//! lives beside it: `lists` (pages, headlines, filter), `reading` (the open story, in columns
//! through `spread`), `searching` (find, full text, library search, live as it is typed),
//! `overlays` (bookmarks, help, and the stack of views `q` and Esc walk back down),
//! `library_view` (the library's paper and month headings, folds, the paper filter, go-to-date
//! there), `prompt` (line editing and history), `command` (counts and `:`), `read_state` (read,
//! unread, next unread) and `mouse`.

pub mod find;
pub mod geometry;
pub mod spread;
pub mod story;
pub mod text_match;

mod command;
mod library_view;
mod lists;
mod mouse;
mod overlays;
mod pictures;
mod prompt;
mod read_state;
mod reading;
mod searching;

use std::collections::HashSet;
use std::ops::Range;

pub use crate::action::Action;
use geometry::{Panes, Shape, inner};
pub use library_view::{ShelfRow, month_of, paper_name};
pub use pictures::{FULL_CAPTION_ROWS, PictureRow, StoryPhoto};
pub use prompt::History;
use spread::Spread;
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
    /// Every edition, grouped by paper and month; `selected` indexes
    /// [`App::library_rows`].
    Library { selected: usize },
    /// Edition-wide full-text results.
    Results {
        query: String,
        hits: Vec<Hit>,
        selected: usize,
        /// A library-wide search still running in the background.
        searching: bool,
        /// Library-wide (from the library view), else the open edition's text.
        library: bool,
    },
    /// Saved bookmarks, newest first; `undo` holds the last one deleted.
    Bookmarks {
        selected: usize,
        undo: Option<Box<Bookmark>>,
    },
    /// The open story's photos (`p`); `selected` indexes [`App::story_photos`].
    Photos { selected: usize },
    /// One photo of the open story as large as the pane allows (Enter or a click on it).
    Photo { index: usize },
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
    /// A `:` command.
    Command,
    /// Filters the library's papers by name as you type.
    Papers,
}

/// Text being typed in the status line, edited as readline edits a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Byte index into `input` where the cursor is; always on a grapheme boundary.
    pub cursor: usize,
    /// While walking the history (↑ ↓): how far back, 1 for the newest query.
    history_back: usize,
    /// What was typed before walking the history, given back by ↓ past the newest.
    draft: String,
}

/// What the library search prompt was opened over, while its results follow the typing:
/// Esc shows it again.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveBase {
    /// The library: Esc closes the results typed live.
    Library,
    /// Results being edited: Esc brings them back as they were.
    Results(Box<Overlay>),
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

/// Everything the reader shows, and nothing about how.
// `raw`, `quit`, `page_image` and `full_width` are independent switches, not a state machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub struct App {
    pub library: Library,
    /// Edition indices in the library view's order: by paper (the most recently published
    /// first), each paper's editions most recent first.
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
    /// The view on top: it takes the keys, and `q` or Esc close it.
    pub overlay: Option<Overlay>,
    /// Views waiting under `overlay`, bottom first, each as it was left (`q` and Esc return to
    /// the last). Empty whenever `overlay` is `None`.
    pub stack: Vec<Overlay>,
    /// The views the open article was opened from (search results over the library, the
    /// bookmarks), bottom first: closing the article returns to the last. Forgotten when the
    /// reader leaves the article another way.
    pub under_article: Vec<Overlay>,
    /// `z`: while reading, the article alone at the terminal's full width.
    pub full_width: bool,
    /// Digits typed before a motion key (`5j`), while they wait for it.
    pub count: Option<usize>,
    /// The queries typed into each kind of prompt, oldest first (↑ walks back).
    pub history: History,
    pub prompt: Option<Prompt>,
    /// The headline filter in force (empty: none).
    pub filter: String,
    /// The library view's filter by paper name in force (empty: none).
    pub paper_filter: String,
    /// While the library search prompt is open and its results follow the typing: what it
    /// was opened over.
    live_base: Option<LiveBase>,
    /// Where the library view's selection was when the paper filter's prompt opened: kept
    /// while typing when the filter keeps it, and given back by Esc.
    papers_anchor: Option<(usize, u8)>,
    /// The library view's headings folded or opened by the user, kept while the reader runs.
    folds: library_view::Folds,
    pub reader: Option<Reader>,
    pub status: Option<Status>,
    /// What a background fetch is doing, while one runs (shown when no message is).
    pub fetching: Option<String>,
    /// How far the background update of the search index has come (editions done, of those to
    /// index), while one runs; shown at the end of the hints line.
    pub indexing: Option<(usize, usize)>,
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
    /// Ids of articles read (the list's • marks the others).
    pub read: HashSet<String>,
    /// Pages and articles of editions by id, as far as known without parsing them (from the
    /// search index, and from every edition parsed since start).
    pub edition_counts: std::collections::HashMap<String, (usize, usize)>,
    /// Articles read per edition id (worked out from `read` when the library opens).
    pub edition_read: std::collections::HashMap<String, usize>,
    /// The article marked read when it was opened last: reading on in it does not mark it read
    /// again after `m` marked it unread.
    auto_read: Option<String>,
    /// The articles the last mark-page or mark-edition-read marked, for `u`.
    read_undo: Option<Vec<String>>,
    /// Work for the event loop (saving, searching), in order; see [`App::take_effects`].
    effects: Vec<Effect>,
    /// Photos: the protocol that draws them, and the pictures ready to draw.
    pub pictures: crate::pictures::Gallery,
    /// `v`: show the page's picture (版面图) in the reading pane while choosing headlines.
    pub page_image: bool,
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
    /// Remember that several articles were read (a page, an edition).
    MarkAllRead {
        ids: Vec<String>,
    },
    /// These articles are unread again.
    MarkUnread {
        ids: Vec<String>,
    },
    /// A query typed into a prompt, for its history.
    RememberQuery {
        kind: crate::store::QueryKind,
        query: String,
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
    /// Decode and encode this photo in the background; it comes back through
    /// [`App::picture_done`].
    LoadPicture(Box<crate::pictures::Key>),
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
            stack: Vec::new(),
            under_article: Vec::new(),
            full_width: false,
            count: None,
            history: History::default(),
            prompt: None,
            filter: String::new(),
            paper_filter: String::new(),
            folds: library_view::Folds::default(),
            live_base: None,
            papers_anchor: None,
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
            auto_read: None,
            read_undo: None,
            edition_counts: std::collections::HashMap::new(),
            edition_read: std::collections::HashMap::new(),
            effects: Vec::new(),
            fetching: None,
            indexing: None,
            filter_needle: None,
            pictures: crate::pictures::Gallery::default(),
            page_image: false,
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
            Ok(()) => {
                self.note_counts(self.edition);
                true
            }
            Err(problem) => {
                self.error(format!("{problem}"));
                false
            }
        }
    }

    /// Remembers the pages and articles of a parsed edition for the library view.
    fn note_counts(&mut self, idx: usize) {
        if let Some(e) = self.library.editions.get(idx)
            && self.library.is_loaded(idx)
        {
            let articles = e
                .pages
                .iter()
                .flat_map(|p| &p.items)
                .filter(|i| i.kind == ItemKind::Article)
                .count();
            self.edition_counts
                .insert(e.id.clone(), (e.pages.len(), articles));
        }
    }

    /// Pages and articles of editions the search index knows (the reader's loop reads them
    /// from the index after the first frame).
    pub fn set_edition_counts(
        &mut self,
        counts: impl IntoIterator<Item = (String, (usize, usize))>,
    ) {
        for (id, n) in counts {
            self.edition_counts.entry(id).or_insert(n);
        }
    }

    /// Counts the read articles of each edition (article ids are `edition/page/n`).
    pub(crate) fn count_read_by_edition(&mut self) {
        let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for id in &self.read {
            let mut parts = id.rsplitn(3, '/');
            if let (Some(_), Some(_), Some(edition)) = (parts.next(), parts.next(), parts.next()) {
                *counts.entry(edition.to_owned()).or_default() += 1;
            }
        }
        self.edition_read = counts;
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
        Panes::lay_out(self.cols, self.rows, self.shape(self.focus))
    }

    /// What the layout needs to know besides the size, for a given focus.
    pub fn shape(&self, focus: Focus) -> Shape {
        Shape {
            focus,
            full_width: self.full_width,
            pages_cols: self.pages_cols(),
            measure_cols: u16::try_from(self.options.measure_cols).unwrap_or(u16::MAX),
        }
    }

    /// Columns the pages pane needs: its widest label with the read count (`第1版 · 要闻
    /// 已读12/12`), the marker and the border, at most 32; 0 for an edition of one page.
    pub fn pages_cols(&self) -> u16 {
        let Some(edition) = self.current_edition() else {
            return 0;
        };
        if edition.pages.len() <= 1 {
            return 0;
        }
        let zh = edition.is_chinese();
        let widest = edition
            .pages
            .iter()
            .map(|page| {
                let n = page
                    .items
                    .iter()
                    .filter(|i| i.kind == ItemKind::Article)
                    .count();
                let counts = if zh {
                    format!(" 已读{n}/{n}")
                } else {
                    format!(" read {n}/{n}")
                };
                unicode_width::UnicodeWidthStr::width(page.title(zh).as_str())
                    + unicode_width::UnicodeWidthStr::width(counts.as_str())
            })
            .max()
            .unwrap_or(0);
        u16::try_from(widest + 4).unwrap_or(u16::MAX).clamp(12, 32)
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
                ..
            }) if self.overlay.is_none() => input,
            _ => &self.filter,
        }
    }

    /// The work queued by the last updates, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Marks the article open in the reader as read, once when it is opened (so `m` can mark
    /// it unread while it stays open).
    fn mark_read(&mut self) {
        if self.focus != Focus::Reader {
            self.auto_read = None;
            return;
        }
        let Some(item) = self.selected_item() else {
            return;
        };
        if self.auto_read.as_deref() == Some(item.id.as_str()) {
            return;
        }
        let id = item.id.clone();
        let unread = item.kind == ItemKind::Article && !self.read.contains(&id);
        self.auto_read = Some(id.clone());
        if unread {
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
        if let Action::Digit(digit) = action {
            return self.add_digit(digit);
        }
        let reading_before = self.reading_at();
        let widths_before = self.story_widths();
        let times = match self.count.take() {
            Some(n) if action.takes_count() => n,
            _ => 1,
        };
        for _ in 0..times {
            self.dispatch(action);
            if self.quit {
                break;
            }
        }
        // The reading pane changes width with the focus (the article gets its measure while it
        // is read): the story is set again for the pane it is shown in.
        if self.story_widths() != widths_before {
            self.relayout();
        }
        if self.focus != Focus::Reader && self.overlay.is_none() {
            self.under_article.clear();
        }
        self.mark_read();
        // Leaving an article (another one, another pane, quitting) saves where the reader was.
        if let Some((at, position)) = reading_before {
            let now = self.reading_at().map(|(a, _)| a);
            if self.quit || now != Some(at) {
                self.save_place(at, position);
            }
        }
        self.refresh_filter_needle();
        self.request_pictures();
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
        let mut line = String::new();
        prompt::push_one_line(&mut line, text);
        // The whole prompt holds at most as much as a query may: what does not fit is cut.
        let room = prompt::MAX_PROMPT_CHARS.saturating_sub(prompt.input.chars().count());
        if let Some((cut, _)) = line.char_indices().nth(room) {
            line.truncate(cut);
        }
        prompt.insert_at_cursor(&line);
        self.prompt_changed();
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
            Action::Close => self.close_main(),
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::Open if self.focus == Focus::Reader && self.photo_in_view().is_some() => {
                if let Some(index) = self.photo_in_view() {
                    self.open_photo(index);
                }
            }
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
                self.prompt = Some(Prompt::new(kind, input));
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
                self.open_overlay(Overlay::Bookmarks {
                    selected: 0,
                    undo: None,
                });
            }
            Action::Undo => self.undo_mark_read(),
            Action::ToggleRead => self.toggle_read(),
            Action::MarkPageRead => self.mark_page_read(),
            Action::MarkEditionRead => self.mark_edition_read(),
            Action::NextUnread => self.next_unread(),
            Action::ToggleFullWidth => {
                self.full_width = !self.full_width;
                self.info(if self.full_width {
                    "reading at full width (z: the panes again)"
                } else {
                    "reading beside the lists (z: full width)"
                });
            }
            Action::Delete | Action::EditNote => {
                self.info("B shows the bookmarks, where d deletes, u undoes and e edits the note");
            }
            Action::ShowLibrary => {
                self.count_read_by_edition();
                let selected = self.shelf_row_of_open();
                self.open_overlay(Overlay::Library { selected });
            }
            Action::GoToDate => {
                self.prompt = Some(Prompt::new(PromptKind::Command, "date ".to_owned()));
            }
            Action::Fold | Action::Unfold | Action::FilterPapers => {
                self.info("that key works in the library (L)");
            }
            Action::ShowHelp => self.open_overlay(Overlay::Help { scroll: 0 }),
            Action::Command => {
                self.prompt = Some(Prompt::new(PromptKind::Command, String::new()));
            }
            Action::ShowPhotos => self.show_photos(),
            Action::TogglePageImage => self.toggle_page_image(),
            Action::PrevEdition => self.step_edition(-1),
            Action::NextEdition => self.step_edition(1),
            Action::CopyArticle => self.copy_article(),
            Action::OpenLink => self.open_link(),
            Action::Click(col, row) => self.click(col, row),
            Action::Scroll(col, row, delta) => self.wheel(col, row, delta),
            // Fetch is taken by `fetch_action` and Suspend by `update` before the panes see them.
            Action::Input(_)
            | Action::DeleteChar
            | Action::Digit(_)
            | Action::Edit(_)
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
        let mut text = crate::handoff::plain_text(edition, label, item);
        // What is copied reads as the screen does: full-width punctuation in Chinese text
        // unless the stored text is shown (`r`).
        if edition.is_chinese() && self.options.normalize_punctuation && !self.raw {
            text = crate::typeset::normalize(&text);
        }
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
}

/// Edition indices as the library lists them: grouped by paper, the paper published most
/// recently first, and within a paper most recent first (undated last).
fn recent_first(editions: &[Edition]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..editions.len()).collect();
    let newest = |e: &Edition| e.date.clone();
    let mut paper_newest: std::collections::HashMap<Option<&str>, Option<String>> =
        std::collections::HashMap::new();
    for e in editions {
        let slot = paper_newest.entry(e.paper.as_deref()).or_default();
        if newest(e) > *slot {
            *slot = newest(e);
        }
    }
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&editions[a], &editions[b]);
        let (pa, pb) = (
            &paper_newest[&ea.paper.as_deref()],
            &paper_newest[&eb.paper.as_deref()],
        );
        pb.is_some()
            .cmp(&pa.is_some())
            .then(pb.cmp(pa))
            .then(ea.paper.cmp(&eb.paper))
            .then(eb.date.is_some().cmp(&ea.date.is_some()))
            .then(eb.date.cmp(&ea.date))
    });
    order
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
