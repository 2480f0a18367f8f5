//! Feed sources: the feed is read by [`crate::formats::feed::read_feed`] and its items grouped
//! into one edition per date (and into pages by their `[01版：要闻]` prefix or category), as
//! the feed reader groups them. With `full_text`, each item's link is fetched and its article
//! extracted by `dom_smoothie` (a port of Mozilla's readability.js), so navigation, ads and
//! comment boxes stay out; when the extraction finds nothing, the feed's summary is kept with a
//! warning.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;

use super::http::FetchError;
use super::write::{self, Draft, DraftArticle, DraftBlock, DraftPage, OnDisk};
use super::{Progress, Run, SkippedEdition, draft_blocks};
use crate::edition::assemble::slug;
use crate::formats::feed::{FeedEntry, read_feed};

pub(super) fn fetch(run: &mut Run<'_, '_>, url: &str, full_text: bool, dates: &[Date]) {
    // A 304 stands for items the last fetch already wrote; when it left an edition incomplete
    // the items are needed again, so the request is unconditional.
    let conditional = !run.state.is_pending(url);
    let body = match run.get_body(url, conditional, super::http::Kind::Html) {
        Ok(Some(got)) => got,
        // A 304, or a source stopped already (its message says so).
        Ok(None) | Err(FetchError::Stopped) => return,
        Err(FetchError::Cancelled) => {
            run.report.cancelled = true;
            return;
        }
        Err(err) => {
            run.fail(url, format!("the feed: {err}"));
            return;
        }
    };
    // The feed reader does its own decoding (XML declarations, sniffing); it gets the bytes.
    let file = read_feed(&body.bytes, Path::new(&body.final_url));
    for diagnostic in &file.diagnostics {
        run.report
            .warnings
            .push(format!("{url}: {}", diagnostic.message));
    }
    let paper = run
        .source
        .paper
        .clone()
        .or(file.paper.clone())
        .unwrap_or_else(|| run.source.name.clone());
    let wanted: Vec<String> = dates.iter().map(ToString::to_string).collect();
    let mut groups: Vec<(Option<String>, Vec<FeedEntry>)> = Vec::new();
    let mut group_of: HashMap<Option<String>, usize> = HashMap::new();
    for entry in file.entries {
        if !wanted.is_empty() && !entry.date.as_ref().is_some_and(|d| wanted.contains(d)) {
            continue;
        }
        if let Some(&idx) = group_of.get(&entry.date) {
            groups[idx].1.push(entry);
        } else {
            group_of.insert(entry.date.clone(), groups.len());
            groups.push((entry.date.clone(), vec![entry]));
        }
    }
    if groups.is_empty() && !wanted.is_empty() {
        run.report.warnings.push(format!(
            "{url}: the feed holds no items for {}",
            wanted.join(", ")
        ));
    }
    let mut pending = false;
    let group_count = groups.len();
    for (group_idx, (date, entries)) in groups.into_iter().enumerate() {
        if run.client.cancelled() {
            run.report.cancelled = true;
            pending = true;
            break;
        }
        if run.must_stop() {
            run.left_for_later = group_count - group_idx;
            pending = true;
            break;
        }
        let folder = slug(&format!("{paper}-{}", date.as_deref().unwrap_or("undated")));
        let dest = run.opts.into.join(&folder);
        let previous = match write::on_disk(&dest) {
            OnDisk::Complete if !run.opts.force => {
                run.report.skipped.push(SkippedEdition { path: dest, date });
                continue;
            }
            OnDisk::Incomplete if !run.opts.force => Draft::read_previous(&dest),
            OnDisk::Complete | OnDisk::Incomplete | OnDisk::Missing => None,
        };
        let draft = Draft::new(folder, paper.clone(), date, url.to_owned());
        pending |= !fetch_date(run, full_text, draft, entries, &dest, previous.as_ref());
    }
    run.state.set_pending(url, pending);
}

/// One date's edition; false when it is left incomplete (or was not written).
fn fetch_date(
    run: &mut Run<'_, '_>,
    full_text: bool,
    mut draft: Draft,
    entries: Vec<FeedEntry>,
    dest: &Path,
    previous: Option<&Draft>,
) -> bool {
    let staging = match write::staging(dest) {
        Ok(staging) => staging,
        Err(err) => {
            run.fail(
                &draft.source_url,
                format!("cannot make a staging folder: {err}"),
            );
            return false;
        }
    };
    if previous.is_some() {
        write::carry_images(dest, staging.path());
    }
    let total = entries.len();
    let previous_failed = previous.map(Draft::failed_keys).unwrap_or_default();
    let mut photos_done = HashMap::new();
    let mut labels = Labels::new(&entries);
    let mut pages: HashMap<String, usize> = HashMap::new();
    for (idx, entry) in entries.into_iter().enumerate() {
        let key = entry.key.clone();
        if draft.articles.contains_key(&key)
            || run
                .state
                .seen_in(&key)
                .is_some_and(|folder| folder != draft.folder)
        {
            continue;
        }
        let label = labels.of(&entry);
        place(&mut draft, &mut pages, &entry, label);
        let reuse = previous
            .filter(|_| !previous_failed.contains(key.as_str()))
            .and_then(|p| p.articles.get(&key));
        let mut article = if let Some(article) = reuse {
            article.clone()
        } else {
            let stem = format!("i{:03}", idx + 1);
            let Ok((article, failed)) = new_article(
                run,
                &entry,
                full_text,
                staging.path(),
                &stem,
                &mut photos_done,
            ) else {
                run.report.cancelled = true;
                return false;
            };
            if failed {
                draft.failed.push(key.clone());
            }
            article
        };
        if article.headline.is_none() && article.body.is_empty() {
            article.headline = Some(key.clone());
        }
        draft.articles.insert(key, article);
        (run.progress)(Progress::Articles {
            edition: draft.folder.clone(),
            done: idx + 1,
            total,
            pages_done: 0,
            pages_total: 0,
        });
    }
    draft
        .pages
        .sort_by_cached_key(|p| crate::edition::recognize::label_order(&p.label));
    if draft.articles.is_empty() {
        return true;
    }
    let complete = draft.failed.is_empty();
    run.finish(draft, staging, dest);
    complete
}

/// Page labels for a date's items: an item's own label (`[01版：要闻]`, a category like
/// `A3`), else one number per page name, counting up past the labels items carry. One pass:
/// the next free number only moves forward.
struct Labels {
    /// Labels items carry.
    taken: HashSet<String>,
    /// Page name → the number given to it.
    numbered: HashMap<String, String>,
    /// The last number given.
    last: usize,
}

impl Labels {
    fn new(entries: &[FeedEntry]) -> Labels {
        Labels {
            taken: entries
                .iter()
                .filter(|e| !e.page_label.is_empty())
                .map(|e| e.page_label.clone())
                .collect(),
            numbered: HashMap::new(),
            last: 0,
        }
    }

    fn of(&mut self, entry: &FeedEntry) -> String {
        if !entry.page_label.is_empty() {
            return entry.page_label.clone();
        }
        let name = entry.page_name.clone().unwrap_or_default();
        if let Some(label) = self.numbered.get(&name) {
            return label.clone();
        }
        let mut n = self.last + 1;
        while self.taken.contains(&n.to_string()) {
            n += 1;
        }
        self.last = n;
        let label = n.to_string();
        self.numbered.insert(name, label.clone());
        label
    }
}

/// Puts the entry's key on its page (made when it is the page's first); `pages` maps each
/// label to its page's index in `draft.pages`.
fn place(draft: &mut Draft, pages: &mut HashMap<String, usize>, entry: &FeedEntry, label: String) {
    if let Some(&idx) = pages.get(&label) {
        let page = &mut draft.pages[idx];
        page.articles.push(entry.key.clone());
        if page.name.is_none() {
            page.name.clone_from(&entry.page_name);
        }
        return;
    }
    pages.insert(label.clone(), draft.pages.len());
    draft.pages.push(DraftPage {
        label,
        name: entry.page_name.clone(),
        articles: vec![entry.key.clone()],
        ..DraftPage::default()
    });
}

/// The cancel flag was set.
struct Cancelled;

/// An item not in the previous draft: the feed's article, its full text when wanted, its
/// pictures downloaded. The flag is true when the full text could not be fetched (the edition
/// is then incomplete, the summary stands in).
fn new_article(
    run: &mut Run<'_, '_>,
    entry: &FeedEntry,
    full_text: bool,
    staging: &Path,
    stem: &str,
    photos_done: &mut HashMap<String, String>,
) -> Result<(DraftArticle, bool), Cancelled> {
    let mut article = from_item(entry);
    let mut failed = false;
    if full_text && let Some(link) = entry.item.link.clone() {
        match full_article(run, &link) {
            Ok(Some(full)) => {
                if !merge_full_text(&mut article, full) {
                    run.report.warnings.push(format!(
                        "{link}: the article found on the page is not longer than the feed's summary; the summary is kept"
                    ));
                }
            }
            Ok(None) => run.report.warnings.push(format!(
                "{link}: no article text found on the page; the feed's summary is kept"
            )),
            Err(FetchError::Cancelled) => return Err(Cancelled),
            // Left for the next fetch; the source's stop message says so.
            Err(FetchError::Stopped) => failed = true,
            Err(err) => {
                run.fail(
                    &link,
                    format!("full text: {err}; the feed's summary is kept"),
                );
                failed = true;
            }
        }
    }
    run.download_photos(&mut article, staging, stem, photos_done);
    Ok((article, failed))
}

/// The feed item as the feed reader read it.
fn from_item(entry: &FeedEntry) -> DraftArticle {
    let item = &entry.item;
    DraftArticle {
        url: item.link.clone(),
        kicker: item.kicker.clone(),
        headline: item.headline.clone(),
        subtitle: item.subtitle.clone(),
        byline: item.byline.clone(),
        // The feed reader resolved picture addresses against the item's link already.
        body: draft_blocks(item.body.clone(), None),
        summary_only: item.summary_only,
    }
}

/// The article on the item's page, extracted by readability: `Ok(None)` when the page has no
/// readable article.
fn full_article(run: &mut Run<'_, '_>, link: &str) -> Result<Option<DraftArticle>, FetchError> {
    let Some((final_url, html)) = run.get_text(link, false)? else {
        return Ok(None);
    };
    Ok(super::readable(&html, &final_url))
}

/// The extracted text replaces a shorter feed body; the feed's headline and kicker stay.
/// False when the extraction is not longer (navigation crumbs, a paywall stub).
fn merge_full_text(article: &mut DraftArticle, full: DraftArticle) -> bool {
    let len = |a: &DraftArticle| -> usize {
        a.body
            .iter()
            .map(|b| match b {
                DraftBlock::Paragraph { text } | DraftBlock::Subhead { text } => text.len(),
                DraftBlock::Photo { .. } => 0,
            })
            .sum()
    };
    if len(&full) <= len(article) {
        return false;
    }
    article.body = full.body;
    article.summary_only = false;
    if article.byline.is_none() {
        article.byline = full.byline;
    }
    if article.headline.is_none() {
        article.headline = full.headline;
    }
    true
}
