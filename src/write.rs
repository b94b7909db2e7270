//! The one way annals writes a person's file: the new text goes to a temporary file in the
//! same directory, is flushed to disk, takes the old file's permissions, and is renamed over
//! the old one — so the file is always either wholly old or wholly new — and nothing is
//! written if the file changed on disk since it was read (an editor saved it meanwhile).

use std::fs::{self, File, OpenOptions};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

/// What a file was when it was read: enough to tell whether it changed since.
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

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{} changed on disk since annals read it, so annals did not write over it; run annals again to work from the file as it is now",
        .0.display()
    )]
    Changed(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
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
        Ok((bytes.clone(), Self::from_parts(&bytes, &meta)))
    }

    /// The snapshot of `bytes` just read from `path` (its length and time from the disk).
    pub fn of(bytes: &[u8], path: &Path) -> Self {
        match fs::metadata(path) {
            Ok(meta) => Self::from_parts(bytes, &meta),
            Err(_) => Self::absent(),
        }
    }

    fn from_parts(bytes: &[u8], meta: &fs::Metadata) -> Self {
        Self {
            state: Some(State {
                len: meta.len(),
                modified: meta.modified().ok(),
                hash: hash(bytes),
            }),
        }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Replaces the file at `path` with `new_bytes`, if it is still as `expected` says.
pub fn replace(path: &Path, expected: &Snapshot, new_bytes: &[u8]) -> Result<(), WriteError> {
    replace_with(path, expected, new_bytes, |_| Ok(()))
}

/// [`replace`], calling `before_rename` with the temporary file's path just before the
/// rename: tests inject a failure there.
#[doc(hidden)]
pub fn replace_with(
    path: &Path,
    expected: &Snapshot,
    new_bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    // Write through a symbolic link to the file it names, keeping the link.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let (_, now) = Snapshot::read(&target).map_err(io_error)?;
    if now != *expected {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if expected.state.is_none() {
        fs::create_dir_all(&dir).map_err(io_error)?;
    }
    let temp = temp_path(&dir, &target);
    let result = write_temp(&temp, &target, new_bytes)
        .and_then(|()| before_rename(&temp))
        .and_then(|()| fs::rename(&temp, &target))
        .and_then(|()| sync_dir(&dir));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(io_error)
}

/// A name in the same directory no other writer uses.
fn temp_path(dir: &Path, target: &Path) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    dir.join(format!(
        ".{name}.annals-{}-{}.tmp",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Writes and flushes the temporary file, with the permissions of the file it replaces.
fn write_temp(temp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    if let Ok(meta) = fs::metadata(target) {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the rename itself durable (the directory entry), where the platform allows.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let err = replace_with(&path, &snap, b"new", |temp| {
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
        let (dir, path, snap) = setup("old\n");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let (_, snap2) = Snapshot::read(&path).unwrap();
        assert_eq!(
            snap.state.as_ref().unwrap().hash,
            snap2.state.as_ref().unwrap().hash
        );
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        replace(&link, &snap2, b"new\n").unwrap();
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
}
