//! Writes a folder of daily full-text feed snapshots, the way a reader who saves a paper's feed
//! every day keeps them: `cargo run --release --example make-feeds -- --days 365 --out DIR`.
//! Each file holds one day's items (20 articles of invented text with kicker, subtitle, byline,
//! lead photo and subheads) and, as real feeds do, the last items of the day before, so
//! consecutive files overlap. For measuring discovery, opening and searching a feed library.
//!
//! `--items N` sets the items of a day (a whole People's Daily day is about 90) and `--carry N`
//! how many of the day before each file repeats (5; 0 for files of one day each);
//! `--days 114 --items 92` resembles a folder of 114 saved full-text feeds of that paper.

use std::fmt::Write as _;
use std::path::PathBuf;

const SENTENCES: [&str; 6] = [
    "八月的青川，温室里一片翠绿。",
    "十座新建的智能温室已全部投入使用，番茄、黄瓜长势正旺。",
    "“以前靠天吃饭，现在靠数据种地。”村民王大山说。",
    "温室由县农业部门统一规划，村集体负责日常管理。",
    "周边村庄八十余名村民在家门口就业，人均月收入增加一千余元。",
    "县里计划明年再建两条特色街区，进一步带动夜间消费。",
];

fn item(out: &mut String, date: jiff::civil::Date, n: usize) {
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
            body.push_str(SENTENCES[(n + p * 3 + s) % SENTENCES.len()]);
        }
        body.push_str("</p>\n");
    }
    let _ = write!(
        out,
        "<item>\n<title>[{page:02}版：要闻]青川县新闻第{n}篇</title>\n<link>https://paper.example/rmrb/{y:04}{m:02}/{d:02}/content_{n}.html</link>\n<guid>{y:04}{m:02}{d:02}-{n}</guid>\n<content:encoded><![CDATA[<h3>科技创新引领产业升级</h3><h1>青川县新闻第{n}篇</h1><h2>——当地农户人均增收三成</h2><p class=\"sec\">本报记者　林小雨</p><div id=\"ozoom\"><p><img src=\"../../pic/{n}.jpg\" data-original-title=\"温室里的番茄长势正旺。\"></p><p>{credit}</p>{body}</div>]]></content:encoded>\n</item>\n"
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut days = 365usize;
    let mut items = 20usize;
    let mut carry = 5usize;
    let mut out_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--days" => days = args.next().ok_or("--days N")?.parse()?,
            "--items" => items = args.next().ok_or("--items N")?.parse()?,
            "--carry" => carry = args.next().ok_or("--carry N")?.parse()?,
            "--out" => out_dir = Some(args.next().ok_or("--out DIR")?.into()),
            other => return Err(format!("unknown argument '{other}'").into()),
        }
    }
    let out_dir = out_dir.ok_or("usage: make-feeds --days N [--items N] [--carry N] --out DIR")?;
    std::fs::create_dir_all(&out_dir)?;
    let start = jiff::civil::date(2025, 1, 1);
    let mut bytes = 0usize;
    for day in 0..days {
        let date = start.checked_add(jiff::Span::new().days(i64::try_from(day)?))?;
        let mut text = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>示例日报 - 每日全文订阅</title>\n",
        );
        for n in 1..=items {
            item(&mut text, date, n);
        }
        if day > 0 {
            let before = start.checked_add(jiff::Span::new().days(i64::try_from(day - 1)?))?;
            for n in (items + 1).saturating_sub(carry).max(1)..=items {
                item(&mut text, before, n);
            }
        }
        text.push_str("</channel>\n</rss>\n");
        bytes += text.len();
        std::fs::write(out_dir.join(format!("feed-{date}.xml")), text)?;
    }
    println!(
        "wrote {days} feed files, {} KB, to {}",
        bytes / 1000,
        out_dir.display()
    );
    Ok(())
}
