//! One cache entry on disk, and how it is told from a damaged one.
//!
//! ```text
//! magic (8) · format (u32) · head length (u32) · head checksum (u64) · head
//! body · body length (u64) · body checksum (u64)
//! ```
//!
//! The head (postcard) holds the build that wrote the entry and the [`Key`]: small, read and
//! checked first, so that a stale entry costs no more than hashing the log. The body
//! (postcard) holds the diagnostics and the timeline, streamed out as they are serialised and
//! checked whole before it is decoded. Both checksums are XXH3: a flipped or missing byte
//! anywhere makes the entry unreadable, never a wrong log.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::key::Key;
use crate::load::Diagnostic;
use crate::model::Timeline;

const MAGIC: &[u8; 8] = b"annals\xCA\x5E";

/// The layout of an entry; raised whenever the layout or the meaning of a field changes.
pub const FORMAT: u32 = 1;

/// The most a head may claim to hold: a damaged length must not ask for gigabytes.
const MAX_HEAD: u32 = 64 << 20;

const PREFIX: usize = 8 + 4 + 4 + 8;
const TRAILER: usize = 8 + 8;

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Head {
    /// Who wrote the entry (see [`super::build`]): only the same build reads it.
    pub build: String,
    pub key: Key,
}

/// What a successful load gave, borrowed to be written.
#[derive(serde::Serialize)]
struct BodyRef<'a> {
    diagnostics: &'a [Diagnostic],
    timeline: &'a Timeline,
}

/// What a successful load gave, read back.
#[derive(Debug, serde::Deserialize)]
pub struct Body {
    pub diagnostics: Vec<Diagnostic>,
    pub timeline: Timeline,
}

/// Why an entry cannot be used. Never shown to the person, except as a debug line.
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    #[error("no entry")]
    Missing,
    #[error("cannot read it: {0}")]
    Io(#[from] io::Error),
    #[error("not an entry of this format")]
    Format,
    #[error("damaged ({0})")]
    Damaged(&'static str),
    #[error("written by another build of annals")]
    OtherBuild,
}

/// Writes an entry to `out`.
pub fn write(
    out: &mut File,
    head: &Head,
    diagnostics: &[Diagnostic],
    timeline: &Timeline,
) -> io::Result<()> {
    let head = postcard::to_stdvec(head).map_err(io::Error::other)?;
    let mut out = BufWriter::with_capacity(1 << 20, out);
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(&(head.len() as u32).to_le_bytes())?;
    out.write_all(&xxh3_64(&head).to_le_bytes())?;
    out.write_all(&head)?;
    let mut body = Hashing {
        inner: out,
        hasher: Xxh3Default::new(),
        len: 0,
    };
    let value = BodyRef {
        diagnostics,
        timeline,
    };
    postcard::to_io(&value, &mut body).map_err(io::Error::other)?;
    let Hashing {
        mut inner,
        hasher,
        len,
    } = body;
    inner.write_all(&len.to_le_bytes())?;
    inner.write_all(&hasher.digest().to_le_bytes())?;
    inner.flush()
}

/// A writer that hashes and counts what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: Xxh3Default,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// An entry opened and its head read and checked; the body is read only if asked.
pub struct Opened {
    file: File,
    pub head: Head,
    /// Where the body starts, and the entry's whole size.
    body_at: u64,
    size: u64,
}

/// Opens the entry at `path` and reads its head, refusing one of another format or build.
pub fn open(path: &Path, build: &str) -> Result<Opened, Unusable> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(e.into()),
    };
    let size = file.metadata()?.len();
    let mut prefix = [0u8; PREFIX];
    read_exact(&mut file, &mut prefix)?;
    let (magic, rest) = prefix.split_at(8);
    let (format, rest) = rest.split_at(4);
    let (head_len, head_sum) = rest.split_at(4);
    if magic != MAGIC || u32::from_le_bytes(array(format)) != FORMAT {
        return Err(Unusable::Format);
    }
    let head_len = u32::from_le_bytes(array(head_len));
    if head_len > MAX_HEAD || PREFIX as u64 + u64::from(head_len) + TRAILER as u64 > size {
        return Err(Unusable::Damaged("head length"));
    }
    let mut head = vec![0u8; head_len as usize];
    read_exact(&mut file, &mut head)?;
    if xxh3_64(&head) != u64::from_le_bytes(array(head_sum)) {
        return Err(Unusable::Damaged("head checksum"));
    }
    let head: Head = decode_whole(&head).ok_or(Unusable::Damaged("head"))?;
    if head.build != build {
        return Err(Unusable::OtherBuild);
    }
    Ok(Opened {
        file,
        head,
        body_at: PREFIX as u64 + u64::from(head_len),
        size,
    })
}

impl Opened {
    /// Reads, checks and decodes the body, and marks the entry as just used, so that
    /// pruning keeps the entries used last.
    pub fn body_touched(mut self) -> Result<Body, Unusable> {
        let _ = self.file.set_modified(std::time::SystemTime::now());
        let body_len = self.size - self.body_at - TRAILER as u64;
        let mut bytes = Vec::new();
        bytes
            .try_reserve_exact(body_len as usize + TRAILER)
            .map_err(|_| Unusable::Damaged("too large"))?;
        (&mut self.file)
            .take(body_len + TRAILER as u64)
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 != body_len + TRAILER as u64 {
            return Err(Unusable::Damaged("truncated"));
        }
        let trailer = bytes.split_off(body_len as usize);
        let (len, sum) = trailer.split_at(8);
        if u64::from_le_bytes(array(len)) != body_len {
            return Err(Unusable::Damaged("body length"));
        }
        if xxh3_64(&bytes) != u64::from_le_bytes(array(sum)) {
            return Err(Unusable::Damaged("body checksum"));
        }
        decode_whole(&bytes).ok_or(Unusable::Damaged("body"))
    }
}

/// Decodes a value that must take every byte.
fn decode_whole<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> Option<T> {
    match postcard::take_from_bytes(bytes) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

fn read_exact(file: &mut File, buf: &mut [u8]) -> Result<(), Unusable> {
    file.read_exact(buf).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Unusable::Damaged("truncated")
        } else {
            Unusable::Io(e)
        }
    })
}

/// The first `N` bytes of `bytes` (callers pass slices of exactly `N`).
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}
