//! The advisory lock on `kanbao.lock` that every read-modify-write of a store file holds, so two
//! kanbao processes take turns. Waiting is bounded: a reader's keypress never hangs on another
//! process. Near the bottom of the store: it imports only `error`.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::error::StoreError;

/// The advisory lock file, beside the files it guards.
pub const LOCK_FILE: &str = "kanbao.lock";

/// How long a save waits for another kanbao to finish its own.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// The longest pause between two tries: short, since saves take milliseconds.
const MAX_PAUSE: Duration = Duration::from_millis(8);

/// Held while it lives; dropping it (or the process dying) releases the lock.
#[derive(Debug)]
pub(crate) struct DirLock {
    _file: File,
}

impl DirLock {
    /// Takes the lock on `dir/kanbao.lock`, creating the file, trying again until `wait` has
    /// passed.
    pub(crate) fn acquire(dir: &Path, wait: Duration) -> Result<DirLock, StoreError> {
        let path = dir.join(LOCK_FILE);
        // Opening a FIFO for writing blocks until someone reads it: only a regular file (or
        // none yet) is opened, and what was opened is checked again.
        let not_a_file = |path: &Path| StoreError::NotAFile {
            path: path.to_owned(),
        };
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(not_a_file(&path));
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|error| StoreError::Write {
                path: path.clone(),
                error,
            })?;
        if file.metadata().is_ok_and(|m| !m.is_file()) {
            return Err(not_a_file(&path));
        }
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DirLock { _file: file }),
                Err(TryLockError::WouldBlock) => {}
                // A file system without locks (some network mounts): saving unlocked, each write
                // still atomic, beats never saving.
                Err(TryLockError::Error(err)) if err.kind() == std::io::ErrorKind::Unsupported => {
                    return Ok(DirLock { _file: file });
                }
                Err(TryLockError::Error(error)) => return Err(StoreError::Write { path, error }),
            }
            let waited = start.elapsed();
            let Some(left) = wait.checked_sub(waited).filter(|left| !left.is_zero()) else {
                return Err(StoreError::Locked { path, waited });
            };
            std::thread::sleep(pause.min(left));
            pause = (pause * 2).min(MAX_PAUSE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_lock_file_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let status = std::process::Command::new("mkfifo")
            .arg(dir.path().join(LOCK_FILE))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        let start = Instant::now();
        let err = DirLock::acquire(dir.path(), LOCK_WAIT).expect_err("a FIFO is no lock file");
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_held_lock_times_out_then_frees_on_drop() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let held = DirLock::acquire(dir.path(), LOCK_WAIT).expect("the lock is free");
        let start = Instant::now();
        let err =
            DirLock::acquire(dir.path(), Duration::from_millis(50)).expect_err("the lock is held");
        assert!(start.elapsed() >= Duration::from_millis(50));
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        assert!(err.to_string().contains("kanbao.lock"), "{err}");
        drop(held);
        DirLock::acquire(dir.path(), Duration::from_millis(50)).expect("the lock is free");
    }
}
