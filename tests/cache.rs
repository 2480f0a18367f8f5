//! The discovery cache: front matter of unchanged files comes from it, a changed file is read
//! again, and a damaged, foreign or stale cache never changes what the library shows.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use kanbao::library::Library;
use kanbao::library::cache::MetaCache;

fn write(path: &Path, paper: &str) {
    fs::write(
        path,
        format!("+++\npaper = \"{paper}\"\n+++\n\n# 头条\n\n正文。\n"),
    )
    .expect("write");
}

fn set_mtime(path: &Path, when: SystemTime) {
    let file = fs::File::options().write(true).open(path).expect("open");
    file.set_modified(when).expect("set mtime");
}

fn papers(library: &Library) -> Vec<String> {
    library
        .editions
        .iter()
        .map(|e| e.paper.clone().unwrap_or_default())
        .collect()
}

#[test]
fn unchanged_files_come_from_the_cache_and_changed_ones_are_read_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).expect("mkdir");
    let a = lib.join("ribao-2023-01-01.md");
    let b = lib.join("ribao-2023-01-02.md");
    write(&a, "日报甲");
    write(&b, "日报乙");
    let then = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&a, then);
    set_mtime(&b, then);
    let cache_path = dir.path().join("cache/library-cache.json");

    let first = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(papers(&first), ["日报甲", "日报乙"]);
    assert!(cache_path.exists(), "the cache is written");

    // Same size, same time, different words: the cache is trusted (the file was not read).
    write(&a, "日报丙");
    set_mtime(&a, then);
    let cached = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(
        papers(&cached),
        ["日报甲", "日报乙"],
        "an unchanged stamp means the cached entry"
    );

    // A new modification time makes the entry stale: the file is read again.
    set_mtime(&a, SystemTime::now());
    let fresh = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(papers(&fresh), ["日报丙", "日报乙"]);
    assert_eq!(
        papers(&Library::discover(std::slice::from_ref(&lib))),
        ["日报丙", "日报乙"],
        "the same as without a cache"
    );

    // A deleted file is forgotten.
    fs::remove_file(&b).expect("rm");
    let after = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(papers(&after), ["日报丙"]);
    let text = fs::read_to_string(&cache_path).expect("the cache");
    assert!(!text.contains("ribao-2023-01-02"), "{text}");
}

#[test]
fn damaged_or_foreign_caches_are_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).expect("mkdir");
    write(&lib.join("ribao-2023-01-01.md"), "日报");
    let cache_path = dir.path().join("library-cache.json");
    let damaged: [&[u8]; 5] = [
        b"",
        b"{not json",
        b"\0\0\0\0",
        b"\xff\xfe garbage",
        br#"{"version": 99, "entries": {}}"#,
    ];
    for bytes in damaged {
        fs::write(&cache_path, bytes).expect("write");
        let library = Library::discover_cached(
            std::slice::from_ref(&lib),
            Some(&mut MetaCache::open(&cache_path)),
        );
        assert_eq!(papers(&library), ["日报"], "cache {bytes:?}");
        let rebuilt: serde_json::Value =
            serde_json::from_slice(&fs::read(&cache_path).expect("read"))
                .expect("valid JSON again");
        assert_eq!(rebuilt["version"], 1, "cache {bytes:?}");
    }
    // A cache entry for the right path with a stale stamp and wrong data is not believed.
    let path = lib
        .join("ribao-2023-01-01.md")
        .to_string_lossy()
        .into_owned();
    let stale = serde_json::json!({"version": 1, "entries": {path: {"len": 1, "mtime_ns": 1, "paper": "错的", "date": null, "issue": null, "language": null}}});
    fs::write(&cache_path, stale.to_string()).expect("write");
    let library = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(papers(&library), ["日报"]);
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).expect("mkdir");
    write(&lib.join("ribao-2023-01-01.md"), "日报");
    // The cache's folder is a file: saving fails quietly, discovery still works.
    fs::write(dir.path().join("blocked"), "").expect("write");
    let cache_path = dir.path().join("blocked/library-cache.json");
    let library = Library::discover_cached(&[lib], Some(&mut MetaCache::open(&cache_path)));
    assert_eq!(papers(&library), ["日报"]);
}

#[test]
fn unchanged_feed_files_are_not_read_again() {
    let (dir, lib, feed) = feed_library();
    let rss = |title: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
             <item><title>Park opens</title><link>https://gazette.example/2026/08/21/park</link>\
             <description>The park opened.</description></item></channel></rss>"
        )
    };
    fs::write(&feed, rss("Gazette")).expect("write");
    let then = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&feed, then);
    let cache_path = dir.path().join("cache/library-cache.json");
    let ids = |library: &Library| -> Vec<String> {
        library.editions.iter().map(|e| e.id.clone()).collect()
    };

    let first = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(ids(&first), ["gazette-2026-08-21"]);

    // Same size and time, another title: the editions come from the cache, unread.
    fs::write(&feed, rss("Herald!")).expect("write");
    set_mtime(&feed, then);
    let cached = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(ids(&cached), ["gazette-2026-08-21"]);

    // A new time: read again.
    set_mtime(&feed, SystemTime::now());
    let fresh = Library::discover_cached(
        std::slice::from_ref(&lib),
        Some(&mut MetaCache::open(&cache_path)),
    );
    assert_eq!(ids(&fresh), ["herald-2026-08-21"]);
}

/// `kanbao search` and `kanbao list` remember what each feed file holds between runs too (in
/// the cache folder's library-cache.json), and a file that gained a day is read again, so
/// nothing stale is shown.
#[test]
fn the_commands_share_the_discovery_cache() {
    let (dir, lib, feed) = feed_library();
    let item = |day: u32, title: &str| {
        format!(
            "<item><title>{title}</title><link>https://gazette.example/2026/08/{day}/a</link>\
             <description>The {title} story.</description></item>"
        )
    };
    let rss = |channel: &str, items: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{channel}</title>{items}</channel></rss>"
        )
    };
    fs::write(&feed, rss("Gazette", &item(21, "Park"))).expect("write");
    let then = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&feed, then);
    let kanbao = |args: &[&str]| kanbao_cached(dir.path(), &lib, args);
    assert!(kanbao(&["list"]).contains("[gazette-2026-08-21]"));
    // What the feed file holds is remembered in the feeds' part of the cache.
    assert!(
        dir.path()
            .join("cache/kanbao/library-cache.feeds.json")
            .is_file()
    );
    assert!(kanbao(&["search", "Park"]).contains("gazette-2026-08-21"));
    // The file gains a day: read again, both days found.
    fs::write(
        &feed,
        rss(
            "Gazette",
            &format!("{}{}", item(21, "Park"), item(22, "Pier")),
        ),
    )
    .expect("write");
    let found = kanbao(&["search", "Pier"]);
    assert!(found.contains("gazette-2026-08-22"), "{found}");
    assert!(kanbao(&["list"]).contains("[gazette-2026-08-22]"));
}

/// Backdates a folder's modification time, as an archive settled long ago has it.
fn settle(folder: &Path) {
    let when = SystemTime::now() - Duration::from_secs(3600);
    fs::File::open(folder)
        .expect("open the folder")
        .set_modified(when)
        .expect("set its time");
}

/// The editions of a discovery, as search sees them: where, and by what id and names.
fn described(sources: &kanbao::library::sources::Sources) -> Vec<String> {
    sources
        .editions
        .iter()
        .map(|e| {
            format!(
                "{:?} {} {:?} {:?}",
                e.origin, e.id, e.name_paper, e.name_date
            )
        })
        .collect()
}

/// An archive of editions known by their names is discovered from the cache while none of its
/// folders changed, and a file added, removed or renamed in any folder is seen at once.
#[test]
fn a_settled_archive_is_discovered_from_the_cache_and_every_change_is_seen() {
    use kanbao::library::sources::Sources;
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let folders = [
        lib.join("ribao/2013"),
        lib.join("ribao/2014"),
        lib.join("zhoumo"),
    ];
    for folder in &folders {
        fs::create_dir_all(folder).expect("mkdir");
    }
    write(&folders[0].join("ribao-2013-01-01.md"), "日报");
    write(&folders[0].join("ribao-2013-01-02.md"), "日报");
    write(&folders[1].join("ribao-2014-05-06.md"), "日报");
    write(&folders[2].join("zhoumo-2014-05-10.md"), "周末");
    let settle_all = || {
        for folder in folders.iter().chain([&lib, &lib.join("ribao")]) {
            settle(folder);
        }
    };
    settle_all();
    let cache_path = dir.path().join("cache/library-cache.json");
    let discover = || {
        Sources::discover_cached(
            std::slice::from_ref(&lib),
            Some(&mut MetaCache::open_feeds(&cache_path)),
        )
    };
    let kept_files = || -> Vec<std::path::PathBuf> {
        fs::read_dir(dir.path().join("cache"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().contains(".sources-"))
                    .collect()
            })
            .unwrap_or_default()
    };

    let walked = discover();
    assert_eq!(walked.editions.len(), 4);
    let kept = kept_files();
    assert_eq!(kept.len(), 1, "the discovery is kept: {kept:?}");
    assert_eq!(
        described(&discover()),
        described(&walked),
        "the same editions"
    );
    // It is the kept discovery that answers: what it says is what comes back.
    // (The same number of bytes: the id and its file's name, each as long as before.)
    let mut planted = fs::read(&kept[0]).expect("read");
    let (from, to) = (b"ribao-2014-05-06", b"kept-02014-05-06");
    let mut at = 0;
    while let Some(n) = planted[at..].windows(from.len()).position(|w| w == from) {
        planted[at + n..at + n + from.len()].copy_from_slice(to);
        at += n + from.len();
    }
    assert!(at > 0, "the id is in the kept file");
    fs::write(&kept[0], planted).expect("write");
    assert!(
        described(&discover())
            .iter()
            .any(|e| e.contains("kept-02014"))
    );

    // A file added to a folder: found, whatever the kept discovery says.
    write(&folders[1].join("ribao-2014-05-07.md"), "日报");
    let added = discover();
    assert_eq!(added.editions.len(), 5);
    assert!(added.editions.iter().any(|e| e.id == "ribao-2014-05-07"));
    assert!(!described(&added).iter().any(|e| e.contains("kept-02014")));
    // Removed, and renamed, once the folders have settled again.
    settle_all();
    discover();
    fs::remove_file(folders[0].join("ribao-2013-01-01.md")).expect("removed");
    let removed = discover();
    assert_eq!(removed.editions.len(), 4);
    assert!(!removed.editions.iter().any(|e| e.id == "ribao-2013-01-01"));
    settle_all();
    discover();
    fs::rename(
        folders[2].join("zhoumo-2014-05-10.md"),
        folders[2].join("zhoumo-2014-05-11.md"),
    )
    .expect("renamed");
    let renamed = discover();
    assert!(renamed.editions.iter().any(|e| e.id == "zhoumo-2014-05-11"));
    assert!(!renamed.editions.iter().any(|e| e.id == "zhoumo-2014-05-10"));
    // A new folder in the library: its editions are found.
    settle_all();
    discover();
    fs::create_dir(lib.join("wanbao")).expect("mkdir");
    write(&lib.join("wanbao/wanbao-2015-01-01.md"), "晚报");
    assert!(
        discover()
            .editions
            .iter()
            .any(|e| e.id == "wanbao-2015-01-01")
    );
}

/// Only a library whose editions follow from names is kept: a folder that changed a moment ago
/// (its time could stay the same through another change), or a file whose contents decide
/// what it is, leaves nothing kept.
#[test]
fn an_unsettled_library_or_one_read_by_contents_is_never_kept() {
    use kanbao::library::sources::Sources;
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).expect("mkdir");
    write(&lib.join("ribao-2013-01-01.md"), "日报");
    let cache_path = dir.path().join("cache/library-cache.json");
    let discover = || {
        Sources::discover_cached(
            std::slice::from_ref(&lib),
            Some(&mut MetaCache::open_feeds(&cache_path)),
        )
    };
    let kept = || {
        fs::read_dir(dir.path().join("cache")).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().contains(".sources-"))
        })
    };
    discover();
    assert!(!kept(), "a folder written a moment ago");
    fs::write(lib.join("notes-2013-01-02.txt"), "正文。\n").expect("write");
    settle(&lib);
    assert_eq!(discover().editions.len(), 2);
    assert!(!kept(), "a .txt file is sniffed: its contents decide");
    fs::remove_file(lib.join("notes-2013-01-02.txt")).expect("removed");
    settle(&lib);
    assert_eq!(discover().editions.len(), 1);
    assert!(kept(), "names alone again");
}

/// A feed edition, once read, is kept in the cache folder's `editions/` and read from there
/// while its files keep their size and time; a changed file, a damaged kept file or a file
/// still being written is read from the feed.
#[test]
fn a_feed_edition_is_kept_once_read_and_never_shown_stale() {
    let (dir, lib, feed) = feed_library();
    let rss = |title: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\
             <item><title>{title}</title><link>https://gazette.example/2026/08/21/a</link>\
             <description>The {title} story.</description></item></channel></rss>"
        )
    };
    let kept_dir = dir.path().join("cache/kanbao/editions");
    let kept_files = || -> Vec<std::path::PathBuf> {
        fs::read_dir(&kept_dir)
            .map(|d| d.map(|e| e.expect("entry").path()).collect())
            .unwrap_or_default()
    };
    let list = || kanbao_cached(dir.path(), &lib, &["list"]);

    // Just written: read, and not kept (the file may still be being written).
    fs::write(&feed, rss("Park")).expect("write");
    assert!(list().contains("Park"));
    assert!(kept_files().is_empty(), "{:?}", kept_files());

    // Settled: read once, then kept.
    let then = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&feed, then);
    let first = list();
    assert!(first.contains("Park"), "{first}");
    assert_eq!(kept_files().len(), 1, "{:?}", kept_files());

    // Same size and time, another word: the kept edition is what is shown (the feed was not
    // parsed again), as the discovery cache trusts a file's size and time.
    fs::write(&feed, rss("Pond")).expect("write");
    set_mtime(&feed, then);
    assert_eq!(list(), first);

    // A new time: the feed is read again.
    set_mtime(&feed, then + Duration::from_secs(60));
    let changed = list();
    assert!(
        changed.contains("Pond") && !changed.contains("Park"),
        "{changed}"
    );

    // A damaged kept file is read past, and kept anew.
    let kept = kept_files().pop().expect("a kept file");
    let whole = fs::read(&kept).expect("read");
    for damaged in [&whole[..whole.len() / 2], b"garbage".as_slice()] {
        fs::write(&kept, damaged).expect("write");
        assert_eq!(list(), changed);
        assert_eq!(fs::read(&kept).expect("read"), whole, "kept anew");
    }
}

/// A temporary folder with an empty library folder `feeds/` in it, and the path of the feed
/// file `gazette.xml` there (not written yet).
fn feed_library() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("feeds");
    fs::create_dir(&lib).expect("mkdir");
    let feed = lib.join("gazette.xml");
    (dir, lib, feed)
}

/// `kanbao -L LIB ARGS` with its cache in `DIR/cache` and its configuration in `DIR/config`
/// (none unless a test writes one); what it printed.
fn kanbao_cached(dir: &Path, lib: &Path, args: &[&str]) -> String {
    let out = kanbao_cached_run(dir, lib, args);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn kanbao_cached_run(dir: &Path, lib: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kanbao"))
        .arg("-L")
        .arg(lib)
        .args(args)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .output()
        .expect("kanbao runs")
}

/// A kept edition is no way past the size cap: a feed file over a lowered `max_file_mb` is
/// refused with the cap's message, as it would be with no cache.
#[test]
fn a_kept_edition_of_a_feed_over_a_lowered_cap_is_refused() {
    let (dir, lib, feed) = feed_library();
    let long = "word ".repeat(250_000);
    fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\
             <item><title>Park</title><link>https://gazette.example/2026/08/21/a</link>\
             <description>{long}</description></item></channel></rss>"
        ),
    )
    .expect("write");
    set_mtime(&feed, SystemTime::now() - Duration::from_secs(3600));
    assert!(kanbao_cached(dir.path(), &lib, &["list"]).contains("Park"));
    assert!(
        dir.path()
            .join("cache/kanbao/editions")
            .read_dir()
            .expect("kept")
            .count()
            == 1
    );

    let config = dir.path().join("config/kanbao");
    fs::create_dir_all(&config).expect("mkdir");
    fs::write(config.join("config.toml"), "max_file_mb = 1\n").expect("write");
    let out = kanbao_cached_run(dir.path(), &lib, &["list"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("Park"),
        "{out:?}"
    );
    assert!(said.contains("raise max_file_mb"), "{said}");
}
