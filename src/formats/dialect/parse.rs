//! The heading dialect: turns one decoded text file into front matter and pages of items.
//!
//! Lines become tokens (headings, paragraphs, `+++` page blocks); a small state machine then
//! assigns kickers, headlines, subtitles, bylines, columns, photos and body blocks, and
//! [`repair`](super::repair) re-joins paragraphs that column breaks split.

use std::borrow::Cow;
use std::path::Path;

use super::repair;
use crate::edition::assemble::{MAX_ITEMS, MAX_PAGES};
use crate::edition::caption::{self, CaptionCredit};
use crate::edition::frontmatter::{self, FrontMatter};
use crate::edition::link::find_jumps_and_dateline;
use crate::edition::model::{Block, Diagnostic, Item, ItemKind, Photo, Severity};
use crate::edition::recognize::{self, join_lines};
use crate::edition::sanitize::sanitize;

/// A page as parsed, before ids and links are assigned.
#[derive(Debug, Default)]
pub struct RawPage {
    /// From a `+++ page = … +++` block; `None` for the part before the first page block.
    pub label: Option<String>,
    pub name: Option<String>,
    pub items: Vec<Item>,
    /// The body of each item as read, before repair ([`ParsedFile::complete`] turns them into
    /// `items[n].body`); empty once completed.
    pieces: Vec<Vec<repair::Piece>>,
}

/// Everything one file says.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub front: FrontMatter,
    pub pages: Vec<RawPage>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
enum Token {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Paragraph {
        text: String,
        line: usize,
        blank_before: usize,
    },
    Page {
        label: String,
        name: Option<String>,
        /// The line of the block's opening fence.
        line: usize,
    },
}

/// Parses a whole file's text. Never fails: problems become diagnostics. Column breaks are
/// repaired as the front matter's `repair` says, by default when the file's own paragraphs show
/// damage.
pub fn parse(text: &str, path: &Path) -> ParsedFile {
    let mut out = parse_deferred(text, path, MAX_ITEMS);
    let mut evidence = repair::Evidence::default();
    out.add_evidence(&mut evidence);
    let joins = evidence.repairs(out.front.repair.unwrap_or_default());
    out.complete(joins, path);
    out
}

/// Parses a file but leaves the bodies unrepaired, so an edition of several files can decide
/// on repair from all of them; [`ParsedFile::complete`] finishes it. At most `max_items` items
/// are kept (what the edition may still hold) and at most [`MAX_PAGES`] pages; what follows is
/// counted and reported.
pub fn parse_deferred(text: &str, path: &Path, max_items: usize) -> ParsedFile {
    let mut out = ParsedFile::default();
    let mut lines = Lines::new(text);
    let mut diagnostics = Vec::new();
    if let Some(front) = front_matter(&mut lines, path, &mut diagnostics) {
        out.front = front;
    }
    // Lines become tokens one at a time, as the builder asks for them: a file of a million
    // headings never holds a million tokens.
    let mut tokens = Tokens {
        lines,
        path,
        diagnostics,
        para: Vec::new(),
        para_line: 0,
        blanks: 0,
        blank_before: 0,
        pending: None,
        unreported: 0,
    };
    Builder::new(path, &mut out, max_items).run(&mut tokens);
    // The lines' problems first, then the items'.
    let built = std::mem::replace(&mut out.diagnostics, tokens.into_diagnostics());
    out.diagnostics.extend(built);
    out
}

impl ParsedFile {
    /// Adds what this file's paragraphs say about column-break damage.
    pub fn add_evidence(&self, evidence: &mut repair::Evidence) {
        for pieces in self.pages.iter().flat_map(|p| &p.pieces) {
            evidence.add(pieces);
        }
    }

    /// Builds every item's body from what was read, joining column breaks when `repair` is
    /// set, then finds jumps (taking their markers out of the text) and datelines.
    pub fn complete(&mut self, joins: repair::Joins, path: &Path) {
        for page in &mut self.pages {
            for (item, pieces) in page.items.iter_mut().zip(page.pieces.drain(..)) {
                item.body = repair::rejoin(pieces, joins, path, &mut self.diagnostics);
                find_jumps_and_dateline(item);
            }
        }
    }
}

/// A line that opens or closes a TOML block.
fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

/// The lines of a text (split at `\n`, as `str::split` does) with their 1-based numbers, read
/// one at a time; a clone looks ahead.
#[derive(Clone)]
struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the next line.
    pos: usize,
    /// 1-based number of the next line.
    next_no: usize,
    done: bool,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            next_no: 1,
            done: false,
        }
    }

    /// Reads up to the next fence and returns the lines before it joined by `\n`, leaving
    /// `self` after the fence; `None` (and `self` unmoved) when no fence follows.
    fn block(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let mut ahead = self.clone();
        loop {
            let line_start = ahead.pos;
            let (_, line) = ahead.next()?;
            if is_fence(line) {
                // Up to the line break before the fence (none when the block is empty).
                let end = line_start.saturating_sub(1).max(start);
                *self = ahead;
                return Some(self.text.get(start..end).unwrap_or_default());
            }
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.done {
            return None;
        }
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let line = if let Some(len) = memchr::memchr(b'\n', rest.as_bytes()) {
            self.pos += len + 1;
            &rest[..len]
        } else {
            self.done = true;
            self.pos = self.text.len();
            rest
        };
        let line_no = self.next_no;
        self.next_no += 1;
        Some((line_no, line))
    }
}

/// Turns lines into tokens as they are asked for: soft-wrapped lines joined into paragraphs,
/// headings, and page blocks.
struct Tokens<'a, 'p> {
    lines: Lines<'a>,
    path: &'p Path,
    /// Problems found in the lines (front matter, page blocks, empty headings).
    diagnostics: Vec<Diagnostic>,
    /// The lines of the paragraph being read, its first line and the blank lines before it.
    para: Vec<Cow<'a, str>>,
    para_line: usize,
    blanks: usize,
    blank_before: usize,
    /// A token found as a paragraph ended: given after the paragraph.
    pending: Option<Token>,
    /// Problems past [`MAX_LINE_WARNINGS`], counted but not kept.
    unreported: usize,
}

/// Problems with lines (empty headings, bad page blocks) kept per file: a file of a million
/// empty headings (2 MB) made a million messages (214 MB).
const MAX_LINE_WARNINGS: usize = 1000;

impl Tokens<'_, '_> {
    /// Records a problem with a line; past [`MAX_LINE_WARNINGS`] they are only counted.
    fn warn(&mut self, problem: Diagnostic) {
        if self.diagnostics.len() < MAX_LINE_WARNINGS {
            self.diagnostics.push(problem);
        } else {
            self.unreported += 1;
        }
    }

    /// The problems found in the lines, the last saying how many more were found.
    fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        if self.unreported > 0 {
            self.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                path: self.path.to_owned(),
                line: None,
                message: format!(
                    "{} more problem(s) with lines of this file not shown (only the first {MAX_LINE_WARNINGS} are)",
                    self.unreported
                ),
            });
        }
        self.diagnostics
    }

    /// The paragraph read so far as a token, if there is one.
    fn flush(&mut self) -> Option<Token> {
        if self.para.is_empty() {
            return None;
        }
        let text = join_lines(&self.para);
        self.para.clear();
        (!text.is_empty()).then_some(Token::Paragraph {
            text,
            line: self.para_line,
            blank_before: self.blank_before,
        })
    }

    /// Ends the paragraph being read; `token` (if any) comes after it.
    fn after_paragraph(&mut self, token: Option<Token>) -> Option<Token> {
        match self.flush() {
            Some(paragraph) => {
                self.pending = token;
                Some(paragraph)
            }
            None => token,
        }
    }

    /// A heading line (`level`, `text`) as a token; an empty one is reported and dropped.
    fn heading(&mut self, level: u8, text: &str, line_no: usize) -> Option<Token> {
        if text.is_empty() {
            self.warn(Diagnostic {
                severity: Severity::Warning,
                path: self.path.to_owned(),
                line: Some(line_no),
                message: "empty heading ignored".to_owned(),
            });
            return None;
        }
        Some(Token::Heading {
            level,
            text: text.to_owned(),
            line: line_no,
        })
    }
}

impl Iterator for Tokens<'_, '_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if let Some(token) = self.pending.take() {
            return Some(token);
        }
        while let Some((line_no, raw)) = self.lines.next() {
            let found = if is_fence(raw) {
                self.blanks = 0;
                let block = match page_block(&mut self.lines, line_no, self.path) {
                    Ok(token) => Some(token),
                    Err(problem) => {
                        self.warn(problem);
                        None
                    }
                };
                self.after_paragraph(block)
            } else {
                let line = match sanitize(raw) {
                    Cow::Borrowed(clean) => Cow::Borrowed(trim_line(clean)),
                    Cow::Owned(clean) => Cow::Owned(trim_line(&clean).to_owned()),
                };
                if line.is_empty() {
                    self.blanks += 1;
                    self.flush()
                } else if let Some((level, text)) = heading(&line) {
                    self.blanks = 0;
                    let token = self.heading(level, text, line_no);
                    self.after_paragraph(token)
                } else {
                    if self.para.is_empty() {
                        self.para_line = line_no;
                        self.blank_before = self.blanks;
                    }
                    self.para.push(line);
                    self.blanks = 0;
                    None
                }
            };
            if found.is_some() {
                return found;
            }
        }
        self.flush()
    }
}

/// Reads the front matter when the first non-blank line is a fence, leaving `lines` after it;
/// otherwise leaves `lines` at that first non-blank line.
fn front_matter(
    lines: &mut Lines<'_>,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let fence_no = loop {
        let before = lines.clone();
        let (line_no, line) = lines.next()?;
        if line.trim().is_empty() {
            continue;
        }
        if !is_fence(line) {
            *lines = before;
            return None;
        }
        break line_no;
    };
    let Some(body) = lines.block() else {
        diagnostics.push(unterminated(path, fence_no));
        return None;
    };
    match frontmatter::parse(body) {
        Ok(front) => Some(front),
        Err(err) => {
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                path: path.to_owned(),
                line: Some(fence_no + err.line),
                message: format!(
                    "front matter, column {}: {}; fix the TOML between the '+++' lines (the text below still loads)",
                    err.col, err.message
                ),
            });
            None
        }
    }
}

/// A `+++` block after the front matter, whose opening fence is line `fence_line` (1-based);
/// leaves `lines` after the block. A page token when the block names a page, else what is wrong
/// with it.
fn page_block(lines: &mut Lines<'_>, fence_line: usize, path: &Path) -> Result<Token, Diagnostic> {
    let Some(body) = lines.block() else {
        return Err(unterminated(path, fence_line));
    };
    match frontmatter::parse(body) {
        Ok(FrontMatter {
            page: Some(label),
            name,
            ..
        }) => Ok(Token::Page {
            label,
            name,
            line: fence_line,
        }),
        Ok(_) => Err(Diagnostic {
            severity: Severity::Warning,
            path: path.to_owned(),
            line: Some(fence_line),
            message: "a '+++' block after the front matter has no 'page' key; ignored (write page = 2 to start a page)".to_owned(),
        }),
        Err(err) => Err(Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: Some(fence_line + err.line),
            message: format!("page block, column {}: {}; fix the TOML between the '+++' lines", err.col, err.message),
        }),
    }
}

/// Trailing whitespace and leading indents (spaces, U+3000, tabs) are layout, not text.
fn trim_line(line: &str) -> &str {
    line.trim_end().trim_start_matches([' ', '\u{3000}', '\t'])
}

fn unterminated(path: &Path, line: usize) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        path: path.to_owned(),
        line: Some(line),
        message: "'+++' opens a TOML block that is never closed; add a '+++' line after it (the line is ignored)".to_owned(),
    }
}

/// `# text` → (1, "text"); `###### text` → (3, "text"). A `#` not followed by a space is text.
fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\u{3000}'])) {
        return None;
    }
    Some((
        hashes.min(3) as u8,
        rest.trim_matches([' ', '\t', '\u{3000}']),
    ))
}

/// An item being assembled.
#[derive(Debug, Default)]
struct Draft {
    kind: Option<ItemKind>,
    kicker: Option<String>,
    headline: Option<String>,
    subtitle: Option<String>,
    column: Option<String>,
    byline: Option<String>,
    /// The paragraph the byline was read from, kept until the body shows it was not one.
    byline_piece: Option<repair::Piece>,
    body: Vec<repair::Piece>,
    caption: Option<String>,
    credit: Option<String>,
    image: Option<String>,
    link: Option<String>,
    line: usize,
}

impl Draft {
    fn header_only(&self) -> bool {
        self.headline.is_some()
            && self.body.is_empty()
            && self.caption.is_none()
            && self.credit.is_none()
    }
}

struct Builder<'a> {
    path: &'a Path,
    out: &'a mut ParsedFile,
    page: RawPage,
    draft: Option<Draft>,
    /// Items that may still be kept.
    room: usize,
    /// What was left out over the caps: items, pages, and the line of the first.
    dropped_items: usize,
    dropped_pages: usize,
    first_dropped: Option<usize>,
}

impl<'a> Builder<'a> {
    fn new(path: &'a Path, out: &'a mut ParsedFile, max_items: usize) -> Self {
        Builder {
            path,
            out,
            page: RawPage::default(),
            draft: None,
            room: max_items,
            dropped_items: 0,
            dropped_pages: 0,
            first_dropped: None,
        }
    }

    /// Whether the page cap was reached: everything after is counted, not kept.
    fn full(&self) -> bool {
        self.dropped_pages > 0
    }

    fn run(mut self, tokens: &mut Tokens<'_, '_>) {
        let mut tokens = tokens.peekable();
        while let Some(token) = tokens.next() {
            match token {
                Token::Page { label, name, line } => {
                    self.finish();
                    // The pages kept once this one starts: those done, the current one if
                    // it is kept, and this one.
                    let current = self.page.label.is_some() || !self.page.items.is_empty();
                    if self.full() || self.out.pages.len() + usize::from(current) >= MAX_PAGES {
                        self.dropped_pages += 1;
                        self.first_dropped.get_or_insert(line);
                        continue;
                    }
                    let done = std::mem::replace(
                        &mut self.page,
                        RawPage {
                            label: Some(label),
                            name,
                            ..RawPage::default()
                        },
                    );
                    if done.label.is_some() || !done.items.is_empty() {
                        self.out.pages.push(done);
                    }
                }
                Token::Heading {
                    level: 3,
                    text,
                    line,
                } if matches!(tokens.peek(), Some(Token::Heading { level: 1, .. })) => {
                    self.finish();
                    self.draft = Some(Draft {
                        kicker: Some(text),
                        line,
                        ..Draft::default()
                    });
                    if let Some(Token::Heading { text, .. }) = tokens.next() {
                        self.draft_mut(line).headline = Some(text);
                    }
                }
                Token::Heading {
                    level: 1,
                    text,
                    line,
                } => {
                    let column_slot = self.draft.as_ref().is_some_and(|d| {
                        d.header_only() && d.byline.is_some() && d.column.is_none()
                    });
                    if column_slot {
                        let mut column = text;
                        if let Some(Token::Heading { level: 2, .. }) = tokens.peek()
                            && let Some(Token::Heading { text: sub, .. }) = tokens.next()
                        {
                            column = format!("{column} · {sub}");
                        }
                        self.draft_mut(line).column = Some(column);
                    } else {
                        self.finish();
                        self.draft = Some(Draft {
                            headline: Some(text),
                            line,
                            ..Draft::default()
                        });
                    }
                }
                Token::Heading {
                    level: 2,
                    text,
                    line,
                } if self.draft.as_ref().is_some_and(|d| {
                    d.header_only()
                        && d.subtitle.is_none()
                        && d.byline.is_none()
                        && d.column.is_none()
                }) =>
                {
                    self.draft_mut(line).subtitle = Some(text);
                }
                Token::Heading { text, line, .. } => {
                    self.draft_mut(line).body.push(repair::Piece::new(
                        Block::Subhead(text),
                        line,
                        1,
                    ));
                }
                Token::Paragraph {
                    text,
                    line,
                    blank_before,
                } => self.paragraph(text, line, blank_before),
            }
        }
        self.finish();
        if self.page.label.is_some() || !self.page.items.is_empty() || self.out.pages.is_empty() {
            self.out.pages.push(std::mem::take(&mut self.page));
        }
        self.report_dropped();
    }

    /// Keeps an item (with the body pieces it was read with) if the caps leave room.
    fn keep(&mut self, item: Item, pieces: Vec<repair::Piece>) {
        if self.room == 0 || self.full() {
            self.dropped_items += 1;
            self.first_dropped.get_or_insert(item.line);
            return;
        }
        self.room -= 1;
        self.page.items.push(item);
        self.page.pieces.push(pieces);
    }

    /// One warning for everything the caps left out.
    fn report_dropped(&mut self) {
        if self.dropped_items == 0 && self.dropped_pages == 0 {
            return;
        }
        let (mut what, mut limits) = (Vec::new(), Vec::new());
        if self.dropped_pages > 0 {
            what.push(format!("{} page(s)", self.dropped_pages));
            limits.push(format!("{MAX_PAGES} pages"));
        }
        if self.dropped_items > 0 {
            what.push(format!("{} item(s)", self.dropped_items));
            if self.room == 0 {
                limits.push(format!("{MAX_ITEMS} items"));
            }
        }
        self.out.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            path: self.path.to_owned(),
            line: self.first_dropped,
            message: format!(
                "{} left out from here on: an edition holds at most {}; split the file into several editions",
                what.join(" and "),
                limits.join(" and ")
            ),
        });
    }

    fn draft_mut(&mut self, line: usize) -> &mut Draft {
        self.draft.get_or_insert_with(|| Draft {
            line,
            ..Draft::default()
        })
    }

    fn paragraph(&mut self, text: String, line: usize, blank_before: usize) {
        // `<https://…>` alone: where the article was published.
        if let Some(link) = link_line(&text)
            && let Some(draft) = self.draft.as_mut()
            && draft.link.is_none()
        {
            draft.link = Some(link.to_owned());
            return;
        }
        if let Some((caption, image)) = image_line(&text) {
            // `![图为…。本报记者 王岩摄](a.jpg)`: the credit split off the caption.
            let CaptionCredit { caption, credit } = caption
                .map(|c| caption::split(&c).normalized())
                .unwrap_or_default();
            self.draft_mut(line).body.push(repair::Piece::new(
                Block::Photo(Photo {
                    caption,
                    credit,
                    image: Some(image),
                }),
                line,
                blank_before,
            ));
            return;
        }
        if caption::is_credit_line(&text) {
            self.photo(caption::normalize_credit(&text), line, blank_before);
            return;
        }
        let byline_slot = self
            .draft
            .as_ref()
            .is_none_or(|d| d.body.is_empty() && d.byline.is_none() && d.caption.is_none());
        if byline_slot && recognize::is_byline(&text) {
            let draft = self.draft_mut(line);
            draft.byline = Some(recognize::normalize_byline(&text));
            draft.byline_piece = Some(repair::Piece::new(
                Block::Paragraph(text),
                line,
                blank_before,
            ));
            return;
        }
        self.draft_mut(line).body.push(repair::Piece::new(
            Block::Paragraph(text),
            line,
            blank_before,
        ));
    }

    /// A credit line: the paragraph before it is the caption, and the two are a photo at its
    /// place in the article being read (a lead photo under the headline, or one between
    /// paragraphs). [`Builder::finish`] decides what a photo that ends an article is.
    fn photo(&mut self, credit: String, line: usize, blank_before: usize) {
        /// A picture report's caption is at most this many paragraphs.
        const MAX_REPORT_PARAGRAPHS: usize = 4;
        let draft = self.draft_mut(line);
        // `![caption](images/a.jpg)` then its credit line: one photo; a second credit line
        // stacks under the first (`制图：…` then `版式设计：…`).
        if let Some(repair::Piece {
            block: Block::Photo(photo),
            ..
        }) = draft.body.last_mut()
        {
            match &mut photo.credit {
                Some(above) => {
                    above.push('\n');
                    above.push_str(&credit);
                }
                None => photo.credit = Some(credit),
            }
            return;
        }
        // A picture report: `![](a.jpg)`, caption paragraphs, then the credit: one photo.
        let paragraphs = draft
            .body
            .iter()
            .rev()
            .take_while(|p| matches!(p.block, Block::Paragraph(_)))
            .count();
        let first = draft.body.len() - paragraphs;
        if (1..=MAX_REPORT_PARAGRAPHS).contains(&paragraphs)
            && let Some(repair::Piece {
                block: Block::Photo(photo),
                ..
            }) = first.checked_sub(1).map(|at| &draft.body[at])
            && photo.image.is_some()
            && photo.caption.is_none()
            && photo.credit.is_none()
        {
            let texts: Vec<&str> = draft.body[first..].iter().map(|p| p.block.text()).collect();
            let caption = caption::from_paragraphs(&texts).caption;
            draft.body.truncate(first);
            if let Some(repair::Piece {
                block: Block::Photo(photo),
                ..
            }) = draft.body.last_mut()
            {
                photo.caption = caption;
                photo.credit = Some(credit);
            }
            return;
        }
        let (caption, caption_line, blank_before) = match draft.body.last() {
            Some(repair::Piece {
                block: Block::Paragraph(_),
                ..
            }) => match draft.body.pop() {
                Some(piece) => (
                    Some(piece.block.text().to_owned()),
                    piece.line,
                    piece.blank_before,
                ),
                None => (None, line, blank_before),
            },
            _ => (None, line, blank_before),
        };
        draft.body.push(repair::Piece::new(
            Block::Photo(Photo {
                caption,
                credit: Some(credit),
                image: None,
            }),
            caption_line,
            blank_before,
        ));
    }

    fn finish(&mut self) {
        let Some(mut draft) = self.draft.take() else {
            return;
        };
        // A contents box (导读): its short label over headlines tagged `（第5版）` is text.
        if let Some(piece) = draft.byline_piece.take()
            && let Some(first) = draft.body.first()
            && matches!(&first.block, Block::Paragraph(text) if recognize::is_contents_entry(text))
        {
            draft.byline = None;
            draft.body.insert(0, piece);
        }
        // A photo after the last paragraph, with only the next headline after it, is a news
        // photo of its own (text dumps put a page's pictures between its stories).
        let trailing_photo = match draft.body.as_slice() {
            [.., before, last]
                if matches!(last.block, Block::Photo(_))
                    && !matches!(before.block, Block::Photo(_)) =>
            {
                draft.body.pop()
            }
            _ => None,
        };
        // A headline over nothing but a picture is that picture's headline.
        if let [
            repair::Piece {
                block: Block::Photo(photo),
                ..
            },
        ] = draft.body.as_slice()
            && draft.kind.is_none()
        {
            draft.kind = Some(ItemKind::Photo);
            draft.caption.clone_from(&photo.caption);
            draft.credit.clone_from(&photo.credit);
            draft.image.clone_from(&photo.image);
            draft.body.clear();
        }
        self.push_draft(draft);
        if let Some(piece) = trailing_photo
            && let Block::Photo(photo) = piece.block
        {
            self.push_draft(Draft {
                kind: Some(ItemKind::Photo),
                caption: photo.caption,
                credit: photo.credit,
                image: photo.image,
                line: piece.line,
                ..Draft::default()
            });
        }
    }

    fn push_draft(&mut self, draft: Draft) {
        let kind = draft.kind.unwrap_or(if draft.body.is_empty() {
            ItemKind::Banner
        } else {
            ItemKind::Article
        });
        if kind == ItemKind::Banner && draft.headline.is_none() && draft.kicker.is_none() {
            if let Some(byline) = draft.byline {
                self.out.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    path: self.path.to_owned(),
                    line: Some(draft.line),
                    message: format!("byline '{byline}' has no article; kept as a banner"),
                });
                self.keep(
                    blank_item(ItemKind::Banner, Some(byline), draft.line),
                    Vec::new(),
                );
            }
            return;
        }
        let item = Item {
            kicker: draft.kicker,
            headline: draft.headline,
            subtitle: draft.subtitle,
            column: draft.column,
            byline: draft.byline,
            caption: draft.caption,
            credit: draft.credit,
            image: draft.image,
            link: draft.link,
            ..Item::blank(kind, draft.line)
        };
        self.keep(item, draft.body);
    }
}

/// `<https://paper.example/a.html>` as a whole paragraph: the article's address.
fn link_line(text: &str) -> Option<&str> {
    let url = text.strip_prefix('<')?.strip_suffix('>')?;
    (url.starts_with("http://") || url.starts_with("https://"))
        .then_some(url)
        .filter(|u| !u.contains(char::is_whitespace) && !u.contains(['<', '>']))
}

/// `![caption](images/photo.jpg)` as a whole paragraph: a photo's caption (absent when empty)
/// and where its picture is (a path relative to the edition, or a URL).
fn image_line(text: &str) -> Option<(Option<String>, String)> {
    let inner = text.strip_prefix("![")?.strip_suffix(')')?;
    let (caption, image) = inner.rsplit_once("](")?;
    let image = image.trim();
    if image.is_empty() || image.contains(char::is_whitespace) {
        return None;
    }
    let caption = Some(caption.trim().to_owned()).filter(|c| !c.is_empty());
    Some((caption, image.to_owned()))
}

fn blank_item(kind: ItemKind, headline: Option<String>, line: usize) -> Item {
    Item {
        headline,
        ..Item::blank(kind, line)
    }
}
