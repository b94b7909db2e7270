//! Properties over generated logs: filtering agrees with a per-event reference, sorting is
//! total and stable, summaries respect their width, diagnostics point inside the file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::filter::{self, Filter, fuzzy};
use annals::load;
use annals::model::{Date, Timeline};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "chips", "export", "rule", "Huawei", "ascend", "talks", "中文", "模型", "émigré", "plan",
    "alliance", "review", "🚀", "Commerce", "north", "south",
];
const NAMES: &[&str] = &[
    "Northern Government",
    "Huawei",
    "Acme Chips",
    "中文 Lab",
    "Southern Ministry",
    "Zeta",
];
const LANES: &[&str] = &["North", "South", "Firms"];
const TAGS: &[&str] = &["chips", "talks", "rules", "models"];

#[derive(Debug, Clone)]
struct GenEvent {
    date: (i32, u32, u32, u8),
    end_after: Option<u32>,
    title: Vec<usize>,
    summary: Vec<usize>,
    actors: Vec<usize>,
    tags: Vec<usize>,
    importance: u8,
    related: Vec<usize>,
}

fn date_text((y, m, d, precision): (i32, u32, u32, u8)) -> String {
    match precision {
        0 => format!("{y:04}"),
        1 => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

fn event_strategy() -> impl Strategy<Value = GenEvent> {
    (
        (2020i32..2027, 1u32..13, 1u32..29, 0u8..3),
        proptest::option::of(0u32..60),
        proptest::collection::vec(0..WORDS.len(), 1..8),
        proptest::collection::vec(0..WORDS.len(), 0..12),
        proptest::collection::btree_set(0..NAMES.len(), 1..3),
        proptest::collection::btree_set(0..TAGS.len(), 0..3),
        1u8..4,
        proptest::collection::btree_set(0usize..40, 0..3),
    )
        .prop_map(
            |(date, end_after, title, summary, actors, tags, importance, related)| GenEvent {
                date,
                end_after,
                title,
                summary,
                actors: actors.into_iter().collect(),
                tags: tags.into_iter().collect(),
                importance,
                related: related.into_iter().collect(),
            },
        )
}

/// A valid log of these events, in this file order.
fn log_text(events: &[GenEvent]) -> String {
    let (mut text, actors, entries) = log_pieces(events);
    text.extend(actors);
    text.extend(entries);
    text
}

/// The pieces of [`log_text`]: the `[timeline]` table, one `[actors.…]` table per actor, one
/// `[[events]]` entry per event.
fn log_pieces(events: &[GenEvent]) -> (String, Vec<String>, Vec<String>) {
    let head = String::from(
        "[timeline]\ntitle = \"Generated\"\nlanes = [\"North\", \"South\", \"Firms\"]\nlane_colours = { South = \"red\", Firms = \"#ff8800\" }\n\n[views.recent-chips]\nquery = \"tag:chips since:-1y\"\n",
    );
    let actors = NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "[actors.a{i}]\nname = \"{name}\"\naliases = [\"alias{i}\"]\nlane = \"{}\"\n",
                LANES[i % LANES.len()]
            )
        })
        .collect();
    let mut entries = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let mut text = String::new();
        let words = |ix: &[usize]| ix.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
        let first = Date::parse(&date_text(e.date)).unwrap();
        let end = e.end_after.map(|days| {
            let d = chrono::NaiveDate::from_num_days_from_ce_opt(first.last_day() + days as i32)
                .unwrap();
            d.format("%Y-%m-%d").to_string()
        });
        text.push_str(&format!(
            "[[events]]\nid = \"e{i}\"\ndate = \"{}\"\ntitle = \"{}\"\nactors = [{}]\ntags = [{}]\nimportance = {}\nsummary = \"{}\"\nrelated = [{}]\n",
            date_text(e.date),
            words(&e.title),
            e.actors.iter().map(|a| format!("\"a{a}\"")).collect::<Vec<_>>().join(", "),
            e.tags.iter().map(|t| format!("\"{}\"", TAGS[*t])).collect::<Vec<_>>().join(", "),
            e.importance,
            words(&e.summary),
            e.related
                .iter()
                .filter(|&&r| r < events.len() && r != i)
                .map(|r| format!("\"e{r}\""))
                .collect::<Vec<_>>()
                .join(", "),
        ));
        if let Some(end) = end {
            text.push_str(&format!("end = \"{end}\"\n"));
        }
        entries.push(text);
    }
    (head, actors, entries)
}

/// Replaces up to `cut` bytes at about `at` (both kept inside the text, on character
/// boundaries) with `insert`.
fn damage(text: &mut String, at: usize, cut: usize, insert: &str) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.replace_range(at..end, insert);
}

fn filter_strategy() -> impl Strategy<Value = Filter> {
    let query = prop_oneof![
        Just(String::new()),
        (0..NAMES.len()).prop_map(|i| NAMES[i].to_lowercase()),
        Just("hwawei".to_string()),
        Just("alias3".to_string()),
        Just("chps".to_string()),
    ];
    let date =
        proptest::option::of((2020i32..2027, 1u32..13, 1u32..29, 0u8..3).prop_map(date_text));
    (
        proptest::collection::vec(query, 0..3),
        proptest::collection::vec(0..TAGS.len(), 0..2),
        date.clone(),
        date,
        proptest::collection::vec(
            prop_oneof![
                (0..WORDS.len()).prop_map(|w| WORDS[w].to_string()),
                Just("asc".to_string()),
                Just("hwi".to_string())
            ],
            0..3,
        ),
        proptest::collection::vec(0..LANES.len(), 0..2),
        proptest::option::of(1u8..4),
    )
        .prop_map(
            |(actors, tags, since, until, words, lanes, min_importance)| Filter {
                actors: actors.into_iter().filter(|a| !a.is_empty()).collect(),
                tags: tags.into_iter().map(|t| TAGS[t].to_string()).collect(),
                since: since.map(|d| Date::parse(&d).unwrap()),
                until: until.map(|d| Date::parse(&d).unwrap()),
                words,
                lanes: lanes.into_iter().map(|l| LANES[l].to_lowercase()).collect(),
                min_importance,
                ..Filter::default()
            },
        )
}

/// The reference: the filter's meaning, event by event, with no index.
fn reference(f: &Filter, t: &Timeline, i: usize) -> bool {
    let e = &t.events[i];
    let any = |queries: &[String], hits: &dyn Fn(&str) -> Vec<usize>, own: &[usize]| {
        queries.is_empty()
            || queries
                .iter()
                .flat_map(|q| hits(q))
                .any(|h| own.contains(&h))
    };
    let lanes: Vec<usize> = e.actors().iter().map(|a| t.actors[a].lane).collect();
    e.importance >= f.min_importance.unwrap_or(0)
        && f.since.is_none_or(|s| e.last_day() >= s.first_day())
        && f.until.is_none_or(|u| e.first_day() <= u.last_day())
        && any(
            &f.actors,
            &|q| {
                filter::match_actors(q, t)
                    .into_iter()
                    .map(|x| x.0)
                    .collect()
            },
            &e.actors().to_vec(),
        )
        && any(
            &f.tags,
            &|q| filter::match_tags(q, t).into_iter().map(|x| x.0).collect(),
            &e.tags().to_vec(),
        )
        && any(&f.lanes, &|q| filter::match_lanes(q, t), &lanes)
        && f.words.iter().all(|w| {
            // A word written in some event matches where it is written; one written nowhere
            // matches titles loosely.
            let w = w.trim().to_lowercase();
            let holds = |e: &annals::model::Event| {
                e.title().to_lowercase().contains(&w) || e.summary().to_lowercase().contains(&w)
            };
            if t.events.iter().any(holds) {
                holds(e)
            } else {
                fuzzy::title_matches(&w, e.title())
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn filtering_keeps_exactly_the_matching_events(
        events in proptest::collection::vec(event_strategy(), 1..40),
        f in filter_strategy(),
    ) {
        let report = load::parse(&log_text(&events));
        prop_assert!(report.errors().next().is_none(), "{:?}", report.errors().next());
        let t = report.timeline.unwrap();
        let got = filter::apply(&f, &t);
        let want: Vec<usize> = (0..t.events.len()).filter(|&i| reference(&f, &t, i)).collect();
        prop_assert_eq!(got, want, "filter {}", f.to_query());
    }

    #[test]
    fn sorting_is_by_date_then_end_then_file_order(
        events in proptest::collection::vec(event_strategy(), 1..40),
    ) {
        let t = load::parse(&log_text(&events)).timeline.unwrap();
        for pair in t.events.windows(2) {
            let key = |e: &annals::model::Event| (e.date, e.end.unwrap_or(e.date));
            let file = |e: &annals::model::Event| e.id()[1..].parse::<usize>().unwrap();
            prop_assert!(key(&pair[0]) <= key(&pair[1]));
            if key(&pair[0]) == key(&pair[1]) {
                prop_assert!(file(&pair[0]) < file(&pair[1]));
            }
        }
        // The same events in reverse file order sort to the same dates. (An event whose
        // `end` is its `date` sorts like one without an `end`: only file order tells them
        // apart, and it is reversed here.)
        let mut reversed = events.clone();
        reversed.reverse();
        let r = load::parse(&log_text(&reversed)).timeline.unwrap();
        let dates = |t: &Timeline| {
            t.events
                .iter()
                .map(|e| (e.date, e.end.unwrap_or(e.date)))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(dates(&t), dates(&r));
    }

    #[test]
    fn summary_never_exceeds_its_width(
        events in proptest::collection::vec(event_strategy(), 1..20),
        width in 20usize..110,
    ) {
        let t = load::parse(&log_text(&events)).timeline.unwrap();
        let all: Vec<usize> = (0..t.events.len()).collect();
        let out = annals::render::summary(&t, &all, "actor:x tag:chips", width);
        for line in out.lines() {
            prop_assert!(annals::text::width(line) <= width, "{:?} > {}", line, width);
        }
    }

    #[test]
    fn wrapping_for_print_never_breaks_a_url(
        before in "[a-z ]{0,40}",
        path in "[a-z0-9/._?=-]{1,90}",
        after in "[a-z ]{0,40}",
        width in 1usize..100,
    ) {
        let url = format!("https://{path}");
        let lines = annals::text::wrap_keeping_urls(&format!("{before} {url} {after}"), width);
        prop_assert_eq!(lines.iter().filter(|l| l.contains(&url)).count(), 1, "{:?}", lines);
        for line in lines.iter().filter(|l| !l.contains("https://")) {
            prop_assert!(annals::text::width(line) <= width, "{:?} > {}", line, width);
        }
    }

    #[test]
    fn diagnostics_point_inside_the_file(
        events in proptest::collection::vec(event_strategy(), 1..8),
        at in 0usize..4000,
        cut in 0usize..40,
        insert in "[\\[\\]\"=a-z0-9 \n\r\t{},.:-]{0,12}",
    ) {
        let mut text = log_text(&events);
        damage(&mut text, at, cut, &insert);
        let report = load::parse(&text);
        let lines = report.text.lines().count().max(1);
        for d in &report.diagnostics {
            prop_assert!(d.span.start <= report.text.len());
            let (line, col) = load::line_col(&report.text, d.span.start);
            prop_assert!(line <= lines + 1, "line {} of {}", line, lines);
            // Lines as line_col counts them: split at '\n' only (a '\r' is a character).
            let line_len = report.text.split('\n').nth(line - 1).map_or(0, |l| l.chars().count());
            prop_assert!(col <= line_len + 1, "column {} on a line of {}", col, line_len);
            let _ = load::render(d, &report.text, "x.toml");
        }
    }
}

/// What can be added to an entry to make the loader's scanner work: tables under the entry,
/// brackets in strings and comments, an unknown key, Windows line ends, an era (with a
/// table under it) between two entries.
const EXTRAS: [&str; 6] = [
    "[[eras]]\ntitle = \"Era [[events]]\"\ndate = \"2024\"\nend = \"2025-06\"\nlane = \"South\"\ncolour = \"red\"\n[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"u\"\n",
    "[[events.sources]]\npublisher = \"P\"\ntitle = \"T [[events]]\"\nurl = \"u\"\n",
    "# [[events]] in a comment\n",
    "note = \"\"\"\n[[events]]\nid = \"\"\"\"\n",
    "  [[ \"events\" . sources ]] # spaced\npublisher = 'P'\ntitle = '''\n[x]'''\n",
    "\r\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The loader reads a log an entry at a time; whatever the layout (actors among and
    /// after the entries, tables under entries, brackets in strings) and whatever damage,
    /// it must say exactly what reading the whole file at once says.
    #[test]
    fn reading_by_pieces_agrees_with_reading_whole(
        events in proptest::collection::vec(event_strategy(), 0..8),
        places in proptest::collection::vec(0usize..10, NAMES.len()),
        extras in proptest::collection::vec(proptest::option::of(0..EXTRAS.len()), 8),
        damaged in proptest::option::of((0usize..4000, 0usize..40, "[\\[\\]\"'=a-z0-9 \n\r\t{},.:#-]{0,12}")),
    ) {
        let (mut text, actors, entries) = log_pieces(&events);
        for (i, entry) in entries.iter().enumerate() {
            for (a, actor) in actors.iter().enumerate() {
                if places[a] == i {
                    text.push_str(actor);
                }
            }
            text.push_str(entry);
            if let Some(extra) = extras[i] {
                text.push_str(EXTRAS[extra]);
            }
        }
        for (a, actor) in actors.iter().enumerate() {
            if places[a] >= entries.len() {
                text.push_str(actor);
            }
        }
        if let Some((at, cut, insert)) = damaged {
            damage(&mut text, at, cut, &insert);
        }
        let pieces = load::parse(&text);
        let whole = load::parse_whole(&text);
        prop_assert_eq!(&pieces.diagnostics, &whole.diagnostics, "{}", text);
        prop_assert_eq!(&pieces.timeline, &whole.timeline, "{}", text);
        // The entries read on three threads (in runs of one or two entries here) say what
        // reading them one after another says and what reading the file whole says, down
        // to the rendered diagnostics; so do the TOML errors of broken entries, each
        // reported from its entry alone as in a large log.
        let origin = load::Origin::File("x.toml".into());
        let many = load::parse_in_threads(&text, false, 3);
        prop_assert_eq!(&many.diagnostics, &pieces.diagnostics, "{}", text);
        prop_assert_eq!(&many.timeline, &whole.timeline, "{}", text);
        prop_assert_eq!(many.render_all(&origin), whole.render_all(&origin), "{}", text);
        let one = load::parse_reporting_piece_errors(&text);
        let many = load::parse_in_threads(&text, true, 3);
        prop_assert_eq!(&many.diagnostics, &one.diagnostics, "{}", text);
        prop_assert_eq!(&many.timeline, &one.timeline, "{}", text);
        prop_assert_eq!(many.render_all(&origin), one.render_all(&origin), "{}", text);
    }
}

/// A title's twins that fuzzy matching must treat as the title itself, each with how many
/// characters it puts before the title's own: the same title with its digits and dots
/// written as non-ASCII characters of the same kind (`é` is a letter, `—` is not) between
/// non-ASCII words, and the title pushed past 256 bytes by spaces or by CJK words. The
/// patterns paired with them hold only ASCII letters, so nothing added can be matched.
fn fuzzy_twins(title: &str) -> [(String, usize); 3] {
    let written: String = title
        .chars()
        .map(|c| match c {
            '9' => 'é',
            '.' => '—',
            c => c,
        })
        .collect();
    let spaces = " ".repeat(260);
    let cjk = "中文 ".repeat(40);
    [
        (format!("中文 {written} Ünï 模型"), 3),
        (format!("{spaces}{title}"), spaces.len()),
        (format!("{cjk}{written}"), cjk.chars().count()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fuzzy_matching_gives_a_title_and_its_non_ascii_or_long_twin_the_same_answer(
        title in "[aAbBeExXpP .9-]{0,24}",
        pattern in "[aAbBeExXpP]{1,6}",
    ) {
        let shift = |at: Option<Vec<usize>>, by: usize| {
            at.map(|at| at.into_iter().map(|i| i + by).collect::<Vec<_>>())
        };
        let matches = fuzzy::title_matches(&pattern, &title);
        let highlighted = fuzzy::title_indices(&pattern, &title);
        let placed = fuzzy::indices(&pattern, &title);
        prop_assert_eq!(highlighted.is_some(), matches);
        for (twin, by) in fuzzy_twins(&title) {
            prop_assert_eq!(fuzzy::title_matches(&pattern, &twin), matches, "{:?}", twin);
            prop_assert_eq!(
                fuzzy::title_indices(&pattern, &twin),
                shift(highlighted.clone(), by),
                "{:?}",
                twin
            );
            prop_assert_eq!(
                fuzzy::indices(&pattern, &twin),
                shift(placed.clone(), by),
                "{:?}",
                twin
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever the log, the size, the zoom and the selection, the timeline's labels never
    /// overlap: each label reads whole in the drawn frame, inside the time columns, and no
    /// two on a row share a column.
    #[test]
    fn timeline_labels_never_overlap(
        events in proptest::collection::vec(event_strategy(), 1..40),
        size in (40u16..160, 12u16..50),
        zoom in 0usize..6,
        // Steps of `+` from fit-all (past days, a step says so and stays).
        cursor in 0usize..40,
    ) {
        use annals::tui::action::Action;
        use annals::tui::app::App;
        use annals::tui::views::{self, Theme, ViewState};
        use ratatui::{Terminal, backend::TestBackend};
        let timeline = load::parse(&log_text(&events)).timeline.expect("a valid log");
        let mut app = App::new(timeline, "gen.toml".into(), Filter::default());
        let mut view = ViewState::default();
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("a test terminal");
        let theme = Theme::mono();
        // The frame as drawn, not the test backend's copy: that copy is patched by ratatui's
        // diff, which skips the cells a wide character covers (a terminal blanks them
        // itself), so it can keep a stale character from an earlier frame there.
        let mut draw = |app: &App, view: &mut ViewState| {
            terminal
                .draw(|f| views::draw(f, app, view, &theme))
                .expect("draws")
                .buffer
                .clone()
        };
        app.update(Action::ToggleLanes, &view);
        for _ in 0..cursor {
            app.update(Action::Right, &view);
        }
        let mut buffer = draw(&app, &mut view);
        for _ in 0..zoom {
            app.update(Action::ZoomIn, &view);
            buffer = draw(&app, &mut view);
        }
        let drawn = view.timeline().clone();
        let right = drawn.x + drawn.window.columns;
        let mut taken: std::collections::HashSet<(u16, u16)> = std::collections::HashSet::new();
        for &(y, x0, x1, event, width) in &drawn.labels {
            prop_assert!(x0 > drawn.x && x1 <= right, "label {x0}..{x1} outside {}..{right}", drawn.x);
            for x in x0.saturating_sub(1)..x1 {
                prop_assert!(taken.insert((x, y)), "two labels (or a label and a mark) share ({x}, {y})");
            }
            // A wide character's second column holds nothing of its own.
            let mut shown = String::new();
            let mut x = x0;
            while x < x1 {
                let symbol = buffer[(x, y)].symbol();
                shown.push_str(symbol);
                x += annals::text::width(symbol).max(1) as u16;
            }
            let title = &app.timeline().events[event].title();
            let want = annals::text::truncate(&annals::text::sanitize(title), width as usize);
            prop_assert_eq!(shown, want);
        }
    }
}

/// A log split over files (actors and events in contiguous runs, one run per file, the
/// files named in order) loads to the same timeline as the log in one file, and says the
/// same things about it; only where each event is written differs.
fn split_loads_as_whole(events: &[GenEvent], cuts: &[usize]) -> Result<(), TestCaseError> {
    let (head, actors, entries) = log_pieces(events);
    let whole = load::parse(&log_text(events));
    prop_assert!(whole.timeline.is_some(), "a generated log loads");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("parts")).unwrap();
    let main = dir.path().join("main.toml");
    std::fs::write(
        &main,
        head.replacen(
            "[timeline]\n",
            "[timeline]\ninclude = [\"parts/*.toml\"]\n",
            1,
        ),
    )
    .unwrap();
    let files = cuts.len() + 1;
    let chunk = |items: &[String], k: usize| -> String {
        let per = items.len().div_ceil(files).max(1);
        items.iter().skip(k * per).take(per).cloned().collect()
    };
    for k in 0..files {
        let text = format!("{}{}", chunk(&actors, k), chunk(&entries, k));
        std::fs::write(dir.path().join(format!("parts/{k:02}.toml")), text).unwrap();
    }
    let split = load::load(&load::Origin::File(main)).unwrap();
    let said = |r: &load::Report| {
        let mut all: Vec<(load::Severity, String)> = r
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.message.clone()))
            .collect();
        all.sort();
        all
    };
    prop_assert_eq!(said(&split), said(&whole));
    let unplaced = |t: Option<Timeline>| {
        t.map(|mut t| {
            t.files.clear();
            for e in &mut t.events {
                (e.file, e.line) = (0, 0);
            }
            t
        })
    };
    prop_assert_eq!(unplaced(split.timeline), unplaced(whole.timeline));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_log_split_over_files_loads_as_the_same_log_in_one(
        events in proptest::collection::vec(event_strategy(), 1..30),
        cuts in proptest::collection::vec(0usize..30, 0..4),
    ) {
        split_loads_as_whole(&events, &cuts)?;
    }
}
