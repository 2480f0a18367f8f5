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

/// A clean-text corpus, generated: a few hundred articles of every kind a paper prints (news
/// with datelines and subheads, speeches with their date line, speaker and salutation,
/// contents boxes, `■` lists, verse, pieces in named parts, bylines with titles), written in
/// each layout a reader takes (the heading dialect, a crawler's folder, a full-text RSS feed).
/// Every reader gives back exactly what was written: no paragraph joined to another, none
/// split, bylines and subheads as generated.
mod corpus {
    use std::fmt::Write as _;
    use std::path::Path;

    use kanbao::edition::{Block, Edition, Item};

    /// A fixed-seed generator (xorshift64*): the corpus is the same on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
            usize::try_from(x >> 33).unwrap_or(0) % n
        }
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }
    }

    /// What a reader must give each generated block.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Role {
        Paragraph,
        Subhead,
        /// A line whose role the layout decides (a `■` line, a part heading `引子`): its text
        /// must come back whole, and lines of one form get one role.
        Either,
    }

    #[derive(Debug)]
    struct Article {
        kicker: Option<String>,
        headline: String,
        subtitle: Option<String>,
        /// As written, and as every reader must give it back.
        byline: Option<(String, String)>,
        blocks: Vec<(Role, String)>,
    }

    const PLACES: [&str; 10] = [
        "社区",
        "村里",
        "工厂",
        "学校",
        "图书馆",
        "合作社",
        "新建的公园",
        "老街",
        "科技馆",
        "码头",
    ];
    const VERBS: [&str; 6] = ["迎来了", "推出了", "建成了", "开展了", "完成了", "启动了"];
    const THINGS: [&str; 7] = [
        "第一批志愿者",
        "新的服务项目",
        "一条3.5公里长的林荫步道",
        "夜间开放活动",
        "数字化改造",
        "惠民举措",
        "“岗位+技能”培训",
    ];
    const OPENERS: [&str; 6] = [
        "今年以来，",
        "据介绍，",
        "记者了解到，",
        "近日，",
        "",
        "截至目前，",
    ];
    const SUBHEADS: [&str; 6] = [
        "让老楼焕发新活力",
        "从试点到推广",
        "带动周边就业",
        "服务延伸到家门口",
        "数字赋能提质增效",
        "守护一方绿水青山",
    ];
    const HEADLINES: [&str; 8] = [
        "多地推出惠民举措丰富群众文化生活",
        "小城老街焕新颜",
        "山区学校开出科学课",
        "湿地公园迎来候鸟",
        "合作社带富一方乡亲",
        "夜间图书馆受欢迎",
        "码头转型记",
        "社区食堂开到家门口",
    ];
    /// Bylines as written and as shown: padded names closed up, every kind of space one space,
    /// a title in brackets or book marks kept to the line's end.
    const BYLINES: [(&str, &str); 9] = [
        ("本报记者 张辉", "本报记者 张辉"),
        ("本报记者  徐  隽  魏哲哲", "本报记者 徐隽 魏哲哲"),
        (
            "本报记者\u{a0}林晓\u{a0}\u{a0}周海宁",
            "本报记者 林晓 周海宁",
        ),
        ("崔 妍", "崔妍"),
        ("北京大学教授 原 新", "北京大学教授 原新"),
        (
            "周文清（交响音乐会《山河颂》指挥）",
            "周文清（交响音乐会《山河颂》指挥）",
        ),
        ("《城乡周刊》记者 高 塬", "《城乡周刊》记者 高塬"),
        ("马哈茂德·阿卜杜拉赫曼", "马哈茂德·阿卜杜拉赫曼"),
        (
            "本报记者 许廷合 通讯员 高照辉",
            "本报记者 许廷合 通讯员 高照辉",
        ),
    ];

    fn sentence(rng: &mut Rng) -> String {
        let body = format!(
            "{}{}{}{}",
            rng.pick(&OPENERS),
            rng.pick(&PLACES),
            rng.pick(&VERBS),
            rng.pick(&THINGS)
        );
        match rng.below(6) {
            0 => format!("“{body}。”一位居民说。"),
            1 => format!("{body}！"),
            _ => format!("{body}。"),
        }
    }

    fn paragraph(rng: &mut Rng) -> String {
        (0..=rng.below(4)).map(|_| sentence(rng)).collect()
    }

    fn byline(rng: &mut Rng) -> (String, String) {
        let (raw, shown) = BYLINES[rng.below(BYLINES.len())];
        (raw.to_owned(), shown.to_owned())
    }

    fn news(rng: &mut Rng) -> Article {
        let mut blocks = Vec::new();
        let mut first = paragraph(rng);
        if rng.chance(40) {
            first.insert_str(0, "本报北京8月20日电　");
        }
        blocks.push((Role::Paragraph, first));
        for _ in 0..rng.below(5) {
            if rng.chance(30) {
                blocks.push((Role::Subhead, rng.pick(&SUBHEADS).to_owned()));
            }
            blocks.push((Role::Paragraph, paragraph(rng)));
        }
        Article {
            kicker: rng.chance(40).then(|| "暑期文旅市场持续升温".to_owned()),
            headline: rng.pick(&HEADLINES).to_owned(),
            subtitle: rng.chance(30).then(|| "——来自多地社区的调查".to_owned()),
            byline: rng.chance(80).then(|| byline(rng)),
            blocks,
        }
    }

    fn speech(rng: &mut Rng) -> Article {
        let mut blocks = vec![
            (Role::Paragraph, "（2026年3月17日）".to_owned()),
            (
                Role::Paragraph,
                rng.pick(&["林清远", "欧阳明", "周 文"]).to_owned(),
            ),
            (
                Role::Paragraph,
                rng.pick(&["同志们，朋友们：", "女士们，先生们，朋友们：", "各位代表："])
                    .to_owned(),
            ),
        ];
        for _ in 0..=rng.below(4) {
            blocks.push((Role::Paragraph, paragraph(rng)));
        }
        Article {
            kicker: None,
            headline: "在全市文化工作会议上的讲话".to_owned(),
            subtitle: None,
            byline: None,
            blocks,
        }
    }

    fn contents_box(rng: &mut Rng) -> Article {
        let entries = [
            "城墙下的千年市井",
            "一座小城的烟火气",
            "山里娃的科学课",
            "老手艺有了新传人",
            "江畔湿地候鸟归来",
        ];
        let mut blocks = vec![(
            Role::Paragraph,
            rng.pick(&["金秋", "理论·访谈录", "文史·茶座", "本期看点"])
                .to_owned(),
        )];
        for entry in entries.iter().take(2 + rng.below(4)) {
            let tag = if rng.chance(50) {
                format!("（第{}版）", 2 + rng.below(18))
            } else {
                "（评论员文章）".to_owned()
            };
            blocks.push((Role::Paragraph, format!("{entry}{tag}")));
        }
        Article {
            kicker: None,
            headline: rng.pick(&["本版导读", "导读", "今日要目"]).to_owned(),
            subtitle: None,
            byline: None,
            blocks,
        }
    }

    fn list(rng: &mut Rng) -> Article {
        let mut blocks = vec![(Role::Paragraph, paragraph(rng))];
        for mark in ["■ 一线视角", "■ 数说变化", "■ 记者手记", "■ 专家点评"]
            .iter()
            .take(2 + rng.below(3))
        {
            blocks.push((Role::Either, (*mark).to_owned()));
            blocks.push((Role::Paragraph, paragraph(rng)));
        }
        Article {
            byline: Some(byline(rng)),
            ..news(rng)
        }
        .with_blocks(blocks)
    }

    fn verse(rng: &mut Rng) -> Article {
        let lines = [
            "月光洒满小院，",
            "蝉声落在窗前。",
            "晚风翻动书页，",
            "灯下母亲缝衣。",
            "河水流向远方，",
            "稻香漫过田埂。",
        ];
        let count = 2 * (2 + rng.below(2));
        Article {
            kicker: None,
            headline: rng.pick(&["夏夜", "故乡的河", "晚归"]).to_owned(),
            subtitle: None,
            byline: Some(("崔 妍".to_owned(), "崔妍".to_owned())),
            blocks: lines
                .iter()
                .take(count)
                .map(|l| (Role::Paragraph, (*l).to_owned()))
                .collect(),
        }
    }

    fn in_parts(rng: &mut Rng) -> Article {
        let mut blocks = vec![
            (Role::Either, "引子".to_owned()),
            (Role::Paragraph, paragraph(rng)),
        ];
        for _ in 0..=rng.below(3) {
            blocks.push((Role::Paragraph, paragraph(rng)));
        }
        blocks.push((Role::Either, "尾声".to_owned()));
        blocks.push((Role::Paragraph, paragraph(rng)));
        Article {
            kicker: None,
            headline: "一条老街的四季".to_owned(),
            subtitle: None,
            byline: None,
            blocks,
        }
    }

    impl Article {
        fn with_blocks(self, blocks: Vec<(Role, String)>) -> Article {
            Article { blocks, ..self }
        }
    }

    /// `n` articles of every kind, in a fixed order of kinds.
    fn corpus(n: usize) -> Vec<Article> {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let kinds: [fn(&mut Rng) -> Article; 6] =
            [news, speech, contents_box, list, verse, in_parts];
        let articles: Vec<Article> = (0..n).map(|i| kinds[i % kinds.len()](&mut rng)).collect();
        // A corpus worth the name: every block boundary is a chance to join or split.
        let blocks: usize = articles.iter().map(|a| a.blocks.len()).sum();
        assert!(blocks >= 5 * n, "{blocks} blocks in {n} articles");
        articles
    }

    /// The page an article is printed on: twelve articles a page.
    fn page_of(n: usize) -> usize {
        n / 12 + 1
    }

    fn dialect(articles: &[Article]) -> String {
        let mut out = String::from("+++\npaper = \"城乡日报\"\ndate = 2026-08-21\n+++\n\n");
        for (n, a) in articles.iter().enumerate() {
            if n % 12 == 0 {
                let _ = write!(out, "+++\npage = {}\n+++\n\n", page_of(n));
            }
            if let Some(k) = &a.kicker {
                let _ = writeln!(out, "### {k}");
            }
            let _ = write!(out, "# {}\n\n", a.headline);
            if let Some(s) = &a.subtitle {
                let _ = write!(out, "## {s}\n\n");
            }
            if let Some((raw, _)) = &a.byline {
                let _ = write!(out, "{raw}\n\n");
            }
            for (role, text) in &a.blocks {
                let prefix = if *role == Role::Subhead { "### " } else { "" };
                let _ = write!(out, "{prefix}{text}\n\n");
            }
        }
        out
    }

    /// One crawler file: kicker, headline, subtitle lines (empty when absent), then the body,
    /// every paragraph indented with `　　`. A speech's date line, speaker and salutation stand
    /// unindented, as crawlers leave them; some paragraphs are wrapped onto an unindented
    /// second line mid-sentence.
    fn crawler_file(a: &Article, rng: &mut Rng) -> String {
        let mut out = String::new();
        for part in [&a.kicker, &Some(a.headline.clone()), &a.subtitle] {
            out.push_str(part.as_deref().unwrap_or(""));
            out.push('\n');
        }
        if let Some((raw, _)) = &a.byline {
            let _ = writeln!(out, "　　{raw}");
        }
        let speech = a
            .blocks
            .first()
            .is_some_and(|(_, t)| t.starts_with("（2026"));
        for (i, (_, text)) in a.blocks.iter().enumerate() {
            if speech && i < 3 {
                let _ = writeln!(out, "{text}");
                continue;
            }
            let chars: Vec<char> = text.chars().collect();
            // A wrap never leaves a colon closing the line, nor a space opening the next.
            let cut = if chars.len() > 12 && rng.chance(30) {
                Some(5 + rng.below(chars.len() - 10)).filter(|&c| {
                    !matches!(chars[c - 1], '：' | ':')
                        && !chars[c].is_whitespace()
                        && !chars[c - 1].is_whitespace()
                })
            } else {
                None
            };
            match cut {
                Some(c) => {
                    let (head, tail): (String, String) =
                        (chars[..c].iter().collect(), chars[c..].iter().collect());
                    let _ = writeln!(out, "　　{head}\n{tail}");
                }
                None => {
                    let _ = writeln!(out, "　　{text}");
                }
            }
        }
        out
    }

    fn feed(articles: &[Article], rng: &mut Rng) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>城乡日报 - 每日全文订阅</title>\n<link>http://paper.example/</link>\n",
        );
        for (n, a) in articles.iter().enumerate() {
            let page = page_of(n);
            let mut html = String::new();
            let _ = write!(
                html,
                "<h3>{}</h3>\n<h1>{}</h1>\n<h2>{}</h2>\n",
                a.kicker.as_deref().unwrap_or(""),
                a.headline,
                a.subtitle.as_deref().unwrap_or("")
            );
            let in_sec = rng.chance(60);
            match &a.byline {
                Some((raw, _)) if in_sec => {
                    let raw = raw.replace(' ', "　");
                    let _ = writeln!(
                        html,
                        "<p class=\"sec\">{raw}<!-- enpproperty -->《城乡日报》（2026年08月21日 第 {page:02} 版）</p>"
                    );
                }
                _ => {
                    html.push_str("<p class=\"sec\">《城乡日报》（2026年08月21日 第 01 版）</p>\n");
                }
            }
            html.push_str("<div id=\"ozoom\">\n<!--enpcontent-->\n");
            if let Some((raw, _)) = &a.byline
                && !in_sec
            {
                let _ = writeln!(html, "<p>　　{}</p>", raw.replace('\u{a0}', "&nbsp;"));
            }
            for (role, text) in &a.blocks {
                if *role == Role::Subhead {
                    let _ = writeln!(html, "<p><strong>{text}</strong></p>");
                    continue;
                }
                // People's Daily breaks long paragraphs inside the `<p>`, between two Chinese
                // characters (a break beside a Latin word or a number is a space in HTML).
                let chars: Vec<char> = text.chars().collect();
                let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，。“”".contains(c);
                let text: String = if chars.len() > 20 && rng.chance(30) {
                    let mut c = 10 + rng.below(chars.len() - 15);
                    while c + 1 < chars.len() && !(han(chars[c - 1]) && han(chars[c])) {
                        c += 1;
                    }
                    format!(
                        "{}\n{}",
                        chars[..c].iter().collect::<String>(),
                        chars[c..].iter().collect::<String>()
                    )
                } else {
                    text.clone()
                };
                let _ = writeln!(html, "<p>　　{text}</p>");
            }
            html.push_str("<!--/enpcontent-->\n</div>\n");
            let _ = write!(
                out,
                "<item>\n<title>[{page:02}版：要闻]{}</title>\n<link>http://paper.example/content/202608/21/content_{n}.html</link>\n<guid isPermaLink=\"false\">cx-{n}</guid>\n<pubDate>Fri, 21 Aug 2026 05:30:00 +0800</pubDate>\n<content:encoded><![CDATA[\n{html}]]></content:encoded>\n</item>\n",
                a.headline
            );
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    fn items(edition: &Edition) -> Vec<&Item> {
        edition.pages.iter().flat_map(|p| &p.items).collect()
    }

    /// Compares what a reader gave with what was written; returns every difference.
    fn differences(layout: &str, written: &[Article], read: &[&Item]) -> Vec<String> {
        let mut out = Vec::new();
        if written.len() != read.len() {
            out.push(format!(
                "{layout}: {} articles read of {}",
                read.len(),
                written.len()
            ));
            return out;
        }
        for (n, (a, item)) in written.iter().zip(read).enumerate() {
            let at = format!("{layout} article {n} ({})", a.headline);
            if item.headline.as_deref() != Some(a.headline.as_str()) {
                out.push(format!("{at}: headline {:?}", item.headline));
            }
            let want_byline = a.byline.as_ref().map(|(_, shown)| shown.as_str());
            if item.byline.as_deref() != want_byline {
                out.push(format!(
                    "{at}: byline {:?}, written {want_byline:?}",
                    item.byline
                ));
            }
            let got: Vec<(Role, &str)> = item
                .body
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph(t) => Some((Role::Paragraph, t.as_str())),
                    Block::Subhead(t) => Some((Role::Subhead, t.as_str())),
                    Block::Photo(_) => None,
                })
                .collect();
            let texts =
                |blocks: &[(Role, &str)]| blocks.iter().map(|b| b.1.to_owned()).collect::<Vec<_>>();
            let want: Vec<(Role, &str)> = a.blocks.iter().map(|(r, t)| (*r, t.as_str())).collect();
            if texts(&got) != texts(&want) {
                out.push(format!(
                    "{at}: blocks {:#?}\nwritten {:#?}",
                    texts(&got),
                    texts(&want)
                ));
                continue;
            }
            for ((want_role, text), (role, _)) in want.iter().zip(&got) {
                if *want_role != Role::Either && want_role != role {
                    out.push(format!(
                        "{at}: {text:?} read as {role:?}, written as {want_role:?}"
                    ));
                }
            }
            // Lines of one form get one role: every `■` line alike.
            let marked: Vec<Role> = got
                .iter()
                .filter(|(_, t)| t.starts_with('■'))
                .map(|b| b.0)
                .collect();
            if marked.windows(2).any(|w| w[0] != w[1]) {
                out.push(format!("{at}: ■ lines read as {marked:?}"));
            }
        }
        out
    }

    const ARTICLES: usize = 300;

    #[test]
    fn the_heading_dialect_reads_clean_text_as_written() {
        let written = corpus(ARTICLES);
        let text = dialect(&written);
        for (mode, text) in [
            ("auto", text.clone()),
            ("on", text.replacen("+++\n", "+++\nrepair = \"on\"\n", 1)),
        ] {
            let edition =
                kanbao::formats::load_bytes(text.as_bytes(), Path::new("chengxiang-2026-08-21.md"));
            assert_eq!(
                super::joins(&edition),
                Vec::<String>::new(),
                "repair {mode}"
            );
            let problems = differences(
                &format!("dialect, repair {mode}"),
                &written,
                &items(&edition),
            );
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }

    #[test]
    fn a_crawler_folder_reads_clean_text_as_written() {
        let written = corpus(ARTICLES);
        let dir = tempfile::tempdir().expect("a temp dir");
        let day = dir.path().join("chengxiang").join("20260821");
        std::fs::create_dir_all(&day).expect("created");
        let mut rng = Rng(7);
        for (n, a) in written.iter().enumerate() {
            let name = format!("20260821-{:02}-{:02}.txt", page_of(n), n % 12 + 1);
            std::fs::write(day.join(name), crawler_file(a, &mut rng)).expect("written");
        }
        let edition =
            kanbao::formats::articles::load_article_folder(&day).expect("the folder loads");
        let problems = differences("crawler", &written, &items(&edition));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_full_text_feed_reads_clean_text_as_written() {
        let written = corpus(ARTICLES);
        let xml = feed(&written, &mut Rng(11));
        let path = Path::new("chengxiang.xml");
        let editions = kanbao::formats::feed::feed_editions(vec![(
            path.to_owned(),
            kanbao::formats::feed::read_feed(xml.as_bytes(), path),
        )]);
        assert_eq!(editions.len(), 1, "one paper, one day");
        let edition = &editions[0];
        let problems = differences("feed", &written, &items(edition));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
