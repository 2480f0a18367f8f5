//! What the integration tests share: running the built binary in a home of its own (`cli`), the
//! binary in a pseudo-terminal (`pty`), a loopback e-paper server (`fetch_server`) and the
//! e-paper fixtures with what the fetch tests do with them (`epaper`). Each test
//! file that needs them says `mod support;`.
//!
//! `support/mod.rs` rather than `support.rs` + `support/`: cargo builds every `tests/*.rs` as a
//! test binary of its own, so a `tests/support.rs` would be one; this is the one accepted
//! exception to the `foo.rs` + `foo/` rule.

// Every test binary compiles all of this and uses a part of it.
#![allow(dead_code)]

pub mod cli;
pub mod epaper;
pub mod fetch_server;
#[cfg(unix)]
pub mod pty;
