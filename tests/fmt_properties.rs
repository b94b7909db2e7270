//! `fmt` over generated logs with comments everywhere and odd formatting: it always loads to
//! the same timeline, keeps every comment, and formatting its output changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::edit::fmt::{self, Refusal};
use annals::edit::same;
use proptest::prelude::*;

/// How one key = value line is written.
#[derive(Debug, Clone)]
struct Style {
    spaces: (u8, u8),
    literal: bool,
    comment_before: bool,
    comment_after: bool,
    multi_line_array: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        (0u8..3, 0u8..3),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        any::<bool>(),
    )
        .prop_map(
            |(spaces, literal, comment_before, comment_after, multi_line_array)| Style {
                spaces,
                literal,
                comment_before,
                comment_after,
                multi_line_array,
            },
        )
}

const WORDS: &[&str] = &[
    "chips",
    "rule",
    "中文",
    "a \"quote\"",
    "back\\slash",
    "talks",
    "🚀",
];

/// One generated event: (date, title words, actors, tags, summary lines, with a source).
type Gen = ((i32, u32, u8), Vec<usize>, Vec<usize>, Vec<usize>, u8, bool);

fn event() -> impl Strategy<Value = Gen> {
    (
        (2020i32..2027, 1u32..13, 0u8..2),
        prop::collection::vec(0..WORDS.len(), 1..4),
        prop::collection::btree_set(0usize..3, 0..3).prop_map(|s| s.into_iter().collect()),
        prop::collection::btree_set(0usize..3, 0..3).prop_map(|s| s.into_iter().collect()),
        0u8..3,
        any::<bool>(),
    )
}

fn string(text: &str, s: &Style) -> String {
    if s.literal && !text.contains('\'') && !text.contains('\n') {
        format!("'{text}'")
    } else if text.contains('\n') {
        format!("\"\"\"\n{}\"\"\"", text.replace('\\', "\\\\"))
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn line(key: &str, value: &str, s: &Style, n: usize) -> String {
    let mut out = String::new();
    if s.comment_before {
        out.push_str(&format!("# about {key} {n}\n"));
    }
    out.push_str(&format!(
        "{key}{}={}{value}",
        " ".repeat(s.spaces.0.into()),
        " ".repeat(s.spaces.1.into())
    ));
    if s.comment_after {
        out.push_str(&format!("   # after {key} {n}"));
    }
    out.push('\n');
    out
}

fn array(items: &[String], s: &Style, n: usize) -> String {
    let quoted: Vec<String> = items.iter().map(|i| string(i, s)).collect();
    if s.multi_line_array && !items.is_empty() {
        let mut out = String::from("[\n");
        for (i, q) in quoted.iter().enumerate() {
            if s.comment_before && i == 0 {
                out.push_str(&format!("  # inside {n}\n"));
            }
            out.push_str(&format!("      {q},\n"));
        }
        out.push(']');
        out
    } else {
        format!("[ {} ]", quoted.join(" ,"))
    }
}

/// A valid log whose pieces come in `order`, each written in its own odd style.
fn log(events: &[Gen], styles: &[Style], blanks: &[u8], order: &[usize]) -> String {
    let st = |i: usize| &styles[i % styles.len()];
    let mut pieces = vec![format!(
        "[timeline]\n{}{}",
        line("title", &string("Generated", st(0)), st(0), 0),
        line(
            "lanes",
            &array(&["A".to_string(), "B".to_string()], st(1), 1),
            st(1),
            1
        )
    )];
    for a in 0..3 {
        let s = st(a + 2);
        pieces.push(format!(
            "[actors.actor-{a}]\n{}{}",
            line("kind", &string("company", s), s, a),
            line("name", &string(&format!("Actor {a}"), s), s, a + 10)
        ));
    }
    for (i, (date, title, actors, tags, summary, source)) in events.iter().enumerate() {
        let s = st(i + 5);
        let (y, m, precision) = *date;
        let date = if precision == 0 {
            format!("{y}")
        } else {
            format!("{y}-{m:02}")
        };
        let title: Vec<&str> = title.iter().map(|&w| WORDS[w]).collect();
        let actors: Vec<String> = actors.iter().map(|a| format!("actor-{a}")).collect();
        let tags: Vec<String> = tags.iter().map(|t| format!("tag-{t}")).collect();
        let mut e = String::from("[[events]]\n");
        e.push_str(&line("title", &string(&title.join(" "), s), s, i));
        e.push_str(&line("date", &string(&date, s), s, i));
        e.push_str(&line("id", &string(&format!("e-{i}"), s), s, i));
        if !actors.is_empty() {
            e.push_str(&line("actors", &array(&actors, s, i), s, i));
        }
        if !tags.is_empty() {
            e.push_str(&line("tags", &array(&tags, s, i), s, i));
        }
        if *summary > 0 {
            let text = "A line.\n".repeat((*summary).into());
            e.push_str(&line("summary", &string(&text, s), s, i));
        }
        if *source {
            e.push_str(&format!(
                "[[events.sources]]\n{}{}",
                line("url", &string("https://example.com", s), s, i),
                line("publisher", &string("Wire", s), s, i)
            ));
            e.push_str(&line("title", &string("Story", s), s, i + 100));
        }
        pieces.push(e);
    }
    let mut out = String::from("# a generated log\n\n");
    for (n, &i) in order.iter().enumerate() {
        let i = i % pieces.len();
        let piece = std::mem::take(&mut pieces[i]);
        out.push_str(&piece);
        out.push_str(&"\n".repeat(blanks[n % blanks.len()].into()));
    }
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        out.push_str(&piece);
    }
    out.push_str("# the end\n");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fmt_keeps_the_timeline_and_every_comment_and_is_idempotent(
        events in prop::collection::vec(event(), 0..6),
        styles in prop::collection::vec(style(), 1..6),
        blanks in prop::collection::vec(0u8..3, 1..4),
        order in prop::collection::vec(0usize..12, 0..12),
        sort in any::<bool>(),
        crlf in prop::bool::weighted(0.2),
    ) {
        let text = log(&events, &styles, &blanks, &order);
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        let before = annals::load::parse(&text);
        prop_assert!(before.errors().next().is_none(), "{text}\n{:?}", before.diagnostics);
        let once = match fmt::format(&text, sort) {
            Ok(once) => once,
            Err(Refusal::Bug(what)) => return Err(TestCaseError::fail(format!("{what}\n{text}"))),
            Err(Refusal::Invalid(r)) => return Err(TestCaseError::fail(format!("{:?}", r.diagnostics))),
        };
        let after = annals::load::parse(&once).timeline.unwrap();
        prop_assert_eq!(same::difference(before.timeline.as_ref().unwrap(), &after, !sort), None);
        let comments = |t: &str| {
            let mut c: Vec<String> = t.lines().filter_map(|l| l.find("# ").map(|i| l[i..].trim_end().to_string())).collect();
            c.sort();
            c
        };
        prop_assert_eq!(comments(&text), comments(&once));
        prop_assert_eq!(fmt::format(&once, sort).unwrap(), once.clone());
        let lf = once.replace("\r\n", "\n");
        prop_assert_eq!(crlf, lf != once, "the line ends are kept");
        prop_assert!(!lf.contains('\r'), "every line alike: {:?}", once);
        prop_assert!(!lf.contains("\n\n\n"), "{}", once);
        prop_assert!(lf.starts_with("# a generated log\n\n[timeline]\n"), "{}", once);
    }
}
