//! The explorer's state — selection, mode, filter, back stack — and the one place it changes:
//! [`App::update`]. Events are never copied: the state holds indices into the timeline.

use std::cell::Cell;
use std::sync::Arc;

use super::action::Action;
use super::jump;
use super::keymap::{self, Context};
use super::picker::{Picker, PickerKind};
use super::timeline::{Effect, Nav, TimelineView};
use crate::filter::{Filter, Matcher, SearchWord, TextIndex};
use crate::model::Timeline;
use ratatui::crossterm::event::KeyEvent;

/// Which pane has the keyboard in the chronology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// What is drawn over the main screen and takes the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Query,
    Picker(Picker),
    Help,
    /// The jump-to-date prompt.
    Jump(jump::Prompt),
}

/// The two main views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Chronology,
    Lanes,
}

/// Something selectable in the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailItem {
    /// A linked event (either direction), by event index.
    Link(usize),
    /// A source of the shown event, by position.
    Source(usize),
}

/// Where the last frame drew things, for the mouse and for paging. Written while drawing.
#[derive(Debug, Default)]
pub struct Layout {
    /// The list's inner area: x, y, width, height.
    pub list: Cell<(u16, u16, u16, u16)>,
    /// For each list row drawn, the result position it shows (None for a divider).
    pub rows: std::cell::RefCell<Vec<Option<usize>>>,
    /// The first result position drawn in the list.
    pub offset: Cell<usize>,
    /// Rows the detail pane's text takes, and the pane's height.
    pub detail: Cell<(u16, u16)>,
}

/// The whole state of the explorer.
pub struct App {
    pub timeline: Arc<Timeline>,
    pub index: Arc<TextIndex>,
    /// The filter's search words as they match in this log, for highlighting.
    pub search_words: Vec<SearchWord>,
    /// The file (or `<stdin>`) the log came from, for messages.
    pub source_name: String,
    /// Still loading the log (the first frame comes before it is ready).
    pub loading: bool,
    /// The filter in force (the last one that parsed).
    pub filter: Filter,
    /// The filter before the query bar opened, restored by Esc.
    filter_before_query: Filter,
    /// The text in the query bar.
    pub query: String,
    /// Why the query bar's text does not parse, if it does not.
    pub query_error: Option<String>,
    /// The query bar's text changed and has not been applied yet (see [`App::settle`]).
    query_pending: bool,
    /// The events the filter selects, in timeline order.
    pub results: Vec<usize>,
    /// Per actor / tag / lane query that matched nothing.
    pub unmatched: Vec<String>,
    /// Position in `results` of the selected event.
    pub cursor: usize,
    pub focus: Focus,
    pub overlay: Overlay,
    pub view: View,
    /// The timeline view's zoom, window and today.
    pub lanes: TimelineView,
    /// Selected item in the detail pane.
    pub detail_cursor: usize,
    /// Rows scrolled in the detail pane.
    pub detail_scroll: u16,
    /// Rows scrolled in the help overlay.
    pub help_scroll: u16,
    /// Ids of the events visited before, for Back.
    pub back: Vec<String>,
    /// A one-line message for the person (what just happened).
    pub notice: Option<String>,
    /// Why the file on disk cannot be shown (the last good log stays on screen).
    pub reload_error: Option<String>,
    /// On narrow terminals, whether the detail pane is shown.
    pub show_detail: bool,
    /// Text to put on the clipboard (OSC 52) after the next draw.
    pub clipboard: Option<String>,
    pub quit: bool,
    /// Frames drawn while loading, for the spinner.
    pub ticks: usize,
    pub layout: Layout,
    /// Events per month over the whole log, from its first month.
    pub density: Vec<u32>,
    /// Filtered events per month, same buckets.
    pub density_filtered: Vec<u32>,
}

impl App {
    /// An explorer still waiting for its log.
    pub fn loading(source_name: String, filter: Filter) -> Self {
        Self {
            timeline: Arc::new(Timeline::default()),
            index: Arc::new(TextIndex::default()),
            search_words: Vec::new(),
            source_name,
            loading: true,
            query: filter.to_query(),
            filter_before_query: filter.clone(),
            filter,
            query_error: None,
            query_pending: false,
            results: Vec::new(),
            unmatched: Vec::new(),
            cursor: 0,
            focus: Focus::List,
            overlay: Overlay::None,
            view: View::Chronology,
            lanes: TimelineView::default(),
            detail_cursor: 0,
            detail_scroll: 0,
            help_scroll: 0,
            back: Vec::new(),
            notice: None,
            reload_error: None,
            show_detail: false,
            clipboard: None,
            quit: false,
            ticks: 0,
            layout: Layout::default(),
            density: Vec::new(),
            density_filtered: Vec::new(),
        }
    }

    /// An explorer showing `timeline` at once (tests, and small logs).
    pub fn new(timeline: Timeline, source_name: String, filter: Filter) -> Self {
        let index = TextIndex::new(&timeline);
        let mut app = Self::loading(source_name, filter);
        app.set_timeline(Arc::new(timeline), Arc::new(index));
        app
    }

    /// Puts a (new or reloaded) timeline in place, keeping the selected event by id.
    pub fn set_timeline(&mut self, timeline: Arc<Timeline>, index: Arc<TextIndex>) {
        let keep = self.selected_id();
        let back_ids = std::mem::take(&mut self.back);
        self.timeline = timeline;
        self.index = index;
        self.loading = false;
        self.back = back_ids
            .into_iter()
            .filter(|id| self.timeline.find(id).is_some())
            .collect();
        self.density = self.month_counts(0..self.timeline.events.len());
        self.refilter(keep.as_deref());
    }

    /// The context that decides what keys mean now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Query => Context::Query,
            Overlay::Picker(_) => Context::Picker,
            Overlay::Help => Context::Help,
            Overlay::Jump(_) => Context::Jump,
            Overlay::None => match (self.view, self.focus) {
                (View::Lanes, _) => Context::Lanes,
                (View::Chronology, Focus::Detail) => Context::Detail,
                (View::Chronology, Focus::List) => Context::List,
            },
        }
    }

    /// The index (into `timeline.events`) of the selected event.
    pub fn selected(&self) -> Option<usize> {
        self.results.get(self.cursor).copied()
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected().map(|i| self.timeline.events[i].id.clone())
    }

    /// The selectable items of the detail pane for the selected event: links, then sources.
    pub fn detail_items(&self) -> Vec<DetailItem> {
        let Some(i) = self.selected() else {
            return Vec::new();
        };
        let mut items: Vec<DetailItem> = self
            .timeline
            .links(i)
            .into_iter()
            .map(DetailItem::Link)
            .collect();
        items.extend((0..self.timeline.events[i].sources.len()).map(DetailItem::Source));
        items
    }

    /// Re-runs the filter, keeping the event with id `keep` selected when it still shows,
    /// else the first event on or after its date.
    fn refilter(&mut self, keep: Option<&str>) {
        let previous = keep.and_then(|id| self.timeline.find(id));
        let matcher = Matcher::new(&self.filter, &self.timeline);
        self.unmatched = matcher.unmatched();
        (self.results, self.search_words) = matcher.select_with_words(&self.index);
        self.density_filtered = self.month_counts(self.results.clone());
        self.cursor = match previous {
            Some(p) => match self.results.binary_search(&p) {
                Ok(pos) => pos,
                Err(pos) => pos.min(self.results.len().saturating_sub(1)),
            },
            None => 0,
        };
        self.detail_cursor = 0;
        self.detail_scroll = 0;
    }

    fn month_counts(&self, events: impl IntoIterator<Item = usize>) -> Vec<u32> {
        let Some((first, last)) = self.timeline.month_span() else {
            return Vec::new();
        };
        let mut counts = vec![0u32; (last - first + 1) as usize];
        for i in events {
            let m = self.timeline.events[i].date.month_index() - first;
            if let Some(c) = counts.get_mut(m as usize) {
                *c += 1;
            }
        }
        counts
    }

    /// Applies a new filter, keeping the selection where possible.
    pub fn set_filter(&mut self, filter: Filter) {
        let keep = self.selected_id();
        self.filter = filter;
        self.refilter(keep.as_deref());
    }

    /// Selects the event at timeline index `event`, clearing the filter if it hides it.
    fn select_event(&mut self, event: usize) {
        if self.results.binary_search(&event).is_err() {
            self.filter = Filter::default();
            self.query.clear();
            self.refilter(None);
            self.notice = Some(format!(
                "Filter cleared to show `{}`",
                self.timeline.events[event].id
            ));
        }
        if let Ok(pos) = self.results.binary_search(&event) {
            self.cursor = pos;
        }
        self.detail_cursor = 0;
        self.detail_scroll = 0;
    }

    /// A key pressed: each key it stands for ([`keymap::keys_meant`]) is looked up in the
    /// context of the moment and applied. Settle afterwards, as after [`App::apply`].
    pub fn press(&mut self, event: KeyEvent) {
        for key in keymap::keys_meant(event) {
            if let Some(action) = keymap::action_for(self.context(), key) {
                self.apply(action);
            }
        }
    }

    /// Changes the state for one action, and brings the results up to date.
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        self.settle();
    }

    /// Re-filters for the query bar's text if it changed. The event loop applies a burst of
    /// typed keys with [`App::apply`] and settles once, so a fast typist on a big log pays
    /// for one filtering per frame, not one per key.
    pub fn settle(&mut self) {
        if !std::mem::take(&mut self.query_pending) {
            return;
        }
        match Filter::parse(&self.query) {
            Ok(filter) => {
                self.query_error = None;
                if filter != self.filter {
                    self.set_filter(filter);
                }
            }
            Err(e) => self.query_error = Some(e.to_string()),
        }
    }

    /// Changes the state for one action, leaving a changed query to [`App::settle`].
    /// Together with `settle`, the only way the state changes.
    pub fn apply(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if self.loading {
            return;
        }
        // A message lasts until the next thing the person does (which may set a new one).
        if !matches!(action, Action::Scroll(_)) {
            self.notice = None;
        }
        match self.context() {
            Context::Query => self.update_query(action),
            Context::Picker => self.update_picker(action),
            Context::Help => self.update_help(action),
            Context::Detail => self.update_detail(action),
            Context::Lanes => self.update_lanes(action),
            Context::Jump => self.update_jump(action),
            Context::List | Context::Global => self.update_list(action),
        }
    }

    /// Actions that mean the same in every non-text context.
    fn update_global(&mut self, action: Action) -> bool {
        match action {
            Action::Help => {
                self.overlay = Overlay::Help;
                self.help_scroll = 0;
            }
            Action::Query => {
                self.filter_before_query = self.filter.clone();
                self.query = self.filter.to_query();
                if !self.query.is_empty() {
                    self.query.push(' ');
                }
                self.query_error = None;
                self.overlay = Overlay::Query;
            }
            Action::PickActors => {
                self.overlay = Overlay::Picker(Picker::new(PickerKind::Actors, self))
            }
            Action::PickTags => self.overlay = Overlay::Picker(Picker::new(PickerKind::Tags, self)),
            Action::ClearFilters => {
                self.set_filter(Filter::default());
                self.query.clear();
                self.notice = Some("Filters cleared".into());
            }
            Action::ToggleLanes => {
                self.view = match self.view {
                    View::Chronology => View::Lanes,
                    View::Lanes => View::Chronology,
                };
                self.focus = Focus::List;
            }
            Action::Jump => self.overlay = Overlay::Jump(jump::Prompt::default()),
            Action::Copy => self.copy(),
            Action::Scroll(rows) => self.move_cursor(rows as isize),
            Action::Click { column, row } => self.click(column, row),
            _ => return false,
        }
        true
    }

    fn update_list(&mut self, action: Action) {
        if self.update_global(action) {
            return;
        }
        let page = self.layout.list.get().3.max(2) as isize - 1;
        match action {
            Action::Up => self.move_cursor(-1),
            Action::Down => self.move_cursor(1),
            Action::PageUp => self.move_cursor(-page),
            Action::PageDown => self.move_cursor(page),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = self.results.len().saturating_sub(1),
            Action::PrevMonth => self.jump_month(false),
            Action::NextMonth => self.jump_month(true),
            Action::Enter if self.selected().is_some() => {
                self.focus = Focus::Detail;
                self.show_detail = true;
                self.detail_cursor = 0;
            }
            Action::Back => self.go_back(),
            Action::ToggleDetail => self.show_detail = !self.show_detail,
            Action::Escape => self.notice = None,
            _ => {}
        }
    }

    fn update_detail(&mut self, action: Action) {
        if self.update_global(action) {
            return;
        }
        let items = self.detail_items();
        let (text_rows, height) = self.layout.detail.get();
        match action {
            Action::Up => self.detail_cursor = self.detail_cursor.saturating_sub(1),
            Action::Down => {
                self.detail_cursor = (self.detail_cursor + 1).min(items.len().saturating_sub(1))
            }
            Action::PageUp => {
                self.detail_scroll = self.detail_scroll.saturating_sub(height.max(2) - 1)
            }
            Action::PageDown => {
                let max = text_rows.saturating_sub(height);
                self.detail_scroll = (self.detail_scroll + height.max(2) - 1).min(max);
            }
            Action::Enter => match items.get(self.detail_cursor) {
                Some(&DetailItem::Link(target)) => {
                    if let Some(id) = self.selected_id() {
                        self.back.push(id);
                    }
                    self.select_event(target);
                }
                Some(&DetailItem::Source(s)) => {
                    let event = &self.timeline.events[self.results[self.cursor]];
                    self.notice = Some(match &event.sources[s].url {
                        Some(url) => format!("{url}  (y copies it)"),
                        None => "This source has no URL".into(),
                    });
                }
                None => {}
            },
            Action::Back => self.go_back(),
            Action::Escape => {
                self.focus = Focus::List;
                self.notice = None;
            }
            _ => {}
        }
    }

    fn update_lanes(&mut self, action: Action) {
        let nav = Nav {
            timeline: &self.timeline,
            results: &self.results,
            cursor: self.cursor,
        };
        match self.lanes.update(action, &nav) {
            Effect::Done => {}
            Effect::Select(pos) => self.move_cursor(pos as isize - self.cursor as isize),
            Effect::Notice(text) => self.notice = Some(text),
            Effect::Open => {
                self.view = View::Chronology;
                self.focus = Focus::Detail;
                self.show_detail = true;
            }
            Effect::Leave => self.view = View::Chronology,
            Effect::Unhandled => {
                self.update_global(action);
            }
        }
    }

    /// The jump prompt: Enter selects the first event on or after the date typed (and brings
    /// the timeline there); a date that does not read stays in the prompt with the reason.
    fn update_jump(&mut self, action: Action) {
        let Overlay::Jump(prompt) = &mut self.overlay else {
            return;
        };
        prompt.error = None;
        match action {
            Action::Input(c) => prompt.text.push(c),
            Action::DeleteChar => {
                prompt.text.pop();
            }
            Action::ClearInput => prompt.text.clear(),
            Action::Escape => self.overlay = Overlay::None,
            Action::Enter => match jump::parse(&prompt.text, self.lanes.today) {
                Err(e) => prompt.error = Some(e),
                Ok(day) => {
                    self.overlay = Overlay::None;
                    let nav = Nav {
                        timeline: &self.timeline,
                        results: &self.results,
                        cursor: self.cursor,
                    };
                    if let Some(pos) = nav.first_from(day) {
                        self.move_cursor(pos as isize - self.cursor as isize);
                    }
                    self.lanes.show_day(day, self.selected());
                }
            },
            _ => {}
        }
    }

    fn update_help(&mut self, action: Action) {
        match action {
            Action::Escape | Action::Help => self.overlay = Overlay::None,
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Down => self.help_scroll = self.help_scroll.saturating_add(1),
            _ => {}
        }
    }

    fn update_query(&mut self, action: Action) {
        match action {
            Action::Input(c) => self.query.push(c),
            Action::DeleteChar => {
                self.query.pop();
            }
            Action::ClearInput => self.query.clear(),
            Action::Enter => {
                self.settle();
                self.overlay = Overlay::None;
                self.query_error = None;
                self.query = self.filter.to_query();
                return;
            }
            Action::Escape => {
                self.query_pending = false;
                self.overlay = Overlay::None;
                self.query_error = None;
                let before = self.filter_before_query.clone();
                self.query = before.to_query();
                self.set_filter(before);
                return;
            }
            _ => return,
        }
        self.query_pending = true;
    }

    fn update_picker(&mut self, action: Action) {
        let Overlay::Picker(mut picker) = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return;
        };
        match action {
            Action::Escape => return,
            Action::Enter => {
                let mut filter = self.filter.clone();
                let chosen = picker.chosen(&self.timeline);
                match picker.kind {
                    PickerKind::Actors => filter.actors = chosen,
                    PickerKind::Tags => filter.tags = chosen,
                }
                self.query = filter.to_query();
                self.set_filter(filter);
                return;
            }
            other => picker.update(other, &self.timeline),
        }
        self.overlay = Overlay::Picker(picker);
    }

    fn move_cursor(&mut self, by: isize) {
        if self.results.is_empty() {
            return;
        }
        let last = self.results.len() as isize - 1;
        let next = (self.cursor as isize + by).clamp(0, last) as usize;
        if next != self.cursor {
            self.cursor = next;
            self.detail_cursor = 0;
            self.detail_scroll = 0;
        }
    }

    fn jump_month(&mut self, forward: bool) {
        let Some(current) = self.selected() else {
            return;
        };
        let month = |i: usize| self.timeline.events[i].date.month_index();
        let here = month(current);
        if forward {
            if let Some(pos) = self.results[self.cursor..]
                .iter()
                .position(|&i| month(i) > here)
            {
                self.cursor += pos;
            }
        } else {
            // First event of the month before the current one's.
            let before = self.results[..self.cursor]
                .iter()
                .rposition(|&i| month(i) < here);
            if let Some(b) = before {
                let target = month(self.results[b]);
                let first = self.results[..=b].iter().rposition(|&i| month(i) < target);
                self.cursor = first.map_or(0, |f| f + 1);
            }
        }
    }

    fn go_back(&mut self) {
        while let Some(id) = self.back.pop() {
            if let Some(event) = self.timeline.find(&id) {
                self.select_event(event);
                return;
            }
        }
        self.notice = Some("Nothing to go back to".into());
    }

    fn click(&mut self, column: u16, row: u16) {
        let (x, y, w, h) = self.layout.list.get();
        if self.view != View::Chronology || column < x || column >= x + w || row < y || row >= y + h
        {
            return;
        }
        let rows = self.layout.rows.borrow();
        if let Some(Some(pos)) = rows.get((row - y) as usize) {
            let pos = *pos;
            drop(rows);
            self.cursor = pos;
            self.focus = Focus::List;
            self.detail_cursor = 0;
            self.detail_scroll = 0;
        }
    }

    fn copy(&mut self) {
        let Some(i) = self.selected() else {
            return;
        };
        let event = &self.timeline.events[i];
        let text = match (self.focus, self.detail_items().get(self.detail_cursor)) {
            (Focus::Detail, Some(DetailItem::Source(s))) => event.sources[*s].url.clone(),
            _ => Some(event.id.clone()),
        };
        if let Some(text) = text {
            self.notice = Some(format!("Copied {text}"));
            self.clipboard = Some(text);
        }
    }
}
