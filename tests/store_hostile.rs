//! kanbao's own files under hostile conditions: a full disk when a change is saved at the end of
//! a command or at quit (simulated with RLIMIT_FSIZE, which holds for root too, on the real
//! binary and in a pseudo-terminal), a file where the data folder should be, a damaged file at
//! `bookmarks rm`, oversized files, FIFOs and `/dev/zero` in place of a store file, and a read
//! list past its cap. Each message is checked word for word.

#![cfg(target_os = "linux")]

mod support;

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use kanbao::store::{MAX_READ_IDS, MAX_STORE_BYTES, ReadingState, STATE_FILE};

use support::cli::{BIN, Home, bookmark_ids, home_env, peak_rss_kib};
use support::pty::{Session, shell};

const SAMPLE: &str = "xuchang-daily-2023-02-28";
/// Generous: a debug build on a busy 2-core machine; a hang is caught, not waited out.
const DEADLINE: Duration = Duration::from_secs(30);

/// How one run ended.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    /// Peak resident memory (VmHWM) seen while it ran, in KiB.
    peak_kib: u64,
}

/// What these tests add to a user's home: TMPDIR inside it too, and runs watched to their end,
/// on a disk as full as they choose.
impl Home {
    fn with_temp_dir() -> Home {
        let home = Home::new();
        std::fs::create_dir_all(home.temp_dir()).expect("the temp folder");
        home
    }

    fn temp_dir(&self) -> PathBuf {
        self.path().join("tmp")
    }

    /// `kanbao ARGS`, or with `fsize_blocks`, `kanbao ARGS` under `ulimit -f` with SIGXFSZ
    /// ignored: a write past that size fails with EFBIG, as on a full disk (and as root too).
    fn limited_command(&self, args: &[&str], fsize_blocks: Option<u32>) -> Command {
        let mut cmd = match fsize_blocks {
            Some(blocks) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$@\""))
                    .arg("sh")
                    .arg(BIN);
                sh
            }
            None => Command::new(BIN),
        };
        let home = self.path();
        cmd.args(args)
            .current_dir(home)
            .envs(home_env(home))
            .env("NO_COLOR", "1")
            .env("TMPDIR", self.temp_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        run_watched(self.limited_command(args, None))
    }

    fn run_on_full_disk(&self, args: &[&str], fsize_blocks: u32) -> Run {
        run_watched(self.limited_command(args, Some(fsize_blocks)))
    }

    /// The names in the data folder, sorted.
    fn data_names(&self) -> Vec<String> {
        names(&self.data_dir())
    }

    /// A valid bookmarks file of about `bytes` bytes: `count` synthetic bookmarks plus the
    /// sample's story 1/2.
    fn write_big_bookmarks(&self, bytes: usize) {
        std::fs::create_dir_all(self.data_dir()).expect("the data folder");
        let mut text = format!(
            "version = 1\n\n[[bookmark]]\narticle_id = \"{SAMPLE}/1/2\"\nedition_id = \
             \"{SAMPLE}\"\nheadline = \"探索建立多元救助模式 构建全方位社会救助体系\"\n"
        );
        let mut n = 0;
        while text.len() < bytes {
            write!(
                text,
                "\n[[bookmark]]\narticle_id = \"x/1/{n}\"\nedition_id = \"x\"\npage = \"1\"\n\
                 headline = \"Headline {n}\"\nexcerpt = \"{}\"\nadded = \
                 \"2024-01-01T00:00:00Z\"\n",
                "正文".repeat(40)
            )
            .expect("writing to a String");
            n += 1;
        }
        std::fs::write(self.bookmarks_file(), text).expect("the bookmarks file");
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Runs `cmd` to its end, reading its peak memory from /proc while it runs; a run past
/// [`DEADLINE`] is killed and fails the test.
fn run_watched(mut cmd: Command) -> Run {
    let mut child = cmd.spawn().expect("kanbao starts");
    let pipe = |mut from: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("piped stderr")));
    let pid = child.id();
    let start = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if let Some(kib) = peak_rss_kib(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("kanbao still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Run {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
        peak_kib,
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\nstdout:\n{}\nstderr:\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// The article ids in a bookmarks file, by a plain TOML parser.
fn ids_in(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("the bookmarks file");
    let table: toml::Table = toml::from_str(&text).expect("the file parses");
    bookmark_ids(&table)
}

/// The recovery files in the data folder (`bookmarks.toml.unsaved-…`).
fn recovery_files(home: &Home) -> Vec<PathBuf> {
    home.data_names()
        .into_iter()
        .filter(|n| n.starts_with("bookmarks.toml.unsaved-"))
        .map(|n| home.data_dir().join(n))
        .collect()
}

/// 64 blocks: 32 KiB (dash counts 512-byte blocks) or 64 KiB; either way far above a recovery
/// file (about 1 KB) and far below the bookmarks file of these tests.
const ROOM_FOR_SMALL_FILES: u32 = 64;

#[test]
fn a_full_disk_at_the_end_of_bookmarks_add_and_rm_keeps_the_changes_for_the_next_start() {
    let home = Home::with_temp_dir();
    home.write_big_bookmarks(200_000);
    let file = home.bookmarks_file();
    let before = std::fs::read(&file).expect("the file");
    let six = format!("{SAMPLE}/1/6");
    let two = format!("{SAMPLE}/1/2");

    let run = home.run_on_full_disk(
        &["bookmarks", "add", &six, "--note", "keep"],
        ROOM_FOR_SMALL_FILES,
    );
    assert_eq!(run.status.code(), Some(1), "{run}");
    assert_eq!(run.stdout, "", "no confirmation for what was not saved");
    let kept = recovery_files(&home);
    assert_eq!(kept.len(), 1, "{:?}", home.data_names());
    assert_eq!(
        run.stderr,
        format!(
            "kanbao: 1 change to the bookmarks was not saved: cannot write '{}': File too large \
             (os error 27); check free space and permissions. It is kept in '{}' until kanbao \
             can save it (it tries at every start).\n",
            file.display(),
            kept[0].display()
        )
    );
    // The failed write left the old file whole and no temp file behind.
    assert_eq!(std::fs::read(&file).expect("the file"), before);
    assert!(
        !home.data_names().iter().any(|n| n.contains(".tmp")),
        "{:?}",
        home.data_names()
    );

    let run = home.run_on_full_disk(&["bookmarks", "rm", &two], ROOM_FOR_SMALL_FILES);
    assert_eq!(run.status.code(), Some(1), "{run}");
    let kept = recovery_files(&home);
    assert_eq!(kept.len(), 2, "{:?}", home.data_names());
    assert!(
        run.stderr.starts_with(&format!(
            "kanbao: 1 change to the bookmarks was not saved: cannot write '{}': File too large \
             (os error 27); check free space and permissions. (Earlier unsaved changes stay in \
             '{}'.) It is kept in '{}'",
            file.display(),
            kept[0].display(),
            kept[1].display()
        )),
        "{run}"
    );
    assert!(!run.stderr.contains("saved with the next"), "{run}");

    // Room again: the next start saves both, says so once, and deletes the recovery files.
    let run = home.run(&["bookmarks"]);
    assert!(run.status.success(), "{run}");
    assert_eq!(
        run.stderr,
        format!(
            "kanbao: recovered 2 changes to the bookmarks that an earlier kanbao could not \
             save, from '{}', '{}'\n",
            kept[0].display(),
            kept[1].display()
        )
    );
    assert!(run.stdout.contains("note: keep"), "{run}");
    let ids = ids_in(&file);
    assert!(ids.contains(&six) && !ids.contains(&two), "{ids:?}");
    assert!(recovery_files(&home).is_empty(), "{:?}", home.data_names());
    let run = home.run(&["bookmarks"]);
    assert!(run.status.success() && run.stderr.is_empty(), "{run}");
}

/// The lines between the two `----- 8< -----` marks of a message.
fn between_marks(text: &str) -> String {
    let mark = "----- 8< -----\n";
    let start = text.find(mark).expect("a first mark") + mark.len();
    let end = start + text[start..].find("----- 8< -----").expect("a second mark");
    text[start..end].to_owned()
}

#[test]
fn with_no_room_anywhere_the_changes_are_printed_and_can_be_saved_back() {
    let home = Home::with_temp_dir();
    let nine = format!("{SAMPLE}/1/9");
    let run = home.run_on_full_disk(&["bookmarks", "add", &nine, "--note", "n"], 0);
    assert_eq!(run.status.code(), Some(1), "{run}");
    let file = home.bookmarks_file();
    let by_hand = home.data_dir().join("bookmarks.toml.unsaved-by-hand");
    assert!(
        run.stderr.starts_with(&format!(
            "kanbao: 1 change to the bookmarks was not saved: cannot write '{}': File too large \
             (os error 27); check free space and permissions. Nor could it be kept in '{}",
            file.display(),
            home.data_dir().join("bookmarks.toml.unsaved-").display()
        )),
        "{run}"
    );
    assert!(
        run.stderr.contains(&format!(
            " (File too large (os error 27)) or in '{}",
            home.temp_dir()
                .join("kanbao-bookmarks.toml.unsaved-")
                .display()
        )),
        "{run}"
    );
    assert!(
        run.stderr.contains(&format!(
            "Here it is: save the lines between the two marks as '{}', and kanbao applies it \
             at its next start.\n----- 8< -----\n",
            by_hand.display()
        )),
        "{run}"
    );
    assert!(run.stderr.ends_with("----- 8< -----\n"), "{run}");
    assert!(
        home.data_names().iter().all(|n| n == "kanbao.lock"),
        "{:?}",
        home.data_names()
    );
    assert!(names(&home.temp_dir()).is_empty());
    // The user saves the printed lines where the message says; the next start applies them.
    std::fs::write(&by_hand, between_marks(&run.stderr)).expect("saved by hand");
    let run = home.run(&["bookmarks"]);
    assert!(run.status.success(), "{run}");
    assert!(
        run.stderr
            .starts_with("kanbao: recovered 1 change to the bookmarks"),
        "{run}"
    );
    assert!(run.stdout.contains("note: n"), "{run}");
    assert_eq!(ids_in(&file), [nine]);
    assert!(!by_hand.exists());
}

#[test]
fn a_file_where_the_data_folder_should_be_is_named_and_the_change_waits_in_the_temp_folder() {
    let home = Home::with_temp_dir();
    std::fs::create_dir_all(home.path().join("data")).expect("the data home");
    let in_the_way = home.data_dir();
    std::fs::write(&in_the_way, "not a folder").expect("a file in the way");
    let problem = format!(
        "'{}' is a file, but it must be a folder: kanbao keeps its bookmarks in it \
         ('bookmarks.toml'); move or rename that file, and kanbao makes the folder",
        in_the_way.display()
    );
    let run = home.run(&["bookmarks"]);
    assert_eq!(run.status.code(), Some(1), "{run}");
    assert_eq!(run.stderr, format!("kanbao: {problem}\n"));
    assert!(!run.stderr.contains("File exists"), "{run}");

    let two = format!("{SAMPLE}/1/2");
    let run = home.run(&["bookmarks", "add", &two]);
    assert_eq!(run.status.code(), Some(1), "{run}");
    let kept = names(&home.temp_dir());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].starts_with("kanbao-bookmarks.toml.unsaved-"),
        "{kept:?}"
    );
    let kept = home.temp_dir().join(&kept[0]);
    assert_eq!(
        run.stderr,
        format!(
            "kanbao: 1 change to the bookmarks was not saved: {problem}. It is kept in '{}' \
             until kanbao can save it (it tries at every start).\n",
            kept.display()
        )
    );
    // The user moves the file away: the next start finds the change in the temp folder.
    std::fs::remove_file(&in_the_way).expect("the file moved away");
    let run = home.run(&["bookmarks"]);
    assert!(run.status.success(), "{run}");
    assert_eq!(
        run.stderr,
        format!(
            "kanbao: recovered 1 change to the bookmarks that an earlier kanbao could not save, \
             from '{}'\n",
            kept.display()
        )
    );
    assert_eq!(ids_in(&home.bookmarks_file()), [two]);
    assert!(!kept.exists());
}

#[test]
fn bookmarks_rm_on_a_damaged_file_gives_the_damage_not_not_bookmarked() {
    let home = Home::with_temp_dir();
    std::fs::create_dir_all(home.data_dir()).expect("the data folder");
    let damaged = "version = 1\n\n[[bookmark]]\narticle_id = \"x/1/1\n";
    std::fs::write(home.bookmarks_file(), damaged).expect("a damaged file");
    let run = home.run(&["bookmarks", "rm", "x/1/1"]);
    assert_eq!(run.status.code(), Some(1), "{run}");
    assert_eq!(
        run.stderr,
        format!(
            "kanbao: cannot remove 'x/1/1': {}, line 4: not valid TOML: invalid basic string, \
             expected `\"`; kept as it is until a change is saved, which moves it aside (or fix \
             it by hand)\n",
            home.bookmarks_file().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(home.bookmarks_file()).expect("the file"),
        damaged,
        "untouched"
    );
    // With a readable file, an id that is not there is still "not bookmarked".
    std::fs::write(home.bookmarks_file(), "version = 1\n").expect("a good file");
    let run = home.run(&["bookmarks", "rm", "x/1/1"]);
    assert_eq!(
        run.stderr,
        "kanbao: 'x/1/1' is not bookmarked; `kanbao bookmarks` lists the bookmarks\n"
    );
}

#[test]
fn an_oversized_bookmarks_file_is_refused_in_little_memory_and_moved_aside_on_save() {
    let home = Home::with_temp_dir();
    // Just over the cap, all valid: parsing it took about 15 times its size in memory.
    let over = usize::try_from(MAX_STORE_BYTES).expect("fits") + 1_000_000;
    home.write_big_bookmarks(over);
    let file = home.bookmarks_file();
    let size = std::fs::metadata(&file).expect("the file").len();
    let run = home.run(&["bookmarks"]);
    assert_eq!(run.status.code(), Some(1), "{run}");
    assert_eq!(
        run.stderr,
        format!(
            "kanbao: {}: {size} bytes, more than the 16777216 kanbao reads from its own files, \
             so it was not read; kept as it is until a change is saved, which moves it aside \
             (or trim it by hand)\n",
            file.display()
        )
    );
    // Measured: about 5 MB now; 250 MB and more when it was parsed.
    assert!(
        run.peak_kib < 100 * 1024,
        "kanbao bookmarks took {} KiB for a {size}-byte file",
        run.peak_kib
    );
    let two = format!("{SAMPLE}/1/2");
    let run = home.run(&["bookmarks", "add", &two]);
    assert!(run.status.success(), "{run}");
    assert!(
        run.stderr
            .contains("moved it aside to 'bookmarks.toml.corrupt-"),
        "{run}"
    );
    let aside: Vec<String> = home
        .data_names()
        .into_iter()
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", home.data_names());
    let aside_size = std::fs::metadata(home.data_dir().join(&aside[0]))
        .expect("the file moved aside")
        .len();
    assert_eq!(aside_size, size, "kept whole");
    assert_eq!(ids_in(&file), [two]);
}

#[test]
fn a_fifo_or_dev_zero_as_a_store_file_is_refused_at_once() {
    let home = Home::with_temp_dir();
    std::fs::create_dir_all(home.data_dir()).expect("the data folder");
    let file = home.bookmarks_file();
    for make in ["fifo", "zero"] {
        let _ = std::fs::remove_file(&file);
        if make == "fifo" {
            let status = Command::new("mkfifo").arg(&file).status().expect("mkfifo");
            assert!(status.success());
        } else {
            std::os::unix::fs::symlink("/dev/zero", &file).expect("a link");
        }
        let run = home.run(&["bookmarks"]);
        assert_eq!(run.status.code(), Some(1), "{make}: {run}");
        assert_eq!(
            run.stderr,
            format!(
                "kanbao: '{}' is not a regular file (a FIFO, socket, device or folder), so \
                 kanbao neither reads nor writes it; remove it or move it away\n",
                file.display()
            ),
            "{make}"
        );
        assert!(run.peak_kib < 100 * 1024, "{make}: {} KiB", run.peak_kib);
    }
    // The reading state, opened in this process with a deadline.
    let state_dir = home.path().join("state");
    std::fs::create_dir_all(&state_dir).expect("the state folder");
    std::os::unix::fs::symlink("/dev/zero", state_dir.join(STATE_FILE)).expect("a link");
    let (send, receive) = std::sync::mpsc::channel();
    let dir = state_dir.clone();
    std::thread::spawn(move || {
        let state = ReadingState::open(&dir);
        let _ = send.send(state.problem().map(str::to_owned));
    });
    let problem = receive
        .recv_timeout(DEADLINE)
        .expect("the state opens without waiting")
        .expect("a problem");
    assert!(problem.contains("is not a regular file"), "{problem}");
}

#[test]
fn a_read_list_past_its_cap_keeps_the_most_recent_ids_and_the_open_edition() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let extra = 10;
    let mut text = String::from("version = 1\nread = [\n");
    // The edition open last was read first of all: its marks must stay.
    for n in 0..3 {
        writeln!(text, "  \"open/1/{n}\",").expect("writing to a String");
    }
    for n in 0..MAX_READ_IDS + extra - 3 {
        writeln!(text, "  \"old/1/{n}\",").expect("writing to a String");
    }
    text.push_str("]\n\n[last]\nedition_id = \"open\"\narticle_id = \"open/1/0\"\n");
    std::fs::write(dir.path().join(STATE_FILE), text).expect("the state file");
    let mut state = ReadingState::open(dir.path());
    assert_eq!(state.problem(), None);
    assert!(
        state.is_read("old/1/0"),
        "all marks are shown until the next save"
    );
    state.mark_read("new/1/1").expect("saved");
    let saved = std::fs::read_to_string(dir.path().join(STATE_FILE)).expect("the state file");
    let table: toml::Table = toml::from_str(&saved).expect("it parses");
    let read: Vec<&str> = table["read"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("an id"))
        .collect();
    assert_eq!(read.len(), MAX_READ_IDS);
    assert_eq!(read[..3], ["open/1/0", "open/1/1", "open/1/2"]);
    // 10 over the cap, plus the new one: the 11 oldest of the others went.
    assert_eq!(read[3], "old/1/11");
    assert_eq!(read.last(), Some(&"new/1/1"));
    let reopened = ReadingState::open(dir.path());
    assert!(!reopened.is_read("old/1/10") && reopened.is_read("old/1/11"));
    assert!(reopened.is_read("open/1/2") && reopened.is_read("new/1/1"));
}

#[test]
fn the_reader_keeps_a_bookmark_it_cannot_save_at_quit_and_says_so() {
    let home = Home::with_temp_dir();
    home.write_big_bookmarks(200_000);
    let file = home.bookmarks_file();
    let mut cmd = shell(
        &format!(
            "trap '' XFSZ; ulimit -f {ROOM_FOR_SMALL_FILES}; '{{bin}}' -L \
             editions/xuchang-daily-2023-02-28.txt; echo \"exit=$?\"; sleep 30"
        ),
        home.path(),
        "xterm-256color",
    );
    cmd.env("TMPDIR", home.temp_dir());
    let mut terminal = Session::spawn(cmd, 30, 120, DEADLINE);
    terminal.wait_for("襄城县丁营乡");
    terminal.send("G");
    terminal.wait_for("▌• 襄城县丁营乡");
    terminal.send("b");
    // The status line says it once: not saved, why, and that it is kept.
    let screen = terminal.wait_for("not saved (kept for the next save): cannot write '");
    assert_eq!(screen.matches("not saved").count(), 1, "{screen}");
    terminal.send("q");
    let out = terminal.wait_for_output("exit=");
    terminal.kill();
    let exit = out
        .split("exit=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_default();
    assert_eq!(exit, "1", "{out}");
    let expected = format!(
        "kanbao: 1 change to the bookmarks was not saved: cannot write '{}': File too large (os \
         error 27); check free space and permissions. It is kept in '",
        file.display()
    );
    assert!(out.contains(&expected), "{out}");
    assert!(!out.contains("saved with the next"), "{out}");
    let kept = recovery_files(&home);
    assert_eq!(kept.len(), 1, "{:?}", home.data_names());
    assert!(
        out.contains(&format!(
            "It is kept in '{}' until kanbao can save it (it tries at every start).",
            kept[0].display()
        )),
        "{out}"
    );
    // The next start, with room on the disk, saves the bookmark.
    let run = home.run(&["bookmarks"]);
    let nine = format!("{SAMPLE}/1/9");
    assert!(
        run.stderr.contains("recovered 1 change to the bookmarks"),
        "{run}"
    );
    assert!(ids_in(&file).contains(&nine));
}
