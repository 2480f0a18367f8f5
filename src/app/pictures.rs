//! Photos in the open story: the rows a photo may take (a share of the reading pane), which
//! pictures are in view (each asked of the picture worker the first time it is seen), and the
//! answers coming back. The pictures themselves live in [`Gallery`]; drawing only reads them.

use super::story::{StoryLine, item_at};
use super::{Action, App, Effect, Focus, Overlay, Panes, inner};
use crate::edition::model::Facsimile;
use crate::edition::{Block, Photo};
use crate::pictures::worker::Done;
use crate::pictures::{Gallery, Key};
use crate::typeset::Role;

/// A photo of the open story, for the photo list (`p`) and the full-pane view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryPhoto {
    pub photo: Photo,
    /// The edition's source, which relative picture paths start from.
    pub source: std::path::PathBuf,
}

/// Rows under a full-pane photo for its caption and credit.
pub const FULL_CAPTION_ROWS: u16 = 2;

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

    /// The pictures with at least one row in view, each once, top first; with a photo open
    /// full-pane, that one alone.
    pub fn pictures_in_view(&self) -> Vec<Key> {
        match &self.overlay {
            Some(Overlay::Photo { index }) => {
                return self.full_photo_key(*index).into_iter().collect();
            }
            Some(_) => return Vec::new(),
            None => {}
        }
        if self.page_image_shown() {
            return self.page_image_key().into_iter().collect();
        }
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

    /// Every photo of the open story, in reading order (a photo item's own first).
    pub fn story_photos(&self) -> Vec<StoryPhoto> {
        let Some(reader) = &self.reader else {
            return Vec::new();
        };
        let editions = &self.library.editions;
        reader
            .story
            .parts
            .iter()
            .filter_map(|at| Some((editions.get(at.edition)?, item_at(editions, *at)?)))
            .flat_map(|(edition, item)| {
                item.photos().into_iter().map(|photo| StoryPhoto {
                    photo,
                    source: edition.source.clone(),
                })
            })
            .collect()
    }

    /// Where photo `index` of the story is drawn full-pane: the body area, less its caption
    /// rows.
    pub fn full_photo_area(&self) -> ratatui::layout::Rect {
        let mut body = self.panes().body;
        body.height = body.height.saturating_sub(FULL_CAPTION_ROWS);
        body
    }

    /// The picture of photo `index` of the story at full-pane size.
    pub fn full_photo_key(&self, index: usize) -> Option<Key> {
        let photos = self.story_photos();
        let photo = photos.get(index)?;
        let area = self.full_photo_area();
        Some(Key {
            source: photo.source.clone(),
            image: photo.photo.image.clone()?,
            cols: area.width,
            rows: area.height,
        })
    }

    /// Opens photo `index` of the story full-pane, when it has a picture to show.
    pub(super) fn open_photo(&mut self, index: usize) {
        let photos = self.story_photos();
        match photos.get(index) {
            Some(p) if p.photo.image.is_some() && self.pictures.on() => {
                self.push_overlay(Overlay::Photo { index });
            }
            Some(_) if !self.pictures.on() => {
                self.info("pictures are off ([images] protocol in the config)");
            }
            Some(_) => self.info("this photo has no picture, only its caption"),
            None => self.info("this article has no photos"),
        }
    }

    /// `p`: the story's photos as a list.
    pub(super) fn show_photos(&mut self) {
        if self.reader.is_none() || self.story_photos().is_empty() {
            self.info("this article has no photos");
            return;
        }
        // The list starts at the first photo in view, else the first.
        let selected = self.photo_in_view().unwrap_or(0);
        self.open_overlay(Overlay::Photos { selected });
    }

    /// The story photo whose picture is highest in view, as an index into
    /// [`App::story_photos`].
    pub(super) fn photo_in_view(&self) -> Option<usize> {
        let key = self.pictures_in_view().into_iter().next()?;
        self.photo_index_of(&key)
    }

    /// The story photo a picture key shows.
    pub(super) fn photo_index_of(&self, key: &Key) -> Option<usize> {
        self.story_photos()
            .iter()
            .position(|p| p.source == key.source && p.photo.image.as_ref() == Some(&key.image))
    }

    /// Keys while the photo list or a full-pane photo is open.
    pub(super) fn photo_overlay_action(&mut self, action: Action) {
        let photos = self.story_photos();
        let count = photos.len();
        match &mut self.overlay {
            Some(Overlay::Photos { selected }) => match action {
                Action::MoveDown => *selected = (*selected + 1).min(count.saturating_sub(1)),
                Action::MoveUp => *selected = selected.saturating_sub(1),
                Action::Top => *selected = 0,
                Action::Bottom => *selected = count.saturating_sub(1),
                Action::Open => {
                    let index = *selected;
                    self.open_photo(index);
                }
                Action::Back | Action::ShowPhotos | Action::Click(..) => self.close_overlay(),
                _ => {}
            },
            Some(Overlay::Photo { index }) => {
                let step = |from: usize, forward: bool, photos: &[StoryPhoto]| {
                    let mut at = from;
                    loop {
                        at = if forward { at + 1 } else { at.checked_sub(1)? };
                        if photos.get(at)?.photo.image.is_some() {
                            return Some(at);
                        }
                    }
                };
                match action {
                    Action::MoveDown | Action::PageDown | Action::NextArticle => {
                        if let Some(next) = step(*index, true, &photos) {
                            *index = next;
                        }
                    }
                    Action::MoveUp | Action::PageUp | Action::PrevArticle => {
                        if let Some(prev) = step(*index, false, &photos) {
                            *index = prev;
                        }
                    }
                    Action::Back | Action::Open | Action::Click(..) | Action::ShowPhotos => {
                        self.close_overlay();
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The current page's facsimile (版面图), when the edition has one.
    pub fn facsimile(&self) -> Option<&Facsimile> {
        let edition = self.current_edition()?;
        let page = edition.pages.get(self.page)?;
        edition.facsimiles.get(&page.label)
    }

    /// Whether the reading pane shows the page's picture beside the headlines (`v`): while the
    /// lists have the keyboard, the page has a picture and pictures are on.
    pub fn page_image_shown(&self) -> bool {
        self.page_image
            && self.focus != Focus::Reader
            && self.pictures.on()
            && self.facsimile().is_some()
            && self.panes().reader.is_some()
    }

    /// The page picture at the reading pane's size.
    pub fn page_image_key(&self) -> Option<Key> {
        let facsimile = self.facsimile()?;
        let area = inner(self.panes().reader?);
        Some(Key {
            source: self.current_edition()?.source.clone(),
            image: facsimile.image.clone(),
            cols: area.width,
            rows: area.height,
        })
    }

    /// `v`: the page's picture in the reading pane, or the article again.
    pub(super) fn toggle_page_image(&mut self) {
        if !self.pictures.on() {
            self.info("pictures are off ([images] protocol in the config)");
            return;
        }
        if self.facsimile().is_none() {
            self.info("this page has no page picture (版面图)");
            return;
        }
        self.page_image = !self.page_image;
        if self.page_image && self.focus == Focus::Reader {
            self.focus = Focus::Headlines;
            self.keep_item_visible();
        }
    }

    /// A click at a cell of the page picture: the article whose area it falls in (the smallest
    /// area, where they overlap), as an index into the page's items.
    pub(super) fn item_on_page_image(&self, col: u16, row: u16) -> Option<usize> {
        let key = self.page_image_key()?;
        let Some(super::super::pictures::Entry::Ready(picture)) = self.pictures.get(&key) else {
            return None;
        };
        let area = inner(self.panes().reader?);
        let (width, height) = picture.size;
        let left = area.x + key.cols.saturating_sub(width) / 2;
        let top = area.y + key.rows.saturating_sub(height) / 2;
        if col < left || row < top || col >= left + width || row >= top + height {
            return None;
        }
        let (source_w, source_h) = picture.source_px;
        // The middle of the cell, in the picture's pixels.
        let px_x = (u64::from(col - left) * 2 + 1) * u64::from(source_w) / (u64::from(width) * 2);
        let px_y = (u64::from(row - top) * 2 + 1) * u64::from(source_h) / (u64::from(height) * 2);
        self.facsimile()?
            .regions
            .iter()
            .filter(|region| {
                let [left, top, right, bottom] = region.rect.map(u64::from);
                (left..right).contains(&px_x) && (top..bottom).contains(&px_y)
            })
            .min_by_key(|r| u64::from(r.rect[2] - r.rect[0]) * u64::from(r.rect[3] - r.rect[1]))
            .map(|r| r.item)
    }

    /// A picture decoded (or refused) by the worker. One that cannot be shown gives its rows
    /// back to the text, and its caption line says why.
    pub fn picture_done(&mut self, done: Done) {
        let failed = done.result.is_err();
        self.pictures.done(done.key, done.result);
        if failed {
            let edition = self
                .reader
                .as_ref()
                .and_then(|r| r.story.parts.first())
                .map_or(self.edition, |at| at.edition);
            self.refresh_picture_notes(edition);
            self.relayout();
            self.request_pictures();
        }
    }

    /// The notes for the pictures of edition `edition` that cannot be shown, in its language,
    /// for the typesetter.
    pub(super) fn refresh_picture_notes(&mut self, edition: usize) {
        let Some(edition) = self.library.editions.get(edition) else {
            return;
        };
        let zh = edition.is_chinese();
        let notes: std::collections::BTreeMap<String, String> = self
            .pictures
            .failures(&edition.source)
            .map(|(image, err)| {
                let note = if zh {
                    format!("（图片无法显示：{}）", err.zh())
                } else {
                    format!(" (picture not shown: {err})")
                };
                (image.to_owned(), note)
            })
            .collect();
        if *self.options.picture_notes != notes {
            self.options.picture_notes = std::sync::Arc::new(notes);
        }
    }
}
