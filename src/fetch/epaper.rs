//! Founder (方正) style e-papers: the day's first page lists every page (`01版：要闻`), each page
//! lists its articles, and each article's parts are picked by [`Selectors`]. The parts are
//! handed to [`crate::formats::html::article_from_html`] as People's-Daily-shaped HTML, so the
//! byline furniture, subheads, photos and credits follow the rules the feed reader uses.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;
use scraper::{Html, Selector};

use super::http::FetchError;
use super::write::{self, Draft, DraftArticle, DraftPage, OnDisk};
use super::{Progress, Run, Selectors, SkippedEdition, article_key, draft_blocks, expand_template};
use crate::edition::assemble::slug;
use crate::edition::recognize::normalize_page_label;
use crate::formats::html::article_from_html;

/// Selectors parsed once per fetch.
struct Compiled {
    pages: Selector,
    articles: Selector,
    kicker: Selector,
    headline: Selector,
    subtitle: Selector,
    byline: Selector,
    body: Selector,
    page_image: Option<Selector>,
    title: Selector,
}

impl Compiled {
    fn new(select: &Selectors) -> Result<Compiled, (&'static str, String)> {
        select.validate()?;
        let parse = |key: &'static str, css: &str| {
            Selector::parse(css).map_err(|err| (key, format!("'{css}': {err}")))
        };
        Ok(Compiled {
            pages: parse("pages", &select.pages)?,
            articles: parse("articles", &select.articles)?,
            kicker: parse("kicker", &select.kicker)?,
            headline: parse("headline", &select.headline)?,
            subtitle: parse("subtitle", &select.subtitle)?,
            byline: parse("byline", &select.byline)?,
            body: parse("body", &select.body)?,
            page_image: select
                .page_image
                .as_deref()
                .map(|css| parse("page_image", css))
                .transpose()?,
            title: parse("title", "title")?,
        })
    }
}

pub(super) fn fetch(run: &mut Run<'_, '_>, template: &str, select: &Selectors, dates: &[Date]) {
    let compiled = match Compiled::new(select) {
        Ok(compiled) => compiled,
        Err((key, message)) => {
            run.fail(template, format!("selector '{key}': {message}"));
            return;
        }
    };
    let paper = run
        .source
        .paper
        .clone()
        .unwrap_or_else(|| run.source.name.clone());
    for &date in dates {
        if run.client.cancelled() {
            run.report.cancelled = true;
            return;
        }
        let url = expand_template(template, date);
        let folder = slug(&format!("{paper}-{date}"));
        let dest = run.opts.into.join(&folder);
        let previous = match write::on_disk(&dest) {
            OnDisk::Complete => {
                run.report.skipped.push(SkippedEdition {
                    path: dest,
                    date: Some(date.to_string()),
                });
                continue;
            }
            OnDisk::Incomplete => Draft::read_previous(&dest),
            OnDisk::Missing => None,
        };
        let draft = Draft::new(folder, paper.clone(), Some(date.to_string()), url);
        fetch_day(run, &compiled, draft, &dest, previous.as_ref());
    }
}

/// One day: pages, articles, pictures, then the folder.
fn fetch_day(
    run: &mut Run<'_, '_>,
    select: &Compiled,
    draft: Draft,
    dest: &Path,
    previous: Option<&Draft>,
) {
    let staging = match write::staging(dest) {
        Ok(staging) => staging,
        Err(err) => {
            run.fail(
                &draft.source_url,
                format!("cannot make a staging folder: {err}"),
            );
            return;
        }
    };
    if previous.is_some() {
        write::carry_images(dest, staging.path());
    }
    let first_url = draft.source_url.clone();
    let first = match run.get_text(&first_url, previous.is_some()) {
        Ok(first) => first,
        Err(FetchError::Cancelled) => {
            run.report.cancelled = true;
            return;
        }
        Err(err) => {
            run.fail(&first_url, format!("the day's first page: {err}"));
            return;
        }
    };
    let (page_links, first_page) = if let Some((body, html)) = first {
        let doc = Html::parse_document(&html);
        let base = url::Url::parse(&body.final_url).ok();
        let mut links = page_links(&doc, &select.pages, base.as_ref());
        if links.is_empty() {
            links.push(("1".to_owned(), None, first_url.clone()));
        }
        (links, Some((body.final_url, html)))
    } else {
        let Some(prev) = previous else { return };
        let links = prev
            .pages
            .iter()
            .filter_map(|p| Some((p.label.clone(), p.name.clone(), p.url.clone()?)))
            .collect();
        (links, None)
    };
    let mut day = Day {
        select,
        draft,
        previous,
        staging: staging.path(),
        photos_done: HashMap::new(),
    };
    for (page_idx, (label, name, page_url)) in page_links.into_iter().enumerate() {
        let page = DraftPage {
            label,
            name,
            url: Some(page_url),
            ..DraftPage::default()
        };
        if day
            .page(run, page, page_idx, &first_url, first_page.as_ref())
            .is_err()
        {
            run.report.cancelled = true;
            return;
        }
    }
    let draft = day.draft;
    if draft.articles.is_empty() {
        run.fail(
            &first_url,
            "no article could be fetched: no edition written",
        );
        return;
    }
    run.finish(&draft, staging, dest);
}

/// The fetch was cancelled.
struct Cancelled;

/// One day's fetch in progress.
struct Day<'a> {
    select: &'a Compiled,
    draft: Draft,
    /// The incomplete edition on disk being completed.
    previous: Option<&'a Draft>,
    staging: &'a Path,
    /// Picture address → path in the edition folder.
    photos_done: HashMap<String, String>,
}

impl Day<'_> {
    /// Reads one page (or takes the first page's HTML), then its articles.
    fn page(
        &mut self,
        run: &mut Run<'_, '_>,
        mut page: DraftPage,
        page_idx: usize,
        first_url: &str,
        first_page: Option<&(String, String)>,
    ) -> Result<(), Cancelled> {
        let page_url = page.url.clone().unwrap_or_default();
        let prev_page = self.previous.and_then(|p| {
            p.pages
                .iter()
                .find(|pp| pp.url.as_deref() == Some(&page_url))
        });
        let conditional =
            prev_page.is_some() && self.previous.is_some_and(|p| !p.failed.contains(&page_url));
        let fetched = match first_page {
            Some((final_url, html)) if *final_url == page_url || page_url == first_url => {
                Ok(Some((final_url.clone(), html.clone())))
            }
            _ => run
                .get_text(&page_url, conditional)
                .map(|got| got.map(|(body, html)| (body.final_url, html))),
        };
        match fetched {
            Ok(Some((final_url, html))) => {
                let base = url::Url::parse(&final_url).ok();
                let (articles, regions, image) = {
                    let doc = Html::parse_document(&html);
                    (
                        links(&doc, &self.select.articles, base.as_ref()),
                        areas(&doc, &self.select.articles, base.as_ref()),
                        self.select
                            .page_image
                            .as_ref()
                            .and_then(|sel| image_src(&doc, sel, base.as_ref())),
                    )
                };
                page.articles = articles;
                page.regions = regions;
                if let Some(image_url) = image {
                    let stem = format!("page-{:02}", page_idx + 1);
                    page.image = carried(prev_page.and_then(|p| p.image.as_deref()), self.staging)
                        .or_else(|| run.download_image(&image_url, self.staging, &stem));
                }
            }
            Ok(None) => {
                if let Some(prev) = prev_page {
                    page.articles.clone_from(&prev.articles);
                    page.regions.clone_from(&prev.regions);
                    page.image = carried(prev.image.as_deref(), self.staging);
                }
            }
            Err(FetchError::Cancelled) => return Err(Cancelled),
            Err(err) => {
                run.fail(&page_url, format!("page {}: {err}", page.label));
                self.draft.failed.push(page_url.clone());
            }
        }
        let keys = std::mem::take(&mut page.articles);
        page.articles = self.articles(run, keys, &page.label, page_idx)?;
        self.draft.pages.push(page);
        Ok(())
    }

    /// Fetches (or reuses) a page's articles; returns the keys the page keeps. The same
    /// article linked from two pages, or already written in another edition, is left out.
    fn articles(
        &mut self,
        run: &mut Run<'_, '_>,
        keys: Vec<String>,
        label: &str,
        page_idx: usize,
    ) -> Result<Vec<String>, Cancelled> {
        let mut kept = Vec::with_capacity(keys.len());
        let count = keys.len();
        for (art_idx, key) in keys.into_iter().enumerate() {
            let draft = &mut self.draft;
            if draft.articles.contains_key(&key)
                || kept.contains(&key)
                || draft.failed.contains(&key)
                || run
                    .state
                    .seen_in(&key)
                    .is_some_and(|folder| folder != draft.folder)
            {
                continue;
            }
            kept.push(key.clone());
            if let Some(prev) = self.previous
                && !prev.failed.contains(&key)
                && let Some(article) = prev.articles.get(&key)
            {
                draft.articles.insert(key, article.clone());
                continue;
            }
            match run.get_text(&key, false) {
                Ok(Some((body, html))) => {
                    let mut article = read_article(&html, &body.final_url, self.select);
                    if article.headline.is_none() && article.body.is_empty() {
                        run.fail(
                            &key,
                            format!(
                                "article on page {label}: no headline or body found (a broken page, or selectors that do not fit it)"
                            ),
                        );
                        self.draft.failed.push(key);
                        continue;
                    }
                    let stem = format!("p{:02}-a{:02}", page_idx + 1, art_idx + 1);
                    run.download_photos(&mut article, self.staging, &stem, &mut self.photos_done);
                    self.draft.articles.insert(key, article);
                }
                Ok(None) => draft.failed.push(key),
                Err(FetchError::Cancelled) => return Err(Cancelled),
                Err(FetchError::Robots) => {
                    // Not a failure to retry: robots.txt keeps it out of every fetch.
                    run.fail(
                        &key,
                        format!("article on page {label}: {}", FetchError::Robots),
                    );
                    kept.retain(|k| *k != key);
                }
                Err(err) => {
                    run.fail(&key, format!("article on page {label}: {err}"));
                    draft.failed.push(key);
                }
            }
            let done = self.draft.articles.len() + self.draft.failed.len();
            // The total grows page by page: later pages' links are not known yet.
            (run.progress)(Progress::Articles {
                edition: self.draft.folder.clone(),
                done,
                total: done + (count - art_idx - 1),
            });
        }
        Ok(kept)
    }
}

/// The picture an incomplete edition already has, when it was carried into the staging folder.
fn carried(image: Option<&str>, staging: &Path) -> Option<String> {
    image
        .filter(|rel| staging.join(rel).is_file())
        .map(str::to_owned)
}

/// Page links in order: (label, name, address). `01版：要闻` → label `1`, name `要闻`; a link
/// text without a label takes the link's position.
fn page_links(
    doc: &Html,
    selector: &Selector,
    base: Option<&url::Url>,
) -> Vec<(String, Option<String>, String)> {
    let mut out: Vec<(String, Option<String>, String)> = Vec::new();
    for el in doc.select(selector) {
        let Some(address) = resolve(el.value().attr("href"), base) else {
            continue;
        };
        if out.iter().any(|(_, _, a)| *a == address) {
            continue;
        }
        let text = write::clean(&el.text().collect::<String>()).unwrap_or_default();
        let (label, name) = match text.split_once(['：', ':']) {
            Some((label, name)) => (label.trim(), write::clean(name)),
            None => (text.as_str(), None),
        };
        let label = label.trim_start_matches('第').trim_end_matches('版').trim();
        let label = if label.is_empty() {
            (out.len() + 1).to_string()
        } else {
            normalize_page_label(label)
        };
        out.push((label, name, address));
    }
    out
}

/// Article links in order, resolved, without fragments, each once.
fn links(doc: &Html, selector: &Selector, base: Option<&url::Url>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for el in doc.select(selector) {
        if let Some(address) = resolve(el.value().attr("href"), base)
            && !out.contains(&address)
        {
            out.push(address);
        }
    }
    out
}

/// Where the article links that are image-map areas (`<area shape="rect|poly" coords>`, what
/// e-paper page pictures use) sit on the page picture: link → bounding box in its pixels.
fn areas(
    doc: &Html,
    selector: &Selector,
    base: Option<&url::Url>,
) -> std::collections::BTreeMap<String, [u32; 4]> {
    let mut out = std::collections::BTreeMap::new();
    for el in doc.select(selector) {
        if el.value().name() != "area" {
            continue;
        }
        let (Some(address), Some(rect)) = (
            resolve(el.value().attr("href"), base),
            el.value().attr("coords").and_then(bounding_box),
        ) else {
            continue;
        };
        // An article drawn in several areas (one per column) gets the box around them all.
        out.entry(address)
            .and_modify(|[l, t, r, b]: &mut [u32; 4]| {
                *l = (*l).min(rect[0]);
                *t = (*t).min(rect[1]);
                *r = (*r).max(rect[2]);
                *b = (*b).max(rect[3]);
            })
            .or_insert(rect);
    }
    out
}

#[allow(clippy::cast_sign_loss)] // each number is checked to be in 0..1e6 before the cast
/// The box around `coords` (`x1,y1,x2,y2` for a rectangle, `x1,y1,x2,y2,…` for a polygon);
/// `None` for a circle, fewer than two points, or an empty box.
fn bounding_box(coords: &str) -> Option<[u32; 4]> {
    let numbers: Vec<u32> = coords
        .split(',')
        .map(|n| {
            n.trim()
                .parse::<f64>()
                .ok()
                .filter(|n| *n >= 0.0 && *n < 1e6)
        })
        .map(|n| n.map(|n| n.round() as u32))
        .collect::<Option<_>>()?;
    if numbers.len() < 4 || numbers.len() % 2 == 1 {
        return None;
    }
    let xs = numbers.iter().step_by(2);
    let ys = numbers.iter().skip(1).step_by(2);
    let rect = [
        *xs.clone().min()?,
        *ys.clone().min()?,
        *xs.max()?,
        *ys.max()?,
    ];
    (rect[0] < rect[2] && rect[1] < rect[3]).then_some(rect)
}

fn image_src(doc: &Html, selector: &Selector, base: Option<&url::Url>) -> Option<String> {
    doc.select(selector)
        .find_map(|el| resolve(el.value().attr("src"), base))
}

/// An `http(s)` address from a link, resolved against the page, sanitised, without fragment.
fn resolve(href: Option<&str>, base: Option<&url::Url>) -> Option<String> {
    let href = href?.trim();
    if href.is_empty() || href.starts_with("javascript:") {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https")
        .then(|| write::clean(&article_key(&url)))
        .flatten()
}

/// An article page → its parts. The selected elements are put back together as
/// People's-Daily-shaped HTML (`.article` with `h3`/`h1`/`h2`/`p.sec`, then `#ozoom`) and read
/// by the shared article reader. Without a headline, the page's `<title>` stands in.
fn read_article(html: &str, final_url: &str, select: &Compiled) -> DraftArticle {
    let doc = Html::parse_document(html);
    let inner = |selector: &Selector| doc.select(selector).next().map(|el| el.inner_html());
    let mut shaped = String::from("<html><body><div class=\"article\">");
    let mut part = |tag: &str, class: &str, selector: &Selector| {
        if let Some(inner) = inner(selector) {
            let _ = write!(shaped, "<{tag}{class}>{inner}</{tag}>");
        }
    };
    part("h3", "", &select.kicker);
    part("h1", "", &select.headline);
    part("h2", "", &select.subtitle);
    part("p", " class=\"sec\"", &select.byline);
    shaped.push_str("</div><div id=\"ozoom\">");
    for body in doc.select(&select.body) {
        shaped.push_str(&body.inner_html());
    }
    shaped.push_str("</div></body></html>");
    let parsed = article_from_html(&shaped);
    let base = url::Url::parse(final_url).ok();
    let headline = parsed.headline.or_else(|| {
        doc.select(&select.title)
            .next()
            .and_then(|t| write::clean(&t.text().collect::<String>()))
    });
    DraftArticle {
        url: write::clean(final_url),
        kicker: parsed.kicker,
        headline,
        subtitle: parsed.subtitle,
        byline: parsed.byline,
        body: draft_blocks(parsed.body, base.as_ref()),
        summary_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_map_areas_become_article_regions() {
        let html = r#"<img src="page.jpg"><map name="m">
            <area shape="rect" coords="10,20,300,200" href="content_1.htm">
            <area shape="poly" coords="5,210, 290,215, 280,400, 8,390" href="content_2.htm">
            <area shape="rect" coords="300,20,390,120" href="content_1.htm">
            <area shape="circle" coords="50,50,20" href="content_3.htm">
            <area shape="rect" coords="9,9,9,9" href="content_4.htm">
            <area shape="rect" coords="a,b,c,d" href="content_5.htm">
            </map><a href="content_6.htm">list link</a>"#;
        let doc = Html::parse_document(html);
        let selector = Selector::parse("area, a").expect("a selector");
        let base = url::Url::parse("https://paper.example/2023-03/01/node_1.htm").ok();
        let regions = areas(&doc, &selector, base.as_ref());
        let key = |n: u32| format!("https://paper.example/2023-03/01/content_{n}.htm");
        // Two areas of one article: the box around both.
        assert_eq!(regions.get(&key(1)), Some(&[10, 20, 390, 200]));
        assert_eq!(regions.get(&key(2)), Some(&[5, 210, 290, 400]));
        // A circle, an empty box, numbers that are not, and a plain link: no region.
        for n in [3, 4, 5, 6] {
            assert_eq!(regions.get(&key(n)), None, "{n}");
        }
    }

    #[test]
    fn coordinates_are_checked() {
        assert_eq!(bounding_box("1,2,3,4"), Some([1, 2, 3, 4]));
        assert_eq!(bounding_box(" 3 , 4 , 1 , 2 "), Some([1, 2, 3, 4]));
        assert_eq!(bounding_box("1.6,2,3,4"), Some([2, 2, 3, 4]));
        for bad in ["", "1,2,3", "1,2,3,4,5", "-1,2,3,4", "1,2,1,4", "1e9,2,3,4"] {
            assert_eq!(bounding_box(bad), None, "{bad:?}");
        }
    }
}
