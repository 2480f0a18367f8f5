//! `kanbao fetch`'s core: today's paper from the network into the library as folder editions
//! the loader reads offline. A [`Source`] is a Founder-style e-paper (a day's first page, page
//! links, article links, CSS [`Selectors`] for the article's parts) or a feed (optionally with
//! each item's full text extracted from its page). [`fetch_source`] writes one edition folder
//! per date, atomically, and remembers validators and seen articles in a state file so the next
//! run asks only for what changed.
//!
//! - [`http`]: the polite, bounded HTTP client (robots.txt, delay per host, retries, caps,
//!   conditional requests, charsets).
//! - [`epaper`]: a day's pages and articles, read by the recognised [`template`] or by
//!   selectors.
//! - [`template`]: which e-paper system a page comes from, and the Founder (方正) rules.
//! - [`feed`]: feed items grouped into dated editions, full text through readability.
//! - [`write`]: the edition folder (`edition.toml`, page files in the heading dialect,
//!   `images/`, `fetch.json`) built beside its destination and renamed into place.
//! - [`state`]: `.kanbao-fetch.json`, validators per URL and the articles already written.

mod epaper;
mod feed;
mod http;
pub mod presets;
mod state;
mod template;
mod write;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use jiff::civil::Date;

pub use state::STATE_FILE;
pub use write::DRAFT_FILE;

/// The e-paper address of People's Daily (人民日报), current layout: the day's first page.
pub const RMRB_EPAPER_URL: &str =
    "https://paper.people.com.cn/rmrb/pc/layout/{yyyy}{mm}/{dd}/node_01.html";

/// Where a paper comes from and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The source's name in config (`rmrb`); names state and messages.
    pub name: String,
    /// The paper's name (`人民日报`); the edition folder is named after it (else after `name`,
    /// or for a feed after the channel title).
    pub paper: Option<String>,
    pub kind: SourceKind,
    /// This source's total deadline (`deadline_secs` in its `[[sources]]` entry), over
    /// [`Limits::source_deadline`].
    pub deadline: Option<Duration>,
}

impl Source {
    /// This source's total deadline: its own, else the run's.
    fn deadline_in(&self, limits: &Limits) -> Duration {
        self.deadline.unwrap_or(limits.source_deadline)
    }
}

/// The two shapes a source comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A Founder (方正) style e-paper: `url_template` is the day's first page, with date
    /// placeholders `{yyyy} {mm} {dd} {yy}` (see [`expand_template`]).
    Epaper {
        url_template: String,
        select: Selectors,
        /// Whether the system may be recognised from the pages (`Auto`), or the selectors
        /// read them whatever they are.
        template: TemplateChoice,
    },
    /// An RSS/Atom/JSON feed; with `full_text`, each item's link is fetched and its article
    /// extracted (for summary-only feeds).
    Feed { url: String, full_text: bool },
}

/// How an e-paper's pages are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TemplateChoice {
    /// Recognise the system from the first page (Founder `pc/layout`, Founder classic) and
    /// read it by its rules; the selectors read anything else.
    #[default]
    Auto,
    /// The selectors read every page (a source with `[sources.select]` in config).
    Selectors,
}

/// CSS selectors for an e-paper's pages and articles (parsed by `scraper`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selectors {
    /// On the first page: links to every page of the day (link text like `01版：要闻`).
    pub pages: String,
    /// On a page: links to its articles, in order.
    pub articles: String,
    pub kicker: String,
    pub headline: String,
    pub subtitle: String,
    pub byline: String,
    /// The article body: paragraphs, `<strong>` subheads and `<img>` photos inside it.
    pub body: String,
    /// On a page: the page facsimile (版面图), when wanted.
    pub page_image: Option<String>,
}

impl Default for Selectors {
    /// The common Founder (方正) e-paper layout, People's Daily's among them.
    fn default() -> Self {
        Selectors {
            pages: "#pageList a".to_owned(),
            articles: ".news-list a".to_owned(),
            kicker: ".article h3".to_owned(),
            headline: ".article h1".to_owned(),
            subtitle: ".article h2".to_owned(),
            byline: ".article p.sec".to_owned(),
            body: "#ozoom".to_owned(),
            page_image: Some(".paper-bot img".to_owned()),
        }
    }
}

impl Selectors {
    /// Checks every selector parses, naming the first bad one by its config key (`pages`,
    /// `articles`, `kicker`, `headline`, `subtitle`, `byline`, `body`, `page_image`) with the
    /// parser's message.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        let mut fields = vec![
            ("pages", self.pages.as_str()),
            ("articles", self.articles.as_str()),
            ("kicker", self.kicker.as_str()),
            ("headline", self.headline.as_str()),
            ("subtitle", self.subtitle.as_str()),
            ("byline", self.byline.as_str()),
            ("body", self.body.as_str()),
        ];
        if let Some(image) = &self.page_image {
            fields.push(("page_image", image));
        }
        for (key, css) in fields {
            scraper::Selector::parse(css).map_err(|err| {
                (
                    key,
                    format!("'{css}' is not a CSS selector kanbao can read: {err}"),
                )
            })?;
        }
        Ok(())
    }
}

/// Replaces `{yyyy}`, `{mm}`, `{dd}` and `{yy}` in `template` with `date` (zero-padded).
pub fn expand_template(template: &str, date: Date) -> String {
    template
        .replace("{yyyy}", &format!("{:04}", date.year()))
        .replace("{yy}", &format!("{:02}", date.year().rem_euclid(100)))
        .replace("{mm}", &format!("{:02}", date.month()))
        .replace("{dd}", &format!("{:02}", date.day()))
}

/// How [`fetch_source`] behaves on the network and where it writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// The library folder the edition folders and the state file go into.
    pub into: PathBuf,
    /// Pause between two requests to the same host (0 allowed); a robots.txt `Crawl-delay`
    /// longer than this wins.
    pub delay: Duration,
    pub connect_timeout: Duration,
    /// Longest wait for the response head, and again for the whole body.
    pub read_timeout: Duration,
    /// Further attempts after a timeout, a broken connection or a 5xx answer.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub retry_backoff: Duration,
    /// Largest page or feed read (bytes after decompression); a larger one fails, and no more
    /// than this is ever buffered.
    pub max_html_bytes: u64,
    /// Largest photo or page image read (bytes).
    pub max_image_bytes: u64,
    pub user_agent: String,
    /// Fetch editions already complete on disk again, replacing each folder atomically.
    pub force: bool,
    /// Deadlines and per-run caps.
    pub limits: Limits,
}

/// How long fetching a source may take and how much one run may write (`[fetch]` in config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest one request may take, its redirects, retries and their waits included: a
    /// server trickling a byte a second cannot hold a request past it.
    pub request_deadline: Duration,
    /// The longest one source may take. When it passes, the source stops: the edition in
    /// progress is written as incomplete (the next fetch completes it) and the report says
    /// what was saved.
    pub source_deadline: Duration,
    /// Editions one source may write in one run; the rest wait for the next run.
    pub max_editions: usize,
    /// Files one source may write in one run (pictures, page files, `edition.toml`,
    /// `fetch.json`); checked before each picture and each edition.
    pub max_files: usize,
}

impl Default for Limits {
    /// 60 s a request (one attempt may take 30 s for the head and 30 for the body); 10
    /// minutes a source (a 20-page day at the default delay takes about two); 31 editions (a
    /// month of a daily) and 10,000 files (a month of a 20-page daily with its pictures) a run.
    fn default() -> Self {
        Limits {
            request_deadline: Duration::from_secs(60),
            source_deadline: Duration::from_secs(10 * 60),
            max_editions: 31,
            max_files: 10_000,
        }
    }
}

impl Default for FetchOptions {
    /// The issue's defaults: 500 ms delay, 10 s connect, 30 s read, 3 retries, 20 MB HTML,
    /// 30 MB images, `kanbao/VERSION (+https://github.com/kanbao/kanbao)`, into `.`.
    fn default() -> Self {
        FetchOptions {
            into: PathBuf::from("."),
            delay: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retries: 3,
            retry_backoff: Duration::from_secs(1),
            max_html_bytes: 20 * 1024 * 1024,
            max_image_bytes: 30 * 1024 * 1024,
            user_agent: format!(
                "kanbao/{} (+https://github.com/kanbao/kanbao)",
                env!("CARGO_PKG_VERSION")
            ),
            force: false,
            limits: Limits::default(),
        }
    }
}

/// What [`fetch_source`] is doing, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// A request is about to go out.
    Request { url: String },
    /// A request failed and will be tried again after `wait`.
    Retry {
        url: String,
        attempt: u32,
        reason: String,
        wait: Duration,
    },
    /// An edition's articles: `done` of `total` handled (fetched, reused or failed). For an
    /// e-paper `total` counts the articles of the pages read so far, so it grows page by page;
    /// `pages_done` of `pages_total` pages have been read (both 0 for a feed).
    Articles {
        edition: String,
        done: usize,
        total: usize,
        pages_done: usize,
        pages_total: usize,
    },
    /// An edition folder was written (renamed into place).
    Written { path: PathBuf },
    /// Something a person waiting should know now (a long robots.txt `Crawl-delay`).
    Notice { text: String },
}

/// The outcome of one [`fetch_source`] call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceReport {
    pub source: String,
    /// The e-paper system the pages were read as (`founder pc/layout`, `founder classic`,
    /// `selectors`); `None` for a feed or when no page was read.
    pub template: Option<String>,
    pub written: Vec<WrittenEdition>,
    /// Editions already complete on disk: not fetched again.
    pub skipped: Vec<SkippedEdition>,
    /// Requests that failed for good (after retries), and editions that could not be written.
    pub failures: Vec<Failure>,
    /// Things that did not stop the fetch (an extraction that fell back to the summary, a
    /// damaged state file moved aside).
    pub warnings: Vec<String>,
    /// HTTP requests sent, retries and robots.txt included.
    pub requests: usize,
    /// Conditional requests answered `304 Not Modified`.
    pub not_modified: usize,
    /// Body bytes received (after decompression).
    pub bytes_received: u64,
    /// True when `cancel` stopped the fetch; the edition in progress was not written.
    pub cancelled: bool,
    /// Why the source stopped before it was done (its deadline, a per-run cap), naming the
    /// source and what was saved; also among `failures`.
    pub stopped: Option<String>,
}

/// An edition folder written by this fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEdition {
    pub path: PathBuf,
    /// ISO `YYYY-MM-DD` (`None` for a feed's undated items).
    pub date: Option<String>,
    pub pages: usize,
    pub articles: usize,
    /// Photos in the articles (downloaded or not), page images not counted.
    pub photos: usize,
    /// Bytes of the files in the folder.
    pub bytes: u64,
    /// False when some articles failed: `edition.toml` says `incomplete = true` and the next
    /// fetch completes it.
    pub complete: bool,
}

/// An edition not fetched because it is complete on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedEdition {
    pub path: PathBuf,
    pub date: Option<String>,
}

/// A request that failed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub url: String,
    /// What went wrong, for people (`HTTP 404 Not Found`, `timed out after 3 retries`).
    pub reason: String,
}

/// Fetches `source` for each of `dates` into `opts.into` (a feed: every date it holds, or only
/// `dates` when that is not empty). Never panics and never leaves a partial edition folder: each
/// edition is built in a hidden temp folder beside its destination and renamed into place. An
/// edition whose articles all failed is not written; one with some failures is written with
/// `incomplete = true` and completed by a later call. `cancel` is checked between requests.
pub fn fetch_source(
    source: &Source,
    dates: &[Date],
    opts: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> SourceReport {
    let mut report = SourceReport {
        source: source.name.clone(),
        ..SourceReport::default()
    };
    if let Err(err) = std::fs::create_dir_all(&opts.into) {
        report.failures.push(Failure {
            url: opts.into.display().to_string(),
            reason: format!("cannot create the library folder: {err}"),
        });
        return report;
    }
    let (mut state, warning) = state::State::load(&opts.into);
    report.warnings.extend(warning);
    let mut client = http::Client::new(opts, source.deadline_in(&opts.limits), cancel);
    let mut run = Run {
        source,
        opts,
        client: &mut client,
        state: &mut state,
        report: &mut report,
        progress,
        files: 0,
        left_for_later: 0,
    };
    let address = match &source.kind {
        SourceKind::Epaper {
            url_template,
            select,
            template,
        } => {
            epaper::fetch(&mut run, url_template, select, *template, dates);
            url_template
        }
        SourceKind::Feed { url, full_text } => {
            feed::fetch(&mut run, url, *full_text, dates);
            url
        }
    };
    if let Some(stop) = run.client.stop {
        let message = run.stop_message(stop);
        run.fail(address, message.clone());
        run.report.stopped = Some(message);
    }
    if let Err(err) = state.save(&opts.into) {
        report.warnings.push(format!(
            "cannot save '{}': {err}; the next fetch asks for everything again",
            opts.into.join(STATE_FILE).display()
        ));
    }
    report.requests = client.requests;
    report.not_modified = client.not_modified;
    report.bytes_received = client.bytes_received;
    report.cancelled |= client.cancelled();
    report
}

/// What one [`fetch_source`] call threads through the source readers.
struct Run<'r, 'c> {
    source: &'r Source,
    opts: &'r FetchOptions,
    client: &'r mut http::Client<'c>,
    state: &'r mut state::State,
    report: &'r mut SourceReport,
    progress: &'r mut dyn FnMut(Progress),
    /// Files written by this run (pictures, then each edition's other files).
    files: usize,
    /// Editions (dates) not begun because the source stopped.
    left_for_later: usize,
}

impl Run<'_, '_> {
    /// Whether the source must stop before it begins another edition: it stopped already, or
    /// the run reached its caps (marked as the reason).
    fn must_stop(&mut self) -> bool {
        if self.client.stop.is_none() && self.report.written.len() >= self.opts.limits.max_editions
        {
            self.client.stop = Some(http::Stop::Editions);
        }
        self.at_file_cap() || self.client.stop.is_some()
    }

    /// Whether the run wrote as many files as it may (the stop marked when it did).
    fn at_file_cap(&mut self) -> bool {
        if self.files < self.opts.limits.max_files {
            return false;
        }
        self.client.stop.get_or_insert(http::Stop::Files);
        true
    }

    /// Says when a page is longer than what is read of it
    /// ([`crate::formats::html::MAX_HTML_BYTES`], [`crate::formats::html::MAX_TAGS`]): `html`
    /// is the text of what was kept of it; the page was `len` bytes, `dropped` of them after
    /// what was kept.
    fn warn_if_cut(&mut self, url: &str, html: &str, (len, dropped): (u64, u64)) {
        let left_out = crate::formats::html::left_out(html) as u64 + dropped;
        if left_out > 0 {
            self.report.warnings.push(format!(
                "{url}: the page is {len} bytes; only its first {} were read (a page is read up \
                 to {} MiB or {} tags)",
                len.saturating_sub(left_out),
                crate::formats::html::MAX_HTML_BYTES / (1024 * 1024),
                crate::formats::html::MAX_TAGS
            ));
        }
    }

    /// What a stopped source says: why, and what it saved.
    fn stop_message(&self, stop: http::Stop) -> String {
        let why = match stop {
            http::Stop::Deadline => format!(
                "stopped at its {} s deadline ('deadline_secs' in [fetch] or in the source)",
                self.source.deadline_in(&self.opts.limits).as_secs()
            ),
            http::Stop::Files => format!(
                "stopped after writing {} files, the most one run writes ('max_files' in [fetch])",
                self.files
            ),
            http::Stop::Editions => format!(
                "stopped after {} editions, the most one run writes ('max_editions' in [fetch])",
                self.report.written.len()
            ),
        };
        let written = &self.report.written;
        let incomplete = written.iter().filter(|w| !w.complete).count();
        let mut saved = match written.len() {
            0 => "nothing was saved".to_owned(),
            1 => format!("saved 1 edition ({})", written[0].path.display()),
            n => format!("saved {n} editions"),
        };
        if incomplete > 0 {
            let _ = write!(
                saved,
                ", {incomplete} of them incomplete (the next fetch completes it)"
            );
        }
        if self.left_for_later > 0 {
            let _ = write!(
                saved,
                "; {} more editions wait for the next fetch",
                self.left_for_later
            );
        }
        format!("source '{}' {why}: {saved}", self.source.name)
    }

    fn fail(&mut self, url: &str, reason: impl Into<String>) {
        self.report.failures.push(Failure {
            url: url.to_owned(),
            reason: reason.into(),
        });
    }

    /// GETs a page or feed: `Ok(None)` for `304 Not Modified`. Sends the stored validators
    /// only when `conditional` (the caller has what a 304 stands for), and stores the new ones.
    fn get_body(
        &mut self,
        url: &str,
        conditional: bool,
        kind: http::Kind,
    ) -> Result<Option<http::Body>, http::FetchError> {
        let validators = if conditional {
            self.state.validators(url).cloned()
        } else {
            None
        };
        match self
            .client
            .get(url, kind, validators.as_ref(), self.progress)?
        {
            http::Got::NotModified => Ok(None),
            http::Got::Body(body) => {
                self.state.set_validators(url, body.validators.clone());
                Ok(Some(body))
            }
        }
    }

    /// A page ([`Run::get_body`] of a [`http::Kind::Page`]) decoded as HTML: the final address
    /// and the text (the bytes are let go as soon as they are decoded). A page longer than what
    /// is read of it is said to be (a warning naming the page).
    fn get_text(
        &mut self,
        url: &str,
        conditional: bool,
    ) -> Result<Option<(String, String)>, http::FetchError> {
        let Some(body) = self.get_body(url, conditional, http::Kind::Page)? else {
            return Ok(None);
        };
        let len = body.bytes.len() as u64 + body.dropped;
        let text = http::decode_html(&body.bytes, body.content_type.as_deref());
        self.warn_if_cut(url, &text, (len, body.dropped));
        Ok(Some((body.final_url, text)))
    }

    /// Downloads the pictures of `article` that have an address into `staging/images/`, named
    /// `<stem>-<n>.<ext>`; the same address is downloaded once per edition (`done`). A picture
    /// that fails is reported and left out (the photo keeps its caption and credit).
    fn download_photos(
        &mut self,
        article: &mut write::DraftArticle,
        staging: &Path,
        stem: &str,
        done: &mut std::collections::HashMap<String, String>,
    ) {
        let mut n = 0;
        for block in &mut article.body {
            let write::DraftBlock::Photo { image, url, .. } = block else {
                continue;
            };
            let Some(address) = url.clone() else {
                continue;
            };
            n += 1;
            if let Some(local) = done.get(&address) {
                *image = Some(local.clone());
                continue;
            }
            *image = self.download_image(&address, staging, &format!("{stem}-{n}"));
            if let Some(local) = image {
                done.insert(address, local.clone());
            }
        }
    }

    /// Downloads one picture to `staging/images/<stem>.<ext>`; the path relative to the
    /// edition folder, or `None` (reported) when it failed.
    fn download_image(&mut self, url: &str, staging: &Path, stem: &str) -> Option<String> {
        if self.at_file_cap() {
            return None;
        }
        let body = match self.client.get(url, http::Kind::Image, None, self.progress) {
            Ok(http::Got::Body(body)) => body,
            Ok(http::Got::NotModified) => return None,
            Err(err) => {
                if !matches!(err, http::FetchError::Cancelled | http::FetchError::Stopped) {
                    self.fail(url, format!("picture not downloaded: {err}"));
                }
                return None;
            }
        };
        let ext = image_extension(&body.bytes, url, body.content_type.as_deref());
        let relative = format!("images/{stem}.{ext}");
        match write::write_synced(&staging.join(&relative), &body.bytes) {
            Ok(()) => {
                self.files += 1;
                Some(relative)
            }
            Err(err) => {
                self.fail(url, format!("picture not saved: {err}"));
                None
            }
        }
    }

    /// Writes a draft as an edition folder and records it in the report and the state. A
    /// cancelled fetch writes nothing (the staging folder is removed).
    fn finish(&mut self, draft: write::Draft, staging: tempfile::TempDir, dest: &Path) {
        if self.client.cancelled() {
            self.report.cancelled = true;
            return;
        }
        let failed: std::collections::HashSet<&String> = draft.failed.iter().collect();
        let seen: Vec<String> = draft
            .articles
            .keys()
            .filter(|key| !failed.contains(key))
            .cloned()
            .collect();
        drop(failed);
        let folder = draft.folder.clone();
        let pages = draft.pages.len();
        // The draft is handed over, not copied: an article of 20 MB is held once.
        match write::write_edition(draft, staging, dest) {
            Ok(written) => {
                // edition.toml, fetch.json and a file a page; the pictures are counted already.
                self.files += pages + 2;
                for key in &seen {
                    self.state.mark_seen(key, &folder);
                }
                // Saved after every edition, so a fetch killed later still knows what this
                // one holds.
                if let Err(err) = self.state.save(&self.opts.into) {
                    self.report.warnings.push(format!(
                        "cannot save '{}': {err}",
                        self.opts.into.join(STATE_FILE).display()
                    ));
                }
                (self.progress)(Progress::Written {
                    path: written.path.clone(),
                });
                self.report.written.push(written);
            }
            Err(err) => self.fail(
                &dest.display().to_string(),
                format!("cannot write the edition folder: {err}"),
            ),
        }
    }
}

/// `jpg`, `png`, `gif`, `webp`… from what the bytes are (a page picture named `….jpg.2` and
/// served as `application/octet-stream` is still a JPEG), else the content type, else the
/// address, else `img`.
fn image_extension(bytes: &[u8], url: &str, content_type: Option<&str>) -> &'static str {
    let from_bytes = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Some("jpg"),
        Ok(image::ImageFormat::Png) => Some("png"),
        Ok(image::ImageFormat::Gif) => Some("gif"),
        Ok(image::ImageFormat::WebP) => Some("webp"),
        Ok(image::ImageFormat::Avif) => Some("avif"),
        _ => None,
    };
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase());
    let from_mime = match mime.as_deref() {
        Some("image/jpeg" | "image/jpg" | "image/pjpeg") => Some("jpg"),
        Some("image/png") => Some("png"),
        Some("image/gif") => Some("gif"),
        Some("image/webp") => Some("webp"),
        Some("image/avif") => Some("avif"),
        Some("image/svg+xml") => Some("svg"),
        _ => None,
    };
    from_bytes.or(from_mime).unwrap_or_else(|| {
        let path = url::Url::parse(url)
            .map(|u| u.path().to_ascii_lowercase())
            .unwrap_or_default();
        match path.rsplit('.').next() {
            Some("jpg" | "jpeg") => "jpg",
            Some("png") => "png",
            Some("gif") => "gif",
            Some("webp") => "webp",
            _ => "img",
        }
    })
}

/// The article on a page as a readability extractor (`dom_smoothie`, a port of Mozilla's
/// readability.js) finds it: `None` when it finds no paragraph.
fn readable(html: &str, final_url: &str) -> Option<write::DraftArticle> {
    let config = dom_smoothie::Config {
        max_elements_to_parse: 100_000,
        ..dom_smoothie::Config::default()
    };
    // Flattened first: the extractor's parser and its scoring walk are quadratic in depth.
    let html = crate::formats::html::flatten_page(html);
    let extracted = dom_smoothie::Readability::new(&*html, Some(final_url), Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok())?;
    let parsed = crate::formats::html::article_from_html(&extracted.content);
    let base = url::Url::parse(final_url).ok();
    let blocks = draft_blocks(parsed.body, base.as_ref());
    if !blocks
        .iter()
        .any(|b| matches!(b, write::DraftBlock::Paragraph { .. }))
    {
        return None;
    }
    Some(write::DraftArticle {
        url: write::clean(final_url),
        kicker: None,
        headline: write::clean(&extracted.title),
        subtitle: None,
        byline: parsed
            .byline
            .or_else(|| extracted.byline.as_deref().and_then(write::clean)),
        body: blocks,
        summary_only: false,
    })
}

/// Body blocks read from HTML → draft blocks; picture addresses resolved against `base`.
fn draft_blocks(
    body: Vec<crate::edition::Block>,
    base: Option<&url::Url>,
) -> Vec<write::DraftBlock> {
    use crate::edition::Block;
    body.into_iter()
        .map(|block| match block {
            Block::Paragraph(text) => write::DraftBlock::Paragraph { text },
            Block::Subhead(text) => write::DraftBlock::Subhead { text },
            Block::Photo(photo) => write::DraftBlock::Photo {
                caption: photo.caption,
                credit: photo.credit,
                image: None,
                url: photo.image.and_then(|src| {
                    let resolved = match base {
                        Some(base) => base.join(src.trim()).ok()?,
                        None => url::Url::parse(src.trim()).ok()?,
                    };
                    matches!(resolved.scheme(), "http" | "https")
                        .then(|| write::clean(resolved.as_str()))
                        .flatten()
                }),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_take_the_date() {
        let date = jiff::civil::date(2026, 8, 1);
        assert_eq!(
            expand_template(RMRB_EPAPER_URL, date),
            "https://paper.people.com.cn/rmrb/pc/layout/202608/01/node_01.html"
        );
        assert_eq!(
            expand_template(
                "https://x/{yy}-{mm}-{dd}/{yyyy}",
                jiff::civil::date(2005, 12, 9)
            ),
            "https://x/05-12-09/2005"
        );
    }

    #[test]
    fn selectors_validate_by_key() {
        assert_eq!(Selectors::default().validate(), Ok(()));
        assert!(Selectors::preset("rmrb").is_some_and(|s| s.validate().is_ok()));
        assert_eq!(Selectors::preset("nonesuch"), None);
        let bad = Selectors {
            byline: ".article p[".to_owned(),
            ..Selectors::default()
        };
        let (key, message) = bad.validate().expect_err("a broken selector");
        assert_eq!(key, "byline");
        assert!(message.contains("'.article p['"), "{message}");
        let bad_image = Selectors {
            page_image: Some("img:::x".to_owned()),
            ..Selectors::default()
        };
        assert_eq!(bad_image.validate().map_err(|(k, _)| k), Err("page_image"));
    }

    #[test]
    fn defaults_follow_the_issue() {
        let opts = FetchOptions::default();
        assert_eq!(opts.delay, Duration::from_millis(500));
        assert_eq!(opts.connect_timeout, Duration::from_secs(10));
        assert_eq!(opts.read_timeout, Duration::from_secs(30));
        assert_eq!(opts.retries, 3);
        assert_eq!(opts.max_html_bytes, 20 * 1024 * 1024);
        assert_eq!(opts.max_image_bytes, 30 * 1024 * 1024);
        assert_eq!(opts.limits.request_deadline, Duration::from_secs(60));
        assert_eq!(opts.limits.source_deadline, Duration::from_secs(600));
        assert_eq!(
            (opts.limits.max_editions, opts.limits.max_files),
            (31, 10_000)
        );
        assert!(opts.user_agent.starts_with(&format!(
            "kanbao/{} (+https://github.com/kanbao/kanbao)",
            env!("CARGO_PKG_VERSION")
        )));
    }

    #[test]
    fn a_cancelled_fetch_sends_nothing_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let source = Source {
            name: "x".into(),
            paper: None,
            kind: SourceKind::Feed {
                url: "http://127.0.0.1:9/feed.xml".into(),
                full_text: false,
            },
            deadline: None,
        };
        let opts = FetchOptions {
            into: dir.path().to_owned(),
            ..FetchOptions::default()
        };
        let report = fetch_source(&source, &[], &opts, &mut |_| {}, &AtomicBool::new(true));
        assert!(report.cancelled);
        assert_eq!(report.requests, 0);
        assert!(report.written.is_empty());
    }
}
