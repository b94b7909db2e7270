//! Markdown for memos and notes: the summary grouped by month with each source as a link, a
//! list table, one event in full, the actors table. Every string from the log is escaped, so
//! a title cannot turn into markup or a link.

use std::fmt::Write as _;

use crate::model::{Event, Ids, Timeline};
use crate::render::importance_word;
use crate::text;

/// The summary as a memo: title, description, the count, then the events under a heading per
/// month, each with the first paragraph of its summary and its sources as links.
pub fn memo(timeline: &Timeline, selected: &[usize], filter: &str) -> String {
    let mut out = String::new();
    let title = if timeline.title.is_empty() {
        "annals"
    } else {
        &timeline.title
    };
    let _ = writeln!(out, "# {}\n", escape(title));
    if !timeline.description.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&timeline.description));
    }
    let shown = crate::text::count(selected.len(), "event");
    if filter.is_empty() {
        let _ = writeln!(out, "{shown}.");
    } else {
        let _ = writeln!(
            out,
            "{shown} of {} matching `{}`.",
            timeline.events.len(),
            filter.replace('`', "'")
        );
    }
    for (heading, run) in crate::render::by_month(timeline, selected) {
        let _ = writeln!(out, "\n## {heading}\n");
        for &i in run {
            memo_item(&mut out, &timeline.events[i]);
        }
    }
    out
}

/// One event of the memo: a bullet with its date, title, first paragraph and sources.
fn memo_item(out: &mut String, e: &Event) {
    let first = e.summary().split("\n\n").next().unwrap_or("").trim();
    let stop = if e.title().ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    let _ = write!(
        out,
        "- **{}** — {}{stop}",
        e.date_range(),
        escape(e.title())
    );
    if !first.is_empty() {
        let _ = write!(out, " {}", escape(&first.replace('\n', " ")));
    }
    let links = sources(e);
    if !links.is_empty() {
        let _ = write!(out, " Sources: {}.", links.join(", "));
    }
    out.push('\n');
}

/// The list as a table: date, id, title.
pub fn list(timeline: &Timeline, selected: &[usize]) -> String {
    let mut out = String::from("| Date | Id | Title |\n| --- | --- | --- |\n");
    for &i in selected {
        let e = &timeline.events[i];
        let _ = writeln!(
            out,
            "| {} | `{}` | {} |",
            e.date_range(),
            e.id(),
            escape(e.title())
        );
    }
    out
}

/// One event in full: its facts, whole summary, sources and linked events.
pub fn event(timeline: &Timeline, i: usize) -> String {
    let e = &timeline.events[i];
    let mut out = format!("## {}\n\n", escape(e.title()));
    let names = |ids: Ids<'_>, name: &dyn Fn(usize) -> String| {
        ids.iter().map(name).collect::<Vec<_>>().join(", ")
    };
    let _ = writeln!(out, "- **Date:** {}", e.date_range());
    let _ = writeln!(out, "- **Id:** `{}`", e.id());
    let actors = names(e.actors(), &|a| escape(&timeline.actors[a].name));
    if !actors.is_empty() {
        let _ = writeln!(out, "- **Actors:** {actors}");
    }
    let tags = names(e.tags(), &|t| escape(&timeline.tags[t].name));
    if !tags.is_empty() {
        let _ = writeln!(out, "- **Tags:** {tags}");
    }
    let _ = writeln!(out, "- **Importance:** {}", importance_word(e.importance));
    for paragraph in e.summary().split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(out, "\n{}", escape(&paragraph.trim().replace('\n', " ")));
    }
    let links = sources(e);
    if !links.is_empty() {
        out.push_str("\n### Sources\n\n");
        for link in links {
            let _ = writeln!(out, "- {link}");
        }
    }
    let linked = timeline.links(i);
    if !linked.is_empty() {
        out.push_str("\n### Linked events\n\n");
        for j in linked {
            let l = &timeline.events[j];
            let _ = writeln!(
                out,
                "- {} `{}` {}",
                l.date_range(),
                l.id(),
                escape(l.title())
            );
        }
    }
    out
}

/// The actors as a table.
pub fn actors(timeline: &Timeline) -> String {
    let mut out =
        String::from("| Id | Name | Lane | Kind | Events |\n| --- | --- | --- | --- | ---: |\n");
    for (a, events) in timeline.actors.iter().zip(&timeline.events_by_actor) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            a.id,
            escape(&a.name),
            escape(&timeline.lanes[a.lane]),
            a.kind,
            events.len()
        );
    }
    out
}

/// The tags as a table, the most used first.
pub fn tags(timeline: &Timeline) -> String {
    let mut out = String::from("| Tag | Events |\n| --- | ---: |\n");
    for t in super::table::tag_document(timeline).tags {
        let _ = writeln!(out, "| {} | {} |", escape(&t.name), t.events);
    }
    out
}

/// Each source as `[Publisher: Title](url)`, or as plain text when it has no address a reader
/// may follow.
fn sources(e: &Event) -> Vec<String> {
    super::sources(e)
        .map(|(label, url)| match url {
            Some(url) => format!("[{}](<{}>)", escape(&label), link_target(url)),
            None => escape(&label),
        })
        .collect()
}

/// A link target for `<…>`: the characters that would end it percent-encoded.
fn link_target(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            ' ' => "%20".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `text` as literal Markdown text: control characters made harmless, every character that
/// Markdown or inline HTML gives a meaning anywhere backslash-escaped, and a leading list
/// marker (`-`, `+`, `1.`) too.
pub fn escape(text: &str) -> String {
    let clean = text::sanitize(text);
    let mut out = String::with_capacity(clean.len() + 8);
    let digits = clean.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match clean.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => Some(digits),
        Some(b'-' | b'+') if digits == 0 => Some(0),
        _ => None,
    };
    for (n, c) in clean.char_indices() {
        let special = matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '|'
                | '<'
                | '>'
                | '&'
                | '~'
        );
        if special || marker == Some(n) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_title_is_text() {
        assert_eq!(escape("<b>[x](y)</b>"), r"\<b\>\[x\]\(y\)\</b\>");
        assert_eq!(escape("a\x1bb"), "a\u{FFFD}b");
        assert_eq!(escape("1. U.S. - x"), r"1\. U.S. - x");
        assert_eq!(escape("- item"), r"\- item");
    }

    #[test]
    fn a_link_target_cannot_be_ended_early() {
        assert_eq!(
            link_target("https://e.com/a b>c"),
            "https://e.com/a%20b%3Ec"
        );
    }
}
