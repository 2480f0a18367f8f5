//! One article's HTML → [`HtmlArticle`]: the article container (`#ozoom`, `.article`,
//! `<article>`) found, then walked with an explicit stack into kicker, headline, subtitle,
//! byline and body blocks: paragraphs, subheads (headings and all-bold paragraphs), and photos
//! with their captions and credits (`<figure>`, People's Daily's `table.pci_c`, `<img>` with
//! its caption in an attribute, a picture report's caption paragraphs and credit after a
//! picture). Every caption goes through [`caption`], which splits off the credit.

use scraper::{CaseSensitivity, Html, Node, Selector};

use crate::edition::caption::{self, CaptionCredit};
use crate::edition::model::{Block, Photo};
use crate::edition::recognize::{is_byline, is_contents_entry, normalize_byline};
use crate::edition::sanitize::sanitize;

use super::limits::{MAX_NESTING, bounded, flatten_deep};
use super::text::{Tag, TextBuf, clean};

/// A subhead is a short line: a bold paragraph longer than this many characters is an editor's
/// note or a bold lead, kept as a paragraph.
const MAX_SUBHEAD_CHARS: usize = 80;

/// A picture report's caption is at most this many paragraphs between the picture and the
/// credit line, and at most [`MAX_REPORT_CAPTION_CHARS`] characters: more is the article's
/// text, not a caption.
const MAX_REPORT_PARAGRAPHS: usize = 4;
const MAX_REPORT_CAPTION_CHARS: usize = 600;

/// Credits of a page's design rather than of a picture: never a caption's credit by themselves.
const PAGE_CREDITS: [&str; 3] = ["版式设计", "美术设计", "美编"];

/// The structure read from one article's HTML. Every string is sanitised, whitespace-collapsed
/// and non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlArticle {
    /// 引题 (`h3` above the headline, or a heading before it).
    pub kicker: Option<String>,
    pub headline: Option<String>,
    /// 副题 (`h2` below the headline, or a heading after it).
    pub subtitle: Option<String>,
    /// `p.sec` without the edition furniture, or a byline-shaped first paragraph.
    pub byline: Option<String>,
    /// Paragraphs, subheads and photos in reading order.
    pub body: Vec<Block>,
    /// Elements left out with their content: `script`, `style`, `iframe`, `noscript`, forms
    /// and the like (comments are not counted).
    pub dropped_elements: usize,
    /// Bytes of input beyond [`MAX_HTML_BYTES`](super::MAX_HTML_BYTES) or [`MAX_TAGS`](super::MAX_TAGS) tags that were not read (0
    /// for a normal article).
    pub truncated_bytes: usize,
    /// Tags dropped because they nested deeper than [`MAX_NESTING`] (their text is kept).
    pub flattened_tags: usize,
    /// True when the HTML had an article container (`#ozoom`, `.article` or `<article>`): it
    /// is a whole article page, not a summary snippet.
    pub has_article_root: bool,
}

/// Reads one article's HTML (a whole page or a fragment). Never fails: unreadable parts are
/// dropped.
pub fn article_from_html(html: &str) -> HtmlArticle {
    let (html, truncated_bytes) = bounded(html);
    let (html, flattened) = flatten_deep(html, MAX_NESTING);
    let doc = Html::parse_document(&html);
    let root = find_root(&doc);
    let mut walk = Walk {
        root_kind: root.map(|(_, kind)| kind),
        out: HtmlArticle {
            truncated_bytes,
            flattened_tags: flattened,
            has_article_root: root.is_some(),
            ..HtmlArticle::default()
        },
        ..Walk::default()
    };
    let root_id = root.map(|(el, _)| el.id());
    let mut in_root = root_id.is_none();

    // (node, entering): children are pushed in reverse so they pop in document order.
    let mut stack = vec![(doc.tree.root(), true)];
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(text) if entering && walk.takes_text(in_root) => walk.buf.push_text(text),
            Node::Element(el) => {
                let tag = tag_of(el);
                if !entering {
                    walk.leave(tag);
                    if Some(node.id()) == root_id {
                        walk.flush();
                        in_root = false;
                    }
                    continue;
                }
                if tag == Tag::Skip {
                    walk.out.dropped_elements += 1;
                    continue;
                }
                if Some(node.id()) == root_id {
                    walk.flush();
                    in_root = true;
                }
                let subhead_p = tag == Tag::Paragraph
                    && in_root
                    && only_bold(node.children().map(|child| child.value()));
                walk.enter(tag, el, in_root, subhead_p);
                if tag == Tag::Image {
                    // Void element: no children, no closing step needed.
                    continue;
                }
                stack.push((node, false));
                stack.extend(node.children().rev().map(|child| (child, true)));
            }
            Node::Document | Node::Fragment if entering => {
                stack.extend(node.children().rev().map(|child| (child, true)));
            }
            _ => {}
        }
    }
    walk.flush();
    walk.contents_box_label();
    walk.out
}

/// What an element means to the walk; People's Daily's picture table (`<table class="pci_c">`:
/// the picture in one row, its caption and credit in the next) is read as a `<figure>`.
fn tag_of(el: &scraper::node::Element) -> Tag {
    if el.name() == "table" && el.has_class("pci_c", CaseSensitivity::AsciiCaseInsensitive) {
        Tag::Figure
    } else {
        Tag::of(el.name())
    }
}

/// Which container holds the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootKind {
    /// People's Daily's `#ozoom`: only the body is inside; headings in it are subheads.
    Ozoom,
    /// `.article` or `<article>`: the headline may be inside, at the top.
    Article,
}

fn find_root(doc: &Html) -> Option<(scraper::ElementRef<'_>, RootKind)> {
    // The selectors are constants; `parse` cannot fail on them, but a failure must not panic.
    let first = |css: &str| {
        Selector::parse(css)
            .ok()
            .and_then(|selector| doc.select(&selector).next())
    };
    first("#ozoom")
        .map(|el| (el, RootKind::Ozoom))
        .or_else(|| first(".article").map(|el| (el, RootKind::Article)))
        .or_else(|| first("article").map(|el| (el, RootKind::Article)))
}
/// True when a `<p>`'s children are only `<strong>`/`<b>` elements and whitespace.
fn only_bold<'a>(children: impl Iterator<Item = &'a Node>) -> bool {
    let mut bold = false;
    for child in children {
        match child {
            Node::Text(text) if text.chars().all(char::is_whitespace) => {}
            Node::Element(el) if matches!(el.name(), "strong" | "b") => bold = true,
            Node::Comment(_) => {}
            _ => return false,
        }
    }
    bold
}

/// Where collected text goes when its element ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    /// A heading (level) and whether it is inside the article container.
    Heading(u8, bool),
    Byline,
    Subhead,
    FigCaption,
    Credit,
}

/// A `<figure>` being read: its picture and caption parts.
#[derive(Debug, Default)]
struct Figure {
    image: Option<String>,
    /// The picture's own caption attribute, already split.
    alt: CaptionCredit,
    /// Paragraphs of the `<figcaption>` and of other text inside the figure.
    caption: Vec<String>,
    /// A credit the markup marks as one (`<span class="credit">`).
    credit: Option<String>,
}

impl Figure {
    /// The photo: the caption text split by [`caption`] (a credit the markup marks wins), the
    /// picture's attribute for what the text lacks.
    fn photo(self) -> Photo {
        let text =
            caption::from_paragraphs(&self.caption.iter().map(String::as_str).collect::<Vec<_>>());
        let (caption, credit) = match self.credit {
            // The markup's credit: the caption text is all caption.
            Some(marked) => {
                let whole = [text.caption, text.credit]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n");
                (Some(whole).filter(|c| !c.is_empty()), Some(marked))
            }
            None => (text.caption, text.credit),
        };
        let CaptionCredit { caption, credit } = CaptionCredit {
            caption: caption.or(self.alt.caption),
            credit: credit.or(self.alt.credit),
        }
        .normalized();
        Photo {
            caption,
            credit,
            image: self.image,
        }
    }
}

#[derive(Default)]
struct Walk {
    root_kind: Option<RootKind>,
    out: HtmlArticle,
    buf: TextBuf,
    /// Modes of the open capturing elements (headings, `p.sec`, subheads, captions).
    modes: Vec<(Tag, Mode)>,
    figure: Option<Figure>,
    /// Open `<figure>` elements (nested ones are read as part of the outer one).
    figure_depth: usize,
    body_started: bool,
    /// The paragraph the byline was taken from, when it was one of the body's (not `p.sec`).
    byline_paragraph: Option<String>,
}

impl Walk {
    fn mode(&self) -> Mode {
        self.modes.last().map_or(Mode::Body, |&(_, mode)| mode)
    }

    /// Body text is read only inside the article container; headings and bylines anywhere.
    fn takes_text(&self, in_root: bool) -> bool {
        in_root || self.mode() != Mode::Body
    }

    fn enter(&mut self, tag: Tag, el: &scraper::node::Element, in_root: bool, subhead_p: bool) {
        let is_sec = || el.has_class("sec", CaseSensitivity::AsciiCaseInsensitive);
        let capturing = self.mode() != Mode::Body;
        match tag {
            Tag::Heading(level) if !capturing && (in_root || level <= 3) => {
                self.flush();
                self.modes.push((tag, Mode::Heading(level, in_root)));
            }
            Tag::Paragraph if !capturing && is_sec() => {
                self.flush();
                self.modes.push((tag, Mode::Byline));
            }
            Tag::Paragraph if !capturing && subhead_p => {
                self.flush();
                self.modes.push((tag, Mode::Subhead));
            }
            Tag::Figure if in_root => {
                self.flush();
                self.figure_depth += 1;
                if self.figure.is_none() {
                    self.figure = Some(Figure::default());
                }
            }
            Tag::FigCaption if self.figure.is_some() && !capturing => {
                self.flush();
                self.modes.push((tag, Mode::FigCaption));
            }
            Tag::Image if in_root => self.image(el),
            Tag::Break if self.mode() == Mode::Body && in_root => self.flush(),
            Tag::Break => self.buf.push_break(),
            Tag::Inline
                if self.mode() == Mode::FigCaption
                    && el.classes().any(|c| {
                        let c = c.to_ascii_lowercase();
                        c.contains("credit") || c.contains("source") || c.contains("byline")
                    }) =>
            {
                self.flush();
                self.modes.push((tag, Mode::Credit));
            }
            t if t.is_block() && self.mode() == Mode::Body => self.flush(),
            t if t.is_block() => self.buf.push_break(),
            _ => {}
        }
    }

    fn leave(&mut self, tag: Tag) {
        if let Some(&(open, _)) = self.modes.last()
            && open == tag
        {
            self.flush();
            self.modes.pop();
            return;
        }
        match tag {
            Tag::Figure if self.figure_depth > 0 => {
                self.flush();
                self.figure_depth -= 1;
                if self.figure_depth == 0
                    && let Some(figure) = self.figure.take()
                {
                    let photo = figure.photo();
                    if photo.caption.is_some() || photo.credit.is_some() || photo.image.is_some() {
                        self.body_started = true;
                        self.out.body.push(Block::Photo(photo));
                    }
                }
            }
            t if t.is_block() && self.mode() == Mode::Body => self.flush(),
            t if t.is_block() => self.buf.push_break(),
            _ => {}
        }
    }

    /// A picture: its caption from the first attribute that holds one (`data-original-title`,
    /// where People's Daily puts `<p>` markup, then `alt`, then `title`), read as HTML and split.
    fn image(&mut self, el: &scraper::node::Element) {
        let from_attribute = ["data-original-title", "alt", "title"]
            .iter()
            .filter_map(|name| el.attr(name))
            .map(caption::from_html)
            .find(|cc| cc.caption.is_some() || cc.credit.is_some())
            .unwrap_or_default();
        let image = el
            .attr("src")
            .or_else(|| el.attr("data-src"))
            .map(clean)
            .filter(|src| !src.is_empty());
        if let Some(figure) = &mut self.figure {
            figure.image = figure.image.take().or(image);
            if figure.alt.caption.is_none() && figure.alt.credit.is_none() {
                figure.alt = from_attribute;
            }
            return;
        }
        let CaptionCredit { caption, credit } = from_attribute.normalized();
        if caption.is_none() && credit.is_none() && image.is_none() {
            return;
        }
        self.flush();
        self.body_started = true;
        self.out.body.push(Block::Photo(Photo {
            caption,
            credit,
            image,
        }));
    }

    /// Ends the text collected so far and files it where the current mode says.
    fn flush(&mut self) {
        // Already collapsed as it arrived: only the layout indent and the sanitiser remain.
        let text = sanitize(self.buf.text.trim_matches(char::is_whitespace))
            .trim_matches(char::is_whitespace)
            .to_owned();
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        let in_caption = matches!(self.mode(), Mode::Body | Mode::Subhead | Mode::FigCaption);
        if let Some(figure) = &mut self.figure
            && in_caption
        {
            // All text inside a figure is its caption (`table.pci_c` has no `<figcaption>`).
            figure.caption.push(text);
            return;
        }
        match self.mode() {
            Mode::Heading(level, in_root) => self.heading(level, in_root, text),
            Mode::Byline => {
                let byline = strip_furniture(&text);
                if self.out.byline.is_none() && !byline.is_empty() {
                    self.out.byline = Some(normalize_byline(&byline));
                }
            }
            Mode::Subhead if text.chars().count() <= MAX_SUBHEAD_CHARS => {
                self.body_started = true;
                self.out.body.push(Block::Subhead(text));
            }
            Mode::Credit => {
                if let Some(figure) = &mut self.figure {
                    append(&mut figure.credit, text);
                }
            }
            Mode::Subhead | Mode::Body | Mode::FigCaption => self.paragraph(text),
        }
    }

    /// Before the body starts, headings are the article's kicker, headline and subtitle
    /// (`h1` the headline, a heading before it the kicker, one after it the subtitle); after
    /// that, and always inside `#ozoom`, a heading in the body is a subhead. Headings outside
    /// the container once the body has started (sidebars) are dropped.
    fn heading(&mut self, level: u8, in_root: bool, text: String) {
        let ozoom_body = in_root && self.root_kind == Some(RootKind::Ozoom);
        if !self.body_started && !ozoom_body {
            let slot = match (level, self.out.headline.is_some()) {
                (1, false) => &mut self.out.headline,
                (_, false) => &mut self.out.kicker,
                (_, true) => &mut self.out.subtitle,
            };
            if slot.is_none() {
                *slot = Some(text);
                return;
            }
        }
        if in_root {
            self.body_started = true;
            self.out.body.push(Block::Subhead(text));
        }
    }

    fn paragraph(&mut self, text: String) {
        if caption::is_credit_line(&text) {
            if self.credit_paragraph(&text) {
                return;
            }
        } else if let Some(Block::Photo(photo)) = self.out.body.last_mut()
            && photo.image.is_some()
            && photo.caption.is_none()
            && photo.credit.is_none()
            && let CaptionCredit {
                caption: Some(caption),
                credit: Some(credit),
            } = caption::split(&text).normalized()
        {
            // The caption paragraph right under a picture, its credit at its end.
            photo.caption = Some(caption);
            photo.credit = Some(credit);
            return;
        }
        if !self.body_started && self.out.byline.is_none() && is_byline(&text) {
            self.out.byline = Some(normalize_byline(&text));
            self.byline_paragraph = Some(text);
            return;
        }
        self.body_started = true;
        self.out.body.push(Block::Paragraph(text));
    }

    /// A paragraph that is all credit: the photo above it takes it. Right under a picture that
    /// has none; under a picture and the paragraphs that caption it (a picture report: image,
    /// caption paragraphs, credit, one photo); else the paragraph above is the caption of a
    /// photo whose picture the source does not give. False when nothing above takes it.
    fn credit_paragraph(&mut self, credit: &str) -> bool {
        let credit = caption::normalize_credit(credit);
        let body = &mut self.out.body;
        let paragraphs = body
            .iter()
            .rev()
            .take_while(|b| matches!(b, Block::Paragraph(_)))
            .count();
        let first_para = body.len() - paragraphs;
        let caption_chars: usize = body[first_para..]
            .iter()
            .map(|b| b.text().chars().count())
            .sum();
        let texts: Vec<&str> = body[first_para..].iter().map(Block::text).collect();
        let report = caption::from_paragraphs(&texts);
        let report = [report.caption, report.credit]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
        let Some(Block::Photo(photo)) = first_para.checked_sub(1).and_then(|at| body.get_mut(at))
        else {
            return self.lone_credit(credit);
        };
        match (&mut photo.credit, paragraphs) {
            // A credit stacked under another (`制图：…` then `版式设计：…`).
            (Some(above), 0) => {
                above.push('\n');
                above.push_str(&credit);
                return true;
            }
            (Some(_), _) => return self.lone_credit(credit),
            (None, 0) => {
                photo.credit = Some(credit);
                return true;
            }
            (None, _) => {}
        }
        let report_fits = paragraphs <= MAX_REPORT_PARAGRAPHS
            && caption_chars <= MAX_REPORT_CAPTION_CHARS
            && (photo.image.is_some() || paragraphs == 1)
            && photo.caption.as_ref().is_none_or(|c| *c == report);
        if !report_fits {
            return self.lone_credit(credit);
        }
        photo.caption = Some(report);
        photo.credit = Some(credit);
        body.truncate(first_para);
        true
    }

    /// A credit line with no photo right above it. A page's credit (`版式设计：…`) stands alone,
    /// as a photo credit without caption or picture; any other takes the paragraph above as
    /// its caption: a photo whose picture the source does not give.
    fn lone_credit(&mut self, credit: String) -> bool {
        if PAGE_CREDITS.iter().any(|label| credit.starts_with(label)) {
            self.out.body.push(Block::Photo(Photo {
                caption: None,
                credit: Some(credit),
                image: None,
            }));
            return true;
        }
        if !matches!(self.out.body.last(), Some(Block::Paragraph(_))) {
            return false;
        }
        let Some(Block::Paragraph(caption)) = self.out.body.pop() else {
            return false;
        };
        self.out.body.push(Block::Photo(Photo {
            caption: Some(caption),
            credit: Some(credit),
            image: None,
        }));
        true
    }
}

impl Walk {
    /// A contents box (导读, 目录) opens with a short label and goes on with headlines tagged in
    /// brackets: the label taken for a byline goes back to the top of the body.
    fn contents_box_label(&mut self) {
        let Some(label) = self.byline_paragraph.take() else {
            return;
        };
        if let Some(Block::Paragraph(first)) = self.out.body.first()
            && is_contents_entry(first)
        {
            self.out.byline = None;
            self.out.body.insert(0, Block::Paragraph(label));
        }
    }
}

fn append(slot: &mut Option<String>, text: String) {
    match slot {
        Some(existing) => {
            existing.push(' ');
            existing.push_str(&text);
        }
        None => *slot = Some(text),
    }
}

/// `本报记者 张三 《人民日报》（2026年08月21日 第 01 版）` → `本报记者 张三`: cuts the byline at
/// the first piece of edition furniture (a `《paper》` title, a bracketed date or page, a date).
fn strip_furniture(text: &str) -> String {
    let mut cut = text.len();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(idx, c)) in chars.iter().enumerate() {
        let ahead: String = chars[n..].iter().take(24).map(|&(_, c)| c).collect();
        let furniture = match c {
            // `《人民日报》（2026年08月21日 第 01 版）` is the edition; a title inside the byline
            // (`李心草（音乐会《人民至上》指挥）`, `《环球人物》记者 高塬`) is part of it.
            '《' => paper_title_ends_line(&text[idx..]),
            '【' => true,
            '（' | '(' => {
                // A date or page in brackets (`（2026年08月21日 第 01 版）`), not a title that
                // merely holds 年 or 版 (`（青年歌唱家）`).
                let inner = ahead.split([')', '）']).next().unwrap_or("");
                (inner.contains('版') || inner.contains('年'))
                    && inner.contains(|c: char| c.is_ascii_digit())
            }
            '第' => {
                let inner: String = ahead.chars().skip(1).take(8).collect();
                inner.contains('版')
                    && inner
                        .split('版')
                        .next()
                        .is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_alphanumeric()))
            }
            c if c.is_ascii_digit() => {
                let digits: String = ahead.chars().take_while(char::is_ascii_digit).collect();
                digits.len() == 4
                    && ahead[digits.len()..].starts_with(['年', '-'])
                    && (n == 0 || !chars[n - 1].1.is_ascii_digit())
            }
            _ => false,
        };
        if furniture {
            cut = idx;
            break;
        }
    }
    text[..cut]
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '｜' | '-' | '—' | '·'))
        .to_owned()
}

/// Whether the `《…》` opening `rest` is the edition's own title: nothing but the edition's date
/// or page follows it (`《人民日报》（2026年08月21日 第 01 版）`, `《人民日报》 2026-08-21`).
fn paper_title_ends_line(rest: &str) -> bool {
    let Some(end) = rest.find('》') else {
        return true;
    };
    let after = rest[end + '》'.len_utf8()..].trim_start();
    after.is_empty()
        || after.starts_with(|c: char| c.is_ascii_digit())
        || after.starts_with(['（', '('])
            && after
                .split([')', '）'])
                .next()
                .is_some_and(|inner| inner.contains('版') || inner.contains('年'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::html::MAX_HTML_BYTES;

    fn para(text: &str) -> Block {
        Block::Paragraph(text.to_owned())
    }

    fn photo(caption: Option<&str>, credit: Option<&str>, image: Option<&str>) -> Block {
        Block::Photo(Photo {
            caption: caption.map(str::to_owned),
            credit: credit.map(str::to_owned),
            image: image.map(str::to_owned),
        })
    }

    #[test]
    fn peoples_daily_page() {
        let html = r#"<html><head><title>页面标题</title><script>var x = "<p>不是正文</p>";</script></head>
<body><div class="nav"><a href="/">首页</a></div>
<div class="article">
  <h3>科技创新引领产业升级</h3>
  <h1>青川县新建十座智能温室</h1>
  <h2>——当地农户增收三成</h2>
  <p class="sec">本报记者　林小雨<!-- enpproperty --> 《人民日报》（2026年08月21日 第 01 版）</p>
  <div id="ozoom">
    <!--enpcontent-->
    <p style="text-align:center"><img src="../../../pic/202608/21/a1.jpg" data-original-title="温室里的番茄长势正旺。"></p>
    <p style="text-align:center">本报记者 赵晴 摄</p>
    <p>　　本报青川8月20日电　八月的青川，
      温室里一片翠绿。</p>
    <p><strong>一、从试点到推广</strong></p>
    <p>&nbsp;&nbsp;去年试点的两座温室，今年扩展到十座。&lt;引用&gt;</p>
    <p></p>
  </div>
</div>
<div class="footer">版权所有</div></body></html>"#;
        let article = article_from_html(html);
        assert_eq!(article.kicker.as_deref(), Some("科技创新引领产业升级"));
        assert_eq!(article.headline.as_deref(), Some("青川县新建十座智能温室"));
        assert_eq!(article.subtitle.as_deref(), Some("——当地农户增收三成"));
        assert_eq!(article.byline.as_deref(), Some("本报记者 林小雨"));
        assert_eq!(
            article.body,
            vec![
                photo(
                    Some("温室里的番茄长势正旺。"),
                    Some("本报记者 赵晴 摄"),
                    Some("../../../pic/202608/21/a1.jpg")
                ),
                para("本报青川8月20日电　八月的青川，温室里一片翠绿。"),
                Block::Subhead("一、从试点到推广".to_owned()),
                para("去年试点的两座温室，今年扩展到十座。<引用>"),
            ]
        );
        assert!(article.has_article_root);
        assert!(article.dropped_elements >= 1, "the script is dropped");
    }

    /// What a reader sees of one article: kicker, headline, subtitle, byline and body.
    type Seen = (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Vec<Block>,
    );

    #[test]
    #[allow(clippy::too_many_lines, reason = "one table of cases")]
    fn table() {
        let cases: Vec<(&str, &str, Seen)> = vec![
            (
                "br-separated runs and list items are paragraphs",
                "<div>First line<br>Second <b>bold</b>\n line<br><br></div><ul><li>One</li><li> Two </li></ul>",
                (
                    None,
                    None,
                    None,
                    None,
                    vec![
                        para("First line"),
                        para("Second bold line"),
                        para("One"),
                        para("Two"),
                    ],
                ),
            ),
            (
                "CJK joined without spaces, Latin words keep theirs",
                "<p><span>人民</span>\n  <span>日报</span> and <em>English</em>\twords</p>",
                (
                    None,
                    None,
                    None,
                    None,
                    vec![para("人民日报 and English words")],
                ),
            ),
            (
                "figure with figcaption and a credit span",
                r#"<figure><img src="fair.jpg" alt="alt text"><figcaption>Crowds at the county fair. <span class="credit">Photo by Jane Doe</span></figcaption></figure><p>Text.</p>"#,
                (
                    None,
                    None,
                    None,
                    None,
                    vec![
                        photo(
                            Some("Crowds at the county fair."),
                            Some("Photo by Jane Doe"),
                            Some("fair.jpg"),
                        ),
                        para("Text."),
                    ],
                ),
            ),
            (
                "img alt as the caption when there is no figure",
                r#"<p>Before.</p><img src="x.png" alt="A mill on the river"><p>After.</p>"#,
                (
                    None,
                    None,
                    None,
                    None,
                    vec![
                        para("Before."),
                        photo(Some("A mill on the river"), None, Some("x.png")),
                        para("After."),
                    ],
                ),
            ),
            (
                "generic headings: h1 headline, later headings subheads",
                "<h1>Mill  Reopens</h1><p>The mill reopened.</p><h2>Workers return</h2><p>More.</p>",
                (
                    None,
                    Some("Mill Reopens"),
                    None,
                    None,
                    vec![
                        para("The mill reopened."),
                        Block::Subhead("Workers return".to_owned()),
                        para("More."),
                    ],
                ),
            ),
            (
                "a heading before the headline is the kicker, one after it the subtitle",
                "<h3>引题在此</h3><h1>主标题</h1><h2>——副标题</h2><p>正文。</p>",
                (
                    Some("引题在此"),
                    Some("主标题"),
                    Some("——副标题"),
                    None,
                    vec![para("正文。")],
                ),
            ),
            (
                "caption paragraph then credit paragraph make one photo",
                "<p>正文一。</p><p>图为村民在田间劳作。</p><p>本报记者 王晓 摄</p><p>正文二。</p>",
                (
                    None,
                    None,
                    None,
                    None,
                    vec![
                        para("正文一。"),
                        photo(Some("图为村民在田间劳作。"), Some("本报记者 王晓 摄"), None),
                        para("正文二。"),
                    ],
                ),
            ),
            (
                "scripts, styles, frames, noscript and comments dropped; entities decoded",
                "<p>a<!-- note -->b<script>alert(1)</script> &amp; &lt;c&gt;</p><style>p{}</style><iframe src=x>f</iframe><noscript>n</noscript>",
                (None, None, None, None, vec![para("ab & <c>")]),
            ),
            ("empty input", "", (None, None, None, None, vec![])),
            (
                "only whitespace and empty blocks",
                "<p> </p><div>\u{3000}\u{3000}</div><p>&nbsp;</p>",
                (None, None, None, None, vec![]),
            ),
            (
                "a byline-shaped first paragraph is the byline",
                "<p>本报记者 张三</p><p>本报讯 今天天气晴朗。</p>",
                (
                    None,
                    None,
                    None,
                    Some("本报记者 张三"),
                    vec![para("本报讯 今天天气晴朗。")],
                ),
            ),
            (
                "a long bold paragraph stays a paragraph",
                "<p><strong>这是一段很长的加粗导语，它不是小标题，而是编者按的一部分，内容较多，超过了小标题应有的长度。这是一段很长的加粗导语，它不是小标题，而是编者按的一部分。这是一段很长的加粗导语，它不是小标题，而是编者按的一部分，内容较多，超过了小标题应有的长度。这是一段很长的加粗导语，它不是小标题，而是编者按的一部分。</strong></p>",
                (
                    None,
                    None,
                    None,
                    None,
                    vec![para(
                        "这是一段很长的加粗导语，它不是小标题，而是编者按的一部分，内容较多，超过了小标题应有的长度。这是一段很长的加粗导语，它不是小标题，而是编者按的一部分。这是一段很长的加粗导语，它不是小标题，而是编者按的一部分，内容较多，超过了小标题应有的长度。这是一段很长的加粗导语，它不是小标题，而是编者按的一部分。",
                    )],
                ),
            ),
            (
                "escape sequences and controls removed",
                "<p>red\u{1b}[31m text\u{7}</p>",
                (None, None, None, None, vec![para("red text")]),
            ),
            (
                "p.sec furniture: date and page removed",
                r#"<p class="sec">本报记者 李明 刘芳<br>2026年08月21日  第 04 版</p><div id="ozoom"><p>正文。</p><h2>小标题</h2></div>"#,
                (
                    None,
                    None,
                    None,
                    Some("本报记者 李明 刘芳"),
                    vec![para("正文。"), Block::Subhead("小标题".to_owned())],
                ),
            ),
            (
                "a contents box's label is not a byline",
                r#"<div id="ozoom"><p>　　金秋</p><p>　　城墙下的千年市井（第9版）</p><p>　　一座小城的烟火气（第10版）</p></div>"#,
                (
                    None,
                    None,
                    None,
                    None,
                    vec![
                        para("金秋"),
                        para("城墙下的千年市井（第9版）"),
                        para("一座小城的烟火气（第10版）"),
                    ],
                ),
            ),
            (
                "a bare name before the text is the byline",
                r#"<div id="ozoom"><p>　　周 文</p><p>　　城墙下的千年市井，至今热闹。</p></div>"#,
                (
                    None,
                    None,
                    None,
                    Some("周文"),
                    vec![para("城墙下的千年市井，至今热闹。")],
                ),
            ),
            (
                "text outside the article container is not body",
                r#"<div class="nav">首页 | 要闻</div><article><h1>Head</h1><p>Body.</p></article><footer>Copyright</footer>"#,
                (None, Some("Head"), None, None, vec![para("Body.")]),
            ),
        ];
        for (what, html, (kicker, headline, subtitle, byline, body)) in cases {
            let article = article_from_html(html);
            assert_eq!(article.kicker.as_deref(), kicker, "{what}: kicker");
            assert_eq!(article.headline.as_deref(), headline, "{what}: headline");
            assert_eq!(article.subtitle.as_deref(), subtitle, "{what}: subtitle");
            assert_eq!(article.byline.as_deref(), byline, "{what}: byline");
            assert_eq!(article.body, body, "{what}: body");
        }
    }

    /// Every form a caption and its credit come in, each read as one photo.
    #[test]
    fn captions_and_credits_in_every_form() {
        let cases: [(&str, &str, Vec<Block>); 6] = [
            (
                "People's Daily: <p> markup inside data-original-title",
                r#"<p><img src="a.jpg" data-original-title="<p>　　图为青禾湖畔的风电场。</p><p>　　青禾县委宣传部供图</p>"></p><p>　　正文。</p>"#,
                vec![
                    photo(
                        Some("图为青禾湖畔的风电场。"),
                        Some("青禾县委宣传部供图"),
                        Some("a.jpg"),
                    ),
                    para("正文。"),
                ],
            ),
            (
                "a picture report: image, caption paragraphs, credit paragraph",
                "<p><img src=\"r.jpg\"></p><p>　　9月15日，南岭古镇举办秋收节。</p><p>　　图为村民展示新收的稻谷。</p><p>　　程\u{a0}\u{a0}兆摄（人民视觉）</p>",
                vec![photo(
                    Some("9月15日，南岭古镇举办秋收节。\n图为村民展示新收的稻谷。"),
                    Some("程兆摄（人民视觉）"),
                    Some("r.jpg"),
                )],
            ),
            (
                "table.pci_c: the picture, then its caption and credit after a <br>",
                r#"<table class="pci_c" width="400"><tbody><tr><td align="center"><img src="p.jpg" /></td></tr><tr><td><p>　　工人在检修线路。<br />　　新华社记者 王岩摄</p></td></tr></tbody></table><p>　　正文。</p>"#,
                vec![
                    photo(
                        Some("工人在检修线路。"),
                        Some("新华社记者 王岩摄"),
                        Some("p.jpg"),
                    ),
                    para("正文。"),
                ],
            ),
            (
                "a caption paragraph under a picture, its credit at its end",
                r#"<img src="c.jpg"><p>图为雪后的青禾古城。视觉中国</p><p>正文。</p>"#,
                vec![
                    photo(
                        Some("图为雪后的青禾古城。"),
                        Some("视觉中国"),
                        Some("c.jpg"),
                    ),
                    para("正文。"),
                ],
            ),
            (
                "figcaption paragraphs and an English credit",
                r#"<figure><img src="f.jpg"><figcaption><p>Troops leave the armory.</p><p>(AP Photo/Walter Hale)</p></figcaption></figure>"#,
                vec![photo(
                    Some("Troops leave the armory."),
                    Some("(AP Photo/Walter Hale)"),
                    Some("f.jpg"),
                )],
            ),
            (
                "a sentence that ends in 摄 under a picture stays text",
                r#"<img src="d.jpg"><p>他最爱拍摄。</p><p>去现场摄影</p>"#,
                vec![
                    photo(None, None, Some("d.jpg")),
                    para("他最爱拍摄。"),
                    para("去现场摄影"),
                ],
            ),
        ];
        for (what, html, want) in cases {
            let article = article_from_html(html);
            assert_eq!(article.body, want, "{what}");
        }
    }

    #[test]
    fn furniture() {
        for (raw, want) in [
            (
                "本报记者　林小雨 《人民日报》（2026年08月21日 第 01 版）",
                "本报记者　林小雨",
            ),
            ("本报记者 张三 李四", "本报记者 张三 李四"),
            ("《人民日报》（2026年08月21日 第 01 版）", ""),
            ("本报评论员 （2026年08月21日 01 版）", "本报评论员"),
            ("By JANE DOE | 2026-08-21", "By JANE DOE"),
            ("记者 王五 第3版", "记者 王五"),
            (
                "李心草（音乐会《人民至上》指挥） 《人民日报》（2026年08月21日 第 01 版）",
                "李心草（音乐会《人民至上》指挥）",
            ),
            (
                "《环球人物》记者　高　塬 《人民日报》（2026年08月21日 第 20 版）",
                "《环球人物》记者　高　塬",
            ),
            ("王五（青年歌唱家）", "王五（青年歌唱家）"),
        ] {
            assert_eq!(strip_furniture(raw), want, "{raw}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        for tag in ["div", "span", "b", "blockquote", "table", "ul"] {
            let depth = 10_000;
            let html = format!(
                "{}深处的文字{}",
                format!("<{tag}>").repeat(depth),
                format!("</{tag}>").repeat(depth)
            );
            let article = article_from_html(&html);
            assert_eq!(article.body, vec![para("深处的文字")], "{tag}");
        }
    }

    #[test]
    fn oversized_input_is_cut() {
        let paragraph = "<p>A long paragraph about the harvest fair in the county.</p>";
        let html = paragraph.repeat(MAX_HTML_BYTES / paragraph.len() + 1000);
        let article = article_from_html(&html);
        assert!(article.truncated_bytes > 0);
        assert!(article.body.len() > 1000);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Any input: no panic, and every kept string is non-empty, trimmed and clean.
        #[test]
        fn any_html(html in "(<[a-z/! ]{0,6}>|[^<]{0,12}|&[a-z#0-9]{0,5};|\\s){0,60}") {
            let article = article_from_html(&html);
            let texts = [&article.kicker, &article.headline, &article.subtitle, &article.byline]
                .into_iter()
                .flatten()
                .cloned()
                .chain(article.body.iter().map(|b| b.text().to_owned()).filter(|t| !t.is_empty()));
            for text in texts {
                proptest::prop_assert!(!text.is_empty());
                // A caption's paragraphs are separated by line breaks; each is clean.
                for line in text.split('\n') {
                    proptest::prop_assert!(!line.is_empty());
                    proptest::prop_assert_eq!(line.trim(), line);
                    proptest::prop_assert!(crate::edition::sanitize::is_clean(line));
                }
            }
        }
    }
}
