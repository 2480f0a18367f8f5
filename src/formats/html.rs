//! Article HTML → structure: kicker, headline, subtitle, byline and body blocks (paragraphs,
//! subheads, photos) from a feed item's content or a fetched article page. Parsed by html5ever
//! (through `scraper`) and walked with an explicit stack, so neither deep nesting nor size can
//! overflow the stack; input beyond [`MAX_HTML_BYTES`] is left out.
//!
//! Shape rules learned from People's Daily (人民日报) e-paper pages and full-text feeds: `h3` is
//! the kicker, `h1` the headline, `h2` the subtitle, `p.sec` the byline line (with the
//! `《人民日报》（2026年08月21日 第 01 版）` furniture removed) and `#ozoom` the body; a paragraph
//! that is all `<strong>` is a section subhead; an `<img>` carries its caption in
//! `data-original-title`, and a short credit line (`本报记者 X 摄`) after a picture or a caption
//! belongs to the photo.
//!
//! The parts: `limits` (size and nesting bounds before parsing), `text` (what an element means,
//! whitespace collapsed, a snippet's text), `article` (the walk into an [`HtmlArticle`]).

mod article;
mod limits;
mod text;

pub use article::{HtmlArticle, article_from_html};
pub use limits::{MAX_HTML_BYTES, MAX_NESTING, MAX_TAGS, flatten_page, left_out, parse_page};
pub use text::text_from_html;
