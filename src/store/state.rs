//! Reading state in `state.toml`: where the reader left off ([`LastRead`]), so `kanbao` reopens
//! there, which articles have been read (the headline list's read marker and per-page
//! counts), oldest first and at most [`MAX_READ_IDS`] of them, and the queries typed into the
//! reader's prompts, the last [`MAX_HISTORY`] of each kind. Built on `file`'s `Store` with
//! its own `Document`; only the store's facade and its tests import it, and it never imports `bookmarks`.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::atomic::{AtomicWrite, FsWriter};
use super::dirs::state_dir;
use super::document::Document;
use super::error::StoreError;
use super::file::Store;
use super::format::FORMAT_VERSION;
use super::position::SavedPosition;
use super::recovery::Unsaved;
use crate::edition::sanitize::sanitize;

/// The state file's name, in the state directory.
pub const STATE_FILE: &str = "state.toml";

/// How many read articles `state.toml` remembers: a heavy reader opening 100 articles a day
/// takes nearly three years to reach it, and the file then holds about 5 MB. Past it, the
/// articles read longest ago lose their mark first, never those of the edition open last.
pub const MAX_READ_IDS: usize = 100_000;

/// How many queries of each kind `state.toml` remembers.
pub const MAX_HISTORY: usize = 100;

/// Which prompt a remembered query was typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryKind {
    /// The headline filter (and an edition's full text).
    Filter,
    /// Find in the article.
    Find,
    /// Library-wide search.
    Library,
}

/// The queries of each kind, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryHistory {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filter: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub find: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub library: Vec<String>,
}

impl QueryHistory {
    fn list_mut(&mut self, kind: QueryKind) -> &mut Vec<String> {
        match kind {
            QueryKind::Filter => &mut self.filter,
            QueryKind::Find => &mut self.find,
            QueryKind::Library => &mut self.library,
        }
    }

    fn is_empty(&self) -> bool {
        self.filter.is_empty() && self.find.is_empty() && self.library.is_empty()
    }
}

/// The story the reader had open last, and where in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastRead {
    pub edition_id: String,
    pub article_id: String,
    #[serde(default)]
    pub position: SavedPosition,
}

/// `state.toml` as serde sees it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateFile {
    version: i64,
    /// Ids of the articles that have been opened, in the order they were first opened.
    #[serde(default)]
    read: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last: Option<LastRead>,
    /// The queries typed into the reader's prompts.
    #[serde(default, skip_serializing_if = "QueryHistory::is_empty")]
    history: QueryHistory,
}

impl Default for StateFile {
    fn default() -> StateFile {
        StateFile {
            version: FORMAT_VERSION,
            read: Vec::new(),
            last: None,
            history: QueryHistory::default(),
        }
    }
}

/// One change to the reading state. In a recovery file each is a `[[change]]` table whose `do`
/// says which.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum Change {
    Last(LastRead),
    Read {
        article_id: String,
    },
    /// Several articles read at once (a page, an edition).
    ReadAll {
        article_ids: Vec<String>,
    },
    /// Articles unread again.
    Unread {
        article_ids: Vec<String>,
    },
    /// A query typed into a prompt, now the newest of its kind.
    Query {
        kind: QueryKind,
        query: String,
    },
}

impl Document for StateFile {
    type Change = Change;
    const WHAT: &'static str = "reading state";
    const HEADER: &'static str = "# kanbao reading state: the story open last and the stories \
        read. Safe to delete.\n\n";

    fn version(&self) -> i64 {
        self.version
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::Last(last) => self.last = Some(last.clone()),
            Change::Read { article_id } => {
                if !self.read.contains(article_id) {
                    self.read.push(article_id.clone());
                }
            }
            Change::ReadAll { article_ids } => {
                let known: HashSet<&String> = self.read.iter().collect();
                let new: Vec<String> = article_ids
                    .iter()
                    .filter(|id| !known.contains(id))
                    .cloned()
                    .collect();
                self.read.extend(new);
            }
            Change::Unread { article_ids } => {
                let gone: HashSet<&String> = article_ids.iter().collect();
                self.read.retain(|id| !gone.contains(id));
            }
            Change::Query { kind, query } => {
                let list = self.history.list_mut(*kind);
                list.retain(|q| q != query);
                list.push(query.clone());
                let excess = list.len().saturating_sub(MAX_HISTORY);
                list.drain(..excess);
            }
        }
    }

    fn tidy(&mut self) {
        let last = self.last.as_ref();
        prune_read(
            &mut self.read,
            MAX_READ_IDS,
            last.map(|l| l.edition_id.as_str()),
            last.map(|l| l.article_id.as_str()),
        );
    }
}

/// Keeps `read` to at most `cap` ids (each once, in the order first read) by dropping the
/// oldest, except the article open last and every article of the edition open last (whose
/// marks the reader sees at once). Linear in the length of the list.
fn prune_read(read: &mut Vec<String>, cap: usize, edition: Option<&str>, article: Option<&str>) {
    let mut seen = HashSet::with_capacity(read.len());
    read.retain(|id| seen.insert(id.clone()));
    let mut excess = read.len().saturating_sub(cap);
    if excess == 0 {
        return;
    }
    let kept = |id: &str| {
        Some(id) == article
            || edition.is_some_and(|e| id.strip_prefix(e).is_some_and(|rest| rest.starts_with('/')))
    };
    read.retain(|id| {
        if excess > 0 && !kept(id) {
            excess -= 1;
            false
        } else {
            true
        }
    });
}

/// Where the reader left off and what they have read, kept in `state.toml` with the same care
/// as the bookmarks. Changes apply in memory at once; `Err` means not saved yet (kept and saved
/// with the next change or [`ReadingState::flush`]).
pub struct ReadingState {
    store: Store<StateFile>,
    /// Sanitised copies of the file's values (plus unsaved changes).
    last: Option<LastRead>,
    read: HashSet<String>,
    history: QueryHistory,
}

impl std::fmt::Debug for ReadingState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadingState")
            .field("path", &self.store.path())
            .field("last", &self.last)
            .field("read", &self.read.len())
            .field("problem", &self.store.problem())
            .finish_non_exhaustive()
    }
}

impl ReadingState {
    /// Opens `dir/state.toml` (which need not exist yet). Never fails: problems are in
    /// [`ReadingState::problem`].
    pub fn open(dir: &Path) -> ReadingState {
        ReadingState::with_writer(dir, Box::new(FsWriter))
    }

    /// Opens the state in the platform state directory (or data directory); if there is none,
    /// an in-memory store whose [`ReadingState::problem`] says so.
    pub fn open_default() -> ReadingState {
        match state_dir() {
            Some(dir) => ReadingState::open(&dir),
            None => ReadingState::from_store(Store::memory()),
        }
    }

    /// Opens `dir/state.toml`, writing through `writer` (tests inject failures).
    pub fn with_writer(dir: &Path, writer: Box<dyn AtomicWrite + Send>) -> ReadingState {
        ReadingState::from_store(Store::open(dir.join(STATE_FILE), writer))
    }

    pub(crate) fn from_store(store: Store<StateFile>) -> ReadingState {
        let mut state = ReadingState {
            store,
            last: None,
            read: HashSet::new(),
            history: QueryHistory::default(),
        };
        state.refresh_view();
        state
    }

    fn refresh_view(&mut self) {
        let doc = self.store.doc();
        self.last = doc.last.as_ref().map(|last| LastRead {
            edition_id: sanitize(&last.edition_id).into_owned(),
            article_id: sanitize(&last.article_id).into_owned(),
            position: last.position,
        });
        self.read = doc
            .read
            .iter()
            .map(|id| sanitize(id).into_owned())
            .collect();
        let clean = |list: &[String]| -> Vec<String> {
            list.iter().map(|q| sanitize(q).into_owned()).collect()
        };
        self.history = QueryHistory {
            filter: clean(&doc.history.filter),
            find: clean(&doc.history.find),
            library: clean(&doc.history.library),
        };
    }

    /// The queries typed into each kind of prompt, oldest first.
    pub fn history(&self, kind: QueryKind) -> &[String] {
        match kind {
            QueryKind::Filter => &self.history.filter,
            QueryKind::Find => &self.history.find,
            QueryKind::Library => &self.history.library,
        }
    }

    /// Remembers `query` as the newest of its kind.
    pub fn remember_query(&mut self, kind: QueryKind, query: &str) -> Result<(), StoreError> {
        if self.history(kind).last().map(String::as_str) == Some(query) {
            return Ok(());
        }
        self.change(Change::Query {
            kind,
            query: query.to_owned(),
        })
    }

    /// Marks several articles read in one save; those read already are left as they are.
    pub fn mark_all_read(&mut self, article_ids: &[String]) -> Result<(), StoreError> {
        let new: Vec<String> = article_ids
            .iter()
            .filter(|id| !self.is_read(id))
            .cloned()
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        self.change(Change::ReadAll { article_ids: new })
    }

    /// Marks articles unread again, in one save.
    pub fn mark_unread(&mut self, article_ids: &[String]) -> Result<(), StoreError> {
        let read: Vec<String> = article_ids
            .iter()
            .filter(|id| self.is_read(id))
            .cloned()
            .collect();
        if read.is_empty() {
            return Ok(());
        }
        self.change(Change::Unread { article_ids: read })
    }

    /// The story open last, if any.
    pub fn last(&self) -> Option<&LastRead> {
        self.last.as_ref()
    }

    /// Records the story open now and the position in it. Unchanged values are not written.
    pub fn set_last(&mut self, last: LastRead) -> Result<(), StoreError> {
        if self.last.as_ref() == Some(&last) {
            return Ok(());
        }
        self.change(Change::Last(last))
    }

    /// Every article read, in no particular order.
    pub fn read_ids(&self) -> impl Iterator<Item = &str> {
        self.read.iter().map(String::as_str)
    }

    pub fn is_read(&self, article_id: &str) -> bool {
        self.read.contains(article_id)
    }

    /// Marks an article read. One already read is not written again.
    pub fn mark_read(&mut self, article_id: &str) -> Result<(), StoreError> {
        if self.is_read(article_id) {
            return Ok(());
        }
        self.change(Change::Read {
            article_id: article_id.to_owned(),
        })
    }

    fn change(&mut self, change: Change) -> Result<(), StoreError> {
        let result = self.store.change(change);
        self.refresh_view();
        result
    }

    /// Reads the file again, for what another kanbao changed; unsaved changes stay applied.
    pub fn reload(&mut self) {
        self.store.reload();
        self.refresh_view();
    }

    /// Tries again to save changes that could not be saved.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        let result = self.store.flush();
        self.refresh_view();
        result
    }

    /// Saves the changes for good, as kanbao quits (see [`super::Bookmarks::save_or_keep`]).
    pub fn save_or_keep(&mut self) -> Result<(), Unsaved> {
        let result = self.store.save_or_keep();
        self.refresh_view();
        result
    }

    /// True while some change is only in memory.
    pub fn has_unsaved(&self) -> bool {
        self.store.has_unsaved()
    }

    /// What the reader should know, for the status line (see [`super::Bookmarks::problem`]).
    pub fn problem(&self) -> Option<&str> {
        self.store.problem()
    }

    /// True when [`ReadingState::problem`] says something is wrong, not only what was done.
    pub fn has_error(&self) -> bool {
        self.store.has_error()
    }

    /// The state file (empty for an in-memory store).
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// How long a save waits for another kanbao's ([`super::LOCK_WAIT`] unless set).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.store.set_lock_wait(wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last(article_id: &str, paragraph: usize) -> LastRead {
        LastRead {
            edition_id: "e".to_owned(),
            article_id: article_id.to_owned(),
            position: SavedPosition { paragraph, byte: 0 },
        }
    }

    #[test]
    fn last_and_read_survive_a_restart_and_merge_across_processes() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut first = ReadingState::open(dir.path());
        let mut second = ReadingState::open(dir.path());
        assert_eq!(first.last(), None);
        first.mark_read("e/1/1").expect("saved");
        first.set_last(last("e/1/1", 3)).expect("saved");
        second.mark_read("e/1/2").expect("saved");
        let reopened = ReadingState::open(dir.path());
        assert!(reopened.is_read("e/1/1") && reopened.is_read("e/1/2"));
        assert!(!reopened.is_read("e/1/3"));
        assert_eq!(reopened.last(), Some(&last("e/1/1", 3)));
        assert_eq!(reopened.problem(), None);
        let text = std::fs::read_to_string(dir.path().join(STATE_FILE)).expect("file access");
        assert!(text.contains("version = 1"), "{text}");
    }

    #[test]
    fn unread_many_read_and_history_survive_a_restart() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut state = ReadingState::open(dir.path());
        let ids = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        state
            .mark_all_read(&ids(&["e/1/1", "e/1/2", "e/2/1"]))
            .expect("saved");
        state.mark_unread(&ids(&["e/1/2"])).expect("saved");
        for n in 0..=MAX_HISTORY {
            state
                .remember_query(QueryKind::Find, &format!("q{n}"))
                .expect("saved");
        }
        state
            .remember_query(QueryKind::Library, "清廉")
            .expect("saved");
        let reopened = ReadingState::open(dir.path());
        assert!(reopened.is_read("e/1/1") && reopened.is_read("e/2/1"));
        assert!(!reopened.is_read("e/1/2"), "unread again");
        let find = reopened.history(QueryKind::Find);
        assert_eq!(find.len(), MAX_HISTORY, "bounded");
        assert_eq!(find.first().map(String::as_str), Some("q1"));
        assert_eq!(reopened.history(QueryKind::Library), ["清廉"]);
        assert!(reopened.history(QueryKind::Filter).is_empty());
    }

    #[test]
    fn a_newer_file_is_read_only() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join(STATE_FILE);
        std::fs::write(&path, "version = 2\nsomething = \"new\"\n").expect("file access");
        let mut state = ReadingState::open(dir.path());
        assert!(state.problem().expect("a problem").contains("newer kanbao"));
        assert!(state.mark_read("e/1/1").is_err());
        assert!(state.is_read("e/1/1"), "kept in memory");
        assert!(state.has_unsaved());
        assert_eq!(
            std::fs::read_to_string(&path).expect("file access"),
            "version = 2\nsomething = \"new\"\n"
        );
    }

    #[test]
    fn the_read_list_drops_the_oldest_first_but_never_the_edition_open_last() {
        // The list, the cap, the edition and article open last, and what is kept.
        type Case<'a> = (
            &'a [&'a str],
            usize,
            Option<&'a str>,
            Option<&'a str>,
            &'a [&'a str],
        );
        let ids = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let cases: [Case; 6] = [
            (
                &["a/1", "b/1", "c/1"],
                5,
                None,
                None,
                &["a/1", "b/1", "c/1"],
            ),
            (
                &["a/1", "b/1", "c/1", "d/1"],
                2,
                None,
                None,
                &["c/1", "d/1"],
            ),
            (
                &["a/1", "b/1", "a/1", "c/1"],
                3,
                None,
                None,
                &["a/1", "b/1", "c/1"],
            ),
            (
                &["e/1", "a/1", "e/2", "b/1", "c/1", "d/1"],
                3,
                Some("e"),
                None,
                &["e/1", "e/2", "d/1"],
            ),
            // `e2/…` is another edition, not `e`'s.
            (
                &["e2/1", "a/1", "b/1"],
                2,
                Some("e"),
                Some("a/1"),
                &["a/1", "b/1"],
            ),
            // The protected ids alone exceed the cap: all are kept.
            (
                &["e/1", "e/2", "e/3"],
                2,
                Some("e"),
                None,
                &["e/1", "e/2", "e/3"],
            ),
        ];
        for (list, cap, edition, article, want) in cases {
            let mut read = ids(list);
            prune_read(&mut read, cap, edition, article);
            assert_eq!(read, ids(want), "{list:?} capped at {cap}");
        }
    }
}
