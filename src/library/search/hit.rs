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
    /// The item's id, page label, headline and snippet ([`Hit::id`] …), in one string.
    pub texts: HitTexts,
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
    /// Where the first match is, and its byte range in that text: enough to highlight it.
    pub field: Field,
    pub field_hit: Range<usize>,
    /// The match's byte range in [`Hit::snippet`].
    pub hit: Range<usize>,
}

impl Hit {
    /// The item's id (`xuchang-daily-2023-02-28/1/2`), as `kanbao read` takes it.
    pub fn id(&self) -> &str {
        self.texts.part(0)
    }

    /// The page label (`1`, `B2`).
    pub fn page(&self) -> &str {
        self.texts.part(1)
    }

    /// The headline, else the caption, else the first words of the body.
    pub fn headline(&self) -> &str {
        self.texts.part(2)
    }

    /// Text around the first match on one line, `…` where cut.
    pub fn snippet(&self) -> &str {
        self.texts.part(3)
    }

    /// [`Hit::snippet`], in the string the texts were kept in (no copy is made).
    pub fn into_snippet(self) -> String {
        let mut all = self.texts.all;
        all.drain(..self.texts.ends[2]);
        all
    }
}

/// Room a result's texts are made with for its snippet: about a snippet's bytes in Chinese
/// (some 36 columns either side of the match, three bytes for two columns).
const SNIPPET_ROOM: usize = 200;

/// A result's id, page label, headline and snippet, one after the other in one string: one
/// allocation a result instead of four (allocating and freeing them was a tenth of listing
/// every result of a common word).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HitTexts {
    all: String,
    /// Where the id, the page label and the headline end; the snippet runs to the end.
    ends: [usize; 3],
}

impl HitTexts {
    pub fn new(id: &str, page: &str, headline: &str, snippet: &str) -> HitTexts {
        let mut texts = HitTexts::with(id.len() + page.len() + headline.len() + snippet.len());
        texts.all.push_str(id);
        texts.end_id(page, headline);
        texts.all.push_str(snippet);
        texts
    }

    /// A found article's texts, written in place: its id (`item_id` under the edition id the
    /// sources gave, `ids` being the item's id, the edition's as loaded and the source's:
    /// [`push_item_id`]), page label and headline, then the snippet `snippet` writes at the end
    /// of the string it is given; and what `snippet` returns.
    pub(crate) fn write<R>(
        (item_id, loaded_id, source_id): (&str, &str, &str),
        page: &str,
        headline: &str,
        snippet: impl FnOnce(&mut String) -> R,
    ) -> (HitTexts, R) {
        let mut texts = HitTexts::with(
            source_id.len() + item_id.len() + page.len() + headline.len() + SNIPPET_ROOM,
        );
        push_item_id(&mut texts.all, item_id, loaded_id, source_id);
        texts.end_id(page, headline);
        let written = snippet(&mut texts.all);
        (texts, written)
    }

    fn with(capacity: usize) -> HitTexts {
        HitTexts {
            all: String::with_capacity(capacity),
            ends: [0; 3],
        }
    }

    /// Ends the id written so far, and adds the page label and the headline.
    fn end_id(&mut self, page: &str, headline: &str) {
        self.ends[0] = self.all.len();
        self.all.push_str(page);
        self.ends[1] = self.all.len();
        self.all.push_str(headline);
        self.ends[2] = self.all.len();
    }

    /// The bytes of all four texts.
    pub(crate) fn len(&self) -> usize {
        self.all.len()
    }

    fn part(&self, n: usize) -> &str {
        let start = n.checked_sub(1).map_or(0, |before| self.ends[before]);
        let end = self.ends.get(n).copied().unwrap_or(self.all.len());
        &self.all[start..end]
    }
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

/// The item's id under the edition id the sources gave (they differ when names repeat),
/// written at the end of `out`.
fn push_item_id(out: &mut String, item_id: &str, loaded_id: &str, source_id: &str) {
    match item_id.strip_prefix(loaded_id) {
        Some(rest) if loaded_id != source_id && rest.starts_with('/') => {
            out.push_str(source_id);
            out.push_str(rest);
        }
        _ => out.push_str(item_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hits_texts_read_back_apart() {
        let texts = HitTexts::new("a-2023/1/2", "B2", "标题", "…片段…");
        let hit = Hit {
            texts,
            edition_idx: 0,
            page_idx: 0,
            item_idx: 0,
            paper: None,
            date: None,
            language: None,
            field: Field::Headline,
            field_hit: 0..0,
            hit: 0..0,
        };
        assert_eq!(
            (hit.id(), hit.page(), hit.headline(), hit.snippet()),
            ("a-2023/1/2", "B2", "标题", "…片段…")
        );
        let empty = HitTexts::new("", "", "", "");
        assert_eq!((empty.part(0), empty.part(3)), ("", ""));
        let (written, back) =
            HitTexts::write(("a-2023/1/2", "a-2023", "a-2023-2"), "1", "题", |out| {
                out.push_str("片段");
                7
            });
        assert_eq!(back, 7);
        assert_eq!(written, HitTexts::new("a-2023-2/1/2", "1", "题", "片段"));
        assert_eq!(hit.into_snippet(), "…片段…");
    }

    #[test]
    fn ids_follow_the_sources() {
        let id = |item, loaded, source| {
            let mut id = "…".to_owned();
            push_item_id(&mut id, item, loaded, source);
            id
        };
        assert_eq!(id("a-2023/1/2", "a-2023", "a-2023-2"), "…a-2023-2/1/2");
        assert_eq!(id("a-2023/1/2", "a-2023", "a-2023"), "…a-2023/1/2");
    }
}
