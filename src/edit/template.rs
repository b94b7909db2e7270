//! `annals new`: the small commented log a curator starts from.

/// A log that `annals check` passes without a warning, each field explained where it is.
pub const TEMPLATE: &str = r#"# An annals log: dated events, who acted, and where it was reported.
# `annals check` validates it; `annals fmt` lays it out; `annals add` adds an event.
# The format is in annals' README ("The event log").

[timeline]
title = "My timeline" # shown at the top of the explorer and summaries
description = "What this log follows, and from when."
lanes = ["Government", "Industry"] # the rows of the lanes view, in display order

# Each actor: [actors.ID], the id lowercase kebab-case, used in events' `actors`.
[actors.example-ministry]
name = "Example Ministry" # the full name shown
aliases = ["the Ministry"] # other names the actor filter also finds
lane = "Government" # one of the timeline's lanes
kind = "government" # government | company | alliance | organization | person | country

[actors.example-corp]
name = "Example Corp"
lane = "Industry"
kind = "company"

# Each event: an [[events]] table; they may come in any order, and are shown by date.
[[events]]
id = "rules-announced" # unique, lowercase kebab-case
date = "2025-01" # "YYYY", "YYYY-MM" or "YYYY-MM-DD": the precision is kept
title = "The Ministry announces new rules"
actors = ["example-ministry"] # declared actors; the first is the one who acted
tags = ["rules"] # free words to filter by
importance = 2 # 1 background, 2 notable, 3 major
summary = """
A paragraph or two in your own words: what happened, and why it matters.
"""

# Where it was reported: one [[events.sources]] table per source, right after its event.
[[events.sources]]
publisher = "Example News"
title = "Ministry announces new rules"
url = "https://example.com/rules"

[[events]]
id = "corp-responds"
date = "2025-02-14"
end = "2025-02-15" # optional: the last day, same forms, not before `date`
title = "Example Corp responds to the rules"
actors = ["example-corp", "example-ministry"]
tags = ["rules", "industry"]
importance = 1
summary = """
How the company answered.
"""
related = ["rules-announced"] # ids of other events; links are shown both ways

[[events.sources]]
publisher = "Example Wire"
title = "Corp says it will comply"
url = "https://example.com/comply"
date = "2025-02-14" # optional: when the source was published
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_loads_without_a_warning_and_is_already_formatted() {
        let report = crate::load::parse(TEMPLATE);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(report.timeline.map(|t| t.events.len()), Some(2));
        assert_eq!(
            super::super::fmt::format(TEMPLATE, false).unwrap(),
            TEMPLATE
        );
    }
}
