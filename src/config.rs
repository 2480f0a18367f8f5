//! The user's configuration: where it lives, reading it, and validating it into `Config` (library
//! paths, keymap, theme, reading options). The documented defaults are `assets/config.toml`,
//! embedded in the binary; a user's file overrides them key by key.

mod error;
mod images;
mod keymap;
mod raw;
mod sources;
mod theme;

use std::path::{Path, PathBuf};

use ratatui::style::{Modifier, Style};
use toml::Spanned;

use crate::action::Action;
pub use error::ConfigError;
use error::Source;
pub use keymap::Keymap;
use keymap::{BindingSource, Conflict, Key};
use raw::{RawColor, RawConfig, RawKeys, RawStyle};
pub use sources::{FetchConfig, default_into, papers_dir};
pub use theme::Theme;

/// The built-in config, which documents every key and its default.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// What the built-in config is called in error messages.
const DEFAULT_CONFIG_NAME: &str = "<built-in>/config.toml";

/// The smallest and largest `max_file_mb` allowed, in MiB: a cap of 0 would read nothing, and
/// one past 1 GiB would let one file take several GiB of memory.
const MAX_FILE_MB: std::ops::RangeInclusive<u64> = 1..=1024;

/// The narrowest and widest text measure allowed, in columns.
const MEASURE_COLS: std::ops::RangeInclusive<usize> = 20..=400;

/// Everything the user can configure, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Library folders and edition files, `~` expanded and relative paths resolved against the
    /// config file's folder.
    pub library: Vec<PathBuf>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub reading: Reading,
    /// Whether to capture the mouse (click and wheel).
    pub mouse: bool,
    /// The largest edition, page or feed file read, in bytes (`max_file_mb` MiB); larger ones
    /// are skipped with a message. Applied with [`crate::edition::read::set_max_file_bytes`].
    pub max_file_bytes: u64,
    /// `[[sources]]`: the papers `kanbao fetch` brings in, in config order.
    pub sources: Vec<crate::fetch::Source>,
    /// `[fetch]`.
    pub fetch: FetchConfig,
    /// `[images]`: how photos are drawn.
    pub images: crate::pictures::Images,
}

/// How articles are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The widest text column, in terminal columns; within 20..=400.
    pub measure_cols: usize,
    /// Indent the first line of Chinese paragraphs.
    pub indent: bool,
    /// Show ASCII punctuation next to Han characters in full-width form.
    pub normalize_punctuation: bool,
    /// Let ，。、 hang into a reserved margin at the end of a line.
    pub hanging_punctuation: bool,
    /// How many newspaper columns a story is set in on a wide pane.
    pub columns: Columns,
    /// How wide the terminal draws East Asian ambiguous characters (“ ” … — · ※ ○).
    pub ambiguous: crate::typeset::Ambiguous,
}

pub use crate::typeset::Columns;

/// The column counts `columns` takes.
pub const COLUMN_COUNTS: std::ops::RangeInclusive<i64> = 1..=4;

impl Default for Config {
    /// The built-in config, `assets/config.toml`.
    fn default() -> Config {
        Config::parse_over(
            Config::bare(),
            DEFAULT_CONFIG,
            Path::new(DEFAULT_CONFIG_NAME),
        )
        .expect("the built-in config is valid: tested by the default_config tests")
    }
}

impl Config {
    /// Loads the config. With an explicit path, a missing or invalid file is an error. Without
    /// one, the file at [`Config::default_path`] is used when it exists, and the defaults
    /// otherwise; an invalid file there is still an error.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        match explicit {
            Some(path) => Config::load_from(path, true),
            None => match Config::default_path() {
                Some(path) => Config::load_from(&path, false),
                None => Ok(Config::default()),
            },
        }
    }

    /// Loads the config from `path`. When the file does not exist this is an error if
    /// `explicit`, and gives the defaults otherwise. Never creates the file.
    pub fn load_from(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return if explicit {
                    Err(ConfigError::NotFound {
                        path: path.to_owned(),
                    })
                } else {
                    Ok(Config::default())
                };
            }
            Err(reason) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    reason,
                });
            }
        };
        // Checked before opening: reading a FIFO would block the program.
        if !meta.is_file() {
            return Err(ConfigError::NotAFile {
                path: path.to_owned(),
            });
        }
        let text = read_capped(path)?;
        Config::from_toml_str(&text, path)
    }

    /// Parses a config file's text over the defaults. `path` names the file in errors, and
    /// relative library paths are resolved against its folder.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
        Config::parse_over(Config::default(), text, path)
    }

    /// Where the config lives when no path is given: `config.toml` in the platform config folder
    /// (`$XDG_CONFIG_HOME/kanbao` on Linux). `None` when no home folder can be found.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "kanbao")
            .map(|dirs| dirs.config_dir().join("config.toml"))
    }

    /// The theme to draw with: the configured one, or [`Theme::monochrome`] when colour is off
    /// (NO_COLOR).
    pub fn theme_for(&self, no_color: bool) -> Theme {
        if no_color {
            Theme::monochrome()
        } else {
            self.theme.clone()
        }
    }

    /// The base the built-in config is applied to: no keys, unstyled theme.
    fn bare() -> Config {
        Config {
            library: Vec::new(),
            keymap: Keymap::empty(),
            theme: Theme::plain(),
            reading: Reading {
                measure_cols: 80,
                indent: true,
                normalize_punctuation: true,
                hanging_punctuation: false,
                columns: Columns::Auto,
                ambiguous: crate::typeset::Ambiguous::Narrow,
            },
            mouse: true,
            max_file_bytes: crate::edition::read::MAX_FILE_BYTES,
            sources: Vec::new(),
            fetch: FetchConfig::default(),
            images: crate::pictures::Images::default(),
        }
    }

    /// Applies the keys set in `text` to `base`: each key set replaces the base value, each
    /// action's key list and each theme element's style as a whole.
    fn parse_over(base: Config, text: &str, path: &Path) -> Result<Config, ConfigError> {
        let src = Source { path, text };
        let raw: RawConfig = toml::from_str(text).map_err(|err| src.toml_error(&err))?;
        let mut config = base;
        if let Some(library) = raw.library {
            let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned());
            let config_dir = path.parent().unwrap_or(Path::new(""));
            config.library = library
                .iter()
                .map(|entry| resolve_library_path(&src, entry, config_dir, home.as_deref()))
                .collect::<Result<_, _>>()?;
        }
        if let Some(mouse) = raw.mouse {
            config.mouse = mouse;
        }
        if let Some(mb) = raw.max_file_mb {
            config.max_file_bytes = validate_max_file_mb(&src, &mb)? * 1024 * 1024;
        }
        if let Some(raw_sources) = raw.sources {
            config.sources = sources::build_sources(&src, raw_sources)?;
        }
        if let Some(fetch) = raw.fetch {
            let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned());
            let config_dir = path.parent().unwrap_or(Path::new(""));
            config.fetch = sources::build_fetch(&src, config.fetch, fetch, |entry| {
                resolve_library_path(&src, entry, config_dir, home.as_deref())
            })?;
        }
        if let Some(images) = raw.images {
            config.images = images::build(&src, config.images, images)?;
        }
        if let Some(reading) = raw.reading {
            if let Some(measure) = reading.measure {
                config.reading.measure_cols = validate_measure(&src, &measure)?;
            }
            if let Some(columns) = &reading.columns {
                config.reading.columns = validate_columns(&src, columns)?;
            }
            if let Some(width) = &reading.ambiguous_width {
                config.reading.ambiguous = match width.get_ref().as_str() {
                    "narrow" => crate::typeset::Ambiguous::Narrow,
                    "wide" => crate::typeset::Ambiguous::Wide,
                    other => {
                        return Err(src.invalid(
                            &width.span(),
                            "reading.ambiguous_width",
                            format!(
                                "'reading.ambiguous_width' is '{other}'; set it to \"narrow\" \
                                 (most terminals) or \"wide\" (terminals that draw “ ” … two \
                                 columns wide; kanbao doctor measures yours)"
                            ),
                        ));
                    }
                };
            }
            let flags = [
                (reading.indent, &mut config.reading.indent),
                (
                    reading.normalize_punctuation,
                    &mut config.reading.normalize_punctuation,
                ),
                (
                    reading.hanging_punctuation,
                    &mut config.reading.hanging_punctuation,
                ),
            ];
            for (value, slot) in flags {
                if let Some(value) = value {
                    *slot = value;
                }
            }
        }
        if let Some(keys) = raw.keys {
            config.keymap = build_keymap(&src, &config.keymap, keys)?;
        }
        if let Some(theme) = raw.theme {
            let mut theme: Vec<_> = theme.into_iter().collect();
            theme.sort_by_key(|(name, _)| name.span().start);
            for (name, style) in theme {
                let key = format!("theme.{}", name.get_ref());
                let Some(slot) = config.theme.style_mut(name.get_ref()) else {
                    return Err(src.invalid(
                        &name.span(),
                        &key,
                        format!(
                            "unknown theme element '{}' in [theme]; the elements are {}",
                            name.get_ref(),
                            theme::ELEMENTS.join(", ")
                        ),
                    ));
                };
                *slot = build_style(&src, &key, style)?;
            }
        }
        Ok(config)
    }
}

/// The largest config file read: a real one is a few KiB.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a config file that was a regular file by its path: checked again on what was opened
/// (it may have been swapped), and never more than [`MAX_CONFIG_BYTES`].
fn read_capped(path: &Path) -> Result<String, ConfigError> {
    use std::io::Read as _;
    let read_error = |reason| ConfigError::Read {
        path: path.to_owned(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(ConfigError::NotAFile {
            path: path.to_owned(),
        });
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(ConfigError::TooLarge {
            path: path.to_owned(),
            len: meta.len(),
        });
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES)
        .read_to_string(&mut text)
        .map_err(read_error)?;
    Ok(text)
}

fn validate_measure(src: &Source<'_>, measure: &Spanned<i64>) -> Result<usize, ConfigError> {
    usize::try_from(*measure.get_ref())
        .ok()
        .filter(|cols| MEASURE_COLS.contains(cols))
        .ok_or_else(|| {
            src.invalid(
                &measure.span(),
                "reading.measure",
                format!(
                    "'reading.measure' is '{}', which is out of range; set it to a number of \
                     columns from {} to {} (80 sets 40 Han characters to a line)",
                    measure.get_ref(),
                    MEASURE_COLS.start(),
                    MEASURE_COLS.end()
                ),
            )
        })
}

fn validate_columns(
    src: &Source<'_>,
    columns: &Spanned<raw::RawColumns>,
) -> Result<Columns, ConfigError> {
    let count = match columns.get_ref() {
        raw::RawColumns::Word(word) if word == "auto" => return Ok(Columns::Auto),
        raw::RawColumns::Word(word) => word.parse::<i64>().ok(),
        raw::RawColumns::Count(count) => Some(*count),
    };
    count
        .filter(|count| COLUMN_COUNTS.contains(count))
        .and_then(|count| u8::try_from(count).ok())
        .map(Columns::Fixed)
        .ok_or_else(|| {
            let given = match columns.get_ref() {
                raw::RawColumns::Word(word) => crate::edition::sanitize::escaped(word).into_owned(),
                raw::RawColumns::Count(count) => count.to_string(),
            };
            src.invalid(
                &columns.span(),
                "reading.columns",
                format!(
                    "'reading.columns' is '{given}'; set it to \"auto\" (columns when the pane \
                     holds two measures) or a number from 1 to 4"
                ),
            )
        })
}

fn validate_max_file_mb(src: &Source<'_>, mb: &Spanned<i64>) -> Result<u64, ConfigError> {
    u64::try_from(*mb.get_ref())
        .ok()
        .filter(|mb| MAX_FILE_MB.contains(mb))
        .ok_or_else(|| {
            src.invalid(
                &mb.span(),
                "max_file_mb",
                format!(
                    "'max_file_mb' is '{}', which is out of range; set it to a size in MiB from \
                     {} to {} (64 reads any real edition)",
                    mb.get_ref(),
                    MAX_FILE_MB.start(),
                    MAX_FILE_MB.end()
                ),
            )
        })
}

/// `~` and `~/…` become the home folder; other relative paths are taken from `config_dir`.
fn resolve_library_path(
    src: &Source<'_>,
    entry: &Spanned<String>,
    config_dir: &Path,
    home: Option<&Path>,
) -> Result<PathBuf, ConfigError> {
    let text = entry.get_ref().as_str();
    let fail = |message: String| src.invalid(&entry.span(), "library", message);
    if text.is_empty() {
        return Err(fail(
            "an empty path in 'library'; remove it or name a folder or edition file".to_owned(),
        ));
    }
    let tail = if text == "~" {
        Some("")
    } else {
        text.strip_prefix("~/")
    };
    if let Some(tail) = tail {
        let home = home.ok_or_else(|| {
            fail(format!(
                "cannot expand '~' in '{text}': no home folder is known; write the full path"
            ))
        })?;
        return Ok(if tail.is_empty() {
            home.to_owned()
        } else {
            home.join(tail)
        });
    }
    if text.starts_with('~') {
        return Err(fail(format!(
            "'{text}': only '~' and '~/…' are expanded; write the full path"
        )));
    }
    Ok(config_dir.join(text))
}

/// The keymap after the user's `[keys]`: each action listed there gets exactly the listed keys;
/// the others keep their keys from `base`.
fn build_keymap(src: &Source<'_>, base: &Keymap, keys: RawKeys) -> Result<Keymap, ConfigError> {
    let mut bindings: Vec<BindingSource> = Action::BINDABLE
        .iter()
        .map(|&(action, _, _)| BindingSource {
            action,
            keys: base.keys(action),
            span: None,
        })
        .collect();
    // In file order, so the first mistake in the file is the one reported.
    let mut keys: Vec<_> = keys.into_iter().collect();
    keys.sort_by_key(|(name, _)| name.span().start);
    for (name, list) in keys {
        let config_key = format!("keys.{}", name.get_ref());
        let Some(action) = Action::from_name(name.get_ref()) else {
            let names: Vec<&str> = Action::BINDABLE.iter().map(|(_, n, _)| *n).collect();
            return Err(src.invalid(
                &name.span(),
                &config_key,
                format!(
                    "unknown action '{}' in [keys]; the actions are {}",
                    name.get_ref(),
                    names.join(", ")
                ),
            ));
        };
        let mut parsed = Vec::new();
        for key_text in list.get_ref() {
            let key = Key::parse(key_text.get_ref()).map_err(|hint| {
                src.invalid(
                    &key_text.span(),
                    &config_key,
                    format!("in '{config_key}': {hint}"),
                )
            })?;
            if key.is_ctrl_c() && action != Action::Quit {
                return Err(src.invalid(
                    &key_text.span(),
                    &config_key,
                    format!(
                        "'{}' in '{config_key}': Ctrl-c always quits and cannot be bound to \
                         anything else; choose another key",
                        key_text.get_ref()
                    ),
                ));
            }
            if key.is_ctrl_z() {
                return Err(src.invalid(
                    &key_text.span(),
                    &config_key,
                    format!(
                        "'{}' in '{config_key}': Ctrl-z always suspends kanbao (fg brings it \
                         back) and cannot be bound to anything else; choose another key",
                        key_text.get_ref()
                    ),
                ));
            }
            parsed.push(key);
        }
        let slot = bindings
            .iter_mut()
            .find(|b| b.action == action)
            .expect("bindings hold every bindable action");
        slot.keys = parsed;
        slot.span = Some(list.span());
    }
    Keymap::build(&bindings).map_err(|conflict| conflict_error(src, &conflict))
}

fn conflict_error(src: &Source<'_>, conflict: &Conflict) -> ConfigError {
    let at = &conflict.at;
    let at_name = at.action.name().unwrap_or("?");
    let other_name = conflict.other.name().unwrap_or("?");
    let key_name = conflict.key.config_name();
    let fix = if let Some(other) = &conflict.other_span {
        format!(
            "key '{key_name}' is bound to both '{at_name}' and '{other_name}' (line {}); a key \
             can do only one thing, so remove it from one of them",
            src.line_of(other.start)
        )
    } else {
        let rest: Vec<String> = conflict
            .other_keys
            .iter()
            .map(|k| format!("\"{}\"", k.config_name()))
            .collect();
        let rebind = if rest.is_empty() {
            format!("give '{other_name}' a different key in [keys]")
        } else {
            format!("rebind it too, e.g. {other_name} = [{}]", rest.join(", "))
        };
        format!(
            "key '{key_name}' for '{at_name}' already belongs to '{other_name}' by default; a \
             key can do only one thing, so choose another key for '{at_name}' or {rebind}"
        )
    };
    // The keymap never holds a conflict, so one side of any conflict was written in this file.
    let span = at.span.clone().unwrap_or(0..0);
    src.invalid(&span, &format!("keys.{at_name}"), fix)
}

fn build_style(src: &Source<'_>, key: &str, raw: RawStyle) -> Result<Style, ConfigError> {
    let mut style = Style::new();
    if let Some(fg) = raw.fg {
        style = style.fg(build_color(src, &format!("{key}.fg"), &fg)?);
    }
    if let Some(bg) = raw.bg {
        style = style.bg(build_color(src, &format!("{key}.bg"), &bg)?);
    }
    let modifiers = [
        (raw.bold, Modifier::BOLD),
        (raw.dim, Modifier::DIM),
        (raw.italic, Modifier::ITALIC),
        (raw.underlined, Modifier::UNDERLINED),
        (raw.reversed, Modifier::REVERSED),
    ];
    for (on, modifier) in modifiers {
        if on == Some(true) {
            style = style.add_modifier(modifier);
        }
    }
    Ok(style)
}

fn build_color(
    src: &Source<'_>,
    key: &str,
    raw: &Spanned<RawColor>,
) -> Result<ratatui::style::Color, ConfigError> {
    let (color, shown) = match raw.get_ref() {
        RawColor::Name(name) => (theme::parse_color_name(name), name.clone()),
        RawColor::Index(index) => (theme::parse_color_index(*index), index.to_string()),
    };
    color.ok_or_else(|| {
        src.invalid(
            &raw.span(),
            key,
            format!(
                "unknown colour '{shown}' for '{key}'; {}",
                theme::COLOR_HELP
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_config_sets_every_key_explicitly() {
        // The asset is the documentation of the defaults, so nothing may fall back to code.
        let raw: RawConfig = toml::from_str(DEFAULT_CONFIG).expect("valid in this test");
        assert!(raw.library.is_some() && raw.mouse.is_some() && raw.max_file_mb.is_some());
        let reading = raw.reading.expect("valid in this test");
        assert!(reading.measure.is_some());
        assert!(reading.indent.is_some());
        assert!(reading.normalize_punctuation.is_some());
        assert!(reading.hanging_punctuation.is_some());
        let keys = raw.keys.expect("valid in this test");
        for (_, name, _) in Action::BINDABLE {
            assert!(keys.contains_key(name), "[keys] lacks {name}");
        }
        let theme = raw.theme.expect("valid in this test");
        for name in theme::ELEMENTS {
            assert!(theme.contains_key(name), "[theme] lacks {name}");
        }
    }

    #[test]
    fn each_default_key_line_documents_its_action() {
        // The comment after each binding is the help overlay's description.
        let (_, keys_table) = DEFAULT_CONFIG
            .split_once("\n[keys]\n")
            .expect("the built-in config has a [keys] table");
        let keys_table = keys_table.split("\n[").next().unwrap_or_default();
        for (_, name, description) in Action::BINDABLE {
            let line = keys_table
                .lines()
                .find(|line| line.starts_with(&format!("{name} = ")))
                .unwrap_or_else(|| panic!("no line for {name}"));
            assert!(
                line.ends_with(&format!("# {description}")),
                "{name}: {line}"
            );
        }
    }

    #[test]
    fn library_paths_expand_home_and_resolve_relative_to_the_config() {
        let text = r#"library = ["~", "~/papers", "local", "/abs/x.txt"]"#;
        let src = Source {
            path: Path::new("/etc/kanbao/config.toml"),
            text,
        };
        let raw: RawConfig = toml::from_str(text).expect("valid in this test");
        let home = Path::new("/home/reader");
        let resolved: Vec<PathBuf> = raw
            .library
            .expect("valid in this test")
            .iter()
            .map(|e| {
                resolve_library_path(&src, e, Path::new("/etc/kanbao"), Some(home))
                    .expect("valid in this test")
            })
            .collect();
        assert_eq!(
            resolved,
            [
                PathBuf::from("/home/reader"),
                PathBuf::from("/home/reader/papers"),
                PathBuf::from("/etc/kanbao/local"),
                PathBuf::from("/abs/x.txt"),
            ]
        );
        let raw: RawConfig = toml::from_str("library = [\"~bob/x\"]").expect("valid in this test");
        let entry = &raw.library.expect("valid in this test")[0];
        let err =
            resolve_library_path(&src, entry, Path::new("/"), Some(home)).expect_err("should fail");
        assert!(err.to_string().contains("'~bob/x'"), "{err}");
        let raw: RawConfig = toml::from_str("library = [\"~/x\"]").expect("valid in this test");
        let entry = &raw.library.expect("valid in this test")[0];
        let err = resolve_library_path(&src, entry, Path::new("/"), None).expect_err("should fail");
        assert_eq!(err.key(), Some("library"));
        assert!(err.to_string().contains("no home folder"), "{err}");
    }
}
