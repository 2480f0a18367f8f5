//! The title bar: paper, date, page label and name, and which edition of how many.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use crate::app::App;
use crate::config::Theme;

pub struct TitleBar<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl TitleBar<'_> {
    pub fn draw(&self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.title);
        let cols = usize::from(area.width);
        let Some(edition) = self.app.current_edition() else {
            buf.set_stringn(area.x, area.y, fit(" kanbao", cols), cols, self.theme.title);
            return;
        };
        let zh = edition.is_chinese();
        let mut parts = vec![edition.paper.clone().unwrap_or_else(|| edition.id.clone())];
        if let Some(date) = &edition.date {
            parts.push(date.clone());
        }
        if let Some(page) = self.app.current_page() {
            parts.push(page.title(zh));
        }
        let left = format!(" {}", parts.join(" · "));
        let position = self
            .app
            .order
            .iter()
            .position(|&e| e == self.app.edition)
            .map_or(0, |p| p + 1);
        let right = if zh {
            format!("第{position}/{}期 ", self.app.order.len())
        } else {
            format!("edition {position}/{} ", self.app.order.len())
        };
        let right_cols = right.width();
        if cols > right_cols + 12 {
            buf.set_stringn(
                area.x,
                area.y,
                fit(&left, cols - right_cols - 1),
                cols,
                self.theme.title,
            );
            buf.set_stringn(
                area.x + (cols - right_cols) as u16,
                area.y,
                &right,
                right_cols,
                self.theme.title,
            );
        } else {
            buf.set_stringn(area.x, area.y, fit(&left, cols), cols, self.theme.title);
        }
    }
}
