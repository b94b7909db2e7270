//! Drawing: functions that read the [`App`] and never change it (beyond recording where
//! things were drawn, for the mouse). One file per pane or popup.

mod bars;
mod density;
mod detail;
mod list;
mod popup;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Focus, Overlay, View};
pub use theme::Theme;

/// The smallest terminal the layout can draw in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// At or above this width the detail pane sits beside the list.
const WIDE: u16 = 100;
/// On narrow terminals at or above this height the detail pane sits below the list.
const TALL: u16 = 30;

/// Draws one whole frame.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    if app.loading {
        loading(frame, area, app, theme);
        return;
    }
    let banner = app.reload_error.is_some() as u16;
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(banner),
            Constraint::Length(1),
        ])
        .split(area);
    bars::header(frame, rows[0], app, theme);
    density::draw(frame, rows[1], app, theme);
    match app.view {
        View::Chronology => chronology(frame, rows[2], app, theme),
        View::Lanes => timeline::draw(frame, rows[2], rows[1], app, theme),
    }
    if let Some(message) = &app.reload_error {
        bars::banner(frame, rows[3], message, theme);
    }
    bars::bottom(frame, rows[4], app, theme);
    match &app.overlay {
        Overlay::Picker(picker) => popup::picker(frame, rows[2], app, picker, theme),
        Overlay::Help => popup::help(frame, area, app, theme),
        Overlay::Query | Overlay::Jump(_) | Overlay::None => {}
    }
}

fn chronology(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let detail_wanted = app.show_detail || app.focus == Focus::Detail;
    if area.width >= WIDE {
        let cols = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
            .split(area);
        list::draw(frame, cols[0], app, theme);
        detail::draw(frame, cols[1], app, theme);
    } else if area.height + 6 >= TALL {
        let split = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(40), Constraint::Percentage(60)])
            .split(area);
        list::draw(frame, split[0], app, theme);
        detail::draw(frame, split[1], app, theme);
    } else if detail_wanted {
        detail::draw(frame, area, app, theme);
    } else {
        list::draw(frame, area, app, theme);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let message = format!(
        "Terminal too small ({}×{}): annals needs {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
}

fn loading(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    const SPIN: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let tick = app.ticks % SPIN.len();
    let message = format!(
        "{} Loading {}…",
        SPIN[tick],
        crate::text::sanitize(&app.source_name)
    );
    let rect = popup::centred(
        area,
        (message.chars().count() as u16 + 4).min(area.width),
        1,
    );
    frame.render_widget(Paragraph::new(Line::styled(message, theme.accent())), rect);
}
