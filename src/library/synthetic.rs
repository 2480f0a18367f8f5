//! Deterministic synthetic editions built from the sample's paragraphs, for benchmarks and
//! tests that need volume: headlines, kickers, bylines, page blocks, jumps, column-break damage;
//! and whole dated libraries of them with rare phrases planted in a known number of articles.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::SAMPLE_TEXT;

/// A small deterministic generator (64-bit LCG): the same seed gives the same text everywhere.
#[derive(Debug, Clone)]
pub struct Lcg(pub u64);

impl Lcg {
    /// A number in `0..below` (0 when `below` is 0).
    pub fn below(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// The sample's body paragraphs (no headings, front matter, bylines or photo credits).
pub fn sample_paragraphs() -> Vec<&'static str> {
    use crate::edition::caption::is_credit_line;
    use crate::edition::recognize::is_byline;
    let body = SAMPLE_TEXT.split("+++\n").nth(2).unwrap_or(SAMPLE_TEXT);
    body.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !is_byline(l) && !is_credit_line(l))
        .collect()
}

/// The sample's headlines.
pub fn sample_headlines() -> Vec<&'static str> {
    SAMPLE_TEXT
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .collect()
}

/// An edition of about `target_bytes` with four pages, articles of 3–8 paragraphs, and now and
/// then a kicker, a column-break split or a jump to page 2.
pub fn edition_text(rng: &mut Lcg, target_bytes: usize, date: &str) -> String {
    edition_with(rng, target_bytes, "许昌日报", date, &[])
}

/// Like [`edition_text`], for paper `paper`, with `plants[j]` written into article `j + 1`
/// (counted from 0: the first article of an edition never carries a plant). The edition grows
/// past `target_bytes` when it needs more articles for its plants.
fn edition_with(
    rng: &mut Lcg,
    target_bytes: usize,
    paper: &str,
    date: &str,
    plants: &[Plant],
) -> String {
    let paragraphs = sample_paragraphs();
    let heads = sample_headlines();
    let mut out = String::with_capacity(target_bytes + 4096);
    let _ = write!(out, "+++\npaper = \"{paper}\"\ndate = {date}\n+++\n\n");
    let mut page = 1;
    let mut article = 0;
    while out.len() < target_bytes || article <= plants.len() {
        if out.len() > page * target_bytes / 4 && page < 4 {
            page += 1;
            let _ = writeln!(out, "+++\npage = {page}\n+++\n");
        }
        let plant = article.checked_sub(1).and_then(|j| plants.get(j));
        let random_kicker = (rng.below(4) == 0).then(|| heads[rng.below(heads.len())]);
        let kicker = match plant {
            Some(p) if p.form == Form::Kicker => Some(p.written.as_str()),
            _ => random_kicker,
        };
        if let Some(kicker) = kicker {
            let _ = writeln!(out, "### {kicker}\n");
        }
        let head = heads[rng.below(heads.len())];
        match plant {
            Some(p) if p.form == Form::Headline => {
                let _ = writeln!(out, "# {}：{head}\n", p.written);
            }
            Some(p) if p.form == Form::Subtitle => {
                let _ = writeln!(out, "# {head}\n\n## ——{}侧记\n", p.written);
            }
            _ => {
                let _ = writeln!(out, "# {head}\n");
            }
        }
        match plant {
            Some(p) if p.form == Form::Byline => {
                let _ = writeln!(out, "本报记者 张辉 {}特约通讯员 程海灵\n", p.written);
            }
            _ => out.push_str("本报记者 张辉\n\n"),
        }
        for n in 0..3 + rng.below(6) {
            let paragraph = paragraphs[rng.below(paragraphs.len())];
            match plant {
                Some(p) if n == 0 && p.form.in_body() => push_planted(&mut out, paragraph, p),
                _ => push_paragraph(&mut out, paragraph, rng),
            }
        }
        if rng.below(6) == 0 {
            out.push_str("(下转第二版)\n\n");
        }
        article += 1;
    }
    out
}

/// One article of about `target_bytes`: a headline and paragraphs of the sample.
pub fn long_article(rng: &mut Lcg, target_bytes: usize) -> String {
    let paragraphs = sample_paragraphs();
    let mut out = String::from("# 长篇报道：全年工作回顾\n\n本报记者 张辉\n\n");
    while out.len() < target_bytes {
        push_paragraph(&mut out, paragraphs[rng.below(paragraphs.len())], rng);
    }
    out
}

fn push_paragraph(out: &mut String, paragraph: &str, rng: &mut Lcg) {
    // Now and then a column break in the middle of a paragraph.
    if rng.below(5) == 0 && paragraph.len() > 60 {
        let cut = (paragraph.len() / 2..paragraph.len())
            .find(|&i| paragraph.is_char_boundary(i))
            .unwrap_or(paragraph.len());
        out.push_str(&paragraph[..cut]);
        out.push_str("\n\n");
        out.push_str(&paragraph[cut..]);
    } else {
        out.push_str(paragraph);
    }
    out.push_str("\n\n");
}

/// The rare phrases [`plan_library`] plants, none of which the sample contains: a Chinese phrase
/// in bodies and a headline; an English one in mixed case (`ZEPHYR PROTOCOL`, `zephyr protocol`)
/// and once soft-wrapped over two lines; one in subtitles, kickers and bylines; and one that the
/// file only holds cut in two (by a line break or a column break), so only the loaded text,
/// with its lines and paragraphs re-joined, contains it.
pub const PHRASES: [&str; 4] = [
    "量子纠缠观测站",
    "Zephyr Protocol",
    "黄河鲤鱼节",
    "智慧养老服务中心",
];

/// Where a planted phrase goes in its article, per phrase in [`PHRASES`].
const SITES: [&[Form]; 4] = [
    &[
        Form::Body,
        Form::Headline,
        Form::Body,
        Form::Body,
        Form::Body,
    ],
    &[Form::Body, Form::Body, Form::Kicker, Form::SoftWrap],
    &[Form::Subtitle, Form::Kicker, Form::Byline],
    &[Form::SoftWrap, Form::ColumnBreak, Form::ColumnBreak],
];

/// At most this many plants go into one edition (each into its own article).
const PLANTS_PER_EDITION: usize = 3;

/// The part of an article a phrase is planted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Body,
    Headline,
    Kicker,
    Subtitle,
    Byline,
    /// In the body, cut by a line break inside the paragraph (`智慧养老` ⏎ `服务中心`).
    SoftWrap,
    /// In the body, cut by a column break: a blank line the loader's repair closes again.
    ColumnBreak,
}

impl Form {
    fn in_body(self) -> bool {
        matches!(self, Form::Body | Form::SoftWrap | Form::ColumnBreak)
    }
}

/// One planted phrase as written into one article.
#[derive(Debug, Clone)]
struct Plant {
    form: Form,
    /// The phrase as it appears in the file (upper or lower case for the English phrase).
    written: String,
}

/// Writes a paragraph with `plant` in its middle, cut as its form says.
fn push_planted(out: &mut String, paragraph: &str, plant: &Plant) {
    let mid = char_boundary_near(paragraph, paragraph.len() / 2);
    let written = plant.written.as_str();
    let (first, second, cut) = match plant.form {
        Form::SoftWrap | Form::ColumnBreak => {
            // English is cut at its space (the loader joins the lines with one); Chinese
            // in the middle (joined without).
            let (first, second) = written.split_once(' ').unwrap_or_else(|| {
                written.split_at(char_boundary_near(written, written.len() / 2))
            });
            let cut = if plant.form == Form::SoftWrap {
                "\n"
            } else {
                "\n\n"
            };
            (first, second, cut)
        }
        _ => (written, "", ""),
    };
    out.push_str(&paragraph[..mid]);
    out.push_str(first);
    out.push_str(cut);
    out.push_str(second);
    out.push_str(&paragraph[mid..]);
    out.push_str("\n\n");
}

/// The first char boundary of `text` at or after `byte_idx`.
fn char_boundary_near(text: &str, byte_idx: usize) -> usize {
    (byte_idx..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// The papers of a synthetic library: a daily and a Saturday weekend paper, one folder each.
const PAPERS: [(&str, &str); 2] = [
    ("xuchang-daily", "许昌日报"),
    ("xuchang-weekend", "许昌周末"),
];

/// An edition of a synthetic library, ready to be written.
#[derive(Debug, Clone)]
pub struct PlannedEdition {
    /// Where it goes, relative to the library folder: `xuchang-daily/2013/xuchang-daily-2013-01-01.md`.
    pub path: PathBuf,
    /// The paper's folder name (`xuchang-daily`).
    pub paper: &'static str,
    /// ISO `YYYY-MM-DD`.
    pub date: String,
    target_bytes: usize,
    seed: u64,
    paper_name: &'static str,
    plants: Vec<Plant>,
}

impl PlannedEdition {
    /// The edition's text (50–200 KB; a little more when it carries plants). Deterministic.
    pub fn text(&self) -> String {
        edition_with(
            &mut Lcg(self.seed),
            self.target_bytes,
            self.paper_name,
            &self.date,
            &self.plants,
        )
    }
}

/// A library of `editions` dated editions from 2013-01-01 on: the daily every day, the weekend
/// paper on Saturdays as well, each 50–200 KB, with [`PHRASES`] planted. Returns the editions in
/// date order and, per phrase, the number of articles that contain it (each plant goes into its
/// own article). Deterministic for a given `seed`.
pub fn plan_library(editions: usize, seed: u64) -> (Vec<PlannedEdition>, Vec<(String, usize)>) {
    let mut master = Lcg(seed);
    let mut planned = Vec::with_capacity(editions);
    let mut day: u32 = 0;
    while planned.len() < editions {
        let date = date_after_2013(day);
        // 2013-01-05, day 4, is a Saturday.
        let papers = if day % 7 == 4 { 2 } else { 1 };
        for (paper, paper_name) in PAPERS.iter().take(papers) {
            if planned.len() == editions {
                break;
            }
            planned.push(PlannedEdition {
                path: PathBuf::from(format!("{paper}/{}/{paper}-{date}.md", &date[..4])),
                paper,
                date: date.clone(),
                target_bytes: 50 * 1024 + master.below(145 * 1024),
                seed: master.0,
                paper_name,
                plants: Vec::new(),
            });
        }
        day += 1;
    }
    let mut sites = Lcg(seed ^ 0x7068_7261_7365);
    let mut counts = Vec::with_capacity(PHRASES.len());
    for (phrase, forms) in PHRASES.iter().zip(SITES) {
        let mut count = 0;
        for (n, &form) in forms.iter().enumerate() {
            let start = sites.below(editions);
            let Some(idx) = (0..editions)
                .map(|k| (start + k) % editions)
                .find(|&i| planned[i].plants.len() < PLANTS_PER_EDITION)
            else {
                break;
            };
            let written = match n % 3 {
                1 if phrase.is_ascii() => phrase.to_uppercase(),
                2 if phrase.is_ascii() => phrase.to_lowercase(),
                _ => (*phrase).to_owned(),
            };
            planned[idx].plants.push(Plant { form, written });
            count += 1;
        }
        counts.push(((*phrase).to_owned(), count));
    }
    (planned, counts)
}

/// Writes the library [`plan_library`] plans into `dir` (folders are created; files already there
/// are overwritten, others left alone). Returns each phrase with the number of articles it was
/// planted in.
pub fn write_library(
    dir: &Path,
    editions: usize,
    seed: u64,
) -> std::io::Result<Vec<(String, usize)>> {
    let (planned, counts) = plan_library(editions, seed);
    for edition in &planned {
        let path = dir.join(&edition.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, edition.text())?;
    }
    Ok(counts)
}

/// `YYYY-MM-DD` of the day `days` after 2013-01-01 (proleptic Gregorian calendar).
pub fn date_after_2013(days: u32) -> String {
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = 15_706 + i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Writes a folder of daily full-text RSS files, the way a reader who saves a paper's feed every
/// day keeps them (`feed-2025-01-01.xml`, …): each holds `items` articles of its day (kicker,
/// headline, subtitle, byline, lead photo with a credit, subheads; about one item in 29 is
/// credited `人民视觉`) and the last `carry` items of the day before, as real feeds overlap.
/// Returns the bytes written. For measuring discovery, opening and searching a feed library
/// (`examples/make-feeds.rs`, `benches/search.rs`).
pub fn write_feeds(dir: &Path, days: usize, items: usize, carry: usize) -> std::io::Result<usize> {
    let invalid = |e: jiff::Error| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
    std::fs::create_dir_all(dir)?;
    let start = jiff::civil::date(2025, 1, 1);
    let day = |n: usize| -> std::io::Result<jiff::civil::Date> {
        let n = i64::try_from(n)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        start
            .checked_add(jiff::Span::new().days(n))
            .map_err(invalid)
    };
    let mut bytes = 0;
    for n in 0..days {
        let date = day(n)?;
        let mut text = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>示例日报 - 每日全文订阅</title>\n",
        );
        for item in 1..=items {
            feed_item(&mut text, date, item);
        }
        if n > 0 {
            let before = day(n - 1)?;
            for item in (items + 1).saturating_sub(carry).max(1)..=items {
                feed_item(&mut text, before, item);
            }
        }
        text.push_str("</channel>\n</rss>\n");
        bytes += text.len();
        std::fs::write(dir.join(format!("feed-{date}.xml")), text)?;
    }
    Ok(bytes)
}

/// The sentences of every generated feed item's paragraphs.
const FEED_SENTENCES: [&str; 6] = [
    "八月的青川，温室里一片翠绿。",
    "十座新建的智能温室已全部投入使用，番茄、黄瓜长势正旺。",
    "“以前靠天吃饭，现在靠数据种地。”村民王大山说。",
    "温室由县农业部门统一规划，村集体负责日常管理。",
    "周边村庄八十余名村民在家门口就业，人均月收入增加一千余元。",
    "县里计划明年再建两条特色街区，进一步带动夜间消费。",
];

/// One feed item of `date` (the `n`th of its day).
fn feed_item(out: &mut String, date: jiff::civil::Date, n: usize) {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let page = 1 + n % 8;
    // A rarer credit for measuring a phrase in few items (about one in 29).
    let credit = if (usize::from(d.unsigned_abs()) + n).is_multiple_of(29) {
        "人民视觉"
    } else {
        "本报记者 赵晴 摄"
    };
    let mut body = String::new();
    for p in 0..12 {
        if p % 6 == 5 {
            let _ = write!(body, "<p><strong>第{p}部分小标题</strong></p>");
            continue;
        }
        body.push_str("<p>　　");
        for s in 0..3 {
            body.push_str(FEED_SENTENCES[(n + p * 3 + s) % FEED_SENTENCES.len()]);
        }
        body.push_str("</p>\n");
    }
    let _ = write!(
        out,
        "<item>\n<title>[{page:02}版：要闻]青川县新闻第{n}篇</title>\n<link>https://paper.example/rmrb/{y:04}{m:02}/{d:02}/content_{n}.html</link>\n<guid>{y:04}{m:02}{d:02}-{n}</guid>\n<content:encoded><![CDATA[<h3>科技创新引领产业升级</h3><h1>青川县新闻第{n}篇</h1><h2>——当地农户人均增收三成</h2><p class=\"sec\">本报记者　林小雨</p><div id=\"ozoom\"><p><img src=\"../../pic/{n}.jpg\" data-original-title=\"温室里的番茄长势正旺。\"></p><p>{credit}</p>{body}</div>]]></content:encoded>\n</item>\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_loadable() {
        let a = edition_text(&mut Lcg(7), 50_000, "2023-02-28");
        let b = edition_text(&mut Lcg(7), 50_000, "2023-02-28");
        assert_eq!(a, b);
        assert!(a.len() >= 50_000);
        let edition =
            crate::formats::load_bytes(a.as_bytes(), std::path::Path::new("synthetic.md"));
        assert_eq!(edition.pages.len(), 4);
        assert!(edition.pages.iter().all(|p| !p.items.is_empty()));
        let article = long_article(&mut Lcg(1), 100_000);
        let edition =
            crate::formats::load_bytes(article.as_bytes(), std::path::Path::new("long.md"));
        assert_eq!(edition.pages[0].items.len(), 1);
    }

    #[test]
    fn dates_count_from_2013() {
        let cases = [
            (0, "2013-01-01"),
            (31, "2013-02-01"),
            (58, "2013-02-28"),
            (59, "2013-03-01"),
            (365, "2014-01-01"),
            (365 * 3 + 31 + 28, "2016-02-29"),
            (3649, "2022-12-29"),
        ];
        for (days, want) in cases {
            assert_eq!(date_after_2013(days), want, "day {days}");
        }
    }

    #[test]
    fn a_planned_library_is_dated_deterministic_and_planted() {
        let (a, counts) = plan_library(30, 5);
        let (b, _) = plan_library(30, 5);
        assert_eq!(a.len(), 30);
        assert_eq!(
            a[0].path,
            PathBuf::from("xuchang-daily/2013/xuchang-daily-2013-01-01.md")
        );
        assert_eq!(
            a[5].path,
            PathBuf::from("xuchang-weekend/2013/xuchang-weekend-2013-01-05.md")
        );
        assert_eq!(a[7].text(), b[7].text());
        let planted: Vec<usize> = counts.iter().map(|(_, n)| *n).collect();
        assert_eq!(planted, [5, 4, 3, 3]);
        for phrase in PHRASES {
            assert!(!SAMPLE_TEXT.contains(phrase), "the sample has '{phrase}'");
        }
        for edition in &a {
            let len = edition.text().len();
            assert!((50 * 1024..=210 * 1024).contains(&len), "{len} bytes");
        }
    }
}
