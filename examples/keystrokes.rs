//! Types queries into the explorer one letter at a time, on a log file, and prints how long
//! each keystroke takes: the query bar's update, the search, and the frame at 120×40 on
//! ratatui's test backend (what a person waits for, net of the terminal):
//!
//! ```sh
//! cargo run --release --example genlog -- 100000 > /tmp/100k.big.toml
//! cargo run --release --example keystrokes -- /tmp/100k.big.toml
//! ```
//!
//! Each query is typed three times from an empty bar, the search index forgetting what it
//! remembered of the last time (`TextIndex::forget_recent`); the table gives the median per key, in
//! wall-clock time and in CPU time of the process (all its threads): on a machine shared with
//! other work, the CPU time is what the keystroke would take on a quiet one (a little more
//! when the search runs on two threads). The search runs at once, as the explorer's
//! searching thread runs it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::time::{Duration, Instant};

use annals::filter::{Filter, TextIndex};
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::views::{self, Theme, ViewState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const QUERIES: [&str; 7] = [
    "actor:huawei",
    "tag:export-controls",
    "export",
    "lithography",
    "exprt",
    "huawei ascend chip",
    "since:2025-05 ascend",
];

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: keystrokes LOG.toml [QUERY…]");
    let queries: Vec<String> = std::env::args().skip(2).collect();
    let queries: Vec<&str> = if queries.is_empty() {
        QUERIES.to_vec()
    } else {
        queries.iter().map(String::as_str).collect()
    };
    let bytes = std::fs::read(&path).expect("a readable log");
    let report = annals::load::parse_bytes(bytes);
    let timeline = report.timeline.expect("a log that loads");
    let n = timeline.events.len();

    let start = Instant::now();
    let index = TextIndex::new(&timeline);
    println!(
        "{n} events; text index built in {:?}, {} bytes ({} per event)",
        start.elapsed(),
        index.bytes(),
        index.bytes() / n.max(1)
    );
    drop(index);

    let start = Instant::now();
    let mut app = App::new(timeline, "bench".into(), Filter::default());
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut view = ViewState::default();
    let theme = Theme::mono();
    let mut draw = |app: &App, view: &mut ViewState| {
        term.draw(|f| views::draw(f, app, view, &theme))
            .expect("drawing on a test backend");
    };
    draw(&app, &mut view);
    println!(
        "explorer opened (index, first filter, first frame) in {:?}",
        start.elapsed()
    );

    println!("| query | key | bar | wall ms per key (median of 3) | CPU ms | events |");
    println!("|---|---|---|---|---|---|");
    for query in queries {
        let keys = query.chars().count();
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); keys];
        let mut cpu: Vec<Vec<Duration>> = vec![Vec::new(); keys];
        for _ in 0..3 {
            // Each round as the first: nothing remembered from the last.
            app.log().index().forget_recent();
            app.update(Action::Query, &view);
            for (k, ch) in query.chars().enumerate() {
                let (start, used) = (Instant::now(), cpu_time());
                app.update(Action::Input(ch), &view);
                draw(&app, &mut view);
                times[k].push(start.elapsed());
                cpu[k].push(cpu_time().saturating_sub(used));
            }
            app.update(Action::Escape, &view);
            draw(&app, &mut view);
        }
        // Once more, to report how many events each prefix selects.
        app.update(Action::Query, &view);
        for (k, (i, ch)) in query.char_indices().enumerate() {
            app.update(Action::Input(ch), &view);
            draw(&app, &mut view);
            times[k].sort();
            cpu[k].sort();
            println!(
                "| `{query}` | `{ch}` | `{}` | {:.1} | {:.1} | {} |",
                &query[..i + ch.len_utf8()],
                times[k][1].as_secs_f64() * 1000.0,
                cpu[k][1].as_secs_f64() * 1000.0,
                app.search().results().len()
            );
        }
        app.update(Action::Escape, &view);
    }
}

/// The CPU time this process has used so far, over all its threads.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given and touches nothing else.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return Duration::ZERO;
        }
        usage.assume_init()
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}
