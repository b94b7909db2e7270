//! Data in and out through the built binary. Every export is read by a parser other than
//! annals's own (serde_json, the `csv` crate, the `icalendar` crate, headless Chromium);
//! imports write a log that `annals check` passes, or say which row is wrong and write nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml");
const HOSTILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/hostile-export.toml"
);
const SHEET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/timelinejs-sheet.csv"
);
const BAD_SHEET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad-sheet.csv");

/// Runs annals with `args`; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    common::output(&mut common::annals(args))
}

/// The standard output of a run that must succeed.
fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "annals {args:?} failed: {err}");
    out
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The number of events `annals list` shows for the built-in log.
fn curated_count() -> usize {
    ok(&["list"]).lines().count()
}

// --- --format on the commands -------------------------------------------------------------

#[test]
fn list_as_json_honours_the_query_and_keeps_date_precision() {
    let doc = json(&ok(&[
        "-f",
        FIXTURE,
        "list",
        "--format",
        "json",
        "tag:sanctions",
    ]));
    assert_eq!(doc["schema"], "annals/1");
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["id"], "south-response");
    assert_eq!(events[0]["date"], "2024-10");
    assert_eq!(
        doc["actors"].as_array().unwrap().len(),
        1,
        "only the actors shown"
    );
}

#[test]
fn csv_is_one_quoted_row_per_event_and_joins_lists_with_semicolons() {
    let out = ok(&["-f", FIXTURE, "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, annals::export::table::EVENT_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let chip = rows.iter().find(|r| &r[0] == "chip-rule").unwrap();
    assert_eq!(&chip[4], "north-gov; acme");
    assert_eq!(&chip[5], "export-controls; chips");
    assert!(chip[8].contains("chips.\n\nA second"), "{:?}", &chip[8]);
    assert!(out.contains("\r\n"), "RFC 4180 lines end in CRLF");
}

#[test]
fn a_cell_that_looks_like_a_formula_runs_nothing_and_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("formula.toml");
    std::fs::write(
        &log,
        "[[events]]\nid = \"f\"\ndate = \"2025\"\ntitle = \"=HYPERLINK(\\\"http://x\\\")\"\nsummary = \"@SUM(A1)\"\nsources = []\n",
    )
    .unwrap();
    let out = ok(&["-f", log.to_str().unwrap(), "export", "csv"]);
    let row = csv::Reader::from_reader(out.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(
        (&row[3], &row[8]),
        ("'=HYPERLINK(\"http://x\")", "'@SUM(A1)")
    );
    let csv_path = dir.path().join("formula.csv");
    std::fs::write(&csv_path, out).unwrap();
    let back = ok(&["import", csv_path.to_str().unwrap(), "--from", "csv"]);
    assert!(
        back.contains("title = '=HYPERLINK(\"http://x\")'"),
        "{back}"
    );
}

#[test]
fn tsv_fields_hold_no_tabs_or_line_breaks() {
    let out = ok(&["-f", FIXTURE, "summary", "--format", "tsv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines.iter().all(|l| l.split('\t').count() == 12), "{out}");
}

#[test]
fn show_and_actors_take_every_format() {
    let doc = json(&ok(&["-f", FIXTURE, "show", "talks", "--format", "json"]));
    assert_eq!(doc["events"][0]["end"], "2025-01-29");
    let md = ok(&["-f", FIXTURE, "show", "talks", "--format", "markdown"]);
    assert!(
        md.starts_with("## North and South hold two days of talks\n"),
        "{md}"
    );
    assert!(
        md.contains("[Daily Wire Service: Talks end without a deal](<https://example.com/talks>)")
    );
    let actors = json(&ok(&["-f", FIXTURE, "actors", "--format", "json"]));
    let acme = &actors["actors"][2];
    assert_eq!(
        (acme["id"].as_str(), acme["events"].as_u64()),
        (Some("acme"), Some(1))
    );
    let csv_out = ok(&["-f", FIXTURE, "actors", "--format", "csv"]);
    assert_eq!(
        csv::Reader::from_reader(csv_out.as_bytes())
            .records()
            .count(),
        4
    );
    assert!(
        ok(&["-f", FIXTURE, "actors", "--format", "markdown"])
            .contains("| `zenith` | Zenith 中文 Lab |")
    );
    assert_eq!(
        ok(&["-f", FIXTURE, "actors", "--format", "text"]),
        ok(&["-f", FIXTURE, "actors"])
    );
}

#[test]
fn tags_take_every_format_most_used_first() {
    let doc = json(&ok(&["-f", FIXTURE, "tags", "--format", "json"]));
    let names: Vec<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "chips",
            "diplomacy",
            "export-controls",
            "models",
            "policy-plan",
            "sanctions"
        ]
    );
    let csv_out = ok(&["-f", FIXTURE, "tags", "--format", "csv"]);
    assert!(
        csv_out.starts_with("tag,events\r\nchips,1\r\n"),
        "{csv_out}"
    );
    let md = ok(&["-f", FIXTURE, "tags", "--format", "markdown"]);
    assert!(md.contains("| policy-plan | 1 |"), "{md}");
    assert_eq!(
        ok(&["-f", FIXTURE, "tags", "--format", "text"]),
        ok(&["-f", FIXTURE, "tags"])
    );
}

#[test]
fn show_of_several_ids_gives_them_all_in_every_format() {
    let doc = json(&ok(&[
        "-f",
        FIXTURE,
        "show",
        "talks",
        "year-plan",
        "--format",
        "json",
    ]));
    let ids: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["talks", "year-plan"]);
    let out = ok(&[
        "-f",
        FIXTURE,
        "show",
        "talks",
        "year-plan",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv::Reader::from_reader(out.as_bytes()).records().count(),
        2
    );
}

#[test]
fn the_markdown_memo_links_each_source_and_escapes_markup() {
    let md = ok(&["-f", FIXTURE, "summary", "--format", "markdown"]);
    assert!(md.starts_with("# Fixture timeline\n"));
    assert!(md.contains("## October 2024\n"));
    assert_eq!(md.matches("](<https://example.com/").count(), 5, "{md}");
    let hostile = ok(&["-f", HOSTILE, "summary", "--format", "markdown"]);
    let bare_angle = hostile.replace("](<", "").replace("\\<", "").contains('<');
    assert!(!bare_angle, "every < from the log is escaped: {hostile}");
    assert!(!hostile.contains("](<javascript:"), "{hostile}");
    assert!(!hostile.contains('\u{1b}'));
}

// --- export: the curated log, read by other parsers ---------------------------------------

#[test]
fn curated_json_export_parses_with_serde_json() {
    let doc = json(&ok(&["export", "json"]));
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), curated_count());
    assert!(
        events
            .iter()
            .all(|e| e["id"].is_string() && e["date"].is_string())
    );
    let back: annals::export::json::Document = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(back.events.len(), curated_count());
}

#[test]
fn curated_csv_export_parses_with_the_csv_crate() {
    let out = ok(&["export", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), curated_count());
    assert!(rows.iter().all(|r| r.len() == 12 && !r[1].is_empty()));
}

#[test]
fn curated_ics_export_parses_with_the_icalendar_crate() {
    let out = ok(&["export", "ics"]);
    let events = ics_events(&out);
    assert_eq!(events.len(), curated_count());
    let list = ok(&["list"]);
    let first_id = list.split_whitespace().nth(1).unwrap();
    assert!(events.iter().any(|e| e.uid == format!("{first_id}@annals")));
    check_ics_lines(&out);
}

#[test]
fn curated_timelinejs_export_has_timelinejs_fields() {
    let doc = json(&ok(&["export", "timelinejs"]));
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), curated_count());
    for e in events {
        assert!(e["start_date"]["year"].is_i64(), "{e}");
        assert!(
            e["text"]["headline"].is_string() && e["unique_id"].is_string(),
            "{e}"
        );
    }
    assert!(doc["title"]["text"]["headline"].is_string());
    assert!(
        events.iter().any(|e| e["start_date"]["day"].is_null()),
        "month precision is kept"
    );
    // The curated log's eras, each with a start, an end and a headline, even for a query.
    let eras = doc["eras"].as_array().unwrap();
    assert_eq!(eras.len(), 7, "{doc}");
    for e in eras {
        assert!(
            e["start_date"]["year"].is_i64() && e["end_date"]["year"].is_i64(),
            "{e}"
        );
        assert!(e["text"]["headline"].is_string(), "{e}");
    }
    let filtered = json(&ok(&["export", "timelinejs", "tag:no-such-tag"]));
    assert_eq!(filtered["eras"].as_array().map(Vec::len), Some(7));
}

// --- ICS ----------------------------------------------------------------------------------

struct IcsEvent {
    uid: String,
    summary: String,
    description: String,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    url: Option<String>,
}

/// The VEVENTs of a calendar, as the `icalendar` crate reads them.
fn ics_events(text: &str) -> Vec<IcsEvent> {
    use icalendar::{CalendarComponent, Component, DatePerhapsTime};
    let unfolded = icalendar::parser::unfold(text);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("the icalendar crate reads it");
    let calendar: icalendar::Calendar = parsed.into();
    let date = |d: Option<DatePerhapsTime>| match d {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("an all-day date expected, got {other:?}"),
    };
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(IcsEvent {
                uid: e.get_uid().unwrap_or_default().to_string(),
                summary: e.get_summary().unwrap_or_default().to_string(),
                description: e.get_description().unwrap_or_default().to_string(),
                start: date(e.get_start()),
                end: date(e.get_end()),
                url: e.get_url().map(String::from),
            }),
            _ => None,
        })
        .collect()
}

/// Every line ends in CRLF and is at most 75 octets.
fn check_ics_lines(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

#[test]
fn ics_escapes_folds_and_spans_months_and_years() {
    let out = ok(&["-f", HOSTILE, "export", "ics"]);
    check_ics_lines(&out);
    assert!(out.contains("\r\n "), "the long title is folded");
    let events = ics_events(&out);
    let by = |uid: &str| events.iter().find(|e| e.uid == uid).unwrap();
    let script = by("script-title@annals");
    assert_eq!(
        script.summary,
        "<script>document.title='pwned'</script> and <img src=x onerror=alert(1)>"
    );
    assert!(
        script
            .description
            .contains("backslash \\ and a semicolon; and a comma,"),
        "{}",
        script.description
    );
    assert_eq!(
        script.url.as_deref(),
        Some("https://example.com/a?b=1&c=2"),
        "a javascript: URL is never the URL"
    );
    assert_eq!(
        (script.start.to_string(), script.end.to_string()),
        ("2025-03-04".into(), "2025-03-05".into())
    );
    let month = by("long-month@annals");
    assert!(
        month.summary.ends_with("🚀🚀🚀"),
        "folding never splits a character"
    );
    assert_eq!(
        (month.start.to_string(), month.end.to_string()),
        ("2025-02-01".into(), "2025-04-01".into())
    );
    assert!(
        month
            .description
            .contains("known to the month (February 2025)"),
        "{}",
        month.description
    );
    let year = by("whole-year@annals");
    assert_eq!(
        (year.start.to_string(), year.end.to_string()),
        ("2024-01-01".into(), "2025-01-01".into())
    );
    assert!(year.description.contains("known to the year"));
    assert_eq!(
        ok(&["-f", HOSTILE, "export", "ics"]),
        out,
        "the same log gives the same file"
    );
}

// --- HTML ---------------------------------------------------------------------------------

#[test]
fn html_escapes_every_string_from_the_log() {
    let page = ok(&["-f", HOSTILE, "export", "html"]);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!page.contains("<img") && !page.contains("<b>bold"));
    assert!(
        !page.contains("\"onmouseover") && !page.contains(" onmouseover"),
        "no attribute breaks out"
    );
    assert!(!page.contains("href=\"javascript:"));
    assert!(!page.contains('\u{1b}'));
    assert!(page.contains("id=\"script-title\""));
    assert!(
        !page.contains("http://") || page.contains("https://"),
        "nothing is fetched"
    );
    for forbidden in ["<link", "src=\"http", "@import", "url(http"] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
}

/// The Chromium to test pages with, if this machine has one.
fn chromium() -> Option<PathBuf> {
    let names = ["chromium-headless-shell", "chromium", "chromium-browser"];
    let dirs = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    dirs.iter()
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .chain([
            PathBuf::from("/usr/lib/chromium/chromium-headless-shell"),
            PathBuf::from("/usr/lib/chromium/headless_shell"),
        ])
        .find(|p| p.is_file())
}

/// [`chromium`], or `None` after saying the test is skipped.
fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        println!(
            "SKIPPED: no Chromium here (apt-get install chromium-headless-shell; .ci/run installs it)"
        );
    }
    found
}

/// The DOM of `page?query` after its script ran, as headless Chromium dumps it.
fn dump_dom(chromium: &Path, page: &Path, query: &str) -> String {
    let url = format!("file://{}{query}", page.display());
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The page `annals ARGS export html` writes, in a new directory (kept while the guard lives).
fn page(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let mut all = args.to_vec();
    all.extend(["export", "html", "-o", page.to_str().unwrap()]);
    ok(&all);
    (dir, page)
}

/// The ids of the events the page shows (those its filter did not hide).
fn shown(dom: &str) -> Vec<String> {
    dom.split("<article ")
        .skip(1)
        .map(|a| &a[..a.find('>').unwrap()])
        .filter(|attrs| !attrs.contains(" hidden"))
        .map(|attrs| {
            attrs
                .split("id=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn headless_chromium_filters_the_curated_page_as_typed() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let (_dir, page) = page(&[]);
    let all = dump_dom(&chromium, &page, "");
    assert_eq!(shown(&all).len(), curated_count());
    // The page's filter: every word in an event's title, summary, id, tags, sources, linked
    // events, or its actors' ids, names and aliases.
    let doc = json(&ok(&["export", "json"]));
    let actors = doc["actors"].as_array().unwrap();
    let events = doc["events"].as_array().unwrap();
    let expected: Vec<String> = events
        .iter()
        .filter(|e| {
            let mut text = format!(
                "{} {} {} {} {}",
                e["title"], e["summary"], e["id"], e["tags"], e["sources"]
            );
            // Linked both ways: the events it names and those that name it.
            for other in events {
                let names = |a: &serde_json::Value, b: &serde_json::Value| {
                    a["related"]
                        .as_array()
                        .is_some_and(|r| r.contains(&b["id"]))
                };
                if names(e, other) || names(other, e) {
                    text.push_str(&other["title"].to_string());
                }
            }
            for a in e["actors"].as_array().unwrap() {
                let actor = actors.iter().find(|x| x["id"] == *a).unwrap();
                text.push_str(&format!(
                    " {} {} {}",
                    actor["id"], actor["name"], actor["aliases"]
                ));
            }
            text.to_lowercase().contains("huawei")
        })
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!expected.is_empty());
    let dom = dump_dom(&chromium, &page, "?q=huawei");
    assert_eq!(shown(&dom), expected);
    assert!(dom.contains(&format!("{} of {} events", expected.len(), curated_count())));
}

#[test]
fn headless_chromium_runs_no_script_from_the_log_and_narrows_by_facet() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let (_dir, page) = page(&["-f", HOSTILE]);
    let dom = dump_dom(&chromium, &page, "?actor=bob");
    assert!(
        !dom.contains("<title>pwned</title>"),
        "a script from the log ran"
    );
    assert_eq!(dom.matches("<script").count(), 1);
    assert!(!dom.contains("<img"));
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert_eq!(shown(&dom), ["whole-year", "long-month"]);
}

// --- import -------------------------------------------------------------------------------

#[test]
fn the_timelinejs_sheet_imports_by_header_names_at_each_rows_precision() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.toml");
    ok(&[
        "import",
        SHEET,
        "--from",
        "csv",
        "-o",
        new.to_str().unwrap(),
    ]);
    let check = ok(&["check", "-f", new.to_str().unwrap()]);
    assert!(check.contains("3 events"), "{check}");
    let doc = json(&ok(&["-f", new.to_str().unwrap(), "export", "json"]));
    assert_eq!(doc["timeline"]["title"], "A sheet title");
    assert_eq!(
        doc["timeline"]["description"],
        "What the sheet is about & why."
    );
    let events = doc["events"].as_array().unwrap();
    let dates: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e["date"].as_str().unwrap(), e["end"].as_str()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2023", None),
            ("2025-05", None),
            ("2025-07-28", Some("2025-07-29"))
        ]
    );
    let talks = &events[2];
    assert_eq!(talks["id"], "talks-in-stockholm");
    assert_eq!(talks["summary"], "Two days of talks, with markup.");
    assert_eq!(talks["actors"][0], "diplomacy");
    assert_eq!(talks["sources"][0]["url"], "https://example.com/talks");
    let lanes: Vec<&str> = doc["timeline"]["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(lanes, ["Diplomacy", "Regulators"]);
    // The row of `Type` era is an era across every lane, and `export json` writes it.
    assert_eq!(
        doc["eras"],
        serde_json::json!([{ "title": "An era", "date": "2020", "end": "2022" }])
    );
}

#[test]
fn a_row_that_cannot_be_mapped_is_named_by_row_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.toml");
    let (code, out, err) = run(&[
        "import",
        BAD_SHEET,
        "--from",
        "csv",
        "--map",
        "date=When,title=What,actors=Who",
        "-o",
        new.to_str().unwrap(),
    ]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains(&format!("{BAD_SHEET}:3:1: 2025-02-30 is not a real day")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{BAD_SHEET}:4:2: the title is empty")),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!new.exists());
    let (code, _, err) = run(&["import", BAD_SHEET, "--from", "csv"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--map"),
        "without a map, say how to give one: {err}"
    );
}

#[test]
fn a_mapped_csv_declares_each_named_actor_once() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("people.csv");
    std::fs::write(&csv_path, "When,What,Who\n2025-07-28,\"First, with a comma\",Acme Corp; Zed\n2025-08,Second,Acme Corp\n").unwrap();
    let log = ok(&[
        "import",
        csv_path.to_str().unwrap(),
        "--from",
        "csv",
        "--map",
        "date=When,title=What,actors=Who",
    ]);
    assert_eq!(log.matches("[actors.acme-corp]").count(), 1, "{log}");
    assert!(log.contains("[actors.zed]"));
    let report = annals::load::parse(&log);
    assert_eq!(
        report.errors().count(),
        0,
        "{}",
        report.render(&annals::load::Origin::Stdin)
    );
    let t = report.timeline.unwrap();
    assert_eq!(t.events[0].date.to_string(), "2025-07-28");
    assert_eq!(t.events[1].date.to_string(), "2025-08");
}

#[test]
fn import_never_replaces_a_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("log.json");
    std::fs::write(&json_path, ok(&["-f", FIXTURE, "export", "json"])).unwrap();
    let new = dir.path().join("new.toml");
    std::fs::write(&new, "precious").unwrap();
    let (code, _, err) = run(&[
        "import",
        json_path.to_str().unwrap(),
        "--from",
        "json",
        "-o",
        new.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists; give --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&new).unwrap(), "precious");
    ok(&[
        "import",
        json_path.to_str().unwrap(),
        "--from",
        "json",
        "-o",
        new.to_str().unwrap(),
        "--force",
    ]);
    assert!(ok(&["check", "-f", new.to_str().unwrap()]).contains("0 errors and 0 warnings"));
}

#[test]
fn bad_json_is_reported_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\n  \"schema\": \"annals/1\",\n  \"timeline\": {},\n  \"events\": [{\"id\": \"a\", \"date\": \"2025-13\"}]\n}\n").unwrap();
    let (code, _, err) = run(&["import", path.to_str().unwrap(), "--from", "json"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.json:4:") && err.contains("month 13 does not exist"),
        "{err}"
    );
    std::fs::write(&path, "{\"schema\": \"annals/2\", \"timeline\": {}}").unwrap();
    let (_, _, err) = run(&["import", path.to_str().unwrap(), "--from", "json"]);
    assert!(err.contains("the schema is `annals/2`"), "{err}");
    std::fs::write(&path, "{\"schema\": \"annals/1\", \"timeline\": {}, \"events\": [{\"id\": \"a\", \"date\": \"2025\", \"title\": \"t\", \"actors\": [\"nobody\"]}]}").unwrap();
    let (code, _, err) = run(&["import", path.to_str().unwrap(), "--from", "json"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.json: events[0]: unknown actor `nobody`"),
        "{err}"
    );
}

#[test]
fn an_export_never_writes_over_the_log_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("events.toml");
    std::fs::write(&log, std::fs::read(FIXTURE).unwrap()).unwrap();
    let before = std::fs::read(&log).unwrap();
    let (code, _, err) = run(&[
        "-f",
        log.to_str().unwrap(),
        "export",
        "json",
        "-o",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is the log being exported"), "{err}");
    assert_eq!(std::fs::read(&log).unwrap(), before, "the log is untouched");
}
