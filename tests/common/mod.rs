//! What the integration tests share: annals as a person's machine must not change it.
#![allow(dead_code)] // Each test crate uses some of these.

use std::process::{Command, Stdio};

/// A config path that never exists: a person's own config must not change what tests see.
pub const NO_CONFIG: &str = "/nonexistent/annals-tests/config.toml";

/// The annals binary with `args`, isolated from the environment of whoever runs the tests:
/// no `$ANNALS_FILE`, `$ANNALS_MAX_SIZE` or `NO_COLOR`, no config file, no cache (tests of the
/// cache give it a directory of their own), empty standard input.
pub fn annals(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_annals"));
    cmd.args(args)
        .env("ANNALS_NO_CACHE", "1")
        .env_remove("ANNALS_FILE")
        .env_remove("ANNALS_MAX_SIZE")
        .env_remove("NO_COLOR")
        .env("ANNALS_CONFIG", NO_CONFIG)
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to its end; returns (exit code, stdout, stderr), -1 for a run a signal ended.
pub fn output(cmd: &mut Command) -> (i32, String, String) {
    streams(cmd.output().expect("annals runs"))
}

/// A finished run as (exit code, stdout, stderr), -1 for a run a signal ended.
pub fn streams(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
