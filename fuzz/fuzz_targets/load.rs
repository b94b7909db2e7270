//! The loader on arbitrary bytes: it must never panic, every diagnostic must point inside
//! the text, a log that loads must render without panicking, and reading the file an entry
//! at a time must say exactly what reading it whole says (and, reporting a broken entry's
//! errors from the entry alone, as large logs are read, load the same timeline).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = annals::load::parse_bytes(data.to_vec());
    if let Ok(text) = std::str::from_utf8(data) {
        let whole = annals::load::parse_whole(text);
        assert_eq!(report.diagnostics, whole.diagnostics, "pieces and whole disagree");
        assert_eq!(report.timeline, whole.timeline, "pieces and whole disagree");
        // As a large log is read: a broken entry's errors come from the entry alone.
        let own = annals::load::parse_reporting_piece_errors(text);
        for d in &own.diagnostics {
            assert!(d.span.start <= own.text.len(), "diagnostic past the end");
            let _ = annals::load::render(d, &own.text, "fuzz.toml");
        }
        assert_eq!(own.timeline, whole.timeline, "a log that loads loads either way");
    }
    for d in &report.diagnostics {
        assert!(d.span.start <= report.text.len(), "diagnostic past the end");
        let _ = annals::load::render(d, &report.text, "fuzz.toml");
    }
    if let Some(timeline) = &report.timeline {
        let all: Vec<usize> = (0..timeline.events.len()).collect();
        let _ = annals::render::summary(timeline, &all, "", 40);
        let _ = annals::render::list(timeline, &all);
        for i in all.iter().take(8) {
            let _ = annals::render::show(timeline, *i, 40);
        }
    }
});
