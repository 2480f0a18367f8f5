//! Lays out a whole item at a pane width: the header (kicker, headline, subtitle, column, byline,
//! caption, credit), a blank line, then the body within the reading measure, centred in wider
//! panes; and maps lines to reading positions (block, byte) and back, so a resize keeps the place.

use std::ops::Range;

use super::Options;
use super::classes::{Script, script_of};
use super::paragraph::{Line, set_each};
use crate::edition::model::{Block, Item, Photo};

/// What a line of an article is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Row `row` of the `rows` kept for a photo's picture (the text is empty): the reader draws
    /// the picture over them.
    Picture {
        row: u16,
        rows: u16,
    },
}

/// One row of a laid-out article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleLine {
    pub role: Role,
    /// What to display after the margin (empty for [`Role::Blank`]).
    pub text: String,
    /// Display width of `text` in columns.
    pub cols: usize,
    /// Columns of empty space to leave before `text`: centres the measure in a wider pane. The
    /// same for every line of a layout, blank lines included. `margin_cols + cols` never exceeds
    /// the layout's `cols`.
    pub margin_cols: usize,
    /// Index into `item.body` of the block this line belongs to; `None` for header and blank
    /// lines.
    pub block_idx: Option<usize>,
    /// Byte range of the line's content in its source string: the body block, or for header
    /// lines the header field. Empty for blank lines.
    pub src: Range<usize>,
}

impl ArticleLine {
    /// An empty row between blocks.
    fn blank(margin_cols: usize) -> ArticleLine {
        ArticleLine {
            role: Role::Blank,
            text: String::new(),
            cols: 0,
            margin_cols,
            block_idx: None,
            src: 0..0,
        }
    }
}

/// An article set for one pane width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleLayout {
    pub lines: Vec<ArticleLine>,
    /// The pane width it was set for.
    pub cols: usize,
}

/// A reading position that does not depend on the width: a byte in a body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Index into `item.body`.
    pub block_idx: usize,
    /// Byte offset into that block's text.
    pub byte_idx: usize,
}

impl ArticleLayout {
    /// The reading position shown by line `line_idx`: the first byte of a body line; for a blank
    /// line between blocks, the start of the next block; for header lines, the top
    /// (`Position::default()`). `None` when `line_idx` is past the end.
    pub fn position_of_line(&self, line_idx: usize) -> Option<Position> {
        let line = self.lines.get(line_idx)?;
        if let Some(block_idx) = line.block_idx {
            return Some(Position {
                block_idx,
                byte_idx: line.src.start,
            });
        }
        let first_body = self.lines.iter().position(|l| l.block_idx.is_some());
        if first_body.is_none_or(|first| line_idx < first) {
            return Some(Position::default());
        }
        let body_position = |l: &ArticleLine| {
            l.block_idx.map(|block_idx| Position {
                block_idx,
                byte_idx: l.src.start,
            })
        };
        let after = self
            .lines
            .get(line_idx..)
            .and_then(|rest| rest.iter().find_map(body_position));
        let before = || {
            self.lines
                .get(..line_idx)
                .and_then(|done| done.iter().rev().find_map(body_position))
        };
        after.or_else(before)
    }

    /// The line to show at the top for `position`: the line holding that byte of that block
    /// (or the nearest before it, for a byte dropped at a break). A position on the first body
    /// line, or before the body, maps to line 0 so the header shows; one past the end maps to
    /// the last body line.
    pub fn line_of_position(&self, position: Position) -> usize {
        let key = (position.block_idx, position.byte_idx);
        let mut first_body = true;
        let mut found = 0;
        // A photo's picture rows and its caption's first line share a position: the first of
        // them stands for it, so the picture shows.
        let mut last = None;
        for (line_idx, line) in self.lines.iter().enumerate() {
            let Some(block_idx) = line.block_idx else {
                continue;
            };
            let at = (block_idx, line.src.start);
            if at > key {
                break;
            }
            if last != Some(at) {
                found = if first_body { 0 } else { line_idx };
            }
            last = Some(at);
            first_body = false;
        }
        found
    }
}

/// Sets `item` for a pane `cols` wide. The body and header are set at the reading measure
/// (`min(cols, opts.measure_cols)`) and centred in the pane by `margin_cols`. Header parts are
/// never indented; Chinese paragraphs follow each other directly, Latin ones and subheads are
/// set apart by blank lines. `cols == 0` gives no lines.
pub fn set_article(item: &Item, cols: usize, opts: &Options) -> ArticleLayout {
    let mut lines = Vec::new();
    for_each_line(item, cols, opts, |line| lines.push(line));
    ArticleLayout { lines, cols }
}

/// The lines of [`set_article`], handed to `sink` one by one as they are set: printing an
/// article this way holds none of its lines, so memory stays proportional to the text however
/// many lines it makes (a 5 MB paragraph without spaces at one column is 5 million lines).
pub fn for_each_line(item: &Item, cols: usize, opts: &Options, mut sink: impl FnMut(ArticleLine)) {
    if cols == 0 {
        return;
    }
    let measure = if opts.measure_cols == 0 {
        cols
    } else {
        cols.min(opts.measure_cols)
    };
    let margin_cols = (cols - measure) / 2;
    let row = |role, block_idx, line: Line| ArticleLine {
        role,
        text: line.text,
        cols: line.cols,
        margin_cols,
        block_idx,
        src: line.src,
    };

    let mut header_rows = set_header(item, (measure, margin_cols), opts, &mut sink);
    header_rows += set_printings(item, (measure, margin_cols), opts, &mut sink);
    // A story printed twice is read once: the later printing shows only where it is.
    if item.repeat_of.is_some() {
        return;
    }

    // Whether the previous block set was a Latin paragraph; None before the first.
    let mut prev_latin: Option<bool> = None;
    // Whether the previous block set was a photo: a photo stands apart from the text around it.
    let mut prev_photo = false;
    for (block_idx, block) in item.body.iter().enumerate() {
        let role = match block {
            Block::Paragraph(_) => Role::Body,
            Block::Subhead(_) => Role::Subhead,
            Block::Photo(_) => Role::Caption,
        };
        let latin = role == Role::Body && script_of(block.text()) == Script::Latin;
        let blank = match prev_latin {
            None => header_rows > 0,
            Some(prev_latin) => {
                role == Role::Subhead || role == Role::Caption || latin || prev_latin || prev_photo
            }
        };
        // The blank line goes before the block's first line: a block that sets to no lines
        // (only spaces) has none.
        let mut rows = 0usize;
        let mut emit = |line: Line, role: Role| {
            if rows == 0 && blank {
                sink(ArticleLine::blank(margin_cols));
            }
            rows += 1;
            sink(row(role, Some(block_idx), line));
        };
        match block {
            Block::Paragraph(text) => {
                let script = if latin {
                    Script::Latin
                } else {
                    script_of(text)
                };
                set_each(text, script, measure, opts, opts.indent, &mut |line| {
                    emit(line, role);
                });
            }
            Block::Subhead(text) => {
                set_each(text, script_of(text), measure, opts, false, &mut |line| {
                    emit(line, role);
                });
            }
            Block::Photo(photo) => {
                if shows_picture(photo.image.as_deref(), opts) {
                    for_each_picture_row(measure, opts, |picture| {
                        let line = Line {
                            text: String::new(),
                            cols: measure,
                            src: 0..0,
                        };
                        emit(line, picture);
                    });
                }
                set_photo(photo, item_script(item), measure, opts, &mut |line| {
                    emit(line, role);
                });
            }
        }
        if rows > 0 {
            prev_latin = Some(latin);
            prev_photo = role == Role::Caption;
        }
    }
    // Where the story came from: for a feed's summary, the only way to the whole text.
    if let Some(note) = source_note(item) {
        sink(ArticleLine::blank(margin_cols));
        let plain = Options {
            indent: false,
            normalize_punctuation: false,
            ..opts.clone()
        };
        set_each(
            &note,
            script_of(&note),
            measure,
            &plain,
            false,
            &mut |line| {
                sink(row(Role::Credit, None, line));
            },
        );
    }
}

/// The header parts of `item` that it has, each set at `measure` and handed to `sink`; returns
/// how many rows they took. A photo item's own picture stands above its caption.
fn set_header(
    item: &Item,
    (measure, margin_cols): (usize, usize),
    opts: &Options,
    sink: &mut impl FnMut(ArticleLine),
) -> usize {
    let header = [
        (Role::Kicker, &item.kicker),
        (Role::Headline, &item.headline),
        (Role::Subtitle, &item.subtitle),
        (Role::Column, &item.column),
        (Role::Byline, &item.byline),
        (Role::Caption, &item.caption),
        (Role::Credit, &item.credit),
    ];
    let mut header_rows = 0;
    for (role, text) in header {
        if role == Role::Caption && shows_picture(item.image.as_deref(), opts) {
            for_each_picture_row(measure, opts, |role| {
                header_rows += 1;
                sink(ArticleLine {
                    role,
                    text: String::new(),
                    cols: measure,
                    margin_cols,
                    block_idx: None,
                    src: 0..0,
                });
            });
        }
        // A photo item's caption may hold several paragraphs, one a line.
        let mut offset = 0;
        for part in text.iter().flat_map(|text| text.split('\n')) {
            set_each(part, script_of(part), measure, opts, false, &mut |line| {
                header_rows += 1;
                sink(ArticleLine {
                    role,
                    text: line.text,
                    cols: line.cols,
                    margin_cols,
                    block_idx: None,
                    src: line.src.start + offset..line.src.end + offset,
                });
            });
            offset += part.len() + 1;
        }
    }
    header_rows
}

/// Where else a story printed twice runs, under the header (after a blank line on the later
/// printing, whose body is not set); returns the rows the note took.
fn set_printings(
    item: &Item,
    (measure, margin_cols): (usize, usize),
    opts: &Options,
    sink: &mut impl FnMut(ArticleLine),
) -> usize {
    let Some(note) = printings_note(item) else {
        return 0;
    };
    if item.repeat_of.is_some() {
        sink(ArticleLine::blank(margin_cols));
    }
    let mut rows = 0;
    set_each(&note, script_of(&note), measure, opts, false, &mut |line| {
        rows += 1;
        sink(ArticleLine {
            role: Role::Credit,
            text: line.text,
            cols: line.cols,
            margin_cols,
            block_idx: None,
            src: 0..0,
        });
    });
    rows
}

/// For a story the edition prints twice: on the later printing `全文见第1版（id）` / `Full story
/// on page 1 (id)`, on the first `另见第4版` / `Also on page 4`.
fn printings_note(item: &Item) -> Option<String> {
    let zh = item_script(item) != Script::Latin;
    if let Some(first) = &item.repeat_of {
        return Some(if zh {
            format!("全文见第{}版（{}）", first.page, first.id)
        } else {
            format!("Full story on page {} ({})", first.page, first.id)
        });
    }
    if item.also_on.is_empty() {
        return None;
    }
    let pages: Vec<&str> = item.also_on.iter().map(|p| p.page.as_str()).collect();
    Some(if zh {
        format!("另见第{}版", pages.join("、第"))
    } else if pages.len() == 1 {
        format!("Also on page {}", pages[0])
    } else {
        format!("Also on pages {}", pages.join(", "))
    })
}

/// `原文：URL`, `Source: URL`, or for a feed's summary the note that it is only a summary.
fn source_note(item: &Item) -> Option<String> {
    let link = item.link.as_deref()?;
    let zh = script_of(item.title()) != Script::Latin;
    Some(match (item.summary_only, zh) {
        (true, true) => format!("摘要 · 全文：{link}"),
        (true, false) => format!("Summary only · full story: {link}"),
        (false, true) => format!("原文：{link}"),
        (false, false) => format!("Source: {link}"),
    })
}

/// The rows kept for a photo's picture at `measure` columns: room for a 4:3 photo across the
/// measure (a cell is about twice as tall as wide), at most `opts.picture_rows`; 0 when pictures
/// are off. A photo is fitted inside, so the rows do not depend on the picture (the text never
/// moves when it arrives).
pub fn picture_rows(measure: usize, opts: &Options) -> usize {
    if opts.picture_rows == 0 || measure == 0 {
        return 0;
    }
    (measure * 3).div_ceil(8).min(opts.picture_rows).max(1)
}

/// Whether a photo whose picture is `image` keeps rows for it: pictures are on, it has one, and
/// it is not known to be unshowable.
fn shows_picture(image: Option<&str>, opts: &Options) -> bool {
    opts.picture_rows > 0 && image.is_some_and(|image| !opts.picture_notes.contains_key(image))
}

/// Hands `sink` the roles of a picture's rows, top to bottom.
fn for_each_picture_row(measure: usize, opts: &Options, mut sink: impl FnMut(Role)) {
    let rows = u16::try_from(picture_rows(measure, opts)).unwrap_or(u16::MAX);
    for row in 0..rows {
        sink(Role::Picture { row, rows });
    }
}

/// The article's own script, for a photo with no words of its own to tell.
fn item_script(item: &Item) -> Script {
    item.headline
        .as_deref()
        .or_else(|| item.paragraphs().next())
        .map_or(Script::Latin, script_of)
}

/// A photo in the body as one caption block: `[图] caption — credit` (`[Photo]` in Latin text;
/// a photo with neither caption nor credit takes the article's script, `item_script`, and
/// shows its marker alone: a picture's address is never printed). Source ranges point into the
/// caption, the block's text, so find and reading positions work as in paragraphs; the marker
/// and the credit map to the caption's ends. A caption of several paragraphs (a picture
/// report) sets each from a new line, the marker before the first, the credit after the last.
fn set_photo(
    photo: &Photo,
    item_script: Script,
    measure: usize,
    opts: &Options,
    sink: &mut dyn FnMut(Line),
) {
    let caption = photo.caption.as_deref().unwrap_or("");
    let script = photo
        .caption
        .as_deref()
        .or(photo.credit.as_deref())
        .map_or(item_script, script_of);
    let marker = if script == Script::Latin {
        "[Photo] "
    } else {
        "[图] "
    };
    // Stacked credits (`制图：…` over `版式设计：…`) read as one line.
    let credit = photo.credit.as_deref().map(|c| c.replace('\n', " "));
    // A picture that cannot be shown says why where it would have stood.
    let note = photo
        .image
        .as_deref()
        .and_then(|image| opts.picture_notes.get(image))
        .map_or("", String::as_str);
    // The caption's paragraphs (a picture report has several) each start a line; the marker
    // goes before the first, the credit and the note after the last.
    let mut paragraphs: Vec<(usize, &str)> = caption
        .split('\n')
        .scan(0, |at, para| {
            let start = *at;
            *at += para.len() + 1;
            Some((start, para))
        })
        .collect();
    let last = paragraphs.len() - 1;
    if caption.is_empty() {
        paragraphs.clear();
        paragraphs.push((0, ""));
    }
    for (n, &(offset, para)) in paragraphs.iter().enumerate() {
        let start = if n == 0 { marker.len() } else { 0 };
        let mut display = String::with_capacity(start + para.len() + 32);
        if n == 0 {
            display.push_str(marker);
        }
        display.push_str(para);
        if n == last {
            match (&credit, caption.is_empty()) {
                (Some(credit), false) => {
                    display.push_str(" — ");
                    display.push_str(credit);
                }
                (Some(credit), true) => display.push_str(credit),
                (None, _) => {}
            }
            display.push_str(note);
        }
        let display = display.trim_end();
        set_each(
            display,
            script_of(display),
            measure,
            opts,
            false,
            &mut |mut line| {
                let from = line.src.start.saturating_sub(start).min(para.len()) + offset;
                let to = line.src.end.saturating_sub(start).min(para.len()) + offset;
                line.src = from..to.max(from);
                sink(line);
            },
        );
    }
}

/// The layout as plain text: one row per line, the margin as spaces (none on blank lines), each
/// row ending in a newline.
pub fn to_plain(layout: &ArticleLayout) -> String {
    let bytes: usize = layout
        .lines
        .iter()
        .map(|l| l.margin_cols + l.text.len() + 1)
        .sum();
    let mut out = String::with_capacity(bytes);
    for line in &layout.lines {
        if !line.text.is_empty() {
            out.extend(std::iter::repeat_n(' ', line.margin_cols));
            out.push_str(&line.text);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::model::ItemKind;

    fn item(body: Vec<Block>) -> Item {
        Item {
            id: "xuchang-daily-2023-02-28/1/1".into(),
            body,
            ..Item::blank(ItemKind::Article, 1)
        }
    }

    fn chinese() -> Item {
        Item {
            kicker: Some("“岗位+技能”“政府+金融”……".into()),
            headline: Some("探索建立多元救助模式 构建全方位社会救助体系".into()),
            subtitle: Some("——访市政协副主席".into()),
            column: Some("清廉建设县(市、区)篇".into()),
            byline: Some("本报记者 张辉".into()),
            dateline: Some("本报讯(记者张辉 通讯员程海灵)".into()),
            ..item(vec![
                Block::Paragraph(
                    "本报讯(记者张辉 通讯员程海灵)社会救助事关困难群众基本生活。".into(),
                ),
                Block::Paragraph("多部门携手搭台,激发困难群众内生动力。".into()),
                Block::Subhead("多项政策共同发力".into()),
                Block::Paragraph(
                    "在市委、市政府的主导下,市民政局联合市金融局探索“政府+金融”救助模式。".into(),
                ),
            ])
        }
    }

    fn roles(layout: &ArticleLayout) -> Vec<Role> {
        layout.lines.iter().map(|l| l.role).collect()
    }

    #[test]
    fn chinese_article_at_a_narrow_pane() {
        use Role::{Blank, Body, Byline, Column, Headline, Kicker, Subhead, Subtitle};
        let layout = set_article(&chinese(), 30, &Options::default());
        assert_eq!(
            to_plain(&layout),
            "“岗位+技能”“政府+金融”……\n\
             探索建立多元救助模式 构建全方\n\
             位社会救助体系\n\
             ——访市政协副主席\n\
             清廉建设县（市、区）篇\n\
             本报记者 张辉\n\
             \n\
             \u{3000}\u{3000}本报讯（记者张辉 通讯员程\n\
             海灵）社会救助事关困难群众基本\n\
             生活。\n\
             \u{3000}\u{3000}多部门携手搭台，激发困难群\n\
             众内生动力。\n\
             \n\
             多项政策共同发力\n\
             \u{3000}\u{3000}在市委、市政府的主导下，市\n\
             民政局联合市金融局探索“政府+金\n\
             融”救助模式。\n"
        );
        assert_eq!(
            roles(&layout),
            [
                Kicker, Headline, Headline, Subtitle, Column, Byline, Blank, Body, Body, Body,
                Body, Body, Blank, Subhead, Body, Body, Body
            ]
        );
        assert!(
            layout
                .lines
                .iter()
                .all(|l| l.margin_cols == 0 && l.cols <= 30)
        );
        assert_eq!(layout.lines[7].block_idx, Some(0));
        assert_eq!(layout.lines[13].block_idx, Some(2));
        assert_eq!(layout.lines[1].block_idx, None);
    }

    #[test]
    fn a_story_printed_twice_is_read_once() {
        use crate::edition::model::Printing;
        let mut first = chinese();
        first.also_on = vec![Printing {
            id: "xuchang-daily-2023-02-28/4/2".into(),
            page: "4".into(),
        }];
        let text = to_plain(&set_article(&first, 30, &Options::default()));
        assert!(
            text.contains("本报记者 张辉\n另见第4版\n\n\u{3000}\u{3000}本报讯"),
            "{text}"
        );

        let mut repeat = chinese();
        repeat.repeat_of = Some(Printing {
            id: "xuchang-daily-2023-02-28/1/1".into(),
            page: "1".into(),
        });
        let layout = set_article(&repeat, 60, &Options::default());
        let text = to_plain(&layout);
        assert!(
            text.ends_with("本报记者 张辉\n\n全文见第1版（xuchang-daily-2023-02-28/1/1）\n"),
            "{text}"
        );
        assert!(
            !text.contains("救助模式。"),
            "the text is shown once: {text}"
        );
        assert!(layout.lines.iter().all(|l| l.block_idx.is_none()));

        let mut latin = item(vec![Block::Paragraph("The mill reopened.".into())]);
        latin.headline = Some("Mill Reopens".into());
        latin.also_on = ["3", "7"]
            .map(|page| Printing {
                id: format!("e/{page}/1"),
                page: page.into(),
            })
            .to_vec();
        let text = to_plain(&set_article(&latin, 40, &Options::default()));
        assert!(
            text.starts_with("Mill Reopens\nAlso on pages 3, 7\n"),
            "{text}"
        );
    }

    #[test]
    fn wide_panes_centre_the_measure() {
        let opts = Options {
            measure_cols: 40,
            ..Options::default()
        };
        for (cols, margin) in [(40, 0), (41, 0), (42, 1), (100, 30), (30, 0)] {
            let layout = set_article(&chinese(), cols, &opts);
            assert_eq!(layout.cols, cols);
            for line in &layout.lines {
                assert_eq!(line.margin_cols, margin, "{cols} cols: {line:?}");
                assert!(line.cols <= cols.min(40), "{cols} cols: {line:?}");
            }
        }
        let plain = to_plain(&set_article(&chinese(), 100, &opts));
        let first = plain.lines().next().unwrap_or_default();
        assert_eq!(first, format!("{}“岗位+技能”“政府+金融”……", " ".repeat(30)));
        assert!(
            plain.lines().any(str::is_empty),
            "blank rows carry no margin"
        );
        assert!(!plain.lines().any(|row| row.ends_with(' ')));
        // No limit: the whole pane.
        let unlimited = Options {
            measure_cols: 0,
            ..Options::default()
        };
        let layout = set_article(&chinese(), 200, &unlimited);
        assert!(layout.lines.iter().all(|l| l.margin_cols == 0));
        assert_eq!(
            layout.lines.iter().filter(|l| l.role == Role::Body).count(),
            3
        );
    }

    #[test]
    fn latin_paragraphs_are_set_apart_and_not_indented() {
        let article = Item {
            headline: Some("Council approves budget".into()),
            byline: Some("By JANE DOE".into()),
            ..item(vec![
                Block::Paragraph("The city council approved the budget on Monday.".into()),
                Block::Paragraph("Spending rises 3.5% to $19.25 million.".into()),
                Block::Subhead("What changes".into()),
                Block::Paragraph("Parks get more.".into()),
            ])
        };
        let layout = set_article(&article, 30, &Options::default());
        assert_eq!(
            to_plain(&layout),
            "Council approves budget\n\
             By JANE DOE\n\
             \n\
             The city council approved the\n\
             budget on Monday.\n\
             \n\
             Spending rises 3.5% to $19.25\n\
             million.\n\
             \n\
             What changes\n\
             \n\
             Parks get more.\n"
        );
    }

    #[test]
    fn photos_show_caption_and_credit() {
        let photo = Item {
            kind: ItemKind::Photo,
            caption: Some("2月26日,志愿者在市区文峰广场为老人义务理发。".into()),
            credit: Some("本报记者 谭宜姝 摄".into()),
            ..item(Vec::new())
        };
        let layout = set_article(&photo, 24, &Options::default());
        assert_eq!(
            to_plain(&layout),
            "2月26日，志愿者在市区文\n峰广场为老人义务理发。\n本报记者 谭宜姝 摄\n"
        );
        assert_eq!(roles(&layout), [Role::Caption, Role::Caption, Role::Credit]);
        assert_eq!(layout.position_of_line(1), Some(Position::default()));
    }

    /// A picture report's caption: each paragraph from a new line, the marker before the first
    /// and the credit after the last; source ranges point into the caption.
    #[test]
    fn picture_report_captions_keep_their_paragraphs() {
        let caption = "秋收时节，稻田金黄。\n图为村民收割稻谷。";
        let report = item(vec![Block::Photo(Photo {
            caption: Some(caption.into()),
            credit: Some("程兆摄（人民视觉）".into()),
            image: None,
        })]);
        let layout = set_article(&report, 40, &Options::default());
        assert_eq!(
            to_plain(&layout),
            "[图] 秋收时节，稻田金黄。\n图为村民收割稻谷。 — 程兆摄（人民视觉）\n"
        );
        let second = &layout.lines[1];
        assert_eq!(&caption[second.src.clone()], "图为村民收割稻谷。");
        assert!(layout.lines.iter().all(|l| !l.text.contains('\n')));
    }

    #[test]
    fn degenerate_panes() {
        assert!(
            set_article(&chinese(), 0, &Options::default())
                .lines
                .is_empty()
        );
        let one = set_article(&chinese(), 1, &Options::default());
        assert!(one.lines.iter().all(|l| l.cols <= 1));
        let empty = set_article(
            &item(vec![Block::Paragraph("   ".into())]),
            40,
            &Options::default(),
        );
        assert!(empty.lines.is_empty());
        assert_eq!(empty.position_of_line(0), None);
        assert_eq!(
            empty.line_of_position(Position {
                block_idx: 3,
                byte_idx: 9
            }),
            0
        );
    }

    #[test]
    fn positions_map_lines_to_bytes_and_back() {
        let layout = set_article(&chinese(), 30, &Options::default());
        let top = Position::default();
        // Header lines and the blank after them are the top.
        for line_idx in 0..=6 {
            assert_eq!(layout.position_of_line(line_idx), Some(top));
        }
        assert_eq!(
            layout.position_of_line(8),
            Some(Position {
                block_idx: 0,
                byte_idx: 35
            })
        );
        // The blank before the subhead stands for the subhead.
        assert_eq!(
            layout.position_of_line(12),
            Some(Position {
                block_idx: 2,
                byte_idx: 0
            })
        );
        assert_eq!(layout.position_of_line(layout.lines.len()), None);

        assert_eq!(
            layout.line_of_position(top),
            0,
            "the start shows the header"
        );
        assert_eq!(
            layout.line_of_position(Position {
                block_idx: 0,
                byte_idx: 20
            }),
            0
        );
        assert_eq!(
            layout.line_of_position(Position {
                block_idx: 0,
                byte_idx: 35
            }),
            8
        );
        assert_eq!(
            layout.line_of_position(Position {
                block_idx: 0,
                byte_idx: 80
            }),
            9
        );
        assert_eq!(
            layout.line_of_position(Position {
                block_idx: 2,
                byte_idx: 5
            }),
            13
        );
        assert_eq!(
            layout.line_of_position(Position {
                block_idx: 9,
                byte_idx: 0
            }),
            16
        );
        for line_idx in 8..layout.lines.len() {
            let Some(position) = layout.position_of_line(line_idx) else {
                continue;
            };
            if layout.lines[line_idx].role != Role::Blank {
                assert_eq!(layout.line_of_position(position), line_idx);
            }
        }
    }

    #[test]
    fn positions_survive_a_resize() {
        let article = chinese();
        let opts = Options::default();
        for (from, to) in [(30, 80), (80, 30), (24, 51), (51, 24), (100, 13)] {
            let before = set_article(&article, from, &opts);
            let after = set_article(&article, to, &opts);
            for line_idx in 0..before.lines.len() {
                let Some(position) = before.position_of_line(line_idx) else {
                    continue;
                };
                let landed = after.line_of_position(position);
                let line = &after.lines[landed];
                if line.block_idx.is_none() {
                    assert_eq!(landed, 0, "only the top lands on a header line");
                    continue;
                }
                // The line shown holds the byte the reader was at.
                let block = line.block_idx.unwrap_or_default();
                let next_start = after.lines[landed + 1..]
                    .iter()
                    .find(|l| l.block_idx == Some(block))
                    .map_or(usize::MAX, |l| l.src.start);
                assert_eq!(block, position.block_idx);
                assert!(line.src.start <= position.byte_idx && position.byte_idx < next_start);
            }
        }
    }

    #[test]
    fn photos_and_links_are_set_in_place() {
        let story = Item {
            headline: Some("Council Backs River Park Plan".into()),
            link: Some("https://paper.example/2026/08/21/park.html".into()),
            summary_only: true,
            ..item(vec![
                Block::Paragraph("The council voted on Monday.".into()),
                Block::Photo(Photo {
                    caption: Some("Volunteers plant trees.".into()),
                    credit: Some("Photo by Sam Reyes".into()),
                    image: None,
                }),
                Block::Paragraph("Work begins in spring.".into()),
            ])
        };
        let layout = set_article(&story, 80, &Options::default());
        let texts: Vec<&str> = layout.lines.iter().map(|l| l.text.as_str()).collect();
        let photo = texts
            .iter()
            .position(|t| *t == "[Photo] Volunteers plant trees. — Photo by Sam Reyes")
            .expect("the photo line");
        let council = texts
            .iter()
            .position(|t| t.starts_with("The council"))
            .expect("text");
        let spring = texts
            .iter()
            .position(|t| t.starts_with("Work begins"))
            .expect("text");
        assert!(council < photo && photo < spring, "{texts:?}");
        assert_eq!(
            texts.last(),
            Some(&"Summary only · full story: https://paper.example/2026/08/21/park.html")
        );
        let photo_line = &layout.lines[photo];
        assert_eq!(photo_line.block_idx, Some(1));
        assert_eq!(photo_line.src, 0.."Volunteers plant trees.".len());

        let narrow = set_article(&story, 12, &Options::default());
        assert!(narrow.lines.iter().all(|l| l.cols <= 12));
    }
}
