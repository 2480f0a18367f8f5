//! One crawler article file's text → an item: the header lines (kicker, headline, subtitle),
//! paragraphs from indented lines, and what stands alone among them (bylines, labels, date lines,
//! photos with their credits, subheads). The folder around it is `articles`' business.

use std::path::Path;

use super::warning;
use crate::edition::caption::{self, CaptionCredit, is_credit_line};
use crate::edition::recognize::{self, is_byline, is_han, needs_space};
use crate::edition::sanitize::sanitize;
use crate::edition::{Block, Diagnostic, Item, ItemKind, Photo};

/// A paragraph-to-be: one or more source lines.
#[derive(Debug)]
struct Unit {
    text: String,
    /// Source lines it was joined from.
    lines: usize,
    /// A line whole by nature, that nothing unindented goes on with: a label, a date line, a
    /// byline, or a short name right after one of those (the speaker under a speech's date).
    whole: bool,
}

/// Parses one article file's decoded text. `path` names it in diagnostics.
///
/// - Lines 1–3 are the kicker, headline and subtitle; an empty line is an absent part (an
///   empty first line means no kicker). The header ends early at an indented line, which is
///   body. Two variants other crawlers write are understood: a first line `连接：<url>` (kept
///   as the item's link) and `标题：` before the kicker, `内容：` after the header.
/// - Body: a line indented with `　　` (U+3000), spaces, tabs or no-break spaces starts a
///   paragraph; an unindented line continues the one above (no space between CJK, one between
///   Latin words); an empty line ends it. When no body line is indented at all (a crawler that
///   stripped the indents), every line is its own paragraph.
/// - A byline ([`is_byline`]) among the first two body lines becomes the item's byline; a
///   dateline opening the first paragraph its dateline; jump markers in the first and last
///   paragraph its continuations.
/// - A credit line ([`is_credit_line`]), or a paragraph ending in one after a sentence (split
///   by [`caption::split`]), becomes a
///   [`Block::Photo`] where it stands, taking the paragraph above as its caption when that reads
///   like one (`图为…`, `上图：…`). A file whose body is only a photo (and its caption) is an
///   [`ItemKind::Photo`] item.
/// - Subheads: see [`is_subhead`].
///
/// Every line passes [`sanitize`]. Returns `None` (with a warning) for a file with no text.
pub fn parse_article(text: &str, path: &Path) -> (Option<Item>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.trim().is_empty() {
        diagnostics.push(warning(
            path.to_owned(),
            None,
            "empty article file (no headline, no text); skipped".to_owned(),
        ));
        return (None, diagnostics);
    }
    let lines: Vec<std::borrow::Cow<'_, str>> = text.split('\n').map(sanitize).collect();
    let mut idx = 0;
    let mut item = Item::blank(ItemKind::Article, 1);
    if let Some(url) = lines.first().and_then(|l| link_line(l)) {
        item.link = Some(url.to_owned());
        idx = 1;
    }
    let mut header: [Option<String>; 3] = [None, None, None];
    for slot in &mut header {
        let Some(line) = lines.get(idx) else { break };
        if is_body_indent(line) && !line.trim().is_empty() {
            break;
        }
        *slot = Some(line.trim())
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        idx += 1;
    }
    let [kicker, headline, subtitle] = header;
    item.kicker = kicker
        .map(|k| {
            k.strip_prefix("标题：")
                .map_or(k.clone(), |r| r.trim().to_owned())
        })
        .filter(|k| !k.is_empty());
    item.headline = headline;
    item.subtitle = subtitle;
    if lines
        .get(idx)
        .is_some_and(|l| matches!(l.trim(), "内容：" | "正文："))
    {
        idx += 1;
    }
    let body = lines.get(idx..).unwrap_or(&[]);
    let units = body_units(body);
    item.body = classify(&units, &mut item.byline);
    finish_item(&mut item);
    (Some(item), diagnostics)
}

/// `连接：http://…` (or `链接：`, `原文链接：`, `URL:`) as the first line.
fn link_line(line: &str) -> Option<&str> {
    let line = line.trim();
    ["连接：", "链接：", "原文链接：", "URL:", "url:"]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .map(str::trim)
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
}

/// A line that starts with indentation: U+3000, a space, a tab or a no-break space.
fn is_indented(line: &str) -> bool {
    line.starts_with(['\u{3000}', ' ', '\t', '\u{a0}'])
}

/// Indentation that opens the body: two or more indent characters (`　　`, four spaces, a tab),
/// or one before a line that reads as running text. A header line with one stray space or
/// ideographic space before it (` ——副题`) is still the header.
fn is_body_indent(line: &str) -> bool {
    let content = line.trim_start_matches(['\u{3000}', ' ', '\u{a0}']);
    let indent = line[..line.len() - content.len()].chars().count();
    line.starts_with('\t')
        || indent >= 2
        || (indent == 1 && (content.chars().count() > 40 || recognize::ends_sentence(content)))
}

/// Joins body lines into paragraphs-to-be. An unindented line goes on with the paragraph above
/// only when it continues a sentence: a line that stands alone by nature ([`stands_alone`]: a
/// salutation, a speaker label, a date line, a byline) after a paragraph that is whole, and
/// any line after a paragraph that closes on a colon or stands alone, start paragraphs of their
/// own.
fn body_units(body: &[std::borrow::Cow<'_, str>]) -> Vec<Unit> {
    let any_indented = body.iter().any(|l| is_indented(l) && !l.trim().is_empty());
    let mut units: Vec<Unit> = Vec::new();
    let mut open = false;
    for line in body {
        let content = line.trim();
        if content.is_empty() {
            open = false;
            continue;
        }
        // The paragraph above is whole: it closes a sentence or a label, or stands alone.
        let above_whole = units
            .last()
            .is_none_or(|u| u.whole || recognize::ends_sentence(&u.text));
        let after_label = units
            .last()
            .is_some_and(|u| u.whole || u.text.ends_with(['：', ':']));
        let starts = is_indented(line)
            || !any_indented
            || !open
            || after_label
            || (above_whole && stands_alone(content));
        match units.last_mut() {
            Some(unit) if !starts => {
                if needs_space(&unit.text, content) {
                    unit.text.push(' ');
                }
                unit.text.push_str(content);
                unit.lines += 1;
            }
            _ => units.push(Unit {
                text: content.to_owned(),
                lines: 1,
                whole: stands_alone(content) || (after_label && is_name_line(content)),
            }),
        }
        open = true;
    }
    units
}

/// A line that is its own paragraph even when the crawler did not indent it: a salutation or a
/// speaker label (`同志们，朋友们：`, `编辑同志：`, `某某部副部长某某：`: a short line closing on a
/// colon), a date line (`（2026年3月17日）`), or a byline that names itself (`本报记者 某某`).
fn stands_alone(line: &str) -> bool {
    let line = line.trim();
    let short = line.len() <= 120 && line.chars().count() <= 30;
    let label = short && line.ends_with(['：', ':']);
    let date_line = short
        && line.starts_with(['（', '('])
        && line.ends_with(['）', ')'])
        && line.contains('年')
        && line.contains(['日', '月'])
        && line
            .chars()
            .any(|c| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(c));
    // A bare name (`续行` reads as one) is not enough: an unindented byline must say what it is.
    let byline =
        short && ["记者", "通讯员", "作者"].iter().any(|m| line.contains(m)) && is_byline(line);
    label || date_line || byline
}

/// Turns units into body blocks: byline, photos, subheads, paragraphs.
fn classify(units: &[Unit], byline: &mut Option<String>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::with_capacity(units.len());
    let marked = marked_subheads(units);
    for (i, unit) in units.iter().enumerate() {
        let text = unit.text.as_str();
        // Only the first two units are looked at, so the scan of `blocks` stays O(1).
        // A contents box's label (导读: a short line over headlines tagged `（第5版）`) is
        // not a byline.
        if i < 2
            && byline.is_none()
            && unit.lines == 1
            && blocks.iter().all(|b| !matches!(b, Block::Paragraph(_)))
            && is_byline(text)
            && !units
                .get(i + 1)
                .is_some_and(|next| recognize::is_contents_entry(&next.text))
        {
            *byline = Some(recognize::normalize_byline(text));
            continue;
        }
        if unit.lines == 1 && is_credit_line(text) {
            let caption = match blocks.last() {
                Some(Block::Paragraph(p)) if is_caption(p) => match blocks.pop() {
                    Some(Block::Paragraph(p)) => Some(p),
                    _ => None,
                },
                _ => None,
            };
            blocks.push(Block::Photo(Photo {
                caption,
                credit: Some(caption::normalize_credit(text)),
                image: None,
            }));
            continue;
        }
        if let Some((caption, credit)) = split_trailing_credit(text) {
            blocks.push(Block::Photo(Photo {
                caption: Some(caption),
                credit: Some(credit),
                image: None,
            }));
            continue;
        }
        let between = matches!(blocks.last(), Some(Block::Paragraph(_))) && i + 1 < units.len();
        let by_mark = list_mark(text).and_then(|mark| marked.get(&mark).copied());
        // `引子`, `尾声`: a part of the piece named in one word, wherever it stands.
        let part = unit.lines == 1 && i + 1 < units.len() && recognize::is_part_heading(text);
        if part || by_mark.unwrap_or(between && unit.lines == 1 && is_subhead(text)) {
            blocks.push(Block::Subhead(text.to_owned()));
        } else {
            blocks.push(Block::Paragraph(text.to_owned()));
        }
    }
    blocks
}

/// The marks that open list lines and section labels (`■ 一线视角`).
const LIST_MARKS: [char; 10] = ['■', '□', '●', '○', '▲', '△', '◆', '◇', '★', '☆'];

/// The list mark a unit opens with.
fn list_mark(text: &str) -> Option<char> {
    text.chars().next().filter(|c| LIST_MARKS.contains(c))
}

/// For each list mark, whether the units that open with it are subheads: lines of one form get
/// one role. They are when one of them is a subhead by [`is_subhead`] between paragraphs and
/// every one is a short single line that does not end a sentence; otherwise all are paragraphs.
fn marked_subheads(units: &[Unit]) -> std::collections::HashMap<char, bool> {
    let mut roles: std::collections::HashMap<char, (bool, bool)> = std::collections::HashMap::new();
    for (i, unit) in units.iter().enumerate() {
        let Some(mark) = list_mark(&unit.text) else {
            continue;
        };
        let text = unit.text.trim();
        let short = unit.lines == 1
            && text.len() <= 160
            && text.chars().count() <= 40
            && !text.ends_with(['。', '！', '？', '!', '?']);
        let subhead = unit.lines == 1 && i > 0 && i + 1 < units.len() && is_subhead(text);
        let role = roles.entry(mark).or_insert((false, true));
        role.0 |= subhead;
        role.1 &= short;
    }
    roles
        .into_iter()
        .map(|(mark, (any, all_short))| (mark, any && all_short))
        .collect()
}

/// A short line of Han characters and spaces only, like a name (`某某某`, `王  岩`,
/// `马哈茂德·阿卜杜拉赫曼`): two to four characters, more only in a transliterated name, so the
/// first words of a wrapped sentence (`新建的公园推`) are not one.
fn is_name_line(line: &str) -> bool {
    let line = line.trim();
    let han = line.chars().filter(|&c| is_han(c)).count();
    let most = if line.contains('·') { 12 } else { 4 };
    (2..=most).contains(&han)
        && line
            .chars()
            .all(|c| is_han(c) || c == ' ' || c == '\u{3000}' || c == '·')
}

/// A paragraph that reads like a photo caption: `图为…`, `图：…`, `上图…`, `图①…`, `题图…`.
fn is_caption(paragraph: &str) -> bool {
    let mut chars = paragraph.chars();
    match chars.next() {
        Some('上' | '下' | '左' | '右' | '题') => chars.next() == Some('图'),
        Some('图') => chars
            .next()
            .is_some_and(|c| matches!(c, '为' | '：' | ':' | '片' | '①'..='⑳' | '1'..='9')),
        _ => false,
    }
}

/// `…参观。　新华社记者 李四摄`: a caption whose credit follows the last sentence on the same
/// line, split by [`caption::split`]. In running text a source at a paragraph's end
/// (`……。（新华社）`) is not a photo's: the credit must name a picture (`摄`, `图`, `视觉`) or the
/// paragraph read like a caption (`图为…`).
fn split_trailing_credit(text: &str) -> Option<(String, String)> {
    // Only a paragraph that ends in a credit's last letter is split (most paragraphs end in
    // a sentence mark): the parser then looks at the end alone.
    if text.ends_with(['。', '，', '！', '？', '”', '；', '：']) {
        return None;
    }
    let CaptionCredit { caption, credit } = caption::split(text).normalized();
    let (caption, credit) = (caption?, credit?);
    let pictured = credit.contains(['摄', '图']) || credit.contains("视觉");
    (pictured || is_caption(&caption)).then_some((caption, credit))
}

/// Punctuation a subhead never contains: subheads are phrases, not sentences.
const SENTENCE_MARKS: [char; 12] = [
    '。', '，', '；', '：', '！', '？', ',', ';', ':', '!', '?', '…',
];

/// A section subhead (小标题) on its own line between paragraphs: 4–24 characters, at least two
/// of them Han, no sentence punctuation, not opening with a bracket (jump markers, author
/// notes like `（作者为…）`), and neither a byline, a credit nor a contents box's entry
/// (`城墙下的千年市井（第9版）`). Latin text never gets
/// subheads from this rule: an English short line is as likely a quote or a list item.
pub fn is_subhead(line: &str) -> bool {
    let line = line.trim();
    // 24 characters take at most 96 bytes.
    if line.len() > 96 {
        return false;
    }
    let chars = line.chars().count();
    (4..=24).contains(&chars)
        && line.chars().filter(|&c| is_han(c)).count() >= 2
        && !line.contains(SENTENCE_MARKS)
        && !line.starts_with(['（', '(', '【', '['])
        && !is_byline(line)
        && !is_credit_line(line)
        && !recognize::is_contents_entry(line)
}

/// Photo items, dateline and jumps, once the body is known.
fn finish_item(item: &mut Item) {
    // A photo file: its caption as a plain paragraph above the credit.
    if let [Block::Paragraph(caption), Block::Photo(photo)] = item.body.as_slice()
        && photo.caption.is_none()
    {
        let photo = Photo {
            caption: Some(caption.clone()),
            ..photo.clone()
        };
        item.body = vec![Block::Photo(photo)];
    }
    let only_photos =
        !item.body.is_empty() && item.body.iter().all(|b| matches!(b, Block::Photo(_)));
    if only_photos && let Block::Photo(photo) = item.body.remove(0) {
        item.kind = ItemKind::Photo;
        item.caption = photo.caption;
        item.credit = photo.credit;
        item.image = photo.image;
    }
    // Jumps and the dateline as every reader finds them: a forward marker is taken out of the
    // text (the reader shows it as the link), a back marker once the part is linked.
    crate::edition::link::find_jumps_and_dateline(item);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Item {
        let (item, diagnostics) = parse_article(text, Path::new("20260821-01-01.txt"));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        item.expect("the text has an article")
    }

    #[test]
    fn header_lines_and_indented_paragraphs() {
        let item =
            parse("引题在此\n标题在此\n——副题在此\n　　第一段开头，\n接着第一段。\n　　第二段。\n");
        assert_eq!(item.kicker.as_deref(), Some("引题在此"));
        assert_eq!(item.headline.as_deref(), Some("标题在此"));
        assert_eq!(item.subtitle.as_deref(), Some("——副题在此"));
        let paragraphs: Vec<&str> = item.paragraphs().collect();
        assert_eq!(paragraphs, ["第一段开头，接着第一段。", "第二段。"]);
    }

    #[test]
    fn empty_header_lines_are_absent_parts() {
        let item = parse("\n只有标题\n\n　　正文。\n");
        assert_eq!(item.kicker, None);
        assert_eq!(item.headline.as_deref(), Some("只有标题"));
        assert_eq!(item.subtitle, None);
        assert_eq!(item.paragraphs().count(), 1);
    }

    #[test]
    fn latin_continuations_get_a_space_and_unindented_files_keep_lines() {
        let item = parse("\nHeadline\n\n  First line of text\ncontinues here.\n  Second.\n");
        let paragraphs: Vec<&str> = item.paragraphs().collect();
        assert_eq!(
            paragraphs,
            ["First line of text continues here.", "Second."]
        );
        // A crawler that stripped the indents: each line is a paragraph.
        let item = parse("\n标题\n\n第一段。\n第二段。\n第三段。\n");
        assert_eq!(item.paragraphs().count(), 3);
    }

    #[test]
    fn byline_dateline_subhead_photo_and_jump() {
        let text = concat!(
            "\n标题\n\n　　本报记者　张　三\n",
            "　　本报讯（记者 张三）记者从有关部门获悉，工作进展顺利。\n",
            "　　推进城市更新行动\n",
            "　　第二段说明情况。\n",
            "　　图为8月20日，居民在新建的口袋公园里散步。\n",
            "　　本报记者　李四摄\n",
            "　　最后一段。（下转第二版）\n",
        );
        let item = parse(text);
        assert_eq!(item.byline.as_deref(), Some("本报记者 张三"));
        assert_eq!(item.dateline.as_deref(), Some("本报讯（记者 张三）"));
        assert_eq!(item.subheads().collect::<Vec<_>>(), ["推进城市更新行动"]);
        let photos = item.photos();
        assert_eq!(photos.len(), 1);
        assert_eq!(
            photos[0].caption.as_deref(),
            Some("图为8月20日，居民在新建的口袋公园里散步。")
        );
        assert_eq!(photos[0].credit.as_deref(), Some("本报记者 李四摄"));
        assert_eq!(item.continued_to.as_deref(), Some("2"));
        assert_eq!(item.paragraphs().count(), 3);
        assert!(matches!(item.body[3], Block::Photo(_)), "{:?}", item.body);
    }

    #[test]
    fn contents_box_labels_and_opening_parts_are_not_bylines() {
        let item = parse(concat!(
            "\n本版导读\n\n　　金秋\n",
            "　　城墙下的千年市井（第9版）\n",
            "　　一座小城的烟火气（第10版）\n",
        ));
        assert_eq!(item.byline, None);
        assert_eq!(item.paragraphs().next(), Some("金秋"));
        assert_eq!(item.paragraphs().count(), 3);

        let item =
            parse("\n标题\n\n　　引子\n　　那年夏天，小城下了一场大雨。\n　　尾声\n　　雨停了。\n");
        assert_eq!(item.byline, None);
        assert_eq!(item.subheads().collect::<Vec<_>>(), ["引子", "尾声"]);
        assert_eq!(item.paragraphs().count(), 2);
    }

    #[test]
    fn a_caption_with_its_credit_on_one_line() {
        let item = parse(
            "\n标题\n\n　　正文一段。\n　　游客在展馆参观。　新华社记者　王五摄\n　　正文二段。\n",
        );
        let photos = item.photos();
        assert_eq!(photos[0].caption.as_deref(), Some("游客在展馆参观。"));
        assert_eq!(photos[0].credit.as_deref(), Some("新华社记者 王五摄"));
        // A sentence that ends in 摄 without a credit's shape stays text.
        let item = parse("\n标题\n\n　　他说。他最爱拍摄\n");
        assert_eq!(item.paragraphs().count(), 1);
    }

    /// Credit lines in the forms the old test missed, lines it took wrongly, and a source at a
    /// paragraph's end that is not a photo's.
    #[test]
    fn credits_by_the_caption_parser() {
        let cases: [(&str, Option<(&str, &str)>); 8] = [
            (
                "　　图为雪后的青禾古城。\n视觉中国\n",
                Some(("图为雪后的青禾古城。", "视觉中国")),
            ),
            (
                "　　图为秋收的稻田。\n（本报记者 冯涛摄）\n",
                Some(("图为秋收的稻田。", "（本报记者 冯涛摄）")),
            ),
            (
                "　　图为新区规划示意。\n版式设计：蒋文\n",
                Some(("图为新区规划示意。", "版式设计：蒋文")),
            ),
            (
                "　　图为居民在散步。本报记者 赵\u{a0}\u{a0}晨摄\n",
                Some(("图为居民在散步。", "本报记者 赵晨摄")),
            ),
            ("　　他说。\n他爱拍摄\n", None),
            ("　　他说。\n去现场摄影\n", None),
            ("　　他说。\n市民 摄\n", None),
            ("　　会议取得积极成效。（新华社）\n", None),
        ];
        for (body, want) in cases {
            let item = parse(&format!("\n标题\n\n　　正文一段。\n{body}　　正文二段。\n"));
            let photos = item.photos();
            let got = photos.first().map(|p| {
                (
                    p.caption.as_deref().unwrap_or(""),
                    p.credit.as_deref().unwrap_or(""),
                )
            });
            assert_eq!(got, want, "{body:?}: {:?}", item.body);
        }
    }

    #[test]
    fn photo_only_file_is_a_photo_item() {
        let item = parse("\n秋收时节\n\n　　8月20日，农民在田间收割水稻。\n　　本报记者　赵六摄\n");
        assert_eq!(item.kind, ItemKind::Photo);
        assert_eq!(item.headline.as_deref(), Some("秋收时节"));
        assert_eq!(
            item.caption.as_deref(),
            Some("8月20日，农民在田间收割水稻。")
        );
        assert_eq!(item.credit.as_deref(), Some("本报记者 赵六摄"));
        assert!(item.body.is_empty());
    }

    #[test]
    fn subheads_are_conservative() {
        let yes = ["推进城市更新行动", "一、坚持人民至上", "让群众住得更舒心"];
        let no = [
            "是的",
            "（作者为北京大学教授）",
            "本报记者 张辉",
            "新华社记者 李四摄",
            "他说：好",
            "Short English line",
            "这是一个非常非常长的句子它没有标点但是显然不是小标题而是正文",
        ];
        for line in yes {
            assert!(is_subhead(line), "{line}");
        }
        for line in no {
            assert!(!is_subhead(line), "{line}");
        }
        // A short last line is not a subhead: nothing follows it.
        let item = parse("\n标题\n\n　　正文。\n　　推进城市更新行动\n");
        assert_eq!(item.subheads().count(), 0);
    }

    #[test]
    fn unindented_labels_salutations_and_date_lines_stand_alone() {
        let text = "\n在全市工作会议上的讲话\n\n（2026年3月17日）\n某某某\n同志们，朋友们：\n　　今天我们在这里召开会议，\n总结去年的工作。\n市委宣传部副部长某某：\n　　我们要把工作做实。\n编辑同志：\n我是一名退休教师。\n";
        let item = parse(text);
        let paragraphs: Vec<&str> = item.paragraphs().collect();
        assert_eq!(
            paragraphs,
            [
                "（2026年3月17日）",
                "某某某",
                "同志们，朋友们：",
                "今天我们在这里召开会议，总结去年的工作。",
                "市委宣传部副部长某某：",
                "我们要把工作做实。",
                "编辑同志：",
                "我是一名退休教师。",
            ]
        );
        // A label that goes on with an unfinished sentence is joined.
        let item =
            parse("\n标题\n\n　　主要措施有以下几点，分别是\n下列三项：\n　　一是加强领导。\n");
        assert_eq!(
            item.paragraphs().next(),
            Some("主要措施有以下几点，分别是下列三项：")
        );
    }

    #[test]
    fn a_subtitle_with_a_stray_space_is_the_subtitle() {
        for subtitle in [" ——记市民热线的一天", "\u{3000}——记市民热线的一天"]
        {
            let item = parse(&format!("引题\n标题\n{subtitle}\n　　本报讯 正文。\n"));
            assert_eq!(item.subtitle.as_deref(), Some("——记市民热线的一天"));
            assert_eq!(item.paragraphs().count(), 1);
        }
        // Body indentation still ends the header.
        let item =
            parse("\n标题\n　　本报讯 这是正文的第一段，写得很长，足以说明这是正文而不是副题。\n");
        assert_eq!(item.subtitle, None);
    }

    #[test]
    fn list_marked_lines_of_one_form_get_one_role() {
        let text = "\n标题\n\n　　开头一段。\n　　■ 一线视角\n　　中间一段。\n　　■ 基层声音：百姓说\n　　结尾一段。\n　　■ 记者手记\n";
        let item = parse(text);
        let subheads: Vec<&str> = item.subheads().collect();
        assert_eq!(subheads, ["■ 一线视角", "■ 基层声音：百姓说", "■ 记者手记"]);
        // A mark that opens sentences is a list of paragraphs, every one.
        let text = "\n标题\n\n　　开头一段。\n　　■ 一线视角\n　　■ 各地积极推进城市更新，老旧小区改造完成情况好于预期。\n　　结尾一段。\n";
        let item = parse(text);
        assert_eq!(item.subheads().count(), 0);
    }

    #[test]
    fn crawler_variant_with_labels() {
        let item =
            parse("连接：http://example.com/a.htm\n标题：引题\n标题\n副题\n内容：\n　　正文。\n");
        assert_eq!(item.link.as_deref(), Some("http://example.com/a.htm"));
        assert_eq!(item.kicker.as_deref(), Some("引题"));
        assert_eq!(item.headline.as_deref(), Some("标题"));
        assert_eq!(item.paragraphs().collect::<Vec<_>>(), ["正文。"]);
    }

    #[test]
    fn a_body_without_header_is_not_eaten_by_it() {
        let item = parse("　　第一段。\n　　第二段。\n");
        assert_eq!(item.headline, None);
        assert_eq!(item.paragraphs().count(), 2);
    }

    #[test]
    fn empty_and_control_characters() {
        for text in ["", "\n\n  \n　　\n"] {
            let (item, diagnostics) = parse_article(text, Path::new("x.txt"));
            assert!(item.is_none());
            assert_eq!(diagnostics.len(), 1);
            assert!(diagnostics[0].message.contains("empty article file"));
        }
        let item = parse("\n标\u{1b}[31m题\u{7}\n\n　　正\u{1b}]0;pwned\u{7}文\u{202e}。\n");
        assert_eq!(item.headline.as_deref(), Some("标题"));
        assert_eq!(item.paragraphs().collect::<Vec<_>>(), ["正文。"]);
    }

    proptest::proptest! {
        /// Any text parses without a panic into an item whose parts are sanitised and
        /// non-empty, as the model promises.
        #[test]
        fn any_text_parses_to_clean_parts(
            text in "[\u{3000} a-zA-Z中文图为摄记者本报讯。，（）下转第二版\n\t\u{1b}\u{7}\u{9b}\r]{0,300}"
        ) {
            let (item, _) = parse_article(&text, Path::new("x.txt"));
            if let Some(item) = item {
                let parts = [
                    &item.kicker, &item.headline, &item.subtitle, &item.byline, &item.dateline,
                    &item.caption, &item.credit, &item.link,
                ];
                for part in parts.into_iter().flatten() {
                    proptest::prop_assert!(!part.trim().is_empty(), "{item:?}");
                    proptest::prop_assert!(crate::edition::sanitize::is_clean(part), "{part:?}");
                }
                for block in &item.body {
                    let photo_parts = match block {
                        Block::Photo(p) => vec![&p.caption, &p.credit],
                        _ => vec![],
                    };
                    for part in photo_parts.into_iter().flatten() {
                        proptest::prop_assert!(!part.is_empty());
                        proptest::prop_assert!(crate::edition::sanitize::is_clean(part));
                    }
                    proptest::prop_assert!(crate::edition::sanitize::is_clean(block.text()));
                    if !matches!(block, Block::Photo(_)) {
                        proptest::prop_assert!(!block.text().is_empty());
                    }
                }
            }
        }
    }
}
