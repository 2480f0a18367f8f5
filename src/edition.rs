//! The newspaper model and the loader that builds it from text: decoding, front matter, the
//! heading dialect, recognisers for bylines/photos/jumps, column-break repair, and continuation
//! links. No terminal code lives here.

pub mod caption;
pub mod decode;
pub mod frontmatter;
pub mod link;
pub mod load;
pub mod model;
pub mod parse;
pub mod recognize;
pub mod repair;
pub mod sanitize;

pub use load::{load_bytes, load_file, load_folder};
pub use model::{
    Block, Diagnostic, Edition, Format, Item, ItemKind, Page, Photo, Severity, page_label,
};
