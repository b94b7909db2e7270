//! The time-axis view's own state — zoom (from fit-all to days), the window of time shown,
//! today — and its own `update`: the explorer hands it the actions of the lanes context and
//! applies what it asks for (a selection, a message, open, leave). Where the last frame put
//! the window and the marks ([`Drawn`]) is kept by drawing, in the views' `ViewState`.

pub mod pack;

use chrono::NaiveDate;

use super::action::Action;
use crate::model::Timeline;

/// How much time a column stands for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zoom {
    /// The whole filtered log in the width.
    #[default]
    Fit,
    Years,
    Quarters,
    Months,
    Weeks,
    Days,
}

impl Zoom {
    /// The fixed zooms, coarsest first.
    pub const FIXED: [Zoom; 5] = [
        Zoom::Years,
        Zoom::Quarters,
        Zoom::Months,
        Zoom::Weeks,
        Zoom::Days,
    ];

    /// Days one column stands for at a fixed zoom: a year in 24 columns, a quarter in 18, a
    /// month in 24, a day in 3 (weeks) or 8 (days).
    pub fn days_per_column(self) -> Option<f64> {
        match self {
            Zoom::Fit => None,
            Zoom::Years => Some(365.25 / 24.0),
            Zoom::Quarters => Some(91.3 / 18.0),
            Zoom::Months => Some(30.44 / 24.0),
            Zoom::Weeks => Some(1.0 / 3.0),
            Zoom::Days => Some(1.0 / 8.0),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Zoom::Fit => "fit",
            Zoom::Years => "years",
            Zoom::Quarters => "quarters",
            Zoom::Months => "months",
            Zoom::Weeks => "weeks",
            Zoom::Days => "days",
        }
    }
}

/// The stretch of time a view shows: its left edge (a fractional day number), the days per
/// column, and the columns.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Window {
    pub start: f64,
    pub per_col: f64,
    pub columns: u16,
}

impl Window {
    /// The column a day falls in (may lie outside `0..columns`).
    pub fn column_of(&self, day: i32) -> i32 {
        let x = (f64::from(day) - self.start) / self.per_col;
        // Rounded down without `floor` (a library call on baseline x86-64, and this runs
        // for every event of a view of the whole log); `as` saturates far out of view.
        let c = x as i32;
        if f64::from(c) > x {
            c.saturating_sub(1)
        } else {
            c
        }
    }

    /// The day shown at a column.
    pub fn day_at(&self, column: u16) -> i32 {
        (self.start + self.per_col * f64::from(column)).floor() as i32
    }

    /// The first and last whole days in view.
    pub fn days(&self) -> (i32, i32) {
        let last = self.start + self.per_col * f64::from(self.columns);
        (self.start.floor() as i32, (last.ceil() as i32 - 1))
    }

    /// The window that shows days `first..=last` whole, one column spare at each side, but no
    /// closer than the days zoom.
    pub fn fit(first: i32, last: i32, columns: u16) -> Self {
        let columns = columns.max(3);
        let days = f64::from(last - first + 1);
        let finest = Zoom::Days.days_per_column().unwrap_or(0.125);
        let per_col = (days / f64::from(columns - 2)).max(finest);
        let middle = f64::from(first) + days / 2.0;
        Self {
            start: middle - per_col * f64::from(columns) / 2.0,
            per_col,
            columns,
        }
    }
}

/// What the view asks of the explorer after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Done; nothing else changes.
    Done,
    /// Select the result at this position.
    Select(usize),
    /// Say this on the message line.
    Notice(String),
    /// Open the selected event's detail.
    Open,
    /// Back to the chronology.
    Leave,
    /// Not the view's action: the explorer's global actions may take it.
    Unhandled,
}

/// What the view needs to know of the explorer: the log, the filtered events, the selection.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    pub timeline: &'a Timeline,
    pub results: &'a [usize],
    pub cursor: usize,
}

impl Selection<'_> {
    fn selected(&self) -> Option<usize> {
        self.results.get(self.cursor).copied()
    }

    /// The position of the first result starting on or after `day` (else the last).
    pub fn first_from(&self, day: i32) -> Option<usize> {
        let days = self.timeline.days();
        let pos = self.results.partition_point(|&i| days.first(i) < day);
        (!self.results.is_empty()).then(|| pos.min(self.results.len() - 1))
    }
}

/// Where the last frame put things, for the mouse and for moves that need the width.
/// Written while drawing.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    /// Counts the frames drawn, so that the view takes the drawn window once per frame.
    pub frame: u64,
    pub window: Window,
    /// The event selected when it was drawn (the one the window followed).
    pub selected: Option<usize>,
    /// Screen x of column 0, and the rows of the axis (first, one past last).
    pub x: u16,
    pub axis: (u16, u16),
    /// Marks and labels drawn: screen row, first and last screen column, event.
    pub marks: Vec<(u16, u16, u16, usize)>,
    /// Labels drawn: screen row, first column, one past the last, event, and the columns
    /// the label was given.
    pub labels: Vec<(u16, u16, u16, usize, u16)>,
}

/// The view's state.
#[derive(Debug, Default)]
pub struct TimelineView {
    zoom: Zoom,
    /// The left edge at a fixed zoom (see [`TimelineView::window`]).
    start: f64,
    /// The event the window was last brought to, so that it follows a new selection but
    /// stays where the person panned it.
    followed: Option<usize>,
    /// The frame whose window `start` and `followed` were last taken from.
    synced: u64,
    /// Today, when known: the event loop sets it from the clock, tests set a fixed day.
    today: Option<NaiveDate>,
}

/// Columns left between the selection and the window's left edge when the window follows
/// it (on the right it leaves room for the title).
fn margin(columns: u16) -> f64 {
    f64::from((columns / 8).max(1))
}

impl TimelineView {
    pub fn zoom(&self) -> Zoom {
        self.zoom
    }

    pub fn today(&self) -> Option<NaiveDate> {
        self.today
    }

    pub fn set_today(&mut self, today: Option<NaiveDate>) {
        self.today = today;
    }

    /// The window to draw `columns` wide: fit-all, or the fixed zoom's, moved as little as
    /// needed to show the selected event if the selection changed since it last moved.
    pub fn window(&self, nav: &Selection<'_>, columns: u16) -> Window {
        let Some(per_col) = self.zoom.days_per_column() else {
            let days = nav.timeline.days();
            let (first, last) = days.span(nav.results).unwrap_or((0, 0));
            return Window::fit(first, last, columns);
        };
        let mut window = Window {
            start: self.start,
            per_col,
            columns,
        };
        let selected = nav.selected();
        if selected != self.followed
            && let Some(event) = selected
        {
            let day = f64::from(nav.timeline.days().first(event));
            let m = margin(columns) * per_col;
            // On the right, room for the selected event's title too.
            let room = f64::from((columns / 3).clamp(1, 24)).max(margin(columns)) * per_col;
            if day < window.start + m {
                window.start = day - m;
            } else if day > window.start + f64::from(columns) * per_col - room {
                window.start = day - f64::from(columns) * per_col + room;
            }
        }
        window
    }

    /// Takes the window of the last frame as the view's own, once per frame (a burst of
    /// keys between two frames builds on what the first of them did).
    fn sync(&mut self, drawn: &Drawn) {
        if drawn.frame != self.synced && drawn.window.columns > 0 {
            self.synced = drawn.frame;
            if self.zoom != Zoom::Fit {
                self.start = drawn.window.start;
            }
            self.followed = drawn.selected;
        }
    }

    /// The window of the last frame (as this state now stands), or a guess before the first.
    fn last_window(&self, nav: &Selection<'_>, drawn: &Drawn) -> Window {
        let columns = if drawn.window.columns > 0 {
            drawn.window.columns
        } else {
            100
        };
        self.window(nav, columns)
    }

    /// Changes the view for one action of the lanes context; `drawn` is what the last
    /// frame drew.
    pub fn update(&mut self, action: Action, nav: &Selection<'_>, drawn: &Drawn) -> Effect {
        self.sync(drawn);
        let last = nav.results.len().saturating_sub(1);
        match action {
            Action::Left if nav.cursor > 0 => Effect::Select(nav.cursor - 1),
            Action::Right if nav.cursor < last => Effect::Select(nav.cursor + 1),
            Action::Left | Action::Right => Effect::Done,
            Action::Top if !nav.results.is_empty() => Effect::Select(0),
            Action::Bottom if !nav.results.is_empty() => Effect::Select(last),
            Action::ZoomIn => self.zoom_by(nav, drawn, true),
            Action::ZoomOut => self.zoom_by(nav, drawn, false),
            Action::PageUp => self.pan_screen(nav, drawn, -1.0),
            Action::PageDown => self.pan_screen(nav, drawn, 1.0),
            Action::Scroll(rows) => {
                let window = self.last_window(nav, drawn);
                if self.zoom != Zoom::Fit {
                    let columns = f64::from((window.columns / 16).max(1)) * f64::from(rows);
                    self.start = window.start + columns * window.per_col;
                    self.followed = nav.selected();
                }
                Effect::Done
            }
            Action::Click { column, row } => self.click(nav, drawn, column, row),
            Action::Enter if nav.selected().is_some() => Effect::Open,
            Action::Escape => Effect::Leave,
            _ => Effect::Unhandled,
        }
    }

    /// Whether an action would do something now (the footer offers only those).
    pub fn offers(&self, action: Action, nav: &Selection<'_>, drawn: &Drawn) -> bool {
        match action {
            Action::ZoomIn => self.next_zoom(nav, drawn, true).is_some(),
            Action::ZoomOut | Action::PageUp | Action::PageDown => self.zoom != Zoom::Fit,
            _ => true,
        }
    }

    /// The zoom one step in or out, or `None` at the end of the scale. Fixed zooms coarser
    /// than fit-all are skipped: they would show less than fit-all does.
    fn next_zoom(&self, nav: &Selection<'_>, drawn: &Drawn, zoom_in: bool) -> Option<Zoom> {
        let window = self.last_window(nav, drawn);
        let fit = match self.zoom {
            Zoom::Fit => window.per_col,
            _ => {
                let days = nav.timeline.days();
                let (first, last) = days.span(nav.results).unwrap_or((0, 0));
                Window::fit(first, last, window.columns).per_col
            }
        };
        let finer = |z: &Zoom| z.days_per_column().is_some_and(|d| d < fit * 0.95);
        if zoom_in {
            Zoom::FIXED.into_iter().find(|z| *z > self.zoom && finer(z))
        } else if self.zoom == Zoom::Fit {
            None
        } else {
            Some(
                Zoom::FIXED
                    .into_iter()
                    .rev()
                    .find(|z| *z < self.zoom && finer(z))
                    .unwrap_or(Zoom::Fit),
            )
        }
    }

    /// Zooms one step, keeping the selected event (or the middle of the view) in its column.
    fn zoom_by(&mut self, nav: &Selection<'_>, drawn: &Drawn, zoom_in: bool) -> Effect {
        let Some(next) = self.next_zoom(nav, drawn, zoom_in) else {
            return Effect::Notice(if zoom_in {
                format!("Already at the closest zoom ({})", self.zoom.name())
            } else {
                "Already showing the whole log (fit): + zooms in".to_string()
            });
        };
        let window = self.last_window(nav, drawn);
        let (from, to) = window.days();
        let anchor = nav
            .selected()
            .map(|e| nav.timeline.days().first(e))
            .filter(|d| (from..=to).contains(d))
            .map_or(
                window.start + window.per_col * f64::from(window.columns) / 2.0,
                f64::from,
            );
        let column = (anchor - window.start) / window.per_col;
        self.zoom = next;
        if let Some(per_col) = next.days_per_column() {
            self.start = anchor - column * per_col;
        }
        self.followed = nav.selected();
        Effect::Done
    }

    /// Moves the window a screen (less a margin) back or on, and selects the first event
    /// starting in the new window (the last, going back), if any.
    fn pan_screen(&mut self, nav: &Selection<'_>, drawn: &Drawn, by: f64) -> Effect {
        if self.zoom == Zoom::Fit {
            return Effect::Notice("The whole log is in view: + zooms in".into());
        }
        let window = self.last_window(nav, drawn);
        let columns = f64::from(window.columns) - margin(window.columns);
        let start = window.start + by * columns * window.per_col;
        self.start = start;
        let moved = Window { start, ..window };
        let (from, to) = moved.days();
        let days = nav.timeline.days();
        let inside = days.in_window(nav.results, from, to);
        // An event starting in the new window, rather than one running into it.
        let starting: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&e| days.first(e) >= from)
            .collect();
        let choice: &[usize] = if starting.is_empty() {
            &inside
        } else {
            &starting
        };
        let pick = if by < 0.0 {
            choice.last()
        } else {
            choice.first()
        };
        match pick.and_then(|e| nav.results.binary_search(e).ok()) {
            Some(pos) => {
                self.followed = Some(nav.results[pos]);
                Effect::Select(pos)
            }
            None => {
                self.followed = nav.selected();
                Effect::Done
            }
        }
    }

    /// Shows `day` near the window's left edge (after a jump to a date), `selected` being
    /// the event then selected.
    pub fn show_day(&mut self, day: i32, selected: Option<usize>, drawn: &Drawn) {
        self.sync(drawn);
        if let Some(per_col) = self.zoom.days_per_column() {
            self.start = f64::from(day) - margin(drawn.window.columns.max(8)) * per_col;
            self.followed = selected;
        }
    }

    /// A click on a mark selects its event; on the axis, the first event from that day.
    /// Anywhere else is not the view's (the density strip is the explorer's).
    fn click(&mut self, nav: &Selection<'_>, drawn: &Drawn, column: u16, row: u16) -> Effect {
        let hit = drawn
            .marks
            .iter()
            .find(|&&(y, x0, x1, _)| y == row && (x0..=x1).contains(&column));
        if let Some(&(_, _, _, event)) = hit {
            return match nav.results.binary_search(&event) {
                Ok(pos) => Effect::Select(pos),
                Err(_) => Effect::Done,
            };
        }
        let on_axis = (drawn.axis.0..drawn.axis.1).contains(&row)
            && column >= drawn.x
            && column < drawn.x + drawn.window.columns;
        if !on_axis {
            return Effect::Unhandled;
        }
        match nav.first_from(drawn.window.day_at(column - drawn.x)) {
            Some(pos) => {
                self.followed = nav.results.get(pos).copied();
                Effect::Select(pos)
            }
            None => Effect::Done,
        }
    }
}
