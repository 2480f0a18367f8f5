//! Feed bytes → UTF-8 text before `feed-rs` sees them: a byte-order mark, a declared legacy
//! encoding (`encoding="gb2312"`) through `encoding_rs`, an undeclared non-UTF-8 file through a
//! reported `chardetng` guess; the XML declaration is blanked so the parser reads UTF-8 and line
//! numbers stay the file's. Bad bytes are reported, never dropped silently.
//!
//! Not [`crate::formats::encoding`]'s guess: a feed may declare its encoding, and its warnings
//! name the declaration as the fix.

use std::borrow::Cow;
use std::path::Path;

use crate::edition::model::{Diagnostic, Severity};
use crate::edition::read::decode_with_warnings;

use super::diag;

/// The feed's text as UTF-8, its XML declaration blanked (the text no longer is in the
/// declared encoding). Decoding problems are reported; nothing is dropped silently.
pub(super) fn decode_feed<'a>(
    bytes: &'a [u8],
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cow<'a, str> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            bad_bytes_warning(path, enc.name(), diagnostics);
        }
        return without_declaration(text);
    }
    let declared = declared_encoding(bytes);
    let known = declared.and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    if let (Some(label), None) = (declared, known) {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            Some(1),
            format!("unknown encoding '{label}' declared; the feed is read as UTF-8"),
        ));
    }
    // A declaration read as ASCII cannot truly say UTF-16; such a file is read as UTF-8.
    let known = known.filter(|enc| enc.is_ascii_compatible());
    match known {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                bad_bytes_warning(path, enc.name(), diagnostics);
            }
            without_declaration(text)
        }
        // simdutf8 checks a feed of several megabytes in a fraction of std's time; the answer
        // is the same.
        _ => match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => without_declaration(Cow::Borrowed(text)),
            Err(_) if declared.is_some() => {
                without_declaration(Cow::Owned(decode_with_warnings(bytes, path, diagnostics)))
            }
            Err(_) => {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
                if enc == encoding_rs::UTF_8 {
                    return without_declaration(Cow::Owned(decode_with_warnings(
                        bytes,
                        path,
                        diagnostics,
                    )));
                }
                diagnostics.push(diag(
                    Severity::Warning,
                    path,
                    None,
                    format!(
                        "the feed declares no encoding and is not UTF-8; read as {} (a guess): declare it (<?xml version=\"1.0\" encoding=\"…\"?>) or re-save the file as UTF-8",
                        enc.name()
                    ),
                ));
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    bad_bytes_warning(path, enc.name(), diagnostics);
                }
                without_declaration(text)
            }
        },
    }
}

fn bad_bytes_warning(path: &Path, encoding: &str, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(diag(
        Severity::Warning,
        path,
        None,
        format!("bytes that are not valid {encoding} were shown as U+FFFD; re-save the feed in its declared encoding"),
    ));
}

/// The `encoding` pseudo-attribute of an XML declaration at the very start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(1024)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = &head[start..];
    if !decl.starts_with(b"<?xml") {
        return None;
    }
    let decl = &decl[..memchr::memmem::find(decl, b"?>")?];
    let at = memchr::memmem::find(decl, b"encoding")? + 8;
    let rest = decl[at..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let end = memchr::memchr(quote, value)?;
    std::str::from_utf8(&value[..end]).ok()
}

/// Replaces a leading XML declaration by as many line breaks as it held, so the parser reads
/// the (now UTF-8) text as UTF-8 and line numbers stay those of the file.
fn without_declaration(text: Cow<'_, str>) -> Cow<'_, str> {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with("<?xml") {
        return text;
    }
    let Some(end) = text[start..].find("?>").map(|e| start + e + 2) else {
        return text;
    };
    let breaks = text[start..end].matches('\n').count();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.extend(std::iter::repeat_n('\n', breaks));
    out.push_str(&text[end..]);
    Cow::Owned(out)
}
