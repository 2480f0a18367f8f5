//! What the e-paper fetch tests share: the fixtures in `tests/fixtures/epaper`, fetch options
//! for a loopback server (no delay, short timeouts, no retries), loading what was fetched, and
//! the reader's first screen on it.

use std::path::Path;
use std::time::Duration;

use kanbao::edition::Edition;
use kanbao::fetch::FetchOptions;
use kanbao::library::Library;

/// The text of `tests/fixtures/epaper/<path>`.
pub fn fixture(path: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/epaper")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

/// Options for fetching from 127.0.0.1 into `into`: no delay, 2 s to connect, `read` to read,
/// no retries.
pub fn options(into: &Path, read: Duration) -> FetchOptions {
    FetchOptions {
        into: into.to_owned(),
        delay: Duration::ZERO,
        connect_timeout: Duration::from_secs(2),
        read_timeout: read,
        retries: 0,
        retry_backoff: Duration::from_millis(10),
        ..FetchOptions::default()
    }
}

/// [`options`] with 3 s to read and two retries, for tests of what a retry does.
pub fn retrying_options(into: &Path) -> FetchOptions {
    FetchOptions {
        retries: 2,
        ..options(into, Duration::from_secs(3))
    }
}

/// The one edition fetched into `into`.
pub fn load(into: &Path) -> Edition {
    let library = Library::load(&[into.to_owned()]);
    assert_eq!(library.editions.len(), 1, "{:?}", library.diagnostics);
    library.editions.into_iter().next().expect("one edition")
}

/// The reader's first screen on the library at `dir`, monochrome, as text (a wide character
/// counted once).
pub fn screen_of(dir: &Path, cols: u16, rows: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let config = kanbao::config::Config::default();
    let app = kanbao::app::App::new(
        Library::load(&[dir.to_owned()]),
        kanbao::tui::options_from(&config),
        cols,
        rows,
    );
    let theme = config.theme_for(true);
    let look = kanbao::ui::Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(cols, rows))
        .expect("a test terminal");
    terminal
        .draw(|f| kanbao::ui::render(&app, look, f))
        .expect("drawn");
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..rows {
        let mut skip = 0;
        for x in 0..cols {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}
