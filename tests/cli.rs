//! The command line, through the built binary: outputs (golden), exit codes, where the log
//! comes from, and behaviour with pipes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml");

fn annals(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_annals"));
    cmd.args(args)
        .env_remove("ANNALS_FILE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

/// Runs annals on the fixture; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-f", FIXTURE];
    all.extend_from_slice(args);
    run_raw(annals(&all))
}

fn run_raw(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().expect("annals runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn summary_is_grouped_by_month_and_wrapped() {
    let (code, out, err) = run(&["summary", "--width", "60"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
    assert!(out.lines().all(|l| annals::text::width(l) <= 60), "{out}");
}

#[test]
fn summary_narrow_width_stays_within_it() {
    let (code, out, _) = run(&["summary", "--width", "24"]);
    assert_eq!(code, 0);
    for line in out.lines() {
        assert!(annals::text::width(line) <= 24, "{line:?}");
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
    let (code, out, err) = run(&["huawei"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("unrecognized subcommand 'huawei'"), "{err}");
    assert!(err.contains("`annals summary \"huawei\"`"), "{err}");
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage"), "{out}");
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
fn the_log_comes_from_stdin_the_environment_or_the_built_in_copy() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let mut child = annals(&["-f", "-", "list"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);

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
