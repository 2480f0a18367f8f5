//! The real shapes of papers, through the command line as a user meets them: a full-text feed,
//! a crawler's day folder, OCR pages in Chronicling America's layout, and clean text in the
//! heading dialect, each with a golden `list --json`; `check` naming the reader of each file; a
//! library of damaged inputs that still loads the rest.

mod support;

use support::cli::{repo, run, stderr, stdout};

/// `kanbao -L PATH list --json`, run from the repository so paths in it are relative.
fn list_json(path: &str) -> String {
    let output = run(&["-L", path, "list", "--json"], &repo());
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    serde_json::to_string_pretty(&json).expect("JSON")
}

#[test]
fn golden_list_json_of_a_full_text_feed() {
    insta::assert_snapshot!(
        "feed",
        list_json("tests/fixtures/feeds/renmin-fulltext.xml")
    );
}

#[test]
fn golden_list_json_of_a_crawler_day_folder() {
    insta::assert_snapshot!("articles", list_json("tests/fixtures/articles/rmrb"));
}

#[test]
fn golden_list_json_of_an_ocr_issue() {
    insta::assert_snapshot!("ocr", list_json("tests/fixtures/ocr/sn83030214"));
}

#[test]
fn golden_list_json_of_clean_dialect_text() {
    insta::assert_snapshot!(
        "clean",
        list_json("tests/fixtures/clean/renmin-style-2026-08-21.md")
    );
}

#[test]
fn check_names_the_reader_of_every_file() {
    let output = run(
        &[
            "check",
            "tests/fixtures/feeds/renmin-fulltext.xml",
            "tests/fixtures/articles/rmrb",
            "tests/fixtures/ocr/sn83030214",
            "tests/fixtures/ocr/19160415-sn83030214.txt",
            "tests/fixtures/clean/renmin-style-2026-08-21.md",
        ],
        &repo(),
    );
    let text = stdout(&output);
    for want in [
        "tests/fixtures/feeds/renmin-fulltext.xml: read as feed [人民日报-2026-08-21]",
        "tests/fixtures/feeds/renmin-fulltext.xml: read as feed [人民日报-2026-08-22]",
        "tests/fixtures/articles/rmrb/20260821: read as per-article text folder [rmrb-2026-08-21]",
        "tests/fixtures/ocr/sn83030214/1916-04-15/ed-1: read as OCR page text [sn83030214-1916-04-15]",
        "tests/fixtures/ocr/19160415-sn83030214.txt: read as OCR page text",
        "tests/fixtures/clean/renmin-style-2026-08-21.md: read as heading dialect",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    assert!(
        !text.contains("column-break repair"),
        "clean text is never repaired:\n{text}"
    );
}

#[test]
fn a_damaged_library_reports_each_file_and_loads_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let feeds = repo().join("tests/fixtures/feeds");
    std::fs::copy(feeds.join("renmin-fulltext.xml"), root.join("good.xml")).expect("copy");
    let whole = std::fs::read_to_string(feeds.join("atom.xml")).expect("fixture");
    std::fs::write(root.join("cut.xml"), &whole[..whole.len() * 2 / 3]).expect("write");
    let bomb = concat!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">",
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">",
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n",
        "<rss version=\"2.0\"><channel><title>Bomb</title><item><title>&lol3;</title>",
        "<description>x</description></item></channel></rss>\n"
    );
    std::fs::write(root.join("bomb.rss"), bomb).expect("write");
    std::fs::write(root.join("photo.jpg"), b"\xff\xd8\xff\xe0 not really").expect("write");
    let noise = "~|;:'^ ,. -\n".repeat(200);
    std::fs::write(root.join("19160415-sn83030214.txt"), noise).expect("write");
    let day = root.join("rmrb/20260821");
    std::fs::create_dir_all(&day).expect("mkdir");
    for name in [
        "20260821-01-01.txt",
        "20260821-01-03.txt",
        "20260821-02-01.txt",
    ] {
        std::fs::write(
            day.join(name),
            "\n标题\n\n　　本报讯 正文一段。\n　　正文二段。\n",
        )
        .expect("write");
    }
    std::fs::write(day.join("20260821-02-01-copy.txt"), "x").expect("write");

    let root_str = root.to_str().expect("UTF-8 temp path");
    let list = run(&["-L", root_str, "list"], root);
    assert!(list.status.success(), "{}", stderr(&list));
    let text = stdout(&list);
    for edition in [
        "人民日报-2026-08-21",
        "rmrb-2026-08-21",
        "19160415-sn83030214",
    ] {
        assert!(text.contains(edition), "{edition} loads:\n{text}");
    }
    assert!(
        stderr(&list).contains("skipped 1 file (not an edition)"),
        "{}",
        stderr(&list)
    );

    let check = run(&["check", root_str], root);
    let report = stdout(&check);
    assert!(
        report.contains("photo.jpg: warning: skipped: a JPEG image"),
        "{report}"
    );
    assert!(
        report.contains("cut.xml"),
        "the cut feed is named:\n{report}"
    );
    assert!(report.contains("19160415-sn83030214.txt"), "{report}");
    assert!(
        report.contains("20260821-01-03") || report.contains("01-02"),
        "{report}"
    );
    assert!(
        !report.contains("lollollol"),
        "entities are never expanded:\n{report}"
    );
}

#[test]
fn a_name_padded_with_spaces_is_found_without_them() {
    let output = run(
        &["-L", "tests/fixtures/clean", "search", "徐隽", "--json"],
        &repo(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(json["count"], 1, "{json}");
    assert_eq!(json["results"][0]["id"], "renmin-style-2026-08-21/1/1");
}

#[test]
fn a_feed_item_reads_with_its_photo_in_place() {
    let output = run(
        &[
            "-L",
            "tests/fixtures/feeds",
            "read",
            "人民日报-2026-08-21/1/1",
            "--width",
            "40",
        ],
        &repo(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let photo = text
        .find("[图] 青川县一座智能温室里")
        .expect("the photo line");
    let body = text.find("　　本报青川").expect("the text");
    assert!(
        photo < body,
        "the lead photo stands before the text:\n{text}"
    );
    assert!(text.contains("原文："), "the source link:\n{text}");
    assert!(!text.contains("<p") && !text.contains("&lt;"), "{text}");
}
