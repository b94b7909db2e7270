//! The loader on arbitrary bytes: it must never panic, every diagnostic must point inside
//! the text, and reading the file an entry at a time must say exactly what reading it whole
//! says (and, reporting a broken entry's errors from the entry alone, as large logs are
//! read, load the same timeline). Whatever is then shown — every diagnostic, every plain
//! text renderer, the explorer's frame in each view — must hold no control character that
//! could reach a terminal raw.
//!
//! Run with a raised length limit and the seeds (several sizes, long lines), as the README
//! says: `-max_len=1048576 fuzz/seeds/load`.
#![no_main]

use annals::filter::Filter;
use annals::load::Report;
use annals::model::Timeline;
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::views::{self, Theme, ViewState};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// C0 controls (but the newline of plain text), DEL, C1 controls, bidirectional overrides
/// and isolates: what must never reach a terminal from a log.
fn forbidden(c: char, newline_ok: bool) -> bool {
    (c.is_ascii_control() && !(newline_ok && c == '\n'))
        || ('\u{80}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn assert_plain(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| forbidden(c, true)) {
        panic!("{what} holds {c:?}: {text:?}");
    }
}

fn check_report(report: &Report) {
    for d in &report.diagnostics {
        assert!(d.span.start <= report.text.len(), "diagnostic past the end");
        assert_plain("a diagnostic", &annals::load::render(d, &report.text, "fuzz.toml"));
    }
    let origin = annals::load::Origin::File("fuzz.toml".into());
    assert_plain("the diagnostics", &report.render(&origin));
    assert_plain("all the diagnostics", &report.render_all(&origin));
}

fn check_renderers(timeline: &Timeline) {
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    for width in [1, 40] {
        let summary = annals::render::summary(timeline, &all, "", width);
        assert_plain("summary", &summary);
        // What `annals summary` writes, a part at a time: the same bytes.
        let mut streamed = Vec::new();
        assert!(annals::render::summary_to(&mut streamed, timeline, &all, "", width).is_ok());
        assert!(streamed == summary.as_bytes(), "the streamed summary differs");
        for i in all.iter().take(8) {
            assert_plain("show", &annals::render::show(timeline, *i, width));
        }
    }
    assert_plain("list", &annals::render::list(timeline, &all));
    assert_plain("actors", &annals::render::actors(timeline));
}

/// The explorer's frame in the chronology, with the detail open, in the lanes view, and
/// with each picker open.
fn check_frames(timeline: Timeline) {
    let mut app = App::new(timeline, "fuzz.toml".into(), Filter::default());
    let mut view = ViewState::default();
    let steps = [
        None,
        Some(Action::Enter),
        Some(Action::ToggleLanes),
        Some(Action::PickActors),
        Some(Action::Escape),
        Some(Action::PickTags),
    ];
    for step in steps {
        if let Some(action) = step {
            app.apply(action, &view);
            app.settle();
        }
        let Ok(mut terminal) = Terminal::new(TestBackend::new(90, 24));
        let drawn = terminal.draw(|f| views::draw(f, &app, &mut view, &Theme::from_env()));
        assert!(drawn.is_ok(), "the frame could not be drawn");
        for cell in terminal.backend().buffer().content() {
            if let Some(c) = cell.symbol().chars().find(|&c| forbidden(c, false)) {
                panic!("the explorer drew {c:?} after {step:?}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let report = annals::load::parse_bytes(data.to_vec());
    if let Ok(text) = std::str::from_utf8(data) {
        let whole = annals::load::parse_whole(text);
        assert_eq!(report.diagnostics, whole.diagnostics, "pieces and whole disagree");
        assert_eq!(report.timeline, whole.timeline, "pieces and whole disagree");
        // As a large log is read: a broken entry's errors come from the entry alone.
        let own = annals::load::parse_reporting_piece_errors(text);
        check_report(&own);
        assert_eq!(own.timeline, whole.timeline, "a log that loads loads either way");
    }
    check_report(&report);
    if let Some(timeline) = report.timeline {
        check_renderers(&timeline);
        check_frames(timeline);
    }
});
