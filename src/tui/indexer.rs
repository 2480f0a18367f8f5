//! The reader keeps the search index up to date in the background: once the first frame is on
//! the screen, one thread indexes what is new or changed in the library (and again after a fetch
//! lands editions). It never waits for another kanbao that is updating the index, and a quit
//! stops it between editions; what it committed stays.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::library::index::{self, UpdateOptions};
use crate::library::sources::EditionSource;

/// The background update, if one runs.
#[derive(Default)]
pub struct Indexer {
    dir: Option<PathBuf>,
    running: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
}

impl Indexer {
    /// An indexer for the index in `dir` (none: the reader never indexes).
    pub fn new(dir: Option<PathBuf>) -> Indexer {
        Indexer { dir, running: None }
    }

    /// Starts an update against `sources` unless one is still running. `counts` hears the
    /// pages and articles of every indexed edition, before the update and after it.
    pub fn start(
        &mut self,
        sources: Vec<EditionSource>,
        counts: impl Fn(Vec<(String, (usize, usize))>) + Send + 'static,
        progress: impl Fn(Option<(usize, usize)>) + Send + Sync + 'static,
    ) {
        let Some(dir) = self.dir.clone() else {
            return;
        };
        if self
            .running
            .as_ref()
            .is_some_and(|(_, thread)| !thread.is_finished())
        {
            return;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let thread = std::thread::spawn(move || {
            let options = UpdateOptions {
                // One loading thread: the reader keeps the other core.
                threads: Some(1),
                // Damaged files are found before anything is added to them (read once per
                // change of the index's files).
                verify: true,
                ..UpdateOptions::default()
            };
            let tell = || {
                if let Ok(Some(index)) = index::SearchIndex::open(&dir) {
                    counts(index.counts());
                }
            };
            tell();
            // Busy (another kanbao updates it), an unwritable cache, a full disk: the index
            // stays as it was and search reads what it does not hold. Nothing to tell the reader.
            // Progress is told at most every 1 % (and at the end, as `None`), so a build of
            // thousands of editions wakes the loop a hundred times, not thousands.
            let told = std::sync::atomic::AtomicUsize::new(usize::MAX);
            let hear = |p: index::Progress| {
                let one_percent = (p.total / 100).max(1);
                let at = p.done / one_percent;
                if p.done < p.total && told.swap(at, Ordering::Relaxed) != at {
                    progress(Some((p.done, p.total)));
                }
            };
            let updated = index::update(&dir, &sources, options, &hear, &stop);
            progress(None);
            if updated.is_ok() {
                tell();
            }
        });
        self.running = Some((cancel, thread));
    }

    /// Asks a running update to stop between editions; does not wait for it.
    pub fn stop(&mut self) {
        if let Some((cancel, _)) = self.running.take() {
            cancel.store(true, Ordering::Relaxed);
        }
    }
}
