//! What annals agrees to read: a regular file, or a pipe given on purpose, up to a size
//! limit; never a device. (The watcher, which never opens anything but a regular file, is
//! tested with the other watched-file cases in `hostile.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.
#![cfg(unix)]

use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const FIXTURE: &str = include_str!("fixtures/small.toml");

/// Long enough for anything that finishes; a read that never ends fails the test instead of
/// hanging it.
const PATIENCE: Duration = Duration::from_secs(20);

mod common;
use common::annals;

/// Runs `command` to its end, killing it and failing if it takes longer than [`PATIENCE`].
fn finish(mut command: Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("annals starts");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(PATIENCE) {
        Ok(output) => output.expect("annals runs"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("annals still running after {PATIENCE:?}: {command:?}");
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_device_is_refused_at_once() {
    for device in ["/dev/zero", "/dev/urandom", "/dev/full", "/dev/null"] {
        if !std::path::Path::new(device).exists() {
            continue;
        }
        let out = finish(annals(&["-f", device, "list"]));
        assert_eq!(out.status.code(), Some(1), "{device}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("cannot read `{device}`: it is a character device")),
            "{err}"
        );
        let mut piped = annals(&["-f", "-", "list"]);
        piped.stdin(std::fs::File::open(device).expect("open the device"));
        let out = finish(piped);
        assert_eq!(out.status.code(), Some(1), "{device} as standard input");
        assert!(
            stderr(&out).contains("it is a character device"),
            "{device}"
        );
    }
}

#[test]
fn reading_stops_at_the_size_limit_and_says_so() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).expect("write the log");
    let file = path.to_str().expect("a UTF-8 path");

    let mut small = annals(&["-f", file, "list"]);
    small.env("ANNALS_MAX_SIZE", "1K");
    let out = finish(small);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("stopped reading")
            && err.contains("at 1 KiB")
            && err.contains("ANNALS_MAX_SIZE"),
        "{err}"
    );

    // An endless stream through a pipe stops at the limit.
    let mut endless = Command::new("yes")
        .stdout(Stdio::piped())
        .spawn()
        .expect("yes runs");
    let mut piped = annals(&["-f", "-", "list"]);
    piped
        .env("ANNALS_MAX_SIZE", "1M")
        .stdin(endless.stdout.take().expect("a pipe"));
    let out = finish(piped);
    let _ = endless.kill();
    let _ = endless.wait();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("stopped reading `<stdin>` at 1 MiB"),
        "{}",
        stderr(&out)
    );

    for (limit, code) in [("", 0), ("64K", 0), ("lots", 1)] {
        let mut run = annals(&["-f", file, "list"]);
        run.env("ANNALS_MAX_SIZE", limit);
        let out = finish(run);
        assert_eq!(out.status.code(), Some(code), "{limit}: {}", stderr(&out));
    }
}

#[test]
fn an_empty_annals_file_counts_as_unset() {
    let builtin = finish(annals(&["list"]));
    let mut empty = annals(&["list"]);
    empty.env("ANNALS_FILE", "");
    let out = finish(empty);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, builtin.stdout);
}
