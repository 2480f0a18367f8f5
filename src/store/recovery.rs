//! Changes kanbao could not save when it quit (a full disk, a file in the way of the folder, a
//! newer kanbao's file): kept in a recovery file beside the store file
//! (`bookmarks.toml.unsaved-<UTC time>-<pid>`), else in the system temp folder
//! (`kanbao-bookmarks.toml.unsaved-<UTC time>-<pid>`, naming the store file inside), else
//! printed as TOML ([`Unsaved`]). The next kanbao that opens the store finds them, applies them
//! under the lock with its first save and deletes the files it applied, so each recovery file
//! is applied once: changes say what to do (add, remove, note), never what the whole file held.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::file::{line_at, read_capped, with_suffix};
use super::{AtomicWrite, FORMAT_VERSION, StoreError, now_rfc3339};
use crate::edition::sanitize::{sanitize, shown};

/// Between the store file's name and the time in a recovery file's name.
pub(crate) const MARK: &str = ".unsaved-";

/// A recovery file in the temp folder: `kanbao-` and then the store file's name.
const TEMP_PREFIX: &str = "kanbao-";

/// What a user saves by hand, when kanbao could write no recovery file itself.
const BY_HAND: &str = "by-hand";

/// A recovery file as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecoveryFile<C> {
    version: i64,
    /// The store file the changes belong to.
    file: String,
    /// When kanbao could not save them (RFC 3339, UTC).
    #[serde(default)]
    #[allow(dead_code)] // For the reader of the file; kanbao orders files by name.
    written: String,
    #[serde(default = "Vec::new", rename = "change")]
    changes: Vec<C>,
}

/// A recovery file as kanbao writes it.
#[derive(Serialize)]
struct RecoveryOut<'a, C> {
    version: i64,
    file: String,
    written: String,
    #[serde(rename = "change")]
    changes: &'a [C],
}

/// The changes found in one recovery file.
#[derive(Debug)]
pub(crate) struct Recovery<C> {
    pub(crate) path: PathBuf,
    pub(crate) changes: Vec<C>,
}

/// The text of a recovery file holding `changes` to the store file at `store`.
pub(crate) fn render<C: Serialize>(store: &Path, what: &str, changes: &[C]) -> String {
    let doc = RecoveryOut {
        version: FORMAT_VERSION,
        file: store.to_string_lossy().into_owned(),
        written: now_rfc3339(),
        changes,
    };
    // Plain structs of strings, integers and lists always serialise.
    let body = toml::to_string_pretty(&doc).expect("recovery files serialise to TOML");
    // The path is escaped: a line break in it must not end the comment.
    let place = if store.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" in '{}'", shown(store))
    };
    format!(
        "# kanbao: changes to the {what}{place} that could not be saved.\n\
         # kanbao applies them at its next start that can save that file, then deletes this \
         file.\n\n{body}"
    )
}

/// Parses a recovery file's bytes; the error names the file and the line.
fn parse<C: DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<RecoveryFile<C>, String> {
    let located = |line: Option<usize>, message: &str| {
        format!(
            "{}{}: {}",
            shown(path),
            line.map(|l| format!(", line {l}")).unwrap_or_default(),
            sanitize(message)
        )
    };
    let text = std::str::from_utf8(bytes).map_err(|err| {
        located(
            Some(line_at(bytes, err.valid_up_to())),
            "not UTF-8 text (damaged, or saved in another encoding)",
        )
    })?;
    let file: RecoveryFile<C> = toml::from_str(text).map_err(|err| {
        located(
            err.span().map(|span| line_at(bytes, span.start)),
            err.message().trim_end(),
        )
    })?;
    if file.version != FORMAT_VERSION {
        return Err(located(
            None,
            &format!(
                "version {}, and this kanbao reads version {FORMAT_VERSION}",
                file.version
            ),
        ));
    }
    Ok(file)
}

/// Why a recovery file was not applied, for the status line.
fn not_applied(message: &str) -> String {
    format!("{message}; these unsaved changes were not applied (fix the file or delete it)")
}

/// The recovery files for the store file at `store`, beside it and in `temp_dir`, oldest first,
/// and a message for each one that cannot be read. A file in the temp folder counts only if it
/// names `store`, belongs to this user and is writable by no one else (another user could plant
/// one there).
pub(crate) fn find<C: DeserializeOwned>(
    store: &Path,
    temp_dir: &Path,
) -> (Vec<Recovery<C>>, Vec<String>) {
    let Some(name) = store.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return (Vec::new(), Vec::new());
    };
    let beside = format!("{name}{MARK}");
    let in_temp = format!("{TEMP_PREFIX}{name}{MARK}");
    let mut candidates: Vec<(String, PathBuf, bool)> = Vec::new();
    for (dir, prefix, temp) in [(parent(store), &beside, false), (temp_dir, &in_temp, true)] {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if let Some(rest) = file_name.strip_prefix(prefix.as_str())
                && (!temp || trusted(&entry.path()))
            {
                candidates.push((rest.to_owned(), entry.path(), temp));
            }
        }
        if temp_dir == parent(store) {
            break;
        }
    }
    // The time comes first in the name: name order is age order (`by-hand` last).
    candidates.sort();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (_, path, temp) in candidates {
        match read_capped(&path, "unsaved changes") {
            Ok(Some(bytes)) => match parse::<C>(&bytes, &path) {
                Ok(file) if temp && Path::new(&file.file) != store => {}
                Ok(file) => found.push(Recovery {
                    path,
                    changes: file.changes,
                }),
                Err(message) => problems.push(not_applied(&message)),
            },
            Ok(None) => {}
            Err(err) => problems.push(not_applied(&err.to_string())),
        }
    }
    (found, problems)
}

/// Reads a recovery file again, under the store lock just before its changes are saved.
/// `Ok(None)` when it is gone: another kanbao saved its changes first.
pub(crate) fn reread<C: DeserializeOwned>(path: &Path) -> Result<Option<Vec<C>>, String> {
    match read_capped(path, "unsaved changes") {
        Ok(Some(bytes)) => parse::<C>(&bytes, path)
            .map(|file| Some(file.changes))
            .map_err(|message| not_applied(&message)),
        Ok(None) => Ok(None),
        Err(err) => Err(not_applied(&err.to_string())),
    }
}

/// Writes `text` (from [`render`]) to a new recovery file beside `store`, else in `temp_dir`.
/// Returns the file written, or each place tried with why it failed.
pub(crate) fn keep(
    store: &Path,
    text: &str,
    temp_dir: &Path,
    writer: &dyn AtomicWrite,
) -> Result<PathBuf, Vec<(PathBuf, io::Error)>> {
    let stamp = format!(
        "{}-{}",
        jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ"),
        std::process::id()
    );
    let name = store
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let places = [
        with_suffix(store, &format!("{MARK}{stamp}")),
        temp_dir.join(format!("{TEMP_PREFIX}{name}{MARK}{stamp}")),
    ];
    let mut tried = Vec::new();
    for place in places {
        let place = unused(&place);
        match writer.write_atomic(&place, text.as_bytes()) {
            Ok(()) => return Ok(place),
            Err(err) => tried.push((place, err)),
        }
    }
    Err(tried)
}

/// `path`, or `path-2`, `path-3`… if it is taken: a recovery file never replaces another.
fn unused(path: &Path) -> PathBuf {
    let mut candidate = path.to_owned();
    let mut n = 2;
    while fs::symlink_metadata(&candidate).is_ok() {
        candidate = with_suffix(path, &format!("-{n}"));
        n += 1;
    }
    candidate
}

/// A recovery file's text made safe to print: each line sanitised, so a control character in
/// a note typed by hand (TOML escapes only C0 controls) never reaches the terminal.
pub(crate) fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&sanitize(line));
        out.push('\n');
    }
    out
}

/// Where the user can save printed changes by hand for the next start to find.
pub(crate) fn by_hand_path(store: &Path) -> PathBuf {
    with_suffix(store, &format!("{MARK}{BY_HAND}"))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A recovery file in the shared temp folder: a regular file (not a link) of this user's that no
/// one else may write.
#[cfg(unix)]
fn trusted(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    // No libc: the owner of this process's /proc entry (Linux), else of the home folder.
    let me = fs::metadata("/proc/self").or_else(|_| {
        std::env::var_os("HOME").map_or_else(|| Err(io::Error::other("no HOME")), fs::metadata)
    });
    meta.is_file() && meta.mode() & 0o022 == 0 && me.is_ok_and(|me| me.uid() == meta.uid())
}

#[cfg(not(unix))]
fn trusted(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}

/// Changes kanbao could not save at quit (or at the end of a command), and where they went
/// instead. Its message says what happened, plainly: the changes are in a recovery file the next
/// start applies, or, when no file could be written at all, printed as TOML to save by hand.
#[derive(Debug)]
pub struct Unsaved(Box<Details>);

#[derive(Debug)]
pub(crate) struct Details {
    /// What the store holds: `bookmarks`, `reading state`.
    pub(crate) what: &'static str,
    /// This run's changes that were not saved.
    pub(crate) changes: usize,
    /// Why the save failed.
    pub(crate) error: StoreError,
    pub(crate) kept: Kept,
    /// Recovery files an earlier kanbao left that could not be saved either; they stay.
    pub(crate) earlier: Vec<PathBuf>,
}

/// Where the unsaved changes are.
#[derive(Debug)]
pub(crate) enum Kept {
    /// In this new recovery file.
    InFile(PathBuf),
    /// No new changes: only those of [`Unsaved::earlier`], which stay in their files.
    Earlier,
    /// Nowhere on disk: every place tried, the changes as TOML, and where to save them.
    Printed {
        tried: Vec<(PathBuf, io::Error)>,
        toml: String,
        save_as: Option<PathBuf>,
    },
}

impl Unsaved {
    pub(crate) fn new(details: Details) -> Unsaved {
        Unsaved(Box::new(details))
    }

    /// The recovery file the changes went to, if one could be written.
    pub fn recovery_file(&self) -> Option<&Path> {
        match &self.0.kept {
            Kept::InFile(path) => Some(path),
            _ => None,
        }
    }

    /// The changes as TOML, when they could be written nowhere and are printed instead.
    pub fn printed(&self) -> Option<&str> {
        match &self.0.kept {
            Kept::Printed { toml, .. } => Some(toml),
            _ => None,
        }
    }
}

/// `1 change`, `3 changes`, with the matching verbs and pronouns.
pub(crate) struct Count(pub(crate) usize);

impl Count {
    pub(crate) fn noun(&self) -> String {
        match self.0 {
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        }
    }
    fn pick(&self, one: &'static str, more: &'static str) -> &'static str {
        if self.0 == 1 { one } else { more }
    }
    pub(crate) fn was(&self) -> &'static str {
        self.pick("was", "were")
    }
    pub(crate) fn is(&self) -> &'static str {
        self.pick("is", "are")
    }
    pub(crate) fn it(&self) -> &'static str {
        self.pick("it", "they")
    }
    pub(crate) fn them(&self) -> &'static str {
        self.pick("it", "them")
    }
    pub(crate) fn it_stays(&self) -> &'static str {
        self.pick("it stays", "they stay")
    }
}

fn quoted_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("'{}'", shown(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Unsaved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.what;
        if let Kept::Earlier = self.kept {
            return write!(
                f,
                "the {what} kanbao could not save before, in {}, are still not saved: {}. They \
                 stay there until kanbao can save them (it tries at every start).",
                quoted_list(&self.earlier),
                self.error
            );
        }
        let count = Count(self.changes);
        let (noun, was, it) = (count.noun(), count.was(), count.it());
        write!(f, "{noun} to the {what} {was} not saved: {}.", self.error)?;
        if !self.earlier.is_empty() {
            write!(
                f,
                " (Earlier unsaved changes stay in {}.)",
                quoted_list(&self.earlier)
            )?;
        }
        match &self.kept {
            Kept::InFile(path) => write!(
                f,
                " {} {} kept in '{}' until kanbao can save {} (it tries at every start).",
                capitalised(it),
                count.is(),
                shown(path),
                count.them()
            ),
            Kept::Earlier => Ok(()),
            Kept::Printed {
                tried,
                toml,
                save_as,
            } => {
                if !tried.is_empty() {
                    let places: Vec<String> = tried
                        .iter()
                        .map(|(path, err)| format!("'{}' ({err})", shown(path)))
                        .collect();
                    write!(f, " Nor could {it} be kept in {}.", places.join(" or in "))?;
                }
                let here = format!("Here {it} {}", count.is());
                match save_as {
                    Some(path) => write!(
                        f,
                        " {here}: save the lines between the two marks as '{}', and kanbao \
                         applies {} at its next start.",
                        shown(path),
                        count.them()
                    )?,
                    None => write!(f, " {here}, to add by hand:")?,
                }
                write!(f, "\n----- 8< -----\n{toml}----- 8< -----")
            }
        }
    }
}

impl std::error::Error for Unsaved {}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::store::file::Store;
    use crate::store::{BOOKMARKS_FILE, Bookmark, Bookmarks, FsWriter, ReadingState};

    /// Fails every write to a path under one of these (a file or a folder), like a full disk
    /// there; `on` turns the failure off when it is cleared.
    struct FullDisk {
        at: Vec<PathBuf>,
        on: Arc<AtomicBool>,
    }

    impl AtomicWrite for FullDisk {
        fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            if self.on.load(Ordering::SeqCst) && self.at.iter().any(|at| path.starts_with(at)) {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "No space left on device",
                ))
            } else {
                FsWriter.write_atomic(path, bytes)
            }
        }
    }

    fn full_at(at: &[&Path]) -> Box<dyn AtomicWrite + Send> {
        full_while(at, Arc::new(AtomicBool::new(true)))
    }

    fn full_while(at: &[&Path], on: Arc<AtomicBool>) -> Box<dyn AtomicWrite + Send> {
        Box::new(FullDisk {
            at: at.iter().map(|p| p.to_path_buf()).collect(),
            on,
        })
    }

    fn open(dir: &Path, temp: &Path, writer: Box<dyn AtomicWrite + Send>) -> Bookmarks {
        Bookmarks::from_store(Store::open_in(
            dir.join(BOOKMARKS_FILE),
            writer,
            temp.to_owned(),
        ))
    }

    fn bookmark(id: &str) -> Bookmark {
        crate::store::bookmarks::test_bookmark(id, "2024-01-01T00:00:00Z")
    }

    fn ids(store: &Bookmarks) -> Vec<&str> {
        let mut ids: Vec<&str> = store.list().iter().map(|b| b.article_id.as_str()).collect();
        ids.sort_unstable();
        ids
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("the folder lists")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn changes_not_saved_at_quit_are_kept_beside_the_file_and_applied_once_by_the_next_start() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let temp = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join(BOOKMARKS_FILE);
        let mut store = open(dir.path(), temp.path(), Box::new(FsWriter));
        store.add(bookmark("a")).expect("saved");
        drop(store);
        let mut store = open(dir.path(), temp.path(), full_at(&[&file]));
        store.add(bookmark("b")).expect_err("the disk is full");
        store.remove("a").expect_err("the disk is full");
        let unsaved = store.save_or_keep().expect_err("the disk is still full");
        let kept = unsaved.recovery_file().expect("a recovery file").to_owned();
        assert_eq!(kept.parent(), Some(dir.path()));
        assert_eq!(
            unsaved.to_string(),
            format!(
                "2 changes to the bookmarks were not saved: cannot write '{}': No space left \
                 on device; check free space and permissions. They are kept in '{}' until \
                 kanbao can save them (it tries at every start).",
                file.display(),
                kept.display()
            )
        );
        assert!(!unsaved.to_string().contains("saved with the next"));
        drop(store);

        let store = open(dir.path(), temp.path(), Box::new(FsWriter));
        assert_eq!(ids(&store), ["b"]);
        assert_eq!(
            store.problem(),
            Some(
                format!(
                    "recovered 2 changes to the bookmarks that an earlier kanbao could not \
                     save, from '{}'",
                    kept.display()
                )
                .as_str()
            )
        );
        assert!(!store.has_error());
        assert!(!store.has_unsaved());
        assert_eq!(
            names(dir.path()),
            ["bookmarks.toml", "bookmarks.toml.bak", "kanbao.lock"]
        );
        // Applied once: the next start has nothing to recover.
        let store = open(dir.path(), temp.path(), Box::new(FsWriter));
        assert_eq!(store.problem(), None);
        assert_eq!(ids(&store), ["b"]);
    }

    #[test]
    fn with_no_room_beside_the_file_changes_go_to_the_temp_folder() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let other = tempfile::tempdir().expect("a temp dir");
        let temp = tempfile::tempdir().expect("a temp dir");
        let mut store = open(dir.path(), temp.path(), full_at(&[dir.path()]));
        store.add(bookmark("a")).expect_err("the disk is full");
        let unsaved = store.save_or_keep().expect_err("the disk is still full");
        let kept = unsaved.recovery_file().expect("a recovery file").to_owned();
        assert_eq!(kept.parent(), Some(temp.path()));
        assert!(
            kept.file_name()
                .expect("a name")
                .to_string_lossy()
                .starts_with("kanbao-bookmarks.toml.unsaved-"),
            "{}",
            kept.display()
        );
        drop(store);
        // Another store's start leaves it alone; this store's next start applies it.
        let unrelated = open(other.path(), temp.path(), Box::new(FsWriter));
        assert!(unrelated.is_empty());
        assert!(kept.exists());
        let store = open(dir.path(), temp.path(), Box::new(FsWriter));
        assert_eq!(ids(&store), ["a"]);
        assert!(
            store
                .problem()
                .expect("a notice")
                .starts_with("recovered 1 change to")
        );
        assert!(!kept.exists());
    }

    #[test]
    fn when_nothing_can_be_written_the_changes_are_printed_and_can_be_saved_back_by_hand() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let temp = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join(BOOKMARKS_FILE);
        let mut store = open(dir.path(), temp.path(), full_at(&[dir.path(), temp.path()]));
        let mut noted = bookmark("a");
        noted.note = Some("read \"this\" \\ later".to_owned());
        store.add(noted).expect_err("the disk is full");
        let unsaved = store.save_or_keep().expect_err("no room anywhere");
        let toml = unsaved.printed().expect("the changes as TOML").to_owned();
        let message = unsaved.to_string();
        let by_hand = dir.path().join("bookmarks.toml.unsaved-by-hand");
        let expected_start = format!(
            "1 change to the bookmarks was not saved: cannot write '{}': No space left on \
             device; check free space and permissions. Nor could it be kept in '{}",
            file.display(),
            dir.path().join("bookmarks.toml.unsaved-").display()
        );
        assert!(message.starts_with(&expected_start), "{message}");
        assert!(
            message.contains(&format!(
                "' (No space left on device) or in '{}",
                temp.path().join("kanbao-bookmarks.toml.unsaved-").display()
            )),
            "{message}"
        );
        assert!(
            message.contains(&format!(
                "Here it is: save the lines between the two marks as '{}', and kanbao applies \
                 it at its next start.\n----- 8< -----\n# kanbao: changes to the bookmarks",
                by_hand.display()
            )),
            "{message}"
        );
        assert!(message.ends_with("----- 8< -----"), "{message}");
        assert!(names(temp.path()).is_empty(), "{:?}", names(temp.path()));
        drop(store);
        fs::write(&by_hand, &toml).expect("saved by hand");
        let store = open(dir.path(), temp.path(), Box::new(FsWriter));
        assert_eq!(ids(&store), ["a"]);
        assert_eq!(
            store.get("a").and_then(|b| b.note.as_deref()),
            Some("read \"this\" \\ later"),
            "the note comes back whole"
        );
        assert!(!by_hand.exists());
    }

    #[test]
    fn a_recovery_seen_by_two_starts_is_saved_once_and_never_brings_back_a_removed_bookmark() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let temp = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join(BOOKMARKS_FILE);
        let mut quitting = open(dir.path(), temp.path(), full_at(&[&file]));
        quitting.add(bookmark("x")).expect_err("the disk is full");
        let kept = quitting.save_or_keep().expect_err("still full");
        assert!(kept.recovery_file().is_some());
        drop(quitting);
        // Two kanbao start while the disk is still full: both see the recovered bookmark.
        let full_a = Arc::new(AtomicBool::new(true));
        let full_b = Arc::new(AtomicBool::new(true));
        let mut a = open(
            dir.path(),
            temp.path(),
            full_while(&[&file], Arc::clone(&full_a)),
        );
        let mut b = open(
            dir.path(),
            temp.path(),
            full_while(&[&file], Arc::clone(&full_b)),
        );
        assert_eq!(ids(&a), ["x"]);
        assert_eq!(ids(&b), ["x"]);
        assert!(a.has_error() && b.has_error(), "{:?}", a.problem());
        // Room again: the first saves the recovered bookmark, then the reader removes it there.
        full_a.store(false, Ordering::SeqCst);
        full_b.store(false, Ordering::SeqCst);
        a.flush().expect("saved");
        a.remove("x").expect("saved");
        // The second saves a change of its own: the recovery is gone, x stays removed.
        b.add(bookmark("y")).expect("saved");
        assert_eq!(ids(&b), ["y"]);
        assert_eq!(ids(&Bookmarks::open(dir.path())), ["y"]);
    }

    #[test]
    fn reading_state_is_kept_the_same_way_and_a_damaged_recovery_file_is_named() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let temp = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join(crate::store::STATE_FILE);
        let mut state = ReadingState::from_store(Store::open_in(
            file.clone(),
            full_at(&[&file]),
            temp.path().to_owned(),
        ));
        state.mark_read("e/1/1").expect_err("the disk is full");
        let unsaved = state.save_or_keep().expect_err("still full");
        assert!(
            unsaved
                .to_string()
                .starts_with("1 change to the reading state was not saved: cannot write '"),
            "{unsaved}"
        );
        drop(state);
        let bad = dir.path().join("state.toml.unsaved-20000101T000000Z-1");
        fs::write(
            &bad,
            "version = 1\nfile = \"x\"\n[[change]]\ndo = \"explode\"\n",
        )
        .expect("write");
        let state = ReadingState::open(dir.path());
        assert!(state.is_read("e/1/1"));
        let problem = state.problem().expect("a problem");
        assert!(
            problem.contains(&format!(
                "{}, line 4: unknown variant `explode`",
                bad.display()
            )),
            "{problem}"
        );
        assert!(
            problem.contains("not applied (fix the file or delete it)"),
            "{problem}"
        );
        assert!(bad.exists(), "a damaged recovery file is kept");
    }

    #[test]
    fn without_a_home_folder_the_changes_are_printed() {
        let mut store = Bookmarks::from_store(Store::memory());
        store.add(bookmark("a")).expect_err("nowhere to save");
        let unsaved = store.save_or_keep().expect_err("nowhere to save");
        let message = unsaved.to_string();
        assert!(
            message.starts_with(
                "1 change to the bookmarks was not saved: no home folder found for kanbao's \
                 bookmarks (set HOME or XDG_DATA_HOME). Here it is, to add by hand:\n----- 8< \
                 -----\n"
            ),
            "{message}"
        );
        assert!(message.contains("article_id = \"a\""), "{message}");
    }

    #[test]
    fn printed_changes_carry_no_control_character() {
        let mut store = Bookmarks::from_store(Store::memory());
        let mut noted = bookmark("a");
        noted.note = Some("x\u{9b}31m\u{202e}y\u{1b}]0;T\u{7}z".to_owned());
        store.add(noted).expect_err("nowhere to save");
        let unsaved = store.save_or_keep().expect_err("nowhere to save");
        let message = unsaved.to_string();
        assert!(
            !message
                .chars()
                .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
            "{message:?}"
        );
        assert!(message.contains("note = \"x"), "{message}");
    }
}
