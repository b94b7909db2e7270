//! The days each event covers, kept apart from the events in compact arrays, so that a view
//! of a stretch of time finds its events by binary search and reads only a few bytes each.

use std::borrow::Cow;

use super::{Actor, Event, Precision};

/// Events covering more days than this are "long": found by a scan of their own list, so
/// that everything else in a window can be found from its first day alone.
pub const LONG_DAYS: i32 = 400;

/// Per event (in timeline order): first and last day, and what a view of time draws without
/// reading the event itself. Plus the long events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayIndex {
    first: Vec<i32>,
    last: Vec<i32>,
    looks: Vec<Look>,
    /// Events whose span exceeds [`LONG_DAYS`], in timeline order.
    long: Vec<usize>,
}

/// How an event is drawn on a time axis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    /// The lane of its acting actor, if it has an actor.
    pub lane: Option<u32>,
    pub importance: u8,
    /// It has an `end`.
    pub ranged: bool,
    /// Its date (or end) is known only to the month or year.
    pub vague: bool,
    /// The title's length in bytes (at most 255): never less than the columns it takes.
    pub title_bytes: u8,
}

impl DayIndex {
    pub fn new(events: &[Event], actors: &[Actor]) -> Self {
        let first: Vec<i32> = events.iter().map(Event::first_day).collect();
        let last: Vec<i32> = events.iter().map(Event::last_day).collect();
        let looks = events
            .iter()
            .map(|e| Look {
                lane: e
                    .actors()
                    .first()
                    .and_then(|a| actors.get(a))
                    .map(|a| a.lane as u32),
                importance: e.importance,
                ranged: e.end.is_some(),
                vague: e.date.precision() != Precision::Day
                    || e.end.is_some_and(|d| d.precision() != Precision::Day),
                title_bytes: e.title().len().min(255) as u8,
            })
            .collect();
        let long = (0..events.len())
            .filter(|&i| last[i] - first[i] > LONG_DAYS)
            .collect();
        Self {
            first,
            last,
            looks,
            long,
        }
    }

    pub fn look(&self, event: usize) -> Look {
        self.looks.get(event).copied().unwrap_or_default()
    }

    pub fn first(&self, event: usize) -> i32 {
        self.first.get(event).copied().unwrap_or(0)
    }

    pub fn last(&self, event: usize) -> i32 {
        self.last.get(event).copied().unwrap_or(0)
    }

    /// The events of `results` (timeline indices, ascending) that cover any day of
    /// `from..=to`, in timeline order. Costs a binary search plus the events near the
    /// window, and a look at each long event: never a scan of every result.
    pub fn in_window<'r>(&self, results: &'r [usize], from: i32, to: i32) -> Cow<'r, [usize]> {
        // Events start in timeline order, so `first` rises along `results`.
        let lo = results.partition_point(|&i| self.first(i) < from.saturating_sub(LONG_DAYS));
        let starts = results.partition_point(|&i| self.first(i) < from);
        let hi = results
            .partition_point(|&i| self.first(i) <= to)
            .max(starts);
        let long = self.long.iter().copied().filter(|&i| {
            self.first(i) < from.saturating_sub(LONG_DAYS)
                && self.last(i) >= from
                && results.binary_search(&i).is_ok()
        });
        // Those starting before the window that reach into it.
        let mut before: Vec<usize> = results[lo..starts]
            .iter()
            .copied()
            .filter(|&i| self.last(i) >= from)
            .chain(long)
            .collect();
        if before.is_empty() {
            // The usual case for a view of the whole log: no copy.
            return Cow::Borrowed(&results[starts..hi]);
        }
        before.sort_unstable();
        before.extend_from_slice(&results[starts..hi]);
        Cow::Owned(before)
    }

    /// The first and last day the events of `results` cover, or `None` when there are none.
    pub fn span(&self, results: &[usize]) -> Option<(i32, i32)> {
        let (&head, &tail) = (results.first()?, results.last()?);
        let first = self.first(head);
        // Only a long event, or one starting near the end, can end last.
        let from = results.partition_point(|&i| self.first(i) < self.first(tail) - LONG_DAYS);
        let near = results[from..].iter().map(|&i| self.last(i));
        let long = self
            .long
            .iter()
            .filter(|&&i| results.binary_search(&i).is_ok())
            .map(|&i| self.last(i));
        let last = near.chain(long).max().unwrap_or(first);
        Some((first, last.max(first)))
    }
}
