//! The reopen cache: a snapshot of each log that loaded without errors — its timeline and its
//! warnings — kept in the person's cache directory, so that opening the same log again
//! skips parsing. An entry is used only when every file it was made from still has the same
//! bytes (size and hash) and it was written by this very build of annals; anything else —
//! a changed, missing or damaged entry, another version — and the log is parsed as if there
//! were no cache, and the entry written anew. The cache never produces an error: at most a
//! line on standard error when `ANNALS_CACHE_DEBUG` is set.
//!
//! Only the binary turns it on ([`enable`]); the library, its tests and benchmarks load
//! without it unless they make a [`Cache`] themselves.

mod entry;
pub mod key;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use super::{Diagnostic, Inputs, Origin, ReadError, Report};
use crate::model::{SharedText, Timeline};
pub use entry::FORMAT;
use entry::{Head, Unusable};
pub use key::{FileStamp, GlobStamp, Key, Stale};

/// Where the cache lives instead of `<cache dir>/annals`.
pub const DIR_VARIABLE: &str = "ANNALS_CACHE_DIR";
/// Set (see [`variable_set`]), annals neither reads nor writes the cache, as with
/// `--no-cache`.
pub const OFF_VARIABLE: &str = "ANNALS_NO_CACHE";
/// Set, annals says on standard error why the cache was not used or not written.
pub const DEBUG_VARIABLE: &str = "ANNALS_CACHE_DEBUG";
/// The most entries kept: those used last. An entry is about three quarters of its log.
pub const KEEP: usize = 8;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns the cache on for this process, unless [`OFF_VARIABLE`] is set.
pub fn enable() {
    if !variable_set(OFF_VARIABLE) {
        ENABLED.store(true, Ordering::Relaxed);
    }
}

/// Whether a yes-or-no variable says yes: set to anything but nothing, `0`, `false`, `no`,
/// `off`, `n` or `f` (as clap reads `--no-cache`'s variable).
fn variable_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| {
        let v = v.to_string_lossy().to_ascii_lowercase();
        !["", "0", "false", "no", "off", "n", "f"].contains(&v.as_str())
    })
}

/// Where the cache is: `$ANNALS_CACHE_DIR`, else `annals` in the platform's cache directory
/// (`$XDG_CACHE_HOME/annals`, by default `~/.cache/annals`, on Linux).
pub fn location() -> Option<PathBuf> {
    match std::env::var_os(DIR_VARIABLE) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|d| d.join("annals")),
    }
}

/// Says why the cache was not used, when [`DEBUG_VARIABLE`] is set.
fn debug(what: std::fmt::Arguments) {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON.get_or_init(|| variable_set(DEBUG_VARIABLE)) {
        eprintln!(
            "annals: cache: {}",
            crate::text::sanitize(&what.to_string())
        );
    }
}

/// Who wrote an entry: annals' version, the entry format, and the size and time of the
/// binary itself, so that two builds of one version (whose model may differ) never read each
/// other's entries.
fn this_build() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}.{time}", m.len())
        })
        .unwrap_or_default();
    format!("{} {FORMAT} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The cache in one directory, for one build.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    build: String,
}

impl Cache {
    /// The cache in `dir`, for this build of annals.
    pub fn at(dir: PathBuf) -> Self {
        static BUILD: OnceLock<String> = OnceLock::new();
        let build = BUILD.get_or_init(this_build).clone();
        Self { dir, build }
    }

    /// The cache this process uses: `None` unless [`enable`]d and a location is known.
    pub fn in_use() -> Option<Self> {
        if !ENABLED.load(Ordering::Relaxed) {
            return None;
        }
        location().map(Self::at)
    }

    /// The same cache as another build would see it (for tests).
    #[doc(hidden)]
    pub fn as_build(mut self, build: &str) -> Self {
        self.build = build.to_string();
        self
    }

    /// The entry of the log whose canonical path is `path`.
    pub fn entry_path(&self, path: &Path) -> PathBuf {
        let name = key::hash(path.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{name:032x}.entry"))
    }

    /// The timeline of the log at `path` (canonical), if the cache holds it as the file is
    /// now on disk. The log is hashed as it is read, never held whole.
    ///
    /// Hashing the files and decoding the entry are the two halves of the time; they run
    /// side by side, once the files are known to have their sizes (the cheap test, which
    /// catches most edits before any decoding is spent on a stale entry).
    pub fn timeline(&self, path: &Path) -> Option<(Timeline, Inputs)> {
        let opened = self.open(path)?;
        let key = opened.head.key.clone();
        if let Err(why) = key.sizes_hold() {
            debug(format_args!("not used: {why}"));
            return None;
        }
        // The files are read, hashed and checked as text on one thread while the entry is
        // decoded on the others.
        let texts = || -> Result<Option<Vec<SharedText>>, key::Stale> {
            let files = key.holds(&expand)?;
            Ok(files.into_iter().map(|b| text_of(b).ok()).collect())
        };
        let (holds, body) = std::thread::scope(|s| {
            let holds = s.spawn(texts);
            let body = opened.body_touched();
            (holds.join(), body)
        });
        match (holds, body) {
            (Ok(Ok(texts)), Ok(body)) => {
                let Some((timeline, _, inputs)) = texts.and_then(|t| body.timeline(&t)) else {
                    debug(format_args!("not used: the entry does not fit the files"));
                    return None;
                };
                debug(format_args!("used the entry for {}", path.display()));
                Some((timeline, inputs))
            }
            (Ok(Err(why)), _) => {
                debug(format_args!("not used: {why}"));
                None
            }
            (_, Err(e)) => {
                debug(format_args!("not used: {e}"));
                None
            }
            (Err(_), _) => None,
        }
    }

    /// What loading `bytes`, just read from the file at `path` (canonical), gave before, if
    /// the cache holds it.
    pub fn lookup(&self, path: &Path, bytes: &[u8]) -> Option<Timeline> {
        let body = self.stamp_and_lookup(path, bytes, None).1?;
        let (timeline, _, _) = body.timeline(&[text_of(bytes.to_vec()).ok()?])?;
        Some(timeline)
    }

    /// The stamp of `bytes`, and what the cache holds for them: when an entry of their size
    /// is there, the bytes are hashed while the entry is decoded, and the entry is used if
    /// the hashes agree.
    fn stamp_and_lookup(
        &self,
        path: &Path,
        bytes: &[u8],
        modified: Option<SystemTime>,
    ) -> (FileStamp, Option<entry::Body>) {
        let stamp = || FileStamp::of(path, bytes, modified);
        let opened = self.open(path).filter(|o| {
            let sized = o.head.key.files.first().map(|f| f.len) == Some(bytes.len() as u64);
            if !sized {
                debug(format_args!("not used: {} changed", path.display()));
            }
            sized
        });
        let Some(opened) = opened else {
            return (stamp(), None);
        };
        let key = opened.head.key.clone();
        // Only a log of one file is served from its bytes alone (a log with includes is
        // served by [`Cache::timeline`], which reads every file).
        if key.files.len() != 1 || !key.globs.is_empty() {
            debug(format_args!("not used here: the log has included files"));
            return (stamp(), None);
        }
        let (stamp, body) = std::thread::scope(|s| {
            let stamped = s.spawn(stamp);
            let body = opened.body_touched();
            (stamped.join().unwrap_or_else(|_| stamp()), body)
        });
        if key.files.first().map(|f| f.hash) != Some(stamp.hash) {
            debug(format_args!("not used: {} changed", path.display()));
            return (stamp, None);
        }
        match body {
            Ok(body) => {
                debug(format_args!("used the entry for {}", path.display()));
                (stamp, Some(body))
            }
            Err(e) => {
                debug(format_args!("not used: {e}"));
                (stamp, None)
            }
        }
    }

    fn open(&self, path: &Path) -> Option<entry::Opened> {
        match entry::open(&self.entry_path(path), &self.build) {
            Ok(opened) if opened.head.key.main() == Some(path) => Some(opened),
            Ok(_) => {
                debug(format_args!(
                    "the entry for {} names another log",
                    path.display()
                ));
                None
            }
            Err(Unusable::Missing) => None,
            Err(e) => {
                debug(format_args!("entry for {}: {e}", path.display()));
                None
            }
        }
    }

    /// Keeps what a clean load of the files in `key` gave; then prunes old entries. Failing
    /// to write is not an error (a read-only or full disk only loses the speed-up).
    /// `files` holds each file's text as loaded, which the entry refers to rather than keeps.
    pub fn store(
        &self,
        key: &Key,
        read: (&[Diagnostic], &Inputs),
        timeline: &Timeline,
        files: &[SharedText],
    ) {
        let Some(main) = key.main() else { return };
        let path = self.entry_path(main);
        let head = Head {
            build: self.build.clone(),
            key: key.clone(),
        };
        let written = make_dir(&self.dir).and_then(|()| {
            crate::write::put_private(&path, |file| {
                // Entries hold whole logs: for their owner's eyes, wherever the cache is.
                #[cfg(unix)]
                file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
                entry::write(file, &head, read, timeline, files)
            })
        });
        if let Err(e) = written {
            debug(format_args!("cannot write {}: {e}", path.display()));
            return;
        }
        self.prune(&path);
    }

    /// Removes entries beyond the [`KEEP`] used last, entries whose log is gone or that this
    /// build cannot read, and temporary files left by a write that was cut short.
    fn prune(&self, keep: &Path) {
        let Ok(listing) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries = Vec::new();
        for item in listing.flatten() {
            let path = item.path();
            let modified = item
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".tmp") && name.starts_with('.') {
                let age = SystemTime::now()
                    .duration_since(modified)
                    .unwrap_or_default();
                if age > Duration::from_secs(3600) {
                    let _ = crate::write::discard_private(&path);
                }
            } else if name.ends_with(".entry") && path != keep {
                if self.dead(&path) {
                    let _ = crate::write::discard_private(&path);
                } else {
                    entries.push((modified, path));
                }
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (_, path) in entries.iter().skip(KEEP.saturating_sub(1)) {
            let _ = crate::write::discard_private(path);
        }
    }

    /// An entry that can never be used again: unreadable by this build, or its log is gone.
    fn dead(&self, path: &Path) -> bool {
        match entry::open(path, &self.build) {
            Ok(opened) => opened.head.key.main().is_none_or(|main| !main.exists()),
            Err(Unusable::Io(_) | Unusable::Missing) => false,
            Err(_) => true,
        }
    }
}

/// Makes the cache directory, readable by its owner only: entries hold whole logs.
fn make_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The canonical path of a log that can be cached: one regular file named on the command
/// line, by `$ANNALS_FILE` or by the config, with whatever it includes (standard input, a
/// pipe, the built-in log and several `-f` are not cached).
fn cacheable(origin: &Origin) -> Option<PathBuf> {
    let (Origin::File(path) | Origin::EnvFile(path)) = origin else {
        return None;
    };
    let path = std::fs::canonicalize(path).ok()?;
    std::fs::metadata(&path).ok()?.is_file().then_some(path)
}

/// The files an include pattern matches now, as the loader lists them.
fn expand(pattern: &str) -> std::io::Result<Vec<PathBuf>> {
    let glob = super::Matched {
        pattern: pattern.to_string(),
        matched: Vec::new(),
    };
    Ok(glob.now())
}

/// [`super::open_with_inputs`]'s fast way: the timeline from the cache in use, if it holds
/// this log as its files are on disk now.
pub fn timeline(origin: &Origin) -> Option<(Timeline, Inputs)> {
    let cache = Cache::in_use()?;
    let path = cacheable(origin)?;
    let (mut timeline, inputs) = cache.timeline(&path)?;
    timeline.files = files_as_opened(origin, &inputs);
    Some((timeline, inputs))
}

/// The log's files as the loader opens them from `origin` (see [`Timeline::files`]), made
/// again from what a cached load read: an entry serves the same log named from any folder,
/// so the paths it was loaded by are not kept in it. A file under the main file's folder is
/// named from that folder as `origin` names it; any other by its absolute path.
fn files_as_opened(origin: &Origin, inputs: &Inputs) -> Vec<PathBuf> {
    let Some(main) = origin.path() else {
        return Vec::new();
    };
    let base = main.parent().unwrap_or(Path::new(""));
    let base_absolute = inputs.files.first().and_then(|f| f.parent());
    let more = inputs.files.iter().skip(1).map(|file| {
        match base_absolute.and_then(|b| file.strip_prefix(b).ok()) {
            Some(relative) => base.join(relative),
            None => file.clone(),
        }
    });
    std::iter::once(main.to_path_buf()).chain(more).collect()
}

/// Loads a log through the cache in use (`watched`: every file as the watcher reads it): a
/// log of one file is read, and the report the cache holds for its bytes is the answer;
/// else the log is loaded with what it includes, and kept when it has no error.
pub fn load(origin: &Origin, watched: bool) -> Result<Report, ReadError> {
    let (report, pending) = load_unkept(origin, watched)?;
    if let (Some(pending), Some(timeline)) = (pending, &report.timeline) {
        pending.keep(timeline);
    }
    Ok(report)
}

/// [`load`], leaving a fresh load to be kept by the caller (see [`Pending`]).
fn load_unkept(origin: &Origin, watched: bool) -> Result<(Report, Option<Pending>), ReadError> {
    let Some((cache, path)) = Cache::in_use().zip(cacheable(origin)) else {
        return Ok((super::include::load(origin, watched)?, None));
    };
    let Some(main) = origin.path() else {
        return Ok((super::include::load(origin, watched)?, None));
    };
    let bytes = if watched {
        super::read_watched(main, origin)?
    } else {
        super::read(origin)?
    };
    let bytes = match cache.report(&path, bytes) {
        Ok(mut report) => {
            if let Some(timeline) = &mut report.timeline {
                timeline.files = files_as_opened(origin, &report.inputs);
            }
            return Ok((report, None));
        }
        Err(bytes) => bytes,
    };
    // Not held: the bytes just read stand for the main file, which is not read again.
    let report =
        super::include::load_replacing(origin, watched, vec![(main.to_path_buf(), bytes)])?;
    let pending = cache.pending(&path, &report);
    Ok((report, pending))
}

/// [`super::open_with_inputs`] for the explorer's first load: the timeline at once, and,
/// when it was parsed, what keeps it in the cache, to be done once the log is on screen
/// (writing a million events' entry takes about a second, which the person need not wait
/// for).
pub fn open_unkept(
    origin: &Origin,
) -> Result<(Timeline, Inputs, Option<Pending>), super::LoadError> {
    if let Some((timeline, inputs)) = timeline(origin) {
        return Ok((timeline, inputs, None));
    }
    let (report, pending) = load_unkept(origin, false)?;
    let (timeline, inputs) = super::shown(report, origin)?;
    Ok((timeline, inputs, pending))
}

/// A clean load not yet kept in the cache.
pub struct Pending {
    cache: Cache,
    /// Each file (canonical) with its text as loaded.
    files: Vec<(PathBuf, SharedText)>,
    globs: Vec<GlobStamp>,
    diagnostics: Vec<Diagnostic>,
    inputs: Inputs,
}

impl Pending {
    /// Keeps `timeline`, the one the load gave, in the cache: with every file's stamp,
    /// taken from the file as it is now (read in pieces and hashed, never held whole), and
    /// only when it still holds the text the loader read (a file changed meanwhile is not
    /// kept: the next open loads it again).
    pub fn keep(self, timeline: &Timeline) {
        let mut stamps = Vec::with_capacity(self.files.len());
        for (file, text) in &self.files {
            match FileStamp::now(file) {
                Ok(stamp) if stamp.holds_text(text) => stamps.push(stamp),
                _ => {
                    debug(format_args!(
                        "not kept: {} changed while loading",
                        file.display()
                    ));
                    return;
                }
            }
        }
        let key = Key {
            files: stamps,
            globs: self.globs,
        };
        let texts: Vec<SharedText> = self.files.into_iter().map(|(_, t)| t).collect();
        let read = (self.diagnostics.as_slice(), &self.inputs);
        self.cache.store(&key, read, timeline, &texts);
    }
}

impl Cache {
    /// The report of `bytes`, read from the file at `path` (canonical) — a log of one file —
    /// from the cache when it holds them, else parsed, and kept when clean.
    pub fn load(&self, path: &Path, bytes: Vec<u8>) -> Report {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let (stamp, found) = self.stamp_and_lookup(path, &bytes, modified);
        let bytes = match found {
            Some(body) => match report_of(bytes, body) {
                Ok(report) => return report,
                Err(bytes) => bytes,
            },
            None => bytes,
        };
        let report = super::parse_bytes(bytes);
        if let Some(timeline) = &report.timeline
            && report.errors().next().is_none()
        {
            let read = (report.diagnostics.as_slice(), &report.inputs);
            self.store(
                &Key::one(stamp),
                read,
                timeline,
                std::slice::from_ref(&report.text),
            );
        }
        report
    }

    /// The cached report of the log at `path` (canonical), whose main file's `bytes` were
    /// just read as the loader reads them, when it is one file (a log with includes is
    /// loaded again for `check`, which needs every file's text; its timeline is still served
    /// from the cache to every other command). Else the bytes, given back to be loaded.
    fn report(&self, path: &Path, bytes: Vec<u8>) -> Result<Report, Vec<u8>> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        match self.stamp_and_lookup(path, &bytes, modified).1 {
            Some(body) if body.inputs().files.len() == 1 && body.inputs().globs.is_empty() => {
                report_of(bytes, body)
            }
            _ => Err(bytes),
        }
    }

    /// What keeps a clean load in the cache, once every file is found to hold, now, the
    /// text the loader read (see [`Pending::keep`]).
    fn pending(&self, path: &Path, report: &Report) -> Option<Pending> {
        if report.timeline.is_none() || report.errors().next().is_some() {
            return None;
        }
        let texts = std::iter::once((path.to_path_buf(), report.text.clone()))
            .chain(report.more.iter().map(|(p, t)| (p.clone(), t.clone())));
        let mut files = Vec::new();
        for (file, text) in texts {
            files.push((std::fs::canonicalize(file).ok()?, text));
        }
        let globs = (report.inputs.globs.iter())
            .map(|g| GlobStamp {
                pattern: g.pattern.clone(),
                matches: g.matched.clone(),
            })
            .collect();
        Some(Pending {
            cache: self.clone(),
            files,
            globs,
            diagnostics: report.diagnostics.clone(),
            inputs: report.inputs.clone(),
        })
    }
}

/// The report a cached body gives for `bytes`, the log's one file: its text as the loader
/// makes it (without a byte-order mark); the bytes back when they are not text.
fn report_of(bytes: Vec<u8>, body: entry::Body) -> Result<Report, Vec<u8>> {
    let text = text_of(bytes)?;
    let Some((timeline, diagnostics, inputs)) = body.timeline(std::slice::from_ref(&text)) else {
        debug(format_args!("not used: the entry does not fit the file"));
        return Err(SharedText::unwrap_or_clone(text).into_bytes());
    };
    Ok(Report {
        text,
        diagnostics,
        timeline: Some(timeline),
        more: Vec::new(),
        inputs,
    })
}

/// The text of a file's bytes as the loader makes it (without a byte-order mark); the bytes
/// back when they are not text.
fn text_of(bytes: Vec<u8>) -> Result<SharedText, Vec<u8>> {
    let mut text = String::from_utf8(bytes).map_err(std::string::FromUtf8Error::into_bytes)?;
    super::drop_bom(&mut text);
    Ok(SharedText::new(text))
}
