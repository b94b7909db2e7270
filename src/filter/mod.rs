//! Which events a [`Filter`] selects: pure functions shared by the command line and the explorer.
//!
//! Actor, tag and lane queries are matched once against the log's tables (a few hundred
//! entries), and events are then selected by index; only the search words look at event text.

mod facts;
pub mod fuzzy;
mod holding;
mod index;
mod machine;
mod notes;
mod query;
mod saved;
mod search;
mod titles;
mod words;

pub use index::TextIndex;
pub use notes::fuzzy_notes;
pub use query::{Filter, QueryError, parse_date_at, parse_importance};
pub use saved::{expand as expand_views, uses_views};
pub use search::SearchWord;

use crate::model::Timeline;

/// The actors a query matches, best first, with their scores. A query that is exactly an
/// actor's id matches that actor alone (so a picked actor never brings in look-alikes).
pub fn match_actors(query: &str, timeline: &Timeline) -> Vec<(usize, i64)> {
    if let Some(i) = timeline
        .actors
        .iter()
        .position(|a| a.id.eq_ignore_ascii_case(query.trim()))
    {
        return vec![(i, i64::MAX)];
    }
    let mut pattern = fuzzy::Pattern::new(query);
    let mut out: Vec<(usize, i64)> = timeline
        .actors
        .iter()
        .enumerate()
        .filter_map(|(i, actor)| {
            let names = std::iter::once(actor.id.as_str())
                .chain(std::iter::once(actor.name.as_str()))
                .chain(actor.aliases.iter().map(String::as_str));
            names.filter_map(|n| pattern.score(n)).max().map(|s| (i, s))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The tags a query matches: the tag of that exact name if there is one, else fuzzy matches.
pub fn match_tags(query: &str, timeline: &Timeline) -> Vec<(usize, i64)> {
    if let Some(i) = timeline
        .tags
        .iter()
        .position(|t| t.name.eq_ignore_ascii_case(query.trim()))
    {
        return vec![(i, i64::MAX)];
    }
    let mut pattern = fuzzy::Pattern::new(query);
    let mut out: Vec<(usize, i64)> = timeline
        .tags
        .iter()
        .enumerate()
        .filter_map(|(i, t)| pattern.score(&t.name).map(|s| (i, s)))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The lanes a query matches: exact (ignoring case) if one is, else fuzzy matches.
pub fn match_lanes(query: &str, timeline: &Timeline) -> Vec<usize> {
    if let Some(i) = timeline
        .lanes
        .iter()
        .position(|l| l.eq_ignore_ascii_case(query.trim()))
    {
        return vec![i];
    }
    let mut pattern = fuzzy::Pattern::new(query);
    (0..timeline.lanes.len())
        .filter(|&i| pattern.score(&timeline.lanes[i]).is_some())
        .collect()
}

/// A filter resolved against one timeline, ready to test events quickly.
pub struct Matcher<'a> {
    timeline: &'a Timeline,
    filter: &'a Filter,
    actors: Option<Vec<bool>>,
    tags: Option<Vec<bool>>,
    lanes: Option<Vec<bool>>,
    since: Option<i32>,
    until: Option<i32>,
    min_importance: u8,
}

impl<'a> Matcher<'a> {
    pub fn new(filter: &'a Filter, timeline: &'a Timeline) -> Self {
        let set = |len: usize, hits: Vec<usize>| {
            let mut v = vec![false; len];
            for i in hits {
                v[i] = true;
            }
            v
        };
        let actors = (!filter.actors.is_empty()).then(|| {
            let hits = filter
                .actors
                .iter()
                .flat_map(|q| match_actors(q, timeline).into_iter().map(|(i, _)| i))
                .collect();
            set(timeline.actors.len(), hits)
        });
        let tags = (!filter.tags.is_empty()).then(|| {
            let hits = filter
                .tags
                .iter()
                .flat_map(|q| match_tags(q, timeline).into_iter().map(|(i, _)| i))
                .collect();
            set(timeline.tags.len(), hits)
        });
        let lanes = (!filter.lanes.is_empty()).then(|| {
            let hits = filter
                .lanes
                .iter()
                .flat_map(|q| match_lanes(q, timeline))
                .collect();
            set(timeline.lanes.len(), hits)
        });
        Self {
            timeline,
            filter,
            actors,
            tags,
            lanes,
            since: filter.since.map(|d| d.first_day()),
            until: filter.until.map(|d| d.last_day()),
            min_importance: filter.min_importance.unwrap_or(0),
        }
    }

    /// True when no actor, tag or lane matched the query for it, so nothing can match.
    pub fn unmatched(&self) -> Vec<String> {
        let mut out = Vec::new();
        let none = |v: &Option<Vec<bool>>| v.as_ref().is_some_and(|v| !v.contains(&true));
        if none(&self.actors) {
            out.push(format!("no actor matches {}", list(&self.filter.actors)));
        }
        if none(&self.tags) {
            out.push(format!("no tag matches {}", list(&self.filter.tags)));
        }
        if none(&self.lanes) {
            out.push(format!("no lane matches {}", list(&self.filter.lanes)));
        }
        out
    }

    /// True when nothing but the search words (if any) narrows the events.
    fn unstructured(&self) -> bool {
        self.min_importance == 0
            && self.since.is_none()
            && self.until.is_none()
            && self.actors.is_none()
            && self.tags.is_none()
            && self.lanes.is_none()
    }

    /// Everything but the search words.
    fn structured(&self, i: usize) -> bool {
        let e = &self.timeline.events[i];
        if e.importance < self.min_importance {
            return false;
        }
        if self.since.is_some_and(|s| e.last_day() < s) {
            return false;
        }
        if self.until.is_some_and(|u| e.first_day() > u) {
            return false;
        }
        if let Some(actors) = &self.actors
            && !e.actors().iter().any(|a| actors[a])
        {
            return false;
        }
        if let Some(tags) = &self.tags
            && !e.tags().iter().any(|t| tags[t])
        {
            return false;
        }
        if let Some(lanes) = &self.lanes
            && !e
                .actors()
                .iter()
                .any(|a| lanes[self.timeline.actors[a].lane])
        {
            return false;
        }
        true
    }

    /// The events (indices, in timeline order) that match, worked out from scratch. (A
    /// result is not narrowed from the previous one as a query grows: a longer word may
    /// place its letters more loosely, see [`fuzzy::Pattern::indices`], and match a title
    /// its prefix did not.) An index made for another timeline is not used: the events'
    /// text is scanned.
    pub fn select(&self, index: &TextIndex) -> Vec<usize> {
        self.select_with_words(index).0
    }

    /// [`Matcher::select`], and the filter's search words, each with how it matched in this
    /// log: as written, or, for a word written nowhere in it, loosely ([`SearchWord`]).
    pub fn select_with_words(&self, index: &TextIndex) -> (Vec<usize>, Vec<SearchWord>) {
        self.select_until(index, &|| false).unwrap_or_default()
    }

    /// [`Matcher::select_with_words`], or `None` as soon as `stop` says the answer is no
    /// longer wanted (a newer query superseded it). `stop` is asked every few thousand
    /// events.
    pub fn select_until(
        &self,
        index: &TextIndex,
        stop: &dyn Fn() -> bool,
    ) -> Option<(Vec<usize>, Vec<SearchWord>)> {
        if !self.filter.words.is_empty() && !index.covers(self.timeline.events.len()) {
            return self.select_until(&TextIndex::later(self.timeline), stop);
        }
        let words = index.search_words_until(self.timeline, &self.filter.words, stop)?;
        let pool = self.pool(index);
        if words.is_empty() {
            return Some((pool, words));
        }
        let found = index.narrow_until(self.timeline, &words, pool, stop)?;
        Some((found, words))
    }

    /// [`Matcher::structured`], from the compact facts of a built index.
    fn structured_in(&self, facts: &facts::Facts, i: usize) -> bool {
        if facts.importance[i] < self.min_importance {
            return false;
        }
        if self.since.is_some_and(|s| facts.last_day[i] < s) {
            return false;
        }
        if self.until.is_some_and(|u| facts.first_day[i] > u) {
            return false;
        }
        // (No actor check: with actors asked for, the pool is their events.)
        if let Some(tags) = &self.tags
            && !facts.tags(i).iter().any(|&t| tags[t as usize])
        {
            return false;
        }
        if let Some(lanes) = &self.lanes
            && !facts.lanes(i).iter().any(|&l| lanes[l as usize])
        {
            return false;
        }
        true
    }

    /// The events that match everything but the search words.
    fn pool(&self, index: &TextIndex) -> Vec<usize> {
        let facts = index
            .facts()
            .filter(|_| index.covers(self.timeline.events.len()));
        let keep = |i: usize| match facts {
            Some(facts) => self.structured_in(facts, i),
            None => self.structured(i),
        };
        match &self.actors {
            Some(actors) => {
                // Select by actor through the per-actor index rather than scanning every event.
                let mut hits: Vec<usize> = actors
                    .iter()
                    .enumerate()
                    .filter(|(_, on)| **on)
                    .flat_map(|(a, _)| self.timeline.events_by_actor[a].iter().copied())
                    .collect();
                hits.sort_unstable();
                hits.dedup();
                hits.retain(|&i| keep(i));
                hits
            }
            // A bare word query: every event, without reading any (on a large log, reading
            // each event's fields costs more than searching their titles).
            None if self.unstructured() => (0..self.timeline.events.len()).collect(),
            None => (0..self.timeline.events.len())
                .filter(|&i| keep(i))
                .collect(),
        }
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", crate::text::quoted(s)))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The events matching `filter`, in timeline order, for a one-off query (the CLI): the
/// events' text is scanned, which costs less than building an index for one query.
pub fn apply(filter: &Filter, timeline: &Timeline) -> Vec<usize> {
    Matcher::new(filter, timeline).select(&TextIndex::later(timeline))
}

/// What to tell a person about the words matched loosely, one note per word.
pub fn loose_notes(words: &[SearchWord]) -> Vec<String> {
    words
        .iter()
        .filter(|w| w.loose)
        .map(|w| {
            format!(
                "no event has `{}`: showing titles that hold its letters in order, close together",
                crate::text::quoted(&w.text)
            )
        })
        .collect()
}

/// Character positions in `title` to highlight for the search words.
pub fn title_highlights(title: &str, words: &[SearchWord]) -> Vec<usize> {
    let mut out = Vec::new();
    for word in words {
        out.extend(search::word_positions(title, word));
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
