//! Temporary stand-in with the typesetter's API; replaced by the real module.
#![allow(clippy::all, clippy::pedantic, missing_docs)]

use std::ops::Range;

use crate::edition::model::{Block, Item};

#[derive(Debug, Clone)]
pub struct Options {
    pub normalize_punctuation: bool,
    pub hanging_punctuation: bool,
    pub measure_cols: usize,
    pub indent: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            normalize_punctuation: true,
            hanging_punctuation: false,
            measure_cols: 80,
            indent: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Kicker,
    Headline,
    Subtitle,
    Column,
    Byline,
    Caption,
    Credit,
    Subhead,
    Body,
    Blank,
}

#[derive(Debug, Clone)]
pub struct ArticleLine {
    pub role: Role,
    pub text: String,
    pub cols: usize,
    pub margin_cols: usize,
    pub block_idx: Option<usize>,
    pub src: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub block_idx: usize,
    pub byte_idx: usize,
}

#[derive(Debug, Clone)]
pub struct ArticleLayout {
    pub lines: Vec<ArticleLine>,
    pub cols: usize,
}

impl ArticleLayout {
    pub fn position_of_line(&self, line_idx: usize) -> Option<Position> {
        self.lines.iter().skip(line_idx).find_map(|l| {
            l.block_idx.map(|b| Position {
                block_idx: b,
                byte_idx: l.src.start,
            })
        })
    }
    pub fn line_of_position(&self, pos: Position) -> usize {
        self.lines
            .iter()
            .position(|l| l.block_idx == Some(pos.block_idx) && l.src.end > pos.byte_idx)
            .unwrap_or(0)
    }
}

pub fn set_article(item: &Item, cols: usize, opts: &Options) -> ArticleLayout {
    let width = cols.min(opts.measure_cols).max(1);
    let margin = (cols.saturating_sub(width)) / 2;
    let mut lines = Vec::new();
    let push = |role: Role, text: &str, block: Option<usize>, lines: &mut Vec<ArticleLine>| {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut start = 0;
        let mut cur = String::new();
        let mut w = 0;
        for (i, c) in chars {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw > width && !cur.is_empty() {
                lines.push(ArticleLine {
                    role,
                    text: std::mem::take(&mut cur),
                    cols: w,
                    margin_cols: margin,
                    block_idx: block,
                    src: start..i,
                });
                start = i;
                w = 0;
            }
            cur.push(c);
            w += cw;
        }
        lines.push(ArticleLine {
            role,
            text: cur,
            cols: w,
            margin_cols: margin,
            block_idx: block,
            src: start..text.len(),
        });
    };
    for (role, text) in [
        (Role::Kicker, &item.kicker),
        (Role::Headline, &item.headline),
        (Role::Subtitle, &item.subtitle),
        (Role::Column, &item.column),
        (Role::Byline, &item.byline),
        (Role::Caption, &item.caption),
        (Role::Credit, &item.credit),
    ] {
        if let Some(t) = text {
            push(role, t, None, &mut lines);
        }
    }
    for (i, b) in item.body.iter().enumerate() {
        lines.push(ArticleLine {
            role: Role::Blank,
            text: String::new(),
            cols: 0,
            margin_cols: margin,
            block_idx: None,
            src: 0..0,
        });
        let role = if matches!(b, Block::Subhead(_)) {
            Role::Subhead
        } else {
            Role::Body
        };
        push(role, b.text(), Some(i), &mut lines);
    }
    ArticleLayout { lines, cols }
}

pub fn to_plain(layout: &ArticleLayout) -> String {
    let mut s = String::new();
    for l in &layout.lines {
        s.push_str(&" ".repeat(l.margin_cols));
        s.push_str(&l.text);
        s.push('\n');
    }
    s
}
