//! The plain-text summary: a chronology grouped by month, wrapped to a width, to paste into a memo.

use super::{actor_names, count, hanging, tag_names, wrapped};
use crate::model::{Precision, Timeline};
use crate::text;

/// Lines narrower than this do not indent the event body under its date.
const INDENT_MIN_WIDTH: usize = 48;

/// Renders `selected` events (indices in timeline order) grouped by month.
/// `filter` is the active filter in words ("" when none), shown in the header.
pub fn summary(timeline: &Timeline, selected: &[usize], filter: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::new();
    let title = if timeline.title.is_empty() {
        "annals"
    } else {
        &timeline.title
    };
    out.push_str(&wrapped(title, "", width));
    if !timeline.description.is_empty() {
        out.push_str(&wrapped(&timeline.description, "", width));
    }
    let shown = if filter.is_empty() {
        count(selected.len(), "event")
    } else {
        format!(
            "{} of {} matching {filter}",
            selected.len(),
            count(timeline.events.len(), "event")
        )
    };
    out.push_str(&wrapped(&shown, "", width));

    let indent = if width >= INDENT_MIN_WIDTH {
        " ".repeat(12)
    } else {
        "  ".to_string()
    };
    for (heading, run) in super::by_month(timeline, selected) {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&text::truncate(&heading, width));
        out.push('\n');
        out.push_str(&"─".repeat(text::width(&heading).min(width)));
        out.push('\n');
        for &i in run {
            out.push_str(&event_block(timeline, i, &indent, width));
        }
    }
    out
}

fn event_block(timeline: &Timeline, i: usize, indent: &str, width: usize) -> String {
    let e = &timeline.events[i];
    let mut out = String::new();
    let date = match (e.date.precision(), e.end) {
        (_, Some(end)) => format!("{} – {}", e.date, end),
        _ => e.date.to_string(),
    };
    let wide = indent.len() >= 12;
    if wide && text::width(&date) <= 10 {
        // Date in its own column, title beside it.
        let lines = text::wrap_keeping_urls(&e.title, width.saturating_sub(12).max(1));
        for (n, line) in lines.iter().enumerate() {
            let lead = if n == 0 {
                format!("{date:<10}  ")
            } else {
                indent.to_string()
            };
            out.push_str(&lead);
            out.push_str(line);
            out.push('\n');
        }
    } else {
        out.push_str(&wrapped(&date, "", width));
        out.push_str(&wrapped(&e.title, indent, width));
    }
    let mut meta = actor_names(timeline, e);
    let tags = tag_names(timeline, e);
    if !tags.is_empty() {
        if !meta.is_empty() {
            meta.push_str(" · ");
        }
        meta.push('#');
        meta.push_str(&tags.replace(", ", " #"));
    }
    if !meta.is_empty() {
        out.push_str(&wrapped(&meta, indent, width));
    }
    if let Some(first) = e
        .summary
        .split("\n\n")
        .next()
        .filter(|s| !s.trim().is_empty())
    {
        out.push_str(&wrapped(first, indent, width));
    }
    for s in &e.sources {
        let mut line = format!("{}: {}", s.publisher, s.title);
        if let Some(date) = s.date
            && (e.date.precision() != Precision::Day || date != e.date)
        {
            line.push_str(&format!(" ({date})"));
        }
        out.push_str(&hanging(
            &line,
            &format!("{indent}▸ "),
            &format!("{indent}  "),
            width,
        ));
        if let Some(url) = &s.url {
            // Whole on a line of its own, however long: a URL cut in two is a dead link.
            out.push_str(&format!("{indent}  {}\n", text::sanitize(url)));
        }
    }
    out.push('\n');
    out
}
