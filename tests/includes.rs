//! A log in several files: `[timeline] include` and `-f` given several times, through the
//! library (what was read, where each event and diagnostic is) and the binary (what a
//! person sees).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use annals::load::{self, Origin};
use common::{annals, output};

const MAIN: &str = "[timeline]\ntitle = \"Team\"\nlanes = [\"US\", \"China\"]\ninclude = [\"events/*.toml\", \"2026/**/*.toml\"]\n\n[actors.commerce]\nname = \"Commerce\"\nlane = \"US\"\n";

fn event(id: &str, date: &str, actors: &str, extra: &str) -> String {
    format!(
        "[[events]]\nid = \"{id}\"\ndate = \"{date}\"\ntitle = \"Title {id}\"\nactors = [{actors}]\nsummary = \"s\"\n{extra}[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://example.com\"\n\n"
    )
}

/// A team's log: the main file, one file per year under `events/`, and a deeper folder.
fn team_log() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("events")).unwrap();
    fs::create_dir_all(root.join("2026/q1")).unwrap();
    fs::write(root.join("main.toml"), MAIN).unwrap();
    fs::write(
        root.join("events/2025.toml"),
        format!(
            "[actors.huawei]\nname = \"Huawei\"\nlane = \"China\"\n\n{}",
            event(
                "ascend",
                "2025-05-13",
                "\"commerce\", \"huawei\"",
                "related = [\"later\"]\n"
            )
        ),
    )
    .unwrap();
    fs::write(
        root.join("events/2024.toml"),
        event("early", "2024-03", "\"commerce\"", ""),
    )
    .unwrap();
    fs::write(
        root.join("2026/q1/jan.toml"),
        event("later", "2026-01-02", "\"huawei\"", ""),
    )
    .unwrap();
    dir
}

fn main_of(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("main.toml")
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    output(annals(args).current_dir(dir))
}

#[test]
fn a_log_split_over_files_loads_as_one_with_ids_resolved_across_files() {
    let dir = team_log();
    let report = load::load(&Origin::File(main_of(&dir))).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let t = report.timeline.expect("loads");
    let ids: Vec<&str> = t.events.iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["early", "ascend", "later"]);
    let ascend = t.find("ascend").unwrap();
    let later = t.find("later").unwrap();
    assert_eq!(t.events[ascend].related().to_vec(), [later]);
    assert_eq!(t.linked_from(later).to_vec(), [ascend]);
    // Loading order: the main file, then each pattern's matches sorted.
    let names: Vec<PathBuf> = t
        .files
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().to_path_buf())
        .collect();
    assert_eq!(
        names,
        [
            "main.toml",
            "events/2024.toml",
            "events/2025.toml",
            "2026/q1/jan.toml"
        ]
        .map(PathBuf::from)
    );
    let (file, line) = t.place(later);
    assert_eq!(file, Some(dir.path().join("2026/q1/jan.toml").as_path()));
    assert_eq!(line, 1);
    assert_eq!(
        t.place(ascend),
        (Some(dir.path().join("events/2025.toml").as_path()), 5)
    );
}

#[test]
fn a_successful_load_lists_every_file_and_pattern_read() {
    let dir = team_log();
    let (_, inputs) = load::open_with_inputs(&Origin::File(main_of(&dir))).unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    let abs = |p: &Path| fs::canonicalize(p).unwrap();
    let files: Vec<PathBuf> = inputs.files.iter().map(|p| abs(p)).collect();
    assert_eq!(files[0], root.join("main.toml"));
    assert_eq!(files.len(), 4);
    assert_eq!(inputs.globs.len(), 2);
    assert!(inputs.globs[0].pattern.ends_with("/events/*.toml"));
    assert!(Path::new(&inputs.globs[0].pattern).is_absolute());
    let matched: Vec<PathBuf> = inputs.globs[0].matched.iter().map(|p| abs(p)).collect();
    assert_eq!(
        matched,
        [root.join("events/2024.toml"), root.join("events/2025.toml")]
    );
    // Re-checking a pattern finds the same files until one comes or goes.
    for glob in &inputs.globs {
        assert_eq!(glob.now(), glob.matched);
    }
    fs::write(dir.path().join("events/2027.toml"), "").unwrap();
    assert_ne!(inputs.globs[0].now(), inputs.globs[0].matched);
    assert_eq!(inputs.globs[1].now(), inputs.globs[1].matched);
}

#[test]
fn every_command_works_across_the_files() {
    let dir = team_log();
    let (code, out, err) = run(dir.path(), &["-f", "main.toml", "list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2024-03     early   Title early\n2025-05-13  ascend  Title ascend\n2026-01-02  later   Title later\n"
    );
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "show", "later"]);
    assert_eq!(code, 0);
    assert!(out.contains("Written     2026/q1/jan.toml:1\n"), "{out}");
    assert!(out.contains("ascend — Title ascend"), "{out}");
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "list", "actor:huawei"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("main.toml (4 files): 3 events, 2 actors and 0 tags checked"),
        "{out}"
    );
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "actors"]);
    assert_eq!(code, 0);
    assert!(out.contains("Huawei") && out.contains("Commerce"), "{out}");
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "summary", "--width", "80"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Title early") && out.contains("Title later"),
        "{out}"
    );
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "export", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["events"].as_array().map(Vec::len), Some(3));
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check", "--all"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn file_given_several_times_reads_the_later_files_as_included() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("a.toml"),
        "[timeline]\ntitle = \"A\"\n[actors.x]\nname = \"X\"\n",
    )
    .unwrap();
    fs::write(root.join("b.toml"), event("b-one", "2025", "\"x\"", "")).unwrap();
    let (code, out, err) = run(root, &["-f", "a.toml", "-f", "b.toml", "list"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "2025        b-one  Title b-one\n"),
        "{err}"
    );
    // Before the command and after it: every file is read.
    let (code, out, err) = run(root, &["-f", "a.toml", "list", "-f", "b.toml"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "2025        b-one  Title b-one\n"),
        "{err}"
    );
    // A file reached twice is read once.
    let (code, _, err) = run(
        root,
        &["-f", "a.toml", "-f", "b.toml", "-f", "./b.toml", "list"],
    );
    assert_eq!(code, 0, "{err}");
    // Only the first file has a [timeline].
    let (code, _, err) = run(root, &["-f", "b.toml", "-f", "a.toml", "check"]);
    assert_eq!(code, 1);
    assert!(
        err.is_empty(),
        "check prints its report on standard output: {err}"
    );
    let (_, out, _) = run(root, &["-f", "b.toml", "-f", "a.toml", "check"]);
    assert!(
        out.contains("error: [timeline] belongs in the log's first file only\n --> a.toml:1:2"),
        "{out}"
    );
    let (code, _, err) = run(root, &["-f", "a.toml", "-f", "-", "list"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`-f -` (standard input) is a whole log"),
        "{err}"
    );
    let (code, _, err) = run(root, &["-f", "a.toml", "-f", "missing.toml", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read `missing.toml`"), "{err}");
}

#[test]
fn a_duplicate_id_across_files_names_both_places_each_with_its_line() {
    let dir = team_log();
    fs::write(
        dir.path().join("events/2025b.toml"),
        format!(
            "# a second copy\n{}",
            event("ascend", "2025-06", "\"commerce\"", "")
        ),
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert_eq!(code, 1);
    let want = "error: duplicate id `ascend`\n --> events/2025b.toml:3:6\n  |\n3 | id = \"ascend\"\n  |      ^^^^^^^^\n  = hint: ids must be unique across the log's files\nnote: first used here\n --> events/2025.toml:6:6\n  |\n6 | id = \"ascend\"\n  |      ^^^^^^^^\n";
    assert!(out.contains(want), "{out}");
    // So is an actor declared in two files.
    fs::write(
        dir.path().join("2026/actors.toml"),
        "[actors.commerce]\nname = \"Again\"\n",
    )
    .unwrap();
    let (_, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert!(
        out.contains("error: duplicate actor id `commerce`\n --> 2026/actors.toml:1:9"),
        "{out}"
    );
    assert!(
        out.contains("note: first declared here\n --> main.toml:6:9"),
        "{out}"
    );
}

#[test]
fn problems_with_includes_are_errors_at_the_pattern() {
    let dir = team_log();
    let main = MAIN.replace(
        "include = [\"events/*.toml\", \"2026/**/*.toml\"]",
        "include = [\"events/*.toml\", \"nothing/*.toml\", \"*.toml\", \"dirs/*\"]",
    );
    fs::write(main_of(&dir), &main).unwrap();
    fs::create_dir_all(dir.path().join("dirs/sub.toml")).unwrap();
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert_eq!(code, 1, "{out}");
    let col = |pattern: &str| main.lines().nth(3).unwrap().find(pattern).unwrap();
    let nothing = format!(
        "error: `nothing/*.toml` matches no file\n --> main.toml:4:{}\n",
        col("\"nothing") + 1
    );
    assert!(out.contains(&nothing), "{out}");
    let cycle = format!(
        "error: include cycle: main.toml → `*.toml` → main.toml\n --> main.toml:4:{}\n",
        col("\"*.toml") + 1
    );
    assert!(out.contains(&cycle), "{out}");
    assert!(
        out.contains("error: cannot read `dirs/sub.toml`: it is a directory"),
        "{out}"
    );
    // In file order, then by position: the three errors of main.toml come in the order
    // their patterns are written.
    let at = |s: &str| out.find(s).unwrap();
    assert!(at("matches no file") < at("include cycle") && at("include cycle") < at("dirs/sub"));
}

#[test]
fn an_included_file_with_a_timeline_table_is_an_error_at_it() {
    let dir = team_log();
    let path = dir.path().join("events/2024.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("[timeline]\ntitle = \"again\"\n");
    fs::write(&path, &text).unwrap();
    let line = text.lines().count() - 1;
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "error: [timeline] belongs in the log's first file only\n  --> events/2024.toml:{line}:2"
        )),
        "{out}"
    );
}

#[test]
fn diagnostics_name_their_file_and_come_in_loading_order() {
    let dir = team_log();
    let root = dir.path();
    fs::write(
        root.join("2026/q1/jan.toml"),
        event("later", "2026-13", "\"huawie\"", ""),
    )
    .unwrap();
    fs::write(
        root.join("events/2024.toml"),
        event("early", "2024-03", "\"comerce\"", ""),
    )
    .unwrap();
    let (code, out, _) = run(root, &["-f", "main.toml", "check"]);
    assert_eq!(code, 1);
    let early = out.find("--> events/2024.toml:5:11").expect(&out);
    let late_date = out.find("--> 2026/q1/jan.toml:3:8").expect(&out);
    assert!(early < late_date, "{out}");
    assert!(out.contains("did you mean `commerce`?"), "{out}");
    // The one line the explorer shows names the file too.
    let e = load::open(&Origin::File(main_of(&dir))).unwrap_err();
    assert!(
        e.one_line().starts_with(&format!(
            "{}:5:11: unknown actor `comerce`",
            root.join("events/2024.toml").display()
        )),
        "{}",
        e.one_line()
    );
    let (path, line, col) = e.first_error_place().unwrap();
    assert_eq!((path, line, col), (root.join("events/2024.toml"), 5, 11));
}

#[test]
fn an_empty_included_file_is_a_file_still_to_write_but_bad_bytes_are_an_error() {
    let dir = team_log();
    fs::write(dir.path().join("events/2027.toml"), "# to come\n").unwrap();
    let report = load::load(&Origin::File(main_of(&dir))).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    fs::write(dir.path().join("events/2027.toml"), b"title = \"\xff\"\n").unwrap();
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: the file is not valid UTF-8 text\n --> events/2027.toml:1:10"),
        "{out}"
    );
}

#[test]
fn hidden_files_such_as_editor_locks_are_not_matched() {
    let dir = team_log();
    std::os::unix::fs::symlink("nowhere", dir.path().join("events/.#2025.toml")).unwrap();
    let (code, _, err) = run(dir.path(), &["-f", "main.toml", "list"]);
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------- live reload

use annals::tui::watch::{Message, Watcher};

fn titles(m: Option<Message>) -> Vec<String> {
    match m {
        Some(Message::Ready(t, _)) => t.events.iter().map(|e| e.title().to_string()).collect(),
        Some(Message::Problem(p)) => panic!("expected a log, got: {p}"),
        Some(Message::Failed(f)) => panic!("expected a log, got: {}", f.render()),
        None => panic!("expected a log, saw no change"),
    }
}

fn watcher(dir: &tempfile::TempDir) -> Watcher {
    let mut w = Watcher::new(Origin::File(main_of(dir)));
    assert!(matches!(w.load(), Message::Ready(..)));
    assert!(w.watches_a_file());
    assert!(w.check().is_none(), "nothing changed yet");
    w
}

#[test]
fn saving_an_included_file_reloads_the_log() {
    let dir = team_log();
    let mut w = watcher(&dir);
    let path = dir.path().join("events/2024.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("Title early", "Renamed early")).unwrap();
    assert_eq!(
        titles(w.check()),
        ["Renamed early", "Title ascend", "Title later"]
    );
    assert!(w.check().is_none());
}

#[test]
fn a_new_file_matching_a_pattern_is_picked_up_and_a_removed_one_dropped() {
    let dir = team_log();
    let mut w = watcher(&dir);
    fs::create_dir_all(dir.path().join("2026/q2")).unwrap();
    fs::write(
        dir.path().join("2026/q2/may.toml"),
        event("may", "2026-05", "\"commerce\"", ""),
    )
    .unwrap();
    assert_eq!(
        titles(w.check()),
        ["Title early", "Title ascend", "Title later", "Title may"]
    );
    // The new file is watched too.
    fs::write(
        dir.path().join("2026/q2/may.toml"),
        event("may", "2026-05", "\"commerce\"", "").replace("Title may", "May, edited"),
    )
    .unwrap();
    assert_eq!(titles(w.check()).last().unwrap(), "May, edited");
    fs::remove_file(dir.path().join("events/2024.toml")).unwrap();
    assert_eq!(
        titles(w.check()),
        ["Title ascend", "Title later", "May, edited"]
    );
}

#[test]
fn a_broken_included_file_is_reported_with_its_place_and_watched_until_fixed() {
    let dir = team_log();
    let mut w = watcher(&dir);
    let path = dir.path().join("2026/q1/jan.toml");
    let good = fs::read_to_string(&path).unwrap();
    fs::write(&path, good.replace("\"huawei\"", "\"huawie\"")).unwrap();
    let problem = match w.check() {
        Some(Message::Problem(p)) => p,
        _ => panic!("expected a problem"),
    };
    let name = path.display().to_string();
    assert!(
        problem
            .to_string()
            .starts_with(&format!("{name}:5:11: unknown actor `huawie`")),
        "{problem}"
    );
    assert_eq!(problem.place(), Some((path.clone(), 5, 11)));
    fs::write(&path, &good).unwrap();
    assert_eq!(titles(w.check()).len(), 3);
}

// ---------------------------------------------------------------- `e` in the explorer

use annals::filter::Filter;
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::editor::Place;
use annals::tui::views::ViewState;

#[test]
fn e_asks_for_the_editor_at_the_selected_events_file_and_line() {
    let dir = team_log();
    let t = load::open(&Origin::File(main_of(&dir))).unwrap();
    let mut app = App::new(t, "main.toml".into(), Filter::default());
    let view = ViewState::default();
    app.update(Action::Down, &view);
    app.update(Action::Edit, &view);
    assert_eq!(
        app.take_edit(),
        Some(Place {
            path: dir.path().join("events/2025.toml"),
            line: 5,
            column: None
        })
    );
    assert_eq!(app.take_edit(), None, "asked once");
}

#[test]
fn e_in_the_reload_error_state_opens_the_error_line_and_column() {
    let dir = team_log();
    let t = load::open(&Origin::File(main_of(&dir))).unwrap();
    let mut app = App::new(t, "main.toml".into(), Filter::default());
    let broken = dir.path().join("2026/q1/jan.toml");
    app.reload_failed_at("broken".into(), Some((broken.clone(), 3, 8)));
    app.update(Action::Edit, &ViewState::default());
    let want = Place {
        path: broken,
        line: 3,
        column: Some(8),
    };
    assert_eq!(app.take_edit(), Some(want));
    // Once the log loads again, `e` is back at the event.
    let t = load::open(&Origin::File(main_of(&dir))).unwrap();
    let index = annals::filter::TextIndex::new(&t);
    app.reloaded(std::sync::Arc::new(t), std::sync::Arc::new(index));
    app.update(Action::Edit, &ViewState::default());
    assert_eq!(app.take_edit().map(|p| p.column), Some(None));
}

#[test]
fn e_on_a_log_that_is_not_a_file_says_why_instead() {
    let t = load::parse(&event("one", "2025", "", "")).timeline.unwrap();
    let mut app = App::new(t, "<stdin>".into(), Filter::default());
    app.update(Action::Edit, &ViewState::default());
    assert_eq!(app.take_edit(), None);
    assert_eq!(
        app.status().notice(),
        Some("<stdin> is not a file annals can open in an editor; give a log file with -f")
    );
}

#[test]
fn a_log_from_standard_input_includes_from_the_current_folder_and_has_no_file_to_show() {
    let dir = team_log();
    let mut cmd = annals(&["-f", "-", "show", "later"]);
    cmd.current_dir(dir.path())
        .stdin(std::process::Stdio::piped());
    let mut child = cmd.stdout(std::process::Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), MAIN.as_bytes()).unwrap();
    let (code, out, err) = common::streams(child.wait_with_output().unwrap());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Written     2026/q1/jan.toml:1"), "{out}");
    let mut cmd = annals(&["-f", "-", "show", "early"]);
    cmd.current_dir(dir.path())
        .stdin(std::process::Stdio::piped());
    let mut child = cmd.stdout(std::process::Stdio::piped()).spawn().unwrap();
    let main_only = format!("{MAIN}{}", event("early", "2024", "\"commerce\"", ""))
        .replace("include = [\"events/*.toml\", \"2026/**/*.toml\"]\n", "");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), main_only.as_bytes()).unwrap();
    let (code, out, err) = common::streams(child.wait_with_output().unwrap());
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Written"), "{out}");
}

/// `e` in a real pseudo-terminal (through `script`): the explorer gives the screen back, runs
/// `$EDITOR` (a script that records its arguments and edits the file), takes the screen
/// again, and shows the edited event once the watcher reloads it. Skipped where there is no
/// `script`.
#[cfg(unix)]
#[test]
fn e_runs_the_editor_on_the_terminal_and_the_edit_is_shown_after() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    use std::time::{Duration, Instant};
    let have_script = Command::new("sh")
        .args(["-c", "command -v script"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_script {
        eprintln!("skipped: no `script` here");
        return;
    }
    let dir = team_log();
    let editor = dir.path().join("my-editor");
    let argv = dir.path().join("argv.txt");
    fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nsed -i 's/Title /Xyzzy /' \"$2\"\n",
            argv.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let command = format!(
        "stty rows 30 cols 100; {} -f {} tui",
        env!("CARGO_BIN_EXE_annals"),
        main_of(&dir).display()
    );
    /// Ends `script` (and so the explorer, its terminal gone) however the test ends.
    struct Ends(std::process::Child);
    impl Drop for Ends {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut script = Ends(
        common::script(&command)
            .env("XDG_STATE_HOME", dir.path())
            .env("EDITOR", &editor)
            .env_remove("VISUAL")
            .spawn()
            .unwrap(),
    );
    let (reader, rx) = common::read_as_it_comes(script.0.stdout.take().unwrap());
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx
                .recv_timeout(left)
                .map(|out| String::from_utf8_lossy(&out).into_owned())
            {
                Ok(out) if out.contains(text) => return Some(out),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    };
    let first = wait_for("Title early").expect("the explorer draws in `script`");
    assert!(
        first.contains("\u{1b}[?1049h"),
        "the explorer took the screen"
    );
    let mut keys = script.0.stdin.take().unwrap();
    keys.write_all(b"e").unwrap();
    keys.flush().unwrap();
    // Every letter of the new title differs from the old, so a redraw writes it whole.
    let after = wait_for("Xyzzy").expect("the edited event is shown after the editor");
    // The explorer opens on the first event: `early`, line 1 of its file.
    let recorded = fs::read_to_string(&argv).unwrap();
    let file = dir.path().join("events/2024.toml");
    assert_eq!(recorded, format!("+1\n{}\n", file.display()));
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("title = \"Xyzzy early\"")
    );
    // The screen was given back for the editor, then taken again.
    let tail = &after[first.len()..];
    let left = tail
        .find("\u{1b}[?1049l")
        .expect("left the alternate screen");
    let back = tail[left..]
        .find("\u{1b}[?1049h")
        .expect("took the screen back");
    assert!(left < left + back);
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();
    let status = script.0.wait().unwrap();
    reader.join().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn eras_views_and_lanes_reach_across_files() {
    let dir = team_log();
    fs::write(
        dir.path().join("events/eras.toml"),
        "[[eras]]\ntitle = \"Truce\"\ndate = \"2025-05\"\nend = \"2025-08\"\nlane = \"China\"\n[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"u\"\n\n[views.china]\nquery = \"lane:China\"\n",
    )
    .unwrap();
    let t = load::open(&Origin::File(main_of(&dir))).unwrap();
    assert_eq!(t.eras.len(), 1);
    assert_eq!(t.eras[0].lane.map(|l| t.lanes[l].as_str()), Some("China"));
    assert_eq!(t.views.len(), 1);
    let (code, out, err) = run(dir.path(), &["-f", "main.toml", "list", "@china"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    // A lane the main file does not list is an error in the file that names it; a view
    // declared twice points at both.
    fs::write(
        dir.path().join("events/more.toml"),
        "[actors.eu]\nname = \"EU\"\nlane = \"Europe\"\n\n[views.china]\nquery = \"tag:x\"\n",
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["-f", "main.toml", "check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: lane `Europe` is not in `timeline.lanes`\n --> events/more.toml:3:8"),
        "{out}"
    );
    assert!(
        out.contains("error: duplicate view `china`\n --> events/more.toml:5:8"),
        "{out}"
    );
    assert!(
        out.contains("note: first declared here\n  --> events/eras.toml:11:8"),
        "{out}"
    );
}

#[test]
fn an_export_never_replaces_an_included_file() {
    let dir = team_log();
    let before = fs::read(dir.path().join("events/2025.toml")).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &[
            "-f",
            "main.toml",
            "export",
            "json",
            "-o",
            "events/2025.toml",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("is the log being exported (one of its files)"),
        "{err}"
    );
    assert_eq!(
        fs::read(dir.path().join("events/2025.toml")).unwrap(),
        before
    );
}

#[test]
fn a_pattern_that_reaches_its_own_file_through_a_link_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("d")).unwrap();
    std::os::unix::fs::symlink("..", root.join("d/up")).unwrap();
    fs::write(
        root.join("main.toml"),
        "[timeline]\ntitle = \"t\"\ninclude = [\"d/**/*.toml\"]\n",
    )
    .unwrap();
    fs::write(root.join("d/x.toml"), event("x", "2025", "", "")).unwrap();
    let report = load::load(&Origin::File(root.join("main.toml"))).unwrap();
    let errors: Vec<&str> = report.errors().map(|d| d.message.as_str()).collect();
    assert_eq!(
        errors,
        ["include cycle: {} → `d/**/*.toml` → {}"
            .replace("{}", &root.join("main.toml").display().to_string())]
    );
    // d/x.toml, reached through the link as well, is read once.
    assert_eq!(report.more.len(), 1);
}

#[test]
fn with_several_files_given_each_is_watched() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    fs::write(&a, "[timeline]\ntitle = \"A\"\n[actors.x]\nname = \"X\"\n").unwrap();
    fs::write(&b, event("one", "2025", "\"x\"", "")).unwrap();
    let mut w = Watcher::new(Origin::Files(vec![a.clone(), b.clone()]));
    assert!(matches!(w.load(), Message::Ready(..)));
    assert!(w.check().is_none());
    fs::write(
        &b,
        event("one", "2025", "\"x\"", "").replace("Title one", "Changed"),
    )
    .unwrap();
    assert_eq!(titles(w.check()), ["Changed"]);
    fs::remove_file(&a).unwrap();
    match w.check() {
        Some(Message::Problem(p)) => assert!(
            p.to_string()
                .starts_with(&format!("{} is gone", a.display())),
            "{p}"
        ),
        _ => panic!("expected a problem"),
    }
}

#[test]
fn lanes_that_files_add_side_by_side_are_one_list_in_loading_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("parts")).unwrap();
    fs::write(
        root.join("main.toml"),
        "[timeline]\ntitle = \"t\"\ninclude = [\"parts/*.toml\"]\n[actors.us]\nlane = \"US\"\n",
    )
    .unwrap();
    fs::write(
        root.join("parts/a.toml"),
        format!(
            "[actors.eu]\nlane = \"Europe\"\n{}",
            event("a", "2025", "\"eu\", \"us\"", "")
        ),
    )
    .unwrap();
    fs::write(
        root.join("parts/b.toml"),
        format!(
            "[actors.af]\nlane = \"Africa\"\n[actors.fr]\nlane = \"Europe\"\n[[eras]]\ntitle = \"E\"\ndate = \"2025\"\nend = \"2026\"\nlane = \"Africa\"\n[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"u\"\n{}",
            event("b", "2025", "\"af\", \"fr\"", "")
        ),
    )
    .unwrap();
    let t = load::open(&Origin::File(root.join("main.toml"))).unwrap();
    assert_eq!(t.lanes, ["US", "Europe", "Africa"]);
    let lane = |id: &str| t.lanes[t.actors[t.find_actor(id).unwrap()].lane].as_str();
    assert_eq!(
        ["us", "eu", "af", "fr"].map(lane),
        ["US", "Europe", "Africa", "Europe"]
    );
    assert_eq!(t.eras[0].lane.map(|l| t.lanes[l].as_str()), Some("Africa"));
}
