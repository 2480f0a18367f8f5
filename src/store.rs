//! Bookmarks and reading state on disk: `bookmarks.toml` in the data directory, `state.toml` in
//! the state directory, both human-readable TOML with a `version` field.
//!
//! Nothing the reader saves is lost:
//! - every write goes to a temp file in the same folder, is fsynced and renamed over the old
//!   file ([`AtomicWrite`]), so a crash leaves the old file or the new one;
//! - every save takes an advisory lock on `kanbao.lock` beside the file (waiting at most
//!   [`LOCK_WAIT`]), re-reads the file under it and applies only this process's changes, so two
//!   kanbao processes never overwrite each other;
//! - a file that does not parse is never written over: it is kept as it is until the reader
//!   saves a change, then moved aside to `<file>.corrupt-<UTC time>`; `<file>.bak` holds the last
//!   good copy, which is shown meanwhile;
//! - a change that cannot be saved (full disk, read-only folder, a newer kanbao's file) stays
//!   in memory and goes out with the next save that works; one that still cannot be saved when
//!   kanbao quits goes to a recovery file the next start applies, or is printed ([`Unsaved`]);
//! - only regular files of at most [`MAX_STORE_BYTES`] are read; a larger one is treated like a
//!   damaged file;
//! - every string read from the files is sanitised before anyone can show it.

mod atomic;
mod bookmarks;
mod error;
mod file;
mod lock;
mod recovery;
mod state;

use std::path::PathBuf;

pub use atomic::{AtomicWrite, FsWriter};
pub use bookmarks::{BOOKMARKS_FILE, Bookmark, Bookmarks};
pub use error::StoreError;
pub use lock::LOCK_WAIT;
pub use recovery::Unsaved;
pub use state::{LastRead, MAX_READ_IDS, ReadingState, STATE_FILE};

/// The version of the file formats this kanbao reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// The largest bookmarks, state or recovery file kanbao reads (16 MiB): hundreds of times a
/// real one (10,000 bookmarks take about 7 MB, a full `read` list about 5 MB), and far below what
/// parsing could take in memory (a 49 MB bookmarks file once took 800 MB). A larger file is
/// reported, shown as missing, and moved aside before the next save, never written over.
pub const MAX_STORE_BYTES: u64 = 16 * 1024 * 1024;

/// The advisory lock file, beside the files it guards.
pub const LOCK_FILE: &str = "kanbao.lock";

/// Where in an article the reader was: a body block and a byte offset inside its text. Bytes,
/// not lines or rows, so a different terminal width finds the same place.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct SavedPosition {
    /// Index into the item's `body` blocks.
    pub paragraph: usize,
    /// Byte offset into that block's text (a reader clamps it to a char boundary).
    pub byte: usize,
}

/// Now, to the second, as RFC 3339 UTC (`2026-03-01T08:15:00Z`): the form of
/// [`Bookmark::added`].
pub fn now_rfc3339() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}

/// The platform data directory for kanbao (`$XDG_DATA_HOME/kanbao`, `~/.local/share/kanbao`),
/// or `None` when there is no home directory to put it in.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kanbao").map(|dirs| dirs.data_dir().to_owned())
}

/// The platform state directory for kanbao (`$XDG_STATE_HOME/kanbao`), falling back to
/// [`data_dir`] on platforms without one.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kanbao")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_dir())
            .to_owned(),
    )
}
