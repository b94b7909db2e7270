//! Plain-text output: pure functions from a timeline (and the selected events) to a string.

mod actors;
mod config;
mod list;
mod show;
mod summary;
mod table;
mod tags;

pub use actors::actors;
pub use config::config;
pub use list::{ID_MAX, list};
pub use show::{show, show_all};
pub use summary::summary;
pub use tags::tags;

use crate::model::{Event, Timeline};
use crate::text;

/// The actors of an event by name, joined with commas.
pub fn actor_names(timeline: &Timeline, event: &Event) -> String {
    event
        .actors()
        .iter()
        .map(|a| text::sanitize(&timeline.actors[a].name).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tags of an event by name, joined with commas.
pub fn tag_names(timeline: &Timeline, event: &Event) -> String {
    event
        .tags()
        .iter()
        .map(|t| text::sanitize(&timeline.tags[t].name).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The selected events (in timeline order) in runs of one month, each with its heading:
/// `July 2025`, or `2025` for the events known only to the year.
pub fn by_month<'s>(
    timeline: &Timeline,
    selected: &'s [usize],
) -> impl Iterator<Item = (String, &'s [usize])> {
    let key = |i: usize| {
        let d = &timeline.events[i].date;
        (d.year_number(), d.month_number())
    };
    selected
        .chunk_by(move |&a, &b| key(a) == key(b))
        .map(move |run| {
            let (year, month) = key(run[0]);
            let heading = match month {
                Some(m) => format!("{} {year}", crate::model::month_name(m)),
                None => year.to_string(),
            };
            (heading, run)
        })
}

/// What an importance level means.
pub fn importance_word(importance: u8) -> &'static str {
    match importance {
        1 => "background",
        3 => "major",
        _ => "notable",
    }
}

/// `text` wrapped to `width` columns, each line prefixed by `indent` (its width counted).
/// A URL is never broken (see [`text::wrap_keeping_urls`]): plain text is pasted elsewhere.
fn wrapped(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    wrapped_into(&mut out, text, indent, width);
    out
}

/// [`wrapped`], written at the end of `out`.
fn wrapped_into(out: &mut String, text: &str, indent: &str, width: usize) {
    let room = width.saturating_sub(text::width(indent)).max(1);
    text::wrap_keeping_urls_each(text, room, |line| {
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str(line);
        }
        out.push('\n');
    });
}

/// `text` wrapped with a hanging indent: the first line starts with `first`, the others
/// with `rest` (both counted in the width). A URL is never broken, as in [`wrapped`].
fn hanging(text: &str, first: &str, rest: &str, width: usize) -> String {
    let mut out = String::new();
    hanging_into(&mut out, text, first, rest, width);
    out
}

/// [`hanging`], written at the end of `out`.
fn hanging_into(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let lead = text::width(first).max(text::width(rest));
    let room = width.saturating_sub(lead).max(1);
    let mut n = 0;
    text::wrap_keeping_urls_each(text, room, |line| {
        out.push_str(if n == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
        n += 1;
    });
}

pub use text::count;

/// `cell` followed by spaces to fill `width` columns (none when it is already as wide).
/// Widths from a log never go in a format string, whose widths must fit in 16 bits.
fn padded(cell: &str, width: usize) -> String {
    let mut out = cell.to_string();
    out.push_str(&" ".repeat(width.saturating_sub(text::width(cell))));
    out
}
