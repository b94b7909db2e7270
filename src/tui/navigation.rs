//! Where the person is: the selected event, which view and pane have the keyboard, the
//! detail pane's selection and scroll, and the way back.

use super::action::Action;
use crate::filter::Filter;
use crate::model::Timeline;

/// Which pane has the keyboard in the chronology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// The two main views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Chronology,
    Lanes,
}

/// A place to come back to: the event, the filter it was seen under, and where the person
/// was in the panes.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: String,
    pub filter: Filter,
    focus: Focus,
    detail_cursor: usize,
    detail_scroll: u16,
}

/// The selection and the panes, by position in the filter's results.
#[derive(Debug)]
pub struct Navigation {
    /// Position in the results of the selected event.
    cursor: usize,
    focus: Focus,
    view: View,
    /// Selected item in the detail pane.
    detail_cursor: usize,
    /// Rows scrolled in the detail pane.
    detail_scroll: u16,
    /// Rows scrolled in the help overlay.
    help_scroll: u16,
    /// The places visited before, for Back.
    back: Vec<Place>,
    /// Whether the person hid the detail pane (`d`), to give the list the width.
    detail_hidden: bool,
}

impl Default for Navigation {
    fn default() -> Self {
        Self {
            cursor: 0,
            focus: Focus::List,
            view: View::Chronology,
            detail_cursor: 0,
            detail_scroll: 0,
            help_scroll: 0,
            back: Vec::new(),
            detail_hidden: false,
        }
    }
}

impl Navigation {
    /// Position in the results of the selected event.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// Selected item in the detail pane.
    pub fn detail_cursor(&self) -> usize {
        self.detail_cursor
    }

    /// Rows scrolled in the detail pane.
    pub fn detail_scroll(&self) -> u16 {
        self.detail_scroll
    }

    /// Rows scrolled in the help overlay.
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    /// Whether the person hid the detail pane.
    pub fn detail_hidden(&self) -> bool {
        self.detail_hidden
    }

    /// Selects result position `pos`, starting the detail pane afresh.
    pub(super) fn select(&mut self, pos: usize) {
        self.cursor = pos;
        self.detail_cursor = 0;
        self.detail_scroll = 0;
    }

    /// After the results changed: selects timeline event `previous` if it still shows, else
    /// the first result on or after it, else the first.
    pub(super) fn reselect(&mut self, previous: Option<usize>, results: &[usize]) {
        let pos = match previous {
            Some(p) => match results.binary_search(&p) {
                Ok(pos) => pos,
                Err(pos) => pos.min(results.len().saturating_sub(1)),
            },
            None => 0,
        };
        self.select(pos);
    }

    /// Moves the selection by `by` results, stopping at either end.
    pub(super) fn move_cursor(&mut self, by: isize, results: usize) {
        if results == 0 {
            return;
        }
        let last = results as isize - 1;
        let next = (self.cursor as isize + by).clamp(0, last) as usize;
        if next != self.cursor {
            self.select(next);
        }
    }

    /// Jumps to the first event of the next (or previous) month among `results`.
    pub(super) fn jump_month(&mut self, forward: bool, results: &[usize], timeline: &Timeline) {
        if self.cursor >= results.len() {
            return;
        }
        let month = |i: usize| timeline.events[i].date.month_index();
        let here = month(results[self.cursor]);
        let target = if forward {
            results[self.cursor..]
                .iter()
                .position(|&i| month(i) > here)
                .map(|pos| self.cursor + pos)
        } else {
            // First event of the month before the current one's.
            results[..self.cursor]
                .iter()
                .rposition(|&i| month(i) < here)
                .map(|b| {
                    let target = month(results[b]);
                    let first = results[..=b].iter().rposition(|&i| month(i) < target);
                    first.map_or(0, |f| f + 1)
                })
        };
        if let Some(pos) = target {
            self.cursor = pos;
        }
    }

    /// Actions that only move within the results or the panes. False when `action` is not
    /// one of them. `page` is the list's height in rows; `detail` the detail pane's text
    /// rows and height, from the last frame.
    pub(super) fn update(
        &mut self,
        action: Action,
        results: &[usize],
        page: usize,
        detail: (u16, u16),
        items: usize,
    ) -> bool {
        let page = page.max(2) as isize - 1;
        let last = results.len().saturating_sub(1);
        match (self.view, self.focus, action) {
            (_, _, Action::Scroll(rows)) => self.move_cursor(rows as isize, results.len()),
            (View::Chronology, Focus::Detail, action) => {
                return self.update_detail(action, detail, items);
            }
            (View::Chronology, _, Action::Up) => self.move_cursor(-1, results.len()),
            (View::Chronology, _, Action::Down) => self.move_cursor(1, results.len()),
            (View::Chronology, _, Action::PageUp) => self.move_cursor(-page, results.len()),
            (View::Chronology, _, Action::PageDown) => self.move_cursor(page, results.len()),
            (_, _, Action::Top) => self.cursor = 0,
            (_, _, Action::Bottom) => self.cursor = last,
            _ => return false,
        }
        true
    }

    fn update_detail(&mut self, action: Action, (rows, height): (u16, u16), items: usize) -> bool {
        match action {
            Action::Up => self.detail_cursor = self.detail_cursor.saturating_sub(1),
            Action::Down => {
                self.detail_cursor = (self.detail_cursor + 1).min(items.saturating_sub(1))
            }
            Action::PageUp => {
                self.detail_scroll = self.detail_scroll.saturating_sub(height.max(2) - 1)
            }
            Action::PageDown => {
                let max = rows.saturating_sub(height);
                self.detail_scroll = (self.detail_scroll + height.max(2) - 1).min(max);
            }
            _ => return false,
        }
        true
    }

    /// Gives the keyboard to the detail pane (showing it).
    pub(super) fn open_detail(&mut self) {
        self.view = View::Chronology;
        self.focus = Focus::Detail;
        self.detail_hidden = false;
        self.detail_cursor = 0;
    }

    /// Hides the detail pane, or shows it again.
    pub(super) fn toggle_detail(&mut self) {
        self.detail_hidden = !self.detail_hidden;
    }

    /// Gives the keyboard back to the list.
    pub(super) fn focus_list(&mut self) {
        self.focus = Focus::List;
    }

    /// Switches between the chronology and the lanes view.
    pub(super) fn toggle_view(&mut self) {
        self.view = match self.view {
            View::Chronology => View::Lanes,
            View::Lanes => View::Chronology,
        };
        self.focus = Focus::List;
    }

    /// Leaves the lanes view.
    pub(super) fn leave_lanes(&mut self) {
        self.view = View::Chronology;
    }

    /// Scrolls the help overlay.
    pub(super) fn scroll_help(&mut self, down: bool) {
        self.help_scroll = if down {
            self.help_scroll.saturating_add(1)
        } else {
            self.help_scroll.saturating_sub(1)
        };
    }

    pub(super) fn reset_help(&mut self) {
        self.help_scroll = 0;
    }

    /// Remembers where the person is — on event `id` under `filter` — to come back to.
    pub(super) fn push_back(&mut self, id: String, filter: Filter) {
        self.back.push(Place {
            id,
            filter,
            focus: self.focus,
            detail_cursor: self.detail_cursor,
            detail_scroll: self.detail_scroll,
        });
    }

    /// The last place to come back to, taken.
    pub(super) fn pop_back(&mut self) -> Option<Place> {
        self.back.pop()
    }

    /// Back at `place` (its event selected): the panes as they were.
    pub(super) fn restore(&mut self, place: &Place) {
        self.view = View::Chronology;
        self.focus = place.focus;
        self.detail_cursor = place.detail_cursor;
        self.detail_scroll = place.detail_scroll;
    }

    /// Drops the places to come back to that are not in `timeline` any more.
    pub(super) fn keep_back_in(&mut self, timeline: &Timeline) {
        self.back.retain(|place| timeline.find(&place.id).is_some());
    }
}
