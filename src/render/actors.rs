//! `annals actors`: every actor with its lane, kind and number of events.

use super::table::{cell, table};
use crate::model::Timeline;

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
                cell(&actor.id),
                cell(&actor.name),
                cell(&timeline.lanes[actor.lane]),
                actor.kind.to_string(),
                timeline.events_by_actor[a].len().to_string(),
            ]
        })
        .collect();
    table(["ID", "NAME", "LANE", "KIND", "EVENTS"], &rows)
}
