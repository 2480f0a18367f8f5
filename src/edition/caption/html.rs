//! Caption HTML → paragraphs of text: what a paper puts inside an attribute
//! (`data-original-title="<p>　　图为……。</p><p>　　……供图</p>"`) or a `<figcaption>`. Parsed by
//! html5ever through `scraper`; whitespace collapses as a browser collapses it.

use scraper::{Html, Node};

use crate::edition::recognize::is_cjk;

/// A caption's HTML is read up to this many bytes and [`MAX_TAGS`] tags; the rest is left out.
/// No caption comes near either.
pub(super) const MAX_HTML_BYTES: usize = 16 * 1024;

/// html5ever's scope checks cost time quadratic in the nesting depth (5,000 nested `<div>`s
/// take most of a second); bounding the tags bounds the depth.
pub(super) const MAX_TAGS: usize = 512;

/// True when `text` holds a tag or a character reference (`&nbsp;`, `&#12288;`, `&amp;`): text
/// without either reads the same as HTML or not, apart from whitespace collapsing.
pub(super) fn looks_like_html(text: &str) -> bool {
    text.contains('<')
        || text.match_indices('&').any(|(idx, _)| {
            let rest = &text[idx + 1..];
            let name = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                .count();
            name > 0 && name <= 32 && rest.as_bytes().get(name) == Some(&b';')
        })
}

/// The paragraphs of a caption fragment: `<p>`, `<div>`, `<br>`, `<li>` and other blocks break
/// paragraphs, inline elements (`<span>`, `<strong>`, `<a>`) do not; `<script>`, `<style>` and
/// the like are skipped. Runs of HTML whitespace become one space, or nothing when they hold a
/// line break between two CJK characters (a source line break inside a Chinese sentence is
/// not a space); a no-break space becomes a space and is not collapsed. Paragraphs are not
/// trimmed (the caller trims indents) and may be empty.
pub(super) fn paragraphs(fragment: &str) -> Vec<String> {
    let mut end = fragment
        .match_indices('<')
        .nth(MAX_TAGS)
        .map_or(fragment.len(), |(idx, _)| idx)
        .min(MAX_HTML_BYTES);
    while !fragment.is_char_boundary(end) {
        end -= 1;
    }
    let doc = Html::parse_fragment(&fragment[..end]);
    let mut text = Collector::default();
    // (node, entering): children are pushed in reverse so that they pop in document order.
    let mut stack = vec![(doc.tree.root(), true)];
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(t) if entering => text.push_str(t),
            Node::Element(el) => {
                let kind = Kind::of(el.name());
                // A block breaks the paragraph where it opens and where it closes.
                if matches!(kind, Kind::Break | Kind::Block) {
                    text.end_paragraph();
                }
                if entering && matches!(kind, Kind::Block | Kind::Inline) {
                    if kind == Kind::Block {
                        stack.push((node, false));
                    }
                    stack.extend(node.children().rev().map(|child| (child, true)));
                }
            }
            Node::Document | Node::Fragment if entering => {
                stack.extend(node.children().rev().map(|child| (child, true)));
            }
            _ => {}
        }
    }
    text.end_paragraph();
    text.done
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Skip,
    Break,
    Block,
    Inline,
}

impl Kind {
    fn of(name: &str) -> Kind {
        match name {
            "script" | "style" | "template" | "noscript" | "iframe" | "svg" | "math" | "head"
            | "title" | "object" | "video" | "audio" | "canvas" | "select" | "textarea" => {
                Kind::Skip
            }
            "br" | "hr" => Kind::Break,
            "p" | "div" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4"
            | "h5" | "h6" | "blockquote" | "section" | "article" | "header" | "footer"
            | "figure" | "figcaption" | "table" | "tbody" | "thead" | "tfoot" | "tr" | "td"
            | "th" | "caption" | "pre" | "center" | "address" | "body" | "html" | "main"
            | "aside" | "nav" => Kind::Block,
            _ => Kind::Inline,
        }
    }
}

#[derive(Default)]
struct Collector {
    done: Vec<String>,
    current: String,
    /// Collapsible whitespace was seen since the last character.
    pending_space: bool,
    /// ... and it held a line break.
    pending_break: bool,
}

impl Collector {
    fn push_str(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !self.current.is_empty() {
                    self.pending_space = true;
                    self.pending_break |= matches!(c, '\n' | '\r');
                }
                continue;
            }
            if self.pending_space {
                let between_cjk = self.pending_break
                    && self.current.chars().next_back().is_some_and(is_cjk)
                    && is_cjk(c);
                if !between_cjk {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.pending_break = false;
            }
            self.current.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }

    fn end_paragraph(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
        self.pending_space = false;
        self.pending_break = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_break_and_inlines_join() {
        let cases: [(&str, &[&str]); 6] = [
            (
                "<p>　　图为甲。</p><p>　　乙供图</p>",
                &["　　图为甲。", "　　乙供图"],
            ),
            ("图为甲。<br>新华社发", &["图为甲。", "新华社发"]),
            (
                "<p>图为<strong>南岭</strong>夜景。<span>本报记者 <span>王岩</span>摄</span></p>",
                &["图为南岭夜景。本报记者 王岩摄"],
            ),
            ("<p>Smith &amp; Sons&nbsp;&nbsp;x</p>", &["Smith & Sons  x"]),
            (
                "<div>图为\n  夜景。</div><script>x</script>",
                &["图为夜景。"],
            ),
            ("<p>a   b\n c</p>", &["a b c"]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), want, "html {html:?}");
        }
    }

    #[test]
    fn deep_nesting_is_cut_at_the_tag_bound() {
        let deep = format!("<p>图为夜景。</p>{}新华社发", "<div>".repeat(20 * MAX_TAGS));
        assert_eq!(paragraphs(&deep), ["图为夜景。"]);
        let long = format!("<p>图为夜景。</p><p>{}</p>", "夜".repeat(MAX_HTML_BYTES));
        let got = paragraphs(&long);
        assert_eq!(got[0], "图为夜景。");
        assert!(got[1].len() < MAX_HTML_BYTES);
    }

    #[test]
    fn what_looks_like_html() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("a&nbsp;b"));
        assert!(looks_like_html("a&#12288;b"));
        assert!(!looks_like_html("AT&T"));
        assert!(!looks_like_html("Smith & Sons"));
        assert!(!looks_like_html("图为甲。新华社发"));
    }
}
