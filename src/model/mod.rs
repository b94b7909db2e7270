//! The timeline as the rest of annals sees it: events, actors, sources, dates. No I/O, no UI.

mod date;
mod days;
mod era;
pub mod relative;

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
    /// The file it came from: an index into [`Timeline::files`] (0 for a log in one file).
    pub file: u32,
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

/// From this many events on, [`Timeline::new`] builds its indices on two threads.
const SIDE_BY_SIDE_FROM: usize = 1 << 15;

/// `a` and `b`, on two threads when `apart` (and the system gives a thread).
fn side_by_side<A: Send, B>(
    apart: bool,
    a: impl Fn() -> A + Sync,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !apart {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, &a).ok();
        let b = b();
        let a = match spawned {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            None => a(),
        };
        (a, b)
    })
}

/// For each actor, the events it takes part in; for each event, those that link to it.
fn links(events: &[Event], actors: usize) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut events_by_actor = vec![Vec::new(); actors];
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
    (events_by_actor, linked_from)
}

/// Each event's id hashed, with its position, by hash.
fn id_index(events: &[Event]) -> Vec<(u64, u32)> {
    let mut index: Vec<(u64, u32)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (id_hash(&e.id), i as u32))
        .collect();
    index.sort_unstable();
    index
}

/// A hash of an event id, the same in every run (SipHash with fixed keys).
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
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
    /// The files the log was read from, in loading order, as opened; [`Event::file`] counts
    /// them. The first is an empty path for standard input and the built-in log.
    pub files: Vec<std::path::PathBuf>,
    /// The days each event covers, for finding the events of a stretch of time.
    days: DayIndex,
    /// Each event's id hashed (see [`id_hash`]) with its position, by hash: finds an event
    /// by id in 16 bytes an event, where a map from a copy of each id took about 90.
    index: Vec<(u64, u32)>,
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
        // The indices read the events, not each other: for a large timeline they are built
        // side by side.
        let ((events_by_actor, linked_from), (index, days)) = side_by_side(
            events.len() >= SIDE_BY_SIDE_FROM,
            || links(&events, actors.len()),
            || (id_index(&events), DayIndex::new(&events, &actors)),
        );
        for (event, from) in events.iter_mut().zip(linked_from) {
            event.linked_from = from;
        }
        let months = events.first().map(|first| {
            let start = first.date.month_index();
            let end = events
                .iter()
                .map(|e| e.end.unwrap_or(e.date).month_index())
                .max()
                .unwrap_or(start);
            (start, end.max(start))
        });
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
            files: Vec::new(),
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

    /// Where event `event` is written: its file (when the log came from files) and line.
    pub fn place(&self, event: usize) -> (Option<&std::path::Path>, usize) {
        let e = &self.events[event];
        let file = (self.files.get(e.file as usize))
            .map(|p| p.as_path())
            .filter(|p| !p.as_os_str().is_empty());
        (file, e.line)
    }

    /// The days each event covers.
    pub fn days(&self) -> &DayIndex {
        &self.days
    }

    /// The position of the event with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        let hash = id_hash(id);
        let from = self.index.partition_point(|&(h, _)| h < hash);
        self.index[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.events.get(i).is_some_and(|e| e.id == id))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_gives_both_answers_on_one_thread_or_two() {
        for apart in [false, true] {
            let words = ["a", "b"];
            let (a, b) = side_by_side(apart, || words.concat(), || words.len());
            assert_eq!((a.as_str(), b), ("ab", 2));
        }
    }

    #[test]
    fn every_id_is_found_and_no_other() {
        let text: String = (0..300)
            .map(|i| format!("[[events]]\nid = \"e{i}\"\ndate = \"2025\"\ntitle = \"T\"\n"))
            .collect();
        let timeline = crate::load::parse(&text).timeline.expect("loads");
        for (i, e) in timeline.events.iter().enumerate() {
            assert_eq!(timeline.find(&e.id), Some(i));
        }
        assert_eq!(timeline.find("e300"), None);
        assert_eq!(timeline.find(""), None);
    }
}
