//! Writes a synthetic, deterministic event log of N events to standard output:
//!
//! ```sh
//! cargo run --release --example genlog -- 100000 > /tmp/100k.big.toml
//! ```
//!
//! With `--tiny`, the events are as small as a valid event can be (an id, a year, a
//! one-letter title, one actor: about 67 bytes each), for measuring the fixed cost of an
//! event in memory:
//!
//! ```sh
//! cargo run --release --example genlog -- --tiny 1000000 | annals -f - check
//! ```
//!
//! The generator lives in `benches/common` so the benchmarks measure the same logs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let tiny = args.first().is_some_and(|a| a == "--tiny");
    if tiny {
        args.remove(0);
    }
    let Some(n) = args
        .first()
        .and_then(|a| a.replace('_', "").parse::<usize>().ok())
    else {
        eprintln!("usage: genlog [--tiny] N > FILE.big.toml   (N: how many events, e.g. 100000)");
        return ExitCode::from(2);
    };
    let text = if tiny {
        common::generate_tiny(n)
    } else {
        common::generate(n)
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("genlog: cannot write: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
