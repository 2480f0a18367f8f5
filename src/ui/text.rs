//! Fitting text into cells: truncation by display width with an ellipsis, and small helpers
//! shared by the panes.

use std::borrow::Cow;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::typeset::Ambiguous;

/// `text` cut to at most `cols` display columns, ending in `…` when cut. Never splits a
/// grapheme or lets a wide character straddle the edge.
pub fn fit(text: &str, cols: usize) -> String {
    fit_for(text, cols, Ambiguous::Narrow)
}

/// [`fit`] for a terminal that draws ambiguous characters as `amb` says.
pub fn fit_for(text: &str, cols: usize, amb: Ambiguous) -> String {
    if amb.str_cols(text) <= cols {
        return text.to_owned();
    }
    let ellipsis = amb.char_cols('…');
    if cols < ellipsis {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = amb.cluster_cols(g);
        if used + w > cols - ellipsis {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// The end of `text` in at most `cols` display columns, starting with `…` when cut: what
/// [`fit`] keeps of the start, kept of the end. Never splits a grapheme.
pub fn fit_tail(text: &str, cols: usize) -> String {
    let amb = Ambiguous::Narrow;
    if amb.str_cols(text) <= cols {
        return text.to_owned();
    }
    let Some(room) = cols.checked_sub(amb.char_cols('…')) else {
        return String::new();
    };
    let mut used = 0;
    let mut start = text.len();
    for (at, g) in text.grapheme_indices(true).rev() {
        let w = amb.cluster_cols(g);
        if used + w > room {
            break;
        }
        used += w;
        start = at;
    }
    format!("…{}", text[start..].trim_start_matches('…'))
}

/// Writes `text` at (`x`, `y`), at most `max_cols` columns, as the terminal will draw it, and
/// returns the column after it. For a terminal that draws ambiguous characters wide, each such
/// character is followed by a cell ratatui skips, so its diffing and the terminal agree on where
/// everything is. A cluster that would straddle `max_cols` is left out.
#[allow(
    dead_code,
    reason = "the panes switch to it with the wide-terminal change"
)]
pub fn put(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    text: &str,
    max_cols: usize,
    style: Style,
    amb: Ambiguous,
) -> u16 {
    if amb == Ambiguous::Narrow {
        return buf.set_stringn(x, y, text, max_cols, style).0;
    }
    let right = buf.area.right();
    let end = usize::from(x)
        .saturating_add(max_cols)
        .min(usize::from(right));
    let mut at = usize::from(x);
    for g in text.graphemes(true) {
        let cols = amb.cluster_cols(g);
        if at + cols > end {
            break;
        }
        let Ok(cx) = u16::try_from(at) else { break };
        let narrow = Ambiguous::Narrow.cluster_cols(g);
        buf.set_stringn(cx, y, g, narrow, style);
        for extra in narrow..cols {
            if let Some(cell) = buf.cell_mut((cx + extra as u16, y)) {
                cell.reset();
                cell.set_style(style);
                cell.set_diff_option(CellDiffOption::Skip);
            }
        }
        at += cols;
    }
    u16::try_from(at).unwrap_or(right)
}

/// For a terminal that draws ambiguous characters wide: every such character that was drawn
/// without the cell after it left free (borders, rules, markers, separators in titles and the
/// status line) becomes its ASCII stand-in, so no line runs past its pane. Text set for the
/// terminal ([`put`], the typesetter) keeps its real characters.
pub fn narrow_chrome(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let skip_after =
                x + 1 < area.right() && buf[(x + 1, y)].diff_option == CellDiffOption::Skip;
            let cell = &mut buf[(x, y)];
            if skip_after || cell.diff_option == CellDiffOption::Skip {
                continue;
            }
            let mut chars = cell.symbol().chars();
            // Clusters of several characters are never stood in for; the table (a plain match)
            // rules out most cells before any width is looked up.
            let (Some(c), None) = (chars.next(), chars.next()) else {
                continue;
            };
            if let Some(ascii) = ascii_stand_in(c)
                && Ambiguous::Wide.extra_cols(cell.symbol()) > 0
            {
                let mut tmp = [0u8; 4];
                cell.set_symbol(ascii.encode_utf8(&mut tmp));
            }
        }
    }
}

/// The ASCII character that stands in for an ambiguous-width one in a wide terminal's chrome.
fn ascii_stand_in(c: char) -> Option<char> {
    Some(match c {
        // Box drawing: lines by direction, every corner and junction a plus.
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '═' | '—' | '–' | '―' => {
            '-'
        }
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '║' => '|',
        // The selection marker, and arrows.
        '▌' | '▐' | '→' => '>',
        '\u{2500}'..='\u{257f}' => '+',
        '·' | '•' | '∙' | '‧' => '.',
        '★' | '☆' | '●' | '※' | '■' => '*',
        '○' | '◯' | '□' => 'o',
        '…' | '⋯' => '~',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '←' => '<',
        '↑' => '^',
        '↓' => 'v',
        '×' => 'x',
        _ => return None,
    })
}

/// Text as the reader shows it: in a Chinese edition (and unless the raw text was asked for,
/// which the caller folds into `normalize`), ASCII punctuation next to Han characters in its
/// full-width form.
pub fn shown(text: &str, normalize: bool) -> Cow<'_, str> {
    if normalize {
        Cow::Owned(crate::typeset::normalize(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// A one-line note in the middle of `area`, cut to fit.
pub fn centered_note(buf: &mut Buffer, area: Rect, note: &str, style: Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let note = fit(note, usize::from(area.width));
    let w = note.width() as u16;
    let x = area.x + (area.width.saturating_sub(w)) / 2;
    let y = area.y + area.height / 2;
    buf.set_stringn(x, y, &note, usize::from(area.width), style);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_tail_keeps_the_end() {
        assert_eq!(fit_tail("…潜移默化地影响", 20), "…潜移默化地影响");
        assert_eq!(fit_tail("…潜移默化地影响", 7), "…地影响");
        assert_eq!(fit_tail("…潜移默化地影响", 8), "…地影响");
        assert_eq!(fit_tail("abcdef", 4), "…def");
        assert_eq!(fit_tail("abcdef", 0), "");
        assert_eq!(fit_tail("abcdef", 1), "…");
    }

    #[test]
    fn chrome_turns_ascii_and_text_set_for_the_terminal_stays() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "│·─", Style::default());
        put(
            &mut buf,
            (3, 0),
            "“救”",
            9,
            Style::default(),
            Ambiguous::Wide,
        );
        narrow_chrome(&mut buf);
        let row: String = (0..12).map(|x| buf[(x, 0)].symbol().to_owned()).collect();
        assert!(row.starts_with("|.-“"), "{row:?}");
        assert_eq!(ascii_stand_in('▌'), Some('>'));
        assert!(row.contains('”'), "{row:?}");
    }

    #[test]
    fn wide_ambiguous_characters_get_a_skipped_cell_after_them() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let end = put(
            &mut buf,
            (0, 0),
            "“救”a",
            10,
            Style::default(),
            Ambiguous::Wide,
        );
        assert_eq!(end, 7);
        let symbols: Vec<(&str, bool)> = (0..7)
            .map(|x| {
                let cell = &buf[(x, 0)];
                (cell.symbol(), cell.diff_option == CellDiffOption::Skip)
            })
            .collect();
        assert_eq!(symbols[0], ("“", false));
        assert!(symbols[1].1, "the second column of “ is left to it");
        assert_eq!(symbols[2].0, "救");
        assert_eq!(symbols[4], ("”", false));
        assert!(symbols[5].1);
        assert_eq!(symbols[6], ("a", false));
        // What does not fit whole is left out, never cut.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        assert_eq!(
            put(&mut buf, (0, 0), "a“", 2, Style::default(), Ambiguous::Wide),
            1
        );
        assert_eq!(fit_for("“救助”", 5, Ambiguous::Wide), "“…");
        assert_eq!(fit_for("“救助”", 5, Ambiguous::Narrow), "“救…");
    }

    #[test]
    fn fits_by_display_width() {
        let cases = [
            ("新时代 新征程", 20, "新时代 新征程"),
            ("新时代 新征程", 6, "新时…"),
            ("新时代", 5, "新时…"),
            ("新时代", 4, "新…"),
            ("abc", 0, ""),
            ("abcdef", 4, "abc…"),
            ("👨‍👩‍👧x", 2, "…"),
        ];
        for (text, cols, want) in cases {
            assert_eq!(fit(text, cols), want, "{text:?} at {cols}");
            assert!(fit(text, cols).width() <= cols);
        }
    }
}
