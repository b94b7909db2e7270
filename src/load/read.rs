//! Reading a log's bytes, bounded: only a regular file, or a pipe given on purpose (`-f -`,
//! `-f fifo`), and never more than [`DEFAULT_LIMIT`] bytes (or `ANNALS_MAX_SIZE`), so that
//! `-f /dev/zero` is refused at once rather than read until memory runs out. The watcher
//! reads with [`read_watched`], which never opens anything but a regular file and never
//! blocks.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use super::{BUILTIN, Origin};

/// The most bytes read from a log when `ANNALS_MAX_SIZE` is not set: 4 GiB.
pub const DEFAULT_LIMIT: u64 = 4 << 30;

/// The environment variable that sets the most bytes read from a log.
pub const LIMIT_VARIABLE: &str = "ANNALS_MAX_SIZE";

/// A log that could not be read at all (before any parsing).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(
        "cannot read `{}`{}: it is a directory; give the path of a .toml file",
        .origin.name(),
        .origin.via()
    )]
    Directory { origin: Origin },
    #[error(
        "cannot read `{}`{}: it is {kind}, not a file; give the path of a .toml file (or `-f -` to read standard input)",
        .origin.name(),
        .origin.via()
    )]
    NotAFile { origin: Origin, kind: &'static str },
    #[error(
        "stopped reading `{}`{} at {}, the most annals reads; set {LIMIT_VARIABLE} to read more (e.g. {LIMIT_VARIABLE}=8G)",
        .origin.name(),
        .origin.via(),
        size(*limit)
    )]
    TooLarge { origin: Origin, limit: u64 },
    #[error(
        "{LIMIT_VARIABLE}=`{value}` is not a size: give bytes, or a number followed by K, M or G (e.g. 8G)"
    )]
    BadLimit { value: String },
    #[error("cannot read `{}`{}: {source}", .origin.name(), .origin.via())]
    Io {
        origin: Origin,
        #[source]
        source: std::io::Error,
    },
}

/// Reads the bytes of a log from its origin: a regular file, a pipe (standard input or a
/// named pipe given on purpose) or the built-in copy, up to the size limit.
pub fn read(origin: &Origin) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        origin: origin.clone(),
        source,
    };
    match origin {
        Origin::Builtin => Ok(BUILTIN.as_bytes().to_vec()),
        Origin::Stdin => {
            let limit = limit()?;
            refuse_stdin(origin)?;
            bounded(std::io::stdin().lock(), origin, (limit, 0))
        }
        Origin::Files(files) => match files.first() {
            Some(first) => read(&Origin::File(first.clone())),
            None => Ok(Vec::new()),
        },
        Origin::File(file) | Origin::EnvFile(file) => {
            let limit = limit()?;
            let meta = std::fs::metadata(file).map_err(io)?;
            refuse(&meta, origin, limit, true)?;
            let opened = File::open(file).map_err(io)?;
            bounded(opened, origin, (limit, meta.len()))
        }
    }
}

/// Reads a watched log without ever blocking: only a regular file is opened (checked before
/// opening, and again on what was opened, in case it was replaced in between), and it is
/// opened non-blocking, so that a pipe put in its place cannot hold the watcher.
pub fn read_watched(file: &Path, origin: &Origin) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        origin: origin.clone(),
        source,
    };
    let limit = limit()?;
    refuse(&std::fs::metadata(file).map_err(io)?, origin, limit, false)?;
    let opened = open_non_blocking(file).map_err(io)?;
    let meta = opened.metadata().map_err(io)?;
    refuse(&meta, origin, limit, false)?;
    bounded(opened, origin, (limit, meta.len()))
}

/// Standard input redirected from a device (`-f - < /dev/zero`) is refused as `-f
/// /dev/zero` is; a terminal is read, as the person typing there means it.
fn refuse_stdin(origin: &Origin) -> Result<(), ReadError> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata("/dev/stdin") {
        use std::io::IsTerminal;
        use std::os::unix::fs::FileTypeExt;
        let device = meta.file_type().is_char_device() || meta.file_type().is_block_device();
        if device && !std::io::stdin().is_terminal() {
            return Err(ReadError::NotAFile {
                origin: origin.clone(),
                kind: kind(&meta),
            });
        }
    }
    Ok(())
}

#[cfg(unix)]
pub(super) fn open_non_blocking(file: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(file)
}

#[cfg(not(unix))]
pub(super) fn open_non_blocking(file: &Path) -> std::io::Result<File> {
    File::open(file)
}

/// An error for anything that is not a regular file (or, with `pipes`, a named pipe), or
/// a regular file already larger than the limit.
fn refuse(meta: &Metadata, origin: &Origin, limit: u64, pipes: bool) -> Result<(), ReadError> {
    let kind = kind(meta);
    let origin = origin.clone();
    if meta.is_dir() {
        return Err(ReadError::Directory { origin });
    }
    if meta.is_file() {
        if meta.len() > limit {
            return Err(ReadError::TooLarge { origin, limit });
        }
        return Ok(());
    }
    if pipes && kind == PIPE {
        return Ok(());
    }
    Err(ReadError::NotAFile { origin, kind })
}

const PIPE: &str = "a pipe";

/// What a file is, in words: "a regular file", "a directory", "a pipe", "a character
/// device", …
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_file() {
        return "a regular file";
    }
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return PIPE;
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads `from` to its end, or fails once more than `limit` bytes have come; room is made
/// at once for the `size` it is expected to have (a file's), so that the bytes, which the
/// loaded events share, take no more memory than they need.
fn bounded(
    from: impl Read,
    origin: &Origin,
    (limit, size): (u64, u64),
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(
        usize::try_from(size.min(limit))
            .unwrap_or(0)
            .saturating_add(1),
    );
    from.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            origin: origin.clone(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            origin: origin.clone(),
            limit,
        });
    }
    Ok(bytes)
}

/// The most bytes to read: `ANNALS_MAX_SIZE` when set and not empty, else [`DEFAULT_LIMIT`].
pub fn limit() -> Result<u64, ReadError> {
    match std::env::var(LIMIT_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => {
            parse_size(&value).ok_or_else(|| ReadError::BadLimit {
                value: crate::text::quoted(&value),
            })
        }
        Err(std::env::VarError::NotUnicode(value)) => Err(ReadError::BadLimit {
            value: crate::text::quoted(&value.to_string_lossy()),
        }),
        _ => Ok(DEFAULT_LIMIT),
    }
}

/// `1000`, `64K`, `512M`, `8G` (powers of 1024; a trailing `B` or `iB` is allowed).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let text = text
        .strip_suffix("iB")
        .or_else(|| text.strip_suffix('B'))
        .unwrap_or(text);
    let (digits, shift) = match text.char_indices().last()? {
        (i, 'K' | 'k') => (&text[..i], 10),
        (i, 'M' | 'm') => (&text[..i], 20),
        (i, 'G' | 'g') => (&text[..i], 30),
        (i, 'T' | 't') => (&text[..i], 40),
        _ => (text, 0),
    };
    let n: u64 = digits.trim().parse().ok()?;
    n.checked_mul(1 << shift)
}

/// A size in words: `4 GiB`, `512 KiB`, `1000 bytes`.
fn size(bytes: u64) -> String {
    for (unit, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    crate::text::count(bytes as usize, "byte")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_with_binary_units() {
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("64K"), Some(64 << 10));
        assert_eq!(parse_size("8G"), Some(8 << 30));
        assert_eq!(parse_size("8GiB"), Some(8 << 30));
        assert_eq!(parse_size(" 2 M "), Some(2 << 20));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("99999999999999T"), None);
        assert_eq!(size(DEFAULT_LIMIT), "4 GiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn reading_stops_past_the_limit() {
        let ten = [b'x'; 10];
        let f = Origin::Stdin;
        assert_eq!(
            bounded(&ten[..], &f, (10, 10)).map(|b| b.len()).ok(),
            Some(10)
        );
        assert!(matches!(
            bounded(&ten[..], &f, (9, 10)),
            Err(ReadError::TooLarge { limit: 9, .. })
        ));
        let endless = std::io::repeat(0);
        assert!(matches!(
            bounded(endless, &f, (1 << 16, 0)),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
