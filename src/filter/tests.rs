//! Filtering against a small fixture log.

use super::*;
use crate::load;

const LOG: &str = r#"
[timeline]
title = "Fixture"
lanes = ["United States", "China", "Industry"]

[actors.us-commerce]
name = "US Department of Commerce"
aliases = ["BIS"]
lane = "United States"
kind = "government"

[actors.huawei]
name = "Huawei"
lane = "China"
kind = "company"

[actors.nvidia]
name = "Nvidia"
lane = "Industry"
kind = "company"

[[events]]
id = "ascend-guidance"
date = "2025-05-13"
title = "US warns that using Huawei Ascend chips anywhere breaks export controls"
actors = ["us-commerce", "huawei"]
tags = ["export-controls", "chips"]
importance = 3
summary = "Guidance from the Bureau."

[[events]]
id = "h20"
date = "2025-04"
title = "Nvidia needs a licence for H20 sales"
actors = ["nvidia"]
tags = ["chips"]
importance = 2
summary = "The chip maker takes a charge."

[[events]]
id = "alliance"
date = "2025-07-26"
end = "2025-07-28"
title = "Chinese firms form a model-chip alliance"
actors = ["huawei"]
tags = ["alliances"]
importance = 1
summary = "Announced in Shanghai."
"#;

fn timeline() -> Timeline {
    load::parse(LOG).timeline.expect("fixture loads")
}

fn ids(filter: &str) -> Vec<String> {
    let t = timeline();
    apply(&Filter::parse(filter).unwrap(), &t)
        .into_iter()
        .map(|i| t.events[i].id().to_string())
        .collect()
}

#[test]
fn empty_filter_keeps_everything_in_date_order() {
    assert_eq!(ids(""), ["h20", "ascend-guidance", "alliance"]);
}

#[test]
fn actor_filter_is_fuzzy_and_typo_tolerant() {
    assert_eq!(ids("actor:huawei"), ["ascend-guidance", "alliance"]);
    assert_eq!(ids("actor:hwawei"), ["ascend-guidance", "alliance"]);
    assert_eq!(ids("actor:bis"), ["ascend-guidance"]);
    assert_eq!(
        ids("actor:nvidia actor:commerce"),
        ["h20", "ascend-guidance"]
    );
    assert!(ids("actor:zzzz").is_empty());
}

#[test]
fn tags_lanes_and_importance_narrow() {
    assert_eq!(ids("tag:chips"), ["h20", "ascend-guidance"]);
    assert_eq!(ids("tag:chips tag:alliances").len(), 3);
    assert_eq!(ids("lane:china"), ["ascend-guidance", "alliance"]);
    assert_eq!(ids("importance:2"), ["h20", "ascend-guidance"]);
}

#[test]
fn dates_select_events_that_overlap_the_range() {
    assert_eq!(ids("since:2025-05"), ["ascend-guidance", "alliance"]);
    // The month-precision H20 event covers all of April.
    assert_eq!(ids("since:2025-04-20 until:2025-04-30"), ["h20"]);
    // The alliance runs until the 28th.
    assert_eq!(ids("since:2025-07-27"), ["alliance"]);
    assert_eq!(ids("until:2025-05-12"), ["h20"]);
}

#[test]
fn words_search_titles_and_summaries() {
    assert_eq!(ids("ascend"), ["ascend-guidance"]);
    assert_eq!(ids("SHANGHAI"), ["alliance"]);
    assert_eq!(ids("\"chip maker\""), ["h20"]);
    assert_eq!(ids("chips huawei"), ["ascend-guidance"]);
    // Fuzzy in titles: letters in order, close together.
    assert_eq!(ids("ascnd"), ["ascend-guidance"]);
    assert!(ids("qqqq").is_empty());
    // Any close placement will do: `act` as the "A" of "Ascend", the "c" of "chips" and a
    // "t" inside "export" has one run starting inside a word, as three letters may. (The
    // placement the skim matcher prefers has more, and with it alone this was not found.)
    assert_eq!(ids("act"), ["ascend-guidance"]);
}

#[test]
fn all_kinds_combine_with_and() {
    assert_eq!(
        ids("actor:huawei tag:chips since:2025-03 ascend"),
        ["ascend-guidance"]
    );
    assert!(ids("actor:nvidia tag:alliances").is_empty());
}

#[test]
fn unmatched_names_the_query_that_matched_nothing() {
    let t = timeline();
    let f = Filter::parse("actor:zzzz tag:qqq").unwrap();
    let m = Matcher::new(&f, &t);
    assert_eq!(
        m.unmatched(),
        ["no actor matches `zzzz`", "no tag matches `qqq`"]
    );
}

#[test]
fn a_longer_word_can_match_what_its_prefix_did_not() {
    // Four letters may start one piece inside a word, five letters two: `asce` needs two
    // pieces starting inside "Glassice" ("as", "ce"), and `ascex` no more (its "x" starts
    // "xenon", the second word). Why results are never narrowed from the previous
    // keystroke's.
    let log = "[actors.a]\nname = \"A\"\n[[events]]\nid = \"g\"\ndate = \"2025\"\ntitle = \"Glassice, xenon\"\nactors = [\"a\"]\n";
    let t = load::parse(log).timeline.expect("loads");
    let index = TextIndex::new(&t);
    let hits = |q: &str| {
        Matcher::new(&Filter::parse(q).unwrap(), &t)
            .select(&index)
            .len()
    };
    assert_eq!(hits("asce"), 0);
    assert_eq!(hits("ascex"), 1);
}

#[test]
fn highlights_cover_the_matched_letters() {
    let written = |w: &str| SearchWord {
        text: w.into(),
        loose: false,
    };
    let loose = |w: &str| SearchWord {
        text: w.into(),
        loose: true,
    };
    assert_eq!(
        title_highlights("Huawei Ascend", &[written("ascend")]),
        [7, 8, 9, 10, 11, 12]
    );
    // A written word is highlighted where it is written, and nowhere else.
    assert!(title_highlights("Huawei", &[written("hw")]).is_empty());
    assert_eq!(title_highlights("Huawei Ascend", &[loose("hw")]).len(), 2);
    assert!(title_highlights("Huawei", &[loose("zz")]).is_empty());
    // The letters highlighted are the close placement that made the title match: within
    // two words ("Ascend", "controls"), not "A…c…t" across three.
    let title = "US warns that using Huawei Ascend chips anywhere breaks export controls";
    assert_eq!(title_highlights(title, &[loose("act")]), [27, 63, 66]);
}
