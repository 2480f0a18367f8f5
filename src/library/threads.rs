//! Work shared out over the machine's cores: how many there are ([`cores`]) and one closure run
//! on as many threads ([`on_every_core`]). The scan and the index (its build and its check of
//! candidates) both use it.
//!
//! Below the scan and the index: it must never import anything of the library; std only.

/// The cores this machine gives kanbao (1 when it cannot tell). Asked of the system once per
/// process: each asking reads the control group's files.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

/// `f` of each of `items`, in their order, the items cut into runs of at least `per_thread`
/// shared out over the cores (this thread takes one of them; fewer items, one thread).
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_runs_in_order(items, per_thread, |run| run.iter().map(&f).collect())
}

/// [`map_in_order`] a run at a time: `f` maps a whole run (and may keep what it learns from
/// item to item), giving one result per item.
pub(crate) fn map_runs_in_order<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    f: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = cores().min(items.len().div_ceil(per_thread.max(1))).max(1);
    let runs: Vec<&[T]> = items.chunks(items.len().div_ceil(threads).max(1)).collect();
    // Each thread takes a run by its number; the runs' results are put back in order.
    let next = AtomicUsize::new(0);
    let mut done = on_every_core(runs.len().max(1), || {
        let run = next.fetch_add(1, Ordering::Relaxed);
        (run, runs.get(run).map_or_else(Vec::new, |items| f(items)))
    });
    done.sort_unstable_by_key(|&(run, _)| run);
    done.into_iter().flat_map(|(_, results)| results).collect()
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
