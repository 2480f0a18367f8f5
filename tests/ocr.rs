//! OCR page text as a reader meets it: a Chronicling America issue folder and a flat page file
//! load as editions with headlines, rebuilt paragraphs, rejoined words, datelines, bylines and
//! linked continuations; bad input never panics and no word of the page is lost.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use kanbao::edition::sanitize::is_clean;
use kanbao::edition::{Block, Edition, Format, Item, ItemKind, Severity};
use kanbao::formats::ocr::{
    is_ocr_issue_folder, load_ocr_file, load_ocr_issue, looks_like_ocr, ocr_jump, parse_ocr_page,
};
use proptest::prelude::*;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocr")
        .join(path)
}

const ISSUE: &str = "sn83030214/1916-04-15/ed-1";

fn issue() -> Edition {
    load_ocr_issue(&fixture(ISSUE)).expect("the fixture issue loads")
}

fn articles<'a>(edition: &'a Edition, label: &str) -> Vec<&'a Item> {
    edition
        .pages
        .iter()
        .filter(|p| p.label == label)
        .flat_map(|p| &p.items)
        .filter(|i| i.kind == ItemKind::Article)
        .collect()
}

fn item_by_id<'a>(edition: &'a Edition, id: &str) -> &'a Item {
    edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Every string an item shows, in one text.
fn item_text(item: &Item) -> String {
    let fields = [
        &item.headline,
        &item.subtitle,
        &item.byline,
        &item.kicker,
        &item.column,
    ];
    fields
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(item.body.iter().map(Block::text))
        .collect::<Vec<_>>()
        .join(" ")
}

fn alphanumeric_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Words of `input` missing from `items`: a word counts as kept when it is an output word or
/// part of one (a rejoined `prop-` | `erty` keeps `prop` inside `property`). Jump lines (and
/// the line after an unfinished one) are navigation, removed on purpose, and not counted.
fn lost_words(input: &str, items: &[Item]) -> Vec<String> {
    let output: String = items.iter().map(item_text).collect::<Vec<_>>().join(" ");
    let output_words: HashSet<&str> = alphanumeric_words(&output).collect();
    let mut lost = Vec::new();
    for line in counted_lines(input) {
        for word in alphanumeric_words(line) {
            if !output_words.contains(word) && !output_words.iter().any(|o| o.contains(word)) {
                lost.push(word.to_owned());
            }
        }
    }
    lost
}

/// The lines of `input` whose words must reach the items: all but jump lines and the line after
/// one (an unfinished jump, `(Continued on Second` | `Page.)`, takes it).
fn counted_lines(input: &str) -> Vec<&str> {
    let mut counted = Vec::new();
    let mut skip_next = false;
    for line in input.lines() {
        let lower = line.trim().trim_start_matches(['(', '[']).to_lowercase();
        let jumpish =
            ocr_jump(line).is_some() || lower.starts_with("contin") || lower.starts_with("coutin");
        if !jumpish && !skip_next {
            counted.push(line);
        }
        skip_next = jumpish;
    }
    counted
}

#[test]
fn issue_folder_loads_as_one_ocr_edition() {
    let dir = fixture(ISSUE);
    assert!(is_ocr_issue_folder(&dir));
    let edition = issue();
    assert_eq!(edition.format, Format::Ocr);
    assert_eq!(edition.id, "sn83030214-1916-04-15");
    assert_eq!(edition.paper.as_deref(), Some("New-York Tribune"));
    assert_eq!(edition.date.as_deref(), Some("1916-04-15"));
    assert_eq!(edition.language.as_deref(), Some("en"));
    let labels: Vec<&str> = edition.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3"]);
    assert!(edition.warnings.is_empty(), "{:?}", edition.warnings);
}

#[test]
fn folders_that_are_not_ocr_issues() {
    // The date folder holds `ed-1/`, not `seq-N/` pages; the edition folder below it is the issue.
    assert!(!is_ocr_issue_folder(&fixture("sn83030214/1916-04-15")));
    assert!(!is_ocr_issue_folder(&fixture("sn83030214")));
    assert!(!is_ocr_issue_folder(&fixture(&format!("{ISSUE}/seq-1"))));
    assert!(!is_ocr_issue_folder(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("editions/xuchang-weekend-2023-02-25")
    ));
    assert!(!is_ocr_issue_folder(Path::new("/no/such/folder")));
    assert!(load_ocr_issue(Path::new("/no/such/folder")).is_err());
}

#[test]
fn front_page_headlines_decks_byline_and_dateline() {
    let edition = issue();
    let front = &edition.pages[0];
    assert_eq!(front.items[0].kind, ItemKind::Banner, "the masthead");
    assert_eq!(front.items[0].headline.as_deref(), Some("New-York Tribune"));
    let stories = articles(&edition, "1");
    let headlines: Vec<&str> = stories
        .iter()
        .filter_map(|i| i.headline.as_deref())
        .collect();
    assert_eq!(
        headlines,
        [
            "WILSON NOTE TO BERLIN READY; SENT MONDAY",
            "CITY TO SELL OLD FERRY PROPERTY"
        ]
    );
    let wilson = stories[0];
    let subtitle = wilson.subtitle.as_deref().unwrap_or("");
    assert!(subtitle.starts_with("President Approves Final Draft After Long Talk With Lansing"));
    assert!(
        subtitle.contains("CABINET IS UNITED"),
        "a caps deck stays in the subtitle"
    );
    assert_eq!(wilson.byline.as_deref(), Some("By The Associated Press"));
    assert_eq!(wilson.dateline.as_deref(), Some("WASHINGTON, April 14.-"));
    let first = wilson.paragraphs().next().unwrap_or("");
    assert!(
        first.starts_with("WASHINGTON, April 14.-The note"),
        "the dateline stays in the text"
    );
    assert_eq!(
        wilson.subheads().collect::<Vec<_>>(),
        ["Anglo-American Relations."]
    );
    assert_eq!(stories[1].byline.as_deref(), Some("By JANE DOE"));
}

#[test]
fn paragraphs_are_rebuilt_and_words_rejoined() {
    let edition = issue();
    let stories = articles(&edition, "1");
    let paragraphs: Vec<&str> = stories.iter().flat_map(|i| i.paragraphs()).collect();
    // As set, the front page's two stories hold five paragraphs (ends marked by short lines
    // that finish a sentence). One missed end (a full-width last line) or one false end still
    // reads well; fewer than four means paragraphs were merged wholesale, more than seven means
    // lines were cut apart.
    assert!(
        (4..=7).contains(&paragraphs.len()),
        "{} paragraphs: {paragraphs:#?}",
        paragraphs.len()
    );
    // The longest paragraph as set runs nine column lines (about 35 characters each).
    for p in &paragraphs {
        assert!(p.len() <= 12 * 40, "a paragraph of {} bytes: {p}", p.len());
    }
    let all = paragraphs.join("\n");
    assert!(
        all.contains("the old ferry property at the foot"),
        "prop- | erty rejoined"
    );
    assert!(all.contains("submarine question"));
    assert!(
        all.contains("President Wilson to-night"),
        "to-night keeps its hyphen"
    );
    assert!(all.contains("the Anglo-American dispute"));
    assert!(all.contains("The self-government of the seas"));
    assert!(all.contains("voted yesterday to offer"));
    assert!(!all.contains("prop-"));
    assert!(!all.contains("prop erty"));
    assert!(!all.contains('|'), "stray marks dropped");
}

#[test]
fn jumps_link_the_parts_and_leave_the_text() {
    let edition = issue();
    let stories = articles(&edition, "1");
    let wilson = stories[0];
    assert_eq!(wilson.continued_to.as_deref(), Some("2"));
    let part = item_by_id(
        &edition,
        wilson.continued_to_id.as_deref().expect("linked to page 2"),
    );
    assert_eq!(
        part.headline.as_deref(),
        Some("WILSON NOTE TO BERLIN READY; SENT MONDAY")
    );
    assert_eq!(part.continued_from.as_deref(), Some("1"));
    assert_eq!(part.continued_from_id.as_deref(), Some(wilson.id.as_str()));
    // `(Continued on Last Page.)` resolves to the issue's last page, 3.
    let ferry = stories[1];
    assert_eq!(ferry.continued_to.as_deref(), Some("3"));
    let rest = item_by_id(&edition, ferry.continued_to_id.as_deref().expect("linked"));
    assert_eq!(
        rest.headline.as_deref(),
        Some("CITY TO SELL FERRY PROPERTY")
    );
    for item in edition.pages.iter().flat_map(|p| &p.items) {
        for p in item.paragraphs() {
            assert!(
                !p.to_lowercase().contains("continued"),
                "jump left in text: {p}"
            );
        }
    }
    // Page 2's second story has its own dateline.
    let page2 = articles(&edition, "2");
    assert_eq!(
        page2[1].dateline.as_deref(),
        Some("CHICAGO, Ill., April 14.-")
    );
}

#[test]
fn no_word_of_the_fixture_is_lost() {
    let mut total_words = 0;
    let mut total_paragraphs = 0;
    for seq in 1..=3 {
        let path = fixture(&format!("{ISSUE}/seq-{seq}/ocr.txt"));
        let text = std::fs::read_to_string(&path).expect("fixture");
        assert!(looks_like_ocr(&text), "seq-{seq} sniffs as OCR");
        let (items, diagnostics) = parse_ocr_page(&text, &path);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let lost = lost_words(&text, &items);
        assert_eq!(lost, Vec::<String>::new(), "seq-{seq} lost words");
        total_words += alphanumeric_words(&text).count();
        total_paragraphs += items.iter().flat_map(Item::paragraphs).count();
    }
    // Measured: 3 pages, 461 words in, 0 lost, 15 paragraphs (banners' lines included).
    println!("fixture: {total_words} words, 0 lost, {total_paragraphs} paragraphs");
}

#[test]
fn flat_page_file_names_paper_date_and_page() {
    let path = fixture("19160415-sn83030214.txt");
    let edition = load_ocr_file(&path).expect("loads");
    assert_eq!(edition.format, Format::Ocr);
    assert_eq!(edition.paper.as_deref(), Some("New-York Tribune"));
    assert_eq!(edition.date.as_deref(), Some("1916-04-15"));
    assert_eq!(edition.pages.len(), 1);
    assert_eq!(edition.pages[0].label, "1");
    let story = articles(&edition, "1")[0];
    assert_eq!(
        story.headline.as_deref(),
        Some("MAYOR SIGNS BILL FOR NEW SUBWAY")
    );
    assert_eq!(
        story.dateline.as_deref(),
        Some("NEW YORK, N. Y., April 14. -")
    );
    // The OCR-damaged `Continued on Second Pag,f` is still a jump; page 2 is not in this file.
    assert_eq!(story.continued_to.as_deref(), Some("2"));
    assert_eq!(story.continued_to_id, None);
    assert!(
        edition
            .warnings
            .iter()
            .any(|w| w.message.contains("page 2"))
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    assert!(lost_words(&text, &edition.pages[0].items).is_empty());
}

#[test]
fn invalid_utf8_and_control_bytes_load_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("19160415-sn83030214.txt");
    let mut bytes = b"WILSON NOTE READY\nThe note was sent to-\nday to Ber".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"lin by \x1b[2Jcable.\x07\n");
    std::fs::write(&path, &bytes).expect("write");
    let edition = load_ocr_file(&path).expect("loads");
    assert!(
        edition
            .warnings
            .iter()
            .any(|w| w.message.contains("invalid UTF-8"))
    );
    let story = &edition.pages[0].items[0];
    assert_eq!(story.headline.as_deref(), Some("WILSON NOTE READY"));
    let text: Vec<&str> = story.paragraphs().collect();
    assert_eq!(
        text,
        ["The note was sent to-day to Ber\u{fffd}\u{fffd}lin by cable."]
    );
}

#[test]
fn a_missing_file_and_a_folder_are_errors_not_panics() {
    assert!(load_ocr_file(Path::new("/no/such/ocr.txt")).is_err());
    assert!(load_ocr_file(&fixture(ISSUE)).is_err());
}

#[test]
fn a_huge_page_loads_with_bounded_paragraphs() {
    let page =
        std::fs::read_to_string(fixture(&format!("{ISSUE}/seq-1/ocr.txt"))).expect("fixture");
    // About 2 MB: a whole year of front pages in one file. Linear work; no timing assertion
    // (benches measure time), but a quadratic reader would not finish the test run.
    let text = page.repeat(2 * 1024 * 1024 / page.len());
    let (items, _) = parse_ocr_page(&text, Path::new("huge.txt"));
    assert!(items.len() > 1000);
    for item in &items {
        for p in item.paragraphs() {
            assert!(p.len() <= 120 * 80, "a paragraph of {} bytes", p.len());
        }
    }
}

/// Lines a 1916 page is made of, good and damaged.
fn ocr_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("WILSON NOTE TO".to_owned()),
        Just("BERLIN READY;".to_owned()),
        Just("President Approves Final".to_owned()),
        Just("With Lansing".to_owned()),
        Just("By JANE DOE.".to_owned()),
        Just("WASHINGTON, April 14.-The note".to_owned()),
        Just("to Germany on the submarine ques-".to_owned()),
        Just("tion was approved by President Wil-".to_owned()),
        Just("son to-night after a conference.".to_owned()),
        Just("the old ferry prop-".to_owned()),
        Just("erty at the foot of the street.".to_owned()),
        Just("German Denial Expected.".to_owned()),
        Just("(Continued on Second Page.)".to_owned()),
        Just("(Continued from First".to_owned()),
        Just("Page.)".to_owned()),
        Just("NEW-YORK, SATURDAY, APRIL 15, 1916.".to_owned()),
        Just("|".to_owned()),
        Just("i".to_owned()),
        Just(". ,".to_owned()),
        Just(String::new()),
        Just("  An indented line starts here.".to_owned()),
        "[A-Za-z]{1,12}( [A-Za-z.,;:'\"-]{1,12}){0,6}",
        "[A-Z ]{1,30}",
        "[a-z .-]{0,40}",
        "\\PC{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,2000}") {
        let _ = parse_ocr_page(&text, Path::new("any.txt"));
        let _ = looks_like_ocr(&text);
    }

    #[test]
    fn never_panics_and_never_loses_words(lines in prop::collection::vec(ocr_line(), 0..80)) {
        let text = lines.join("\n");
        let (items, diagnostics) = parse_ocr_page(&text, Path::new("page.txt"));
        if items.is_empty() {
            // Only an empty or pure-noise page gives nothing, and says so.
            prop_assert!(diagnostics.iter().any(|d| d.severity == Severity::Warning));
            let readable = counted_lines(&text).into_iter().any(|l| {
                l.chars().collect::<Vec<_>>().windows(2).any(|w| w[0].is_alphabetic() && w[1].is_alphabetic())
            });
            prop_assert!(!readable, "items dropped from readable text");
        } else {
            let lost = lost_words(&text, &items);
            prop_assert!(lost.is_empty(), "lost {:?}", lost);
        }
        for item in &items {
            for s in [&item.headline, &item.subtitle, &item.byline, &item.dateline].into_iter().flatten() {
                prop_assert!(!s.is_empty() && is_clean(s));
            }
            for block in &item.body {
                prop_assert!(!block.text().is_empty() && is_clean(&block.text().replace('\t', " ")));
            }
        }
    }
}

/// Real OCR: the top of the Evening Public Ledger's front page, Philadelphia, April 24, 1916
/// (public domain), as Chronicling America's OCR gives it: damaged masthead, stray letters,
/// hyphens dropped at line ends (`an` | `nounces`).
#[test]
fn real_1916_front_page() {
    let path = fixture("sn83045211-19160424-seq-1.txt");
    let text = std::fs::read_to_string(&path).expect("fixture");
    assert!(looks_like_ocr(&text));
    let edition = load_ocr_file(&path).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("Evening Public Ledger"));
    assert_eq!(edition.date.as_deref(), Some("1916-04-24"));
    let items = &edition.pages[0].items;
    assert_eq!(
        items[0].kind,
        ItemKind::Banner,
        "the dated masthead line, year damaged"
    );
    let villa = items
        .iter()
        .find(|i| i.headline.as_deref() == Some("MORE TROOPS CROSS BORDER TO GET VILLA"))
        .expect("the lead story's headline");
    let subtitle = villa.subtitle.as_deref().unwrap_or("");
    assert!(subtitle.starts_with("i Gen. Scott to Confer With Obregon, However, on Future Policy"));
    assert!(subtitle.contains("1 REPORT OP NEW CLASH"));
    let paragraphs: Vec<&str> = villa.paragraphs().collect();
    // As printed: the Secretary's statement, its second part, and the news (3 paragraphs).
    assert_eq!(paragraphs.len(), 3, "{paragraphs:#?}");
    assert!(paragraphs[2].starts_with("The United States today strength ened"));
    assert!(lost_words(&text, items).is_empty());
}

const TULSA: &str = "dates/19160415/sn85042344-ed-1_seq-1.txt";
const CORPUS_CHRISTI: &str = "dates/19161107/sn86088527-ed-1_seq-1.txt";
const BARE: &str = "bare-front-page.txt";

/// Every page in each real layout reads as OCR by its content, whatever its name: chronam-text's
/// `dates/YYYYMMDD/LCCN-ed-N_seq-M.txt`, Chronicling America's `seq-N/ocr.txt`, a bare file.
#[test]
fn every_real_layout_is_sniffed_as_ocr_by_its_content() {
    for path in [
        TULSA,
        CORPUS_CHRISTI,
        BARE,
        "sn83030214/1916-04-15/ed-1/seq-1/ocr.txt",
    ] {
        let text = std::fs::read_to_string(fixture(path)).expect("fixture");
        assert!(looks_like_ocr(&text), "{path} reads as OCR text");
        let edition = kanbao::formats::load_file(&fixture(path)).expect("loads");
        assert_eq!(edition.format, Format::Ocr, "{path}");
    }
    // Copied under a name that says nothing, the ragged Corpus Christi page is still OCR.
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = dir.path().join("page.txt");
    std::fs::copy(fixture(CORPUS_CHRISTI), &plain).expect("copy");
    let edition = kanbao::formats::load_file(&plain).expect("loads");
    assert_eq!(edition.format, Format::Ocr);
    let longest = edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .flat_map(Item::paragraphs)
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest < 2000, "a paragraph of {longest} bytes");
}

#[test]
fn the_paper_is_named_from_the_lccn_never_the_folder() {
    let tulsa = load_ocr_file(&fixture(TULSA)).expect("loads");
    assert_eq!(tulsa.paper.as_deref(), Some("Tulsa Daily World"));
    assert_eq!(tulsa.date.as_deref(), Some("1916-04-15"));
    assert_eq!(tulsa.id, "sn85042344-1916-04-15");
    let caller = load_ocr_file(&fixture(CORPUS_CHRISTI)).expect("loads");
    assert_eq!(
        caller.paper.as_deref(),
        Some("Corpus Christi Caller and Daily Herald")
    );
    // An LCCN the table does not know names the paper by itself, not by `dates`.
    let dir = tempfile::tempdir().expect("temp dir");
    let day = dir.path().join("dates/19160415");
    std::fs::create_dir_all(&day).expect("mkdir");
    let unknown = day.join("sn99999999-ed-1_seq-1.txt");
    std::fs::copy(fixture(BARE), &unknown).expect("copy");
    let edition = load_ocr_file(&unknown).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("sn99999999"));
    // ... unless its masthead names it legibly.
    let named = day.join("sn99999998-ed-1_seq-1.txt");
    let page = std::fs::read_to_string(fixture(BARE)).expect("fixture");
    std::fs::write(
        &named,
        format!("The Evening Examiner\nNEW-YORK, SATURDAY, APRIL 15, 1916.\n{page}"),
    )
    .expect("write");
    let edition = load_ocr_file(&named).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("The Evening Examiner"));
    // Discovery names it the same before reading the page.
    let library = kanbao::library::Library::discover(&[dir.path().to_owned()]);
    let mut papers: Vec<Option<&str>> = library
        .editions
        .iter()
        .map(|e| e.paper.as_deref())
        .collect();
    papers.sort_unstable();
    assert_eq!(papers, [Some("The Evening Examiner"), Some("sn99999999")]);
}

/// The masthead's lines, scattered down the Tulsa page by OCR, make one banner at the top; none
/// is a headline or an article.
#[test]
fn the_masthead_is_one_banner_never_a_story() {
    let edition = load_ocr_file(&fixture(TULSA)).expect("loads");
    let items = &edition.pages[0].items;
    assert_eq!(items[0].kind, ItemKind::Banner);
    assert_eq!(
        items.iter().filter(|i| i.kind == ItemKind::Banner).count(),
        1
    );
    let banner = item_text(&items[0]);
    for part in [
        "WEATHER REPORT",
        "partly cloudy",
        "vol. xr, NO. 1S1",
        "TULSA, OKLAHOMA, SATURDAY,",
        "10 PAGES",
        "PRICE FIVE CENTS",
    ] {
        assert!(banner.contains(part), "{part} in the banner: {banner}");
    }
    for item in articles(&edition, "1") {
        let headline = item.headline.as_deref().unwrap_or("");
        for part in ["WEATHER", "PAGES", "PRICE", "TULSA, OKLAHOMA", "vol."] {
            assert!(
                !headline.contains(part),
                "masthead in a headline: {headline}"
            );
        }
    }
    // The story under the date line keeps its own headline and decks.
    assert!(articles(&edition, "1").iter().any(|i| {
        i.headline.as_deref() == Some("MEXICAN GOVERNMENT STILL INSISTENT")
            || i.subtitle
                .as_deref()
                .is_some_and(|s| s.contains("Punitive"))
    }));
    let text = std::fs::read_to_string(fixture(TULSA)).expect("fixture");
    assert!(lost_words(&text, items).is_empty());
}

/// A deck wrapped over lines, even a word broken without a hyphen (`Sever Tac` | `tions With
/// Teutons.`), and the capitals deck under it stay with their story.
#[test]
fn wrapped_decks_stay_with_their_story() {
    let edition = load_ocr_file(&fixture(TULSA)).expect("loads");
    let stories = articles(&edition, "1");
    let packers = stories
        .iter()
        .find(|i| i.headline.as_deref() == Some("U.S. PACKERS WON'T SELL TO GERMANY"))
        .expect("the packers story");
    let subtitle = packers.subtitle.as_deref().unwrap_or("");
    assert!(
        subtitle
            .starts_with("Litigants in Prize Court Cases Agree to Sever Tactions With Teutons."),
        "{subtitle}"
    );
    assert!(subtitle.contains("SETTLEMENT IN CASH"), "{subtitle}");
    assert!(subtitle.contains("Both Sides Made Concessions but Neither Side Is Entirely Happy."));
    assert_eq!(
        packers.dateline.as_deref(),
        Some("LONDON. April 14 (6:30 p. m.)")
    );
    assert!(
        !stories
            .iter()
            .any(|i| i.headline.as_deref() == Some("SETTLEMENT IN CASH")),
        "the caps deck opens no story of its own"
    );
    let sussex = stories
        .iter()
        .find(|i| i.headline.as_deref() == Some("U. S. GETS MORE DETAILS ON THE SUSSEX SINKING"))
        .expect("the Sussex story");
    assert!(
        sussex
            .subtitle
            .as_deref()
            .is_some_and(|s| s.contains("SHOWS IDENTITY OF THE SUB IN QUESTION"))
    );
    assert_eq!(sussex.dateline.as_deref(), Some("WASHINGTON, April 14."));
}

/// Each dateline form of real 1916 OCR is recognised on the story it opens.
#[test]
fn datelines_in_every_real_form() {
    let edition = kanbao::formats::load_file(&fixture(BARE)).expect("loads");
    let datelines: Vec<&str> = articles(&edition, "1")
        .iter()
        .filter_map(|i| i.dateline.as_deref())
        .collect();
    assert_eq!(
        datelines,
        [
            "Washington, April 11.-",
            "LONDON, April 15.?",
            "Denver, Colo., Nov. 6.",
            "DENVER, Col., Nov. 7.",
        ]
    );
    let tulsa = load_ocr_file(&fixture(TULSA)).expect("loads");
    let tulsa_datelines: Vec<&str> = articles(&tulsa, "1")
        .iter()
        .filter_map(|i| i.dateline.as_deref())
        .collect();
    for want in [
        "WASHINGTON, April 14.",
        "MUSKOGEE. Okla., April 14.",
        "LONDON. April 14 (6:30 p. m.)",
    ] {
        assert!(
            tulsa_datelines.contains(&want),
            "{want} in {tulsa_datelines:?}"
        );
    }
}

/// No article is a headless scrap: debris in capitals is no headline, and a short headless
/// fragment joins the story before it.
#[test]
fn no_headless_fragments_and_no_debris_headlines() {
    for path in [TULSA, CORPUS_CHRISTI, BARE] {
        let text = std::fs::read_to_string(fixture(path)).expect("fixture");
        let edition = kanbao::formats::load_file(&fixture(path)).expect("loads");
        let items = &edition.pages[0].items;
        let stories: Vec<&Item> = items
            .iter()
            .filter(|i| i.kind == ItemKind::Article)
            .collect();
        for item in &stories {
            let body: usize = item.body.iter().map(|b| b.text().len()).sum();
            assert!(
                item.headline.is_some() || body >= 100 || stories.len() == 1,
                "{path}: a headless fragment {:?}",
                item.body
            );
        }
        assert!(
            !stories.iter().any(|i| i
                .headline
                .as_deref()
                .is_some_and(|h| h.contains("COURTNEY \" ."))),
            "{path}: a debris headline"
        );
        assert!(lost_words(&text, items).is_empty(), "{path}");
    }
}

/// `(Continued on Page 9, not in this edition)` is set within the width like any line.
#[test]
fn a_jump_note_is_set_within_the_width() {
    use unicode_width::UnicodeWidthStr;
    let mut library = kanbao::library::Library::load(&[fixture(TULSA)]);
    let edition = &library.editions[0];
    let id = articles(edition, "1")
        .iter()
        .find(|i| i.continued_to.is_some() && i.continued_to_id.is_none())
        .map(|i| i.id.clone())
        .expect("a story jumping to a page not in this file");
    for cols in [80, 40, 30, 20, 12, 8] {
        let opts = kanbao::cli::read::ReadOptions {
            cols,
            raw: false,
            styled: false,
            typeset: kanbao::typeset::Options::default(),
        };
        let mut out = Vec::new();
        kanbao::cli::read::write_story(&mut library, &id, &opts, &mut out).expect("reads");
        let text = String::from_utf8(out).expect("utf-8");
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Narrower than its longest word, a word is cut; wider, the note reads whole.
        assert!(
            cols < 12 || joined.contains("(Continued on Page 7, not in this edition)"),
            "{text}"
        );
        for line in text.lines() {
            assert!(
                line.width() <= cols,
                "{} columns at {cols}: {line}",
                line.width()
            );
        }
    }
}
