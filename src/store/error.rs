//! `StoreError`: why a bookmarks or state file could not be read or saved. Every variant names
//! the file; those about a place in it carry the 1-based line.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::FORMAT_VERSION;

/// Why a store file could not be read or a change could not be saved. The messages say what is
/// wrong and what the reader can do; none of them means a change was lost.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a store file kanbao can read: empty, NUL bytes, not UTF-8, not TOML, a
    /// wrong or missing field, or a `version` that is not a number kanbao knows.
    #[error(
        "{}{}: {message}; kept as it is until a change is saved, which moves it aside (or fix \
         it by hand)",
        crate::edition::sanitize::shown(path),
        line.map(|l| format!(", line {l}")).unwrap_or_default()
    )]
    Corrupt {
        path: PathBuf,
        line: Option<usize>,
        /// Sanitised: it may quote the file.
        message: String,
    },
    /// The file was written by a newer kanbao; it is read-only to this one.
    #[error(
        "{}, line {line}: written by a newer kanbao (format version {version}; this one reads \
         version {FORMAT_VERSION}), so it is read-only: changes are kept for this session only; \
         update kanbao to save them",
        crate::edition::sanitize::shown(path)
    )]
    NewerVersion {
        path: PathBuf,
        line: usize,
        version: i64,
    },
    #[error(
        "cannot read '{}': {source}; check that it is a readable file (changes are kept in \
         memory until it can be read)",
        crate::edition::sanitize::shown(path)
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "not saved: cannot write '{}': {source}; the change is kept in memory and saved with \
         the next one (check free space and permissions)",
        crate::edition::sanitize::shown(path)
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "not saved: another kanbao held '{}' for {:.1} s; the change is kept in memory and saved \
         with the next one (if no other kanbao is running, check that file's folder)",
        crate::edition::sanitize::shown(path),
        waited.as_secs_f64()
    )]
    Locked { path: PathBuf, waited: Duration },
    #[error(
        "not saved: cannot move the damaged '{}' aside to '{}': {source}; nothing was \
         written over it (check permissions)",
        crate::edition::sanitize::shown(path),
        crate::edition::sanitize::shown(to)
    )]
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "not saved: no home folder found for kanbao's {what} (set HOME or XDG_DATA_HOME); \
         they are kept for this session only"
    )]
    NoDirectory { what: &'static str },
    #[error("'{article_id}' is not bookmarked; `kanbao bookmarks` lists the bookmarks")]
    NotBookmarked { article_id: String },
}

impl StoreError {
    /// The file (or lock file) the error is about, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Corrupt { path, .. }
            | StoreError::NewerVersion { path, .. }
            | StoreError::Read { path, .. }
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
