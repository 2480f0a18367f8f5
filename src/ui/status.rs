//! The status line: the search prompt while typing (the cursor where it is), else the latest
//! message or error, else the key hints for the view on top (as currently bound), dropped from
//! the least useful so that `? help` always stays.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr};

use super::Look;
use super::text::fit;
use crate::app::{Action, App, Focus, Overlay, PromptKind};
use crate::edition::Edition;

pub struct StatusLine<'a> {
    pub app: &'a App,
    pub look: Look<'a>,
}

impl StatusLine<'_> {
    pub fn draw(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.look.theme;
        buf.set_style(area, theme.status);
        let cols = usize::from(area.width);
        if let Some(prompt) = &self.app.prompt {
            let label = match prompt.kind {
                PromptKind::Filter => "/filter headlines: ",
                PromptKind::Find => "/find in article: ",
                PromptKind::Note => "note (Enter saves, Esc cancels): ",
                PromptKind::Command => ":",
                PromptKind::Library => "/search every edition: ",
                PromptKind::Papers => "papers named: ",
            };
            let shown = prompt_line(label, &prompt.input, prompt.cursor, cols);
            let used = shown.width();
            buf.set_stringn(area.x, area.y, shown, cols, theme.status);
            // Tab's candidates or a command's error after the `:` line; what the library
            // search has found so far after its query.
            if matches!(prompt.kind, PromptKind::Command | PromptKind::Library)
                && let Some(status) = &self.app.status
                && cols > used + 3
            {
                let style = if status.error { theme.error } else { theme.dim };
                let room = cols - used - 3;
                let x = area.x + u16::try_from(used + 3).unwrap_or(u16::MAX);
                buf.set_stringn(x, area.y, fit(&status.text, room), room, style);
            }
            return;
        }
        if let Some(status) = &self.app.status {
            let style = if status.error {
                theme.error
            } else {
                theme.status
            };
            buf.set_stringn(area.x, area.y, fit(&status.text, cols), cols, style);
            return;
        }
        if let Some(fetching) = &self.app.fetching {
            let text = format!("{fetching} · Esc stops");
            buf.set_stringn(area.x, area.y, fit(&text, cols), cols, theme.status);
            return;
        }
        // The background index update's progress, at the end of the line when there is room
        // for it and for the hints.
        let note = self.app.indexing.map(|(done, total)| {
            if self.app.current_edition().is_some_and(Edition::is_chinese) {
                format!("索引 {done}/{total}")
            } else {
                format!("indexing {done}/{total}")
            }
        });
        let note_cols = note.as_deref().map_or(0, UnicodeWidthStr::width);
        let hint_cols = if note_cols > 0 && cols >= note_cols + 40 {
            cols - note_cols - 2
        } else {
            cols
        };
        let hints = self.hints(hint_cols);
        buf.set_stringn(area.x, area.y, fit(&hints, hint_cols), hint_cols, theme.dim);
        if let Some(note) = note.filter(|_| hint_cols < cols) {
            let x = area.x + u16::try_from(cols - note_cols).unwrap_or(0);
            buf.set_stringn(x, area.y, note, note_cols, theme.dim);
        }
    }

    /// The hints for the view on top, most useful first, as many as fit in `cols`; `? help`
    /// always ends the line.
    fn hints(&self, cols: usize) -> String {
        let key = |a: Action| {
            self.look
                .keymap
                .keys_for(a)
                .into_iter()
                .next()
                .unwrap_or_default()
        };
        let mut parts: Vec<String> = Vec::new();
        let mut add = |a: Action, what: &str| {
            let k = key(a);
            if !k.is_empty() {
                parts.push(format!("{k} {what}"));
            }
        };
        let app = self.app;
        match &app.overlay {
            Some(Overlay::Help { .. }) => {
                add(Action::MoveDown, "scroll");
                add(Action::Close, "close");
            }
            Some(Overlay::Library { .. }) => {
                add(Action::Open, "open/fold");
                add(Action::Search, "search all");
                add(Action::GoToDate, "date");
                add(Action::FilterPapers, "papers");
                add(Action::Close, "close");
                add(Action::Fold, "fold");
                add(Action::Unfold, "unfold");
            }
            Some(Overlay::Results { .. }) => {
                add(Action::Open, "open");
                add(Action::Search, "edit query");
                add(Action::Close, "back");
            }
            Some(Overlay::Bookmarks { .. }) => {
                add(Action::Open, "open");
                add(Action::Delete, "delete");
                add(Action::Undo, "undo");
                add(Action::EditNote, "note");
                add(Action::Close, "close");
            }
            Some(Overlay::Photos { .. }) => {
                add(Action::Open, "show");
                add(Action::Close, "close");
            }
            Some(Overlay::Photo { .. }) => {
                add(Action::MoveDown, "next photo");
                add(Action::Close, "close");
            }
            None if app.focus == Focus::Reader => {
                add(Action::PageDown, "page");
                add(Action::NextArticle, "next article");
                add(Action::Close, "back");
                if app.can_follow() {
                    add(Action::FollowContinuation, "follow jump");
                }
                add(Action::NextUnread, "next unread");
                add(Action::Search, "find");
                add(Action::ToggleRead, "read/unread");
                add(Action::ToggleFullWidth, "full width");
                add(Action::ToggleBookmark, "bookmark");
            }
            None => {
                add(Action::Open, "open");
                add(Action::NextPage, "next page");
                add(Action::Search, "filter");
                add(Action::ShowLibrary, "library");
                add(Action::NextUnread, "next unread");
                add(Action::Close, "quit");
            }
        }
        let help = match key(Action::ShowHelp) {
            k if k.is_empty() => String::new(),
            k => format!("{k} help"),
        };
        // Hints go from the least useful until the line fits with the help at its end.
        let line = |parts: &[String]| {
            let mut all: Vec<&str> = parts.iter().map(String::as_str).collect();
            if !help.is_empty() {
                all.push(&help);
            }
            format!(" {}", all.join(" · "))
        };
        while !parts.is_empty() && line(&parts).width() > cols {
            parts.pop();
        }
        line(&parts)
    }
}

/// The prompt as shown in `cols` columns: `label`, `input` with the cursor `▏` drawn before
/// the byte `cursor`, cut so that the cursor stays in view (what is before it, leaving up to a
/// third of the line for what follows it, then as much after it as fits). Only the characters that fit are looked at, so a frame costs the
/// same after a 100 KB paste as after one word.
fn prompt_line(label: &str, input: &str, cursor: usize, cols: usize) -> String {
    let cursor = (0..=cursor.min(input.len()))
        .rev()
        .find(|&i| input.is_char_boundary(i))
        .unwrap_or(0);
    let (before, after) = input.split_at(cursor);
    // Up to a third of the line is kept for what follows the cursor.
    let mut reserve = 0;
    for c in after.chars() {
        let w = c.width().unwrap_or(0);
        if reserve + w > cols / 3 {
            break;
        }
        reserve += w;
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    let head = label.chars().chain(before.chars()).chain(['▏']);
    for c in head.rev() {
        let w = c.width().unwrap_or(0);
        if used + w > cols - reserve {
            break;
        }
        used += w;
        out.push(c);
    }
    out.reverse();
    for c in after.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > cols {
            break;
        }
        used += w;
        out.push(c);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::prompt_line;

    #[test]
    fn the_prompt_keeps_the_end_of_long_input_in_view() {
        let cases: [(&str, &str, usize, &str); 7] = [
            ("/: ", "救助", 20, "/: 救助▏"),
            ("/: ", "救助", 8, "/: 救助▏"),
            ("/: ", "救助", 7, ": 救助▏"),
            ("/: ", "救助", 6, " 救助▏"),
            ("/: ", "abc救助", 4, "助▏"),
            // A wide glyph that would straddle the first column is left out.
            ("/: ", "救助", 2, "▏"),
            ("/: ", "x", 0, ""),
        ];
        for (label, input, cols, want) in cases {
            assert_eq!(
                prompt_line(label, input, input.len(), cols),
                want,
                "{input:?} in {cols}"
            );
        }
        let long = "pasted text ".repeat(10_000);
        assert_eq!(prompt_line("/: ", &long, long.len(), 12), "asted text ▏");
    }

    #[test]
    fn the_cursor_is_drawn_where_it_is_and_stays_in_view() {
        let input = "subway 中文";
        let at_zhong = input.find('中').expect("in the input");
        let cases: [(usize, usize, &str); 5] = [
            (at_zhong, 30, "/: subway ▏中文"),
            (0, 30, "/: ▏subway 中文"),
            (input.len() - 3, 30, "/: subway 中▏文"),
            // Too narrow: what is before the cursor keeps its end, then what follows.
            (at_zhong, 8, "bway ▏中"),
            // A cursor inside a character is drawn before it.
            (at_zhong + 1, 30, "/: subway ▏中文"),
        ];
        for (cursor, cols, want) in cases {
            assert_eq!(
                prompt_line("/: ", input, cursor, cols),
                want,
                "{cursor} in {cols}"
            );
        }
    }
}
