//! Article-folder reader throughput: loads a generated crawler day folder of at least 64 MB
//! (64 pages × 128 article files in `YYYYMMDD-PP-NN.txt` layout, with kickers, bylines,
//! datelines, subheads, photo credits, continuation lines and jumps) from a temp dir, reported
//! as bytes per second on one core. The files sit in the page cache after the first pass, so
//! this measures decoding and parsing, not the disk.
//!
//! `cargo bench --bench articles`

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::formats::articles::load_article_folder;
use kanbao::library::synthetic::{Lcg, sample_headlines, sample_paragraphs};

const PAGES: usize = 64;
const ARTICLES: usize = 128;

/// The sample edition's text the articles are cut from.
struct Sample {
    paragraphs: Vec<&'static str>,
    headlines: Vec<&'static str>,
}

/// One article file: header lines, then about 8 KB of indented paragraphs.
fn article(rng: &mut Lcg, sample: &Sample, page: usize, order: usize) -> String {
    let Sample {
        paragraphs,
        headlines,
    } = sample;
    let mut text = String::with_capacity(9 * 1024);
    let kicker = if order.is_multiple_of(3) {
        "城市更新进入新阶段"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "{kicker}\n{}\n",
        headlines[rng.below(headlines.len())]
    );
    text.push_str("\u{3000}\u{3000}本报记者　林　晓\n");
    text.push_str("\u{3000}\u{3000}本报讯（记者 何　田）");
    let mut n = 0usize;
    while text.len() < 8 * 1024 {
        n += 1;
        if n.is_multiple_of(5) {
            text.push_str("\u{3000}\u{3000}让老楼焕发新活力\n");
        }
        if n.is_multiple_of(7) {
            text.push_str("\u{3000}\u{3000}图为居民在改造后的小区花园里散步。\n");
            text.push_str("\u{3000}\u{3000}本报记者　宋　岩摄\n");
        }
        let paragraph = paragraphs[rng.below(paragraphs.len())];
        if n > 1 {
            text.push_str("\u{3000}\u{3000}");
        }
        // Every third paragraph wraps onto an unindented continuation line.
        match paragraph.char_indices().nth(40) {
            Some((cut, _)) if n.is_multiple_of(3) => {
                let _ = writeln!(text, "{}\n{}", &paragraph[..cut], &paragraph[cut..]);
            }
            _ => {
                let _ = writeln!(text, "{paragraph}");
            }
        }
    }
    if order == 1 && page < PAGES {
        let _ = writeln!(text, "\u{3000}\u{3000}（下转第{}版）", page + 1);
    }
    text
}

fn articles(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("a temp dir for the generated folder");
    let dir = root.path().join("rmrb").join("20260821");
    std::fs::create_dir_all(&dir).expect("create the day folder");
    let mut rng = Lcg(0x6b61_6e62_616f);
    let sample = Sample {
        paragraphs: sample_paragraphs(),
        headlines: sample_headlines(),
    };
    let mut total = 0usize;
    for page in 1..=PAGES {
        for order in 1..=ARTICLES {
            let text = article(&mut rng, &sample, page, order);
            total += text.len();
            let name = format!("20260821-{page:02}-{order:02}.txt");
            std::fs::write(dir.join(name), text).expect("write an article file");
        }
    }
    assert!(total >= 64 * 1024 * 1024, "the folder holds at least 64 MB");
    let edition = load_article_folder(&dir).expect("the generated folder loads");
    assert_eq!(edition.pages.len(), PAGES);
    let mut group = c.benchmark_group("articles");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("day_folder_64MB", |b| {
        b.iter(|| black_box(load_article_folder(black_box(&dir))));
    });
    group.finish();
}

criterion_group!(benches, articles);
criterion_main!(benches);
