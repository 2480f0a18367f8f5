//! Answering a query from the index: the query's required terms select candidate articles from
//! the posting lists, candidates are put in the order asked (newest first, or by BM25 score),
//! and each is checked against its stored text with the scan's own matcher until enough hold.
//!
//! Built on the index ([`super`]), its stored articles and terms, the query vocabulary and the
//! threads; it must never import the scan or the choice between the index and the scan
//! ([`crate::library::search`]'s own items), and the index's build never imports it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query as IndexQuery, TermQuery, TermSetQuery};
use tantivy::schema::{Field as IndexField, IndexRecordOption};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use super::articles::ArticleFile;
use super::stored::{self, StoredItem};
use super::tokens::{WordMatch, required};
use super::{Entry, Fields, SearchIndex};
use crate::library::search::hit::{EditionLabels, Hit, HitTexts};
use crate::library::search::needle::Needle;
use crate::library::search::order::{Order, newest_first};
use crate::library::search::query::{Place, Query, Scope};
use crate::library::search::snippet::{SNIPPET_CONTEXT_COLS, push_snippet};
use crate::library::sources::EditionSource;
use crate::library::threads::cores;

/// The most distinct words one partial word may stand for in the index (`park` in `parking`,
/// `parks`, `ballpark` …). Past it the word asks nothing of the index and the check decides:
/// slower for that query, never wrong, and never an unbounded expansion.
const MAX_WORD_EXPANSION: usize = 4096;

/// The index query that selects every article a needle can match (and maybe more). A word that
/// may be part of a longer one is matched through the term dictionary (a prefix by a range of
/// it, a suffix or infix by a walk over it), never by a regular expression: a query's cost is
/// bounded by the dictionary's size, whatever the word.
fn needle_query(
    searcher: &Searcher,
    fields: Fields,
    needle: &Needle,
) -> tantivy::Result<Box<dyn IndexQuery>> {
    let wanted = required(needle.query());
    let mut musts: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
    for term in wanted.cjk {
        musts.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.cjk, &term),
                IndexRecordOption::WithFreqs,
            )),
        ));
    }
    for word in wanted.words {
        let query: Box<dyn IndexQuery> = match word {
            WordMatch::Exact(w) => Box::new(TermQuery::new(
                Term::from_field_text(fields.word, &w),
                IndexRecordOption::WithFreqs,
            )),
            partial => match words_matching(searcher, fields.word, &partial)? {
                Some(terms) => Box::new(TermSetQuery::new(terms)),
                None => continue,
            },
        };
        musts.push((Occur::Must, query));
    }
    if musts.is_empty() {
        return Ok(Box::new(AllQuery));
    }
    Ok(Box::new(BooleanQuery::new(musts)))
}

/// Whether a dictionary key holds a partial word as asked.
type KeyTest = fn(&[u8], &[u8]) -> bool;

/// The words of the index that a partial word can be part of, from every segment's term
/// dictionary; `None` when they are more than [`MAX_WORD_EXPANSION`].
fn words_matching(
    searcher: &Searcher,
    field: IndexField,
    word: &WordMatch,
) -> tantivy::Result<Option<Vec<Term>>> {
    let (part, test): (&str, KeyTest) = match word {
        WordMatch::Exact(w) => (w, |key, w| key == w),
        WordMatch::Prefix(w) => (w, <[u8]>::starts_with),
        WordMatch::Suffix(w) => (w, <[u8]>::ends_with),
        WordMatch::Contains(w) => (w, |key, w| memchr::memmem::find(key, w).is_some()),
    };
    let part_bytes = part.as_bytes();
    let mut found: std::collections::BTreeSet<Vec<u8>> = std::collections::BTreeSet::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let dict = inverted.terms();
        let mut stream = if matches!(word, WordMatch::Prefix(_)) {
            dict.range().ge(part_bytes).into_stream()?
        } else {
            dict.stream()?
        };
        while stream.advance() {
            let key = stream.key();
            if test(key, part_bytes) {
                if !found.contains(key) {
                    found.insert(key.to_vec());
                    if found.len() > MAX_WORD_EXPANSION {
                        return Ok(None);
                    }
                }
            } else if matches!(word, WordMatch::Prefix(_)) {
                // Terms are sorted: past the prefix, none can start with it.
                break;
            }
        }
    }
    Ok(Some(
        found
            .into_iter()
            .filter_map(|key| String::from_utf8(key).ok())
            .map(|key| Term::from_field_text(field, &key))
            .collect(),
    ))
}

/// The index query for a whole [`Query`]: every clause that needs text present, each as any of
/// its alternatives. Exclusions and `paper:`/`page:` are left to the check.
fn index_query(
    searcher: &Searcher,
    fields: Fields,
    query: &Query,
) -> tantivy::Result<Box<dyn IndexQuery>> {
    let mut musts: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
    for clause in query.clauses() {
        let needs_text = clause.is_positive()
            && clause
                .alternatives
                .iter()
                .all(|t| !t.scope.is_some_and(Scope::is_metadata));
        if !needs_text {
            continue;
        }
        let mut shoulds: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
        for term in &clause.alternatives {
            shoulds.push((Occur::Should, needle_query(searcher, fields, &term.needle)?));
        }
        musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
    }
    Ok(Box::new(BooleanQuery::new(musts)))
}

/// An article the index selected.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Its edition's place among the editions searched, newest first.
    rank: u32,
    /// Page index << 32 | item index.
    pos: u64,
    addr: DocAddress,
    score: Score,
}

/// No rank: the edition is not searched.
const UNRANKED: u32 = u32::MAX;

/// Gathers the candidates of the editions searched: `ranks[eid]`, [`UNRANKED`] for the rest.
struct Candidates {
    ranks: Arc<Vec<u32>>,
    scoring: bool,
}

struct SegmentCandidates {
    segment: SegmentOrdinal,
    eid: Column<u64>,
    pos: Column<u64>,
    ranks: Arc<Vec<u32>>,
    found: Vec<Candidate>,
}

impl Collector for Candidates {
    type Fruit = Vec<Candidate>;
    type Child = SegmentCandidates;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCandidates> {
        Ok(SegmentCandidates {
            segment,
            eid: reader.fast_fields().u64("eid")?,
            pos: reader.fast_fields().u64("pos")?,
            ranks: Arc::clone(&self.ranks),
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Candidate>>) -> tantivy::Result<Vec<Candidate>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentCandidates {
    type Fruit = Vec<Candidate>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(eid) = self.eid.first(doc) else {
            return;
        };
        let rank = usize::try_from(eid)
            .ok()
            .and_then(|eid| self.ranks.get(eid))
            .copied()
            .unwrap_or(UNRANKED);
        if rank != UNRANKED {
            self.found.push(Candidate {
                rank,
                pos: self.pos.first(doc).unwrap_or(0),
                addr: DocAddress::new(self.segment, doc),
                score,
            });
        }
    }

    fn harvest(self) -> Vec<Candidate> {
        self.found
    }
}

/// Candidates a checker takes at a time: their results are handed over together.
const BATCH: usize = 256;

/// Runs of [`BATCH`] candidates a checker may be past the last run handed over: memory holds
/// some 8,000 results in flight, however many there are.
const AHEAD: usize = 32;

impl SearchIndex {
    /// The articles of the editions in `covered` (source index and what the index holds of it)
    /// that satisfy `query`, checked against their stored text, in `order`, handed to `sink`
    /// as they are checked: in order, a batch at a time (never an empty one). With `limit`,
    /// stops once `limit + 1` hold (one batch), so the caller knows whether more were left out;
    /// without, a batch is what one run of at most [`BATCH`] candidates held.
    pub fn lookup(
        &self,
        query: &Query,
        sources: &[EditionSource],
        covered: &[(usize, &Entry)],
        (order, limit): (Order, Option<usize>),
        cancel: &AtomicBool,
        sink: &mut dyn FnMut(Vec<Hit>),
    ) -> tantivy::Result<()> {
        let (newest, ranks) = newest_first_ranked(covered);
        // Each edition's labels, made when its first result is (not for every edition searched).
        let labels: Vec<std::sync::OnceLock<EditionLabels>> =
            newest.iter().map(|_| std::sync::OnceLock::new()).collect();
        let searcher = self.reader.searcher();
        let mut candidates = searcher.search(
            &*index_query(&searcher, self.fields, query)?,
            &Candidates {
                ranks: Arc::new(ranks),
                scoring: order == Order::Relevance,
            },
        )?;
        let in_order = |a: &Candidate, b: &Candidate| match order {
            Order::Newest => (a.rank, a.pos).cmp(&(b.rank, b.pos)),
            Order::Relevance => b
                .score
                .total_cmp(&a.score)
                .then((a.rank, a.pos).cmp(&(b.rank, b.pos))),
        };
        // With a limit, only the first few candidates are ever read: put those first (a
        // selection) and sort just them; the rest are sorted only if checking runs past them.
        let head = limit.map_or(candidates.len(), |l| (4 * (l + 1)).max(64));
        let mut sorted_upto = candidates.len();
        if head < candidates.len() {
            candidates.select_nth_unstable_by(head, in_order);
            sorted_upto = head;
        }
        candidates[..sorted_upto].sort_unstable_by(in_order);
        // A document that cannot be read or decoded is damage, never a non-match: the search
        // fails and the scan answers.
        let check = |c: &Candidate, stores: &mut Stores| -> tantivy::Result<Option<Hit>> {
            let damaged =
                || tantivy::TantivyError::InvalidArgument("a stored article is damaged".into());
            let text = stores
                .article(&searcher, c.addr, &self.manifest.dictionary)?
                .ok_or_else(damaged)?;
            let stored = StoredItem::decode(text).ok_or_else(damaged)?;
            let &(source, entry) = newest.get(c.rank as usize).ok_or_else(damaged)?;
            let labels = labels[c.rank as usize].get_or_init(|| {
                EditionLabels::new(
                    entry.paper.as_deref(),
                    entry.date.as_deref(),
                    entry.language.as_deref(),
                )
            });
            let hit = hit_of(
                query,
                &stored,
                c.pos,
                (source, entry, labels),
                &sources[source],
            );
            // A block that is not UTF-8 ended the reading before a match: damage.
            if stored.damaged() {
                return Err(damaged());
            }
            Ok(hit)
        };
        if let Some(limit) = limit {
            let mut hits = Vec::new();
            let mut stores = Stores::default();
            for n in 0..candidates.len() {
                if hits.len() > limit || cancel.load(Ordering::Relaxed) {
                    break;
                }
                if n == sorted_upto {
                    candidates[sorted_upto..].sort_unstable_by(in_order);
                }
                hits.extend(check(&candidates[n], &mut stores)?);
            }
            if !hits.is_empty() {
                sink(hits);
            }
            return Ok(());
        }
        stream_checked(&candidates, &check, cancel, sink)
    }
}

/// The hits of one run of candidates ([`BATCH`] of them, the `run`th), or why they could not be
/// checked.
type CheckedRun = (usize, tantivy::Result<Vec<Hit>>);

/// Checks every candidate on every core, handing the hits to `sink` on this thread in the
/// candidates' order, a run at a time, as soon as every earlier run is handed over: this thread
/// writes the results (a terminal, a pipe, JSON: a fifth of the time of every result of a
/// common word) while the other threads check, with no core idle between windows. A checker
/// takes the runs in order and waits when it is [`AHEAD`] runs past the last one handed over.
fn stream_checked(
    candidates: &[Candidate],
    check: &(dyn Fn(&Candidate, &mut Stores) -> tantivy::Result<Option<Hit>> + Sync),
    cancel: &AtomicBool,
    sink: &mut dyn FnMut(Vec<Hit>),
) -> tantivy::Result<()> {
    let runs = candidates.len().div_ceil(BATCH);
    let next = AtomicUsize::new(0);
    // Runs handed over so far, and the checkers waiting for it to grow.
    let handed = (Mutex::new(0usize), Condvar::new());
    let over = AtomicBool::new(false);
    let may_take = |run: usize| {
        let mut done = handed.0.lock().unwrap_or_else(PoisonError::into_inner);
        while run >= *done + AHEAD && !over.load(Ordering::Relaxed) {
            done = handed.1.wait(done).unwrap_or_else(PoisonError::into_inner);
        }
        !over.load(Ordering::Relaxed) && !cancel.load(Ordering::Relaxed)
    };
    let check_runs = |done: std::sync::mpsc::Sender<CheckedRun>| {
        // A checker that panics never sends its run: the others must not wait for it.
        let _stop = StopAll {
            over: &over,
            handed: &handed,
            always: false,
        };
        let mut stores = Stores::default();
        loop {
            let run = next.fetch_add(1, Ordering::Relaxed);
            if run >= runs || !may_take(run) {
                break;
            }
            let start = run * BATCH;
            let batch = &candidates[start..(start + BATCH).min(candidates.len())];
            let hits = batch.iter().try_fold(Vec::new(), |mut hits, candidate| {
                hits.extend(check(candidate, &mut stores)?);
                Ok(hits)
            });
            let failed = hits.is_err();
            // Gone: the search ended (the sink failed, or it was given up).
            if done.send((run, hits)).is_err() || failed {
                break;
            }
        }
    };
    std::thread::scope(|scope| {
        let (done, results) = std::sync::mpsc::channel::<CheckedRun>();
        for _ in 0..cores().min(runs).max(1) {
            let done = done.clone();
            scope.spawn(|| check_runs(done));
        }
        drop(done);
        // However the handing over ends, the checkers stop at their next run, waiting ones at
        // once (else a panic here would leave them waiting, and the scope waiting for them).
        let _stop = StopAll {
            over: &over,
            handed: &handed,
            always: true,
        };
        let mut waiting = std::collections::BTreeMap::<usize, Vec<Hit>>::new();
        let mut written = 0;
        (|| {
            for (run, hits) in results {
                waiting.insert(run, hits?);
                while let Some(hits) = waiting.remove(&written) {
                    if !hits.is_empty() {
                        sink(hits);
                    }
                    written += 1;
                    *handed.0.lock().unwrap_or_else(PoisonError::into_inner) = written;
                    handed.1.notify_all();
                }
                if cancel.load(Ordering::Relaxed) {
                    break;
                }
            }
            Ok(())
        })()
    })
}

/// Tells [`stream_checked`]'s checkers to stop and wakes those waiting for their turn, when it
/// is dropped: `always`, or when its thread is panicking.
struct StopAll<'a> {
    over: &'a AtomicBool,
    handed: &'a (Mutex<usize>, Condvar),
    always: bool,
}

impl Drop for StopAll<'_> {
    fn drop(&mut self) {
        if self.always || std::thread::panicking() {
            self.over.store(true, Ordering::Relaxed);
            // Taken so that no checker is between its test of `over` and its wait.
            let _guard = self.handed.0.lock().unwrap_or_else(PoisonError::into_inner);
            self.handed.1.notify_all();
        }
    }
}

/// The editions in `covered` newest first (by the date they loaded with, then their order),
/// and each one's place in that list (its rank) by its number in the index, [`UNRANKED`] for
/// the numbers of editions not searched.
fn newest_first_ranked<'e>(covered: &[(usize, &'e Entry)]) -> (Vec<(usize, &'e Entry)>, Vec<u32>) {
    let mut newest: Vec<(usize, &Entry)> = covered.to_vec();
    newest
        .sort_by(|a, b| newest_first(a.1.date.as_deref(), b.1.date.as_deref()).then(a.0.cmp(&b.0)));
    let top = newest.iter().map(|(_, e)| e.eid).max().unwrap_or(0);
    let mut ranks = vec![UNRANKED; usize::try_from(top).unwrap_or(0) + 1];
    for (rank, (_, entry)) in newest.iter().enumerate() {
        if let Some(slot) = usize::try_from(entry.eid)
            .ok()
            .and_then(|e| ranks.get_mut(e))
        {
            *slot = u32::try_from(rank).unwrap_or(UNRANKED);
        }
    }
    (newest, ranks)
}

/// One thread's files of stored articles, a segment's opened when first needed, and the
/// buffer an article is decompressed into.
#[derive(Default)]
struct Stores {
    files: Vec<Option<ArticleFile>>,
    text: Vec<u8>,
}

impl Stores {
    /// The stored form of the article at `addr`, decompressed with the index's `dictionary`;
    /// `None` when its bytes are not what the build wrote.
    fn article(
        &mut self,
        searcher: &Searcher,
        addr: DocAddress,
        dictionary: &[u8],
    ) -> tantivy::Result<Option<&[u8]>> {
        let segment = addr.segment_ord as usize;
        if self.files.len() <= segment {
            self.files.resize_with(segment + 1, || None);
        }
        let file = match &mut self.files[segment] {
            Some(file) => file,
            empty => empty.insert(ArticleFile::open(
                searcher.segment_reader(addr.segment_ord),
            )?),
        };
        Ok(file
            .get(addr.doc_id)
            .and_then(|packed| stored::unpack(packed, dictionary, &mut self.text)))
    }
}

/// The hit for a stored article, if it satisfies the query where it stands.
fn hit_of(
    query: &Query,
    stored: &StoredItem<'_>,
    pos: u64,
    (edition_idx, entry, labels): (usize, &Entry, &EditionLabels),
    source: &EditionSource,
) -> Option<Hit> {
    let place = Place {
        paper: entry.paper.as_deref(),
        name_paper: source.name_paper.as_deref(),
        page_label: stored.page_label(),
        page_name: stored.page_name(),
    };
    let (field, text, range) = query.matches(stored, place)?;
    let (texts, hit) = HitTexts::write(
        (stored.id(), &entry.id, &source.id),
        stored.page_label(),
        stored.title(),
        |out| push_snippet(out, text, range.clone(), SNIPPET_CONTEXT_COLS),
    );
    Some(Hit {
        texts,
        edition_idx,
        page_idx: (pos >> 32) as usize,
        item_idx: (pos & 0xffff_ffff) as usize,
        paper: labels.paper.clone(),
        date: labels.date.clone(),
        language: labels.language.clone(),
        field,
        field_hit: range,
        hit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A checker that panics ends the search with its panic, never a wait: the other checkers,
    /// ahead of it and waiting for its run to be handed over, are told to stop.
    #[test]
    fn a_checker_that_panics_ends_the_stream_instead_of_hanging_it() {
        let candidates: Vec<Candidate> = (0..(AHEAD + 8) * BATCH)
            .map(|n| Candidate {
                rank: 0,
                pos: n as u64,
                addr: DocAddress::new(0, 0),
                score: 0.0,
            })
            .collect();
        let (ended, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let check = |c: &Candidate, _: &mut Stores| -> tantivy::Result<Option<Hit>> {
                assert!(c.pos != 0, "the first candidate cannot be checked");
                std::thread::sleep(std::time::Duration::from_micros(20));
                Ok(None)
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                stream_checked(&candidates, &check, &AtomicBool::new(false), &mut |_| {})
            }));
            let _ = ended.send(result.is_err());
        });
        let panicked = outcome
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the stream ends");
        assert!(panicked, "the checker's panic reaches the caller");
    }
}
