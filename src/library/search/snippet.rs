//! Snippets: a match with some columns of context either side, on one line, `…` where cut
//! (measured in display columns; Latin words are not cut). The scan, the index and the reader's
//! search list make them alike.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::edition::recognize::is_cjk;

/// Columns of context a snippet shows on each side of the match (a Chinese character takes 2).
pub const SNIPPET_CONTEXT_COLS: usize = 36;

/// About `context_cols` columns of `text` either side of `hit`, on one line, with `…` where cut;
/// and the hit's byte range in the snippet.
pub fn snippet(text: &str, hit: Range<usize>, context_cols: usize) -> (String, Range<usize>) {
    let mut out = String::new();
    let hit = push_snippet(&mut out, text, hit, context_cols);
    (out, hit)
}

/// [`snippet`], written at the end of `out`; the hit's byte range in what was written.
pub fn push_snippet(
    out: &mut String,
    text: &str,
    hit: Range<usize>,
    context_cols: usize,
) -> Range<usize> {
    let (mut start, mut end) = context_ends(text, &hit, context_cols);
    // Latin words are not cut: the context starts and ends at a space when it would.
    let in_word = |idx: usize| {
        let before = text[..idx].chars().next_back();
        let after = text[idx..].chars().next();
        // CJK first: it is most of the text, and answers without Unicode's tables.
        before.zip(after).is_some_and(|(a, b)| {
            !(is_cjk(a) || is_cjk(b)) && a.is_alphanumeric() && b.is_alphanumeric()
        })
    };
    if in_word(start)
        && let Some(space) = text[start..hit.start].find(' ')
    {
        start += space + 1;
    }
    if in_word(end)
        && let Some(space) = text[hit.end..end].rfind(' ')
    {
        end = hit.end + space;
    }
    let begin = out.len();
    out.reserve(end - start + 6);
    if start > 0 {
        out.push('…');
    }
    let prefix = out.len() - begin;
    // Tabs and line breaks become spaces (one byte for one byte) so the snippet is one line.
    let shown = &text[start..end];
    if memchr::memchr2(b'\t', b'\n', shown.as_bytes()).is_some() {
        out.extend(
            shown
                .chars()
                .map(|c| if c == '\t' || c == '\n' { ' ' } else { c }),
        );
    } else {
        out.push_str(shown);
    }
    if end < text.len() {
        out.push('…');
    }
    hit.start - start + prefix..hit.end - start + prefix
}

/// Where about `context_cols` columns of `text` either side of `hit` start and end, whole
/// characters only.
fn context_ends(text: &str, hit: &Range<usize>, context_cols: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (hit.start, hit.end);
    let mut used = 0;
    while start > 0 {
        // A character of one byte or of three (every CJK one) is read from its bytes: in UTF-8
        // a lead byte of three (0xE0–0xEF) ends no character, so one found three bytes back
        // leads the character that ends here.
        let last = bytes[start - 1];
        let (len, width) = if last < 0x80 {
            (1, ascii_cols(last))
        } else if start >= 3 && bytes[start - 3] >> 4 == 0xe {
            (3, three_byte_cols(bytes[start - 3], bytes[start - 2], last))
        } else {
            let c = text[..start].chars().next_back().unwrap_or_default();
            (c.len_utf8(), cols(c))
        };
        used += width;
        if used > context_cols {
            break;
        }
        start -= len;
    }
    used = 0;
    while end < bytes.len() {
        let first = bytes[end];
        let (len, width) = if first < 0x80 {
            (1, ascii_cols(first))
        } else if first >> 4 == 0xe && end + 3 <= bytes.len() {
            (3, three_byte_cols(first, bytes[end + 1], bytes[end + 2]))
        } else {
            let c = text[end..].chars().next().unwrap_or_default();
            (c.len_utf8(), cols(c))
        };
        used += width;
        if used > context_cols {
            break;
        }
        end += len;
    }
    (start, end)
}

/// [`cols`] of the ASCII character `b`: printable ones take one column, control ones none.
#[inline]
fn ascii_cols(b: u8) -> usize {
    usize::from((0x20..0x7f).contains(&b))
}

/// [`cols`] of the three-byte UTF-8 character `a b c`.
#[inline]
fn three_byte_cols(a: u8, b: u8, c: u8) -> usize {
    let code = (u32::from(a & 0x0f) << 12) | (u32::from(b & 0x3f) << 6) | u32::from(c & 0x3f);
    if (0x4e00..=0x9fff).contains(&code) {
        2
    } else {
        char::from_u32(code).map_or(0, cols)
    }
}

/// The columns `c` takes, as `unicode-width` says; printable ASCII and the CJK ideographs (most
/// of a snippet's characters) are known without a table lookup.
fn cols(c: char) -> usize {
    match c {
        ' '..='~' => 1,
        '\u{4e00}'..='\u{9fff}' => 2,
        _ => c.width().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_known_by_heart_are_unicode_widths() {
        for c in (' '..='~').chain('\u{4e00}'..='\u{9fff}') {
            assert_eq!(cols(c), c.width().unwrap_or(0), "{c:?}");
        }
    }

    /// The context either side of a hit as a decoder walks it, character by character: what
    /// the walk over bytes must find.
    fn context_by_chars(text: &str, hit: &Range<usize>, context_cols: usize) -> (usize, usize) {
        let mut start = hit.start;
        let mut used = 0;
        for (idx, c) in text[..hit.start].char_indices().rev() {
            used += cols(c);
            if used > context_cols {
                break;
            }
            start = idx;
        }
        let mut end = hit.end;
        used = 0;
        for (idx, c) in text[hit.end..].char_indices() {
            used += cols(c);
            if used > context_cols {
                break;
            }
            end = hit.end + idx + c.len_utf8();
        }
        (start, end)
    }

    proptest::proptest! {
        /// The walk over bytes ends the context where the decoder's walk does, in text of every
        /// length of UTF-8 and every width (three-byte characters of none, one and two columns
        /// among them).
        #[test]
        fn the_context_is_walked_as_a_decoder_walks_it(
            text in "[a 中文，。\t\u{e9}\u{3000}\u{1f600}\u{20000}\u{ff21}\u{ff61}\u{7f}\u{200b}\u{2192}]{1,16}",
            at in 0..16usize,
            len in 1..3usize,
            context_cols in 0..12usize,
        ) {
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let first = starts[at % starts.len()];
            let last = starts
                .get(at % starts.len() + len)
                .copied()
                .unwrap_or(text.len());
            let hit = first..last;
            proptest::prop_assert_eq!(
                context_ends(&text, &hit, context_cols),
                context_by_chars(&text, &hit, context_cols)
            );
        }
    }

    #[test]
    fn snippets_keep_the_hit_and_some_context() {
        let text = "一二三四五六七八九十";
        let (snip, hit) = snippet(text, 12..15, 4);
        assert_eq!(snip, "…三四五六七…");
        assert_eq!(&snip[hit], "五");
        let (snip, hit) = snippet("abc\tdef", 0..1, 40);
        assert_eq!((snip.as_str(), hit), ("abc def", 0..1));
        let (snip, hit) = snippet("the river park plan", 10..14, 6);
        assert_eq!(snip, "…river park plan");
        assert_eq!(&snip[hit], "park");
        // Latin words are kept whole; CJK is cut anywhere.
        let text = "said Councilwoman Ada Park. Continued on Page B2";
        let (snip, hit) = snippet(text, 28..37, 14);
        assert_eq!(snip, "…Ada Park. Continued on Page B2");
        let (snip, _) = snippet(text, 28..37, 10);
        assert_eq!(snip, "…Ada Park. Continued on Page…");
        assert_eq!(&snip[hit], "Continued");
        let (snip, _) = snippet("甲乙丙丁戊己庚", 9..12, 4);
        assert_eq!(snip, "…乙丙丁戊己…");
    }
}
