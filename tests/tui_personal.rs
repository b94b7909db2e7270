//! The explorer fitted to a person: key overrides shown in the help and the footer, saved
//! views from the `/` bar and the views picker, saving the filter as a view, a config with
//! errors said on the message line, lane colours from the log.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a panic is a failure with its message.

use annals::config::{self, Config};
use annals::filter::Filter;
use annals::load;
use annals::tui::Setup;
use annals::tui::app::{App, Overlay};
use annals::tui::views::{self, Theme, ViewState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const FIXTURE: &str = include_str!("fixtures/small.toml");

/// The fixture with a view of the log's own.
fn log_with_views() -> String {
    format!("{FIXTURE}\n[views.chip-work]\nquery = \"tag:chips\"\n")
}

/// An explorer on `log` set up from the config text `config` (read from a file, as annals
/// does), with today fixed.
fn explorer(log: &str, config: &str) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    if !config.is_empty() {
        std::fs::write(&path, config).unwrap();
    }
    let timeline = load::parse(log).timeline.expect("log loads");
    let mut app = App::new(timeline, "small.toml".into(), Filter::default());
    app.set_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    let mut setup = Setup::from_config(&Config::load_from(&path));
    setup.theme = Theme::mono();
    app.configure(setup);
    (app, dir)
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.press(KeyEvent::new(code, modifiers), &ViewState::default());
    app.settle();
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn frame(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| views::draw(f, app, &mut ViewState::default(), &Theme::mono()))
        .unwrap();
    terminal.backend().to_string()
}

const KEYS: &str = "[keys.list]\n\"x\" = \"next-month\"\n\"]\" = \"none\"\n\n[keys.global]\n\"L\" = \"toggle-lanes\"\n\"v\" = \"none\"\n\"ctrl-o\" = \"query\"\n";

#[test]
fn key_overrides_work_and_show_in_the_footer_and_the_help() {
    let (mut app, _dir) = explorer(FIXTURE, KEYS);
    let first = app.selected_id();
    typed(&mut app, "]");
    assert_eq!(app.selected_id(), first, "`]` is unbound");
    assert!(app.status().notice().unwrap().contains("does nothing here"));
    typed(&mut app, "x");
    assert_ne!(app.selected_id(), first, "`x` is next month now");
    typed(&mut app, "L");
    assert_eq!(app.nav().view(), annals::tui::app::View::Lanes);
    let footer = frame(&app, 140, 24);
    assert!(footer.contains("L timeline"), "{footer}");
    assert!(!footer.contains("v timeline"), "{footer}");
    typed(&mut app, "L");
    press(&mut app, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(*app.overlay(), Overlay::Query);
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    typed(&mut app, "?");
    insta::assert_snapshot!(frame(&app, 100, 30));
}

#[test]
fn a_config_with_errors_says_so_on_the_message_line_and_keeps_the_defaults() {
    let (mut app, _dir) = explorer(
        FIXTURE,
        "theme = \"drak\"\n[keys.list]\n\"x\" = \"next-month\"\n",
    );
    let said = app.status().notice().unwrap().to_string();
    assert!(
        said.ends_with("config.toml:1:9: unknown theme `drak` — running with the default settings"),
        "{said}"
    );
    let first = app.selected_id();
    typed(&mut app, "x");
    assert_eq!(app.selected_id(), first, "the config's keys are not used");
}

#[test]
fn at_name_in_the_query_bar_uses_a_saved_view_from_the_log_or_the_config() {
    let config = "[views.south]\nquery = \"lane:South\"\n";
    let (mut app, _dir) = explorer(&log_with_views(), config);
    typed(&mut app, "/@chip-work");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.filter().to_query(), "tag:chips");
    typed(&mut app, "c/@south since:-1y");
    assert_eq!(app.filter().to_query(), "lane:South since:-1y");
    assert_eq!(app.filter().dates_in_words(), ["since 29 November 2025"]);
    typed(&mut app, " @sout");
    let err = app.search().error().unwrap();
    assert_eq!(
        err,
        "no saved view is called `@sout`; did you mean `@south`?"
    );
}

#[test]
fn the_views_picker_lists_every_view_with_its_count_and_applies_one() {
    let config = "[views.south]\nquery = \"lane:South\"\n";
    let (mut app, _dir) = explorer(&log_with_views(), config);
    typed(&mut app, "V");
    assert!(matches!(app.overlay(), Overlay::Views(_)));
    insta::assert_snapshot!(frame(&app, 80, 20));
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.filter().to_query(), "tag:chips");
    assert_eq!(app.status().notice(), Some("View @chip-work"));
}

#[test]
fn saving_the_filter_asks_for_a_name_and_writes_it_to_the_config() {
    let (mut app, dir) = explorer(FIXTURE, "theme = \"light\"\n");
    typed(&mut app, "S");
    assert!(app.status().notice().unwrap().contains("no filter to save"));
    typed(&mut app, "/tag:chips");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut app, "S");
    assert!(matches!(app.overlay(), Overlay::SaveView(_)));
    typed(&mut app, "Bad");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(app.overlay(), Overlay::SaveView(_)),
        "stays open to fix the name"
    );
    assert!(frame(&app, 100, 24).contains("cannot name a view"));
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    }
    typed(&mut app, "my-chips");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(*app.overlay(), Overlay::None);
    let path = dir.path().join("config.toml");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "theme = \"light\"\n\n[views.my-chips]\nquery = \"tag:chips\"\n"
    );
    let (settings, problems) = config::read(&std::fs::read_to_string(&path).unwrap());
    assert!(problems.is_empty());
    assert_eq!(settings.views[0].0.name, "my-chips");
    typed(&mut app, "c/@my-chips");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.filter().to_query(), "tag:chips", "usable at once");
}

#[test]
fn lane_colours_from_the_log_colour_the_markers() {
    let log = FIXTURE.replace(
        "lanes = [\"North\", \"South\", \"Firms\"]",
        "lanes = [\"North\", \"South\", \"Firms\"]\nlane_colours = { North = \"#ff8800\" }",
    );
    let timeline = load::parse(&log).timeline.expect("loads");
    let app = App::new(timeline, "x".into(), Filter::default());
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal
        .draw(|f| views::draw(f, &app, &mut ViewState::default(), &Theme::default()))
        .unwrap();
    let orange = ratatui::style::Color::Rgb(255, 136, 0);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .any(|c| c.symbol() == "●" && c.fg == orange),
        "a North marker is orange"
    );
}

#[test]
fn the_config_can_open_the_explorer_in_the_lanes_view() {
    let (app, _dir) = explorer(FIXTURE, "view = \"lanes\"\n");
    assert_eq!(app.nav().view(), annals::tui::app::View::Lanes);
    let (app, _dir) = explorer(FIXTURE, "");
    assert_eq!(app.nav().view(), annals::tui::app::View::Chronology);
    assert_eq!(app.status().notice(), None, "no config, nothing to say");
}

#[test]
fn a_theme_from_the_config_reaches_the_screen_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"light\"\n[colours]\nkey = \"#123456\"\n").unwrap();
    let setup = Setup::from_config(&Config::load_from(&path));
    let wanted = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD)
    } else {
        ratatui::style::Style::new()
            .fg(ratatui::style::Color::Rgb(0x12, 0x34, 0x56))
            .add_modifier(ratatui::style::Modifier::BOLD)
    };
    assert_eq!(setup.theme.key(), wanted);
}

#[test]
fn date_style_long_writes_the_chronologys_dates_as_a_reader_says_them() {
    let (app, _dir) = explorer(FIXTURE, "date_style = \"long\"\n");
    let screen = frame(&app, 100, 24);
    assert!(
        screen.contains("│2024              "),
        "a year stays a year: {screen}"
    );
    assert!(
        screen.contains("│October 2024      S South answers"),
        "{screen}"
    );
    assert!(
        screen.contains("│7 October 2024    N North restricts"),
        "{screen}"
    );
    let (app, _dir) = explorer(FIXTURE, "");
    assert!(frame(&app, 100, 24).contains("│2024-10-07 N North restricts"));
}
