//! Newspaper columns on a wide reading pane: a story is set at the width of one column, and a
//! spread shows the lines from `top` down the first column and on into the next, like a page of
//! a newspaper. The header of a story (kicker, headline, subtitle, byline) spans every column.
//!
//! A spread is `count` columns of `rows` lines; paging moves a whole spread, a line step moves
//! the spread by one line. The last spread of a story is balanced: its columns share what is
//! left, so they end at about the same height.

use std::ops::Range;

use crate::config::Columns;

/// Columns between two columns: a space, a thin rule, a space.
pub const GUTTER: usize = 3;
/// With `columns = "auto"`, no column is set narrower than this (28 Han characters), or than
/// the measure when that is narrower.
pub const AUTO_MIN_COLS: usize = 56;
/// Never more columns than this.
pub const MAX_COLUMNS: usize = 4;
/// With a fixed count, a column is never narrower than this; fewer columns are set instead.
pub const MIN_COLS: usize = 16;

/// How a reading pane is divided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// Columns side by side (1 on narrow panes).
    pub count: usize,
    /// Width of each column: the story is set at this width.
    pub col_cols: usize,
    /// Columns left empty at the pane's left so the spread sits in the middle.
    pub lead: usize,
}

/// Where a line of the story is drawn in a spread: which column and row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The header lines that span every column, from the top of the pane.
    pub spanning: Range<usize>,
    /// Each column's lines, left to right, below the spanning lines.
    pub columns: Vec<Range<usize>>,
}

impl Spread {
    /// The spread for a pane `inner_cols` wide. `measure` is the widest a line may be.
    pub fn for_pane(inner_cols: usize, measure: usize, setting: Columns) -> Spread {
        let measure = if measure == 0 { inner_cols } else { measure };
        let fits = |count: usize, min: usize| {
            let room = inner_cols.saturating_sub((count - 1) * GUTTER);
            (room / count >= min).then_some(room / count)
        };
        let (count, width) = match setting {
            // Columns as close to the measure as the pane allows (never wider): as many as
            // measures fit, rounded up, fewer while they would be narrower than the minimum.
            Columns::Auto => {
                let most = (inner_cols + GUTTER)
                    .div_ceil(measure + GUTTER)
                    .clamp(1, MAX_COLUMNS);
                (2..=most)
                    .rev()
                    .find_map(|n| fits(n, AUTO_MIN_COLS.min(measure)).map(|w| (n, w)))
                    .unwrap_or((1, inner_cols))
            }
            Columns::Fixed(n) => (1..=usize::from(n).clamp(1, MAX_COLUMNS))
                .rev()
                .find_map(|n| fits(n, MIN_COLS).map(|w| (n, w)))
                .unwrap_or((1, inner_cols)),
        };
        if count == 1 {
            // One column: the story is set for the pane and centres itself within the measure.
            return Spread {
                count: 1,
                col_cols: inner_cols,
                lead: 0,
            };
        }
        let col_cols = width.min(measure);
        let used = count * col_cols + (count - 1) * GUTTER;
        Spread {
            count,
            col_cols,
            lead: inner_cols.saturating_sub(used) / 2,
        }
    }

    /// The x offset of column `idx` in the pane.
    pub fn column_x(&self, idx: usize) -> usize {
        self.lead + idx * (self.col_cols + GUTTER)
    }

    /// The width of the whole spread (for lines that span it).
    pub fn span_cols(&self) -> usize {
        self.count * self.col_cols + (self.count - 1) * GUTTER
    }

    /// Lines a full spread shows with no spanning header: a page step.
    pub fn page(&self, rows: usize) -> usize {
        (self.count * rows).max(1)
    }

    /// Arranges the story's lines from `top` in a pane `rows` high. `spans(i)` says whether line
    /// `i` spans every column (a header line); only a run of them at `top` is drawn spanning. The
    /// ranges are contiguous and in reading order: spanning, then column 1, column 2, …
    pub fn place(
        &self,
        total: usize,
        top: usize,
        rows: usize,
        spans: impl Fn(usize) -> bool,
    ) -> Placed {
        let top = top.min(total);
        let mut span_end = top;
        if self.count > 1 {
            while span_end < total && span_end - top < rows && spans(span_end) {
                span_end += 1;
            }
        }
        let rows_left = rows - (span_end - top);
        let mut columns = Vec::with_capacity(self.count);
        let left = total - span_end;
        // The last spread shares what is left, so its columns end at about the same height.
        let per_column = if left <= self.count * rows_left {
            left.div_ceil(self.count)
        } else {
            rows_left
        };
        let mut at = span_end;
        for _ in 0..self.count {
            let end = (at + per_column).min(total);
            columns.push(at..end);
            at = end;
        }
        Placed {
            spanning: top..span_end,
            columns,
        }
    }
}

impl Placed {
    /// Every line shown, in reading order.
    pub fn shown(&self) -> Range<usize> {
        let end = self.columns.last().map_or(self.spanning.end, |c| c.end);
        self.spanning.start..end
    }

    /// The line drawn at row `row` (from the pane's top) in column `column`, if any.
    pub fn line_at(&self, column: usize, row: usize) -> Option<usize> {
        let spanning = self.spanning.len();
        if row < spanning {
            return Some(self.spanning.start + row);
        }
        let range = self.columns.get(column)?;
        let line = range.start + (row - spanning);
        range.contains(&line).then_some(line)
    }

    /// Where line `line` is drawn: (column, row), if shown.
    pub fn position_of(&self, line: usize) -> Option<(usize, usize)> {
        if self.spanning.contains(&line) {
            return Some((0, line - self.spanning.start));
        }
        let spanning = self.spanning.len();
        self.columns
            .iter()
            .position(|c| c.contains(&line))
            .map(|column| (column, spanning + line - self.columns[column].start))
    }
}

/// Which column of `spread` the pane column `x` is in (a click in a gutter goes to the column on
/// its left; in the lead, to the first).
pub fn column_at(spread: &Spread, x: usize) -> usize {
    let offset = x.saturating_sub(spread.lead);
    (offset / (spread.col_cols + GUTTER)).min(spread.count - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn auto_sets_columns_only_where_two_fit() {
        // An 80-column pane: one column, as before.
        assert_eq!(Spread::for_pane(78, 80, Columns::Auto).count, 1);
        // A 240-column terminal's reading pane (158 inside): two columns of 77.
        let two = Spread::for_pane(158, 80, Columns::Auto);
        assert_eq!((two.count, two.col_cols), (2, 77));
        assert!(two.span_cols() + 2 * two.lead <= 158);
        // A whole 240-column pane: three columns close to the measure.
        let three = Spread::for_pane(238, 80, Columns::Auto);
        assert_eq!((three.count, three.col_cols), (3, 77));
        // 120 inside: two columns of 58 rather than one of 80 and 40 empty.
        assert_eq!(Spread::for_pane(120, 80, Columns::Auto).col_cols, 58);
        // A narrower measure allows narrower columns.
        assert_eq!(Spread::for_pane(100, 40, Columns::Auto).count, 2);
        // Fixed counts give way when the columns would be too narrow.
        assert_eq!(Spread::for_pane(60, 80, Columns::Fixed(3)).count, 3);
        assert_eq!(Spread::for_pane(40, 80, Columns::Fixed(4)).count, 2);
        assert_eq!(Spread::for_pane(20, 80, Columns::Fixed(4)).count, 1);
        assert_eq!(Spread::for_pane(200, 80, Columns::Fixed(1)).count, 1);
    }

    #[test]
    fn a_spread_reads_down_each_column_and_balances_the_last() {
        let spread = Spread::for_pane(158, 80, Columns::Auto);
        // 100 lines, 10 rows: a full spread is 20 lines.
        let placed = spread.place(100, 0, 10, |_| false);
        assert_eq!(placed.columns, vec![0..10, 10..20]);
        // The last 7 lines: columns of 4 and 3, not 7 and 0.
        let last = spread.place(100, 93, 10, |_| false);
        assert_eq!(last.columns, vec![93..97, 97..100]);
        // A header of 3 lines spans; the columns start below it with 7 rows each.
        let header = spread.place(100, 0, 10, |i| i < 3);
        assert_eq!(header.spanning, 0..3);
        assert_eq!(header.columns, vec![3..10, 10..17]);
        assert_eq!(
            header.line_at(1, 0),
            Some(0),
            "a spanning row in any column"
        );
        assert_eq!(header.line_at(1, 3), Some(10));
        assert_eq!(header.position_of(12), Some((1, 5)));
        assert_eq!(header.line_at(1, 10), None);
        // Clicks: the lead and gutters go to the nearest column on the left.
        assert_eq!(column_at(&spread, 0), 0);
        assert_eq!(column_at(&spread, spread.column_x(1)), 1);
        assert_eq!(column_at(&spread, 157), 1);
    }

    proptest! {
        /// Paging through a story spread by spread shows every line exactly once, in order, and
        /// no column is taller than the pane.
        #[test]
        fn paging_shows_every_line_once_in_order(
            total in 0usize..400,
            rows in 1usize..40,
            inner in 20usize..260,
            header in 0usize..6,
        ) {
            let spread = Spread::for_pane(inner, 80, Columns::Auto);
            let mut seen = Vec::new();
            let mut top = 0;
            while top < total {
                let placed = spread.place(total, top, rows, |i| i < header);
                prop_assert!(placed.spanning.len() <= rows);
                for column in &placed.columns {
                    prop_assert!(column.len() + placed.spanning.len() <= rows);
                }
                let shown = placed.shown();
                prop_assert_eq!(shown.start, top);
                seen.extend(placed.spanning.clone());
                for column in &placed.columns {
                    seen.extend(column.clone());
                }
                prop_assert!(shown.end > top, "progress");
                top = shown.end;
            }
            prop_assert_eq!(seen, (0..total).collect::<Vec<_>>());
        }
    }
}
