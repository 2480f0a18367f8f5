//! Column-break repair: text dumps cut paragraphs where the printed column ended, even inside a
//! word (`做好问题楼盘` | `处置。`, `社` | `会主义`, `the plan would` | `allow`). A paragraph that
//! does not end a sentence is re-joined with the paragraph that follows it.

use std::path::Path;

use super::model::{Block, Diagnostic, Severity};
use super::parse::needs_space;
use super::recognize::{self, Jump};

/// A body block with where it came from.
#[derive(Debug, Clone)]
pub struct Piece {
    pub block: Block,
    /// 1-based source line.
    pub line: usize,
    /// Blank lines between this block and the previous one.
    pub blank_before: usize,
}

/// Joins split paragraphs and returns the repaired blocks, reporting each join as a warning so
/// `kanbao check` shows what was changed. Never joins across a subhead, a gap of more than one
/// blank line, or a continuation marker.
pub fn rejoin(pieces: Vec<Piece>, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(pieces.len());
    let mut last_joinable = false;
    for piece in pieces {
        let Block::Paragraph(text) = piece.block else {
            out.push(piece.block);
            last_joinable = false;
            continue;
        };
        let opens_with_jump = text.starts_with(['(', '（'])
            && recognize::jumps(&text)
                .iter()
                .any(|(j, _)| *j == Jump::From);
        if last_joinable
            && piece.blank_before <= 1
            && !opens_with_jump
            && let Some(Block::Paragraph(prev)) = out.last_mut()
        {
            let tail: String = prev
                .chars()
                .rev()
                .take(6)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let head: String = text.chars().take(6).collect();
            diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    path: path.to_owned(),
                    line: Some(piece.line),
                    message: format!("paragraph split mid-sentence ('…{tail}' | '{head}…'); joined (column-break repair)"),
                });
            if needs_space(prev, &text) {
                prev.push(' ');
            }
            prev.push_str(&text);
            last_joinable = !recognize::ends_sentence(prev);
            continue;
        }
        last_joinable = !recognize::ends_sentence(&text) && !is_marker_only(&text);
        out.push(Block::Paragraph(text));
    }
    out
}

/// A paragraph that is nothing but a jump line (`Continued from Page A1`): it ends itself.
fn is_marker_only(text: &str) -> bool {
    text.chars().count() <= 32 && !recognize::jumps(text).is_empty()
}
