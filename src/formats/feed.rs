//! Feeds → editions: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed files parsed by `feed-rs`,
//! each item's HTML read by [`super::html`], items grouped into one edition per paper and date
//! and into pages by the `[01版：要闻]` title prefix or the item's category.
//!
//! Dates stay in the feed's own offset: an item published `2026-08-21T07:30:00+08:00` belongs to
//! the 21 August edition, not to 20 August in UTC. `feed-rs` keeps no elements it does not know
//! (such as a `newstime` element), so an item's edition date comes from a date in its link
//! (`/202608/21/`, `nw.D110000renmrb_20260821_1-01.htm`), else its published or updated time.
//!
//! Feed text is decoded here, before `feed-rs` sees it: a declared legacy encoding
//! (`encoding="gb2312"`) through `encoding_rs`, an undeclared non-UTF-8 file through a
//! `chardetng` guess (reported), so the parser always reads UTF-8. Entities other than XML's five
//! are never expanded (an entity-expansion bomb stays a few bytes of text).
//!
//! The parts: `detect` (is it a feed), `decode` (bytes → UTF-8), `parse` (a file → entries),
//! `entry` (an item → an entry), `dates` (an item's edition date), `editions` (entries →
//! editions and pages).

mod dates;
mod decode;
mod detect;
mod editions;
mod entry;
mod parse;

use std::path::Path;

use crate::edition::model::{Diagnostic, Item, Severity};

pub use detect::looks_like_feed;
pub use editions::feed_editions;
pub use parse::read_feed;

/// One feed file read: its paper and its entries in feed order. Problems are in `diagnostics`;
/// reading never fails.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedFile {
    /// The channel title without its descriptive suffix (`人民日报 - 每日全文订阅` → `人民日报`).
    pub paper: Option<String>,
    pub entries: Vec<FeedEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One feed item, with what [`feed_editions`] needs to place it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// What makes the item the same in several feed files: its guid/id, else its link, else
    /// its title and date.
    pub key: String,
    /// The edition date, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Normalised page label (`1`, `B2`); empty when the page is known only by name (a
    /// category), in which case [`feed_editions`] numbers it.
    pub page_label: String,
    /// The page's name (`要闻`), when known.
    pub page_name: Option<String>,
    /// The article; its `id` is empty until the edition is assembled, `line` is the item's
    /// 1-based position in the feed.
    pub item: Item,
}

fn diag(severity: Severity, path: &Path, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        path: path.to_owned(),
        line,
        message,
    }
}
