//! A photo's picture: drawn from the gallery when it is ready (centred in the box the story kept
//! for it, only the rows in view), else a thin frame saying it is on its way or why it cannot be
//! shown. Never waits for a picture.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::sliced::{SignedPosition, SlicedImage};
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use crate::app::{App, FULL_CAPTION_ROWS, PictureRow};
use crate::config::Theme;
use crate::pictures::{Entry, Gallery, Key};

pub struct PictureView<'a> {
    pub gallery: &'a Gallery,
    pub theme: &'a Theme,
    /// Notes in Chinese.
    pub zh: bool,
}

impl PictureView<'_> {
    /// Draws `shown` rows of the picture from row `first.row` of its box into `area` (the box's
    /// width, `shown` rows).
    pub fn draw_rows(&self, first: &PictureRow, shown: u16, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let key = &first.key;
        match self.gallery.get(key) {
            Some(Entry::Ready(picture)) => {
                let (width, height) = picture.size;
                let left = key.cols.saturating_sub(width) / 2;
                let top = key.rows.saturating_sub(height) / 2;
                let image_area = Rect::new(
                    area.x + left.min(area.width),
                    area.y,
                    width.min(area.width.saturating_sub(left)),
                    area.height,
                );
                let y = i16::try_from(i32::from(top) - i32::from(first.row)).unwrap_or(i16::MIN);
                SlicedImage::new(&picture.protocol, SignedPosition { x: 0, y })
                    .render(image_area, buf);
            }
            Some(Entry::Failed(err)) => {
                let note = if self.zh {
                    format!("图片无法显示：{}", err.zh())
                } else {
                    format!("picture not shown: {err}")
                };
                self.frame(key, first.row, shown, area, &note, buf);
            }
            Some(Entry::Pending) | None => {
                let note = if self.zh {
                    "图片载入中…"
                } else {
                    "loading picture…"
                };
                self.frame(key, first.row, shown, area, note, buf);
            }
        }
    }

    /// A thin dim frame over the box's rows `from..from + shown`, `note` on its middle row.
    fn frame(&self, key: &Key, from: u16, shown: u16, area: Rect, note: &str, buf: &mut Buffer) {
        let style = self.theme.dim;
        let cols = usize::from(area.width);
        if cols < 2 {
            return;
        }
        let inside = cols - 2;
        for r in 0..shown.min(area.height) {
            let box_row = from + r;
            let y = area.y + r;
            let line = if box_row == 0 {
                format!("┌{}┐", "─".repeat(inside))
            } else if box_row + 1 == key.rows {
                format!("└{}┘", "─".repeat(inside))
            } else {
                format!("│{}│", " ".repeat(inside))
            };
            buf.set_stringn(area.x, y, &line, cols, style);
            if box_row == key.rows / 2 && key.rows > 2 {
                let note = fit(note, inside.saturating_sub(2));
                let x = area.x + 1 + ((inside - note.width()) / 2) as u16;
                buf.set_stringn(x, y, &note, inside, style);
            }
        }
    }
}

/// One photo of the open story over the whole body, its caption and credit under it, and where
/// it is among the story's photos.
pub struct PhotoPane<'a> {
    pub app: &'a App,
    pub index: usize,
    pub theme: &'a Theme,
}

impl PhotoPane<'_> {
    pub fn draw(&self, body: Rect, buf: &mut Buffer) {
        ratatui::widgets::Clear.render(body, buf);
        let photos = self.app.story_photos();
        let (Some(key), Some(story_photo)) =
            (self.app.full_photo_key(self.index), photos.get(self.index))
        else {
            return;
        };
        let photo = &story_photo.photo;
        let text = photo.caption_line();
        let zh = text.chars().any(crate::edition::recognize::is_han);
        let area = self.app.full_photo_area();
        PictureView {
            gallery: &self.app.pictures,
            theme: self.theme,
            zh,
        }
        .draw_rows(
            &PictureRow {
                key,
                row: 0,
                rows: area.height,
                margin_cols: 0,
            },
            area.height,
            area,
            buf,
        );
        let cols = usize::from(body.width);
        let y = area.y + area.height;
        let text = super::text::shown(&text, zh && !self.app.raw);
        let caption = fit(&text, cols);
        let x = body.x + ((cols.saturating_sub(caption.width())) / 2) as u16;
        buf.set_stringn(x, y, &caption, cols, self.theme.body);
        if FULL_CAPTION_ROWS > 1 {
            let with_pictures = photos.iter().filter(|p| p.photo.image.is_some()).count();
            let at = photos
                .iter()
                .take(self.index + 1)
                .filter(|p| p.photo.image.is_some())
                .count();
            let hint = if zh {
                format!("图 {at}/{with_pictures} · j/k 上下张 · Esc 返回")
            } else {
                format!("photo {at}/{with_pictures} · j/k next/previous · Esc back")
            };
            let hint = fit(&hint, cols);
            let x = body.x + ((cols.saturating_sub(hint.width())) / 2) as u16;
            buf.set_stringn(x, y + 1, &hint, cols, self.theme.dim);
        }
    }
}

/// The page's picture (版面图) in the reading pane, the selected headline's area outlined.
pub struct PageImageView<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl PageImageView<'_> {
    pub fn draw(&self, block: ratatui::widgets::Block<'_>, area: Rect, buf: &mut Buffer) {
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(key) = self.app.page_image_key() else {
            return;
        };
        let zh = self
            .app
            .current_edition()
            .is_some_and(crate::edition::Edition::is_chinese);
        let view = PictureView {
            gallery: &self.app.pictures,
            theme: self.theme,
            zh,
        };
        view.draw_rows(
            &PictureRow {
                key: key.clone(),
                row: 0,
                rows: key.rows,
                margin_cols: 0,
            },
            key.rows,
            inner,
            buf,
        );
        let (Some(Entry::Ready(picture)), Some(facsimile), Some(item)) = (
            self.app.pictures.get(&key),
            self.app.facsimile(),
            self.app.item,
        ) else {
            return;
        };
        let Some(region) = facsimile.regions.iter().find(|r| r.item == item) else {
            return;
        };
        let (width, height) = picture.size;
        let (source_w, source_h) = picture.source_px;
        if source_w == 0 || source_h == 0 {
            return;
        }
        let left = inner.x + key.cols.saturating_sub(width) / 2;
        let top = inner.y + key.rows.saturating_sub(height) / 2;
        let [l, t, r, b] = region.rect.map(u64::from);
        let to_col =
            |x: u64| (x * u64::from(width) / u64::from(source_w)).min(u64::from(width)) as u16;
        let to_row =
            |y: u64| (y * u64::from(height) / u64::from(source_h)).min(u64::from(height)) as u16;
        let (x0, x1) = (
            left + to_col(l),
            left + to_col(r).saturating_sub(1).max(to_col(l)),
        );
        let (y0, y1) = (
            top + to_row(t),
            top + to_row(b).saturating_sub(1).max(to_row(t)),
        );
        outline(
            buf,
            Rect::new(x0, y0, x1 - x0 + 1, y1 - y0 + 1),
            self.theme.current_match,
        );
    }
}

/// One cell of an outline: the picture's colours there give way to the highlight.
fn mark(cell: &mut ratatui::buffer::Cell, ch: char, style: ratatui::style::Style) {
    cell.reset();
    cell.set_char(ch).set_style(style);
}

/// A box with rounded corners (no pane uses them) along the edge of `rect`; the cells inside
/// are left as they are.
fn outline(buf: &mut Buffer, rect: Rect, style: ratatui::style::Style) {
    let rect = rect.intersection(buf.area);
    if rect.width < 2 || rect.height < 2 {
        if let Some(cell) = buf.cell_mut((rect.x, rect.y)) {
            mark(cell, '▣', style);
        }
        return;
    }
    let (right, bottom) = (rect.right() - 1, rect.bottom() - 1);
    for x in rect.x..=right {
        for (y, corner_l, corner_r) in [(rect.y, '╭', '╮'), (bottom, '╰', '╯')] {
            let ch = if x == rect.x {
                corner_l
            } else if x == right {
                corner_r
            } else {
                '─'
            };
            mark(&mut buf[(x, y)], ch, style);
        }
    }
    for y in rect.y + 1..bottom {
        mark(&mut buf[(rect.x, y)], '│', style);
        mark(&mut buf[(right, y)], '│', style);
    }
}
