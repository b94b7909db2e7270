//! A document as an annals log in canonical form: `[timeline]`, the actors, the saved views,
//! the eras, then the events in order, each key on its own line, strings quoted and escaped by
//! the `toml` crate.

use std::fmt::Write as _;

use crate::export::json::{Document, EraDoc, EventDoc, SourceDoc};

/// The log for `doc`; `origin` names where it came from in the opening comment.
pub fn log(doc: &Document, origin: &str) -> String {
    let mut out = String::with_capacity(256 + doc.events.len() * 512);
    let _ = writeln!(
        out,
        "# Imported by annals from {}. Check it with `annals check -f FILE`.\n",
        origin.replace(['\n', '\r'], " ")
    );
    out.push_str("[timeline]\n");
    let _ = writeln!(out, "title = {}", string(&doc.timeline.title));
    let _ = writeln!(out, "description = {}", string(&doc.timeline.description));
    let _ = writeln!(out, "lanes = {}", strings(&doc.timeline.lanes));
    if !doc.timeline.lane_colours.is_empty() {
        // By lane name, in the order of `lanes`; a name not among them is left for the
        // loader to report.
        let colours = &doc.timeline.lane_colours;
        let mut names: Vec<&String> = doc
            .timeline
            .lanes
            .iter()
            .filter(|l| colours.contains_key(*l))
            .collect();
        names.extend(colours.keys().filter(|k| !doc.timeline.lanes.contains(k)));
        let pairs: Vec<String> = names
            .into_iter()
            .map(|l| format!("{} = {}", key(l), string(&colours[l])))
            .collect();
        let _ = writeln!(out, "lane_colours = {{ {} }}", pairs.join(", "));
    }
    for a in &doc.actors {
        let _ = writeln!(out, "\n[actors.{}]", key(&a.id));
        let _ = writeln!(out, "name = {}", string(&a.name));
        if !a.aliases.is_empty() {
            let _ = writeln!(out, "aliases = {}", strings(&a.aliases));
        }
        let _ = writeln!(out, "lane = {}", string(&a.lane));
        let _ = writeln!(out, "kind = {}", string(&a.kind));
    }
    for v in &doc.views {
        let _ = writeln!(out, "\n[views.{}]", key(&v.name));
        let _ = writeln!(out, "query = {}", string(&v.query));
    }
    for e in &doc.eras {
        era(&mut out, e);
    }
    for e in &doc.events {
        event(&mut out, e);
    }
    out
}

fn era(out: &mut String, e: &EraDoc) {
    out.push_str("\n[[eras]]\n");
    let _ = writeln!(out, "title = {}", string(&e.title));
    let _ = writeln!(out, "date = \"{}\"", e.date);
    let _ = writeln!(out, "end = \"{}\"", e.end);
    if let Some(lane) = &e.lane {
        let _ = writeln!(out, "lane = {}", string(lane));
    }
    if let Some(colour) = &e.colour {
        let _ = writeln!(out, "colour = {}", string(colour));
    }
    sources(out, "eras", &e.sources);
}

fn event(out: &mut String, e: &EventDoc) {
    out.push_str("\n[[events]]\n");
    let _ = writeln!(out, "id = {}", string(&e.id));
    let _ = writeln!(out, "date = \"{}\"", e.date);
    if let Some(end) = e.end {
        let _ = writeln!(out, "end = \"{end}\"");
    }
    let _ = writeln!(out, "title = {}", string(&e.title));
    let _ = writeln!(out, "actors = {}", strings(&e.actors));
    let _ = writeln!(out, "tags = {}", strings(&e.tags));
    let _ = writeln!(out, "importance = {}", e.importance);
    let _ = writeln!(out, "summary = {}", string(&e.summary));
    if !e.related.is_empty() {
        let _ = writeln!(out, "related = {}", strings(&e.related));
    }
    sources(out, "events", &e.sources);
}

/// The `[[<entries>.sources]]` tables of an event or an era.
fn sources(out: &mut String, entries: &str, sources: &[SourceDoc]) {
    for s in sources {
        let _ = write!(out, "\n[[{entries}.sources]]\n");
        let _ = writeln!(out, "publisher = {}", string(&s.publisher));
        let _ = writeln!(out, "title = {}", string(&s.title));
        if let Some(url) = &s.url {
            let _ = writeln!(out, "url = {}", string(url));
        }
        if let Some(date) = s.date {
            let _ = writeln!(out, "date = \"{date}\"");
        }
    }
}

/// A TOML string: basic, literal or multi-line, whichever the `toml` crate finds clearest;
/// always escaped so that it reads back as `text`.
fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn strings(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A table key: bare when it can be, else quoted.
fn key(id: &str) -> String {
    let bare = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { id.to_string() } else { string(id) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_strings_read_back_as_written() {
        for text in [
            "a \"quote\"",
            "back\\slash",
            "two\nlines",
            "'''\"\"\"",
            "tab\t",
            "\u{1b}[31m",
            "ends with \"",
        ] {
            let doc = format!("v = {}\n", string(text));
            let value: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(value["v"].as_str(), Some(text), "{doc}");
        }
        assert_eq!(key("white-house"), "white-house");
        assert_eq!(key("a.b"), "\"a.b\"");
    }
}
