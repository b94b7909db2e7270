//! The query parser on arbitrary strings: never a panic; a query that parses writes back
//! to a string that parses to the same filter, and applies to a log without panicking; the
//! letters highlighted in each title it keeps are letters of that title, every event kept
//! holds each word the log has written somewhere, and a word matched loosely gives every
//! title after a word in another script the answer it gives the title alone. The query runs on the 5-event
//! fixture and on a generated log of 2,000 events (the benchmarks' generator: many actors,
//! aliases, tags, lanes and words), each with its search index built once.
#![no_main]

use std::sync::OnceLock;

use annals::filter::{self, Filter, TextIndex, fuzzy};
use annals::model::Timeline;
use libfuzzer_sys::fuzz_target;

#[path = "../../benches/common/mod.rs"]
#[allow(dead_code)]
mod common;

fn logs() -> &'static [(Timeline, TextIndex); 2] {
    static LOGS: OnceLock<[(Timeline, TextIndex); 2]> = OnceLock::new();
    LOGS.get_or_init(|| {
        let indexed = |t: Timeline| {
            let index = TextIndex::new(&t);
            (t, index)
        };
        let fixture = annals::load::parse(include_str!("../../tests/fixtures/small.toml"))
            .timeline
            .expect("fixture loads");
        [indexed(fixture), indexed(common::timeline(2_000))]
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(f) = Filter::parse(text) {
        let again = Filter::parse(&f.to_query()).expect("to_query parses back");
        assert_eq!(again, f, "round trip of {text:?}");
        for (t, index) in logs() {
            check(&f, t, index);
        }
    }
});

fn check(f: &Filter, t: &Timeline, index: &TextIndex) {
    let matcher = filter::Matcher::new(f, t);
    let (events, words) = matcher.select_with_words(index);
    for i in events {
        let e = &t.events[i];
        let chars = e.title().chars().count();
        for at in filter::title_highlights(&e.title(), &words) {
            assert!(at < chars, "highlight {at} past the end of {:?}", e.title());
        }
        let text = format!("{}\n{}", e.title(), e.summary()).to_lowercase();
        for w in words.iter().filter(|w| !w.loose) {
            assert!(text.contains(&w.text), "{:?} kept without {:?}", e.id(), w.text);
        }
    }
    for w in words.iter().filter(|w| w.loose && !w.text.contains(['中', '文'])) {
        for e in &t.events {
            let twin = format!("中文 {}", e.title());
            let alone = fuzzy::title_indices(&w.text, &e.title())
                .map(|at| at.into_iter().map(|i| i + 3).collect::<Vec<_>>());
            let padded = fuzzy::title_indices(&w.text, &twin);
            assert_eq!(padded, alone, "{:?} in {twin:?}", w.text);
        }
    }
}
