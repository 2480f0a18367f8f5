//! Bounds on what one article's HTML may cost before html5ever parses it: input past
//! [`MAX_HTML_BYTES`] or [`MAX_TAGS`] tags is cut, and tags nested deeper than [`MAX_NESTING`] are flattened (their
//! text kept), so neither size nor depth can make the parse slow or overflow the stack.

/// HTML bytes read from one item or page; the rest is left out (and counted in
/// [`HtmlArticle::truncated_bytes`](super::HtmlArticle::truncated_bytes)). A real article is
/// well under 1 MB; this bounds the time and memory a hostile item can take.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// Tags read from one item or page (what stands after them is left out as bytes past
/// [`MAX_HTML_BYTES`] are): each element costs a few hundred bytes of tree, so 8 MiB of
/// one-character elements made a tree of 280 MB. A real article page has a few thousand.
pub const MAX_TAGS: usize = 100_000;

/// Elements nested deeper than this are flattened (their tags dropped, their text kept) before
/// parsing: html5ever checks element scopes by walking the stack of open elements, so 10,000
/// nested `<div>`s cost time quadratic in the depth. No article nests this deep.
pub const MAX_NESTING: usize = 256;

/// A whole page parsed once for the fetcher's selectors: its first [`MAX_HTML_BYTES`] and
/// [`MAX_TAGS`] tags (so the tree stays bounded whatever a server sends), its nesting flattened past [`MAX_NESTING`] first (html5ever's scope checks and
/// every descendant selector walk the ancestors of each element, so an unbounded depth makes
/// both quadratic: a page 20,000 `<div>`s deep took minutes). Returns the document and the
/// number of bytes left out.
pub fn parse_page(html: &str) -> (scraper::Html, usize) {
    let (html, left_out) = bounded(html);
    let (flat, _) = flatten_deep(html, MAX_NESTING);
    (scraper::Html::parse_document(&flat), left_out)
}

/// `html` bounded and flattened as [`parse_page`] does (borrowed when nothing was changed),
/// for a parser other than scraper's (the readability extractor).
pub fn flatten_page(html: &str) -> std::borrow::Cow<'_, str> {
    flatten_deep(bounded(html).0, MAX_NESTING).0
}

/// The bytes of `html` past what is read of it ([`MAX_HTML_BYTES`], [`MAX_TAGS`]).
pub fn left_out(html: &str) -> usize {
    bounded(html).1
}

/// The first [`MAX_HTML_BYTES`] of `html` (cut at a character boundary), and of those, what
/// stands before its tag number [`MAX_TAGS`] + 1; and how many bytes were left out.
pub(super) fn bounded(html: &str) -> (&str, usize) {
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(tag) = memchr::memchr_iter(b'<', &html.as_bytes()[..end]).nth(MAX_TAGS) {
        // `<` is ASCII: a character boundary.
        end = tag;
    }
    (&html[..end], html.len() - end)
}

/// Drops the tags of elements nested deeper than `max_depth` (text stays), counting only
/// elements that must be closed explicitly: void elements and those whose end tag is optional
/// (`p`, `li`, `td`…) cannot pile up in the parser's stack of open elements. Comments and the
/// content of raw-text elements (`script`, `style`) are passed over. Borrows when nothing was
/// dropped. Returns the text and the number of tags dropped.
pub(super) fn flatten_deep(html: &str, max_depth: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let bytes = html.as_bytes();
    if memchr::memchr_iter(b'<', bytes).count() <= max_depth {
        return (std::borrow::Cow::Borrowed(html), 0);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut depth = 0usize;
    let mut dropped = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off;
        if bytes[start + 1..].starts_with(b"!--") {
            i = memchr::memmem::find(&bytes[start + 4..], b"-->")
                .map_or(bytes.len(), |e| start + 4 + e + 3);
            continue;
        }
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        if !closing
            && let Some(raw) = RAW_TEXT
                .iter()
                .find(|r| name.eq_ignore_ascii_case(r.as_bytes()))
        {
            i = find_close(bytes, end, raw);
            continue;
        }
        if !self_closing
            && !NOT_NESTING
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
        {
            let too_deep = if closing {
                let deep = depth > max_depth;
                depth = depth.saturating_sub(1);
                deep
            } else {
                depth += 1;
                depth > max_depth
            };
            if too_deep {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
                buf.push_str(&html[copied..start]);
                copied = end;
                dropped += 1;
            }
        }
        i = end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            (std::borrow::Cow::Owned(buf), dropped)
        }
        None => (std::borrow::Cow::Borrowed(html), 0),
    }
}

/// Elements whose content is raw text: a `<` inside is not a tag.
const RAW_TEXT: [&str; 6] = ["script", "style", "textarea", "title", "xmp", "noscript"];

/// Void elements and elements with an optional end tag: they do not pile up when nested.
const NOT_NESTING: [&str; 34] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th",
    "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp", "colgroup",
];

/// The index just past the `>` closing a tag whose name ends at `from` (quotes respected), or
/// the end of the input.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (idx, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return idx + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The index of `</name` (any case) at or after `from`, or the end of the input.
fn find_close(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let tail = &bytes[start + 1..];
        if tail.first() == Some(&b'/')
            && tail.len() > name.len()
            && tail[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return start;
        }
        i = start + 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_read_to_its_tag_limit() {
        let small = "<p>a</p>".repeat(100);
        assert_eq!(bounded(&small), (small.as_str(), 0));
        let tiny_tags = "<b>x</b>".repeat(MAX_TAGS);
        let (kept, left_out) = bounded(&tiny_tags);
        assert_eq!(memchr::memchr_iter(b'<', kept.as_bytes()).count(), MAX_TAGS);
        assert!(kept.ends_with("x</b>"), "cut before a tag, not inside one");
        assert_eq!(kept.len() + left_out, tiny_tags.len());
    }

    #[test]
    fn flattening_keeps_text_and_shallow_documents() {
        let shallow = "<div><p>a</p><p>b</p></div>".repeat(200);
        assert!(matches!(
            flatten_deep(&shallow, 4).0,
            std::borrow::Cow::Borrowed(_)
        ));
        let deep = format!("{}x{}", "<div class='a>b'>".repeat(10), "</div>".repeat(10));
        let (flat, dropped) = flatten_deep(&deep, 3);
        assert_eq!(dropped, 14);
        assert_eq!(flat.matches("<div").count(), 3);
        assert!(flat.contains('x'));
        let scripts = format!("<script>{}</script>{}", "<div>".repeat(50), "<p>y</p>");
        assert_eq!(
            flatten_deep(&scripts, 3).1,
            0,
            "tags inside a script are not counted"
        );
    }
}
