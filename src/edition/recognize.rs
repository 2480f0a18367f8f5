//! Recognisers for the parts of a newspaper page that text dumps leave as plain lines: bylines,
//! photo credits, datelines, continuation jumps, page labels, dates in names, and whether a
//! paragraph ends a sentence. Pure string functions, table-tested.

use std::ops::Range;

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

/// Whether two pieces of one paragraph are joined with a space (Latin) or directly (CJK).
pub fn needs_space(before: &str, after: &str) -> bool {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b)) => !(is_cjk(a) || is_cjk(b) || a == '-' && b.is_lowercase()),
        _ => false,
    }
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

/// A sort key that puts normalised page labels in page order: plain numbers by value (`2`
/// before `10`), then letter-prefixed labels (`A2` before `A10`, `A` before `B`), then anything
/// else by its text.
pub fn label_order(label: &str) -> (u8, String, u64, String) {
    let split = label
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(label.len());
    let (letters, digits) = label.split_at(split);
    match digits.parse::<u64>() {
        Ok(n) if letters.is_empty() => (0, String::new(), n, String::new()),
        Ok(n) => (1, letters.to_owned(), n, String::new()),
        Err(_) => (2, String::new(), 0, label.to_owned()),
    }
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
    date_at_end(name).map(|(date, _)| date)
}

/// A date at the end or, failing that, at the start of a name, and the rest of the name without
/// it and its separators: `rmrb-20200115` → (`2020-01-15`, `rmrb`), `19160415-sn83030214` →
/// (`1916-04-15`, `sn83030214`), `2023-02-28` → (`2023-02-28`, ``).
pub fn split_date(name: &str) -> Option<(String, &str)> {
    const SEPARATORS: [char; 4] = ['-', '_', '.', ' '];
    if let Some((date, len)) = date_at_end(name) {
        let rest = name[..name.len() - len].trim_end_matches(SEPARATORS);
        return Some((date, rest));
    }
    let (date, len) = date_at_start(name)?;
    Some((date, name[len..].trim_start_matches(SEPARATORS)))
}

/// The date that ends `name` and its length in bytes (10 with separators, 8 without). An
/// 8-digit date must not be the tail of a longer number.
fn date_at_end(name: &str) -> Option<(String, usize)> {
    let bytes = name.as_bytes();
    for len in [10, 8] {
        let Some(start) = bytes.len().checked_sub(len) else {
            continue;
        };
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        if let Some(date) = name.get(start..).and_then(parse_date) {
            return Some((date, len));
        }
    }
    None
}

/// The date that opens `name` and its length in bytes.
fn date_at_start(name: &str) -> Option<(String, usize)> {
    let bytes = name.as_bytes();
    for len in [10, 8] {
        if bytes.len() < len || bytes.get(len).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(date) = name.get(..len).and_then(parse_date) {
            return Some((date, len));
        }
    }
    None
}

/// `2023-02-28`, `2023_02_28`, `2023.02.28` or `20230228`, checked against the calendar.
fn parse_date(candidate: &str) -> Option<String> {
    let b = candidate.as_bytes();
    let separators_ok = match b.len() {
        10 => matches!(b[4], b'-' | b'_' | b'.') && b[7] == b[4],
        8 => true,
        _ => false,
    };
    let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
    if !separators_ok || digits.len() != 8 {
        return None;
    }
    if b.len() == 8 && !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year: u32 = digits[..4].parse().ok()?;
    let month: u32 = digits[4..6].parse().ok()?;
    let day: u32 = digits[6..].parse().ok()?;
    ((1800..=2999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in(year, month)).contains(&day))
    .then(|| format!("{year:04}-{month:02}-{day:02}"))
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

const OPEN: [char; 2] = ['(', '（'];
const CLOSE: [char; 2] = [')', '）'];

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

/// A photo credit line: short, ending in 摄 or 摄影 with an optional agency in brackets
/// (`本报记者 谭宜姝 摄`, `曹红祖摄（人民视觉）`, `…摄（新华社发）`), an agency's `新华社发`, `…供图`,
/// `Photo: …`, `Photo by X`, `X/Agency`.
pub fn is_credit(line: &str) -> bool {
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

/// The largest char boundary at or below `idx`.
fn floor_boundary(text: &str, idx: usize) -> usize {
    let mut idx = idx.min(text.len());
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
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
            ("sn83030214", None),
            ("x120230228", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(find_date(name).as_deref(), want, "name {name:?}");
        }
    }

    #[test]
    fn dates_split_from_names() {
        let cases = [
            ("rmrb-20200115", Some(("2020-01-15", "rmrb"))),
            (
                "xuchang-daily-20230228",
                Some(("2023-02-28", "xuchang-daily")),
            ),
            (
                "xuchang-daily-2023-02-28",
                Some(("2023-02-28", "xuchang-daily")),
            ),
            ("19160415-sn83030214", Some(("1916-04-15", "sn83030214"))),
            ("20230228-gazette", Some(("2023-02-28", "gazette"))),
            ("2023-02-28_gazette", Some(("2023-02-28", "gazette"))),
            ("2023-02-28", Some(("2023-02-28", ""))),
            ("20200115-01-01", Some(("2020-01-15", "01-01"))),
            ("gazette", None),
            ("202302281-x", None),
        ];
        for (name, want) in cases {
            assert_eq!(
                split_date(name),
                want.map(|(d, r)| (d.to_owned(), r)),
                "name {name:?}"
            );
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

    #[test]
    fn page_labels_sort_in_page_order() {
        let mut labels = vec!["10", "B2", "2", "A10", "A2", "sports", "1", "B1"];
        labels.sort_by_key(|l| label_order(l));
        assert_eq!(labels, ["1", "2", "10", "A2", "A10", "B1", "B2", "sports"]);
    }
}
