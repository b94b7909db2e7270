//! Parses a file with the `toml` crate alone, into a generic `toml::Table`, and nothing
//! else: the floor that loading a log is measured against on the built binaries.
//!
//! ```sh
//! cargo build --release --example bareparse
//! /usr/bin/time -v target/release/examples/bareparse /tmp/1000000.big.toml
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bareparse FILE.toml");
        return ExitCode::from(2);
    };
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let table: toml::Table = toml::from_str(&text).expect("valid TOML");
    println!("{path}: {} top-level keys", table.len());
    ExitCode::SUCCESS
}
