//! kanbao, a terminal newspaper reader.
//!
//! The modules, from the bottom floor up (docs/ARCHITECTURE.md draws the house, and
//! `tests/architecture.rs` keeps every import pointing down):
//!
//! - [`edition`]: the newspaper model (edition → page → item) and what every reader shares to
//!   build it: bounded file reading, the one sanitiser, edition metadata, recognisers, links.
//! - [`typeset`]: text → lines for a column count, following Chinese and English line-breaking
//!   rules. Pure; no ratatui types in its core API.
//! - [`formats`]: one reader per source shape (the heading dialect, feeds and their article
//!   HTML, crawler folders, OCR page text), the sniffing that picks the reader, and `open`,
//!   which reads a path as whatever it is.
//! - [`library`]: finding editions on disk (files, edition folders, library folders, the
//!   discovery cache), the embedded sample edition, synthetic archives, and search in layers.
//! - [`store`]: bookmarks and reading state on disk (`bookmarks.toml`, `state.toml`): atomic
//!   writes, a lock shared by every kanbao process, versioned files, damaged files kept aside.
//! - [`action`]: the `Action` enum, below both the keymap that binds it and the app that applies
//!   it.
//! - [`fetch`]: network → folder editions on disk (`kanbao fetch`): e-paper pages and feeds,
//!   politely and within bounds, written atomically so everything fetched reads offline.
//! - [`pictures`]: news photos in the terminal: which protocol draws them, reading an image
//!   file safely, the decoding thread and the bounded cache of encoded pictures.
//! - [`handoff`]: an article to the clipboard or a browser.
//! - [`config`]: the user's config file (library paths, keymap, theme, reading options): where
//!   it lives, the documented defaults in `assets/config.toml`, validation with located errors.
//! - [`app`]: the reader's state and `update()`; no drawing.
//! - [`ui`]: drawing the frame from `&App` (pure; one file per pane).
//! - [`cli`]: the non-interactive subcommands (`list`, `check`, `read`, `search`, `bookmarks`).
//! - [`tui`]: the event loop: terminal set-up and restoration, input → `Action`, redraw.

pub mod action;
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
