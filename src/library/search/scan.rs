//! The scan: searching editions by reading them. Each file's raw bytes are tested first
//! ([`Query::may_match_file`]: each term's
//! [`Needle::may_match_file`](super::needle::Needle::may_match_file), memchr's `memchr` and
//! `memmem`); only files that pass are loaded (`load_bytes`) and their articles matched exactly,
//! so a rare phrase costs little more than reading the archive. Results handed over as they are
//! found, or cut to a limit, come from editions loaded newest first once every file is tested
//! (a common word with a limit only loads the newest editions); every result kept and sorted at
//! the end comes from each file loaded as soon as it passes, from the bytes its test read. Files
//! are shared out between threads, one per core. Results come back per edition as they are
//! found ([`search_each`]) or all at once, newest first ([`search`]).
//!
//! Built on the query vocabulary (the sibling modules of `search/`), the threads
//! (`library::threads`) and its own edition reading (`read`); it must never import the
//! index ([`index`](crate::library::search::index)) or the choice between the index and the scan
//! ([`crate::library::search`]'s own items).

pub(crate) mod read;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use self::read::{load_source, read_into};
use super::filters::Filters;
use super::hit::{EditionLabels, Hit, HitTexts};
use super::order::{newest_first, sort_newest_first};
use super::outcome::{Coverage, Outcome, Stats};
use super::query::{Place, Query};
use super::snippet::{SNIPPET_CONTEXT_COLS, push_snippet};
use crate::edition::decode::decode;
use crate::edition::read::{LoadError, is_text_file};
use crate::edition::repeats::{Repeats, first_printing, repeated};
use crate::edition::{Diagnostic, Edition, Format};
use crate::formats::dialect::{head_front_matter, metadata_only};
use crate::formats::load_bytes_with;
use crate::formats::ocr::ocr_names;
use crate::formats::sniff::text_format;
use crate::library::SAMPLE_TEXT;
use crate::library::sources::{EditionSource, Origin};
use crate::library::threads::{cores, on_every_core};

/// Searches `sources` for `query` (a [`Query`], or a [`Needle`](super::needle::Needle) taken as
/// one exact term) and returns the results newest first.
pub fn search(sources: &[EditionSource], query: impl Into<Query>, filters: &Filters) -> Outcome {
    let found = Mutex::new(Vec::new());
    let sink = |hits| {
        found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(hits);
    };
    let cancel = AtomicBool::new(false);
    // Every result is kept and sorted at the end: the order editions are loaded in does not
    // matter, and each is loaded as soon as its bytes pass, from the bytes read for the test.
    let (stats, problems) = if filters.limit.is_none() {
        search_unordered(sources, &query.into(), filters, &cancel, &sink)
    } else {
        search_each(sources, query, filters, &cancel, &sink)
    };
    let mut hits = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    sort_newest_first(&mut hits);
    if let Some(limit) = filters.limit {
        hits.truncate(limit);
    }
    Outcome {
        hits,
        stats,
        problems,
        coverage: Coverage::None,
        index_problem: None,
    }
}

/// Searches `sources` on every core and hands each edition's results (in page order; never an
/// empty batch) to `sink` as soon as that edition is done. Stops early when `cancel` is set.
///
/// First every file's raw bytes are tested; then the editions that passed are loaded newest
/// first (by the date their front matter or name gives), so results arrive roughly newest
/// first. With `filters.limit`, loading stops once the newest editions hold that many results:
/// `sink` may get more than the limit, never fewer than [`search`] keeps.
pub fn search_each(
    sources: &[EditionSource],
    query: impl Into<Query>,
    filters: &Filters,
    cancel: &AtomicBool,
    sink: &(dyn Fn(Vec<Hit>) + Sync),
) -> (Stats, Vec<Diagnostic>) {
    let threads = cores().min(sources.len()).max(1);
    let query: Query = query.into();
    let mut stats = Stats::default();
    let mut problems = Vec::new();

    // 1. The raw test, file by file.
    let mut candidates = Vec::new();
    let tested = test_every_file(sources, (&query, filters), cancel, |_, candidate| {
        Some(candidate)
    });
    for (found, worker) in tested {
        candidates.extend(found);
        stats += worker.stats;
        problems.extend(worker.problems);
    }

    // 2. Loading what passed, newest first; those whose date cannot be told before loading
    // (no front matter date, no date in the name) first of all, as they may be the newest.
    candidates.sort_by(|a, b| {
        (a.date.is_some().cmp(&b.date.is_some()))
            .then_with(|| newest_first(a.date.as_deref(), b.date.as_deref()))
            .then(a.idx.cmp(&b.idx))
    });
    let next = AtomicUsize::new(0);
    let progress = Mutex::new(Progress::new(candidates.len()));
    let enough = AtomicBool::new(false);
    for worker in on_every_core(threads, || {
        let mut worker = Worker::new(&query, filters);
        while !cancel.load(Ordering::Relaxed) && !enough.load(Ordering::Relaxed) {
            let pos = next.fetch_add(1, Ordering::Relaxed);
            let Some(candidate) = candidates.get(pos) else {
                break;
            };
            let (count, as_expected) = match worker.load(candidate.idx, &sources[candidate.idx]) {
                Ok((hits, date)) => {
                    let as_expected = date == candidate.date;
                    let count = hits.len();
                    worker.stats.loaded += 1;
                    worker.stats.hits += count;
                    if count > 0 {
                        sink(hits);
                    }
                    (count, as_expected)
                }
                Err(problem) => {
                    worker.problems.push(problem);
                    (0, true)
                }
            };
            if let Some(limit) = filters.limit {
                // An edition of no expected date that loads with none sorts after every dated
                // result: its results never make the newest ones (one that loads with a date is
                // a surprise, and then every candidate is loaded).
                let counted = if candidate.date.is_some() { count } else { 0 };
                let mut progress = progress.lock().unwrap_or_else(PoisonError::into_inner);
                if progress.done(pos, counted, as_expected) >= limit {
                    enough.store(true, Ordering::Relaxed);
                }
            }
        }
        worker
    }) {
        stats += worker.stats;
        problems.extend(worker.problems);
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    (stats, problems)
}

/// [`search_each`] for a caller that wants every result and sorts them itself: each file is
/// loaded as soon as its raw bytes pass the test, on the thread that tested it and from the
/// bytes it read (not read a second time, nor loaded newest first).
fn search_unordered(
    sources: &[EditionSource],
    query: &Query,
    filters: &Filters,
    cancel: &AtomicBool,
    sink: &(dyn Fn(Vec<Hit>) + Sync),
) -> (Stats, Vec<Diagnostic>) {
    let mut stats = Stats::default();
    let mut problems = Vec::new();
    let load = |worker: &mut Worker<'_>, candidate: Candidate| -> Option<()> {
        match worker.load_tested(candidate.idx, &sources[candidate.idx]) {
            Ok(hits) => {
                worker.stats.loaded += 1;
                worker.stats.hits += hits.len();
                if !hits.is_empty() {
                    sink(hits);
                }
            }
            Err(problem) => worker.problems.push(problem),
        }
        None
    };
    for (_, worker) in test_every_file(sources, (query, filters), cancel, load) {
        stats += worker.stats;
        problems.extend(worker.problems);
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    (stats, problems)
}

/// The raw test ([`Worker::test`]) of every source, on every core, `passed` called on the
/// thread that tested an edition as soon as it passes (its bytes still in the worker's buffer);
/// what it returns is gathered. Each thread's gatherings and worker (its stats and problems) at
/// the end.
fn test_every_file<'f, T: Send>(
    sources: &[EditionSource],
    (query, filters): (&Query, &'f Filters),
    cancel: &AtomicBool,
    passed: impl Fn(&mut Worker<'f>, Candidate) -> Option<T> + Sync,
) -> Vec<(Vec<T>, Worker<'f>)> {
    let threads = cores().min(sources.len()).max(1);
    let next = AtomicUsize::new(0);
    on_every_core(threads, || {
        let mut worker = Worker::new(query, filters);
        let mut gathered = Vec::new();
        while !cancel.load(Ordering::Relaxed) {
            let idx = next.fetch_add(1, Ordering::Relaxed);
            let Some(source) = sources.get(idx) else {
                break;
            };
            worker.stats.editions += 1;
            match worker.test(idx, source) {
                Ok(Some(candidate)) => gathered.extend(passed(&mut worker, candidate)),
                Ok(None) => {}
                Err(problem) => worker.problems.push(problem),
            }
        }
        (gathered, worker)
    })
}

/// An edition whose raw bytes passed the test, and the date it is expected to load with.
struct Candidate {
    idx: usize,
    date: Option<String>,
}

/// Which candidates (in newest-first order) are loaded, for stopping at a limit: the results
/// of the loaded prefix are the newest, unless an edition loaded with another date than its
/// front matter promised (then every candidate is loaded).
struct Progress {
    counts: Vec<Option<usize>>,
    prefix: usize,
    prefix_hits: usize,
    surprised: bool,
}

impl Progress {
    fn new(candidates: usize) -> Self {
        Progress {
            counts: vec![None; candidates],
            prefix: 0,
            prefix_hits: 0,
            surprised: false,
        }
    }

    /// Records candidate `pos` as loaded with `count` results; returns the results in the
    /// loaded prefix (0 once surprised).
    fn done(&mut self, pos: usize, count: usize, as_expected: bool) -> usize {
        self.surprised |= !as_expected;
        self.counts[pos] = Some(count);
        while let Some(Some(n)) = self.counts.get(self.prefix) {
            self.prefix_hits += n;
            self.prefix += 1;
        }
        if self.surprised { 0 } else { self.prefix_hits }
    }
}

/// One thread's share of a search, with buffers reused from file to file.
struct Worker<'a> {
    /// The query, its raw test tuned on the first file this worker reads.
    query: Query,
    tuned: bool,
    filters: &'a Filters,
    raw: Vec<u8>,
    /// How much of `raw` the last file tested filled.
    tested_len: usize,
    stats: Stats,
    problems: Vec<Diagnostic>,
}

impl<'a> Worker<'a> {
    fn new(query: &Query, filters: &'a Filters) -> Self {
        Worker {
            query: query.clone(),
            tuned: false,
            filters,
            raw: Vec::new(),
            tested_len: 0,
            stats: Stats::default(),
            problems: Vec::new(),
        }
    }

    /// The raw test, then the filters on what the front matter (else the name) says: `None`
    /// when the edition cannot hold a result.
    fn test(
        &mut self,
        idx: usize,
        source: &EditionSource,
    ) -> Result<Option<Candidate>, Diagnostic> {
        let expected = match &source.origin {
            Origin::File(path) => {
                let len = read_into(path, &mut self.raw)?;
                self.tested_len = len;
                self.stats.bytes += len as u64;
                let raw = &self.raw[..len];
                if !self.tuned {
                    self.query.tune(raw);
                    self.tuned = true;
                }
                if !self.query.may_match_file(raw) && !loads_as_ocr(raw, path) {
                    return Ok(None);
                }
                expected_names(raw, source)
            }
            Origin::Folder(dir) => {
                if !self.folder_may_match(dir)? {
                    return Ok(None);
                }
                let edition = metadata_only(dir, true);
                (edition.paper, edition.date)
            }
            Origin::Sample => {
                let raw = SAMPLE_TEXT.as_bytes();
                self.stats.bytes += raw.len() as u64;
                if !self.query.may_match_file(raw) {
                    return Ok(None);
                }
                expected_names(raw, source)
            }
            // Feed HTML escapes its text and legacy encodings hide it from a byte test: these
            // are read whole, and the filters go by what discovery learnt of them.
            Origin::Other(_) => (source.name_paper.clone(), source.name_date.clone()),
        };
        let (paper, date) = expected;
        let admitted = self.filters.admits(
            paper.as_deref(),
            source.name_paper.as_deref(),
            date.as_deref(),
        );
        Ok(admitted.then_some(Candidate { idx, date }))
    }

    /// Loads an edition that passed [`Worker::test`]: its results and its date.
    fn load(
        &mut self,
        idx: usize,
        source: &EditionSource,
    ) -> Result<(Vec<Hit>, Option<String>), Diagnostic> {
        let (edition, repeats) = load_source(source, &mut self.raw, Repeats::Leave)?;
        Ok((self.hits_in(idx, source, &edition, repeats), edition.date))
    }

    /// [`Worker::load`] of the edition [`Worker::test`] has just passed: a file's bytes are
    /// still in the buffer, and are loaded from there.
    fn load_tested(&mut self, idx: usize, source: &EditionSource) -> Result<Vec<Hit>, Diagnostic> {
        let (edition, repeats) = match &source.origin {
            Origin::File(path) => (
                load_bytes_with(&self.raw[..self.tested_len], path, Repeats::Leave),
                Repeats::Leave,
            ),
            _ => load_source(source, &mut self.raw, Repeats::Leave)?,
        };
        Ok(self.hits_in(idx, source, &edition, repeats))
    }

    /// Whether the page files of a folder edition pass the raw test together: each clause of
    /// the query may be met in some file.
    fn folder_may_match(&mut self, dir: &Path) -> Result<bool, Diagnostic> {
        let entries = std::fs::read_dir(dir).map_err(|source| {
            LoadError::Read {
                path: dir.to_owned(),
                source,
            }
            .to_diagnostic()
        })?;
        let mut met = vec![false; self.query.clauses().len()];
        for path in entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_text_file(p))
        {
            // An unreadable page is the full load's to report.
            if let Ok(len) = read_into(&path, &mut self.raw) {
                self.stats.bytes += len as u64;
                self.query.mark_possible(&self.raw[..len], &mut met);
                if met.iter().all(|&m| m) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The items of a loaded edition that contain the query, in page order, each story
    /// printed twice at its first printing only. `repeats` says whether the loader marked the
    /// stories printed twice; if it left them, the items that match are asked about
    /// ([`first_printing`]), or, when more than [`ASKED_ONE_BY_ONE`] match, the whole edition
    /// ([`repeated`]).
    fn hits_in(
        &self,
        idx: usize,
        source: &EditionSource,
        edition: &Edition,
        repeats: Repeats,
    ) -> Vec<Hit> {
        if !self.filters.admits(
            edition.paper.as_deref(),
            source.name_paper.as_deref(),
            edition.date.as_deref(),
        ) {
            return Vec::new();
        }
        let mut matched = Vec::new();
        for (page_idx, page) in edition.pages.iter().enumerate() {
            let place = Place {
                paper: edition.paper.as_deref(),
                name_paper: source.name_paper.as_deref(),
                page_label: &page.label,
                page_name: page.name.as_deref(),
            };
            for (item_idx, item) in page.items.iter().enumerate() {
                if let Some(found) = self.query.matches(item, place) {
                    matched.push(((page_idx, item_idx), item, found));
                }
            }
        }
        if matched.is_empty() {
            return Vec::new();
        }
        let later: Vec<_> = match repeats {
            Repeats::Mark => Vec::new(),
            Repeats::Leave if matched.len() > ASKED_ONE_BY_ONE => repeated(&edition.pages)
                .into_iter()
                .map(|(_, later)| later)
                .collect(),
            Repeats::Leave => matched
                .iter()
                .map(|&(at, ..)| at)
                .filter(|&at| first_printing(&edition.pages, at).is_some())
                .collect(),
        };
        let mut hits = Vec::with_capacity(matched.len());
        let labels = EditionLabels::new(
            edition.paper.as_deref(),
            edition.date.as_deref(),
            edition.language.as_deref(),
        );
        for ((page_idx, item_idx), item, (field, text, range)) in matched {
            // `later` is in page order, as `repeated` and `matched` are.
            if item.repeat_of.is_some() || later.binary_search(&(page_idx, item_idx)).is_ok() {
                continue;
            }
            let (texts, hit) = HitTexts::write(
                (&item.id, &edition.id, &source.id),
                &edition.pages[page_idx].label,
                item.title(),
                |out| push_snippet(out, text, range.clone(), SNIPPET_CONTEXT_COLS),
            );
            hits.push(Hit {
                texts,
                edition_idx: idx,
                page_idx,
                item_idx,
                paper: labels.paper.clone(),
                date: labels.date.clone(),
                language: labels.language.clone(),
                field,
                field_hit: range,
                hit,
            });
        }
        hits
    }
}

/// Items of an edition loaded with its repeats unmarked that are asked about one by one; past
/// this many matches, the whole edition's repeats are found at once.
const ASKED_ONE_BY_ONE: usize = 2;

/// Whether the file whose bytes are `raw` loads as OCR page text. The raw test cannot speak for
/// such a file: its reader joins a page's title lines with ` — ` and drops the masthead's
/// debris between them, so a phrase of the loaded text may be nowhere in the bytes. It is
/// loaded whole. (Asked only of files the raw test turned down; a file with front matter is
/// told at its first line.)
fn loads_as_ocr(raw: &[u8], path: &Path) -> bool {
    let start = raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw);
    if start.trim_ascii_start().starts_with(b"+++") {
        // Front matter: the heading dialect's, unless the name is an OCR page's.
        return ocr_names(path).is_some();
    }
    let head = String::from_utf8_lossy(&raw[..raw.len().min(OCR_SNIFF_BYTES)]);
    text_format(&head, path) == Format::Ocr
}

/// What [`loads_as_ocr`] reads of a file: the 8 KB OCR page text is told by, and a character
/// more.
const OCR_SNIFF_BYTES: usize = 8 * 1024 + 4;

/// The paper and date an edition will load with, from the front matter at the top of `raw`
/// (within the first 64 KB, as the library's discovery reads it) or else its name.
fn expected_names(raw: &[u8], source: &EditionSource) -> (Option<String>, Option<String>) {
    let front = head_front_matter(&decode(front_matter_lines(raw)).text).unwrap_or_default();
    (
        front.paper.or_else(|| source.name_paper.clone()),
        front.date.or_else(|| source.name_date.clone()),
    )
}

/// The lines at the top of `raw` that hold its front matter: blank lines, the opening `+++`
/// and everything up to the closing one (or the first line, when the file opens otherwise),
/// within the first 64 KB. Decoding only these keeps a common-word search from decoding every
/// file twice.
fn front_matter_lines(raw: &[u8]) -> &[u8] {
    let head = &raw[..raw.len().min(64 * 1024)];
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let skipped = head.len() - text.len();
    let mut fences = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text) {
        let line = std::str::from_utf8(&text[start..end]).unwrap_or("?");
        if line.trim_end() == "+++" {
            fences += 1;
        } else if fences == 0 && !line.trim().is_empty() {
            fences = 2;
        }
        if fences == 2 {
            return &head[..=skipped + end];
        }
        start = end + 1;
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_counts_the_loaded_prefix_only() {
        let mut progress = Progress::new(4);
        assert_eq!(progress.done(1, 5, true), 0);
        assert_eq!(progress.done(0, 2, true), 7);
        assert_eq!(progress.done(3, 1, true), 7);
        assert_eq!(progress.done(2, 0, false), 0);
    }

    #[test]
    fn front_matter_is_read_from_its_own_lines() {
        let cases: [(&str, &str); 4] = [
            (
                "\u{feff}\n+++\ndate = 2023-02-28\n+++ \r\n# A\n",
                "\u{feff}\n+++\ndate = 2023-02-28\n+++ \r\n",
            ),
            ("# A\n+++\n", "# A\n"),
            ("+++\npaper = \"P\"\n", "+++\npaper = \"P\"\n"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(
                front_matter_lines(raw.as_bytes()),
                want.as_bytes(),
                "{raw:?}"
            );
        }
    }
}
