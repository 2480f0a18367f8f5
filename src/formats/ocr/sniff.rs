//! Whether a text is OCR page text, from its head: short lines, mostly Latin letters, no blank
//! line between paragraphs, none of the heading dialect's marks, and a column's regular lines
//! or OCR's own marks (runs of capitals, words hyphenated at line ends, debris lines).

use super::lines::{is_caps_line, is_noise_line, prefix};

/// Bytes of the head of a file that [`looks_like_ocr`] judges.
const SNIFF_BYTES: usize = 8 * 1024;
/// Fewest non-blank lines a sniffed head must hold: a few lines say nothing about columns.
const SNIFF_MIN_LINES: usize = 8;
/// A line this long (in chars) is a paragraph written on one line, not a column line.
const PARAGRAPH_LINE_CHARS: usize = 160;

/// True when the head of `text` (its first 8 KB) reads like OCR page text: at least eight
/// non-blank lines, at most one blank line per ten, letters mostly Latin, no `#` headings or
/// `+++` front matter (those are kanbao's heading dialect), hardly any paragraph-long line, and
/// either a column (most lines of similar length, a median of 12–90 characters) or a ragged
/// page of short lines (median 4–90) with OCR's marks: one line in ten in capitals or OCR
/// debris, or one in twenty-five ending in a hyphen.
pub fn looks_like_ocr(text: &str) -> bool {
    let head = prefix(text, SNIFF_BYTES).trim_start_matches('\u{feff}');
    if head.trim_start().starts_with("+++") {
        return false;
    }
    let mut lengths = Vec::new();
    let (mut blank, mut caps, mut debris, mut hyphens, mut long) = (0usize, 0, 0, 0, 0);
    let (mut latin, mut other) = (0usize, 0usize);
    for line in head.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if line.starts_with('#') && line.trim_start_matches('#').starts_with(' ') {
            return false;
        }
        let chars = line.chars().count();
        lengths.push(chars);
        long += usize::from(chars > PARAGRAPH_LINE_CHARS);
        caps += usize::from(is_caps_line(line));
        debris += usize::from(is_noise_line(line));
        hyphens += usize::from(line.ends_with('-') && !line.ends_with("--"));
        for c in line.chars().filter(|c| c.is_alphabetic()) {
            if is_latin(c) {
                latin += 1;
            } else {
                other += 1;
            }
        }
    }
    let lines = lengths.len();
    if lines < SNIFF_MIN_LINES
        || blank * 10 > lines
        || latin == 0
        || latin < other * 4
        || long * 20 > lines
    {
        return false;
    }
    lengths.sort_unstable();
    let median = lengths[lines / 2];
    let similar = lengths
        .iter()
        .filter(|&&len| len * 2 >= median && len * 2 <= median * 3)
        .count();
    let column = (12..=90).contains(&median) && similar * 2 >= lines;
    let marked = caps * 10 >= lines || debris * 10 >= lines || hyphens * 25 >= lines;
    column || ((4..=90).contains(&median) && marked)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn repo_file(path: &str) -> String {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    #[test]
    fn sniffing_takes_ocr_and_leaves_the_rest() {
        for ocr in [
            "tests/fixtures/ocr/sn83030214/1916-04-15/ed-1/seq-1/ocr.txt",
            "tests/fixtures/ocr/sn83030214/1916-04-15/ed-1/seq-2/ocr.txt",
            "tests/fixtures/ocr/19160415-sn83030214.txt",
        ] {
            assert!(looks_like_ocr(&repo_file(ocr)), "{ocr} is OCR text");
        }
        let mut others = vec![
            "editions/springfield-gazette-2023-02-27.md",
            "editions/xuchang-daily-2023-02-28.txt",
        ];
        let weekend =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("editions/xuchang-weekend-2023-02-25");
        let mut pages: Vec<String> = std::fs::read_dir(&weekend)
            .expect("sample folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        pages.sort();
        others.extend(pages.iter().map(String::as_str));
        for other in others {
            assert!(
                !looks_like_ocr(&repo_file(other)),
                "{other} is not OCR text"
            );
        }
        let seed = std::fs::read_to_string("/work/shared/seeds/000_f409d700cfb95473.txt");
        if let Ok(seed) = seed {
            assert!(
                !looks_like_ocr(&seed),
                "a Chinese text dump is not OCR text"
            );
        }
        // A Chinese dump without headings or blank lines: column-like, but not Latin.
        let chinese =
            "市政府召开二〇二三年第八次重点工作周交办会议要求全力抓好安全生产\n".repeat(20);
        assert!(!looks_like_ocr(&chinese));
        // Prose written a paragraph per line, separated by blank lines (a plain text article).
        let prose = "The council met on Monday and voted to approve the plan for the river park after a long debate that ran late into the evening.\n\n".repeat(10);
        assert!(!looks_like_ocr(&prose));
        // Too little to judge.
        assert!(!looks_like_ocr("WILSON NOTE READY\nThe note was sent.\n"));
        assert!(!looks_like_ocr(""));
    }

    #[test]
    fn sniffing_is_bounded_to_the_head() {
        let page = repo_file("tests/fixtures/ocr/sn83030214/1916-04-15/ed-1/seq-1/ocr.txt");
        // OCR text followed by megabytes of anything: only the head is judged.
        let text = format!("{}{}", page.repeat(20), "# heading\n\n".repeat(100_000));
        assert!(looks_like_ocr(&text));
    }
}
