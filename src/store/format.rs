//! What every file the store keeps has in common: the format version it declares, the largest
//! file kanbao reads, and the form its time stamps take. The bottom of the store: it imports
//! nothing from it.

/// The version of the file formats this kanbao reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// The largest bookmarks, state or recovery file kanbao reads (16 MiB): hundreds of times a
/// real one (10,000 bookmarks take about 7 MB, a full `read` list about 5 MB), and far below what
/// parsing could take in memory (a 49 MB bookmarks file once took 800 MB). A larger file is
/// reported, shown as missing, and moved aside before the next save, never written over.
pub const MAX_STORE_BYTES: u64 = 16 * 1024 * 1024;

/// Now, to the second, as RFC 3339 UTC (`2026-03-01T08:15:00Z`): the form of a bookmark's
/// `added` and of a recovery file's `written`.
pub fn now_rfc3339() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
