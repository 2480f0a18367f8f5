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

/// One edition as a kept discovery holds it (see [`MetaCache::kept_sources`]): what its path
/// and name say, as [`crate::library::sources`] names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptSource {
    /// An edition folder (with `edition.toml`) rather than a file.
    pub folder: bool,
    pub path: String,
    pub id: String,
    pub paper: Option<String>,
    pub date: Option<String>,
}

/// What discovery found under some paths, and the folders it listed with their times.
#[derive(Debug, Serialize, Deserialize)]
struct KeptDiscovery {
    version: u32,
    /// The paths, the working folder and kanbao's version (see [`MetaCache::kept_sources`]).
    key: String,
    folders: Vec<(String, u64)>,
    editions: Vec<KeptSource>,
}

/// A folder's time must be this old (in ns) for a discovery to be kept, a file's for what was
/// read of it to be kept: a change within the clock's granularity after the listing or the
/// read could leave the time as it was.
const SETTLED_NS: u64 = 2_000_000_000;

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
    let out = Out {
        version: CACHE_VERSION,
        entries,
    };
    write_bytes(path, &serde_json::to_vec(&out)?)
}

/// Writes `bytes` to `path` (temp file and rename), making its folder if need be.
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = std::io::BufWriter::new(tmp);
    out.write_all(bytes)?;
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
        Some(Stamp {
            len: meta.len(),
            mtime_ns: mtime_ns(&meta)?,
        })
    }

    /// The size in bytes and the modification time (ns since the epoch).
    pub(crate) fn parts(self) -> (u64, u64) {
        (self.len, self.mtime_ns)
    }
}

/// Whether a modification time (ns since the epoch) is at least [`SETTLED_NS`] old: a change
/// within the clock's granularity after it could leave it as it is.
pub(crate) fn settled(mtime_ns: u64) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .unwrap_or(0);
    now.saturating_sub(mtime_ns) >= SETTLED_NS
}

/// A file's or folder's modification time in nanoseconds since the epoch.
pub(crate) fn mtime_ns(meta: &std::fs::Metadata) -> Option<u64> {
    let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(since.as_nanos()).ok()
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

    /// The folder the cache file is in (where other caches live beside it), when it has one.
    pub fn folder(&self) -> Option<&Path> {
        self.path.as_deref()?.parent()
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

    /// What discovery found for `key` (the paths asked, as given, with the working folder and
    /// kanbao's version) when it was kept, if every folder it listed still has the time it had
    /// then: a file added, removed or renamed changes its folder's time, and a kept discovery
    /// holds only editions known by their names (see
    /// [`find_all_recorded`](crate::library::find_all_recorded)), so the same editions would
    /// be found. A `stat` per folder instead of a listing per folder and a name per file.
    pub fn kept_sources(&self, key: &str) -> Option<Vec<KeptSource>> {
        let bytes = std::fs::read(self.kept_path(key)?).ok()?;
        let kept: KeptDiscovery = postcard::from_bytes(&bytes).ok()?;
        if kept.version != CACHE_VERSION || kept.key != key {
            return None;
        }
        for (folder, mtime) in &kept.folders {
            let meta = std::fs::metadata(folder).ok()?;
            if !meta.is_dir() || mtime_ns(&meta)? != *mtime {
                return None;
            }
        }
        Some(kept.editions)
    }

    /// Keeps what discovery found for `key`, with the folders it listed and their times (see
    /// [`MetaCache::kept_sources`]); not when a folder changed in the last two seconds, or a
    /// path is not UTF-8. Written at once; failing to write is not worth a message.
    pub fn keep_sources(
        &self,
        key: &str,
        folders: &[crate::library::FolderStamp],
        editions: Vec<KeptSource>,
    ) {
        let Some(path) = self.kept_path(key) else {
            return;
        };
        let folders: Option<Vec<(String, u64)>> = folders
            .iter()
            .map(|(folder, mtime)| {
                Some((folder.to_str()?.to_owned(), *mtime)).filter(|_| settled(*mtime))
            })
            .collect();
        let Some(folders) = folders else {
            return;
        };
        let kept = KeptDiscovery {
            version: CACHE_VERSION,
            key: key.to_owned(),
            folders,
            editions,
        };
        if let Ok(bytes) = postcard::to_stdvec(&kept) {
            let _ = write_bytes(&path, &bytes);
        }
    }

    /// The file a discovery for `key` is kept in, beside the front matter's: one per library
    /// (`library-cache.sources-<crc32 of the key>.bin`, serde's postcard form, read several
    /// times faster than JSON), so a search reads only its own.
    fn kept_path(&self, key: &str) -> Option<PathBuf> {
        let sum = crc32fast::hash(key.as_bytes());
        Some(
            self.path
                .as_ref()?
                .with_extension(format!("sources-{sum:08x}.bin")),
        )
    }
}

/// The feeds' file beside the front matter's `path`: `library-cache.feeds.json`.
fn feeds_path(path: &Path) -> PathBuf {
    path.with_extension("feeds.json")
}

fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
