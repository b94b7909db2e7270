//! The explorer's state and the one place it changes: [`App::apply`]. The state is split
//! into parts that each own their fields — the log, the search, the navigation, the status
//! lines, the overlay — and events are never copied: the state holds indices into the
//! timeline.

use std::path::PathBuf;
use std::sync::Arc;

use super::action::Action;
use super::browser::Opened;
use super::editor::Place;
use super::jump;
use super::keymap::{self, Context, Keymap};
use super::line::LineEdit;
use super::log::Log;
use super::navigation::Navigation;
use super::picker::{Picker, PickerKind};
use super::saved::ViewPicker;
use super::search::{Bar, Search};
use super::status::Status;
use super::timeline::{Effect, Selection, TimelineView};
use super::views::{Panes, Target, ViewState};
use crate::filter::{Filter, TextIndex};
use crate::model::Timeline;
use ratatui::crossterm::event::KeyEvent;

pub use super::navigation::{Focus, View};
pub use super::saved::PersonalViews;

/// What is drawn over the main screen and takes the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Query,
    Picker(Picker),
    /// The saved views picker.
    Views(ViewPicker),
    /// The prompt for the name to save the filter under.
    SaveView(LineEdit),
    Help,
    /// The jump-to-date prompt.
    Jump(jump::Prompt),
}

/// Something selectable in the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailItem {
    /// A linked event (either direction), by event index.
    Link(usize),
    /// A source of the shown event, by position.
    Source(usize),
}

/// The whole state of the explorer.
pub struct App {
    log: Log,
    search: Search,
    nav: Navigation,
    /// The timeline view's zoom, window and today.
    lanes: TimelineView,
    status: Status,
    overlay: Overlay,
    keymap: Keymap,
    /// The person's saved views, and the config file they go to.
    personal: PersonalViews,
    /// How the chronology writes dates.
    date_style: crate::config::DateStyle,
    quit: bool,
    /// Frames drawn while loading, for the spinner.
    ticks: usize,
}

impl App {
    /// An explorer still waiting for its log.
    pub fn loading(source_name: String, filter: Filter) -> Self {
        Self {
            log: Log::loading(source_name),
            search: Search::new(filter),
            nav: Navigation::default(),
            lanes: TimelineView::default(),
            status: Status::default(),
            overlay: Overlay::None,
            keymap: Keymap::default(),
            personal: PersonalViews::default(),
            date_style: crate::config::DateStyle::default(),
            quit: false,
            ticks: 0,
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
        self.log = self.log.ready(timeline, index);
        self.nav.keep_back_in(self.log.timeline());
        self.refilter(keep.as_deref());
    }

    /// Says how big the log being loaded is, for the loading screen.
    pub fn set_loading_size(&mut self, bytes: u64) {
        self.log.set_size(bytes);
    }

    /// A reload arrived: the new log, and the problem line cleared.
    pub fn reloaded(&mut self, timeline: Arc<Timeline>, index: Arc<TextIndex>) {
        let first = self.log.is_loading();
        self.set_timeline(timeline, index);
        if !first {
            self.status
                .say(format!("Reloaded {}", self.log.source_name()));
        }
        self.status.set_reload_error(None);
    }

    /// The file on disk cannot be shown now; the last good log stays.
    pub fn reload_failed(&mut self, problem: String) {
        self.status.set_reload_error(Some(problem));
    }

    /// [`App::reload_failed`], the problem at `place` (file, line, column): where `e` opens
    /// the editor until the log loads again.
    pub fn reload_failed_at(&mut self, problem: String, place: Option<(PathBuf, usize, usize)>) {
        let place = place.map(|(path, line, column)| Place {
            path,
            line,
            column: Some(column),
        });
        self.status.set_reload_error_at(problem, place);
    }

    /// Where `e` opens the editor: at the reload error while there is one, else at the
    /// selected event; or why it cannot.
    fn edit(&mut self) {
        if let Some(place) = self.status.error_at() {
            let place = place.clone();
            return self.status.edit(place);
        }
        let Some(i) = self.selected() else {
            return self.status.say("No event selected to edit");
        };
        match self.log.timeline().place(i) {
            (Some(path), line) => self.status.edit(Place {
                path: path.to_path_buf(),
                line,
                column: None,
            }),
            (None, _) => self.status.say(format!(
                "{} is not a file annals can open in an editor; give a log file with -f",
                self.log.source_name()
            )),
        }
    }

    /// The place waiting for the editor, taken (the loop suspends the explorer and runs it).
    pub fn take_edit(&mut self) -> Option<Place> {
        self.status.take_edit()
    }

    /// What became of running the editor: on the message line when it went wrong; the
    /// watcher reloads what was saved.
    pub fn edited(&mut self, outcome: Result<(), String>) {
        if let Err(why) = outcome {
            self.status.say(why);
        }
    }

    /// Takes what the config asks for: keys, the view to open in, personal views, and a
    /// message about the config to show first.
    pub fn configure(&mut self, setup: super::Setup) {
        self.keymap = setup.keymap;
        self.date_style = setup.date_style;
        if setup.start_in_lanes && self.nav.view() == View::Chronology {
            self.nav.toggle_view();
        }
        self.set_personal_views(setup.views);
        if let Some(message) = setup.message {
            self.status.say(message);
        }
    }

    /// Puts `views` in place as the person's own saved views.
    pub fn set_personal_views(&mut self, views: PersonalViews) {
        self.search.set_personal_views(views.views.clone());
        self.personal = views;
    }

    /// Today: the day relative dates in the query bar (`since:-6m`) count back from, and the
    /// timeline's today mark and `:today`. The loop reads the clock; tests give a fixed day.
    pub fn set_today(&mut self, today: chrono::NaiveDate) {
        self.search.set_today(today);
        self.lanes.set_today(Some(today));
    }

    pub fn timeline(&self) -> &Timeline {
        self.log.timeline()
    }

    pub fn log(&self) -> &Log {
        &self.log
    }

    pub fn search(&self) -> &Search {
        &self.search
    }

    pub fn nav(&self) -> &Navigation {
        &self.nav
    }

    pub fn lanes(&self) -> &TimelineView {
        &self.lanes
    }

    /// The filtered events and the selection, as the timeline view reads them.
    pub fn selection(&self) -> Selection<'_> {
        Selection {
            timeline: self.log.timeline(),
            results: self.search.results(),
            cursor: self.nav.cursor(),
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// How the chronology writes dates.
    pub fn date_style(&self) -> crate::config::DateStyle {
        self.date_style
    }

    /// The events the filter selects, in timeline order.
    pub fn results(&self) -> &[usize] {
        self.search.results()
    }

    /// The filter in force.
    pub fn filter(&self) -> &Filter {
        self.search.filter()
    }

    /// Whether the person asked to leave.
    pub fn quit_requested(&self) -> bool {
        self.quit
    }

    /// Frames drawn while loading, for the spinner.
    pub fn ticks(&self) -> usize {
        self.ticks
    }

    /// One more frame drawn.
    pub fn tick(&mut self) {
        self.ticks = self.ticks.wrapping_add(1);
    }

    /// Starts the query bar's history with the queries kept before.
    pub fn set_history(&mut self, entries: Vec<String>) {
        self.search.set_history(entries);
    }

    /// A query kept since the last call, for the history file.
    pub fn take_unsaved_query(&mut self) -> Option<String> {
        self.search.take_unsaved()
    }

    /// The text waiting for the clipboard, taken (the loop writes it after drawing).
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.status.take_clipboard()
    }

    /// The context that decides what keys mean now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Query | Overlay::SaveView(_) => Context::Query,
            Overlay::Picker(_) | Overlay::Views(_) => Context::Picker,
            Overlay::Help => Context::Help,
            Overlay::Jump(_) => Context::Jump,
            Overlay::None => match (self.nav.view(), self.nav.focus()) {
                (View::Lanes, _) => Context::Lanes,
                (View::Chronology, Focus::Detail) => Context::Detail,
                (View::Chronology, Focus::List) => Context::List,
            },
        }
    }

    /// The index (into `timeline.events`) of the selected event.
    pub fn selected(&self) -> Option<usize> {
        self.results().get(self.nav.cursor()).copied()
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected()
            .map(|i| self.timeline().events[i].id().to_string())
    }

    /// The selectable items of the detail pane for the selected event: links, then sources.
    pub fn detail_items(&self) -> Vec<DetailItem> {
        let Some(i) = self.selected() else {
            return Vec::new();
        };
        let t = self.timeline();
        let mut items: Vec<DetailItem> = t.links(i).into_iter().map(DetailItem::Link).collect();
        items.extend((0..t.events[i].sources().len()).map(DetailItem::Source));
        items
    }

    /// Re-runs the filter, keeping the event with id `keep` selected when it still shows,
    /// else the first event on or after its date.
    fn refilter(&mut self, keep: Option<&str>) {
        let previous = keep.and_then(|id| self.timeline().find(id));
        self.search.run(&self.log);
        self.nav.reselect(previous, self.search.results());
    }

    /// Applies a new filter, keeping the selection where possible.
    pub fn set_filter(&mut self, filter: Filter) {
        // The timeline stays: the selected event's index is still the same event.
        let previous = self.selected();
        self.search.set_filter(filter, &self.log);
        self.nav.reselect(previous, self.search.results());
    }

    /// Selects the event at timeline index `event`, clearing the filter if it hides it.
    fn select_event(&mut self, event: usize) {
        if self.results().binary_search(&event).is_err() {
            self.search.set_filter(Filter::default(), &self.log);
            self.status.say(format!(
                "Filter cleared to show `{}`",
                self.timeline().events[event].id()
            ));
        }
        let pos = self.results().binary_search(&event).unwrap_or(0);
        self.nav.select(pos);
    }

    /// A key pressed: each key it stands for ([`keymap::keys_meant`]) is looked up in the
    /// context of the moment and applied. Settle afterwards, as after [`App::apply`].
    pub fn press(&mut self, event: KeyEvent, view: &ViewState) {
        // A key bound as it came (Alt-b in the query bar) is not split into Esc and b.
        if let Some(action) = self.keymap.bound(self.context(), event) {
            self.apply(action, view);
            return;
        }
        for key in keymap::keys_meant(event) {
            match self.keymap.action_for(self.context(), key) {
                Some(action) => self.apply(action, view),
                None if !self.log.is_loading() => self.status.say(format!(
                    "{} does nothing here; {} lists the keys",
                    keymap::label(&keymap::Key::from(key)),
                    self.keymap.key_for(self.context(), Action::Help)
                )),
                None => {}
            }
        }
    }

    /// Changes the state for one action, and brings the results up to date.
    pub fn update(&mut self, action: Action, view: &ViewState) {
        self.apply(action, view);
        self.settle();
    }

    /// Runs the query bar's searches on a thread of their own (the explorer does; tests
    /// search at once): typing never waits for a search, and the list shows the last
    /// finished one's results until the newest query's come ([`App::take_search_answer`]).
    pub fn search_in_background(&mut self) {
        self.search.search_in_background();
    }

    /// A search is running in the background.
    pub fn searching(&self) -> bool {
        self.search.searching()
    }

    /// Shows the results of the search in the background if they have come, keeping the
    /// selection as a changed filter does; true when they had.
    pub fn take_search_answer(&mut self) -> bool {
        let previous = self.selected();
        let changed = self.search.take_answer(&self.log);
        if changed {
            self.nav.reselect(previous, self.search.results());
        }
        changed
    }

    /// Re-filters for the query bar's text if it changed. The event loop applies a burst of
    /// typed keys with [`App::apply`] and settles once, so a fast typist on a big log pays
    /// for one filtering per frame, not one per key.
    pub fn settle(&mut self) {
        let previous = self.selected();
        if self.search.settle(&self.log) {
            self.nav.reselect(previous, self.search.results());
        }
    }

    /// Changes the state for one action, leaving a changed query to [`App::settle`].
    /// Together with `settle`, the only way the state changes. `view` is where the last
    /// frame drew things, for paging and the mouse.
    pub fn apply(&mut self, action: Action, view: &ViewState) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if self.log.is_loading() {
            return;
        }
        // A message lasts until the next thing the person does (which may set a new one).
        if !matches!(action, Action::Scroll(_)) {
            self.status.clear();
        }
        match &self.overlay {
            Overlay::Views(_) => return self.update_view_picker(action),
            Overlay::SaveView(_) => return self.update_save_prompt(action),
            _ => {}
        }
        match self.context() {
            Context::Query => self.update_query(action),
            Context::Picker => self.update_picker(action),
            Context::Help => self.update_help(action),
            Context::Jump => self.update_jump(action, view),
            Context::Lanes => self.update_lanes(action, view),
            Context::Detail | Context::List | Context::Global => self.update_main(action, view),
        }
    }

    /// Actions that mean the same in every non-text context. False when `action` is not
    /// one of them.
    fn update_global(&mut self, action: Action, view: &ViewState) -> bool {
        match action {
            Action::Help => {
                self.overlay = Overlay::Help;
                self.nav.reset_help();
            }
            Action::Query => {
                self.search.open_bar();
                self.overlay = Overlay::Query;
            }
            Action::PickActors | Action::PickTags => {
                let kind = if action == Action::PickActors {
                    PickerKind::Actors
                } else {
                    PickerKind::Tags
                };
                self.overlay =
                    Overlay::Picker(Picker::new(kind, self.search.filter(), self.timeline()));
            }
            Action::PickViews => self.open_view_picker(),
            Action::SaveView if self.filter().is_empty() => self
                .status
                .say("There is no filter to save: filter first (/, a, t), then save it"),
            Action::SaveView => self.overlay = Overlay::SaveView(LineEdit::default()),
            Action::ClearFilters => {
                self.set_filter(Filter::default());
                self.status.say("Filters cleared");
            }
            Action::ToggleLanes => self.nav.toggle_view(),
            Action::Jump => self.overlay = Overlay::Jump(jump::Prompt::default()),
            Action::Copy => self.copy(),
            Action::Edit => self.edit(),
            Action::OpenSource => match self.source_url() {
                Some(url) => self.status.open(url),
                None => self.status.say("This event has no source with a URL"),
            },
            Action::Click { column, row } => match view.target_at(column, row) {
                Some(Target::Result(pos)) => {
                    self.nav.select(pos);
                    self.nav.focus_list();
                }
                Some(Target::Month(month)) => self.jump_to_month(month),
                None => {}
            },
            _ => return false,
        }
        true
    }

    /// The chronology (list or detail focused) and the lanes view.
    fn update_main(&mut self, action: Action, view: &ViewState) {
        if self.update_global(action, view) {
            return;
        }
        let items = self.detail_items().len();
        if self.nav.update(
            action,
            self.search.results(),
            view.list_height(),
            view.detail_size(),
            items,
        ) {
            return;
        }
        match (self.context(), action) {
            (Context::List, Action::PrevMonth | Action::NextMonth) => self.nav.jump_month(
                action == Action::NextMonth,
                self.search.results(),
                self.log.timeline(),
            ),
            (Context::List | Context::Lanes, Action::Enter) if self.selected().is_some() => {
                self.nav.open_detail()
            }
            // Where the panes take turns, the detail pane shows only with the keyboard.
            (Context::List, Action::ToggleDetail)
                if view.panes() == Panes::One && self.selected().is_some() =>
            {
                self.nav.open_detail()
            }
            (Context::List, Action::ToggleDetail) if view.panes() != Panes::One => {
                self.nav.toggle_detail()
            }
            (Context::List | Context::Detail, Action::Back) => self.go_back(),
            (Context::Detail, Action::Enter) => self.open_detail_item(),
            (Context::Detail, Action::Escape) => self.nav.focus_list(),
            (Context::Lanes, Action::Escape) => self.nav.leave_lanes(),
            _ => {}
        }
    }

    /// The timeline view takes its own actions first; what it leaves is the chronology's.
    fn update_lanes(&mut self, action: Action, view: &ViewState) {
        let selection = Selection {
            timeline: self.log.timeline(),
            results: self.search.results(),
            cursor: self.nav.cursor(),
        };
        match self.lanes.update(action, &selection, view.timeline()) {
            Effect::Done => {}
            Effect::Select(pos) => self.nav.select(pos),
            Effect::Notice(text) => self.status.say(text),
            Effect::Open => self.nav.open_detail(),
            Effect::Leave => self.nav.leave_lanes(),
            Effect::Unhandled => self.update_main(action, view),
        }
    }

    /// The jump prompt: Enter selects the first event on or after the date typed (and brings
    /// the timeline there); a date that does not read stays in the prompt with the reason.
    fn update_jump(&mut self, action: Action, view: &ViewState) {
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
            Action::Enter => match jump::parse(&prompt.text, self.lanes.today()) {
                Err(e) => prompt.error = Some(e),
                Ok(day) => {
                    self.overlay = Overlay::None;
                    if let Some(pos) = self.selection().first_from(day) {
                        self.nav.select(pos);
                    }
                    let selected = self.selected();
                    self.lanes.show_day(day, selected, view.timeline());
                }
            },
            _ => {}
        }
    }

    /// Enter on the detail pane's selected item: follow a link, or show a source's URL.
    fn open_detail_item(&mut self) {
        let Some(i) = self.selected() else {
            return;
        };
        match self.detail_items().get(self.nav.detail_cursor()) {
            Some(&DetailItem::Link(target)) => {
                if let Some(id) = self.selected_id() {
                    self.nav.push_back(id, self.filter().clone());
                }
                self.select_event(target);
            }
            Some(&DetailItem::Source(s)) => {
                let source = self.timeline().events[i].sources().get(s);
                let message = match source.and_then(|s| s.url) {
                    Some(url) => format!(
                        "{url}  ({} copies it)",
                        self.keymap.key_for(Context::Detail, Action::Copy)
                    ),
                    None => "This source has no URL".into(),
                };
                self.status.say(message);
            }
            None => {}
        }
    }

    fn update_help(&mut self, action: Action) {
        match action {
            Action::Escape | Action::Help => self.overlay = Overlay::None,
            Action::Up => self.nav.scroll_help(false),
            Action::Down => self.nav.scroll_help(true),
            _ => {}
        }
    }

    fn update_query(&mut self, action: Action) {
        let previous = self.selected();
        if let Bar::Closed { changed } = self.search.update_bar(action, &self.log) {
            self.overlay = Overlay::None;
            if changed {
                self.nav.reselect(previous, self.search.results());
            }
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Overlay::Picker(mut picker) = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return;
        };
        match action {
            Action::Escape => return,
            Action::Enter => {
                let mut filter = self.filter().clone();
                let chosen = picker.chosen(self.timeline());
                match picker.kind {
                    PickerKind::Actors => filter.actors = chosen,
                    PickerKind::Tags => filter.tags = chosen,
                }
                self.set_filter(filter);
                return;
            }
            other => picker.update(other, self.log.timeline()),
        }
        self.overlay = Overlay::Picker(picker);
    }

    fn open_view_picker(&mut self) {
        let picker = ViewPicker::new(&self.personal.views, &self.log, self.search.today());
        if picker.total() == 0 {
            let save = self.keymap.key_for(Context::List, Action::SaveView);
            self.status.say(format!(
                "No saved views: {save} saves the filter as one; a log or the config can list them as [views.NAME]"
            ));
            return;
        }
        self.overlay = Overlay::Views(picker);
    }

    fn update_view_picker(&mut self, action: Action) {
        let Overlay::Views(mut picker) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        match action {
            Action::Escape => {}
            Action::Enter => {
                if let Some(view) = picker.chosen() {
                    match Filter::parse_at(&view.query, self.search.today()) {
                        Ok(filter) => {
                            let name = view.name.clone();
                            self.set_filter(filter);
                            self.status.say(format!("View @{name}"));
                        }
                        Err(e) => self.status.say(format!("@{}: {e}", view.name)),
                    }
                }
            }
            other => {
                picker.update(other);
                self.overlay = Overlay::Views(picker);
            }
        }
    }

    fn update_save_prompt(&mut self, action: Action) {
        let Overlay::SaveView(mut line) = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return;
        };
        match action {
            Action::Escape => {}
            Action::Enter => {
                let query = self.filter().to_query();
                match self.personal.save(line.text(), &query) {
                    Ok(said) => {
                        self.search.set_personal_views(self.personal.views.clone());
                        self.status.say(said);
                    }
                    Err(why) => {
                        self.status.say(why);
                        self.overlay = Overlay::SaveView(line);
                    }
                }
            }
            other => {
                line.update(other);
                self.overlay = Overlay::SaveView(line);
            }
        }
    }

    /// Selects the first event shown in `month` (an index) or after it, else the last.
    fn jump_to_month(&mut self, month: i32) {
        let t = self.log.timeline();
        let results = self.search.results();
        if results.is_empty() {
            return;
        }
        let pos = results.partition_point(|&i| t.events[i].date.month_index() < month);
        self.nav.select(pos.min(results.len() - 1));
        let event = &t.events[results[pos.min(results.len() - 1)]];
        let (year, m) = crate::model::month_of_index(month);
        self.status.say(format!(
            "{} {year}: {} {}",
            crate::model::month_name(m),
            if event.date.month_index() == month {
                "first event"
            } else {
                "next event"
            },
            event.date
        ));
    }

    /// Back to the last place: its filter, its event, and the panes as they were.
    fn go_back(&mut self) {
        while let Some(place) = self.nav.pop_back() {
            if let Some(event) = self.timeline().find(&place.id) {
                if *self.filter() != place.filter {
                    self.search.set_filter(place.filter.clone(), &self.log);
                }
                self.select_event(event);
                self.nav.restore(&place);
                return;
            }
        }
        self.status.say("Nothing to go back to");
    }

    /// The URL `o` opens: the selected source's in the detail pane, else the event's first.
    fn source_url(&self) -> Option<String> {
        let event = &self.timeline().events[self.selected()?];
        let chosen = match (
            self.nav.focus(),
            self.detail_items().get(self.nav.detail_cursor()),
        ) {
            (Focus::Detail, Some(DetailItem::Source(s))) => {
                event.sources().get(*s).and_then(|s| s.url)
            }
            _ => None,
        };
        chosen
            .or_else(|| event.sources().iter().find_map(|s| s.url))
            .map(str::to_string)
    }

    /// The URL waiting to be opened in the browser, taken (the loop opens it).
    pub fn take_open(&mut self) -> Option<String> {
        self.status.take_open()
    }

    /// What became of opening `url`: said on the message line; without a browser, the URL
    /// goes to the clipboard instead.
    pub fn opened(&mut self, outcome: Opened, url: String) {
        let why = match outcome {
            Opened::Yes => return self.status.say(format!("Opened {url}")),
            Opened::NoDisplay => "No display to open a browser on".to_string(),
            Opened::Failed(why) => format!("Could not open a browser ({why})"),
        };
        self.status.copy(url);
        let copied = self.status.notice().unwrap_or_default().to_string();
        self.status.say(format!("{why}: {copied}"));
    }

    fn copy(&mut self) {
        let Some(i) = self.selected() else {
            return;
        };
        let event = &self.timeline().events[i];
        let text = match (
            self.nav.focus(),
            self.detail_items().get(self.nav.detail_cursor()),
        ) {
            (Focus::Detail, Some(DetailItem::Source(s))) => event
                .sources()
                .get(*s)
                .and_then(|s| s.url)
                .map(str::to_string),
            _ => Some(event.id().to_string()),
        };
        if let Some(text) = text {
            self.status.copy(text);
        }
    }
}
