//! Captions and credits in every printed form, a table of invented examples (Chinese names and
//! places made up, English in the manner of 1916 papers) and properties over generated ones.

use proptest::prelude::*;

use super::*;

fn cc(caption: Option<&str>, credit: Option<&str>) -> CaptionCredit {
    CaptionCredit {
        caption: caption.map(str::to_owned),
        credit: credit.map(str::to_owned),
    }
}

/// (input, caption, credit). Plain inputs are run through `split` and `from_html` (which must
/// agree), HTML ones through `from_html`.
#[rustfmt::skip]
const CASES: &[(&str, Option<&str>, Option<&str>)] = &[
    // Chinese credits at the end of a caption: glued after 。, after a space, after U+3000.
    ("图为游客在青禾湖畔赏花。杜佳冰/摄", Some("图为游客在青禾湖畔赏花。"), Some("杜佳冰/摄")),
    ("图为新建成的南岭大桥。 本报记者 王岩/摄", Some("图为新建成的南岭大桥。"), Some("本报记者 王岩/摄")),
    ("图为居民在口袋公园散步。本报记者 赵  晨摄", Some("图为居民在口袋公园散步。"), Some("本报记者 赵  晨摄")),
    ("游客在古镇参观。　程  兆摄（人民视觉）", Some("游客在古镇参观。"), Some("程  兆摄（人民视觉）")),
    ("10月1日，市民在广场观看升旗仪式。新华社记者 郑明远摄", Some("10月1日，市民在广场观看升旗仪式。"), Some("新华社记者 郑明远摄")),
    ("南岭港集装箱码头一派繁忙。新华社发", Some("南岭港集装箱码头一派繁忙。"), Some("新华社发")),
    ("南岭港集装箱码头一派繁忙。新华社发（记者 林晓 摄）", Some("南岭港集装箱码头一派繁忙。"), Some("新华社发（记者 林晓 摄）")),
    ("村民在晒秋。青禾县委宣传部供图", Some("村民在晒秋。"), Some("青禾县委宣传部供图")),
    ("2025年各地降水量对比。孙悦制图", Some("2025年各地降水量对比。"), Some("孙悦制图")),
    ("雪后的青禾古城。视觉中国", Some("雪后的青禾古城。"), Some("视觉中国")),
    ("雪后的青禾古城。 人民视觉", Some("雪后的青禾古城。"), Some("人民视觉")),
    ("志愿者为老人理发。本报记者 韩冰 摄影报道", Some("志愿者为老人理发。"), Some("本报记者 韩冰 摄影报道")),
    ("南岭新区规划示意。版式设计：蒋文", Some("南岭新区规划示意。"), Some("版式设计：蒋文")),
    ("南岭新区规划示意。制图：潘晓", Some("南岭新区规划示意。"), Some("制图：潘晓")),
    ("南岭新区规划示意。本版制图：人民网 许多", Some("南岭新区规划示意。"), Some("本版制图：人民网 许多")),
    ("老街的早晨。沈岚/图 吕航/文", Some("老街的早晨。"), Some("沈岚/图 吕航/文")),
    ("老街的早晨。文/吕航 图/沈岚", Some("老街的早晨。"), Some("文/吕航 图/沈岚")),
    ("农民在田间劳作（本报记者 冯涛摄）", Some("农民在田间劳作"), Some("（本报记者 冯涛摄）")),
    ("农民在田间劳作。（本报记者 冯涛摄）", Some("农民在田间劳作。"), Some("（本报记者 冯涛摄）")),
    ("农民在田间劳作。（新华社发）", Some("农民在田间劳作。"), Some("（新华社发）")),
    ("农民在田间劳作。蒋涛摄（新华社发）", Some("农民在田间劳作。"), Some("蒋涛摄（新华社发）")),
    ("工人检修线路。 本报记者 王岩 通讯员 李明摄", Some("工人检修线路。"), Some("本报记者 王岩 通讯员 李明摄")),
    ("工人检修线路。记者王岩摄", Some("工人检修线路。"), Some("记者王岩摄")),
    ("工人检修线路。王岩 摄", Some("工人检修线路。"), Some("王岩 摄")),
    ("工人检修线路。受访者供图", Some("工人检修线路。"), Some("受访者供图")),
    ("青禾湖湿地。图片来源：视觉中国", Some("青禾湖湿地。"), Some("图片来源：视觉中国")),
    ("青禾湖湿地。摄影：韩冰", Some("青禾湖湿地。"), Some("摄影：韩冰")),
    ("游客在展馆参观。　新华社记者　王五摄", Some("游客在展馆参观。"), Some("新华社记者　王五摄")),
    ("游客在展馆参观。\u{a0}本报记者\u{a0}王岩摄", Some("游客在展馆参观。"), Some("本报记者 王岩摄")),
    ("航拍青禾新城 本报记者 王岩摄", Some("航拍青禾新城"), Some("本报记者 王岩摄")),
    // A separate last paragraph: the picture report.
    ("　　第一届青禾稻田音乐节开幕。\n　　音乐节持续三天。\n　　青禾县委宣传部供图", Some("第一届青禾稻田音乐节开幕。\n音乐节持续三天。"), Some("青禾县委宣传部供图")),
    ("图为夜景。\n新华社发\n本报记者 王岩摄", Some("图为夜景。"), Some("新华社发\n本报记者 王岩摄")),
    // Credit only.
    ("新华社发", None, Some("新华社发")),
    ("　　本报记者 王岩 摄", None, Some("本报记者 王岩 摄")),
    ("（本报记者 冯涛摄）", None, Some("（本报记者 冯涛摄）")),
    // 摄, 图 and 供 inside a caption's words: no credit.
    ("摄影展在市美术馆开幕。", Some("摄影展在市美术馆开幕。"), None),
    ("图为摄制组在南岭古村取景。", Some("图为摄制组在南岭古村取景。"), None),
    ("南岭新区全景 无人机航拍图", Some("南岭新区全景 无人机航拍图"), None),
    ("南岭新区全景（无人机航拍图）。", Some("南岭新区全景（无人机航拍图）。"), None),
    ("他说。他最爱拍摄", Some("他说。他最爱拍摄"), None),
    ("他说。他爱拍摄", Some("他说。他爱拍摄"), None),
    ("供水管网改造完成，居民用上放心水。", Some("供水管网改造完成，居民用上放心水。"), None),
    ("新华社记者在现场拍摄。", Some("新华社记者在现场拍摄。"), None),
    ("图：游客在参观", Some("图：游客在参观"), None),
    ("游客在古镇参观（左二）", Some("游客在古镇参观（左二）"), None),
    // English.
    ("Crowds gather at the county fair. Photo: Jane Doe", Some("Crowds gather at the county fair."), Some("Photo: Jane Doe")),
    ("Troops leave the armory at Columbus. (AP Photo/Walter Hale)", Some("Troops leave the armory at Columbus."), Some("(AP Photo/Walter Hale)")),
    ("The new pier at the foot of Grand Avenue. Photograph by Edith Ward", Some("The new pier at the foot of Grand Avenue."), Some("Photograph by Edith Ward")),
    ("Crowds at the fair — Jane Doe/Reuters", Some("Crowds at the fair"), Some("Jane Doe/Reuters")),
    ("Crowds at the fair.—Jane Doe/Reuters", Some("Crowds at the fair."), Some("Jane Doe/Reuters")),
    ("The old mill, now a museum. Courtesy of the Historical Society", Some("The old mill, now a museum."), Some("Courtesy of the Historical Society")),
    ("Mayor Hale opens the bridge. Staff photo by John Roe", Some("Mayor Hale opens the bridge."), Some("Staff photo by John Roe")),
    ("The battleship Arizona at sea. Copyright, 1916, by Underwood & Underwood.", Some("The battleship Arizona at sea."), Some("Copyright, 1916, by Underwood & Underwood.")),
    ("Crowds at the fair.\nJane Doe/Reuters", Some("Crowds at the fair."), Some("Jane Doe/Reuters")),
    ("Crowds at the fair. Getty Images", Some("Crowds at the fair."), Some("Getty Images")),
    ("Photo by Jane Doe", None, Some("Photo by Jane Doe")),
    ("The photo by the river shows the mill.", Some("The photo by the river shows the mill."), None),
    ("Troops at Columbus Jane Doe/Reuters", Some("Troops at Columbus Jane Doe/Reuters"), None),
    ("The council met on Monday/Tuesday", Some("The council met on Monday/Tuesday"), None),
    ("A view of the dam, photo by Jane Doe", Some("A view of the dam, photo by Jane Doe"), None),
    // HTML.
    ("<p>　　图为青禾县农民在田间收割水稻。</p><p>　　本报记者　王岩摄</p>", Some("图为青禾县农民在田间收割水稻。"), Some("本报记者　王岩摄")),
    ("<p>&nbsp;&nbsp;图为第一届稻田音乐节。</p><p>&nbsp;&nbsp;音乐节持续三天。</p><p>&nbsp;&nbsp;青禾县委宣传部供图</p>", Some("图为第一届稻田音乐节。\n音乐节持续三天。"), Some("青禾县委宣传部供图")),
    ("图为南岭夜景。<br>新华社发", Some("图为南岭夜景。"), Some("新华社发")),
    ("<p>图为<strong>南岭</strong>古镇夜景。<span>本报记者 <span>王岩</span>摄</span></p>", Some("图为南岭古镇夜景。"), Some("本报记者 王岩摄")),
    ("<p>图为南岭夜景。本报记者&nbsp;&nbsp;赵&nbsp;&nbsp;晨摄</p>", Some("图为南岭夜景。"), Some("本报记者  赵  晨摄")),
    ("<div>图为南岭\n夜景。</div><div>蒋涛摄（新华社发）</div>", Some("图为南岭夜景。"), Some("蒋涛摄（新华社发）")),
    ("<p>Crowds at the fair. Photo by Underwood &amp; Underwood</p>", Some("Crowds at the fair."), Some("Photo by Underwood & Underwood")),
    ("<p>　　摄影展在市美术馆开幕。</p>", Some("摄影展在市美术馆开幕。"), None),
    ("<p>　　新华社发</p>", None, Some("新华社发")),
    ("<p></p><br>", None, None),
    ("", None, None),
];

#[test]
fn every_printed_form() {
    for &(input, caption, credit) in CASES {
        let want = cc(caption, credit);
        if !html::looks_like_html(input) {
            assert_eq!(split(input), want, "split {input:?}");
        }
        assert_eq!(from_html(input), want, "from_html {input:?}");
        // Idempotent: the caption holds no further credit.
        if let Some(caption) = &want.caption {
            assert_eq!(split(caption), cc(Some(caption), None), "again {caption:?}");
        }
        if let Some(credit) = &want.credit
            && !credit.contains('\n')
        {
            assert!(is_credit_line(credit), "credit line {credit:?}");
        }
    }
    assert!(CASES.len() >= 40);
}

#[test]
fn paragraphs_make_one_photo() {
    let got = from_paragraphs(&[
        "　　青禾县第一届稻田音乐节开幕。",
        "　　来自各地的乐队在稻田边演出。",
        "　　阳川市委宣传部供图",
    ]);
    assert_eq!(
        got,
        cc(
            Some("青禾县第一届稻田音乐节开幕。\n来自各地的乐队在稻田边演出。"),
            Some("阳川市委宣传部供图"),
        )
    );
    assert_eq!(from_paragraphs(&[]), cc(None, None));
    assert_eq!(
        from_paragraphs(&["　　新华社发"]),
        cc(None, Some("新华社发"))
    );
}

#[test]
fn plain_captions_come_back_unchanged() {
    let captions = [
        "图为8月20日，居民在新建的口袋公园里散步。",
        "摄影展在市美术馆开幕。",
        "图为摄制组在南岭古村取景。\n南岭古村有六百年历史。",
        "无人机航拍图显示，青禾新城初具规模。",
        "市民在图书馆阅读。图书馆提供免费供水。",
        "The battleship Arizona at sea.",
        "Crowds at the fair; photo taken Monday.",
        "新时代 新征程 新伟业",
    ];
    for caption in captions {
        assert_eq!(
            split(caption),
            cc(Some(caption), None),
            "caption {caption:?}"
        );
        assert_eq!(
            from_html(caption),
            cc(Some(caption), None),
            "html {caption:?}"
        );
    }
}

#[test]
fn stacked_credits_beyond_the_bound_are_left_alone() {
    let within = format!("图为夜景。{}", " 新华社发".repeat(MAX_PIECES));
    let got = split(&within);
    assert_eq!(got.caption.as_deref(), Some("图为夜景。"));
    let beyond = format!("图为夜景。{}", " 新华社发".repeat(MAX_PIECES + 1));
    let got = split(&beyond);
    assert_eq!(got.credit, None);
    assert_eq!(split(got.caption.as_deref().unwrap_or("")), got);
}

#[test]
fn escapes_never_survive() {
    let got = split("图为夜景。\u{1b}[31m新华社发\u{1b}[0m");
    assert_eq!(got, cc(Some("图为夜景。"), Some("新华社发")));
    let got = from_html("<p>图为夜景。</p><p>\u{1b}]0;x\u{7}新华社发</p>");
    assert_eq!(got, cc(Some("图为夜景。"), Some("新华社发")));
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Text with every line sanitised and all whitespace removed: what the invariant compares.
fn visible(text: &str) -> String {
    text.split('\n')
        .flat_map(|line| {
            sanitize(line)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The module's invariants on any input.
fn check_invariants(input: &str, got: &CaptionCredit) -> Result<(), TestCaseError> {
    let caption = got.caption.as_deref().unwrap_or("");
    let credit = got.credit.as_deref().unwrap_or("");
    for part in [&got.caption, &got.credit].into_iter().flatten() {
        prop_assert!(!part.is_empty());
        prop_assert!(!part.contains('\u{a0}'), "NBSP in {:?}", part);
        for line in part.split('\n') {
            prop_assert!(!line.is_empty() && line.trim_matches(char::is_whitespace) == line);
        }
    }
    let all = visible(input);
    let (head, tail) = (visible(caption), visible(credit));
    prop_assert!(
        all.starts_with(&head) && all.ends_with(&tail),
        "{:?} → {:?}",
        input,
        got
    );
    prop_assert!(
        head.len() + tail.len() <= all.len(),
        "{:?} → {:?}",
        input,
        got
    );
    let between = &all[head.len()..all.len() - tail.len()];
    prop_assert!(
        between.chars().all(|c| DASHES.contains(&c)),
        "lost {:?}",
        between
    );
    prop_assert!(between.is_empty() || got.credit.is_some());
    // Idempotent.
    let again = split(caption);
    prop_assert_eq!(again.credit, None);
    prop_assert_eq!(again.caption.as_deref(), got.caption.as_deref());
    Ok(())
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "周", "程", "杜", "韩", "冯", "沈",
];
const GIVEN: &[&str] = &[
    "岩", "晨", "兆", "佳冰", "晓明", "涛", "悦", "航", "岚", "文",
];
const ORGS: &[&str] = &["青禾县委宣传部", "受访者", "南岭镇人民政府", "阳川市文旅局"];
const EN_NAMES: &[&str] = &[
    "Jane Doe",
    "John Roe",
    "Edith Ward",
    "Walter Hale",
    "Ada Smith",
];
const WORDS: &[&str] = &[
    "图为",
    "游客",
    "在",
    "古镇",
    "参观",
    "摄影展",
    "开幕",
    "摄制组",
    "取景",
    "航拍图",
    "显示",
    "供水",
    "管网",
    "图书馆",
    "提供",
    "服务",
    "居民",
    "拍摄",
    "夜景",
    "青禾县",
    "南岭",
    "农民",
    "收割",
    "水稻",
    "新建",
    "大桥",
    "通车",
    "图",
    "摄",
    "供",
    "（左二）",
    "10月1日",
    "，",
    "、",
    "记者",
    "王岩",
];
const EN_FIRST: &[&str] = &["Crowds", "Troops", "Visitors", "The", "Workers"];
const EN_WORDS: &[&str] = &[
    "gather", "at", "the", "county", "fair", "photo", "shows", "new", "bridge", "staff", "members",
    "pose", "by", "mill", "courtesy", "visit", "Mayor", "Hale", "opens", "Columbus", "Avenue",
    "Reuters", "credit",
];

fn name() -> impl Strategy<Value = String> {
    (prop::sample::select(SURNAMES), prop::sample::select(GIVEN))
        .prop_map(|(s, g)| format!("{s}{g}"))
}

/// A name set out to the column width: `赵  晨`, `赵　晨` (two-character names only).
fn spaced_name() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SURNAMES),
        prop::sample::select(&["岩", "晨", "兆", "涛"][..]),
        prop::sample::select(&["  ", "　", " "][..]),
    )
        .prop_map(|(s, g, gap)| format!("{s}{gap}{g}"))
}

/// (as printed, as the parser must return it).
fn credit() -> impl Strategy<Value = (String, String)> {
    let same = |s: String| (s.clone(), s);
    prop_oneof![
        name().prop_map(move |n| same(format!("{n}/摄"))),
        name().prop_map(move |n| same(format!("{n}／摄"))),
        name().prop_map(move |n| same(format!("本报记者 {n}/摄"))),
        spaced_name().prop_map(move |n| same(format!("本报记者 {n}摄"))),
        spaced_name().prop_map(move |n| same(format!("{n}摄（人民视觉）"))),
        name().prop_map(move |n| same(format!("新华社记者 {n}摄"))),
        Just(same("新华社发".to_owned())),
        name().prop_map(move |n| same(format!("新华社发（记者 {n} 摄）"))),
        name().prop_map(move |n| same(format!("{n}供图"))),
        prop::sample::select(ORGS).prop_map(move |o| same(format!("{o}供图"))),
        name().prop_map(move |n| same(format!("{n}制图"))),
        Just(same("视觉中国".to_owned())),
        Just(same("人民视觉".to_owned())),
        name().prop_map(move |n| same(format!("本报记者 {n} 摄影报道"))),
        name().prop_map(move |n| same(format!("版式设计：{n}"))),
        name().prop_map(move |n| same(format!("制图：{n}"))),
        name().prop_map(move |n| same(format!("本版制图：{n}"))),
        (name(), name()).prop_map(move |(a, b)| same(format!("{a}/图 {b}/文"))),
        name().prop_map(move |n| same(format!("（本报记者 {n}摄）"))),
        name().prop_map(move |n| same(format!("{n} 摄"))),
        name().prop_map(move |n| same(format!("记者{n}摄"))),
        prop::sample::select(EN_NAMES).prop_map(move |n| same(format!("Photo: {n}"))),
        prop::sample::select(EN_NAMES).prop_map(move |n| same(format!("(AP Photo/{n})"))),
        prop::sample::select(EN_NAMES).prop_map(move |n| same(format!("Photograph by {n}"))),
        prop::sample::select(EN_NAMES)
            .prop_map(|n| (format!("— {n}/Reuters"), format!("{n}/Reuters"))),
        prop::sample::select(EN_NAMES).prop_map(move |n| same(format!("Courtesy of {n}"))),
        prop::sample::select(EN_NAMES).prop_map(move |n| same(format!("Staff photo by {n}"))),
    ]
}

fn chinese_paragraph() -> impl Strategy<Value = String> {
    let sentence = (
        prop::collection::vec(prop::sample::select(WORDS), 1..7),
        prop::sample::select(&["。", "！", "？"][..]),
    )
        .prop_map(|(words, end)| words.concat() + end);
    prop::collection::vec(sentence, 1..4).prop_map(|s| s.concat())
}

fn english_paragraph() -> impl Strategy<Value = String> {
    let sentence = (
        prop::sample::select(EN_FIRST),
        prop::collection::vec(prop::sample::select(EN_WORDS), 1..7),
    )
        .prop_map(|(first, words)| format!("{first} {}.", words.join(" ")));
    prop::collection::vec(sentence, 1..3).prop_map(|s| s.join(" "))
}

fn caption_paragraphs() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        3 => prop::collection::vec(chinese_paragraph(), 1..4),
        1 => prop::collection::vec(english_paragraph(), 1..3),
    ]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// A generated photo text: how it is printed, and what the parser must return.
#[derive(Debug, Clone)]
struct Printed {
    input: String,
    html: bool,
    want: CaptionCredit,
}

fn printed() -> impl Strategy<Value = Printed> {
    (
        caption_paragraphs(),
        credit(),
        // Joiner: glued, space, ideographic space, NBSP, own paragraph, own indented paragraph.
        prop::sample::select(&["", " ", "　", "\u{a0}", "\n", "\n　　"][..]),
        any::<bool>(), // HTML
        any::<bool>(), // indent caption paragraphs
        any::<bool>(), // a NBSP for each space inside the credit
        any::<bool>(), // HTML: <br> for a paragraph break, a <span> round the credit
    )
        .prop_map(
            |(paras, (printed_credit, credit), joiner, html, indent, nbsp, br)| {
                let printed_credit = if nbsp {
                    printed_credit.replace(' ', "\u{a0}")
                } else {
                    printed_credit
                };
                let indent = if indent { "　　" } else { "" };
                let own_paragraph = joiner.contains('\n');
                let input = if html {
                    let credit_html = if br {
                        format!("<span class=\"credit\">{}</span>", escape(&printed_credit))
                    } else {
                        escape(&printed_credit)
                    };
                    let mut out = String::new();
                    let last = paras.len() - 1;
                    for (idx, p) in paras.iter().enumerate() {
                        out.push_str("<p>");
                        out.push_str(indent);
                        out.push_str(&escape(p));
                        if idx == last && !own_paragraph {
                            out.push_str(&escape(joiner));
                            out.push_str(&credit_html);
                        }
                        out.push_str("</p>");
                    }
                    if own_paragraph {
                        if br {
                            out.push_str("<br>");
                            out.push_str(&credit_html);
                        } else {
                            out.push_str("<p>");
                            out.push_str(indent);
                            out.push_str(&credit_html);
                            out.push_str("</p>");
                        }
                    }
                    out
                } else {
                    let body: Vec<String> = paras.iter().map(|p| format!("{indent}{p}")).collect();
                    format!("{}{joiner}{printed_credit}", body.join("\n"))
                };
                // HTML collapses runs of ASCII spaces (`赵  晨` shows as `赵 晨`); NBSPs stay.
                let credit = if html && !nbsp {
                    collapse_spaces(&credit)
                } else {
                    credit
                };
                Printed {
                    input,
                    html,
                    want: CaptionCredit {
                        caption: Some(paras.join("\n")),
                        credit: Some(credit),
                    },
                }
            },
        )
}

/// Runs of ASCII spaces as one.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// Strings made of the pieces captions are made of, HTML included.
fn html_ish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(
        &[
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<div>",
            "</div>",
            "<span>",
            "</span>",
            "<strong>",
            "</strong>",
            "&nbsp;",
            "&amp;",
            "&#12288;",
            "&",
            "<",
            ">",
            "摄",
            "图",
            "供图",
            "/",
            "／",
            "本报记者",
            "新华社发",
            "王岩",
            "赵",
            " ",
            "　",
            "\u{a0}",
            "\n",
            "。",
            "（",
            "）",
            "(",
            ")",
            "—",
            "Photo: ",
            "Jane Doe",
            "/Reuters",
            "AP Photo",
            "\u{1b}[",
            "<script>",
            "</script>",
            "<p class=\"a\">",
        ][..],
    );
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn printed_credits_come_back_exactly(p in printed()) {
        let got = if p.html { from_html(&p.input) } else { split(&p.input) };
        prop_assert_eq!(&got, &p.want, "input {:?}", p.input);
        if !p.html {
            check_invariants(&p.input, &got)?;
        }
        let credit = p.want.credit.as_deref().unwrap_or("");
        prop_assert!(is_credit_line(credit), "credit line {:?}", credit);
    }

    #[test]
    fn captions_without_credit_come_back_unchanged(paras in caption_paragraphs()) {
        let text = paras.join("\n");
        prop_assert_eq!(split(&text), cc(Some(&text), None));
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        prop_assert_eq!(from_paragraphs(&refs), cc(Some(&text), None));
    }

    /// The shortcut for a line already in normal form answers as the whole split does.
    #[test]
    fn a_credit_line_is_what_split_says(text in html_ish()) {
        let line = text.replace('\n', " ");
        let CaptionCredit { caption, credit } = split(&line);
        let text_source = TEXT_SOURCES.contains(&line.trim().trim_start_matches(['（', '(']).trim_end_matches(['）', ')']).trim());
        prop_assert_eq!(
            is_credit_line(&line),
            caption.is_none() && credit.is_some() && !text_source,
            "{:?}", line
        );
    }

    /// The byte test for sentence marks (`。，；！？;!?`) answers as the character test, on
    /// any text and on text made of marks and their near neighbours (`、` is `E3 80 81`, `：`
    /// is `EF BC 9A`).
    #[test]
    fn sentence_marks_are_found_by_their_bytes(
        text in prop_oneof![".*", "[。，；！？;!?、：「」（）〇ｚ\u{ff0b}\u{30a2}a-z ]{0,12}"]
    ) {
        let marks = ['。', '，', '；', '！', '？', ';', '!', '?'];
        prop_assert_eq!(has_sentence_mark(&text), text.contains(marks), "{:?}", text);
    }

    #[test]
    fn any_text_keeps_the_invariants(text in ".*") {
        let got = split(&text);
        check_invariants(&text, &got)?;
    }

    #[test]
    fn any_lines_keep_the_invariants(lines in prop::collection::vec("[^\n]{0,40}", 0..5)) {
        let text = lines.join("\n");
        let got = split(&text);
        check_invariants(&text, &got)?;
    }

    #[test]
    fn html_ish_text_never_panics(text in html_ish()) {
        let got = from_html(&text);
        let caption = got.caption.as_deref().unwrap_or("");
        prop_assert_eq!(split(caption).credit, None);
        check_invariants(&text, &split(&text))?;
    }
}

#[test]
fn credits_are_spaced_as_bylines() {
    for (raw, want) in [
        ("本报记者 赵  晨摄", "本报记者 赵晨摄"),
        ("程  兆摄（人民视觉）", "程兆摄（人民视觉）"),
        ("本报记者\u{a0}\u{a0}王岩\u{a0}摄", "本报记者 王岩 摄"),
        ("新华社记者　王五摄", "新华社记者 王五摄"),
        ("新华社发（记者  林晓  摄）", "新华社发（记者 林晓 摄）"),
        ("本报记者 王岩/摄", "本报记者 王岩/摄"),
        ("青禾县委宣传部供图", "青禾县委宣传部供图"),
        ("Photo:  Jane\u{a0}Doe", "Photo: Jane Doe"),
        ("(AP Photo/Walter Hale)", "(AP Photo/Walter Hale)"),
        (
            "制图：潘晓\n本报记者 赵  晨摄",
            "制图：潘晓\n本报记者 赵晨摄",
        ),
    ] {
        assert_eq!(normalize_credit(raw), want, "{raw:?}");
        let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(visible(raw), visible(want), "no visible character changes");
    }
}

#[test]
fn a_source_alone_on_a_line_is_not_a_photo_credit() {
    for line in ["新华社", "（新华社）", "(人民网)", "央视新闻"] {
        assert!(!is_credit_line(line), "{line:?}");
    }
    assert_eq!(
        split("农民在田间劳作。（新华社）"),
        cc(Some("农民在田间劳作。"), Some("（新华社）")),
        "under a caption it is the credit"
    );
    for line in [
        "新华社发",
        "视觉中国",
        "版式设计：蒋文",
        "（本报记者 冯涛摄）",
        "(AP Photo/Walter Hale)",
    ] {
        assert!(is_credit_line(line), "{line:?}");
    }
    for line in ["他爱拍摄", "去现场摄影", "市民 摄"] {
        assert!(!is_credit_line(line), "{line:?}");
    }
}
