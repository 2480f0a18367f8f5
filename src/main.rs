//! The `kanbao` binary: parses arguments and hands over to the library. No logic lives here.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{CommandFactory as _, Parser, Subcommand};
use kanbao::cli;
use kanbao::config::Config;
use kanbao::library::Library;
use kanbao::library::cache::MetaCache;
use kanbao::library::search::{self, DateBound, Filters, Query};
use kanbao::store::Bookmarks;

/// kanbao: read newspapers in the terminal.
#[derive(Debug, Parser)]
#[command(name = "kanbao", version, about, long_about = None)]
struct Args {
    /// Edition files or folders to use instead of the default (./editions, else the sample
    /// edition built into kanbao). Repeatable.
    #[arg(short = 'L', long = "library", value_name = "PATH", global = true)]
    library: Vec<PathBuf>,

    /// Configuration file (default: config.toml in the platform config directory).
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the editions, pages and items with their ids.
    List {
        /// One JSON object instead of the readable tree.
        #[arg(long)]
        json: bool,
    },
    /// Print an article typeset for the terminal, its continuations after it.
    Read {
        /// The article's id, as `kanbao list` shows it (e.g. xuchang-daily-2023-02-28/1/9).
        id: String,
        /// Columns to set the text for (default: the terminal's width, else 80).
        #[arg(long, short = 'w', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
        /// The stored text as written, without punctuation normalisation.
        #[arg(long)]
        raw: bool,
    },
    /// Find every article that matches QUERY across the library (words, "phrases", -exclusions,
    /// a OR b, headline:/byline:/caption:/credit:/paper:/page:), newest first.
    Search(SearchArgs),
    /// Bring the search index of the library up to date (new, changed and removed editions),
    /// or make it anew; search uses it for what it holds and reads the rest directly.
    Index {
        /// Make the index from nothing.
        #[arg(long)]
        rebuild: bool,
    },
    /// Fetch today's paper (or other days) from the configured [[sources]] into the library.
    Fetch {
        /// Source names, as `kanbao sources` lists them (default: every source).
        #[arg(value_name = "NAME")]
        names: Vec<String>,
        /// The day to fetch (YYYY-MM-DD); default: today for e-papers, every day a feed holds.
        #[arg(long, value_name = "DATE", conflicts_with = "days")]
        date: Option<String>,
        /// The last N days, today included.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=366))]
        days: Option<u32>,
        /// The library folder to write editions into (default: [fetch] into, else the first
        /// library folder, else the papers folder in the data folder).
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// One JSON summary instead of the readable one.
        #[arg(long)]
        json: bool,
        /// Fetch editions that are complete already again, replacing each folder atomically.
        #[arg(long)]
        force: bool,
    },
    /// List the configured sources with the result of their last fetch.
    Sources {
        /// List the known papers `preset = "…"` takes, with their addresses, instead.
        #[arg(long)]
        presets: bool,
    },
    /// Report every warning and error in edition files as `file:line: message`.
    Check {
        /// Files or folders to check.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List the bookmarks, newest first (stories not in the library are marked missing); add,
    /// remove or export them.
    #[command(args_conflicts_with_subcommands = true)]
    Bookmarks {
        /// One JSON object instead of the readable list.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<BookmarksAction>,
    },
    /// Measure this terminal (ambiguous-width characters, colours, pictures, bracketed paste)
    /// and print the config lines that suit it.
    Doctor {
        /// One JSON object instead of the readable report.
        #[arg(long)]
        json: bool,
    },
    /// Print a completion script for a shell, e.g. `kanbao completions bash > \
    /// ~/.local/share/bash-completion/completions/kanbao`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print kanbao's manual page (roff): `kanbao man | man -l -`, or with --dir, write
    /// kanbao.1 and one page per subcommand (kanbao-search.1, …) into DIR.
    Man {
        /// Folder to write the pages into (created if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum BookmarksAction {
    /// Bookmark an article by its id, as `kanbao list` shows it.
    Add {
        id: String,
        /// A note to keep with the bookmark.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Remove the bookmark for an article id (the article need not be in the library).
    #[command(visible_alias = "remove")]
    Rm { id: String },
    /// Print the bookmarks for sharing.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
    },
    /// Test workload: add and remove synthetic bookmarks, printing each change once saved.
    #[command(hide = true)]
    Churn {
        #[arg(long)]
        count: usize,
        #[arg(long)]
        prefix: String,
        /// After every Nth add, remove the bookmark added before it (0: only add).
        #[arg(long, default_value_t = 3, value_name = "N")]
        remove_every: usize,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    /// A Markdown list: headline, paper, date, page, excerpt, note.
    Markdown,
}

#[derive(Debug, clap::Args)]
struct SearchArgs {
    /// What to find: Chinese as written, Latin letters in any case (`park` finds `PARK`).
    /// Words separated by spaces must all occur; "a phrase" in quotes keeps its spaces;
    /// -word leaves out articles with it; a OR b takes either; headline:, byline:, caption:,
    /// credit: (a photo's credit: credit:新华社), paper: and page: limit a word to that field
    /// (headline:"新时代 新征程").
    // A query may start with an exclusion: `kanbao search "-广告 救助"`.
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// One JSON object instead of readable blocks.
    #[arg(long)]
    json: bool,
    /// Only this paper, named as its front matter (许昌日报) or its files (xuchang-daily) do.
    #[arg(long, value_name = "PAPER")]
    paper: Option<String>,
    /// Only editions on or after DATE (YYYY-MM-DD, or a whole month YYYY-MM or year YYYY).
    #[arg(long, value_name = "DATE")]
    since: Option<DateBound>,
    /// Only editions on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY, inclusive).
    #[arg(long, value_name = "DATE")]
    until: Option<DateBound>,
    /// At most N results, the first in the order asked.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// The order of the results: newest edition first, or the best match first (BM25 over
    /// the index; editions not yet indexed come after).
    #[arg(long, value_enum, default_value_t = SortOrder::Newest)]
    sort: SortOrder,
    /// Read every edition instead of using the search index (same results, slower).
    #[arg(long)]
    scan: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SortOrder {
    Newest,
    Relevance,
}

fn main() -> ExitCode {
    // Past `ulimit -f` a write fails with EFBIG and kanbao says which file; without a handler
    // SIGXFSZ would end the process (exit 153) in the middle of an index or a save. The flag is
    // never read: a handler is what replaces the default action.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    match run(&Args::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("kanbao: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The library `paths` name (the default library when empty), discovered from names and front
/// matter; what unchanged files hold is remembered between runs (the discovery cache), for the
/// reader and every command alike.
fn discover_library(paths: &[PathBuf]) -> Library {
    if paths.is_empty() {
        return Library::default_library(true);
    }
    match MetaCache::default_path() {
        Some(cache) => Library::discover_cached(paths, Some(&mut MetaCache::open(&cache))),
        None => Library::discover(paths),
    }
}

fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if let Some(done) = run_from_definitions(args) {
        return done;
    }
    // A search of libraries named with -L opens their index while the config is read: `Some`
    // once that was tried (the inner `None`: the library has no index).
    let early = match &args.command {
        Some(Command::Search(search)) if !search.scan && !args.library.is_empty() => {
            Some(cli::index::open_in_background(&args.library))
        }
        _ => None,
    };
    let config = Config::load(args.config.as_deref())?;
    // Every edition, page and feed file read from here on is held to the configured size cap.
    kanbao::edition::read::set_max_file_bytes(config.max_file_bytes);
    // Editions are discovered from names and front matter, and parsed when they are needed: the
    // reader parses what it opens, the subcommands one edition at a time.
    let paths = library_paths(args, &config);
    let library = || discover_library(&paths);
    match &args.command {
        None => {
            if let Some(problem) = kanbao::tui::terminal_problem() {
                anyhow::bail!(problem);
            }
            let library = library();
            // Failure when a change could not be saved at quit (the reader says where it went).
            kanbao::tui::run(library, &config, cli::index::index_dir(&paths))
        }
        Some(Command::List { json: false }) => {
            let mut library = library();
            cli::with_stdout(|out| cli::list::write_plain(&mut library, out))
                .context("writing the list")?;
            Ok(report_load_errors(&library))
        }
        Some(Command::List { json: true }) => {
            let mut library = library();
            cli::with_stdout(|out| cli::list::write_json(&mut library, out))
                .context("writing JSON")?;
            Ok(report_load_errors(&library))
        }
        Some(Command::Read { id, width, raw }) => {
            let mut library = library();
            let to_terminal = std::io::stdout().is_terminal();
            let cols = width
                .map(usize::from)
                .or_else(|| to_terminal.then(terminal_cols).flatten())
                .unwrap_or(80);
            let opts = cli::read::ReadOptions {
                cols,
                raw: *raw,
                styled: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                typeset: kanbao::tui::options_from(&config),
            };
            let mut result = Ok(());
            cli::with_stdout(
                |out| match cli::read::write_story(&mut library, id, &opts, out) {
                    Ok(()) => Ok(()),
                    Err(cli::read::ReadOrIo::Io(err)) => Err(err),
                    Err(cli::read::ReadOrIo::Read(err)) => {
                        result = Err(err);
                        Ok(())
                    }
                },
            )
            .context("writing the article")?;
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search(search)) => {
            let opening = match early {
                Some(opening) => opening,
                None if search.scan => None,
                None => cli::index::open_in_background(&paths),
            };
            run_search(search, &paths, opening)
        }
        Some(Command::Index { rebuild }) => {
            cli::index::run(&paths, *rebuild, &mut std::io::stdout()).map(|_| ExitCode::SUCCESS)
        }
        Some(Command::Check { paths }) => run_check(paths),
        Some(Command::Bookmarks { json, action }) => bookmarks(*json, action.as_ref(), library),
        Some(Command::Sources { presets }) => run_sources(&config, *presets),
        Some(Command::Fetch {
            names,
            date,
            days,
            into,
            json,
            force,
        }) => run_fetch(
            &paths,
            &config,
            names,
            date.as_deref(),
            *days,
            into.as_ref(),
            (*force, *json),
        ),
        Some(Command::Completions { .. } | Command::Man { .. } | Command::Doctor { .. }) => {
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `completions`, `man` and `doctor` come from the argument definitions alone: a broken config.toml must
/// not stop them. `None` for every other command.
fn run_from_definitions(args: &Args) -> Option<anyhow::Result<ExitCode>> {
    match &args.command {
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Args::command(), "kanbao", &mut out);
            let written =
                cli::with_stdout(|stdout| stdout.write_all(&out)).context("writing the script");
            Some(written.map(|()| ExitCode::SUCCESS))
        }
        Some(Command::Man { dir }) => {
            Some(write_manual(dir.as_deref()).map(|()| ExitCode::SUCCESS))
        }
        Some(Command::Doctor { json }) => Some(doctor(*json)),
        _ => None,
    }
}

/// `kanbao doctor`: asks the controlling terminal when there is one; otherwise says what the
/// environment alone tells.
fn doctor(json: bool) -> anyhow::Result<ExitCode> {
    use cli::doctor::{Report, TermEnv};
    let replies = cli::doctor::probe_terminal()
        .context("asking the terminal")?
        .unwrap_or_default();
    let report = Report::new(&TermEnv::current(), &replies);
    cli::with_stdout(|out| {
        if json {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)
        } else {
            report.write_plain(out)
        }
    })
    .context("writing the report")?;
    Ok(ExitCode::SUCCESS)
}

/// `kanbao man`: the page clap's definitions give (name, synopsis, options, subcommands), then
/// kanbao's own sections (keys, files, environment, exit status). With `dir`, every page into it.
fn write_manual(dir: Option<&std::path::Path>) -> anyhow::Result<()> {
    let man = clap_mangen::Man::new(Args::command()).manual("kanbao manual");
    let Some(dir) = dir else {
        return cli::with_stdout(|out| {
            man.render(out)?;
            cli::man::write_extra_sections(out)
        })
        .context("writing the manual page");
    };
    let shown = kanbao::edition::sanitize::escaped(&dir.to_string_lossy()).into_owned();
    std::fs::create_dir_all(dir).with_context(|| format!("creating '{shown}'"))?;
    clap_mangen::generate_to(Args::command(), dir)
        .with_context(|| format!("writing the pages into '{shown}'"))?;
    // The main page gets kanbao's own sections too.
    let main_page = dir.join(man.get_filename());
    let mut page = Vec::new();
    man.render(&mut page)?;
    cli::man::write_extra_sections(&mut page)?;
    std::fs::write(&main_page, page).with_context(|| format!("writing '{shown}'"))?;
    Ok(())
}

/// `kanbao check PATH…`: only what is named is checked (`-L` says where other commands look).
fn run_check(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut library = Library::discover(paths);
    let mut summary = cli::check::Summary::default();
    cli::with_stdout(|out| {
        summary = cli::check::write_report(&mut library, out)?;
        Ok(())
    })
    .context("writing the report")?;
    eprintln!(
        "checked {} edition(s): {} error(s), {} warning(s)",
        summary.editions, summary.errors, summary.warnings
    );
    Ok(if summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `kanbao bookmarks …`. Problems with the bookmarks file go to stderr with its path and line;
/// a change that could not be saved, or a file that could not be read, exits non-zero.
fn bookmarks(
    json: bool,
    action: Option<&BookmarksAction>,
    library: impl FnOnce() -> Library,
) -> anyhow::Result<ExitCode> {
    let mut store = Bookmarks::open_default();
    let report = |store: &Bookmarks| {
        if let Some(problem) = store.problem() {
            eprintln!("kanbao: {problem}");
        }
    };
    match action {
        None => {
            report(&store);
            let mut library = library();
            cli::with_stdout(|out| {
                if json {
                    cli::bookmarks::write_json(&store, &mut library, out)
                } else {
                    cli::bookmarks::write_plain(&store, &mut library, out)
                }
            })
            .context("writing the bookmarks")?;
            Ok(exit_code(!store.has_error()))
        }
        Some(BookmarksAction::Export {
            format: ExportFormat::Markdown,
        }) => {
            report(&store);
            cli::with_stdout(|out| cli::bookmarks::write_markdown(&store, out))
                .context("writing the bookmarks")?;
            Ok(exit_code(!store.has_error()))
        }
        Some(BookmarksAction::Add { id, note }) => {
            let headline = cli::bookmarks::add(&mut store, &mut library(), id, note.clone())?;
            report(&store);
            cli::with_stdout(|out| writeln!(out, "bookmarked {id}: {headline}"))
                .context("writing the confirmation")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(BookmarksAction::Rm { id }) => {
            let headline = cli::bookmarks::remove(&mut store, id)?;
            report(&store);
            cli::with_stdout(|out| writeln!(out, "removed {id}: {headline}"))
                .context("writing the confirmation")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(BookmarksAction::Churn {
            count,
            prefix,
            remove_every,
        }) => {
            let mut saved = Ok(());
            cli::with_stdout(|out| {
                saved = cli::bookmarks::churn(&mut store, *count, prefix, *remove_every, out)?;
                Ok(())
            })
            .context("writing the churn log")?;
            saved?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `kanbao search`: reads every file once and loads only those that may match.
/// `opening` is the index of `paths` being opened, when it has one and `--scan` was not asked.
fn run_search(
    args: &SearchArgs,
    paths: &[PathBuf],
    opening: Option<cli::index::Opening>,
) -> anyhow::Result<ExitCode> {
    let query = match Query::parse(&args.query) {
        Ok(query) => query,
        Err(err) => {
            // A usage error, as clap's own: exit status 2.
            eprintln!("kanbao: {err}");
            return Ok(ExitCode::from(2));
        }
    };
    let filters = Filters {
        paper: args.paper.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        // The JSON counts cover every result; the list is cut afterwards.
        limit: if args.json { None } else { args.limit },
    };
    let order = match args.sort {
        SortOrder::Newest => search::Order::Newest,
        SortOrder::Relevance => search::Order::Relevance,
    };
    // The index is opened while the library is discovered: neither needs the other. The
    // files' sizes and times are asked for while the index opens and answers.
    let sources = cli::index::sources(paths);
    let started = std::time::Instant::now();
    let (index, ended) = std::thread::scope(|scope| {
        let stamping = opening
            .as_ref()
            .map(|_| kanbao::library::index::Stamping::start(scope, &sources.editions));
        let index = opening.and_then(|opening| {
            opening
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        let searched = (&sources.editions[..], &query, &filters, order);
        let ended = write_results(args, searched, index.as_ref().zip(stamping));
        (index, ended)
    });
    let ended = ended.context("writing the results")?;
    let Some((outcome, shown, stopped)) = ended else {
        // The pipe closed before the first byte: the reader took nothing, and wants nothing.
        return Ok(ExitCode::SUCCESS);
    };
    for problem in sources.problems.iter().chain(&outcome.problems) {
        eprintln!("kanbao: {problem}");
    }
    if let Some(problem) = &outcome.index_problem {
        eprintln!("kanbao: {problem}");
    }
    let summary = cli::search::summary(
        shown,
        outcome.stats.hits,
        sources.editions.len(),
        order == search::Order::Relevance,
    );
    if stopped {
        eprintln!("{summary} before the output was closed; the search stopped there");
    } else {
        eprintln!("{summary}");
    }
    if let Some(note) =
        cli::search::index_note(&outcome, index.is_some(), args.scan, started.elapsed())
    {
        eprintln!("{note}");
    }
    let code = if sources.editions.is_empty() && !sources.problems.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: freeing the library's list and the index's table of contents one
    // string at a time (thousands of them) would only delay the exit the system does at once.
    std::mem::forget(sources);
    std::mem::forget(index);
    Ok(code)
}

/// Searches and writes the results as they are handed over (every result of a common word
/// streams out as it is checked); what is known only at the end comes after them. `None` when
/// the pipe closed before the first byte.
fn write_results(
    args: &SearchArgs,
    (sources, query, filters, order): (&[search::EditionSource], &Query, &Filters, search::Order),
    index: Option<(
        &kanbao::library::index::SearchIndex,
        kanbao::library::index::Stamping<'_>,
    )>,
) -> std::io::Result<Option<(search::Outcome, usize, bool)>> {
    let mark = if std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        cli::search::Mark::Bold
    } else {
        cli::search::Mark::Brackets
    };
    let mut ended = None;
    cli::with_stdout(|out| {
        let mut results = if args.json {
            cli::search::Results::json(out, query, args.limit)?
        } else {
            cli::search::Results::plain(out, mark, args.limit)
        };
        // A closed pipe (`kanbao search 群众 | head`) stops the search, not only the output.
        let stop = std::sync::atomic::AtomicBool::new(false);
        let mut add = |batch: Vec<search::Hit>| {
            results.add(&batch);
            if results.failed() {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let outcome =
            search::search_stamping(sources, query, filters, order, index, (&mut add, &stop));
        let shown = results.shown();
        let written = results.finish(outcome.coverage);
        ended = Some((outcome, shown, stop.into_inner()));
        written
    })?;
    Ok(ended)
}

/// `kanbao sources`: the configured sources and their last fetch, or with `--presets` the
/// known papers.
fn run_sources(config: &Config, presets: bool) -> anyhow::Result<ExitCode> {
    if presets {
        cli::with_stdout(|out| cli::fetch::write_presets(out)).context("writing the presets")?;
        return Ok(ExitCode::SUCCESS);
    }
    let log = cli::fetch::FetchLog::default_path()
        .map(|p| cli::fetch::FetchLog::open(&p))
        .unwrap_or_default();
    cli::with_stdout(|out| cli::fetch::write_sources(&config.sources, &log, out))
        .context("writing the sources")?;
    Ok(ExitCode::SUCCESS)
}

/// The library paths: `-L` when given, else the configuration's (empty: the default library).
/// `kanbao fetch`: the named sources (or all) for the dates asked, into the folder asked.
fn run_fetch(
    paths: &[PathBuf],
    config: &Config,
    names: &[String],
    date: Option<&str>,
    days: Option<u32>,
    into: Option<&PathBuf>,
    (force, json): (bool, bool),
) -> anyhow::Result<ExitCode> {
    let chosen = cli::fetch::chosen(&config.sources, names)?;
    let today = jiff::ZonedDateTime::now().date();
    let date = date
        .map(|d| {
            d.parse::<jiff::civil::Date>()
                .with_context(|| format!("--date '{d}' is not a date; write it as 2026-08-21"))
        })
        .transpose()?;
    let into = into
        .cloned()
        .or_else(|| config.fetch.into.clone())
        .or_else(|| kanbao::config::default_into(&config.library))
        .context("no folder to fetch into: give --into DIR")?;
    let request = cli::fetch::FetchRequest {
        names: names.to_vec(),
        dates: cli::fetch::dates(date, days, today),
        today,
        into,
        delay: config.fetch.delay,
        limits: config.fetch.limits,
        force,
    };
    let to_terminal = std::io::stderr().is_terminal() && !json;
    let mut failed = false;
    cli::with_stdout(|out| {
        failed = cli::fetch::run(&chosen, &request, json, to_terminal, out)?;
        Ok(())
    })
    .context("writing the summary")?;
    // What landed becomes searchable through the index, when the library has one.
    if let Some(line) = cli::index::refresh(paths) {
        eprintln!("kanbao: search index: {line}");
    }
    // A source that brought nothing and failed is a failure, named or not.
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `-L` when given; else one library of everything kanbao knows of, all at once: `./editions`
/// when it is a folder, the configured library folders, the folder `kanbao fetch` writes to by
/// default (so `kanbao fetch && kanbao` shows today's paper) and `[fetch] into`, each once (a
/// folder inside another is not added again). Empty when none exists: then the default library
/// (the embedded sample). The reader, `list`, `search` and `bookmarks` all take it from here.
fn library_paths(args: &Args, config: &Config) -> Vec<PathBuf> {
    if !args.library.is_empty() {
        return args.library.clone();
    }
    let local = PathBuf::from("editions");
    let mut paths: Vec<PathBuf> = Vec::new();
    let found = std::iter::once(Some(local).filter(|p| p.is_dir()))
        .chain(config.library.iter().cloned().map(Some))
        .chain([
            kanbao::config::papers_dir().filter(|p| p.is_dir()),
            config.fetch.into.clone().filter(|p| p.is_dir()),
        ])
        .flatten();
    for path in found {
        let inside = |a: &Path, b: &Path| {
            let (a, b) = (absolute(a), absolute(b));
            a.starts_with(&b)
        };
        if !paths.iter().any(|known| inside(&path, known)) {
            paths.retain(|known| !inside(known, &path));
            paths.push(path);
        }
    }
    paths
}

/// `path` from the root, for comparing folders given relative and absolute.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// The terminal's width, when stdout is one.
fn terminal_cols() -> Option<usize> {
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| usize::from(cols))
        .filter(|&c| c > 0)
}

/// Files that could not be loaded at all are named on stderr; the rest of the output stands.
fn report_load_errors(library: &Library) -> ExitCode {
    // Files no reader takes are counted once here; `kanbao check` lists each.
    let (skipped, problems): (Vec<_>, Vec<_>) = library
        .diagnostics
        .iter()
        .partition(|d| d.message.starts_with("skipped:"));
    for diagnostic in problems {
        eprintln!("kanbao: {diagnostic}");
    }
    if let Some(first) = skipped.first() {
        let more = match skipped.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        eprintln!(
            "kanbao: skipped {} (not an edition): {}{more}; `kanbao check PATH` lists each with the reason",
            plural(skipped.len(), "file", "files"),
            kanbao::edition::sanitize::shown(&first.path)
        );
    }
    if library.editions.is_empty() {
        eprintln!(
            "kanbao: no editions found; give a file or folder with -L (text editions, feeds, crawler folders, OCR pages: see docs/FORMAT.md)"
        );
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}
