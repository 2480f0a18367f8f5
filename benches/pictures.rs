//! Pictures: decoding and scaling a 2000×1500 news photo (a JPEG made here) for an 80×20 cell
//! area, as the picture worker does off the UI thread, with half-blocks and with kitty's
//! protocol; and drawing a reader frame at 120×40 with a photo in view (the picture already
//! encoded), which must cost about what a frame of text costs.
//!
//! `cargo bench --bench pictures`

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, criterion_group, criterion_main};
use image::{ImageFormat, Rgb, RgbImage};
use kanbao::app::{Action, App, Effect};
use kanbao::config::Config;
use kanbao::library::Library;
use kanbao::pictures::load::decode_bytes;
use kanbao::pictures::worker::{Encoder, answer};
use kanbao::pictures::{Drawing, Gallery, Images};
use kanbao::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A 2000×1500 photo-like JPEG (smooth gradients and fine stripes, quality 75 as the image
/// crate writes it).
fn photo_jpeg() -> Vec<u8> {
    let picture = RgbImage::from_fn(2000, 1500, |x, y| {
        let stripe = if (x / 7 + y / 5) % 2 == 0 { 30 } else { 0 };
        Rgb([
            (x / 8) as u8,
            (y / 6) as u8,
            (((x + y) / 14) as u8).wrapping_add(stripe),
        ])
    });
    let mut bytes = Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, ImageFormat::Jpeg)
        .expect("encoding the bench photo");
    bytes.into_inner()
}

fn decode_and_scale(c: &mut Criterion) {
    let jpeg = photo_jpeg();
    let halfblocks = Encoder::new(Drawing::Halfblocks, (10, 20));
    let kitty = Encoder::new(Drawing::Kitty, (10, 20));
    let mut group = c.benchmark_group("pictures");
    group.sample_size(20);
    group.bench_function("decode_2000x1500_jpeg", |b| {
        b.iter(|| decode_bytes(black_box(&jpeg)).expect("decoded"));
    });
    group.bench_function("decode_and_scale_2000x1500_jpeg_halfblocks_80x20", |b| {
        b.iter(|| {
            let image = decode_bytes(black_box(&jpeg)).expect("decoded");
            halfblocks.encode(&image, 80, 20).expect("encoded")
        });
    });
    group.bench_function("decode_and_scale_2000x1500_jpeg_kitty_80x20", |b| {
        b.iter(|| {
            let image = decode_bytes(black_box(&jpeg)).expect("decoded");
            kitty.encode(&image, 80, 20).expect("encoded")
        });
    });
    group.finish();
}

fn frame_with_photo(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir_all(dir.path().join("images")).expect("mkdir");
    std::fs::write(dir.path().join("images/lead.jpg"), photo_jpeg()).expect("the photo");
    let mut text = String::from(
        "+++\npaper = \"许昌日报\"\ndate = 2023-03-01\nlanguage = \"zh\"\n+++\n\n\
         +++\npage = \"1\"\n+++\n\n# 春耕备耕正当时\n\n\
         ![农民在田间查看麦苗长势](images/lead.jpg)\n\n本报记者 谭宜姝 摄\n\n",
    );
    for _ in 0..30 {
        text.push_str("农技人员介绍，当前正是小麦返青的关键时期，要抓住有利天气，科学管理。\n\n");
    }
    std::fs::write(dir.path().join("paper.md"), text).expect("the edition");
    let config = Config::default();
    let theme = config.theme_for(false);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let library = Library::load(&[dir.path().join("paper.md")]);
    let mut app = App::new(library, kanbao::tui::options_from(&config), 120, 40);
    app.set_pictures(Gallery::new(Drawing::Halfblocks, Images::default()));
    app.update(Action::Open);
    let encoder = Encoder::new(Drawing::Halfblocks, (10, 20));
    for effect in app.take_effects() {
        if let Effect::LoadPicture(key) = effect {
            app.picture_done(answer(&encoder, *key));
        }
    }
    assert_eq!(app.pictures.ready_count(), 1, "the photo is ready to draw");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut group = c.benchmark_group("pictures");
    group.bench_function("draw_120x40_frame_with_photo_halfblocks", |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::render(black_box(&app), look, f))
                .expect("drawn");
        });
    });
    // The same frame with pictures off: the photo is its caption line.
    app.set_pictures(Gallery::default());
    group.bench_function("draw_120x40_frame_pictures_off", |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::render(black_box(&app), look, f))
                .expect("drawn");
        });
    });
    group.finish();
}

criterion_group!(benches, decode_and_scale, frame_with_photo);
criterion_main!(benches);
