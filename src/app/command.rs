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

    /// `:date` (and `t`): the edition of this paper on that date (`YYYY-MM-DD`, `YYYY-MM` for
    /// the first of the month, `MM-DD` in this paper's year), else of any paper that day, else
    /// this paper's nearest edition, else any paper's. "This paper" is the one selected in the
    /// library view, elsewhere the open edition's.
    pub(super) fn go_to_date(&mut self, text: &str) {
        let here = self
            .shelf_at()
            .and_then(|(at, _)| self.order.get(at))
            .map_or(self.edition, |&i| i);
        let (paper, year) = match self.library.editions.get(here) {
            Some(e) => (
                e.paper.clone(),
                e.date.as_deref().and_then(|d| d.get(..4)).unwrap_or(""),
            ),
            None => (None, ""),
        };
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
        let editions = &self.library.editions;
        let same_paper = |i: &usize| editions[*i].paper == paper;
        let dated = |i: &usize| {
            editions[*i]
                .date
                .as_deref()
                .is_some_and(|d| d.starts_with(&wanted))
        };
        // `order` lists each paper newest first: from its end, a month gives its first edition.
        let exact = self
            .order
            .iter()
            .rev()
            .copied()
            .filter(dated)
            .find(same_paper)
            .or_else(|| self.order.iter().rev().copied().find(dated));
        let found = exact.map(|idx| (idx, None)).or_else(|| {
            let target = day_number(&format!("{wanted}-01"))?;
            let nearest = |own: bool| {
                self.order
                    .iter()
                    .copied()
                    .filter(|i| !own || same_paper(i))
                    .filter_map(|i| {
                        let day = day_number(editions[i].date.as_deref()?)?;
                        Some((day.abs_diff(target), day, i))
                    })
                    .min()
            };
            let (_, _, idx) = nearest(true).or_else(|| nearest(false))?;
            Some((idx, editions[idx].date.clone()))
        });
        let Some((idx, nearest)) = found else {
            let name = paper.unwrap_or_else(|| "the library".to_owned());
            return self.error(format!(
                "no edition of {name} or any other paper on {wanted}"
            ));
        };
        self.show_edition(idx);
        if let Some(date) = nearest {
            self.info(&format!("the nearest edition is {date} (none on {wanted})"));
        }
    }

    /// In the library view, selects edition `idx` there (its month opened); elsewhere opens it.
    fn show_edition(&mut self, idx: usize) {
        let at = self.order.iter().position(|&e| e == idx);
        match (&self.overlay, at) {
            (Some(Overlay::Library { .. }), Some(at)) => {
                self.show_in_library(at);
                if let Some(e) = self.library.editions.get(idx) {
                    let text = format!(
                        "{} {}",
                        e.paper.as_deref().unwrap_or(""),
                        e.date.as_deref().unwrap_or("")
                    );
                    self.info(text.trim());
                }
            }
            _ => self.open_edition(idx),
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

/// Days since 1970-01-01 of a `YYYY-MM-DD…` date (the civil calendar), for the nearest edition.
fn day_number(date: &str) -> Option<i64> {
    let year: i64 = date.get(..4)?.parse().ok()?;
    let month: i64 = date.get(5..7)?.parse().ok()?;
    let day: i64 = date.get(8..10)?.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Whether `text` is a `YYYY-MM-DD` date (digits where they belong, a month, a day it has).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && text.parse::<jiff::civil::Date>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::{day_number, is_date};

    #[test]
    fn days_count_across_months_years_and_leap_days() {
        let cases = [
            ("1970-01-01", 0),
            ("1970-01-02", 1),
            ("2000-03-01", 11_017),
            ("2013-01-01", 15_706),
            ("2024-02-29", 19_782),
            ("2024-03-01", 19_783),
        ];
        for (date, days) in cases {
            assert_eq!(day_number(date), Some(days), "{date}");
        }
        assert_eq!(day_number("2024-xx-01"), None);
        assert_eq!(day_number("2024-02"), None);
    }

    #[test]
    fn a_date_has_a_month_and_a_day_the_month_has() {
        for good in ["2023-02-28", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2023-04-31",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "2023/01/01",
            "23-01-01",
            "２０２３-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
