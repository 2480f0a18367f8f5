//! The config file as a user meets it: the documented defaults, files that override some or all
//! of them, every kind of mistake reported with its line and key, where the file is looked for,
//! and how key presses map to actions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kanbao::app::Action;
use kanbao::config::{Config, ConfigError, DEFAULT_CONFIG, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::style::{Color, Modifier, Style};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

fn load_fixture(name: &str) -> Result<Config, ConfigError> {
    Config::load(Some(&fixture(name)))
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml_str(text, Path::new("/home/reader/.config/kanbao/config.toml"))
}

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn styles(theme: &Theme) -> [(&'static str, Style); 17] {
    [
        ("title", theme.title),
        ("kicker", theme.kicker),
        ("headline", theme.headline),
        ("subtitle", theme.subtitle),
        ("byline", theme.byline),
        ("column", theme.column),
        ("body", theme.body),
        ("dim", theme.dim),
        ("selected", theme.selected),
        ("marker", theme.marker),
        ("search_match", theme.search_match),
        ("current_match", theme.current_match),
        ("status", theme.status),
        ("error", theme.error),
        ("border", theme.border),
        ("focused_border", theme.focused_border),
        ("link", theme.link),
    ]
}

// ---- the defaults ----

#[test]
fn the_documented_defaults_are_the_defaults() {
    let asset =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.toml"))
            .expect("assets/config.toml is readable");
    assert_eq!(asset, DEFAULT_CONFIG, "the embedded text is the asset");
    let parsed = parse(&asset).expect("the asset parses");
    assert_eq!(parsed, Config::default());

    let config = Config::default();
    assert!(config.library.is_empty());
    assert!(config.mouse);
    assert_eq!(config.reading.measure_cols, 80);
    assert!(config.reading.indent);
    assert!(config.reading.normalize_punctuation);
    assert!(!config.reading.hanging_punctuation);
}

#[test]
fn every_action_has_a_default_key_and_no_key_does_two_things() {
    let keymap = Config::default().keymap;
    let bindings = keymap.bindings();
    let order: Vec<Action> = Action::BINDABLE.iter().map(|(a, _, _)| *a).collect();
    let listed: Vec<Action> = bindings.iter().map(|(a, _)| *a).collect();
    assert_eq!(listed, order, "bindings() follows Action::BINDABLE");

    let mut owner: HashMap<String, Action> = HashMap::new();
    for (action, keys) in bindings {
        assert!(!keys.is_empty(), "{action:?} has no default key");
        for key in keys {
            if let Some(other) = owner.insert(key.clone(), action) {
                panic!("'{key}' is bound to both {other:?} and {action:?}");
            }
        }
    }
}

#[test]
fn default_keys_are_shown_as_the_help_overlay_lists_them() {
    let keymap = Config::default().keymap;
    assert_eq!(keymap.keys_for(Action::MoveDown), ["↓", "j"]);
    assert_eq!(keymap.keys_for(Action::MoveUp), ["↑", "k"]);
    assert_eq!(keymap.keys_for(Action::PageDown), ["Space", "PageDown"]);
    assert_eq!(keymap.keys_for(Action::Quit), ["Q", "Ctrl-c"]);
    assert_eq!(keymap.keys_for(Action::Close), ["q"]);
    assert!(keymap.keys_for(Action::Input('x')).is_empty());
}

#[test]
fn the_default_theme_is_coloured_and_no_color_removes_every_colour() {
    let config = Config::default();
    assert_eq!(
        config.theme_for(false).title,
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
    );
    assert_eq!(config.theme_for(false), config.theme);

    let mono = config.theme_for(true);
    assert_eq!(mono, Theme::monochrome());
    for (name, style) in styles(&mono) {
        assert_eq!(style.fg, None, "{name} has a foreground colour");
        assert_eq!(style.bg, None, "{name} has a background colour");
        assert_eq!(
            style.underline_color, None,
            "{name} has an underline colour"
        );
    }
    // Still readable without colour: the selection and the current match stand out.
    assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
    assert_ne!(mono.search_match, mono.current_match);
    assert_ne!(mono.search_match, mono.body);
}

// ---- files that override the defaults ----

#[test]
fn a_partial_file_overrides_only_what_it_sets() {
    let config = load_fixture("valid_partial.toml").expect("valid_partial.toml loads");
    let defaults = Config::default();
    assert_eq!(config.reading.measure_cols, 60);
    assert_eq!(config.keymap.keys_for(Action::MoveDown), ["j", "Ctrl-n"]);
    assert_eq!(config.keymap.keys_for(Action::Search), ["f", "/"]);
    // The user's list replaced the default one: Down no longer moves down.
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Down, KeyModifiers::NONE)),
        None
    );
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        Some(Action::MoveDown)
    );
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Char('f'), KeyModifiers::NONE)),
        Some(Action::Search)
    );
    // Everything else is untouched.
    assert_eq!(
        config.keymap.keys_for(Action::MoveUp),
        defaults.keymap.keys_for(Action::MoveUp)
    );
    assert_eq!(config.theme, defaults.theme);
    assert_eq!(config.reading.indent, defaults.reading.indent);
    assert_eq!(config.mouse, defaults.mouse);
    assert_eq!(config.library, defaults.library);
}

#[test]
fn a_full_file_sets_everything() {
    let path = fixture("valid_full.toml");
    let config = Config::load(Some(&path)).expect("valid_full.toml loads");
    assert!(!config.mouse);
    assert_eq!(config.reading.measure_cols, 120);
    assert!(!config.reading.indent);
    assert!(!config.reading.normalize_punctuation);
    assert!(config.reading.hanging_punctuation);

    let folder = path.parent().expect("a fixture has a folder");
    assert_eq!(config.library[0], folder.join("papers"));
    assert!(config.library[1].is_absolute(), "{:?}", config.library[1]);
    assert!(config.library[1].ends_with("newspapers"));
    assert!(!config.library[1].starts_with("~"));
    assert_eq!(
        config.library[2],
        PathBuf::from("/srv/editions/people-daily.txt")
    );

    let keymap = &config.keymap;
    assert_eq!(keymap.keys_for(Action::NextArticle), ["Alt-↓"]);
    assert_eq!(keymap.keys_for(Action::Quit), ["Q", "Ctrl-q", "Ctrl-c"]);
    assert_eq!(keymap.keys_for(Action::NextPane), ["Tab", "Shift-Tab"]);
    assert_eq!(
        keymap.action_for(&press(KeyCode::Down, KeyModifiers::ALT)),
        Some(Action::NextArticle)
    );
    assert_eq!(
        keymap.action_for(&press(KeyCode::F(3), KeyModifiers::NONE)),
        Some(Action::Search)
    );
    // 'J' was next_article by default; the full file freed it.
    assert_eq!(
        keymap.action_for(&press(KeyCode::Char('J'), KeyModifiers::SHIFT)),
        None
    );

    let theme = &config.theme;
    assert_eq!(
        theme.title,
        Style::new()
            .fg(Color::Rgb(0xc0, 0, 0))
            .add_modifier(Modifier::BOLD)
    );
    assert_eq!(theme.kicker, Style::new().fg(Color::Indexed(179)));
    assert_eq!(theme.column, Style::new().fg(Color::LightMagenta));
    assert_eq!(theme.body, Style::new().fg(Color::Reset));
    assert_eq!(
        theme.status,
        Style::new().fg(Color::White).bg(Color::Indexed(236))
    );
    assert_eq!(
        theme.link,
        Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::UNDERLINED | Modifier::DIM)
    );
    let defaults = Config::default().theme;
    for ((name, style), (_, default)) in styles(theme).into_iter().zip(styles(&defaults)) {
        assert_ne!(style, default, "{name} was set but kept its default");
    }
}

#[test]
fn a_style_replaces_the_default_style_as_a_whole() {
    let config = parse("[theme]\ntitle = { underlined = true }\nbody = {}\n").expect("valid");
    assert_eq!(
        config.theme.title,
        Style::new().add_modifier(Modifier::UNDERLINED)
    );
    assert_eq!(config.theme.body, Style::new());
}

#[test]
fn an_empty_list_unbinds_an_action_and_frees_its_keys() {
    let config = parse("[keys]\nbookmark = []\nbookmarks = [\"b\"]\n").expect("valid");
    assert!(config.keymap.keys_for(Action::ToggleBookmark).is_empty());
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Char('b'), KeyModifiers::NONE)),
        Some(Action::ShowBookmarks)
    );
}

#[test]
fn an_empty_file_gives_the_defaults() {
    assert_eq!(parse("").expect("valid"), Config::default());
    assert_eq!(parse("# nothing\n\n").expect("valid"), Config::default());
}

// ---- mistakes, each reported with its line and key ----

/// An invalid fixture: its file, the line the error must name, the key, and words the message
/// must contain.
const INVALID_FIXTURES: [(&str, usize, &str, &[&str]); 7] = [
    (
        "invalid_unknown_key.toml",
        4,
        "reading.mesure",
        &["unknown key 'mesure'", "[reading]", "measure"],
    ),
    (
        "invalid_unknown_action.toml",
        5,
        "keys.upp",
        &["unknown action 'upp'", "next_article"],
    ),
    (
        "invalid_bad_key.toml",
        5,
        "keys.search",
        &["'Ctrl+f' is not a key", "'Ctrl-f'"],
    ),
    (
        "invalid_conflict.toml",
        5,
        "keys.toggle_raw",
        &["'x'", "'toggle_raw'", "'follow'", "line 4"],
    ),
    (
        "invalid_measure_zero.toml",
        5,
        "reading.measure",
        &["'0'", "20 to 400"],
    ),
    (
        "invalid_bad_colour.toml",
        3,
        "theme.headline.fg",
        &["unknown colour 'purpel'", "'#ff8800'"],
    ),
    (
        "invalid_wrong_type.toml",
        4,
        "reading.indent",
        &["true or false", "the string 'yes'"],
    ),
];

#[test]
fn invalid_fixtures_name_the_key_and_its_line() {
    for (name, line, key, words) in INVALID_FIXTURES {
        let path = fixture(name);
        let err = Config::load(Some(&path)).expect_err(name);
        let message = err.to_string();
        assert_eq!(err.line(), Some(line), "{name}: {message}");
        assert_eq!(err.key(), Some(key), "{name}: {message}");
        assert_eq!(err.path(), path, "{name}");
        assert!(
            message.contains(&format!("line {line}:")),
            "{name}: no line in {message}"
        );
        assert!(
            message.contains(&path.display().to_string()),
            "{name}: no path in {message}"
        );
        for word in words {
            assert!(message.contains(word), "{name}: {word:?} not in {message}");
        }
    }
}

#[test]
fn an_invalid_file_at_the_default_path_is_an_error() {
    // An invalid file at the default location is an error too, not a silent fallback.
    let err = Config::load_from(&fixture("invalid_measure_zero.toml"), false)
        .expect_err("an invalid default file is an error");
    assert_eq!(err.line(), Some(5));
}

/// Mistakes written inline: the text, the line and key the error must name, and words the
/// message must contain.
const MORE_MISTAKES: [(&str, usize, &str, &[&str]); 18] = [
    (
        "# top\ncolour = true\n",
        2,
        "colour",
        &["unknown key 'colour'", "at the top level"],
    ),
    (
        "mouse = 1\n",
        1,
        "mouse",
        &["true or false", "the number '1'"],
    ),
    ("library = \"~/papers\"\n", 1, "library", &["a list"]),
    (
        "[keys]\nup = \"k\"\n",
        2,
        "keys.up",
        &["a list", "the string 'k'"],
    ),
    (
        "[keys]\nup = [\"k\", 5]\n",
        2,
        "keys.up",
        &["a string", "the number '5'"],
    ),
    (
        "[keys]\nsearch = [\"Ctrl-c\"]\n",
        2,
        "keys.search",
        &["Ctrl-c always quits"],
    ),
    (
        "[keys]\nquit = [\"q\", \"Ctrl-z\"]\n",
        2,
        "keys.quit",
        &["Ctrl-z always suspends"],
    ),
    // Taking a key another action has by default names that action and how to fix it.
    (
        "\n[keys]\nfollow = [\"n\"]\n",
        3,
        "keys.follow",
        &[
            "'n'",
            "'next_match' by default",
            "give 'next_match' a different key",
        ],
    ),
    (
        "[keys]\nsearch = [\"/\", \"j\"]\n",
        2,
        "keys.search",
        &["'j'", "'down' by default", "down = [\"Down\"]"],
    ),
    (
        "[[keys]]\nup = [\"k\"]\n",
        1,
        "keys",
        &["must be a table", "not a list"],
    ),
    // The first mistake in the file is reported, not the first in alphabetical order.
    (
        "[keys]\nzzz = []\naaa = []\n",
        2,
        "keys.zzz",
        &["unknown action 'zzz'"],
    ),
    (
        "[theme]\nzzz = {}\naaa = {}\n",
        2,
        "theme.zzz",
        &["unknown theme element 'zzz'"],
    ),
    (
        "[reading]\nmeasure = 401\n",
        2,
        "reading.measure",
        &["'401'"],
    ),
    (
        "[reading]\nmeasure = -80\n",
        2,
        "reading.measure",
        &["'-80'"],
    ),
    (
        "[reading]\nmeasure = 80.5\n",
        2,
        "reading.measure",
        &["a whole number"],
    ),
    (
        "[theme]\ntitel = { bold = true }\n",
        2,
        "theme.titel",
        &["unknown theme element 'titel'", "title"],
    ),
    (
        "[theme]\ntitle = { fg = \"red\", blink = true }\n",
        2,
        "theme.title.blink",
        &["unknown key 'blink'", "[theme.title]"],
    ),
    (
        "[theme]\n\ntitle = { bg = 300 }\n",
        3,
        "theme.title.bg",
        &["'300'", "0-255"],
    ),
];

#[test]
fn more_mistakes_name_the_key_and_its_line() {
    for (text, line, key, words) in MORE_MISTAKES {
        let err = parse(text).expect_err(text);
        let message = err.to_string();
        assert_eq!(err.line(), Some(line), "{text:?}: {message}");
        assert_eq!(err.key(), Some(key), "{text:?}: {message}");
        for word in words {
            assert!(
                message.contains(word),
                "{text:?}: {word:?} not in {message}"
            );
        }
        assert!(!message.contains('`'), "{text:?}: backticks in {message}");
    }
}

#[test]
fn toml_syntax_errors_name_the_line() {
    let err = parse("mouse = true\n[reading\nmeasure = 80\n").expect_err("bad TOML");
    assert!(matches!(err, ConfigError::Syntax { .. }), "{err:?}");
    assert_eq!(err.line(), Some(2), "{err}");
    assert!(err.to_string().contains("not valid TOML"), "{err}");

    let err = parse("[keys]\nup = [\"k\"]\nup = [\"j\"]\n").expect_err("duplicate key");
    assert_eq!(err.line(), Some(3), "{err}");
}

// ---- where the file is looked for ----

#[test]
fn an_explicit_file_that_is_missing_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let missing = dir.path().join("nope.toml");
    let err = Config::load(Some(&missing)).expect_err("a missing explicit file");
    assert!(matches!(err, ConfigError::NotFound { .. }), "{err:?}");
    assert_eq!(err.path(), missing);
    assert!(
        err.to_string().contains(&missing.display().to_string()),
        "{err}"
    );
}

#[test]
fn a_missing_default_file_means_the_defaults_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("kanbao").join("config.toml");
    let config = Config::load_from(&path, false).expect("defaults");
    assert_eq!(config, Config::default());
    assert!(!path.exists(), "the defaults were written to disk");
    assert!(!dir.path().join("kanbao").exists());
}

#[test]
fn a_folder_is_not_a_config_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let err = Config::load(Some(dir.path())).expect_err("a folder");
    assert!(matches!(err, ConfigError::NotAFile { .. }), "{err:?}");
}

#[test]
fn the_default_path_is_config_toml_in_a_kanbao_folder() {
    if let Some(path) = Config::default_path() {
        assert!(path.ends_with("kanbao/config.toml"), "{path:?}");
    }
}

#[test]
fn relative_library_paths_follow_the_config_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "library = [\"papers\", \"../shared\"]\n").expect("write");
    let config = Config::load(Some(&path)).expect("valid");
    assert_eq!(
        config.library,
        [dir.path().join("papers"), dir.path().join("../shared")]
    );
}

// ---- key presses ----

#[test]
fn key_presses_map_to_actions_however_the_terminal_reports_shift() {
    use KeyCode::{BackTab, Char, Down, Enter, Esc, F, Left, PageDown, Tab, Up};
    let none = KeyModifiers::NONE;
    let shift = KeyModifiers::SHIFT;
    let ctrl = KeyModifiers::CONTROL;
    let alt = KeyModifiers::ALT;
    let cases: [(KeyCode, KeyModifiers, Option<Action>); 31] = [
        (Char('j'), none, Some(Action::MoveDown)),
        (Down, none, Some(Action::MoveDown)),
        (Up, none, Some(Action::MoveUp)),
        (Left, none, Some(Action::Back)),
        (Enter, none, Some(Action::Open)),
        (Esc, none, Some(Action::Back)),
        (Tab, none, Some(Action::NextPane)),
        (Char(' '), none, Some(Action::PageDown)),
        (PageDown, none, Some(Action::PageDown)),
        // Upper-case letters: with SHIFT, without, and as the kitty protocol sends them.
        (Char('J'), shift, Some(Action::NextArticle)),
        (Char('J'), none, Some(Action::NextArticle)),
        (Char('j'), shift, Some(Action::NextArticle)),
        (Char('G'), shift, Some(Action::Bottom)),
        (Char('G'), none, Some(Action::Bottom)),
        (Char('g'), none, Some(Action::Top)),
        // Shifted symbols, with and without SHIFT.
        (Char('?'), none, Some(Action::ShowHelp)),
        (Char('?'), shift, Some(Action::ShowHelp)),
        (Char('{'), shift, Some(Action::PrevEdition)),
        (Char('}'), none, Some(Action::NextEdition)),
        (Char('['), none, Some(Action::PrevPage)),
        (Char('/'), none, Some(Action::Search)),
        // Ctrl-c always quits, however reported; a plain c follows.
        (Char('c'), ctrl, Some(Action::Quit)),
        (Char('C'), ctrl | shift, Some(Action::Quit)),
        (Char('c'), none, Some(Action::FollowContinuation)),
        (Char('q'), none, Some(Action::Close)),
        // Modifiers make a different key.
        (Char('j'), ctrl, None),
        (Char('j'), alt, None),
        (Down, shift, None),
        // Keys nobody bound.
        (Char('Q'), shift, Some(Action::Quit)),
        (F(5), none, None),
        (BackTab, shift, None),
    ];
    let keymap = Config::default().keymap;
    for (code, modifiers, expected) in cases {
        assert_eq!(
            keymap.action_for(&press(code, modifiers)),
            expected,
            "{code:?} with {modifiers:?}"
        );
    }
}

#[test]
fn ctrl_c_quits_even_when_quit_has_no_other_key() {
    let config = parse("[keys]\nquit = []\n").expect("valid");
    assert_eq!(config.keymap.keys_for(Action::Quit), ["Ctrl-c"]);
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
        Some(Action::Close),
        "q still closes views"
    );
    // Listing Ctrl-c under quit is allowed and not shown twice; q can quit from anywhere once
    // close gives it up.
    let config =
        parse("[keys]\nquit = [\"Ctrl-C\", \"q\"]\nclose = [\"Backspace\"]\n").expect("valid");
    assert_eq!(config.keymap.keys_for(Action::Quit), ["Ctrl-c", "q"]);
    assert_eq!(
        config
            .keymap
            .action_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
        Some(Action::Quit)
    );
    // Taking q for quit without freeing it from close says how.
    let err = parse("[keys]\nquit = [\"q\"]\n").expect_err("q is close's by default");
    assert!(err.to_string().contains("'close'"), "{err}");
}

#[test]
fn key_releases_do_nothing() {
    let release = KeyEvent {
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
        ..press(KeyCode::Char('j'), KeyModifiers::NONE)
    };
    assert_eq!(Config::default().keymap.action_for(&release), None);
    let repeat = KeyEvent {
        kind: KeyEventKind::Repeat,
        ..release
    };
    assert_eq!(
        Config::default().keymap.action_for(&repeat),
        Some(Action::MoveDown)
    );
}

// ---- [[sources]] and [fetch] ----

#[test]
fn sources_are_read_with_presets_and_selector_overrides() {
    use kanbao::fetch::SourceKind;
    let config = parse(concat!(
        "[fetch]\ndelay_ms = 0\n\n",
        "[[sources]]\nname = \"rmrb\"\npreset = \"rmrb\"\n\n",
        "[[sources]]\nname = \"city\"\npaper = \"城市晚报\"\n",
        "epaper = \"https://paper.example/city/{yyyy}{mm}/{dd}/node_01.html\"\n",
        "[sources.select]\nbody = \"#content\"\npage_image = \"\"\n\n",
        "[[sources]]\nname = \"harbor\"\nfeed = \"https://harbor.example/feed.atom\"\nfull_text = true\n",
    ))
    .expect("valid");
    assert_eq!(config.fetch.delay, std::time::Duration::ZERO);
    let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["rmrb", "city", "harbor"]);
    assert_eq!(config.sources[0].paper.as_deref(), Some("人民日报"));
    match &config.sources[0].kind {
        SourceKind::Epaper { url_template, .. } => {
            assert_eq!(url_template, kanbao::fetch::RMRB_EPAPER_URL);
        }
        other @ SourceKind::Feed { .. } => panic!("an e-paper: {other:?}"),
    }
    match &config.sources[1].kind {
        SourceKind::Epaper { select, .. } => {
            assert_eq!(select.body, "#content");
            assert_eq!(select.page_image, None);
            assert_eq!(select.pages, "#pageList a", "the Founder default");
        }
        other @ SourceKind::Feed { .. } => panic!("an e-paper: {other:?}"),
    }
    assert!(matches!(
        &config.sources[2].kind,
        SourceKind::Feed {
            full_text: true,
            ..
        }
    ));
    assert_eq!(Config::default().sources, []);
    assert_eq!(Config::default().fetch.delay.as_millis(), 500);
}

/// Source mistakes: the text, the line and key the error must name, and words it must say.
const SOURCE_MISTAKES: [(&str, usize, &str, &[&str]); 11] = [
    (
        "[[sources]]\nname = \"a\"\npaper = \"甲报\"\n",
        1,
        "sources.a.epaper",
        &["neither 'epaper' nor 'feed'"],
    ),
    (
        "[[sources]]\nname = \"a\"\nepaper = \"https://x.example/{yyyy}\"\nfeed = \"https://x.example/f.xml\"\n",
        4,
        "sources.a.feed",
        &["both 'epaper' and 'feed'"],
    ),
    (
        "[[sources]]\nname = \"a\"\npreset = \"nyt\"\n",
        3,
        "sources.a.preset",
        &["unknown preset 'nyt'", "rmrb"],
    ),
    (
        "[[sources]]\nname = \"a\"\nepaper = \"https://x.example/\"\n[sources.select]\nbody = \"#oz[\"\n",
        5,
        "sources.a.select.body",
        &["'#oz['", "not a CSS selector"],
    ),
    (
        "[[sources]]\nname = \"a\"\nfeed = \"https://x.example/f.xml\"\n[[sources]]\nname = \"a\"\nfeed = \"https://y.example/f.xml\"\n",
        5,
        "sources.name",
        &["'a' is used twice"],
    ),
    (
        "[[sources]]\nname = \"a\"\nfeed = \"x.example/f.xml\"\n",
        3,
        "sources.a.feed",
        &["not a web address", "https://"],
    ),
    (
        "[[sources]]\nname = \"a\"\nepaper = \"https://x.example/\"\nfull_text = true\n",
        4,
        "sources.a.full_text",
        &["for feeds"],
    ),
    (
        "[fetch]\ndelay_ms = -5\n",
        2,
        "fetch.delay_ms",
        &["'-5'", "0 to 600000"],
    ),
    (
        "[fetch]\ndelay_ms = 5\ndeadline_secs = 0\n",
        3,
        "fetch.deadline_secs",
        &["'0'", "1 to 86400"],
    ),
    (
        "[fetch]\nmax_files = -1\n",
        2,
        "fetch.max_files",
        &["'-1'", "1 to 10000000"],
    ),
    (
        "[[sources]]\nname = \"a\"\nfeed = \"https://x.example/f.xml\"\ndeadline_secs = 100000\n",
        4,
        "sources.a.deadline_secs",
        &["'100000'", "1 to 86400"],
    ),
];

#[test]
fn deadlines_and_caps_are_read_from_fetch_and_sources() {
    use std::time::Duration;
    let config = parse(concat!(
        "[fetch]\ndeadline_secs = 120\nrequest_deadline_secs = 20\nmax_editions = 7\nmax_files = 500\n\n",
        "[[sources]]\nname = \"a\"\nfeed = \"https://x.example/f.xml\"\ndeadline_secs = 30\n\n",
        "[[sources]]\nname = \"b\"\nfeed = \"https://y.example/f.xml\"\n",
    ))
    .expect("valid");
    let limits = config.fetch.limits;
    assert_eq!(limits.source_deadline, Duration::from_secs(120));
    assert_eq!(limits.request_deadline, Duration::from_secs(20));
    assert_eq!((limits.max_editions, limits.max_files), (7, 500));
    assert_eq!(config.sources[0].deadline, Some(Duration::from_secs(30)));
    assert_eq!(config.sources[1].deadline, None);
    assert_eq!(
        Config::default().fetch.limits,
        kanbao::fetch::Limits::default()
    );
}

#[test]
fn source_mistakes_name_the_key_and_its_line() {
    for (text, line, key, words) in SOURCE_MISTAKES {
        let err = parse(text).expect_err(text);
        let message = err.to_string();
        assert_eq!(err.line(), Some(line), "{text:?}: {message}");
        assert_eq!(err.key(), Some(key), "{text:?}: {message}");
        for word in words {
            assert!(
                message.contains(word),
                "{text:?}: {word:?} not in {message}"
            );
        }
    }
    let unknown = parse("[[sources]]\nname = \"a\"\nurl = \"https://x.example/\"\n")
        .expect_err("unknown key");
    assert_eq!(unknown.line(), Some(3), "{unknown}");
}

#[test]
fn columns_and_ambiguous_width_take_their_values_and_name_the_line_when_wrong() {
    use kanbao::config::Columns;
    use kanbao::typeset::Ambiguous;
    let config = parse("[reading]\ncolumns = 3\nambiguous_width = \"wide\"\n").expect("valid");
    assert_eq!(config.reading.columns, Columns::Fixed(3));
    assert_eq!(config.reading.ambiguous, Ambiguous::Wide);
    let config = parse("[reading]\ncolumns = \"auto\"\n").expect("valid");
    assert_eq!(config.reading.columns, Columns::Auto);
    assert_eq!(config.reading.ambiguous, Ambiguous::Narrow, "the default");
    for (text, line, says) in [
        ("[reading]\ncolumns = 5\n", 2, "a number from 1 to 4"),
        ("[reading]\n\ncolumns = \"many\"\n", 3, "'many'"),
        ("[reading]\ncolumns = 0\n", 2, "\"auto\""),
        (
            "[reading]\nambiguous_width = \"double\"\n",
            2,
            "kanbao doctor",
        ),
    ] {
        let err = parse(text).expect_err(text).to_string();
        assert!(err.contains(&format!("line {line}:")), "{text}: {err}");
        assert!(err.contains(says), "{text}: {err}");
    }
}

#[test]
fn a_huge_config_file_is_refused_without_reading_it_and_an_unreadable_one_says_why_once() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("config.toml");
    // 49 MB of comments: refused by its size, named, in well under the time a read would take.
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(49 * 1024 * 1024).expect("sized");
    let err = Config::load(Some(&path)).expect_err("too large");
    assert!(matches!(err, ConfigError::TooLarge { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("config.toml") && message.contains("51380224 bytes"),
        "{message}"
    );
    // A link to /dev/zero is not a regular file.
    #[cfg(unix)]
    {
        let zero = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("a link");
        let err = Config::load(Some(&zero)).expect_err("a device");
        assert!(matches!(err, ConfigError::NotAFile { .. }), "{err:?}");
    }
    // Invalid UTF-8: the reason once, with no error chain repeating it.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, b"mouse = \xff\n").expect("written");
    let err = Config::load(Some(&bad)).expect_err("not UTF-8");
    assert!(std::error::Error::source(&err).is_none(), "{err:?}");
    assert!(err.to_string().contains("UTF-8"), "{err}");
}
