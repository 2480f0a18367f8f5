//! The library view on ten years of two papers (3,650 editions): opening it (`L`, the update and
//! the first frame of the overlay), going to a date from the reader (`:date 2016-06-15`, the
//! update that opens that edition and the frame after it) and in the library (`t 2016-06-15`,
//! the update that selects it and opens its month, and the frame). All must feel instant: well
//! under 50 ms.
//!
//! `cargo bench --bench library_view`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kanbao::app::{Action, App};
use kanbao::config::Config;
use kanbao::formats::load_bytes;
use kanbao::library::Library;
use kanbao::library::synthetic::date_after_2013;
use kanbao::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 3,650 small editions: two papers, 1,825 days each.
fn library() -> Library {
    let mut editions = Vec::with_capacity(3_650);
    for day in 0..1_825 {
        let date = date_after_2013(day);
        for paper in ["许昌日报", "人民日报"] {
            let text = format!(
                "+++\npaper = \"{paper}\"\ndate = {date}\nlanguage = \"zh\"\n+++\n\n\
                 +++\npage = 1\n+++\n\n# 头版文章\n\n本报讯 正文。\n\n# 第二篇\n\n正文。\n"
            );
            editions.push(load_bytes(
                text.as_bytes(),
                Path::new(&format!("{paper}-{date}.md")),
            ));
        }
    }
    Library::from_editions(editions)
}

fn library_view(c: &mut Criterion) {
    let config = Config::default();
    let theme = config.theme_for(false);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut app = App::new(library(), kanbao::tui::options_from(&config), 120, 40);
    assert_eq!(app.order.len(), 3_650);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    c.bench_function(
        "open the library view (L) on 3,650 editions, with its frame",
        |b| {
            b.iter(|| {
                app.update(Action::ShowLibrary);
                terminal
                    .draw(|f| ui::render(black_box(&app), look, f))
                    .expect("drawn");
                app.update(Action::Close);
            });
        },
    );
    c.bench_function(
        "go to a date (:date 2016-06-15) on 3,650 editions, with its frame",
        |b| {
            b.iter(|| {
                app.update(Action::Command);
                for ch in "date 2016-06-15".chars() {
                    app.update(Action::Input(ch));
                }
                app.update(Action::Open);
                terminal
                    .draw(|f| ui::render(black_box(&app), look, f))
                    .expect("drawn");
            });
        },
    );
    assert_eq!(
        app.current_edition().and_then(|e| e.date.as_deref()),
        Some("2016-06-15")
    );
    // In the library, from the newest edition: each time the date's month was folded again.
    app.update(Action::ShowLibrary);
    c.bench_function(
        "go to a date in the library (t 2016-06-15) on 3,650 editions, with its frame",
        |b| {
            b.iter(|| {
                app.update(Action::Top);
                app.update(Action::GoToDate);
                for ch in "2016-06-15".chars() {
                    app.update(Action::Input(ch));
                }
                app.update(Action::Open);
                terminal
                    .draw(|f| ui::render(black_box(&app), look, f))
                    .expect("drawn");
                app.update(Action::Fold);
            });
        },
    );
    assert!(matches!(
        app.overlay,
        Some(kanbao::app::Overlay::Library { .. })
    ));
}

criterion_group!(benches, library_view);
criterion_main!(benches);
