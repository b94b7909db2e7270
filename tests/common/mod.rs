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

/// `script` running the shell command `command` in a pseudo-terminal, isolated as
/// [`annals`] is: keys go in through its standard input, the screen comes out of its
/// standard output.
pub fn script(command: &str) -> Command {
    let mut cmd = Command::new("script");
    cmd.args(["-qec", command, "/dev/null"])
        .env("TERM", "xterm")
        .env("ANNALS_CONFIG", NO_CONFIG)
        .env("ANNALS_NO_CACHE", "1")
        .env_remove("ANNALS_FILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
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

/// Reads `from` on another thread as it comes: each time more arrives, everything so far
/// goes down the channel; the thread ends with everything, when `from` does.
pub fn read_as_it_comes(
    mut from: impl std::io::Read + Send + 'static,
) -> (
    std::thread::JoinHandle<Vec<u8>>,
    std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
            let _ = tx.send(all.clone());
        }
        all
    });
    (thread, rx)
}
