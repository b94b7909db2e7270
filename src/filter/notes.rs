//! What to tell a person about how a filter was read: the tags and lanes that were not
//! named exactly and were matched fuzzily, so a typo never silently filters by something else.

use super::{Filter, match_lanes, match_tags};
use crate::model::Timeline;
use crate::text;

/// One note for each tag or lane query that names none exactly but matches some fuzzily:
/// ``no tag is named `chps`: showing tag `chips` ``. A query that matches nothing is left to
/// [`super::Matcher::unmatched`].
pub fn fuzzy_notes(filter: &Filter, timeline: &Timeline) -> Vec<String> {
    let mut out = Vec::new();
    for query in &filter.tags {
        if timeline
            .tags
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(query.trim()))
        {
            continue;
        }
        let names = match_tags(query, timeline)
            .into_iter()
            .map(|(i, _)| timeline.tags[i].name.as_str());
        out.extend(note("tag", query, names));
    }
    for query in &filter.lanes {
        if timeline
            .lanes
            .iter()
            .any(|l| l.eq_ignore_ascii_case(query.trim()))
        {
            continue;
        }
        let names = match_lanes(query, timeline)
            .into_iter()
            .map(|i| timeline.lanes[i].as_str());
        out.extend(note("lane", query, names));
    }
    out
}

/// At most this many names in a note; the rest are counted.
const NAMED: usize = 4;

/// ``no tag is named `q`: showing tags `a`, `b` and `c` `` (best match first), or nothing
/// when `names` is empty.
fn note<'a>(kind: &str, query: &str, names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut names: Vec<String> = names.map(|n| format!("`{}`", text::sanitize(n))).collect();
    if names.len() > NAMED + 1 {
        let more = names.len() - NAMED;
        names.truncate(NAMED);
        names.push(format!("{more} more"));
    }
    let (last, rest) = names.split_last()?;
    let shown = if rest.is_empty() {
        format!("{kind} {last}")
    } else {
        format!("{kind}s {} and {last}", rest.join(", "))
    };
    Some(format!(
        "no {kind} is named `{}`: showing {shown}",
        text::sanitize(query.trim())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    const LOG: &str = r#"
[timeline]
lanes = ["China", "United States", "Chile"]
[actors.a]
name = "A"
lane = "China"
[[events]]
id = "e"
date = "2025"
title = "T"
actors = ["a"]
tags = ["chips", "export-controls", "chip-making"]
"#;

    fn notes(query: &str) -> Vec<String> {
        let t = load::parse(LOG).timeline.unwrap();
        fuzzy_notes(&Filter::parse(query).unwrap(), &t)
    }

    #[test]
    fn a_tag_or_lane_matched_fuzzily_says_what_it_matched() {
        assert_eq!(
            notes("tag:chps"),
            ["no tag is named `chps`: showing tag `chips`"]
        );
        assert_eq!(
            notes("lane:chna"),
            ["no lane is named `chna`: showing lane `China`"]
        );
        assert_eq!(
            notes("tag:chip"),
            ["no tag is named `chip`: showing tags `chip-making` and `chips`"]
        );
        let many = (1..=9)
            .map(|i| format!("\"t{i}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let t = load::parse(&LOG.replace("\"chips\", ", &format!("{many}, ")))
            .timeline
            .unwrap();
        assert_eq!(
            fuzzy_notes(&Filter::parse("tag:t").unwrap(), &t),
            ["no tag is named `t`: showing tags `t1`, `t2`, `t3`, `t4` and 6 more"]
        );
    }

    #[test]
    fn an_exact_name_or_a_query_that_matches_nothing_gets_no_note() {
        assert!(notes("tag:CHIPS lane:\"united states\" lane:China").is_empty());
        assert!(notes("tag:zzzz lane:qqqq").is_empty());
    }
}
