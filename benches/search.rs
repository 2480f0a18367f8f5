//! The archive at scale: discovering a generated archive, opening (reading and parsing) a 1 MB
//! edition, and searching the archive for a rare phrase and for a common word, with and without
//! a limit, by the scan and through the search index (`index_*`: the same searches, building
//! the index once, and adding one edition to it). The archive is written to a temp dir first
//! (from `synthetic::write_library`; about 125 KB an edition).
//!
//! `cargo bench --bench search` uses 365 editions (about 45 MB; under two minutes in all).
//! The full ten-year archive of the issue: `KANBAO_BENCH_EDITIONS=3650 cargo bench --bench
//! search` (about 460 MB of temp files; the unlimited common-word search then takes seconds an
//! iteration). `scripts/compare-rg.sh` times the same searches against ripgrep.
//!
//! The `feeds` group does the same on a folder of daily full-text RSS files
//! (`synthetic::write_feeds`, 114 days of 92 items, 30 MB; `KANBAO_BENCH_FEED_DAYS` for more):
//! discovery with a warm cache, a credit through the index and by the scan, listing every item
//! (the scan and the list both with the feeds parsed and with the editions kept once read).

use std::hint::black_box;
use std::sync::Once;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use kanbao::formats::load_file;
use kanbao::library::Library;
use kanbao::library::cache::MetaCache;
use kanbao::library::index::{self, SearchIndex, UpdateOptions};
use kanbao::library::search::{self, Filters, Needle, Order, Query};
use kanbao::library::sources::Sources;
use kanbao::library::synthetic::{Lcg, PHRASES, edition_text, write_library};

/// Editions in the benchmark archive unless `KANBAO_BENCH_EDITIONS` says otherwise.
const DEFAULT_EDITIONS: usize = 365;

/// The archive's size is printed once, not once per benchmark filter.
static ANNOUNCE: Once = Once::new();

fn archive(c: &mut Criterion) {
    let editions = std::env::var("KANBAO_BENCH_EDITIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_EDITIONS);
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("archive");
    write_library(&root, editions, 1).expect("the archive is written");
    let paths = [root];
    let sources = Sources::discover(&paths);
    assert_eq!(sources.editions.len(), editions);
    let bytes: u64 = sources
        .editions
        .iter()
        .filter_map(|e| match &e.origin {
            kanbao::library::sources::Origin::File(path) => std::fs::metadata(path).ok(),
            _ => None,
        })
        .map(|m| m.len())
        .sum();
    ANNOUNCE.call_once(|| {
        eprintln!(
            "search bench: {editions} editions, {} MB",
            bytes / 1_000_000
        );
    });

    let mut group = c.benchmark_group("archive");
    group.sample_size(20);
    group.bench_function(format!("discover_{editions}_editions"), |b| {
        b.iter(|| black_box(Sources::discover(black_box(&paths))));
    });

    let one_mb = dir.path().join("one-mb-2023-02-28.md");
    std::fs::write(
        &one_mb,
        edition_text(&mut Lcg(7), 1024 * 1024, "2023-02-28"),
    )
    .expect("the 1 MB edition is written");
    group.throughput(Throughput::Bytes(1024 * 1024));
    group.bench_function("open_1MB_edition", |b| {
        b.iter(|| black_box(load_file(black_box(&one_mb)).expect("it loads")));
    });

    group.throughput(Throughput::Bytes(bytes));
    let rare = Needle::new(PHRASES[0]).expect("a query");
    group.bench_function("search_rare_phrase", |b| {
        b.iter(|| {
            let outcome = search::search(&sources.editions, &rare, &Filters::default());
            assert!(!outcome.hits.is_empty());
            black_box(outcome)
        });
    });
    let common = Needle::new("群众").expect("a query");
    let newest = Filters {
        limit: Some(20),
        ..Filters::default()
    };
    group.bench_function("search_common_word_limit_20", |b| {
        b.iter(|| black_box(search::search(&sources.editions, &common, &newest)));
    });
    group.sample_size(10);
    group.bench_function("search_common_word", |b| {
        b.iter(|| {
            black_box(search::search(
                &sources.editions,
                &common,
                &Filters::default(),
            ))
        });
    });
    group.finish();
    indexed(c, &paths[0], &sources, bytes);
}

/// The same searches through the search index, building it, and adding one new edition.
fn indexed(c: &mut Criterion, root: &std::path::Path, sources: &Sources, bytes: u64) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let index_dir = dir.path().join("index");
    let never = std::sync::atomic::AtomicBool::new(false);
    let update = |sources: &Sources| {
        index::update(
            &index_dir,
            &sources.editions,
            UpdateOptions::default(),
            &|_| {},
            &never,
        )
        .expect("the index is updated")
    };
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("build", |b| {
        b.iter(|| {
            let report = index::update(
                &index_dir,
                &sources.editions,
                UpdateOptions {
                    rebuild: true,
                    ..UpdateOptions::default()
                },
                &|_| {},
                &never,
            )
            .expect("the index is built");
            black_box(report)
        });
    });
    update(sources);
    // One new edition each time, indexed by an update of the whole library.
    let mut day = 0;
    group.bench_function("add_one_edition", |b| {
        b.iter_batched(
            || {
                day += 1;
                let path = root.join(format!("late-news-2031-01-{:02}.md", day % 28 + 1));
                std::fs::write(&path, edition_text(&mut Lcg(day), 125 * 1024, "2031-01-01"))
                    .expect("written");
                Sources::discover(&[root.to_owned()])
            },
            |sources| black_box(update(&sources)),
            criterion::BatchSize::PerIteration,
        );
    });
    let sources = Sources::discover(&[root.to_owned()]);
    update(&sources);
    let opened = SearchIndex::open(&index_dir)
        .expect("it opens")
        .expect("there is one");
    let search = |query: &Query, filters: &Filters| {
        let outcome = search::search_with(
            &sources.editions,
            query,
            filters,
            Order::Newest,
            Some(&opened),
        );
        assert_eq!(outcome.coverage, search::Coverage::Complete);
        outcome
    };
    let rare = Query::parse(PHRASES[0]).expect("a query");
    group.sample_size(20);
    group.bench_function("search_rare_phrase", |b| {
        b.iter(|| black_box(search(&rare, &Filters::default())));
    });
    let common = Query::parse("群众").expect("a query");
    let newest = Filters {
        limit: Some(20),
        ..Filters::default()
    };
    group.bench_function("search_common_word_limit_20", |b| {
        b.iter(|| black_box(search(&common, &newest)));
    });
    group.bench_function("open_and_search_common_word_limit_20", |b| {
        b.iter(|| {
            let opened = SearchIndex::open(&index_dir).expect("opens").expect("one");
            black_box(search::search_with(
                &sources.editions,
                &common,
                &newest,
                Order::Newest,
                Some(&opened),
            ))
        });
    });
    group.sample_size(10);
    group.bench_function("search_common_word", |b| {
        b.iter(|| black_box(search(&common, &Filters::default())));
    });
    group.finish();
}

/// A folder of daily full-text feeds (`synthetic::write_feeds`: 114 days of 92 items, the
/// shape of a year's third of saved People's Daily feeds; `KANBAO_BENCH_FEED_DAYS` for more):
/// discovery with a warm discovery cache, a credit in one item in 29 (`人民视觉`) through the
/// index (the newest 20 and every result) and by the scan, and listing every item; the scan and
/// the list both parsing every feed and decoding the editions kept once read.
fn feeds(c: &mut Criterion) {
    let days: usize = std::env::var("KANBAO_BENCH_FEED_DAYS")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(114);
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("feeds");
    let bytes = saved_feeds(&root, days);
    let paths = vec![root.clone()];
    let cache_path = dir.path().join("library-cache.json");
    let mut cache = MetaCache::open(&cache_path);
    Library::discover_cached(&paths, Some(&mut cache));
    let mut group = c.benchmark_group("feeds");
    group.sample_size(20);
    group.bench_function(format!("discover_{days}_feed_files_cached"), |b| {
        b.iter(|| {
            let mut cache = MetaCache::open(&cache_path);
            black_box(Library::discover_cached(&paths, Some(&mut cache)))
        });
    });
    let sources = Sources::discover(&paths);
    let index_dir = dir.path().join("index");
    index::update(
        &index_dir,
        &sources.editions,
        UpdateOptions::default(),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .expect("the index is built");
    let opened = SearchIndex::open(&index_dir)
        .expect("it opens")
        .expect("there is one");
    let credit = Query::parse("人民视觉").expect("a query");
    let newest = Filters {
        limit: Some(20),
        ..Filters::default()
    };
    let through_index = |filters: &Filters| {
        let outcome = search::search_with(
            &sources.editions,
            &credit,
            filters,
            Order::Newest,
            Some(&opened),
        );
        assert_eq!(outcome.coverage, search::Coverage::Complete);
        outcome
    };
    group.bench_function("index_credit_limit_20", |b| {
        b.iter(|| black_box(through_index(&newest)));
    });
    group.bench_function("index_credit_every_result", |b| {
        b.iter(|| black_box(through_index(&Filters::default())));
    });
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("scan_credit_every_result", |b| {
        b.iter(|| {
            black_box(search::search(
                &sources.editions,
                &credit,
                &Filters::default(),
            ))
        });
    });
    // The same scan on sources found with the cache: the editions kept once read (the first
    // run keeps them) are decoded instead of parsed.
    let kept_sources = Sources::discover_cached(&paths, Some(&mut MetaCache::open(&cache_path)));
    group.bench_function("scan_credit_every_result_kept", |b| {
        b.iter(|| {
            black_box(search::search(
                &kept_sources.editions,
                &credit,
                &Filters::default(),
            ))
        });
    });
    let every_item = |cache: Option<&mut MetaCache>| {
        let mut library = Library::discover_cached(&paths, cache);
        let mut items = 0;
        library
            .for_each_edition(|edition| {
                items += edition.pages.iter().map(|p| p.items.len()).sum::<usize>();
                Ok::<(), ()>(())
            })
            .expect("no visit fails");
        items
    };
    // The first run with the cache (as `kanbao list` runs): every feed parsed and its
    // editions kept; then the runs after it, which decode them.
    let kept_dir = dir.path().join("editions");
    group.bench_function("list_every_item_first_run", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&kept_dir);
            },
            |()| black_box(every_item(Some(&mut MetaCache::open(&cache_path)))),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("list_every_item", |b| {
        b.iter(|| black_box(every_item(Some(&mut MetaCache::open(&cache_path)))));
    });
    group.finish();
}

/// `days` of generated feeds in `root`, dated an hour ago as a saved library is (a file just
/// written is never kept from); their size in bytes.
fn saved_feeds(root: &std::path::Path, days: usize) -> usize {
    let bytes = kanbao::library::synthetic::write_feeds(root, days, 92, 0).expect("written");
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for file in std::fs::read_dir(root).expect("the feeds") {
        let file = std::fs::File::options()
            .write(true)
            .open(file.expect("a feed").path())
            .expect("it opens");
        file.set_modified(then).expect("its time is set");
    }
    bytes
}

criterion_group!(benches, archive, feeds);
criterion_main!(benches);
