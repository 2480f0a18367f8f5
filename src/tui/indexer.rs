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
            lower_this_thread();
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

/// The calling thread at the lowest priority the system gives without privileges (nice 19 on
/// Linux, where the threads it starts inherit it): the background build takes what the reader
/// and the rest of the machine leave. Failure leaves it as it was, which is only slower for
/// others.
fn lower_this_thread() {
    let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The calling thread's nice value, from `/proc/thread-self/stat` (its 19th field).
    fn nice() -> i32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("the thread's stat");
        // The command name (field 2) is in brackets and may hold spaces: count after it.
        let after_name = &stat[stat.rfind(')').expect("a command name") + 2..];
        after_name
            .split(' ')
            .nth(16)
            .and_then(|n| n.parse().ok())
            .expect("a nice value")
    }

    #[test]
    fn the_background_build_thread_and_its_children_run_at_the_lowest_priority() {
        let before = nice();
        let (own, child) = std::thread::spawn(|| {
            super::lower_this_thread();
            let child = std::thread::spawn(nice).join().expect("the child thread");
            (nice(), child)
        })
        .join()
        .expect("the thread");
        assert_eq!((own, child), (19, 19));
        // The reader's own thread is left as it was.
        assert_eq!(nice(), before);
    }
}
