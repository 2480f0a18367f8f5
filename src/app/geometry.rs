//! Where each pane goes for a terminal size: wide terminals (≥ 120 columns) show pages,
//! headlines and reader side by side; medium (80–119) a list and the reader; narrow (< 80) one
//! pane at a time. While an article is read it gets at least its measure whenever the terminal
//! is that wide: the lists shrink or fold away (the pages pane first), and `z` gives it the
//! whole width. Shared by `update` (paging, mouse hit-testing) and drawing.

use ratatui::layout::Rect;

use super::Focus;

/// Smallest terminal kanbao draws into; below it, a "terminal too small" note.
pub const MIN_COLS: u16 = 20;
pub const MIN_ROWS: u16 = 6;
/// Width at which three panes fit.
pub const WIDE_COLS: u16 = 120;
/// Width at which a list and the reader fit side by side.
pub const MEDIUM_COLS: u16 = 80;

/// The narrowest useful headline list, in columns (border included).
pub const MIN_LIST_COLS: u16 = 24;
/// The widest headline list: more is better spent on the article.
const MAX_LIST_COLS: u16 = 56;

/// What the layout depends on besides the terminal's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub focus: Focus,
    /// `z`: while reading, the article alone at the full width.
    pub full_width: bool,
    /// Columns the pages pane needs for its labels and counts, border included; 0 folds it away
    /// (an edition of one page) unless it has the keyboard.
    pub pages_cols: u16,
    /// The article's measure (text columns); the reading pane gets it plus its border.
    pub measure_cols: u16,
}

impl Shape {
    /// The layout kanbao had before it knew the edition: pages 22 columns, measure 80.
    pub fn plain(focus: Focus) -> Shape {
        Shape {
            focus,
            full_width: false,
            pages_cols: 22,
            measure_cols: 80,
        }
    }
}

/// Where an overlay (help, the library, results, bookmarks, photos) is drawn over `body`:
/// narrow terminals give it the whole width, wider ones keep a frame of panes around it.
pub fn overlay_area(body: Rect) -> Rect {
    let w = if body.width < 60 {
        body.width
    } else {
        body.width.saturating_sub(4).min(90)
    };
    let h = if body.height < 16 {
        body.height
    } else {
        body.height.saturating_sub(2)
    };
    Rect::new(
        body.x + (body.width - w) / 2,
        body.y + (body.height - h) / 2,
        w,
        h,
    )
}

/// Inside an overlay's border.
pub fn overlay_inner(body: Rect) -> Rect {
    let area = overlay_area(body);
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// The first of `len` rows shown in `height` rows with row `selected` in the middle where the
/// list is long enough (the library: a date gone to shows the days around it).
pub fn centered_offset(selected: usize, len: usize, height: usize) -> usize {
    selected
        .saturating_sub(height / 2)
        .min(len.saturating_sub(height))
}

/// How many entries of `rows_each` rows fit in `height` rows (at least one), and the first one
/// shown with `selected` the last in view when it is past the first screen (results,
/// bookmarks).
pub fn entries_in_view(selected: usize, rows_each: usize, height: usize) -> (usize, usize) {
    let per_page = (height / rows_each.max(1)).max(1);
    (per_page, selected.saturating_sub(per_page - 1))
}

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
    /// Lays out a `cols`×`rows` terminal for the given focus, pages 22 columns wide.
    pub fn compute(cols: u16, rows: u16, focus: Focus) -> Panes {
        Panes::lay_out(cols, rows, Shape::plain(focus))
    }

    /// Lays out a `cols`×`rows` terminal for `shape`.
    pub fn lay_out(cols: u16, rows: u16, shape: Shape) -> Panes {
        let focus = shape.focus;
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
        // Pages fold away for a one-page edition unless they have the keyboard.
        let pages_w = if focus == Focus::Pages {
            shape.pages_cols.max(12)
        } else {
            shape.pages_cols
        };
        let reading = focus == Focus::Reader;
        let article_w = shape.measure_cols.saturating_add(2);
        if reading && shape.full_width && cols >= MIN_COLS {
            panes.reader = Some(body);
        } else if reading && cols >= MEDIUM_COLS {
            // The article first: its measure, then what is left for the lists.
            let rest = cols.saturating_sub(article_w);
            let (pages_part, list_part) =
                if cols >= WIDE_COLS && pages_w > 0 && rest >= pages_w + MIN_LIST_COLS {
                    (pages_w, (rest - pages_w).min(MAX_LIST_COLS))
                } else if rest >= MIN_LIST_COLS {
                    (0, rest.min(MAX_LIST_COLS))
                } else {
                    (0, 0)
                };
            if pages_part > 0 {
                panes.pages = Some(split(0, pages_part));
            }
            if list_part > 0 {
                panes.headlines = Some(split(pages_part, list_part));
            }
            panes.reader = Some(split(pages_part + list_part, cols - pages_part - list_part));
        } else if cols >= WIDE_COLS {
            let list_w = (cols * 2 / 5).clamp(36, MAX_LIST_COLS);
            if pages_w > 0 {
                panes.pages = Some(split(0, pages_w));
            }
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
