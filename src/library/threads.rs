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
