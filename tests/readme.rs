//! What the README tells a new user, checked against what annals does: the walkthrough's
//! screen, the commands it lists, and what it says `check` does with a syntax error.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use annals::filter::Filter;
use annals::load;
use annals::tui::app::App;
use annals::tui::views::{self, Theme, ViewState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

/// The explorer on the built-in log at 120×40, as a person drives it.
struct Screen {
    app: App,
    view: ViewState,
}

impl Screen {
    fn new() -> Self {
        let timeline = load::parse(load::BUILTIN)
            .timeline
            .expect("built-in log loads");
        let mut screen = Screen {
            app: App::new(timeline, "events.toml".into(), Filter::default()),
            view: ViewState::default(),
        };
        screen.frame();
        screen
    }

    fn key(&mut self, code: KeyCode) {
        self.app
            .press(KeyEvent::new(code, KeyModifiers::NONE), &self.view);
        self.app.settle();
    }

    fn type_text(&mut self, text: &str) {
        text.chars().for_each(|c| self.key(KeyCode::Char(c)));
    }

    fn frame(&mut self) -> String {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|f| views::draw(f, &self.app, &mut self.view, &Theme { color: true }))
            .unwrap();
        terminal.backend().to_string()
    }
}

#[test]
fn the_walkthrough_link_is_quoted_as_the_screen_shows_it() {
    let step = paragraph("4. **Follow a link and come back.**");
    let quoted = step
        .split('`')
        .find(|q| q.starts_with(['←', '→']))
        .expect("step 4 quotes the link");
    let shown = quoted.trim_end_matches('…');
    let presses = [
        "once", "twice", "three", "four", "five", "six", "seven", "eight", "nine",
    ]
    .iter()
    .position(|n| step.contains(&format!("Press `j` {n}")))
    .expect("step 4 says how many times to press j")
        + 1;

    let mut screen = Screen::new();
    // Steps 1 to 3: the actor picker, the query, Enter on the Ascend guidance.
    screen.key(KeyCode::Char('a'));
    screen.type_text("hwawei");
    screen.key(KeyCode::Enter);
    screen.key(KeyCode::Char('/'));
    screen.type_text(" since:2025-05 ascend");
    screen.key(KeyCode::Enter);
    assert_eq!(screen.app.selected_id().as_deref(), Some("ascend-guidance"));
    screen.key(KeyCode::Enter);
    screen.frame();
    screen.type_text(&"j".repeat(presses));
    let frame = screen.frame();
    assert!(frame.contains(shown), "README quotes `{quoted}`:\n{frame}");
    screen.key(KeyCode::Enter);
    assert_eq!(
        screen.app.selected_id().as_deref(),
        Some("mofcom-ascend-warning"),
        "{}",
        screen.frame()
    );
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
