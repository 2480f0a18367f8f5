//! Worded continuation jumps filling a line (`(Continued on Second Page.)`, `Contiuued on
//! Secoud Page`): the direction and the page, named by a word or a number, OCR damage read.

use crate::edition::recognize::{Jump, normalize_page_label};

/// The page label a jump to `(Continued on Last Page.)` records. Loading an issue folder
/// replaces it with the label of the last page; a single-page file keeps it (and the
/// link reports that the edition has no such page).
pub const LAST_PAGE: &str = "last";
/// Jump lines are short; longer lines are never read as jumps.
pub(super) const JUMP_MAX_CHARS: usize = 80;
const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];
const CARDINALS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// A worded continuation jump filling a whole line: `(Continued on Second Page.)`,
/// `Continued on Page Two`, `CONTINUED ON PAGE 7, COLUMN 3`, `(Continued from First Page.)`,
/// `(Continued on Last Page.)` (label [`LAST_PAGE`]), and OCR damage such as
/// `Contiuued on Second Pag,f`. Returns the direction and the normalised page label. A sentence
/// that merely contains `continued on` is not a jump.
pub fn ocr_jump(line: &str) -> Option<(Jump, String)> {
    if line.chars().count() > JUMP_MAX_CHARS {
        return None;
    }
    let lower = line.to_lowercase();
    let mut tokens = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .peekable();
    if !is_continued_word(tokens.next()?) {
        return None;
    }
    let direction = match tokens.next()? {
        "on" | "ou" | "onn" | "oa" => Jump::To,
        "from" | "frorn" | "fron" | "trom" | "frem" | "frum" => Jump::From,
        _ => return None,
    };
    let mut label = None;
    let mut junk = 0;
    while let Some(token) = tokens.next() {
        if is_page_word(token) {
            continue;
        }
        if label.is_none()
            && let Some(found) = page_word_label(token)
        {
            label = Some(found);
            continue;
        }
        if label.is_some() && matches!(token, "column" | "col" | "columns") {
            // `, Column 3`: the column number follows.
            tokens
                .next_if(|t| t.chars().all(|c| c.is_ascii_digit()) || page_word_label(t).is_some());
            continue;
        }
        if token.chars().count() <= 2 && junk < 2 && label.is_some() {
            junk += 1;
            continue;
        }
        return None;
    }
    label.map(|label| (direction, label))
}

/// `continued` and its OCR damage (`contiuued`, `coutinued`), and `contd`.
pub(super) fn is_continued_word(token: &str) -> bool {
    token == "continued"
        || token == "contd"
        || ((7..=11).contains(&token.len())
            && token.starts_with('c')
            && edit_distance(token, "continued") <= 2)
}

/// `page` and its OCR damage (`pag`, `paga`, `pago`).
/// A line that can finish a jump begun on the line before (`Page.)`, `Page 7, Column 3.)`,
/// `Two.)`): words of a page or column, numbers and OCR specks (one letter) only. After a begun
/// jump that already names its page (`(Continued on Second`) it must hold the word page itself,
/// so a number or letter below a whole jump line stays text.
pub(super) fn finishes_jump(line: &str, begun_with_label: bool) -> bool {
    let lower = line.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let page_word = tokens.iter().any(|t| is_page_word(t));
    let label = tokens.iter().any(|t| page_word_label(t).is_some());
    let known = tokens.iter().all(|t| {
        is_page_word(t)
            || matches!(*t, "column" | "col" | "columns")
            || page_word_label(t).is_some()
            || (page_word && t.chars().count() == 1 && t.chars().all(char::is_alphabetic))
    });
    known
        && if begun_with_label {
            page_word
        } else {
            page_word || label
        }
}

fn is_page_word(token: &str) -> bool {
    token == "page"
        || token == "pages"
        || ((3..=5).contains(&token.len())
            && token.starts_with("pa")
            && edit_distance(token, "page") <= 1)
}

/// A page named by a word or number: `second` → `2`, `two` → `2`, `last` → [`LAST_PAGE`],
/// `7` → `7`, `a2` → `A2`. OCR damage of one letter in a word of five or more letters is read
/// when only one word is that close (`secoud` → `2`).
pub fn page_word_label(token: &str) -> Option<String> {
    let token = token.to_lowercase();
    if token == LAST_PAGE {
        return Some(LAST_PAGE.to_owned());
    }
    let words = ORDINALS.iter().zip(1..).chain(CARDINALS.iter().zip(1..));
    for (word, n) in words.clone() {
        if *word == token {
            return Some(n.to_string());
        }
    }
    if token.len() <= 4
        && token.chars().all(|c| c.is_ascii_alphanumeric())
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().take_while(char::is_ascii_alphabetic).count() <= 1
    {
        let label = normalize_page_label(&token);
        return (!label.is_empty()).then_some(label);
    }
    if token.len() >= 5 {
        let close: Vec<u32> = words
            .filter(|(word, _)| edit_distance(word, &token) <= 1)
            .map(|(_, n)| n)
            .collect();
        if let [n] = close.as_slice() {
            return Some(n.to_string());
        }
        if token == "lasl" || token == "iast" {
            return Some(LAST_PAGE.to_owned());
        }
    }
    None
}

/// Levenshtein distance between two short strings (callers bound their lengths).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            row[j + 1] = substitute.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worded_jumps() {
        let cases = [
            ("(Continued on Second Page.)", Some((Jump::To, "2"))),
            ("Continued on Page Two", Some((Jump::To, "2"))),
            ("CONTINUED ON PAGE TWO", Some((Jump::To, "2"))),
            ("(Continued on Last Page.)", Some((Jump::To, LAST_PAGE))),
            ("(Continued from First Page.)", Some((Jump::From, "1"))),
            ("Continued on Second Pag,f", Some((Jump::To, "2"))),
            ("(Contiuued on Secoud Page.)", Some((Jump::To, "2"))),
            ("Coutinued frorn Page 1.", Some((Jump::From, "1"))),
            ("Continued on Page 7, Column 3.", Some((Jump::To, "7"))),
            ("(Continued on Page A2)", Some((Jump::To, "A2"))),
            ("Continued from Twelfth Page", Some((Jump::From, "12"))),
            ("(Continued on Twentieth Page.)", Some((Jump::To, "20"))),
            ("continued on page twenty", Some((Jump::To, "20"))),
            // Prose, not jumps.
            ("continued on the other side of the river", None),
            ("The work continued on Monday.", None),
            ("Continued on", None),
            ("Continued", None),
            ("(Continued on Page)", None),
            ("", None),
        ];
        for (line, want) in cases {
            let got = ocr_jump(line);
            let got = got.as_ref().map(|(j, l)| (*j, l.as_str()));
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn page_words() {
        let cases = [
            ("first", Some("1")),
            ("Tenth", Some("10")),
            ("twentieth", Some("20")),
            ("one", Some("1")),
            ("twenty", Some("20")),
            ("last", Some(LAST_PAGE)),
            ("7", Some("7")),
            ("07", Some("7")),
            ("b2", Some("B2")),
            ("secoud", Some("2")),
            ("thirds", Some("3")),
            ("page", None),
            ("word", None),
            ("tw", None),
        ];
        for (word, want) in cases {
            assert_eq!(page_word_label(word).as_deref(), want, "{word}");
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("continued", "continued"), 0);
        assert_eq!(edit_distance("contiuued", "continued"), 1);
        assert_eq!(edit_distance("", "page"), 4);
        assert_eq!(edit_distance("pag", "page"), 1);
    }
}
