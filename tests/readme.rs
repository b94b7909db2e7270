//! What the README tells a new user, checked against what annals does: the commands it
//! lists, and what it says `check` does with a syntax error. (The walkthrough runs on the
//! curated log, which tests never use, so that curating never breaks a test: it is tried by
//! hand.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::load;

const README: &str = include_str!("../README.md");

/// The README's paragraph that starts with `start`, up to the next blank line or list item.
fn paragraph(start: &str) -> String {
    let at = README.find(start).expect("README has the paragraph");
    let rest = &README[at..];
    let end = rest[1..]
        .find("\n\n")
        .into_iter()
        .chain(rest[1..].find("\n5. "))
        .min()
        .map_or(rest.len(), |e| e + 1);
    rest[..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_commands_table_lists_every_command() {
    use clap::CommandFactory;
    for command in annals::cli::Cli::command().get_subcommands() {
        let row = format!("| `annals {}", command.get_name());
        assert!(README.contains(&row), "README has no row for {row}`");
    }
}

#[test]
fn a_syntax_error_stops_the_later_checks_as_the_readme_says() {
    let said = paragraph("The one exception is a TOML syntax error");
    assert!(said.contains("a syntax error stops them"), "{said}");
    // An undeclared actor, reported on its own, goes unreported beside a syntax error.
    let good = "[actors.a]\nname = \"A\"\n[[events]]\nid = \"e\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [\"zz\"]\n";
    let alone = load::parse(good);
    assert!(alone.errors().any(|d| d.message.contains("unknown actor")));
    let broken = load::parse(&good.replace("title = \"T\"", "title = \"T"));
    let messages: Vec<&str> = broken.errors().map(|d| d.message.as_str()).collect();
    assert!(!messages.is_empty());
    assert!(
        messages.iter().all(|m| m.starts_with("TOML syntax")),
        "{messages:?}"
    );
}

#[test]
fn the_canonical_layout_is_the_one_fmt_writes() {
    use annals::edit::layout;
    let said = paragraph("- `[timeline]` first, then the actors");
    assert!(said.contains("`[timeline]` first, then the actors, eras, saved views and events"));
    assert_eq!(
        layout::SECTIONS,
        ["timeline", "actors", "eras", "views", "events"]
    );
    let keys = paragraph("- keys in the order of");
    let events: Vec<String> = layout::EVENT_KEYS[..9]
        .iter()
        .map(|k| format!("`{k}`"))
        .collect();
    assert!(keys.contains(&events.join(", ")), "{keys}");
    let sources: Vec<String> = layout::SOURCE_KEYS
        .iter()
        .map(|k| format!("`{k}`"))
        .collect();
    assert!(keys.contains(&sources.join(", ")), "{keys}");
}
