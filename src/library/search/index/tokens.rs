//! How the index cuts text into terms, without a dictionary, and what a query term must find.
//!
//! Characters are folded as search folds them ([`fold`]). A run of CJK characters (Han, kana,
//! full-width forms) gives every character (a unigram) and every pair of neighbours (a bigram),
//! the approach of Lucene's CJK analyser; any other run of letters and digits is one word,
//! numbers kept whole. Everything else (punctuation, spaces, line breaks) separates runs.
//!
//! Search matches a needle anywhere in the text, inside words too (`park` finds `parking`), so
//! a needle asks of the index only what every text holding it must contain: each bigram of its
//! CJK runs (the character itself for a run of one), and for each Latin run a word that equals
//! it, or starts, ends or contains it when the run touches the needle's start or end. Candidates
//! are then checked against the stored text, so the terms only need to be a superset.
//!
//! Built on the query vocabulary's folding ([`fold`]) alone; it must never import the rest of the
//! index, the scan, or the choice between the index and the scan ([`crate::library::search`]'s
//! own items).

use crate::edition::recognize::is_cjk;
use crate::library::search::needle::fold;

/// What kind of run a character belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cjk,
    Word,
    Gap,
}

fn kind(c: char) -> Kind {
    if !c.is_alphanumeric() {
        Kind::Gap
    } else if is_cjk(c) {
        Kind::Cjk
    } else {
        Kind::Word
    }
}

/// `c` folded, and the kind of run it belongs to: what `kind(fold(c))` says, with the two
/// commonest cases (ASCII, and the main block of Han ideographs, which fold to themselves and
/// are all letters) answered without Unicode tables. A unit test checks every character.
fn classify(c: char) -> (char, Kind) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            (c.to_ascii_lowercase(), Kind::Word)
        } else {
            (c, Kind::Gap)
        }
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        (c, Kind::Cjk)
    } else {
        let folded = fold(c);
        (folded, kind(folded))
    }
}

/// The terms of one field of a text, one at a time, written into a caller's buffer: nothing is
/// allocated per term (the index cuts every article of the library with it).
pub struct TermCursor<'a> {
    chars: std::str::Chars<'a>,
    /// Words (the `word` field) or CJK unigrams and bigrams (the `cjk` field).
    words: bool,
    /// The CJK character before the current one in its run.
    prev: Option<char>,
    /// The unigram still to give after a bigram.
    pending: Option<char>,
}

impl<'a> TermCursor<'a> {
    /// The words of `text` when `words`, else its CJK unigrams and bigrams.
    pub fn new(text: &'a str, words: bool) -> TermCursor<'a> {
        TermCursor {
            chars: text.chars(),
            words,
            prev: None,
            pending: None,
        }
    }

    /// Writes the next term into `out` (cleared first); false when there is none.
    pub fn next_into(&mut self, out: &mut String) -> bool {
        out.clear();
        if let Some(c) = self.pending.take() {
            out.push(c);
            return true;
        }
        if self.words {
            for c in self.chars.by_ref() {
                match classify(c) {
                    (c, Kind::Word) => out.push(c),
                    _ if !out.is_empty() => return true,
                    _ => {}
                }
            }
            return !out.is_empty();
        }
        for c in self.chars.by_ref() {
            match classify(c) {
                (c, Kind::Cjk) => {
                    if let Some(p) = self.prev.replace(c) {
                        out.push(p);
                        out.push(c);
                        self.pending = Some(c);
                    } else {
                        out.push(c);
                    }
                    return true;
                }
                _ => self.prev = None,
            }
        }
        false
    }
}

/// A run of folded characters of one kind, and whether text of the same kind touches it on
/// either side in the text it was cut from.
struct Run {
    kind: Kind,
    text: String,
    chars: usize,
    open_start: bool,
    open_end: bool,
}

/// Cuts folded `text` into runs of CJK characters and of other letters and digits.
fn runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut last = Kind::Gap;
    for (c, now) in text.chars().map(classify) {
        if now != Kind::Gap {
            match runs.last_mut() {
                Some(run) if now == last => {
                    run.text.push(c);
                    run.chars += 1;
                }
                _ => runs.push(Run {
                    kind: now,
                    text: c.to_string(),
                    chars: 1,
                    open_start: false,
                    open_end: false,
                }),
            }
        }
        last = now;
    }
    runs
}

/// Calls `cjk` with every unigram and bigram and `word` with every word of `text`, folded.
pub fn for_each_term(text: &str, mut cjk: impl FnMut(&str), mut word: impl FnMut(&str)) {
    let mut term = String::new();
    let mut cursor = TermCursor::new(text, false);
    while cursor.next_into(&mut term) {
        cjk(&term);
    }
    let mut cursor = TermCursor::new(text, true);
    while cursor.next_into(&mut term) {
        word(&term);
    }
}

/// How a Latin run of a needle must appear among a text's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordMatch {
    /// A word equal to it (letters or digits on neither side in the needle's text).
    Exact(String),
    /// A word that starts with it (the needle ends inside the word).
    Prefix(String),
    /// A word that ends with it (the needle starts inside the word).
    Suffix(String),
    /// A word that contains it (the needle is one run of letters).
    Contains(String),
}

/// What a needle asks of the index: every CJK term, and every word condition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Required {
    pub cjk: Vec<String>,
    pub words: Vec<WordMatch>,
}

/// The terms every text that contains `needle` (as search matches it) holds.
pub fn required(needle: &str) -> Required {
    let mut runs = runs(needle);
    let count = runs.len();
    // Only a run at the needle's very edge can continue in the text: a gap or a run of the
    // other kind inside the needle ends it there.
    let first_char_kind = needle.chars().next().map(|c| classify(c).1);
    let last_char_kind = needle.chars().next_back().map(|c| classify(c).1);
    if let Some(first) = runs.first_mut() {
        first.open_start = first_char_kind == Some(first.kind);
    }
    if let Some(last) = runs.last_mut() {
        last.open_end = last_char_kind == Some(last.kind);
    }
    let mut out = Required::default();
    for (n, run) in runs.into_iter().enumerate() {
        match run.kind {
            Kind::Cjk if run.chars == 1 => out.cjk.push(run.text),
            Kind::Cjk => for_each_term(
                &run.text,
                |term| {
                    if term.chars().count() == 2 {
                        out.cjk.push(term.to_owned());
                    }
                },
                |_| {},
            ),
            Kind::Word => {
                let open_start = n == 0 && run.open_start;
                let open_end = n + 1 == count && run.open_end;
                out.words.push(match (open_start, open_end) {
                    (false, false) => WordMatch::Exact(run.text),
                    (false, true) => WordMatch::Prefix(run.text),
                    (true, false) => WordMatch::Suffix(run.text),
                    (true, true) => WordMatch::Contains(run.text),
                });
            }
            Kind::Gap => {}
        }
    }
    out.cjk.sort_unstable();
    out.cjk.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> (Vec<String>, Vec<String>) {
        let (mut cjk, mut words) = (Vec::new(), Vec::new());
        for_each_term(
            text,
            |t| cjk.push(t.to_owned()),
            |w| words.push(w.to_owned()),
        );
        (cjk, words)
    }

    /// The fast paths of `classify` say what folding and the Unicode tables say.
    #[test]
    fn classify_agrees_with_fold_and_kind_everywhere() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let folded = fold(c);
            assert_eq!(classify(c), (folded, kind(folded)), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn han_runs_give_unigrams_and_bigrams_and_words_stay_whole() {
        let (cjk, words) = terms("社会救助，River-Park 2023年");
        assert_eq!(cjk, ["社", "社会", "会", "会救", "救", "救助", "助", "年"]);
        assert_eq!(words, ["river", "park", "2023"]);
        // Spaces inside a name part it, as the scan sees the text.
        assert_eq!(terms("徐  隽").0, ["徐", "隽"]);
        assert_eq!(terms("ÜBER Ａ４").1, ["über"]);
        assert_eq!(terms("Ａ４").0, ["ａ", "ａ４", "４"]);
    }

    #[test]
    fn needles_ask_for_what_every_match_contains() {
        use WordMatch::{Contains, Exact, Prefix, Suffix};
        let want = |cjk: &[&str], words: Vec<WordMatch>| Required {
            cjk: cjk.iter().map(|s| (*s).to_owned()).collect(),
            words,
        };
        assert_eq!(required("群众"), want(&["群众"], vec![]));
        assert_eq!(required("救"), want(&["救"], vec![]));
        assert_eq!(
            required("群众路线"),
            want(&["众路", "群众", "路线"], vec![])
        );
        assert_eq!(required("Park"), want(&[], vec![Contains("park".into())]));
        assert_eq!(
            required("river park"),
            want(&[], vec![Suffix("river".into()), Prefix("park".into())])
        );
        assert_eq!(
            required("a-b-c"),
            want(
                &[],
                vec![Suffix("a".into()), Exact("b".into()), Prefix("c".into())]
            )
        );
        assert_eq!(
            required("iPhone手机"),
            want(&["手机"], vec![Suffix("iphone".into())])
        );
        assert_eq!(
            required("10:30"),
            want(&[], vec![Suffix("10".into()), Prefix("30".into())])
        );
        assert_eq!(required("“park”"), want(&[], vec![Exact("park".into())]));
    }
}
