//! CSV and TSV: one row per event (or actor), multi-valued fields joined by `; `. CSV quotes
//! as RFC 4180 says (through the `csv` crate) and keeps line breaks inside quoted fields; TSV
//! cannot quote, so its fields have tabs and line breaks turned into spaces.

use serde::Serialize;

use super::keep_lines;
use crate::model::Timeline;
use crate::text;

/// The columns of the events table, in order. `annals import --from csv` reads them back by
/// these names.
pub const EVENT_COLUMNS: [&str; 12] = [
    "id",
    "date",
    "end",
    "title",
    "actors",
    "tags",
    "importance",
    "lane",
    "summary",
    "related",
    "sources",
    "urls",
];

/// What a spreadsheet takes for the start of a formula: a cell from the log that starts with
/// one of these is written after a `'`, so that opening the file runs nothing (the CSV
/// import takes the `'` off again).
pub const FORMULA: [char; 4] = ['=', '+', '-', '@'];

/// The field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Tab,
}

/// The selected events, one row each, with a header row.
pub fn events(timeline: &Timeline, selected: &[usize], sep: Separator) -> String {
    let rows = selected.iter().map(|&i| {
        let e = &timeline.events[i];
        let join = |items: Vec<&str>| items.join("; ");
        vec![
            e.id().to_string(),
            e.date.to_string(),
            e.end.map(|d| d.to_string()).unwrap_or_default(),
            e.title().to_string(),
            join(
                e.actors()
                    .iter()
                    .map(|a| timeline.actors[a].id.as_str())
                    .collect(),
            ),
            join(
                e.tags()
                    .iter()
                    .map(|t| timeline.tags[t].name.as_str())
                    .collect(),
            ),
            e.importance.to_string(),
            e.lane(timeline)
                .map(|l| timeline.lanes[l].clone())
                .unwrap_or_default(),
            e.summary().to_string(),
            join(
                e.related()
                    .iter()
                    .map(|r| timeline.events[r].id())
                    .collect(),
            ),
            e.sources()
                .iter()
                .map(|s| format!("{}: {}", s.publisher, s.title))
                .collect::<Vec<_>>()
                .join("; "),
            join(e.sources().iter().filter_map(|s| s.url).collect()),
        ]
    });
    write(&EVENT_COLUMNS, rows, sep)
}

/// The actors in declaration order, with their number of events.
pub fn actors(timeline: &Timeline, sep: Separator) -> String {
    let rows = actor_document(timeline).actors.into_iter().map(|a| {
        vec![
            a.id,
            a.name,
            a.aliases.join("; "),
            a.lane,
            a.kind.to_string(),
            a.events.to_string(),
        ]
    });
    write(
        &["id", "name", "aliases", "lane", "kind", "events"],
        rows,
        sep,
    )
}

/// `annals actors --format json`.
#[derive(Debug, Serialize)]
pub struct ActorList {
    pub schema: &'static str,
    pub actors: Vec<ActorRow>,
}

/// One actor and how many events it takes part in.
#[derive(Debug, Serialize)]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub lane: String,
    pub kind: &'static str,
    pub events: usize,
}

/// The actors as a document, in declaration order.
pub fn actor_document(timeline: &Timeline) -> ActorList {
    ActorList {
        schema: super::json::SCHEMA,
        actors: timeline
            .actors
            .iter()
            .zip(&timeline.events_by_actor)
            .map(|(a, events)| ActorRow {
                id: a.id.clone(),
                name: a.name.clone(),
                aliases: a.aliases.clone(),
                lane: timeline.lanes[a.lane].clone(),
                kind: a.kind.as_str(),
                events: events.len(),
            })
            .collect(),
    }
}

/// `annals tags --format json`.
#[derive(Debug, Serialize)]
pub struct TagList {
    pub schema: &'static str,
    pub tags: Vec<TagRow>,
}

/// One tag and how many events carry it.
#[derive(Debug, Serialize)]
pub struct TagRow {
    pub name: String,
    pub events: usize,
}

/// The tags, the most used first, then by name (as `annals tags` lists them).
pub fn tag_document(timeline: &Timeline) -> TagList {
    let mut tags: Vec<TagRow> = timeline
        .tags
        .iter()
        .map(|t| TagRow {
            name: t.name.clone(),
            events: t.count,
        })
        .collect();
    tags.sort_by(|a, b| b.events.cmp(&a.events).then(a.name.cmp(&b.name)));
    TagList {
        schema: super::json::SCHEMA,
        tags,
    }
}

/// The tags, one row each: name and number of events.
pub fn tags(timeline: &Timeline, sep: Separator) -> String {
    let rows = tag_document(timeline)
        .tags
        .into_iter()
        .map(|t| vec![t.name, t.events.to_string()]);
    write(&["tag", "events"], rows, sep)
}

fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>, sep: Separator) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(match sep {
            Separator::Comma => b',',
            Separator::Tab => b'\t',
        })
        .quote_style(match sep {
            Separator::Comma => csv::QuoteStyle::Necessary,
            Separator::Tab => csv::QuoteStyle::Never,
        })
        .terminator(match sep {
            Separator::Comma => csv::Terminator::CRLF,
            Separator::Tab => csv::Terminator::Any(b'\n'),
        })
        .from_writer(Vec::new());
    let clean = |cell: &str| {
        let cell = match sep {
            Separator::Comma => keep_lines(cell),
            Separator::Tab => text::sanitize(cell).into_owned(),
        };
        if cell.starts_with(FORMULA) {
            format!("'{cell}")
        } else {
            cell
        }
    };
    // Writing to a Vec cannot fail: the writer's only errors are the sink's.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| clean(c)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
