//! One reader per source shape: bytes in, the same newspaper model out. Readers do not know each
//! other's rules and none touches the network; sniffing decides which one takes a file.
//!
//! - [`feed`]: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed files → editions by paper and date.
//! - [`html`]: one article's HTML (a feed item's content, a fetched page) → headline parts and
//!   body blocks.

pub mod feed;
pub mod html;
