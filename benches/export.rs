//! `annals export` of the whole log in each format, to set against loading it (`load` bench):
//! the target is that exporting costs no more than loading.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::time::Duration;

use annals::export::{self, ExportFormat};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const FORMATS: [(ExportFormat, &str); 6] = [
    (ExportFormat::Json, "json"),
    (ExportFormat::Ics, "ics"),
    (ExportFormat::Timelinejs, "timelinejs"),
    (ExportFormat::Html, "html"),
    (ExportFormat::Csv, "csv"),
    (ExportFormat::Markdown, "markdown"),
];

fn exports(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    for (n, label) in common::SIZES {
        let text = common::generate(n);
        let timeline = common::timeline(n);
        let selected: Vec<usize> = (0..timeline.events.len()).collect();
        group.throughput(Throughput::Elements(n as u64));
        common::measure_for(
            &mut group,
            n,
            Duration::from_secs(5),
            Duration::from_secs(2),
        );
        // Loading the same log, measured beside the exports so that both see the same machine.
        group.bench_with_input(BenchmarkId::new("load", label), &text, |b, t| {
            b.iter(|| annals::load::parse(black_box(t)))
        });
        for (format, name) in FORMATS {
            group.bench_with_input(BenchmarkId::new(name, label), &selected, |b, s| {
                b.iter(|| export::export(&timeline, black_box(s), format))
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500));
    targets = exports
}
criterion_main!(benches);
