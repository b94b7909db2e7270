//! `annals list`: one event per line — date, id, title — for grep, fzf and scripts.

use crate::model::Timeline;
use crate::text;

/// The widest the id column grows, in columns: wider than any terminal. A longer id is
/// shown shortened, ending with `…`.
pub const ID_MAX: usize = 120;

/// One line per selected event: the date padded to ten columns, the id padded to the
/// longest shown (at most [`ID_MAX`]), then the title.
pub fn list(timeline: &Timeline, selected: &[usize]) -> String {
    let id_width = selected
        .iter()
        .map(|&i| text::width(timeline.events[i].id()).min(ID_MAX))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for &i in selected {
        let e = &timeline.events[i];
        out.push_str(&super::padded(&e.date.to_string(), 10));
        out.push_str("  ");
        out.push_str(&super::padded(
            &text::truncate(&text::sanitize(e.id()), ID_MAX),
            id_width,
        ));
        out.push_str("  ");
        out.push_str(&text::sanitize(e.title()));
        out.push('\n');
    }
    out
}
