//! `StoreError`: why a bookmarks or state file could not be read or saved. Every variant names
//! the file; those about a place in it carry the 1-based line. Each message says one thing once:
//! what is wrong and what to do. Whether a change was saved, kept in memory or kept in a recovery
//! file is said by whoever tried to save it, never here. Near the bottom of the store: it
//! imports only `format`, and every other store module may use it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::format::{FORMAT_VERSION, MAX_STORE_BYTES};
use crate::edition::sanitize::shown;

/// Why a store file could not be read or a change could not be saved. The I/O error is part of
/// the message and not a separate `source`, so a chain of causes does not print it twice.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a store file kanbao can read: empty, NUL bytes, not UTF-8, not TOML, a
    /// wrong or missing field, or a `version` that is not a number kanbao knows.
    #[error(
        "{}{}: {message}; kept as it is until a change is saved, which moves it aside (or fix \
         it by hand)",
        shown(path),
        line.map(|l| format!(", line {l}")).unwrap_or_default()
    )]
    Corrupt {
        path: PathBuf,
        line: Option<usize>,
        /// Sanitised: it may quote the file.
        message: String,
    },
    /// The file is larger than [`MAX_STORE_BYTES`]: not read, and treated like a damaged file.
    #[error(
        "{}: {bytes} bytes, more than the {MAX_STORE_BYTES} kanbao reads from its own files, so \
         it was not read; kept as it is until a change is saved, which moves it aside (or trim \
         it by hand)",
        shown(path)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    /// The file was written by a newer kanbao; it is read-only to this one.
    #[error(
        "{}, line {line}: written by a newer kanbao (format version {version}; this one reads \
         version {FORMAT_VERSION}), so it is read-only; update kanbao to save changes to it",
        shown(path)
    )]
    NewerVersion {
        path: PathBuf,
        line: usize,
        version: i64,
    },
    #[error(
        "cannot read '{}': {error}; check that it is a readable file",
        shown(path)
    )]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A FIFO, socket, device or folder where a store file (or the lock file) should be.
    #[error(
        "'{}' is not a regular file (a FIFO, socket, device or folder), so kanbao neither reads \
         nor writes it; remove it or move it away",
        shown(path)
    )]
    NotAFile { path: PathBuf },
    /// A file (not a folder) where the folder that holds a store file should be.
    #[error(
        "'{}' is a file, but it must be a folder: kanbao keeps its {what} in it ('{}'); move or \
         rename that file, and kanbao makes the folder",
        shown(path),
        shown(Path::new(file.file_name().unwrap_or_default()))
    )]
    NotAFolder {
        /// The file in the way.
        path: PathBuf,
        /// The store file that should be inside it.
        file: PathBuf,
        what: &'static str,
    },
    #[error(
        "cannot write '{}': {error}; check free space and permissions",
        shown(path)
    )]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "another kanbao held '{}' for {:.1} s (if no other kanbao is running, check that file's \
         folder)",
        shown(path),
        waited.as_secs_f64()
    )]
    Locked { path: PathBuf, waited: Duration },
    #[error(
        "cannot move the damaged '{}' aside to '{}': {error}; nothing was written over it (check \
         permissions)",
        shown(path),
        shown(to)
    )]
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        error: std::io::Error,
    },
    #[error("no home folder found for kanbao's {what} (set HOME or XDG_DATA_HOME)")]
    NoDirectory { what: &'static str },
    #[error("'{article_id}' is not bookmarked; `kanbao bookmarks` lists the bookmarks")]
    NotBookmarked { article_id: String },
}

impl StoreError {
    /// The file (or lock file, or file in the way of a folder) the error is about, when there is
    /// one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Corrupt { path, .. }
            | StoreError::TooLarge { path, .. }
            | StoreError::NewerVersion { path, .. }
            | StoreError::Read { path, .. }
            | StoreError::NotAFile { path }
            | StoreError::NotAFolder { path, .. }
            | StoreError::Write { path, .. }
            | StoreError::Locked { path, .. }
            | StoreError::MoveAside { path, .. } => Some(path),
            StoreError::NoDirectory { .. } | StoreError::NotBookmarked { .. } => None,
        }
    }

    /// The 1-based line the error is on, when it is about a place in the file.
    pub fn line(&self) -> Option<usize> {
        match self {
            StoreError::Corrupt { line, .. } => *line,
            StoreError::NewerVersion { line, .. } => Some(*line),
            _ => None,
        }
    }
}
