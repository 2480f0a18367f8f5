//! Start-up and memory of the reader on an archive, measured in process:
//! `cargo run --release --example archive-probe -- DIR [EDITIONS_TO_OPEN]`.
//!
//! Prints the time to discover the library and draw the first frame at 200×60 (what `kanbao`
//! does before the first screen appears), then opens editions one after another as a reader
//! moving through the archive would, and prints the peak resident memory (VmHWM).

use std::time::Instant;

use kanbao::app::{Action, App};
use kanbao::config::Config;
use kanbao::library::Library;
use kanbao::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: archive-probe DIR [EDITIONS_TO_OPEN]")?;
    let to_open: usize = args.next().map_or(Ok(200), |n| n.parse())?;
    let config = Config::default();
    let theme = config.theme_for(false);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;

    // With KANBAO_PROBE_CACHE=FILE, discovery uses (and fills) that metadata cache.
    let cache_path = std::env::var_os("KANBAO_PROBE_CACHE").map(std::path::PathBuf::from);
    let mut cache = cache_path
        .as_deref()
        .map(kanbao::library::cache::MetaCache::open);
    let start = Instant::now();
    let library = Library::discover_cached(&[dir.into()], cache.as_mut());
    let discovered = start.elapsed();
    let mut app = App::new(library, kanbao::tui::options_from(&config), 200, 60);
    terminal.draw(|f| ui::render(&app, look, f))?;
    let first_frame = start.elapsed();
    writeln!(out, "editions: {}", app.library.editions.len())?;
    writeln!(
        out,
        "discovery: {discovered:?}; first frame: {first_frame:?}"
    )?;

    // Browse: the library view, down one edition, open it, read a page, again.
    let start = Instant::now();
    for _ in 0..to_open {
        for action in [
            Action::ShowLibrary,
            Action::MoveDown,
            Action::Open,
            Action::Open,
            Action::PageDown,
        ] {
            app.update(action);
        }
        terminal.draw(|f| ui::render(&app, look, f))?;
        app.update(Action::ShowLibrary);
        app.update(Action::Back);
    }
    let per_edition = start.elapsed() / u32::try_from(to_open.max(1))?;
    writeln!(
        out,
        "opened {to_open} editions, {per_edition:?} each (open, read, draw)"
    )?;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
    {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
