//! Finding events by the ids a person typed (`annals show`), with a suggestion for each id
//! that is not in the log.

use crate::model::Timeline;
use crate::text;

/// The events with these ids, in the order given; or, if any id is unknown, one message for
/// each unknown one, naming it with the nearest known id (so that a caller can refuse the
/// whole list rather than print half of it).
pub fn find_ids(timeline: &Timeline, ids: &[String]) -> Result<Vec<usize>, Vec<String>> {
    let mut found = Vec::with_capacity(ids.len());
    let mut unknown = Vec::new();
    for id in ids {
        match timeline.find(id) {
            Some(i) => found.push(i),
            None => unknown.push(unknown_id(timeline, id)),
        }
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(unknown)
    }
}

/// ``no event has the id `x`; did you mean `y`?``
fn unknown_id(timeline: &Timeline, id: &str) -> String {
    let hint = match text::nearest(id, timeline.events.iter().map(|e| e.id())) {
        Some(near) => format!("; did you mean `{}`?", text::quoted(near)),
        None => "; `annals list` shows every id".to_string(),
    };
    format!("no event has the id `{}`{hint}", text::quoted(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_come_back_in_the_order_given_and_each_unknown_one_is_named() {
        let event = |id: &str, date: &str| {
            format!(
                "[[events]]\nid = \"{id}\"\ndate = \"{date}\"\ntitle = \"T\"\nactors = [\"a\"]\n"
            )
        };
        let log = format!(
            "[actors.a]\nname = \"A\"\n{}{}",
            event("early", "2024"),
            event("late", "2025")
        );
        let t = crate::load::parse(&log).timeline.unwrap();
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            find_ids(&t, &ids(&["late", "early", "late"])),
            Ok(vec![1, 0, 1])
        );
        assert_eq!(
            find_ids(&t, &ids(&["late", "eraly", "zzzzzz", "x\u{1b}"])),
            Err(vec![
                "no event has the id `eraly`; did you mean `early`?".to_string(),
                "no event has the id `zzzzzz`; `annals list` shows every id".to_string(),
                "no event has the id `x\u{FFFD}`; `annals list` shows every id".to_string(),
            ])
        );
    }
}
