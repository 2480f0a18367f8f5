//! What a finished search reports ([`Outcome`]): its results, what it went through ([`Stats`]),
//! the files it could not read, and how much of it the index answered ([`Coverage`]). The scan
//! fills one alone; the choice between the index and the scan merges the two into one.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use super::hit::Hit;
use crate::edition::Diagnostic;

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
