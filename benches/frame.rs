//! The explorer at 120×40 on ratatui's TestBackend: one whole frame, one scroll step from the
//! middle of the log, the timeline view's frame at fit-all, months and days zoom, one
//! keystroke in the query bar with its frame, every prefix of `actor:huawei` and of `exprt`
//! typed with its frame (`keystroke_…` rows), and opening the log (text index, first
//! filter, first frame) once it is loaded. 1M is added by `ANNALS_BENCH_1M=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use annals::filter::{Filter, TextIndex};
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::timeline::Zoom;
use annals::tui::views::{self, Theme, ViewState};
use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

type Term = Terminal<TestBackend>;

fn terminal() -> Term {
    Terminal::new(TestBackend::new(120, 40)).expect("a test terminal")
}

fn draw(terminal: &mut Term, app: &App, view: &mut ViewState, theme: &Theme) {
    terminal
        .draw(|f| views::draw(f, app, view, theme))
        .expect("drawing on a test backend");
}

fn frame(c: &mut Criterion) {
    let theme = Theme::mono();
    let mut group = c.benchmark_group("frame");
    for (n, label) in common::sizes() {
        let timeline = common::timeline(n);
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(2));

        // The cursor in the middle of the log, the list scrolled there.
        let mut app = App::new(timeline.clone(), "bench".into(), Filter::default());
        let mut term = terminal();
        let mut view = ViewState::default();
        draw(&mut term, &app, &mut view, &theme);
        for _ in 0..n / 2 {
            app.update(Action::Down, &view);
        }
        draw(&mut term, &app, &mut view, &theme);
        assert_eq!(app.nav().cursor(), n / 2);

        group.bench_function(BenchmarkId::new("draw", label), |b| {
            b.iter(|| draw(&mut term, black_box(&app), &mut view, &theme))
        });

        // One step down, then one up (so the cursor stays mid-log), each with its frame.
        let mut down = true;
        group.bench_function(BenchmarkId::new("scroll_step", label), |b| {
            b.iter(|| {
                app.update(if down { Action::Down } else { Action::Up }, &view);
                down = !down;
                draw(&mut term, &app, &mut view, &theme);
            })
        });

        // The timeline view around the middle of the log, at three zooms: fit-all places
        // every event of the log, the others only those in their window.
        app.update(Action::ToggleLanes, &view);
        for zoom in [Zoom::Fit, Zoom::Months, Zoom::Days] {
            while app.lanes().zoom() < zoom {
                draw(&mut term, &app, &mut view, &theme);
                app.update(Action::ZoomIn, &view);
            }
            draw(&mut term, &app, &mut view, &theme);
            assert_eq!(app.lanes().zoom(), zoom);
            let name = format!("timeline_{}", zoom.name());
            group.bench_function(BenchmarkId::new(name, label), |b| {
                b.iter(|| draw(&mut term, black_box(&app), &mut view, &theme))
            });
        }
        app.update(Action::ToggleLanes, &view);

        // Typing the last letter of `export` in the query bar and deleting it again, each
        // keystroke re-filtering from scratch and drawing its frame.
        app.update(Action::Query, &view);
        for ch in "expor".chars() {
            app.update(Action::Input(ch), &view);
        }
        let mut typed = false;
        group.bench_function(BenchmarkId::new("keystroke_frame", label), |b| {
            b.iter(|| {
                app.update(
                    if typed {
                        Action::DeleteChar
                    } else {
                        Action::Input('t')
                    },
                    &view,
                );
                typed = !typed;
                draw(&mut term, &app, &mut view, &theme);
            })
        });

        keystrokes(&mut group, &mut app, &mut term, &mut view, &theme, label);

        // From a loaded timeline to the first frame showing it, as the explorer does: the
        // first (empty) filter, the density counts and the frame. (The search index is built
        // after, on a thread of its own; `keystroke/…` in the filter bench times it.)
        common::measure_for(
            &mut group,
            n,
            Duration::from_secs(5),
            Duration::from_secs(2),
        );
        group.bench_function(BenchmarkId::new("open", label), |b| {
            b.iter_batched(
                || (timeline.clone(), terminal()),
                |(t, mut term)| {
                    let mut app = App::loading("bench".into(), Filter::default());
                    let index = Arc::new(TextIndex::later(&t));
                    app.set_timeline(Arc::new(t), index);
                    draw(&mut term, &app, &mut ViewState::default(), &theme);
                    app
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// Every prefix of a key and of a misspelling typed in the query bar, each keystroke with
/// its frame: the last letter typed and deleted again (two keystrokes a turn).
fn keystrokes(
    group: &mut BenchmarkGroup<'_, WallTime>,
    app: &mut App,
    term: &mut Term,
    view: &mut ViewState,
    theme: &Theme,
    label: &str,
) {
    for (what, query) in [("actor", "actor:huawei"), ("misspelt", "exprt")] {
        app.update(Action::Escape, view);
        app.update(Action::Query, view);
        for (k, ch) in query.chars().enumerate() {
            let mut typed = false;
            let id = BenchmarkId::new(format!("keystroke_{what}_{:02}", k + 1), label);
            group.bench_function(id, |b| {
                b.iter(|| {
                    let action = if typed {
                        Action::DeleteChar
                    } else {
                        Action::Input(ch)
                    };
                    // As when first typed: nothing remembered from the last turn.
                    app.log().index().forget_recent();
                    app.update(action, view);
                    typed = !typed;
                    draw(term, app, view, theme);
                })
            });
            if !typed {
                app.update(Action::Input(ch), view);
            }
        }
        app.update(Action::Escape, view);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500));
    targets = frame
}
criterion_main!(benches);
