//! `annals fmt`: a log's text in the one canonical layout (see [`super::layout`]), proved
//! to load to the same timeline, with every comment, before anything is written.

use toml_edit::{DocumentMut, Item, Table};

use super::layout::{self, ACTOR_KEYS, ERA_KEYS, EVENT_KEYS, TIMELINE_KEYS, VIEW_KEYS};
use crate::load::{self, Report};
use crate::model::{Date, Timeline};

/// Why a text was not formatted.
#[derive(Debug)]
pub enum Refusal {
    /// The log has errors: the loader's report says which.
    Invalid(Box<Report>),
    /// The formatting would have changed the log (a bug in annals, never written): what
    /// changed.
    Bug(String),
}

/// `text`, a whole log, in the canonical layout, events sorted by date then id with `sort`;
/// proved to load to the same timeline (the same order of events unless sorting) and to be
/// the same TOML data, keeping every comment, and to be its own formatting.
pub fn format(text: &str, sort: bool) -> Result<String, Refusal> {
    format_with(text, sort, true)
}

/// [`format`] for one file of a log in several files (which the caller has loaded whole, and
/// which cannot be loaded alone): proved to be the same TOML data, with every comment, and to
/// be its own formatting.
pub fn format_part(text: &str, sort: bool) -> Result<String, Refusal> {
    format_with(text, sort, false)
}

fn format_with(text: &str, sort: bool, whole: bool) -> Result<String, Refusal> {
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    };
    let old = if whole {
        let before = load::parse(body);
        match before.timeline {
            Some(t) => Some(t),
            None => return Err(Refusal::Invalid(Box::new(before))),
        }
    } else {
        None
    };
    let doc: DocumentMut = body
        .parse()
        .map_err(|e| Refusal::Bug(format!("toml_edit cannot read what the loader can: {e}")))?;
    // A file written with CRLF line ends keeps them, every line alike.
    let crlf = layout::uses_crlf(body);
    let comments = layout::comments(&doc);
    let formatted = layout::line_ends(format_document(doc, sort), crlf);
    let proof = Proof {
        text: body,
        comments: &comments,
        timeline: old.as_ref(),
        sort,
        crlf,
    };
    proof.check(&formatted)?;
    Ok(format!("{bom}{formatted}"))
}

/// What a formatted text must keep of the text it came from.
struct Proof<'a> {
    text: &'a str,
    /// Its comments, sorted.
    comments: &'a [String],
    /// Its timeline, for a whole log.
    timeline: Option<&'a Timeline>,
    sort: bool,
    crlf: bool,
}

impl Proof<'_> {
    /// Refuses `formatted` as a bug unless it is the same log: the same TOML data (the same
    /// order of events unless sorting), the same timeline for a whole log, the same comments,
    /// and its own formatting.
    fn check(&self, formatted: &str) -> Result<(), Refusal> {
        let sort = self.sort;
        let bug = |what: String| Refusal::Bug(what);
        let again: DocumentMut = formatted
            .parse()
            .map_err(|e| bug(format!("the formatted text is not TOML: {e}")))?;
        if self.comments != layout::comments(&again) {
            return Err(bug("a comment would be lost".to_string()));
        }
        if let Some(old) = self.timeline {
            let after = load::parse(formatted);
            let Some(new) = &after.timeline else {
                return Err(bug("the formatted text would not load".to_string()));
            };
            if let Some(what) = super::same::difference(old, new, !sort) {
                return Err(bug(format!("{what} would change")));
            }
        }
        if let Some(what) = super::same::data_difference(self.text, formatted, sort) {
            return Err(bug(format!("{what} would change")));
        }
        if layout::line_ends(format_document(again, sort), self.crlf) != formatted {
            return Err(bug(
                "formatting the formatted text would change it again".to_string()
            ));
        }
        Ok(())
    }
}

/// The canonical layout of a parsed log, without the proofs of [`format`].
pub fn format_document(mut doc: DocumentMut, sort: bool) -> String {
    let root = doc.as_table_mut();
    if let Some(Item::Table(t)) = root.get_mut("timeline") {
        layout::tidy_table(t, TIMELINE_KEYS);
    }
    for (section, keys) in [("actors", ACTOR_KEYS), ("views", VIEW_KEYS)] {
        if let Some(Item::Table(t)) = root.get_mut(section) {
            for (_, item) in t.iter_mut() {
                if let Item::Table(entry) = item {
                    layout::tidy_table(entry, keys);
                }
            }
        }
    }
    for (section, keys) in [("eras", ERA_KEYS), ("events", EVENT_KEYS)] {
        if let Some(Item::ArrayOfTables(entries)) = root.get_mut(section) {
            for entry in entries.iter_mut() {
                layout::tidy_table(entry, keys);
                layout::tidy_sources(entry);
            }
        }
    }
    if sort && let Some(Item::ArrayOfTables(events)) = root.get_mut("events") {
        let mut tables: Vec<Table> = events.iter().cloned().collect();
        tables.sort_by_cached_key(|t| (date_of(t), id_of(t)));
        events.clear();
        for t in tables {
            events.push(t);
        }
    }
    layout::order_tables(&mut doc);
    doc.to_string()
}

/// An entry's `date`, for sorting (`None`, first, for one without a date it can read).
pub fn date_of(entry: &Table) -> Option<Date> {
    entry
        .get("date")
        .and_then(|d| d.as_str())
        .and_then(|d| Date::parse(d).ok())
}

fn id_of(entry: &Table) -> String {
    entry
        .get("id")
        .and_then(|d| d.as_str())
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = r#"# My log
# kept at the top

[[events]]
title='Second' # the title
date = "2025-03"
id = "second"
  actors = [ "a",
  "b" ]
sources = [{ title = "T", publisher = "P", url = "https://example.com/2" }]

# the actors
[actors.b]
kind = "company"
name = "B"
[actors.a]
name = "A"

[[events]]
id = "first"
date = "2025-01-02"
title = "First"
actors = ["a"]
tags = [
  "x", # why x
  # before y
  "y",
]
summary = '''
Two \lines
of "text".'''
[[events.sources]]
url = "https://example.com/1"
publisher = "P"
title = "T"

[timeline]
title = "T" # the title
lanes = ["Other"]

# the end
"#;

    #[test]
    fn a_messy_log_gets_the_canonical_layout_with_every_comment() {
        let out = format(MESSY, false).unwrap();
        insta::assert_snapshot!(out);
    }

    #[test]
    fn formatting_is_idempotent_and_sorting_orders_events_by_date() {
        let once = format(MESSY, false).unwrap();
        assert_eq!(format(&once, false).unwrap(), once);
        let sorted = format(MESSY, true).unwrap();
        assert!(sorted.find("id = \"first\"") < sorted.find("id = \"second\""));
        assert!(once.find("id = \"first\"") > once.find("id = \"second\""));
        assert_eq!(format(&sorted, true).unwrap(), sorted);
    }

    #[test]
    fn a_log_with_errors_is_refused_with_the_loaders_report() {
        let Err(Refusal::Invalid(report)) = format("[[events]]\nid = \"x\"\n", false) else {
            panic!("refused expected")
        };
        assert!(report.errors().next().is_some());
    }

    #[test]
    fn strings_are_double_quoted_with_escapes_where_needed() {
        assert_eq!(layout::encode_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(
            layout::encode_string("one\n\"\"\"two\"\n"),
            "\"\"\"\none\n\"\"\\\"two\"\n\"\"\""
        );
        for text in ["x\"", "\"\"\"", "a\nb\"", "\t\u{7}\r\n\"\"", "\\\n\\"] {
            let toml = format!("k = {}", layout::encode_string(text));
            let parsed: toml::Table = toml.parse().unwrap();
            assert_eq!(parsed["k"].as_str(), Some(text), "{toml}");
        }
    }

    #[test]
    fn a_file_with_crlf_line_ends_keeps_them_on_every_line() {
        let text = "[timeline]\r\ntitle='T'\r\n[[events]]\r\nid = \"a\"\r\ndate = \"2025\"\r\ntitle = \"A\"\r\nsummary = \"\"\"\r\nx\r\ny\r\n\"\"\"\r\n";
        let out = format(text, false).unwrap();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert!(
            out.contains("title = \"T\"\r\n\r\n[[events]]\r\n"),
            "{out:?}"
        );
        assert_eq!(format(&out, false).unwrap(), out);
    }

    #[test]
    fn a_formatting_that_changes_the_log_is_refused_as_a_bug() {
        let doc: DocumentMut = MESSY.parse().unwrap();
        let old = crate::load::parse(MESSY).timeline.unwrap();
        let good = format_document(doc.clone(), false);
        let comments = layout::comments(&doc);
        let proof = Proof {
            text: MESSY,
            comments: &comments,
            timeline: Some(&old),
            sort: false,
            crlf: false,
        };
        assert!(proof.check(&good).is_ok());
        let bug = |text: &str| match proof.check(text) {
            Err(Refusal::Bug(what)) => what,
            other => panic!("refused as a bug expected: {other:?}"),
        };
        assert_eq!(bug(&good.replace("# why x", "")), "a comment would be lost");
        assert_eq!(
            bug(&good.replace("\"Second\"", "\"2nd\"")),
            "event `second` would change"
        );
        let (a, b) = (
            good.find("[actors.b]").unwrap(),
            good.find("[actors.a]").unwrap(),
        );
        let swapped = format!("{}{}{}", &good[..a], &good[b..], &good[a..b]);
        assert!(bug(&swapped).contains("actors"), "actors in another order");
        assert_eq!(
            bug(&good.replace("title = \"First\"", "title='First'")),
            "formatting the formatted text would change it again"
        );
        assert!(bug("[timeline").starts_with("the formatted text is not TOML"));
    }

    #[test]
    fn a_file_of_a_larger_log_is_formatted_and_proved_as_data() {
        let part = "# 2026\n[[events]]\ntitle='Later'\nid = \"later\"\ndate = \"2026\"\nactors = [\"declared-elsewhere\"]\n";
        assert!(
            matches!(format(part, false), Err(Refusal::Invalid(_))),
            "not a log alone"
        );
        let out = format_part(part, false).unwrap();
        assert_eq!(
            out,
            "# 2026\n[[events]]\nid = \"later\"\ndate = \"2026\"\ntitle = \"Later\"\nactors = [\"declared-elsewhere\"]\n"
        );
        assert_eq!(format_part(&out, false).unwrap(), out);
    }

    #[test]
    fn comments_anywhere_in_an_array_are_kept_and_stay_put() {
        let log = "[timeline]\ntitle = \"T\"\nlanes = [ # opening\n  \"A\" # between\n  , \"B\", # after B\n  # closing\n]\n";
        let out = format(log, false).unwrap();
        assert_eq!(
            out,
            "[timeline]\ntitle = \"T\"\nlanes = [ # opening\n    \"A\" # between\n  ,\n    \"B\", # after B\n    # closing\n]\n"
        );
    }
}
