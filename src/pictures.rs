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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pictures::worker::Encoder;

    fn key(n: u16) -> Key {
        Key {
            source: PathBuf::from("paper.md"),
            image: format!("images/{n}.jpg"),
            cols: 40,
            rows: 10,
        }
    }

    /// A picture said to take `mb` MiB.
    fn picture(mb: usize) -> Arc<Picture> {
        let image = image::DynamicImage::new_rgb8(8, 6);
        let mut picture = Encoder::new(Drawing::Halfblocks, (0, 0))
            .encode(&image, 4, 2)
            .expect("a tiny picture");
        picture.bytes = mb * 1024 * 1024;
        Arc::new(picture)
    }

    #[test]
    fn the_cache_stays_under_its_cap_and_drops_what_was_seen_longest_ago() {
        let mut gallery = Gallery::new(Drawing::Halfblocks, Images::default());
        let cap = gallery.images.cache_bytes;
        for n in 0..20 {
            assert_eq!(gallery.want([key(n)]), [key(n)]);
            gallery.done(key(n), Ok(picture(5)));
            assert!(gallery.used_bytes() <= cap, "{n}: {}", gallery.used_bytes());
            // Photo 0 stays in view all along: seen again on every round.
            gallery.want([key(0)]);
        }
        // 32 MiB hold six pictures of 5 MiB: photo 0 and the five newest.
        assert_eq!(gallery.ready_count(), 6);
        assert!(matches!(gallery.get(&key(0)), Some(Entry::Ready(_))));
        assert!(matches!(gallery.get(&key(19)), Some(Entry::Ready(_))));
        assert!(
            gallery.get(&key(1)).is_none(),
            "the oldest unseen is dropped"
        );
        // A dropped picture is asked for again when it comes back into view.
        assert_eq!(gallery.want([key(1)]), [key(1)]);
        // One picture larger than the whole cap is still kept (it is the one being looked at).
        gallery.done(key(1), Ok(picture(40)));
        assert!(matches!(gallery.get(&key(1)), Some(Entry::Ready(_))));
        assert_eq!(gallery.ready_count(), 1);
    }

    #[test]
    fn failures_are_kept_per_edition() {
        let mut gallery = Gallery::new(Drawing::Halfblocks, Images::default());
        gallery.want([key(1)]);
        gallery.done(key(1), Err(PictureError::Missing));
        let here: Vec<_> = gallery.failures(std::path::Path::new("paper.md")).collect();
        assert_eq!(here, [("images/1.jpg", &PictureError::Missing)]);
        assert_eq!(
            gallery.failures(std::path::Path::new("other.md")).count(),
            0
        );
    }
}
