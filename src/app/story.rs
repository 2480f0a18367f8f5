//! A story as the reader shows it: an article and the parts it continues on or from, set for a
//! column count in one scroll, with a jump line where one part continues on another page.
//! Positions are (part, paragraph, byte offset), so they survive any re-layout.

use unicode_width::UnicodeWidthStr;

use crate::edition::{Edition, Item};
use crate::typeset::{self, ArticleLine, Options, Position};

/// Where an item lives in the library: indices into editions, pages and items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub edition: usize,
    pub page: usize,
    pub item: usize,
}

/// One row of a story.
#[derive(Debug, Clone)]
pub enum StoryLine {
    /// A typeset line of part `part`.
    Text { part: usize, line: ArticleLine },
    /// The jump at the end of a part: `下转第3版 → c`. `target` is the part it leads to, when the
    /// edition has it.
    Jump {
        part: usize,
        text: String,
        target: Option<usize>,
        margin_cols: usize,
    },
    /// Space between parts.
    Gap { part: usize },
}

impl StoryLine {
    pub fn part(&self) -> usize {
        match self {
            StoryLine::Text { part, .. }
            | StoryLine::Jump { part, .. }
            | StoryLine::Gap { part } => *part,
        }
    }
}

/// A reading position that survives re-layout: a part and, inside its body, a paragraph and byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryPosition {
    pub part: usize,
    /// `None` means the top of the part (its header).
    pub at: Option<Position>,
}

/// The parts of a story, set for `cols` columns.
#[derive(Debug, Clone)]
pub struct Story {
    pub parts: Vec<ItemRef>,
    pub lines: Vec<StoryLine>,
    /// First line of each part.
    pub part_starts: Vec<usize>,
    pub cols: usize,
    /// Set in newspaper columns: the first part's header spans them all, set this wide.
    pub span_cols: Option<usize>,
    /// Lines at the start that span every column (the first part's header), 0 in one column.
    pub span_lines: usize,
    pub raw: bool,
}

/// Longest chain of continuations followed; real papers jump once or twice.
const MAX_PARTS: usize = 8;

impl Story {
    /// The story that `start` belongs to, from its first part to its last, and the index of
    /// `start` among the parts.
    pub fn build(
        editions: &[Edition],
        start: ItemRef,
        (cols, span_cols): (usize, Option<usize>),
        options: &Options,
        raw: bool,
    ) -> (Story, usize) {
        let parts = chain(editions, start);
        let start_part = parts.iter().position(|p| *p == start).unwrap_or(0);
        let mut story = Story {
            parts,
            lines: Vec::new(),
            part_starts: Vec::new(),
            cols,
            span_cols,
            span_lines: 0,
            raw,
        };
        story.lay_out(editions, options);
        (story, start_part)
    }

    /// Sets every part again (after a resize or a raw/normalised switch).
    pub fn lay_out(&mut self, editions: &[Edition], options: &Options) {
        let options = Options {
            normalize_punctuation: options.normalize_punctuation && !self.raw,
            ..options.clone()
        };
        self.lines.clear();
        self.part_starts.clear();
        self.span_lines = 0;
        for (n, part) in self.parts.iter().enumerate() {
            let Some(item) = item_at(editions, *part) else {
                continue;
            };
            if n > 0 {
                self.lines.push(StoryLine::Gap { part: n });
            }
            self.part_starts.push(self.lines.len());
            let mut layout = typeset::set_article(item, self.cols, &options);
            if n == 0
                && let Some(span) = self.span_cols
            {
                // The header across every column, the body in the columns.
                let wide = Options {
                    measure_cols: span,
                    ..options.clone()
                };
                let header = typeset::set_article(item, span, &wide).lines;
                let header: Vec<_> = header
                    .into_iter()
                    .take_while(|l| l.block_idx.is_none())
                    .collect();
                let body_from = layout
                    .lines
                    .iter()
                    .position(|l| l.block_idx.is_some())
                    .unwrap_or(layout.lines.len());
                self.span_lines = header.len();
                layout.lines.splice(..body_from, header);
            }
            let margin_cols = layout
                .lines
                .iter()
                .map(|l| l.margin_cols)
                .min()
                .unwrap_or(0);
            self.lines.extend(
                layout
                    .lines
                    .into_iter()
                    .map(|line| StoryLine::Text { part: n, line }),
            );
            if let Some(label) = &item.continued_to {
                let zh = editions.get(part.edition).is_some_and(Edition::is_chinese);
                let target = (n + 1 < self.parts.len()).then_some(n + 1);
                let text = jump_text(label, zh, target.is_some());
                self.lines.push(StoryLine::Gap { part: n });
                self.lines.push(StoryLine::Jump {
                    part: n,
                    text,
                    target,
                    margin_cols,
                });
            }
        }
    }

    /// The position shown when `line_idx` is the top line.
    pub fn position_of_line(&self, line_idx: usize) -> StoryPosition {
        let Some(line) = self.lines.get(line_idx) else {
            return StoryPosition {
                part: self.parts.len().saturating_sub(1),
                at: None,
            };
        };
        let part = line.part();
        let at = self.lines[line_idx..]
            .iter()
            .take_while(|l| l.part() == part)
            .find_map(|l| match l {
                StoryLine::Text { line, .. } => line.block_idx.map(|block_idx| Position {
                    block_idx,
                    byte_idx: line.src.start,
                }),
                _ => None,
            });
        // A header line keeps `None`: the part's top.
        let in_header = matches!(line, StoryLine::Text { line, .. } if line.block_idx.is_none())
            || line_idx == self.part_starts.get(part).copied().unwrap_or(0);
        StoryPosition {
            part,
            at: if in_header { None } else { at },
        }
    }

    /// The line that shows `pos` (the part's first line for its top).
    pub fn line_of_position(&self, pos: StoryPosition) -> usize {
        let start = self.part_starts.get(pos.part).copied().unwrap_or(0);
        let Some(at) = pos.at else { return start };
        self.lines
            .iter()
            .enumerate()
            .skip(start)
            .take_while(|(_, l)| l.part() == pos.part)
            .find_map(|(idx, l)| match l {
                StoryLine::Text { line, .. }
                    if line.block_idx == Some(at.block_idx) && (line.src.end > at.byte_idx || line.src.is_empty()) =>
                {
                    Some(idx)
                }
                _ => None,
            })
            .or_else(|| {
                // Past the end of the paragraph: the last line of it.
                self.lines.iter().rposition(|l| matches!(l, StoryLine::Text { part, line } if *part == pos.part && line.block_idx == Some(at.block_idx)))
            })
            .unwrap_or(start)
    }

    /// Display width of the widest line, margins included (for tests and sanity checks).
    pub fn max_cols(&self) -> usize {
        self.lines
            .iter()
            .map(|l| match l {
                StoryLine::Text { line, .. } => line.margin_cols + line.cols,
                StoryLine::Jump {
                    text, margin_cols, ..
                } => margin_cols + text.width(),
                StoryLine::Gap { .. } => 0,
            })
            .max()
            .unwrap_or(0)
    }
}

/// `下转第3版 → c`, `Continued on Page B2 → c`; without `→ c` when the page is not in the edition.
fn jump_text(label: &str, zh: bool, linked: bool) -> String {
    match (zh, linked) {
        (true, true) => format!("下转第{label}版 → c"),
        (true, false) => format!("下转第{label}版（本期未收录该版）"),
        (false, true) => format!("Continued on Page {label} → c"),
        (false, false) => format!("Continued on Page {label} (not in this edition)"),
    }
}

/// The item an [`ItemRef`] points at, if it still exists.
pub fn item_at(editions: &[Edition], at: ItemRef) -> Option<&Item> {
    editions
        .get(at.edition)?
        .pages
        .get(at.page)?
        .items
        .get(at.item)
}

/// Finds an item by id within one edition.
pub fn find_item(editions: &[Edition], edition: usize, id: &str) -> Option<ItemRef> {
    let e = editions.get(edition)?;
    e.pages.iter().enumerate().find_map(|(page, p)| {
        p.items.iter().position(|i| i.id == id).map(|item| ItemRef {
            edition,
            page,
            item,
        })
    })
}

/// The parts of `start`'s story in reading order: back along `continued_from_id` to the first
/// part, then forward along `continued_to_id`. Cycles and runaway chains stop at [`MAX_PARTS`].
fn chain(editions: &[Edition], start: ItemRef) -> Vec<ItemRef> {
    let mut head = start;
    for _ in 0..MAX_PARTS {
        let Some(prev) = item_at(editions, head)
            .and_then(|i| i.continued_from_id.as_deref())
            .and_then(|id| find_item(editions, start.edition, id))
        else {
            break;
        };
        if prev == start {
            break;
        }
        head = prev;
    }
    let mut parts = vec![head];
    while parts.len() < MAX_PARTS {
        let last = parts[parts.len() - 1];
        let Some(next) = item_at(editions, last)
            .and_then(|i| i.continued_to_id.as_deref())
            .and_then(|id| find_item(editions, start.edition, id))
        else {
            break;
        };
        if parts.contains(&next) {
            break;
        }
        parts.push(next);
    }
    if !parts.contains(&start) {
        return vec![start];
    }
    parts
}
