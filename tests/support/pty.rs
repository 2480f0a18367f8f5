//! kanbao in a pseudo-terminal, its screen read through a terminal emulator (vt100): start it
//! in a shell (so the terminal's state after it exits is printed into the same pty), wait for
//! text with a deadline, send keys, and check at the end that the terminal was restored.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::cli::{BIN, home_env};

/// The terminal [`Session::start`] and its kin open, and how long their waits last.
pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;
pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for checks after the screen is gone.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Shared, so a long paste can be written from a thread while the test watches the screen
    /// (a reader that stalls must fail the test, not block it).
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    /// The pty's device, for `stty -F`.
    tty: Option<std::path::PathBuf>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// The temp folder that holds HOME, when the session owns it.
    home: Option<tempfile::TempDir>,
    /// How long a wait lasts before it fails the test.
    deadline: Duration,
}

/// `sh -c SCRIPT` from the repository's root, `{bin}` in `script` standing for kanbao's path,
/// with HOME and the XDG folders under `home` ([`home_env`]) and TERM as `term`.
pub fn shell(script: &str, home: &Path, term: &str) -> CommandBuilder {
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg(script.replace("{bin}", BIN));
    cmd.cwd(Path::new(env!("CARGO_MANIFEST_DIR")));
    for (var, value) in home_env(home) {
        cmd.env(var, value);
    }
    cmd.env("TERM", term);
    cmd
}

impl Session {
    /// Runs `kanbao ARGS; echo exit=$?; stty -a` in a shell, so the terminal's state after
    /// kanbao exits is printed into the same pty.
    pub fn start(args: &str) -> Session {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut session = Session::start_in(args, dir.path());
        session.home = Some(dir);
        session
    }

    /// Like `start`, with HOME and the XDG folders under `home`, which outlives the session.
    pub fn start_in(args: &str, home: &Path) -> Session {
        Session::start_with(args, home, "xterm-256color")
    }

    pub fn start_with(args: &str, home: &Path, term: &str) -> Session {
        let script = format!("'{{bin}}' {args}; echo \"exit=$?\"; stty -a; sleep 30");
        Session::start_script(&script, home, term)
    }

    /// Runs `script` in `sh -c` ([`shell`]), colour on, in a [`ROWS`] × [`COLS`] terminal.
    pub fn start_script(script: &str, home: &Path, term: &str) -> Session {
        let mut cmd = shell(script, home, term);
        cmd.env_remove("NO_COLOR");
        Session::spawn(cmd, ROWS, COLS, DEADLINE)
    }

    /// Runs `cmd` in a pty of `rows` × `cols`; a wait that lasts past `deadline` fails.
    pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16, deadline: Duration) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let child = pty.slave.spawn_command(cmd).expect("kanbao starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = Arc::new(Mutex::new(pty.master.take_writer().expect("a writer")));
        let tty = pty.master.tty_name();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // The raw output first: a test that sees a screen may then look for the bytes
                // that drew it, and must find them.
                r.lock().expect("raw lock").extend_from_slice(&buf[..n]);
                p.lock().expect("parser lock").process(&buf[..n]);
            }
        });
        Session {
            parser,
            raw,
            writer,
            tty,
            child,
            home: None,
            deadline,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Calls `check` every 20 ms until it gives a value; past the deadline, fails with what
    /// did not happen (`failure`) and the screen as it was.
    fn poll<T>(&self, failure: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let start = Instant::now();
        while start.elapsed() < self.deadline {
            if let Some(value) = check() {
                return value;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{failure}; screen:\n{}", self.screen());
    }

    /// Waits until `text` is on screen, and returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        let failure = format!("'{text}' did not appear within {:?}", self.deadline);
        self.poll(&failure, || {
            let screen = self.screen();
            screen.contains(text).then_some(screen)
        })
    }

    /// Waits until `text` is no longer on screen.
    pub fn wait_until_gone(&self, text: &str) {
        let failure = format!("'{text}' stayed on screen for {:?}", self.deadline);
        self.poll(&failure, || (!self.screen().contains(text)).then_some(()));
    }

    /// Waits until `text` appears anywhere in the output (it may have scrolled off screen), and
    /// returns the whole output.
    pub fn wait_for_output(&self, text: &str) -> String {
        let failure = format!("'{text}' was not printed within {:?}", self.deadline);
        self.poll(&failure, || {
            let out = self.output_since(0);
            out.contains(text).then_some(out)
        })
    }

    /// The current match number in "match X of Y".
    pub fn match_number(&self) -> usize {
        let screen = self.screen();
        let after = screen.split("match ").nth(1).unwrap_or("");
        after
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no match count on screen:\n{screen}"))
    }

    pub fn send(&mut self, keys: &str) {
        let mut writer = self.writer.lock().expect("writer lock");
        writer.write_all(keys.as_bytes()).expect("keys sent");
        writer.flush().expect("keys flushed");
    }

    /// Sends `text` from a thread of its own: the pty holds only a few KB, so a reader that
    /// stops reading would otherwise block the test instead of failing it.
    pub fn send_in_background(&self, text: String) {
        let writer = Arc::clone(&self.writer);
        std::thread::spawn(move || {
            let mut writer = writer.lock().expect("writer lock");
            let _ = writer.write_all(text.as_bytes());
            let _ = writer.flush();
        });
    }

    /// Waits until the emulated screen passes `check`.
    pub fn wait_until(&self, what: &str, check: impl Fn(&vt100::Screen) -> bool) {
        let failure = format!("{what}: not within {:?}", self.deadline);
        self.poll(&failure, || {
            check(self.parser.lock().expect("parser lock").screen()).then_some(())
        });
    }

    /// Everything kanbao wrote from byte `from` on.
    pub fn output_since(&self, from: usize) -> String {
        let raw = self.raw.lock().expect("raw lock");
        String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned()
    }

    pub fn output_len(&self) -> usize {
        self.raw.lock().expect("raw lock").len()
    }

    /// The terminal's settings as `stty -a` prints them, read from outside while kanbao runs or
    /// is stopped (GNU stty).
    pub fn stty(&self) -> String {
        let tty = self.tty.as_ref().expect("the pty's device name");
        let out = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(tty)
            .output()
            .expect("stty runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// kanbao's process id: the shell's child.
    pub fn kanbao_pid(&self) -> u32 {
        let sh = self.child.process_id().expect("the shell has a pid");
        self.poll("kanbao's pid not found", || {
            std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children"))
                .unwrap_or_default()
                .split_whitespace()
                .next()
                .and_then(|p| p.parse().ok())
        })
    }

    /// Ends the shell (and so the session) without the checks of [`Session::finish`].
    pub fn kill(&mut self) {
        let _ = self.child.kill();
    }

    /// After kanbao exits: its exit status, and whether the terminal is back in cooked mode
    /// with the alternate screen left.
    pub fn finish(mut self) -> (String, String) {
        // The `stty -a` after the last `exit=`: a shell may have printed one before.
        let start = Instant::now();
        let out = loop {
            let out = self.wait_for_output("exit=");
            if out
                .rsplit("exit=")
                .next()
                // The local modes (`icanon`, `echo`) come late in `stty -a`: wait for them
                // too, or a loaded machine hands over half the report.
                .is_some_and(|s| s.contains("speed") && s.contains("icanon") && s.contains("echo"))
            {
                break out;
            }
            assert!(
                start.elapsed() < self.deadline,
                "no stty after exit=: {out}"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let exit = out
            .rsplit("exit=")
            .next()
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
        if let Some(paste_on) = out.rfind("\x1b[?2004h") {
            assert!(
                out[paste_on..].contains("\x1b[?2004l"),
                "bracketed paste was turned off"
            );
        }
        self.kill();
        (exit, out)
    }
}
