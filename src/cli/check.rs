//! `kanbao check PATH…`: loads everything under the paths and reports every warning and error as
//! `file:line: severity: message`. The caller exits non-zero when [`Summary::errors`] > 0.

use std::io::{self, Write};

use crate::edition::Severity;
use crate::library::Library;

/// Counts for the closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub editions: usize,
    pub warnings: usize,
    pub errors: usize,
}

/// Writes one line per diagnostic and returns the counts.
pub fn write_report(library: &Library, out: &mut dyn Write) -> io::Result<Summary> {
    let mut summary = Summary {
        editions: library.editions.len(),
        ..Summary::default()
    };
    for diagnostic in library.all_diagnostics() {
        match diagnostic.severity {
            Severity::Warning => summary.warnings += 1,
            Severity::Error => summary.errors += 1,
        }
        writeln!(out, "{diagnostic}")?;
    }
    Ok(summary)
}
