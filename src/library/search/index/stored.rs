//! An article as the index stores it ([`StoredItem`]): its id, title, page and searchable parts
//! exactly as the loader made them, joined by a control character, so that the index checks
//! candidates and cuts snippets from the same text the scan reads. The build writes it, the
//! lookup reads it back.
//!
//! Built on the query vocabulary ([`Searchable`]) and the edition model only; it must never
//! import the index's build ([`super`]) or lookup, the scan, or the choice between the index and
//! the scan ([`crate::library::search`]'s own items).

use crate::edition::{Block, Item, Page};
use crate::library::search::searchable::{Field, Searchable};

/// Separates an article's stored parts, and its body blocks: control characters, which the
/// loader removes from all text.
const PART: char = '\u{1f}';

/// Separates a body photo's caption from its credit inside its part, and marks the part as a
/// photo's: a control character too.
const CREDIT: char = '\u{1e}';

/// An article as the index stores it: id, title, page, and the searchable parts, all as the
/// loader made them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem<'a> {
    text: &'a str,
    /// Byte ranges of the parts in `text`: id, title, page label, page name, kicker, headline,
    /// subtitle, byline, column, caption, credit, then one per body block (a photo's caption
    /// and credit separated by [`CREDIT`]).
    parts: Vec<std::ops::Range<usize>>,
}

/// Fixed parts before the body blocks.
const FIXED: usize = 11;

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
            out.push_str(block.text());
            if let Block::Photo(photo) = block {
                out.push(CREDIT);
                out.push_str(photo.credit.as_deref().unwrap_or(""));
            }
        }
        out
    }

    /// Reads a stored form back; `None` when it is not one.
    pub fn decode(text: &'a str) -> Option<StoredItem<'a>> {
        let mut parts = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices(PART) {
            parts.push(start..at);
            start = at + PART.len_utf8();
        }
        parts.push(start..text.len());
        (parts.len() >= FIXED).then_some(StoredItem { text, parts })
    }

    fn part(&self, n: usize) -> &str {
        self.parts.get(n).map_or("", |r| &self.text[r.clone()])
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
        let body = (FIXED..self.parts.len()).flat_map(|n| {
            let block = n - FIXED;
            match self.part(n).split_once(CREDIT) {
                Some((caption, credit)) => [
                    (Field::PhotoCaption(block), caption),
                    (Field::PhotoCredit(block), credit),
                ],
                None => [(Field::Body(block), self.part(n)), (Field::Body(block), "")],
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
}
