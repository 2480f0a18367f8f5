//! What kind of line an OCR line is: noise, all capitals, title-cased, a deck, a subhead; and the measures the other rules share (case counts, month and
//! weekday names, a bounded prefix).

/// Small words a title-cased line leaves in lower case.
const MINOR_WORDS: [&str; 16] = [
    "a", "an", "the", "of", "in", "on", "to", "and", "for", "with", "at", "by", "or", "as", "from",
    "but",
];
/// Month names, lower case (also how the masthead tells a weekday from a month).
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The longest prefix of `text` of at most `max_bytes` that ends on a char boundary.
pub(super) fn prefix(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Upper- and lower-case letters in `text`.
pub(super) fn case_counts(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(upper, lower), c| {
        if c.is_uppercase() {
            (upper + 1, lower)
        } else if c.is_lowercase() {
            (upper, lower + 1)
        } else {
            (upper, lower)
        }
    })
}

/// A line without a run of two letters: `i`, `f .`, `2`, `1 ' l`. Such lines carry no headline
/// or sentence of their own.
pub(super) fn is_noise_line(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_alphabetic() {
            run += 1;
            if run >= 2 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    true
}

/// Two-letter words (and `a`, `i`, `o`) that are words, not OCR debris, in a headline.
const SHORT_WORDS: [&str; 28] = [
    "a", "i", "o", "of", "to", "in", "at", "on", "by", "an", "as", "it", "no", "up", "so", "be",
    "he", "we", "me", "do", "go", "us", "or", "my", "is", "am", "if", "st",
];

/// A headline made of OCR debris, not words: under 60% of its marks letters, no word of three
/// letters or more, or at least two in five of its words debris (one or two letters that are
/// no word and no initial: `J . AT COURTNEY " . -`, `IY AT`, `AIM? Hi 13, 191(5`). Such a line
/// is text, never a headline.
pub(super) fn is_garbage_heading(text: &str) -> bool {
    let marks = text.chars().filter(|c| !c.is_whitespace()).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if marks == 0 || letters * 10 < marks * 6 {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let word_letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    // `III`, `Il1`: strokes OCR read as letters.
    let strokes = |w: &str| {
        w.chars()
            .all(|c| matches!(c, 'I' | 'l' | '1' | '|' | '.' | ','))
    };
    if !words.iter().any(|w| word_letters(w) >= 3 && !strokes(w)) {
        return true;
    }
    let debris = words
        .iter()
        .filter(|w| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            let number = !core.is_empty()
                && core
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '$'));
            let initial = w.len() == 2 && w.ends_with('.') && word_letters(w) == 1;
            let initials =
                w.ends_with('.') && w.split('.').all(|p| p.is_empty() || word_letters(p) == 1);
            let short =
                word_letters(w) <= 2 && !SHORT_WORDS.contains(&core.to_lowercase().as_str());
            (short && !number && !initial && !initials) || (strokes(w) && word_letters(w) >= 2)
        })
        .count();
    debris * 5 >= words.len() * 2
}

/// True when `next` goes on the last word of `prev`, broken at the line end without a hyphen
/// (a deck's `Sever Tac` | `tions`): `prev` ends in a letter and `next` starts with a
/// lower-case word that is no small word (`of`, `and`, `with` start a new word).
pub(super) fn continues_word(prev: &str, next: &str) -> bool {
    let next = next.trim_start();
    let first: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    prev.trim_end()
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
        && first.chars().next().is_some_and(char::is_lowercase)
        && !MINOR_WORDS.contains(&first.as_str())
        && !matches!(
            first.as_str(),
            "is" | "are" | "was" | "will" | "not" | "may"
        )
}

/// An all-capitals line (80% of at least three letters upper case): a headline or deck.
pub(super) fn is_caps_line(text: &str) -> bool {
    let (upper, lower) = case_counts(text);
    upper + lower >= 3 && upper * 10 >= (upper + lower) * 8
}

/// A title-cased line (`Gen. Scott to Confer With`): at least three quarters of its words other
/// than small words (`of`, `to`, `the`) start with a capital, and it has at least two of them.
fn is_title_like(text: &str) -> bool {
    let (mut content, mut capitalised) = (0usize, 0usize);
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() || MINOR_WORDS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        content += 1;
        if first.is_uppercase() {
            capitalised += 1;
        }
    }
    content >= 2 && capitalised * 4 >= content * 3
}

/// A deck line under a headline: title-cased, or a short line of at most four words of which
/// three in five of weight are capitalised: a deck's tail (`With Lansing`), or one that starts
/// with the end of a word OCR broke without a hyphen (`til Carranza Can`).
pub(super) fn is_deck_line(text: &str) -> bool {
    if is_title_like(text) {
        return true;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = content
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() <= 4 && !content.is_empty() && capitalised * 5 >= content.len() * 3
}

/// A subhead between paragraphs (`German Denial Expected.`): under 85% of the column,
/// title-cased, two to eight words, not ending mid-sentence, and followed by a line that starts
/// a sentence.
pub(super) fn is_subhead(text: &str, column_chars: usize, next: Option<&str>) -> bool {
    let words = text.split_whitespace().count();
    (2..=8).contains(&words)
        && text.chars().count() * 20 < column_chars * 17
        && !text.ends_with([',', '-', ';'])
        && is_title_like(text)
        && next
            .and_then(|n| n.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“'))
}

/// `april`, `apr`, `sept`, `saturday`, `sat`: a month or weekday name or its abbreviation.
pub(super) fn month_or_weekday(token: &str) -> bool {
    token.len() >= 3
        && MONTHS
            .iter()
            .chain(WEEKDAYS.iter())
            .any(|name| name.starts_with(token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::ocr::datelines::starts_dateline;

    #[test]
    fn line_kinds() {
        assert!(is_caps_line("WILSON NOTE TO"));
        assert!(is_caps_line("READY; SENT MONDAY"));
        assert!(!is_caps_line("I A"));
        assert!(!is_caps_line("President Approves Final"));
        assert!(is_title_like("President Approves Final"));
        assert!(is_title_like("Demand for Disavowal of"));
        assert!(!is_title_like("The United States today strength"));
        assert!(!is_title_like("With Lansing"));
        assert!(is_deck_line("With Lansing"));
        assert!(!is_deck_line("with the others"));
        assert!(is_deck_line("til Carranza Can"));
        assert!(!is_deck_line("nounces the Mexican policy pf the"));
        for garbage in [
            "J . AT COURTNEY \" . -",
            "IY AT",
            "III",
            "AIM? Hi 13, 191(5",
            ", X ZX\"\"",
            "n.v ROP.KRT DI NV",
            "... LAND V ;",
        ] {
            assert!(is_garbage_heading(garbage), "{garbage}");
        }
        for headline in [
            "W. H. BROOKS IS DEAD j !",
            "K. & L. OF S. BUILDING FOR TOPEKA",
            "U. S. TO ACT ON NOTE",
            "CAMPAIGN OF 1916 OPENS",
            "TROOPS WILL BE",
            "U.S. PACKERS WON'T",
            "WAR",
        ] {
            assert!(!is_garbage_heading(headline), "{headline}");
        }
        assert!(continues_word(
            "Cases Agree to Sever Tac",
            "tions With Teutons."
        ));
        assert!(!continues_word("Gen. Scott to Confer", "with Obregon"));
        assert!(!continues_word("Sever Tac", "Tions"));
        assert!(is_noise_line("i"));
        assert!(is_noise_line("f . 1"));
        assert!(!is_noise_line("tbe"));
        assert!(starts_dateline("SAN FRANCISCO, CAL., April"));
        assert!(!starts_dateline("WILSON, THE PRESIDENT"));
    }
}
