//! `annals tags`: every tag with its number of events.

use super::table::table;
use crate::model::Timeline;
use crate::text;

/// A table of tags, the most used first, then by name.
pub fn tags(timeline: &Timeline) -> String {
    let mut order: Vec<&crate::model::Tag> = timeline.tags.iter().collect();
    order.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let rows: Vec<[String; 2]> = order
        .iter()
        .map(|t| [text::sanitize(&t.name).into_owned(), t.count.to_string()])
        .collect();
    table(["TAG", "EVENTS"], &rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_most_used_tag_comes_first_then_by_name() {
        let event = |id: &str, tags: &str| {
            format!(
                "[[events]]\nid = \"{id}\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [\"a\"]\ntags = [{tags}]\nsummary = \"s\"\nsources = [{{ publisher = \"P\", title = \"Q\", url = \"u\" }}]\n"
            )
        };
        let log = format!(
            "[actors.a]\nname = \"A\"\n{}{}{}",
            event("x", "\"zeta\", \"beta\""),
            event("y", "\"zeta\", \"alpha\""),
            event("z", "\"zeta\", \"beta\"")
        );
        let timeline = crate::load::parse(&log).timeline.unwrap();
        assert_eq!(
            super::tags(&timeline),
            "TAG    EVENTS\nzeta        3\nbeta        2\nalpha       1\n"
        );
    }
}
