//! Pictures: protocol choice lives in unit tests; here, reading photo files safely (every bad
//! input gives a short reason, never a panic or a huge allocation), the reading pane with
//! half-blocks, and the first frame not waiting for a photo.

use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, Rgb, RgbImage};
use kanbao::pictures::PictureError;
use kanbao::pictures::load::{decode, decode_bytes, resolve};

/// A photo-like picture: a gradient, so every scaled row differs.
fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            128,
        ])
    })
}

fn encoded(image: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, format)
        .expect("encoding a test picture");
    bytes.into_inner()
}

/// A PNG whose header says `width` × `height`, followed by 1 MB of zeros deflated to a few KB:
/// a decompression bomb (a real one carries all its rows, each as small).
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    bytes.extend_from_slice(&13u32.to_be_bytes());
    bytes.extend_from_slice(b"IHDR");
    bytes.extend_from_slice(&ihdr);
    let mut crc_input = b"IHDR".to_vec();
    crc_input.extend_from_slice(&ihdr);
    bytes.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut zlib, &vec![0u8; 1 << 20]).expect("deflating");
    let idat = zlib.finish().expect("deflating");
    bytes.extend_from_slice(&(idat.len() as u32).to_be_bytes());
    let mut chunk = b"IDAT".to_vec();
    chunk.extend_from_slice(&idat);
    bytes.extend_from_slice(&chunk);
    bytes.extend_from_slice(&crc32(&chunk).to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("writing a test file");
}

#[test]
fn a_good_jpeg_and_png_decode() {
    let jpeg = decode_bytes(&encoded(&photo(300, 200), ImageFormat::Jpeg)).expect("a jpeg");
    assert_eq!((jpeg.width(), jpeg.height()), (300, 200));
    let png = decode_bytes(&encoded(&photo(40, 30), ImageFormat::Png)).expect("a png");
    assert_eq!((png.width(), png.height()), (40, 30));
}

#[test]
fn a_30000_by_30000_png_is_refused_from_its_header() {
    let bomb = png_header(30_000, 30_000);
    let before = std::time::Instant::now();
    assert_eq!(
        decode_bytes(&bomb),
        Err(PictureError::TooManyPixels {
            width: 30_000,
            height: 30_000
        })
    );
    // Refused from its header: no 2.7 GB buffer was allocated or filled.
    assert!(before.elapsed() < std::time::Duration::from_secs(1));
    // Within the side limit but over the pixel count: 10000 × 10000 is 100 megapixels.
    assert!(matches!(
        decode_bytes(&png_header(10_000, 10_000)),
        Err(PictureError::TooManyPixels { .. })
    ));
}

#[test]
fn a_truncated_jpeg_says_so() {
    let whole = encoded(&photo(400, 300), ImageFormat::Jpeg);
    for cut in [whole.len() / 2, whole.len() - 2, 700] {
        let err = decode_bytes(&whole[..cut]).expect_err("a cut jpeg");
        assert_eq!(
            err,
            PictureError::Truncated,
            "cut at {cut} of {}",
            whole.len()
        );
        assert_eq!(err.to_string(), "truncated");
    }
    // Cut inside the header: no dimensions to read.
    assert!(decode_bytes(&whole[..20]).is_err());
}

#[test]
fn a_text_file_named_jpg_is_not_a_picture() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(
        dir.path(),
        "images/a.jpg",
        "这不是图片，是一段文字。\n".as_bytes(),
    );
    let path = resolve(dir.path(), "images/a.jpg").expect("inside the folder");
    assert_eq!(decode(&path), Err(PictureError::Unsupported));
    // Garbage after a real JPEG's first bytes is damage, not a panic.
    let mut broken = encoded(&photo(64, 64), ImageFormat::Jpeg);
    for byte in broken.iter_mut().skip(200).take(400) {
        *byte = 0x5A;
    }
    let _ = decode_bytes(&broken);
}

#[test]
fn a_missing_file_is_named_missing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    assert_eq!(
        resolve(dir.path(), "images/none.jpg"),
        Err(PictureError::Missing)
    );
    assert_eq!(PictureError::Missing.to_string(), "file missing");
}

#[test]
fn paths_out_of_the_edition_folder_are_refused() {
    let root = tempfile::tempdir().expect("a temp dir");
    let edition = root.path().join("paper");
    write(
        root.path(),
        "secret.jpg",
        &encoded(&photo(8, 8), ImageFormat::Jpeg),
    );
    write(
        &edition,
        "images/ok.jpg",
        &encoded(&photo(8, 8), ImageFormat::Jpeg),
    );
    assert!(resolve(&edition, "images/ok.jpg").is_ok());
    // `..` that stays inside is fine; `..` that leaves is not, whether the file exists or not.
    assert!(resolve(&edition, "images/../images/ok.jpg").is_ok());
    assert_eq!(
        resolve(&edition, "../secret.jpg"),
        Err(PictureError::Outside)
    );
    assert_eq!(
        resolve(&edition, "../nothing.jpg"),
        Err(PictureError::Outside)
    );
    let absolute = root.path().join("secret.jpg");
    assert_eq!(
        resolve(&edition, &absolute.to_string_lossy()),
        Err(PictureError::Outside)
    );
    assert_eq!(
        resolve(&edition, "https://example.com/a.jpg"),
        Err(PictureError::Remote)
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_edition_folder_is_refused() {
    let root = tempfile::tempdir().expect("a temp dir");
    let edition = root.path().join("paper");
    write(
        root.path(),
        "secret.jpg",
        &encoded(&photo(8, 8), ImageFormat::Jpeg),
    );
    std::fs::create_dir_all(edition.join("images")).expect("mkdir");
    std::os::unix::fs::symlink(root.path().join("secret.jpg"), edition.join("images/a.jpg"))
        .expect("a symlink");
    assert_eq!(
        resolve(&edition, "images/a.jpg"),
        Err(PictureError::Outside)
    );
    // A linked folder counts the same.
    std::os::unix::fs::symlink(root.path(), edition.join("up")).expect("a symlink");
    assert_eq!(
        resolve(&edition, "up/secret.jpg"),
        Err(PictureError::Outside)
    );
}

#[test]
fn a_file_over_the_size_cap_is_not_read() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("big.jpg");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(kanbao::pictures::load::MAX_FILE_BYTES + 1)
        .expect("a sparse file");
    assert!(matches!(decode(&path), Err(PictureError::TooLarge { .. })));
}

/// A FIFO where a photo should be is not a picture: refused at once, never waited on (the
/// picture worker would stall, and every later photo with it).
#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_photo_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("photo.jpg");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    assert_eq!(decode(&path).err(), Some(PictureError::NotAFile));
}

mod config {
    use std::path::Path;

    use kanbao::config::Config;
    use kanbao::pictures::{Images, MaxHeight, Setting};

    fn images(text: &str) -> Result<Images, String> {
        Config::from_toml_str(text, Path::new("/tmp/k/config.toml"))
            .map(|c| c.images)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_defaults_are_auto_half_the_pane_and_32_mb() {
        let config = Config::default();
        assert_eq!(config.images.protocol, Setting::Auto);
        assert_eq!(config.images.max_height, MaxHeight::Percent(50));
        assert_eq!(config.images.cache_bytes, 32 * 1024 * 1024);
    }

    #[test]
    fn images_settings_are_read() {
        let set = images("[images]\nprotocol = \"sixel\"\nmax_height = 12\ncache_mb = 8\n")
            .expect("valid");
        assert_eq!(set.protocol, Setting::Sixel);
        assert_eq!(set.max_height, MaxHeight::Rows(12));
        assert_eq!(set.cache_bytes, 8 * 1024 * 1024);
        assert_eq!(
            images("[images]\nmax_height = 0.3\n")
                .expect("valid")
                .max_height,
            MaxHeight::Percent(30)
        );
        assert_eq!(
            images("[images]\nprotocol = \"off\"\n")
                .expect("valid")
                .protocol,
            Setting::Off
        );
    }

    #[test]
    fn bad_images_settings_name_the_line_and_the_fix() {
        let table = [
            ("[images]\nprotocol = \"png\"\n", "line 2", "\"halfblocks\""),
            ("[images]\n\nmax_height = 1.5\n", "line 3", "0.5 is half"),
            ("[images]\nmax_height = 0\n", "line 2", "number of rows"),
            ("[images]\ncache_mb = 0\n", "line 2", "from 1 to 4096"),
            ("[images]\nsize = 3\n", "line 2", "size"),
        ];
        for (text, line, fix) in table {
            let err = images(text).expect_err(text);
            assert!(err.contains(line) && err.contains(fix), "{text:?}: {err}");
            assert!(err.contains("config.toml"), "{err}");
        }
    }
}

/// Reading with pictures: a Chinese edition with a lead photo and one between paragraphs,
/// set in the reading pane with half-blocks.
pub mod reading {
    use std::path::{Path, PathBuf};

    use image::ImageFormat;
    use kanbao::app::{Action, App, Effect, Focus};
    use kanbao::config::Config;
    use kanbao::library::Library;
    use kanbao::pictures::worker::{Encoder, answer};
    use kanbao::pictures::{Drawing, Gallery, Images};
    use kanbao::ui::{self, Look};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use unicode_width::UnicodeWidthStr;

    use super::{encoded, photo, write};

    pub const EDITION: &str = "+++
paper = \"许昌日报\"
date = 2023-03-01
language = \"zh\"
+++

+++
page = \"1\"
name = \"要闻\"
+++

# 春耕备耕正当时

本报记者 王利辉

![农民在田间查看麦苗长势](images/field.jpg)

本报记者 谭宜姝 摄

近日，记者走进长葛市田间地头，看到农民正忙着浇水施肥，一派繁忙景象。今年全市小麦播种面积稳定在一百万亩以上。

农技人员介绍，当前正是小麦返青的关键时期，要抓住有利天气，科学管理，确保夏粮丰收。

![浇水的机器](images/missing.jpg)

新华社发

市农业农村局相关负责人表示，将组织专家深入一线，开展技术指导，帮助群众解决实际问题。

![远处的村庄](images/field.jpg)

本报记者 谭宜姝 摄

各乡镇也纷纷行动起来，抢抓农时，全力以赴做好春耕生产各项工作。
";

    /// The edition in a temp folder with its lead photo (the second photo's file is missing).
    pub fn edition() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("a temp dir");
        write(dir.path(), "paper.md", EDITION.as_bytes());
        write(
            dir.path(),
            "images/field.jpg",
            &encoded(&photo(400, 300), ImageFormat::Jpeg),
        );
        let path = dir.path().join("paper.md");
        (dir, path)
    }

    pub fn reading_app(path: &Path, cols: u16, rows: u16, drawing: Drawing) -> App {
        let config = Config::default();
        let mut app = App::new(
            Library::load(&[path.to_owned()]),
            kanbao::tui::options_from(&config),
            cols,
            rows,
        );
        app.set_pictures(Gallery::new(drawing, Images::default()));
        app.update(Action::Open);
        assert_eq!(app.focus, Focus::Reader);
        app
    }

    /// Answers every picture request the way the worker would.
    pub fn settle(app: &mut App) -> usize {
        let encoder = Encoder::new(app.pictures.drawing, (10, 20));
        let mut answered = 0;
        for effect in app.take_effects() {
            if let Effect::LoadPicture(key) = effect {
                app.picture_done(answer(&encoder, *key));
                answered += 1;
            }
        }
        answered
    }

    pub fn draw(app: &App) -> ratatui::buffer::Buffer {
        let config = Config::default();
        let theme = config.theme_for(true);
        let look = Look {
            theme: &theme,
            keymap: &config.keymap,
        };
        let mut terminal =
            Terminal::new(TestBackend::new(app.cols, app.rows)).expect("a test terminal");
        terminal
            .draw(|f| ui::render(app, look, f))
            .expect("drawing");
        terminal.backend().buffer().clone()
    }

    /// The screen as text; a cell that holds a picture (coloured background) shows as `▓`.
    pub fn screen(app: &App) -> String {
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
                let cell = &buf[(x, y)];
                let symbol = cell.symbol();
                skip = symbol.width().saturating_sub(1);
                if matches!(cell.bg, ratatui::style::Color::Rgb(..))
                    || matches!(cell.fg, ratatui::style::Color::Rgb(..))
                {
                    line.push('▓');
                } else {
                    line.push_str(symbol);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_first_frame_shows_the_text_and_a_place_for_the_photo() {
        let (_dir, path) = edition();
        // The article as wide as the reading pane of a 100-column terminal beside a list.
        let mut app = reading_app(&path, 60, 30, Drawing::Halfblocks);
        // Nothing decoded yet: the frame is drawn from what there is.
        let first = screen(&app);
        assert!(first.contains("春耕备耕正当时"), "{first}");
        assert!(first.contains("图片载入中…"), "{first}");
        assert!(first.contains("农民在田间查看麦苗长势"), "{first}");
        assert!(!first.contains('▓'), "{first}");
        // Both photos have rows in view (the second its top edge); the third is not asked for.
        assert_eq!(settle(&mut app), 2);
        let ready = screen(&app);
        assert!(ready.contains('▓'), "{ready}");
        assert!(!ready.contains("图片载入中"), "{ready}");
        insta::assert_snapshot!("photo_halfblocks_60x30", ready);
        // Further down, the missing file says why in the place kept for it.
        app.update(Action::PageDown);
        assert_eq!(settle(&mut app), 0, "nothing new came into view");
        let below = screen(&app);
        assert!(
            below.contains("[图] 浇水的机器 — 新华社发（图片无法显示：文件不存在）"),
            "{below}"
        );
    }
}

/// The rows a story keeps for a photo: before its caption, in its place among the paragraphs,
/// and positions that land on the picture rather than under it.
mod layout {
    use kanbao::edition::model::{Block, Item, ItemKind, Photo};
    use kanbao::typeset::{Options, Role, set_article};

    fn article() -> Item {
        let mut item = Item::blank(ItemKind::Article, 1);
        item.headline = Some("春耕备耕正当时".into());
        item.body = vec![
            Block::Paragraph("近日，记者走进长葛市田间地头。".into()),
            Block::Photo(Photo {
                caption: Some("农民在田间查看麦苗长势".into()),
                credit: Some("本报记者 谭宜姝 摄".into()),
                image: Some("images/field.jpg".into()),
            }),
            Block::Photo(Photo {
                caption: Some("没有图片文件的照片".into()),
                credit: None,
                image: None,
            }),
            Block::Paragraph("农技人员介绍，当前正是小麦返青的关键时期。".into()),
        ];
        item
    }

    #[test]
    fn a_photo_keeps_rows_above_its_caption() {
        let opts = Options {
            picture_rows: 10,
            ..Options::default()
        };
        let layout = set_article(&article(), 40, &opts);
        let rows: Vec<_> = layout
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l.role, Role::Picture { .. }))
            .map(|(i, l)| (i, l.role, l.block_idx))
            .collect();
        // 40 columns: 15 rows would hold a 4:3 photo; the limit is 10. The photo without a
        // file keeps its caption line only.
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[0].1, Role::Picture { row: 0, rows: 10 });
        assert!(rows.iter().all(|r| r.2 == Some(1)));
        let first = rows[0].0;
        assert!(rows.windows(2).all(|w| w[1].0 == w[0].0 + 1), "contiguous");
        let caption = &layout.lines[first + 10];
        assert!(caption.text.starts_with("[图] 农民在田间"), "{caption:?}");
        // The picture's place is where a resize brings the reader back to.
        let at = layout.position_of_line(first + 3).expect("a position");
        assert_eq!(layout.line_of_position(at), first);
        // Pictures off: no rows, the caption line as before.
        let off = set_article(&article(), 40, &Options::default());
        assert_eq!(off.lines.len(), layout.lines.len() - 10);
        assert!(
            off.lines
                .iter()
                .all(|l| !matches!(l.role, Role::Picture { .. }))
        );
    }

    #[test]
    fn narrow_measures_keep_fewer_rows() {
        let opts = Options {
            picture_rows: 40,
            ..Options::default()
        };
        for (cols, rows) in [(80, 30), (40, 15), (16, 6), (1, 1)] {
            assert_eq!(kanbao::typeset::picture_rows(cols, &opts), rows, "{cols}");
        }
        assert_eq!(kanbao::typeset::picture_rows(80, &Options::default()), 0);
    }
}

/// Each bad picture in an article: the text reads on, its `[图]` line says why, nothing hangs.
mod bad_pictures_in_an_article {
    use std::fmt::Write as _;

    use image::ImageFormat;
    use kanbao::app::Action;
    use kanbao::pictures::Drawing;

    use super::reading::{reading_app, screen, settle};
    use super::{encoded, photo, png_header, write};

    #[test]
    fn every_bad_picture_gives_its_reason_on_the_caption_line() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path();
        let whole = encoded(&photo(400, 300), ImageFormat::Jpeg);
        write(root, "outside.jpg", &whole);
        let paper = root.join("paper");
        write(&paper, "images/bomb.png", &png_header(30_000, 30_000));
        write(&paper, "images/cut.jpg", &whole[..whole.len() / 2]);
        write(&paper, "images/text.jpg", "不是图片".as_bytes());
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("outside.jpg"), paper.join("images/link.jpg"))
            .expect("a symlink");
        let mut text = String::from(
            "+++\npaper = \"许昌日报\"\ndate = 2023-03-01\nlanguage = \"zh\"\n+++\n\n# 坏图片\n\n",
        );
        let cases = [
            ("bomb.png", "像素过多（30000×30000）"),
            ("cut.jpg", "文件不完整"),
            ("text.jpg", "不是可读的图片"),
            ("none.jpg", "文件不存在"),
            ("../../outside.jpg", "路径在报纸文件夹之外"),
            #[cfg(unix)]
            ("link.jpg", "路径在报纸文件夹之外"),
        ];
        for (n, (file, _)) in cases.iter().enumerate() {
            let _ = write!(
                text,
                "![第{n}张](images/{file})\n\n新华社发\n\n正文第{n}段。\n\n"
            );
        }
        write(&paper, "paper.md", text.as_bytes());
        let mut app = reading_app(&paper.join("paper.md"), 150, 60, Drawing::Halfblocks);
        // Asked, answered, collapsed, until nothing new comes into view.
        let before = std::time::Instant::now();
        while settle(&mut app) > 0 {}
        assert!(before.elapsed() < std::time::Duration::from_secs(10));
        for _ in 0..3 {
            app.update(Action::PageDown);
            while settle(&mut app) > 0 {}
        }
        app.update(Action::Top);
        let shown = screen(&app);
        for (n, (file, reason)) in cases.iter().enumerate() {
            let line = format!("[图] 第{n}张 — 新华社发（图片无法显示：{reason}）");
            assert!(shown.contains(&line), "{file}: {line}\n{shown}");
            assert!(shown.contains(&format!("正文第{n}段。")), "{shown}");
        }
    }
}

/// The full-pane photo (Enter, a click) and the photo list (`p`).
mod looking_closer {
    use kanbao::app::{Action, Overlay};
    use kanbao::pictures::Drawing;

    use super::reading::{edition, reading_app, screen, settle};

    #[test]
    fn enter_shows_the_photo_in_view_full_pane_and_esc_goes_back() {
        let (_dir, path) = edition();
        let mut app = reading_app(&path, 80, 24, Drawing::Halfblocks);
        settle(&mut app);
        let before = screen(&app);
        app.update(Action::Open);
        assert_eq!(app.overlay, Some(Overlay::Photo { index: 0 }));
        // The full-pane picture is a new size: asked for, shown when it comes.
        let waiting = screen(&app);
        assert!(waiting.contains("图片载入中…"), "{waiting}");
        assert_eq!(settle(&mut app), 1);
        let full = screen(&app);
        assert!(
            full.contains("农民在田间查看麦苗长势 — 本报记者 谭宜姝 摄"),
            "{full}"
        );
        assert!(full.contains("图 1/3 · j/k 上下张 · Esc 返回"), "{full}");
        // Larger than in the article: more rows hold picture cells.
        let cells = |s: &str| s.lines().filter(|l| l.contains('▓')).count();
        assert!(cells(&full) > cells(&before) + 4, "{full}\n{before}");
        insta::assert_snapshot!("photo_full_pane_80x24", full);
        // j goes to the next photo that has a picture (the second has a missing file: it is
        // still one, and says why).
        app.update(Action::MoveDown);
        assert_eq!(app.overlay, Some(Overlay::Photo { index: 1 }));
        settle(&mut app);
        assert!(screen(&app).contains("图片无法显示：文件不存在"));
        app.update(Action::Back);
        assert_eq!(app.overlay, None);
        // Back where the reader was (the line count on the border is smaller: the missing
        // picture gave its rows back to the text).
        let rows = |s: &str| s.lines().take(22).map(str::to_owned).collect::<Vec<_>>();
        let after = screen(&app);
        assert_eq!(rows(&after), rows(&before), "back where the reader was");
        let lines = |s: &str| -> Option<usize> {
            let tail = s.split(" · 1/").nth(1)?;
            tail.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        };
        let (was, now) = (lines(&before), lines(&after));
        assert!(now.is_some() && now < was, "{was:?} → {now:?}\n{after}");
    }

    #[test]
    fn p_lists_the_photos_and_enter_opens_one() {
        let (_dir, path) = edition();
        let mut app = reading_app(&path, 80, 24, Drawing::Halfblocks);
        settle(&mut app);
        app.update(Action::ShowPhotos);
        assert_eq!(app.overlay, Some(Overlay::Photos { selected: 0 }));
        let list = screen(&app);
        assert!(
            list.contains("[图] 农民在田间查看麦苗长势 — 本报记者 谭宜姝 摄"),
            "{list}"
        );
        assert!(list.contains("[图] 浇水的机器 — 新华社发"), "{list}");
        assert!(list.contains("photos · 3"), "{list}");
        app.update(Action::MoveDown);
        app.update(Action::MoveDown);
        app.update(Action::Open);
        assert_eq!(app.overlay, Some(Overlay::Photo { index: 2 }));
        // Back to the list as it was, then to the article.
        app.update(Action::Back);
        assert_eq!(app.overlay, Some(Overlay::Photos { selected: 2 }));
        app.update(Action::Back);
        assert_eq!(app.overlay, None);
    }

    #[test]
    fn a_click_on_a_photo_opens_it() {
        let (_dir, path) = edition();
        let mut app = reading_app(&path, 80, 24, Drawing::Halfblocks);
        settle(&mut app);
        let text = screen(&app);
        let row = text
            .lines()
            .position(|l| l.contains('▓'))
            .expect("a picture row");
        let col = text
            .lines()
            .nth(row)
            .and_then(|l| l.chars().position(|c| c == '▓').map(|c| c as u16));
        app.update(Action::Click(col.expect("a cell") + 2, row as u16));
        assert_eq!(app.overlay, Some(Overlay::Photo { index: 0 }));
    }

    #[test]
    fn with_pictures_off_a_photo_is_its_caption_line() {
        let (_dir, path) = edition();
        let mut app = reading_app(&path, 80, 24, Drawing::Off);
        assert_eq!(settle(&mut app), 0, "nothing decoded");
        let text = screen(&app);
        assert!(text.contains("[图] 农民在田间查看麦苗长势"), "{text}");
        assert!(!text.contains("图片"), "{text}");
        app.update(Action::Open);
        assert_eq!(app.overlay, None);
    }
}

/// The page picture (版面图): stored by fetch as `image` and `regions` in `edition.toml`,
/// shown with `v` beside the headlines, the selected article's area outlined, a click on an
/// area opening the article.
mod page_picture {
    use std::path::{Path, PathBuf};

    use image::ImageFormat;
    use kanbao::app::{Action, App, Focus};
    use kanbao::config::Config;
    use kanbao::library::Library;
    use kanbao::pictures::{Drawing, Gallery, Images};

    use super::reading::{screen, settle};
    use super::{encoded, photo, write};

    const PAGE: &str = "# 春耕备耕正当时\n\n近日，记者走进长葛市田间地头。\n\n\
                        # 文峰广场周末开放夜市\n\n夜市每周五至周日晚间开放。\n\n\
                        # 春季植树活动报名开始\n\n市园林部门介绍，今年春季植树活动将于3月12日举行。\n";

    fn folder(regions: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let edition = dir.path().join("xuchang-2023-03-01");
        write(
            &edition,
            "edition.toml",
            format!(
                "paper = \"许昌日报\"\ndate = 2023-03-01\nlanguage = \"zh\"\n\n\
                 [pages.\"01-要闻.md\"]\nimage = \"images/page-01.jpg\"\n{regions}\n"
            )
            .as_bytes(),
        );
        write(&edition, "01-要闻.md", PAGE.as_bytes());
        // A page picture 400 wide, 600 tall: a printed page's shape.
        write(
            &edition,
            "images/page-01.jpg",
            &encoded(&photo(400, 600), ImageFormat::Jpeg),
        );
        (dir, edition)
    }

    fn app_on(edition: &Path) -> App {
        let config = Config::default();
        let mut app = App::new(
            Library::load(&[edition.to_owned()]),
            kanbao::tui::options_from(&config),
            120,
            40,
        );
        app.set_pictures(Gallery::new(Drawing::Halfblocks, Images::default()));
        app
    }

    #[test]
    fn regions_go_to_the_articles_in_page_order() {
        let (_dir, edition) = folder("regions = [[0, 0, 400, 200], [], [0, 300, 200, 600]]");
        let library = Library::load(&[edition]);
        let loaded = &library.editions[0];
        let facsimile = loaded.facsimiles.get("1").expect("page 1 has a picture");
        assert_eq!(facsimile.image, "images/page-01.jpg");
        let items: Vec<_> = facsimile.regions.iter().map(|r| (r.item, r.rect)).collect();
        assert_eq!(items, [(0, [0, 0, 400, 200]), (2, [0, 300, 200, 600])]);
    }

    #[test]
    fn bad_regions_are_a_located_message() {
        let (_dir, edition) = folder("regions = [[0, 0, 400]]");
        let library = Library::load(&[edition]);
        let said: Vec<String> = library
            .diagnostics
            .iter()
            .chain(library.editions.iter().flat_map(|e| e.warnings.iter()))
            .map(ToString::to_string)
            .collect();
        assert!(
            said.iter()
                .any(|d| d.contains("edition.toml") && d.contains("[left, top, right, bottom]")),
            "{said:?}"
        );
    }

    #[test]
    fn v_shows_the_page_picture_and_outlines_the_selected_article() {
        let (_dir, edition) = folder("regions = [[0, 0, 400, 200], [], [0, 300, 200, 600]]");
        let mut app = app_on(&edition);
        assert_eq!(app.focus, Focus::Headlines);
        app.update(Action::TogglePageImage);
        assert!(app.page_image_shown());
        assert_eq!(settle(&mut app), 1, "the page picture is asked for");
        let first = screen(&app);
        assert!(first.contains("版面图 · v 返回正文"), "{first}");
        assert!(first.contains('▓'), "{first}");
        // The first article's area is the picture's top third: outlined there.
        assert!(first.contains('╭') && first.contains('╯'), "{first}");
        insta::assert_snapshot!("page_picture_120x40", first);
        // The second article has no area: nothing outlined.
        app.update(Action::MoveDown);
        assert!(!screen(&app).contains('╭'));
        // The third's is the bottom-left half: the outline moves down.
        app.update(Action::MoveDown);
        let third = screen(&app);
        let top_row = |s: &str| s.lines().position(|l| l.contains('╭'));
        assert!(top_row(&third) > top_row(&first), "{third}");
        // A click inside the first article's area opens it.
        let (row, col) = third
            .lines()
            .enumerate()
            .skip(3)
            .find_map(|(y, l)| l.chars().position(|c| c == '▓').map(|x| (y, x)))
            .expect("a picture cell");
        app.update(Action::Click(col as u16 + 3, row as u16 + 1));
        assert_eq!(app.focus, Focus::Reader);
        assert_eq!(app.item, Some(0));
        // In the reader the article shows again; v is there to go back.
        assert!(!app.page_image_shown());
        assert!(screen(&app).contains("近日，记者走进长葛市田间地头。"));
    }

    #[test]
    fn v_on_a_page_without_a_picture_says_so() {
        let (_dir, edition) = folder("");
        std::fs::write(edition.join("edition.toml"), "paper = \"许昌日报\"\n").expect("write");
        let mut app = app_on(&edition);
        app.update(Action::TogglePageImage);
        assert!(!app.page_image_shown());
        assert!(screen(&app).contains("this page has no page picture (版面图)"));
    }
}

mod resizing {
    use kanbao::app::Action;
    use kanbao::pictures::Drawing;

    use super::reading::{edition, reading_app, settle};

    #[test]
    fn a_resize_encodes_again_only_the_pictures_in_view() {
        let (_dir, path) = edition();
        // Narrow enough that only the lead photo is in view (the article takes the width).
        let mut app = reading_app(&path, 48, 24, Drawing::Halfblocks);
        assert_eq!(settle(&mut app), 1, "the lead photo only");
        // Narrower: the lead photo at its new width; the two further down are not touched.
        app.update(Action::Resize(44, 24));
        assert_eq!(settle(&mut app), 1);
        assert_eq!(app.pictures_in_view().len(), 1);
        // The same size again: nothing to do.
        app.update(Action::Resize(44, 24));
        assert_eq!(settle(&mut app), 0);
    }
}

mod columns {
    use kanbao::pictures::Drawing;

    use super::reading::{edition, reading_app, screen, settle};

    #[test]
    fn in_newspaper_columns_a_photo_sits_in_its_column() {
        let (_dir, path) = edition();
        let mut app = reading_app(&path, 240, 40, Drawing::Halfblocks);
        assert!(app.spread().count >= 2, "columns at 240x40");
        while settle(&mut app) > 0 {}
        let shown = screen(&app);
        // Each picture is no wider than a column (the longest run of picture cells), and the
        // text of both columns is there.
        let widest = shown
            .lines()
            .flat_map(|l| l.split(|c| c != '▓').map(|run| run.chars().count()))
            .max()
            .unwrap_or(0);
        assert!(widest > 10 && widest <= app.spread().col_cols, "{widest}");
        assert!(shown.contains("[图] 农民在田间查看麦苗长势"), "{shown}");
        assert!(shown.contains("市农业农村局相关负责人表示"), "{shown}");
    }
}

mod worker {
    use std::time::Duration;

    use image::ImageFormat;
    use kanbao::pictures::worker::{Request, Worker};
    use kanbao::pictures::{Drawing, Key};

    use super::{encoded, photo, write};

    #[test]
    fn every_request_is_answered_off_the_calling_thread() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for n in 0..6 {
            write(
                dir.path(),
                &format!("images/{n}.jpg"),
                &encoded(&photo(200 + n * 10, 150), ImageFormat::Jpeg),
            );
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let worker = Worker::spawn(Drawing::Halfblocks, (0, 0), move |done| {
            let _ = tx.send(done);
        });
        let key = |n: u32| Key {
            source: dir.path().join("paper.md"),
            image: format!("images/{n}.jpg"),
            cols: 40,
            rows: 12,
        };
        for n in 0..6 {
            assert!(worker.request(Request { key: key(n) }));
        }
        // An unknown file is answered too, with its reason.
        assert!(worker.request(Request { key: key(9) }));
        let mut answered: Vec<_> = (0..7)
            .map(|_| rx.recv_timeout(Duration::from_secs(30)).expect("an answer"))
            .map(|done| (done.key.image, done.result.is_ok()))
            .collect();
        answered.sort();
        let mut want: Vec<_> = (0..6).map(|n| (format!("images/{n}.jpg"), true)).collect();
        want.push(("images/9.jpg".to_owned(), false));
        assert_eq!(answered, want);
    }
}
