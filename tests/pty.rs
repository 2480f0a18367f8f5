//! The real binary in a pseudo-terminal: start the reader on the sample edition with HOME and
//! XDG directories in a temp dir, read the screen through a terminal emulator, drive it with
//! keys, quit, and check that the terminal was restored (alternate screen left, raw mode off).

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const DEADLINE: Duration = Duration::from_secs(20);

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for checks after the screen is gone.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// The temp folder that holds HOME, when the session owns it.
    home: Option<tempfile::TempDir>,
}

impl Session {
    /// Runs `kanbao ARGS; echo exit=$?; stty -a` in a shell, so the terminal's state after
    /// kanbao exits is printed into the same pty.
    fn start(args: &str) -> Session {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut session = Session::start_in(args, dir.path());
        session.home = Some(dir);
        session
    }

    /// Like `start`, with HOME and the XDG folders under `home`, which outlives the session.
    fn start_in(args: &str, home: &Path) -> Session {
        Session::start_with(args, home, "xterm-256color")
    }

    fn start_with(args: &str, home: &Path, term: &str) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let bin = env!("CARGO_BIN_EXE_kanbao");
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(format!(
            "'{bin}' {args}; echo \"exit=$?\"; stty -a; sleep 30"
        ));
        cmd.cwd(Path::new(env!("CARGO_MANIFEST_DIR")));
        cmd.env("HOME", home);
        for (var, sub) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            cmd.env(var, home.join(sub));
        }
        cmd.env("TERM", term);
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("kanbao starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = pty.master.take_writer().expect("a writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().expect("parser lock").process(&buf[..n]);
                r.lock().expect("raw lock").extend_from_slice(&buf[..n]);
            }
        });
        Session {
            parser,
            raw,
            writer,
            child,
            home: None,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Waits until `text` is on screen, or fails with the screen as it was.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "'{text}' did not appear within {DEADLINE:?}; screen:\n{}",
            self.screen()
        );
    }

    /// Waits until `text` is no longer on screen.
    fn wait_until_gone(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if !self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "'{text}' stayed on screen for {DEADLINE:?}; screen:\n{}",
            self.screen()
        );
    }

    /// Waits until `text` appears anywhere in the output (it may have scrolled off screen).
    fn wait_for_output(&self, text: &str) -> String {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            let out = String::from_utf8_lossy(&self.raw.lock().expect("raw lock")).into_owned();
            if out.contains(text) {
                return out;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "'{text}' was not printed within {DEADLINE:?}; screen:\n{}",
            self.screen()
        );
    }

    /// The current match number in "match X of Y".
    fn match_number(&self) -> usize {
        let screen = self.screen();
        let after = screen.split("match ").nth(1).unwrap_or("");
        after
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no match count on screen:\n{screen}"))
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys flushed");
    }

    fn kanbao_pid(&self) -> u32 {
        let sh = self.child.process_id().expect("the shell has a pid");
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            let children = std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children"))
                .unwrap_or_default();
            if let Some(pid) = children
                .split_whitespace()
                .next()
                .and_then(|p| p.parse().ok())
            {
                return pid;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("kanbao's pid not found");
    }

    /// After kanbao exits: its exit status, and whether the terminal is back in cooked mode
    /// with the alternate screen left.
    fn finish(mut self) -> (String, String) {
        let out = self.wait_for_output("speed");
        let exit = out
            .split("exit=")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or("")
            .to_owned();
        let screen = self.parser.lock().expect("parser lock");
        assert!(
            !screen.screen().alternate_screen(),
            "the alternate screen was left"
        );
        assert!(!screen.screen().hide_cursor(), "the cursor is shown again");
        drop(screen);
        let _ = self.child.kill();
        (exit, out)
    }
}

fn assert_cooked(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "raw mode is off after exit: {stty}"
    );
    assert!(
        stty.contains("?1000l") || !stty.contains("?1000h"),
        "mouse capture was turned off"
    );
}

#[test]
fn read_an_article_search_go_back_change_page_and_quit() {
    let mut s = Session::start("-L editions");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    // No terminal queries at start-up: cursor position, device attributes, keyboard protocol,
    // colours. A terminal that does not answer must not stall kanbao.
    let start = String::from_utf8_lossy(&s.raw.lock().expect("raw lock")).into_owned();
    for query in [
        "\x1b[6n",
        "\x1b[c",
        "\x1b[0c",
        "\x1b[>c",
        "\x1b[?u",
        "\x1b]10;?",
        "\x1b]11;?",
    ] {
        assert!(!start.contains(query), "kanbao sent the query {query:?}");
    }
    // Down to the second article, open it, page down.
    s.send("j");
    s.wait_for("“岗位+技能”");
    s.send("\r");
    s.send(" ");
    // Find within the article.
    s.send("/救助\r");
    s.wait_for("for '救助'");
    let current = s.match_number();
    s.send("n");
    s.wait_for(&format!("match {} of", current + 1));
    // Back to the list, then the library, then another edition's next page.
    // Esc clears the search (the match count goes); `h` goes back to the list. A second Esc
    // sent at once would reach the program as Alt-L together with the next key.
    s.send("\x1b");
    s.wait_until_gone("match ");
    s.send("h");
    s.wait_for("open");
    s.send("L");
    s.wait_for("library · 3 editions");
    s.send("j\r");
    s.wait_for("Council Backs River Park Plan");
    s.send("]");
    s.wait_for("Page B2 · Metro");
    s.send("q");
    let (exit, out) = s.finish();
    assert_eq!(exit, "0");
    assert_cooked(&out);
}

#[test]
fn sigterm_restores_the_terminal() {
    let s = Session::start("-L editions/xuchang-daily-2023-02-28.txt");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    let pid = s.kanbao_pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (exit, out) = s.finish();
    assert_eq!(exit, "143", "128 + SIGTERM");
    assert_cooked(&out);
}

#[test]
fn sigquit_restores_the_terminal_too() {
    let s = Session::start("-L editions/xuchang-daily-2023-02-28.txt");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    let pid = s.kanbao_pid();
    let status = std::process::Command::new("kill")
        .args(["-QUIT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (exit, out) = s.finish();
    assert_eq!(exit, "131", "128 + SIGQUIT");
    assert_cooked(&out);
}

#[test]
fn without_a_terminal_the_reader_explains_and_fails() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kanbao"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("kanbao runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "nothing on stdout, no escape sequences"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("kanbao list"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'));
}

#[test]
fn a_bookmark_survives_a_restart_and_opens_at_its_place() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start_in("-L editions/xuchang-daily-2023-02-28.txt", home.path());
    s.wait_for("襄城县丁营乡");
    // The last article, opened and paged down twice, then bookmarked.
    s.send("G");
    s.wait_for("▌• 襄城县丁营乡");
    s.send("\r");
    s.send(" ");
    s.send(" ");
    s.wait_for("% · ");
    s.send("b");
    s.wait_for("bookmarked '襄城县丁营乡");
    let place = s.screen().lines().nth(2).unwrap_or("").to_owned();
    s.send("q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");

    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_kanbao"))
        .args([
            "bookmarks",
            "--json",
            "-L",
            "editions/xuchang-daily-2023-02-28.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .expect("kanbao bookmarks runs");
    let json = String::from_utf8_lossy(&listed.stdout);
    assert!(json.contains("xuchang-daily-2023-02-28/1/9"), "{json}");

    // Restart: the reader reopens where it was; B lists the bookmark; Enter opens it at its place.
    let mut s = Session::start_in("-L editions/xuchang-daily-2023-02-28.txt", home.path());
    s.wait_for("▌★ 襄城县丁营乡");
    let reopened = s.screen().lines().nth(2).unwrap_or("").to_owned();
    assert_eq!(reopened, place, "kanbao reopens at the place it was left");
    s.send("g");
    s.send("B");
    s.wait_for("bookmarks · 1");
    s.send("\r");
    s.wait_until_gone("bookmarks · 1");
    assert_eq!(
        s.screen().lines().nth(2).unwrap_or(""),
        place,
        "the bookmark opens at its place"
    );
    s.send("q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn library_wide_search_finds_and_opens_the_article() {
    let mut s = Session::start("-L editions");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    s.send("L");
    s.wait_for("/ searches them all");
    s.send("/两癌筛查\r");
    s.wait_for("1 article(s) mention '两癌筛查'");
    s.wait_for("探索建立多元救助模式");
    s.send("\r");
    s.wait_for("match 1 of 1 for '两癌筛查'");
    s.send("q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn term_dumb_gets_an_explanation_not_a_screen() {
    let home = tempfile::tempdir().expect("tempdir");
    let s = Session::start_with("", home.path(), "dumb");
    let out = s.wait_for_output("exit=");
    assert!(
        out.contains("the reader needs a terminal") && out.contains("kanbao list"),
        "{out}"
    );
    assert!(
        !out.contains("\u{1b}[?1049h"),
        "no alternate screen on a dumb terminal"
    );
    let (exit, _) = s.finish();
    assert_eq!(exit, "1");
}
