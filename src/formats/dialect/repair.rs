//! Column-break repair: text dumps cut paragraphs where the printed column ended, even inside a
//! word (`做好问题楼盘` | `处置。`, `社` | `会主义`, `the plan would` | `allow`). Such a paragraph is
//! re-joined with the one that follows it, but only where the source shows damage: every
//! candidate of an edition whose own paragraphs break off mid-sentence often enough
//! ([`Evidence`]), and in any edition a break that shows its damage itself ([`clear_break`]: a
//! paragraph that stops on a comma or a word that cannot end a clause, or a paragraph that
//! cannot begin one). Never across a structural line (byline, credit, subhead, sign-off, list
//! line, verse, a jump). Clean text, which ends its paragraphs, is left exactly as written.

use std::cell::OnceCell;
use std::path::Path;

use crate::edition::caption;
use crate::edition::frontmatter::RepairMode;
use crate::edition::model::{Block, Diagnostic, Severity};
use crate::edition::recognize::{self, Jump, needs_space};

/// A body block with where it came from.
#[derive(Debug, Clone)]
pub struct Piece {
    pub block: Block,
    /// 1-based source line.
    pub line: usize,
    /// Blank lines between this block and the previous one.
    pub blank_before: usize,
    /// Whether the block's text stands alone ([`stands_alone`]), worked out the first time a
    /// break beside it is weighed and kept: a paragraph sits between two breaks, and each is
    /// weighed twice (for the [`Evidence`], then to [`rejoin`]). Blocks are not changed once
    /// the file is read.
    alone: OnceCell<bool>,
}

impl Piece {
    pub fn new(block: Block, line: usize, blank_before: usize) -> Piece {
        Piece {
            block,
            line,
            blank_before,
            alone: OnceCell::new(),
        }
    }

    /// [`stands_alone`] of `text`, this piece's paragraph, worked out once.
    fn stands_alone(&self, text: &str) -> bool {
        *self.alone.get_or_init(|| stands_alone(text))
    }
}

/// What an edition's paragraphs say about column-break damage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Pairs of consecutive paragraphs (one blank line apart) looked at.
    pub boundaries: usize,
    /// Of those, pairs where running text breaks off mid-sentence and the next paragraph goes
    /// on with it: the signature of a column break.
    pub cuts: usize,
}

impl Evidence {
    /// Counts the cuts among the paragraphs of one item's body.
    pub fn add(&mut self, pieces: &[Piece]) {
        for pair in pieces.windows(2) {
            let (Block::Paragraph(prev), Block::Paragraph(next)) = (&pair[0].block, &pair[1].block)
            else {
                continue;
            };
            if pair[1].blank_before > 1 {
                continue;
            }
            self.boundaries += 1;
            let (prev_alone, next_alone) =
                (|| pair[0].stands_alone(prev), || pair[1].stands_alone(next));
            if may_join_with(prev, next, prev_alone, next_alone) {
                self.cuts += 1;
            }
        }
    }

    /// True when at least one paragraph boundary in fifty is a cut. Clean text has none: its
    /// unpunctuated paragraph ends are bylines, subheads, list lines and verse, which
    /// [`may_join`] never counts.
    pub fn damaged(&self) -> bool {
        self.cuts > 0 && self.cuts * 50 >= self.boundaries
    }

    /// Which breaks `mode` with this evidence re-joins.
    pub fn repairs(&self, mode: RepairMode) -> Joins {
        match mode {
            RepairMode::Auto if self.damaged() => Joins::Every,
            RepairMode::Auto => Joins::Clear,
            RepairMode::On => Joins::Every,
            RepairMode::Off => Joins::None,
        }
    }
}

/// Which paragraph breaks are re-joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joins {
    /// Every break [`may_join`] allows: the edition shows column-break damage, or `repair = "on"`.
    Every,
    /// Only breaks that show their damage themselves ([`clear_break`]): an edition with one
    /// column break among clean paragraphs.
    Clear,
    /// None (`repair = "off"`).
    None,
}

/// Joins split paragraphs as `joins` says and returns the blocks, reporting each join as a
/// warning so `kanbao check` shows what was changed. Never joins across a subhead, a photo, a
/// gap of more than one blank line, or any pair [`may_join`] refuses.
pub fn rejoin(
    pieces: Vec<Piece>,
    joins: Joins,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(pieces.len());
    // Whether the last block pushed is a paragraph that came right before this piece.
    let mut after_paragraph = false;
    // Whether that paragraph stands alone, when known: it is the last piece's, unless a join
    // made it longer.
    let mut prev_alone: Option<bool> = None;
    for piece in pieces {
        let Block::Paragraph(text) = &piece.block else {
            out.push(piece.block);
            after_paragraph = false;
            continue;
        };
        let next_alone = || piece.stands_alone(text);
        if joins != Joins::None
            && after_paragraph
            && piece.blank_before <= 1
            && let Some(Block::Paragraph(prev)) = out.last_mut()
            && may_join_with(
                prev,
                text,
                || *prev_alone.get_or_insert_with(|| stands_alone(prev)),
                next_alone,
            )
            && (joins == Joins::Every || clear_break(prev, text))
        {
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                path: path.to_owned(),
                line: Some(piece.line),
                message: format!(
                    "paragraph split mid-sentence ('…{}' | '{}…'); joined (column-break repair)",
                    last_chars(prev, 6),
                    text.chars().take(6).collect::<String>()
                ),
            });
            if needs_space(prev, text) {
                prev.push(' ');
            }
            prev.push_str(text);
            prev_alone = None;
            continue;
        }
        prev_alone = piece.alone.get().copied();
        out.push(piece.block);
        after_paragraph = true;
    }
    out
}

/// Whether paragraph `prev` followed by `next` looks like one paragraph cut by a column break:
/// `prev` is running text that stops mid-sentence, and neither is a line that stands alone by
/// nature (byline, credit, subhead, sign-off, list line, verse, a jump or a dateline).
pub fn may_join(prev: &str, next: &str) -> bool {
    may_join_with(prev, next, || stands_alone(prev), || stands_alone(next))
}

/// [`may_join`], with [`stands_alone`] of `prev` and of `next` asked of `prev_alone` and
/// `next_alone`, which may know it already.
fn may_join_with(
    prev: &str,
    next: &str,
    prev_alone: impl FnOnce() -> bool,
    next_alone: impl FnOnce() -> bool,
) -> bool {
    !recognize::ends_sentence(prev)
        && is_running_text(prev)
        && !prev_alone()
        && !next_alone()
        && !is_verse(prev, next)
        && continues_text(next)
        && !opens_new_unit(next)
}

/// A break that shows its own damage, so it is re-joined even in an edition whose other
/// paragraphs are clean (given [`may_join`]): `prev` stops on a comma (`，` `、` `,`), on a word
/// that cannot end a clause (`的` `和` `与` `在` `对` `把` …), or inside an open quotation or
/// bracket; or `next` cannot begin a paragraph (closing punctuation, a particle like `了` `们`,
/// or, in Latin text, a lower-case word).
pub fn clear_break(prev: &str, next: &str) -> bool {
    const NEVER_ENDS_CLAUSE: &str = "的地得之和与及或在对把被将向从于并而且但为让使给由从";
    const NEVER_OPENS: &str = "，。、；：？！）】》”’」』,.;:?!)了着们吗呢吧";
    let prev = prev.trim_end();
    let next = next.trim_start();
    let open = |o: char, c: char| {
        prev.chars().filter(|&x| x == o).count() > prev.chars().filter(|&x| x == c).count()
    };
    let stops_mid_clause = prev
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '，' | '、' | ',') || NEVER_ENDS_CLAUSE.contains(c))
        || open('“', '”')
        || open('（', '）')
        || open('《', '》');
    let cannot_open = next
        .chars()
        .next()
        .is_some_and(|c| NEVER_OPENS.contains(c) || c.is_ascii_lowercase());
    stops_mid_clause || cannot_open
}

/// Sentence text rather than a heading: it has punctuation inside it, is too long for a
/// heading line, or (Latin) is mostly lower-case words. A short unpunctuated line
/// (`坚持创新驱动`, `What Changes Next`) is a subhead.
fn is_running_text(text: &str) -> bool {
    // More than 160 bytes is more than 40 characters: no heading is that long. (The test runs
    // at every paragraph boundary; long paragraphs must not be walked.)
    if text.len() > 160 {
        return true;
    }
    let chars = text.chars().count();
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower_words = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_ascii_lowercase()))
        .count();
    if words.len() >= 3 && lower_words * 2 > words.len() {
        return true;
    }
    let inner_marks = text.trim_end().chars().rev().skip(1).any(|c| {
        matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | ',' | ';' | '.' | '!' | '?' | '！' | '？'
        )
    });
    (inner_marks && chars >= 8) || chars > 40
}

/// Lines that are whole by nature: a byline, a credit, a sign-off (`——编  者`), a list line
/// (`■ 一线视角`, `一、`, `（一）`, `1.`), a jump line.
fn stands_alone(text: &str) -> bool {
    let text = text.trim();
    recognize::is_byline(text)
        || caption::is_credit_line(text)
        || is_sign_off(text)
        || is_list_line(text)
        || (text.len() <= 160 && text.chars().count() <= 40 && !recognize::jumps(text).is_empty())
}

/// `——编  者`, `——作者`, `— The Editors`: a short line opening with a dash.
fn is_sign_off(text: &str) -> bool {
    (text.starts_with("——") || text.starts_with('—') || text.starts_with("--"))
        && text.len() <= 96
        && text.chars().count() <= 24
}

/// A line opening with a list mark or an enumeration.
fn is_list_line(text: &str) -> bool {
    const MARKS: [char; 14] = [
        '■', '●', '▲', '◆', '★', '☆', '□', '○', '◇', '△', '•', '·', '※', '▶',
    ];
    if text.starts_with(MARKS) {
        return true;
    }
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    match (first, second) {
        // 一、 二、 …, 1、 1. 1．
        (Some(a), Some('、' | '．')) if numeral(a) || a.is_ascii_digit() => true,
        (Some(a), Some('.')) if a.is_ascii_digit() => true,
        // （一） (1) ①
        (Some('（' | '('), Some(b)) if numeral(b) || b.is_ascii_digit() => {
            text.chars().take(5).any(|c| c == '）' || c == ')')
        }
        (Some('①'..='⑳'), _) => true,
        _ => false,
    }
}

/// Two short lines in a row are verse or a list, set line by line on purpose.
fn is_verse(prev: &str, next: &str) -> bool {
    let short = |t: &str| t.len() <= 80 && t.chars().count() <= 20;
    short(prev) && short(next)
}

/// A paragraph that starts something new: a dateline, a jump back, a quotation set as its own
/// paragraph after a colon is still allowed.
fn opens_new_unit(next: &str) -> bool {
    recognize::dateline(next).is_some()
        || (next.starts_with(['(', '（'])
            && recognize::jumps(next).iter().any(|(j, _)| *j == Jump::From))
}

/// The next paragraph can go on with a broken sentence: Latin text must go on in lower case
/// or with punctuation (a capital starts a new sentence); Chinese text goes on with anything
/// but an opening mark that starts a new unit.
fn continues_text(next: &str) -> bool {
    match next.chars().next() {
        Some(c) if c.is_ascii_uppercase() => false,
        Some(c) if c.is_ascii_alphabetic() || c.is_ascii_digit() => true,
        Some(c) => !matches!(c, '【' | '〔' | '［'),
        None => false,
    }
}

/// The last `n` characters of `text`.
fn last_chars(text: &str, n: usize) -> String {
    let start = text
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    text[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_what_a_column_break_cut() {
        let cuts = [
            (
                "会议要求,一要全力抓好安全生产,做好问题楼盘",
                "处置。三要强化经济运行调度。",
            ),
            (
                "据统计,2022年发放贷款343笔,金额19.25亿",
                "元。截至2022年年末,余额为19.70亿元。",
            ),
            (
                "据了解,该乡通过开展文艺活动聚人气,该村文艺队把社",
                "会主义核心价值观编成快板。",
            ),
            (
                "The council met on Monday, and the plan would",
                "allow the park to open.",
            ),
            (
                "充分调动各方力量，积极探索创新多元化救助模式，",
                "激发困难群众内生动力。",
            ),
        ];
        for (prev, next) in cuts {
            assert!(may_join(prev, next), "join {prev:?} | {next:?}");
        }
    }

    #[test]
    fn never_joins_what_stands_alone() {
        let clean = [
            (
                "本报记者  徐  隽  魏哲哲",
                "本报北京8月19日电  （记者徐隽）最高人民法院发布……",
            ),
            ("崔 妍", "今年以来，各地积极推进……"),
            ("坚持创新驱动 推动高质量发展", "今年以来，各地积极推进……"),
            ("——编  者", "各地积极推进。"),
            ("■ 一线视角", "各地积极推进。"),
            ("一、总体要求", "各地积极推进。"),
            ("床前明月光，", "疑是地上霜。"),
            ("举头望明月，", "低头思故乡。"),
            ("主要任务如下：", "一是加强领导。"),
            ("曹红祖摄（人民视觉）", "各地积极推进。"),
            ("the plan would", "The next item on the agenda was parks."),
            ("The council met on Monday, and it voted", "By JANE DOE."),
            (
                "记者在现场看到，工人们正在紧张施工，",
                "（上接第一版）各地积极推进。",
            ),
            ("相关负责人介绍", "【延伸阅读】"),
        ];
        for (prev, next) in clean {
            assert!(!may_join(prev, next), "no join {prev:?} | {next:?}");
        }
    }

    #[test]
    fn evidence_decides_auto() {
        let piece = |text: &str| Piece::new(Block::Paragraph(text.to_owned()), 1, 1);
        let clean: Vec<Piece> = (0..40).map(|_| piece("各地积极推进，取得成效。")).collect();
        let mut evidence = Evidence::default();
        evidence.add(&clean);
        assert_eq!(evidence.cuts, 0);
        assert_eq!(evidence.repairs(RepairMode::Auto), Joins::Clear);
        assert_eq!(evidence.repairs(RepairMode::On), Joins::Every);
        let mut damaged = clean.clone();
        damaged.insert(10, piece("据统计,2022年发放贷款343笔,金额19.25亿"));
        let mut evidence = Evidence::default();
        evidence.add(&damaged);
        assert_eq!(evidence.cuts, 1);
        assert_eq!(evidence.repairs(RepairMode::Auto), Joins::Every);
        assert_eq!(evidence.repairs(RepairMode::Off), Joins::None);
    }

    #[test]
    fn a_break_that_shows_its_damage_is_joined_in_a_clean_edition() {
        let piece = |text: &str| Piece::new(Block::Paragraph(text.to_owned()), 1, 1);
        let texts = [
            "市里出台了一揽子政策措施，帮助小微企业解决在用工、融资等方面的",
            "实际困难，确保企业稳定生产。",
            "各地积极推进，取得成效。",
            // A clean paragraph ending in a noun is left alone in a clean edition: only the
            // edition's own evidence would join it.
            "会议要求,一要全力抓好安全生产,做好问题楼盘",
            "处置。三要强化经济运行调度。",
        ];
        let pieces: Vec<Piece> = texts.iter().map(|t| piece(t)).collect();
        let mut diagnostics = Vec::new();
        let blocks = rejoin(pieces, Joins::Clear, Path::new("x.md"), &mut diagnostics);
        let paragraphs: Vec<&str> = blocks.iter().map(Block::text).collect();
        assert_eq!(
            paragraphs,
            [
                "市里出台了一揽子政策措施，帮助小微企业解决在用工、融资等方面的实际困难，确保企业稳定生产。",
                "各地积极推进，取得成效。",
                "会议要求,一要全力抓好安全生产,做好问题楼盘",
                "处置。三要强化经济运行调度。",
            ]
        );
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn clear_breaks() {
        let clear = [
            ("帮助企业解决在用工、融资等方面的", "实际困难。"),
            ("记者走访了多家企业，", "了解到生产情况。"),
            ("他说：“我们要把工作做细，", "做实。”"),
            (
                "The council met on Monday, and the plan would",
                "allow the park to open.",
            ),
            ("各地积极推进工作取得成效", "，群众满意。"),
        ];
        for (prev, next) in clear {
            assert!(clear_break(prev, next), "{prev:?} | {next:?}");
        }
        let unclear = [
            ("做好问题楼盘", "处置。"),
            ("各地积极推进，取得成效。", "同时，各地加强监管。"),
            ("The council met on Monday", "The plan was approved."),
        ];
        for (prev, next) in unclear {
            assert!(!clear_break(prev, next), "{prev:?} | {next:?}");
        }
    }
}
