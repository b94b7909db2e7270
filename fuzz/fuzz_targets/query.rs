//! The query parser on arbitrary strings: never a panic; a query that parses writes back
//! to a string that parses to the same filter, and applies to a log without panicking; the
//! letters highlighted in each title it keeps are letters of that title.
#![no_main]

use std::sync::OnceLock;

use annals::filter::{self, Filter};
use annals::model::Timeline;
use libfuzzer_sys::fuzz_target;

fn timeline() -> &'static Timeline {
    static T: OnceLock<Timeline> = OnceLock::new();
    T.get_or_init(|| {
        annals::load::parse(include_str!("../../tests/fixtures/small.toml"))
            .timeline
            .expect("fixture loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(f) = Filter::parse(text) {
        let again = Filter::parse(&f.to_query()).expect("to_query parses back");
        assert_eq!(again, f, "round trip of {text:?}");
        let t = timeline();
        for i in filter::apply(&f, t) {
            let title = &t.events[i].title;
            let chars = title.chars().count();
            for at in filter::title_highlights(title, &f.words) {
                assert!(at < chars, "highlight {at} past the end of {title:?}");
            }
        }
    }
});
