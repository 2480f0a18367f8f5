//! What each character is to the line breaker: Han or not, the clreq must-not-start and
//! must-not-end lists (with the strict rule for dashes and ellipses), opening and closing marks,
//! and the per-paragraph script decision.

/// Which rules a paragraph is set by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Han-dominant: clreq tailoring, curly quotes as opening/closing marks, indent, full-width
    /// punctuation next to Han characters.
    Chinese,
    /// Everything else: plain UAX #14 plus the never-start/never-end lists, no indent.
    Latin,
}

/// A Han ideograph or a kana: a character of running Chinese (or Japanese) text that may be
/// broken before or after like its neighbours.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'      // CJK Unified Ideographs
        | '\u{3400}'..='\u{4DBF}'    // Extension A
        | '\u{F900}'..='\u{FAFF}'    // Compatibility Ideographs
        | '\u{20000}'..='\u{3FFFF}'  // Extensions B and later, compatibility supplement
        | '\u{3005}'..='\u{3007}'    // 々 〆 〇
        | '\u{3041}'..='\u{3096}'    // Hiragana
        | '\u{30A1}'..='\u{30FA}'    // Katakana
    )
}

/// CJK punctuation and full-width forms: marks that belong to Han text.
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{30FB}' | '\u{30FC}')
}

/// Pause and stop marks (clreq), with their ASCII forms.
pub(crate) fn is_pause_or_stop(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '；'
            | '：'
            | '？'
            | '！'
            | '．'
            | '‼'
            | '⁇'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
    )
}

/// Closing quotes and brackets.
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '〕' | '］' | '｝' | '】' | '〗' | '》' | '〉'
    )
}

/// Opening quotes and brackets: the must-not-end list.
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '「' | '『' | '（' | '(' | '〔' | '［' | '｛' | '【' | '〖' | '《' | '〈'
    )
}

/// The two-em marks of the strict rule (—— ⸺ ⸻ …… ⋯⋯): never split, never at a line start.
pub(crate) fn is_dash_or_ellipsis(c: char) -> bool {
    matches!(c, '—' | '⸺' | '⸻' | '…' | '⋯')
}

/// A character no line may start with (clreq basic level plus the strict dash rule). The ASCII
/// stops are listed unconditionally: UAX #14 never breaks before them either.
pub(crate) fn must_not_start(c: char) -> bool {
    is_pause_or_stop(c)
        || is_closing(c)
        || is_dash_or_ellipsis(c)
        || matches!(c, '～' | '–' | '·' | '・' | '‧' | '/' | '／')
}

/// A character no line may end with.
pub(crate) fn must_not_end(c: char) -> bool {
    is_opening(c)
}

/// `“` and `‘`, which Chinese text uses only as opening marks.
pub(crate) fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '‘')
}

/// `”` and `’`, which Chinese text uses only as closing marks.
pub(crate) fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’')
}

/// The marks that may hang into the reserved margin.
pub(crate) fn is_hangable(c: char) -> bool {
    matches!(c, '，' | '。' | '、')
}

/// Whitespace that is dropped at a line break. No-break spaces are glue, not break spaces.
pub(crate) fn is_break_space(c: char) -> bool {
    c == ' ' || (c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}'))
}

/// Decides the script of a paragraph: Chinese when its Han characters cover at least as many
/// columns (two each) as its letters from other scripts.
pub(crate) fn script_of(text: &str) -> Script {
    let mut han = 0usize;
    let mut letters = 0usize;
    for c in text.chars() {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
        } else if is_han(c) {
            han += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if han > 0 && 2 * han >= letters {
        Script::Chinese
    } else {
        Script::Latin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_follows_the_dominant_text() {
        let cases = [
            ("本报讯(记者王利辉)2月27日,市政府", Script::Chinese),
            ("使用iPhone 15 Pro手机拍摄", Script::Chinese),
            (
                "The mayor, Wang Lihui (王利辉), opened the meeting on Monday.",
                Script::Latin,
            ),
            ("Plain English.", Script::Latin),
            ("2023 19.25%", Script::Latin),
            ("", Script::Latin),
            ("かなの文章", Script::Chinese),
        ];
        for (text, want) in cases {
            assert_eq!(script_of(text), want, "{text:?}");
        }
    }

    #[test]
    fn lists_match_typography_md() {
        // Every mark TYPOGRAPHY.md lists, so a slip in one `matches!` shows up here.
        for c in "、，。；：？！．‼⁇”’」』）)〕］｝】〗》〉～–·・‧/／—⸺…".chars()
        {
            assert!(must_not_start(c), "{c} may not start a line");
        }
        for c in "“‘「『（(〔［｛【〖《〈".chars() {
            assert!(must_not_end(c), "{c} may not end a line");
        }
        for c in "中文a1“".chars() {
            assert!(!must_not_start(c), "{c} may start a line");
        }
        for c in "中文a1”。".chars() {
            assert!(!must_not_end(c), "{c} may end a line");
        }
    }

    #[test]
    fn break_spaces() {
        for c in [' ', '\t', '\u{3000}', '\u{2028}', '\u{2003}'] {
            assert!(is_break_space(c), "{c:?}");
        }
        for c in ['\u{A0}', '\u{202F}', 'a', '\u{200B}'] {
            assert!(!is_break_space(c), "{c:?}");
        }
    }
}
