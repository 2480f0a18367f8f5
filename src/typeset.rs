//! Text → lines for a column count: Chinese (clreq) and Latin (UAX #14) line breaking, widths as
//! ratatui measures them, and whole articles with reading positions that survive a resize. Pure:
//! no ratatui types.
//!
//! - `classes`: what each character is to the line breaker, and the per-paragraph script.
//! - `display`: the display form of a paragraph (tabs, full-width punctuation) and the way back
//!   to source bytes.
//! - `segment`: grapheme clusters, widths, tailored break opportunities, unbreakable units.
//! - `paragraph`: first-fit setting of one paragraph ([`set_paragraph`]).
//! - `article`: header and body of an item at a pane width ([`set_article`]).

mod article;
mod classes;
mod display;
mod paragraph;
mod segment;
mod width;

pub use article::{
    ArticleLayout, ArticleLine, Position, Role, for_each_line, picture_rows, set_article, to_plain,
};
pub use display::normalize;
pub use paragraph::{Line, set_paragraph};

/// How wide the terminal draws the East Asian "ambiguous" characters (“ ” ‘ ’ … — · ※ ○ and
/// more): one column in most set-ups, two in many CJK ones (`kanbao doctor` measures it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ambiguous {
    #[default]
    Narrow,
    Wide,
}

/// How text is set. The defaults suit a Chinese newspaper in a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Show ASCII `, ; : ? ! ( )` next to Han text as full-width (display only; see
    /// [`normalize`]). Default true.
    pub normalize_punctuation: bool,
    /// Let one `，` `。` or `、` hang into a 2-column margin reserved at the right of every line
    /// (widths of 6 columns and more). Default false.
    pub hanging_punctuation: bool,
    /// Reading measure in columns: an article is never set wider, and is centred in a wider
    /// pane. 0 means no limit. Default 80 (40 Han characters). [`set_paragraph`] ignores it.
    pub measure_cols: usize,
    /// Open Chinese paragraphs with two U+3000 (4 columns). Default true.
    pub indent: bool,
    /// How wide the terminal draws ambiguous characters. Default narrow.
    pub ambiguous: Ambiguous,
    /// Newspaper columns on a wide pane (the reader divides the pane; see `app::spread`).
    pub columns: Columns,
    /// The most rows a photo with a picture may take in an article; 0 sets photos as their
    /// caption line only (no pictures). See [`picture_rows`].
    pub picture_rows: usize,
    /// Pictures that cannot be shown, by their path as the edition writes it, with the short
    /// reason set after the caption instead of the picture's rows.
    pub picture_notes: std::sync::Arc<std::collections::BTreeMap<String, String>>,
}

/// `[reading] columns`: how many newspaper columns a story is set in on a wide pane.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Columns {
    /// As many columns as measures fit the pane side by side (see `app::spread`).
    #[default]
    Auto,
    /// Exactly this many (1 to 4), fewer when they would be too narrow.
    Fixed(u8),
}

impl Default for Options {
    fn default() -> Self {
        Options {
            normalize_punctuation: true,
            hanging_punctuation: false,
            measure_cols: 80,
            indent: true,
            ambiguous: Ambiguous::Narrow,
            columns: Columns::Auto,
            picture_rows: 0,
            picture_notes: std::sync::Arc::default(),
        }
    }
}
