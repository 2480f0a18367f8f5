//! One search result ([`Hit`]): the article found, where it is, where the match is and the text
//! around it; and the id a result goes by (`item_id`). The scan and the index build them alike.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use std::ops::Range;
use std::sync::Arc;

use super::searchable::Field;

/// One article that contains the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The item's id (`xuchang-daily-2023-02-28/1/2`), as `kanbao read` takes it.
    pub id: String,
    /// Index of the edition in the sources searched (the same index `Library::discover` gives
    /// it for the same paths).
    pub edition_idx: usize,
    /// Index of the page in the edition, and of the item on the page.
    pub page_idx: usize,
    pub item_idx: usize,
    /// The paper, date (ISO `YYYY-MM-DD`) and language (`zh`, `en`, for labelling the page) of
    /// its edition: shared by every result of the edition, not copied into each.
    pub paper: Option<Arc<str>>,
    pub date: Option<Arc<str>>,
    pub language: Option<Arc<str>>,
    /// The page label (`1`, `B2`).
    pub page: String,
    /// The headline, else the caption, else the first words of the body.
    pub headline: String,
    /// Where the first match is, and its byte range in that text: enough to highlight it.
    pub field: Field,
    pub field_hit: Range<usize>,
    /// Text around the first match on one line, `…` where cut.
    pub snippet: String,
    /// The match's byte range in `snippet`.
    pub hit: Range<usize>,
}

/// An edition's paper, date and language as its results share them ([`Hit::paper`] …): made
/// once per edition, cloned into each result as a reference count.
#[derive(Debug, Clone, Default)]
pub(crate) struct EditionLabels {
    pub paper: Option<Arc<str>>,
    pub date: Option<Arc<str>>,
    pub language: Option<Arc<str>>,
}

impl EditionLabels {
    pub(crate) fn new(paper: Option<&str>, date: Option<&str>, language: Option<&str>) -> Self {
        EditionLabels {
            paper: paper.map(Arc::from),
            date: date.map(Arc::from),
            language: language.map(Arc::from),
        }
    }
}

/// The item's id under the edition id the sources gave (they differ when names repeat).
pub(crate) fn item_id(item_id: &str, loaded_id: &str, source_id: &str) -> String {
    match item_id.strip_prefix(loaded_id) {
        Some(rest) if loaded_id != source_id && rest.starts_with('/') => {
            format!("{source_id}{rest}")
        }
        _ => item_id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_sources() {
        assert_eq!(item_id("a-2023/1/2", "a-2023", "a-2023-2"), "a-2023-2/1/2");
        assert_eq!(item_id("a-2023/1/2", "a-2023", "a-2023"), "a-2023/1/2");
    }
}
