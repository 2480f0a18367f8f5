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

/// The place before a dateline's comma, when it is a place in capitals (`WASHINGTON`,
/// `NEW YORK`, `ST. LOUIS`): the byte index of the comma.
fn dateline_place(text: &str) -> Option<usize> {
    let window = prefix(text, 48);
    let comma = window.find(',')?;
    let place = &text[..comma];
    let first = place.split_whitespace().next()?;
    let first_letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    let (upper, lower) = case_counts(place);
    (first_letters.len() >= 2
        && first_letters.iter().all(|c| c.is_uppercase())
        && upper * 10 >= (upper + lower) * 7
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'')))
    .then_some(comma)
}

/// True when `text` after its comma names a date within a few words (`April 14`, `Saturday`).
fn dated_after(text: &str) -> bool {
    let lower = prefix(text, 40).to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .any(month_or_weekday)
}

/// A line that opens with a dateline (`WASHINGTON, April 14.—The`, `SAN FRANCISCO, Cal., April`):
/// it starts a paragraph and is never a headline.
pub(super) fn starts_dateline(text: &str) -> bool {
    dateline_place(text).is_some_and(|comma| dated_after(&text[comma + 1..]))
}

/// The dateline opening a paragraph, through its dash: `WASHINGTON, April 14.—`,
/// `CHICAGO, Ill., April 14.—`, `NEW YORK, N. Y., April 14. —`, with the dash also set as `--`,
/// `-` after the period (OCR), or `–`. The dateline stays in the paragraph; this is a copy.
pub fn ocr_dateline(paragraph: &str) -> Option<String> {
    let text = paragraph.trim_start();
    let comma = dateline_place(text)?;
    let rest = prefix(&text[comma..], 64);
    let mut prev_visible = ' ';
    let mut dash_end = None;
    for (i, c) in rest.char_indices() {
        let dash = match c {
            '—' | '–' => true,
            '-' => matches!(prev_visible, '.' | ',' | '-') || prev_visible.is_ascii_digit(),
            _ => false,
        };
        if dash {
            let mut end = i + c.len_utf8();
            if c == '-' && rest[end..].starts_with('-') {
                end += 1;
            }
            dash_end = Some(end);
            break;
        }
        if !c.is_whitespace() {
            prev_visible = c;
        }
    }
    let dash_end = comma + dash_end?;
    dated_after(&text[comma + 1..dash_end]).then(|| text[..dash_end].to_owned())
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
            // Not datelines.
            ("Washington, April 14.—The note", None),
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
