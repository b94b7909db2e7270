//! Drawing: functions of the [`App`] (read only) and of a [`ViewState`] that drawing keeps
//! (where things were drawn, for paging and the mouse; the list's scroll offset), as
//! ratatui's `StatefulWidget` keeps a `ListState`. One file per pane or popup.

mod bars;
mod density;
mod detail;
mod list;
mod popup;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
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

/// How the chronology's panes were laid out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Panes {
    /// List and detail side by side (wide terminals).
    #[default]
    Beside,
    /// The detail under the list (narrow, tall terminals).
    Below,
    /// One pane at a time: the detail when it has the keyboard, else the list.
    One,
}

/// What drawing keeps between frames, owned outside the [`App`]: where the last frame drew
/// the list and the detail pane, and the list's scroll offset.
#[derive(Debug, Default, Clone)]
pub struct ViewState {
    /// The list's inner area (empty when the list was not drawn).
    list: Rect,
    /// For each list row drawn, the result position it shows (None for a divider).
    rows: Vec<Option<usize>>,
    /// The first result position drawn in the list.
    offset: usize,
    /// Rows the detail pane's text takes, and the pane's height.
    detail: (u16, u16),
    /// How the chronology's panes were laid out.
    panes: Panes,
    /// The density strip's area, and the first month (index) each of its columns covers.
    strip: Rect,
    strip_months: Vec<i32>,
    /// Where the timeline view drew its window and marks.
    timeline: crate::tui::timeline::Drawn,
}

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A row of the list showing this result position.
    Result(usize),
    /// A column of the density strip covering this month (index).
    Month(i32),
}

impl ViewState {
    /// The list's inner area in the last frame.
    pub fn list_area(&self) -> Rect {
        self.list
    }

    /// For each list row drawn, the result position it shows (None for a divider).
    pub fn list_rows(&self) -> &[Option<usize>] {
        &self.rows
    }

    /// The list's height in rows, for paging.
    pub fn list_height(&self) -> usize {
        self.list.height as usize
    }

    /// How the chronology's panes were laid out in the last frame.
    pub fn panes(&self) -> Panes {
        self.panes
    }

    /// Rows the detail pane's text takes, and the pane's height.
    pub fn detail_size(&self) -> (u16, u16) {
        self.detail
    }

    /// Where the timeline view drew its window and marks in the last frame that showed it.
    pub fn timeline(&self) -> &crate::tui::timeline::Drawn {
        &self.timeline
    }

    /// What the last frame drew at a screen position, if it can be clicked.
    pub fn target_at(&self, column: u16, row: u16) -> Option<Target> {
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(self.list) {
            let pos = self
                .rows
                .get((row - self.list.y) as usize)
                .copied()
                .flatten();
            return pos.map(Target::Result);
        }
        if inside(self.strip) {
            let month = self.strip_months.get((column - self.strip.x) as usize);
            return month.copied().map(Target::Month);
        }
        None
    }
}

/// Draws one whole frame.
pub fn draw(frame: &mut Frame, app: &App, view: &mut ViewState, theme: &Theme) {
    let area = frame.area();
    // What this frame does not draw is not there to click.
    view.list = Rect::default();
    view.rows.clear();
    view.strip = Rect::default();
    view.timeline.marks.clear();
    view.timeline.labels.clear();
    view.timeline.axis = (0, 0);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let quit = app
            .keymap()
            .key_for(super::keymap::Context::Global, super::action::Action::Quit);
        too_small(frame, area, &quit);
        return;
    }
    if app.log().is_loading() {
        loading(frame, area, app, theme);
        return;
    }
    let lane_colours: Vec<_> = app
        .timeline()
        .lane_colours
        .iter()
        .map(|c| c.as_deref().and_then(crate::colour::parse))
        .collect();
    let theme = &theme.with_lanes(&lane_colours);
    let banner = u16::from(app.status().reload_error().is_some());
    let bottom_lines = bars::bottom_lines(app, &view.timeline, area.width as usize, theme);
    let [header, strip, body, problem, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(banner),
        Constraint::Length(bottom_lines.len() as u16),
    ])
    .areas(area);
    bars::header(frame, header, app, theme);
    density::draw(frame, strip, app, view, theme);
    match app.nav().view() {
        View::Chronology => chronology(frame, body, app, view, theme),
        View::Lanes => timeline::draw(frame, body, app, view, theme),
    }
    if let Some(message) = app.status().reload_error() {
        bars::banner(frame, problem, message, theme);
    }
    bars::bottom(frame, bottom, bottom_lines);
    match app.overlay() {
        Overlay::Picker(picker) => popup::picker(frame, body, app, picker, theme),
        Overlay::Help => popup::help(frame, area, app, theme),
        Overlay::Views(picker) => popup::views(frame, body, app, picker, theme),
        Overlay::Query | Overlay::SaveView(_) | Overlay::Jump(_) | Overlay::None => {}
    }
}

fn chronology(frame: &mut Frame, area: Rect, app: &App, view: &mut ViewState, theme: &Theme) {
    let focused = app.nav().focus() == Focus::Detail;
    view.panes = if area.width >= WIDE {
        Panes::Beside
    } else if area.height + 6 >= TALL {
        Panes::Below
    } else {
        Panes::One
    };
    match view.panes {
        Panes::One if focused => detail::draw(frame, area, app, view, theme),
        Panes::One => list::draw(frame, area, app, view, theme),
        _ if app.nav().detail_hidden() => list::draw(frame, area, app, view, theme),
        Panes::Beside => {
            let [list, detail] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(area);
            list::draw(frame, list, app, view, theme);
            detail::draw(frame, detail, app, view, theme);
        }
        Panes::Below => {
            let [list, detail] =
                Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)])
                    .areas(area);
            list::draw(frame, list, app, view, theme);
            detail::draw(frame, detail, app, view, theme);
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect, quit: &str) {
    let message = format!(
        "Terminal too small ({}×{}): annals needs {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press {quit} to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
}

fn loading(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    const SPIN: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let tick = app.ticks() % SPIN.len();
    let size = app.log().size().map_or_else(String::new, |bytes| {
        format!(" ({})", approximate_size(bytes))
    });
    let message = format!(
        "{} Loading {}{size}…",
        SPIN[tick],
        crate::text::sanitize(app.log().source_name())
    );
    let rect = popup::centred(
        area,
        (message.chars().count() as u16 + 4).min(area.width),
        1,
    );
    frame.render_widget(Paragraph::new(Line::styled(message, theme.accent())), rect);
}

/// A size in bytes as a person reads it: `812 bytes`, `4.1 kB`, `102 MB`, `1.0 GB`.
fn approximate_size(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..1_000 => crate::text::count(bytes as usize, "byte"),
        1_000..10_000 => format!("{:.1} kB", b / 1e3),
        10_000..1_000_000 => format!("{:.0} kB", b / 1e3),
        1_000_000..10_000_000 => format!("{:.1} MB", b / 1e6),
        10_000_000..1_000_000_000 => format!("{:.0} MB", b / 1e6),
        _ => format!("{:.1} GB", b / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::approximate_size;

    #[test]
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(approximate_size(1), "1 byte");
        assert_eq!(approximate_size(812), "812 bytes");
        assert_eq!(approximate_size(4_096), "4.1 kB");
        assert_eq!(approximate_size(101_631_673), "102 MB");
        assert_eq!(approximate_size(1_018_282_006), "1.0 GB");
    }
}
