//! Data in: a JSON (`annals/1`), TimelineJS3 or CSV file becomes a new annals log in canonical
//! form. Every source format is first read into the JSON schema's [`Document`]; the log is
//! written from that and checked by the loader before anything is written. A row that cannot
//! be mapped is reported as `file:row:column: why`, and then nothing is written.

mod build;
mod csv;
mod timelinejs;
mod toml_out;

use std::fmt;

pub use build::kebab;
pub use csv::ColumnMap;

use crate::export::json::{Document, SCHEMA};
use crate::load;

/// What `annals import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Source {
    /// TimelineJS's spreadsheet template, annals's own CSV, or any CSV through --map
    Csv,
    /// TimelineJS3's JSON format
    Timelinejs,
    /// The `annals/1` JSON document (`annals export json`)
    Json,
}

/// Something in the input that cannot become part of a log: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `file:row:column`, `file:row`, or `file: events[3]`.
    pub place: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl Problem {
    pub fn new(place: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            place: place.into(),
            message: crate::text::sanitize(&message.into()).into_owned(),
        }
    }
}

/// Where each imported event came from, to point at its row and column when the loader finds
/// a problem in the log made from it.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// `file:row` or `file: events[3]`.
    pub at: String,
    /// The column of each log field that came from a column (`("title", 10)`).
    pub columns: Vec<(&'static str, usize)>,
}

impl Place {
    fn describe(&self, field: &str) -> String {
        match self.columns.iter().find(|(f, _)| *f == field) {
            Some((_, col)) => format!("{}:{col}", self.at),
            None => self.at.clone(),
        }
    }
}

/// Reads `text` (from the file `name`) as `from` and gives the log to write, or every problem.
pub fn import(
    name: &str,
    text: &str,
    from: Source,
    map: &ColumnMap,
) -> Result<String, Vec<Problem>> {
    let name = crate::text::sanitize(name).into_owned();
    let (doc, places) = match from {
        Source::Json => json(&name, text)?,
        Source::Timelinejs => timelinejs::read(&name, text)?,
        Source::Csv => csv::read(&name, text, map)?,
    };
    let log = toml_out::log(&doc, &name);
    check(&log, &places, &name)?;
    Ok(log)
}

fn json(name: &str, text: &str) -> Result<(Document, Vec<Place>), Vec<Problem>> {
    let doc: Document = serde_json::from_str(text.strip_prefix('\u{FEFF}').unwrap_or(text))
        .map_err(|e| {
            vec![Problem::new(
                format!("{name}:{}:{}", e.line(), e.column()),
                json_message(&e),
            )]
        })?;
    if doc.schema != SCHEMA {
        return Err(vec![Problem::new(
            name,
            format!(
                "the schema is `{}`, and this annals reads `{SCHEMA}`",
                doc.schema
            ),
        )]);
    }
    let places = (0..doc.events.len())
        .map(|i| Place {
            at: format!("{name}: events[{i}]"),
            columns: Vec::new(),
        })
        .collect();
    Ok((doc, places))
}

/// serde_json's message without its own position (the place says it).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Loads the log made from the input; each error becomes a problem at the row (and column)
/// of the event it is in.
fn check(log: &str, places: &[Place], name: &str) -> Result<(), Vec<Problem>> {
    let report = load::parse(log);
    if report.errors().next().is_none() {
        return Ok(());
    }
    // The line of each `[[events]]` and `[[eras]]` header of the log, in order.
    let headers = |header: &str| -> Vec<usize> {
        log.lines()
            .enumerate()
            .filter(|(_, l)| *l == header)
            .map(|(n, _)| n + 1)
            .collect()
    };
    let (headers, eras) = (headers("[[events]]"), headers("[[eras]]"));
    let problems = report
        .errors()
        .map(|d| {
            let (line, _) = load::line_col(log, d.span.start);
            let field = log
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|l| l.split(" = ").next())
                .unwrap_or("");
            let event = headers.iter().rposition(|&h| h <= line);
            // The log's eras come before its events, and only a document has them.
            let era = eras.iter().rposition(|&h| h <= line);
            let place = match (event.and_then(|i| places.get(i)), era) {
                (Some(p), _) => p.describe(field),
                (None, Some(i)) => format!("{name}: eras[{i}]"),
                (None, None) => name.to_string(),
            };
            let message = match &d.hint {
                Some(hint) => format!("{} ({hint})", d.message),
                None => d.message.clone(),
            };
            Problem::new(place, message)
        })
        .collect();
    Err(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_era_is_named_by_its_place_in_the_document() {
        let doc = r#"{"schema": "annals/1", "timeline": {"lanes": ["US"]},
            "eras": [{"title": "Fine", "date": "2020", "end": "2021"},
                     {"title": "Lost", "date": "2020", "end": "2021", "lane": "Mars"}],
            "events": [{"id": "a", "date": "2025", "title": "A"}]}"#;
        let problems = import("f.json", doc, Source::Json, &ColumnMap::default()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].place, "f.json: eras[1]");
        assert!(problems[0].message.contains("Mars"), "{}", problems[0]);
    }
}
