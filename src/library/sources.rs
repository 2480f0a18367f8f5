//! Editions on disk as search sees them before reading them: where each one is, the id it goes
//! by and what its name says. Nothing is opened or even `stat`ed (folder listings say what is a
//! file), so an archive of thousands of editions is listed in milliseconds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::cache::{KeptSource, MetaCache};
use super::threads::map_in_order;
use super::{Found, SAMPLE_PATH, unique_id};
use crate::edition::Diagnostic;
use crate::edition::assemble::{Names, names_from_path};

/// Where an edition's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A single-file edition.
    File(PathBuf),
    /// A folder with `edition.toml` whose text files are pages.
    Folder(PathBuf),
    /// The sample edition built into kanbao.
    Sample,
    /// Another shape (a crawler folder, an OCR issue, a feed edition): read whole to search.
    Other(Found),
}

/// An edition found but not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionSource {
    pub origin: Origin,
    /// The edition's id, unique among the sources: the same id [`super::Library::discover`]
    /// gives it for the same paths, so `kanbao read` and the reader find what search finds.
    pub id: String,
    /// The paper as the file or folder name says (`xuchang-daily`); front matter may say more.
    pub name_paper: Option<String>,
    /// The date as the name says (ISO); front matter may differ.
    pub name_date: Option<String>,
}

/// The editions under some paths, in the order [`discover`] finds them, and the problems met.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub editions: Vec<EditionSource>,
    /// Paths that could not be listed or opened.
    pub problems: Vec<Diagnostic>,
}

impl Sources {
    /// Finds every edition under `paths` (files, edition folders, library folders searched
    /// recursively), from folder listings and names only.
    pub fn discover(paths: &[PathBuf]) -> Sources {
        Sources::discover_cached(paths, None)
    }

    /// [`Sources::discover`], taking which editions an unchanged feed file holds from `cache`
    /// (and remembering what it reads there, saved before this returns): a warm start on a
    /// library of feed files costs a `stat` per file instead of parsing every feed. A library
    /// of editions known by their names is taken whole from the cache while none of its
    /// folders changed ([`MetaCache::kept_sources`]): a `stat` per folder.
    pub fn discover_cached(paths: &[PathBuf], mut cache: Option<&mut MetaCache>) -> Sources {
        let key = cache.as_ref().and_then(|_| kept_key(paths));
        if let (Some(cache), Some(key)) = (cache.as_deref(), key.as_deref())
            && let Some(kept) = Sources::kept(key, cache)
        {
            return kept;
        }
        let mut problems = Vec::new();
        let (found, listed) =
            crate::library::find_all_recorded(paths, &mut problems, cache.as_deref_mut());
        if let Some(cache) = cache.as_deref_mut() {
            cache.save();
        }
        // Names take a microsecond each: an archive shares them out over the cores.
        let named = map_in_order(&found, 256, name_of);
        let mut seen: HashSet<String> = HashSet::with_capacity(named.len());
        let editions: Vec<EditionSource> = named
            .into_iter()
            .map(|(origin, names)| EditionSource {
                origin,
                id: unique_id(names.id, &mut seen),
                name_paper: names.paper,
                name_date: names.date,
            })
            .collect();
        if let (Some(cache), Some(key), Some(listed)) = (cache, key, listed) {
            let kept: Option<Vec<KeptSource>> = editions.iter().map(kept_source).collect();
            if let Some(kept) = kept {
                cache.keep_sources(&key, &listed, kept);
            }
        }
        Sources { editions, problems }
    }

    /// The editions `cache` kept under `key` ([`kept_key`]), if none of their folders changed
    /// since (see [`Sources::discover_cached`]); nothing else is read.
    fn kept(key: &str, cache: &MetaCache) -> Option<Sources> {
        let kept = cache.kept_sources(key)?;
        let editions = kept
            .into_iter()
            .map(|kept| EditionSource {
                origin: if kept.folder {
                    Origin::Folder(kept.path.into())
                } else {
                    Origin::File(kept.path.into())
                },
                id: kept.id,
                name_paper: kept.paper,
                name_date: kept.date,
            })
            .collect();
        Some(Sources {
            editions,
            problems: Vec::new(),
        })
    }

    /// The sample edition built into kanbao, alone.
    pub fn sample() -> Sources {
        let names = names_from_path(Path::new(SAMPLE_PATH), false);
        Sources {
            editions: vec![EditionSource {
                origin: Origin::Sample,
                id: names.id,
                name_paper: names.paper,
                name_date: names.date,
            }],
            problems: Vec::new(),
        }
    }

    /// What a user gets without `-L` or a configured library: `./editions` when it holds
    /// editions, else the sample (as [`super::Library::default_library`] does).
    pub fn default_library() -> Sources {
        let local = Path::new("editions");
        if local.is_dir() {
            let sources = Sources::discover(&[local.to_owned()]);
            if !sources.editions.is_empty() {
                return sources;
            }
        }
        Sources::sample()
    }
}

/// What a kept discovery is kept under: kanbao's version, the working folder and the paths as
/// given, one a line. `None` when one is not UTF-8.
fn kept_key(paths: &[PathBuf]) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let mut key = format!("{}\n{}", env!("CARGO_PKG_VERSION"), cwd.to_str()?);
    for path in paths {
        key.push('\n');
        key.push_str(path.to_str()?);
    }
    Some(key)
}

/// An edition as a kept discovery holds it: only a file or an edition folder, by a UTF-8 path.
fn kept_source(source: &EditionSource) -> Option<KeptSource> {
    let (folder, path) = match &source.origin {
        Origin::File(path) => (false, path),
        Origin::Folder(path) => (true, path),
        Origin::Sample | Origin::Other(_) => return None,
    };
    Some(KeptSource {
        folder,
        path: path.to_str()?.to_owned(),
        id: source.id.clone(),
        paper: source.name_paper.clone(),
        date: source.name_date.clone(),
    })
}

/// A found edition with what its name says.
fn name_of(found: &Found) -> (Origin, Names) {
    match found {
        Found::File(path) => (Origin::File(path.clone()), names_from_path(path, false)),
        Found::Folder(path) => (Origin::Folder(path.clone()), names_from_path(path, true)),
        other => {
            let edition = other.metadata();
            let names = Names {
                id: edition.id,
                paper: edition.paper,
                date: edition.date,
            };
            (Origin::Other(other.clone()), names)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    #[test]
    fn ids_agree_with_the_library() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for sub in ["a", "b"] {
            let folder = dir.path().join(sub);
            std::fs::create_dir_all(&folder).expect("mkdir");
            std::fs::write(
                folder.join("gazette-2023-03-02.md"),
                "# Headline\n\nText.\n",
            )
            .expect("write");
        }
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = [dir.path().to_owned(), repo.join("editions")];
        let sources = Sources::discover(&paths);
        let library = Library::discover(&paths);
        let ids: Vec<&str> = sources.editions.iter().map(|e| e.id.as_str()).collect();
        let want: Vec<&str> = library.editions.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, want);
        assert_eq!(ids[..2], ["gazette-2023-03-02", "gazette-2023-03-02-2"]);
        let folder = sources
            .editions
            .iter()
            .find(|e| matches!(e.origin, Origin::Folder(_)))
            .expect("the weekend edition is a folder");
        assert_eq!(folder.name_date.as_deref(), Some("2023-02-25"));
    }
}
