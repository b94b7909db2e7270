//! Cold against cached open: reading and parsing a log, against reading it back from the
//! reopen cache (hashing the file, decoding the entry) — what `annals -f big.toml …` costs
//! the first time and every time after. 1k, 10k and 100k; a million events too with
//! `ANNALS_BENCH_1M=1` (a 1 GB log, ~0.8 GB entry: generating and caching it takes minutes,
//! and its cold open is left to BENCHMARKS.md's command-line figures).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::time::Duration;

use annals::load::{self, cache::Cache};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn open(c: &mut Criterion) {
    let mut group = c.benchmark_group("open");
    let dir = tempfile::tempdir().unwrap();
    for (n, label) in common::sizes() {
        let log = dir.path().join(format!("{label}.toml"));
        std::fs::write(&log, common::generate(n)).unwrap();
        let log = std::fs::canonicalize(log).unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        // Made once, as the first open makes it.
        let first = cache.load(&log, std::fs::read(&log).unwrap());
        assert!(first.timeline.is_some());
        drop(first);
        let entry = std::fs::metadata(cache.entry_path(&log)).unwrap().len();
        let events = cache.timeline(&log).unwrap().0.events.len();
        eprintln!(
            "{label}: entry {entry} bytes, {} bytes per event",
            entry / events as u64
        );
        group.throughput(Throughput::Bytes(std::fs::metadata(&log).unwrap().len()));
        common::measure_for(
            &mut group,
            n,
            Duration::from_secs(15),
            Duration::from_secs(3),
        );
        if n < 1_000_000 {
            group.bench_with_input(BenchmarkId::new("cold", label), &log, |b, log| {
                b.iter_with_large_drop(|| load::parse_bytes(std::fs::read(black_box(log)).unwrap()))
            });
        }
        group.bench_with_input(BenchmarkId::new("cached", label), &log, |b, log| {
            b.iter_with_large_drop(|| cache.timeline(black_box(log)).expect("the entry is used"))
        });
        group.bench_with_input(BenchmarkId::new("cached_check", label), &log, |b, log| {
            b.iter_with_large_drop(|| cache.load(black_box(log), std::fs::read(log).unwrap()))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = open
}
criterion_main!(benches);
