//! `list` and `check` visit every edition of a library through `Library::for_each_edition`:
//! parsed a few at a time on every core, visited in discovery order, each dropped back to its
//! metadata after its visit, and an unreadable one skipped with its diagnostic.

use std::fs;

use kanbao::library::Library;

#[test]
fn every_edition_is_visited_once_in_order_and_let_go_after() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // More editions than one round of parsing takes, and one that cannot be read.
    for n in 1..=23 {
        fs::write(
            dir.path().join(format!("paper-2024-01-{n:02}.md")),
            format!("+++\npaper = \"paper\"\n+++\n\n# 第{n}天的头条\n\n正文第{n}段。\n"),
        )
        .expect("write");
    }
    let mut library = Library::discover(&[dir.path().to_owned()]);
    // Gone between discovery and reading.
    fs::remove_file(dir.path().join("paper-2024-01-12.md")).expect("remove");
    let discovered: Vec<String> = library.editions.iter().map(|e| e.id.clone()).collect();
    assert_eq!(discovered.len(), 23);
    let mut visited = Vec::new();
    library
        .for_each_edition(|edition| {
            let headline = edition.pages[0].items[0].headline.clone();
            visited.push((edition.id.clone(), headline.unwrap_or_default()));
            Ok::<(), ()>(())
        })
        .expect("no visit fails");
    let ids: Vec<&str> = visited.iter().map(|(id, _)| id.as_str()).collect();
    let want: Vec<&str> = discovered
        .iter()
        .map(String::as_str)
        .filter(|id| !id.ends_with("-12"))
        .collect();
    assert_eq!(ids, want, "every readable edition once, in discovery order");
    for (id, headline) in &visited {
        let day: u32 = id
            .rsplit('-')
            .next()
            .and_then(|d| d.parse().ok())
            .expect("a day");
        assert_eq!(
            headline,
            &format!("第{day}天的头条"),
            "{id} was parsed as itself"
        );
    }
    assert!(
        (0..library.editions.len()).all(|idx| !library.is_loaded(idx)),
        "no edition stays parsed after its visit"
    );
    assert!(
        library
            .all_diagnostics()
            .any(|d| d.path.ends_with("paper-2024-01-12.md")),
        "the unreadable edition is reported"
    );
}

#[test]
fn a_failing_visit_stops_the_walk() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for n in 1..=9 {
        fs::write(
            dir.path().join(format!("paper-2024-02-{n:02}.md")),
            format!("# 头条{n}\n\n正文。\n"),
        )
        .expect("write");
    }
    let mut library = Library::discover(&[dir.path().to_owned()]);
    let mut seen = 0;
    let stopped = library.for_each_edition(|_| {
        seen += 1;
        if seen == 3 { Err("stop") } else { Ok(()) }
    });
    assert_eq!(stopped, Err("stop"));
    assert_eq!(seen, 3);
    assert!((0..library.editions.len()).all(|idx| !library.is_loaded(idx)));
}
