//! Counts and the `:` command line. Digits typed before a motion key repeat it (`5j`, `3]`); `:`
//! opens a line for a few commands, each completed with Tab and refused with a message that
//! says what to write instead: `:date 2023-02-28` (also `2023-02` and `02-28`), `:paper 人民日报`,
//! `:set columns=2`, `:set measure=60`, `:q`.

use super::{App, Overlay, Prompt, PromptKind, recent_first};
use crate::typeset::Columns;

/// The longest count kept: more would only walk past the end.
const MAX_COUNT: usize = 9_999;

/// The commands, for completion and messages.
const COMMANDS: [&str; 4] = ["date", "paper", "set", "q"];

/// What `:set` takes.
const SETTINGS: [&str; 2] = ["columns=", "measure="];

impl App {
    /// A digit before a motion key: the count grows (a lone 0 is no count).
    pub(super) fn add_digit(&mut self, digit: u8) {
        let n = self.count.unwrap_or(0) * 10 + usize::from(digit);
        if n == 0 {
            return;
        }
        self.count = Some(n.min(MAX_COUNT));
        self.info(&format!(
            "{n}… (a motion key repeats that many times; Esc forgets it)"
        ));
    }

    /// Runs a `:` command line.
    pub(super) fn run_command(&mut self, line: &str) {
        let line = line.trim();
        let (name, arg) = line.split_once(' ').unwrap_or((line, ""));
        let arg = arg.trim();
        match name {
            "" => {}
            "q" | "q!" | "quit" | "qa" => self.quit = true,
            "date" | "d" => self.go_to_date(arg),
            "paper" | "p" => self.go_to_paper(arg),
            "set" => self.set_option(arg),
            other => self.error(format!(
                "unknown command '{other}'; the commands are :date 2023-02-28, :paper NAME, \
                 :set columns=2 (or measure=60), :q"
            )),
        }
    }

    /// `:date`: the edition of this paper on that date (`YYYY-MM-DD`, `YYYY-MM` for the first
    /// of the month, `MM-DD` in this edition's year), else of any paper.
    pub(super) fn go_to_date(&mut self, text: &str) {
        let year = self
            .current_edition()
            .and_then(|e| e.date.as_deref())
            .and_then(|d| d.get(..4))
            .unwrap_or("")
            .to_owned();
        let wanted = match text.len() {
            10 if is_date(text) => text.to_owned(),
            7 if is_date(&format!("{text}-01")) => text.to_owned(),
            5 if is_date(&format!("{year}-{text}")) => format!("{year}-{text}"),
            _ => {
                return self.error(format!(
                    "'{text}' is not a date; write 2023-02-28, 2023-02 or 02-28 (this paper's year)"
                ));
            }
        };
        let paper = self.current_edition().and_then(|e| e.paper.clone());
        // Oldest first, so a month gives its first edition.
        let mut order = recent_first(&self.library.editions);
        order.reverse();
        let dated = |i: &usize| {
            self.library.editions[*i]
                .date
                .as_deref()
                .is_some_and(|d| d.starts_with(&wanted))
        };
        let found = order
            .iter()
            .copied()
            .filter(dated)
            .find(|&i| self.library.editions[i].paper == paper)
            .or_else(|| order.iter().copied().find(dated));
        if let Some(idx) = found {
            self.show_edition(idx);
        } else {
            let name = paper.unwrap_or_else(|| "the library".to_owned());
            self.error(format!(
                "no edition of {name} or any other paper on {wanted}"
            ));
        }
    }

    /// In the library view, selects edition `idx` there; elsewhere opens it.
    fn show_edition(&mut self, idx: usize) {
        let at = self.order.iter().position(|&e| e == idx);
        if let (Some(Overlay::Library { selected }), Some(at)) = (&mut self.overlay, at) {
            *selected = at;
        } else {
            self.open_edition(idx);
        }
    }

    /// The papers in the library, each once, by name.
    fn paper_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .library
            .editions
            .iter()
            .filter_map(|e| e.paper.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// `:paper`: the newest edition of the paper named (exactly, else by its start, else by a
    /// part of it).
    pub(super) fn go_to_paper(&mut self, text: &str) {
        let names = self.paper_names();
        let lower = text.to_lowercase();
        let chosen = names
            .iter()
            .find(|n| **n == text)
            .or_else(|| names.iter().find(|n| n.to_lowercase().starts_with(&lower)))
            .or_else(|| names.iter().find(|n| n.to_lowercase().contains(&lower)))
            .filter(|_| !text.is_empty())
            .cloned();
        let Some(name) = chosen else {
            return self.error(format!(
                "no paper called '{text}'; the papers are {}",
                names.join(", ")
            ));
        };
        let newest = recent_first(&self.library.editions)
            .into_iter()
            .find(|&i| self.library.editions[i].paper.as_deref() == Some(&name));
        if let Some(idx) = newest {
            self.show_edition(idx);
        }
    }

    /// `:set columns=N|auto` or `:set measure=N`.
    pub(super) fn set_option(&mut self, text: &str) {
        let (key, value) = text.split_once('=').unwrap_or((text, ""));
        match (key.trim(), value.trim()) {
            ("columns", "auto") => self.options.columns = Columns::Auto,
            ("columns", n) if matches!(n.parse::<u8>(), Ok(1..=4)) => {
                self.options.columns = Columns::Fixed(n.parse().unwrap_or(1));
            }
            ("measure", n) if matches!(n.parse::<usize>(), Ok(20..=400)) => {
                self.options.measure_cols = n.parse().unwrap_or(80);
            }
            _ => {
                return self.error(format!(
                    "cannot set '{text}'; write columns=1 … 4, columns=auto or measure=20 … 400"
                ));
            }
        }
        self.relayout();
        self.info(&format!("set {}", text.trim()));
    }

    /// Tab in the `:` line: completes the command's name, a paper's name or a setting; with
    /// several candidates, as far as they agree, and the status line lists them.
    pub(super) fn complete_command(&mut self) {
        let names = self.paper_names();
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        if prompt.kind != PromptKind::Command {
            return;
        }
        let input = prompt.input.clone();
        let (head, word, candidates): (String, &str, Vec<String>) = match input.split_once(' ') {
            None => (
                String::new(),
                input.as_str(),
                COMMANDS.iter().map(|c| format!("{c} ")).collect(),
            ),
            Some(("paper" | "p", rest)) => {
                (input[..input.len() - rest.len()].to_owned(), rest, names)
            }
            Some(("set", rest)) => (
                input[..input.len() - rest.len()].to_owned(),
                rest,
                SETTINGS.iter().map(|s| (*s).to_owned()).collect(),
            ),
            Some(_) => return,
        };
        let matching: Vec<&String> = candidates.iter().filter(|c| c.starts_with(word)).collect();
        let Some(first) = matching.first() else {
            return self.error(format!("nothing to complete '{word}' with"));
        };
        let common = matching.iter().fold(first.as_str(), |acc, c| {
            let n = acc
                .char_indices()
                .zip(c.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8());
            &acc[..n]
        });
        let completed = format!("{head}{common}");
        let list = (matching.len() > 1).then(|| {
            matching
                .iter()
                .map(|c| c.trim())
                .collect::<Vec<_>>()
                .join("  ")
        });
        self.prompt = Some(Prompt::new(PromptKind::Command, completed));
        if let Some(list) = list {
            self.info(&list);
        }
    }
}

/// Whether `text` is a `YYYY-MM-DD` date (digits where they belong, month 1–12, day 1–31).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && matches!(text[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(text[8..10].parse::<u8>(), Ok(1..=31))
}
