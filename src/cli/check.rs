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

/// Writes one line per diagnostic and returns the counts. Editions are parsed one at a time.
pub fn write_report(library: &mut Library, out: &mut dyn Write) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut tally = |diagnostic: &crate::edition::Diagnostic, out: &mut dyn Write| {
        match diagnostic.severity {
            Severity::Warning => summary.warnings += 1,
            Severity::Error => summary.errors += 1,
        }
        writeln!(out, "{diagnostic}")
    };
    let mut editions = 0;
    library.for_each_edition(|edition| {
        editions += 1;
        let items: usize = edition.pages.iter().map(|p| p.items.len()).sum();
        writeln!(
            out,
            "{}: read as {} [{}]: {} page(s), {} item(s)",
            crate::edition::sanitize::shown(&edition.source),
            edition.format.describe(),
            edition.id,
            edition.pages.len(),
            items
        )?;
        edition.warnings.iter().try_for_each(|d| tally(d, out))
    })?;
    for diagnostic in &library.diagnostics {
        tally(diagnostic, out)?;
    }
    summary.editions = editions;
    Ok(summary)
}
