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
    fn the_defaults_are_auto_half_the_pane_and_64_mb() {
        let config = Config::default();
        assert_eq!(config.images.protocol, Setting::Auto);
        assert_eq!(config.images.max_height, MaxHeight::Percent(50));
        assert_eq!(config.images.cache_bytes, 64 * 1024 * 1024);
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
