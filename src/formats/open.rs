//! "Read this path as whatever it is": a text file is sniffed and handed to the OCR reader or
//! the heading dialect; a folder with `edition.toml` is the dialect's. Sits above the readers
//! and the sniffer; no reader imports it.

use std::path::Path;

use super::sniff::text_format;
use super::{dialect, ocr};
use crate::edition::read::{LoadError, decode_with_warnings, read_regular};
use crate::edition::{Edition, Format};

pub use super::dialect::load_folder;

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
    if text_format(&text, path) == Format::Ocr {
        return ocr::ocr_page_edition(&text, path, warnings);
    }
    dialect::load_text(&text, path, warnings)
}
