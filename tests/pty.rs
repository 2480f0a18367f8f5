//! The real binary in a pseudo-terminal: start the reader on the sample edition with HOME and
//! XDG directories in a temp dir, read the screen through a terminal emulator, drive it with
//! keys and pastes, stop and continue it, quit, and check that the terminal was restored
//! (alternate screen left, raw mode off, cursor shown, mouse reporting and bracketed paste off).

#![cfg(unix)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::cli::{home_env, kanbao, repo};
use support::pty::{COLS, DEADLINE, ROWS, Session};

/// Sends `signal` (as `kill` names it: TERM, TSTP) to `pid`.
fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// The process state letter from /proc (`T`: stopped), where there is a /proc.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .next()?
        .chars()
        .next()
}

fn assert_cooked(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "raw mode is off after exit: {stty}"
    );
    assert!(
        stty.contains("?1000l") || !stty.contains("?1000h"),
        "mouse capture was turned off"
    );
}

#[test]
fn read_an_article_search_go_back_change_page_and_quit() {
    let mut s = Session::start("-L editions");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    // No terminal queries at start-up: cursor position, device attributes, keyboard protocol,
    // colours. A terminal that does not answer must not stall kanbao.
    let start = String::from_utf8_lossy(&s.raw.lock().expect("raw lock")).into_owned();
    for query in [
        "\x1b[6n",
        "\x1b[c",
        "\x1b[0c",
        "\x1b[>c",
        "\x1b[?u",
        "\x1b]10;?",
        "\x1b]11;?",
    ] {
        assert!(!start.contains(query), "kanbao sent the query {query:?}");
    }
    // Down to the second article, open it, page down.
    s.send("j");
    s.wait_for("“岗位+技能”");
    s.send("\r");
    s.send(" ");
    // Find within the article.
    s.send("/救助\r");
    s.wait_for("for '救助'");
    let current = s.match_number();
    s.send("n");
    s.wait_for(&format!("match {} of", current + 1));
    // Back to the list, then the library, then another edition's next page.
    // Esc clears the search (the match count goes); `h` goes back to the list. A second Esc
    // sent at once would reach the program as Alt-L together with the next key.
    s.send("\x1b");
    s.wait_until_gone("match ");
    s.send("h");
    s.wait_for("open");
    s.send("L");
    s.wait_for("library · 3 editions");
    // Past the gazette's paper and month headings to its edition.
    s.send("jjj\r");
    s.wait_for("Council Backs River Park Plan");
    s.send("]");
    s.wait_for("Page B2 · Metro");
    s.send("q");
    let (exit, out) = s.finish();
    assert_eq!(exit, "0");
    assert_cooked(&out);
}

#[test]
fn sigterm_restores_the_terminal() {
    let s = Session::start("-L editions/xuchang-daily-2023-02-28.txt");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    let pid = s.kanbao_pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (exit, out) = s.finish();
    assert_eq!(exit, "143", "128 + SIGTERM");
    assert_cooked(&out);
}

#[test]
fn sigquit_restores_the_terminal_too() {
    let s = Session::start("-L editions/xuchang-daily-2023-02-28.txt");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    let pid = s.kanbao_pid();
    let status = std::process::Command::new("kill")
        .args(["-QUIT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (exit, out) = s.finish();
    assert_eq!(exit, "131", "128 + SIGQUIT");
    assert_cooked(&out);
}

#[test]
fn without_a_terminal_the_reader_explains_and_fails() {
    let output = kanbao()
        .current_dir(repo())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("kanbao runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "nothing on stdout, no escape sequences"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("kanbao list"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'));
}

#[test]
fn a_bookmark_survives_a_restart_and_opens_at_its_place() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start_in("-L editions/xuchang-daily-2023-02-28.txt", home.path());
    s.wait_for("襄城县丁营乡");
    // The second article (a long one), opened and paged down twice, then bookmarked.
    s.send("j");
    s.wait_for("▌• “岗位+技能”");
    s.send("\r");
    s.send(" ");
    s.send(" ");
    s.wait_for("% · ");
    s.send("b");
    s.wait_for("bookmarked '探索建立多元救助模式");
    let place = s.screen().lines().nth(2).unwrap_or("").to_owned();
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");

    let listed = kanbao()
        .args([
            "bookmarks",
            "--json",
            "-L",
            "editions/xuchang-daily-2023-02-28.txt",
        ])
        .current_dir(repo())
        .envs(home_env(home.path()))
        .output()
        .expect("kanbao bookmarks runs");
    let json = String::from_utf8_lossy(&listed.stdout);
    assert!(json.contains("xuchang-daily-2023-02-28/1/2"), "{json}");

    // Restart: the reader reopens where it was; B lists the bookmark; Enter opens it at its place.
    let mut s = Session::start_in("-L editions/xuchang-daily-2023-02-28.txt", home.path());
    s.wait_for("% · ");
    let reopened = s.screen().lines().nth(2).unwrap_or("").to_owned();
    assert_eq!(reopened, place, "kanbao reopens at the place it was left");
    // q closes the article; the list marks the bookmark.
    s.send("q");
    s.wait_for("▌★ “岗位+技能”");
    s.send("g");
    s.send("B");
    s.wait_for("bookmarks · 1");
    s.send("\r");
    s.wait_until_gone("bookmarks · 1");
    assert_eq!(
        s.screen().lines().nth(2).unwrap_or(""),
        place,
        "the bookmark opens at its place"
    );
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn library_wide_search_finds_and_opens_the_article() {
    let mut s = Session::start("-L editions");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    s.send("L");
    s.wait_for("/ searches them all");
    s.send("/两癌筛查\r");
    s.wait_for("1 article(s) mention '两癌筛查'");
    s.wait_for("探索建立多元救助模式");
    s.send("\r");
    s.wait_for("match 1 of 1 for '两癌筛查'");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn term_dumb_gets_an_explanation_not_a_screen() {
    let home = tempfile::tempdir().expect("tempdir");
    let s = Session::start_with("", home.path(), "dumb");
    let out = s.wait_for_output("exit=");
    assert!(
        out.contains("the reader needs a terminal") && out.contains("kanbao list"),
        "{out}"
    );
    assert!(
        !out.contains("\u{1b}[?1049h"),
        "no alternate screen on a dumb terminal"
    );
    let (exit, _) = s.finish();
    assert_eq!(exit, "1");
}

const XUCHANG: &str = "-L editions/xuchang-daily-2023-02-28.txt";
const FIRST_HEADLINE: &str = "市政府召开2023年第8次重点工作周交办会议";

/// `stty -a` says raw mode is on (`-icanon -echo`) or off (`icanon echo`).
fn raw_mode(stty: &str) -> Option<bool> {
    let words: Vec<&str> = stty.split_whitespace().collect();
    if words.contains(&"-icanon") && words.contains(&"-echo") {
        Some(true)
    } else if words.contains(&"icanon") && words.contains(&"echo") {
        Some(false)
    } else {
        None
    }
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_takes_it_again() {
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    let pid = s.kanbao_pid();
    let linux = cfg!(target_os = "linux");
    if linux {
        assert_eq!(raw_mode(&s.stty()), Some(true), "raw mode while reading");
    }
    let mark = s.output_len();
    kill("TSTP", pid);
    s.wait_until("the alternate screen left and the cursor shown", |screen| {
        !screen.alternate_screen() && !screen.hide_cursor()
    });
    let left = s.output_since(mark);
    for (off, what) in [("\x1b[?2004l", "bracketed paste"), ("\x1b[?1000l", "mouse")] {
        assert!(left.contains(off), "{what} reporting turned off on SIGTSTP");
    }
    if linux {
        let start = Instant::now();
        while process_state(pid) != Some('T') {
            assert!(start.elapsed() < DEADLINE, "kanbao stops on SIGTSTP");
            std::thread::sleep(Duration::from_millis(20));
        }
        let stty = s.stty();
        assert_eq!(raw_mode(&stty), Some(false), "cooked while stopped: {stty}");
    }

    // `fg`: raw mode, the alternate screen (entered afresh, so empty) and every line redrawn.
    kill("CONT", pid);
    s.wait_until("the alternate screen entered again", |screen| {
        screen.alternate_screen() && screen.hide_cursor()
    });
    s.wait_for(FIRST_HEADLINE);
    s.wait_for("open");
    if linux {
        assert_eq!(raw_mode(&s.stty()), Some(true), "raw mode after SIGCONT");
    }
    s.send("j");
    s.wait_for("“岗位+技能”");
    s.send("q");
    let (exit, out) = s.finish();
    assert_eq!(exit, "0");
    assert_cooked(&out);
}

#[test]
fn ctrl_z_without_a_job_control_shell_says_so_and_keeps_reading() {
    // `sh -c` without `set -m` has no job control: nothing could bring a stopped kanbao back.
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    s.send("\x1a");
    s.wait_for("no shell to return to");
    assert!(
        s.parser
            .lock()
            .expect("parser lock")
            .screen()
            .alternate_screen()
    );
    s.send("q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn ctrl_z_suspends_to_a_job_control_shell_and_fg_brings_the_reader_back() {
    let home = tempfile::tempdir().expect("tempdir");
    // `set -m`: job control, as in an interactive shell. The shell reports the stop, prints the
    // terminal's settings while kanbao is stopped, then brings it back with `fg`.
    let script = format!(
        "set -m; '{{bin}}' {XUCHANG}; echo \"stopped=$?\"; stty -a; echo fg-now; fg; \
         echo \"exit=$?\"; stty -a; sleep 30"
    );
    let mut s = Session::start_script(&script, home.path(), "xterm-256color");
    s.wait_for(FIRST_HEADLINE);
    s.send("/清廉");
    s.wait_for("/filter headlines: 清廉");
    s.send("\x1a");
    let out = s.wait_for_output("fg-now");
    let stopped = out.split("stopped=").nth(1).unwrap_or("");
    let stopped = stopped.split("fg-now").next().unwrap_or("");
    assert!(
        stopped.starts_with("14"),
        "the shell saw kanbao stop: {stopped:.40}"
    );
    assert_cooked(stopped);
    // After `fg`: the whole screen again, with the prompt as it was.
    s.wait_until("the alternate screen entered again", |screen| {
        screen.alternate_screen() && screen.hide_cursor()
    });
    s.wait_for("/filter headlines: 清廉");
    s.wait_for("加强基层清廉建设");
    s.send("\x1b");
    s.wait_until_gone("/filter headlines");
    s.send("q");
    let (exit, out) = s.finish();
    assert_eq!(exit, "0");
    assert_cooked(out.split("exit=").nth(1).unwrap_or(""));
}

/// `pasted text pasted text …` of `bytes` bytes, ending in a marker the test waits for.
/// `bytes` of pasted text whose 996th to 1000th characters are `ZZCUT`: a prompt holds the
/// first 1000 characters of a paste (as many as a query may have), so it ends there.
fn long_text(bytes: usize) -> String {
    let mut text = "pasted text ".repeat(bytes / 12 + 1);
    text.replace_range(995..1000, "ZZCUT");
    text.truncate(bytes);
    text
}

#[test]
fn a_20_kb_bracketed_paste_lands_in_the_filter_at_once() {
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    assert!(
        s.output_since(0).contains("\x1b[?2004h"),
        "bracketed paste is on"
    );
    s.send("/");
    s.wait_for("/filter headlines: ▏");
    let start = Instant::now();
    s.send_in_background(format!("\x1b[200~{}\x1b[201~", long_text(20_000)));
    s.wait_for("ZZCUT▏");
    // About 20 ms in release; 18 s and more when each character was a key.
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "20 KB pasted in {took:?}");
    s.wait_for("没有匹配的标题");
    s.send("\x1b");
    s.wait_until_gone("ZZCUT");
    s.send("q");
    let (exit, out) = s.finish();
    assert_eq!(exit, "0");
    assert_cooked(&out);
}

#[test]
fn typing_20_kb_without_bracketed_paste_keeps_up() {
    // A terminal without bracketed paste sends a paste as keys: 20,000 of them.
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    s.send("/");
    s.wait_for("/filter headlines: ▏");
    let start = Instant::now();
    s.send_in_background(long_text(20_000));
    s.wait_for("ZZCUT▏");
    // About 20 ms in release; 41 s before, the last keys unread until another key came.
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "20 KB typed in {took:?}");
    s.send("\x1b");
    s.wait_until_gone("ZZCUT");
    s.send("q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn a_paste_with_no_prompt_open_is_not_read_as_keys() {
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    // As keys: the library, then quit.
    s.send("\x1b[200~Lq\x1b[201~");
    s.send("?");
    s.wait_for("help · j/k scroll");
    assert!(
        !s.screen().contains("/ searches them all"),
        "no library view: {}",
        s.screen()
    );
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn sighup_and_sigint_end_the_normal_way_and_keep_the_reading_place() {
    for (signal, code) in [("HUP", "129"), ("INT", "130")] {
        let home = tempfile::tempdir().expect("tempdir");
        let mut s = Session::start_in(XUCHANG, home.path());
        s.wait_for("襄城县丁营乡");
        // The longest story on the page: longer than a screen in the widest reading pane.
        s.send("/加强基层");
        s.wait_for("加强基层▏");
        s.send("\r");
        s.send("\r");
        s.wait_for("Space page");
        let top = s.screen().lines().nth(2).unwrap_or("").to_owned();
        s.send(" ");
        // The page turned: the line under the title is another (the counter's text depends on
        // the layout, so the screen itself is watched).
        s.wait_until("the page turned", |screen| {
            screen
                .contents()
                .lines()
                .nth(2)
                .is_some_and(|line| line != top)
        });
        let place = s.screen().lines().nth(2).unwrap_or("").to_owned();
        kill(signal, s.kanbao_pid());
        let (exit, out) = s.finish();
        assert_eq!(exit, code, "128 + SIG{signal}");
        assert_cooked(&out);

        // The quit path ran: the place in the article was saved, and the reader reopens there.
        let mut s = Session::start_in(XUCHANG, home.path());
        s.wait_for("Space page");
        s.wait_until("reopened at the place", |screen| {
            screen.contents().lines().nth(2) == Some(place.as_str())
        });
        s.send("Q");
        let (exit, _) = s.finish();
        assert_eq!(exit, "0");
    }
}

#[test]
fn y_over_ssh_copies_the_article_through_the_terminal_and_into_a_file() {
    use base64::Engine as _;
    let home = tempfile::tempdir().expect("tempdir");
    // Over SSH the text goes through the terminal (OSC 52) whatever clipboard tools are here.
    let script = "SSH_TTY=/dev/pts/99 '{bin}' -L editions; echo \"exit=$?\"; stty -a; sleep 30";
    let mut s = Session::start_script(script, home.path(), "xterm-256color");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    s.send("j");
    s.wait_for("“岗位+技能”");
    s.send("\r");
    s.send("y");
    s.wait_for("copied through the terminal");
    let out = s.wait_for_output("\x1b]52;c;");
    let payload = out
        .split("\x1b]52;c;")
        .nth(1)
        .and_then(|rest| rest.split('\x07').next())
        .expect("an OSC 52 sequence ended by BEL");
    let copied = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .expect("base64");
    let copied = String::from_utf8(copied).expect("UTF-8");
    assert!(copied.contains("探索建立多元救助模式"), "{copied}");
    assert!(copied.contains("许昌日报 2023-02-28"), "{copied}");
    let file = home.path().join("state/kanbao/copied.txt");
    assert_eq!(std::fs::read_to_string(&file).expect("the file"), copied);
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn library_search_in_the_reader_takes_the_query_language() {
    let mut s = Session::start("-L editions");
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    s.send("L");
    s.wait_for("/ searches them all");
    // Two words, both in the article but not next to each other.
    s.send("/两癌筛查 慈善\r");
    s.wait_for("1 article(s) mention '两癌筛查 慈善'");
    s.wait_for("探索建立多元救助模式");
    // An exclusion takes it away again; a malformed query says what to write.
    s.send("q");
    s.wait_for("/ searches them all");
    s.send("/两癌筛查 -慈善\r");
    s.wait_for("is in no edition of the library");
    s.send("q");
    s.wait_for("/ searches them all");
    s.send("/\"两癌\r");
    s.wait_for("is not closed");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

/// The reader indexes its library in the background once its first frame is up, and its
/// library search then answers from the index with the same results.
#[test]
fn the_reader_builds_the_search_index_in_the_background_and_searches_with_it() {
    let home = tempfile::tempdir().expect("a temp home");
    let mut s = Session::start_in("-L editions", home.path());
    s.wait_for("市政府召开2023年第8次重点工作周交办会议");
    let editions = repo().join("editions");
    let dir = kanbao::library::index::dir_in(
        &home.path().join("cache/kanbao"),
        std::slice::from_ref(&editions),
    );
    let start = Instant::now();
    let indexed = loop {
        let opened = kanbao::library::index::SearchIndex::open(&dir)
            .ok()
            .flatten();
        if let Some(index) = opened.filter(|i| i.editions() > 0) {
            break index.editions();
        }
        assert!(start.elapsed() < DEADLINE, "no index in {}", dir.display());
        std::thread::sleep(Duration::from_millis(50));
    };
    let on_disk = kanbao::library::sources::Sources::discover(&[editions])
        .editions
        .len();
    assert_eq!(indexed, on_disk);
    s.send("L");
    s.wait_for("/ searches them all");
    s.send("/两癌筛查 慈善\r");
    s.wait_for("1 article(s) mention '两癌筛查 慈善'");
    s.wait_for("探索建立多元救助模式");
    // Q quits from the results at once.
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

/// A Chinese edition with one photo near the top and enough text after it to scroll it out of
/// view, in `home/paper`, and a config that draws pictures with `protocol`.
fn photo_edition(home: &Path, protocol: &str) -> std::path::PathBuf {
    use std::fmt::Write as _;

    use image::{ImageFormat, Rgb, RgbImage};
    let dir = home.join("paper");
    std::fs::create_dir_all(dir.join("images")).expect("mkdir");
    let picture = RgbImage::from_fn(320, 240, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    picture
        .save_with_format(dir.join("images/lead.jpg"), ImageFormat::Jpeg)
        .expect("a test photo");
    let mut text = String::from(
        "+++\npaper = \"许昌日报\"\ndate = 2023-03-01\nlanguage = \"zh\"\n+++\n\n\
         +++\npage = \"1\"\nname = \"要闻\"\n+++\n\n# 春耕备耕正当时\n\n\
         ![农民在田间查看麦苗长势](images/lead.jpg)\n\n本报记者 谭宜姝 摄\n\n",
    );
    for n in 1..=40 {
        let _ = write!(
            text,
            "第{n}段：农技人员介绍，当前正是小麦返青的关键时期。

"
        );
    }
    text.push_str("文章到此结束。\n");
    std::fs::write(dir.join("paper.md"), text).expect("the edition");
    let config = home.join("config/kanbao");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(
        config.join("config.toml"),
        format!("[images]\nprotocol = \"{protocol}\"\n"),
    )
    .expect("the config");
    dir.join("paper.md")
}

/// Opens the photo edition with `protocol`, waits until the picture's `marker` is written, then
/// scrolls the photo out of view and checks that redrawing writes no picture bytes at all.
fn picture_protocol_is_written_only_in_view(protocol: &str, marker: &str) {
    let home = tempfile::tempdir().expect("tempdir");
    let edition = photo_edition(home.path(), protocol);
    let mut s = Session::start_in(&format!("-L '{}'", edition.display()), home.path());
    s.wait_for("春耕备耕正当时");
    s.send("\r");
    s.wait_for("农民在田间查看麦苗长势");
    s.wait_for_output(marker);
    // To the end: the photo is far above.
    s.send("G");
    s.wait_for("文章到此结束。");
    let from = s.output_len();
    s.send("k");
    s.wait_until_gone("文章到此结束。");
    s.send("j");
    s.wait_for("文章到此结束。");
    let since = s.output_since(from);
    assert!(
        !since.contains(marker) && !since.contains('\u{10EEEE}'),
        "{protocol}: picture bytes written while the photo was out of view: {since:?}"
    );
    // Back at the top the picture is drawn again.
    let from = s.output_len();
    s.send("g");
    s.wait_for("春耕备耕正当时");
    let start = Instant::now();
    while !(s.output_since(from).contains(marker) || s.output_since(from).contains('\u{10EEEE}')) {
        assert!(
            start.elapsed() < DEADLINE,
            "{protocol}: not drawn again at the top"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn kitty_pictures_are_sent_when_the_photo_is_in_view_and_not_after() {
    // The kitty graphics protocol's APC, then Unicode placeholders where the picture stands.
    picture_protocol_is_written_only_in_view("kitty", "\x1b_G");
}

#[test]
fn sixel_pictures_are_sent_when_the_photo_is_in_view_and_not_after() {
    picture_protocol_is_written_only_in_view("sixel", "\x1bP");
}

#[test]
fn iterm2_pictures_are_sent_when_the_photo_is_in_view_and_not_after() {
    picture_protocol_is_written_only_in_view("iterm2", "\x1b]1337;File=");
}

#[test]
fn with_no_config_a_photo_appears_in_half_blocks_after_the_text() {
    let home = tempfile::tempdir().expect("tempdir");
    let edition = photo_edition(home.path(), "auto");
    // No [images] line at all: the defaults decide (half-blocks in xterm-256color).
    std::fs::remove_file(home.path().join("config/kanbao/config.toml")).expect("no config");
    // Whatever terminal runs the tests, kanbao sees a plain xterm outside any multiplexer.
    let script = format!(
        "env -u KITTY_WINDOW_ID -u TERM_PROGRAM -u WEZTERM_PANE -u WEZTERM_EXECUTABLE -u TMUX \
         -u STY '{{bin}}' -L '{}'; echo \"exit=$?\"; stty -a; sleep 30",
        edition.display()
    );
    let mut s = Session::start_script(&script, home.path(), "xterm-256color");
    s.wait_for("春耕备耕正当时");
    s.send("\r");
    s.wait_for("农民在田间查看麦苗长势");
    // The decoded photo arrives from the worker: half-block cells in true colour.
    s.wait_until("half-block cells with colours", |screen| {
        (0..ROWS).any(|row| {
            (0..COLS).any(|col| {
                screen.cell(row, col).is_some_and(|cell| {
                    matches!(cell.contents(), "▀" | "▄")
                        && matches!(cell.fgcolor(), vt100::Color::Rgb(..))
                })
            })
        })
    });
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}
