//! The reading pane: the typeset story, header styled by role, search matches highlighted, the
//! jump to a continuation shown as a link, and the position (percent and line) on the border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::text::put;
use crate::app::story::StoryLine;
use crate::app::{App, Reader};
use crate::config::Theme;
use crate::typeset::{Ambiguous, Role};

pub struct ReaderView<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl ReaderView<'_> {
    pub fn draw(&self, block: Block<'_>, area: Rect, buf: &mut Buffer) {
        let Some(reader) = &self.app.reader else {
            let inner = block.inner(area);
            block.render(area, buf);
            super::text::centered_note(buf, inner, "", self.theme.dim);
            return;
        };
        let inner = block.inner(area);
        let total = reader.story.lines.len();
        let rows = usize::from(inner.height);
        let spread = self.app.spread();
        let placed = reader.placement(&spread, rows);
        let shown_to = placed.shown().end;
        let percent = if reader.top == 0 && shown_to >= total {
            100
        } else {
            shown_to * 100 / total.max(1)
        };
        let position = format!(" {percent}% · {}/{total} ", reader.top + 1);
        block
            .title_bottom(Line::from(position).right_aligned())
            .render(area, buf);
        let x_of = |offset: usize| {
            inner
                .x
                .saturating_add(u16::try_from(offset).unwrap_or(u16::MAX))
        };
        // The header across the spread, then each column, a thin rule between them (in one
        // column: no header run, one column the pane's width).
        let x = x_of(spread.lead);
        self.draw_run(
            reader,
            placed.spanning.clone(),
            (x, inner.y),
            spread.span_cols(),
            buf,
        );
        let top_row = placed.spanning.len();
        let deepest = placed
            .columns
            .iter()
            .map(ExactSizeIterator::len)
            .max()
            .unwrap_or(0);
        for (column, range) in placed.columns.iter().enumerate() {
            let x = x_of(spread.column_x(column));
            let y = inner.y + top_row as u16;
            self.draw_run(reader, range.clone(), (x, y), spread.col_cols, buf);
            if column > 0 {
                let rule_x = x_of(spread.column_x(column) - crate::app::spread::GUTTER / 2 - 1);
                for row in top_row..top_row + deepest {
                    let y = inner.y + row as u16;
                    put(buf, (rule_x, y), "│", 1, self.theme.dim, Ambiguous::Narrow);
                }
            }
        }
    }

    /// Draws story lines `lines` down from `(x, y)` in a column `cols` wide: text line by line,
    /// each photo's rows in view as one piece.
    fn draw_run(
        &self,
        reader: &Reader,
        lines: std::ops::Range<usize>,
        (x, y): (u16, u16),
        cols: usize,
        buf: &mut Buffer,
    ) {
        let mut idx = lines.start;
        while idx < lines.end {
            let row_y = y + (idx - lines.start) as u16;
            if let Some(first) = self.app.picture_row(idx) {
                // The rows of this picture that are in this run.
                let mut end = idx + 1;
                while end < lines.end
                    && self
                        .app
                        .picture_row(end)
                        .is_some_and(|p| p.key == first.key && p.row > first.row)
                {
                    end += 1;
                }
                let shown = (end - idx) as u16;
                let x = x + first.margin_cols.min(cols) as u16;
                super::picture::PictureView {
                    gallery: &self.app.pictures,
                    theme: self.theme,
                    zh: self.zh(),
                }
                .draw_rows(
                    &first,
                    shown,
                    Rect::new(x, row_y, first.key.cols, shown),
                    buf,
                );
                idx = end;
                continue;
            }
            let line = &reader.story.lines[idx];
            self.draw_line(reader, idx, line, x, row_y, cols, buf);
            idx += 1;
        }
    }

    fn zh(&self) -> bool {
        self.app
            .current_edition()
            .is_some_and(crate::edition::Edition::is_chinese)
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_line(
        &self,
        reader: &Reader,
        idx: usize,
        line: &StoryLine,
        x: u16,
        y: u16,
        cols: usize,
        buf: &mut Buffer,
    ) {
        match line {
            StoryLine::Gap { .. } => {}
            StoryLine::Jump {
                text, margin_cols, ..
            } => {
                let x = x + (*margin_cols).min(cols) as u16;
                put(
                    buf,
                    (x, y),
                    text,
                    cols.saturating_sub(*margin_cols),
                    self.theme.link,
                    self.app.options.ambiguous,
                );
            }
            StoryLine::Text { line, .. } => {
                let style = self.role_style(line.role);
                let margin = line.margin_cols.min(cols);
                let x = x + margin as u16;
                let room = cols - margin;
                let amb = self.app.options.ambiguous;
                let Some(find) = &reader.find else {
                    put(buf, (x, y), &line.text, room, style, amb);
                    return;
                };
                // Split the line at match boundaries and highlight.
                let mut at = 0;
                let mut cx = x;
                let mut pieces: Vec<(&str, Style)> = Vec::new();
                for mark in find.marks_on(idx) {
                    let (Some(before), Some(hit)) = (
                        line.text.get(at..mark.bytes.start),
                        line.text.get(mark.bytes.clone()),
                    ) else {
                        continue;
                    };
                    pieces.push((before, style));
                    let hl = if mark.match_idx == find.current {
                        self.theme.current_match
                    } else {
                        self.theme.search_match
                    };
                    pieces.push((hit, style.patch(hl)));
                    at = mark.bytes.end;
                }
                pieces.push((line.text.get(at..).unwrap_or(""), style));
                for (text, style) in pieces {
                    let used = usize::from(cx - x);
                    cx = put(buf, (cx, y), text, room.saturating_sub(used), style, amb);
                }
            }
        }
    }

    fn role_style(&self, role: Role) -> Style {
        let t = self.theme;
        match role {
            Role::Kicker => t.kicker,
            Role::Headline | Role::Subhead => t.headline,
            Role::Subtitle => t.subtitle,
            Role::Column => t.column,
            Role::Byline | Role::Credit => t.byline,
            Role::Caption | Role::Body | Role::Blank | Role::Picture { .. } => t.body,
        }
    }
}
