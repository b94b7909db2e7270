//! `annals show ID…`: everything about events, their sources, and their links both ways.

use super::{hanging, importance_word, tag_names, wrapped};
use crate::model::{Ids, Timeline};
use crate::text;

const LABEL: usize = 12;

/// Renders each of `events` in full, in the order given, separated by a rule as wide as the
/// text (`width` columns of `─`) with a blank line on either side.
pub fn show_all(timeline: &Timeline, events: &[usize], width: usize) -> String {
    let rule = format!("\n{}\n\n", "─".repeat(width));
    events
        .iter()
        .map(|&i| show(timeline, i, width))
        .collect::<Vec<_>>()
        .join(&rule)
}

/// Renders event `i` in full, wrapped to `width`.
pub fn show(timeline: &Timeline, i: usize, width: usize) -> String {
    let e = &timeline.events[i];
    let mut out = String::new();
    out.push_str(&wrapped(e.id(), "", width));
    out.push_str(&wrapped(e.title(), "", width));
    out.push('\n');
    let field = |out: &mut String, label: &str, value: &str| {
        let lines = text::wrap_keeping_urls(value, width.saturating_sub(LABEL).max(1));
        for (n, line) in lines.iter().enumerate() {
            let lead = if n == 0 {
                format!("{label:<LABEL$}")
            } else {
                " ".repeat(LABEL)
            };
            out.push_str(&lead);
            out.push_str(line);
            out.push('\n');
        }
    };
    field(&mut out, "Date", &format!("{} ({})", e.date.long(), e.date));
    if let Some(end) = e.end {
        field(&mut out, "End", &format!("{} ({end})", end.long()));
    }
    for (n, a) in e.actors().iter().enumerate() {
        let actor = &timeline.actors[a];
        let role = if n == 0 { ", acted" } else { "" };
        let value = format!(
            "{} [{}] ({}, {}{role})",
            actor.name, actor.id, timeline.lanes[actor.lane], actor.kind
        );
        field(&mut out, if n == 0 { "Actors" } else { "" }, &value);
    }
    let tags = tag_names(timeline, e);
    if !tags.is_empty() {
        field(&mut out, "Tags", &tags);
    }
    field(
        &mut out,
        "Importance",
        &format!("{} ({})", e.importance, importance_word(e.importance)),
    );
    if let (Some(file), line) = timeline.place(i) {
        field(
            &mut out,
            "Written",
            &format!("{}:{line}", text::sanitize(&file.display().to_string())),
        );
    }
    if !e.summary().is_empty() {
        out.push('\n');
        out.push_str(&wrapped(e.summary(), "", width));
    }
    if !e.sources().is_empty() {
        out.push_str("\nSources\n");
        for (n, s) in e.sources().iter().enumerate() {
            let mut line = format!("{}: {}", s.publisher, s.title);
            if let Some(d) = s.date {
                line.push_str(&format!(" ({d})"));
            }
            out.push_str(&hanging(&line, &format!("{:>3}. ", n + 1), "     ", width));
            if let Some(url) = &s.url {
                out.push_str(&format!("     {}\n", text::sanitize(url)));
            }
        }
    }
    let links = |title: &str, ids: Ids<'_>, out: &mut String| {
        if ids.is_empty() {
            return;
        }
        out.push('\n');
        out.push_str(title);
        out.push('\n');
        for j in ids {
            let r = &timeline.events[j];
            let line = format!("{} — {}", r.id(), r.title());
            let date = format!("  {:<10}  ", r.date.to_string());
            out.push_str(&hanging(&line, &date, &" ".repeat(14), width));
        }
    };
    links("Links to", e.related(), &mut out);
    links("Linked from", timeline.linked_from(i), &mut out);
    out
}
