//! Which script a character belongs to and how text of each script flows: CJK and Han
//! classes, joining soft-wrapped lines (no space between CJK, one in Latin text), where a
//! paragraph can end a sentence, and the bracket pairs and char-boundary step the other
//! recognisers share.

/// Han ideographs and the CJK symbols and punctuation blocks (full-width forms included).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{3000}'..='\u{303f}' | '\u{3040}'..='\u{30ff}'
        | '\u{3100}'..='\u{312f}' | '\u{31c0}'..='\u{31ef}' | '\u{3200}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3134f}')
}

/// Han ideographs only (no punctuation).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}')
}

/// Joins the soft-wrapped lines of one paragraph: no space between CJK, one space in Latin text.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    if let [only] = lines {
        return only.as_ref().to_owned();
    }
    let mut out = String::with_capacity(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    for line in lines.iter().map(AsRef::as_ref).filter(|l| !l.is_empty()) {
        if needs_space(&out, line) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Whether two pieces of one paragraph are joined with a space (Latin) or directly (CJK, a
/// word broken at a hyphen, or a piece that opens with punctuation that closes up to the text
/// before it: `3` | `.5公里`, `said` | `, and`).
pub fn needs_space(before: &str, after: &str) -> bool {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b)) => {
            !(is_cjk(a)
                || is_cjk(b)
                || a == '-' && b.is_lowercase()
                || matches!(b, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '%'))
        }
        _ => false,
    }
}

/// Opening brackets, ASCII and full-width.
pub(super) const OPEN: [char; 2] = ['(', '（'];
/// Closing brackets, ASCII and full-width.
pub(super) const CLOSE: [char; 2] = [')', '）'];

/// The largest char boundary at or below `idx`.
pub(super) fn floor_boundary(text: &str, idx: usize) -> usize {
    let mut idx = idx.min(text.len());
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

/// True when a paragraph ends where a sentence (or a list item) can end: `。！？；：…` and their
/// ASCII forms, possibly followed by closing quotes or brackets. A paragraph that ends in a Han
/// character, a digit, a letter or a comma was cut by a column break.
pub fn ends_sentence(paragraph: &str) -> bool {
    let trimmed = paragraph.trim_end();
    let mut chars = trimmed.chars().rev().peekable();
    let mut closed = false;
    while let Some(&c) = chars.peek() {
        if matches!(
            c,
            '”' | '’' | '」' | '』' | '"' | '\'' | '）' | ')' | '》' | '】' | '〕' | ']'
        ) {
            closed = true;
            chars.next();
        } else {
            break;
        }
    }
    match chars.next() {
        None
        | Some('。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | ';' | ':' | '.' | '．' | '—') => {
            true
        }
        // A bracket group that closes the paragraph, like a jump marker `(下转第三版)`, ends it.
        Some(_) if closed && trimmed.ends_with([')', '）', '】', '〕', ']']) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends() {
        let ends = [
            "好。",
            "说:“好。”",
            "问题；",
            "如下：",
            "(下转第三版)",
            "the end.",
            "“露一手”。",
            "Really?\"",
        ];
        for text in ends {
            assert!(ends_sentence(text), "ends {text:?}");
        }
        let cut = [
            "做好问题楼盘",
            "金额19.25亿",
            "把社",
            "保障,",
            "the plan would",
            "发展“福地”",
            "促复",
        ];
        for text in cut {
            assert!(!ends_sentence(text), "cut {text:?}");
        }
    }

    #[test]
    fn wrapped_lines_join() {
        let cases = [
            (["the plan would", "allow"], "the plan would allow"),
            (["全长3", ".5公里"], "全长3.5公里"),
            (["he said", ", and left."], "he said, and left."),
            (["well-", "known"], "well-known"),
            (["一位居民", "说。"], "一位居民说。"),
            (["“好。”", "他说。"], "“好。”他说。"),
        ];
        for (lines, joined) in cases {
            assert_eq!(join_lines(&lines), joined, "{lines:?}");
        }
    }
}
