//! The non-interactive subcommands: `list` (the edition tree, plain or JSON), `read` (one story,
//! typeset), `check` (every warning and error as `file:line: message`), `search` (articles
//! across the library), `bookmarks` (list, add, remove, export), `fetch`, `sources` and the manual page's
//! own sections (`man`). They write to any
//! `io::Write`, so tests call them without a process.

pub mod bookmarks;
pub mod check;
pub mod doctor;
pub mod fetch;
pub mod index;
pub mod list;
pub mod man;
pub mod read;
pub mod search;

use std::io::{self, Write};

/// Runs `body` against a buffered, locked stdout. A closed pipe (`kanbao list | head`) ends the
/// output quietly: that is the reader's choice, not an error.
pub fn with_stdout(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match body(&mut out).and_then(|()| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
