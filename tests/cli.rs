//! The command line as scripts and people use it: `list`, `list --json`, `check`, the default
//! library, and a closed pipe.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::cli::{kanbao, repo, run, stderr, stdout};

#[test]
fn list_json_shows_the_sample_structure() {
    let sample = repo().join("editions/xuchang-daily-2023-02-28.txt");
    let output = run(
        &["list", "--json", "-L", sample.to_str().expect("UTF-8 path")],
        &repo(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let edition = &json["editions"][0];
    assert_eq!(edition["id"], "xuchang-daily-2023-02-28");
    assert_eq!(edition["paper"], "许昌日报");
    assert_eq!(edition["date"], "2023-02-28");
    let items = edition["pages"][0]["items"].as_array().expect("items");
    assert_eq!(items.len(), 9);
    let kinds: Vec<&str> = items
        .iter()
        .map(|i| i["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "article", "article", "article", "article", "banner", "article", "article", "photo",
            "article"
        ]
    );
    let keys = [
        "id",
        "kind",
        "kicker",
        "headline",
        "subtitle",
        "column",
        "byline",
        "dateline",
        "continued_from",
        "continued_to",
        "continued_from_id",
        "continued_to_id",
        "subheads",
        "paragraphs",
        "caption",
        "credit",
    ];
    for item in items {
        for key in keys {
            assert!(item.get(key).is_some(), "item {} lacks {key}", item["id"]);
        }
    }
    assert_eq!(
        items[1]["kicker"],
        "“岗位+技能”“政府+金融”“政府+慈善+社会力量”……"
    );
    assert_eq!(
        items[3]["subheads"][0],
        "电动汽车快速发展—— 充换电业务将迎“爆发增长”"
    );
    assert_eq!(items[2]["continued_from"], "1");
    assert!(items[2]["continued_from_id"].is_null());
    assert_eq!(items[7]["credit"], "本报记者 谭宜姝 摄");
    assert!(
        items[4]["byline"].is_null()
            && items[4]["paragraphs"].as_array().is_some_and(Vec::is_empty)
    );
}

#[test]
fn raw_seed_loads_with_the_same_articles() {
    let seed = repo().join("../shared/seeds/000_f409d700cfb95473.txt");
    if !seed.exists() {
        eprintln!("{} not found; skipped", seed.display());
        return;
    }
    let raw = run(
        &["list", "--json", "-L", seed.to_str().expect("UTF-8 path")],
        &repo(),
    );
    let shipped = run(
        &[
            "list",
            "--json",
            "-L",
            "editions/xuchang-daily-2023-02-28.txt",
        ],
        &repo(),
    );
    let items = |output: &Output| -> Vec<serde_json::Value> {
        let json: serde_json::Value = serde_json::from_str(&stdout(output)).expect("valid JSON");
        json["editions"][0]["pages"][0]["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i["id"] = serde_json::Value::Null;
                i["line"] = serde_json::Value::Null;
                i
            })
            .collect()
    };
    assert_eq!(items(&raw), items(&shipped));
}

#[test]
fn with_no_library_the_embedded_sample_opens_from_anywhere() {
    let empty = tempfile::tempdir().expect("tempdir");
    let output = run(&["list"], empty.path());
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.starts_with("许昌日报  2023-02-28  [xuchang-daily-2023-02-28]"),
        "{text}"
    );
    assert!(
        text.contains("xuchang-daily-2023-02-28/1/9  襄城县丁营乡:移风易俗润心田"),
        "{text}"
    );
    assert!(text.contains("[图片]"), "{text}");
}

#[test]
fn check_reports_file_line_and_fails_on_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("bad.md"),
        "+++\ndate = \"soon\"\n+++\n# 标题\n\n会议要求,一要全力抓好安全生产,做好问题楼盘\n\n处置。\n",
    )
    .expect("write");
    let output = run(&["check", "."], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("./bad.md:2: error: front matter"), "{text}");
    assert!(
        text.contains("./bad.md:8: warning: paragraph split mid-sentence"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 error(s), 1 warning(s)"));

    let good = run(&["check", "editions/xuchang-weekend-2023-02-25"], &repo());
    assert_eq!(good.status.code(), Some(0), "{}", stdout(&good));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = kanbao()
        .args(["list", "--json", "-L", "editions"])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kanbao runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("kanbao exits");
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_missing_library_path_is_named() {
    let output = run(&["list", "-L", "no/such/dir"], &repo());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no/such/dir") && stderr.contains("cannot open"),
        "{stderr}"
    );
}

#[test]
fn read_sets_every_sample_article_within_the_width() {
    const NO_START: &str = "、，。；：？！”’）》」』】";
    const NO_END: &str = "“‘（《「『【";
    let list = run(
        &[
            "list",
            "--json",
            "-L",
            "editions/xuchang-daily-2023-02-28.txt",
        ],
        &repo(),
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&list)).expect("valid JSON");
    let ids: Vec<String> = json["editions"][0]["pages"][0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("an id").to_owned())
        .collect();
    assert_eq!(ids.len(), 9);
    for width in [20, 41, 80] {
        for id in &ids {
            let output = run(
                &[
                    "read",
                    id,
                    "--width",
                    &width.to_string(),
                    "-L",
                    "editions/xuchang-daily-2023-02-28.txt",
                ],
                &repo(),
            );
            assert!(
                output.status.success(),
                "{id}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let text = stdout(&output);
            assert!(!text.contains('\u{1b}'), "plain text when not a terminal");
            let lines: Vec<&str> = text.lines().collect();
            for (n, line) in lines.iter().enumerate() {
                use unicode_width::UnicodeWidthStr;
                assert!(line.width() <= width, "{id} at {width}: too wide: {line:?}");
                let body = line.trim_start_matches('\u{3000}');
                let continues = n > 0 && !lines[n - 1].is_empty() && !line.starts_with('\u{3000}');
                if continues && body.chars().count() > 1 {
                    let first = body.chars().next().unwrap_or(' ');
                    assert!(
                        !NO_START.contains(first),
                        "{id} at {width}: line starts with '{first}': {line:?}"
                    );
                }
                let end_char = body.chars().last().unwrap_or(' ');
                let next_continues = lines
                    .get(n + 1)
                    .is_some_and(|l| !l.is_empty() && !l.starts_with('\u{3000}'));
                if next_continues && body.chars().count() > 1 {
                    assert!(
                        !NO_END.contains(end_char),
                        "{id} at {width}: line ends with '{end_char}': {line:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn read_prints_the_continuation_after_a_divider_and_rejects_unknown_ids() {
    let output = run(
        &[
            "read",
            "xuchang-weekend-2023-02-25/1/1",
            "-w",
            "60",
            "-L",
            "editions",
        ],
        &repo(),
    );
    let text = stdout(&output);
    let divider = text
        .find("(上接第1版)")
        .expect("a divider before the continuation");
    let continuation = text
        .find("夜市开放首周客流平稳")
        .expect("the continuation's headline");
    assert!(
        text.find("文峰广场周末开放夜市")
            .is_some_and(|first| first < divider && divider < continuation),
        "{text}"
    );
    let english = stdout(&run(
        &[
            "read",
            "springfield-gazette-2023-02-27/A1/1",
            "-L",
            "editions",
        ],
        &repo(),
    ));
    assert!(english.contains("Continued from Page A1 ─"), "{english}");
    let raw = stdout(&run(
        &["read", "xuchang-daily-2023-02-28/1/1", "--raw", "-w", "80"],
        &repo(),
    ));
    assert!(
        raw.contains("本报讯(记者王利辉)2月27日,市政府"),
        "--raw keeps the stored punctuation: {raw}"
    );
    let missing = run(&["read", "xuchang-daily-2023-02-28/1/99"], &repo());
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("no article 'xuchang-daily-2023-02-28/1/99'")
            && stderr.contains("kanbao list"),
        "{stderr}"
    );
}

#[test]
fn check_counts_each_edition_once_and_only_what_it_is_given() {
    let twice = run(&["-L", "editions", "check", "editions"], &repo());
    assert!(
        stderr(&twice).contains("checked 3 edition(s)"),
        "{}",
        stderr(&twice)
    );
    let overlap = run(
        &[
            "check",
            "editions",
            "editions/springfield-gazette-2023-02-27.md",
        ],
        &repo(),
    );
    assert!(
        stderr(&overlap).contains("checked 3 edition(s)"),
        "{}",
        stderr(&overlap)
    );
    let one = run(
        &[
            "-L",
            "editions",
            "check",
            "editions/springfield-gazette-2023-02-27.md",
        ],
        &repo(),
    );
    assert!(
        stderr(&one).contains("checked 1 edition(s)"),
        "{}",
        stderr(&one)
    );
    assert!(!stdout(&one).contains("xuchang"), "{}", stdout(&one));
}

#[test]
fn the_continuation_divider_fits_narrow_widths() {
    for width in ["8", "12", "20"] {
        let output = run(
            &[
                "-L",
                "editions",
                "read",
                "springfield-gazette-2023-02-27/A1/1",
                "--width",
                width,
            ],
            &repo(),
        );
        let text = stdout(&output);
        assert!(text.replace('\n', " ").contains("Page A1"), "{text}");
        let cols: usize = width.parse().expect("a number");
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= cols,
                "{line:?} is wider than {cols}"
            );
        }
    }
}

/// A file that does not parse as config.toml, to show a command does not need one.
fn broken_config(dir: &Path) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, "mouse = maybe\n").expect("config written");
    path
}

#[test]
fn completions_cover_every_subcommand_in_every_shell_even_with_a_broken_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = broken_config(dir.path());
    let config = config.to_str().expect("UTF-8 path");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["--config", config, "completions", shell], dir.path());
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = stdout(&out);
        for sub in [
            "list",
            "read",
            "search",
            "fetch",
            "bookmarks",
            "completions",
            "man",
        ] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(script.contains("since"), "{shell}: the options of search");
    }
    let bash = run(&["completions", "bash"], dir.path());
    let script = dir.path().join("kanbao.bash");
    std::fs::write(&script, &bash.stdout).expect("script written");
    // bash takes the script and registers a completion for `kanbao`.
    let loaded = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p kanbao",
            script.display()
        ))
        .output();
    if let Ok(loaded) = loaded {
        assert!(loaded.status.success(), "{loaded:?}");
        assert!(stdout(&loaded).contains("kanbao"), "{loaded:?}");
    }
}

#[test]
fn the_manual_page_has_the_options_keys_files_and_every_subcommand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["man"], dir.path());
    assert!(out.status.success(), "{out:?}");
    let page = stdout(&out);
    assert!(page.contains(".TH kanbao 1"), "a section 1 page");
    for section in [
        "SYNOPSIS",
        "OPTIONS",
        "SUBCOMMANDS",
        "KEYS",
        "FILES",
        "ENVIRONMENT",
    ] {
        assert!(
            page.contains(&format!(".SH {section}")),
            "missing {section}"
        );
    }
    // The keys come from the keymap: the bookmark key with its description.
    assert!(page.contains("toggle bookmark"), "{page}");
    assert!(page.contains("bookmarks.toml"));

    let pages = dir.path().join("man");
    let out = run(
        &["man", "--dir", pages.to_str().expect("UTF-8 path")],
        dir.path(),
    );
    assert!(out.status.success(), "{out:?}");
    for name in [
        "kanbao.1",
        "kanbao-search.1",
        "kanbao-bookmarks.1",
        "kanbao-bookmarks-add.1",
    ] {
        let text = std::fs::read_to_string(pages.join(name)).unwrap_or_default();
        assert!(text.contains(".SH SYNOPSIS"), "{name} written");
    }
    let main_page = std::fs::read_to_string(pages.join("kanbao.1")).expect("main page");
    assert!(
        main_page.contains(".SH KEYS"),
        "the main page has kanbao's sections"
    );
    let search = std::fs::read_to_string(pages.join("kanbao-search.1")).expect("search page");
    assert!(search.contains("since"), "search's own options");
}
