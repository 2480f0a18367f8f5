//! The sample edition's full structure: every item's parts, the photo, the continuations, the
//! repaired paragraphs, and that the raw seed, the shipped file and the embedded copy agree.

use std::path::{Path, PathBuf};

use kanbao::edition::{Edition, Item, ItemKind};
use kanbao::formats::{load_bytes, load_file};
use kanbao::library;

fn sample() -> Edition {
    library::sample()
}

fn items(edition: &Edition) -> Vec<&Item> {
    edition.pages.iter().flat_map(|p| &p.items).collect()
}

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_f409d700cfb95473.txt")
}

/// (kind, kicker, headline, subtitle, column, byline, dateline, continued_from, paragraphs)
type Expected = (
    ItemKind,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    usize,
);

const EXPECTED: [Expected; 9] = [
    (
        ItemKind::Article,
        None,
        Some("市政府召开2023年第8次重点工作周交办会议"),
        Some("张庆一等出席"),
        None,
        None,
        Some("本报讯(记者王利辉)"),
        None,
        3,
    ),
    (
        ItemKind::Article,
        Some("“岗位+技能”“政府+金融”“政府+慈善+社会力量”……"),
        Some("探索建立多元救助模式 构建全方位社会救助体系"),
        None,
        None,
        None,
        Some("本报讯(记者张辉 通讯员程海灵)"),
        None,
        4,
    ),
    (
        ItemKind::Article,
        None,
        Some("我市“专精特新”企业质量持续提高"),
        None,
        None,
        None,
        None,
        Some("1"),
        2,
    ),
    (
        ItemKind::Article,
        None,
        Some("多领域齐头并进 全方位精彩蝶变"),
        None,
        None,
        None,
        None,
        Some("1"),
        3,
    ),
    (
        ItemKind::Banner,
        None,
        Some("新时代 新征程 新伟业"),
        None,
        None,
        None,
        None,
        None,
        0,
    ),
    (
        ItemKind::Article,
        None,
        Some("全力打造“五个环境” 建设“硬核”营商高地"),
        Some("——访市政协副主席、建安区委书记马浩"),
        Some("全力以赴拼经济 优化环境促发展"),
        Some("本报记者 张辉"),
        None,
        None,
        7,
    ),
    (
        ItemKind::Article,
        None,
        Some("加强基层清廉建设 护航乡村全面振兴"),
        None,
        Some("清廉许昌大家谈 · 清廉建设县(市、区)篇"),
        Some("禹州市委常委、市纪委书记、市监委主任 曹晓光"),
        None,
        None,
        4,
    ),
    (ItemKind::Photo, None, None, None, None, None, None, None, 0),
    (
        ItemKind::Article,
        None,
        Some("襄城县丁营乡:移风易俗润心田"),
        None,
        None,
        Some("本报记者 许廷合 通讯员 高照辉"),
        None,
        None,
        6,
    ),
];

#[test]
fn every_item_has_its_parts() {
    let edition = sample();
    assert_eq!(edition.paper.as_deref(), Some("许昌日报"));
    assert_eq!(edition.date.as_deref(), Some("2023-02-28"));
    assert_eq!(edition.language.as_deref(), Some("zh"));
    assert_eq!(edition.pages.len(), 1);
    let items = items(&edition);
    assert_eq!(
        items.len(),
        EXPECTED.len(),
        "items: {:#?}",
        items.iter().map(|i| i.title()).collect::<Vec<_>>()
    );
    for (n, (item, want)) in items.iter().zip(EXPECTED).enumerate() {
        let (kind, kicker, headline, subtitle, column, byline, dateline, from, paragraphs) = want;
        let got = (
            item.kind,
            item.kicker.as_deref(),
            item.headline.as_deref(),
            item.subtitle.as_deref(),
            item.column.as_deref(),
            item.byline.as_deref(),
            item.dateline.as_deref(),
            item.continued_from.as_deref(),
            item.paragraphs().count(),
        );
        assert_eq!(
            got,
            (
                kind, kicker, headline, subtitle, column, byline, dateline, from, paragraphs
            ),
            "item {}",
            n + 1
        );
        assert_eq!(item.id, format!("xuchang-daily-2023-02-28/1/{}", n + 1));
    }
}

#[test]
fn photo_has_caption_and_credit() {
    let edition = sample();
    let photo = items(&edition)
        .into_iter()
        .find(|i| i.kind == ItemKind::Photo)
        .expect("the sample has a photo");
    assert_eq!(photo.credit.as_deref(), Some("本报记者 谭宜姝 摄"));
    let caption = photo.caption.as_deref().expect("the photo has a caption");
    assert!(
        caption.starts_with("2月26日,许昌雷锋爱心社志愿者在市区文峰广场为老人义务理发。"),
        "{caption}"
    );
    assert!(
        caption.ends_with("让老人们感受到了温暖和关怀。"),
        "{caption}"
    );
    // The caption is not left behind in the article before it.
    let before = items(&edition)[6];
    assert!(before.paragraphs().all(|p| !p.contains("雷锋爱心社")));
}

#[test]
fn column_breaks_are_repaired() {
    let edition = sample();
    let items = items(&edition);
    let joined = |n: usize| items[n].paragraphs().collect::<Vec<_>>().join("\n");
    let cases = [
        (0, "做好问题楼盘处置。三要强化经济运行调度。"),
        (1, "针对低保边缘家庭、低保家庭开展小额信贷"),
        (2, "金额19.25亿元。截至2022年年末"),
        (5, "“一窗受理”效率,不断提升市场主体办事体验"),
        (5, "资金、审批等要素保障,全力保证项目快速落地"),
        (6, "分别提出了不同要求,做到基层清廉建设"),
        (6, "强化基层党员干部廉政教育培训"),
        (6, "防微杜渐,持续营造基层风清气正的政治生态。"),
        (8, "文明和谐促复兴”……排练现场"),
        (8, "指导各行政村文艺队把社会主义核心价值观"),
    ];
    for (item, text) in cases {
        assert!(
            joined(item).contains(text),
            "item {} lacks {text:?}",
            item + 1
        );
    }
    // Real paragraph ends are kept: the interview has seven paragraphs, each a full sentence.
    for item in &items {
        for paragraph in item.paragraphs() {
            assert!(
                kanbao::edition::recognize::ends_sentence(paragraph),
                "{}: {paragraph}",
                item.id
            );
        }
    }
}

#[test]
fn stored_text_is_as_written() {
    let edition = sample();
    let first = items(&edition)[0]
        .paragraphs()
        .next()
        .expect("a first paragraph");
    assert!(
        first.starts_with("本报讯(记者王利辉)2月27日,市政府2023年第8次"),
        "ASCII punctuation is kept: {first}"
    );
}

/// Every line of the seed that is not a heading ends up in some item, in order: nothing lost.
#[test]
fn nothing_is_lost() {
    let edition = sample();
    let mut stored = String::new();
    for item in items(&edition) {
        for part in [
            &item.kicker,
            &item.headline,
            &item.subtitle,
            &item.byline,
            &item.column,
        ]
        .into_iter()
        .flatten()
        {
            stored.push_str(part);
        }
        for block in &item.body {
            stored.push_str(block.text());
        }
        for part in [&item.caption, &item.credit].into_iter().flatten() {
            stored.push_str(part);
        }
    }
    let text = library::SAMPLE_TEXT
        .split("+++\n")
        .nth(2)
        .expect("front matter then text");
    let original: String = text
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join("")
        .replace(" · ", "");
    let stored = stored.replace(" · ", "");
    let first_difference = stored
        .chars()
        .zip(original.chars())
        .position(|(a, b)| a != b);
    assert_eq!(
        first_difference, None,
        "stored text differs from the seed at char {first_difference:?}"
    );
    assert_eq!(stored.chars().count(), original.chars().count());
}

#[test]
fn continuations_point_at_page_one_and_are_reported_unlinked() {
    let edition = sample();
    let parts: Vec<&Item> = items(&edition)
        .into_iter()
        .filter(|i| i.continued_from.is_some())
        .collect();
    assert_eq!(parts.len(), 2);
    for part in parts {
        assert_eq!(part.continued_from.as_deref(), Some("1"));
        assert_eq!(
            part.continued_from_id, None,
            "a part is never linked to its own page"
        );
        assert!(
            part.paragraphs()
                .next()
                .is_some_and(|p| p.starts_with("(上接第一版)"))
        );
    }
    let unlinked = edition
        .warnings
        .iter()
        .filter(|w| w.message.contains("continued from page 1"))
        .count();
    assert_eq!(unlinked, 2);
}

#[test]
fn shipped_file_embedded_copy_and_raw_seed_agree() {
    let shipped_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("editions/xuchang-daily-2023-02-28.txt");
    let shipped = std::fs::read_to_string(&shipped_path).expect("the shipped sample is readable");
    assert_eq!(
        shipped,
        library::SAMPLE_TEXT,
        "the embedded copy is the shipped file"
    );
    let from_disk = load_file(&shipped_path).expect("the shipped sample loads");
    assert_eq!(
        from_disk.pages,
        load_bytes(library::SAMPLE_TEXT.as_bytes(), &shipped_path).pages
    );

    let seed = seed_path();
    let Ok(raw) = std::fs::read_to_string(&seed) else {
        eprintln!(
            "{} not found: checking the shipped copy only",
            seed.display()
        );
        return;
    };
    assert!(
        shipped.ends_with(&raw),
        "the shipped file is the seed's text unchanged, after front matter"
    );
    let raw_edition = load_file(&seed).expect("the raw seed loads");
    let strip = |e: &Edition| -> Vec<Item> {
        items(e)
            .into_iter()
            .map(|i| Item {
                id: i.id.rsplit('/').next().unwrap_or("").to_owned(),
                line: 0,
                ..i.clone()
            })
            .collect()
    };
    assert_eq!(
        strip(&raw_edition),
        strip(&sample()),
        "the raw seed gives the same articles"
    );
    assert_eq!(raw_edition.id, "000_f409d700cfb95473");
}
