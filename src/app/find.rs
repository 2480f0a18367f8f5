//! Find in the open story: matches are searched in the stored paragraph text (so a match that a
//! line break splits is still one match) and mapped onto the typeset lines for highlighting.

use std::ops::Range;

use super::story::{Story, StoryLine, item_at};
use super::text_match::{find_all_of, find_needles};
use crate::edition::{Block, Edition};
use crate::library::search::Needle;

/// One highlighted piece of a match on one line (a match split by a line break has two).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    /// Bytes of the line's display text.
    pub bytes: Range<usize>,
    /// Which match this piece belongs to.
    pub match_idx: usize,
}

/// The first line of a match, for `n`/`N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
}

/// A search within the open story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Find {
    pub query: String,
    pub matches: Vec<Match>,
    pub marks: Vec<Mark>,
    /// Index into `matches` of the current match.
    pub current: usize,
}

impl Find {
    pub fn new(query: &str, story: &Story, editions: &[Edition]) -> Find {
        let mut find = Find {
            query: query.to_owned(),
            matches: Vec::new(),
            marks: Vec::new(),
            current: 0,
        };
        find.refresh(story, editions);
        find
    }

    /// Recomputes matches after the story was laid out again; keeps the current index in range.
    pub fn refresh(&mut self, story: &Story, editions: &[Edition]) {
        self.matches.clear();
        self.marks.clear();
        let needles = find_needles(&self.query);
        if needles.is_empty() {
            return;
        }
        let mut idx = 0;
        while idx < story.lines.len() {
            let StoryLine::Text { part, line } = &story.lines[idx] else {
                idx += 1;
                continue;
            };
            match line.block_idx {
                None => {
                    for bytes in find_all_of(&line.text, &needles) {
                        self.marks.push(Mark {
                            line: idx,
                            bytes,
                            match_idx: self.matches.len(),
                        });
                        self.matches.push(Match { line: idx });
                    }
                    idx += 1;
                }
                Some(block) => {
                    // All lines of this paragraph.
                    let end = story.lines[idx..]
                        .iter()
                        .position(|l| !matches!(l, StoryLine::Text { part: p, line } if p == part && line.block_idx == Some(block)))
                        .map_or(story.lines.len(), |n| idx + n);
                    let body = story
                        .parts
                        .get(*part)
                        .and_then(|at| item_at(editions, *at))
                        .and_then(|item| item.body.get(block));
                    if let Some(source) = body.map(Block::text) {
                        self.mark_paragraph(story, idx..end, source, &needles);
                    }
                    if let Some(Block::Photo(photo)) = body
                        && let Some(credit) = &photo.credit
                    {
                        self.mark_credit(story, idx..end, credit, &needles);
                    }
                    idx = end;
                }
            }
        }
        self.current = self.current.min(self.matches.len().saturating_sub(1));
    }

    fn mark_paragraph(
        &mut self,
        story: &Story,
        lines: Range<usize>,
        source: &str,
        needles: &[Needle],
    ) {
        for hit in find_all_of(source, needles) {
            let match_idx = self.matches.len();
            let mut first_line = None;
            for line_idx in lines.clone() {
                let Some(line) = story.lines[line_idx].text_line() else {
                    continue;
                };
                let overlap = hit.start.max(line.src.start)..hit.end.min(line.src.end);
                if overlap.is_empty() {
                    continue;
                }
                if let Some(bytes) = display_bytes(&line.text, source, &line.src, &overlap) {
                    first_line.get_or_insert(line_idx);
                    self.marks.push(Mark {
                        line: line_idx,
                        bytes,
                        match_idx,
                    });
                }
            }
            if let Some(line) = first_line {
                self.matches.push(Match { line });
            }
        }
    }

    /// A photo's credit, shown after its caption (`[图] caption — credit`). The typeset lines map
    /// it to the caption's end, so its matches are found in the credit itself and marked where
    /// the photo's lines show it. A credit a line break cuts in two is still counted (`n` and
    /// `N` go to the photo) but not highlighted.
    fn mark_credit(
        &mut self,
        story: &Story,
        lines: Range<usize>,
        credit: &str,
        needles: &[Needle],
    ) {
        let shown = credit.replace('\n', " ");
        let hits = find_all_of(&shown, needles);
        if hits.is_empty() {
            return;
        }
        let placed = lines.clone().rev().find_map(|idx| {
            let at = story.lines[idx].text_line()?.text.rfind(&shown)?;
            Some((idx, at))
        });
        for hit in hits {
            let line = match placed {
                Some((line, at)) => {
                    self.marks.push(Mark {
                        line,
                        bytes: at + hit.start..at + hit.end,
                        match_idx: self.matches.len(),
                    });
                    line
                }
                None => lines.end - 1,
            };
            self.matches.push(Match { line });
        }
    }

    /// Marks on one line, in order.
    pub fn marks_on(&self, line: usize) -> impl Iterator<Item = &Mark> {
        self.marks.iter().filter(move |m| m.line == line)
    }
}

/// Maps a byte range of the source paragraph onto a line's display text. The display text is
/// the indent followed by one character per source character (normalisation swaps characters
/// one for one); when that does not hold (expanded tabs), the match is not highlighted. A
/// photo's lines also show text after the caption (` — credit`): where the line's source text
/// is found as it is, it is taken from there, not from the end.
fn display_bytes(
    text: &str,
    source: &str,
    src: &Range<usize>,
    overlap: &Range<usize>,
) -> Option<Range<usize>> {
    let shown = source.get(src.clone())?;
    let indent = match text.find(shown) {
        Some(at) if !shown.is_empty() => text[..at].chars().count(),
        _ => text.chars().count().checked_sub(shown.chars().count())?,
    };
    let c0 = source.get(src.start..overlap.start)?.chars().count();
    let c1 = source.get(src.start..overlap.end)?.chars().count();
    let byte_at = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
    Some(byte_at(indent + c0)..byte_at(indent + c1))
}
