//! Text from HTML: what each element means to reading (left out, a block, inline), text
//! collected with HTML whitespace collapsed as it arrives (a source line break between two CJK
//! characters dropped), and the inline text of a snippet such as a feed title.

use scraper::{Html, Node};

use crate::edition::recognize::is_cjk;
use crate::edition::sanitize::sanitize;

use super::limits::{MAX_NESTING, bounded, flatten_deep};

/// The inline text of an HTML snippet (a feed title of type `html`), whitespace-collapsed and
/// sanitised; `""` when it has none.
pub fn text_from_html(html: &str) -> String {
    let (html, _) = bounded(html);
    let (html, _) = flatten_deep(html, MAX_NESTING);
    let doc = Html::parse_fragment(&html);
    let mut buf = TextBuf::default();
    let mut stack = vec![doc.tree.root()];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(text) => buf.push_text(text),
            Node::Element(el) if Tag::of(el.name()) == Tag::Skip => {}
            Node::Element(el) if Tag::of(el.name()).is_block() => {
                buf.push_break();
                stack.extend(node.children().rev());
            }
            _ => stack.extend(node.children().rev()),
        }
    }
    clean(&buf.text)
}

/// What an element means to the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    /// Left out with its content.
    Skip,
    Heading(u8),
    Paragraph,
    /// A line break: ends a paragraph in the body, a space elsewhere.
    Break,
    /// Other block-level elements: they end the paragraph before them and after them.
    Block,
    Image,
    Figure,
    FigCaption,
    Inline,
}

impl Tag {
    pub(super) fn of(name: &str) -> Tag {
        match name {
            "script" | "style" | "iframe" | "noscript" | "template" | "head" | "title" | "svg"
            | "math" | "object" | "embed" | "form" | "select" | "button" | "textarea" | "video"
            | "audio" | "canvas" | "map" => Tag::Skip,
            "h1" => Tag::Heading(1),
            "h2" => Tag::Heading(2),
            "h3" => Tag::Heading(3),
            "h4" => Tag::Heading(4),
            "h5" => Tag::Heading(5),
            "h6" => Tag::Heading(6),
            "p" => Tag::Paragraph,
            "br" => Tag::Break,
            "img" => Tag::Image,
            "figure" => Tag::Figure,
            "figcaption" => Tag::FigCaption,
            "div" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "blockquote" | "section"
            | "article" | "header" | "footer" | "main" | "aside" | "nav" | "table" | "tbody"
            | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" | "pre" | "center" | "address"
            | "hr" | "body" | "html" => Tag::Block,
            _ => Tag::Inline,
        }
    }

    pub(super) fn is_block(self) -> bool {
        !matches!(self, Tag::Inline | Tag::Image | Tag::Skip)
    }
}

/// Text being collected, with HTML whitespace collapsed as it arrives.
#[derive(Default)]
pub(super) struct TextBuf {
    pub(super) text: String,
    /// Whitespace was seen since the last character: one space goes in before the next one.
    pending_space: bool,
    /// The pending whitespace held a line break: between two CJK characters it is dropped,
    /// since Chinese text has no spaces and a source line break inside a sentence is not one.
    /// Spaces typed between CJK words (`本报记者 王晓 摄`) are kept.
    pending_break: bool,
}

impl TextBuf {
    pub(super) fn push_text(&mut self, text: &str) {
        // Runs of non-whitespace are copied whole; only the whitespace between them is looked
        // at character by character.
        let mut run_start = 0;
        for (idx, c) in text.char_indices() {
            // U+3000 (ideographic space) is kept: it separates titles from names in bylines.
            // No whitespace character lies above it, so CJK text never reaches the Unicode
            // table `is_whitespace` looks in.
            if c < '\u{3000}' && c.is_whitespace() {
                self.push_run(&text[run_start..idx]);
                run_start = idx + c.len_utf8();
                if !self.text.is_empty() {
                    self.pending_space = true;
                    self.pending_break |= matches!(c, '\n' | '\r');
                }
            }
        }
        self.push_run(&text[run_start..]);
    }

    /// Appends text without whitespace, after the pending space (if it is kept).
    fn push_run(&mut self, run: &str) {
        let Some(first) = run.chars().next() else {
            return;
        };
        if self.pending_space {
            // Curly quotes side with the CJK text they stand in (`。”` | `一位居民说`).
            let last = self.text.chars().next_back();
            let cjk_side = |c: char| is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’');
            let cjk_both = self.pending_break
                && last.is_some_and(cjk_side)
                && cjk_side(first)
                && (last.is_some_and(is_cjk) || is_cjk(first));
            if !cjk_both {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.pending_break = false;
        }
        self.text.push_str(run);
    }

    /// A line break between blocks (inside a heading or caption): a break, not a typed space.
    pub(super) fn push_break(&mut self) {
        if !self.text.is_empty() {
            self.pending_space = true;
            self.pending_break = true;
        }
    }

    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.pending_space = false;
        self.pending_break = false;
    }
}

/// Collapses whitespace, drops the layout indent (`　　`, `&nbsp;`) and sanitises.
pub(super) fn clean(text: &str) -> String {
    let mut buf = TextBuf::default();
    buf.push_text(text);
    let trimmed = buf.text.trim_matches(char::is_whitespace);
    sanitize(trimmed)
        .trim_matches(char::is_whitespace)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `push_text` asks `is_whitespace` only below U+3000: no character above it is
    /// whitespace, checked for every one.
    #[test]
    fn no_whitespace_lies_above_the_ideographic_space() {
        assert!(('\u{3001}'..=char::MAX).all(|c| !c.is_whitespace()));
        assert!('\u{3000}'.is_whitespace() && '\u{205f}'.is_whitespace());
    }

    #[test]
    fn title_text() {
        assert_eq!(
            text_from_html("<b>Mill</b>  &amp; <i>Dam</i>"),
            "Mill & Dam"
        );
        assert_eq!(text_from_html("人民<br>日报"), "人民日报");
        assert_eq!(text_from_html(""), "");
    }
}
