//! Fitting text into cells: truncation by display width with an ellipsis, and small helpers
//! shared by the panes.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `text` cut to at most `cols` display columns, ending in `…` when cut. Never splits a
/// grapheme or lets a wide character straddle the edge.
pub fn fit(text: &str, cols: usize) -> String {
    if text.width() <= cols {
        return text.to_owned();
    }
    if cols == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > cols - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
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
