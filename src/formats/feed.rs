//! Feeds → editions: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed files parsed by `feed-rs`,
//! each item's HTML read by [`super::html`], items grouped into one edition per paper and date
//! and into pages by the `[01版：要闻]` title prefix or the item's category.
//!
//! Dates stay in the feed's own offset: an item published `2026-08-21T07:30:00+08:00` belongs to
//! the 21 August edition, not to 20 August in UTC. `feed-rs` keeps no elements it does not know
//! (such as a `newstime` element), so an item's edition date comes from a date in its link
//! (`/202608/21/`, `nw.D110000renmrb_20260821_1-01.htm`), else its published or updated time.
//!
//! Feed text is decoded here, before `feed-rs` sees it: a declared legacy encoding
//! (`encoding="gb2312"`) through `encoding_rs`, an undeclared non-UTF-8 file through a
//! `chardetng` guess (reported), so the parser always reads UTF-8. Entities other than XML's five
//! are never expanded (an entity-expansion bomb stays a few bytes of text).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::edition::assemble::{Names, assemble, slug};
use crate::edition::frontmatter::FrontMatter;
use crate::edition::model::{
    Block, Diagnostic, Edition, Format, Item, ItemKind, Page, Photo, Severity,
};
use crate::edition::read::decode_with_warnings;
use crate::edition::recognize::{dateline, find_date, normalize_page_label};
use crate::edition::sanitize::sanitize;

use super::html::{MAX_HTML_BYTES, article_from_html, text_from_html};

/// One feed file read: its paper and its entries in feed order. Problems are in `diagnostics`;
/// reading never fails.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedFile {
    /// The channel title without its descriptive suffix (`人民日报 - 每日全文订阅` → `人民日报`).
    pub paper: Option<String>,
    pub entries: Vec<FeedEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One feed item, with what [`feed_editions`] needs to place it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// What makes the item the same in several feed files: its guid/id, else its link, else
    /// its title and date.
    pub key: String,
    /// The edition date, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Normalised page label (`1`, `B2`); empty when the page is known only by name (a
    /// category), in which case [`feed_editions`] numbers it.
    pub page_label: String,
    /// The page's name (`要闻`), when known.
    pub page_name: Option<String>,
    /// The article; its `id` is empty until the edition is assembled, `line` is the item's
    /// 1-based position in the feed.
    pub item: Item,
}

/// True when `head` (the first bytes of a file) starts like a feed: after a byte-order mark,
/// whitespace, the XML declaration, comments, processing instructions and a doctype, the root
/// element is `rss`, `feed` or `RDF` (any prefix); or the file is a JSON object whose
/// `"version"` names jsonfeed.org. An HTML page or a text that mentions `<rss>` in prose is not
/// a feed.
pub fn looks_like_feed(head: &[u8]) -> bool {
    let decoded;
    let head = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, bom_len)) if enc == encoding_rs::UTF_8 => &head[bom_len..],
        Some((enc, bom_len)) => {
            decoded = enc.decode_without_bom_handling(&head[bom_len..]).0;
            decoded.as_bytes()
        }
        None => head,
    };
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = &head[start..];
    match rest.first() {
        Some(b'{') => json_feed_version(rest),
        Some(b'<') => root_name(rest).is_some_and(|name| {
            let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
            matches!(local, b"rss" | b"feed" | b"RDF")
        }),
        _ => false,
    }
}

/// The name of the first element in `text` after the prolog (declaration, comments,
/// processing instructions, doctype), or `None` when the prolog does not end within `text`.
fn root_name(text: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    loop {
        while text.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let rest = text.get(i..)?;
        if rest.starts_with(b"<?") {
            i += memchr::memmem::find(rest, b"?>")? + 2;
        } else if rest.starts_with(b"<!--") {
            i += memchr::memmem::find(&rest[4..], b"-->")? + 7;
        } else if rest.starts_with(b"<!") {
            // A doctype, possibly with an internal subset in brackets.
            let mut depth = 0usize;
            let end = rest.iter().position(|&b| match b {
                b'[' => {
                    depth += 1;
                    false
                }
                b']' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                b'>' => depth == 0,
                _ => false,
            })?;
            i += end + 1;
        } else if rest.first() == Some(&b'<') {
            let name_len = rest[1..]
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-'))
                .count();
            let after = rest.get(1 + name_len);
            let ends_name =
                after.is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/');
            return (name_len > 0 && ends_name).then(|| &rest[1..=name_len]);
        } else {
            return None;
        }
    }
}

/// True when a JSON text's `"version"` member (within the head) names jsonfeed.org.
fn json_feed_version(text: &[u8]) -> bool {
    let mut from = 0;
    while let Some(off) = memchr::memmem::find(&text[from..], b"\"version\"") {
        let mut i = from + off + 9;
        while text.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if text.get(i) == Some(&b':') {
            i += 1;
            while text.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if text.get(i) == Some(&b'"') {
                let value = &text[i + 1..];
                let end = memchr::memchr(b'"', value).unwrap_or(value.len());
                return memchr::memmem::find(&value[..end], b"jsonfeed.org").is_some();
            }
        }
        from = from + off + 9;
    }
    false
}

/// Reads one feed file. Never fails: a file that cannot be parsed gives an Error diagnostic
/// naming it (and the line, when the parser says where), and a cut-off XML feed keeps the items
/// before the cut.
pub fn read_feed(bytes: &[u8], path: &Path) -> FeedFile {
    let mut diagnostics = Vec::new();
    let text = decode_feed(bytes, path, &mut diagnostics);
    if text.trim().is_empty() {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            "empty feed: the file has no items".to_owned(),
        ));
        return FeedFile {
            paper: None,
            entries: Vec::new(),
            diagnostics,
        };
    }
    let feed = match parse(&text) {
        Ok(feed) => feed,
        Err(err) => {
            let (message, line) = describe_error(&err, &text);
            let Some((cut, feed)) = recover_items(&text) else {
                diagnostics.push(diag(
                    Severity::Error,
                    path,
                    line,
                    format!("cannot read the feed: {message}"),
                ));
                return FeedFile {
                    paper: None,
                    entries: Vec::new(),
                    diagnostics,
                };
            };
            let cut_line = line_of(&text, cut);
            diagnostics.push(diag(
                Severity::Error,
                path,
                Some(cut_line),
                format!(
                    "the feed is cut off or broken after line {cut_line} ({message}); the {} item(s) before it were kept",
                    feed.entries.len()
                ),
            ));
            feed
        }
    };
    let paper = feed
        .title
        .as_ref()
        .map(|t| paper_name(&title_text(&t.content)))
        .filter(|p| !p.is_empty());
    let mut entries = Vec::with_capacity(feed.entries.len());
    for (n, entry) in feed.entries.iter().enumerate() {
        if let Some(entry) = read_entry(entry, n + 1, path, &mut diagnostics) {
            entries.push(entry);
        }
    }
    if entries.is_empty() {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            "the feed has no items with text".to_owned(),
        ));
    }
    FeedFile {
        paper,
        entries,
        diagnostics,
    }
}

fn diag(severity: Severity, path: &Path, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        path: path.to_owned(),
        line,
        message,
    }
}

/// Parses UTF-8 feed text with kanbao's timestamp and id rules.
fn parse(text: &str) -> Result<feed_rs::model::Feed, feed_rs::parser::ParseFeedError> {
    feed_rs::parser::Builder::new()
        // Keep the wall-clock time of the feed's own offset: the value is read back only for
        // its date, which must be the date printed on the paper.
        .timestamp_parser(|text| wall_clock(text)?.parse().ok())
        // No invented ids: an item without a guid is keyed by its link or title instead.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build()
        .parse(text.as_bytes())
}

/// The parser's message and, when it gives a byte position, the 1-based line.
fn describe_error(err: &feed_rs::parser::ParseFeedError, text: &str) -> (String, Option<usize>) {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    match err {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => (
            "no <rss>, <feed> or <rdf:RDF> root element and no JSON Feed object; is it a feed?"
                .to_owned(),
            None,
        ),
        ParseFeedError::ParseError(
            ParseErrorKind::UnknownMimeType { position, .. }
            | ParseErrorKind::MissingContent { position, .. }
            | ParseErrorKind::UnknownEnumVariant { position, .. }
            | ParseErrorKind::IllegalState { position, .. },
        ) => (
            err.to_string(),
            usize::try_from(*position).ok().map(|p| line_of(text, p)),
        ),
        ParseFeedError::JsonSerde(json) => (err.to_string(), Some(json.line()).filter(|&l| l > 0)),
        _ => (err.to_string(), None),
    }
}

/// 1-based line of byte `byte_idx` in `text`.
fn line_of(text: &str, byte_idx: usize) -> usize {
    let end = byte_idx.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).count() + 1
}

/// The longest run of complete items of a cut-off or broken XML feed that still parses: (the
/// cut's byte index, the feed). Binary search over the item ends (`</item>`, `</entry>`), so a
/// broken item in the middle costs a few parses, not one per item. `None` for JSON or when no
/// item before the damage is complete.
fn recover_items(text: &str) -> Option<(usize, feed_rs::model::Feed)> {
    let name = std::str::from_utf8(root_name(text.as_bytes())?).ok()?;
    let closers = match name.rsplit(':').next() {
        Some("rss") => "</channel></rss>".to_owned(),
        Some("feed" | "RDF") => format!("</{name}>"),
        _ => return None,
    };
    let mut ends: Vec<usize> = ["</item>", "</entry>"]
        .iter()
        .flat_map(|tag| {
            memchr::memmem::find_iter(text.as_bytes(), tag.as_bytes()).map(|i| i + tag.len())
        })
        .collect();
    ends.sort_unstable();
    let attempt = |cut: usize| {
        parse(&format!("{}{closers}", &text[..cut]))
            .ok()
            .filter(|feed| !feed.entries.is_empty())
    };
    // Invariant: ends[..lo] end items that parsed; ends[hi..] do not parse.
    let (mut lo, mut hi, mut best) = (0, ends.len(), None);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match attempt(ends[mid]) {
            Some(feed) => {
                best = Some((ends[mid], feed));
                lo = mid + 1;
            }
            None => hi = mid,
        }
    }
    best
}

/// The feed's text as UTF-8, its XML declaration blanked (the text no longer is in the
/// declared encoding). Decoding problems are reported; nothing is dropped silently.
fn decode_feed<'a>(
    bytes: &'a [u8],
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cow<'a, str> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            bad_bytes_warning(path, enc.name(), diagnostics);
        }
        return without_declaration(text);
    }
    let declared = declared_encoding(bytes);
    let known = declared.and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    if let (Some(label), None) = (declared, known) {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            Some(1),
            format!("unknown encoding '{label}' declared; the feed is read as UTF-8"),
        ));
    }
    // A declaration read as ASCII cannot truly say UTF-16; such a file is read as UTF-8.
    let known = known.filter(|enc| enc.is_ascii_compatible());
    match known {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                bad_bytes_warning(path, enc.name(), diagnostics);
            }
            without_declaration(text)
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => without_declaration(Cow::Borrowed(text)),
            Err(_) if declared.is_some() => {
                without_declaration(Cow::Owned(decode_with_warnings(bytes, path, diagnostics)))
            }
            Err(_) => {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
                if enc == encoding_rs::UTF_8 {
                    return without_declaration(Cow::Owned(decode_with_warnings(
                        bytes,
                        path,
                        diagnostics,
                    )));
                }
                diagnostics.push(diag(
                    Severity::Warning,
                    path,
                    None,
                    format!(
                        "the feed declares no encoding and is not UTF-8; read as {} (a guess): declare it (<?xml version=\"1.0\" encoding=\"…\"?>) or re-save the file as UTF-8",
                        enc.name()
                    ),
                ));
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    bad_bytes_warning(path, enc.name(), diagnostics);
                }
                without_declaration(text)
            }
        },
    }
}

fn bad_bytes_warning(path: &Path, encoding: &str, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(diag(
        Severity::Warning,
        path,
        None,
        format!("bytes that are not valid {encoding} were shown as U+FFFD; re-save the feed in its declared encoding"),
    ));
}

/// The `encoding` pseudo-attribute of an XML declaration at the very start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(1024)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = &head[start..];
    if !decl.starts_with(b"<?xml") {
        return None;
    }
    let decl = &decl[..memchr::memmem::find(decl, b"?>")?];
    let at = memchr::memmem::find(decl, b"encoding")? + 8;
    let rest = decl[at..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let end = memchr::memchr(quote, value)?;
    std::str::from_utf8(&value[..end]).ok()
}

/// Replaces a leading XML declaration by as many line breaks as it held, so the parser reads
/// the (now UTF-8) text as UTF-8 and line numbers stay those of the file.
fn without_declaration(text: Cow<'_, str>) -> Cow<'_, str> {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with("<?xml") {
        return text;
    }
    let Some(end) = text[start..].find("?>").map(|e| start + e + 2) else {
        return text;
    };
    let breaks = text[start..end].matches('\n').count();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.extend(std::iter::repeat_n('\n', breaks));
    out.push_str(&text[end..]);
    Cow::Owned(out)
}

/// `Fri, 21 Aug 2026 07:30:00 +0800`, `2026-08-21T07:30:00+08:00` or `2026年8月21日 07:30` →
/// `2026-08-21T07:30:00Z`: the wall-clock time as written, whatever the offset, so the date is
/// the feed's own.
fn wall_clock(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut numbers: Vec<&str> = Vec::new();
    let mut month_word = None;
    let mut first_is_year = None;
    for token in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if token.is_empty() {
            continue;
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            first_is_year.get_or_insert(token.len() == 4);
            numbers.push(token);
        } else if token.bytes().all(|b| b.is_ascii_alphabetic()) {
            let lower = token.to_ascii_lowercase();
            if month_word.is_none() && numbers.len() < 3 {
                month_word = MONTHS
                    .iter()
                    .position(|m| lower.starts_with(m))
                    .map(|m| m + 1);
            }
        } else if let Some(digits) = token.strip_suffix(['T', 't'])
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            // `21T07` never happens after splitting on `-`/`:`, but `2026-08-21T07:30` splits
            // into `21T07`: treat it as two numbers.
            numbers.push(digits);
        } else if let Some((day, hour)) = token.split_once(['T', 't'])
            && day.bytes().all(|b| b.is_ascii_digit())
            && hour.bytes().all(|b| b.is_ascii_digit())
        {
            numbers.push(day);
            numbers.push(hour);
        }
    }
    let num = |idx: usize| numbers.get(idx).and_then(|n| n.parse::<u32>().ok());
    let (year, month, day, time_at) = if first_is_year == Some(true) && month_word.is_none() {
        (num(0)?, num(1)?, num(2)?, 3)
    } else {
        let month = month_word?;
        let year_idx = numbers.iter().position(|n| n.len() == 4)?;
        let day = numbers[..year_idx]
            .iter()
            .chain(numbers.get(year_idx + 1..).unwrap_or(&[]).iter().take(1))
            .find_map(|n| n.parse::<u32>().ok().filter(|d| (1..=31).contains(d)))?;
        (
            num(year_idx)?,
            u32::try_from(month).ok()?,
            day,
            year_idx + 1,
        )
    };
    let date = find_date(&format!("{year:04}{month:02}{day:02}"))?;
    let hour = num(time_at).filter(|h| *h < 24).unwrap_or(0);
    let minute = num(time_at + 1).filter(|m| *m < 60).unwrap_or(0);
    let second = num(time_at + 2).filter(|s| *s < 60).unwrap_or(0);
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}Z"))
}

/// The edition date in an article link: `/202608/21/`, `/2026-08/21/`, `/2026/08/21/`,
/// `/2026-08-21/`, `/20260821/` or `_20260821_`.
fn link_date(link: &str) -> Option<String> {
    let path = link.split_once("://").map_or(link, |(_, rest)| {
        rest.find('/').map_or("", |slash| &rest[slash..])
    });
    let bytes = path.as_bytes();
    // Runs of digits with the byte that follows each.
    let mut runs: Vec<(&str, Option<u8>)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((&path[start..i], bytes.get(i).copied()));
        } else {
            i += 1;
        }
    }
    let valid = |y: &str, m: &str, d: &str| find_date(&format!("{y}{m}{d}"));
    for (n, &(run, next)) in runs.iter().enumerate() {
        let following = |k: usize| runs.get(n + k).map(|&(r, _)| r);
        let found = match (run.len(), next) {
            (8, _) => valid(&run[..4], &run[4..6], &run[6..]),
            (6, Some(b'/')) => following(1)
                .filter(|d| d.len() == 2)
                .and_then(|d| valid(&run[..4], &run[4..], d)),
            (4, Some(b'-' | b'/')) => match (following(1), following(2)) {
                (Some(m), Some(d)) if m.len() == 2 && d.len() == 2 => valid(run, m, d),
                _ => None,
            },
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The inline text of a title (entities decoded, tags dropped), sanitised.
fn title_text(raw: &str) -> String {
    if raw.contains(['<', '&']) {
        text_from_html(raw)
    } else {
        collapse(raw)
    }
}

/// Whitespace collapsed to single spaces, trimmed and sanitised.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    sanitize(&out).into_owned()
}

/// Words that mark the descriptive tail of a channel title (`- 每日全文订阅`, `| RSS`).
const FEED_WORDS: [&str; 12] = [
    "全文",
    "订阅",
    "频道",
    "电子版",
    "数字报",
    "每日",
    "最新",
    "rss",
    "feed",
    "full text",
    "latest",
    "all articles",
];

/// `人民日报 - 每日全文订阅` → `人民日报`; `The Gazette | RSS` → `The Gazette`.
fn paper_name(title: &str) -> String {
    let describes = |tail: &str| {
        let lower = tail.to_lowercase();
        FEED_WORDS.iter().any(|w| lower.contains(w))
    };
    let mut paper = title.trim();
    for sep in [
        " - ", " – ", " — ", "——", " | ", "|", "｜", "：", ": ", " · ",
    ] {
        if let Some((head, tail)) = paper.split_once(sep)
            && !head.trim().is_empty()
            && describes(tail)
        {
            paper = head.trim();
        }
    }
    for suffix in [" RSS", "RSS", " Feed", "订阅", "全文"] {
        if let Some(head) = paper.strip_suffix(suffix)
            && !head.trim().is_empty()
        {
            paper = head.trim();
        }
    }
    paper.to_owned()
}

/// `[01版：要闻]标题`, `【01版：要闻】标题`, `01版:要闻 标题` → (`1`, `要闻`, `标题`).
fn page_prefix(title: &str) -> Option<(String, Option<String>, &str)> {
    let t = title.trim_start();
    let (inner, rest) = if let Some(r) = t.strip_prefix('[') {
        let end = r.find(']')?;
        (&r[..end], &r[end + 1..])
    } else if let Some(r) = t.strip_prefix('【') {
        let end = r.find('】')?;
        (&r[..end], &r[end + '】'.len_utf8()..])
    } else {
        // Without brackets the colon is required: `3版本更新` is a headline, not page 3.
        let ban = t.find('版')?;
        let after = &t[ban + '版'.len_utf8()..];
        if !after.starts_with([':', '：']) {
            return None;
        }
        let name_end = after
            .find(|c: char| c.is_whitespace())
            .unwrap_or(after.len());
        let end = ban + '版'.len_utf8() + name_end;
        (&t[..end], &t[end..])
    };
    let (label, name) = page_label_and_name(inner)?;
    Some((label, name, rest.trim_start()))
}

/// `01版：要闻` → (`1`, `要闻`); `第3版` → (`3`, None). The label must be short and
/// number-like.
fn page_label_and_name(text: &str) -> Option<(String, Option<String>)> {
    let (raw_label, raw_name) = text.split_once('版')?;
    let raw_label = raw_label.trim();
    let raw_label = raw_label.strip_prefix('第').unwrap_or(raw_label).trim();
    let chars = raw_label.chars().count();
    if chars == 0 || chars > 6 {
        return None;
    }
    let label = normalize_page_label(raw_label);
    if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let name = collapse(raw_name.trim_start_matches([':', '：', ' ', '\u{3000}']));
    Some((label, Some(name).filter(|n| !n.is_empty())))
}

/// A category as a page: `第3版：要闻` or `A3` gives a label; anything else names a page.
fn page_from_category(term: &str) -> (String, Option<String>) {
    let term = collapse(term);
    if let Some(page) = page_label_and_name(&term) {
        return page;
    }
    let label = normalize_page_label(&term);
    let numeric_like = label.len() <= 4
        && label.chars().any(|c| c.is_ascii_digit())
        && label.chars().all(|c| c.is_ascii_alphanumeric());
    if numeric_like {
        (label, None)
    } else {
        (String::new(), Some(term).filter(|t| !t.is_empty()))
    }
}

fn is_html(content_type: &impl std::fmt::Display) -> bool {
    content_type.to_string().contains("html")
}

/// One feed item → an entry; `None` (with a warning) for an item with neither title nor text.
fn read_entry(
    entry: &feed_rs::model::Entry,
    position: usize,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FeedEntry> {
    let mut item = Item::blank(ItemKind::Article, position);
    let title = entry
        .title
        .as_ref()
        .map(|t| title_text(&t.content))
        .unwrap_or_default();
    let (mut page_label, mut page_name, headline) = match page_prefix(&title) {
        Some((label, name, rest)) => (label, name, rest.to_owned()),
        None => (String::new(), None, title.clone()),
    };
    if page_label.is_empty()
        && let Some(category) = entry.categories.first()
    {
        (page_label, page_name) =
            page_from_category(category.label.as_deref().unwrap_or(&category.term));
    }
    if page_label.is_empty() && page_name.is_none() {
        "1".clone_into(&mut page_label);
    }

    item.link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .map(|l| sanitize(l.href.trim()).into_owned())
        .filter(|l| !l.is_empty());

    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?.trim();
        (!body.is_empty()).then_some((body, is_html(&c.content_type)))
    });
    let mut from_content =
        content.map(|(body, html)| read_body(body, html, position, path, diagnostics));
    let summary = entry
        .summary
        .as_ref()
        .map(|s| (s.content.trim(), is_html(&s.content_type)));
    if from_content.as_ref().is_none_or(|a| a.body.is_empty())
        && let Some((text, html)) = summary.filter(|(text, _)| !text.is_empty())
    {
        let article = read_body(text, html, position, path, diagnostics);
        // A description that is a whole article page (People's Daily puts the e-paper page in
        // it) is the text, not a summary.
        item.summary_only = !article.has_article_root;
        from_content = Some(article);
    }
    let article = from_content.unwrap_or_default();

    item.kicker = article.kicker;
    item.headline = article
        .headline
        .or(Some(headline).filter(|h| !h.is_empty()));
    item.subtitle = article.subtitle;
    item.byline = article.byline.or_else(|| {
        let names: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .map(collapse)
            .filter(|n| !n.is_empty())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    });
    item.body = article.body;
    add_media_photos(entry, &mut item.body);
    resolve_images(item.link.as_deref(), &mut item.body);
    let opening = item.paragraphs().next().and_then(dateline);
    item.dateline = opening;
    if item.headline.is_none() && item.body.is_empty() {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            format!("item {position} has no title and no text; skipped"),
        ));
        return None;
    }

    let date = item.link.as_deref().and_then(link_date).or_else(|| {
        entry
            .published
            .or(entry.updated)
            .map(|t| t.to_rfc3339().chars().take(10).collect())
    });
    let id = collapse(&entry.id);
    let key = if !id.is_empty() {
        id
    } else if let Some(link) = &item.link {
        link.clone()
    } else {
        format!("{}|{}", item.title(), date.as_deref().unwrap_or(""))
    };
    Some(FeedEntry {
        key,
        date,
        page_label,
        page_name,
        item,
    })
}

/// An item's content or summary read as HTML (or as plain text, one paragraph per line),
/// reporting what had to be left out.
fn read_body(
    text: &str,
    html: bool,
    position: usize,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> super::html::HtmlArticle {
    if !html && !text.contains('<') {
        let body = text
            .lines()
            .map(collapse)
            .filter(|p| !p.is_empty())
            .map(Block::Paragraph)
            .collect();
        return super::html::HtmlArticle {
            body,
            ..super::html::HtmlArticle::default()
        };
    }
    let article = article_from_html(text);
    if article.truncated_bytes > 0 {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            format!(
                "item {position}: its HTML is longer than {} MiB; the last {} bytes were left out",
                MAX_HTML_BYTES / (1024 * 1024),
                article.truncated_bytes
            ),
        ));
    }
    if article.flattened_tags > 0 {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            format!(
                "item {position}: its HTML nests deeper than {} elements; {} tags were flattened (the text is kept)",
                super::html::MAX_NESTING,
                article.flattened_tags
            ),
        ));
    }
    article
}

/// Pictures from enclosures and `media:content` (image types only) that the body does not
/// already show go before the text, as lead photos.
/// Makes photo addresses that are relative to the article's page (`../../pic/a.jpg`) whole
/// URLs, so a picture can be found away from the site; an address that does not resolve is
/// kept as written.
fn resolve_images(link: Option<&str>, body: &mut [Block]) {
    let Some(base) = link.and_then(|l| url::Url::parse(l).ok()) else {
        return;
    };
    for block in body {
        if let Block::Photo(Photo {
            image: Some(image), ..
        }) = block
            && url::Url::parse(image).is_err()
            && let Ok(whole) = base.join(image)
        {
            *image = whole.to_string();
        }
    }
}

fn add_media_photos(entry: &feed_rs::model::Entry, body: &mut Vec<Block>) {
    let file_name = |url: &str| url.rsplit('/').next().unwrap_or(url).to_owned();
    let shown: Vec<String> = body
        .iter()
        .filter_map(|b| match b {
            Block::Photo(p) => p.image.as_deref().map(file_name),
            _ => None,
        })
        .collect();
    let mut lead = Vec::new();
    for media in &entry.media {
        for content in &media.content {
            let Some(url) = &content.url else { continue };
            let url = url.as_str();
            let image = content.content_type.as_ref().map_or_else(
                || {
                    let lower = url.to_ascii_lowercase();
                    [".jpg", ".jpeg", ".png", ".gif", ".webp"]
                        .iter()
                        .any(|ext| lower.ends_with(ext))
                },
                |t| t.to_string().starts_with("image/"),
            );
            if !image || shown.contains(&file_name(url)) {
                continue;
            }
            let text = |t: &Option<feed_rs::model::Text>| {
                t.as_ref()
                    .map(|t| title_text(&t.content))
                    .filter(|t| !t.is_empty())
            };
            lead.push(Block::Photo(Photo {
                caption: text(&media.title).or_else(|| text(&media.description)),
                credit: media
                    .credits
                    .first()
                    .map(|c| collapse(&c.entity))
                    .filter(|c| !c.is_empty()),
                image: Some(sanitize(url).into_owned()),
            }));
        }
    }
    if !lead.is_empty() {
        body.splice(0..0, lead);
    }
}

/// Groups the entries of all files into editions, one per (paper, date), built with
/// [`assemble`] as [`Format::Feed`] editions:
///
/// - id `slug("{paper}-{date}")`; undated entries go to `slug("{paper}-undated")`; without a
///   paper, the feed file's stem stands in for it. Ids are made unique with `-2`, `-3`…
/// - pages sorted by label (numbers first, then letter-prefixed labels); items in feed order
///   within a page. Pages known only by a category name are numbered after the labelled ones,
///   in order of first appearance.
/// - the same item (key) of the same paper in several files appears once: the first seen, unless a later copy
///   has the text where the first had only a summary (it then takes the first one's place).
/// - `source` is the feed file the edition's first entry came from.
/// - each edition's warnings hold the diagnostics of every file that gave it an entry; a file
///   that gave no entry at all (unparseable, empty) becomes an empty edition named after the
///   file carrying its diagnostics, so no problem goes unreported.
pub fn feed_editions(files: Vec<(PathBuf, FeedFile)>) -> Vec<Edition> {
    let grouped = group(files);
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut unique = |id: String| {
        let count = ids.entry(id.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            id
        } else {
            format!("{id}-{count}")
        }
    };
    let mut editions = Vec::with_capacity(grouped.groups.len() + grouped.unused_files.len());
    for group in grouped.groups {
        let name = group.paper.clone().unwrap_or_else(|| group.stem.clone());
        let id = unique(slug(&format!(
            "{name}-{}",
            group.date.as_deref().unwrap_or("undated")
        )));
        let warnings = group
            .files
            .iter()
            .flat_map(|&f| grouped.files[f].diagnostics.iter().cloned())
            .collect();
        let names = Names {
            id,
            paper: group.paper,
            date: group.date,
        };
        editions.push(assemble(
            names,
            &FrontMatter::default(),
            &group.source,
            Format::Feed,
            paginate(group.entries),
            warnings,
        ));
    }
    for f in grouped.unused_files {
        let file = &grouped.files[f];
        let stem = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let names = Names {
            id: unique(slug(&stem)),
            paper: file.paper.clone(),
            date: None,
        };
        editions.push(assemble(
            names,
            &FrontMatter::default(),
            &file.path,
            Format::Feed,
            Vec::new(),
            file.diagnostics.clone(),
        ));
    }
    editions
}

/// The entries of one (paper, date) edition, in feed order.
struct Group {
    paper: Option<String>,
    date: Option<String>,
    /// The first file's stem, standing in for a missing paper name.
    stem: String,
    source: PathBuf,
    /// Indexes of the files that gave entries.
    files: Vec<usize>,
    entries: Vec<FeedEntry>,
}

/// What each file was, once its entries have gone to groups.
struct FileInfo {
    path: PathBuf,
    paper: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

struct Grouped {
    groups: Vec<Group>,
    files: Vec<FileInfo>,
    /// Files that gave no entry (unreadable, empty, or only duplicates).
    unused_files: Vec<usize>,
}

/// Distributes entries to (paper, date) groups, keeping each key once (a full copy replaces a
/// summary-only one in its place).
fn group(files: Vec<(PathBuf, FeedFile)>) -> Grouped {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(Option<String>, Option<String>, String), usize> = HashMap::new();
    // (paper, key) → (group, index in the group's entries). Keys are only unique within a
    // paper: two papers' JSON feeds may both number their items from 1.
    let mut seen: HashMap<(Option<String>, String), (usize, usize)> = HashMap::new();
    let mut infos = Vec::with_capacity(files.len());
    let mut unused_files = Vec::new();
    for (file_idx, (path, file)) in files.into_iter().enumerate() {
        let stem = path
            .file_stem()
            .map(|s| sanitize(&s.to_string_lossy()).into_owned())
            .unwrap_or_default();
        let mut used = false;
        for entry in file.entries {
            let seen_key = (file.paper.clone(), entry.key.clone());
            if let Some(&(g, e)) = seen.get(&seen_key) {
                let old = &mut groups[g].entries[e];
                if old.item.summary_only && !entry.item.summary_only {
                    old.item = entry.item;
                }
                continue;
            }
            used = true;
            // Without a paper name, entries of one file stay together under its stem.
            let paper_key = if file.paper.is_some() {
                String::new()
            } else {
                stem.clone()
            };
            let group_key = (file.paper.clone(), entry.date.clone(), paper_key);
            let g = *group_of.entry(group_key).or_insert_with(|| {
                groups.push(Group {
                    paper: file.paper.clone(),
                    date: entry.date.clone(),
                    stem: stem.clone(),
                    source: path.clone(),
                    files: Vec::new(),
                    entries: Vec::new(),
                });
                groups.len() - 1
            });
            if !groups[g].files.contains(&file_idx) {
                groups[g].files.push(file_idx);
            }
            seen.insert(seen_key, (g, groups[g].entries.len()));
            groups[g].entries.push(entry);
        }
        if !used {
            unused_files.push(file_idx);
        }
        infos.push(FileInfo {
            path,
            paper: file.paper,
            diagnostics: file.diagnostics,
        });
    }
    Grouped {
        groups,
        files: infos,
        unused_files,
    }
}

/// Entries → pages: by label, pages known only by name numbered after the labelled ones.
fn paginate(entries: Vec<FeedEntry>) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    let taken: Vec<String> = entries
        .iter()
        .filter(|e| !e.page_label.is_empty())
        .map(|e| e.page_label.clone())
        .collect();
    let mut next_number = 1usize;
    for entry in entries {
        let label = if entry.page_label.is_empty() {
            let name = entry.page_name.clone().unwrap_or_default();
            by_name
                .entry(name)
                .or_insert_with(|| {
                    while taken.contains(&next_number.to_string()) {
                        next_number += 1;
                    }
                    next_number += 1;
                    (next_number - 1).to_string()
                })
                .clone()
        } else {
            entry.page_label
        };
        match pages.iter_mut().find(|p| p.label == label) {
            Some(page) => {
                if page.name.is_none() {
                    page.name = entry.page_name;
                }
                page.items.push(entry.item);
            }
            None => pages.push(Page {
                label,
                name: entry.page_name,
                items: vec![entry.item],
            }),
        }
    }
    pages.sort_by_cached_key(|p| crate::edition::recognize::label_order(&p.label));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        let cases: &[(&str, &[u8], bool)] = &[
            ("rss 2.0", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", true),
            ("bom and whitespace", b"\xef\xbb\xbf  \n<rss>", true),
            ("atom", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", true),
            ("rdf", b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", true),
            ("rdf without prefix", b"<RDF>", true),
            (
                "comments, stylesheet and doctype first",
                b"<?xml version=\"1.0\"?><!-- generated --><?xml-stylesheet href=\"a.xsl\"?>\n<!DOCTYPE rss [<!ENTITY a \"b\">]><rss version=\"2.0\">",
                true,
            ),
            ("json feed", b"{\n  \"version\" : \"https://jsonfeed.org/version/1.1\", \"title\": \"x\"", true),
            ("other json", b"{\"version\": \"1.0\", \"name\": \"package\"}", false),
            ("html page", b"<!DOCTYPE html>\n<html><head><title>rss</title>", false),
            ("dialect text mentioning rss", b"# Headline\n\nThe <rss> element is a feed.", false),
            ("prose starting with a tag-like word", b"<rssfeed> is not a root", false),
            ("empty", b"", false),
            ("unfinished comment", b"<!-- <rss>", false),
        ];
        for (what, head, want) in cases {
            assert_eq!(looks_like_feed(head), *want, "{what}");
        }
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "<rss version=\"2.0\">"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(looks_like_feed(&utf16), "UTF-16 with a BOM");
    }

    #[test]
    fn wall_clock_keeps_the_offset() {
        for (raw, want) in [
            (
                "Fri, 21 Aug 2026 07:30:00 +0800",
                Some("2026-08-21T07:30:00Z"),
            ),
            ("2026-08-21T07:30:00+08:00", Some("2026-08-21T07:30:00Z")),
            ("2026-08-20T23:30:00-05:00", Some("2026-08-20T23:30:00Z")),
            ("2026-08-21", Some("2026-08-21T00:00:00Z")),
            ("21 August 2026 7:05 GMT", Some("2026-08-21T07:05:00Z")),
            ("Aug 21 2026 07:30:00", Some("2026-08-21T07:30:00Z")),
            ("2026年8月21日 07:30", Some("2026-08-21T07:30:00Z")),
            ("Thursday", None),
            ("2026-02-30", None),
            ("", None),
        ] {
            assert_eq!(wall_clock(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn dates_in_links() {
        for (link, want) in [
            (
                "http://paper.people.com.cn/rmrb/pc/content/202608/21/content_30012345.html",
                Some("2026-08-21"),
            ),
            (
                "http://paper.people.com.cn/rmrb/html/2026-08/21/nw.D110000renmrb_20260821_1-01.htm",
                Some("2026-08-21"),
            ),
            (
                "https://example.com/2026/08/21/mill-reopens",
                Some("2026-08-21"),
            ),
            (
                "https://example.com/news/2026-08-21/mill",
                Some("2026-08-21"),
            ),
            ("https://example.com/a/20260821/1.html", Some("2026-08-21")),
            ("https://20260821.example.com/story/12345", None),
            ("https://example.com/story/12345678", None),
            ("https://example.com/story", None),
        ] {
            assert_eq!(link_date(link).as_deref(), want, "{link}");
        }
    }

    #[test]
    fn paper_names() {
        for (title, want) in [
            ("人民日报 - 每日全文订阅", "人民日报"),
            ("人民日报——全文RSS", "人民日报"),
            ("人民日报|RSS频道", "人民日报"),
            ("青川日报：电子版", "青川日报"),
            ("The Springfield Gazette | RSS", "The Springfield Gazette"),
            ("The Gazette - Full Text Feed", "The Gazette"),
            ("The Gazette RSS", "The Gazette"),
            ("Mill - Town News", "Mill - Town News"),
            ("RSS", "RSS"),
        ] {
            assert_eq!(paper_name(title), want, "{title}");
        }
    }

    #[test]
    fn page_prefixes() {
        for (title, want) in [
            (
                "[01版：要闻]青川县新建温室",
                Some(("1", Some("要闻"), "青川县新建温室")),
            ),
            (
                "【02版：经济】粮食丰收",
                Some(("2", Some("经济"), "粮食丰收")),
            ),
            ("03版:国际 世界各地", Some(("3", Some("国际"), "世界各地"))),
            ("[第4版]评论", Some(("4", None, "评论"))),
            (
                "[A3版：体育] 比赛",
                Some(("A3", None::<&str>.or(Some("体育")), "比赛")),
            ),
            ("出版社新书发布", None),
            ("3版本更新发布", None),
            ("[要闻]标题", None),
            ("Mill reopens", None),
        ] {
            let got = page_prefix(title);
            let got = got.as_ref().map(|(l, n, r)| (l.as_str(), n.as_deref(), *r));
            assert_eq!(got, want, "{title}");
        }
    }

    #[test]
    fn categories_as_pages() {
        assert_eq!(
            page_from_category("第3版：要闻"),
            ("3".to_owned(), Some("要闻".to_owned()))
        );
        assert_eq!(page_from_category("A3"), ("A3".to_owned(), None));
        assert_eq!(
            page_from_category("Sports"),
            (String::new(), Some("Sports".to_owned()))
        );
    }

    #[test]
    fn label_sorting() {
        let mut labels = vec!["10", "B1", "2", "A10", "A2", "1", "x"];
        labels.sort_by_key(|l| crate::edition::recognize::label_order(l));
        assert_eq!(labels, ["1", "2", "10", "A2", "A10", "B1", "x"]);
    }
}
