//! kanbao, a terminal newspaper reader.
//!
//! - [`edition`]: the newspaper model (edition → page → item) and the loader that builds it from
//!   text files, repairing what text dumps break. No terminal code.
//! - [`formats`]: readers for other source shapes (OCR page text), one module per shape, each
//!   building the same model as the heading dialect.
//! - [`library`]: finding editions on disk (files, edition folders, library folders), the
//!   embedded sample edition, synthetic archives, and library-wide search.
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
pub mod formats;
pub mod library;
pub mod store;
pub mod tui;
pub mod typeset;
pub mod ui;
