//! The Founder (方正) e-paper systems as real pages publish them (tests/fixtures/epaper, invented
//! text in the real markup), served from 127.0.0.1 and fetched with nothing but the day's
//! first address: the system recognised, every part of every story where a reader expects
//! it, and none of the page furniture.

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use kanbao::edition::{Edition, ItemKind};
use kanbao::fetch::{Selectors, Source, SourceKind, SourceReport, TemplateChoice, fetch_source};

use support::epaper::{fixture, load, options, screen_of};
use support::fetch_server::{Reply, Server, jpeg_bytes, page_picture};

const DAY: jiff::civil::Date = jiff::civil::date(2026, 9, 16);

/// A source with no paper name and no selectors: only the address.
fn source(url: String) -> Source {
    Source {
        name: "qh".into(),
        paper: None,
        deadline: None,
        kind: SourceKind::Epaper {
            url_template: url,
            select: Selectors::default(),
            template: TemplateChoice::Auto,
        },
    }
}

fn fetch(source: &Source, into: &Path) -> SourceReport {
    fetch_source(
        source,
        &[DAY],
        &options(into, Duration::from_secs(3)),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// Every page file of the edition, concatenated: what a reader would scroll through.
fn all_text(folder: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("the edition folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("a page file"))
        .collect()
}

fn serve_layout(server: &Server) {
    let layout = "/qhrb/pc/layout/202609/16/";
    let content = "/qhrb/pc/content/202609/16/";
    for page in ["node_01.html", "node_02.html"] {
        server.route(
            &format!("{layout}{page}"),
            Reply::html(&fixture(&format!("layout/{page}"))),
        );
    }
    for article in [
        "content_1001.html",
        "content_1002.html",
        "content_1003.html",
        "content_1009.html",
    ] {
        server.route(
            &format!("{content}{article}"),
            Reply::html(&fixture(&format!("layout/{article}"))),
        );
    }
    for page in ["page01", "page02"] {
        server.route(
            &format!("/qhrb/pc/pic/202609/16/8d2c1f7e-{page}.jpg.2"),
            Reply::bytes("application/octet-stream", page_picture()),
        );
    }
    for photo in ["5e6f-photo.jpg", "77aa-harvest.jpg"] {
        server.route(
            &format!("/qhrb/pc/pic/202609/16/{photo}"),
            Reply::bytes("image/jpeg", jpeg_bytes(photo)),
        );
    }
}

/// The toolbar, the hidden copy, the QR box, the 来源 and （…版） lines, the icons: none of it
/// is in the stored paper.
const FURNITURE: [&str; 12] = [
    "返回目录",
    "放大",
    "缩小",
    "全文复制",
    "来源：",
    "01版）",
    "扫码下载",
    "版权所有",
    ".gif",
    "qrcode",
    "第001版",
    "（无标题）",
];

#[test]
fn a_pc_layout_day_is_read_from_its_address_alone() {
    let server = Server::start();
    serve_layout(&server);
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = fetch(
        &source(server.url("/qhrb/pc/layout/{yyyy}{mm}/{dd}/node_01.html")),
        dir.path(),
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.template.as_deref(), Some("founder pc/layout"));
    let written = &report.written[0];
    assert_eq!((written.pages, written.articles, written.photos), (2, 3, 2));
    // Named after the paper the page states, not the source.
    let folder = dir.path().join("青禾日报-2026-09-16");
    assert!(
        folder.is_dir(),
        "{:?}",
        std::fs::read_dir(dir.path()).map(Iterator::count)
    );
    // The page PDFs, the page-credit "article" and the decorations were never asked for.
    for path in [
        "/qhrb/pc/attachement/202609/16/0a1b2c3d-01.pdf",
        "/qhrb/pc/content/202609/16/content_1009.html",
        "/static/img/ico5.gif",
        "/qhrb/static/img/ico5.gif",
        "/qhrb/static/img/qrcode_app.png",
        "/qhrb/static/img/right_ico.gif",
    ] {
        assert_eq!(server.hits(path), 0, "{path}");
    }
    // `?div=0` (the list) and `?div=-1` (the map) are one article, asked for once.
    assert_eq!(
        server.hits("/qhrb/pc/content/202609/16/content_1002.html"),
        1
    );

    let edition = load(dir.path());
    assert_eq!(edition.paper.as_deref(), Some("青禾日报"));
    let pages: Vec<_> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(pages, [("1", Some("要闻")), ("2", Some("评论"))]);
    let items: Vec<_> = edition.pages[0].items.iter().collect();
    assert_eq!(items.len(), 2, "{:#?}", edition.pages[0].items);
    assert_eq!(items[0].kind, ItemKind::Article);
    let lead = items[0];
    assert_eq!(lead.kicker.as_deref(), Some("推进基层治理"));
    assert_eq!(lead.headline.as_deref(), Some("青禾县社区服务站全部建成"));
    // The visible h2 is empty; the enpproperty metadata has the subtitle.
    assert_eq!(
        lead.subtitle.as_deref(),
        Some("一百二十个服务站覆盖四十万居民")
    );
    assert_eq!(lead.byline.as_deref(), Some("本报记者 杜安平"));
    let paragraphs: Vec<_> = lead.paragraphs().collect();
    assert_eq!(paragraphs.len(), 3, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("本报青禾9月15日电"));
    assert!(lead.subheads().any(|s| s == "服务就在家门口"));
    let photos = lead.photos();
    assert_eq!(photos.len(), 1, "{:#?}", lead.body);
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("图为青禾县湖滨社区服务站里，居民在办理业务。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("本报记者 杜安平摄"));
    assert!(photos[0].image.is_some(), "the photo has its picture");

    // The picture report (picture, caption paragraphs, credit paragraph) is a photo story.
    let picture = items[1];
    assert_eq!(picture.kind, ItemKind::Photo, "{picture:#?}");
    assert_eq!(picture.headline.as_deref(), Some("秋收时节稻田金黄"));
    assert_eq!(picture.byline, None);
    // Both caption paragraphs (how they are joined is the page file's business).
    assert_eq!(
        picture.caption.as_deref().map(|c| c.replace('\n', "")),
        Some("九月中旬，青禾县万亩稻田进入收割期。图为农机手在田间收割水稻。".to_owned())
    );
    assert_eq!(picture.credit.as_deref(), Some("程兆摄（青禾视觉）"));
    assert!(picture.image.is_some(), "{picture:#?}");

    let comment = &edition.pages[1].items[0];
    assert_eq!(comment.byline.as_deref(), Some("林木"));

    let text = all_text(&folder);
    for furniture in FURNITURE {
        assert!(!text.contains(furniture), "{furniture:?} in\n{text}");
    }
    // The hidden copy would repeat the first paragraph.
    assert_eq!(text.matches("日前全部建成").count(), 1, "{text}");

    facsimiles_and_credit(&folder, &edition, dir.path());
}

/// The facsimile: the mapped picture (not the arrow), saved as what its bytes are, and the
/// areas (two polygons of one story joined, a rectangle) in its 800 × 1150 pixels; the page's
/// credit.
fn facsimiles_and_credit(folder: &Path, edition: &Edition, dir: &Path) {
    let toml: toml::Table = toml::from_str(
        &std::fs::read_to_string(folder.join("edition.toml")).expect("edition.toml"),
    )
    .expect("edition.toml parses");
    let first_page = &toml["pages"]["01-要闻.md"];
    assert_eq!(first_page["image"].as_str(), Some("images/page-01.png"));
    assert_eq!(
        first_page["credit"].as_str(),
        Some("本版责编：王青 版式设计：李木")
    );
    assert_eq!(
        first_page["regions"].to_string(),
        "[[40, 60, 400, 520], [420, 60, 760, 520]]"
    );
    let facsimile = edition.facsimiles.get("1").expect("page 1's facsimile");
    assert_eq!(facsimile.regions[0].rect, [40, 60, 400, 520]);
    // The page's credit is the page's, shown at the foot of its headline list.
    assert_eq!(
        edition.page_credits.get("1").map(String::as_str),
        Some("本版责编：王青 版式设计：李木")
    );
    let screen = screen_of(dir, 120, 30);
    let foot = screen.lines().rev().find(|l| l.contains("本版责编"));
    assert!(
        foot.is_some_and(|l| l.contains("本版责编：王青 版式设计：李木")),
        "{screen}"
    );
    // A circle on page 2.
    let facsimile = edition.facsimiles.get("2").expect("page 2's facsimile");
    assert_eq!(facsimile.regions[0].rect, [200, 200, 600, 600]);
}

fn serve_classic(server: &Server) {
    let base = "/qhwb/html/2026-09/16/";
    for file in [
        "node_2.htm",
        "node_3.htm",
        "content_2001.htm",
        "content_2002.htm",
        "content_2003.htm",
    ] {
        server.route(
            &format!("{base}{file}"),
            Reply::html(&fixture(&format!("classic/{file}"))),
        );
    }
    for page in ["A01", "A02"] {
        server.route(
            &format!("/qhwb/res/1/20260916/{page}/page.jpg"),
            Reply::bytes("image/jpeg", page_picture()),
        );
    }
    server.route(
        "/qhwb/res/1/20260916/A01/port.jpg",
        Reply::bytes("image/jpeg", jpeg_bytes("port")),
    );
}

#[test]
fn a_classic_day_is_read_from_its_address_alone() {
    let server = Server::start();
    serve_classic(&server);
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = fetch(
        &source(server.url("/qhwb/html/{yyyy}-{mm}/{dd}/node_2.htm")),
        dir.path(),
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.template.as_deref(), Some("founder classic"));
    assert_eq!(
        (report.written[0].pages, report.written[0].articles),
        (2, 3)
    );
    for pdf in [
        "/qhwb/images/2026-09/16/A01/A01.pdf",
        "/qhwb/images/2026-09/16/A02/A02.pdf",
    ] {
        assert_eq!(server.hits(pdf), 0, "a PDF is never a page: {pdf}");
    }
    assert_eq!(server.hits("/qhwb/html/2026-09/16/content_2001.htm"), 1);
    let folder = dir.path().join("青禾晚報-2026-09-16");
    let edition = load(dir.path());
    let pages: Vec<_> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(pages, [("A1", Some("本地")), ("A2", Some("體育"))]);
    let port = &edition.pages[0].items[0];
    assert_eq!(port.kicker.as_deref(), Some("港口建設再提速"));
    assert_eq!(port.headline.as_deref(), Some("青禾港新碼頭啓用"));
    assert_eq!(port.subtitle.as_deref(), Some("年吞吐能力提升三成"));
    assert_eq!(port.byline.as_deref(), Some("何海明"));
    let photos = port.photos();
    assert_eq!(photos.len(), 1, "{:#?}", port.body);
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("新碼頭上，貨輪正在裝卸集裝箱。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("记者 何海明摄"));
    assert_eq!(port.paragraphs().count(), 2);
    assert_eq!(
        edition.pages[1].items[0].byline.as_deref(),
        Some("記者 林晴")
    );
    let text = all_text(&folder);
    assert!(!text.contains("返回"), "{text}");
    let facsimile = edition.facsimiles.get("A1").expect("page A1's facsimile");
    let regions: Vec<_> = facsimile.regions.iter().map(|r| r.rect).collect();
    assert_eq!(regions, [[20, 20, 780, 400], [20, 420, 780, 800]]);
}

#[test]
fn a_page_with_no_page_list_or_no_articles_is_reported() {
    let server = Server::start();
    server.route(
        "/x/pc/layout/202609/16/node_01.html",
        Reply::html(
            "<html><head><title>青禾日报 2026年09月16日</title></head><body>\
             <div class=\"paper\"><img src=\"p.jpg\"></div><p>今日休刊</p></body></html>",
        ),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = fetch(
        &source(server.url("/x/pc/layout/{yyyy}{mm}/{dd}/node_01.html")),
        dir.path(),
    );
    assert!(report.written.is_empty());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("lists no other pages")),
        "{:?}",
        report.warnings
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("links no articles")),
        "{:?}",
        report.warnings
    );
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.reason.contains("no article could be fetched")),
        "{:?}",
        report.failures
    );
}

#[test]
fn a_refused_connection_is_named_and_not_retried() {
    // A port nothing listens on: bound, then closed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        listener.local_addr().expect("an address").port()
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut opts = options(dir.path(), Duration::from_secs(3));
    opts.retries = 3;
    let report = fetch_source(
        &source(format!(
            "http://127.0.0.1:{port}/pc/layout/{{yyyy}}{{mm}}/{{dd}}/node_01.html"
        )),
        &[DAY],
        &opts,
        &mut |_| {},
        &AtomicBool::new(false),
    );
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let failure = &report.failures[0];
    assert!(failure.url.ends_with("/pc/layout/202609/16/node_01.html"));
    assert!(
        failure.reason.contains("connection refused"),
        "{}",
        failure.reason
    );
    assert!(!failure.reason.contains("robots"), "{}", failure.reason);
    // robots.txt once, then the page refused at once: no retries, no stall.
    assert_eq!(report.requests, 1);
}

#[test]
fn a_long_crawl_delay_is_announced_up_front() {
    let server = Server::start();
    serve_layout(&server);
    server.route(
        "/robots.txt",
        Reply::bytes("text/plain", b"User-agent: *\nCrawl-delay: 10\n".to_vec()),
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let cancel = AtomicBool::new(false);
    let mut notices = Vec::new();
    let report = fetch_source(
        &source(server.url("/qhrb/pc/layout/{yyyy}{mm}/{dd}/node_01.html")),
        &[DAY],
        &options(dir.path(), Duration::from_secs(3)),
        &mut |p| {
            if let kanbao::fetch::Progress::Notice { text } = p {
                notices.push(text);
                // Seen before the wait: stop here rather than wait ten seconds a request.
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("10 s between requests"), "{notices:?}");
    assert!(
        notices[0].contains("2 pages take about 4 minutes"),
        "{notices:?}"
    );
    assert!(report.cancelled);
}
