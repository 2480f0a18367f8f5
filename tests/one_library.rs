//! One library without `-L`: `./editions`, the configured library folders, the papers folder
//! and `[fetch] into`, all at once, the same for `list`, `search`, `bookmarks` and the reader.

mod support;

use support::cli::{kanbao_at_home, repo};

#[test]
fn a_fresh_start_with_editions_and_a_papers_folder_lists_both() {
    let home = tempfile::tempdir().expect("a temp home");
    let local = home.path().join("editions");
    let papers = home.path().join("data/kanbao/papers");
    let into = home.path().join("fetched");
    for dir in [&local, &papers, &into] {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::copy(
        repo().join("editions/xuchang-daily-2023-02-28.txt"),
        local.join("xuchang-daily-2023-02-28.txt"),
    )
    .expect("copied");
    std::fs::copy(
        repo().join("editions/springfield-gazette-2023-02-27.md"),
        papers.join("springfield-gazette-2023-02-27.md"),
    )
    .expect("copied");
    let weekend = repo().join("editions/xuchang-weekend-2023-02-25");
    let target = into.join("xuchang-weekend-2023-02-25");
    std::fs::create_dir_all(&target).expect("mkdir");
    for entry in std::fs::read_dir(&weekend).expect("the weekend sample") {
        let entry = entry.expect("an entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copied");
        }
    }
    let config = home.path().join("config/kanbao");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(
        config.join("config.toml"),
        format!("[fetch]\ninto = \"{}\"\n", into.display()),
    )
    .expect("written");

    let out = kanbao_at_home(home.path(), &["list"])
        .output()
        .expect("kanbao list runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    for paper in ["许昌日报", "The Springfield Gazette", "许昌周末"] {
        assert!(text.contains(paper), "{paper} missing from:\n{text}");
    }
    // Search sees the same library.
    let out = kanbao_at_home(home.path(), &["search", "River Park"])
        .output()
        .expect("kanbao search runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Council Backs River Park Plan"), "{text}");
}
