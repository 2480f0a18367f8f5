//! Library-wide search: every article whose kicker, headline, subtitle, byline, column, body
//! (paragraphs and subheads), photo caption or credit satisfies the [`Query`] (words ANDed, phrases, exclusions, OR,
//! fields), with its id, paper, date, page, headline and a snippet around the first match.
//!
//! Each file's raw bytes are tested first ([`Query::may_match_file`]: each term's
//! [`Needle::may_match_file`], memchr's `memchr` and `memmem`); only files that pass are loaded (`load_bytes`), newest first, and their articles
//! matched exactly, so a rare phrase costs little more than reading the archive, and a common
//! word with a limit only loads the newest editions. Files are shared out between threads, one
//! per core. Results come back per edition as they are found ([`search_each`]) or all at once,
//! newest first ([`search`]).

pub mod filters;
pub mod needle;
pub mod query;

pub use super::index::lookup::Order;
pub use super::sources::EditionSource;

use std::io::Read as _;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use unicode_width::UnicodeWidthChar;

pub use self::filters::{DateBound, DateError, Filters};
pub use self::needle::{Needle, NeedleError};
pub use self::query::{Clause, Place, Query, QueryError, Scope, Term};
use super::index::SearchIndex;
use super::sources::Origin;
use crate::edition::decode::decode;
use crate::edition::read::{LoadError, is_text_file};
use crate::edition::recognize::is_cjk;
use crate::edition::{Diagnostic, Edition, Item};
use crate::formats::dialect::{head_front_matter, load_folder, metadata_only};
use crate::formats::load_bytes;

/// Columns of context a snippet shows on each side of the match (a Chinese character takes 2).
pub const SNIPPET_CONTEXT_COLS: usize = 36;

/// The part of an item a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kicker,
    Headline,
    Subtitle,
    Byline,
    /// The column (栏目) the article runs under.
    Column,
    /// The body block (paragraph or subhead) at this index of `Item::body`.
    Body(usize),
    Caption,
    /// A photo's credit.
    Credit,
}

/// One article that contains the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The item's id (`xuchang-daily-2023-02-28/1/2`), as `kanbao read` takes it.
    pub id: String,
    /// Index of the edition in the sources searched (the same index `Library::discover` gives
    /// it for the same paths).
    pub edition_idx: usize,
    /// Index of the page in the edition, and of the item on the page.
    pub page_idx: usize,
    pub item_idx: usize,
    pub paper: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The edition's language (`zh`, `en`), for labelling the page.
    pub language: Option<String>,
    /// The page label (`1`, `B2`).
    pub page: String,
    /// The headline, else the caption, else the first words of the body.
    pub headline: String,
    /// Where the first match is, and its byte range in that text: enough to highlight it.
    pub field: Field,
    pub field_hit: Range<usize>,
    /// Text around the first match on one line, `…` where cut.
    pub snippet: String,
    /// The match's byte range in `snippet`.
    pub hit: Range<usize>,
}

/// What a search went through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Editions whose bytes were tested (all of them unless cancelled).
    pub editions: usize,
    /// Bytes tested.
    pub bytes: u64,
    /// Editions that passed the test and the filters and were loaded (with a limit, maybe not
    /// all that passed).
    pub loaded: usize,
    /// Articles found in the editions loaded.
    pub hits: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, other: Stats) {
        self.editions += other.editions;
        self.bytes += other.bytes;
        self.loaded += other.loaded;
        self.hits += other.hits;
    }
}

/// A finished search: the results newest first (by edition date, editions without one last;
/// then by edition order, page and position on the page), at most `limit` of them.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    pub stats: Stats,
    /// Files that could not be read.
    pub problems: Vec<Diagnostic>,
    /// How much of the library the index answered for.
    pub coverage: Coverage,
    /// The index could not answer (it is damaged): why. The scan answered instead.
    pub index_problem: Option<String>,
}

/// How much of a search the index answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Coverage {
    /// Every edition: nothing was scanned.
    Complete,
    /// Some editions are not in the index as they are now (new, changed, unreadable): those
    /// were scanned.
    Partial,
    /// No index was used: every edition was scanned.
    #[default]
    None,
}

impl Coverage {
    /// `complete`, `partial` or `none`, as `kanbao search --json` says it.
    pub fn name(self) -> &'static str {
        match self {
            Coverage::Complete => "complete",
            Coverage::Partial => "partial",
            Coverage::None => "none",
        }
    }
}

/// Searches `sources` for `query` with the index where it holds an edition as it is now, and by
/// the scan for the rest; the results are the scan's, article for article, in `order` (newest
/// first as [`search`] gives them, or the index's BM25 score first, scanned results after).
pub fn search_with(
    sources: &[EditionSource],
    query: impl Into<Query>,
    filters: &Filters,
    order: Order,
    index: Option<&SearchIndex>,
) -> Outcome {
    let query: Query = query.into();
    let Some(index) = index else {
        return search(sources, &query, filters);
    };
    let mut covered = Vec::new();
    let mut rest = Vec::new();
    for (idx, source) in sources.iter().enumerate() {
        match index.entry(source) {
            Some(entry) => {
                let paper = entry.paper.as_deref();
                if filters.admits(paper, source.name_paper.as_deref(), entry.date.as_deref()) {
                    covered.push((idx, entry));
                }
            }
            None => rest.push(idx),
        }
    }
    let cancel = AtomicBool::new(false);
    // Damage (an unreadable segment or stored article, or a panic inside the index library on
    // damaged data) is reported and marked for rebuilding; the scan answers.
    let looked_up = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index.lookup(&query, sources, &covered, order, filters.limit, &cancel)
    }));
    let found = match looked_up {
        Ok(Ok(found)) => found,
        failed => {
            let why = match failed {
                Ok(Err(err)) => err.to_string(),
                _ => "the index library failed on it".to_owned(),
            };
            index.mark_damaged();
            let mut outcome = search(sources, &query, filters);
            outcome.index_problem = Some(format!(
                "the search index at {} is damaged ({why}); searched without it; the next \
                 `kanbao index` (or the reader) rebuilds it",
                index.dir().display()
            ));
            return outcome;
        }
    };
    let scanned_sources: Vec<EditionSource> = rest.iter().map(|&i| sources[i].clone()).collect();
    let mut scanned = search(&scanned_sources, &query, filters);
    for hit in &mut scanned.hits {
        hit.edition_idx = rest[hit.edition_idx];
    }
    let mut stats = scanned.stats;
    stats.editions = sources.len();
    stats.hits += found.hits.len();
    let mut hits = found.hits;
    hits.append(&mut scanned.hits);
    if order == Order::Newest {
        sort_newest_first(&mut hits);
    }
    if let Some(limit) = filters.limit {
        hits.truncate(limit);
    }
    Outcome {
        hits,
        stats,
        problems: scanned.problems,
        coverage: if rest.is_empty() {
            Coverage::Complete
        } else {
            Coverage::Partial
        },
        index_problem: None,
    }
}

/// Searches `sources` for `query` (a [`Query`], or a [`Needle`] taken as one exact term) and
/// returns the results newest first.
pub fn search(sources: &[EditionSource], query: impl Into<Query>, filters: &Filters) -> Outcome {
    let found = Mutex::new(Vec::new());
    let (stats, problems) =
        search_each(sources, query, filters, &AtomicBool::new(false), &|hits| {
            found
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(hits);
        });
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

/// Puts results in the order [`Outcome`] promises.
pub fn sort_newest_first(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        newest_first(a.date.as_deref(), b.date.as_deref())
            .then(a.edition_idx.cmp(&b.edition_idx))
            .then(a.page_idx.cmp(&b.page_idx))
            .then(a.item_idx.cmp(&b.item_idx))
    });
}

/// Later ISO dates first, no date last.
pub(crate) fn newest_first(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
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
    let next = AtomicUsize::new(0);
    let mut candidates = Vec::new();
    for (found, worker) in on_every_core(threads, || {
        let mut worker = Worker::new(&query, filters);
        let mut found = Vec::new();
        while !cancel.load(Ordering::Relaxed) {
            let idx = next.fetch_add(1, Ordering::Relaxed);
            let Some(source) = sources.get(idx) else {
                break;
            };
            worker.stats.editions += 1;
            match worker.test(idx, source) {
                Ok(Some(candidate)) => found.push(candidate),
                Ok(None) => {}
                Err(problem) => worker.problems.push(problem),
            }
        }
        (found, worker)
    }) {
        candidates.extend(found);
        stats += worker.stats;
        problems.extend(worker.problems);
    }

    // 2. Loading what passed, newest first.
    candidates
        .sort_by(|a, b| newest_first(a.date.as_deref(), b.date.as_deref()).then(a.idx.cmp(&b.idx)));
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
                let mut progress = progress.lock().unwrap_or_else(PoisonError::into_inner);
                if progress.done(pos, count, as_expected) >= limit {
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

/// The cores this machine gives kanbao (1 when it cannot tell).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Runs `work` on `threads` threads (this one included) and returns what each returned.
pub(crate) fn on_every_core<T: Send>(threads: usize, work: impl Fn() -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(&work)).collect();
        let mut results = vec![work()];
        for other in others {
            results.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
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
                self.stats.bytes += len as u64;
                let raw = &self.raw[..len];
                if !self.tuned {
                    self.query.tune(raw);
                    self.tuned = true;
                }
                if !self.query.may_match_file(raw) {
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
                let raw = super::SAMPLE_TEXT.as_bytes();
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
        let edition = load_source(source, &mut self.raw)?;
        Ok((self.hits_in(idx, source, &edition), edition.date))
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

    /// The items of a loaded edition that contain the query, in page order.
    fn hits_in(&self, idx: usize, source: &EditionSource, edition: &Edition) -> Vec<Hit> {
        if !self.filters.admits(
            edition.paper.as_deref(),
            source.name_paper.as_deref(),
            edition.date.as_deref(),
        ) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (page_idx, page) in edition.pages.iter().enumerate() {
            let place = Place {
                paper: edition.paper.as_deref(),
                name_paper: source.name_paper.as_deref(),
                page_label: &page.label,
                page_name: page.name.as_deref(),
            };
            for (item_idx, item) in page.items.iter().enumerate() {
                let Some((field, text, range)) = self.query.matches(item, place) else {
                    continue;
                };
                let (snippet, hit) = snippet(text, range.clone(), SNIPPET_CONTEXT_COLS);
                hits.push(Hit {
                    id: item_id(&item.id, &edition.id, &source.id),
                    edition_idx: idx,
                    page_idx,
                    item_idx,
                    paper: edition.paper.clone(),
                    date: edition.date.clone(),
                    language: edition.language.clone(),
                    page: page.label.clone(),
                    headline: item.title().to_owned(),
                    field,
                    field_hit: range,
                    snippet,
                    hit,
                });
            }
        }
        hits
    }
}

/// Loads the edition `source` names, as search and the index read it; `buf` is reused from
/// edition to edition.
pub(crate) fn load_source(
    source: &EditionSource,
    buf: &mut Vec<u8>,
) -> Result<Edition, Diagnostic> {
    Ok(match &source.origin {
        Origin::File(path) => {
            let len = read_into(path, buf)?;
            load_bytes(&buf[..len], path)
        }
        Origin::Folder(dir) => load_folder(dir).map_err(|err| err.to_diagnostic())?,
        Origin::Sample => load_bytes(super::SAMPLE_TEXT.as_bytes(), Path::new(super::SAMPLE_PATH)),
        Origin::Other(found) => found.load().map_err(|err| err.to_diagnostic())?,
    })
}

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

/// Reads a whole file into the start of `buf` and returns its length. `buf` keeps its
/// allocation and contents from file to file (it only grows), so nothing is zeroed per file and
/// an edition usually takes one `read` call and one more that finds the end.
fn read_into(path: &Path, buf: &mut Vec<u8>) -> Result<usize, Diagnostic> {
    let fail = |source: std::io::Error| {
        LoadError::Read {
            path: path.to_owned(),
            source,
        }
        .to_diagnostic()
    };
    let mut file = crate::edition::read::open_regular(path)
        .map_err(|err| err.to_diagnostic())?
        .take(crate::edition::read::max_file_bytes());
    let mut len = 0;
    loop {
        if len == buf.len() {
            buf.resize((2 * len).max(256 * 1024), 0);
        }
        match file.read(&mut buf[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(fail(err)),
        }
    }
}

/// The item's id under the edition id the sources gave (they differ when names repeat).
pub(crate) fn item_id(item_id: &str, loaded_id: &str, source_id: &str) -> String {
    match item_id.strip_prefix(loaded_id) {
        Some(rest) if loaded_id != source_id && rest.starts_with('/') => {
            format!("{source_id}{rest}")
        }
        _ => item_id.to_owned(),
    }
}

/// The searchable text of an article in reading order: kicker, headline, subtitle, byline,
/// column, each body block, caption, credit. The scan reads it from a loaded [`Item`]; the index from the copy it
/// stored, so both match the same text.
pub trait Searchable {
    /// The parts that have text, each with the field it is.
    fn parts(&self) -> impl Iterator<Item = (Field, &str)>;
}

impl Searchable for Item {
    fn parts(&self) -> impl Iterator<Item = (Field, &str)> {
        let heads = [
            (Field::Kicker, self.kicker.as_deref()),
            (Field::Headline, self.headline.as_deref()),
            (Field::Subtitle, self.subtitle.as_deref()),
            (Field::Byline, self.byline.as_deref()),
            (Field::Column, self.column.as_deref()),
        ];
        let body = self
            .body
            .iter()
            .enumerate()
            .map(|(n, block)| (Field::Body(n), Some(block.text())));
        let tail = [
            (Field::Caption, self.caption.as_deref()),
            (Field::Credit, self.credit.as_deref()),
        ];
        heads
            .into_iter()
            .chain(body)
            .chain(tail)
            .filter_map(|(field, text)| Some((field, text?)))
    }
}

/// The first match in an item, in reading order (see [`Searchable`]).
pub fn first_match<'a>(
    item: &'a impl Searchable,
    needle: &Needle,
) -> Option<(Field, &'a str, Range<usize>)> {
    first_match_in(item, needle, |_| true)
}

/// The first match in an item, in reading order, among the fields `wanted` keeps.
pub fn first_match_in<'a>(
    item: &'a impl Searchable,
    needle: &Needle,
    wanted: impl Fn(Field) -> bool,
) -> Option<(Field, &'a str, Range<usize>)> {
    item.parts()
        .filter(|&(field, _)| wanted(field))
        .find_map(|(field, text)| needle.find(text).map(|range| (field, text, range)))
}

/// About `context_cols` columns of `text` either side of `hit`, on one line, with `…` where cut;
/// and the hit's byte range in the snippet.
pub fn snippet(text: &str, hit: Range<usize>, context_cols: usize) -> (String, Range<usize>) {
    let cols = |c: char| c.width().unwrap_or(0);
    let mut start = hit.start;
    let mut used = 0;
    for (idx, c) in text[..hit.start].char_indices().rev() {
        used += cols(c);
        if used > context_cols {
            break;
        }
        start = idx;
    }
    let mut end = hit.end;
    used = 0;
    for (idx, c) in text[hit.end..].char_indices() {
        used += cols(c);
        if used > context_cols {
            break;
        }
        end = hit.end + idx + c.len_utf8();
    }
    // Latin words are not cut: the context starts and ends at a space when it would.
    let in_word = |idx: usize| {
        let before = text[..idx].chars().next_back();
        let after = text[idx..].chars().next();
        before.zip(after).is_some_and(|(a, b)| {
            a.is_alphanumeric() && b.is_alphanumeric() && !(is_cjk(a) || is_cjk(b))
        })
    };
    if in_word(start)
        && let Some(space) = text[start..hit.start].find(' ')
    {
        start += space + 1;
    }
    if in_word(end)
        && let Some(space) = text[hit.end..end].rfind(' ')
    {
        end = hit.end + space;
    }
    let mut out = String::with_capacity(end - start + 6);
    if start > 0 {
        out.push('…');
    }
    let prefix = out.len();
    // Tabs and line breaks become spaces (one byte for one byte) so the snippet is one line.
    out.extend(
        text[start..end]
            .chars()
            .map(|c| if c == '\t' || c == '\n' { ' ' } else { c }),
    );
    if end < text.len() {
        out.push('…');
    }
    (out, hit.start - start + prefix..hit.end - start + prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_keep_the_hit_and_some_context() {
        let text = "一二三四五六七八九十";
        let (snip, hit) = snippet(text, 12..15, 4);
        assert_eq!(snip, "…三四五六七…");
        assert_eq!(&snip[hit], "五");
        let (snip, hit) = snippet("abc\tdef", 0..1, 40);
        assert_eq!((snip.as_str(), hit), ("abc def", 0..1));
        let (snip, hit) = snippet("the river park plan", 10..14, 6);
        assert_eq!(snip, "…river park plan");
        assert_eq!(&snip[hit], "park");
        // Latin words are kept whole; CJK is cut anywhere.
        let text = "said Councilwoman Ada Park. Continued on Page B2";
        let (snip, hit) = snippet(text, 28..37, 14);
        assert_eq!(snip, "…Ada Park. Continued on Page B2");
        let (snip, _) = snippet(text, 28..37, 10);
        assert_eq!(snip, "…Ada Park. Continued on Page…");
        assert_eq!(&snip[hit], "Continued");
        let (snip, _) = snippet("甲乙丙丁戊己庚", 9..12, 4);
        assert_eq!(snip, "…乙丙丁戊己…");
    }

    #[test]
    fn items_match_in_reading_order() {
        let sample = crate::library::sample();
        let needle = Needle::new("救助").expect("a query");
        let matched: Vec<(String, Field)> = sample
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| first_match(item, &needle).map(|(f, _, _)| (item.id.clone(), f)))
            .collect();
        assert_eq!(
            matched,
            [("xuchang-daily-2023-02-28/1/2".to_owned(), Field::Headline)]
        );
    }

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

    #[test]
    fn ids_follow_the_sources() {
        assert_eq!(item_id("a-2023/1/2", "a-2023", "a-2023-2"), "a-2023-2/1/2");
        assert_eq!(item_id("a-2023/1/2", "a-2023", "a-2023"), "a-2023/1/2");
    }

    #[test]
    fn newest_first_then_page_order() {
        let hit = |date: Option<&str>, edition_idx, page_idx, item_idx| Hit {
            id: format!("{edition_idx}/{page_idx}/{item_idx}"),
            edition_idx,
            page_idx,
            item_idx,
            paper: None,
            date: date.map(str::to_owned),
            language: None,
            page: String::new(),
            headline: String::new(),
            field: Field::Headline,
            field_hit: 0..0,
            snippet: String::new(),
            hit: 0..0,
        };
        let mut hits = vec![
            hit(None, 0, 0, 0),
            hit(Some("2013-01-01"), 1, 1, 0),
            hit(Some("2014-01-01"), 3, 0, 1),
            hit(Some("2013-01-01"), 1, 0, 2),
            hit(Some("2014-01-01"), 2, 2, 0),
        ];
        sort_newest_first(&mut hits);
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["2/2/0", "3/0/1", "1/0/2", "1/1/0", "0/0/0"]);
    }
}
