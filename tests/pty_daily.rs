//! The daily loop in a real terminal: `q` walks back down the views and quits only at the
//! bottom, `Q` quits from anywhere, results come back as they were after reading one, the
//! prompt edits mixed Han and Latin text with the arrows, its history survives a restart, and
//! read state moves with `m`, `M`, `u` and `.`.

#![cfg(unix)]

mod support;

use support::pty::Session;

const XUCHANG: &str = "-L editions/xuchang-daily-2023-02-28.txt";
const FIRST_HEADLINE: &str = "市政府召开2023年第8次重点工作周交办会议";

#[test]
fn q_walks_back_down_from_an_opened_result_and_quits_at_the_bottom() {
    let mut s = Session::start("-L editions");
    s.wait_for(FIRST_HEADLINE);
    s.send("L");
    s.wait_for("/ searches them all");
    s.send("/两癌筛查\r");
    s.wait_for("mention '两癌筛查'");
    s.send("\r");
    s.wait_for("match 1 of");
    // The article fills the screen; q returns to the results as they were.
    s.send("q");
    s.wait_for("'两癌筛查' · 1 article");
    s.send("q");
    s.wait_for("/ searches them all");
    s.send("q");
    s.wait_until_gone("/ searches them all");
    s.send("q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0", "q at the bottom quits");
}

#[test]
fn capital_q_quits_from_the_help_over_the_library() {
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    s.send("L");
    s.wait_for("/ searches them all");
    s.send("?");
    s.wait_for("help · j/k scroll");
    s.send("q");
    s.wait_for("/ searches them all");
    s.send("?");
    s.wait_for("help · j/k scroll");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn the_prompt_edits_han_and_latin_with_the_arrows_and_remembers_across_runs() {
    let home = tempfile::tempdir().expect("a temp home");
    let mut s = Session::start_in(XUCHANG, home.path());
    s.wait_for(FIRST_HEADLINE);
    s.send("/subway 中文");
    s.wait_for("subway 中文▏");
    // ← ← over two Han characters, then X between the space and 中.
    s.send("\x1b[D");
    s.wait_for("subway 中▏文");
    s.send("\x1b[D");
    s.wait_for("subway ▏中文");
    s.send("X");
    s.wait_for("subway X▏中文");
    // Ctrl-A, Ctrl-K: the line is gone; then a filter that matches.
    s.send("\x01\x0b清廉\r");
    s.wait_for("筛选：清廉");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");

    let mut s = Session::start_in(XUCHANG, home.path());
    s.wait_for("加强基层清廉建设");
    s.send("/");
    s.wait_for("/filter headlines: ");
    s.send("\x15\x1b[A");
    s.wait_for("/filter headlines: 清廉▏");
    s.send("\x1b[B");
    s.wait_until_gone("/filter headlines: 清廉▏");
    // Esc and the next key sent at once would read as Alt-Q.
    s.send("\x1b");
    s.wait_until_gone("/filter headlines");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn mark_read_mark_the_page_undo_and_next_unread() {
    let mut s = Session::start(XUCHANG);
    s.wait_for(FIRST_HEADLINE);
    // The first article read by opening it; q back; its • is gone.
    s.send("\r");
    s.wait_for("% · ");
    s.send("q");
    s.wait_for("▌  市政府召开");
    // m: unread again.
    s.send("m");
    s.wait_for("marked unread");
    s.wait_for("▌• 市政府召开");
    // M: the whole page read; u: undone.
    s.send("M");
    s.wait_for("marked 7 article(s) of 第1版 read; u undoes");
    s.send("u");
    s.wait_for("7 article(s) unread again");
    // `.`: the next unread after the selection.
    s.send(".");
    s.wait_for("▌• “岗位+技能”");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn a_bookmark_added_by_the_cli_shows_in_the_running_reader_after_one_key() {
    use support::cli::{home_env, kanbao, repo};
    let home = tempfile::tempdir().expect("a temp home");
    let mut s = Session::start_in(XUCHANG, home.path());
    s.wait_for(FIRST_HEADLINE);
    assert!(!s.screen().contains('★'));
    let added = kanbao()
        .args([
            "bookmarks",
            "add",
            "xuchang-daily-2023-02-28/1/2",
            "-L",
            "editions/xuchang-daily-2023-02-28.txt",
        ])
        .current_dir(repo())
        .envs(home_env(home.path()))
        .output()
        .expect("kanbao bookmarks add runs");
    assert!(added.status.success(), "{added:?}");
    // One key later, the list marks it.
    s.send("j");
    s.wait_for("▌★ “岗位+技能”");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

#[test]
fn counts_and_the_command_line() {
    let mut s = Session::start("-L editions");
    s.wait_for(FIRST_HEADLINE);
    s.send("3j");
    s.wait_for("▌• 多领域齐头并进");
    // `:` with Tab completion, then a date in the library.
    s.send(":da\t");
    s.wait_for(":date ▏");
    s.send("2023-02-25\r");
    s.wait_for("许昌周末 · 2023-02-25");
    s.send(":nonsense\r");
    s.wait_for("unknown command 'nonsense'");
    s.send(":q\r");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}

/// A small library in a temp folder: 许昌日报 every day from 2013-01-01 to 03-11 but 02-10, and
/// 许昌周末 every seventh day from 01-05.
fn ten_weeks(dir: &std::path::Path) {
    for day in 0..70 {
        let date = kanbao::library::synthetic::date_after_2013(day);
        let mut papers = Vec::new();
        if date != "2013-02-10" {
            papers.push(("daily", "许昌日报"));
        }
        if day % 7 == 4 {
            papers.push(("weekend", "许昌周末"));
        }
        for (file, paper) in papers {
            let text = format!(
                "+++\npaper = \"{paper}\"\ndate = {date}\nlanguage = \"zh\"\n+++\n\n\
                 +++\npage = 1\n+++\n\n# {paper}{date}头版\n\n本报讯 正文。\n"
            );
            std::fs::write(dir.join(format!("{file}-{date}.md")), text).expect("written");
        }
    }
}

#[test]
fn the_library_folds_months_filters_papers_and_goes_to_a_date() {
    let papers = tempfile::tempdir().expect("a temp library");
    ten_weeks(papers.path());
    let mut s = Session::start(&format!("-L {}", papers.path().display()));
    s.wait_for("许昌日报2013-03-11头版");
    s.send("L");
    // The newest month open, the others folded, with their editions counted.
    s.wait_for("▾ 许昌日报 · 69期");
    s.wait_for("▾ 2013年3月 · 11期");
    s.wait_for("▸ 2013年2月 · 27期");
    // `-` folds the month of the edition selected; Enter on its heading opens it again.
    s.send("-");
    s.wait_for("▸ 2013年3月 · 11期");
    s.wait_until_gone("2013-03-10  1版");
    s.send("\r");
    s.wait_for("2013-03-10  1版");
    // `t` and a day no edition has: the nearest, its month opened.
    s.send("t");
    s.wait_for(":date ▏");
    s.send("2013-02-10\r");
    s.wait_for("the nearest edition is 2013-02-09 (none on 2013-02-10)");
    // February was folded: it is open now, the days around the 9th in view.
    s.wait_for("2013-02-08  1版");
    s.wait_for("2013-02-11  1版");
    // `\` lists only the papers whose name holds what is typed.
    s.send("\\周末");
    s.wait_for("papers: 周末 · 1/2");
    s.wait_until_gone("▾ 许昌日报");
    s.send("\x1b");
    s.wait_until_gone("papers: 周末");
    s.wait_for("2013-02-09  1版");
    // Enter on the edition selected (02-09) opens it.
    s.send("\r");
    s.wait_for("许昌日报2013-02-09头版");
    s.send("Q");
    let (exit, _) = s.finish();
    assert_eq!(exit, "0");
}
