//! The masthead block of an OCR front page: the paper's name, the date line, the price, the page
//! count, the volume and number, the edition, the circulation and the weather box. OCR scatters
//! these over the top of the page and glues them to headlines (`PRICE TWO CENTS WILSON'S LAST
//! WORD…`); they are the edition's masthead, shown once, never an article or a headline.

use super::lines::{MONTHS, case_counts, month_or_weekday};
use crate::edition::model::{Block, Item, ItemKind};

/// Number words a price or page count is set in.
const NUMBER_WORDS: [&str; 20] = [
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
    "fourteen",
    "sixteen",
    "eighteen",
    "twenty",
    "twenty-four",
    "twenty-eight",
    "thirty",
    "thirty-two",
];
/// Words of an edition's name on its masthead (`CITY EDITION`, `NIGHT EXTRA`).
const EDITION_WORDS: [&str; 12] = [
    "city", "home", "final", "last", "night", "late", "sporting", "daily", "morning", "evening",
    "noon", "extra",
];
/// Words of a weather forecast (the weather box's lines).
const WEATHER_WORDS: [&str; 22] = [
    "fair",
    "cloudy",
    "cloudiness",
    "rain",
    "rains",
    "showers",
    "snow",
    "colder",
    "warmer",
    "cooler",
    "temperature",
    "temperatures",
    "maximum",
    "minimum",
    "tonight",
    "tomorrow",
    "winds",
    "unsettled",
    "forecast",
    "partly",
    "frost",
    "probably",
];
/// Words a paper's name is made of: a masthead line naming the paper has one of them.
const PAPER_WORDS: [&str; 50] = [
    "tribune",
    "times",
    "herald",
    "news",
    "journal",
    "star",
    "sun",
    "post",
    "gazette",
    "ledger",
    "world",
    "record",
    "daily",
    "republican",
    "democrat",
    "courier",
    "bulletin",
    "telegraph",
    "telegram",
    "chronicle",
    "press",
    "eagle",
    "leader",
    "standard",
    "register",
    "citizen",
    "advocate",
    "banner",
    "observer",
    "dispatch",
    "review",
    "union",
    "argus",
    "enterprise",
    "independent",
    "caller",
    "examiner",
    "inquirer",
    "globe",
    "mirror",
    "intelligencer",
    "appeal",
    "messenger",
    "sentinel",
    "pioneer",
    "signal",
    "monitor",
    "weekly",
    "evening",
    "morning",
];

/// Lower-case words of `text` (letters, digits, `'` and inner `-`), with their byte spans.
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_whitespace() {
        let start = text[offset..].find(raw).map_or(offset, |i| offset + i);
        let end = start + raw.len();
        offset = end;
        let word: String = raw
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !word.is_empty() {
            out.push((word, start, end));
        }
    }
    out
}

fn is_number(word: &str) -> bool {
    NUMBER_WORDS.contains(&word) || (word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()))
}

/// A price written as one word: `5c`, `2c`.
fn is_cents(word: &str) -> bool {
    word.len() <= 3
        && word.ends_with('c')
        && word[..word.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && word.len() > 1
}

/// How many words at the start of `words` form one masthead phrase: `PRICE TWO CENTS`,
/// `PRICE, 5c.`, `ONE CENT`, `12 PAGES`, `CITY EDITION`, `FINAL`, `EXTRA`.
fn phrase_at(words: &[&str]) -> usize {
    let w = |i: usize| words.get(i).copied().unwrap_or("");
    if w(0) == "price" && (is_number(w(1)) || is_cents(w(1))) {
        return if matches!(w(2), "cent" | "cents") {
            3
        } else {
            2
        };
    }
    if is_number(w(0)) && matches!(w(1), "cent" | "cents" | "pages" | "sections") {
        return 2;
    }
    if EDITION_WORDS.contains(&w(0)) && w(1) == "edition" {
        return 2;
    }
    // `VOL. XII`, `VOLUME LXII`, `NO. 42`, `NUMBER 289`.
    if matches!(w(0), "vol" | "volume") && !w(1).is_empty() && w(1).len() <= 6 {
        return 2;
    }
    if matches!(w(0), "no" | "number") && w(1).bytes().any(|b| b.is_ascii_digit()) {
        return 2;
    }
    usize::from(matches!(w(0), "final" | "extra" | "edition"))
}

/// One masthead element filling a line: the date line (`TULSA, OKLAHOMA, SATURDAY, APRIL 15,
/// 1916.`), a price, a page count, `VOL. XII, NO. 48`, `NUMBER 289.`, an edition, the weather
/// box's heading (`THE WEATHER`, `WEATHER REPORT`) or the circulation (`CIRCULATION`).
pub(super) fn is_masthead_line(text: &str) -> bool {
    let (upper, lower) = case_counts(text);
    let words = words(text);
    let tokens: Vec<&str> = words.iter().map(|(w, _, _)| w.as_str()).collect();
    let Some(&first) = tokens.first() else {
        return false;
    };
    // `vol. xr, NO. 1S1`: OCR often sets the volume line in lower case.
    if first == "vol" && tokens.len() <= 6 {
        return true;
    }
    if upper + lower < 3 || upper * 10 < (upper + lower) * 6 {
        return false;
    }
    let shouting = upper * 10 >= (upper + lower) * 8;
    if matches!(first, "number" | "no") && tokens.len() <= 3 && tokens.len() >= 2 {
        return tokens[1..]
            .iter()
            .any(|t| t.bytes().any(|b| b.is_ascii_digit()));
    }
    if is_weather_heading(&tokens) || (first == "circulation" && tokens.len() <= 6) {
        return true;
    }
    // Every word a masthead phrase (`12 PAGES PRICE ONE CENT. FINAL`), or all but one word of
    // debris after them (`PRICE TWO CENTS 'gSSSSS`).
    if masthead_prefix_words(&tokens) + 1 >= tokens.len() && masthead_prefix_words(&tokens) > 0 {
        return true;
    }
    // A date line is set with commas (`NEW-YORK, SATURDAY, APRIL 15, 1916.`); a headline
    // with a date (`CAMPAIGN OF 1916 OPENS MAY 1`) has none.
    if !text.contains(',') {
        return false;
    }
    // `TULSA, OKLAHOMA, SATURDAY,`: the date line broken after its weekday.
    let weekday_end = shouting
        && tokens.len() >= 2
        && text.trim_end().ends_with(',')
        && month_or_weekday(tokens[tokens.len() - 1])
        && !MONTHS
            .iter()
            .any(|m| m.starts_with(tokens[tokens.len() - 1]));
    if weekday_end {
        return true;
    }
    let year = tokens
        .iter()
        .any(|t| t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1700..=2099).contains(&y)));
    let dated = tokens.iter().any(|t| month_or_weekday(t));
    // OCR often damages the year (`APBtL 24, 101G`): an all-capitals line with a weekday or
    // month and a number is dated too.
    let numbered = tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()));
    dated && (year || (numbered && shouting))
}

/// `WEATHER`, `THE WEATHER`, `WEATHER FORECAST.`, `WEATHER REPORT`: at most four words, the
/// first (after `the`) `weather`.
fn is_weather_heading(tokens: &[&str]) -> bool {
    let rest = match tokens.first() {
        Some(&"the") => &tokens[1..],
        _ => tokens,
    };
    rest.first() == Some(&"weather") && tokens.len() <= 4
}

/// Masthead phrases opening `tokens`, in words.
fn masthead_prefix_words(tokens: &[&str]) -> usize {
    let mut taken = 0;
    loop {
        let n = phrase_at(&tokens[taken..]);
        if n == 0 {
            return taken;
        }
        taken += n;
    }
}

/// A line that opens with masthead phrases and goes on with a headline OCR glued to them
/// (`PRICE TWO CENTS WILSON'S LAST WORD…`, `18 PAGES CITY EDITION TWO HURT WHEN…`): the byte
/// index where the headline starts. `None` when the line opens with none, or holds nothing
/// else.
pub(super) fn masthead_prefix(text: &str) -> Option<usize> {
    let (upper, lower) = case_counts(text);
    if upper * 10 < (upper + lower) * 8 {
        return None;
    }
    let words = words(text);
    let tokens: Vec<&str> = words.iter().map(|(w, _, _)| w.as_str()).collect();
    let taken = masthead_prefix_words(&tokens);
    // Two words at least are left for a headline.
    (taken > 0 && taken + 2 <= tokens.len()).then(|| words[taken].1)
}

/// A line of the weather box under its heading: it names the weather, or it goes on a line
/// that did not end its sentence (`prev_open`) and is not in capitals.
pub(super) fn is_weather_line(text: &str, prev_open: bool) -> bool {
    let words = words(text);
    if words.is_empty() {
        return false;
    }
    let (upper, lower) = case_counts(text);
    let caps = upper + lower >= 3 && upper * 10 >= (upper + lower) * 8;
    let weather = words
        .iter()
        .any(|(w, _, _)| WEATHER_WORDS.contains(&w.as_str()));
    (weather && text.chars().count() <= 60) || (prev_open && !caps)
}

/// True when a masthead line is the heading of the weather box.
pub(super) fn opens_weather_box(text: &str) -> bool {
    let words = words(text);
    let tokens: Vec<&str> = words.iter().map(|(w, _, _)| w.as_str()).collect();
    is_weather_heading(&tokens)
}

/// A line that reads as a paper's name: one to six words of letters, one of them a word papers
/// are named with (`New-York Tribune`, `TULSA DAILY WORLD`, `The Evening Star`), and nothing
/// of a masthead's other lines.
fn paper_name(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches(['.', ',']);
    let raw: Vec<&str> = text.split_whitespace().collect();
    if raw.is_empty() || raw.len() > 6 || is_masthead_line(text) {
        return None;
    }
    let clean = raw.iter().all(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
            && w.chars().next().is_some_and(char::is_uppercase)
    });
    // A name of two words at least that ends in a paper's word (`Tulsa Daily World`, not
    // `Union Made Cigars` or `Daily`), and not a wire service's.
    let named = raw.len() >= 2
        && raw.last().is_some_and(|w| {
            w.to_lowercase()
                .split('-')
                .any(|part| PAPER_WORDS.contains(&part))
        })
        && !matches!(
            raw[0].to_lowercase().as_str(),
            "and" | "of" | "the." | "by" | "in" | "for" | "to"
        );
    let wire = ["associated", "united"].contains(&raw[0].to_lowercase().as_str());
    if !(clean && named) || wire {
        return None;
    }
    let (upper, lower) = case_counts(text);
    if lower > 0 || upper < 4 {
        return Some(text.to_owned());
    }
    // TULSA DAILY WORLD → Tulsa Daily World.
    let titled: Vec<String> = raw
        .iter()
        .map(|w| {
            let mut out = String::new();
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start = c == '-';
            }
            out
        })
        .collect();
    Some(titled.join(" "))
}

/// The paper's name from a page's masthead banner (the first item), when OCR kept it legible.
pub fn masthead_title(items: &[Item]) -> Option<String> {
    let banner = items.first().filter(|i| i.kind == ItemKind::Banner)?;
    banner
        .headline
        .iter()
        .map(String::as_str)
        .chain(banner.body.iter().filter_map(|b| match b {
            Block::Paragraph(text) => Some(text.as_str()),
            _ => None,
        }))
        .find_map(paper_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masthead_lines() {
        for line in [
            "NEW-YORK, SATURDAY, APRIL 15, 1916.",
            "PHILADELPHIA, MONDAY, APBtL 24, 101G.",
            "TULSA, OKLAHOMA, TUESDAY, NOVEMP.KU 7, 1910.",
            "PRICE ONE CENT",
            "PRICE FIVE CENTS.",
            "PRICE, 5c.",
            "10 PAGES",
            "12 PAGES PRICE ONE CENT. FINAL",
            "vol. xr, NO. 1S1",
            "VOL. XII, NO. 48",
            "NUMBER 289.",
            "WEATHER",
            "THE WEATHER.",
            "WEATHER FORECAST.",
            "CIRCULATION",
            "CITY EDITION",
            "10 PAGES VOLUME LXII, NO. 42.",
            "PRICE TWO CENTS 'gSSSSS",
            "TULSA, OKLAHOMA, SATURDAY,",
        ] {
            assert!(is_masthead_line(line), "{line}");
        }
        for line in [
            "WILSON SPEAKS MONDAY",
            "CAMPAIGN OF 1916 OPENS",
            "PRICE OF GLASS TABLEWARE GOES UP WITH WAGES",
            "WEATHER BUREAU CHIEF RESIGNS AFTER LONG SERVICE",
            "CAMPAIGN OF 1916 OPENS MAY 1",
            "WILSON TO SPEAK MAY 15",
            "NUMBER OF DEAD GROWS",
            "the price of cotton",
        ] {
            assert!(!is_masthead_line(line), "{line}");
        }
    }

    #[test]
    fn masthead_phrases_glued_to_a_headline() {
        let cases = [
            (
                "PRICE TWO CENTS WILSON'S LAST WORD TO GERMANY READY",
                Some("WILSON'S LAST WORD TO GERMANY READY"),
            ),
            (
                "18 PAGES CITY EDITION TWO HURT WHEN PROGRESS CAR",
                Some("TWO HURT WHEN PROGRESS CAR"),
            ),
            ("PRICE FIVE CENTS.", None),
            ("WILSON NOTE READY", None),
            ("Price two cents and more", None),
        ];
        for (line, want) in cases {
            assert_eq!(masthead_prefix(line).map(|i| &line[i..]), want, "{line}");
        }
    }

    #[test]
    fn paper_names() {
        let cases = [
            ("New-York Tribune", Some("New-York Tribune")),
            ("TULSA DAILY WORLD", Some("Tulsa Daily World")),
            ("The Evening Star.", Some("The Evening Star")),
            ("S CHRISTI CALLER", None),
            ("WILSON NOTE READY", None),
            ("NEW-YORK, SATURDAY, APRIL 15, 1916.", None),
            ("THE NEWS OF THE WORLD IN A WEEK OF WAR", None),
            ("Associated Press", None),
            ("Union Made Cigars", None),
            ("And Apache News", None),
            ("Daily", None),
        ];
        for (line, want) in cases {
            assert_eq!(paper_name(line).as_deref(), want, "{line}");
        }
    }

    #[test]
    fn weather_box_lines() {
        assert!(opens_weather_box("THE WEATHER"));
        assert!(opens_weather_box("WEATHER REPORT"));
        assert!(!opens_weather_box("PRICE ONE CENT"));
        assert!(is_weather_line("OKLAHOMA: Fair tonight, colder;", false));
        assert!(is_weather_line("ruin in west portion; Sat", true));
        assert!(!is_weather_line("PROSPERITY TALK", true));
        assert!(!is_weather_line("The council met today", false));
    }
}
