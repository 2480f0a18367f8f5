//! The status line: the search prompt while typing, else the latest message or error, else the
//! key hints for the focused pane (as currently bound).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthChar as _;

use super::Look;
use super::text::fit;
use crate::app::{Action, App, Focus, PromptKind};

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
                PromptKind::Library => "/search every edition: ",
            };
            let shown = prompt_line(label, &prompt.input, cols);
            buf.set_stringn(area.x, area.y, shown, cols, theme.status);
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
        let hints = self.hints();
        buf.set_stringn(area.x, area.y, fit(&hints, cols), cols, theme.dim);
    }

    fn hints(&self) -> String {
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
        match self.app.focus {
            Focus::Reader => {
                add(Action::PageDown, "page");
                add(Action::NextArticle, "next article");
                add(Action::FollowContinuation, "follow jump");
                add(Action::Search, "find");
                add(Action::ToggleRaw, "raw");
                add(Action::Back, "back");
            }
            Focus::Headlines | Focus::Pages => {
                add(Action::Open, "open");
                add(Action::NextPage, "next page");
                add(Action::Search, "filter");
                add(Action::ShowLibrary, "library");
            }
        }
        add(Action::ShowHelp, "help");
        add(Action::Quit, "quit");
        format!(" {}", parts.join(" · "))
    }
}

/// The prompt as shown in `cols` columns: `label`, `input` and the cursor `▏`, or the end of
/// them when they do not fit (long input keeps its end visible). Only the characters that fit
/// are looked at, so a frame costs the same after a 100 KB paste as after one word.
fn prompt_line(label: &str, input: &str, cols: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    let whole = label.chars().chain(input.chars()).chain(['▏']);
    for c in whole.rev() {
        let w = c.width().unwrap_or(0);
        if used + w > cols {
            break;
        }
        used += w;
        out.push(c);
    }
    out.into_iter().rev().collect()
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
            assert_eq!(prompt_line(label, input, cols), want, "{input:?} in {cols}");
        }
        let long = "pasted text ".repeat(10_000);
        assert_eq!(prompt_line("/: ", &long, 12), "asted text ▏");
    }
}
