//! Hostile input: pathological logs, ugly but valid content, and a watched file that
//! misbehaves. Nothing may panic, hang, reach the terminal raw, or write to the log.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

use std::process::{Command, Stdio};
use std::sync::Arc;

use annals::filter::Filter;
use annals::load::{self, Origin};
use annals::tui::app::App;
use annals::tui::views::{self, Theme};
use annals::tui::watch::{Message, Watcher};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;

const FIXTURE: &str = include_str!("fixtures/small.toml");

/// A minimal valid log around one event body.
fn log_with(event: &str) -> String {
    format!(
        "[actors.a]\nname = \"A\"\n\n[[events]]\nid = \"e\"\ndate = \"2025-01-01\"\nactors = [\"a\"]\nsummary = \"s\"\nsources = [{{ publisher = \"p\", title = \"t\", url = \"u\" }}]\n{event}\n"
    )
}

fn errors(text: &str) -> Vec<String> {
    load::parse(text)
        .errors()
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn pathological_logs_load_or_fail_cleanly() {
    let nested = format!("x = {}1{}", "{a = ".repeat(5_000), "}".repeat(5_000));
    let cases: Vec<(&str, String, bool)> = vec![
        (
            "5 MB title",
            log_with(&format!("title = \"{}\"", "t".repeat(5_000_000))),
            true,
        ),
        ("NUL bytes", "\0".repeat(10_000), false),
        ("deeply nested inline tables", nested, false),
        (
            "empty id",
            log_with("title = \"T\"").replace("id = \"e\"", "id = \"\""),
            false,
        ),
        (
            "year 0 and 9999",
            log_with("title = \"T\"\nend = \"9999-12-31\"").replace("2025-01-01", "0000-01-01"),
            true,
        ),
        (
            "tabs and CRLF",
            log_with("title\t=\t\"T\"").replace('\n', "\r\n"),
            true,
        ),
        (
            "related to itself",
            log_with("title = \"T\"\nrelated = [\"e\"]"),
            true,
        ),
        ("only a BOM", "\u{feff}".to_string(), false),
        (
            "array where a table goes",
            "actors = [1, 2]\nevents = 3\n".to_string(),
            false,
        ),
        (
            "table where events go",
            "[events]\nid = \"x\"\n".to_string(),
            false,
        ),
    ];
    for (name, text, loads) in cases {
        let report = load::parse(&text);
        assert_eq!(
            report.timeline.is_some(),
            loads,
            "{name}: {:#?}",
            &report.diagnostics[..report.diagnostics.len().min(3)]
        );
        for d in &report.diagnostics {
            assert!(d.span.start <= report.text.len(), "{name}");
            let rendered = load::render(d, &report.text, "x.toml");
            assert!(
                rendered.lines().all(|l| l.chars().count() < 200),
                "{name}: {rendered}"
            );
        }
    }
}

#[test]
fn ten_thousand_actors_on_one_event() {
    let mut text = String::new();
    let mut ids = Vec::new();
    for i in 0..10_000 {
        text.push_str(&format!("[actors.a{i}]\nname = \"Actor {i}\"\n"));
        ids.push(format!("\"a{i}\""));
    }
    text.push_str(&format!(
        "[[events]]\nid = \"e\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [{}]\nsummary = \"s\"\nsources = [{{ publisher = \"p\", title = \"t\", url = \"u\" }}]\n",
        ids.join(", ")
    ));
    let timeline = load::parse(&text).timeline.expect("loads");
    assert_eq!(timeline.events[0].actors().len(), 10_000);
    let summary = annals::render::summary(&timeline, &[0], "", 60);
    assert!(summary.lines().all(|l| annals::text::width(l) <= 60));
}

#[test]
fn a_cycle_of_related_links_does_not_loop() {
    let text = log_with("title = \"T\"\nrelated = [\"f\"]").to_string()
        + "[[events]]\nid = \"f\"\ndate = \"2025\"\ntitle = \"F\"\nactors = [\"a\"]\nsummary = \"s\"\nrelated = [\"e\"]\nsources = [{ publisher = \"p\", title = \"t\", url = \"u\" }]\n";
    let timeline = load::parse(&text).timeline.expect("loads");
    for i in 0..2 {
        assert_eq!(timeline.links(i).len(), 1);
        let _ = annals::render::show(&timeline, i, 80);
    }
}

#[test]
fn duplicate_and_missing_pieces_are_each_reported() {
    let text = "[[events]]\n[[events]]\nid = 5\n";
    let e = errors(text);
    assert!(e.iter().any(|m| m.contains("no `id`")), "{e:?}");
    assert!(
        e.iter().any(|m| m.contains("`id` must be a string")),
        "{e:?}"
    );
}

/// Ugly but valid strings: right-to-left text, combining marks, emoji with modifiers and
/// joiners, tabs, and an escape sequence that would clear the screen if sent raw.
const UGLY: [&str; 6] = [
    "مرحبا بالعالم — عنوان",
    "e\u{301}ve\u{300}nement combin\u{e9}",
    "👩🏽‍💻 team 👨‍👩‍👧‍👦 family 🇨🇳🇺🇸",
    "tab\there\tand\u{7}bell",
    "evil \u{1b}[2J\u{1b}]0;pwned\u{7} title",
    "bidi \u{202e}reversed\u{202c} text",
];

fn ugly_log() -> String {
    let mut text = String::from("[actors.a]\nname = \"A \\u001b[31mred\"\n");
    for (i, title) in UGLY.iter().enumerate() {
        let title = title
            .replace('\\', "\\\\")
            .replace('\u{1b}', "\\u001b")
            .replace('\u{7}', "\\u0007")
            .replace('\t', "\\t");
        text.push_str(&format!(
            "[[events]]\nid = \"u{i}\"\ndate = \"2025-0{}\"\ntitle = \"{title}\"\nactors = [\"a\"]\nsummary = \"{title} {title}\"\nsources = [{{ publisher = \"{title}\", title = \"{title}\", url = \"https://x/{i}\" }}]\n",
            i + 1
        ));
    }
    text
}

#[test]
fn ugly_content_never_reaches_output_raw() {
    let timeline = load::parse(&ugly_log()).timeline.expect("ugly log loads");
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    for width in [20, 33, 60, 80] {
        let summary = annals::render::summary(&timeline, &all, "", width);
        assert!(
            !summary.contains('\u{1b}')
                && !summary.contains('\u{7}')
                && !summary.contains('\u{202e}')
        );
        for line in summary.lines() {
            assert!(
                annals::text::width(line) <= width,
                "{line:?} wider than {width}"
            );
        }
    }
    let list = annals::render::list(&timeline, &all);
    assert!(!list.contains('\u{1b}'));
    for i in &all {
        assert!(!annals::render::show(&timeline, *i, 70).contains('\u{1b}'));
    }
}

#[test]
fn ugly_content_in_the_explorer_stays_in_its_cells() {
    let timeline = load::parse(&ugly_log()).timeline.expect("ugly log loads");
    let mut app = App::new(timeline, "ugly.toml".into(), Filter::default());
    let mut view = views::ViewState::default();
    for _ in 0..UGLY.len() {
        for (w, h) in [(120, 40), (60, 20)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| views::draw(f, &app, &mut view, &Theme::from_env()))
                .unwrap();
            let buffer = terminal.backend().buffer();
            for cell in buffer.content() {
                assert!(
                    !cell.symbol().chars().any(|c| c.is_control()),
                    "control character drawn: {:?}",
                    cell.symbol()
                );
            }
        }
        app.update(annals::tui::action::Action::Down, &view);
    }
}

// ---------------------------------------------------------------- the watched file

fn watcher_on(path: &std::path::Path) -> Watcher {
    let mut w = Watcher::new(Origin::File(path.to_path_buf()));
    assert!(matches!(w.load(), Message::Ready(..)));
    w
}

fn problem(m: Option<Message>) -> String {
    match m {
        Some(Message::Problem(p)) => p.to_string(),
        Some(Message::Ready(..)) => panic!("expected a problem, got a log"),
        Some(Message::Failed(f)) => panic!("expected a problem, got a failure: {}", f.render()),
        None => panic!("expected a problem, saw no change"),
    }
}

fn ready(m: Option<Message>) -> Arc<annals::model::Timeline> {
    match m {
        Some(Message::Ready(t, _)) => t,
        Some(Message::Problem(p)) => panic!("expected a log, got: {p}"),
        _ => panic!("expected a log"),
    }
}

#[test]
fn a_watched_file_deleted_then_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let mut w = watcher_on(&path);
    assert!(w.check().is_none(), "no change, no message");
    std::fs::remove_file(&path).unwrap();
    assert!(problem(w.check()).contains("is gone (deleted or renamed)"));
    assert!(w.check().is_none(), "said once");
    std::fs::write(&path, FIXTURE).unwrap();
    assert_eq!(ready(w.check()).events.len(), 5);
}

#[test]
fn a_watched_file_saved_by_rename_is_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let mut w = watcher_on(&path);
    let tmp = dir.path().join(".log.toml.swp");
    std::fs::write(&tmp, FIXTURE.replace("Fixture timeline", "Renamed in")).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    assert_eq!(ready(w.check()).title, "Renamed in");
}

#[test]
fn a_watched_file_truncated_mid_write_keeps_the_last_good_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let mut w = watcher_on(&path);
    std::fs::write(&path, &FIXTURE[..FIXTURE.len() / 2]).unwrap();
    let p = problem(w.check());
    assert!(
        p.contains("log.toml:") && p.ends_with("showing the last good version"),
        "{p}"
    );
    std::fs::write(&path, FIXTURE).unwrap();
    assert_eq!(ready(w.check()).events.len(), 5);
}

#[test]
fn a_watched_file_replaced_by_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let mut w = watcher_on(&path);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    assert!(problem(w.check()).contains("is now a directory"));
    std::fs::remove_dir(&path).unwrap();
    std::fs::write(&path, FIXTURE).unwrap();
    assert_eq!(ready(w.check()).events.len(), 5);
}

#[cfg(unix)]
#[test]
fn a_watched_file_made_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let mut w = watcher_on(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: then the file simply reloads.
    // Changing permissions changes neither size nor modification time: touch the file as
    // an editor would, so the watcher looks again.
    let _ = Command::new("touch").arg(&path).status();
    if std::fs::read(&path).is_err() {
        assert!(problem(w.check()).contains("cannot read"));
    } else {
        // Running as root, which reads any file: it simply reloads.
        ready(w.check());
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// One look by the watcher, on another thread: a watcher stuck on a file fails the test.
fn look(mut w: Watcher) -> (Watcher, Option<Message>) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let message = w.check();
        let _ = tx.send((w, message));
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .expect("the watcher is stuck on the file")
}

fn is_ready(m: &Option<Message>) -> bool {
    matches!(m, Some(Message::Ready(..)))
}

fn mkfifo(path: &std::path::Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// The watched log replaced by what `make` puts at its path: the watcher says `says`
/// without blocking (each look runs on another thread), says it once, and reloads once a
/// regular file is back.
#[cfg(unix)]
fn replaced_then_restored(make: impl Fn(&std::path::Path) -> bool, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let w = watcher_on(&path);
    assert!(w.watches_a_file());
    std::fs::remove_file(&path).unwrap();
    if !make(&path) {
        return; // no such file can be made on this system
    }
    let (w, m) = look(w);
    let p = problem(m);
    assert!(p.contains(says), "{p}");
    let (w, m) = look(w);
    assert!(m.is_none(), "said once");
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, FIXTURE).unwrap();
    assert!(is_ready(&look(w).1), "reloads once a file is back");
}

#[cfg(unix)]
#[test]
fn a_watched_log_replaced_by_a_pipe_is_reported_and_reloads_once_a_file_is_back() {
    replaced_then_restored(mkfifo, "log.toml is now a pipe");
}

#[cfg(unix)]
#[test]
fn a_watched_log_replaced_by_a_link_to_a_device_is_never_read() {
    let to_zero = |path: &std::path::Path| std::os::unix::fs::symlink("/dev/zero", path).is_ok();
    replaced_then_restored(to_zero, "log.toml is now a character device");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_place_of_the_watched_log_is_named() {
    let to_itself = |path: &std::path::Path| std::os::unix::fs::symlink(path, path).is_ok();
    replaced_then_restored(to_itself, "log.toml is now a loop of symbolic links");
}

#[cfg(unix)]
#[test]
fn a_pipe_given_on_purpose_is_read_once_and_not_watched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.fifo");
    if !mkfifo(&path) {
        return;
    }
    let writer = {
        let path = path.clone();
        std::thread::spawn(move || std::fs::write(path, FIXTURE))
    };
    let mut w = Watcher::new(Origin::File(path.clone()));
    assert!(matches!(w.load(), Message::Ready(..)));
    assert!(writer.join().is_ok_and(|r| r.is_ok()));
    assert!(!w.watches_a_file());
}

#[test]
fn a_reload_problem_keeps_the_app_on_the_last_good_log() {
    let timeline = load::parse(FIXTURE).timeline.unwrap();
    let mut app = App::new(timeline, "log.toml".into(), Filter::default());
    app.reload_failed("log.toml is gone".into());
    assert_eq!(app.results().len(), 5);
    assert_eq!(app.status().reload_error(), Some("log.toml is gone"));
}

// ---------------------------------------------------------------- the command line

fn annals() -> Command {
    common::annals(&[])
}

#[test]
fn no_command_ever_writes_to_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(&path, FIXTURE).unwrap();
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["check"],
        vec!["list"],
        vec!["summary"],
        vec!["actors"],
        vec!["show", "talks"],
        vec!["tui"],
        vec![],
    ] {
        let mut all = vec!["-f", p];
        all.extend(args);
        annals().args(&all).output().unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXTURE);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_like_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("log.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, FIXTURE).unwrap())
    };
    let out = annals()
        .args(["-f", fifo.to_str().unwrap(), "list"])
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
}

#[test]
fn the_explorer_with_no_tty_at_all_is_a_clear_usage_error() {
    let out = annals().arg("tui").stdout(Stdio::piped()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("needs a terminal"));
}

/// The explorer on a copy of the fixture in a real pseudo-terminal (through `script`), once
/// it has taken the screen: the `script` process, everything it printed so far and from then
/// on (joined when the process ends), and the command line that started the explorer. `None`
/// when this system has no `script`/`pgrep` or cannot open a pseudo-terminal.
#[cfg(unix)]
struct InTerminal {
    script: std::process::Child,
    output: std::thread::JoinHandle<Vec<u8>>,
    /// Everything printed so far, each time more comes.
    printed: std::sync::mpsc::Receiver<Vec<u8>>,
    /// What was printed by the time the explorer took the screen.
    first: Vec<u8>,
    command: String,
    _dir: tempfile::TempDir,
}

#[cfg(unix)]
impl InTerminal {
    fn start(name: &str) -> Option<Self> {
        Self::start_with(name, |path| {
            format!("{} -f {} tui", env!("CARGO_BIN_EXE_annals"), path.display())
        })
    }

    /// As [`InTerminal::start`], with the shell command made from the fixture's path.
    fn start_with(name: &str, command: impl Fn(&std::path::Path) -> String) -> Option<Self> {
        use std::time::Duration;
        let have = |tool: &str| {
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !have("script") || !have("pgrep") {
            eprintln!("skipped: no `script` or `pgrep` here");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, FIXTURE).unwrap();
        let command = command(&path);
        let mut script = common::script(&command).spawn().unwrap();
        let (output, rx) = common::read_as_it_comes(script.stdout.take().unwrap());
        // Wait (bounded) until the explorer has taken the screen.
        let mut seen = Vec::new();
        let entered = loop {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(out) if String::from_utf8_lossy(&out).contains("\u{1b}[?1049h") => {
                    seen = out;
                    break true;
                }
                Ok(out) => seen = out,
                Err(_) => break false,
            }
        };
        if !entered && String::from_utf8_lossy(&seen).contains("script:") {
            let _ = script.kill();
            let _ = script.wait();
            eprintln!("skipped: `script` could not open a pseudo-terminal here");
            return None;
        }
        assert!(entered, "the explorer never drew ({name})");
        Some(Self {
            script,
            output,
            printed: rx,
            first: seen,
            command,
            _dir: dir,
        })
    }

    /// Waits (bounded) until the screen has shown `text`.
    fn wait_for(&self, text: &str) -> bool {
        if String::from_utf8_lossy(&self.first).contains(text) {
            return true;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.printed.recv_timeout(left) {
                Ok(out) if String::from_utf8_lossy(&out).contains(text) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }

    /// A `pkill`/`pgrep` pattern for the explorer alone: anchored on the binary, so that
    /// `script` (whose arguments hold the same text) is spared.
    fn pattern(&self) -> String {
        format!("^{}", regex_escape(&self.command))
    }

    fn explorer_is_running(&self) -> bool {
        Command::new("pgrep")
            .args(["-f", &self.pattern()])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// A log piped in (`cat log | annals -f -`) is explored, keys coming from the terminal.
#[cfg(unix)]
#[test]
fn a_log_from_a_pipe_is_explored_with_keys_from_the_terminal() {
    use std::io::Write;
    let Some(mut run) = InTerminal::start_with("piped", |path| {
        format!(
            "stty rows 40 cols 120; cat {} | {} -f -",
            path.display(),
            env!("CARGO_BIN_EXE_annals")
        )
    }) else {
        return;
    };
    assert!(run.wait_for("Fixture timeline"), "the log was never shown");
    let mut keys = run.script.stdin.take().unwrap();
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();
    let status = run.script.wait().unwrap();
    let out = String::from_utf8_lossy(&run.output.join().unwrap()).into_owned();
    assert!(out.contains("\u{1b}[?1049l"), "the screen was given back");
    assert_eq!(status.code(), Some(0));
}

/// SIGTERM, SIGHUP and every other signal whose default action ends a process, while the
/// explorer runs in a real pseudo-terminal: the alternate screen is left and the exit
/// status is 128 + the signal's number.
#[cfg(unix)]
#[test]
fn signals_restore_the_terminal_and_exit_conventionally() {
    use signal_hook::consts::signal::*;
    let signals = [
        ("TERM", SIGTERM),
        ("HUP", SIGHUP),
        ("USR1", SIGUSR1),
        ("USR2", SIGUSR2),
        ("ALRM", SIGALRM),
        ("VTALRM", SIGVTALRM),
        ("PROF", SIGPROF),
        ("XCPU", SIGXCPU),
        ("XFSZ", SIGXFSZ),
    ];
    for (signal, number) in signals {
        let code = 128 + number;
        let Some(mut run) = InTerminal::start(&format!("signal-{signal}")) else {
            return;
        };
        let killed = Command::new("pkill")
            .args([&format!("-{signal}"), "-f", &run.pattern()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = run.script.wait().unwrap();
        drop(run.script.stdin.take());
        let out = String::from_utf8_lossy(&run.output.join().unwrap()).into_owned();
        assert!(
            out.contains("\u{1b}[?1049l"),
            "alternate screen not left after SIG{signal}"
        );
        assert_eq!(status.code(), Some(code), "exit status after SIG{signal}");
    }
}

/// The terminal itself goes away (its window closed, `tmux kill-server`): the explorer must
/// not outlive it. With the pseudo-terminal's master side gone, reads of the terminal return
/// nothing at once, forever, and the explorer has to notice the hang-up signal anyway.
#[cfg(unix)]
#[test]
fn the_explorer_exits_when_its_terminal_is_closed() {
    use std::time::{Duration, Instant};
    let Some(mut run) = InTerminal::start("hangup") else {
        return;
    };
    // SIGKILL `script`: it cannot pass anything on, and its end of the terminal closes.
    run.script.kill().unwrap();
    run.script.wait().unwrap();
    let start = Instant::now();
    while run.explorer_is_running() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let running = run.explorer_is_running();
    if running {
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", &run.pattern()])
            .status();
    }
    assert!(!running, "the explorer outlived its terminal");
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = ".^$*+?()[]{}|\\".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// A log that is still loading — a named pipe whose writer never finishes — and `q`: the
/// explorer has drawn its loading screen, quits without waiting for the load, and gives the
/// terminal back. (The load can never end here, so quitting at all shows it is not waited on.)
#[cfg(unix)]
#[test]
fn q_while_the_log_is_still_loading_quits_and_restores_the_terminal() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("slow.toml");
    if !mkfifo(&fifo) {
        return;
    }
    let (done, until_done) = std::sync::mpsc::channel::<()>();
    let writer_path = fifo.clone();
    // Opening the pipe waits for the explorer to open it; then the start of a log, and the
    // pipe is held open until the test ends.
    std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        pipe.write_all(b"[timeline]\ntitle = \"Slow\"\n").unwrap();
        let _ = until_done.recv();
    });
    let fifo_arg = fifo.display().to_string();
    let Some(mut run) = InTerminal::start_with("loading", |_| {
        format!(
            "stty rows 40 cols 120; {} -f {fifo_arg} tui",
            env!("CARGO_BIN_EXE_annals")
        )
    }) else {
        return;
    };
    assert!(
        run.wait_for("Loading"),
        "the loading screen was never shown"
    );
    let mut keys = run.script.stdin.take().unwrap();
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();
    // Bounded only so that a failure cannot hang the suite.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = run.script.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = run.script.kill();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    drop(done);
    let out = String::from_utf8_lossy(&run.output.join().unwrap()).into_owned();
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "q did not end the explorer while it loaded"
    );
    assert!(out.contains("\u{1b}[?1049l"), "the screen was given back");
}

/// The explorer keeps the log it parsed in the cache once it is on screen, so that the next
/// open (of the explorer or any command) reads it from there.
#[cfg(unix)]
#[test]
fn the_explorer_keeps_a_parsed_log_in_the_cache() {
    use std::io::Write;
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().join("cache");
    let dir_arg = cache_dir.display().to_string();
    let Some(mut run) = InTerminal::start_with("kept", |path| {
        format!(
            "stty rows 40 cols 120; env -u ANNALS_NO_CACHE ANNALS_CACHE_DIR={dir_arg} {} -f {} tui",
            env!("CARGO_BIN_EXE_annals"),
            path.display()
        )
    }) else {
        return;
    };
    assert!(run.wait_for("Fixture timeline"), "the log was never shown");
    let entry_written = || {
        std::fs::read_dir(&cache_dir).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".entry"))
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !entry_written() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut keys = run.script.stdin.take().unwrap();
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();
    assert_eq!(run.script.wait().unwrap().code(), Some(0));
    assert!(entry_written(), "no entry in {}", cache_dir.display());
}
