//! Editing a log through the built binary: `new`, `fmt` and `add`, and that nothing is ever
//! lost — a refused change leaves the file byte for byte (and its time) as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{annals, output};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml");

fn run(args: &[&str]) -> (i32, String, String) {
    output(&mut annals(args))
}

/// A copy of the small fixture in a new directory.
fn copy_of_small() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    fs::copy(SMALL, &path).unwrap();
    (dir, path)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The file's bytes and modification time, to prove a refused write touched nothing.
fn state(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        fs::read(path).unwrap(),
        fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn new_starts_a_log_that_check_passes_and_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    let (code, _, err) = run(&["new", s(&path)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("started a log"), "{err}");
    let (code, out, err) = run(&["-f", s(&path), "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors and 0 warnings"), "{out}");
    fs::write(&path, "mine\n").unwrap();
    let before = state(&path);
    let (code, _, err) = run(&["new", s(&path)]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(state(&path), before);
}

const MESSY: &str = "# header\n\n[[events]]\ntitle='Later'\ndate = \"2025-06\"\nid = \"later\"\nactors = [ \"a\" ]\nsummary = \"s\"\n[[events.sources]]\ntitle = \"T\"\npublisher = \"P\"\nurl = \"u\"\n\n[actors.a] # the one actor\nname = \"A\"\n\n[timeline]\ntitle = \"T\"\n";

#[test]
fn fmt_check_prints_a_diff_exits_1_and_writes_nothing_then_fmt_formats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    fs::write(&path, MESSY).unwrap();
    let before = state(&path);
    let (code, out, err) = run(&["-f", s(&path), "fmt", "--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("--- "), "{out}");
    assert!(out.contains("-title='Later'\n"), "{out}");
    assert!(out.contains("+title = \"Later\"\n"), "{out}");
    assert!(err.contains("1 file not formatted"), "{err}");
    assert_eq!(state(&path), before, "--check writes nothing");

    let (code, _, err) = run(&["fmt", s(&path)]);
    assert_eq!(code, 0, "{err}");
    let formatted = fs::read_to_string(&path).unwrap();
    assert!(
        formatted.starts_with("# header\n\n[timeline]\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains("[actors.a] # the one actor\n"),
        "{formatted}"
    );
    let (code, out, _) = run(&["-f", s(&path), "fmt", "--check"]);
    assert_eq!((code, out.as_str()), (0, ""), "formatted once is formatted");
}

#[test]
fn fmt_refuses_a_log_with_errors_with_the_loaders_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    fs::write(&path, MESSY.replace("2025-06", "2025-13")).unwrap();
    let before = state(&path);
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        let mut all = vec!["-f", s(&path)];
        all.extend_from_slice(args);
        let (code, out, err) = run(&all);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(out, "");
        assert!(err.contains("log.toml:5:8"), "{err}");
        assert!(err.contains("month 13"), "{err}");
    }
    assert_eq!(state(&path), before);
}

#[test]
fn fmt_needs_a_file_and_says_how_to_give_one() {
    let (code, _, err) = run(&["fmt"]);
    assert_eq!(code, 2);
    assert!(err.contains("-f PATH"), "{err}");
}

#[test]
fn add_from_flags_writes_the_event_in_date_order_and_prints_its_id() {
    let (_dir, path) = copy_of_small();
    let before = fs::read_to_string(&path).unwrap();
    let (code, out, err) = run(&[
        "-f",
        s(&path),
        "add",
        "--date",
        "2025-03-15",
        "--title",
        "Acme opens a fab",
        "--actor",
        "acme",
        "--tag",
        "chips",
        "--importance",
        "3",
        "--summary",
        "A new plant.",
        "--source-url",
        "https://example.com/fab",
        "--source-publisher",
        "Wire",
        "--source-title",
        "Acme's fab",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "acme-opens-a-fab\n");
    let after = fs::read_to_string(&path).unwrap();
    let removed: String = after.replacen(
        "\n[[events]]\nid = \"acme-opens-a-fab\"\ndate = \"2025-03-15\"\ntitle = \"Acme opens a fab\"\nactors = [\"acme\"]\ntags = [\"chips\"]\nimportance = 3\nsummary = \"\"\"\nA new plant.\n\"\"\"\n\n[[events.sources]]\npublisher = \"Wire\"\ntitle = \"Acme's fab\"\nurl = \"https://example.com/fab\"\n",
        "",
        1,
    );
    assert_eq!(removed, before, "only the event was added");
    let (code, out, _) = run(&["-f", s(&path), "list"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    let at = ids.iter().position(|i| *i == "acme-opens-a-fab").unwrap();
    assert!(out.lines().nth(at - 1).unwrap() <= out.lines().nth(at).unwrap());
}

#[test]
fn a_rejected_add_leaves_the_file_byte_identical_and_says_why() {
    let (_dir, path) = copy_of_small();
    let before = state(&path);
    for (flags, says) in [
        (&["--date", "2025-02-30", "--title", "X"][..], "2025-02-30"),
        (
            &["--date", "2025", "--title", "X", "--actor", "acmee"],
            "did you mean `acme`",
        ),
        (
            &["--date", "2025", "--title", "X", "--related", "nope"],
            "nope",
        ),
        (
            &["--date", "2025", "--title", "X", "--id", "Bad Id"],
            "kebab-case",
        ),
    ] {
        let mut args = vec!["-f", s(&path), "add"];
        args.extend_from_slice(flags);
        let (code, out, err) = run(&args);
        assert_eq!((code, out.as_str()), (1, ""), "{flags:?}: {err}");
        assert!(err.contains(says), "{flags:?}: {err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(state(&path), before, "{flags:?}");
    }
}

#[test]
fn add_without_a_terminal_names_the_missing_flags() {
    let (_dir, path) = copy_of_small();
    let before = state(&path);
    let (code, _, err) = run(&["-f", s(&path), "add", "--actor", "acme"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs --date and --title"), "{err}");
    let (code, _, err) = run(&["-f", s(&path), "add", "--date", "2025"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs --title;"), "{err}");
    assert_eq!(state(&path), before);
}

#[test]
fn add_into_a_file_outside_the_log_is_refused_even_through_a_symbolic_link() {
    let (dir, path) = copy_of_small();
    let outside = dir.path().join("other.toml");
    fs::write(&outside, "# not the log\n").unwrap();
    let (before, other) = (state(&path), state(&outside));
    let flags = ["--date", "2025", "--title", "Elsewhere"];
    let mut args = vec!["-f", s(&path), "add", "--into", s(&outside)];
    args.extend_from_slice(&flags);
    let (code, _, err) = run(&args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not one of the log's files"), "{err}");
    #[cfg(unix)]
    {
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let mut args = vec!["-f", s(&path), "add", "--into", s(&link)];
        args.extend_from_slice(&flags);
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("symbolic link to"), "{err}");
    }
    assert_eq!((state(&path), state(&outside)), (before, other));
    let mut args = vec!["-f", s(&path), "add", "--into", s(&path)];
    args.extend_from_slice(&flags);
    assert_eq!(run(&args).0, 0, "--into the log itself is fine");
}

#[test]
fn add_dry_run_prints_the_event_and_writes_nothing() {
    let (_dir, path) = copy_of_small();
    let before = state(&path);
    let (code, out, err) = run(&[
        "-f",
        s(&path),
        "add",
        "--dry-run",
        "--date",
        "2025-04",
        "--title",
        "Maybe",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("[[events]]\nid = \"maybe\"\ndate = \"2025-04\""),
        "{out}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(state(&path), before);
}

#[cfg(unix)]
#[test]
fn add_and_fmt_keep_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = copy_of_small();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, err) = run(&["-f", s(&path), "add", "--date", "2025", "--title", "Kept"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["-f", s(&path), "fmt", "--sort"]);
    assert_eq!(code, 0, "{err}");
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

/// Another process edits the log between the moment `add` read it and the moment it would
/// write: the write is refused, not merged, and the file holds exactly the other edit.
#[test]
fn an_add_racing_an_edit_in_another_process_is_refused() {
    use annals::edit::command::{self, EditError};
    let (_dir, path) = copy_of_small();
    let original = fs::read_to_string(&path).unwrap();
    let args = annals::cli::AddArgs {
        date: Some("2025".to_string()),
        ..Default::default()
    };
    let target = path.clone();
    let racer = move |_: &annals::model::Timeline, args: &annals::cli::AddArgs| {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg("printf '# edited elsewhere\\n' >> \"$1\"")
            .arg("sh")
            .arg(&target)
            .status()
            .unwrap();
        assert!(status.success());
        let mut filled = args.clone();
        filled.title = Some("Raced".to_string());
        Ok(filled)
    };
    let origin = annals::load::Origin::File(path.clone());
    let mut out = Vec::new();
    let err = command::add(&args, &origin, Some(&racer), &mut out).unwrap_err();
    let EditError::Fatal(message) = err else {
        panic!("a refusal expected, got {err:?}")
    };
    assert!(
        message.contains("changed on disk since annals read it"),
        "{message}"
    );
    assert!(message.contains("run annals again"), "{message}");
    assert!(out.is_empty());
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format!("{original}# edited elsewhere\n")
    );
}

#[test]
fn fmt_keeps_every_fixture_the_same_timeline_and_is_idempotent() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut seen = 0;
    let paths = ["tests/fixtures", "fuzz/seeds/load"]
        .iter()
        .flat_map(|dir| fs::read_dir(Path::new(root).join(dir)).unwrap())
        .map(|entry| entry.unwrap().path());
    for path in paths {
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let before = annals::load::parse(&text).timeline;
        for sort in [false, true] {
            match annals::edit::fmt::format(&text, sort) {
                Ok(once) => {
                    let after = annals::load::parse(&once).timeline.unwrap();
                    let before = before.as_ref().unwrap();
                    assert_eq!(
                        annals::edit::same::difference(before, &after, !sort),
                        None,
                        "{path:?}"
                    );
                    // format proves idempotence itself; once more on the formatted text, it
                    // changes nothing.
                    assert_eq!(
                        annals::edit::fmt::format_document(once.parse().unwrap(), sort),
                        once
                    );
                }
                Err(annals::edit::fmt::Refusal::Invalid(_)) => assert!(before.is_none()),
                Err(annals::edit::fmt::Refusal::Bug(what)) => panic!("{path:?}: {what}"),
            }
        }
        seen += 1;
    }
    assert!(seen >= 9, "the fixtures and the fuzzer's seeds were found");
}

#[test]
fn new_fmt_and_add_are_in_the_help_and_the_completions() {
    let (_, help, _) = run(&["--help"]);
    for command in ["new", "fmt", "add"] {
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(command)),
            "{command}: {help}"
        );
    }
    let (code, bash, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        bash.contains("annals") && bash.contains("COMPLETE"),
        "{bash}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["man", s(dir.path())]);
    assert_eq!(code, 0, "{err}");
    for page in ["annals-new.1", "annals-fmt.1", "annals-add.1"] {
        assert!(dir.path().join(page).exists(), "{page}");
    }
}

#[test]
fn what_fmt_and_add_print_from_a_log_carries_no_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    let hostile = "[timeline]\ntitle='Turn \u{202e} here'\n\n[actors.a]\nname = \"A\\u001b[2JB\"\n";
    fs::write(&path, hostile).unwrap();
    let (code, out, err) = run(&["-f", s(&path), "fmt", "--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("title = "), "{out}");
    let (code, dry, err) = run(&[
        "-f",
        s(&path),
        "add",
        "--dry-run",
        "--date",
        "2025",
        "--title",
        "Bell \u{7} \u{1b}]0;x \u{202e}",
        "--actor",
        "a",
    ]);
    assert_eq!(code, 0, "{err}");
    for text in [&out, &err, &dry] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(!text.contains('\u{202e}'), "{text:?}");
    }
}

/// A team's log in three files: the main file with the actors, and one file a year.
fn team_log() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.toml");
    fs::create_dir(dir.path().join("events")).unwrap();
    fs::write(
        &main,
        "[timeline]\ntitle = \"Team\"\ninclude = [\"events/*.toml\"]\n\n[actors.a]\nname = \"A\"\n",
    )
    .unwrap();
    for year in [2024, 2025] {
        fs::write(
            dir.path().join(format!("events/{year}.toml")),
            format!(
                "# {year}\n[[events]]\nid = \"e-{year}\"\ndate = \"{year}-01\"\ntitle = 'In {year}'\nactors = [ \"a\" ]\n"
            ),
        )
        .unwrap();
    }
    (dir, main)
}

#[test]
fn add_writes_into_the_file_of_the_nearest_earlier_event_else_the_main_file() {
    let (dir, main) = team_log();
    let file = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();
    for (date, id, into) in [
        ("2025-06", "later", "events/2025.toml"),
        ("2024-03", "between", "events/2024.toml"),
        ("2020", "earliest", "main.toml"),
    ] {
        let (code, out, err) = run(&[
            "-f",
            s(&main),
            "add",
            "--date",
            date,
            "--title",
            id,
            "--actor",
            "a",
        ]);
        assert_eq!((code, out.trim()), (0, id), "{err}");
        assert!(err.contains(into), "{err}");
        assert!(
            file(into).contains(&format!("id = \"{id}\"")),
            "{id} in {into}"
        );
    }
    let (code, out, _) = run(&["-f", s(&main), "list"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 5);
}

#[test]
fn add_into_names_a_file_of_the_log_and_nothing_outside_it() {
    let (dir, main) = team_log();
    let y2024 = dir.path().join("events/2024.toml");
    let flags = [
        "--date",
        "2025-09",
        "--title",
        "Filed early",
        "--actor",
        "a",
    ];
    let mut args = vec!["-f", s(&main), "add", "--into", s(&y2024)];
    args.extend_from_slice(&flags);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(fs::read_to_string(&y2024).unwrap().contains("Filed early"));
    let outside = dir.path().join("notes.toml");
    fs::write(&outside, "# not in the log\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.path().join("events/link.txt")).unwrap();
    let before = state(&outside);
    for into in [outside.clone(), dir.path().join("events/link.txt")] {
        let mut args = vec!["-f", s(&main), "add", "--into", s(&into)];
        args.extend_from_slice(&flags);
        let (code, _, err) = run(&args);
        if !into.exists() {
            continue;
        }
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("is not one of the log's files"), "{err}");
        assert!(
            err.contains("events/2025.toml"),
            "the log's files are named: {err}"
        );
    }
    assert_eq!(state(&outside), before);
}

#[test]
fn add_is_checked_against_every_file_of_the_log() {
    let (dir, main) = team_log();
    let files: Vec<PathBuf> = ["main.toml", "events/2024.toml", "events/2025.toml"]
        .iter()
        .map(|f| dir.path().join(f))
        .collect();
    let before: Vec<_> = files.iter().map(|f| state(f)).collect();
    let (code, _, err) = run(&[
        "-f",
        s(&main),
        "add",
        "--date",
        "2025-06",
        "--title",
        "Again",
        "--id",
        "e-2024",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("e-2024"), "{err}");
    assert!(err.contains("2024.toml"), "the first use is named: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    let after: Vec<_> = files.iter().map(|f| state(f)).collect();
    assert_eq!(after, before);
}

#[test]
fn fmt_formats_every_file_of_the_log_and_a_file_of_it_by_name() {
    let (dir, main) = team_log();
    let (code, out, err) = run(&["-f", s(&main), "fmt", "--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("2024.toml") && out.contains("2025.toml"),
        "{out}"
    );
    assert!(err.contains("2 files not formatted"), "{err}");
    let y2025 = dir.path().join("events/2025.toml");
    let (code, _, err) = run(&["-f", s(&main), "fmt", s(&y2025)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        fs::read_to_string(&y2025)
            .unwrap()
            .contains("title = \"In 2025\"")
    );
    let (code, _, err) = run(&["-f", s(&main), "fmt"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2024.toml"), "{err}");
    let (code, out, _) = run(&["-f", s(&main), "fmt", "--check"]);
    assert_eq!((code, out.as_str()), (0, ""));
}
