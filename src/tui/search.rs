//! The search: the filter in force, the query bar that edits it, and the events it selects.

use super::action::Action;
use super::log::Log;
use crate::filter::{Filter, Matcher, SearchWord};

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
    /// The text in the query bar.
    query: String,
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
    /// Selected events per month, in the log's month buckets.
    density: Vec<u32>,
}

impl Search {
    pub fn new(filter: Filter) -> Self {
        Self {
            query: filter.to_query(),
            before_query: filter.clone(),
            filter,
            ..Self::default()
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The query bar's text.
    pub fn query(&self) -> &str {
        &self.query
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

    /// Selected events per month.
    pub fn density(&self) -> &[u32] {
        &self.density
    }

    /// Runs the filter over `log` again.
    pub(super) fn run(&mut self, log: &Log) {
        let matcher = Matcher::new(&self.filter, log.timeline());
        self.unmatched = matcher.unmatched();
        (self.results, self.words) = matcher.select_with_words(log.index());
        self.density = log.month_counts(self.results.iter().copied());
    }

    /// Puts `filter` in force and runs it; the query bar's text follows.
    pub(super) fn set_filter(&mut self, filter: Filter, log: &Log) {
        self.query = filter.to_query();
        self.filter = filter;
        self.run(log);
    }

    /// Opens the query bar on the filter in force, ready to type more.
    pub(super) fn open_bar(&mut self) {
        self.before_query = self.filter.clone();
        self.query = self.filter.to_query();
        if !self.query.is_empty() {
            self.query.push(' ');
        }
        self.error = None;
    }

    /// One action in the query bar. Typing leaves the filtering to [`Search::settle`].
    pub(super) fn update_bar(&mut self, action: Action, log: &Log) -> Bar {
        match action {
            Action::Input(c) => self.query.push(c),
            Action::DeleteChar => {
                self.query.pop();
            }
            Action::ClearInput => self.query.clear(),
            Action::Enter => {
                let changed = self.settle(log);
                self.error = None;
                self.query = self.filter.to_query();
                return Bar::Closed { changed };
            }
            Action::Escape => {
                self.pending = false;
                self.error = None;
                let before = self.before_query.clone();
                self.set_filter(before, log);
                return Bar::Closed { changed: true };
            }
            _ => return Bar::Open,
        }
        self.pending = true;
        Bar::Open
    }

    /// Re-filters for the query bar's text if it changed; true when the results changed.
    pub(super) fn settle(&mut self, log: &Log) -> bool {
        if !std::mem::take(&mut self.pending) {
            return false;
        }
        match Filter::parse(&self.query) {
            Ok(filter) => {
                self.error = None;
                if filter != self.filter {
                    self.filter = filter;
                    self.run(log);
                    return true;
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        false
    }
}
