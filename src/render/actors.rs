//! `annals actors`: every actor with its lane, kind and number of events.

use crate::model::Timeline;
use crate::text;

/// The widest a column of text grows, in columns; longer names are shortened with `…`.
pub const COLUMN_MAX: usize = 40;

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
            let cell = |s: &str| text::truncate(&text::sanitize(s), COLUMN_MAX);
            [
                cell(&actor.id),
                cell(&actor.name),
                cell(&timeline.lanes[actor.lane]),
                actor.kind.to_string(),
                timeline.events_by_actor[a].len().to_string(),
            ]
        })
        .collect();
    let header = ["ID", "NAME", "LANE", "KIND", "EVENTS"].map(String::from);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(text::width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (n, (cell, w)) in row.iter().zip(widths).enumerate() {
            if n == 4 {
                line.push_str(&" ".repeat(w.saturating_sub(text::width(cell))));
                line.push_str(cell);
            } else {
                line.push_str(&super::padded(cell, w + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
