//! The title bar: paper, date, page label and name, and the edition's place in the library
//! (newest first), which gives way first when the bar is narrow.

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
        let paper = edition.paper.clone().unwrap_or_else(|| edition.id.clone());
        let date = edition.date.clone();
        let page = self.app.current_page().map(|p| p.title(zh));
        // The edition's place among its paper's editions, newest first.
        let editions = self.app.editions();
        let same: Vec<usize> = self
            .app
            .order
            .iter()
            .copied()
            .filter(|&i| editions.get(i).is_some_and(|e| e.paper == edition.paper))
            .collect();
        let position = same
            .iter()
            .position(|&e| e == self.app.edition)
            .map_or(0, |p| p + 1);
        let total = same.len();
        // Never to be read as an issue number.
        let counter = match (zh, position) {
            (true, 1) => format!("{position}/{total} · 最新 "),
            (true, _) => format!("{position}/{total} · 新→旧 "),
            (false, 1) => format!("{position} of {total}, newest "),
            (false, _) => format!("{position} of {total}, newest first "),
        };
        // What goes first when the bar is too narrow: the counter, then the date, then the
        // paper's name; the page stays.
        let join = |parts: &[Option<&String>]| {
            let parts: Vec<&str> = parts.iter().flatten().map(|s| s.as_str()).collect();
            format!(" {}", parts.join(" · "))
        };
        let full = join(&[Some(&paper), date.as_ref(), page.as_ref()]);
        let style = self.theme.title;
        if full.width() + counter.width() < cols {
            buf.set_stringn(area.x, area.y, &full, cols, style);
            let right_cols = counter.width();
            buf.set_stringn(
                area.x + (cols - right_cols) as u16,
                area.y,
                &counter,
                right_cols,
                style,
            );
            return;
        }
        let candidates = [
            full,
            join(&[Some(&paper), page.as_ref()]),
            join(&[page.as_ref()]),
        ];
        let chosen = candidates
            .iter()
            .find(|c| c.width() <= cols)
            .unwrap_or(&candidates[2]);
        buf.set_stringn(area.x, area.y, fit(chosen, cols), cols, style);
    }
}
