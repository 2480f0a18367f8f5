//! One feed file → [`FeedFile`]: `feed-rs` with kanbao's timestamp and id rules, the parser's
//! errors located by line, the items before a cut-off or broken spot kept, and the paper's name
//! from the channel title (`人民日报 - 每日全文订阅` → `人民日报`).

use std::path::Path;

use crate::edition::model::Severity;

use super::dates::wall_clock;
use super::decode::decode_feed;
use super::detect::root_name;
use super::entry::{read_entry, title_text};
use super::{FeedFile, diag};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
