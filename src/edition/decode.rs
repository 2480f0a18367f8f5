//! Bytes → text: strips a byte-order mark, replaces invalid UTF-8 (with a warning naming the
//! byte offset) and normalises CRLF and CR line endings to LF.

use std::borrow::Cow;

/// Decoded text and, when the bytes were not valid UTF-8, the byte offset of the first bad byte
/// and how many bad sequences were replaced.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub invalid: Option<InvalidUtf8>,
}

/// Where a file stopped being UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Offset of the first invalid byte in the file.
    pub first_byte_idx: usize,
    /// 1-based line of that byte.
    pub line: usize,
    /// Number of invalid sequences replaced by U+FFFD.
    pub count: usize,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Decodes a file's bytes. Never fails: invalid sequences become U+FFFD.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let bom_len = bytes.len() - body.len();
    // simdutf8 checks valid text (nearly every file) several times faster than std; std
    // locates the first error of the rest.
    let checked = simdutf8::basic::from_utf8(body).map_err(|_| std::str::from_utf8(body));
    let (text, invalid) = match checked {
        Ok(text) | Err(Ok(text)) => (Cow::Borrowed(text), None),
        Err(Err(err)) => {
            let first = err.valid_up_to();
            let line = 1 + memchr::memchr_iter(b'\n', &body[..first]).count();
            let count = body
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            let invalid = InvalidUtf8 {
                first_byte_idx: first + bom_len,
                line,
                count,
            };
            (String::from_utf8_lossy(body), Some(invalid))
        }
    };
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    Decoded { text, invalid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_normalises_line_endings() {
        let decoded = decode(b"\xef\xbb\xbf# A\r\n\r\nB\rC\n");
        assert_eq!(decoded.text, "# A\n\nB\nC\n");
        assert!(decoded.invalid.is_none());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let decoded = decode(b"ok\nline two \xff\xfe here\n\xc3");
        assert_eq!(decoded.text, "ok\nline two \u{fffd}\u{fffd} here\n\u{fffd}");
        let invalid = decoded.invalid.expect("invalid bytes are reported");
        assert_eq!(invalid.first_byte_idx, 12);
        assert_eq!(invalid.line, 2);
        assert_eq!(invalid.count, 3);
    }
}
