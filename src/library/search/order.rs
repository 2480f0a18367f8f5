//! The orders results come in: [`Order`], as a search is asked for them, and newest first
//! ([`sort_newest_first`]), the scan's order, which the index's newest-first order follows.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use super::hit::Hit;

/// The order results are wanted in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Newest edition first, then edition, page and place on the page (the scan's order).
    #[default]
    Newest,
    /// Best BM25 score first (ties newest first).
    Relevance,
}

/// Puts results in [`Order::Newest`]'s order, the order an
/// [`Outcome`](super::outcome::Outcome) holds them in.
pub fn sort_newest_first(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        newest_first(a.date.as_deref(), b.date.as_deref())
            .then(a.edition_idx.cmp(&b.edition_idx))
            .then(a.page_idx.cmp(&b.page_idx))
            .then(a.item_idx.cmp(&b.item_idx))
    });
}

/// Later ISO dates first, no date last.
pub(crate) fn newest_first(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::search::hit::HitTexts;
    use crate::library::search::searchable::Field;

    #[test]
    fn newest_first_then_page_order() {
        let hit = |date: Option<&str>, edition_idx, page_idx, item_idx| Hit {
            texts: HitTexts::new(&format!("{edition_idx}/{page_idx}/{item_idx}"), "", "", ""),
            edition_idx,
            page_idx,
            item_idx,
            paper: None,
            date: date.map(Into::into),
            language: None,
            field: Field::Headline,
            field_hit: 0..0,
            hit: 0..0,
        };
        let mut hits = vec![
            hit(None, 0, 0, 0),
            hit(Some("2013-01-01"), 1, 1, 0),
            hit(Some("2014-01-01"), 3, 0, 1),
            hit(Some("2013-01-01"), 1, 0, 2),
            hit(Some("2014-01-01"), 2, 2, 0),
        ];
        sort_newest_first(&mut hits);
        let ids: Vec<&str> = hits.iter().map(Hit::id).collect();
        assert_eq!(ids, ["2/2/0", "3/0/1", "1/0/2", "1/1/0", "0/0/0"]);
    }
}
