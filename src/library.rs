//! Finding editions on disk: single files, edition folders (with `edition.toml`) and library
//! folders searched recursively; plus the sample edition embedded in the binary.

pub mod synthetic;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::edition::load::{is_text_file, load_bytes, load_file, load_folder};
use crate::edition::{Diagnostic, Edition, Severity};

/// The sample edition's text, embedded so `kanbao` works from anywhere.
pub const SAMPLE_TEXT: &str = include_str!("../editions/xuchang-daily-2023-02-28.txt");
/// The name the embedded sample goes by in ids and messages.
pub const SAMPLE_PATH: &str = "<embedded>/xuchang-daily-2023-02-28.txt";

/// The embedded sample edition.
pub fn sample() -> Edition {
    load_bytes(SAMPLE_TEXT.as_bytes(), Path::new(SAMPLE_PATH))
}

/// Editions found and loaded, with the problems that kept other files out.
#[derive(Debug, Default)]
pub struct Library {
    pub editions: Vec<Edition>,
    /// Files and folders that could not be loaded or were skipped.
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// The library a user gets without `-L`: `./editions` when it exists, else the embedded sample.
    pub fn default_library() -> Library {
        let local = Path::new("editions");
        if local.is_dir() {
            let library = Library::load(&[local.to_owned()]);
            if !library.editions.is_empty() {
                return library;
            }
        }
        Library {
            editions: vec![sample()],
            diagnostics: Vec::new(),
        }
    }

    /// Loads every edition under `paths`. Never fails: unreadable files become diagnostics.
    pub fn load(paths: &[PathBuf]) -> Library {
        let mut library = Library::default();
        let mut found = Vec::new();
        for path in paths {
            discover(
                path,
                true,
                &mut found,
                &mut library.diagnostics,
                &mut HashSet::new(),
            );
        }
        for source in found {
            let loaded = match &source {
                Found::File(path) => load_file(path),
                Found::Folder(path) => load_folder(path),
            };
            match loaded {
                Ok(edition) => library.editions.push(edition),
                Err(err) => library.diagnostics.push(err.to_diagnostic()),
            }
        }
        dedupe_ids(&mut library.editions);
        library
    }

    /// Finds an item by id across the library.
    pub fn item(
        &self,
        id: &str,
    ) -> Option<(&Edition, &crate::edition::Page, &crate::edition::Item)> {
        let edition_id = id.split('/').next()?;
        let edition = self.editions.iter().find(|e| e.id == edition_id)?;
        edition.pages.iter().find_map(|page| {
            page.items
                .iter()
                .find(|item| item.id == id)
                .map(|item| (edition, page, item))
        })
    }

    /// Every diagnostic: the library's own and each edition's.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.editions.iter().flat_map(|e| &e.warnings))
    }
}

/// Something on disk that holds one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    File(PathBuf),
    /// A folder with `edition.toml`.
    Folder(PathBuf),
}

/// Walks `path`: an explicit file is an edition whatever its extension; a folder with
/// `edition.toml` is one edition; any other folder is a library searched recursively (sorted by
/// name, symlink loops and non-regular files skipped).
pub fn discover(
    path: &Path,
    explicit: bool,
    found: &mut Vec<Found>,
    problems: &mut Vec<Diagnostic>,
    visited: &mut HashSet<PathBuf, impl std::hash::BuildHasher>,
) {
    let problem = |message: String| Diagnostic {
        severity: Severity::Error,
        path: path.to_owned(),
        line: None,
        message,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            let dangling = std::fs::symlink_metadata(path).is_ok();
            let what = if dangling {
                "a symlink whose target is missing".to_owned()
            } else {
                err.to_string()
            };
            problems.push(problem(format!("cannot open: {what}; check the path")));
            return;
        }
    };
    if meta.is_file() {
        if explicit || is_text_file(path) {
            found.push(Found::File(path.to_owned()));
        }
        return;
    }
    if !meta.is_dir() {
        if explicit || is_text_file(path) {
            let mut d =
                problem("not a regular file (a FIFO, socket or device); skipped".to_owned());
            d.severity = Severity::Warning;
            problems.push(d);
        }
        return;
    }
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    if !visited.insert(canonical) {
        let mut d = problem("folder already visited (a symlink loop?); skipped".to_owned());
        d.severity = Severity::Warning;
        problems.push(d);
        return;
    }
    if path.join("edition.toml").exists() {
        found.push(Found::Folder(path.to_owned()));
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(err) => {
            problems.push(problem(format!("cannot list folder: {err}")));
            return;
        }
    };
    entries.sort();
    for entry in entries {
        if entry
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        discover(&entry, false, found, problems, visited);
    }
}

/// Two editions named alike in different folders get `-2`, `-3` so ids stay unique.
fn dedupe_ids(editions: &mut [Edition]) {
    let mut seen: HashSet<String> = HashSet::new();
    for edition in editions.iter_mut() {
        if seen.insert(edition.id.clone()) {
            continue;
        }
        let mut n = 2;
        let id = loop {
            let candidate = format!("{}-{n}", edition.id);
            if !seen.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        seen.insert(id.clone());
        let old_prefix = format!("{}/", edition.id);
        for item in edition.pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
            for slot in [
                Some(&mut item.id),
                item.continued_from_id.as_mut(),
                item.continued_to_id.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                if let Some(rest) = slot.strip_prefix(&old_prefix) {
                    *slot = format!("{id}/{rest}");
                }
            }
        }
        edition.id = id;
    }
}
