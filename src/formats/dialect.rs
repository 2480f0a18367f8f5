//! The heading dialect, kanbao's own text format: one file of `+++` front matter, page blocks
//! and Markdown-like headings ([`parse`]), or a folder whose `.md`/`.txt` files are pages with an
//! `edition.toml`; column-break damage re-joined where the text shows it ([`repair`]). A reader
//! like the others: it builds on `edition` and imports no other reader.

pub mod parse;
pub mod repair;

use std::path::{Path, PathBuf};

use crate::edition::assemble::MAX_ITEMS;
use crate::edition::assemble::{finish, finish_with, names_from_path, new_edition};
use crate::edition::decode::decode;
use crate::edition::frontmatter::{self, FrontMatter};
use crate::edition::model::{Diagnostic, Edition, Page, Severity};
use crate::edition::read::{
    LoadError, decode_with_warnings, is_text_file, open_regular, read_regular,
};
use crate::edition::recognize::normalize_page_label;
use crate::edition::repeats::Repeats;
use parse::RawPage;

/// Reads one decoded text file of the dialect; `path` names it in ids and messages and
/// `warnings` are those of decoding. Never fails.
pub fn load_text(text: &str, path: &Path, warnings: Vec<Diagnostic>) -> Edition {
    load_text_with(text, path, warnings, Repeats::Mark)
}

/// [`load_text`], marking the stories printed twice or leaving them to the caller (`repeats`).
pub fn load_text_with(
    text: &str,
    path: &Path,
    warnings: Vec<Diagnostic>,
    repeats: Repeats,
) -> Edition {
    let mut warnings = warnings;
    let parsed = parse::parse(text, path);
    warnings.extend(parsed.diagnostics);
    let names = names_from_path(path, false);
    let mut edition = new_edition(&parsed.front, names, path, warnings);
    let first_label = parsed.front.page.clone();
    edition.pages = label_pages(
        parsed.pages,
        first_label.as_deref(),
        parsed.front.name.clone(),
        path,
        &mut edition.warnings,
    );
    finish_with(&mut edition, repeats);
    if text.trim().is_empty() {
        edition.warnings.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_owned(),
            line: None,
            message: "empty file: the edition has no articles".to_owned(),
        });
    }
    edition
}

/// Loads a folder with `edition.toml`: each `.md`/`.txt` file is a page, in file-name order.
pub fn load_folder(dir: &Path) -> Result<Edition, LoadError> {
    let toml_path = dir.join("edition.toml");
    let toml_bytes = read_regular(&toml_path)?;
    let mut warnings = Vec::new();
    let toml_text = decode_with_warnings(&toml_bytes, &toml_path, &mut warnings);
    let front = match frontmatter::parse(&toml_text) {
        Ok(front) => front,
        Err(err) => {
            warnings.push(Diagnostic {
                severity: Severity::Error,
                path: toml_path.clone(),
                line: Some(err.line),
                message: format!(
                    "column {}: {}; fix edition.toml (the pages still load)",
                    err.col, err.message
                ),
            });
            FrontMatter::default()
        }
    };
    let names = names_from_path(dir, true);
    let mut edition = new_edition(&front, names, dir, warnings);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_text_file(p))
            .collect(),
        Err(source) => {
            return Err(LoadError::Read {
                path: dir.to_owned(),
                source,
            });
        }
    };
    files.sort();
    // Every page is read before any is repaired: whether every candidate break is re-joined is
    // the edition's decision (a break that shows its own damage is re-joined in any case).
    let mut parsed_files = Vec::with_capacity(files.len());
    let mut evidence = repair::Evidence::default();
    // Items the edition may still hold: the cap is the edition's, not each page file's.
    let mut room = MAX_ITEMS;
    for file in files {
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = crate::edition::sanitize::sanitize(&stem).into_owned();
        let (label, name) = match stem.split_once('-') {
            Some((label, name)) => (
                normalize_page_label(label),
                Some(name.trim().to_owned()).filter(|n| !n.is_empty()),
            ),
            None => (normalize_page_label(&stem), None),
        };
        let over = front.pages.get(&file_name).cloned().unwrap_or_default();
        let bytes = match read_regular(&file) {
            Ok(bytes) => bytes,
            Err(err) => {
                edition.warnings.push(err.to_diagnostic());
                continue;
            }
        };
        let text = decode_with_warnings(&bytes, &file, &mut edition.warnings);
        let parsed = parse::parse_deferred(&text, &file, room);
        room -= parsed.pages.iter().map(|p| p.items.len()).sum::<usize>();
        parsed.add_evidence(&mut evidence);
        let label = over.label.or(parsed.front.page.clone()).unwrap_or(label);
        let name = over.name.or(parsed.front.name.clone()).or(name);
        let facsimile = (over.image, over.regions, over.credit);
        parsed_files.push((file, label, name, parsed, facsimile));
    }
    let repair = evidence.repairs(front.repair.unwrap_or_default());
    for (file, label, name, mut parsed, (image, regions, credit)) in parsed_files {
        parsed.complete(repair, &file);
        edition.warnings.extend(parsed.diagnostics);
        let pages = label_pages(
            parsed.pages,
            Some(&label),
            name,
            &file,
            &mut edition.warnings,
        );
        add_page_extras(&mut edition, pages.first(), image, &regions, credit);
        edition.pages.extend(pages);
    }
    for file in front.pages.keys() {
        if !dir.join(file).is_file() {
            edition.warnings.push(Diagnostic {
                severity: Severity::Warning,
                path: toml_path.clone(),
                line: None,
                message: format!("[pages.\"{file}\"] names a file that is not in the folder"),
            });
        }
    }
    finish(&mut edition);
    Ok(edition)
}

/// A page file's picture and its articles' areas (`edition.toml`), for the file's first page.
/// What `edition.toml` says of a page file beyond its name: its picture and areas, its credit.
fn add_page_extras(
    edition: &mut Edition,
    page: Option<&Page>,
    image: Option<String>,
    regions: &[Option<[u32; 4]>],
    credit: Option<String>,
) {
    let Some(page) = page else { return };
    if let Some(image) = image {
        edition
            .facsimiles
            .insert(page.label.clone(), facsimile(page, image, regions));
    }
    if let Some(credit) = credit {
        let credit = crate::edition::sanitize::sanitize(&credit).into_owned();
        edition.page_credits.insert(page.label.clone(), credit);
    }
}

/// A page's picture with the n-th area given to the page's n-th article (an empty area: none).
fn facsimile(
    page: &Page,
    image: String,
    regions: &[Option<[u32; 4]>],
) -> crate::edition::model::Facsimile {
    let articles = page
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == crate::edition::model::ItemKind::Article)
        .map(|(idx, _)| idx);
    let regions = articles
        .zip(regions)
        .filter_map(|(item, rect)| {
            Some(crate::edition::model::Region {
                item,
                rect: (*rect)?,
            })
        })
        .collect();
    crate::edition::model::Facsimile { image, regions }
}

/// Gives every raw page a label: page blocks carry theirs; the part before the first block gets
/// `first_label` (front matter `page`, or the file's label in a folder edition), else `1`.
fn label_pages(
    raw: Vec<RawPage>,
    first_label: Option<&str>,
    first_name: Option<String>,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::with_capacity(raw.len());
    let mut first_name = first_name;
    // Labels seen so far: a file of 64,000 page blocks is read in linear time.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (idx, page) in raw.into_iter().enumerate() {
        let (label, name) = match page.label {
            Some(label) => (label, page.name),
            None if idx == 0 => (
                first_label.unwrap_or("1").to_owned(),
                page.name.or(first_name.take()),
            ),
            None => (format!("{}", idx + 1), page.name),
        };
        if !seen.insert(label.clone()) {
            warnings.push(Diagnostic {
                severity: Severity::Warning,
                path: path.to_owned(),
                line: page.items.first().map(|i| i.line),
                message: format!(
                    "page {label} appears twice; the second one is kept as a separate page"
                ),
            });
        }
        pages.push(Page {
            label,
            name,
            items: page.items,
        });
    }
    pages
}

/// Bytes read from the top of a file to find its front matter without loading it.
const HEAD_BYTES: usize = 4 * 1024;

/// An edition's metadata (id, paper, date, issue, language) without its pages, read from the
/// file name and the front matter at the top of the file (or `edition.toml` for a folder). Cheap:
/// at most [`HEAD_BYTES`] are read. Problems are left for the full load to report.
pub fn metadata_only(path: &Path, is_folder: bool) -> Edition {
    let names = names_from_path(path, is_folder);
    let front = if is_folder {
        // edition.toml may be a FIFO or a link to /dev/zero: read it like any edition file.
        read_regular(&path.join("edition.toml"))
            .ok()
            .and_then(|bytes| frontmatter::parse(&decode(&bytes).text).ok())
    } else {
        read_head(path).and_then(|head| head_front_matter(&head))
    };
    new_edition(&front.unwrap_or_default(), names, path, Vec::new())
}

fn read_head(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut buf = Vec::with_capacity(HEAD_BYTES);
    open_regular(path)
        .ok()?
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut buf)
        .ok()?;
    Some(decode(&buf).text.into_owned())
}

/// The front matter at the top of `head`, when it is complete within it.
pub fn head_front_matter(head: &str) -> Option<FrontMatter> {
    let mut lines = head.lines().skip_while(|l| l.trim().is_empty());
    if lines.next()?.trim_end() != "+++" {
        return None;
    }
    let body: Vec<&str> = lines
        .by_ref()
        .take_while(|l| l.trim_end() != "+++")
        .collect();
    frontmatter::parse(&body.join("\n")).ok()
}
