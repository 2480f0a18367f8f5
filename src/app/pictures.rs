//! Photos in the open story: the rows a photo may take (a share of the reading pane), which
//! pictures are in view (each asked of the picture worker the first time it is seen), and the
//! answers coming back. The pictures themselves live in [`Gallery`]; drawing only reads them.

use super::story::{StoryLine, item_at};
use super::{App, Effect, Focus, Panes, inner};
use crate::edition::Block;
use crate::pictures::worker::Done;
use crate::pictures::{Gallery, Key};
use crate::typeset::Role;

/// A story line that is a row of a photo's picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureRow {
    pub key: Key,
    /// Which of the picture's rows, from 0.
    pub row: u16,
    /// The rows kept for it.
    pub rows: u16,
    /// Its box starts this many columns into the line's column.
    pub margin_cols: usize,
}

impl App {
    /// Turns pictures on (or off) with `gallery`'s protocol and settings; the story is set
    /// again with room for them.
    pub fn set_pictures(&mut self, gallery: Gallery) {
        self.pictures = gallery;
        self.options.picture_rows = self.picture_rows();
        self.relayout();
        self.request_pictures();
    }

    /// The most rows a photo takes in an article at this size: 0 with pictures off.
    pub(super) fn picture_rows(&self) -> usize {
        if !self.pictures.on() {
            return 0;
        }
        // The reader pane as it is when reading, so focus changes never re-set the story.
        let pane_rows = Panes::compute(self.cols, self.rows, Focus::Reader)
            .reader
            .map_or(1, |r| usize::from(inner(r).height));
        self.pictures.images.max_height.rows(pane_rows)
    }

    /// The photo that story line `line_idx` is a row of, if it is one.
    pub fn picture_row(&self, line_idx: usize) -> Option<PictureRow> {
        let reader = self.reader.as_ref()?;
        let StoryLine::Text { part, line } = reader.story.lines.get(line_idx)? else {
            return None;
        };
        let Role::Picture { row, rows } = line.role else {
            return None;
        };
        let at = *reader.story.parts.get(*part)?;
        let item = item_at(&self.library.editions, at)?;
        let image = match line.block_idx {
            Some(block_idx) => match item.body.get(block_idx)? {
                Block::Photo(photo) => photo.image.as_ref()?,
                _ => return None,
            },
            None => item.image.as_ref()?,
        };
        let source = &self.library.editions.get(at.edition)?.source;
        Some(PictureRow {
            key: Key {
                source: source.clone(),
                image: image.clone(),
                cols: u16::try_from(line.cols).unwrap_or(u16::MAX),
                rows,
            },
            row,
            rows,
            margin_cols: line.margin_cols,
        })
    }

    /// The pictures with at least one row in view, each once, top first.
    pub fn pictures_in_view(&self) -> Vec<Key> {
        let Some(reader) = &self.reader else {
            return Vec::new();
        };
        if self.panes().reader.is_none() {
            return Vec::new();
        }
        let placed = reader.placement(&self.spread(), self.reader_rows());
        let mut keys: Vec<Key> = Vec::new();
        for line_idx in placed.shown() {
            if let Some(picture) = self.picture_row(line_idx)
                && !keys.contains(&picture.key)
            {
                keys.push(picture.key);
            }
        }
        keys
    }

    /// Asks the worker for every picture in view that was never asked for (and marks those in
    /// view as just seen, so the cache keeps them).
    pub fn request_pictures(&mut self) {
        if !self.pictures.on() {
            return;
        }
        let keys = self.pictures_in_view();
        for key in self.pictures.want(keys) {
            self.effects.push(Effect::LoadPicture(Box::new(key)));
        }
    }

    /// A picture decoded (or refused) by the worker.
    pub fn picture_done(&mut self, done: Done) {
        self.pictures.done(done.key, done.result);
    }
}
