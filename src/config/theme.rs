//! The theme: one ratatui `Style` per element of the screen, built from the `[theme]` table, and
//! the monochrome theme used under NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

/// The style of every element kanbao draws. Panes take their colours from here, never from
/// literals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The paper's name and date (the masthead).
    pub title: Style,
    /// The line above a headline (引题).
    pub kicker: Style,
    pub headline: Style,
    /// The line below a headline (副题).
    pub subtitle: Style,
    /// Reporters and agencies.
    pub byline: Style,
    /// Column and section names (栏目).
    pub column: Style,
    /// Article text.
    pub body: Style,
    /// Secondary text: page labels, counts, hints.
    pub dim: Style,
    /// The selected row in a list.
    pub selected: Style,
    /// The bookmark marker.
    pub marker: Style,
    pub search_match: Style,
    /// The search match the cursor is on.
    pub current_match: Style,
    /// The status bar.
    pub status: Style,
    pub error: Style,
    pub border: Style,
    /// The border of the pane with focus.
    pub focused_border: Style,
    /// Continuation links (下转/上接).
    pub link: Style,
}

/// The element names used in `[theme]`, in the order of the struct's fields.
pub(super) const ELEMENTS: [&str; 17] = [
    "title",
    "kicker",
    "headline",
    "subtitle",
    "byline",
    "column",
    "body",
    "dim",
    "selected",
    "marker",
    "search_match",
    "current_match",
    "status",
    "error",
    "border",
    "focused_border",
    "link",
];

impl Theme {
    /// Every element unstyled: the base the built-in config's `[theme]` is applied to.
    pub(super) fn plain() -> Theme {
        let plain = Style::new();
        Theme {
            title: plain,
            kicker: plain,
            headline: plain,
            subtitle: plain,
            byline: plain,
            column: plain,
            body: plain,
            dim: plain,
            selected: plain,
            marker: plain,
            search_match: plain,
            current_match: plain,
            status: plain,
            error: plain,
            border: plain,
            focused_border: plain,
            link: plain,
        }
    }

    /// The theme for terminals without colour (NO_COLOR): bold, dim, underlined and reversed
    /// only, so no foreground or background colour is ever set.
    pub fn monochrome() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        let underlined = Style::new().add_modifier(Modifier::UNDERLINED);
        Theme {
            title: bold,
            kicker: Style::new(),
            headline: bold,
            subtitle: Style::new(),
            byline: dim,
            column: dim,
            body: Style::new(),
            dim,
            selected: reversed,
            marker: bold,
            search_match: underlined.add_modifier(Modifier::BOLD),
            current_match: reversed.add_modifier(Modifier::BOLD),
            status: reversed,
            error: bold,
            border: Style::new(),
            focused_border: bold,
            link: underlined,
        }
    }

    /// The style of the element called `name` in `[theme]`.
    pub(super) fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "title" => &mut self.title,
            "kicker" => &mut self.kicker,
            "headline" => &mut self.headline,
            "subtitle" => &mut self.subtitle,
            "byline" => &mut self.byline,
            "column" => &mut self.column,
            "body" => &mut self.body,
            "dim" => &mut self.dim,
            "selected" => &mut self.selected,
            "marker" => &mut self.marker,
            "search_match" => &mut self.search_match,
            "current_match" => &mut self.current_match,
            "status" => &mut self.status,
            "error" => &mut self.error,
            "border" => &mut self.border,
            "focused_border" => &mut self.focused_border,
            "link" => &mut self.link,
            _ => return None,
        })
    }
}

/// A colour as written in the file: a name, `#rrggbb` or a palette number as a string, or a
/// palette number as an integer.
pub(super) fn parse_color_name(text: &str) -> Option<Color> {
    text.trim().parse::<Color>().ok()
}

/// A palette number 0-255.
pub(super) fn parse_color_index(index: i64) -> Option<Color> {
    u8::try_from(index).ok().map(Color::Indexed)
}

/// The hint shown with an unknown colour.
pub(super) const COLOR_HELP: &str = "use a name (black, red, green, yellow, blue, magenta, cyan, \
    gray, darkgray, lightred, lightgreen, lightyellow, lightblue, lightmagenta, lightcyan, white, \
    reset), a hex colour like '#ff8800', or a palette number 0-255";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_name_reaches_a_field() {
        let mut theme = Theme::plain();
        for (idx, name) in ELEMENTS.iter().enumerate() {
            let style = theme.style_mut(name).unwrap_or_else(|| panic!("{name}"));
            *style = Style::new().fg(Color::Indexed(idx as u8));
        }
        // Each field got its own colour: no two names share a field.
        let all = [
            theme.title,
            theme.kicker,
            theme.headline,
            theme.subtitle,
            theme.byline,
            theme.column,
            theme.body,
            theme.dim,
            theme.selected,
            theme.marker,
            theme.search_match,
            theme.current_match,
            theme.status,
            theme.error,
            theme.border,
            theme.focused_border,
            theme.link,
        ];
        for (idx, style) in all.iter().enumerate() {
            assert_eq!(
                style.fg,
                Some(Color::Indexed(idx as u8)),
                "{}",
                ELEMENTS[idx]
            );
        }
        assert!(theme.style_mut("nonsense").is_none());
    }

    #[test]
    fn colours_by_name_hex_and_number() {
        assert_eq!(parse_color_name("LightRed"), Some(Color::LightRed));
        assert_eq!(parse_color_name("dark-grey"), Some(Color::DarkGray));
        assert_eq!(parse_color_name("#ff8800"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(parse_color_name("42"), Some(Color::Indexed(42)));
        assert_eq!(parse_color_name("purpel"), None);
        assert_eq!(parse_color_name("#ff88"), None);
        assert_eq!(parse_color_index(255), Some(Color::Indexed(255)));
        assert_eq!(parse_color_index(256), None);
        assert_eq!(parse_color_index(-1), None);
    }
}
