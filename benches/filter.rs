//! Filtering per keystroke: what the explorer runs each time the query changes (parse the
//! query, resolve it against the log, select the events), from scratch each time; and every
//! prefix of the queries a person types (`keystroke/…` rows: one row per prefix, typed one
//! letter at a time). 1M is added by `ANNALS_BENCH_1M=1` (see BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::time::Duration;

use annals::filter::{Filter, Matcher, TextIndex};
use annals::model::{ActorKind, Timeline};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// One keystroke's work: the query parsed, matched, and the events selected, as when first
/// typed (the index forgets the words it remembers from the last search).
fn refilter(query: &str, timeline: &Timeline, index: &TextIndex) -> Vec<usize> {
    index.forget_recent();
    let filter = Filter::parse(query).expect("a valid query");
    Matcher::new(&filter, timeline).select(index)
}

/// The queries typed letter by letter in the `keystroke` rows: a key and its value (its
/// prefixes `a` … `actor:` are words in no event), a tag, a word in many events, a rare one,
/// a misspelling, several words, and a date with a word.
const TYPED: [(&str, &str); 7] = [
    ("actor", "actor:huawei"),
    ("tag", "tag:export-controls"),
    ("common", "export"),
    ("rare", "lithography"),
    ("misspelt", "exprt"),
    ("words", "huawei ascend chip"),
    ("since", "since:2025-05 ascend"),
];

/// Every prefix of every [`TYPED`] query, one row each: `keystroke/actor_05_actor:/100k`.
fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_millis(400));
    for (n, label) in common::sizes() {
        let timeline = common::timeline(n);
        let start = std::time::Instant::now();
        let index = TextIndex::new(&timeline);
        eprintln!(
            "keystroke/{label}: index built in {:?}, {} bytes per event",
            start.elapsed(),
            index.bytes() / n
        );
        for (what, query) in TYPED {
            for (k, (i, ch)) in query.char_indices().enumerate() {
                let prefix = &query[..i + ch.len_utf8()];
                // A prefix that does not parse (`since:2`) leaves the last filter in force.
                if ch == ' ' || Filter::parse(prefix).is_err() {
                    continue;
                }
                let id = BenchmarkId::new(format!("{what}_{:02}_{}", k + 1, prefix), label);
                group.bench_with_input(id, prefix, |b, q| {
                    b.iter(|| refilter(black_box(q), &timeline, &index))
                });
            }
        }
    }
    group.finish();
}

fn filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (n, label) in common::sizes() {
        let timeline = common::timeline(n);
        let index = TextIndex::new(&timeline);
        // Part of a company's name, as a person would type it: matches that actor and the
        // others whose names or aliases share the word.
        let actor = timeline
            .actors
            .iter()
            .find(|a| a.kind == ActorKind::Company)
            .expect("a company");
        let name = actor.name.split_whitespace().next().unwrap().to_lowercase();
        let queries = [
            ("actor", format!("actor:{name}")),
            ("word", common::COMMON_WORD.to_string()),
            ("no_match", common::MISSING_WORD.to_string()),
            // The common word misspelt (in no event), so matched loosely against every
            // title: the most a word can cost.
            ("misspelt", common::COMMON_WORD.replacen('o', "", 1)),
            (
                "combined",
                format!("actor:{name} tag:chips since:2019 {}", common::COMMON_WORD),
            ),
        ];
        for (what, query) in &queries {
            let hits = refilter(query, &timeline, &index).len();
            eprintln!("filter/{what}/{label}: `{query}` selects {hits} of {n} events");
            group.bench_with_input(BenchmarkId::new(*what, label), query, |b, q| {
                b.iter(|| refilter(black_box(q), &timeline, &index))
            });
        }
        // Typing a word one letter at a time: each prefix is one keystroke.
        let word = common::COMMON_WORD;
        for k in 1..=word.len() {
            let prefix = &word[..k];
            let hits = refilter(prefix, &timeline, &index).len();
            eprintln!("filter/typing_{k}/{label}: `{prefix}` selects {hits} of {n} events");
            group.bench_with_input(
                BenchmarkId::new(format!("typing_{k}_{prefix}"), label),
                prefix,
                |b, q| b.iter(|| refilter(black_box(q), &timeline, &index)),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, filter, keystrokes);
criterion_main!(benches);
