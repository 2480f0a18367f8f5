//! `kanbao man`: the sections of the manual page that clap's definitions do not hold (the
//! reader's keys, the files kanbao keeps, the environment, exit status), written as roff after the
//! sections `clap_mangen` renders from the same definitions as `--help`.

use std::io::{self, Write};

use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::config::Config;

/// Writes KEYS, FILES, ENVIRONMENT and EXIT STATUS. The keys are the default keymap's, so the
/// page cannot drift from the help overlay.
pub fn write_extra_sections(out: &mut dyn Write) -> io::Result<()> {
    let mut roff = Roff::new();
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "The reader (kanbao with no subcommand) uses these keys by default; [keys] in config.toml \
         rebinds them, and ? shows the bindings in use.",
    )]);
    for (action, keys) in Config::default().keymap.bindings() {
        let Some(what) = action.description() else {
            continue;
        };
        roff.control("TP", []);
        roff.text([bold(keys.join(" "))]);
        roff.text([roman(what)]);
    }
    roff.control("TP", []);
    roff.text([bold("mouse")]);
    roff.text([roman(
        "A click selects and opens (a photo: full-pane; in the library, results and \
         bookmarks, the row clicked, and a heading folds; outside them, closes them); the \
         wheel scrolls the pane under it (mouse = false turns it off).",
    )]);
    section(
        &mut roff,
        "FILES",
        &[
            (
                "$XDG_CONFIG_HOME/kanbao/config.toml",
                "Settings: library folders, reading measure, keys, theme, [[sources]] to fetch. \
                 Every key is optional; an error names the line.",
            ),
            (
                "$XDG_DATA_HOME/kanbao/bookmarks.toml",
                "Bookmarks, plain TOML, safe to edit by hand.",
            ),
            (
                "$XDG_STATE_HOME/kanbao/state.toml",
                "The articles read and the place left last.",
            ),
            (
                "$XDG_CACHE_HOME/kanbao/",
                "The discovery cache (library-cache.json) and the search index (index/, one \
                 folder per library; kanbao index updates it); safe to delete.",
            ),
            (
                "./editions",
                "The default library when no -L is given and config.toml names none.",
            ),
        ],
    );
    section(
        &mut roff,
        "ENVIRONMENT",
        &[
            (
                "NO_COLOR",
                "When set and not empty, no colours in the reader or in kanbao read.",
            ),
            (
                "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME",
                "Where the files above live (defaults under $HOME).",
            ),
            (
                "TZ",
                "The time zone that decides what today's paper is for kanbao fetch.",
            ),
        ],
    );
    section(
        &mut roff,
        "EXIT STATUS",
        &[
            ("0", "Success."),
            (
                "1",
                "An error, an edition that could not be read, a change that could not be saved, \
                 or for check, an edition with errors.",
            ),
            ("2", "The arguments could not be understood."),
            (
                "128+N",
                "The reader ended by signal N (its terminal is restored first).",
            ),
        ],
    );
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        roman("The README and "),
        italic("docs/FORMAT.md"),
        roman(" (edition files), "),
        italic("docs/FETCH.md"),
        roman(" (sources), "),
        italic("docs/SECURITY.md"),
        roman(" (hostile input) in kanbao's source."),
    ]);
    roff.to_writer(out)
}

/// A section of tagged paragraphs: the tag in bold, the text under it.
fn section(roff: &mut Roff, name: &str, entries: &[(&str, &str)]) {
    roff.control("SH", [name]);
    for (tag, text) in entries {
        roff.control("TP", []);
        roff.text([bold(*tag)]);
        roff.text([roman(*text)]);
    }
}
