//! Whether a file is a feed, from its first bytes: the root element after the XML prolog
//! (`rss`, `feed`, `RDF`), or a JSON object whose `"version"` names jsonfeed.org.

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
pub(super) fn root_name(text: &[u8]) -> Option<&[u8]> {
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
}
