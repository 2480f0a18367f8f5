//! Feed files as a reader meets them: People's-Daily-style full-text RSS, RSS 1.0, Atom, JSON
//! Feed, summary-only and overlapping feeds, and broken input that must never panic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kanbao::edition::{Block, Edition, Item, Severity};
use kanbao::formats::feed::{FeedFile, feed_editions, looks_like_feed, read_feed};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name)
}

fn read(name: &str) -> (PathBuf, FeedFile) {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    let file = read_feed(&bytes, &path);
    (path, file)
}

fn editions(names: &[&str]) -> Vec<Edition> {
    feed_editions(names.iter().map(|n| read(n)).collect())
}

fn items(edition: &Edition) -> Vec<&Item> {
    edition.pages.iter().flat_map(|p| &p.items).collect()
}

fn find<'a>(editions: &'a [Edition], headline: &str) -> &'a Item {
    editions
        .iter()
        .flat_map(items)
        .find(|i| i.headline.as_deref() == Some(headline))
        .unwrap_or_else(|| panic!("no item headed {headline}"))
}

/// Every string a reader could see in the edition.
fn all_text(edition: &Edition) -> Vec<String> {
    let mut out = Vec::new();
    for item in items(edition) {
        out.extend(
            [&item.kicker, &item.headline, &item.subtitle, &item.byline]
                .into_iter()
                .flatten()
                .cloned(),
        );
        for block in &item.body {
            match block {
                Block::Paragraph(t) | Block::Subhead(t) => out.push(t.clone()),
                Block::Photo(p) => {
                    out.extend([&p.caption, &p.credit].into_iter().flatten().cloned());
                }
            }
        }
    }
    out
}

fn assert_clean(edition: &Edition) {
    for text in all_text(edition) {
        assert!(!text.is_empty(), "{}: empty string", edition.id);
        for bad in [
            "<p",
            "</",
            "&lt;",
            "&gt;",
            "&amp;",
            "&nbsp;",
            "<!--",
            "\u{3000}\u{3000}",
        ] {
            assert!(!text.contains(bad), "{}: {bad:?} in {text:?}", edition.id);
        }
        assert_eq!(text.trim(), text, "{}: untrimmed {text:?}", edition.id);
    }
}

/// A page as a reader sees it in the contents: label, name, number of items.
type PageSeen = (String, Option<String>, usize);

#[test]
fn peoples_daily_style_feed_editions_and_pages() {
    let editions = editions(&["renmin-fulltext.xml"]);
    let summary: Vec<(&str, Option<&str>, Vec<PageSeen>)> = editions
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.date.as_deref(),
                e.pages
                    .iter()
                    .map(|p| (p.label.clone(), p.name.clone(), p.items.len()))
                    .collect(),
            )
        })
        .collect();
    let page = |label: &str, name: &str, n| (label.to_owned(), Some(name.to_owned()), n);
    assert_eq!(
        summary,
        vec![
            (
                "人民日报-2026-08-21",
                Some("2026-08-21"),
                vec![page("1", "要闻", 2), page("2", "经济", 1)]
            ),
            (
                "人民日报-2026-08-22",
                Some("2026-08-22"),
                vec![page("1", "要闻", 1), page("2", "经济", 1)]
            ),
        ]
    );
    for edition in &editions {
        assert_eq!(edition.paper.as_deref(), Some("人民日报"));
        assert_eq!(edition.language.as_deref(), Some("zh"));
        assert_eq!(edition.format, kanbao::edition::Format::Feed);
        assert_eq!(edition.source, fixture("renmin-fulltext.xml"));
        assert!(edition.warnings.is_empty(), "{:?}", edition.warnings);
        assert_clean(edition);
    }
}

#[test]
fn peoples_daily_style_articles() {
    let editions = editions(&["renmin-fulltext.xml"]);
    let lead = find(&editions, "青川县新建十座智能温室");
    assert_eq!(lead.id, "人民日报-2026-08-21/1/1");
    assert_eq!(lead.kicker.as_deref(), Some("科技创新引领产业升级"));
    assert_eq!(lead.subtitle.as_deref(), Some("——当地农户人均增收三成"));
    assert_eq!(
        lead.byline.as_deref(),
        Some("本报记者 林小雨"),
        "furniture removed"
    );
    assert_eq!(
        lead.link.as_deref(),
        Some("http://paper.people.com.cn/rmrb/pc/content/202608/21/content_1000101.html")
    );
    assert!(!lead.summary_only);
    let photos = lead.photos();
    assert_eq!(photos.len(), 1);
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("青川县一座智能温室里，番茄长势正旺。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("本报记者 赵晴 摄"));
    assert_eq!(
        photos[0].image.as_deref(),
        Some("http://paper.people.com.cn/rmrb/pc/pic/202608/21/a1001.jpg"),
        "an address relative to the article's page is resolved against its link"
    );
    assert!(
        matches!(lead.body[0], Block::Photo(_)),
        "the lead photo comes first"
    );
    assert_eq!(
        lead.subheads().collect::<Vec<_>>(),
        ["从试点到推广", "带动周边就业"]
    );
    let paragraphs: Vec<&str> = lead.paragraphs().collect();
    assert_eq!(paragraphs.len(), 5);
    assert_eq!(
        paragraphs[0],
        "本报青川8月20日电\u{3000}（记者林小雨）八月的青川，温室里一片翠绿。十座新建的智能温室已全部投入使用。",
        "indent dropped, the source line break inside the sentence joined without a space"
    );
    assert!(paragraphs[2].contains("十座&配套"), "entities decoded");

    let second = find(&editions, "全国夏粮收购进度过半");
    assert_eq!(second.kicker, None, "an empty h3 is no kicker");
    assert_eq!(second.subtitle, None);
    assert_eq!(second.byline.as_deref(), Some("本报记者 陈立"));

    let market = find(&editions, "小商品市场迎来出口旺季");
    assert_eq!(market.byline.as_deref(), Some("本报记者 周明 通讯员 韩雪"));
    let photos = market.photos();
    assert_eq!(
        photos.len(),
        1,
        "caption paragraph + credit paragraph = one photo"
    );
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("图为商户正在打包出口货物。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("本报记者 周明 摄"));
    assert_eq!(market.paragraphs().count(), 3);

    // No date in this link: the pubDate decides, in the feed's own offset (05:30 +0800 on the
    // 22nd is 21:30 UTC on the 21st).
    let night = find(&editions, "夜间经济点亮县城");
    assert!(
        night.id.starts_with("人民日报-2026-08-22/2/"),
        "{}",
        night.id
    );
}

/// (caption, credit, image file name) of each photo in an item, in order.
type PhotoSeen = (Option<String>, Option<String>, Option<String>);

fn photos_seen(item: &Item) -> Vec<PhotoSeen> {
    item.photos()
        .into_iter()
        .map(|p| {
            let file = p.image.as_deref().and_then(|i| i.rsplit('/').next());
            (p.caption, p.credit, file.map(str::to_owned))
        })
        .collect()
}

fn seen(caption: Option<&str>, credit: Option<&str>, file: Option<&str>) -> PhotoSeen {
    let owned = |s: Option<&str>| s.map(str::to_owned);
    (owned(caption), owned(credit), owned(file))
}

#[test]
fn peoples_daily_photo_captions_and_credits() {
    let editions = editions(&["renmin-captions.xml"]);
    for edition in &editions {
        assert_clean(edition);
    }
    let cases: [(&str, Vec<PhotoSeen>, usize); 5] = [
        (
            // `<p>` markup inside data-original-title: read as HTML, the credit split off.
            "青禾湖海上风电项目全容量并网",
            vec![seen(
                Some("图为青禾湖海上风电项目。"),
                Some("青禾县委宣传部供图"),
                Some("f1.jpg"),
            )],
            2,
        ),
        (
            // The same markup escaped, with no-break spaces padding the credit.
            "南岭大桥主体完工",
            vec![seen(
                Some("9月14日，工人在大桥上作业。"),
                Some("本报记者 欧阳晓 摄"),
                Some("f2.jpg"),
            )],
            2,
        ),
        (
            // A picture report: the image, both caption paragraphs and the credit, one photo.
            "秋收时节稻谷香",
            vec![seen(
                Some("9月15日，青禾县南岭村的稻田迎来丰收。\n图为村民在田间收割稻谷。"),
                Some("程兆摄（人民视觉）"),
                Some("f5.jpg"),
            )],
            0,
        ),
        (
            // The older table.pci_c picture: caption and credit after a <br>.
            "老港区换新颜",
            vec![seen(
                Some("老港区的集装箱码头一派繁忙。"),
                Some("新华社记者 冯涛摄"),
                Some("p4.jpg"),
            )],
            1,
        ),
        (
            // A chart's 制图 credit; the page's 版式设计 line is a credit too, and steals no
            // paragraph as its caption.
            "前八月青禾外贸稳中有升",
            vec![
                seen(
                    Some("前八月青禾外贸进出口情况。"),
                    Some("制图：潘晓"),
                    Some("f6.jpg"),
                ),
                seen(None, Some("版式设计：蒋文"), None),
            ],
            2,
        ),
    ];
    for (headline, photos, paragraphs) in cases {
        let item = find(&editions, headline);
        assert_eq!(photos_seen(item), photos, "{headline}: photos");
        assert_eq!(
            item.paragraphs().count(),
            paragraphs,
            "{headline}: paragraphs"
        );
    }
}

#[test]
fn rss_1_rdf_feed() {
    let editions = editions(&["rdf.xml"]);
    assert_eq!(editions.len(), 1);
    let edition = &editions[0];
    assert_eq!(edition.paper.as_deref(), Some("The Valley Herald"));
    assert_eq!(
        edition.date.as_deref(),
        Some("2026-08-21"),
        "18:00 -07:00 is the 22nd in UTC"
    );
    assert_eq!(edition.language.as_deref(), Some("en"));
    let bridge = find(&editions, "New Bridge Opens Over the River");
    assert_eq!(bridge.byline.as_deref(), Some("Ann Lee"));
    assert_eq!(bridge.paragraphs().count(), 2);
    assert!(!bridge.summary_only);
    let library = find(&editions, "Library Extends Its Hours");
    assert!(library.summary_only, "only a description");
    assert_eq!(
        library.paragraphs().collect::<Vec<_>>(),
        ["The library will stay open until nine on weekdays."]
    );
    assert_clean(edition);
}

#[test]
fn atom_feed_in_english() {
    let editions = editions(&["atom.xml"]);
    assert_eq!(editions.len(), 1);
    let edition = &editions[0];
    assert_eq!(edition.paper.as_deref(), Some("The Springfield Gazette"));
    assert_eq!(
        edition.date.as_deref(),
        Some("2026-08-20"),
        "23:30 -05:00 stays the 20th"
    );
    assert_eq!(
        edition
            .pages
            .iter()
            .map(|p| p.label.as_str())
            .collect::<Vec<_>>(),
        ["A1", "A2"],
        "pages from categories"
    );
    let fair = find(&editions, "Harvest Fair Draws Record Crowds");
    assert_eq!(fair.byline.as_deref(), Some("Martha Ellis"));
    assert_eq!(fair.dateline.as_deref(), Some("SPRINGFIELD —"));
    assert_eq!(fair.subheads().collect::<Vec<_>>(), ["Prize pumpkins"]);
    assert_eq!(fair.paragraphs().count(), 3);
    let photos = fair.photos();
    let captions: Vec<Option<&str>> = photos.iter().map(|p| p.caption.as_deref()).collect();
    assert_eq!(
        captions,
        [
            Some("Visitors line up at the gate of the fairground."),
            Some("The winning pumpkin on the scale.")
        ],
        "the media:content lead photo first, then the figure in the text"
    );
    assert!(
        photos
            .iter()
            .all(|p| p.credit.as_deref() == Some("Photo by Tom Reyes"))
    );
    assert_clean(edition);
}

#[test]
fn json_feed() {
    let editions = editions(&["feed.json"]);
    assert_eq!(editions.len(), 1);
    let edition = &editions[0];
    assert_eq!(edition.paper.as_deref(), Some("山城晚报"));
    assert_eq!(edition.date.as_deref(), Some("2026-08-21"));
    let pages: Vec<(&str, Option<&str>)> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(pages, [("1", Some("要闻")), ("3", Some("文体"))]);
    let rail = find(&editions, "山城轻轨新线开通");
    assert_eq!(
        rail.byline.as_deref(),
        Some("本报记者 何静"),
        "byline-shaped first paragraph"
    );
    assert_eq!(rail.dateline.as_deref(), Some("本报讯"));
    assert_eq!(rail.paragraphs().count(), 2);
    let games = find(&editions, "市民运动会落幕");
    assert_eq!(
        games.byline.as_deref(),
        Some("本报记者 罗兰"),
        "the author when the HTML has no byline"
    );
    assert_clean(edition);
}

#[test]
fn summary_only_feed() {
    let editions = editions(&["summary-only.xml"]);
    assert_eq!(editions.len(), 1);
    let edition = &editions[0];
    assert_eq!(edition.paper.as_deref(), Some("Riverside Courier"));
    let pages: Vec<(&str, Option<&str>)> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        pages,
        [("1", Some("Metro")), ("2", Some("Weekend"))],
        "categories number pages"
    );
    for item in items(edition) {
        assert!(item.summary_only, "{}", item.title());
        assert!(item.link.is_some());
        assert_eq!(item.paragraphs().count(), 1);
    }
    assert_eq!(
        find(&editions, "Orchard Opens for Picking")
            .paragraphs()
            .next(),
        Some("Families can pick apples from Saturday.")
    );
    assert_clean(edition);
}

#[test]
fn overlapping_feeds_show_each_item_once() {
    let editions = editions(&["overlap-a.xml", "overlap-b.xml"]);
    assert_eq!(editions.len(), 1);
    let edition = &editions[0];
    assert_eq!(edition.id, "青川日报-2026-08-21");
    assert_eq!(
        edition.source,
        fixture("overlap-a.xml"),
        "the first entry's file"
    );
    let headlines: Vec<&str> = items(edition).iter().map(|i| i.title()).collect();
    assert_eq!(
        headlines,
        ["县城新修三座公园", "桥梁加固工程完工", "社区食堂受欢迎"]
    );
    let parks = find(&editions, "县城新修三座公园");
    assert!(!parks.summary_only, "the full text replaced the summary");
    assert_eq!(parks.paragraphs().count(), 2);
    assert_eq!(
        parks.id, "青川日报-2026-08-21/1/1",
        "in the first copy's place"
    );
    let bridge = find(&editions, "桥梁加固工程完工");
    assert_eq!(
        bridge.paragraphs().collect::<Vec<_>>(),
        ["历时三个月的桥梁加固工程日前完工。"],
        "the first full copy wins"
    );
    assert!(
        !bridge.summary_only,
        "a whole article page in a description is the text"
    );
}

#[test]
fn sniffing_fixtures() {
    for name in [
        "renmin-fulltext.xml",
        "rdf.xml",
        "atom.xml",
        "feed.json",
        "summary-only.xml",
    ] {
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        assert!(looks_like_feed(&bytes[..bytes.len().min(512)]), "{name}");
    }
    let sample = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("editions/springfield-gazette-2023-02-27.md"),
    )
    .expect("sample edition");
    assert!(!looks_like_feed(&sample));
}

// ---------------------------------------------------------------------------------------------
// Bad input: never a panic, always a diagnostic naming the file.

fn errors(file: &FeedFile) -> Vec<&kanbao::edition::Diagnostic> {
    file.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

const RSS_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>Test Paper</title>\n";

fn rss_item(n: usize, body: &str) -> String {
    format!(
        "<item>\n<title>Story {n}</title>\n<guid>story-{n}</guid>\n<pubDate>Fri, 21 Aug 2026 07:30:00 +0800</pubDate>\n<content:encoded><![CDATA[{body}]]></content:encoded>\n</item>\n"
    )
}

#[test]
fn truncated_feed_keeps_the_items_before_the_cut() {
    let mut text = String::from(RSS_HEAD);
    for n in 1..=3 {
        text.push_str(&rss_item(n, "<p>Complete story.</p>"));
    }
    text.push_str(
        "<item>\n<title>Story 4</title>\n<content:encoded><![CDATA[<p>Cut off in the mid",
    );
    let path = Path::new("cut.xml");
    let file = read_feed(text.as_bytes(), path);
    let found = errors(&file);
    assert_eq!(found.len(), 1, "{:?}", file.diagnostics);
    assert_eq!(found[0].path, path);
    assert!(found[0].line.is_some(), "the cut is located");
    assert!(found[0].to_string().starts_with("cut.xml:"), "{}", found[0]);
    let headlines: Vec<&str> = file.entries.iter().map(|e| e.item.title()).collect();
    assert_eq!(headlines, ["Story 1", "Story 2", "Story 3"]);

    // Cut before any item is complete: a clear error, nothing else.
    let file = read_feed(&text.as_bytes()[..RSS_HEAD.len() + 20], path);
    assert!(file.entries.is_empty());
    assert_eq!(errors(&file).len(), 1);
    assert!(
        errors(&file)[0].message.contains("cannot read the feed"),
        "{:?}",
        file.diagnostics
    );
}

#[test]
fn broken_item_in_the_middle_keeps_the_items_before_it() {
    let mut text = String::from(RSS_HEAD);
    for n in 1..=5 {
        text.push_str(&rss_item(n, "<p>Complete story.</p>"));
    }
    text.push_str("<item><title>Broken</wrong></item>\n");
    for n in 6..=8 {
        text.push_str(&rss_item(n, "<p>Lost story.</p>"));
    }
    text.push_str("</channel></rss>");
    let file = read_feed(text.as_bytes(), Path::new("broken.xml"));
    let headlines: Vec<&str> = file.entries.iter().map(|e| e.item.title()).collect();
    assert_eq!(
        headlines,
        ["Story 1", "Story 2", "Story 3", "Story 4", "Story 5"]
    );
    let found = errors(&file);
    assert_eq!(found.len(), 1);
    let cut_line = text[..text.find("<item><title>Broken").expect("in text")]
        .lines()
        .count();
    assert_eq!(found[0].line, Some(cut_line), "{}", found[0]);
    assert!(
        found[0].message.contains("expected `</title>`"),
        "{}",
        found[0]
    );
}

#[test]
fn entity_expansion_bomb_is_not_expanded() {
    let mut doctype = String::from("<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    doctype.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for n in 2..=9 {
        let prev = format!("&lol{};", n - 1);
        writeln!(doctype, "<!ENTITY lol{n} \"{}\">", prev.repeat(10))
            .expect("a String takes writes");
    }
    doctype.push_str("]>\n");
    let text = format!(
        "<?xml version=\"1.0\"?>\n{doctype}<rss version=\"2.0\"><channel><title>Bomb &lol9;</title><item><title>Laughs &lol9;</title><description>&lol9;&lol9;</description></item></channel></rss>"
    );
    assert!(looks_like_feed(text.as_bytes()));
    let start = std::time::Instant::now();
    let file = read_feed(text.as_bytes(), Path::new("bomb.xml"));
    assert!(start.elapsed().as_secs() < 5);
    let editions = feed_editions(vec![(PathBuf::from("bomb.xml"), file)]);
    let total: usize = editions.iter().flat_map(all_text).map(|t| t.len()).sum();
    assert!(total < 1000, "nothing expanded: {total} bytes of text");
}

#[test]
fn huge_item_finishes() {
    let paragraph = "<p>　　本报讯 这是一段用于测试的很长的正文，内容反复出现。</p>\n";
    let body = paragraph.repeat(50 * 1024 * 1024 / paragraph.len() + 1);
    let mut text = String::from(RSS_HEAD);
    text.push_str(&rss_item(1, &body));
    text.push_str(&rss_item(2, "<p>After the huge one.</p>"));
    text.push_str("</channel></rss>");
    assert!(text.len() > 50 * 1024 * 1024);
    let start = std::time::Instant::now();
    let file = read_feed(text.as_bytes(), Path::new("huge.xml"));
    let elapsed = start.elapsed();
    assert_eq!(file.entries.len(), 2);
    assert!(file.entries[0].item.body.len() > 10_000);
    assert!(
        file.diagnostics
            .iter()
            .any(|d| d.message.contains("left out")),
        "{:?}",
        file.diagnostics
    );
    assert!(elapsed.as_secs() < 120, "{elapsed:?}");
}

#[test]
fn deeply_nested_item_html() {
    let body = format!(
        "{}深处的正文。{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let mut text = String::from(RSS_HEAD);
    text.push_str(&rss_item(1, &body));
    text.push_str("</channel></rss>");
    let file = read_feed(text.as_bytes(), Path::new("deep.xml"));
    assert_eq!(file.entries.len(), 1);
    assert_eq!(
        file.entries[0].item.paragraphs().collect::<Vec<_>>(),
        ["深处的正文。"]
    );
    assert!(
        file.diagnostics
            .iter()
            .any(|d| d.message.contains("flattened"))
    );
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let mut bytes = RSS_HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"<item><title>Bad \xff\xfe bytes</title><description>Text \xc3 here.</description></item></channel></rss>");
    let file = read_feed(&bytes, Path::new("bad.xml"));
    assert_eq!(file.entries.len(), 1);
    assert_eq!(
        file.entries[0].item.headline.as_deref(),
        Some("Bad \u{fffd}\u{fffd} bytes")
    );
    assert!(
        file.diagnostics
            .iter()
            .any(|d| d.message.contains("invalid UTF-8")),
        "{:?}",
        file.diagnostics
    );
}

#[test]
fn declared_legacy_encoding_is_decoded() {
    let text = "<?xml version=\"1.0\" encoding=\"gb2312\"?>\n<rss version=\"2.0\"><channel><title>青川日报</title><item><title>[01版：要闻]公园开放</title><link>https://qc.example/html/2026-08/21/c.htm</link><description>三座公园本周开放。</description></item></channel></rss>";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let file = read_feed(&bytes, Path::new("gbk.xml"));
    assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    assert_eq!(file.paper.as_deref(), Some("青川日报"));
    let entry = &file.entries[0];
    assert_eq!(entry.item.headline.as_deref(), Some("公园开放"));
    assert_eq!(
        (entry.page_label.as_str(), entry.page_name.as_deref()),
        ("1", Some("要闻"))
    );
    assert_eq!(entry.date.as_deref(), Some("2026-08-21"));

    // Undeclared: guessed and reported.
    let undeclared = text.replace(" encoding=\"gb2312\"", "");
    let (bytes, _, _) = encoding_rs::GBK.encode(&undeclared);
    let file = read_feed(&bytes, Path::new("guess.xml"));
    assert_eq!(file.paper.as_deref(), Some("青川日报"));
    assert!(
        file.diagnostics
            .iter()
            .any(|d| d.message.contains("a guess")),
        "{:?}",
        file.diagnostics
    );
}

#[test]
fn empty_and_foreign_files() {
    for (name, bytes) in [
        ("empty.xml", &b""[..]),
        ("blank.xml", b"  \n\n "),
        (
            "html.xml",
            b"<!DOCTYPE html><html><body><p>Not a feed</p></body></html>",
        ),
        (
            "empty-channel.xml",
            b"<rss version=\"2.0\"><channel><title>Nothing</title></channel></rss>",
        ),
        (
            "json.json",
            b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [}",
        ),
        ("garbage.xml", b"\x00\x01\x02<<<>>>&&&"),
    ] {
        let path = Path::new(name);
        let file = read_feed(bytes, path);
        assert!(file.entries.is_empty(), "{name}");
        assert!(
            !file.diagnostics.is_empty(),
            "{name}: a diagnostic says why"
        );
        assert!(file.diagnostics.iter().all(|d| d.path == path), "{name}");
        let editions = feed_editions(vec![(path.to_owned(), file)]);
        assert_eq!(
            editions.len(),
            1,
            "{name}: the problem is reported on an empty edition"
        );
        assert!(editions[0].pages.is_empty());
        assert!(!editions[0].warnings.is_empty());
    }
}

#[test]
fn a_broken_file_does_not_stop_the_others() {
    let (good_path, good) = read("atom.xml");
    let bad_path = PathBuf::from("broken.xml");
    let bad = read_feed(b"<rss version=\"2.0\"><channel><item><title>x", &bad_path);
    let editions = feed_editions(vec![(bad_path.clone(), bad), (good_path, good)]);
    assert!(
        editions
            .iter()
            .any(|e| e.paper.as_deref() == Some("The Springfield Gazette") && !e.pages.is_empty())
    );
    let broken = editions
        .iter()
        .find(|e| e.source == bad_path)
        .expect("reported");
    assert!(
        broken
            .warnings
            .iter()
            .any(|d| d.severity == Severity::Error)
    );
}

#[test]
fn same_ids_in_different_papers_are_different_items() {
    let json = |paper: &str| {
        format!(
            r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "{paper}", "items": [{{"id": "1", "title": "{paper} story", "content_text": "Text.", "date_published": "2026-08-21T08:00:00Z"}}]}}"#
        )
    };
    let files = ["Alpha Post", "Beta Times"]
        .iter()
        .map(|paper| {
            let path = PathBuf::from(format!("{paper}.json"));
            let file = read_feed(json(paper).as_bytes(), &path);
            (path, file)
        })
        .collect();
    let editions = feed_editions(files);
    let titles: Vec<&str> = editions.iter().flat_map(items).map(Item::title).collect();
    assert_eq!(titles, ["Alpha Post story", "Beta Times story"]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// No input makes the reader panic, and every string it keeps is clean.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048)) {
        let file = read_feed(&bytes, Path::new("any.xml"));
        let editions = feed_editions(vec![(PathBuf::from("any.xml"), file)]);
        for edition in &editions {
            for text in all_text(edition) {
                proptest::prop_assert!(text.split('\n').all(kanbao::edition::sanitize::is_clean));
            }
        }
    }

    /// Feed-shaped text with arbitrary item content never panics either.
    #[test]
    fn arbitrary_item_content_never_panics(title in ".{0,40}", body in ".{0,400}") {
        let mut text = String::from(RSS_HEAD);
        write!(text, "<item><title>{title}</title><description>{body}</description></item>").expect("a String takes writes");
        text.push_str(&rss_item(2, &body));
        text.push_str("</channel></rss>");
        let file = read_feed(text.as_bytes(), Path::new("any.xml"));
        let _ = feed_editions(vec![(PathBuf::from("any.xml"), file)]);
    }
}
