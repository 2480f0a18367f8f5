//! `ConfigError`, and turning byte spans in the config text into the line and dotted key a user
//! can find, including for errors that come out of the TOML parser and serde.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

/// Why a config file could not be used. Every variant names the file; those about a place in the
/// file carry its 1-based line and, where there is one, the dotted key (`keys.up`,
/// `theme.title.fg`).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "config file '{}' does not exist; check the path given with --config, or leave \
         --config out to use the default config",
        crate::edition::sanitize::shown(path)
    )]
    NotFound { path: PathBuf },
    // The OS error is part of the message, not a `source`: error chains would say it twice.
    #[error(
        "cannot read config file '{}': {reason}; check that it is a readable UTF-8 text file",
        crate::edition::sanitize::shown(path)
    )]
    Read {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error(
        "config file '{}' is {len} bytes, more than the {} a config file may have; it is not \
         read (is it the right file?)",
        crate::edition::sanitize::shown(path),
        super::MAX_CONFIG_BYTES
    )]
    TooLarge { path: PathBuf, len: u64 },
    #[error(
        "config file '{}' is not a regular file; give the path of a .toml file",
        crate::edition::sanitize::shown(path)
    )]
    NotAFile { path: PathBuf },
    #[error(
        "{}, line {line}: not valid TOML: {}; fix the syntax (see https://toml.io)",
        crate::edition::sanitize::shown(path),
        crate::edition::sanitize::escaped(message)
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "{}, line {line}: {}",
        crate::edition::sanitize::shown(path),
        crate::edition::sanitize::escaped(message)
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
    /// A problem the parser could not place in the file (not expected in practice).
    #[error(
        "{}: {}",
        crate::edition::sanitize::shown(path),
        crate::edition::sanitize::escaped(message)
    )]
    Unplaced { path: PathBuf, message: String },
}

impl ConfigError {
    /// The config file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::NotFound { path }
            | ConfigError::Read { path, .. }
            | ConfigError::NotAFile { path }
            | ConfigError::TooLarge { path, .. }
            | ConfigError::Syntax { path, .. }
            | ConfigError::Invalid { path, .. }
            | ConfigError::Unplaced { path, .. } => path,
        }
    }

    /// The 1-based line the error is on, when it is about a place in the file.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::Syntax { line, .. } | ConfigError::Invalid { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The dotted key the error is about (`reading.measure`, `keys.up`), when there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::Invalid { key, .. } => Some(key),
            _ => None,
        }
    }
}

/// The text being parsed and where it came from: builds located errors from byte spans.
pub(super) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// The 1-based line holding byte `byte_idx` (clamped to the text).
    pub fn line_of(&self, byte_idx: usize) -> usize {
        let end = byte_idx.min(self.text.len());
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[..end]).count() + 1
    }

    /// An error about `key`, located at the start of `span`.
    pub fn invalid(&self, span: &Range<usize>, key: &str, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_owned(),
            line: self.line_of(span.start),
            key: key.to_owned(),
            message,
        }
    }

    /// An error from the TOML parser or from deserializing into the raw structs, rewritten to
    /// name the key and say how to fix it.
    pub fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let Some(span) = error.span() else {
            return ConfigError::Unplaced {
                path: self.path.to_owned(),
                message: quote_backticks(error.message()),
            };
        };
        // A text that does not parse has no keys to name: report the syntax error itself.
        let Ok(root) = DeTable::parse(self.text) else {
            return ConfigError::Syntax {
                path: self.path.to_owned(),
                line: self.line_of(span.start),
                message: quote_backticks(error.message()),
            };
        };
        let found = find_at(root.get_ref(), span.start, &mut Vec::new());
        let message = error.message();
        match found {
            Some(Found { path, value }) => {
                let key = path.join(".");
                let text = describe(message, &path, value);
                self.invalid(&span, &key, text)
            }
            None => ConfigError::Unplaced {
                path: self.path.to_owned(),
                message: quote_backticks(message),
            },
        }
    }
}

/// A key path found at a byte position, and the value there when the position was on a value
/// rather than on a key.
struct Found<'v, 'i> {
    path: Vec<String>,
    value: Option<&'v DeValue<'i>>,
}

/// The innermost key or value whose span holds `byte_idx`. Tables opened with a `[header]` do
/// not span their contents, so every table is searched, not only those that hold the position.
fn find_at<'v, 'i>(
    table: &'v DeTable<'i>,
    byte_idx: usize,
    prefix: &mut Vec<String>,
) -> Option<Found<'v, 'i>> {
    for (key, value) in table {
        prefix.push(key.get_ref().to_string());
        if key.span().contains(&byte_idx) {
            return Some(Found {
                path: prefix.clone(),
                value: None,
            });
        }
        if let Some(found) = find_in_value(value.get_ref(), byte_idx, prefix) {
            return Some(found);
        }
        if value.span().contains(&byte_idx) {
            return Some(Found {
                path: prefix.clone(),
                value: Some(value.get_ref()),
            });
        }
        prefix.pop();
    }
    None
}

fn find_in_value<'v, 'i>(
    value: &'v DeValue<'i>,
    byte_idx: usize,
    prefix: &mut Vec<String>,
) -> Option<Found<'v, 'i>> {
    match value {
        DeValue::Table(table) => find_at(table, byte_idx, prefix),
        DeValue::Array(items) => items.iter().find_map(|item| {
            find_in_value(item.get_ref(), byte_idx, prefix).or_else(|| {
                item.span().contains(&byte_idx).then(|| Found {
                    path: prefix.clone(),
                    // A table in a list is `[[name]]`: what is wrong there is the list.
                    value: Some(if item.get_ref().is_table() {
                        value
                    } else {
                        item.get_ref()
                    }),
                })
            })
        }),
        _ => None,
    }
}

/// Rewrites a serde message (`unknown field`, `invalid type`) for a user who only knows the file.
fn describe(message: &str, path: &[String], value: Option<&DeValue<'_>>) -> String {
    let key = path.join(".");
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = path.last().map_or("", String::as_str);
        let table = match &path[..path.len().saturating_sub(1)] {
            [] => "at the top level".to_owned(),
            parent => format!("in [{}]", parent.join(".")),
        };
        let expected = rest
            .split_once(", expected ")
            .map(|(_, expected)| expected.replace("one of ", ""))
            .map(|expected| {
                format!(
                    "; the keys allowed there are {}",
                    quote_backticks(&expected)
                )
            })
            .unwrap_or_default();
        return format!(
            "unknown key '{name}' {table}{expected}; check the spelling against the default \
             config"
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let expected = message
            .split_once(", expected ")
            .map_or("another type", |(_, expected)| expected);
        let found = value.map_or_else(String::new, |v| format!(", not {}", describe_value(v)));
        return format!("'{key}' must be {}{found}", friendly_expected(expected));
    }
    format!("'{key}': {}", quote_backticks(message))
}

/// serde's names for what it expected, in the config file's terms.
fn friendly_expected(expected: &str) -> String {
    match expected {
        "a boolean" => "true or false".to_owned(),
        "i64" | "u64" | "usize" => "a whole number".to_owned(),
        "a sequence" => "a list in square brackets, like [\"…\"]".to_owned(),
        "a string" => "a string in double quotes".to_owned(),
        "a map" => "a table".to_owned(),
        other => quote_backticks(other),
    }
}

fn describe_value(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the string '{s}'"),
        DeValue::Integer(i) => format!("the number '{}'", i.as_str()),
        DeValue::Float(f) => format!("the number '{}'", f.as_str()),
        DeValue::Boolean(b) => format!("'{b}'"),
        DeValue::Datetime(d) => format!("the date '{d}'"),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// serde quotes names in backticks; messages to users quote values in single quotes.
fn quote_backticks(text: &str) -> String {
    text.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source<'_> {
        Source {
            path: Path::new("c.toml"),
            text,
        }
    }

    #[test]
    fn lines_are_one_based_and_clamped() {
        let src = source("a = 1\nb = 2\n");
        assert_eq!(src.line_of(0), 1);
        assert_eq!(src.line_of(5), 1);
        assert_eq!(src.line_of(6), 2);
        assert_eq!(src.line_of(1000), 3);
    }

    #[test]
    fn finds_keys_and_values_under_headers_and_in_inline_tables() {
        let text = "top = 1\n[reading]\nmeasure = \"x\"\n[theme]\ntitle = { fg = 5 }\n";
        let root = DeTable::parse(text).expect("valid in this test");
        let at = |needle: &str| {
            let idx = text.find(needle).expect("valid in this test");
            find_at(root.get_ref(), idx, &mut Vec::new()).map(|f| f.path.join("."))
        };
        assert_eq!(at("top").as_deref(), Some("top"));
        assert_eq!(at("measure").as_deref(), Some("reading.measure"));
        assert_eq!(at("\"x\"").as_deref(), Some("reading.measure"));
        assert_eq!(at("fg").as_deref(), Some("theme.title.fg"));
        assert_eq!(at("5 }").as_deref(), Some("theme.title.fg"));
    }

    #[test]
    fn syntax_errors_keep_their_line() {
        let text = "a = 1\nb = [1,\n";
        let err = toml::from_str::<toml::Table>(text).expect_err("should fail");
        let err = source(text).toml_error(&err);
        assert!(matches!(err, ConfigError::Syntax { .. }), "{err:?}");
        assert!(err.line().is_some_and(|line| line >= 2), "{err}");
    }
}
