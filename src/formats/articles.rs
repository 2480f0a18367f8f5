//! Per-article text folders, the shape public crawlers of Chinese papers write: one folder per
//! day (`rmrb/20200115/`), one file per article named `YYYYMMDD-PP-NN.txt` or `PP-NN.txt` (page
//! `PP`, order `NN` on the page). A file holds the kicker (引题), headline and subtitle (副题) on
//! its first three lines, each line empty when the article has none, then the body: one
//! paragraph per line, indented with `　　` as the web page printed it.
//!
//! Paragraph boundaries are explicit here, so none of the heading dialect's column-break repair
//! applies. The rules for bylines, subheads and photos below were learned from this shape and
//! fire only on it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::edition::assemble::{Names, assemble, slug};
use crate::edition::frontmatter::{self, FrontMatter};
use crate::edition::read::{LoadError, read_regular};
use crate::edition::recognize::{self, find_date, normalize_page_label};
use crate::edition::sanitize::sanitize;
use crate::edition::{Diagnostic, Edition, Format, Page, Severity};

use super::encoding::decode_text;

mod text;

pub use text::{is_subhead, parse_article};

/// What an article file's name says: `20200115-02-03.txt` → date 2020-01-15, page `02`,
/// article 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleName {
    /// ISO `YYYY-MM-DD`, when the name starts with one (`PP-NN.txt` names have none).
    pub date: Option<String>,
    /// The page as written (`02`, `B3`); normalise with [`normalize_page_label`].
    pub page: String,
    /// 1-based order of the article on its page (`NN`).
    pub order: u32,
}

/// Parses an article file name: `YYYYMMDD-PP-NN.txt` or `PP-NN.txt` (`.txt` in any case; `_`
/// also separates). `PP` is 1–3 digits, optionally after one letter (`B02`); `NN` is 1–3
/// digits; `YYYYMMDD` is a real date.
pub fn parse_article_name(file_name: &str) -> Option<ArticleName> {
    let stem = file_name
        .len()
        .checked_sub(4)
        .filter(|&cut| file_name.is_char_boundary(cut))
        .filter(|&cut| file_name[cut..].eq_ignore_ascii_case(".txt"))
        .map(|cut| &file_name[..cut])?;
    let parts: Vec<&str> = stem.split(['-', '_']).collect();
    let (date, page, order) = match parts.as_slice() {
        [date, page, order] => {
            let valid = date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit());
            (Some(find_date(date).filter(|_| valid)?), *page, *order)
        }
        [page, order] => (None, *page, *order),
        _ => return None,
    };
    let digits = page.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let page_ok = page.len() - digits.len() <= 1
        && (1..=3).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit());
    let order_ok = (1..=3).contains(&order.len()) && order.bytes().all(|b| b.is_ascii_digit());
    if !page_ok || !order_ok {
        return None;
    }
    Some(ArticleName {
        date,
        page: page.to_owned(),
        order: order.parse().ok()?,
    })
}

/// True when `dir` looks like a crawler's day folder, judged from its listing alone (nothing is
/// read): at least one file, and more than half of its `.txt` and `.md` files (hidden ones
/// aside), are named like articles (a stray copy or note beside them is reported at load, not a
/// reason to read a hundred articles as a hundred editions). `YYYYMMDD-PP-NN.txt` names always count; `PP-NN.txt` names
/// count only when `dir`'s own name ends in a date (`20200115/`, `rmrb-2020-01-15/`), since
/// without it nothing dates the edition.
///
/// Folder editions (`01-要闻.md` pages next to `edition.toml`) and library folders of dated
/// dialect files (`xuchang-daily-2023-02-28.md`) have no such names and are not claimed.
pub fn is_article_folder(dir: &Path, file_names: &[&str]) -> bool {
    let dated_dir = dir
        .file_name()
        .is_some_and(|n| find_date(&n.to_string_lossy()).is_some());
    let (mut texts, mut articles) = (0usize, 0usize);
    for name in file_names.iter().filter(|n| is_text_name(n)) {
        texts += 1;
        if parse_article_name(name).is_some_and(|a| a.date.is_some() || dated_dir) {
            articles += 1;
        }
    }
    articles >= 1 && articles * 2 > texts
}

/// `.txt` and `.md` names, not hidden.
fn is_text_name(name: &str) -> bool {
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    !name.starts_with('.')
        && ext.is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// One article file found in the folder.
#[derive(Debug)]
struct Entry {
    path: PathBuf,
    file_name: String,
    label: String,
    order: u32,
}

/// Loads a crawler's day folder as one edition ([`Format::Articles`]).
///
/// - Pages: one per `PP`, labelled by [`normalize_page_label`] (`01` → `1`, `B02` → `B2`), in
///   page order; items in `NN` order, then file-name order. Item ids are assigned by position
///   (`<edition>/<page>/<n>`), so they stay unique when two files claim the same number.
/// - Date: from the folder name, else from the file names (the most common one; files of
///   another date are skipped with a warning).
/// - Paper: the name before the date in the folder name (`rmrb-20200115/`), else the folder
///   above when it is a name rather than a number, a date or a hidden folder
///   (`rmrb/20200115/`; not `2020/20200115/`). An optional
///   `edition.toml` (`paper`, `date`, `language`, …) is explicit and wins over both.
/// - Edition id: `slug("{paper}-{date}")`, or the date alone.
///
/// Files that cannot be read, are empty, or are not named like articles become diagnostics
/// and the rest loads, as do gaps in an article sequence (`01-03` missing) and duplicate
/// numbers. Fails only when the folder itself cannot be listed.
pub fn load_article_folder(dir: &Path) -> Result<Edition, LoadError> {
    let Plan {
        names,
        front,
        entries,
        mut warnings,
    } = plan(dir)?;
    let mut pages: Vec<Page> = Vec::new();
    for entry in &entries {
        let bytes = match read_regular(&entry.path) {
            Ok(bytes) => bytes,
            Err(err) => {
                warnings.push(err.to_diagnostic());
                continue;
            }
        };
        let text = decode_text(&bytes, &entry.path, &mut warnings);
        let (item, diagnostics) = parse_article(&text, &entry.path);
        warnings.extend(diagnostics);
        let Some(item) = item else { continue };
        match pages.last_mut() {
            Some(page) if page.label == entry.label => page.items.push(item),
            _ => pages.push(Page {
                label: entry.label.clone(),
                name: None,
                items: vec![item],
            }),
        }
    }
    if entries.is_empty() {
        warnings.push(warning(
            dir.to_owned(),
            None,
            "no article files (YYYYMMDD-PP-NN.txt or PP-NN.txt); the edition is empty".to_owned(),
        ));
    }
    Ok(assemble(
        names,
        &front,
        dir,
        Format::Articles,
        pages,
        warnings,
    ))
}

/// What a day folder holds before any article is read: its names, `edition.toml`, and the
/// article files in page and article order (with the problems of their names).
struct Plan {
    names: Names,
    front: FrontMatter,
    entries: Vec<Entry>,
    warnings: Vec<Diagnostic>,
}

/// The edition a day folder holds, named but not read: what discovery shows before the folder
/// is opened. Agrees with [`load_article_folder`] on id, paper and date.
pub fn article_folder_metadata(dir: &Path) -> Edition {
    match plan(dir) {
        Ok(plan) => assemble(
            plan.names,
            &plan.front,
            dir,
            Format::Articles,
            Vec::new(),
            Vec::new(),
        ),
        Err(_) => assemble(
            edition_names(dir, &folder_name(dir), find_date(&folder_name(dir))),
            &FrontMatter::default(),
            dir,
            Format::Articles,
            Vec::new(),
            Vec::new(),
        ),
    }
}

fn plan(dir: &Path) -> Result<Plan, LoadError> {
    let listing = std::fs::read_dir(dir).map_err(|source| LoadError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut names: Vec<String> = listing
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut warnings = Vec::new();
    let front = read_edition_toml(dir, &names, &mut warnings);
    let dir_name = folder_name(dir);
    let dir_date = find_date(&dir_name);

    let mut parsed: Vec<(String, ArticleName)> = Vec::new();
    for name in names.into_iter().filter(|n| is_text_name(n)) {
        match parse_article_name(&name) {
            Some(article) => parsed.push((name, article)),
            None => warnings.push(warning(
                dir.join(&name),
                None,
                "not named like an article file (YYYYMMDD-PP-NN.txt or PP-NN.txt); skipped"
                    .to_owned(),
            )),
        }
    }
    let date = dir_date.or_else(|| most_common_date(&parsed));
    let mut entries: Vec<Entry> = Vec::with_capacity(parsed.len());
    for (file_name, article) in parsed {
        if let (Some(own), Some(date)) = (&article.date, &date)
            && own != date
        {
            warnings.push(warning(
                dir.join(&file_name),
                None,
                format!(
                    "dated {own}, but the folder holds the edition of {date}; skipped (move it to a folder of its own day)"
                ),
            ));
            continue;
        }
        entries.push(Entry {
            path: dir.join(&file_name),
            label: normalize_page_label(&article.page),
            order: article.order,
            file_name,
        });
    }
    entries.sort_by(|a, b| {
        recognize::label_order(&a.label)
            .cmp(&recognize::label_order(&b.label))
            .then(a.order.cmp(&b.order))
            .then_with(|| a.file_name.cmp(&b.file_name))
    });
    check_sequence(&entries, &mut warnings);
    let mut names = edition_names(dir, &dir_name, date);
    if front.paper.is_none() {
        if let Some(paper) = paper_from_above(dir, &mut warnings) {
            if let Some(date) = &names.date {
                names.id = slug(&format!("{paper}-{date}"));
            }
            names.paper = Some(paper);
        } else if names.paper.is_none() {
            names.paper = Some(UNKNOWN_PAPER.to_owned());
            warnings.push(warning(
                dir.to_owned(),
                None,
                format!(
                    "no paper is named for this folder ('{dir_name}' and the folders above it are dates); shown as {UNKNOWN_PAPER}: put `paper = \"…\"` in a kanbao.toml at the archive's root, or in an edition.toml here"
                ),
            ));
        }
    }
    Ok(Plan {
        names,
        front,
        entries,
        warnings,
    })
}

/// The folder's own name; `.` and `..` are resolved so `kanbao .` inside a day folder still
/// finds its date.
fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            dir.canonicalize()
                .ok()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default()
}

/// `edition.toml` next to the articles, when there is one; a broken one is reported and ignored.
fn read_edition_toml(dir: &Path, names: &[String], warnings: &mut Vec<Diagnostic>) -> FrontMatter {
    if !names.iter().any(|n| n == "edition.toml") {
        return FrontMatter::default();
    }
    let path = dir.join("edition.toml");
    let bytes = match read_regular(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            warnings.push(err.to_diagnostic());
            return FrontMatter::default();
        }
    };
    let text = decode_text(&bytes, &path, warnings);
    frontmatter::parse(&text).unwrap_or_else(|err| {
        warnings.push(Diagnostic {
            severity: Severity::Error,
            path,
            line: Some(err.line),
            message: format!(
                "column {}: {}; fix edition.toml (the articles still load)",
                err.col, err.message
            ),
        });
        FrontMatter::default()
    })
}

/// The date most files carry (the earliest on a tie), for a folder whose name has none.
fn most_common_date(parsed: &[(String, ArticleName)]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for date in parsed.iter().filter_map(|(_, a)| a.date.as_deref()) {
        *counts.entry(date).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|&(_, n)| n == best)
        .map(|(date, _)| date.to_owned())
}

/// Warns about duplicate article numbers and gaps in a page's sequence. `entries` are sorted.
fn check_sequence(entries: &[Entry], warnings: &mut Vec<Diagnostic>) {
    let mut prev: Option<&Entry> = None;
    for entry in entries {
        let expected = match prev {
            Some(p) if p.label == entry.label => p.order + 1,
            _ => 1,
        };
        if let Some(p) = prev.filter(|p| p.label == entry.label && p.order == entry.order) {
            warnings.push(warning(
                entry.path.clone(),
                None,
                format!(
                    "page {}, article {} is also in '{}'; both are kept, in file-name order",
                    entry.label, entry.order, p.file_name
                ),
            ));
        } else if entry.order > expected {
            let missing = if entry.order - expected == 1 {
                format!("article {expected} is")
            } else {
                format!("articles {expected}–{} are", entry.order - 1)
            };
            let after = prev
                .filter(|p| p.label == entry.label)
                .map_or_else(String::new, |p| format!(" after '{}'", p.file_name));
            warnings.push(warning(
                entry.path.clone(),
                None,
                format!(
                    "page {}: {missing} missing{after}; the download may have failed",
                    entry.label
                ),
            ));
        }
        prev = Some(entry);
    }
}

/// Paper, date and id from the folder's names. The paper is the name before the date in the
/// folder's own name (`rmrb-20200115/`), else the folder above (`rmrb/20200115/`), else, in the
/// crawler layout that files days under months (`rmrb/2020年1月/20200115/`, `rmrb/202001/…`),
/// the folder above the month. A folder named by a year, a month or a date never names a paper;
/// then the paper is `None` here and [`UNKNOWN_PAPER`] once loaded, with a warning.
fn edition_names(dir: &Path, dir_name: &str, date: Option<String>) -> Names {
    let own_prefix = recognize::split_date(dir_name)
        .map(|(_, rest)| rest)
        .filter(|p| !p.is_empty() && !is_date_like(p))
        .map(str::to_owned);
    let ancestors = ancestor_names(dir, 2);
    let paper_from = |name: &String| {
        !name.starts_with('.') && !is_date_like(name) && name.chars().any(char::is_alphabetic)
    };
    let parent = match ancestors.as_slice() {
        [parent, ..] if paper_from(parent) => Some(parent.clone()),
        [month, above, ..] if is_month_folder(month) && paper_from(above) => Some(above.clone()),
        _ => None,
    };
    let paper = own_prefix.or(parent).map(|p| sanitize(&p).into_owned());
    let id = match (&paper, &date) {
        (Some(paper), Some(date)) => slug(&format!("{paper}-{date}")),
        (None, Some(date)) => date.clone(),
        (_, None) => slug(dir_name),
    };
    Names { id, paper, date }
}

/// The paper of a crawler folder that nothing names: the folder, its parents and any
/// `kanbao.toml` or `edition.toml` above it are silent.
pub const UNKNOWN_PAPER: &str = "未知报纸";

/// How many folders above a day folder are looked at for a `kanbao.toml` or `edition.toml` that
/// names the paper (`rmrb/2020年1月/20200115/`: the archive's root is two above).
const PAPER_FILE_LEVELS: usize = 3;

/// The names of the `n` folders above `dir`, nearest first (`.` and `..` resolved).
fn ancestor_names(dir: &Path, n: usize) -> Vec<String> {
    let resolved;
    let dir = if dir.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
        dir
    } else {
        resolved = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
        &resolved
    };
    dir.ancestors()
        .skip(1)
        .take(n)
        .map(folder_name)
        .filter(|n| !n.is_empty())
        .collect()
}

/// A year, a month or a date as a folder name: `2020`, `2020年1月`, `202001`, `2020-01`,
/// `2020.01.15`, `1月`: digits and date separators only, or a date [`find_date`] reads.
fn is_date_like(name: &str) -> bool {
    let name = name.trim();
    find_date(name).is_some()
        || (name.chars().any(|c| c.is_ascii_digit())
            && name
                .chars()
                .all(|c| c.is_ascii_digit() || "年月日号-_./ ".contains(c)))
}

/// A month folder of a crawler archive: `2020年1月`, `2020年01月`, `202001`, `2020-01`.
fn is_month_folder(name: &str) -> bool {
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    is_date_like(name) && (5..=6).contains(&digits.len()) && find_date(name).is_none()
}

/// The paper named by a `kanbao.toml` or `edition.toml` in one of the [`PAPER_FILE_LEVELS`]
/// folders above `dir` (nearest first): one file at an archive's root names every day below it.
fn paper_from_above(dir: &Path, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let resolved = dir.canonicalize().ok()?;
    for folder in resolved.ancestors().skip(1).take(PAPER_FILE_LEVELS) {
        for name in ["kanbao.toml", "edition.toml"] {
            let path = folder.join(name);
            if !path.is_file() {
                continue;
            }
            let bytes = match read_regular(&path) {
                Ok(bytes) => bytes,
                Err(err) => {
                    warnings.push(err.to_diagnostic());
                    continue;
                }
            };
            let text = decode_text(&bytes, &path, warnings);
            match frontmatter::parse(&text) {
                Ok(front) if front.paper.is_some() => return front.paper,
                Ok(_) => {}
                Err(err) => warnings.push(Diagnostic {
                    severity: Severity::Error,
                    path,
                    line: Some(err.line),
                    message: format!(
                        "column {}: {}; fix it to name the paper of the editions below it",
                        err.col, err.message
                    ),
                }),
            }
        }
    }
    None
}

fn warning(path: PathBuf, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        path,
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_names() {
        let some = |date: Option<&str>, page: &str, order| {
            Some(ArticleName {
                date: date.map(str::to_owned),
                page: page.to_owned(),
                order,
            })
        };
        let cases = [
            ("20260821-01-01.txt", some(Some("2026-08-21"), "01", 1)),
            ("20260821-12-03.TXT", some(Some("2026-08-21"), "12", 3)),
            ("20260821_02_10.txt", some(Some("2026-08-21"), "02", 10)),
            ("01-02.txt", some(None, "01", 2)),
            ("B02-1.txt", some(None, "B02", 1)),
            ("20261321-01-01.txt", None),
            ("2026082-01-01.txt", None),
            ("01-要闻.md", None),
            ("01-要闻.txt", None),
            ("01-02.md", None),
            ("xuchang-daily-2023-02-28.md", None),
            ("2023-02-28.txt", None),
            ("AB1-01.txt", None),
            ("0001-01.txt", None),
            ("01-0001.txt", None),
            ("README.txt", None),
            ("中.txt", None),
            ("txt", None),
        ];
        for (name, want) in cases {
            assert_eq!(parse_article_name(name), want, "{name}");
        }
    }

    #[test]
    fn which_folders_are_article_folders() {
        let cases: [(&str, &[&str], bool); 9] = [
            (
                "rmrb/20260821",
                &["20260821-01-01.txt", "20260821-01-02.txt"],
                true,
            ),
            ("any", &["20260821-01-01.txt"], true),
            ("2026-08-21", &["01-01.txt", "01-02.txt", "02-01.txt"], true),
            // Without a dated folder, PP-NN.txt says nothing about the edition.
            ("misc", &["01-01.txt", "01-02.txt"], false),
            (
                "edition",
                &["edition.toml", "01-要闻.md", "02-地方.md"],
                false,
            ),
            (
                "library",
                &["xuchang-daily-2023-02-28.md", "xuchang-daily-2023-03-01.md"],
                false,
            ),
            (
                "20260821",
                &[
                    "20260821-01-01.txt",
                    "20260821-01-02.txt",
                    "20260821-02-01.txt",
                    "20260821-02-02.txt",
                    "README.txt",
                ],
                true,
            ),
            (
                "20260821",
                &["20260821-01-01.txt", "notes.txt", "todo.md"],
                false,
            ),
            ("20260821", &[".hidden.txt", "image.jpg"], false),
        ];
        for (dir, names, want) in cases {
            assert_eq!(
                is_article_folder(Path::new(dir), names),
                want,
                "{dir}: {names:?}"
            );
        }
    }
}
