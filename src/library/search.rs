//! Library-wide search: every article whose kicker, headline, subtitle, byline, column, body
//! (paragraphs and subheads), photo caption or credit satisfies the [`Query`] (words ANDed,
//! phrases, exclusions, OR, fields), with its id, paper, date, page, headline and a snippet
//! around the first match.
//!
//! This module owns the choice of how a search is answered ([`search_with`]): from the index for
//! every edition it holds as it is now, by the scan for the rest; how much the index answered
//! ([`Coverage`]); and a damaged index (marked for rebuilding, the scan answers instead). It is
//! also search's public face, re-exporting the layers below. Search is built in layers, each
//! importing only those below it, never this module:
//!
//! 1. the query language and its vocabulary: [`query`], [`needle`], [`filters`], [`searchable`],
//!    [`hit`], [`snippet`](mod@snippet), [`order`], [`outcome`];
//! 2. the threads (`library::threads`);
//! 3. the scan ([`scan`]), with its edition reading;
//! 4. the index ([`crate::library::index`]);
//! 5. this module.
//!
//! Modules below name the file they take a thing from (`search::query::Query`), never a
//! re-export from here.

pub mod filters;
pub mod hit;
pub mod index;
pub mod needle;
pub mod order;
pub mod outcome;
pub mod query;
pub mod scan;
pub mod searchable;
pub mod snippet;

use std::sync::atomic::{AtomicBool, Ordering};

pub use self::filters::{DateBound, DateError, Filters};
pub use self::hit::{Hit, HitTexts};
use self::index::{SearchIndex, Stamping, Stamps, same_entries};
pub use self::needle::{Needle, NeedleError};
pub use self::order::{Order, sort_newest_first};
pub use self::outcome::{Coverage, Outcome, Stats};
pub use self::query::{Clause, Place, Query, QueryError, Scope, Term};
pub use self::scan::{search, search_each};
pub use self::searchable::{Field, Searchable, first_match, first_match_in};
pub use self::snippet::{SNIPPET_CONTEXT_COLS, snippet};
pub use super::sources::EditionSource;

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
    let mut hits = Vec::new();
    let stamps = index.map(|_| Stamps::of(sources));
    let mut outcome = search_with_each(
        sources,
        query,
        filters,
        order,
        index.zip(stamps.as_ref()),
        (&mut |batch| hits.extend(batch), &AtomicBool::new(false)),
    );
    outcome.hits = hits;
    outcome
}

/// [`search_with`], handing the results to `sink` in their order, a batch at a time (never an
/// empty one), and returning the rest of the outcome (its `hits` empty; `stats.hits` counts
/// them). When the index holds every edition and every result is asked for newest first,
/// results go out as each run of candidates is checked (in order, once the runs before it
/// are): the first appear at once, and memory holds a few thousand results, not all of them.
/// Otherwise they are gathered, ordered and handed over at the end.
/// Setting `stop` (the reader of the results went away) ends streaming after the batch. The
/// index comes with the [`Stamps`] of `sources`, taken at most as long ago as the search began.
pub fn search_with_each(
    sources: &[EditionSource],
    query: impl Into<Query>,
    filters: &Filters,
    order: Order,
    index: Option<(&SearchIndex, &Stamps)>,
    (sink, stop): (&mut dyn FnMut(Vec<Hit>), &AtomicBool),
) -> Outcome {
    let query: Query = query.into();
    let Some((index, stamps)) = index else {
        return handed_over(search(sources, &query, filters), sink);
    };
    search_entries(
        sources,
        &query,
        filters,
        order,
        (index, index.entries(stamps)),
        (sink, stop),
    )
}

/// [`search_with_each`] with `index` when there is one (else the scan), while the stamps of
/// `sources` are still being taken ([`Stamping`]): the index answers as though every edition it
/// holds by name were as it was indexed, so a search of an archive pays for its `stat`s and its
/// lookup at once rather than one after the other. Nothing reaches `sink` before the stamps
/// confirm that guess; when they do not (a file changed since it was indexed, or is not indexed
/// at all), what was looked up is dropped and the search runs as [`search_with_each`] with the
/// stamps.
pub fn search_stamping(
    sources: &[EditionSource],
    query: impl Into<Query>,
    filters: &Filters,
    order: Order,
    index: Option<(&SearchIndex, Stamping<'_>)>,
    (sink, stop): (&mut dyn FnMut(Vec<Hit>), &AtomicBool),
) -> Outcome {
    let query: Query = query.into();
    let Some((index, stamping)) = index else {
        return handed_over(search(sources, &query, filters), sink);
    };
    let guess = index.entries_by_key(stamping.keys());
    // An edition the index does not hold by name leaves nothing to guess: the stamps decide.
    let stamps = if guess.iter().all(Option::is_some) {
        match guessing(
            sources,
            &query,
            filters,
            order,
            (index, &guess, stamping),
            sink,
            stop,
        ) {
            Ok(outcome) => return outcome,
            Err(stamps) => stamps,
        }
    } else {
        stamping.finish()
    };
    search_with_each(
        sources,
        query,
        filters,
        order,
        Some((index, &stamps)),
        (sink, stop),
    )
}

/// [`search_stamping`]'s guess: the search with every edition taken as indexed, its results
/// handed to `sink` only once the stamps, taken when the first batch is ready (or at the end),
/// give the `guess`ed entries. The outcome when they do; the stamps when they do not.
fn guessing(
    sources: &[EditionSource],
    query: &Query,
    filters: &Filters,
    order: Order,
    (index, guess, stamping): (&SearchIndex, &[Option<&index::Entry>], Stamping<'_>),
    sink: &mut dyn FnMut(Vec<Hit>),
    stop: &AtomicBool,
) -> Result<Outcome, Stamps> {
    let mut stamping = Some(stamping);
    let mut confirmed: Option<(Stamps, bool)> = None;
    let mut confirm = |confirmed: &mut Option<(Stamps, bool)>| -> bool {
        confirmed
            .get_or_insert_with(|| {
                let stamps = stamping.take().map(Stamping::finish).unwrap_or_default();
                let same = same_entries(&index.entries(&stamps), guess);
                (stamps, same)
            })
            .1
    };
    let cancel = AtomicBool::new(false);
    let guessed = search_entries(
        sources,
        query,
        filters,
        order,
        (index, guess.to_vec()),
        (
            &mut |batch| {
                if confirm(&mut confirmed) {
                    sink(batch);
                    if stop.load(Ordering::Relaxed) {
                        cancel.store(true, Ordering::Relaxed);
                    }
                } else {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        ),
    );
    if confirm(&mut confirmed) {
        return Ok(guessed);
    }
    Err(confirmed.map(|(stamps, _)| stamps).unwrap_or_default())
}

/// [`search_with_each`] with the index's `entries` for `sources` (what it holds of each as it
/// is now).
fn search_entries(
    sources: &[EditionSource],
    query: &Query,
    filters: &Filters,
    order: Order,
    (index, entries): (&SearchIndex, Vec<Option<&index::Entry>>),
    (sink, stop): (&mut dyn FnMut(Vec<Hit>), &AtomicBool),
) -> Outcome {
    let mut covered = Vec::new();
    let mut rest = Vec::new();
    for (idx, (source, entry)) in sources.iter().zip(entries).enumerate() {
        match entry {
            Some(entry) => {
                let paper = entry.paper.as_deref();
                if filters.admits(paper, source.name_paper.as_deref(), entry.date.as_deref()) {
                    covered.push((idx, entry));
                }
            }
            None => rest.push(idx),
        }
    }
    // Newest first only: then the index's order is the scan's, so if the index fails part-way
    // the scan's first results are exactly those already handed out.
    let streamed = rest.is_empty() && filters.limit.is_none() && order == Order::Newest;
    // What has gone to `sink` already, when results stream.
    let mut handed = 0;
    let mut gathered = Vec::new();
    // Damage (an unreadable segment or stored article, or a panic inside the index library on
    // damaged data) is reported and marked for rebuilding; the scan answers.
    let looked_up = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index.lookup(
            query,
            sources,
            &covered,
            (order, filters.limit),
            stop,
            &mut |batch| {
                if streamed {
                    handed += batch.len();
                    sink(batch);
                } else {
                    gathered.extend(batch);
                }
            },
        )
    }));
    if let Err(why) = looked_up
        .map_err(|_| "the index library failed on it".to_owned())
        .and_then(|result| result.map_err(|err| err.to_string()))
    {
        index.mark_damaged();
        let mut outcome = search(sources, query, filters);
        outcome.index_problem = Some(format!(
            "the search index at {} is damaged ({why}); searched without it; the next \
             `kanbao index` (or the reader) rebuilds it",
            index.dir().display()
        ));
        // The index's results are the scan's, in the same order: those handed out already are
        // the first of the scan's.
        outcome.hits.drain(..handed.min(outcome.hits.len()));
        return handed_over(outcome, sink);
    }
    let scanned_sources: Vec<EditionSource> = rest.iter().map(|&i| sources[i].clone()).collect();
    let mut scanned = search(&scanned_sources, query, filters);
    for hit in &mut scanned.hits {
        hit.edition_idx = rest[hit.edition_idx];
    }
    let mut stats = scanned.stats;
    stats.editions = sources.len();
    stats.hits += handed + gathered.len();
    let mut hits = gathered;
    hits.append(&mut scanned.hits);
    // The index gives its results newest first already; only the scan's need merging in.
    if order == Order::Newest && !rest.is_empty() {
        sort_newest_first(&mut hits);
    }
    if let Some(limit) = filters.limit {
        hits.truncate(limit);
    }
    let outcome = Outcome {
        hits,
        stats,
        problems: scanned.problems,
        coverage: if rest.is_empty() {
            Coverage::Complete
        } else {
            Coverage::Partial
        },
        index_problem: None,
    };
    handed_over(outcome, sink)
}

/// `outcome`'s results handed to `sink` at once; the outcome without them.
fn handed_over(mut outcome: Outcome, sink: &mut dyn FnMut(Vec<Hit>)) -> Outcome {
    let hits = std::mem::take(&mut outcome.hits);
    if !hits.is_empty() {
        sink(hits);
    }
    outcome
}
