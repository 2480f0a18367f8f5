//! Handing an article to the world outside the terminal: its text to the clipboard (`y`) and its
//! source page to a browser (`o`). Nothing here blocks: tools are started and left to run.
//!
//! The clipboard route is chosen from where kanbao runs:
//! - over SSH the machine's own clipboard tools would copy on the wrong machine, so the text goes
//!   through the terminal (OSC 52), which copies on the machine the person sits at;
//! - locally, the platform's tool (`wl-copy`, `xclip`, `xsel`, `pbcopy`, `clip.exe`) when one is
//!   on PATH, else OSC 52.
//!
//! The text is always also written to a file whose path the status line shows, because a
//! terminal that refuses OSC 52 does so silently: whatever happens, the text is not lost.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::edition::{Block, Edition, Item};

/// An article as plain text to paste elsewhere: the headline block, byline, paragraphs (one per
/// line, not wrapped), subheads, photo captions, and where it is from.
pub fn plain_text(edition: &Edition, page_label: &str, item: &Item) -> String {
    let mut text = String::new();
    for line in [&item.column, &item.kicker, &item.headline, &item.subtitle]
        .into_iter()
        .flatten()
    {
        let _ = writeln!(text, "{line}");
    }
    if let Some(byline) = &item.byline {
        let _ = writeln!(text, "{byline}");
    }
    if !text.is_empty() {
        text.push('\n');
    }
    for block in &item.body {
        match block {
            Block::Paragraph(para) => {
                let _ = writeln!(text, "{para}\n");
            }
            Block::Subhead(subhead) => {
                let _ = writeln!(text, "{subhead}\n");
            }
            Block::Photo(photo) => {
                let caption = photo.caption.as_deref().unwrap_or("");
                let credit = photo
                    .credit
                    .as_deref()
                    .map_or(String::new(), |c| format!(" {c}"));
                let _ = writeln!(text, "[图] {caption}{credit}\n");
            }
        }
    }
    if let Some(caption) = &item.caption {
        let _ = writeln!(text, "[图] {caption}\n");
    }
    let paper = edition.paper.as_deref().unwrap_or(&edition.id);
    let date = edition
        .date
        .as_deref()
        .map_or(String::new(), |d| format!(" {d}"));
    let _ = write!(text, "— {paper}{date}, page {page_label} ({})", item.id);
    if let Some(link) = &item.link {
        let _ = write!(text, "\n{link}");
    }
    text.push('\n');
    text
}

/// What kanbao knows of the machine it runs on, read once from the environment.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    /// Running over SSH (`SSH_TTY` or `SSH_CONNECTION`).
    pub ssh: bool,
    /// The programs on PATH that matter here, by name.
    pub tools: Vec<&'static str>,
    /// `$BROWSER`, when set.
    pub browser: Option<String>,
    /// The terminal cannot take escape sequences (`TERM=dumb` or `linux`'s console).
    pub plain_terminal: bool,
}

/// Clipboard tools, most specific first, with their arguments; and the openers.
const CLIPBOARD_TOOLS: &[(&str, &[&str])] = &[
    ("wl-copy", &[]),
    ("xclip", &["-selection", "clipboard"]),
    ("xsel", &["--clipboard", "--input"]),
    ("pbcopy", &[]),
    ("clip.exe", &[]),
];
const OPENERS: &[&str] = &["xdg-open", "open", "wslview"];

impl Surroundings {
    /// This process's environment.
    pub fn current() -> Surroundings {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let path = std::env::var_os("PATH").unwrap_or_default();
        let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
        let on_path = |tool: &str| dirs.iter().any(|dir| is_executable(&dir.join(tool)));
        let wanted = CLIPBOARD_TOOLS
            .iter()
            .map(|(tool, _)| *tool)
            .chain(OPENERS.iter().copied());
        Surroundings {
            ssh: var("SSH_TTY").is_some() || var("SSH_CONNECTION").is_some(),
            tools: wanted.filter(|tool| on_path(tool)).collect(),
            browser: var("BROWSER"),
            plain_terminal: matches!(var("TERM").as_deref(), Some("dumb" | "linux") | None),
        }
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Where copied text went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    /// Through the terminal (OSC 52), and into the file.
    Terminal { file: PathBuf },
    /// Piped to a clipboard tool, and into the file.
    Tool { tool: &'static str, file: PathBuf },
    /// Only into the file: no clipboard could be reached.
    File(PathBuf),
}

impl Copied {
    /// The status line's words.
    pub fn describe(&self) -> String {
        let shown = |path: &Path| crate::edition::sanitize::shown(path);
        match self {
            Copied::Terminal { file } => format!(
                "copied through the terminal (OSC 52; some terminals refuse it); also in {}",
                shown(file)
            ),
            Copied::Tool { tool, file } => {
                format!("copied with {tool}; also in {}", shown(file))
            }
            Copied::File(file) => format!("no clipboard here; the text is in {}", shown(file)),
        }
    }
}

/// Why an article could not be handed over.
#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error("cannot write '{}': {source}", crate::edition::sanitize::shown(path))]
    File { path: PathBuf, source: io::Error },
    #[error("this article has no source link to open")]
    NoLink,
    #[error("not opened: only http and https links are opened, and this one is '{0}'")]
    NotWeb(String),
    #[error("no browser here (set BROWSER, or install xdg-open); the link is {0}")]
    NoBrowser(String),
    #[error("over SSH a browser would open on the remote machine; the link is {0}")]
    Remote(String),
    #[error("cannot start {tool}: {source}")]
    Start { tool: String, source: io::Error },
}

/// Copies `text`: into `file` always, then to the clipboard by the best route (see the module
/// comment). `terminal` receives the OSC 52 sequence when that route is taken.
pub fn copy(
    text: &str,
    around: &Surroundings,
    terminal: &mut dyn Write,
    file: &Path,
) -> Result<Copied, HandoffError> {
    let file_error = |source| HandoffError::File {
        path: file.to_owned(),
        source,
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(file_error)?;
    }
    // A FIFO or a planted link in its place is refused, never waited on or written through.
    {
        let mut out = crate::edition::read::open_regular_for_writing(file).map_err(file_error)?;
        out.set_len(0).map_err(file_error)?;
        out.write_all(text.as_bytes()).map_err(file_error)?;
    }
    let file = file.to_owned();
    let tool = CLIPBOARD_TOOLS
        .iter()
        .find(|(tool, _)| around.tools.contains(tool));
    if let Some(&(tool, args)) = tool.filter(|_| !around.ssh)
        && pipe_to(tool, args, text).is_ok()
    {
        return Ok(Copied::Tool { tool, file });
    }
    if around.plain_terminal {
        return Ok(Copied::File(file));
    }
    // OSC 52 with the BEL terminator, which more terminals take than ST.
    let sequence = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    match terminal
        .write_all(sequence.as_bytes())
        .and_then(|()| terminal.flush())
    {
        Ok(()) => Ok(Copied::Terminal { file }),
        Err(_) => Ok(Copied::File(file)),
    }
}

/// Starts `tool args` with `text` on its stdin; its output goes nowhere (never onto the screen).
/// A thread writes the text and reaps the process, so nothing waits for it.
fn pipe_to(tool: &str, args: &[&str], text: &str) -> io::Result<()> {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take();
    let text = text.to_owned();
    std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(text.as_bytes());
        }
        drop(stdin);
        let _ = child.wait();
    });
    Ok(())
}

/// Opens `link` in a browser without waiting for it: `$BROWSER` (a `:`-separated list of
/// commands, `%s` standing for the link, else the link is the last argument), else the platform
/// opener. Only http(s) links are opened; over SSH nothing is started. Returns the program used.
pub fn open_link(link: Option<&str>, around: &Surroundings) -> Result<String, HandoffError> {
    let link = link.ok_or(HandoffError::NoLink)?;
    let scheme = link.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return Err(HandoffError::NotWeb(link.to_owned()));
    }
    if around.ssh && around.browser.is_none() {
        return Err(HandoffError::Remote(link.to_owned()));
    }
    let mut commands: Vec<Vec<String>> = Vec::new();
    if let Some(browser) = &around.browser {
        for command in browser.split(':').filter(|c| !c.trim().is_empty()) {
            let mut words: Vec<String> = command
                .split_whitespace()
                .map(|w| w.replace("%s", link))
                .collect();
            if !command.contains("%s") {
                words.push(link.to_owned());
            }
            commands.push(words);
        }
    }
    for opener in OPENERS {
        if around.tools.contains(opener) {
            commands.push(vec![(*opener).to_owned(), link.to_owned()]);
        }
    }
    let mut last_error = None;
    for words in commands {
        let Some((program, args)) = words.split_first() else {
            continue;
        };
        let started = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match started {
            Ok(mut child) => {
                std::thread::spawn(move || child.wait());
                return Ok(program.clone());
            }
            Err(source) => {
                last_error = Some(HandoffError::Start {
                    tool: program.clone(),
                    source,
                });
            }
        }
    }
    Err(last_error.unwrap_or_else(|| HandoffError::NoBrowser(link.to_owned())))
}

/// Standard base64 with padding, for OSC 52.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn over_ssh_the_text_goes_through_the_terminal_and_into_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("copied.txt");
        let around = Surroundings {
            ssh: true,
            tools: vec!["xclip"],
            ..Surroundings::default()
        };
        let mut terminal = Vec::new();
        let copied = copy("救助 ok", &around, &mut terminal, &file).expect("copied");
        assert_eq!(copied, Copied::Terminal { file: file.clone() });
        assert_eq!(
            String::from_utf8(terminal).expect("UTF-8"),
            format!("\x1b]52;c;{}\x07", base64("救助 ok".as_bytes()))
        );
        assert_eq!(std::fs::read_to_string(&file).expect("file"), "救助 ok");
        assert!(copied.describe().contains("copied.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_link_in_place_of_the_file_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("copied.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let around = Surroundings::default();
        let err = copy("text", &around, &mut Vec::new(), &fifo).expect_err("a FIFO is refused");
        assert!(err.to_string().contains("FIFO"), "{err}");
        let target = dir.path().join("precious.txt");
        std::fs::write(&target, "keep me").expect("written");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).expect("linked");
        let err = copy("text", &around, &mut Vec::new(), &link).expect_err("a link is refused");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&target).expect("kept"), "keep me");
    }

    #[test]
    fn a_plain_terminal_without_tools_gets_the_file_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("sub").join("copied.txt");
        let around = Surroundings {
            plain_terminal: true,
            ..Surroundings::default()
        };
        let mut terminal = Vec::new();
        let copied = copy("text", &around, &mut terminal, &file).expect("copied");
        assert_eq!(copied, Copied::File(file.clone()));
        assert!(terminal.is_empty(), "nothing written to a dumb terminal");
        assert!(copied.describe().starts_with("no clipboard here"));
    }

    #[test]
    fn only_web_links_are_opened_and_never_over_ssh_without_a_browser() {
        let around = Surroundings::default();
        assert!(matches!(
            open_link(None, &around),
            Err(HandoffError::NoLink)
        ));
        for link in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "-oProxyCommand=x",
            "ftp://x",
        ] {
            assert!(
                matches!(open_link(Some(link), &around), Err(HandoffError::NotWeb(_))),
                "{link}"
            );
        }
        let ssh = Surroundings {
            ssh: true,
            tools: vec!["xdg-open"],
            ..Surroundings::default()
        };
        let err = open_link(Some("https://example.com/a"), &ssh).expect_err("not opened");
        assert!(err.to_string().contains("https://example.com/a"), "{err}");
        let nothing = open_link(Some("https://example.com/a"), &around).expect_err("no browser");
        assert!(matches!(nothing, HandoffError::NoBrowser(_)), "{nothing}");
    }

    #[cfg(unix)]
    #[test]
    fn browser_gets_the_link_in_place_of_percent_s() {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = dir.path().join("fake-browser");
        std::fs::write(&script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.out\"\n").expect("script");
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
        }
        let around = Surroundings {
            browser: Some(format!(
                "/nonexistent/browser:{} --new %s",
                script.display()
            )),
            ..Surroundings::default()
        };
        let used = open_link(Some("https://example.com/a?b=1"), &around).expect("opened");
        assert_eq!(used, script.display().to_string());
        let written = script.with_extension("out");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !written.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        let args = std::fs::read_to_string(&written).expect("the browser ran");
        assert_eq!(args, "--new\nhttps://example.com/a?b=1\n");
    }
}
