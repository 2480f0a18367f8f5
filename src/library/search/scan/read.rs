//! Reading an edition as search reads it: a file whole into a buffer reused from edition to
//! edition (within the loader's size cap), then loaded as the library loads it. The scan's raw
//! test and its loading use it, and so does the index's build, so both see the same text.
//!
//! Below the scan: it must never import the scan ([`super`]), the index
//! ([`index`](crate::library::search::index)) or the choice between them ([`crate::library::search`]); only the
//! loader and the library's list of sources.

use std::io::Read as _;
use std::path::Path;

use crate::edition::read::LoadError;
use crate::edition::repeats::Repeats;
use crate::edition::{Diagnostic, Edition};
use crate::formats::{load_bytes_with, load_folder};
use crate::library::sources::{EditionSource, Origin};
use crate::library::{SAMPLE_PATH, SAMPLE_TEXT};

/// Loads the edition `source` names, as search and the index read it; `buf` is reused from
/// edition to edition. With [`Repeats::Leave`], an edition file's stories printed twice are
/// left unmarked (folders and other readers mark them as ever), and the caller asks
/// [`first_printing`](crate::edition::repeats::first_printing) about the items it keeps; the
/// second value says which was done.
pub(crate) fn load_source(
    source: &EditionSource,
    buf: &mut Vec<u8>,
    repeats: Repeats,
) -> Result<(Edition, Repeats), Diagnostic> {
    Ok(match &source.origin {
        Origin::File(path) => {
            let len = read_into(path, buf)?;
            (load_bytes_with(&buf[..len], path, repeats), repeats)
        }
        Origin::Folder(dir) => (
            load_folder(dir).map_err(|err| err.to_diagnostic())?,
            Repeats::Mark,
        ),
        Origin::Sample => (
            load_bytes_with(SAMPLE_TEXT.as_bytes(), Path::new(SAMPLE_PATH), repeats),
            repeats,
        ),
        Origin::Other(found) => (
            found.load().map_err(|err| err.to_diagnostic())?,
            Repeats::Mark,
        ),
    })
}

/// Reads a whole file into the start of `buf` and returns its length. `buf` keeps its
/// allocation and contents from file to file (it only grows), so nothing is zeroed per file and
/// an edition usually takes one `read` call and one more that finds the end.
pub(super) fn read_into(path: &Path, buf: &mut Vec<u8>) -> Result<usize, Diagnostic> {
    let fail = |source: std::io::Error| {
        LoadError::Read {
            path: path.to_owned(),
            source,
        }
        .to_diagnostic()
    };
    let mut file = crate::edition::read::open_regular(path)
        .map_err(|err| err.to_diagnostic())?
        .take(crate::edition::read::max_file_bytes());
    let mut len = 0;
    loop {
        if len == buf.len() {
            buf.resize((2 * len).max(256 * 1024), 0);
        }
        match file.read(&mut buf[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(fail(err)),
        }
    }
}
