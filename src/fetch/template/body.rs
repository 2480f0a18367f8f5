//! An article body's elements → paragraphs, subheads and photos. A paragraph is a block
//! element's text (`<br>` breaks one); a paragraph that is all `<strong>` (or a heading) and
//! short is a subhead; an `<img>` is a photo whose caption and credit come from
//! `data-original-title` (HTML inside parsed as HTML), `alt`, a `<figcaption>`, the
//! `table.pci_c` form or the paragraphs right after it, all through [`crate::edition::caption`].
//! Decorations (`.gif` icons, `template/` images, 1×1 pixels, QR codes) and site furniture
//! (toolbars, hidden copies, scripts) are never read.

use scraper::{ElementRef, Node};

use super::resolve;
use crate::edition::caption::{self, CaptionCredit};
use crate::fetch::write::{self, DraftBlock};

/// A bold paragraph longer than this is a bold lead, not a subhead.
const MAX_SUBHEAD_CHARS: usize = 60;
/// Caption paragraphs after a picture that may precede its credit line.
const MAX_CAPTION_PARAS: usize = 3;
/// Deeper elements are read as text only (bounds the walk on hostile input).
const MAX_DEPTH: usize = 64;

/// True for elements that are site furniture wherever they are: the toolbar, the hidden copy
/// of the text, QR boxes, the `来源` lines under the text, scripts and hidden elements.
pub(crate) fn is_furniture(el: &scraper::node::Element) -> bool {
    const CLASSES: [&str; 7] = ["teP", "art-btn", "sm-ma", "sec", "bottom", "share", "ewm"];
    const IDS: [&str; 4] = [
        "articleContent",
        "NewsArticleTitle",
        "NewsArticleAuthor",
        "NewsArticleSource",
    ];
    matches!(
        el.name(),
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "form"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "map"
            | "video"
            | "audio"
            | "object"
    ) || el.classes().any(|c| CLASSES.contains(&c))
        || el.id().is_some_and(|id| IDS.contains(&id))
        || el.attr("style").is_some_and(|s| {
            s.replace(' ', "")
                .to_ascii_lowercase()
                .contains("display:none")
        })
}

/// True for pictures that are page decoration, not news photos: `.gif` icons, anything
/// under a site's `template/` or `images/ico…`, 1×1 pixels, QR codes, logos and arrows.
pub(crate) fn is_decoration(img: &scraper::node::Element) -> bool {
    let src = img.attr("src").unwrap_or_default().to_ascii_lowercase();
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let tiny = |name: &str| {
        img.attr(name)
            .is_some_and(|v| v.trim().trim_end_matches("px") == "1")
    };
    let marked = img.classes().chain(img.id()).any(|c| {
        let c = c.to_ascii_lowercase();
        ["ico", "qr", "logo", "arrow", "ewm", "btn"]
            .iter()
            .any(|k| c.contains(k))
    });
    path.is_empty()
        || std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gif"))
        || path.contains("/template/")
        || path.contains("qrcode")
        || path.contains("erweima")
        || path.contains("/ico")
        || path.contains("_ico")
        || tiny("width")
        || tiny("height")
        || marked
}

/// A piece of the body before captions are matched with their pictures.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Paragraph(String),
    Subhead(String),
    Photo {
        url: Option<String>,
        caption: Option<String>,
        credit: Option<String>,
    },
}

struct Walk<'b> {
    base: Option<&'b url::Url>,
    /// Kicker, headline and subtitle: a heading in the body repeating one is not a subhead.
    heads: &'b [&'b str],
    pieces: Vec<Piece>,
    text: String,
}

/// Reads a body element. `heads` are the article's kicker, headline and subtitle.
pub(crate) fn read(
    root: ElementRef<'_>,
    base: Option<&url::Url>,
    heads: &[&str],
) -> Vec<DraftBlock> {
    let mut walk = Walk {
        base,
        heads,
        pieces: Vec::new(),
        text: String::new(),
    };
    walk.children(root, 0);
    walk.flush();
    attach_captions(walk.pieces)
}

impl Walk<'_> {
    fn flush(&mut self) {
        if let Some(text) = write::clean(&self.text) {
            self.pieces.push(Piece::Paragraph(text));
        }
        self.text.clear();
    }

    fn children(&mut self, el: ElementRef<'_>, depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(text) => self.text.push_str(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, el: ElementRef<'_>, depth: usize) {
        let value = el.value();
        if is_furniture(value) {
            return;
        }
        if depth > MAX_DEPTH {
            self.text.extend(el.text());
            return;
        }
        match value.name() {
            "br" => self.flush(),
            "img" => self.image(value),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                if let Some(text) = write::clean(&el.text().collect::<String>())
                    && !self.heads.contains(&text.as_str())
                {
                    self.pieces.push(Piece::Subhead(text));
                }
            }
            "figure" => self.figure(el),
            "table" if value.classes().any(|c| c.eq_ignore_ascii_case("pci_c")) => self.figure(el),
            "p" | "div" | "li" | "section" | "article" | "blockquote" | "tr" | "td" | "table"
            | "ul" | "ol" | "dd" | "dt" | "center" | "founder-content" | "figcaption" => {
                self.flush();
                if value.name() == "p" && bold_only(el) {
                    let text = write::clean(&el.text().collect::<String>());
                    if let Some(text) = text
                        && text.chars().count() <= MAX_SUBHEAD_CHARS
                    {
                        self.pieces.push(Piece::Subhead(text));
                        return;
                    }
                }
                self.children(el, depth);
                self.flush();
            }
            _ => self.children(el, depth),
        }
    }

    fn image(&mut self, img: &scraper::node::Element) {
        if is_decoration(img) {
            return;
        }
        self.flush();
        let url = resolve(
            img.attr("src").or_else(|| img.attr("data-src")),
            self.base,
            false,
        );
        let CaptionCredit { caption, credit } = match img.attr("data-original-title") {
            Some(title) if !title.trim().is_empty() => caption::from_html(title),
            _ => img
                .attr("alt")
                .or_else(|| img.attr("title"))
                .map(caption::split)
                .unwrap_or_default(),
        };
        if url.is_some() || caption.is_some() || credit.is_some() {
            self.pieces.push(Piece::Photo {
                url,
                caption,
                credit,
            });
        }
    }

    /// A `<figure>` or the classic `table.pci_c`: its picture, and the rest of its text as
    /// the caption (with a credit at its end).
    fn figure(&mut self, el: ElementRef<'_>) {
        self.flush();
        let before = self.pieces.len();
        let mut inner = Walk {
            base: self.base,
            heads: self.heads,
            pieces: Vec::new(),
            text: String::new(),
        };
        inner.children(el, MAX_DEPTH - 8);
        inner.flush();
        let mut photo = None;
        let mut lines = Vec::new();
        for piece in inner.pieces {
            match piece {
                Piece::Photo { .. } if photo.is_none() => photo = Some(piece),
                Piece::Paragraph(t) | Piece::Subhead(t) => lines.push(t),
                Piece::Photo { .. } => {}
            }
        }
        let Some(Piece::Photo {
            url,
            caption,
            credit,
        }) = photo
        else {
            // No picture: its text is ordinary text.
            self.pieces.extend(lines.into_iter().map(Piece::Paragraph));
            return;
        };
        let written = caption::split(&lines.join("\n"));
        self.pieces.insert(
            before,
            Piece::Photo {
                url,
                caption: written.caption.or(caption),
                credit: written.credit.or(credit),
            },
        );
    }
}

/// True when a `<p>`'s content is only `<strong>`/`<b>` elements and whitespace.
fn bold_only(p: ElementRef<'_>) -> bool {
    let mut bold = false;
    for child in p.children() {
        match child.value() {
            Node::Text(t) if t.chars().all(char::is_whitespace) => {}
            Node::Element(e) if matches!(e.name(), "strong" | "b") => bold = true,
            Node::Comment(_) => {}
            _ => return false,
        }
    }
    bold
}

/// Pictures without words take the paragraphs that follow them as caption up to a credit
/// line (People's Daily's picture reports), a photo's caption printed again under it is
/// dropped, and a credit line right after a photo is its credit.
fn attach_captions(mut pieces: Vec<Piece>) -> Vec<DraftBlock> {
    let mut out: Vec<DraftBlock> = Vec::with_capacity(pieces.len());
    let mut idx = 0;
    while idx < pieces.len() {
        // Taken, not copied (the text is held once); what follows is only looked ahead at.
        let piece = std::mem::replace(&mut pieces[idx], Piece::Paragraph(String::new()));
        idx += 1;
        let Piece::Photo {
            url,
            mut caption,
            mut credit,
        } = piece
        else {
            out.push(match piece {
                Piece::Paragraph(text) => DraftBlock::Paragraph { text },
                Piece::Subhead(text) => DraftBlock::Subhead { text },
                Piece::Photo { .. } => continue,
            });
            continue;
        };
        let para = |i: usize| match pieces.get(i) {
            Some(Piece::Paragraph(t)) => Some(t.as_str()),
            _ => None,
        };
        if caption.is_none() && credit.is_none() {
            // Caption paragraphs then a credit line, or one short paragraph ending in a credit.
            let end = (idx..=idx + MAX_CAPTION_PARAS)
                .take_while(|&i| para(i).is_some_and(|t| t.chars().count() <= 200))
                .find(|&i| para(i).is_some_and(caption::is_credit_line));
            let taken = match end {
                Some(end) => Some(end + 1),
                None => para(idx)
                    .filter(|t| t.chars().count() <= 120)
                    .filter(|t| caption::split(t).credit.is_some())
                    .map(|_| idx + 1),
            };
            if let Some(taken) = taken {
                let paras: Vec<&str> = (idx..taken).filter_map(para).collect();
                let split = caption::from_paragraphs(&paras);
                caption = split.caption;
                credit = split.credit;
                idx = taken;
            }
        } else {
            // The caption printed again under the picture.
            if let (Some(c), Some(next)) = (&caption, para(idx))
                && (next == c || c.replace('\n', " ") == next)
            {
                idx += 1;
            }
            if credit.is_none()
                && let Some(next) = para(idx)
                && caption::is_credit_line(next)
            {
                credit = Some(next.to_owned());
                idx += 1;
            }
        }
        out.push(DraftBlock::Photo {
            caption,
            credit,
            image: None,
            url,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<DraftBlock> {
        let doc = scraper::Html::parse_fragment(html);
        let base = url::Url::parse("http://x.example/pc/content/202609/16/content_1.html").ok();
        read(doc.root_element(), base.as_ref(), &["标题"])
    }

    fn photo(caption: Option<&str>, credit: Option<&str>, url: Option<&str>) -> DraftBlock {
        DraftBlock::Photo {
            caption: caption.map(Into::into),
            credit: credit.map(Into::into),
            image: None,
            url: url.map(Into::into),
        }
    }

    fn para(text: &str) -> DraftBlock {
        DraftBlock::Paragraph { text: text.into() }
    }

    #[test]
    fn data_original_title_with_html_gives_caption_and_credit() {
        let got = blocks(
            r#"<p><img src="../../../pic/a.jpg" data-original-title="&lt;p&gt;　　图为青禾县新建的社区服务站。&lt;/p&gt;&lt;p&gt;　　本报记者 赵  晨摄&lt;/p&gt;"></p>
            <p>　　第一段正文。</p>"#,
        );
        assert_eq!(
            got,
            [
                photo(
                    Some("图为青禾县新建的社区服务站。"),
                    Some("本报记者 赵 晨摄"),
                    Some("http://x.example/pc/pic/a.jpg")
                ),
                para("第一段正文。"),
            ]
        );
    }

    #[test]
    fn a_picture_report_takes_its_caption_paragraphs_and_credit() {
        let got = blocks(
            r#"<p><img src="b.jpg"></p><p>　　秋收时节，青禾县的稻田一片金黄。</p>
            <p>　　图为农民在田间收割。</p><p>程  兆摄（人民视觉）</p><p>　　正文一段。</p>"#,
        );
        assert_eq!(
            got,
            [
                photo(
                    Some("秋收时节，青禾县的稻田一片金黄。\n图为农民在田间收割。"),
                    Some("程 兆摄（人民视觉）"),
                    Some("http://x.example/pc/content/202609/16/b.jpg")
                ),
                para("正文一段。"),
            ]
        );
    }

    #[test]
    fn decorations_furniture_and_repeated_headings_are_not_read() {
        let got = blocks(
            r#"<h1>标题</h1><p class="sec"><span>记者</span></p>
            <p><img src="/template/images/ico5.gif">放大</p><img src="x.jpg" width="1" height="1">
            <script>var x = "脚本";</script><div style="display:none" id="articleContent"><p>隐藏的副本</p></div>
            <p class="teP">来源：青禾日报</p><p><strong>小标题</strong></p><p>正文。</p>"#,
        );
        assert_eq!(
            got,
            [
                para("放大"),
                DraftBlock::Subhead {
                    text: "小标题".into()
                },
                para("正文。"),
            ]
        );
    }

    #[test]
    fn the_classic_picture_table_is_a_photo() {
        let got = blocks(
            r#"<table class="pci_c"><tr><td><img src="c.jpg"></td></tr>
            <tr><td>图为青禾港的集装箱码头。新华社记者 李木摄</td></tr></table><p>正文。</p>"#,
        );
        assert_eq!(
            got,
            [
                photo(
                    Some("图为青禾港的集装箱码头。"),
                    Some("新华社记者 李木摄"),
                    Some("http://x.example/pc/content/202609/16/c.jpg")
                ),
                para("正文。"),
            ]
        );
    }
}
