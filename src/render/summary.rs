//! The plain-text summary: a chronology grouped by month, wrapped to a width, to paste into a memo.

use std::fmt::Write as _;

use super::{actor_names, count, hanging_into, tag_names, wrapped_into};
use crate::model::{Precision, Timeline};
use crate::text;

/// Lines narrower than this do not indent the event body under its date.
const INDENT_MIN_WIDTH: usize = 48;

/// Renders `selected` events (indices in timeline order) grouped by month.
/// `filter` is the active filter in words ("" when none), shown in the header.
pub fn summary(timeline: &Timeline, selected: &[usize], filter: &str, width: usize) -> String {
    summary_from(timeline, selected, filter, width, PARALLEL_FROM)
}

/// [`summary`], written in two halves at once when there are at least `parallel_from`
/// events.
fn summary_from(
    timeline: &Timeline,
    selected: &[usize],
    filter: &str,
    width: usize,
    parallel_from: usize,
) -> String {
    let width = width.max(1);
    // Every line goes straight into one buffer, sized for the events at once (a summary of
    // a whole log is as large as the log: growing it step by step copies it over and over).
    let mut out = String::with_capacity(SIZE_PER_EVENT * selected.len());
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

    let indent = if width >= INDENT_MIN_WIDTH {
        " ".repeat(12)
    } else {
        "  ".to_string()
    };
    let runs: Vec<(String, &[usize])> = super::by_month(timeline, selected).collect();
    let months = |runs: &[(String, &[usize])], out: &mut String| {
        for (heading, run) in runs {
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str(&text::truncate(heading, width));
            out.push('\n');
            out.push_str(&"─".repeat(text::width(heading).min(width)));
            out.push('\n');
            for &i in *run {
                event_block(out, timeline, i, &indent, width);
            }
        }
    };
    // A large summary is written in two halves (whole months) at once. The second starts
    // as if after an event, which ends with a blank line, as the first half does.
    let half = runs
        .iter()
        .scan(0, |seen, (_, run)| {
            *seen += run.len();
            Some(*seen)
        })
        .position(|seen| 2 * seen >= selected.len())
        .map_or(0, |k| k + 1);
    if selected.len() < parallel_from || half >= runs.len() {
        months(&runs, &mut out);
        return out;
    }
    let (first, second) = runs.split_at(half);
    let rest = |out: &mut String| {
        out.push_str("\n\n");
        months(second, out);
    };
    let second_half = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().spawn_scoped(scope, || {
            let mut out = String::with_capacity(SIZE_PER_EVENT * selected.len() / 2);
            rest(&mut out);
            out
        });
        months(first, &mut out);
        match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No second thread to be had: the second half here.
            Err(_) => {
                let mut out = String::new();
                rest(&mut out);
                out
            }
        }
    });
    out.push_str(&second_half["\n\n".len()..]);
    out
}

/// A summary of at least this many events is written in two halves on two threads.
const PARALLEL_FROM: usize = 5_000;

/// About how many bytes of summary an event takes.
const SIZE_PER_EVENT: usize = 1024;

fn event_block(out: &mut String, timeline: &Timeline, i: usize, indent: &str, width: usize) {
    let e = &timeline.events[i];
    let date = match (e.date.precision(), e.end) {
        (_, Some(end)) => format!("{} – {}", e.date, end),
        _ => e.date.to_string(),
    };
    let wide = indent.len() >= 12;
    if wide && text::width(&date) <= 10 {
        // Date in its own column, title beside it.
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
        if let Some(url) = &s.url {
            // Whole on a line of its own, however long: a URL cut in two is a dead link.
            let _ = writeln!(out, "{indent}  {}", text::sanitize(url));
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    #[test]
    fn a_summary_written_in_two_halves_is_the_summary_written_at_once() {
        let mut text = String::from("[actors.a]\nname = \"A\"\n");
        for i in 0..60 {
            let date = match i % 3 {
                0 => format!("20{:02}", 10 + i / 12),
                1 => format!("20{:02}-{:02}", 10 + i / 12, 1 + i % 12),
                _ => format!("20{:02}-{:02}-{:02}", 10 + i / 12, 1 + i % 12, 1 + i % 28),
            };
            text.push_str(&format!(
                "[[events]]\nid = \"e{i}\"\ndate = \"{date}\"\ntitle = \"Event {i} with a title long enough to wrap at forty columns\"\nactors = [\"a\"]\nsummary = \"First.\\n\\nSecond.\"\n"
            ));
        }
        let t = load::parse(&text).timeline.expect("the test log loads");
        let all: Vec<usize> = (0..t.events.len()).collect();
        for (selected, width) in [
            (&all[..], 80),
            (&all[..], 40),
            (&all[3..40], 20),
            (&all[..1], 80),
        ] {
            let once = summary_from(&t, selected, "", width, usize::MAX);
            assert_eq!(summary_from(&t, selected, "", width, 1), once);
            assert_eq!(
                summary_from(&t, selected, "x", width, 2),
                summary_from(&t, selected, "x", width, usize::MAX)
            );
        }
    }
}
