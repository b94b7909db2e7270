//! Loading the log off the drawing thread, and watching its file: every change on disk is
//! reloaded and delivered through a channel; a broken or missing file is reported, and the
//! explorer keeps the last good log.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use crate::filter::TextIndex;
use crate::load::{self, Origin, Report};
use crate::model::Timeline;

/// How often the file is looked at. Polling the file's metadata is cheap and, unlike change
/// notifications, also sees editors that save by writing a new file and renaming it, a
/// file deleted and created again, and network file systems.
pub const POLL: Duration = Duration::from_millis(250);

/// What the loader thread tells the explorer.
pub enum Message {
    /// A log, first or reloaded, ready to show.
    Ready(Arc<Timeline>, Arc<TextIndex>),
    /// The first load failed: the explorer cannot start. The text says why, in full.
    Failed(String),
    /// The file on disk cannot be shown now; the last good log stays.
    Problem(String),
}

/// Loads `origin` and then, for a file, watches it until the receiver goes away.
pub fn spawn(origin: Origin, tx: Sender<Message>) {
    std::thread::spawn(move || {
        let mut seen = origin.path().map(signature);
        let first = match load::load(&origin) {
            Ok(mut report) => ready(&mut report).ok_or_else(|| failure(&report, &origin)),
            Err(e) => Err(format!("annals: {e}\n")),
        };
        match first {
            Ok(message) => {
                if tx.send(message).is_err() {
                    return;
                }
            }
            Err(text) => {
                let _ = tx.send(Message::Failed(text));
                return;
            }
        }
        let Some(path) = origin.path().map(Path::to_path_buf) else {
            return;
        };
        loop {
            std::thread::sleep(POLL);
            let now = signature(&path);
            if Some(&now) == seen.as_ref() {
                continue;
            }
            seen = Some(now.clone());
            if tx.send(reload(&path, &now, &origin)).is_err() {
                return;
            }
        }
    });
}

/// The timeline of a log without errors, ready to show. It is taken out of the report, not
/// copied: the report is only kept for its diagnostics when there is no timeline.
fn ready(report: &mut Report) -> Option<Message> {
    let timeline = report.timeline.take()?;
    let index = TextIndex::new(&timeline);
    Some(Message::Ready(Arc::new(timeline), Arc::new(index)))
}

fn failure(report: &Report, origin: &Origin) -> String {
    format!(
        "{}annals: fix the errors above, then run again (`annals check` lists them)\n",
        report.render(&origin.name())
    )
}

fn reload(path: &Path, now: &Signature, origin: &Origin) -> Message {
    let name = origin.name();
    match now {
        Signature::Missing => {
            return Message::Problem(format!(
                "{name} is gone (deleted or renamed): showing the last good version until it returns"
            ));
        }
        Signature::Directory => {
            return Message::Problem(format!(
                "{name} is now a directory: showing the last good version"
            ));
        }
        Signature::File { .. } => {}
    }
    match load::load(origin) {
        Err(e) => Message::Problem(format!("{e}: showing the last good version")),
        Ok(mut report) => ready(&mut report).unwrap_or_else(|| {
            let first = report.errors().next();
            let count = report.errors().count();
            let what = first.map_or_else(String::new, |d| {
                let (line, col) = load::line_col(&report.text, d.span.start);
                format!("{}:{line}:{col}: {}", path.display(), d.message)
            });
            let more = if count > 1 {
                format!(" (and {} more)", count - 1)
            } else {
                String::new()
            };
            Message::Problem(format!("{what}{more} — showing the last good version"))
        }),
    }
}

/// What the file looks like from outside: enough to notice any change.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Signature {
    Missing,
    Directory,
    File {
        len: u64,
        modified: Option<SystemTime>,
        inode: u64,
    },
}

fn signature(path: &Path) -> Signature {
    match std::fs::metadata(path) {
        Err(_) => Signature::Missing,
        Ok(m) if m.is_dir() => Signature::Directory,
        Ok(m) => Signature::File {
            len: m.len(),
            modified: m.modified().ok(),
            inode: inode(&m),
        },
    }
}

#[cfg(unix)]
fn inode(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.ino()
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
