//! Replacing a file all at once: [`AtomicWrite`] and the real [`FsWriter`] (temp file in the
//! same folder, write, fsync, rename over the old file, fsync the folder). Tests inject writers
//! that fail, to stand in for a full disk or a read-only mount. At the bottom of the store: it
//! imports nothing from it.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Replaces a file's content so that a reader, or a crash at any instant, sees either the old
/// content or the new one, never a mix.
pub trait AtomicWrite {
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
}

/// The real writer. A symlinked file (a dotfiles manager's link) has its target replaced, not
/// the link. A new file is readable by its owner only; an existing file keeps its permissions.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsWriter;

impl AtomicWrite for FsWriter {
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let dir = parent(&target);
        let mut temp = tempfile::Builder::new()
            .prefix(&temp_prefix(&target))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&dir)?;
        if let Ok(meta) = fs::metadata(&target) {
            temp.as_file().set_permissions(meta.permissions())?;
        }
        // Through the plain file: `NamedTempFile`'s own writes append the temp file's name to
        // an error, and the message names the file being saved already.
        temp.as_file_mut().write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|err| err.error)?;
        sync_dir(&dir)
    }
}

const TEMP_SUFFIX: &str = ".tmp";

/// Temp files for `bookmarks.toml` are `.bookmarks.toml.XXXXXX.tmp`: hidden, and easy to
/// recognise as left over by a killed process.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes the rename itself durable: without this a power cut can bring the old name back.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Removes temp files a killed process left beside `path` (its own and its `.bak`'s). Only
/// called under the store lock, when no other kanbao can be writing one.
pub(crate) fn remove_stale_temps(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(parent(path)) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(TEMP_SUFFIX) {
            // Best effort: a temp file that cannot be removed does no harm.
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("bookmarks.toml");
        FsWriter.write_atomic(&path, b"one").expect("written");
        FsWriter.write_atomic(&path, b"two").expect("written");
        assert_eq!(fs::read(&path).expect("file access"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("the temp dir lists")
            .map(|e| e.expect("a folder entry").file_name())
            .collect();
        assert_eq!(names, ["bookmarks.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("a temp dir");
        let real = dir.path().join("real.toml");
        fs::write(&real, "old").expect("file access");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("file access");
        let link = dir.path().join("bookmarks.toml");
        std::os::unix::fs::symlink(&real, &link).expect("file access");
        FsWriter.write_atomic(&link, b"new").expect("written");
        assert!(
            fs::symlink_metadata(&link)
                .expect("file access")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).expect("file access"), b"new");
        let mode = fs::metadata(&real)
            .expect("file access")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn stale_temps_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("bookmarks.toml");
        for name in [
            ".bookmarks.toml.a1b2c3.tmp",
            ".bookmarks.toml.bak.x9y8z7.tmp",
            ".state.toml.a1b2c3.tmp",
            "bookmarks.toml",
            "notes.tmp",
        ] {
            fs::write(dir.path().join(name), "x").expect("file access");
        }
        remove_stale_temps(&path);
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .expect("the temp dir lists")
            .map(|e| {
                e.expect("a folder entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".state.toml.a1b2c3.tmp", "bookmarks.toml", "notes.tmp"]
        );
    }
}
