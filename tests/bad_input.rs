//! Damaged and hostile input: every file gets an answer, never a panic, and nothing that could
//! drive a terminal survives loading.

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use kanbao::edition::sanitize::is_clean;
use kanbao::edition::{Edition, ItemKind, Severity};
use kanbao::formats::load_bytes;
use kanbao::library::Library;

fn load(bytes: &[u8]) -> Edition {
    load_bytes(bytes, Path::new("bad.md"))
}

/// Every string the edition holds, for checks that must hold everywhere.
fn all_text(edition: &Edition) -> Vec<String> {
    let json = serde_json::to_value(edition).expect("an edition serialises");
    let mut out = Vec::new();
    collect(&json, &mut out);
    out
}

fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

#[test]
fn invalid_utf8_loads_with_a_located_warning() {
    let edition = load(b"# Title\n\nGood text, then \xff\xfe bad bytes.\n");
    let paragraph = edition.pages[0].items[0]
        .paragraphs()
        .next()
        .expect("a paragraph");
    assert_eq!(paragraph, "Good text, then \u{fffd}\u{fffd} bad bytes.");
    let warning = edition
        .warnings
        .iter()
        .find(|w| w.message.contains("invalid UTF-8"))
        .expect("a UTF-8 warning");
    assert_eq!(warning.line, Some(3));
    assert!(
        warning.message.contains("byte offset 25"),
        "{}",
        warning.message
    );
    assert_eq!(
        warning.to_string(),
        format!("bad.md:3: warning: {}", warning.message)
    );
}

#[test]
fn bom_and_line_endings() {
    for text in [
        "\u{feff}# 标题\r\n\r\n正文。\r\n",
        "# 标题\r\r正文。\r",
        "# 标题\n\n正文。",
    ] {
        let edition = load(text.as_bytes());
        let item = &edition.pages[0].items[0];
        assert_eq!(item.headline.as_deref(), Some("标题"), "{text:?}");
        assert_eq!(
            item.paragraphs().collect::<Vec<_>>(),
            ["正文。"],
            "{text:?}"
        );
    }
}

#[test]
fn controls_and_escape_sequences_are_stripped() {
    let text = "# Head\u{1b}[2J\u{1b}]0;pwned\u{7}line\n\nNUL\0 and BEL\u{7} and \u{1b}[31mred\u{1b}[0m and \u{9b}6n and \u{202e}bidi\u{202c}.\n\n## \u{1b}P+q\u{1b}\\sub\n";
    let edition = load(text.as_bytes());
    let item = &edition.pages[0].items[0];
    assert_eq!(item.headline.as_deref(), Some("Headline"));
    assert_eq!(
        item.paragraphs().next(),
        Some("NUL and BEL and red and  and bidi.")
    );
    for s in all_text(&edition) {
        assert!(
            is_clean(&s) && !s.contains('\u{1b}'),
            "unclean string {s:?}"
        );
    }
}

#[test]
fn megabyte_lines_load_whole() {
    let line = "很长的段落，".repeat(200_000);
    let text = format!("# 长\n\n{line}完。\n");
    let edition = load(text.as_bytes());
    let paragraph = edition.pages[0].items[0]
        .paragraphs()
        .next()
        .expect("the paragraph");
    assert_eq!(paragraph.len(), line.len() + "完。".len());
}

#[test]
fn empty_and_heading_only_files() {
    for text in ["", "\n\n\n", "\u{feff}"] {
        let edition = load(text.as_bytes());
        assert_eq!(edition.pages.len(), 1, "{text:?}");
        assert!(edition.pages[0].items.is_empty());
        assert!(
            edition
                .warnings
                .iter()
                .any(|w| w.message.contains("empty file"))
        );
    }
    let edition = load("# 一\n# 二\n## 副\n### 引\n# 三\n#\n".as_bytes());
    let items = &edition.pages[0].items;
    assert!(
        items.iter().all(|i| i.kind == ItemKind::Banner),
        "headings alone are banners: {items:?}"
    );
    let headlines: Vec<Option<&str>> = items.iter().map(|i| i.headline.as_deref()).collect();
    assert_eq!(headlines, [Some("一"), Some("二"), Some("三")]);
    assert_eq!(items[1].subtitle.as_deref(), Some("副"));
    assert_eq!(items[2].kicker.as_deref(), Some("引"));
    assert!(
        edition
            .warnings
            .iter()
            .any(|w| w.message.contains("empty heading") && w.line == Some(6))
    );
}

#[test]
fn malformed_front_matter_is_located_and_the_rest_still_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("a-bad.md"),
        "+++\npaper = \"x\"\ndate = 2023-02-30\n+++\n\n# 仍然可读\n\n正文。\n",
    )
    .expect("write");
    fs::write(dir.path().join("b-good.md"), "# 好\n\n正文。\n").expect("write");
    fs::write(
        dir.path().join("c-open.md"),
        "+++\npaper = \"x\"\n\n# 标题\n",
    )
    .expect("write");
    let library = Library::load(&[dir.path().to_owned()]);
    assert_eq!(library.editions.len(), 3);
    let bad = &library.editions[0];
    let error = bad
        .warnings
        .iter()
        .find(|w| w.severity == Severity::Error)
        .expect("an error");
    assert_eq!(error.line, Some(3), "the line of the bad date: {error}");
    assert!(error.message.contains("column"), "{error}");
    assert_eq!(bad.pages[0].items[0].headline.as_deref(), Some("仍然可读"));
    let open = &library.editions[2];
    assert!(open.warnings.iter().any(|w| w.severity == Severity::Error
        && w.line == Some(1)
        && w.message.contains("never closed")));
    assert!(library.editions[1].warnings.is_empty());
}

#[cfg(unix)]
#[test]
fn fifos_dangling_links_and_symlink_loops_are_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_owned();
    fs::write(root.join("ok.md"), "# 好\n\n正文。\n").expect("write");
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    std::os::unix::fs::symlink(root.join("missing.md"), root.join("dangling.md")).expect("symlink");
    fs::create_dir(root.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(&root, root.join("sub/loop")).expect("symlink");
    // Opening a FIFO blocks forever; the load must not, so it runs on a thread with a deadline.
    let (tx, rx) = mpsc::channel();
    let paths = vec![root.clone(), root.join("pipe.md")];
    std::thread::spawn(move || {
        let library = Library::load(&paths);
        let _ = tx.send(library);
    });
    let library = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("loading finishes despite the FIFO");
    let ids: Vec<&str> = library.editions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["ok"]);
    let messages: Vec<String> = library
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("pipe.md") && m.contains("not a regular file")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("dangling.md") && m.contains("target is missing")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("loop") && m.contains("already visited")),
        "{messages:?}"
    );
}

#[test]
fn missing_paths_are_errors_not_panics() {
    let library = Library::load(&[Path::new("/nonexistent/kanbao/path.md").to_owned()]);
    assert!(library.editions.is_empty());
    assert_eq!(library.diagnostics.len(), 1);
    assert_eq!(library.diagnostics[0].severity, Severity::Error);
}
