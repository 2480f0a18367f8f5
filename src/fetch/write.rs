//! Edition folders on disk. A [`Draft`] (pages, articles, photos already downloaded into a
//! staging folder) becomes `<paper-slug>-YYYY-MM-DD/` with `edition.toml`, one page file per
//! 版面 in the heading dialect, `images/` and `fetch.json` (the draft itself: what a later fetch
//! needs to complete an incomplete edition, and where every photo's picture is). The folder is
//! built under a hidden temp name beside its destination and renamed into place, so a killed
//! fetch leaves no partial edition; leftovers are removed by the next fetch.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::WrittenEdition;
use crate::edition::sanitize::sanitize;

/// The draft's file in every edition folder fetch writes.
pub const DRAFT_FILE: &str = "fetch.json";

const TEMP_PREFIX: &str = ".kanbao-tmp-";
const OLD_PREFIX: &str = ".kanbao-old-";
const DRAFT_VERSION: u32 = 1;

/// An edition being fetched. Strings are sanitised when they enter (see [`clean`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct Draft {
    pub version: u32,
    /// The destination folder's name (`人民日报-2026-08-21`).
    pub folder: String,
    pub paper: String,
    /// ISO `YYYY-MM-DD`; `None` for a feed's undated items.
    pub date: Option<String>,
    /// The e-paper's first page or the feed.
    pub source_url: String,
    pub pages: Vec<DraftPage>,
    /// Articles by key (address, or feed id).
    pub articles: BTreeMap<String, DraftArticle>,
    /// Keys of articles that failed this time (listed on their pages, not in `articles`).
    pub failed: Vec<String>,
    /// Photo lines in the written page files (filled in when the folder is written).
    #[serde(default)]
    pub photos: Vec<PhotoLine>,
    /// The e-paper system the pages were read as (`founder pc/layout`); `None` for a feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// A page (版面) and its articles in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct DraftPage {
    /// Normalised label (`1`, `B2`).
    pub label: String,
    pub name: Option<String>,
    pub url: Option<String>,
    /// The article keys linked from the page, in page order.
    pub articles: Vec<String>,
    /// The page facsimile, relative to the edition folder (`images/page-01.jpg`).
    pub image: Option<String>,
    /// Where each article is on the facsimile (article key → left, top, right, bottom in the
    /// page image's pixels), from the e-paper's `<area coords>` links.
    #[serde(default)]
    pub regions: BTreeMap<String, [u32; 4]>,
    /// The page file written (`01-要闻.md`), filled in when the folder is written.
    #[serde(default)]
    pub file: Option<String>,
    /// The page's editors (`本版责编：… 版式设计：…`), printed on the page, not an article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// One article, parts sanitised and non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct DraftArticle {
    pub url: Option<String>,
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub body: Vec<DraftBlock>,
    /// Only a feed's summary: the full text could not be had.
    #[serde(default)]
    pub summary_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum DraftBlock {
    Paragraph {
        text: String,
    },
    Subhead {
        text: String,
    },
    Photo {
        caption: Option<String>,
        credit: Option<String>,
        /// The picture relative to the edition folder (`images/p01-a03-1.jpg`), when it was
        /// downloaded.
        image: Option<String>,
        /// Where the picture was published.
        url: Option<String>,
    },
}

/// Where a photo's lines are in a written page file, so a loader can attach the picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PhotoLine {
    /// The page file (`01-要闻.md`).
    pub file: String,
    /// 1-based line of the photo's first written line (the caption, else the credit); `None`
    /// when the photo has no text and no line was written.
    pub line: Option<usize>,
    pub image: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub url: Option<String>,
}

/// A sanitised, whitespace-collapsed string; `None` when nothing is left.
pub(crate) fn clean(text: &str) -> Option<String> {
    let text = sanitize(text);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

impl Draft {
    /// The keys that failed, as a set (looked up once per article).
    pub fn failed_keys(&self) -> std::collections::HashSet<&str> {
        self.failed.iter().map(String::as_str).collect()
    }

    pub fn new(folder: String, paper: String, date: Option<String>, source_url: String) -> Draft {
        Draft {
            version: DRAFT_VERSION,
            folder,
            paper,
            date,
            source_url,
            ..Draft::default()
        }
    }

    /// The draft of an incomplete edition on disk, to complete it; `None` when there is none.
    pub fn read_previous(dest: &Path) -> Option<Draft> {
        // Regular files only, within the size cap: a FIFO here must not hang the fetch.
        let bytes = crate::edition::read::read_regular(&dest.join(DRAFT_FILE)).ok()?;
        serde_json::from_slice::<Draft>(&bytes)
            .ok()
            .filter(|d| d.version == DRAFT_VERSION)
    }

    pub fn photo_count(&self) -> usize {
        self.articles
            .values()
            .flat_map(|a| &a.body)
            .filter(|b| matches!(b, DraftBlock::Photo { .. }))
            .count()
    }
}

/// What an edition folder on disk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnDisk {
    Missing,
    Complete,
    Incomplete,
}

/// Whether `dest` holds an edition, and whether it is complete. First puts back an edition a
/// killed replace left aside, and removes temp folders a killed fetch left.
pub(crate) fn on_disk(dest: &Path) -> OnDisk {
    recover(dest);
    let Some(text) = crate::edition::read::read_regular(&dest.join("edition.toml"))
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
    else {
        return OnDisk::Missing;
    };
    let incomplete = toml::from_str::<toml::Table>(&text)
        .ok()
        .and_then(|t| t.get("incomplete").and_then(toml::Value::as_bool))
        .unwrap_or(false);
    if incomplete {
        OnDisk::Incomplete
    } else {
        OnDisk::Complete
    }
}

fn recover(dest: &Path) {
    let (Some(parent), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                [TEMP_PREFIX, OLD_PREFIX].iter().any(|prefix| {
                    n.strip_prefix(prefix)
                        .and_then(|rest| rest.strip_prefix(name.as_ref()))
                        .is_some_and(|rest| rest.starts_with('.'))
                })
            })
        })
        .collect();
    leftovers.sort();
    for path in leftovers {
        let is_old = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(OLD_PREFIX));
        // Best effort: a leftover that cannot be moved or removed does no harm to the library
        // (hidden folders are skipped).
        if is_old && !dest.exists() {
            let _ = std::fs::rename(&path, dest);
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// A hidden staging folder beside `dest`, removed when dropped unless written into place.
pub(crate) fn staging(dest: &Path) -> std::io::Result<tempfile::TempDir> {
    let parent = dest.parent().unwrap_or_else(|| Path::new("."));
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{name}."))
        .tempdir_in(parent)?;
    std::fs::create_dir(dir.path().join("images"))?;
    Ok(dir)
}

/// Copies the pictures of an incomplete edition into the staging folder (hard links when the
/// file system allows), so completing it downloads only what is missing.
pub(crate) fn carry_images(old: &Path, staging: &Path) {
    let Ok(entries) = std::fs::read_dir(old.join("images")) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        // Only pictures kanbao could have written: a symbolic link planted among them would
        // carry over as a link, and the download that completes the edition would be written
        // through it into its target.
        if !std::fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let to = staging.join("images").join(entry.file_name());
        // Best effort: a picture that cannot be carried over is downloaded again.
        if std::fs::hard_link(entry.path(), &to).is_err() {
            let _ = std::fs::copy(entry.path(), &to);
        }
    }
}

/// Writes `bytes` to `path` (in a staging folder kanbao made) and flushes it to disk. Whatever
/// stands at `path` and is not a regular file (a link, a FIFO) is removed first, never written
/// through or waited on.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        std::fs::remove_file(path)?;
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// What `edition.toml` says about one page file.
pub(crate) struct PageEntry {
    file: String,
    label: String,
    name: Option<String>,
    image: Option<String>,
    credit: Option<String>,
    /// One an article of the file, in order.
    regions: Vec<Option<[u32; 4]>>,
}

/// Writes the draft's text files into `staging` and renames it to `dest` (replacing an
/// incomplete edition there).
pub(crate) fn write_edition(
    mut draft: Draft,
    staging: tempfile::TempDir,
    dest: &Path,
) -> std::io::Result<WrittenEdition> {
    let mut files = Vec::with_capacity(draft.pages.len());
    let mut photos = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    let width = draft.pages.len().to_string().len().max(2);
    for (idx, page) in draft.pages.iter_mut().enumerate() {
        // A page whose articles all failed (or were left out) gets no file until they come.
        if !page.articles.iter().any(|k| draft.articles.contains_key(k)) {
            continue;
        }
        let file = page_file_name(page, idx, width, &mut used_names);
        let text = render_page(page, &draft.articles, &file, &mut photos);
        write_synced(&staging.path().join(&file), text.as_bytes())?;
        page.file = Some(file.clone());
        files.push(PageEntry {
            file,
            label: page.label.clone(),
            name: page.name.clone(),
            image: page.image.clone(),
            credit: page.credit.clone(),
            // In the order the page file holds its articles.
            regions: page
                .articles
                .iter()
                .filter(|k| draft.articles.contains_key(*k))
                .map(|k| page.regions.get(k).copied())
                .collect(),
        });
    }
    draft.photos = photos;
    let complete = draft.failed.is_empty();
    write_synced(
        &staging.path().join("edition.toml"),
        edition_toml(&draft, &files, complete).as_bytes(),
    )?;
    let json = serde_json::to_vec_pretty(&draft).map_err(std::io::Error::other)?;
    write_synced(&staging.path().join(DRAFT_FILE), &json)?;
    sync_dir(staging.path())?;
    let bytes = folder_bytes(staging.path());
    let staged = staging.keep();
    if let Err(err) = replace(&staged, dest) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(err);
    }
    Ok(WrittenEdition {
        path: dest.to_owned(),
        date: draft.date.clone(),
        pages: files.len(),
        articles: draft.articles.len(),
        photos: draft.photo_count(),
        bytes,
        complete,
    })
}

/// Renames `staged` to `dest`. An existing `dest` is first renamed aside (`.kanbao-old-…`) and
/// removed afterwards; a crash between the two renames is undone by the next fetch.
fn replace(staged: &Path, dest: &Path) -> std::io::Result<()> {
    let parent = dest.parent().unwrap_or_else(|| Path::new("."));
    if dest.exists() {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let aside = parent.join(format!("{OLD_PREFIX}{name}.{}", std::process::id()));
        std::fs::rename(dest, &aside)?;
        if let Err(err) = std::fs::rename(staged, dest) {
            let _ = std::fs::rename(&aside, dest);
            return Err(err);
        }
        // Best effort: a leftover is removed by the next fetch.
        let _ = std::fs::remove_dir_all(&aside);
    } else {
        std::fs::rename(staged, dest)?;
    }
    sync_dir(parent)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn folder_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(entry.path()),
                Ok(_) => total += entry.metadata().map_or(0, |m| m.len()),
                Err(_) => {}
            }
        }
    }
    total
}

/// `01-要闻.md`: the label (numbers zero-padded so file-name order is page order) and the name,
/// with nothing a file system or the loader's `label-name` split could trip on.
fn page_file_name(
    page: &DraftPage,
    idx: usize,
    width: usize,
    used: &mut std::collections::HashSet<String>,
) -> String {
    let label = match page.label.parse::<u32>() {
        Ok(n) => format!("{n:0width$}"),
        Err(_) => safe_name(&page.label),
    };
    let label = if label.is_empty() {
        format!("{:0width$}", idx + 1)
    } else {
        label
    };
    let base = match page.name.as_deref().map(safe_name) {
        Some(name) if !name.is_empty() => format!("{label}-{name}"),
        _ => label,
    };
    let mut file = format!("{base}.md");
    let mut n = 2;
    while !used.insert(file.clone()) {
        file = format!("{base}-{n}.md");
        n += 1;
    }
    file
}

/// Letters and digits kept, runs of anything else one `_`, at most 40 characters.
fn safe_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').chars().take(40).collect()
}

fn edition_toml(draft: &Draft, files: &[PageEntry], complete: bool) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut out = String::from("# Written by kanbao fetch.\n");
    let _ = writeln!(out, "paper = {}", quote(&draft.paper));
    match &draft.date {
        Some(date) if date.parse::<jiff::civil::Date>().is_ok() => {
            let _ = writeln!(out, "date = {date}");
        }
        Some(date) => {
            let _ = writeln!(out, "date = {}", quote(date));
        }
        None => {}
    }
    let _ = writeln!(out, "source_url = {}", quote(&draft.source_url));
    let fetched = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ");
    let _ = writeln!(out, "fetched_at = {}", quote(&fetched.to_string()));
    let _ = writeln!(out, "incomplete = {}", !complete);
    if !complete {
        let _ = writeln!(out, "missing_articles = {}", draft.failed.len());
    }
    for page in files {
        let _ = writeln!(out, "\n[pages.{}]", quote(&page.file));
        let _ = writeln!(out, "label = {}", quote(&page.label));
        if let Some(name) = &page.name {
            let _ = writeln!(out, "name = {}", quote(name));
        }
        if let Some(credit) = &page.credit {
            let _ = writeln!(out, "credit = {}", quote(credit));
        }
        if let Some(image) = &page.image {
            let _ = writeln!(out, "image = {}", quote(image));
            if page.regions.iter().any(Option::is_some) {
                let list: Vec<String> = page
                    .regions
                    .iter()
                    .map(|r| {
                        r.map_or_else(
                            || "[]".to_owned(),
                            |[a, b, c, d]| format!("[{a}, {b}, {c}, {d}]"),
                        )
                    })
                    .collect();
                let _ = writeln!(out, "regions = [{}]", list.join(", "));
            }
        }
    }
    out
}

/// A page file in the heading dialect. Each article: `### kicker`, `# headline`, `## subtitle`,
/// the byline line, then its blocks separated by blank lines (`### subhead`; a photo as
/// `![caption](images/…)` and its credit line), then `<url>`, where it was published. Photos are recorded in `photos` with their line.
fn render_page(
    page: &DraftPage,
    articles: &BTreeMap<String, DraftArticle>,
    file: &str,
    photos: &mut Vec<PhotoLine>,
) -> String {
    let mut out = String::new();
    let mut line = 1;
    let push = |out: &mut String, text: &str, line: &mut usize| {
        out.push_str(text);
        out.push_str("\n\n");
        *line += 2;
    };
    for key in &page.articles {
        let Some(article) = articles.get(key) else {
            continue;
        };
        if let Some(kicker) = &article.kicker {
            let _ = writeln!(out, "### {kicker}");
            line += 1;
        }
        let headline = article.headline.as_deref().unwrap_or("（无标题）");
        let _ = writeln!(out, "# {headline}");
        line += 1;
        if let Some(subtitle) = &article.subtitle {
            let _ = writeln!(out, "## {subtitle}");
            line += 1;
        }
        out.push('\n');
        line += 1;
        if let Some(byline) = &article.byline {
            push(&mut out, &plain(byline), &mut line);
        }
        for block in &article.body {
            match block {
                DraftBlock::Paragraph { text } => push(&mut out, &plain(text), &mut line),
                DraftBlock::Subhead { text } => {
                    push(&mut out, &format!("### {text}"), &mut line);
                }
                DraftBlock::Photo {
                    caption,
                    credit,
                    image,
                    url,
                } => {
                    // `![caption](images/…)` then the credit line: the dialect's photo with
                    // its picture. Without a picture, the caption paragraph and the credit
                    // line; a credit alone would take the paragraph before it as its caption,
                    // so it is not written then (it is in fetch.json).
                    // A picture report's caption of several paragraphs with its credit:
                    // `![](…)`, each paragraph, then the credit, which the loader reads back as
                    // one photo. Stacked credits are one line each.
                    let picture = image.as_deref().or(url.as_deref());
                    let first = (picture.is_some() || caption.is_some()).then_some(line);
                    let report = picture.is_some()
                        && credit.is_some()
                        && caption.as_deref().is_some_and(|c| c.contains('\n'));
                    let one_line = |text: &str| plain(&text.replace('\n', " "));
                    if report {
                        let picture = picture.unwrap_or_default();
                        push(&mut out, &format!("![]({picture})"), &mut line);
                        for paragraph in caption.iter().flat_map(|c| c.split('\n')) {
                            push(&mut out, &plain(paragraph), &mut line);
                        }
                    } else if let Some(picture) = picture {
                        let caption = caption.as_deref().map(one_line).unwrap_or_default();
                        push(&mut out, &format!("![{caption}]({picture})"), &mut line);
                    } else if let Some(caption) = caption {
                        push(&mut out, &one_line(caption), &mut line);
                    }
                    if picture.is_some() || caption.is_some() {
                        for credit in credit.iter().flat_map(|c| c.split('\n')) {
                            push(&mut out, &plain(credit), &mut line);
                        }
                    }
                    photos.push(PhotoLine {
                        file: file.to_owned(),
                        line: first,
                        image: image.clone(),
                        caption: caption.clone(),
                        credit: credit.clone(),
                        url: url.clone(),
                    });
                }
            }
        }
        if let Some(url) = &article.url
            && !url.contains(char::is_whitespace)
            && !url.contains(['<', '>'])
        {
            push(&mut out, &format!("<{url}>"), &mut line);
        }
    }
    out
}

/// A paragraph line the loader cannot mistake for markup: a heading (`#`), a front matter
/// fence (`+++`), a photo (`![…](…)`) or a link line (`<https://…>`). The first character of
/// such a line is set in its full-width form, which reads the same; fetched text can never
/// become a photo of `/etc/passwd` or a page break.
fn plain(text: &str) -> String {
    if let Some(rest) = text.strip_prefix('#') {
        format!("＃{rest}")
    } else if text.starts_with("+++") {
        format!("＋{}", &text[1..])
    } else if let Some(rest) = text.strip_prefix("![") {
        format!("！[{rest}")
    } else if text.starts_with('<') && text.ends_with('>') {
        format!("＜{}", &text[1..])
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_planted_link_among_the_pictures_is_never_written_through() {
        let root = tempfile::tempdir().expect("a temp dir");
        let target = root.path().join("precious.txt");
        std::fs::write(&target, "keep me").expect("written");
        let old = root.path().join("old");
        std::fs::create_dir_all(old.join("images")).expect("made");
        std::os::unix::fs::symlink(&target, old.join("images/page-02.png")).expect("linked");
        std::fs::write(old.join("images/page-01.png"), b"png").expect("written");
        let staging = root.path().join("staging");
        std::fs::create_dir_all(staging.join("images")).expect("made");
        carry_images(&old, &staging);
        let carried = staging.join("images/page-02.png");
        assert!(
            std::fs::symlink_metadata(&carried).is_err(),
            "the link is not carried"
        );
        assert!(staging.join("images/page-01.png").is_file(), "a picture is");
        // Even a link that stands in the staging folder is replaced, not written through.
        std::os::unix::fs::symlink(&target, &carried).expect("linked");
        write_synced(&carried, b"downloaded").expect("written");
        assert_eq!(std::fs::read_to_string(&target).expect("kept"), "keep me");
        assert_eq!(std::fs::read(&carried).expect("read"), b"downloaded");
    }

    #[test]
    fn fetched_text_never_reads_back_as_markup() {
        let hostile = [
            "![x](/etc/passwd)",
            "![](../../secret.jpg)",
            "<https://evil.example/>",
            "# not a heading",
            "+++",
        ];
        // Repair off: these lines end unpunctuated, and a tiny edition of them looks damaged.
        let mut text = String::from("+++\nrepair = \"off\"\n+++\n\n# 标题\n\n");
        for line in hostile {
            text.push_str(&plain(line));
            text.push_str("\n\n");
        }
        let edition = crate::formats::load_bytes(text.as_bytes(), std::path::Path::new("x.md"));
        let items: Vec<&crate::edition::Item> =
            edition.pages.iter().flat_map(|p| &p.items).collect();
        assert_eq!(items.len(), 1, "{items:#?}");
        let item = items[0];
        assert!(item.photos().is_empty(), "no photo: {item:#?}");
        assert_eq!(item.link, None);
        assert_eq!(item.paragraphs().count(), hostile.len(), "{item:#?}");
    }

    #[test]
    fn page_file_names_sort_in_page_order_and_stay_safe() {
        let mut used = std::collections::HashSet::new();
        let page = |label: &str, name: Option<&str>| DraftPage {
            label: label.into(),
            name: name.map(Into::into),
            ..DraftPage::default()
        };
        assert_eq!(
            page_file_name(&page("1", Some("要闻")), 0, 2, &mut used),
            "01-要闻.md"
        );
        assert_eq!(page_file_name(&page("12", None), 1, 2, &mut used), "12.md");
        assert_eq!(
            page_file_name(&page("B2", Some("../Metro/ sport")), 2, 2, &mut used),
            "B2-Metro_sport.md"
        );
        assert_eq!(
            page_file_name(&page("1", Some("要闻")), 3, 2, &mut used),
            "01-要闻-2.md"
        );
    }

    #[test]
    fn lines_that_look_like_markup_stay_paragraphs() {
        assert_eq!(plain("# 不是标题"), "＃ 不是标题");
        assert_eq!(plain("+++"), "＋++");
        assert_eq!(plain("平常的段落"), "平常的段落");
    }

    #[test]
    fn a_credit_without_a_caption_or_a_picture_is_not_written() {
        let mut articles = BTreeMap::new();
        articles.insert(
            "a".to_owned(),
            DraftArticle {
                headline: Some("标题".into()),
                body: vec![
                    DraftBlock::Paragraph {
                        text: "第一段。".into(),
                    },
                    DraftBlock::Photo {
                        caption: None,
                        credit: Some("本报记者 李青 摄".into()),
                        image: None,
                        url: None,
                    },
                    DraftBlock::Photo {
                        caption: None,
                        credit: Some("新华社发".into()),
                        image: Some("images/x.jpg".into()),
                        url: None,
                    },
                ],
                ..DraftArticle::default()
            },
        );
        let page = DraftPage {
            label: "1".into(),
            articles: vec!["a".into()],
            ..DraftPage::default()
        };
        let mut photos = Vec::new();
        let text = render_page(&page, &articles, "01.md", &mut photos);
        assert!(!text.contains('摄'), "{text}");
        assert_eq!(photos[0].line, None);
        assert!(text.contains("![](images/x.jpg)\n\n新华社发\n"), "{text}");
        assert_eq!(photos[1].image.as_deref(), Some("images/x.jpg"));
    }

    /// Photos as the fetch writes them load back as they were: a picture report's caption
    /// paragraphs, stacked credits, a caption with its credit.
    #[test]
    fn photos_load_back_as_written() {
        let photos = [
            (
                Some("9月15日，南岭村的稻田迎来丰收。\n图为村民在田间收割稻谷。"),
                Some("程兆摄（人民视觉）"),
                "images/r.jpg",
            ),
            (
                Some("前八月青禾外贸进出口情况。"),
                Some("制图：潘晓\n版式设计：蒋文"),
                "images/c.jpg",
            ),
            (
                Some("工人在大桥上作业。"),
                Some("本报记者 欧阳晓 摄"),
                "images/b.jpg",
            ),
            (Some("雪后的古城。"), None, "images/s.jpg"),
        ];
        let mut body = vec![DraftBlock::Paragraph {
            text: "第一段。".into(),
        }];
        for (caption, credit, image) in photos {
            body.push(DraftBlock::Photo {
                caption: caption.map(Into::into),
                credit: credit.map(Into::into),
                image: Some(image.into()),
                url: None,
            });
            body.push(DraftBlock::Paragraph {
                text: "又一段。".into(),
            });
        }
        let mut articles = BTreeMap::new();
        articles.insert(
            "a".to_owned(),
            DraftArticle {
                headline: Some("秋收时节".into()),
                body,
                ..DraftArticle::default()
            },
        );
        let draft = Draft {
            version: 1,
            folder: "青禾日报-2026-09-16".into(),
            paper: "青禾日报".into(),
            date: Some("2026-09-16".into()),
            source_url: "https://paper.example/".into(),
            pages: vec![DraftPage {
                label: "1".into(),
                articles: vec!["a".into()],
                ..DraftPage::default()
            }],
            articles,
            failed: Vec::new(),
            photos: Vec::new(),
            template: None,
        };
        let root = tempfile::tempdir().expect("a temp dir");
        let dest = root.path().join("青禾日报-2026-09-16");
        let staging = tempfile::tempdir_in(root.path()).expect("staging");
        write_edition(draft.clone(), staging, &dest).expect("written");
        let edition = crate::formats::dialect::load_folder(&dest).expect("it loads");
        let item = &edition.pages[0].items[0];
        let loaded: Vec<_> = item
            .photos()
            .into_iter()
            .map(|p| (p.caption, p.credit, p.image))
            .collect();
        let want: Vec<_> = photos
            .iter()
            .map(|&(caption, credit, image)| {
                (
                    caption.map(str::to_owned),
                    credit.map(str::to_owned),
                    Some(image.to_owned()),
                )
            })
            .collect();
        assert_eq!(loaded, want);
        assert_eq!(item.paragraphs().count(), 5, "{:?}", item.body);
    }

    #[test]
    fn a_page_picture_and_its_areas_are_written_and_read_back() {
        let mut articles = BTreeMap::new();
        for (key, headline) in [("a", "第一篇"), ("b", "第二篇"), ("c", "第三篇")] {
            articles.insert(
                key.to_owned(),
                DraftArticle {
                    headline: Some(headline.into()),
                    body: vec![DraftBlock::Paragraph {
                        text: "正文。".into(),
                    }],
                    ..DraftArticle::default()
                },
            );
        }
        // "gone" failed: it has an area but no text, so it is not counted among the areas.
        let page = DraftPage {
            label: "1".into(),
            name: Some("要闻".into()),
            articles: vec!["a".into(), "gone".into(), "b".into(), "c".into()],
            image: Some("images/page-01.jpg".into()),
            regions: [
                ("a".to_owned(), [0, 0, 100, 50]),
                ("gone".to_owned(), [0, 50, 100, 60]),
                ("c".to_owned(), [0, 60, 100, 90]),
            ]
            .into_iter()
            .collect(),
            ..DraftPage::default()
        };
        let draft = Draft {
            version: 1,
            folder: "许昌日报-2023-03-01".into(),
            paper: "许昌日报".into(),
            date: Some("2023-03-01".into()),
            source_url: "https://paper.example/".into(),
            pages: vec![page],
            articles,
            failed: vec!["gone".into()],
            photos: Vec::new(),
            template: None,
        };
        let root = tempfile::tempdir().expect("a temp dir");
        let dest = root.path().join("许昌日报-2023-03-01");
        let staging = tempfile::tempdir_in(root.path()).expect("staging");
        write_edition(draft.clone(), staging, &dest).expect("written");
        let toml = std::fs::read_to_string(dest.join("edition.toml")).expect("edition.toml");
        assert!(toml.contains("image = \"images/page-01.jpg\""), "{toml}");
        assert!(
            toml.contains("regions = [[0, 0, 100, 50], [], [0, 60, 100, 90]]"),
            "{toml}"
        );
        let edition = crate::formats::dialect::load_folder(&dest).expect("it loads");
        let facsimile = edition.facsimiles.get("1").expect("the page picture");
        let regions: Vec<_> = facsimile.regions.iter().map(|r| (r.item, r.rect)).collect();
        assert_eq!(regions, [(0, [0, 0, 100, 50]), (2, [0, 60, 100, 90])]);
    }
}
