//! What a person fits to their hand, through the built binary: relative dates, the config
//! file, saved views, completions and the manual.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a panic is a failure with its message.

use std::path::Path;
use std::process::Command;

mod common;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml");

/// annals on the fixture with the config at `config` (which may not exist); returns
/// (exit code, stdout, stderr).
fn run_with(config: &Path, args: &[&str]) -> (i32, String, String) {
    common::output(common::annals(args).env("ANNALS_CONFIG", config))
}

/// annals on the fixture with no config file.
fn run(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["-f", FIXTURE];
    all.extend_from_slice(args);
    run_with(&dir.path().join("none.toml"), &all)
}

#[test]
fn a_relative_date_says_on_stderr_what_it_resolved_to() {
    let (code, out, err) = run(&["list", "--since", "-1y"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("annals: showing events since "), "{err}");
    assert!(!out.contains("-1y"));
    let (code, _, err) = run(&["list", "since:2025-Q2 until:2025-H1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "annals: showing events since 1 April 2025\nannals: showing events until 30 June 2025\n"
    );
    let (code, _, err) = run(&["list", "since:-6q"]);
    assert_eq!(code, 2);
    assert!(err.contains("-10d, -2w, -6m, -1y"), "{err}");
}

/// Writes `text` as a config in a fresh directory; returns the directory and the path.
fn config_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn each_kind_of_config_mistake_is_diagnosed_with_its_place_and_the_defaults_kept() {
    for (config, at, message, hint) in [
        (
            "theme = \"dark\"\nview = [",
            "config.toml:2:",
            "error: ",
            "fix the TOML syntax",
        ),
        (
            "thme = \"light\"\n",
            "config.toml:1:1",
            "warning: unknown key `thme` in the config",
            "did you mean `theme`?",
        ),
        (
            "view = 3\n",
            "config.toml:1:8",
            "error: `view` must be a string, not a number",
            "",
        ),
        (
            "[keys.list]\n\"ctrl-?x\" = \"up\"\n",
            "config.toml:2:1",
            "error: `ctrl-?x` is not a key",
            "",
        ),
        (
            "[keys.list]\n\"\\u001b\" = \"up\"\n",
            "config.toml:2:1",
            "error: `\u{FFFD}` is not a key",
            "",
        ),
        (
            "[keys.list]\n\"x\" = \"pgae-up\"\n",
            "config.toml:2:7",
            "error: unknown action `pgae-up`",
            "did you mean `page-up`?",
        ),
        (
            "[keys.list]\n\"ctrl-u\" = \"up\"\n\"ctrl-U\" = \"down\"\n",
            "config.toml:3:1",
            "error: `ctrl-U` is bound twice in [keys.list]: on line 2 and on line 3",
            "keep one of the two lines",
        ),
        (
            "[keys.lits]\n\"x\" = \"up\"\n",
            "config.toml:1:7",
            "error: unknown key context `lits`",
            "did you mean `[keys.list]`?",
        ),
        (
            "theme = \"solarized\"\n",
            "config.toml:1:9",
            "error: unknown theme `solarized`",
            "`theme` is one of: dark, light, high-contrast",
        ),
        (
            "[colours]\naccent = \"bleu\"\n",
            "config.toml:2:10",
            "error: `bleu` is not a colour",
            "did you mean `blue`?",
        ),
        (
            "[colours]\naccnet = \"blue\"\n",
            "config.toml:2:1",
            "warning: unknown key `accnet` in [colours]",
            "did you mean `accent`?",
        ),
        (
            "[views.Mine]\nquery = \"x\"\n",
            "config.toml:1:8",
            "error: view `Mine`: a view's name is kebab-case",
            "",
        ),
        (
            "[views.mine]\nquery = \"acter:x\"\n",
            "config.toml:2:9",
            "error: view `mine`: unknown filter `acter:`",
            "",
        ),
    ] {
        let (_dir, path) = config_file(config);
        let (code, out, err) = run_with(&path, &["-f", FIXTURE, "list"]);
        assert_eq!(code, 0, "annals still runs: {config}\n{err}");
        assert_eq!(out.lines().count(), 5, "with every event: {config}");
        assert!(err.contains(message), "{config}\n{err}");
        assert!(err.contains(at), "{config}\n{err}");
        assert!(err.contains(hint), "{config}\n{err}");
        let is_error = message.starts_with("error");
        assert_eq!(
            err.contains("runs with the default settings"),
            is_error,
            "{config}\n{err}"
        );
        let (code, _, _) = run_with(&path, &["-f", FIXTURE, "config"]);
        assert_eq!(code, if is_error { 1 } else { 0 }, "{config}");
    }
}

#[test]
fn annals_config_prints_the_path_and_every_setting_with_its_origin() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.toml");
    let (code, out, err) = run_with(&missing, &["config"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with(&format!(
        "config file: {} (does not exist: every setting is the default)",
        missing.display()
    )));
    assert!(out.contains("theme = \"dark\""), "{out}");
    let (_dir, path) = config_file(
        "theme = \"high-contrast\"\nview = \"lanes\"\n[colours]\nkey = \"#ff0000\"\n[keys.list]\n\"x\" = \"next-month\"\n\"d\" = \"none\"\n[views.mine]\nquery = \"tag:chips\"\n",
    );
    let (code, out, err) = run_with(&path, &["-f", FIXTURE, "config"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let line = |start: &str| {
        out.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in\n{out}"))
            .to_string()
    };
    assert!(line("theme = \"high-contrast\"").ends_with("# config, line 1"));
    assert!(line("view = \"lanes\"").ends_with("# config, line 2"));
    assert!(line("date_style = \"iso\"").ends_with("# default"));
    assert!(line("key = \"#ff0000\"").ends_with("# config, line 4"));
    assert!(line("accent = \"lightcyan\"").ends_with("# the high-contrast theme"));
    assert!(line("] } x").contains("next-month"), "{out}");
    assert!(line("] } x").ends_with("# config, line 6"));
    assert!(line("d ").contains("none"));
    assert!(line("Tab").ends_with("# default"));
    assert!(line("@mine = \"tag:chips\"").ends_with("# config, line 8"));
}

/// The fixture with a saved view of its own, in a directory of its own.
fn log_with_a_view() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    let text =
        std::fs::read_to_string(FIXTURE).unwrap() + "\n[views.chip-work]\nquery = \"tag:chips\"\n";
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn a_saved_view_is_used_with_at_name_from_the_log_or_the_config() {
    let (_log_dir, log) = log_with_a_view();
    let (_dir, config) = config_file("[views.south]\nquery = \"lane:South\"\n");
    let (code, by_view, err) = run_with(&config, &["-f", &log, "list", "@chip-work"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (_, by_query, _) = run_with(&config, &["-f", &log, "list", "tag:chips"]);
    assert_eq!(by_view, by_query);
    assert_eq!(by_view.lines().count(), 1);
    let (code, out, _) = run_with(&config, &["-f", &log, "summary", "@south", "--width", "60"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("lane:South"),
        "the summary names the filter: {out}"
    );
    let (code, _, err) = run_with(&config, &["-f", &log, "list", "@chip-wrok"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "annals: no saved view is called `@chip-wrok`; did you mean `@chip-work`?\n"
    );
    let (code, _, err) = run_with(&config, &["-f", &log, "check"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn the_config_names_the_default_log_relative_to_itself() {
    let (dir, config) = config_file("file = \"log.toml\"\n");
    std::fs::copy(FIXTURE, dir.path().join("log.toml")).unwrap();
    let (code, out, err) = run_with(&config, &["list"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out.lines().count(), 5, "the fixture, not the built-in log");
}

/// Runs a shell's syntax check on a script; `None` when the shell is not installed.
fn shell_accepts(shell: &str, args: &[&str], script: &Path) -> Option<(bool, String)> {
    let out = Command::new(shell).args(args).arg(script).output().ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn completion_scripts_are_accepted_by_each_shells_parser() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("none.toml");
    let mut checked = Vec::new();
    for (shell, check, args) in [
        ("bash", "bash", &["-n"][..]),
        ("zsh", "zsh", &["-n"]),
        ("fish", "fish", &["--no-execute"]),
        ("elvish", "", &[]),
        ("powershell", "", &[]),
    ] {
        let (code, script, err) = run_with(&none, &["completions", shell]);
        assert_eq!((code, err.as_str()), (0, ""), "{shell}");
        assert!(
            script.contains("COMPLETE") && script.contains("annals"),
            "{shell} asks annals itself: {script}"
        );
        if check.is_empty() {
            continue;
        }
        let path = dir.path().join(format!("annals.{shell}"));
        std::fs::write(&path, &script).unwrap();
        match shell_accepts(check, args, &path) {
            Some((ok, err)) => {
                assert!(ok, "{shell} rejects its script: {err}");
                checked.push(shell);
            }
            // bash is always there; zsh and fish are installed by .ci/run.
            None => assert!(
                shell != "bash" && std::env::var_os("CI").is_none(),
                "{shell} is missing"
            ),
        }
    }
    assert!(checked.contains(&"bash"));
}

#[test]
fn the_man_pages_render_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_with(
        &dir.path().join("none.toml"),
        &["man", &dir.path().display().to_string()],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1"))
        .collect();
    pages.sort();
    assert!(pages.contains(&"annals.1".to_string()));
    assert!(pages.contains(&"annals-config.1".to_string()));
    for page in pages {
        let out = Command::new("groff")
            // -k: through preconv, and -Tutf8: for a UTF-8 terminal, as `man -l` does there.
            .args(["-k", "-Tutf8", "-man", "-ww", "-z"])
            .arg(dir.path().join(&page))
            .output();
        let Ok(out) = out else {
            assert!(std::env::var_os("CI").is_none(), "groff is missing");
            return;
        };
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.is_empty(),
            "{page}: {warnings}"
        );
    }
}

/// What the shell gets back when it asks annals to complete `line` (the last word being
/// the one typed), through fish's protocol: one `value\thelp` per line.
fn completed(config: &Path, line: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("--")
        .args(line)
        .env("COMPLETE", "fish")
        .env("ANNALS_CONFIG", config)
        .env_remove("ANNALS_FILE")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn completion_offers_actor_ids_tags_event_ids_and_views_from_the_log_in_force() {
    let (_log_dir, log) = log_with_a_view();
    let (_dir, config) = config_file("[views.south]\nquery = \"lane:South\"\n");
    let actors = completed(&config, &["annals", "-f", &log, "list", "--actor", ""]);
    assert!(
        actors.contains(&"north-gov\tNorthern Government".to_string()),
        "{actors:?}"
    );
    assert_eq!(actors.len(), 4);
    let tags = completed(
        &config,
        &["annals", "--file", &log, "summary", "--tag", "ch"],
    );
    assert_eq!(tags, ["chips\t1 event"]);
    let lanes = completed(&config, &["annals", "-f", &log, "tui", "--lane", "S"]);
    assert_eq!(lanes, ["South\tlane"]);
    let ids = completed(&config, &["annals", "-f", &log, "show", "chip"]);
    assert_eq!(
        ids,
        ["chip-rule\tNorth restricts exports of advanced chips to the South"]
    );
    let views = completed(&config, &["annals", "-f", &log, "list", "@"]);
    assert_eq!(views, ["@south\tlane:South", "@chip-work\ttag:chips"]);
    let words = completed(
        &config,
        &["annals", "-f", &log, "list", "tag:chips actor:so"],
    );
    assert_eq!(words, ["tag:chips actor:south-gov\tSouthern Ministry"]);
    let commands = completed(&config, &["annals", "conf"]);
    assert_eq!(commands.len(), 1);
    assert!(commands[0].starts_with("config\t"), "{commands:?}");
}

#[test]
fn bash_completes_through_the_script_annals_prints() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("none.toml");
    let (_, script, _) = run_with(&none, &["completions", "bash"]);
    let script_path = dir.path().join("annals.bash");
    std::fs::write(&script_path, script).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_annals")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let driver = format!(
        "source {}; COMP_WORDS=(annals -f {FIXTURE} show chip); COMP_CWORD=4; COMP_TYPE=9; _clap_complete_annals annals chip show; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script_path.display()
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &driver])
        .env("PATH", path)
        .env("ANNALS_CONFIG", &none)
        .output()
        .unwrap();
    let reply = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        reply.trim(),
        "chip-rule",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
