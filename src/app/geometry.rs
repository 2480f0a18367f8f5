//! Where each pane goes for a terminal size: wide terminals (≥ 120 columns) show pages,
//! headlines and reader side by side; medium (80–119) a list and the reader; narrow (< 80) one
//! pane at a time. Shared by `update` (paging, mouse hit-testing) and drawing.

use ratatui::layout::Rect;

use super::Focus;

/// Smallest terminal kanbao draws into; below it, a "terminal too small" note.
pub const MIN_COLS: u16 = 20;
pub const MIN_ROWS: u16 = 6;
/// Width at which three panes fit.
pub const WIDE_COLS: u16 = 120;
/// Width at which a list and the reader fit side by side.
pub const MEDIUM_COLS: u16 = 80;

/// The panes of one frame. A pane that is not shown is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub title: Rect,
    pub pages: Option<Rect>,
    pub headlines: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
    /// The whole area between title and status (overlays go here).
    pub body: Rect,
    pub too_small: bool,
}

impl Panes {
    /// Lays out a `cols`×`rows` terminal for the given focus.
    pub fn compute(cols: u16, rows: u16, focus: Focus) -> Panes {
        let area = Rect::new(0, 0, cols, rows);
        if cols < MIN_COLS || rows < MIN_ROWS {
            return Panes {
                body: area,
                too_small: true,
                ..Panes::default()
            };
        }
        let title = Rect::new(0, 0, cols, 1);
        let status = Rect::new(0, rows - 1, cols, 1);
        let body = Rect::new(0, 1, cols, rows - 2);
        let split = |x: u16, w: u16| Rect::new(x, body.y, w, body.height);
        let mut panes = Panes {
            title,
            status,
            body,
            ..Panes::default()
        };
        if cols >= WIDE_COLS {
            let pages_w = 22;
            let list_w = (cols * 2 / 5).clamp(36, 56);
            panes.pages = Some(split(0, pages_w));
            panes.headlines = Some(split(pages_w, list_w));
            panes.reader = Some(split(pages_w + list_w, cols - pages_w - list_w));
        } else if cols >= MEDIUM_COLS {
            let list_w = (cols * 2 / 5).clamp(32, 44);
            let list = Some(split(0, list_w));
            if focus == Focus::Pages {
                panes.pages = list;
            } else {
                panes.headlines = list;
            }
            panes.reader = Some(split(list_w, cols - list_w));
        } else {
            let whole = Some(body);
            match focus {
                Focus::Pages => panes.pages = whole,
                Focus::Headlines => panes.headlines = whole,
                Focus::Reader => panes.reader = whole,
            }
        }
        panes
    }
}

/// The inside of a bordered pane.
pub fn inner(rect: Rect) -> Rect {
    Rect::new(
        rect.x.saturating_add(1),
        rect.y.saturating_add(1),
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_by_width() {
        let wide = Panes::compute(120, 40, Focus::Headlines);
        assert!(wide.pages.is_some() && wide.headlines.is_some() && wide.reader.is_some());
        let widths: u16 = [wide.pages, wide.headlines, wide.reader]
            .iter()
            .flatten()
            .map(|r| r.width)
            .sum();
        assert_eq!(widths, 120);
        let medium = Panes::compute(80, 24, Focus::Headlines);
        assert!(medium.pages.is_none() && medium.headlines.is_some() && medium.reader.is_some());
        let medium_pages = Panes::compute(100, 24, Focus::Pages);
        assert!(medium_pages.pages.is_some() && medium_pages.headlines.is_none());
        let narrow = Panes::compute(40, 20, Focus::Reader);
        assert_eq!(narrow.reader, Some(Rect::new(0, 1, 40, 18)));
        assert!(narrow.pages.is_none() && narrow.headlines.is_none());
        for (cols, rows) in [(0, 0), (1, 1), (19, 30), (200, 5)] {
            assert!(
                Panes::compute(cols, rows, Focus::Reader).too_small,
                "{cols}x{rows}"
            );
        }
    }
}
