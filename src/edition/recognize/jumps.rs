//! Continuation jumps: `(上接第一版)`, `(下转第三版)`, `Continued on Page B2`, at the start or the
//! end of a paragraph, with the page they point to and where the marker stands.

use std::ops::Range;

use super::labels::normalize_page_label;
use super::script::{CLOSE, OPEN, floor_boundary};

/// Which way a continuation jump points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// `(上接第一版)`, `Continued from Page A1`: this part continues an earlier one.
    From,
    /// `(下转第三版)`, `Continued on Page B2`: this part continues elsewhere.
    To,
}

/// Finds a continuation marker at the start or the end of a paragraph and returns its direction
/// and normalised page label. Markers inside a sentence are not jumps.
pub fn jumps(paragraph: &str) -> Vec<(Jump, String)> {
    jump_spans(paragraph)
        .into_iter()
        .map(|(jump, label, _)| (jump, label))
        .collect()
}

/// [`jumps`], with the byte range of each marker in `paragraph` (brackets and a final period
/// included), so the marker can be taken out of the text: it is navigation, shown once as the
/// link.
pub fn jump_spans(paragraph: &str) -> Vec<(Jump, String, Range<usize>)> {
    let mut found = Vec::new();
    let text = paragraph.trim();
    let offset = paragraph.len() - paragraph.trim_start().len();
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    if let Some((jump, label, range)) =
        chinese_jump_at_start(text).or_else(|| latin_jump(text, true))
    {
        found.push((jump, label, shift(range)));
    }
    if let Some((jump, label, range)) =
        chinese_jump_at_end(text).or_else(|| latin_jump(text, false))
        && !found.iter().any(|(j, l, _)| *j == jump && *l == label)
    {
        let range = shift(range);
        // One marker that is the whole paragraph is found from both ends.
        if found.iter().all(|(_, _, r)| r.end <= range.start) {
            found.push((jump, label, range));
        }
    }
    found
}

fn chinese_jump_at_start(text: &str) -> Option<(Jump, String, Range<usize>)> {
    let inner = text.strip_prefix(OPEN)?;
    let open_len = text.len() - inner.len();
    let end = inner.find(CLOSE)?;
    let close_len = inner[end..].chars().next().map_or(1, char::len_utf8);
    let (jump, label) = parse_chinese_jump(&inner[..end])?;
    Some((jump, label, 0..open_len + end + close_len))
}

fn chinese_jump_at_end(text: &str) -> Option<(Jump, String, Range<usize>)> {
    let inner = text.strip_suffix(CLOSE)?;
    let start = inner.rfind(OPEN)?;
    let open_len = inner[start..].chars().next().map_or(1, char::len_utf8);
    let (jump, label) = parse_chinese_jump(&inner[start + open_len..])?;
    Some((jump, label, start..text.len()))
}
/// `上接第一版`, `下转第3版`, `转A2版`, `接第二版`.
fn parse_chinese_jump(inner: &str) -> Option<(Jump, String)> {
    let inner = inner.trim();
    let (jump, rest) = if let Some(rest) = inner
        .strip_prefix("上接")
        .or_else(|| inner.strip_prefix("接"))
    {
        (Jump::From, rest)
    } else if let Some(rest) = inner
        .strip_prefix("下转")
        .or_else(|| inner.strip_prefix("转"))
    {
        (Jump::To, rest)
    } else {
        return None;
    };
    let rest = rest.trim();
    let label_text = rest
        .strip_suffix('版')
        .or_else(|| rest.strip_suffix("版面"))?;
    let label = normalize_page_label(label_text);
    let plausible = !label.is_empty()
        && label.chars().count() <= 4
        && label.chars().all(|c| c.is_ascii_alphanumeric());
    plausible.then_some((jump, label))
}

/// `Continued on Page B2`, `(Continued from page A1)`, `Continued on A6.`
fn latin_jump(text: &str, at_start: bool) -> Option<(Jump, String, Range<usize>)> {
    // A jump line is short: only the paragraph's first or last 48 bytes can hold one.
    const WINDOW: usize = 48;
    let win_start = if at_start {
        0
    } else {
        let mut start = text.len().saturating_sub(WINDOW);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        start
    };
    let window = if at_start {
        &text[..floor_boundary(text, WINDOW)]
    } else {
        &text[win_start..]
    };
    if !window.bytes().any(|b| b == b'c' || b == b'C') {
        return None;
    }
    let lower = window.to_ascii_lowercase();
    let idx = if at_start {
        let trimmed = lower.trim_start_matches(['(', '[']);
        trimmed
            .starts_with("continued ")
            .then(|| lower.len() - trimmed.len())?
    } else {
        lower.rfind("continued ")?
    };
    let after = lower.get(idx + "continued ".len()..)?;
    let (jump, rest) = if let Some(rest) = after.strip_prefix("on ") {
        (Jump::To, rest)
    } else if let Some(rest) = after.strip_prefix("from ") {
        (Jump::From, rest)
    } else {
        return None;
    };
    let rest = rest.strip_prefix("page ").unwrap_or(rest);
    let label: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let tail = rest[label.len()..].trim_start_matches(['.', ')', ']', ' ']);
    // At the start the marker is a line of its own or opens the text; at the end nothing follows.
    let well_placed = at_start || tail.is_empty();
    if !(well_placed
        && !label.is_empty()
        && label.len() <= 4
        && label.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let start = if at_start {
        0
    } else {
        lower[..idx].trim_end_matches(['(', '[']).len()
    };
    let end = lower.len() - tail.len();
    let range = win_start + start..win_start + window[..end].trim_end().len();
    Some((jump, normalize_page_label(&label), range))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_markers() {
        use Jump::{From, To};
        let cases: [(&str, &[(Jump, &str)]); 10] = [
            ("(上接第一版)常态化开展", &[(From, "1")]),
            ("（上接第1版）文字", &[(From, "1")]),
            ("文字。(下转第三版)", &[(To, "3")]),
            ("文字。（转A2版）", &[(To, "A2")]),
            ("(上接第一版)文字(下转第四版)", &[(From, "1"), (To, "4")]),
            ("Continued from Page A1", &[(From, "A1")]),
            ("the council said. Continued on Page B2", &[(To, "B2")]),
            ("(Continued on page 3)", &[(To, "3")]),
            ("乡镇(街道)、行政村(社区)清廉建设", &[]),
            ("he continued on the road home", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(Jump, String)> = want.iter().map(|&(j, l)| (j, l.to_owned())).collect();
            assert_eq!(jumps(text), want, "text {text:?}");
        }
    }

    #[test]
    fn jump_markers_located() {
        let cases: [(&str, &[&str]); 7] = [
            ("(上接第一版)常态化开展", &["(上接第一版)"]),
            ("文字。（下转第三版）", &["（下转第三版）"]),
            (
                "(上接第一版)文字(下转第四版)",
                &["(上接第一版)", "(下转第四版)"],
            ),
            ("Continued from Page A1", &["Continued from Page A1"]),
            (
                "the council said. (Continued on Page B2.)",
                &["(Continued on Page B2.)"],
            ),
            (
                "Continued from Page A1. The vote",
                &["Continued from Page A1."],
            ),
            ("  (下转第二版)  ", &["(下转第二版)"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = jump_spans(text)
                .into_iter()
                .map(|(_, _, r)| &text[r])
                .collect();
            assert_eq!(got, want, "text {text:?}");
        }
    }
}
