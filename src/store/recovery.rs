//! Changes kanbao could not save when it quit (a full disk, a file in the way of the folder, a
//! newer kanbao's file): kept in a recovery file beside the store file
//! (`bookmarks.toml.unsaved-<UTC time>-<pid>`), else in the system temp folder
//! (`kanbao-bookmarks.toml.unsaved-<UTC time>-<pid>`, naming the store file inside), else
//! printed as TOML ([`Unsaved`]). The next kanbao that opens the store finds them, applies them
//! under the lock with its first save and deletes the files it applied, so each recovery file
//! is applied once: changes say what to do (add, remove, note), never what the whole file held.
//! What is kept is a list of changes of any serde type: recovery knows no document and no
//! `Store`. It stands on `atomic`, `disk`, `error` and `format`; it never imports `document`,
//! beside it, nor `file`, `bookmarks` or `state`, which call it.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::atomic::AtomicWrite;
use super::disk::{line_at, read_capped, with_suffix};
use super::error::StoreError;
use super::format::{FORMAT_VERSION, now_rfc3339};
use crate::edition::sanitize::{sanitize, shown};

/// Between the store file's name and the time in a recovery file's name.
pub(crate) const MARK: &str = ".unsaved-";

/// A recovery file in the temp folder: `kanbao-` and then the store file's name.
const TEMP_PREFIX: &str = "kanbao-";

/// What a user saves by hand, when kanbao could write no recovery file itself.
const BY_HAND: &str = "by-hand";

/// A recovery file as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecoveryFile<C> {
    version: i64,
    /// The store file the changes belong to.
    file: String,
    /// When kanbao could not save them (RFC 3339, UTC).
    #[serde(default)]
    #[allow(dead_code)] // For the reader of the file; kanbao orders files by name.
    written: String,
    #[serde(default = "Vec::new", rename = "change")]
    changes: Vec<C>,
}

/// A recovery file as kanbao writes it.
#[derive(Serialize)]
struct RecoveryOut<'a, C> {
    version: i64,
    file: String,
    written: String,
    #[serde(rename = "change")]
    changes: &'a [C],
}

/// The changes found in one recovery file.
#[derive(Debug)]
pub(crate) struct Recovery<C> {
    pub(crate) path: PathBuf,
    pub(crate) changes: Vec<C>,
}

/// The text of a recovery file holding `changes` to the store file at `store`.
pub(crate) fn render<C: Serialize>(store: &Path, what: &str, changes: &[C]) -> String {
    let doc = RecoveryOut {
        version: FORMAT_VERSION,
        file: store.to_string_lossy().into_owned(),
        written: now_rfc3339(),
        changes,
    };
    // Plain structs of strings, integers and lists always serialise.
    let body = toml::to_string_pretty(&doc).expect("recovery files serialise to TOML");
    // The path is escaped: a line break in it must not end the comment.
    let place = if store.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" in '{}'", shown(store))
    };
    format!(
        "# kanbao: changes to the {what}{place} that could not be saved.\n\
         # kanbao applies them at its next start that can save that file, then deletes this \
         file.\n\n{body}"
    )
}

/// Parses a recovery file's bytes; the error names the file and the line.
fn parse<C: DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<RecoveryFile<C>, String> {
    let located = |line: Option<usize>, message: &str| {
        format!(
            "{}{}: {}",
            shown(path),
            line.map(|l| format!(", line {l}")).unwrap_or_default(),
            sanitize(message)
        )
    };
    let text = std::str::from_utf8(bytes).map_err(|err| {
        located(
            Some(line_at(bytes, err.valid_up_to())),
            "not UTF-8 text (damaged, or saved in another encoding)",
        )
    })?;
    let file: RecoveryFile<C> = toml::from_str(text).map_err(|err| {
        located(
            err.span().map(|span| line_at(bytes, span.start)),
            err.message().trim_end(),
        )
    })?;
    if file.version != FORMAT_VERSION {
        return Err(located(
            None,
            &format!(
                "version {}, and this kanbao reads version {FORMAT_VERSION}",
                file.version
            ),
        ));
    }
    Ok(file)
}

/// Why a recovery file was not applied, for the status line.
fn not_applied(message: &str) -> String {
    format!("{message}; these unsaved changes were not applied (fix the file or delete it)")
}

/// The recovery files for the store file at `store`, beside it and in `temp_dir`, oldest first,
/// and a message for each one that cannot be read. A file in the temp folder counts only if it
/// names `store`, belongs to this user and is writable by no one else (another user could plant
/// one there).
pub(crate) fn find<C: DeserializeOwned>(
    store: &Path,
    temp_dir: &Path,
) -> (Vec<Recovery<C>>, Vec<String>) {
    let Some(name) = store.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return (Vec::new(), Vec::new());
    };
    let beside = format!("{name}{MARK}");
    let in_temp = format!("{TEMP_PREFIX}{name}{MARK}");
    let mut candidates: Vec<(String, PathBuf, bool)> = Vec::new();
    for (dir, prefix, temp) in [(parent(store), &beside, false), (temp_dir, &in_temp, true)] {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if let Some(rest) = file_name.strip_prefix(prefix.as_str())
                && (!temp || trusted(&entry.path()))
            {
                candidates.push((rest.to_owned(), entry.path(), temp));
            }
        }
        if temp_dir == parent(store) {
            break;
        }
    }
    // The time comes first in the name: name order is age order (`by-hand` last).
    candidates.sort();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (_, path, temp) in candidates {
        match read_capped(&path, "unsaved changes") {
            Ok(Some(bytes)) => match parse::<C>(&bytes, &path) {
                Ok(file) if temp && Path::new(&file.file) != store => {}
                Ok(file) => found.push(Recovery {
                    path,
                    changes: file.changes,
                }),
                Err(message) => problems.push(not_applied(&message)),
            },
            Ok(None) => {}
            Err(err) => problems.push(not_applied(&err.to_string())),
        }
    }
    (found, problems)
}

/// Reads a recovery file again, under the store lock just before its changes are saved.
/// `Ok(None)` when it is gone: another kanbao saved its changes first.
pub(crate) fn reread<C: DeserializeOwned>(path: &Path) -> Result<Option<Vec<C>>, String> {
    match read_capped(path, "unsaved changes") {
        Ok(Some(bytes)) => parse::<C>(&bytes, path)
            .map(|file| Some(file.changes))
            .map_err(|message| not_applied(&message)),
        Ok(None) => Ok(None),
        Err(err) => Err(not_applied(&err.to_string())),
    }
}

/// Writes `text` (from [`render`]) to a new recovery file beside `store`, else in `temp_dir`.
/// Returns the file written, or each place tried with why it failed.
pub(crate) fn keep(
    store: &Path,
    text: &str,
    temp_dir: &Path,
    writer: &dyn AtomicWrite,
) -> Result<PathBuf, Vec<(PathBuf, io::Error)>> {
    let stamp = format!(
        "{}-{}",
        jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ"),
        std::process::id()
    );
    let name = store
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let places = [
        with_suffix(store, &format!("{MARK}{stamp}")),
        temp_dir.join(format!("{TEMP_PREFIX}{name}{MARK}{stamp}")),
    ];
    let mut tried = Vec::new();
    for place in places {
        let place = unused(&place);
        match writer.write_atomic(&place, text.as_bytes()) {
            Ok(()) => return Ok(place),
            Err(err) => tried.push((place, err)),
        }
    }
    Err(tried)
}

/// `path`, or `path-2`, `path-3`… if it is taken: a recovery file never replaces another.
fn unused(path: &Path) -> PathBuf {
    let mut candidate = path.to_owned();
    let mut n = 2;
    while fs::symlink_metadata(&candidate).is_ok() {
        candidate = with_suffix(path, &format!("-{n}"));
        n += 1;
    }
    candidate
}

/// A recovery file's text made safe to print: each line sanitised, so a control character in
/// a note typed by hand (TOML escapes only C0 controls) never reaches the terminal.
pub(crate) fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&sanitize(line));
        out.push('\n');
    }
    out
}

/// Where the user can save printed changes by hand for the next start to find.
pub(crate) fn by_hand_path(store: &Path) -> PathBuf {
    with_suffix(store, &format!("{MARK}{BY_HAND}"))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A recovery file in the shared temp folder: a regular file (not a link) of this user's that no
/// one else may write.
#[cfg(unix)]
fn trusted(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    // No libc: the owner of this process's /proc entry (Linux), else of the home folder.
    let me = fs::metadata("/proc/self").or_else(|_| {
        std::env::var_os("HOME").map_or_else(|| Err(io::Error::other("no HOME")), fs::metadata)
    });
    meta.is_file() && meta.mode() & 0o022 == 0 && me.is_ok_and(|me| me.uid() == meta.uid())
}

#[cfg(not(unix))]
fn trusted(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}

/// Changes kanbao could not save at quit (or at the end of a command), and where they went
/// instead. Its message says what happened, plainly: the changes are in a recovery file the next
/// start applies, or, when no file could be written at all, printed as TOML to save by hand.
#[derive(Debug)]
pub struct Unsaved(Box<Details>);

#[derive(Debug)]
pub(crate) struct Details {
    /// What the store holds: `bookmarks`, `reading state`.
    pub(crate) what: &'static str,
    /// This run's changes that were not saved.
    pub(crate) changes: usize,
    /// Why the save failed.
    pub(crate) error: StoreError,
    pub(crate) kept: Kept,
    /// Recovery files an earlier kanbao left that could not be saved either; they stay.
    pub(crate) earlier: Vec<PathBuf>,
}

/// Where the unsaved changes are.
#[derive(Debug)]
pub(crate) enum Kept {
    /// In this new recovery file.
    InFile(PathBuf),
    /// No new changes: only those of [`Details::earlier`], which stay in their files.
    Earlier,
    /// Nowhere on disk: every place tried, the changes as TOML, and where to save them.
    Printed {
        tried: Vec<(PathBuf, io::Error)>,
        toml: String,
        save_as: Option<PathBuf>,
    },
}

impl Unsaved {
    pub(crate) fn new(details: Details) -> Unsaved {
        Unsaved(Box::new(details))
    }

    /// The recovery file the changes went to, if one could be written.
    pub fn recovery_file(&self) -> Option<&Path> {
        match &self.0.kept {
            Kept::InFile(path) => Some(path),
            _ => None,
        }
    }

    /// The changes as TOML, when they could be written nowhere and are printed instead.
    pub fn printed(&self) -> Option<&str> {
        match &self.0.kept {
            Kept::Printed { toml, .. } => Some(toml),
            _ => None,
        }
    }
}

/// `1 change`, `3 changes`, with the matching verbs and pronouns.
pub(crate) struct Count(pub(crate) usize);

impl Count {
    pub(crate) fn noun(&self) -> String {
        match self.0 {
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        }
    }
    fn pick(&self, one: &'static str, more: &'static str) -> &'static str {
        if self.0 == 1 { one } else { more }
    }
    pub(crate) fn was(&self) -> &'static str {
        self.pick("was", "were")
    }
    pub(crate) fn is(&self) -> &'static str {
        self.pick("is", "are")
    }
    pub(crate) fn it(&self) -> &'static str {
        self.pick("it", "they")
    }
    pub(crate) fn them(&self) -> &'static str {
        self.pick("it", "them")
    }
    pub(crate) fn it_stays(&self) -> &'static str {
        self.pick("it stays", "they stay")
    }
}

fn quoted_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("'{}'", shown(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Unsaved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.what;
        if let Kept::Earlier = self.kept {
            return write!(
                f,
                "the {what} kanbao could not save before, in {}, are still not saved: {}. They \
                 stay there until kanbao can save them (it tries at every start).",
                quoted_list(&self.earlier),
                self.error
            );
        }
        let count = Count(self.changes);
        let (noun, was, it) = (count.noun(), count.was(), count.it());
        write!(f, "{noun} to the {what} {was} not saved: {}.", self.error)?;
        if !self.earlier.is_empty() {
            write!(
                f,
                " (Earlier unsaved changes stay in {}.)",
                quoted_list(&self.earlier)
            )?;
        }
        match &self.kept {
            Kept::InFile(path) => write!(
                f,
                " {} {} kept in '{}' until kanbao can save {} (it tries at every start).",
                capitalised(it),
                count.is(),
                shown(path),
                count.them()
            ),
            Kept::Earlier => Ok(()),
            Kept::Printed {
                tried,
                toml,
                save_as,
            } => {
                if !tried.is_empty() {
                    let places: Vec<String> = tried
                        .iter()
                        .map(|(path, err)| format!("'{}' ({err})", shown(path)))
                        .collect();
                    write!(f, " Nor could {it} be kept in {}.", places.join(" or in "))?;
                }
                let here = format!("Here {it} {}", count.is());
                match save_as {
                    Some(path) => write!(
                        f,
                        " {here}: save the lines between the two marks as '{}', and kanbao \
                         applies {} at its next start.",
                        shown(path),
                        count.them()
                    )?,
                    None => write!(f, " {here}, to add by hand:")?,
                }
                write!(f, "\n----- 8< -----\n{toml}----- 8< -----")
            }
        }
    }
}

impl std::error::Error for Unsaved {}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
