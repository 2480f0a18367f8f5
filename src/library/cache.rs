//! The discovery cache: the front matter of each edition file (paper, date, issue, language),
//! keyed by path, size and modification time, so a large archive opens without reading its
//! files. Optional and never needed for correctness: an entry whose file changed is read again,
//! and a missing, unreadable, damaged or foreign cache file is simply rebuilt.
//!
//! What feed files hold is kept in a file of its own beside it (`library-cache.feeds.json`): a search
//! or `kanbao index` needs only that part to discover a library (it asks no front matter), and
//! need not parse the front matter of a large archive to learn that it holds no feed.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::edition::Edition;

/// Bumped when the file's meaning changes; another version is ignored and rebuilt.
const CACHE_VERSION: u32 = 1;

/// What the cache remembers of one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// Size in bytes and modification time (ns since the epoch) of the file (for an edition
    /// folder, of its `edition.toml`) when the entry was made.
    len: u64,
    mtime_ns: u64,
    paper: Option<String>,
    date: Option<String>,
    issue: Option<String>,
    language: Option<String>,
    /// `incomplete = true` in a fetched edition's `edition.toml`.
    #[serde(default)]
    incomplete: bool,
}

/// What the cache remembers of one feed file: the editions it holds items of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FeedEntry {
    len: u64,
    mtime_ns: u64,
    editions: Vec<FeedName>,
}

/// One edition a feed file holds items of, as discovery names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedName {
    pub id: String,
    pub paper: Option<String>,
    pub date: Option<String>,
}

/// The front matter file. Caches written before the feeds had a file of their own hold them
/// here too: they are left unread.
#[derive(Debug, Serialize, Deserialize)]
struct CacheFile<T> {
    version: u32,
    entries: HashMap<String, T>,
}

/// One of the two files, read; a missing, unreadable, damaged or foreign one is empty, and
/// says whether it should be written again.
fn read_part<T: serde::de::DeserializeOwned>(path: &Path) -> (HashMap<String, T>, bool) {
    let parsed = std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<CacheFile<T>>(&bytes).ok());
    match parsed {
        Some(file) if file.version == CACHE_VERSION => (file.entries, false),
        Some(_) | None => (HashMap::new(), path.exists()),
    }
}

/// Writes one of the two files (temp file and rename).
fn write_part<T: Serialize>(path: &Path, entries: &HashMap<String, T>) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a, T> {
        version: u32,
        entries: &'a HashMap<String, T>,
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = std::io::BufWriter::new(tmp);
    serde_json::to_writer(
        &mut out,
        &Out {
            version: CACHE_VERSION,
            entries,
        },
    )?;
    out.flush()?;
    let tmp = out
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The size and modification time that make an entry current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    mtime_ns: u64,
}

impl Stamp {
    /// The stamp of an edition file, or of a folder edition's `edition.toml`.
    pub fn of(path: &Path, is_folder: bool) -> Option<Stamp> {
        let file = if is_folder {
            path.join("edition.toml")
        } else {
            path.to_owned()
        };
        let meta = std::fs::metadata(file).ok()?;
        let mtime_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            len: meta.len(),
            mtime_ns: u64::try_from(mtime_ns).ok()?,
        })
    }
}

/// The cache in memory; [`MetaCache::save`] writes back what changed.
#[derive(Debug, Default)]
pub struct MetaCache {
    path: Option<PathBuf>,
    /// The front matter part: `None` when it was not read ([`MetaCache::open_feeds`]).
    entries: Option<HashMap<String, Entry>>,
    feeds: HashMap<String, FeedEntry>,
    entries_changed: bool,
    feeds_changed: bool,
}

impl MetaCache {
    /// `library-cache.json` in the platform cache folder (`$XDG_CACHE_HOME/kanbao/`).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "kanbao")
            .map(|dirs| dirs.cache_dir().join("library-cache.json"))
    }

    /// Reads the cache at `path` (and its feeds beside it). A file that is missing,
    /// unreadable, not JSON or of another version gives an empty cache that will replace it.
    pub fn open(path: &Path) -> MetaCache {
        let (entries, entries_changed) = read_part(path);
        MetaCache {
            entries: Some(entries),
            entries_changed,
            ..MetaCache::open_feeds(path)
        }
    }

    /// [`MetaCache::open`] without the front matter: what discovery by names needs (the
    /// feeds), for a search or `kanbao index`. The front matter file is left as it is.
    pub fn open_feeds(path: &Path) -> MetaCache {
        let (feeds, feeds_changed) = read_part(&feeds_path(path));
        MetaCache {
            path: Some(path.to_owned()),
            entries: None,
            feeds,
            entries_changed: false,
            feeds_changed,
        }
    }

    /// The metadata remembered for `path`, if the file has not changed since.
    pub fn get(&self, path: &Path, stamp: Stamp) -> Option<([Option<String>; 4], bool)> {
        let entry = self.entries.as_ref()?.get(&key(path))?;
        // The cache is a file too: what it says is made safe to print like any front matter.
        let clean = |text: &Option<String>| {
            text.as_deref()
                .map(|t| crate::edition::sanitize::sanitize(t).into_owned())
        };
        (entry.len == stamp.len && entry.mtime_ns == stamp.mtime_ns).then(|| {
            (
                [
                    clean(&entry.paper),
                    clean(&entry.date),
                    clean(&entry.issue),
                    clean(&entry.language),
                ],
                entry.incomplete,
            )
        })
    }

    /// Remembers what the front matter of `path` said.
    pub fn insert(&mut self, path: &Path, stamp: Stamp, edition: &Edition) {
        let entry = Entry {
            len: stamp.len,
            mtime_ns: stamp.mtime_ns,
            paper: edition.paper.clone(),
            date: edition.date.clone(),
            issue: edition.issue.clone(),
            language: edition.language.clone(),
            incomplete: edition.is_incomplete(),
        };
        let entries = self.entries.get_or_insert_with(HashMap::new);
        if entries.insert(key(path), entry.clone()).as_ref() != Some(&entry) {
            self.entries_changed = true;
        }
    }

    /// Whether the cache holds anything of `path` as a feed file (current or not): only such
    /// a file is worth a `stat` to ask [`MetaCache::get_feed`].
    pub fn knows_feed(&self, path: &Path) -> bool {
        !self.feeds.is_empty() && self.feeds.contains_key(&key(path))
    }

    /// The editions a feed file was found to hold, if it has not changed since.
    pub fn get_feed(&self, path: &Path, stamp: Stamp) -> Option<&[FeedName]> {
        let entry = self.feeds.get(&key(path))?;
        (entry.len == stamp.len && entry.mtime_ns == stamp.mtime_ns)
            .then_some(entry.editions.as_slice())
    }

    /// Remembers the editions a feed file holds.
    pub fn insert_feed(&mut self, path: &Path, stamp: Stamp, editions: Vec<FeedName>) {
        let entry = FeedEntry {
            len: stamp.len,
            mtime_ns: stamp.mtime_ns,
            editions,
        };
        if self.feeds.insert(key(path), entry.clone()).as_ref() != Some(&entry) {
            self.feeds_changed = true;
        }
    }

    /// Forgets feed files not in `keep`.
    pub fn retain_feeds<'a>(&mut self, keep: impl IntoIterator<Item = &'a Path>) {
        let keep: std::collections::HashSet<String> = keep.into_iter().map(key).collect();
        let before = self.feeds.len();
        self.feeds.retain(|k, _| keep.contains(k));
        self.feeds_changed |= self.feeds.len() != before;
    }

    /// Forgets entries for paths not in `keep` (files deleted or moved since).
    pub fn retain<'a>(&mut self, keep: impl IntoIterator<Item = &'a Path>) {
        let Some(entries) = &mut self.entries else {
            return;
        };
        let keep: std::collections::HashSet<String> = keep.into_iter().map(key).collect();
        let before = entries.len();
        entries.retain(|k, _| keep.contains(k));
        self.entries_changed |= entries.len() != before;
    }

    /// Writes each part that changed (temp file and rename). Failing to write a cache is not
    /// an error worth a message: the next start reads the files again.
    pub fn save(&mut self) {
        let Some(path) = &self.path else { return };
        if self.entries_changed
            && let Some(entries) = &self.entries
        {
            self.entries_changed = write_part(path, entries).is_err();
        }
        if self.feeds_changed {
            self.feeds_changed = write_part(&feeds_path(path), &self.feeds).is_err();
        }
    }
}

/// The feeds' file beside the front matter's `path`: `library-cache.feeds.json`.
fn feeds_path(path: &Path) -> PathBuf {
    path.with_extension("feeds.json")
}

fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
