//! The pages (版面) pane: every page of the edition with its name and item count.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

use super::text::fit;
use crate::app::App;
use crate::config::Theme;

pub struct PagesView<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl PagesView<'_> {
    pub fn draw(&self, block: Block<'_>, area: Rect, buf: &mut Buffer) {
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(edition) = self.app.current_edition() else {
            return;
        };
        let zh = edition.is_chinese();
        let cols = usize::from(inner.width);
        for (row, (idx, page)) in edition
            .pages
            .iter()
            .enumerate()
            .skip(self.app.page_offset)
            .take(usize::from(inner.height))
            .enumerate()
        {
            let y = inner.y + row as u16;
            let count = page
                .items
                .iter()
                .filter(|i| i.kind == crate::edition::ItemKind::Article)
                .count();
            let read = page
                .items
                .iter()
                .filter(|i| {
                    i.kind == crate::edition::ItemKind::Article && self.app.read.contains(&i.id)
                })
                .count();
            let label = if zh {
                format!("{} 已读{read}/{count}", page.title(zh))
            } else {
                format!("{} read {read}/{count}", page.title(zh))
            };
            let style = if idx == self.app.page {
                self.theme.selected
            } else {
                self.theme.body
            };
            if idx == self.app.page {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
                buf.set_stringn(inner.x, y, "▌", 1, self.theme.marker.patch(style));
            }
            let text_cols = cols.saturating_sub(2);
            buf.set_stringn(inner.x + 2, y, fit(&label, text_cols), text_cols, style);
        }
    }
}
