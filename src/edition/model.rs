//! The newspaper tree: an [`Edition`] holds [`Page`]s, a page holds [`Item`]s (articles, photos,
//! banners). Plain data, built by the loader and read by everything else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One issue of one paper: front matter plus its pages in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edition {
    /// Short, stable id: the slug of the file or folder name (`xuchang-daily-2023-02-28`).
    pub id: String,
    pub paper: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub date: Option<String>,
    pub issue: Option<String>,
    /// BCP 47 tag (`zh`, `en`) from front matter, else guessed from the text.
    pub language: Option<String>,
    /// Front matter keys kanbao does not interpret, kept as their TOML text.
    pub metadata: BTreeMap<String, String>,
    /// Where the edition came from: a file, a folder, or `<embedded>`.
    pub source: PathBuf,
    pub pages: Vec<Page>,
    /// Repairs and problems found while loading; none of them stopped the load.
    pub warnings: Vec<Diagnostic>,
    /// The reader that took the source (heading dialect, feed, per-article folder, OCR page).
    pub format: Format,
    /// The printed pages' pictures (版面图), by page label, where the source has them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub facsimiles: BTreeMap<String, Facsimile>,
    /// The printed pages' credits (`本版责编：… 版式设计：…`), by page label, where the source
    /// has them (`credit` in an e-paper's `edition.toml`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub page_credits: BTreeMap<String, String>,
}

/// A page's facsimile: its picture and, where the e-paper gave them, the areas its articles take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facsimile {
    /// The picture, relative to the edition's folder (`images/page-01.jpg`).
    pub image: String,
    pub regions: Vec<Region>,
}

/// Where an item is on a page's picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Index into the page's `items`.
    pub item: usize,
    /// Left, top, right, bottom, in the picture's pixels.
    pub rect: [u32; 4],
}

/// The source shapes kanbao reads; each has its own reader, and `kanbao check` names the one
/// that took a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// kanbao's heading dialect (`#` headlines, `+++` front matter and page blocks).
    #[default]
    Dialect,
    /// An RSS, RDF, Atom or JSON feed with the article text in its items.
    Feed,
    /// A crawler's folder of per-article text files (`YYYYMMDD-PP-NN.txt`).
    Articles,
    /// OCR text of printed pages (column-width lines, one file per page).
    Ocr,
}

impl Format {
    /// How `kanbao check` names the reader.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Dialect => "heading dialect",
            Format::Feed => "feed",
            Format::Articles => "per-article text folder",
            Format::Ocr => "OCR page text",
        }
    }
}

impl Edition {
    /// True when `kanbao fetch` could not get every article (`incomplete = true` in its
    /// `edition.toml`); the next fetch completes it.
    pub fn is_incomplete(&self) -> bool {
        self.metadata.get("incomplete").is_some_and(|v| v == "true")
    }

    /// True when the edition's language is Chinese (pages read 第N版 rather than Page N).
    pub fn is_chinese(&self) -> bool {
        self.language
            .as_deref()
            .is_some_and(|l| l.starts_with("zh"))
    }
}

/// How a page is called: `第2版` in a Chinese edition, `Page A4` otherwise.
pub fn page_label(label: &str, zh: bool) -> String {
    if zh {
        format!("第{label}版")
    } else {
        format!("Page {label}")
    }
}

/// A page (版面) of an edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Normalised label: `1`, `B2`. Continuations point at these.
    pub label: String,
    /// The page's name (`要闻`, `Metro`), when known.
    pub name: Option<String>,
    pub items: Vec<Item>,
}

impl Page {
    /// `第2版 · 要闻` or `Page A4 · Metro`.
    pub fn title(&self, zh: bool) -> String {
        let label = page_label(&self.label, zh);
        match &self.name {
            Some(name) => format!("{label} · {name}"),
            None => label,
        }
    }
}

/// What kind of thing an [`Item`] is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Article,
    Photo,
    /// A standing page or series label with no story of its own (`新时代 新征程 新伟业`).
    Banner,
}

/// A body block in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Block {
    /// A repaired paragraph; the text is stored as written (ASCII punctuation kept).
    Paragraph(String),
    /// A section subhead (小标题) inside the body.
    Subhead(String),
    /// A photo at its place in the article (a lead photo first, a mid-article one between
    /// paragraphs).
    Photo(Photo),
}

impl Block {
    /// The block's searchable text: a paragraph or subhead, or a photo's caption (`""` when it
    /// has none). Reading positions are byte offsets into this text.
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text) | Block::Subhead(text) => text,
            Block::Photo(photo) => photo.caption.as_deref().unwrap_or(""),
        }
    }
}

/// A news photo: caption, credit and where the picture is. At least one of the three is set.
/// As [`crate::edition::caption`] makes them, a caption holds one paragraph a line (a picture
/// report's caption has several, separated by `\n`), and stacked credits one a line; every line
/// is sanitised, trimmed and non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Photo {
    pub caption: Option<String>,
    /// `本报记者 谭宜姝 摄`, `新华社发`, `Photo by Jane Doe`, spaced as bylines are.
    pub credit: Option<String>,
    /// A path relative to the edition's source, or a URL; `None` when only the text is known.
    pub image: Option<String>,
}

impl Photo {
    /// `caption — credit` on one line (paragraphs and stacked credits joined by a space),
    /// either alone when the other is absent, or empty.
    pub fn caption_line(&self) -> String {
        [self.caption.as_deref(), self.credit.as_deref()]
            .into_iter()
            .flatten()
            .map(|text| text.replace('\n', " "))
            .collect::<Vec<_>>()
            .join(" — ")
    }
}

/// One article, photo or banner. Absent parts are `None`; strings are sanitised (no control
/// characters, no escape sequences) and non-empty, but for the line breaks between a photo
/// caption's paragraphs and stacked credits (see [`Photo`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Stable, typeable id: `<edition id>/<page label>/<1-based position on the page>`.
    pub id: String,
    pub kind: ItemKind,
    /// 引题: the line above the headline.
    pub kicker: Option<String>,
    pub headline: Option<String>,
    /// 副题: the line below the headline (an interview subtitle starts with `——`).
    pub subtitle: Option<String>,
    /// Column or series label the article runs under (`清廉许昌大家谈 · 清廉建设县(市、区)篇`).
    pub column: Option<String>,
    /// Byline as its own line (`本报记者 张辉`, `By JANE DOE`).
    pub byline: Option<String>,
    /// Dateline opening the first paragraph (`本报讯(记者王利辉)`); it stays in the paragraph.
    pub dateline: Option<String>,
    /// Page label this part continues from (`(上接第一版)` → `1`).
    pub continued_from: Option<String>,
    /// Page label this part continues on (`(下转第三版)` → `3`).
    pub continued_to: Option<String>,
    /// Id of the linked part on the `continued_from` page, when the edition has it.
    pub continued_from_id: Option<String>,
    /// Id of the linked part on the `continued_to` page, when the edition has it.
    pub continued_to_id: Option<String>,
    pub body: Vec<Block>,
    /// Photo caption (photos only).
    pub caption: Option<String>,
    /// Photo credit, the line ending in 摄 (photos only).
    pub credit: Option<String>,
    /// The picture of a photo item: a path relative to the edition's source, or a URL.
    pub image: Option<String>,
    /// Where the article was published (a feed item's link), when known.
    pub link: Option<String>,
    /// True when the body is only a feed's summary of the article, not its text; `link` leads
    /// to the whole story.
    pub summary_only: bool,
    /// 1-based line in the source file where the item starts (for a feed, the item's position
    /// in the file).
    pub line: usize,
    /// On a later printing of a story the edition already printed on an earlier page (same
    /// headline, the same or nearly the same text): where it first ran. Readers show the story
    /// there and point here to it; search finds only the first printing. Set by
    /// [`super::assemble::finish`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<Printing>,
    /// On the first printing: the later pages that print the story again, in page order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_on: Vec<Printing>,
}

/// Where a story is printed in its edition: the item's id and its page's label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Printing {
    pub id: String,
    pub page: String,
}

impl Item {
    /// An item of `kind` starting at source line `line`, with no id and every part absent; the
    /// loader fills it in.
    pub fn blank(kind: ItemKind, line: usize) -> Item {
        Item {
            id: String::new(),
            kind,
            kicker: None,
            headline: None,
            subtitle: None,
            column: None,
            byline: None,
            dateline: None,
            continued_from: None,
            continued_to: None,
            continued_from_id: None,
            continued_to_id: None,
            body: Vec::new(),
            caption: None,
            credit: None,
            image: None,
            link: None,
            summary_only: false,
            line,
            repeat_of: None,
            also_on: Vec::new(),
        }
    }

    /// The paragraphs of the body, without subheads and photos.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body.iter().filter_map(|block| match block {
            Block::Paragraph(text) => Some(text.as_str()),
            Block::Subhead(_) | Block::Photo(_) => None,
        })
    }

    /// The section subheads of the body.
    pub fn subheads(&self) -> impl Iterator<Item = &str> {
        self.body.iter().filter_map(|block| match block {
            Block::Subhead(text) => Some(text.as_str()),
            Block::Paragraph(_) | Block::Photo(_) => None,
        })
    }

    /// Every photo of the item in reading order: a photo item's own picture, then the photos
    /// in the body.
    pub fn photos(&self) -> Vec<Photo> {
        let own = (self.kind == ItemKind::Photo
            && (self.caption.is_some() || self.credit.is_some() || self.image.is_some()))
        .then(|| Photo {
            caption: self.caption.clone(),
            credit: self.credit.clone(),
            image: self.image.clone(),
        });
        own.into_iter()
            .chain(self.body.iter().filter_map(|block| match block {
                Block::Photo(photo) => Some(photo.clone()),
                _ => None,
            }))
            .collect()
    }

    /// A title for lists, one line: the headline, else the caption's first paragraph, else
    /// the first words of the body.
    pub fn title(&self) -> &str {
        let text = self
            .headline
            .as_deref()
            .or(self.caption.as_deref())
            .or_else(|| self.body.first().map(Block::text))
            .unwrap_or("");
        text.split('\n').next().unwrap_or(text)
    }
}

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was repaired or skipped; the edition is usable.
    Warning,
    /// Part of the input could not be used (a file, a front matter block).
    Error,
}

/// A problem found in an input file, pointing at the place (`file:line: message`). Shown and
/// serialised with the path's control characters escaped and the message sanitised, whatever
/// a file name or a parser's message holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(serialize_with = "serialize_path")]
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    #[serde(serialize_with = "serialize_text")]
    pub message: String,
}

/// A path as [`super::sanitize::shown`] shows it.
pub fn serialize_path<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&super::sanitize::shown(path))
}

fn serialize_text<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&super::sanitize::sanitize(text))
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let path = super::sanitize::shown(&self.path);
        let message = super::sanitize::sanitize(&self.message);
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {kind}: {message}"),
            None => write!(f, "{path}: {kind}: {message}"),
        }
    }
}
