//! The command line, through the built binary: outputs (golden), exit codes, where the log
//! comes from, and behaviour with pipes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml");

mod common;
use common::annals;

/// Runs annals on the fixture; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-f", FIXTURE];
    all.extend_from_slice(args);
    run_raw(annals(&all))
}

fn run_raw(mut cmd: Command) -> (i32, String, String) {
    common::output(&mut cmd)
}

#[test]
fn summary_is_grouped_by_month_and_wrapped() {
    let (code, out, err) = run(&["summary", "--width", "60"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
    assert!(out.lines().all(|l| annals::text::width(l) <= 60), "{out}");
}

#[test]
fn summary_narrow_width_stays_within_it_but_never_breaks_a_url() {
    let (code, out, _) = run(&["summary", "--width", "24"]);
    assert_eq!(code, 0);
    for line in out.lines().filter(|l| !l.contains("://")) {
        assert!(annals::text::width(line) <= 24, "{line:?}");
    }
    let fixture = std::fs::read_to_string(FIXTURE).unwrap();
    let urls: Vec<&str> = fixture
        .lines()
        .filter_map(|l| l.strip_prefix("url = \"")?.strip_suffix('"'))
        .collect();
    assert_eq!(urls.len(), 5);
    for url in urls {
        assert!(out.lines().any(|l| l.trim() == url), "{url} cut:\n{out}");
    }
}

#[test]
fn a_url_in_a_summary_paragraph_stays_whole_too() {
    let url = "https://bis.gov/press-release/commerce-implements-new-export-controls-advanced";
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("url.toml");
    std::fs::write(
        &log,
        format!(
            "[actors.a]\nname = \"A\"\n[[events]]\nid = \"e\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [\"a\"]\nsummary = \"The notice ({url}) says so.\"\n[[events.sources]]\npublisher = \"P\"\ntitle = \"Q\"\nurl = \"{url}?page=2\"\n"
        ),
    )
    .unwrap();
    for width in ["40", "80"] {
        let (code, out, err) = run_raw(annals(&[
            "-f",
            log.to_str().unwrap(),
            "summary",
            "-w",
            width,
        ]));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!("({url})")), "{out}");
        assert!(out.contains(&format!("{url}?page=2")), "{out}");
    }
}

#[test]
fn bare_annals_without_a_terminal_prints_the_summary() {
    let (code, out, _) = run(&[]);
    assert_eq!(code, 0);
    let (_, summary, _) = run(&["summary", "--width", "80"]);
    assert_eq!(out, summary);
}

#[test]
fn list_is_one_line_per_event_in_date_order() {
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn show_prints_everything_about_one_event() {
    let (code, out, _) = run(&["show", "chip-rule", "--width", "72"]);
    assert_eq!(code, 0);
    // Where the event is written names the fixture by the path given, which is absolute.
    let out = out.replace(env!("CARGO_MANIFEST_DIR"), "[crate]");
    insta::assert_snapshot!(out);
}

#[test]
fn show_of_an_unknown_id_is_a_usage_error_with_a_suggestion() {
    let (code, out, err) = run(&["show", "chip-rul"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "annals: no event has the id `chip-rul`; did you mean `chip-rule`?\n"
    );
}

/// Runs annals on the fixture with `input` on standard input.
fn run_with_input(args: &[&str], input: &str) -> (i32, String, String) {
    let mut all = vec!["-f", FIXTURE];
    all.extend_from_slice(args);
    run_piped(annals(&all), input)
}

/// Runs `cmd` with `input` on standard input.
fn run_piped(mut cmd: Command, input: &str) -> (i32, String, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    common::streams(child.wait_with_output().unwrap())
}

#[test]
fn show_prints_several_events_in_turn_separated_by_a_rule() {
    let (_, one, _) = run(&["show", "chip-rule", "--width", "60"]);
    let (_, two, _) = run(&["show", "south-response", "--width", "60"]);
    let (code, both, err) = run(&["show", "chip-rule", "south-response", "--width", "60"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(both, format!("{one}\n{}\n\n{two}", "─".repeat(60)));
}

#[test]
fn show_dash_reads_the_ids_from_standard_input() {
    let (_, expected, _) = run(&["show", "chip-rule", "south-response"]);
    for input in [
        "chip-rule\nsouth-response\n",
        "  chip-rule south-response",
        "chip-rule\r\n\tsouth-response",
    ] {
        let (code, out, err) = run_with_input(&["show", "-"], input);
        assert_eq!((code, err.as_str()), (0, ""), "{input:?}");
        assert_eq!(out, expected, "{input:?}");
    }
    let (code, out, err) = run_with_input(&["show", "-"], "\n \n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("no ids on standard input"), "{err}");
    // Standard input cannot be both the log and the ids.
    let mut cmd = annals(&["-f", "-", "show", "-"]);
    cmd.stdin(Stdio::null());
    let (code, _, err) = run_raw(cmd);
    assert_eq!(code, 2);
    assert!(err.contains("cannot give both the log"), "{err}");
}

#[test]
fn the_readme_pipeline_from_list_to_show_works() {
    // annals list | head -2 | awk '{print $2}' | xargs annals show
    let (_, list, _) = run(&["list"]);
    let ids: Vec<&str> = list
        .lines()
        .take(2)
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    let mut args = vec!["show"];
    args.extend(&ids);
    let (code, out, err) = run(&args);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out.lines().filter(|l| l.starts_with("────")).count(),
        1,
        "{out}"
    );
    for id in ids {
        assert!(out.lines().any(|l| l == id), "{id} not shown:\n{out}");
    }
}

#[test]
fn show_with_any_unknown_id_prints_nothing_and_names_each_unknown_one() {
    let (code, out, err) = run(&["show", "chip-rule", "chip-rul", "zzzzzzzz"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "annals: no event has the id `chip-rul`; did you mean `chip-rule`?\n\
         annals: no event has the id `zzzzzzzz`; `annals list` shows every id\n"
    );
}

#[test]
fn actors_lists_lane_kind_and_count() {
    let (code, out, _) = run(&["actors"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn filters_as_flags_and_as_a_query_agree() {
    let (_, flags, _) = run(&["list", "--actor", "nrth", "--since", "2025"]);
    let (_, query, _) = run(&["list", "actor:nrth since:2025"]);
    assert_eq!(flags, query);
    assert_eq!(flags.lines().count(), 1, "{flags}");
    assert!(flags.contains("talks"));
}

#[test]
fn every_filter_flag_narrows() {
    let count = |args: &[&str]| run(args).1.lines().count();
    assert_eq!(count(&["list"]), 5);
    assert_eq!(count(&["list", "--tag", "chips"]), 1);
    assert_eq!(count(&["list", "--lane", "south"]), 4);
    assert_eq!(count(&["list", "--min-importance", "3"]), 1);
    assert_eq!(count(&["list", "--until", "2024-10"]), 3);
    assert_eq!(count(&["list", "--search", "review"]), 1);
    assert_eq!(count(&["list", "--actor", "acme", "--actor", "zenith"]), 2);
}

#[test]
fn bad_filter_input_is_a_usage_error() {
    for args in [
        &["list", "--since", "2025-02-30"][..],
        &["list", "acter:huawei"],
        &["summary", "since:May"],
        &["list", "--min-importance", "9"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        assert!(err.lines().count() <= 6, "{err}");
    }
}

#[test]
fn an_actor_that_matches_nothing_is_said_on_stderr() {
    let (code, out, err) = run(&["list", "--actor", "qqqq"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(err, "annals: no actor matches `qqqq`\n");
}

#[test]
fn a_tag_or_lane_matched_fuzzily_is_said_on_stderr() {
    let (code, out, err) = run(&["list", "tag:chps"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(err, "annals: no tag is named `chps`: showing tag `chips`\n");
    let (code, out, err) = run(&["list", "--lane", "sth"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 4, "{out}");
    assert_eq!(
        err,
        "annals: no lane is named `sth`: showing lane `South`\n"
    );
    // Named exactly (in any case), nothing is said.
    let (_, _, err) = run(&["list", "tag:CHIPS lane:south"]);
    assert_eq!(err, "");
}

#[test]
fn a_word_written_nowhere_is_matched_loosely_and_said_so_on_stderr() {
    let (code, out, err) = run(&["list", "--search", "rstrcts"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("chip-rule"), "{out}");
    assert_eq!(
        err,
        "annals: no event has `rstrcts`: showing titles that hold its letters in order, close together\n"
    );
    // Written in an event, the word matches only where it is written, and nothing is said.
    let (code, out, err) = run(&["list", "--search", "restricts"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn a_query_where_a_command_goes_gets_a_hint() {
    for query in ["huawei", "actor:huawei"] {
        let (code, out, err) = run(&[query]);
        assert_eq!((code, out.as_str()), (2, ""));
        assert!(
            err.starts_with(&format!(
                "annals: unknown command `{query}` (`annals --help` lists them)\n"
            )),
            "{err}"
        );
        assert!(err.contains(&format!("`annals list \"{query}\"`")), "{err}");
        assert!(
            !err.contains("actors"),
            "no command suggested for a query: {err}"
        );
        assert_eq!(err.lines().count(), 2, "{err}");
    }
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage"), "{out}");
}

#[test]
fn help_gives_the_years_the_built_in_log_spans() {
    // The curated log runs from 2022 to 2026 (tests never read it: the years are written here).
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("(the US–China AI competition, 2022–2026)"),
        "{out}"
    );
    assert!(!out.contains("the 2025 US–China"), "{out}");
}

#[test]
fn a_misspelt_command_gets_did_you_mean_and_no_query_paragraph() {
    for (typo, command) in [("sumary", "summary"), ("lsit", "list"), ("tag", "tags")] {
        let (code, out, err) = run(&[typo]);
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!("annals: unknown command `{typo}`; did you mean `{command}`?\n")
        );
    }
}

#[test]
fn tags_lists_each_tag_with_its_count_most_used_first() {
    let (code, out, err) = run(&["tags"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
}

#[test]
fn tags_and_actors_sanitise_what_the_log_says() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ugly.toml");
    std::fs::write(
        &log,
        "[timeline]\nlanes = [\"L\\u001b[2J\"]\n[actors.a]\nname = \"A\\u001b]0;pwned\\u0007\"\nlane = \"L\\u001b[2J\"\n[[events]]\nid = \"e\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [\"a\"]\ntags = [\"t\\u001b[31m\\u202e\"]\nsummary = \"s\"\nsources = [{ publisher = \"P\", title = \"Q\", url = \"https://x\" }]\n",
    )
    .unwrap();
    for command in ["tags", "actors"] {
        let (code, out, err) = run_raw(annals(&["-f", log.to_str().unwrap(), command]));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains('\u{FFFD}'), "{out}");
        assert!(!out.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{out:?}");
    }
}

#[test]
fn check_passes_a_good_log_and_fails_a_broken_one() {
    let (code, out, _) = run(&["check"]);
    assert_eq!(code, 0);
    assert!(out.contains("0 errors and 0 warnings"));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .replace("\"north-gov\", \"acme\"", "\"north-gov\", \"acmee\"");
    std::fs::write(&broken, text).unwrap();
    let path = broken.to_str().unwrap();
    let (code, out, _) = run_raw(annals(&["check", "-f", path]));
    assert_eq!(code, 1);
    assert!(out.contains("error: unknown actor `acmee`"), "{out}");
    assert!(out.contains("hint: did you mean `acme`?"), "{out}");
    assert!(out.contains(&format!("{path}:34:24")), "{out}");

    // Any other command refuses a broken log with the same diagnostics, and shows no events.
    let (code, out, err) = run_raw(annals(&["list", "-f", path]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("unknown actor `acmee`"), "{err}");
}

#[test]
fn check_fails_a_file_of_only_comments_as_it_fails_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let hint_of = |text: &str| {
        let path = dir.path().join("log.toml");
        std::fs::write(&path, text).unwrap();
        let (code, out, _) = run_raw(annals(&["check", "-f", path.to_str().unwrap()]));
        assert_eq!(code, 1, "{text:?}: {out}");
        assert!(out.contains("1 error and 0 warnings"), "{out}");
        assert!(!out.contains("checked"), "{out}");
        out.lines()
            .find(|l| l.contains("hint:"))
            .unwrap_or_default()
            .to_string()
    };
    let empty = hint_of("\n");
    assert!(empty.contains("[[events]]"), "{empty}");
    assert_eq!(hint_of("# my log, to be written\n\n# [[events]]\n"), empty);
}

#[test]
fn the_log_comes_from_stdin_the_environment_or_the_built_in_copy() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let (_, out, _) = run_piped(annals(&["-f", "-", "list"]), &text);
    assert_eq!(out.lines().count(), 5);

    let mut env = annals(&["list"]);
    env.env("ANNALS_FILE", FIXTURE);
    assert_eq!(run_raw(env).1.lines().count(), 5);

    let (code, out, _) = run_raw(annals(&["check"]));
    assert_eq!(code, 0, "the built-in log must pass check: {out}");
    assert!(
        out.contains("<built-in events.toml>: 0 errors and 0 warnings"),
        "{out}"
    );
}

#[test]
fn a_missing_file_or_a_directory_is_a_clear_error() {
    let (code, _, err) = run_raw(annals(&["list", "-f", "/nonexistent/log.toml"]));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("annals: cannot read `/nonexistent/log.toml`"),
        "{err}"
    );
    let (code, _, err) = run_raw(annals(&["list", "-f", "/tmp"]));
    assert_eq!(code, 1);
    assert!(err.contains("it is a directory"), "{err}");
}

#[test]
fn an_error_from_a_path_in_annals_file_says_it_came_from_there() {
    let mut env = annals(&["list"]);
    env.env("ANNALS_FILE", "/nonexistent/log.toml");
    let (code, _, err) = run_raw(env);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("annals: cannot read `/nonexistent/log.toml` (from $ANNALS_FILE): "),
        "{err}"
    );
    let mut env = annals(&["list"]);
    env.env("ANNALS_FILE", "/tmp");
    let (_, _, err) = run_raw(env);
    assert!(
        err.contains("`/tmp` (from $ANNALS_FILE): it is a directory"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[[events]]\nid = \"e\"\n").unwrap();
    let path = broken.to_str().unwrap();
    for command in ["list", "check"] {
        let mut env = annals(&[command]);
        env.env("ANNALS_FILE", path);
        let (code, out, err) = run_raw(env);
        assert_eq!(code, 1);
        assert!(
            format!("{out}{err}").contains(&format!("{path} (from $ANNALS_FILE): 2 errors")),
            "{out}{err}"
        );
    }
    // --file wins over the variable, and its errors say nothing of it.
    let mut both = annals(&["list", "-f", "/nonexistent/other.toml"]);
    both.env("ANNALS_FILE", FIXTURE);
    let (code, _, err) = run_raw(both);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "annals: cannot read `/nonexistent/other.toml`: No such file or directory (os error 2)\n"
    );
}

/// A log of `n` generated events, large enough that its output overflows a pipe.
fn many_events(n: usize) -> String {
    let mut text = String::from("[actors.a]\nname = \"A\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[events]]\nid = \"e{i}\"\ndate = \"2025-01-01\"\ntitle = \"Event number {i} with a longer title\"\nactors = [\"a\"]\nsummary = \"Something happened that day.\"\n"
        ));
    }
    text
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, many_events(3000)).unwrap();
    let mut child = annals(&["-f", big.to_str().unwrap(), "summary"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success() || status.code().is_none(), "{status:?}");
}

#[test]
fn the_summary_streamed_to_standard_output_is_the_summary_rendered_whole() {
    // Enough events for several parts written on several threads.
    let text = many_events(1500);
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, &text).unwrap();
    let (code, out, err) = run_raw(annals(&[
        "-f",
        big.to_str().unwrap(),
        "summary",
        "--width",
        "60",
    ]));
    assert_eq!(code, 0, "{err}");
    let timeline = annals::load::parse(&text).timeline.unwrap();
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    let whole = annals::render::summary(&timeline, &all, "", 60);
    assert!(out.contains("Event number 1499 with a longer title"));
    assert!(
        out == whole,
        "the streamed summary differs from the summary rendered whole"
    );
}

#[test]
fn the_explorer_without_a_terminal_is_a_usage_error() {
    let (code, _, err) = run(&["tui"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn output_has_no_escape_sequences() {
    let mut cmd = annals(&["-f", FIXTURE, "summary"]);
    cmd.env("NO_COLOR", "1");
    let (_, out, _) = run_raw(cmd);
    assert!(!out.contains('\u{1b}'));
}
