//! Round trips over generated logs with awkward strings: `export json` then `import json` gives
//! the same timeline; `export timelinejs` then `import timelinejs` keeps ids, dates at their
//! precision, titles and lanes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::export::{json::Document, timelinejs};
use annals::import::{self, ColumnMap, Source};
use annals::model::Timeline;
use proptest::prelude::*;

/// Strings that each output format has to quote or escape somewhere.
const WORDS: &[&str] = &[
    "plain",
    "quote \"q\"",
    "back\\slash",
    "semi;colon, comma",
    "<b>tag</b> &amp; amp",
    "中文 🚀",
    "two\nlines",
    "'''",
    "\"\"\"",
    "tab\there",
    "émigré",
    "\u{1b}[31m",
    "</script>",
];
const ACTORS: &[(&str, &str)] = &[
    ("north", "Northern \"Government\""),
    ("acme", "Acme; Chips, Inc."),
    ("zenith", "Zenith 中文 Lab"),
];
const LANES: &[&str] = &["North, upper", "South", "Firms & co"];

#[derive(Debug, Clone)]
struct GenEvent {
    date: (i32, u32, u32, u8),
    end_after: Option<(u32, u8)>,
    title: Vec<usize>,
    summary: Vec<usize>,
    actors: Vec<usize>,
    tags: Vec<usize>,
    importance: u8,
    related: Vec<usize>,
    sources: Vec<(usize, usize, bool, bool)>,
}

fn event_strategy() -> impl Strategy<Value = GenEvent> {
    (
        (1990i32..2030, 1u32..13, 1u32..29, 0u8..3),
        proptest::option::of((0u32..400, 0u8..3)),
        proptest::collection::vec(0..WORDS.len(), 1..5),
        proptest::collection::vec(0..WORDS.len(), 0..6),
        proptest::collection::btree_set(0..ACTORS.len(), 0..3),
        proptest::collection::btree_set(0..WORDS.len(), 0..3),
        1u8..4,
        proptest::collection::btree_set(0usize..12, 0..3),
        proptest::collection::vec(
            (0..WORDS.len(), 0..WORDS.len(), any::<bool>(), any::<bool>()),
            0..3,
        ),
    )
        .prop_map(
            |(date, end_after, title, summary, actors, tags, importance, related, sources)| {
                GenEvent {
                    date,
                    end_after,
                    title,
                    summary,
                    actors: actors.into_iter().collect(),
                    tags: tags.into_iter().collect(),
                    importance,
                    related: related.into_iter().collect(),
                    sources,
                }
            },
        )
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn date_text(y: i32, m: u32, d: u32, precision: u8) -> String {
    match precision {
        0 => format!("{y:04}"),
        1 => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

/// A valid log of these events.
fn log_text(events: &[GenEvent]) -> String {
    let words = |ix: &[usize]| ix.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
    let list = |items: Vec<String>| format!("[{}]", items.join(", "));
    let mut text = format!(
        "[timeline]\ntitle = {}\ndescription = {}\nlanes = {}\n",
        quoted("Generated <log> & \"co\""),
        quoted("With\nlines"),
        list(LANES.iter().map(|l| quoted(l)).collect())
    );
    for (i, (id, name)) in ACTORS.iter().enumerate() {
        text.push_str(&format!(
            "\n[actors.{id}]\nname = {}\naliases = [{}]\nlane = {}\nkind = \"company\"\n",
            quoted(name),
            quoted(&format!("alias {i}")),
            quoted(LANES[i % LANES.len()])
        ));
    }
    for (i, e) in events.iter().enumerate() {
        let (y, m, d, p) = e.date;
        let date = annals::model::Date::parse(&date_text(y, m, d, p)).unwrap();
        text.push_str(&format!(
            "\n[[events]]\nid = \"e{i}\"\ndate = \"{date}\"\ntitle = {}\nactors = {}\ntags = {}\nimportance = {}\nsummary = {}\nrelated = {}\n",
            quoted(&words(&e.title)),
            list(e.actors.iter().map(|&a| quoted(ACTORS[a].0)).collect()),
            list(e.tags.iter().map(|&t| quoted(WORDS[t])).collect()),
            e.importance,
            quoted(&words(&e.summary)),
            list(e.related.iter().filter(|&&r| r < events.len() && r != i).map(|r| format!("\"e{r}\"")).collect()),
        ));
        if let Some((days, precision)) = e.end_after {
            let end = chrono::NaiveDate::from_num_days_from_ce_opt(date.last_day() + days as i32)
                .unwrap();
            let end = end.format("%Y-%m-%d").to_string();
            let (ey, em, ed) = (
                end[..4].parse().unwrap(),
                end[5..7].parse().unwrap(),
                end[8..].parse().unwrap(),
            );
            text.push_str(&format!(
                "end = \"{}\"\n",
                date_text(ey, em, ed, precision.max(p))
            ));
        }
        for &(publisher, title, url, dated) in &e.sources {
            text.push_str(&format!(
                "\n[[events.sources]]\npublisher = {}\ntitle = {}\n",
                quoted(WORDS[publisher]),
                quoted(WORDS[title])
            ));
            if url {
                text.push_str(&format!(
                    "url = {}\n",
                    quoted(&format!("https://example.com/{publisher}?a=1&b={title}"))
                ));
            }
            if dated {
                text.push_str(&format!("date = \"{}\"\n", date_text(y, m, d, p)));
            }
        }
    }
    text
}

/// The timeline of a log that must load without errors, with the line numbers (which say
/// where each event was in its file) cleared.
fn load(text: &str) -> Timeline {
    let report = annals::load::parse(text);
    let Some(mut t) = report.timeline else {
        panic!("{}\n{text}", report.render(&annals::load::Origin::Stdin));
    };
    for e in &mut t.events {
        e.line = 0;
    }
    t
}

fn everything(t: &Timeline) -> Vec<usize> {
    (0..t.events.len()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn json_export_then_import_gives_the_same_timeline(events in proptest::collection::vec(event_strategy(), 0..12)) {
        let original = load(&log_text(&events));
        let json = Document::new(&original, &everything(&original)).to_json();
        let log = import::import("gen.json", &json, Source::Json, &ColumnMap::default())
            .unwrap_or_else(|p| panic!("{p:?}"));
        let back = load(&log);
        prop_assert_eq!(&back, &original);
        // Canonical: importing the export of the imported log writes the same text.
        let again = Document::new(&back, &everything(&back)).to_json();
        prop_assert_eq!(import::import("gen.json", &again, Source::Json, &ColumnMap::default()).unwrap(), log);
    }

    #[test]
    fn timelinejs_export_then_import_keeps_ids_dates_titles_and_lanes(events in proptest::collection::vec(event_strategy(), 0..12)) {
        let original = load(&log_text(&events));
        let tl = timelinejs::export(&original, &everything(&original));
        let log = import::import("gen.json", &tl, Source::Timelinejs, &ColumnMap::default())
            .unwrap_or_else(|p| panic!("{p:?}"));
        let back = load(&log);
        prop_assert_eq!(back.events.len(), original.events.len());
        let lane = |t: &Timeline, e: &annals::model::Event| e.lane(t).map(|l| t.lanes[l].clone());
        for e in &original.events {
            let i = back.find(&e.id);
            prop_assert!(i.is_some(), "{} is missing", e.id);
            let b = &back.events[i.unwrap_or(0)];
            prop_assert_eq!(b.date, e.date);
            prop_assert_eq!(b.date.precision(), e.date.precision());
            prop_assert_eq!(b.end, e.end);
            prop_assert_eq!(&b.title, &annals::text::sanitize(&e.title).into_owned());
            prop_assert_eq!(lane(&back, b), lane(&original, e));
        }
    }
}
