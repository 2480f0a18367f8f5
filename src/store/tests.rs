//! Tests of the store's modules together, through the documents built on them ([`Bookmarks`],
//! [`ReadingState`]). They sit above every store module, so that the tests of a lower module
//! (`document`, `disk`, `recovery`, `file`) never import the modules built on it.
//!
//! [`Bookmarks`]: super::Bookmarks
//! [`ReadingState`]: super::ReadingState

mod damaged;
mod recovery;
