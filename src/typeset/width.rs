//! Display widths for both kinds of terminal: most draw the East Asian "ambiguous" characters
//! (“ ” ‘ ’ … — · ※ ○, box drawing, Greek and Cyrillic letters) one column wide, as ratatui
//! counts them; many CJK set-ups draw them two columns wide. The typesetter and the renderer
//! measure through here, so a line fits the terminal it is drawn on.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Ambiguous;

impl Ambiguous {
    /// Columns one grapheme cluster takes. Narrow agrees exactly with ratatui (which counts the
    /// half-width sound marks U+FF9E/U+FF9F once more than unicode-width does, as terminals
    /// draw them); wide counts ambiguous characters as two.
    pub fn cluster_cols(self, cluster: &str) -> usize {
        let marks = cluster
            .chars()
            .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
            .count();
        let base = match self {
            Ambiguous::Narrow => cluster.width(),
            Ambiguous::Wide => cluster.width_cjk(),
        };
        base + marks
    }

    /// Columns one character on its own takes (a tab: 1, as the display form has none).
    pub fn char_cols(self, c: char) -> usize {
        let base = match (c, self) {
            ('\t', _) => 1,
            (_, Ambiguous::Narrow) => c.width().unwrap_or(0),
            (_, Ambiguous::Wide) => c.width_cjk().unwrap_or(0),
        };
        base + usize::from(matches!(c, '\u{FF9E}' | '\u{FF9F}'))
    }

    /// Columns a string takes, cluster by cluster.
    pub fn str_cols(self, text: &str) -> usize {
        use unicode_segmentation::UnicodeSegmentation as _;
        if self == Ambiguous::Narrow && text.is_ascii() {
            return text.width();
        }
        text.graphemes(true).map(|g| self.cluster_cols(g)).sum()
    }

    /// Columns the terminal draws `cluster` wider than ratatui's buffer counts it: the cells a
    /// renderer must leave to it.
    pub fn extra_cols(self, cluster: &str) -> usize {
        self.cluster_cols(cluster)
            .saturating_sub(Ambiguous::Narrow.cluster_cols(cluster))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_characters_take_two_columns_only_in_wide() {
        for c in [
            '“', '”', '‘', '’', '…', '—', '·', '※', '○', '★', '•', '▌', '─',
        ] {
            let s = c.to_string();
            assert_eq!(Ambiguous::Narrow.cluster_cols(&s), 1, "{c}");
            assert_eq!(Ambiguous::Wide.cluster_cols(&s), 2, "{c}");
            assert_eq!(Ambiguous::Wide.char_cols(c), 2, "{c}");
            assert_eq!(Ambiguous::Wide.extra_cols(&s), 1, "{c}");
        }
        // Han, full-width forms and ASCII are the same in both.
        for s in ["救", "，", "a", "1", " ", "ﾊﾞ"] {
            assert_eq!(
                Ambiguous::Narrow.cluster_cols(s),
                Ambiguous::Wide.cluster_cols(s),
                "{s}"
            );
        }
        assert_eq!(Ambiguous::Wide.str_cols("“救助”…"), 10);
        assert_eq!(Ambiguous::Narrow.str_cols("“救助”…"), 7);
    }
}
