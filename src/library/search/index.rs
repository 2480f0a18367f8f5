//! The search index: every article of a library in a tantivy index under
//! `$XDG_CACHE_HOME/kanbao/index/<library>/`, so that a query is answered from posting lists and
//! the stored text instead of by reading and parsing every edition.
//!
//! - **Terms** ([`tokens`]): CJK text as unigrams and bigrams, other letters and digits as whole
//!   words, all folded as search folds them; frequencies for BM25, no positions (a candidate is
//!   always checked against its stored text, so phrases need none).
//! - **Stored text** ([`stored`]): each article's searchable parts exactly as the loader made
//!   them, so the check ([`crate::library::search::query::Query::matches`]) and the snippet are
//!   the scan's own: the index changes how fast results come, never which. Each article is
//!   compressed on its own with a dictionary the manifest keeps, so a result costs its own
//!   bytes to read back.
//! - **Following the library**: a manifest (a file the commit's payload names by its checksum,
//!   written before the commit, so it is as atomic as the segments) records each indexed
//!   edition under its path with a stamp of its files' sizes and modification times.
//!   [`update`] indexes new and changed editions and deletes removed ones, committing every
//!   few hundred editions, so a killed build resumes where it stopped. An edition the
//!   manifest does not hold with its current stamp is searched by the scan.
//! - **Two processes**: one writer at a time, by a lock file beside the index (`lock`); a
//!   second writer waits or gives up, as asked. Readers never lock.
//!
//! Built on the query vocabulary (`search/`'s query, needle, searchable, hit, snippet and order
//! modules), the threads (`library::threads`) and the scan's edition reading
//! (`search::scan::read`), so it indexes the text the scan reads. It must never import the
//! scan's loop, the choice between the index and the scan ([`crate::library::search`]'s own
//! items), or its own [`lookup`], which builds on it.

pub mod articles;
pub mod lookup;
pub mod stored;
pub mod tokens;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field as SchemaField, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use self::stored::StoredItem;
use super::scan::read::load_source;
use super::searchable::Searchable as _;
use crate::edition::read::open_regular_for_writing;
use crate::edition::repeats::Repeats;
use crate::edition::{Diagnostic, Edition};
use crate::library::sources::{EditionSource, Origin};
use crate::library::threads::{cores, map_runs_in_order, on_every_core};
use crate::library::{Found, SAMPLE_TEXT};

/// Bumped when the schema, the terms or what is stored change; the loader's version is part of
/// the manifest too, since its repairs decide the text.
const FORMAT: u32 = 10;

/// A commit follows at most this many editions or this long after the last: what a killed
/// build loses at most.
const COMMIT_EVERY: usize = 250;
const COMMIT_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Memory the writer may use for its in-memory segments, per indexing thread.
const WRITER_BUDGET: usize = 48 * 1024 * 1024;

/// Text handed to the writer and not yet indexed, at most (more by one edition per loading
/// thread; about four editions in all). The writer queues up to 10,000 documents, each holding
/// its article three times (two indexed fields and the stored copy): loading ran that far ahead
/// of indexing, and the queue was two thirds of a build's peak memory. Loading refills this
/// much in milliseconds, so indexing never waits for it.
const MAX_QUEUED_BYTES: u64 = 1024 * 1024;

/// Why the index could not be used or updated.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(
        "the search index at {} is being updated by another kanbao; try again when it is done",
        dir.display()
    )]
    Busy { dir: PathBuf },
    // The cause is part of the message, not a `source`: printed as a chain it would be said
    // twice.
    #[error("the search index at {}: {error}", dir.display())]
    Io { dir: PathBuf, error: io::Error },
    #[error(
        "the search index at {} is damaged ({}); `kanbao index --rebuild` makes it again",
        dir.display(),
        cut_short(&error.to_string())
    )]
    Damaged {
        dir: PathBuf,
        error: tantivy::TantivyError,
    },
}

/// At most 200 characters of an error's text: the index library quotes what it could not parse,
/// and a damaged `meta.json` padded to megabytes must not become megabytes of messages.
fn cut_short(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let clean = crate::edition::sanitize::sanitize(text);
    match clean.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => format!("{}…", &clean[..at]),
        None => clean.into_owned(),
    }
}

/// The folder of the index for a library read from `paths` (the embedded sample when empty):
/// one index per set of library folders, named by a hash of their absolute paths.
pub fn dir_for(paths: &[PathBuf]) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kanbao")?;
    Some(dir_in(dirs.cache_dir(), paths))
}

/// [`dir_for`] under kanbao's cache folder `cache` (`$XDG_CACHE_HOME/kanbao`).
pub fn dir_in(cache: &Path, paths: &[PathBuf]) -> PathBuf {
    let mut absolute: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    absolute.sort();
    absolute.dedup();
    let mut hasher = std::hash::DefaultHasher::new();
    absolute.hash(&mut hasher);
    let name = absolute
        .first()
        .and_then(|p| p.file_name())
        .map_or_else(|| "sample".to_owned(), |n| n.to_string_lossy().into_owned());
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    cache
        .join("index")
        .join(format!("{name}-{:016x}", hasher.finish()))
}

/// What the index holds of one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The number its articles carry in the index; never reused.
    pub eid: u64,
    /// Sizes and modification times of its files, hashed.
    pub stamp: u64,
    /// The id, paper, date and language it loaded with.
    pub id: String,
    pub paper: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    /// Its pages and articles, so the reader's library can show them for editions it never
    /// opened.
    pub pages: Option<usize>,
    pub articles: Option<usize>,
}

/// The index's table of contents, stored as its commit's payload.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    kanbao: String,
    next_eid: u64,
    /// By [`source_key`].
    #[serde(deserialize_with = "sorted_map::deserialize")]
    editions: BTreeMap<String, Entry>,
    /// What every stored article is compressed with ([`stored::pack`]): made from the first
    /// edition indexed, and the same for the index's whole life (a rebuild makes a new one).
    #[serde(with = "byte_run")]
    dictionary: Vec<u8>,
}

/// Bytes as one run in serde's data model: a `Vec<u8>` is otherwise a sequence, which postcard
/// reads a byte at a time (64 KB of dictionary on the way to every search's first result).
mod byte_run {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], to: S) -> Result<S::Ok, S::Error> {
        to.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(from: D) -> Result<Vec<u8>, D::Error> {
        struct Run;
        impl serde::de::Visitor<'_> for Run {
            type Value = Vec<u8>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a run of bytes")
            }

            fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }

            fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(bytes)
            }
        }
        from.deserialize_byte_buf(Run)
    }
}

/// A map read in one go: its entries gathered, then built into the tree at once. Written in
/// key order, they are already sorted, and the tree is built without a search down it per
/// entry, each comparing long path keys.
mod sorted_map {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    pub fn deserialize<'de, D, V>(from: D) -> Result<BTreeMap<String, V>, D::Error>
    where
        D: serde::Deserializer<'de>,
        V: Deserialize<'de>,
    {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
            type Value = BTreeMap<String, V>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                // The hint is the file's word: bounded, so a damaged count cannot ask for
                // more memory than a large archive's table of contents.
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }
        from.deserialize_map(Entries(std::marker::PhantomData))
    }
}

impl Manifest {
    fn fresh() -> Manifest {
        Manifest {
            format: FORMAT,
            kanbao: env!("CARGO_PKG_VERSION").to_owned(),
            next_eid: 1,
            editions: BTreeMap::new(),
            dictionary: Vec::new(),
        }
    }

    fn is_current(&self) -> bool {
        self.format == FORMAT && self.kanbao == env!("CARGO_PKG_VERSION")
    }
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
struct Fields {
    eid: SchemaField,
    /// Page index << 32 | item index.
    pos: SchemaField,
    cjk: SchemaField,
    word: SchemaField,
    /// The packed article ([`stored::pack`]), kept by [`articles::ArticlesPlugin`].
    article: SchemaField,
}

const CJK_TERMS: &str = "kanbao-cjk";
const WORD_TERMS: &str = "kanbao-word";

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let terms = |tokenizer| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let fields = Fields {
        eid: builder.add_u64_field("eid", INDEXED | FAST),
        pos: builder.add_u64_field("pos", FAST),
        cjk: builder.add_text_field("cjk", terms(CJK_TERMS)),
        word: builder.add_text_field("word", terms(WORD_TERMS)),
        article: builder.add_custom_field("article", articles::FIELD_TYPE, serde_json::json!({})),
    };
    (builder.build(), fields)
}

/// The tantivy side of [`tokens::for_each_term`]: one tokenizer per field. The CJK field's
/// counts the bytes of text it has cut into terms, which is how far the writer's indexing
/// threads have come (see [`Build::wait_for_writer`]).
#[derive(Debug, Clone)]
struct Terms {
    words: bool,
    cut_bytes: Arc<AtomicU64>,
}

struct TermStream<'a> {
    cursor: tokens::TermCursor<'a>,
    token: Token,
}

impl Tokenizer for Terms {
    type TokenStream<'a> = TermStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream<'a> {
        if !self.words {
            self.cut_bytes
                .fetch_add(text.len() as u64, Ordering::Relaxed);
        }
        TermStream {
            cursor: tokens::TermCursor::new(text, self.words),
            token: Token::default(),
        }
    }
}

impl TokenStream for TermStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.cursor.next_into(&mut self.token.text) {
            return false;
        }
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Registers the fields' tokenizers with `index`; the count of bytes the CJK field has cut
/// into terms since.
fn register_terms(index: &Index) -> Arc<AtomicU64> {
    let cut_bytes = Arc::new(AtomicU64::new(0));
    index.tokenizers().register(
        CJK_TERMS,
        Terms {
            words: false,
            cut_bytes: Arc::clone(&cut_bytes),
        },
    );
    index.tokenizers().register(
        WORD_TERMS,
        Terms {
            words: true,
            cut_bytes: Arc::clone(&cut_bytes),
        },
    );
    cut_bytes
}

/// An opened index, for searching.
pub struct SearchIndex {
    dir: PathBuf,
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("editions", &self.manifest.editions.len())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Whether `dir` holds an index (of any version, whole or not): one `stat`.
    pub fn exists(dir: &Path) -> bool {
        std::fs::symlink_metadata(dir.join("meta.json")).is_ok()
    }

    /// Opens the index in `dir` for searching: `Ok(None)` when there is none, or it was made by
    /// another version of kanbao; an error when it is damaged.
    pub fn open(dir: &Path) -> Result<Option<SearchIndex>, IndexError> {
        if !SearchIndex::exists(dir) {
            return Ok(None);
        }
        // Damage is marked, so that the next update rebuilds the index.
        let damaged = |source| {
            mark_damaged(dir);
            IndexError::Damaged {
                dir: dir.to_owned(),
                error: source,
            }
        };
        let stamp = check_files(dir).map_err(damaged)?;
        // The index library may panic on damaged files: that is damage too, never a crash.
        std::panic::catch_unwind(|| SearchIndex::open_checked(dir, stamp))
            .unwrap_or_else(|_| Err(panicked()))
            .map_err(damaged)
    }

    /// [`SearchIndex::open`] once the folder's files are known to be regular and of sane size
    /// (`stamp` says how they are): checksums verified once for each state of the files
    /// ([`verify_once`]), the manifest read, a reader opened.
    fn open_checked(dir: &Path, stamp: u64) -> tantivy::Result<Option<SearchIndex>> {
        let index = open_index(dir)?;
        verify_once(dir, stamp, &index)?;
        let Some(manifest) = read_manifest(&index, dir)? else {
            return Ok(None);
        };
        register_terms(&index);
        let (_, fields) = schema();
        // The manifest is read before the segments: segments as new or newer never lack an
        // edition the manifest holds with its current stamp (eids are never reused).
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Some(SearchIndex {
            dir: dir.to_owned(),
            reader,
            fields,
            manifest,
        }))
    }

    /// What the index holds of each edition `stamps` were taken of, in their order: its entry
    /// if the index holds it as it was when they were taken.
    pub fn entries(&self, stamps: &Stamps) -> Vec<Option<&Entry>> {
        stamps
            .0
            .iter()
            .map(|stamped| {
                let (key, stamp) = stamped.as_ref()?;
                self.manifest
                    .editions
                    .get(key)
                    .filter(|entry| entry.stamp == *stamp)
            })
            .collect()
    }

    /// What the index holds of each edition `keys` name, however its files are now: a guess,
    /// which [`SearchIndex::entries`] of the same editions' [`Stamps`] confirms when it gives
    /// the same entries ([`same_entries`]).
    pub fn entries_by_key(&self, keys: &Keys) -> Vec<Option<&Entry>> {
        keys.0
            .iter()
            .map(|key| self.manifest.editions.get(key.as_ref()?))
            .collect()
    }

    /// The pages and articles of every indexed edition that has them, by edition id.
    pub fn counts(&self) -> Vec<(String, (usize, usize))> {
        self.manifest
            .editions
            .values()
            .filter_map(|e| Some((e.id.clone(), (e.pages?, e.articles?))))
            .collect()
    }

    /// Editions indexed.
    pub fn editions(&self) -> usize {
        self.manifest.editions.len()
    }

    /// Where the index is.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records that a search found the index damaged, so that the next update rebuilds it.
    pub fn mark_damaged(&self) {
        mark_damaged(&self.dir);
    }
}

fn mark_damaged(dir: &Path) {
    // Best effort: without the mark, `kanbao index` still finds the damage by checksums. A
    // planted link or FIFO in its place is refused, never followed or waited on.
    let _ = open_regular_for_writing(&sibling(dir, "damaged"));
}

/// An error while updating: a write the system refused (a full disk, `ulimit -f`, no
/// permission) is said as such, with the folder; anything else is damage.
fn write_failed(dir: &Path, source: tantivy::TantivyError) -> IndexError {
    use std::io::ErrorKind;
    // The index library wraps the system's error in errors of its own, some where `source`
    // cannot reach (the term dictionary's writer, a worker thread's error): the first io::Error
    // of the chain that says more than "other", else the system's error number its message
    // names, says what happened.
    let mut kind = ErrorKind::Other;
    let mut at: Option<&(dyn std::error::Error + 'static)> = Some(&source);
    while let Some(err) = at {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            kind = io.kind();
            at = io.get_ref().map(|e| e as _);
            if kind != ErrorKind::Other {
                break;
            }
        } else {
            at = err.source();
        }
    }
    let said = source.to_string();
    if kind == ErrorKind::Other
        && let Some(code) = said
            .split("(os error ")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .and_then(|n| n.parse::<i32>().ok())
    {
        kind = io::Error::from_raw_os_error(code).kind();
    }
    if matches!(
        kind,
        ErrorKind::StorageFull
            | ErrorKind::FileTooLarge
            | ErrorKind::PermissionDenied
            | ErrorKind::ReadOnlyFilesystem
            | ErrorKind::QuotaExceeded
    ) {
        let why = io::Error::from(kind);
        return IndexError::Io {
            dir: dir.to_owned(),
            error: io::Error::new(
                kind,
                format!(
                    "cannot write ({why}); free some room or raise the limit, then run `kanbao index` again"
                ),
            ),
        };
    }
    IndexError::Damaged {
        dir: dir.to_owned(),
        error: source,
    }
}

/// The error for a panic inside the index library.
fn panicked() -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError("the index library failed on its files".to_owned())
}

/// The index in `dir`, with the plugin that keeps its articles ([`articles::ArticlesPlugin`]):
/// every index kanbao opens is opened here.
fn open_index(dir: &Path) -> tantivy::Result<Index> {
    let mut index = Index::open_in_dir(dir)?;
    index.register_plugin(Arc::new(articles::ArticlesPlugin));
    Ok(index)
}

/// The largest table of contents of an index read (`meta.json`, `.managed.json`, the
/// manifest): a real one is a few hundred kilobytes even for ten years of papers. The
/// manifest is held to this, not to the configured size of an edition file, which may be
/// smaller than a large archive's manifest.
const MAX_INDEX_JSON_BYTES: u64 = 16 * 1024 * 1024;

/// Every entry of the index folder must be a regular file (a FIFO would hang the index library,
/// a link to `/dev/zero` would fill memory), and its JSON files of sane size. Checked before
/// the index library opens anything. Gives a stamp of the files as they are (names, sizes and
/// modification times), from the same listing, for [`verify_once`].
fn check_files(dir: &Path) -> Result<u64, tantivy::TantivyError> {
    let bad = |name: &str, what: String| {
        tantivy::TantivyError::InvalidArgument(format!("'{name}' is {what}"))
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|err| tantivy::TantivyError::InvalidArgument(err.to_string()))?;
    let mut stamped = Vec::new();
    for entry in entries.flatten() {
        let name =
            crate::edition::sanitize::sanitize(&entry.file_name().to_string_lossy()).into_owned();
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            return Err(bad(
                &name,
                "a symbolic link, not a file of the index".to_owned(),
            ));
        }
        if !meta.is_file() {
            return Err(bad(
                &name,
                crate::edition::read::what_it_is(meta.file_type()).to_owned(),
            ));
        }
        let table = name.starts_with("manifest-")
            || Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if table && meta.len() > MAX_INDEX_JSON_BYTES {
            return Err(bad(
                &name,
                format!("{} bytes, far more than an index writes", meta.len()),
            ));
        }
        stamped.push((entry.file_name(), meta));
    }
    stamped.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (name, meta) in stamped {
        name.hash(&mut hasher);
        meta.len().hash(&mut hasher);
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .hash(&mut hasher);
    }
    Ok(hasher.finish())
}

/// Verifies every file's checksum the first time the index is opened in a given state of its
/// files, and remembers that it did (`<index>.verified` holds the stamp): bits flipped in a
/// stored article or a fast field would otherwise give other articles, or another order, with
/// nothing to say so. Reading every file costs about what a build writes, so it is done once per
/// change, not per search.
fn verify_once(dir: &Path, stamp: u64, index: &Index) -> tantivy::Result<()> {
    let stamp = stamp.to_string();
    let memo = sibling(dir, "verified");
    let remembered = crate::edition::read::read_regular(&memo).ok();
    if remembered.as_deref() == Some(stamp.as_bytes()) {
        return Ok(());
    }
    let failed = index.validate_checksum()?;
    if let Some(path) = failed.iter().next() {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "the checksum of '{}' does not match its contents",
            path.display()
        )));
    }
    if let Ok(mut file) = open_regular_for_writing(&memo) {
        use std::io::Write as _;
        let _ = file.set_len(0);
        let _ = file.write_all(stamp.as_bytes());
    }
    Ok(())
}

/// `<parent>/<name>.<suffix>` for the index folder `dir`: its lock and its damage mark.
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "index".to_owned(), |n| n.to_string_lossy().into_owned());
    dir.parent().unwrap_or(dir).join(format!("{name}.{suffix}"))
}

/// The manifest of the last commit of the index in `dir`: `None` when it is of another format
/// or kanbao.
///
/// The commit's payload names the manifest file by the CRC-32 of its contents (`manifest-`,
/// eight hex digits and `.bin`: serde's postcard form, which a search reads first and reads
/// several times faster than JSON): meta.json stays small (the index library reads it three times when it
/// opens, and a manifest inside it is a JSON string, every quote escaped), and a file whose
/// sum does not match its name was damaged on disk. A writer keeps the file of the commit
/// before its last, so a reader that read meta.json just before a commit still finds the file
/// it names; one that finds it gone reads meta.json again.
fn read_manifest(index: &Index, dir: &Path) -> Result<Option<Manifest>, tantivy::TantivyError> {
    let unreadable = |why: String| {
        tantivy::TantivyError::InvalidArgument(format!("its manifest is not readable: {why}"))
    };
    let mut tries = 0;
    let bytes = loop {
        let metas = index.load_metas()?;
        let Some(name) = metas.payload.as_deref().and_then(manifest_sum) else {
            // None, or the JSON an older kanbao kept in the payload itself: another format.
            return Ok(None);
        };
        match read_table(&dir.join(manifest_name(name))) {
            Ok(bytes) => break (bytes, name),
            Err(err) if tries == 2 => return Err(unreadable(err)),
            Err(_) => tries += 1,
        }
    };
    let (bytes, sum) = bytes;
    if crc32fast::hash(&bytes) != sum {
        return Err(tantivy::TantivyError::InvalidArgument(
            "its manifest does not match its checksum".to_owned(),
        ));
    }
    let manifest: Manifest =
        postcard::from_bytes(&bytes).map_err(|err| unreadable(err.to_string()))?;
    Ok(manifest.is_current().then_some(manifest))
}

/// A regular file of the index's own, whole, to [`MAX_INDEX_JSON_BYTES`].
fn read_table(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let file = crate::edition::read::open_regular(path).map_err(|err| err.to_string())?;
    // Room for the whole file at once: through `take`, reading would grow the buffer by
    // doubling, copying a large archive's manifest several times over.
    let len = file.metadata().map_or(0, |meta| meta.len());
    let mut bytes =
        Vec::with_capacity(usize::try_from(len.min(MAX_INDEX_JSON_BYTES)).unwrap_or(0) + 1);
    file.take(MAX_INDEX_JSON_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    if bytes.len() as u64 > MAX_INDEX_JSON_BYTES {
        return Err(format!("{} bytes or more", MAX_INDEX_JSON_BYTES + 1));
    }
    Ok(bytes)
}

/// The checksum a commit's payload names its manifest file by: eight hex digits.
fn manifest_sum(payload: &str) -> Option<u32> {
    (payload.len() == 8)
        .then(|| u32::from_str_radix(payload, 16).ok())
        .flatten()
}

/// The name of the manifest file of checksum `sum`.
fn manifest_name(sum: u32) -> String {
    format!("manifest-{sum:08x}.bin")
}

/// Whether two lists of entries (of one index, for the same editions) name the same entry for
/// every edition.
pub fn same_entries(a: &[Option<&Entry>], b: &[Option<&Entry>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Some(a), Some(b)) => std::ptr::eq(*a, *b),
            (None, None) => true,
            _ => false,
        })
}

/// Each source's key and stamp ([`source_key`], [`source_stamp`]) as the system says they are
/// now, in their order: what [`SearchIndex::entries`] compares with what the index holds. Each
/// asks the system for the sizes and times of the edition's files (a `stat` each, the most of
/// what a search of an archive by the index costs), so the sources are shared out over the
/// cores, and a search takes them while the index is still opening: they need only the paths.
#[derive(Debug, Clone, Default)]
pub struct Stamps(Vec<Option<(String, u64)>>);

impl Stamps {
    pub fn of(sources: &[EditionSource]) -> Stamps {
        Stamps(map_runs_in_order(sources, 256, |run| {
            keyed(run.iter().map(source_key), stamp_run(run))
        }))
    }
}

/// [`source_stamp`] of each of `sources`, in their order, each folder opened once.
fn stamp_run(sources: &[EditionSource]) -> Vec<Option<u64>> {
    let mut folders = FolderStat::default();
    sources
        .iter()
        .map(|source| source_stamp(source, &mut folders))
        .collect()
}

/// Keys and stamps paired, an edition with either missing having neither.
fn keyed(
    keys: impl IntoIterator<Item = Option<String>>,
    stamps: Vec<Option<u64>>,
) -> Vec<Option<(String, u64)>> {
    keys.into_iter()
        .zip(stamps)
        .map(|(key, stamp)| Some((key?, stamp?)))
        .collect()
}

/// Each source's key ([`source_key`]) alone, in their order: what the index holds of an
/// edition can be looked up by it before the edition's files are stamped
/// ([`SearchIndex::entries_by_key`]).
#[derive(Debug, Clone, Default)]
pub struct Keys(Vec<Option<String>>);

/// [`Stamps::of`] some sources, taken on a thread of its own while their keys are taken on
/// this one: a search opens the index and looks the keys up in it while the files are still
/// being stamped.
#[derive(Debug)]
pub struct Stamping<'scope> {
    keys: Keys,
    stamps: std::thread::ScopedJoinHandle<'scope, Vec<Option<u64>>>,
}

impl<'scope> Stamping<'scope> {
    pub fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        sources: &'env [EditionSource],
    ) -> Stamping<'scope> {
        // One thread: the stamps are wanted only once the index has answered, and the other
        // core is opening the index meanwhile (on both cores, the stamps delayed the index's
        // opening by a millisecond and more).
        let stamps = scope.spawn(move || stamp_run(sources));
        let keys = Keys(sources.iter().map(source_key).collect());
        Stamping { keys, stamps }
    }

    /// The sources' keys, known at once.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// The stamps, once every file is stamped.
    pub fn finish(self) -> Stamps {
        let stamps = self
            .stamps
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Stamps(keyed(self.keys.0, stamps))
    }
}

/// Stamps files through their folder, kept open from file to file: a `stat` of a name in an
/// open folder skips the walk down the path, most of its cost for an archive's deep paths
/// (`papers/daily/2015/daily-2015-05-25.md`). The stamp is [`stamp_file`]'s, to the bit.
#[derive(Default)]
struct FolderStat {
    #[cfg(unix)]
    open: Option<(PathBuf, rustix::fd::OwnedFd)>,
}

impl FolderStat {
    /// [`stamp_file`] of `path`, asked of its folder.
    #[cfg(unix)]
    fn stamp_into(&mut self, path: &Path, hasher: &mut impl Hasher) -> Option<()> {
        use rustix::fs::{AtFlags, Mode, OFlags};
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return stamp_file(path, hasher);
        };
        if self.open.as_ref().is_none_or(|(open, _)| open != parent) {
            let folder = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            self.open = rustix::fs::open(folder, flags, Mode::empty())
                .ok()
                .map(|fd| (parent.to_owned(), fd));
        }
        let Some((_, folder)) = &self.open else {
            return stamp_file(path, hasher);
        };
        // Followed through links, as `std::fs::metadata` does.
        let stat = rustix::fs::statat(folder, name, AtFlags::empty()).ok()?;
        // A time before 1970 has no stamp, as `SystemTime::duration_since` has none for it.
        // (The fields' integer types differ between systems; i128 holds every one of them.)
        let secs = u64::try_from(stat.st_mtime).ok()?;
        let nanos = u128::from(secs) * 1_000_000_000
            + u128::try_from(i128::from(stat.st_mtime_nsec)).ok()?;
        let len = u64::try_from(stat.st_size).ok()?;
        stamp_parts(Some(name), len, nanos, hasher);
        Some(())
    }

    #[cfg(not(unix))]
    fn stamp_into(&mut self, path: &Path, hasher: &mut impl Hasher) -> Option<()> {
        stamp_file(path, hasher)
    }
}

/// The key an edition is indexed under: its kind and absolute path (a feed edition: its id and
/// first file). `None` for nothing to key by.
pub fn source_key(source: &EditionSource) -> Option<String> {
    let abs = |p: &Path| absolute_path(p).display().to_string();
    Some(match &source.origin {
        Origin::File(path) | Origin::Other(Found::File(path)) => format!("file:{}", abs(path)),
        Origin::Folder(path) | Origin::Other(Found::Folder(path)) => {
            format!("folder:{}", abs(path))
        }
        Origin::Other(Found::Articles(path)) => format!("articles:{}", abs(path)),
        Origin::Other(Found::OcrIssue(path)) => format!("ocr:{}", abs(path)),
        Origin::Other(Found::Feed(feed)) => {
            format!("feed:{}:{}", feed.id, abs(feed.files.first()?))
        }
        Origin::Sample => "sample:".to_owned(),
    })
}

/// `path` made absolute against the working directory, which is asked once per process (each
/// `std::path::absolute` of a relative path asks the system again: a `getcwd` per edition of
/// the library). kanbao never changes its working directory.
///
/// A path already in the form `std::path::absolute` gives (no `.` component, no doubled or
/// trailing separator) is taken as it is: rebuilding it component by component was most of
/// the cost of keying an edition.
fn absolute_path(path: &Path) -> PathBuf {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let path = match CWD.get_or_init(|| std::env::current_dir().ok()) {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_owned(),
    };
    let bytes = path.as_os_str().as_encoded_bytes();
    let plain = cfg!(unix)
        && bytes.first() == Some(&b'/')
        && bytes.len() > 1
        && !bytes.ends_with(b"/")
        && !bytes.ends_with(b"/.")
        && !bytes.windows(2).any(|w| w == b"//")
        && !bytes.windows(3).any(|w| w == b"/./");
    if plain {
        return path;
    }
    std::path::absolute(&path).unwrap_or(path)
}

/// A hash of the sizes and modification times of every file an edition is read from (a file
/// asked of its folder, kept in `folders`); `None` when one cannot be read (the edition is then
/// left to the scan, which reports why).
fn source_stamp(source: &EditionSource, folders: &mut FolderStat) -> Option<u64> {
    let mut hasher = std::hash::DefaultHasher::new();
    match &source.origin {
        Origin::File(path) | Origin::Other(Found::File(path)) => {
            folders.stamp_into(path, &mut hasher)?;
        }
        Origin::Folder(dir)
        | Origin::Other(Found::Folder(dir) | Found::Articles(dir) | Found::OcrIssue(dir)) => {
            stamp_folder(dir, 0, &mut hasher)?;
        }
        Origin::Other(Found::Feed(feed)) => {
            feed.id.hash(&mut hasher);
            for file in &feed.files {
                folders.stamp_into(file, &mut hasher)?;
            }
        }
        Origin::Sample => SAMPLE_TEXT.hash(&mut hasher),
    }
    Some(hasher.finish())
}

fn stamp_file(path: &Path, hasher: &mut impl Hasher) -> Option<()> {
    let meta = std::fs::metadata(path).ok()?;
    stamp_meta(path, &meta, hasher)
}

fn stamp_meta(path: &Path, meta: &std::fs::Metadata, hasher: &mut impl Hasher) -> Option<()> {
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    stamp_parts(path.file_name(), meta.len(), mtime.as_nanos(), hasher);
    Some(())
}

/// What a file's stamp is made of: its name (not the path as spelled: `-L lib` and `-L
/// /abs/lib` read the same files, and the edition's key already says where it is), its size
/// and its modification time in nanoseconds since the epoch.
fn stamp_parts(name: Option<&std::ffi::OsStr>, len: u64, nanos: u128, hasher: &mut impl Hasher) {
    (name, len, nanos).hash(hasher);
}

/// Every file under `dir` (pictures aside), in name order, four levels down at most.
fn stamp_folder(dir: &Path, depth: usize, hasher: &mut impl Hasher) -> Option<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let meta = std::fs::metadata(&path).ok()?;
        if meta.is_dir() {
            if depth < 4 && path.file_name().is_none_or(|n| n != "images") {
                stamp_folder(&path, depth + 1, hasher)?;
            }
        } else {
            stamp_meta(&path, &meta, hasher)?;
        }
    }
    Some(())
}

/// How [`update`] goes about it.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateOptions {
    /// Start from nothing.
    pub rebuild: bool,
    /// Wait for another writer instead of giving up with [`IndexError::Busy`].
    pub wait: bool,
    /// Check every file of the index against its checksum first, and rebuild it when one does
    /// not match. The whole index is read once for each state of its files (see
    /// `verify_once`), so asking every time costs a `stat` per file when nothing changed.
    pub verify: bool,
    /// Threads to load editions and to index them (default: one per core, at most four).
    pub threads: Option<usize>,
}

/// How far an update has come: editions done of those to index.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// What an update did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Editions indexed (new or changed), left as they were, and deleted.
    pub indexed: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Articles added.
    pub articles: usize,
    /// Editions that could not be read: the scan reports them at each search.
    pub problems: Vec<Diagnostic>,
}

/// The writer's lock, held for as long as this lives.
struct WriterLock {
    _file: File,
}

fn lock_writer(dir: &Path, wait: bool) -> Result<WriterLock, IndexError> {
    let io_err = |source| IndexError::Io {
        dir: dir.to_owned(),
        error: source,
    };
    std::fs::create_dir_all(dir.parent().unwrap_or(dir)).map_err(io_err)?;
    let file = open_regular_for_writing(&sibling(dir, "lock")).map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) if wait => file.lock().map_err(io_err)?,
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(IndexError::Busy {
                dir: dir.to_owned(),
            });
        }
        Err(std::fs::TryLockError::Error(err)) => return Err(io_err(err)),
    }
    Ok(WriterLock { _file: file })
}

/// Brings the index in `dir` up to date with `sources` (the whole library): indexes new and
/// changed editions, deletes removed ones, and rebuilds an index that is damaged or of another
/// format. `progress` hears after each edition; `cancel` stops between editions.
pub fn update(
    dir: &Path,
    sources: &[EditionSource],
    options: UpdateOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Report, IndexError> {
    // A library that lists nothing (a drive not mounted, a folder renamed) leaves the index as
    // it is rather than emptying it: search never uses entries of editions it does not list.
    if sources.is_empty() && !options.rebuild {
        return Ok(Report::default());
    }
    let _lock = lock_writer(dir, options.wait)?;
    let marked = sibling(dir, "damaged");
    let rebuild = options.rebuild || marked.exists();
    let (index, mut manifest) = open_for_writing(dir, rebuild, options.verify)?;
    // The mark is spent once a fresh index exists.
    let _ = std::fs::remove_file(&marked);
    let damaged = |source| write_failed(dir, source);
    let (_, fields) = schema();
    let mut report = Report::default();

    // What to index (new, or stamped otherwise than indexed), and what to delete (gone, or
    // about to be indexed again).
    let mut current: HashMap<String, u64> = HashMap::with_capacity(sources.len());
    let mut todo: Vec<(usize, String, u64)> = Vec::new();
    for (idx, stamped) in Stamps::of(sources).0.into_iter().enumerate() {
        let Some((key, stamp)) = stamped else {
            continue;
        };
        if manifest
            .editions
            .get(&key)
            .is_some_and(|e| e.stamp == stamp)
        {
            report.unchanged += 1;
        } else {
            todo.push((idx, key.clone(), stamp));
        }
        current.insert(key, stamp);
    }
    let outdated: Vec<String> = manifest
        .editions
        .iter()
        .filter(|(key, entry)| current.get(*key) != Some(&entry.stamp))
        .map(|(key, _)| key.clone())
        .collect();
    if todo.is_empty() && outdated.is_empty() {
        return Ok(report);
    }

    let threads = options.threads.unwrap_or_else(|| cores().clamp(1, 4));
    // Registered anew so that this build's writer counts from zero.
    let cut_bytes = register_terms(&index);
    let writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, threads * WRITER_BUDGET)
        .map_err(damaged)?;
    for key in &outdated {
        if let Some(entry) = manifest.editions.remove(key) {
            writer.delete_term(Term::from_field_u64(fields.eid, entry.eid));
            if !current.contains_key(key) {
                report.removed += 1;
            }
        }
    }

    // Newest first, so an interrupted build already answers for recent papers.
    todo.sort_by(|a, b| newest_name_first(&sources[a.0], &sources[b.0]).then(a.0.cmp(&b.0)));
    let dictionary = std::sync::OnceLock::new();
    if !manifest.dictionary.is_empty() {
        let _ = dictionary.set(manifest.dictionary.clone());
    }
    let state = Mutex::new((manifest, report));
    let writer = RwLock::new(writer);
    Build {
        dir,
        writer: &writer,
        fields,
        dictionary,
        sources,
        todo: &todo,
        state: &state,
        progress,
        cancel,
        threads,
        queued: Queued {
            added: AtomicU64::new(0),
            cut: &cut_bytes,
        },
    }
    .run()
    .map_err(damaged)?;
    let mut writer = writer.into_inner().unwrap_or_else(PoisonError::into_inner);
    let (manifest, report) = state.into_inner().unwrap_or_else(PoisonError::into_inner);
    commit(dir, &mut writer, &manifest).map_err(damaged)?;
    if !cancel.load(Ordering::Relaxed) {
        writer.wait_merging_threads().map_err(damaged)?;
    }
    Ok(report)
}

/// Editions whose name says a later date first.
fn newest_name_first(a: &EditionSource, b: &EditionSource) -> std::cmp::Ordering {
    b.name_date.cmp(&a.name_date)
}

/// Commits what `writer` added, with `manifest` written beside the segments first and named in
/// the commit's payload by its checksum (see [`read_manifest`]); then drops the manifest files
/// of older commits but the one before.
fn commit(
    dir: &Path,
    writer: &mut IndexWriter<TantivyDocument>,
    manifest: &Manifest,
) -> tantivy::Result<()> {
    let bytes = postcard::to_stdvec(manifest).unwrap_or_default();
    let sum = crc32fast::hash(&bytes);
    let name = manifest_name(sum);
    let written = (|| -> io::Result<()> {
        use std::io::Write as _;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&bytes)?;
        tmp.as_file().sync_data()?;
        tmp.persist(dir.join(&name)).map_err(|e| e.error)?;
        Ok(())
    })();
    written.map_err(tantivy::TantivyError::from)?;
    let before = writer
        .index()
        .load_metas()
        .ok()
        .and_then(|m| m.payload.as_deref().and_then(manifest_sum));
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&format!("{sum:08x}"));
    prepared.commit()?;
    let keep = [Some(sum), before];
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file = entry.file_name();
        let old = file
            .to_str()
            .and_then(|f| f.strip_prefix("manifest-")?.strip_suffix(".bin"))
            .and_then(manifest_sum);
        if old.is_some() && !keep.contains(&old) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// What indexing the editions to do works with.
struct Build<'a> {
    /// The index's folder, where each commit's manifest is written.
    dir: &'a Path,
    /// Shared while documents are added, taken alone to commit: a commit holds exactly the
    /// editions whose articles were all added, as the manifest says.
    writer: &'a RwLock<IndexWriter<TantivyDocument>>,
    fields: Fields,
    /// The manifest's dictionary, or the one the first edition added makes.
    dictionary: std::sync::OnceLock<Vec<u8>>,
    sources: &'a [EditionSource],
    /// Source index, key and stamp of each edition to index, in order.
    todo: &'a [(usize, String, u64)],
    state: &'a Mutex<(Manifest, Report)>,
    progress: &'a (dyn Fn(Progress) + Sync),
    cancel: &'a AtomicBool,
    threads: usize,
    queued: Queued<'a>,
}

/// Bytes of text handed to the writer, and bytes its indexing threads have cut into terms.
struct Queued<'a> {
    added: AtomicU64,
    cut: &'a AtomicU64,
}

impl Build<'_> {
    /// Loads and adds every edition of `todo` on `threads` threads that live for the whole
    /// update (threads made per batch left the allocator an arena each, and hundreds of MB),
    /// committing every [`COMMIT_EVERY`] editions or [`COMMIT_AFTER`].
    fn run(&self) -> tantivy::Result<()> {
        let next = AtomicUsize::new(0);
        let last_commit = Mutex::new((std::time::Instant::now(), 0usize));
        let work = || -> tantivy::Result<()> {
            let mut buf = Vec::new();
            while !self.cancel.load(Ordering::Relaxed) {
                let Some((idx, key, stamp)) = self.todo.get(next.fetch_add(1, Ordering::Relaxed))
                else {
                    break;
                };
                let loaded = load_source(&self.sources[*idx], &mut buf, Repeats::Mark)
                    .map(|(edition, _)| edition);
                self.add(loaded, key, *stamp);
                self.wait_for_writer();
                let due = {
                    let mut last = last_commit.lock().unwrap_or_else(PoisonError::into_inner);
                    last.1 += 1;
                    let due = last.1 >= COMMIT_EVERY || last.0.elapsed() >= COMMIT_AFTER;
                    if due {
                        *last = (std::time::Instant::now(), 0);
                    }
                    due
                };
                if due {
                    let mut writer = self.writer.write().unwrap_or_else(PoisonError::into_inner);
                    let (manifest, _) = &*self.state.lock().unwrap_or_else(PoisonError::into_inner);
                    commit(self.dir, &mut writer, manifest)?;
                }
            }
            Ok(())
        };
        let threads = self.threads.min(self.todo.len()).max(1);
        on_every_core(threads, work).into_iter().collect()
    }

    /// Waits while the writer's queue holds more than [`MAX_QUEUED_BYTES`] of text, so that
    /// loading never runs far ahead of indexing; at most two seconds, so a document the writer
    /// dropped without indexing cannot hold the build up.
    fn wait_for_writer(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while self
            .queued
            .added
            .load(Ordering::Relaxed)
            .saturating_sub(self.queued.cut.load(Ordering::Relaxed))
            > MAX_QUEUED_BYTES
            && !self.cancel.load(Ordering::Relaxed)
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Adds a loaded edition's articles and records it in the manifest, under the shared
    /// writer lock; an edition that could not be loaded is reported.
    fn add(&self, loaded: Result<Edition, Diagnostic>, key: &str, stamp: u64) {
        let writer = self.writer.read().unwrap_or_else(PoisonError::into_inner);
        let eid = match &loaded {
            Ok(_) => {
                let (manifest, _) = &mut *self.state.lock().unwrap_or_else(PoisonError::into_inner);
                manifest.next_eid += 1;
                manifest.next_eid - 1
            }
            Err(_) => 0,
        };
        let (articles, bytes) = match &loaded {
            Ok(edition) => {
                let dictionary = self.dictionary.get_or_init(|| {
                    let stored = edition
                        .pages
                        .iter()
                        .flat_map(|page| {
                            page.items.iter().map(|item| StoredItem::encode(item, page))
                        })
                        .collect::<Vec<_>>();
                    stored::dictionary(stored.iter().map(String::as_str))
                });
                add_edition(&writer, (self.fields, dictionary), eid, edition)
            }
            Err(_) => (0, 0),
        };
        self.queued.added.fetch_add(bytes, Ordering::Relaxed);
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (manifest, report) = &mut *guard;
        if manifest.dictionary.is_empty()
            && let Some(dictionary) = self.dictionary.get()
        {
            manifest.dictionary.clone_from(dictionary);
        }
        match loaded {
            Ok(edition) => {
                let pages = edition.pages.len();
                let article_count = edition
                    .pages
                    .iter()
                    .flat_map(|p| &p.items)
                    .filter(|i| i.kind == crate::edition::ItemKind::Article)
                    .count();
                manifest.editions.insert(
                    key.to_owned(),
                    Entry {
                        pages: Some(pages),
                        articles: Some(article_count),
                        eid,
                        stamp,
                        id: edition.id,
                        paper: edition.paper,
                        date: edition.date,
                        language: edition.language,
                    },
                );
                report.indexed += 1;
                report.articles += articles;
            }
            Err(problem) => report.problems.push(problem),
        }
        (self.progress)(Progress {
            done: report.indexed + report.problems.len(),
            total: self.todo.len(),
        });
    }
}

/// Adds every item of `edition` but the later printings of a repeated story as a document;
/// returns how many, and the bytes of their text.
fn add_edition(
    writer: &IndexWriter<TantivyDocument>,
    (fields, dictionary): (Fields, &[u8]),
    eid: u64,
    edition: &Edition,
) -> (usize, u64) {
    let mut added = 0;
    let mut bytes = 0;
    for (page_idx, page) in edition.pages.iter().enumerate() {
        for (item_idx, item) in page.items.iter().enumerate() {
            // A story printed twice is found once, at its first printing, as the scan finds it.
            if item.repeat_of.is_some() {
                continue;
            }
            let mut doc = TantivyDocument::new();
            doc.add_u64(fields.eid, eid);
            doc.add_u64(fields.pos, ((page_idx as u64) << 32) | item_idx as u64);
            let mut text_bytes = 0;
            for (_, text) in item.parts() {
                doc.add_text(fields.cjk, text);
                doc.add_text(fields.word, text);
                text_bytes += text.len() as u64;
            }
            doc.add_custom(
                fields.article,
                &stored::pack(&StoredItem::encode(item, page), dictionary),
            );
            // A document the writer refuses (it is shutting down) is left to the scan.
            if writer.add_document(doc).is_ok() {
                added += 1;
                bytes += text_bytes;
            }
        }
    }
    (added, bytes)
}

/// Opens the index in `dir` for writing, or makes a new one when there is none, it is damaged,
/// of another format, or `rebuild` asks. The caller holds the writer lock.
fn open_for_writing(
    dir: &Path,
    rebuild: bool,
    verify: bool,
) -> Result<(Index, Manifest), IndexError> {
    let io_err = |source| IndexError::Io {
        dir: dir.to_owned(),
        error: source,
    };
    let checked = check_files(dir);
    if !rebuild
        && dir.join("meta.json").is_file()
        && let Ok(stamp) = checked
    {
        // A panic of the index library on damaged files means: make it again.
        let opened = std::panic::catch_unwind(|| {
            open_index(dir)
                .and_then(|index| read_manifest(&index, dir).map(|manifest| (index, manifest)))
                .and_then(|(index, manifest)| {
                    // Opening a reader opens every segment file (and checks its footer).
                    register_terms(&index);
                    index.reader()?;
                    let intact = !verify || verify_once(dir, stamp, &index).is_ok();
                    Ok((index, manifest.filter(|_| intact)))
                })
        })
        .unwrap_or_else(|_| Err(panicked()));
        if let Ok((index, Some(manifest))) = opened {
            return Ok((index, manifest));
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(io_err)?;
    }
    std::fs::create_dir_all(dir).map_err(io_err)?;
    let (schema, _) = schema();
    // Each article is compressed on its own (`stored::pack`) and kept in a segment file of
    // its own (`articles`), read back as a slice of the mapped file: the index library's
    // document store, which copies a block out for every result, stores nothing.
    let settings = tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::None,
        ..tantivy::IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .register_plugin(Arc::new(articles::ArticlesPlugin))
        .create_in_dir(dir)
        .map_err(|source| write_failed(dir, source))?;
    register_terms(&index);
    Ok((index, Manifest::fresh()))
}

#[cfg(test)]
mod tests {
    use super::*;

    impl FolderStat {
        /// [`FolderStat::stamp_into`] of a file alone.
        fn stamp(&mut self, path: &Path) -> Option<u64> {
            let mut hasher = std::hash::DefaultHasher::new();
            self.stamp_into(path, &mut hasher)?;
            Some(hasher.finish())
        }
    }

    /// [`stamp_file`] of a file alone: by its path, as `std::fs::metadata` sees it.
    fn stamp_alone(path: &Path) -> Option<u64> {
        let mut hasher = std::hash::DefaultHasher::new();
        stamp_file(path, &mut hasher)?;
        Some(hasher.finish())
    }

    #[test]
    fn a_file_stamped_through_its_folder_is_stamped_as_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let deep = dir.path().join("daily").join("2015");
        std::fs::create_dir_all(&deep).expect("folders");
        let mut files = Vec::new();
        for (n, name) in ["a.md", "b.md", "c.md"].into_iter().enumerate() {
            let path = deep.join(name);
            std::fs::write(&path, "x".repeat(n * 100)).expect("written");
            files.push(path);
        }
        let top = dir.path().join("top.md");
        std::fs::write(&top, "头版").expect("written");
        files.push(top);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.md");
            std::os::unix::fs::symlink(&files[1], &link).expect("link");
            files.push(link);
        }
        // Gone, and a folder: no stamp either way.
        files.push(deep.join("gone.md"));
        files.push(dir.path().join("nowhere").join("x.md"));
        let mut by_folder = FolderStat::default();
        for path in files.iter().chain(files.iter().rev()) {
            let alone = stamp_alone(path);
            assert_eq!(by_folder.stamp(path), alone, "{}", path.display());
            assert_eq!(
                alone.is_some(),
                path.is_file(),
                "{} is stamped when it is a file",
                path.display()
            );
        }
        // A file that changes size or time changes its stamp.
        let before = by_folder.stamp(&files[0]);
        std::fs::write(&files[0], "changed").expect("written");
        assert_ne!(by_folder.stamp(&files[0]), before);
        assert_eq!(by_folder.stamp(&files[0]), stamp_alone(&files[0]));
    }

    #[test]
    fn absolute_paths_are_what_the_standard_library_makes_of_them() {
        for path in [
            "arch/daily/2013/x.md",
            "./arch/x.md",
            "arch//x.md",
            "arch/./x.md",
            "arch/../x.md",
            "arch/",
            "arch/.",
            ".",
            "/abs/x.md",
            "/abs//x.md",
            "/abs/./x.md",
            "/abs/",
            "/",
            "/abs/x.md/..",
        ] {
            let theirs = std::path::absolute(path).expect("absolute");
            assert_eq!(absolute_path(Path::new(path)), theirs, "{path}");
            assert_eq!(
                absolute_path(Path::new(path)).as_os_str(),
                theirs.as_os_str(),
                "{path} spelled alike"
            );
        }
    }

    #[test]
    fn an_index_table_is_read_whole_to_its_own_bound() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let small = dir.path().join("manifest-00000001.bin");
        std::fs::write(&small, vec![7u8; 2 << 20]).expect("written");
        // Two megabytes: more than the smallest edition cap a config may set, read whole.
        assert_eq!(read_table(&small).map(|b| b.len()), Ok(2 << 20));
        let big = dir.path().join("manifest-00000002.bin");
        let file = std::fs::File::create(&big).expect("created");
        file.set_len(MAX_INDEX_JSON_BYTES + 1).expect("sized");
        assert!(read_table(&big).is_err());
        assert!(read_table(&dir.path().join("missing")).is_err());
        assert!(read_table(dir.path()).is_err(), "a folder is not a table");
    }

    #[test]
    fn a_manifest_reads_back_as_it_was_written() {
        let mut manifest = Manifest::fresh();
        manifest.dictionary = (0..=255u8).cycle().take(70_000).collect();
        manifest.editions.insert(
            "file:/lib/a.md".to_owned(),
            Entry {
                eid: 7,
                stamp: 42,
                id: "a".to_owned(),
                paper: Some("日报".to_owned()),
                date: None,
                language: None,
                pages: Some(4),
                articles: None,
            },
        );
        let bytes = postcard::to_stdvec(&manifest).expect("written");
        let back: Manifest = postcard::from_bytes(&bytes).expect("read");
        assert_eq!(back.dictionary, manifest.dictionary);
        assert_eq!(back.editions, manifest.editions);
        assert!(back.is_current());
        // The dictionary is one run of bytes, as written; cut short, the manifest is unreadable.
        assert!(bytes.windows(256).any(|w| w == &manifest.dictionary[..256]));
        assert!(postcard::from_bytes::<Manifest>(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn a_manifest_is_named_by_eight_hex_digits_and_nothing_else() {
        assert_eq!(manifest_sum("8790e8d6"), Some(0x8790_e8d6));
        assert_eq!(manifest_name(0x0000_00ff), "manifest-000000ff.bin");
        // The payload of an older kanbao (a sum and JSON, or JSON alone) names no file.
        for other in ["", "8790e8d", "8790e8d6{}", "{\"format\":4}", "zzzzzzzz"] {
            assert_eq!(manifest_sum(other), None, "{other}");
        }
    }
}
