//! Loading: `load::parse` (TOML, validation, sorting, indices; the entries read on every
//! core) against the same with the entries read on one thread, against the floor, a bare
//! `toml::from_str::<toml::Table>` of the same text, and the spanned parse the loader uses.
//! 1M is added by `ANNALS_BENCH_1M=1` (see BENCHMARKS.md); there the bare parse into a
//! `Table` is left out, as it needs about 11 GB (it is measured on the built binary).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for (n, label) in common::sizes() {
        let text = common::generate(n);
        group.throughput(Throughput::Bytes(text.len() as u64));
        common::measure_for(
            &mut group,
            n,
            Duration::from_secs(10),
            Duration::from_secs(3),
        );
        if n >= 1_000_000 {
            group.measurement_time(Duration::from_secs(200));
        }
        group.bench_with_input(BenchmarkId::new("parse_validate", label), &text, |b, t| {
            b.iter(|| {
                let report = annals::load::parse(black_box(t));
                assert!(report.timeline.is_some());
                report
            })
        });
        group.bench_with_input(BenchmarkId::new("one_thread", label), &text, |b, t| {
            b.iter(|| {
                let report = annals::load::parse_in_threads(black_box(t), true, 1);
                assert!(report.timeline.is_some());
                report
            })
        });
        if n < 1_000_000 {
            group.bench_with_input(BenchmarkId::new("toml_table", label), &text, |b, t| {
                b.iter(|| toml::from_str::<toml::Table>(black_box(t)).expect("valid TOML"))
            });
        }
        group.bench_with_input(BenchmarkId::new("toml_detable", label), &text, |b, t| {
            b.iter(|| {
                let (root, errors) = toml::de::DeTable::parse_recoverable(black_box(t));
                assert!(errors.is_empty());
                root
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = load
}
criterion_main!(benches);
