//! Writing a user's file safely, the one way annals does it: the text goes to a temporary
//! file in the same directory, is flushed to disk, takes the old file's permissions, and
//! then takes the target's name in one step — so the file is always either wholly old or
//! wholly new. Two doors: [`write_new`] for a file annals makes (an export, an import),
//! which never replaces one without `force`; [`replace`] for a file annals edits (the
//! config, a log that `add` and `fmt` change), which refuses if the file changed on disk since it was read.

use std::fs::{self, File, OpenOptions};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{0}` already exists; give --force to replace it, or another -o")]
    Exists(String),
    #[error(
        "{0} changed on disk since annals read it, so annals did not write over it; run annals again to work from the file as it is now"
    )]
    Changed(String),
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// Writes `text` to `path` through a temporary file, fsync and rename. With `force` an
/// existing file is replaced (keeping its permissions); without, the write is refused.
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), WriteError> {
    let name = path.display().to_string();
    let io_error = |source| WriteError::Io {
        path: name.clone(),
        source,
    };
    let exists = path.symlink_metadata().is_ok();
    if exists && !force {
        return Err(WriteError::Exists(name));
    }
    let temp = temporary(path).map_err(io_error)?;
    let result = fill(
        &temp,
        text.as_bytes(),
        if exists { Some(path) } else { None },
    )
    .and_then(|()| place(&temp, path, force));
    if result.is_err() || !force {
        let _ = fs::remove_file(&temp);
    }
    match result {
        Ok(()) => {
            sync_dir(path);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Exists(name)),
        Err(e) => Err(io_error(e)),
    }
}

/// What a file was when it was read: enough to tell whether it changed since (its length,
/// its modification time and a hash of its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// `None`: there was no file.
    state: Option<State>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl Snapshot {
    /// A file that does not exist: writing creates it, unless it has appeared meanwhile.
    pub fn absent() -> Self {
        Self { state: None }
    }

    /// Reads the file at `path`: its bytes, and its snapshot (a missing file is empty bytes
    /// and [`Snapshot::absent`]).
    pub fn read(path: &Path) -> io::Result<(Vec<u8>, Snapshot)> {
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Self::absent()));
            }
            Err(e) => return Err(e),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let meta = file.metadata()?;
        let snapshot = Self::from_parts(&bytes, &meta);
        Ok((bytes, snapshot))
    }

    /// The snapshot of `bytes` just read from `path` (its length and time from the disk).
    pub fn of(bytes: &[u8], path: &Path) -> Self {
        match fs::metadata(path) {
            Ok(meta) => Self::from_parts(bytes, &meta),
            Err(_) => Self::absent(),
        }
    }

    fn from_parts(bytes: &[u8], meta: &fs::Metadata) -> Self {
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        Self {
            state: Some(State {
                len: meta.len(),
                modified: meta.modified().ok(),
                hash: h.finish(),
            }),
        }
    }
}

/// Replaces the file at `path` with `new_bytes`, if it is still as `expected` says (a
/// missing file, for [`Snapshot::absent`], is created with its directory).
pub fn replace(path: &Path, expected: &Snapshot, new_bytes: &[u8]) -> Result<(), WriteError> {
    replace_with(path, expected, new_bytes, |_, _| Ok(()))
}

/// The points a write passes, in order: a failure injected at any of them (see
/// [`replace_with`]) must leave the file wholly old, or (at [`Step::Renamed`]) wholly new.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The temporary file exists, empty.
    Created,
    /// Half the new bytes are in the temporary file.
    MidWrite,
    /// All of them are, not yet flushed to disk.
    Written,
    /// They are flushed, with the old file's permissions; the rename comes next.
    Synced,
    /// The temporary file has taken the target's name.
    Renamed,
}

/// [`replace`], calling `at` with each [`Step`] and the temporary file's path: tests inject
/// a failure (an interruption) there.
#[doc(hidden)]
pub fn replace_with(
    path: &Path,
    expected: &Snapshot,
    new_bytes: &[u8],
    mut at: impl FnMut(Step, &Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    // Write through a symbolic link to the file it names, keeping the link.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let io_error = |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    };
    let (_, now) = Snapshot::read(&target).map_err(io_error)?;
    if now != *expected {
        return Err(WriteError::Changed(path.display().to_string()));
    }
    if expected.state.is_none() {
        fs::create_dir_all(parent(&target)).map_err(io_error)?;
    }
    let temp = temporary(&target).map_err(io_error)?;
    let keep = expected.state.is_some().then_some(target.as_path());
    let result = at(Step::Created, &temp)
        .and_then(|()| fill_in_steps(&temp, new_bytes, keep, &mut at))
        .and_then(|()| at(Step::Synced, &temp))
        .and_then(|()| fs::rename(&temp, &target));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(io_error)?;
    sync_dir(&target);
    at(Step::Renamed, &target).map_err(io_error)
}

/// Writes a file annals keeps for itself (a cache entry) through a temporary file and a
/// rename, so that no one ever sees half of it; `fill` writes the content. Not flushed to
/// disk: such a file carries its own checksum, and one cut short by a crash is thrown away
/// when read, so waiting for the disk would only slow the write.
pub fn put_private(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let temp = temporary(path)?;
    let result = OpenOptions::new()
        .write(true)
        .open(&temp)
        .and_then(|mut file| fill(&mut file))
        .and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes a file annals keeps for itself (a cache entry, or a temporary file a write cut
/// short left behind): the file itself, or a link itself, never what a link points to and
/// never a directory. A file already gone is no error.
pub fn discard_private(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::other(format!(
            "{} is a directory, not a file annals keeps",
            path.display()
        ))),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// A new, empty temporary file beside `path`.
fn temporary(path: &Path) -> io::Result<PathBuf> {
    let dir = parent(path);
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "annals".to_string());
    for n in 0..100u32 {
        let temp = dir.join(format!(".{base}.{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(_) => return Ok(temp),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary name beside the target",
    ))
}

fn fill(temp: &Path, bytes: &[u8], keep_permissions_of: Option<&Path>) -> io::Result<()> {
    fill_in_steps(temp, bytes, keep_permissions_of, &mut |_, _| Ok(()))
}

/// [`fill`], calling `at` half-way through the bytes and once they are all written.
fn fill_in_steps(
    temp: &Path,
    bytes: &[u8],
    keep_permissions_of: Option<&Path>,
    at: &mut impl FnMut(Step, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(temp)?;
    let (head, tail) = bytes.split_at(bytes.len() / 2);
    file.write_all(head)?;
    at(Step::MidWrite, temp)?;
    file.write_all(tail)?;
    at(Step::Written, temp)?;
    if let Some(old) = keep_permissions_of
        && let Ok(meta) = fs::metadata(old)
    {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()
}

/// Gives `temp` the name `path`: a rename when replacing is allowed, else a hard link, which
/// fails when the name is taken (the temporary file is removed by the caller).
fn place(temp: &Path, path: &Path, force: bool) -> io::Result<()> {
    if force {
        return fs::rename(temp, path);
    }
    match fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: check, then rename (a narrow window remains).
        Err(_) if path.symlink_metadata().is_ok() => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "target exists",
        )),
        Err(_) => fs::rename(temp, path),
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Flushes the directory entry of the new name (best effort: not every platform can).
fn sync_dir(path: &Path) {
    if let Ok(dir) = File::open(parent(path)) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn discarding_removes_the_file_or_the_link_only_and_never_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let entry = dir.path().join("log.entry");
        fs::write(&entry, "entry").unwrap();
        super::discard_private(&entry).unwrap();
        assert!(!entry.exists());
        // Gone already: nothing to do.
        super::discard_private(&entry).unwrap();
        // A link is removed, what it points to is not.
        let target = dir.path().join("someone's.toml");
        fs::write(&target, "kept").unwrap();
        let link = dir.path().join("link.entry");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        super::discard_private(&link).unwrap();
        assert!(fs::symlink_metadata(&link).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "kept");
        // A directory is refused and stays, with what it holds.
        let folder = dir.path().join("folder.entry");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("inside"), "x").unwrap();
        assert!(super::discard_private(&folder).is_err());
        assert!(folder.join("inside").exists());
    }

    use super::*;

    #[test]
    fn refuses_an_existing_file_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        write_new(&path, "one", false).unwrap();
        let err = write_new(&path, "two", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        write_new(&path, "three", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "three");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_target_that_appears_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        let temp = temporary(&path).unwrap();
        fill(&temp, b"new", None).unwrap();
        fs::write(&path, "someone else's").unwrap();
        let err = place(&temp, &path, false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "someone else's");
    }

    fn setup(text: &str) -> (tempfile::TempDir, PathBuf, Snapshot) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, text).unwrap();
        let (_, snap) = Snapshot::read(&path).unwrap();
        (dir, path, snap)
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary_file() {
        let (dir, path, snap) = setup("old\n");
        replace(&path, &snap, b"new\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failure_before_the_rename_leaves_the_old_file_byte_identical() {
        let (dir, path, snap) = setup("old text\r\nwith bytes \u{e9}\n");
        let before = fs::read(&path).unwrap();
        let err = replace_with(&path, &snap, b"new", |step, temp| {
            if step != Step::Synced {
                return Ok(());
            }
            assert!(temp.exists(), "the new text is written before the rename");
            assert_eq!(
                temp.parent(),
                path.parent(),
                "beside the file, for an atomic rename"
            );
            assert_eq!(fs::read(temp).unwrap(), b"new");
            Err(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk on fire"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
        assert!(
            leftovers(dir.path()).is_empty(),
            "the temporary file is removed"
        );
    }

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let (_dir, path, snap) = setup("old\n");
        fs::write(&path, "edited elsewhere\n").unwrap();
        let err = replace(&path, &snap, b"new\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed(_)));
        assert!(
            err.to_string()
                .contains("changed on disk since annals read it")
        );
        assert_eq!(fs::read(&path).unwrap(), b"edited elsewhere\n");
    }

    #[test]
    fn refuses_a_same_length_edit_even_within_the_same_second() {
        let (_dir, path, snap) = setup("aaaa\n");
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, "bbbb\n").unwrap();
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert!(matches!(
            replace(&path, &snap, b"new"),
            Err(WriteError::Changed(_))
        ));
    }

    #[test]
    fn creates_a_missing_file_and_its_directory_but_not_over_one_that_appeared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annals").join("config.toml");
        replace(&path, &Snapshot::absent(), b"x = 1\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x = 1\n");
        let err = replace(&path, &Snapshot::absent(), b"y").unwrap_err();
        assert!(matches!(err, WriteError::Changed(_)));
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_files_permissions_and_writes_through_a_symbolic_link() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, path, _) = setup("old\n");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let (_, snap) = Snapshot::read(&path).unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        replace(&link, &snap, b"new\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
    }

    const STEPS: [Step; 5] = [
        Step::Created,
        Step::MidWrite,
        Step::Written,
        Step::Synced,
        Step::Renamed,
    ];

    /// A write interrupted at each step: at that moment the file on disk is wholly old (or,
    /// once renamed, wholly new), as a crash there would leave it; and the failed write
    /// cleans up its temporary file.
    #[cfg(unix)]
    #[test]
    fn a_write_interrupted_at_any_step_leaves_the_old_or_the_new_file_whole() {
        use std::os::unix::fs::PermissionsExt;
        let old = "# a log\n[timeline]\ntitle = \"Old\"\n".repeat(50);
        let new = "[timeline]\ntitle = \"New\"\n".repeat(70);
        for stop in STEPS {
            let (dir, path, _) = setup(&old);
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
            let (_, snap) = Snapshot::read(&path).unwrap();
            let mut seen = Vec::new();
            let err = replace_with(&path, &snap, new.as_bytes(), |step, _| {
                seen.push(step);
                let on_disk = fs::read_to_string(&path).unwrap();
                let whole = if step == Step::Renamed { &new } else { &old };
                assert_eq!(&on_disk, whole, "at {step:?}");
                if step == stop {
                    Err(io::Error::other("interrupted"))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
            assert!(err.to_string().contains("interrupted"), "{err}");
            assert_eq!(
                seen,
                STEPS[..=STEPS.iter().position(|&s| s == stop).unwrap()]
            );
            let after = fs::read_to_string(&path).unwrap();
            assert!(after == old || after == new, "{stop:?}: torn file");
            assert_eq!(after == new, stop == Step::Renamed, "{stop:?}");
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640, "{stop:?}: permissions kept");
            assert!(
                leftovers(dir.path()).is_empty(),
                "{stop:?}: temporary file left"
            );
        }
    }
}
