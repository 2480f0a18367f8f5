//! One feed item → [`FeedEntry`]: its page (a `[01版：要闻]` title prefix or its category), its
//! text (content or summary, read by [`crate::formats::html`]), its photos (inline, enclosures,
//! `media:content`, made whole URLs), its byline, dateline, date and key.

use std::path::Path;

use super::dates::link_date;
use super::{FeedEntry, diag};
use crate::edition::caption::{self, CaptionCredit};
use crate::edition::model::{Block, Diagnostic, Item, ItemKind, Photo, Severity};
use crate::edition::recognize::{dateline, normalize_page_label};
use crate::edition::sanitize::sanitize;
use crate::formats::html::{
    HtmlArticle, MAX_HTML_BYTES, MAX_NESTING, article_from_html, text_from_html,
};

/// The inline text of a title (entities decoded, tags dropped), sanitised.
pub(super) fn title_text(raw: &str) -> String {
    if raw.contains(['<', '&']) {
        text_from_html(raw)
    } else {
        collapse(raw)
    }
}

/// Whitespace collapsed to single spaces, trimmed and sanitised.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    sanitize(&out).into_owned()
}

/// `[01版：要闻]标题`, `【01版：要闻】标题`, `01版:要闻 标题` → (`1`, `要闻`, `标题`).
fn page_prefix(title: &str) -> Option<(String, Option<String>, &str)> {
    let t = title.trim_start();
    let (inner, rest) = if let Some(r) = t.strip_prefix('[') {
        let end = r.find(']')?;
        (&r[..end], &r[end + 1..])
    } else if let Some(r) = t.strip_prefix('【') {
        let end = r.find('】')?;
        (&r[..end], &r[end + '】'.len_utf8()..])
    } else {
        // Without brackets the colon is required: `3版本更新` is a headline, not page 3.
        let ban = t.find('版')?;
        let after = &t[ban + '版'.len_utf8()..];
        if !after.starts_with([':', '：']) {
            return None;
        }
        let name_end = after
            .find(|c: char| c.is_whitespace())
            .unwrap_or(after.len());
        let end = ban + '版'.len_utf8() + name_end;
        (&t[..end], &t[end..])
    };
    let (label, name) = page_label_and_name(inner)?;
    Some((label, name, rest.trim_start()))
}

/// `01版：要闻` → (`1`, `要闻`); `第3版` → (`3`, None). The label must be short and
/// number-like.
fn page_label_and_name(text: &str) -> Option<(String, Option<String>)> {
    let (raw_label, raw_name) = text.split_once('版')?;
    let raw_label = raw_label.trim();
    let raw_label = raw_label.strip_prefix('第').unwrap_or(raw_label).trim();
    let chars = raw_label.chars().count();
    if chars == 0 || chars > 6 {
        return None;
    }
    let label = normalize_page_label(raw_label);
    if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let name = collapse(raw_name.trim_start_matches([':', '：', ' ', '\u{3000}']));
    Some((label, Some(name).filter(|n| !n.is_empty())))
}

/// A category as a page: `第3版：要闻` or `A3` gives a label; anything else names a page.
fn page_from_category(term: &str) -> (String, Option<String>) {
    let term = collapse(term);
    if let Some(page) = page_label_and_name(&term) {
        return page;
    }
    let label = normalize_page_label(&term);
    let numeric_like = label.len() <= 4
        && label.chars().any(|c| c.is_ascii_digit())
        && label.chars().all(|c| c.is_ascii_alphanumeric());
    if numeric_like {
        (label, None)
    } else {
        (String::new(), Some(term).filter(|t| !t.is_empty()))
    }
}

fn is_html(content_type: &impl std::fmt::Display) -> bool {
    content_type.to_string().contains("html")
}

/// One feed item → an entry; `None` (with a warning) for an item with neither title nor text.
pub(super) fn read_entry(
    entry: &feed_rs::model::Entry,
    position: usize,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FeedEntry> {
    let mut item = Item::blank(ItemKind::Article, position);
    let title = entry
        .title
        .as_ref()
        .map(|t| title_text(&t.content))
        .unwrap_or_default();
    let (mut page_label, mut page_name, headline) = match page_prefix(&title) {
        Some((label, name, rest)) => (label, name, rest.to_owned()),
        None => (String::new(), None, title.clone()),
    };
    if page_label.is_empty()
        && let Some(category) = entry.categories.first()
    {
        (page_label, page_name) =
            page_from_category(category.label.as_deref().unwrap_or(&category.term));
    }
    if page_label.is_empty() && page_name.is_none() {
        "1".clone_into(&mut page_label);
    }

    item.link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .map(|l| sanitize(l.href.trim()).into_owned())
        .filter(|l| !l.is_empty());

    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?.trim();
        (!body.is_empty()).then_some((body, is_html(&c.content_type)))
    });
    let mut from_content =
        content.map(|(body, html)| read_body(body, html, position, path, diagnostics));
    let summary = entry
        .summary
        .as_ref()
        .map(|s| (s.content.trim(), is_html(&s.content_type)));
    if from_content.as_ref().is_none_or(|a| a.body.is_empty())
        && let Some((text, html)) = summary.filter(|(text, _)| !text.is_empty())
    {
        let article = read_body(text, html, position, path, diagnostics);
        // A description that is a whole article page (People's Daily puts the e-paper page in
        // it) is the text, not a summary.
        item.summary_only = !article.has_article_root;
        from_content = Some(article);
    }
    let article = from_content.unwrap_or_default();

    item.kicker = article.kicker;
    item.headline = article
        .headline
        .or(Some(headline).filter(|h| !h.is_empty()));
    item.subtitle = article.subtitle;
    item.byline = article.byline.or_else(|| {
        let names: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .map(collapse)
            .filter(|n| !n.is_empty())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    });
    item.body = article.body;
    add_media_photos(entry, &mut item.body);
    resolve_images(item.link.as_deref(), &mut item.body);
    let opening = item.paragraphs().next().and_then(dateline);
    item.dateline = opening;
    if item.headline.is_none() && item.body.is_empty() {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            format!("item {position} has no title and no text; skipped"),
        ));
        return None;
    }

    let date = item.link.as_deref().and_then(link_date).or_else(|| {
        entry
            .published
            .or(entry.updated)
            .map(|t| t.to_rfc3339().chars().take(10).collect())
    });
    let id = collapse(&entry.id);
    let key = if !id.is_empty() {
        id
    } else if let Some(link) = &item.link {
        link.clone()
    } else {
        format!("{}|{}", item.title(), date.as_deref().unwrap_or(""))
    };
    Some(FeedEntry {
        key,
        date,
        page_label,
        page_name,
        item,
    })
}

/// An item's content or summary read as HTML (or as plain text, one paragraph per line),
/// reporting what had to be left out.
fn read_body(
    text: &str,
    html: bool,
    position: usize,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> HtmlArticle {
    if !html && !text.contains('<') {
        let body = text
            .lines()
            .map(collapse)
            .filter(|p| !p.is_empty())
            .map(Block::Paragraph)
            .collect();
        return HtmlArticle {
            body,
            ..HtmlArticle::default()
        };
    }
    let article = article_from_html(text);
    if article.truncated_bytes > 0 {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            format!(
                "item {position}: its HTML is longer than {} MiB or {} tags; the last {} bytes were left out",
                MAX_HTML_BYTES / (1024 * 1024),
                crate::formats::html::MAX_TAGS,
                article.truncated_bytes
            ),
        ));
    }
    if article.flattened_tags > 0 {
        diagnostics.push(diag(
            Severity::Warning,
            path,
            None,
            format!(
                "item {position}: its HTML nests deeper than {} elements; {} tags were flattened (the text is kept)",
                MAX_NESTING,
                article.flattened_tags
            ),
        ));
    }
    article
}

/// Makes photo addresses that are relative to the article's page (`../../pic/a.jpg`) whole
/// URLs, so a picture can be found away from the site; an address that does not resolve is
/// kept as written.
fn resolve_images(link: Option<&str>, body: &mut [Block]) {
    let Some(base) = link.and_then(|l| url::Url::parse(l).ok()) else {
        return;
    };
    for block in body {
        if let Block::Photo(Photo {
            image: Some(image), ..
        }) = block
            && url::Url::parse(image).is_err()
            && let Ok(whole) = base.join(image)
        {
            *image = whole.to_string();
        }
    }
}

/// Pictures from enclosures and `media:content` (image types only) that the body does not
/// already show go before the text, as lead photos.
fn add_media_photos(entry: &feed_rs::model::Entry, body: &mut Vec<Block>) {
    let file_name = |url: &str| url.rsplit('/').next().unwrap_or(url).to_owned();
    let shown: Vec<String> = body
        .iter()
        .filter_map(|b| match b {
            Block::Photo(p) => p.image.as_deref().map(file_name),
            _ => None,
        })
        .collect();
    let mut lead = Vec::new();
    for media in &entry.media {
        for content in &media.content {
            let Some(url) = &content.url else { continue };
            let url = url.as_str();
            let image = content.content_type.as_ref().map_or_else(
                || {
                    let lower = url.to_ascii_lowercase();
                    [".jpg", ".jpeg", ".png", ".gif", ".webp"]
                        .iter()
                        .any(|ext| lower.ends_with(ext))
                },
                |t| t.to_string().starts_with("image/"),
            );
            if !image || shown.contains(&file_name(url)) {
                continue;
            }
            // The caption from `media:title` or `media:description`, read as HTML and split;
            // `media:credit` names the credit when the caption does not end in one.
            let CaptionCredit { caption, credit } = [&media.title, &media.description]
                .into_iter()
                .flatten()
                .map(|t| caption::from_html(&t.content))
                .find(|cc| cc.caption.is_some() || cc.credit.is_some())
                .unwrap_or_default();
            let marked = media
                .credits
                .first()
                .map(|c| collapse(&c.entity))
                .filter(|c| !c.is_empty());
            let CaptionCredit { caption, credit } = CaptionCredit {
                caption,
                credit: credit.or(marked),
            }
            .normalized();
            lead.push(Block::Photo(Photo {
                caption,
                credit,
                image: Some(sanitize(url).into_owned()),
            }));
        }
    }
    if !lead.is_empty() {
        body.splice(0..0, lead);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_prefixes() {
        for (title, want) in [
            (
                "[01版：要闻]青川县新建温室",
                Some(("1", Some("要闻"), "青川县新建温室")),
            ),
            (
                "【02版：经济】粮食丰收",
                Some(("2", Some("经济"), "粮食丰收")),
            ),
            ("03版:国际 世界各地", Some(("3", Some("国际"), "世界各地"))),
            ("[第4版]评论", Some(("4", None, "评论"))),
            (
                "[A3版：体育] 比赛",
                Some(("A3", None::<&str>.or(Some("体育")), "比赛")),
            ),
            ("出版社新书发布", None),
            ("3版本更新发布", None),
            ("[要闻]标题", None),
            ("Mill reopens", None),
        ] {
            let got = page_prefix(title);
            let got = got.as_ref().map(|(l, n, r)| (l.as_str(), n.as_deref(), *r));
            assert_eq!(got, want, "{title}");
        }
    }

    #[test]
    fn categories_as_pages() {
        assert_eq!(
            page_from_category("第3版：要闻"),
            ("3".to_owned(), Some("要闻".to_owned()))
        );
        assert_eq!(page_from_category("A3"), ("A3".to_owned(), None));
        assert_eq!(
            page_from_category("Sports"),
            (String::new(), Some("Sports".to_owned()))
        );
    }
}
