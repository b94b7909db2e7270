//! Editing a log from annals: `new` starts one, `fmt` lays it out, `add` adds an event.
//! Every write goes through [`crate::write`]; every change is proved to load first.

pub mod add;
pub mod command;
pub mod diff;
pub mod fmt;
pub mod layout;
pub mod prompt;
pub mod same;
pub mod template;

use std::path::{Path, PathBuf};

use crate::model::Timeline;

/// The files a log is made of, as the loader opened them: the main file first, then every
/// file it includes and every later `-f`.
pub fn log_files(timeline: &Timeline) -> Vec<PathBuf> {
    timeline
        .files
        .iter()
        .filter(|f| !f.as_os_str().is_empty())
        .cloned()
        .collect()
}

/// The file event `event` of `timeline` is written in.
pub fn file_of_event(timeline: &Timeline, event: usize) -> Option<&Path> {
    let file = timeline.events.get(event)?.file as usize;
    timeline.files.get(file).map(PathBuf::as_path)
}
