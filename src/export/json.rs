//! The JSON schema `annals/1`: the whole log (or a selection of it) as one document, dates at
//! their precision. `export json` writes it, `import json` reads it back, and `--format json`
//! prints it for the events a command shows.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{Date, Era, Source, Timeline};

/// The value of the `schema` field; a reader refuses any other.
pub const SCHEMA: &str = "annals/1";

/// A log as JSON. Events come in timeline order; actors, tags and related events are named by
/// id, so the document reads without the file it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub schema: String,
    pub timeline: Header,
    #[serde(default)]
    pub actors: Vec<ActorDoc>,
    #[serde(default)]
    pub events: Vec<EventDoc>,
    /// Added after the first `annals/1` documents, so optional when read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eras: Vec<EraDoc>,
    /// The saved views (`[views.NAME]`), in the log's order; optional when read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<ViewDoc>,
}

/// The `[timeline]` table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub lanes: Vec<String>,
    /// Lane name → colour as the log names it, for the lanes that have one; optional.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lane_colours: BTreeMap<String, String>,
}

/// One era: a named stretch of time, across every lane or in one (by name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraDoc {
    pub title: String,
    #[serde(with = "date_text")]
    pub date: Date,
    #[serde(with = "date_text")]
    pub end: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<String>,
    /// A colour name (`light-blue`) or `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceDoc>,
}

/// One saved view: `@name` stands for `query`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewDoc {
    pub name: String,
    pub query: String,
}

/// One actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDoc {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub lane: String,
    pub kind: String,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDoc {
    pub id: String,
    #[serde(with = "date_text")]
    pub date: Date,
    #[serde(
        default,
        with = "optional_date_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<Date>,
    pub title: String,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "notable")]
    pub importance: u8,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceDoc>,
}

/// One source of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    pub publisher: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(
        default,
        with = "optional_date_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<Date>,
}

fn notable() -> u8 {
    2
}

impl Document {
    /// The document for `selected` events (indices in timeline order). The whole log keeps
    /// every actor; a selection keeps the actors its events name and drops links to events
    /// outside it, so that any export can be imported again. Eras, saved views and lane
    /// colours are not events: a selection keeps them all.
    pub fn new(timeline: &Timeline, selected: &[usize]) -> Self {
        let whole = selected.len() == timeline.events.len();
        let mut chosen = vec![whole; timeline.events.len()];
        let mut used = vec![whole; timeline.actors.len()];
        for &i in selected {
            chosen[i] = true;
            for a in timeline.events[i].actors() {
                used[a] = true;
            }
        }
        let actors = timeline
            .actors
            .iter()
            .zip(&used)
            .filter(|(_, used)| **used)
            .map(|(a, _)| ActorDoc {
                id: a.id.clone(),
                name: a.name.clone(),
                aliases: a.aliases.clone(),
                lane: timeline.lanes[a.lane].clone(),
                kind: a.kind.as_str().to_string(),
            })
            .collect();
        let events = selected
            .iter()
            .map(|&i| {
                let e = &timeline.events[i];
                EventDoc {
                    id: e.id().to_string(),
                    date: e.date,
                    end: e.end,
                    title: e.title().to_string(),
                    actors: e
                        .actors()
                        .iter()
                        .map(|a| timeline.actors[a].id.clone())
                        .collect(),
                    tags: e
                        .tags()
                        .iter()
                        .map(|t| timeline.tags[t].name.clone())
                        .collect(),
                    importance: e.importance,
                    summary: e.summary().to_string(),
                    related: e
                        .related()
                        .iter()
                        .filter(|&r| chosen[r])
                        .map(|r| timeline.events[r].id().to_string())
                        .collect(),
                    sources: e.sources().iter().map(SourceDoc::from).collect(),
                }
            })
            .collect();
        Self {
            schema: SCHEMA.to_string(),
            timeline: Header {
                title: timeline.title.clone(),
                description: timeline.description.clone(),
                lanes: timeline.lanes.clone(),
                lane_colours: lane_colours(timeline),
            },
            actors,
            events,
            eras: timeline.eras.iter().map(|e| era(timeline, e)).collect(),
            views: timeline
                .views
                .iter()
                .map(|v| ViewDoc {
                    name: v.name.clone(),
                    query: v.query.clone(),
                })
                .collect(),
        }
    }

    /// Pretty JSON ending with a newline, safe to print to a terminal and to embed in HTML.
    pub fn to_json(&self) -> String {
        pretty(self)
    }
}

/// The lanes that have a colour, by name.
fn lane_colours(timeline: &Timeline) -> BTreeMap<String, String> {
    timeline
        .lanes
        .iter()
        .zip(&timeline.lane_colours)
        .filter_map(|(lane, colour)| Some((lane.clone(), colour.clone()?)))
        .collect()
}

fn era(timeline: &Timeline, e: &Era) -> EraDoc {
    EraDoc {
        title: e.title.clone(),
        date: e.date,
        end: e.end,
        lane: e.lane.and_then(|l| timeline.lanes.get(l).cloned()),
        colour: e.colour.map(|c| c.name()),
        sources: e.sources().map(SourceDoc::from).collect(),
    }
}

impl From<Source<'_>> for SourceDoc {
    fn from(s: Source<'_>) -> Self {
        Self {
            publisher: s.publisher.to_string(),
            title: s.title.to_string(),
            url: s.url.map(str::to_string),
            date: s.date,
        }
    }
}

/// `value` as pretty JSON with a closing newline, with the characters that could change a
/// terminal's or a page's state written as `\u` escapes (see [`escape_for_embedding`]).
pub fn pretty<T: Serialize>(value: &T) -> String {
    // Serializing plain data with string keys into a String cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = escape_for_embedding(&text);
    out.push('\n');
    out
}

/// JSON text with `<`, `>`, `&`, DEL, the C1 controls, U+2028, U+2029 and the bidirectional
/// controls written as `\u` escapes: still the same JSON value, but it cannot close a
/// `<script>` element, drive a terminal or reorder a terminal line. Only valid inside JSON strings, where these characters can occur.
pub fn escape_for_embedding(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + json.len() / 32);
    let mut from = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0x7F => "\\u007f",
            // C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F) can drive a terminal: escaped,
            // they stay in the data and never reach a screen raw.
            0xC2 => match bytes.get(at + 1) {
                Some(&c @ 0x80..=0x9F) => C1[usize::from(c - 0x80)],
                _ => continue,
            },
            // U+2028/9, U+202A–E and U+2066–9 are the three-byte sequences E2 80 A8–AE
            // and E2 81 A6–A9; the other characters starting with E2 are left alone.
            0xE2 => match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(0x80), Some(&c @ 0xA8..=0xAE)) => UNICODE_80[usize::from(c - 0xA8)],
                (Some(0x81), Some(&c @ 0xA6..=0xA9)) => UNICODE_81[usize::from(c - 0xA6)],
                _ => continue,
            },
            _ => continue,
        };
        out.push_str(&json[from..at]);
        out.push_str(escape);
        from = at
            + match b {
                0xE2 => 3,
                0xC2 => 2,
                _ => 1,
            };
    }
    out.push_str(&json[from..]);
    out
}

const UNICODE_80: [&str; 7] = [
    "\\u2028", "\\u2029", "\\u202a", "\\u202b", "\\u202c", "\\u202d", "\\u202e",
];
const C1: [&str; 32] = [
    "\\u0080", "\\u0081", "\\u0082", "\\u0083", "\\u0084", "\\u0085", "\\u0086", "\\u0087",
    "\\u0088", "\\u0089", "\\u008a", "\\u008b", "\\u008c", "\\u008d", "\\u008e", "\\u008f",
    "\\u0090", "\\u0091", "\\u0092", "\\u0093", "\\u0094", "\\u0095", "\\u0096", "\\u0097",
    "\\u0098", "\\u0099", "\\u009a", "\\u009b", "\\u009c", "\\u009d", "\\u009e", "\\u009f",
];
const UNICODE_81: [&str; 4] = ["\\u2066", "\\u2067", "\\u2068", "\\u2069"];

mod date_text {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

mod optional_date_text {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => s.collect_str(date),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => Date::parse(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_and_del_are_escaped_and_read_back_whole() {
        let text = "a\u{85}b\u{9b}c\u{7f}d é\u{a0}";
        let json = escape_for_embedding(&serde_json::to_string(text).unwrap());
        assert!(json.contains("\\u0085") && json.contains("\\u009b") && json.contains("\\u007f"));
        assert!(
            !json.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)),
            "{json}"
        );
        assert!(
            json.contains('é') && json.contains('\u{a0}'),
            "other characters stay"
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn dates_keep_their_precision() {
        let report = crate::load::parse(
            "[[events]]\nid = \"a\"\ndate = \"2025-07\"\nend = \"2026\"\ntitle = \"T\"\nsummary = \"s\"\nsources = []\n",
        );
        let t = report.timeline.unwrap();
        let json = Document::new(&t, &[0]).to_json();
        assert!(json.contains("\"date\": \"2025-07\""), "{json}");
        assert!(json.contains("\"end\": \"2026\""), "{json}");
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back.events[0].date.to_string(), "2025-07");
    }

    #[test]
    fn embedded_json_cannot_close_a_script_element() {
        let text = escape_for_embedding("{\"t\":\"</script><b>&\u{2028}\u{202e}\"}");
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(!text.contains('\u{2028}') && !text.contains('\u{202e}'));
        let all = "\u{2028}\u{2029}\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}";
        let kept = "\u{2027}\u{202f}\u{2065}\u{206a}—€";
        let escaped =
            escape_for_embedding(&serde_json::to_string(&format!("{all}{kept}")).unwrap());
        assert!(escaped.contains(kept), "{escaped}");
        assert!(!all.chars().any(|c| escaped.contains(c)), "{escaped}");
        assert_eq!(
            serde_json::from_str::<String>(&escaped).unwrap(),
            format!("{all}{kept}")
        );
        assert_eq!(value["t"], "</script><b>&\u{2028}\u{202e}");
    }

    const EXTRAS: &str = "[timeline]\nlanes = [\"US\", \"China\"]\nlane_colours = { China = \"red\" }\n[views.late]\nquery = \"since:2025-06\"\n[[eras]]\ntitle = \"Truce\"\ndate = \"2025-05\"\nend = \"2025-08-12\"\nlane = \"China\"\ncolour = \"Light-Blue\"\n[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://e.com\"\n[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\n[[events]]\nid = \"b\"\ndate = \"2026\"\ntitle = \"B\"\n";

    #[test]
    fn a_selection_keeps_every_era_view_and_lane_colour() {
        let t = crate::load::parse(EXTRAS).timeline.unwrap();
        let doc = Document::new(&t, &[1]);
        assert_eq!(doc.events.len(), 1);
        assert_eq!(
            doc.views,
            [ViewDoc {
                name: "late".into(),
                query: "since:2025-06".into()
            }]
        );
        assert_eq!(
            doc.timeline.lane_colours.get("China").map(String::as_str),
            Some("red")
        );
        let json = doc.to_json();
        for part in [
            "\"lane_colours\": {\n      \"China\": \"red\"",
            "\"date\": \"2025-05\"",
            "\"end\": \"2025-08-12\"",
            "\"lane\": \"China\"",
            "\"colour\": \"light-blue\"",
            "\"url\": \"https://e.com\"",
        ] {
            assert!(json.contains(part), "{part}\n{json}");
        }
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), doc);
    }

    #[test]
    fn a_document_without_eras_views_or_colours_still_reads() {
        let old = r#"{"schema":"annals/1","timeline":{"title":"t","lanes":["US"]},"events":[]}"#;
        let doc: Document = serde_json::from_str(old).unwrap();
        assert!(doc.eras.is_empty() && doc.views.is_empty());
        assert!(doc.timeline.lane_colours.is_empty());
        let json = doc.to_json();
        assert!(
            !json.contains("eras") && !json.contains("views") && !json.contains("lane_colours"),
            "{json}"
        );
    }

    #[test]
    fn another_schema_is_kept_as_written_for_the_reader_to_refuse() {
        let doc: Document = serde_json::from_str(r#"{"schema":"annals/9","timeline":{}}"#).unwrap();
        assert_eq!(doc.schema, "annals/9");
    }
}
