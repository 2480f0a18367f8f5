//! Recognisers for the parts of a newspaper page that text dumps leave as plain lines: bylines,
//! photo credits, datelines, continuation jumps, page labels, dates in names, and whether a
//! paragraph ends a sentence. Pure string functions, table-tested.

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

/// Normalises a page label the way continuations and page blocks name pages: `第三版` → `3`,
/// `Page B2` → `B2`, `03` → `3`, `ａ３` → `A3`, `b02` → `B2`.
pub fn normalize_page_label(raw: &str) -> String {
    let mut label: String = raw.trim().chars().map(to_ascii_form).collect();
    for prefix in [
        "第", "Page ", "page ", "PAGE ", "Page", "page", "PAGE", "P.", "p.",
    ] {
        if let Some(rest) = label.strip_prefix(prefix) {
            label = rest.trim_start().to_owned();
            break;
        }
    }
    for suffix in ["版", "面"] {
        if let Some(rest) = label.strip_suffix(suffix) {
            label = rest.trim_end().to_owned();
        }
    }
    if let Some(n) = chinese_number(&label) {
        return n.to_string();
    }
    // Letter prefix then digits (B02 → B2); a plain number loses its leading zeros.
    let split = label
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(label.len());
    let (letters, digits) = label.split_at(split);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        let number = digits.trim_start_matches('0');
        let number = if number.is_empty() { "0" } else { number };
        return format!("{}{number}", letters.to_uppercase());
    }
    label
}

/// Full-width ASCII forms (Ｂ２, ３) → ASCII.
fn to_ascii_form(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Chinese numerals up to 999: 一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 〇三 → 3.
pub fn chinese_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let mut total = 0;
    let mut current = None::<u32>;
    let mut positional = 0;
    let mut has_unit = false;
    for c in text.chars() {
        match c {
            '零' | '〇' if current.is_none() => current = Some(0),
            '两' => current = Some(2),
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
                has_unit = true;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
                has_unit = true;
            }
            c => {
                let d = digit(c)?;
                if has_unit {
                    current = Some(d);
                } else {
                    positional = positional * 10 + d;
                    current = Some(d);
                }
            }
        }
    }
    if has_unit {
        Some(total + current.unwrap_or(0))
    } else {
        Some(positional)
    }
}

/// A date at the end of a name: `xuchang-daily-2023-02-28` → `2023-02-28` (also `_`, `.` or no
/// separators: `20230228`).
pub fn find_date(name: &str) -> Option<String> {
    let digits: Vec<(usize, char)> = name.char_indices().collect();
    let tail: String = digits
        .iter()
        .rev()
        .take(10)
        .map(|&(_, c)| c)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let candidates = [
        tail.as_str(),
        tail.get(tail.len().saturating_sub(8)..).unwrap_or(""),
    ];
    for candidate in candidates {
        let clean: String = candidate.chars().filter(char::is_ascii_digit).collect();
        let separators_ok = match candidate.len() {
            10 => {
                let b = candidate.as_bytes();
                matches!(b[4], b'-' | b'_' | b'.') && b[7] == b[4]
            }
            8 => candidate.chars().all(|c| c.is_ascii_digit()),
            _ => false,
        };
        if !separators_ok || clean.len() != 8 {
            continue;
        }
        let year: u32 = clean[..4].parse().ok()?;
        let month: u32 = clean[4..6].parse().ok()?;
        let day: u32 = clean[6..].parse().ok()?;
        if (1800..=2999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in(year, month)).contains(&day)
        {
            return Some(format!("{year:04}-{month:02}-{day:02}"));
        }
    }
    None
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

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
    let mut found = Vec::new();
    let text = paragraph.trim();
    if let Some(jump) = chinese_jump_at_start(text).or_else(|| latin_jump(text, true)) {
        found.push(jump);
    }
    if let Some(jump) = chinese_jump_at_end(text).or_else(|| latin_jump(text, false))
        && !found.contains(&jump)
    {
        found.push(jump);
    }
    found
}

const OPEN: [char; 2] = ['(', '（'];
const CLOSE: [char; 2] = [')', '）'];

fn chinese_jump_at_start(text: &str) -> Option<(Jump, String)> {
    let inner = text.strip_prefix(OPEN)?;
    let end = inner.find(CLOSE)?;
    parse_chinese_jump(&inner[..end])
}

fn chinese_jump_at_end(text: &str) -> Option<(Jump, String)> {
    let inner = text.strip_suffix(CLOSE)?;
    let start = inner.rfind(OPEN)?;
    let open_len = inner[start..].chars().next().map_or(1, char::len_utf8);
    parse_chinese_jump(&inner[start + open_len..])
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
fn latin_jump(text: &str, at_start: bool) -> Option<(Jump, String)> {
    // A jump line is short: only the paragraph's first or last 48 bytes can hold one.
    const WINDOW: usize = 48;
    let text = if at_start {
        let mut end = text.len().min(WINDOW);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        let mut start = text.len().saturating_sub(WINDOW);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        &text[start..]
    };
    if !text.bytes().any(|b| b == b'c' || b == b'C') {
        return None;
    }
    let lower = text.to_ascii_lowercase();
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
    let well_placed = if at_start { true } else { tail.is_empty() };
    (well_placed
        && !label.is_empty()
        && label.len() <= 4
        && label.chars().any(|c| c.is_ascii_digit()))
    .then(|| (jump, normalize_page_label(&label)))
}

/// Prefixes that open a Chinese byline line.
const BYLINE_PREFIXES: [&str; 10] = [
    "本报记者",
    "本报通讯员",
    "本报评论员",
    "新华社记者",
    "记者",
    "通讯员",
    "文/",
    "文／",
    "□",
    "■",
];

/// A byline on its own line: `本报记者 张辉`, `本报记者 许廷合 通讯员 高照辉`,
/// `禹州市委常委、市纪委书记、市监委主任 曹晓光`, `By JANE DOE`.
pub fn is_byline(line: &str) -> bool {
    let line = line.trim();
    // 60 characters take at most 240 bytes: longer text is a paragraph, not a byline.
    if line.is_empty() || line.len() > 240 || is_credit(line) {
        return false;
    }
    if let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    {
        let words: Vec<&str> = rest.split_whitespace().collect();
        return (1..=8).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "and" | "of" | "&")
            })
            && !rest.ends_with('.');
    }
    let chars = line.chars().count();
    if chars > 60 || line.contains(['。', '，', ',', '！', '？', '!', '?', '；', ';', '“', '”'])
    {
        return false;
    }
    if BYLINE_PREFIXES.iter().any(|p| line.starts_with(p)) {
        return chars <= 40;
    }
    // "titles + space + name": the last space-separated word is a 2–4 character Han name.
    let Some((titles, name)) = line.rsplit_once([' ', '\u{3000}']) else {
        return false;
    };
    let name_chars = name.chars().count();
    (2..=4).contains(&name_chars)
        && name.chars().all(is_han)
        && titles.trim().chars().count() >= 2
        // Titles end like titles do: 主任, 书记, 市长, 委员, 主席, 教授, 记者, 代表…
        && titles.trim_end().ends_with(['任', '记', '长', '员', '席', '授', '者', '辑', '家', '表', '理', '督', '师', '官'])
        && titles
            .chars()
            .all(|c| is_han(c) || matches!(c, '、' | ' ' | '\u{3000}'))
}

/// A photo credit line: short, ending in 摄 (`本报记者 谭宜姝 摄`, `新华社发`), or `Photo: …`.
pub fn is_credit(line: &str) -> bool {
    let line = line.trim();
    // 40 characters take at most 160 bytes: longer text is a paragraph, not a credit.
    if line.len() > 160 {
        return false;
    }
    let chars = line.chars().count();
    if chars > 40 || line.contains(['。', '，', ',']) {
        return false;
    }
    let lower = line.to_ascii_lowercase();
    line.ends_with('摄')
        || line.ends_with("摄影")
        || ((line.ends_with("供图") || line.ends_with("图"))
            && line.contains(['/', ' ', '\u{3000}'])
            && chars <= 20)
        || lower.starts_with("photo: ")
        || lower.starts_with("photo by ")
        || lower.starts_with("photograph by ")
}

/// The dateline that opens a paragraph: `本报讯(记者王利辉)`, `新华社北京2月27日电(记者 X)`,
/// `SPRINGFIELD —`. The dateline stays in the paragraph; this returns a copy of it.
pub fn dateline(paragraph: &str) -> Option<String> {
    let text = paragraph.trim_start();
    for opener in ["本报讯", "本报电", "本报消息"] {
        if let Some(rest) = text.strip_prefix(opener) {
            let bracket = leading_bracket(rest).unwrap_or("");
            return Some(format!("{opener}{bracket}"));
        }
    }
    if text.starts_with("新华社") || text.starts_with("中新社") || text.starts_with("据新华社")
    {
        let end = text
            .char_indices()
            .take(24)
            .find(|&(_, c)| c == '电')
            .map(|(i, c)| i + c.len_utf8())?;
        let bracket = leading_bracket(&text[end..]).unwrap_or("");
        return Some(format!("{}{bracket}", &text[..end]));
    }
    // Latin: an upper-case place before an em dash or double hyphen within the first 60 bytes.
    let dash = text
        .char_indices()
        .take(60)
        .find(|&(i, c)| c == '—' || text[i..].starts_with("--"))?;
    let place = text[..dash.0].trim_end();
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    let shouty = letters.len() >= 3
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 7
        && place.split_whitespace().next().is_some_and(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        });
    shouty.then(|| {
        let dash_len = if text[dash.0..].starts_with("--") {
            2
        } else {
            '—'.len_utf8()
        };
        text[..dash.0 + dash_len].trim_end().to_owned()
    })
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
    fn page_labels() {
        let cases = [
            ("第一版", "1"),
            ("第三版", "3"),
            ("第十二版", "12"),
            ("二十", "20"),
            ("第二十一版", "21"),
            ("一百零五", "105"),
            ("03", "3"),
            ("3", "3"),
            ("Page B2", "B2"),
            ("page a1", "A1"),
            ("B02", "B2"),
            ("ａ３", "A3"),
            ("第３版", "3"),
            ("sports", "sports"),
            ("0", "0"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_page_label(raw), want, "label {raw:?}");
        }
    }

    #[test]
    fn dates_in_names() {
        let cases = [
            ("xuchang-daily-2023-02-28", Some("2023-02-28")),
            ("paper_2023_02_28", Some("2023-02-28")),
            ("20230228", Some("2023-02-28")),
            ("2024-02-29", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2023-13-01", None),
            ("000_f409d700cfb95473", None),
            ("日报2023-02-28", Some("2023-02-28")),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(find_date(name).as_deref(), want, "name {name:?}");
        }
    }

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
}
