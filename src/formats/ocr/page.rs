//! One OCR page's lines → its items: a masthead or running head as a banner, then articles
//! from runs of capitals (headline), decks, bylines, paragraphs, subheads and jumps, read line
//! by line with every word kept.

use std::path::Path;

use crate::edition::model::{Block, Diagnostic, Item, ItemKind, Severity};
use crate::edition::recognize::Jump;
use crate::edition::sanitize::sanitize;

use super::datelines::{ocr_byline, ocr_dateline, starts_dateline};
use super::join::{HARD_MAX_PARAGRAPH_LINES, ends_paragraph, join_lines};
use super::jumps::{JUMP_MAX_CHARS, finishes_jump, is_continued_word, ocr_jump};
use super::lines::{
    continues_word, is_caps_line, is_deck_line, is_garbage_heading, is_noise_line, is_subhead,
};
use super::masthead::{is_masthead_line, is_weather_line, masthead_prefix, opens_weather_box};

/// A line longer than this (in chars) is not a column line: it is wrapped at spaces into pieces
/// of at most [`WRAP_CHARS`] before the page is read, so it still splits into paragraphs.
const LONG_LINE_CHARS: usize = 240;
pub(super) const WRAP_CHARS: usize = 72;
/// Non-blank lines at the top of a page searched for a masthead or running head.
const MASTHEAD_SCAN_LINES: usize = 10;
/// Headline and deck lines an article may open with; later lines are body text.
const MAX_HEADER_LINES: usize = 12;
/// Lines a weather box holds under its heading, at most.
const WEATHER_BOX_LINES: usize = 8;
/// A headless article with less body than this (in chars) is a fragment: a column's tail or
/// a scrap of the page, merged into the story before it.
const FRAGMENT_CHARS: usize = 100;

/// Reads one OCR page into its items, in reading order: a masthead or running head becomes a
/// [`ItemKind::Banner`], each run of capitalised lines opens an article (the first run is the
/// headline, later capitalised or title-cased deck lines its subtitle), and the text is rebuilt
/// into paragraphs. Worded jumps (`(Continued on Second Page.)`) set `continued_to` /
/// `continued_from` and leave the text. `path` only names the page in diagnostics.
///
/// Invariants: every string is sanitised and non-empty; no paragraph holds more than 120 source
/// lines; every word of the input reaches an item (rejoined hyphenated words and jump lines
/// aside) unless the page is empty, pure noise or only jump lines, which gives no items and a
/// warning.
pub fn parse_ocr_page(text: &str, path: &Path) -> (Vec<Item>, Vec<Diagnostic>) {
    let lines = prepare(text);
    let mut diagnostics = Vec::new();
    let warn = |line: Option<usize>, message: &str| Diagnostic {
        severity: Severity::Warning,
        path: path.to_owned(),
        line,
        message: message.to_owned(),
    };
    if lines.iter().all(|l| l.text.is_empty()) {
        diagnostics.push(warn(None, "empty page: the OCR text has no lines"));
        return (Vec::new(), diagnostics);
    }
    if lines.iter().all(|l| is_noise_line(&l.text)) {
        diagnostics.push(warn(
            None,
            "no readable text: the page holds only OCR noise (stray marks and single letters); nothing is shown",
        ));
        return (Vec::new(), diagnostics);
    }
    let mut builder = Builder::new(&lines);
    let start = builder.masthead(&lines);
    let mut lines = lines;
    let rest = lines.split_off(start);
    // A weather box whose heading closed the banner at the top goes on below it.
    let weather_open = lines
        .iter()
        .rev()
        .find(|l| !l.text.is_empty() && !is_noise_line(&l.text))
        .is_some_and(|l| opens_weather_box(&l.text));
    let lines = builder.masthead_zone(rest, weather_open);
    let mut idx = 0;
    while idx < lines.len() {
        idx += builder.line(&lines, idx, &mut diagnostics, path);
    }
    let items = builder.finish();
    if items.is_empty() && diagnostics.is_empty() {
        diagnostics.push(warn(
            None,
            "no article: the page holds only continuation lines ('Continued from …')",
        ));
    }
    (items, diagnostics)
}

/// A source line made safe and measured.
#[derive(Clone)]
struct Line {
    /// Sanitised, trimmed, tabs as spaces; empty for a blank line.
    text: String,
    /// 1-based line in the source.
    number: usize,
    /// Starts with two or more spaces (or a tab).
    indented: bool,
    /// A piece of an over-long source line wrapped here: it joins the previous piece with a
    /// space and never rejoins a hyphen.
    wrapped: bool,
}

fn prepare(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let clean = sanitize(raw).replace('\t', "  ");
        let indented = clean.starts_with("  ");
        let trimmed = clean.trim();
        if trimmed.chars().count() <= LONG_LINE_CHARS {
            lines.push(Line {
                text: trimmed.to_owned(),
                number: idx + 1,
                indented,
                wrapped: false,
            });
            continue;
        }
        let mut piece = String::new();
        let mut first = true;
        for word in trimmed.split_whitespace() {
            if !piece.is_empty() && piece.len() + 1 + word.len() > WRAP_CHARS {
                lines.push(Line {
                    text: std::mem::take(&mut piece),
                    number: idx + 1,
                    indented: indented && first,
                    wrapped: !first,
                });
                first = false;
            }
            if !piece.is_empty() {
                piece.push(' ');
            }
            piece.push_str(word);
        }
        if !piece.is_empty() {
            lines.push(Line {
                text: piece,
                number: idx + 1,
                indented: indented && first,
                wrapped: !first,
            });
        }
    }
    lines
}

/// An article being read: its header groups, closed body blocks and the open paragraph.
struct Draft {
    item: Item,
    /// Header groups in order; each is a run of capitalised lines or of title-cased deck lines.
    /// The first is the headline.
    heads: Vec<(bool, Vec<String>)>,
    header_lines: usize,
    /// Lines of the open paragraph: (text, wrapped).
    para: Vec<(String, bool)>,
}

impl Draft {
    fn new(line_no: usize) -> Draft {
        Draft {
            item: Item::blank(ItemKind::Article, line_no),
            heads: Vec::new(),
            header_lines: 0,
            para: Vec::new(),
        }
    }

    /// Still reading headline and decks: no body text yet.
    fn in_header(&self) -> bool {
        self.item.body.is_empty() && self.para.is_empty() && self.item.byline.is_none()
    }

    fn close_paragraph(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let text = join_lines(&self.para);
        self.para.clear();
        if text.is_empty() {
            return;
        }
        if self.item.dateline.is_none() && !self.item.body.iter().any(is_paragraph) {
            self.item.dateline = ocr_dateline(&text);
        }
        self.item.body.push(Block::Paragraph(text));
    }

    fn into_item(mut self) -> Option<Item> {
        self.close_paragraph();
        let mut groups = self.heads.into_iter().map(|(caps, lines)| {
            if caps {
                let lines: Vec<(String, bool)> = lines.into_iter().map(|l| (l, false)).collect();
                join_lines(&lines)
            } else {
                join_deck(&lines)
            }
        });
        self.item.headline = groups.next().filter(|h| !h.is_empty());
        if let Some(garbage) = self.item.headline.take_if(|h| is_garbage_heading(h)) {
            // OCR debris in capitals is no headline: its words stay, as text.
            self.item.body.insert(0, Block::Paragraph(garbage));
        }
        let decks: Vec<String> = groups.filter(|d| !d.is_empty()).collect();
        if !decks.is_empty() {
            self.item.subtitle = Some(decks.join(" — "));
        }
        let has_text = self.item.headline.is_some()
            || self.item.byline.is_some()
            || !self.item.body.is_empty();
        has_text.then_some(self.item)
    }
}

fn is_paragraph(block: &Block) -> bool {
    matches!(block, Block::Paragraph(_))
}

/// A deck's lines joined: a hyphen rejoined as in body text, and a word the deck broke without
/// a hyphen (`Sever Tac` | `tions With Teutons.`, `Conces` | `sions but`) joined whole.
fn join_deck(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() && !out.ends_with('-') && continues_word(&out, line) {
            out.push_str(line.trim());
        } else {
            out = join_lines(&[(out, false), (line.clone(), false)]);
        }
    }
    out
}

/// True when `text` (with `prev`, the deck so far) goes on a deck that did not end: the deck
/// ends without a period and this short line starts in lower case (`tions With Teutons.`,
/// `nounced in Topeka.`).
fn continues_deck(prev: &str, text: &str, column_chars: usize) -> bool {
    !prev.trim_end().ends_with(['.', '!', '?', ':'])
        && text.chars().next().is_some_and(char::is_lowercase)
        && text.split_whitespace().count() <= 7
        && text.chars().count() <= column_chars + 4
}

struct Builder {
    items: Vec<Item>,
    draft: Option<Draft>,
    /// Noise lines (single letters, digits) read before any paragraph opened; they open the next
    /// paragraph so no word is dropped.
    pending_noise: Vec<String>,
    column_chars: usize,
    /// Indentation marks paragraphs only when most lines are not indented.
    indent_counts: bool,
}

impl Builder {
    fn new(lines: &[Line]) -> Builder {
        let mut lengths: Vec<usize> = lines
            .iter()
            .filter(|l| !l.text.is_empty() && !is_noise_line(&l.text))
            .map(|l| l.text.chars().count())
            .collect();
        lengths.sort_unstable();
        let column_chars = lengths
            .get(lengths.len() * 3 / 4)
            .copied()
            .unwrap_or(40)
            .max(20);
        let non_blank = lines.iter().filter(|l| !l.text.is_empty()).count();
        let indented = lines.iter().filter(|l| l.indented).count();
        Builder {
            items: Vec::new(),
            draft: None,
            pending_noise: Vec::new(),
            column_chars,
            indent_counts: indented * 2 < non_blank,
        }
    }

    /// Takes the masthead or running head at the top of the page as a banner item; returns the
    /// index of the first line after it.
    fn masthead(&mut self, lines: &[Line]) -> usize {
        let mut last = None;
        let mut seen = 0;
        for (idx, line) in lines.iter().enumerate() {
            if line.text.is_empty() {
                continue;
            }
            seen += 1;
            if seen > MASTHEAD_SCAN_LINES {
                break;
            }
            if is_masthead_line(&line.text) {
                last = Some(idx);
            }
        }
        let Some(mut end) = last.map(|i| i + 1) else {
            return 0;
        };
        // A page number or stray mark right under the running head belongs to it.
        while lines
            .get(end)
            .is_some_and(|l| l.text.is_empty() || is_noise_line(&l.text))
        {
            end += 1;
        }
        let texts: Vec<&Line> = lines[..end]
            .iter()
            .filter(|l| l.text.chars().any(char::is_alphanumeric))
            .collect();
        let Some(first) = texts.first() else {
            return end;
        };
        let title_idx = texts
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                !is_masthead_line(&l.text)
                    && !is_garbage_heading(&l.text)
                    && l.text.chars().filter(|c| c.is_alphabetic()).count() >= 6
            })
            .min_by_key(|(_, l)| l.text.chars().count())
            .or_else(|| {
                // No legible name: the banner is headed by its first masthead line.
                texts
                    .iter()
                    .enumerate()
                    .find(|(_, l)| is_masthead_line(&l.text))
            })
            .map_or(0, |(i, _)| i);
        let mut banner = Item::blank(ItemKind::Banner, first.number);
        banner.headline = Some(texts[title_idx].text.clone());
        banner.body = texts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != title_idx)
            .map(|(_, l)| Block::Paragraph(l.text.clone()))
            .collect();
        self.items.push(banner);
        end
    }

    /// Takes the masthead's other lines out of the page (`rest`, the lines after the banner at
    /// its top; OCR reads a page in column order, so the ears of the masthead may come after a
    /// column of text): date lines, prices, page counts, editions, the weather box with its
    /// forecast, the circulation; and the masthead phrases OCR glued to the start of a
    /// headline. They join the page's banner (made when the top had none); the other lines are
    /// returned in order.
    fn masthead_zone(&mut self, rest: Vec<Line>, weather_open: bool) -> Vec<Line> {
        let mut taken: Vec<(usize, String)> = Vec::new();
        let mut kept = Vec::with_capacity(rest.len());
        // Lines of the weather box still to come, and whether its last line ended open.
        let mut weather: Option<(usize, bool)> = weather_open.then_some((WEATHER_BOX_LINES, false));
        for mut line in rest {
            if line.text.is_empty() {
                weather = None;
                kept.push(line);
                continue;
            }
            if let Some((left, open)) = weather
                && left > 0
                && is_weather_line(&line.text, open)
            {
                let open = !line.text.trim_end().ends_with('.');
                weather = Some((left - 1, open));
                taken.push((line.number, line.text));
                continue;
            }
            weather = None;
            if is_masthead_line(&line.text) {
                if opens_weather_box(&line.text) {
                    weather = Some((WEATHER_BOX_LINES, false));
                }
                taken.push((line.number, line.text));
                continue;
            }
            if let Some(at) = masthead_prefix(&line.text) {
                taken.push((line.number, line.text[..at].trim().to_owned()));
                line.text.drain(..at);
            }
            kept.push(line);
        }
        if taken.is_empty() {
            return kept;
        }
        let banner_at = self.items.iter().position(|i| i.kind == ItemKind::Banner);
        let banner = if let Some(at) = banner_at {
            &mut self.items[at]
        } else {
            let mut banner = Item::blank(ItemKind::Banner, taken[0].0);
            banner.headline = Some(taken.remove(0).1);
            self.items.insert(0, banner);
            &mut self.items[0]
        };
        banner
            .body
            .extend(taken.into_iter().map(|(_, text)| Block::Paragraph(text)));
        kept
    }

    fn finish_draft(&mut self) {
        if let Some(draft) = self.draft.take()
            && let Some(item) = draft.into_item()
        {
            self.items.push(item);
        }
    }

    fn draft(&mut self, line_no: usize) -> &mut Draft {
        self.draft.get_or_insert_with(|| Draft::new(line_no))
    }

    /// A line in capitals: the next line of the open story's heads, or the first of a new one.
    fn caps_line(&mut self, text: &str, line_no: usize) {
        match self.draft.as_mut() {
            Some(draft) if draft.in_header() && draft.header_lines < MAX_HEADER_LINES => {
                draft.header_lines += 1;
                match draft.heads.last_mut() {
                    Some((true, group)) => group.push(text.to_owned()),
                    _ => draft.heads.push((true, vec![text.to_owned()])),
                }
            }
            _ => {
                self.settle_noise();
                self.finish_draft();
                let mut draft = Draft::new(line_no);
                draft.header_lines = 1;
                draft.heads.push((true, vec![text.to_owned()]));
                self.draft = Some(draft);
            }
        }
    }

    /// Noise waiting for a paragraph when a new story opens ends the story before it (its own
    /// scrap when there is none), so it is read where it stood.
    fn settle_noise(&mut self) {
        if self.pending_noise.is_empty() {
            return;
        }
        let text = Block::Paragraph(std::mem::take(&mut self.pending_noise).join(" "));
        if let Some(draft) = self.draft.as_mut() {
            draft.close_paragraph();
            draft.item.body.push(text);
        } else if let Some(item) = self.items.last_mut() {
            item.body.push(text);
        } else {
            let mut item = Item::blank(ItemKind::Article, 1);
            item.body.push(text);
            self.items.push(item);
        }
    }

    /// A noise line (`i`, `2`) joins the open paragraph, or waits to open the next one.
    fn noise(&mut self, line: &Line) {
        let text = line.text.as_str();
        match self.draft.as_mut().filter(|d| !d.para.is_empty()) {
            Some(draft) => {
                draft.para.push((text.to_owned(), line.wrapped));
                if draft.para.len() >= 2 * HARD_MAX_PARAGRAPH_LINES {
                    draft.close_paragraph();
                }
            }
            None => self.pending_noise.push(text.to_owned()),
        }
        if self.pending_noise.len() >= HARD_MAX_PARAGRAPH_LINES {
            // A long run of debris is kept as a paragraph of its own rather than grown.
            let noise = std::mem::take(&mut self.pending_noise);
            let draft = self.draft(line.number);
            draft.para.extend(noise.into_iter().map(|n| (n, false)));
            draft.close_paragraph();
        }
    }

    /// Reads the line at `idx` (and its continuation, for a jump split over two lines); returns
    /// how many lines it took.
    fn line(
        &mut self,
        lines: &[Line],
        idx: usize,
        diagnostics: &mut Vec<Diagnostic>,
        path: &Path,
    ) -> usize {
        let line = &lines[idx];
        let text = line.text.as_str();
        if text.is_empty() {
            if let Some(draft) = &mut self.draft {
                draft.close_paragraph();
            }
            return 1;
        }
        if !text.chars().any(char::is_alphanumeric) {
            // `|`, `. ,`, `'`: marks without a word.
            return 1;
        }
        if let Some((jump, label, taken)) = jump_at(lines, idx) {
            self.jump(jump, label, line.number, diagnostics, path);
            return taken;
        }
        if is_noise_line(text) {
            self.noise(line);
            return 1;
        }
        if let Some(byline) = ocr_byline(text)
            && self
                .draft
                .as_ref()
                .is_none_or(|d| d.item.byline.is_none() && d.para.is_empty())
        {
            // A byline after body text opens the next (headless) story.
            if self.draft.as_ref().is_none_or(|d| !d.item.body.is_empty()) {
                self.settle_noise();
                self.finish_draft();
            }
            self.draft(line.number).item.byline = Some(byline);
            return 1;
        }
        let dateline_start = starts_dateline(text);
        if !dateline_start && !line.wrapped && is_caps_line(text) && is_garbage_heading(text) {
            // Capitals of OCR debris (`J . AT COURTNEY " . -`) open no story.
            self.noise(line);
            return 1;
        }
        if !dateline_start && !line.wrapped && is_caps_line(text) {
            self.caps_line(text, line.number);
            return 1;
        }
        let column_chars = self.column_chars;
        if let Some(draft) = self.draft.as_mut()
            && !dateline_start
            && draft.in_header()
            && !draft.heads.is_empty()
            && draft.header_lines < MAX_HEADER_LINES
            && (is_deck_line(text)
                || draft.heads.last().is_some_and(|(caps, group)| {
                    !caps
                        && group
                            .last()
                            .is_some_and(|prev| continues_deck(prev, text, column_chars))
                }))
        {
            draft.header_lines += 1;
            match draft.heads.last_mut() {
                Some((false, group)) => group.push(text.to_owned()),
                _ => draft.heads.push((false, vec![text.to_owned()])),
            }
            return 1;
        }
        let next = lines[idx + 1..]
            .iter()
            .find(|l| l.text.chars().any(char::is_alphanumeric));
        if let Some(draft) = self.draft.as_mut()
            && !draft.item.body.is_empty()
            && draft.para.is_empty()
            && !dateline_start
            && is_subhead(text, column_chars, next.map(|l| l.text.as_str()))
        {
            draft.item.body.push(Block::Subhead(text.to_owned()));
            return 1;
        }
        let indent_counts = self.indent_counts;
        let noise = std::mem::take(&mut self.pending_noise);
        let draft = self.draft(line.number);
        if dateline_start || (indent_counts && line.indented) {
            draft.close_paragraph();
        }
        draft.para.extend(noise.into_iter().map(|n| (n, false)));
        draft.para.push((text.to_owned(), line.wrapped));
        if ends_paragraph(text, draft.para.len(), column_chars) {
            draft.close_paragraph();
        }
        1
    }

    fn jump(
        &mut self,
        jump: Jump,
        label: String,
        line_no: usize,
        diagnostics: &mut Vec<Diagnostic>,
        path: &Path,
    ) {
        match jump {
            Jump::From => {
                let continues_draft = self
                    .draft
                    .as_ref()
                    .is_some_and(|d| d.in_header() && d.item.continued_from.is_none());
                if !continues_draft {
                    self.settle_noise();
                    self.finish_draft();
                }
                let draft = self.draft(line_no);
                draft.item.continued_from = Some(label);
            }
            Jump::To => {
                if let Some(draft) = self.draft.as_mut() {
                    draft.item.continued_to.get_or_insert(label);
                    self.finish_draft();
                } else if let Some(item) = self
                    .items
                    .last_mut()
                    .filter(|i| i.kind == ItemKind::Article)
                {
                    item.continued_to.get_or_insert(label);
                } else {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Warning,
                        path: path.to_owned(),
                        line: Some(line_no),
                        message: format!(
                            "a jump to page '{label}' follows no article; the jump line is dropped"
                        ),
                    });
                }
            }
        }
    }

    fn finish(mut self) -> Vec<Item> {
        self.finish_draft();
        self.items = merge_fragments(std::mem::take(&mut self.items));
        // No draft is open now: noise left over ends the last item.
        self.settle_noise();
        self.items
    }
}

/// Merges each fragment (an article with no headline, byline or jump back, and under
/// [`FRAGMENT_CHARS`] of text) into the article before it. Fragments that open the page join
/// the first article when it too is headless (its text follows theirs); before a story with a
/// headline or byline they stay one item of their own, so nothing is read out of order. No word
/// is dropped.
fn merge_fragments(items: Vec<Item>) -> Vec<Item> {
    let is_fragment = |item: &Item| {
        item.kind == ItemKind::Article
            && item.headline.is_none()
            && item.byline.is_none()
            && item.continued_from.is_none()
            && item.body.iter().map(|b| b.text().len()).sum::<usize>() < FRAGMENT_CHARS
    };
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    // Fragments before the page's first article wait for it.
    let mut waiting: Vec<Item> = Vec::new();
    for item in items {
        if !is_fragment(&item) {
            let headed = item.headline.is_some() || item.kicker.is_some() || item.byline.is_some();
            if item.kind == ItemKind::Article && !waiting.is_empty() {
                let mut item = item;
                let mut lead = join_fragments(&mut waiting);
                if headed {
                    // Text before a headed story is not the story's: it reads first, on its own.
                    out.push(lead);
                } else {
                    lead.body.append(&mut item.body);
                    item.body = lead.body;
                }
                out.push(item);
            } else {
                out.push(item);
            }
            continue;
        }
        match out.iter_mut().rev().find(|i| i.kind == ItemKind::Article) {
            Some(story) => {
                story.body.extend(item.body);
                if story.continued_to.is_none() {
                    story.continued_to = item.continued_to;
                }
            }
            None => waiting.push(item),
        }
    }
    // No article to take them: the fragments stay as they are.
    out.extend(waiting);
    out
}

/// The fragments in `waiting` as one item: the first with the others' text after its own.
fn join_fragments(waiting: &mut Vec<Item>) -> Item {
    let mut fragments = waiting.drain(..);
    let mut lead = fragments
        .next()
        .unwrap_or_else(|| Item::blank(ItemKind::Article, 1));
    for fragment in fragments {
        lead.body.extend(fragment.body);
        if lead.continued_to.is_none() {
            lead.continued_to = fragment.continued_to;
        }
    }
    lead
}

/// A jump on line `idx`, or on it and the next line together (`(Continued on Second` | `Page.)`):
/// direction, label and the number of lines it takes.
fn jump_at(lines: &[Line], idx: usize) -> Option<(Jump, String, usize)> {
    let text = lines[idx].text.as_str();
    if text.chars().count() > JUMP_MAX_CHARS {
        return None;
    }
    let single = ocr_jump(text);
    // An unfinished marker (`(Continued on Second`) may end on the next line (`Page.)`).
    let unfinished = !text.ends_with([')', '.', ']']);
    // The next line of the source (not one after a masthead line taken out between them).
    let next = lines.get(idx + 1).filter(|l| {
        !l.text.is_empty()
            && l.text.chars().count() <= 24
            && !l.wrapped
            && l.number == lines[idx].number + 1
    });
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|t| !t.is_empty());
    if unfinished
        && let Some(next) = next
        && first.is_some_and(|w| is_continued_word(&w.to_lowercase()))
        // Only words of a page finish the marker; any other line is text.
        && finishes_jump(&next.text, single.is_some())
        && let Some((jump, label)) = ocr_jump(&format!("{text} {}", next.text))
    {
        return Some((jump, label, 2));
    }
    single.map(|(jump, label)| (jump, label, 1))
}
