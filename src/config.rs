//! Temporary stand-in with the config API; replaced by the real module.
#![allow(clippy::all, clippy::pedantic)]
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier, Style};

use crate::app::Action;

#[derive(Debug, Clone)]
pub struct Reading {
    pub measure_cols: usize,
    pub indent: bool,
    pub normalize_punctuation: bool,
    pub hanging_punctuation: bool,
}
#[derive(Debug, Clone)]
pub struct Config {
    pub library: Vec<PathBuf>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub reading: Reading,
    pub mouse: bool,
}
#[derive(Debug, thiserror::Error)]
#[error("config error")]
pub struct ConfigError;
impl Default for Config {
    fn default() -> Self {
        Config {
            library: vec![],
            keymap: Keymap,
            theme: Theme::colour(),
            reading: Reading {
                measure_cols: 80,
                indent: true,
                normalize_punctuation: true,
                hanging_punctuation: false,
            },
            mouse: true,
        }
    }
}
impl Config {
    pub fn load(_explicit: Option<&Path>) -> Result<Config, ConfigError> {
        Ok(Config::default())
    }
    pub fn theme_for(&self, no_color: bool) -> Theme {
        if no_color {
            Theme::monochrome()
        } else {
            self.theme.clone()
        }
    }
}
#[derive(Debug, Clone)]
pub struct Keymap;
impl Keymap {
    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        Some(match key.code {
            KeyCode::Up | KeyCode::Char('k') => Action::MoveUp,
            KeyCode::Down | KeyCode::Char('j') => Action::MoveDown,
            KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => Action::Open,
            KeyCode::Esc | KeyCode::Char('h') | KeyCode::Left => Action::Back,
            KeyCode::Tab => Action::NextPane,
            KeyCode::Char('[') => Action::PrevPage,
            KeyCode::Char(']') => Action::NextPage,
            KeyCode::Char('J') => Action::NextArticle,
            KeyCode::Char('K') => Action::PrevArticle,
            KeyCode::Char(' ') | KeyCode::PageDown => Action::PageDown,
            KeyCode::PageUp => Action::PageUp,
            KeyCode::Char('g') | KeyCode::Home => Action::Top,
            KeyCode::Char('G') | KeyCode::End => Action::Bottom,
            KeyCode::Char('/') => Action::Search,
            KeyCode::Char('n') => Action::NextMatch,
            KeyCode::Char('N') => Action::PrevMatch,
            KeyCode::Char('c') => Action::FollowContinuation,
            KeyCode::Char('r') => Action::ToggleRaw,
            KeyCode::Char('b') => Action::ToggleBookmark,
            KeyCode::Char('B') => Action::ShowBookmarks,
            KeyCode::Char('L') => Action::ShowLibrary,
            KeyCode::Char('?') => Action::ShowHelp,
            KeyCode::Char('{') => Action::PrevEdition,
            KeyCode::Char('}') => Action::NextEdition,
            KeyCode::Char('q') => Action::Quit,
            _ => return None,
        })
    }
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        vec![action.name().unwrap_or("").to_owned()]
    }
    pub fn bindings(&self) -> Vec<(Action, Vec<String>)> {
        Action::BINDABLE
            .iter()
            .map(|(a, _, _)| (*a, self.keys_for(*a)))
            .collect()
    }
}
#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub kicker: Style,
    pub headline: Style,
    pub subtitle: Style,
    pub byline: Style,
    pub column: Style,
    pub body: Style,
    pub dim: Style,
    pub selected: Style,
    pub marker: Style,
    pub search_match: Style,
    pub current_match: Style,
    pub status: Style,
    pub error: Style,
    pub border: Style,
    pub focused_border: Style,
    pub link: Style,
}
impl Theme {
    pub fn monochrome() -> Theme {
        let s = Style::default();
        Theme {
            title: s.add_modifier(Modifier::BOLD),
            kicker: s.add_modifier(Modifier::DIM),
            headline: s.add_modifier(Modifier::BOLD),
            subtitle: s,
            byline: s.add_modifier(Modifier::DIM),
            column: s.add_modifier(Modifier::DIM),
            body: s,
            dim: s.add_modifier(Modifier::DIM),
            selected: s.add_modifier(Modifier::REVERSED),
            marker: s,
            search_match: s.add_modifier(Modifier::UNDERLINED),
            current_match: s.add_modifier(Modifier::REVERSED),
            status: s,
            error: s.add_modifier(Modifier::BOLD),
            border: s.add_modifier(Modifier::DIM),
            focused_border: s,
            link: s.add_modifier(Modifier::UNDERLINED),
        }
    }
    pub fn colour() -> Theme {
        let mut t = Theme::monochrome();
        t.title = Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD);
        t.kicker = Style::new().fg(Color::DarkGray);
        t.headline = Style::new().fg(Color::White).add_modifier(Modifier::BOLD);
        t.selected = Style::new().bg(Color::DarkGray);
        t.search_match = Style::new().fg(Color::Black).bg(Color::Yellow);
        t.current_match = Style::new().fg(Color::Black).bg(Color::LightRed);
        t.error = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
        t.focused_border = Style::new().fg(Color::Cyan);
        t.link = Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::UNDERLINED);
        t
    }
}
