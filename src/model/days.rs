//! The days each event covers, kept apart from the events in compact arrays, so that a view
//! of a stretch of time finds its events by binary search and reads only a few bytes each.

use super::Event;

/// Events covering more days than this are "long": found by a scan of their own list, so
/// that everything else in a window can be found from its first day alone.
pub const LONG_DAYS: i32 = 400;

/// Per event (in timeline order): first and last day. Plus the long events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayIndex {
    first: Vec<i32>,
    last: Vec<i32>,
    /// Events whose span exceeds [`LONG_DAYS`], in timeline order.
    long: Vec<usize>,
}

impl DayIndex {
    pub fn new(events: &[Event]) -> Self {
        let first: Vec<i32> = events.iter().map(Event::first_day).collect();
        let last: Vec<i32> = events.iter().map(Event::last_day).collect();
        let long = (0..events.len())
            .filter(|&i| last[i] - first[i] > LONG_DAYS)
            .collect();
        Self { first, last, long }
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
    pub fn in_window(&self, results: &[usize], from: i32, to: i32) -> Vec<usize> {
        // Events start in timeline order, so `first` rises along `results`.
        let lo = results.partition_point(|&i| self.first(i) < from.saturating_sub(LONG_DAYS));
        let hi = results.partition_point(|&i| self.first(i) <= to);
        let mut out: Vec<usize> = results[lo..hi.max(lo)]
            .iter()
            .copied()
            .filter(|&i| self.last(i) >= from)
            .collect();
        let before = out.len();
        for &i in &self.long {
            if self.first(i) < from.saturating_sub(LONG_DAYS)
                && self.last(i) >= from
                && results.binary_search(&i).is_ok()
            {
                out.push(i);
            }
        }
        if out.len() != before {
            out.sort_unstable();
        }
        out
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
