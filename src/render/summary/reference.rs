//! The summary as it was written before it was streamed (`render::summary` at `1e4dc20`, one
//! thread): the reference the streaming writer must agree with, byte for byte.

use std::fmt::Write as _;

use super::super::{actor_names, count, hanging_into, tag_names, wrapped_into};
use crate::model::{Precision, Timeline};
use crate::text;

pub fn summary(timeline: &Timeline, selected: &[usize], filter: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::new();
    let title = if timeline.title.is_empty() {
        "annals"
    } else {
        &timeline.title
    };
    wrapped_into(&mut out, title, "", width);
    if !timeline.description.is_empty() {
        wrapped_into(&mut out, &timeline.description, "", width);
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
    wrapped_into(&mut out, &shown, "", width);
    let indent = if width >= 48 {
        " ".repeat(12)
    } else {
        "  ".to_string()
    };
    for (heading, run) in super::super::by_month(timeline, selected) {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&text::truncate(&heading, width));
        out.push('\n');
        out.push_str(&"─".repeat(text::width(&heading).min(width)));
        out.push('\n');
        for &i in run {
            event_block(&mut out, timeline, i, &indent, width);
        }
    }
    // As the output left the program.
    text::sanitize_lines(&out).into_owned()
}

fn event_block(out: &mut String, timeline: &Timeline, i: usize, indent: &str, width: usize) {
    let e = &timeline.events[i];
    let date = match (e.date.precision(), e.end) {
        (_, Some(end)) => format!("{} – {}", e.date, end),
        _ => e.date.to_string(),
    };
    let wide = indent.len() >= 12;
    if wide && text::width(&date) <= 10 {
        let lead = format!("{date:<10}  ");
        hanging_into(out, e.title(), &lead, indent, width);
    } else {
        wrapped_into(out, &date, "", width);
        wrapped_into(out, e.title(), indent, width);
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
        wrapped_into(out, &meta, indent, width);
    }
    if let Some(first) = e
        .summary()
        .split("\n\n")
        .next()
        .filter(|s| !s.trim().is_empty())
    {
        wrapped_into(out, first, indent, width);
    }
    for s in e.sources() {
        let mut line = format!("{}: {}", s.publisher, s.title);
        if let Some(date) = s.date
            && (e.date.precision() != Precision::Day || date != e.date)
        {
            line.push_str(&format!(" ({date})"));
        }
        hanging_into(
            out,
            &line,
            &format!("{indent}▸ "),
            &format!("{indent}  "),
            width,
        );
        if let Some(url) = s.url {
            let _ = writeln!(out, "{indent}  {}", text::sanitize(url));
        }
    }
    out.push('\n');
}
