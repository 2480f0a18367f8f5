//! Datelines that open a paragraph: `本报讯(记者王利辉)`, `新华社北京2月27日电(记者 X)`,
//! `SPRINGFIELD —`, `WASHINGTON, April 14.—`.

use super::script::{CLOSE, OPEN, floor_boundary};

/// Agencies and papers whose datelines end in 电: `新华社北京2月27日电`, `本报北京8月19日电`.
const WIRE_OPENERS: [&str; 8] = [
    "本报",
    "新华社",
    "据新华社",
    "中新社",
    "据中新社",
    "人民网",
    "央视网",
    "中新网",
];

/// The dateline that opens a paragraph: `本报讯(记者王利辉)`, `本报北京8月19日电  （记者 X）`,
/// `新华社北京2月27日电(记者 X)`, `SPRINGFIELD —`, `WASHINGTON, April 14.—`,
/// `NEW YORK, N. Y., April 14. —`. The dateline stays in the paragraph; this returns a copy of it.
pub fn dateline(paragraph: &str) -> Option<String> {
    let text = paragraph.trim_start();
    for opener in ["本报讯", "本报电", "本报消息"] {
        if let Some(rest) = text.strip_prefix(opener) {
            let bracket = leading_bracket(rest.trim_start()).unwrap_or("");
            return Some(format!("{opener}{bracket}"));
        }
    }
    if WIRE_OPENERS.iter().any(|o| text.starts_with(o)) {
        let end = text
            .char_indices()
            .take(24)
            .find(|&(_, c)| c == '电')
            .map(|(i, c)| i + c.len_utf8())?;
        // What stands between the opener and 电 is a place and a date, not a sentence.
        if text[..end].contains(['，', '。', ',', '；']) {
            return None;
        }
        let rest = &text[end..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len();
        return Some(match leading_bracket(&rest[gap..]) {
            // `电  （记者…）`: the padding shrinks to one space.
            Some(bracket) if gap > 0 => format!("{} {bracket}", &text[..end]),
            Some(bracket) => format!("{}{bracket}", &text[..end]),
            None => text[..end].to_owned(),
        });
    }
    latin_dateline(text)
}

/// `PLACE —`, `PLACE, State, Month D.—`, `PLACE, Month D. -` (OCR), `PLACE -- `: an upper-case
/// place, then short comma-separated parts, then a dash.
fn latin_dateline(text: &str) -> Option<String> {
    // The place is in capitals: anything else is not a Latin dateline (most paragraphs).
    if !text.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let window = &text[..floor_boundary(text, 90)];
    let dash = window.char_indices().find_map(|(i, c)| {
        if c == '—' {
            Some((i, c.len_utf8()))
        } else if window[i..].starts_with("--") {
            Some((i, 2))
        } else if c == '-'
            && (window[..i].trim_end().ends_with('.') || window[i + 1..].starts_with(' '))
            && window[..i].ends_with(['.', ' '])
        {
            Some((i, 1))
        } else {
            None
        }
    })?;
    let place_part = text[..dash.0].trim_end();
    let mut segments = place_part.split(',');
    let place = segments.next()?.trim();
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    let place_ok = letters.len() >= 3
        && letters.iter().all(|c| c.is_uppercase())
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-'));
    // State, month and day: short, no sentence inside.
    let rest_ok = segments.all(|seg| {
        let seg = seg.trim();
        !seg.is_empty() && seg.chars().count() <= 16 && seg.split_whitespace().count() <= 3
    });
    (place_ok && rest_ok).then(|| text[..dash.0 + dash.1].trim_end().to_owned())
}

/// A bracketed group at the very start of `text`: `(记者王利辉)` or `（记者 张辉 通讯员 程海灵）`.
fn leading_bracket(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    if !OPEN.contains(&first) {
        return None;
    }
    let end = text
        .char_indices()
        .take(40)
        .find(|&(_, c)| CLOSE.contains(&c))?;
    Some(&text[..end.0 + end.1.len_utf8()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let cases = [
            (
                "本报讯(记者王利辉)2月27日,市政府",
                Some("本报讯(记者王利辉)"),
            ),
            (
                "本报讯(记者张辉 通讯员程海灵)社会救助",
                Some("本报讯(记者张辉 通讯员程海灵)"),
            ),
            ("本报讯 2月27日", Some("本报讯")),
            (
                "新华社北京2月27日电(记者 李四)国务院",
                Some("新华社北京2月27日电(记者 李四)"),
            ),
            ("SPRINGFIELD — The city council", Some("SPRINGFIELD —")),
            ("NEW YORK, N.Y. -- Markets fell", Some("NEW YORK, N.Y. --")),
            ("连日来,襄城县丁营乡", None),
            ("The council — after a long debate — agreed", None),
        ];
        for (text, want) in cases {
            assert_eq!(dateline(text).as_deref(), want, "text {text:?}");
        }
    }

    #[test]
    fn real_dateline_forms() {
        let cases = [
            (
                "本报北京8月19日电  （记者李明、王芳）国务院新闻办",
                Some("本报北京8月19日电 （记者李明、王芳）"),
            ),
            ("本报北京8月19日电 全国", Some("本报北京8月19日电")),
            (
                "新华社北京8月19日电（记者 张三）",
                Some("新华社北京8月19日电（记者 张三）"),
            ),
            ("中新社上海8月19日电 上海", Some("中新社上海8月19日电")),
            (
                "WASHINGTON, April 14.—President Wilson",
                Some("WASHINGTON, April 14.—"),
            ),
            (
                "CHICAGO, Ill., April 14.—The",
                Some("CHICAGO, Ill., April 14.—"),
            ),
            (
                "NEW YORK, N. Y., April 14. —The",
                Some("NEW YORK, N. Y., April 14. —"),
            ),
            (
                "SAN FRANCISCO, Cal., April 14.-The",
                Some("SAN FRANCISCO, Cal., April 14.-"),
            ),
            (
                "EL PASO, Tex., April 14. - The",
                Some("EL PASO, Tex., April 14. -"),
            ),
            (
                "ST. LOUIS, Mo., April 14.—The",
                Some("ST. LOUIS, Mo., April 14.—"),
            ),
            ("本报记者在现场看到，当地电力部门", None),
            ("The mayor, who spoke at length — and then left", None),
            ("Well-known citizens met", None),
        ];
        for (text, want) in cases {
            assert_eq!(dateline(text).as_deref(), want, "text {text:?}");
        }
    }
}
