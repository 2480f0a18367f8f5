//! Loader throughput: parses a synthetic library of at least 50 MB built from the sample
//! edition's paragraphs (headlines, kickers, bylines, page blocks, jumps, photos, column-break
//! damage), reported as bytes per second on one core.
//!
//! `cargo bench --bench loader`

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::edition::load_bytes;
use kanbao::library::SAMPLE_TEXT;

/// A small deterministic generator (64-bit LCG); the bench needs no randomness crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Paragraph-like lines of the sample (no headings, no front matter).
fn sample_paragraphs() -> Vec<&'static str> {
    let body = SAMPLE_TEXT.split("+++\n").nth(2).unwrap_or(SAMPLE_TEXT);
    body.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn headings() -> Vec<&'static str> {
    SAMPLE_TEXT
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .collect()
}

/// One edition of about `target_bytes`, with several pages.
fn edition(rng: &mut Lcg, target_bytes: usize) -> String {
    let paragraphs = sample_paragraphs();
    let heads = headings();
    let mut out = String::with_capacity(target_bytes + 4096);
    out.push_str("+++\npaper = \"许昌日报\"\ndate = 2023-02-28\n+++\n\n");
    let mut page = 1;
    while out.len() < target_bytes {
        if out.len() > page * target_bytes / 4 {
            page += 1;
            let _ = writeln!(out, "+++\npage = {page}\n+++\n");
        }
        if rng.next(4) == 0 {
            out.push_str("### ");
            out.push_str(heads[rng.next(heads.len())]);
            out.push_str("\n\n");
        }
        out.push_str("# ");
        out.push_str(heads[rng.next(heads.len())]);
        out.push_str("\n\n本报记者 张辉\n\n");
        for _ in 0..3 + rng.next(6) {
            let p = paragraphs[rng.next(paragraphs.len())];
            // Now and then a column break in the middle of a paragraph.
            if rng.next(5) == 0 && p.len() > 60 {
                let cut = (p.len() / 2..p.len())
                    .find(|&i| p.is_char_boundary(i))
                    .unwrap_or(p.len());
                out.push_str(&p[..cut]);
                out.push_str("\n\n");
                out.push_str(&p[cut..]);
            } else {
                out.push_str(p);
            }
            out.push_str("\n\n");
        }
        if rng.next(6) == 0 {
            out.push_str("(下转第二版)\n\n");
        }
    }
    out
}

fn loader(c: &mut Criterion) {
    let mut rng = Lcg(0x6b61_6e62_616f);
    let editions: Vec<String> = (0..256).map(|_| edition(&mut rng, 200 * 1024)).collect();
    let total: usize = editions.iter().map(String::len).sum();
    assert!(
        total >= 50 * 1024 * 1024,
        "the synthetic library is at least 50 MB"
    );
    let mut group = c.benchmark_group("loader");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("library_50MB", |b| {
        b.iter(|| {
            for text in &editions {
                black_box(load_bytes(
                    black_box(text.as_bytes()),
                    Path::new("bench.md"),
                ));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, loader);
criterion_main!(benches);
