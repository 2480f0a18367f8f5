//! `kanbao fetch` and `kanbao sources` as a user runs them, against a loopback e-paper: the
//! configured source lands in the papers folder the reader always includes, the summary names
//! what was written and what failed, and the exit code says whether a named source failed.

mod support;

use std::path::Path;
use std::process::Output;

use support::cli::{kanbao_at_home, stderr, stdout};
use support::fetch_server::{DayPage, Server, Story, TEMPLATE_PATH, serve_day};

/// `kanbao ARGS` with its home in `home`, colour off.
fn kanbao(home: &Path, args: &[&str]) -> Output {
    kanbao_at_home(home, args)
        .env("NO_COLOR", "1")
        .output()
        .expect("kanbao runs")
}

#[test]
#[allow(clippy::too_many_lines)] // one user session: fetch, list, again, force, fail
fn fetch_writes_into_the_papers_folder_and_the_reader_finds_it() {
    let server = Server::start();
    let mut lead = Story::new("湖滨新区社区服务站全部建成");
    lead.kicker = Some("推进基层治理现代化".into());
    serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories: vec![lead, Story::new("秋粮收购有序开展")],
        }],
    );
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    std::fs::create_dir_all(home.join("config/kanbao")).expect("mkdir");
    std::fs::write(
        home.join("config/kanbao/config.toml"),
        format!(
            "[fetch]\ndelay_ms = 0\n\n[[sources]]\nname = \"rmrb\"\npreset = \"rmrb\"\nepaper = \"{}\"\n\n[[sources]]\nname = \"gone\"\nepaper = \"{}\"\n",
            server.url(TEMPLATE_PATH),
            server.url("/nowhere/{yyyy}{mm}{dd}.html"),
        ),
    )
    .expect("config");

    let sources = kanbao(home, &["sources"]);
    let listed = stdout(&sources);
    assert!(listed.contains("rmrb  人民日报  (e-paper)"), "{listed}");
    assert!(listed.contains("never fetched"), "{listed}");

    let fetch = kanbao(home, &["fetch", "rmrb", "--date", "2026-08-21"]);
    let summary = stdout(&fetch);
    assert_eq!(fetch.status.code(), Some(0), "{summary}{}", stderr(&fetch));
    assert!(summary.contains("1 pages, 2 articles"), "{summary}");
    assert!(
        summary.contains("rmrb: read as founder pc/layout"),
        "{summary}"
    );
    assert!(
        summary.contains("fetched 1 edition(s), 2 article(s)"),
        "{summary}"
    );
    assert!(
        home.join("data/kanbao/papers/人民日报-2026-08-21/edition.toml")
            .is_file(),
        "written into the papers folder"
    );

    // The reader's library includes the papers folder without being told.
    let list = kanbao(home, &["list"]);
    let tree = stdout(&list);
    assert!(
        tree.contains("人民日报  2026-08-21  [人民日报-2026-08-21]"),
        "{tree}"
    );
    assert!(tree.contains("湖滨新区社区服务站全部建成"), "{tree}");

    // Again: complete already, nothing written; --json for scripts.
    let again = kanbao(home, &["fetch", "rmrb", "--date", "2026-08-21", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(json["editions"], 0, "{json}");
    assert_eq!(
        json["sources"][0]["up_to_date"].as_array().map(Vec::len),
        Some(1)
    );

    // Nothing was read, so no template is claimed.
    assert!(json["sources"][0]["template"].is_null(), "{json}");
    let again = kanbao(home, &["fetch", "rmrb", "--date", "2026-08-21"]);
    let said = stdout(&again);
    assert!(said.contains("up to date"), "{said}");
    assert!(!said.contains("fetched 0 edition(s)"), "{said}");

    let sources = kanbao(home, &["sources"]);
    let listed = stdout(&sources);
    assert!(
        listed.contains("0 edition(s) written, 1 complete already"),
        "{listed}"
    );

    // --force fetches the complete edition again and replaces it in place.
    let toml = home.join("data/kanbao/papers/人民日报-2026-08-21/edition.toml");
    std::fs::write(
        &toml,
        std::fs::read_to_string(&toml).expect("edition.toml") + "# old\n",
    )
    .expect("marked");
    let forced = kanbao(home, &["fetch", "rmrb", "--date", "2026-08-21", "--force"]);
    let said = stdout(&forced);
    assert_eq!(forced.status.code(), Some(0), "{said}");
    assert!(
        said.contains("fetched 1 edition(s), 2 article(s)"),
        "{said}"
    );
    assert!(
        !std::fs::read_to_string(&toml)
            .expect("edition.toml")
            .contains("# old"),
        "the folder was replaced"
    );

    // Every source, none named: one of them failing entirely makes the exit code 1.
    let all = kanbao(home, &["fetch", "--date", "2026-08-21"]);
    assert_eq!(all.status.code(), Some(1), "{}", stdout(&all));

    // A named source that brings nothing fails, naming the address and the reason.
    let gone = kanbao(home, &["fetch", "gone", "--date", "2026-08-21"]);
    assert_eq!(gone.status.code(), Some(1));
    let said = stdout(&gone);
    assert!(said.contains("gone: failed: http://127.0.0.1"), "{said}");
    assert!(said.contains("404"), "{said}");

    let unknown = kanbao(home, &["fetch", "nyt"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("no source is named 'nyt'; the sources are rmrb, gone"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_presets_are_listed_with_their_addresses() {
    let home = tempfile::tempdir().expect("a temp home");
    let output = kanbao(home.path(), &["sources", "--presets"]);
    assert_eq!(output.status.code(), Some(0));
    let listed = stdout(&output);
    for line in [
        "rmrb     人民日报  (founder pc/layout)  https://paper.people.com.cn/rmrb/pc/layout/{yyyy}{mm}/{dd}/node_01.html",
        "amrb     澳门日报  (founder classic)  https://www.macaodaily.com/html/{yyyy}-{mm}/{dd}/node_2.htm",
        "sztqb    深圳特区报",
        "mrdx     新华每日电讯",
    ] {
        assert!(listed.contains(line), "{line}\n{listed}");
    }
    assert!(listed.lines().count() >= 13, "{listed}");
}

#[test]
fn a_bad_source_in_config_names_its_line() {
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let config = home.join("bad.toml");
    std::fs::write(&config, "[[sources]]\nname = \"a\"\npreset = \"nyt\"\n").expect("config");
    let output = kanbao(
        home,
        &["--config", config.to_str().expect("UTF-8"), "fetch"],
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("unknown preset 'nyt'"), "{err}");
}

/// A fetch into a library with a search index brings the index up to date: the new paper is
/// found through the index at once, with nothing left to scan.
#[test]
fn fetched_editions_are_added_to_the_search_index() {
    let server = Server::start();
    serve_day(
        &server,
        &[DayPage {
            name: "要闻".into(),
            stories: vec![Story::new("湖滨新区社区服务站全部建成")],
        }],
    );
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let library = home.join("library");
    std::fs::create_dir_all(&library).expect("mkdir");
    std::fs::write(
        library.join("older-times-2026-08-20.md"),
        "# 秋粮收购有序开展\n\n各地秋粮收购有序开展。\n",
    )
    .expect("an edition");
    std::fs::create_dir_all(home.join("config/kanbao")).expect("mkdir");
    std::fs::write(
        home.join("config/kanbao/config.toml"),
        format!(
            "library = [\"{}\"]\n\n[fetch]\ndelay_ms = 0\ninto = \"{}\"\n\n[[sources]]\nname = \"rmrb\"\npreset = \"rmrb\"\nepaper = \"{}\"\n",
            library.display(),
            library.display(),
            server.url(TEMPLATE_PATH),
        ),
    )
    .expect("config");
    let index = kanbao(home, &["index"]);
    assert!(
        stdout(&index).starts_with("indexed 1 edition (1 articles)"),
        "{}{}",
        stdout(&index),
        stderr(&index)
    );
    let fetch = kanbao(home, &["fetch", "rmrb", "--date", "2026-08-21"]);
    let said = stderr(&fetch);
    assert_eq!(fetch.status.code(), Some(0), "{said}");
    assert!(said.contains("search index: indexed 1 edition"), "{said}");
    let search = kanbao(home, &["search", "--json", "社区服务站"]);
    let json: serde_json::Value = serde_json::from_slice(&search.stdout).expect("JSON");
    assert_eq!(json["index"], "complete", "{json}");
    assert_eq!(json["count"], 1, "{json}");
}
