//! Bytes of undeclared encoding → text. Crawlers write UTF-8 most of the time, but older scripts
//! on Windows left GBK or GB18030 (and Taiwanese or Hong Kong sources Big5); nothing in a `.txt`
//! file says which. UTF-8 is taken when the bytes are UTF-8; otherwise chardetng guesses, and
//! the guess is reported so a wrong one can be noticed.

use std::fmt::Write as _;
use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use crate::edition::read::decode_with_warnings;
use crate::edition::{Diagnostic, Severity};

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Bytes given to the detector: enough text for a confident guess, bounded so a huge file is
/// not scanned twice.
const SNIFF_BYTES: usize = 256 * 1024;

/// Decodes a text file whose encoding is not declared.
///
/// - Valid UTF-8 (with or without a byte-order mark; pure ASCII included) is taken as is, with
///   CRLF and CR normalised to LF as [`decode`](crate::edition::decode::decode) does.
/// - Bytes that are mostly UTF-8 with a few broken sequences (a truncated or damaged file) are
///   decoded as UTF-8, the bad sequences shown as U+FFFD, with the located warning of
///   [`decode_with_warnings`].
/// - Anything else is guessed by chardetng (GBK, GB18030, Big5, Shift_JIS, windows-1252…),
///   decoded with encoding_rs and reported as a warning naming the guess. When the guess still
///   leaves many U+FFFD (more than 1 in 20 non-ASCII characters), the guess is dropped for the
///   lossy UTF-8 path.
///
/// Never fails; the text still needs [`sanitize`](crate::edition::sanitize::sanitize).
pub fn decode_text(bytes: &[u8], path: &Path, warnings: &mut Vec<Diagnostic>) -> String {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if simdutf8::basic::from_utf8(body).is_ok() || mostly_utf8(body) {
        return decode_with_warnings(bytes, path, warnings);
    }
    let encoding = guess(body);
    let (text, replaced) = decode_as(encoding, body);
    let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
    if replaced * 20 > non_ascii {
        return decode_with_warnings(bytes, path, warnings);
    }
    let mut message = format!(
        "no encoding declared; decoded as {} (guessed)",
        encoding.name()
    );
    if replaced > 0 {
        let _ = write!(
            message,
            "; {replaced} undecodable sequence(s) shown as U+FFFD"
        );
    }
    message.push_str("; re-save the file as UTF-8 if the text looks wrong");
    warnings.push(Diagnostic {
        severity: Severity::Warning,
        path: path.to_owned(),
        line: None,
        message,
    });
    normalize_newlines(text)
}

/// True when invalid sequences are rare next to valid multi-byte characters: a UTF-8 file with
/// damage, not a legacy encoding (GBK text almost never forms valid UTF-8 sequences).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid_multibyte >= 8 * invalid.max(1)
}

/// chardetng's guess from the start of the file, UTF-8 excluded (the bytes are not UTF-8).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, Utf8Detection::Deny)
}

/// Decodes without BOM sniffing and counts the sequences that became U+FFFD.
fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        text.matches('\u{fffd}').count()
    } else {
        0
    };
    (text.into_owned(), replaced)
}

fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(
            !unmappable,
            "test text is representable in {}",
            encoding.name()
        );
        bytes.into_owned()
    }

    const ZH: &str = "　　本报北京8月21日电　记者从有关部门获悉，今年以来各地持续推进城市更新，\r\n\
                      老旧小区改造完成情况好于预期，居民满意度明显提高。\r\n";
    const TW: &str = "　　記者昨日從有關部門獲悉，今年以來各地持續推進城市更新，\
                      老舊社區改造完成情況好於預期，居民滿意度明顯提高。\n";

    /// Each row: name, input bytes, expected text, the guesses a warning may name (empty: no
    /// warning at all).
    #[test]
    fn table() {
        let zh_lf = ZH.replace("\r\n", "\n");
        let mut bom = BOM.to_vec();
        bom.extend_from_slice(ZH.as_bytes());
        // Characters outside GBK take four bytes in GB18030 (CJK Extension B, 〇-like rarities).
        let rare = format!("{zh_lf}　　古籍用字\u{20000}\u{20001}与\u{2a6d6}并列。\n");
        let cases: Vec<(&str, Vec<u8>, String, &[&str])> = vec![
            ("empty", Vec::new(), String::new(), &[]),
            (
                "ascii",
                b"plain ASCII\r\n".to_vec(),
                "plain ASCII\n".into(),
                &[],
            ),
            ("utf-8", ZH.as_bytes().to_vec(), zh_lf.clone(), &[]),
            ("utf-8 with BOM", bom, zh_lf.clone(), &[]),
            ("gbk", encode(encoding_rs::GBK, ZH), zh_lf.clone(), &["GBK"]),
            (
                "gb18030",
                encode(encoding_rs::GB18030, &rare),
                rare.clone(),
                // encoding_rs's GBK decoder reads GB18030's four-byte forms too.
                &["GBK", "gb18030"],
            ),
            ("big5", encode(encoding_rs::BIG5, TW), TW.into(), &["Big5"]),
        ];
        for (name, bytes, want, guesses) in cases {
            let mut warnings = Vec::new();
            let text = decode_text(&bytes, Path::new("a.txt"), &mut warnings);
            assert_eq!(text, want, "{name}");
            if guesses.is_empty() {
                assert!(warnings.is_empty(), "{name}: {warnings:?}");
                continue;
            }
            assert_eq!(warnings.len(), 1, "{name}: {warnings:?}");
            let message = &warnings[0].message;
            assert!(
                guesses.iter().any(|g| message
                    .contains(&format!("no encoding declared; decoded as {g} (guessed)"))),
                "{name}: {message}"
            );
            assert_eq!(warnings[0].path, Path::new("a.txt"));
        }
    }

    /// A UTF-8 file cut in the middle of a character, or with a stray byte, stays UTF-8: the
    /// text survives and the warning points at the bad byte.
    #[test]
    fn damaged_utf8_is_not_guessed() {
        let mut bytes = ZH.as_bytes().to_vec();
        bytes.insert(12, 0xff);
        bytes.extend_from_slice(&"记者".as_bytes()[..4]);
        let mut warnings = Vec::new();
        let text = decode_text(&bytes, Path::new("a.txt"), &mut warnings);
        assert!(text.contains("老旧小区改造完成情况好于预期"));
        assert_eq!(text.matches('\u{fffd}').count(), 2, "{text}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .contains("invalid UTF-8 at byte offset 12")
        );
        assert_eq!(warnings[0].line, Some(1));
    }

    /// Bytes that are neither UTF-8 nor any legacy text: whatever the guess, the result is
    /// reported, and nothing panics.
    #[test]
    fn binary_garbage_is_reported() {
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8 | 0x80)
            .collect();
        let mut warnings = Vec::new();
        let text = decode_text(&bytes, Path::new("noise.txt"), &mut warnings);
        assert!(!text.is_empty());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, Path::new("noise.txt"));
        eprintln!("{}", warnings[0].message);
    }

    proptest::proptest! {
        /// Any bytes decode without a panic.
        #[test]
        fn any_bytes_decode(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut warnings = Vec::new();
            let _ = decode_text(&bytes, Path::new("x.txt"), &mut warnings);
            proptest::prop_assert!(warnings.len() <= 1);
        }
    }
}
