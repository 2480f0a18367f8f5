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

use std::cell::Cell;
use std::ops::Range;

use crate::edition::{Block, Item, Page};
use crate::library::search::needle::Needle;
use crate::library::search::searchable::{Field, Searchable, match_in};

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
    /// The fixed parts and their separators, checked as UTF-8 when the article is read back.
    head: &'a str,
    /// Byte ranges (start, end) of the fixed parts in `head`: id, title, page label, page name,
    /// kicker, headline, subtitle, byline, column, caption, credit.
    fixed: [(usize, usize); FIXED],
    /// The body blocks (separated by [`PART`]; a photo's part is [`CREDIT`], its caption,
    /// [`CREDIT`] and its credit), when the article has any. They are cut apart and checked as
    /// UTF-8 one by one as they are read, or, for a query matched byte for byte, only the block
    /// that holds the match is: a search stops at its first match, and most of an article's
    /// text is never scanned for separators or checked.
    body: Option<&'a [u8]>,
    /// A body block read so far was not UTF-8: damage, which ended the reading there.
    damaged: Cell<bool>,
}

/// Fixed parts before the body blocks.
const FIXED: usize = 11;

/// The searchable fixed parts before the body, in reading order, with their places among the
/// fixed parts: one after the other.
const HEADS: [(Field, usize); 5] = [
    (Field::Kicker, 4),
    (Field::Headline, 5),
    (Field::Subtitle, 6),
    (Field::Byline, 7),
    (Field::Column, 8),
];

/// The searchable fixed parts after the body (a photo item's own caption and credit), with
/// their places among the fixed parts.
const TAIL: [(Field, usize); 2] = [(Field::Caption, 9), (Field::Credit, 10)];

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

/// The stored form [`pack`] made, decompressed into `out` (reused from article to article), as
/// bytes: [`StoredItem::decode`] checks them as UTF-8 part by part, as they are read. `None`
/// when `packed` is not what it made with `dict` (damage, never a non-match) or would be
/// larger than any edition file kanbao reads.
pub fn unpack<'o>(packed: &[u8], dict: &[u8], out: &'o mut Vec<u8>) -> Option<&'o [u8]> {
    let (len, body) = packed.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if len as u64 > crate::edition::read::MAX_FILE_BYTES {
        return None;
    }
    if out.len() < len {
        out.resize(len, 0);
    }
    let written = lz4_flex::block::decompress_into_with_dict(body, &mut out[..len], dict).ok()?;
    out.get(..written).filter(|_| written == len)
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

    /// Reads a stored form back; `None` when it is not one (its fixed parts are not UTF-8, or
    /// are too few). Its body blocks are checked as they are read: ask [`StoredItem::damaged`]
    /// after reading them.
    pub fn decode(bytes: &'a [u8]) -> Option<StoredItem<'a>> {
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
        let head_end = body.unwrap_or(bytes.len());
        Some(StoredItem {
            head: simdutf8::basic::from_utf8(&bytes[..head_end]).ok()?,
            fixed,
            body: body.map(|start| &bytes[start..]),
            damaged: Cell::new(false),
        })
    }

    /// Whether a body block read so far (by [`Searchable::parts`]) was not UTF-8, which ends
    /// the reading: damage, never a non-match.
    pub fn damaged(&self) -> bool {
        self.damaged.get()
    }

    fn part(&self, n: usize) -> &str {
        self.fixed
            .get(n)
            .map_or("", |&(start, end)| &self.head[start..end])
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

/// [`PART`] as the byte it is in UTF-8: one that never occurs inside a multi-byte sequence, so
/// text cut at it is cut between characters.
const SEPARATOR: u8 = 0x1f;

/// `bytes` cut at each [`PART`], as `split` cuts them, with the separators found by memchr's
/// vectorised search (the standard library's byte search was a fourteenth of listing every
/// result of a common word).
fn split_parts(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    debug_assert_eq!(PART as u32, u32::from(SEPARATOR));
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let part = rest?;
        let at = memchr::memchr(SEPARATOR, part);
        rest = at.map(|at| &part[at + 1..]);
        Some(at.map_or(part, |at| &part[..at]))
    })
}

impl StoredItem<'_> {
    /// The searchable fixed parts before the body, in reading order.
    fn heads(&self) -> impl Iterator<Item = (Field, &str)> {
        HEADS.into_iter().map(|(field, n)| (field, self.part(n)))
    }

    /// The searchable fixed parts after the body, in reading order.
    fn tail(&self) -> impl Iterator<Item = (Field, &str)> {
        TAIL.into_iter().map(|(field, n)| (field, self.part(n)))
    }
}

/// The parts of body block `block` (its text as stored): a paragraph's text, or a photo's
/// caption and credit (a photo's part starts with [`CREDIT`], which also separates them).
fn block_parts(block: usize, text: &str) -> [(Field, &str); 2] {
    match text
        .strip_prefix(CREDIT)
        .map(|photo| photo.split_once(CREDIT))
    {
        Some(Some((caption, credit))) => [
            (Field::PhotoCaption(block), caption),
            (Field::PhotoCredit(block), credit),
        ],
        // A photo's part without its second mark is not one kanbao wrote: its text is a
        // caption.
        Some(None) => [
            (Field::PhotoCaption(block), &text[CREDIT.len_utf8()..]),
            (Field::PhotoCredit(block), ""),
        ],
        None => [(Field::Body(block), text), (Field::Body(block), "")],
    }
}

impl Searchable for StoredItem<'_> {
    fn parts(&self) -> impl Iterator<Item = (Field, &str)> {
        let body = self
            .body
            .into_iter()
            .flat_map(split_parts)
            .map_while(|block| {
                let text = simdutf8::basic::from_utf8(block).ok();
                if text.is_none() {
                    self.damaged.set(true);
                }
                text
            })
            .enumerate()
            .flat_map(|(block, text)| block_parts(block, text));
        self.heads()
            .chain(body)
            .chain(self.tail())
            .filter(|(_, text)| !text.is_empty())
    }

    /// For a query matched byte for byte ([`Needle::exact_len`]), the body is searched at once,
    /// as bytes: only a block where the query's bytes occur is cut out and checked as UTF-8
    /// (one that is not is damage, and ends the search). The match is the one
    /// [`Searchable::parts`] gives: the blocks before one with the bytes hold no match, and a
    /// block's parts are searched in order.
    fn first_match_in(
        &self,
        needle: &Needle,
        wanted: impl Fn(Field) -> bool,
    ) -> Option<(Field, &str, Range<usize>)> {
        let found_in = |part| match_in(needle, &wanted, part);
        let Some(len) = needle.exact_len() else {
            return self.parts().find_map(found_in);
        };
        // The parts before the body (kicker to column) stand one after the other in `head`,
        // apart only by separators, which no query holds: one search over them all finds the
        // first match among them, in reading order.
        let heads = &self.head.as_bytes()[..self.fixed[HEADS[HEADS.len() - 1].1].1];
        let mut from = self.fixed[HEADS[0].1].0;
        while let Some(at) = needle.find_exact(heads, from) {
            let Some(&(field, n)) = HEADS.iter().find(|&&(_, n)| at < self.fixed[n].1) else {
                break;
            };
            let (start, end) = self.fixed[n];
            if wanted(field) {
                return Some((field, &self.head[start..end], at - start..at - start + len));
            }
            from = end;
        }
        let body = self.body.unwrap_or_default();
        let mut from = 0;
        while let Some(at) = needle.find_exact(body, from) {
            let start = memchr::memrchr(SEPARATOR, &body[..at]).map_or(0, |s| s + 1);
            let end = memchr::memchr(SEPARATOR, &body[at..]).map_or(body.len(), |e| at + e);
            let Ok(text) = simdutf8::basic::from_utf8(&body[start..end]) else {
                self.damaged.set(true);
                return None;
            };
            let block = memchr::memchr_iter(SEPARATOR, &body[..start]).count();
            match block_parts(block, text) {
                // A paragraph's first match is the first occurrence, found already.
                [(field @ Field::Body(_), text), _] => {
                    if wanted(field) {
                        return Some((field, text, at - start..at - start + len));
                    }
                }
                photo => {
                    if let Some(found) = photo.into_iter().find_map(found_in) {
                        return Some(found);
                    }
                }
            }
            from = end;
        }
        self.tail().find_map(found_in)
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
                let stored = StoredItem::decode(encoded.as_bytes()).expect("decodes");
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
            assert_eq!(unpack(&packed, &dict, &mut out), Some(text.as_bytes()));
            // Without its dictionary: the text or nothing, never other text. Cut short, or
            // with a length that lies: nothing.
            let without = unpack(&packed, b"", &mut out).map(<[u8]>::to_vec);
            assert!(without.is_none() || without.as_deref() == Some(text.as_bytes()));
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

    /// A stored form from its fixed parts' texts and body blocks as written (a photo's part
    /// with its marks), and a needle.
    fn stored_form(fixed: &[&str], blocks: &[String]) -> String {
        let mut text = fixed.join("\u{1f}");
        for block in blocks {
            text.push('\u{1f}');
            text.push_str(block);
        }
        text
    }

    /// The first match as the parts give it, one by one: what every reader's search does.
    fn first_by_parts<'t>(
        stored: &'t StoredItem<'_>,
        needle: &Needle,
        wanted: impl Fn(Field) -> bool,
    ) -> Option<(Field, &'t str, Range<usize>)> {
        stored
            .parts()
            .find_map(|part| match_in(needle, &wanted, part))
    }

    proptest::proptest! {
        /// The body searched at once as bytes finds the match the parts give, in every field
        /// and scope, photos' captions and credits included; damage is never a match.
        #[test]
        fn the_byte_search_finds_what_the_parts_give(
            heads in proptest::collection::vec("[救助江边摄a ]{0,6}", 11),
            blocks in proptest::collection::vec(
                ("[救助江边摄a ]{0,12}", "[救助摄Aa]{0,4}", 0..4u8),
                0..6,
            ),
            query in "[救助摄aA]{1,3}",
            scope in 0..4u8,
            damage in proptest::option::of(0..6usize),
        ) {
            let fixed: Vec<&str> = heads.iter().map(String::as_str).collect();
            let blocks: Vec<String> = blocks
                .into_iter()
                .map(|(text, credit, kind)| match kind {
                    0 => format!("\u{1e}{text}\u{1e}{credit}"),
                    1 => format!("\u{1e}{text}"),
                    _ => text,
                })
                .collect();
            let mut bytes = stored_form(&fixed, &blocks).into_bytes();
            if let Some(block) = damage.filter(|&b| b < blocks.len()) {
                // An invalid byte at the start of that block.
                let at = memchr::memchr_iter(SEPARATOR, &bytes).nth(FIXED - 1 + block);
                if let Some(at) = at {
                    bytes.insert(at + 1, 0xff);
                }
            }
            let needle = Needle::new(&query).expect("a needle");
            let wanted = |field: Field| match scope {
                0 => true,
                1 => field.is_caption(),
                2 => field.is_credit(),
                _ => matches!(field, Field::Headline | Field::Body(_)),
            };
            let by_parts = StoredItem::decode(&bytes).expect("decodes");
            let at_once = StoredItem::decode(&bytes).expect("decodes");
            let theirs = first_by_parts(&by_parts, &needle, wanted);
            let ours = at_once.first_match_in(&needle, wanted);
            if by_parts.damaged() {
                // The walk reached the damaged block, and the lookup fails over to the scan
                // whenever damage is seen. The byte search sees it only in a block that holds
                // the query's bytes; where it does not, what it shows is a match in whole text.
                if let (false, Some((_, text, range))) = (at_once.damaged(), &ours) {
                    proptest::prop_assert_eq!(needle.find(text), Some(range.clone()));
                }
            } else {
                proptest::prop_assert_eq!(ours, theirs);
                proptest::prop_assert!(!at_once.damaged());
            }
        }
    }

    #[test]
    fn parts_are_cut_as_split_cuts_them() {
        for text in [
            "",
            "a",
            "\u{1f}",
            "a\u{1f}",
            "\u{1f}b",
            "甲\u{1f}\u{1f}乙\u{1f}丙",
            "无分隔",
        ] {
            let ours: Vec<&[u8]> = split_parts(text.as_bytes()).collect();
            let std: Vec<&[u8]> = text.split(PART).map(str::as_bytes).collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn a_body_block_that_is_not_utf8_ends_the_reading_as_damage() {
        let head = ["a/1/1", "标题", "1", "", "", "标题", "", "", "", "", ""].join("\u{1f}");
        let mut bytes = format!("{head}\u{1f}第一段\u{1f}").into_bytes();
        bytes.extend_from_slice(b"\xff\xfe");
        bytes.extend_from_slice("\u{1f}第三段".as_bytes());
        let stored = StoredItem::decode(&bytes).expect("the fixed parts are whole");
        assert!(!stored.damaged(), "nothing is read yet");
        let read: Vec<(Field, &str)> = stored.parts().collect();
        assert_eq!(
            read,
            [(Field::Headline, "标题"), (Field::Body(0), "第一段")]
        );
        assert!(stored.damaged());
        // A match before the damage is read without reaching it.
        let stored = StoredItem::decode(&bytes).expect("decodes");
        assert!(stored.parts().any(|(_, text)| text == "第一段"));
        assert!(!stored.damaged());
        // Damage in the fixed parts: no article at all.
        let mut bad_title = bytes.clone();
        bad_title[6] = 0xff;
        assert_eq!(StoredItem::decode(&bad_title), None);
    }

    #[test]
    fn an_article_without_body_and_a_short_form_read_as_they_are() {
        let parts = ["a/1/1", "标题", "1", "", "", "标题", "", "", "", "图", "摄"];
        let text = parts.join("\u{1f}");
        let stored = StoredItem::decode(text.as_bytes()).expect("eleven parts are an article");
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
        assert_eq!(
            StoredItem::decode(parts[..10].join("\u{1f}").as_bytes()),
            None
        );
        let with_body = format!("{text}\u{1f}\u{1f}正文");
        let stored = StoredItem::decode(with_body.as_bytes()).expect("decodes");
        let body: Vec<(Field, &str)> = stored
            .parts()
            .filter(|(f, _)| matches!(f, Field::Body(_)))
            .collect();
        assert_eq!(body, [(Field::Body(1), "正文")]);
        // A photo's part starts with its mark; one without its second mark is all caption. A
        // mark inside a paragraph (not kanbao's writing either) leaves it a paragraph.
        let photos =
            format!("{text}\u{1f}\u{1e}江边\u{1e}张三摄\u{1f}\u{1e}只有说明\u{1f}正\u{1e}文");
        let stored = StoredItem::decode(photos.as_bytes()).expect("decodes");
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
