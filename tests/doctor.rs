//! `kanbao doctor` in a pseudo-terminal: the test plays the terminal, answering (or not) the
//! queries kanbao sends, and reads the report.

#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Runs `kanbao doctor ARGS` in a pty; when the last query (`CSI c`) arrives, writes `answer`
/// (if any) as the terminal's replies. Returns the screen's text and how long it took.
fn doctor(args: &[&str], answer: Option<&[u8]>) -> (String, Duration) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kanbao"));
    cmd.arg("doctor");
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    for var in [
        "TMUX",
        "STY",
        "KITTY_WINDOW_ID",
        "TERM_PROGRAM",
        "COLORTERM",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("kanbao starts");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("a reader");
    let mut writer = pty.master.take_writer().expect("a writer");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let mut answered = false;
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(chunk) => seen.extend(chunk),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if !answered
            && let Some(reply) = answer
            && memchr::memmem::find(&seen, b"\x1b[c").is_some()
        {
            writer.write_all(reply).expect("answer written");
            answered = true;
        }
        if matches!(child.try_wait(), Ok(Some(_))) {
            // The child is gone: what it wrote last may still be on its way from the reader
            // thread, which ends when the terminal closes.
            let drain_until = Instant::now() + Duration::from_secs(2);
            while let Some(left) = drain_until.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok(chunk) => seen.extend(chunk),
                    Err(_) => break,
                }
            }
            break;
        }
    }
    let took = started.elapsed();
    let status = child.wait().expect("kanbao ends");
    assert!(status.success(), "{status:?}");
    let mut screen = vt100::Parser::new(24, 100, 0);
    screen.process(&seen);
    (screen.screen().contents(), took)
}

#[test]
fn a_terminal_that_draws_ambiguous_characters_wide_gets_the_config_line() {
    let (text, _) = doctor(&[], Some(b"\x1b[3;3R\x1b[?2004;2$y\x1b[?62;4;22c"));
    assert!(text.contains("ambiguous width: wide"), "{text}");
    assert!(
        text.contains("[reading] ambiguous_width = \"wide\""),
        "{text}"
    );
    assert!(text.contains("pictures:        sixel"), "{text}");
    assert!(text.contains("bracketed paste: yes"), "{text}");
    // The probe's “ was erased: the report starts at the start of the line it was printed on.
    assert!(text.starts_with("terminal:"), "{text}");
}

#[test]
fn a_narrow_terminal_is_told_the_default_suits_it() {
    let (text, _) = doctor(&["--json"], Some(b"\x1b[1;2R\x1b[?1;2c"));
    assert!(text.contains("\"ambiguous_width\": \"narrow\""), "{text}");
    assert!(text.contains("\"answered\": true"), "{text}");
}

#[test]
fn a_terminal_that_never_answers_is_reported_within_the_deadline() {
    let (text, took) = doctor(&[], None);
    assert!(text.contains("ambiguous width: not measured"), "{text}");
    assert!(text.contains("no terminal answered"), "{text}");
    // The deadline is 1.5 s; a hang would run into the 20 s limit above.
    assert!(took < Duration::from_secs(10), "took {took:?}");
}
