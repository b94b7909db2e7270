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

/// An era: start, length in days and precision, title words, lane, colour, sources.
#[derive(Debug, Clone)]
struct GenEra {
    date: (i32, u32, u32, u8),
    days: u32,
    title: Vec<usize>,
    lane: Option<usize>,
    colour: Option<usize>,
    sources: Vec<(usize, usize, bool)>,
}

fn era_strategy() -> impl Strategy<Value = GenEra> {
    (
        (1990i32..2030, 1u32..13, 1u32..29, 0u8..3),
        0u32..2000,
        proptest::collection::vec(0..WORDS.len(), 1..4),
        proptest::option::of(0..LANES.len()),
        proptest::option::of(0..COLOURS.len()),
        proptest::collection::vec((0..WORDS.len(), 0..WORDS.len(), any::<bool>()), 0..3),
    )
        .prop_map(|(date, days, title, lane, colour, sources)| GenEra {
            date,
            days,
            title,
            lane,
            colour,
            sources,
        })
}

/// The extras of a log: eras, a colour (or none) per lane, and which views it saves.
#[derive(Debug, Clone)]
struct Extras {
    eras: Vec<GenEra>,
    lane_colours: Vec<Option<usize>>,
    views: Vec<usize>,
}

fn extras_strategy() -> impl Strategy<Value = Extras> {
    (
        proptest::collection::vec(era_strategy(), 0..4),
        proptest::collection::vec(proptest::option::of(0..COLOURS.len()), 0..=LANES.len()),
        proptest::collection::btree_set(0..VIEWS.len(), 0..3),
    )
        .prop_map(|(eras, lane_colours, views)| Extras {
            eras,
            lane_colours,
            views: views.into_iter().collect(),
        })
}

const COLOURS: &[&str] = &["red", "light-blue", "#1f77b4", "Gray", "grey"];
const VIEWS: &[(&str, &str)] = &[
    ("north-chips", "actor:north tag:plain since:2000"),
    ("q2-2025", "since:2025-04 until:2025-06"),
    ("quoted", "\"semi;colon\" lane:South importance:2"),
];

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

/// End dates `days` after `date` (or none), at `precision` or finer than `date`'s.
fn end_text(date: annals::model::Date, days: u32, precision: u8) -> String {
    let end = chrono::NaiveDate::from_num_days_from_ce_opt(date.last_day() + days as i32).unwrap();
    let end = end.format("%Y-%m-%d").to_string();
    let (ey, em, ed) = (
        end[..4].parse().unwrap(),
        end[5..7].parse().unwrap(),
        end[8..].parse().unwrap(),
    );
    date_text(ey, em, ed, precision)
}

/// The `[timeline]` line of lane colours, when some lane has one.
fn lane_colours_text(extras: &Extras) -> String {
    if !extras.lane_colours.iter().any(Option::is_some) {
        return String::new();
    }
    let pairs: Vec<String> = extras
        .lane_colours
        .iter()
        .zip(LANES)
        .filter_map(|(c, lane)| Some(format!("{} = {}", quoted(lane), quoted(COLOURS[(*c)?]))))
        .collect();
    format!("lane_colours = {{ {} }}\n", pairs.join(", "))
}

/// The views and the eras of a log, as TOML.
fn extras_text(extras: &Extras) -> String {
    let mut text = String::new();
    for &v in &extras.views {
        let (name, query) = VIEWS[v];
        text.push_str(&format!("\n[views.{name}]\nquery = {}\n", quoted(query)));
    }
    for era in &extras.eras {
        let (y, m, d, p) = era.date;
        let date = annals::model::Date::parse(&date_text(y, m, d, p)).unwrap();
        let title: Vec<&str> = era.title.iter().map(|&w| WORDS[w]).collect();
        text.push_str(&format!(
            "\n[[eras]]\ntitle = {}\ndate = \"{date}\"\nend = \"{}\"\n",
            quoted(&title.join(" ")),
            end_text(date, era.days, p)
        ));
        if let Some(lane) = era.lane {
            text.push_str(&format!("lane = {}\n", quoted(LANES[lane])));
        }
        if let Some(colour) = era.colour {
            text.push_str(&format!("colour = {}\n", quoted(COLOURS[colour])));
        }
        for &(publisher, title, url) in &era.sources {
            text.push_str(&format!(
                "\n[[eras.sources]]\npublisher = {}\ntitle = {}\n",
                quoted(WORDS[publisher]),
                quoted(WORDS[title])
            ));
            if url {
                text.push_str(&format!("url = \"https://example.com/era/{publisher}\"\n"));
            }
        }
    }
    text
}

/// A valid log of these events (and these extras).
fn log_text(events: &[GenEvent], extras: &Extras) -> String {
    let words = |ix: &[usize]| ix.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
    let list = |items: Vec<String>| format!("[{}]", items.join(", "));
    let mut text = format!(
        "[timeline]\ntitle = {}\ndescription = {}\nlanes = {}\n",
        quoted("Generated <log> & \"co\""),
        quoted("With\nlines"),
        list(LANES.iter().map(|l| quoted(l)).collect())
    );
    text.push_str(&lane_colours_text(extras));
    for (i, (id, name)) in ACTORS.iter().enumerate() {
        text.push_str(&format!(
            "\n[actors.{id}]\nname = {}\naliases = [{}]\nlane = {}\nkind = \"company\"\n",
            quoted(name),
            quoted(&format!("alias {i}")),
            quoted(LANES[i % LANES.len()])
        ));
    }
    text.push_str(&extras_text(extras));
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
            text.push_str(&format!(
                "end = \"{}\"\n",
                end_text(date, days, precision.max(p))
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
    fn json_export_then_import_gives_the_same_timeline(events in proptest::collection::vec(event_strategy(), 0..12), extras in extras_strategy()) {
        let original = load(&log_text(&events, &extras));
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
    fn timelinejs_export_then_import_keeps_ids_dates_titles_and_lanes(events in proptest::collection::vec(event_strategy(), 0..12), extras in extras_strategy()) {
        let original = load(&log_text(&events, &extras));
        let tl = timelinejs::export(&original, &everything(&original));
        let log = import::import("gen.json", &tl, Source::Timelinejs, &ColumnMap::default())
            .unwrap_or_else(|p| panic!("{p:?}"));
        let back = load(&log);
        prop_assert_eq!(back.events.len(), original.events.len());
        let lane = |t: &Timeline, e: &annals::model::Event| e.lane(t).map(|l| t.lanes[l].clone());
        for e in &original.events {
            let i = back.find(e.id());
            prop_assert!(i.is_some(), "{} is missing", e.id());
            let b = &back.events[i.unwrap_or(0)];
            prop_assert_eq!(b.date, e.date);
            prop_assert_eq!(b.date.precision(), e.date.precision());
            prop_assert_eq!(b.end, e.end);
            prop_assert_eq!(&b.title(), &annals::text::sanitize(e.title()).into_owned());
            prop_assert_eq!(lane(&back, b), lane(&original, e));
        }
        // Eras keep their titles and their dates at their precision, in order.
        let eras = |t: &Timeline| -> Vec<(String, String, String)> {
            t.eras.iter().map(|e| (e.title.clone(), e.date.to_string(), e.end.to_string())).collect()
        };
        let sanitized: Vec<_> = eras(&original)
            .into_iter()
            .map(|(t, d, e)| (annals::text::sanitize(&t).replace('\n', " "), d, e))
            .collect();
        prop_assert_eq!(eras(&back), sanitized);
        // Sources with an address come back as links (as events' do).
        let sources = |t: &Timeline| -> Vec<Vec<Option<String>>> {
            t.eras.iter().map(|e| e.sources.iter().filter(|s| s.url.is_some()).map(|s| s.url.clone()).collect()).collect()
        };
        prop_assert_eq!(sources(&back), sources(&original));
    }
}
