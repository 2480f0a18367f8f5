//! Crawler day folders (`rmrb/20260821/20260821-01-01.txt`, `2026-08-22/01-01.txt`) read as
//! editions through the library API: what a reader sees (pages, headlines, paragraphs, bylines)
//! and what happens with the damage real crawls leave (gaps, duplicates, legacy encodings,
//! empty and unreadable files).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use kanbao::edition::{Block, Edition, Format, Item, ItemKind, Severity};
use kanbao::formats::articles::{is_article_folder, load_article_folder};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(path)
}

fn item<'a>(edition: &'a Edition, id: &str) -> &'a Item {
    edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id} in {:?}", ids(edition)))
}

fn ids(edition: &Edition) -> Vec<&str> {
    edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.id.as_str())
        .collect()
}

fn assert_unique_ids(edition: &Edition) {
    let ids = ids(edition);
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
}

fn listing(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("listing")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn claims(dir: &Path) -> bool {
    let names = listing(dir);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    is_article_folder(dir, &names)
}

fn messages(edition: &Edition) -> Vec<String> {
    edition.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn a_day_folder_is_one_edition_of_its_date_and_paper() {
    let dir = fixture("rmrb/20260821");
    assert!(claims(&dir));
    let edition = load_article_folder(&dir).expect("loads");
    assert_eq!(edition.format, Format::Articles);
    assert_eq!(edition.paper.as_deref(), Some("rmrb"));
    assert_eq!(edition.date.as_deref(), Some("2026-08-21"));
    assert_eq!(edition.id, "rmrb-2026-08-21");
    assert_eq!(edition.language.as_deref(), Some("zh"));
    let labels: Vec<&str> = edition.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "2"]);
    assert_eq!(edition.pages[0].title(true), "第1版");
    let counts: Vec<usize> = edition.pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(counts, [3, 2]);
    assert_eq!(
        ids(&edition),
        [
            "rmrb-2026-08-21/1/1",
            "rmrb-2026-08-21/1/2",
            "rmrb-2026-08-21/1/3",
            "rmrb-2026-08-21/2/1",
            "rmrb-2026-08-21/2/2",
        ]
    );
    assert!(edition.warnings.is_empty(), "{:?}", messages(&edition));
}

#[test]
fn the_lead_article_reads_like_the_page() {
    let edition = load_article_folder(&fixture("rmrb/20260821")).expect("loads");
    let lead = item(&edition, "rmrb-2026-08-21/1/1");
    assert_eq!(lead.kind, ItemKind::Article);
    assert_eq!(lead.kicker.as_deref(), Some("城市更新进入新阶段"));
    assert_eq!(lead.headline.as_deref(), Some("老旧小区改造惠及千万家庭"));
    assert_eq!(lead.subtitle.as_deref(), Some("——来自多地社区的调查"));
    assert_eq!(
        lead.byline.as_deref(),
        Some("本报记者 林晓 周海宁"),
        "spaces that pad a name are removed"
    );
    assert_eq!(
        lead.dateline.as_deref(),
        Some("新华社北京8月20日电（记者　陈　原）")
    );
    assert_eq!(lead.subheads().collect::<Vec<_>>(), ["让老楼焕发新活力"]);
    // The continuation line joins its paragraph without a space between Chinese characters.
    let first = lead.paragraphs().next().expect("a first paragraph");
    assert!(
        first.ends_with(
            "各地加快推进老旧小区改造，一批加装电梯、管网更新项目相继完工，居民生活条件明显改善。"
        ),
        "{first}"
    );
    let photos = lead.photos();
    assert_eq!(photos.len(), 1);
    assert_eq!(
        photos[0].caption.as_deref(),
        Some("图为8月18日，居民在改造后的小区花园里散步。")
    );
    assert_eq!(photos[0].credit.as_deref(), Some("本报记者 宋岩摄"));
    // The photo stands where it stood: after the quote, before the closing paragraph.
    let kinds: Vec<&str> = lead
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph(_) => "p",
            Block::Subhead(_) => "h",
            Block::Photo(_) => "photo",
        })
        .collect();
    assert_eq!(kinds, ["p", "p", "h", "p", "photo", "p"]);
    // Jumps are linked to the part on page 2.
    assert_eq!(lead.continued_to.as_deref(), Some("2"));
    assert_eq!(lead.continued_to_id.as_deref(), Some("rmrb-2026-08-21/2/1"));
    let rest = item(&edition, "rmrb-2026-08-21/2/1");
    assert_eq!(rest.continued_from.as_deref(), Some("1"));
    assert_eq!(rest.dateline, None);
}

#[test]
fn no_kicker_no_subtitle_and_a_photo_file() {
    let edition = load_article_folder(&fixture("rmrb/20260821")).expect("loads");
    let second = item(&edition, "rmrb-2026-08-21/1/2");
    assert_eq!(second.kicker, None);
    assert_eq!(second.headline.as_deref(), Some("秋粮生产形势总体向好"));
    assert_eq!(second.subtitle, None);
    assert_eq!(second.dateline.as_deref(), Some("本报讯（记者 何　田）"));
    let photo = item(&edition, "rmrb-2026-08-21/1/3");
    assert_eq!(photo.kind, ItemKind::Photo);
    assert_eq!(photo.headline.as_deref(), Some("稻浪金黄"));
    assert_eq!(photo.credit.as_deref(), Some("本报记者 罗晨摄"));
    assert_eq!(
        photo.caption.as_deref(),
        Some("8月19日，农民驾驶收割机在田间收割早稻。")
    );
    let feature = item(&edition, "rmrb-2026-08-21/2/2");
    assert_eq!(feature.kicker.as_deref(), Some("文化周末"));
    assert_eq!(feature.subheads().collect::<Vec<_>>(), ["让文物“活”起来"]);
}

/// Every indented line of every fixture file is one unit a reader sees: a paragraph, a subhead,
/// the byline, a caption or a credit. None is lost and none is glued to another.
#[test]
fn every_indented_line_is_one_block() {
    for folder in ["rmrb/20260821", "renmin-ribao-2026-08-22"] {
        let dir = fixture(folder);
        let edition = load_article_folder(&dir).expect("loads");
        let mut files: Vec<PathBuf> = listing(&dir).iter().map(|n| dir.join(n)).collect();
        files.sort();
        let items: Vec<&Item> = edition.pages.iter().flat_map(|p| &p.items).collect();
        assert_eq!(items.len(), files.len(), "{folder}");
        for (file, item) in files.iter().zip(items) {
            let text = fs::read_to_string(file).expect("fixture text");
            let indented: Vec<&str> = text
                .lines()
                .filter(|l| l.starts_with(['\u{3000}', ' ']))
                .map(|l| l.trim_matches(['\u{3000}', ' ']))
                // Jump markers are the links now, not text.
                .map(|l| {
                    let spans = kanbao::edition::recognize::jump_spans(l);
                    let start = spans
                        .first()
                        .filter(|(_, _, r)| r.start == 0)
                        .map_or(0, |(_, _, r)| r.end);
                    let end = spans
                        .last()
                        .filter(|(_, _, r)| r.end == l.len())
                        .map_or(l.len(), |(_, _, r)| r.start);
                    l[start..end.max(start)].trim()
                })
                .collect();
            let photos = item.photos();
            let seen = item.paragraphs().count()
                + item.subheads().count()
                + usize::from(item.byline.is_some())
                + photos.iter().filter(|p| p.caption.is_some()).count()
                + photos.iter().filter(|p| p.credit.is_some()).count();
            assert_eq!(seen, indented.len(), "{}", file.display());
            for paragraph in item.paragraphs() {
                assert!(!paragraph.contains('\u{3000}'.to_string().repeat(2).as_str()));
                assert!(
                    indented.iter().any(|line| paragraph.starts_with(line)),
                    "{}: {paragraph} does not start an indented line",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn a_dated_folder_of_pp_nn_files() {
    let dir = fixture("renmin-ribao-2026-08-22");
    assert!(claims(&dir));
    let edition = load_article_folder(&dir).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("renmin-ribao"));
    assert_eq!(edition.date.as_deref(), Some("2026-08-22"));
    assert_eq!(edition.id, "renmin-ribao-2026-08-22");
    let labels: Vec<&str> = edition.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "2"]);
    let english = item(&edition, "renmin-ribao-2026-08-22/1/2");
    assert_eq!(
        english.paragraphs().collect::<Vec<_>>(),
        [
            "The library now stays open until ten in the evening, and readers say the quiet hours suit them.",
            "Volunteers help with the late shift.",
        ]
    );
    assert_eq!(
        item(&edition, "renmin-ribao-2026-08-22/1/1")
            .dateline
            .as_deref(),
        Some("本报讯")
    );
}

#[test]
fn other_shapes_are_not_claimed() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A folder edition (`01-要闻.md` next to `edition.toml`) and a library of dated files.
    assert!(!claims(&repo.join("editions/xuchang-weekend-2023-02-25")));
    assert!(!claims(&repo.join("editions")));
    assert!(!claims(&fixture("")));
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).expect("write");
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn article(headline: &str, paragraphs: &[&str]) -> String {
    let mut text = format!("\n{headline}\n\n");
    for p in paragraphs {
        text.push_str("\u{3000}\u{3000}");
        text.push_str(p);
        text.push('\n');
    }
    text
}

/// One of each problem a crawl leaves, in one day folder.
fn write_damaged_crawl(dir: &Path) {
    let text = article("第一篇", &["第一段。", "第二段。"]);
    write(dir, "20260821-01-01.txt", &text);
    // Two files claim page 1, article 2; article 3 is missing.
    write(dir, "20260821-01-02.txt", article("第二篇", &["甲。"]));
    write(dir, "01-02.txt", article("第二篇重复", &["乙。"]));
    write(dir, "20260821-01-04.txt", article("第四篇", &["丙。"]));
    // GBK and UTF-8 side by side, CRLF line endings in the GBK one.
    let legacy = article(
        "旧编码文章",
        &[
            "本报讯　这篇文章由一个较早的爬虫保存，使用的是国标编码，而不是统一码。",
            "读者应当看到正确的汉字，而不是乱码。",
        ],
    )
    .replace('\n', "\r\n");
    write(dir, "20260821-02-01.txt", gbk(&legacy));
    // Invalid bytes inside UTF-8, escape sequences, a 0-byte file, blank lines only.
    let mut broken = article("坏字节", &["前半段正常的文字，后面有一个坏字节。"]).into_bytes();
    broken.extend_from_slice(b"\xff\xfe\n");
    write(dir, "20260821-02-02.txt", broken);
    write(
        dir,
        "20260821-02-03.txt",
        "\n标\u{1b}[2J题\u{1b}]0;title\u{7}\n\n\u{3000}\u{3000}正文\u{9b}31m内容。\u{7f}\n",
    );
    write(dir, "20260821-02-04.txt", "");
    write(dir, "20260821-02-05.txt", "\n\n   \n\u{3000}\u{3000}\n");
    // Another day's file and a stray note.
    write(
        dir,
        "20260820-01-01.txt",
        article("昨天", &["昨天的文章。"]),
    );
    write(dir, "README.txt", "notes");
    // Unreadable: a folder with an article's name, and (on Unix) a dangling link.
    fs::create_dir(dir.join("20260821-03-01.txt")).expect("mkdir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone"), dir.join("20260821-03-02.txt")).expect("link");
    write(dir, "20260821-03-03.txt", article("第三版", &["还在。"]));
}

/// A crawl gone wrong in every way at once: each file's problem is reported against that file,
/// and everything that can be read is.
#[test]
fn a_damaged_crawl_loads_what_it_can() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("xwlb").join("20260821");
    fs::create_dir_all(&dir).expect("mkdir");
    write_damaged_crawl(&dir);
    assert!(claims(&dir));
    let edition = load_article_folder(&dir).expect("loads");
    assert_unique_ids(&edition);
    assert_eq!(edition.paper.as_deref(), Some("xwlb"));
    assert_eq!(edition.date.as_deref(), Some("2026-08-21"));
    let said = messages(&edition);
    let about = |file: &str, words: &str| {
        said.iter()
            .any(|m| m.contains(&format!("/{file}:")) && m.contains(words))
    };
    assert!(
        about("20260821-01-02.txt", "also in '01-02.txt'"),
        "{said:#?}"
    );
    assert!(
        about("20260821-01-04.txt", "article 3 is missing"),
        "{said:#?}"
    );
    assert!(
        about("20260821-02-01.txt", "decoded as GBK (guessed)"),
        "{said:#?}"
    );
    assert!(about("20260821-02-02.txt", "invalid UTF-8"), "{said:#?}");
    assert!(
        about("20260821-02-04.txt", "empty article file"),
        "{said:#?}"
    );
    assert!(
        about("20260821-02-05.txt", "empty article file"),
        "{said:#?}"
    );
    assert!(about("20260820-01-01.txt", "skipped"), "{said:#?}");
    assert!(
        about("README.txt", "not named like an article file"),
        "{said:#?}"
    );
    assert!(
        about("20260821-03-01.txt", "not a regular file"),
        "{said:#?}"
    );
    #[cfg(unix)]
    assert!(about("20260821-03-02.txt", "cannot read"), "{said:#?}");
    assert!(
        edition
            .warnings
            .iter()
            .all(|w| w.severity <= Severity::Error)
    );

    let headlines: Vec<&str> = edition
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.headline.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        headlines,
        [
            "第一篇",
            "第二篇重复",
            "第二篇",
            "第四篇",
            "旧编码文章",
            "坏字节",
            "标题",
            "第三版",
        ]
    );
    let legacy = item(&edition, "xwlb-2026-08-21/2/1");
    assert_eq!(legacy.paragraphs().count(), 2);
    assert!(
        legacy
            .paragraphs()
            .next()
            .expect("text")
            .contains("国标编码")
    );
    assert_eq!(legacy.dateline.as_deref(), Some("本报讯"));
    let cleaned = item(&edition, "xwlb-2026-08-21/2/3");
    assert_eq!(cleaned.paragraphs().collect::<Vec<_>>(), ["正文内容。"]);
}

#[test]
fn mixed_legacy_encodings_are_each_guessed_and_reported() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("20260821");
    fs::create_dir(&dir).expect("mkdir");
    let zh = article(
        "编码",
        &["各地持续推进城市更新，老旧小区改造完成情况好于预期，居民满意度明显提高。"],
    );
    let tw = article(
        "編碼",
        &["各地持續推進城市更新，老舊社區改造完成情況好於預期，居民滿意度明顯提高。"],
    );
    write(&dir, "01-01.txt", &zh);
    write(&dir, "01-02.txt", gbk(&zh));
    let (big5, _, _) = encoding_rs::BIG5.encode(&tw);
    write(&dir, "01-03.txt", &big5);
    let edition = load_article_folder(&dir).expect("loads");
    assert_eq!(edition.date.as_deref(), Some("2026-08-21"));
    assert_eq!(
        edition.paper.as_deref(),
        Some("未知报纸"),
        "no paper above a temp folder's date"
    );
    let paragraphs: Vec<&str> = edition.pages[0]
        .items
        .iter()
        .flat_map(Item::paragraphs)
        .collect();
    assert_eq!(paragraphs.len(), 3);
    assert_eq!(paragraphs[0], paragraphs[1], "GBK reads like UTF-8");
    assert!(paragraphs[2].contains("老舊社區"), "{}", paragraphs[2]);
    let guesses: Vec<String> = messages(&edition)
        .into_iter()
        .filter(|m| m.contains("(guessed)"))
        .collect();
    assert_eq!(guesses.len(), 2, "{guesses:#?}");
    assert!(guesses[0].contains("01-02.txt") && guesses[0].contains("GBK"));
    assert!(guesses[1].contains("01-03.txt") && guesses[1].contains("Big5"));
}

#[test]
fn edition_toml_names_the_paper_and_a_year_folder_does_not() {
    let root = tempfile::tempdir().expect("tempdir");
    let dated = root.path().join("2026").join("20260821");
    fs::create_dir_all(&dated).expect("mkdir");
    write(&dated, "20260821-01-01.txt", article("标题", &["正文。"]));
    let edition = load_article_folder(&dated).expect("loads");
    assert_eq!(
        edition.paper.as_deref(),
        Some("未知报纸"),
        "a year is not a paper"
    );
    assert!(
        messages(&edition)
            .iter()
            .any(|m| m.contains("no paper is named") && m.contains("kanbao.toml")),
        "{:#?}",
        messages(&edition)
    );
    assert_eq!(edition.id, "2026-08-21");
    assert_eq!(ids(&edition), ["2026-08-21/1/1"]);

    write(&dated, "edition.toml", "paper = \"人民日报\"\n");
    assert!(claims(&dated));
    let edition = load_article_folder(&dated).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("人民日报"));

    write(&dated, "edition.toml", "paper = \n");
    let edition = load_article_folder(&dated).expect("loads");
    assert_eq!(ids(&edition), ["2026-08-21/1/1"]);
    assert!(
        messages(&edition)
            .iter()
            .any(|m| m.contains("edition.toml"))
    );
}

#[test]
fn a_missing_folder_is_an_error_and_an_empty_one_an_empty_edition() {
    let root = tempfile::tempdir().expect("tempdir");
    assert!(load_article_folder(&root.path().join("nope")).is_err());
    let empty = root.path().join("20260821");
    fs::create_dir(&empty).expect("mkdir");
    assert!(!claims(&empty));
    let edition = load_article_folder(&empty).expect("loads");
    assert!(edition.pages.is_empty());
    assert!(
        messages(&edition)
            .iter()
            .any(|m| m.contains("no article files"))
    );
}

/// A huge file (tens of MB, one giant line among many) loads in linear time; criterion
/// measures the speed, this only proves it finishes and keeps every paragraph.
#[test]
fn a_huge_file_loads() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("20260821");
    fs::create_dir(&dir).expect("mkdir");
    let mut text = String::from("\n巨型文件\n\n");
    text.push_str("\u{3000}\u{3000}");
    text.push_str(&"一行很长的文字没有换行".repeat(300_000));
    text.push('\n');
    for _ in 0..100_000 {
        text.push_str("\u{3000}\u{3000}短段落。\n");
    }
    for _ in 0..100_000 {
        text.push_str("续行\n");
    }
    write(&dir, "01-01.txt", &text);
    let edition = load_article_folder(&dir).expect("loads");
    let huge = &edition.pages[0].items[0];
    assert_eq!(huge.paragraphs().count(), 100_001);
}

#[test]
fn a_month_folder_never_names_the_paper() {
    let root = tempfile::tempdir().expect("tempdir");
    for month in ["2020年1月", "202001", "2020-01"] {
        let day = root.path().join("rmrb").join(month).join("20200115");
        fs::create_dir_all(&day).expect("mkdir");
        write(&day, "20200115-01-01.txt", article("标题", &["正文。"]));
        let edition = load_article_folder(&day).expect("loads");
        assert_eq!(edition.paper.as_deref(), Some("rmrb"), "{month}");
        assert_eq!(edition.id, "rmrb-2020-01-15", "{month}");
    }
    // Days of two months of one paper are one paper.
    let other = root.path().join("rmrb").join("2020年2月").join("20200201");
    fs::create_dir_all(&other).expect("mkdir");
    write(&other, "20200201-01-01.txt", article("标题", &["正文。"]));
    let edition = load_article_folder(&other).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("rmrb"));
}

#[test]
fn a_kanbao_toml_at_the_archive_root_names_every_day_below_it() {
    let root = tempfile::tempdir().expect("tempdir");
    let archive = root.path().join("2020年1月");
    let day = archive.join("20200115");
    fs::create_dir_all(&day).expect("mkdir");
    write(&day, "20200115-01-01.txt", article("标题", &["正文。"]));
    let edition = load_article_folder(&day).expect("loads");
    assert_eq!(
        edition.paper.as_deref(),
        Some("未知报纸"),
        "a month is not a paper"
    );

    write(&archive, "kanbao.toml", "paper = \"人民日报\"\n");
    let edition = load_article_folder(&day).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("人民日报"));
    assert_eq!(edition.id, "人民日报-2020-01-15");
    assert!(
        messages(&edition)
            .iter()
            .all(|m| !m.contains("no paper is named")),
        "{:#?}",
        messages(&edition)
    );
    // An edition.toml in the day folder is nearer and wins.
    write(&day, "edition.toml", "paper = \"人民日报海外版\"\n");
    let edition = load_article_folder(&day).expect("loads");
    assert_eq!(edition.paper.as_deref(), Some("人民日报海外版"));
}
