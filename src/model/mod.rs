//! The timeline as the rest of annals sees it: events, actors, sources, dates. No I/O, no UI.

mod date;
mod days;
mod era;
pub mod relative;

use std::collections::HashMap;
use std::fmt;

pub use date::{Date, DateError, Precision, month_name, month_of_index};
pub use days::{DayIndex, LONG_DAYS, Look};
pub use era::{COLOUR_NAMES, Colour, Era};

/// What an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ActorKind {
    Government,
    Company,
    Alliance,
    Organization,
    Person,
    Country,
}

impl ActorKind {
    pub const ALL: [ActorKind; 6] = [
        ActorKind::Government,
        ActorKind::Company,
        ActorKind::Alliance,
        ActorKind::Organization,
        ActorKind::Person,
        ActorKind::Country,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Government => "government",
            ActorKind::Company => "company",
            ActorKind::Alliance => "alliance",
            ActorKind::Organization => "organization",
            ActorKind::Person => "person",
            ActorKind::Country => "country",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Someone who acts in the timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Index into [`Timeline::lanes`].
    pub lane: usize,
    pub kind: ActorKind,
}

/// Where an event was reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub publisher: String,
    pub title: String,
    pub url: Option<String>,
    pub date: Option<Date>,
}

/// One dated event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub end: Option<Date>,
    pub title: String,
    /// Indices into [`Timeline::actors`]; the first is the one who acted.
    pub actors: Vec<usize>,
    /// Indices into [`Timeline::tags`].
    pub tags: Vec<usize>,
    /// 1 background, 2 notable, 3 major.
    pub importance: u8,
    pub summary: String,
    /// Indices into [`Timeline::events`] this event links to.
    pub related: Vec<usize>,
    /// Indices of the events that link to this one.
    pub linked_from: Vec<usize>,
    pub sources: Vec<Source>,
    /// 1-based line of the event's `[[events]]` header in the file it came from.
    pub line: usize,
}

impl Event {
    /// The first day the event covers (day number).
    pub fn first_day(&self) -> i32 {
        self.date.first_day()
    }

    /// The last day the event covers, including its `end`.
    pub fn last_day(&self) -> i32 {
        self.end.unwrap_or(self.date).last_day()
    }

    /// The event's date and end as one string: `2025-07-28 – 2025-07-29`.
    pub fn date_range(&self) -> String {
        match self.end {
            Some(end) => format!("{} – {}", self.date, end),
            None => self.date.to_string(),
        }
    }

    /// The lane of the acting actor, if the event has any actor.
    pub fn lane(&self, timeline: &Timeline) -> Option<usize> {
        self.actors.first().map(|&a| timeline.actors[a].lane)
    }
}

/// A tag and how many events carry it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    pub name: String,
    pub count: usize,
}

/// A named query: `[views.huawei-chips] query = "actor:huawei tag:chips since:2025"`, in a
/// log (the team's) or a config file (one person's).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedView {
    /// Kebab-case, used as `@name`.
    pub name: String,
    pub query: String,
}

/// Whether `name` can name a view: lower-case ASCII letters and digits in words joined by
/// single hyphens (`huawei-chips`, `q2-2025`).
pub fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A whole log, validated and sorted: events in date order, then by end, then file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub title: String,
    pub description: String,
    pub lanes: Vec<String>,
    pub actors: Vec<Actor>,
    pub tags: Vec<Tag>,
    pub events: Vec<Event>,
    /// For each actor, the events it takes part in, in timeline order.
    pub events_by_actor: Vec<Vec<usize>>,
    /// Each lane's colour as the log names it (`[timeline] lane_colours`), or `None` for the
    /// theme's. Empty when the log sets none.
    pub lane_colours: Vec<Option<String>>,
    /// The log's saved views (`[views.name] query = "…"`), in the file's order.
    pub views: Vec<SavedView>,
    /// Eras, by date, then end, then file order.
    pub eras: Vec<Era>,
    /// The days each event covers, for finding the events of a stretch of time.
    days: DayIndex,
    index: HashMap<String, usize>,
    /// The month indices of the first event's start and the latest end.
    months: Option<(i32, i32)>,
}

impl Timeline {
    /// Builds the indices that depend on the events' final order. The loader calls this once
    /// after sorting; `events[i].related` must already point at final indices.
    pub fn new(
        title: String,
        description: String,
        lanes: Vec<String>,
        actors: Vec<Actor>,
        tags: Vec<Tag>,
        mut events: Vec<Event>,
    ) -> Self {
        let mut events_by_actor = vec![Vec::new(); actors.len()];
        let mut linked_from = vec![Vec::new(); events.len()];
        for (i, event) in events.iter().enumerate() {
            for &a in &event.actors {
                if events_by_actor[a].last() != Some(&i) {
                    events_by_actor[a].push(i);
                }
            }
            for &r in &event.related {
                if r != i && !linked_from[r].contains(&i) {
                    linked_from[r].push(i);
                }
            }
        }
        for (event, from) in events.iter_mut().zip(linked_from) {
            event.linked_from = from;
        }
        let index = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let months = events.first().map(|first| {
            let start = first.date.month_index();
            let end = events
                .iter()
                .map(|e| e.end.unwrap_or(e.date).month_index())
                .max()
                .unwrap_or(start);
            (start, end.max(start))
        });
        let days = DayIndex::new(&events, &actors);
        Self {
            title,
            description,
            lanes,
            actors,
            tags,
            events,
            events_by_actor,
            lane_colours: Vec::new(),
            views: Vec::new(),
            eras: Vec::new(),
            days,
            index,
            months,
        }
    }

    /// The same timeline with these eras, put in order (by date, then end, then as given).
    pub fn with_eras(mut self, mut eras: Vec<Era>) -> Self {
        eras.sort_by_cached_key(|e| (e.date.sort_key(), e.end.sort_key()));
        self.eras = eras;
        self
    }

    /// The days each event covers.
    pub fn days(&self) -> &DayIndex {
        &self.days
    }

    /// The position of the event with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The position of the actor with this id.
    pub fn find_actor(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// Events linked to `event` either way, without repeats: its own links first.
    pub fn links(&self, event: usize) -> Vec<usize> {
        let e = &self.events[event];
        let mut out: Vec<usize> = e.related.iter().copied().filter(|&r| r != event).collect();
        for &f in &e.linked_from {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// The month indices (see [`Date::month_index`]) of the first event and the latest end.
    pub fn month_span(&self) -> Option<(i32, i32)> {
        self.months
    }
}
