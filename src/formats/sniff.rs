//! Which reader takes a file, decided from its first bytes (and its name only where the bytes
//! cannot tell): a feed whatever its extension; a text edition for `.md` and `.txt`; anything
//! else skipped with the reason, so nothing in a library is ignored silently.

use std::io::Read as _;
use std::path::Path;

/// Bytes read from the top of a file to decide what it is.
pub const SNIFF_BYTES: usize = 1024;

/// What a file found on disk is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// A text edition: the heading dialect or OCR page text (the loader tells them apart).
    Text,
    /// An RSS, RDF, Atom or JSON feed.
    Feed,
    /// Nothing kanbao reads; the reason, for the report.
    Skip(String),
}

/// Decides what the file at `path` is. `.md` files are the heading dialect's own and are not
/// opened (an archive of thousands opens at once); other files are sniffed. An `explicit` file
/// (named on the command line) that is text is read as text whatever its extension.
pub fn sniff_file(path: &Path, explicit: bool) -> Sniffed {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.as_deref() == Some("md") {
        return Sniffed::Text;
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let read = crate::edition::read::open_regular(path)
        .map_err(|err| err.to_string())
        .and_then(|file| {
            file.take(SNIFF_BYTES as u64)
                .read_to_end(&mut head)
                .map_err(|err| err.to_string())
        });
    if let Err(err) = read {
        // The loader reports an unreadable edition file with its reason.
        return if explicit || ext.as_deref() == Some("txt") {
            Sniffed::Text
        } else {
            Sniffed::Skip(format!("cannot read: {err}"))
        };
    }
    sniff_head(&head, ext.as_deref(), explicit)
}

/// [`sniff_file`] on bytes already read: `head` is the start of the file, `ext` its lower-case
/// extension.
pub fn sniff_head(head: &[u8], ext: Option<&str>, explicit: bool) -> Sniffed {
    if super::feed::looks_like_feed(head) {
        return Sniffed::Feed;
    }
    if ext == Some("txt") || ext == Some("md") {
        return Sniffed::Text;
    }
    if let Some(kind) = binary_kind(head) {
        return Sniffed::Skip(format!("{kind}, not text"));
    }
    if explicit {
        return Sniffed::Text;
    }
    match ext {
        Some("xml" | "rss" | "atom" | "rdf" | "json") => {
            Sniffed::Skip("not a feed (no rss, feed, RDF or JSON Feed at its top)".to_owned())
        }
        Some(ext) => Sniffed::Skip(format!("'.{ext}' is not a format kanbao reads")),
        None => Sniffed::Skip("no extension, and not a feed".to_owned()),
    }
}

/// A name for binary content: images by their signature, anything with a NUL byte.
fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"RIFF", "a RIFF file (WebP image, audio)"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| *kind)
        .or_else(|| head.contains(&0).then_some("binary data"))
}

/// The reader for a text file: OCR page text when its content reads so or its name is an OCR
/// page's (`19160415-sn83030214.txt`, `seq-1/ocr.txt`, chronam-text's
/// `dates/19161107/sn86088527-ed-1_seq-1.txt`: even a page OCR made nothing of), else the
/// heading dialect.
pub fn text_format(text: &str, path: &std::path::Path) -> crate::edition::Format {
    if super::ocr::looks_like_ocr(text) || super::ocr::ocr_names(path).is_some() {
        crate::edition::Format::Ocr
    } else {
        crate::edition::Format::Dialect
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_bytes() {
        let rss = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>";
        let cases: [(&[u8], Option<&str>, bool, Sniffed); 9] = [
            (rss, Some("xml"), false, Sniffed::Feed),
            (rss, Some("txt"), false, Sniffed::Feed),
            (rss, None, false, Sniffed::Feed),
            (b"# Headline\n\nText.", Some("txt"), false, Sniffed::Text),
            (b"# Headline\n\nText.", None, true, Sniffed::Text),
            (
                b"\x89PNG\r\n\x1a\n....",
                Some("png"),
                false,
                Sniffed::Skip("a PNG image, not text".to_owned()),
            ),
            (
                b"<html><body>",
                Some("html"),
                false,
                Sniffed::Skip("'.html' is not a format kanbao reads".to_owned()),
            ),
            (
                b"{\"a\": 1}",
                Some("json"),
                false,
                Sniffed::Skip("not a feed (no rss, feed, RDF or JSON Feed at its top)".to_owned()),
            ),
            (
                b"README",
                None,
                false,
                Sniffed::Skip("no extension, and not a feed".to_owned()),
            ),
        ];
        for (head, ext, explicit, want) in cases {
            assert_eq!(
                sniff_head(head, ext, explicit),
                want,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }
}
