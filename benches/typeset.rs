//! Throughput of paragraph setting at 80 columns: kanbao against `textwrap::wrap` (first-fit,
//! UAX #14 word separation) on ~1 MB of Chinese (the sample edition's paragraphs, repeated) and
//! ~1 MB of English news prose, in the same run.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::typeset::{Options, set_paragraph};
use textwrap::{WordSeparator, WrapAlgorithm};

const SAMPLE: &str = include_str!("../editions/xuchang-daily-2023-02-28.txt");
const COLS: usize = 80;
const TARGET_BYTES: usize = 1 << 20;

const ENGLISH: [&str; 4] = [
    "The city council voted on Monday to approve a $19.25 million budget for road repairs, \
     ending months of debate over how to pay for the work. Council members said the plan, \
     which raises spending by 3.5% over last year, would fix more than 120 miles of streets \
     before the end of 2025.",
    "\"We heard from residents in every district that potholes were their first concern,\" \
     said Maria Lopez, who chairs the finance committee. \"This budget answers them without \
     raising property taxes.\" Opponents argued that the money would be better spent on public \
     transit, and two members voted against the measure.",
    "The vote followed a three-hour public hearing in which more than forty people spoke. \
     Several small-business owners on Main Street asked the council to schedule construction \
     at night so that shops could stay open during the day; the transportation department \
     said it would consider the request.",
    "Work is expected to begin in April. Details of the schedule, including a map of affected \
     streets, will be posted at https://www.example.gov/roads/2025-repairs once contracts are \
     signed, officials said.",
];

/// The sample's paragraphs: lines after the front matter that are neither headings nor empty.
fn sample_paragraphs() -> Vec<&'static str> {
    let body = SAMPLE.splitn(3, "+++").nth(2).unwrap_or_default();
    body.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect()
}

/// `paragraphs` repeated until they hold at least `TARGET_BYTES`.
fn corpus(paragraphs: &[&'static str]) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        for paragraph in paragraphs {
            out.push(*paragraph);
            bytes += paragraph.len();
        }
    }
    out
}

fn typeset(c: &mut Criterion) {
    let opts = Options::default();
    let wrap_opts = textwrap::Options::new(COLS)
        .word_separator(WordSeparator::UnicodeBreakProperties)
        .wrap_algorithm(WrapAlgorithm::FirstFit);
    for (name, corpus) in [
        ("zh", corpus(&sample_paragraphs())),
        ("en", corpus(&ENGLISH)),
    ] {
        let bytes: usize = corpus.iter().map(|paragraph| paragraph.len()).sum();
        let mut group = c.benchmark_group(format!("typeset-{name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("kanbao", |b| {
            b.iter(|| {
                corpus
                    .iter()
                    .map(|paragraph| set_paragraph(black_box(paragraph), COLS, &opts).len())
                    .sum::<usize>()
            });
        });
        group.bench_function("textwrap", |b| {
            b.iter(|| {
                corpus
                    .iter()
                    .map(|paragraph| textwrap::wrap(black_box(paragraph), &wrap_opts).len())
                    .sum::<usize>()
            });
        });
        group.finish();
    }
}

criterion_group!(benches, typeset);
criterion_main!(benches);
