//! The heading dialect: turns one decoded text file into front matter and pages of items.
//!
//! Lines become tokens (headings, paragraphs, `+++` page blocks); a small state machine then
//! assigns kickers, headlines, subtitles, bylines, columns, photos and body blocks, and
//! [`repair`](super::repair) re-joins paragraphs that column breaks split.

use std::borrow::Cow;
use std::path::Path;

use super::frontmatter::{self, FrontMatter};
use super::model::{Block, Diagnostic, Item, ItemKind, Photo, Severity};
use super::recognize::{self, Jump};
use super::repair;
use super::sanitize::sanitize;

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
    },
}

/// Parses a whole file's text. Never fails: problems become diagnostics. Column breaks are
/// repaired as the front matter's `repair` says, by default when the file's own paragraphs show
/// damage.
pub fn parse(text: &str, path: &Path) -> ParsedFile {
    let mut out = parse_deferred(text, path);
    let mut evidence = repair::Evidence::default();
    out.add_evidence(&mut evidence);
    let enabled = evidence.repairs(out.front.repair.unwrap_or_default());
    out.complete(enabled, path);
    out
}

/// Parses a file but leaves the bodies unrepaired, so an edition of several files can decide
/// on repair from all of them; [`ParsedFile::complete`] finishes it.
pub fn parse_deferred(text: &str, path: &Path) -> ParsedFile {
    let mut out = ParsedFile::default();
    let tokens = tokenize(text, path, &mut out);
    Builder::new(path, &mut out).run(tokens);
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
    pub fn complete(&mut self, repair: bool, path: &Path) {
        for page in &mut self.pages {
            for (item, pieces) in page.items.iter_mut().zip(page.pieces.drain(..)) {
                item.body = repair::rejoin(pieces, repair, path, &mut self.diagnostics);
                find_jumps_and_dateline(item);
            }
        }
    }
}

/// A line that opens or closes a TOML block.
fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

fn tokenize(text: &str, path: &Path, out: &mut ParsedFile) -> Vec<Token> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut tokens = Vec::new();
    let mut idx = front_matter(&lines, path, out);
    let mut para: Vec<Cow<'_, str>> = Vec::new();
    let mut para_line = 0;
    let mut blanks = 0;
    let mut blank_before = 0;
    let flush = |para: &mut Vec<Cow<'_, str>>,
                 tokens: &mut Vec<Token>,
                 line: usize,
                 blank_before: usize| {
        if para.is_empty() {
            return;
        }
        let text = join_lines(para);
        para.clear();
        if !text.is_empty() {
            tokens.push(Token::Paragraph {
                text,
                line,
                blank_before,
            });
        }
    };
    while idx < lines.len() {
        let raw = lines[idx];
        let line_no = idx + 1;
        idx += 1;
        if is_fence(raw) {
            flush(&mut para, &mut tokens, para_line, blank_before);
            idx = page_block(&lines, idx, path, out, &mut tokens);
            blanks = 0;
            continue;
        }
        let line = match sanitize(raw) {
            Cow::Borrowed(clean) => Cow::Borrowed(trim_line(clean)),
            Cow::Owned(clean) => Cow::Owned(trim_line(&clean).to_owned()),
        };
        if line.is_empty() {
            flush(&mut para, &mut tokens, para_line, blank_before);
            blanks += 1;
            continue;
        }
        if let Some((level, text)) = heading(&line) {
            flush(&mut para, &mut tokens, para_line, blank_before);
            if text.is_empty() {
                out.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    path: path.to_owned(),
                    line: Some(line_no),
                    message: "empty heading ignored".to_owned(),
                });
            } else {
                tokens.push(Token::Heading {
                    level,
                    text: text.to_owned(),
                    line: line_no,
                });
            }
            blanks = 0;
            continue;
        }
        if para.is_empty() {
            para_line = line_no;
            blank_before = blanks;
        }
        para.push(line);
        blanks = 0;
    }
    flush(&mut para, &mut tokens, para_line, blank_before);
    tokens
}

/// Reads the front matter when the first non-blank line is a fence; returns the index of the
/// first line after it.
fn front_matter(lines: &[&str], path: &Path, out: &mut ParsedFile) -> usize {
    let Some(idx) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return lines.len();
    };
    if !is_fence(lines[idx]) {
        return idx;
    }
    let Some(end) = find_fence(lines, idx + 1) else {
        out.diagnostics.push(unterminated(path, idx + 1));
        return idx + 1;
    };
    match frontmatter::parse(&lines[idx + 1..end].join("\n")) {
        Ok(front) => out.front = front,
        Err(err) => out.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: Some(idx + 1 + err.line),
            message: format!(
                "front matter, column {}: {}; fix the TOML between the '+++' lines (the text below still loads)",
                err.col, err.message
            ),
        }),
    }
    end + 1
}

/// A `+++` block after the front matter; `idx` is the line after its opening fence. Returns the
/// index of the line after the block.
fn page_block(
    lines: &[&str],
    idx: usize,
    path: &Path,
    out: &mut ParsedFile,
    tokens: &mut Vec<Token>,
) -> usize {
    let fence_line = idx; // 1-based number of the opening fence
    let Some(end) = find_fence(lines, idx) else {
        out.diagnostics.push(unterminated(path, fence_line));
        return idx;
    };
    match frontmatter::parse(&lines[idx..end].join("\n")) {
        Ok(FrontMatter { page: Some(label), name, .. }) => tokens.push(Token::Page { label, name }),
        Ok(_) => out.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_owned(),
            line: Some(fence_line),
            message: "a '+++' block after the front matter has no 'page' key; ignored (write page = 2 to start a page)".to_owned(),
        }),
        Err(err) => out.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: Some(fence_line + err.line),
            message: format!("page block, column {}: {}; fix the TOML between the '+++' lines", err.col, err.message),
        }),
    }
    end + 1
}

/// Trailing whitespace and leading indents (spaces, U+3000, tabs) are layout, not text.
fn trim_line(line: &str) -> &str {
    line.trim_end().trim_start_matches([' ', '\u{3000}', '\t'])
}

fn find_fence(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| is_fence(lines[i]))
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

/// Joins the soft-wrapped lines of one paragraph: no space between CJK, one space in Latin text.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    if let [only] = lines {
        return only.as_ref().to_owned();
    }
    let mut out = String::with_capacity(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    for line in lines.iter().map(AsRef::as_ref).filter(|l| !l.is_empty()) {
        if needs_space(&out, line) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Whether two pieces of one paragraph are joined with a space (Latin) or directly (CJK).
pub fn needs_space(before: &str, after: &str) -> bool {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b)) => {
            !(recognize::is_cjk(a) || recognize::is_cjk(b) || a == '-' && b.is_lowercase())
        }
        _ => false,
    }
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
}

impl<'a> Builder<'a> {
    fn new(path: &'a Path, out: &'a mut ParsedFile) -> Self {
        Builder {
            path,
            out,
            page: RawPage::default(),
            draft: None,
        }
    }

    fn run(mut self, tokens: Vec<Token>) {
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                Token::Page { label, name } => {
                    self.finish();
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
                    self.draft_mut(line).body.push(repair::Piece {
                        block: Block::Subhead(text),
                        line,
                        blank_before: 1,
                    });
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
            self.draft_mut(line).body.push(repair::Piece {
                block: Block::Photo(Photo {
                    caption,
                    credit: None,
                    image: Some(image),
                }),
                line,
                blank_before,
            });
            return;
        }
        if recognize::is_credit(&text) {
            self.photo(text, line, blank_before);
            return;
        }
        let byline_slot = self
            .draft
            .as_ref()
            .is_none_or(|d| d.body.is_empty() && d.byline.is_none() && d.caption.is_none());
        if byline_slot && recognize::is_byline(&text) {
            self.draft_mut(line).byline = Some(recognize::normalize_byline(&text));
            return;
        }
        self.draft_mut(line).body.push(repair::Piece {
            block: Block::Paragraph(text),
            line,
            blank_before,
        });
    }

    /// A credit line: the paragraph before it is the caption, and the two are a photo at its
    /// place in the article being read (a lead photo under the headline, or one between
    /// paragraphs). [`Builder::finish`] decides what a photo that ends an article is.
    fn photo(&mut self, credit: String, line: usize, blank_before: usize) {
        let draft = self.draft_mut(line);
        // `![caption](images/a.jpg)` then its credit line: one photo.
        if let Some(repair::Piece {
            block: Block::Photo(photo),
            ..
        }) = draft.body.last_mut()
            && photo.credit.is_none()
        {
            photo.credit = Some(credit);
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
        draft.body.push(repair::Piece {
            block: Block::Photo(Photo {
                caption,
                credit: Some(credit),
                image: None,
            }),
            line: caption_line,
            blank_before,
        });
    }

    fn finish(&mut self) {
        let Some(mut draft) = self.draft.take() else {
            return;
        };
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
                self.page
                    .items
                    .push(blank_item(ItemKind::Banner, Some(byline), draft.line));
                self.page.pieces.push(Vec::new());
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
        self.page.items.push(item);
        self.page.pieces.push(draft.body);
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

/// Records the jumps that open the first paragraph and close the last one, and takes the
/// forward markers (`（下转第二版）`) out of the text: a reader shows them once, as the link or
/// as a note that the page is missing. A marker back (`(上接第一版)`) stays until the part is
/// linked ([`strip_linked_markers`]), as nothing else would show it. Then the dateline.
pub fn find_jumps_and_dateline(item: &mut Item) {
    strip_markers(item, true, false);
    if item.continued_from.is_none() {
        let dateline = item.paragraphs().next().and_then(recognize::dateline);
        item.dateline = dateline;
    }
}

/// Takes the marker back out of every part that is linked to the part it continues (the
/// reader's divider `(上接第1版)` shows it). Run after linking.
pub fn strip_linked_markers(pages: &mut [super::model::Page]) {
    for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        if item.continued_from_id.is_some() {
            strip_markers(item, false, true);
        }
    }
}

/// Records the jumps of the first and last paragraph and removes the markers of the kinds
/// asked for; a paragraph that was only a marker goes.
fn strip_markers(item: &mut Item, strip_to: bool, strip_from: bool) {
    let is_paragraph = |b: &Block| matches!(b, Block::Paragraph(_));
    let (Some(first), Some(last)) = (
        item.body.iter().position(is_paragraph),
        item.body.iter().rposition(is_paragraph),
    ) else {
        return;
    };
    let mut emptied = Vec::new();
    for idx in if first == last {
        vec![first]
    } else {
        vec![first, last]
    } {
        let Block::Paragraph(text) = &mut item.body[idx] else {
            continue;
        };
        let spans = recognize::jump_spans(text);
        if spans.is_empty() {
            continue;
        }
        let mut kept = String::with_capacity(text.len());
        let mut at = 0;
        for (jump, label, range) in spans {
            let strip = match jump {
                Jump::From => strip_from,
                Jump::To => strip_to,
            };
            match jump {
                Jump::From if item.continued_from.is_none() => {
                    item.continued_from = Some(label);
                }
                Jump::To if item.continued_to.is_none() => item.continued_to = Some(label),
                _ => {}
            }
            if strip {
                kept.push_str(&text[at..range.start]);
                at = range.end;
            }
        }
        kept.push_str(&text[at..]);
        let kept = kept.trim();
        if kept.is_empty() {
            emptied.push(idx);
        } else {
            *text = kept.to_owned();
        }
    }
    for idx in emptied.into_iter().rev() {
        item.body.remove(idx);
    }
}
