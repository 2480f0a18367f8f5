//! OCR page text, one file per printed page (Chronicling America's `ocr.txt`): sniffing it, and
//! rebuilding the page's articles from column-width lines: mastheads, headlines and decks,
//! paragraphs, hyphenated line ends, datelines, bylines and worded continuation jumps.
//!
//! The rules were learned from OCR of US papers of the 1900s–1920s and fire only on text this
//! reader took; the heading dialect never sees them. File and folder layouts live in [`layout`].
//!
//! The parts: `sniff` (is it OCR text), `page` (lines → items), and the rules it reads lines
//! by: `lines` (what kind of line), `masthead` (the masthead block: name, date line, price,
//! pages, weather box), `join` (broken words rejoined, paragraph ends), `datelines` (bylines
//! and datelines), `jumps` (worded continuation jumps); `titles` names a paper from its LCCN.

mod datelines;
mod join;
mod jumps;
pub mod layout;
mod lines;
mod masthead;
mod page;
mod sniff;
mod titles;

pub use datelines::{ocr_byline, ocr_dateline};
pub use join::rejoin_hyphens;
pub use jumps::{LAST_PAGE, ocr_jump, page_word_label};
pub use layout::{
    is_ocr_issue_folder, load_ocr_file, load_ocr_issue, ocr_file_metadata, ocr_issue_metadata,
    ocr_names, ocr_names_metadata, ocr_page_edition,
};
pub use masthead::masthead_title;
pub use page::parse_ocr_page;
pub use sniff::looks_like_ocr;
pub use titles::lccn_title;

#[cfg(test)]
mod tests;
