//! kanbao, a terminal newspaper reader.
//!
//! - [`edition`]: the newspaper model (edition → page → item) and the loader that builds it from
//!   text files, repairing what text dumps break. No terminal code.
//! - [`formats`]: one reader per source shape besides the heading dialect (feeds and their
//!   article HTML, crawler folders of per-article files, OCR page text), sniffing that picks
//!   the reader, and the encoding guess for undeclared legacy text.
//! - [`library`]: finding editions on disk (files, edition folders, library folders), the
//!   embedded sample edition, synthetic archives, and library-wide search.
//! - [`fetch`]: network → folder editions on disk (`kanbao fetch`): e-paper pages and feeds,
//!   politely and within bounds, written atomically so everything fetched reads offline.
//! - [`pictures`]: news photos in the terminal: which protocol draws them, reading an image
//!   file safely (inside its edition, size and pixel limits from the header), the decoding
//!   thread and the bounded cache of encoded pictures.
//! - [`typeset`]: text → lines for a column count, following Chinese and English line-breaking
//!   rules. Pure; no ratatui types in its core API.
//! - [`store`]: bookmarks and reading state on disk (`bookmarks.toml`, `state.toml`): atomic
//!   writes, a lock shared by every kanbao process, versioned files, damaged files kept aside.
//! - [`app`]: the reader's state, the `Action` enum and `update()`; no drawing.
//! - [`ui`]: drawing the frame from `&App` (pure; one file per pane).
//! - [`tui`]: the event loop: terminal set-up and restoration, input → `Action`, redraw.
//! - [`config`]: the user's config file (library paths, keymap, theme, reading options): where
//!   it lives, the documented defaults in `assets/config.toml`, validation with located errors.
//! - [`cli`]: the non-interactive subcommands (`list`, `check`, `read`, `search`, `bookmarks`).

pub mod app;
pub mod cli;
pub mod config;
pub mod edition;
pub mod fetch;
pub mod formats;
pub mod handoff;
pub mod library;
pub mod pictures;
pub mod store;
pub mod tui;
pub mod typeset;
pub mod ui;
