//! Writing a user's file safely, the one way annals does it: the text goes to a temporary file in the same directory, is
//! flushed to disk, then takes the target's name in one step. Without `force` an existing file
//! is never replaced, even one that appeared while the temporary file was being written.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{0}` already exists; give --force to replace it, or another -o")]
    Exists(String),
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
    let result = fill(&temp, text, if exists { Some(path) } else { None })
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

fn fill(temp: &Path, text: &str, keep_permissions_of: Option<&Path>) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(temp)?;
    file.write_all(text.as_bytes())?;
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
        fill(&temp, "new", None).unwrap();
        fs::write(&path, "someone else's").unwrap();
        let err = place(&temp, &path, false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "someone else's");
    }
}
