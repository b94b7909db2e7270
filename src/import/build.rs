//! Putting a log together from rows: ids made unique, actors declared once with kebab-case ids,
//! lanes in the order they are first met.

use std::collections::{HashMap, HashSet};

use crate::export::json::{ActorDoc, Document, EraDoc, EventDoc, Header, SCHEMA, SourceDoc};
use crate::load::DEFAULT_LANE;

/// The longest id made from a title, in bytes.
const ID_MAX: usize = 48;

/// A log being put together.
#[derive(Debug)]
pub struct Builder {
    doc: Document,
    ids: HashSet<String>,
    /// Actor name → index in the document's actors.
    actors: HashMap<String, usize>,
}

impl Builder {
    pub fn new() -> Self {
        Self {
            doc: Document {
                schema: SCHEMA.to_string(),
                timeline: Header::default(),
                actors: Vec::new(),
                events: Vec::new(),
                eras: Vec::new(),
                views: Vec::new(),
            },
            ids: HashSet::new(),
            actors: HashMap::new(),
        }
    }

    fn doc(&mut self) -> &mut Document {
        &mut self.doc
    }

    /// Sets the title and description (from a title slide or row).
    pub fn title(&mut self, title: String, description: String) {
        self.doc().timeline.title = title;
        self.doc().timeline.description = description;
    }

    /// The id of the actor called `name`, declared in `lane` (else the default lane) the
    /// first time it is met.
    pub fn actor(&mut self, name: &str, lane: Option<&str>) -> String {
        if let Some(&i) = self.actors.get(name) {
            return self.doc().actors[i].id.clone();
        }
        let lane = lane
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(DEFAULT_LANE);
        self.lane(lane);
        let taken: HashSet<String> = self.doc().actors.iter().map(|a| a.id.clone()).collect();
        let id = unique(&kebab(name, "actor"), |id| taken.contains(id));
        let doc = self.doc();
        doc.actors.push(ActorDoc {
            id: id.clone(),
            name: name.to_string(),
            aliases: Vec::new(),
            lane: lane.to_string(),
            kind: "organization".to_string(),
        });
        let i = doc.actors.len() - 1;
        self.actors.insert(name.to_string(), i);
        id
    }

    fn lane(&mut self, lane: &str) {
        let lanes = &mut self.doc().timeline.lanes;
        if !lanes.iter().any(|l| l == lane) {
            lanes.push(lane.to_string());
        }
    }

    /// An id for a new event: `wanted` when it is valid and free, else one made from the
    /// title, with `-2`, `-3`… added until it is free.
    pub fn event_id(&mut self, wanted: Option<&str>, title: &str) -> String {
        let base = match wanted.map(str::trim) {
            Some(w) if is_id(w) => w.to_string(),
            Some(w) if !w.is_empty() => kebab(w, "event"),
            _ => kebab(title, "event"),
        };
        let id = unique(&base, |id| self.ids.contains(id));
        self.ids.insert(id.clone());
        id
    }

    pub fn push(&mut self, event: EventDoc) {
        self.doc().events.push(event);
    }

    pub fn push_era(&mut self, era: EraDoc) {
        self.doc().eras.push(era);
    }

    /// The document, events in the order they were read (the loader sorts them).
    pub fn finish(self) -> Document {
        self.doc
    }
}

/// A source from a label written as `Publisher: Title` (as annals exports it); a label
/// without that form is the title, and `publisher` the publisher.
pub fn source(
    label: Option<&str>,
    url: String,
    publisher: impl FnOnce() -> String,
    title: &str,
) -> SourceDoc {
    let (publisher, title) = match label.and_then(|l| l.split_once(": ")) {
        Some((p, t)) => (p.to_string(), t.to_string()),
        None => (publisher(), label.unwrap_or(title).to_string()),
    };
    SourceDoc {
        publisher,
        title,
        url: Some(url),
        date: None,
    }
}

fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// `text` as a lowercase kebab-case id (`"Huawei Technologies"` → `huawei-technologies`), cut
/// at a word to at most 48 bytes; `fallback` when nothing of it is left.
pub fn kebab(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for word in text
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() && out.len() + 1 + word.len() > ID_MAX {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(ID_MAX)]);
    }
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case_and_unique() {
        assert_eq!(
            kebab("Huawei Technologies Co.", "x"),
            "huawei-technologies-co"
        );
        assert_eq!(kebab("中文", "actor"), "actor");
        let mut b = Builder::new();
        assert_eq!(b.event_id(None, "A title"), "a-title");
        assert_eq!(b.event_id(None, "A title!"), "a-title-2");
        assert_eq!(b.event_id(Some("Not An Id"), "x"), "not-an-id");
        assert_eq!(b.event_id(Some("ok-id"), "x"), "ok-id");
        assert!(kebab(&"word ".repeat(40), "x").len() <= ID_MAX);
    }

    #[test]
    fn an_actor_is_declared_once_in_its_first_lane() {
        let mut b = Builder::new();
        assert_eq!(b.actor("Acme Corp", Some("Firms")), "acme-corp");
        assert_eq!(b.actor("Acme Corp", Some("Other lane")), "acme-corp");
        assert_eq!(b.actor("ACME corp", None), "acme-corp-2");
        let doc = b.finish();
        assert_eq!(doc.timeline.lanes, ["Firms", "Other"]);
        assert_eq!(doc.actors.len(), 2);
    }
}
