//! The lines that open an OCR story: a byline (`By JANE DOE.`, `(By The Associated Press.)`)
//! and a dateline (`WASHINGTON, April 14.—`, with the dash as OCR sets it).

use super::lines::{case_counts, month_or_weekday, prefix};

/// A byline line: `By JANE DOE.`, `BY JOHN SMITH`, `(By The Associated Press.)`. Returns it
/// without the brackets and the closing period.
pub fn ocr_byline(line: &str) -> Option<String> {
    let text = line
        .trim()
        .trim_start_matches('(')
        .trim_end_matches([')', '.', ','])
        .trim();
    if text.chars().count() > 60 {
        return None;
    }
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let names = (1..=8).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "the" | "and" | "of" | "&" | "de" | "van" | "von")
        })
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2);
    names.then(|| text.to_owned())
}

/// Words a dateline's place may be (`WASHINGTON`, `NEW YORK`, `ST. LOUIS`, `Washington`): a
/// capital, then letters and `.`, `'`, `-`.
fn is_place_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 1
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
}

/// A month or weekday word, with its period or comma (`April`, `Nov.`, `Saturday.`).
fn is_date_word(word: &str) -> bool {
    let letters = &word[..word
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(word.len())];
    let rest = &word[letters.len()..];
    (rest.is_empty() || rest.starts_with(['.', ',', '—', '-', '?']))
        && letters.chars().next().is_some_and(char::is_uppercase)
        && month_or_weekday(&letters.to_lowercase())
}

/// Where a dateline's date starts: the place (one to four capitalised words, in capitals or
/// mixed case: `WASHINGTON`, `Washington`, `NEW YORK`, `ST. LOUIS`) closed by a comma or a
/// period (`OKLAHOMA CITY. April 14.`), an optional state (`Colo.,`, `N. Y.,`, `Ill.,`), then a
/// month or weekday. Returns the byte index of the month word, and whether the place is in
/// capitals. One or two stray letters of OCR debris before the place are passed over
/// (`I PHILADELPHIA, April 15.?The`).
fn date_start(text: &str) -> Option<(usize, bool)> {
    let window = prefix(text, 96);
    let mut words = Vec::new();
    let mut offset = 0;
    for raw in window.split_whitespace() {
        let start = window[offset..].find(raw).map_or(offset, |i| offset + i);
        offset = start + raw.len();
        words.push((raw, start));
    }
    for skip in 0..=2 {
        if skip > 0
            && words
                .get(skip - 1)
                .is_none_or(|(w, _)| w.chars().count() > 1)
        {
            break;
        }
        if let Some(found) = date_after_place(&words[skip.min(words.len())..]) {
            return Some(found);
        }
    }
    None
}

fn date_after_place(words: &[(&str, usize)]) -> Option<(usize, bool)> {
    let mut idx = 0;
    let mut place = String::new();
    // The place, through the word that ends in its comma or period.
    loop {
        let (word, _) = *words.get(idx)?;
        if idx >= 4 || !is_place_word(word.trim_end_matches(',')) || is_date_word(word) {
            return None;
        }
        place.push_str(word);
        place.push(' ');
        idx += 1;
        if word.ends_with(',') {
            break;
        }
        // `OKLAHOMA CITY. April 14`: a period closes the place only before the date.
        if word.ends_with('.') && words.get(idx).is_some_and(|(w, _)| is_date_word(w)) {
            break;
        }
    }
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 {
        return None;
    }
    let (upper, lower) = case_counts(&place);
    let capitals = upper * 10 >= (upper + lower) * 7;
    // The state: up to three short capitalised words ending in `.` or `,` (`N. Y.,`, `Colo.,`).
    let mut state = 0;
    while let Some(&(word, start)) = words.get(idx) {
        if is_date_word(word) {
            return Some((start, capitals));
        }
        let short = word.chars().filter(|c| c.is_alphabetic()).count() <= 5;
        if state >= 3 || !short || !is_place_word(word.trim_end_matches(',')) {
            return None;
        }
        if !word.ends_with(['.', ',']) {
            return None;
        }
        state += 1;
        idx += 1;
    }
    None
}

/// True when `text` after its comma names a date within a few words (`April 14`, `Saturday`).
fn dated_after(text: &str) -> bool {
    let lower = prefix(text, 40).to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .any(month_or_weekday)
}

/// A line that opens with a dateline (`WASHINGTON, April 14.—The`, `SAN FRANCISCO, Cal., April`,
/// `Washington, April 11.- In view`): it starts a paragraph and is never a headline. A place in
/// mixed case needs the whole dateline on the line, a place in capitals only its month.
pub(super) fn starts_dateline(text: &str) -> bool {
    match date_start(text) {
        Some((_, true)) => true,
        Some((_, false)) => ocr_dateline(text).is_some(),
        None => false,
    }
}

/// Dash marks as OCR sets a dateline's dash: `—`, `–`, `-`, `--`, and `?` where the scan lost
/// an em dash (`LONDON, April 15.?An…`).
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '?' | '―' | '_')
}

/// The byte length of the date and the mark that ends the dateline, from the month word of
/// `rest`: `April 14.—`, `Nov. 6.—`, `April 14.?`, `April 14. ` (before a capital: the dash
/// lost), `April 15 ` (before a capital), `April 14.` (the end of the text), `Saturday.—`,
/// `April 14 (6:30 p. m.)`, `April 14, 7.04 p. m.`.
fn date_end(rest: &str) -> Option<usize> {
    let month_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let month = &rest[..rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len())];
    let weekday = !month.is_empty()
        && !MONTH_PREFIXES
            .iter()
            .any(|m| month.to_lowercase().starts_with(m));
    // Where the date ends: after the weekday, or after the day's digits.
    let mut pos = if weekday {
        month.len()
    } else {
        let after = rest[month_len..].trim_start();
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&digits) {
            return None;
        }
        rest.len() - after.len() + digits
    };
    // `.` or `,` after the day (OCR may set a space before it, or a `;` for it).
    let unspaced = rest[pos..].trim_start_matches(' ');
    let mark = unspaced
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | ',' | ';'))
        .map(|c| if c == ';' { '.' } else { c });
    if mark.is_some() {
        pos = rest.len() - unspaced.len() + 1;
    }
    let tail = &rest[pos..];
    let spaced = tail.trim_start_matches(' ');
    let gap = tail.len() - spaced.len();
    // A time: `(6:30 p. m.)`, or `7.04 p. m.` after a comma.
    if let Some(inner) = spaced.strip_prefix('(')
        && let Some(close) = inner.find(')')
        && close <= 20
    {
        return Some(pos + gap + close + 2);
    }
    if mark == Some(',') {
        let words: Vec<&str> = spaced.splitn(4, ' ').collect();
        if words.len() >= 3
            && words[0].starts_with(|c: char| c.is_ascii_digit())
            && matches!(words[1], "a." | "p.")
            && words[2].starts_with("m.")
        {
            return Some(pos + gap + words[0].len() + words[1].len() + 4);
        }
    }
    // A run of dash marks.
    let dashes: usize = spaced
        .chars()
        .take_while(|&c| is_dash(c))
        .map(char::len_utf8)
        .sum();
    if dashes > 0 {
        return Some(pos + gap + dashes);
    }
    match spaced.chars().next() {
        // The end of the text: `MUSKOGEE. Okla., April 14.`
        None if mark != Some(',') => Some(pos),
        // `WASHINGTON, April 14. The`, `Rome, Nov. 7.An`, `CHICAGO, June 1. tieorge` (the
        // capital damaged): the dash lost after the period.
        Some(_) if mark == Some('.') => Some(pos),
        // `WASHINGTON, April 15 In`: no period, no dash, then the text's first capital.
        Some(c) if mark.is_none() && gap > 0 && (c.is_uppercase() || matches!(c, '"' | '“')) => {
            Some(pos)
        }
        _ => None,
    }
}

/// The months' first three letters: a date word that is not one is a weekday.
const MONTH_PREFIXES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The dateline opening a paragraph, through its dash: `WASHINGTON, April 14.—`,
/// `CHICAGO, Ill., April 14.—`, `NEW YORK, N. Y., April 14. —`, `DENVER, Colo., Nov. 6.—`, with
/// the dash also set as `--`, `.-`, `–` or `?` (a dash the scan lost), or lost altogether before
/// the text (`WASHINGTON, April 14. The`); the place in capitals or in mixed case
/// (`Washington, April 11.-`). The dateline stays in the paragraph; this is a copy.
pub fn ocr_dateline(paragraph: &str) -> Option<String> {
    let text = paragraph.trim_start();
    let (month_at, _) = date_start(text)?;
    let len = date_end(&text[month_at..])?;
    let start = text[..month_at]
        .find(|c: char| c.is_alphabetic())
        .map_or(0, |first| {
            // Debris letters before the place are not part of the dateline.
            let words: Vec<(usize, &str)> = text[..month_at]
                .split(' ')
                .scan(0, |at, w| {
                    let here = *at;
                    *at += w.len() + 1;
                    Some((here, w))
                })
                .collect();
            words
                .iter()
                .find(|(_, w)| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
                .map_or(first, |(at, _)| *at)
        });
    let dateline = text[start..month_at + len].trim_end();
    (!dateline.is_empty() && dated_after(&text[start..month_at + len])).then(|| dateline.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let cases = [
            (
                "WASHINGTON, April 14.—The note to Germany",
                Some("WASHINGTON, April 14.—"),
            ),
            (
                "CHICAGO, Ill., April 14.—Women from",
                Some("CHICAGO, Ill., April 14.—"),
            ),
            (
                "NEW YORK, N. Y., April 14. —Mayor Mitchel",
                Some("NEW YORK, N. Y., April 14. —"),
            ),
            (
                "WASHINGTON, April 14.-The note",
                Some("WASHINGTON, April 14.-"),
            ),
            (
                "WASHINGTON, April 14.--The note",
                Some("WASHINGTON, April 14.--"),
            ),
            (
                "SAN FRANCISCO, CAL., April 14.—A",
                Some("SAN FRANCISCO, CAL., April 14.—"),
            ),
            (
                "ST. LOUIS, Mo., Apr. 14.—Two",
                Some("ST. LOUIS, Mo., Apr. 14.—"),
            ),
            ("LONDON, Saturday.—The", Some("LONDON, Saturday.—")),
            // The real forms of 1916 OCR.
            (
                "Washington, April 11.- In view of",
                Some("Washington, April 11.-"),
            ),
            (
                "LONDON, April 15.?An Amsterdam dispatch",
                Some("LONDON, April 15.?"),
            ),
            (
                "London, April 14.--?Except for artillery",
                Some("London, April 14.--?"),
            ),
            (
                "WASHINGTON, April 14. The note",
                Some("WASHINGTON, April 14."),
            ),
            (
                "WASHINGTON, April 15 In the note",
                Some("WASHINGTON, April 15"),
            ),
            (
                "DENVER, Colo., Nov. 6.—Returns",
                Some("DENVER, Colo., Nov. 6.—"),
            ),
            (
                "OKLAHOMA CITY. April 14. Secretary",
                Some("OKLAHOMA CITY. April 14."),
            ),
            (
                "MUSKOGEE. Okla., April 14.",
                Some("MUSKOGEE. Okla., April 14."),
            ),
            (
                "LONDON. April 14 (6:30 p. m.) Final",
                Some("LONDON. April 14 (6:30 p. m.)"),
            ),
            (
                "London, April 14, 7.04 p. m. The British",
                Some("London, April 14, 7.04 p. m."),
            ),
            (
                "I PHILADELPHIA, April 15.?The thirty-three",
                Some("PHILADELPHIA, April 15.?"),
            ),
            (
                "PBTUOIT, Mich., April 15. \"I'm a business man",
                Some("PBTUOIT, Mich., April 15."),
            ),
            ("Rome, Nov. 7.An Austrian", Some("Rome, Nov. 7.")),
            ("BERLIN, June 1 . Professor", Some("BERLIN, June 1 .")),
            (
                "HARRISBURG, Pa., November 7._ Vance",
                Some("HARRISBURG, Pa., November 7._"),
            ),
            // Not datelines.
            ("Tuesday, April 11, 1916, will long be", None),
            ("Chicago, April 10 was a fine day", None),
            ("Mrs. Smith, May 5, and her", None),
            ("WASHINGTON, the capital—and more", None),
            ("WILSON, who was there, said—", None),
            ("The note, April 14.—", None),
            ("WASHINGTON April 14.—no comma", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(ocr_dateline(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn bylines() {
        let cases = [
            ("By JANE DOE.", Some("By JANE DOE")),
            ("BY JOHN SMITH", Some("BY JOHN SMITH")),
            ("By The Associated Press.", Some("By The Associated Press")),
            (
                "(By the Associated Press.)",
                Some("By the Associated Press"),
            ),
            ("By the end of the week the", None),
            ("By", None),
            ("Bystanders saw the car", None),
        ];
        for (line, want) in cases {
            assert_eq!(ocr_byline(line).as_deref(), want, "{line}");
        }
    }
}
