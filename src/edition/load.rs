//! Assembles editions: one file (optionally with page blocks), or a folder with `edition.toml`
//! whose files are pages. Fills paper and date from names when front matter lacks them, assigns
//! ids and links continuations.

use std::path::{Path, PathBuf};

use super::decode::decode;
use super::frontmatter::{self, FrontMatter};
use super::link::link;
use super::model::{Diagnostic, Edition, Page, Severity};
use super::parse::{self, RawPage};
use super::recognize::{find_date, is_han, normalize_page_label, split_date};

/// Why a file or folder could not be loaded at all.
#[derive(Debug)]
pub enum LoadError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A folder, FIFO, socket or device: `what` says which ([`what_it_is`]).
    NotRegular { path: PathBuf, what: &'static str },
    /// Larger than `cap`, the cap in effect ([`max_file_bytes`]).
    TooLarge { path: PathBuf, len: u64, cap: u64 },
}

/// The most items an edition holds: a real issue has fewer than a thousand, and each item costs
/// about half a kilobyte in memory, so a file of a million one-line headlines (4 MB) stays
/// within tens of megabytes. Items past it are left out with a warning saying how many.
pub const MAX_ITEMS: usize = 50_000;

/// The most pages an edition holds (a real one has at most a few hundred); page blocks past
/// it, and the items in them, are left out with a warning.
pub const MAX_PAGES: usize = 100_000;

/// The largest file kanbao reads unless `max_file_mb` in config.toml says otherwise (64 MiB):
/// far above any real edition or feed, far below what would stall the reader or exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The cap in effect: set once at start-up from the config, read by every file opened.
static FILE_CAP_BYTES: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(MAX_FILE_BYTES);

/// Sets the largest file read from now on, for the whole process (at least one byte).
pub fn set_max_file_bytes(bytes: u64) {
    FILE_CAP_BYTES.store(bytes.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// The largest file read: [`MAX_FILE_BYTES`] unless [`set_max_file_bytes`] changed it.
pub fn max_file_bytes() -> u64 {
    FILE_CAP_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

/// What something that is not a regular file is, for messages: `a folder`, `a FIFO (named
/// pipe)`, `a socket`, `a device`.
pub fn what_it_is(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "something other than a file"
    }
}

/// `64 MiB`, `1.5 MiB`: a size in MiB to one decimal place.
fn mib(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let (whole, rest) = (bytes / MIB, bytes % MIB);
    if rest == 0 {
        format!("{whole} MiB")
    } else {
        format!("{whole}.{} MiB", rest * 10 / MIB)
    }
}

impl LoadError {
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Read { path, .. }
            | LoadError::NotRegular { path, .. }
            | LoadError::TooLarge { path, .. } => path,
        }
    }

    /// What is wrong and what to do, without the path.
    fn message(&self) -> String {
        match self {
            LoadError::Read { source, .. } => {
                format!("cannot read: {source}; check that the path exists and is readable")
            }
            LoadError::NotRegular { what, .. } => {
                format!("{what}, not a regular file; skipped (kanbao reads only regular files)")
            }
            LoadError::TooLarge { len, cap, .. } => format!(
                "{len} bytes ({}), more than the {} ({cap} bytes) kanbao reads from one file; \
                 skipped (to read it, raise max_file_mb in config.toml)",
                mib(*len),
                mib(*cap)
            ),
        }
    }

    /// The error as a diagnostic for `kanbao check` and the status line.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: self.path().to_owned(),
            line: None,
            message: self.message(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::edition::sanitize::shown(self.path());
        write!(f, "{path}: {}", self.message())
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Read { source, .. } => Some(source),
            LoadError::NotRegular { .. } | LoadError::TooLarge { .. } => None,
        }
    }
}

/// Opens a regular file for reading: a FIFO, socket or device is refused before it is opened
/// (opening a FIFO blocks) and again by the type of what was opened (a path swapped in
/// between), and a file over [`max_file_bytes`] is refused (a symlink to `/dev/zero` is a
/// device, not a file).
pub fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let not_regular = |meta: &std::fs::Metadata| LoadError::NotRegular {
        path: path.to_owned(),
        what: what_it_is(meta.file_type()),
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let cap = max_file_bytes();
    if meta.len() > cap {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            len: meta.len(),
            cap,
        });
    }
    Ok(file)
}

/// Reads a regular file whole (see [`open_regular`]); never more than [`max_file_bytes`], even
/// when the file grows while it is read.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(max_file_bytes())
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Read {
            path: path.to_owned(),
            source,
        })?;
    Ok(bytes)
}

/// Loads a single-file edition from disk.
pub fn load_file(path: &Path) -> Result<Edition, LoadError> {
    let bytes = read_regular(path)?;
    Ok(load_bytes(&bytes, path))
}

/// Loads a single-file edition from bytes; `path` names it in ids and messages. Never fails.
pub fn load_bytes(bytes: &[u8], path: &Path) -> Edition {
    let mut warnings = Vec::new();
    let text = decode_with_warnings(bytes, path, &mut warnings);
    // A text file is the heading dialect unless it reads as OCR page text.
    if crate::formats::sniff::text_format(&text, path) == super::model::Format::Ocr {
        return crate::formats::ocr::ocr_page_edition(&text, path, warnings);
    }
    let parsed = parse::parse(&text, path);
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
    finish(&mut edition);
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
    // Every page is read before any is repaired: the decision to repair is the edition's.
    let mut parsed_files = Vec::with_capacity(files.len());
    let mut evidence = super::repair::Evidence::default();
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
        let stem = super::sanitize::sanitize(&stem).into_owned();
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
        let facsimile = (over.image, over.regions);
        parsed_files.push((file, label, name, parsed, facsimile));
    }
    let repair = evidence.repairs(front.repair.unwrap_or_default());
    for (file, label, name, mut parsed, (image, regions)) in parsed_files {
        parsed.complete(repair, &file);
        edition.warnings.extend(parsed.diagnostics);
        let pages = label_pages(
            parsed.pages,
            Some(&label),
            name,
            &file,
            &mut edition.warnings,
        );
        add_facsimile(&mut edition, pages.first(), image, &regions);
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

/// `.md` and `.txt` files (case-insensitive), other than hidden ones.
pub fn is_text_file(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    !hidden && matches!(ext.as_deref(), Some("md" | "txt"))
}

/// Decodes UTF-8 (BOM, CRLF, invalid bytes as U+FFFD), recording a located warning for bad bytes.
pub fn decode_with_warnings(bytes: &[u8], path: &Path, warnings: &mut Vec<Diagnostic>) -> String {
    let decoded = decode(bytes);
    if let Some(bad) = decoded.invalid {
        warnings.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_owned(),
            line: Some(bad.line),
            message: format!(
                "invalid UTF-8 at byte offset {} ({} bad sequence(s) shown as U+FFFD); re-save the file as UTF-8",
                bad.first_byte_idx, bad.count
            ),
        });
    }
    decoded.text.into_owned()
}

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
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "edition".to_owned()
    } else {
        out.to_owned()
    }
}

fn new_edition(
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
    }
}

/// A page file's picture and its articles' areas (`edition.toml`), for the file's first page.
fn add_facsimile(
    edition: &mut Edition,
    page: Option<&Page>,
    image: Option<String>,
    regions: &[Option<[u32; 4]>],
) {
    if let (Some(image), Some(page)) = (image, page) {
        edition
            .facsimiles
            .insert(page.label.clone(), facsimile(page, image, regions));
    }
}

/// A page's picture with the n-th area given to the page's n-th article (an empty area: none).
fn facsimile(page: &Page, image: String, regions: &[Option<[u32; 4]>]) -> super::model::Facsimile {
    let articles = page
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == super::model::ItemKind::Article)
        .map(|(idx, _)| idx);
    let regions = articles
        .zip(regions)
        .filter_map(|(item, rect)| {
            Some(super::model::Region {
                item,
                rect: (*rect)?,
            })
        })
        .collect();
    super::model::Facsimile { image, regions }
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

/// Ids, continuation links and the language guess.
fn finish(edition: &mut Edition) {
    cap_items(edition);
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
        for (n, item) in page.items.iter_mut().enumerate() {
            item.id = format!("{}/{}/{}", edition.id, page.label, n + 1);
        }
    }
    let source = edition.source.clone();
    link(&mut edition.pages, &source, &mut edition.warnings);
    parse::strip_linked_markers(&mut edition.pages);
    if edition.language.is_none() {
        edition.language = guess_language(edition);
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

#[cfg(test)]
mod tests {
    use super::*;

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
