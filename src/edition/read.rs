//! Bounded, regular-file-only reading: every edition file kanbao opens comes through here, so a
//! FIFO, a device or a file past the size cap is a message, never a hang or a flood of memory.
//! Decoding with located warnings for bad bytes. Imports only the model and the decoder.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::decode::decode;
use super::model::{Diagnostic, Severity};

/// Why a file or folder could not be loaded at all.
#[derive(Debug)]
pub enum LoadError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A folder, FIFO, socket or device: `what` says which ([`what_it_is`]).
    NotRegular { path: PathBuf, what: &'static str },
    /// Larger than `cap`, the cap in effect ([`max_file_bytes`]).
    TooLarge { path: PathBuf, len: u64, cap: u64 },
}

/// The largest file kanbao reads unless `max_file_mb` in config.toml says otherwise (64 MiB):
/// far above any real edition or feed, far below what would stall the reader or exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The cap in effect: set once at start-up from the config, read by every file opened.
static FILE_CAP_BYTES: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(MAX_FILE_BYTES);

/// Sets the largest file read from now on, for the whole process (at least one byte).
pub fn set_max_file_bytes(bytes: u64) {
    FILE_CAP_BYTES.store(bytes.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// The largest file read: [`MAX_FILE_BYTES`] unless [`set_max_file_bytes`] changed it.
pub fn max_file_bytes() -> u64 {
    FILE_CAP_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

/// What something that is not a regular file is, for messages: `a folder`, `a FIFO (named
/// pipe)`, `a socket`, `a device`.
pub fn what_it_is(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "something other than a file"
    }
}

/// `64 MiB`, `1.5 MiB`: a size in MiB to one decimal place.
fn mib(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let (whole, rest) = (bytes / MIB, bytes % MIB);
    if rest == 0 {
        format!("{whole} MiB")
    } else {
        format!("{whole}.{} MiB", rest * 10 / MIB)
    }
}

impl LoadError {
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Read { path, .. }
            | LoadError::NotRegular { path, .. }
            | LoadError::TooLarge { path, .. } => path,
        }
    }

    /// What is wrong and what to do, without the path.
    fn message(&self) -> String {
        match self {
            LoadError::Read { source, .. } => {
                format!("cannot read: {source}; check that the path exists and is readable")
            }
            LoadError::NotRegular { what, .. } => {
                format!("{what}, not a regular file; skipped (kanbao reads only regular files)")
            }
            LoadError::TooLarge { len, cap, .. } => format!(
                "{len} bytes ({}), more than the {} ({cap} bytes) kanbao reads from one file; \
                 skipped (to read it, raise max_file_mb in config.toml)",
                mib(*len),
                mib(*cap)
            ),
        }
    }

    /// The error as a diagnostic for `kanbao check` and the status line.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: self.path().to_owned(),
            line: None,
            message: self.message(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = super::sanitize::shown(self.path());
        write!(f, "{path}: {}", self.message())
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Read { source, .. } => Some(source),
            LoadError::NotRegular { .. } | LoadError::TooLarge { .. } => None,
        }
    }
}

/// Opens a regular file for reading: a FIFO, socket or device is refused before it is opened
/// (opening a FIFO blocks) and again by the type of what was opened (a path swapped in
/// between), and a file over [`max_file_bytes`] is refused (a symlink to `/dev/zero` is a
/// device, not a file).
pub fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let not_regular = |meta: &std::fs::Metadata| LoadError::NotRegular {
        path: path.to_owned(),
        what: what_it_is(meta.file_type()),
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let cap = max_file_bytes();
    if meta.len() > cap {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            len: meta.len(),
            cap,
        });
    }
    Ok(file)
}

/// Reads a regular file whole (see [`open_regular`]); never more than [`max_file_bytes`], even
/// when the file grows while it is read.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(max_file_bytes())
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Read {
            path: path.to_owned(),
            source,
        })?;
    Ok(bytes)
}

/// `.md` and `.txt` files (case-insensitive), other than hidden ones.
pub fn is_text_file(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    !hidden && matches!(ext.as_deref(), Some("md" | "txt"))
}

/// Decodes UTF-8 (BOM, CRLF, invalid bytes as U+FFFD), recording a located warning for bad bytes.
pub fn decode_with_warnings(bytes: &[u8], path: &Path, warnings: &mut Vec<Diagnostic>) -> String {
    decode_borrowed(bytes, path, warnings).into_owned()
}

/// [`decode_with_warnings`], borrowing from `bytes` when they are already what it would give
/// (UTF-8 with no CR; a BOM is skipped, not copied): a loader that only reads the text copies
/// nothing.
pub fn decode_borrowed<'a>(
    bytes: &'a [u8],
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Cow<'a, str> {
    let decoded = decode(bytes);
    if let Some(bad) = decoded.invalid {
        warnings.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_owned(),
            line: Some(bad.line),
            message: format!(
                "invalid UTF-8 at byte offset {} ({} bad sequence(s) shown as U+FFFD); re-save the file as UTF-8",
                bad.first_byte_idx, bad.count
            ),
        });
    }
    decoded.text
}

/// Opens `path` for writing without truncating it, creating it when there is none, only when it
/// is a regular file: a symlink is never followed (a planted link cannot make kanbao write into
/// its target), and a FIFO or device is refused before it is opened (opening a FIFO for writing
/// blocks) and again by the type of what was opened.
pub fn open_regular_for_writing(path: &Path) -> std::io::Result<std::fs::File> {
    let refuse = |what: &str| {
        std::io::Error::other(format!(
            "{} is {what}, not a regular file; remove it",
            super::sanitize::shown(path)
        ))
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(refuse("a symbolic link")),
        Ok(meta) if !meta.is_file() => return Err(refuse(what_it_is(meta.file_type()))),
        _ => {}
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse(what_it_is(meta.file_type())));
    }
    Ok(file)
}
