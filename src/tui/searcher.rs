//! The library-wide search of the reader, run on a thread of its own: through the search index
//! for what it holds (the first results at once, then the rest), by scanning for the rest, each
//! search cancelled by the next; results go back to the loop as wake-ups. A search waits a
//! moment before it starts, so that a query typed live starts one search when the typing
//! pauses, not one per key.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::Wake;
use crate::app::story::ItemRef;
use crate::app::{App, Hit};
use crate::library::index::SearchIndex;
use crate::library::search::{self, Filters, Order, Query};

/// The library-wide search running in the background, if any.
#[derive(Default)]
pub(super) struct Searcher {
    /// Set to stop the running search; each search has its own.
    pub(super) cancel: Option<Arc<AtomicBool>>,
    /// Counts searches, so results of a cancelled one are recognised and dropped.
    pub(super) generation: u64,
    /// The library's search index, used for what it holds.
    index_dir: Option<PathBuf>,
}

/// Results the index gives first, before the rest: more than a screenful.
const FIRST_RESULTS: usize = 100;

/// How long a search waits for the next key before it starts (the next key cancels it).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Waits `DEBOUNCE` unless the search is cancelled first; returns whether it still stands.
fn still_wanted(cancel: &AtomicBool) -> bool {
    let start = Instant::now();
    while start.elapsed() < DEBOUNCE {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    !cancel.load(Ordering::Relaxed)
}

impl Searcher {
    pub(super) fn new(index_dir: Option<PathBuf>) -> Searcher {
        Searcher {
            index_dir,
            ..Searcher::default()
        }
    }

    /// Starts a library-wide search for `query` (the query language of `kanbao search`). A query
    /// that does not parse is refused with what to write instead.
    pub(super) fn start(
        &mut self,
        app: &App,
        query: &str,
        tx: &mpsc::Sender<Wake>,
    ) -> Result<(), String> {
        // A query typed further replaces the running search, also when it does not parse yet.
        self.stop();
        let query = Query::parse(query).map_err(|err| err.to_string())?;
        self.generation += 1;
        let generation = self.generation;
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancel = Some(Arc::clone(&cancel));
        let (sources, index) = app.library.search_sources();
        let tx = tx.clone();
        let index_dir = self.index_dir.clone();
        std::thread::spawn(move || {
            if !still_wanted(&cancel) {
                return;
            }
            let opened = index_dir.and_then(|dir| SearchIndex::open(&dir).ok().flatten());
            let problems = match opened {
                Some(opened) => search_indexed(&opened, &sources, &query, &cancel, &|hits| {
                    let _ = tx.send(Wake::SearchHits {
                        generation,
                        hits,
                        index: index.clone(),
                    });
                }),
                None => search_scanning(&sources, &index, &query, &cancel, generation, &tx),
            };
            let _ = tx.send(Wake::SearchDone {
                generation,
                problems,
            });
        });
        Ok(())
    }

    pub(super) fn stop(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// A library search through the index: the first results at once, then the rest (both newest
/// first, so the rest follows the first). Returns the files that could not be read.
fn search_indexed(
    index: &SearchIndex,
    sources: &[search::EditionSource],
    query: &Query,
    cancel: &AtomicBool,
    send: &dyn Fn(Vec<search::Hit>),
) -> usize {
    let first_filters = Filters {
        limit: Some(FIRST_RESULTS),
        ..Filters::default()
    };
    let first = search::search_with(sources, query, &first_filters, Order::Newest, Some(index));
    let shown = first.hits.len();
    let mut problems = first.problems.len();
    if !first.hits.is_empty() {
        send(first.hits);
    }
    if first.stats.hits > shown && !cancel.load(Ordering::Relaxed) {
        let all = search::search_with(
            sources,
            query,
            &Filters::default(),
            Order::Newest,
            Some(index),
        );
        problems = all.problems.len();
        let rest: Vec<search::Hit> = all.hits.into_iter().skip(shown).collect();
        if !rest.is_empty() {
            send(rest);
        }
    }
    problems
}

/// A library search by the scan: newest editions first, in growing batches, so the first
/// screenful of a common word comes from the newest few editions instead of waiting for a pass
/// over the archive. Returns the files that could not be read.
fn search_scanning(
    sources: &[search::EditionSource],
    index: &[usize],
    query: &Query,
    cancel: &AtomicBool,
    generation: u64,
    tx: &mpsc::Sender<Wake>,
) -> usize {
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by(|&a, &b| sources[b].name_date.cmp(&sources[a].name_date));
    let mut problems = 0;
    let mut done = 0;
    let mut batch = 16;
    while done < order.len() && !cancel.load(Ordering::Relaxed) {
        let chunk = &order[done..(done + batch).min(order.len())];
        let chunk_sources: Vec<_> = chunk.iter().map(|&i| sources[i].clone()).collect();
        let chunk_index: Vec<usize> = chunk.iter().map(|&i| index[i]).collect();
        let sink = |hits: Vec<search::Hit>| {
            let _ = tx.send(Wake::SearchHits {
                generation,
                hits,
                index: chunk_index.clone(),
            });
        };
        let (_, found) = search::search_each(
            &chunk_sources,
            query.clone(),
            &Filters::default(),
            cancel,
            &sink,
        );
        problems += found.len();
        done += chunk.len();
        batch *= 4;
    }
    problems
}

/// Turns search results into the app's hits (edition indices of the app's library).
pub(super) fn app_hits(hits: Vec<search::Hit>, index: &[usize]) -> Vec<(Option<String>, Hit)> {
    hits.into_iter()
        .filter_map(|h| {
            let edition = *index.get(h.edition_idx)?;
            let zh = h.language.as_deref().is_some_and(|l| l.starts_with("zh"));
            let page = crate::edition::page_label(h.page(), zh);
            let source: Vec<&str> = [h.paper.as_deref(), h.date.as_deref(), Some(page.as_str())]
                .into_iter()
                .flatten()
                .collect();
            let title = format!("{} · {}", source.join(" "), h.headline());
            let at = ItemRef {
                edition,
                page: h.page_idx,
                item: h.item_idx,
            };
            Some((
                h.date.as_deref().map(str::to_owned),
                Hit {
                    at,
                    title,
                    zh,
                    hit: h.hit.clone(),
                    snippet: h.into_snippet(),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_waits_for_a_pause_and_the_next_key_cancels_it() {
        let cancel = Arc::new(AtomicBool::new(false));
        let start = Instant::now();
        assert!(still_wanted(&cancel), "no key came: it searches");
        assert!(start.elapsed() >= DEBOUNCE, "after the pause");
        // The next key cancels it while it waits: it never searches.
        let waiting = Arc::clone(&cancel);
        waiting.store(false, Ordering::Relaxed);
        let handle = std::thread::spawn(move || still_wanted(&waiting));
        cancel.store(true, Ordering::Relaxed);
        assert!(!handle.join().expect("the wait ends"));
    }
}
