//! Keys and the keymap: parsing key names from the config (`k`, `PageDown`, `Ctrl-f`), matching
//! crossterm key events however the terminal reports Shift, and the key → `Action` table with
//! its conflict checks. Ctrl-c always quits.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;

/// A key as the keymap sees it: Shift is folded into the character it produces (`G`, `?`), so
/// only Ctrl and Alt remain as modifiers. Ctrl with an ASCII letter is always lower-case, since
/// terminals send the same bytes for Ctrl-K and Ctrl-k.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: Code,
    ctrl: bool,
    alt: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Code {
    Char(char),
    Up,
    Down,
    Left,
    Right,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
    Insert,
    F(u8),
}

/// Named keys: the config name (also how it is shown in messages), how the help overlay shows it,
/// and accepted aliases. Matching is case-insensitive.
/// A named key: code, config name, display name, aliases.
type Named = (Code, &'static str, &'static str, &'static [&'static str]);

const NAMED: [Named; 16] = [
    (Code::Up, "Up", "↑", &[]),
    (Code::Down, "Down", "↓", &[]),
    (Code::Left, "Left", "←", &[]),
    (Code::Right, "Right", "→", &[]),
    (Code::Enter, "Enter", "Enter", &["Return"]),
    (Code::Esc, "Esc", "Esc", &["Escape"]),
    (Code::Tab, "Tab", "Tab", &[]),
    (Code::BackTab, "BackTab", "Shift-Tab", &["Shift-Tab"]),
    (Code::Backspace, "Backspace", "Backspace", &[]),
    (Code::PageUp, "PageUp", "PageUp", &["PgUp"]),
    (Code::PageDown, "PageDown", "PageDown", &["PgDn", "PgDown"]),
    (Code::Home, "Home", "Home", &[]),
    (Code::End, "End", "End", &[]),
    (Code::Delete, "Delete", "Delete", &["Del"]),
    (Code::Insert, "Insert", "Insert", &["Ins"]),
    (Code::Char(' '), "Space", "Space", &[]),
];

/// The key that always quits.
const CTRL_C: Key = Key {
    code: Code::Char('c'),
    ctrl: true,
    alt: false,
};

impl Key {
    /// Parses a key as written in the config file. The error says what is wrong and how to
    /// write the key instead.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(after) = strip_prefix_ignore_case(rest, "ctrl-") {
                ctrl = true;
                rest = after;
            } else if let Some(after) = strip_prefix_ignore_case(rest, "alt-") {
                alt = true;
                rest = after;
            } else {
                break;
            }
        }
        let code = parse_code(rest).ok_or_else(|| bad_key_hint(text))?;
        Ok(Key::new(code, ctrl, alt))
    }

    fn new(code: Code, ctrl: bool, alt: bool) -> Key {
        let code = match code {
            Code::Char(c) if ctrl => Code::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, ctrl, alt }
    }

    /// The key a crossterm event stands for, or `None` for a release, a lone modifier, a media
    /// key, or a Super/Hyper/Meta chord. Shift is folded in: `G` arrives as `Char('G')` with or
    /// without SHIFT, or (kitty protocol) as `Char('g')` with SHIFT; `?` arrives with or without
    /// SHIFT; Shift-Tab arrives as `BackTab` or as `Tab` with SHIFT.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let mods = event.modifiers;
        if mods.intersects(KeyModifiers::SUPER | KeyModifiers::HYPER | KeyModifiers::META) {
            return None;
        }
        let shift = mods.contains(KeyModifiers::SHIFT);
        let code = match event.code {
            KeyCode::Char(c) if shift && c.is_lowercase() => Code::Char(upper(c)),
            KeyCode::Char(c) => Code::Char(c),
            KeyCode::Tab if shift => Code::BackTab,
            KeyCode::BackTab => Code::BackTab,
            // Shift with a named key (Shift-Up) is a key of its own, which no config can name.
            _ if shift => return None,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab => Code::Tab,
            KeyCode::Backspace => Code::Backspace,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::F(n) => Code::F(n),
            _ => return None,
        };
        Some(Key::new(
            code,
            mods.contains(KeyModifiers::CONTROL),
            mods.contains(KeyModifiers::ALT),
        ))
    }

    /// Whether this is Ctrl-c, which always quits.
    pub fn is_ctrl_c(self) -> bool {
        self == CTRL_C
    }

    /// Whether this is Ctrl-z, which always suspends (the reader takes it before the keymap).
    pub fn is_ctrl_z(self) -> bool {
        self.ctrl && !self.alt && matches!(self.code, Code::Char('z' | 'Z'))
    }

    /// How the key is written in the config file (`Down`, `Ctrl-f`, `Space`).
    pub fn config_name(self) -> String {
        self.render(|named| named.1)
    }

    /// How the help overlay shows the key (`↓`, `Ctrl-f`, `Space`).
    pub fn display_name(self) -> String {
        self.render(|named| named.2)
    }

    fn render(self, pick: fn(&Named) -> &'static str) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        if let Some(named) = NAMED.iter().find(|named| named.0 == self.code) {
            out.push_str(pick(named));
        } else {
            match self.code {
                Code::Char(c) => out.push(c),
                Code::F(n) => {
                    let _ = write!(out, "F{n}");
                }
                _ => {}
            }
        }
        out
    }
}

fn upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    let rest = &text[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && !rest.is_empty()).then_some(rest)
}

fn parse_code(text: &str) -> Option<Code> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(Code::Char(c));
    }
    if let Some(named) = NAMED.iter().find(|(_, name, _, aliases)| {
        name.eq_ignore_ascii_case(text) || aliases.iter().any(|a| a.eq_ignore_ascii_case(text))
    }) {
        return Some(named.0);
    }
    let number = text.strip_prefix('F').or_else(|| text.strip_prefix('f'))?;
    match number.parse::<u8>() {
        Ok(n @ 1..=12) if !number.starts_with('0') => Some(Code::F(n)),
        _ => None,
    }
}

fn bad_key_hint(text: &str) -> String {
    let mut hint = if text.is_empty() {
        "an empty string is not a key".to_owned()
    } else {
        format!("'{text}' is not a key")
    };
    if text.len() > 1 && text.contains('+') {
        hint.push_str("; join modifiers with '-', like 'Ctrl-f'");
    }
    hint.push_str(
        "; write a single character like 'k' or '?', a name (Up Down Left Right Enter Esc Tab \
         BackTab Space Backspace PageUp PageDown Home End Delete Insert F1 … F12), optionally \
         with 'Ctrl-' or 'Alt-' in front",
    );
    hint
}

/// One action's keys as merged from the defaults and the user's file; `span` is where the list
/// was written, `None` when it comes from the base config.
#[derive(Debug, Clone)]
pub(super) struct BindingSource {
    pub action: Action,
    pub keys: Vec<Key>,
    pub span: Option<Range<usize>>,
}

/// Key → action, plus each action's keys in the order the config lists them (for help).
/// Invariant: no key maps to two actions, and Ctrl-c is bound to nothing but `Quit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    /// Parallel to `Action::BINDABLE`.
    by_action: Vec<Vec<Key>>,
}

/// Two actions want the same key.
#[derive(Debug)]
pub(super) struct Conflict {
    pub key: Key,
    /// The binding the error is reported on (written later in the file, or the only one written).
    pub at: BindingSource,
    /// The other action, with where its list was written (`None`: from the defaults).
    pub other: Action,
    pub other_span: Option<Range<usize>>,
    /// The other action's keys without the contested one, to suggest a fix.
    pub other_keys: Vec<Key>,
}

impl Keymap {
    /// A keymap with no keys (Ctrl-c still quits).
    pub(super) fn empty() -> Keymap {
        Keymap {
            by_key: HashMap::new(),
            by_action: vec![Vec::new(); Action::BINDABLE.len()],
        }
    }

    /// Builds the map from one key list per bindable action (missing actions get no key).
    pub(super) fn build(bindings: &[BindingSource]) -> Result<Keymap, Box<Conflict>> {
        let mut by_key: HashMap<Key, usize> = HashMap::new();
        let mut by_action = vec![Vec::new(); Action::BINDABLE.len()];
        for (idx, binding) in bindings.iter().enumerate() {
            let Some(slot) = bindable_index(binding.action) else {
                continue;
            };
            for &key in &binding.keys {
                if let Some(&other_idx) = by_key.get(&key) {
                    let other = &bindings[other_idx];
                    if other.action != binding.action {
                        return Err(Box::new(conflict(key, binding, other)));
                    }
                    continue;
                }
                by_key.insert(key, idx);
                by_action[slot].push(key);
            }
        }
        Ok(Keymap {
            by_key: by_key
                .into_iter()
                .map(|(key, idx)| (key, bindings[idx].action))
                .collect(),
            by_action,
        })
    }

    /// The action a key event triggers. Ctrl-c always quits; releases trigger nothing.
    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(key)?;
        if key == CTRL_C {
            return Some(Action::Quit);
        }
        self.by_key.get(&key).copied()
    }

    /// The keys bound to `action`, as the help overlay shows them (`["↓", "j"]`), in the order the
    /// config lists them. Quit always ends with `Ctrl-c`.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        let mut keys: Vec<Key> = bindable_index(action)
            .map(|idx| self.by_action[idx].clone())
            .unwrap_or_default();
        if action == Action::Quit && !keys.contains(&CTRL_C) {
            keys.push(CTRL_C);
        }
        keys.into_iter().map(Key::display_name).collect()
    }

    /// Every bindable action in `Action::BINDABLE` order with its keys, for the help overlay.
    pub fn bindings(&self) -> Vec<(Action, Vec<String>)> {
        Action::BINDABLE
            .iter()
            .map(|&(action, _, _)| (action, self.keys_for(action)))
            .collect()
    }

    /// The keys bound to `action`, as parsed (for merging a user's file over the defaults).
    pub(super) fn keys(&self, action: Action) -> Vec<Key> {
        bindable_index(action)
            .map(|idx| self.by_action[idx].clone())
            .unwrap_or_default()
    }
}

fn bindable_index(action: Action) -> Option<usize> {
    Action::BINDABLE.iter().position(|(a, _, _)| *a == action)
}

fn conflict(key: Key, current: &BindingSource, earlier: &BindingSource) -> Conflict {
    // Report on a binding the user wrote; of two written ones, on the later in the file.
    let report_current = match (&current.span, &earlier.span) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a.start >= b.start,
    };
    let (at, other) = if report_current {
        (current, earlier)
    } else {
        (earlier, current)
    };
    Conflict {
        key,
        at: at.clone(),
        other: other.action,
        other_span: other.span.clone(),
        other_keys: other.keys.iter().copied().filter(|&k| k != key).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn parses_names_case_insensitively() {
        let cases = [
            ("k", "k"),
            ("K", "K"),
            ("?", "?"),
            ("up", "Up"),
            ("PAGEDOWN", "PageDown"),
            ("pgdn", "PageDown"),
            ("escape", "Esc"),
            ("space", "Space"),
            (" ", "Space"),
            ("f1", "F1"),
            ("F12", "F12"),
            ("ctrl-F", "Ctrl-f"),
            ("CTRL-x", "Ctrl-x"),
            ("Alt-X", "Alt-X"),
            ("ctrl-alt-up", "Ctrl-Alt-Up"),
            ("Ctrl--", "Ctrl--"),
            ("-", "-"),
            ("shift-tab", "BackTab"),
            ("看", "看"),
        ];
        for (text, name) in cases {
            let key = Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(key.config_name(), name, "{text}");
            assert_eq!(Key::parse(&key.config_name()), Ok(key), "{text} round trip");
        }
    }

    #[test]
    fn rejects_what_is_not_a_key() {
        for text in [
            "", "Ctrl+k", "Ctrl-", "F0", "F13", "F01", "Upp", "jk", "\t", "Shift-x",
        ] {
            let err = Key::parse(text).expect_err("should fail");
            assert!(err.contains("is not a key"), "{text}: {err}");
        }
        assert!(
            Key::parse("Ctrl+k")
                .expect_err("should fail")
                .contains("'Ctrl-f'")
        );
    }

    #[test]
    fn events_fold_shift_into_characters() {
        let shifted_g = Key::parse("G").expect("valid in this test");
        for event in [
            ev(KeyCode::Char('G'), KeyModifiers::NONE),
            ev(KeyCode::Char('G'), KeyModifiers::SHIFT),
            ev(KeyCode::Char('g'), KeyModifiers::SHIFT),
        ] {
            assert_eq!(Key::from_event(&event), Some(shifted_g), "{event:?}");
        }
        assert_eq!(
            Key::from_event(&ev(
                KeyCode::Char('C'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            )),
            Some(CTRL_C)
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::Tab, KeyModifiers::SHIFT)),
            Key::parse("BackTab").ok()
        );
        assert_eq!(Key::from_event(&ev(KeyCode::Up, KeyModifiers::SHIFT)), None);
        assert_eq!(
            Key::from_event(&ev(KeyCode::Char('j'), KeyModifiers::SUPER)),
            None
        );
        let release = KeyEvent {
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
            ..ev(KeyCode::Char('j'), KeyModifiers::NONE)
        };
        assert_eq!(Key::from_event(&release), None);
    }

    #[test]
    fn display_names_use_arrows() {
        let names: Vec<String> = ["Up", "Down", "Left", "Right", "BackTab", "Ctrl-Down"]
            .iter()
            .map(|t| Key::parse(t).expect("valid in this test").display_name())
            .collect();
        assert_eq!(names, ["↑", "↓", "←", "→", "Shift-Tab", "Ctrl-↓"]);
    }

    #[test]
    fn conflicts_are_reported_on_the_later_written_binding() {
        let j = Key::parse("j").expect("valid in this test");
        let bindings = [
            BindingSource {
                action: Action::MoveUp,
                keys: vec![j],
                span: Some(30..40),
            },
            BindingSource {
                action: Action::MoveDown,
                keys: vec![Key::parse("Down").expect("valid in this test"), j],
                span: Some(10..20),
            },
        ];
        let conflict = Keymap::build(&bindings).expect_err("should fail");
        assert_eq!(conflict.at.action, Action::MoveUp);
        assert_eq!(conflict.other, Action::MoveDown);
        assert_eq!(
            conflict.other_keys,
            vec![Key::parse("Down").expect("valid in this test")]
        );
    }
}
