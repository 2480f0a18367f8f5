//! `kanbao doctor`: what this terminal does, measured once, and the config line that matches it.
//!
//! The environment says some of it (TERM, COLORTERM, TERM_PROGRAM, KITTY_WINDOW_ID, TMUX). The
//! rest only the terminal knows, so kanbao asks it, in raw mode, with a deadline:
//!
//! - **Ambiguous width**: `“` is printed at the start of the line and the cursor position is
//!   asked for (`CSI 6 n`); column 3 means the terminal draws it two columns wide.
//! - **Bracketed paste**: DECRQM for mode 2004 (`CSI ? 2004 $ p`).
//! - **Pictures**: the kitty graphics query, and sixel from the primary device attributes.
//! - The primary device attributes (`CSI c`) are asked last: every terminal answers them, and
//!   answers in order, so their reply means every other reply has come (or never will).
//!
//! The probe is erased from the screen afterwards. Without a terminal, or without replies within
//! the deadline, what could not be measured is said, never guessed.

use std::io::{self, Read as _, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::Serialize;

/// How long the terminal has to answer every query.
pub const REPLY_DEADLINE: Duration = Duration::from_millis(1500);

/// The queries, in the order they are sent. DA1 (`CSI c`) last.
const PROBE: &str = concat!(
    "\r\u{201c}\x1b[6n", // ambiguous width: where the cursor ends up
    "\x1b[?2004$p",      // bracketed paste mode: recognised?
    "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\", // kitty graphics: answered only by kitty's protocol
    "\x1b[c",                                     // primary device attributes: the sentinel
    "\r\x1b[2K",                                  // erase the probe
);

/// What the terminal said to the queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replies {
    /// The cursor's column (1-based) after printing `“` at column 1.
    pub column_after_quote: Option<u16>,
    /// DECRPM for mode 2004: 0 not recognised, 1 or 3 set, 2 or 4 reset.
    pub paste_mode: Option<u8>,
    /// The kitty graphics query was answered `OK`.
    pub kitty_graphics: bool,
    /// The primary device attributes' parameters (`4` means sixel), once they came.
    pub device_attributes: Option<Vec<u16>>,
}

impl Replies {
    /// Reads every reply in `bytes` (a terminal's input, with anything else mixed in).
    pub fn parse(bytes: &[u8]) -> Replies {
        let mut replies = Replies::default();
        let mut rest = bytes;
        while let Some(esc) = memchr::memchr(0x1b, rest) {
            rest = &rest[esc + 1..];
            match rest.first() {
                Some(b'[') => replies.csi(&mut rest),
                Some(b'_') => {
                    let end = memchr::memmem::find(rest, b"\x1b\\").unwrap_or(rest.len());
                    let body = &rest[1..end];
                    if body.starts_with(b"Gi=31") && body.ends_with(b";OK") {
                        replies.kitty_graphics = true;
                    }
                    rest = &rest[end..];
                }
                _ => {}
            }
        }
        replies
    }

    /// One CSI reply at the start of `rest` (just after ESC): `[row;colR`, `[?2004;N$y`, `[?…c`.
    fn csi(&mut self, rest: &mut &[u8]) {
        let body = &rest[1..];
        let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
            *rest = &[];
            return;
        };
        let (params, last) = (&body[..end], body[end]);
        *rest = &body[end + 1..];
        let text = String::from_utf8_lossy(params);
        let numbers =
            |text: &str| -> Vec<u16> { text.split(';').filter_map(|n| n.parse().ok()).collect() };
        match (last, text.strip_prefix('?')) {
            (b'R', None) => {
                if let [_row, col] = numbers(&text)[..] {
                    self.column_after_quote = Some(col);
                }
            }
            (b'y', Some(private)) => {
                if let Some(mode) = private.strip_suffix('$')
                    && let [2004, value] = numbers(mode)[..]
                {
                    self.paste_mode = u8::try_from(value).ok();
                }
            }
            (b'c', Some(private)) => self.device_attributes = Some(numbers(private)),
            _ => {}
        }
    }

    /// Whether the sentinel came: no more replies are on their way.
    fn complete(&self) -> bool {
        self.device_attributes.is_some()
    }
}

/// The environment variables that describe a terminal (shared with the reader's
/// `[images] protocol = "auto"`).
pub use crate::pictures::choose::TermEnv;

/// What `kanbao doctor` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// TERM, as the environment gives it.
    pub term: Option<String>,
    /// `tmux` or `screen` when kanbao runs inside one.
    pub multiplexer: Option<&'static str>,
    /// `narrow` or `wide`; `None` when not measured.
    pub ambiguous_width: Option<&'static str>,
    /// `none` (NO_COLOR), `16`, `256` or `24-bit`.
    pub colours: &'static str,
    /// `kitty`, `iterm2`, `sixel` or `halfblocks`, and why.
    pub pictures: &'static str,
    pub pictures_from: &'static str,
    /// Whether the terminal knows bracketed paste; `None` when it did not say.
    pub bracketed_paste: Option<bool>,
    /// Whether the terminal answered the queries at all.
    pub answered: bool,
}

impl Report {
    /// Puts together what the environment and the replies say.
    pub fn new(env: &TermEnv, replies: &Replies) -> Report {
        let term = env.term.as_deref().unwrap_or("");
        let colours = if env.no_color {
            "none"
        } else if matches!(env.colorterm.as_deref(), Some("truecolor" | "24bit")) {
            "24-bit"
        } else if term.contains("256color") || term.contains("kitty") || env.wezterm {
            "256"
        } else {
            "16"
        };
        // The reader's `[images] protocol = "auto"` decides the same way, from the environment
        // alone; here the terminal's answers can add kitty or sixel.
        let answers = crate::pictures::choose::Answers {
            kitty_graphics: replies.kitty_graphics,
            sixel: replies
                .device_attributes
                .as_ref()
                .is_some_and(|da| da.iter().skip(1).any(|&p| p == 4)),
        };
        let (drawing, pictures_from) = crate::pictures::choose::detect(env, answers);
        let pictures = drawing.name();
        Report {
            term: env.term.clone(),
            multiplexer: env.multiplexer,
            ambiguous_width: match replies.column_after_quote {
                Some(2) => Some("narrow"),
                Some(3) => Some("wide"),
                _ => None,
            },
            colours,
            pictures,
            pictures_from,
            bracketed_paste: replies.paste_mode.map(|mode| mode != 0),
            answered: replies.complete() || replies.column_after_quote.is_some(),
        }
    }

    /// The report for a person, with the config line to copy.
    pub fn write_plain(&self, out: &mut dyn Write) -> io::Result<()> {
        let term = self.term.as_deref().unwrap_or("(TERM not set)");
        match self.multiplexer {
            Some(mux) => writeln!(out, "terminal:        {term}, inside {mux}")?,
            None => writeln!(out, "terminal:        {term}")?,
        }
        match self.ambiguous_width {
            Some("wide") => {
                writeln!(
                    out,
                    "ambiguous width: wide (“ ” ‘ ’ … — · ※ ○ take two columns here)"
                )?;
                writeln!(
                    out,
                    "                 put this in config.toml:  [reading] ambiguous_width = \"wide\""
                )?;
            }
            Some(_) => writeln!(
                out,
                "ambiguous width: narrow (“ ” … take one column; the default suits this terminal)"
            )?,
            None => writeln!(
                out,
                "ambiguous width: not measured (the terminal did not report the cursor position)"
            )?,
        }
        writeln!(out, "colours:         {}", self.colours)?;
        writeln!(
            out,
            "pictures:        {} ({})",
            self.pictures, self.pictures_from
        )?;
        // The reader decides from the environment alone, and draws half-blocks inside tmux or
        // screen: what only an answer showed, or what needs pass-through, has to be configured.
        if let (Some(mux), false) = (self.multiplexer, self.pictures == "halfblocks") {
            writeln!(
                out,
                "                 inside {mux} the reader draws half-blocks; to pass {} through, put \
                 this in config.toml:  [images] protocol = \"{}\" (tmux: set -g \
                 allow-passthrough on)",
                self.pictures, self.pictures
            )?;
        } else if self.pictures_from.contains("answered") {
            writeln!(
                out,
                "                 put this in config.toml:  [images] protocol = \"{}\"",
                self.pictures
            )?;
        }
        let paste = match self.bracketed_paste {
            Some(true) => "yes (a paste arrives as one piece, never as keys)",
            Some(false) => "no (a paste arrives as typed keys)",
            None => "unknown (the terminal did not say)",
        };
        writeln!(out, "bracketed paste: {paste}")?;
        if !self.answered {
            writeln!(
                out,
                "note: no terminal answered within {} ms (none attached, or one that does not \
                 answer queries); run kanbao doctor in the terminal you read in",
                REPLY_DEADLINE.as_millis()
            )?;
        }
        Ok(())
    }
}

/// Asks the controlling terminal (`/dev/tty`, so `kanbao doctor --json | jq` measures too), in
/// raw mode, and returns what it answered within the deadline. The terminal's modes are restored
/// whatever happens. `Ok(None)` when there is no terminal to ask.
pub fn probe_terminal() -> io::Result<Option<Replies>> {
    use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    let Ok(mut tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return Ok(None);
    };
    let reader = tty.try_clone()?;
    enable_raw_mode()?;
    let result = (|| {
        tty.write_all(PROBE.as_bytes())?;
        tty.flush()?;
        Ok(Some(collect_replies(reader, REPLY_DEADLINE)))
    })();
    disable_raw_mode()?;
    result
}

/// Reads `tty` until the sentinel reply comes or `deadline` passes. The reading thread may stay
/// blocked after that; the process ends soon after the report.
fn collect_replies(mut tty: std::fs::File, deadline: Duration) -> Replies {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n @ 1..) = tty.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let end = Instant::now() + deadline;
    let mut bytes = Vec::new();
    let mut replies = Replies::default();
    while !replies.complete() {
        let Some(left) = end.checked_duration_since(Instant::now()) else {
            break;
        };
        let Ok(chunk) = rx.recv_timeout(left) else {
            break;
        };
        bytes.extend(chunk);
        replies = Replies::parse(&bytes);
    }
    replies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_from_a_mixed_stream() {
        let replies =
            Replies::parse(b"x\x1b[12;3R\x1b[?2004;2$y\x1b_Gi=31;OK\x1b\\\x1b[?62;4;22cq");
        assert_eq!(
            replies,
            Replies {
                column_after_quote: Some(3),
                paste_mode: Some(2),
                kitty_graphics: true,
                device_attributes: Some(vec![62, 4, 22]),
            }
        );
        let nothing = Replies::parse(b"\x1b[?1;2c");
        assert_eq!(nothing.column_after_quote, None);
        assert!(!nothing.kitty_graphics);
        // A kitty error reply is not support.
        assert!(!Replies::parse(b"\x1b_Gi=31;ENOTSUPPORTED:x\x1b\\").kitty_graphics);
        // Cut off and garbage: no panic, nothing made up.
        for bytes in [
            &b"\x1b"[..],
            b"\x1b[",
            b"\x1b[?2004;",
            b"\x1b_G",
            b"\x1b[99999999;9R",
        ] {
            let replies = Replies::parse(bytes);
            assert_eq!(replies.paste_mode, None);
            assert_eq!(replies.device_attributes, None);
        }
    }

    #[test]
    fn the_report_decides_width_pictures_and_colours() {
        let env = TermEnv {
            term: Some("xterm-256color".to_owned()),
            ..TermEnv::default()
        };
        let wide_sixel = Replies::parse(b"\x1b[5;3R\x1b[?2004;0$y\x1b[?62;4c");
        let report = Report::new(&env, &wide_sixel);
        assert_eq!(report.ambiguous_width, Some("wide"));
        assert_eq!(report.pictures, "sixel");
        assert_eq!(report.colours, "256");
        assert_eq!(report.bracketed_paste, Some(false));
        let mut text = Vec::new();
        report.write_plain(&mut text).expect("written");
        let text = String::from_utf8(text).expect("UTF-8");
        assert!(
            text.contains("[reading] ambiguous_width = \"wide\""),
            "{text}"
        );

        let kitty = TermEnv {
            term: Some("xterm-kitty".to_owned()),
            colorterm: Some("truecolor".to_owned()),
            multiplexer: Some("tmux"),
            ..TermEnv::default()
        };
        let report = Report::new(&kitty, &Replies::parse(b"\x1b[1;2R\x1b[?1c"));
        assert_eq!(
            (report.ambiguous_width, report.pictures, report.colours),
            (Some("narrow"), "kitty", "24-bit")
        );
        assert_eq!(report.multiplexer, Some("tmux"));
        // DA1's first parameter is the terminal class, not a feature.
        let report = Report::new(&env, &Replies::parse(b"\x1b[?4c"));
        assert_eq!(report.pictures, "halfblocks");
        let silent = Report::new(&TermEnv::default(), &Replies::default());
        assert!(!silent.answered);
        assert_eq!(silent.ambiguous_width, None);
    }

    #[test]
    fn the_report_gives_the_images_line_where_the_reader_would_not_find_it() {
        let plain = |report: &Report| {
            let mut text = Vec::new();
            report.write_plain(&mut text).expect("written");
            String::from_utf8(text).expect("utf-8")
        };
        // foot: only the answer shows sixel.
        let foot = TermEnv {
            term: Some("foot".to_owned()),
            ..TermEnv::default()
        };
        let text = plain(&Report::new(&foot, &Replies::parse(b"\x1b[?62;4c")));
        assert!(text.contains("[images] protocol = \"sixel\""), "{text}");
        // kitty in tmux: the reader draws half-blocks unless told.
        let in_tmux = TermEnv {
            term: Some("xterm-kitty".to_owned()),
            multiplexer: Some("tmux"),
            ..TermEnv::default()
        };
        let text = plain(&Report::new(&in_tmux, &Replies::default()));
        assert!(text.contains("[images] protocol = \"kitty\""), "{text}");
        assert!(text.contains("allow-passthrough"), "{text}");
        // kitty outside a multiplexer: the reader finds it by itself; no line to copy.
        let kitty = TermEnv {
            term: Some("xterm-kitty".to_owned()),
            ..TermEnv::default()
        };
        let text = plain(&Report::new(&kitty, &Replies::default()));
        assert!(!text.contains("[images]"), "{text}");
    }
}
