//! What a cache entry was made from, and whether it still is: every file the log was read
//! from (path, size, modification time, a hash of its bytes) and every include glob with
//! the files it matched. A log read from one file has one stamp and no globs.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

/// The bytes of a file, hashed: XXH3's 128-bit form. It runs at memory speed (a gigabyte in
/// about a tenth of a second on one core), and at 128 bits two different logs of the same
/// size sharing a hash by chance is out of the question. It is not a cryptographic hash; the
/// cache is the person's own, not a defence against someone who can already write there.
pub fn hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// One file a log was read from, as it was then.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Absolute and canonical.
    pub path: PathBuf,
    pub len: u64,
    /// Seconds and nanoseconds since 1970, when the file system has them. Recorded, and
    /// reported when it differs, but not what decides: the hash does (see [`Key::holds`]).
    pub modified: Option<(i64, u32)>,
    pub hash: u128,
}

impl FileStamp {
    /// The stamp of `bytes`, just read from the file at `path` (canonical).
    pub fn of(path: &Path, bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Self {
            path: path.to_path_buf(),
            len: bytes.len() as u64,
            modified: modified.map(seconds),
            hash: hash(bytes),
        }
    }

    /// The stamp of the file at `path` (canonical) as it is now, read in pieces and hashed,
    /// never held whole; opened only if it is a regular file, never blocking.
    pub fn now(path: &Path) -> io::Result<Self> {
        let file = open_regular(path)?;
        let meta = file.metadata()?;
        Ok(Self {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok().map(seconds),
            hash: hash_reading(file, meta.len())?,
        })
    }

    /// Whether the stamp's bytes are `text`, as the loader makes a text of them (which
    /// drops a leading byte-order mark).
    pub fn holds_text(&self, text: &str) -> bool {
        let bom = "\u{FEFF}".as_bytes();
        let with_bom = || {
            let mut hasher = Xxh3Default::new();
            hasher.update(bom);
            hasher.update(text.as_bytes());
            hasher.digest128()
        };
        (self.len == text.len() as u64 && self.hash == hash(text.as_bytes()))
            || (self.len == (bom.len() + text.len()) as u64 && self.hash == with_bom())
    }

    /// Whether the file at the stamp's path has the same bytes now: a regular file of the
    /// same size whose bytes hash the same. Opened without blocking, so that a pipe put in
    /// the file's place is never waited on. Gives the bytes, which a cached timeline's
    /// events are cut from.
    pub fn holds(&self) -> Result<Vec<u8>, Stale> {
        let file = open_regular(&self.path).map_err(|_| Stale::Gone(self.path.clone()))?;
        let meta = file
            .metadata()
            .map_err(|_| Stale::Gone(self.path.clone()))?;
        if meta.len() != self.len {
            return Err(Stale::Changed(self.path.clone()));
        }
        match read_len(file, self.len) {
            Ok(bytes) if hash(&bytes) == self.hash => Ok(bytes),
            _ => Err(Stale::Changed(self.path.clone())),
        }
    }
}

/// One include glob and the files it matched, sorted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GlobStamp {
    /// Absolute.
    pub pattern: String,
    pub matches: Vec<PathBuf>,
}

/// Everything a loaded log was made from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    /// The file named on the command line first, then every file it included.
    pub files: Vec<FileStamp>,
    pub globs: Vec<GlobStamp>,
}

/// Why an entry no longer describes the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Gone(PathBuf),
    Changed(PathBuf),
    Matches(String),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Gone(p) => write!(f, "{} is gone or not a file", p.display()),
            Stale::Changed(p) => write!(f, "{} changed", p.display()),
            Stale::Matches(g) => write!(f, "`{g}` matches other files now"),
        }
    }
}

impl Key {
    /// The key of a log read from one file.
    pub fn one(stamp: FileStamp) -> Self {
        Self {
            files: vec![stamp],
            globs: Vec::new(),
        }
    }

    /// Whether every file still has the bytes it had and every glob still matches the same
    /// files (`expand` gives a pattern's sorted matches now). The modification time is not
    /// asked: a file touched, or saved again unchanged, is still the same log, and a change
    /// that keeps the size and the time is caught by the hash.
    /// Gives every file's bytes, in order.
    pub fn holds(
        &self,
        expand: &dyn Fn(&str) -> io::Result<Vec<PathBuf>>,
    ) -> Result<Vec<Vec<u8>>, Stale> {
        self.holds_globs(expand)?;
        self.files.iter().map(FileStamp::holds).collect()
    }

    /// Whether every file is still a file of the same size: what a stale key most often
    /// fails, found without reading a byte.
    pub fn sizes_hold(&self) -> Result<(), Stale> {
        for file in &self.files {
            match std::fs::metadata(&file.path) {
                Ok(m) if m.is_file() && m.len() == file.len => {}
                Ok(m) if m.is_file() => return Err(Stale::Changed(file.path.clone())),
                _ => return Err(Stale::Gone(file.path.clone())),
            }
        }
        Ok(())
    }

    /// Whether every glob still matches the same files.
    pub fn holds_globs(
        &self,
        expand: &dyn Fn(&str) -> io::Result<Vec<PathBuf>>,
    ) -> Result<(), Stale> {
        for glob in &self.globs {
            match expand(&glob.pattern) {
                Ok(now) if now == glob.matches => {}
                _ => return Err(Stale::Matches(glob.pattern.clone())),
            }
        }
        Ok(())
    }

    /// The file the log is opened by.
    pub fn main(&self) -> Option<&Path> {
        self.files.first().map(|f| f.path.as_path())
    }
}

fn seconds(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
        Err(e) => (
            -(e.duration().as_secs() as i64),
            e.duration().subsec_nanos(),
        ),
    }
}

/// The next `len` bytes of `reader` (an error if it has fewer or more).
fn read_len(reader: impl Read, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    reader.take(len.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "size changed"));
    }
    Ok(bytes)
}

/// The hash of the next `len` bytes of `reader` (an error if it has fewer or more), read in
/// pieces.
fn hash_reading(mut reader: impl Read, len: u64) -> io::Result<u128> {
    let mut hasher = Xxh3Default::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > len {
            break;
        }
        hasher.update(&buf[..n]);
    }
    if total != len {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "size changed"));
    }
    Ok(hasher.digest128())
}

/// Opens `path` for reading only if it is a regular file, without ever blocking on it.
fn open_regular(path: &Path) -> io::Result<File> {
    let file = crate::load::read::open_non_blocking(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a file"));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_holds_until_a_byte_changes_even_at_the_same_size_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        std::fs::write(&path, "abc").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let stamp = FileStamp::of(&path, b"abc", meta.modified().ok());
        assert_eq!(stamp.holds(), Ok(b"abc".to_vec()));
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        std::os::unix::fs::FileExt::write_at(&file, b"x", 1).unwrap();
        file.set_modified(meta.modified().unwrap()).unwrap();
        assert_eq!(stamp.holds(), Err(Stale::Changed(path.clone())));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(stamp.holds(), Err(Stale::Gone(path)));
    }

    #[test]
    fn a_stamp_taken_now_holds_the_text_loaded_from_the_file_with_or_without_a_bom() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        std::fs::write(&path, "abc").unwrap();
        let stamp = FileStamp::now(&path).unwrap();
        assert_eq!((stamp.len, stamp.hash), (3, hash(b"abc")));
        assert!(stamp.holds_text("abc"));
        assert!(!stamp.holds_text("abd"));
        std::fs::write(&path, "\u{FEFF}abc").unwrap();
        let stamp = FileStamp::now(&path).unwrap();
        assert!(stamp.holds_text("abc"));
        assert!(!stamp.holds_text("abcd"));
        assert!(!stamp.holds_text("\u{FEFF}\u{FEFF}abc"));
    }

    #[test]
    fn a_glob_that_matches_other_files_now_makes_the_key_stale() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        std::fs::write(&path, "abc").unwrap();
        let part = dir.path().join("parts/a.toml");
        let key = Key {
            files: vec![FileStamp::of(&path, b"abc", None)],
            globs: vec![GlobStamp {
                pattern: "parts/*.toml".to_string(),
                matches: vec![part.clone()],
            }],
        };
        let same = |_: &str| Ok(vec![part.clone()]);
        assert_eq!(key.holds(&same), Ok(vec![b"abc".to_vec()]));
        let more = |_: &str| Ok(vec![part.clone(), dir.path().join("parts/b.toml")]);
        assert!(matches!(key.holds(&more), Err(Stale::Matches(_))));
        let broken = |_: &str| Err(io::Error::other("unreadable"));
        assert!(matches!(key.holds(&broken), Err(Stale::Matches(_))));
    }

    #[test]
    fn a_pipe_in_the_files_place_is_never_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        let stamp = FileStamp::of(&path, b"abc", None);
        assert_eq!(stamp.holds(), Err(Stale::Gone(path)));
    }
}
