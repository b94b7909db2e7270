//! Whether two loads of a log are the same timeline, as a reader sees it: what `fmt` must
//! prove before it writes. Line numbers do not count (formatting moves lines); the order of
//! events counts unless they were sorted on purpose.

use crate::model::{Actor, Date, Era, OwnedSource, SavedView, Timeline};

/// The first difference between `before` and `after`, in words; `None` when they are the
/// same timeline. With `order`, events of the same date must also keep their order.
pub fn difference(before: &Timeline, after: &Timeline, order: bool) -> Option<String> {
    let (a, b) = (Shape::of(before), Shape::of(after));
    if a.head != b.head {
        return Some("the [timeline] table, the actors, eras or views".to_string());
    }
    if a.events.len() != b.events.len() {
        return Some(format!(
            "the number of events ({} before, {} after)",
            a.events.len(),
            b.events.len()
        ));
    }
    let (mut x, mut y) = (a.events.clone(), b.events.clone());
    x.sort_by(|p, q| p.id.cmp(&q.id));
    y.sort_by(|p, q| p.id.cmp(&q.id));
    if let Some((p, _)) = x.iter().zip(&y).find(|(p, q)| p != q) {
        return Some(format!("event `{}`", crate::text::quoted(&p.id)));
    }
    if order && a.events != b.events {
        return Some("the order of events of the same date".to_string());
    }
    None
}

/// The first difference between two texts of one file of a log as TOML data: every value
/// the same, the order of the actors, views, eras and events the same (events in any order
/// with `sorted`). Holds for a file that is not a log on its own (an included file, whose
/// actors are declared elsewhere), which [`difference`] cannot load; `None` when the same.
pub fn data_difference(before: &str, after: &str, sorted: bool) -> Option<String> {
    let parse = |text: &str| text.parse::<toml::Table>().map_err(|e| e.to_string());
    let (a, b) = match (parse(before), parse(after)) {
        (Ok(a), Ok(b)) => (a, b),
        (_, Err(e)) => return Some(format!("the TOML (it no longer parses: {e})")),
        (Err(_), _) => return None,
    };
    let keys = |t: &toml::Table| t.keys().cloned().collect::<Vec<_>>();
    let mut root_a = keys(&a);
    let mut root_b = keys(&b);
    root_a.sort();
    root_b.sort();
    if root_a != root_b {
        return Some("the top-level tables".to_string());
    }
    for (key, value) in &a {
        let other = &b[key];
        let same = match (key.as_str(), value, other) {
            ("events", toml::Value::Array(x), toml::Value::Array(y)) if sorted => {
                by_id(x) == by_id(y)
            }
            ("actors" | "views", toml::Value::Table(x), toml::Value::Table(y)) => {
                x == y && keys(x) == keys(y)
            }
            _ => value == other,
        };
        if !same {
            return Some(format!("`{key}`"));
        }
    }
    None
}

/// Entries in the order of their ids (as TOML text, so that any entry can be ordered).
fn by_id(entries: &[toml::Value]) -> Vec<&toml::Value> {
    let mut out: Vec<&toml::Value> = entries.iter().collect();
    out.sort_by_cached_key(|e| e.get("id").map(ToString::to_string).unwrap_or_default());
    out
}

#[derive(Debug, PartialEq)]
struct Head {
    title: String,
    description: String,
    lanes: Vec<String>,
    actors: Vec<Actor>,
    lane_colours: Vec<Option<String>>,
    views: Vec<SavedView>,
    eras: Vec<Era>,
}

#[derive(Debug, Clone, PartialEq)]
struct EventShape {
    id: String,
    date: Date,
    end: Option<Date>,
    title: String,
    actors: Vec<String>,
    tags: Vec<String>,
    importance: u8,
    summary: String,
    related: Vec<String>,
    sources: Vec<OwnedSource>,
}

struct Shape {
    head: Head,
    events: Vec<EventShape>,
}

impl Shape {
    fn of(t: &Timeline) -> Self {
        let events = t
            .events
            .iter()
            .map(|e| EventShape {
                id: e.id().to_string(),
                date: e.date,
                end: e.end,
                title: e.title().to_string(),
                actors: e.actors().iter().map(|a| t.actors[a].id.clone()).collect(),
                tags: e.tags().iter().map(|g| t.tags[g].name.clone()).collect(),
                importance: e.importance,
                summary: e.summary().to_string(),
                related: e
                    .related()
                    .iter()
                    .map(|r| t.events[r].id().to_string())
                    .collect(),
                sources: e.sources().iter().map(|s| s.to_owned()).collect(),
            })
            .collect();
        Self {
            head: Head {
                title: t.title.clone(),
                description: t.description.clone(),
                lanes: t.lanes.clone(),
                actors: t.actors.clone(),
                lane_colours: t.lane_colours.clone(),
                views: t.views.clone(),
                eras: t.eras.clone(),
            },
            events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "[actors.a]\nname = \"A\"\n\n[[events]]\nid = \"one\"\ndate = \"2025\"\ntitle = \"One\"\nactors = [\"a\"]\n\n[[events]]\nid = \"two\"\ndate = \"2025\"\ntitle = \"Two\"\nrelated = [\"one\"]\n";

    fn load(text: &str) -> Timeline {
        crate::load::parse(text).timeline.unwrap()
    }

    #[test]
    fn moved_lines_are_the_same_timeline_but_a_changed_word_is_not() {
        let a = load(LOG);
        let moved = LOG.replace("[actors.a]\nname = \"A\"\n\n", "")
            + "\n# moved\n[actors.a]\nname = \"A\"\n";
        assert_eq!(difference(&a, &load(&moved), true), None);
        let changed = LOG.replace("\"Two\"", "\"Too\"");
        assert_eq!(
            difference(&a, &load(&changed), true).as_deref(),
            Some("event `two`")
        );
        let renamed = LOG.replace("\"A\"", "\"B\"");
        assert!(difference(&a, &load(&renamed), true).is_some());
    }

    #[test]
    fn events_of_one_date_may_change_order_only_when_sorting() {
        let (first, second) = LOG.split_at(LOG.find("[[events]]\nid = \"two\"").unwrap());
        let events_start = first.find("[[events]]").unwrap();
        let swapped = format!(
            "{}{}\n{}",
            &first[..events_start],
            second,
            &first[events_start..]
        );
        let (a, b) = (load(LOG), load(&swapped));
        assert_eq!(difference(&a, &b, false), None);
        assert_eq!(
            difference(&a, &b, true).as_deref(),
            Some("the order of events of the same date")
        );
    }

    #[test]
    fn the_data_of_a_file_is_compared_without_loading_it() {
        let part = "[actors.b]\nname = \"B\"\n[actors.a]\nname = \"A\"\n[[events]]\nid = \"x\"\nactors = [\"elsewhere\"]\n[[events]]\nid = \"w\"\n";
        let moved = "[[events]]\nid = \"x\"\nactors = [\"elsewhere\"]\n[[events]]\nid = \"w\"\n\n[actors.b]\nname = 'B'\n[actors.a]\nname = \"A\"\n";
        assert_eq!(data_difference(part, moved, false), None);
        let swapped_actors = moved.replace(
            "[actors.b]\nname = 'B'\n[actors.a]\nname = \"A\"",
            "[actors.a]\nname = \"A\"\n[actors.b]\nname = 'B'",
        );
        assert_eq!(
            data_difference(part, &swapped_actors, false).as_deref(),
            Some("`actors`")
        );
        let sorted = "[actors.b]\nname = \"B\"\n[actors.a]\nname = \"A\"\n[[events]]\nid = \"w\"\n[[events]]\nid = \"x\"\nactors = [\"elsewhere\"]\n";
        assert_eq!(
            data_difference(part, sorted, false).as_deref(),
            Some("`events`")
        );
        assert_eq!(data_difference(part, sorted, true), None);
        assert!(data_difference(part, &part.replace("\"B\"", "\"C\""), true).is_some());
        assert!(data_difference(part, "[actors", false).is_some());
    }
}
