//! Recognisers for the parts of a newspaper page that text dumps leave as plain lines: bylines,
//! photo credits, datelines, continuation jumps, page labels, dates in names, and whether a
//! paragraph ends a sentence. Pure string functions, table-tested. One file an idea:
//!
//! - `script`: CJK and Han classes, joining wrapped lines, sentence ends, the shared brackets;
//! - `labels`: page labels, their order, Chinese numerals;
//! - `dates`: dates in file and folder names;
//! - `jumps`: continuation markers (`(下转第三版)`, `Continued on Page B2`);
//! - `bylines`: bylines and photo credits;
//! - `datelines`: the dateline that opens a paragraph.
//!
//! Callers name everything through this file (`edition::recognize::is_byline`).

mod bylines;
mod datelines;
mod dates;
mod jumps;
mod labels;
mod script;

pub use bylines::{
    is_byline, is_contents_entry, is_part_heading, normalize_byline, normalize_subhead,
};
pub use datelines::dateline;
pub use dates::{days_in, find_date, split_date};
pub use jumps::{Jump, jump_spans, jumps};
pub use labels::{chinese_number, label_order, normalize_page_label};
pub use script::{ends_sentence, is_cjk, is_han, join_lines, needs_space};
