//! Kept editions: an edition whose reading is costly (a feed's XML and every item's HTML) is
//! kept on disk as the loader made it, one file per edition in `editions/` beside the discovery
//! cache, so the next `list`, search or reader that opens it decodes it instead of parsing its
//! feeds again.
//!
//! Optional and never needed for correctness, like the discovery cache. A kept edition is used
//! only when every file it was read from has the size and modification time it had when it was
//! read, and when it was written by this very build of kanbao (its version and the executable's
//! size and time), so a loader that changed never serves what an older one made. Anything else
//! (a missing, unreadable, damaged, foreign or stale file) is read from the feeds again and kept
//! anew. A file modified in the last two seconds is not kept from: it may still be being written
//! within the clock's granularity.
//!
//! The folder is held to [`KEPT_BYTES`]: when a process first keeps an edition, the oldest kept
//! files beyond it are removed.
//!
//! Below discovery ([`super::found`]), above the discovery cache, whose stamps, settling rule
//! and atomic writes it shares ([`super::cache`]).

use std::collections::BTreeMap;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use super::cache::{Stamp, settled, write_bytes};

use crate::edition::model::{Facsimile, Region};
use crate::edition::read::LoadError;
use crate::edition::{
    Block, Diagnostic, Edition, Format, Item, ItemKind, Page, Photo, Printing, Severity,
};

/// Bumped when the layout below changes. (A build's own stamp already changes with every
/// build; this guards a build made from the same version with the same size and time.)
const LAYOUT: u32 = 1;

/// The start of every kept file.
const MAGIC: &[u8; 8] = b"kbkept\0\x01";

/// What the kept folder may hold before its oldest files are removed.
pub const KEPT_BYTES: u64 = 512 * 1024 * 1024;

/// The folder kept editions live in, and whether this process has kept one yet (it trims the
/// folder once, at its first).
#[derive(Debug)]
pub struct KeptEditions {
    dir: PathBuf,
    trimmed: AtomicBool,
}

impl PartialEq for KeptEditions {
    fn eq(&self, other: &KeptEditions) -> bool {
        self.dir == other.dir
    }
}

impl Eq for KeptEditions {}

impl KeptEditions {
    /// Kept editions in `dir` (created when the first is kept).
    pub fn at(dir: PathBuf) -> KeptEditions {
        KeptEditions {
            dir,
            trimmed: AtomicBool::new(false),
        }
    }

    /// The edition `id` read from `files` by `read`: the kept one when it is current, else
    /// what `read` gives (kept for next time when `read` says it may be).
    pub fn load(
        &self,
        id: &str,
        files: &[PathBuf],
        read: impl FnOnce() -> Result<(Edition, bool), LoadError>,
    ) -> Result<Edition, LoadError> {
        // A file over the size cap is read, so that it fails as it would without a cache.
        let cap = crate::edition::read::max_file_bytes();
        let Some(stamps) = files
            .iter()
            .map(|f| Some(Stamp::of(f, false)?.parts()).filter(|&(len, _)| len <= cap))
            .collect::<Option<Vec<_>>>()
        else {
            return read().map(|(edition, _)| edition);
        };
        let path = self.dir.join(file_name(id, files));
        if let Some(edition) = std::fs::read(&path)
            .ok()
            .and_then(|bytes| unpack(&bytes, &stamps))
        {
            return Ok(edition);
        }
        let (edition, keep) = read()?;
        if keep && stamps.iter().all(|&(_, mtime)| settled(mtime)) {
            let bytes = pack(&edition, &stamps);
            if !self.trimmed.swap(true, Ordering::Relaxed) {
                trim(&self.dir, KEPT_BYTES.saturating_sub(bytes.len() as u64));
            }
            // Keeping is a convenience: a full disk or a read-only cache costs the next
            // reader a parse, nothing more.
            let _ = write_bytes(&path, &bytes);
        }
        Ok(edition)
    }
}

/// Removes the oldest kept files of `dir` until the rest hold at most `budget` bytes.
fn trim(dir: &Path, budget: u64) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(SystemTime, u64, PathBuf)> = listing
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".kept"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((meta.modified().ok()?, meta.len(), e.path()))
        })
        .collect();
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    files.sort();
    for (_, len, path) in files {
        if total <= budget {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

/// A kept edition's file name: a hash of its id and the paths it is read from (and of the
/// working folder, which relative paths start from).
fn file_name(id: &str, files: &[PathBuf]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    files.hash(&mut hasher);
    if files.iter().any(|f| f.is_relative()) {
        std::env::current_dir().ok().hash(&mut hasher);
    }
    format!("{:016x}.kept", hasher.finish())
}

/// This build: kanbao's version and the size and time of the running executable, hashed.
/// `None` when the executable cannot be found: nothing is kept or used then.
fn build() -> Option<u64> {
    static BUILD: OnceLock<Option<u64>> = OnceLock::new();
    *BUILD.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let (len, mtime) = Stamp::of(&exe, false)?.parts();
        let mut hasher = std::hash::DefaultHasher::new();
        (env!("CARGO_PKG_VERSION"), LAYOUT, len, mtime).hash(&mut hasher);
        Some(hasher.finish())
    })
}

/// The file kept for `edition` read from files stamped `stamps`: the magic, this build, the
/// stamps, the CRC-32 of the rest, then the edition's encoding compressed with lz4.
fn pack(edition: &Edition, stamps: &[(u64, u64)]) -> Vec<u8> {
    let mut body = Vec::with_capacity(64 * 1024);
    edition.put(&mut body);
    let packed = lz4_flex::block::compress_prepend_size(&body);
    let mut out = Vec::with_capacity(packed.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&build().unwrap_or(0).to_le_bytes());
    put_len(&mut out, stamps.len());
    for &(len, mtime) in stamps {
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&mtime.to_le_bytes());
    }
    out.extend_from_slice(&crc32fast::hash(&packed).to_le_bytes());
    out.extend_from_slice(&packed);
    out
}

/// The edition in a kept file, when the file is whole, of this build and of files stamped
/// `stamps` now.
fn unpack(bytes: &[u8], stamps: &[(u64, u64)]) -> Option<Edition> {
    let mut r = Reader(bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u64()? != build()? || r.len()? != stamps.len() {
        return None;
    }
    for &(len, mtime) in stamps {
        if r.u64()? != len || r.u64()? != mtime {
            return None;
        }
    }
    let sum = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
    let packed = r.0;
    if crc32fast::hash(packed) != sum {
        return None;
    }
    let (size, compressed) = packed.split_first_chunk::<4>()?;
    let size = usize::try_from(u32::from_le_bytes(*size)).ok()?;
    // An edition's encoding is never far larger than the files it was read from.
    if size as u64 > 16 * crate::edition::read::MAX_FILE_BYTES {
        return None;
    }
    let mut body = vec![0; size];
    let written = lz4_flex::block::decompress_into(compressed, &mut body).ok()?;
    let mut r = Reader(body.get(..written).filter(|_| written == size)?);
    let edition = Edition::get(&mut r)?;
    r.0.is_empty().then_some(edition)
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u64(out, n as u64);
}

/// LEB128: seven bits a byte, low first, the high bit set on all but the last.
fn put_u64(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads what [`Put`] wrote; every read is `None` past the end or on bytes no writer made.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn var(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of things still to read: never more than the bytes left, so damage cannot ask
    /// for a huge allocation.
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.var()?)
            .ok()
            .filter(|&n| n <= self.0.len())
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
}

/// The encoding of one part of an edition. Every impl destructures its type whole, so a field
/// added to the model does not compile until it is kept too.
trait Put: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

impl Put for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        out.extend_from_slice(self.as_bytes());
    }

    fn get(r: &mut Reader<'_>) -> Option<String> {
        let n = r.len()?;
        let text = simdutf8::basic::from_utf8(r.take(n)?).ok()?;
        Some(clean(text))
    }
}

/// A kept file is a file too: its text enters the model as any file's does, each line made safe
/// to show (the model's text breaks lines only with `\n`).
fn clean(text: &str) -> String {
    use crate::edition::sanitize::{is_clean, sanitize};
    let whole = match memchr::memchr(b'\n', text.as_bytes()) {
        None => is_clean(text),
        Some(_) => text.split('\n').all(is_clean),
    };
    if whole {
        return text.to_owned();
    }
    let lines: Vec<_> = text.split('\n').map(sanitize).collect();
    lines.join("\n")
}

impl Put for usize {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(out, *self);
    }

    fn get(r: &mut Reader<'_>) -> Option<usize> {
        usize::try_from(r.var()?).ok()
    }
}

impl Put for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_u64(out, u64::from(*self));
    }

    fn get(r: &mut Reader<'_>) -> Option<u32> {
        u32::try_from(r.var()?).ok()
    }
}

impl Put for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }

    fn get(r: &mut Reader<'_>) -> Option<bool> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Put for PathBuf {
    fn put(&self, out: &mut Vec<u8>) {
        let bytes = self.as_os_str().as_encoded_bytes();
        put_len(out, bytes.len());
        out.extend_from_slice(bytes);
    }

    fn get(r: &mut Reader<'_>) -> Option<PathBuf> {
        let n = r.len()?;
        let bytes = r.take(n)?;
        // Kept as this platform's own bytes: plain bytes on Unix, UTF-8 (or not at all) else.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
        }
        #[cfg(not(unix))]
        {
            std::str::from_utf8(bytes).ok().map(PathBuf::from)
        }
    }
}

impl<T: Put> Put for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }

    fn get(r: &mut Reader<'_>) -> Option<Option<T>> {
        match r.byte()? {
            0 => Some(None),
            1 => Some(Some(T::get(r)?)),
            _ => None,
        }
    }
}

impl<T: Put> Put for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        for value in self {
            value.put(out);
        }
    }

    fn get(r: &mut Reader<'_>) -> Option<Vec<T>> {
        let n = r.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::get(r)?);
        }
        Some(out)
    }
}

impl<V: Put> Put for BTreeMap<String, V> {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        for (key, value) in self {
            key.put(out);
            value.put(out);
        }
    }

    fn get(r: &mut Reader<'_>) -> Option<BTreeMap<String, V>> {
        let n = r.len()?;
        let mut out = BTreeMap::new();
        for _ in 0..n {
            out.insert(String::get(r)?, V::get(r)?);
        }
        Some(out)
    }
}

/// A field-less enum kept as its place in `all`.
macro_rules! put_enum {
    ($ty:ty, [$($variant:path),+ $(,)?]) => {
        impl Put for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let all = [$($variant),+];
                let n = all.iter().position(|v| v == self).unwrap_or(0);
                out.push(n as u8);
            }

            fn get(r: &mut Reader<'_>) -> Option<$ty> {
                [$($variant),+].get(usize::from(r.byte()?)).copied()
            }
        }
    };
}

put_enum!(
    Format,
    [Format::Dialect, Format::Feed, Format::Articles, Format::Ocr]
);
put_enum!(
    ItemKind,
    [ItemKind::Article, ItemKind::Photo, ItemKind::Banner]
);
put_enum!(Severity, [Severity::Warning, Severity::Error]);

/// A struct kept as its fields in order; `$name { a, b }` lists every field, so one added to
/// the model fails to compile here until it is kept.
macro_rules! put_struct {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl Put for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let $ty { $($field),+ } = self;
                $($field.put(out);)+
            }

            fn get(r: &mut Reader<'_>) -> Option<$ty> {
                Some($ty { $($field: Put::get(r)?),+ })
            }
        }
    };
}

put_struct!(Edition {
    id,
    paper,
    date,
    issue,
    language,
    metadata,
    source,
    pages,
    warnings,
    format,
    facsimiles,
    page_credits,
});
put_struct!(Page { label, name, items });
put_struct!(Item {
    id,
    kind,
    kicker,
    headline,
    subtitle,
    column,
    byline,
    dateline,
    continued_from,
    continued_to,
    continued_from_id,
    continued_to_id,
    body,
    caption,
    credit,
    image,
    link,
    summary_only,
    line,
    repeat_of,
    also_on,
});
put_struct!(Printing { id, page });
put_struct!(Photo {
    caption,
    credit,
    image
});
put_struct!(Diagnostic {
    severity,
    path,
    line,
    message
});
put_struct!(Facsimile { image, regions });
put_struct!(Region { item, rect });

impl Put for [u32; 4] {
    fn put(&self, out: &mut Vec<u8>) {
        for n in self {
            n.put(out);
        }
    }

    fn get(r: &mut Reader<'_>) -> Option<[u32; 4]> {
        Some([u32::get(r)?, u32::get(r)?, u32::get(r)?, u32::get(r)?])
    }
}

impl Put for Block {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Block::Paragraph(text) => {
                out.push(0);
                text.put(out);
            }
            Block::Subhead(text) => {
                out.push(1);
                text.put(out);
            }
            Block::Photo(photo) => {
                out.push(2);
                photo.put(out);
            }
        }
    }

    fn get(r: &mut Reader<'_>) -> Option<Block> {
        match r.byte()? {
            0 => Some(Block::Paragraph(String::get(r)?)),
            1 => Some(Block::Subhead(String::get(r)?)),
            2 => Some(Block::Photo(Photo::get(r)?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
