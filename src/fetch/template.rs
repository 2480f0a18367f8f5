//! Which e-paper system published a page, recognised from its address and markup, and what a
//! page of it holds: the links to the day's other pages, its articles in order, the article
//! areas on the facsimile, the facsimile itself, the page's editors' credit and the paper's
//! name. Most Chinese dailies publish through a few systems; each has rules here
//! ([`founder`]), and anything else is read with the source's CSS selectors.
//!
//! - [`founder`]: the Founder (方正) systems, `pc/layout` and the classic `html/…/node_N.htm`.
//! - [`body`]: an article body's element tree → paragraphs, subheads and photos.
//! - [`areas`]: `<area>` links → one box per article, scaled to the picture's pixels.

pub(crate) mod areas;
pub(crate) mod body;
pub(crate) mod founder;

use std::collections::BTreeMap;

use scraper::{ElementRef, Html};

use super::write;
use crate::edition::recognize::normalize_page_label;

/// The system a source's pages were recognised as, named in `kanbao fetch`'s summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Template {
    /// Founder's current layout: `…/pc/layout/YYYYMM/DD/node_NN.html`.
    FounderLayout,
    /// Founder's classic layout: `…/html/YYYY-MM/DD/node_N.htm`.
    FounderClassic,
    /// Not recognised (or selectors set in config): the source's CSS selectors, then a
    /// readability extractor for an article they find nothing in.
    Selectors,
}

impl Template {
    /// For people and `--json`: `founder pc/layout`, `founder classic`, `selectors`.
    pub fn name(self) -> &'static str {
        match self {
            Template::FounderLayout => "founder pc/layout",
            Template::FounderClassic => "founder classic",
            Template::Selectors => "selectors",
        }
    }

    /// Recognises the system from a page's address and markup. Founder pages link other pages
    /// as `node_N.htm(l)` and articles as `content_N.htm(l)`; the address tells the two
    /// layouts apart (`html/YYYY-MM/DD/` is classic), else the markup (`td.font01`,
    /// `ul.ul02_l`, `.htm` links are classic).
    pub fn recognise(url: &str, doc: &Html) -> Template {
        let path = url::Url::parse(url)
            .map(|u| u.path().to_owned())
            .unwrap_or_default();
        let classic_path = is_classic_path(&path);
        let founder_path = path.contains("/layout/") || classic_path || is_node(&path);
        let mut nodes = 0;
        let mut contents = 0;
        let mut htm = 0;
        for el in doc.select(&founder::sel::LINKS) {
            let Some(href) = el.value().attr("href") else {
                continue;
            };
            let href = href.split(['?', '#']).next().unwrap_or_default();
            if is_node(href) {
                nodes += 1;
            } else if is_content(href) {
                contents += 1;
                htm += usize::from(!href.to_ascii_lowercase().ends_with(".html"));
            }
        }
        if contents == 0 || !(founder_path || nodes > 0) {
            return Template::Selectors;
        }
        if classic_path || (htm * 2 > contents && !path.contains("/layout/")) {
            Template::FounderClassic
        } else {
            Template::FounderLayout
        }
    }
}

/// `…/html/2026-09/16/node_2.htm`.
fn is_classic_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(3).any(|w| {
        w[0] == "html"
            && w[1].len() == 7
            && w[1].as_bytes()[4] == b'-'
            && w[1].chars().filter(char::is_ascii_digit).count() == 6
            && w[2].len() == 2
            && w[2].chars().all(|c| c.is_ascii_digit())
    })
}

fn file_name(href: &str) -> &str {
    href.rsplit('/').next().unwrap_or(href)
}

/// `node_01.html`, `node_2.htm`, `node_A01.htm`.
pub(crate) fn is_node(href: &str) -> bool {
    numbered(file_name(href), "node_")
}

/// `content_306597.htm`, `content_30026-2.html`.
pub(crate) fn is_content(href: &str) -> bool {
    numbered(file_name(href), "content_")
}

fn numbered(name: &str, prefix: &str) -> bool {
    let Some(rest) = name.strip_prefix(prefix) else {
        return false;
    };
    let stem = rest
        .strip_suffix(".html")
        .or_else(|| rest.strip_suffix(".htm"));
    stem.is_some_and(|s| {
        !s.is_empty()
            && s.chars().any(|c| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// One page of the day, as a page list links it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageLink {
    /// Normalised (`1`, `A01`).
    pub label: String,
    pub name: Option<String>,
    pub url: String,
}

/// The page facsimile: its address and the size it is shown at on the page (the space the
/// `<area coords>` are in), when the page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageImage {
    pub url: String,
    pub display: Option<(u32, u32)>,
}

/// What one page says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PageRead {
    /// Links to every page of the day (read on the first page).
    pub pages: Vec<PageLink>,
    /// Article addresses in page order, each once (no query string, no fragment).
    pub articles: Vec<String>,
    /// Article address → box around its areas, in the facsimile's display space.
    pub areas: BTreeMap<String, [u32; 4]>,
    pub image: Option<PageImage>,
    /// `本版责编：… 版式设计：…`.
    pub credit: Option<String>,
    /// The paper's name as the page states it.
    pub paper: Option<String>,
}

/// An `http(s)` address from a link, resolved against the page, sanitised, without fragment;
/// with `drop_query`, without its query string either (Founder's `?div=0` / `?div=-1`).
pub(crate) fn resolve(
    href: Option<&str>,
    base: Option<&url::Url>,
    drop_query: bool,
) -> Option<String> {
    let href = href?.trim();
    if href.is_empty() || href.starts_with("javascript:") || href.starts_with('#') {
        return None;
    }
    let mut url = match base {
        Some(base) => base.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    if drop_query {
        url.set_query(None);
    }
    write::clean(url.as_str())
}

/// A page link's text → label and name: `01版：要闻` → (`1`, `要闻`), `第A01版:要闻` →
/// (`A01`, `要闻`), `要闻` → (position, `要闻`).
pub(crate) fn page_label(text: &str, position: usize) -> (String, Option<String>) {
    let text = write::clean(text).unwrap_or_default();
    let (label, name) = match text.split_once(['：', ':']) {
        Some((label, name)) => (label.trim().to_owned(), write::clean(name)),
        None if text.contains('版') => {
            let (label, name) = text.split_once('版').unwrap_or((&text, ""));
            (format!("{label}版"), write::clean(name))
        }
        None => (String::new(), write::clean(&text)),
    };
    let label = label.trim_start_matches('第').trim_end_matches('版').trim();
    let label = if label.is_empty() || label.chars().count() > 6 {
        position.to_string()
    } else {
        normalize_page_label(label)
    };
    (label, name)
}

/// The text of an element, whitespace collapsed and sanitised.
pub(crate) fn text_of(el: ElementRef<'_>) -> Option<String> {
    write::clean(&el.text().collect::<String>())
}

/// The paper's name from a page: the `<title>` before its date (`光明日报 2026年09月16日
/// 06版：要闻` → `光明日报`), else `<meta name="copyright">`.
pub(crate) fn paper_name(doc: &Html) -> Option<String> {
    let from_title = doc
        .select(&founder::sel::TITLE)
        .next()
        .and_then(text_of)
        .and_then(|title| {
            let cut = date_start(&title)?;
            let name = title[..cut].trim_end_matches(|c: char| {
                c.is_whitespace()
                    || matches!(c, '-' | '_' | '|' | '·' | '—' | '：' | ':' | '，' | ',')
            });
            plausible_name(name)
        });
    from_title.or_else(|| {
        doc.select(&founder::sel::COPYRIGHT)
            .find_map(|m| m.value().attr("content"))
            .and_then(write::clean)
            .and_then(|c| plausible_name(&c))
    })
}

/// Where a date (`2026年09月16日`, `2026-09-16`) starts in `text`.
fn date_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(5)).find(|&i| {
        text.is_char_boundary(i)
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && (text[i + 4..].starts_with('年') || text[i + 4..].starts_with('-'))
    })
}

/// A name of 2 to 20 characters with no address or year in it.
fn plausible_name(name: &str) -> Option<String> {
    let name = name.trim();
    let count = name.chars().count();
    ((2..=20).contains(&count) && !name.contains("://") && !name.contains('©'))
        .then(|| write::clean(name))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn founder_addresses_are_told_apart() {
        assert!(is_node("node_01.html") && is_node("../x/node_2.htm") && is_node("node_A01.htm"));
        assert!(!is_node("node_.htm") && !is_node("node_1.pdf") && !is_node("nodes_1.htm"));
        assert!(is_content("../../../content/202609/16/content_306597.html"));
        assert!(!is_content("content_x.jpg"));
        assert!(is_classic_path("/amrb/html/2026-09/16/node_2.htm"));
        assert!(!is_classic_path("/rmrb/pc/layout/202609/16/node_01.html"));
    }

    #[test]
    fn page_link_texts_give_label_and_name() {
        assert_eq!(
            page_label("01版：要闻", 1),
            ("1".into(), Some("要闻".into()))
        );
        assert_eq!(
            page_label("第A01版:要闻", 1),
            ("A1".into(), Some("要闻".into()))
        );
        assert_eq!(
            page_label("第06版 评论", 6),
            ("6".into(), Some("评论".into()))
        );
        assert_eq!(page_label("要闻", 3), ("3".into(), Some("要闻".into())));
    }

    #[test]
    fn the_paper_is_named_by_its_title_or_copyright() {
        let doc = Html::parse_document(
            "<title>青禾日报 2026年09月16日 06版：评论</title><meta name=copyright content=x>",
        );
        assert_eq!(paper_name(&doc).as_deref(), Some("青禾日报"));
        let doc = Html::parse_document(
            "<title>2026年09月16日</title><meta name=\"copyright\" content=\"青禾晚报\">",
        );
        assert_eq!(paper_name(&doc).as_deref(), Some("青禾晚报"));
        let doc = Html::parse_document("<title>首页</title>");
        assert_eq!(paper_name(&doc), None);
    }
}
