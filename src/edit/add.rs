//! `annals add`: a new event in canonical form (see [`super::layout`]), put at its place in
//! date order in a log's text, every other byte of the text left as it was.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::layout::{self, EVENT_KEYS};
use crate::model::{Date, Timeline};

/// An event as `add` was given it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEvent {
    pub id: String,
    pub date: String,
    pub end: Option<String>,
    pub title: String,
    pub actors: Vec<String>,
    pub tags: Vec<String>,
    pub importance: Option<u8>,
    pub summary: Option<String>,
    pub related: Vec<String>,
    pub source: Source,
}

/// The one source `add` can be given (all empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
}

impl Source {
    fn is_empty(&self) -> bool {
        self.publisher.is_none() && self.title.is_none() && self.url.is_none()
    }
}

/// Why the text could not take the event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InsertError {
    #[error("the file is not TOML that annals can edit: {0}")]
    Syntax(String),
    #[error("`events` in this file is not a list of [[events]] tables, so annals cannot add one")]
    NotEvents,
}

/// `text` with `event` in it: in canonical form, after the last event dated on or before
/// it (else before the earliest, else at the end), nothing else changed.
pub fn insert(text: &str, event: &NewEvent) -> Result<String, InsertError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| InsertError::Syntax(e.to_string()))?;
    let date = Date::parse(&event.date).ok();
    let mut table = event.to_table();
    let width = 1 + sources_of(&table).len() as isize;
    let at = insertion_point(&doc, date)?;
    layout::for_each_table(doc.as_table_mut(), &mut |t: &mut Table| {
        if let Some(p) = t.position()
            && p >= at
        {
            t.set_position(Some(p + width));
        }
    });
    table.set_position(Some(at));
    table
        .decor_mut()
        .set_prefix(if at == 0 { "" } else { "\n" });
    if let Some(Item::ArrayOfTables(sources)) = table.get_mut("sources") {
        for (i, source) in sources.iter_mut().enumerate() {
            source.set_position(Some(at + 1 + i as isize));
            source.decor_mut().set_prefix("\n");
        }
    }
    let root = doc.as_table_mut();
    if !root.contains_key("events") {
        root.insert("events", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    match root.get_mut("events") {
        Some(Item::ArrayOfTables(events)) => events.push(table),
        _ => return Err(InsertError::NotEvents),
    }
    Ok(layout::line_ends(doc.to_string(), layout::uses_crlf(text)))
}

/// The position the new event's table takes (those from it on move down).
fn insertion_point(doc: &DocumentMut, date: Option<Date>) -> Result<isize, InsertError> {
    let mut last = -1;
    layout::for_each_table_ref(doc.as_table(), &mut |t| {
        last = last.max(t.position().unwrap_or(-1));
    });
    let events = match doc.get("events") {
        None => return Ok(last + 1),
        Some(Item::ArrayOfTables(events)) => events,
        Some(_) => return Err(InsertError::NotEvents),
    };
    // (first position, last position, date) of each event with its sources.
    let spans: Vec<(isize, isize, Option<Date>)> = events
        .iter()
        .filter_map(|t| {
            let start = t.position()?;
            let end = sources_of(t)
                .iter()
                .filter_map(|s| s.position())
                .fold(start, isize::max);
            Some((start, end, super::fmt::date_of(t)))
        })
        .collect();
    let earlier = spans
        .iter()
        .filter(|(_, _, d)| d.is_some() && *d <= date)
        .max_by_key(|(start, _, d)| (*d, *start));
    if let Some(&(_, end, _)) = earlier {
        return Ok(end + 1);
    }
    let earliest = spans.iter().min_by_key(|(start, _, d)| (*d, *start));
    Ok(earliest.map_or(last + 1, |&(start, _, _)| start))
}

fn sources_of(table: &Table) -> Vec<&Table> {
    match table.get("sources") {
        Some(Item::ArrayOfTables(a)) => a.iter().collect(),
        _ => Vec::new(),
    }
}

impl NewEvent {
    /// The event as an `[[events]]` table in canonical form.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new();
        t.insert("id", string(&self.id));
        t.insert("date", string(&self.date));
        if let Some(end) = &self.end {
            t.insert("end", string(end));
        }
        t.insert("title", string(&self.title));
        for (key, list) in [("actors", &self.actors), ("tags", &self.tags)] {
            if !list.is_empty() {
                t.insert(key, array(list));
            }
        }
        if let Some(n) = self.importance {
            t.insert("importance", toml_edit::value(i64::from(n)));
        }
        if let Some(summary) = self.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            // Always the multi-line form, as PRODUCT.md writes a summary.
            t.insert("summary", string(&format!("{}\n", summary.trim_end())));
        }
        if !self.related.is_empty() {
            t.insert("related", array(&self.related));
        }
        if !self.source.is_empty() {
            let mut source = Table::new();
            let s = &self.source;
            for (key, value) in [
                ("publisher", &s.publisher),
                ("title", &s.title),
                ("url", &s.url),
            ] {
                if let Some(v) = value {
                    source.insert(key, string(v));
                }
            }
            let mut sources = ArrayOfTables::new();
            sources.push(source);
            t.insert("sources", Item::ArrayOfTables(sources));
        }
        layout::tidy_table(&mut t, EVENT_KEYS);
        layout::tidy_sources(&mut t);
        t
    }
}

/// A basic (double-quoted) string value.
fn string(text: &str) -> Item {
    match layout::encode_string(text).parse::<Value>() {
        Ok(v) => Item::Value(v),
        // encode_string always writes a valid basic string; this keeps the text regardless.
        Err(_) => toml_edit::value(text),
    }
}

fn array(items: &[String]) -> Item {
    let mut a = Array::new();
    for item in items {
        if let Item::Value(v) = string(item) {
            a.push_formatted(v);
        }
    }
    Item::Value(Value::Array(a))
}

/// An id for an event titled `title`: its first words in lowercase kebab-case (or
/// `event-DATE` for a title without ASCII letters or digits), made unique in `timeline`
/// with `-2`, `-3`….
pub fn slug(title: &str, date: &str, timeline: &Timeline) -> String {
    let words: Vec<String> = title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(String::from)
        .collect();
    let mut base = String::new();
    for word in words {
        if !base.is_empty() && base.len() + word.len() >= 40 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&word);
    }
    if base.is_empty() {
        let day: String = date
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        base = format!("event-{}", day.trim_matches('-'));
        base = base.trim_end_matches('-').to_string();
    }
    let mut id = base.clone();
    let mut n = 2;
    while timeline.find(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "# the log\n\n[timeline]\ntitle = 'T'   # odd spacing kept\n\n[actors.a]\nname = \"A\"\n\n[[events]]\nid = \"one\"\ndate = \"2025-01\"\ntitle = \"One\"\n\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\n\n# before three\n[[events]]\nid = \"three\"\ndate = \"2025-03\"\ntitle = \"Three\"\n";

    fn event(id: &str, date: &str) -> NewEvent {
        NewEvent {
            id: id.to_string(),
            date: date.to_string(),
            title: "A \"quoted\" title".to_string(),
            actors: vec!["a".to_string()],
            tags: vec!["x".to_string()],
            importance: Some(3),
            summary: Some("Said.".to_string()),
            source: Source {
                publisher: Some("Reuters".to_string()),
                title: Some("Story".to_string()),
                url: Some("https://example.com".to_string()),
            },
            ..NewEvent::default()
        }
    }

    #[test]
    fn the_event_goes_after_the_last_earlier_one_and_nothing_else_moves() {
        let out = insert(LOG, &event("two", "2025-02-10")).unwrap();
        insta::assert_snapshot!(out);
        let report = crate::load::parse(&out);
        assert!(report.errors().next().is_none(), "{:?}", report.diagnostics);
        let (head, _) = LOG.split_at(LOG.find("\n# before three").unwrap());
        assert!(out.starts_with(head), "the text before is untouched");
        assert!(out.ends_with(&LOG[LOG.find("\n# before three").unwrap()..]));
    }

    #[test]
    fn an_earliest_event_goes_before_the_first_and_a_latest_at_the_end() {
        let first = insert(LOG, &event("zero", "2024")).unwrap();
        assert!(first.find("\"zero\"") < first.find("\"one\""));
        assert!(first.find("[actors.a]") < first.find("\"zero\""));
        let last = insert(LOG, &event("four", "2026")).unwrap();
        assert!(last.trim_end().ends_with("url = \"https://example.com\""));
        let none = insert("[timeline]\ntitle = \"T\"", &event("only", "2026")).unwrap();
        assert!(none.starts_with("[timeline]\ntitle = \"T\"\n\n[[events]]\nid = \"only\""));
    }

    #[test]
    fn the_new_event_is_already_in_canonical_form() {
        let out = insert(LOG, &event("two", "2025-02-10")).unwrap();
        let formatted = super::super::fmt::format(&out, false).unwrap();
        let (at, to) = (
            out.find("id = \"two\"").unwrap(),
            out.find("# before").unwrap(),
        );
        let piece = &out[at..to];
        assert!(formatted.contains(piece), "{piece}");
    }

    #[test]
    fn slugs_are_kebab_case_and_unique() {
        let t = crate::load::parse(LOG).timeline.unwrap();
        assert_eq!(
            slug(
                "US warns: Huawei's Ascend chips break controls!",
                "2025",
                &t
            ),
            "us-warns-huawei-s-ascend-chips"
        );
        assert_eq!(slug("One", "2025", &t), "one-2");
        assert_eq!(slug("中文", "2025-05-13", &t), "event-2025-05-13");
    }

    #[test]
    fn a_crlf_file_keeps_its_line_ends() {
        let crlf = LOG.replace('\n', "\r\n");
        let out = insert(&crlf, &event("two", "2025-02-10")).unwrap();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let lf = insert(LOG, &event("two", "2025-02-10")).unwrap();
        assert_eq!(out, lf.replace('\n', "\r\n"));
    }
}
