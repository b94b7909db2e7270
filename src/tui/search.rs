//! The search: the filter in force, the query bar that edits it, and the events it selects.

use super::action::Action;
use super::line::{History, LineEdit};
use super::log::Log;
use super::searcher::{Answer, Searcher};
use crate::filter::{Filter, Matcher, SearchWord};
use crate::model::SavedView;

/// What the query bar asks of the explorer after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// The bar stays open.
    Open,
    /// The bar closed (kept or cancelled); `changed` when the results changed with it.
    Closed { changed: bool },
}

/// The filter, the query bar's text, and the filter's results.
#[derive(Debug, Default)]
pub struct Search {
    /// The filter in force (the last one that parsed).
    filter: Filter,
    /// The filter before the query bar opened, restored by Esc.
    before_query: Filter,
    /// The text in the query bar, and its cursor.
    query: LineEdit,
    /// The queries kept before, for Up and Down.
    history: History,
    /// A query kept (Enter) that the history file has not had yet.
    unsaved: Option<String>,
    /// Why the query bar's text does not parse, if it does not.
    error: Option<String>,
    /// The query bar's text changed and has not been applied yet (see [`Search::settle`]).
    pending: bool,
    /// The events the filter selects, in timeline order.
    results: Vec<usize>,
    /// The filter's search words as they match in this log, for highlighting.
    words: Vec<SearchWord>,
    /// Per actor / tag / lane query that matched nothing.
    unmatched: Vec<String>,
    /// Per tag / lane query matched only fuzzily: what it was taken to mean.
    fuzzy: Vec<String>,
    /// Selected events per month, in the log's month buckets.
    density: Vec<u32>,
    /// What relative dates in the query bar count back from.
    today: chrono::NaiveDate,
    /// The person's saved views, which `@name` looks in before the log's.
    personal: Vec<SavedView>,
    /// The thread that runs the query bar's searches (the explorer's; tests search at once).
    searcher: Option<Searcher>,
    /// A search asked of `searcher` has not answered yet: the results are the last ones.
    searching: bool,
}

impl Search {
    pub fn new(filter: Filter) -> Self {
        Self {
            query: LineEdit::new(filter.to_query()),
            before_query: filter.clone(),
            filter,
            ..Self::default()
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The day relative dates count back from.
    pub(super) fn today(&self) -> chrono::NaiveDate {
        self.today
    }

    /// Sets the person's saved views, for `@name`.
    pub(super) fn set_personal_views(&mut self, views: Vec<SavedView>) {
        self.personal = views;
    }

    /// Sets the day relative dates (`since:-6m`) count back from.
    pub(super) fn set_today(&mut self, today: chrono::NaiveDate) {
        self.today = today;
    }

    /// The query bar's text.
    pub fn query(&self) -> &str {
        self.query.text()
    }

    /// The query bar's cursor, a byte offset in its text.
    pub fn query_cursor(&self) -> usize {
        self.query.cursor()
    }

    /// Starts the history with the queries kept before.
    pub(super) fn set_history(&mut self, entries: Vec<String>) {
        self.history = History::new(entries);
    }

    /// A query kept since the last call, to add to the history file.
    pub(super) fn take_unsaved(&mut self) -> Option<String> {
        self.unsaved.take()
    }

    /// Why the query bar's text does not parse, if it does not.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The events the filter selects, in timeline order.
    pub fn results(&self) -> &[usize] {
        &self.results
    }

    /// The search words as they match in this log, for highlighting.
    pub fn words(&self) -> &[SearchWord] {
        &self.words
    }

    /// Notes for actor, tag and lane queries that matched nothing.
    pub fn unmatched(&self) -> &[String] {
        &self.unmatched
    }

    /// Notes for tag and lane queries matched only fuzzily (what they were taken to mean).
    pub fn fuzzy_notes(&self) -> &[String] {
        &self.fuzzy
    }

    /// Selected events per month.
    pub fn density(&self) -> &[u32] {
        &self.density
    }

    /// Runs the filter over `log` again, at once (any search in the background is dropped).
    pub(super) fn run(&mut self, log: &Log) {
        if let Some(searcher) = &self.searcher {
            searcher.cancel();
        }
        self.searching = false;
        let matcher = Matcher::new(&self.filter, log.timeline());
        self.unmatched = matcher.unmatched();
        self.fuzzy = crate::filter::fuzzy_notes(&self.filter, log.timeline());
        (self.results, self.words) = matcher.select_with_words(log.index());
        self.density = log.month_counts(self.results.iter().copied());
    }

    /// Runs the query bar's searches on a thread of their own from now on.
    pub(super) fn search_in_background(&mut self) {
        self.searcher = Searcher::start();
    }

    /// A search is running: the results shown are the last finished one's.
    pub fn searching(&self) -> bool {
        self.searching
    }

    /// Takes the answer of the search in the background, if it has come; true when the
    /// results changed.
    pub(super) fn take_answer(&mut self, log: &Log) -> bool {
        let Some(answer) = self
            .searcher
            .as_ref()
            .filter(|_| self.searching)
            .and_then(Searcher::answer)
        else {
            return false;
        };
        let Answer {
            results,
            words,
            unmatched,
            fuzzy,
            ..
        } = answer;
        (self.results, self.words, self.unmatched, self.fuzzy) = (results, words, unmatched, fuzzy);
        self.density = log.month_counts(self.results.iter().copied());
        self.searching = false;
        true
    }

    /// Puts `filter` in force and runs it; the query bar's text follows.
    pub(super) fn set_filter(&mut self, filter: Filter, log: &Log) {
        self.query.set(filter.to_query());
        self.filter = filter;
        self.run(log);
    }

    /// Opens the query bar on the filter in force, ready to type more.
    pub(super) fn open_bar(&mut self) {
        self.before_query = self.filter.clone();
        let mut text = self.filter.to_query();
        if !text.is_empty() {
            text.push(' ');
        }
        self.query.set(text);
        self.history.rewind();
        self.error = None;
    }

    /// One action in the query bar. Typing leaves the filtering to [`Search::settle`].
    pub(super) fn update_bar(&mut self, action: Action, log: &Log) -> Bar {
        match action {
            Action::Enter => {
                let changed = self.settle(log);
                if self.error.is_none() && self.history.push(self.query.text()) {
                    self.unsaved = Some(self.query.text().trim().to_string());
                }
                self.error = None;
                self.query.set(self.filter.to_query());
                return Bar::Closed { changed };
            }
            Action::Escape => {
                self.pending = false;
                self.error = None;
                let before = self.before_query.clone();
                self.set_filter(before, log);
                return Bar::Closed { changed: true };
            }
            Action::Up | Action::Down => {
                match self.history.step(action == Action::Up, self.query.text()) {
                    Some(text) => self.query.set(text),
                    None => return Bar::Open,
                }
            }
            Action::Left
            | Action::Right
            | Action::Top
            | Action::Bottom
            | Action::WordLeft
            | Action::WordRight => {
                self.query.update(action);
                return Bar::Open;
            }
            other => {
                if !self.query.update(other) {
                    return Bar::Open;
                }
            }
        }
        self.pending = true;
        Bar::Open
    }

    /// Re-filters for the query bar's text if it changed; true when the results changed.
    pub(super) fn settle(&mut self, log: &Log) -> bool {
        if !std::mem::take(&mut self.pending) {
            return false;
        }
        let views = super::saved::all_views(&self.personal, log);
        let parsed = crate::filter::expand_views(self.query.text(), &views)
            .and_then(|q| Filter::parse_at(&q, self.today));
        match parsed {
            Ok(filter) => {
                self.error = None;
                if filter != self.filter {
                    self.filter = filter;
                    if let Some(searcher) = &self.searcher {
                        let (timeline, index) = log.shared();
                        if searcher.ask(self.filter.clone(), timeline, index) {
                            self.searching = true;
                            return false;
                        }
                    }
                    self.run(log);
                    return true;
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        false
    }
}
