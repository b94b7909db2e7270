//! Shell completion and manual pages, both generated from the clap definition so they never
//! drift from it. Completion is dynamic (clap_complete's `CompleteEnv`): the shell asks
//! `annals` itself, which completes actor ids, tag names, event ids and saved view names
//! from the log in force.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::Shells;

use crate::cli::Cli;
use crate::load::{self, Origin};
use crate::model::Timeline;

/// The environment variable through which a shell asks annals for completions.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Answers the shell and exits, when the shell is asking (`COMPLETE=bash annals -- …`);
/// otherwise returns at once.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_VAR)
        .complete();
}

/// The script that makes `shell` ask annals for completions: `bash`, `zsh`, `fish`,
/// `elvish` or `powershell`.
pub fn completions(shell: clap_complete::Shell) -> io::Result<String> {
    let name = shell.to_string();
    let mut out = Vec::new();
    match Shells::builtins().completer(&name) {
        Some(completer) => {
            completer.write_registration(COMPLETE_VAR, "annals", "annals", "annals", &mut out)?
        }
        None => clap_complete::generate(shell, &mut Cli::command(), "annals", &mut out),
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Writes `annals.1` and `annals-<command>.1` for each command into `dir` (made if
/// missing).
pub fn write_man_pages(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let command = Cli::command();
    write_page(dir, "annals", command.clone())?;
    for sub in command.get_subcommands() {
        let name = format!("annals-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("annals {}", sub.get_name()));
        write_page(dir, &name, page)?;
    }
    Ok(())
}

/// One page, written as every file annals writes (`crate::write`): whole or not at all. A
/// page from an earlier run is replaced.
fn write_page(dir: &Path, name: &str, command: clap::Command) -> io::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    let text = String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    crate::write::write_new(&dir.join(format!("{name}.1")), &text, true).map_err(io::Error::other)
}

/// The log in force while completing: `--file` on the line being completed, else
/// `$ANNALS_FILE`, else the config's `file`, else the built-in log. `None` when it does not
/// load (completion then offers nothing, rather than an error in the middle of a line).
fn log_in_force() -> Option<Timeline> {
    let args: Vec<String> = std::env::args().collect();
    let from_line = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--file=")
            .map(String::from)
            .or_else(|| (a == "-f" || a == "--file").then(|| args.get(i + 1).cloned())?)
    });
    let origin = match from_line.or_else(|| std::env::var("ANNALS_FILE").ok()) {
        Some(path) if path == "-" => return None,
        Some(path) => Origin::File(PathBuf::from(path)),
        None => {
            let config = crate::config::Config::load();
            match &config.settings.file.value {
                Some(p) => Origin::File(crate::config::resolve_path(p, config.path.as_deref())),
                None => Origin::Builtin,
            }
        }
    };
    load::open(&origin).ok()
}

/// A value and its help, made safe for the terminal (a log's text is never trusted).
fn candidate(value: &str, help: &str) -> CompletionCandidate {
    let safe = |s: &str| crate::text::sanitize(s).into_owned();
    CompletionCandidate::new(safe(value)).help(Some(safe(help).into()))
}

/// Actor ids, with their names.
pub fn actor_ids() -> Vec<CompletionCandidate> {
    log_in_force().map_or_else(Vec::new, |t| {
        t.actors.iter().map(|a| candidate(&a.id, &a.name)).collect()
    })
}

/// Tag names, with their counts.
pub fn tag_names() -> Vec<CompletionCandidate> {
    log_in_force().map_or_else(Vec::new, |t| {
        t.tags
            .iter()
            .map(|g| candidate(&g.name, &crate::text::count(g.count, "event")))
            .collect()
    })
}

/// Lane names.
pub fn lane_names() -> Vec<CompletionCandidate> {
    log_in_force().map_or_else(Vec::new, |t| {
        t.lanes.iter().map(|l| candidate(l, "lane")).collect()
    })
}

/// Event ids, with their titles.
pub fn event_ids() -> Vec<CompletionCandidate> {
    log_in_force().map_or_else(Vec::new, |t| {
        t.events
            .iter()
            .map(|e| candidate(e.id(), e.title()))
            .collect()
    })
}

/// A query word being typed: `@view`, `actor:id`, `tag:name`, or a filter key.
pub fn query_word(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let word = current.rsplit(' ').next().unwrap_or_default();
    let before = &current[..current.len() - word.len()];
    let Some(t) = log_in_force() else {
        return Vec::new();
    };
    let config = crate::config::Config::load();
    let mut words: Vec<(String, String)> = Vec::new();
    for v in config.settings.saved_views().iter().chain(&t.views) {
        words.push((format!("@{}", v.name), v.query.clone()));
    }
    for a in &t.actors {
        words.push((format!("actor:{}", a.id), a.name.clone()));
    }
    for g in &t.tags {
        words.push((
            format!("tag:{}", g.name),
            crate::text::count(g.count, "event"),
        ));
    }
    for key in ["since:", "until:", "lane:", "importance:"] {
        words.push((key.to_string(), String::new()));
    }
    words
        .into_iter()
        .filter(|(w, _)| w.starts_with(word))
        .map(|(w, help)| candidate(&format!("{before}{w}"), &help))
        .collect()
}
