//! `kanbao::fetch` against hostile servers on loopback: pages nested tens of thousands deep, a
//! page of 20,000 links, a feed of 8,000 items on hundreds of pages, a server trickling a
//! byte a second, a feed of many dates, and a redirect to another origin whose robots.txt
//! refuses the target. Each run must end, yield what it can and say what it left; no figure
//! of speed is asserted here (docs/PERFORMANCE.md has them).

mod support;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use kanbao::edition::Block;
use kanbao::fetch::{FetchOptions, Limits, Source, SourceKind, SourceReport, fetch_source};
use kanbao::library::Library;

use support::epaper::retrying_options as options;
use support::fetch_server::{
    DayPage, Payload, Reply, Server, Story, day_source as epaper, serve_day,
};

const DAY: jiff::civil::Date = jiff::civil::date(2026, 8, 21);

fn feed(server: &Server, full_text: bool) -> Source {
    Source {
        name: "harbor".into(),
        paper: Some("Harbor Daily".into()),
        deadline: None,
        kind: SourceKind::Feed {
            url: server.url("/feed.xml"),
            full_text,
        },
    }
}

fn run(source: &Source, dates: &[jiff::civil::Date], opts: &FetchOptions) -> SourceReport {
    fetch_source(source, dates, opts, &mut |_| {}, &AtomicBool::new(false))
}

/// The text of every paragraph of every edition in `into`.
fn paragraphs(into: &Path) -> Vec<String> {
    let library = Library::load(&[into.to_owned()]);
    library
        .editions
        .iter()
        .flat_map(|e| e.pages.iter())
        .flat_map(|p| p.items.iter())
        .flat_map(|i| i.body.iter())
        .filter_map(|b| match b {
            Block::Paragraph(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn rss(items: &str) -> Reply {
    Reply::bytes(
        "application/rss+xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
             <title>Harbor Daily</title>{items}</channel></rss>"
        )
        .into_bytes(),
    )
}

fn item(server: &Server, n: usize, title: &str, extra: &str, day: u32) -> String {
    format!(
        "<item><title>{title}</title><link>{}</link><guid>harbor-{n}</guid>{extra}\
         <pubDate>{day:02} Aug 2026 07:30:00 +0000</pubDate><description>Item {n} in short.</description></item>",
        server.url(&format!("/story-{n}.html"))
    )
}

#[test]
fn a_full_text_page_nested_20000_deep_yields_its_article() {
    let server = Server::start();
    let story = "The council met on Thursday and approved the new ferry line after a long debate.";
    let page = format!(
        "<!DOCTYPE html><html><head><title>Deep</title></head><body><article><h1>Deep</h1>{}{}{}</article></body></html>",
        "<div>".repeat(20_000),
        format!("<p>{story}</p>").repeat(4),
        "</div>".repeat(20_000)
    );
    server.route("/story-1.html", Reply::html(&page));
    server.route("/feed.xml", rss(&item(&server, 1, "Deep", "", 21)));
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&feed(&server, true), &[], &options(dir.path()));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.written.len(), 1);
    assert!(
        paragraphs(dir.path()).iter().any(|p| p.contains(story)),
        "the story's text, read from the full page, is written"
    );
}

/// Fetches a day of one page holding `story` from `server` into `into`: the run fails nothing
/// and writes the one article.
fn fetch_one_story(server: &Server, story: Story, into: &Path) -> SourceReport {
    serve_day(
        server,
        &[DayPage {
            name: "要闻".into(),
            stories: vec![story],
        }],
    );
    let report = run(&epaper(server), &[DAY], &options(into));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.written.first().map(|w| w.articles), Some(1));
    report
}

/// A page of a million tags (tiny elements) is read to its first 100,000: the article's head
/// and first text are written, and a warning names the page and how much of it was read.
#[test]
fn a_page_of_a_million_tags_is_read_to_its_tag_limit() {
    let server = Server::start();
    let mut story = Story::new("很多标签的报道");
    story.paragraphs.push("开头的正文。".to_owned());
    story.paragraphs.extend(vec!["<b>字</b>".repeat(1000); 500]);
    story.paragraphs.push("结尾的正文。".to_owned());
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = fetch_one_story(&server, story, dir.path());
    let text = paragraphs(dir.path());
    assert!(
        text.iter().any(|p| p.contains("开头的正文。")),
        "{:?}",
        &text[..1]
    );
    assert!(
        !text.iter().any(|p| p.contains("结尾的正文。")),
        "read no further"
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("content_") && w.contains("100000 tags")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn an_epaper_article_nested_40000_deep_yields_its_text() {
    let server = Server::start();
    let mut story = Story::new("深层嵌套的报道");
    story.paragraphs.push(format!(
        "{}正文在四万层之下。{}",
        "<div>".repeat(40_000),
        "</div>".repeat(40_000)
    ));
    let dir = tempfile::tempdir().expect("a temp dir");
    fetch_one_story(&server, story, dir.path());
    assert!(
        paragraphs(dir.path())
            .iter()
            .any(|p| p.contains("正文在四万层之下。")),
        "the text under the nesting is kept"
    );
}

#[test]
fn a_page_of_20000_links_is_read_and_each_refusal_reported_once() {
    let server = Server::start();
    let stories: Vec<Story> = (0..3)
        .map(|k| Story::new(&format!("第{k}篇报道")))
        .collect();
    serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories,
        }],
    );
    let mut list = String::new();
    for k in 1..=3 {
        let _ = write!(
            list,
            "<li><a href=\"../../content/202608/21/content_1{k:02}.html\">第{k}篇</a></li>"
        );
    }
    for k in 0..20_000 {
        let _ = write!(
            list,
            "<a href=\"../../content/202608/21/content_9{k}.html\">{k}</a>"
        );
    }
    for k in (0..20_000).step_by(20) {
        // The same article again, by another address of it.
        let _ = write!(
            list,
            "<a href=\"../../content/202608/21/content_9{k}.html?div=0\">{k}</a>"
        );
    }
    server.route(
        "/rmrb/202608/21/node_01.html",
        Reply::html(&format!(
            "<html><head><title>人民日报</title></head><body><div id=\"pageList\">\
             <a href=\"node_01.html\">01版：要闻</a></div><ul>{list}</ul></body></html>"
        )),
    );
    server.route(
        "/robots.txt",
        Reply::bytes(
            "text/plain",
            b"User-agent: *\nAllow: /rmrb/content/202608/21/content_1\nDisallow: /rmrb/content/\n"
                .to_vec(),
        ),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&epaper(&server), &[DAY], &options(dir.path()));
    assert_eq!(report.written.first().map(|w| w.articles), Some(3));
    let refused = report
        .failures
        .iter()
        .filter(|f| f.reason.contains("disallowed by robots.txt"))
        .count();
    assert_eq!(refused, 20_000, "one refusal a distinct link");
    assert_eq!(
        server.total_hits(),
        5,
        "robots.txt, the page and three articles: a refused link is never asked for"
    );
}

#[test]
fn a_feed_of_8000_items_on_600_pages_is_grouped_in_one_pass() {
    let server = Server::start();
    let mut items = String::new();
    for n in 0..8_000 {
        // Half carry a page label (97 pages), half one of 500 desks.
        let piece = if n % 2 == 0 {
            item(
                &server,
                n,
                &format!("[{:02}版：要闻]Item {n}", n % 97 + 1),
                "",
                21,
            )
        } else {
            item(
                &server,
                n,
                &format!("Item {n}"),
                &format!("<category>Desk {}</category>", n % 1000),
                21,
            )
        };
        items.push_str(&piece);
    }
    server.route("/feed.xml", rss(&items));
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&feed(&server, false), &[], &options(dir.path()));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let written = report.written.first().expect("an edition");
    assert_eq!(written.articles, 8_000);
    assert_eq!(written.pages, 97 + 500, "each label and each desk a page");
    let toml = std::fs::read_to_string(written.path.join("edition.toml")).expect("edition.toml");
    // The desks are numbered after the labels items carry, each a number of its own (two
    // desks were once given one number, and their items shared a page).
    assert!(
        toml.contains("\"98\"") && toml.contains("\"597\"") && !toml.contains("\"598\""),
        "desk numbers follow the labels"
    );
}

#[test]
fn a_trickling_server_meets_the_request_and_source_deadlines() {
    let server = Server::start();
    let stories: Vec<Story> = (0..6)
        .map(|k| Story::new(&format!("第{k}篇报道")))
        .collect();
    let paths = serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories,
        }],
    );
    // The first article is served whole; the others a byte a second.
    for path in &paths[0][1..] {
        server.route(
            path,
            Reply {
                status: 200,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: Payload::Trickle(Duration::from_secs(1), vec![b'x'; 500]),
            },
        );
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = FetchOptions {
        limits: Limits {
            request_deadline: Duration::from_secs(1),
            source_deadline: Duration::from_secs(3),
            ..Limits::default()
        },
        ..options(dir.path())
    };
    let report = run(&epaper(&server), &[DAY], &opts);
    let stopped = report.stopped.clone().expect("the source stopped");
    assert!(
        stopped.starts_with("source 'rmrb' stopped at its 3 s deadline"),
        "{stopped}"
    );
    assert!(stopped.contains("saved 1 edition"), "{stopped}");
    assert!(stopped.contains("incomplete"), "{stopped}");
    assert!(
        report.failures.iter().any(|f| f
            .reason
            .contains("no complete answer within the 1 s request deadline")),
        "a trickling request ends at its deadline: {:?}",
        report.failures
    );
    assert!(
        report
            .failures
            .iter()
            .all(|f| !f.reason.contains("retries")),
        "a request out of time is not retried: {:?}",
        report.failures
    );
    let written = report.written.first().expect("the edition so far");
    assert!(!written.complete);
    assert_eq!(written.articles, 1, "the article served whole");
    // Served whole again, the next run completes what the deadline left.
    let _ = serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories: (0..6)
                .map(|k| Story::new(&format!("第{k}篇报道")))
                .collect(),
        }],
    );
    let again = run(&epaper(&server), &[DAY], &options(dir.path()));
    assert_eq!(again.stopped, None);
    assert!(
        again
            .written
            .first()
            .is_some_and(|w| w.complete && w.articles == 6)
    );
}

#[test]
fn a_run_writes_at_most_its_editions_and_files() {
    let server = Server::start();
    let items: String = (1..=20)
        .map(|day| item(&server, day as usize, &format!("Day {day}"), "", day))
        .collect();
    server.route("/feed.xml", rss(&items));
    let capped = |dir: &Path, limits: Limits| FetchOptions {
        limits,
        ..options(dir)
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = capped(
        dir.path(),
        Limits {
            max_editions: 12,
            ..Limits::default()
        },
    );
    let report = run(&feed(&server, false), &[], &opts);
    assert_eq!(report.written.len(), 12);
    let stopped = report.stopped.clone().expect("the source stopped");
    assert!(
        stopped.contains("stopped after 12 editions")
            && stopped.contains("'max_editions' in [fetch]")
            && stopped.contains("8 more editions wait for the next fetch"),
        "{stopped}"
    );
    let again = run(&feed(&server, false), &[], &opts);
    assert_eq!(again.written.len(), 8, "the next run writes the rest");
    assert_eq!(again.stopped, None);

    // Three files an edition (a page, edition.toml, fetch.json): seven files allow three.
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = capped(
        dir.path(),
        Limits {
            max_files: 7,
            ..Limits::default()
        },
    );
    let report = run(&feed(&server, false), &[], &opts);
    assert_eq!(report.written.len(), 3);
    let stopped = report.stopped.clone().expect("the source stopped");
    assert!(
        stopped.contains("stopped after writing 9 files") && stopped.contains("'max_files'"),
        "{stopped}"
    );
}

#[test]
fn a_redirect_to_another_origin_reads_its_robots_txt_first() {
    let server = Server::start();
    let other = Server::start();
    let stories: Vec<Story> = (0..2)
        .map(|k| Story::new(&format!("第{k}篇报道")))
        .collect();
    let paths = serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories,
        }],
    );
    other.route(
        "/robots.txt",
        Reply::bytes(
            "text/plain",
            b"User-agent: *\nDisallow: /private/\n".to_vec(),
        ),
    );
    other.route(
        "/private/story.html",
        Reply::html(&Story::new("不该读到").page(1)),
    );
    other.route(
        "/open/story.html",
        Reply::html(&Story::new("另一站的报道").page(1)),
    );
    server.route(
        &paths[0][0],
        Reply::redirect(&other.url("/private/story.html")),
    );
    server.route(
        &paths[0][1],
        Reply::redirect(&other.url("/open/story.html")),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&epaper(&server), &[DAY], &options(dir.path()));
    assert_eq!(
        other.hits("/robots.txt"),
        1,
        "the other origin's robots.txt, read once"
    );
    assert_eq!(
        other.hits("/private/story.html"),
        0,
        "a disallowed target is never asked for"
    );
    assert_eq!(other.hits("/open/story.html"), 1);
    let refused = other.url("/private/story.html");
    assert!(
        report.failures.iter().any(|f| f
            .reason
            .contains(&format!("disallowed by robots.txt: '{refused}'"))),
        "the refusal names the redirect's target: {:?}",
        report.failures
    );
    assert_eq!(report.written.first().map(|w| w.articles), Some(1));
}
