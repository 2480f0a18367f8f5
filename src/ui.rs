//! Drawing: `render` paints the whole frame from `&App`. Panes are small widgets that borrow
//! what they need; drawing does no I/O, cannot fail, and changes nothing.

mod headlines;
mod overlay;
mod pages;
mod picture;
mod reader;
mod status;
mod text;
mod title;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::{App, Focus};
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
    let theme = look.theme;
    let block = |zh: &'static str, en: &'static str, pane: Focus| {
        pane_block(zh_or(app, zh, en), focus == pane, theme)
    };
    if let Some(rect) = panes.pages {
        pages::PagesView { app, theme }.draw(block("版面", "Pages", Focus::Pages), rect, buf);
    }
    if let Some(rect) = panes.headlines {
        let title = headlines::pane_title(app, zh_or(app, "标题", "Headlines"));
        headlines::HeadlinesView { app, theme }.draw(
            pane_block(&title, focus == Focus::Headlines, theme),
            rect,
            buf,
        );
    }
    if let Some(rect) = panes.reader {
        if app.page_image_shown() {
            let title = pane_block(
                zh_or(app, "版面图 · v 返回正文", "Page picture · v: article"),
                false,
                theme,
            );
            picture::PageImageView { app, theme }.draw(title, rect, buf);
        } else {
            reader::ReaderView { app, theme }.draw(
                block("正文", "Article", Focus::Reader),
                rect,
                buf,
            );
        }
    }
    status::StatusLine { app, look }.draw(panes.status, buf);
    match &app.overlay {
        Some(crate::app::Overlay::Photo { index }) => {
            picture::PhotoPane {
                app,
                index: *index,
                theme: look.theme,
            }
            .draw(panes.body, buf);
        }
        Some(overlay) => overlay::OverlayView { app, overlay, look }.draw(panes.body, buf),
        None => {}
    }
    if app.options.ambiguous == crate::typeset::Ambiguous::Wide {
        text::narrow_chrome(buf);
    }
}

/// Chinese or English label by the current edition's language.
fn zh_or(app: &App, zh: &'static str, en: &'static str) -> &'static str {
    if app
        .current_edition()
        .is_some_and(crate::edition::Edition::is_chinese)
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
