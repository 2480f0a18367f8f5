//! The search index against the scan, its oracle: on generated libraries (with phrases cut by
//! line and column breaks) and hand-written text (spaced names, mixed scripts, case, full-width
//! forms), a search through the index gives exactly the scan's results, hit for hit, in the same
//! order; and the index stays right when the library changes under it, when its files are
//! damaged, when a build is killed, and when two processes update it at once.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kanbao::library::Library;
use kanbao::library::index::{self, Report, SearchIndex, UpdateOptions};
use kanbao::library::search::{self, Coverage, Filters, Hit, Order, Query};
use kanbao::library::sources::Sources;
use kanbao::library::synthetic::write_library;
use proptest::prelude::*;

/// Hand-written text where terms meet the index's cutting rules.
const TRICKY: &str = "+++
paper = \"The Mixed Times\"
date = 2024-05-06
+++

# 苹果发布iPhone手机 Park大道开通

本报记者 徐  隽

“River Park”项目于2024年5月开工，全长3.5公里，ＡＰＰ下载量破１０万。PARKING区域扩建。

The Kelvin sign \u{212a}elvin and Ünïcode CAFÉ meet 北京ABC大学 and well-known x-ray co-op.

# 社会救助

救助 救 助 救助站。10:30 开会。http://example.org/a.b 网址。（记者 王  芳 通讯员 李 明）

图为志愿者在社区服务站值守。

本报记者 欧阳晓 摄

服务站全天开放。

+++
page = 2
+++

# 社会救助

救助 救 助 救助站。10:30 开会。http://example.org/a.b 网址。（记者 王  芳 通讯员 李 明）

图为志愿者在社区服务站值守。

本报记者 欧阳晓 摄

服务站全天开放。
";

struct Fixture {
    _dir: tempfile::TempDir,
    index: PathBuf,
    sources: Sources,
    /// Every article's searchable text, for drawing queries from.
    texts: Vec<String>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let library = dir.path().join("archive");
        write_library(&library, 10, 23).expect("the library is written");
        std::fs::write(library.join("mixed-times-2024-05-06.md"), TRICKY).expect("written");
        let index = dir.path().join("index");
        let sources = Sources::discover(std::slice::from_ref(&library));
        update(&index, &sources, UpdateOptions::default());
        let texts = article_texts(&library);
        Fixture {
            _dir: dir,
            index,
            sources,
            texts,
        }
    })
}

/// Every article's searchable text in the library at `root`, for drawing queries from.
fn article_texts(root: &Path) -> Vec<String> {
    let loaded = Library::load(&[root.to_owned()]);
    loaded
        .editions
        .iter()
        .flat_map(|e| &e.pages)
        .flat_map(|p| &p.items)
        .map(|item| {
            let mut text = String::new();
            for part in [&item.kicker, &item.headline, &item.subtitle, &item.byline]
                .into_iter()
                .flatten()
            {
                text.push_str(part);
                text.push('\n');
            }
            for block in &item.body {
                text.push_str(block.text());
                text.push('\n');
            }
            text
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn update(dir: &Path, sources: &Sources, options: UpdateOptions) -> Report {
    index::update(
        dir,
        &sources.editions,
        options,
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("the index is updated")
}

fn opened(dir: &Path) -> SearchIndex {
    SearchIndex::open(dir)
        .expect("the index opens")
        .expect("there is an index")
}

/// The scan's hits and the index's, for one query. The index answers twice, stamping the
/// files first (`search_with`) and while it looks up (`search_stamping`, as `kanbao search`
/// does): both must say the same, whether or not the files changed since they were indexed.
fn both(
    sources: &Sources,
    index: &SearchIndex,
    query: &Query,
    filters: &Filters,
) -> (Vec<Hit>, search::Outcome) {
    let scan = search::search(&sources.editions, query, filters).hits;
    let indexed = search::search_with(
        &sources.editions,
        query,
        filters,
        Order::Newest,
        Some(index),
    );
    let mut stamping_hits = Vec::new();
    let stamping = std::thread::scope(|scope| {
        let stamping = kanbao::library::index::Stamping::start(scope, &sources.editions);
        search::search_stamping(
            &sources.editions,
            query,
            filters,
            Order::Newest,
            Some((index, stamping)),
            (
                &mut |batch| stamping_hits.extend(batch),
                &std::sync::atomic::AtomicBool::new(false),
            ),
        )
    });
    assert_eq!(stamping_hits, indexed.hits, "{}", query.text());
    assert_eq!(stamping.coverage, indexed.coverage, "{}", query.text());
    assert_eq!(stamping.stats, indexed.stats, "{}", query.text());
    (scan, indexed)
}

/// The index at `index` answers `text` (when it parses) for every edition of `sources`, with
/// the scan's results, hit for hit.
fn index_agrees_with_scan(
    sources: &Sources,
    index: &Path,
    text: &str,
    limit: Option<usize>,
) -> Result<(), TestCaseError> {
    let Ok(query) = Query::parse(text) else {
        return Ok(());
    };
    let index = opened(index);
    let filters = Filters {
        limit,
        ..Filters::default()
    };
    let (scan, indexed) = both(sources, &index, &query, &filters);
    prop_assert_eq!(indexed.coverage, Coverage::Complete);
    prop_assert_eq!(&indexed.hits, &scan, "{}", text);
    Ok(())
}

/// The editions of `sources` the index does not hold as they are now.
fn stale_ids<'a>(sources: &'a Sources, index: &SearchIndex) -> Vec<&'a str> {
    let stamps = kanbao::library::index::Stamps::of(&sources.editions);
    sources
        .editions
        .iter()
        .zip(index.entries(&stamps))
        .filter(|(_, entry)| entry.is_none())
        .map(|(e, _)| e.id.as_str())
        .collect()
}

/// Each of `queries` gets the scan's results through the index, which covered as much as
/// `coverage` says.
fn answers_as_the_scan(
    sources: &Sources,
    index: &SearchIndex,
    queries: &[Query],
    coverage: Coverage,
) {
    for query in queries {
        let (scan, indexed) = both(sources, index, query, &Filters::default());
        assert_eq!(indexed.coverage, coverage, "{}", query.text());
        assert_eq!(indexed.hits, scan, "{}", query.text());
    }
}

/// A piece of some article's text: 1–8 characters from anywhere, spaces and punctuation
/// included, as a quoted phrase.
fn pieces() -> impl Strategy<Value = String> {
    pieces_of(|| &fixture().texts)
}

/// [`pieces`] of the articles `texts` gives.
fn pieces_of(texts: fn() -> &'static [String]) -> impl Strategy<Value = String> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        1usize..9,
    )
        .prop_map(move |(article, start, len)| {
            let texts = texts();
            let chars: Vec<char> = texts[article.index(texts.len())].chars().collect();
            let start = start.index(chars.len().max(1));
            let piece: String = chars[start..(start + len).min(chars.len())]
                .iter()
                .collect();
            format!("\"{}\"", piece.replace('"', "").trim())
        })
}

/// Words and fragments in either case, some made up, some excluded or in OR, some in fields.
fn queries() -> impl Strategy<Value = String> {
    queries_of(pieces())
}

/// [`queries`] with quoted phrases from `pieces`.
fn queries_of(pieces: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let word = prop_oneof![
        pieces,
        prop::sample::select(vec![
            "群众",
            "救助",
            "park",
            "PARK",
            "ark",
            "iphone",
            "手机",
            "徐",
            "隽",
            "\"徐  隽\"",
            "徐隽",
            "kelvin",
            "ünïcode",
            "café",
            "ＡＰＰ",
            "app",
            "１０",
            "10",
            "3.5",
            "x-ray",
            "abc大学",
            "的",
            "了",
            "river",
            "\"river park\"",
            "b",
            "http",
            "the",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z救助许昌的年]{1,4}",
    ];
    let term = (word, 0u8..8).prop_map(|(word, kind)| match kind {
        0 => format!("-{word}"),
        1 => format!("headline:{word}"),
        2 => format!("byline:{word}"),
        3 => format!("{word} page:1"),
        _ => word,
    });
    let clause = prop::collection::vec(term, 1..3).prop_map(|terms| terms.join(" OR "));
    prop::collection::vec(clause, 1..3).prop_map(|clauses| clauses.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Index and scan agree hit for hit (id, place, snippet, order), with and without a limit
    /// and a date filter.
    #[test]
    fn the_index_finds_exactly_what_the_scan_finds(
        text in queries(),
        limit in prop::option::of(1usize..6),
        since in prop::option::of(prop::sample::select(vec!["2013-01-05", "2024"])),
    ) {
        let Ok(query) = Query::parse(&text) else {
            return Ok(());
        };
        let fixture = fixture();
        let index = opened(&fixture.index);
        let filters = Filters {
            limit,
            since: since.map(|s| s.parse().expect("a date")),
            ..Filters::default()
        };
        let (scan, indexed) = both(&fixture.sources, &index, &query, &filters);
        prop_assert_eq!(indexed.coverage, Coverage::Complete);
        prop_assert_eq!(&indexed.hits, &scan, "{}", text);
        // BM25 order: the same articles.
        let relevance = search::search_with(
            &fixture.sources.editions, &query, &Filters::default(), Order::Relevance, Some(&index),
        );
        let all = search::search(&fixture.sources.editions, &query, &Filters::default()).hits;
        let ids = |hits: &[Hit]| hits.iter().map(|h| h.id().to_owned()).collect::<BTreeSet<_>>();
        prop_assert_eq!(ids(&relevance.hits), ids(&all), "{}", text);
    }
}

/// A folder of saved daily feeds (`feed-2025-01-DD.xml`): each file holds one day's items and
/// the last two of the day before, as saved feeds repeat them; the text is the dialect
/// fixture's articles, cut into a headline and paragraphs.
struct Feeds {
    _dir: tempfile::TempDir,
    library: PathBuf,
    index: PathBuf,
    sources: Sources,
}

/// Items in a day of [`write_feed`].
const FEED_ITEMS: usize = 6;

/// The article text of item `n` of day `day` (a headline line, then paragraphs).
fn feed_text(day: usize, n: usize) -> &'static str {
    let texts = &fixture().texts;
    &texts[(day * 7 + n * 3) % texts.len()]
}

fn feed_item(out: &mut String, day: usize, n: usize) {
    use std::fmt::Write as _;
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let text = feed_text(day, n);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let headline = escape(lines.next().unwrap_or("无题"));
    let mut body = String::new();
    for line in lines {
        let _ = write!(body, "<p>{}</p>", escape(line));
    }
    let d = day + 1;
    let _ = write!(
        out,
        "<item>\n<title>[{:02}版：要闻]{headline}</title>\n<link>https://paper.example/rmrb/202501/{d:02}/content_{n}.html</link>\n<guid>202501{d:02}-{n}</guid>\n<content:encoded><![CDATA[<h1>{headline}</h1><div id=\"ozoom\">{body}</div>]]></content:encoded>\n</item>\n",
        1 + n % 3
    );
}

/// The feed file of `day` (0 is 2025-01-01), with the last items of the day before and, when
/// `also` says so, the items of another day.
fn write_feed(library: &Path, day: usize, also: Option<usize>) {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>示例日报 - 每日全文订阅</title>\n",
    );
    for n in 1..=FEED_ITEMS {
        feed_item(&mut text, day, n);
    }
    if day > 0 {
        for n in FEED_ITEMS - 1..=FEED_ITEMS {
            feed_item(&mut text, day - 1, n);
        }
    }
    if let Some(other) = also {
        for n in 1..=FEED_ITEMS {
            feed_item(&mut text, other, n);
        }
    }
    text.push_str("</channel>\n</rss>\n");
    let path = library.join(format!("feed-2025-01-{:02}.xml", day + 1));
    replace(&path, text.as_bytes());
}

/// A feed library of `days` files and its index, in a fresh temp dir.
fn feed_library(days: usize) -> Feeds {
    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("feeds");
    std::fs::create_dir_all(&library).expect("mkdir");
    for day in 0..days {
        write_feed(&library, day, None);
    }
    let index = dir.path().join("index");
    let sources = discover(&library);
    assert!(
        sources
            .editions
            .iter()
            .all(|e| matches!(e.origin, kanbao::library::sources::Origin::Other(_))),
        "feed editions"
    );
    assert_eq!(sources.editions.len(), days);
    update(&index, &sources, UpdateOptions::default());
    Feeds {
        _dir: dir,
        library,
        index,
        sources,
    }
}

fn feeds() -> &'static Feeds {
    static FEEDS: OnceLock<Feeds> = OnceLock::new();
    FEEDS.get_or_init(|| feed_library(8))
}

/// The articles of the feed library, for drawing queries from.
fn feed_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        (0..8)
            .flat_map(|day| (1..=FEED_ITEMS).map(move |n| feed_text(day, n).to_owned()))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// On a library of feed files (a file holds several days, a day comes from several
    /// files) the index gives the scan's results too, hit for hit.
    #[test]
    fn the_index_finds_exactly_what_the_scan_finds_in_feeds(
        text in queries_of(pieces_of(feed_texts)),
        limit in prop::option::of(1usize..6),
    ) {
        index_agrees_with_scan(&feeds().sources, &feeds().index, &text, limit)?;
    }
}

/// A library of every other shape: crawler folders (one file per article, two layouts), OCR
/// pages (a page file, a chronicling-America issue folder, dated folders) and a dialect edition.
struct Mixed {
    _dir: tempfile::TempDir,
    library: PathBuf,
    index: PathBuf,
    sources: Sources,
    texts: Vec<String>,
}

/// Copies the folder `from` into `to`, files and subfolders.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("a fixture folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

fn mixed_library() -> Mixed {
    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("mixed");
    let fixtures = support::cli::repo().join("tests/fixtures");
    copy_tree(&fixtures.join("articles"), &library.join("crawled"));
    copy_tree(&fixtures.join("ocr"), &library.join("ocr"));
    std::fs::write(library.join("mixed-times-2024-05-06.md"), TRICKY).expect("written");
    let index = dir.path().join("index");
    let sources = discover(&library);
    let origins = |folder: &str| {
        use kanbao::library::sources::Origin;
        sources
            .editions
            .iter()
            .filter(|e| {
                let path = match &e.origin {
                    Origin::File(p) | Origin::Folder(p) => p.as_path(),
                    Origin::Other(found) => found.path(),
                    Origin::Sample => Path::new(""),
                };
                path.starts_with(library.join(folder))
            })
            .count()
    };
    assert!(origins("crawled") >= 2, "crawler folders are editions");
    assert!(origins("ocr") >= 4, "OCR pages and folders are editions");
    update(&index, &sources, UpdateOptions::default());
    let texts = article_texts(&library);
    Mixed {
        _dir: dir,
        library,
        index,
        sources,
        texts,
    }
}

fn mixed() -> &'static Mixed {
    static MIXED: OnceLock<Mixed> = OnceLock::new();
    MIXED.get_or_init(mixed_library)
}

fn mixed_texts() -> &'static [String] {
    &mixed().texts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// On crawler folders and OCR pages too, the index gives the scan's results, hit for hit.
    #[test]
    fn the_index_finds_exactly_what_the_scan_finds_in_crawled_and_ocr_editions(
        text in queries_of(pieces_of(mixed_texts)),
        limit in prop::option::of(1usize..6),
    ) {
        index_agrees_with_scan(&mixed().sources, &mixed().index, &text, limit)?;
    }
}

/// The OCR reader joins a page's title lines with ` — ` (and drops the masthead's debris between
/// them): a phrase across that join is in the loaded text, which the index holds, and nowhere
/// in the file's bytes, so the scan reads OCR pages whole instead of trusting its raw test.
#[test]
fn a_phrase_across_joined_ocr_title_lines_is_found_by_the_scan_as_by_the_index() {
    let mixed = mixed();
    let index = opened(&mixed.index);
    for text in ["headline:\"wtll —\"", "\"Orewtll — URE\""] {
        let query = Query::parse(text).expect(text);
        let (scan, indexed) = both(&mixed.sources, &index, &query, &Filters::default());
        assert_eq!(scan.len(), 1, "{text}: {scan:?}");
        assert_eq!(indexed.hits, scan, "{text}");
    }
}

/// With a limit, the scan loads first the editions whose date only loading tells (an OCR page
/// named `sn83045211-19160424-seq-1.txt`): one of them may be newer than every dated one, so
/// stopping at the limit before it gave older results than the newest.
#[test]
fn a_limited_scan_keeps_editions_dated_only_when_loaded_in_their_place() {
    let mixed = mixed();
    let query = Query::parse("\"sta\" page:1").expect("parses");
    let limited = Filters {
        limit: Some(3),
        ..Filters::default()
    };
    let all = search::search(&mixed.sources.editions, &query, &Filters::default()).hits;
    let scan = search::search(&mixed.sources.editions, &query, &limited).hits;
    assert_eq!(scan, all[..3.min(all.len())], "the newest three of all");
    assert!(
        scan.iter().any(|h| h.date.as_deref() == Some("1916-04-24")),
        "{scan:?}"
    );
    let index = opened(&mixed.index);
    let (_, indexed) = both(&mixed.sources, &index, &query, &limited);
    assert_eq!(indexed.hits, scan);
}

/// A crawler folder that lost an article's file: that edition is read directly (and only it)
/// until the next update, its lost article found by neither; then the index answers again.
#[test]
fn a_crawler_folder_that_lost_a_file_is_read_until_it_is_indexed_again() {
    let mixed = mixed_library();
    let folder = mixed.library.join("crawled/renmin-ribao-2026-08-22");
    let lost = folder.join("01-02.txt");
    let lost_text = article_texts(&mixed.library)
        .into_iter()
        .find(|t| {
            std::fs::read_to_string(&lost)
                .expect("the fixture")
                .lines()
                .any(|l| !l.trim().is_empty() && t.lines().next() == Some(l.trim()))
        })
        .expect("the lost article's text");
    let headline = lost_text.lines().next().expect("a headline").to_owned();
    let queries: Vec<Query> = [
        format!("\"{headline}\""),
        "本报".to_owned(),
        "的 OR the".to_owned(),
    ]
    .iter()
    .map(|q| Query::parse(q).expect("parses"))
    .collect();
    let index = opened(&mixed.index);
    let (scan, indexed) = both(&mixed.sources, &index, &queries[0], &Filters::default());
    assert!(!scan.is_empty(), "found while the file is there");
    assert_eq!(indexed.hits, scan);
    std::fs::remove_file(&lost).expect("removed");
    let sources = discover(&mixed.library);
    let stale = stale_ids(&sources, &index);
    assert_eq!(stale.len(), 1, "only the folder that changed: {stale:?}");
    answers_as_the_scan(&sources, &index, &queries, Coverage::Partial);
    let (scan, _) = both(&sources, &index, &queries[0], &Filters::default());
    assert!(
        scan.iter()
            .all(|h| !h.id().starts_with("renmin-ribao-2026-08-22/")),
        "the lost article is gone: {scan:?}"
    );
    let report = update(&mixed.index, &sources, UpdateOptions::default());
    assert_eq!(report.indexed, 1);
    let index = opened(&mixed.index);
    answers_as_the_scan(&sources, &index, &queries, Coverage::Complete);
}

/// A feed file that gained a day: the editions it holds are read from it (and only they) until
/// the next update; the others are answered from the index; the results are the scan's.
#[test]
fn a_feed_file_that_gained_a_day_is_read_until_it_is_indexed_again() {
    let feeds = feed_library(5);
    let queries: Vec<Query> = ["\"新闻\"", "本报", "群众 OR 发展", "救助"]
        .iter()
        .chain(&[feed_text(9, 2).lines().next().unwrap_or("无题")])
        .map(|q| Query::parse(q).expect("parses"))
        .collect();
    // The newest file now also holds the items of day 9 (2025-01-10).
    write_feed(&feeds.library, 4, Some(9));
    let sources = discover(&feeds.library);
    assert_eq!(sources.editions.len(), 6);
    let index = opened(&feeds.index);
    let stale = stale_ids(&sources, &index);
    // The new day and the two days the file held before (its own, and the day before it).
    assert_eq!(stale.len(), 3, "{stale:?}");
    answers_as_the_scan(&sources, &index, &queries, Coverage::Partial);
    let report = update(&feeds.index, &sources, UpdateOptions::default());
    assert_eq!((report.indexed, report.unchanged), (3, 3));
    let index = opened(&feeds.index);
    answers_as_the_scan(&sources, &index, &queries, Coverage::Complete);
}

/// With the discovery cache warm, a search of an indexed feed library opens no feed file: a
/// file whose bytes are replaced by blanks of the same size, its modification time put back,
/// still answers with the articles it held when it was indexed.
#[test]
fn an_indexed_feed_library_is_searched_without_opening_its_files() {
    let feeds = feed_library(3);
    let cache_file = feeds.library.with_file_name("library-cache.json");
    let cached = || {
        let mut cache = kanbao::library::cache::MetaCache::open(&cache_file);
        Sources::discover_cached(std::slice::from_ref(&feeds.library), Some(&mut cache))
    };
    let sources = cached();
    let query = Query::parse("本报 OR 新闻 OR 的").expect("parses");
    let index = opened(&feeds.index);
    let before = search::search_with(
        &sources.editions,
        &query,
        &Filters::default(),
        Order::Newest,
        Some(&index),
    );
    assert_eq!(before.coverage, Coverage::Complete);
    assert!(!before.hits.is_empty());
    for day in 0..3 {
        let path = feeds
            .library
            .join(format!("feed-2025-01-{:02}.xml", day + 1));
        let meta = std::fs::metadata(&path).expect("stat");
        let len = usize::try_from(meta.len()).expect("a size");
        replace(&path, &vec![b' '; len]);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(meta.modified().expect("an mtime")))
            .expect("the time is put back");
    }
    let sources = cached();
    let after = search::search_with(
        &sources.editions,
        &query,
        &Filters::default(),
        Order::Newest,
        Some(&index),
    );
    assert_eq!(after.coverage, Coverage::Complete);
    assert_eq!(after.hits, before.hits);
    assert!(after.problems.is_empty(), "{:?}", after.problems);
}

#[test]
fn hand_written_cases_agree_with_the_scan() {
    let fixture = fixture();
    let index = opened(&fixture.index);
    for text in [
        "徐  隽",
        "\"徐  隽\"",
        "\"王  芳\"",
        "王 芳",
        "iphone手机",
        "\"river park\"",
        "ark",
        "parking",
        "kelvin",
        "\u{212a}elvin",
        "café",
        "ＡＰＰ",
        "１０万",
        "abc大学",
        "well-known",
        "\"10:30\"",
        "example.org/a.b",
        "救 助",
        "救助站",
        "量子纠缠观测站",
        "智慧养老服务中心",
    ] {
        let query = Query::parse(text).expect(text);
        let (scan, indexed) = both(&fixture.sources, &index, &query, &Filters::default());
        assert_eq!(indexed.hits, scan, "{text}");
        assert_eq!(indexed.coverage, Coverage::Complete, "{text}");
    }
    // Something is found: the cases are not vacuous. (The loader closes up the spaced name in
    // a byline; in running text the spaces stay. `社会救助` runs on pages 1 and 2: it is found
    // once, at its first printing.)
    for (text, found) in [("徐隽 river", 1), ("\"王  芳\" 救助站", 1), ("王芳", 0)] {
        let query = Query::parse(text).expect("parses");
        let (scan, indexed) = both(&fixture.sources, &index, &query, &Filters::default());
        assert_eq!((scan.len(), indexed.hits.len()), (found, found), "{text}");
    }
    let query = Query::parse("救助站").expect("parses");
    let (scan, _) = both(&fixture.sources, &index, &query, &Filters::default());
    assert_eq!(scan[0].page(), "1", "the first printing is the one found");
}

/// A name printed only in a photo's credit, and words only in its caption, are found through
/// the index as through the scan, with and without `credit:` / `caption:`; through the
/// command line too, with the index and with `--scan`.
#[test]
fn captions_and_credits_are_found_through_the_index_and_the_scan() {
    let fixture = fixture();
    let index = opened(&fixture.index);
    for (text, found) in [
        ("欧阳晓", 1),
        ("credit:欧阳晓", 1),
        ("byline:欧阳晓", 0),
        ("credit:志愿者", 0),
        ("caption:志愿者", 1),
        ("caption:欧阳晓", 0),
    ] {
        let query = Query::parse(text).expect("parses");
        let (scan, indexed) = both(&fixture.sources, &index, &query, &Filters::default());
        assert_eq!(indexed.hits, scan, "{text}");
        assert_eq!(indexed.coverage, Coverage::Complete, "{text}");
        assert_eq!(scan.len(), found, "{text}");
    }

    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("archive");
    std::fs::create_dir(&library).expect("made");
    std::fs::write(library.join("mixed-times-2024-05-06.md"), TRICKY).expect("written");
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    assert!(run(&cache, &["-L", lib, "index"]).status.success());
    for query in ["欧阳晓", "credit:欧阳晓"] {
        let indexed = json(&run(&cache, &["-L", lib, "search", "--json", query]));
        let scanned = json(&run(
            &cache,
            &["-L", lib, "search", "--json", "--scan", query],
        ));
        assert_eq!(indexed["index"], "complete", "{query}");
        assert_eq!(scanned["index"], "none", "{query}");
        assert_eq!(indexed["count"], 1, "{query}");
        assert_eq!(indexed["results"], scanned["results"], "{query}");
        let snippet = indexed["results"][0]["snippet"]
            .as_str()
            .expect("a snippet");
        assert!(snippet.contains("欧阳晓"), "{query}: {snippet}");
    }
}

/// A copy of the fixture's library and a fresh index of it, for tests that change them.
fn scratch() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("archive");
    write_library(&library, 6, 41).expect("the library is written");
    std::fs::write(library.join("mixed-times-2024-05-06.md"), TRICKY).expect("written");
    let index = dir.path().join("index");
    (dir, library, index)
}

fn discover(library: &Path) -> Sources {
    Sources::discover(&[library.to_owned()])
}

#[test]
fn an_edited_edition_is_scanned_until_it_is_indexed_again() {
    let (_dir, library, dir) = scratch();
    let first = update(&dir, &discover(&library), UpdateOptions::default());
    assert_eq!((first.indexed, first.unchanged), (7, 0));
    let query = Query::parse("蓝鲸观测").expect("parses");
    let file = library.join("mixed-times-2024-05-06.md");
    let edited = TRICKY.replace(
        "# 社会救助",
        "# 蓝鲸观测站启用\n\n蓝鲸观测站今日启用。\n\n# 社会救助",
    );
    std::fs::write(&file, edited).expect("written");
    // The stamp changed (size): the index no longer answers for this edition.
    let sources = discover(&library);
    let index = opened(&dir);
    let (scan, indexed) = both(&sources, &index, &query, &Filters::default());
    assert_eq!(scan.len(), 1);
    assert_eq!(indexed.hits, scan);
    assert_eq!(indexed.coverage, Coverage::Partial);
    // Old text of the edited edition is not found through the index either.
    let gone = Query::parse("PARKING").expect("parses");
    std::fs::write(&file, TRICKY.replace("PARKING", "GARAGE_")).expect("written");
    let sources = discover(&library);
    let (scan, indexed) = both(&sources, &index, &gone, &Filters::default());
    assert!(scan.is_empty());
    assert_eq!(indexed.hits, scan);
    // An update indexes it again; then the index answers for everything.
    let again = update(&dir, &sources, UpdateOptions::default());
    assert_eq!((again.indexed, again.unchanged, again.removed), (1, 6, 0));
    let index = opened(&dir);
    let (scan, indexed) = both(&sources, &index, &gone, &Filters::default());
    assert_eq!((indexed.hits, indexed.coverage), (scan, Coverage::Complete));
}

#[test]
fn a_deleted_edition_leaves_the_results_at_once_and_the_index_at_the_next_update() {
    let (_dir, library, dir) = scratch();
    update(&dir, &discover(&library), UpdateOptions::default());
    let query = Query::parse("PARKING").expect("parses");
    let index = opened(&dir);
    assert_eq!(
        both(&discover(&library), &index, &query, &Filters::default())
            .1
            .hits
            .len(),
        1
    );
    std::fs::remove_file(library.join("mixed-times-2024-05-06.md")).expect("removed");
    let sources = discover(&library);
    let (scan, indexed) = both(&sources, &index, &query, &Filters::default());
    assert!(scan.is_empty());
    assert_eq!((indexed.hits, indexed.coverage), (scan, Coverage::Complete));
    let report = update(&dir, &sources, UpdateOptions::default());
    assert_eq!(
        (report.indexed, report.unchanged, report.removed),
        (0, 6, 1)
    );
}

/// Damage each kind of index file in turn: every search still gives the scan's results, says
/// the index is damaged, and the next update rebuilds it.
#[test]
fn damaged_index_files_never_give_a_wrong_answer_and_are_rebuilt() {
    let (_dir, library, dir) = scratch();
    let sources = discover(&library);
    let query = Query::parse("群众").expect("parses");
    let scan = search::search(&sources.editions, &query, &Filters::default()).hits;
    assert!(!scan.is_empty());
    for (suffix, damage) in [
        ("store", Damage::Truncate),
        ("idx", Damage::Truncate),
        ("term", Damage::Garble),
        ("fast", Damage::Truncate),
        ("json", Damage::Garble),
    ] {
        update(&dir, &sources, UpdateOptions::default());
        let victims: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("the index folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == suffix))
            .collect();
        assert!(!victims.is_empty(), "{suffix}");
        for victim in &victims {
            damage.apply(victim);
        }
        match SearchIndex::open(&dir) {
            Err(err) => assert!(err.to_string().contains("damaged"), "{suffix}: {err}"),
            Ok(None) => panic!("{suffix}: the damaged index is not noticed"),
            Ok(Some(index)) => {
                let outcome = search::search_with(
                    &sources.editions,
                    &query,
                    &Filters::default(),
                    Order::Newest,
                    Some(&index),
                );
                assert_eq!(outcome.hits, scan, "{suffix}");
                if outcome.index_problem.is_none() {
                    // Damage that reading did not meet: the checksums find it.
                    let report = update(
                        &dir,
                        &sources,
                        UpdateOptions {
                            verify: true,
                            ..UpdateOptions::default()
                        },
                    );
                    assert_eq!(report.indexed, 7, "{suffix}: rebuilt from the checksums");
                    continue;
                }
            }
        }
        let report = update(&dir, &sources, UpdateOptions::default());
        assert_eq!(report.indexed, 7, "{suffix}: rebuilt");
        let outcome = search::search_with(
            &sources.editions,
            &query,
            &Filters::default(),
            Order::Newest,
            Some(&opened(&dir)),
        );
        assert_eq!(
            (&outcome.hits, outcome.coverage),
            (&scan, Coverage::Complete),
            "{suffix}"
        );
    }
}

#[derive(Clone, Copy)]
enum Damage {
    Truncate,
    Garble,
}

impl Damage {
    fn apply(self, path: &Path) {
        let mut bytes = std::fs::read(path).expect("readable");
        match self {
            Damage::Truncate => bytes.truncate(bytes.len() / 2),
            Damage::Garble => {
                for at in (0..bytes.len()).step_by(7) {
                    bytes[at] ^= 0x5a;
                }
            }
        }
        replace(path, &bytes);
    }
}

/// Puts `bytes` in place of the file at `path` as a new file renamed over it, the way a copy or
/// a restore lands on disk. Rewriting the file in place would shrink it under any mapping this
/// process still holds of it (the index library maps its files), and reading past the end of a
/// mapping is SIGBUS for the whole test binary.
fn replace(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("kanbao-test-tmp");
    std::fs::write(&tmp, bytes).expect("written");
    std::fs::rename(&tmp, path).expect("renamed");
}

fn kanbao(cache: &Path, args: &[&str]) -> Command {
    let mut command = support::cli::kanbao();
    command
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env("XDG_CONFIG_HOME", cache.join("no-config"))
        .env("NO_COLOR", "1");
    command
}

fn run(cache: &Path, args: &[&str]) -> Output {
    kanbao(cache, args).output().expect("kanbao runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// A build killed while it runs keeps what it committed; the next build indexes the rest, and
/// the index then answers as the scan does.
#[test]
fn a_killed_build_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("archive");
    // Enough editions that a build takes a few seconds in a debug build.
    write_library(&library, 120, 7).expect("the library is written");
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    let mut child = kanbao(&cache, &["-L", lib, "index"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("kanbao starts");
    let index_dir = index::dir_in(&cache.join("kanbao"), std::slice::from_ref(&library));
    let deadline = Instant::now() + Duration::from_secs(120);
    // Kill it once a commit holds some editions.
    loop {
        let committed = SearchIndex::open(&index_dir)
            .ok()
            .flatten()
            .map_or(0, |i| i.editions());
        if committed > 0 || Instant::now() > deadline {
            break;
        }
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    child.wait().expect("reaped");
    let before = SearchIndex::open(&index_dir)
        .expect("opens")
        .map_or(0, |i| i.editions());
    assert!(before > 0, "a commit was made before the kill");
    let again = run(&cache, &["-L", lib, "index"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let said = String::from_utf8_lossy(&again.stdout);
    if before < 120 {
        assert!(said.contains(&format!("{before} unchanged")), "{said}");
    }
    let indexed = run(&cache, &["-L", lib, "search", "--json", "群众 OR 发展"]);
    let scanned = run(
        &cache,
        &["-L", lib, "search", "--json", "--scan", "群众 OR 发展"],
    );
    let (indexed, scanned) = (json(&indexed), json(&scanned));
    assert_eq!(indexed["index"], "complete");
    assert_eq!(scanned["index"], "none");
    assert_eq!(indexed["results"], scanned["results"]);
    assert_eq!(indexed["counts"], scanned["counts"]);
}

/// The reader's background update stops at a quit (its cancel flag) between editions and keeps
/// what it did: the editions done are committed, and the next update indexes only the rest.
#[test]
fn a_cancelled_update_keeps_what_it_did_and_the_next_one_does_the_rest() {
    let (_dir, library, dir) = scratch();
    let sources = discover(&library);
    let cancel = AtomicBool::new(false);
    let options = UpdateOptions {
        threads: Some(1),
        ..UpdateOptions::default()
    };
    let stop_after_three = |p: index::Progress| {
        if p.done >= 3 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let first = index::update(&dir, &sources.editions, options, &stop_after_three, &cancel)
        .expect("a cancelled update ends cleanly");
    assert_eq!(first.indexed, 3);
    assert_eq!(opened(&dir).editions(), 3);
    let second = update(&dir, &sources, options);
    assert_eq!((second.indexed, second.unchanged), (4, 3));
    let index = opened(&dir);
    let query = Query::parse("群众 OR PARKING").expect("parses");
    let (scan, indexed) = both(&sources, &index, &query, &Filters::default());
    assert_eq!((indexed.hits, indexed.coverage), (scan, Coverage::Complete));
}

/// Two kanbao processes updating one index at once: the second waits for the first, neither
/// fails, and the index is whole.
#[test]
fn two_processes_updating_at_once_leave_a_whole_index() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("archive");
    write_library(&library, 30, 3).expect("the library is written");
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    let spawn = || {
        kanbao(&cache, &["-L", lib, "index"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kanbao starts")
    };
    let (first, second) = (spawn(), spawn());
    let (first, second) = (
        first.wait_with_output().expect("runs"),
        second.wait_with_output().expect("runs"),
    );
    for out in [&first, &second] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&second.stdout)
    );
    // One of them indexed everything, the other found it done (or did the rest).
    assert!(
        said.contains("indexed 30 editions") || said.contains("30 unchanged"),
        "{said}"
    );
    // A writer that must not wait (the reader's) gives up at once while another writes.
    let index_dir = index::dir_in(&cache.join("kanbao"), std::slice::from_ref(&library));
    let held = std::fs::File::create(index_dir.with_extension("lock")).expect("the lock file");
    held.lock().expect("locked");
    let busy = index::update(
        &index_dir,
        &discover(&library).editions,
        UpdateOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    );
    assert!(
        matches!(busy, Err(index::IndexError::Busy { .. })),
        "{busy:?}"
    );
    drop(held);
    let indexed = json(&run(&cache, &["-L", lib, "search", "--json", "群众"]));
    let scanned = json(&run(
        &cache,
        &["-L", lib, "search", "--json", "--scan", "群众"],
    ));
    assert_eq!(indexed["index"], "complete");
    assert_eq!(indexed["results"], scanned["results"]);
}

#[test]
fn search_says_how_much_the_index_answered() {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    let none = json(&run(&cache, &["-L", lib, "search", "--json", "PARKING"]));
    assert_eq!(none["index"], "none");
    let built = run(&cache, &["-L", lib, "index"]);
    let said = String::from_utf8_lossy(&built.stdout);
    assert!(said.starts_with("indexed 7 editions ("), "{said}");
    let complete = json(&run(&cache, &["-L", lib, "search", "--json", "PARKING"]));
    assert_eq!(complete["index"], "complete");
    assert_eq!(complete["results"], none["results"]);
    assert_eq!(complete["count"], 1);
    std::fs::write(
        library.join("late-news-2024-05-07.md"),
        "# PARKING lot opens\n\nIt opened.\n",
    )
    .expect("written");
    let partial = run(&cache, &["-L", lib, "search", "--json", "PARKING"]);
    let stderr = String::from_utf8_lossy(&partial.stderr);
    assert!(stderr.contains("not in the search index yet"), "{stderr}");
    let partial = json(&partial);
    assert_eq!(partial["index"], "partial");
    assert_eq!(partial["count"], 2);
    assert_eq!(partial["counts"]["years"]["2024"], 2);
    // --sort relevance and --limit, through the index.
    let best = json(&run(
        &cache,
        &[
            "-L",
            lib,
            "search",
            "--json",
            "--sort",
            "relevance",
            "--limit",
            "1",
            "群众",
        ],
    ));
    assert_eq!(best["count"], 1);
    assert!(best["found"].as_u64().expect("a count") >= 1);
}

#[test]
fn queries_with_nothing_searchable_are_refused_with_a_message() {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    for query in ["，。", "-广告", "paper:许昌"] {
        let out = run(&cache, &["-L", lib, "search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert!(out.stdout.is_empty(), "{query}");
        assert!(!out.stderr.is_empty(), "{query}");
    }
}

#[test]
fn a_library_that_lists_nothing_leaves_the_index_as_it_was() {
    let (_dir, library, dir) = scratch();
    update(&dir, &discover(&library), UpdateOptions::default());
    let report = update(&dir, &Sources::default(), UpdateOptions::default());
    assert_eq!((report.indexed, report.removed), (0, 0));
    assert_eq!(opened(&dir).editions(), 7);
}

/// A query is bounded before it runs: a pasted article of 15,000 words is refused with the
/// limits, a word of 450 letters is searched (the index has no regex to outgrow) and leaves the
/// index intact, and the echo of a query in `--json` carries no control or bidi character.
#[test]
fn hostile_queries_are_bounded_and_never_damage_the_index() {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    assert!(run(&cache, &["-L", lib, "index"]).status.success());

    // 105 KB: as much as one argument may hold (the reader's paste is capped the same way).
    let pasted = vec!["zephyr"; 15_000].join(" ");
    let out = run(&cache, &["-L", lib, "search", &pasted]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("at most 1000"), "{stderr}");
    let many = (0..40)
        .map(|n| format!("w{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    let out = run(&cache, &["-L", lib, "search", &many]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most 32"));

    let long_word = "a".repeat(450);
    for query in [long_word.as_str(), &format!("x{long_word}"), "park", "ARK"] {
        let indexed = json(&run(&cache, &["-L", lib, "search", "--json", query]));
        assert_eq!(indexed["index"], "complete", "{query}");
        let scanned = json(&run(
            &cache,
            &["-L", lib, "search", "--json", "--scan", query],
        ));
        assert_eq!(indexed["results"], scanned["results"], "{query}");
    }
    // Nothing was marked damaged: the next update has nothing to do.
    let again = run(&cache, &["-L", lib, "index"]);
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("up to date") || said.starts_with("indexed 0"),
        "{said}"
    );

    let sneaky = "PARK\u{9b}31m\u{202e}ING\u{1b}]52;c;aGk=\u{7}";
    let out = json(&run(&cache, &["-L", lib, "search", "--json", sneaky]));
    let echoed = serde_json::to_string(&[&out["query"], &out["terms"]]).expect("JSON");
    for c in ['\u{9b}', '\u{202e}', '\u{1b}', '\u{7}'] {
        assert!(!echoed.contains(c), "{c:?} in {echoed}");
    }
}

/// Bits flipped anywhere in the index's files (a bad disk, a copy cut short then patched): the
/// index is opened and searched in this process, and nothing panics out of kanbao; an answer
/// said to come whole from the index is exactly the scan's.
#[test]
fn flipped_bits_never_panic_and_never_give_a_wrong_complete_answer() {
    let (_dir, library, dir) = scratch();
    let sources = discover(&library);
    update(&dir, &sources, UpdateOptions::default());
    let pristine: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the index folder")
        .filter_map(Result::ok)
        .map(|e| (e.path(), std::fs::read(e.path()).expect("readable")))
        .collect();
    let queries = ["群众", "PARKING", "park"].map(|q| Query::parse(q).expect("parses"));
    let scans: Vec<Vec<Hit>> = queries
        .iter()
        .map(|q| search::search(&sources.editions, q, &Filters::default()).hits)
        .collect();
    // A fixed-seed generator: every run flips the same bits.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % below as u64).expect("fits")
    };
    let (mut refused, mut answered) = (0, 0);
    for _ in 0..80 {
        for (path, bytes) in &pristine {
            replace(path, bytes);
        }
        let (path, bytes) = &pristine[next(pristine.len())];
        let mut damaged = bytes.clone();
        if damaged.is_empty() {
            continue;
        }
        for _ in 0..=next(8) {
            let at = next(damaged.len());
            damaged[at] ^= 1 << next(8);
        }
        replace(path, &damaged);
        let opened = std::panic::catch_unwind(|| SearchIndex::open(&dir));
        let Ok(opened) = opened else {
            panic!("opening {} with flipped bits panicked", path.display());
        };
        let Ok(Some(index)) = opened else {
            refused += 1;
            continue;
        };
        for (query, scan) in queries.iter().zip(&scans) {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                search::search_with(
                    &sources.editions,
                    query.clone(),
                    &Filters::default(),
                    Order::Newest,
                    Some(&index),
                )
            }))
            .unwrap_or_else(|_| panic!("searching {} with flipped bits panicked", path.display()));
            if outcome.coverage == Coverage::Complete && outcome.index_problem.is_none() {
                answered += 1;
                assert_eq!(
                    &outcome.hits,
                    scan,
                    "a complete answer with {} damaged",
                    path.display()
                );
            }
        }
    }
    assert!(refused > 0, "some damage is found");
    assert!(answered + refused > 0);
}

/// The index folder's files as kanbao finds them in the cache after `kanbao index`.
fn index_folder(cache: &Path) -> PathBuf {
    let parent = cache.join("kanbao").join("index");
    std::fs::read_dir(&parent)
        .expect("an index was built")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("one index folder")
}

/// Runs kanbao and fails the test if it has not finished within a minute (a hang on a FIFO).
/// Its output goes to files, so a long answer never blocks it on a full pipe.
fn run_bounded(cache: &Path, args: &[&str]) -> Output {
    let out = tempfile::tempfile().expect("a temp file");
    let err = tempfile::tempfile().expect("a temp file");
    let mut child = kanbao(cache, args)
        .stdout(out.try_clone().expect("cloned"))
        .stderr(err.try_clone().expect("cloned"))
        .spawn()
        .expect("kanbao runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("kanbao {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |mut file: std::fs::File| {
        use std::io::{Read as _, Seek as _};
        let mut bytes = Vec::new();
        file.rewind().expect("rewound");
        file.read_to_end(&mut bytes).expect("read");
        bytes
    };
    Output {
        status,
        stdout: read(out),
        stderr: read(err),
    }
}

/// A [`scratch`] library, a cache folder for its index, and what the scan answers for 群众.
fn scratch_scanned() -> (tempfile::TempDir, PathBuf, String, serde_json::Value) {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8").to_owned();
    let scanned = json(&run(
        &cache,
        &["-L", &lib, "search", "--json", "--scan", "群众"],
    ));
    (dir, cache, lib, scanned)
}

/// The index of `lib` in `cache` was damaged (`what`): a search for 群众 answers as the scan did
/// (`scanned`) and says the index is damaged, and `kanbao index` then makes one that answers
/// the same, complete.
fn damage_is_answered_by_the_scan_and_rebuilt(
    cache: &Path,
    lib: &str,
    scanned: &serde_json::Value,
    what: &str,
) {
    let out = run_bounded(cache, &["-L", lib, "search", "--json", "群众"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: {stderr}");
    assert!(stderr.contains("damaged"), "{what}: {stderr}");
    assert_eq!(json(&out)["results"], scanned["results"], "{what}");
    assert!(
        run_bounded(cache, &["-L", lib, "index"]).status.success(),
        "{what}"
    );
    let again = json(&run_bounded(
        cache,
        &["-L", lib, "search", "--json", "群众"],
    ));
    assert_eq!(again["index"], "complete", "{what}: rebuilt");
    assert_eq!(again["results"], scanned["results"], "{what}: rebuilt");
}

/// What is not a regular file in the index folder (a FIFO, a link to /dev/zero) is damage: the
/// search answers by scanning and says so, and the next `kanbao index` rebuilds; links beside
/// the folder (its lock, its damage mark) are never followed.
#[cfg(unix)]
#[test]
fn fifos_and_links_in_the_index_are_damage_not_hangs() {
    let (dir, cache, lib, scanned) = scratch_scanned();
    let lib = lib.as_str();
    for victim in ["meta.json", ".managed.json", "segment"] {
        assert!(
            run_bounded(&cache, &["-L", lib, "index", "--rebuild"])
                .status
                .success()
        );
        let folder = index_folder(&cache);
        let path = if victim == "segment" {
            std::fs::read_dir(&folder)
                .expect("listed")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "store"))
                .expect("a store file")
        } else {
            folder.join(victim)
        };
        std::fs::remove_file(&path).expect("removed");
        if victim == ".managed.json" {
            std::os::unix::fs::symlink("/dev/zero", &path).expect("linked");
        } else {
            let made = Command::new("mkfifo")
                .arg(&path)
                .status()
                .expect("mkfifo runs");
            assert!(made.success());
        }
        damage_is_answered_by_the_scan_and_rebuilt(&cache, lib, &scanned, victim);
    }
    // A planted link in place of the lock or the damage mark: its target is never written.
    let folder = index_folder(&cache);
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").expect("written");
    let name = folder
        .file_name()
        .expect("named")
        .to_string_lossy()
        .into_owned();
    for suffix in ["lock", "damaged"] {
        let link = folder.with_file_name(format!("{name}.{suffix}"));
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).expect("linked");
    }
    let out = run_bounded(&cache, &["-L", lib, "index", "--rebuild"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).expect("kept"), "keep me");
}

/// Past `ulimit -f`, the index build is refused a write: kanbao says so, with the folder, and
/// exits 1 instead of dying by SIGXFSZ (exit 153) in the middle of the build.
#[cfg(unix)]
#[test]
fn a_file_size_limit_is_a_message_not_a_signal_death() {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let script = format!("ulimit -f 16; exec \"$0\" -L '{}' index", library.display());
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(support::cli::BIN)
        .env("XDG_CACHE_HOME", &cache)
        .env("XDG_CONFIG_HOME", cache.join("no-config"))
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write (file too large)"), "{stderr}");
    assert_eq!(
        stderr.matches("too large").count(),
        1,
        "said once: {stderr}"
    );
}

/// `-L archive` and `-L /abs/archive` read the same files: one spelling does not make the index
/// stale for the other.
#[test]
fn the_library_path_may_be_spelled_either_way() {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let abs = library.to_str().expect("UTF-8");
    assert!(run(&cache, &["-L", abs, "index"]).status.success());
    let relative = |args: &[&str]| {
        kanbao(&cache, args)
            .current_dir(dir.path())
            .output()
            .expect("kanbao runs")
    };
    let found = json(&relative(&["-L", "archive", "search", "--json", "群众"]));
    assert_eq!(found["index"], "complete");
    let again = relative(&["-L", "archive", "index"]);
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("up to date") || said.starts_with("indexed 0"),
        "{said}"
    );
    let found = json(&run(&cache, &["-L", abs, "search", "--json", "群众"]));
    assert_eq!(found["index"], "complete");
}

/// A damaged `meta.json` padded to a megabyte is reported in a line, not quoted whole.
#[test]
fn a_damaged_meta_json_is_not_quoted_whole() {
    let (dir, library, _) = scratch();
    let cache = dir.path().join("cache");
    let lib = library.to_str().expect("UTF-8");
    assert!(run(&cache, &["-L", lib, "index"]).status.success());
    let meta = index_folder(&cache).join("meta.json");
    let mut bytes = std::fs::read(&meta).expect("read");
    bytes.splice(
        1..1,
        "\"x\": \""
            .bytes()
            .chain(std::iter::repeat_n(b'y', 1 << 20)),
    );
    replace(&meta, &bytes);
    let out = run(&cache, &["-L", lib, "search", "群众"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(stderr.len() < 2000, "{} bytes of messages", stderr.len());
}

/// The index's table of contents is a file of its own, named by its checksum: a commit leaves
/// one or two of them, and one that was changed on disk or is missing is damage, so the
/// search answers by scanning, says so, and the next `kanbao index` rebuilds.
#[test]
fn a_damaged_or_missing_manifest_is_damage_and_the_scan_answers() {
    let (_dir, cache, lib, scanned) = scratch_scanned();
    let lib = lib.as_str();
    let manifests = |folder: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(folder)
            .expect("listed")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("manifest-"))
            })
            .collect()
    };
    for damage in ["changed", "missing"] {
        assert!(
            run(&cache, &["-L", lib, "index", "--rebuild"])
                .status
                .success()
        );
        let folder = index_folder(&cache);
        let found = manifests(&folder);
        assert!(
            (1..=2).contains(&found.len()),
            "{damage}: {found:?} after a build"
        );
        let meta = std::fs::read_to_string(folder.join("meta.json")).expect("read");
        assert!(
            meta.len() < 10_000,
            "meta.json holds no manifest: {} bytes",
            meta.len()
        );
        for path in &found {
            if damage == "missing" {
                std::fs::remove_file(path).expect("removed");
            } else {
                let mut bytes = std::fs::read(path).expect("read");
                let at = bytes.iter().position(|&b| b == b'1').expect("a digit");
                bytes[at] = b'2';
                replace(path, &bytes);
            }
        }
        damage_is_answered_by_the_scan_and_rebuilt(&cache, lib, &scanned, damage);
    }
}

/// Every result of a common word streams out as it is checked: a reader that takes the first
/// and closes the pipe (`kanbao search 的 | head -1`) stops the search there, and kanbao says
/// so and exits cleanly; read to the end, the output is every result, in the scan's order.
#[test]
fn a_closed_pipe_stops_a_streaming_search() {
    use std::io::{BufRead as _, BufReader};
    let dir = tempfile::tempdir().expect("a temp dir");
    let library = dir.path().join("archive");
    write_library(&library, 24, 7).expect("the library is written");
    let cache = dir.path().join("cache");
    let lib = library.to_string_lossy().into_owned();
    assert!(run(&cache, &["-L", &lib, "index"]).status.success());
    let all = run(&cache, &["-L", &lib, "search", "的"]);
    let listed = String::from_utf8_lossy(&all.stdout).matches("\n\n").count() + 1;
    assert!(
        listed > 1000,
        "{listed} results: more than a first window and a pipe hold"
    );
    assert!(!String::from_utf8_lossy(&all.stderr).contains("stopped"));
    // Checked in runs on every core and handed over in order: the same list as the scan's.
    let scanned = run(&cache, &["-L", &lib, "search", "--scan", "的"]);
    assert!(
        all.stdout == scanned.stdout,
        "the index's {} bytes of results differ from the scan's {}",
        all.stdout.len(),
        scanned.stdout.len()
    );
    let mut child = kanbao(&cache, &["-L", &lib, "search", "的"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kanbao runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a first line");
    assert!(first.contains('/'), "the first result's id: {first:?}");
    // The reader is gone now.
    let out = child.wait_with_output().expect("kanbao ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("before the output was closed; the search stopped there"),
        "{stderr}"
    );
}
