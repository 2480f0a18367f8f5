//! `kanbao::fetch` against a loopback server serving invented e-paper pages, articles, pictures
//! and feeds: what is written reads back through the library, politeness and bounds hold, and
//! an interrupted or failed fetch is completed by the next one. Never the internet.

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kanbao::edition::{Edition, ItemKind};
use kanbao::fetch::{FetchOptions, Progress, Source, SourceKind, SourceReport, fetch_source};
use kanbao::library::Library;

use support::epaper::retrying_options as options;
use support::fetch_server::{
    DayPage, Payload, Reply, Server, Story, TEMPLATE_PATH, day_source as epaper, serve_day,
};

const DAY: jiff::civil::Date = jiff::civil::date(2026, 8, 21);

fn run(source: &Source, opts: &FetchOptions) -> SourceReport {
    let mut events = Vec::new();
    let report = fetch_source(
        source,
        &[DAY],
        opts,
        &mut |p: Progress| events.push(p),
        &AtomicBool::new(false),
    );
    assert!(
        events.iter().any(|e| matches!(e, Progress::Request { .. })),
        "progress reports requests"
    );
    report
}

fn two_pages() -> Vec<DayPage> {
    let mut lead = Story::new("湖滨新区社区服务站全部建成");
    lead.kicker = Some("推进基层治理现代化".into());
    lead.subtitle = Some("——一百二十个服务站覆盖四十万居民".into());
    lead.photo = Some((
        "/rmrb/pic/202608/21/lead.jpg".into(),
        "图为湖滨新区居民在社区服务站办理业务。".into(),
        "本报记者 李青 摄".into(),
    ));
    lead.subhead = Some("服务就在家门口".into());
    let mut second = Story::new("秋粮收购有序开展");
    second.byline = "本报记者 王晓松 陈雨".into();
    let mut third = Story::new("山区学校迎来新学期");
    third.kicker = Some("教育观察".into());
    DayPage::pages(vec![("要闻", vec![lead, second]), ("要闻", vec![third])])
}

impl DayPage {
    fn pages(list: Vec<(&str, Vec<Story>)>) -> Vec<DayPage> {
        list.into_iter()
            .map(|(name, stories)| DayPage {
                name: name.into(),
                stories,
            })
            .collect()
    }
}

fn load(into: &Path) -> Edition {
    let library = Library::load(&[into.to_owned()]);
    assert_eq!(library.editions.len(), 1, "{:?}", library.diagnostics);
    library.editions.into_iter().next().expect("one edition")
}

fn edition_dir(into: &Path) -> PathBuf {
    into.join("人民日报-2026-08-21")
}

fn edition_toml(into: &Path) -> toml::Table {
    let text =
        std::fs::read_to_string(edition_dir(into).join("edition.toml")).expect("edition.toml");
    toml::from_str(&text).expect("edition.toml parses")
}

#[test]
#[allow(clippy::too_many_lines)] // one day read back, every part of it checked in turn
fn a_two_page_day_reads_back_as_an_edition() {
    let server = Server::start();
    serve_day(&server, &two_pages());
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&epaper(&server), &options(dir.path()));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.written.len(), 1);
    let written = &report.written[0];
    assert!(written.complete);
    assert_eq!((written.pages, written.articles, written.photos), (2, 3, 1));

    let edition = load(dir.path());
    assert_eq!(edition.paper.as_deref(), Some("人民日报"));
    assert_eq!(edition.date.as_deref(), Some("2026-08-21"));
    let labels: Vec<_> = edition.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "2"]);
    assert_eq!(edition.pages[0].name.as_deref(), Some("要闻"));
    let articles: Vec<_> = edition.pages[0]
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Article)
        .collect();
    assert_eq!(articles.len(), 2, "{:#?}", edition.pages[0].items);
    let lead = articles[0];
    assert_eq!(lead.kicker.as_deref(), Some("推进基层治理现代化"));
    assert_eq!(lead.headline.as_deref(), Some("湖滨新区社区服务站全部建成"));
    assert_eq!(
        lead.subtitle.as_deref(),
        Some("——一百二十个服务站覆盖四十万居民")
    );
    assert_eq!(lead.byline.as_deref(), Some("本报记者 张明远"));
    assert!(lead.subheads().any(|s| s == "服务就在家门口"));
    assert!(lead.paragraphs().any(|p| p.contains("覆盖居民四十余万人")));
    assert!(
        !lead.paragraphs().any(|p| p.contains("《人民日报》")),
        "the byline furniture is gone"
    );
    let photos = lead.photos();
    assert_eq!(photos.len(), 1, "{:#?}", lead.body);
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("图为湖滨新区居民在社区服务站办理业务。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("本报记者 李青 摄"));
    let picture = photos[0]
        .image
        .as_deref()
        .expect("the photo has its picture");
    assert!(edition_dir(dir.path()).join(picture).is_file(), "{picture}");
    assert_eq!(articles[1].byline.as_deref(), Some("本报记者 王晓松 陈雨"));
    assert_eq!(
        edition.pages[1].items[0].kicker.as_deref(),
        Some("教育观察")
    );

    // The pictures are in images/, and fetch.json says which photo line each belongs to.
    let folder = edition_dir(dir.path());
    let draft: serde_json::Value = serde_json::from_slice(
        &std::fs::read(folder.join(kanbao::fetch::DRAFT_FILE)).expect("fetch.json"),
    )
    .expect("fetch.json parses");
    let photo = &draft["photos"][0];
    let image = photo["image"].as_str().expect("a picture path");
    assert!(image.starts_with("images/"));
    assert!(folder.join(image).is_file());
    let page_file = photo["file"].as_str().expect("a page file");
    let line = usize::try_from(photo["line"].as_u64().expect("a line")).expect("small");
    let text = std::fs::read_to_string(folder.join(page_file)).expect("the page file");
    assert_eq!(
        text.lines().nth(line - 1),
        Some(format!("![图为湖滨新区居民在社区服务站办理业务。]({image})").as_str())
    );
    for page in draft["pages"].as_array().expect("pages") {
        let image = page["image"].as_str().expect("a page image");
        assert!(folder.join(image).is_file(), "{image}");
        // A `….jpg.2` served as application/octet-stream is saved as what its bytes are.
        assert!(
            std::path::Path::new(image)
                .extension()
                .is_some_and(|e| e == "png"),
            "{image}"
        );
    }
    // The areas, drawn on the 400 × 575 display, are stored in the 800 × 1150 picture's pixels.
    let facsimile = edition.facsimiles.get("1").expect("page 1's facsimile");
    let regions: Vec<_> = facsimile.regions.iter().map(|r| (r.item, r.rect)).collect();
    assert_eq!(regions, [(0, [0, 0, 800, 180]), (1, [0, 200, 800, 380])]);
    let toml = edition_toml(dir.path());
    assert_eq!(toml["incomplete"].as_bool(), Some(false));
    assert!(
        toml["source_url"]
            .as_str()
            .is_some_and(|u| u.ends_with("node_01.html"))
    );
    assert!(toml.contains_key("fetched_at"));
    // Nothing but the edition and the state file: no staging folder left behind.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the library lists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, [".kanbao-fetch.json", "人民日报-2026-08-21"]);
    // Every request carried kanbao's User-Agent.
    let ua = &server.requests("/rmrb/202608/21/node_01.html")[0];
    assert!(
        ua.iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("user-agent") && v.starts_with("kanbao/"))
    );
}

#[test]
fn gbk_gzip_and_redirected_articles_decode() {
    let server = Server::start();
    let mut gbk = Story::new("老城区供暖管网改造完工");
    gbk.kicker = Some("民生实事".into());
    let gzip = Story::new("跨江大桥主体结构合龙");
    let moved = Story::new("图书馆延长夜间开放时间");
    let paths = serve_day(
        &server,
        &DayPage::pages(vec![(
            "要闻",
            vec![gbk.clone(), gzip.clone(), moved.clone()],
        )]),
    );
    // GBK bytes, declared only in a <meta> (People's Daily's older pages are GB2312).
    let html = gbk
        .page(1)
        .replace("charset=\"utf-8\"", "charset=\"gb2312\"");
    let (bytes, _, _) = encoding_rs::GBK.encode(&html);
    server.route(&paths[0][0], Reply::bytes("text/html", bytes.into_owned()));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, gzip.page(1).as_bytes()).expect("gzip");
    server.route(
        &paths[0][1],
        Reply::bytes("text/html; charset=utf-8", encoder.finish().expect("gzip"))
            .header("Content-Encoding", "gzip"),
    );
    server.route(&paths[0][2], Reply::redirect("/moved/story.html"));
    server.route("/moved/story.html", Reply::html(&moved.page(1)));

    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&epaper(&server), &options(dir.path()));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let edition = load(dir.path());
    let items = &edition.pages[0].items;
    let headlines: Vec<_> = items.iter().filter_map(|i| i.headline.as_deref()).collect();
    assert_eq!(
        headlines,
        [
            "老城区供暖管网改造完工",
            "跨江大桥主体结构合龙",
            "图书馆延长夜间开放时间"
        ]
    );
    assert_eq!(items[0].kicker.as_deref(), Some("民生实事"));
    assert!(items[0].paragraphs().any(|p| p.contains("社区服务站")));
    assert_eq!(server.hits("/moved/story.html"), 1);
}

#[test]
fn a_missing_article_leaves_the_edition_incomplete_until_the_next_run() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    let second = Story::new("秋粮收购有序开展").page(1);
    server.sequence(&paths[0][1], vec![Reply::status(404), Reply::html(&second)]);
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = options(dir.path());

    let first = run(&epaper(&server), &opts);
    assert_eq!(first.written.len(), 1);
    assert!(!first.written[0].complete);
    assert!(
        first
            .failures
            .iter()
            .any(|f| f.url.ends_with(&paths[0][1]) && f.reason.contains("404")),
        "{:?}",
        first.failures
    );
    assert_eq!(edition_toml(dir.path())["incomplete"].as_bool(), Some(true));
    let edition = load(dir.path());
    let count: usize = edition.pages.iter().map(|p| p.items.len()).sum();
    assert!(count >= 2, "the articles that came are readable");

    let again = run(&epaper(&server), &opts);
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    assert_eq!(again.written.len(), 1);
    assert!(again.written[0].complete);
    assert_eq!(again.written[0].articles, 3);
    assert_eq!(
        edition_toml(dir.path())["incomplete"].as_bool(),
        Some(false)
    );
    // The articles and pictures already fetched are not asked for again; the pages are asked
    // conditionally and answer 304.
    assert_eq!(server.hits(&paths[0][0]), 1);
    assert_eq!(server.hits("/rmrb/pic/202608/21/lead.jpg"), 1);
    assert_eq!(server.hits(&paths[0][1]), 2);
    assert!(again.not_modified >= 2, "{again:?}");
    let page_requests = server.requests("/rmrb/202608/21/node_02.html");
    assert!(
        page_requests[1]
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("if-none-match"))
    );
    let edition = load(dir.path());
    assert_eq!(
        edition.pages[0].items[1].headline.as_deref(),
        Some("秋粮收购有序开展")
    );
    assert!(edition.pages[0].items[0].photos().len() == 1);

    // A third run finds the edition complete and sends nothing at all.
    let before = server.total_hits();
    let third = fetch_source(
        &epaper(&server),
        &[DAY],
        &opts,
        &mut |_| {},
        &AtomicBool::new(false),
    );
    assert_eq!(third.skipped.len(), 1);
    assert!(third.written.is_empty());
    assert_eq!((third.requests, server.total_hits()), (0, before));
}

#[test]
fn a_server_error_is_retried() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    let third = Story::new("山区学校迎来新学期").page(2);
    server.sequence(
        &paths[1][0],
        vec![Reply::status(500), Reply::status(503), Reply::html(&third)],
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut retries = 0;
    let report = fetch_source(
        &epaper(&server),
        &[DAY],
        &options(dir.path()),
        &mut |p| retries += usize::from(matches!(p, Progress::Retry { .. })),
        &AtomicBool::new(false),
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(report.written[0].complete);
    assert_eq!(server.hits(&paths[1][0]), 3);
    assert_eq!(retries, 2);
}

#[test]
fn a_response_that_never_ends_times_out() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    server.route(
        &paths[0][1],
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: Payload::Hang,
        },
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = FetchOptions {
        read_timeout: Duration::from_millis(300),
        retries: 1,
        ..options(dir.path())
    };
    let started = Instant::now();
    let report = run(&epaper(&server), &opts);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let failure = report
        .failures
        .iter()
        .find(|f| f.url.ends_with(&paths[0][1]))
        .expect("the hanging article failed");
    assert!(failure.reason.contains("timed out"), "{}", failure.reason);
    assert_eq!(server.hits(&paths[0][1]), 2, "one retry");
    assert!(!report.written[0].complete);
}

#[test]
fn a_huge_response_is_capped_while_it_streams() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    server.route(
        &paths[0][1],
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: Payload::Endless,
        },
    );
    server.route(
        "/rmrb/pic/202608/21/lead.jpg",
        Reply::bytes("image/jpeg", vec![0xFF; 300_000]),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = FetchOptions {
        max_html_bytes: 64 * 1024,
        max_image_bytes: 100 * 1024,
        ..options(dir.path())
    };
    let started = Instant::now();
    let report = run(&epaper(&server), &opts);
    assert!(started.elapsed() < Duration::from_secs(5));
    let reasons: Vec<_> = report.failures.iter().map(|f| f.reason.as_str()).collect();
    assert!(
        reasons.iter().filter(|r| r.contains("cap")).count() == 2,
        "the endless page and the big picture: {reasons:?}"
    );
    assert!(
        report.bytes_received < 1024 * 1024,
        "{}",
        report.bytes_received
    );
    let edition = load(dir.path());
    let lead = &edition.pages[0].items[0];
    assert_eq!(lead.headline.as_deref(), Some("湖滨新区社区服务站全部建成"));
    assert_eq!(
        lead.photos().len(),
        1,
        "the photo keeps its caption without a picture"
    );
}

#[test]
fn malformed_html_does_not_stop_the_fetch() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    server.route(
        &paths[0][1],
        Reply::html(
            "<html><body><div class=\"article\"><h1>断电抢修<b>连夜完成<p class=\"sec\">本报记者 周岩\
             <div id=\"ozoom\"><p>　　十二个小时后，<i>全部线路恢复供电<table><tr><td>现场</td>\
             <p>　　抢修队员<<>>&&;;\u{1b}[31m冒雨作业</p></span></div></div></html><<<",
        ),
    );
    server.route(
        &paths[1][0],
        Reply::bytes("text/html", vec![0xFF, 0xFE, 0x00, 0x80, 0x81]),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&epaper(&server), &options(dir.path()));
    let failed: Vec<_> = report.failures.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(failed.len(), 1, "{:?}", report.failures);
    assert!(
        failed[0].ends_with(&paths[1][0]),
        "the binary junk is no article"
    );
    assert!(!report.written[0].complete);
    let edition = load(dir.path());
    let text = std::fs::read_to_string(edition_dir(dir.path()).join("01-要闻.md")).expect("page 1");
    assert!(text.contains("断电抢修"), "{text}");
    assert!(text.contains("冒雨作业"));
    assert!(
        !text.contains('\u{1b}'),
        "escape sequences are sanitised away"
    );
    // Page 2's only article failed: the page has no file until it comes.
    assert_eq!(edition.pages.len(), 1);
}

#[test]
fn robots_txt_is_honoured() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    server.route(
        "/robots.txt",
        Reply::bytes(
            "text/plain",
            format!("User-agent: *\nDisallow: {}\n", paths[0][1]).into_bytes(),
        ),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&epaper(&server), &options(dir.path()));
    assert_eq!(
        server.hits(&paths[0][1]),
        0,
        "the disallowed article is not asked for"
    );
    assert_eq!(
        server.hits("/robots.txt"),
        1,
        "robots.txt is read once per host"
    );
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.reason.contains("robots.txt"))
    );
    assert!(
        report.written[0].complete,
        "a disallowed article is not retried"
    );
    assert_eq!(report.written[0].articles, 2);
}

/// A summary-only RSS feed of three items dated 2026-08-21, each linking to a page on `server`.
fn harbor_feed(server: &Server) -> String {
    let item = |n: usize, title: &str, summary: &str| {
        format!(
            "<item><title>{title}</title><link>{}</link><guid>harbor-{n}</guid>\
             <pubDate>Fri, 21 Aug 2026 07:30:00 +0000</pubDate><description>{summary}</description></item>",
            server.url(&format!("/news/2026/story-{n}.html"))
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Harbor Daily</title>\
         <link>{}</link>{}{}{}</channel></rss>",
        server.url("/"),
        item(
            1,
            "Council approves new ferry line",
            "The council voted on Thursday."
        ),
        item(
            2,
            "Library opens late on Fridays",
            "Longer hours start next week."
        ),
        item(3, "Tide tables for the week", "Check the tides."),
    )
}

/// An article page with site navigation, ads, a sidebar and comments around the story.
fn harbor_page(headline: &str, paragraphs: &[&str]) -> String {
    let body = paragraphs
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect::<Vec<_>>()
        .concat();
    format!(
        "<!DOCTYPE html><html><head><title>{headline} | Harbor Daily</title></head><body>\
         <header><nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>\
         <li><a href=\"/sport\">Sport</a></li><li><a href=\"/weather\">Weather</a></li></ul></nav></header>\
         <div class=\"ad banner-ad\">ADVERTISEMENT Cheap flights to anywhere, click now!</div>\
         <main><article><h1>{headline}</h1><p class=\"byline\">By Jane Doe</p>{body}</article></main>\
         <aside class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/x\">Ten things to do this weekend</a></li></ul></aside>\
         <div id=\"comments\"><h3>Comments</h3><p>Great story! Sponsored content below.</p></div>\
         <footer>Copyright Harbor Daily. Subscribe for more.</footer></body></html>"
    )
}

#[test]
fn a_summary_only_feed_gets_its_full_text_without_navigation_or_ads() {
    let server = Server::start();
    server.route(
        "/feed.xml",
        Reply::bytes("application/rss+xml", harbor_feed(&server).into_bytes())
            .header("ETag", "\"feed-1\""),
    );
    let ferry = [
        "The harbor council on Thursday approved a new ferry line linking the old port with the island villages, ending a debate that has run for nearly three years.",
        "Boats will leave every forty minutes from early morning until late evening, and the first sailing is planned for the spring, the council said in a statement after the vote.",
        "Residents of the villages have long complained that the single morning boat left them stranded, and several spoke at the meeting in favour of the plan before the vote was taken.",
    ];
    server.route(
        "/news/2026/story-1.html",
        Reply::html(&harbor_page("Council approves new ferry line", &ferry)),
    );
    let library = [
        "The central library will stay open until ten o'clock on Friday evenings from next week, a change that librarians say answers the most common request in the annual survey.",
        "Extra staff have been hired for the late shift, and the reading room on the second floor will host talks and a quiet study hour for students during the exam season.",
    ];
    server.route(
        "/news/2026/story-2.html",
        Reply::html(&harbor_page("Library opens late on Fridays", &library)),
    );
    server.route(
        "/news/2026/story-3.html",
        Reply::html("<html><body><nav><a href=\"/\">Home</a></nav></body></html>"),
    );
    let source = Source {
        name: "harbor".into(),
        paper: None,
        deadline: None,
        kind: SourceKind::Feed {
            url: server.url("/feed.xml"),
            full_text: true,
        },
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = options(dir.path());
    let report = fetch_source(&source, &[], &opts, &mut |_| {}, &AtomicBool::new(false));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.written.len(), 1);
    assert!(report.written[0].complete);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("story-3") && w.contains("summary is kept")),
        "{:?}",
        report.warnings
    );
    let edition = load(dir.path());
    assert_eq!(edition.paper.as_deref(), Some("Harbor Daily"));
    assert_eq!(edition.date.as_deref(), Some("2026-08-21"));
    let items: Vec<_> = edition.pages.iter().flat_map(|p| &p.items).collect();
    let ferry_item = items
        .iter()
        .find(|i| i.headline.as_deref() == Some("Council approves new ferry line"))
        .expect("the ferry story");
    let text: Vec<_> = ferry_item.paragraphs().collect();
    assert!(text.iter().any(|p| p.contains("stranded")), "{text:?}");
    assert!(text.len() >= 3, "{text:?}");
    for junk in [
        "ADVERTISEMENT",
        "Most read",
        "Home",
        "Comments",
        "Sponsored",
        "Copyright",
    ] {
        assert!(
            !items
                .iter()
                .flat_map(|i| i.paragraphs())
                .any(|p| p.contains(junk)),
            "'{junk}' stayed in the text"
        );
    }
    let tides = items
        .iter()
        .find(|i| i.headline.as_deref() == Some("Tide tables for the week"))
        .expect("the tides item");
    assert!(
        tides.paragraphs().any(|p| p == "Check the tides."),
        "the summary is kept"
    );

    // The second run asks with the feed's ETag, gets 304 and downloads nothing else.
    let pages_before = server.hits("/news/2026/story-1.html");
    let again = fetch_source(&source, &[], &opts, &mut |_| {}, &AtomicBool::new(false));
    assert_eq!(again.not_modified, 1);
    assert!(again.written.is_empty() && again.failures.is_empty());
    let feed_requests = server.requests("/feed.xml");
    assert_eq!(feed_requests.len(), 2);
    assert!(
        feed_requests[1]
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("if-none-match") && v == "\"feed-1\"")
    );
    assert_eq!(server.hits("/news/2026/story-1.html"), pages_before);
}

#[test]
fn a_killed_fetch_leaves_no_partial_edition() {
    let server = Server::start();
    let paths = serve_day(&server, &two_pages());
    let third = Story::new("山区学校迎来新学期").page(2);
    // The last article stalls: the child is killed while it waits for it, after the first
    // page's articles and pictures were staged.
    server.route(
        &paths[1][0],
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: Payload::Stall(Duration::from_secs(30), third.clone().into_bytes()),
        },
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    // The child is `kanbao fetch` itself, as a user runs it, with its own home and config.
    let home = tempfile::tempdir().expect("a temp home");
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[fetch]\ndelay_ms = 0\ninto = \"{}\"\n\n[[sources]]\nname = \"rmrb\"\npaper = \"人民日报\"\nepaper = \"{}\"\n",
            dir.path().display(),
            server.url(TEMPLATE_PATH)
        ),
    )
    .expect("the config is written");
    let config = config.to_string_lossy().into_owned();
    let mut child = support::cli::kanbao_at_home(
        home.path(),
        &["--config", &config, "fetch", "rmrb", "--date", "2026-08-21"],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .expect("the child starts");
    let reached = server.wait_for(&paths[1][0], Duration::from_secs(20));
    child.kill().expect("SIGKILL");
    child.wait().expect("the child is reaped");
    assert!(reached, "the child got to the last article");
    assert!(
        !edition_dir(dir.path()).exists(),
        "no edition from a killed fetch"
    );
    assert!(Library::load(&[dir.path().to_owned()]).editions.is_empty());
    let staged: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the library lists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(
        staged.iter().any(|n| n.starts_with(".kanbao-tmp-")),
        "{staged:?}"
    );

    server.route(&paths[1][0], Reply::html(&third));
    let report = run(&epaper(&server), &options(dir.path()));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(report.written[0].complete);
    let edition = load(dir.path());
    assert_eq!(
        edition.pages.iter().map(|p| p.items.len()).sum::<usize>(),
        3
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the library lists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(".kanbao-tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the next fetch removes the staging folder: {leftovers:?}"
    );
}

#[test]
fn the_same_article_is_never_written_twice() {
    let server = Server::start();
    let item = |n: usize, day: u32| {
        format!(
            "<item><title>Story {n}</title><link>{}</link><guid>harbor-{n}</guid>\
             <pubDate>{day} Aug 2026 07:30:00 +0000</pubDate><description>Text of story {n}.</description></item>",
            server.url(&format!("/news/story-{n}.html"))
        )
    };
    let feed = |items: &[String]| {
        Reply::bytes(
            "application/rss+xml",
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbor Daily</title>{}</channel></rss>",
                items.concat()
            )
            .into_bytes(),
        )
    };
    // The second snapshot repeats story 2 under the next day (an updated item).
    server.sequence(
        "/feed.xml",
        vec![
            feed(&[item(1, 21), item(2, 21)]),
            feed(&[item(2, 22), item(3, 22)]),
        ],
    );
    let source = Source {
        name: "harbor".into(),
        paper: None,
        deadline: None,
        kind: SourceKind::Feed {
            url: server.url("/feed.xml"),
            full_text: false,
        },
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = options(dir.path());
    let first = fetch_source(&source, &[], &opts, &mut |_| {}, &AtomicBool::new(false));
    assert_eq!(first.written.len(), 1);
    let second = fetch_source(&source, &[], &opts, &mut |_| {}, &AtomicBool::new(false));
    assert_eq!(second.written.len(), 1);
    assert_eq!(
        second.written[0].articles, 1,
        "story 2 is already in the 21 August edition"
    );
    let library = Library::load(&[dir.path().to_owned()]);
    let mut headlines: Vec<_> = library
        .editions
        .iter()
        .flat_map(|e| &e.pages)
        .flat_map(|p| &p.items)
        .filter_map(|i| i.headline.clone())
        .collect();
    headlines.sort();
    assert_eq!(headlines, ["Story 1", "Story 2", "Story 3"]);
}
