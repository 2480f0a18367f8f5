//! Search against a plain scan: on a small generated library, `library::search` finds exactly
//! the articles whose loaded text contains the query (checked article by article with the
//! reader's own matcher), planted phrases where they were planted, in order, within filters;
//! and `kanbao search` says the same.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use kanbao::app::text_match;
use kanbao::edition::Item;
use kanbao::library::Library;
use kanbao::library::search::{self, DateBound, Filters, Hit, Needle, Query};
use kanbao::library::sources::Sources;
use kanbao::library::synthetic::{PHRASES, write_library};
use proptest::prelude::*;

/// Editions in the test library: enough for every plant, two papers and a few months.
const EDITIONS: usize = 12;

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    planted: Vec<(String, usize)>,
    sources: Sources,
    /// Every edition, loaded the usual way, for the plain scan.
    library: Library,
}

/// The library, written once for the whole test binary.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("archive");
        let planted = write_library(&path, EDITIONS, 11).expect("the library is written");
        let sources = Sources::discover(std::slice::from_ref(&path));
        let library = Library::load(std::slice::from_ref(&path));
        assert_eq!(library.editions.len(), EDITIONS);
        Fixture {
            _dir: dir,
            path,
            planted,
            sources,
            library,
        }
    })
}

/// Every article id whose text contains `query`, by loading every edition and checking each
/// part with the reader's matcher; with the edition's paper and date.
fn plain_scan(query: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut found = Vec::new();
    for edition in &fixture().library.editions {
        for item in edition.pages.iter().flat_map(|p| &p.items) {
            if texts(item).any(|text| text_match::contains(text, query)) {
                found.push((item.id.clone(), edition.paper.clone(), edition.date.clone()));
            }
        }
    }
    found
}

/// The parts of an item search looks in.
fn texts(item: &Item) -> impl Iterator<Item = &str> {
    [
        &item.kicker,
        &item.headline,
        &item.subtitle,
        &item.byline,
        &item.column,
        &item.caption,
        &item.credit,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .chain(
        item.body
            .iter()
            .flat_map(|block| match block {
                kanbao::edition::Block::Photo(photo) => {
                    [photo.caption.as_deref(), photo.credit.as_deref()]
                }
                other => [Some(other.text()), None],
            })
            .flatten(),
    )
}

fn search(query: &str, filters: &Filters) -> Vec<Hit> {
    let needle = Needle::new(query).expect("a valid query");
    let outcome = search::search(&fixture().sources.editions, &needle, filters);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    outcome.hits
}

fn ids(hits: &[Hit]) -> BTreeSet<String> {
    hits.iter().map(|h| h.id().to_owned()).collect()
}

fn scan_ids(query: &str) -> BTreeSet<String> {
    plain_scan(query).into_iter().map(|(id, _, _)| id).collect()
}

#[test]
fn planted_phrases_are_found_in_exactly_the_articles_they_were_planted_in() {
    let planted = &fixture().planted;
    assert_eq!(
        planted.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        PHRASES
    );
    for (phrase, count) in planted {
        let hits = search(phrase, &Filters::default());
        assert_eq!(hits.len(), *count, "'{phrase}'");
        assert_eq!(ids(&hits), scan_ids(phrase), "'{phrase}'");
    }
    // The last phrase is only ever cut in two in the files: a byte search of the files finds
    // none of it, search finds every article, as the loader joins the pieces.
    let cut = PHRASES[3];
    let in_files = walk(&fixture().path)
        .iter()
        .filter(|p| {
            let bytes = std::fs::read(p).expect("readable");
            memchr::memmem::find(&bytes, cut.as_bytes()).is_some()
        })
        .count();
    assert_eq!(in_files, 0);
}

#[test]
fn common_words_latin_in_any_case_and_absent_phrases_agree_with_a_plain_scan() {
    for query in [
        "群众",
        "救助",
        "EPC",
        "epc",
        "Epc总包",
        "（",
        "不存在的短语",
        "xyzzy",
    ] {
        let hits = search(query, &Filters::default());
        assert_eq!(ids(&hits), scan_ids(query), "'{query}'");
        assert_eq!(
            hits.len(),
            ids(&hits).len(),
            "'{query}': one result per article"
        );
    }
    let common = search("群众", &Filters::default()).len();
    assert!(common > 100, "a common word is common ({common})");
    assert_eq!(
        search("EPC", &Filters::default()),
        search("epc", &Filters::default())
    );
    assert!(search("xyzzy", &Filters::default()).is_empty());
}

#[test]
fn results_are_newest_first_then_in_page_order() {
    let hits = search("群众", &Filters::default());
    for pair in hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.date >= b.date, "{} before {}", a.id(), b.id());
        if a.date == b.date && a.edition_idx == b.edition_idx {
            assert!((a.page_idx, a.item_idx) < (b.page_idx, b.item_idx));
        }
    }
    let limited = search(
        "群众",
        &Filters {
            limit: Some(7),
            ..Filters::default()
        },
    );
    assert_eq!(limited, hits[..7]);
}

#[test]
fn filters_keep_the_paper_and_dates_asked_for() {
    let date = |s: &str| Some(DateBound::parse(s).expect("a date"));
    let filters = Filters {
        paper: Some("xuchang-weekend".to_owned()),
        ..Filters::default()
    };
    let weekend = search("群众", &filters);
    let want: BTreeSet<String> = plain_scan("群众")
        .into_iter()
        .filter(|(_, paper, _)| paper.as_deref() == Some("许昌周末"))
        .map(|(id, _, _)| id)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(ids(&weekend), want);
    let by_name = Filters {
        paper: Some("许昌周末".to_owned()),
        ..Filters::default()
    };
    assert_eq!(search("群众", &by_name), weekend);

    let filters = Filters {
        since: date("2013-01-05"),
        until: date("2013-01-10"),
        ..Filters::default()
    };
    let hits = search("群众", &filters);
    let want: BTreeSet<String> = plain_scan("群众")
        .into_iter()
        .filter(|(_, _, d)| {
            d.as_deref()
                .is_some_and(|d| ("2013-01-05"..="2013-01-10").contains(&d))
        })
        .map(|(id, _, _)| id)
        .collect();
    assert_eq!(ids(&hits), want);
    let january = Filters {
        since: date("2013-01"),
        until: date("2013-01"),
        ..Filters::default()
    };
    assert_eq!(
        search("群众", &january).len(),
        search("群众", &Filters::default()).len(),
        "the library fits in January 2013"
    );
}

#[test]
fn snippets_hold_the_match_on_one_line() {
    for query in ["群众", "zephyr protocol", PHRASES[3], "EPC"] {
        let needle = Needle::new(query).expect("a query");
        for hit in search(query, &Filters::default()) {
            let marked = &hit.snippet()[hit.hit.clone()];
            assert_eq!(
                needle.find(marked),
                Some(0..marked.len()),
                "{}",
                hit.snippet()
            );
            assert!(!hit.snippet().contains('\n'), "{}", hit.snippet());
        }
    }
}

fn kanbao(args: &[&str]) -> Output {
    support::cli::kanbao()
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", fixture().path.join("no-config"))
        .output()
        .expect("kanbao runs")
}

fn library_arg() -> &'static str {
    fixture().path.to_str().expect("a UTF-8 path")
}

#[test]
fn the_command_line_agrees_with_the_library() {
    let phrase = PHRASES[0];
    let output = kanbao(&["search", "--json", "-L", library_arg(), phrase]);
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let hits = search(phrase, &Filters::default());
    assert_eq!(json["query"], phrase);
    assert_eq!(json["count"], hits.len());
    let results = json["results"].as_array().expect("results");
    for (result, hit) in results.iter().zip(&hits) {
        assert_eq!(result["id"], hit.id());
        assert_eq!(result["date"], hit.date.as_deref().expect("dated"));
        assert_eq!(result["paper"], "许昌日报");
        let snippet = result["snippet"].as_str().expect("a snippet");
        let range = result["hit"].as_array().expect("a range");
        let (start, end) = (
            range[0].as_u64().expect("a start") as usize,
            range[1].as_u64().expect("an end") as usize,
        );
        assert_eq!(&snippet[start..end], phrase);
    }

    // Plain output marks the match; the count goes to stderr.
    let output = kanbao(&["search", "-L", library_arg(), "--limit", "2", phrase]);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(
        stdout.matches(&format!("【{phrase}】")).count(),
        2,
        "{stdout}"
    );
    assert!(stdout.starts_with(hits[0].id()), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the newest 2 articles"), "{stderr}");

    // What search finds, read opens.
    let output = kanbao(&["read", "-L", library_arg(), "-w", "60", hits[0].id()]);
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn nothing_found_is_not_an_error_and_a_bad_date_is() {
    let output = kanbao(&["search", "-L", library_arg(), "不存在的短语"]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("0 articles in {EDITIONS} editions")),
        "{stderr}"
    );

    let output = kanbao(&["search", "-L", library_arg(), "--since", "2013-02-30", "x"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("'2013-02-30' is not a date: 2013-02 has 28 days"),
        "{stderr}"
    );
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A small library with known words, bylines, pages and papers, for the query language: two
/// editions of the Tiny Times and one of 许昌日报.
fn query_library() -> &'static (tempfile::TempDir, Sources) {
    static LIBRARY: OnceLock<(tempfile::TempDir, Sources)> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let files = [
            (
                "tiny-times-2024-03-01.md",
                "+++\npaper = \"Tiny Times\"\ndate = 2024-03-01\nlanguage = \"en\"\n+++\n\n\
                 +++\npage = \"A1\"\nname = \"Front Page\"\n+++\n\n\
                 ### City desk\n\n# River Park Opens\n\n## Families arrive early\n\n\
                 By Ada Park\n\nThe council praised the gardeners.\n\n\
                 # Budget Vote Delayed\n\nBy Ben Stone\n\n\
                 The river flood fund waits. Zephyr was mentioned.\n\n\
                 +++\npage = \"B2\"\nname = \"Metro\"\n+++\n\n\
                 # Metro Trains Late\n\n\
                 Commuters on the river line waited; the park was quiet.\n",
            ),
            (
                "xuchang-daily-2024-03-02.md",
                "+++\npaper = \"许昌日报\"\ndate = 2024-03-02\nlanguage = \"zh\"\n+++\n\n\
                 +++\npage = \"1\"\nname = \"要闻\"\n+++\n\n\
                 # 探索建立多元救助模式\n\n许昌市构建全方位社会救助体系。\n\n\
                 # 新时代 新征程\n\n群众路线是根本。救助站开放。\n\n\
                 +++\npage = \"2\"\nname = \"社会\"\n+++\n\n\
                 # 春耕\n\n许昌农民忙春耕。\n\n图为农民在田间播种。\n\n本报记者 欧阳晓 摄\n\n春耕进度过半。\n",
            ),
            (
                "tiny-times-2024-03-03.md",
                "+++\npaper = \"Tiny Times\"\ndate = 2024-03-03\nlanguage = \"en\"\n+++\n\n\
                 +++\npage = \"A1\"\nname = \"Front Page\"\n+++\n\n\
                 # Park Plan Wins\n\nThe council voted for the river park plan.\n",
            ),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("an edition is written");
        }
        let sources = Sources::discover(&[dir.path().to_owned()]);
        assert_eq!(sources.editions.len(), 3);
        (dir, sources)
    })
}

fn query_search(text: &str) -> Vec<Hit> {
    let query = Query::parse(text).expect("a valid query");
    let outcome = search::search(&query_library().1.editions, &query, &Filters::default());
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    outcome.hits
}

#[test]
fn the_query_language_finds_the_articles_it_describes() {
    const A1: &str = "tiny-times-2024-03-01/A1/1";
    const A2: &str = "tiny-times-2024-03-01/A1/2";
    const A3: &str = "tiny-times-2024-03-01/B2/1";
    const C1: &str = "tiny-times-2024-03-03/A1/1";
    const Z1: &str = "xuchang-daily-2024-03-02/1/1";
    const Z2: &str = "xuchang-daily-2024-03-02/1/2";
    const Z3: &str = "xuchang-daily-2024-03-02/2/1";
    let cases: &[(&str, &[&str])] = &[
        ("river", &[C1, A1, A2, A3]),
        // Words anywhere in the article, not necessarily in one field or side by side.
        ("river park", &[C1, A1, A3]),
        ("\"river park\"", &[C1, A1]),
        ("River -\"river park\"", &[A2, A3]),
        ("救助", &[Z1, Z2]),
        ("救助 许昌", &[Z1]),
        ("救助 -群众", &[Z1]),
        ("群众路线", &[Z2]),
        ("春耕 OR 群众路线", &[Z2, Z3]),
        // OR binds tighter than the spaces: 许昌 AND (春耕 OR 救助).
        ("许昌 春耕 OR 救助", &[Z1, Z3]),
        ("zephyr OR 春耕", &[Z3, A2]),
        ("-zephyr river", &[C1, A1, A3]),
        ("headline:park", &[C1, A1]),
        ("headline:city", &[A1]),
        ("headline:\"新时代 新征程\"", &[Z2]),
        ("byline:park", &[A1]),
        ("byline:park OR byline:stone council", &[A1]),
        ("park", &[C1, A1, A3]),
        ("paper:许昌 救助", &[Z1, Z2]),
        ("paper:tiny council", &[C1, A1]),
        ("paper:xuchang-daily 春耕", &[Z3]),
        ("-paper:许昌 救助 OR river", &[C1, A1, A2, A3]),
        ("page:b2 river", &[A3]),
        ("page:metro river", &[A3]),
        ("page:社会 许昌", &[Z3]),
        ("page:1 救助", &[Z1, Z2]),
        ("-page:1 许昌", &[Z3]),
        ("不存在 OR 也没有", &[]),
        // A name only in a photo's credit; words only in its caption.
        ("欧阳晓", &[Z3]),
        ("credit:欧阳晓", &[Z3]),
        ("Credit:欧阳晓 page:2", &[Z3]),
        ("credit:播种", &[]),
        ("caption:播种", &[Z3]),
        ("caption:许昌", &[]),
        ("-credit:欧阳晓 许昌", &[Z1]),
    ];
    for &(text, want) in cases {
        let hits = query_search(text);
        let got: Vec<&str> = hits.iter().map(Hit::id).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn the_match_shown_is_the_first_positive_term_that_holds() {
    let hits = query_search("-群众 许昌 救助");
    assert_eq!(hits.len(), 1);
    assert_eq!(&hits[0].snippet()[hits[0].hit.clone()], "许昌");
    let hits = query_search("paper:tiny 不存在 OR gardeners");
    assert_eq!(hits.len(), 1);
    assert_eq!(&hits[0].snippet()[hits[0].hit.clone()], "gardeners");
    let hits = query_search("byline:park");
    assert_eq!(hits[0].field, search::Field::Byline);
}

#[test]
fn malformed_queries_exit_2_with_what_to_write() {
    let lib = query_library().0.path().to_str().expect("a UTF-8 path");
    let cases = [
        (
            "\"unclosed",
            "the quote at character 1 of the query is not closed",
        ),
        (
            "OR 救助",
            "'OR' at character 1 of the query needs a term on each side",
        ),
        ("救助 OR", "'OR' at character 4"),
        (
            "-",
            "'-' at character 1 of the query needs a word right after it",
        ),
        ("headline:", "'headline:' at character 1"),
        ("paper:许昌", "has nothing to look for"),
        ("-广告", "has nothing to look for"),
        ("", "the query is empty"),
        ("  ", "the query is empty"),
        ("……", "is only punctuation"),
    ];
    for (query, want) in cases {
        let output = kanbao(&["search", "-L", lib, "--", query]);
        assert_eq!(output.status.code(), Some(2), "{query}: {output:?}");
        assert!(output.stdout.is_empty(), "{query}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("kanbao: "), "{query}: {stderr}");
        assert!(stderr.contains(want), "{query}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{query}: {stderr}");
    }

    // A query with the syntax, through the command line: the JSON says how it was read.
    let output = kanbao(&["search", "--json", "-L", lib, "救助 -群众"]);
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["query"], "救助 -群众");
    assert_eq!(json["count"], 1);
    assert_eq!(json["results"][0]["id"], "xuchang-daily-2024-03-02/1/1");
    assert_eq!(json["terms"][1][0]["exclude"], true);

    // A query that starts with an exclusion needs no `--`.
    let output = kanbao(&["search", "-L", lib, "-群众 救助"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        stdout.starts_with("xuchang-daily-2024-03-02/1/1 "),
        "{stdout}"
    );
    assert_eq!(stdout.matches("【救助】").count(), 1, "{stdout}");
}

/// Single terms without syntax characters, some found in the articles and some made up.
fn plain_terms() -> impl Strategy<Value = String> {
    let found = (0..PHRASES.len(), 0usize..6, 1usize..5).prop_map(|(n, start, len)| {
        let chars: Vec<char> = PHRASES[n].chars().collect();
        let start = start.min(chars.len() - 1);
        chars[start..(start + len).min(chars.len())]
            .iter()
            .collect()
    });
    let made_up = "[a-zA-Z救助许昌的年]{1,4}";
    prop_oneof![found, made_up]
        .prop_map(|term: String| term.split_whitespace().next().unwrap_or("x").to_owned())
        .prop_filter("no syntax", |term| term != "OR" && !term.contains(':'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The old behaviour is the oracle: a one-word query finds exactly what the phrase did.
    #[test]
    fn a_single_plain_term_finds_what_the_phrase_did(term in plain_terms()) {
        let sources = &fixture().sources.editions;
        let query = Query::parse(&term).expect("a plain term parses");
        let needle = Needle::new(&term).expect("a needle");
        let new = search::search(sources, &query, &Filters::default()).hits;
        let old = search::search(sources, &needle, &Filters::default()).hits;
        prop_assert_eq!(new, old);
    }
}

/// Queries of one to three clauses of plain terms, some excluded, some in OR, some limited to
/// headlines or bylines.
fn compound_queries() -> impl Strategy<Value = String> {
    let common = prop::sample::select(vec!["群众", "the", "发展", "city", "工作", "会议"]);
    let word = prop_oneof![plain_terms(), common.prop_map(str::to_owned)];
    let term = (word, 0u8..6).prop_map(|(word, kind)| match kind {
        0 => format!("-{word}"),
        1 => format!("headline:{word}"),
        2 => format!("byline:{word}"),
        _ => word,
    });
    let clause = prop::collection::vec(term, 1..3).prop_map(|terms| terms.join(" OR "));
    prop::collection::vec(clause, 1..4).prop_map(|clauses| clauses.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The raw-file test never drops an edition the query matches: searching finds exactly the
    /// articles that the query accepts when every edition is loaded and every article checked.
    #[test]
    fn compound_queries_find_what_checking_every_article_finds(text in compound_queries()) {
        let Ok(query) = Query::parse(&text) else {
            return Ok(());
        };
        let mut checked = BTreeSet::new();
        for edition in &fixture().library.editions {
            for page in &edition.pages {
                let place = search::Place {
                    paper: edition.paper.as_deref(),
                    name_paper: None,
                    page_label: &page.label,
                    page_name: page.name.as_deref(),
                };
                for item in &page.items {
                    if query.matches(item, place).is_some() {
                        checked.insert(item.id.clone());
                    }
                }
            }
        }
        let found = search::search(&fixture().sources.editions, &query, &Filters::default());
        prop_assert_eq!(ids(&found.hits), checked, "{}", text);
    }
}
