//! Sets one paragraph at a column count: greedy first-fit over the unbreakable units (push-out
//! falls out of the break rules), optional hanging punctuation, the Chinese indent, and cuts at
//! cluster boundaries for a unit wider than the line.

use std::ops::Range;

use super::classes::{Script, is_break_space, script_of};
use super::display::Display;
use super::segment::{Unit, for_each_unit, grapheme_at, is_soft};
use super::{Ambiguous, Options};

/// The paragraph indent: two ideographic spaces.
const INDENT: &str = "\u{3000}\u{3000}";
const INDENT_COLS: usize = 4;
/// Width of the margin reserved for a hanging mark.
const HANG_COLS: usize = 2;
/// Hanging punctuation needs room for the margin and some text.
const MIN_COLS_FOR_HANGING: usize = 6;
/// The indent is dropped when the line could not hold it and a Han character.
const MIN_COLS_FOR_INDENT: usize = INDENT_COLS + 2;
/// Shown instead of a cluster that is wider than the whole line (a Han character at width 1).
const REPLACEMENT: char = '\u{FFFD}';
/// The stand-in where U+FFFD would take two columns (ambiguous characters drawn wide).
const NARROW_REPLACEMENT: char = '?';

/// One set line of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What to display: the indent (first line of a Chinese paragraph), then the text with tabs as
    /// spaces and, when normalising, ASCII marks next to Han text shown full-width. Never holds
    /// a control character; never starts or ends with a break space.
    pub text: String,
    /// Byte range of this line's content in the source paragraph (the indent has none). The
    /// ranges of a paragraph's lines are non-empty, in order, and only break spaces lie between
    /// them or around them.
    pub src: Range<usize>,
    /// Display width of `text` in columns; at most the column count the paragraph was set at.
    pub cols: usize,
}

/// Sets `text` (one paragraph, sanitised: no control characters except tabs) in lines of at most
/// `cols` columns.
///
/// - The script is decided per paragraph: text whose Han characters (at 2 columns each) cover at
///   least as many columns as its other letters gets the Chinese rules, the indent
///   (`opts.indent`) and full-width punctuation (`opts.normalize_punctuation`); anything else is
///   set by UAX #14 with the never-start/never-end lists and no indent (the caller sets Latin
///   paragraphs apart with a blank line).
/// - Leading and trailing spaces of the paragraph and spaces at a break are dropped. U+2028 and
///   U+2029 force a break.
/// - `cols == 0` gives no lines. Below 6 columns the indent and hanging punctuation are off.
/// - A unit (word, number, URL, `“好。”`) wider than the line starts a new line and is cut at
///   cluster boundaries, at points that keep the never-start/never-end rules when there are
///   any; when the last cut had to break them, the rest of the unit keeps its line to itself.
///   A single cluster wider than the whole line (a Han character at width 1) is shown as one
///   U+FFFD REPLACEMENT CHARACTER on its own line, whose `src` still covers the cluster: no line
///   is ever wider than `cols`, and no text is lost from the source mapping.
/// - Text that is not clean is a bug in the caller (debug builds panic); release builds sanitise
///   it first, and `src` then points at the matching bytes of the raw text as nearly as the
///   deleted escape sequences allow.
pub fn set_paragraph(text: &str, cols: usize, opts: &Options) -> Vec<Line> {
    let mut lines = Vec::new();
    let script = script_of(text);
    set_each(text, script, cols, opts, opts.indent, &mut |line| {
        lines.push(line);
    });
    lines
}

/// [`set_paragraph`] with the indent decided by the caller (headings are never indented),
/// handing each line to `sink` as soon as it is set, for `script` (what
/// [`script_of`] says of `text`): a paragraph of millions of lines (5 MB without a space at one
/// column) is printed without holding its lines.
pub(crate) fn set_each(
    text: &str,
    script: Script,
    cols: usize,
    opts: &Options,
    indent: bool,
    sink: &mut dyn FnMut(Line),
) {
    debug_assert!(
        crate::edition::sanitize::is_clean(text),
        "the loader sanitises text before it is typeset: {text:?}"
    );
    if cols == 0 {
        return;
    }
    let chinese = script == Script::Chinese;
    let display = Display::new(text, chinese && opts.normalize_punctuation);
    let reserve = if opts.hanging_punctuation && cols >= MIN_COLS_FOR_HANGING {
        HANG_COLS
    } else {
        0
    };
    let measure = cols - reserve;
    let indent_cols = if chinese && indent && measure >= MIN_COLS_FOR_INDENT {
        INDENT_COLS
    } else {
        0
    };
    let mut fitter = Fitter {
        display: &display,
        sink,
        first: true,
        measure,
        reserve,
        indent_cols,
        open: false,
        start: 0,
        end: 0,
        cols: 0,
        ws_cols: 0,
        amb: opts.ambiguous,
    };
    for_each_unit(&display.text, chinese, opts.ambiguous, |unit| {
        fitter.push(unit);
    });
    fitter.flush();
}

/// Greedy first-fit state for one paragraph.
struct Fitter<'a> {
    display: &'a Display<'a>,
    /// Where each line goes once it is set.
    sink: &'a mut dyn FnMut(Line),
    /// No line has been set yet (the next one carries the indent).
    first: bool,
    /// Columns for text: the line width less the hanging margin.
    measure: usize,
    /// The hanging margin (0 when hanging is off).
    reserve: usize,
    /// Indent of the first line (0 when none).
    indent_cols: usize,
    /// The current line has content `start..end` (display bytes) of `cols` columns.
    open: bool,
    start: usize,
    end: usize,
    cols: usize,
    /// Columns of the spaces after the current line's last unit.
    ws_cols: usize,
    /// How wide ambiguous characters are drawn.
    amb: Ambiguous,
}

enum Fit {
    Fits,
    Hangs,
    Overflows,
}

impl Fitter<'_> {
    /// Columns available for content on the current line.
    fn avail(&self) -> usize {
        if self.first {
            self.measure - self.indent_cols
        } else {
            self.measure
        }
    }

    fn fit(&self, unit: &Unit) -> Fit {
        let need = if self.open {
            self.cols + self.ws_cols + unit.cols
        } else {
            unit.cols
        };
        let avail = self.avail();
        if need <= avail {
            Fit::Fits
        } else if self.reserve > 0
            && unit.hang_cols > 0
            && need - unit.hang_cols <= avail
            && need <= avail + self.reserve
        {
            Fit::Hangs
        } else {
            Fit::Overflows
        }
    }

    fn push(&mut self, unit: &Unit) {
        loop {
            match self.fit(unit) {
                Fit::Fits => {
                    self.append(unit);
                    if unit.forced {
                        self.flush();
                    }
                    return;
                }
                Fit::Hangs => {
                    // The mark sits in the margin, so nothing may follow it on this line.
                    self.append(unit);
                    self.flush();
                    return;
                }
                Fit::Overflows if self.open => self.flush(),
                Fit::Overflows => {
                    // After a cut that broke the rules, the rest of the unit keeps its line
                    // to itself; after a clean cut, text may follow it.
                    let clean = self.cut(unit);
                    if unit.forced || !clean {
                        self.flush();
                    }
                    return;
                }
            }
        }
    }

    fn append(&mut self, unit: &Unit) {
        if self.open {
            self.cols += self.ws_cols + unit.cols;
        } else {
            self.open = true;
            self.start = unit.start;
            self.cols = unit.cols;
        }
        self.end = unit.end;
        self.ws_cols = unit.ws_cols;
    }

    /// Ends the current line, if it has content.
    fn flush(&mut self) {
        if self.open {
            let text = self
                .display
                .text
                .get(self.start..self.end)
                .unwrap_or_default();
            self.emit(text, self.start..self.end, self.cols);
            self.open = false;
            self.ws_cols = 0;
        }
    }

    fn emit(&mut self, content: &str, disp: Range<usize>, cols: usize) {
        let indent = if self.first && self.indent_cols > 0 {
            INDENT
        } else {
            ""
        };
        let mut text = String::with_capacity(indent.len() + content.len());
        text.push_str(indent);
        text.push_str(content);
        let src = self.display.src_of(disp.start)..self.display.src_of(disp.end);
        let cols = cols
            + if indent.is_empty() {
                0
            } else {
                self.indent_cols
            };
        self.first = false;
        (self.sink)(Line { text, src, cols });
    }

    /// Sets a unit wider than an empty line: full lines cut at cluster boundaries (preferring a
    /// boundary that keeps the never-start/never-end rules), the rest left open on the current
    /// line. Spaces inside the unit are dropped at a cut. Returns whether the last cut kept the
    /// rules.
    fn cut(&mut self, unit: &Unit) -> bool {
        let text: &str = &self.display.text;
        let mut pos = unit.start;
        let mut clean = true;
        while pos < unit.end {
            let avail = self.avail();
            let mut cols = 0;
            // The end of the last non-space cluster so far, and its columns.
            let mut content = (pos, 0);
            // The latest rule-keeping cut point inside the line: (end, columns, next start).
            let mut soft: Option<(usize, usize, usize)> = None;
            let mut prev: Option<char> = None;
            let mut at = pos;
            while at < unit.end {
                let g = grapheme_at(text, at, self.amb);
                if let Some(a) = prev
                    && is_soft(a, g.first)
                    && content.0 > pos
                {
                    soft = Some((content.0, content.1, at));
                }
                if cols + g.cols > avail {
                    break;
                }
                cols += g.cols;
                if !(g.single && is_break_space(g.first)) {
                    content = (g.end, cols);
                    prev = Some(g.first);
                }
                at = g.end;
            }
            if at == unit.end {
                // The rest fits: it stays open for the caller to end.
                self.open = true;
                self.start = pos;
                self.end = content.0;
                self.cols = content.1;
                self.ws_cols = unit.ws_cols;
                return clean;
            }
            if at == pos {
                // One cluster wider than the line: stand in for it.
                let g = grapheme_at(text, at, self.amb);
                // U+FFFD is itself ambiguous: a terminal that draws it two columns wide gets `?`.
                let stand_in = if self.amb.char_cols(REPLACEMENT) == 1 {
                    REPLACEMENT
                } else {
                    NARROW_REPLACEMENT
                };
                let mut buf = [0u8; 4];
                self.emit(stand_in.encode_utf8(&mut buf), at..g.end, 1);
                pos = g.end;
                clean = false;
            } else {
                clean = soft.is_some();
                let (end, cols, next) = soft.unwrap_or((content.0, content.1, at));
                let piece = text.get(pos..end).unwrap_or_default();
                self.emit(piece, pos..end, cols);
                pos = next;
            }
            // Spaces at a cut go with it.
            while pos < unit.end {
                let g = grapheme_at(text, pos, self.amb);
                if !(g.single && is_break_space(g.first)) {
                    break;
                }
                pos = g.end;
            }
        }
        clean
    }
}

#[cfg(test)]
mod tests;
