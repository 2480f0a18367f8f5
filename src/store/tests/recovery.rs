//! Changes kanbao could not save at quit, end to end through bookmarks and reading state: kept
//! in a recovery file beside the store file, in the temp folder, or printed, and applied once by
//! the next start.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::store::atomic::AtomicWrite;
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
