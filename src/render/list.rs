//! `annals list`: one event per line — date, id, title — for grep, fzf and scripts.

use crate::model::Timeline;
use crate::text;

/// One line per selected event: the date padded to ten columns, the id padded to the
/// longest shown, then the title.
pub fn list(timeline: &Timeline, selected: &[usize]) -> String {
    let id_width = selected
        .iter()
        .map(|&i| text::width(&timeline.events[i].id))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for &i in selected {
        let e = &timeline.events[i];
        let date = e.date.to_string();
        out.push_str(&format!(
            "{date:<10}  {:<id_width$}  {}\n",
            e.id,
            text::sanitize(&e.title)
        ));
    }
    out
}
