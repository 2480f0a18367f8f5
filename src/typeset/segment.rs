//! Cuts display text into grapheme clusters with their column widths, finds the tailored break
//! opportunities (UAX #14 + clreq) once per paragraph, and groups the clusters into unbreakable
//! units.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;

use super::Ambiguous;
use super::classes::{
    is_break_space, is_closing, is_closing_quote, is_han, is_hangable, is_opening,
    is_opening_quote, is_pause_or_stop, must_not_end, must_not_start,
};

/// One grapheme cluster of display text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grapheme {
    /// Byte offset just past the cluster.
    pub end: usize,
    /// Its first (base) character, which decides how it breaks.
    pub first: char,
    /// Display width in columns, as ratatui measures it.
    pub cols: usize,
    /// True when the cluster is a single character.
    pub single: bool,
}

/// Characters that never join a neighbour into one cluster (no Extend, SpacingMark, ZWJ,
/// Prepend, Hangul jamo, regional indicator or CR among them): two in a row are always two
/// clusters, so the common case skips the segmentation tables.
fn is_simple(c: char) -> bool {
    matches!(c,
        ' '..='~' | '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303E}' | '\u{FF01}'..='\u{FF60}' | '\u{2010}'..='\u{2027}')
}

/// The cluster starting at `pos`, which must be a cluster boundary before the end of `text`.
pub(crate) fn grapheme_at(text: &str, pos: usize, amb: Ambiguous) -> Grapheme {
    let rest = text.get(pos..).unwrap_or_default();
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return Grapheme {
            end: text.len(),
            first: ' ',
            cols: 0,
            single: true,
        };
    };
    let end = pos + first.len_utf8();
    let simple = match chars.next() {
        None => true,
        Some(next) => is_simple(first) && is_simple(next),
    };
    if simple {
        // A single character: its char width is its str width (tabs are gone by now).
        let cols = amb.char_cols(first);
        return Grapheme {
            end,
            first,
            cols,
            single: true,
        };
    }
    let cluster = rest.graphemes(true).next().unwrap_or(rest);
    let single = cluster.len() == first.len_utf8();
    Grapheme {
        end: pos + cluster.len(),
        first,
        cols: amb.cluster_cols(cluster),
        single,
    }
}

/// Iterates over the clusters of `text` as `(start, Grapheme)`.
pub(crate) fn graphemes(
    text: &str,
    amb: Ambiguous,
) -> impl Iterator<Item = (usize, Grapheme)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let g = grapheme_at(text, pos, amb);
        let start = pos;
        pos = g.end;
        Some((start, g))
    })
}

/// May a line end between a cluster starting with `a` and one starting with `b`, given what
/// plain UAX #14 says (`uax`)?
pub(crate) fn may_break(a: char, b: char, uax: bool, chinese: bool) -> bool {
    if must_not_start(b) || must_not_end(a) {
        return false;
    }
    if chinese {
        // clreq: “ ‘ open and ” ’ close, where UAX #14 glues them to both neighbours.
        if is_opening_quote(b) {
            return uax || is_han(a) || is_pause_or_stop(a) || is_closing(a);
        }
        if is_closing_quote(a) {
            return uax || is_han(b) || is_opening(b);
        }
    }
    uax
}

/// A boundary where an over-wide unit may be cut without breaking the never-start/never-end
/// rules.
pub(crate) fn is_soft(a: char, b: char) -> bool {
    !must_not_start(b) && !must_not_end(a)
}

/// An unbreakable run of clusters: a line may end only after one, and its trailing spaces go
/// when it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Display byte offset of the first cluster.
    pub start: usize,
    /// Display byte offset past the last non-space cluster.
    pub end: usize,
    /// Columns of `start..end`.
    pub cols: usize,
    /// Columns of the spaces after `end`, kept when the next unit stays on the line.
    pub ws_cols: usize,
    /// Columns of the last cluster when it is a mark that may hang (，。、), else 0.
    pub hang_cols: usize,
    /// A mandatory break (U+2028, U+2029) follows.
    pub forced: bool,
}

impl Unit {
    fn at(pos: usize) -> Self {
        Unit {
            start: pos,
            end: pos,
            cols: 0,
            ws_cols: 0,
            hang_cols: 0,
            forced: false,
        }
    }

    fn has_content(&self) -> bool {
        self.end > self.start
    }
}

/// Feeds the units of `text` to `sink`, in order. Leading spaces of the paragraph and spaces after
/// a mandatory break belong to no unit; every other byte does, or is trailing space of one.
pub(crate) fn for_each_unit(
    text: &str,
    chinese: bool,
    amb: Ambiguous,
    mut sink: impl FnMut(&Unit),
) {
    let urls = url_spans(text);
    let mut url_idx = 0;
    let mut breaks = linebreaks(text);
    let mut next_break = breaks.next();
    let mut unit = Unit::at(0);
    // The base of the last non-space cluster: `“ 中` may not break after the space either.
    let mut prev: Option<char> = None;
    for (pos, g) in graphemes(text, amb) {
        let space = g.single && is_break_space(g.first);
        // Spaces always trail a unit: UAX #14 allows `SP ÷ BA` (a space before an ideographic
        // space), but that break belongs after the run.
        if let Some(a) = prev {
            while let Some((at, _)) = next_break {
                if at >= pos {
                    break;
                }
                next_break = breaks.next();
            }
            let (uax, mandatory) = match next_break {
                Some((at, kind)) if at == pos => (true, kind == BreakOpportunity::Mandatory),
                _ => (false, false),
            };
            while urls.get(url_idx).is_some_and(|url| url.end <= pos) {
                url_idx += 1;
            }
            let in_url = urls.get(url_idx).is_some_and(|url| url.start < pos);
            if mandatory || (!space && !in_url && may_break(a, g.first, uax, chinese)) {
                if unit.has_content() {
                    unit.forced = mandatory;
                    sink(&unit);
                }
                unit = Unit::at(pos);
            }
        }
        if space {
            // Spaces before any content: at the paragraph start or after a mandatory break.
            if unit.has_content() {
                unit.ws_cols += g.cols;
            } else {
                unit = Unit::at(g.end);
            }
        } else {
            unit.cols += unit.ws_cols + g.cols;
            unit.ws_cols = 0;
            unit.end = g.end;
            prev = Some(g.first);
            unit.hang_cols = if g.single && is_hangable(g.first) {
                g.cols
            } else {
                0
            };
        }
    }
    if unit.has_content() {
        sink(&unit);
    }
}

/// Byte ranges of URLs (`scheme://…`, `www.…`), which are never broken unless one alone is wider
/// than the line. A URL runs over printable ASCII up to a space or any other character, minus
/// trailing sentence punctuation.
fn url_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"://") {
        let scheme = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            .count();
        let start = at - scheme;
        if scheme > 0 && bytes[start].is_ascii_alphabetic() {
            starts.push(start);
        }
    }
    for at in memchr::memmem::find_iter(bytes, b"www.") {
        let glued = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'/');
        if !glued {
            starts.push(at);
        }
    }
    if starts.is_empty() {
        return spans;
    }
    starts.sort_unstable();
    for start in starts {
        if spans.last().is_some_and(|last| start < last.end) {
            continue;
        }
        let len = bytes[start..]
            .iter()
            .take_while(|&&b| b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'`'))
            .count();
        let mut end = start + len;
        let opened = memchr::memchr_iter(b'(', &bytes[start..end]).count();
        let mut closed = memchr::memchr_iter(b')', &bytes[start..end]).count();
        while end > start {
            let last = bytes[end - 1];
            // A `)` closes the URL's own `(` (Wikipedia style) or the sentence's.
            let unmatched = last == b')' && closed > opened;
            let trailing =
                unmatched || matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'');
            if !trailing {
                break;
            }
            closed -= usize::from(unmatched);
            end -= 1;
        }
        if end > start {
            spans.push(start..end);
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str, chinese: bool) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_unit(text, chinese, Ambiguous::Narrow, |u| {
            out.push(&text[u.start..u.end]);
        });
        out
    }

    #[test]
    fn clusters_and_widths() {
        let cases: [(&str, &[(&str, usize)]); 8] = [
            ("a中", &[("a", 1), ("中", 2)]),
            ("e\u{301}x", &[("e\u{301}", 1), ("x", 1)]),
            (
                "👨\u{200d}👩\u{200d}👧!",
                &[("👨\u{200d}👩\u{200d}👧", 2), ("!", 1)],
            ),
            ("🇨🇳🇺🇸", &[("🇨🇳", 2), ("🇺🇸", 2)]),
            ("“—…·", &[("“", 1), ("—", 1), ("…", 1), ("·", 1)]),
            ("\u{3000}，", &[("\u{3000}", 2), ("，", 2)]),
            // ratatui 0.30 counts U+FF9E once more than unicode-width does.
            ("ｶﾞ", &[("ｶﾞ", 3)]),
            ("\u{200B}", &[("\u{200B}", 0)]),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, usize)> = graphemes(text, Ambiguous::Narrow)
                .map(|(start, g)| (&text[start..g.end], g.cols))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_unicode_segmentation() {
        let text = "本报讯（记者）2月27日, e\u{301}a\u{308}👍🏽 ﾟ🇨🇳🇺🇸\u{3099}か\u{3099} 한국어 \u{0915}\u{094D}\u{0937}";
        let ours: Vec<&str> = graphemes(text, Ambiguous::Narrow)
            .map(|(start, g)| &text[start..g.end])
            .collect();
        let theirs: Vec<&str> = text.graphemes(true).collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn units_follow_the_tailored_rules() {
        let cases: [(&str, bool, &[&str]); 10] = [
            (
                "他说：“好。”然后走了。",
                true,
                &["他", "说：", "“好。”", "然", "后", "走", "了。"],
            ),
            ("这是——破折号", true, &["这", "是——", "破", "折", "号"]),
            ("金额19.25亿元", true, &["金", "额", "19.25", "亿", "元"]),
            (
                "“岗位+技能”“政府”",
                true,
                &["“岗", "位", "+技", "能”", "“政", "府”"],
            ),
            ("《书》《书》", true, &["《书》", "《书》"]),
            // Latin text keeps UAX #14's glue around quotes.
            ("say “hi” now", false, &["say", "“hi”", "now"]),
            (
                "see https://example.com/a/b, then",
                false,
                &["see", "https://example.com/a/b,", "then"],
            ),
            (
                "  leading and trailing  ",
                false,
                &["leading", "and", "trailing"],
            ),
            ("a\u{2028}  b", false, &["a", "b"]),
            (
                "growth of 3.5% in 2023, 5G",
                false,
                &["growth", "of", "3.5%", "in", "2023,", "5G"],
            ),
        ];
        for (text, chinese, want) in cases {
            assert_eq!(units(text, chinese), want, "{text:?}");
        }
    }

    #[test]
    fn unit_metrics() {
        let mut got = Vec::new();
        for_each_unit(
            "好， 天\u{3000}x\u{2028}y",
            true,
            Ambiguous::Narrow,
            |u| got.push(*u),
        );
        let want = [
            Unit {
                start: 0,
                end: 6,
                cols: 4,
                ws_cols: 1,
                hang_cols: 2,
                forced: false,
            },
            Unit {
                start: 7,
                end: 10,
                cols: 2,
                ws_cols: 2,
                hang_cols: 0,
                forced: false,
            },
            Unit {
                start: 13,
                end: 14,
                cols: 1,
                ws_cols: 1,
                hang_cols: 0,
                forced: true,
            },
            Unit {
                start: 17,
                end: 18,
                cols: 1,
                ws_cols: 0,
                hang_cols: 0,
                forced: false,
            },
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn finds_urls() {
        let cases: [(&str, &[&str]); 5] = [
            (
                "see https://example.com/a?b=1.",
                &["https://example.com/a?b=1"],
            ),
            ("网址www.xuchang.gov.cn，电话", &["www.xuchang.gov.cn"]),
            (
                "(http://a.b/c_(d)) and (http://x.y/z)",
                &["http://a.b/c_(d)", "http://x.y/z"],
            ),
            ("no urls: 3://x, www", &[]),
            ("http://www.example.com", &["http://www.example.com"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = url_spans(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
