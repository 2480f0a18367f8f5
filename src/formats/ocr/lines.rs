//! What kind of line an OCR line is: noise, all capitals, title-cased, a deck, a subhead, a
//! masthead or running head; and the measures the other rules share (case counts, month and
//! weekday names, a bounded prefix).

/// Small words a title-cased line leaves in lower case.
const MINOR_WORDS: [&str; 16] = [
    "a", "an", "the", "of", "in", "on", "to", "and", "for", "with", "at", "by", "or", "as", "from",
    "but",
];
const MONTHS: [&str; 12] = [
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

/// A masthead or running head line: mostly capitals, with a date (a month or weekday and a year,
/// or any number on an all-capitals line: `NEW-YORK, SATURDAY, APRIL 15, 1916.`), a price
/// (`PRICE ONE CENT`) or a volume.
pub(super) fn is_masthead_line(text: &str) -> bool {
    let (upper, lower) = case_counts(text);
    if upper + lower < 3 || upper * 10 < (upper + lower) * 6 {
        return false;
    }
    let lower_text = text.to_lowercase();
    let tokens: Vec<&str> = lower_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let year = tokens
        .iter()
        .any(|t| t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1700..=2099).contains(&y)));
    let dated = tokens.iter().any(|t| month_or_weekday(t));
    let price = tokens
        .iter()
        .any(|t| matches!(*t, "price" | "cent" | "cents"));
    let volume = tokens.first().is_some_and(|t| *t == "vol");
    // OCR often damages the year (`APBtL 24, 101G`): an all-capitals line with a weekday or
    // month and a number is dated too.
    let numbered = tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()));
    let shouting = upper * 10 >= (upper + lower) * 8;
    (dated && (year || (numbered && shouting))) || price || volume
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
        assert!(is_masthead_line("NEW-YORK, SATURDAY, APRIL 15, 1916."));
        assert!(is_masthead_line("PHILADELPHIA, MONDAY, APBtL 24, 101G."));
        assert!(is_masthead_line("PRICE ONE CENT"));
        assert!(!is_masthead_line("WILSON SPEAKS MONDAY"));
        assert!(!is_masthead_line("CAMPAIGN OF 1916 OPENS"));
        assert!(is_noise_line("i"));
        assert!(is_noise_line("f . 1"));
        assert!(!is_noise_line("tbe"));
        assert!(starts_dateline("SAN FRANCISCO, CAL., April"));
        assert!(!starts_dateline("WILSON, THE PRESIDENT"));
    }
}
