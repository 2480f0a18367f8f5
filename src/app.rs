//! The reader's state and every change to it: `App`, `Action`, `update()`.

pub mod action;

pub use action::Action;
