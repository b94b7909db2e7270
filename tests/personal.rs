//! What a person fits to their hand, through the built binary: relative dates, the config
//! file, saved views, completions and the manual.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a panic is a failure with its message.

use std::path::Path;
use std::process::{Command, Stdio};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml");

/// annals on the fixture with the config at `config` (which may not exist); returns
/// (exit code, stdout, stderr).
fn run_with(config: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(args)
        .env_remove("ANNALS_FILE")
        .env("ANNALS_CONFIG", config)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("annals runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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
