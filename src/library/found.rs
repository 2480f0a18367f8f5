//! The library's side of the readers (it lives in `library`, above them, because it keeps the
//! discovery cache): feed files grouped into editions when a library is
//! discovered, a feed edition loaded from the files that hold it, and the metadata of an edition
//! of any shape named without reading its text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::edition::assemble::{Names, assemble};
use crate::edition::frontmatter::FrontMatter;
use crate::edition::read::{LoadError, read_regular};
use crate::edition::{Diagnostic, Edition, Format, Severity};
use crate::formats::feed::{FeedFile, feed_editions, read_feed};

use super::cache::{FeedName, MetaCache, Stamp};
use super::kept::KeptEditions;
use super::{FeedEdition, Found};

/// The editions in `files` (feed files, in discovery order): one per paper and date, each with
/// the files that hold its items. A file that cannot be read or holds no item is reported in
/// `problems`; the others still count. With a `cache`, a file unchanged since it was last read
/// is not read again (a folder of a year of daily feeds opens at once).
pub fn feed_found(
    files: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
    mut cache: Option<&mut MetaCache>,
) -> Vec<FeedEdition> {
    let mut out: Vec<FeedEdition> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let kept = cache
        .as_deref()
        .and_then(MetaCache::folder)
        .map(|dir| Arc::new(KeptEditions::at(dir.join("editions"))));
    for file in files {
        let stamp = cache.as_ref().and_then(|_| Stamp::of(file, false));
        let known = cache
            .as_deref()
            .zip(stamp)
            .and_then(|(c, stamp)| c.get_feed(file, stamp))
            .map(<[FeedName]>::to_vec);
        let editions = if let Some(names) = known {
            names
        } else {
            let names = feed_names(file, problems);
            if let (Some(c), Some(stamp)) = (cache.as_deref_mut(), stamp)
                && !names.is_empty()
            {
                c.insert_feed(file, stamp, names.clone());
            }
            names
        };
        for edition in editions {
            if let Some(&idx) = by_id.get(&edition.id) {
                out[idx].files.push(file.clone());
            } else {
                by_id.insert(edition.id.clone(), out.len());
                out.push(FeedEdition {
                    files: vec![file.clone()],
                    id: edition.id,
                    paper: edition.paper,
                    date: edition.date,
                    kept: kept.clone(),
                });
            }
        }
    }
    out
}

/// The editions one feed file holds items of, as [`feed_editions`] names them; an unreadable or
/// empty feed is reported.
fn feed_names(file: &Path, problems: &mut Vec<Diagnostic>) -> Vec<FeedName> {
    let Some(feed) = read(file, problems) else {
        return Vec::new();
    };
    let diagnostics = feed.diagnostics.clone();
    let editions = feed_editions(vec![(file.to_owned(), feed)]);
    if editions.is_empty() {
        problems.extend(
            diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error),
        );
        problems.push(Diagnostic {
            severity: Severity::Warning,
            path: file.to_owned(),
            line: None,
            message: "a feed with no items; nothing to read".to_owned(),
        });
    }
    editions
        .into_iter()
        .map(|e| FeedName {
            id: e.id,
            paper: e.paper,
            date: e.date,
        })
        .collect()
}

/// Reads one feed file; an unreadable one is reported.
fn read(file: &Path, problems: &mut Vec<Diagnostic>) -> Option<FeedFile> {
    match read_regular(file) {
        Ok(bytes) => Some(read_feed(&bytes, file)),
        Err(err) => {
            problems.push(err.to_diagnostic());
            None
        }
    }
}

/// Loads the edition `feed` names from its files, or as it was kept when they have not changed
/// since. When the files no longer hold it (they changed since discovery), the edition is empty
/// and says so.
pub fn load_feed_edition(feed: &FeedEdition) -> Result<Edition, LoadError> {
    match &feed.kept {
        Some(kept) => kept.load(&feed.id, &feed.files, || read_feed_edition(feed)),
        None => read_feed_edition(feed).map(|(edition, _)| edition),
    }
}

/// [`load_feed_edition`] from the files themselves; the flag says whether the edition is worth
/// keeping (its files hold it and were all read).
fn read_feed_edition(feed: &FeedEdition) -> Result<(Edition, bool), LoadError> {
    let mut problems = Vec::new();
    let files: Vec<(PathBuf, FeedFile)> = feed
        .files
        .iter()
        .filter_map(|file| read(file, &mut problems).map(|parsed| (file.clone(), parsed)))
        .collect();
    if files.is_empty()
        && let Some(file) = feed.files.first()
    {
        // Every file is gone: the first one's error is the edition's.
        read_regular(file)?;
    }
    let found = feed_editions(files)
        .into_iter()
        .find(|edition| edition.id == feed.id);
    let keep = found.is_some() && problems.is_empty();
    let mut edition = found.unwrap_or_else(|| {
        let path = feed.files.first().cloned().unwrap_or_default();
        let mut gone = empty(feed);
        gone.warnings.push(Diagnostic {
            severity: Severity::Warning,
            path,
            line: None,
            message: format!(
                "the feed files no longer hold edition '{}'; they changed since the library was opened",
                feed.id
            ),
        });
        gone
    });
    edition.warnings.extend(problems);
    Ok((edition, keep))
}

/// A feed edition with what discovery learnt of it and no pages.
fn empty(feed: &FeedEdition) -> Edition {
    let names = Names {
        id: feed.id.clone(),
        paper: feed.paper.clone(),
        date: feed.date.clone(),
    };
    let source = feed.files.first().cloned().unwrap_or_default();
    assemble(
        names,
        &FrontMatter::default(),
        &source,
        Format::Feed,
        Vec::new(),
        Vec::new(),
    )
}

/// The metadata of an edition that is not a single file or an edition folder: id, paper and
/// date as its loader will give them, without reading its text.
pub fn metadata(found: &Found) -> Edition {
    match found {
        Found::Feed(feed) => empty(feed),
        Found::Articles(dir) => crate::formats::articles::article_folder_metadata(dir),
        Found::OcrIssue(dir) => crate::formats::ocr::ocr_issue_metadata(dir),
        Found::File(path) => crate::formats::open::metadata_only(path, false),
        Found::Folder(path) => crate::formats::open::metadata_only(path, true),
    }
}
