//! [`SavedPosition`]: a place in an article as both the bookmarks and the reading state record
//! it. A plain value: it imports nothing from the store.

/// Where in an article the reader was: a body block and a byte offset inside its text. Bytes,
/// not lines or rows, so a different terminal width finds the same place.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct SavedPosition {
    /// Index into the item's `body` blocks.
    pub paragraph: usize,
    /// Byte offset into that block's text (a reader clamps it to a char boundary).
    pub byte: usize,
}
