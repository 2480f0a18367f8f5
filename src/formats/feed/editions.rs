//! Entries of many feed files → editions: one per (paper, date), the same item kept once (a
//! full copy replacing a summary-only one), pages by label with pages known only by name
//! numbered after them.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::edition::assemble::{Names, assemble, slug};
use crate::edition::frontmatter::FrontMatter;
use crate::edition::model::{Diagnostic, Edition, Format, Page};
use crate::edition::sanitize::sanitize;

use super::{FeedEntry, FeedFile};

/// Groups the entries of all files into editions, one per (paper, date), built with
/// [`assemble`] as [`Format::Feed`] editions:
///
/// - id `slug("{paper}-{date}")`; undated entries go to `slug("{paper}-undated")`; without a
///   paper, the feed file's stem stands in for it. Ids are made unique with `-2`, `-3`…
/// - pages sorted by label (numbers first, then letter-prefixed labels); items in feed order
///   within a page. Pages known only by a category name are numbered after the labelled ones,
///   in order of first appearance.
/// - the same item (key) of the same paper in several files appears once: the first seen, unless a later copy
///   has the text where the first had only a summary (it then takes the first one's place).
/// - `source` is the feed file the edition's first entry came from.
/// - each edition's warnings hold the diagnostics of every file that gave it an entry; a file
///   that gave no entry at all (unparseable, empty) becomes an empty edition named after the
///   file carrying its diagnostics, so no problem goes unreported.
pub fn feed_editions(files: Vec<(PathBuf, FeedFile)>) -> Vec<Edition> {
    let grouped = group(files);
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut unique = |id: String| {
        let count = ids.entry(id.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            id
        } else {
            format!("{id}-{count}")
        }
    };
    let mut editions = Vec::with_capacity(grouped.groups.len() + grouped.unused_files.len());
    for group in grouped.groups {
        let name = group.paper.clone().unwrap_or_else(|| group.stem.clone());
        let id = unique(slug(&format!(
            "{name}-{}",
            group.date.as_deref().unwrap_or("undated")
        )));
        let warnings = group
            .files
            .iter()
            .flat_map(|&f| grouped.files[f].diagnostics.iter().cloned())
            .collect();
        let names = Names {
            id,
            paper: group.paper,
            date: group.date,
        };
        editions.push(assemble(
            names,
            &FrontMatter::default(),
            &group.source,
            Format::Feed,
            paginate(group.entries),
            warnings,
        ));
    }
    for f in grouped.unused_files {
        let file = &grouped.files[f];
        let stem = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let names = Names {
            id: unique(slug(&stem)),
            paper: file.paper.clone(),
            date: None,
        };
        editions.push(assemble(
            names,
            &FrontMatter::default(),
            &file.path,
            Format::Feed,
            Vec::new(),
            file.diagnostics.clone(),
        ));
    }
    editions
}

/// The entries of one (paper, date) edition, in feed order.
struct Group {
    paper: Option<String>,
    date: Option<String>,
    /// The first file's stem, standing in for a missing paper name.
    stem: String,
    source: PathBuf,
    /// Indexes of the files that gave entries.
    files: Vec<usize>,
    entries: Vec<FeedEntry>,
}

/// What each file was, once its entries have gone to groups.
struct FileInfo {
    path: PathBuf,
    paper: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

struct Grouped {
    groups: Vec<Group>,
    files: Vec<FileInfo>,
    /// Files that gave no entry (unreadable, empty, or only duplicates).
    unused_files: Vec<usize>,
}

/// Distributes entries to (paper, date) groups, keeping each key once (a full copy replaces a
/// summary-only one in its place).
fn group(files: Vec<(PathBuf, FeedFile)>) -> Grouped {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(Option<String>, Option<String>, String), usize> = HashMap::new();
    // (paper, key) → (group, index in the group's entries). Keys are only unique within a
    // paper: two papers' JSON feeds may both number their items from 1.
    let mut seen: HashMap<(Option<String>, String), (usize, usize)> = HashMap::new();
    let mut infos = Vec::with_capacity(files.len());
    let mut unused_files = Vec::new();
    for (file_idx, (path, file)) in files.into_iter().enumerate() {
        let stem = path
            .file_stem()
            .map(|s| sanitize(&s.to_string_lossy()).into_owned())
            .unwrap_or_default();
        let mut used = false;
        for entry in file.entries {
            let seen_key = (file.paper.clone(), entry.key.clone());
            if let Some(&(g, e)) = seen.get(&seen_key) {
                let old = &mut groups[g].entries[e];
                if old.item.summary_only && !entry.item.summary_only {
                    old.item = entry.item;
                }
                continue;
            }
            used = true;
            // Without a paper name, entries of one file stay together under its stem.
            let paper_key = if file.paper.is_some() {
                String::new()
            } else {
                stem.clone()
            };
            let group_key = (file.paper.clone(), entry.date.clone(), paper_key);
            let g = *group_of.entry(group_key).or_insert_with(|| {
                groups.push(Group {
                    paper: file.paper.clone(),
                    date: entry.date.clone(),
                    stem: stem.clone(),
                    source: path.clone(),
                    files: Vec::new(),
                    entries: Vec::new(),
                });
                groups.len() - 1
            });
            if !groups[g].files.contains(&file_idx) {
                groups[g].files.push(file_idx);
            }
            seen.insert(seen_key, (g, groups[g].entries.len()));
            groups[g].entries.push(entry);
        }
        if !used {
            unused_files.push(file_idx);
        }
        infos.push(FileInfo {
            path,
            paper: file.paper,
            diagnostics: file.diagnostics,
        });
    }
    Grouped {
        groups,
        files: infos,
        unused_files,
    }
}

/// Entries → pages: by label, pages known only by name numbered after the labelled ones.
fn paginate(entries: Vec<FeedEntry>) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    let taken: Vec<String> = entries
        .iter()
        .filter(|e| !e.page_label.is_empty())
        .map(|e| e.page_label.clone())
        .collect();
    let mut next_number = 1usize;
    for entry in entries {
        let label = if entry.page_label.is_empty() {
            let name = entry.page_name.clone().unwrap_or_default();
            by_name
                .entry(name)
                .or_insert_with(|| {
                    while taken.contains(&next_number.to_string()) {
                        next_number += 1;
                    }
                    next_number += 1;
                    (next_number - 1).to_string()
                })
                .clone()
        } else {
            entry.page_label
        };
        match pages.iter_mut().find(|p| p.label == label) {
            Some(page) => {
                if page.name.is_none() {
                    page.name = entry.page_name;
                }
                page.items.push(entry.item);
            }
            None => pages.push(Page {
                label,
                name: entry.page_name,
                items: vec![entry.item],
            }),
        }
    }
    pages.sort_by_cached_key(|p| crate::edition::recognize::label_order(&p.label));
    pages
}

#[cfg(test)]
mod tests {
    #[test]
    fn label_sorting() {
        let mut labels = vec!["10", "B1", "2", "A10", "A2", "1", "x"];
        labels.sort_by_key(|l| crate::edition::recognize::label_order(l));
        assert_eq!(labels, ["1", "2", "10", "A2", "A10", "B1", "x"]);
    }
}
