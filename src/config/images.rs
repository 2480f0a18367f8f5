//! `[images]`: how photos are drawn (protocol, the tallest a photo may be, the cache size),
//! validated into [`crate::pictures::Images`] with errors that name the line.

use serde::Deserialize;
use toml::Spanned;

use super::error::{ConfigError, Source};
use crate::pictures::{Images, MaxHeight, Setting};

/// The cache sizes allowed, in MiB.
const CACHE_MB: std::ops::RangeInclusive<i64> = 1..=4096;
/// The row counts `max_height` takes.
const MAX_ROWS: std::ops::RangeInclusive<i64> = 1..=1000;

/// `[images]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an [images] table")]
pub(super) struct RawImages {
    pub protocol: Option<Spanned<String>>,
    pub max_height: Option<Spanned<RawHeight>>,
    pub cache_mb: Option<Spanned<i64>>,
}

/// `max_height = 0.5` (a share of the pane) or `max_height = 12` (rows).
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a share of the pane like 0.5, or a number of rows like 12"
)]
pub(super) enum RawHeight {
    Rows(i64),
    Share(f64),
}

/// `base` with what `raw` sets.
pub(super) fn build(src: &Source<'_>, base: Images, raw: RawImages) -> Result<Images, ConfigError> {
    let mut images = base;
    if let Some(protocol) = raw.protocol {
        images.protocol = Setting::from_name(protocol.get_ref()).ok_or_else(|| {
            src.invalid(
                &protocol.span(),
                "images.protocol",
                format!(
                    "'images.protocol' is '{}'; set it to one of {} (\"auto\" decides from the \
                     terminal; kanbao doctor says what yours draws)",
                    crate::edition::sanitize::escaped(protocol.get_ref()),
                    Setting::NAMES.map(|n| format!("\"{n}\"")).join(", ")
                ),
            )
        })?;
    }
    if let Some(height) = raw.max_height {
        let fail = |given: String| {
            src.invalid(
                &height.span(),
                "images.max_height",
                format!(
                    "'images.max_height' is '{given}'; set it to a share of the reading pane \
                     above 0 and at most 1 (0.5 is half), or a number of rows from {} to {}",
                    MAX_ROWS.start(),
                    MAX_ROWS.end()
                ),
            )
        };
        images.max_height = match *height.get_ref() {
            RawHeight::Rows(rows) if MAX_ROWS.contains(&rows) => {
                MaxHeight::Rows(u16::try_from(rows).map_err(|_| fail(rows.to_string()))?)
            }
            RawHeight::Rows(rows) => return Err(fail(rows.to_string())),
            RawHeight::Share(share) if share > 0.0 && share <= 1.0 => {
                // Whole percent: 0.5 and 0.504 give the same rows on any real pane.
                #[allow(clippy::cast_sign_loss)] // checked positive just above
                let percent = (share * 100.0).round().clamp(1.0, 100.0) as u8;
                MaxHeight::Percent(percent)
            }
            RawHeight::Share(share) => return Err(fail(share.to_string())),
        };
    }
    if let Some(mb) = raw.cache_mb {
        let value = *mb.get_ref();
        if !CACHE_MB.contains(&value) {
            return Err(src.invalid(
                &mb.span(),
                "images.cache_mb",
                format!(
                    "'images.cache_mb' is '{value}', which is out of range; set it to a size in \
                     MiB from {} to {} (32 holds the photos of several articles)",
                    CACHE_MB.start(),
                    CACHE_MB.end()
                ),
            ));
        }
        images.cache_bytes = usize::try_from(value).unwrap_or(64) * 1024 * 1024;
    }
    Ok(images)
}
