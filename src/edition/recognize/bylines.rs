//! Bylines and photo credits: `本报记者 张辉`, a bare name, `By JANE DOE`; `本报记者 谭宜姝 摄`,
//! `…供图`, `Photo by X`, `X/Agency`; and a byline's normalised form.

use super::script::{CLOSE, OPEN, is_han};

/// Prefixes that open a Chinese byline line.
const BYLINE_PREFIXES: [&str; 10] = [
    "本报记者",
    "本报通讯员",
    "本报评论员",
    "本报特约记者",
    "新华社记者",
    "记者",
    "通讯员",
    "特约记者",
    "文/",
    "文／",
];

/// Endings of the titles that stand before a name: 主任, 书记, 市长, 委员, 主席, 教授, 记者…
const TITLE_ENDS: [char; 16] = [
    '任', '记', '长', '员', '席', '授', '者', '辑', '家', '表', '理', '督', '师', '官', '生', '士',
];

/// A byline on its own line: `本报记者 张辉`, `本报记者  徐  隽  魏哲哲`,
/// `禹州市委常委、市纪委书记、市监委主任 曹晓光`, `北京大学教授 原 新`, `南方日报记者 杜玮淦`,
/// a bare name (`崔 妍`, `马哈茂德·阿卜杜拉赫曼`), `By JANE DOE.`, `By The Associated Press`.
/// Callers ask only where a byline can stand (between the headline block and the body): a bare
/// two-character name elsewhere is just text.
pub fn is_byline(line: &str) -> bool {
    let line = line.trim();
    // 60 characters take at most 240 bytes: longer text is a paragraph, not a byline.
    if line.is_empty() || line.len() > 240 || is_credit(line) {
        return false;
    }
    if let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))
    {
        return is_latin_name_list(rest);
    }
    let chars = line.chars().count();
    if chars > 60
        || line.contains([
            '。', '，', ',', '！', '？', '!', '?', '；', ';', '“', '”', '：', ':',
        ])
    {
        return false;
    }
    if BYLINE_PREFIXES.iter().any(|p| line.starts_with(p)) {
        return chars <= 40;
    }
    // `□ 本报记者 张三`: a box before a byline; `■ 一线视角` is a list line or a column label.
    if let Some(rest) = line.strip_prefix(['□', '■']) {
        let rest = rest.trim_start();
        return !rest.starts_with(['□', '■'])
            && !is_bare_name(&normalize_byline(rest))
            && is_byline(rest);
    }
    let normalized = normalize_byline(line);
    if is_bare_name(&normalized) {
        return true;
    }
    // Several bare names set apart by wide gaps (`崔妍  李明`, `崔妍　李明`); single spaces
    // between short words are a slogan (`新时代 新征程 新伟业`).
    let names: Vec<&str> = normalized.split(' ').collect();
    let wide_gaps = line.contains("  ") || line.contains('\u{3000}');
    if wide_gaps && (2..=4).contains(&names.len()) && names.iter().all(|n| is_bare_name(n)) {
        return true;
    }
    // "titles + space + name": the last word is a name, the rest ends like a title.
    let Some((titles, name)) = normalized.rsplit_once(' ') else {
        return false;
    };
    let titles = titles.trim();
    (is_bare_name(name) || name.chars().count() == 4 && name.chars().all(is_han))
        && titles.chars().count() >= 2
        && titles.ends_with(TITLE_ENDS)
        && titles
            .chars()
            .all(|c| is_han(c) || matches!(c, '、' | ' ' | '·'))
}

/// `JANE DOE`, `Jane Doe and John Roe`, `The Associated Press`, with an optional final period.
fn is_latin_name_list(rest: &str) -> bool {
    let rest = rest.trim().strip_suffix('.').unwrap_or(rest.trim());
    if rest.ends_with('.') && !rest.ends_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && words.iter().any(|w| w.chars().any(char::is_alphabetic))
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "and" | "of" | "&" | "the" | "de" | "van" | "von")
        })
}

/// A personal name standing alone: 2–4 Han characters, or a transliterated name of Han parts
/// joined by `·` (`马哈茂德·阿卜杜拉赫曼`).
fn is_bare_name(text: &str) -> bool {
    let chars = text.chars().count();
    if text.contains('·') {
        let parts: Vec<&str> = text.split('·').collect();
        return chars <= 20
            && parts.len() <= 4
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(is_han));
    }
    // Four characters alone are more often a phrase (`一线视角`) than a name.
    (2..=3).contains(&chars) && text.chars().all(is_han)
}

/// A byline as shown and searched: spaces that pad a name out to the column width are removed
/// (`本报记者  徐  隽  魏哲哲` → `本报记者 徐隽 魏哲哲`, `崔 妍` → `崔妍`), other runs of spaces become
/// one. Single Han characters standing between spaces are the parts of one name.
pub fn normalize_byline(line: &str) -> String {
    let words: Vec<&str> = line
        .split([' ', '\u{3000}', '\t'])
        .filter(|w| !w.is_empty())
        .collect();
    let single_han = |w: &str| {
        let mut chars = w.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c))
    };
    let mut out = String::with_capacity(line.len());
    let mut prev_single = false;
    for (idx, word) in words.iter().enumerate() {
        let single = single_han(word);
        // Glue a lone character to its neighbour lone characters (`徐 隽`), and a lone surname
        // to a following two-character given name (`欧阳 修` stays apart: two characters first).
        let next_single = words.get(idx + 1).is_some_and(|w| single_han(w));
        let glue = idx > 0 && single && prev_single;
        if idx > 0 && !glue {
            out.push(' ');
        }
        out.push_str(word);
        prev_single = single && (glue || next_single);
    }
    out
}

/// A credit-shaped line, which [`is_byline`] never takes: short, ending in 摄 or 摄影 with an
/// optional agency in brackets (`本报记者 谭宜姝 摄`, `曹红祖摄（人民视觉）`), `新华社发`, `…供图`,
/// `Photo: …`, `Photo by X`, `X/Agency`. Loose on purpose (`他爱拍摄` passes): here it only keeps
/// such lines out of bylines. Whether a line IS a photo credit is decided by
/// `edition::caption::is_credit_line`, the one caption parser every reader uses.
pub(crate) fn is_credit(line: &str) -> bool {
    let line = line.trim();
    // 40 characters take at most 160 bytes: longer text is a paragraph, not a credit.
    if line.len() > 160 {
        return false;
    }
    let chars = line.chars().count();
    if chars > 40 || line.contains(['。', '，', '；', '！', '？']) {
        return false;
    }
    let opens = |prefix: &str| {
        line.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if ["photo: ", "photo by ", "photograph by ", "photos by "]
        .iter()
        .any(|p| opens(p))
    {
        return true;
    }
    if line.contains(',') {
        return false;
    }
    let core = strip_trailing_bracket(line).trim_end();
    core.ends_with('摄')
        || core.ends_with("摄影")
        || core.ends_with("社发")
        || core.ends_with("供图")
        || core.ends_with("制图")
        || (core.ends_with('图') && core.contains([' ', '\u{3000}', '/', '／']) && chars <= 20)
        || is_agency_credit(line)
}

/// `（人民视觉）` or `(新华社发)` at the end of a credit.
fn strip_trailing_bracket(line: &str) -> &str {
    let Some(inner) = line.strip_suffix(CLOSE) else {
        return line;
    };
    match inner.rfind(OPEN) {
        Some(start) if inner.len() - start <= 40 => &line[..start],
        _ => line,
    }
}

/// `Jane Doe/Reuters`, `JOHN ROE/The Associated Press`: a capitalised name, a slash, an agency.
fn is_agency_credit(line: &str) -> bool {
    let Some((name, agency)) = line.split_once('/') else {
        return false;
    };
    let capitalised = |part: &str, most: usize| {
        let words: Vec<&str> = part.split_whitespace().collect();
        (1..=most).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "of" | "the")
            })
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
            })
    };
    !agency.contains('/') && capitalised(name, 4) && capitalised(agency, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_and_credits() {
        let bylines = [
            "本报记者 张辉",
            "本报记者 许廷合 通讯员 高照辉",
            "禹州市委常委、市纪委书记、市监委主任 曹晓光",
            "By JANE DOE",
            "By Jane Doe and John Roe",
            "记者 王利辉",
        ];
        for line in bylines {
            assert!(is_byline(line), "byline {line:?}");
        }
        let not_bylines = [
            "本报记者 谭宜姝 摄",
            "近年来,新能源汽车行业由导入期进入到发展期,产销量实现同比大幅提升。",
            "续营造基层风清气正的政治生态。",
            "By the end of the year, prices rose.",
            "新时代 新征程 新伟业",
            "全力以赴拼经济 优化环境促发展",
        ];
        for line in not_bylines {
            assert!(!is_byline(line), "not a byline {line:?}");
        }
        for line in [
            "本报记者 谭宜姝 摄",
            "新华社记者 李贺 摄",
            "Photo: Jane Doe",
        ] {
            assert!(is_credit(line), "credit {line:?}");
        }
        for line in ["本报记者 张辉", "他在现场拍摄了很多照片,并说:好。"] {
            assert!(!is_credit(line), "not a credit {line:?}");
        }
    }

    #[test]
    fn real_byline_forms() {
        let bylines = [
            "崔 妍",
            "崔妍",
            "本报记者  徐  隽  魏哲哲",
            "北京大学教授 原 新",
            "南方日报记者 杜玮淦",
            "马哈茂德·阿卜杜拉赫曼",
            "崔妍  李明",
            "By JANE DOE.",
            "By The Associated Press",
            "BY JOHN W. SMITH.",
            "本报特约记者 王明",
            "□ 本报记者 张三",
        ];
        for line in bylines {
            assert!(is_byline(line), "byline {line:?}");
        }
        let not_bylines = [
            "新时代 新征程 新伟业",
            "坚持创新驱动",
            "——编  者",
            "■ 一线视角",
            "By the end of the year, prices rose.",
            "By noon the crowd had gone.",
            "他说：好",
            "床前明月光，",
        ];
        for line in not_bylines {
            assert!(!is_byline(line), "not a byline {line:?}");
        }
    }

    #[test]
    fn bylines_normalised() {
        let cases = [
            ("本报记者  徐  隽  魏哲哲", "本报记者 徐隽 魏哲哲"),
            ("崔 妍", "崔妍"),
            ("北京大学教授 原 新", "北京大学教授 原新"),
            (
                "本报记者 许廷合 通讯员 高照辉",
                "本报记者 许廷合 通讯员 高照辉",
            ),
            ("By JANE  DOE", "By JANE DOE"),
            ("本报记者　张辉", "本报记者 张辉"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_byline(raw), want, "byline {raw:?}");
        }
    }

    #[test]
    fn real_credit_forms() {
        let credits = [
            "曹红祖摄（人民视觉）",
            "本报记者 李 明摄（新华社发）",
            "新华社发",
            "新华社记者 王鹏摄",
            "张三供图",
            "受访者供图",
            "王五摄影",
            "本报记者 谭宜姝 摄",
            "Photo by Jane Doe",
            "Jane Doe/Reuters",
            "JOHN ROE/The Associated Press",
        ];
        for line in credits {
            assert!(is_credit(line), "credit {line:?}");
        }
        let not_credits = [
            "他在现场拍摄了很多照片，并说：好。",
            "本报记者 张辉",
            "input/output of the plant doubled",
            "图",
            "The council met on Monday/Tuesday to vote.",
        ];
        for line in not_credits {
            assert!(!is_credit(line), "not a credit {line:?}");
        }
    }
}
