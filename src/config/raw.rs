//! The config file exactly as written: serde structs that reject unknown keys and keep the spans
//! of everything that is validated later, so errors can name the line.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

/// `[keys]`: action name → the key names, each with its span.
pub(super) type RawKeys = BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a config table")]
pub(super) struct RawConfig {
    pub library: Option<Vec<Spanned<String>>>,
    pub mouse: Option<bool>,
    pub max_file_mb: Option<Spanned<i64>>,
    pub reading: Option<RawReading>,
    /// Action name → key names. A map rather than a struct so an unknown action gets its own
    /// message listing the actions.
    pub keys: Option<RawKeys>,
    /// Element name → style.
    pub theme: Option<BTreeMap<Spanned<String>, RawStyle>>,
    /// `[[sources]]`: the papers `kanbao fetch` brings in.
    pub sources: Option<Vec<Spanned<super::sources::RawSource>>>,
    /// `[fetch]`: how `kanbao fetch` behaves.
    pub fetch: Option<super::sources::RawFetch>,
    /// `[images]`: how photos are drawn.
    pub images: Option<super::images::RawImages>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [reading] table")]
pub(super) struct RawReading {
    pub measure: Option<Spanned<i64>>,
    pub indent: Option<bool>,
    pub normalize_punctuation: Option<bool>,
    pub hanging_punctuation: Option<bool>,
    /// `"auto"` or a count of newspaper columns.
    pub columns: Option<Spanned<RawColumns>>,
    pub ambiguous_width: Option<Spanned<String>>,
}

/// `columns = "auto"` or `columns = 2`.
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "\"auto\" or a number of columns from 1 to 4")]
pub(super) enum RawColumns {
    Word(String),
    Count(i64),
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a style table, like { fg = \"red\", bold = true }"
)]
pub(super) struct RawStyle {
    pub fg: Option<Spanned<RawColor>>,
    pub bg: Option<Spanned<RawColor>>,
    pub bold: Option<bool>,
    pub dim: Option<bool>,
    pub italic: Option<bool>,
    pub underlined: Option<bool>,
    pub reversed: Option<bool>,
}

/// A colour before validation: a string (name, `#rrggbb`) or a palette number.
#[derive(Debug)]
pub(super) enum RawColor {
    Name(String),
    Index(i64),
}

impl<'de> Deserialize<'de> for RawColor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ColorVisitor;

        impl Visitor<'_> for ColorVisitor {
            type Value = RawColor;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a colour: a name like \"red\", \"#rrggbb\" or a number 0-255")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawColor, E> {
                Ok(RawColor::Name(value.to_owned()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawColor, E> {
                Ok(RawColor::Index(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawColor, E> {
                Ok(RawColor::Index(i64::try_from(value).unwrap_or(i64::MAX)))
            }
        }

        deserializer.deserialize_any(ColorVisitor)
    }
}
