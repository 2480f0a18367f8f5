//! The reader's behaviour through `App::update`, without a terminal: navigation, paging, search,
//! continuations, overlays, mouse, and resizing that keeps the reading position.

use std::path::{Path, PathBuf};

use kanbao::app::story::StoryLine;
use kanbao::app::{Action, App, Focus, Overlay, PromptKind};
use kanbao::library::Library;
use kanbao::typeset::Options;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn app_on(paths: &[&str], cols: u16, rows: u16) -> App {
    let paths: Vec<PathBuf> = paths.iter().map(|p| repo(p)).collect();
    App::new(Library::load(&paths), Options::default(), cols, rows)
}

fn sample(cols: u16, rows: u16) -> App {
    app_on(&["editions/xuchang-daily-2023-02-28.txt"], cols, rows)
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

fn selected_headline(app: &App) -> String {
    app.selected_item()
        .map(|i| i.title().to_owned())
        .unwrap_or_default()
}

#[test]
fn opens_on_the_first_article_and_moves_over_banners() {
    let mut app = sample(120, 40);
    assert_eq!(app.focus, Focus::Headlines);
    assert_eq!(
        selected_headline(&app),
        "市政府召开2023年第8次重点工作周交办会议"
    );
    run(&mut app, &[Action::MoveDown; 4]);
    assert_eq!(
        selected_headline(&app),
        "全力打造“五个环境” 建设“硬核”营商高地",
        "the banner is skipped"
    );
    run(&mut app, &[Action::MoveUp]);
    assert_eq!(selected_headline(&app), "多领域齐头并进 全方位精彩蝶变");
    run(&mut app, &[Action::Bottom]);
    assert_eq!(selected_headline(&app), "襄城县丁营乡:移风易俗润心田");
    run(&mut app, &[Action::MoveDown]);
    assert_eq!(
        selected_headline(&app),
        "襄城县丁营乡:移风易俗润心田",
        "the end is the end"
    );
    run(&mut app, &[Action::Top]);
    assert_eq!(
        selected_headline(&app),
        "市政府召开2023年第8次重点工作周交办会议"
    );
}

#[test]
fn open_read_scroll_and_come_back() {
    let mut app = sample(80, 14);
    run(&mut app, &[Action::MoveDown, Action::Open]);
    assert_eq!(app.focus, Focus::Reader);
    let reader = app.reader.as_ref().expect("an open article");
    assert_eq!(reader.top, 0);
    run(&mut app, &[Action::MoveDown, Action::MoveDown]);
    assert_eq!(app.reader.as_ref().map(|r| r.top), Some(2));
    run(&mut app, &[Action::PageDown]);
    let rows = app.reader_rows();
    let lines = app.reader.as_ref().map_or(0, |r| r.story.lines.len());
    assert!(lines > 2 + rows + rows, "a long article at this size");
    assert_eq!(app.reader.as_ref().map(|r| r.top), Some(2 + rows - 1));
    run(&mut app, &[Action::Bottom]);
    let reader = app.reader.as_ref().expect("open");
    assert_eq!(
        reader.top + rows,
        reader.story.lines.len(),
        "the last line sits at the bottom"
    );
    run(&mut app, &[Action::Back]);
    assert_eq!(app.focus, Focus::Headlines);
    assert_eq!(
        selected_headline(&app),
        "探索建立多元救助模式 构建全方位社会救助体系"
    );
    run(&mut app, &[Action::Back, Action::Back]);
    assert_eq!(app.focus, Focus::Pages);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("q quits"))
    );
}

#[test]
fn next_and_previous_article_cross_pages() {
    let mut app = app_on(&["editions/springfield-gazette-2023-02-27.md"], 120, 40);
    run(&mut app, &[Action::Open]);
    assert_eq!(selected_headline(&app), "Council Backs River Park Plan");
    run(&mut app, &[Action::NextArticle, Action::NextArticle]);
    assert_eq!(app.page, 1, "下一篇 moves on to page B2");
    assert_eq!(selected_headline(&app), "Park Plan Wins Council Vote");
    run(&mut app, &[Action::PrevArticle]);
    assert_eq!((app.page, selected_headline(&app).as_str()), (0, "Weather"));
    run(&mut app, &[Action::NextPage]);
    assert_eq!(
        (app.page, selected_headline(&app).as_str()),
        (1, "Park Plan Wins Council Vote")
    );
    run(&mut app, &[Action::NextPage]);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("last page"))
    );
}

#[test]
fn a_story_reads_through_its_continuation_and_c_follows_it() {
    let mut app = app_on(&["editions/springfield-gazette-2023-02-27.md"], 120, 40);
    run(&mut app, &[Action::Open]);
    let reader = app.reader.as_ref().expect("open");
    assert_eq!(
        reader.story.parts.len(),
        2,
        "the jump on page B2 is part of the story"
    );
    let jump = reader.story.lines.iter().find_map(|l| match l {
        StoryLine::Jump { text, target, .. } => Some((text.clone(), *target)),
        _ => None,
    });
    assert_eq!(jump, Some(("Continued on Page B2 → c".to_owned(), Some(1))));
    run(&mut app, &[Action::FollowContinuation]);
    let reader = app.reader.as_ref().expect("open");
    assert_eq!(reader.anchor.part, 1);
    let max_top = reader.story.lines.len().saturating_sub(app.reader_rows());
    assert_eq!(reader.top, reader.story.part_starts[1].min(max_top));
    assert_eq!(
        (app.page, selected_headline(&app).as_str()),
        (1, "Park Plan Wins Council Vote"),
        "the lists follow"
    );
    run(&mut app, &[Action::FollowContinuation]);
    assert_eq!(
        app.reader.as_ref().map(|r| r.anchor.part),
        Some(0),
        "c from the continuation goes back"
    );
}

#[test]
fn c_without_a_continuation_says_so() {
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Open, Action::FollowContinuation]);
    let status = app.status.as_ref().expect("a message");
    assert!(
        status.error && status.text.contains("does not continue"),
        "{status:?}"
    );
    run(
        &mut app,
        &[
            Action::Back,
            Action::MoveDown,
            Action::MoveDown,
            Action::Open,
            Action::FollowContinuation,
        ],
    );
    // The part on page 1 says it continues from page 1, where the reader is: said plainly,
    // not "page 1 is not in this edition".
    let status = app.status.as_ref().expect("a message");
    assert!(
        status.text.contains("page 1, the page it is on")
            && !status.text.contains("not in this edition"),
        "{status:?}"
    );
}

#[test]
fn filter_headlines_as_you_type_then_search_all_text() {
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Search]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.kind),
        Some(PromptKind::Filter)
    );
    typed(&mut app, "清廉");
    assert_eq!(app.visible_items().len(), 1);
    assert_eq!(selected_headline(&app), "加强基层清廉建设 护航乡村全面振兴");
    run(&mut app, &[Action::Open]);
    assert_eq!(app.filter, "清廉");
    run(&mut app, &[Action::Back]);
    assert!(app.filter.is_empty(), "Esc clears the filter");
    assert_eq!(app.visible_items().len(), 9);

    // A word only in a body: Enter searches the edition's whole text.
    run(&mut app, &[Action::Search]);
    typed(&mut app, "两癌筛查");
    assert!(app.visible_items().is_empty());
    run(&mut app, &[Action::Open]);
    let Some(Overlay::Results { hits, .. }) = &app.overlay else {
        panic!("results overlay, got {:?}", app.overlay)
    };
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("两癌筛查"));
    run(&mut app, &[Action::Open]);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(
        selected_headline(&app),
        "探索建立多元救助模式 构建全方位社会救助体系"
    );
    let find = app
        .reader
        .as_ref()
        .and_then(|r| r.find.as_ref())
        .expect("the hit is highlighted");
    assert_eq!(find.matches.len(), 1);
    let line = find.matches[0].line;
    let reader = app.reader.as_ref().expect("open");
    assert!(
        line >= reader.top && line < reader.top + app.reader_rows(),
        "the hit is on screen"
    );
}

/// A result of a query in the query language opens with the word that matched highlighted, not
/// the query taken as one phrase (which the article does not hold).
#[test]
fn a_compound_query_opens_its_result_with_the_match_highlighted() {
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Search]);
    typed(&mut app, "两癌筛查 慈善 -广告");
    run(&mut app, &[Action::Open]);
    let Some(Overlay::Results { hits, .. }) = &app.overlay else {
        panic!("results overlay, got {:?}", app.overlay)
    };
    assert_eq!(hits.len(), 1);
    run(&mut app, &[Action::Open]);
    let find = app
        .reader
        .as_ref()
        .and_then(|r| r.find.as_ref())
        .expect("the match is highlighted");
    assert_eq!(find.query, "两癌筛查");
    assert_eq!(find.matches.len(), 1);
    let status = app.status.as_ref().map(|s| s.text.as_str());
    assert!(
        status.is_some_and(|s| s.starts_with("match 1 of 1")),
        "{status:?}"
    );
}

/// A photo credit found by the library search is found in the article it opens: the photo's
/// line shows the credit after its caption, and the find marks it there.
#[test]
fn a_result_found_in_a_photo_credit_opens_with_the_credit_found() {
    let mut app = app_on(&["tests/fixtures/feeds/renmin-captions.xml"], 100, 30);
    run(&mut app, &[Action::Search]);
    typed(&mut app, "人民视觉");
    run(&mut app, &[Action::Open]);
    let Some(Overlay::Results { hits, .. }) = &app.overlay else {
        panic!("results overlay, got {:?}", app.overlay)
    };
    assert_eq!(hits.len(), 1, "{hits:?}");
    run(&mut app, &[Action::Open]);
    let reader = app.reader.as_ref().expect("the article is open");
    let find = reader.find.as_ref().expect("the credit is found");
    assert_eq!(find.matches.len(), 1);
    let status = app.status.as_ref().map(|s| s.text.as_str());
    assert!(
        status.is_some_and(|s| s.starts_with("match 1 of 1")),
        "{status:?}"
    );
    let mark = &find.marks[0];
    let line = reader.story.lines[mark.line]
        .text_line()
        .expect("a text line");
    assert!(
        line.text.ends_with(" — 程兆摄（人民视觉）"),
        "{:?}",
        line.text
    );
    assert_eq!(&line.text[mark.bytes.clone()], "人民视觉");

    // A word of the caption on that same line is marked where it stands, not shifted by the
    // credit after it.
    run(&mut app, &[Action::Back, Action::Search]);
    typed(&mut app, "收割稻谷");
    run(&mut app, &[Action::Open]);
    let reader = app.reader.as_ref().expect("the article is open");
    let find = reader.find.as_ref().expect("the caption is found");
    assert_eq!(find.matches.len(), 1);
    let mark = &find.marks[0];
    let line = reader.story.lines[mark.line]
        .text_line()
        .expect("a text line");
    assert_eq!(&line.text[mark.bytes.clone()], "收割稻谷");
}

#[test]
fn latin_filter_ignores_case() {
    let mut app = app_on(&["editions/springfield-gazette-2023-02-27.md"], 120, 40);
    run(&mut app, &[Action::Search]);
    typed(&mut app, "WEATHER");
    assert_eq!(selected_headline(&app), "Weather");
}

#[test]
fn find_in_article_counts_and_cycles_matches() {
    let mut app = sample(80, 24);
    run(&mut app, &[Action::MoveDown, Action::Open, Action::Search]);
    assert_eq!(app.prompt.as_ref().map(|p| p.kind), Some(PromptKind::Find));
    typed(&mut app, "救助");
    run(&mut app, &[Action::Open]);
    let count = app
        .reader
        .as_ref()
        .and_then(|r| r.find.as_ref())
        .map_or(0, |f| f.matches.len());
    let source_count: usize = app.selected_item().map_or(0, |i| {
        let texts = [i.kicker.as_deref(), i.headline.as_deref()]
            .into_iter()
            .flatten()
            .chain(i.body.iter().map(kanbao::edition::Block::text));
        texts.map(|t| t.matches("救助").count()).sum()
    });
    assert_eq!(
        count, source_count,
        "every occurrence is a match, those split by a line break too"
    );
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with(&format!("match 1 of {count}")))
    );
    run(&mut app, &[Action::PrevMatch]);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with(&format!("match {count} of {count}")))
    );
    run(&mut app, &[Action::NextMatch]);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("match 1 of"))
    );
    run(&mut app, &[Action::Back]);
    assert!(
        app.reader.as_ref().is_some_and(|r| r.find.is_none()),
        "Esc clears the search first"
    );
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn resizing_keeps_the_reading_position() {
    let mut app = sample(120, 40);
    run(
        &mut app,
        &[
            Action::MoveDown,
            Action::MoveDown,
            Action::MoveDown,
            Action::MoveDown,
            Action::Open,
        ],
    );
    run(&mut app, &[Action::PageDown]);
    let before = app.reader.as_ref().expect("open").anchor;
    let top_text = |app: &App| {
        let r = app.reader.as_ref().expect("open");
        r.story.lines[r.top]
            .text_line()
            .map(|l| l.text.clone())
            .unwrap_or_default()
    };
    let first_words = top_text(&app);
    for (cols, rows) in [(80, 24), (40, 20), (200, 60), (120, 40)] {
        run(&mut app, &[Action::Resize(cols, rows)]);
        let reader = app.reader.as_ref().expect("open");
        assert_eq!(
            reader.anchor, before,
            "the position is kept at {cols}x{rows}"
        );
        let line = reader.story.line_of_position(before);
        assert!(
            line >= reader.top && line < reader.top + app.reader_rows(),
            "the place is on screen at {cols}x{rows}"
        );
        let shown = reader.story.lines[line].text_line().expect("a text line");
        let at = before.at.expect("a body position");
        assert_eq!(shown.block_idx, Some(at.block_idx));
        assert!(
            shown.src.start <= at.byte_idx && at.byte_idx < shown.src.end.max(at.byte_idx + 1),
            "the line holds the old top at {cols}x{rows}"
        );
    }
    assert_eq!(
        top_text(&app),
        first_words,
        "back at the first size, the same line is on top"
    );
}

#[test]
fn tiny_and_huge_terminals_do_not_panic() {
    let mut app = sample(0, 0);
    for size in [(1, 1), (0, 0), (19, 5), (20, 6), (300, 100), (2, 50)] {
        run(
            &mut app,
            &[
                Action::Resize(size.0, size.1),
                Action::Open,
                Action::PageDown,
                Action::MoveDown,
                Action::Click(0, 0),
                Action::Scroll(1, 1, 1),
            ],
        );
    }
}

#[test]
fn library_overlay_lists_recent_first_and_opens() {
    let mut app = app_on(&["editions"], 120, 40);
    let dates: Vec<&str> = app
        .order
        .iter()
        .map(|&i| app.library.editions[i].date.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(dates, ["2023-02-28", "2023-02-27", "2023-02-25"]);
    assert_eq!(
        app.current_edition().and_then(|e| e.date.as_deref()),
        Some("2023-02-28"),
        "opens the most recent"
    );
    run(
        &mut app,
        // The last row: 许昌周末's only edition, under its paper's and its month's headings.
        &[Action::ShowLibrary, Action::Bottom, Action::Open],
    );
    assert!(app.overlay.is_none());
    assert_eq!(
        app.current_edition().map(|e| e.id.as_str()),
        Some("xuchang-weekend-2023-02-25")
    );
    run(&mut app, &[Action::NextEdition]);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("no later edition")),
        "许昌周末 has one edition"
    );
}

#[test]
fn help_opens_and_closes() {
    let mut app = sample(80, 24);
    run(&mut app, &[Action::ShowHelp]);
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    run(&mut app, &[Action::MoveDown, Action::Back]);
    assert!(app.overlay.is_none());
}

#[test]
fn narrow_terminals_show_one_pane_at_a_time() {
    let mut app = sample(40, 20);
    let panes = app.panes();
    assert!(panes.headlines.is_some() && panes.reader.is_none());
    run(&mut app, &[Action::Open]);
    let panes = app.panes();
    assert!(panes.reader.is_some() && panes.headlines.is_none());
    run(&mut app, &[Action::Back]);
    assert!(app.panes().headlines.is_some());
}

#[test]
fn clicking_a_headline_opens_it_and_the_wheel_scrolls_the_reader() {
    let mut app = sample(120, 16);
    let list = app.panes().headlines.expect("a headline list");
    // Rows: entry 1 has headline + details + blank (3 rows), entry 2 starts at row 3.
    let row = list.y + 1 + 3;
    run(&mut app, &[Action::Click(list.x + 4, row)]);
    assert_eq!(
        selected_headline(&app),
        "探索建立多元救助模式 构建全方位社会救助体系"
    );
    assert_eq!(app.focus, Focus::Reader);
    let reader = app.panes().reader.expect("a reader");
    run(&mut app, &[Action::Scroll(reader.x + 5, reader.y + 5, 1)]);
    assert_eq!(app.reader.as_ref().map(|r| r.top), Some(3));
}

#[test]
fn raw_toggle_relays_without_losing_the_place() {
    let mut app = sample(80, 24);
    run(
        &mut app,
        &[Action::Open, Action::PageDown, Action::ToggleRaw],
    );
    assert!(app.raw);
    assert!(app.reader.as_ref().is_some_and(|r| r.story.raw));
    run(&mut app, &[Action::ToggleRaw]);
    assert!(!app.raw);
}

#[test]
fn a_lazily_discovered_library_opens_editions_on_demand() {
    let library = Library::discover(&[repo("editions")]);
    assert!(library.editions.iter().all(|e| e.pages.is_empty()));
    let mut app = App::new(library, Options::default(), 120, 40);
    assert_eq!(
        selected_headline(&app),
        "市政府召开2023年第8次重点工作周交办会议",
        "the newest edition is parsed at start"
    );
    // Past the gazette's paper and month headings to its edition.
    run(
        &mut app,
        &[
            Action::ShowLibrary,
            Action::Digit(3),
            Action::MoveDown,
            Action::Open,
        ],
    );
    assert_eq!(selected_headline(&app), "Council Backs River Park Plan");
    assert!(app.library.is_loaded(app.edition));
}

#[test]
fn opening_an_article_marks_it_read_once() {
    use kanbao::app::Effect;
    let mut app = sample(120, 40);
    run(&mut app, &[Action::MoveDown]);
    assert!(app.take_effects().is_empty(), "a preview is not a read");
    run(
        &mut app,
        &[Action::Open, Action::MoveDown, Action::Back, Action::Open],
    );
    let id = "xuchang-daily-2023-02-28/1/2".to_owned();
    let reads = |effects: Vec<Effect>| {
        effects
            .into_iter()
            .filter(|e| matches!(e, Effect::MarkRead { .. }))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reads(app.take_effects()),
        [Effect::MarkRead { id: id.clone() }]
    );
    assert!(app.read.contains(&id));
    run(&mut app, &[Action::NextArticle]);
    assert_eq!(
        reads(app.take_effects()),
        [Effect::MarkRead {
            id: "xuchang-daily-2023-02-28/1/3".to_owned()
        }]
    );
}

#[test]
fn b_bookmarks_at_the_reading_place_and_leaving_saves_the_place() {
    use kanbao::app::Effect;
    use kanbao::store::{LastRead, SavedPosition};
    let mut app = sample(80, 14);
    run(
        &mut app,
        &[
            Action::MoveDown,
            Action::Open,
            Action::PageDown,
            Action::PageDown,
        ],
    );
    let place = app
        .reader
        .as_ref()
        .and_then(|r| r.anchor.at)
        .expect("inside the body");
    app.take_effects();
    run(&mut app, &[Action::ToggleBookmark]);
    let id = "xuchang-daily-2023-02-28/1/2";
    assert!(app.bookmarked.contains(id), "the marker appears at once");
    let effects = app.take_effects();
    let Some(Effect::AddBookmark(b)) = effects.first() else {
        panic!("an add: {effects:?}")
    };
    assert_eq!(
        (b.article_id.as_str(), b.position),
        (
            id,
            SavedPosition {
                paragraph: place.block_idx,
                byte: place.byte_idx
            }
        )
    );
    assert_eq!(b.headline, "探索建立多元救助模式 构建全方位社会救助体系");
    // Scroll on, then leave: the bookmark's place and the last-read place are saved.
    run(&mut app, &[Action::PageDown, Action::Back]);
    let effects = app.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SetPosition { id: i, .. } if i == id)),
        "{effects:?}"
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SetLast(LastRead { article_id, .. }) if article_id == id)),
        "{effects:?}"
    );
    // b again on the selected article removes it.
    run(&mut app, &[Action::ToggleBookmark]);
    assert!(!app.bookmarked.contains(id));
    assert_eq!(
        app.take_effects(),
        [Effect::RemoveBookmark { id: id.to_owned() }]
    );
}

#[test]
fn the_bookmarks_view_opens_deletes_undoes_and_edits_notes() {
    use kanbao::app::Effect;
    use kanbao::store::{Bookmark, SavedPosition};
    let mut app = sample(80, 24);
    let edition = app.library.editions[0].clone();
    let page = &edition.pages[0];
    let mut older = Bookmark::new(
        &edition,
        page,
        &page.items[8],
        SavedPosition {
            paragraph: 3,
            byte: 0,
        },
    );
    older.added = "2026-01-01T00:00:00Z".to_owned();
    let mut newer = Bookmark::new(&edition, page, &page.items[1], SavedPosition::default());
    newer.added = "2026-02-01T00:00:00Z".to_owned();
    app.set_bookmarks(vec![newer, older]);
    run(
        &mut app,
        &[Action::ShowBookmarks, Action::MoveDown, Action::Open],
    );
    assert!(app.overlay.is_none());
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(selected_headline(&app), "襄城县丁营乡:移风易俗润心田");
    let reader = app.reader.as_ref().expect("open");
    assert_eq!(
        reader.anchor.at.map(|p| (p.block_idx, p.byte_idx)),
        Some((3, 0)),
        "opened at the saved place"
    );

    run(&mut app, &[Action::ShowBookmarks, Action::Delete]);
    assert_eq!(app.bookmarks.len(), 1);
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.bookmarks.len(), 2);
    assert_eq!(
        app.bookmarks[0].headline, "探索建立多元救助模式 构建全方位社会救助体系",
        "newest first again"
    );
    app.take_effects();
    run(&mut app, &[Action::EditNote]);
    typed(&mut app, "读完");
    run(&mut app, &[Action::Open]);
    assert_eq!(app.bookmarks[0].note.as_deref(), Some("读完"));
    assert!(
        app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::SetNote { note: Some(n), .. } if n == "读完"))
    );
}

#[test]
fn a_bookmark_whose_story_is_gone_says_so() {
    use kanbao::store::{Bookmark, SavedPosition};
    let mut app = sample(80, 24);
    let edition = app.library.editions[0].clone();
    let mut gone = Bookmark::new(
        &edition,
        &edition.pages[0],
        &edition.pages[0].items[0],
        SavedPosition::default(),
    );
    gone.article_id = "xuchang-daily-2023-02-28/1/99".to_owned();
    gone.headline = "一篇已经删除的报道".to_owned();
    app.set_bookmarks(vec![gone]);
    run(&mut app, &[Action::ShowBookmarks, Action::Open]);
    let status = app.status.as_ref().expect("a message");
    assert!(
        status.error && status.text.contains("no longer in its edition"),
        "{status:?}"
    );
}

#[test]
fn library_wide_search_from_the_library_view() {
    use kanbao::app::story::ItemRef;
    use kanbao::app::{Effect, Hit};
    let mut app = app_on(&["editions"], 120, 40);
    run(&mut app, &[Action::ShowLibrary, Action::Search]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.kind),
        Some(PromptKind::Library)
    );
    // The search follows the query as it is typed (the searcher waits for a pause); Enter
    // keeps the results of what was typed and remembers the query.
    typed(&mut app, "park");
    let searches: Vec<Effect> = app.take_effects();
    assert_eq!(
        searches.last(),
        Some(&Effect::SearchLibrary {
            query: "park".to_owned()
        })
    );
    assert_eq!(searches.len(), 4, "one search a key: {searches:?}");
    run(&mut app, &[Action::Open]);
    assert_eq!(
        app.take_effects(),
        [Effect::RememberQuery {
            kind: kanbao::store::QueryKind::Library,
            query: "park".to_owned()
        }]
    );
    let Some(Overlay::Results {
        searching: true, ..
    }) = &app.overlay
    else {
        panic!("a results view: {:?}", app.overlay)
    };
    // Results arrive edition by edition, and are kept newest first.
    let gazette = app
        .library
        .position("springfield-gazette-2023-02-27")
        .expect("the gazette");
    let hit = |page, item, date: &str| {
        (
            Some(date.to_owned()),
            Hit {
                at: ItemRef {
                    edition: gazette,
                    page,
                    item,
                },
                title: format!("{date} {page}/{item}"),
                zh: false,
                snippet: "the park".to_owned(),
                hit: 4..8,
            },
        )
    };
    app.library_results(vec![hit(1, 0, "2023-02-27")]);
    app.library_results(vec![hit(0, 0, "2023-02-27")]);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("2 found so far"))
    );
    app.library_search_done(0);
    let Some(Overlay::Results {
        hits,
        searching: false,
        ..
    }) = &app.overlay
    else {
        panic!("done")
    };
    assert_eq!(hits.len(), 2);
    run(&mut app, &[Action::MoveDown, Action::Open]);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(selected_headline(&app), "Council Backs River Park Plan");
    let find = app
        .reader
        .as_ref()
        .and_then(|r| r.find.as_ref())
        .expect("the query is highlighted");
    assert_eq!(find.query, "park");
    assert!(!find.matches.is_empty());

    // Esc while searching stops the search.
    run(&mut app, &[Action::ShowLibrary, Action::Search]);
    typed(&mut app, "河");
    run(&mut app, &[Action::Open]);
    app.take_effects();
    run(&mut app, &[Action::Back]);
    assert_eq!(app.take_effects(), [Effect::CancelSearch]);
    assert!(
        matches!(app.overlay, Some(Overlay::Library { .. })),
        "back to the library the search started from"
    );
    run(&mut app, &[Action::Back]);
    assert!(app.overlay.is_none());
}

#[test]
fn a_file_that_is_not_an_edition_is_news_in_the_status_line_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        repo("tests/fixtures/feeds/renmin-fulltext.xml"),
        dir.path().join("feed.xml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("page.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    let app = App::new(
        Library::load(&[dir.path().to_owned()]),
        Options::default(),
        100,
        30,
    );
    let status = app.status.as_ref().expect("a status");
    assert!(!status.error, "{}", status.text);
    assert!(status.text.contains("skipped 1 file"), "{}", status.text);
    assert_eq!(app.library.editions.len(), 2, "the feed's two days load");
}

#[test]
fn fetch_runs_in_the_background_lands_editions_and_esc_stops_it() {
    use kanbao::app::Effect;
    let mut app = sample(120, 40);
    app.update(Action::Fetch);
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::StartFetch]
    ));
    assert!(app.fetching.is_some(), "the status line says a fetch runs");
    app.update(Action::Fetch);
    assert!(app.take_effects().is_empty(), "one fetch at a time");
    app.fetch_progress("fetching rmrb: 人民日报-2026-08-21 3/12".to_owned());
    assert_eq!(
        app.fetching.as_deref(),
        Some("fetching rmrb: 人民日报-2026-08-21 3/12")
    );

    // An edition lands: it is in the library at once, newest first.
    let editions = app.library.editions.len();
    app.fetch_landed(&repo("tests/fixtures/articles/rmrb/20260821"));
    assert_eq!(app.library.editions.len(), editions + 1);
    let newest = app.order[0];
    assert_eq!(app.library.editions[newest].id, "rmrb-2026-08-21");

    // Esc stops the fetch before it does anything else.
    let focus = app.focus;
    app.update(Action::Back);
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::CancelFetch]
    ));
    assert!(app.fetching.is_none());
    assert_eq!(app.focus, focus);
    // The stopped fetch's last word is not shown over the message that it stopped.
    app.fetch_done("fetched 1 edition(s)".to_owned(), false);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("fetch stopped")),
        "{:?}",
        app.status
    );

    app.update(Action::Fetch);
    app.take_effects();
    app.fetch_done("fetched 2 edition(s), 30 article(s)".to_owned(), false);
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some("fetched 2 edition(s), 30 article(s)")
    );
    assert!(app.fetching.is_none());
}

/// Text a terminal pastes: CR line breaks (CRLF and LF too), tabs, and escape sequences a web
/// page can smuggle into a copied line (OSC 52 sets the clipboard, CSI 2J clears the screen).
const HOSTILE_PASTE: &str = "清廉\r建设\r\n\tx\x1b]52;c;T1dORUQ=\x07y\x1b[2Jz\u{202e}!\n";

#[test]
fn a_paste_goes_into_the_open_prompt_at_once_as_one_clean_line() {
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Search]);
    app.insert(HOSTILE_PASTE);
    let input = &app.prompt.as_ref().expect("the filter prompt").input;
    assert_eq!(
        input, "清廉 建设  xyz!",
        "breaks and tabs as spaces, controls gone"
    );
    assert!(
        app.visible_items().is_empty(),
        "the filter is the whole paste"
    );
    app.insert("");
    run(&mut app, &[Action::Back, Action::Search]);
    app.insert("清廉\n");
    assert_eq!(
        app.prompt.as_ref().map(|p| p.input.as_str()),
        Some("清廉"),
        "a final line break adds nothing"
    );
    assert_eq!(selected_headline(&app), "加强基层清廉建设 护航乡村全面振兴");

    // The other prompts: find in the article, the library search, a bookmark's note.
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Open, Action::Search]);
    assert_eq!(app.prompt.as_ref().map(|p| p.kind), Some(PromptKind::Find));
    app.insert("两会\x1b[31m\n代表");
    assert_eq!(
        app.prompt.as_ref().map(|p| p.input.as_str()),
        Some("两会 代表")
    );
    let mut app = sample(120, 40);
    run(&mut app, &[Action::ShowLibrary, Action::Search]);
    app.insert("park\tplan");
    assert_eq!(
        app.prompt.as_ref().map(|p| (p.kind, p.input.as_str())),
        Some((PromptKind::Library, "park plan"))
    );
}

#[test]
fn a_paste_with_no_prompt_open_does_nothing() {
    let mut app = sample(120, 40);
    let before = (selected_headline(&app), app.focus, app.page);
    // As keys these would quit, open the library, move and open an article.
    app.insert("qLjj\r\x03");
    assert!(!app.quit);
    assert!(app.overlay.is_none() && app.prompt.is_none());
    assert_eq!((selected_headline(&app), app.focus, app.page), before);
    assert!(app.take_effects().is_empty());
}

#[test]
fn a_100_kb_paste_is_cut_at_the_longest_query() {
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Search]);
    let line = "pasted text, one line of many\r\n";
    let paste = line.repeat(100_000 / line.len() + 1);
    app.insert(&paste);
    let max = kanbao::library::search::query::MAX_QUERY_CHARS;
    let input = &app.prompt.as_ref().expect("the filter prompt").input;
    let whole = paste.replace("\r\n", " ");
    assert_eq!(
        *input,
        whole[..max],
        "the paste, one line, up to the longest query"
    );
    // A second paste adds nothing; typing after a deletion still works.
    app.insert("more");
    run(&mut app, &[Action::DeleteChar, Action::Input('!')]);
    let input = &app.prompt.as_ref().expect("the filter prompt").input;
    assert_eq!(input.chars().count(), max);
    assert!(input.ends_with('!'));
    assert!(!input.contains(['\r', '\n']));
}

#[test]
fn ctrl_z_asks_the_loop_to_suspend_and_changes_nothing() {
    use kanbao::app::Effect;
    let mut app = sample(120, 40);
    run(&mut app, &[Action::Search]);
    typed(&mut app, "清廉");
    app.take_effects();
    run(&mut app, &[Action::Suspend]);
    assert_eq!(app.take_effects(), [Effect::Suspend]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.input.as_str()),
        Some("清廉"),
        "the prompt is still open after fg"
    );
    assert_eq!(selected_headline(&app), "加强基层清廉建设 护航乡村全面振兴");
    app.suspend_refused();
    let status = app.status.as_ref().expect("a message");
    assert!(status.error && status.text.contains("no shell to return to"));
}

#[test]
fn y_copies_the_article_being_read_and_o_opens_its_source_link() {
    use kanbao::app::Effect;
    let copied = |app: &mut App| {
        app.take_effects()
            .into_iter()
            .find_map(|e| match e {
                Effect::Copy { text } => Some(text),
                _ => None,
            })
            .expect("a copy")
    };
    let mut app = sample(120, 40);
    run(
        &mut app,
        &[Action::MoveDown, Action::MoveDown, Action::Open],
    );
    let headline = selected_headline(&app);
    app.take_effects();
    run(&mut app, &[Action::PageDown, Action::CopyArticle]);
    let text = copied(&mut app);
    // The headline, the text unwrapped (no line of the typeset screen is cut into it), and the
    // source: paper, date, page and id.
    assert!(text.starts_with(&headline), "{text}");
    let item = app.selected_item().expect("an item");
    assert!(text.contains("— 许昌日报 2023-02-28, page "), "{text}");
    assert!(text.contains(&item.id), "{text}");
    let first_paragraph = kanbao::typeset::normalize(item.body[0].text());
    assert!(
        text.contains(&first_paragraph),
        "whole paragraphs, as the screen shows them"
    );
    assert!(
        !text.contains("。,") && text.contains('，'),
        "full-width punctuation"
    );
    // The sample is a text dump: no source link to open, and the status line says so.
    run(&mut app, &[Action::OpenLink]);
    assert!(
        !app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::OpenLink { .. }))
    );
    let status = app.status.as_ref().expect("a message");
    assert!(
        status.error && status.text.contains("no source link"),
        "{status:?}"
    );

    // A feed's article has its link.
    let mut feed = app_on(&["tests/fixtures/feeds/atom.xml"], 120, 40);
    run(&mut feed, &[Action::Open, Action::OpenLink]);
    let link = feed.take_effects().into_iter().find_map(|e| match e {
        Effect::OpenLink { link } => Some(link),
        _ => None,
    });
    let want = feed.selected_item().and_then(|i| i.link.clone());
    assert!(want.is_some(), "the fixture's items have links");
    assert_eq!(link, want);
}

/// The story of the sample's third entry, open in a reader `cols`×`rows`.
fn reading_third_story(cols: u16, rows: u16) -> App {
    let mut app = sample(cols, rows);
    run(
        &mut app,
        &[Action::MoveDown, Action::MoveDown, Action::Open],
    );
    app
}

#[test]
fn paging_through_columns_shows_every_line_once_in_order() {
    for (cols, rows) in [(240, 12), (240, 9), (200, 14), (240, 30)] {
        let mut app = reading_third_story(cols, rows);
        assert!(app.spread().count >= 2, "{cols}x{rows}");
        let total = app.reader.as_ref().map_or(0, |r| r.story.lines.len());
        let mut seen = Vec::new();
        loop {
            let reader = app.reader.as_ref().expect("reading");
            let shown = reader.placement(&app.spread(), app.reader_rows()).shown();
            seen.extend(shown.clone());
            if shown.end >= total {
                break;
            }
            run(&mut app, &[Action::PageDown]);
            let next = app.reader.as_ref().map_or(0, |r| r.top);
            assert_eq!(
                next, shown.end,
                "{cols}x{rows}: a page turns a whole spread"
            );
        }
        assert_eq!(seen, (0..total).collect::<Vec<_>>(), "{cols}x{rows}");
        // And back: PageUp returns to the top.
        for _ in 0..total {
            run(&mut app, &[Action::PageUp]);
        }
        assert_eq!(app.reader.as_ref().map(|r| r.top), Some(0));
    }
}

#[test]
fn the_place_survives_a_change_between_one_and_several_columns() {
    let mut app = reading_third_story(240, 9);
    assert!(app.spread().count >= 2);
    run(
        &mut app,
        &[Action::MoveDown, Action::MoveDown, Action::MoveDown],
    );
    let anchor = app.reader.as_ref().map(|r| r.anchor);
    assert!(
        anchor.is_some_and(|a| a.at.is_some()),
        "in the body: {anchor:?}"
    );
    run(&mut app, &[Action::Resize(100, 9)]);
    assert_eq!(app.spread().count, 1);
    assert_eq!(app.reader.as_ref().map(|r| r.anchor), anchor, "one column");
    run(&mut app, &[Action::Resize(240, 9)]);
    assert_eq!(
        app.reader.as_ref().map(|r| r.anchor),
        anchor,
        "columns again"
    );
}

#[test]
fn find_brings_a_match_into_view_in_whichever_column() {
    let mut app = reading_third_story(240, 9);
    run(&mut app, &[Action::Search]);
    typed(&mut app, "许继集团");
    run(&mut app, &[Action::Open]);
    let reader = app.reader.as_ref().expect("reading");
    let find = reader.find.as_ref().expect("a find");
    let line = find.matches[find.current].line;
    let placed = reader.placement(&app.spread(), app.reader_rows());
    assert!(placed.shown().contains(&line), "{line} in {placed:?}");
    assert!(placed.position_of(line).is_some());
}

#[test]
fn clicks_land_in_the_column_under_the_pointer_and_a_click_on_the_jump_follows_it() {
    let app = reading_third_story(240, 9);
    let pane = kanbao::app::geometry::inner(app.panes().reader.expect("a reader"));
    let spread = app.spread();
    let reader = app.reader.as_ref().expect("reading");
    let placed = reader.placement(&spread, app.reader_rows());
    let row = placed.spanning.len();
    let y = pane.y + u16::try_from(row).expect("small");
    for column in 0..spread.count {
        let x = pane.x + u16::try_from(spread.column_x(column) + 3).expect("small");
        assert_eq!(
            app.reader_line_at(x, y),
            Some(placed.columns[column].start),
            "column {column}"
        );
    }
    // The header spans: any column's x on its rows is the header line.
    let x = pane.x + u16::try_from(spread.column_x(1)).expect("small");
    assert_eq!(app.reader_line_at(x, pane.y), Some(placed.spanning.start));

    // The Springfield story jumps to page B2; its jump line is the link.
    let mut app = app_on(&["editions/springfield-gazette-2023-02-27.md"], 240, 60);
    run(&mut app, &[Action::Open]);
    let pane = kanbao::app::geometry::inner(app.panes().reader.expect("a reader"));
    let cell = (pane.x..pane.right())
        .flat_map(|x| (pane.y..pane.bottom()).map(move |y| (x, y)))
        .find(|&(x, y)| {
            app.reader_line_at(x, y).is_some_and(|idx| {
                matches!(
                    app.reader.as_ref().map(|r| &r.story.lines[idx]),
                    Some(StoryLine::Jump { .. })
                )
            })
        })
        .expect("the jump line is on screen");
    run(&mut app, &[Action::Click(cell.0, cell.1)]);
    assert_eq!(app.reader.as_ref().map(|r| r.anchor.part), Some(1));
    assert_eq!(selected_headline(&app), "Park Plan Wins Council Vote");
}

/// The text of a story's lines, whitespace aside (indents, break spaces), in reading order.
fn story_text(story: &kanbao::app::story::Story) -> String {
    story
        .lines
        .iter()
        .filter_map(|line| match line {
            StoryLine::Text { line, .. } => Some(line.text.as_str()),
            StoryLine::Jump { text, .. } => Some(text.as_str()),
            StoryLine::Gap { .. } => None,
        })
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn every_story_in_columns_holds_the_same_text_as_in_one_column() {
    use kanbao::app::spread::Spread;
    use kanbao::app::story::{ItemRef, Story};
    use kanbao::typeset::Columns;
    let library = Library::load(&[repo("editions")]);
    let options = Options::default();
    for (e, edition) in library.editions.iter().enumerate() {
        for (p, page) in edition.pages.iter().enumerate() {
            for i in 0..page.items.len() {
                let at = ItemRef {
                    edition: e,
                    page: p,
                    item: i,
                };
                let (one, _) = Story::build(&library.editions, at, (80, None), &options, false);
                for inner in [115, 120, 158, 200, 238, 260] {
                    let spread = Spread::for_pane(inner, 80, Columns::Auto);
                    assert!(spread.count >= 2, "{inner}");
                    let widths = (spread.col_cols, Some(spread.span_cols()));
                    let (columns, _) = Story::build(&library.editions, at, widths, &options, false);
                    assert_eq!(
                        story_text(&columns),
                        story_text(&one),
                        "{} at {inner}: nothing lost or doubled",
                        page.items[i].id
                    );
                }
            }
        }
    }
}
