//! OCR page text, one file per printed page (Chronicling America's `ocr.txt`): sniffing it, and
//! rebuilding the page's articles from column-width lines: mastheads, headlines and decks,
//! paragraphs, hyphenated line ends, datelines, bylines and worded continuation jumps.
//!
//! The rules were learned from OCR of US papers of the 1900s–1920s and fire only on text this
//! reader took; the heading dialect never sees them. File and folder layouts live in [`layout`].

pub mod layout;

use std::path::Path;

pub use layout::{
    is_ocr_issue_folder, load_ocr_file, load_ocr_issue, ocr_issue_metadata, ocr_names,
    ocr_page_edition,
};

use crate::edition::model::{Block, Diagnostic, Item, ItemKind, Severity};
use crate::edition::recognize::{Jump, normalize_page_label};
use crate::edition::sanitize::sanitize;

/// The page label a jump to `(Continued on Last Page.)` records. Loading an issue folder
/// replaces it with the label of the issue's last page; a single-page file keeps it (and the
/// link reports that the edition has no such page).
pub const LAST_PAGE: &str = "last";

/// Bytes of the head of a file that [`looks_like_ocr`] judges.
const SNIFF_BYTES: usize = 8 * 1024;
/// Fewest non-blank lines a sniffed head must hold: a few lines say nothing about columns.
const SNIFF_MIN_LINES: usize = 8;
/// A line longer than this (in chars) is not a column line: it is wrapped at spaces into pieces
/// of at most [`WRAP_CHARS`] before the page is read, so it still splits into paragraphs.
const LONG_LINE_CHARS: usize = 240;
const WRAP_CHARS: usize = 72;
/// Jump lines are short; longer lines are never read as jumps.
const JUMP_MAX_CHARS: usize = 80;
/// Non-blank lines at the top of a page searched for a masthead or running head.
const MASTHEAD_SCAN_LINES: usize = 10;
/// Headline and deck lines an article may open with; later lines are body text.
const MAX_HEADER_LINES: usize = 12;
/// A paragraph this long (in lines) ends at the next line that ends a sentence.
const SOFT_MAX_PARAGRAPH_LINES: usize = 30;
/// A paragraph this long ends at the next line that does not end in a broken word, and at twice
/// this length in any case: a page always splits into paragraphs.
const HARD_MAX_PARAGRAPH_LINES: usize = 60;
/// Words that keep their hyphen when a line ends with them (`self-` | `government` →
/// `self-government`): prefixes 1916 type always hyphenated.
const KEEP_HYPHEN_PREFIXES: [&str; 5] = ["self", "half", "vice", "anti", "non"];
/// `to-` keeps its hyphen before these (1916 spelling: `to-day`, `to-morrow`, `to-night`).
const TO_COMPOUNDS: [&str; 3] = ["day", "morrow", "night"];
/// Small words a title-cased line leaves in lower case.
const MINOR_WORDS: [&str; 16] = [
    "a", "an", "the", "of", "in", "on", "to", "and", "for", "with", "at", "by", "or", "as", "from",
    "but",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Abbreviations whose period does not end a sentence (a short line ending `Gen.` goes on).
const ABBREVIATIONS: [&str; 14] = [
    "mr", "mrs", "messrs", "dr", "st", "gen", "col", "capt", "gov", "sen", "rep", "lieut", "prof",
    "rev",
];
const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];
const CARDINALS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// True when the head of `text` (its first 8 KB) reads like OCR page text: at least eight
/// non-blank lines, at most one blank line per ten, most lines of similar length (a column)
/// with a median of 12–90 characters, letters mostly Latin, and no `#` headings or `+++` front
/// matter (those are kanbao's heading dialect).
pub fn looks_like_ocr(text: &str) -> bool {
    let head = prefix(text, SNIFF_BYTES).trim_start_matches('\u{feff}');
    if head.trim_start().starts_with("+++") {
        return false;
    }
    let mut lengths = Vec::new();
    let mut blank = 0usize;
    let (mut latin, mut other) = (0usize, 0usize);
    for line in head.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if line.starts_with('#') && line.trim_start_matches('#').starts_with(' ') {
            return false;
        }
        lengths.push(line.chars().count());
        for c in line.chars().filter(|c| c.is_alphabetic()) {
            if is_latin(c) {
                latin += 1;
            } else {
                other += 1;
            }
        }
    }
    let lines = lengths.len();
    if lines < SNIFF_MIN_LINES || blank * 10 > lines || latin == 0 || latin < other * 4 {
        return false;
    }
    lengths.sort_unstable();
    let median = lengths[lines / 2];
    let similar = lengths
        .iter()
        .filter(|&&len| len * 2 >= median && len * 2 <= median * 3)
        .count();
    (12..=90).contains(&median) && similar * 2 >= lines
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c)
}

/// The longest prefix of `text` of at most `max_bytes` that ends on a char boundary.
fn prefix(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

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
    let mut idx = start;
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
        let mut groups = self.heads.into_iter().map(|(_, lines)| {
            let lines: Vec<(String, bool)> = lines.into_iter().map(|l| (l, false)).collect();
            join_lines(&lines)
        });
        self.item.headline = groups.next().filter(|h| !h.is_empty());
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
                    && l.text.chars().filter(|c| c.is_alphabetic()).count() >= 6
            })
            .min_by_key(|(_, l)| l.text.chars().count())
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
            if self.draft.as_ref().is_some_and(|d| !d.item.body.is_empty()) {
                self.finish_draft();
            }
            self.draft(line.number).item.byline = Some(byline);
            return 1;
        }
        let dateline_start = starts_dateline(text);
        if !dateline_start && !line.wrapped && is_caps_line(text) {
            match self.draft.as_mut() {
                Some(draft) if draft.in_header() && draft.header_lines < MAX_HEADER_LINES => {
                    draft.header_lines += 1;
                    match draft.heads.last_mut() {
                        Some((true, group)) => group.push(text.to_owned()),
                        _ => draft.heads.push((true, vec![text.to_owned()])),
                    }
                }
                _ => {
                    self.finish_draft();
                    let mut draft = Draft::new(line.number);
                    draft.header_lines = 1;
                    draft.heads.push((true, vec![text.to_owned()]));
                    self.draft = Some(draft);
                }
            }
            return 1;
        }
        if let Some(draft) = self.draft.as_mut()
            && !dateline_start
            && draft.in_header()
            && !draft.heads.is_empty()
            && draft.header_lines < MAX_HEADER_LINES
            && is_deck_line(text)
        {
            draft.header_lines += 1;
            match draft.heads.last_mut() {
                Some((false, group)) => group.push(text.to_owned()),
                _ => draft.heads.push((false, vec![text.to_owned()])),
            }
            return 1;
        }
        let column_chars = self.column_chars;
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
        if !self.pending_noise.is_empty() {
            let text = self.pending_noise.join(" ");
            if let Some(item) = self.items.last_mut() {
                item.body.push(Block::Paragraph(text));
            } else {
                let mut item = Item::blank(ItemKind::Article, 1);
                item.body.push(Block::Paragraph(text));
                self.items.push(item);
            }
        }
        self.items
    }
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
    let next = lines
        .get(idx + 1)
        .filter(|l| !l.text.is_empty() && l.text.chars().count() <= 24 && !l.wrapped);
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|t| !t.is_empty());
    if unfinished
        && let Some(next) = next
        && first.is_some_and(|w| is_continued_word(&w.to_lowercase()))
        && let Some((jump, label)) = ocr_jump(&format!("{text} {}", next.text))
    {
        return Some((jump, label, 2));
    }
    single.map(|(jump, label)| (jump, label, 1))
}

/// Joins column lines into running text, rejoining words broken at a line end. The rule, for a
/// line ending in a letter and `-`:
///
/// - the next line starts in lower case: the word was broken; the hyphen goes (`prop-` | `erty`
///   → `property`), except after the prefixes 1916 type always hyphenates (`self-`, `half-`,
///   `vice-`, `anti-`, `non-`) and in `to-day`, `to-morrow`, `to-night`, where it stays;
/// - the next line starts with a capital, a digit or a mark: a real compound, the hyphen stays
///   and no space is added (`Anglo-` | `American` → `Anglo-American`, `New-` | `York` →
///   `New-York`, as the Tribune spelled it; `1915-` | `16` → `1915-16`). In all-capitals lines
///   a broken word cannot be told from a compound, so the hyphen stays there too.
///
/// A number ending in `-` keeps it before a digit or letter (`1915-` | `16` → `1915-16`). A line
/// ending in ` -`, `--` or a dash is a dash, not a broken word: a space joins it.
/// OCR that drops the hyphen (`Mex` | `ico`) cannot be told from two words and keeps the space.
pub fn rejoin_hyphens(lines: &[&str]) -> String {
    let owned: Vec<(String, bool)> = lines.iter().map(|l| ((*l).to_owned(), false)).collect();
    join_lines(&owned)
}

fn join_lines(lines: &[(String, bool)]) -> String {
    let mut out = String::new();
    for (line, wrapped) in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        match if *wrapped {
            Joint::Space
        } else {
            joint(&out, line)
        } {
            Joint::Space => {
                out.push(' ');
                out.push_str(line);
            }
            Joint::KeepHyphen => out.push_str(line),
            Joint::DropHyphen => {
                out.pop();
                out.push_str(line);
            }
        }
    }
    out
}

enum Joint {
    Space,
    KeepHyphen,
    DropHyphen,
}

fn joint(prev: &str, next: &str) -> Joint {
    let Some(stem) = prev.strip_suffix('-') else {
        return Joint::Space;
    };
    let Some(before) = stem.chars().next_back() else {
        return Joint::Space;
    };
    let Some(first) = next.chars().next() else {
        return Joint::Space;
    };
    if before.is_ascii_digit() && first.is_alphanumeric() {
        return Joint::KeepHyphen;
    }
    if !before.is_alphabetic() {
        return Joint::Space;
    }
    if !first.is_lowercase() {
        return Joint::KeepHyphen;
    }
    let word = stem
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let next_word: String = next
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if KEEP_HYPHEN_PREFIXES.contains(&word.as_str())
        || (word == "to" && TO_COMPOUNDS.contains(&next_word.as_str()))
    {
        Joint::KeepHyphen
    } else {
        Joint::DropHyphen
    }
}

/// A line that ends the paragraph it closes: shorter than four fifths of the column and ending a
/// sentence (justified column lines run full width, a paragraph's last line rarely does), or a
/// paragraph grown past the soft or hard limit.
fn ends_paragraph(text: &str, para_lines: usize, column_chars: usize) -> bool {
    let sentence = ends_sentence(text);
    let short = text.chars().count() * 5 < column_chars * 4;
    (sentence && (short || para_lines >= SOFT_MAX_PARAGRAPH_LINES))
        || (para_lines >= HARD_MAX_PARAGRAPH_LINES && !text.ends_with('-'))
        || para_lines >= 2 * HARD_MAX_PARAGRAPH_LINES
}

/// Ends in `.`, `?`, `!` or `:` (closing quotes and brackets, and one stray character of OCR
/// debris, aside), not in an abbreviation like `Gen.` or an initial.
fn ends_sentence(text: &str) -> bool {
    // A stray letter or mark after the period is OCR debris (`ment." v`).
    let text = match text.trim_end().rsplit_once(' ') {
        Some((before, debris)) if debris.chars().count() == 1 && debris != "I" => before,
        _ => text,
    };
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']', '”', '’', ' ']);
    let Some(last) = trimmed.chars().next_back() else {
        return false;
    };
    if matches!(last, '?' | '!' | ':') {
        return true;
    }
    if last != '.' {
        return false;
    }
    let word = trimmed[..trimmed.len() - 1]
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !initial && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Upper- and lower-case letters in `text`.
fn case_counts(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(upper, lower), c| {
        if c.is_uppercase() {
            (upper + 1, lower)
        } else if c.is_lowercase() {
            (upper, lower + 1)
        } else {
            (upper, lower)
        }
    })
}

/// A line without a run of two letters: `i`, `f .`, `2`, `1 ' l`. Such lines carry no headline
/// or sentence of their own.
fn is_noise_line(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_alphabetic() {
            run += 1;
            if run >= 2 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    true
}

/// An all-capitals line (80% of at least three letters upper case): a headline or deck.
fn is_caps_line(text: &str) -> bool {
    let (upper, lower) = case_counts(text);
    upper + lower >= 3 && upper * 10 >= (upper + lower) * 8
}

/// A title-cased line (`Gen. Scott to Confer With`): at least three quarters of its words other
/// than small words (`of`, `to`, `the`) start with a capital, and it has at least two of them.
fn is_title_like(text: &str) -> bool {
    let (mut content, mut capitalised) = (0usize, 0usize);
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() || MINOR_WORDS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        content += 1;
        if first.is_uppercase() {
            capitalised += 1;
        }
    }
    content >= 2 && capitalised * 4 >= content * 3
}

/// A deck line under a headline: title-cased, or a short line of at most four words of which
/// three in five of weight are capitalised: a deck's tail (`With Lansing`), or one that starts
/// with the end of a word OCR broke without a hyphen (`til Carranza Can`).
fn is_deck_line(text: &str) -> bool {
    if is_title_like(text) {
        return true;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = content
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() <= 4 && !content.is_empty() && capitalised * 5 >= content.len() * 3
}

/// A subhead between paragraphs (`German Denial Expected.`): under 85% of the column,
/// title-cased, two to eight words, not ending mid-sentence, and followed by a line that starts
/// a sentence.
fn is_subhead(text: &str, column_chars: usize, next: Option<&str>) -> bool {
    let words = text.split_whitespace().count();
    (2..=8).contains(&words)
        && text.chars().count() * 20 < column_chars * 17
        && !text.ends_with([',', '-', ';'])
        && is_title_like(text)
        && next
            .and_then(|n| n.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“'))
}

/// A masthead or running head line: mostly capitals, with a date (a month or weekday and a year,
/// or any number on an all-capitals line: `NEW-YORK, SATURDAY, APRIL 15, 1916.`), a price
/// (`PRICE ONE CENT`) or a volume.
fn is_masthead_line(text: &str) -> bool {
    let (upper, lower) = case_counts(text);
    if upper + lower < 3 || upper * 10 < (upper + lower) * 6 {
        return false;
    }
    let lower_text = text.to_lowercase();
    let tokens: Vec<&str> = lower_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let year = tokens
        .iter()
        .any(|t| t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1700..=2099).contains(&y)));
    let dated = tokens.iter().any(|t| month_or_weekday(t));
    let price = tokens
        .iter()
        .any(|t| matches!(*t, "price" | "cent" | "cents"));
    let volume = tokens.first().is_some_and(|t| *t == "vol");
    // OCR often damages the year (`APBtL 24, 101G`): an all-capitals line with a weekday or
    // month and a number is dated too.
    let numbered = tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()));
    let shouting = upper * 10 >= (upper + lower) * 8;
    (dated && (year || (numbered && shouting))) || price || volume
}

/// `april`, `apr`, `sept`, `saturday`, `sat`: a month or weekday name or its abbreviation.
fn month_or_weekday(token: &str) -> bool {
    token.len() >= 3
        && MONTHS
            .iter()
            .chain(WEEKDAYS.iter())
            .any(|name| name.starts_with(token))
}

/// A byline line: `By JANE DOE.`, `BY JOHN SMITH`, `(By The Associated Press.)`. Returns it
/// without the brackets and the closing period.
pub fn ocr_byline(line: &str) -> Option<String> {
    let text = line
        .trim()
        .trim_start_matches('(')
        .trim_end_matches([')', '.', ','])
        .trim();
    if text.chars().count() > 60 {
        return None;
    }
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let names = (1..=8).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "the" | "and" | "of" | "&" | "de" | "van" | "von")
        })
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2);
    names.then(|| text.to_owned())
}

/// The place before a dateline's comma, when it is a place in capitals (`WASHINGTON`,
/// `NEW YORK`, `ST. LOUIS`): the byte index of the comma.
fn dateline_place(text: &str) -> Option<usize> {
    let window = prefix(text, 48);
    let comma = window.find(',')?;
    let place = &text[..comma];
    let first = place.split_whitespace().next()?;
    let first_letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    let (upper, lower) = case_counts(place);
    (first_letters.len() >= 2
        && first_letters.iter().all(|c| c.is_uppercase())
        && upper * 10 >= (upper + lower) * 7
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'')))
    .then_some(comma)
}

/// True when `text` after its comma names a date within a few words (`April 14`, `Saturday`).
fn dated_after(text: &str) -> bool {
    let lower = prefix(text, 40).to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .any(month_or_weekday)
}

/// A line that opens with a dateline (`WASHINGTON, April 14.—The`, `SAN FRANCISCO, Cal., April`):
/// it starts a paragraph and is never a headline.
fn starts_dateline(text: &str) -> bool {
    dateline_place(text).is_some_and(|comma| dated_after(&text[comma + 1..]))
}

/// The dateline opening a paragraph, through its dash: `WASHINGTON, April 14.—`,
/// `CHICAGO, Ill., April 14.—`, `NEW YORK, N. Y., April 14. —`, with the dash also set as `--`,
/// `-` after the period (OCR), or `–`. The dateline stays in the paragraph; this is a copy.
pub fn ocr_dateline(paragraph: &str) -> Option<String> {
    let text = paragraph.trim_start();
    let comma = dateline_place(text)?;
    let rest = prefix(&text[comma..], 64);
    let mut prev_visible = ' ';
    let mut dash_end = None;
    for (i, c) in rest.char_indices() {
        let dash = match c {
            '—' | '–' => true,
            '-' => matches!(prev_visible, '.' | ',' | '-') || prev_visible.is_ascii_digit(),
            _ => false,
        };
        if dash {
            let mut end = i + c.len_utf8();
            if c == '-' && rest[end..].starts_with('-') {
                end += 1;
            }
            dash_end = Some(end);
            break;
        }
        if !c.is_whitespace() {
            prev_visible = c;
        }
    }
    let dash_end = comma + dash_end?;
    dated_after(&text[comma + 1..dash_end]).then(|| text[..dash_end].to_owned())
}

/// A worded continuation jump filling a whole line: `(Continued on Second Page.)`,
/// `Continued on Page Two`, `CONTINUED ON PAGE 7, COLUMN 3`, `(Continued from First Page.)`,
/// `(Continued on Last Page.)` (label [`LAST_PAGE`]), and OCR damage such as
/// `Contiuued on Second Pag,f`. Returns the direction and the normalised page label. A sentence
/// that merely contains `continued on` is not a jump.
pub fn ocr_jump(line: &str) -> Option<(Jump, String)> {
    if line.chars().count() > JUMP_MAX_CHARS {
        return None;
    }
    let lower = line.to_lowercase();
    let mut tokens = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .peekable();
    if !is_continued_word(tokens.next()?) {
        return None;
    }
    let direction = match tokens.next()? {
        "on" | "ou" | "onn" | "oa" => Jump::To,
        "from" | "frorn" | "fron" | "trom" | "frem" | "frum" => Jump::From,
        _ => return None,
    };
    let mut label = None;
    let mut junk = 0;
    while let Some(token) = tokens.next() {
        if is_page_word(token) {
            continue;
        }
        if label.is_none()
            && let Some(found) = page_word_label(token)
        {
            label = Some(found);
            continue;
        }
        if label.is_some() && matches!(token, "column" | "col" | "columns") {
            // `, Column 3`: the column number follows.
            tokens
                .next_if(|t| t.chars().all(|c| c.is_ascii_digit()) || page_word_label(t).is_some());
            continue;
        }
        if token.chars().count() <= 2 && junk < 2 && label.is_some() {
            junk += 1;
            continue;
        }
        return None;
    }
    label.map(|label| (direction, label))
}

/// `continued` and its OCR damage (`contiuued`, `coutinued`), and `contd`.
fn is_continued_word(token: &str) -> bool {
    token == "continued"
        || token == "contd"
        || ((7..=11).contains(&token.len())
            && token.starts_with('c')
            && edit_distance(token, "continued") <= 2)
}

/// `page` and its OCR damage (`pag`, `paga`, `pago`).
fn is_page_word(token: &str) -> bool {
    token == "page"
        || token == "pages"
        || ((3..=5).contains(&token.len())
            && token.starts_with("pa")
            && edit_distance(token, "page") <= 1)
}

/// A page named by a word or number: `second` → `2`, `two` → `2`, `last` → [`LAST_PAGE`],
/// `7` → `7`, `a2` → `A2`. OCR damage of one letter in a word of five or more letters is read
/// when only one word is that close (`secoud` → `2`).
pub fn page_word_label(token: &str) -> Option<String> {
    let token = token.to_lowercase();
    if token == LAST_PAGE {
        return Some(LAST_PAGE.to_owned());
    }
    let words = ORDINALS.iter().zip(1..).chain(CARDINALS.iter().zip(1..));
    for (word, n) in words.clone() {
        if *word == token {
            return Some(n.to_string());
        }
    }
    if token.len() <= 4
        && token.chars().all(|c| c.is_ascii_alphanumeric())
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().take_while(char::is_ascii_alphabetic).count() <= 1
    {
        let label = normalize_page_label(&token);
        return (!label.is_empty()).then_some(label);
    }
    if token.len() >= 5 {
        let close: Vec<u32> = words
            .filter(|(word, _)| edit_distance(word, &token) <= 1)
            .map(|(_, n)| n)
            .collect();
        if let [n] = close.as_slice() {
            return Some(n.to_string());
        }
        if token == "lasl" || token == "iast" {
            return Some(LAST_PAGE.to_owned());
        }
    }
    None
}

/// Levenshtein distance between two short strings (callers bound their lengths).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            row[j + 1] = substitute.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
