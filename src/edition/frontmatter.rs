//! TOML front matter: the block between two `+++` lines at the top of a file (edition keys) and
//! later `+++` blocks that start a page (`page = 3`, `name = "要闻"`). Also `edition.toml`.

use std::collections::BTreeMap;

use toml::Value;

/// What a front matter block or `edition.toml` says. Unknown keys are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub paper: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub issue: Option<String>,
    pub language: Option<String>,
    /// A page label (`3`, `B2`): present in blocks that start a page.
    pub page: Option<String>,
    pub name: Option<String>,
    /// `edition.toml` only: per-file page overrides, `[pages."01-要闻.md"]`.
    pub pages: BTreeMap<String, PageOverride>,
    /// `repair = "auto" | "on" | "off"`: whether column breaks are re-joined.
    pub repair: Option<RepairMode>,
    pub extra: BTreeMap<String, String>,
}

/// A page label or name set in `edition.toml` for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOverride {
    pub label: Option<String>,
    pub name: Option<String>,
    /// The page's picture (版面图), relative to the folder.
    pub image: Option<String>,
    /// The areas of the page's articles on the picture, in article order: left, top, right,
    /// bottom in pixels; `None` (written `[]`) for an article with no area.
    pub regions: Vec<Option<[u32; 4]>>,
    /// The page's editors as printed on it (`本版责编：… 版式设计：…`).
    pub credit: Option<String>,
}

/// A front matter problem, located in the block's own text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Parses a front matter block. `text` is the block's content without the `+++` lines.
pub fn parse(text: &str) -> Result<FrontMatter, FrontMatterError> {
    let table: toml::Table = toml::from_str(text).map_err(|err| {
        let (line, col) = err.span().map_or((1, 1), |span| line_col(text, span.start));
        FrontMatterError {
            line,
            col,
            message: err.message().trim().to_owned(),
        }
    })?;
    let mut fm = FrontMatter::default();
    for (key, value) in table {
        let slot = match key.as_str() {
            "paper" => &mut fm.paper,
            "issue" => &mut fm.issue,
            "language" => &mut fm.language,
            "name" => &mut fm.name,
            "date" => {
                fm.date = Some(date_value(text, &key, &value)?);
                continue;
            }
            "page" => {
                fm.page = Some(crate::edition::recognize::normalize_page_label(&scalar(
                    text, &key, &value,
                )?));
                continue;
            }
            "pages" => {
                fm.pages = page_overrides(text, &value)?;
                continue;
            }
            "repair" => {
                let mode = match &value {
                    Value::String(s) => RepairMode::parse(s.trim()),
                    _ => None,
                };
                fm.repair = Some(mode.ok_or_else(|| {
                    key_error(
                        text,
                        &key,
                        "'repair' must be \"auto\" (repair column breaks when the text shows them), \"on\" or \"off\"",
                    )
                })?);
                continue;
            }
            _ => {
                let shown = match &value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let clean = |t: &str| crate::edition::sanitize::sanitize(t).into_owned();
                fm.extra.insert(clean(&key), clean(&shown));
                continue;
            }
        };
        *slot = Some(scalar(text, &key, &value)?);
    }
    Ok(fm)
}

/// A string or number value, sanitised: front matter comes from files, and a paper's name is
/// printed by every command.
fn scalar(text: &str, key: &str, value: &Value) -> Result<String, FrontMatterError> {
    match value {
        Value::String(s) => Ok(crate::edition::sanitize::sanitize(s.trim()).into_owned()),
        Value::Integer(n) => Ok(n.to_string()),
        _ => Err(key_error(
            text,
            key,
            &format!("'{key}' must be a string or a number"),
        )),
    }
}

fn date_value(text: &str, key: &str, value: &Value) -> Result<String, FrontMatterError> {
    let candidate = match value {
        Value::Datetime(dt) => dt
            .date
            .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        Value::String(s) => crate::edition::recognize::find_date(s.trim())
            .filter(|_| s.trim().len() == 10 || s.trim().len() == 8),
        _ => None,
    };
    candidate.ok_or_else(|| {
        key_error(
            text,
            key,
            "'date' must be a date such as 2023-02-28 (no quotes needed)",
        )
    })
}

fn page_overrides(
    text: &str,
    value: &Value,
) -> Result<BTreeMap<String, PageOverride>, FrontMatterError> {
    let Value::Table(files) = value else {
        return Err(key_error(
            text,
            "pages",
            "'pages' must be a table of file names, e.g. [pages.\"01-要闻.md\"] label = \"1\"",
        ));
    };
    let mut out = BTreeMap::new();
    for (file, entry) in files {
        let Value::Table(entry) = entry else {
            return Err(key_error(
                text,
                file,
                &format!("'pages.{file}' must be a table"),
            ));
        };
        let mut page = PageOverride::default();
        for (key, value) in entry {
            let slot = match key.as_str() {
                "label" => &mut page.label,
                "name" => &mut page.name,
                "image" => &mut page.image,
                "credit" => &mut page.credit,
                "regions" => {
                    page.regions = regions(text, file, value)?;
                    continue;
                }
                other => {
                    return Err(key_error(
                        text,
                        other,
                        &format!(
                            "unknown key '{other}' in 'pages.{file}': use 'label', 'name', \
                             'image', 'credit' or 'regions'"
                        ),
                    ));
                }
            };
            *slot = Some(scalar(text, key, value)?);
        }
        page.label = page
            .label
            .map(|l| crate::edition::recognize::normalize_page_label(&l));
        out.insert(file.clone(), page);
    }
    Ok(out)
}

/// `regions = [[left, top, right, bottom], [], …]`: one entry an article, `[]` for none.
fn regions(
    text: &str,
    file: &str,
    value: &Value,
) -> Result<Vec<Option<[u32; 4]>>, FrontMatterError> {
    let fail = || {
        key_error(
            text,
            "regions",
            &format!(
                "'pages.{file}.regions' must list one [left, top, right, bottom] in pixels (or \
                 [] for none) for each article of the page"
            ),
        )
    };
    let Value::Array(entries) = value else {
        return Err(fail());
    };
    entries
        .iter()
        .map(|entry| {
            let Value::Array(numbers) = entry else {
                return Err(fail());
            };
            if numbers.is_empty() {
                return Ok(None);
            }
            let numbers: Vec<u32> = numbers
                .iter()
                .map(|n| match n {
                    Value::Integer(n) => u32::try_from(*n).ok(),
                    _ => None,
                })
                .collect::<Option<_>>()
                .ok_or_else(fail)?;
            match numbers[..] {
                [left, top, right, bottom] if left < right && top < bottom => {
                    Ok(Some([left, top, right, bottom]))
                }
                _ => Err(fail()),
            }
        })
        .collect()
}

/// An error at the line where `key` is defined (toml's `Table` keeps no spans).
fn key_error(text: &str, key: &str, message: &str) -> FrontMatterError {
    let line = text
        .lines()
        .position(|l| {
            let l = l
                .trim_start()
                .trim_start_matches('[')
                .trim_start_matches('"');
            l.starts_with(key)
        })
        .map_or(1, |idx| idx + 1);
    FrontMatterError {
        line,
        col: 1,
        message: message.to_owned(),
    }
}

fn line_col(text: &str, byte_idx: usize) -> (usize, usize) {
    let before = text.get(..byte_idx).unwrap_or(text);
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// Whether an edition's column breaks are re-joined (`repair` in front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RepairMode {
    /// Repair when the edition's own text shows column-break damage ([`Evidence::damaged`]).
    #[default]
    Auto,
    /// Repair every candidate (the structural guards still apply).
    On,
    /// Never join paragraphs.
    Off,
}

impl RepairMode {
    /// `auto`, `on` or `off`.
    pub fn parse(text: &str) -> Option<RepairMode> {
        match text {
            "auto" => Some(RepairMode::Auto),
            "on" => Some(RepairMode::On),
            "off" => Some(RepairMode::Off),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys_and_keeps_the_rest() {
        let fm = parse("paper = \"许昌日报\"\ndate = 2023-02-28\nissue = 8123\nweather = \"晴\"\n")
            .expect("valid front matter");
        assert_eq!(fm.paper.as_deref(), Some("许昌日报"));
        assert_eq!(fm.date.as_deref(), Some("2023-02-28"));
        assert_eq!(fm.issue.as_deref(), Some("8123"));
        assert_eq!(fm.extra.get("weather").map(String::as_str), Some("晴"));
    }

    #[test]
    fn page_blocks_normalise_labels() {
        assert_eq!(parse("page = 3").expect("valid").page.as_deref(), Some("3"));
        assert_eq!(
            parse("page = \"b2\"").expect("valid").page.as_deref(),
            Some("B2")
        );
        assert_eq!(
            parse("page = \"03\"\nname = \"要闻\"")
                .expect("valid")
                .page
                .as_deref(),
            Some("3")
        );
    }

    #[test]
    fn repair_mode() {
        use RepairMode;
        assert_eq!(
            parse("repair = \"off\"").expect("valid").repair,
            Some(RepairMode::Off)
        );
        assert_eq!(
            parse("repair = \"on\"").expect("valid").repair,
            Some(RepairMode::On)
        );
        assert_eq!(parse("").expect("valid").repair, None);
        let err = parse("paper = \"a\"\nrepair = \"maybe\"").expect_err("bad mode");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("'repair'"), "{}", err.message);
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse("paper = \"a\"\ndate = 2023-02-30x\n").expect_err("bad date");
        assert_eq!(err.line, 2);
        let err = parse("paper = \"a\"\ndate = \"tomorrow\"\n").expect_err("bad date");
        assert_eq!((err.line, err.col), (2, 1));
        assert!(err.message.contains("'date'"), "{}", err.message);
        let err = parse("paper = \n").expect_err("missing value");
        assert_eq!(err.line, 1);
        assert!(err.col > 1);
    }
}
