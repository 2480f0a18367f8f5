//! `[[sources]]` and `[fetch]`: the papers `kanbao fetch` brings in, validated into
//! [`crate::fetch::Source`]s with errors that name the line (no `epaper` or `feed`, both, an
//! unknown preset, a selector that does not parse, a name used twice).

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::error::{ConfigError, Source as Text};
use crate::fetch::{Limits, Selectors, Source, SourceKind, TemplateChoice};

/// The largest delay between requests to one host that config accepts: ten minutes.
const MAX_DELAY_MS: i64 = 600_000;
/// The longest deadline a source may be given: a day.
const MAX_DEADLINE_SECS: i64 = 86_400;

/// `[[sources]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [[sources]] table")]
pub(super) struct RawSource {
    pub name: Option<Spanned<String>>,
    pub paper: Option<String>,
    pub preset: Option<Spanned<String>>,
    pub epaper: Option<Spanned<String>>,
    pub feed: Option<Spanned<String>>,
    pub full_text: Option<Spanned<bool>>,
    pub deadline_secs: Option<Spanned<i64>>,
    pub select: Option<RawSelect>,
}

/// `[sources.select]` as written: each key overrides the preset's (or the default) selector.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [sources.select] table of CSS selectors"
)]
pub(super) struct RawSelect {
    pub pages: Option<Spanned<String>>,
    pub articles: Option<Spanned<String>>,
    pub kicker: Option<Spanned<String>>,
    pub headline: Option<Spanned<String>>,
    pub subtitle: Option<Spanned<String>>,
    pub byline: Option<Spanned<String>>,
    pub body: Option<Spanned<String>>,
    pub page_image: Option<Spanned<String>>,
}

/// `[fetch]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [fetch] table")]
pub(super) struct RawFetch {
    pub delay_ms: Option<Spanned<i64>>,
    pub into: Option<Spanned<String>>,
    pub deadline_secs: Option<Spanned<i64>>,
    pub request_deadline_secs: Option<Spanned<i64>>,
    pub max_editions: Option<Spanned<i64>>,
    pub max_files: Option<Spanned<i64>>,
}

/// How `kanbao fetch` behaves, from `[fetch]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Pause between two requests to the same host.
    pub delay: Duration,
    /// Where fetched editions go when `--into` is not given (`~` expanded); else the first
    /// library folder, else the papers folder in the data folder.
    pub into: Option<PathBuf>,
    /// Deadlines and per-run caps (`deadline_secs`, `request_deadline_secs`, `max_editions`,
    /// `max_files`).
    pub limits: Limits,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            delay: Duration::from_millis(500),
            into: None,
            limits: Limits::default(),
        }
    }
}

use crate::fetch::presets::{PRESETS, Preset};

/// Validates `[[sources]]`.
pub(super) fn build_sources(
    src: &Text<'_>,
    raw: Vec<Spanned<RawSource>>,
) -> Result<Vec<Source>, ConfigError> {
    let mut sources: Vec<Source> = Vec::with_capacity(raw.len());
    for entry in raw {
        let span = entry.span();
        let raw = entry.into_inner();
        let Some(name) = raw.name.clone() else {
            return Err(src.invalid(
                &span,
                "sources.name",
                "a [[sources]] entry has no 'name'; add name = \"rmrb\" (what `kanbao fetch NAME` takes)".to_owned(),
            ));
        };
        let name_span = name.span();
        let name = name.into_inner();
        let key = |field: &str| format!("sources.{name}.{field}");
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(src.invalid(
                &name_span,
                "sources.name",
                format!("'{name}' is not a source name; use letters, digits, '-' and '_' (it is typed as `kanbao fetch {name}`)"),
            ));
        }
        if sources.iter().any(|s| s.name == name) {
            return Err(src.invalid(
                &name_span,
                "sources.name",
                format!("the source name '{name}' is used twice; give each [[sources]] entry its own name"),
            ));
        }
        let preset = match &raw.preset {
            Some(preset) => Some(
                PRESETS
                    .iter()
                    .find(|p| p.name == preset.get_ref())
                    .ok_or_else(|| {
                        src.invalid(
                            &preset.span(),
                            &key("preset"),
                            format!(
                                "unknown preset '{}'; the presets are {}",
                                preset.get_ref(),
                                PRESETS
                                    .iter()
                                    .map(|p| p.name)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        let kind = source_kind(src, &name, span, preset, &raw)?;
        let deadline = whole_in(
            src,
            raw.deadline_secs.clone(),
            &key("deadline_secs"),
            (1, MAX_DEADLINE_SECS),
            "the seconds this source may take",
        )?
        .map(Duration::from_secs);
        sources.push(Source {
            deadline,
            paper: raw
                .paper
                .map(|p| crate::edition::sanitize::sanitize(&p).into_owned())
                .or_else(|| preset.map(|p| p.paper.to_owned())),
            name,
            kind,
        });
    }
    Ok(sources)
}

/// What a source reads: an e-paper (its address from `epaper` or the preset, its selectors
/// over the preset's) or a feed.
fn source_kind(
    src: &Text<'_>,
    name: &str,
    span: std::ops::Range<usize>,
    preset: Option<&Preset>,
    raw: &RawSource,
) -> Result<SourceKind, ConfigError> {
    let key = |field: &str| format!("sources.{name}.{field}");
    match (&raw.epaper, &raw.feed) {
        (Some(_), Some(feed)) => Err(src.invalid(
            &feed.span(),
            &key("feed"),
            format!("source '{name}' has both 'epaper' and 'feed'; keep one (a second [[sources]] entry can take the other)"),
        )),
        (None, Some(feed)) => {
            check_url(src, feed, &key("feed"))?;
            if let Some(select) = &raw.select
                && let Some(span) = first_select_span(select)
            {
                return Err(src.invalid(
                    &span,
                    &key("select"),
                    format!(
                        "source '{name}' is a feed: [sources.select] is for e-papers; remove it"
                    ),
                ));
            }
            Ok(SourceKind::Feed {
                url: feed.get_ref().clone(),
                full_text: raw.full_text.as_ref().is_some_and(|f| *f.get_ref()),
            })
        }
        (epaper, None) => {
            if let Some(full_text) = &raw.full_text {
                return Err(src.invalid(
                    &full_text.span(),
                    &key("full_text"),
                    format!(
                        "'full_text' is for feeds, and source '{name}' is an e-paper; remove it"
                    ),
                ));
            }
            let url_template = match (epaper, preset) {
                (Some(epaper), _) => {
                    check_url(src, epaper, &key("epaper"))?;
                    epaper.get_ref().clone()
                }
                (None, Some(preset)) => preset.epaper.to_owned(),
                (None, None) => {
                    return Err(src.invalid(
                        &span,
                        &key("epaper"),
                        format!("source '{name}' has neither 'epaper' nor 'feed'; add epaper = \"https://…/{{yyyy}}{{mm}}/{{dd}}/node_01.html\", feed = \"https://…/feed.xml\" or a preset"),
                    ));
                }
            };
            let base = preset
                .and_then(|p| Selectors::preset(p.name))
                .unwrap_or_default();
            // Selectors written in config read every page, whatever system it is from.
            let template = if raw.select.as_ref().and_then(first_select_span).is_some() {
                TemplateChoice::Selectors
            } else {
                preset.map_or(TemplateChoice::Auto, |p| p.template)
            };
            Ok(SourceKind::Epaper {
                url_template,
                select: build_selectors(src, name, base, raw.select.as_ref())?,
                template,
            })
        }
    }
}

/// A whole number of the config (at `key`, as the error names it) within `range`; out of
/// range, an error that says what to set (`what`) and between which bounds.
fn whole_in(
    src: &Text<'_>,
    value: Option<Spanned<i64>>,
    key: &str,
    (low, high): (i64, i64),
    what: &str,
) -> Result<Option<u64>, ConfigError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let n = *value.get_ref();
    if (low..=high).contains(&n) {
        Ok(Some(n.unsigned_abs()))
    } else {
        Err(src.invalid(
            &value.span(),
            key,
            format!("'{key}' is '{n}'; set {what} from {low} to {high}"),
        ))
    }
}

/// Validates `[fetch]` over `base`; `into` is resolved like library paths.
pub(super) fn build_fetch(
    src: &Text<'_>,
    base: FetchConfig,
    raw: RawFetch,
    resolve: impl Fn(&Spanned<String>) -> Result<PathBuf, ConfigError>,
) -> Result<FetchConfig, ConfigError> {
    let mut fetch = base;
    if let Some(delay) = raw.delay_ms {
        let ms = *delay.get_ref();
        if !(0..=MAX_DELAY_MS).contains(&ms) {
            return Err(src.invalid(
                &delay.span(),
                "fetch.delay_ms",
                format!("'fetch.delay_ms' is '{ms}'; set the pause between requests to one site from 0 to {MAX_DELAY_MS} milliseconds (500 is polite)"),
            ));
        }
        fetch.delay = Duration::from_millis(ms.unsigned_abs());
    }
    if let Some(into) = raw.into {
        fetch.into = Some(resolve(&into)?);
    }
    let whole = |value: Option<Spanned<i64>>, key: &str, range: (i64, i64), what: &str| {
        whole_in(src, value, &format!("fetch.{key}"), range, what)
    };
    let limits = &mut fetch.limits;
    if let Some(secs) = whole(
        raw.deadline_secs,
        "deadline_secs",
        (1, MAX_DEADLINE_SECS),
        "the seconds one source may take",
    )? {
        limits.source_deadline = Duration::from_secs(secs);
    }
    if let Some(secs) = whole(
        raw.request_deadline_secs,
        "request_deadline_secs",
        (1, 3_600),
        "the seconds one request may take, retries included",
    )? {
        limits.request_deadline = Duration::from_secs(secs);
    }
    if let Some(n) = whole(
        raw.max_editions,
        "max_editions",
        (1, 100_000),
        "the editions one source may write in a run",
    )? {
        limits.max_editions = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(n) = whole(
        raw.max_files,
        "max_files",
        (1, 10_000_000),
        "the files one source may write in a run",
    )? {
        limits.max_files = usize::try_from(n).unwrap_or(usize::MAX);
    }
    Ok(fetch)
}

fn build_selectors(
    src: &Text<'_>,
    name: &str,
    base: Selectors,
    raw: Option<&RawSelect>,
) -> Result<Selectors, ConfigError> {
    let mut select = base;
    let Some(raw) = raw else {
        return Ok(select);
    };
    let fields = [
        ("pages", &raw.pages, &mut select.pages),
        ("articles", &raw.articles, &mut select.articles),
        ("kicker", &raw.kicker, &mut select.kicker),
        ("headline", &raw.headline, &mut select.headline),
        ("subtitle", &raw.subtitle, &mut select.subtitle),
        ("byline", &raw.byline, &mut select.byline),
        ("body", &raw.body, &mut select.body),
    ];
    for (field, value, slot) in fields {
        if let Some(value) = value {
            check_selector(src, value, &format!("sources.{name}.select.{field}"))?;
            value.get_ref().clone_into(slot);
        }
    }
    if let Some(value) = &raw.page_image {
        // "" turns the page image off.
        if value.get_ref().trim().is_empty() {
            select.page_image = None;
        } else {
            check_selector(src, value, &format!("sources.{name}.select.page_image"))?;
            select.page_image = Some(value.get_ref().clone());
        }
    }
    Ok(select)
}

fn check_selector(src: &Text<'_>, css: &Spanned<String>, key: &str) -> Result<(), ConfigError> {
    scraper::Selector::parse(css.get_ref())
        .map(|_| ())
        .map_err(|err| {
            src.invalid(
                &css.span(),
                key,
                format!(
                    "'{}' is not a CSS selector kanbao can read ({}); write it as in a browser's querySelector",
                    css.get_ref(),
                    err.to_string().replace('\n', " ")
                ),
            )
        })
}

fn check_url(src: &Text<'_>, url: &Spanned<String>, key: &str) -> Result<(), ConfigError> {
    let text = url.get_ref();
    if text.starts_with("http://") || text.starts_with("https://") {
        Ok(())
    } else {
        Err(src.invalid(
            &url.span(),
            key,
            format!("'{text}' is not a web address; write it with http:// or https://"),
        ))
    }
}

fn first_select_span(select: &RawSelect) -> Option<std::ops::Range<usize>> {
    [
        &select.pages,
        &select.articles,
        &select.kicker,
        &select.headline,
        &select.subtitle,
        &select.byline,
        &select.body,
        &select.page_image,
    ]
    .into_iter()
    .flatten()
    .map(Spanned::span)
    .next()
}

/// The folder fetched editions go to when neither `--into` nor `[fetch] into` says: the first
/// library folder, else `papers` in the data folder (which the reader always includes).
pub fn default_into(library: &[PathBuf]) -> Option<PathBuf> {
    library
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .or_else(papers_dir)
}

/// `$XDG_DATA_HOME/kanbao/papers`: where fetched papers go by default.
pub fn papers_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kanbao").map(|dirs| dirs.data_dir().join("papers"))
}
