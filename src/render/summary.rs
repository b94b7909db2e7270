//! The plain-text summary: a chronology grouped by month, wrapped to a width, to paste into a memo.
//!
//! A summary of a whole log is as large as the log, so it is written in parts of a few hundred
//! events, on every core at once, each part into a buffer used again and again, and the parts
//! given out in order as they are done: no `String` per line or per event, and nothing waits
//! for the whole.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::mpsc;

use super::{count, month_heading, month_of};
use crate::model::{Date, Precision, Timeline};
use crate::text::{self, Prefix};

#[cfg(test)]
mod reference;

/// Lines narrower than this do not indent the event body under its date.
const INDENT_MIN_WIDTH: usize = 48;

/// Renders `selected` events (indices in timeline order) grouped by month.
/// `filter` is the active filter in words ("" when none), shown in the header.
pub fn summary(timeline: &Timeline, selected: &[usize], filter: &str, width: usize) -> String {
    let mut out = String::with_capacity(SIZE_PER_EVENT * selected.len());
    let Ok(()) = write_parts(
        timeline,
        selected,
        filter,
        width,
        Plan::for_this_machine(),
        &mut |part: &str| {
            out.push_str(part);
            Ok::<(), std::convert::Infallible>(())
        },
    );
    out
}

/// [`summary`], written to `out` a part at a time as the parts are done (each in one write).
pub fn summary_to(
    out: &mut impl std::io::Write,
    timeline: &Timeline,
    selected: &[usize],
    filter: &str,
    width: usize,
) -> std::io::Result<()> {
    write_parts(
        timeline,
        selected,
        filter,
        width,
        Plan::for_this_machine(),
        &mut |part: &str| out.write_all(part.as_bytes()),
    )
}

/// About how many bytes of summary an event takes.
const SIZE_PER_EVENT: usize = 1024;

/// How a summary is cut up and written.
#[derive(Clone, Copy, Debug)]
struct Plan {
    /// Events in a part (the last may have fewer).
    events_per_part: usize,
    /// Threads writing parts; with fewer than two, or a single part, the calling thread writes
    /// them all.
    threads: usize,
}

impl Plan {
    /// Parts of a few hundred kilobytes (small enough to stay in a cache and to be used again,
    /// large enough that handing one over costs nothing), a thread per core.
    fn for_this_machine() -> Self {
        Plan {
            events_per_part: 256,
            threads: std::thread::available_parallelism().map_or(1, usize::from),
        }
    }
}

/// Parts written ahead of the one the writer waits for, by each thread: enough to keep every
/// thread busy, few enough that a slow reader of the output holds little in memory.
const AHEAD: usize = 2;

/// The summary, given to `emit` in order: the header, then the parts of `plan` (each [`safe`]).
fn write_parts<E>(
    timeline: &Timeline,
    selected: &[usize],
    filter: &str,
    width: usize,
    plan: Plan,
    emit: &mut dyn FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let look = Look::new(timeline, width);
    let mut head = String::new();
    look.header(&mut head, selected.len(), filter);
    // A blank line before the first month (each event ends with one, so the others have it).
    if !selected.is_empty() && !head.ends_with("\n\n") {
        head.push('\n');
    }
    emit(safe(&head))?;
    let step = plan.events_per_part.max(1);
    let parts: Vec<Range<usize>> = (0..selected.len())
        .step_by(step)
        .map(|start| start..(start + step).min(selected.len()))
        .collect();
    if plan.threads < 2 || parts.len() < 2 {
        let mut scratch = Scratch::default();
        let mut buffer = String::new();
        for part in parts {
            buffer.clear();
            look.part(selected, part, &mut scratch, &mut buffer);
            emit(safe(&buffer))?;
        }
        return Ok(());
    }
    on_threads(&look, selected, &parts, plan.threads, emit)
}

/// Where the writer takes part `k` from: the thread that writes every `threads`-th part, or,
/// when that thread could not be had, the writer itself.
enum Lane {
    Thread {
        done: mpsc::Receiver<String>,
        spent: mpsc::Sender<String>,
    },
    Here,
}

/// [`write_parts`] on `threads` threads: thread `t` writes parts `t`, `t + threads`, … each into
/// a buffer the writer hands back once emitted, and the calling thread emits them in order.
fn on_threads<E>(
    look: &Look<'_>,
    selected: &[usize],
    parts: &[Range<usize>],
    threads: usize,
    emit: &mut dyn FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    std::thread::scope(|scope| {
        let lanes: Vec<Lane> = (0..threads)
            .map(|t| {
                let (done_tx, done) = mpsc::sync_channel::<String>(AHEAD);
                let (spent, reuse) = mpsc::channel::<String>();
                let work = move || {
                    let mut scratch = Scratch::default();
                    for part in parts.iter().skip(t).step_by(threads) {
                        let mut buffer = reuse.try_recv().unwrap_or_default();
                        buffer.clear();
                        look.part(selected, part.clone(), &mut scratch, &mut buffer);
                        if done_tx.send(buffer).is_err() {
                            // The writer stopped (the output was closed): so does this thread.
                            return;
                        }
                    }
                };
                match std::thread::Builder::new().spawn_scoped(scope, work) {
                    Ok(_) => Lane::Thread { done, spent },
                    Err(_) => Lane::Here,
                }
            })
            .collect();
        let mut scratch = Scratch::default();
        let mut here = String::new();
        for (k, part) in parts.iter().enumerate() {
            match &lanes[k % threads] {
                Lane::Thread { done, spent } => {
                    // None comes when the thread panicked: the scope passes its panic on.
                    let Ok(buffer) = done.recv() else { break };
                    emit(safe(&buffer))?;
                    // The thread may be done and gone: then the buffer is dropped here.
                    let _ = spent.send(buffer);
                }
                Lane::Here => {
                    here.clear();
                    look.part(selected, part.clone(), &mut scratch, &mut here);
                    emit(safe(&here))?;
                }
            }
        }
        Ok(())
    })
}

/// A part as it leaves. Every string from the log in it was made safe as it was written (each
/// word by the wrapping, each name and URL by [`text::sanitize`]), so, unlike other outputs, it is
/// not looked through again at the edge, which took a tenth of the time of a summary. The property
/// tests against the old renderer (which did look again), the hostile-log tests and the fuzz
/// target make sure; builds with debug assertions check every part.
fn safe(part: &str) -> &str {
    debug_assert!(
        matches!(text::sanitize_lines(part), Cow::Borrowed(_)),
        "a control character in the summary: {part:?}"
    );
    part
}

/// What every event of a summary shares, worked out once: the indent, and the log's names of
/// actors and tags as they are shown (sanitized).
struct Look<'t> {
    timeline: &'t Timeline,
    width: usize,
    /// Before the lines of an event's body.
    indent: &'static str,
    /// Before the first line of a source, and before the others.
    source: (String, String),
    /// The columns of the wider of [`Look::source`].
    source_lead: usize,
    actors: Vec<Cow<'t, str>>,
    /// A tag's name as it follows its `#` (`, ` in a name made ` #`, as in a list of tags).
    tags: Vec<String>,
}

/// Buffers an event is put together in, used again for every event.
#[derive(Default)]
struct Scratch {
    date: String,
    lead: String,
    meta: String,
    line: String,
}

impl<'t> Look<'t> {
    fn new(timeline: &'t Timeline, width: usize) -> Self {
        let width = width.max(1);
        let indent = if width >= INDENT_MIN_WIDTH {
            "            "
        } else {
            "  "
        };
        let source = (format!("{indent}▸ "), format!("{indent}  "));
        Look {
            timeline,
            width,
            indent,
            source_lead: text::width(&source.0).max(text::width(&source.1)),
            source,
            actors: timeline
                .actors
                .iter()
                .map(|a| text::sanitize(&a.name))
                .collect(),
            tags: timeline
                .tags
                .iter()
                .map(|t| text::sanitize(&t.name).replace(", ", " #"))
                .collect(),
        }
    }

    /// The title, the description and how many events are shown.
    fn header(&self, out: &mut String, shown: usize, filter: &str) {
        let t = self.timeline;
        let title = if t.title.is_empty() {
            "annals"
        } else {
            &t.title
        };
        self.wrapped(out, title, "");
        if !t.description.is_empty() {
            self.wrapped(out, &t.description, "");
        }
        let shown = if filter.is_empty() {
            count(shown, "event")
        } else {
            format!(
                "{shown} of {} matching {filter}",
                count(t.events.len(), "event")
            )
        };
        self.wrapped(out, &shown, "");
    }

    /// The events `selected[part]`, each after its month's heading when it is the month's first.
    fn part(&self, selected: &[usize], part: Range<usize>, s: &mut Scratch, out: &mut String) {
        let month = |k: usize| month_of(&self.timeline.events[selected[k]].date);
        for k in part {
            if k == 0 || month(k - 1) != month(k) {
                let heading = month_heading(month(k));
                out.push_str(&text::truncate(&heading, self.width));
                out.push('\n');
                out.push_str(&"─".repeat(text::width(&heading).min(self.width)));
                out.push('\n');
            }
            self.event(selected[k], s, out);
        }
    }

    /// An event: date and title, actors and tags, the summary's first paragraph, the sources;
    /// a blank line after.
    fn event(&self, i: usize, s: &mut Scratch, out: &mut String) {
        let e = &self.timeline.events[i];
        s.date.clear();
        push_date(&mut s.date, &e.date);
        if let Some(end) = &e.end {
            s.date.push_str(" – ");
            push_date(&mut s.date, end);
        }
        if self.indent.len() >= 12 && columns(&s.date) <= 10 {
            // Date in its own column, title beside it.
            s.lead.clear();
            s.lead.push_str(&s.date);
            // As `{:<10}` pads: by characters.
            for _ in s.date.chars().count()..10 {
                s.lead.push(' ');
            }
            s.lead.push_str("  ");
            let lead = columns(&s.lead).max(columns(self.indent));
            self.hanging(out, e.title(), (&s.lead, self.indent), lead);
        } else {
            self.wrapped(out, &s.date, "");
            self.wrapped(out, e.title(), self.indent);
        }
        self.meta(e, &mut s.meta);
        if !s.meta.is_empty() {
            self.wrapped(out, &s.meta, self.indent);
        }
        // Its first paragraph, unless blank.
        self.wrapped_by(
            text::wrap_first_paragraph_into,
            out,
            e.summary(),
            self.indent,
        );
        for source in e.sources() {
            s.line.clear();
            s.line.push_str(source.publisher);
            s.line.push_str(": ");
            s.line.push_str(source.title);
            if let Some(date) = source.date
                && (e.date.precision() != Precision::Day || date != e.date)
            {
                s.line.push_str(" (");
                push_date(&mut s.line, &date);
                s.line.push(')');
            }
            let (first, rest) = &self.source;
            self.hanging(out, &s.line, (first, rest), self.source_lead);
            if let Some(url) = source.url {
                // Whole on a line of its own, however long: a URL cut in two is a dead link.
                out.push_str(&self.source.1);
                out.push_str(&text::sanitize(url));
                out.push('\n');
            }
        }
        out.push('\n');
    }

    /// `Actor, Actor · #tag #tag` into `meta` (emptied first).
    fn meta(&self, e: &crate::model::Event, meta: &mut String) {
        meta.clear();
        for (n, a) in e.actors().iter().enumerate() {
            if n > 0 {
                meta.push_str(", ");
            }
            meta.push_str(&self.actors[a]);
        }
        // Tags joined as a list of tags is, which is empty for a single tag of no name.
        if e.tags().len() > 1 || e.tags().first().is_some_and(|t| !self.tags[t].is_empty()) {
            if !meta.is_empty() {
                meta.push_str(" · ");
            }
            for (n, t) in e.tags().iter().enumerate() {
                meta.push_str(if n > 0 { " #" } else { "#" });
                meta.push_str(&self.tags[t]);
            }
        }
    }

    /// `text` wrapped to the width, each line with text after `indent` (its width counted).
    fn wrapped(&self, out: &mut String, text: &str, indent: &str) {
        self.wrapped_by(text::wrap_keeping_urls_into, out, text, indent);
    }

    /// [`Look::wrapped`], by `wrap` (which wraps all of `text`, or part of it).
    fn wrapped_by(
        &self,
        wrap: fn(&mut String, &str, usize, Prefix<'_>),
        out: &mut String,
        text: &str,
        indent: &str,
    ) {
        let room = self.width.saturating_sub(columns(indent)).max(1);
        let prefix = Prefix {
            first: indent,
            rest: indent,
            on_empty: false,
        };
        wrap(out, text, room, prefix);
    }

    /// `text` wrapped with a hanging indent: the first line after `first`, the others after
    /// `rest`, which take `lead` columns (the wider of the two).
    fn hanging(&self, out: &mut String, text: &str, (first, rest): (&str, &str), lead: usize) {
        let room = self.width.saturating_sub(lead).max(1);
        let prefix = Prefix {
            first,
            rest,
            on_empty: true,
        };
        text::wrap_keeping_urls_into(out, text, room, prefix);
    }
}

/// `date` as it displays (`2025`, `2025-07`, `2025-07-04`), without the machinery of `format!`
/// (a tenth of the time of writing an event).
fn push_date(out: &mut String, date: &Date) {
    let year = date.year_number();
    let Ok(digits @ 0..=9999) = u32::try_from(year) else {
        let _ = write!(out, "{date}");
        return;
    };
    push_digits(out, digits, 4);
    if let Some(month) = date.month_number() {
        out.push('-');
        push_digits(out, month, 2);
        if let Some(day) = date.day_number() {
            out.push('-');
            push_digits(out, day, 2);
        }
    }
}

/// `n` in `width` digits, zeros before it (`n` has no more).
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// The columns `text` takes: its length when it is printable ASCII (as dates and indents are),
/// without a look at the tables of widths.
fn columns(text: &str) -> usize {
    if text::printable_ascii(text) {
        text.len()
    } else {
        text::width(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    /// The summary of `plan`, through the writer the CLI uses.
    fn written(t: &Timeline, selected: &[usize], filter: &str, width: usize, plan: Plan) -> String {
        let mut out = Vec::new();
        write_parts(t, selected, filter, width, plan, &mut |part: &str| {
            std::io::Write::write_all(&mut out, part.as_bytes())
        })
        .expect("writing to memory works");
        String::from_utf8(out).expect("the summary is UTF-8")
    }

    const PLANS: [Plan; 4] = [
        Plan {
            events_per_part: usize::MAX,
            threads: 1,
        },
        Plan {
            events_per_part: 1,
            threads: 2,
        },
        Plan {
            events_per_part: 3,
            threads: 3,
        },
        Plan {
            events_per_part: 7,
            threads: 1,
        },
    ];

    #[test]
    fn a_summary_written_in_parts_on_threads_is_the_summary_written_at_once() {
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
            (&all[..0], 80),
        ] {
            for filter in ["", "x"] {
                let reference = reference::summary(&t, selected, filter, width);
                for plan in PLANS {
                    assert_eq!(
                        written(&t, selected, filter, width, plan),
                        reference,
                        "{plan:?}"
                    );
                }
                assert_eq!(summary(&t, selected, filter, width), reference);
            }
        }
    }

    #[test]
    fn dates_are_written_as_they_display() {
        for text in ["2025", "2025-07", "2025-07-04", "0001-01-01", "0999-12"] {
            let date = Date::parse(text).expect("a date");
            let mut out = String::new();
            push_date(&mut out, &date);
            assert_eq!(out, date.to_string());
        }
        for year in [-5, 0, 7, 10_000, 123_456] {
            let date = Date::year(year);
            let mut out = String::new();
            push_date(&mut out, &date);
            assert_eq!(out, date.to_string());
        }
    }

    #[test]
    fn a_writer_that_fails_stops_the_threads_and_gives_its_error() {
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&format!(
                "[[events]]\nid = \"e{i}\"\ndate = \"2020-01-01\"\ntitle = \"T\"\n"
            ));
        }
        let t = load::parse(&text).timeline.expect("the test log loads");
        let all: Vec<usize> = (0..t.events.len()).collect();
        let mut parts = 0;
        let plan = Plan {
            events_per_part: 1,
            threads: 2,
        };
        let result = write_parts(&t, &all, "", 80, plan, &mut |_: &str| {
            parts += 1;
            if parts == 5 { Err("closed") } else { Ok(()) }
        });
        assert_eq!(result, Err("closed"));
        assert_eq!(parts, 5);
    }

    /// Pieces of text from a hostile log: control bytes, line ends of every kind, wide and
    /// combining characters, spaces of other scripts, long words and URLs, `, ` (which a list
    /// of tags turns into ` #`).
    const PIECES: &[&str] = &[
        "word",
        "a",
        "Longer-than-a-narrow-line-word",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\t",
        "\u{1b}[2J",
        "\u{7}",
        "\u{0}",
        "\u{7f}",
        "\u{85}",
        "\u{9b}",
        "\u{202e}",
        "\u{2066}",
        "中文",
        "世界世界世界世界世界",
        "🚀",
        "e\u{301}",
        "\u{200b}",
        "\u{a0}",
        "\u{3000}",
        "https://example.com/a/very/long/path/that/runs/on",
        "(www.x.org).",
        ",",
        ", ",
        "#",
        "·",
        "–",
    ];

    fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(proptest::sample::select(PIECES), 0..10)
            .prop_map(|pieces| pieces.concat())
    }

    /// `text` as a TOML basic string, control characters escaped.
    fn toml_string(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    use std::collections::BTreeSet;

    type GenEvent = (
        (i32, u32, u32, u8),
        Option<i32>,
        (String, String),
        (BTreeSet<usize>, BTreeSet<usize>),
        Vec<(String, String, Option<String>, bool)>,
    );

    fn event() -> impl proptest::strategy::Strategy<Value = GenEvent> {
        use proptest::collection::{btree_set, vec};
        use proptest::option::of;
        (
            (2020i32..2023, 1u32..13, 1u32..29, 0u8..3),
            of(1i32..3),
            (hostile_text(), hostile_text()),
            (btree_set(0usize..3, 0..3), btree_set(0usize..4, 0..3)),
            vec(
                (
                    hostile_text(),
                    hostile_text(),
                    of(hostile_text()),
                    proptest::bool::ANY,
                ),
                0..3,
            ),
        )
    }

    /// `text`, or, when it holds only spaces (which a log may not give for a required field),
    /// `S` before it.
    fn filled(text: &str) -> String {
        if text.trim().is_empty() {
            format!("S{text}")
        } else {
            text.to_string()
        }
    }

    /// A log of `events` under a title and description, its actors and tags named from
    /// `names`, its lines ended with CRLF when `crlf`.
    fn log_text(
        head: &(String, String),
        names: &[String],
        events: &[GenEvent],
        crlf: bool,
    ) -> String {
        let mut text = format!(
            "[timeline]\ntitle = {}\ndescription = {}\n",
            toml_string(&head.0),
            toml_string(&head.1)
        );
        // Only actors some event names (one never named is an error).
        let named = |a: usize| events.iter().any(|e| e.3.0.contains(&a));
        for (a, name) in names.iter().take(3).enumerate().filter(|&(a, _)| named(a)) {
            text.push_str(&format!(
                "[actors.a{a}]\nname = {}\n",
                toml_string(&format!("A{name}"))
            ));
        }
        for (n, ((y, m, d, precision), end, (title, summary), (actors, tags), sources)) in
            events.iter().enumerate()
        {
            let date = match precision {
                0 => format!("{y}"),
                1 => format!("{y}-{m:02}"),
                _ => format!("{y}-{m:02}-{d:02}"),
            };
            let list = |items: Vec<String>| items.join(", ");
            let actors = list(actors.iter().map(|a| format!("\"a{a}\"")).collect());
            let tags = list(
                tags.iter()
                    .map(|&t| toml_string(&format!("t{}", names[t])))
                    .collect(),
            );
            let sources = list(
                sources
                    .iter()
                    .map(|(publisher, title, url, dated)| {
                        let url = url.as_ref().map_or(String::new(), |u| {
                            format!(", url = {}", toml_string(&format!("u{u}")))
                        });
                        let date = if *dated {
                            format!(", date = \"{date}\"")
                        } else {
                            String::new()
                        };
                        format!(
                            "{{ publisher = {}, title = {}{url}{date} }}",
                            toml_string(&filled(publisher)),
                            toml_string(&filled(title))
                        )
                    })
                    .collect(),
            );
            text.push_str(&format!(
                "[[events]]\nid = \"e{n}\"\ndate = \"{date}\"\n{}title = {}\nsummary = {}\nactors = [{actors}]\ntags = [{tags}]\nsources = [{sources}]\n",
                end.map_or(String::new(), |e| format!("end = \"{}\"\n", y + e)),
                toml_string(&format!("T{title}")),
                toml_string(&filled(summary)),
            ));
        }
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn the_streamed_summary_of_a_hostile_log_is_the_summary_it_always_was(
            head in (hostile_text(), hostile_text()),
            names in proptest::collection::vec(hostile_text(), 4),
            events in proptest::collection::vec(event(), 0..9),
            crlf: bool,
            width in proptest::sample::select(&[1usize, 9, 30, 47, 48, 100][..]),
        ) {
            let text = log_text(&head, &names, &events, crlf);
            let report = load::parse(&text);
            let Some(t) = report.timeline else {
                return Err(proptest::test_runner::TestCaseError::fail(format!(
                    "the generated log does not load: {:?}",
                    report.diagnostics.first().map(|d| &d.message)
                )));
            };
            let all: Vec<usize> = (0..t.events.len()).collect();
            for selected in [&all[..], &all[all.len() / 3..]] {
                for filter in ["", "tag:x \u{1b}[2J"] {
                    let reference = reference::summary(&t, selected, filter, width);
                    for plan in PLANS {
                        proptest::prop_assert_eq!(
                            &written(&t, selected, filter, width, plan),
                            &reference
                        );
                    }
                }
            }
        }
    }
}
