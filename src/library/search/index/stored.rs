//! An article as the index stores it ([`StoredItem`]): its id, title, page and searchable parts
//! exactly as the loader made them, joined by a control character, so that the index checks
//! candidates and cuts snippets from the same text the scan reads. The build writes it, the
//! lookup reads it back.
//!
//! Each article is compressed on its own ([`pack`], [`unpack`]): lz4 with a dictionary made
//! from the library's first edition ([`dictionary`]), so that reading one result back costs
//! its own few kilobytes, not the 64 KB block of articles the index library would compress
//! together (a quarter of a rare search's time), while the articles still share what their
//! paper repeats (names, standing phrases, bylines). The packed articles are kept in a segment
//! file of their own ([`super::articles`]).
//!
//! Built on the query vocabulary ([`Searchable`]) and the edition model only; it must never
//! import the index's build ([`super`]) or lookup, the scan, or the choice between the index and
//! the scan ([`crate::library::search`]'s own items).

use crate::edition::{Block, Item, Page};
use crate::library::search::searchable::{Field, Searchable};

/// Separates an article's stored parts, and its body blocks: control characters, which the
/// loader removes from all text.
const PART: char = '\u{1f}';

/// Starts a body photo's part, and separates its caption from its credit there: a control
/// character too. At the start, it says what the part is without a search through it.
const CREDIT: char = '\u{1e}';

/// An article as the index stores it: id, title, page, and the searchable parts, all as the
/// loader made them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem<'a> {
    text: &'a str,
    /// Byte ranges (start, end) of the fixed parts in `text`: id, title, page label, page name,
    /// kicker, headline, subtitle, byline, column, caption, credit.
    fixed: [(usize, usize); FIXED],
    /// Where the body blocks start (one per block, separated by [`PART`]; a photo's part is
    /// [`CREDIT`], its caption, [`CREDIT`] and its credit), when the article has any. They are
    /// cut apart only as they are read: a search stops at its first match, and most of an
    /// article's text is never scanned for separators.
    body: Option<usize>,
}

/// Fixed parts before the body blocks.
const FIXED: usize = 11;

/// The largest dictionary lz4 uses: matches reach back 64 KB.
const DICTIONARY_BYTES: usize = 64 * 1024;

/// A dictionary for [`pack`] made from `stored` (the stored forms of an edition's articles, as
/// [`StoredItem::encode`] gives them): their last 64 KB.
pub fn dictionary<'a>(stored: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut dict = Vec::new();
    for text in stored {
        dict.extend_from_slice(text.as_bytes());
    }
    let cut = dict.len().saturating_sub(DICTIONARY_BYTES);
    dict.drain(..cut);
    dict
}

/// An article's stored form as the index keeps it: its length (four bytes, little-endian),
/// then its bytes compressed with `dict`.
pub fn pack(stored: &str, dict: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size_with_dict(stored.as_bytes(), dict)
}

/// The stored form [`pack`] made, decompressed into `out` (reused from article to article);
/// `None` when `packed` is not what it made with `dict` (damage, never a non-match) or would
/// be larger than any edition file kanbao reads.
pub fn unpack<'o>(packed: &[u8], dict: &[u8], out: &'o mut Vec<u8>) -> Option<&'o str> {
    let (len, body) = packed.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if len as u64 > crate::edition::read::MAX_FILE_BYTES {
        return None;
    }
    if out.len() < len {
        out.resize(len, 0);
    }
    let written = lz4_flex::block::decompress_into_with_dict(body, &mut out[..len], dict).ok()?;
    let text = out.get(..written).filter(|_| written == len)?;
    simdutf8::basic::from_utf8(text).ok()
}

impl<'a> StoredItem<'a> {
    /// The stored form of `item` on `page`: its parts joined by a control character (text
    /// never holds one), an absent part empty.
    pub fn encode(item: &Item, page: &Page) -> String {
        let fixed = [
            Some(item.id.as_str()),
            Some(item.title()),
            Some(page.label.as_str()),
            page.name.as_deref(),
            item.kicker.as_deref(),
            item.headline.as_deref(),
            item.subtitle.as_deref(),
            item.byline.as_deref(),
            item.column.as_deref(),
            item.caption.as_deref(),
            item.credit.as_deref(),
        ];
        let mut out = String::new();
        for (n, part) in fixed.into_iter().enumerate() {
            if n > 0 {
                out.push(PART);
            }
            out.push_str(part.unwrap_or(""));
        }
        for block in &item.body {
            out.push(PART);
            if let Block::Photo(photo) = block {
                out.push(CREDIT);
                out.push_str(block.text());
                out.push(CREDIT);
                out.push_str(photo.credit.as_deref().unwrap_or(""));
            } else {
                out.push_str(block.text());
            }
        }
        out
    }

    /// Reads a stored form back; `None` when it is not one.
    pub fn decode(text: &'a str) -> Option<StoredItem<'a>> {
        const SEPARATOR: u8 = 0x1f;
        debug_assert_eq!(PART as u32, u32::from(SEPARATOR));
        let bytes = text.as_bytes();
        let mut fixed = [(0, 0); FIXED];
        let mut start = 0;
        let mut body = None;
        for (n, slot) in fixed.iter_mut().enumerate() {
            // The separator is one byte that never occurs inside a UTF-8 sequence.
            match memchr::memchr(SEPARATOR, &bytes[start..]) {
                Some(len) => {
                    *slot = (start, start + len);
                    start += len + 1;
                    if n + 1 == FIXED {
                        body = Some(start);
                    }
                }
                None if n + 1 == FIXED => *slot = (start, bytes.len()),
                None => return None,
            }
        }
        Some(StoredItem { text, fixed, body })
    }

    fn part(&self, n: usize) -> &str {
        self.fixed
            .get(n)
            .map_or("", |&(start, end)| &self.text[start..end])
    }

    pub(super) fn id(&self) -> &str {
        self.part(0)
    }

    pub(super) fn title(&self) -> &str {
        self.part(1)
    }

    pub(super) fn page_label(&self) -> &str {
        self.part(2)
    }

    pub(super) fn page_name(&self) -> Option<&str> {
        Some(self.part(3)).filter(|s| !s.is_empty())
    }
}

impl Searchable for StoredItem<'_> {
    fn parts(&self) -> impl Iterator<Item = (Field, &str)> {
        let heads = [
            (Field::Kicker, 4),
            (Field::Headline, 5),
            (Field::Subtitle, 6),
            (Field::Byline, 7),
            (Field::Column, 8),
        ]
        .into_iter()
        .map(|(field, n)| (field, self.part(n)));
        let body = self
            .body
            .into_iter()
            .flat_map(|start| self.text[start..].split(PART))
            .enumerate()
            .flat_map(|(block, text)| {
                match text
                    .strip_prefix(CREDIT)
                    .map(|photo| photo.split_once(CREDIT))
                {
                    Some(Some((caption, credit))) => [
                        (Field::PhotoCaption(block), caption),
                        (Field::PhotoCredit(block), credit),
                    ],
                    // A photo's part without its second mark is not one kanbao wrote: its
                    // text is a caption.
                    Some(None) => [
                        (Field::PhotoCaption(block), &text[CREDIT.len_utf8()..]),
                        (Field::PhotoCredit(block), ""),
                    ],
                    None => [(Field::Body(block), text), (Field::Body(block), "")],
                }
            });
        let tail = [
            (Field::Caption, self.part(9)),
            (Field::Credit, self.part(10)),
        ];
        heads
            .chain(body)
            .chain(tail)
            .filter(|(_, text)| !text.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_items_read_back_with_their_parts() {
        let sample = crate::library::sample();
        for page in &sample.pages {
            for item in &page.items {
                let encoded = StoredItem::encode(item, page);
                let stored = StoredItem::decode(&encoded).expect("decodes");
                assert_eq!(stored.id(), item.id);
                assert_eq!(stored.title(), item.title());
                assert_eq!(stored.page_label(), page.label);
                assert_eq!(stored.page_name(), page.name.as_deref());
                let theirs: Vec<(Field, &str)> =
                    item.parts().filter(|(_, t)| !t.is_empty()).collect();
                let ours: Vec<(Field, &str)> = stored.parts().collect();
                assert_eq!(ours, theirs, "{}", item.id);
            }
        }
    }

    #[test]
    fn packed_articles_come_back_whole_and_damage_is_never_text() {
        let sample = crate::library::sample();
        let stored: Vec<String> = sample
            .pages
            .iter()
            .flat_map(|page| page.items.iter().map(|item| StoredItem::encode(item, page)))
            .collect();
        let dict = dictionary(stored.iter().map(String::as_str));
        assert!(!dict.is_empty() && dict.len() <= DICTIONARY_BYTES);
        let mut out = Vec::new();
        let (mut raw, mut packed_bytes) = (0, 0);
        for text in &stored {
            let packed = pack(text, &dict);
            raw += text.len();
            packed_bytes += packed.len();
            assert_eq!(unpack(&packed, &dict, &mut out), Some(text.as_str()));
            // Without its dictionary: the text or nothing, never other text. Cut short, or
            // with a length that lies: nothing.
            let without = unpack(&packed, b"", &mut out).map(str::to_owned);
            assert!(without.is_none() || without.as_ref() == Some(text));
            if text.len() > 64 {
                assert_eq!(unpack(&packed[..packed.len() - 1], &dict, &mut out), None);
                let mut lying = packed.clone();
                lying[..4].copy_from_slice(&u32::MAX.to_le_bytes());
                assert_eq!(unpack(&lying, &dict, &mut out), None);
            }
        }
        // The edition the dictionary came from packs to a fraction of its text.
        assert!(packed_bytes * 2 < raw, "{packed_bytes} of {raw} bytes");
        assert_eq!(unpack(b"", &dict, &mut out), None);
        assert_eq!(unpack(&[1, 0, 0], &dict, &mut out), None);
    }

    #[test]
    fn an_article_without_body_and_a_short_form_read_as_they_are() {
        let parts = ["a/1/1", "标题", "1", "", "", "标题", "", "", "", "图", "摄"];
        let text = parts.join("\u{1f}");
        let stored = StoredItem::decode(&text).expect("eleven parts are an article");
        assert_eq!(stored.id(), "a/1/1");
        let ours: Vec<(Field, &str)> = stored.parts().collect();
        assert_eq!(
            ours,
            [
                (Field::Headline, "标题"),
                (Field::Caption, "图"),
                (Field::Credit, "摄")
            ]
        );
        // Ten parts are not one; an empty body block is a block.
        assert_eq!(StoredItem::decode(&parts[..10].join("\u{1f}")), None);
        let with_body = format!("{text}\u{1f}\u{1f}正文");
        let stored = StoredItem::decode(&with_body).expect("decodes");
        let body: Vec<(Field, &str)> = stored
            .parts()
            .filter(|(f, _)| matches!(f, Field::Body(_)))
            .collect();
        assert_eq!(body, [(Field::Body(1), "正文")]);
        // A photo's part starts with its mark; one without its second mark is all caption. A
        // mark inside a paragraph (not kanbao's writing either) leaves it a paragraph.
        let photos =
            format!("{text}\u{1f}\u{1e}江边\u{1e}张三摄\u{1f}\u{1e}只有说明\u{1f}正\u{1e}文");
        let stored = StoredItem::decode(&photos).expect("decodes");
        let body: Vec<(Field, &str)> = stored
            .parts()
            .filter(|(f, _)| !matches!(f, Field::Headline | Field::Caption | Field::Credit))
            .collect();
        assert_eq!(
            body,
            [
                (Field::PhotoCaption(0), "江边"),
                (Field::PhotoCredit(0), "张三摄"),
                (Field::PhotoCaption(1), "只有说明"),
                (Field::Body(2), "正\u{1e}文"),
            ]
        );
    }
}
