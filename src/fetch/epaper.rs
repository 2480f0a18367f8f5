//! Founder (方正) style e-papers: the day's first page lists every page (`01版：要闻`), each page
//! lists its articles, and each article's parts are picked by [`Selectors`]. The parts are
//! handed to [`crate::formats::html::article_from_html`] as People's-Daily-shaped HTML, so the
//! byline furniture, subheads, photos and credits follow the rules the feed reader uses.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;
use scraper::{Html, Selector};

use super::http::FetchError;
use super::write::{self, Draft, DraftArticle, DraftPage, OnDisk};
use super::{Progress, Run, Selectors, SkippedEdition, article_key, draft_blocks, expand_template};
use crate::edition::load::slug;
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
    mut draft: Draft,
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
    let (page_links, first_page) = match first {
        Some((body, html)) => {
            let doc = Html::parse_document(&html);
            let base = url::Url::parse(&body.final_url).ok();
            let mut links = page_links(&doc, &select.pages, base.as_ref());
            if links.is_empty() {
                links.push(("1".to_owned(), None, first_url.clone()));
            }
            (links, Some((body.final_url, html)))
        }
        None => {
            let Some(prev) = previous else { return };
            let links = prev
                .pages
                .iter()
                .filter_map(|p| Some((p.label.clone(), p.name.clone(), p.url.clone()?)))
                .collect();
            (links, None)
        }
    };
    let mut photos_done = HashMap::new();
    let total_links = page_links.len();
    for (page_idx, (label, name, page_url)) in page_links.into_iter().enumerate() {
        let prev_page = previous.and_then(|p| {
            p.pages
                .iter()
                .find(|pp| pp.url.as_deref() == Some(&page_url))
        });
        let mut page = DraftPage {
            label,
            name,
            url: Some(page_url.clone()),
            ..DraftPage::default()
        };
        let fetched = match &first_page {
            Some((final_url, html)) if *final_url == page_url || page_url == first_url => {
                Ok(Some((final_url.clone(), html.clone())))
            }
            _ => run
                .get_text(
                    &page_url,
                    prev_page.is_some() && previous.is_some_and(|p| !p.failed.contains(&page_url)),
                )
                .map(|got| got.map(|(body, html)| (body.final_url, html))),
        };
        match fetched {
            Ok(Some((final_url, html))) => {
                let base = url::Url::parse(&final_url).ok();
                let (articles, image) = {
                    let doc = Html::parse_document(&html);
                    (
                        links(&doc, &select.articles, base.as_ref()),
                        select
                            .page_image
                            .as_ref()
                            .and_then(|sel| image_src(&doc, sel, base.as_ref())),
                    )
                };
                page.articles = articles;
                if let Some(image_url) = image {
                    let stem = format!("page-{:02}", page_idx + 1);
                    page.image =
                        carried(prev_page.and_then(|p| p.image.as_deref()), staging.path())
                            .or_else(|| run.download_image(&image_url, staging.path(), &stem));
                }
            }
            Ok(None) => {
                if let Some(prev) = prev_page {
                    page.articles.clone_from(&prev.articles);
                    page.image = carried(prev.image.as_deref(), staging.path());
                }
            }
            Err(FetchError::Cancelled) => {
                run.report.cancelled = true;
                return;
            }
            Err(err) => {
                run.fail(&page_url, format!("page {}: {err}", page.label));
                draft.failed.push(page_url.clone());
            }
        }
        // The same article linked from two pages is kept on the first.
        let mut kept = Vec::with_capacity(page.articles.len());
        for (art_idx, key) in std::mem::take(&mut page.articles).into_iter().enumerate() {
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
            if let Some(article) = previous
                .and_then(|p| p.articles.get(&key))
                .filter(|_| previous.is_some_and(|p| !p.failed.contains(&key)))
            {
                draft.articles.insert(key, article.clone());
                continue;
            }
            match run.get_text(&key, false) {
                Ok(Some((body, html))) => {
                    let mut article = read_article(&html, &body.final_url, select);
                    let stem = format!("p{:02}-a{:02}", page_idx + 1, art_idx + 1);
                    run.download_photos(&mut article, staging.path(), &stem, &mut photos_done);
                    draft.articles.insert(key, article);
                }
                Ok(None) => draft.failed.push(key),
                Err(FetchError::Cancelled) => {
                    run.report.cancelled = true;
                    return;
                }
                Err(err) => {
                    run.fail(&key, format!("article on page {}: {err}", page.label));
                    draft.failed.push(key);
                }
            }
            (run.progress)(Progress::Articles {
                edition: draft.folder.clone(),
                done: draft.articles.len() + draft.failed.len(),
                total: total_links.max(draft.articles.len() + draft.failed.len()),
            });
        }
        page.articles = kept;
        draft.pages.push(page);
    }
    if draft.articles.is_empty() {
        run.fail(
            &first_url,
            "no article could be fetched: no edition written",
        );
        return;
    }
    run.finish(&draft, staging, dest);
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
            shaped.push_str(&format!("<{tag}{class}>{inner}</{tag}>"));
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
