//! One store file kept safe on disk, as [`Store`]: this process's view of it (the document as
//! last read, with unsaved changes on top), and saving changes the careful way: under the lock,
//! re-read, apply only this process's pending changes (and those an earlier kanbao left in a
//! recovery file), write atomically, keep a `.bak`, move a damaged file aside; at quit, keep
//! what cannot be saved in a recovery file. Bookmarks and reading state are both built on
//! [`Store`]. It stands on `document` (what the file holds), `recovery`, `lock`, `atomic`,
//! `disk`, `error` and `format`, and never imports `bookmarks` or `state`, which are built on it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::atomic::{AtomicWrite, remove_stale_temps};
use super::disk::{not_a_folder, with_suffix};
use super::document::{Document, Loaded, load, render};
use super::error::StoreError;
use super::format::MAX_STORE_BYTES;
use super::lock::{DirLock, LOCK_WAIT};
use super::recovery::{self, Count, Details, Kept, Recovery, Unsaved};
use crate::edition::sanitize::{sanitize, shown};

/// The last part of `path`, for naming a file beside one already named in full.
fn file_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name()
        .map_or_else(|| path.to_string_lossy(), |name| name.to_string_lossy())
}

/// `bookmarks.toml` → `bookmarks.toml.bak`.
fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
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
