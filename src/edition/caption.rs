//! The one place that turns what a paper prints under a photo into a caption and a credit:
//! `图为……。本报记者 王岩/摄`, a picture report's caption paragraphs then `青禾县委宣传部供图`,
//! People's Daily's `<p>　　图为……。</p><p>　　……供图</p>` inside `data-original-title`,
//! `Crowds at the fair. (AP Photo/Jane Doe)`. Every reader hands its caption text here.
//!
//! # Where a credit is found
//!
//! Only at the end: on the last line, starting at the line's start, after whitespace, after a
//! sentence end or a closing mark (`。！？.!?…；”）》` …), or at an opening bracket
//! (`……在田间劳作（本报记者 冯涛摄）`). What follows must be all credit, by the grammar in
//! `caption/credit.rs`; the leftmost such start wins, so `本报记者 王岩摄` is taken whole
//! rather than `王岩摄`. A credit that is a weak guess (`Jane Doe/Reuters`, `Reuters`) is taken only at a
//! line's start, after a sentence end or after a dash. Credits stacked at the end
//! (`…。沈岚/图 吕航/文`, a credit paragraph after another) are one credit.
//!
//! # Normalisation
//!
//! The text is split into lines at `\n`; every line passes [`sanitize`], a no-break space
//! becomes a space, lines are trimmed of whitespace (the `　　` indent, NBSP) and empty lines
//! are dropped. Nothing else changes: spacing inside a credit is kept as printed
//! (`本报记者 赵  晨摄`, `本报记者　王岩摄` with its ideographic space); a reader that shows
//! credits like bylines can pass them through `recognize::normalize_byline`. Brackets that
//! enclose a credit stay part of it (`（本报记者 冯涛摄）`, `(AP Photo/Jane Doe)`).
//!
//! # Invariants
//!
//! For `CaptionCredit { caption, credit } = split(text)`, a `None` counting as `""`, and
//! `visible(s)` = `s` with every line sanitised and every whitespace character
//! (`char::is_whitespace`: spaces, U+3000, NBSP, line breaks) removed:
//!
//! - `visible(text) == visible(caption) + dash + visible(credit)`, where `dash` is empty or
//!   the run of dashes (`—`, `–`, `―`, `-`) that set the credit apart
//!   (`Crowds at the fair — Jane Doe/Reuters`): no character is lost, added or moved;
//! - `caption` and `credit` are never `Some("")`; neither has a NBSP, an empty line, or
//!   whitespace at the start or end of a line; paragraphs are joined with `\n` in both;
//! - `split(caption)` is `caption` back unchanged with no credit (idempotent), and text that is
//!   already normal and ends in no credit comes back unchanged;
//! - more than [`MAX_PIECES`] credits stacked at the end is not a caption with a credit: the
//!   text comes back whole as the caption.

mod credit;
mod html;

use crate::edition::recognize::normalize_byline;
use crate::edition::sanitize::sanitize;

use credit::Strength;

/// A photo's caption and credit, each `None` when the paper printed none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaptionCredit {
    /// Paragraphs joined with `\n`; see the module's invariants.
    pub caption: Option<String>,
    /// The credit as printed (`本报记者 王岩/摄`, `新华社发（记者 林晓 摄）`, `Photo: Jane Doe`),
    /// without the whitespace or dash that set it apart.
    pub credit: Option<String>,
}

/// Credits stacked at a caption's end that still count as one credit (`文/王岩 图/李明`, a
/// `版式设计：…` line after a `制图：…` line). Bounds the work on hostile input.
pub const MAX_PIECES: usize = 8;

/// Splits one caption text (paragraphs separated by `\n`) into caption and credit.
pub fn split(text: &str) -> CaptionCredit {
    split_normal(normalize(text))
}

/// The picture-report case: caption paragraphs, then (perhaps) a credit paragraph, for one
/// photo. The same as [`split`] of the paragraphs joined with `\n`.
pub fn from_paragraphs(paras: &[&str]) -> CaptionCredit {
    split(&paras.join("\n"))
}

/// Caption HTML (`<p>　　图为……。</p><p>　　……供图</p>`, `<br>`, `&nbsp;`, nested `<span>` and
/// `<strong>`): each `<p>`, `<div>`, `<br>` or other block breaks a paragraph, HTML whitespace
/// collapses as in a browser, then as [`from_paragraphs`]. Text with no tag and no character
/// reference goes straight to [`split`] (its spacing is kept). HTML beyond 16 KiB or 512 tags is
/// left out.
pub fn from_html(fragment: &str) -> CaptionCredit {
    if !html::looks_like_html(fragment) {
        return split(fragment);
    }
    split(&html::paragraphs(fragment).join("\n"))
}

/// News sources that sign texts as often as pictures: alone on a line (`新华社`, `（新华社）`
/// closing a story) they name where the story came from; under a caption they are its credit.
const TEXT_SOURCES: [&str; 6] = ["新华社", "新华网", "中新社", "中新网", "人民网", "央视新闻"];

/// True when all of `line` (one line, trimmed) is a credit: `split(line)` finds a credit and no
/// caption. Stricter than "ends in 摄": `他爱拍摄`, `无人机 航拍图` and sentences are not credits;
/// nor is a source that also signs texts standing alone (`新华社`, `（人民网）`).
pub fn is_credit_line(line: &str) -> bool {
    // No credit holds a sentence mark, and all of a credit line is credits and the spaces or
    // dashes between them; sanitising takes out single characters, never a mark, unless an
    // escape sequence (ESC, or a C1 introducer, C2 9x) swallows it. So a line with a mark and
    // no such byte is text, decided at once: nearly every paragraph a loader asks about.
    if has_sentence_mark(line) && memchr::memchr2(0x1b, 0xc2, line.as_bytes()).is_none() {
        return false;
    }
    if line.contains('\n') {
        return false;
    }
    let bare = line
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    if TEXT_SOURCES.contains(&bare.trim()) {
        return false;
    }
    // A line already in normal form is cut where it stands, with nothing copied: loaders ask
    // this of every paragraph.
    let trimmed = line.trim_matches(char::is_whitespace);
    if !trimmed.contains('\u{a0}') && crate::edition::sanitize::is_clean(trimmed) {
        if has_sentence_mark(trimmed) {
            return false;
        }
        let (end, credit_start) = cut_points(trimmed);
        return end == 0 && credit_start.is_some();
    }
    let CaptionCredit { caption, credit } = split(line);
    caption.is_none() && credit.is_some()
}

/// Whether `text` holds a sentence mark (`。，；！？;!?`), found by its UTF-8 bytes: `。` is
/// `E3 80 82`; `，；！？` are `EF BC 8C`, `9B`, `81`, `9F`. The same answer as
/// `text.contains(['。', '，', …])`, without decoding a character: a paragraph whose only mark
/// is its last `。` is asked about twice at every paragraph break a loader weighs.
fn has_sentence_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    let cjk = memchr::memchr2_iter(0xe3, 0xef, bytes).any(|at| {
        let next = (bytes.get(at + 1), bytes.get(at + 2));
        if bytes[at] == 0xe3 {
            next == (Some(&0x80), Some(&0x82))
        } else {
            next.0 == Some(&0xbc) && matches!(next.1, Some(0x8c | 0x9b | 0x81 | 0x9f))
        }
    });
    cjk || memchr::memchr3(b';', b'!', b'?', bytes).is_some()
}

impl CaptionCredit {
    /// The same caption, with the credit spaced as bylines are shown ([`normalize_credit`]):
    /// what a reader puts in the model.
    #[must_use]
    pub fn normalized(self) -> CaptionCredit {
        CaptionCredit {
            caption: self.caption,
            credit: self.credit.map(|credit| normalize_credit(&credit)),
        }
    }
}

/// Photo labels that may close a credit's names (`赵  晨摄`, `王岩 /摄`, `青禾县委宣传部供图`),
/// longer ones before their suffixes.
const NAME_LABELS: [&str; 7] = ["摄影报道", "摄影", "供图", "制图", "摄", "/", "／"];

/// A credit as shown and searched, spaced as bylines are ([`normalize_byline`]): a no-break
/// space is a space, spaces that pad a name to the column width go (`本报记者 赵  晨摄` →
/// `本报记者 赵晨摄`, `程  兆摄（人民视觉）` → `程兆摄（人民视觉）`), other runs of spaces become one
/// (`Photo:  Jane Doe` → `Photo: Jane Doe`). Each line of a stacked credit apart; the labels
/// (`摄`, `/摄`, a closing bracket) stay as printed, and no visible character changes.
pub fn normalize_credit(credit: &str) -> String {
    credit
        .split('\n')
        .map(normalize_credit_line)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn normalize_credit_line(line: &str) -> String {
    let line = line.replace('\u{a0}', " ");
    let line = line.trim();
    // `…（记者 林晓 摄）`: the note in brackets is spaced on its own.
    if let Some(body) = line.strip_suffix(['）', ')'])
        && let Some(open) = body.rfind(['（', '('])
    {
        let close = &line[body.len()..];
        let (head, inner) = body.split_at(open);
        let open_mark = inner.chars().next().map_or(0, char::len_utf8);
        let (open_mark, inner) = inner.split_at(open_mark);
        let head = normalize_credit_line(head);
        let inner = normalize_credit_line(inner);
        return format!("{head}{open_mark}{inner}{close}");
    }
    // The names before the closing labels (`摄`, `/摄`, `供图`) are a byline's names; the
    // labels keep whether they stood apart (`谭宜姝 摄`) or glued on (`赵  晨摄`).
    let mut head = line;
    while let Some(rest) = NAME_LABELS.iter().find_map(|label| {
        head.strip_suffix(label)
            .map(str::trim_end)
            .filter(|rest| !rest.is_empty())
    }) {
        head = rest;
    }
    if head.len() == line.len() {
        return normalize_byline(line);
    }
    let labels: String = line[head.len()..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let apart = line[head.len()..].starts_with(char::is_whitespace);
    let gap = if apart { " " } else { "" };
    format!("{}{gap}{labels}", normalize_byline(head))
}

/// Lines sanitised, NBSP → space, trimmed, empty ones dropped, joined with `\n`.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let line = sanitize(line);
        let line = line.trim_matches(char::is_whitespace);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        // Copied whole unless it has a no-break space: this runs on every paragraph a
        // loader asks `is_credit_line` about, and char by char it was a fifth of a load.
        if line.contains('\u{a0}') {
            out.extend(line.chars().map(|c| if c == '\u{a0}' { ' ' } else { c }));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// [`split`] on text that [`normalize`] leaves unchanged.
fn split_normal(text: String) -> CaptionCredit {
    let (end, credit_start) = cut_points(&text);
    let credit = credit_start.map(|start| text[start..].to_owned());
    let mut caption = text;
    caption.truncate(end);
    CaptionCredit {
        caption: (!caption.is_empty()).then_some(caption),
        credit,
    }
}

/// Where [`split_normal`] cuts `text`: the caption is `text[..end]`, the credit
/// `text[credit_start..]`.
fn cut_points(text: &str) -> (usize, Option<usize>) {
    let mut end = text.len();
    let mut credit_start = None;
    for piece in 0..=MAX_PIECES {
        let rest = &text[..end];
        let line_start = rest.rfind('\n').map_or(0, |idx| idx + 1);
        let Some(cut) = find_credit(&rest[line_start..]) else {
            break;
        };
        if piece == MAX_PIECES {
            end = text.len();
            credit_start = None;
            break;
        }
        credit_start = Some(line_start + cut.credit_start);
        end = rest[..line_start + cut.caption_end].trim_end().len();
    }
    (end, credit_start)
}

/// Where a credit ends `line`: the caption is `line[..caption_end]` (trimmed), the credit
/// `line[credit_start..]`; what lies between is whitespace and perhaps a dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cut {
    credit_start: usize,
    caption_end: usize,
}

/// Marks after which a credit may follow with no space: sentence ends and closing marks.
const STOPS: [char; 21] = [
    '。', '！', '？', '!', '?', '.', '…', '；', ';', '」', '』', '”', '’', '"', '）', ')', '】',
    '》', '〉', '〕', ']',
];
const OPENS: [char; 2] = ['（', '('];
const DASHES: [char; 4] = ['—', '–', '―', '-'];

/// The leftmost start in `line` (one trimmed line) after which all is one credit.
fn find_credit(line: &str) -> Option<Cut> {
    let mut cuts: Vec<(Cut, bool)> = Vec::new();
    let mut push = |caption_end: usize, credit_start: usize, after_stop: bool| {
        // `— Jane Doe/Reuters`: the dash sets the credit apart and belongs to neither side.
        let tail = &line[credit_start..];
        let undashed = tail.trim_start_matches(DASHES);
        if undashed.len() < tail.len() {
            let credit = undashed.trim_start();
            if !credit.is_empty() {
                let start = line.len() - credit.len();
                cuts.push((
                    Cut {
                        credit_start: start,
                        caption_end,
                    },
                    true,
                ));
            }
            return;
        }
        cuts.push((
            Cut {
                credit_start,
                caption_end,
            },
            after_stop,
        ));
    };
    if line.len() <= credit::MAX_CREDIT_BYTES {
        push(0, 0, true);
    }
    // No credit starts further from the end than the longest credit.
    let mut from = line.len().saturating_sub(credit::MAX_CREDIT_BYTES);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let mut prev = line[..from].chars().next_back();
    for (offset, c) in line[from..].char_indices() {
        let idx = from + offset;
        if let Some(p) = prev
            && !c.is_whitespace()
        {
            if p.is_whitespace() {
                let caption_end = line[..idx].trim_end().len();
                let after_stop = caption_end == 0 || line[..caption_end].ends_with(STOPS);
                push(caption_end, idx, after_stop);
            } else if STOPS.contains(&p) {
                push(idx, idx, true);
            } else if OPENS.contains(&c) {
                push(idx, idx, false);
            }
        }
        prev = Some(c);
    }
    // Leftmost credit first; at one start, the cut that leaves a dash out of the caption.
    cuts.sort_unstable();
    cuts.into_iter()
        .find(
            |&(cut, after_stop)| match credit::credit(&line[cut.credit_start..]) {
                Some(Strength::Strong) => true,
                Some(Strength::Weak) => after_stop,
                None => false,
            },
        )
        .map(|(cut, _)| cut)
}

#[cfg(test)]
mod tests;
