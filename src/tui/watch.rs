//! Loading the log off the drawing thread, and watching its files: every change on disk is
//! reloaded and delivered through a channel; a broken or missing file is reported, and the
//! explorer keeps the last good log. For a log in several files, every file read is
//! watched, and every include pattern is matched again, so a new file that matches is
//! picked up and a removed one dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use crate::filter::TextIndex;
use crate::load::{self, Inputs, LoadError, Origin};
use crate::model::Timeline;

/// How often the file is looked at. Polling the file's metadata is cheap and, unlike change
/// notifications, also sees editors that save by writing a new file and renaming it, a
/// file deleted and created again, and network file systems.
pub const POLL: Duration = Duration::from_millis(250);

/// What the loader thread tells the explorer.
pub enum Message {
    /// A log, first or reloaded, ready to show.
    Ready(Arc<Timeline>, Arc<TextIndex>),
    /// The first load failed: the explorer cannot start.
    Failed(LoadError),
    /// The file on disk cannot be shown now; the last good log stays.
    Problem(Problem),
}

/// Why the file on disk cannot be shown now.
#[derive(Debug)]
pub enum Problem {
    /// The file is not there (deleted, or renamed away by an editor mid-save).
    Gone(String),
    /// A directory stands where the file was.
    Directory(String),
    /// Symbolic links that lead back to themselves stand where the file was.
    Loop(String),
    /// A pipe, a device or a socket stands where the file was (named in words: "a pipe");
    /// it is never opened.
    NotAFile(String, &'static str),
    /// The file cannot be read or has errors.
    Load(LoadError),
}

impl Problem {
    /// Where the first error is (file, line, column), when the problem is in a file's text:
    /// where `e` opens the editor.
    pub fn place(&self) -> Option<(PathBuf, usize, usize)> {
        match self {
            Problem::Load(e) => e.first_error_place(),
            _ => None,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Gone(name) => write!(
                f,
                "{name} is gone (deleted or renamed): showing the last good version until it returns"
            ),
            Problem::Directory(name) => {
                write!(
                    f,
                    "{name} is now a directory: showing the last good version"
                )
            }
            Problem::Loop(name) => write!(
                f,
                "{name} is now a loop of symbolic links: showing the last good version until it is a file again"
            ),
            Problem::NotAFile(name, kind) => write!(
                f,
                "{name} is now {kind}: showing the last good version until it is a file again"
            ),
            Problem::Load(e) => write!(f, "{} — showing the last good version", e.one_line()),
        }
    }
}

/// Loads `origin` and then, for a file, watches it until the receiver goes away.
pub fn spawn(origin: Origin, tx: Sender<Message>) {
    std::thread::spawn(move || {
        let mut watcher = Watcher::new(origin);
        let first = watcher.load();
        let failed = matches!(first, Message::Failed(_));
        let shown = match &first {
            Message::Ready(timeline, _) => Some(Arc::clone(timeline)),
            _ => None,
        };
        if tx.send(first).is_err() || failed {
            return;
        }
        if let Some(timeline) = shown {
            watcher.keep(&timeline);
        }
        if !watcher.watches_a_file() {
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

/// Loads a log and notices when its files change. The thread above drives it; tests call
/// [`Watcher::check`] directly after changing a file.
pub struct Watcher {
    origin: Origin,
    seen: Option<Signature>,
    /// The first load, parsed, to keep in the cache once it is on screen.
    unkept: Option<load::cache::Pending>,
    /// What the last load read, and how it looked just before.
    inputs: Inputs,
    others: Snapshot,
}

/// The files after the first, and what each include pattern matches, as seen at one time.
#[derive(Debug, Default, PartialEq, Eq)]
struct Snapshot {
    files: Vec<Signature>,
    globs: Vec<Vec<PathBuf>>,
}

impl Snapshot {
    fn of(inputs: &Inputs) -> Self {
        Self {
            files: inputs.files.iter().skip(1).map(|p| signature(p)).collect(),
            globs: inputs.globs.iter().map(load::Matched::now).collect(),
        }
    }
}

impl Watcher {
    pub fn new(origin: Origin) -> Self {
        Self {
            origin,
            seen: None,
            unkept: None,
            inputs: Inputs::default(),
            others: Snapshot::default(),
        }
    }

    /// Keeps the first load in the cache, if it was parsed: called once it is on its way to
    /// the screen.
    pub fn keep(&mut self, timeline: &Timeline) {
        if let Some(pending) = self.unkept.take() {
            pending.keep(timeline);
        }
    }

    /// True when the log is a regular file, to be watched. A pipe given on purpose
    /// (`-f fifo`) is read once, like standard input.
    pub fn watches_a_file(&self) -> bool {
        matches!(self.seen, Some(Signature::File { .. }))
    }

    /// The first load: a log to show, or why the explorer cannot start.
    pub fn load(&mut self) -> Message {
        self.seen = self.origin.path().map(signature);
        match load::cache::open_unkept(&self.origin) {
            Ok((timeline, inputs, unkept)) => {
                self.unkept = unkept;
                self.others = Snapshot::of(&inputs);
                self.inputs = inputs;
                ready(timeline)
            }
            Err(e) => Message::Failed(e),
        }
    }

    /// What changed since the last look, if anything.
    pub fn check(&mut self) -> Option<Message> {
        let path = self.origin.path()?.to_path_buf();
        let now = signature(&path);
        let others = Snapshot::of(&self.inputs);
        if Some(&now) == self.seen.as_ref() && others == self.others {
            return None;
        }
        self.seen = Some(now.clone());
        self.others = others;
        Some(self.reload(&now))
    }

    fn reload(&mut self, now: &Signature) -> Message {
        // The file watched for these problems: the first of several.
        let name = match &self.origin {
            Origin::Files(paths) => paths
                .first()
                .map(|p| load::path_name(p))
                .unwrap_or_default(),
            origin => origin.name(),
        };
        let result = match now {
            Signature::Missing => return Message::Problem(Problem::Gone(name)),
            Signature::Directory => return Message::Problem(Problem::Directory(name)),
            Signature::Loop => return Message::Problem(Problem::Loop(name)),
            Signature::Other(kind) => return Message::Problem(Problem::NotAFile(name, kind)),
            Signature::File { .. } => load::open_watched(&self.origin),
        };
        let inputs = match &result {
            Ok((_, inputs)) => Some(inputs),
            Err(e) => e.inputs(),
        };
        if let Some(inputs) = inputs
            && *inputs != self.inputs
        {
            // Other files than before: watch those, as they are now.
            self.others = Snapshot::of(inputs);
            self.inputs = inputs.clone();
        }
        match result {
            Ok((timeline, _)) => ready(timeline),
            Err(e) => Message::Problem(Problem::Load(e)),
        }
    }
}

/// The log is shown at once; its search index follows on another thread (searches scan the
/// text until it is there).
fn ready(timeline: Timeline) -> Message {
    // What the load freed goes back to the system before the index is built beside it.
    crate::memory::give_back();
    let timeline = Arc::new(timeline);
    let index = TextIndex::in_background(&timeline);
    Message::Ready(timeline, index)
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
