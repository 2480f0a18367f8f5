//! `kanbao read ID`: one article typeset for a column count, with its continuation parts after a
//! marked divider so one command reads the whole story. Styled when writing to a terminal
//! (unless NO_COLOR), plain otherwise.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::app::story::{ItemRef, find_item, item_at};
use crate::library::Library;
use crate::typeset::{self, Options, Role};

/// How `read` prints.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub cols: usize,
    /// Stored text as written: no punctuation normalisation.
    pub raw: bool,
    /// ANSI bold/dim for the header block.
    pub styled: bool,
    pub typeset: Options,
}

/// Why an article cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(
        "no article '{id}' in the library; `kanbao list` shows every id (they look like 'edition/page/n')"
    )]
    UnknownId { id: String },
}

/// Writes the story that starts at `id`.
pub fn write_story(
    library: &mut Library,
    id: &str,
    opts: &ReadOptions,
    out: &mut dyn Write,
) -> Result<(), ReadOrIo> {
    let start = locate(library, id).ok_or_else(|| ReadError::UnknownId { id: id.to_owned() })?;
    let editions = &library.editions;
    let edition = &editions[start.edition];
    let zh = edition.is_chinese();
    let options = Options {
        normalize_punctuation: opts.typeset.normalize_punctuation && !opts.raw,
        // Printed text is not centred: the measure caps the width instead.
        measure_cols: 0,
        ..opts.typeset.clone()
    };
    let cols = if opts.typeset.measure_cols > 0 {
        opts.cols.min(opts.typeset.measure_cols)
    } else {
        opts.cols
    };
    let mut part = Some(start);
    let mut seen = Vec::new();
    while let Some(at) = part {
        if seen.contains(&at) {
            break;
        }
        seen.push(at);
        let Some(item) = item_at(editions, at) else {
            break;
        };
        if seen.len() > 1 {
            let from = edition.pages[seen[seen.len() - 2].page].label.as_str();
            let label = if zh {
                format!("(上接第{from}版)")
            } else {
                format!("Continued from Page {from}")
            };
            writeln!(out)?;
            for line in divider(&label, cols, &options) {
                writeln!(out, "{line}")?;
            }
            writeln!(out)?;
        }
        // Each line is written as it is set: a paragraph of millions of lines is never held.
        let mut written = Ok(());
        typeset::for_each_line(item, cols, &options, |line| {
            if written.is_ok() {
                written = write_line(out, line.role, &line.text, opts.styled);
            }
        });
        written?;
        part = item
            .continued_to_id
            .as_deref()
            .and_then(|id| find_item(editions, at.edition, id));
        if let (None, Some(label)) = (part, &item.continued_to) {
            writeln!(out)?;
            let note = if zh {
                format!("(下转第{label}版，本期未收录该版)")
            } else {
                format!("(Continued on Page {label}, not in this edition)")
            };
            // Set like any line: `(Continued on Page 9, not in this edition)` is 42 columns.
            for line in note_lines(&note, cols, &options) {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// Either kind of failure: a bad id, or the output went away.
#[derive(Debug, thiserror::Error)]
pub enum ReadOrIo {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Finds the item, parsing its edition (only that one) if needed.
fn locate(library: &mut Library, id: &str) -> Option<ItemRef> {
    let edition = library.position(id.split('/').next()?)?;
    library.ensure_loaded(edition).ok()?;
    find_item(&library.editions, edition, id)
}

/// A note under the story (a jump to a page the edition lacks), set within `cols` without a
/// paragraph indent.
fn note_lines(note: &str, cols: usize, options: &Options) -> Vec<String> {
    let plain = Options {
        indent: false,
        ..options.clone()
    };
    typeset::set_paragraph(note, cols, &plain)
        .into_iter()
        .map(|line| line.text)
        .collect()
}

/// `──── (上接第1版) ────`, as wide as the text; where the label leaves no room for rules, the
/// label alone, set like text so no line is wider than `cols`.
fn divider(label: &str, cols: usize, options: &Options) -> Vec<String> {
    let label_cols = label.width() + 2;
    let side = cols.saturating_sub(label_cols) / 2;
    if side < 2 {
        let plain = Options {
            indent: false,
            ..options.clone()
        };
        return typeset::set_paragraph(label, cols, &plain)
            .into_iter()
            .map(|line| line.text)
            .collect();
    }
    vec![format!(
        "{} {label} {}",
        "─".repeat(side),
        "─".repeat(cols.saturating_sub(side + label_cols))
    )]
}

fn write_line(out: &mut dyn Write, role: Role, text: &str, styled: bool) -> io::Result<()> {
    let sgr = match role {
        _ if !styled || text.is_empty() => "",
        Role::Headline | Role::Subhead => "\x1b[1m",
        Role::Kicker | Role::Column | Role::Byline | Role::Credit => "\x1b[2m",
        Role::Subtitle => "\x1b[3m",
        Role::Caption | Role::Body | Role::Blank | Role::Picture { .. } => "",
    };
    if sgr.is_empty() {
        writeln!(out, "{text}")
    } else {
        writeln!(out, "{sgr}{text}\x1b[0m")
    }
}
