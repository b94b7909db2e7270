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

/// Where an event or an era was reported, as read from the log: a view of strings held
/// elsewhere (an event's text, an era's [`OwnedSource`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Source<'a> {
    pub publisher: &'a str,
    pub title: &'a str,
    /// Never empty or blank: such a `url` is read as none.
    pub url: Option<&'a str>,
    pub date: Option<Date>,
}

/// A [`Source`] that owns its strings: an era's (eras are few, and kept apart from the
/// events' text).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OwnedSource {
    pub publisher: String,
    pub title: String,
    pub url: Option<String>,
    pub date: Option<Date>,
}

impl Source<'_> {
    pub fn to_owned(&self) -> OwnedSource {
        OwnedSource {
            publisher: self.publisher.to_string(),
            title: self.title.to_string(),
            url: self.url.map(str::to_string),
            date: self.date,
        }
    }
}

impl OwnedSource {
    pub fn view(&self) -> Source<'_> {
        Source {
            publisher: &self.publisher,
            title: &self.title,
            url: self.url.as_deref(),
            date: self.date,
        }
    }
}

/// A stretch of an event's text: where one of its strings is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cut {
    start: u32,
    len: u32,
}

impl Cut {
    /// The stretch `at` of a text, when it fits in 32 bits.
    pub fn new(at: std::ops::Range<usize>) -> Option<Self> {
        let start = u32::try_from(at.start).ok()?;
        let len = u32::try_from(at.end.checked_sub(at.start)?).ok()?;
        start.checked_add(len)?;
        Some(Self { start, len })
    }

    /// The string this cuts from `text` (empty if it does not fit it, which a cut made for
    /// that text never does).
    pub fn of(self, text: &str) -> &str {
        let start = self.start as usize;
        text.get(start..start + self.len as usize).unwrap_or("")
    }
}

/// Where a source's strings are in its event's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceCuts {
    pub publisher: Cut,
    pub title: Cut,
    pub url: Option<Cut>,
    pub date: Option<Date>,
}

/// Where an event's strings are in its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cuts {
    pub id: Cut,
    pub title: Cut,
    pub summary: Cut,
    pub sources: Box<[SourceCuts]>,
}

/// The text an event's strings are cut from: the whole file it is written in, shared by
/// every event of that file (so that a log in memory is its text and, per event, a few
/// dozen bytes of positions), or for an event with a string the file does not hold as it
/// reads (one written with escapes), a text of its own.
pub type SharedText = std::sync::Arc<String>;

/// One dated event.
#[derive(Clone)]
pub struct Event {
    /// What [`Event::cuts`] cut from.
    text: SharedText,
    cuts: Cuts,
    pub date: Date,
    pub end: Option<Date>,
    /// Its actors, the events it is related to, then its tags (see [`Event::actors`]), in
    /// one list: three lists of their own were three allocations an event.
    ids: Box<[u32]>,
    /// How many of `ids` are actors, and how many related events.
    counts: (u32, u32),
    /// 1 background, 2 notable, 3 major.
    pub importance: u8,
    /// 1-based line of the event's `[[events]]` header in the file it came from.
    pub line: usize,
    /// The file it came from: an index into [`Timeline::files`] (0 for a log in one file).
    pub file: u32,
}

/// What an event is made of besides its strings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventFacts {
    pub date: Date,
    pub end: Option<Date>,
    /// Its actors, related events and tags in one list, and how many of it are actors and
    /// how many related events (see [`EventFacts::ids`]).
    pub ids: Box<[u32]>,
    pub counts: (u32, u32),
    pub importance: u8,
    pub line: usize,
    pub file: u32,
}

/// `items`, an event's actors, then its related events, then its tags (as an event and the
/// loader's drafts hold them), cut into the three by `counts`: how many are actors and how
/// many related events. A count past the end gives a shorter part, never a panic.
pub fn three_parts<T>(items: &[T], (actors, related): (u32, u32)) -> [&[T]; 3] {
    let (actors, rest) = items.split_at((actors as usize).min(items.len()));
    let (related, tags) = rest.split_at((related as usize).min(rest.len()));
    [actors, related, tags]
}

impl EventFacts {
    /// The list of ids of an event with these actors, related events and tags.
    pub fn ids(actors: &[usize], related: &[usize], tags: &[usize]) -> (Box<[u32]>, (u32, u32)) {
        let ids = (actors.iter().chain(related).chain(tags))
            .map(|&i| i as u32)
            .collect();
        (ids, (actors.len() as u32, related.len() as u32))
    }
}

/// Indices (of actors, events or tags) as an event or the timeline holds them.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Ids<'a>(&'a [u32]);

impl<'a> Ids<'a> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> IdIter<'a> {
        self.0.iter().copied().map(widen)
    }

    pub fn first(&self) -> Option<usize> {
        self.get(0)
    }

    pub fn get(&self, i: usize) -> Option<usize> {
        self.0.get(i).map(|&n| n as usize)
    }

    pub fn contains(&self, i: usize) -> bool {
        self.0.iter().any(|&n| n as usize == i)
    }

    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }
}

/// The indices of an [`Ids`].
pub type IdIter<'a> =
    std::iter::Map<std::iter::Copied<std::slice::Iter<'a, u32>>, fn(u32) -> usize>;

fn widen(n: u32) -> usize {
    n as usize
}

impl<'a> IntoIterator for Ids<'a> {
    type Item = usize;
    type IntoIter = IdIter<'a>;

    fn into_iter(self) -> IdIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Ids<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// An event's sources, as [`Source`]s.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    text: &'a str,
    cuts: &'a [SourceCuts],
}

impl<'a> Sources<'a> {
    pub fn len(&self) -> usize {
        self.cuts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cuts.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<Source<'a>> {
        self.cuts.get(i).map(|c| source(self.text, c))
    }

    pub fn first(&self) -> Option<Source<'a>> {
        self.get(0)
    }

    pub fn iter(&self) -> SourceIter<'a> {
        SourceIter {
            text: self.text,
            cuts: self.cuts.iter(),
        }
    }

    /// The sources as a list, for what takes a slice.
    pub fn to_vec(&self) -> Vec<Source<'a>> {
        self.iter().collect()
    }
}

fn source<'a>(text: &'a str, c: &SourceCuts) -> Source<'a> {
    Source {
        publisher: c.publisher.of(text),
        title: c.title.of(text),
        url: c.url.map(|u| u.of(text)),
        date: c.date,
    }
}

/// The [`Source`]s of an event, in order.
#[derive(Clone)]
pub struct SourceIter<'a> {
    text: &'a str,
    cuts: std::slice::Iter<'a, SourceCuts>,
}

impl<'a> Iterator for SourceIter<'a> {
    type Item = Source<'a>;

    fn next(&mut self) -> Option<Source<'a>> {
        self.cuts.next().map(|c| source(self.text, c))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.cuts.size_hint()
    }
}

impl DoubleEndedIterator for SourceIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.cuts.next_back().map(|c| source(self.text, c))
    }
}

impl ExactSizeIterator for SourceIter<'_> {}

impl<'a> IntoIterator for Sources<'a> {
    type Item = Source<'a>;
    type IntoIter = SourceIter<'a>;

    fn into_iter(self) -> SourceIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Sources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Sources<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id())
            .field("date", &self.date)
            .field("end", &self.end)
            .field("title", &self.title())
            .field("actors", &self.actors())
            .field("tags", &self.tags())
            .field("importance", &self.importance)
            .field("summary", &self.summary())
            .field("related", &self.related())
            .field("sources", &self.sources())
            .field("line", &self.line)
            .field("file", &self.file)
            .finish()
    }
}

/// Two events are equal when everything they say is, wherever their text is held.
impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
            && self.date == other.date
            && self.end == other.end
            && self.title() == other.title()
            && self.ids == other.ids
            && self.counts == other.counts
            && self.importance == other.importance
            && self.summary() == other.summary()
            && self.sources() == other.sources()
            && self.line == other.line
            && self.file == other.file
    }
}

impl Event {
    /// An event of `facts` whose strings `cuts` cuts from `text`.
    pub fn new(text: SharedText, cuts: Cuts, facts: EventFacts) -> Self {
        let EventFacts {
            date,
            end,
            ids,
            counts,
            importance,
            line,
            file,
        } = facts;
        Self {
            text,
            cuts,
            date,
            end,
            ids,
            counts,
            importance,
            line,
            file,
        }
    }

    /// Indices into [`Timeline::actors`]; the first is the one who acted.
    pub fn actors(&self) -> Ids<'_> {
        Ids(three_parts(&self.ids, self.counts)[0])
    }

    /// Indices into [`Timeline::events`] of the events this one links to, ascending.
    pub fn related(&self) -> Ids<'_> {
        Ids(three_parts(&self.ids, self.counts)[1])
    }

    /// Indices into [`Timeline::tags`].
    pub fn tags(&self) -> Ids<'_> {
        Ids(three_parts(&self.ids, self.counts)[2])
    }

    /// The related events and the tags, to be renumbered (the loader, once it has put the
    /// events and tags in order).
    pub fn related_and_tags_mut(&mut self) -> (&mut [u32], &mut [u32]) {
        let actors = (self.counts.0 as usize).min(self.ids.len());
        let related = (self.counts.1 as usize).min(self.ids.len() - actors);
        let (_, rest) = self.ids.split_at_mut(actors);
        rest.split_at_mut(related)
    }

    pub fn id(&self) -> &str {
        self.cuts.id.of(&self.text)
    }

    pub fn title(&self) -> &str {
        self.cuts.title.of(&self.text)
    }

    /// The summary, without leading and trailing whitespace; empty when there is none.
    pub fn summary(&self) -> &str {
        self.cuts.summary.of(&self.text)
    }

    pub fn sources(&self) -> Sources<'_> {
        Sources {
            text: &self.text,
            cuts: &self.cuts.sources,
        }
    }

    /// Gives an event made with an empty text (the reopen cache keeps the files' texts out
    /// of its entries) the text of its file, `files[self.file]`. False when it names a file
    /// not given.
    pub fn share_file_text(&mut self, files: &[SharedText]) -> bool {
        if self.text.is_empty() {
            match files.get(self.file as usize) {
                Some(text) => self.text = text.clone(),
                None => return false,
            }
        }
        true
    }

    /// The text the event's strings are cut from, and where: for the reopen cache.
    pub fn text_and_cuts(&self) -> (&SharedText, &Cuts) {
        (&self.text, &self.cuts)
    }

    /// The event's strings in a text of their own, and where they are in it.
    pub fn detached(&self) -> (String, Cuts) {
        let sources = self.sources();
        let mut text = String::with_capacity(
            self.id().len()
                + self.title().len()
                + self.summary().len()
                + sources
                    .iter()
                    .map(|s| s.publisher.len() + s.title.len() + s.url.map_or(0, str::len))
                    .sum::<usize>(),
        );
        let mut put = |part: &str| {
            let start = text.len();
            text.push_str(part);
            Cut::new(start..text.len()).unwrap_or_default()
        };
        let id = put(self.id());
        let title = put(self.title());
        let summary = put(self.summary());
        let sources = sources
            .iter()
            .map(|s| SourceCuts {
                publisher: put(s.publisher),
                title: put(s.title),
                url: s.url.map(&mut put),
                date: s.date,
            })
            .collect();
        let cuts = Cuts {
            id,
            title,
            summary,
            sources,
        };
        (text, cuts)
    }

    /// Everything but the event's strings and the events linking to it (which the timeline
    /// works out): for the reopen cache.
    pub fn facts(&self) -> EventFacts {
        EventFacts {
            date: self.date,
            end: self.end,
            ids: self.ids.clone(),
            counts: self.counts,
            importance: self.importance,
            line: self.line,
            file: self.file,
        }
    }

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
        self.actors().first().map(|a| timeline.actors[a].lane)
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
fn links(events: &[Event], actors: usize) -> (Vec<Vec<usize>>, LinkedFrom) {
    let mut events_by_actor = vec![Vec::new(); actors];
    for (i, event) in events.iter().enumerate() {
        for a in event.actors() {
            if events_by_actor[a].last() != Some(&i) {
                events_by_actor[a].push(i);
            }
        }
    }
    (events_by_actor, LinkedFrom::new(events))
}

/// For each event, the events that link to it, ascending: one list for all the events
/// (most have none), cut by where each event's part starts.
#[derive(Debug, Clone, Default, PartialEq)]
struct LinkedFrom {
    starts: Vec<u32>,
    from: Vec<u32>,
}

impl LinkedFrom {
    fn new(events: &[Event]) -> Self {
        let links = || {
            (events.iter().enumerate())
                .flat_map(|(i, e)| e.related().into_iter().map(move |r| (i, r)))
                .filter(|&(i, r)| i != r && r < events.len())
        };
        let mut starts = vec![0u32; events.len() + 1];
        for (_, r) in links() {
            starts[r + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut from = vec![0u32; starts.last().map_or(0, |&n| n as usize)];
        // In order of `i`, so that each event's part is ascending. A related list holds no
        // event twice (the loader drops repeats), so neither does a part.
        for (i, r) in links() {
            from[next[r] as usize] = i as u32;
            next[r] += 1;
        }
        Self { starts, from }
    }

    fn of(&self, event: usize) -> Ids<'_> {
        let at = |k: usize| self.starts.get(k).map_or(0, |&n| n as usize);
        Ids(self.from.get(at(event)..at(event + 1)).unwrap_or_default())
    }
}

/// Each event's id hashed, with its position, by hash.
fn id_index(events: &[Event]) -> Vec<(u64, u32)> {
    let mut index: Vec<(u64, u32)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (id_hash(e.id()), i as u32))
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
    /// For each event, the events that link to it.
    linked_from: LinkedFrom,
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
        events: Vec<Event>,
    ) -> Self {
        Self::with_id_index(title, description, lanes, (actors, tags), events, None)
    }

    /// [`Timeline::new`], with the index of event ids when it is known (the reopen cache
    /// keeps it: hashing a million ids, each read from wherever its event is in the log's
    /// text, was a tenth of a cached open).
    pub fn with_id_index(
        title: String,
        description: String,
        lanes: Vec<String>,
        (actors, tags): (Vec<Actor>, Vec<Tag>),
        events: Vec<Event>,
        index: Option<Vec<(u64, u32)>>,
    ) -> Self {
        // The indices read the events, not each other: for a large timeline they are built
        // side by side.
        let ((events_by_actor, linked_from), (index, days)) = side_by_side(
            events.len() >= SIDE_BY_SIDE_FROM,
            || links(&events, actors.len()),
            || {
                let index = index.filter(|i| i.len() == events.len());
                let index = index.unwrap_or_else(|| id_index(&events));
                (index, DayIndex::new(&events, &actors))
            },
        );
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
            linked_from,
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

    /// The events that link to event `event`, ascending.
    pub fn linked_from(&self, event: usize) -> Ids<'_> {
        self.linked_from.of(event)
    }

    /// Each event's id hashed, with its position, by hash (see [`Timeline::with_id_index`]).
    pub fn id_index(&self) -> &[(u64, u32)] {
        &self.index
    }

    /// The position of the event with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        let hash = id_hash(id);
        let from = self.index.partition_point(|&(h, _)| h < hash);
        self.index[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.events.get(i).is_some_and(|e| e.id() == id))
    }

    /// The position of the actor with this id.
    pub fn find_actor(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// Events linked to `event` either way, without repeats: its own links first.
    pub fn links(&self, event: usize) -> Vec<usize> {
        let e = &self.events[event];
        let mut out: Vec<usize> = e.related().iter().filter(|&r| r != event).collect();
        for f in self.linked_from(event) {
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
            assert_eq!(timeline.find(e.id()), Some(i));
        }
        assert_eq!(timeline.find("e300"), None);
        assert_eq!(timeline.find(""), None);
    }

    #[test]
    fn each_event_is_linked_from_the_events_related_to_it_in_order() {
        // Event i (dated in year 2000 + i) is related to the events whose number divides it.
        let mut text = String::from("[actors.a]\nname = \"A\"\n[actors.b]\nname = \"B\"\n");
        for i in 1..40 {
            let related: Vec<String> = (1..i)
                .filter(|d| i % d == 0)
                .map(|d| format!("\"e{d}\""))
                .collect();
            text.push_str(&format!(
                "[[events]]\nid = \"e{i}\"\ndate = \"{}\"\ntitle = \"T\"\nactors = [\"b\", \"a\"]\ntags = [\"t{}\", \"t0\"]\nrelated = [{}]\n",
                2000 + i,
                i % 3,
                related.join(", ")
            ));
        }
        let t = crate::load::parse(&text).timeline.expect("loads");
        for (i, e) in t.events.iter().enumerate() {
            let expected: Vec<usize> = (0..t.events.len())
                .filter(|&j| j != i && t.events[j].related().contains(i))
                .collect();
            assert_eq!(t.linked_from(i).to_vec(), expected, "event {}", e.id());
            assert_eq!(e.actors().to_vec(), [1, 0]);
            assert!(e.related().iter().all(|r| r < i));
            let tags: Vec<&str> = e.tags().iter().map(|g| t.tags[g].name.as_str()).collect();
            assert_eq!(tags.len(), if (i + 1) % 3 == 0 { 1 } else { 2 });
            assert!(tags.contains(&"t0"));
        }
    }
}
