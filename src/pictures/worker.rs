//! The picture worker: a thread that reads, decodes, scales and encodes photos for the protocol
//! in use, one request at a time, and hands each result to a callback (the event loop turns it
//! into a wake-up). The UI thread never decodes: the text shows at once, a photo when it is ready.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::picker::{Picker, ProtocolType};
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

/// Decoded pictures kept for a re-encode at another size (a resize): the last few only.
const DECODED_KEPT: usize = 4;
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
        let picker = picker_for(drawing, font);
        std::thread::spawn(move || {
            let mut decoded: VecDeque<(PathBuf, Arc<DynamicImage>)> = VecDeque::new();
            while let Ok(request) = rx.recv() {
                let result = render(&picker, &request.key, &mut decoded);
                send(Done {
                    key: request.key,
                    result,
                });
            }
        });
        Worker { tx }
    }

    /// Queues a request; false when the thread is gone.
    pub fn request(&self, request: Request) -> bool {
        self.tx.send(request).is_ok()
    }
}

/// The encoder for `drawing` at cell size `font` (width, height in pixels; 0 when unknown).
pub fn picker_for(drawing: Drawing, (width, height): (u16, u16)) -> Picker {
    let (font, protocol) = match drawing {
        Drawing::Kitty => (FontSize::new(width, height), ProtocolType::Kitty),
        Drawing::Iterm2 => (FontSize::new(width, height), ProtocolType::Iterm2),
        Drawing::Sixel => (FontSize::new(width, height), ProtocolType::Sixel),
        // Half-blocks are two pixels to a cell, one above the other.
        Drawing::Halfblocks | Drawing::Off => (FontSize::new(1, 2), ProtocolType::Halfblocks),
    };
    let font = if font.width == 0 || font.height == 0 {
        FontSize::new(10, 20)
    } else {
        font
    };
    // `from_fontsize` is the one constructor that takes a cell size without querying the
    // terminal (a query would race the input thread for the answer); it is deprecated only in
    // favour of that query.
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(font);
    picker.set_protocol_type(protocol);
    picker
}

/// One request answered on the calling thread, with no decoded picture kept: what the worker
/// does, for tests and benchmarks.
pub fn answer(picker: &Picker, key: Key) -> Done {
    let result = render(picker, &key, &mut VecDeque::new());
    Done { key, result }
}

/// Decodes (or takes from `decoded`) and encodes one picture for its box.
fn render(
    picker: &Picker,
    key: &Key,
    decoded: &mut VecDeque<(PathBuf, Arc<DynamicImage>)>,
) -> Result<Arc<Picture>, PictureError> {
    let base = load::edition_dir(&key.source);
    let path = load::resolve(&base, &key.image)?;
    let image = if let Some(at) = decoded.iter().position(|(p, _)| *p == path) {
        let hit = decoded.remove(at).expect("the position was just found");
        decoded.push_front(hit.clone());
        hit.1
    } else {
        let full = load::decode(&path)?;
        let kept = if full.width() > KEPT_SIDE || full.height() > KEPT_SIDE {
            full.thumbnail(KEPT_SIDE, KEPT_SIDE)
        } else {
            full
        };
        let kept = Arc::new(kept);
        decoded.push_front((path, kept.clone()));
        decoded.truncate(DECODED_KEPT);
        kept
    };
    Ok(Arc::new(encode(picker, &image, key.cols, key.rows)?))
}

/// Scales `image` to fit `cols` × `rows` cells (never larger than it is) and encodes it.
pub fn encode(
    picker: &Picker,
    image: &DynamicImage,
    cols: u16,
    rows: u16,
) -> Result<Picture, PictureError> {
    let font = picker.font_size();
    let box_w = u32::from(cols) * u32::from(font.width);
    let box_h = u32::from(rows) * u32::from(font.height);
    // `thumbnail` averages (a photo scaled by nearest neighbour shimmers); it keeps the aspect.
    let scaled = if image.width() > box_w || image.height() > box_h {
        image.thumbnail(box_w.max(1), box_h.max(1))
    } else {
        image.clone()
    };
    let protocol =
        SlicedProtocol::new_with_resize(picker, scaled, Size::new(cols, rows), Resize::Fit(None))
            .map_err(|err| PictureError::Corrupt(err.to_string().chars().take(40).collect()))?;
    let size = protocol.size();
    let pixels = usize::from(size.width)
        * usize::from(size.height)
        * usize::from(font.width)
        * usize::from(font.height);
    // What the encoded form holds: base64 RGBA for kitty and iTerm2, sixel bands, or a cell's
    // two colours for half-blocks.
    let bytes = match picker.protocol_type() {
        ProtocolType::Halfblocks => usize::from(size.width) * usize::from(size.height) * 48,
        _ => pixels * 6,
    };
    Ok(Picture {
        protocol,
        size: (size.width, size.height),
        bytes,
    })
}
