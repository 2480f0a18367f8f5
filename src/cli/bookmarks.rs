//! `kanbao bookmarks`: list the bookmarks (plain or `--json`), add and remove them, export them
//! as Markdown; and the hidden `churn` loop the crash and concurrency tests drive.

use std::io::{self, Write};

use serde::Serialize;

use crate::library::Library;
use crate::store::{Bookmark, Bookmarks, SavedPosition, StoreError, Unsaved};

/// What became of a bookmark's story in the current library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The article is where it was bookmarked.
    Found,
    /// The edition changed: the article is there under another id.
    Moved,
    /// Not in the library: the saved headline and excerpt stand in for it.
    Missing,
}

/// A bookmark and where its story is now.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    bookmark: &'a Bookmark,
    status: Status,
    /// The article's id in the current library, when it is there.
    current_id: Option<String>,
}

/// Looks the bookmark's story up, parsing its edition (only that one) if needed.
fn listed<'a>(bookmark: &'a Bookmark, library: &mut Library) -> Listed<'a> {
    let current_id = bookmark
        .resolve_loading(library)
        .map(|(_, _, item)| item.id.clone());
    let status = match &current_id {
        None => Status::Missing,
        Some(id) if *id == bookmark.article_id => Status::Found,
        Some(_) => Status::Moved,
    };
    Listed {
        bookmark,
        status,
        current_id,
    }
}

/// Writes the bookmarks newest first: headline (marked when missing), then paper, date, page and
/// id, then the note; a missing story's saved excerpt too.
pub fn write_plain(
    store: &Bookmarks,
    library: &mut Library,
    out: &mut dyn Write,
) -> io::Result<()> {
    let list = store.list();
    if list.is_empty() {
        if store.problem().is_some() {
            writeln!(out, "no bookmarks to show")?;
        } else {
            writeln!(
                out,
                "no bookmarks yet: press b in the reader, or run `kanbao bookmarks add ID`"
            )?;
        }
        return Ok(());
    }
    for (n, bookmark) in list.into_iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let listed = listed(bookmark, library);
        let headline = display_headline(bookmark);
        match listed.status {
            Status::Missing => writeln!(out, "{headline}  [missing]")?,
            _ => writeln!(out, "{headline}")?,
        }
        let mut facts = source_facts(bookmark);
        facts.push(bookmark.article_id.clone());
        writeln!(out, "  {}", facts.join(" · "))?;
        match listed.status {
            Status::Moved => writeln!(
                out,
                "  moved: now {}",
                listed.current_id.unwrap_or_default()
            )?,
            Status::Missing if !bookmark.excerpt.is_empty() => {
                writeln!(out, "  {}", bookmark.excerpt)?;
            }
            _ => {}
        }
        if let Some(note) = &bookmark.note {
            writeln!(out, "  note: {note}")?;
        }
    }
    Ok(())
}

/// Writes `{"path": ..., "bookmarks": [...]}`, newest first; each bookmark has its saved fields
/// plus `status` (`found`, `moved`, `missing`) and `current_id`.
pub fn write_json(store: &Bookmarks, library: &mut Library, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Output<'a> {
        path: String,
        bookmarks: Vec<Listed<'a>>,
    }
    let output = Output {
        path: store.path().to_string_lossy().into_owned(),
        bookmarks: store
            .list()
            .into_iter()
            .map(|b| listed(b, &mut *library))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

/// Writes the bookmarks as a Markdown list for sharing: headline, paper, date, page, excerpt
/// and note.
pub fn write_markdown(store: &Bookmarks, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Bookmarks")?;
    for bookmark in store.list() {
        writeln!(out)?;
        let facts = source_facts(bookmark);
        let headline = markdown_escape(display_headline(bookmark));
        if facts.is_empty() {
            writeln!(out, "- **{headline}**")?;
        } else {
            writeln!(
                out,
                "- **{headline}** — {}",
                markdown_escape(&facts.join(", "))
            )?;
        }
        if !bookmark.excerpt.is_empty() {
            writeln!(out)?;
            writeln!(out, "  > {}", markdown_escape(&bookmark.excerpt))?;
        }
        if let Some(note) = &bookmark.note {
            writeln!(out)?;
            writeln!(out, "  Note: {}", markdown_escape(note))?;
        }
    }
    Ok(())
}

fn display_headline(bookmark: &Bookmark) -> &str {
    if bookmark.headline.is_empty() {
        "(no headline)"
    } else {
        &bookmark.headline
    }
}

/// Paper, date and page, those that are known.
fn source_facts(bookmark: &Bookmark) -> Vec<String> {
    let mut facts: Vec<String> = [&bookmark.paper, &bookmark.date]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if !bookmark.page.is_empty() {
        facts.push(format!("page {}", bookmark.page));
    }
    facts
}

/// Backslash-escapes the characters Markdown would read as formatting.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Why `kanbao bookmarks add` or `rm` did nothing, or did not save what it did.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error(
        "no article '{0}' in the library; `kanbao list` shows the ids (use -L for other editions)"
    )]
    UnknownArticle(String),
    /// `rm` of a bookmark that is not in what could be read of a damaged or unreadable file:
    /// the file's own problem (path, line, what to do), not "not bookmarked".
    #[error("cannot remove '{id}': {problem}")]
    FileProblem { id: String, problem: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The change was made but could not be saved; the message says where it was kept.
    #[error(transparent)]
    Unsaved(#[from] Unsaved),
}

/// After a change that could not be saved: one last try, then a recovery file (or the changes
/// printed), so the change outlives the command.
fn keep_unsaved(store: &mut Bookmarks) -> Result<(), ChangeError> {
    store.save_or_keep().map_err(ChangeError::Unsaved)
}

/// Bookmarks article `id` from `library` (parsing its edition if needed), with `note` if given;
/// a bookmark already there keeps its place and takes the note. Returns the headline for the
/// confirmation.
pub fn add(
    store: &mut Bookmarks,
    library: &mut Library,
    id: &str,
    note: Option<String>,
) -> Result<String, ChangeError> {
    if let Some(idx) = id.split('/').next().and_then(|e| library.position(e)) {
        // An edition that cannot be read is reported below as an unknown article.
        let _ = library.ensure_loaded(idx);
    }
    let (edition, page, item) = library
        .item(id)
        .ok_or_else(|| ChangeError::UnknownArticle(id.to_owned()))?;
    let mut bookmark = Bookmark::new(edition, page, item, SavedPosition::default());
    bookmark.note = note.filter(|n| !n.trim().is_empty());
    let headline = bookmark.headline.clone();
    if store.add(bookmark).is_err() {
        keep_unsaved(store)?;
    }
    Ok(headline)
}

/// Removes the bookmark for `id` (which need not be in the library), returning its headline.
/// When the bookmarks file could not be read, says so rather than "not bookmarked".
pub fn remove(store: &mut Bookmarks, id: &str) -> Result<String, ChangeError> {
    let Some(removed) = store.get(id).cloned() else {
        return Err(match store.file_error() {
            Some(problem) => ChangeError::FileProblem {
                id: id.to_owned(),
                problem: problem.to_owned(),
            },
            None => StoreError::NotBookmarked {
                article_id: id.to_owned(),
            }
            .into(),
        });
    };
    if store.remove(id).is_err() {
        keep_unsaved(store)?;
    }
    Ok(removed.headline)
}

/// The crash and concurrency tests' workload: adds `<prefix>0`, `<prefix>1`, … and, when
/// `remove_every` is not 0, after every `remove_every`-th add removes the one added before it.
/// After each save that worked it prints `saved add <id>` / `saved rm <id>` for every change
/// that save carried, and flushes, so a line on stdout means the change is on disk. A save
/// that fails (the lock was busy too long) is carried by the next; the last is retried.
pub fn churn(
    store: &mut Bookmarks,
    count: usize,
    prefix: &str,
    remove_every: usize,
    out: &mut dyn Write,
) -> io::Result<Result<(), StoreError>> {
    // Changes made since the last save that worked, as `add <id>` / `rm <id>`.
    let mut unreported: Vec<String> = Vec::new();
    let report = |saved: bool, unreported: &mut Vec<String>, out: &mut dyn Write| {
        if saved {
            for line in unreported.drain(..) {
                writeln!(out, "saved {line}")?;
            }
            out.flush()?;
        }
        io::Result::Ok(())
    };
    for n in 0..count {
        let id = format!("{prefix}{n}");
        let saved = store.add(synthetic(&id)).is_ok();
        unreported.push(format!("add {id}"));
        report(saved, &mut unreported, out)?;
        if remove_every > 0 && n % remove_every == remove_every - 1 && n > 0 {
            let previous = format!("{prefix}{}", n - 1);
            let saved = store.remove(&previous).is_ok();
            unreported.push(format!("rm {previous}"));
            report(saved, &mut unreported, out)?;
        }
    }
    let mut last = store.flush();
    for _ in 0..5 {
        if last.is_ok() {
            break;
        }
        last = store.flush();
    }
    report(last.is_ok(), &mut unreported, out)?;
    Ok(last)
}

/// A bookmark for an article that exists only in the churn test.
fn synthetic(id: &str) -> Bookmark {
    Bookmark {
        article_id: id.to_owned(),
        edition_id: "churn".to_owned(),
        paper: None,
        date: None,
        page: "1".to_owned(),
        headline: format!("Churn {id}"),
        excerpt: String::new(),
        file: String::new(),
        added: crate::store::now_rfc3339(),
        note: None,
        position: SavedPosition::default(),
    }
}
