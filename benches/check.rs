//! `annals check` without the file reading: load (parse, validate) and render the
//! diagnostics, on a clean generated log and on the same log where every event has a
//! warning (each source's `url` emptied), with the first 50 of a kind shown (`check`) and
//! with every one (`check --all`). Diagnostics must cost O(file + diagnostics): the warned
//! log should take about as long as the clean one.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The generated log with every source's `url` emptied: one warning or more per event, and
/// the file as long as before (the address stays, as a comment).
fn warned(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    for line in text.lines() {
        match line.strip_prefix("url = ") {
            Some(url) => {
                out.push_str("url = \"\" # ");
                out.push_str(url);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn check(text: &str, all: bool) -> String {
    let report = annals::load::parse(black_box(text));
    assert!(report.timeline.is_some());
    let origin = annals::load::Origin::File("bench.toml".into());
    if all {
        report.render_all(&origin)
    } else {
        report.render(&origin)
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for (n, label) in common::SIZES.into_iter().skip(1) {
        let clean = common::generate(n);
        let warned = warned(&clean);
        let warnings = annals::load::parse(&warned).warnings().count();
        assert!(warnings >= n, "{warnings} warnings on {n} events");
        group.throughput(Throughput::Bytes(clean.len() as u64));
        common::measure_for(
            &mut group,
            n,
            Duration::from_secs(20),
            Duration::from_secs(3),
        );
        group.bench_with_input(BenchmarkId::new("clean", label), &clean, |b, t| {
            b.iter(|| check(t, false))
        });
        group.bench_with_input(BenchmarkId::new("warned", label), &warned, |b, t| {
            b.iter(|| check(t, false))
        });
        group.bench_with_input(BenchmarkId::new("warned_all", label), &warned, |b, t| {
            b.iter(|| check(t, true))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
