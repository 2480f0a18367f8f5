//! Where OCR pages live on disk: names in Chronicling America's layout
//! (`sn83030214/1916-04-15/ed-1/seq-1/ocr.txt`), in chronam-text's (`dates/19161107/
//! sn86088527-ed-1_seq-1.txt`) and in flat files (`19160415-sn83030214.txt`,
//! `sn83030214-19160415-seq-3.txt`), one file as a one-page edition, and an issue folder of
//! `seq-N/ocr.txt` pages as one edition. The paper is named from its LCCN ([`lccn_title`]),
//! else from its masthead, else by the LCCN itself; never by a folder such as `dates`.

use std::path::{Path, PathBuf};

use super::masthead::masthead_title;
use super::titles::lccn_title;
use super::{LAST_PAGE, parse_ocr_page};
use crate::edition::assemble::{Names, assemble, names_from_path, slug};
use crate::edition::frontmatter::FrontMatter;
use crate::edition::model::{Diagnostic, Edition, Format, Page, Severity};
use crate::edition::read::{LoadError, decode_with_warnings, read_regular};
use crate::edition::recognize::find_date;

/// The file name Chronicling America gives a page's OCR text.
const OCR_FILE: &str = "ocr.txt";

/// Paper, date, edition id and page label from an OCR page's path, or `None` when the path is in
/// neither OCR layout.
///
/// - `…/sn83030214/1916-04-15/ed-1/seq-1/ocr.txt`: the LCCN `sn83030214` (absent when the
///   folder above the date is not one), date 1916-04-15, page `1`, id `sn83030214-1916-04-15`,
///   with `-ed-2` added for a second edition of the day.
/// - `19160415-sn83030214.txt`, `sn83030214-19160415-seq-3.txt`, `sn83030214_1916-04-15_ed-2.txt`:
///   the same parts in any order, separated by `-` or `_`; the page is `seq-N` (else `1`). Both
///   an LCCN and a date are required.
/// - `dates/19161107/sn86088527-ed-1_seq-1.txt` (chronam-text): the LCCN, edition and page in
///   the name, the date from the folder above it.
///
/// The paper is the LCCN's title when [`lccn_title`] knows it, else the LCCN.
pub fn ocr_names(path: &Path) -> Option<(Names, String)> {
    let file = component(path)?;
    if file.eq_ignore_ascii_case(OCR_FILE) {
        let seq_dir = path.parent()?;
        let page = seq_number(&component(seq_dir)?)?;
        let names = issue_names(seq_dir.parent()?)?;
        return Some((names, page.to_string()));
    }
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let folder_date = || path.parent().and_then(component).and_then(|d| iso_date(&d));
    flat_names(&stem, folder_date)
}

/// The last component of `path` as text.
fn component(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Names of an issue folder: an `ed-N` folder inside a date folder, or a date folder itself; the
/// folder above the date is the LCCN when it looks like one.
fn issue_names(dir: &Path) -> Option<Names> {
    let name = component(dir)?;
    let (edition, date_dir) = match edition_number(&name) {
        Some(n) => (n, dir.parent()?),
        None => (1, dir),
    };
    let date = iso_date(&component(date_dir)?)?;
    let lccn = date_dir.parent().and_then(component).filter(|p| is_lccn(p));
    Some(names(lccn, date, edition))
}

fn names(lccn: Option<String>, date: String, edition: u32) -> Names {
    let base = match &lccn {
        Some(lccn) => format!("{lccn}-{date}"),
        None => date.clone(),
    };
    let id = if edition > 1 {
        slug(&format!("{base}-ed-{edition}"))
    } else {
        slug(&base)
    };
    let paper = lccn.map(|lccn| lccn_title(&lccn).map_or(lccn, str::to_owned));
    Names {
        id,
        paper,
        date: Some(date),
    }
}

/// `19160415-sn83030214`, `sn83030214-19160415-seq-3`, `sn83030214_1916-04-15_ed-2_seq-4`;
/// `sn86088527-ed-1_seq-1` takes its date from `folder_date` (chronam-text's `dates/19161107/`).
fn flat_names(stem: &str, folder_date: impl FnOnce() -> Option<String>) -> Option<(Names, String)> {
    let tokens: Vec<&str> = stem.split(['-', '_']).filter(|t| !t.is_empty()).collect();
    let (mut lccn, mut date, mut page, mut edition) = (None, None, None, 1);
    let mut idx = 0;
    while idx < tokens.len() {
        let token = tokens[idx];
        let next = tokens.get(idx + 1).copied();
        if let Some(d) = iso_date(token) {
            date = Some(d);
        } else if let (Some(month), Some(day)) = (next, tokens.get(idx + 2))
            && token.len() == 4
            && let Some(d) = iso_date(&format!("{token}-{month}-{day}"))
        {
            date = Some(d);
            idx += 2;
        } else if is_lccn(token) {
            lccn = Some(token.to_ascii_lowercase());
        } else if let Some(n) = seq_number(token).or_else(|| {
            (token.eq_ignore_ascii_case("seq"))
                .then(|| next.and_then(|n| n.parse().ok()))
                .flatten()
        }) {
            page = Some(n);
            if token.eq_ignore_ascii_case("seq") {
                idx += 1;
            }
        } else if let Some(n) = edition_number(token).or_else(|| {
            (token.eq_ignore_ascii_case("ed"))
                .then(|| next.and_then(|n| n.parse().ok()))
                .flatten()
        }) {
            edition = n;
            if token.eq_ignore_ascii_case("ed") {
                idx += 1;
            }
        }
        idx += 1;
    }
    let lccn = lccn?;
    // chronam-text names a page `LCCN-ed-N_seq-M` inside a folder named for the day.
    let date = date.or_else(|| page.and(folder_date()))?;
    let names = names(Some(lccn), date, edition);
    Some((names, page.unwrap_or(1).to_string()))
}

/// An ISO date (`1916-04-15`) or eight digits (`19160415`) naming a real day.
fn iso_date(token: &str) -> Option<String> {
    let plain = token.len() == 8 && token.bytes().all(|b| b.is_ascii_digit());
    let iso = token.len() == 10
        && token.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if plain || iso { find_date(token) } else { None }
}

/// A Library of Congress control number as Chronicling America uses them: up to three letters
/// then eight to ten digits (`sn83030214`, `2004260239`).
fn is_lccn(token: &str) -> bool {
    let letters = token.bytes().take_while(u8::is_ascii_alphabetic).count();
    let digits = &token[letters..];
    letters <= 3 && (8..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `seq-3` or `seq3` → 3.
fn seq_number(name: &str) -> Option<u32> {
    numbered(name, "seq")
}

/// `ed-2` or `ed2` → 2.
fn edition_number(name: &str) -> Option<u32> {
    numbered(name, "ed")
}

fn numbered(name: &str, word: &str) -> Option<u32> {
    let head = name.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &name[word.len()..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        .then(|| rest.parse().ok())
        .flatten()
}

/// Loads one OCR page file as a one-page edition ([`Format::Ocr`]). Paper, date, id and page
/// label come from [`ocr_names`], else from the file name the way the heading dialect reads it
/// (page `1`).
pub fn load_ocr_file(path: &Path) -> Result<Edition, LoadError> {
    let bytes = read_regular(path)?;
    let mut warnings = Vec::new();
    let text = decode_with_warnings(&bytes, path, &mut warnings);
    Ok(ocr_page_edition(&text, path, warnings))
}

/// One page of OCR text, already decoded, as a one-page edition named as [`load_ocr_file`]
/// names it; `warnings` are the decoding's.
pub fn ocr_page_edition(text: &str, path: &Path, mut warnings: Vec<Diagnostic>) -> Edition {
    let (items, diagnostics) = parse_ocr_page(text, path);
    warnings.extend(diagnostics);
    let (mut names, label) = ocr_names(path).unwrap_or_else(|| {
        let mut names = names_from_path(path, false);
        // A bare page's folder (`dates`, `downloads`) is no paper's name.
        names.paper = None;
        (names, "1".to_owned())
    });
    name_from_masthead(&mut names, &items);
    let page = Page {
        label,
        name: None,
        items,
    };
    assemble(
        names,
        &FrontMatter::default(),
        path,
        Format::Ocr,
        vec![page],
        warnings,
    )
}

/// Names the paper from its masthead (`items` are a page's, its banner first) when neither the
/// LCCN table nor the path named it.
fn name_from_masthead(names: &mut Names, items: &[crate::edition::model::Item]) {
    if names.paper.as_deref().is_none_or(is_lccn)
        && let Some(title) = masthead_title(items)
    {
        names.paper = Some(title);
    }
}

/// Bytes of a page read to find its masthead when an edition is only named, not loaded.
const MASTHEAD_HEAD_BYTES: usize = 4 * 1024;

/// The edition an OCR page file holds, named but not read (what discovery shows before the file
/// is opened): the id, paper and date [`load_ocr_file`] gives it, the masthead read from the
/// head of the file only when the LCCN table does not name the paper. `None` when the path is
/// not an OCR page's name.
pub fn ocr_file_metadata(path: &Path) -> Option<Edition> {
    let (mut names, _) = ocr_names(path)?;
    if names.paper.as_deref().is_none_or(is_lccn)
        && let Some(head) = read_head(path, MASTHEAD_HEAD_BYTES)
    {
        let (items, _) = parse_ocr_page(&head, path);
        name_from_masthead(&mut names, &items);
    }
    Some(named_only(names, path))
}

/// An OCR edition with its names and no pages: what discovery shows before a file is read.
fn named_only(names: Names, path: &Path) -> Edition {
    assemble(
        names,
        &FrontMatter::default(),
        path,
        Format::Ocr,
        Vec::new(),
        Vec::new(),
    )
}

/// The edition an OCR page file holds, from its path alone: id, date, and the paper as the
/// LCCN table names it. `None` when the path is not an OCR page's name.
pub fn ocr_names_metadata(path: &Path) -> Option<Edition> {
    let (names, _) = ocr_names(path)?;
    Some(named_only(names, path))
}

/// The first `max_bytes` of a file, decoded; `None` when it cannot be read.
fn read_head(path: &Path, max_bytes: usize) -> Option<String> {
    use std::io::Read as _;
    let mut buf = Vec::with_capacity(max_bytes);
    crate::edition::read::open_regular(path)
        .ok()?
        .take(max_bytes as u64)
        .read_to_end(&mut buf)
        .ok()?;
    Some(crate::edition::decode::decode(&buf).text.into_owned())
}

/// The `seq-N` page folders of `dir` that hold an `ocr.txt`, in page order.
fn seq_pages(dir: &Path) -> std::io::Result<Vec<(u32, PathBuf)>> {
    let mut pages: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let n = seq_number(&entry.file_name().to_string_lossy())?;
            let file = entry.path().join(OCR_FILE);
            file.is_file().then_some((n, file))
        })
        .collect();
    pages.sort_by_key(|(n, _)| *n);
    Ok(pages)
}

/// True when `dir` is one issue in Chronicling America's layout: an `ed-N` folder (or a date
/// folder) whose children include `seq-N/` folders holding `ocr.txt`. Decided from listings; no
/// page is read.
pub fn is_ocr_issue_folder(dir: &Path) -> bool {
    seq_pages(dir).is_ok_and(|pages| !pages.is_empty())
}

/// Loads an issue folder as one edition ([`Format::Ocr`]): each `seq-N/ocr.txt` is page `N`, in
/// page order; `(Continued on Last Page.)` jumps point at the last page; continuations are
/// linked across pages. A page that cannot be read is reported and skipped.
pub fn load_ocr_issue(dir: &Path) -> Result<Edition, LoadError> {
    let seqs = seq_pages(dir).map_err(|source| LoadError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut warnings = Vec::new();
    let mut pages = Vec::with_capacity(seqs.len());
    for (n, file) in seqs {
        let bytes = match read_regular(&file) {
            Ok(bytes) => bytes,
            Err(err) => {
                warnings.push(err.to_diagnostic());
                continue;
            }
        };
        let text = decode_with_warnings(&bytes, &file, &mut warnings);
        let (items, diagnostics) = parse_ocr_page(&text, &file);
        warnings.extend(diagnostics);
        pages.push(Page {
            label: n.to_string(),
            name: None,
            items,
        });
    }
    if pages.is_empty() {
        warnings.push(Diagnostic {
            severity: Severity::Warning,
            path: dir.to_owned(),
            line: None,
            message: "no page: the folder has no 'seq-N/ocr.txt' files".to_owned(),
        });
    }
    resolve_last_page(&mut pages);
    let mut names = issue_names(dir).unwrap_or_else(|| names_from_path(dir, true));
    if let Some(front) = pages.first() {
        name_from_masthead(&mut names, &front.items);
    }
    Ok(assemble(
        names,
        &FrontMatter::default(),
        dir,
        Format::Ocr,
        pages,
        warnings,
    ))
}

/// Replaces the [`LAST_PAGE`] label of jumps with the label of the issue's last page.
fn resolve_last_page(pages: &mut [Page]) {
    let Some(last) = pages.last().map(|p| p.label.clone()) else {
        return;
    };
    for item in pages.iter_mut().flat_map(|p| &mut p.items) {
        for label in [&mut item.continued_to, &mut item.continued_from]
            .into_iter()
            .flatten()
        {
            if label == LAST_PAGE {
                label.clone_from(&last);
            }
        }
    }
}

/// The edition an issue folder holds, named but not read (what discovery shows before the
/// folder is opened); the same id, paper and date as [`load_ocr_issue`] gives it.
pub fn ocr_issue_metadata(dir: &Path) -> Edition {
    let mut names = issue_names(dir).unwrap_or_else(|| names_from_path(dir, true));
    if names.paper.as_deref().is_none_or(is_lccn)
        && let Some((_, front)) = seq_pages(dir).ok().and_then(|p| p.into_iter().next())
        && let Some(head) = read_head(&front, MASTHEAD_HEAD_BYTES)
    {
        name_from_masthead(&mut names, &parse_ocr_page(&head, &front).0);
    }
    named_only(names, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected id, paper, date and page label.
    type Want = Option<(
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
    )>;

    #[test]
    fn names_from_layouts() {
        let cases: [(&str, Want); 12] = [
            (
                "x/sn83030214/1916-04-15/ed-1/seq-1/ocr.txt",
                Some((
                    "sn83030214-1916-04-15",
                    Some("New-York Tribune"),
                    "1916-04-15",
                    "1",
                )),
            ),
            (
                "sn83030214/1916-04-15/ed-2/seq-12/ocr.txt",
                Some((
                    "sn83030214-1916-04-15-ed-2",
                    Some("New-York Tribune"),
                    "1916-04-15",
                    "12",
                )),
            ),
            (
                "papers/1916-04-15/ed-1/seq-3/ocr.txt",
                Some(("1916-04-15", None, "1916-04-15", "3")),
            ),
            (
                "sn83030214/1916-04-15/seq-3/ocr.txt",
                Some((
                    "sn83030214-1916-04-15",
                    Some("New-York Tribune"),
                    "1916-04-15",
                    "3",
                )),
            ),
            (
                "19160415-sn83030214.txt",
                Some((
                    "sn83030214-1916-04-15",
                    Some("New-York Tribune"),
                    "1916-04-15",
                    "1",
                )),
            ),
            (
                "dl/sn83030214-19160415-seq-3.txt",
                Some((
                    "sn83030214-1916-04-15",
                    Some("New-York Tribune"),
                    "1916-04-15",
                    "3",
                )),
            ),
            (
                "sn83030214_1916-04-15_ed-2_seq-4.txt",
                Some((
                    "sn83030214-1916-04-15-ed-2",
                    Some("New-York Tribune"),
                    "1916-04-15",
                    "4",
                )),
            ),
            (
                "2004260239-19870129-seq-13.txt",
                Some((
                    "2004260239-1987-01-29",
                    Some("2004260239"),
                    "1987-01-29",
                    "13",
                )),
            ),
            // Not OCR layouts.
            ("xuchang-daily-2023-02-28.txt", None),
            ("sn83030214.txt", None),
            ("19161345-sn83030214.txt", None),
            ("sn83030214/1916-04-15/ed-1/page-1/ocr.txt", None),
        ];
        check_names(&cases);
    }

    /// chronam-text: `dates/YYYYMMDD/LCCN-ed-N_seq-M.txt`, the day from the folder.
    #[test]
    fn names_from_chronam_text_layout() {
        let cases: [(&str, Want); 4] = [
            (
                "chronam-text/dates/19161107/sn86088527-ed-1_seq-1.txt",
                Some((
                    "sn86088527-1916-11-07",
                    Some("Corpus Christi Caller and Daily Herald"),
                    "1916-11-07",
                    "1",
                )),
            ),
            (
                "dates/19161107/sn82014682-ed-2_seq-1.txt",
                Some((
                    "sn82014682-1916-11-07-ed-2",
                    Some("Honolulu Star-Bulletin"),
                    "1916-11-07",
                    "1",
                )),
            ),
            (
                "dates/19161107/sn99999999-ed-1_seq-3.txt",
                Some((
                    "sn99999999-1916-11-07",
                    Some("sn99999999"),
                    "1916-11-07",
                    "3",
                )),
            ),
            ("dates/notaday/sn86088527-ed-1_seq-1.txt", None),
        ];
        check_names(&cases);
    }

    fn check_names(cases: &[(&str, Want)]) {
        for &(path, want) in cases {
            let got = ocr_names(Path::new(path));
            let got = got.as_ref().map(|(n, label)| {
                (
                    n.id.as_str(),
                    n.paper.as_deref(),
                    n.date.as_deref().unwrap_or(""),
                    label.as_str(),
                )
            });
            assert_eq!(got, want, "{path}");
        }
    }

    #[test]
    fn last_page_resolves_to_the_last_label() {
        use crate::edition::model::{Item, ItemKind};
        let mut item = Item::blank(ItemKind::Article, 1);
        item.continued_to = Some(LAST_PAGE.to_owned());
        let mut pages = vec![
            Page {
                label: "1".to_owned(),
                name: None,
                items: vec![item],
            },
            Page {
                label: "8".to_owned(),
                name: None,
                items: Vec::new(),
            },
        ];
        resolve_last_page(&mut pages);
        assert_eq!(pages[0].items[0].continued_to.as_deref(), Some("8"));
    }
}
