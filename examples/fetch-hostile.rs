//! Hostile fetch probe: serves one hostile shape on loopback and fetches it with no delay,
//! printing what was written and the time taken. Run it under `/usr/bin/time -f "%e s %M KB"`
//! for the peak memory (which includes the in-process server's copy of the fixture).
//!
//! ```text
//! cargo run --release --example fetch-hostile -- deep 20000     # a full-text feed item nested N <div>s deep
//! cargo run --release --example fetch-hostile -- epaper-deep 40000  # an e-paper article nested N deep
//! cargo run --release --example fetch-hostile -- feed 8000      # N items with page labels and categories
//! cargo run --release --example fetch-hostile -- links 100000   # a page linking N distinct articles
//! cargo run --release --example fetch-hostile -- big 20         # an article page of N MB
//! cargo run --release --example fetch-hostile -- big-tags 20    # N MB of one-character elements
//! ```

#[path = "../tests/support/fetch_server.rs"]
mod support;

use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kanbao::fetch::{FetchOptions, Selectors, Source, SourceKind, fetch_source};
use support::{DayPage, Reply, Server, Story, day_source_with, serve_day};

fn main() {
    let mut args = std::env::args().skip(1);
    let shape = args.next().unwrap_or_else(|| "deep".to_owned());
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let server = Server::start();
    let source = match shape.as_str() {
        "deep" => deep_feed(&server, n),
        "epaper-deep" => epaper(&server, &deep_story(n)),
        "feed" => labelled_feed(&server, n),
        "links" => many_links(&server, n),
        "big" => epaper(&server, &big_story(n)),
        "big-tags" => epaper(&server, &tiny_tags_story(n)),
        other => {
            eprintln!("unknown shape '{other}': deep, epaper-deep, feed, links, big, big-tags");
            std::process::exit(2);
        }
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = FetchOptions {
        into: dir.path().to_owned(),
        delay: Duration::ZERO,
        ..FetchOptions::default()
    };
    let started = Instant::now();
    let report = fetch_source(
        &source,
        &[jiff::civil::date(2026, 8, 21)],
        &opts,
        &mut |_| {},
        &AtomicBool::new(false),
    );
    let articles: usize = report.written.iter().map(|w| w.articles).sum();
    println!(
        "fetch-hostile {shape} {n}: {} editions, {articles} articles, {} requests, {} failures, {} warnings, {:.2} s",
        report.written.len(),
        report.requests,
        report.failures.len(),
        report.warnings.len(),
        started.elapsed().as_secs_f64()
    );
    for failure in report.failures.iter().take(3) {
        println!("  failure: {} {}", failure.url, failure.reason);
    }
    for warning in report.warnings.iter().take(3) {
        println!("  warning: {warning}");
    }
}

fn feed_source(url: String, full_text: bool) -> Source {
    Source {
        name: "probe".into(),
        paper: Some("Probe Daily".into()),
        deadline: None,
        kind: SourceKind::Feed { url, full_text },
    }
}

/// One full-text item whose page nests its story `depth` `<div>`s deep.
fn deep_feed(server: &Server, depth: usize) -> Source {
    let page = format!(
        "<!DOCTYPE html><html><head><title>Deep</title></head><body><article><h1>Deep story</h1>{}{}{}</article></body></html>",
        "<div>".repeat(depth),
        "<p>The council met on Thursday and approved the new ferry line after a long debate about the costs.</p>"
            .repeat(5),
        "</div>".repeat(depth)
    );
    server.route("/story.html", Reply::html(&page));
    let feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Probe</title>\
         <item><title>Deep story</title><link>{}</link><guid>deep-1</guid>\
         <pubDate>Fri, 21 Aug 2026 07:30:00 +0000</pubDate><description>Short.</description></item></channel></rss>",
        server.url("/story.html")
    );
    server.route(
        "/feed.xml",
        Reply::bytes("application/rss+xml", feed.into_bytes()),
    );
    feed_source(server.url("/feed.xml"), true)
}

/// `n` items of one date, half with a `[NN版：…]` title prefix (each its own page), half with
/// a category of their own: `n` pages.
fn labelled_feed(server: &Server, n: usize) -> Source {
    let mut items = String::new();
    for i in 0..n {
        let (title, category) = if i % 2 == 0 {
            (
                format!("[{:02}版：要闻]第{i}条消息", i / 2 + 1),
                String::new(),
            )
        } else {
            (
                format!("第{i}条消息"),
                format!("<category>栏目{i}</category>"),
            )
        };
        let _ = write!(
            items,
            "<item><title>{title}</title><link>{}</link><guid>item-{i}</guid>{category}\
             <pubDate>Fri, 21 Aug 2026 07:30:00 +0000</pubDate><description>第{i}条消息的正文。</description></item>",
            server.url(&format!("/item-{i}.html"))
        );
    }
    let feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Probe</title>{items}</channel></rss>"
    );
    server.route(
        "/feed.xml",
        Reply::bytes("application/rss+xml", feed.into_bytes()),
    );
    feed_source(server.url("/feed.xml"), false)
}

fn epaper(server: &Server, story: &Story) -> Source {
    serve_day(
        server,
        &[DayPage {
            name: "要闻".into(),
            stories: vec![story.clone()],
        }],
    );
    epaper_source(server)
}

fn epaper_source(server: &Server) -> Source {
    day_source_with(server, Selectors::default())
}

/// A story whose body sits `depth` `<div>`s deep.
fn deep_story(depth: usize) -> Story {
    let mut story = Story::new("深层嵌套的报道");
    story.paragraphs[0] = format!(
        "{}正文第一段。{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    story
}

/// A story of about `mb` megabytes of paragraphs.
fn big_story(mb: usize) -> Story {
    let mut story = Story::new("很长的报道");
    let para = "今年以来，当地围绕产业升级、公共服务和生态保护持续发力，新建项目多个，带动就业岗位数千个。";
    // Each paragraph is `<p>　　…</p>` and a line break; the page stays under the 20 MB cap.
    let count = (mb * 1024 * 1024 - 64 * 1024) / (para.len() + 14);
    story.paragraphs = vec![para.to_owned(); count];
    story
}

/// A story of about `mb` megabytes of one-character bold elements (the most elements a
/// megabyte can hold, each a node of the parsed page).
fn tiny_tags_story(mb: usize) -> Story {
    let mut story = Story::new("很多标签的报道");
    let line = "<b>字</b>".repeat(1000);
    let count = (mb * 1024 * 1024 - 64 * 1024) / (line.len() + 14);
    story.paragraphs = vec![line; count];
    story
}

/// A first page linking `n` distinct articles; robots.txt lets kanbao read only the first
/// ten, so the cost measured is reading and keeping the links, not `n` requests.
fn many_links(server: &Server, n: usize) -> Source {
    let pages = vec![DayPage {
        name: "要闻".into(),
        stories: (0..10)
            .map(|k| Story::new(&format!("第{k}篇报道")))
            .collect(),
    }];
    serve_day(server, &pages);
    let mut list = String::new();
    for k in 0..10 {
        let _ = write!(
            list,
            "<li><a href=\"../../content/202608/21/content_1{:02}.html\">第{k}篇报道</a></li>",
            k + 1
        );
    }
    for k in 0..n {
        let _ = write!(
            list,
            "<li><a href=\"../../content/202608/21/content_9{k}.html\">链接{k}</a></li>"
        );
    }
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>人民日报</title></head><body>\
         <div id=\"pageList\"><div class=\"swiper-container\"><div class=\"swiper-slide\">\
         <a href=\"node_01.html\" id=\"pageLink\">01版：要闻</a></div></div></div>\
         <div class=\"news-list\"><ul>{list}</ul></div></body></html>"
    );
    server.route("/rmrb/202608/21/node_01.html", Reply::html(&html));
    let mut robots = String::from("User-agent: *\n");
    for k in 0..10 {
        let _ = writeln!(
            robots,
            "Allow: /rmrb/content/202608/21/content_1{:02}.html",
            k + 1
        );
    }
    robots.push_str("Disallow: /rmrb/content/\n");
    server.route(
        "/robots.txt",
        Reply::bytes("text/plain", robots.into_bytes()),
    );
    epaper_source(server)
}
