//! `kanbao fetch [NAME…]` (the configured sources into the library: a progress bar on a
//! terminal, a summary at the end, `--json` for scripts) and `kanbao sources` (each source with
//! the result of its last fetch, kept in `fetch-log.json` in the state folder).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::fetch::{FetchOptions, Progress, Source, SourceKind, SourceReport, fetch_source};

/// What one `kanbao fetch` asks for.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// Source names; empty means every configured source.
    pub names: Vec<String>,
    /// The dates asked for (`--date`, `--days`); `None`: today's e-paper, and every date a
    /// feed holds.
    pub dates: Option<Vec<Date>>,
    /// Today in the reader's time zone.
    pub today: Date,
    pub into: PathBuf,
    pub delay: Duration,
    /// Deadlines and per-run caps (`[fetch]`).
    pub limits: crate::fetch::Limits,
    /// Fetch editions already complete again (`--force`), replacing each folder atomically.
    pub force: bool,
}

/// Why `kanbao fetch` could not start.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(
        "no sources are configured; add a [[sources]] entry to config.toml (see docs/FETCH.md)"
    )]
    NoSources,
    #[error("no source is named '{name}'; the sources are {known} (`kanbao sources` lists them)")]
    UnknownSource { name: String, known: String },
}

/// The dates `--date D` or `--days N` (the last N days up to `today`) ask for.
pub fn dates(date: Option<Date>, days: Option<u32>, today: Date) -> Option<Vec<Date>> {
    match (date, days) {
        (Some(date), _) => Some(vec![date]),
        (None, Some(days)) => Some(
            (0..days.max(1))
                .rev()
                .filter_map(|back| {
                    today
                        .checked_sub(jiff::Span::new().days(i64::from(back)))
                        .ok()
                })
                .collect(),
        ),
        (None, None) => None,
    }
}

/// The sources a request names, in config order; every source when it names none.
pub fn chosen<'a>(sources: &'a [Source], names: &[String]) -> Result<Vec<&'a Source>, FetchError> {
    if sources.is_empty() {
        return Err(FetchError::NoSources);
    }
    if names.is_empty() {
        return Ok(sources.iter().collect());
    }
    names
        .iter()
        .map(|name| {
            sources
                .iter()
                .find(|s| &s.name == name)
                .ok_or_else(|| FetchError::UnknownSource {
                    name: crate::edition::sanitize::sanitize(name).into_owned(),
                    known: sources
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
        })
        .collect()
}

/// The summary of one fetch, as printed and as `--json` gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub sources: Vec<SourceSummary>,
    pub editions: usize,
    pub articles: usize,
    pub photos: usize,
    pub bytes: u64,
    pub seconds: f64,
}

/// One source's part of a [`Summary`].
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    pub name: String,
    /// The e-paper system recognised (`founder pc/layout`, `founder classic`, `selectors`);
    /// `None` for a feed or when no page was read.
    pub template: Option<String>,
    pub written: Vec<WrittenSummary>,
    /// Editions already complete on disk.
    pub up_to_date: Vec<String>,
    pub failures: Vec<FailureSummary>,
    pub warnings: Vec<String>,
    pub requests: usize,
    pub not_modified: usize,
    pub cancelled: bool,
    /// True when the source brought nothing and something failed.
    pub failed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct WrittenSummary {
    pub path: String,
    pub date: Option<String>,
    pub pages: usize,
    pub articles: usize,
    pub photos: usize,
    pub bytes: u64,
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailureSummary {
    pub url: String,
    pub reason: String,
}

impl SourceSummary {
    fn from_report(report: &SourceReport) -> SourceSummary {
        let clean = |s: &str| crate::edition::sanitize::sanitize(s).into_owned();
        SourceSummary {
            name: report.source.clone(),
            template: report.template.clone(),
            written: report
                .written
                .iter()
                .map(|w| WrittenSummary {
                    path: crate::edition::sanitize::shown(&w.path),
                    date: w.date.clone(),
                    pages: w.pages,
                    articles: w.articles,
                    photos: w.photos,
                    bytes: w.bytes,
                    complete: w.complete,
                })
                .collect(),
            up_to_date: report
                .skipped
                .iter()
                .map(|s| crate::edition::sanitize::shown(&s.path))
                .collect(),
            failures: report
                .failures
                .iter()
                .map(|f| FailureSummary {
                    url: clean(&f.url),
                    reason: clean(&f.reason),
                })
                .collect(),
            warnings: report.warnings.iter().map(|w| clean(w)).collect(),
            requests: report.requests,
            not_modified: report.not_modified,
            cancelled: report.cancelled,
            failed: report.written.is_empty()
                && report.skipped.is_empty()
                && !report.failures.is_empty(),
        }
    }
}

/// Fetches each chosen source in turn. `progress` hears what is going on (a progress bar, the
/// reader's status line); `cancel` stops between requests.
pub fn fetch_all(
    sources: &[&Source],
    request: &FetchRequest,
    progress: &mut dyn FnMut(&str, Progress),
    cancel: &AtomicBool,
) -> Summary {
    let start = Instant::now();
    let opts = FetchOptions {
        into: request.into.clone(),
        delay: request.delay,
        force: request.force,
        limits: request.limits,
        ..FetchOptions::default()
    };
    let mut summary = Summary {
        sources: Vec::new(),
        editions: 0,
        articles: 0,
        photos: 0,
        bytes: 0,
        seconds: 0.0,
    };
    for source in sources {
        let dates = match (&request.dates, &source.kind) {
            (Some(dates), _) => dates.clone(),
            (None, SourceKind::Epaper { .. }) => vec![request.today],
            (None, SourceKind::Feed { .. }) => Vec::new(),
        };
        let report = fetch_source(
            source,
            &dates,
            &opts,
            &mut |p| progress(&source.name, p),
            cancel,
        );
        summary.editions += report.written.len();
        summary.articles += report.written.iter().map(|w| w.articles).sum::<usize>();
        summary.photos += report.written.iter().map(|w| w.photos).sum::<usize>();
        summary.bytes += report.bytes_received;
        summary.sources.push(SourceSummary::from_report(&report));
        if report.cancelled {
            break;
        }
    }
    summary.seconds = start.elapsed().as_secs_f64();
    summary
}

impl Summary {
    /// True when nothing was written, nothing failed and something was complete already.
    pub fn up_to_date(&self) -> bool {
        self.editions == 0
            && self
                .sources
                .iter()
                .all(|s| s.failures.is_empty() && !s.cancelled)
            && self.sources.iter().any(|s| !s.up_to_date.is_empty())
    }

    /// One line for the reader's status bar: `up to date`, or what was fetched and how many
    /// failures there were.
    pub fn status_line(&self) -> String {
        if self.up_to_date() {
            return "up to date: every edition is complete already".to_owned();
        }
        let failures: usize = self.sources.iter().map(|s| s.failures.len()).sum();
        format!(
            "fetched {} edition(s), {} article(s){}",
            self.editions,
            self.articles,
            match failures {
                0 => String::new(),
                n => format!("; {n} failure(s): `kanbao sources` and `kanbao fetch` say more"),
            }
        )
    }
}

/// A progress event as the progress line shows it: `人民日报-2026-09-16 page 3/20 · 12/31
/// articles`.
pub fn progress_text(progress: &Progress) -> String {
    match progress {
        Progress::Articles {
            edition,
            done,
            total,
            pages_done,
            pages_total,
        } if *pages_total > 0 => {
            format!("{edition} page {pages_done}/{pages_total} · {done}/{total} articles")
        }
        Progress::Articles {
            edition,
            done,
            total,
            ..
        } => format!("{edition} {done}/{total} articles"),
        Progress::Request { url } => crate::edition::sanitize::escaped(url).into_owned(),
        Progress::Retry {
            url, attempt, wait, ..
        } => format!(
            "retry {attempt} in {:.1} s: {}",
            wait.as_secs_f64(),
            crate::edition::sanitize::escaped(url)
        ),
        Progress::Notice { text } => text.clone(),
        Progress::Written { path } => crate::edition::sanitize::shown(path),
    }
}

/// The summary for people: the template each e-paper was read as, one line per edition
/// written, each failure with its address and reason, and the totals (or `up to date`).
pub fn write_summary(summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    for source in &summary.sources {
        if let Some(template) = &source.template {
            writeln!(out, "{}: read as {template}", source.name)?;
        }
        for w in &source.written {
            let state = if w.complete { "" } else { " (incomplete)" };
            writeln!(
                out,
                "{}: {} · {} pages, {} articles, {} photos{state}",
                source.name, w.path, w.pages, w.articles, w.photos
            )?;
        }
        for path in &source.up_to_date {
            writeln!(out, "{}: {path} · complete already", source.name)?;
        }
        for failure in &source.failures {
            writeln!(
                out,
                "{}: failed: {} ({})",
                source.name, failure.url, failure.reason
            )?;
        }
        for warning in &source.warnings {
            writeln!(out, "{}: warning: {warning}", source.name)?;
        }
        if source.cancelled {
            writeln!(out, "{}: cancelled", source.name)?;
        }
    }
    if summary.up_to_date() {
        return writeln!(
            out,
            "up to date: nothing new to fetch (--force fetches complete editions again)"
        );
    }
    writeln!(
        out,
        "fetched {} edition(s), {} article(s), {} photo(s), {} in {:.1} s",
        summary.editions,
        summary.articles,
        summary.photos,
        human_bytes(summary.bytes),
        summary.seconds
    )
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 10 * 1024 * 1024 => format!("{} MB", b / (1024 * 1024)),
        b if b >= 10 * 1024 => format!("{} KB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// The last fetch of each source, for `kanbao sources`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FetchLog {
    pub version: u32,
    pub sources: BTreeMap<String, LastFetch>,
}

/// What a source's last fetch did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LastFetch {
    /// RFC 3339, UTC.
    pub finished: String,
    pub editions: usize,
    pub up_to_date: usize,
    pub failures: usize,
    pub failed: bool,
}

impl FetchLog {
    /// `fetch-log.json` in the state folder.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "kanbao").map(|dirs| {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .join("fetch-log.json")
        })
    }

    /// The log at `path`; missing, damaged, not a regular file or over the file-size cap gives
    /// an empty log (it is only a report).
    pub fn open(path: &Path) -> FetchLog {
        let mut log: FetchLog = crate::edition::read::read_regular(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        // The log is a file anyone could have edited: what it says passes the one sanitiser
        // before any of it is printed (`kanbao sources`).
        let clean = |text: &str| crate::edition::sanitize::sanitize(text).into_owned();
        log.sources = log
            .sources
            .into_iter()
            .map(|(name, mut last)| {
                last.finished = clean(&last.finished);
                (clean(&name), last)
            })
            .collect();
        log
    }

    /// Records a fetch's results and writes the log (temp file and rename); a log that cannot
    /// be written is not worth failing the fetch for.
    pub fn record(path: &Path, summary: &Summary) {
        let mut log = FetchLog::open(path);
        log.version = 1;
        let finished = jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string());
        for source in &summary.sources {
            log.sources.insert(
                source.name.clone(),
                LastFetch {
                    finished: finished.clone(),
                    editions: source.written.len(),
                    up_to_date: source.up_to_date.len(),
                    failures: source.failures.len(),
                    failed: source.failed,
                },
            );
        }
        let _ = (|| -> io::Result<()> {
            let dir = path.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)?;
            let tmp = tempfile::NamedTempFile::new_in(dir)?;
            serde_json::to_writer_pretty(tmp.as_file(), &log)?;
            tmp.persist(path).map_err(|e| e.error)?;
            Ok(())
        })();
    }
}

/// `kanbao sources`: each configured source, where it comes from, and its last fetch.
pub fn write_sources(sources: &[Source], log: &FetchLog, out: &mut dyn Write) -> io::Result<()> {
    if sources.is_empty() {
        writeln!(
            out,
            "no sources configured; add [[sources]] to config.toml (docs/FETCH.md shows how)"
        )?;
        return Ok(());
    }
    for source in sources {
        let (kind, url) = match &source.kind {
            SourceKind::Epaper { url_template, .. } => ("e-paper", url_template.as_str()),
            SourceKind::Feed {
                url,
                full_text: true,
            } => ("feed, full text", url.as_str()),
            SourceKind::Feed { url, .. } => ("feed", url.as_str()),
        };
        let paper = source.paper.as_deref().unwrap_or("");
        let url = crate::edition::sanitize::escaped(url);
        writeln!(out, "{}  {paper}  ({kind})  {url}", source.name)?;
        match log.sources.get(&source.name) {
            Some(last) => writeln!(
                out,
                "  last fetch {}: {} edition(s) written, {} complete already, {} failure(s){}",
                last.finished,
                last.editions,
                last.up_to_date,
                last.failures,
                if last.failed { " — failed" } else { "" }
            )?,
            None => writeln!(out, "  never fetched")?,
        }
    }
    Ok(())
}

/// `kanbao sources --presets`: every preset with its paper, system and address.
pub fn write_presets(out: &mut dyn Write) -> io::Result<()> {
    for preset in &crate::fetch::presets::PRESETS {
        writeln!(
            out,
            "{:<8} {}  ({})  {}",
            preset.name, preset.paper, preset.system, preset.epaper
        )?;
    }
    writeln!(
        out,
        "use one as: [[sources]] name = \"…\" preset = \"NAME\" (docs/FETCH.md)"
    )
}

/// `kanbao fetch` as the command line runs it: a progress bar on a terminal (nothing while it
/// runs otherwise), then the summary (or `--json`), and the result recorded for
/// `kanbao sources`. Returns whether a named source failed entirely.
pub fn run(
    sources: &[&Source],
    request: &FetchRequest,
    json: bool,
    to_terminal: bool,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let cancel = AtomicBool::new(false);
    let bar = to_terminal.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {prefix}: {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let summary = fetch_all(
        sources,
        request,
        &mut |name, progress| {
            let Some(bar) = &bar else { return };
            bar.set_prefix(name.to_owned());
            match &progress {
                Progress::Articles { done, total, .. } => {
                    bar.set_length(*total as u64);
                    bar.set_position(*done as u64);
                    bar.set_message(progress_text(&progress));
                }
                Progress::Written { path } => {
                    bar.println(format!(
                        "{name}: wrote {}",
                        crate::edition::sanitize::shown(path)
                    ));
                }
                Progress::Notice { text } => {
                    bar.println(format!("{name}: {text}"));
                }
                Progress::Request { .. } | Progress::Retry { .. } => {
                    bar.set_message(progress_text(&progress));
                }
            }
        },
        &cancel,
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(log) = FetchLog::default_path() {
        FetchLog::record(&log, &summary);
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &summary)?;
        writeln!(out)?;
    } else {
        write_summary(&summary, out)?;
    }
    Ok(summary.sources.iter().any(|s| s.failed))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fetch_log_that_is_a_device_or_a_fifo_reads_as_empty_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let zero = dir.path().join("fetch-log.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("a link");
        assert!(FetchLog::open(&zero).sources.is_empty());
        let fifo = dir.path().join("fifo.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a FIFO would block; it is refused before it is opened.
            assert!(FetchLog::open(&fifo).sources.is_empty());
        }
    }

    #[test]
    fn what_the_fetch_log_says_is_clean_before_it_is_printed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fetch-log.json");
        // JSON escapes: OSC 52, BEL, an 8-bit CSI and a bidi override in the time, a CSI in
        // the source's name.
        std::fs::write(
            &path,
            r#"{"version":1,"sources":{"qh\u001b[2J":{"finished":"2026-01-01\u001b]52;c;aGk=\u0007\u009b31m\u202e","editions":1,"up_to_date":0,"failures":0,"failed":false}}}"#,
        )
        .expect("written");
        let log = FetchLog::open(&path);
        assert_eq!(log.sources.len(), 1, "{log:?}");
        for (name, last) in &log.sources {
            assert!(crate::edition::sanitize::is_clean(name), "{name:?}");
            assert!(
                crate::edition::sanitize::is_clean(&last.finished),
                "{:?}",
                last.finished
            );
            assert!(last.finished.starts_with("2026-01-01"));
        }
    }
}
