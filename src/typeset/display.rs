//! The display form of a paragraph — tabs as spaces and, in Chinese text, ASCII punctuation next
//! to Han characters shown full-width — and the map from display offsets back to the source.

use std::borrow::Cow;

use super::classes::{is_cjk_punct, is_han};
use crate::edition::sanitize::{is_clean, sanitize};

/// The full-width form of an ASCII mark that [`normalize`] may replace.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// True for a neighbour that makes an ASCII mark part of Han text.
fn is_hanlike(c: char) -> bool {
    is_han(c) || is_cjk_punct(c) || matches!(c, '“' | '”' | '‘' | '’')
}

/// Shows ASCII `, ; : ? ! ( )` as their full-width forms where they touch Han text (a Han
/// character, CJK punctuation or a curly quote). A run of such marks is converted as a whole when
/// the character before or after the run is Han text, so `),` after `区` becomes `），`. Marks
/// between ASCII characters are never touched: `19.25`, `1+N`, `10:30`, `5G`, `(iPhone)` and
/// URLs stay as they are. Every replaced character is one ASCII byte shown as one 2-column char.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    rewrite(text, true, false, &mut out, &mut Vec::new());
    out
}

/// Writes `text` to `out` with tabs as spaces (when `tabs`) and marks widened (when `widen`),
/// recording in `widened` the output offset of every widened mark.
fn rewrite(text: &str, widen: bool, tabs: bool, out: &mut String, widened: &mut Vec<usize>) {
    // A run of convertible ASCII marks waiting for the character after it.
    let mut run_start: Option<usize> = None;
    let mut before_run: Option<char> = None;
    let mut last: Option<char> = None;
    for (i, c) in text.char_indices() {
        if widen && full_width(c).is_some() {
            if run_start.is_none() {
                run_start = Some(i);
                before_run = last;
            }
            last = Some(c);
            continue;
        }
        if let Some(start) = run_start.take() {
            let convert = before_run.is_some_and(is_hanlike) || is_hanlike(c);
            flush_run(
                text.get(start..i).unwrap_or_default(),
                convert,
                out,
                widened,
            );
        }
        out.push(if tabs && c == '\t' { ' ' } else { c });
        last = Some(c);
    }
    if let Some(start) = run_start {
        let convert = before_run.is_some_and(is_hanlike);
        flush_run(text.get(start..).unwrap_or_default(), convert, out, widened);
    }
}

fn flush_run(run: &str, convert: bool, out: &mut String, widened: &mut Vec<usize>) {
    if !convert {
        out.push_str(run);
        return;
    }
    for c in run.chars() {
        match full_width(c) {
            Some(wide) => {
                widened.push(out.len());
                out.push(wide);
            }
            None => out.push(c),
        }
    }
}

/// A paragraph as it is shown, with the way back to the caller's bytes.
pub(crate) struct Display<'a> {
    pub text: Cow<'a, str>,
    /// Display offsets of the marks widened from one byte to three, ascending.
    widened: Vec<usize>,
    /// For input that was not clean: the source offset of every byte of the sanitised text (plus
    /// its end). Sanitising only deletes, so this is a greedy subsequence alignment.
    aligned: Option<Vec<usize>>,
}

impl<'a> Display<'a> {
    /// Builds the display text: sanitised if it has to be, tabs as spaces, marks widened when
    /// `widen`.
    pub fn new(source: &'a str, widen: bool) -> Self {
        let (base, aligned) = if is_clean(source) {
            (Cow::Borrowed(source), None)
        } else {
            let clean = sanitize(source).into_owned();
            let aligned = align(source, &clean);
            (Cow::Owned(clean), Some(aligned))
        };
        let bytes = base.as_bytes();
        let has_tab = memchr::memchr(b'\t', bytes).is_some();
        let has_mark = widen && bytes.iter().any(|&b| full_width(char::from(b)).is_some());
        if !has_tab && !has_mark {
            return Display {
                text: base,
                widened: Vec::new(),
                aligned,
            };
        }
        let mut out = String::with_capacity(base.len() + base.len() / 8);
        let mut widened = Vec::new();
        rewrite(&base, widen, true, &mut out, &mut widened);
        Display {
            text: Cow::Owned(out),
            widened,
            aligned,
        }
    }

    /// The source byte offset of a display byte offset at a character boundary.
    pub fn src_of(&self, disp_idx: usize) -> usize {
        let before = self.widened.partition_point(|&w| w < disp_idx);
        let base_idx = disp_idx - 2 * before;
        match &self.aligned {
            Some(aligned) => aligned.get(base_idx).copied().unwrap_or_default(),
            None => base_idx,
        }
    }
}

/// Maps every byte offset of `clean` (a subsequence of `raw`) to an offset in `raw`.
fn align(raw: &str, clean: &str) -> Vec<usize> {
    let mut map = Vec::with_capacity(clean.len() + 1);
    let mut raw_chars = raw.char_indices();
    let mut raw_end = 0;
    for c in clean.chars() {
        let found = raw_chars.by_ref().find(|&(_, r)| r == c);
        let at = found.map_or(raw.len(), |(i, _)| i);
        for byte in 0..c.len_utf8() {
            map.push(at + byte);
        }
        raw_end = found.map_or(raw.len(), |(i, r)| i + r.len_utf8());
    }
    map.push(raw_end);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_only_next_to_han() {
        let cases = [
            (
                "本报讯(记者王利辉)2月27日,市政府",
                "本报讯（记者王利辉）2月27日，市政府",
            ),
            (
                "会议要求,一要全力抓好安全生产;二要",
                "会议要求，一要全力抓好安全生产；二要",
            ),
            ("县(市、区),要", "县（市、区），要"),
            ("他说:“好!”真的?", "他说：“好！”真的？"),
            ("“筛子”,从严", "“筛子”，从严"),
            ("截至2022,全市", "截至2022，全市"),
            ("金额19.25亿元,增长19.8%", "金额19.25亿元，增长19.8%"),
            ("用实用好“5+2”工作机制", "用实用好“5+2”工作机制"),
            ("探索“1+N”服务", "探索“1+N”服务"),
            ("上午10:30召开", "上午10:30召开"),
            ("5G网络", "5G网络"),
            ("增长3.5%", "增长3.5%"),
            ("使用 (iPhone) 拍摄", "使用 (iPhone) 拍摄"),
            ("采取(1+N)方式", "采取（1+N）方式"),
            (
                "见https://example.com/a?b=1;c=(2)",
                "见https://example.com/a?b=1;c=(2)",
            ),
            ("Hello, world (again)!", "Hello, world (again)!"),
            ("1,000 and 3:2", "1,000 and 3:2"),
            ("结尾!", "结尾！"),
            ("(上接第一版)常态化", "（上接第一版）常态化"),
            ("tab\t中,", "tab\t中，"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "input {input:?}");
        }
    }

    #[test]
    fn display_maps_back_to_source() {
        let source = "日,市\t2(x)";
        let display = Display::new(source, true);
        assert_eq!(display.text, "日，市 2(x)");
        // `市` starts at display byte 6 and source byte 4.
        assert_eq!(display.src_of(6), 4);
        assert_eq!(display.src_of(display.text.len()), source.len());

        let plain = Display::new("no change", true);
        assert!(matches!(plain.text, Cow::Borrowed(_)));
        let raw = Display::new("日,市", false);
        assert_eq!(raw.text, "日,市");
    }

    #[test]
    fn unclean_input_is_sanitised_and_aligned() {
        let source = "红\u{1b}[31m字\u{7}好";
        let display = Display::new(source, true);
        assert_eq!(display.text, "红字好");
        assert_eq!(display.src_of(3), source.find('字').unwrap_or(0));
        assert_eq!(display.src_of(6), source.find('好').unwrap_or(0));
        assert_eq!(display.src_of(9), source.len());
    }
}
