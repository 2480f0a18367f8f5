//! The newspaper model and what every reader shares to build it: the model itself ([`model`]),
//! bounded file reading and decoding ([`read`], [`decode`]), the one sanitiser ([`sanitize`]),
//! edition metadata (`edition.toml` and front matter, [`frontmatter`]), recognisers for page
//! labels, dates, bylines, credits, datelines and jumps ([`recognize`]), continuation links
//! ([`link`]), stories printed twice ([`repeats`]) and the last step of every reader
//! ([`assemble`]). The bottom floor of the house:
//! it imports no other kanbao module, and no terminal code lives here.

pub mod assemble;
pub mod caption;
pub mod decode;
pub mod frontmatter;
pub mod link;
pub mod model;
pub mod read;
pub mod recognize;
pub mod repeats;
pub mod sanitize;

pub use model::{
    Block, Diagnostic, Edition, Format, Item, ItemKind, Page, Photo, Printing, Severity, page_label,
};
pub use read::LoadError;
