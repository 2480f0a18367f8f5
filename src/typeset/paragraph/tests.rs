//! Tests for paragraph setting: TYPOGRAPHY.md's worked examples, one table per rule, degenerate
//! widths, and properties over arbitrary text and the sample edition.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::super::classes::{Script, script_of};
use super::super::display::Display;
use super::super::segment::for_each_unit;
use super::*;
use crate::edition::sanitize::sanitize;

const SAMPLE: &str = include_str!("../../../editions/xuchang-daily-2023-02-28.txt");

/// TYPOGRAPHY.md's lists, written out again so the tests do not trust the code's own.
const MUST_NOT_START: &str = "、，。；：？！．‼⁇,.;:?!”’」』）)〕］｝】〗》〉～–·・‧/／—⸺⸻…";
const MUST_NOT_END: &str = "“‘「『（(〔［｛【〖《〈";

fn raw() -> Options {
    Options {
        indent: false,
        ..Options::default()
    }
}

fn texts(text: &str, cols: usize, opts: &Options) -> Vec<String> {
    set_paragraph(text, cols, opts)
        .into_iter()
        .map(|line| line.text)
        .collect()
}

fn split(want: &str) -> Vec<String> {
    if want.is_empty() {
        Vec::new()
    } else {
        want.split(" / ").map(String::from).collect()
    }
}

/// Runs a table of `(input, cols, expected lines joined by " / ")`.
fn check_table(name: &str, opts: &Options, cases: &[(&str, usize, &str)]) {
    for &(input, cols, want) in cases {
        assert_eq!(
            texts(input, cols, opts),
            split(want),
            "{name}: {input:?} at {cols} cols"
        );
        check_paragraph(input, cols, opts);
    }
}

#[test]
fn worked_examples_from_typography_md() {
    check_table(
        "worked examples",
        &raw(),
        &[
            (
                "要加强“筛子”工作，确保整改到位。",
                10,
                "要加强“筛 / 子”工作， / 确保整改到 / 位。",
            ),
            (
                "他说：“好。”然后走了。",
                6,
                "他说： / “好。” / 然后走 / 了。",
            ),
            ("金额19.25亿元", 6, "金额 / 19.25 / 亿元"),
            ("这是——破折号——测试", 6, "这是—— / 破折 / 号——测 / 试"),
            ("一二三四五六七八九十。", 10, "一二三四五 / 六七八九 / 十。"),
            (
                "使用iPhone 15 Pro手机拍摄",
                10,
                "使用iPhone / 15 Pro手机 / 拍摄",
            ),
        ],
    );
}

#[test]
fn never_start_never_end_and_push_out() {
    check_table(
        "kinsoku",
        &raw(),
        &[
            // 丁 is pushed down with the comma that may not start a line.
            ("甲乙丙丁，戊", 8, "甲乙丙 / 丁，戊"),
            ("书名《红楼梦》好", 14, "书名《红楼梦》 / 好"),
            ("书名《红楼梦》好", 12, "书名《红楼 / 梦》好"),
            ("春满中原·老家丁营", 8, "春满中 / 原·老家 / 丁营"),
            (
                "本报讯(记者王利辉)2月",
                8,
                "本报讯 / （记者王 / 利辉）2 / 月",
            ),
            ("开幕式、闭幕式", 6, "开幕 / 式、闭 / 幕式"),
            ("一句话！下一句", 6, "一句 / 话！下 / 一句"),
        ],
    );
    let ascii = Options {
        normalize_punctuation: false,
        ..raw()
    };
    check_table(
        "kinsoku, raw punctuation",
        &ascii,
        &[
            ("会议要求,一要", 8, "会议要 / 求,一要"),
            ("本报讯(记者王利辉)2月", 8, "本报讯 / (记者王 / 利辉)2月"),
        ],
    );
}

#[test]
fn quotes_open_and_close_in_chinese() {
    check_table(
        "quotes",
        &raw(),
        &[
            // Plain UAX #14 would glue 能”“政 together.
            ("“岗位+技能”“政府+金融”", 12, "“岗位+技能” / “政府+金融”"),
            ("按照‘保基本’要求", 8, "按照‘保 / 基本’要 / 求"),
            ("他说：“好。”", 4, "他 / 说： / “好 / 。”"),
            ("《书》《书》", 6, "《书》 / 《书》"),
        ],
    );
    // Latin text keeps UAX #14's glue between quotes and words.
    check_table(
        "latin quotes",
        &raw(),
        &[("She said “yes” today.", 12, "She said / “yes” today.")],
    );
}

#[test]
fn dashes_and_ellipses() {
    check_table(
        "dash and ellipsis",
        &raw(),
        &[
            ("这是——", 4, "这 / 是——"),
            ("力量”……排练", 6, "力 / 量”…… / 排练"),
            ("发展——充换电", 7, "发展—— / 充换电"),
            (
                "电动汽车快速发展—— 充换电业务",
                18,
                "电动汽车快速发展—— / 充换电业务",
            ),
            ("——访市政协副主席", 8, "——访市政 / 协副主席"),
            ("“ 中文", 4, "“ 中 / 文"),
            ("“ 中文", 3, "“ / 中 / 文"),
        ],
    );
}

#[test]
fn numbers_units_and_percentages() {
    check_table(
        "numbers",
        &raw(),
        &[
            ("增长19.8%，占比", 8, "增长 / 19.8%， / 占比"),
            ("5G网络", 3, "5G / 网 / 络"),
            ("2023年", 5, "2023 / 年"),
            ("用好“5+2”机制", 6, "用好 / “5+2” / 机制"),
            ("It grew 3.5% in 2023", 10, "It grew / 3.5% in / 2023"),
            ("pay $19.25 now", 6, "pay / $19.25 / now"),
            ("截至10:30,共1,000人", 10, "截至 / 10:30，共 / 1,000人"),
        ],
    );
}

#[test]
fn urls_and_long_words() {
    check_table(
        "urls",
        &raw(),
        &[
            // UAX #14 alone would end line 1 after `example.com/`.
            (
                "see https://example.com/a now",
                24,
                "see / https://example.com/a / now",
            ),
            (
                "see https://example.com/a now",
                25,
                "see https://example.com/a / now",
            ),
            // Too long for any line: cut, preferring a point where a line may start.
            (
                "see https://example.com/path now",
                20,
                "see / https://example.com/ / path now",
            ),
            (
                "网址www.xuchang.gov.cn。",
                12,
                "网址 / www.xuchang. / gov.cn。",
            ),
            (
                "Supercalifragilistic is",
                8,
                "Supercal / ifragili / stic is",
            ),
        ],
    );
}

#[test]
fn hanging_punctuation() {
    let hanging = Options {
        hanging_punctuation: true,
        ..raw()
    };
    check_table(
        "hanging",
        &hanging,
        &[
            // The margin is reserved (10 columns of text) and the 。 hangs into it.
            ("一二三四五六七八九十。", 12, "一二三四五 / 六七八九十。"),
            (
                "一二三四五，六七八九十、",
                12,
                "一二三四五， / 六七八九十、",
            ),
            // Only ，。、 hang.
            ("一二三四五六七八九十！", 12, "一二三四五 / 六七八九 / 十！"),
            // Too narrow for a margin: hanging is off.
            ("一二，三", 5, "一 / 二， / 三"),
        ],
    );
    check_table(
        "no hanging",
        &raw(),
        &[("一二三四五六七八九十。", 12, "一二三四五六 / 七八九十。")],
    );
    let lines = set_paragraph("六七八九十。", 12, &hanging);
    assert_eq!(lines[0].cols, 12, "a hanging line uses the margin");
}

#[test]
fn normalisation_on_and_off() {
    let text = "本报讯(记者)2月27日,市政府:比分10:30,增长19.25%,“1+N”与5G(iPhone)";
    let on = set_paragraph(text, 200, &raw());
    assert_eq!(
        on[0].text,
        "本报讯（记者）2月27日，市政府：比分10:30，增长19.25%，“1+N”与5G(iPhone)"
    );
    assert_eq!(on[0].src, 0..text.len());
    // 15 Han characters and 6 full-width marks at 2 columns, 29 ASCII characters at 1.
    assert_eq!(on[0].cols, 2 * 15 + 2 * 6 + 29);
    let off = set_paragraph(
        text,
        200,
        &Options {
            normalize_punctuation: false,
            ..raw()
        },
    );
    assert_eq!(off[0].text, text);
    // Latin paragraphs are never normalised.
    let latin = "Wang said: (yes) 好,";
    assert_eq!(texts(latin, 80, &raw()), [latin]);
    // Source ranges always point into the raw text.
    let lines = set_paragraph("记者,王利辉,说", 6, &raw());
    let back: Vec<&str> = lines
        .iter()
        .map(|l| &"记者,王利辉,说"[l.src.clone()])
        .collect();
    assert_eq!(
        texts("记者,王利辉,说", 6, &raw()),
        ["记者，", "王利", "辉，说"].map(String::from)
    );
    assert_eq!(back, ["记者,", "王利", "辉,说"]);
}

#[test]
fn spaces_tabs_and_forced_breaks() {
    check_table(
        "spaces",
        &raw(),
        &[
            ("a\tb", 10, "a b"),
            ("\tword  here \t", 10, "word  here"),
            ("word here", 4, "word / here"),
            ("第一行\u{2028}第二行", 20, "第一行 / 第二行"),
            ("   ", 10, ""),
            ("", 10, ""),
            ("a\u{A0}b c", 3, "a\u{A0}b / c"),
            // UAX #14 allows a break between a space and an ideographic space; the run stays whole.
            ("中 \u{3000}文", 4, "中 / 文"),
            ("中 \u{3000}文", 7, "中 \u{3000}文"),
        ],
    );
    let lines = set_paragraph("a\tb", 10, &raw());
    assert_eq!((lines[0].src.clone(), lines[0].cols), (0..3, 3));
}

#[test]
fn clusters_emoji_and_combining_marks() {
    check_table(
        "clusters",
        &raw(),
        &[
            (
                "家庭👨\u{200d}👩\u{200d}👧合影",
                6,
                "家庭👨\u{200d}👩\u{200d}👧 / 合影",
            ),
            ("cafe\u{301} au lait", 5, "cafe\u{301} / au / lait"),
            ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}e\u{301} / e\u{301}"),
            ("🇨🇳🇨🇳🇨🇳", 5, "🇨🇳🇨🇳 / 🇨🇳"),
            // ratatui 0.30 gives a cluster with U+FF9E one extra column; so do we.
            ("ｶﾞｶﾞｶﾞ", 6, "ｶﾞｶﾞ / ｶﾞ"),
        ],
    );
}

#[test]
fn wide_character_at_the_last_column() {
    check_table(
        "last column",
        &raw(),
        &[
            ("abc中文", 4, "abc / 中文"),
            ("abc中文", 5, "abc中 / 文"),
            ("中文字", 5, "中文 / 字"),
            ("a中文字", 6, "a中文 / 字"),
        ],
    );
    for line in set_paragraph("中文字中文字中文字", 7, &raw()) {
        assert_eq!(
            line.cols, 6,
            "a wide character never straddles column 7: {line:?}"
        );
    }
}

#[test]
fn degenerate_widths() {
    let text = "他说：“好。”";
    assert!(set_paragraph(text, 0, &Options::default()).is_empty());
    // At width 1 a Han character cannot be shown: U+FFFD stands in, its source kept.
    let one = set_paragraph(text, 1, &Options::default());
    let shown: Vec<&str> = one.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        shown,
        [
            "\u{FFFD}", "\u{FFFD}", "\u{FFFD}", "“", "\u{FFFD}", "\u{FFFD}", "”"
        ]
    );
    assert_eq!(one[0].src, 0..3);
    assert!(one.iter().all(|l| l.cols == 1));
    check_table(
        "degenerate",
        &Options::default(),
        &[
            ("他说：“好。”", 2, "他 / 说 / ： / “ / 好 / 。 / ”"),
            ("他说：“好。”", 3, "他 / 说 / ： / “好 / 。”"),
            ("Hi there", 3, "Hi / the / re"),
            ("Hi there", 1, "H / i / t / h / e / r / e"),
            ("a中b", 1, "a / \u{FFFD} / b"),
            // Indent needs 6 columns: the indent and one Han character.
            ("本报讯", 5, "本报 / 讯"),
            ("本报讯", 6, "\u{3000}\u{3000}本 / 报讯"),
        ],
    );
}

#[test]
fn paragraph_script_decides_indent() {
    let zh = set_paragraph("本报讯(记者王利辉)2月27日", 80, &Options::default());
    assert_eq!(zh[0].text, "\u{3000}\u{3000}本报讯（记者王利辉）2月27日");
    assert_eq!(zh[0].cols, 4 + 2 * 10 + 4 + 3);
    assert_eq!(zh[0].src.start, 0, "the indent has no source");
    let en = set_paragraph(
        "The council met on Monday (as planned).",
        80,
        &Options::default(),
    );
    assert_eq!(en[0].text, "The council met on Monday (as planned).");
    let no_indent = set_paragraph("本报讯", 80, &raw());
    assert_eq!(no_indent[0].text, "本报讯");
}

#[test]
fn paragraph_start_and_end_are_trimmed() {
    // Dumps often indent with ideographic spaces; the typesetter indents by itself.
    let lines = set_paragraph("\u{3000}\u{3000}本报讯 ", 80, &Options::default());
    assert_eq!(lines[0].text, "\u{3000}\u{3000}本报讯");
    assert_eq!(lines[0].src, 6..15);
}

#[test]
fn sample_edition_sets_without_violations() {
    let opts = [
        Options::default(),
        Options {
            hanging_punctuation: true,
            ..Options::default()
        },
    ];
    let headings = SAMPLE
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| l.trim_start_matches('#').trim());
    let mut lines_set = 0;
    for paragraph in sample_paragraphs().into_iter().chain(headings) {
        for cols in [20, 41, 80] {
            for opts in &opts {
                lines_set += check_paragraph(paragraph, cols, opts);
            }
        }
    }
    assert!(
        lines_set > 1000,
        "the sample has real text: {lines_set} lines"
    );
}

fn sample_paragraphs() -> Vec<&'static str> {
    let body = SAMPLE.splitn(3, "+++").nth(2).unwrap_or_default();
    body.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect()
}

/// Maps full-width forms that normalisation produces back to ASCII.
fn undo(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '，' => ',',
            '；' => ';',
            '：' => ':',
            '？' => '?',
            '！' => '!',
            '（' => '(',
            '）' => ')',
            '\t' => ' ',
            c => c,
        })
        .collect()
}

/// Columns of a cluster the typesetter stood in for.
fn stand_in_cols(source: &str, widened: bool, opts: &Options) -> usize {
    if widened {
        2
    } else {
        display_cols_for(source, opts.ambiguous)
    }
}

/// Columns as a terminal draws them: ambiguous characters wide or narrow (unicode-width's own
/// tables, not the typesetter's code).
fn display_cols_for(text: &str, amb: Ambiguous) -> usize {
    text.graphemes(true)
        .map(|g| {
            let base = if amb == Ambiguous::Wide {
                unicode_width::UnicodeWidthStr::width_cjk(g)
            } else {
                g.width()
            };
            base + g
                .chars()
                .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
                .count()
        })
        .sum()
}

/// Units of `text` in source bytes with their columns, as the setter saw them.
fn source_units(text: &str, opts: &Options) -> Vec<(std::ops::Range<usize>, usize)> {
    let chinese = script_of(text) == Script::Chinese;
    let display = Display::new(text, chinese && opts.normalize_punctuation);
    let mut units = Vec::new();
    for_each_unit(&display.text, chinese, opts.ambiguous, |u| {
        units.push((display.src_of(u.start)..display.src_of(u.end), u.cols));
    });
    units
}

/// Checks every invariant of a set paragraph and returns the number of lines.
fn check_paragraph(text: &str, cols: usize, opts: &Options) -> usize {
    let lines = set_paragraph(text, cols, opts);
    let ctx = format!("{text:?} at {cols} cols, {opts:?}: {lines:#?}");
    let chinese = script_of(text) == Script::Chinese;
    let reserve = if opts.hanging_punctuation && cols >= 6 {
        2
    } else {
        0
    };
    let measure = cols.saturating_sub(reserve);
    let indented = chinese && opts.indent && measure >= 6;
    let narrowest = if indented { measure - 4 } else { measure };
    let is_space = |s: &str| {
        s.chars()
            .all(|c| c.is_whitespace() && !"\u{A0}\u{2007}\u{202F}".contains(c))
    };

    if cols == 0 {
        assert!(lines.is_empty(), "{ctx}");
        return 0;
    }
    let mut prev_end = 0;
    for (i, line) in lines.iter().enumerate() {
        // Width.
        assert!(line.cols <= cols, "line {i} too wide: {ctx}");
        assert_eq!(
            line.cols,
            display_cols_for(&line.text, opts.ambiguous),
            "line {i} cols: {ctx}"
        );
        if line.cols > measure {
            let last = line.text.chars().next_back().unwrap_or(' ');
            assert!(
                "，。、".contains(last) && line.cols - 2 <= measure,
                "line {i} overhangs: {ctx}"
            );
        }
        assert!(
            !line.text.contains(|c: char| c.is_control()),
            "line {i} control: {ctx}"
        );
        // Source ranges tile the paragraph, with only break spaces between them.
        assert!(
            !line.src.is_empty() && line.src.start >= prev_end,
            "line {i} src: {ctx}"
        );
        assert!(
            is_space(&text[prev_end..line.src.start]),
            "line {i} gap: {ctx}"
        );
        // Text is the source, shown.
        let content = match line.text.strip_prefix("\u{3000}\u{3000}") {
            Some(rest) if i == 0 && indented => rest,
            _ => {
                assert!(i > 0 || !indented, "line 0 lacks the indent: {ctx}");
                &line.text
            }
        };
        let source = &text[line.src.clone()];
        let stand_in =
            content == "\u{FFFD}" || (opts.ambiguous == Ambiguous::Wide && content == "?");
        if stand_in && source != content {
            let widened = chinese && opts.normalize_punctuation && ",;:?!()".contains(source);
            let shown_cols = stand_in_cols(source, widened, opts);
            assert!(
                source.graphemes(true).count() == 1 && shown_cols > narrowest,
                "{ctx}"
            );
        } else {
            assert_eq!(undo(content), undo(source), "line {i} text: {ctx}");
        }
        // No break space at either end (a space carrying a combining mark is a visible cluster).
        let mut clusters = content.graphemes(true);
        for end in [clusters.next(), clusters.next_back()]
            .into_iter()
            .flatten()
        {
            assert!(!is_space(end), "line {i} has a space at an end: {ctx}");
        }
        // Never-start and never-end, unless a unit wider than the line had to be cut there.
        if i > 0 && !stand_in && !text[prev_end..line.src.start].contains(['\u{2028}', '\u{2029}'])
        {
            let first = content.chars().next().unwrap_or(' ');
            let prev_last = lines[i - 1].text.chars().next_back().unwrap_or(' ');
            if MUST_NOT_START.contains(first) || MUST_NOT_END.contains(prev_last) {
                let at = line.src.start;
                let cut = source_units(text, opts)
                    .into_iter()
                    .any(|(range, unit_cols)| {
                        range.start < at && at < range.end && unit_cols > narrowest
                    });
                assert!(
                    cut,
                    "line {i} breaks the never-start/never-end rules: {ctx}"
                );
            }
        }
        prev_end = line.src.end;
    }
    assert!(
        is_space(&text[prev_end..]),
        "text after the last line: {ctx}"
    );
    lines.len()
}

/// Pieces of text that exercise the rules, glued at random.
fn piece() -> impl Strategy<Value = String> {
    let han = prop::sample::select(vec!["中", "文", "报", "讯", "市", "政", "府", "𠀋", "々"]);
    let marks = prop::sample::select(vec![
        "，", "。", "、", "“", "”", "‘", "’", "（", "）", "《", "》", "——", "……", "·", "：", "；",
        "？", "！", ",", ".", ";", ":", "?", "!", "(", ")", "/", "-", "+", "%", "–", "～",
    ]);
    let spaces = prop::sample::select(vec![" ", "  ", "\t", "\u{3000}", "\u{2028}", "\u{A0}"]);
    let special = prop::sample::select(vec![
        "👨\u{200d}👩\u{200d}👧",
        "e\u{301}",
        "🇨🇳",
        "\u{200B}",
        "ｶﾞ",
        "https://example.com/a/b",
        "www.xuchang.gov.cn",
        "19.25",
        "3.5%",
        "5G",
        "1+N",
        "10:30",
        "\u{0915}\u{094D}\u{0937}",
    ]);
    prop_oneof![
        6 => han.prop_map(String::from),
        2 => "[a-zA-Z]{1,12}",
        1 => "[0-9]{1,4}",
        3 => marks.prop_map(String::from),
        2 => spaces.prop_map(String::from),
        1 => special.prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|pieces| sanitize(&pieces.concat()).into_owned())
}

fn options() -> impl Strategy<Value = Options> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(normalize_punctuation, hanging_punctuation, indent, wide)| Options {
            normalize_punctuation,
            hanging_punctuation,
            indent,
            ambiguous: if wide {
                Ambiguous::Wide
            } else {
                Ambiguous::Narrow
            },
            ..Options::default()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_at_any_width(text in paragraph(), opts in options()) {
        for cols in 0..=120 {
            check_paragraph(&text, cols, &opts);
        }
    }

    #[test]
    fn any_sample_paragraph_at_any_width(idx in 0..64usize, opts in options()) {
        let paragraphs = sample_paragraphs();
        let text = paragraphs[idx % paragraphs.len()];
        for cols in 1..=120 {
            check_paragraph(text, cols, &opts);
        }
    }
}

#[test]
fn a_wide_terminal_gets_lines_that_fit_it() {
    // “ ” … count two columns each: the same text breaks earlier and no line overflows.
    let text = "“岗位+技能”“政府+金融”“政府+慈善+社会力量”……探索建立多元救助模式";
    let wide = Options {
        ambiguous: Ambiguous::Wide,
        ..Options::default()
    };
    let narrow_lines = set_paragraph(text, 20, &Options::default());
    let wide_lines = set_paragraph(text, 20, &wide);
    for line in &wide_lines {
        assert!(
            display_cols_for(&line.text, Ambiguous::Wide) <= 20,
            "{line:?}"
        );
    }
    assert!(
        narrow_lines
            .iter()
            .any(|l| display_cols_for(&l.text, Ambiguous::Wide) > 20),
        "narrow lines would overflow a wide terminal: the test shows a difference"
    );
}
