//! One versioned TOML file kept safe on disk: reading and classifying it (good, missing, damaged,
//! too large, from a newer kanbao, unreadable), and saving changes the careful way: under the
//! lock, re-read, apply only this process's pending changes (and those an earlier kanbao left
//! in a recovery file), write atomically, keep a `.bak`, move a damaged file aside. Bookmarks
//! and reading state are both built on [`Store`].

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::remove_stale_temps;
use super::lock::DirLock;
use super::recovery::{self, Count, Details, Kept, Recovery, Unsaved};
use super::{AtomicWrite, FORMAT_VERSION, LOCK_WAIT, MAX_STORE_BYTES, StoreError};
use crate::edition::sanitize::{sanitize, shown};

/// The content of a store file, as serde reads and writes it.
pub(crate) trait Document: Default + Serialize + DeserializeOwned {
    /// One change this process makes; applied to whatever the file holds when it is saved, and
    /// written to a recovery file when it cannot be saved at quit.
    type Change: Clone + std::fmt::Debug + Serialize + DeserializeOwned;
    /// What the file holds, for messages: `bookmarks`, `reading state`.
    const WHAT: &'static str;
    /// Comment lines written at the top of the file.
    const HEADER: &'static str;
    /// Applies a change. Must make sense on any version of the document (another process may
    /// have changed it since), so changes say what to do, not what the result is.
    fn apply(&mut self, change: &Self::Change);
    /// The `version` the file declared.
    fn version(&self) -> i64;
    /// Brings the document within its bounds just before it is saved (the reading state caps
    /// its list of read articles). Nothing by default.
    fn tidy(&mut self) {}
}

/// What reading a store file found.
pub(crate) enum Loaded<D> {
    /// No file yet: an empty document.
    Missing,
    Good(D),
    /// Not a file kanbao can read (damaged, or larger than [`MAX_STORE_BYTES`]); kept until a
    /// save moves it aside.
    Corrupt(StoreError),
    /// A newer kanbao's file: never written by this one.
    Newer(StoreError),
    /// The file could not be read at all (permissions, not a regular file, a file where its
    /// folder should be).
    Unreadable(StoreError),
}

/// Reads and classifies the file at `path`.
pub(crate) fn load<D: Document>(path: &Path) -> Loaded<D> {
    match read_capped(path, D::WHAT) {
        Ok(None) => Loaded::Missing,
        Ok(Some(bytes)) => parse(&bytes, path),
        Err(err @ StoreError::TooLarge { .. }) => Loaded::Corrupt(err),
        Err(err) => Loaded::Unreadable(err),
    }
}

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
    // Not TOML at all, before any question of version: the probe alone skips what it does not
    // read, such as an integer too large for TOML on another line.
    if let Err(err) = toml::from_str::<toml::Table>(text) {
        return corrupt(
            err.span().map(|span| line_at(bytes, span.start)),
            &format!("not valid TOML: {}", err.message().trim_end()),
        );
    }
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
pub(crate) fn line_at(bytes: &[u8], at: usize) -> usize {
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

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file in the way when the folder that should hold `file` (or one above it) is a file:
/// what `create_dir_all` reports only as "File exists".
fn not_a_folder(file: &Path, what: &'static str) -> Option<StoreError> {
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

/// Where a store file lives, if anywhere.
enum Backing {
    Disk(Box<dyn AtomicWrite + Send>),
    /// No directory could be found: changes last as long as the process.
    Memory,
}

/// A store file and this process's view of it: the document as last read, with the changes an
/// earlier kanbao left unsaved and this process's unsaved changes applied on top.
pub(crate) struct Store<D: Document> {
    path: PathBuf,
    backing: Backing,
    doc: D,
    /// Changes not saved yet, oldest first; each save applies them to what the file holds then.
    pending: Vec<D::Change>,
    /// Changes from recovery files (an earlier kanbao could not save them): shown at once, and
    /// saved by the next save, which deletes their files.
    recovered: Vec<Recovery<D::Change>>,
    problem: Option<String>,
    /// `problem` only tells something (changes recovered, a damaged file moved aside); nothing
    /// is wrong.
    problem_is_notice: bool,
    /// Why the file itself could not be used this run (damaged, too large, newer, unreadable).
    file_error: Option<String>,
    lock_wait: Duration,
    /// Where a recovery file goes when none can be written beside the file.
    temp_dir: PathBuf,
}

impl<D: Document> Store<D> {
    /// Opens the file at `path`, then saves the changes any recovery file holds for it. Never
    /// fails: a file that cannot be used leaves an empty (or last-good) document and a
    /// [`Store::problem`].
    pub(crate) fn open(path: PathBuf, writer: Box<dyn AtomicWrite + Send>) -> Store<D> {
        Store::open_in(path, writer, std::env::temp_dir())
    }

    /// [`Store::open`], with `temp_dir` as the last place for recovery files.
    pub(crate) fn open_in(
        path: PathBuf,
        writer: Box<dyn AtomicWrite + Send>,
        temp_dir: PathBuf,
    ) -> Store<D> {
        let mut store = Store {
            path,
            backing: Backing::Disk(writer),
            doc: D::default(),
            pending: Vec::new(),
            recovered: Vec::new(),
            problem: None,
            problem_is_notice: false,
            file_error: None,
            lock_wait: LOCK_WAIT,
            temp_dir,
        };
        store.reload();
        store.recover();
        store
    }

    /// A store with no file, for when no directory can be found.
    pub(crate) fn memory() -> Store<D> {
        Store {
            path: PathBuf::new(),
            backing: Backing::Memory,
            doc: D::default(),
            pending: Vec::new(),
            recovered: Vec::new(),
            problem: Some(StoreError::NoDirectory { what: D::WHAT }.to_string()),
            problem_is_notice: false,
            file_error: None,
            lock_wait: LOCK_WAIT,
            temp_dir: std::env::temp_dir(),
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

    /// True when [`Store::problem`] says something is wrong, not only what was done.
    pub(crate) fn has_error(&self) -> bool {
        self.problem.is_some() && !self.problem_is_notice
    }

    pub(crate) fn file_error(&self) -> Option<&str> {
        self.file_error.as_deref()
    }

    pub(crate) fn has_unsaved(&self) -> bool {
        !self.pending.is_empty() || !self.recovered.is_empty()
    }

    pub(crate) fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Reads the file again (another kanbao may have changed it) and re-applies the unsaved
    /// changes. A damaged file shows its `.bak` meanwhile. No lock needed: writes are renames,
    /// so a reader always sees a whole file.
    pub(crate) fn reload(&mut self) {
        if matches!(self.backing, Backing::Memory) {
            return;
        }
        let (mut doc, problem, file_error) = match load::<D>(&self.path) {
            Loaded::Missing => (D::default(), None, None),
            Loaded::Good(doc) => (doc, None, None),
            Loaded::Corrupt(err) => {
                let bak = backup_path(&self.path);
                match load::<D>(&bak) {
                    Loaded::Good(doc) => (
                        doc,
                        Some(format!(
                            "{err}; showing the last good copy, '{}'",
                            file_name(&bak)
                        )),
                        Some(err.to_string()),
                    ),
                    _ => (D::default(), Some(err.to_string()), Some(err.to_string())),
                }
            }
            Loaded::Newer(err) | Loaded::Unreadable(err) => {
                (D::default(), Some(err.to_string()), Some(err.to_string()))
            }
        };
        let recovered = self.recovered.iter().flat_map(|r| &r.changes);
        for change in recovered.chain(&self.pending) {
            doc.apply(change);
        }
        self.doc = doc;
        self.file_error = file_error.map(|e| sanitize(&e).into_owned());
        let problem = problem.or_else(|| self.unsaved_note());
        self.set_problem(problem, false);
    }

    /// Problems can quote the file, so they are sanitised like any text from it.
    fn set_problem(&mut self, problem: Option<String>, notice: bool) {
        self.problem = problem.map(|p| sanitize(&p).into_owned());
        self.problem_is_notice = notice;
    }

    fn unsaved_note(&self) -> Option<String> {
        (!self.pending.is_empty()).then(|| {
            format!(
                "{} to '{}' not saved yet, kept in memory",
                Count(self.pending.len()).noun(),
                shown(&self.path)
            )
        })
    }

    /// Finds the recovery files an earlier kanbao left for this file and saves their changes;
    /// says what it recovered, or why it could not.
    fn recover(&mut self) {
        let (found, mut messages) = recovery::find::<D::Change>(&self.path, &self.temp_dir);
        if found.is_empty() && messages.is_empty() {
            return;
        }
        let mut is_error = !messages.is_empty();
        if !found.is_empty() {
            let count = Count(found.iter().map(|r| r.changes.len()).sum());
            let files = found
                .iter()
                .map(|r| format!("'{}'", shown(&r.path)))
                .collect::<Vec<_>>()
                .join(", ");
            self.recovered = found;
            self.reload();
            let message = match self.flush() {
                Ok(()) => {
                    let done = format!(
                        "recovered {} to the {} that an earlier kanbao could not save, from \
                         {files}",
                        count.noun(),
                        D::WHAT
                    );
                    match self.problem.take() {
                        Some(notice) => format!("{done}; {notice}"),
                        None => done,
                    }
                }
                Err(err) => {
                    is_error = true;
                    format!(
                        "{} to the {} that an earlier kanbao could not save {} shown but not \
                         saved yet: {err}; {} in {files} until kanbao can save {}",
                        count.noun(),
                        D::WHAT,
                        count.is(),
                        count.it_stays(),
                        count.them()
                    )
                }
            };
            messages.insert(0, message);
        }
        self.set_problem(Some(messages.join("; ")), !is_error);
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
        if !self.has_unsaved() {
            return Ok(());
        }
        match self.save_locked() {
            Ok(notice) => {
                self.set_problem(notice, true);
                Ok(())
            }
            Err(err) => {
                self.set_problem(
                    Some(format!(
                        "not saved (kept in memory for the next save): {err}"
                    )),
                    false,
                );
                Err(err)
            }
        }
    }

    /// Saves the unsaved changes for good, as kanbao quits: if they cannot be saved, they go to
    /// a recovery file the next start applies (beside the file, else in the temp folder), or,
    /// when no file can be written at all, into the returned [`Unsaved`] as TOML to print.
    pub(crate) fn save_or_keep(&mut self) -> Result<(), Unsaved> {
        let error = match self.flush() {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        let earlier: Vec<PathBuf> = self.recovered.iter().map(|r| r.path.clone()).collect();
        let count = self.pending.len();
        if count == 0 {
            return Err(Unsaved::new(Details {
                what: D::WHAT,
                changes: 0,
                error,
                kept: Kept::Earlier,
                earlier,
            }));
        }
        let text = recovery::render(&self.path, D::WHAT, &self.pending);
        let kept = match &self.backing {
            Backing::Disk(writer) => {
                match recovery::keep(&self.path, &text, &self.temp_dir, writer.as_ref()) {
                    Ok(path) => {
                        // The changes live in that file now: a later save applies it and
                        // deletes it, so they are never saved twice.
                        let changes = std::mem::take(&mut self.pending);
                        self.recovered.push(Recovery {
                            path: path.clone(),
                            changes,
                        });
                        Kept::InFile(path)
                    }
                    Err(tried) => Kept::Printed {
                        tried,
                        toml: recovery::for_terminal(&text),
                        save_as: Some(recovery::by_hand_path(&self.path)),
                    },
                }
            }
            Backing::Memory => Kept::Printed {
                tried: Vec::new(),
                toml: recovery::for_terminal(&text),
                save_as: None,
            },
        };
        Err(Unsaved::new(Details {
            what: D::WHAT,
            changes: count,
            error,
            kept,
            earlier,
        }))
    }

    /// Under the lock: re-read the file, apply the recovered and pending changes to it, write
    /// it, delete the recovery files it carried. Returns a notice for the reader when a damaged
    /// file was moved aside (or a recovery file could not be deleted).
    fn save_locked(&mut self) -> Result<Option<String>, StoreError> {
        let Backing::Disk(writer) = &self.backing else {
            return Err(StoreError::NoDirectory { what: D::WHAT });
        };
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(|error| {
            not_a_folder(&self.path, D::WHAT).unwrap_or_else(|| StoreError::Write {
                path: self.path.clone(),
                error,
            })
        })?;
        let _lock = DirLock::acquire(&dir, self.lock_wait)?;
        remove_stale_temps(&self.path);
        let bak = backup_path(&self.path);
        let (mut doc, damaged) = load_for_save::<D>(&self.path, &bak)?;
        let (applied, mut notes) = apply_recovered(&self.recovered, &mut doc);
        for change in &self.pending {
            doc.apply(change);
        }
        doc.tidy();
        let bytes = render(&doc);
        // The damaged file gets a second name before the new file takes its place, so it is
        // never gone: if the write fails, the extra name is dropped again.
        let aside = match &damaged {
            Some(_) => Some(keep_aside(&self.path)?),
            None => None,
        };
        self.doc = doc;
        if let Err(error) = writer.write_atomic(&self.path, &bytes) {
            if let Some(aside) = &aside {
                let _ = fs::remove_file(aside);
            }
            return Err(StoreError::Write {
                path: self.path.clone(),
                error,
            });
        }
        self.pending.clear();
        self.recovered.clear();
        self.file_error = None;
        // The last good copy. Best effort: the file itself is saved, and a stale `.bak` is
        // still a good copy.
        let _ = writer.write_atomic(&bak, &bytes);
        for path in applied {
            match fs::remove_file(&path) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => notes.push(format!(
                    "could not delete '{}' after saving its changes: {err}; delete it by hand, \
                     or kanbao applies it again at its next start",
                    shown(&path)
                )),
                _ => {}
            }
        }
        if let Some(((err, from_bak), aside)) = damaged.zip(aside) {
            notes.insert(0, moved_aside_notice::<D>(&err, from_bak, &bak, &aside));
        }
        Ok((!notes.is_empty()).then(|| notes.join("; ")))
    }
}

/// What the file holds, read under the lock before a save: the document to save over, and
/// the damage when the file is damaged (with whether the `.bak` stood in for it). A newer or
/// unreadable file is never written.
fn load_for_save<D: Document>(
    path: &Path,
    bak: &Path,
) -> Result<(D, Option<(StoreError, bool)>), StoreError> {
    match load::<D>(path) {
        Loaded::Missing => Ok((D::default(), None)),
        Loaded::Good(doc) => Ok((doc, None)),
        Loaded::Corrupt(err) => match load::<D>(bak) {
            Loaded::Good(doc) => Ok((doc, Some((err, true)))),
            _ => Ok((D::default(), Some((err, false)))),
        },
        Loaded::Newer(err) | Loaded::Unreadable(err) => Err(err),
    }
}

/// Applies the changes of each recovery file that is still there (another kanbao may have saved
/// them first: then it is gone). Returns the files applied, and why any could not be read.
fn apply_recovered<D: Document>(
    recovered: &[Recovery<D::Change>],
    doc: &mut D,
) -> (Vec<PathBuf>, Vec<String>) {
    let mut applied = Vec::new();
    let mut notes = Vec::new();
    for found in recovered {
        match recovery::reread::<D::Change>(&found.path) {
            Ok(Some(changes)) => {
                for change in &changes {
                    doc.apply(change);
                }
                applied.push(found.path.clone());
            }
            Ok(None) => {}
            Err(message) => notes.push(message),
        }
    }
    (applied, notes)
}

/// The notice after a save moved the damaged file aside.
fn moved_aside_notice<D: Document>(
    err: &StoreError,
    from_bak: bool,
    bak: &Path,
    aside: &Path,
) -> String {
    let base = if from_bak {
        format!("the last good copy, '{}'", file_name(bak))
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
            shown(path),
            line.map(|l| format!(", line {l}")).unwrap_or_default()
        ),
        StoreError::TooLarge { path, bytes } => format!(
            "{}: {bytes} bytes, more than the {MAX_STORE_BYTES} kanbao reads from its own files",
            shown(path)
        ),
        other => other.to_string(),
    };
    format!(
        "{what}; moved it aside to '{}' and saved from {base}",
        file_name(aside)
    )
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
    linked.map_err(|error| StoreError::MoveAside {
        path: path.to_owned(),
        to: to.clone(),
        error,
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
        let cases: [(&[u8], &str, &str); 15] = [
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
            // Not TOML (an integer too large) is damage, whatever the version says.
            (
                b"version = 2\nbyte = 18446744073709551616\n",
                "corrupt",
                "line 2: not valid TOML",
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

    #[cfg(unix)]
    #[test]
    fn only_regular_files_up_to_the_cap_are_read_and_at_once() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let fifo = dir.path().join("fifo.toml");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        let zero = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
        let huge = dir.path().join("huge.toml");
        fs::File::create(&huge)
            .and_then(|f| f.set_len(MAX_STORE_BYTES + 1))
            .expect("a sparse file");
        let start = std::time::Instant::now();
        for path in [&fifo, &zero] {
            let err = read_capped(path, "bookmarks").expect_err("not a regular file");
            assert_eq!(
                err.to_string(),
                format!(
                    "'{}' is not a regular file (a FIFO, socket, device or folder), so kanbao \
                     neither reads nor writes it; remove it or move it away",
                    path.display()
                )
            );
        }
        let err = read_capped(&huge, "bookmarks").expect_err("too large");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: 16777217 bytes, more than the 16777216 kanbao reads from its own files, so \
                 it was not read; kept as it is until a change is saved, which moves it aside \
                 (or trim it by hand)",
                huge.display()
            )
        );
        assert!(matches!(load::<BookmarksFile>(&huge), Loaded::Corrupt(_)));
        assert!(start.elapsed() < Duration::from_secs(5), "no waiting");
        assert!(matches!(
            read_capped(&dir.path().join("none.toml"), "bookmarks"),
            Ok(None)
        ));
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_named_as_such() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let in_the_way = dir.path().join("kanbao");
        fs::write(&in_the_way, "").expect("a file");
        let file = in_the_way.join("bookmarks.toml");
        let expected = format!(
            "'{}' is a file, but it must be a folder: kanbao keeps its bookmarks in it \
             ('bookmarks.toml'); move or rename that file, and kanbao makes the folder",
            in_the_way.display()
        );
        let err = read_capped(&file, "bookmarks").expect_err("no folder");
        assert_eq!(err.to_string(), expected);
        let store = Store::<BookmarksFile>::open(file, Box::new(crate::store::FsWriter));
        assert_eq!(store.problem(), Some(expected.as_str()));
        let mut bookmarks = crate::store::Bookmarks::from_store(store);
        let b = crate::store::Bookmark {
            article_id: "e/1/1".to_owned(),
            edition_id: "e".to_owned(),
            paper: None,
            date: None,
            page: "1".to_owned(),
            headline: "H".to_owned(),
            excerpt: String::new(),
            file: String::new(),
            added: String::new(),
            note: None,
            position: crate::store::SavedPosition::default(),
        };
        let err = bookmarks.add(b).expect_err("no folder to save in");
        assert_eq!(err.to_string(), expected);
        assert_eq!(
            bookmarks.problem(),
            Some(format!("not saved (kept in memory for the next save): {expected}").as_str())
        );
    }
}
