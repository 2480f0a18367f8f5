//! What of an article search reads: the [`Field`]s of an article, the [`Searchable`] trait that
//! gives its text field by field in reading order (from a loaded [`Item`] for the scan, from the
//! stored copy for the index, so both match the same text), and the first match among them.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use std::ops::Range;

use super::needle::Needle;
use crate::edition::{Block, Item};

/// The part of an item a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kicker,
    Headline,
    Subtitle,
    Byline,
    /// The column (栏目) the article runs under.
    Column,
    /// The body block (paragraph or subhead) at this index of `Item::body`.
    Body(usize),
    /// The caption of the photo at this index of `Item::body` (the block's text).
    PhotoCaption(usize),
    /// The credit of the photo at this index of `Item::body`.
    PhotoCredit(usize),
    /// A photo item's own caption.
    Caption,
    /// A photo item's own credit.
    Credit,
}

impl Field {
    /// A caption: a photo item's, or a photo's in the body.
    pub fn is_caption(self) -> bool {
        matches!(self, Field::Caption | Field::PhotoCaption(_))
    }

    /// A credit: a photo item's, or a photo's in the body.
    pub fn is_credit(self) -> bool {
        matches!(self, Field::Credit | Field::PhotoCredit(_))
    }
}

/// The searchable text of an article in reading order: kicker, headline, subtitle, byline,
/// column, each body block (a photo's caption, then its credit), caption, credit. The scan reads it from a loaded [`Item`]; the
/// index from the copy it stored, so both match the same text.
pub trait Searchable {
    /// The parts that have text, each with the field it is.
    fn parts(&self) -> impl Iterator<Item = (Field, &str)>;

    /// The first match among the parts `wanted` keeps, in reading order. A reader may find it
    /// another way (the index's stored copy searches its body's bytes at once) but must find
    /// the same match.
    fn first_match_in(
        &self,
        needle: &Needle,
        wanted: impl Fn(Field) -> bool,
    ) -> Option<(Field, &str, Range<usize>)> {
        self.parts()
            .find_map(|part| match_in(needle, &wanted, part))
    }
}

/// The first match in `text`, a part of an article, if `field` is one `wanted` keeps.
pub fn match_in<'t>(
    needle: &Needle,
    wanted: &impl Fn(Field) -> bool,
    (field, text): (Field, &'t str),
) -> Option<(Field, &'t str, Range<usize>)> {
    if wanted(field) {
        needle.find(text).map(|range| (field, text, range))
    } else {
        None
    }
}

impl Searchable for Item {
    fn parts(&self) -> impl Iterator<Item = (Field, &str)> {
        let heads = [
            (Field::Kicker, self.kicker.as_deref()),
            (Field::Headline, self.headline.as_deref()),
            (Field::Subtitle, self.subtitle.as_deref()),
            (Field::Byline, self.byline.as_deref()),
            (Field::Column, self.column.as_deref()),
        ];
        let body = self
            .body
            .iter()
            .enumerate()
            .flat_map(|(n, block)| match block {
                Block::Photo(photo) => [
                    (Field::PhotoCaption(n), photo.caption.as_deref()),
                    (Field::PhotoCredit(n), photo.credit.as_deref()),
                ],
                _ => [(Field::Body(n), Some(block.text())), (Field::Body(n), None)],
            });
        let tail = [
            (Field::Caption, self.caption.as_deref()),
            (Field::Credit, self.credit.as_deref()),
        ];
        heads
            .into_iter()
            .chain(body)
            .chain(tail)
            .filter_map(|(field, text)| Some((field, text?)))
    }
}

/// The first match in an item, in reading order (see [`Searchable`]).
pub fn first_match<'a>(
    item: &'a impl Searchable,
    needle: &Needle,
) -> Option<(Field, &'a str, Range<usize>)> {
    first_match_in(item, needle, |_| true)
}

/// The first match in an item, in reading order, among the fields `wanted` keeps.
pub fn first_match_in<'a>(
    item: &'a impl Searchable,
    needle: &Needle,
    wanted: impl Fn(Field) -> bool,
) -> Option<(Field, &'a str, Range<usize>)> {
    item.first_match_in(needle, wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_match_in_reading_order() {
        let sample = crate::library::sample();
        let needle = Needle::new("救助").expect("a query");
        let matched: Vec<(String, Field)> = sample
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| first_match(item, &needle).map(|(f, _, _)| (item.id.clone(), f)))
            .collect();
        assert_eq!(
            matched,
            [("xuchang-daily-2023-02-28/1/2".to_owned(), Field::Headline)]
        );
    }
}
