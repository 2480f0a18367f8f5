//! The built kanbao as a command: the binary, a run's output as text, a user's home in a temp
//! dir (HOME and the XDG folders in it) so a run reads and writes nothing of the real user's,
//! and what a run is checked by: the ids in the bookmarks file it left, its peak memory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The built binary's path.
pub const BIN: &str = env!("CARGO_BIN_EXE_kanbao");

/// The built binary with nothing set: arguments, folder, environment and streams are the
/// caller's.
pub fn kanbao() -> Command {
    Command::new(BIN)
}

/// The repository's root, where the sample editions are (`editions/`).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `kanbao ARGS` run to its end in `cwd`, colour off.
pub fn run(args: &[&str], cwd: &Path) -> Output {
    kanbao()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("kanbao runs")
}

/// A run's stdout, which must be UTF-8.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// A run's stderr, read for its messages (lossily: a stray byte must not hide the message).
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The variables that make `home` the user's home: HOME, and the XDG config, data, state and
/// cache folders as `config`, `data`, `state` and `cache` in it. For `Command::envs`, or a pty's
/// `CommandBuilder::env` one by one.
pub fn home_env(home: &Path) -> [(&'static str, PathBuf); 5] {
    [
        ("HOME", home.to_path_buf()),
        ("XDG_CONFIG_HOME", home.join("config")),
        ("XDG_DATA_HOME", home.join("data")),
        ("XDG_STATE_HOME", home.join("state")),
        ("XDG_CACHE_HOME", home.join("cache")),
    ]
}

/// `kanbao ARGS` run from `home`, which is the user's home ([`home_env`]); colour and the
/// standard streams are the caller's.
pub fn kanbao_at_home(home: &Path, args: &[&str]) -> Command {
    let mut cmd = kanbao();
    cmd.args(args).current_dir(home).envs(home_env(home));
    cmd
}

/// A user's home in a temp dir, removed when dropped. Run from it with no library, kanbao's
/// library is the embedded sample.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where kanbao keeps bookmarks and reading state: `$XDG_DATA_HOME/kanbao`.
    pub fn data_dir(&self) -> PathBuf {
        self.path().join("data/kanbao")
    }

    pub fn bookmarks_file(&self) -> PathBuf {
        self.data_dir().join("bookmarks.toml")
    }

    /// `kanbao ARGS` run from this home ([`kanbao_at_home`]) as a script runs it: colour off,
    /// nothing on stdin.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = kanbao_at_home(self.path(), args);
        cmd.env("NO_COLOR", "1").stdin(Stdio::null());
        cmd
    }
}

/// The article ids of the bookmarks in a bookmarks file parsed by a plain TOML parser (not
/// kanbao's), in file order.
pub fn bookmark_ids(table: &toml::Table) -> Vec<String> {
    table
        .get("bookmark")
        .and_then(toml::Value::as_array)
        .map(|list| {
            list.iter()
                .map(|b| b["article_id"].as_str().expect("an id").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A running process's peak resident memory so far (`VmHWM` in /proc, KiB); `None` where there
/// is no /proc or the process is gone.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
