//! Loader throughput: parses a synthetic library of at least 50 MB built from the sample
//! edition's paragraphs (headlines, kickers, bylines, page blocks, jumps, column-break damage),
//! reported as bytes per second on one core.
//!
//! `cargo bench --bench loader`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::formats::load_bytes;
use kanbao::library::synthetic::{Lcg, edition_text};

fn loader(c: &mut Criterion) {
    let mut rng = Lcg(0x6b61_6e62_616f);
    let editions: Vec<String> = (0..256)
        .map(|_| edition_text(&mut rng, 200 * 1024, "2023-02-28"))
        .collect();
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
