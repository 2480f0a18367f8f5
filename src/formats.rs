//! Readers for source shapes other than kanbao's heading dialect, one module per shape: each turns
//! its bytes into the same edition model, knows only its own shape's rules, and never touches the
//! network.

pub mod ocr;
