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
//!
//! The modules form floors. Each imports only modules on the floors below it, never one above
//! or beside it, and never this facade, which only names them and re-exports what callers use.
//! The store's own tests of the modules together, in `tests`, sit above them all.
//!
//! ```text
//! bookmarks  state             the two documents and their public faces
//! file                         Store: one file's view, locked saves, recovery at open and quit
//! document   recovery          a file's content and bytes; changes that could not be saved
//! disk       lock              capped reads, names beside a file; the advisory lock
//! error                        StoreError
//! format  atomic  position  dirs   constants and values every floor shares; they import nothing
//! ```

mod atomic;
mod bookmarks;
mod dirs;
mod disk;
mod document;
mod error;
mod file;
mod format;
mod lock;
mod position;
mod recovery;
mod state;
#[cfg(test)]
mod tests;

pub use atomic::{AtomicWrite, FsWriter};
pub use bookmarks::{BOOKMARKS_FILE, Bookmark, Bookmarks};
pub use dirs::{data_dir, state_dir};
pub use error::StoreError;
pub use format::{FORMAT_VERSION, MAX_STORE_BYTES, now_rfc3339};
pub use lock::{LOCK_FILE, LOCK_WAIT};
pub use position::SavedPosition;
pub use recovery::Unsaved;
pub use state::{LastRead, MAX_HISTORY, MAX_READ_IDS, QueryKind, ReadingState, STATE_FILE};
