//! "Read this path as whatever it is": a text file is sniffed and handed to the OCR reader or
//! the heading dialect; a folder with `edition.toml` is the dialect's; and what a file or folder
//! is named before it is read. Sits above the readers and the sniffer; no reader imports it.

use std::path::Path;

use super::sniff::text_format;
use super::{dialect, ocr};
use crate::edition::model::{Block, Diagnostic, Severity};
use crate::edition::read::{LoadError, decode_borrowed, read_regular};
use crate::edition::repeats::Repeats;
use crate::edition::{Edition, Format};

/// A paragraph of the heading dialect longer than this (in chars) is reported by `check`: a
/// page of OCR text read as the dialect becomes one paragraph of thousands of characters.
const DIALECT_PARAGRAPH_WARN_CHARS: usize = 4000;

pub use super::dialect::load_folder;

/// Loads a single-file edition from disk.
pub fn load_file(path: &Path) -> Result<Edition, LoadError> {
    let bytes = read_regular(path)?;
    Ok(load_bytes(&bytes, path))
}

/// Loads a single-file edition from bytes; `path` names it in ids and messages. Never fails.
pub fn load_bytes(bytes: &[u8], path: &Path) -> Edition {
    load_bytes_with(bytes, path, Repeats::Mark)
}

/// [`load_bytes`], marking the stories printed twice or leaving them to the caller
/// (`repeats`). An OCR page is marked as ever: it is one page, so nothing is to mark.
pub fn load_bytes_with(bytes: &[u8], path: &Path, repeats: Repeats) -> Edition {
    let mut warnings = Vec::new();
    let text = decode_borrowed(bytes, path, &mut warnings);
    // A text file is the heading dialect unless it reads as OCR page text.
    if text_format(&text, path) == Format::Ocr {
        return ocr::ocr_page_edition(&text, path, warnings);
    }
    let mut edition = dialect::load_text_with(&text, path, warnings, repeats);
    warn_giant_paragraph(&mut edition, path);
    edition
}

/// Warns, once per edition, about the first paragraph over [`DIALECT_PARAGRAPH_WARN_CHARS`]: the
/// sign of a text that is not the heading dialect (an OCR page, a dump without paragraph
/// breaks) and that nothing else reported.
fn warn_giant_paragraph(edition: &mut Edition, path: &Path) {
    let giant = edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|item| {
            item.body.iter().find_map(|block| match block {
                // A paragraph has no more characters than bytes: most are let through on
                // their length alone, without counting.
                Block::Paragraph(text) if text.len() > DIALECT_PARAGRAPH_WARN_CHARS => {
                    Some(text.chars().count())
                        .filter(|&chars| chars > DIALECT_PARAGRAPH_WARN_CHARS)
                        .map(|chars| (item.line, chars))
                }
                _ => None,
            })
        });
    if let Some((line, chars)) = giant {
        edition.warnings.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_owned(),
            line: Some(line),
            message: format!(
                "one paragraph of {chars} characters: the text has no paragraph breaks kanbao \
                 can see; if it is OCR page text, name it as Chronicling America does \
                 ('19160415-sn83030214.txt'), else separate paragraphs with blank lines"
            ),
        });
    }
}

/// What a single file or an edition folder holds, named but not parsed: an OCR page by its
/// name (and masthead), else the heading dialect's front matter and name.
pub fn metadata_only(path: &Path, is_folder: bool) -> Edition {
    if !is_folder && let Some(edition) = ocr::ocr_file_metadata(path) {
        return edition;
    }
    dialect::metadata_only(path, is_folder)
}

/// The id and names a file or folder is known by, from its path alone (the discovery cache
/// gives the rest): an OCR page's when the name is one.
pub fn metadata_from_names(path: &Path, is_folder: bool) -> Edition {
    if !is_folder && let Some(edition) = ocr::ocr_names_metadata(path) {
        return edition;
    }
    crate::edition::assemble::metadata_from_names(path, is_folder)
}
