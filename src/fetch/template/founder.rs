//! The Founder (方正) e-paper systems, as real pages publish them (see docs/FETCH.md): page
//! lists, article lists and image maps on a page; the headline block, `p.sec` byline,
//! `founder-content` body and `<!--enpproperty …-->` metadata on an article page. Site
//! furniture (the toolbar, the hidden second copy of the text, QR boxes, the `来源：` and
//! `（…版）` lines) is never read.

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};

use super::{
    PageImage, PageLink, PageRead, body, is_content, is_node, page_label, resolve, text_of,
};
use crate::edition::recognize::normalize_byline;
use crate::fetch::write::{self, DraftArticle};
use crate::formats::html::{flatten_page, parse_page};

/// The selectors this module reads with; constants, parsed once.
pub(crate) mod sel {
    use std::sync::LazyLock;

    use scraper::Selector;

    fn parse(css: &str) -> Selector {
        Selector::parse(css).expect("a constant selector parses")
    }

    pub static LINKS: LazyLock<Selector> = LazyLock::new(|| parse("a[href], area[href]"));
    pub static TITLE: LazyLock<Selector> = LazyLock::new(|| parse("title"));
    pub static COPYRIGHT: LazyLock<Selector> =
        LazyLock::new(|| parse("meta[name=copyright], meta[name=Copyright]"));
    /// Page lists, in the order they are tried.
    pub static PAGE_LISTS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
        [
            "#pageList a",
            ".swiper-container .swiper-slide a",
            "#layoutlist a",
            "#list li a",
            "a#pageLink",
        ]
        .into_iter()
        .map(parse)
        .collect()
    });
    pub static AREAS: LazyLock<Selector> = LazyLock::new(|| parse("map area[href]"));
    pub static PAPER_IMG: LazyLock<Selector> =
        LazyLock::new(|| parse("img[usemap], .paper img, #pageImg, .pic img"));
    pub static ARTICLE_H: LazyLock<Selector> =
        LazyLock::new(|| parse(".article h3, .article h1, .article h2"));
    pub static CLASSIC_H: LazyLock<Selector> = LazyLock::new(|| parse("td.font01, td.font02"));
    pub static SEC: LazyLock<Selector> = LazyLock::new(|| parse("p.sec"));
    pub static FOUNDER_CONTENT: LazyLock<Selector> = LazyLock::new(|| parse("founder-content"));
    pub static OZOOM: LazyLock<Selector> = LazyLock::new(|| parse("#ozoom, .article"));
    pub static TITLE_HIDDEN: LazyLock<Selector> = LazyLock::new(|| parse("#NewsArticleTitle"));
    pub static AUTHOR_HIDDEN: LazyLock<Selector> = LazyLock::new(|| parse("#NewsArticleAuthor"));
}

/// The lines a page's editors sign with; a list entry starting so is the page's credit.
const CREDIT_PREFIXES: [&str; 8] = [
    "本版责编",
    "本版编辑",
    "责任编辑",
    "责编",
    "版式设计",
    "美术编辑",
    "版面设计",
    "本版统筹",
];

/// True for `本版责编：王青 版式设计：李木` and the like.
pub(crate) fn is_page_credit(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '（' || c == '(');
    CREDIT_PREFIXES.iter().any(|p| text.starts_with(p)) && text.chars().count() <= 120
}

/// Reads a Founder page: its page list (PDF and icon links left out), its articles (list
/// then image map, one per address), the map's areas, the facsimile and the page credit.
pub(crate) fn read_page(doc: &Html, base: Option<&url::Url>) -> PageRead {
    let mut read = PageRead {
        pages: page_links(doc, base),
        paper: super::paper_name(doc),
        ..PageRead::default()
    };
    let mut credit_urls = HashSet::new();
    let mut articles = HashSet::new();
    for el in doc.select(&sel::LINKS) {
        let href = el.value().attr("href");
        let is_article = href
            .map(|h| h.split(['?', '#']).next().unwrap_or_default())
            .is_some_and(is_content);
        if !is_article {
            continue;
        }
        let Some(address) = resolve(href, base, true) else {
            continue;
        };
        if el.value().name() == "a"
            && let Some(text) = text_of(el)
            && is_page_credit(&text)
        {
            read.credit.get_or_insert(text);
            credit_urls.insert(address);
            continue;
        }
        if el.value().name() == "a" && articles.insert(address.clone()) {
            read.articles.push(address);
        }
    }
    // Articles drawn on the picture but missing from the list come after it.
    let mut areas: Vec<(String, String, String)> = Vec::new();
    for el in doc.select(&sel::AREAS) {
        let href = el.value().attr("href");
        if !href.is_some_and(|h| is_content(h.split(['?', '#']).next().unwrap_or_default())) {
            continue;
        }
        let Some(address) = resolve(href, base, true) else {
            continue;
        };
        if credit_urls.contains(&address) {
            continue;
        }
        if articles.insert(address.clone()) {
            read.articles.push(address.clone());
        }
        areas.push((
            address,
            el.value().attr("shape").unwrap_or("rect").to_owned(),
            el.value().attr("coords").unwrap_or_default().to_owned(),
        ));
    }
    read.areas = super::areas::union_by_link(
        areas
            .iter()
            .map(|(a, shape, coords)| (a.as_str(), shape.as_str(), coords.as_str())),
    );
    read.image = facsimile(doc, base);
    if read.credit.is_none() {
        read.credit = loose_credit(doc);
    }
    read
}

/// A credit line not in a link: a list entry or paragraph of its own.
fn loose_credit(doc: &Html) -> Option<String> {
    static ITEMS: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| {
        Selector::parse("li, p, div.ban-edit, span").expect("a constant selector parses")
    });
    doc.select(&ITEMS)
        .filter(|el| {
            el.children().all(|c| {
                !c.value().is_element()
                    || c.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "span" | "b" | "strong" | "font"))
            })
        })
        .filter_map(text_of)
        .find(|t| is_page_credit(t))
}

fn page_links(doc: &Html, base: Option<&url::Url>) -> Vec<PageLink> {
    let collect = |links: &mut dyn Iterator<Item = ElementRef<'_>>| {
        let mut out: Vec<PageLink> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for el in links {
            let href = el.value().attr("href");
            if !href.is_some_and(|h| is_node(h.split(['?', '#']).next().unwrap_or_default())) {
                // PDFs, pictures, the calendar: never pages.
                continue;
            }
            // An icon-only link (the PDF button beside a page link) has no text.
            let Some(text) = text_of(el) else { continue };
            let Some(url) = resolve(href, base, true) else {
                continue;
            };
            if !seen.insert(url.clone()) {
                continue;
            }
            let (label, name) = page_label(&text, out.len() + 1);
            out.push(PageLink { label, name, url });
        }
        out
    };
    for list in sel::PAGE_LISTS.iter() {
        let found = collect(&mut doc.select(list));
        if !found.is_empty() {
            return found;
        }
    }
    // No known list: every link to a page whose text names a page (`第06版`, `06版：…`).
    collect(
        &mut doc
            .select(&sel::LINKS)
            .filter(|el| text_of(*el).is_some_and(|t| t.contains('版'))),
    )
}

/// The facsimile: the picture the image map is drawn on, else the `.paper` picture; never
/// an arrow, icon or QR code.
pub(crate) fn facsimile(doc: &Html, base: Option<&url::Url>) -> Option<PageImage> {
    doc.select(&sel::PAPER_IMG)
        .filter(|el| !body::is_decoration(el.value()))
        .find_map(|el| {
            let url = resolve(el.value().attr("src"), base, false)?;
            Some(PageImage {
                url,
                display: super::areas::display_size(el.value()),
            })
        })
}

/// `<!--enpproperty <introtitle>…</introtitle>…-->`: Founder's metadata comment.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct EnpProperty {
    pub title: Option<String>,
    pub introtitle: Option<String>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
}

impl EnpProperty {
    pub fn find(html: &str) -> EnpProperty {
        let Some(start) = html.find("<!--enpproperty") else {
            return EnpProperty::default();
        };
        let rest = &html[start..];
        let comment = &rest[..rest.find("-->").unwrap_or(rest.len())];
        let field = |name: &str| {
            let open = format!("<{name}>");
            let at = comment.find(&open)? + open.len();
            let end = comment[at..].find('<')? + at;
            write::clean(&html_unescape(&comment[at..end]))
        };
        EnpProperty {
            title: field("title").or_else(|| field("founder-title")),
            introtitle: field("introtitle"),
            subtitle: field("subtitle"),
            author: field("author").filter(|a| is_person(a)),
        }
    }
}

/// Not `第005版`, not a paper's name with a page number.
fn is_person(text: &str) -> bool {
    !(text.contains('版') && text.chars().any(|c| c.is_ascii_digit()))
}

fn html_unescape(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The byline in `p.sec`: its first `<span>` (never `来源：…`, never the `（…版）` line);
/// without spans, its first line that is not furniture.
fn sec_byline(doc: &Html) -> Option<String> {
    let sec = doc.select(&sel::SEC).next()?;
    let spans: Vec<ElementRef<'_>> = sec
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.value().name() == "span")
        .collect();
    let candidates: Vec<String> = if spans.is_empty() {
        let mut lines = vec![String::new()];
        for node in sec.descendants() {
            match node.value() {
                scraper::Node::Text(t) => {
                    if let Some(line) = lines.last_mut() {
                        line.push_str(t);
                    }
                }
                scraper::Node::Element(e) if e.name() == "br" => lines.push(String::new()),
                _ => {}
            }
        }
        lines.iter().filter_map(|l| write::clean(l)).collect()
    } else {
        spans.into_iter().take(1).filter_map(text_of).collect()
    };
    candidates
        .into_iter()
        .find(|c| !is_byline_furniture(c))
        .map(|c| normalize_byline(&c))
}

/// `来源：中国青年报`, `（2026年09月16日 05版）`, `《人民日报》（… 第 01 版）`.
fn is_byline_furniture(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("来源")
        || t.starts_with('《')
        || ((t.starts_with('（') || t.starts_with('(')) && t.contains('版'))
        || (t.contains('年') && t.contains('月') && t.contains('版'))
}

/// The visible headline block: `.article h3/h1/h2`, else the classic `td.font01` (headline)
/// with `td.font02` before it (kicker) and after it (subtitle).
fn headline_block(doc: &Html) -> (Option<String>, Option<String>, Option<String>) {
    let (mut kicker, mut headline, mut subtitle) = (None, None, None);
    for el in doc.select(&sel::ARTICLE_H) {
        let slot = match el.value().name() {
            "h3" => &mut kicker,
            "h1" => &mut headline,
            _ => &mut subtitle,
        };
        if slot.is_none() {
            *slot = text_of(el);
        }
    }
    if headline.is_some() {
        return (kicker, headline, subtitle);
    }
    for el in doc.select(&sel::CLASSIC_H) {
        let is_headline = el.value().classes().any(|c| c == "font01");
        match (is_headline, headline.is_some()) {
            (true, false) => headline = text_of(el),
            (false, false) if kicker.is_none() => kicker = text_of(el),
            (false, true) if subtitle.is_none() => subtitle = text_of(el),
            _ => {}
        }
    }
    (kicker, headline, subtitle)
}

/// Reads a Founder article page.
pub(crate) fn read_article(html: &str, final_url: &str) -> DraftArticle {
    let (doc, _) = parse_page(html);
    let base = url::Url::parse(final_url).ok();
    let enp = EnpProperty::find(html);
    let (kicker, headline, subtitle) = headline_block(&doc);
    let headline = headline
        .or(enp.title)
        .or_else(|| doc.select(&sel::TITLE_HIDDEN).next().and_then(text_of));
    // The metadata is what the editors entered; the visible block is a rendering of it.
    let kicker = enp.introtitle.or(kicker);
    let subtitle = enp.subtitle.or(subtitle);
    let byline = sec_byline(&doc)
        .or_else(|| enp.author.as_deref().map(normalize_byline))
        .or_else(|| {
            doc.select(&sel::AUTHOR_HIDDEN)
                .next()
                .and_then(text_of)
                .filter(|a| is_person(a))
                .map(|a| normalize_byline(&a))
        });
    let heads: Vec<&str> = [&kicker, &headline, &subtitle]
        .into_iter()
        .filter_map(|h| h.as_deref())
        .collect();
    let blocks = match visible_body(&doc) {
        Some(root) => body::read(root, base.as_ref(), &heads),
        None => match enpcontent(html) {
            Some(fragment) => {
                let frag = Html::parse_fragment(&flatten_page(fragment));
                body::read(frag.root_element(), base.as_ref(), &heads)
            }
            None => doc
                .select(&sel::OZOOM)
                .next()
                .map(|root| body::read(root, base.as_ref(), &heads))
                .unwrap_or_default(),
        },
    };
    DraftArticle {
        url: write::clean(final_url),
        kicker,
        headline,
        subtitle,
        byline,
        body: blocks,
        summary_only: false,
    }
}

/// The first `founder-content` that is not in the hidden copy.
fn visible_body(doc: &Html) -> Option<ElementRef<'_>> {
    doc.select(&sel::FOUNDER_CONTENT).find(|el| {
        !el.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| body::is_furniture(a.value()))
    })
}

/// The first `<!--enpcontent-->…<!--/enpcontent-->` region (the visible one comes first).
fn enpcontent(html: &str) -> Option<&str> {
    let start = html.find("<!--enpcontent-->")? + "<!--enpcontent-->".len();
    let end = html[start..].find("<!--/enpcontent-->")? + start;
    Some(&html[start..end])
}

/// Article links and their areas as a map, for tests.
#[cfg(test)]
fn regions(read: &PageRead) -> std::collections::BTreeMap<String, [u32; 4]> {
    read.areas.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enpproperty_fields_are_read_and_page_numbers_are_not_authors() {
        let html = "<!--enpproperty <date>2026-09-16</date><author>第005版</author>\
            <subtitle>副&amp;题</subtitle><introtitle>引题</introtitle><keyword></keyword>/enpproperty-->";
        let enp = EnpProperty::find(html);
        assert_eq!(enp.introtitle.as_deref(), Some("引题"));
        assert_eq!(enp.subtitle.as_deref(), Some("副&题"));
        assert_eq!(enp.author, None);
    }

    #[test]
    fn page_credits_are_recognised() {
        assert!(is_page_credit("本版责编：王青 版式设计：李木"));
        assert!(is_page_credit("版式设计：李木"));
        assert!(!is_page_credit("青禾县新建社区服务站"));
    }

    #[test]
    fn areas_of_one_article_are_one_region() {
        let doc = Html::parse_document(
            r#"<map name="m"><area shape="rect" coords="0,0,10,10" href="content_1.htm?div=-1">
            <area shape="rect" coords="20,20,30,40" href="content_1.htm?div=0"></map>"#,
        );
        let base = url::Url::parse("http://x.example/html/2026-09/16/node_2.htm").ok();
        let read = read_page(&doc, base.as_ref());
        assert_eq!(
            read.articles,
            ["http://x.example/html/2026-09/16/content_1.htm"]
        );
        assert_eq!(regions(&read).values().next(), Some(&[0, 0, 30, 40]));
    }
}
