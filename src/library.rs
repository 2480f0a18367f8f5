//! Finding editions on disk: single files, edition folders (with `edition.toml`) and library
//! folders searched recursively; plus the sample edition embedded in the binary. [`sources`]
//! lists editions without reading them and [`search`] searches them all.

pub mod cache;
mod found;
pub mod kept;
pub mod search;
pub mod sources;
pub mod synthetic;
pub(crate) mod threads;

/// The search index lives with the rest of search (`library/search/index.rs`); this is its
/// short public path.
pub use search::index;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::edition::read::is_text_file;
use crate::edition::{Diagnostic, Edition, Severity};
use crate::formats::dialect::load_folder;
use crate::formats::open::{metadata_from_names, metadata_only};
use crate::formats::{load_bytes, load_file};

/// The sample edition's text, embedded so `kanbao` works from anywhere.
pub const SAMPLE_TEXT: &str = include_str!("../editions/xuchang-daily-2023-02-28.txt");
/// The name the embedded sample goes by in ids and messages.
pub const SAMPLE_PATH: &str = "<embedded>/xuchang-daily-2023-02-28.txt";

/// The embedded sample edition.
pub fn sample() -> Edition {
    load_bytes(SAMPLE_TEXT.as_bytes(), Path::new(SAMPLE_PATH))
}

/// Editions found, with the problems that kept other files out. Editions are either loaded or,
/// in a lazily discovered library, placeholders that hold only the metadata (id, paper, date)
/// until [`Library::ensure_loaded`] parses them; at most [`MAX_LOADED`] are kept parsed.
#[derive(Debug, Default)]
pub struct Library {
    pub editions: Vec<Edition>,
    /// Files and folders that could not be loaded or were skipped.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each edition can be (re)loaded from; `None` for editions that live only in memory.
    sources: Vec<Option<Found>>,
    loaded: Vec<bool>,
    /// Loaded editions that can be evicted, least recently used first.
    recent: Vec<usize>,
}

/// Parsed editions kept in memory at once by a lazy library (the rest are re-read on demand).
pub const MAX_LOADED: usize = 24;

impl Library {
    /// A library of editions already in memory (all loaded).
    pub fn from_editions(editions: Vec<Edition>) -> Library {
        let n = editions.len();
        Library {
            editions,
            diagnostics: Vec::new(),
            sources: vec![None; n],
            loaded: vec![true; n],
            recent: Vec::new(),
        }
    }

    /// The library a user gets without `-L`: `./editions` when it exists, else the embedded sample.
    /// `lazy` discovers editions without parsing them (the reader); otherwise all are loaded.
    pub fn default_library(lazy: bool) -> Library {
        let local = Path::new("editions");
        if local.is_dir() {
            let paths = [local.to_owned()];
            let library = if lazy {
                Library::discover(&paths)
            } else {
                Library::load(&paths)
            };
            if !library.editions.is_empty() {
                return library;
            }
        }
        Library::from_editions(vec![sample()])
    }

    /// Loads every edition under `paths`. Never fails: unreadable files become diagnostics.
    pub fn load(paths: &[PathBuf]) -> Library {
        let mut library = Library::default();
        for source in find_all(paths, &mut library.diagnostics) {
            match source.load() {
                Ok(edition) => library.editions.push(edition),
                Err(err) => library.diagnostics.push(err.to_diagnostic()),
            }
        }
        dedupe_ids(&mut library.editions);
        let count = library.editions.len();
        library.sources = vec![None; count];
        library.loaded = vec![true; count];
        library
    }

    /// Finds every edition under `paths` from names and front matter only; nothing is parsed.
    pub fn discover(paths: &[PathBuf]) -> Library {
        Library::discover_cached(paths, None)
    }

    /// [`Library::discover`], taking the front matter of unchanged files from `cache` (and
    /// remembering what it reads there). The reader passes the user's cache; tests their own.
    pub fn discover_cached(paths: &[PathBuf], mut cache: Option<&mut cache::MetaCache>) -> Library {
        let mut library = Library::default();
        let found = find_all_cached(paths, &mut library.diagnostics, cache.as_deref_mut());
        // Reading front matter is I/O-bound: the cores share what the cache does not know.
        let known = cache.as_deref();
        let results = threads::map_in_order(&found, 128, |source| {
            if !source.cacheable() {
                return (source.metadata(), None, false);
            }
            let (path, is_folder) = (source.path(), source.is_folder());
            let stamp = known.and_then(|_| cache::Stamp::of(path, is_folder));
            if let (Some(c), Some(stamp)) = (known, stamp)
                && let Some(([paper, date, issue, language], incomplete)) = c.get(path, stamp)
            {
                let mut edition = metadata_from_names(path, is_folder);
                (edition.paper, edition.date, edition.issue, edition.language) =
                    (paper, date, issue, language);
                if incomplete {
                    edition
                        .metadata
                        .insert("incomplete".to_owned(), "true".to_owned());
                }
                return (edition, Some(stamp), true);
            }
            (metadata_only(path, is_folder), stamp, false)
        });
        if let Some(cache) = cache {
            for (source, (edition, stamp, hit)) in found.iter().zip(&results) {
                if let (Some(stamp), false) = (stamp, hit) {
                    cache.insert(source.path(), *stamp, edition);
                }
            }
            cache.retain(found.iter().filter(|f| f.cacheable()).map(Found::path));
            cache.save();
        }
        let editions: Vec<Edition> = results.into_iter().map(|(edition, _, _)| edition).collect();
        library.loaded = vec![false; editions.len()];
        library.editions = editions;
        library.sources = found.into_iter().map(Some).collect();
        dedupe_ids(&mut library.editions);
        library
    }

    /// Whether edition `idx` is parsed (its pages are there).
    pub fn is_loaded(&self, idx: usize) -> bool {
        self.loaded.get(idx).copied().unwrap_or(false)
    }

    /// Parses edition `idx` if it is only a placeholder, and marks it recently used. When more
    /// than [`MAX_LOADED`] are parsed, the least recently used other one goes back to a
    /// placeholder. A file that cannot be read gives its diagnostic (also kept in `diagnostics`).
    pub fn ensure_loaded(&mut self, idx: usize) -> Result<(), Diagnostic> {
        if idx >= self.editions.len() {
            return Ok(());
        }
        if !self.is_loaded(idx) {
            self.load_one(idx)?;
        }
        if self.sources[idx].is_some() {
            self.recent.retain(|&i| i != idx);
            self.recent.push(idx);
            while self.recent.len() > MAX_LOADED {
                let old = self.recent.remove(0);
                self.unload(old);
            }
        }
        Ok(())
    }

    /// Visits every edition parsed, one at a time, in discovery order: each is parsed before the
    /// call and, if it was not parsed before, dropped back to metadata after it, so memory stays
    /// proportional to a few editions however large the archive. The next few are parsed on
    /// every core while the ones before them are visited in order. Editions that cannot be read
    /// are skipped (their diagnostics are in `diagnostics`).
    pub fn for_each_edition<E>(
        &mut self,
        mut visit: impl FnMut(&Edition) -> Result<(), E>,
    ) -> Result<(), E> {
        let threads = threads::cores().clamp(1, 4);
        let window = 2 * threads;
        let mut start = 0;
        while start < self.editions.len() {
            let end = (start + window).min(self.editions.len());
            let todo: Vec<(usize, Found)> = (start..end)
                .filter(|&idx| !self.is_loaded(idx))
                .filter_map(|idx| Some((idx, self.sources.get(idx).cloned().flatten()?)))
                .collect();
            let next = std::sync::atomic::AtomicUsize::new(0);
            let mut parsed: Vec<(usize, Result<Edition, crate::edition::read::LoadError>)> =
                threads::on_every_core(threads.min(todo.len()).max(1), || {
                    let mut done = Vec::new();
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((idx, source)) = todo.get(n) else {
                            break done;
                        };
                        done.push((*idx, source.load()));
                    }
                })
                .into_iter()
                .flatten()
                .collect();
            parsed.sort_unstable_by_key(|(idx, _)| *idx);
            let mut fresh = Vec::with_capacity(parsed.len());
            for (idx, result) in parsed {
                if self.place(idx, result).is_ok() {
                    fresh.push(idx);
                }
            }
            for idx in start..end {
                let parsed_now = fresh.contains(&idx);
                let unreadable =
                    !self.is_loaded(idx) && self.sources.get(idx).is_some_and(Option::is_some);
                if unreadable {
                    continue;
                }
                if let Err(err) = visit(&self.editions[idx]) {
                    for &idx in &fresh {
                        self.unload(idx);
                    }
                    return Err(err);
                }
                if parsed_now {
                    self.unload(idx);
                }
            }
            start = end;
        }
        Ok(())
    }

    /// Adds the editions at `path` (a file, an edition folder, a crawler folder; a feed file
    /// can hold several) that the library does not have yet, and returns the index of the
    /// first. Nothing is parsed.
    pub fn add_path(&mut self, path: &Path) -> Option<usize> {
        let mut first = None;
        for source in find_all(&[path.to_owned()], &mut Vec::new()) {
            if let Some(idx) = self
                .sources
                .iter()
                .position(|s| s.as_ref() == Some(&source))
            {
                first.get_or_insert(idx);
                continue;
            }
            let mut edition = source.metadata();
            let mut seen: HashSet<String> = self.editions.iter().map(|e| e.id.clone()).collect();
            let id = unique_id(edition.id.clone(), &mut seen);
            if id != edition.id {
                rename(&mut edition, &id);
            }
            self.editions.push(edition);
            self.sources.push(Some(source));
            self.loaded.push(false);
            first.get_or_insert(self.editions.len() - 1);
        }
        first
    }

    /// Adds the edition at `path` like [`Library::add_path`], and when the library had it
    /// already, forgets what it parsed and read of it, so it is read again as it is now on disk
    /// (an edition that `kanbao fetch` just completed). Returns its index.
    pub fn refresh_path(&mut self, path: &Path) -> Option<usize> {
        let idx = self.add_path(path)?;
        if let Some(Some(source)) = self.sources.get(idx) {
            let mut edition = source.metadata();
            edition.id.clone_from(&self.editions[idx].id);
            self.editions[idx] = edition;
            self.loaded[idx] = false;
            self.recent.retain(|&i| i != idx);
        }
        Some(idx)
    }

    /// The editions as library-wide search takes them, with the library index of each (editions
    /// that live only in memory, other than the built-in sample, cannot be searched on disk).
    pub fn search_sources(&self) -> (Vec<sources::EditionSource>, Vec<usize>) {
        let mut out = Vec::new();
        let mut index = Vec::new();
        for (idx, edition) in self.editions.iter().enumerate() {
            let origin = match self.sources.get(idx).cloned().flatten() {
                Some(Found::File(path)) => sources::Origin::File(path),
                Some(Found::Folder(path)) => sources::Origin::Folder(path),
                Some(other) => sources::Origin::Other(other),
                None if edition.source == Path::new(SAMPLE_PATH) => sources::Origin::Sample,
                None => continue,
            };
            out.push(sources::EditionSource {
                origin,
                id: edition.id.clone(),
                name_paper: edition.paper.clone(),
                name_date: edition.date.clone(),
            });
            index.push(idx);
        }
        (out, index)
    }

    /// The index of the edition with this id.
    pub fn position(&self, edition_id: &str) -> Option<usize> {
        self.editions.iter().position(|e| e.id == edition_id)
    }

    /// Drops a parsed edition back to its metadata.
    fn unload(&mut self, idx: usize) {
        self.editions[idx].pages = Vec::new();
        self.editions[idx].warnings = Vec::new();
        self.loaded[idx] = false;
    }

    fn load_one(&mut self, idx: usize) -> Result<(), Diagnostic> {
        let Some(source) = self.sources.get(idx).cloned().flatten() else {
            return Ok(());
        };
        self.place(idx, source.load())
    }

    /// Puts the edition at `idx` parsed in its place (named as discovery named it), or records
    /// why it could not be read.
    fn place(
        &mut self,
        idx: usize,
        loaded: Result<Edition, crate::edition::read::LoadError>,
    ) -> Result<(), Diagnostic> {
        match loaded {
            Ok(mut edition) => {
                let id = self.editions[idx].id.clone();
                if edition.id != id {
                    rename(&mut edition, &id);
                }
                self.editions[idx] = edition;
                self.loaded[idx] = true;
                Ok(())
            }
            Err(err) => {
                let diagnostic = err.to_diagnostic();
                if !self.diagnostics.contains(&diagnostic) {
                    self.diagnostics.push(diagnostic.clone());
                }
                Err(diagnostic)
            }
        }
    }

    /// Finds an item by id across the library.
    pub fn item(
        &self,
        id: &str,
    ) -> Option<(&Edition, &crate::edition::Page, &crate::edition::Item)> {
        let edition_id = id.split('/').next()?;
        let edition = self.editions.iter().find(|e| e.id == edition_id)?;
        edition.pages.iter().find_map(|page| {
            page.items
                .iter()
                .find(|item| item.id == id)
                .map(|item| (edition, page, item))
        })
    }

    /// Every diagnostic: the library's own and each edition's.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.editions.iter().flat_map(|e| &e.warnings))
    }
}

/// Something on disk that holds one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A text file: the heading dialect, or OCR text of one page (the loader sniffs which).
    File(PathBuf),
    /// A folder with `edition.toml`.
    Folder(PathBuf),
    /// A crawler's day folder of per-article files (`20200115/20200115-01-01.txt`).
    Articles(PathBuf),
    /// A Chronicling America issue folder (`ed-1/seq-1/ocr.txt`, …): one page per `seq-N`.
    OcrIssue(PathBuf),
    /// One edition (a paper on a date) of the feed files that hold its items.
    Feed(FeedEdition),
}

/// An edition made of feed items: which files hold them and what the feeds call it.
#[derive(Debug, Clone)]
pub struct FeedEdition {
    /// Every feed file with an item of this edition, in discovery order (never empty).
    pub files: Vec<PathBuf>,
    pub id: String,
    pub paper: Option<String>,
    pub date: Option<String>,
    /// Where the edition is kept once read, when discovery had a cache folder.
    pub kept: Option<std::sync::Arc<kept::KeptEditions>>,
}

/// Where an edition is kept is not part of what it is.
impl PartialEq for FeedEdition {
    fn eq(&self, other: &FeedEdition) -> bool {
        (&self.files, &self.id, &self.paper, &self.date)
            == (&other.files, &other.id, &other.paper, &other.date)
    }
}

impl Eq for FeedEdition {}

impl Found {
    /// The file or folder the edition is read from (a feed edition's first file).
    pub fn path(&self) -> &Path {
        match self {
            Found::File(path)
            | Found::Folder(path)
            | Found::Articles(path)
            | Found::OcrIssue(path) => path,
            Found::Feed(feed) => feed.files.first().map_or(Path::new(""), PathBuf::as_path),
        }
    }

    /// True for an edition folder with `edition.toml` (whose stamp is that file's).
    pub fn is_folder(&self) -> bool {
        matches!(self, Found::Folder(_))
    }

    /// Whether the discovery cache can describe it: single files and edition folders, whose
    /// metadata is front matter.
    fn cacheable(&self) -> bool {
        matches!(self, Found::File(_) | Found::Folder(_))
    }

    /// Parses the edition.
    pub(crate) fn load(&self) -> Result<Edition, crate::edition::read::LoadError> {
        match self {
            Found::File(path) => load_file(path),
            Found::Folder(path) => load_folder(path),
            Found::Articles(path) => crate::formats::articles::load_article_folder(path),
            Found::OcrIssue(path) => crate::formats::ocr::load_ocr_issue(path),
            Found::Feed(feed) => found::load_feed_edition(feed),
        }
    }

    /// The edition's metadata from its name and front matter, nothing parsed.
    pub(crate) fn metadata(&self) -> Edition {
        match self {
            Found::File(_) | Found::Folder(_) => metadata_only(self.path(), self.is_folder()),
            other => found::metadata(other),
        }
    }
}

/// Every edition under `paths`, in discovery order; what was skipped goes to `problems`.
/// A file or folder reached twice (named twice, or inside a folder also named) is one edition.
/// Feed files are read here, as one file can hold several editions and one edition can come
/// from several files: each edition stands where the first file with its items was found.
pub(crate) fn find_all(paths: &[PathBuf], problems: &mut Vec<Diagnostic>) -> Vec<Found> {
    find_all_cached(paths, problems, None)
}

/// [`find_all`], taking what unchanged feed files hold from `cache` (and remembering what it
/// reads).
pub(crate) fn find_all_cached(
    paths: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
    cache: Option<&mut cache::MetaCache>,
) -> Vec<Found> {
    find_all_recorded(paths, problems, cache).0
}

/// A folder the walk listed, and its modification time (ns since the epoch) just before.
pub(crate) type FolderStamp = (PathBuf, u64);

/// [`find_all_cached`], and the folders it listed with their modification times, when what it
/// found follows from their listings alone: every file an `.md` edition (known by its name,
/// never opened), no symbolic link met, no feed, crawler folder or OCR issue, nothing to
/// report. Then as long as no folder's time changed (a file added, removed or renamed in it
/// changes it), the same paths find the same editions ([`crate::library::sources`] keeps them
/// so). `None` otherwise.
pub(crate) fn find_all_recorded(
    paths: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
    cache: Option<&mut cache::MetaCache>,
) -> (Vec<Found>, Option<Vec<FolderStamp>>) {
    let mut found = Vec::new();
    let mut feeds = Vec::new();
    let mut plain = HashSet::new();
    let mut listed = Some(Vec::new());
    let problems_before = problems.len();
    for path in paths {
        let mut walker = Walker {
            found: &mut found,
            feeds: &mut feeds,
            problems: &mut *problems,
            visited: HashSet::new(),
            depth: 0,
            known_feeds: cache.as_deref(),
            plain: std::mem::take(&mut plain),
            folders: &mut listed,
        };
        walker.walk(path, true, None);
        plain = walker.plain;
    }
    if !feeds.is_empty() || problems.len() != problems_before {
        listed = None;
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
    let mut seen_feeds = HashSet::new();
    feeds.retain(|(_, p)| seen_feeds.insert(canonical(p)));
    let mut out = Vec::with_capacity(found.len());
    if feeds.is_empty() {
        out = found;
    } else {
        let files: Vec<PathBuf> = feeds.iter().map(|(_, p)| p.clone()).collect();
        let mut cache = cache;
        if let Some(cache) = cache.as_deref_mut() {
            cache.retain_feeds(files.iter().map(PathBuf::as_path));
        }
        let mut placed: Vec<(usize, Found)> = found::feed_found(&files, problems, cache)
            .into_iter()
            .map(|feed| {
                let first = feed.files.first().cloned().unwrap_or_default();
                let at = feeds
                    .iter()
                    .find(|(_, p)| *p == first)
                    .map_or(usize::MAX, |(at, _)| *at);
                (at, Found::Feed(feed))
            })
            .collect();
        // A stable sort keeps each file's editions in the order the feeds gave them.
        placed.sort_by_key(|(at, _)| *at);
        let mut placed = placed.into_iter().peekable();
        for (idx, f) in found.into_iter().enumerate() {
            while let Some((_, feed)) = placed.next_if(|(at, _)| *at <= idx) {
                out.push(feed);
            }
            out.push(f);
        }
        out.extend(placed.map(|(_, feed)| feed));
    }
    // The same edition reached by two paths (overlapping library folders, symlinks) is kept
    // once. A file that is not a symlink is its folder's canonical path and its name, so an
    // archive costs one `canonicalize` per folder (and an `lstat` per file no listing typed),
    // not a `readlink` per path component per file.
    // Paths are compared as bytes (canonical ones are spelled one way), not as `Path`s, whose
    // hash parses every component.
    let mut folders: HashMap<std::ffi::OsString, PathBuf> = HashMap::new();
    let mut canonical_of = |p: &Path| -> std::ffi::OsString {
        let plain = plain.contains(p.as_os_str())
            || std::fs::symlink_metadata(p).is_ok_and(|m| !m.file_type().is_symlink());
        match (p.parent(), p.file_name()) {
            (Some(parent), Some(name)) if plain && !parent.as_os_str().is_empty() => {
                let folder = match folders.get(parent.as_os_str()) {
                    Some(folder) => folder,
                    None => folders
                        .entry(parent.as_os_str().to_owned())
                        .or_insert_with(|| canonical(parent)),
                };
                folder.join(name).into_os_string()
            }
            _ => canonical(p).into_os_string(),
        }
    };
    let mut seen = HashSet::new();
    out.retain(|f| matches!(f, Found::Feed(_)) || seen.insert(canonical_of(f.path())));
    (out, listed)
}

/// Walks `path`: an explicit file is an edition whatever its extension; a folder with
/// `edition.toml` is one edition; any other folder is a library searched recursively (sorted by
/// name, symlink loops and non-regular files skipped). Entries of a listed folder are typed by
/// the listing, so an archive of thousands of files costs no `stat` per file.
/// `listed` is the entry's type (symlinks not followed) when a folder listing gave it; `feeds`
/// collects feed files with the count of editions found before each.
/// Folders nested deeper than this below a library are not searched (with a warning): real
/// archives nest a few levels (paper/year/month/day), and each level costs a `canonicalize`.
const MAX_DEPTH: usize = 32;

/// What a walk over libraries gathers.
struct Walker<'a> {
    found: &'a mut Vec<Found>,
    /// Feed files, each with the count of editions found before it.
    feeds: &'a mut Vec<(usize, PathBuf)>,
    problems: &'a mut Vec<Diagnostic>,
    /// Folders seen (canonical), so symlink loops end.
    visited: HashSet<PathBuf>,
    /// How deep below the path given the walk is.
    depth: usize,
    /// The discovery cache: a file it knows as a feed, unchanged since, is one without
    /// reading its head (an indexed feed library is searched without opening its files).
    known_feeds: Option<&'a cache::MetaCache>,
    /// Files a folder listing typed as regular files (not symlinks): their canonical path is
    /// their folder's and their name, with no `lstat` to ask.
    /// Kept as the path's bytes: hashing a `Path` parses its components, and these paths are
    /// all spelled as the walk joined them.
    plain: HashSet<std::ffi::OsString>,
    /// The folders listed with their times, while what is found follows from listings alone
    /// (see [`find_all_recorded`]); `None` from the first thing that does not.
    folders: &'a mut Option<Vec<FolderStamp>>,
}

impl Walker<'_> {
    /// A file met on the walk: a feed the discovery cache knows unchanged is one without
    /// reading its head; any other file is sniffed.
    fn file(&mut self, path: &Path, explicit: bool) {
        // Any other file is opened (its head sniffed), or is a feed: its contents decide.
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            *self.folders = None;
        }
        let known_feed = self.known_feeds.is_some_and(|cache| {
            cache.knows_feed(path)
                && cache::Stamp::of(path, false).is_some_and(|s| cache.get_feed(path, s).is_some())
        });
        if known_feed {
            self.feeds.push((self.found.len(), path.to_owned()));
        } else {
            file_found(path, explicit, self.found, self.feeds, self.problems);
        }
    }

    /// Records a folder about to be listed with its time, while what is found follows from
    /// listings. Taken before the listing: a change made while it is read leaves a newer time.
    fn record_folder(&mut self, path: &Path) {
        if let Some(folders) = self.folders.as_mut() {
            match std::fs::metadata(path).map(|m| cache::mtime_ns(&m)) {
                Ok(Some(mtime)) => folders.push((path.to_owned(), mtime)),
                _ => *self.folders = None,
            }
        }
    }

    fn walk(&mut self, path: &Path, explicit: bool, listed: Option<std::fs::FileType>) {
        let problem = |message: String| Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: None,
            message,
        };
        let file_type = match listed {
            Some(file_type) if file_type.is_file() || file_type.is_dir() => file_type,
            // Symlinks, and paths given by the user: follow them.
            _ => match std::fs::metadata(path) {
                Ok(meta) => {
                    // A link: what it points at can change with no folder's time changing.
                    if listed.is_some() {
                        *self.folders = None;
                    }
                    meta.file_type()
                }
                Err(err) => {
                    let dangling = std::fs::symlink_metadata(path).is_ok();
                    let what = if dangling {
                        "a symlink whose target is missing".to_owned()
                    } else {
                        err.to_string()
                    };
                    self.problems
                        .push(problem(format!("cannot open: {what}; check the path")));
                    return;
                }
            },
        };
        if file_type.is_file() {
            if listed.is_some_and(|t| t.is_file()) {
                self.plain.insert(path.as_os_str().to_owned());
            }
            self.file(path, explicit);
            return;
        }
        if !file_type.is_dir() {
            if explicit || is_text_file(path) {
                let mut d = problem(format!(
                    "{}, not a regular file; skipped (kanbao reads only regular files)",
                    crate::edition::read::what_it_is(file_type)
                ));
                d.severity = Severity::Warning;
                self.problems.push(d);
            }
            return;
        }
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if !self.visited.insert(canonical) {
            let mut d = problem("folder already visited (a symlink loop?); skipped".to_owned());
            d.severity = Severity::Warning;
            self.problems.push(d);
            return;
        }
        self.record_folder(path);
        let has_toml = path.join("edition.toml").exists();
        let entries = match list_folder(path) {
            Ok(entries) => entries,
            Err(err) => {
                self.problems
                    .push(problem(format!("cannot list folder: {err}")));
                return;
            }
        };
        let names: Vec<String> = entries
            .iter()
            .map(|(name, _)| name.to_string_lossy().into_owned())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        if crate::formats::articles::is_article_folder(path, &names) {
            *self.folders = None;
            self.found.push(Found::Articles(path.to_owned()));
            return;
        }
        if !has_toml
            && names.iter().any(|n| n.starts_with("seq-"))
            && crate::formats::ocr::is_ocr_issue_folder(path)
        {
            *self.folders = None;
            self.found.push(Found::OcrIssue(path.to_owned()));
            return;
        }
        if has_toml {
            self.found.push(Found::Folder(path.to_owned()));
            return;
        }
        if self.depth >= MAX_DEPTH {
            let mut d = problem(format!(
                "folders nested more than {MAX_DEPTH} levels deep are not searched; \
                 open this folder with -L"
            ));
            d.severity = Severity::Warning;
            self.problems.push(d);
            return;
        }
        self.depth += 1;
        for (name, listed) in entries {
            self.walk(&path.join(name), false, listed);
        }
        self.depth -= 1;
    }
}

/// The entries of a folder but hidden ones, with their types as the listing gives them, by
/// name: the same order as sorting the paths, as they share this folder.
fn list_folder(
    path: &Path,
) -> std::io::Result<Vec<(std::ffi::OsString, Option<std::fs::FileType>)>> {
    let mut entries: Vec<_> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e.file_type().ok()))
        .filter(|(name, _)| !name.as_encoded_bytes().starts_with(b"."))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// A file met on the walk: a text edition, a feed file (kept for [`find_all`] to group), or
/// skipped with the reason.
fn file_found(
    path: &Path,
    explicit: bool,
    found: &mut Vec<Found>,
    feeds: &mut Vec<(usize, PathBuf)>,
    problems: &mut Vec<Diagnostic>,
) {
    match crate::formats::sniff_file(path, explicit) {
        crate::formats::Sniffed::Text => found.push(Found::File(path.to_owned())),
        crate::formats::Sniffed::Feed => feeds.push((found.len(), path.to_owned())),
        crate::formats::Sniffed::Skip(why) => problems.push(Diagnostic {
            severity: if explicit {
                Severity::Error
            } else {
                Severity::Warning
            },
            path: path.to_owned(),
            line: None,
            message: format!(
                "skipped: {why}; kanbao reads text editions (.md, .txt), feeds, crawler folders and OCR pages (see docs/FORMAT.md)"
            ),
        }),
    }
}

/// Two editions named alike in different folders get `-2`, `-3` so ids stay unique.
fn dedupe_ids(editions: &mut [Edition]) {
    let mut seen: HashSet<String> = HashSet::new();
    for edition in editions.iter_mut() {
        let id = unique_id(edition.id.clone(), &mut seen);
        if id != edition.id {
            rename(edition, &id);
        }
    }
}

/// `id`, or `id-2`, `id-3`… when an earlier edition has it. Search's sources follow the same
/// rule, so ids agree everywhere.
pub(crate) fn unique_id(id: String, seen: &mut HashSet<String>) -> String {
    if seen.insert(id.clone()) {
        return id;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{id}-{n}");
        if seen.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Gives an edition a new id, and its items and links the matching ids.
fn rename(edition: &mut Edition, id: &str) {
    let old_prefix = format!("{}/", edition.id);
    for item in edition.pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        let printings = item
            .repeat_of
            .iter_mut()
            .chain(&mut item.also_on)
            .map(|p| &mut p.id);
        for slot in [
            Some(&mut item.id),
            item.continued_from_id.as_mut(),
            item.continued_to_id.as_mut(),
        ]
        .into_iter()
        .flatten()
        .chain(printings)
        {
            if let Some(rest) = slot.strip_prefix(&old_prefix) {
                *slot = format!("{id}/{rest}");
            }
        }
    }
    id.clone_into(&mut edition.id);
}
