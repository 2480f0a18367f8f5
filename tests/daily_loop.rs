//! The daily loop through `App::update`, as a newsboat, mutt or tig user expects it: views as a
//! stack (`q` and Esc close the view on top and return to the one below as it was, `Q` quits
//! from any), the prompt edited like readline with a history, read state (mark read / unread,
//! the page and the edition, next unread across pages and editions), and the article's room.

use std::path::{Path, PathBuf};

use kanbao::action::Edit;
use kanbao::app::story::ItemRef;
use kanbao::app::{Action, App, Effect, Focus, Hit, Overlay, PromptKind, ShelfRow};
use kanbao::library::Library;
use kanbao::typeset::Options;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn app_on(paths: &[PathBuf], cols: u16, rows: u16) -> App {
    App::new(Library::load(paths), Options::default(), cols, rows)
}

fn library(cols: u16, rows: u16) -> App {
    app_on(&[repo("editions")], cols, rows)
}

fn run(app: &mut App, actions: &[Action]) {
    for &action in actions {
        app.update(action);
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

fn headline(app: &App) -> String {
    app.selected_item()
        .map(|i| i.title().to_owned())
        .unwrap_or_default()
}

/// A library search for `park` answered with two results, as the loop would deliver them.
fn results_for_park(app: &mut App) {
    run(app, &[Action::ShowLibrary, Action::Search]);
    typed(app, "park");
    run(app, &[Action::Open]);
    let gazette = app
        .library
        .position("springfield-gazette-2023-02-27")
        .expect("the gazette");
    let hit = |page, item| {
        (
            Some("2023-02-27".to_owned()),
            Hit {
                at: ItemRef {
                    edition: gazette,
                    page,
                    item,
                },
                title: format!("gazette {page}/{item}"),
                zh: false,
                snippet: "the park".to_owned(),
                hit: 4..8,
            },
        )
    };
    app.library_results(vec![hit(0, 0), hit(1, 0)]);
    app.library_search_done(0);
}

fn results_selected(app: &App) -> Option<(String, usize, usize)> {
    match &app.overlay {
        Some(Overlay::Results {
            query,
            hits,
            selected,
            ..
        }) => Some((query.clone(), hits.len(), *selected)),
        _ => None,
    }
}

#[test]
fn a_result_opened_and_closed_shows_the_same_results_with_the_same_one_selected() {
    for close in [Action::Back, Action::Close] {
        let mut app = library(120, 40);
        results_for_park(&mut app);
        run(&mut app, &[Action::MoveDown, Action::Open]);
        assert_eq!(app.focus, Focus::Reader);
        assert!(app.overlay.is_none(), "the article is on top");
        // Reading on, then back: the results as they were.
        run(&mut app, &[Action::PageDown]);
        if close == Action::Back {
            // Esc clears the find highlighting the match first.
            run(&mut app, &[Action::Back]);
            assert_eq!(app.focus, Focus::Reader);
        }
        run(&mut app, &[close]);
        assert_eq!(
            results_selected(&app),
            Some(("park".to_owned(), 2, 1)),
            "{close:?}"
        );
        // Below the results, the library; below it, the edition.
        run(&mut app, &[close]);
        assert!(matches!(app.overlay, Some(Overlay::Library { .. })));
        run(&mut app, &[close]);
        assert!(app.overlay.is_none());
        assert!(!app.quit, "{close:?} closed views, it did not quit");
    }
}

#[test]
fn slash_in_the_results_edits_the_query_and_esc_keeps_them() {
    let mut app = library(120, 40);
    results_for_park(&mut app);
    run(&mut app, &[Action::MoveDown, Action::Search]);
    let prompt = app.prompt.as_ref().expect("a prompt");
    assert_eq!(
        (prompt.kind, prompt.input.as_str()),
        (PromptKind::Library, "park")
    );
    run(&mut app, &[Action::Back]);
    assert_eq!(results_selected(&app), Some(("park".to_owned(), 2, 1)));
    run(&mut app, &[Action::Search]);
    app.take_effects();
    typed(&mut app, " river");
    // The results follow the query as it is typed; Enter keeps them.
    assert!(app.take_effects().contains(&Effect::SearchLibrary {
        query: "park river".to_owned()
    }));
    run(&mut app, &[Action::Open]);
    assert_eq!(
        results_selected(&app),
        Some(("park river".to_owned(), 0, 0))
    );
    run(&mut app, &[Action::Close]);
    assert!(
        matches!(app.overlay, Some(Overlay::Library { .. })),
        "new results replace the old, over the same library"
    );
}

#[test]
fn q_closes_each_level_and_quits_only_at_the_bottom_and_capital_q_quits_anywhere() {
    // Help over the library over the edition: q walks back down.
    let mut app = library(120, 40);
    run(&mut app, &[Action::ShowLibrary, Action::MoveDown]);
    let left = app.overlay.clone();
    assert!(matches!(left, Some(Overlay::Library { .. })));
    run(&mut app, &[Action::ShowHelp]);
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    run(&mut app, &[Action::Close]);
    assert_eq!(app.overlay, left, "the library as it was left");
    run(&mut app, &[Action::Close]);
    assert!(app.overlay.is_none() && !app.quit);
    // An article: q back to the list, then q quits.
    run(&mut app, &[Action::Open]);
    assert_eq!(app.focus, Focus::Reader);
    run(&mut app, &[Action::Close]);
    assert_eq!(app.focus, Focus::Headlines);
    assert!(!app.quit);
    run(&mut app, &[Action::Close]);
    assert!(app.quit, "q at the bottom quits");
    // Q from every level quits at once.
    let levels: [&[Action]; 5] = [
        &[Action::ShowLibrary],
        &[Action::ShowLibrary, Action::ShowHelp],
        &[Action::ShowBookmarks],
        &[Action::Open],
        &[Action::Open, Action::ShowHelp],
    ];
    for level in levels {
        let mut app = library(120, 40);
        run(&mut app, level);
        assert!(!app.quit);
        run(&mut app, &[Action::Quit]);
        assert!(app.quit, "Q after {level:?}");
    }
}

#[test]
fn a_bookmark_opened_returns_to_the_bookmarks() {
    let mut app = library(120, 40);
    run(&mut app, &[Action::MoveDown, Action::ToggleBookmark]);
    run(&mut app, &[Action::ShowBookmarks, Action::Open]);
    assert_eq!(app.focus, Focus::Reader);
    run(&mut app, &[Action::Close]);
    assert!(matches!(app.overlay, Some(Overlay::Bookmarks { .. })));
    run(&mut app, &[Action::Close]);
    assert!(app.overlay.is_none() && !app.quit);
}

#[test]
fn leaving_the_article_another_way_forgets_the_views_under_it() {
    let mut app = library(120, 40);
    results_for_park(&mut app);
    run(&mut app, &[Action::Open, Action::NextPane]);
    assert_ne!(app.focus, Focus::Reader);
    run(
        &mut app,
        &[Action::NextPane, Action::NextPane, Action::Open],
    );
    run(&mut app, &[Action::Close]);
    assert!(app.overlay.is_none(), "no stale results come back");
}

#[test]
fn the_prompt_edits_like_readline_with_han_and_latin() {
    let mut app = library(120, 40);
    run(&mut app, &[Action::Open, Action::Search]);
    typed(&mut app, "subway 中文");
    run(
        &mut app,
        &[Action::Edit(Edit::Left), Action::Edit(Edit::Left)],
    );
    typed(&mut app, "X");
    let input = |app: &App| app.prompt.as_ref().map(|p| p.input.clone());
    assert_eq!(input(&app).as_deref(), Some("subway X中文"));
    // A paste lands at the cursor.
    app.insert("地铁 ");
    assert_eq!(input(&app).as_deref(), Some("subway X地铁 中文"));
    run(
        &mut app,
        &[Action::DeleteChar, Action::Edit(Edit::DeleteForward)],
    );
    assert_eq!(input(&app).as_deref(), Some("subway X地铁文"));
    run(
        &mut app,
        &[Action::Edit(Edit::Home), Action::Edit(Edit::WordRight)],
    );
    run(&mut app, &[Action::Edit(Edit::KillToEnd)]);
    assert_eq!(input(&app).as_deref(), Some("subway"));
    typed(&mut app, " line");
    run(&mut app, &[Action::Edit(Edit::DeleteWord)]);
    assert_eq!(input(&app).as_deref(), Some("subway "));
    run(&mut app, &[Action::Edit(Edit::KillToStart)]);
    assert_eq!(input(&app).as_deref(), Some(""));
}

#[test]
fn each_kind_of_prompt_has_its_own_history() {
    let mut app = library(120, 40);
    for query in ["清廉", "救助"] {
        run(&mut app, &[Action::Search]);
        run(&mut app, &[Action::Edit(Edit::KillToStart)]);
        typed(&mut app, query);
        run(&mut app, &[Action::Open]);
    }
    assert_eq!(app.history.filter, ["清廉", "救助"]);
    assert!(app.history.find.is_empty());
    // The find prompt knows nothing of the filters; the filter prompt walks them back.
    run(&mut app, &[Action::Back, Action::Open, Action::Search]);
    run(&mut app, &[Action::Edit(Edit::HistoryPrev)]);
    assert_eq!(app.prompt.as_ref().map(|p| p.input.as_str()), Some(""));
    run(&mut app, &[Action::Back, Action::Close, Action::Search]);
    run(
        &mut app,
        &[
            Action::Edit(Edit::KillToStart),
            Action::Edit(Edit::HistoryPrev),
        ],
    );
    assert_eq!(app.prompt.as_ref().map(|p| p.input.as_str()), Some("救助"));
    run(&mut app, &[Action::Edit(Edit::HistoryPrev)]);
    assert_eq!(app.prompt.as_ref().map(|p| p.input.as_str()), Some("清廉"));
    run(
        &mut app,
        &[
            Action::Edit(Edit::HistoryNext),
            Action::Edit(Edit::HistoryNext),
        ],
    );
    assert_eq!(app.prompt.as_ref().map(|p| p.input.as_str()), Some(""));
}

/// A paper with two editions: the daily sample on 02-27 and on 02-28.
fn two_days() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let text =
        std::fs::read_to_string(repo("editions/xuchang-daily-2023-02-28.txt")).expect("the sample");
    std::fs::write(dir.path().join("xuchang-daily-2023-02-28.txt"), &text).expect("written");
    std::fs::write(
        dir.path().join("xuchang-daily-2023-02-27.txt"),
        text.replace("date = 2023-02-28", "date = 2023-02-27"),
    )
    .expect("written");
    let app = app_on(&[dir.path().to_owned()], 120, 40);
    (dir, app)
}

#[test]
fn mark_read_and_unread_and_the_article_stays_unread_while_open() {
    let mut app = library(120, 40);
    run(&mut app, &[Action::Open]);
    let id = app.selected_item().expect("an article").id.clone();
    assert!(app.read.contains(&id), "opening reads it");
    app.take_effects();
    run(
        &mut app,
        &[Action::ToggleRead, Action::MoveDown, Action::PageDown],
    );
    assert!(
        !app.read.contains(&id),
        "m: unread, and reading on keeps it so"
    );
    assert!(app.take_effects().contains(&Effect::MarkUnread {
        ids: vec![id.clone()]
    }));
    run(&mut app, &[Action::ToggleRead]);
    assert!(app.read.contains(&id));
}

#[test]
fn mark_the_page_and_the_edition_read_and_undo() {
    let mut app = library(120, 40);
    run(
        &mut app,
        &[Action::ShowLibrary, Action::Bottom, Action::Open],
    );
    let articles = |app: &App| -> Vec<String> {
        app.current_edition()
            .expect("an edition")
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| i.kind == kanbao::edition::ItemKind::Article)
            .map(|i| i.id.clone())
            .collect()
    };
    let all = articles(&app);
    assert_eq!(
        all.len(),
        3,
        "the weekend sample: two on page 1, one on page 2"
    );
    run(&mut app, &[Action::MarkPageRead]);
    assert_eq!(all.iter().filter(|id| app.read.contains(*id)).count(), 2);
    run(&mut app, &[Action::Undo]);
    assert!(all.iter().all(|id| !app.read.contains(id)), "u undoes");
    app.take_effects();
    run(&mut app, &[Action::MarkEditionRead]);
    assert!(all.iter().all(|id| app.read.contains(id)));
    assert!(
        app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::MarkAllRead { ids } if ids.len() == 3))
    );
}

#[test]
fn next_unread_crosses_pages_and_editions_of_the_paper() {
    let (_dir, mut app) = two_days();
    // Start on the older edition, read all but its last article.
    run(&mut app, &[Action::NextEdition]);
    run(&mut app, &[Action::PrevEdition]);
    let older = app.current_edition().expect("an edition").date.clone();
    assert_eq!(older.as_deref(), Some("2023-02-27"));
    run(&mut app, &[Action::MarkEditionRead]);
    let last = app
        .current_page()
        .and_then(|p| {
            p.items
                .iter()
                .rev()
                .find(|i| app.is_unread(i) || i.kind == kanbao::edition::ItemKind::Article)
        })
        .map(|i| i.id.clone())
        .expect("an article");
    app.read.remove(&last);
    run(&mut app, &[Action::Open, Action::NextUnread]);
    assert_eq!(app.focus, Focus::Reader, "reading, it opens");
    assert_eq!(app.selected_item().map(|i| i.id.clone()), Some(last));
    // Nothing unread left in this edition: on to the next day's first article.
    run(&mut app, &[Action::NextUnread]);
    let edition = app.current_edition().expect("an edition");
    assert_eq!(edition.date.as_deref(), Some("2023-02-28"));
    assert_eq!(headline(&app), "市政府召开2023年第8次重点工作周交办会议");
    // Everything read: said so.
    run(&mut app, &[Action::MarkEditionRead, Action::NextUnread]);
    let status = app.status.as_ref().expect("a message");
    assert!(
        status.text.contains("no unread article left in 许昌日报"),
        "{status:?}"
    );
}

#[test]
fn the_article_gets_its_measure_and_z_gives_it_the_width() {
    // (cols, the reading pane's width while reading, whether the list stays)
    let cases: [(u16, u16, bool); 5] = [
        (80, 80, false),
        (100, 100, false),
        (120, 82, true),
        (160, 104, true),
        (240, 184, true),
    ];
    for (cols, want, list) in cases {
        let mut app = library(cols, 30);
        let before = app.panes();
        run(&mut app, &[Action::Open]);
        let panes = app.panes();
        assert_eq!(panes.reader.map(|r| r.width), Some(want), "{cols} columns");
        assert_eq!(panes.headlines.is_some(), list, "{cols} columns");
        if let Some(list) = panes.headlines {
            assert!(list.width >= 24, "{cols}: list {}", list.width);
        }
        // The one-page sample needs no pages pane.
        assert!(before.pages.is_none() && panes.pages.is_none(), "{cols}");
        // Lines are set for the pane they are shown in.
        let text_cols = usize::from(want - 2);
        let reader = app.reader.as_ref().expect("open");
        assert!(
            reader.story.cols <= text_cols,
            "{cols}: set for {} in a pane of {text_cols}",
            reader.story.cols
        );
        run(&mut app, &[Action::ToggleFullWidth]);
        assert_eq!(app.panes().reader.map(|r| r.width), Some(cols));
        assert!(app.panes().headlines.is_none());
    }
}

#[test]
fn counts_repeat_motions() {
    let mut app = library(120, 40);
    run(&mut app, &[Action::Digit(3), Action::MoveDown]);
    assert_eq!(
        headline(&app),
        "多领域齐头并进 全方位精彩蝶变",
        "3j: three down"
    );
    assert_eq!(app.count, None);
    run(&mut app, &[Action::MoveDown]);
    assert_eq!(
        headline(&app),
        "全力打造“五个环境” 建设“硬核”营商高地",
        "a count is used once"
    );
    // 1 then 2 is twelve; past the end is the end.
    run(
        &mut app,
        &[Action::Digit(1), Action::Digit(2), Action::MoveUp],
    );
    assert_eq!(headline(&app), "市政府召开2023年第8次重点工作周交办会议");
    // A count before a key that takes none is forgotten.
    run(
        &mut app,
        &[Action::Digit(5), Action::ToggleRaw, Action::MoveDown],
    );
    assert_eq!(
        headline(&app),
        "探索建立多元救助模式 构建全方位社会救助体系"
    );
    // 2] : two pages on (the weekend sample has two).
    let mut app = library(120, 40);
    run(
        &mut app,
        &[Action::ShowLibrary, Action::Bottom, Action::Open],
    );
    run(&mut app, &[Action::Digit(2), Action::NextPage]);
    assert_eq!(app.page, 1);
}

fn command(app: &mut App, line: &str) {
    run(app, &[Action::Command]);
    typed(app, line);
    run(app, &[Action::Open]);
}

#[test]
fn the_command_line_goes_to_dates_and_papers_sets_and_quits() {
    let mut app = library(120, 40);
    command(&mut app, "date 2023-02-25");
    assert_eq!(
        app.current_edition().and_then(|e| e.paper.as_deref()),
        Some("许昌周末"),
        "no 许昌日报 that day: another paper's"
    );
    command(&mut app, "paper spring");
    assert_eq!(
        app.current_edition().and_then(|e| e.paper.as_deref()),
        Some("The Springfield Gazette")
    );
    command(&mut app, "date 02-28");
    assert_eq!(
        app.current_edition().and_then(|e| e.date.as_deref()),
        Some("2023-02-28")
    );
    command(&mut app, "date 2023-13-01");
    let status = app.status.clone().expect("a message");
    assert!(
        status.error && status.text.contains("not a date"),
        "{status:?}"
    );
    command(&mut app, "paper 人民日报");
    let status = app.status.clone().expect("a message");
    assert!(
        status.error && status.text.contains("the papers are"),
        "{status:?}"
    );
    command(&mut app, "frobnicate");
    let status = app.status.clone().expect("a message");
    assert!(
        status.text.contains("unknown command 'frobnicate'"),
        "{status:?}"
    );
    command(&mut app, "set columns=2");
    assert_eq!(app.options.columns, kanbao::typeset::Columns::Fixed(2));
    command(&mut app, "set columns=9");
    assert!(app.status.as_ref().is_some_and(|s| s.error));
    assert!(!app.quit);
    command(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn tab_completes_commands_and_paper_names() {
    let mut app = library(120, 40);
    run(&mut app, &[Action::Command]);
    typed(&mut app, "pa");
    run(&mut app, &[Action::Edit(Edit::Complete)]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.input.as_str()),
        Some("paper ")
    );
    typed(&mut app, "许");
    run(&mut app, &[Action::Edit(Edit::Complete)]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.input.as_str()),
        Some("paper 许昌")
    );
    let status = app.status.clone().expect("the candidates");
    assert!(status.text.contains("许昌日报") && status.text.contains("许昌周末"));
    typed(&mut app, "周");
    run(&mut app, &[Action::Edit(Edit::Complete), Action::Open]);
    assert_eq!(
        app.current_edition().and_then(|e| e.paper.as_deref()),
        Some("许昌周末")
    );
}

/// Two papers on ten weeks of 2013: 许昌日报 every day from 01-01 to 03-11 but 02-10, 许昌周末
/// every seventh day from 01-05 to 03-02. The newest edition (许昌日报 03-11) is open.
fn ten_weeks() -> App {
    use kanbao::library::synthetic::date_after_2013;
    let mut editions = Vec::new();
    for day in 0..70 {
        let date = date_after_2013(day);
        let mut papers = Vec::new();
        if date != "2013-02-10" {
            papers.push("许昌日报");
        }
        if day % 7 == 4 {
            papers.push("许昌周末");
        }
        for paper in papers {
            let text = format!(
                "+++\npaper = \"{paper}\"\ndate = {date}\nlanguage = \"zh\"\n+++\n\n\
                 +++\npage = 1\n+++\n\n# {paper}{date}头版\n\n本报讯 正文。\n"
            );
            editions.push(kanbao::formats::load_bytes(
                text.as_bytes(),
                Path::new(&format!("{paper}-{date}.md")),
            ));
        }
    }
    App::new(
        Library::from_editions(editions),
        Options::default(),
        100,
        30,
    )
}

/// The library view's selected row, as text: `paper`, `paper 2013-02` or `paper 2013-02-28`,
/// with `+` after a folded heading.
fn selected_row(app: &App) -> String {
    let Some(Overlay::Library { selected }) = &app.overlay else {
        return "no library".to_owned();
    };
    app.library_rows()
        .get(*selected)
        .map(|&row| row_text(app, row))
        .unwrap_or_default()
}

fn row_text(app: &App, row: ShelfRow) -> String {
    let e = &app.library.editions[app.order[row.span().start]];
    let paper = kanbao::app::paper_name(e);
    match row {
        ShelfRow::Paper { folded, .. } => format!("{paper}{}", if folded { "+" } else { "" }),
        ShelfRow::Month { folded, .. } => format!(
            "{paper} {}{}",
            kanbao::app::month_of(e).unwrap_or(""),
            if folded { "+" } else { "" }
        ),
        ShelfRow::Edition(_) => format!("{paper} {}", e.date.as_deref().unwrap_or("")),
    }
}

/// Every heading of the library view (editions left out).
fn headings(app: &App) -> Vec<String> {
    app.library_rows()
        .into_iter()
        .filter(|r| !matches!(r, ShelfRow::Edition(_)))
        .map(|r| row_text(app, r))
        .collect()
}

#[test]
fn the_library_groups_by_paper_and_month_and_folds_and_unfolds() {
    let mut app = ten_weeks();
    run(&mut app, &[Action::ShowLibrary]);
    // Papers by their newest edition; each paper's newest month open, the others folded.
    assert_eq!(
        headings(&app),
        [
            "许昌日报",
            "许昌日报 2013-03",
            "许昌日报 2013-02+",
            "许昌日报 2013-01+",
            "许昌周末",
            "许昌周末 2013-03",
            "许昌周末 2013-02+",
            "许昌周末 2013-01+",
        ]
    );
    assert_eq!(
        selected_row(&app),
        "许昌日报 2013-03-11",
        "the open edition"
    );
    assert_eq!(app.library_rows().len(), 8 + 11 + 2);
    // `-` on an edition folds its month, whose heading is then selected; Enter opens it again.
    run(&mut app, &[Action::Fold]);
    assert_eq!(selected_row(&app), "许昌日报 2013-03+");
    assert_eq!(app.library_rows().len(), 8 + 2);
    run(&mut app, &[Action::Open]);
    assert_eq!(selected_row(&app), "许昌日报 2013-03");
    assert_eq!(app.library_rows().len(), 8 + 11 + 2);
    // Space on a folded heading opens it (and moves nowhere).
    run(
        &mut app,
        &[Action::Fold, Action::MoveDown, Action::PageDown],
    );
    assert_eq!(selected_row(&app), "许昌日报 2013-02");
    run(&mut app, &[Action::MoveDown]);
    assert_eq!(selected_row(&app), "许昌日报 2013-02-28");
    // `-` on a folded month folds its paper; `+` opens the paper as it was, `+` again every
    // month of it.
    run(&mut app, &[Action::Fold, Action::Fold]);
    assert_eq!(selected_row(&app), "许昌日报+");
    assert_eq!(headings(&app)[..2], ["许昌日报+", "许昌周末"]);
    run(&mut app, &[Action::Unfold]);
    assert_eq!(selected_row(&app), "许昌日报");
    assert_eq!(
        headings(&app)[..4],
        [
            "许昌日报",
            "许昌日报 2013-03+",
            "许昌日报 2013-02+",
            "许昌日报 2013-01+"
        ]
    );
    run(&mut app, &[Action::Unfold]);
    assert_eq!(
        headings(&app)[..4],
        [
            "许昌日报",
            "许昌日报 2013-03",
            "许昌日报 2013-02",
            "许昌日报 2013-01"
        ]
    );
    // Folding is kept while the reader runs: closed and opened again, the library is as left.
    run(
        &mut app,
        &[Action::Fold, Action::Close, Action::ShowLibrary],
    );
    assert_eq!(headings(&app)[..2], ["许昌日报+", "许昌周末"]);
    // Enter on an edition opens it.
    run(&mut app, &[Action::Bottom]);
    assert_eq!(selected_row(&app), "许昌周末 2013-01+");
    run(&mut app, &[Action::Open, Action::Bottom, Action::Open]);
    assert!(app.overlay.is_none());
    assert_eq!(
        app.current_edition().and_then(|e| e.date.as_deref()),
        Some("2013-01-05")
    );
}

#[test]
fn typing_filters_the_library_by_paper_name() {
    let mut app = ten_weeks();
    run(&mut app, &[Action::ShowLibrary, Action::FilterPapers]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.kind),
        Some(PromptKind::Papers)
    );
    // The list follows the typing.
    typed(&mut app, "周末");
    assert_eq!(headings(&app)[0], "许昌周末");
    assert!(headings(&app).iter().all(|h| h.starts_with("许昌周末")));
    assert_eq!(app.papers_shown(), (1, 2));
    assert_eq!(selected_row(&app), "许昌周末");
    // Enter keeps it and says so; Esc lists every paper again, the selection where it was.
    run(&mut app, &[Action::Open, Action::MoveDown]);
    assert_eq!(app.paper_filter, "周末");
    run(&mut app, &[Action::Back]);
    assert!(app.paper_filter.is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Library { .. })));
    assert_eq!(selected_row(&app), "许昌周末 2013-03");
    assert_eq!(app.papers_shown(), (2, 2));
    // Esc in the prompt forgets what was typed there; a name no paper holds lists none.
    run(&mut app, &[Action::FilterPapers]);
    typed(&mut app, "人民");
    assert!(app.library_rows().is_empty());
    run(&mut app, &[Action::Back]);
    assert_eq!(app.papers_shown(), (2, 2));
    // Case does not matter.
    let mut gazette = library(120, 40);
    run(&mut gazette, &[Action::ShowLibrary, Action::FilterPapers]);
    typed(&mut gazette, "GAZETTE");
    run(&mut gazette, &[Action::Open]);
    assert_eq!(headings(&gazette)[0], "The Springfield Gazette");
    let status = gazette.status.clone().expect("a message");
    assert!(status.text.contains("1 of 3 papers"), "{status:?}");
}

/// `t` in the library and a date, as typed.
fn go_to(app: &mut App, date: &str) {
    run(app, &[Action::GoToDate]);
    assert_eq!(
        app.prompt.as_ref().map(|p| (p.kind, p.input.as_str())),
        Some((PromptKind::Command, "date "))
    );
    typed(app, date);
    run(app, &[Action::Open]);
}

#[test]
fn go_to_date_in_the_library_selects_the_edition_and_opens_its_month() {
    let mut app = ten_weeks();
    run(&mut app, &[Action::ShowLibrary]);
    // Exact: February was folded, it opens.
    go_to(&mut app, "2013-02-20");
    assert_eq!(selected_row(&app), "许昌日报 2013-02-20");
    assert!(headings(&app).contains(&"许昌日报 2013-02".to_owned()));
    assert!(
        matches!(app.overlay, Some(Overlay::Library { .. })),
        "still in the library"
    );
    // A month: its first edition. A day without the year: the selected paper's year.
    go_to(&mut app, "2013-01");
    assert_eq!(selected_row(&app), "许昌日报 2013-01-01");
    go_to(&mut app, "02-15");
    assert_eq!(selected_row(&app), "许昌日报 2013-02-15");
    // No paper that day: the nearest edition of this paper, and the status says so.
    go_to(&mut app, "2013-02-10");
    assert_eq!(selected_row(&app), "许昌日报 2013-02-09");
    let status = app.status.clone().expect("a message");
    assert!(
        status
            .text
            .contains("nearest edition is 2013-02-09 (none on 2013-02-10)"),
        "{status:?}"
    );
    go_to(&mut app, "2014-06-01");
    assert_eq!(
        selected_row(&app),
        "许昌日报 2013-03-11",
        "past the end: the newest"
    );
    // From the other paper: its edition that day, even in a folded month.
    run(&mut app, &[Action::Bottom]);
    assert_eq!(selected_row(&app), "许昌周末 2013-01+");
    go_to(&mut app, "01-12");
    assert_eq!(selected_row(&app), "许昌周末 2013-01-12");
    // A day only another paper has: that paper's edition.
    go_to(&mut app, "2013-01-02");
    assert_eq!(selected_row(&app), "许昌日报 2013-01-02");
    // Not a date (a day the month does not have, 02-29 in 2013): said, nothing moves.
    for not_a_date in ["2013-02-30x", "2013-02-30", "02-29", "2013-13"] {
        go_to(&mut app, not_a_date);
        let status = app.status.clone().expect("a message");
        assert!(
            status.error && status.text.contains("is not a date"),
            "{not_a_date}: {status:?}"
        );
        assert_eq!(selected_row(&app), "许昌日报 2013-01-02");
    }
    // Outside the library, t opens the edition (of the open edition's paper).
    run(&mut app, &[Action::Close]);
    go_to(&mut app, "2013-01-19");
    assert!(app.overlay.is_none());
    assert_eq!(
        app.current_edition()
            .map(|e| (e.paper.as_deref(), e.date.as_deref())),
        Some((Some("许昌日报"), Some("2013-01-19")))
    );
}

#[test]
fn braces_step_through_the_selected_papers_editions_in_the_library() {
    let mut app = ten_weeks();
    run(&mut app, &[Action::ShowLibrary, Action::PrevEdition]);
    assert_eq!(selected_row(&app), "许昌日报 2013-03-10");
    run(&mut app, &[Action::NextEdition, Action::NextEdition]);
    assert_eq!(selected_row(&app), "许昌日报 2013-03-11");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("no later edition"))
    );
    // Across a month: the folded month before opens.
    go_to(&mut app, "2013-03-01");
    run(&mut app, &[Action::PrevEdition]);
    assert_eq!(selected_row(&app), "许昌日报 2013-02-28");
    // Counts repeat them; on a heading, { takes its newest edition.
    run(&mut app, &[Action::Digit(3), Action::PrevEdition]);
    assert_eq!(selected_row(&app), "许昌日报 2013-02-25");
    run(&mut app, &[Action::Bottom, Action::PrevEdition]);
    assert_eq!(selected_row(&app), "许昌周末 2013-01-26");
    run(&mut app, &[Action::Digit(9), Action::PrevEdition]);
    assert_eq!(selected_row(&app), "许昌周末 2013-01-05");
}

#[test]
fn the_library_search_answers_as_the_query_is_typed() {
    let mut app = library(120, 40);
    run(&mut app, &[Action::ShowLibrary, Action::Search]);
    typed(&mut app, "pa");
    // Each key replaces the running search: the searcher waits for a pause before it starts.
    assert_eq!(
        app.take_effects(),
        [
            Effect::SearchLibrary {
                query: "p".to_owned()
            },
            Effect::SearchLibrary {
                query: "pa".to_owned()
            }
        ]
    );
    assert!(
        matches!(&app.overlay, Some(Overlay::Results { query, searching: true, .. }) if query == "pa"),
        "results over the library while typing: {:?}",
        app.overlay
    );
    assert!(app.prompt.is_some(), "the prompt stays open");
    // What arrives is counted in the status line beside the prompt.
    let gazette = app
        .library
        .position("springfield-gazette-2023-02-27")
        .expect("the gazette");
    app.library_results(vec![(
        Some("2023-02-27".to_owned()),
        Hit {
            at: ItemRef {
                edition: gazette,
                page: 0,
                item: 0,
            },
            title: "gazette".to_owned(),
            zh: false,
            snippet: "the park".to_owned(),
            hit: 4..6,
        },
    )]);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("1 found so far"))
    );
    // Backspace to nothing: the library again, the search stopped.
    run(&mut app, &[Action::DeleteChar, Action::DeleteChar]);
    assert!(matches!(app.overlay, Some(Overlay::Library { .. })));
    assert!(app.take_effects().contains(&Effect::CancelSearch));
    // Esc while typing: the library as it was, the search stopped.
    typed(&mut app, "river");
    app.take_effects();
    run(&mut app, &[Action::Back]);
    assert_eq!(app.take_effects(), [Effect::CancelSearch]);
    assert!(matches!(app.overlay, Some(Overlay::Library { .. })));
    assert!(app.stack.is_empty());
}
