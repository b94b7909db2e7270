//! Terminal injection, through the built binary: a log whose every string holds escape
//! sequences, 8-bit controls, bidirectional overrides and NUL, and typed input that holds
//! them too. No command may let one of them reach standard output or standard error.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::filter::Filter;
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::views::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;

/// What a hostile string holds, as TOML escapes: ESC with a CSI sequence, an 8-bit CSI,
/// the other C1 ends, right-to-left override and isolate, pop, NUL, BEL, DEL, a tab and a
/// carriage return.
const HOSTILE: &str =
    "\\u001b[5m\\u009b7m\\u0080\\u009f\\u202e\\u202a\\u2066\\u2069\\u0000\\u0007\\u007f\\t\\r";

/// The same, as the characters themselves (for what a person types).
const TYPED: &str = "\u{1b}[2J\u{9b}7m\u{202e}\u{2066}\u{7f}\u{7}";

/// Output formats: every command that prints a log's content (and takes `--format`) runs
/// once in each. A new format is one more entry.
const FORMATS: &[&[&str]] = &[
    &[],
    &["--format", "text"],
    &["--format", "json"],
    &["--format", "csv"],
    &["--format", "tsv"],
    &["--format", "markdown"],
];

/// The commands that print a log's content, in every format.
const OUTPUTS: &[&[&str]] = &[
    &["summary"],
    &["summary", "--width", "30"],
    &["list"],
    &["show", "first"],
    &["show", "second"],
    &["show", "first", "second"],
    &["actors"],
    &["tags"],
];

/// The commands that print a log's content in one way only.
const PLAIN_OUTPUTS: &[&[&str]] = &[&["check"], &["check", "--all"]];

/// A valid log with a hostile string in every field that may hold one. With `declared`, the
/// lanes are listed under `[timeline]`; without, they exist only on the actors.
fn hostile_log(declared: bool) -> String {
    let h = HOSTILE;
    let lanes = if declared {
        format!("lanes = [\"L{h}\", \"{h}M\"]\n")
    } else {
        String::new()
    };
    format!(
        r#"[timeline]
title = "Title{h}"
description = "Description{h}"
{lanes}
[actors.a]
name = "Actor{h}"
aliases = ["Alias{h}"]
lane = "L{h}"
kind = "person"

[actors.b]
name = "Other{h}"
lane = "{h}M"
kind = "company"

[actors.unused]
name = "Unused{h}"
lane = "{h}M"
kind = "company"

[[events]]
id = "first"
date = "2025-01-02"
title = "First{h}"
actors = ["a", "b"]
tags = ["tag{h}", "other{h}"]
summary = "Summary{h}\n\nSecond paragraph{h}"
related = ["second"]

[[events.sources]]
publisher = "Publisher{h}"
title = "Source{h}"
url = "https://example.com/{h}"
date = "2025-01-01"

[[events]]
id = "second"
date = "2025-02"
end = "2025-03"
title = "Second{h}"
actors = ["b"]
summary = "Summary{h}"

[[events.sources]]
publisher = "Publisher{h}"
title = "Source{h}"
"#
    )
}

/// A log whose errors and warnings quote hostile values: an id that is not kebab-case,
/// unknown actor, kind, key, related event and lane, a lane listed twice, a bad date.
fn broken_log() -> String {
    let h = HOSTILE;
    format!(
        r#"[timeline]
title = "T"
lanes = ["L{h}", "L{h}"]

[actors.a]
name = "A"
lane = "Z{h}"
kind = "kind{h}"
"key{h}" = 1

[[events]]
id = "Id{h}"
date = "2025-01{h}"
title = "T"
actors = ["a", "who{h}"]
related = ["what{h}"]
summary = "s"

[[events]]
id = "fine"
date = "2025"
title = "T"
actors = ["a", "who{h}"]
related = ["what{h}"]
summary = "s"
"#
    )
}

/// The characters that must never reach a terminal raw: C0 controls but the newline, DEL,
/// C1 controls, and the bidirectional embeddings, overrides and isolates.
fn forbidden(c: char) -> bool {
    (c.is_ascii_control() && c != '\n')
        || ('\u{80}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Runs annals with `args` and checks both streams; returns standard output and error.
fn run_clean(args: &[&str]) -> (String, String) {
    let out = common::annals(args).output().expect("annals runs");
    let mut streams = Vec::new();
    for (name, bytes) in [("stdout", out.stdout), ("stderr", out.stderr)] {
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| panic!("{args:?}: {name} is not UTF-8: {e}"));
        // Tabs separate the columns of `--format tsv`, and CSV ends its lines with CR LF;
        // anywhere else they are forbidden.
        let tsv = args.contains(&"tsv") && name == "stdout";
        let csv = args.contains(&"csv") && name == "stdout";
        let text_without_line_ends = if csv {
            text.replace("\r\n", "\n")
        } else {
            text.clone()
        };
        let bad: Vec<char> = text_without_line_ends
            .chars()
            .filter(|&c| forbidden(c) && !(tsv && c == '\t'))
            .collect();
        assert!(bad.is_empty(), "{args:?}: {name} holds {bad:?}:\n{text}");
        assert!(!text.contains("panicked"), "{args:?}: {text}");
        streams.push(text);
    }
    let err = streams.pop().unwrap_or_default();
    (streams.pop().unwrap_or_default(), err)
}

#[test]
fn the_hostile_log_is_valid_and_holds_every_hostile_character() {
    for declared in [true, false] {
        let report = annals::load::parse(&hostile_log(declared));
        let t = report.timeline.expect("the hostile log loads");
        assert_eq!(t.events.len(), 2);
        for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2066}', '\0', '\u{7f}'] {
            assert!(t.lanes[0].contains(c), "{c:?}");
            assert!(t.events[0].title().contains(c), "{c:?}");
        }
    }
    let broken = annals::load::parse(&broken_log());
    assert!(broken.errors().count() >= 8, "{:#?}", broken.diagnostics);
}

#[test]
fn no_command_prints_a_control_character_from_the_log() {
    let dir = tempfile::tempdir().expect("temporary directory");
    for declared in [true, false] {
        let path = dir.path().join(format!("hostile-{declared}.toml"));
        std::fs::write(&path, hostile_log(declared)).expect("write the log");
        let file = path.to_str().expect("a UTF-8 path");
        let formatted = FORMATS
            .iter()
            .flat_map(|f| OUTPUTS.iter().map(move |c| (*c, *f)));
        let plain = PLAIN_OUTPUTS.iter().map(|c| (*c, &[][..]));
        for (command, format) in formatted.chain(plain) {
            let mut args = vec!["-f", file];
            args.extend_from_slice(command);
            args.extend_from_slice(format);
            let (out, _) = run_clean(&args);
            assert!(!out.is_empty(), "{args:?} printed nothing");
        }
    }
}

#[test]
fn errors_about_the_log_quote_it_safely() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, broken_log()).expect("write the log");
    let file = path.to_str().expect("a UTF-8 path");
    for command in OUTPUTS.iter().chain(PLAIN_OUTPUTS) {
        let mut args = vec!["-f", file];
        args.extend_from_slice(command);
        let (out, err) = run_clean(&args);
        assert!(
            out.contains("error:") || err.contains("error:"),
            "{args:?}: {out}{err}"
        );
    }
}

#[test]
fn what_a_person_typed_is_echoed_safely() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("hostile.toml");
    std::fs::write(&path, hostile_log(true)).expect("write the log");
    let file = path.to_str().expect("a UTF-8 path");
    let missing = format!("/nonexistent/{TYPED}.toml");
    let queries = [
        format!("actor:{TYPED}"),
        format!("tag:{TYPED}"),
        format!("lane:{TYPED}"),
        format!("importance:{TYPED}"),
        format!("since:{TYPED}"),
        format!("\"{TYPED}"),
        format!("zq{TYPED}"),
    ];
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["-f", &missing, "list"],
        vec!["-f", file, "show", TYPED],
        vec!["-f", file, TYPED],
        vec!["-f", file, "list", "--actor", TYPED],
        vec!["-f", file, "list", "--since", TYPED],
        vec!["-f", file, "summary", "--width", TYPED],
    ];
    for query in &queries {
        runs.push(vec!["-f", file, "list", query]);
        runs.push(vec!["-f", file, "summary", query]);
    }
    for args in runs {
        let (_, err) = run_clean(&args);
        assert!(!err.is_empty(), "{args:?} said nothing");
    }
}

fn unsafe_in(text: &str) -> Vec<char> {
    text.chars().filter(|&c| forbidden(c)).collect()
}

#[test]
fn no_renderer_returns_a_control_character_from_the_log() {
    for declared in [true, false] {
        let t = annals::load::parse(&hostile_log(declared))
            .timeline
            .expect("the hostile log loads");
        let all: Vec<usize> = (0..t.events.len()).collect();
        let mut outputs = vec![annals::render::list(&t, &all), annals::render::actors(&t)];
        for width in [1, 20, 80] {
            outputs.push(annals::render::summary(&t, &all, TYPED, width));
            outputs.extend(all.iter().map(|&i| annals::render::show(&t, i, width)));
        }
        for out in outputs {
            assert!(
                unsafe_in(&out).is_empty(),
                "{:?} in:\n{out}",
                unsafe_in(&out)
            );
        }
    }
}

/// Every view and popup of the explorer on the hostile log, typed input included, in
/// colour and without: no cell holds a character that must not reach the terminal.
#[test]
fn the_explorer_draws_no_control_character_from_the_log() {
    let steps: Vec<Vec<Action>> = vec![
        vec![],
        vec![Action::Enter],
        vec![Action::ToggleDetail],
        vec![Action::ToggleLanes],
        vec![Action::PickActors, Action::Down],
        vec![Action::PickTags],
        vec![Action::Help],
        vec![Action::Query],
        TYPED.chars().map(Action::Input).collect(),
        vec![Action::Escape],
        "since:"
            .chars()
            .chain(TYPED.chars())
            .map(Action::Input)
            .collect(),
    ];
    for declared in [true, false] {
        let t = annals::load::parse(&hostile_log(declared))
            .timeline
            .expect("the hostile log loads");
        let mut app = App::new(t, format!("/x/{TYPED}.toml"), Filter::default());
        app.reload_failed(format!("/x/{TYPED}.toml: {TYPED}"));
        let mut view = views::ViewState::default();
        for step in &steps {
            for action in step {
                app.apply(*action, &view);
            }
            app.settle();
            for theme in [Theme::mono(), Theme::from_env()] {
                for (w, h) in [(120, 40), (50, 16)] {
                    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
                    terminal
                        .draw(|f| views::draw(f, &app, &mut view, &theme))
                        .expect("draws");
                    let buffer = terminal.backend().buffer();
                    for cell in buffer.content() {
                        let bad = unsafe_in(cell.symbol());
                        assert!(bad.is_empty(), "{bad:?} drawn after {step:?}");
                    }
                    // ratatui drops control characters it is given: what is left of an
                    // escape sequence shows whether the string was sanitized (`\u{FFFD}[5m`)
                    // or reached ratatui raw (`[5m`).
                    for row in buffer.content().chunks(usize::from(w)) {
                        let row: String = row.iter().map(|c| c.symbol()).collect();
                        for visible in ["[5m", "[2J"] {
                            for (at, _) in row.match_indices(visible) {
                                assert!(
                                    row[..at].ends_with('\u{FFFD}'),
                                    "unsanitized after {step:?}: {row}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
