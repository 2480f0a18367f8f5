//! Whole screens drawn with ratatui's TestBackend at fixed sizes, driven through `update`, and
//! compared with reviewed snapshots: headlines, pages, reader at the top and mid-article, find
//! with highlights, library, help. Monochrome theme, so the snapshots show text and layout.

use std::path::Path;

use kanbao::app::{Action, App, Overlay};
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
    drawn(app).1
}

/// Draws the app on a test terminal of its size, monochrome: the frame as drawn (its cells keep
/// their skip marks) and the screen after ratatui's diff reached the terminal.
fn drawn(app: &App) -> (ratatui::buffer::Buffer, ratatui::buffer::Buffer) {
    let config = Config::default();
    let theme = config.theme_for(true);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut terminal =
        Terminal::new(TestBackend::new(app.cols, app.rows)).expect("a test terminal");
    let mut frame = None;
    terminal
        .draw(|f| {
            ui::render(app, look, f);
            frame = Some(f.buffer_mut().clone());
        })
        .expect("drawn");
    (frame.expect("a frame"), terminal.backend().buffer().clone())
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
            // Past the gazette's paper and month headings to its edition.
            &[
                Action::ShowLibrary,
                Action::Digit(3),
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
        // The last row of the library: 许昌周末's edition.
        &[
            Action::ShowLibrary,
            Action::Bottom,
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

/// On a narrow screen a result's snippet gives up the context before its match, not the match.
#[test]
fn a_results_match_stays_in_view_on_a_narrow_screen() {
    let mut a = app(40, 20);
    run(&mut a, &[Action::Search]);
    typed(&mut a, "两癌筛查");
    run(&mut a, &[Action::Open]);
    let s = screen(&a);
    let snippet = s
        .lines()
        .find(|line| line.contains('…') && !line.contains("第"))
        .unwrap_or_else(|| panic!("a snippet line:\n{s}"));
    assert!(snippet.contains("两癌筛查"), "{s}");
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
    // 995 characters, then the end: a prompt holds at most 1000, as a query may, and
    // what comes after is cut off.
    let head = format!("{}pasted\ttext", "pasted\ttext\r\n".repeat(82));
    a.insert(&format!("{head}救助END{}", "cut off ".repeat(1000)));
    let s = screen(&a);
    let prompt = s.lines().last().unwrap_or("");
    assert!(
        prompt.ends_with("pasted text pasted text救助END▏"),
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

/// Columns a row takes on a terminal that draws ambiguous characters two wide: each drawn
/// cluster by the wide measure, the cells it covers (a Han character's second cell, the skipped
/// cell after a wide-drawn “) not again.
fn wide_terminal_row_cols(buf: &ratatui::buffer::Buffer, y: u16) -> usize {
    use kanbao::typeset::Ambiguous;
    use ratatui::buffer::CellDiffOption;
    let mut cols = 0;
    let mut covered = 0;
    for x in 0..buf.area.width {
        let cell = &buf[(x, y)];
        if covered > 0 {
            covered -= 1;
            continue;
        }
        if cell.diff_option == CellDiffOption::Skip {
            continue;
        }
        let symbol = cell.symbol();
        cols += Ambiguous::Wide.cluster_cols(symbol);
        covered = symbol.width().saturating_sub(1);
    }
    cols
}

fn wide_app(cols: u16, rows: u16, amb: kanbao::typeset::Ambiguous) -> App {
    let editions = Path::new(env!("CARGO_MANIFEST_DIR")).join("editions");
    let mut options = kanbao::tui::options_from(&Config::default());
    options.ambiguous = amb;
    App::new(Library::load(&[editions]), options, cols, rows)
}

#[test]
fn a_terminal_that_draws_quotes_wide_gets_rows_that_fit_it() {
    use kanbao::typeset::Ambiguous;
    // The sample's second story is full of “ ” and ……, in its headline and its text.
    let open = [Action::MoveDown, Action::MoveDown, Action::Open];
    for (cols, rows) in [(80, 24), (120, 40), (40, 20)] {
        let mut wide = wide_app(cols, rows, Ambiguous::Wide);
        run(&mut wide, &open);
        let buf = drawn(&wide).0;
        for y in 0..rows {
            let used = wide_terminal_row_cols(&buf, y);
            assert!(
                used <= usize::from(cols),
                "row {y} takes {used} of {cols} columns:\n{}",
                screen(&wide)
            );
        }
        // The same screen set for a narrow terminal would run past the edge of a wide one.
        let mut narrow = wide_app(cols, rows, Ambiguous::Narrow);
        run(&mut narrow, &open);
        let buf = drawn(&narrow).0;
        assert!(
            (0..rows).any(|y| wide_terminal_row_cols(&buf, y) > usize::from(cols)),
            "{cols}x{rows}: the test must see a difference"
        );
    }
    let mut wide = wide_app(80, 24, Ambiguous::Wide);
    run(&mut wide, &open);
    insta::assert_snapshot!("reader_ambiguous_wide_80x24", screen(&wide));
}

#[test]
fn newspaper_columns_on_wide_terminals() {
    // The third entry's story: header across the spread, the text in columns.
    let open = [Action::MoveDown, Action::MoveDown, Action::Open];
    for (cols, rows) in [(200, 50), (240, 60)] {
        let mut a = app(cols, rows);
        run(&mut a, &open);
        let spread = a.spread();
        assert!(spread.count >= 2, "{cols}x{rows}: {spread:?}");
        insta::assert_snapshot!(format!("reader_columns_top_{cols}x{rows}"), screen(&a));
    }
    // A short terminal: the story takes more than one spread, and paging turns a whole one.
    let mut a = app(240, 12);
    run(&mut a, &open);
    insta::assert_snapshot!("reader_columns_top_240x12", screen(&a));
    run(&mut a, &[Action::PageDown]);
    insta::assert_snapshot!("reader_columns_next_spread_240x12", screen(&a));
}

/// The headline view and the reading view of a two-page edition at the four sizes a daily
/// reader uses: while reading, the article gets its measure (80 columns) whenever the terminal
/// is that wide, the pages pane is as wide as its labels, the headline list keeps 24 columns.
#[test]
fn headline_and_reading_views_at_four_sizes() {
    for (cols, rows) in [(80, 24), (120, 40), (160, 45), (240, 60)] {
        let mut a = app(cols, rows);
        run(&mut a, &[Action::ShowLibrary, Action::Bottom, Action::Open]);
        insta::assert_snapshot!(format!("daily_headlines_{cols}x{rows}"), screen(&a));
        run(&mut a, &[Action::Open]);
        let reader = a.panes().reader.expect("a reading pane");
        assert!(
            reader.width >= 82 || reader.width == cols,
            "{cols}x{rows}: the article is {} columns",
            reader.width
        );
        if let Some(list) = a.panes().headlines {
            assert!(list.width >= 24, "{cols}x{rows}: list {}", list.width);
        }
        insta::assert_snapshot!(format!("daily_reading_{cols}x{rows}"), screen(&a));
        run(&mut a, &[Action::ToggleFullWidth]);
        assert_eq!(
            a.panes().reader.map(|r| r.width),
            Some(cols),
            "z: the article alone"
        );
    }
}

/// The help says first what the keys do in the view it was opened from.
#[test]
fn the_help_names_the_keys_of_the_view_under_it() {
    let cases: [(&[Action], &str, &str); 3] = [
        (
            &[Action::ShowHelp],
            "in the headline list",
            "filter the headlines",
        ),
        (
            &[Action::ShowLibrary, Action::ShowHelp],
            "in the library",
            "open the edition",
        ),
        (
            &[Action::Open, Action::ShowHelp],
            "reading an article",
            "close the article",
        ),
    ];
    for (actions, view, line) in cases {
        let mut a = app(100, 30);
        run(&mut a, actions);
        let shown = screen(&a);
        assert!(
            shown.contains(view) && shown.contains(line),
            "{view}:\n{shown}"
        );
    }
}

#[test]
fn the_background_index_update_shows_its_progress() {
    let mut a = app(120, 30);
    a.indexing = Some((12, 400));
    let s = screen(&a);
    let last = s.lines().last().unwrap_or("");
    assert!(last.trim_end().ends_with("索引 12/400"), "{last}");
    assert!(last.contains("? help"), "the hints stay: {last}");
    // A narrow terminal keeps its hints and drops the note.
    let mut narrow = app(40, 15);
    narrow.indexing = Some((12, 400));
    let s = screen(&narrow);
    assert!(!s.contains("索引"), "{s}");
    a.indexing = None;
    assert!(!screen(&a).contains("索引"));
}

/// An edition the library knows only by its file (discovered, not parsed) shows its counts from
/// the index in its paper's language, and a folded month counts its editions.
#[test]
fn library_rows_of_editions_not_parsed_yet_read_in_their_papers_language() {
    let dir = tempfile::tempdir().expect("a temp library");
    for date in ["2023-01-30", "2023-02-27", "2023-02-28"] {
        // No language in the front matter: only parsing the text would tell.
        let text = format!(
            "+++\npaper = \"许昌日报\"\ndate = {date}\n+++\n\n+++\npage = 1\n+++\n\n\
             # 头版文章\n\n本报讯 正文。\n"
        );
        std::fs::write(dir.path().join(format!("daily-{date}.md")), text).expect("written");
    }
    let config = Config::default();
    let mut a = App::new(
        Library::discover(&[dir.path().to_owned()]),
        kanbao::tui::options_from(&config),
        80,
        24,
    );
    let not_parsed = a
        .library
        .position("daily-2023-02-27")
        .expect("the 27th is discovered");
    assert!(!a.library.is_loaded(not_parsed));
    a.set_edition_counts([("daily-2023-02-27".to_owned(), (4, 72))]);
    run(&mut a, &[Action::ShowLibrary]);
    let shown = screen(&a);
    assert!(
        shown.contains("2023-02-27  4版 72篇 未读72  许昌日报"),
        "{shown}"
    );
    assert!(shown.contains("▸ 2023年1月 · 1期"), "{shown}");
}

/// Where `text` is drawn on the screen: (column, row) of its first character.
fn find_on_screen(app: &App, text: &str) -> Option<(u16, u16)> {
    screen(app).lines().enumerate().find_map(|(row, line)| {
        let at = line.find(text)?;
        let col = line[..at].width();
        Some((u16::try_from(col).ok()?, u16::try_from(row).ok()?))
    })
}

/// The lists over the panes answer the mouse as the headline list does: a click on a row of
/// the library opens that edition (on a paper's heading, folds it); a click on a search result
/// opens that article; a click outside the list closes it. Positions come from what is drawn.
#[test]
fn clicks_on_the_library_and_the_results_open_what_is_drawn_there() {
    for (cols, rows) in [(120, 40), (80, 24), (40, 20)] {
        let mut app = app(cols, rows);
        run(&mut app, &[Action::ShowLibrary]);
        let (col, row) = find_on_screen(&app, "2023-02-25").expect("the weekend edition's row");
        app.update(Action::Click(col, row));
        assert!(app.overlay.is_none(), "{cols}x{rows}: the library closed");
        assert_eq!(
            app.current_edition()
                .and_then(|e| e.date.clone())
                .as_deref(),
            Some("2023-02-25"),
            "{cols}x{rows}: the clicked edition is open"
        );
        // A paper's heading folds on a click, as Enter folds it.
        run(&mut app, &[Action::ShowLibrary]);
        let folded_before = screen(&app).matches('▸').count();
        let (col, row) = find_on_screen(&app, "▾").expect("an open heading");
        app.update(Action::Click(col, row));
        assert!(
            app.overlay.is_some(),
            "{cols}x{rows}: a heading keeps the library"
        );
        assert_eq!(
            screen(&app).matches('▸').count(),
            folded_before + 1,
            "{cols}x{rows}: the heading folded"
        );
        // Outside the list: closed.
        app.update(Action::Click(0, rows - 1));
        assert!(
            app.overlay.is_none(),
            "{cols}x{rows}: a click outside closes it"
        );
        // An edition's full-text results: a click on the last one drawn opens it.
        let mut app = self::app(cols, rows);
        run(&mut app, &[Action::Search]);
        typed(&mut app, "群众");
        run(&mut app, &[Action::Open]);
        let Some(Overlay::Results { hits, .. }) = &app.overlay else {
            panic!("{cols}x{rows}: results, got {:?}", app.overlay);
        };
        assert!(hits.len() >= 2, "{cols}x{rows}: {} results", hits.len());
        let screen_now = screen(&app);
        let shown = hits
            .iter()
            .rev()
            // `第1版 · 探索建立…`: the headline part tells the results apart.
            .map(|h| {
                let headline = h.title.rsplit(" · ").next().unwrap_or(&h.title);
                headline.chars().take(6).collect::<String>()
            })
            .find(|start| screen_now.contains(start.as_str()))
            .expect("a result drawn");
        let (col, row) = find_on_screen(&app, &shown).expect("drawn");
        app.update(Action::Click(col, row));
        assert!(
            app.selected_item()
                .is_some_and(|i| i.title().starts_with(shown.as_str())),
            "{cols}x{rows}: opened {:?}, clicked {shown}",
            app.selected_item().map(kanbao::edition::Item::title)
        );
    }
}
