use super::*;

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
    let weekend = Path::new(env!("CARGO_MANIFEST_DIR")).join("editions/xuchang-weekend-2023-02-25");
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
    let chinese = "市政府召开二〇二三年第八次重点工作周交办会议要求全力抓好安全生产\n".repeat(20);
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

#[test]
fn edit_distances() {
    assert_eq!(edit_distance("continued", "continued"), 0);
    assert_eq!(edit_distance("contiuued", "continued"), 1);
    assert_eq!(edit_distance("", "page"), 4);
    assert_eq!(edit_distance("pag", "page"), 1);
}
