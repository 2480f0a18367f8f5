//! Which protocol draws pictures: the `[images] protocol` setting, and for `"auto"` the decision
//! from the terminal's environment (the same one `kanbao doctor` reports). Pure: the environment
//! comes in as a [`TermEnv`], so every case is a table row in a test.

/// `[images] protocol`: what the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Setting {
    /// Decide from the environment ([`choose`]).
    #[default]
    Auto,
    Kitty,
    Iterm2,
    Sixel,
    Halfblocks,
    /// No pictures: a photo is its `[图]` caption line, as in a text-only terminal.
    Off,
}

impl Setting {
    /// The config names, in the order the documentation lists them.
    pub const NAMES: [&'static str; 6] = ["auto", "kitty", "iterm2", "sixel", "halfblocks", "off"];

    /// The setting a config word names.
    pub fn from_name(name: &str) -> Option<Setting> {
        Some(match name {
            "auto" => Setting::Auto,
            "kitty" => Setting::Kitty,
            "iterm2" => Setting::Iterm2,
            "sixel" => Setting::Sixel,
            "halfblocks" => Setting::Halfblocks,
            "off" => Setting::Off,
            _ => return None,
        })
    }
}

/// How pictures are actually drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drawing {
    /// kitty's graphics protocol (kitty, Ghostty, WezTerm, Konsole).
    Kitty,
    /// iTerm2's inline images (iTerm2, WezTerm, VS Code's terminal).
    Iterm2,
    /// DEC sixel (foot, xterm, mlterm, Windows Terminal).
    Sixel,
    /// Coloured `▀` half-blocks: any terminal with colour.
    Halfblocks,
    /// No pictures.
    #[default]
    Off,
}

impl Drawing {
    /// The config name (`kanbao doctor` prints it for `[images] protocol`).
    pub fn name(self) -> &'static str {
        match self {
            Drawing::Kitty => "kitty",
            Drawing::Iterm2 => "iterm2",
            Drawing::Sixel => "sixel",
            Drawing::Halfblocks => "halfblocks",
            Drawing::Off => "off",
        }
    }
}

/// The environment variables that describe a terminal.
#[derive(Debug, Clone, Default)]
pub struct TermEnv {
    pub term: Option<String>,
    pub term_program: Option<String>,
    pub colorterm: Option<String>,
    pub kitty_window_id: bool,
    pub wezterm: bool,
    /// `tmux` or `screen` when running inside one.
    pub multiplexer: Option<&'static str>,
    pub no_color: bool,
}

impl TermEnv {
    /// This process's environment.
    pub fn current() -> TermEnv {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        TermEnv {
            term: var("TERM"),
            term_program: var("TERM_PROGRAM"),
            colorterm: var("COLORTERM"),
            kitty_window_id: var("KITTY_WINDOW_ID").is_some(),
            wezterm: var("WEZTERM_EXECUTABLE").is_some() || var("WEZTERM_PANE").is_some(),
            multiplexer: if var("TMUX").is_some() {
                Some("tmux")
            } else if var("STY").is_some() {
                Some("screen")
            } else {
                None
            },
            no_color: var("NO_COLOR").is_some(),
        }
    }
}

/// What the terminal answered to `kanbao doctor`'s queries, as far as pictures go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    /// The kitty graphics query was answered `OK`.
    pub kitty_graphics: bool,
    /// The primary device attributes list 4 (sixel).
    pub sixel: bool,
}

/// The protocol a terminal draws with, and why: the environment first, then what the terminal
/// answered (none in the reader, which never queries; `kanbao doctor` asks). Half-blocks when
/// nothing says more.
pub fn detect(env: &TermEnv, answers: Answers) -> (Drawing, &'static str) {
    let term = env.term.as_deref().unwrap_or("");
    let program = env.term_program.as_deref().unwrap_or("");
    if env.kitty_window_id || term == "xterm-kitty" || program.eq_ignore_ascii_case("ghostty") {
        (Drawing::Kitty, "as the environment says")
    } else if answers.kitty_graphics {
        (Drawing::Kitty, "as the terminal answered")
    } else if env.wezterm || program == "WezTerm" {
        (
            Drawing::Kitty,
            "as the environment says; WezTerm takes iTerm2's too",
        )
    } else if program == "iTerm.app" || program == "vscode" {
        (Drawing::Iterm2, "as the environment says")
    } else if answers.sixel {
        (Drawing::Sixel, "as the terminal answered")
    } else {
        (
            Drawing::Halfblocks,
            "no picture protocol found; coloured half-blocks work everywhere",
        )
    }
}

/// How the reader draws pictures for `setting` in `env`. A protocol named in the config is used
/// as named (inside tmux it is passed through, which needs `set -g allow-passthrough on`).
/// `"auto"`: no pictures under NO_COLOR; half-blocks inside tmux or screen, where a protocol
/// reaches the outer terminal only with pass-through turned on; else [`detect`] from the
/// environment alone, so the first frame never waits for a terminal's answer.
pub fn choose(setting: Setting, env: &TermEnv) -> (Drawing, &'static str) {
    match setting {
        Setting::Off => (Drawing::Off, "[images] protocol = \"off\""),
        Setting::Kitty => (Drawing::Kitty, "as configured"),
        Setting::Iterm2 => (Drawing::Iterm2, "as configured"),
        Setting::Sixel => (Drawing::Sixel, "as configured"),
        Setting::Halfblocks => (Drawing::Halfblocks, "as configured"),
        Setting::Auto if env.no_color => (Drawing::Off, "NO_COLOR is set"),
        Setting::Auto if env.multiplexer.is_some() => (
            Drawing::Halfblocks,
            "inside tmux or screen; name a protocol to pass it through",
        ),
        Setting::Auto => detect(env, Answers::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment from `NAME=value` pairs, as a shell would set them.
    fn env(vars: &[(&str, &str)]) -> TermEnv {
        let get = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        TermEnv {
            term: get("TERM"),
            term_program: get("TERM_PROGRAM"),
            colorterm: get("COLORTERM"),
            kitty_window_id: get("KITTY_WINDOW_ID").is_some(),
            wezterm: get("WEZTERM_EXECUTABLE").is_some() || get("WEZTERM_PANE").is_some(),
            multiplexer: if get("TMUX").is_some() {
                Some("tmux")
            } else if get("STY").is_some() {
                Some("screen")
            } else {
                None
            },
            no_color: get("NO_COLOR").is_some(),
        }
    }

    #[test]
    fn auto_decides_from_the_environment() {
        use Drawing::{Halfblocks, Iterm2, Kitty, Off, Sixel};
        type Row<'a> = (&'a [(&'a str, &'a str)], Setting, Drawing);
        let table: &[Row] = &[
            (&[("TERM", "xterm-kitty")], Setting::Auto, Kitty),
            (
                &[("TERM", "xterm-256color"), ("KITTY_WINDOW_ID", "1")],
                Setting::Auto,
                Kitty,
            ),
            (
                &[("TERM", "xterm-ghostty"), ("TERM_PROGRAM", "ghostty")],
                Setting::Auto,
                Kitty,
            ),
            (
                &[("TERM", "xterm-256color"), ("WEZTERM_PANE", "0")],
                Setting::Auto,
                Kitty,
            ),
            (&[("TERM_PROGRAM", "WezTerm")], Setting::Auto, Kitty),
            (&[("TERM_PROGRAM", "iTerm.app")], Setting::Auto, Iterm2),
            (&[("TERM_PROGRAM", "vscode")], Setting::Auto, Iterm2),
            // foot and xterm say nothing in the environment: only a query would tell.
            (&[("TERM", "foot")], Setting::Auto, Halfblocks),
            (&[("TERM", "xterm-256color")], Setting::Auto, Halfblocks),
            (&[], Setting::Auto, Halfblocks),
            // Inside a multiplexer the outer terminal's variables leak in, but its protocol
            // does not reach it without pass-through.
            (
                &[
                    ("TERM", "tmux-256color"),
                    ("TMUX", "/tmp/t,1,0"),
                    ("KITTY_WINDOW_ID", "1"),
                ],
                Setting::Auto,
                Halfblocks,
            ),
            (
                &[("TERM", "screen"), ("STY", "1.pts")],
                Setting::Auto,
                Halfblocks,
            ),
            (
                &[("TERM", "xterm-kitty"), ("NO_COLOR", "1")],
                Setting::Auto,
                Off,
            ),
            // A protocol named in the config wins over everything.
            (&[("TMUX", "/tmp/t,1,0")], Setting::Kitty, Kitty),
            (&[("NO_COLOR", "1")], Setting::Sixel, Sixel),
            (&[("TERM", "xterm-kitty")], Setting::Halfblocks, Halfblocks),
            (&[("TERM", "xterm-kitty")], Setting::Off, Off),
            (&[("TERM_PROGRAM", "iTerm.app")], Setting::Iterm2, Iterm2),
        ];
        for (vars, setting, want) in table {
            let (got, why) = choose(*setting, &env(vars));
            assert_eq!(got, *want, "{vars:?} with {setting:?} ({why})");
            assert!(!why.is_empty());
        }
    }

    #[test]
    fn answers_decide_where_the_environment_is_silent() {
        let foot = env(&[("TERM", "foot")]);
        let sixel = Answers {
            sixel: true,
            ..Answers::default()
        };
        assert_eq!(detect(&foot, sixel).0, Drawing::Sixel);
        let kitty = Answers {
            kitty_graphics: true,
            sixel: true,
        };
        assert_eq!(detect(&foot, kitty).0, Drawing::Kitty);
        // The environment is believed before an answer.
        assert_eq!(
            detect(&env(&[("TERM_PROGRAM", "iTerm.app")]), sixel).0,
            Drawing::Iterm2
        );
    }

    #[test]
    fn every_config_name_is_a_setting() {
        for name in Setting::NAMES {
            assert!(Setting::from_name(name).is_some(), "{name}");
        }
        assert_eq!(Setting::from_name("Kitty"), None);
    }
}
