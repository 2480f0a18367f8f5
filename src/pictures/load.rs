//! Reading a photo's file safely: the path is resolved inside the edition's folder (nothing
//! outside it, symlinks included, is opened), the file's size is capped, and the picture's
//! dimensions are read from its header and checked before a single pixel is decoded, so a
//! decompression bomb costs a header read. Every refusal is a [`PictureError`] with a short
//! reason for the `[图]` line.

use std::io::{Cursor, Read as _};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// The largest picture file read, in bytes. News photos are well under 10 MB.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The most pixels decoded (a 50-megapixel photo); more is refused from the header.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The widest or tallest picture decoded, in pixels.
pub const MAX_SIDE: u32 = 16_384;
/// The most memory the decoder may allocate, in bytes.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// Why a photo is not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    /// The photo is an address on the web: `kanbao fetch` downloads pictures into `images/`.
    #[error("not downloaded")]
    Remote,
    /// The path leads outside the edition's folder (`../`, an absolute path, a symlink out).
    #[error("outside the edition folder")]
    Outside,
    #[error("file missing")]
    Missing,
    #[error("not a file")]
    NotAFile,
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("file too large ({} MB)", .bytes / 1_000_000)]
    TooLarge { bytes: u64 },
    #[error("too many pixels ({width}×{height})")]
    TooManyPixels { width: u32, height: u32 },
    #[error("not a picture kanbao reads")]
    Unsupported,
    #[error("truncated")]
    Truncated,
    #[error("damaged: {0}")]
    Corrupt(String),
}

impl PictureError {
    /// The reason in Chinese, for a Chinese edition's `[图]` place.
    pub fn zh(&self) -> String {
        match self {
            PictureError::Remote => "未下载".to_owned(),
            PictureError::Outside => "路径在报纸文件夹之外".to_owned(),
            PictureError::Missing => "文件不存在".to_owned(),
            PictureError::NotAFile => "不是文件".to_owned(),
            PictureError::Unreadable(why) => format!("无法读取（{why}）"),
            PictureError::TooLarge { bytes } => format!("文件过大（{} MB）", bytes / 1_000_000),
            PictureError::TooManyPixels { width, height } => {
                format!("像素过多（{width}×{height}）")
            }
            PictureError::Unsupported => "不是可读的图片".to_owned(),
            PictureError::Truncated => "文件不完整".to_owned(),
            PictureError::Corrupt(why) => format!("文件损坏（{why}）"),
        }
    }
}

/// The folder an edition's relative picture paths start from: the edition folder itself, or the
/// folder holding an edition file.
pub fn edition_dir(source: &Path) -> PathBuf {
    if source.is_dir() {
        return source.to_owned();
    }
    match source.parent() {
        // `paper.md` given as is: its folder is the current one.
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The file `image` names, relative to `base`, once it is known to be inside `base` after every
/// symlink is followed.
pub fn resolve(base: &Path, image: &str) -> Result<PathBuf, PictureError> {
    if image.contains("://") || image.starts_with("data:") {
        return Err(PictureError::Remote);
    }
    let relative = Path::new(image);
    if relative.is_absolute() {
        return Err(PictureError::Outside);
    }
    let base = base.canonicalize().map_err(|_| PictureError::Missing)?;
    let path = base.join(relative).canonicalize().map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            // A dangling path may still point out: say so rather than "missing".
            if escapes(relative) {
                PictureError::Outside
            } else {
                PictureError::Missing
            }
        } else {
            PictureError::Unreadable(err.kind().to_string())
        }
    })?;
    if path.starts_with(&base) {
        Ok(path)
    } else {
        Err(PictureError::Outside)
    }
}

/// Whether a relative path climbs above its start (`../x`, `a/../../x`).
fn escapes(relative: &Path) -> bool {
    let mut depth = 0i32;
    for part in relative.components() {
        match part {
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// Reads and decodes the picture at `path` (already [`resolve`]d) within the limits above.
pub fn decode(path: &Path) -> Result<DynamicImage, PictureError> {
    let bytes = read_capped(path)?;
    decode_bytes(&bytes)
}

/// Decodes a picture held in memory: format from its first bytes, dimensions from its header
/// and checked, then the pixels, with the decoder's own allocation limit as a second guard.
pub fn decode_bytes(bytes: &[u8]) -> Result<DynamicImage, PictureError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| PictureError::Unreadable(err.kind().to_string()))?;
    let Some(format) = reader.format() else {
        return Err(PictureError::Unsupported);
    };
    let (width, height) = reader.into_dimensions().map_err(image_error)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PictureError::TooManyPixels { width, height });
    }
    // A JPEG cut short still decodes (the decoder fills the missing rows with grey): without its
    // end-of-image marker it is called what it is.
    if format == ImageFormat::Jpeg && memchr::memmem::rfind(bytes, &[0xFF, 0xD9]).is_none() {
        return Err(PictureError::Truncated);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(image_error)
}

fn image_error(err: image::ImageError) -> PictureError {
    use image::ImageError;
    match err {
        ImageError::Limits(_) => PictureError::TooManyPixels {
            width: 0,
            height: 0,
        },
        ImageError::Unsupported(_) => PictureError::Unsupported,
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PictureError::Truncated
        }
        ImageError::IoError(io) => PictureError::Unreadable(io.kind().to_string()),
        other => {
            let text = other.to_string();
            // Decoders say "unexpected end of file" in their own words.
            let lower = text.to_ascii_lowercase();
            if lower.contains("end of") || lower.contains("eof") || lower.contains("truncat") {
                PictureError::Truncated
            } else {
                PictureError::Corrupt(short(&text))
            }
        }
    }
}

/// The first words of a decoder's message, for a line that has little room.
fn short(text: &str) -> String {
    let clean = crate::edition::sanitize::escaped(text);
    clean.chars().take(40).collect()
}

/// The file's bytes, refused past [`MAX_FILE_BYTES`] (checked on what was opened, and again
/// while reading, so a file that grows is still cut).
fn read_capped(path: &Path) -> Result<Vec<u8>, PictureError> {
    // Opening a FIFO blocks until something writes to it: what is not a regular file is refused
    // before it is opened (and checked again on what was opened).
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(PictureError::NotAFile),
        _ => {}
    }
    let file = std::fs::File::open(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => PictureError::Missing,
        kind => PictureError::Unreadable(kind.to_string()),
    })?;
    let meta = file
        .metadata()
        .map_err(|err| PictureError::Unreadable(err.kind().to_string()))?;
    if !meta.is_file() {
        return Err(PictureError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(PictureError::TooLarge { bytes: meta.len() });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| PictureError::Unreadable(err.kind().to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PictureError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}
