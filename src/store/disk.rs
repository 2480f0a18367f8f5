//! The few file-system helpers that a store file and a recovery file share: reading a file kanbao
//! owns (only a regular file, never more than [`MAX_STORE_BYTES`]), the line a byte is on, a
//! name beside a file, and the file in the way when a folder is not one. Below `document`,
//! `recovery` and `file`: it imports only `error` and `format`, never a module that uses it.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::format::MAX_STORE_BYTES;

/// The bytes of the file kanbao keeps at `path`, `None` when there is none. Only a regular file
/// is opened (a FIFO would block, `/dev/zero` never ends), checked on the path and again on what
/// was opened, and never more than [`MAX_STORE_BYTES`] is read, even from a file that grows.
pub(crate) fn read_capped(path: &Path, what: &'static str) -> Result<Option<Vec<u8>>, StoreError> {
    let read_error =
        |error: std::io::Error| match error.kind() {
            std::io::ErrorKind::NotFound => Ok(None),
            std::io::ErrorKind::NotADirectory => Err(not_a_folder(path, what).unwrap_or_else(
                || StoreError::Read {
                    path: path.to_owned(),
                    error,
                },
            )),
            _ => Err(StoreError::Read {
                path: path.to_owned(),
                error,
            }),
        };
    let not_a_file = || StoreError::NotAFile {
        path: path.to_owned(),
    };
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(not_a_file()),
        Ok(_) => {}
        Err(error) => return read_error(error),
    }
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) => return read_error(error),
    };
    let meta = file.metadata().map_err(|error| StoreError::Read {
        path: path.to_owned(),
        error,
    })?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let too_large = |bytes: u64| StoreError::TooLarge {
        path: path.to_owned(),
        bytes,
    };
    if meta.len() > MAX_STORE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_STORE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| StoreError::Read {
            path: path.to_owned(),
            error,
        })?;
    if bytes.len() as u64 > MAX_STORE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// The 1-based line holding byte `at`.
pub(crate) fn line_at(bytes: &[u8], at: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..at.min(bytes.len())]).count() + 1
}

/// `path` with `suffix` added to its last part as it is (`.bak`, `.unsaved-…`): a name beside it.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file in the way when the folder that should hold `file` (or one above it) is a file:
/// what `create_dir_all` reports only as "File exists".
pub(crate) fn not_a_folder(file: &Path, what: &'static str) -> Option<StoreError> {
    for dir in file.ancestors().skip(1) {
        if dir.as_os_str().is_empty() {
            break;
        }
        match fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => return None,
            Ok(_) => {
                return Some(StoreError::NotAFolder {
                    path: dir.to_owned(),
                    file: file.to_owned(),
                    what,
                });
            }
            Err(_) => {}
        }
    }
    None
}
