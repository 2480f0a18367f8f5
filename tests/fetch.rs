//! `kanbao::fetch` against a loopback server serving invented e-paper pages, articles, pictures
//! and feeds: what is written reads back through the library, politeness and bounds hold, and
//! an interrupted or failed fetch is completed by the next one. Never the internet.

#[path = "support/fetch_server.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kanbao::edition::{Edition, ItemKind};
use kanbao::fetch::{
    FetchOptions, Progress, Selectors, Source, SourceKind, SourceReport, fetch_source,
};
use kanbao::library::Library;
use support::{DayPage, Reply, Server, Story, TEMPLATE_PATH, serve_day};

const DAY: jiff::civil::Date = jiff::civil::date(2026, 8, 21);

fn options(into: &Path) -> FetchOptions {
    FetchOptions {
        into: into.to_owned(),
        delay: Duration::ZERO,
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(3),
        retries: 2,
        retry_backoff: Duration::from_millis(10),
        ..FetchOptions::default()
    }
}

fn epaper(server: &Server) -> Source {
    Source {
        name: "rmrb".into(),
        paper: Some("人民日报".into()),
        kind: SourceKind::Epaper {
            url_template: server.url(TEMPLATE_PATH),
            select: Selectors::preset("rmrb").expect("the rmrb preset"),
        },
    }
}

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
    let text = std::fs::read_to_string(edition_dir(into).join("edition.toml")).expect("edition.toml");
    toml::from_str(&text).expect("edition.toml parses")
}

#[test]
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
        Some("图为湖滨新区居民在社区服务站办理业务。")
    );
    for page in draft["pages"].as_array().expect("pages") {
        let image = page["image"].as_str().expect("a page image");
        assert!(folder.join(image).is_file(), "{image}");
    }
    let toml = edition_toml(dir.path());
    assert_eq!(toml["incomplete"].as_bool(), Some(false));
    assert!(toml["source_url"].as_str().is_some_and(|u| u.ends_with("node_01.html")));
    assert!(toml.contains_key("fetched_at"));
    // Nothing but the edition and the state file: no staging folder left behind.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the library lists")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
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
