//! Frame time of the reader at 200×60 (and in columns at 240×60) on the largest article of a
//! 10 MB edition: drawing must touch only the visible lines of the cached layout. Also measures the one-off layout of that
//! article (what a resize costs).
//!
//! `cargo bench --bench frame`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kanbao::app::{Action, App};
use kanbao::config::Config;
use kanbao::formats::load_bytes;
use kanbao::library::Library;
use kanbao::library::synthetic::{Lcg, edition_text, long_article};
use kanbao::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn frame(c: &mut Criterion) {
    let mut rng = Lcg(42);
    // 9 MB of ordinary articles plus one article of 1 MB, the largest.
    let mut text = edition_text(&mut rng, 9 * 1024 * 1024, "2023-02-28");
    text.push_str("\n+++\npage = 9\n+++\n\n");
    text.push_str(&long_article(&mut rng, 1024 * 1024));
    let edition = load_bytes(text.as_bytes(), Path::new("ten-mb.md"));
    let library = Library::from_editions(vec![edition]);
    let config = Config::default();
    let theme = config.theme_for(false);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut app = App::new(library, kanbao::tui::options_from(&config), 200, 60);
    // To the last page, where the long article is, and open it.
    app.update(Action::Bottom);
    for _ in 0..8 {
        app.update(Action::NextPage);
    }
    app.update(Action::Open);
    let lines = app.reader.as_ref().map_or(0, |r| r.story.lines.len());
    assert!(lines > 5_000, "the long article is open ({lines} lines)");
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");

    let mut group = c.benchmark_group("frame");
    group.bench_function("draw_200x60_1MB_article", |b| {
        b.iter(|| {
            app.update(Action::PageDown);
            terminal
                .draw(|f| ui::render(black_box(&app), look, f))
                .expect("drawn");
        });
    });
    // The same article in newspaper columns on a 240x60 terminal (three panes, the reader set in
    // two columns with the header across them).
    app.update(Action::Resize(240, 60));
    assert!(app.spread().count >= 2, "columns at 240x60");
    let mut wide = Terminal::new(TestBackend::new(240, 60)).expect("a test terminal");
    group.bench_function("draw_240x60_columns_1MB_article", |b| {
        b.iter(|| {
            app.update(Action::PageDown);
            wide.draw(|f| ui::render(black_box(&app), look, f))
                .expect("drawn");
        });
    });
    app.update(Action::Resize(200, 60));
    group.sample_size(10);
    group.bench_function("layout_1MB_article_at_new_width", |b| {
        let mut wide = true;
        b.iter(|| {
            wide = !wide;
            // 200 columns set the article in two columns of 58, 190 in one of 110: every
            // resize lays it out again.
            app.update(Action::Resize(if wide { 200 } else { 190 }, 60));
        });
    });
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
