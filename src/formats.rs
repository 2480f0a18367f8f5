//! One reader per source shape: bytes in, the same newspaper model out. Readers do not know each
//! other's rules and none touches the network; sniffing decides which one takes a file.
//!
//! - [`sniff`]: which reader takes a file, from its first bytes.
//! - [`feed`]: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed files → editions by paper and date.
//! - [`html`]: one article's HTML (a feed item's content, a fetched page) → headline parts and
//!   body blocks.
//! - [`articles`]: a crawler's day folder of per-article text files (`YYYYMMDD-PP-NN.txt`).
//! - [`ocr`]: OCR text of printed pages, one file per page (Chronicling America's layout too).
//! - [`encoding`]: undeclared GBK, GB18030 and Big5 text decoded, with the guess reported.

pub mod articles;
pub mod dialect;
pub mod encoding;
pub mod feed;
pub mod html;
pub mod ocr;
pub mod open;
pub mod sniff;

pub use open::{load_bytes, load_bytes_with, load_file, load_folder};
pub use sniff::{Sniffed, sniff_file};
