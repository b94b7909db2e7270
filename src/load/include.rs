//! A log in several files: the first file's `[timeline] include = ["events/*.toml", …]`
//! (paths and globs relative to that file) and `-f` given more than once. Each file is read
//! on its own by the one-file path (`read_one`: by pieces, or whole); their headers and
//! events are then put together and resolved as one log, so ids, actors and related events
//! reach across files, and every diagnostic says which file it is in.
//!
//! Only the first file has a `[timeline]`, so only it can include: an included file holds
//! `[actors.…]`, `[[events]]`, `[[eras]]` and `[views.…]`. One level keeps the shape of
//! the log in one place (the first file lists every pattern), and `**` reaches any depth of
//! folders. The only cycle this leaves is a pattern that matches the file naming it, which
//! is an error naming the chain; a file reached twice (by two patterns, or by a pattern and
//! a later `-f`) is read once.
//!
//! Globs are the `glob` crate's: `*`, `?`, `[…]` within a name, `**` across folders; `*`
//! does not cross a `/` and does not match a leading dot (editor lock files such as
//! `.#2025.toml`). Matches are sorted, so files load in the same order everywhere.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::build::{Drafts, Header, Seed};
use super::fields::{Reader, Span};
use super::{Diagnostic, Origin, ReadError, Report};
use crate::model::SharedText;

/// What a load read: every file, and every include pattern with what it matched, so that a
/// copy of the loaded timeline can be checked cheaply for staleness (any file changed, or a
/// pattern matching other files now). Paths are absolute (made so from the paths as
/// opened, without resolving links).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Inputs {
    /// Every file read, in loading order; the first is the main file. Standard input and
    /// the built-in log are not files and are not listed.
    pub files: Vec<PathBuf>,
    /// Every include pattern, in the order written.
    pub globs: Vec<Matched>,
}

/// One include pattern and the files it matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Matched {
    /// The pattern made absolute (the including file's folder, escaped, then the pattern as
    /// written): `glob::glob(&pattern)` lists the files it matches now.
    pub pattern: String,
    /// The files it matched, absolute, sorted (directories and unreadable files included:
    /// they are errors, and fixing them must be seen).
    pub matched: Vec<PathBuf>,
}

impl Matched {
    /// The files the pattern matches now, as [`Matched::matched`] lists them: equal to it
    /// when no file matching it came or went.
    pub fn now(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = glob::glob_with(&self.pattern, OPTIONS)
            .map(|paths| paths.filter_map(Result::ok).collect())
            .unwrap_or_default();
        found.sort();
        found
    }
}

/// Loads the log from `origin` with every file it includes and every later `-f` file.
/// `watched` reads the first file as the watcher does (only a regular file, never
/// blocking); included files are always read so.
pub fn load(origin: &Origin, watched: bool) -> Result<Report, ReadError> {
    load_replacing(origin, watched, Vec::new())
}

/// [`load`], with the text of some files of the log given instead of read (`annals add` and
/// `fmt` prove a change against the whole log before writing it): each `(path, text)` stands
/// for the file at `path`, however it is reached. The reopen cache gives so the bytes it has
/// just read of a log it does not hold, so they are not read again.
pub fn load_replacing(
    origin: &Origin,
    watched: bool,
    replaced: Vec<(PathBuf, Vec<u8>)>,
) -> Result<Report, ReadError> {
    let mut log = Log {
        replaced: replaced
            .into_iter()
            .map(|(path, bytes)| (identity(&path), bytes))
            .collect(),
        ..Log::default()
    };
    let (first, later): (Origin, &[PathBuf]) = match origin {
        Origin::Files(paths) => match paths.split_first() {
            Some((first, later)) => (Origin::File(first.clone()), later),
            None => (Origin::Builtin, &[]),
        },
        other => (other.clone(), &[]),
    };
    let bytes = match (first.path(), watched) {
        (Some(path), _) if let Some(bytes) = log.given(path) => bytes,
        (Some(path), true) => super::read_watched(path, &first)?,
        _ => super::read(&first)?,
    };
    if let Some(path) = first.path() {
        log.identities.insert(identity(path));
        log.inputs.files.push(absolute(path));
    }
    let header = log.first(bytes);
    let Some(mut header) = header else {
        return Ok(log.report(None, first.path()));
    };
    let base = first.path().map_or_else(PathBuf::new, parent);
    for (pattern, span) in header.includes().to_vec() {
        log.include(&base, first.path(), &pattern, span);
    }
    for path in later {
        let origin = Origin::File(path.clone());
        let bytes = match log.given(path) {
            Some(bytes) => bytes,
            None => super::read_watched(path, &origin)?,
        };
        if log.identities.insert(identity(path)) {
            log.inputs.files.push(absolute(path));
            log.pending.push((path.clone(), bytes));
        }
    }
    log.read_pending(&mut header);
    Ok(log.report(Some(header), first.path()))
}

/// The files read so far, their events and diagnostics.
#[derive(Default)]
struct Log {
    /// The first file's text.
    text: SharedText,
    /// The texts of the files after the first.
    more: Vec<(PathBuf, SharedText)>,
    drafts: Drafts,
    reader: Reader,
    inputs: Inputs,
    /// The files read, to read each once.
    identities: HashSet<PathBuf>,
    /// Bytes given for files (by identity), read instead of the files.
    replaced: Vec<(PathBuf, Vec<u8>)>,
    /// The files after the first, read from disk in loading order, still to be parsed.
    pending: Vec<(PathBuf, Vec<u8>)>,
    /// False once a file's TOML did not parse: the log cannot be resolved.
    whole: bool,
}

impl Log {
    /// The text given for the file at `path` instead of its bytes on disk, if any.
    fn given(&mut self, path: &Path) -> Option<Vec<u8>> {
        let id = identity(path);
        let at = self.replaced.iter().position(|(p, _)| *p == id)?;
        Some(self.replaced.swap_remove(at).1)
    }

    /// Reads the first file; its header, unless its TOML does not parse.
    fn first(&mut self, bytes: Vec<u8>) -> Option<Header> {
        self.whole = true;
        let text = match super::decode(bytes) {
            Ok(mut text) => {
                super::drop_bom(&mut text);
                text
            }
            Err((text, d)) => {
                self.text = SharedText::new(text);
                self.reader.push(d);
                return None;
            }
        };
        self.text = SharedText::new(text);
        if let Some(d) = super::empty_file(&self.text) {
            self.reader.push(d);
            return None;
        }
        let (parts, diagnostics) =
            super::read_one(&self.text, pieces(&self.text), None, &Seed::default());
        self.reader.diagnostics.extend(diagnostics);
        let (header, drafts) = parts?;
        self.drafts = drafts;
        Some(header)
    }

    /// Parses the files after the first, on every core (each on its own, from the first
    /// file's lanes), and adds them to the log in loading order. An empty file, or one with
    /// only comments, is a file still to be written: nothing to add, and no error.
    fn read_pending(&mut self, header: &mut Header) {
        let (paths, bytes): (Vec<PathBuf>, Vec<Vec<u8>>) =
            std::mem::take(&mut self.pending).into_iter().unzip();
        // Each file's bytes, taken by the thread that parses it.
        let slots: Vec<std::sync::Mutex<Option<Vec<u8>>>> = bytes
            .into_iter()
            .map(|b| std::sync::Mutex::new(Some(b)))
            .collect();
        let seed = header.seed(0);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(slots.len());
        let mut read: Vec<(usize, Parsed)> = Vec::with_capacity(slots.len());
        std::thread::scope(|scope| {
            let work = || {
                let mut done = Vec::new();
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(slot) = slots.get(k) else {
                        return done;
                    };
                    let bytes = slot.lock().ok().and_then(|mut b| b.take());
                    let seed = Seed {
                        file: k as u32 + 1,
                        ..seed.clone()
                    };
                    done.push((k, parse_file(bytes.unwrap_or_default(), &seed)));
                }
            };
            let helpers: Vec<_> = (1..threads)
                .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
                .collect();
            read.extend(work());
            for helper in helpers {
                match helper.join() {
                    Ok(done) => read.extend(done),
                    // A bug in parsing: the same panic as on one thread.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
        // Every file was parsed once, by some thread: put them back in loading order.
        read.sort_by_key(|(k, _)| *k);
        for (path, (_, parsed)) in paths.into_iter().zip(read) {
            self.add(header, path, parsed);
        }
    }

    /// Adds a parsed file after the first to the log.
    fn add(&mut self, header: &mut Header, path: PathBuf, (text, parts, diagnostics): Parsed) {
        self.reader.diagnostics.extend(diagnostics);
        match parts {
            Some((other, drafts)) => {
                header.merge(other, &mut self.reader);
                self.drafts.append(drafts);
            }
            None => self.whole = false,
        }
        self.more.push((path, text));
    }

    /// Reads the files one include pattern of the first file matches; a pattern that
    /// matches nothing, the file itself, or a file that cannot be read is an error at the
    /// pattern.
    fn include(&mut self, base: &Path, naming: Option<&Path>, pattern: &str, span: Span) {
        let at = |message: String| Diagnostic::error(span.clone(), message);
        let (matched, found) = match expand(base, pattern) {
            Ok(found) => found,
            Err((message, hint)) => {
                self.reader.push(at(message).with_hint(hint));
                return;
            }
        };
        self.inputs.globs.push(matched);
        if found.is_empty() {
            self.reader.push(at(format!("`{}` matches no file", crate::text::quoted(pattern))).with_hint(
                format!(
                    "include paths are relative to the file that names them (here `{}`); fix the pattern or remove it",
                    super::path_name(if base.as_os_str().is_empty() { Path::new(".") } else { base })
                ),
            ));
            return;
        }
        let naming = naming.map(|n| (n, identity(n)));
        // A pattern can reach the naming file by many paths (through a link to a folder
        // above it): one error says it.
        let mut cycle = false;
        for path in found {
            let id = identity(&path);
            if let Some((naming, _)) = naming.as_ref().filter(|(_, own)| *own == id) {
                if std::mem::replace(&mut cycle, true) {
                    continue;
                }
                let name = super::path_name(naming);
                self.reader.push(
                    at(format!(
                        "include cycle: {name} → `{}` → {name}",
                        crate::text::quoted(pattern)
                    ))
                    .with_hint("a file cannot include itself; narrow the pattern (e.g. `events/*.toml`) or move the file"),
                );
                continue;
            }
            if !self.identities.insert(id) {
                continue;
            }
            self.inputs.files.push(absolute(&path));
            let read = match self.given(&path) {
                Some(bytes) => Ok(bytes),
                None => super::read_watched(&path, &Origin::File(path.clone())),
            };
            match read {
                Ok(bytes) => self.pending.push((path, bytes)),
                Err(e) => {
                    self.reader.push(at(e.to_string()).with_hint(format!(
                        "`{}` matched it; fix the file or the pattern",
                        crate::text::quoted(pattern)
                    )));
                    self.whole = false;
                }
            }
        }
    }

    /// The report: the log resolved when every file was read and parsed.
    fn report(mut self, header: Option<Header>, first: Option<&Path>) -> Report {
        // Resolving finds no timeline when any file had an error.
        let mut timeline = match header {
            Some(header) if self.whole => {
                let files: Vec<SharedText> = std::iter::once(self.text.clone())
                    .chain(self.more.iter().map(|(_, t)| t.clone()))
                    .collect();
                self.drafts.finish(header, &mut self.reader, &files)
            }
            _ => None,
        };
        if let Some(t) = &mut timeline {
            t.files = std::iter::once(first.map(Path::to_path_buf).unwrap_or_default())
                .chain(self.more.iter().map(|(p, _)| p.clone()))
                .collect();
        }
        let mut diagnostics = self.reader.diagnostics;
        diagnostics.sort_by_key(|d| (d.file, d.span.start, d.severity));
        Report {
            text: self.text,
            diagnostics,
            timeline,
            more: self.more,
            inputs: self.inputs,
        }
    }
}

/// A file after the first, parsed: its text, its parts when its TOML parses, and its
/// diagnostics.
type Parsed = (SharedText, Option<(Header, Drafts)>, Vec<Diagnostic>);

/// Parses a file after the first from its bytes, from `seed`.
fn parse_file(bytes: Vec<u8>, seed: &Seed) -> Parsed {
    match super::decode(bytes) {
        Ok(mut text) => {
            super::drop_bom(&mut text);
            let (parts, diagnostics) = super::read_one(&text, pieces(&text), None, seed);
            (SharedText::new(text), parts, diagnostics)
        }
        Err((text, d)) => (SharedText::new(text), None, vec![d.in_file(seed.file)]),
    }
}

/// How [`super::read_one`] reads a file of this size (as [`super::parse_owned`] does).
fn pieces(text: &str) -> Option<bool> {
    Some(text.len() >= super::OWN_ERRORS_FROM)
}

/// The folder a file's relative include patterns start from.
fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A file's identity, to read it once however it is reached: its canonical path, or the
/// path as given when it has none (it does not exist; reading it reports that).
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The glob options of includes: `*` stays within a folder and skips hidden files.
const OPTIONS: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// The files `pattern`, relative to `base`, matches (sorted, as paths to open), and the
/// pattern made absolute with those files for [`Inputs`]; or what is wrong with it (a
/// message and a hint).
fn expand(base: &Path, pattern: &str) -> Result<(Matched, Vec<PathBuf>), (String, String)> {
    let quoted = crate::text::quoted(pattern);
    if pattern.trim().is_empty() {
        return Err((
            "an include pattern is empty".to_string(),
            "give a path or a glob such as `events/*.toml`, or remove it".to_string(),
        ));
    }
    let joined = |base: &Path| -> Result<String, (String, String)> {
        if Path::new(pattern).is_absolute() || base.as_os_str().is_empty() {
            return Ok(pattern.to_string());
        }
        let Some(base) = base.to_str() else {
            return Err((
                format!("cannot include `{quoted}`: the log's folder is not a UTF-8 path"),
                "move the log to a folder whose path is UTF-8".to_string(),
            ));
        };
        let base = glob::Pattern::escape(base);
        Ok(format!("{}/{pattern}", base.trim_end_matches('/')))
    };
    let full = joined(base)?;
    let paths = glob::glob_with(&full, OPTIONS).map_err(|e| {
        (
            format!("`{quoted}` is not a valid pattern: {}", e.msg),
            "`*` matches within a name, `**` any folders, `?` one character, `[abc]` one of them"
                .to_string(),
        )
    })?;
    let mut found = Vec::new();
    for path in paths {
        match path {
            Ok(path) => found.push(path),
            Err(e) => {
                return Err((
                    format!(
                        "cannot look for `{quoted}` in `{}`: {}",
                        super::path_name(e.path()),
                        e.error()
                    ),
                    "make the folder readable, or change the pattern".to_string(),
                ));
            }
        }
    }
    found.sort();
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let pattern = joined(&absolute(base))?;
    let matched = found.iter().map(|p| absolute(p)).collect();
    Ok((Matched { pattern, matched }, found))
}
