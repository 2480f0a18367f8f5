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
