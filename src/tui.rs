//! The interactive reader's event loop: blocking input, key/mouse → `Action`, a paste into the
//! open prompt, background work, and one redraw after all queued input is applied. The terminal's
//! modes and the signals that change them are in [`term`].

mod indexer;
mod searcher;
mod term;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use anyhow::{Context as _, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use searcher::{Searcher, app_hits};
use term::{Term, restore};

use crate::action::Edit;
use crate::app::{Action, App, Effect};
use crate::config::{Config, Keymap};
use crate::handoff::{self, Surroundings};
use crate::library::Library;
use crate::library::search;
use crate::pictures::{self, Drawing, Gallery, TermEnv, worker};
use crate::store::{Bookmarks, ReadingState};
use crate::typeset::Options;
use crate::ui::{self, Look};

/// Why the reader cannot start, in words a user can act on.
pub fn terminal_problem() -> Option<String> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() || dumb {
        Some(
            "the reader needs a terminal (stdin and stdout must be a terminal, TERM not 'dumb'); \
             use `kanbao list` to see the editions"
                .to_owned(),
        )
    } else {
        None
    }
}

/// Typesetting options from the configuration.
pub fn options_from(config: &Config) -> Options {
    Options {
        normalize_punctuation: config.reading.normalize_punctuation,
        hanging_punctuation: config.reading.hanging_punctuation,
        measure_cols: config.reading.measure_cols,
        indent: config.reading.indent,
        ambiguous: config.reading.ambiguous,
        columns: config.reading.columns,
        // Set by the app from the pane's height once pictures are on (`App::set_pictures`), and
        // from the pictures that could not be shown.
        picture_rows: 0,
        picture_notes: std::sync::Arc::default(),
    }
}

/// Runs the reader until the user quits. A failure exit code when a change could not be saved
/// (the message on stderr says where it was kept).
pub fn run(
    library: Library,
    config: &Config,
    index_dir: Option<PathBuf>,
) -> anyhow::Result<std::process::ExitCode> {
    if let Some(problem) = terminal_problem() {
        bail!(problem);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = config.theme_for(no_color);
    let mouse = config.mouse;
    // A panic of the reader's own thread gives the terminal back before its message is printed.
    // A background thread's panic (the index library on damaged files, a picture decoder) is
    // caught where it runs and said in the status line: it must not touch the terminal, which
    // is still the reader's.
    let previous = std::panic::take_hook();
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != ui_thread {
            return;
        }
        restore(mouse);
        previous(info);
    }));
    // Signals are watched before the terminal is taken: one that comes while it is being set up
    // waits in the channel for the loop.
    let term = Term::new(mouse);
    let (tx, rx) = mpsc::channel();
    term::watch_signals(term.clone(), tx.clone());
    let taken = term::enter(mouse).and_then(|()| {
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
    });
    let mut terminal = match taken {
        Ok(terminal) => terminal,
        Err(err) => {
            restore(mouse);
            return Err(err).context("setting up the terminal");
        }
    };
    let mut stores = Stores {
        bookmarks: Bookmarks::open_default(),
        state: ReadingState::open_default(),
        seen: [None, None],
    };
    stores.note_seen();
    // While reading, a save waits briefly for another kanbao's lock, so the screen never stalls;
    // a change that could not be saved is kept and goes with the next save (or the one at quit,
    // which may wait the full bound).
    stores.bookmarks.set_lock_wait(UI_LOCK_WAIT);
    stores.state.set_lock_wait(UI_LOCK_WAIT);
    let result = (|| {
        let _held = term.hold();
        let size = terminal.size().context("reading the terminal size")?;
        let mut app = App::new(library, options_from(config), size.width, size.height);
        app.read = stores.state.read_ids().map(str::to_owned).collect();
        app.set_history(history_of(&stores.state));
        app.set_bookmarks(stores.bookmarks.list().into_iter().cloned().collect());
        if let Some(last) = stores.state.last().cloned() {
            app.restore(&last);
        }
        for problem in [stores.bookmarks.problem(), stores.state.problem()]
            .into_iter()
            .flatten()
        {
            app.store_problem(problem.to_owned());
        }
        let (drawing, _why) = pictures::choose::choose(config.images.protocol, &TermEnv::current());
        app.set_pictures(Gallery::new(drawing, config.images));
        let look = Look {
            theme: &theme,
            keymap: &config.keymap,
        };
        let mut session = Session {
            terminal: &mut terminal,
            look,
            stores: &mut stores,
            searcher: Searcher::new(index_dir.clone()),
            fetcher: Fetcher::new(config),
            indexer: indexer::Indexer::new(index_dir),
            pictures: picture_worker(drawing, &tx),
            tx,
            term: &term,
            typed: String::new(),
            ending: Ending::Quit,
        };
        session.run(&mut app, &rx)
    })();
    restore(mouse);
    // Changes a failed save kept in memory get one more try. Those that still cannot be saved
    // go to a recovery file the next start applies (or are printed, if no file can be written),
    // and kanbao says so and exits with a failure: a change is never dropped in silence.
    stores.bookmarks.set_lock_wait(crate::store::LOCK_WAIT);
    stores.state.set_lock_wait(crate::store::LOCK_WAIT);
    let mut all_saved = true;
    for kept in [stores.bookmarks.save_or_keep(), stores.state.save_or_keep()] {
        if let Err(unsaved) = kept {
            eprintln!("kanbao: {unsaved}");
            all_saved = false;
        }
    }
    finish(result, all_saved)
}

/// The prompts' history as `state.toml` keeps it.
fn history_of(state: &ReadingState) -> crate::app::History {
    use crate::store::QueryKind;
    crate::app::History {
        filter: state.history(QueryKind::Filter).to_vec(),
        find: state.history(QueryKind::Find).to_vec(),
        library: state.history(QueryKind::Library).to_vec(),
    }
}

/// `y`: the text to the clipboard by the best route, and always to `copied.txt` in the state
/// folder (else the temp folder), so a terminal that refuses OSC 52 loses nothing.
fn copy(text: &str) -> Result<String, String> {
    let file = crate::store::state_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("copied.txt");
    let mut stdout = io::stdout();
    handoff::copy(text, &Surroundings::current(), &mut stdout, &file)
        .map(|copied| copied.describe())
        .map_err(|err| err.to_string())
}

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The user quit.
    Quit,
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: the number.
    Signal(i32),
}

/// The reader's result once the terminal is restored and the stores flushed: a failure when a
/// change could not be saved (stderr says where it was kept); after a signal, the process ends
/// with 128 + its number, as shells report a signal's end.
fn finish(
    result: anyhow::Result<Ending>,
    all_saved: bool,
) -> anyhow::Result<std::process::ExitCode> {
    match result? {
        Ending::Quit if all_saved => Ok(std::process::ExitCode::SUCCESS),
        Ending::Quit => Ok(std::process::ExitCode::FAILURE),
        Ending::Signal(signal) => std::process::exit(128 + signal),
    }
}

/// How long a save in the reader waits for another kanbao's lock.
const UI_LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(120);

/// The files kanbao keeps for the reader.
struct Stores {
    bookmarks: Bookmarks,
    state: ReadingState,
    /// Size and modification time of the bookmarks and state files when last read or written
    /// here: another kanbao's change is seen as a different stamp.
    seen: [Option<FileStamp>; 2],
}

/// A file's size and modification time.
type FileStamp = (u64, std::time::SystemTime);

fn stamp_of(path: &std::path::Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl Stores {
    fn stamps(&self) -> [Option<FileStamp>; 2] {
        [stamp_of(self.bookmarks.path()), stamp_of(self.state.path())]
    }

    /// Remembers the files as they are now (after reading or saving them here).
    fn note_seen(&mut self) {
        self.seen = self.stamps();
    }

    /// Before a key is applied: what another kanbao (the CLI or another reader) changed in the
    /// bookmarks or the reading state since, read again and shown. Two `stat`s a key, nothing
    /// while idle.
    fn catch_up(&mut self, app: &mut App) {
        let now = self.stamps();
        if now == self.seen {
            return;
        }
        if now[0] != self.seen[0] {
            self.bookmarks.reload();
            app.set_bookmarks(self.bookmarks.list().into_iter().cloned().collect());
        }
        if now[1] != self.seen[1] {
            self.state.reload();
            app.read = self.state.read_ids().map(str::to_owned).collect();
            app.set_history(history_of(&self.state));
        }
        self.seen = now;
    }

    /// Performs one queued save; a failure goes to the status line, and the change stays in
    /// memory to be saved with the next one. Returns whether the bookmarks changed.
    fn apply(&mut self, app: &mut App, effect: Effect) -> bool {
        let (result, bookmarks_changed) = match effect {
            Effect::MarkRead { id } => (self.state.mark_read(&id), false),
            Effect::MarkAllRead { ids } => (self.state.mark_all_read(&ids), false),
            Effect::MarkUnread { ids } => (self.state.mark_unread(&ids), false),
            Effect::RememberQuery { kind, query } => {
                (self.state.remember_query(kind, &query), false)
            }
            Effect::SetLast(last) => (self.state.set_last(last), false),
            Effect::AddBookmark(bookmark) => (self.bookmarks.add(*bookmark), true),
            Effect::RemoveBookmark { id } => (self.bookmarks.remove(&id).map(|_| ()), true),
            Effect::SetNote { id, note } => (self.bookmarks.set_note(&id, note), true),
            Effect::SetPosition { id, position } => {
                (self.bookmarks.set_position(&id, position), false)
            }
            Effect::SearchLibrary { .. }
            | Effect::CancelSearch
            | Effect::StartFetch
            | Effect::CancelFetch
            | Effect::Suspend
            | Effect::Copy { .. }
            | Effect::OpenLink { .. }
            | Effect::LoadPicture(_) => (Ok(()), false),
        };
        if let Err(err) = result {
            app.store_problem(format!("not saved (kept for the next save): {err}"));
        }
        bookmarks_changed
    }
}

/// What wakes the loop: input from the terminal, or work finished in the background.
pub enum Wake {
    Input(Event),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT (the number): end as if the user quit.
    Signal(i32),
    /// The terminal was taken again after a suspend (SIGCONT): redraw the whole screen.
    Redraw,
    /// The input thread stopped (the terminal went away).
    InputClosed(String),
    /// One edition's results of library-wide search number `generation`; `index` maps the
    /// search's edition indices to the library's.
    SearchHits {
        generation: u64,
        hits: Vec<search::Hit>,
        index: Vec<usize>,
    },
    /// Library-wide search number `generation` is over.
    SearchDone {
        generation: u64,
        problems: usize,
    },
    /// What fetch number `generation` is doing.
    FetchProgress {
        generation: u64,
        text: String,
    },
    /// Fetch number `generation` wrote an edition folder.
    FetchLanded {
        generation: u64,
        path: PathBuf,
    },
    /// Fetch number `generation` ended; `text` sums it up.
    FetchDone {
        generation: u64,
        text: String,
        error: bool,
    },
    /// The picture worker decoded (or refused) a photo.
    Picture(worker::Done),
    /// Pages and articles of editions, by id, from the search index.
    Counts(Vec<(String, (usize, usize))>),
    /// How far the background index update has come; `None` when it ended.
    Indexing(Option<(usize, usize)>),
}

/// The thread that decodes and encodes photos, when pictures are drawn at all. The cell size in
/// pixels comes from the terminal's window size (an ioctl, no query); 0 when it does not say.
fn picture_worker(drawing: Drawing, tx: &mpsc::Sender<Wake>) -> Option<worker::Worker> {
    if drawing == Drawing::Off {
        return None;
    }
    let font = ratatui::crossterm::terminal::window_size()
        .ok()
        .filter(|size| size.columns > 0 && size.rows > 0)
        .map_or((0, 0), |size| {
            (size.width / size.columns, size.height / size.rows)
        });
    let tx = tx.clone();
    Some(worker::Worker::spawn(drawing, font, move |done| {
        let _ = tx.send(Wake::Picture(done));
    }))
}

/// `F`: the configured sources fetched on a thread of their own, news sent to the loop.
struct Fetcher {
    sources: Vec<crate::fetch::Source>,
    into: Option<PathBuf>,
    delay: std::time::Duration,
    limits: crate::fetch::Limits,
    cancel: Option<Arc<AtomicBool>>,
    generation: u64,
}

impl Fetcher {
    fn new(config: &Config) -> Fetcher {
        Fetcher {
            sources: config.sources.clone(),
            into: config
                .fetch
                .into
                .clone()
                .or_else(|| crate::config::default_into(&config.library)),
            delay: config.fetch.delay,
            limits: config.fetch.limits,
            cancel: None,
            generation: 0,
        }
    }

    fn start(&mut self, tx: &mpsc::Sender<Wake>) {
        self.stop();
        self.generation += 1;
        let generation = self.generation;
        let done = |text: String| {
            let _ = tx.send(Wake::FetchDone {
                generation,
                text,
                error: true,
            });
        };
        if self.sources.is_empty() {
            return done(
                "no sources to fetch: add [[sources]] to config.toml (docs/FETCH.md)".to_owned(),
            );
        }
        let Some(into) = self.into.clone() else {
            return done("no folder to fetch into: set [fetch] into in config.toml".to_owned());
        };
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancel = Some(Arc::clone(&cancel));
        let sources = self.sources.clone();
        let today = jiff::ZonedDateTime::now().date();
        let request = crate::cli::fetch::FetchRequest {
            names: Vec::new(),
            dates: None,
            today,
            into,
            delay: self.delay,
            limits: self.limits,
            force: false,
        };
        let tx = tx.clone();
        std::thread::spawn(move || {
            let chosen: Vec<&crate::fetch::Source> = sources.iter().collect();
            let summary = crate::cli::fetch::fetch_all(
                &chosen,
                &request,
                &mut |name, progress| {
                    let wake = match progress {
                        crate::fetch::Progress::Written { path } => {
                            Wake::FetchLanded { generation, path }
                        }
                        progress @ crate::fetch::Progress::Articles { .. } => Wake::FetchProgress {
                            generation,
                            text: format!(
                                "fetching {name}: {}",
                                crate::cli::fetch::progress_text(&progress)
                            ),
                        },
                        crate::fetch::Progress::Notice { text } => Wake::FetchProgress {
                            generation,
                            text: format!("fetching {name}: {text}"),
                        },
                        crate::fetch::Progress::Request { .. }
                        | crate::fetch::Progress::Retry { .. } => return,
                    };
                    let _ = tx.send(wake);
                },
                &cancel,
            );
            if let Some(log) = crate::cli::fetch::FetchLog::default_path() {
                crate::cli::fetch::FetchLog::record(&log, &summary);
            }
            let failed = summary.sources.iter().any(|s| s.failed);
            let text = summary.status_line();
            let _ = tx.send(Wake::FetchDone {
                generation,
                text,
                error: failed,
            });
        });
    }

    fn stop(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// Reads terminal input on its own thread and hands it to the loop, so the loop can block on one
/// channel for input and background work alike (no polling, no tick).
fn spawn_input(tx: mpsc::Sender<Wake>) {
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(event) => {
                    if tx.send(Wake::Input(event)).is_err() {
                        return;
                    }
                }
                Err(err) => {
                    let _ = tx.send(Wake::InputClosed(err.to_string()));
                    return;
                }
            }
        }
    });
}

/// What the loop works with besides the app.
struct Session<'a> {
    terminal: &'a mut DefaultTerminal,
    look: Look<'a>,
    stores: &'a mut Stores,
    searcher: Searcher,
    fetcher: Fetcher,
    indexer: indexer::Indexer,
    /// `None` with pictures off.
    pictures: Option<worker::Worker>,
    tx: mpsc::Sender<Wake>,
    term: &'a Term,
    /// Characters typed into the open prompt and not yet given to the app: a flood of keys (a
    /// paste into a terminal without bracketed paste) goes in at once, not a key at a time.
    typed: String,
    ending: Ending,
}

impl Session<'_> {
    /// Runs until the user quits or a signal ends the reader. Everything queued by the time the
    /// loop wakes is applied before the one redraw that follows, so input that comes faster than
    /// frames can be drawn costs a frame per batch, not a frame per key.
    fn run(&mut self, app: &mut App, rx: &mpsc::Receiver<Wake>) -> anyhow::Result<Ending> {
        spawn_input(self.tx.clone());
        // The pictures in view at start: asked for now, drawn when ready (the first frame
        // shows their places).
        self.perform(app)?;
        let mut dirty = true;
        let mut first_frame = true;
        while !app.quit {
            if dirty {
                self.draw(app)?;
            }
            if first_frame {
                // The index follows the library, once the reader is on the screen.
                first_frame = false;
                self.start_indexer(app);
            }
            // Blocks: an idle reader uses no CPU.
            let Ok(mut wake) = rx.recv() else { break };
            dirty = false;
            loop {
                dirty |= self.handle(app, wake)?;
                if app.quit {
                    break;
                }
                match rx.try_recv() {
                    Ok(next) => wake = next,
                    Err(_) => break,
                }
            }
            self.apply_typed(app)?;
        }
        self.searcher.stop();
        self.fetcher.stop();
        self.indexer.stop();
        Ok(self.ending)
    }

    /// Brings the index up to date in the background; the counts it holds go to the library.
    fn start_indexer(&mut self, app: &App) {
        let tx = self.tx.clone();
        let told = std::sync::Mutex::new(self.tx.clone());
        self.indexer.start(
            app.library.search_sources().0,
            move |counts| {
                let _ = tx.send(Wake::Counts(counts));
            },
            move |progress| {
                if let Ok(tx) = told.lock() {
                    let _ = tx.send(Wake::Indexing(progress));
                }
            },
        );
    }

    fn draw(&mut self, app: &App) -> anyhow::Result<()> {
        let _out = self.term.lock();
        let look = self.look;
        self.terminal
            .draw(|frame| ui::render(app, look, frame))
            .context("drawing")?;
        Ok(())
    }

    /// Applies one wake; returns whether the screen may have changed.
    fn handle(&mut self, app: &mut App, wake: Wake) -> anyhow::Result<bool> {
        let action = match &wake {
            Wake::Input(event) => map_event(app, self.look.keymap, event),
            _ => None,
        };
        if let Some(Action::Input(c)) = action {
            self.typed.push(c);
            return Ok(true);
        }
        self.apply_typed(app)?;
        Ok(match wake {
            // Into the open prompt at once; with none open a paste does nothing.
            Wake::Input(Event::Paste(text)) => {
                app.insert(&text);
                self.perform(app)?;
                app.prompt.is_some()
            }
            Wake::Input(_) => match action {
                Some(action) => {
                    self.stores.catch_up(app);
                    self.apply(app, action)?;
                    true
                }
                None => false,
            },
            Wake::Signal(signal) => {
                // The normal quit: the place is saved, then `run` restores and flushes.
                self.ending = Ending::Signal(signal);
                self.apply(app, Action::Quit)?;
                true
            }
            Wake::Redraw => {
                self.redraw_all(app)?;
                true
            }
            Wake::InputClosed(err) => bail!("reading input: {err}"),
            wake => self.background(app, wake),
        })
    }

    /// Gives the app the characters typed since the last time, in one piece, and performs
    /// what they ask for (a library search typed live).
    fn apply_typed(&mut self, app: &mut App) -> anyhow::Result<()> {
        if !self.typed.is_empty() {
            app.insert(&self.typed);
            self.typed.clear();
            self.perform(app)?;
        }
        Ok(())
    }

    /// Applies an action and performs the work it asks for.
    fn apply(&mut self, app: &mut App, action: Action) -> anyhow::Result<()> {
        app.update(action);
        self.perform(app)
    }

    /// Performs the work the app asked for.
    fn perform(&mut self, app: &mut App) -> anyhow::Result<()> {
        let mut bookmarks_changed = false;
        for effect in app.take_effects() {
            match effect {
                Effect::SearchLibrary { query } => {
                    if let Err(message) = self.searcher.start(app, &query, &self.tx) {
                        app.library_search_refused(message);
                    }
                }
                Effect::CancelSearch => self.searcher.stop(),
                Effect::StartFetch => self.fetcher.start(&self.tx),
                Effect::CancelFetch => self.fetcher.stop(),
                Effect::LoadPicture(key) => {
                    if let Some(worker) = &self.pictures {
                        worker.request(worker::Request { key: *key });
                    }
                }
                Effect::Suspend => self.suspend(app)?,
                Effect::Copy { text } => app.handed_off(copy(&text)),
                Effect::OpenLink { link } => app.handed_off(
                    handoff::open_link(Some(&link), &Surroundings::current())
                        .map(|program| format!("opened in {program}"))
                        .map_err(|err| err.to_string()),
                ),
                effect => bookmarks_changed |= self.stores.apply(app, effect),
            }
        }
        if bookmarks_changed {
            app.set_bookmarks(self.stores.bookmarks.list().into_iter().cloned().collect());
        }
        self.stores.note_seen();
        Ok(())
    }

    /// Ctrl-z: stops as a shell job when a shell can bring kanbao back, else says why not.
    fn suspend(&mut self, app: &mut App) -> anyhow::Result<()> {
        if !term::job_control() {
            app.suspend_refused();
            return Ok(());
        }
        self.term.suspend();
        self.redraw_all(app)
    }

    /// After the terminal was taken again: the screen may show anything, so all of it is drawn
    /// anew; and a stopped process hears of no resize, so the size is read again.
    fn redraw_all(&mut self, app: &mut App) -> anyhow::Result<()> {
        let size = self.terminal.size().context("reading the terminal size")?;
        {
            let _out = self.term.lock();
            // For a full-screen terminal this clears the screen and forgets the last frame, and
            // unlike `clear` it asks the terminal nothing (the input thread would take the answer).
            let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
            self.terminal.resize(area).context("clearing the screen")?;
        }
        if (size.width, size.height) != (app.cols, app.rows) {
            self.apply(app, Action::Resize(size.width, size.height))?;
        }
        Ok(())
    }

    /// News from a background search or fetch; returns whether it is shown.
    fn background(&mut self, app: &mut App, wake: Wake) -> bool {
        match wake {
            Wake::SearchHits {
                generation,
                hits,
                index,
            } => {
                let current = generation == self.searcher.generation;
                if current {
                    app.library_results(app_hits(hits, &index));
                }
                current
            }
            Wake::SearchDone {
                generation,
                problems,
            } => {
                let current = generation == self.searcher.generation;
                if current {
                    self.searcher.cancel = None;
                    app.library_search_done(problems);
                }
                current
            }
            Wake::FetchProgress { generation, text } => {
                let current = generation == self.fetcher.generation;
                if current {
                    app.fetch_progress(text);
                }
                current
            }
            Wake::FetchLanded { generation, path } => {
                // An edition written is on disk whether or not the fetch was stopped since.
                let _ = generation;
                app.fetch_landed(&path);
                true
            }
            Wake::FetchDone {
                generation,
                text,
                error,
            } => {
                let current = generation == self.fetcher.generation;
                if current {
                    self.fetcher.cancel = None;
                    app.fetch_done(text, error);
                }
                // What landed goes into the index too.
                self.start_indexer(app);
                current
            }
            Wake::Picture(done) => {
                app.picture_done(done);
                true
            }
            Wake::Indexing(progress) => {
                app.indexing = progress;
                true
            }
            Wake::Counts(counts) => {
                app.set_edition_counts(counts);
                matches!(app.overlay, Some(crate::app::Overlay::Library { .. }))
            }
            Wake::Input(_) | Wake::Signal(_) | Wake::Redraw | Wake::InputClosed(_) => false,
        }
    }
}

/// Maps a terminal event to an action. Key releases are dropped; while a prompt is open,
/// characters are text, not commands. A paste is no action: the loop hands it to
/// [`App::insert`], so pasted text never becomes commands.
pub fn map_event(app: &App, keymap: &Keymap, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => map_key(app, keymap, key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(mouse.column, mouse.row)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(mouse.column, mouse.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(mouse.column, mouse.row, -1)),
            _ => None,
        },
        Event::Resize(cols, rows) => Some(Action::Resize(*cols, *rows)),
        _ => None,
    }
}

/// A key in the open prompt: text, Enter, Esc, and readline's editing keys.
fn prompt_key(key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let edit = |e: Edit| Some(Action::Edit(e));
    match key.code {
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'a' => edit(Edit::Home),
            'e' => edit(Edit::End),
            'b' => edit(Edit::Left),
            'f' => edit(Edit::Right),
            'd' => edit(Edit::DeleteForward),
            'h' => Some(Action::DeleteChar),
            'u' => edit(Edit::KillToStart),
            'k' => edit(Edit::KillToEnd),
            'w' => edit(Edit::DeleteWord),
            'p' => edit(Edit::HistoryPrev),
            'n' => edit(Edit::HistoryNext),
            _ => None,
        },
        KeyCode::Char(c) if alt => match c.to_ascii_lowercase() {
            'b' => edit(Edit::WordLeft),
            'f' => edit(Edit::WordRight),
            _ => None,
        },
        KeyCode::Char(c) => Some(Action::Input(c)),
        KeyCode::Backspace if alt || ctrl => edit(Edit::DeleteWord),
        KeyCode::Backspace => Some(Action::DeleteChar),
        KeyCode::Delete => edit(Edit::DeleteForward),
        KeyCode::Left if ctrl || alt => edit(Edit::WordLeft),
        KeyCode::Right if ctrl || alt => edit(Edit::WordRight),
        KeyCode::Left => edit(Edit::Left),
        KeyCode::Right => edit(Edit::Right),
        KeyCode::Home => edit(Edit::Home),
        KeyCode::End => edit(Edit::End),
        KeyCode::Tab => edit(Edit::Complete),
        KeyCode::Up => edit(Edit::HistoryPrev),
        KeyCode::Down => edit(Edit::HistoryNext),
        KeyCode::Enter => Some(Action::Open),
        KeyCode::Esc => Some(Action::Back),
        _ => None,
    }
}

fn map_key(app: &App, keymap: &Keymap, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
        return Some(Action::Quit);
    }
    // Like Ctrl-c, in every view and prompt: raw mode turns the terminal's Ctrl-z into a key.
    if ctrl && matches!(key.code, KeyCode::Char('z' | 'Z')) {
        return Some(Action::Suspend);
    }
    if app.prompt.is_some() {
        return prompt_key(key);
    }
    keymap.action_for(key).or(match key.code {
        // An unbound digit starts a count (`5j`).
        KeyCode::Char(c @ '0'..='9')
            if key.modifiers.difference(KeyModifiers::SHIFT).is_empty() =>
        {
            c.to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .map(Action::Digit)
        }
        _ => None,
    })
}
