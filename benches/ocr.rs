//! OCR page reading throughput: the fixture front page repeated to 1 MB and to 8 MB, parsed as
//! one page each, reported as bytes per second. Equal rates at both sizes show the reader is
//! linear in the page's length; a 100 KB line without breaks is measured too.
//!
//! `cargo bench --bench ocr`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::formats::ocr::parse_ocr_page;

const PAGE: &str = include_str!("../tests/fixtures/ocr/sn83030214/1916-04-15/ed-1/seq-1/ocr.txt");

fn ocr(c: &mut Criterion) {
    let mut group = c.benchmark_group("ocr");
    group.sample_size(10);
    for mb in [1, 8] {
        let text = PAGE.repeat(mb * 1024 * 1024 / PAGE.len());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("page_{mb}MB"), |b| {
            b.iter(|| black_box(parse_ocr_page(black_box(&text), Path::new("bench.txt"))));
        });
    }
    let line = PAGE.replace('\n', " ").repeat(100 * 1024 / PAGE.len());
    group.throughput(Throughput::Bytes(line.len() as u64));
    group.bench_function("one_100KB_line", |b| {
        b.iter(|| black_box(parse_ocr_page(black_box(&line), Path::new("bench.txt"))));
    });
    group.finish();
}

criterion_group!(benches, ocr);
criterion_main!(benches);
