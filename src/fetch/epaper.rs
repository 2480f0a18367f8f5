//! E-papers: the day's first page lists every page (`01版：要闻`), each page lists its articles
//! and draws them on its facsimile, and each article page holds one story. The system is
//! recognised from the first page ([`Template`]); Founder pages are read by their own rules,
//! anything else by the source's [`Selectors`], with a readability extractor for an article
//! they find nothing in.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;
use scraper::{Html, Selector};

use super::http::FetchError;
use super::template::{self, PageImage, PageLink, PageRead, Template, founder};
use super::write::{self, Draft, DraftArticle, DraftPage, OnDisk};
use super::{
    Progress, Run, Selectors, SkippedEdition, TemplateChoice, draft_blocks, expand_template,
};
use crate::edition::assemble::slug;
use crate::formats::html::{article_from_html, parse_page};

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
    areas: Selector,
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
            areas: parse("areas", "map area[href]")?,
        })
    }
}

/// How a source's pages are read: its selectors, and whether the system may be recognised.
struct Reader {
    select: Compiled,
    choice: TemplateChoice,
}

impl Reader {
    fn template(&self, url: &str, doc: &Html) -> Template {
        match self.choice {
            TemplateChoice::Auto => Template::recognise(url, doc),
            TemplateChoice::Selectors => Template::Selectors,
        }
    }

    /// The day's first page, parsed once: its system recognised (unless the selectors read
    /// every page) and what it says.
    fn first_page(&self, final_url: String, html: &str) -> FirstPage {
        let (doc, _) = parse_page(html);
        let template = self.template(&final_url, &doc);
        let base = url::Url::parse(&final_url).ok();
        let read = self.page(template, &doc, base.as_ref());
        FirstPage {
            url: final_url,
            template,
            read,
        }
    }

    fn page(&self, template: Template, doc: &Html, base: Option<&url::Url>) -> PageRead {
        match template {
            Template::FounderLayout | Template::FounderClassic => founder::read_page(doc, base),
            Template::Selectors => selectors_page(&self.select, doc, base),
        }
    }

    /// An article page → its parts; the readability extractor when the rules find neither
    /// headline nor body.
    fn article(&self, template: Template, html: &str, final_url: &str) -> DraftArticle {
        let article = match template {
            Template::FounderLayout | Template::FounderClassic => {
                founder::read_article(html, final_url)
            }
            Template::Selectors => read_article(html, final_url, &self.select),
        };
        if article.body.is_empty()
            && let Some(readable) = super::readable(html, final_url)
            && readable_chars(&readable) >= MIN_READABLE_CHARS
        {
            return DraftArticle {
                headline: article.headline.or(readable.headline),
                byline: article.byline.or(readable.byline),
                ..readable
            };
        }
        article
    }
}

/// The day's first page as read: its final address, the system it was recognised as and
/// what it says (it is also the first page of the day's pages, read again by no one).
struct FirstPage {
    url: String,
    template: Template,
    read: PageRead,
}

/// Less text than this from the readability extractor is page debris, not an article.
const MIN_READABLE_CHARS: usize = 40;

fn readable_chars(article: &DraftArticle) -> usize {
    article
        .body
        .iter()
        .map(|b| match b {
            write::DraftBlock::Paragraph { text } => text.chars().count(),
            _ => 0,
        })
        .sum()
}

pub(super) fn fetch(
    run: &mut Run<'_, '_>,
    url_template: &str,
    select: &Selectors,
    choice: TemplateChoice,
    dates: &[Date],
) {
    let reader = match Compiled::new(select) {
        Ok(select) => Reader { select, choice },
        Err((key, message)) => {
            run.fail(url_template, format!("selector '{key}': {message}"));
            return;
        }
    };
    for (date_idx, &date) in dates.iter().enumerate() {
        if run.client.cancelled() {
            run.report.cancelled = true;
            return;
        }
        if run.must_stop() {
            run.left_for_later = dates.len() - date_idx;
            return;
        }
        let url = expand_template(url_template, date);
        // Without a configured name, the paper is named by its first page: it is read first.
        let mut first = None;
        let paper = match &run.source.paper {
            Some(paper) => paper.clone(),
            None => match first_page(run, &url, false) {
                Ok(Some((final_url, html))) => {
                    let page = reader.first_page(final_url, &html);
                    let named = page.read.paper.clone();
                    first = Some(page);
                    named.unwrap_or_else(|| run.source.name.clone())
                }
                Ok(None) => run.source.name.clone(),
                Err(()) => continue,
            },
        };
        let folder = slug(&format!("{paper}-{date}"));
        let dest = run.opts.into.join(&folder);
        let previous = match write::on_disk(&dest) {
            OnDisk::Complete if !run.opts.force => {
                run.report.skipped.push(SkippedEdition {
                    path: dest,
                    date: Some(date.to_string()),
                });
                continue;
            }
            OnDisk::Incomplete if !run.opts.force => Draft::read_previous(&dest),
            OnDisk::Complete | OnDisk::Incomplete | OnDisk::Missing => None,
        };
        let draft = Draft::new(folder, paper, Some(date.to_string()), url);
        fetch_day(run, &reader, draft, &dest, previous.as_ref(), first);
    }
}

/// GETs the day's first page: `Ok(None)` for a 304, `Err` when it failed (reported).
fn first_page(
    run: &mut Run<'_, '_>,
    url: &str,
    conditional: bool,
) -> Result<Option<(String, String)>, ()> {
    match run.get_text(url, conditional) {
        Ok(got) => Ok(got),
        Err(FetchError::Cancelled) => {
            run.report.cancelled = true;
            Err(())
        }
        // The source's stop message says what was left.
        Err(FetchError::Stopped) => Err(()),
        Err(err) => {
            run.fail(url, format!("the day's first page: {err}"));
            Err(())
        }
    }
}

/// One day: pages, articles, pictures, then the folder. `first` is the first page when it
/// was already read.
fn fetch_day(
    run: &mut Run<'_, '_>,
    reader: &Reader,
    draft: Draft,
    dest: &Path,
    previous: Option<&Draft>,
    first: Option<FirstPage>,
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
    let first = match first {
        Some(first) => Some(first),
        None => match first_page(run, &first_url, previous.is_some()) {
            Ok(first) => first.map(|(final_url, html)| reader.first_page(final_url, &html)),
            Err(()) => return,
        },
    };
    let mut draft = draft;
    let Some((page_links, first_page)) = day_pages(run, &mut draft, first, previous) else {
        return;
    };
    let template = first_page
        .as_ref()
        .map_or_else(|| template_named(draft.template.as_deref()), |f| f.template);
    run.report
        .template
        .get_or_insert_with(|| template.name().to_owned());
    let pages_total = page_links.len();
    announce_long_day(run, &first_url, pages_total);
    let mut day = Day {
        reader,
        template,
        draft,
        previous,
        previous_failed: previous.map(Draft::failed_keys).unwrap_or_default(),
        failed: HashSet::new(),
        staging: staging.path(),
        photos_done: HashMap::new(),
        pages_total,
        pages_done: 0,
    };
    for (page_idx, link) in page_links.into_iter().enumerate() {
        let page = DraftPage {
            label: link.label,
            name: link.name,
            url: Some(link.url),
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
        if run.client.stop.is_some() {
            // The source's stop message says so.
            return;
        }
        run.fail(
            &first_url,
            format!(
                "no article could be fetched ({}): no edition written",
                template.name()
            ),
        );
        return;
    }
    run.finish(draft, staging, dest);
}

/// The day's pages: from the first page (its template recorded in `draft`), or from the
/// edition being completed when the first page is unchanged (a 304).
fn day_pages(
    run: &mut Run<'_, '_>,
    draft: &mut Draft,
    first: Option<FirstPage>,
    previous: Option<&Draft>,
) -> Option<(Vec<PageLink>, Option<FirstPage>)> {
    let first_url = draft.source_url.clone();
    let day = if let Some(mut first) = first {
        draft.template = Some(first.template.name().to_owned());
        let mut links = std::mem::take(&mut first.read.pages);
        if links.is_empty() {
            run.report.warnings.push(format!(
                "{first_url}: the first page lists no other pages ({}); only this page was read",
                first.template.name()
            ));
            links.push(PageLink {
                label: "1".to_owned(),
                name: None,
                url: first_url.clone(),
            });
        }
        (links, Some(first))
    } else {
        let prev = previous?;
        draft.template.clone_from(&prev.template);
        let links = prev
            .pages
            .iter()
            .filter_map(|p| {
                Some(PageLink {
                    label: p.label.clone(),
                    name: p.name.clone(),
                    url: p.url.clone()?,
                })
            })
            .collect();
        (links, None)
    };
    Some(day)
}

/// Articles a page holds, for the estimate of a day's length (a Founder page has 4 to 12).
const ARTICLES_PER_PAGE_ESTIMATE: u32 = 8;

/// When the site's robots.txt `Crawl-delay` makes the day take more than a few minutes, says
/// so before the wait begins (a warning in the summary, a notice on the progress line).
fn announce_long_day(run: &mut Run<'_, '_>, first_url: &str, pages: usize) {
    let delay = run.client.delay_for(first_url);
    let pages = u32::try_from(pages).unwrap_or(u32::MAX);
    let requests = pages.saturating_mul(ARTICLES_PER_PAGE_ESTIMATE + 2);
    let estimate = delay.saturating_mul(requests);
    if estimate > std::time::Duration::from_secs(180) && delay > run.opts.delay {
        let text = format!(
            "the site's robots.txt asks for {:.0} s between requests: {pages} pages take about {} minutes",
            delay.as_secs_f64(),
            estimate.as_secs().div_ceil(60)
        );
        (run.progress)(Progress::Notice { text: text.clone() });
        run.report.warnings.push(format!("{first_url}: {text}"));
    }
}

/// The template an earlier fetch of the edition recorded.
fn template_named(name: Option<&str>) -> Template {
    [
        Template::FounderLayout,
        Template::FounderClassic,
        Template::Selectors,
    ]
    .into_iter()
    .find(|t| Some(t.name()) == name)
    .unwrap_or(Template::Selectors)
}

/// The fetch was cancelled.
struct Cancelled;

/// One day's fetch in progress.
struct Day<'a> {
    reader: &'a Reader,
    template: Template,
    draft: Draft,
    /// The incomplete edition on disk being completed.
    previous: Option<&'a Draft>,
    /// The keys that failed in `previous` (looked up once per article).
    previous_failed: HashSet<&'a str>,
    /// `draft.failed` as a set (looked up once per article).
    failed: HashSet<String>,
    staging: &'a Path,
    /// Picture address → path in the edition folder.
    photos_done: HashMap<String, String>,
    pages_total: usize,
    pages_done: usize,
}

impl Day<'_> {
    /// Reads one page (or takes the first page's HTML), then its articles.
    fn page(
        &mut self,
        run: &mut Run<'_, '_>,
        mut page: DraftPage,
        page_idx: usize,
        first_url: &str,
        first_page: Option<&FirstPage>,
    ) -> Result<(), Cancelled> {
        let page_url = page.url.clone().unwrap_or_default();
        let prev_page = self.previous.and_then(|p| {
            p.pages
                .iter()
                .find(|pp| pp.url.as_deref() == Some(&page_url))
        });
        let conditional = prev_page.is_some() && !self.previous_failed.contains(page_url.as_str());
        let fetched = match first_page {
            Some(first) if first.url == page_url || page_url == first_url => {
                Ok(Some(first.read.clone()))
            }
            _ => run.get_text(&page_url, conditional).map(|got| {
                got.map(|(final_url, html)| {
                    let base = url::Url::parse(&final_url).ok();
                    let (doc, _) = parse_page(&html);
                    self.reader.page(self.template, &doc, base.as_ref())
                })
            }),
        };
        match fetched {
            Ok(Some(read)) => {
                if read.articles.is_empty() {
                    run.report.warnings.push(format!(
                        "{page_url}: page {} links no articles ({})",
                        page.label,
                        self.template.name()
                    ));
                }
                page.articles = read.articles;
                page.credit = read.credit;
                if let Some(PageImage { url, display }) = read.image {
                    let stem = format!("page-{:02}", page_idx + 1);
                    page.image = carried(prev_page.and_then(|p| p.image.as_deref()), self.staging)
                        .or_else(|| run.download_image(&url, self.staging, &stem));
                    // The areas are drawn on the picture as shown; stored in its pixels.
                    let pixels = page
                        .image
                        .as_ref()
                        .and_then(|rel| image::image_dimensions(self.staging.join(rel)).ok());
                    page.regions = read
                        .areas
                        .into_iter()
                        .map(|(key, rect)| (key, template::areas::scale(rect, display, pixels)))
                        .collect();
                } else {
                    page.regions = read.areas;
                }
            }
            Ok(None) => {
                if let Some(prev) = prev_page {
                    page.articles.clone_from(&prev.articles);
                    page.regions.clone_from(&prev.regions);
                    page.credit.clone_from(&prev.credit);
                    page.image = carried(prev.image.as_deref(), self.staging);
                }
            }
            Err(FetchError::Cancelled) => return Err(Cancelled),
            // Left for the next fetch; the source's stop message says so.
            Err(FetchError::Stopped) => self.mark_failed(page_url.clone()),
            Err(err) => {
                run.fail(&page_url, format!("page {}: {err}", page.label));
                self.mark_failed(page_url.clone());
            }
        }
        self.pages_done += 1;
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
        let mut kept_set: HashSet<String> = HashSet::with_capacity(keys.len());
        let count = keys.len();
        self.report_progress(run, count);
        for (art_idx, key) in keys.into_iter().enumerate() {
            if self.draft.articles.contains_key(&key)
                || kept_set.contains(&key)
                || self.failed.contains(&key)
                || run
                    .state
                    .seen_in(&key)
                    .is_some_and(|folder| folder != self.draft.folder)
            {
                continue;
            }
            kept.push(key.clone());
            kept_set.insert(key.clone());
            if let Some(prev) = self.previous
                && !self.previous_failed.contains(key.as_str())
                && let Some(article) = prev.articles.get(&key)
            {
                self.draft.articles.insert(key, article.clone());
                continue;
            }
            match run.get_text(&key, false) {
                Ok(Some((final_url, html))) => {
                    let mut article = self.reader.article(self.template, &html, &final_url);
                    drop(html);
                    if article.headline.is_none() && article.body.is_empty() {
                        run.fail(
                            &key,
                            format!(
                                "article on page {label}: no headline or body found (a broken page, or selectors that do not fit it)"
                            ),
                        );
                        self.mark_failed(key);
                        continue;
                    }
                    let stem = format!("p{:02}-a{:02}", page_idx + 1, art_idx + 1);
                    run.download_photos(&mut article, self.staging, &stem, &mut self.photos_done);
                    self.draft.articles.insert(key, article);
                }
                // Left for the next fetch; the source's stop message says so.
                Ok(None) | Err(FetchError::Stopped) => self.mark_failed(key),
                Err(FetchError::Cancelled) => return Err(Cancelled),
                Err(err @ FetchError::Robots(_)) => {
                    // Not a failure to retry: robots.txt keeps it out of every fetch.
                    run.fail(&key, format!("article on page {label}: {err}"));
                    kept.pop();
                }
                Err(err) => {
                    run.fail(&key, format!("article on page {label}: {err}"));
                    self.mark_failed(key);
                }
            }
            self.report_progress(run, count - art_idx - 1);
        }
        Ok(kept)
    }

    /// Records a page or article that failed (or was left for the next fetch).
    fn mark_failed(&mut self, key: String) {
        self.failed.insert(key.clone());
        self.draft.failed.push(key);
    }

    /// Pages and articles known so far; `waiting` articles of this page are still to come.
    fn report_progress(&self, run: &mut Run<'_, '_>, waiting: usize) {
        let done = self.draft.articles.len() + self.draft.failed.len();
        (run.progress)(Progress::Articles {
            edition: self.draft.folder.clone(),
            done,
            total: done + waiting,
            pages_done: self.pages_done,
            pages_total: self.pages_total,
        });
    }
}

/// The picture an incomplete edition already has, when it was carried into the staging folder.
fn carried(image: Option<&str>, staging: &Path) -> Option<String> {
    image
        .filter(|rel| staging.join(rel).is_file())
        .map(str::to_owned)
}

/// A page read with the source's selectors: page links, article links (and the map areas of
/// those articles), the page picture.
fn selectors_page(select: &Compiled, doc: &Html, base: Option<&url::Url>) -> PageRead {
    let mut pages: Vec<PageLink> = Vec::new();
    let mut page_urls: HashSet<String> = HashSet::new();
    for el in doc.select(&select.pages) {
        let Some(url) = template::resolve(el.value().attr("href"), base, false) else {
            continue;
        };
        let is_pdf =
            url::Url::parse(&url).is_ok_and(|u| u.path().to_ascii_lowercase().ends_with(".pdf"));
        let Some(text) = template::text_of(el) else {
            continue;
        };
        if is_pdf || !page_urls.insert(url.clone()) {
            continue;
        }
        let (label, name) = template::page_label(&text, pages.len() + 1);
        pages.push(PageLink { label, name, url });
    }
    let mut read = PageRead {
        pages,
        paper: template::paper_name(doc),
        ..PageRead::default()
    };
    let mut articles: HashSet<String> = HashSet::new();
    for el in doc.select(&select.articles) {
        let Some(address) = template::resolve(el.value().attr("href"), base, false) else {
            continue;
        };
        if el.value().name() == "a"
            && let Some(text) = template::text_of(el)
            && founder::is_page_credit(&text)
        {
            read.credit.get_or_insert(text);
            continue;
        }
        if articles.insert(address.clone()) {
            read.articles.push(address);
        }
    }
    let areas: Vec<(String, String, String)> = doc
        .select(&select.areas)
        .chain(
            doc.select(&select.articles)
                .filter(|el| el.value().name() == "area"),
        )
        .filter_map(|el| {
            let address = template::resolve(el.value().attr("href"), base, false)?;
            articles.contains(&address).then(|| {
                (
                    address,
                    el.value().attr("shape").unwrap_or("rect").to_owned(),
                    el.value().attr("coords").unwrap_or_default().to_owned(),
                )
            })
        })
        .collect();
    read.areas = template::areas::union_by_link(
        areas
            .iter()
            .map(|(a, s, c)| (a.as_str(), s.as_str(), c.as_str())),
    );
    read.image = select.page_image.as_ref().and_then(|sel| {
        doc.select(sel)
            .filter(|el| !template::body::is_decoration(el.value()))
            .find_map(|el| {
                Some(PageImage {
                    url: template::resolve(el.value().attr("src"), base, false)?,
                    display: template::areas::display_size(el.value()),
                })
            })
    });
    read
}

/// An article page → its parts. The selected elements are put back together as
/// People's-Daily-shaped HTML (`.article` with `h3`/`h1`/`h2`/`p.sec`, then `#ozoom`) and read
/// by the shared article reader. Without a headline, the page's `<title>` stands in.
fn read_article(html: &str, final_url: &str, select: &Compiled) -> DraftArticle {
    let (doc, _) = parse_page(html);
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
