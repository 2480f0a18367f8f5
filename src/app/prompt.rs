//! The status-line prompt as readline edits it: a cursor moved and text deleted by grapheme (a
//! Han character or an emoji with its modifiers is one step), by word and to either end; and
//! the history of queries per kind of prompt (↑ ↓), which `state.toml` keeps across runs.

use unicode_segmentation::UnicodeSegmentation as _;

use super::{App, Effect, Prompt, PromptKind};
use crate::action::Edit;
use crate::store::QueryKind;

/// How many queries of each kind are remembered.
pub const HISTORY_LEN: usize = 100;

/// The queries typed into each kind of prompt, oldest first, each once (typing one again moves
/// it to the end), at most [`HISTORY_LEN`] of a kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub filter: Vec<String>,
    pub find: Vec<String>,
    pub library: Vec<String>,
}

impl History {
    /// The history kept for a kind of prompt (none for notes).
    pub fn of(&self, kind: PromptKind) -> &[String] {
        match kind {
            PromptKind::Filter => &self.filter,
            PromptKind::Find => &self.find,
            PromptKind::Library => &self.library,
            PromptKind::Note | PromptKind::Command | PromptKind::Papers => &[],
        }
    }

    /// Remembers `query` as the newest of its kind.
    pub fn remember(&mut self, kind: QueryKind, query: &str) {
        let list = match kind {
            QueryKind::Filter => &mut self.filter,
            QueryKind::Find => &mut self.find,
            QueryKind::Library => &mut self.library,
        };
        list.retain(|q| q != query);
        list.push(query.to_owned());
        if list.len() > HISTORY_LEN {
            let excess = list.len() - HISTORY_LEN;
            list.drain(..excess);
        }
    }
}

/// The history kind of a prompt kind (notes have none).
fn query_kind(kind: PromptKind) -> Option<QueryKind> {
    match kind {
        PromptKind::Filter => Some(QueryKind::Filter),
        PromptKind::Find => Some(QueryKind::Find),
        PromptKind::Library => Some(QueryKind::Library),
        PromptKind::Note | PromptKind::Command | PromptKind::Papers => None,
    }
}

impl Prompt {
    /// Inserts `text` (already one clean line) at the cursor, which moves past it.
    pub(super) fn insert_at_cursor(&mut self, text: &str) {
        let at = self.cursor.min(self.input.len());
        self.input.insert_str(at, text);
        self.cursor = at + text.len();
    }

    /// Where the grapheme before the cursor starts.
    fn prev_boundary(&self) -> usize {
        self.input[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    /// Where the grapheme after the cursor ends.
    fn next_boundary(&self) -> usize {
        self.input[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// The start of the word before the cursor: spaces skipped, then a run of letters and
    /// digits (each Han character is a word of its own, as readline treats non-ASCII).
    fn word_start(&self) -> usize {
        let mut at = self.cursor;
        let graphemes: Vec<(usize, &str)> =
            self.input[..self.cursor].grapheme_indices(true).collect();
        let mut iter = graphemes.iter().rev().peekable();
        while let Some((i, _)) = iter.next_if(|(_, g)| !is_word(g)) {
            at = *i;
        }
        if let Some((i, g)) = iter.next() {
            at = *i;
            if !is_latin_word(g) {
                return at;
            }
        }
        while let Some((i, _)) = iter.next_if(|(_, g)| is_latin_word(g)) {
            at = *i;
        }
        at
    }

    /// The end of the word after the cursor.
    fn word_end(&self) -> usize {
        let mut at = self.cursor;
        let mut iter = self.input[self.cursor..].graphemes(true).peekable();
        while let Some(g) = iter.next_if(|g| !is_word(g)) {
            at += g.len();
        }
        if let Some(g) = iter.next() {
            at += g.len();
            if !is_latin_word(g) {
                return at;
            }
        }
        while let Some(g) = iter.next_if(|g| is_latin_word(g)) {
            at += g.len();
        }
        at
    }

    /// Applies an editing key; returns whether the text changed.
    pub(super) fn edit(&mut self, edit: Edit, history: &[String]) -> bool {
        self.cursor = self.cursor.min(self.input.len());
        match edit {
            Edit::Left => self.cursor = self.prev_boundary(),
            Edit::Right => self.cursor = self.next_boundary(),
            Edit::WordLeft => self.cursor = self.word_start(),
            Edit::WordRight => self.cursor = self.word_end(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.input.len(),
            Edit::DeleteForward => {
                let end = self.next_boundary();
                self.input.replace_range(self.cursor..end, "");
                return end > self.cursor;
            }
            Edit::DeleteWord => {
                let start = self.word_start();
                self.input.replace_range(start..self.cursor, "");
                let changed = start < self.cursor;
                self.cursor = start;
                return changed;
            }
            Edit::KillToStart => {
                let changed = self.cursor > 0;
                self.input.replace_range(..self.cursor, "");
                self.cursor = 0;
                return changed;
            }
            Edit::KillToEnd => {
                let changed = self.cursor < self.input.len();
                self.input.truncate(self.cursor);
                return changed;
            }
            // Completion needs the library: `App::edit_prompt` does it.
            Edit::Complete => {}
            Edit::HistoryPrev | Edit::HistoryNext => {
                let back = if edit == Edit::HistoryPrev {
                    (self.history_back + 1).min(history.len())
                } else {
                    self.history_back.saturating_sub(1)
                };
                if back == self.history_back {
                    return false;
                }
                if self.history_back == 0 {
                    self.draft = self.input.clone();
                }
                self.history_back = back;
                self.input = if back == 0 {
                    std::mem::take(&mut self.draft)
                } else {
                    history[history.len() - back].clone()
                };
                self.cursor = self.input.len();
                return true;
            }
        }
        false
    }

    /// Backspace: the grapheme before the cursor.
    pub(super) fn delete_back(&mut self) -> bool {
        self.cursor = self.cursor.min(self.input.len());
        let start = self.prev_boundary();
        self.input.replace_range(start..self.cursor, "");
        let changed = start < self.cursor;
        self.cursor = start;
        changed
    }
}

/// A grapheme that belongs to a word (not a space or punctuation).
fn is_word(g: &str) -> bool {
    g.chars().next().is_some_and(char::is_alphanumeric)
}

/// A grapheme of a Latin-script word (letters and digits of scripts that put spaces between
/// words); a Han character is a word by itself.
fn is_latin_word(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !crate::edition::recognize::is_han(c))
}

impl App {
    /// An editing key in the open prompt.
    pub(super) fn edit_prompt(&mut self, edit: Edit) {
        if edit == Edit::Complete {
            return self.complete_command();
        }
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        if prompt.edit(edit, self.history.of(prompt.kind)) {
            self.prompt_changed();
        }
    }

    /// Backspace in the open prompt.
    pub(super) fn delete_back(&mut self) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        if prompt.delete_back() {
            self.prompt_changed();
        }
    }

    /// The open prompt's text changed: a filter follows it at once, and a library search
    /// starts again (the running one is cancelled; the searcher waits a moment for the next
    /// key before it searches).
    pub(super) fn prompt_changed(&mut self) {
        match self.prompt.as_ref().map(|p| p.kind) {
            Some(PromptKind::Filter) => self.filter_changed(),
            Some(PromptKind::Papers) => self.papers_filter_changed(None),
            Some(PromptKind::Library) => self.search_library_live(),
            _ => {}
        }
    }

    /// A query was entered: it becomes the newest of its kind, here and in `state.toml`.
    pub(super) fn remember_query(&mut self, kind: PromptKind, query: &str) {
        let query = query.trim();
        let Some(kind) = query_kind(kind) else {
            return;
        };
        if query.is_empty() {
            return;
        }
        self.history.remember(kind, query);
        self.effects.push(Effect::RememberQuery {
            kind,
            query: query.to_owned(),
        });
    }

    /// The history read from `state.toml` at start.
    pub fn set_history(&mut self, history: History) {
        self.history = history;
    }
}

impl Prompt {
    /// A prompt holding `input`, the cursor at its end.
    pub fn new(kind: PromptKind, input: String) -> Prompt {
        Prompt {
            kind,
            cursor: input.len(),
            input,
            history_back: 0,
            draft: String::new(),
        }
    }
}

/// Appends typed or pasted `text` to a prompt's one line of input: each line sanitised on its own
/// (a control string cut off at a line's end takes nothing from the next), line breaks (LF, CR,
/// CRLF; terminals paste CR) and tabs as spaces, a final line break dropped.
pub(super) fn push_one_line(input: &mut String, text: &str) {
    let mut room = MAX_PROMPT_CHARS.saturating_sub(input.chars().count());
    input.reserve(text.len().min(room * 4));
    let mut rest = text;
    loop {
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = crate::edition::sanitize::sanitize(&rest[..end]);
        let before = input.len();
        input.extend(
            line.chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .take(room),
        );
        room = room.saturating_sub(input[before..].chars().count());
        if end == rest.len() || room == 0 {
            return;
        }
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
        if rest.is_empty() {
            return;
        }
        input.push(' ');
        room -= 1;
    }
}

/// The most characters a prompt holds, as many as a query may have: a paste past it is cut
/// there, so a paste of a whole archive neither fills memory nor reaches search.
pub(super) const MAX_PROMPT_CHARS: usize = crate::library::search::query::MAX_QUERY_CHARS;

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(text: &str) -> Prompt {
        Prompt::new(PromptKind::Filter, text.to_owned())
    }

    fn apply(p: &mut Prompt, edits: &[Edit]) {
        for &e in edits {
            p.edit(e, &[]);
        }
    }

    #[test]
    fn the_cursor_steps_by_grapheme_and_words() {
        use Edit::{End, Home, Left, Right, WordLeft, WordRight};
        // Input, edits, text inserted at the cursor then, what results.
        let cases: [(&str, &[Edit], &str, &str); 8] = [
            ("subway 中文", &[Left, Left], "X", "subway X中文"),
            ("subway 中文", &[Left], "X", "subway 中X文"),
            ("subway 中文", &[Home, Right], "X", "sXubway 中文"),
            ("subway 中文", &[WordLeft], "X", "subway 中X文"),
            (
                "subway 中文",
                &[WordLeft, WordLeft, WordLeft],
                "X",
                "Xsubway 中文",
            ),
            ("one two", &[Home, WordRight], "X", "oneX two"),
            // An emoji with a skin tone and an e with a combining accent are one step each.
            ("a👍🏽e\u{301}", &[Left, Left], "X", "aX👍🏽e\u{301}"),
            ("ab", &[Home, End], "X", "abX"),
        ];
        for (input, edits, insert, want) in cases {
            let mut p = prompt(input);
            apply(&mut p, edits);
            p.insert_at_cursor(insert);
            assert_eq!(p.input, want, "{input:?} after {edits:?}");
        }
    }

    #[test]
    fn deleting_by_grapheme_word_and_to_either_end() {
        use Edit::{DeleteForward, DeleteWord, Home, KillToEnd, KillToStart, Left};
        let cases: [(&str, &[Edit], bool, &str); 7] = [
            ("subway 中文", &[], true, "subway 中"),
            ("subway 中文", &[Left], true, "subway 文"),
            ("subway 中文", &[Home, DeleteForward], false, "ubway 中文"),
            ("subway 中文", &[DeleteWord], false, "subway 中"),
            ("find this  ", &[DeleteWord], false, "find "),
            ("subway 中文", &[Left, KillToStart], false, "文"),
            ("subway 中文", &[Left, Left, KillToEnd], false, "subway "),
        ];
        for (input, edits, backspace, want) in cases {
            let mut p = prompt(input);
            apply(&mut p, edits);
            if backspace {
                p.delete_back();
            }
            assert_eq!(p.input, want, "{input:?} after {edits:?}");
            assert!(p.input.is_char_boundary(p.cursor));
        }
        let mut empty = prompt("");
        assert!(!empty.delete_back());
        apply(&mut empty, &[Edit::Left, DeleteForward, DeleteWord]);
        assert_eq!((empty.input.as_str(), empty.cursor), ("", 0));
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let history = vec!["old".to_owned(), "newer".to_owned()];
        let mut p = prompt("draft");
        assert!(p.edit(Edit::HistoryPrev, &history));
        assert_eq!(p.input, "newer");
        p.edit(Edit::HistoryPrev, &history);
        assert_eq!(p.input, "old");
        assert!(
            !p.edit(Edit::HistoryPrev, &history),
            "the oldest is the end"
        );
        p.edit(Edit::HistoryNext, &history);
        p.edit(Edit::HistoryNext, &history);
        assert_eq!(p.input, "draft");
        assert_eq!(p.cursor, "draft".len());
    }

    #[test]
    fn history_keeps_each_query_once_and_the_last_hundred() {
        let mut h = History::default();
        for n in 0..150 {
            h.remember(QueryKind::Find, &format!("q{n}"));
        }
        h.remember(QueryKind::Find, "q60");
        assert_eq!(h.find.len(), HISTORY_LEN);
        assert_eq!(h.find.last().map(String::as_str), Some("q60"));
        assert_eq!(h.find.first().map(String::as_str), Some("q50"));
        assert!(h.filter.is_empty() && h.library.is_empty());
    }
}
