//! From a spanned TOML document to a validated, sorted [`Timeline`], with every problem found.

use std::collections::{HashMap, HashSet};

use toml::de::{DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::fields::{Reader, Span, shifted};
use crate::model::{
    Actor, ActorKind, COLOUR_NAMES, Colour, Cut, Cuts, Date, Era, Event, EventFacts, SavedView,
    SharedText, Source, SourceCuts, Tag, Timeline, three_parts,
};
use crate::text;

const ROOT_KEYS: &[&str] = &["timeline", "actors", "events", "eras", "views"];
pub const TIMELINE_KEYS: &[&str] = &["title", "description", "lanes", "lane_colours", "include"];
pub const ACTOR_KEYS: &[&str] = &["name", "aliases", "lane", "kind"];
pub const EVENT_KEYS: &[&str] = &[
    "id",
    "date",
    "end",
    "title",
    "actors",
    "tags",
    "importance",
    "summary",
    "related",
    "sources",
];
pub const SOURCE_KEYS: &[&str] = &["publisher", "title", "url", "date"];
pub const ERA_KEYS: &[&str] = &["title", "date", "end", "lane", "colour", "sources"];

/// The lane given to actors that name none.
pub const DEFAULT_LANE: &str = "Other";

/// An event as written, before ids are resolved. The parsed TOML it came from is dropped
/// once it is read (see [`super::split`]): its strings are cuts of the file's text, or of a
/// text of its own when one of them is not a stretch of the file as it reads (one written
/// with escapes).
struct Draft {
    own: Option<String>,
    cuts: Cuts,
    date: Date,
    end: Option<Date>,
    /// The ids the event names, as cuts of its text with where each is written: its
    /// `actors`, then its `related` events, then its `tags` (unique; their spans unused).
    /// One list for the three, as a draft is held for every event at once.
    names: Names,
    /// How many of `names` are actors, and how many related events.
    counts: (u32, u32),
    importance: u8,
    line: usize,
    /// Which of the log's files it is written in.
    file: u32,
}

impl Draft {
    /// The text the draft's cuts cut from, given the text of each of the log's files.
    fn text<'a>(&'a self, files: &'a [SharedText]) -> &'a str {
        match &self.own {
            Some(own) => own,
            None => files.get(self.file as usize).map_or("", |t| t.as_str()),
        }
    }

    fn id<'a>(&'a self, files: &'a [SharedText]) -> &'a str {
        self.cuts.id.of(self.text(files))
    }

    /// The names of `part` of [`Draft::names`] (0 actors, 1 related events, 2 tags), each
    /// with where it is written.
    fn names<'a>(
        &'a self,
        part: usize,
        files: &'a [SharedText],
    ) -> impl Iterator<Item = (&'a str, &'a Span)> {
        let text = self.text(files);
        let names = three_parts(&self.names, self.counts)[part.min(2)];
        names.iter().map(move |(cut, span)| (cut.of(text), span))
    }
}

/// Where `part` is in `file`, when it is a stretch of it.
fn cut_in(file: &str, part: &str) -> Option<Cut> {
    if part.is_empty() {
        return Some(Cut::default());
    }
    let start = (part.as_ptr() as usize).checked_sub(file.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= file.len()).then(|| Cut::new(start..end)).flatten()
}

/// Cuts for `parts` (`None` for a part that is absent): into `file` when each is a stretch
/// of it, else into a text of their own, which comes with them.
fn cut_all(file: &str, parts: &[Option<&str>]) -> (Option<String>, Vec<Option<Cut>>) {
    let in_file: Option<Vec<Option<Cut>>> = parts
        .iter()
        .map(|p| match p {
            Some(p) => cut_in(file, p).map(Some),
            None => Some(None),
        })
        .collect();
    if let Some(cuts) = in_file {
        return (None, cuts);
    }
    let mut own = String::with_capacity(parts.iter().flatten().map(|p| p.len()).sum());
    let cuts = parts
        .iter()
        .map(|p| {
            p.map(|p| {
                let start = own.len();
                own.push_str(p);
                Cut::new(start..own.len()).unwrap_or_default()
            })
        })
        .collect();
    (Some(own), cuts)
}

/// See [`Draft::names`].
type Names = Box<[(Cut, Span)]>;

/// An event's actors, related events and tags in one list, and how many of it are actors
/// and how many related events (see [`EventFacts::ids`]).
type Ids = (Box<[u32]>, (u32, u32));

/// What an event holds as strings: its id, title, summary and sources, and the ids it names
/// (with where each is written, moved to a span of the file).
struct Strings<'t, 's> {
    id: &'t str,
    title: &'t str,
    summary: &'t str,
    sources: &'s [Source<'t>],
    actors: Vec<(&'t str, Span)>,
    related: Vec<(&'t str, Span)>,
    tags: Vec<&'t str>,
}

/// An event's strings as cuts: its id, title and summary, each source's, then the names.
fn event_cuts(file: &str, strings: Strings<'_, '_>) -> (Option<String>, Cuts, Names) {
    let Strings {
        id,
        title,
        summary,
        sources,
        actors,
        related,
        tags,
    } = strings;
    let mut parts = vec![Some(id), Some(title), Some(summary)];
    for s in sources {
        parts.extend([Some(s.publisher), Some(s.title), s.url]);
    }
    let named = parts.len();
    let spans: Vec<Span> = (actors.iter().chain(&related))
        .map(|(_, span)| span.clone())
        .chain(tags.iter().map(|_| 0..0))
        .collect();
    parts.extend(actors.iter().chain(&related).map(|(name, _)| Some(*name)));
    parts.extend(tags.iter().map(|t| Some(*t)));
    let (own, cuts) = cut_all(file, &parts);
    let names = (cuts.get(named..).unwrap_or_default().iter())
        .zip(spans)
        .map(|(cut, span)| (cut.unwrap_or_default(), span))
        .collect();
    let at = |i: usize| cuts.get(i).copied().flatten().unwrap_or_default();
    let sources = sources
        .iter()
        .enumerate()
        .map(|(k, s)| SourceCuts {
            publisher: at(3 + 3 * k),
            title: at(4 + 3 * k),
            url: cuts.get(5 + 3 * k).copied().flatten(),
            date: s.date,
        })
        .collect();
    (
        own,
        Cuts {
            id: at(0),
            title: at(1),
            summary: at(2),
            sources,
        },
        names,
    )
}

/// What a log declares besides its events: the `[timeline]` table, the actors and the eras.
/// For a log in several files, the first file's header with the others' merged in
/// ([`Header::merge`]).
pub struct Header {
    title: String,
    description: String,
    lanes: Vec<String>,
    lanes_declared: bool,
    /// How many of `lanes` came from the seed (the rest this file added).
    seeded: usize,
    /// Each actor with the span of its id and the file it is declared in.
    actors: Vec<(Actor, Span, u32)>,
    lane_colours: Vec<Option<String>>,
    views: Vec<(SavedView, Span, u32)>,
    eras: Vec<Era>,
    /// The `include` patterns of `[timeline]`, with their spans.
    includes: Vec<(String, Span)>,
}

/// What reading one file of a log starts from: which file it is, and for a file after the
/// first, the lanes known so far (its actors and eras name them).
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub file: u32,
    pub lanes: Vec<String>,
    pub lanes_declared: bool,
}

impl Header {
    /// Reads everything at the top of `root` (parsed from `text`) but its events, for file
    /// `seed.file` of a log: a file after the first has no `[timeline]` (an error at its
    /// header) and starts from the lanes known so far.
    pub fn read_seeded(root: &DeTable<'_>, text: &str, reader: &mut Reader, seed: &Seed) -> Self {
        reader.check_keys(root, ROOT_KEYS, "the top level");
        let (title, description, mut lanes, lanes_declared, includes) = if seed.file == 0 {
            timeline_header(root, reader)
        } else {
            no_timeline(root, reader);
            let lanes = seed.lanes.clone();
            (
                String::new(),
                String::new(),
                lanes,
                seed.lanes_declared,
                Vec::new(),
            )
        };
        let actors = actors(root, &mut lanes, lanes_declared, reader)
            .into_iter()
            .map(|(actor, span)| (actor, span, seed.file))
            .collect();
        let eras = eras(root, text, &mut lanes, lanes_declared, reader);
        let lane_colours = match root.get("timeline").map(|t| t.get_ref()) {
            Some(DeValue::Table(table)) if seed.file == 0 => {
                super::views::read_lane_colours(table, &lanes, reader)
            }
            _ => Vec::new(),
        };
        let views = super::views::read_views_spanned(root, reader, false)
            .into_iter()
            .map(|(view, span)| (view, span, seed.file))
            .collect();
        Self {
            title,
            description,
            lanes,
            lanes_declared,
            seeded: seed.lanes.len(),
            actors,
            lane_colours,
            views,
            eras,
            includes,
        }
    }

    /// Moves the spans it keeps (those of actor ids, view names and includes), for a header
    /// parsed from a text put together from pieces of the file.
    pub fn map_spans(&mut self, map: impl Fn(Span) -> Span) {
        let spans = (self.actors.iter_mut().map(|(_, span, _)| span))
            .chain(self.views.iter_mut().map(|(_, span, _)| span))
            .chain(self.includes.iter_mut().map(|(_, span)| span));
        for span in spans {
            *span = map(span.clone());
        }
    }

    /// The `include` patterns of the first file's `[timeline]`, with their spans.
    pub fn includes(&self) -> &[(String, Span)] {
        &self.includes
    }

    /// Where the next file of the log starts from: the lanes known so far.
    pub fn seed(&self, file: u32) -> Seed {
        Seed {
            file,
            lanes: self.lanes.clone(),
            lanes_declared: self.lanes_declared,
        }
    }

    /// Adds the header of a later file, read from [`Header::seed`]: its actors, eras and
    /// views join these; an actor id or view name already declared is an error that points
    /// at both places.
    pub fn merge(&mut self, mut other: Header, reader: &mut Reader) {
        // The other file started from the first file's lanes and could only add to them
        // (files are read side by side, so another may have added the same): its own lanes
        // are found here by name, or added.
        let own: Vec<usize> = other.lanes[other.seeded.min(other.lanes.len())..]
            .iter()
            .map(|lane| match self.lanes.iter().position(|l| l == lane) {
                Some(i) => i,
                None => {
                    self.lanes.push(lane.clone());
                    self.lanes.len() - 1
                }
            })
            .collect();
        let lane = |i: usize| match i.checked_sub(other.seeded) {
            Some(j) => own.get(j).copied().unwrap_or(i),
            None => i,
        };
        for (actor, _, _) in &mut other.actors {
            actor.lane = lane(actor.lane);
        }
        for era in &mut other.eras {
            era.lane = era.lane.map(lane);
        }
        for (actor, span, file) in other.actors {
            match self.actors.iter().find(|(a, _, _)| a.id == actor.id) {
                Some((_, first, first_file)) => reader.push(
                    duplicate(
                        "actor id",
                        &actor.id,
                        span,
                        file,
                        first.clone(),
                        *first_file,
                    )
                    .with_hint("an actor is declared once, in one of the log's files"),
                ),
                None => self.actors.push((actor, span, file)),
            }
        }
        for (view, span, file) in other.views {
            match self.views.iter().find(|(v, _, _)| v.name == view.name) {
                Some((_, first, first_file)) => reader.push(
                    duplicate("view", &view.name, span, file, first.clone(), *first_file)
                        .with_hint("a view is declared once, in one of the log's files"),
                ),
                None => self.views.push((view, span, file)),
            }
        }
        self.eras.extend(other.eras);
    }
}

/// A second declaration of `id`, at `span` of `file`, pointing back at the first.
fn duplicate(
    what: &str,
    id: &str,
    span: Span,
    file: u32,
    first: Span,
    first_file: u32,
) -> Diagnostic {
    Diagnostic::error(span, format!("duplicate {what} `{}`", text::quoted(id)))
        .in_file(file)
        .with_note(first_file, first, "first declared here")
}

/// A `[timeline]` in a file after the first is an error at its header.
fn no_timeline(root: &DeTable<'_>, reader: &mut Reader) {
    if let Some((key, _)) = root.get_key_value("timeline") {
        reader.push(
            Diagnostic::error(key.span(), "[timeline] belongs in the log's first file only")
                .with_hint("this file is included (or given by a later -f); move these keys to the first file's [timeline]"),
        );
    }
}

/// The header and events of one file of a log, parsed whole, not yet resolved (see
/// [`Drafts::finish`]); warnings and errors all land in `reader`.
pub fn read_parts<'s>(
    root: &DeTable<'_>,
    source: &'s str,
    reader: &mut Reader,
    seed: &Seed,
) -> (Header, Events<'s>) {
    let header = Header::read_seeded(root, source, reader, seed);
    let mut events = Events::in_file(source, seed.file);
    events.read(root, source, 0, reader);
    (header, events)
}

/// The `[timeline]` table: title, description, lanes (and whether it declares them), and
/// the include patterns.
type TimelineHeader = (String, String, Vec<String>, bool, Vec<(String, Span)>);

fn timeline_header(root: &DeTable<'_>, reader: &mut Reader) -> TimelineHeader {
    let none = || (String::new(), String::new(), Vec::new(), false, Vec::new());
    let Some(value) = reader.table(root, "timeline") else {
        return none();
    };
    let Some(table) = value.get_ref().as_table() else {
        return none();
    };
    reader.check_keys(table, TIMELINE_KEYS, "[timeline]");
    let title = reader
        .string(table, "title")
        .map(|s| s.0)
        .unwrap_or_default();
    let description = reader
        .string(table, "description")
        .map(|s| s.0)
        .unwrap_or_default();
    let declared = table.contains_key("lanes");
    let mut lanes: Vec<String> = Vec::new();
    for (lane, span) in reader.strings(table, "lanes") {
        if lanes.contains(&lane) {
            reader.error(
                span,
                format!("lane `{}` is listed twice", text::quoted(&lane)),
            );
        } else {
            lanes.push(lane);
        }
    }
    let includes = reader.strings(table, "include");
    (title, description, lanes, declared, includes)
}

fn actors(
    root: &DeTable<'_>,
    lanes: &mut Vec<String>,
    lanes_declared: bool,
    reader: &mut Reader,
) -> Vec<(Actor, Span)> {
    let Some(value) = reader.table(root, "actors") else {
        return Vec::new();
    };
    let Some(table) = value.get_ref().as_table() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(table.len());
    for (key, value) in table.iter() {
        let id = key.get_ref().to_string();
        let key_span = key.span();
        let Some(fields) = value.get_ref().as_table() else {
            reader.push(
                Diagnostic::error(
                    value.span(),
                    format!("actor `{}` must be a table", text::quoted(&id)),
                )
                .with_hint(format!(
                    "write it as `[actors.{id}]` with name, lane and kind"
                )),
            );
            continue;
        };
        check_id(&id, &key_span, "actor id", reader);
        let place = format!("[actors.{}]", text::quoted(&id));
        reader.check_keys(fields, ACTOR_KEYS, &place);
        let name = reader
            .string(fields, "name")
            .map(|s| s.0)
            .unwrap_or_else(|| id.clone());
        let aliases = reader
            .strings(fields, "aliases")
            .into_iter()
            .map(|s| s.0)
            .collect();
        let lane = match reader.string(fields, "lane") {
            Some((lane, span)) => lane_index(lanes, &lane, lanes_declared, &span, reader),
            None => lane_index(lanes, DEFAULT_LANE, false, &key_span, reader),
        };
        let kind = match reader.string(fields, "kind") {
            None => ActorKind::Organization,
            Some((kind, span)) => ActorKind::parse(&kind).unwrap_or_else(|| {
                let names: Vec<&str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
                let hint = match text::nearest(&kind, names.iter().copied()) {
                    Some(near) => format!("did you mean `{}`?", text::quoted(near)),
                    None => format!("one of: {}", names.join(", ")),
                };
                reader.push(
                    Diagnostic::error(span, format!("unknown kind `{}`", text::quoted(&kind)))
                        .with_hint(hint),
                );
                ActorKind::Organization
            }),
        };
        out.push((
            Actor {
                id,
                name,
                aliases,
                lane,
                kind,
            },
            key_span,
        ));
    }
    out
}

fn lane_index(
    lanes: &mut Vec<String>,
    lane: &str,
    declared: bool,
    span: &Span,
    reader: &mut Reader,
) -> usize {
    if let Some(i) = lanes.iter().position(|l| l == lane) {
        return i;
    }
    if declared {
        let mut d = Diagnostic::error(
            span.clone(),
            format!("lane `{}` is not in `timeline.lanes`", text::quoted(lane)),
        );
        d = match text::nearest(lane, lanes.iter().map(String::as_str)) {
            Some(near) => d.with_hint(format!("did you mean `{}`?", text::quoted(near))),
            None => d.with_hint("add it to `lanes` under [timeline], or use one listed there"),
        };
        reader.push(d);
    }
    lanes.push(lane.to_string());
    lanes.len() - 1
}

/// The `[[eras]]` entries: like events, but with a required `end`, an optional `lane` and
/// `colour`, and no id. Eras may overlap.
fn eras(
    root: &DeTable<'_>,
    text: &str,
    lanes: &mut Vec<String>,
    lanes_declared: bool,
    reader: &mut Reader,
) -> Vec<Era> {
    let tables = reader.tables(root, "eras");
    let mut out = Vec::with_capacity(tables.len());
    for value in tables {
        let Some(table) = value.get_ref().as_table() else {
            continue;
        };
        let owner = header_span(text, value.span());
        reader.check_keys(table, ERA_KEYS, "an era");
        let title = reader.required_string(table, "title", &owner, "this era");
        let place = match &title {
            Some((t, _)) => format!("era `{}`", text::sanitize(t)),
            None => "this era".to_string(),
        };
        let date = required_date(table, "date", &owner, &place, reader);
        let end = required_date(table, "end", &owner, &place, reader);
        check_order(&date, &end, reader);
        let lane = reader
            .string(table, "lane")
            .map(|(lane, span)| lane_index(lanes, &lane, lanes_declared, &span, reader));
        let colour = reader.string(table, "colour").and_then(|(name, span)| {
            let colour = Colour::parse(&name);
            if colour.is_none() {
                let hint = match text::nearest(&name, COLOUR_NAMES.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? (or write `#rrggbb`)"),
                    None => format!("one of {}, or `#rrggbb`", COLOUR_NAMES.join(", ")),
                };
                reader.push(
                    Diagnostic::error(span, format!("unknown colour `{}`", text::sanitize(&name)))
                        .with_hint(hint),
                );
            }
            colour
        });
        let sources = sources(table, &owner, &place, "eras", text, reader)
            .iter()
            .map(Source::to_owned)
            .collect();
        if let (Some((title, _)), Some((date, _)), Some((end, _))) = (title, date, end) {
            out.push(Era {
                title,
                date,
                end,
                lane,
                colour,
                sources,
            });
        }
    }
    out
}

/// Ids are lowercase kebab-case: `ascend-guidance`.
fn check_id(id: &str, span: &Span, what: &str, reader: &mut Reader) {
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if ok {
        return;
    }
    let suggestion: String = id
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut d = Diagnostic::error(
        span.clone(),
        if id.is_empty() {
            format!("{what} is empty")
        } else {
            format!("{what} `{}` is not lowercase kebab-case", text::quoted(id))
        },
    );
    d = if suggestion.is_empty() {
        d.with_hint("use lowercase letters, digits and dashes, e.g. `ascend-guidance`")
    } else {
        d.with_hint(format!(
            "use lowercase letters, digits and dashes: `{}`",
            text::quoted(&suggestion)
        ))
    };
    reader.push(d);
}

/// The events of a log, read a document at a time: the whole file's, or one `[[events]]`
/// entry's.
pub struct Events<'s> {
    lines: LineCounter<'s>,
    drafts: Drafts,
    /// Which of the log's files `source` is.
    file: u32,
}

/// The events read so far, from one file or several, before ids are resolved.
#[derive(Default)]
pub struct Drafts {
    /// The events that could be read whole, with the spans of their ids.
    drafts: Vec<(Draft, Span)>,
    /// The ids of events that could not (so that a link to an event with a problem of its
    /// own is not reported a second time).
    incomplete: HashSet<String>,
}

impl Drafts {
    /// Adds the events of a later file.
    pub fn append(&mut self, other: Drafts) {
        self.drafts.extend(other.drafts);
        self.incomplete.extend(other.incomplete);
    }

    /// Resolves the events read against `header` into a timeline, when there was no error.
    /// `files` holds the text of each of the log's files, which the events' strings are cut
    /// from.
    pub fn finish(
        self,
        mut header: Header,
        reader: &mut Reader,
        files: &[SharedText],
    ) -> Option<Timeline> {
        let lane_colours = std::mem::take(&mut header.lane_colours);
        let views = std::mem::take(&mut header.views);
        let mut timeline = resolve(header, self.drafts, &self.incomplete, reader, files)?;
        timeline.lane_colours = lane_colours;
        timeline.views = views.into_iter().map(|(view, _, _)| view).collect();
        Some(timeline)
    }
}

impl<'s> Events<'s> {
    /// Ready to read the events of `source`, the whole of file `file` of the log.
    pub fn in_file(source: &'s str, file: u32) -> Self {
        Self {
            lines: LineCounter::new(source),
            drafts: Drafts::default(),
            file,
        }
    }

    /// Ready to read a run of the entries of `source` (file `file` of the log) that starts at
    /// byte `offset`: lines are counted from there, as if it were line 1, until
    /// [`Events::append`] moves them.
    pub fn starting_at(source: &'s str, offset: usize, file: u32) -> Self {
        let mut events = Self::in_file(source, file);
        events.lines.offset = offset.min(source.len());
        events
    }

    /// How many lines start between where this run's lines are counted from and `offset`:
    /// what the lines of the run after it are moved by.
    pub fn lines_to(&mut self, offset: usize) -> usize {
        self.lines.line_at(offset) - 1
    }

    /// Room for `more` events, read by runs put after these with [`Events::append`].
    pub fn reserve(&mut self, more: usize) {
        self.drafts.drafts.reserve_exact(more);
    }

    /// The events of a run read after these, its line numbers moved on by `lines`.
    pub fn append(&mut self, mut run: Events<'_>, lines: usize) {
        for (draft, _) in &mut run.drafts.drafts {
            draft.line += lines;
        }
        self.drafts.drafts.append(&mut run.drafts.drafts);
        self.drafts.incomplete.extend(run.drafts.incomplete);
    }

    /// The events read, without the text they were read from.
    pub fn into_drafts(self) -> Drafts {
        self.drafts
    }

    /// Reads the `[[events]]` entries of `root`, parsed from `text`, which starts at byte
    /// `base` of the file: spans are moved by `base`, in what is kept and in every
    /// diagnostic.
    pub fn read(&mut self, root: &DeTable<'_>, text: &str, base: usize, reader: &mut Reader) {
        let first = reader.diagnostics.len();
        let tables = reader.tables(root, "events");
        self.drafts.drafts.reserve(tables.len());
        for value in tables {
            let Some(table) = value.get_ref().as_table() else {
                continue;
            };
            let owner = header_span(text, value.span());
            let line = self.lines.line_at(base + owner.start);
            match event(table, &owner, line, (text, self.lines.source, base), reader) {
                Some((mut draft, id_span)) => {
                    draft.file = self.file;
                    self.drafts.drafts.push((draft, shifted(id_span, base)));
                }
                None => {
                    if let Some(DeValue::String(id)) = table.get("id").map(|v| v.get_ref()) {
                        self.drafts.incomplete.insert(id.to_string());
                    }
                }
            }
        }
        for d in &mut reader.diagnostics[first..] {
            d.span = shifted(d.span.clone(), base);
        }
    }
}

/// 1-based line numbers of offsets asked for in increasing order, counting only the newlines
/// since the previous offset (counting from the start of the file for each event made
/// loading quadratic: 14 s for 10,000 events).
struct LineCounter<'s> {
    source: &'s str,
    offset: usize,
    line: usize,
}

impl<'s> LineCounter<'s> {
    fn new(source: &'s str) -> Self {
        Self {
            source,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.source.len());
        if offset < self.offset {
            *self = Self::new(self.source);
        }
        let bytes = &self.source.as_bytes()[self.offset..offset];
        self.line += memchr::memchr_iter(b'\n', bytes).count();
        self.offset = offset;
        self.line
    }
}

/// Where to point for an event as a whole: its `[[events]]` header line when there is one.
fn header_span(source: &str, span: Span) -> Span {
    let start = span.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let header = source[line_start..].lines().next().unwrap_or("");
    if header.trim_start().starts_with("[[") {
        line_start..line_start + header.trim_end().len()
    } else {
        start..start
    }
}

/// The event `table`, read from `source`, a piece of the text of the file `file` that starts
/// at byte `base` of it (the spans kept are of the file).
fn event(
    table: &DeTable<'_>,
    owner: &Span,
    line: usize,
    (source, file, base): (&str, &str, usize),
    reader: &mut Reader,
) -> Option<(Draft, Span)> {
    reader.check_keys(table, EVENT_KEYS, "an event");
    let id = reader.required_str(table, "id", owner, "this event");
    if let Some((id, span)) = &id {
        check_id(id, span, "event id", reader);
    }
    let place = match &id {
        Some((id, _)) => format!("event `{}`", text::quoted(id)),
        None => "this event".to_string(),
    };
    let date = required_date(table, "date", owner, &place, reader);
    let end = reader.date(table, "end");
    check_order(&date, &end, reader);
    let title = reader.required_str(table, "title", owner, &place);
    let actors = in_file(reader.strs(table, "actors"), base);
    let mut tags: Vec<&str> = Vec::new();
    for (tag, span) in reader.strs(table, "tags") {
        if tag.trim().is_empty() {
            reader.error(span, "a tag is empty");
        } else if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let importance = match reader.integer(table, "importance") {
        None => 2,
        Some((n @ 1..=3, _)) => n as u8,
        Some((n, span)) => {
            reader.push(
                Diagnostic::error(span, format!("importance {n} is out of range"))
                    .with_hint("1 background, 2 notable, 3 major"),
            );
            2
        }
    };
    let summary = reader.str(table, "summary");
    if summary.as_ref().is_none_or(|(s, _)| s.trim().is_empty()) {
        let span = summary.as_ref().map_or(owner.clone(), |s| s.1.clone());
        reader.push(
            Diagnostic::warning(span, format!("{place} has an empty summary"))
                .with_hint("add a `summary = \"\"\"…\"\"\"` in your own words"),
        );
    }
    let related = in_file(reader.strs(table, "related"), base);
    let sources = sources(table, owner, &place, "events", source, reader);
    let (Some((id, id_span)), Some((date, _)), Some((title, _))) = (id, date, title) else {
        return None;
    };
    let counts = (actors.len() as u32, related.len() as u32);
    let strings = Strings {
        id,
        title,
        summary: summary.map_or("", |s| s.0.trim()),
        sources: &sources,
        actors,
        related,
        tags,
    };
    let (own, cuts, names) = event_cuts(file, strings);
    Some((
        Draft {
            own,
            cuts,
            date,
            end: end.map(|e| e.0),
            names,
            counts,
            importance,
            line,
            file: 0,
        },
        id_span,
    ))
}

/// `items` with their spans, of a piece that starts at byte `base` of its file, moved to be
/// spans of the file.
fn in_file(mut items: Vec<(&str, Span)>, base: usize) -> Vec<(&str, Span)> {
    for (_, span) in &mut items {
        *span = shifted(span.clone(), base);
    }
    items
}

/// Reports an `end` before its `date`.
fn check_order(date: &Option<(Date, Span)>, end: &Option<(Date, Span)>, reader: &mut Reader) {
    if let (Some((date, _)), Some((end, end_span))) = (date, end)
        && end.last_day() < date.first_day()
    {
        reader.push(
            Diagnostic::error(
                end_span.clone(),
                format!("`end` ({end}) is before `date` ({date})"),
            )
            .with_hint("swap them, or fix the year"),
        );
    }
}

/// A date field that must be present, else an error pointing at `owner`.
fn required_date(
    table: &DeTable<'_>,
    key: &str,
    owner: &Span,
    place: &str,
    reader: &mut Reader,
) -> Option<(Date, Span)> {
    if table.get(key).is_none() {
        reader.push(
            Diagnostic::error(owner.clone(), format!("{place} has no `{key}`")).with_hint(format!(
                "add `{key} = \"YYYY-MM-DD\"` (or \"YYYY-MM\", \"YYYY\")"
            )),
        );
        return None;
    }
    reader.date(table, key)
}

/// The `[[<entries>.sources]]` of an entry (`entries` is `events` or `eras`).
fn sources<'t>(
    table: &'t DeTable<'_>,
    owner: &Span,
    place: &str,
    entries: &str,
    source: &str,
    reader: &mut Reader,
) -> Vec<Source<'t>> {
    let tables = reader.tables(table, "sources");
    if tables.is_empty() && !table.contains_key("sources") {
        reader.push(
            Diagnostic::warning(owner.clone(), format!("{place} has no source")).with_hint(
                match entries {
                    "events" => "add an `[[events.sources]]` table with publisher, title and url",
                    _ => "add an `[[eras.sources]]` table with publisher, title and url",
                },
            ),
        );
    }
    let mut out = Vec::with_capacity(tables.len());
    for value in tables {
        let Some(fields) = value.get_ref().as_table() else {
            continue;
        };
        let header = header_span(source, value.span());
        reader.check_keys(fields, SOURCE_KEYS, "a source");
        let publisher = reader.required_str(fields, "publisher", &header, "this source");
        let title = reader.required_str(fields, "title", &header, "this source");
        let url = reader.str(fields, "url");
        match &url {
            None => reader.push(
                Diagnostic::warning(header.clone(), "this source has no `url`")
                    .with_hint("add the address where it can be read"),
            ),
            Some((u, span)) if u.trim().is_empty() => reader.push(
                Diagnostic::warning(span.clone(), "this source's `url` is empty")
                    .with_hint("add the address where it can be read"),
            ),
            Some(_) => {}
        }
        let date = reader.date(fields, "date").map(|d| d.0);
        if let (Some((publisher, _)), Some((title, _))) = (publisher, title) {
            out.push(Source {
                publisher,
                title,
                url: url.map(|u| u.0).filter(|u| !u.trim().is_empty()),
                date,
            });
        }
    }
    out
}

/// Each event id's first position; a later duplicate is an error pointing at the first.
fn unique_ids<'a>(
    drafts: &'a [(Draft, Span)],
    files: &'a [SharedText],
    reader: &mut Reader,
) -> HashMap<&'a str, usize> {
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(drafts.len());
    for (i, (draft, span)) in drafts.iter().enumerate() {
        let id = draft.id(files);
        if let Some(&j) = first_seen.get(id) {
            let (first, first_span) = &drafts[j];
            let d = Diagnostic::error(span.clone(), format!("duplicate id `{}`", text::quoted(id)))
                .in_file(draft.file);
            reader.push(if first.file == draft.file {
                d.with_hint(format!(
                    "line {} already uses it; ids must be unique",
                    first.line
                ))
            } else {
                d.with_note(first.file, first_span.clone(), "first used here")
                    .with_hint("ids must be unique across the log's files")
            });
        } else {
            first_seen.insert(id, i);
        }
    }
    first_seen
}

/// The actor indices of one event, marking each as used; unknown or repeated actors are
/// errors.
fn event_actors(
    (draft, files): (&Draft, &[SharedText]),
    actor_index: &HashMap<&str, usize>,
    actors: &[(Actor, Span, u32)],
    used: &mut [bool],
    reader: &mut Reader,
) -> Vec<usize> {
    let mut ids = Vec::with_capacity(draft.counts.0 as usize);
    for (actor, span) in draft.names(0, files) {
        match actor_index.get(actor) {
            Some(&a) if ids.contains(&a) => reader.error(
                span.clone(),
                format!(
                    "actor `{}` is listed twice in this event",
                    text::quoted(actor)
                ),
            ),
            Some(&a) => {
                used[a] = true;
                ids.push(a);
            }
            None => reader.push(unknown(
                "actor",
                actor,
                span,
                actors.iter().map(|(a, _, _)| a.id.as_str()),
                "declare it under `[actors.…]`",
            )),
        }
    }
    ids
}

/// The draft positions of the events one event is related to; unknown ids are errors
/// (unless their entry was too broken to read), a link to itself a warning.
fn event_related(
    draft: &Draft,
    first_seen: &HashMap<&str, usize>,
    (drafts, files): (&[(Draft, Span)], &[SharedText]),
    incomplete: &HashSet<String>,
    reader: &mut Reader,
) -> Vec<usize> {
    let mut related = Vec::with_capacity(draft.counts.1 as usize);
    for (id, span) in draft.names(1, files) {
        match first_seen.get(id) {
            Some(_) if id == draft.id(files) => reader.push(
                Diagnostic::warning(
                    span.clone(),
                    format!("event `{}` is related to itself", text::quoted(id)),
                )
                .with_hint("remove it from `related`"),
            ),
            Some(&j) if !related.contains(&j) => related.push(j),
            Some(_) => {}
            None if incomplete.contains(id) => {}
            None => reader.push(unknown(
                "related event",
                id,
                span,
                drafts.iter().map(|(d, _)| d.id(files)),
                "related ids name other events of the log",
            )),
        }
    }
    related
}

/// Resolves ids (actors, related events), checks uniqueness, sorts, and builds the timeline.
fn resolve(
    header: Header,
    drafts: Vec<(Draft, Span)>,
    incomplete: &HashSet<String>,
    reader: &mut Reader,
    files: &[SharedText],
) -> Option<Timeline> {
    let Header {
        title,
        description,
        lanes,
        actors,
        eras,
        ..
    } = header;
    let actor_index: HashMap<&str, usize> = actors
        .iter()
        .enumerate()
        .map(|(i, (a, _, _))| (a.id.as_str(), i))
        .collect();
    let first_seen = unique_ids(&drafts, files, reader);
    let mut used = vec![false; actors.len()];
    let mut tag_index: HashMap<&str, usize> = HashMap::new();
    let mut tags: Vec<Tag> = Vec::new();
    // Actor, related-event and tag indices of each draft, in draft order.
    // (One list of the three an event, made at once: three lists each, held for every event
    // until the events were made, were the loader's largest passing cost.)
    let mut links: Vec<Ids> = Vec::with_capacity(drafts.len());
    for (draft, _) in &drafts {
        let first = reader.diagnostics.len();
        let ids = event_actors((draft, files), &actor_index, &actors, &mut used, reader);
        let related = event_related(draft, &first_seen, (&drafts, files), incomplete, reader);
        for d in &mut reader.diagnostics[first..] {
            d.file = draft.file;
        }
        let tag_ids: Vec<usize> = draft
            .names(2, files)
            .map(|(t, _)| {
                let next = tags.len();
                let i = *tag_index.entry(t).or_insert(next);
                if i == next {
                    tags.push(Tag {
                        name: t.to_string(),
                        count: 0,
                    });
                }
                tags[i].count += 1;
                i
            })
            .collect();
        links.push(EventFacts::ids(&ids, &related, &tag_ids));
    }
    for ((actor, span, file), used) in actors.iter().zip(&used) {
        if !used {
            reader.push(
                Diagnostic::warning(
                    span.clone(),
                    format!("actor `{}` is never used", text::quoted(&actor.id)),
                )
                .with_hint("remove it, or add it to an event's `actors`")
                .in_file(*file),
            );
        }
    }
    if reader.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    // The events share their file's text: no copy of titles, summaries or sources.
    let text_of = |draft: &mut Draft| match draft.own.take() {
        Some(own) => SharedText::new(own),
        None => files.get(draft.file as usize).cloned().unwrap_or_default(),
    };
    let events = moved(drafts, links, |(mut draft, _), (ids, counts)| {
        let text = text_of(&mut draft);
        let facts = EventFacts {
            date: draft.date,
            end: draft.end,
            ids,
            counts,
            importance: draft.importance,
            line: draft.line,
            file: draft.file,
        };
        Event::new(text, draft.cuts, facts)
    });
    Some(sorted_timeline(title, description, lanes, actors, tags, events).with_eras(eras))
}

/// `make` applied to each pair of `items` and `with`, in order, without holding both whole
/// lists and the result at once: the lists are taken from their ends, and given back to the
/// allocator a sixteenth at a time (a shrunk large block returns its pages), while the
/// result fills pages only as it is written. At a million events the drafts and the events
/// they become were each a quarter of a gigabyte, both held at the peak.
fn moved<A, B, T>(mut items: Vec<A>, mut with: Vec<B>, make: impl Fn(A, B) -> T) -> Vec<T> {
    let n = items.len().min(with.len());
    items.truncate(n);
    with.truncate(n);
    let step = (n / 16).max(1 << 12);
    let mut out = Vec::with_capacity(n);
    while let (Some(a), Some(b)) = (items.pop(), with.pop()) {
        out.push(make(a, b));
        if items.len().is_multiple_of(step) {
            items.shrink_to_fit();
            with.shrink_to_fit();
        }
    }
    out.reverse();
    out
}

fn unknown<'a>(
    what: &str,
    id: &str,
    span: &Span,
    candidates: impl Iterator<Item = &'a str>,
    otherwise: &str,
) -> Diagnostic {
    let d = Diagnostic::error(
        span.clone(),
        format!("unknown {what} `{}`", text::quoted(id)),
    );
    match text::nearest(id, candidates) {
        Some(near) => d.with_hint(format!("did you mean `{}`?", text::quoted(near))),
        None => d.with_hint(otherwise.to_string()),
    }
}

/// Sorts by date, then end, then file order, and remaps `related` to the new positions.
fn sorted_timeline(
    title: String,
    description: String,
    lanes: Vec<String>,
    actors: Vec<(Actor, Span, u32)>,
    mut tags: Vec<Tag>,
    events: Vec<Event>,
) -> Timeline {
    // By date, end, then file position; each date's sort key is worked out once, not on
    // every comparison (it goes through the calendar).
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_cached_key(|&i| {
        let e = &events[i];
        let end = e.end.unwrap_or(e.date);
        (e.date.sort_key(), end.sort_key(), i)
    });
    let mut new_position = vec![0; events.len()];
    for (new, &old) in order.iter().enumerate() {
        new_position[old] = new;
    }
    // Tags are offered alphabetically; events refer to them by position, so remap those too.
    let mut tag_order: Vec<usize> = (0..tags.len()).collect();
    tag_order.sort_by(|&a, &b| tags[a].name.cmp(&tags[b].name));
    let mut tag_position = vec![0; tags.len()];
    for (new, &old) in tag_order.iter().enumerate() {
        tag_position[old] = new;
    }
    // Move the events into order in place, each swap putting one where it belongs, rather
    // than building a second vector of every event.
    let mut events = events;
    let mut place = new_position.clone();
    for i in 0..events.len() {
        while place[i] != i {
            let j = place[i];
            events.swap(i, j);
            place.swap(i, j);
        }
    }
    for e in &mut events {
        let (related, tags) = e.related_and_tags_mut();
        for r in related.iter_mut() {
            *r = new_position[*r as usize] as u32;
        }
        related.sort_unstable();
        for t in tags {
            *t = tag_position[*t as usize] as u32;
        }
    }
    tags = tag_order.iter().map(|&i| tags[i].clone()).collect();
    Timeline::new(
        title,
        description,
        lanes,
        actors.into_iter().map(|(a, _, _)| a).collect(),
        tags,
        events,
    )
}

#[cfg(test)]
mod tests {
    use super::LineCounter;

    #[test]
    fn strings_are_cut_from_the_files_text_unless_written_with_escapes() {
        let log = "[actors.a]\nname = \"A\"\n\n[[events]]\nid = \"plain\"\ndate = \"2025\"\ntitle = 'As written'\nactors = [\"a\"]\nsummary = \"\"\"\n  Two lines,\n  trimmed.\n\"\"\"\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"  \"\n\n[[events]]\nid = \"escaped\"\ndate = \"2026\"\ntitle = \"Say \\\"no\\\"\"\nactors = [\"a\"]\nsummary = \"Tab\\there.\"\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://example.com/\\u00e9\"\n";
        let report = crate::load::parse(log);
        let t = report.timeline.as_ref().expect("the log loads");
        let (plain, escaped) = (&t.events[0], &t.events[1]);
        assert_eq!(plain.title(), "As written");
        assert_eq!(plain.summary(), "Two lines,\n  trimmed.");
        let source = plain.sources().first().expect("a source");
        assert_eq!(
            (source.publisher, source.title, source.url),
            ("P", "T", None)
        );
        assert!(std::sync::Arc::ptr_eq(
            plain.text_and_cuts().0,
            &report.text
        ));
        assert_eq!(escaped.title(), "Say \"no\"");
        assert_eq!(escaped.summary(), "Tab\there.");
        let url = escaped.sources().first().and_then(|s| s.url);
        assert_eq!(url, Some("https://example.com/é"));
        assert!(!std::sync::Arc::ptr_eq(
            escaped.text_and_cuts().0,
            &report.text
        ));
        assert_eq!(
            escaped.detached().0,
            "escapedSay \"no\"Tab\there.PThttps://example.com/é"
        );
    }

    #[test]
    fn event_lines_point_at_their_headers() {
        let text = "[timeline]\ntitle = \"t\"\n\n[[events]]\nid = \"b\"\ndate = \"2025-02\"\ntitle = \"B\"\n\n# a comment\n[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\n";
        let timeline = crate::load::parse(text).timeline.expect("loads");
        let lines: Vec<&str> = text.lines().collect();
        for e in &timeline.events {
            assert_eq!(lines[e.line - 1], "[[events]]");
            assert_eq!(lines[e.line], format!("id = \"{}\"", e.id()));
        }
        assert_eq!(timeline.events[0].line, 10);
        assert_eq!(timeline.events[1].line, 4);
    }

    #[test]
    fn moved_keeps_the_order_of_long_lists_and_stops_at_the_shorter() {
        let n = 20_000;
        let items: Vec<usize> = (0..n).collect();
        let with: Vec<String> = (0..n + 3).map(|i| i.to_string()).collect();
        let out = super::moved(items, with, |a, b| (a, b));
        assert_eq!(out.len(), n);
        assert!(
            out.iter()
                .enumerate()
                .all(|(i, (a, b))| *a == i && *b == i.to_string())
        );
    }

    #[test]
    fn line_counter_agrees_with_line_col_in_any_order() {
        let text = "a\nbb\n\nccc\nd";
        let mut counter = LineCounter::new(text);
        for offset in [0, 2, 3, 5, 6, 9, 1, 11, 100, 4] {
            let want = crate::load::line_col(text, offset).0;
            assert_eq!(counter.line_at(offset), want, "offset {offset}");
        }
    }
}
