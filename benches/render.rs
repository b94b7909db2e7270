//! The plain-text summary of the whole log, at 100 columns: made into a `String`
//! (`render::summary`), and streamed as `annals summary` writes it (`render::summary_to`, here
//! to a sink that keeps nothing).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn summary(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    for (n, label) in common::sizes() {
        let timeline = common::timeline(n);
        let selected: Vec<usize> = (0..timeline.events.len()).collect();
        common::measure_for(
            &mut group,
            n,
            Duration::from_secs(5),
            Duration::from_secs(2),
        );
        group.bench_with_input(BenchmarkId::new("summary", label), &selected, |b, s| {
            b.iter(|| annals::render::summary(&timeline, black_box(s), "", 100))
        });
        group.bench_with_input(BenchmarkId::new("summary_to", label), &selected, |b, s| {
            b.iter(|| {
                annals::render::summary_to(&mut std::io::sink(), &timeline, black_box(s), "", 100)
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500));
    targets = summary
}
criterion_main!(benches);
