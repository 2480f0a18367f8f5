//! A fuzz pass over the files kanbao keeps and reads for itself: `bookmarks.toml`, `state.toml`
//! and `config.toml` (`[[sources]]`, keys and theme included). Arbitrary bytes, TOML-shaped soup
//! and valid files with random damage never panic, each case finishes in bounded time, a damaged
//! file is reported by its path (and by the line the TOML parser points at), opening never
//! changes a file, and a valid file round-trips.

use std::path::Path;
use std::time::{Duration, Instant};

use kanbao::app::Action;
use kanbao::config::Config;
use kanbao::fetch::SourceKind;
use kanbao::store::{
    BOOKMARKS_FILE, Bookmark, Bookmarks, LastRead, ReadingState, STATE_FILE, SavedPosition,
};
use proptest::prelude::*;
use proptest::sample::Index;
use ratatui::style::Color;

/// Far above a case's few milliseconds, far below a hang.
const CASE_LIMIT: Duration = Duration::from_secs(5);

/// The 1-based line holding byte `at`.
fn line_at(bytes: &[u8], at: usize) -> usize {
    // One piece per line started before `at`.
    bytes[..at.min(bytes.len())].split(|&b| b == b'\n').count()
}

/// The line the TOML parser gives for a syntax error in `bytes`, when they are text kanbao
/// hands to the parser (UTF-8, not blank, no NUL) and do not parse.
fn toml_error_line(bytes: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(bytes).ok()?;
    if text.trim().is_empty() || text.contains('\0') {
        return None;
    }
    let err = toml::from_str::<toml::Table>(text).err()?;
    err.span().map(|span| line_at(bytes, span.start))
}

/// Checks what opening a store file with `bytes` reported: nothing only for a file that is valid
/// TOML at version 1; else a message naming the file, and the parser's line for a syntax error.
fn check_report(bytes: &[u8], path: &Path, problem: Option<&str>) -> Result<(), TestCaseError> {
    match problem {
        None => {
            let text = std::str::from_utf8(bytes);
            prop_assert!(text.is_ok(), "accepted non-UTF-8 bytes without a word");
            let table = toml::from_str::<toml::Table>(text.unwrap_or_default());
            prop_assert!(table.is_ok(), "accepted invalid TOML without a word");
            let version = table.ok().and_then(|t| t.get("version").cloned());
            prop_assert_eq!(version, Some(toml::Value::Integer(1)));
        }
        Some(problem) => {
            let shown = path.display().to_string();
            prop_assert!(
                problem.contains(&shown),
                "{problem:?} does not name {shown}"
            );
            if let Some(line) = toml_error_line(bytes) {
                let at = format!(", line {line}:");
                prop_assert!(problem.contains(&at), "{problem:?} lacks {at:?}");
            }
        }
    }
    Ok(())
}

/// Text without control or format characters, which the sanitiser leaves as it is.
fn clean() -> impl Strategy<Value = String> {
    "[\\PC]{0,24}"
}

fn position() -> impl Strategy<Value = SavedPosition> {
    (0..1000usize, 0..100_000usize).prop_map(|(paragraph, byte)| SavedPosition { paragraph, byte })
}

fn bookmark() -> impl Strategy<Value = Bookmark> {
    (
        (clean(), clean(), prop::option::of(clean())),
        (prop::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}"), clean()),
        (clean(), clean(), clean()),
        (clean(), prop::option::of(clean()), position()),
    )
        .prop_map(
            |(
                (article_id, edition_id, paper),
                (date, page),
                (headline, excerpt, file),
                (added, note, position),
            )| Bookmark {
                article_id,
                edition_id,
                paper,
                date,
                page,
                headline,
                excerpt,
                file,
                added,
                note,
                position,
            },
        )
}

/// Bookmarks with distinct ids.
fn bookmarks() -> impl Strategy<Value = Vec<Bookmark>> {
    prop::collection::vec(bookmark(), 0..6).prop_map(|mut list| {
        for (n, b) in list.iter_mut().enumerate() {
            b.article_id = format!("{}#{n}", b.article_id);
        }
        list
    })
}

/// A bookmarks file as a user (or kanbao) would write it.
fn bookmarks_text(list: &[Bookmark]) -> String {
    #[derive(serde::Serialize)]
    struct File<'a> {
        version: i64,
        #[serde(rename = "bookmark")]
        bookmarks: &'a [Bookmark],
    }
    toml::to_string_pretty(&File {
        version: 1,
        bookmarks: list,
    })
    .expect("bookmarks serialise")
}

/// A state file: the read list (distinct ids) and the story open last.
fn state() -> impl Strategy<Value = (Vec<String>, Option<LastRead>)> {
    let last =
        (clean(), clean(), position()).prop_map(|(edition_id, article_id, position)| LastRead {
            edition_id,
            article_id,
            position,
        });
    (
        prop::collection::vec(clean(), 0..12).prop_map(|ids| {
            ids.into_iter()
                .enumerate()
                .map(|(n, id)| format!("{id}#{n}"))
                .collect()
        }),
        prop::option::of(last),
    )
}

fn state_text(read: &[String], last: Option<&LastRead>) -> String {
    #[derive(serde::Serialize)]
    struct File<'a> {
        version: i64,
        read: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        last: Option<&'a LastRead>,
    }
    toml::to_string_pretty(&File {
        version: 1,
        read,
        last,
    })
    .expect("state serialises")
}

/// Lines that look like the files kanbao keeps, damaged ones included.
fn soup_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("version = 1".to_owned()),
        Just("version = 2".to_owned()),
        Just("version = \"1\"".to_owned()),
        Just("[[bookmark]]".to_owned()),
        Just("[bookmark.position]".to_owned()),
        Just("[last]".to_owned()),
        Just("[last.position]".to_owned()),
        Just("read = [\"a/1/1\", \"a/1/1\"]".to_owned()),
        Just("article_id = \"e/1/1\"".to_owned()),
        Just("edition_id = \"e\"".to_owned()),
        Just("paragraph = -1".to_owned()),
        Just("byte = 18446744073709551616".to_owned()),
        Just("headline = \"\\u001b]0;x\\u0007\"".to_owned()),
        Just("note = '''".to_owned()),
        "[a-z_]{1,10} = [\\PC]{0,12}",
        "[\\PC]{0,30}",
        any::<String>(),
    ]
}

fn soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(soup_line(), 0..20).prop_map(|lines| lines.join("\n").into_bytes())
}

fn arbitrary_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..1024), soup()]
}

/// Damage: delete a run, insert bytes, overwrite a byte, cut the file short, or repeat a line.
fn damage() -> impl Strategy<Value = Vec<(Index, u8, Vec<u8>)>> {
    prop::collection::vec(
        (
            any::<Index>(),
            0..5u8,
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    Just(b'"'),
                    Just(b'['),
                    Just(b'='),
                    Just(b'\n'),
                    Just(b'#')
                ],
                1..6,
            ),
        ),
        1..4,
    )
}

fn apply_damage(text: &str, damage: &[(Index, u8, Vec<u8>)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for (at, kind, extra) in damage {
        let at = at.index(bytes.len() + 1);
        match kind {
            0 => {
                let end = (at + extra.len()).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                bytes.splice(at..at, extra.iter().copied());
            }
            2 if at < bytes.len() => bytes[at] = extra[0],
            3 => bytes.truncate(at),
            _ => {
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |n| n + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |n| at + n);
                let line: Vec<u8> = bytes[start..end].to_vec();
                bytes.splice(start..start, line.into_iter().chain([b'\n']));
            }
        }
    }
    bytes
}

/// Opens the bookmarks over `bytes`; checks the report, the time and that the file is unchanged.
fn open_bookmarks(dir: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = dir.join(BOOKMARKS_FILE);
    std::fs::write(&path, bytes).expect("the bookmarks file");
    let start = Instant::now();
    let store = Bookmarks::open(dir);
    prop_assert!(start.elapsed() < CASE_LIMIT, "took {:?}", start.elapsed());
    check_report(bytes, &path, store.problem())?;
    prop_assert_eq!(
        std::fs::read(&path).expect("the file"),
        bytes,
        "opening changed the file"
    );
    Ok(())
}

fn open_state(dir: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = dir.join(STATE_FILE);
    std::fs::write(&path, bytes).expect("the state file");
    let start = Instant::now();
    let state = ReadingState::open(dir);
    prop_assert!(start.elapsed() < CASE_LIMIT, "took {:?}", start.elapsed());
    check_report(bytes, &path, state.problem())?;
    prop_assert_eq!(
        std::fs::read(&path).expect("the file"),
        bytes,
        "opening changed the file"
    );
    Ok(())
}

const CONFIG_PATH: &str = "/home/reader/.config/kanbao/config.toml";

/// Parses a config; an error names the file, and a line for a syntax error.
fn parse_config(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    let start = Instant::now();
    let result = Config::from_toml_str(&text, Path::new(CONFIG_PATH));
    prop_assert!(start.elapsed() < CASE_LIMIT, "took {:?}", start.elapsed());
    if let Err(err) = result {
        let message = err.to_string();
        prop_assert!(message.contains(CONFIG_PATH), "{message:?}");
        // A file with a syntax error is reported at a line: that one, or another problem's
        // (an unknown key next to it).
        if let Some(line) = toml_error_line(text.as_bytes()) {
            prop_assert!(
                err.line().is_some(),
                "{message:?}, syntax error at line {line}"
            );
        }
    }
    Ok(())
}

/// The documented defaults, with the example sources switched on.
fn full_config() -> String {
    let mut text = kanbao::config::DEFAULT_CONFIG.to_owned();
    for example in [
        "[[sources]]",
        "name = \"rmrb\"",
        "preset = \"rmrb\"",
        "[[sources]]",
        "name = \"harbor\"",
        "feed = \"https://harbor.example/feed.atom\"",
        "full_text = true",
    ] {
        text.push('\n');
        text.push_str(example);
    }
    text.push('\n');
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn bookmarks_files_of_any_bytes_are_reported_by_name_and_line(bytes in arbitrary_bytes()) {
        let dir = tempfile::tempdir().expect("a temp dir");
        open_bookmarks(dir.path(), &bytes)?;
    }

    #[test]
    fn damaged_bookmarks_files_are_reported_by_name_and_line(list in bookmarks(), damage in damage()) {
        let dir = tempfile::tempdir().expect("a temp dir");
        open_bookmarks(dir.path(), &apply_damage(&bookmarks_text(&list), &damage))?;
    }

    #[test]
    fn state_files_of_any_bytes_are_reported_by_name_and_line(bytes in arbitrary_bytes()) {
        let dir = tempfile::tempdir().expect("a temp dir");
        open_state(dir.path(), &bytes)?;
    }

    #[test]
    fn damaged_state_files_are_reported_by_name_and_line((read, last) in state(), damage in damage()) {
        let dir = tempfile::tempdir().expect("a temp dir");
        open_state(dir.path(), &apply_damage(&state_text(&read, last.as_ref()), &damage))?;
    }

    #[test]
    fn configs_of_any_bytes_are_reported_by_name_and_line(bytes in arbitrary_bytes()) {
        parse_config(&bytes)?;
    }

    #[test]
    fn damaged_configs_are_reported_by_name_and_line(damage in damage()) {
        parse_config(&apply_damage(&full_config(), &damage))?;
    }
}

proptest! {
    // Each case saves (and syncs) a file: fewer of them.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn valid_bookmarks_round_trip_through_a_save(list in bookmarks(), extra in bookmark()) {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join(BOOKMARKS_FILE), bookmarks_text(&list)).expect("written");
        let mut store = Bookmarks::open(dir.path());
        prop_assert_eq!(store.problem(), None);
        prop_assert_eq!(store.len(), list.len());
        for b in &list {
            prop_assert_eq!(store.get(&b.article_id), Some(b));
        }
        let mut extra = extra;
        extra.article_id = "new/1/1".to_owned();
        store.add(extra.clone()).expect("saved");
        let reopened = Bookmarks::open(dir.path());
        prop_assert_eq!(reopened.problem(), None);
        prop_assert_eq!(reopened.len(), list.len() + 1);
        for b in list.iter().chain([&extra]) {
            prop_assert_eq!(reopened.get(&b.article_id), Some(b));
        }
    }

    #[test]
    fn valid_state_round_trips_through_a_save((read, last) in state()) {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join(STATE_FILE), state_text(&read, last.as_ref())).expect("written");
        let mut state = ReadingState::open(dir.path());
        prop_assert_eq!(state.problem(), None);
        prop_assert_eq!(state.last(), last.as_ref());
        prop_assert_eq!(state.read_ids().count(), read.len());
        state.mark_read("new/1/1").expect("saved");
        let reopened = ReadingState::open(dir.path());
        prop_assert_eq!(reopened.last(), last.as_ref());
        for id in read.iter().map(String::as_str).chain(["new/1/1"]) {
            prop_assert!(reopened.is_read(id), "{id} lost");
        }
        prop_assert_eq!(reopened.read_ids().count(), read.len() + 1);
    }

    #[test]
    fn valid_configs_mean_what_they_say(
        (measure, indent, mouse) in (20usize..=400, any::<bool>(), any::<bool>()),
        // Ctrl-c quits and Ctrl-z suspends whatever the config says.
        letter in "[abd-y]",
        (r, g, b) in (any::<u8>(), any::<u8>(), any::<u8>()),
        (name, host, full_text) in ("[a-z][a-z0-9-]{0,10}", "[a-z]{1,10}", any::<bool>()),
    ) {
        let text = format!(
            "mouse = {mouse}\n\n[reading]\nmeasure = {measure}\nindent = {indent}\n\n[keys]\n\
             quit = [\"Ctrl-{letter}\"]\n\n[theme]\ntitle = {{ fg = \"#{r:02x}{g:02x}{b:02x}\", \
             bold = true }}\n\n[[sources]]\nname = \"{name}\"\nfeed = \
             \"https://{host}.example/feed.xml\"\nfull_text = {full_text}\n"
        );
        let config = Config::from_toml_str(&text, Path::new(CONFIG_PATH));
        prop_assert!(config.is_ok(), "{:?}\n{}", config.err().map(|e| e.to_string()), text);
        let config = config.expect("checked");
        prop_assert_eq!(config.mouse, mouse);
        prop_assert_eq!(config.reading.measure_cols, measure);
        prop_assert_eq!(config.reading.indent, indent);
        // Ctrl-c always quits as well.
        let mut quit = vec![format!("Ctrl-{letter}"), "Ctrl-c".to_owned()];
        quit.sort();
        let mut keys = config.keymap.keys_for(Action::Quit);
        keys.sort();
        prop_assert_eq!(keys, quit);
        prop_assert_eq!(config.theme.title.fg, Some(Color::Rgb(r, g, b)));
        prop_assert_eq!(config.sources.len(), 1);
        prop_assert_eq!(&config.sources[0].name, &name);
        prop_assert_eq!(
            &config.sources[0].kind,
            &SourceKind::Feed { url: format!("https://{host}.example/feed.xml"), full_text }
        );
    }
}
