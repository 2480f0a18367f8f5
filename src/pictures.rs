//! Pictures: news photos drawn in the terminal. Which protocol draws them ([`choose`]), reading a
//! photo's file safely ([`load`]), the thread that decodes and encodes off the UI thread
//! ([`worker`]), and the bounded cache of encoded pictures the reader draws from ([`Gallery`]).

pub mod choose;
pub mod load;
pub mod worker;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use ratatui_image::sliced::SlicedProtocol;

pub use choose::{Drawing, Setting, TermEnv};
pub use load::PictureError;

/// `[images] max_height`: how tall a photo in an article may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxHeight {
    /// A share of the reading pane's rows, in percent (1..=100).
    Percent(u8),
    /// A number of rows.
    Rows(u16),
}

impl MaxHeight {
    /// The rows a photo may take in a pane `pane_rows` high (at least 1).
    pub fn rows(self, pane_rows: usize) -> usize {
        match self {
            MaxHeight::Percent(percent) => pane_rows * usize::from(percent) / 100,
            MaxHeight::Rows(rows) => usize::from(rows).min(pane_rows),
        }
        .max(1)
    }
}

/// `[images]`, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Images {
    pub protocol: Setting,
    pub max_height: MaxHeight,
    /// The most memory encoded pictures may take, in bytes.
    pub cache_bytes: usize,
}

impl Default for Images {
    fn default() -> Images {
        Images {
            protocol: Setting::Auto,
            max_height: MaxHeight::Percent(50),
            cache_bytes: 32 * 1024 * 1024,
        }
    }
}

/// One photo at one size: the edition it belongs to, its path as written, and the cell box it
/// is fitted into.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The edition's source (file or folder); relative paths start from its folder.
    pub source: PathBuf,
    /// The photo's `image` as the edition gives it.
    pub image: String,
    pub cols: u16,
    pub rows: u16,
}

/// A photo encoded for the terminal, ready to draw row by row.
pub struct Picture {
    pub protocol: SlicedProtocol,
    /// Its size in cells (within the box it was fitted to).
    pub size: (u16, u16),
    /// The decoded picture's size in pixels (what page areas are measured in).
    pub source_px: (u32, u32),
    /// About how much memory it holds.
    pub bytes: usize,
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("size", &self.size)
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

/// What the gallery knows about a key.
#[derive(Debug, Clone)]
pub enum Entry {
    /// Asked of the worker; not back yet.
    Pending,
    Ready(Arc<Picture>),
    /// Could not be shown, and why.
    Failed(PictureError),
}

/// The encoded pictures, bounded in memory: when a new one would pass the cap, those not drawn
/// for longest go first (they are encoded again if they come back into view).
#[derive(Debug, Default)]
pub struct Gallery {
    pub drawing: Drawing,
    pub images: Images,
    entries: HashMap<Key, (Entry, u64)>,
    used_bytes: usize,
    /// Ticks on each [`Gallery::touch`] round, for least-recently-drawn eviction.
    clock: u64,
}

impl Gallery {
    pub fn new(drawing: Drawing, images: Images) -> Gallery {
        Gallery {
            drawing,
            images,
            ..Gallery::default()
        }
    }

    /// Whether photos are drawn at all.
    pub fn on(&self) -> bool {
        self.drawing != Drawing::Off
    }

    pub fn get(&self, key: &Key) -> Option<&Entry> {
        self.entries.get(key).map(|(entry, _)| entry)
    }

    /// Marks `keys` as wanted now (in view); returns those never asked for, now pending.
    pub fn want(&mut self, keys: impl IntoIterator<Item = Key>) -> Vec<Key> {
        self.clock += 1;
        let now = self.clock;
        let mut new = Vec::new();
        for key in keys {
            if let Some((_, stamp)) = self.entries.get_mut(&key) {
                *stamp = now;
            } else {
                self.entries.insert(key.clone(), (Entry::Pending, now));
                new.push(key);
            }
        }
        new
    }

    /// A worker's answer. Pictures not in view for longest are dropped while the total is over
    /// the cap (the newest one always stays).
    pub fn done(&mut self, key: Key, result: Result<Arc<Picture>, PictureError>) {
        let stamp = self.entries.get(&key).map_or(self.clock, |(_, s)| *s);
        let entry = match result {
            Ok(picture) => {
                self.used_bytes += picture.bytes;
                Entry::Ready(picture)
            }
            Err(err) => Entry::Failed(err),
        };
        let kept = key.clone();
        if let Some((Entry::Ready(old), _)) = self.entries.insert(key, (entry, stamp)) {
            self.used_bytes -= old.bytes;
        }
        while self.used_bytes > self.images.cache_bytes {
            let oldest = self
                .entries
                .iter()
                .filter(|(k, (e, _))| **k != kept && matches!(e, Entry::Ready(_)))
                .min_by_key(|(_, (_, stamp))| *stamp)
                .map(|(k, _)| k.clone());
            let Some(oldest) = oldest else { break };
            if let Some((Entry::Ready(old), _)) = self.entries.remove(&oldest) {
                self.used_bytes -= old.bytes;
            }
        }
    }

    /// The pictures of the edition at `source` that could not be shown: path as written, why.
    pub fn failures<'a>(
        &'a self,
        source: &'a std::path::Path,
    ) -> impl Iterator<Item = (&'a str, &'a PictureError)> + 'a {
        self.entries
            .iter()
            .filter_map(move |(key, (entry, _))| match entry {
                Entry::Failed(err) if key.source == source => Some((key.image.as_str(), err)),
                _ => None,
            })
    }

    /// Memory held by encoded pictures, in bytes.
    pub fn used_bytes(&self) -> usize {
        self.used_bytes
    }

    /// Encoded pictures held.
    pub fn ready_count(&self) -> usize {
        self.entries
            .values()
            .filter(|(e, _)| matches!(e, Entry::Ready(_)))
            .count()
    }
}
