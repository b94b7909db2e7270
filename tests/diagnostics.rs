//! One small broken log per kind of problem: the loader must name the line and column of
//! the offending value and say what is wrong, and report every problem in one run.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::load::{self, Severity};

const HEAD: &str = r#"[timeline]
title = "T"
lanes = ["North", "South"]

[actors.north]
name = "North"
lane = "North"
kind = "government"

[actors.huawei]
name = "Huawei"
lane = "South"
kind = "company"
"#;

/// An event using both actors, so that no "never used" warning muddies the cases.
const GOOD: &str = r#"
[[events]]
id = "good"
date = "2025-01-01"
title = "Good"
actors = ["north", "huawei"]
summary = "Fine."
[[events.sources]]
publisher = "P"
title = "T"
url = "https://example.com"
"#;

/// Loads `HEAD + GOOD + body` and returns (severity, line, column, message, hint) of each
/// diagnostic, in file order.
fn diagnose(body: &str) -> Vec<(Severity, usize, usize, String, Option<String>)> {
    let text = format!("{HEAD}{GOOD}{body}");
    let report = load::parse(&text);
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = load::line_col(&report.text, d.span.start);
            (
                d.severity,
                line,
                col,
                d.message.clone(),
                d.hint.as_deref().map(str::to_string),
            )
        })
        .collect()
}

/// The line number, in the whole text, of the `n`th line of `body` (1-based).
fn line_of(n: usize) -> usize {
    HEAD.lines().count() + GOOD.lines().count() + n
}

fn only_error(body: &str) -> (usize, usize, String, Option<String>) {
    let d = diagnose(body);
    assert_eq!(d.len(), 1, "expected one diagnostic, got {d:#?}");
    assert_eq!(d[0].0, Severity::Error, "{d:#?}");
    (d[0].1, d[0].2, d[0].3.clone(), d[0].4.clone())
}

const EVENT: &str = "\n[[events]]\nid = \"e\"\ntitle = \"E\"\nactors = [\"north\"]\nsummary = \"S\"\nsources = [{ publisher = \"P\", title = \"T\", url = \"u\" }]\n";

fn event_with(extra: &str) -> String {
    format!("{EVENT}{extra}\n")
}

#[test]
fn the_curated_header_and_good_event_load_cleanly() {
    assert!(diagnose("").is_empty());
}

#[test]
fn unknown_actor_points_at_it_and_suggests_the_nearest() {
    let body = event_with("date = \"2025-05-13\"\nactors = [\"north\", \"huwaei\"]")
        .replace("actors = [\"north\"]\n", "");
    let (line, col, message, hint) = only_error(&body);
    assert_eq!(message, "unknown actor `huwaei`");
    assert_eq!(hint.as_deref(), Some("did you mean `huawei`?"));
    assert_eq!((line, col), (line_of(8), 20));
}

#[test]
fn impossible_days_are_errors_at_the_value() {
    let (line, col, message, _) = only_error(&event_with("date = \"2025-02-30\""));
    assert_eq!(
        message,
        "2025-02-30 is not a real day: February 2025 has 28 days"
    );
    assert_eq!((line, col), (line_of(8), 8));
}

#[test]
fn month_thirteen_and_prose_dates_are_errors() {
    let (_, _, message, _) = only_error(&event_with("date = \"2025-13\""));
    assert!(message.contains("month 13"), "{message}");
    let (_, _, message, hint) = only_error(&event_with("date = \"May 2025\""));
    assert!(message.contains("`May 2025` is not a date"), "{message}");
    assert!(hint.unwrap().contains("YYYY-MM"));
}

#[test]
fn end_before_date_is_an_error_at_end() {
    let (line, col, message, _) =
        only_error(&event_with("date = \"2025-05-13\"\nend = \"2025-05-01\""));
    assert_eq!(message, "`end` (2025-05-01) is before `date` (2025-05-13)");
    assert_eq!((line, col), (line_of(9), 7));
}

#[test]
fn a_month_end_covering_the_date_is_fine() {
    assert!(diagnose(&event_with("date = \"2025-05-13\"\nend = \"2025-05\"")).is_empty());
}

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first() {
    let body = event_with("date = \"2025-01-02\"").replace("id = \"e\"", "id = \"good\"");
    let (line, col, message, hint) = only_error(&body);
    assert_eq!(message, "duplicate id `good`");
    assert_eq!((line, col), (line_of(3), 6));
    assert_eq!(
        hint.unwrap(),
        format!(
            "line {} already uses it; ids must be unique",
            HEAD.lines().count() + 2
        )
    );
}

#[test]
fn unknown_related_id_suggests_the_nearest() {
    let (_, _, message, hint) = only_error(&event_with("date = \"2025\"\nrelated = [\"god\"]"));
    assert_eq!(message, "unknown related event `god`");
    assert_eq!(hint.as_deref(), Some("did you mean `good`?"));
}

#[test]
fn unknown_keys_catch_typos() {
    let (line, col, message, hint) =
        only_error(&event_with("date = \"2025\"\nacters = [\"north\"]"));
    assert_eq!(message, "unknown key `acters` in an event");
    assert_eq!(hint.as_deref(), Some("did you mean `actors`?"));
    assert_eq!((line, col), (line_of(9), 1));
}

#[test]
fn wrong_types_say_what_was_expected() {
    let (_, _, message, _) = only_error(&event_with("date = \"2025\"\nimportance = \"high\""));
    assert_eq!(message, "`importance` must be a whole number, not a string");
    let (_, _, message, _) = only_error(&event_with("date = \"2025\"\ntags = \"chips\""));
    assert_eq!(message, "`tags` must be an array of strings, not a string");
    let (_, _, message, _) = only_error(&event_with("date = 2025.5"));
    assert!(message.contains("must be a date in quotes"), "{message}");
}

#[test]
fn missing_required_fields_point_at_the_event_header() {
    let body = EVENT.replace("id = \"e\"\n", "");
    let d = diagnose(&body);
    let messages: Vec<&str> = d.iter().map(|x| x.3.as_str()).collect();
    assert_eq!(
        messages,
        ["this event has no `id`", "this event has no `date`"]
    );
    assert!(d.iter().all(|x| x.1 == line_of(2) && x.2 == 1));
}

#[test]
fn a_lane_not_in_the_timeline_is_an_error() {
    let body = "\n[actors.x]\nname = \"X\"\nlane = \"Nroth\"\n";
    let d = diagnose(body);
    let lane = d.iter().find(|x| x.3.contains("lane")).unwrap();
    assert_eq!(lane.3, "lane `Nroth` is not in `timeline.lanes`");
    assert_eq!(lane.4.as_deref(), Some("did you mean `North`?"));
    assert_eq!((lane.1, lane.2), (line_of(4), 8));
}

#[test]
fn toml_syntax_errors_have_a_position() {
    let (line, _, message, _) = only_error("\n[[events]]\nid = \"x\ntitle = 3\n");
    assert!(message.starts_with("TOML syntax:"), "{message}");
    assert_eq!(line, line_of(3));
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let body = format!(
        "{}{}",
        event_with("date = \"2025-02-30\"\nacters = []"),
        event_with("date = \"2025\"\nrelated = [\"nope\"]").replace("id = \"e\"", "id = \"f\"")
    );
    let errors: Vec<String> = diagnose(&body)
        .into_iter()
        .filter(|d| d.0 == Severity::Error)
        .map(|d| d.3)
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn warnings_do_not_stop_loading() {
    let body = "\n[[events]]\nid = \"w\"\ndate = \"2025\"\ntitle = \"W\"\nactors = [\"north\"]\n";
    let report = load::parse(&format!("{HEAD}{GOOD}{body}"));
    let warnings: Vec<&str> = report.warnings().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warnings,
        ["event `w` has an empty summary", "event `w` has no source"]
    );
    assert!(report.timeline.is_some());
}

#[test]
fn unused_actors_and_sources_without_urls_are_warnings() {
    let text = format!(
        "{HEAD}[actors.idle]\nname = \"Idle\"\nlane = \"North\"\n{}",
        GOOD.replace("url = \"https://example.com\"\n", "")
    );
    let report = load::parse(&text);
    let warnings: Vec<&str> = report.warnings().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warnings,
        ["actor `idle` is never used", "this source has no `url`"]
    );
}

#[test]
fn empty_and_non_utf8_files_get_their_own_messages() {
    let report = load::parse("  \n");
    assert_eq!(report.diagnostics[0].message, "the file is empty");
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"# caf\xe9\n");
    let report = load::parse_bytes(bytes);
    assert_eq!(
        report.diagnostics[0].message,
        "the file is not valid UTF-8 text"
    );
    let (line, col) = load::line_col(&report.text, report.diagnostics[0].span.start);
    assert_eq!((line, col), (HEAD.lines().count() + 1, 6));
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let text = format!("\u{feff}{HEAD}{GOOD}").replace('\n', "\r\n");
    let report = load::parse(&text);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn ids_must_be_kebab_case() {
    let (_, _, message, hint) =
        only_error(&event_with("date = \"2025\"").replace("id = \"e\"", "id = \"Big Event\""));
    assert_eq!(message, "event id `Big Event` is not lowercase kebab-case");
    assert!(hint.unwrap().contains("`big-event`"));
}

#[test]
fn rendered_diagnostics_quote_and_underline() {
    let text = format!("{HEAD}{GOOD}{}", event_with("date = \"2025-02-30\""));
    let report = load::parse(&text);
    let out = report.render(&annals::load::Origin::File("events.toml".into()));
    let expected_line = line_of(8);
    assert!(
        out.contains(&format!("--> events.toml:{expected_line}:8")),
        "{out}"
    );
    assert!(out.contains("date = \"2025-02-30\"\n"), "{out}");
    assert!(out.contains("|        ^^^^^^^^^^^^"), "{out}");
    assert!(
        out.ends_with("events.toml: 1 error and 0 warnings\n"),
        "{out}"
    );
}

// ---------------------------------------------------------------- eras

const ERA_SOURCE: &str = "[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"u\"\n";

/// Line, column and message of each diagnostic.
fn positions(d: &[(Severity, usize, usize, String, Option<String>)]) -> Vec<(usize, usize, &str)> {
    d.iter()
        .map(|(_, line, col, message, _)| (*line, *col, message.as_str()))
        .collect()
}

fn era(fields: &str) -> String {
    format!("\n[[eras]]\n{fields}\n{ERA_SOURCE}")
}

#[test]
fn eras_load_in_date_order_with_lane_colour_and_sources() {
    let text = format!(
        "{HEAD}{GOOD}{}{}",
        era(
            "title = \"Second\"\ndate = \"2025-03\"\nend = \"2025-06-30\"\nlane = \"South\"\ncolour = \"#1f77b4\""
        ),
        era("title = \"First\"\ndate = \"2024\"\nend = \"2025-04\"\ncolour = \"light-blue\""),
    );
    let report = load::parse(&text);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let t = report.timeline.expect("loads");
    let titles: Vec<&str> = t.eras.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["First", "Second"], "overlapping eras are allowed");
    assert_eq!(t.eras[1].lane, Some(1));
    assert_eq!(t.eras[0].lane, None);
    assert_eq!(
        t.eras[1].colour.map(annals::model::Colour::name).as_deref(),
        Some("#1f77b4")
    );
    assert_eq!(t.eras[0].sources.len(), 1);
}

#[test]
fn an_era_ending_before_it_starts_is_an_error_at_end() {
    let (line, col, message, _) = only_error(&era(
        "title = \"E\"\ndate = \"2025-05\"\nend = \"2025-04-30\"",
    ));
    assert_eq!((line, col), (line_of(5), 7));
    assert_eq!(message, "`end` (2025-04-30) is before `date` (2025-05)");
}

#[test]
fn era_problems_are_checked_like_events() {
    let d = diagnose(&era(
        "title = \"E\"\ndate = \"2025-02-30\"\nend = \"2025\"\nlane = \"Nort\"\ncolour = \"bleu\"\nacters = 1",
    ));
    let found = positions(&d);
    assert_eq!(
        found,
        [
            (
                line_of(4),
                8,
                "2025-02-30 is not a real day: February 2025 has 28 days"
            ),
            (line_of(6), 8, "lane `Nort` is not in `timeline.lanes`"),
            (line_of(7), 10, "unknown colour `bleu`"),
            (line_of(8), 1, "unknown key `acters` in an era"),
        ]
    );
    assert_eq!(d[1].4.as_deref(), Some("did you mean `North`?"));
    assert_eq!(
        d[2].4.as_deref(),
        Some("did you mean `blue`? (or write `#rrggbb`)")
    );
}

#[test]
fn an_era_needs_a_title_a_date_and_an_end() {
    let d = diagnose("\n[[eras]]\ncolour = \"red\"\n");
    let found = positions(&d);
    assert_eq!(
        found,
        [
            (line_of(2), 1, "this era has no `title`"),
            (line_of(2), 1, "this era has no `date`"),
            (line_of(2), 1, "this era has no `end`"),
            (line_of(2), 1, "this era has no source"),
        ]
    );
    assert_eq!(d[3].0, Severity::Warning);
    assert_eq!(
        d[3].4.as_deref(),
        Some("add an `[[eras.sources]]` table with publisher, title and url")
    );
}
