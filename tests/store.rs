//! Bookmarks as a crash, a second kanbao, a damaged file, a full disk and a changed edition meet
//! them: the real binary killed with SIGKILL at random moments, two processes saving at once,
//! damaged files through the command line, a writer that fails, and `kanbao bookmarks`
//! add/rm/--json/export with HOME and XDG directories in a temp dir.

mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kanbao::store::{AtomicWrite, Bookmark, Bookmarks, FsWriter, ReadingState, SavedPosition};

use support::cli::{Home, bookmark_ids};

const SAMPLE: &str = "xuchang-daily-2023-02-28";
const ESC: u8 = 0x1b;

/// What these tests add to a user's home: a run, recorded.
impl Home {
    fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("kanbao runs");
        Run::from(args, output)
    }

    /// Runs a command that must succeed.
    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(run.success, "{run}");
        run
    }
}

/// What one `kanbao` run did.
struct Run {
    args: String,
    success: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Run {
    fn from(args: &[&str], output: Output) -> Run {
        Run {
            args: args.join(" "),
            success: output.status.success(),
            stdout: output.stdout,
            stderr: output.stderr,
        }
    }

    fn out(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("UTF-8 stdout")
    }

    fn err(&self) -> String {
        String::from_utf8(self.stderr.clone()).expect("UTF-8 stderr")
    }

    fn assert_no_escape(&self) {
        assert!(
            !self.stdout.contains(&ESC) && !self.stderr.contains(&ESC),
            "an ESC byte reached the output of `kanbao {}`",
            self.args
        );
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`kanbao {}` (success: {})\nstdout:\n{}\nstderr:\n{}",
            self.args,
            self.success,
            String::from_utf8_lossy(&self.stdout),
            String::from_utf8_lossy(&self.stderr)
        )
    }
}

/// The article ids in a bookmarks file, read with a plain TOML parser (not kanbao's), which must
/// accept the file.
fn ids_in(path: &Path) -> Vec<String> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let table: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|err| panic!("{} does not parse: {err}\n{text}", path.display()));
    assert_eq!(table["version"].as_integer(), Some(1));
    bookmark_ids(&table)
}

fn id_set(path: &Path) -> BTreeSet<String> {
    ids_in(path).into_iter().collect()
}

/// A small deterministic generator; the seed is printed so a failure can be replayed with
/// KANBAO_TEST_SEED.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("KANBAO_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("KANBAO_TEST_SEED={seed}");
        Rng(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Collects a child's stdout lines as they come, in a thread.
struct Lines {
    lines: Arc<Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
}

impl Lines {
    fn follow(child: &mut Child) -> Lines {
        let mut stdout = child.stdout.take().expect("piped stdout");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&lines);
        let reader = std::thread::spawn(move || {
            let mut pending = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                pending.extend_from_slice(&buf[..n]);
                // Only whole lines count: a line is printed after its save.
                while let Some(end) = pending.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = pending.drain(..=end).collect();
                    let line = String::from_utf8_lossy(&line).trim_end().to_owned();
                    shared.lock().expect("lines lock").push(line);
                }
            }
        });
        Lines { lines, reader }
    }

    fn count(&self) -> usize {
        self.lines.lock().expect("lines lock").len()
    }

    fn finish(self) -> Vec<String> {
        self.reader.join().expect("the reader thread ends");
        Arc::try_unwrap(self.lines)
            .expect("only one owner left")
            .into_inner()
            .expect("lines lock")
    }
}

/// The changes `churn --prefix P --remove-every 3` makes, in order: `add P0`, `add P1`,
/// `add P2`, `rm P1`, `add P3`, …
fn churn_changes(prefix: &str, count: usize) -> impl Iterator<Item = String> {
    (0..count).flat_map(move |n| {
        let add = format!("add {prefix}{n}");
        let rm = (n % 3 == 2).then(|| format!("rm {prefix}{}", n - 1));
        std::iter::once(add).chain(rm)
    })
}

/// The ids after the first `done` changes of a churn.
fn after_changes(prefix: &str, done: usize) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for change in churn_changes(prefix, done).take(done) {
        match change.split_once(' ') {
            Some(("add", id)) => ids.insert(id.to_owned()),
            Some(("rm", id)) => ids.remove(id),
            _ => unreachable!("churn_changes makes adds and removes"),
        };
    }
    ids
}

#[cfg(unix)]
#[test]
fn sigkill_at_random_moments_never_loses_a_reported_save() {
    let home = Home::new();
    let mut rng = Rng::new();
    // What earlier rounds left; a round changes only ids with its own prefix.
    let mut before = BTreeSet::new();
    let mut reported = 0;
    for round in 0..40 {
        let prefix = format!("k{round}-");
        let mut child = home
            .command(&[
                "bookmarks",
                "churn",
                "--count",
                "1000000",
                "--prefix",
                &prefix,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("churn starts");
        let lines = Lines::follow(&mut child);
        if round % 4 == 0 {
            // Early: during start-up or the first save.
            std::thread::sleep(Duration::from_millis(1 + rng.below(15)));
        } else {
            // Mid-stream: after the first save, at a random point of a later one.
            let start = Instant::now();
            while lines.count() == 0 && start.elapsed() < Duration::from_secs(10) {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(rng.below(40)));
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("the killed process is reaped");
        let lines = lines.finish();
        let done = lines.len();
        reported += done;
        let want: Vec<String> = churn_changes(&prefix, done)
            .take(done)
            .map(|change| format!("saved {change}"))
            .collect();
        assert_eq!(
            lines, want,
            "round {round}: churn reports its changes in order"
        );
        // No file yet is fine while nothing has been saved; the checks below say if it is not.
        let file = home.bookmarks_file();
        let on_disk = if file.exists() {
            id_set(&file)
        } else {
            BTreeSet::new()
        };
        let (mine, others): (BTreeSet<String>, BTreeSet<String>) =
            on_disk.into_iter().partition(|id| id.starts_with(&prefix));
        assert_eq!(
            others, before,
            "round {round}: earlier rounds' bookmarks changed"
        );
        // Every reported change is on disk; the one being saved at the kill may be too.
        let reported_only = after_changes(&prefix, done);
        let with_next = after_changes(&prefix, done + 1);
        assert!(
            mine == reported_only || mine == with_next,
            "round {round}: after {done} reported changes the file holds {mine:?}, \
             not {reported_only:?} (or {with_next:?})"
        );
        before.extend(mine);
    }
    assert!(reported > 40, "too few saves to mean anything: {reported}");
    // The last good copy parses too, and a later save clears temp files left by the kills.
    ids_in(&home.data_dir().join("bookmarks.toml.bak"));
    home.ok(&["bookmarks", "churn", "--count", "1", "--prefix", "last-"]);
    let leftovers: Vec<_> = std::fs::read_dir(home.data_dir())
        .expect("the data dir lists")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("tmp"))
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// What `churn --count N --prefix P --remove-every K` leaves when it runs to the end.
fn churn_result(prefix: &str, count: usize, remove_every: usize) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for n in 0..count {
        ids.insert(format!("{prefix}{n}"));
        if remove_every > 0 && n % remove_every == remove_every - 1 && n > 0 {
            ids.remove(&format!("{prefix}{}", n - 1));
        }
    }
    ids
}

/// Runs two churn processes at once and returns the ids in the file afterwards.
fn churn_two_at_once(home: &Home, count: usize, remove_every: usize) -> BTreeSet<String> {
    let count = count.to_string();
    let every = remove_every.to_string();
    let children: Vec<Child> = ["a-", "b-"]
        .into_iter()
        .map(|prefix| {
            home.command(&[
                "bookmarks",
                "churn",
                "--count",
                &count,
                "--prefix",
                prefix,
                "--remove-every",
                &every,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("churn starts")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("churn ends");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    id_set(&home.bookmarks_file())
}

#[test]
fn two_processes_adding_200_each_keep_all_400() {
    let home = Home::new();
    let ids = churn_two_at_once(&home, 200, 0);
    let mut want = churn_result("a-", 200, 0);
    want.extend(churn_result("b-", 200, 0));
    assert_eq!(ids.len(), 400);
    assert_eq!(ids, want);
}

#[test]
fn two_processes_adding_and_removing_end_with_the_expected_set() {
    let home = Home::new();
    let ids = churn_two_at_once(&home, 150, 3);
    let mut want = churn_result("a-", 150, 3);
    want.extend(churn_result("b-", 150, 3));
    assert_eq!(ids, want);
}

/// A good file with two sample bookmarks (and its `.bak`), made through the CLI.
fn home_with_two_bookmarks() -> Home {
    let home = Home::new();
    home.ok(&[
        "bookmarks",
        "add",
        &format!("{SAMPLE}/1/2"),
        "--note",
        "read later",
    ]);
    home.ok(&["bookmarks", "add", &format!("{SAMPLE}/1/6")]);
    home
}

/// The damaged files of the corruption test: name, bytes, and the line the error must name.
fn damaged_files(good: &[u8]) -> Vec<(&'static str, Vec<u8>, Option<usize>)> {
    let text = String::from_utf8(good.to_vec()).expect("UTF-8");
    let headline = text.find("headline = \"").expect("a headline") + 15;
    let headline_line = text[..headline].lines().count();
    let mut bad_utf8 = good.to_vec();
    bad_utf8[headline] = 0xff;
    let escapes = format!(
        "{}\n[[bookmark]]\narticle_id = \"x/1/1\"\nheadline = \"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31mred\"\n",
        text.trim_end()
    );
    let escapes_line = escapes.lines().count();
    vec![
        ("truncated", good[..headline].to_vec(), Some(headline_line)),
        ("empty", Vec::new(), None),
        ("NUL-filled", vec![0; good.len()], Some(1)),
        ("invalid UTF-8", bad_utf8, Some(headline_line)),
        (
            "unknown version",
            text.replace("version = 1", "version = \"1.0\"")
                .into_bytes(),
            Some(4),
        ),
        ("escape sequences", escapes.into_bytes(), Some(escapes_line)),
    ]
}

#[test]
fn damaged_files_are_reported_kept_and_moved_aside_only_on_save() {
    let template = home_with_two_bookmarks();
    let good = std::fs::read(template.bookmarks_file()).expect("the bookmarks file");
    for (name, bytes, line) in damaged_files(&good) {
        let home = home_with_two_bookmarks();
        let file = home.bookmarks_file();
        std::fs::write(&file, &bytes).expect("damage the file");
        // Reading: the error names the file (and line), the last good copy is shown, nothing
        // is written, no escape byte gets out.
        for args in [
            &["bookmarks"][..],
            &["bookmarks", "--json"],
            &["bookmarks", "export", "--format", "markdown"],
        ] {
            let run = home.run(args);
            run.assert_no_escape();
            assert!(!run.success, "{name}: {run}");
            let err = run.err();
            assert!(err.contains(&file.display().to_string()), "{name}: {err}");
            if let Some(line) = line {
                assert!(err.contains(&format!("line {line}:")), "{name}: {err}");
            }
            assert!(run.out().contains("探索建立多元救助模式"), "{name}: {run}");
        }
        assert_eq!(std::fs::read(&file).expect("the file"), bytes, "{name}");
        let aside = |home: &Home| -> Vec<PathBuf> {
            std::fs::read_dir(home.data_dir())
                .expect("the data dir lists")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().contains(".corrupt-"))
                .collect()
        };
        assert!(aside(&home).is_empty(), "{name}: moved aside before a save");
        // Saving: the damaged file moves aside untouched, the last good copy carries on.
        let run = home.run(&["bookmarks", "add", &format!("{SAMPLE}/1/9")]);
        run.assert_no_escape();
        assert!(run.success, "{name}: {run}");
        assert!(run.err().contains("moved it aside"), "{name}: {run}");
        let moved = aside(&home);
        assert_eq!(moved.len(), 1, "{name}: {moved:?}");
        assert_eq!(
            std::fs::read(&moved[0]).expect("the damaged copy"),
            bytes,
            "{name}"
        );
        let want: BTreeSet<String> = [2, 6, 9].map(|n| format!("{SAMPLE}/1/{n}")).into();
        assert_eq!(id_set(&file), want, "{name}");
        let bak = home.data_dir().join("bookmarks.toml.bak");
        assert_eq!(
            std::fs::read(&bak).expect(".bak"),
            std::fs::read(&file).expect("file")
        );
        let run = home.ok(&["bookmarks"]);
        assert!(run.err().is_empty(), "{name}: {run}");
        assert!(run.out().contains("note: read later"), "{name}: {run}");
    }
}

#[test]
fn a_newer_kanbaos_file_is_read_only() {
    let home = home_with_two_bookmarks();
    let file = home.bookmarks_file();
    let newer = "version = 2\n\n[[bookmark]]\nid = \"x\"\nstars = 5\n";
    std::fs::write(&file, newer).expect("write a newer file");
    let run = home.run(&["bookmarks"]);
    assert!(!run.success);
    assert!(
        run.err().contains("line 1: written by a newer kanbao"),
        "{run}"
    );
    let run = home.run(&["bookmarks", "add", &format!("{SAMPLE}/1/9")]);
    assert!(!run.success, "{run}");
    assert!(run.err().contains("read-only"), "{run}");
    let run = home.run(&["bookmarks", "rm", &format!("{SAMPLE}/1/2")]);
    assert!(!run.success, "{run}");
    assert_eq!(std::fs::read_to_string(&file).expect("the file"), newer);
    let names: Vec<String> = std::fs::read_dir(home.data_dir())
        .expect("the data dir lists")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("corrupt")), "{names:?}");
}

#[test]
fn escape_sequences_in_a_valid_file_never_reach_the_output() {
    let home = Home::new();
    std::fs::create_dir_all(home.data_dir()).expect("the data dir");
    let text = "version = 1\n\n[[bookmark]]\narticle_id = \"\\u001b[31mx/1/1\"\n\
                edition_id = \"x\"\npaper = \"\\u001b]0;pwned\\u0007Daily\"\n\
                headline = \"\\u001b[2JHello \\u009b31mworld\"\nexcerpt = \"\\u001bPq#0;2\\u001b\\\\text\"\n\
                note = \"\\u202eevil\"\nadded = \"2024-01-01T00:00:00Z\"\n";
    std::fs::write(home.bookmarks_file(), text).expect("write the file");
    for args in [
        &["bookmarks"][..],
        &["bookmarks", "--json"],
        &["bookmarks", "export"],
    ] {
        let run = home.ok(args);
        run.assert_no_escape();
        let out = run.out();
        assert!(out.contains("Hello world"), "{run}");
        assert!(!out.to_lowercase().contains("\\u001b"), "{run}");
        assert!(
            !out.contains('\u{9b}') && !out.contains('\u{202e}'),
            "{run}"
        );
    }
    let run = home.ok(&["bookmarks", "rm", "x/1/1"]);
    assert!(run.out().contains("removed x/1/1: Hello world"), "{run}");
    assert!(ids_in(&home.bookmarks_file()).is_empty());
}

/// A writer that fails while `failing` is set, like a full disk or a read-only mount (which
/// `chmod` cannot stand in for when tests run as root).
#[derive(Clone)]
struct Flaky {
    failing: Arc<AtomicBool>,
}

impl AtomicWrite for Flaky {
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.failing.load(Ordering::SeqCst) {
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        } else {
            FsWriter.write_atomic(path, bytes)
        }
    }
}

fn synthetic(id: &str) -> Bookmark {
    Bookmark {
        article_id: id.to_owned(),
        edition_id: "x".to_owned(),
        paper: None,
        date: None,
        page: "1".to_owned(),
        headline: format!("Story {id}"),
        excerpt: String::new(),
        file: String::new(),
        added: kanbao::store::now_rfc3339(),
        note: None,
        position: SavedPosition::default(),
    }
}

#[test]
fn an_unwritable_directory_keeps_changes_in_memory_until_a_save_works() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let failing = Arc::new(AtomicBool::new(false));
    let writer = || {
        Box::new(Flaky {
            failing: Arc::clone(&failing),
        })
    };
    let mut store = Bookmarks::with_writer(dir.path(), writer());
    store.add(synthetic("a")).expect("saved");
    failing.store(true, Ordering::SeqCst);
    let err = store.add(synthetic("b")).expect_err("the disk is full");
    assert!(err.to_string().contains("No space left"), "{err}");
    store.remove("a").expect_err("the disk is full");
    let problem = store.problem().expect("a problem").to_owned();
    assert!(problem.starts_with("not saved"), "{problem}");
    assert!(problem.contains("bookmarks.toml"), "{problem}");
    assert!(problem.contains("No space left on device"), "{problem}");
    assert!(
        store.contains("b") && !store.contains("a"),
        "kept in memory"
    );
    assert!(store.has_unsaved());
    assert_eq!(ids_in(store.path()), ["a"], "the file is as it was");
    // The disk has room again: the next save carries everything.
    failing.store(false, Ordering::SeqCst);
    store.add(synthetic("c")).expect("saved");
    assert_eq!(store.problem(), None);
    assert!(!store.has_unsaved());
    assert_eq!(ids_in(store.path()), ["b", "c"]);
    // And a failed change goes out with a plain flush (as on quit).
    failing.store(true, Ordering::SeqCst);
    store
        .set_note("b", Some("n".to_owned()))
        .expect_err("the disk is full");
    failing.store(false, Ordering::SeqCst);
    store.flush().expect("saved");
    assert_eq!(
        Bookmarks::open(dir.path())
            .get("b")
            .and_then(|b| b.note.clone()),
        Some("n".to_owned())
    );
    // Reading state behaves the same.
    failing.store(true, Ordering::SeqCst);
    let mut state = ReadingState::with_writer(dir.path(), writer());
    state.mark_read("x/1/1").expect_err("the disk is full");
    assert!(state.is_read("x/1/1"));
    assert!(state.problem().expect("a problem").contains("state.toml"));
    failing.store(false, Ordering::SeqCst);
    state.mark_read("x/1/2").expect("saved");
    let reopened = ReadingState::open(dir.path());
    assert!(reopened.is_read("x/1/1") && reopened.is_read("x/1/2"));
}

#[test]
fn a_busy_lock_delays_the_save_but_loses_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut store = Bookmarks::open(dir.path());
    store.set_lock_wait(Duration::from_millis(100));
    let lock = std::fs::File::create(dir.path().join("kanbao.lock")).expect("the lock file");
    lock.lock().expect("the test holds the lock");
    let start = Instant::now();
    let err = store.add(synthetic("a")).expect_err("the lock is held");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the wait is bounded"
    );
    assert!(err.to_string().contains("another kanbao"), "{err}");
    assert!(store.problem().expect("a problem").contains("kanbao.lock"));
    assert!(store.contains("a"));
    lock.unlock().expect("unlocked");
    store.flush().expect("saved");
    assert_eq!(ids_in(store.path()), ["a"]);
}

/// An edition file with three stories, as `edition`'s loader reads it.
fn write_edition(path: &Path, stories: &[&str]) {
    let mut text = String::from(
        "+++\npaper = \"The Test Times\"\ndate = 2024-05-01\nlanguage = \"en\"\n+++\n",
    );
    for story in stories {
        write!(
            text,
            "\n# {story}\n\nThe body of the story called {story}, long enough that the excerpt \
             has to be cut somewhere.\n"
        )
        .expect("writing to a String");
    }
    std::fs::write(path, text).expect("write the edition");
}

#[test]
fn a_story_gone_from_its_edition_is_listed_missing_and_can_be_removed() {
    let home = Home::new();
    let edition = home.path().join("test-times.txt");
    let edition_arg = edition.to_str().expect("a UTF-8 path");
    write_edition(&edition, &["First story", "Second story", "Third story"]);
    home.ok(&["bookmarks", "add", "test-times/1/2", "-L", edition_arg]);
    home.ok(&["bookmarks", "add", "test-times/1/3", "-L", edition_arg]);
    // The edition is re-issued without its second story: the third moves up to /1/2.
    write_edition(&edition, &["First story", "Third story"]);
    let run = home.ok(&["bookmarks", "-L", edition_arg]);
    let out = run.out();
    assert!(out.contains("Second story  [missing]"), "{run}");
    assert!(
        out.contains("The body of the story called Second story"),
        "{run}"
    );
    assert!(out.contains("moved: now test-times/1/2"), "{run}");
    let run = home.ok(&["bookmarks", "--json", "-L", edition_arg]);
    let json: serde_json::Value = serde_json::from_str(&run.out()).expect("JSON");
    let statuses: Vec<(&str, &str, &str)> = json["bookmarks"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|b| {
            (
                b["article_id"].as_str().expect("id"),
                b["headline"].as_str().expect("headline"),
                b["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("test-times/1/3", "Third story", "moved"),
            ("test-times/1/2", "Second story", "missing"),
        ]
    );
    assert!(json["bookmarks"][1]["current_id"].is_null());
    let run = home.ok(&["bookmarks", "rm", "test-times/1/2"]);
    assert!(
        run.out().contains("removed test-times/1/2: Second story"),
        "{run}"
    );
    assert_eq!(ids_in(&home.bookmarks_file()), ["test-times/1/3"]);
}

#[test]
fn bookmarks_cli_adds_lists_exports_and_removes() {
    let home = Home::new();
    let run = home.ok(&["bookmarks"]);
    assert!(run.out().starts_with("no bookmarks yet"), "{run}");
    let two = format!("{SAMPLE}/1/2");
    let six = format!("{SAMPLE}/1/6");
    let run = home.ok(&["bookmarks", "add", &two, "--note", "read *later*"]);
    assert_eq!(
        run.out(),
        format!("bookmarked {two}: 探索建立多元救助模式 构建全方位社会救助体系\n")
    );
    // Likely within the same second: the later one still lists first.
    home.ok(&["bookmarks", "add", &six]);
    assert!(home.bookmarks_file().exists(), "in XDG_DATA_HOME/kanbao");

    let run = home.ok(&["bookmarks"]);
    let out = run.out();
    let first = out.find(&six).expect("six listed");
    let second = out.find(&two).expect("two listed");
    assert!(first < second, "newest first: {out}");
    assert!(
        out.contains(&format!("许昌日报 · 2023-02-28 · page 1 · {two}")),
        "{out}"
    );
    assert!(out.contains("note: read *later*"), "{out}");
    assert!(!out.contains("missing"), "{out}");

    let run = home.ok(&["bookmarks", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&run.out()).expect("JSON");
    let list = json["bookmarks"].as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["article_id"], two.as_str());
    assert_eq!(list[1]["edition_id"], SAMPLE);
    assert_eq!(list[1]["paper"], "许昌日报");
    assert_eq!(list[1]["date"], "2023-02-28");
    assert_eq!(list[1]["page"], "1");
    assert_eq!(list[1]["note"], "read *later*");
    assert_eq!(list[1]["status"], "found");
    assert_eq!(list[1]["position"]["paragraph"], 0);
    assert!(
        list[1]["excerpt"]
            .as_str()
            .expect("excerpt")
            .starts_with("本报讯")
    );
    assert!(list[1]["added"].as_str().expect("added").ends_with('Z'));

    let run = home.ok(&["bookmarks", "export", "--format", "markdown"]);
    let md = run.out();
    assert!(md.starts_with("# Bookmarks\n"), "{md}");
    assert!(
        md.contains(
            "- **探索建立多元救助模式 构建全方位社会救助体系** — 许昌日报, 2023-02-28, page 1\n"
        ),
        "{md}"
    );
    assert!(md.contains("\n  > 本报讯(记者张辉"), "{md}");
    assert!(md.contains("\n  Note: read \\*later\\*\n"), "{md}");

    let run = home.ok(&["bookmarks", "rm", &two]);
    assert!(run.out().starts_with(&format!("removed {two}")), "{run}");
    assert_eq!(ids_in(&home.bookmarks_file()), std::slice::from_ref(&six));
    let run = home.run(&["bookmarks", "rm", &two]);
    assert!(!run.success);
    assert!(run.err().contains("is not bookmarked"), "{run}");
    let run = home.run(&["bookmarks", "add", "no-such-edition/1/1"]);
    assert!(!run.success);
    assert!(
        run.err().contains("no article 'no-such-edition/1/1'"),
        "{run}"
    );
    assert_eq!(ids_in(&home.bookmarks_file()), [six]);
    let run = home.run(&["bookmarks", "--json", "add", "x"]);
    assert!(!run.success, "--json belongs to the listing: {run}");
}
