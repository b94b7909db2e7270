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

/// The files a log is made of, the main file first. Today a log is one file.
pub fn log_files(main: &Path) -> Vec<PathBuf> {
    vec![main.to_path_buf()]
}

/// The file of `files` that event `event` of `timeline` is written in.
pub fn file_of_event<'f>(
    files: &'f [PathBuf],
    _timeline: &Timeline,
    _event: usize,
) -> Option<&'f Path> {
    files.first().map(PathBuf::as_path)
}
