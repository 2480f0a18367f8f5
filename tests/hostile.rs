//! Hostile names and values never reach the terminal: escape sequences, C1 controls and bidi
//! overrides in front matter, `edition.toml`, file and folder names, page labels and bookmark
//! notes are taken out (or, in paths, shown escaped) on every output path: `list`, `list --json`,
//! `check`, `read`, `search`, `bookmarks` and the reader's screen. Every output byte is scanned.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use kanbao::app::{Action, App};
use kanbao::config::Config;
use kanbao::library::Library;
use kanbao::typeset::Options;
use kanbao::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use support::cli::kanbao_at_home;

/// OSC 52 (set the clipboard), OSC 0 (retitle), CSI 2J (clear), 8-bit CSI and OSC, bidi.
const NASTY: &str =
    "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;OWNED\u{7}\u{1b}[2J\u{9b}31m\u{9d}0;T\u{9c}\u{202e}";

/// The first forbidden character in `text`, if any: C0 controls but tab and newline, DEL, C1
/// controls, bidi overrides and isolates.
fn forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn hostile_library(root: &Path) {
    let toml_str = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) {
                    format!("\\u{:04X}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
    };
    let nasty = toml_str(NASTY);
    let single = format!(
        "+++\npaper = \"P{nasty}\"\nissue = \"7{nasty}\"\nweather = \"w{nasty}\"\n+++\n\n\
         +++\npage = \"B{nasty}2\"\nname = \"N{nasty}\"\n+++\n\n# 头条{NASTY}\n\n本报记者 张辉\n\n正文一段。{NASTY}\n"
    );
    std::fs::write(root.join("x-2023-01-01.md"), single).expect("write");
    std::fs::write(
        root.join(format!("a{NASTY}-2023-01-03.md")),
        "# Named badly\n\nBody text.\n",
    )
    .expect("write");
    let folder = root.join(format!("ed{NASTY}-2023-01-02"));
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(
        folder.join("edition.toml"),
        format!("paper = \"Q{nasty}\"\ndate = 2023-01-02\n"),
    )
    .expect("write");
    std::fs::write(
        folder.join(format!("01-{NASTY}.md")),
        "# 版面标题\n\n正文。\n",
    )
    .expect("write");
}

/// kanbao with `args`, its home and XDG folders in `home`, colour on.
fn command(home: &Path, args: &[&str]) -> Command {
    let mut command = kanbao_at_home(home, args);
    command.env_remove("NO_COLOR");
    command
}

fn kanbao(home: &Path, args: &[&str]) -> Output {
    command(home, args).output().expect("kanbao runs")
}

#[test]
fn no_command_prints_a_control_character_from_a_file() {
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let lib = home.join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    hostile_library(&lib);
    let lib = lib.to_str().expect("UTF-8 temp path");

    let list = kanbao(home, &["-L", lib, "list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("JSON");
    let edition = json["editions"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["id"] == "x-2023-01-01"))
        .expect("the hostile edition loads");
    assert_eq!(edition["paper"], "P");
    let item_id = edition["pages"][0]["items"][0]["id"]
        .as_str()
        .expect("an item id")
        .to_owned();
    assert_eq!(item_id, "x-2023-01-01/B2/1");
    let note = format!("note{NASTY}");
    let runs: Vec<Vec<&str>> = vec![
        vec!["-L", lib, "list"],
        vec!["-L", lib, "list", "--json"],
        vec!["check", lib],
        vec!["-L", lib, "read", &item_id],
        vec!["-L", lib, "read", &item_id, "--raw"],
        vec!["-L", lib, "search", "正文"],
        vec!["-L", lib, "search", "正文", "--json"],
        vec!["-L", lib, "bookmarks", "add", &item_id, "--note", &note],
        vec!["-L", lib, "bookmarks"],
        vec!["-L", lib, "bookmarks", "--json"],
        vec!["-L", lib, "bookmarks", "export", "--format", "markdown"],
    ];
    for args in runs {
        let output = kanbao(home, &args);
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.is_empty() || stream == "stderr",
                "{args:?} printed nothing"
            );
            if let Some(c) = forbidden(&text) {
                panic!("{args:?} {stream} holds U+{:04X}:\n{text}", u32::from(c));
            }
        }
    }
    // A file name is shown as it is, its controls escaped rather than dropped.
    let check = kanbao(home, &["check", lib]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(report.contains("a\\e]52;c;cHduZWQ=\\a"), "{report}");
}

#[test]
fn the_reader_shows_no_control_character_from_a_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    hostile_library(dir.path());
    let mut app = App::new(
        Library::load(&[dir.path().to_owned()]),
        Options::default(),
        120,
        40,
    );
    let config = Config::default();
    let theme = config.theme_for(false);
    let look = Look {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    for action in [
        None,
        Some(Action::ShowLibrary),
        Some(Action::Back),
        Some(Action::NextPane),
        Some(Action::Open),
        Some(Action::ShowHelp),
    ] {
        if let Some(action) = action {
            app.update(action);
        }
        terminal
            .draw(|frame| ui::render(&app, look, frame))
            .expect("drawn");
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect();
        if let Some(c) = forbidden(&screen) {
            panic!("after {action:?} the screen holds U+{:04X}", u32::from(c));
        }
        // What a half-stripped sequence leaves: its payload as visible text.
        for payload in ["OWNED", "cHduZWQ", "52;c;", "31m"] {
            assert!(
                !screen.contains(payload),
                "after {action:?} the screen shows '{payload}':\n{screen}"
            );
        }
    }
}

#[test]
fn config_errors_do_not_echo_control_characters() {
    for text in [
        "[theme]\nheadline = { fg = \"\\u001b]0;OWNED\\u0007\" }\n",
        "[keys]\nup = [\"\\u001b[2J\"]\n",
        "[[sources]]\nname = \"a\"\nfeed = \"http://x.example/\\u009b31m\"\n[sources.select]\nbody = \"#a\\u001b]0;T\\u0007[\"\n",
        "library = [\"\\u202e/x\"]\nmouse = \"\\u001b]52;c;eA==\\u0007\"\n",
    ] {
        let err = Config::from_toml_str(text, Path::new("/home/reader/.config/kanbao/config.toml"))
            .expect_err(text);
        let message = err.to_string();
        assert!(forbidden(&message).is_none(), "{text:?} gave {message:?}");
    }
}

/// Runs kanbao and kills it if it has not finished within `limit`: a hang is a failure, not a
/// stuck test run.
fn kanbao_within(home: &Path, args: &[&str], limit: std::time::Duration) -> Output {
    use std::io::Read as _;
    let mut child = command(home, args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kanbao starts");
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            let mut stdout = Vec::new();
            let mut stderr = Vec::new();
            child.stdout.take().map(|mut o| o.read_to_end(&mut stdout));
            child.stderr.take().map(|mut e| e.read_to_end(&mut stderr));
            return Output {
                status,
                stdout,
                stderr,
            };
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("kanbao {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_huge_files_are_refused_without_waiting() {
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let lib = home.join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::write(lib.join("good-2023-01-01.md"), "# 好消息\n\n正文。\n").expect("write");
    // A folder edition whose edition.toml is a FIFO, one whose page is a link to /dev/zero.
    let fifo_ed = lib.join("fifo-2023-01-02");
    std::fs::create_dir_all(&fifo_ed).expect("mkdir");
    let status = Command::new("mkfifo")
        .arg(fifo_ed.join("edition.toml"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let zero_ed = lib.join("zero-2023-01-03");
    std::fs::create_dir_all(&zero_ed).expect("mkdir");
    std::os::unix::fs::symlink("/dev/zero", zero_ed.join("edition.toml")).expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", lib.join("zero-page-2023-01-04.md")).expect("symlink");
    // A file over the size cap (sparse: no disk is used).
    let huge = std::fs::File::create(lib.join("huge-2023-01-05.md")).expect("create");
    huge.set_len(kanbao::edition::read::MAX_FILE_BYTES + 1)
        .expect("set_len");
    let lib = lib.to_str().expect("UTF-8 temp path");
    let limit = std::time::Duration::from_secs(20);

    let list = kanbao_within(home, &["-L", lib, "list"], limit);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("好消息"),
        "the good edition still loads:\n{text}"
    );
    let check = kanbao_within(home, &["check", lib], limit);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(report.contains("not a regular file"), "{report}");
    assert!(
        report.contains("67108865 bytes (64.0 MiB), more than the 64 MiB (67108864 bytes)"),
        "{report}"
    );
    let search = kanbao_within(home, &["-L", lib, "search", "好消息"], limit);
    assert!(
        String::from_utf8_lossy(&search.stdout).contains("好消息"),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
}

/// Held by the tests that compare timings and by those that keep a core busy, so a timing is
/// not taken while another test loads the machine (CI has two cores).
static TIMED: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Loading time of a file of `n` page blocks, best of three.
fn page_blocks_load_time(n: usize) -> std::time::Duration {
    use std::fmt::Write as _;
    let mut text = String::from("+++\npaper = \"p\"\n+++\n");
    for page in 1..=n {
        let _ = write!(text, "+++\npage = {page}\n+++\n# H\n\nx。\n\n");
    }
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            let edition = kanbao::formats::load_bytes(text.as_bytes(), Path::new("pages.md"));
            assert_eq!(edition.pages.len(), n);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// A file of many `+++ page = N +++` blocks loads in time proportional to its size: doubling
/// the blocks roughly doubles the time (a quadratic step made 64,000 blocks take 23 s).
#[test]
fn page_blocks_load_in_linear_time() {
    let _alone = TIMED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let small = page_blocks_load_time(16_000);
    let large = page_blocks_load_time(32_000);
    assert!(
        large < small * 3 + std::time::Duration::from_millis(50),
        "16,000 blocks: {small:?}; 32,000: {large:?}"
    );
}

#[test]
fn a_library_nested_too_deep_is_searched_to_a_limit_with_a_warning() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut deep = dir.path().to_owned();
    std::fs::write(deep.join("top-2023-01-01.md"), "# 顶层\n\n正文。\n").expect("write");
    for level in 0..200 {
        deep = deep.join(format!("d{level}"));
    }
    std::fs::create_dir_all(&deep).expect("mkdir -p");
    std::fs::write(deep.join("bottom-2023-01-02.md"), "# 底层\n\n正文。\n").expect("write");
    let library = Library::discover(&[dir.path().to_owned()]);
    let ids: Vec<&str> = library.editions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["top-2023-01-01"]);
    assert!(
        library
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nested more than 32 levels")),
        "{:?}",
        library.diagnostics
    );
}

/// An edition of `n` parts on page 1 that continue on page 2 and `n` parts there that say
/// where they come from, each pair under its own headline.
fn jumps_text(n: usize) -> String {
    use std::fmt::Write as _;
    let mut text = String::from("+++\npaper = \"j\"\n+++\n+++\npage = 1\n+++\n");
    for i in 0..n {
        let _ = write!(text, "# 新闻标题{i}\n\n正文第{i}段。(下转第2版)\n\n");
    }
    text.push_str("+++\npage = 2\n+++\n");
    for i in 0..n {
        let _ = write!(text, "# 新闻标题{i}\n\n(上接第1版)续文第{i}段。\n\n");
    }
    text
}

/// Loading time of [`jumps_text`], best of three; every part is linked to its own other half.
fn jumps_load_time(n: usize) -> std::time::Duration {
    let text = jumps_text(n);
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            let edition = kanbao::formats::load_bytes(text.as_bytes(), Path::new("j.md"));
            let elapsed = start.elapsed();
            let [front, back] = edition.pages.as_slice() else {
                panic!("two pages, not {}", edition.pages.len());
            };
            for (i, (a, b)) in front.items.iter().zip(&back.items).enumerate() {
                assert_eq!(
                    a.continued_to_id.as_deref(),
                    Some(b.id.as_str()),
                    "part {i}"
                );
                assert_eq!(
                    b.continued_from_id.as_deref(),
                    Some(a.id.as_str()),
                    "part {i}"
                );
            }
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// 20,000 `(下转第2版)` and 20,000 `(上接第1版)` are linked in time proportional to their
/// number (8.7 s for `list` when each part was compared with every other): doubling the parts
/// roughly doubles the time.
#[test]
fn thousands_of_jumps_link_in_linear_time() {
    let _alone = TIMED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let small = jumps_load_time(10_000);
    let large = jumps_load_time(20_000);
    assert!(
        large < small * 3 + std::time::Duration::from_millis(50),
        "10,000 jumps each way: {small:?}; 20,000: {large:?}"
    );
}

/// Runs kanbao with its output in a file of `home`, and returns that output and the peak
/// resident memory (`VmHWM`, KiB) read from /proc while it runs; a run over `limit` fails.
#[cfg(target_os = "linux")]
fn kanbao_peak_kib(home: &Path, args: &[&str], limit: std::time::Duration) -> (String, u64) {
    let out_path = home.join("peak-out.txt");
    let out = std::fs::File::create(&out_path).expect("an output file");
    let mut child = command(home, args)
        .stdout(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("kanbao starts");
    let pid = child.id();
    let start = std::time::Instant::now();
    let mut peak_kib = 0;
    loop {
        // The high-water mark only grows: the last reading before the exit is the peak (or
        // within a few milliseconds of it).
        if let Some(kib) = support::cli::peak_rss_kib(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("kanbao {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let output = std::fs::read_to_string(&out_path).expect("the output is UTF-8");
    (output, peak_kib)
}

/// `read --width 1` of a paragraph without a space is a line per character, printed as the
/// lines are set: a paragraph 1 MB longer costs a few MB more at peak, not a line held per
/// column (790 MB for 5 MB). Two sizes are compared, as a run's fixed cost varies by build.
#[cfg(target_os = "linux")]
#[test]
fn a_huge_paragraph_at_one_column_is_read_in_memory_proportional_to_it() {
    const MB: usize = 1_000_000;
    let _alone = TIMED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let lib = home.join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    for (id, len) in [("one-2023-01-01", MB), ("two-2023-01-02", 2 * MB)] {
        let text = format!("# H\n\n{}\n", "a".repeat(len));
        std::fs::write(lib.join(format!("{id}.md")), text).expect("write");
    }
    let lib = lib.to_str().expect("UTF-8 temp path");
    let limit = std::time::Duration::from_secs(120);
    let read = |id: &str, len: usize| {
        let (out, peak_kib) =
            kanbao_peak_kib(home, &["-L", lib, "read", "--width", "1", id], limit);
        assert_eq!(out.lines().filter(|l| *l == "a").count(), len, "{id}");
        peak_kib
    };
    let one_kib = read("one-2023-01-01/1/1", MB);
    let two_kib = read("two-2023-01-02/1/1", 2 * MB);
    let mb_kib = (MB / 1024) as u64;
    assert!(
        two_kib < one_kib + 6 * mb_kib,
        "peak {one_kib} KiB for a 1 MB paragraph, {two_kib} KiB for 2 MB"
    );
}

/// A million one-line headlines (4 MB) are read within 100 MB: the edition keeps the first
/// 50,000 items and says how many it left out, and the JSON is written as it is made (661 MB
/// for `list --json` when every item was kept and the JSON built whole).
#[cfg(target_os = "linux")]
#[test]
fn a_million_headlines_are_capped_with_a_warning_and_stay_within_100_mb() {
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let lib = home.join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::write(lib.join("heads-2023-01-01.md"), "# H\n".repeat(1_000_000)).expect("write");
    let lib = lib.to_str().expect("UTF-8 temp path");
    let limit = std::time::Duration::from_secs(120);
    let (json, peak_kib) = {
        let _alone = TIMED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kanbao_peak_kib(home, &["-L", lib, "list", "--json"], limit)
    };
    assert!(
        peak_kib < 100 * 1024,
        "list --json peaked at {peak_kib} KiB"
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let edition = &json["editions"][0];
    assert_eq!(
        edition["pages"][0]["items"].as_array().map(Vec::len),
        Some(50_000)
    );
    let check = kanbao_within(home, &["check", lib], limit);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        report.contains(
            "heads-2023-01-01.md:50001: warning: 950000 item(s) left out from here on: an edition holds at most 50000 items"
        ),
        "{report}"
    );
}

/// A folder edition's page files share the edition's cap: the file that reaches it is named.
#[test]
fn a_folder_edition_holds_at_most_50000_items() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = dir.path().join("big-2023-01-01");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("edition.toml"), "paper = \"big\"\n").expect("write");
    for page in ["01", "02"] {
        std::fs::write(folder.join(format!("{page}.md")), "# H\n".repeat(30_000)).expect("write");
    }
    let edition = kanbao::formats::load_folder(&folder).expect("loads");
    let counts: Vec<usize> = edition.pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(counts, [30_000, 20_000]);
    let warning = edition
        .warnings
        .iter()
        .find(|w| w.message.contains("left out"))
        .expect("a warning");
    assert_eq!(
        warning.to_string(),
        format!(
            "{}:20001: warning: 10000 item(s) left out from here on: an edition holds at most 50000 items; split the file into several editions",
            folder.join("02.md").display()
        )
    );
}

/// Page blocks past 100,000 are left out with one warning; a million empty headings give a
/// thousand warnings and one that counts the rest (214 MB of messages for 2 MB of text).
#[test]
fn page_blocks_and_line_warnings_are_capped() {
    use std::fmt::Write as _;
    let pages = kanbao::edition::assemble::MAX_PAGES;
    let mut text = String::from("+++\npaper = \"p\"\n+++\n");
    for n in 1..=pages + 5 {
        let _ = write!(text, "+++\npage = {n}\n+++\n");
    }
    let edition = kanbao::formats::load_bytes(text.as_bytes(), Path::new("p.md"));
    assert_eq!(edition.pages.len(), pages);
    let last = edition.warnings.last().map(ToString::to_string);
    assert_eq!(
        last.as_deref(),
        Some(
            "p.md:300004: warning: 5 page(s) left out from here on: an edition holds at most 100000 pages; split the file into several editions"
        )
    );

    let text = "#\n".repeat(200_000);
    let edition = kanbao::formats::load_bytes(text.as_bytes(), Path::new("e.md"));
    assert_eq!(edition.warnings.len(), 1001);
    assert_eq!(
        edition.warnings[1000].to_string(),
        "e.md: warning: 199000 more problem(s) with lines of this file not shown (only the first 1000 are)"
    );
}

/// `max_file_mb` in config.toml sets the size cap: a file just over a lowered cap is skipped
/// by every command with a message naming it, its size and the cap and saying how to raise it;
/// raising the cap reads it. Out-of-range values are config errors naming the line.
#[test]
fn the_file_size_cap_is_a_setting() {
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let lib = home.join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    let mut text = String::from("# 大文件标题\n\n");
    text.push_str(&"正文".repeat(1024 * 1024 / 6 + 1));
    text.push('\n');
    let big = lib.join("big-2023-01-01.md");
    std::fs::write(&big, &text).expect("write");
    let len = std::fs::metadata(&big).expect("written").len();
    assert!(len > 1024 * 1024 && len < 2 * 1024 * 1024, "{len}");
    let lib = lib.to_str().expect("UTF-8 temp path");
    let config = |mb: u32| {
        let path = home.join(format!("config-{mb}.toml"));
        std::fs::write(&path, format!("max_file_mb = {mb}\n")).expect("write");
        path.to_str().expect("UTF-8 temp path").to_owned()
    };
    let (small, large) = (config(1), config(2));

    let check = kanbao(home, &["--config", &small, "check", lib]);
    let report = String::from_utf8_lossy(&check.stdout);
    let expected = format!(
        "big-2023-01-01.md: error: {len} bytes (1.0 MiB), more than the 1 MiB (1048576 bytes) kanbao reads from one file; skipped (to read it, raise max_file_mb in config.toml)"
    );
    assert!(report.contains(&expected), "{report}");
    for args in [["list", ""], ["search", "大文件标题"]] {
        let args: Vec<&str> = ["--config", &small, "-L", lib]
            .into_iter()
            .chain(args.into_iter().filter(|a| !a.is_empty()))
            .collect();
        let output = kanbao(home, &args);
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("大文件标题"),
            "{args:?} read the file over the cap"
        );
    }
    let list = kanbao(home, &["--config", &large, "-L", lib, "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("大文件标题"));
    let search = kanbao(
        home,
        &["--config", &large, "-L", lib, "search", "大文件标题"],
    );
    assert!(String::from_utf8_lossy(&search.stdout).contains("大文件标题"));

    for bad in ["0", "1025", "-1"] {
        let err = Config::from_toml_str(
            &format!("mouse = true\nmax_file_mb = {bad}\n"),
            Path::new("/home/reader/.config/kanbao/config.toml"),
        )
        .expect_err(bad)
        .to_string();
        assert!(
            err.contains(&format!(
                "line 2: 'max_file_mb' is '{bad}', which is out of range"
            )),
            "{err}"
        );
    }
}

/// A file kanbao cannot read is called what it is: an `edition.toml` that is a folder is "a
/// folder", a FIFO is "a FIFO", in discovery and in loading (it was "a FIFO, socket or device"
/// whatever it was).
#[cfg(unix)]
#[test]
fn what_is_not_a_regular_file_is_called_what_it_is() {
    let home = tempfile::tempdir().expect("a temp home");
    let home = home.path();
    let lib = home.join("lib");
    let folder_ed = lib.join("folder-2023-01-01");
    std::fs::create_dir_all(folder_ed.join("edition.toml")).expect("mkdir");
    std::fs::write(folder_ed.join("01.md"), "# 标题\n\n正文。\n").expect("write");
    let fifo_ed = lib.join("fifo-2023-01-02");
    std::fs::create_dir_all(&fifo_ed).expect("mkdir");
    for fifo in [fifo_ed.join("edition.toml"), lib.join("pipe-2023-01-03.md")] {
        let status = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }
    let lib = lib.to_str().expect("UTF-8 temp path");
    let check = kanbao_within(home, &["check", lib], std::time::Duration::from_secs(20));
    let report = String::from_utf8_lossy(&check.stdout);
    for (file, what) in [
        ("folder-2023-01-01/edition.toml", "a folder"),
        ("fifo-2023-01-02/edition.toml", "a FIFO (named pipe)"),
        ("pipe-2023-01-03.md", "a FIFO (named pipe)"),
    ] {
        let line = format!("{file}: error: {what}, not a regular file; skipped");
        let warning = format!("{file}: warning: {what}, not a regular file; skipped");
        assert!(
            report.contains(&line) || report.contains(&warning),
            "no '{line}' in:\n{report}"
        );
    }
    assert!(!report.contains("socket or device"), "{report}");
}
