//! The page reader's tests: whole OCR pages read through [`parse_ocr_page`], from empty and
//! noise pages to headlines, decks, bylines, datelines, subheads and jumps.

use std::path::Path;

use super::join::HARD_MAX_PARAGRAPH_LINES;
use super::page::WRAP_CHARS;
use super::*;
use crate::edition::model::{Diagnostic, Item, ItemKind, Severity};

fn parse(text: &str) -> (Vec<Item>, Vec<Diagnostic>) {
    parse_ocr_page(text, Path::new("page.txt"))
}

fn articles(items: &[Item]) -> Vec<&Item> {
    items
        .iter()
        .filter(|i| i.kind == ItemKind::Article)
        .collect()
}

fn paragraphs(items: &[Item]) -> Vec<&str> {
    items.iter().flat_map(Item::paragraphs).collect()
}

#[test]
fn empty_and_noise_pages_warn_instead_of_making_items() {
    for text in ["", "\n\n  \n", "|\n. ,\ni\nf .\n'\n1\n| l\n- -\n"] {
        let (items, diagnostics) = parse(text);
        assert!(items.is_empty(), "{text:?} gave {items:?}");
        assert_eq!(diagnostics.len(), 1, "{text:?}");
        assert_eq!(diagnostics[0].severity, Severity::Warning);
    }
    let (_, diagnostics) = parse("|\n. ,\ni\n");
    assert!(diagnostics[0].message.contains("no readable text"));
    let (_, diagnostics) = parse("");
    assert!(diagnostics[0].message.contains("empty page"));
}

#[test]
fn a_page_without_capitals_is_one_headless_article_in_paragraphs() {
    let text = "the council met on monday and voted\nto approve the plan.\nit will open in the spring.\nwork begins in march, the mayor said,\nand will take a year.\n";
    let (items, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].headline, None);
    assert_eq!(
        paragraphs(&items),
        [
            "the council met on monday and voted to approve the plan.",
            "it will open in the spring.",
            "work begins in march, the mayor said, and will take a year."
        ]
    );
}

#[test]
fn one_huge_line_still_splits_into_paragraphs() {
    let sentence = "The board voted to sell the old ferry property at auction next month. ";
    let text = sentence.repeat(100_000 / sentence.len() + 1);
    let (items, _) = parse(&text);
    let paras = paragraphs(&items);
    assert!(paras.len() > 10, "{} paragraphs", paras.len());
    for p in &paras {
        // 60 wrapped pieces of at most 72 characters, plus a little.
        assert!(p.len() < 2 * HARD_MAX_PARAGRAPH_LINES * (WRAP_CHARS + 1));
    }
    let words_in: usize = text.split_whitespace().count();
    let words_out: usize = paras.iter().map(|p| p.split_whitespace().count()).sum();
    assert_eq!(words_in, words_out);
}

#[test]
fn a_long_column_without_sentence_ends_is_capped() {
    let text = "and the work went on through the night\n".repeat(500);
    let (items, _) = parse(&text);
    let paras = paragraphs(&items);
    assert!(paras.len() >= 500 / (2 * HARD_MAX_PARAGRAPH_LINES));
    for p in paras {
        let lines = p.matches("and the work").count();
        assert!(
            lines <= HARD_MAX_PARAGRAPH_LINES,
            "{lines} lines in a paragraph"
        );
    }
}

#[test]
fn long_runs_of_debris_are_capped_too() {
    let text = format!(
        "i\n{}A story starts here.\n{}",
        "1\n".repeat(1000),
        "f\n".repeat(1000)
    );
    let (items, _) = parse(&text);
    for p in paragraphs(&items) {
        let lines = p.split_whitespace().count();
        assert!(
            lines <= 2 * HARD_MAX_PARAGRAPH_LINES,
            "{lines} lines in a paragraph"
        );
    }
}

#[test]
fn a_byline_after_body_text_opens_the_next_story() {
    let text =
        "FIRST STORY\nIt ends here, short.\nBy JOHN SMITH.\nA second story without a head.\n";
    let (items, _) = parse(text);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].byline, None);
    assert_eq!(items[1].byline.as_deref(), Some("By JOHN SMITH"));
}

/// Scraps of text at the top of a page, before its first headline, are read first and on
/// their own, not under the headline of a story they do not belong to.
#[test]
fn a_scrap_before_the_first_headline_is_not_under_it() {
    let text = "the end of a story begun elsewhere.\nWILSON NOTE READY\nThe note was sent to-day to Berlin by cable, and the answer is expected within the week.\n";
    let (items, _) = parse(text);
    let stories = articles(&items);
    assert_eq!(stories.len(), 2, "{stories:?}");
    assert_eq!(stories[0].headline, None);
    assert_eq!(
        stories[0].paragraphs().collect::<Vec<_>>(),
        ["the end of a story begun elsewhere."]
    );
    assert_eq!(stories[1].headline.as_deref(), Some("WILSON NOTE READY"));
    assert!(
        stories[1]
            .paragraphs()
            .next()
            .is_some_and(|p| p.starts_with("The note"))
    );
}

/// A stray mark after a story's last line stays with that story when a byline or headline
/// opens the next, and a finished jump line does not swallow the line after it.
#[test]
fn stray_marks_stay_where_they_stood() {
    let text = "The note was sent to-day.\n\ni\nBy JANE DOE\nA second story begins here.\n";
    let (items, _) = parse(text);
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(
        items[0].paragraphs().collect::<Vec<_>>(),
        ["The note was sent to-day.", "i"]
    );
    let text = "The note was sent to-day.\nContinued on Page 2\n7\n";
    let (items, _) = parse(text);
    assert_eq!(items[0].continued_to.as_deref(), Some("2"));
    assert!(paragraphs(&items).contains(&"7"), "{items:?}");
}

#[test]
fn control_bytes_and_escapes_are_removed() {
    let text = "WILSON \u{1b}[31mNOTE\u{1b}[0m READY\n\u{1b}]0;title\u{7}The note\u{7} was sent to-day to\nBerlin by cable.\u{202e}\n";
    let (items, _) = parse(text);
    let article = articles(&items)[0];
    assert_eq!(article.headline.as_deref(), Some("WILSON NOTE READY"));
    assert_eq!(
        paragraphs(&items),
        ["The note was sent to-day to Berlin by cable."]
    );
}

#[test]
fn headline_decks_byline_dateline_and_jump() {
    let text = "\
WILSON NOTE TO
BERLIN READY
President Approves Final
Draft After Long Talk
With Lansing
CABINET IS UNITED
By JANE DOE.
WASHINGTON, April 14.—The note
to Germany on the submarine ques-
tion was approved to-night.
(Continued on Second Page.)
";
    let (items, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item.headline.as_deref(),
        Some("WILSON NOTE TO BERLIN READY")
    );
    assert_eq!(
        item.subtitle.as_deref(),
        Some("President Approves Final Draft After Long Talk With Lansing — CABINET IS UNITED")
    );
    assert_eq!(item.byline.as_deref(), Some("By JANE DOE"));
    assert_eq!(item.dateline.as_deref(), Some("WASHINGTON, April 14.—"));
    assert_eq!(item.continued_to.as_deref(), Some("2"));
    assert_eq!(
        paragraphs(&items),
        [
            "WASHINGTON, April 14.—The note to Germany on the submarine question was approved to-night."
        ]
    );
}

#[test]
fn jump_split_over_two_lines() {
    let text = "STORY HEAD\nThe text of the story runs on here.\n(Continued on Second\nPage.)\n";
    let (items, _) = parse(text);
    assert_eq!(items[0].continued_to.as_deref(), Some("2"));
    assert_eq!(paragraphs(&items), ["The text of the story runs on here."]);
}

#[test]
fn jump_from_mid_column_starts_a_continuation_part() {
    let text = "FIRST STORY\nIt ends here, short.\n(Continued from First Page.)\nthe rest of the second story, which\nbegan on the front page.\n";
    let (items, _) = parse(text);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].continued_from, None);
    assert_eq!(items[1].headline, None);
    assert_eq!(items[1].continued_from.as_deref(), Some("1"));
}

#[test]
fn a_jump_with_no_article_warns() {
    let (items, diagnostics) = parse("(Continued on Second Page.)\nSome text follows here.\n");
    assert_eq!(items.len(), 1);
    assert!(diagnostics[0].message.contains("follows no article"));
}

#[test]
fn masthead_becomes_a_banner() {
    let text = "THE EVENING STAR\nWASHINGTON, D. C., SATURDAY, APRIL 15, 1916.\nPRICE ONE CENT\nBIG NEWS\nSomething happened to-day in town.\n";
    let (items, _) = parse(text);
    assert_eq!(items[0].kind, ItemKind::Banner);
    assert_eq!(items[0].headline.as_deref(), Some("THE EVENING STAR"));
    assert_eq!(items[1].headline.as_deref(), Some("BIG NEWS"));
    // A headline that merely mentions a year is not a masthead.
    let (items, _) = parse("CAMPAIGN OF 1916 OPENS\nThe campaign opened to-day.\n");
    assert_eq!(items[0].kind, ItemKind::Article);
}

#[test]
fn subheads_between_paragraphs() {
    let text = "\
STORY HEAD
The Secretary said that he would
wait for further word.
German Denial Expected.
It was indicated last night that
Berlin will deny it.
";
    let (items, _) = parse(text);
    let subheads: Vec<&str> = items[0].subheads().collect();
    assert_eq!(subheads, ["German Denial Expected."]);
    assert_eq!(items[0].paragraphs().count(), 2);
}
