//! The headlines pane: the page's items as a newspaper shows them: the kicker dimmed above the
//! headline, the headline bold, then subtitle, column and byline; photos marked with their
//! caption; banners as separators. The first column is kept for read and bookmark markers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use crate::app::{App, Focus};
use crate::cli::list::is_chinese;
use crate::config::Theme;
use crate::edition::{Item, ItemKind};

type Row = (Option<usize>, Vec<(String, Style)>);

/// Columns before the text: the selection bar, the read/bookmark marker, a space.
const MARKER_COLS: u16 = 3;

pub struct HeadlinesView<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl HeadlinesView<'_> {
    pub fn draw(&self, block: Block<'_>, area: Rect, buf: &mut Buffer) {
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(page) = self.app.current_page() else {
            return;
        };
        let zh = self.app.current_edition().is_some_and(is_chinese);
        let visible = self.app.visible_items();
        if visible.is_empty() {
            let note = match (self.app.live_filter().is_empty(), zh) {
                (true, true) => "本版没有文章",
                (true, false) => "no articles on this page",
                (false, true) => "没有匹配的标题 · Enter 搜索全文",
                (false, false) => "no headline matches · Enter searches all text",
            };
            super::text::centered_note(buf, inner, note, self.theme.dim);
            return;
        }
        // Each row: the item it belongs to (None for the gap after an entry) and its text.
        let mut rows: Vec<Row> = Vec::new();
        for idx in visible {
            let item = &page.items[idx];
            for (text, style) in entry_lines(item, zh, self.theme) {
                // The list shows punctuation as the reader does (r switches both).
                let text = if zh && !self.app.raw {
                    crate::typeset::normalize(&text)
                } else {
                    text
                };
                rows.push((Some(idx), vec![(text, style)]));
            }
            rows.push((None, Vec::new()));
        }
        let text_cols = usize::from(inner.width.saturating_sub(MARKER_COLS));
        for (row, (idx, spans)) in rows
            .iter()
            .skip(self.app.item_offset)
            .take(usize::from(inner.height))
            .enumerate()
        {
            let y = inner.y + row as u16;
            let selected = idx.is_some() && *idx == self.app.item;
            if selected {
                let style = if self.app.focus == Focus::Headlines {
                    self.theme.selected
                } else {
                    self.theme.selected.patch(self.theme.dim)
                };
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
                let first_row = rows
                    .iter()
                    .position(|(i, _)| i == idx)
                    .is_some_and(|first| first == row + self.app.item_offset);
                if first_row {
                    buf.set_stringn(inner.x, y, "▌", 1, self.theme.marker);
                }
            }
            // ★ bookmarked, • not read yet, on the entry's first row.
            if let Some(idx) = idx {
                let first_row = rows.iter().position(|(i, _)| i == &Some(*idx))
                    == Some(row + self.app.item_offset);
                let item = &page.items[*idx];
                let mark = if self.app.bookmarked.contains(&item.id) {
                    "★"
                } else if item.kind == ItemKind::Article && !self.app.read.contains(&item.id) {
                    "•"
                } else {
                    ""
                };
                if first_row && !mark.is_empty() {
                    buf.set_stringn(inner.x + 1, y, mark, 1, self.theme.marker);
                }
            }
            let mut x = inner.x + MARKER_COLS;
            for (text, style) in spans {
                let room = text_cols.saturating_sub(usize::from(x - inner.x - MARKER_COLS));
                let shown = fit(text, room);
                buf.set_stringn(x, y, &shown, room, *style);
                x += shown.width() as u16;
            }
        }
    }
}

/// The rows of one entry (as many as `App::entry_rows` counts).
fn entry_lines(item: &Item, zh: bool, theme: &Theme) -> Vec<(String, Style)> {
    let mut lines = Vec::new();
    if let Some(kicker) = &item.kicker {
        lines.push((kicker.clone(), theme.kicker));
    }
    match item.kind {
        ItemKind::Banner => {
            lines.push((format!("── {} ──", item.title()), theme.dim));
            return lines;
        }
        ItemKind::Photo => {
            let mark = if zh { "[图] " } else { "[photo] " };
            let text = item
                .headline
                .as_deref()
                .or(item.caption.as_deref())
                .unwrap_or("");
            lines.push((format!("{mark}{text}"), theme.headline));
        }
        ItemKind::Article => lines.push((item.title().to_owned(), theme.headline)),
    }
    let details: Vec<&str> = [&item.subtitle, &item.column, &item.byline, &item.credit]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !details.is_empty() {
        lines.push((details.join(" · "), theme.byline));
    }
    lines
}
