//! `kanbao list`: the tree of editions, pages and items, one line per item with its id; or, with
//! `--json`, one JSON object for scripts.

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::edition::{Diagnostic, Edition, Item, ItemKind, Page};
use crate::library::Library;

/// Writes the plain tree, one edition at a time (an archive streams).
pub fn write_plain(library: &mut Library, out: &mut dyn Write) -> io::Result<()> {
    let mut n = 0;
    library.for_each_edition(|edition| {
        if n > 0 {
            writeln!(out)?;
        }
        n += 1;
        write_edition(edition, out)
    })?;
    if n == 0 {
        writeln!(out, "no editions found")?;
    }
    Ok(())
}

fn write_edition(edition: &Edition, out: &mut dyn Write) -> io::Result<()> {
    let items: usize = edition.pages.iter().map(|p| p.items.len()).sum();
    let zh = edition.is_chinese();
    let paper = edition.paper.as_deref().unwrap_or(if zh {
        "(报名未知)"
    } else {
        "(unknown paper)"
    });
    let date = edition
        .date
        .as_deref()
        .unwrap_or(if zh { "(日期未知)" } else { "(no date)" });
    let pages = edition.pages.len();
    writeln!(out, "{paper}  {date}  [{}]", edition.id)?;
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    writeln!(
        out,
        "  {}, {}, from {}",
        plural(pages, "page", "pages"),
        plural(items, "item", "items"),
        crate::edition::sanitize::shown(&edition.source)
    )?;
    if !edition.warnings.is_empty() {
        writeln!(
            out,
            "  {} (see `kanbao check`)",
            plural(edition.warnings.len(), "warning", "warnings")
        )?;
    }
    let id_cols = edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.id.width())
        .max()
        .unwrap_or(0);
    for page in &edition.pages {
        writeln!(out)?;
        writeln!(out, "  {}", page.title(zh))?;
        for item in &page.items {
            write_item(item, id_cols, zh, out)?;
        }
    }
    Ok(())
}

fn write_item(item: &Item, id_cols: usize, zh: bool, out: &mut dyn Write) -> io::Result<()> {
    let pad = id_cols.saturating_sub(item.id.width());
    let tag = match (item.kind, zh) {
        (ItemKind::Article, _) => "",
        (ItemKind::Photo, true) => "[图片] ",
        (ItemKind::Photo, false) => "[photo] ",
        (ItemKind::Banner, true) => "[栏题] ",
        (ItemKind::Banner, false) => "[banner] ",
    };
    let mut details: Vec<String> = Vec::new();
    if let Some(kicker) = &item.kicker {
        details.push(format!("{}{kicker}", if zh { "引题 " } else { "kicker: " }));
    }
    if let Some(subtitle) = &item.subtitle {
        details.push(subtitle.clone());
    }
    for part in [&item.column, &item.byline, &item.dateline, &item.credit]
        .into_iter()
        .flatten()
    {
        details.push(part.clone());
    }
    if let Some(from) = &item.continued_from {
        details.push(if zh {
            format!("上接第{from}版")
        } else {
            format!("from page {from}")
        });
    }
    if let Some(to) = &item.continued_to {
        details.push(if zh {
            format!("下转第{to}版")
        } else {
            format!("continued on page {to}")
        });
    }
    if item.summary_only {
        details.push(if zh { "摘要" } else { "summary only" }.to_owned());
    }
    let paragraphs = item.paragraphs().count();
    if paragraphs > 0 {
        details.push(if zh {
            format!("{paragraphs}段")
        } else {
            format!("{paragraphs} ¶")
        });
    }
    let title = ellipsize(item.title(), 40);
    let details = if details.is_empty() {
        String::new()
    } else {
        format!("  ({})", details.join(" · "))
    };
    writeln!(
        out,
        "    {}{}  {tag}{title}{details}",
        item.id,
        " ".repeat(pad)
    )
}

/// At most `max_chars` characters, with `…` when cut.
fn ellipsize(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((idx, _)) => format!("{}…", &text[..idx]),
        None => text.to_owned(),
    }
}

/// Writes the whole library as one JSON object (the schema is in docs/FORMAT.md), one edition
/// at a time so an archive streams.
pub fn write_json(library: &mut Library, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{{")?;
    write!(out, "  \"editions\": [")?;
    let mut n = 0;
    library.for_each_edition(|edition| {
        if n > 0 {
            write!(out, ",")?;
        }
        n += 1;
        writeln!(out)?;
        serde_json::to_writer_pretty(&mut *out, &JsonEdition::from(edition))?;
        Ok::<(), io::Error>(())
    })?;
    writeln!(out, "\n  ],")?;
    write!(out, "  \"errors\": ")?;
    serde_json::to_writer_pretty(&mut *out, &library.diagnostics)?;
    writeln!(out, "\n}}")
}

#[derive(Serialize)]
struct JsonEdition<'a> {
    id: &'a str,
    paper: Option<&'a str>,
    date: Option<&'a str>,
    issue: Option<&'a str>,
    language: Option<&'a str>,
    /// The reader that took the source: `dialect`, `feed`, `articles`, `ocr`.
    format: crate::edition::Format,
    source: String,
    metadata: &'a std::collections::BTreeMap<String, String>,
    warnings: &'a [Diagnostic],
    pages: Each<'a, Page, JsonPage<'a>>,
}

/// A slice serialised as a JSON array of `J`s made one at a time as they are written: the JSON
/// of an edition of 50,000 items is never held whole.
struct Each<'a, T, J> {
    of: &'a [T],
    _as: std::marker::PhantomData<J>,
}

impl<'a, T, J> Each<'a, T, J> {
    fn new(of: &'a [T]) -> Self {
        Each {
            of,
            _as: std::marker::PhantomData,
        }
    }
}

impl<'a, T, J: From<&'a T> + Serialize> Serialize for Each<'a, T, J> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.of.iter().map(J::from))
    }
}

#[derive(Serialize)]
struct JsonPage<'a> {
    label: &'a str,
    name: Option<&'a str>,
    items: Each<'a, Item, JsonItem<'a>>,
}

impl<'a> From<&'a Page> for JsonPage<'a> {
    fn from(p: &'a Page) -> Self {
        JsonPage {
            label: &p.label,
            name: p.name.as_deref(),
            items: Each::new(&p.items),
        }
    }
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    kind: ItemKind,
    kicker: Option<&'a str>,
    headline: Option<&'a str>,
    subtitle: Option<&'a str>,
    column: Option<&'a str>,
    byline: Option<&'a str>,
    dateline: Option<&'a str>,
    continued_from: Option<&'a str>,
    continued_to: Option<&'a str>,
    continued_from_id: Option<&'a str>,
    continued_to_id: Option<&'a str>,
    subheads: Vec<&'a str>,
    paragraphs: Vec<&'a str>,
    caption: Option<&'a str>,
    credit: Option<&'a str>,
    /// Every photo in reading order: `{"caption", "credit", "image"}`.
    photos: Vec<crate::edition::Photo>,
    link: Option<&'a str>,
    summary_only: bool,
    line: usize,
}

impl<'a> From<&'a Edition> for JsonEdition<'a> {
    fn from(e: &'a Edition) -> Self {
        JsonEdition {
            id: &e.id,
            paper: e.paper.as_deref(),
            date: e.date.as_deref(),
            issue: e.issue.as_deref(),
            language: e.language.as_deref(),
            format: e.format,
            source: crate::edition::sanitize::shown(&e.source),
            metadata: &e.metadata,
            warnings: &e.warnings,
            pages: Each::new(&e.pages),
        }
    }
}

impl<'a> From<&'a Item> for JsonItem<'a> {
    fn from(i: &'a Item) -> Self {
        JsonItem {
            id: &i.id,
            kind: i.kind,
            kicker: i.kicker.as_deref(),
            headline: i.headline.as_deref(),
            subtitle: i.subtitle.as_deref(),
            column: i.column.as_deref(),
            byline: i.byline.as_deref(),
            dateline: i.dateline.as_deref(),
            continued_from: i.continued_from.as_deref(),
            continued_to: i.continued_to.as_deref(),
            continued_from_id: i.continued_from_id.as_deref(),
            continued_to_id: i.continued_to_id.as_deref(),
            subheads: i.subheads().collect(),
            paragraphs: i.paragraphs().collect(),
            caption: i.caption.as_deref(),
            credit: i.credit.as_deref(),
            photos: i.photos(),
            link: i.link.as_deref(),
            summary_only: i.summary_only,
            line: i.line,
        }
    }
}
