//! `kanbao index [--rebuild]`: brings the library's search index up to date (or makes it anew),
//! with a progress bar on a terminal, and says what it did. Also where the index of a library
//! lives and how search opens it.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::library::index::{self, IndexError, Report, SearchIndex, UpdateOptions};
use crate::library::sources::Sources;

/// The library `paths` name (the default library when empty: `./editions` if it holds
/// editions, else the embedded sample), and the folder of its index (see [`index_dir`]).
pub fn library(paths: &[PathBuf]) -> (Sources, Option<PathBuf>) {
    (sources(paths), index_dir(paths))
}

/// The editions of the library `paths` name (see [`library`]), from names alone.
pub fn sources(paths: &[PathBuf]) -> Sources {
    if paths.is_empty() {
        Sources::default_library()
    } else {
        // What each feed file holds is remembered between runs, as the reader does.
        match crate::library::cache::MetaCache::default_path() {
            Some(cache) => Sources::discover_cached(
                paths,
                Some(&mut crate::library::cache::MetaCache::open_feeds(&cache)),
            ),
            None => Sources::discover(paths),
        }
    }
}

/// The folder of the index of the library `paths` name, without discovering it (the default
/// library: `./editions` when it is a folder, else the sample). The reader, search, `index` and
/// `fetch` all find the index here, so they share one.
pub fn index_dir(paths: &[PathBuf]) -> Option<PathBuf> {
    if !paths.is_empty() {
        index::dir_for(paths)
    } else if Path::new("editions").is_dir() {
        index::dir_for(&[PathBuf::from("editions")])
    } else {
        index::dir_for(&[])
    }
}

/// Opens the index in `dir` for a search; `None` (with a line on stderr when it is damaged)
/// when there is none to use.
pub fn open_for_search(dir: Option<&Path>) -> Option<SearchIndex> {
    match SearchIndex::open(dir?) {
        Ok(found) => found,
        Err(err) => {
            eprintln!("kanbao: {err}; searching without it");
            None
        }
    }
}

/// An index being opened on a thread of its own ([`open_in_background`]).
pub type Opening = std::thread::JoinHandle<Option<SearchIndex>>;

/// [`open_for_search`] of the index of the library `paths` name, on a thread of its own, so a
/// search discovers the library (or reads its config) meanwhile: the index's folder follows
/// from the paths alone, and opening it reads no edition. `None` when the library has no index:
/// no thread, and nothing for the search to compare its files with.
pub fn open_in_background(paths: &[PathBuf]) -> Option<Opening> {
    let dir = index_dir(paths)?;
    SearchIndex::exists(&dir).then(|| std::thread::spawn(move || open_for_search(Some(&dir))))
}

/// Runs `kanbao index`: updates (or with `rebuild`, remakes) the index of the library at
/// `paths`, waiting for another kanbao that is updating it.
pub fn run(paths: &[PathBuf], rebuild: bool, out: &mut dyn Write) -> anyhow::Result<Report> {
    let (sources, dir) = library(paths);
    let dir = dir.ok_or_else(|| {
        anyhow::anyhow!("no cache folder to keep the index in: set XDG_CACHE_HOME or HOME")
    })?;
    for problem in &sources.problems {
        eprintln!("kanbao: {problem}");
    }
    let started = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(sources.editions.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} indexing {wide_bar} {pos}/{len} editions, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let options = UpdateOptions {
        rebuild,
        wait: false,
        verify: true,
        threads: None,
    };
    let cancel = AtomicBool::new(false);
    let progress = |p: index::Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        }
    };
    let report = match index::update(&dir, &sources.editions, options, &progress, &cancel) {
        Err(IndexError::Busy { .. }) => {
            eprintln!("kanbao: another kanbao is updating the index; waiting for it to finish");
            let options = UpdateOptions {
                wait: true,
                ..options
            };
            index::update(&dir, &sources.editions, options, &progress, &cancel)?
        }
        other => other?,
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for problem in &report.problems {
        eprintln!("kanbao: {problem}");
    }
    writeln!(
        out,
        "{} in {:.1} s; the index is at {} ({})",
        summary(&report),
        started.elapsed().as_secs_f64(),
        dir.display(),
        human_size(folder_size(&dir)),
    )?;
    Ok(report)
}

/// After `kanbao fetch`: brings the library's index up to date when it has one, without waiting
/// for another kanbao that is updating it. The summary when something changed or went wrong.
pub fn refresh(paths: &[PathBuf]) -> Option<String> {
    let dir = index_dir(paths)?;
    if !dir.join("meta.json").is_file() {
        return None;
    }
    let (sources, _) = library(paths);
    let cancel = AtomicBool::new(false);
    match index::update(
        &dir,
        &sources.editions,
        UpdateOptions::default(),
        &|_| {},
        &cancel,
    ) {
        Ok(report) if report.indexed + report.removed + report.problems.len() == 0 => None,
        Ok(report) => Some(summary(&report)),
        Err(IndexError::Busy { .. }) => None,
        Err(err) => Some(err.to_string()),
    }
}

/// `indexed 12 editions (480 articles), 3638 unchanged, 1 removed`.
pub fn summary(report: &Report) -> String {
    let editions = |n: usize| if n == 1 { "edition" } else { "editions" };
    let mut line = format!(
        "indexed {} {} ({} articles), {} unchanged",
        report.indexed,
        editions(report.indexed),
        report.articles,
        report.unchanged
    );
    if report.removed > 0 {
        let _ = write!(line, ", {} removed", report.removed);
    }
    if !report.problems.is_empty() {
        let n = report.problems.len();
        let _ = write!(
            line,
            ", {n} unreadable (search reads {} directly)",
            if n == 1 { "it" } else { "them" }
        );
    }
    line
}

/// Bytes in the files of `dir` (not below it).
pub fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
            .sum()
    })
}

/// `12.3 MB`.
pub fn human_size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)] // a size shown to one decimal
    let mb = bytes as f64 / 1_000_000.0;
    if mb >= 1.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_say_what_changed() {
        let report = Report {
            indexed: 1,
            unchanged: 3,
            removed: 2,
            articles: 40,
            ..Report::default()
        };
        assert_eq!(
            summary(&report),
            "indexed 1 edition (40 articles), 3 unchanged, 2 removed"
        );
        assert_eq!(human_size(1_234_567), "1.2 MB");
        assert_eq!(human_size(999), "1 KB");
    }
}
