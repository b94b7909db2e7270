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
        let mut watcher = Watcher::new(origin);
        let first = watcher.load();
        let failed = matches!(first, Message::Failed(_));
        if tx.send(first).is_err() || failed || !watcher.watches_a_file() {
            return;
        }
        loop {
            std::thread::sleep(POLL);
            if let Some(message) = watcher.check()
                && tx.send(message).is_err()
            {
                return;
            }
        }
    });
}

/// Loads a log and notices when its file changes. The thread above drives it; tests call
/// [`Watcher::check`] directly after changing the file.
pub struct Watcher {
    origin: Origin,
    seen: Option<Signature>,
}

impl Watcher {
    pub fn new(origin: Origin) -> Self {
        Self { origin, seen: None }
    }

    /// True when the log is a regular file, to be watched. A pipe given on purpose
    /// (`-f fifo`) is read once, like standard input.
    pub fn watches_a_file(&self) -> bool {
        matches!(self.seen, Some(Signature::File { .. }))
    }

    /// The first load: a log to show, or why the explorer cannot start.
    pub fn load(&mut self) -> Message {
        self.seen = self.origin.path().map(signature);
        match load::load(&self.origin) {
            Ok(mut report) => ready(&mut report)
                .unwrap_or_else(|| Message::Failed(failure(&report, &self.origin))),
            Err(e) => Message::Failed(format!("annals: {e}\n")),
        }
    }

    /// What changed since the last look, if anything.
    pub fn check(&mut self) -> Option<Message> {
        let path = self.origin.path()?.to_path_buf();
        let now = signature(&path);
        if Some(&now) == self.seen.as_ref() {
            return None;
        }
        self.seen = Some(now.clone());
        Some(reload(&path, &now, &self.origin))
    }
}

fn ready(report: &mut Report) -> Option<Message> {
    let timeline = report.timeline.take()?;
    // The text is only wanted for messages about errors, and there are none: let it go
    // before the search index, as large again, is built.
    report.text = String::new();
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
        Signature::Loop => {
            return Message::Problem(format!(
                "{name} is now a loop of symbolic links: showing the last good version until it is a file again"
            ));
        }
        Signature::Other(kind) => {
            return Message::Problem(format!(
                "{name} is now {kind}: showing the last good version until it is a file again"
            ));
        }
        Signature::File { .. } => {}
    }
    match load::read_watched(path, origin).map(load::parse_bytes) {
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

/// What the file looks like from outside: enough to notice any change. Taken without
/// opening the file, so that nothing put in its place (a pipe, a device) can block or feed
/// the watcher.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Signature {
    Missing,
    /// Symbolic links that lead back to themselves.
    Loop,
    Directory,
    /// A pipe, a device or a socket, in words ("a pipe").
    Other(&'static str),
    File {
        len: u64,
        modified: Option<SystemTime>,
        inode: u64,
    },
}

fn signature(path: &Path) -> Signature {
    match std::fs::metadata(path) {
        Err(e) if is_loop(&e) => Signature::Loop,
        Err(_) => Signature::Missing,
        Ok(m) if m.is_dir() => Signature::Directory,
        Ok(m) if !m.is_file() => Signature::Other(load::kind(&m)),
        Ok(m) => Signature::File {
            len: m.len(),
            modified: m.modified().ok(),
            inode: inode(&m),
        },
    }
}

#[cfg(unix)]
fn is_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &std::io::Error) -> bool {
    false
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
