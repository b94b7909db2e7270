//! Writes a synthetic, deterministic event log of N events to standard output:
//!
//! ```sh
//! cargo run --release --example genlog -- 100000 > /tmp/100k.big.toml
//! ```
//!
//! The generator lives in `benches/common` so the benchmarks measure the same logs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    let Some(n) = arg
        .as_deref()
        .and_then(|a| a.replace('_', "").parse::<usize>().ok())
    else {
        eprintln!("usage: genlog N > FILE.big.toml   (N: how many events, e.g. 100000)");
        return ExitCode::from(2);
    };
    let text = common::generate(n);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("genlog: cannot write: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
