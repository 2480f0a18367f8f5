//! Whole screens drawn with ratatui's TestBackend at fixed sizes, driven through `update`, and
//! compared with reviewed snapshots: headlines, pages, reader at the top and mid-article, find
//! with highlights, library, help. Monochrome theme, so the snapshots show text and layout.

use std::path::Path;

use kanbao::app::{Action, App};
use kanbao::config::Config;
use kanbao::library::Library;
use kanbao::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

fn app(cols: u16, rows: u16) -> App {
    let editions = Path::new(env!("CARGO_MANIFEST_DIR")).join("editions");
    let config = Config::default();
    App::new(
        Library::load(&[editions]),
        kanbao::tui::options_from(&config),
        cols,
        rows,
    )
}

fn run(app: &mut App, actions: &[Action]) {
    for &a in actions {
        app.update(a);
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

/// The screen as text, one line per row, wide characters counted once.
fn screen(app: &App) -> String {
    let buf = draw(app);
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Draws the app on a test terminal of its size, monochrome.
fn draw(app: &App) -> ratatui::buffer::Buffer {
    let config = Config::default();
    let theme = config.theme_for(true);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut terminal =
        Terminal::new(TestBackend::new(app.cols, app.rows)).expect("a test terminal");
    terminal.draw(|f| ui::render(app, look, f)).expect("drawn");
    terminal.backend().buffer().clone()
}

/// Text drawn underlined or reversed (search highlights in the monochrome theme), run by run.
fn highlighted_runs(app: &App) -> Vec<String> {
    use ratatui::style::Modifier;
    let buf = draw(app);
    let reader = app.panes().reader.expect("a reader pane");
    let mut runs = Vec::new();
    for y in reader.y + 1..reader.y + reader.height - 1 {
        let mut run = String::new();
        for x in reader.x + 1..reader.x + reader.width - 1 {
            let cell = &buf[(x, y)];
            let marked = cell
                .modifier
                .intersects(Modifier::UNDERLINED | Modifier::REVERSED)
                && !cell.symbol().trim().is_empty();
            if marked {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 20)];

#[test]
fn headlines_at_three_sizes() {
    for (cols, rows) in SIZES {
        let app = app(cols, rows);
        insta::assert_snapshot!(format!("headlines_{cols}x{rows}"), screen(&app));
    }
}

#[test]
fn pages_list() {
    for (cols, rows) in [(80, 24), (40, 20)] {
        let mut a = app(cols, rows);
        run(
            &mut a,
            &[
                Action::ShowLibrary,
                Action::MoveDown,
                Action::Open,
                Action::Back,
            ],
        );
        insta::assert_snapshot!(format!("pages_{cols}x{rows}"), screen(&a));
    }
}

#[test]
fn reader_at_the_top_and_mid_article() {
    for (cols, rows) in SIZES {
        let mut a = app(cols, rows);
        run(
            &mut a,
            &[
                Action::MoveDown,
                Action::MoveDown,
                Action::MoveDown,
                Action::MoveDown,
                Action::Open,
            ],
        );
        insta::assert_snapshot!(format!("reader_top_{cols}x{rows}"), screen(&a));
        run(&mut a, &[Action::PageDown, Action::PageDown]);
        insta::assert_snapshot!(format!("reader_mid_{cols}x{rows}"), screen(&a));
    }
}

#[test]
fn continuation_link_in_the_reader() {
    let mut a = app(80, 24);
    run(
        &mut a,
        &[
            Action::ShowLibrary,
            Action::MoveDown,
            Action::MoveDown,
            Action::Open,
            Action::Open,
            Action::MoveDown,
            Action::MoveDown,
            Action::MoveDown,
        ],
    );
    insta::assert_snapshot!("continuation_80x24", screen(&a));
}

#[test]
fn find_with_highlights() {
    let mut a = app(80, 24);
    run(&mut a, &[Action::MoveDown, Action::Open, Action::Search]);
    typed(&mut a, "救助");
    run(&mut a, &[Action::Open]);
    let s = screen(&a);
    assert!(s.contains("match 1 of"), "{s}");
    // Every highlighted run on screen reads 救助 (a run may be split by a line break).
    let runs = highlighted_runs(&a);
    assert!(!runs.is_empty());
    let joined: String = runs.concat();
    assert_eq!(joined.replace("救助", ""), "", "highlights: {runs:?}");
    insta::assert_snapshot!("find_80x24", s);
}

#[test]
fn filter_and_full_text_results() {
    let mut a = app(80, 24);
    run(&mut a, &[Action::Search]);
    typed(&mut a, "清廉");
    insta::assert_snapshot!("filter_80x24", screen(&a));
    run(&mut a, &[Action::Back, Action::Search]);
    // Only in an article's body: Enter searches the edition's whole text.
    typed(&mut a, "两癌筛查");
    run(&mut a, &[Action::Open]);
    let s = screen(&a);
    assert!(s.contains("'两癌筛查' · 1 article "), "{s}");
    insta::assert_snapshot!("results_80x24", s);
}

#[test]
fn library_and_help_overlays() {
    for (cols, rows) in [(80, 24), (40, 20)] {
        let mut a = app(cols, rows);
        run(&mut a, &[Action::ShowLibrary]);
        insta::assert_snapshot!(format!("library_{cols}x{rows}"), screen(&a));
        run(&mut a, &[Action::Back, Action::ShowHelp]);
        insta::assert_snapshot!(format!("help_{cols}x{rows}"), screen(&a));
    }
    // The end of the help: the fixed keys (Ctrl-c, Ctrl-z) and the mouse.
    let mut a = app(80, 24);
    run(
        &mut a,
        &[Action::ShowHelp, Action::PageDown, Action::PageDown],
    );
    insta::assert_snapshot!("help_end_80x24", screen(&a));
}

#[test]
fn a_long_paste_keeps_its_end_in_view_in_the_prompt() {
    let mut a = app(80, 24);
    run(&mut a, &[Action::Search]);
    a.insert(&format!("{}救助END", "pasted\ttext\r\n".repeat(10_000)));
    let s = screen(&a);
    let prompt = s.lines().last().unwrap_or("");
    assert!(
        prompt.ends_with("pasted text pasted text 救助END▏"),
        "{prompt}"
    );
    assert!(prompt.width() <= 80);
}

#[test]
fn too_small_and_empty_terminals() {
    for (cols, rows) in [(19, 5), (1, 1), (0, 0), (300, 2)] {
        let a = app(cols, rows);
        let s = screen(&a);
        if cols >= 18 && rows >= 1 {
            assert!(s.contains("terminal too small"), "{cols}x{rows}: {s}");
        }
    }
}

#[test]
fn bookmarks_overlay() {
    use kanbao::store::{Bookmark, SavedPosition};
    let mut a = app(80, 24);
    let edition = a.library.editions[a.edition].clone();
    let page = &edition.pages[0];
    let mut noted = Bookmark::new(&edition, page, &page.items[8], SavedPosition::default());
    noted.note = Some("移风易俗的好例子".to_owned());
    let plain = Bookmark::new(&edition, page, &page.items[1], SavedPosition::default());
    a.set_bookmarks(vec![noted, plain]);
    run(&mut a, &[Action::ShowBookmarks]);
    insta::assert_snapshot!("bookmarks_80x24", screen(&a));
}
