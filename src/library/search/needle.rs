//! The query as search runs it: exact matching in loaded text (CJK as is, letters without case,
//! the same rule as the reader's find), and a conservative test on a file's raw bytes that never
//! says "no" to a file whose loaded articles contain the query.
//!
//! Loading changes text in ways a plain byte search cannot see: the lines of a paragraph are
//! joined (with a space between Latin words, directly between Chinese characters), paragraphs a
//! column break split are joined again, indents and trailing spaces go, CRLF and CR become LF. So
//! the raw test looks for one character of the query (its rarest, ASCII letters in either case)
//! and, around each place it occurs, for the rest of the query with any whitespace, line breaks
//! included, allowed between characters. A file passes too when it holds a case variant of a
//! query letter that ASCII case does not give (`Ü` for `ü`, the Kelvin sign for `k`). A file
//! that passes is loaded and matched exactly. Not seen: a match that something else the loader
//! removes (an escape sequence, a control character, a bidi control, a stray byte-order mark)
//! interrupts in the middle of a line.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem;

/// Folds a character for matching: Latin letters to lower case, everything else as is. The
/// reader's find and filter (`app::text_match`) match through [`Needle`] too, so they agree.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Whether any character other than `c` folds to the same character as `c` does. Only letters
/// other than Han ideographs have case; a unit test checks this over every character.
fn may_have_variants(c: char) -> bool {
    c.is_alphabetic() && !crate::edition::recognize::is_han(c)
}

/// Every character that folds to `folded` (a folded character), `folded` first.
fn variants(folded: char) -> Vec<char> {
    // Known by heart for ASCII (a unit test checks them against the table): a letter, its
    // capital, and for `i` and `k` the capital dotted I and the Kelvin sign.
    match folded {
        'i' => vec!['i', 'I', '\u{130}'],
        'k' => vec!['k', 'K', '\u{212a}'],
        'a'..='z' => vec![folded, folded.to_ascii_uppercase()],
        _ if folded.is_ascii() || !may_have_variants(folded) => vec![folded],
        _ => variants_by_table(folded),
    }
}

/// [`variants`] from a table of every character whose fold differs from itself, built once.
fn variants_by_table(folded: char) -> Vec<char> {
    static INVERSE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    let inverse = INVERSE.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| may_have_variants(c))
            .filter_map(|c| Some((fold(c), c)).filter(|&(f, c)| f != c))
            .collect();
        pairs.sort_unstable();
        pairs
    });
    let start = inverse.partition_point(|&(f, _)| f < folded);
    std::iter::once(folded)
        .chain(
            inverse[start..]
                .iter()
                .take_while(|&&(f, _)| f == folded)
                .map(|&(_, c)| c),
        )
        .collect()
}

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Needle {
    query: String,
    /// The query's characters, folded.
    folded: Vec<char>,
    /// `folded` as UTF-8.
    finder: memmem::Finder<'static>,
    /// Some character has case variants: loaded text is matched character by character.
    cased: bool,
    /// Lead bytes of the variants of the first character, for finding match starts quickly.
    first_leads: Vec<u8>,
    /// The folded query without whitespace, one UTF-8 string per character.
    loose: Vec<Box<[u8]>>,
    /// The character of `loose` the raw test looks for first.
    anchor: Anchor,
    /// Case variants that ASCII case does not give (`Ü` for `ü`, the Kelvin sign for `k`).
    unusual: Vec<memmem::Finder<'static>>,
    /// Every file passes: the query holds U+FFFD, which the loader makes of invalid bytes.
    any_file: bool,
}

/// One character of the query and how to find it in raw bytes.
#[derive(Debug, Clone)]
struct Anchor {
    /// Index in `loose`.
    idx: usize,
    /// Every index in `loose` that holds the same character (ASCII case aside).
    slots: Vec<usize>,
    finder: memmem::Finder<'static>,
}

/// ASCII letters from rarest to commonest in English text: the first guess at an anchor.
const LETTERS_BY_RARITY: &[u8; 26] = b"zqxjkvbpygfwmucldrhsnioate";

/// Why a query cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NeedleError {
    #[error("the query is empty; give the words to search for, e.g. kanbao search 救助")]
    Empty,
}

impl Needle {
    /// Compiles `query`, taken as written (spaces included). An empty or all-whitespace query is
    /// an error: it would match everything.
    pub fn new(query: &str) -> Result<Needle, NeedleError> {
        if query.trim().is_empty() {
            return Err(NeedleError::Empty);
        }
        let folded: Vec<char> = query.chars().map(fold).collect();
        let folded_text: String = folded.iter().collect();
        let mut cased = false;
        let mut unusual: Vec<String> = Vec::new();
        for &f in &folded {
            for v in variants(f).into_iter().skip(1) {
                cased = true;
                let ascii_case = v.is_ascii() && f.is_ascii();
                if !ascii_case && !unusual.contains(&v.to_string()) {
                    unusual.push(v.to_string());
                }
            }
        }
        let mut first_leads: Vec<u8> = variants(folded[0])
            .iter()
            .map(|c| c.to_string().as_bytes()[0])
            .collect();
        first_leads.sort_unstable();
        first_leads.dedup();
        let loose: Vec<Box<[u8]>> = folded
            .iter()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_string().into_bytes().into_boxed_slice())
            .collect();
        // First guess: the rarest English letter, else the last character.
        let guess = LETTERS_BY_RARITY
            .iter()
            .find_map(|&letter| loose.iter().position(|p| p[..] == [letter]))
            .unwrap_or(loose.len() - 1);
        Ok(Needle {
            query: query.to_owned(),
            finder: memmem::Finder::new(folded_text.as_bytes()).into_owned(),
            any_file: folded.contains(&'\u{fffd}'),
            anchor: Anchor::at(&loose, guess),
            folded,
            cased,
            first_leads,
            loose,
            unusual: unusual
                .iter()
                .map(|u| memmem::Finder::new(u.as_bytes()).into_owned())
                .collect(),
        })
    }

    /// Picks as the raw test's anchor the query character that occurs least often in `sample`
    /// (say, the first file of a search). Only speed depends on the choice, never results.
    pub fn tune(&mut self, sample: &[u8]) {
        let mut best = (self.count_in(sample, self.anchor.idx), self.anchor.idx);
        for idx in 0..self.loose.len() {
            let count = self.count_in(sample, idx);
            if count < best.0 {
                best = (count, idx);
            }
        }
        if best.1 != self.anchor.idx {
            self.anchor = Anchor::at(&self.loose, best.1);
        }
    }

    /// Occurrences of `loose[idx]` in `sample`, ASCII letters in either case.
    fn count_in(&self, sample: &[u8], idx: usize) -> usize {
        match self.loose[idx][..] {
            [b] if b.is_ascii_alphabetic() => {
                memchr::memchr2_iter(b, b.to_ascii_uppercase(), sample).count()
            }
            ref piece => memmem::find_iter(sample, piece).count(),
        }
    }

    /// The query as given.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The byte range of the first match in `text`, if any: characters compared after
    /// [`fold`], so `Park` finds `PARK` and `救助` finds only `救助`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        if !self.cased {
            // No character has case variants: a byte match is a character match (UTF-8 is
            // self-synchronising) and the first byte match is the first match.
            let start = self.finder.find(text.as_bytes())?;
            return Some(start..start + self.finder.needle().len());
        }
        let bytes = text.as_bytes();
        let verify = |start: usize| self.match_at(text, start).map(|end| start..end);
        match self.first_leads.as_slice() {
            [a] => memchr::memchr_iter(*a, bytes).find_map(verify),
            [a, b] => memchr::memchr2_iter(*a, *b, bytes).find_map(verify),
            [a, b, c] => memchr::memchr3_iter(*a, *b, *c, bytes).find_map(verify),
            _ => text.char_indices().map(|(i, _)| i).find_map(verify),
        }
    }

    /// Where a match starting at byte `start` (a character boundary) ends, if one does.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let mut chars = text[start..].char_indices();
        for &want in &self.folded {
            let (_, c) = chars.next()?;
            if fold(c) != want {
                return None;
            }
        }
        Some(chars.next().map_or(text.len(), |(i, _)| start + i))
    }

    /// False only when the file whose bytes are `raw` cannot contain a match once loaded (see the
    /// module comment).
    pub fn may_match_file(&self, raw: &[u8]) -> bool {
        self.any_file
            || self.occurs_loosely(raw)
            || self.unusual.iter().any(|u| u.find(raw).is_some())
    }

    /// The length of every match, when every match is one run of bytes ([`Needle::find_exact`]
    /// finds them): no query character has case variants, so a byte match in UTF-8 text is a
    /// match, and the first is the first ([`Needle::find`]).
    pub fn exact_len(&self) -> Option<usize> {
        (!self.cased).then(|| self.finder.needle().len())
    }

    /// Where the query's bytes first occur in `bytes` at or after `from`; a match where the
    /// needle has an [`Needle::exact_len`] and `bytes` are UTF-8.
    pub fn find_exact(&self, bytes: &[u8], from: usize) -> Option<usize> {
        self.finder.find(bytes.get(from..)?).map(|at| from + at)
    }

    /// Whether the query occurs in `raw` with whitespace allowed between its characters (ASCII
    /// letters compared without case), found from where the anchor character occurs.
    fn occurs_loosely(&self, raw: &[u8]) -> bool {
        let anchor = &self.loose[self.anchor.idx];
        let around = |at: usize| {
            self.anchor.slots.iter().any(|&slot| {
                self.ends_before(raw, at, slot)
                    && self.starts_after(raw, at + anchor.len(), slot + 1)
            })
        };
        match anchor[..] {
            [b] if b.is_ascii_alphabetic() => {
                memchr::memchr2_iter(b, b.to_ascii_uppercase(), raw).any(around)
            }
            _ => self.anchor.finder.find_iter(raw).any(around),
        }
    }

    /// Whether `loose[..upto]` ends at byte `end` of `raw`, whitespace allowed before each.
    fn ends_before(&self, raw: &[u8], end: usize, upto: usize) -> bool {
        let mut end = end;
        for piece in self.loose[..upto].iter().rev() {
            end = skip_back_whitespace(raw, end);
            match end.checked_sub(piece.len()) {
                Some(start) if raw[start..end].eq_ignore_ascii_case(piece) => end = start,
                _ => return false,
            }
        }
        true
    }

    /// Whether `loose[from..]` starts at byte `at` of `raw`, whitespace allowed before each.
    fn starts_after(&self, raw: &[u8], at: usize, from: usize) -> bool {
        let mut at = at;
        for piece in &self.loose[from..] {
            at = skip_whitespace(raw, at);
            match raw.get(at..at + piece.len()) {
                Some(window) if window.eq_ignore_ascii_case(piece) => at += piece.len(),
                _ => return false,
            }
        }
        true
    }
}

impl Anchor {
    fn at(loose: &[Box<[u8]>], idx: usize) -> Anchor {
        Anchor {
            idx,
            slots: (0..loose.len())
                .filter(|&i| loose[i].eq_ignore_ascii_case(&loose[idx]))
                .collect(),
            finder: memmem::Finder::new(&loose[idx]).into_owned(),
        }
    }
}

/// The byte after the whitespace (line breaks included) that starts at `at`.
fn skip_whitespace(raw: &[u8], mut at: usize) -> usize {
    while at < raw.len() {
        let len = utf8_len(raw[at]);
        match char_at(raw, at, len) {
            Some(c) if c.is_whitespace() => at += len,
            _ => break,
        }
    }
    at
}

/// The start of the whitespace (line breaks included) that ends at `end`.
fn skip_back_whitespace(raw: &[u8], mut end: usize) -> usize {
    while end > 0 {
        // The start of the character that ends at `end`: at most three continuation bytes back.
        let start = (end.saturating_sub(4)..end)
            .rev()
            .find(|&i| raw[i] & 0xc0 != 0x80)
            .unwrap_or(end - 1);
        match char_at(raw, start, end - start) {
            Some(c) if c.is_whitespace() => end = start,
            _ => break,
        }
    }
    end
}

/// The character of `len` bytes at `at`, when those bytes are one valid character.
fn char_at(raw: &[u8], at: usize, len: usize) -> Option<char> {
    let bytes = raw.get(at..at + len)?;
    std::str::from_utf8(bytes).ok()?.chars().next()
}

/// The length of a UTF-8 sequence from its lead byte (1 for a stray continuation byte).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(q: &str) -> Needle {
        Needle::new(q).expect("a valid query")
    }

    #[test]
    fn tuning_anchors_on_the_rarest_character() {
        let mut needle = needle("zephyr protocol");
        assert_eq!(needle.loose[needle.anchor.idx][..], *b"z");
        needle.tune(b"zzz ZZZ eee ppp yyy rrr ooo ttt ccc lll hh");
        assert_eq!(needle.loose[needle.anchor.idx][..], *b"h");
        let mut needle = Needle::new("群众路线").expect("a query");
        needle.tune("群众 群众 路线 路".as_bytes());
        assert_eq!(needle.loose[needle.anchor.idx][..], *"线".as_bytes());
    }

    #[test]
    fn only_letters_outside_cjk_have_case() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let f = fold(c);
            if f != c {
                assert!(may_have_variants(c), "{c:?} folds to {f:?}");
                assert!(may_have_variants(f), "{c:?} folds to {f:?}");
                assert_eq!(fold(f), f, "folding {c:?} twice");
            }
        }
        assert_eq!(variants('k'), ['k', 'K', '\u{212a}']);
        assert_eq!(variants('ü'), ['ü', 'Ü']);
        assert_eq!(variants('救'), ['救']);
    }

    #[test]
    fn ascii_variants_agree_with_the_table() {
        for c in ('\0'..='\u{7f}').filter(|&c| fold(c) == c) {
            let mut by_heart = variants(c);
            let mut by_table = variants_by_table(c);
            by_heart.sort_unstable();
            by_table.sort_unstable();
            assert_eq!(by_heart, by_table, "{c:?}");
        }
    }

    #[test]
    fn finds_the_first_match_as_the_reader_does() {
        type Case = (&'static str, &'static str, Option<(usize, usize)>);
        let cases: [Case; 10] = [
            ("社会救助体系", "救助", Some((6, 12))),
            ("Council Backs River Park Plan", "park", Some((20, 24))),
            ("PARK park", "Park", Some((0, 4))),
            ("über ÜBER", "ÜBER", Some((0, 5))),
            ("2 \u{212a}elvin", "kelvin", Some((2, 10))),
            ("Straße", "STRASSE", None),
            ("短", "很长的查询", None),
            ("救 助", "救助", None),
            ("EPC总包", "epc总", Some((0, 6))),
            ("ǅemal", "ǆ", Some((0, 2))),
        ];
        for (text, query, want) in cases {
            let got = needle(query).find(text).map(|r| (r.start, r.end));
            assert_eq!(got, want, "{query:?} in {text:?}");
        }
        assert_eq!(Needle::new(" \t").err(), Some(NeedleError::Empty));
    }

    #[test]
    fn the_raw_test_keeps_every_file_the_loader_could_match() {
        type Case = (&'static str, &'static str, bool);
        let cases: [Case; 20] = [
            ("plain 社会救助 text", "救助", true),
            ("nothing here", "救助", false),
            ("ZEPHYR PROTOCOL", "zephyr protocol", true),
            (
                "a soft\nwrapped Zephyr\nProtocol line",
                "zephyr protocol",
                true,
            ),
            ("zephyr  \n   protocol", "Zephyr Protocol", true),
            ("做好问题楼盘\n\n处置。", "楼盘处置", true),
            ("做好问题楼盘\r\n\r\n处置。", "楼盘处置", true),
            ("楼盘\n　　处置", "楼盘处置", true),
            ("智慧养\n老服\n务中心", "智慧养老服务中心", true),
            ("楼盘\n其他\n处置", "楼盘处置", false),
            ("楼\n盘", "盘楼", false),
            ("GRÜN", "grün", true),
            ("2 \u{212a}elvin", "kelvin", true),
            ("EPC总包 and more", "epc总包", true),
            ("Epc总", "epc总包", false),
            // Whitespace inside a line is allowed too: the test may pass files the loader
            // then does not match, never the other way round.
            ("Epc 总 包", "epc总包", true),
            ("a ZePhYr PROTOCOL b", "zephyr protocol", true),
            ("zephyr protocoI", "zephyr protocol", false),
            ("line one\rZephyr\rProtocol", "zephyr protocol", true),
            ("z\nq", "zz", false),
        ];
        for (raw, query, want) in cases {
            let mut needle = needle(query);
            // Whichever character anchors the test, the verdict is the same.
            for idx in 0..needle.loose.len() {
                needle.anchor = Anchor::at(&needle.loose, idx);
                assert_eq!(
                    needle.may_match_file(raw.as_bytes()),
                    want,
                    "{query:?} in {raw:?}, anchored at {idx}"
                );
            }
        }
    }
}
