//! The interactive explorer: state and actions in `app`, keys in `keymap`, drawing in
//! `views`, the terminal in `terminal`, loading and watching in `watch`; the loop is here.

pub mod action;
pub mod app;
pub mod browser;
pub mod editor;
pub mod history_file;
pub mod jump;
pub mod keymap;
pub mod line;
pub mod log;
pub mod navigation;
pub mod picker;
pub mod saved;
pub mod search;
pub mod searcher;
pub mod status;
pub mod terminal;
pub mod timeline;
pub mod views;
pub mod watch;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};

use crate::filter::Filter;
use crate::load::{LoadError, Origin};
use action::Action;
use app::App;
use views::{Theme, ViewState};
use watch::Message;

/// Why the explorer stopped with an error.
#[derive(Debug)]
pub enum Error {
    /// The terminal could not be set up, read or drawn on.
    Terminal(std::io::Error),
    /// The log could not be loaded, so there was nothing to explore.
    Load(LoadError),
}

impl Error {
    /// The whole message for standard error, ending with a newline.
    pub fn render(&self) -> String {
        match self {
            Error::Terminal(e) => format!("annals: terminal error: {e}\n"),
            Error::Load(e) => e.render(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Terminal(e)
    }
}

/// How the explorer ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The person quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP, …) asked it to stop; the number is the signal's.
    Signal(i32),
}

/// What the config file asks of the explorer.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub keymap: keymap::Keymap,
    pub theme: Theme,
    pub start_in_lanes: bool,
    /// How the chronology writes dates.
    pub date_style: crate::config::DateStyle,
    /// The personal saved views, and where to save more.
    pub views: app::PersonalViews,
    /// What to say on the message line at start (a config with errors).
    pub message: Option<String>,
}

impl Setup {
    pub fn from_config(config: &crate::config::Config) -> Self {
        let s = &config.settings;
        let message = config.one_line().or_else(|| {
            let warnings = config.diagnostics.len();
            (warnings > 0).then(|| {
                format!(
                    "{}: {} in the config; `annals config` shows them",
                    crate::text::sanitize(&config.name()),
                    crate::text::count(warnings, "warning")
                )
            })
        });
        Self {
            keymap: s.keymap(),
            theme: Theme::new(s.theme.value, &s.role_colours(), views::theme::no_color()),
            start_in_lanes: s.view.value == crate::config::StartView::Lanes,
            date_style: s.date_style.value,
            views: app::PersonalViews::from_config(config),
            message,
        }
    }
}

/// Runs the explorer on `origin`, opened with `filter`, until the person quits.
pub fn run(origin: Origin, filter: Filter, setup: Setup) -> Result<Ending, Error> {
    let theme = setup.theme;
    let signals = terminal::watch_signals()?;
    let editing = std::sync::Arc::new(AtomicBool::new(false));
    spawn_signal_watchdog(signals.clone(), editing.clone());
    let (tx, rx) = mpsc::channel();
    watch::spawn(origin.clone(), tx);
    let mut terminal = terminal::init()?;
    let mut app = App::loading(origin.name(), filter);
    app.search_in_background();
    if let Some(meta) = origin.path().and_then(|p| std::fs::metadata(p).ok())
        && meta.is_file()
    {
        app.set_loading_size(meta.len());
    }
    // The one reading of the clock: relative dates, the timeline's today mark, `:today`.
    app.set_today(chrono::Local::now().date_naive());
    app.configure(setup);
    let history = history_file::path();
    if let Some(path) = &history {
        app.set_history(history_file::load(path));
    }
    let result = event_loop(
        &mut terminal,
        &mut app,
        &rx,
        &theme,
        Signals {
            caught: &signals,
            editing: &editing,
        },
        history.as_deref(),
    );
    terminal::restore();
    // The process ends next: freeing a million events one by one would keep the prompt
    // from coming back for a second, where the system takes the memory back at once.
    std::mem::forget(app);
    result
}

/// If a signal arrives while the loop is stuck where it cannot see it — crossterm spins on
/// end-of-file once the terminal has hung up — give the terminal back and exit from here.
/// Not while the editor runs: the terminal is the editor's, and the loop looks again when
/// it is done.
fn spawn_signal_watchdog(
    signals: std::sync::Arc<AtomicUsize>,
    editing: std::sync::Arc<AtomicBool>,
) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let signal = signals.load(Ordering::SeqCst);
            if signal != 0 && !editing.load(Ordering::SeqCst) {
                // The loop normally ends within a poll interval; this is the backstop.
                std::thread::sleep(Duration::from_secs(1));
                terminal::restore();
                std::process::exit(128 + signal as i32);
            }
        }
    });
}

/// The signals the loop looks at: the last one caught, and whether the editor has the
/// terminal.
#[derive(Clone, Copy)]
struct Signals<'a> {
    caught: &'a AtomicUsize,
    editing: &'a AtomicBool,
}

fn event_loop(
    terminal: &mut terminal::Term,
    app: &mut App,
    rx: &mpsc::Receiver<Message>,
    theme: &Theme,
    signals: Signals<'_>,
    history: Option<&std::path::Path>,
) -> Result<Ending, Error> {
    let mut view = ViewState::default();
    loop {
        let signal = signals.caught.load(Ordering::SeqCst);
        if signal != 0 {
            return Ok(Ending::Signal(signal as i32));
        }
        terminal.draw(|frame| views::draw(frame, app, &mut view, theme))?;
        if let Some(url) = app.take_open() {
            let outcome = browser::open(&url);
            app.opened(outcome, url);
        }
        if let Some(text) = app.take_clipboard() {
            terminal::copy_to_clipboard(&text)?;
        }
        if let Some(place) = app.take_edit() {
            let outcome = edit(terminal, &place, signals)?;
            app.edited(outcome);
            continue;
        }
        let wait = if app.searching() {
            // The answer shows as soon as it comes.
            Duration::from_millis(4)
        } else if app.log().is_loading() {
            Duration::from_millis(80)
        } else {
            watch::POLL
        };
        if event::poll(wait)? {
            // Take every pending input before drawing again, so a burst of keys costs one frame.
            loop {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.press(key, &view),
                    other => {
                        if let Some(action) = mouse_action(other) {
                            app.apply(action, &view);
                        }
                    }
                }
                if app.quit_requested() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            app.settle();
            if let (Some(query), Some(path)) = (app.take_unsaved_query(), history) {
                // The history is a convenience: a full disk must not stop the explorer.
                let _ = history_file::append(path, &query);
            }
        }
        if app.quit_requested() {
            return Ok(Ending::Quit);
        }
        app.take_search_answer();
        while let Ok(message) = rx.try_recv() {
            match message {
                Message::Ready(timeline, index) => app.reloaded(timeline, index),
                Message::Failed(e) => return Err(Error::Load(e)),
                Message::Problem(problem) => {
                    app.reload_failed_at(problem.to_string(), problem.place());
                }
            }
        }
        app.tick();
    }
}

/// Suspends the explorer, runs the editor at `place` on the real terminal, and takes the
/// terminal back. A Ctrl-C typed in the editor is the editor's, not a reason to quit.
fn edit(
    terminal: &mut terminal::Term,
    place: &editor::Place,
    signals: Signals<'_>,
) -> Result<Result<(), String>, Error> {
    let words = match editor::editor_words(|name| std::env::var(name).ok()) {
        Ok(words) => words,
        Err(why) => return Ok(Err(why)),
    };
    let argv = editor::command(&words, place);
    signals.editing.store(true, Ordering::SeqCst);
    terminal::suspend();
    let outcome = editor::run(&argv);
    let _ = signals.caught.compare_exchange(
        signal_hook::consts::SIGINT as usize,
        0,
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
    signals.editing.store(false, Ordering::SeqCst);
    terminal::resume(terminal)?;
    Ok(outcome)
}

/// What a mouse event asks for.
fn mouse_action(event: Event) -> Option<Action> {
    let Event::Mouse(mouse) = event else {
        return None;
    };
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        MouseEventKind::Down(event::MouseButton::Left) => Some(Action::Click {
            column: mouse.column,
            row: mouse.row,
        }),
        _ => None,
    }
}
