//! The interactive explorer: state and actions in `app`, keys in `keymap`, drawing in
//! `views`, the terminal in `terminal`, loading and watching in `watch`; the loop is here.

pub mod action;
pub mod app;
pub mod jump;
pub mod keymap;
pub mod picker;
pub mod terminal;
pub mod timeline;
pub mod views;
pub mod watch;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};

use crate::filter::Filter;
use crate::load::Origin;
use action::Action;
use app::App;
use views::Theme;
use watch::Message;

/// Why the explorer stopped with an error. The text is complete and ends with a newline.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(format!("annals: terminal error: {e}\n"))
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

/// Runs the explorer on `origin`, opened with `filter`, until the person quits.
pub fn run(origin: Origin, filter: Filter) -> Result<Ending, Error> {
    let theme = Theme::from_env();
    let signals = terminal::watch_signals()?;
    spawn_signal_watchdog(signals.clone());
    let (tx, rx) = mpsc::channel();
    watch::spawn(origin.clone(), tx);
    let mut terminal = terminal::init()?;
    let mut app = App::loading(origin.name(), filter);
    // The one reading of the clock: for the timeline's today mark and `:today`.
    app.lanes.today = Some(chrono::Local::now().date_naive());
    let result = event_loop(&mut terminal, &mut app, &rx, &theme, &signals);
    terminal::restore();
    result
}

/// If a signal arrives while the loop is stuck where it cannot see it — crossterm spins on
/// end-of-file once the terminal has hung up — give the terminal back and exit from here.
fn spawn_signal_watchdog(signals: std::sync::Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let signal = signals.load(Ordering::SeqCst);
            if signal != 0 {
                // The loop normally ends within a poll interval; this is the backstop.
                std::thread::sleep(Duration::from_secs(1));
                terminal::restore();
                std::process::exit(128 + signal as i32);
            }
        }
    });
}

fn event_loop(
    terminal: &mut terminal::Term,
    app: &mut App,
    rx: &mpsc::Receiver<Message>,
    theme: &Theme,
    signals: &AtomicUsize,
) -> Result<Ending, Error> {
    loop {
        let signal = signals.load(Ordering::SeqCst);
        if signal != 0 {
            return Ok(Ending::Signal(signal as i32));
        }
        terminal.draw(|frame| views::draw(frame, app, theme))?;
        if let Some(text) = app.clipboard.take() {
            terminal::copy_to_clipboard(&text)?;
        }
        let wait = if app.loading {
            Duration::from_millis(80)
        } else {
            watch::POLL
        };
        if event::poll(wait)? {
            // Take every pending input before drawing again, so a burst of keys costs one frame.
            loop {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.press(key),
                    other => {
                        if let Some(action) = mouse_action(other) {
                            app.apply(action);
                        }
                    }
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            app.settle();
        }
        if app.quit {
            return Ok(Ending::Quit);
        }
        while let Ok(message) = rx.try_recv() {
            match message {
                Message::Ready(timeline, index) => {
                    let reloaded = !app.loading;
                    app.set_timeline(timeline, index);
                    if reloaded {
                        app.notice = Some(format!("Reloaded {}", app.source_name));
                    }
                    app.reload_error = None;
                }
                Message::Failed(text) => return Err(Error(text)),
                Message::Problem(text) => app.reload_error = Some(text),
            }
        }
        app.ticks = app.ticks.wrapping_add(1);
    }
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
