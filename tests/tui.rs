//! The explorer without a terminal: actions in, state out; and whole frames drawn on
//! ratatui's TestBackend, compared with snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::sync::Arc;

use annals::filter::{Filter, TextIndex};
use annals::load;
use annals::tui::action::Action;
use annals::tui::app::{App, Focus, Overlay, View};
use annals::tui::keymap;
use annals::tui::timeline::Zoom;
use annals::tui::views::{self, Theme, ViewState};
use chrono::Datelike;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const FIXTURE: &str = include_str!("fixtures/small.toml");

/// The explorer as the event loop holds it: the state, and what drawing keeps.
struct Ui {
    app: App,
    view: ViewState,
}

impl std::ops::Deref for Ui {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl Ui {
    fn new(app: App) -> Self {
        Ui {
            app,
            view: ViewState::default(),
        }
    }

    fn update(&mut self, action: Action) {
        self.app.update(action, &self.view);
    }

    fn apply(&mut self, action: Action) {
        self.app.apply(action, &self.view);
    }

    fn settle(&mut self) {
        self.app.settle();
    }

    fn set_filter(&mut self, filter: Filter) {
        self.app.set_filter(filter);
    }

    fn set_timeline(&mut self, timeline: Arc<annals::model::Timeline>, index: Arc<TextIndex>) {
        self.app.set_timeline(timeline, index);
    }
}

fn app() -> Ui {
    app_with(Filter::default())
}

fn app_with(filter: Filter) -> Ui {
    let timeline = load::parse(FIXTURE).timeline.expect("fixture loads");
    Ui::new(App::new(timeline, "small.toml".into(), filter))
}

fn selected_id(app: &Ui) -> String {
    app.selected_id().unwrap_or_default()
}

/// Presses keys as a person would, through the key table.
fn press(app: &mut Ui, keys: &str) {
    for c in keys.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn key(app: &mut Ui, code: KeyCode) {
    key_with(app, code, KeyModifiers::NONE);
}

fn key_with(app: &mut Ui, code: KeyCode, modifiers: KeyModifiers) {
    app.app.press(KeyEvent::new(code, modifiers), &app.view);
    app.settle();
}

/// Draws one frame.
fn draw(app: &mut Ui, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| views::draw(f, &app.app, &mut app.view, &Theme::mono()))
        .unwrap();
    terminal
}

/// Draws one frame and returns it as text, one quoted line per row.
fn frame(app: &mut Ui, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}

// ---------------------------------------------------------------- state

#[test]
fn navigation_moves_through_events_in_date_order() {
    let mut app = app();
    assert_eq!(selected_id(&app), "year-plan");
    press(&mut app, "jj");
    assert_eq!(selected_id(&app), "chip-rule");
    press(&mut app, "G");
    assert_eq!(selected_id(&app), "wide-title");
    press(&mut app, "k");
    assert_eq!(selected_id(&app), "talks");
    press(&mut app, "g");
    assert_eq!(selected_id(&app), "year-plan");
    press(&mut app, "k");
    assert_eq!(selected_id(&app), "year-plan", "stops at the top");
}

#[test]
fn month_jumps_land_on_the_first_event_of_a_month() {
    let mut app = app();
    press(&mut app, "]");
    assert_eq!(selected_id(&app), "south-response");
    press(&mut app, "]");
    assert_eq!(selected_id(&app), "talks");
    press(&mut app, "[");
    assert_eq!(selected_id(&app), "south-response");
}

#[test]
fn following_links_and_going_back_like_a_browser() {
    let mut app = app();
    press(&mut app, "jj");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.nav().focus(), Focus::Detail);
    // chip-rule links to south-response, and talks links to chip-rule.
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "south-response");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "chip-rule");
    press(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "talks");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "chip-rule");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.status().notice(), Some("Nothing to go back to"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.nav().focus(), Focus::List);
    assert_eq!(
        app.status().notice(),
        None,
        "a message lasts until the next key"
    );
}

#[test]
fn a_link_to_a_filtered_out_event_clears_the_filter_and_says_so() {
    let mut app = app_with(Filter::parse("actor:acme").unwrap());
    assert_eq!(app.results().len(), 1);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "south-response");
    assert!(app.filter().is_empty());
    assert_eq!(
        app.status().notice(),
        Some("Filter cleared to show `south-response`")
    );
}

#[test]
fn the_query_bar_filters_live_and_keeps_the_last_good_result() {
    let mut app = app();
    press(&mut app, "/");
    assert_eq!(*app.overlay(), Overlay::Query);
    press(&mut app, "actor:north");
    assert_eq!(app.results().len(), 2);
    press(&mut app, " since:2025");
    assert_eq!(app.results().len(), 1);
    press(&mut app, "-13");
    assert!(app.search().error().unwrap().contains("month 13"));
    assert_eq!(app.results().len(), 1, "the last good result stays");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "01");
    assert_eq!(app.search().error(), None);
    assert_eq!(app.results().len(), 1);
    key(&mut app, KeyCode::Enter);
    assert_eq!(*app.overlay(), Overlay::None);
    assert_eq!(app.filter().to_query(), "actor:north since:2025-01");
}

#[test]
fn escape_in_the_query_bar_restores_the_filter_before() {
    let mut app = app_with(Filter::parse("tag:chips").unwrap());
    press(&mut app, "/");
    press(&mut app, " zzzz");
    assert_eq!(app.results().len(), 0);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.filter().to_query(), "tag:chips");
    assert_eq!(app.results().len(), 1);
}

#[test]
fn escape_then_a_key_typed_fast_is_not_typed_into_the_query_bar() {
    // The terminal sends Esc then `q` typed quickly as one Alt-q.
    let mut query = app_with(Filter::parse("tag:chips").unwrap());
    press(&mut query, "/ ascend");
    key_with(&mut query, KeyCode::Char('q'), KeyModifiers::ALT);
    assert_eq!(*query.overlay(), Overlay::None);
    assert_eq!(query.filter().to_query(), "tag:chips");
    assert!(query.quit_requested());
    // In the list, Alt-j is Esc (clearing the message line) then `j`.
    let mut list = app();
    key_with(&mut list, KeyCode::Char('j'), KeyModifiers::ALT);
    assert_eq!(selected_id(&list), app_after("j"));
}

/// The event selected after pressing `keys` on a fresh explorer.
fn app_after(keys: &str) -> String {
    let mut app = app();
    press(&mut app, keys);
    selected_id(&app)
}

#[test]
fn the_actor_picker_narrows_fuzzily_and_applies_several() {
    let mut app = app();
    press(&mut app, "a");
    let Overlay::Picker(picker) = app.overlay() else {
        panic!("picker expected")
    };
    assert_eq!(picker.entries.len(), 4);
    press(&mut app, "nrth");
    let Overlay::Picker(picker) = app.overlay() else {
        panic!("picker expected")
    };
    assert_eq!(picker.entries.len(), 1);
    press(&mut app, " ");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "acme ");
    key(&mut app, KeyCode::Enter);
    assert_eq!(*app.overlay(), Overlay::None);
    assert_eq!(app.filter().actors, ["north-gov", "acme"]);
    assert_eq!(app.results().len(), 2);
}

#[test]
fn the_tag_picker_applies_the_highlighted_tag_when_none_is_marked() {
    let mut app = app();
    press(&mut app, "t");
    press(&mut app, "diplo");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().tags, ["diplomacy"]);
    assert_eq!(selected_id(&app), "talks");
}

#[test]
fn clear_removes_every_filter() {
    let mut app = app_with(Filter::parse("actor:acme tag:chips").unwrap());
    press(&mut app, "c");
    assert!(app.filter().is_empty());
    assert_eq!(app.results().len(), 5);
}

#[test]
fn filtering_keeps_the_selected_event_when_it_still_shows() {
    let mut app = app();
    press(&mut app, "jjj");
    assert_eq!(selected_id(&app), "talks");
    app.set_filter(Filter::parse("actor:south").unwrap());
    assert_eq!(selected_id(&app), "talks");
}

#[test]
fn reload_keeps_the_selection_by_id() {
    let mut app = app();
    press(&mut app, "jjj");
    let edited = FIXTURE.replace("date = \"2024\"\n", "date = \"2026\"\n");
    let timeline = load::parse(&edited).timeline.unwrap();
    let index = TextIndex::new(&timeline);
    app.set_timeline(Arc::new(timeline), Arc::new(index));
    assert_eq!(selected_id(&app), "talks");
    assert_eq!(app.results().len(), 5);
    assert_eq!(
        app.results()
            .iter()
            .position(|&i| app.timeline().events[i].id() == "year-plan"),
        Some(4)
    );
}

#[test]
fn lanes_view_walks_through_time_and_zooms() {
    let mut app = app();
    press(&mut app, "v");
    assert_eq!(app.nav().view(), View::Lanes);
    assert_eq!(app.lanes().zoom(), Zoom::Fit, "opens on the whole log");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    assert_eq!(selected_id(&app), "chip-rule");
    key(&mut app, KeyCode::Left);
    assert_eq!(selected_id(&app), "south-response");
    draw(&mut app, 120, 40);
    press(&mut app, "-");
    assert_eq!(app.lanes().zoom(), Zoom::Fit);
    assert_eq!(
        app.status().notice(),
        Some("Already showing the whole log (fit): + zooms in")
    );
    press(&mut app, "+");
    assert!(app.lanes().zoom() > Zoom::Fit);
    press(&mut app, "++++++");
    assert_eq!(app.lanes().zoom(), Zoom::Days);
    assert_eq!(
        app.status().notice(),
        Some("Already at the closest zoom (days)")
    );
    press(&mut app, "------");
    assert_eq!(app.lanes().zoom(), Zoom::Fit);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        (app.nav().view(), app.nav().focus()),
        (View::Chronology, Focus::Detail)
    );
}

#[test]
fn help_opens_and_closes_and_q_quits() {
    let mut app = app();
    press(&mut app, "?");
    assert_eq!(*app.overlay(), Overlay::Help);
    key(&mut app, KeyCode::Esc);
    assert_eq!(*app.overlay(), Overlay::None);
    press(&mut app, "q");
    assert!(app.quit_requested());
}

#[test]
fn a_click_selects_the_row_under_the_mouse() {
    let mut app = app();
    frame(&mut app, 120, 40);
    let (x, y) = (app.view.list_area().x, app.view.list_area().y);
    let rows = app.view.list_rows().to_vec();
    let row = rows.iter().position(|r| *r == Some(3)).unwrap() as u16;
    app.update(Action::Click {
        column: x + 2,
        row: y + row,
    });
    assert_eq!(selected_id(&app), "talks");
    app.update(Action::Scroll(3));
    assert_eq!(selected_id(&app), "wide-title");
}

#[test]
fn keys_do_nothing_while_loading() {
    let mut app = Ui::new(App::loading("big.toml".into(), Filter::default()));
    press(&mut app, "jv/");
    assert_eq!(*app.overlay(), Overlay::None);
    press(&mut app, "q");
    assert!(app.quit_requested());
}

// ---------------------------------------------------------------- frames

#[test]
fn main_screen_wide() {
    let mut app = app();
    press(&mut app, "jj");
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn main_screen_narrow() {
    let mut app = app();
    press(&mut app, "jj");
    insta::assert_snapshot!(frame(&mut app, 60, 20));
}

#[test]
fn narrow_detail_when_focused() {
    let mut app = app();
    press(&mut app, "jj");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(frame(&mut app, 60, 20));
}

#[test]
fn detail_focus_with_a_link_selected() {
    let mut app = app();
    press(&mut app, "jj");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "j");
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn query_bar_with_matches_highlighted() {
    let mut app = app();
    press(&mut app, "/chips");
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn query_bar_with_a_word_written_nowhere() {
    let mut app = app();
    press(&mut app, "/nrth rstrcts");
    insta::assert_snapshot!(frame(&mut app, 120, 20));
}

#[test]
fn query_bar_with_an_error() {
    let mut app = app();
    press(&mut app, "/acter:x");
    insta::assert_snapshot!(frame(&mut app, 60, 20));
}

#[test]
fn actor_picker() {
    let mut app = app();
    press(&mut app, "aso");
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn tag_picker_narrow() {
    let mut app = app();
    press(&mut app, "t");
    insta::assert_snapshot!(frame(&mut app, 60, 20));
}

#[test]
fn help_overlay() {
    let mut app = app();
    press(&mut app, "?");
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn lanes_view() {
    let mut app = app();
    press(&mut app, "v");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn lanes_view_narrow_zoomed_in() {
    let mut app = app();
    press(&mut app, "v+++");
    insta::assert_snapshot!(frame(&mut app, 60, 20));
}

#[test]
fn too_small() {
    let mut app = app();
    insta::assert_snapshot!(frame(&mut app, 30, 8));
    // Degenerate sizes draw without panicking.
    for (w, h) in [(1, 1), (0, 0), (1, 40), (200, 1), (40, 12)] {
        draw(&mut app, w, h);
    }
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let mut app = app();
    press(&mut app, "G");
    let terminal = draw(&mut app, 120, 40);
    insta::assert_snapshot!(terminal.backend().to_string());
    // The borders of both panes stay in their columns on every row of the panes.
    let buffer = terminal.backend().buffer();
    let l = app.view.list_area();
    let (x, y, w, h) = (l.x, l.y, l.width, l.height);
    for row in y..y + h {
        assert_eq!(buffer[(x - 1, row)].symbol(), "│", "row {row}");
        assert_eq!(buffer[(x + w, row)].symbol(), "│", "row {row}");
        assert_eq!(buffer[(119, row)].symbol(), "│", "row {row}");
    }
}

#[test]
fn loading_screen() {
    let mut app = Ui::new(App::loading("big.toml".into(), Filter::default()));
    insta::assert_snapshot!(frame(&mut app, 60, 20));
}

#[test]
fn the_loading_screen_says_how_big_the_log_is_and_q_still_quits() {
    let mut loading = App::loading("big.toml".into(), Filter::default());
    loading.set_loading_size(1_018_282_006);
    let mut app = Ui::new(loading);
    let screen = frame(&mut app, 60, 20);
    assert!(screen.contains("Loading big.toml (1.0 GB)…"), "{screen}");
    press(&mut app, "jjG");
    assert!(frame(&mut app, 60, 20).contains("Loading big.toml"));
    press(&mut app, "q");
    assert!(app.quit_requested());
}

#[test]
fn reload_problem_banner() {
    let mut app = app();
    app.app
        .reload_failed("small.toml:12:3: unknown actor `x` — showing the last good version".into());
    insta::assert_snapshot!(frame(&mut app, 120, 40));
}

#[test]
fn every_drawable_state_survives_resizing() {
    let mut app = app();
    for keys in [
        "", "jj\n", "/x", "\u{1b}a", "\u{1b}t", "\u{1b}?", "\u{1b}v+",
    ] {
        for c in keys.chars() {
            match c {
                '\n' => key(&mut app, KeyCode::Enter),
                '\u{1b}' => key(&mut app, KeyCode::Esc),
                c => press(&mut app, &c.to_string()),
            }
        }
        for (w, h) in [
            (120, 40),
            (60, 20),
            (39, 11),
            (40, 12),
            (99, 29),
            (100, 30),
            (250, 80),
        ] {
            draw(&mut app, w, h);
        }
    }
}

#[test]
fn a_panic_while_drawing_restores_the_terminal_first() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static RESTORED: AtomicBool = AtomicBool::new(false);
    annals::tui::terminal::install_panic_hook(|| RESTORED.store(true, Ordering::SeqCst));
    let app = app();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
        terminal
            .draw(|f| {
                views::draw(f, &app.app, &mut ViewState::default(), &Theme::mono());
                panic!("boom while drawing");
            })
            .unwrap();
    }));
    assert!(result.is_err());
    assert!(RESTORED.load(Ordering::SeqCst));
}

#[test]
fn readme_key_table_is_the_keymap() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("<!-- keys:start -->")
        .expect("README has the keys marker");
    let end = readme
        .find("<!-- keys:end -->")
        .expect("README has the keys end marker");
    let table = &readme[start + "<!-- keys:start -->".len()..end];
    let expected = keymap::Keymap::default().markdown();
    if std::env::var_os("ANNALS_WRITE_README_KEYS").is_some() {
        let updated = format!(
            "{}{}{}",
            &readme[..start + "<!-- keys:start -->".len()],
            expected,
            &readme[end..]
        );
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        table, expected,
        "README's key table differs from the keymap: run ANNALS_WRITE_README_KEYS=1 cargo test readme_key_table"
    );
}

#[test]
fn a_burst_of_typed_keys_filters_once_when_settled() {
    let mut app = app();
    press(&mut app, "/");
    for c in "chips".chars() {
        app.apply(Action::Input(c));
    }
    assert_eq!(app.results().len(), 5, "not filtered until settled");
    app.settle();
    assert_eq!(app.results().len(), 1);
    // Enter settles what is pending before closing the bar.
    app.apply(Action::Input('x'));
    app.apply(Action::Enter);
    assert_eq!(app.filter().words, ["chipsx"]);
}

// ---------------------------------------------------------------- rough edges (issue 12)

/// A log of `n` events, one a month from January 2020; every fifth title says "ascend".
fn many(n: usize) -> Ui {
    let mut log = String::from(
        "[timeline]\ntitle = \"Many\"\n\n[actors.x]\nname = \"X\"\nkind = \"company\"\n",
    );
    for i in 0..n {
        let word = if i % 5 == 0 { "ascend" } else { "other" };
        log.push_str(&format!(
            "\n[[events]]\nid = \"e{i}\"\ndate = \"{}-{:02}\"\ntitle = \"Event {i} {word}\"\nactors = [\"x\"]\nsummary = \"s\"\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://example.com/{i}\"\n",
            2020 + i / 12,
            i % 12 + 1
        ));
    }
    let timeline = load::parse(&log).timeline.expect("generated log loads");
    Ui::new(App::new(timeline, "many.toml".into(), Filter::default()))
}

#[test]
fn every_result_shows_when_they_fit_after_a_filter_change() {
    let mut app = many(60);
    frame(&mut app, 120, 40);
    press(&mut app, "G");
    frame(&mut app, 120, 40);
    press(&mut app, "/ascend");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.results().len(), 12);
    let screen = frame(&mut app, 120, 40);
    for i in (0..60).step_by(5) {
        assert!(
            screen.contains(&format!("Event {i} ascend")),
            "Event {i} is not on screen:\n{screen}"
        );
    }
}

#[test]
fn on_a_short_narrow_terminal_esc_shows_the_list_again() {
    let mut app = app();
    frame(&mut app, 60, 20);
    key(&mut app, KeyCode::Enter);
    assert!(frame(&mut app, 60, 20).contains("Detail"));
    key(&mut app, KeyCode::Esc);
    let screen = frame(&mut app, 60, 20);
    assert!(screen.contains("Chronology"), "{screen}");
    assert!(!screen.contains("┌ Detail"), "{screen}");
    // d opens the detail again, with the keyboard, and says how to leave it.
    press(&mut app, "d");
    assert_eq!(app.nav().focus(), Focus::Detail);
    assert!(frame(&mut app, 60, 20).contains("Esc list"));
}

#[test]
fn d_hides_the_detail_pane_on_a_wide_terminal_and_titles_get_the_width() {
    let mut app = many(3);
    let long = "Event 0 ascend";
    assert!(frame(&mut app, 120, 40).contains("┌ Detail"));
    press(&mut app, "d");
    let screen = frame(&mut app, 120, 40);
    assert!(!screen.contains("┌ Detail"), "{screen}");
    assert!(screen.contains(long));
    assert!(
        screen.contains("d detail"),
        "the footer says how to get it back"
    );
    press(&mut app, "d");
    assert!(frame(&mut app, 120, 40).contains("┌ Detail"));
}

#[test]
fn the_detail_pane_wraps_actor_lines_and_shows_urls_whole() {
    let mut app = app();
    press(&mut app, "jj");
    let screen = frame(&mut app, 100, 40);
    // The detail pane is the right-hand 45 columns.
    let detail: Vec<String> = screen
        .lines()
        .map(|l| {
            l.chars()
                .rev()
                .take(46)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect()
        })
        .collect();
    let detail = detail.join("\n");
    assert!(detail.contains("Northern Government (North,"), "{detail}");
    assert!(detail.contains("           acted)"), "{detail}");
    assert!(
        detail.contains("https://example.com/north-curbs"),
        "{detail}"
    );
    assert!(
        !detail.contains('…'),
        "nothing in the detail pane is cut:\n{detail}"
    );
}

#[test]
fn a_new_reload_problem_replaces_the_reloaded_message() {
    let mut app = app();
    let timeline = load::parse(FIXTURE).timeline.unwrap();
    let index = TextIndex::new(&timeline);
    app.app.reloaded(Arc::new(timeline), Arc::new(index));
    assert_eq!(app.status().notice(), Some("Reloaded small.toml"));
    app.app.reload_failed("small.toml is gone".into());
    assert_eq!(app.status().notice(), None);
    let screen = frame(&mut app, 120, 40);
    assert!(!screen.contains("Reloaded"), "{screen}");
}

#[test]
fn an_unknown_key_says_so_and_points_to_help() {
    let mut app = app();
    press(&mut app, "Z");
    assert_eq!(
        app.status().notice(),
        Some("Z does nothing here; ? lists the keys")
    );
}

#[test]
fn going_back_restores_the_filter_the_selection_and_the_pane() {
    let mut app = app_with(Filter::parse("actor:north").unwrap());
    assert_eq!(selected_id(&app), "chip-rule");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "south-response");
    assert!(app.filter().is_empty(), "the link cleared the filter");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "chip-rule");
    assert_eq!(app.filter().to_query(), "actor:north");
    assert_eq!(app.nav().focus(), Focus::Detail);
    assert_eq!(app.nav().detail_cursor(), 0);
    // The link chosen before is the one selected after coming back.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "talks");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.nav().detail_cursor(), 1);
}

#[test]
fn the_query_bar_edits_like_a_shell_line() {
    let mut app = app();
    press(&mut app, "/acor:north");
    for _ in 0..":north".len() + 2 {
        key(&mut app, KeyCode::Left);
    }
    press(&mut app, "t");
    assert_eq!(app.search().query(), "actor:north");
    assert_eq!(app.results().len(), 2);
    key_with(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.search().query(), "ctor:north");
    key_with(&mut app, KeyCode::Char('f'), KeyModifiers::ALT);
    assert_eq!(
        *app.overlay(),
        Overlay::Query,
        "Alt-f is a word forward, not Esc then f"
    );
    assert_eq!(app.search().query_cursor(), "ctor:north".len());
    key_with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.search().query(), "");
}

#[test]
fn the_query_bar_recalls_earlier_queries() {
    let mut app = app();
    app.app.set_history(vec!["tag:chips".into()]);
    press(&mut app, "/actor:north");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.app.take_unsaved_query().as_deref(), Some("actor:north"));
    press(&mut app, "/");
    key(&mut app, KeyCode::Up);
    assert_eq!(app.search().query(), "actor:north");
    key(&mut app, KeyCode::Up);
    assert_eq!(app.search().query(), "tag:chips");
    assert_eq!(app.results().len(), 1);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    assert_eq!(
        app.search().query(),
        "actor:north ",
        "back to what was in the bar"
    );
}

#[test]
fn a_query_error_uses_the_width_and_suggests_the_key() {
    let mut app = app();
    press(&mut app, "/actr:north lane:south");
    let screen = frame(&mut app, 120, 40);
    assert!(
        screen.contains("unknown filter `actr:`; did you mean `actor:`?"),
        "{screen}"
    );
}

#[test]
fn help_is_laid_out_to_the_width_without_cutting() {
    let mut app = app();
    press(&mut app, "?");
    let screen = frame(&mut app, 120, 40);
    assert!(screen.contains("PgDn Ctrl-f Ctrl-d Space"), "{screen}");
    assert!(screen.contains("lane:… importance:… words"), "{screen}");
}

#[test]
fn o_opens_the_source_or_copies_it_without_a_display() {
    use annals::tui::browser::Opened;
    let mut app = app();
    press(&mut app, "jj");
    press(&mut app, "o");
    let url = app
        .app
        .take_open()
        .expect("o asks for the first source's URL");
    assert_eq!(url, "https://example.com/north-curbs");
    app.app.opened(Opened::NoDisplay, url);
    assert_eq!(
        app.app.take_clipboard().as_deref(),
        Some("https://example.com/north-curbs")
    );
    assert!(app.status().notice().unwrap().starts_with("No display"));
}

#[test]
fn a_click_on_the_density_strip_jumps_to_that_month() {
    let mut app = many(60);
    frame(&mut app, 120, 40);
    // Row 1 is the strip; its last column is the last month.
    app.update(Action::Click {
        column: 119,
        row: 1,
    });
    assert_eq!(selected_id(&app), "e59");
    app.update(Action::Click { column: 0, row: 2 });
    assert_eq!(selected_id(&app), "e0");
}

#[test]
fn a_narrow_header_keeps_the_filter_and_the_strip_keeps_its_years() {
    let mut app = app_with(Filter::parse("actor:north").unwrap());
    let screen = frame(&mut app, 45, 20);
    assert!(screen.contains("filter: actor:north"), "{screen}");
    let mut many = many(60);
    let screen = frame(&mut many, 45, 20);
    for year in ["2021", "2022", "2023", "2024"] {
        assert!(screen.contains(year), "{year} missing:\n{screen}");
    }
}

// ---------------------------------------------------------------- the timeline view

const TIMELINE_FIXTURE: &str = include_str!("fixtures/timeline.toml");

/// The timeline fixture in the timeline view, today fixed at 15 June 2025, after `keys`.
fn timeline_app(keys: &str) -> Ui {
    let timeline = load::parse(TIMELINE_FIXTURE)
        .timeline
        .expect("fixture loads");
    let mut app = Ui::new(App::new(
        timeline,
        "timeline.toml".into(),
        Filter::default(),
    ));
    app.app
        .set_today(chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap());
    press(&mut app, "v");
    typed(&mut app, keys);
    app
}

/// Keys as typed, with `\n` for Enter and `\u{1b}` for Esc.
fn typed(app: &mut Ui, keys: &str) {
    for c in keys.chars() {
        match c {
            '\n' => key(app, KeyCode::Enter),
            '\u{1b}' => key(app, KeyCode::Esc),
            c => press(app, &c.to_string()),
        }
    }
}

/// Zooms in (drawing at `width`×`height` between steps, as the explorer does) to `zoom`.
fn zoom_to(app: &mut Ui, zoom: Zoom, width: u16, height: u16) {
    for _ in 0..6 {
        draw(app, width, height);
        if app.lanes().zoom() == zoom {
            return;
        }
        press(app, "+");
    }
    assert_eq!(app.lanes().zoom(), zoom);
}

/// Each screen size and zoom: the guidance of 13 May 2025 selected, in a crowded month.
fn timeline_frame(zoom: Zoom, width: u16, height: u16) -> String {
    let mut app = timeline_app(":2025-05-13\n");
    assert_eq!(selected_id(&app), "guidance");
    zoom_to(&mut app, zoom, width, height);
    frame(&mut app, width, height)
}

#[test]
fn timeline_fit_all_wide() {
    insta::assert_snapshot!(timeline_frame(Zoom::Fit, 120, 40));
}

#[test]
fn timeline_months_wide() {
    insta::assert_snapshot!(timeline_frame(Zoom::Months, 120, 40));
}

#[test]
fn timeline_days_wide() {
    insta::assert_snapshot!(timeline_frame(Zoom::Days, 120, 40));
}

#[test]
fn timeline_fit_all_narrow() {
    insta::assert_snapshot!(timeline_frame(Zoom::Fit, 80, 24));
}

#[test]
fn timeline_months_narrow() {
    insta::assert_snapshot!(timeline_frame(Zoom::Months, 80, 24));
}

#[test]
fn timeline_days_narrow() {
    insta::assert_snapshot!(timeline_frame(Zoom::Days, 80, 24));
}

#[test]
fn the_timeline_opens_on_the_whole_log_and_keeps_the_selection() {
    let mut app = timeline_app("\u{1b}");
    assert_eq!(app.nav().view(), View::Chronology);
    typed(&mut app, "jjj");
    let chosen = selected_id(&app);
    press(&mut app, "v");
    assert_eq!(
        (app.nav().view(), app.lanes().zoom()),
        (View::Lanes, Zoom::Fit)
    );
    assert_eq!(
        selected_id(&app),
        chosen,
        "switching keeps the selected event"
    );
    let text = frame(&mut app, 120, 40);
    assert!(text.contains("zoom: fit-all · "), "{text}");
    for year in ["2024", "2025"] {
        assert!(
            text.lines().nth(4).is_some_and(|l| l.contains(year)),
            "{text}"
        );
    }
}

#[test]
fn the_footer_offers_only_keys_that_do_something() {
    let mut app = timeline_app("");
    let footer = |app: &mut Ui| frame(app, 120, 40).lines().last().unwrap_or("").to_string();
    let at_fit = footer(&mut app);
    assert!(
        at_fit.contains("+ zoom in") && !at_fit.contains("zoom out"),
        "{at_fit}"
    );
    assert!(!at_fit.contains("earlier"), "{at_fit}");
    zoom_to(&mut app, Zoom::Days, 120, 40);
    let at_days = footer(&mut app);
    assert!(
        !at_days.contains("zoom in") && at_days.contains("- zoom out"),
        "{at_days}"
    );
    assert!(at_days.contains("PgUp earlier"), "{at_days}");
}

#[test]
fn first_and_last_events_sit_near_the_edges_not_in_the_middle() {
    let mut app = timeline_app("");
    zoom_to(&mut app, Zoom::Months, 120, 40);
    press(&mut app, "G");
    draw(&mut app, 120, 40);
    let drawn = app.view.timeline().clone();
    let last = app.timeline().days().first(app.selected().unwrap());
    let column = drawn.window.column_of(last);
    let columns = i32::from(drawn.window.columns);
    assert!(
        column > columns * 3 / 4 && column < columns,
        "{column} of {columns}"
    );
    drop(drawn);
    press(&mut app, "g");
    draw(&mut app, 120, 40);
    let drawn = app.view.timeline().clone();
    let first = app.timeline().days().first(app.selected().unwrap());
    let column = drawn.window.column_of(first);
    assert!(column >= 0 && column < columns / 4, "{column} of {columns}");
}

#[test]
fn paging_moves_a_screenful_of_time_and_selects_what_is_there() {
    let mut app = timeline_app("g");
    zoom_to(&mut app, Zoom::Months, 120, 40);
    let before = app.view.timeline().window;
    key(&mut app, KeyCode::PageDown);
    draw(&mut app, 120, 40);
    let after = app.view.timeline().window;
    let moved = (after.start - before.start) / after.per_col;
    let columns = f64::from(after.columns);
    assert!(
        moved > columns * 0.8 && moved <= columns,
        "{moved} of {columns}"
    );
    let (from, to) = after.days();
    let day = app.timeline().days().first(app.selected().unwrap());
    assert!(
        (from..=to).contains(&day),
        "the selection follows into the window"
    );
    key(&mut app, KeyCode::PageUp);
    draw(&mut app, 120, 40);
    assert!((app.view.timeline().window.start - before.start).abs() < 1e-6);
}

#[test]
fn the_wheel_pans_and_a_click_on_a_mark_selects_it() {
    let mut app = timeline_app(":2025-05-13\n");
    zoom_to(&mut app, Zoom::Months, 120, 40);
    let before = app.view.timeline().window.start;
    app.update(Action::Scroll(3));
    draw(&mut app, 120, 40);
    assert!(
        app.view.timeline().window.start > before,
        "the wheel pans on"
    );
    assert_eq!(
        selected_id(&app),
        "guidance",
        "without moving the selection"
    );
    let marks = app.view.timeline().marks.clone();
    let model = app.timeline().find("model").unwrap();
    let &(row, x, _, _) = marks.iter().find(|m| m.3 == model).expect("drawn");
    app.update(Action::Click { column: x, row });
    assert_eq!(selected_id(&app), "model");
}

#[test]
fn a_click_on_the_axis_selects_the_first_event_from_that_day() {
    let mut app = timeline_app("");
    draw(&mut app, 120, 40);
    let drawn = app.view.timeline().clone();
    let column = drawn.window.column_of(
        chrono::NaiveDate::from_ymd_opt(2025, 7, 1)
            .unwrap()
            .num_days_from_ce(),
    ) as u16;
    app.update(Action::Click {
        column: drawn.x + column + 1,
        row: drawn.axis.0,
    });
    assert_eq!(selected_id(&app), "summit");
}

#[test]
fn jumping_to_a_date_works_in_both_views() {
    let mut app = timeline_app("\u{1b}");
    assert_eq!(app.nav().view(), View::Chronology);
    typed(&mut app, ":2025-05\n");
    assert_eq!(selected_id(&app), "alliance", "month precision sorts first");
    typed(&mut app, ":today\n");
    assert_eq!(
        selected_id(&app),
        "summit",
        "the first event on or after 15 June 2025"
    );
    typed(&mut app, ":-1y\n");
    assert_eq!(selected_id(&app), "controls");
    typed(&mut app, ":2030\n");
    assert_eq!(
        selected_id(&app),
        "earnings",
        "past the end: the last event"
    );
    typed(&mut app, ":may\n");
    let Overlay::Jump(prompt) = app.overlay() else {
        panic!("the prompt stays open on a date that does not read")
    };
    assert!(prompt.error.as_deref().unwrap_or("").contains("-6m"));
    let bottom = frame(&mut app, 120, 40);
    assert!(
        bottom
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("\": may▏  ✗"),
        "{bottom}"
    );
    typed(&mut app, "\u{1b}v");
    zoom_to(&mut app, Zoom::Months, 120, 40);
    typed(&mut app, ":2024-10-07\n");
    assert_eq!(selected_id(&app), "controls");
    draw(&mut app, 120, 40);
    let window = app.view.timeline().window;
    let column = window.column_of(app.timeline().days().first(app.selected().unwrap()));
    assert!(
        (0..20).contains(&column),
        "the date near the left edge: {column}"
    );
}

#[test]
fn filters_apply_to_the_timeline_as_to_the_list() {
    let mut app = timeline_app("/actor:zenith\n");
    assert_eq!(app.results().len(), 2);
    let text = frame(&mut app, 120, 40);
    assert!(text.contains("In view: 2 events"), "{text}");
    assert!(!text.contains("North warns"), "{text}");
}

#[test]
fn a_click_on_the_density_strip_brings_the_timeline_to_that_month() {
    let mut app = timeline_app("");
    zoom_to(&mut app, Zoom::Months, 120, 40);
    // The strip spans the log's 23 months (Jan 2024 – Nov 2025) over 120 columns: column
    // 100 shows month 100 × 23 / 120 = 19, August 2025.
    app.update(Action::Click {
        column: 100,
        row: 1,
    });
    assert_eq!(selected_id(&app), "h20");
    draw(&mut app, 120, 40);
    let window = app.view.timeline().window;
    let (from, to) = window.days();
    let day = app.timeline().days().first(app.selected().unwrap());
    assert!((from..=to).contains(&day), "the view follows");
}

#[test]
fn hostile_era_and_event_titles_are_drawn_harmlessly_at_any_size() {
    let long = "長い".repeat(2_000);
    let text = TIMELINE_FIXTURE
        .replace(
            "title = \"Trade truce\"",
            "title = \"Truce \\u001b[31m\\u202e evil \\u0007\"",
        )
        .replace(
            "title = \"First administration\"",
            &format!("title = \"{long}\""),
        )
        .replace(
            "title = \"Acme builds a new fab\"",
            "title = \"\\u001b]52;c;aGk=\\u0007 fab 🚀\\t\\n\"",
        );
    let timeline = load::parse(&text).timeline.expect("loads");
    let mut app = Ui::new(App::new(timeline, "hostile.toml".into(), Filter::default()));
    app.app
        .set_today(chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap());
    press(&mut app, "v");
    for zoom in ["", "+", "+", "+", "+", "+"] {
        press(&mut app, zoom);
        for (w, h) in [(40, 12), (80, 24), (250, 80)] {
            let text = frame(&mut app, w, h);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
                "{text}"
            );
        }
    }
}

#[test]
fn a_tag_matched_fuzzily_says_what_it_was_taken_to_mean() {
    let mut app = app_with(Filter::parse("tag:chps").unwrap());
    assert_eq!(app.results().len(), 1);
    let screen = frame(&mut app, 120, 40);
    assert!(
        screen.contains("no tag is named `chps`: showing tag `chips`"),
        "{screen}"
    );
}

#[test]
fn the_timeline_draws_at_every_small_size_and_zoom() {
    let mut app = timeline_app(":2025-05-13\n");
    for zoom in 0..6 {
        for (w, h) in [(40, 12), (41, 13), (44, 14), (52, 16), (60, 12)] {
            let screen = frame(&mut app, w, h);
            assert!(screen.contains("Timeline"), "{screen}");
        }
        if zoom < 5 {
            press(&mut app, "+");
        }
    }
}

// ---------------------------------------------------------------- searching in the background

#[test]
fn the_explorer_draws_and_takes_keys_while_a_search_runs_then_shows_its_answer() {
    let mut ui = app();
    ui.app.search_in_background();
    let all = ui.results().len();
    press(&mut ui, "/");
    press(&mut ui, "chip");
    // Asked, not answered (the answer is only taken when asked for): the frame shows the
    // last finished results with a mark, and keys still work.
    assert!(ui.searching());
    assert_eq!(ui.results().len(), all);
    let pending = frame(&mut ui, 100, 24);
    assert!(pending.contains("searching…"), "{pending}");
    assert!(pending.contains(&format!("{all} matches")), "{pending}");
    key(&mut ui, KeyCode::Down);
    // The answer comes from the other thread; the explorer's loop takes it between frames.
    while !ui.app.take_search_answer() {
        std::thread::yield_now();
    }
    assert!(!ui.searching());
    let shown = ui.results().len();
    assert!(0 < shown && shown < all, "{shown} of {all}");
    let done = frame(&mut ui, 100, 24);
    assert!(!done.contains("searching…"), "{done}");
    assert!(done.contains(&format!(" {shown} match")), "{done}");
    // The same results as a search at once.
    let mut direct = app();
    press(&mut direct, "/chip");
    assert_eq!(direct.results(), ui.results());
}
