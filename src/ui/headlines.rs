//! The headlines pane: the page's items as a newspaper shows them: the kicker dimmed above the
//! headline, the headline bold, then subtitle, column and byline; photos marked with their
//! caption; banners as separators. The first column is kept for read and bookmark markers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::text::{fit_for, shown};
use crate::app::{App, Focus};
use crate::config::Theme;
use crate::edition::{Edition, Item, ItemKind};

/// One row of the list.
struct Row {
    /// The item it belongs to; `None` for the gap after an entry.
    item: Option<usize>,
    /// The entry's first row, where the markers go.
    first: bool,
    text: String,
    style: Style,
}

/// Columns before the text: the selection bar, the read/bookmark marker, a space.
const MARKER_COLS: u16 = 3;

pub struct HeadlinesView<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl HeadlinesView<'_> {
    pub fn draw(&self, block: Block<'_>, area: Rect, buf: &mut Buffer) {
        let block = self.with_page_credit(block, area);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(page) = self.app.current_page() else {
            return;
        };
        let zh = self.app.current_edition().is_some_and(Edition::is_chinese);
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
        // Each row: the item it belongs to (None for the gap after an entry), whether it is the
        // entry's first row, and its text.
        // Only the entries in view are built: a page can hold hundreds.
        let (first_row, height) = (self.app.item_offset, usize::from(inner.height));
        let mut rows: Vec<Row> = Vec::new();
        let mut row = 0;
        for idx in visible {
            let item = &page.items[idx];
            let entry_rows = App::entry_rows(item);
            if row + entry_rows <= first_row {
                row += entry_rows;
                continue;
            }
            if row >= first_row + height {
                break;
            }
            row += entry_rows;
            for (n, (text, style)) in entry_lines(item, zh, self.theme).into_iter().enumerate() {
                // The list shows punctuation as the reader does (r switches both).
                let text = shown(&text, zh && !self.app.raw).into_owned();
                rows.push(Row {
                    item: Some(idx),
                    first: n == 0,
                    text,
                    style,
                });
            }
            rows.push(Row {
                item: None,
                first: false,
                text: String::new(),
                style: self.theme.body,
            });
        }
        let text_cols = usize::from(inner.width.saturating_sub(MARKER_COLS));
        // `rows` starts with the entry that holds the first row in view.
        let skipped = row - rows.len();
        let rows_shown = rows
            .iter()
            .skip(first_row.saturating_sub(skipped))
            .take(height);
        for (n, row) in rows_shown.enumerate() {
            let y = inner.y + n as u16;
            let Some(idx) = row.item else { continue };
            if Some(idx) == self.app.item {
                let style = if self.app.focus == Focus::Headlines {
                    self.theme.selected
                } else {
                    self.theme.selected.patch(self.theme.dim)
                };
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
                if row.first {
                    buf.set_stringn(inner.x, y, "▌", 1, self.theme.marker);
                }
            }
            // ★ bookmarked, • not read yet, on the entry's first row.
            let item = &page.items[idx];
            let mark = if self.app.bookmarked.contains(&item.id) {
                "★"
            } else if item.kind == ItemKind::Article && !self.app.read.contains(&item.id) {
                "•"
            } else {
                ""
            };
            if row.first && !mark.is_empty() {
                buf.set_stringn(inner.x + 1, y, mark, 1, self.theme.marker);
            }
            let amb = self.app.options.ambiguous;
            super::text::put(
                buf,
                (inner.x + MARKER_COLS, y),
                &fit_for(&row.text, text_cols, amb),
                text_cols,
                row.style,
                amb,
            );
        }
    }
}

impl HeadlinesView<'_> {
    /// The page's credit (`本版责编：… 版式设计：…`), where the e-paper printed one, dimmed in
    /// the pane's bottom border, as it stands at the foot of the printed page.
    fn with_page_credit<'b>(&self, block: Block<'b>, area: Rect) -> Block<'b> {
        let credit = self
            .app
            .current_edition()
            .zip(self.app.current_page())
            .and_then(|(edition, page)| edition.page_credits.get(&page.label));
        let Some(credit) = credit else {
            return block;
        };
        let one_line = credit.split_whitespace().collect::<Vec<_>>().join(" ");
        let cols = usize::from(area.width.saturating_sub(4));
        if cols < 4 {
            return block;
        }
        let text = fit_for(&one_line, cols, self.app.options.ambiguous);
        block.title_bottom(Line::styled(format!(" {text} "), self.theme.dim).right_aligned())
    }
}

/// The pane's title: `标题`, and with a filter in force what it is and how many of the page's
/// headlines it shows (`标题 · 筛选：清廉 · 3/40`).
pub fn pane_title(app: &App, name: &str) -> String {
    let filter = app.live_filter().trim();
    if filter.is_empty() {
        return name.to_owned();
    }
    let total = app.current_page().map_or(0, |p| {
        p.items
            .iter()
            .filter(|i| i.kind != ItemKind::Banner)
            .count()
    });
    let shown = app
        .visible_items()
        .into_iter()
        .filter(|&i| app.is_selectable(i))
        .count();
    if app.current_edition().is_some_and(Edition::is_chinese) {
        format!("{name} · 筛选：{filter} · {shown}/{total}")
    } else {
        format!("{name} · filter: {filter} · {shown}/{total}")
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
    let mut details: Vec<&str> = [&item.subtitle, &item.column, &item.byline, &item.credit]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    // A feed's summary: the whole story is behind its link.
    if item.summary_only {
        details.push(if zh { "摘要" } else { "summary only" });
    }
    if !details.is_empty() {
        lines.push((details.join(" · "), theme.byline));
    }
    lines
}
