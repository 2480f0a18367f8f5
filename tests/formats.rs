//! The accepted formats: a multi-page single file, a folder edition, an English edition, library
//! folders with names that carry the date, and continuation links across pages.

use std::fs;
use std::path::{Path, PathBuf};

use kanbao::edition::{Edition, Item, ItemKind};
use kanbao::formats::{load_bytes, load_file, load_folder};
use kanbao::library::Library;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn item<'a>(edition: &'a Edition, id: &str) -> &'a Item {
    edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn load_str(text: &str, name: &str) -> Edition {
    load_bytes(text.as_bytes(), Path::new(name))
}

#[test]
fn english_multi_page_file() {
    let edition = load_file(&repo("editions/springfield-gazette-2023-02-27.md")).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("The Springfield Gazette"));
    assert_eq!(edition.issue.as_deref(), Some("4127"));
    assert_eq!(edition.language.as_deref(), Some("en"));
    let pages: Vec<(&str, Option<&str>, usize)> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref(), p.items.len()))
        .collect();
    assert_eq!(
        pages,
        [("A1", Some("Front Page"), 2), ("B2", Some("Metro"), 3)]
    );

    let lead = item(&edition, "springfield-gazette-2023-02-27/A1/1");
    assert_eq!(lead.kicker.as_deref(), Some("After two years of hearings"));
    assert_eq!(
        lead.headline.as_deref(),
        Some("Council Backs River Park Plan")
    );
    assert_eq!(
        lead.subtitle.as_deref(),
        Some("Vote clears the way for work to begin in spring")
    );
    assert_eq!(lead.byline.as_deref(), Some("By JANE DOE"));
    assert_eq!(lead.dateline.as_deref(), Some("SPRINGFIELD —"));
    let body: Vec<&str> = lead.paragraphs().collect();
    assert_eq!(body.len(), 3);
    assert!(
        body[1].starts_with("Supporters said the plan would allow families"),
        "Latin text rejoins with a space: {}",
        body[1]
    );
    assert_eq!(lead.continued_to.as_deref(), Some("B2"));
    assert_eq!(
        lead.continued_to_id.as_deref(),
        Some("springfield-gazette-2023-02-27/B2/1")
    );

    let jump = item(&edition, "springfield-gazette-2023-02-27/B2/1");
    assert_eq!(jump.continued_from.as_deref(), Some("A1"));
    assert_eq!(
        jump.continued_from_id.as_deref(),
        Some("springfield-gazette-2023-02-27/A1/1")
    );
    assert!(
        jump.paragraphs()
            .next()
            .is_some_and(|p| p.starts_with("The mayor is expected")),
        "the jump line is navigation, not a paragraph: {:?}",
        jump.body
    );
    assert!(
        lead.paragraphs()
            .chain(jump.paragraphs())
            .all(|p| !p.contains("Continued")),
        "jump markers are shown once, as the link"
    );

    let photo = item(&edition, "springfield-gazette-2023-02-27/B2/2");
    assert_eq!(photo.kind, ItemKind::Photo);
    assert_eq!(
        photo.caption.as_deref(),
        Some("Volunteers plant trees along the riverbank on Saturday.")
    );
    assert_eq!(photo.credit.as_deref(), Some("Photo: Sam Reyes"));
    assert_eq!(
        item(&edition, "springfield-gazette-2023-02-27/B2/3")
            .byline
            .as_deref(),
        Some("By JOHN ROE")
    );
}

#[test]
fn folder_edition_pages_come_from_file_names() {
    let edition = load_folder(&repo("editions/xuchang-weekend-2023-02-25")).expect("loads");
    assert_eq!(edition.id, "xuchang-weekend-2023-02-25");
    assert_eq!(edition.paper.as_deref(), Some("许昌周末"));
    assert_eq!(edition.date.as_deref(), Some("2023-02-25"));
    let pages: Vec<(&str, Option<&str>)> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        pages,
        [("1", Some("要闻")), ("2", Some("城事"))],
        "02-city.md is renamed in edition.toml"
    );
    let front = item(&edition, "xuchang-weekend-2023-02-25/1/1");
    assert_eq!(front.kicker.as_deref(), Some("示例版面"));
    assert_eq!(
        (
            front.continued_to.as_deref(),
            front.continued_to_id.as_deref()
        ),
        (Some("2"), Some("xuchang-weekend-2023-02-25/2/1"))
    );
    let back = item(&edition, "xuchang-weekend-2023-02-25/2/1");
    assert_eq!(
        back.continued_from_id.as_deref(),
        Some("xuchang-weekend-2023-02-25/1/1")
    );
    assert!(edition.warnings.is_empty(), "{:?}", edition.warnings);
}

#[test]
fn folder_labels_are_normalised_and_overridable() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("edition.toml"),
        "paper = \"Gazette\"\n[pages.\"B02-sports.md\"]\nlabel = \"S1\"\n",
    )
    .expect("write");
    fs::write(dir.path().join("A01-front.md"), "# One\n\nText.\n").expect("write");
    fs::write(dir.path().join("B02-sports.md"), "# Two\n\nText.\n").expect("write");
    fs::write(dir.path().join("notes.json"), "{}").expect("write");
    let edition = load_folder(dir.path()).expect("loads");
    let pages: Vec<(&str, Option<&str>)> = edition
        .pages
        .iter()
        .map(|p| (p.label.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(pages, [("A1", Some("front")), ("S1", Some("sports"))]);
}

#[test]
fn page_blocks_split_a_file_and_links_follow_the_jump_back() {
    let text = "+++\npaper = \"日报\"\n+++\n\n# 城市更新提速\n\n本报讯 今年全市计划改造老旧小区120个。(下转第三版)\n\n\
                +++\npage = 2\n+++\n\n# 无关新闻\n\n(上接第一版)这条不应被连接。\n\n\
                +++\npage = \"03\"\nname = \"要闻\"\n+++\n\n# 天气\n\n晴。\n\n# 城市更新提速 改造惠及万户\n\n(上接第一版)改造将在年底前完成。\n";
    let edition = load_str(text, "ribao-2023-03-01.md");
    assert_eq!(
        edition.date.as_deref(),
        Some("2023-03-01"),
        "the date comes from the file name"
    );
    let labels: Vec<&str> = edition.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3"]);
    assert_eq!(edition.pages[2].name.as_deref(), Some("要闻"));
    let lead = item(&edition, "ribao-2023-03-01/1/1");
    assert_eq!(
        lead.continued_to_id.as_deref(),
        Some("ribao-2023-03-01/3/2"),
        "linked to the part that jumps back"
    );
    let unrelated = item(&edition, "ribao-2023-03-01/2/1");
    assert_eq!(
        unrelated.continued_from_id, None,
        "page 2's part does not jump from page 1's story"
    );
    assert!(
        edition
            .warnings
            .iter()
            .any(|w| w.line == Some(unrelated.line)
                && w.message.contains("no article there matches"))
    );
    let weather = item(&edition, "ribao-2023-03-01/3/1");
    assert_eq!(
        (
            weather.continued_from_id.as_ref(),
            weather.continued_to_id.as_ref()
        ),
        (None, None)
    );
}

#[test]
fn headline_words_pick_between_two_jumps_back() {
    let text = "# 高铁站扩建开工\n\n文字。(下转第二版)\n\n+++\npage = 2\n+++\n\n# 菜价平稳\n\n(上接第一版)菜价。\n\n# 高铁站扩建 年内完工\n\n(上接第一版)工程。\n";
    let edition = load_str(text, "x.md");
    assert_eq!(
        item(&edition, "x/1/1").continued_to_id.as_deref(),
        Some("x/2/2")
    );
    assert_eq!(
        item(&edition, "x/2/2").continued_from_id.as_deref(),
        Some("x/1/1")
    );
    assert_eq!(item(&edition, "x/2/1").continued_from_id, None);
}

#[test]
fn a_jump_to_a_missing_page_is_kept_and_reported() {
    let edition = load_str("# 标题\n\n正文。(下转第九版)\n", "x.md");
    let lead = item(&edition, "x/1/1");
    assert_eq!(
        (
            lead.continued_to.as_deref(),
            lead.continued_to_id.as_deref()
        ),
        (Some("9"), None)
    );
    assert!(edition.warnings.iter().any(|w| {
        w.message
            .contains("page 9, which this edition does not have")
    }));
}

#[test]
fn libraries_are_searched_recursively_with_names_as_metadata() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("xuchang-daily/2023")).expect("mkdir");
    fs::create_dir_all(root.join("gazette/2023-03-02")).expect("mkdir");
    fs::create_dir_all(root.join("other")).expect("mkdir");
    fs::write(
        root.join("xuchang-daily/2023/xuchang-daily-2023-02-28.md"),
        "# 一\n\n文。\n",
    )
    .expect("write");
    fs::write(root.join("xuchang-daily/2023-03-01.txt"), "# 二\n\n文。\n").expect("write");
    fs::write(root.join("gazette/2023-03-02/edition.toml"), "").expect("write");
    fs::write(
        root.join("gazette/2023-03-02/1-front.md"),
        "# Three\n\nText.\n",
    )
    .expect("write");
    fs::write(root.join("other/2023-03-01.txt"), "# 四\n\n文。\n").expect("write");
    fs::write(root.join("other/readme.pdf"), "not an edition").expect("write");
    fs::write(root.join(".hidden.md"), "# hidden\n").expect("write");
    let library = Library::load(&[root.to_owned()]);
    let found: Vec<(&str, Option<&str>, Option<&str>)> = library
        .editions
        .iter()
        .map(|e| (e.id.as_str(), e.paper.as_deref(), e.date.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("gazette-2023-03-02", Some("gazette"), Some("2023-03-02")),
            ("other-2023-03-01", Some("other"), Some("2023-03-01")),
            (
                "xuchang-daily-2023-02-28",
                Some("xuchang-daily"),
                Some("2023-02-28")
            ),
            (
                "xuchang-daily-2023-03-01",
                Some("xuchang-daily"),
                Some("2023-03-01")
            ),
        ]
    );
    // A file no reader takes is reported, never ignored silently.
    let skipped: Vec<String> = library
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].contains("other/readme.pdf: warning: skipped: '.pdf' is not a format"),
        "{skipped:?}"
    );
}

#[test]
fn repeated_ids_are_made_unique_with_their_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["a", "b"] {
        fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        let text = "# 甲\n\n文。(下转第二版)\n\n+++\npage = 2\n+++\n\n# 甲乙\n\n(上接第一版)文。\n";
        fs::write(dir.path().join(sub).join("paper.md"), text).expect("write");
    }
    let library = Library::load(&[dir.path().to_owned()]);
    let ids: Vec<&str> = library.editions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["paper", "paper-2"]);
    let second = &library.editions[1];
    assert_eq!(second.pages[0].items[0].id, "paper-2/1/1");
    assert_eq!(
        second.pages[0].items[0].continued_to_id.as_deref(),
        Some("paper-2/2/1")
    );
    let back = library
        .item("paper-2/2/1")
        .map(|(_, _, i)| i.continued_from_id.as_deref());
    assert_eq!(back, Some(Some("paper-2/1/1")));
}

#[test]
fn a_lazy_library_parses_on_demand_and_keeps_a_bounded_cache() {
    let dir = tempfile::tempdir().expect("tempdir");
    let count = kanbao::library::MAX_LOADED + 6;
    for n in 0..count {
        let text = format!("+++\npaper = \"日报\"\n+++\n\n# 第{n}期头条\n\n正文。\n");
        fs::write(
            dir.path().join(format!("ribao-2023-01-{:02}.md", n + 1)),
            text,
        )
        .expect("write");
    }
    // The same name in a folder sorted last: its id becomes unique, and stays so when parsed.
    fs::create_dir(dir.path().join("zz")).expect("mkdir");
    let copy =
        "# 副本\n\n正文。(下转第二版)\n\n+++\npage = 2\n+++\n\n# 副本续\n\n(上接第一版)续。\n";
    fs::write(dir.path().join("zz/ribao-2023-01-01.md"), copy).expect("write");
    let mut library = Library::discover(&[dir.path().to_owned()]);
    assert_eq!(library.editions.len(), count + 1);
    assert!(
        library.editions.iter().all(|e| e.pages.is_empty()),
        "nothing parsed at discovery"
    );
    assert_eq!(
        library.editions[0].paper.as_deref(),
        Some("日报"),
        "front matter read at discovery"
    );
    assert_eq!(library.editions[0].date.as_deref(), Some("2023-01-01"));
    let copy_idx = count;
    assert_eq!(library.editions[copy_idx].id, "ribao-2023-01-01-2");

    library.ensure_loaded(copy_idx).expect("loads");
    let lead = &library.editions[copy_idx].pages[0].items[0];
    assert_eq!(lead.id, "ribao-2023-01-01-2/1/1");
    assert_eq!(
        lead.continued_to_id.as_deref(),
        Some("ribao-2023-01-01-2/2/1")
    );
    for idx in 0..count {
        library.ensure_loaded(idx).expect("loads");
        let headline = library.editions[idx].pages[0].items[0].headline.clone();
        assert_eq!(headline, Some(format!("第{idx}期头条")));
    }
    let loaded = (0..library.editions.len())
        .filter(|&i| library.is_loaded(i))
        .count();
    assert_eq!(
        loaded,
        kanbao::library::MAX_LOADED,
        "the least recently used go back to metadata"
    );
    assert!(!library.is_loaded(copy_idx) && library.editions[copy_idx].pages.is_empty());
    assert_eq!(
        library.editions[copy_idx].id, "ribao-2023-01-01-2",
        "metadata stays"
    );

    // A file that disappears after discovery is reported, not a panic.
    fs::remove_file(dir.path().join("ribao-2023-01-03.md")).expect("rm");
    let err = library.ensure_loaded(2).expect_err("the file is gone");
    assert!(err.to_string().contains("ribao-2023-01-03.md"), "{err}");
    assert!(library.diagnostics.contains(&err));
}

#[test]
fn image_lines_are_photos_with_their_pictures() {
    let text = "# 温室里的丰收\n\n本报记者 林小雨\n\n<https://paper.example/2026/08/21/a.html>\n\n![温室里的番茄长势正旺。](images/p1-1.jpg)\n\n本报记者 赵晴 摄\n\n八月的青川，温室里一片翠绿。\n\n![](images/p1-2.jpg)\n\n村民在家门口就业。\n\n# 稻浪金黄\n\n![农民在田间收割早稻。](https://paper.example/pic/a.jpg)\n\n新华社发\n";
    let edition = load_str(text, "qingchuan-2026-08-21.md");
    let lead = item(&edition, "qingchuan-2026-08-21/1/1");
    let photos = lead.photos();
    assert_eq!(photos.len(), 2, "{:?}", lead.body);
    assert_eq!(photos[0].caption.as_deref(), Some("温室里的番茄长势正旺。"));
    assert_eq!(photos[0].credit.as_deref(), Some("本报记者 赵晴 摄"));
    assert_eq!(photos[0].image.as_deref(), Some("images/p1-1.jpg"));
    assert_eq!(
        (photos[1].caption.as_deref(), photos[1].credit.as_deref()),
        (None, None)
    );
    assert_eq!(photos[1].image.as_deref(), Some("images/p1-2.jpg"));
    assert_eq!(lead.paragraphs().count(), 2);
    assert_eq!(
        lead.link.as_deref(),
        Some("https://paper.example/2026/08/21/a.html"),
        "<url> alone is where the article was published"
    );
    let picture = item(&edition, "qingchuan-2026-08-21/1/2");
    assert_eq!(picture.kind, ItemKind::Photo);
    assert_eq!(picture.headline.as_deref(), Some("稻浪金黄"));
    assert_eq!(
        picture.image.as_deref(),
        Some("https://paper.example/pic/a.jpg")
    );
    assert_eq!(picture.credit.as_deref(), Some("新华社发"));
}
