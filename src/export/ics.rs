//! iCalendar (RFC 5545): one all-day VEVENT per event. Lines end in CRLF and are folded at 75
//! octets, never inside a character; text values escape `\`, `;`, `,` and line breaks. An event
//! known to the month or the year spans that month or year, and its description says so.

use chrono::NaiveDate;

use super::{keep_lines, safe_url};
use crate::model::{Date, Event, Precision, Timeline};

/// The longest a content line may be, in octets, before it is folded.
const FOLD_AT: usize = 75;

/// The calendar of the selected events.
pub fn calendar(timeline: &Timeline, selected: &[usize]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        concat!(
            "PRODID:-//annals//annals ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    if !timeline.title.is_empty() {
        line(&mut out, &format!("X-WR-CALNAME:{}", text(&timeline.title)));
    }
    for &i in selected {
        vevent(&mut out, timeline, &timeline.events[i]);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn vevent(out: &mut String, timeline: &Timeline, e: &Event) {
    let start = day(e.first_day());
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}@annals", e.id()));
    // Derived from the event, not the clock, so that the same log gives the same file.
    line(out, &format!("DTSTAMP:{start}T000000Z"));
    line(out, &format!("DTSTART;VALUE=DATE:{start}"));
    line(out, &format!("DTEND;VALUE=DATE:{}", day(e.last_day() + 1)));
    line(out, &format!("SUMMARY:{}", text(e.title())));
    line(out, &format!("DESCRIPTION:{}", text(&description(e))));
    if let Some(url) = e.sources().iter().find_map(|s| s.url.and_then(safe_url)) {
        line(out, &format!("URL:{url}"));
    }
    if !e.tags().is_empty() {
        let tags: Vec<String> = e
            .tags()
            .iter()
            .map(|t| text(&timeline.tags[t].name))
            .collect();
        line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    line(out, "END:VEVENT");
}

/// The summary, what the dates mean when they are not days, and the sources.
fn description(e: &Event) -> String {
    let mut parts = vec![e.summary().to_string()];
    let spans = |d: &Date| match d.precision() {
        Precision::Day => None,
        Precision::Month => Some(format!("known to the month ({})", d.long())),
        Precision::Year => Some(format!("known to the year ({})", d.long())),
    };
    let mut notes: Vec<String> = spans(&e.date)
        .map(|s| format!("Date {s}: the entry spans it."))
        .into_iter()
        .collect();
    if let Some(note) = e.end.as_ref().and_then(spans) {
        notes.push(format!("End {note}."));
    }
    if !notes.is_empty() {
        parts.push(notes.join(" "));
    }
    if !e.sources().is_empty() {
        let lines: Vec<String> = e
            .sources()
            .iter()
            .map(|s| match &s.url {
                Some(url) => format!("{}: {} <{url}>", s.publisher, s.title),
                None => format!("{}: {}", s.publisher, s.title),
            })
            .collect();
        parts.push(format!("Sources:\n{}", lines.join("\n")));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// A day number (days since 0001-01-01, as [`Date::first_day`] gives) as `YYYYMMDD`.
fn day(n: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(n)
        .map(|d| d.format("%Y%m%d").to_string())
        .unwrap_or_else(|| "00010101".to_string())
}

/// A TEXT value: control characters made harmless, then `\`, `;`, `,` and line breaks escaped.
fn text(value: &str) -> String {
    super::replace_ascii(&keep_lines(value), |b| match b {
        b'\\' => Some("\\\\"),
        b';' => Some("\\;"),
        b',' => Some("\\,"),
        b'\n' => Some("\\n"),
        _ => None,
    })
}

/// Appends one content line, folded: at most 75 octets a line, each continuation starting
/// with a space, and no character cut in two.
fn line(out: &mut String, content: &str) {
    if content.len() <= FOLD_AT {
        out.push_str(content);
        out.push_str("\r\n");
        return;
    }
    let mut room = FOLD_AT;
    let mut used = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if used + len > room {
            out.push_str("\r\n ");
            room = FOLD_AT - 1;
            used = 0;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "中".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "中".repeat(60)));
    }

    #[test]
    fn text_values_escape_what_rfc_5545_says() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(text("bell\x07"), "bell\u{FFFD}");
    }

    #[test]
    fn the_end_is_the_day_after() {
        let may = Date::parse("2025-05").unwrap();
        assert_eq!(day(may.first_day()), "20250501");
        assert_eq!(day(may.last_day() + 1), "20250601");
    }
}
