//! Bookmarks: [`Bookmark`] (what is saved about a story, enough to show it when its edition is
//! gone) and [`Bookmarks`], the store in `bookmarks.toml`. Built on `file`'s `Store` with its
//! own `Document`; only the store's facade and its tests import it, and it never imports `state`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::atomic::{AtomicWrite, FsWriter};
use super::dirs::data_dir;
use super::document::Document;
use super::error::StoreError;
use super::file::Store;
use super::format::{FORMAT_VERSION, now_rfc3339};
use super::position::SavedPosition;
use super::recovery::Unsaved;
use crate::edition::sanitize::sanitize;
use crate::edition::{Edition, Item, Page};
use crate::library::Library;

/// The bookmarks file's name, in the data directory.
pub const BOOKMARKS_FILE: &str = "bookmarks.toml";

/// How many characters of the body an excerpt keeps.
const EXCERPT_CHARS: usize = 60;
/// How many characters of a title stand in for a missing headline.
const TITLE_CHARS: usize = 40;

/// One bookmarked story, with enough saved to list it and find it again when its edition file
/// moved or changed. Strings handed out by [`Bookmarks`] are sanitised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bookmark {
    /// The item's id when it was bookmarked (`xuchang-daily-2023-02-28/1/2`).
    pub article_id: String,
    #[serde(default)]
    pub edition_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The page label (`1`, `B2`).
    #[serde(default)]
    pub page: String,
    /// The headline; for an item without one, the start of its caption or text.
    #[serde(default)]
    pub headline: String,
    /// The first ~60 characters of the body or caption, for recognising a missing story.
    #[serde(default)]
    pub excerpt: String,
    /// The edition file or folder it came from.
    #[serde(default)]
    pub file: String,
    /// When it was bookmarked: RFC 3339 in UTC (`2026-03-01T08:15:00Z`).
    #[serde(default)]
    pub added: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub position: SavedPosition,
}

impl Bookmark {
    /// A bookmark for `item` on `page` of `edition`, added now, with no note.
    pub fn new(edition: &Edition, page: &Page, item: &Item, position: SavedPosition) -> Bookmark {
        Bookmark {
            article_id: item.id.clone(),
            edition_id: edition.id.clone(),
            paper: edition.paper.clone(),
            date: edition.date.clone(),
            page: page.label.clone(),
            headline: saved_headline(item),
            excerpt: excerpt(item),
            // Absolute, so the bookmark opens from any folder.
            file: std::fs::canonicalize(&edition.source)
                .unwrap_or_else(|_| edition.source.clone())
                .to_string_lossy()
                .into_owned(),
            added: now_rfc3339(),
            note: None,
            position,
        }
    }

    /// Finds the bookmarked story among the parsed editions of `library`: by article id when
    /// the item there still has the saved headline, else by edition id and headline (the edition
    /// changed and its items moved). `None` when the story is not there; the bookmark is kept
    /// and shown as missing. With a lazily discovered library, see [`Bookmark::resolve_loading`].
    pub fn resolve<'a>(&self, library: &'a Library) -> Option<(&'a Edition, &'a Page, &'a Item)> {
        let matches =
            |item: &Item| self.headline.is_empty() || saved_headline(item) == self.headline;
        if let Some(found @ (_, _, item)) = library.item(&self.article_id)
            && matches(item)
        {
            return Some(found);
        }
        if self.headline.is_empty() {
            return None;
        }
        let edition = library
            .editions
            .iter()
            .find(|e| e.id == self.edition_id())?;
        edition.pages.iter().find_map(|page| {
            page.items
                .iter()
                .find(|item| matches(item))
                .map(|item| (edition, page, item))
        })
    }

    /// [`Bookmark::resolve`], parsing the bookmark's edition first if the library holds only its
    /// metadata.
    pub fn resolve_loading<'a>(
        &self,
        library: &'a mut Library,
    ) -> Option<(&'a Edition, &'a Page, &'a Item)> {
        if let Some(idx) = library.position(self.edition_id()) {
            // An edition that cannot be read leaves the story missing; the library keeps the
            // diagnostic.
            let _ = library.ensure_loaded(idx);
        }
        self.resolve(library)
    }

    /// The edition id, from the article id when the file left it out.
    fn edition_id(&self) -> &str {
        if self.edition_id.is_empty() {
            self.article_id.split('/').next().unwrap_or_default()
        } else {
            &self.edition_id
        }
    }

    /// The bookmark with every string sanitised for the terminal.
    fn sanitized(&self) -> Bookmark {
        let clean = |s: &str| sanitize(s).into_owned();
        Bookmark {
            article_id: clean(&self.article_id),
            edition_id: clean(&self.edition_id),
            paper: self.paper.as_deref().map(clean),
            date: self.date.as_deref().map(clean),
            page: clean(&self.page),
            headline: clean(&self.headline),
            excerpt: clean(&self.excerpt),
            file: clean(&self.file),
            added: clean(&self.added),
            note: self.note.as_deref().map(clean),
            position: self.position,
        }
    }

    /// Its id as the program sees it (sanitised), for matching changes against file entries.
    fn id(&self) -> Cow<'_, str> {
        sanitize(&self.article_id)
    }
}

/// What a bookmark saves as the headline of `item`, and matches it by later.
fn saved_headline(item: &Item) -> String {
    match &item.headline {
        Some(headline) => collapse_spaces(headline),
        None => shorten(item.title(), TITLE_CHARS),
    }
}

/// The first [`EXCERPT_CHARS`] characters of the body (or caption), whitespace collapsed, with
/// `…` when cut.
fn excerpt(item: &Item) -> String {
    let body = item.paragraphs().collect::<Vec<_>>().join(" ");
    let text = if body.trim().is_empty() {
        item.caption.as_deref().unwrap_or_default()
    } else {
        &body
    };
    shorten(text, EXCERPT_CHARS)
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with whitespace collapsed, cut to `max_chars` characters plus `…`; Latin text is cut
/// at a space when there is one near the end.
fn shorten(text: &str, max_chars: usize) -> String {
    let text = collapse_spaces(text);
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text;
    };
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if head[space..].chars().count() <= 15 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// `bookmarks.toml` as serde sees it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BookmarksFile {
    version: i64,
    #[serde(default, rename = "bookmark")]
    bookmarks: Vec<Bookmark>,
}

impl Default for BookmarksFile {
    fn default() -> BookmarksFile {
        BookmarksFile {
            version: FORMAT_VERSION,
            bookmarks: Vec::new(),
        }
    }
}

/// One change to the bookmarks, applied to whatever the file holds when it is saved. In a
/// recovery file each is a `[[change]]` table whose `do` says which.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum Change {
    /// Adds the bookmark; one already there keeps its details and position and takes the new
    /// note, if any.
    Add(Box<Bookmark>),
    Remove {
        article_id: String,
    },
    Note {
        article_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Position {
        article_id: String,
        position: SavedPosition,
    },
}

impl Document for BookmarksFile {
    type Change = Change;
    const WHAT: &'static str = "bookmarks";
    const HEADER: &'static str = "# kanbao bookmarks: one [[bookmark]] per story, oldest first.\n\
        # Edit freely (kanbao reads this file again before each save); keep `version = 1`.\n\n";

    fn version(&self) -> i64 {
        self.version
    }

    fn apply(&mut self, change: &Change) {
        let list = &mut self.bookmarks;
        match change {
            Change::Add(new) => {
                if let Some(old) = list.iter_mut().find(|b| b.id() == new.article_id) {
                    if new.note.is_some() {
                        old.note.clone_from(&new.note);
                    }
                } else {
                    list.push(Bookmark::clone(new));
                }
            }
            Change::Remove { article_id: id } => list.retain(|b| b.id() != *id),
            Change::Note {
                article_id: id,
                note,
            } => {
                for b in list.iter_mut().filter(|b| b.id() == *id) {
                    b.note.clone_from(note);
                }
            }
            Change::Position {
                article_id: id,
                position,
            } => {
                for b in list.iter_mut().filter(|b| b.id() == *id) {
                    b.position = *position;
                }
            }
        }
    }
}

/// The reader's bookmarks, kept in `bookmarks.toml` (see [`crate::store`] for how they are kept
/// safe). Changes apply in memory at once; `Err` from a change means it is not saved yet: it is
/// kept and saved with the next change or [`Bookmarks::flush`].
pub struct Bookmarks {
    store: Store<BookmarksFile>,
    /// The file's bookmarks (plus unsaved changes), sanitised, in file order.
    view: Vec<Bookmark>,
}

impl std::fmt::Debug for Bookmarks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bookmarks")
            .field("path", &self.store.path())
            .field("bookmarks", &self.view.len())
            .field("problem", &self.store.problem())
            .finish_non_exhaustive()
    }
}

impl Bookmarks {
    /// Opens `dir/bookmarks.toml` (which need not exist yet). Never fails: problems are in
    /// [`Bookmarks::problem`].
    pub fn open(dir: &Path) -> Bookmarks {
        Bookmarks::with_writer(dir, Box::new(FsWriter))
    }

    /// Opens the bookmarks in the platform data directory; if there is none, an in-memory store
    /// whose [`Bookmarks::problem`] says so.
    pub fn open_default() -> Bookmarks {
        match data_dir() {
            Some(dir) => Bookmarks::open(&dir),
            None => Bookmarks::from_store(Store::memory()),
        }
    }

    /// Opens `dir/bookmarks.toml`, writing through `writer` (tests inject failures).
    pub fn with_writer(dir: &Path, writer: Box<dyn AtomicWrite + Send>) -> Bookmarks {
        Bookmarks::from_store(Store::open(dir.join(BOOKMARKS_FILE), writer))
    }

    pub(crate) fn from_store(store: Store<BookmarksFile>) -> Bookmarks {
        let mut bookmarks = Bookmarks {
            store,
            view: Vec::new(),
        };
        bookmarks.refresh_view();
        bookmarks
    }

    fn refresh_view(&mut self) {
        self.view = self
            .store
            .doc()
            .bookmarks
            .iter()
            .map(Bookmark::sanitized)
            .collect();
    }

    /// Every bookmark, newest first (by `added`; entries whose time does not parse come last, in
    /// file order reversed).
    pub fn list(&self) -> Vec<&Bookmark> {
        let mut list: Vec<(Option<jiff::Timestamp>, usize, &Bookmark)> = self
            .view
            .iter()
            .enumerate()
            .map(|(n, b)| (b.added.parse().ok(), n, b))
            .collect();
        list.sort_by_key(|&(added, n, _)| std::cmp::Reverse((added, n)));
        list.into_iter().map(|(_, _, b)| b).collect()
    }

    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    pub fn get(&self, article_id: &str) -> Option<&Bookmark> {
        self.view.iter().find(|b| b.article_id == article_id)
    }

    pub fn contains(&self, article_id: &str) -> bool {
        self.get(article_id).is_some()
    }

    /// Adds a bookmark. Adding one that is already there keeps its saved details and position,
    /// and takes the new note if `b` has one.
    pub fn add(&mut self, b: Bookmark) -> Result<(), StoreError> {
        self.change(Change::Add(Box::new(b)))
    }

    /// Removes a bookmark, returning it; `Ok(None)` (and no write) when there is none.
    pub fn remove(&mut self, article_id: &str) -> Result<Option<Bookmark>, StoreError> {
        let Some(removed) = self.get(article_id).cloned() else {
            return Ok(None);
        };
        self.change(Change::Remove {
            article_id: article_id.to_owned(),
        })?;
        Ok(Some(removed))
    }

    /// Sets or (with `None` or an empty note) clears a bookmark's note.
    pub fn set_note(&mut self, article_id: &str, note: Option<String>) -> Result<(), StoreError> {
        self.require(article_id)?;
        let note = note.filter(|n| !n.trim().is_empty());
        self.change(Change::Note {
            article_id: article_id.to_owned(),
            note,
        })
    }

    /// Saves the reading position in a bookmarked story. Unchanged positions are not written.
    pub fn set_position(&mut self, article_id: &str, pos: SavedPosition) -> Result<(), StoreError> {
        if self.require(article_id)?.position == pos {
            return Ok(());
        }
        self.change(Change::Position {
            article_id: article_id.to_owned(),
            position: pos,
        })
    }

    fn require(&self, article_id: &str) -> Result<&Bookmark, StoreError> {
        self.get(article_id)
            .ok_or_else(|| StoreError::NotBookmarked {
                article_id: article_id.to_owned(),
            })
    }

    fn change(&mut self, change: Change) -> Result<(), StoreError> {
        let result = self.store.change(change);
        self.refresh_view();
        result
    }

    /// Tries again to save changes that could not be saved.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        let result = self.store.flush();
        self.refresh_view();
        result
    }

    /// Saves the changes for good, as kanbao quits or a command ends. `Err` when they could not
    /// be saved: they are then in a recovery file the next start applies, or (when no file
    /// could be written) in the [`Unsaved`] to print; its message says which.
    pub fn save_or_keep(&mut self) -> Result<(), Unsaved> {
        let result = self.store.save_or_keep();
        self.refresh_view();
        result
    }

    /// Reads the file again, for bookmarks another kanbao added; unsaved changes stay applied.
    pub fn reload(&mut self) {
        self.store.reload();
        self.refresh_view();
    }

    /// True while some change is only in memory.
    pub fn has_unsaved(&self) -> bool {
        self.store.has_unsaved()
    }

    /// What the reader should know, for the status line: a damaged or newer file, changes not
    /// saved and why, or what was done about it (a damaged file moved aside, unsaved changes
    /// recovered). Names the file, and the line when there is one. `None` when all is well.
    /// Sanitised.
    pub fn problem(&self) -> Option<&str> {
        self.store.problem()
    }

    /// True when [`Bookmarks::problem`] says something is wrong, not only what was done.
    pub fn has_error(&self) -> bool {
        self.store.has_error()
    }

    /// Why the bookmarks file itself could not be used this run (damaged, too large, from a
    /// newer kanbao, unreadable), naming it; `None` when it was read (or is not there yet).
    pub fn file_error(&self) -> Option<&str> {
        self.store.file_error()
    }

    /// The bookmarks file (empty for an in-memory store).
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// How long a save waits for another kanbao's ([`super::LOCK_WAIT`] unless set).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.store.set_lock_wait(wait);
    }

    /// The default location: `bookmarks.toml` in the data directory.
    pub fn default_path() -> Option<PathBuf> {
        data_dir().map(|dir| dir.join(BOOKMARKS_FILE))
    }
}

/// A bookmark for tests: `Story {id}` on page 1 of edition `e`, added at `added`.
#[cfg(test)]
pub(crate) fn test_bookmark(id: &str, added: &str) -> Bookmark {
    Bookmark {
        article_id: id.to_owned(),
        edition_id: "e".to_owned(),
        paper: None,
        date: None,
        page: "1".to_owned(),
        headline: format!("Story {id}"),
        excerpt: String::new(),
        file: String::new(),
        added: added.to_owned(),
        note: None,
        position: SavedPosition::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::test_bookmark as bookmark;
    use super::*;
    use crate::library::sample;

    #[test]
    fn shorten_cuts_by_characters_and_at_spaces() {
        let cases = [
            ("short", 10, "short"),
            ("  spaced \n\t out  ", 20, "spaced out"),
            ("一二三四五六七八九十", 4, "一二三四…"),
            ("the quick brown fox jumps", 12, "the quick…"),
            ("abcdefghijklmnopqrstuvwxyz", 5, "abcde…"),
            ("许昌 news today", 5, "许昌…"),
        ];
        for (text, max, want) in cases {
            assert_eq!(shorten(text, max), want, "{text:?} at {max}");
        }
    }

    #[test]
    fn new_saves_what_is_needed_to_show_a_missing_story() {
        let edition = sample();
        let page = &edition.pages[0];
        let article = &page.items[1];
        let b = Bookmark::new(
            &edition,
            page,
            article,
            SavedPosition {
                paragraph: 2,
                byte: 30,
            },
        );
        assert_eq!(b.article_id, "xuchang-daily-2023-02-28/1/2");
        assert_eq!(b.edition_id, "xuchang-daily-2023-02-28");
        assert_eq!(b.paper.as_deref(), Some("许昌日报"));
        assert_eq!(b.date.as_deref(), Some("2023-02-28"));
        assert_eq!(b.page, "1");
        assert_eq!(b.headline, "探索建立多元救助模式 构建全方位社会救助体系");
        assert!(b.excerpt.starts_with("本报讯(记者张辉"), "{}", b.excerpt);
        assert_eq!(
            b.excerpt.chars().count(),
            EXCERPT_CHARS + 1,
            "{}",
            b.excerpt
        );
        assert!(b.added.parse::<jiff::Timestamp>().is_ok(), "{}", b.added);
        assert!(b.added.ends_with('Z'), "{}", b.added);
        assert_eq!(
            b.position,
            SavedPosition {
                paragraph: 2,
                byte: 30
            }
        );
        let photo = page
            .items
            .iter()
            .find(|i| i.headline.is_none() && i.caption.is_some());
        let photo = photo.expect("the sample has a photo");
        let p = Bookmark::new(&edition, page, photo, SavedPosition::default());
        assert!(
            p.headline.chars().count() <= TITLE_CHARS + 1,
            "{}",
            p.headline
        );
        assert!(!p.excerpt.is_empty());
    }

    #[test]
    fn resolve_follows_a_story_whose_id_changed() {
        let mut library = Library::from_editions(vec![sample()]);
        let edition = &library.editions[0];
        let b = Bookmark::new(
            edition,
            &edition.pages[0],
            &edition.pages[0].items[1],
            SavedPosition::default(),
        );
        let found = b.resolve(&library).map(|(_, _, item)| item.id.clone());
        assert_eq!(found.as_deref(), Some("xuchang-daily-2023-02-28/1/2"));
        // A story inserted before it: its id now points at another story.
        let items = &mut library.editions[0].pages[0].items;
        let first = items[0].clone();
        items.insert(0, first);
        for (n, item) in items.iter_mut().enumerate() {
            item.id = format!("xuchang-daily-2023-02-28/1/{}", n + 1);
        }
        let found = b.resolve(&library).map(|(_, _, item)| item.id.clone());
        assert_eq!(found.as_deref(), Some("xuchang-daily-2023-02-28/1/3"));
        // Gone altogether.
        library.editions[0].pages[0].items.remove(2);
        assert!(b.resolve(&library).is_none());
    }

    #[test]
    fn without_a_home_folder_bookmarks_last_the_session() {
        let mut store = Bookmarks::from_store(Store::memory());
        assert!(
            store
                .problem()
                .expect("a problem")
                .contains("no home folder")
        );
        let err = store
            .add(bookmark("a", "2024-01-01T00:00:00Z"))
            .expect_err("nowhere to save");
        assert!(matches!(err, StoreError::NoDirectory { .. }), "{err}");
        assert!(store.contains("a"));
        assert_eq!(store.path(), Path::new(""));
    }

    #[cfg(unix)]
    #[test]
    fn a_damaged_symlinked_file_is_kept_aside_whole() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "version = 1\n[[bookmark]\n").expect("file access");
        std::os::unix::fs::symlink(&real, dir.path().join(BOOKMARKS_FILE)).expect("file access");
        let mut store = Bookmarks::open(dir.path());
        assert!(store.problem().expect("a problem").contains("line 2"));
        store
            .add(bookmark("a", "2024-01-01T00:00:00Z"))
            .expect("saved");
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .expect("the temp dir lists")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .map(|e| std::fs::read_to_string(e.path()).expect("file access"))
            .collect();
        assert_eq!(aside, ["version = 1\n[[bookmark]\n"]);
        assert!(
            std::fs::read_to_string(&real)
                .expect("file access")
                .contains("article_id = \"a\"")
        );
        assert!(
            store
                .problem()
                .expect("a notice")
                .contains("moved it aside")
        );
    }

    #[test]
    fn list_is_newest_first_with_unreadable_times_last() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut store = Bookmarks::open(dir.path());
        for (id, added) in [
            ("a", "2024-01-01T00:00:00Z"),
            ("b", "not a time"),
            ("c", "2024-03-01T00:00:00+08:00"),
            ("d", "2024-02-01T00:00:00Z"),
        ] {
            store.add(bookmark(id, added)).expect("saved");
        }
        let ids: Vec<&str> = store.list().iter().map(|b| b.article_id.as_str()).collect();
        assert_eq!(ids, ["c", "d", "a", "b"]);
    }

    #[test]
    fn adding_again_keeps_the_saved_place_and_takes_a_new_note() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut store = Bookmarks::open(dir.path());
        store
            .add(bookmark("a", "2024-01-01T00:00:00Z"))
            .expect("saved");
        let place = SavedPosition {
            paragraph: 4,
            byte: 9,
        };
        store.set_position("a", place).expect("saved");
        store
            .add(bookmark("a", "2025-01-01T00:00:00Z"))
            .expect("saved");
        let a = store.get("a").expect("bookmarked");
        assert_eq!((a.position, a.note.as_deref()), (place, None));
        assert_eq!(a.added, "2024-01-01T00:00:00Z");
        let mut with_note = bookmark("a", "2025-01-01T00:00:00Z");
        with_note.note = Some("later".to_owned());
        store.add(with_note).expect("saved");
        assert_eq!(
            store.get("a").expect("bookmarked").note.as_deref(),
            Some("later")
        );
        store.set_note("a", Some("  ".to_owned())).expect("saved");
        assert_eq!(store.get("a").expect("bookmarked").note, None);
        assert_eq!(Bookmarks::open(dir.path()).list(), store.list());
        assert!(matches!(
            store.set_note("zz", None),
            Err(StoreError::NotBookmarked { .. })
        ));
    }

    #[test]
    fn a_stale_process_adds_its_change_to_what_is_on_disk_now() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut first = Bookmarks::open(dir.path());
        let mut second = Bookmarks::open(dir.path());
        first
            .add(bookmark("a", "2024-01-01T00:00:00Z"))
            .expect("saved");
        first
            .add(bookmark("b", "2024-01-02T00:00:00Z"))
            .expect("saved");
        // `second` never saw a or b; its save must not drop them.
        second
            .add(bookmark("c", "2024-01-03T00:00:00Z"))
            .expect("saved");
        assert_eq!(
            second.len(),
            3,
            "the save brought in the other process's bookmarks"
        );
        // Removing in one process, moving the reading place in the other: removed stays removed.
        first.remove("b").expect("saved");
        second
            .set_position(
                "b",
                SavedPosition {
                    paragraph: 1,
                    byte: 0,
                },
            )
            .expect("saved");
        let on_disk = Bookmarks::open(dir.path());
        let ids: Vec<&str> = on_disk
            .list()
            .iter()
            .map(|b| b.article_id.as_str())
            .collect();
        assert_eq!(ids, ["c", "a"]);
        // A reload shows the other process's changes without saving anything.
        first.reload();
        assert!(first.contains("c"));
    }

    #[test]
    fn strings_from_the_file_are_sanitised_and_the_file_keeps_them() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join(BOOKMARKS_FILE);
        let text = "version = 1\n[[bookmark]]\narticle_id = \"a\"\n\
                    headline = \"\\u001b]0;pwned\\u0007Red \\u001b[31mnews\"\nnote = \"\\u009b2J!\"\n";
        std::fs::write(&path, text).expect("file access");
        let mut store = Bookmarks::open(dir.path());
        let a = store.get("a").expect("bookmarked");
        assert_eq!(
            (a.headline.as_str(), a.note.as_deref()),
            ("Red news", Some("!"))
        );
        // Another change rewrites the file; the entry is kept as the user wrote it.
        store
            .add(bookmark("b", "2024-01-01T00:00:00Z"))
            .expect("saved");
        let saved = std::fs::read_to_string(&path).expect("file access");
        assert!(
            saved.contains("\\u001B]0;pwned") || saved.contains("\\u001b]0;pwned"),
            "{saved}"
        );
        assert!(!saved.contains('\u{1b}'));
    }
}
