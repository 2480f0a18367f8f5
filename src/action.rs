//! Everything that can change the reader's state, as one enum. Keys map to the bindable actions
//! through the configured keymap; mouse, resize and typed characters arrive as actions with data.
//! Pasted text, which needs an owned string, goes to the app's `insert` instead. It sits below
//! both `config` (which binds keys to actions) and `app` (which applies them), and imports
//! nothing of kanbao.

/// An imperative verb for `App::update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    MoveUp,
    MoveDown,
    /// Open the selected page, item or edition.
    Open,
    /// Leave the current pane or overlay (Esc): clears a find or a filter first.
    Back,
    /// Close the current view and return to the one below as it was; at the bottom, quit (`q`).
    Close,
    NextPane,
    PrevPage,
    NextPage,
    /// 下一篇: the next article while reading.
    NextArticle,
    /// 上一篇: the previous article while reading.
    PrevArticle,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Search,
    NextMatch,
    PrevMatch,
    FollowContinuation,
    ToggleRaw,
    ToggleBookmark,
    ShowBookmarks,
    ShowLibrary,
    ShowHelp,
    /// Fetch every configured source in the background (Esc stops it).
    Fetch,
    /// Copy the article in view as plain text (OSC 52, a clipboard tool, and a file).
    CopyArticle,
    /// Open the article's source page in a browser.
    OpenLink,
    PrevEdition,
    NextEdition,
    /// Delete the selected bookmark (in the bookmarks view).
    Delete,
    /// Undo the last delete (in the bookmarks view).
    Undo,
    /// Edit the selected bookmark's note (in the bookmarks view).
    EditNote,
    /// The open article's photos, to open one full-pane.
    ShowPhotos,
    /// The page's picture (版面图) beside the headlines, or the article again.
    TogglePageImage,
    /// Quit from any view (`Q`; Ctrl-c always).
    Quit,
    /// Mark the article read, or read again unread.
    ToggleRead,
    /// Mark every article of the page read (undo: `u`).
    MarkPageRead,
    /// Mark every article of the edition read (undo: `u`).
    MarkEditionRead,
    /// The next unread article, across pages and then editions of the same paper.
    NextUnread,
    /// While reading: the article alone at the terminal's full width, or the panes again.
    ToggleFullWidth,
    /// The `:` command line (`:date 2023-02-28`, `:paper 人民日报`, `:set columns=2`, `:q`).
    Command,
    /// Go to a date: the `:date` line, ready for the date (in the library, it selects there).
    GoToDate,
    /// In the library: fold the group at the selection (a month, a paper).
    Fold,
    /// In the library: unfold the group at the selection (on an open paper, all its months).
    Unfold,
    /// In the library: list only the papers whose name holds the typed text.
    FilterPapers,
    /// A digit before a motion key: `5j` moves five down (unbound digits only).
    Digit(u8),
    /// A character typed into the search prompt.
    Input(char),
    /// Backspace in the search prompt.
    DeleteChar,
    /// Line editing in the prompt: the cursor, deleting, the history.
    Edit(Edit),
    /// Ctrl-z: give the terminal back and stop, as a shell job; `fg` resumes where it was.
    Suspend,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Mouse click at (column, row).
    Click(u16, u16),
    /// Mouse wheel at (column, row): negative scrolls up.
    Scroll(u16, u16, i8),
}

/// Readline's editing keys in the prompt, fixed like the prompt's Enter and Esc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// ← or Ctrl-B: one grapheme left.
    Left,
    /// → or Ctrl-F: one grapheme right.
    Right,
    /// Alt-B: to the start of the word.
    WordLeft,
    /// Alt-F: to the end of the word.
    WordRight,
    /// Home or Ctrl-A.
    Home,
    /// End or Ctrl-E.
    End,
    /// Delete (or Ctrl-D): the grapheme under the cursor.
    DeleteForward,
    /// Ctrl-W: the word before the cursor.
    DeleteWord,
    /// Ctrl-U: everything before the cursor.
    KillToStart,
    /// Ctrl-K: everything from the cursor on.
    KillToEnd,
    /// ↑: the previous query of this prompt's kind.
    HistoryPrev,
    /// ↓: the next query, or back to what was being typed.
    HistoryNext,
    /// Tab: completes the word at the end of a `:` command.
    Complete,
}

impl Action {
    /// Every action a key can be bound to, with its name in the config file and a description
    /// for the help overlay.
    pub const BINDABLE: [(Action, &'static str, &'static str); 44] = [
        (Action::MoveUp, "up", "move up"),
        (Action::MoveDown, "down", "move down"),
        (Action::Open, "open", "open the selection"),
        (
            Action::Back,
            "back",
            "back: clears a find or filter, then closes the view",
        ),
        (
            Action::Close,
            "close",
            "close this view (back to the one below); quit from the bottom view",
        ),
        (Action::NextPane, "next_pane", "next pane"),
        (Action::PrevPage, "prev_page", "previous page (版面)"),
        (Action::NextPage, "next_page", "next page (版面)"),
        (Action::NextArticle, "next_article", "next article (下一篇)"),
        (
            Action::PrevArticle,
            "prev_article",
            "previous article (上一篇)",
        ),
        (Action::PageDown, "page_down", "scroll a screen down"),
        (Action::PageUp, "page_up", "scroll a screen up"),
        (Action::Top, "top", "go to the top"),
        (Action::Bottom, "bottom", "go to the bottom"),
        (Action::Search, "search", "search / filter"),
        (Action::NextMatch, "next_match", "next search match"),
        (Action::PrevMatch, "prev_match", "previous search match"),
        (
            Action::FollowContinuation,
            "follow",
            "follow a continuation (下转/上接)",
        ),
        (
            Action::ToggleRaw,
            "toggle_raw",
            "raw / normalised punctuation",
        ),
        (Action::ToggleBookmark, "bookmark", "toggle bookmark"),
        (Action::ShowBookmarks, "bookmarks", "show bookmarks"),
        (Action::ShowLibrary, "library", "show the library"),
        (Action::ShowHelp, "help", "show this help"),
        (Action::Fetch, "fetch", "fetch today's papers (Esc stops)"),
        (
            Action::CopyArticle,
            "copy",
            "copy the article as text (clipboard, else a file)",
        ),
        (
            Action::OpenLink,
            "open_link",
            "open the article's source page in a browser",
        ),
        (
            Action::PrevEdition,
            "prev_edition",
            "previous edition of this paper",
        ),
        (
            Action::NextEdition,
            "next_edition",
            "next edition of this paper",
        ),
        (
            Action::Delete,
            "delete",
            "delete the bookmark (bookmarks view)",
        ),
        (
            Action::Undo,
            "undo",
            "undo the delete (bookmarks) or the last mark page / edition read",
        ),
        (
            Action::EditNote,
            "edit_note",
            "edit the bookmark's note (bookmarks view)",
        ),
        (
            Action::ShowPhotos,
            "photos",
            "the article's photos (Enter shows one full-pane)",
        ),
        (
            Action::TogglePageImage,
            "page_image",
            "the page's picture (版面图) beside the headlines",
        ),
        (
            Action::ToggleRead,
            "toggle_read",
            "mark the article read / unread",
        ),
        (
            Action::MarkPageRead,
            "mark_page_read",
            "mark the page read (u undoes)",
        ),
        (
            Action::MarkEditionRead,
            "mark_edition_read",
            "mark the edition read (u undoes)",
        ),
        (
            Action::NextUnread,
            "next_unread",
            "next unread article (across pages and editions of the paper)",
        ),
        (
            Action::ToggleFullWidth,
            "full_width",
            "the article alone at full width, or the panes again",
        ),
        (
            Action::Command,
            "command",
            "command line: :date 2023-02-28, :paper NAME, :set columns=2, :q (Tab completes)",
        ),
        (
            Action::GoToDate,
            "go_to_date",
            "go to a date: 2023-02-28, 2023-02 or 02-28 (the nearest edition if none that day)",
        ),
        (
            Action::Fold,
            "fold",
            "library: fold the month or paper (Enter or Space on a heading toggles it)",
        ),
        (
            Action::Unfold,
            "unfold",
            "library: unfold the month or paper (on an open paper, all its months)",
        ),
        (
            Action::FilterPapers,
            "filter_papers",
            "library: list only the papers whose name holds what you type",
        ),
        (Action::Quit, "quit", "quit from any view"),
    ];

    /// Whether a count typed before the action repeats it (`5j`, `3]`).
    pub fn takes_count(self) -> bool {
        matches!(
            self,
            Action::MoveUp
                | Action::MoveDown
                | Action::PageUp
                | Action::PageDown
                | Action::PrevPage
                | Action::NextPage
                | Action::NextArticle
                | Action::PrevArticle
                | Action::PrevEdition
                | Action::NextEdition
                | Action::NextMatch
                | Action::PrevMatch
                | Action::NextUnread
        )
    }

    /// The bindable action called `name` in the config file.
    pub fn from_name(name: &str) -> Option<Action> {
        Self::BINDABLE
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    /// The config-file name of a bindable action.
    pub fn name(self) -> Option<&'static str> {
        Self::BINDABLE
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, n, _)| *n)
    }

    /// What the action does, for the help overlay.
    pub fn description(self) -> Option<&'static str> {
        Self::BINDABLE
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, _, d)| *d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut names = std::collections::HashSet::new();
        for (action, name, _) in Action::BINDABLE {
            assert!(names.insert(name), "duplicate name {name}");
            assert_eq!(Action::from_name(name), Some(action));
            assert_eq!(action.name(), Some(name));
        }
        assert_eq!(Action::from_name("nonsense"), None);
        assert_eq!(Action::Input('x').name(), None);
        assert_eq!(Action::Suspend.name(), None, "Ctrl-z is fixed, like Ctrl-c");
    }
}
