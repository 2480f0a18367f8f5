//! The content of a store file and its bytes: the [`Document`] trait that bookmarks and reading
//! state implement, and reading a file into one (good, missing, damaged, too large, from a newer
//! kanbao, unreadable) or writing one out. Nothing here locks or saves; that is `file`'s. Below
//! `file`, `bookmarks` and `state`: it imports only `disk`, `error` and `format`.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::disk::{line_at, read_capped};
use super::error::StoreError;
use super::format::FORMAT_VERSION;
use crate::edition::sanitize::sanitize;

/// The content of a store file, as serde reads and writes it.
pub(crate) trait Document: Default + Serialize + DeserializeOwned {
    /// One change this process makes; applied to whatever the file holds when it is saved, and
    /// written to a recovery file when it cannot be saved at quit.
    type Change: Clone + std::fmt::Debug + Serialize + DeserializeOwned;
    /// What the file holds, for messages: `bookmarks`, `reading state`.
    const WHAT: &'static str;
    /// Comment lines written at the top of the file.
    const HEADER: &'static str;
    /// Applies a change. Must make sense on any version of the document (another process may
    /// have changed it since), so changes say what to do, not what the result is.
    fn apply(&mut self, change: &Self::Change);
    /// The `version` the file declared.
    fn version(&self) -> i64;
    /// Brings the document within its bounds just before it is saved (the reading state caps
    /// its list of read articles). Nothing by default.
    fn tidy(&mut self) {}
}

/// What reading a store file found.
pub(crate) enum Loaded<D> {
    /// No file yet: an empty document.
    Missing,
    Good(D),
    /// Not a file kanbao can read (damaged, or larger than
    /// [`MAX_STORE_BYTES`](super::format::MAX_STORE_BYTES)); kept until a
    /// save moves it aside.
    Corrupt(StoreError),
    /// A newer kanbao's file: never written by this one.
    Newer(StoreError),
    /// The file could not be read at all (permissions, not a regular file, a file where its
    /// folder should be).
    Unreadable(StoreError),
}

/// Reads and classifies the file at `path`.
pub(crate) fn load<D: Document>(path: &Path) -> Loaded<D> {
    match read_capped(path, D::WHAT) {
        Ok(None) => Loaded::Missing,
        Ok(Some(bytes)) => parse(&bytes, path),
        Err(err @ StoreError::TooLarge { .. }) => Loaded::Corrupt(err),
        Err(err) => Loaded::Unreadable(err),
    }
}

/// Just the `version` key, read before the rest so a newer file is recognised as such rather
/// than as damaged.
#[derive(serde::Deserialize)]
struct VersionProbe {
    version: Option<toml::Spanned<toml::Value>>,
}

/// Parses a store file's bytes. `path` names it in errors.
pub(crate) fn parse<D: Document>(bytes: &[u8], path: &Path) -> Loaded<D> {
    let corrupt = |line: Option<usize>, message: &str| {
        Loaded::Corrupt(StoreError::Corrupt {
            path: path.to_owned(),
            line,
            message: sanitize(message).into_owned(),
        })
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return corrupt(
            None,
            "the file is empty (cut short by a full disk or a crash, or emptied by hand)",
        );
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return corrupt(
            Some(line_at(bytes, at)),
            "the file holds NUL bytes, so it was damaged (perhaps by a crash or a full disk)",
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            return corrupt(
                Some(line_at(bytes, err.valid_up_to())),
                "not UTF-8 text (damaged, or saved in another encoding)",
            );
        }
    };
    // A good file takes one parse; the version is looked at on its own only when the document
    // does not fit this kanbao's format or is not at its version.
    let full_err = match toml::from_str::<D>(text) {
        Ok(doc) if doc.version() == FORMAT_VERSION => return Loaded::Good(doc),
        Ok(_) => None,
        Err(err) => Some(err),
    };
    // Not TOML at all, before any question of version: the probe alone skips what it does not
    // read, such as an integer too large for TOML on another line.
    if let Err(err) = toml::from_str::<toml::Table>(text) {
        return corrupt(
            err.span().map(|span| line_at(bytes, span.start)),
            &format!("not valid TOML: {}", err.message().trim_end()),
        );
    }
    let probe: VersionProbe = match toml::from_str(text) {
        Ok(probe) => probe,
        Err(err) => {
            return corrupt(
                err.span().map(|span| line_at(bytes, span.start)),
                &format!("not valid TOML: {}", err.message().trim_end()),
            );
        }
    };
    let Some(version) = probe.version else {
        return corrupt(
            Some(1),
            &format!(
                "no 'version' key; a {} file starts with `version = {FORMAT_VERSION}`",
                D::WHAT
            ),
        );
    };
    let version_line = line_at(bytes, version.span().start);
    match version.get_ref().as_integer() {
        Some(FORMAT_VERSION) => {}
        Some(newer) if newer > FORMAT_VERSION => {
            return Loaded::Newer(StoreError::NewerVersion {
                path: path.to_owned(),
                line: version_line,
                version: newer,
            });
        }
        _ => {
            return corrupt(
                Some(version_line),
                &format!(
                    "unknown version '{}'; this kanbao reads version {FORMAT_VERSION}",
                    version.get_ref()
                ),
            );
        }
    }
    match full_err {
        Some(err) => corrupt(
            err.span().map(|span| line_at(bytes, span.start)),
            err.message().trim_end(),
        ),
        // Read at another version in full, yet at ours by the probe: not for one text.
        None => corrupt(Some(version_line), "the version could not be read"),
    }
}

/// The file's text as kanbao writes it: the header comment, then the TOML.
pub(crate) fn render<D: Document>(doc: &D) -> Vec<u8> {
    // Serialising plain structs of strings, integers and lists cannot fail.
    let body = toml::to_string_pretty(doc).expect("store documents serialise to TOML");
    format!("{}{body}", D::HEADER).into_bytes()
}
