//! Building an edition from the pages a reader made: names (paper, date, id) from the path
//! unless the metadata says otherwise, the item cap, ids, continuation links and the language
//! guess. Every reader ends here; nothing here reads a file.

use std::path::Path;

use super::frontmatter::FrontMatter;
use super::link::{link, strip_linked_markers};
use super::model::{Block, Diagnostic, Edition, Page, Severity};
use super::recognize::{find_date, is_han, normalize_subhead, split_date};
use super::repeats::{Repeats, mark_repeats};

/// The most items an edition holds: a real issue has fewer than a thousand, and each item costs
/// about half a kilobyte in memory, so a file of a million one-line headlines (4 MB) stays
/// within tens of megabytes. Items past it are left out with a warning saying how many.
pub const MAX_ITEMS: usize = 50_000;

/// The most pages an edition holds (a real one has at most a few hundred); page blocks past
/// it, and the items in them, are left out with a warning.
pub const MAX_PAGES: usize = 100_000;

/// Paper, date and id taken from a file or folder name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The edition id before de-duplication (`xuchang-daily-2023-02-28`).
    pub id: String,
    pub paper: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// `xuchang-daily-2023-02-28.md` → paper `xuchang-daily`, date 2023-02-28. Without a date in the
/// name, the date and paper come from the folder (`xuchang-daily/2023-02-28/`, `2023/02/28.md`).
pub fn names_from_path(path: &Path, is_folder: bool) -> Names {
    let mut names = names_from_path_raw(path, is_folder);
    // A name on disk can hold anything: the paper it gives is shown by every command.
    names.paper = names
        .paper
        .map(|p| super::sanitize::sanitize(&p).into_owned())
        .filter(|p| !p.is_empty());
    names
}

fn names_from_path_raw(path: &Path, is_folder: bool) -> Names {
    let stem = if is_folder {
        path.file_name()
    } else {
        path.file_stem()
    };
    let stem = stem
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let grandparent = path
        .parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = slug(&stem);
    if let Some((date, prefix)) = split_date(&stem) {
        if prefix.is_empty() {
            // `gazette/2023-03-02.md`: the folder names the paper, and the id says both.
            let paper = Some(parent.clone()).filter(|p| !p.is_empty() && find_date(p).is_none());
            let id = paper.as_ref().map_or(id, |p| slug(&format!("{p}-{stem}")));
            return Names {
                id,
                paper,
                date: Some(date),
            };
        }
        return Names {
            id,
            paper: Some(prefix.to_owned()),
            date: Some(date),
        };
    }
    if let Some((date, prefix)) = split_date(&parent) {
        let paper = Some(prefix.to_owned())
            .filter(|p| !p.is_empty())
            .or_else(|| Some(grandparent.clone()).filter(|p| !p.is_empty()));
        let id = slug(&format!("{parent}-{stem}"));
        return Names {
            id,
            paper,
            date: Some(date),
        };
    }
    // 2023/02/28.md
    let ymd = format!("{grandparent}-{parent}-{stem}");
    if stem.len() == 2
        && parent.len() == 2
        && grandparent.len() == 4
        && let Some(date) = find_date(&ymd)
    {
        return Names {
            id: slug(&ymd),
            paper: None,
            date: Some(date),
        };
    }
    Names {
        id,
        paper: Some(parent).filter(|p| !p.is_empty() && p != "."),
        date: None,
    }
}

/// A typeable id from a name: lower case, runs of anything but letters, digits and `_` become `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        slug_push(&mut out, c);
    }
    slug_end(&out)
}

/// Adds `c` to a slug: lower case if it is a letter, digit or `_`, else a `-` unless one ends
/// it already. ASCII (most names: every dated file of an archive) is answered without the
/// Unicode tables.
fn slug_push(out: &mut String, c: char) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    } else if c.is_alphanumeric() {
        out.extend(c.to_lowercase());
    } else if !out.ends_with('-') {
        out.push('-');
    }
}

/// A slug without `-` at its ends; `edition` when nothing is left.
fn slug_end(out: &str) -> String {
    let out = out.trim_matches('-');
    if out.is_empty() {
        "edition".to_owned()
    } else {
        out.to_owned()
    }
}

/// An edition with its names and metadata and no pages yet; [`finish`] completes it.
pub fn new_edition(
    front: &FrontMatter,
    names: Names,
    path: &Path,
    warnings: Vec<Diagnostic>,
) -> Edition {
    // Every edition, whatever reader made it, passes here: what names it is made safe to print
    // once, for every command and the reader.
    let clean = |text: Option<String>| {
        text.map(|t| super::sanitize::sanitize(&t).into_owned())
            .filter(|t| !t.is_empty())
    };
    Edition {
        id: super::sanitize::sanitize(&names.id).into_owned(),
        paper: clean(front.paper.clone().or(names.paper)),
        date: clean(front.date.clone().or(names.date)),
        issue: clean(front.issue.clone()),
        language: clean(front.language.clone()),
        metadata: front.extra.clone(),
        source: path.to_owned(),
        pages: Vec::new(),
        warnings,
        format: super::model::Format::Dialect,
        facsimiles: std::collections::BTreeMap::new(),
        page_credits: std::collections::BTreeMap::new(),
    }
}

/// Builds an edition from the pages a format reader made: id, paper and date from `names`
/// unless `front` says otherwise, then item ids (`<edition id>/<page label>/<n>`), continuation
/// links and the language guess. Readers other than the heading dialect end here.
pub fn assemble(
    names: Names,
    front: &FrontMatter,
    source: &Path,
    format: super::model::Format,
    pages: Vec<Page>,
    warnings: Vec<Diagnostic>,
) -> Edition {
    let mut edition = new_edition(front, names, source, warnings);
    edition.format = format;
    edition.pages = pages;
    finish(&mut edition);
    edition
}

/// Leaves out the items past [`MAX_ITEMS`], with a warning saying how many. The heading
/// dialect stops at the cap as it reads; this holds it for every other reader.
fn cap_items(edition: &mut Edition) {
    let mut room = MAX_ITEMS;
    let mut dropped = 0;
    let mut first_line = None;
    for page in &mut edition.pages {
        if page.items.len() > room {
            dropped += page.items.len() - room;
            if first_line.is_none() {
                first_line = page.items.get(room).map(|i| i.line);
            }
            page.items.truncate(room);
        }
        room -= page.items.len();
    }
    if dropped > 0 {
        edition.warnings.push(Diagnostic {
            severity: Severity::Warning,
            path: edition.source.clone(),
            line: first_line,
            message: format!(
                "{dropped} item(s) left out from here on: an edition holds at most {MAX_ITEMS} items; split the source into several editions"
            ),
        });
    }
}

/// Ids, continuation links, subheads' spaces, repeated stories and the language guess: the last
/// step of every reader.
pub fn finish(edition: &mut Edition) {
    finish_with(edition, Repeats::Mark);
}

/// [`finish`], marking the stories printed twice or leaving them to the caller (`repeats`).
pub fn finish_with(edition: &mut Edition, repeats: Repeats) {
    cap_items(edition);
    // Items numbered on from the last page of the same label: a label that comes twice (a
    // damaged file, or two that sanitise alike) still gives every item its own id.
    let mut numbered: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in &mut edition.pages {
        // Page labels go into item ids and every page title: safe to print, never empty.
        if !super::sanitize::is_clean(&page.label) {
            page.label = super::sanitize::sanitize(&page.label).into_owned();
        }
        if page.label.is_empty() {
            "0".clone_into(&mut page.label);
        }
        if let Some(name) = &page.name
            && !super::sanitize::is_clean(name)
        {
            page.name =
                Some(super::sanitize::sanitize(name).into_owned()).filter(|n| !n.is_empty());
        }
        let before = numbered.entry(page.label.clone()).or_default();
        for (n, item) in page.items.iter_mut().enumerate() {
            item.id = format!("{}/{}/{}", edition.id, page.label, *before + n + 1);
        }
        *before += page.items.len();
    }
    let source = edition.source.clone();
    link(&mut edition.pages, &source, &mut edition.warnings);
    strip_linked_markers(&mut edition.pages);
    normalize_subheads(&mut edition.pages);
    if repeats == Repeats::Mark {
        mark_repeats(&mut edition.pages);
    }
    if edition.language.is_none() {
        edition.language = guess_language(edition);
    }
}

/// Subheads with their spaces normalised as bylines' are, whichever reader made them: a
/// `&nbsp;` or an ideographic space in a subhead shows and searches as one space.
fn normalize_subheads(pages: &mut [Page]) {
    let blocks = pages
        .iter_mut()
        .flat_map(|p| &mut p.items)
        .flat_map(|i| &mut i.body);
    for block in blocks {
        if let Block::Subhead(text) = block {
            let normal = normalize_subhead(text);
            if normal != *text && !normal.is_empty() {
                *text = normal;
            }
        }
    }
}

/// `zh` when Han characters outnumber Latin letters in the first few paragraphs, else `en`.
fn guess_language(edition: &Edition) -> Option<String> {
    let (mut han, mut latin) = (0usize, 0usize);
    let sample = edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .flat_map(super::model::Item::paragraphs)
        .take(8);
    for text in sample {
        for c in text.chars().take(400) {
            if is_han(c) {
                han += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
    }
    match (han, latin) {
        (0, 0) => None,
        (h, l) if h >= l / 2 => Some("zh".to_owned()),
        _ => Some("en".to_owned()),
    }
}

/// An edition's metadata from its name alone (no file is read); the discovery cache fills in
/// what the front matter said.
pub fn metadata_from_names(path: &Path, is_folder: bool) -> Edition {
    new_edition(
        &FrontMatter::default(),
        names_from_path(path, is_folder),
        path,
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_unicode_rule_for_every_character() {
        // The ASCII shortcut inside slug_push must agree with the Unicode properties it
        // stands for, for every ASCII character.
        for b in 0u8..128 {
            let c = char::from(b);
            let mut out = String::from("x");
            slug_push(&mut out, c);
            let want = if c.is_alphanumeric() || c == '_' {
                format!("x{}", c.to_lowercase())
            } else {
                "x-".to_owned()
            };
            assert_eq!(out, want, "{c:?}");
        }
        for (name, want) in [
            ("xuchang-daily-2013-02-24", "xuchang-daily-2013-02-24"),
            ("The_Sun  1916--07.04", "the_sun-1916-07-04"),
            ("--", "edition"),
            ("", "edition"),
            ("人民日报 2023", "人民日报-2023"),
            ("Ⅻ·ÉTÉ", "ⅻ-été"),
        ] {
            assert_eq!(slug(name), want, "{name:?}");
        }
    }

    #[test]
    fn every_reader_is_held_to_the_item_cap() {
        use super::super::model::{Item, ItemKind};
        let items = |n: usize| {
            (1..=n)
                .map(|line| Item::blank(ItemKind::Article, line))
                .collect()
        };
        let pages = vec![
            Page {
                label: "1".to_owned(),
                name: None,
                items: items(MAX_ITEMS - 1),
            },
            Page {
                label: "2".to_owned(),
                name: None,
                items: items(3),
            },
        ];
        let path = Path::new("feed.xml");
        let names = names_from_path(path, false);
        let front = FrontMatter::default();
        let edition = assemble(
            names,
            &front,
            path,
            super::super::model::Format::Feed,
            pages,
            Vec::new(),
        );
        let counts: Vec<usize> = edition.pages.iter().map(|p| p.items.len()).collect();
        assert_eq!(counts, [MAX_ITEMS - 1, 1]);
        let warning = edition.warnings.last().map(ToString::to_string);
        assert_eq!(
            warning.as_deref(),
            Some(
                "feed.xml:2: warning: 2 item(s) left out from here on: an edition holds at most 50000 items; split the source into several editions"
            )
        );
    }

    /// Two pages of one label (a damaged file) keep every item's id its own, so a bookmark
    /// or a link opens the item it names.
    #[test]
    fn a_label_that_comes_twice_gives_no_id_twice() {
        use super::super::model::{Item, ItemKind};
        let page = |items: usize| Page {
            label: "2".to_owned(),
            name: None,
            items: (1..=items)
                .map(|line| Item::blank(ItemKind::Article, line))
                .collect(),
        };
        let path = Path::new("d.md");
        let edition = assemble(
            names_from_path(path, false),
            &FrontMatter::default(),
            path,
            super::super::model::Format::Dialect,
            vec![page(2), page(1)],
            Vec::new(),
        );
        let ids: Vec<&str> = edition
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, ["d/2/1", "d/2/2", "d/2/3"]);
    }

    #[test]
    fn names_from_file_names() {
        let cases = [
            (
                "rmrb-20200115.md",
                Some("rmrb"),
                Some("2020-01-15"),
                "rmrb-20200115",
            ),
            (
                "xuchang-daily-20230228.md",
                Some("xuchang-daily"),
                Some("2023-02-28"),
                "xuchang-daily-20230228",
            ),
            (
                "lib/19160415-sn83030214.txt",
                Some("sn83030214"),
                Some("1916-04-15"),
                "19160415-sn83030214",
            ),
            (
                "20230228-gazette.md",
                Some("gazette"),
                Some("2023-02-28"),
                "20230228-gazette",
            ),
            (
                "gazette/2023-03-02.md",
                Some("gazette"),
                Some("2023-03-02"),
                "gazette-2023-03-02",
            ),
        ];
        for (path, paper, date, id) in cases {
            let names = names_from_path(Path::new(path), false);
            assert_eq!(names.paper.as_deref(), paper, "paper of {path}");
            assert_eq!(names.date.as_deref(), date, "date of {path}");
            assert_eq!(names.id, id, "id of {path}");
        }
    }
}
