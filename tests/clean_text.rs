//! Clean text is never "repaired": bylines, subheads, sign-offs, list lines, verse and credits
//! stay as written; the recognisers find the real forms of bylines, datelines and credits; a
//! photo inside an article stays in it. The sample keeps its ten true repairs.

use std::path::{Path, PathBuf};

use kanbao::edition::{Block, Edition, Item, ItemKind};
use kanbao::formats::load_file;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/clean")
        .join(name)
}

fn joins(edition: &Edition) -> Vec<String> {
    edition
        .warnings
        .iter()
        .filter(|w| w.message.contains("column-break repair"))
        .map(ToString::to_string)
        .collect()
}

fn by_headline<'a>(edition: &'a Edition, headline: &str) -> &'a Item {
    edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.headline.as_deref() == Some(headline))
        .unwrap_or_else(|| panic!("no article {headline:?}"))
}

#[test]
fn clean_chinese_text_is_left_as_written() {
    let edition = load_file(&fixture("renmin-style-2026-08-21.md")).expect("loads");
    assert_eq!(joins(&edition), Vec::<String>::new());

    let lead = by_headline(&edition, "多地推出惠民举措丰富群众文化生活");
    assert_eq!(lead.kicker.as_deref(), Some("暑期文旅市场持续升温"));
    assert_eq!(lead.byline.as_deref(), Some("本报记者 徐隽 魏哲哲"));
    assert_eq!(
        lead.dateline.as_deref(),
        Some("本报北京8月20日电 （记者徐隽、魏哲哲）")
    );
    let paragraphs: Vec<&str> = lead.paragraphs().collect();
    assert!(paragraphs.contains(&"延时开放效果明显"), "{paragraphs:?}");
    assert!(paragraphs.contains(&"——编  者"), "{paragraphs:?}");

    let school = by_headline(&edition, "让更多孩子在家门口享受优质教育");
    assert_eq!(school.byline.as_deref(), Some("崔妍"));
    let paragraphs: Vec<&str> = school.paragraphs().collect();
    for line in [
        "■ 一线视角",
        "■ 数说变化",
        "一、优化学校布局",
        "二、加强师资配备",
    ] {
        assert!(
            paragraphs.contains(&line),
            "{line} kept alone: {paragraphs:?}"
        );
    }

    let verse = by_headline(&edition, "夏夜");
    assert_eq!(verse.byline.as_deref(), Some("北京大学教授 原新"));
    assert_eq!(verse.paragraphs().count(), 5, "{:?}", verse.body);
}

#[test]
fn photos_stay_in_their_articles() {
    let edition = load_file(&fixture("renmin-style-2026-08-21.md")).expect("loads");
    let page2 = &edition.pages[1];
    assert!(
        page2
            .items
            .iter()
            .all(|i| i.kind == ItemKind::Article && i.headline.is_some()),
        "no article lost its headline to a photo: {:#?}",
        page2.items
    );
    let visit = by_headline(&edition, "友好交流活动在京举行");
    assert_eq!(visit.byline.as_deref(), Some("马哈茂德·阿卜杜拉赫曼"));
    assert!(
        visit
            .dateline
            .as_deref()
            .is_some_and(|d| d.starts_with("新华社北京8月20日电"))
    );
    let photos = visit.photos();
    assert_eq!(photos.len(), 1);
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("图为青年代表体验传统手工艺。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("曹红祖摄（人民视觉）"));
    assert!(
        matches!(visit.body.last(), Some(Block::Paragraph(p)) if p.starts_with("代表们表示")),
        "the text after the photo stays in the article"
    );

    let museum = by_headline(&edition, "科技馆里的暑假");
    assert_eq!(museum.byline.as_deref(), Some("南方日报记者 杜玮淦"));
    assert!(
        matches!(museum.body.first(), Some(Block::Photo(p)) if p.credit.as_deref() == Some("新华社发"))
    );
    assert_eq!(museum.paragraphs().count(), 2);
}

/// With repair forced on, the structural guards alone keep clean text whole.
#[test]
fn forced_repair_still_never_joins_structural_lines() {
    for name in ["renmin-style-2026-08-21.md", "gazette-clean-1916-04-15.md"] {
        let text = std::fs::read_to_string(fixture(name)).expect("reads");
        let forced = text.replacen("+++\n", "+++\nrepair = \"on\"\n", 1);
        let edition = kanbao::formats::load_bytes(forced.as_bytes(), &fixture(name));
        assert_eq!(joins(&edition), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn clean_english_text_is_left_as_written() {
    let edition = load_file(&fixture("gazette-clean-1916-04-15.md")).expect("loads");
    assert_eq!(joins(&edition), Vec::<String>::new());
    let river = by_headline(&edition, "River Commission Reports Progress");
    assert_eq!(river.byline.as_deref(), Some("By JANE DOE."));
    assert_eq!(river.dateline.as_deref(), Some("WASHINGTON, April 14.—"));
    assert_eq!(river.paragraphs().count(), 4);
    let farmers = by_headline(&edition, "Farmers Meet at Grange Hall");
    assert_eq!(farmers.byline.as_deref(), Some("By The Associated Press"));
    assert_eq!(
        farmers.dateline.as_deref(),
        Some("CHICAGO, Ill., April 14.—")
    );
}

#[test]
fn the_sample_keeps_its_ten_repairs_and_repair_off_turns_them_off() {
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("editions/xuchang-daily-2023-02-28.txt");
    let edition = load_file(&sample).expect("loads");
    assert_eq!(joins(&edition).len(), 10, "{:#?}", joins(&edition));

    let text = std::fs::read_to_string(&sample).expect("reads");
    let off = format!("+++\nrepair = \"off\"\n+++\n{text}");
    let edition = kanbao::formats::load_bytes(off.as_bytes(), Path::new("x-2023-02-28.txt"));
    assert_eq!(joins(&edition).len(), 0);
}

/// An article as a person converting clean text into the heading dialect by hand writes it:
/// kicker, headline, subtitle, byline, then every paragraph, subhead, caption and credit as a
/// line of its own between blank lines.
fn as_dialect(item: &Item, out: &mut String) {
    use std::fmt::Write as _;
    let mut line = |text: &str, prefix: &str| {
        let _ = write!(out, "{prefix}{text}\n\n");
    };
    if let Some(kicker) = &item.kicker {
        line(kicker, "### ");
    }
    line(item.headline.as_deref().unwrap_or("无题"), "# ");
    if let Some(subtitle) = &item.subtitle {
        line(subtitle, "## ");
    }
    if let Some(byline) = &item.byline {
        line(byline, "");
    }
    for block in &item.body {
        match block {
            Block::Paragraph(text) | Block::Subhead(text) => line(text, ""),
            Block::Photo(photo) => {
                for part in [&photo.caption, &photo.credit].into_iter().flatten() {
                    line(part, "");
                }
            }
        }
    }
}

/// Every article the other readers take from the fixtures (feeds, crawler folders, OCR pages,
/// all clean text with explicit paragraphs), converted to the dialect by hand's rules, gets no
/// join: not by default, and not with repair forced on.
#[test]
fn clean_text_from_every_reader_converted_to_the_dialect_gets_no_joins() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let library = kanbao::library::Library::load(&[
        root.join("feeds"),
        root.join("articles"),
        root.join("ocr"),
    ]);
    let mut articles = 0;
    for edition in &library.editions {
        let mut text = String::from("+++\nrepair = \"on\"\n+++\n\n");
        for item in edition.pages.iter().flat_map(|p| &p.items) {
            if item.kind == ItemKind::Article && item.headline.is_some() {
                as_dialect(item, &mut text);
                articles += 1;
            }
        }
        for (mode, text) in [
            ("on", text.clone()),
            ("auto", text.replacen("repair = \"on\"", "", 1)),
        ] {
            let converted = kanbao::formats::load_bytes(text.as_bytes(), Path::new("converted.md"));
            assert_eq!(
                joins(&converted),
                Vec::<String>::new(),
                "{} with repair {mode}",
                edition.id
            );
        }
    }
    assert!(
        articles >= 30,
        "a corpus worth the name: {articles} articles"
    );
}
