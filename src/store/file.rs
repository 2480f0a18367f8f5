//! One versioned TOML file kept safe on disk: reading and classifying it (good, missing, damaged,
//! from a newer kanbao, unreadable), and saving changes the careful way: under the lock, re-read,
//! apply only this process's pending changes, write atomically, keep a `.bak`, move a damaged file
//! aside. Bookmarks and reading state are both built on [`Store`].

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::remove_stale_temps;
use super::lock::DirLock;
use super::{AtomicWrite, FORMAT_VERSION, LOCK_WAIT, StoreError};
use crate::edition::sanitize::sanitize;

/// The content of a store file, as serde reads and writes it.
pub(crate) trait Document: Default + Serialize + DeserializeOwned {
    /// One change this process makes; applied to whatever the file holds when it is saved.
    type Change;
    /// What the file holds, for messages: `bookmarks`, `reading state`.
    const WHAT: &'static str;
    /// Comment lines written at the top of the file.
    const HEADER: &'static str;
    /// Applies a change. Must make sense on any version of the document (another process may
    /// have changed it since), so changes say what to do, not what the result is.
    fn apply(&mut self, change: &Self::Change);
    /// The `version` the file declared.
    fn version(&self) -> i64;
}

/// What reading a store file found.
pub(crate) enum Loaded<D> {
    /// No file yet: an empty document.
    Missing,
    Good(D),
    /// Not a file kanbao can read; kept until a save moves it aside.
    Corrupt(StoreError),
    /// A newer kanbao's file: never written by this one.
    Newer(StoreError),
    /// The file could not be read at all (permissions, not a regular file).
    Unreadable(StoreError),
}

/// Reads and classifies the file at `path`.
pub(crate) fn load<D: Document>(path: &Path) -> Loaded<D> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(source) => {
            return Loaded::Unreadable(StoreError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    // Checked before opening: reading a FIFO would block.
    if !meta.is_file() {
        return Loaded::Unreadable(StoreError::Read {
            path: path.to_owned(),
            source: std::io::Error::other("not a regular file"),
        });
    }
    match fs::read(path) {
        Ok(bytes) => parse(&bytes, path),
        Err(source) => Loaded::Unreadable(StoreError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Just the `version` key, read before the rest so a newer file is recognised as such rather
/// than as damaged.
#[derive(serde::Deserialize)]
struct VersionProbe {
    version: Option<toml::Spanned<toml::Value>>,
}

/// Parses a store file's bytes. `path` names it in errors.
pub(crate) fn parse<D: Document>(bytes: &[u8], path: &Path) -> Loaded<D> {
    let corrupt = |line: Option<usize>, message: &str| {
        Loaded::Corrupt(StoreError::Corrupt {
            path: path.to_owned(),
            line,
            message: sanitize(message).into_owned(),
        })
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return corrupt(
            None,
            "the file is empty (cut short by a full disk or a crash, or emptied by hand)",
        );
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return corrupt(
            Some(line_at(bytes, at)),
            "the file holds NUL bytes, so it was damaged (perhaps by a crash or a full disk)",
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            return corrupt(
                Some(line_at(bytes, err.valid_up_to())),
                "not UTF-8 text (damaged, or saved in another encoding)",
            );
        }
    };
    // A good file takes one parse; the version is looked at on its own only when the document
    // does not fit this kanbao's format or is not at its version.
    let full_err = match toml::from_str::<D>(text) {
        Ok(doc) if doc.version() == FORMAT_VERSION => return Loaded::Good(doc),
        Ok(_) => None,
        Err(err) => Some(err),
    };
    let probe: VersionProbe = match toml::from_str(text) {
        Ok(probe) => probe,
        Err(err) => {
            return corrupt(
                err.span().map(|span| line_at(bytes, span.start)),
                &format!("not valid TOML: {}", err.message().trim_end()),
            );
        }
    };
    let Some(version) = probe.version else {
        return corrupt(
            Some(1),
            &format!(
                "no 'version' key; a {} file starts with `version = {FORMAT_VERSION}`",
                D::WHAT
            ),
        );
    };
    let version_line = line_at(bytes, version.span().start);
    match version.get_ref().as_integer() {
        Some(FORMAT_VERSION) => {}
        Some(newer) if newer > FORMAT_VERSION => {
            return Loaded::Newer(StoreError::NewerVersion {
                path: path.to_owned(),
                line: version_line,
                version: newer,
            });
        }
        _ => {
            return corrupt(
                Some(version_line),
                &format!(
                    "unknown version '{}'; this kanbao reads version {FORMAT_VERSION}",
                    version.get_ref()
                ),
            );
        }
    }
    match full_err {
        Some(err) => corrupt(
            err.span().map(|span| line_at(bytes, span.start)),
            err.message().trim_end(),
        ),
        // Read at another version in full, yet at ours by the probe: not for one text.
        None => corrupt(Some(version_line), "the version could not be read"),
    }
}

/// The 1-based line holding byte `at`.
fn line_at(bytes: &[u8], at: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..at.min(bytes.len())]).count() + 1
}

/// The file's text as kanbao writes it: the header comment, then the TOML.
pub(crate) fn render<D: Document>(doc: &D) -> Vec<u8> {
    // Serialising plain structs of strings, integers and lists cannot fail.
    let body = toml::to_string_pretty(doc).expect("store documents serialise to TOML");
    format!("{}{body}", D::HEADER).into_bytes()
}

/// The last part of `path`, for naming a file beside one already named in full.
fn file_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name()
        .map_or_else(|| path.to_string_lossy(), |name| name.to_string_lossy())
}

/// `bookmarks.toml` → `bookmarks.toml.bak`.
pub(crate) fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Where a store file lives, if anywhere.
enum Backing {
    Disk(Box<dyn AtomicWrite + Send>),
    /// No directory could be found: changes last as long as the process.
    Memory(&'static str),
}

/// A store file and this process's view of it: the document as last read, with this process's
/// unsaved changes applied on top.
pub(crate) struct Store<D: Document> {
    path: PathBuf,
    backing: Backing,
    doc: D,
    /// Changes not saved yet, oldest first; each save applies them to what the file holds then.
    pending: Vec<D::Change>,
    problem: Option<String>,
    lock_wait: Duration,
}

impl<D: Document> Store<D> {
    /// Opens the file at `path`. Never fails: a file that cannot be used leaves an empty (or
    /// last-good) document and a [`Store::problem`].
    pub(crate) fn open(path: PathBuf, writer: Box<dyn AtomicWrite + Send>) -> Store<D> {
        let mut store = Store {
            path,
            backing: Backing::Disk(writer),
            doc: D::default(),
            pending: Vec::new(),
            problem: None,
            lock_wait: LOCK_WAIT,
        };
        store.reload();
        store
    }

    /// A store with no file, for when no directory can be found.
    pub(crate) fn memory(what: &'static str) -> Store<D> {
        Store {
            path: PathBuf::new(),
            backing: Backing::Memory(what),
            doc: D::default(),
            pending: Vec::new(),
            problem: Some(StoreError::NoDirectory { what }.to_string()),
            lock_wait: LOCK_WAIT,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn doc(&self) -> &D {
        &self.doc
    }

    pub(crate) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub(crate) fn has_unsaved(&self) -> bool {
        !self.pending.is_empty()
    }

    pub(crate) fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Reads the file again (another kanbao may have changed it) and re-applies the unsaved
    /// changes. A damaged file shows its `.bak` meanwhile. No lock needed: writes are renames,
    /// so a reader always sees a whole file.
    pub(crate) fn reload(&mut self) {
        if matches!(self.backing, Backing::Memory(_)) {
            return;
        }
        let (mut doc, problem) = match load::<D>(&self.path) {
            Loaded::Missing => (D::default(), None),
            Loaded::Good(doc) => (doc, None),
            Loaded::Corrupt(err) => {
                let bak = backup_path(&self.path);
                match load::<D>(&bak) {
                    Loaded::Good(doc) => (
                        doc,
                        Some(format!(
                            "{err}; showing the last good copy, '{}'",
                            file_name(&bak)
                        )),
                    ),
                    _ => (D::default(), Some(err.to_string())),
                }
            }
            Loaded::Newer(err) | Loaded::Unreadable(err) => (D::default(), Some(err.to_string())),
        };
        for change in &self.pending {
            doc.apply(change);
        }
        self.doc = doc;
        let problem = problem.or_else(|| self.unsaved_note());
        self.set_problem(problem);
    }

    /// Problems can quote the file, so they are sanitised like any text from it.
    fn set_problem(&mut self, problem: Option<String>) {
        self.problem = problem.map(|p| sanitize(&p).into_owned());
    }

    fn unsaved_note(&self) -> Option<String> {
        (!self.pending.is_empty()).then(|| {
            format!(
                "{} unsaved change(s) to '{}' are kept in memory",
                self.pending.len(),
                self.path.display()
            )
        })
    }

    /// Makes a change: at once in memory, then on disk. `Err` means it is not saved yet; it is
    /// kept and saved with the next change (or [`Store::flush`]).
    pub(crate) fn change(&mut self, change: D::Change) -> Result<(), StoreError> {
        self.doc.apply(&change);
        self.pending.push(change);
        self.flush()
    }

    /// Saves the unsaved changes, if any.
    pub(crate) fn flush(&mut self) -> Result<(), StoreError> {
        if let Backing::Memory(what) = self.backing {
            return Err(StoreError::NoDirectory { what });
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        match self.save_locked() {
            Ok(notice) => {
                self.set_problem(notice);
                Ok(())
            }
            Err(err) => {
                self.set_problem(Some(err.to_string()));
                Err(err)
            }
        }
    }

    /// Under the lock: re-read the file, apply the pending changes to it, write it. Returns a
    /// notice for the reader when a damaged file was moved aside.
    fn save_locked(&mut self) -> Result<Option<String>, StoreError> {
        let writer = match &self.backing {
            Backing::Disk(writer) => writer,
            Backing::Memory(what) => return Err(StoreError::NoDirectory { what }),
        };
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(|source| StoreError::Write {
            path: self.path.clone(),
            source,
        })?;
        let _lock = DirLock::acquire(&dir, self.lock_wait)?;
        remove_stale_temps(&self.path);
        let bak = backup_path(&self.path);
        let (mut doc, damaged) = match load::<D>(&self.path) {
            Loaded::Missing => (D::default(), None),
            Loaded::Good(doc) => (doc, None),
            Loaded::Corrupt(err) => match load::<D>(&bak) {
                Loaded::Good(doc) => (doc, Some((err, true))),
                _ => (D::default(), Some((err, false))),
            },
            Loaded::Newer(err) | Loaded::Unreadable(err) => return Err(err),
        };
        for change in &self.pending {
            doc.apply(change);
        }
        let bytes = render(&doc);
        // The damaged file gets a second name before the new file takes its place, so it is
        // never gone: if the write fails, the extra name is dropped again.
        let aside = match &damaged {
            Some(_) => Some(keep_aside(&self.path)?),
            None => None,
        };
        self.doc = doc;
        if let Err(source) = writer.write_atomic(&self.path, &bytes) {
            if let Some(aside) = &aside {
                let _ = fs::remove_file(aside);
            }
            return Err(StoreError::Write {
                path: self.path.clone(),
                source,
            });
        }
        self.pending.clear();
        // The last good copy. Best effort: the file itself is saved, and a stale `.bak` is
        // still a good copy.
        let _ = writer.write_atomic(&bak, &bytes);
        Ok(damaged.zip(aside).map(|((err, from_bak), aside)| {
            let base = if from_bak {
                format!("the last good copy, '{}'", file_name(&bak))
            } else {
                format!("no earlier {} (there was no good copy)", D::WHAT)
            };
            let what = match err {
                StoreError::Corrupt {
                    path,
                    line,
                    message,
                } => format!(
                    "{}{}: {message}",
                    path.display(),
                    line.map(|l| format!(", line {l}")).unwrap_or_default()
                ),
                other => other.to_string(),
            };
            format!(
                "{what}; moved it aside to '{}' and saved from {base}",
                file_name(&aside)
            )
        }))
    }
}

/// Gives the damaged file at `path` a second name, `<path>.corrupt-<UTC time>`, and returns it.
fn keep_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut to = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut n = 2;
    while fs::symlink_metadata(&to).is_ok() {
        to = with_suffix(path, &format!(".corrupt-{stamp}-{n}"));
        n += 1;
    }
    // A hard link is instant and keeps the exact bytes; copying is the fallback for file
    // systems without links. A symlinked file is linked at its target, whose content the
    // coming write replaces.
    let source = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let linked = fs::hard_link(&source, &to).or_else(|_| {
        fs::copy(&source, &to)?;
        fs::File::open(&to)?.sync_all()
    });
    linked.map_err(|source| StoreError::MoveAside {
        path: path.to_owned(),
        to: to.clone(),
        source,
    })?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bookmarks::BookmarksFile;

    fn classify(bytes: &[u8]) -> (&'static str, String) {
        match parse::<BookmarksFile>(bytes, Path::new("/d/bookmarks.toml")) {
            Loaded::Missing => ("missing", String::new()),
            Loaded::Good(_) => ("good", String::new()),
            Loaded::Corrupt(err) => ("corrupt", err.to_string()),
            Loaded::Newer(err) => ("newer", err.to_string()),
            Loaded::Unreadable(err) => ("unreadable", err.to_string()),
        }
    }

    #[test]
    fn damaged_files_are_named_with_path_and_line() {
        let good = "version = 1\n\n[[bookmark]]\narticle_id = \"e/1/1\"\n";
        let cases: [(&[u8], &str, &str); 14] = [
            (good.as_bytes(), "good", ""),
            (b"version = 1\n", "good", ""),
            (b"", "corrupt", "bookmarks.toml: the file is empty"),
            (b" \n\n", "corrupt", "the file is empty"),
            (
                b"\0\0\0\0",
                "corrupt",
                "bookmarks.toml, line 1: the file holds NUL bytes",
            ),
            (
                b"version = 1\n\n\0\0",
                "corrupt",
                "line 3: the file holds NUL bytes",
            ),
            (
                b"version = 1\nx = \"\xff\xfe\"\n",
                "corrupt",
                "line 2: not UTF-8",
            ),
            (
                b"version = 1\n[[bookmark]]\narticle_id = \"e/1",
                "corrupt",
                "line 3: not valid TOML",
            ),
            (
                b"[[bookmark]]\narticle_id = \"x\"\n",
                "corrupt",
                "line 1: no 'version' key",
            ),
            (
                b"version = \"one\"\n",
                "corrupt",
                "line 1: unknown version '\"one\"'",
            ),
            (
                b"# c\nversion = 0\n",
                "corrupt",
                "line 2: unknown version '0'",
            ),
            (
                b"version = 7\n[[bookmark]]\nwhatever = 1\n",
                "newer",
                "line 1: written by a newer kanbao (format version 7",
            ),
            (
                b"version = 1\n[[bookmark]]\narticle_id = \"a\"\nheadlin = \"typo\"\n",
                "corrupt",
                "line 4: unknown field `headlin`",
            ),
            (
                b"version = 1\n[[bookmark]]\nheadline = \"x\"\n",
                "corrupt",
                "line 2: missing field `article_id`",
            ),
        ];
        for (bytes, kind, message) in cases {
            let (got_kind, got_message) = classify(bytes);
            assert_eq!(got_kind, kind, "{bytes:?}: {got_message}");
            assert!(
                got_message.contains(message),
                "{bytes:?}: '{got_message}' lacks '{message}'"
            );
        }
    }

    #[test]
    fn error_messages_never_carry_escape_sequences() {
        let text = b"version = 1\n[[bookmark]]\narticle_id = \"a\"\n\x1b[31mevil\x1b[0m = 1\n";
        let (kind, message) = classify(text);
        assert_eq!(kind, "corrupt");
        assert!(!message.contains('\u{1b}'), "{message:?}");
        assert!(message.contains("line 4"), "{message}");
    }
}
