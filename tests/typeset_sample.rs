//! The sample edition set at several widths: no line too wide, no 禁则 violation, nothing lost;
//! and golden files of the whole edition at 40 and 80 columns (reviewed by eye, diffed in CI).

use std::fmt::Write as _;

use kanbao::edition::{Block, Item};
use kanbao::library;
use kanbao::typeset::{Options, Role, set_article, to_plain};
use unicode_width::UnicodeWidthStr;

/// Must not start a line (TYPOGRAPHY.md, clreq basic + strict dash/ellipsis).
const NO_START: &str = "、，。；：？！．‼⁇”’」』）)〕］｝】〗》〉～–·・‧/／—…";
/// Must not end a line.
const NO_END: &str = "“‘「『（(〔［｛【〖《〈";

fn items() -> Vec<Item> {
    library::sample()
        .pages
        .into_iter()
        .flat_map(|p| p.items)
        .collect()
}

#[test]
fn every_article_sets_without_violations_at_20_41_and_80() {
    for cols in [20, 41, 80] {
        for item in items() {
            let layout = set_article(&item, cols, &Options::default());
            let lines: Vec<_> = layout
                .lines
                .iter()
                .filter(|l| l.role != Role::Blank)
                .collect();
            for (n, line) in lines.iter().enumerate() {
                let text = line.text.trim_start_matches('\u{3000}');
                let at = format!("{} at {cols} cols, line {n}: {:?}", item.id, line.text);
                assert!(
                    line.margin_cols + line.text.width() <= cols,
                    "too wide: {at}"
                );
                assert_eq!(line.cols, line.text.width(), "{at}");
                let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
                    continue;
                };
                // A line that continues a paragraph or header field (the first line of a field may
                // start with anything, e.g. an interview subtitle's ——).
                let continues = n > 0
                    && lines[n - 1].role == line.role
                    && lines[n - 1].block_idx == line.block_idx;
                let next_line = lines
                    .get(n + 1)
                    .filter(|l| l.block_idx == line.block_idx && l.role == line.role);
                if continues && text.chars().count() > 1 {
                    assert!(!NO_START.contains(first), "starts with '{first}': {at}");
                }
                if next_line.is_some() && text.chars().count() > 1 {
                    assert!(!NO_END.contains(last), "ends with '{last}': {at}");
                }
                // Dashes, ellipses and numbers are never split across lines of one block.
                if let Some(next) = next_line {
                    let next_first = next.text.chars().next().unwrap_or(' ');
                    for pair in ["——", "……"] {
                        let c = pair.chars().next().unwrap_or(' ');
                        assert!(!(last == c && next_first == c), "'{pair}' split: {at}");
                    }
                    let numeric = |c: char| c.is_ascii_digit() || c == '.' || c == '%';
                    assert!(
                        !(last.is_ascii_digit() && numeric(next_first) && next_first != '.'
                            || last == '.' && next_first.is_ascii_digit()),
                        "number split: {at} / {:?}",
                        next.text
                    );
                }
            }
        }
    }
}

/// Every character of every paragraph appears in the layout, in order (normalisation undone).
#[test]
fn nothing_is_lost_at_any_width() {
    for cols in [6, 13, 20, 41, 80, 120] {
        for item in items() {
            let layout = set_article(
                &item,
                cols,
                &Options {
                    normalize_punctuation: false,
                    ..Options::default()
                },
            );
            for (block_idx, block) in item.body.iter().enumerate() {
                let shown: String = layout
                    .lines
                    .iter()
                    .filter(|l| l.block_idx == Some(block_idx))
                    .map(|l| l.text.trim_start_matches('\u{3000}'))
                    .collect();
                let want: String = block
                    .text()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let got: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(got, want, "{} block {block_idx} at {cols}", item.id);
                if let Block::Paragraph(_) = block {
                    assert!(layout.lines.iter().any(|l| l.block_idx == Some(block_idx)));
                }
            }
        }
    }
}

fn whole_edition(cols: usize) -> String {
    let mut out = String::new();
    for item in items() {
        let _ = writeln!(out, "════ {} ════", item.id);
        out.push_str(&to_plain(&set_article(&item, cols, &Options::default())));
        out.push('\n');
    }
    out
}

#[test]
fn golden_sample_at_40_columns() {
    insta::assert_snapshot!("sample_40_cols", whole_edition(40));
}

#[test]
fn golden_sample_at_80_columns() {
    insta::assert_snapshot!("sample_80_cols", whole_edition(80));
}
