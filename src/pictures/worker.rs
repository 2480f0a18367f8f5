//! The picture worker: a thread that reads, decodes, scales and encodes photos for the protocol
//! in use, one request at a time, and hands each result to a callback (the event loop turns it
//! into a wake-up). The UI thread never decodes: the text shows at once, a photo when it is ready.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::halfblocks::Halfblocks;
use ratatui_image::sliced::SlicedProtocol;
use ratatui_image::{FontSize, Resize};

use super::load::{self, PictureError};
use super::{Drawing, Key, Picture};

/// One photo wanted at one size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub key: Key,
}

/// A request answered.
#[derive(Debug)]
pub struct Done {
    pub key: Key,
    pub result: Result<Arc<Picture>, PictureError>,
}

/// Recently decoded pictures: path, the picture (scaled down to [`KEPT_SIDE`]) and its size as
/// decoded.
type Decoded = VecDeque<(PathBuf, Arc<DynamicImage>, (u32, u32))>;

/// Decoded pictures kept for a re-encode at another size (a resize): the last few only.
const DECODED_KEPT: usize = 2;
/// Decoded pictures are scaled down to at most this many pixels a side before they are kept:
/// more than any terminal cell area shows.
const KEPT_SIDE: u32 = 2048;

/// The handle the event loop keeps; dropping it ends the thread after its current picture.
#[derive(Debug)]
pub struct Worker {
    tx: mpsc::Sender<Request>,
}

impl Worker {
    /// Starts the thread. `font` is the terminal's cell size in pixels (for the protocols that
    /// draw real pixels); `send` hands each result to the loop.
    pub fn spawn(
        drawing: Drawing,
        font: (u16, u16),
        send: impl Fn(Done) + Send + 'static,
    ) -> Worker {
        let (tx, rx) = mpsc::channel::<Request>();
        std::thread::spawn(move || {
            // Made on the thread: inside tmux it runs a command.
            let encoder = Encoder::new(drawing, font);
            let mut decoded: Decoded = VecDeque::new();
            // Requests waiting, the next one last. What came in last is what the reader just
            // scrolled to: it goes first, the pictures asked for together in their order.
            let mut waiting: Vec<Request> = Vec::new();
            while let Ok(first) = rx.recv() {
                waiting.push(first);
                let mut newest: Vec<Request> = rx.try_iter().collect();
                newest.reverse();
                waiting.append(&mut newest);
                while let Some(request) = waiting.pop() {
                    let result = render(&encoder, &request.key, &mut decoded);
                    send(Done {
                        key: request.key,
                        result,
                    });
                    let mut newest: Vec<Request> = rx.try_iter().collect();
                    newest.reverse();
                    waiting.append(&mut newest);
                }
            }
        });
        Worker { tx }
    }

    /// Queues a request; false when the thread is gone.
    pub fn request(&self, request: Request) -> bool {
        self.tx.send(request).is_ok()
    }
}

/// Turns decoded pictures into what the terminal draws, for one protocol and cell size.
pub struct Encoder {
    /// `None` for half-blocks, which need no terminal knowledge (and so no `Picker`, whose
    /// construction inside tmux also runs `tmux set -p allow-passthrough on`).
    picker: Option<Picker>,
}

impl Encoder {
    /// The encoder for `drawing` at cell size `font` (width, height in pixels; 0 when unknown).
    pub fn new(drawing: Drawing, (width, height): (u16, u16)) -> Encoder {
        let protocol = match drawing {
            Drawing::Kitty => ProtocolType::Kitty,
            Drawing::Iterm2 => ProtocolType::Iterm2,
            Drawing::Sixel => ProtocolType::Sixel,
            Drawing::Halfblocks | Drawing::Off => return Encoder { picker: None },
        };
        let font = if width == 0 || height == 0 {
            FontSize::new(10, 20)
        } else {
            FontSize::new(width, height)
        };
        // `from_fontsize` is the one constructor that takes a cell size without querying the
        // terminal (a query would race the input thread for the answer); it is deprecated only
        // in favour of that query.
        #[allow(deprecated)]
        let mut picker = Picker::from_fontsize(font);
        picker.set_protocol_type(protocol);
        Encoder {
            picker: Some(picker),
        }
    }

    /// Scales `image` to fit `cols` × `rows` cells (never larger than it is) and encodes it.
    pub fn encode(
        &self,
        image: &DynamicImage,
        cols: u16,
        rows: u16,
    ) -> Result<Picture, PictureError> {
        let failed = |err: ratatui_image::errors::Errors| {
            PictureError::Corrupt(err.to_string().chars().take(40).collect())
        };
        let Some(picker) = &self.picker else {
            // Half-blocks: a cell is two pixels, one above the other.
            let scaled = fit(image, u32::from(cols), u32::from(rows) * 2);
            let size = Size::new(
                u16::try_from(scaled.width()).unwrap_or(cols).max(1),
                u16::try_from(scaled.height().div_ceil(2))
                    .unwrap_or(rows)
                    .max(1),
            );
            let blocks = Halfblocks::new(scaled, size).map_err(failed)?;
            return Ok(Picture {
                protocol: SlicedProtocol::Halfblocks(blocks),
                size: (size.width, size.height),
                source_px: (image.width(), image.height()),
                // Two colours and a character a cell.
                bytes: usize::from(size.width) * usize::from(size.height) * 48,
            });
        };
        let font = picker.font_size();
        let scaled = fit(
            image,
            u32::from(cols) * u32::from(font.width),
            u32::from(rows) * u32::from(font.height),
        );
        let protocol = SlicedProtocol::new_with_resize(
            picker,
            scaled,
            Size::new(cols, rows),
            Resize::Fit(None),
        )
        .map_err(failed)?;
        let size = protocol.size();
        // Base64 RGBA for kitty and iTerm2, or sixel bands: about 6 bytes a pixel.
        let bytes = usize::from(size.width)
            * usize::from(size.height)
            * usize::from(font.width)
            * usize::from(font.height)
            * 6;
        Ok(Picture {
            protocol,
            size: (size.width, size.height),
            source_px: (image.width(), image.height()),
            bytes,
        })
    }
}

/// `image` scaled down to fit `width` × `height` pixels, keeping its shape; as it is when it
/// fits. `thumbnail` averages (a photo scaled by nearest neighbour shimmers).
fn fit(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if image.width() > width || image.height() > height {
        image.thumbnail(width.max(1), height.max(1))
    } else {
        image.clone()
    }
}

/// One request answered on the calling thread, with no decoded picture kept: what the worker
/// does, for tests and benchmarks.
pub fn answer(encoder: &Encoder, key: Key) -> Done {
    let result = render(encoder, &key, &mut VecDeque::new());
    Done { key, result }
}

/// Decodes (or takes from `decoded`) and encodes one picture for its box.
fn render(
    encoder: &Encoder,
    key: &Key,
    decoded: &mut Decoded,
) -> Result<Arc<Picture>, PictureError> {
    let base = load::edition_dir(&key.source);
    let path = load::resolve(&base, &key.image)?;
    let (image, source_px) = if let Some(at) = decoded.iter().position(|(p, ..)| *p == path) {
        let hit = decoded.remove(at).expect("the position was just found");
        decoded.push_front(hit.clone());
        (hit.1, hit.2)
    } else {
        let full = load::decode(&path)?;
        let source_px = (full.width(), full.height());
        let kept = if full.width() > KEPT_SIDE || full.height() > KEPT_SIDE {
            full.thumbnail(KEPT_SIDE, KEPT_SIDE)
        } else {
            full
        };
        let kept = Arc::new(kept);
        decoded.push_front((path, kept.clone(), source_px));
        decoded.truncate(DECODED_KEPT);
        (kept, source_px)
    };
    let mut picture = encoder.encode(&image, key.cols, key.rows)?;
    picture.source_px = source_px;
    Ok(Arc::new(picture))
}
