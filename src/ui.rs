//! Drawing: `render` paints the whole frame from `&App`. Panes are small widgets that borrow
//! what they need; drawing does no I/O, cannot fail, and changes nothing.

mod headlines;
mod overlay;
mod pages;
mod reader;
mod status;
mod text;
mod title;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::App;
use crate::config::{Keymap, Theme};

/// What drawing needs besides the app: colours and the bindings the help and hints show.
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
}

/// Draws the whole frame.
pub fn render(app: &App, look: Look<'_>, frame: &mut Frame) {
    let area = frame.area();
    let panes = app.panes();
    let buf = frame.buffer_mut();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if panes.too_small {
        text::centered_note(buf, area, "terminal too small", look.theme.dim);
        return;
    }
    let focus = app.focus;
    title::TitleBar {
        app,
        theme: look.theme,
    }
    .draw(panes.title, buf);
    if let Some(rect) = panes.pages {
        let block = pane_block(
            zh_or(app, "版面", "Pages"),
            focus == crate::app::Focus::Pages,
            look.theme,
        );
        pages::PagesView {
            app,
            theme: look.theme,
        }
        .draw(block, rect, buf);
    }
    if let Some(rect) = panes.headlines {
        let block = pane_block(
            zh_or(app, "标题", "Headlines"),
            focus == crate::app::Focus::Headlines,
            look.theme,
        );
        headlines::HeadlinesView {
            app,
            theme: look.theme,
        }
        .draw(block, rect, buf);
    }
    if let Some(rect) = panes.reader {
        let block = pane_block(
            zh_or(app, "正文", "Article"),
            focus == crate::app::Focus::Reader,
            look.theme,
        );
        reader::ReaderView {
            app,
            theme: look.theme,
        }
        .draw(block, rect, buf);
    }
    status::StatusLine { app, look }.draw(panes.status, buf);
    if let Some(overlay) = &app.overlay {
        overlay::OverlayView { app, overlay, look }.draw(panes.body, buf);
    }
}

/// Chinese or English label by the current edition's language.
fn zh_or(app: &App, zh: &'static str, en: &'static str) -> &'static str {
    if app
        .current_edition()
        .is_some_and(crate::cli::list::is_chinese)
    {
        zh
    } else {
        en
    }
}

fn pane_block(title: &str, focused: bool, theme: &Theme) -> Block<'static> {
    let style: Style = if focused {
        theme.focused_border
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(format!(" {title} "))
}
