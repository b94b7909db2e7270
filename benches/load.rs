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

/// The generated log of `n` events written to `dir` twice: whole in `one.toml`, and split
/// into `main.toml` (the header and actors, with `include = ["events/*.toml"]`) and `files`
/// files of events under `events/`. Returns the two main paths.
fn write_split(
    dir: &std::path::Path,
    n: usize,
    files: usize,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let text = common::generate(n);
    let one = dir.join("one.toml");
    std::fs::write(&one, &text).unwrap();
    let starts: Vec<usize> = text
        .match_indices("\n[[events]]\n")
        .map(|(i, _)| i + 1)
        .collect();
    let head = &text[..starts[0]];
    let head = head.replacen(
        "[timeline]\n",
        "[timeline]\ninclude = [\"events/*.toml\"]\n",
        1,
    );
    let main = dir.join("main.toml");
    std::fs::write(&main, head).unwrap();
    std::fs::create_dir_all(dir.join("events")).unwrap();
    let per_file = starts.len().div_ceil(files);
    for (k, chunk) in starts.chunks(per_file).enumerate() {
        let end = starts
            .get((k + 1) * per_file)
            .copied()
            .unwrap_or(text.len());
        std::fs::write(
            dir.join(format!("events/{k:04}.toml")),
            &text[chunk[0]..end],
        )
        .unwrap();
    }
    (one, main)
}

/// 100k events in one file against the same events in 1,000 files: loading should cost
/// about the same per byte.
fn load_files(c: &mut Criterion) {
    use annals::load::Origin;
    let dir = tempfile::tempdir().unwrap();
    let (one, main) = write_split(dir.path(), 100_000, 1_000);
    let mut group = c.benchmark_group("load_files");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (label, path) in [("100k_in_1_file", one), ("100k_in_1000_files", main)] {
        group.bench_function(label, |b| {
            b.iter(|| {
                let report = annals::load::load(&Origin::File(path.clone())).unwrap();
                assert_eq!(
                    report.timeline.as_ref().map(|t| t.events.len()),
                    Some(100_000)
                );
                report
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = load, load_files
}
criterion_main!(benches);
