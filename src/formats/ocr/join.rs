//! Column lines → running text: words broken at a line end rejoined by the 1916 type's rules
//! (`prop-` | `erty` → `property`, `self-` | `government` kept), and where a paragraph ends.

/// A paragraph this long (in lines) ends at the next line that ends a sentence.
const SOFT_MAX_PARAGRAPH_LINES: usize = 30;
/// A paragraph this long ends at the next line that does not end in a broken word, and at twice
/// this length in any case: a page always splits into paragraphs.
pub(super) const HARD_MAX_PARAGRAPH_LINES: usize = 60;
/// Words that keep their hyphen when a line ends with them (`self-` | `government` →
/// `self-government`): prefixes 1916 type always hyphenated.
const KEEP_HYPHEN_PREFIXES: [&str; 5] = ["self", "half", "vice", "anti", "non"];
/// `to-` keeps its hyphen before these (1916 spelling: `to-day`, `to-morrow`, `to-night`).
const TO_COMPOUNDS: [&str; 3] = ["day", "morrow", "night"];
/// Abbreviations whose period does not end a sentence (a short line ending `Gen.` goes on).
const ABBREVIATIONS: [&str; 14] = [
    "mr", "mrs", "messrs", "dr", "st", "gen", "col", "capt", "gov", "sen", "rep", "lieut", "prof",
    "rev",
];

/// Joins column lines into running text, rejoining words broken at a line end. The rule, for a
/// line ending in a letter and `-`:
///
/// - the next line starts in lower case: the word was broken; the hyphen goes (`prop-` | `erty`
///   → `property`), except after the prefixes 1916 type always hyphenates (`self-`, `half-`,
///   `vice-`, `anti-`, `non-`) and in `to-day`, `to-morrow`, `to-night`, where it stays;
/// - the next line starts with a capital, a digit or a mark: a real compound, the hyphen stays
///   and no space is added (`Anglo-` | `American` → `Anglo-American`, `New-` | `York` →
///   `New-York`, as the Tribune spelled it; `1915-` | `16` → `1915-16`). In all-capitals lines
///   a broken word cannot be told from a compound, so the hyphen stays there too.
///
/// A number ending in `-` keeps it before a digit or letter (`1915-` | `16` → `1915-16`). A line
/// ending in ` -`, `--` or a dash is a dash, not a broken word: a space joins it.
/// OCR that drops the hyphen (`Mex` | `ico`) cannot be told from two words and keeps the space.
pub fn rejoin_hyphens(lines: &[&str]) -> String {
    let owned: Vec<(String, bool)> = lines.iter().map(|l| ((*l).to_owned(), false)).collect();
    join_lines(&owned)
}

pub(super) fn join_lines(lines: &[(String, bool)]) -> String {
    let mut out = String::new();
    for (line, wrapped) in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        match if *wrapped {
            Joint::Space
        } else {
            joint(&out, line)
        } {
            Joint::Space => {
                out.push(' ');
                out.push_str(line);
            }
            Joint::KeepHyphen => out.push_str(line),
            Joint::DropHyphen => {
                out.pop();
                out.push_str(line);
            }
        }
    }
    out
}

enum Joint {
    Space,
    KeepHyphen,
    DropHyphen,
}

fn joint(prev: &str, next: &str) -> Joint {
    let Some(stem) = prev.strip_suffix('-') else {
        return Joint::Space;
    };
    let Some(before) = stem.chars().next_back() else {
        return Joint::Space;
    };
    let Some(first) = next.chars().next() else {
        return Joint::Space;
    };
    if before.is_ascii_digit() && first.is_alphanumeric() {
        return Joint::KeepHyphen;
    }
    if !before.is_alphabetic() {
        return Joint::Space;
    }
    if !first.is_lowercase() {
        return Joint::KeepHyphen;
    }
    let word = stem
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let next_word: String = next
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if KEEP_HYPHEN_PREFIXES.contains(&word.as_str())
        || (word == "to" && TO_COMPOUNDS.contains(&next_word.as_str()))
    {
        Joint::KeepHyphen
    } else {
        Joint::DropHyphen
    }
}

/// A line that ends the paragraph it closes: shorter than four fifths of the column and ending a
/// sentence (justified column lines run full width, a paragraph's last line rarely does), or a
/// paragraph grown past the soft or hard limit.
pub(super) fn ends_paragraph(text: &str, para_lines: usize, column_chars: usize) -> bool {
    let sentence = ends_sentence(text);
    let short = text.chars().count() * 5 < column_chars * 4;
    (sentence && (short || para_lines >= SOFT_MAX_PARAGRAPH_LINES))
        || (para_lines >= HARD_MAX_PARAGRAPH_LINES && !text.ends_with('-'))
        || para_lines >= 2 * HARD_MAX_PARAGRAPH_LINES
}

/// Ends in `.`, `?`, `!` or `:` (closing quotes and brackets, and one stray character of OCR
/// debris, aside), not in an abbreviation like `Gen.` or an initial.
fn ends_sentence(text: &str) -> bool {
    // A stray letter or mark after the period is OCR debris (`ment." v`).
    let text = match text.trim_end().rsplit_once(' ') {
        Some((before, debris)) if debris.chars().count() == 1 && debris != "I" => before,
        _ => text,
    };
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']', '”', '’', ' ']);
    let Some(last) = trimmed.chars().next_back() else {
        return false;
    };
    if matches!(last, '?' | '!' | ':') {
        return true;
    }
    if last != '.' {
        return false;
    }
    let word = trimmed[..trimmed.len() - 1]
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !initial && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_rejoin_by_rule() {
        let cases: [(&[&str], &str); 14] = [
            (&["the old prop-", "erty at"], "the old property at"),
            (&["Ber-", "lin"], "Berlin"),
            (&["the self-", "government"], "the self-government"),
            (&["a non-", "partisan"], "a non-partisan"),
            (&["Vice-", "president"], "Vice-president"),
            (&["to-", "night"], "to-night"),
            (&["to-", "tal"], "total"),
            (&["the Anglo-", "American"], "the Anglo-American"),
            (&["New-", "York"], "New-York"),
            (&["in 1915-", "16"], "in 1915-16"),
            (&["WASH-", "INGTON"], "WASH-INGTON"),
            (&["a dash -", "then"], "a dash - then"),
            (&["a dash--", "then"], "a dash-- then"),
            (&["Mex", "ico"], "Mex ico"),
        ];
        for (lines, want) in cases {
            assert_eq!(rejoin_hyphens(lines), want, "{lines:?}");
        }
        assert_eq!(rejoin_hyphens(&[]), "");
        assert_eq!(rejoin_hyphens(&["-", "x"]), "- x");
    }

    #[test]
    fn sentence_ends() {
        let cases = [
            ("the end.", true),
            ("he said.\"", true),
            ("really?", true),
            ("as follows:", true),
            ("Gen.", false),
            ("by Mr.", false),
            ("John J.", false),
            ("State Depart ment.\" v", true),
            ("the end. I", false),
            ("and the", false),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(ends_sentence(text), want, "{text}");
        }
    }
}
