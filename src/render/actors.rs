//! `annals actors`: every actor with its lane, kind and number of events.

use super::table::table;
use crate::model::Timeline;
use crate::text;

/// A table of actors in lane order, then by number of events (most first), then by name.
pub fn actors(timeline: &Timeline) -> String {
    let mut order: Vec<usize> = (0..timeline.actors.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&timeline.actors[a], &timeline.actors[b]);
        x.lane
            .cmp(&y.lane)
            .then(
                timeline.events_by_actor[b]
                    .len()
                    .cmp(&timeline.events_by_actor[a].len()),
            )
            .then(x.name.cmp(&y.name))
    });
    let rows: Vec<[String; 5]> = order
        .iter()
        .map(|&a| {
            let actor = &timeline.actors[a];
            [
                text::sanitize(&actor.id).into_owned(),
                text::sanitize(&actor.name).into_owned(),
                text::sanitize(&timeline.lanes[actor.lane]).into_owned(),
                actor.kind.to_string(),
                timeline.events_by_actor[a].len().to_string(),
            ]
        })
        .collect();
    table(["ID", "NAME", "LANE", "KIND", "EVENTS"], &rows)
}
