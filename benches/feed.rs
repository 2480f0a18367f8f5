//! Feed reader throughput: `read_feed` + `feed_editions` over a generated People's-Daily-style
//! full-text RSS feed of about 16 MB (kicker, headline, subtitle, `p.sec` byline, lead photo
//! with credit, bold subheads, indented paragraphs in `#ozoom`), reported as bytes per second on
//! one core.
//!
//! `cargo bench --bench feed`

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::formats::feed::{feed_editions, read_feed};

/// Invented sentences, recombined so paragraphs differ.
const SENTENCES: [&str; 8] = [
    "八月的青川，温室里一片翠绿。",
    "十座新建的智能温室已全部投入使用，番茄、黄瓜长势正旺。",
    "“以前靠天吃饭，现在靠数据种地。”村民王大山说。",
    "温室由县农业部门统一规划，村集体负责日常管理。",
    "去年试点的两座温室取得成功，今年扩展到十座，并配套冷库一座。",
    "周边村庄八十余名村民在家门口就业，人均月收入增加一千余元。",
    "The county fair drew record crowds on Thursday afternoon.",
    "县里计划明年再建两条特色街区，进一步带动夜间消费。",
];

fn feed_text(target_bytes: usize) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>人民日报 - 每日全文订阅</title>\n",
    );
    let mut n = 0usize;
    while text.len() < target_bytes {
        n += 1;
        let day = 1 + n % 28;
        let page = 1 + n % 20;
        let mut body = String::new();
        for p in 0..24 {
            if p % 8 == 7 {
                let _ = write!(body, "<p><strong>第{p}部分小标题</strong></p>");
                continue;
            }
            body.push_str("<p>　　");
            for s in 0..4 {
                body.push_str(SENTENCES[(n + p * 3 + s) % SENTENCES.len()]);
            }
            body.push_str("</p>\n");
        }
        let _ = write!(
            text,
            "<item>\n<title>[{page:02}版：要闻]青川县新建温室第{n}篇</title>\n<link>http://paper.people.com.cn/rmrb/pc/content/202608/{day:02}/content_{n}.html</link>\n<guid>bench-{n}</guid>\n<pubDate>Fri, {day:02} Aug 2026 05:30:00 +0800</pubDate>\n<content:encoded><![CDATA[<h3>科技创新引领产业升级</h3><h1>青川县新建温室第{n}篇</h1><h2>——当地农户人均增收三成</h2><p class=\"sec\">本报记者　林小雨<!-- enpproperty -->《人民日报》（2026年08月{day:02}日 第 {page:02} 版）</p><div id=\"ozoom\"><p style=\"text-align: center;\"><img src=\"../../../pic/202608/{day:02}/{n}.jpg\" data-original-title=\"温室里的番茄长势正旺。\"></p><p style=\"text-align: center;\">本报记者 赵晴 摄</p>{body}</div>]]></content:encoded>\n</item>\n"
        );
    }
    text.push_str("</channel>\n</rss>\n");
    text
}

fn feed(c: &mut Criterion) {
    let text = feed_text(16 * 1024 * 1024);
    let path = Path::new("bench.xml");
    let mut group = c.benchmark_group("feed");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("full_text_16MB", |b| {
        b.iter(|| {
            let file = read_feed(black_box(text.as_bytes()), path);
            black_box(feed_editions(vec![(PathBuf::from("bench.xml"), file)]))
        });
    });
    group.finish();
}

criterion_group!(benches, feed);
criterion_main!(benches);
