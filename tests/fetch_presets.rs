//! Every preset as a user writes it (`preset = "…"` in `config.toml`, the address moved to
//! 127.0.0.1 with its own path kept), fetching a day written in that paper's system with
//! invented text: the address pattern expanded, the pages found under the preset's own page
//! names (`node_01`, `node_1`, `node_A01`, `Page01HO`), the paper named by the preset. Also the
//! other promises of an honest run: five failures, five messages; a story that jumps between
//! pages of a fetched edition linked like any other; bookmarks that survive `--force`.

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use kanbao::config::Config;
use kanbao::edition::ItemKind;
use kanbao::fetch::presets::PRESETS;
use kanbao::fetch::{Source, SourceReport, fetch_source};
use kanbao::library::Library;

use support::epaper::{fixture, load, options};
use support::fetch_server::{DayPage, Reply, Server, Story, jpeg_bytes, page_picture};

const DAY: jiff::civil::Date = jiff::civil::date(2026, 9, 16);

fn run(source: &Source, into: &Path, day: jiff::civil::Date) -> SourceReport {
    fetch_source(
        source,
        &[day],
        &options(into, Duration::from_secs(2)),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// The one source of a `config.toml` naming `preset` with its address moved to `epaper`.
fn preset_source(preset: &str, epaper: &str) -> Source {
    let text =
        format!("[[sources]]\nname = \"{preset}\"\npreset = \"{preset}\"\nepaper = \"{epaper}\"\n");
    let config = Config::from_toml_str(&text, Path::new("/tmp/config.toml"))
        .unwrap_or_else(|err| panic!("{preset}: {err}"));
    config.sources.into_iter().next().expect("one source")
}

/// The preset's address with its scheme and host replaced by the loopback server's.
fn on_loopback(server: &Server, address: &str) -> String {
    let path_at = address
        .find("://")
        .and_then(|scheme| address[scheme + 3..].find('/').map(|p| scheme + 3 + p))
        .expect("an address with a path");
    server.url(&address[path_at..])
}

fn expand(template: &str, day: jiff::civil::Date) -> String {
    template
        .replace("{yyyy}", &format!("{:04}", day.year()))
        .replace("{mm}", &format!("{:02}", day.month()))
        .replace("{dd}", &format!("{:02}", day.day()))
}

/// The second page's file name in the scheme of the first: `node_01` → `node_02`, `node_1` →
/// `node_2`, `node_A01` → `node_A02`, `node_2.htm` (classic, numbered from 2) → `node_3.htm`.
fn second_page(first: &str) -> String {
    let (stem, ext) = first
        .rsplit_once('.')
        .expect("a file name with an extension");
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, number) = stem.split_at(stem.len() - digits);
    let next: u32 = number.parse::<u32>().expect("a page number") + 1;
    format!("{head}{next:0digits$}.{ext}")
}

/// Serves `html` at `url` and every picture it refers to (resolved as a browser would).
fn serve_page(server: &Server, url: &url::Url, html: &str) {
    server.route(url.path(), Reply::html(html));
    for quoted in html.split("src=\"").skip(1) {
        let reference = quoted.split('"').next().unwrap_or_default();
        let Ok(target) = url.join(reference) else {
            continue;
        };
        let path = target.path();
        if path.contains("page0") || path.contains("/page/") {
            server.route(
                path,
                Reply::bytes("application/octet-stream", page_picture()),
            );
        } else if path.to_ascii_lowercase().ends_with(".jpg") && !path.contains("/static/") {
            server.route(path, Reply::bytes("image/jpeg", jpeg_bytes(path)));
        }
    }
}

/// Serves the pc/layout fixture day at `first` (the preset's first page, expanded): the page
/// files renamed to the preset's page names, articles and pictures where the pages' relative
/// links lead. With `swiper`, the page list is People's Daily's `.swiper-slide` list.
fn serve_layout_at(server: &Server, first: &str, swiper: bool) -> Vec<String> {
    let first_url = url::Url::parse(first).expect("a page address");
    let first_name = first_url
        .path_segments()
        .and_then(Iterator::last)
        .expect("a page file")
        .to_owned();
    let names = [first_name.clone(), second_page(&first_name)];
    let rename = |html: String| {
        let html = html
            .replace("node_01.html", &names[0])
            .replace("node_02.html", &names[1]);
        if swiper {
            html.replace(
                "<div id=\"pageList\"><ul class=\"ban-list\">",
                "<div class=\"swiper-container\"><div class=\"swiper-wrapper\">",
            )
            .replace("<li><a id=\"pageLink\"", "<div class=\"swiper-slide\"><a")
            .replace("</li>\n        </ul></div>", "</div>\n        </div></div>")
            .replace("pdf.png\"></a></li>", "pdf.png\"></a></div>")
        } else {
            html
        }
    };
    let mut page_urls = Vec::new();
    for (fixture_name, name) in ["node_01.html", "node_02.html"].iter().zip(&names) {
        let url = first_url.join(name).expect("a page address");
        let html = rename(fixture(&format!("layout/{fixture_name}")));
        serve_page(server, &url, &html);
        for article in [
            "content_1001.html",
            "content_1002.html",
            "content_1003.html",
        ] {
            let article_url = url
                .join(&format!("../../../content/202609/16/{article}"))
                .expect("an article address");
            serve_page(server, &article_url, &fixture(&format!("layout/{article}")));
        }
        page_urls.push(url.path().to_owned());
    }
    page_urls
}

/// Every Founder preset, at its own address pattern and page names, reads the pc/layout day
/// (People's Daily with its swiper page list, the others with `#pageList`), and the classic
/// preset reads the classic day; each edition is named after the preset's paper.
#[test]
fn every_founder_preset_reads_a_day_at_its_own_address() {
    let founder: Vec<_> = PRESETS
        .iter()
        .filter(|p| p.system == "founder pc/layout")
        .collect();
    assert!(founder.len() >= 9, "{founder:?}");
    for preset in founder {
        let server = Server::start();
        let address = on_loopback(&server, preset.epaper);
        let pages = serve_layout_at(&server, &expand(&address, DAY), preset.name == "rmrb");
        let dir = tempfile::tempdir().expect("a temp dir");
        let report = run(&preset_source(preset.name, &address), dir.path(), DAY);
        let name = preset.name;
        assert!(report.failures.is_empty(), "{name}: {:?}", report.failures);
        assert_eq!(
            report.template.as_deref(),
            Some("founder pc/layout"),
            "{name}"
        );
        for page in &pages {
            assert_eq!(server.hits(page), 1, "{name}: {page} read once");
        }
        let edition = load(dir.path());
        assert_eq!(edition.paper.as_deref(), Some(preset.paper), "{name}");
        assert!(
            dir.path()
                .join(format!("{}-2026-09-16", preset.paper))
                .is_dir(),
            "{name}: the folder is named after the paper"
        );
        let headlines: Vec<_> = edition
            .pages
            .iter()
            .map(|p| {
                let heads: Vec<_> = p.items.iter().filter_map(|i| i.headline.clone()).collect();
                (p.name.clone().unwrap_or_default(), heads)
            })
            .collect();
        assert_eq!(headlines.len(), 2, "{name}: {headlines:?}");
        assert_eq!(headlines[0].0, "要闻", "{name}");
        assert_eq!(headlines[1].0, "评论", "{name}");
        assert_eq!(
            headlines[0].1,
            ["青禾县社区服务站全部建成", "秋收时节稻田金黄"],
            "{name}"
        );
        assert!(
            edition
                .facsimiles
                .get("1")
                .is_some_and(|f| !f.regions.is_empty()),
            "{name}: page 1's facsimile and its areas"
        );
    }
}

#[test]
fn the_classic_preset_reads_a_classic_day_at_its_address() {
    let preset = PRESETS
        .iter()
        .find(|p| p.system == "founder classic")
        .expect("a classic preset");
    let server = Server::start();
    let address = on_loopback(&server, preset.epaper);
    let first = url::Url::parse(&expand(&address, DAY)).expect("an address");
    let first_name = first
        .path_segments()
        .and_then(Iterator::last)
        .expect("a file");
    assert_eq!(
        first_name, "node_2.htm",
        "the classic system numbers pages from 2"
    );
    for file in [
        "node_2.htm",
        "node_3.htm",
        "content_2001.htm",
        "content_2002.htm",
        "content_2003.htm",
    ] {
        let url = first.join(file).expect("an address");
        serve_page(&server, &url, &fixture(&format!("classic/{file}")));
    }
    // The fixture's pictures sit beside the day's folder in `res/`.
    for page in ["A01", "A02"] {
        let url = first
            .join(&format!("../../../res/1/20260916/{page}/page.jpg"))
            .expect("an address");
        server.route(url.path(), Reply::bytes("image/jpeg", page_picture()));
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&preset_source(preset.name, &address), dir.path(), DAY);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.template.as_deref(), Some("founder classic"));
    let edition = load(dir.path());
    assert_eq!(edition.paper.as_deref(), Some(preset.paper));
    let labels: Vec<_> = edition.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["A1", "A2"]);
    assert_eq!(
        edition.pages[0].items[0].headline.as_deref(),
        Some("青禾港新碼頭啓用")
    );
}

fn serve_mrdx(server: &Server, first: &url::Url) {
    for file in [
        "Page01HO.htm",
        "Page02BC.htm",
        "Articel01001BB.htm",
        "Articel01002BB.htm",
        "Articel02001BB.htm",
    ] {
        let url = first.join(file).expect("an address");
        serve_page(server, &url, &fixture(&format!("mrdx/{file}")));
    }
}

/// 新华每日电讯's own system (`content/YYYYMMDD/PageNNXX.htm`, `td a.atitle` links for pages
/// and articles, the text in `span#contenttext` with the headline in a 23-pixel `<strong>`):
/// the preset's selectors read every part, and none of the page's furniture.
#[test]
fn the_mrdx_preset_reads_its_own_system() {
    let server = Server::start();
    let preset = PRESETS.iter().find(|p| p.name == "mrdx").expect("mrdx");
    let address = on_loopback(&server, preset.epaper);
    let first = url::Url::parse(&expand(&address, DAY)).expect("an address");
    assert!(
        first.path().ends_with("/content/20260916/Page01HO.htm"),
        "{first}"
    );
    serve_mrdx(&server, &first);
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = run(&preset_source("mrdx", &address), dir.path(), DAY);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        (report.written[0].pages, report.written[0].articles),
        (2, 3),
        "{report:?}"
    );
    // An article linked from the list and from the image map is asked for once.
    assert_eq!(
        server.hits(first.join("Articel01001BB.htm").expect("url").path()),
        1
    );
    // The previous day's page is not this day's.
    assert_eq!(server.hits("/content/20260915/Page01HO.htm"), 0);

    let edition = load(dir.path());
    assert_eq!(edition.paper.as_deref(), Some("新华每日电讯"));
    let pages: Vec<_> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(pages, [("1", Some("要闻")), ("2", Some("时评"))]);
    let lead = &edition.pages[0].items[0];
    assert_eq!(lead.kind, ItemKind::Article);
    assert_eq!(lead.kicker.as_deref(), Some("粮食安全"));
    assert_eq!(lead.headline.as_deref(), Some("秋粮收购全面展开"));
    assert_eq!(lead.subtitle.as_deref(), Some("收购网点比去年增加一成"));
    assert_eq!(lead.byline.as_deref(), Some("记者 宋禾生"));
    let paragraphs: Vec<_> = lead.paragraphs().collect();
    assert_eq!(paragraphs.len(), 3, "{:#?}", lead.body);
    assert!(paragraphs[0].starts_with("青禾9月15日电"), "{paragraphs:?}");
    let text: String = paragraphs.concat();
    // The heads are not repeated as paragraphs.
    for head in [
        "粮食安全",
        "秋粮收购全面展开",
        "收购网点比去年增加一成",
        "记者 宋禾生",
    ] {
        assert!(!paragraphs.contains(&head), "{head:?} in {paragraphs:?}");
    }
    for furniture in ["返回本版", "打印本文", "版权所有", "第一版"] {
        assert!(!text.contains(furniture), "{furniture:?} in {text}");
    }
    assert_eq!(
        edition.pages[1].items[0].byline.as_deref(),
        Some("方木"),
        "{:#?}",
        edition.pages[1].items[0]
    );
    let facsimile = edition.facsimiles.get("1").expect("page 1's facsimile");
    assert_eq!(facsimile.regions.len(), 2, "{facsimile:?}");
}

/// A story that runs from page 1 to page 2 of a fetched day is linked both ways, as in any
/// other edition, and its markers are the links, not text.
#[test]
fn a_story_jumping_between_fetched_pages_is_linked() {
    let server = Server::start();
    let mut front = Story::new("青禾湖治理进入新阶段");
    front
        .paragraphs
        .push("治理方案分三步实施，第一步清淤已于上月完成。（下转第二版）".to_owned());
    let mut rest = Story::new("青禾湖治理进入新阶段");
    rest.paragraphs = vec![
        "（上接第一版）第二步是修复湖岸湿地，第三步是建设环湖步道。".to_owned(),
        "整个工程预计明年年底完工。".to_owned(),
    ];
    let other = Story::new("秋季运动会开幕");
    support::fetch_server::serve_day(
        &server,
        &[
            DayPage {
                name: "要闻".into(),
                stories: vec![front],
            },
            DayPage {
                name: "综合".into(),
                stories: vec![other, rest],
            },
        ],
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let source = preset_source("rmrb", &server.url(support::fetch_server::TEMPLATE_PATH));
    let report = run(&source, dir.path(), jiff::civil::date(2026, 8, 21));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let edition = load(dir.path());
    let first = &edition.pages[0].items[0];
    let second = edition.pages[1]
        .items
        .iter()
        .find(|i| i.continued_from.is_some())
        .unwrap_or_else(|| panic!("the continuation on page 2: {:#?}", edition.pages[1].items));
    assert_eq!(first.continued_to_id.as_deref(), Some(second.id.as_str()));
    assert_eq!(second.continued_from_id.as_deref(), Some(first.id.as_str()));
}

/// `--force` fetches a day again (the paper changed it: a story added above the bookmarked
/// one), and the bookmark still opens its story.
#[test]
fn a_bookmark_survives_fetching_the_day_again() {
    use kanbao::store::Bookmark;
    let server = Server::start();
    let day = jiff::civil::date(2026, 8, 21);
    let kept = Story::new("青禾湖治理进入新阶段");
    support::fetch_server::serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories: vec![Story::new("秋季运动会开幕"), kept.clone()],
        }],
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let source = preset_source("rmrb", &server.url(support::fetch_server::TEMPLATE_PATH));
    assert!(run(&source, dir.path(), day).failures.is_empty());
    let library = Library::load(&[dir.path().to_owned()]);
    let edition = &library.editions[0];
    let page = &edition.pages[0];
    let item = &page.items[1];
    assert_eq!(item.headline.as_deref(), Some("青禾湖治理进入新阶段"));
    let bookmark = Bookmark::new(edition, page, item, kanbao::store::SavedPosition::default());

    // The paper republishes the day with a story above it.
    support::fetch_server::serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories: vec![
                Story::new("新学期开学典礼举行"),
                Story::new("秋季运动会开幕"),
                kept,
            ],
        }],
    );
    // Without --force the complete edition is kept as it was.
    let again = run(&source, dir.path(), day);
    assert!(again.written.is_empty(), "{again:?}");
    let mut opts = options(dir.path(), Duration::from_secs(2));
    opts.force = true;
    let forced = fetch_source(&source, &[day], &opts, &mut |_| {}, &AtomicBool::new(false));
    assert!(forced.failures.is_empty(), "{:?}", forced.failures);
    assert_eq!(forced.written.len(), 1, "{forced:?}");
    assert_eq!(forced.written[0].articles, 3);
    let library = Library::load(&[dir.path().to_owned()]);
    assert_eq!(library.editions.len(), 1, "replaced, not added beside");
    let (_, _, found) = bookmark.resolve(&library).expect("the bookmark resolves");
    assert_eq!(found.headline.as_deref(), Some("青禾湖治理进入新阶段"));
    let folders: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("the destination")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(
        folders.len(),
        1,
        "no staging folder left behind: {folders:?}"
    );
}

/// Refused, unknown host, TLS failure, timeout, robots.txt: five messages, each with the
/// address, each at once (no retry), each within the connect timeout.
#[test]
fn five_failures_are_five_messages() {
    let fail = |url: String| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut opts = options(dir.path(), Duration::from_secs(2));
        opts.retries = 2;
        opts.connect_timeout = Duration::from_secs(1);
        opts.read_timeout = Duration::from_secs(1);
        let started = std::time::Instant::now();
        let report = fetch_source(
            &preset_source("rmrb", &url),
            &[DAY],
            &opts,
            &mut |_| {},
            &AtomicBool::new(false),
        );
        assert_eq!(report.failures.len(), 1, "{url}: {:?}", report.failures);
        assert!(
            report.failures[0].url.ends_with("node_01.html"),
            "{:?}",
            report.failures[0]
        );
        (report.failures[0].reason.clone(), started.elapsed())
    };

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("an address").port()
    };
    let (refused, _) = fail(format!(
        "http://127.0.0.1:{closed}/pc/layout/{{yyyy}}{{mm}}/{{dd}}/node_01.html"
    ));
    assert!(refused.contains("connection refused"), "{refused}");

    let (unknown, _) =
        fail("http://kanbao-test.invalid/pc/layout/{yyyy}{mm}/{dd}/node_01.html".to_owned());
    assert!(unknown.contains("DNS"), "{unknown}");

    // https to a server that answers in plain HTTP: the handshake fails.
    let plain = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let plain_port = plain.local_addr().expect("an address").port();
    std::thread::spawn(move || {
        for mut stream in plain.incoming().take(4).flatten() {
            use std::io::Write;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let https =
        format!("https://127.0.0.1:{plain_port}/pc/layout/{{yyyy}}{{mm}}/{{dd}}/node_01.html");
    let (tls, _) = fail(https);
    assert!(tls.contains("TLS"), "{tls}");

    // A server that accepts and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let silent_port = silent.local_addr().expect("an address").port();
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        silent.set_nonblocking(true).expect("non-blocking");
        let until = std::time::Instant::now() + Duration::from_secs(8);
        while std::time::Instant::now() < until {
            if let Ok((stream, _)) = silent.accept() {
                open.push(stream);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let (timeout, took) = fail(format!(
        "http://127.0.0.1:{silent_port}/pc/layout/{{yyyy}}{{mm}}/{{dd}}/node_01.html"
    ));
    assert!(timeout.contains("timed out"), "{timeout}");
    assert!(took < Duration::from_secs(7), "{took:?}");
    drop(held);

    let robots = Server::start();
    robots.route(
        "/robots.txt",
        Reply::bytes("text/plain", b"User-agent: *\nDisallow: /pc/\n".to_vec()),
    );
    let (refusal, _) = fail(robots.url("/pc/layout/{yyyy}{mm}/{dd}/node_01.html"));
    assert!(refusal.contains("robots.txt"), "{refusal}");

    let messages = [&refused, &unknown, &tls, &timeout, &refusal];
    for (i, a) in messages.iter().enumerate() {
        for b in &messages[i + 1..] {
            assert_ne!(a, b);
        }
    }
}
