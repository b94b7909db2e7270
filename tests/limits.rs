//! Sizes past any sensible log: megabyte-long strings in every field, a megabyte-long
//! value in an error message. Every output stays bounded and nothing panics.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::filter::Filter;
use annals::tui::app::App;
use annals::tui::views::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;

const MB: usize = 1 << 20;

/// Just longer than a format width can be (16 bits), which made `list` panic; short enough
/// for every renderer and the explorer to run on it quickly in a debug build. The binary
/// runs on a megabyte below.
const LONG: usize = 65_537;

/// A valid log whose id, title, actor name, tag, lane, publisher and URL are each `len`
/// characters long.
fn long_log(len: usize) -> String {
    let long = |c: &str| c.repeat(len);
    format!(
        r#"[actors.a]
name = "{name}"
lane = "{lane}"
kind = "person"

[[events]]
id = "{id}"
date = "2025-01-02"
title = "{title}"
actors = ["a"]
tags = ["{tag}"]
summary = "s"
related = ["short"]

[[events.sources]]
publisher = "{publisher}"
title = "t"
url = "https://{url}"

[[events]]
id = "short"
date = "2025-02"
title = "T"
actors = ["a"]
summary = "s"
sources = [{{ publisher = "p", title = "t" }}]
"#,
        name = long("n"),
        lane = long("l"),
        id = long("a"),
        title = long("t "),
        tag = long("g"),
        publisher = long("p"),
        url = long("u"),
    )
}

fn annals(args: &[&str], log: &str) -> (String, String, Option<i32>) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("long.toml");
    std::fs::write(&path, log).expect("write the log");
    let mut all = vec!["-f", path.to_str().expect("a UTF-8 path")];
    all.extend_from_slice(args);
    let (code, out, err) = common::output(&mut common::annals(&all));
    (out, err, (code >= 0).then_some(code))
}

#[test]
fn every_renderer_bounds_a_very_long_string_in_every_field() {
    let t = annals::load::parse(&long_log(LONG))
        .timeline
        .expect("the long log loads");
    let all = [0, 1];
    let list = annals::render::list(&t, &all);
    for line in list.lines() {
        let id = line.split_whitespace().nth(1).unwrap_or("");
        assert!(
            annals::text::width(id) <= annals::render::ID_MAX,
            "{id:.40}"
        );
    }
    let tables = annals::render::actors(&t) + &annals::render::tags(&t);
    for line in tables.lines() {
        assert!(annals::text::width(line) <= 200, "{line:.80}");
    }
    // A URL is never broken (it runs past the width, to stay clickable): every other line
    // keeps to the width.
    let within = |out: &str, width: usize| {
        for line in out.lines().filter(|l| !l.contains("https://")) {
            assert!(annals::text::width(line) <= width, "{width}: {line:.100}");
        }
    };
    for width in [20] {
        within(&annals::render::summary(&t, &all, "", width), width);
        for i in all {
            within(&annals::render::show(&t, i, width), width);
        }
    }
    let mut app = App::new(t, "long.toml".into(), Filter::default());
    let mut view = views::ViewState::default();
    for action in [
        annals::tui::action::Action::Enter,
        annals::tui::action::Action::ToggleLanes,
    ] {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        terminal
            .draw(|f| views::draw(f, &app, &mut view, &Theme::mono()))
            .expect("draws");
        app.apply(action, &view);
    }
}

/// A format width must fit in 16 bits: `{:<65536$}` panicked.
#[test]
fn list_with_a_megabyte_in_every_field_does_not_panic() {
    let (out, err, code) = annals(&["list"], &long_log(MB));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), 2);
    let id = out.split_whitespace().nth(1).unwrap_or("");
    assert_eq!(annals::text::width(id), annals::render::ID_MAX);
}

#[test]
fn a_megabyte_long_value_is_shortened_in_messages() {
    let log = long_log(MB).replacen("id = \"aaa", "id = \"Aaa", 1);
    assert!(log.contains("id = \"Aaa"));
    let (out, err, code) = annals(&["check"], &log);
    assert_eq!(code, Some(1));
    assert!(out.contains("is not lowercase kebab-case"), "{out:.400}");
    for line in out.lines().chain(err.lines()) {
        assert!(line.chars().count() < 200, "{line:.200}");
    }
    let (_, err, code) = annals(&["show", &"x".repeat(100_000)], &long_log(10));
    assert_eq!(code, Some(2));
    assert!(err.chars().count() < 300, "{err:.300}");
}

/// `check` shows the first 50 diagnostics of a kind and counts the rest; `--all` shows all.
#[test]
fn check_counts_what_is_past_fifty_of_a_kind_and_all_shows_every_one() {
    let mut log = String::from("[actors.a]\nname = \"A\"\n");
    for i in 0..60 {
        log.push_str(&format!(
            "[[events]]\nid = \"e{i}\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [\"a\"]\nsummary = \"s\"\n"
        ));
    }
    let (out, _, code) = annals(&["check"], &log);
    assert_eq!(code, Some(0));
    assert_eq!(out.matches("has no source").count(), 51, "{out}");
    assert!(out.contains("warning: … and 10 more like this: event `…` has no source"));
    assert!(out.contains("0 errors and 60 warnings"));
    let (all, _, _) = annals(&["check", "--all"], &log);
    assert_eq!(all.matches("has no source").count(), 60);
    assert!(!all.contains("more like this"));
}
