//! One cache entry on disk, and how it is told from a damaged one.
//!
//! ```text
//! magic (8) · format (u32) · head length (u32) · head checksum (u64) · head
//! body · body length (u64) · body checksum (u64)
//! ```
//!
//! The head (postcard) holds the build that wrote the entry and the [`Key`]: small, read and
//! checked first, so that a stale entry costs no more than hashing the log. The body holds
//! the diagnostics and everything of the timeline but its events (one postcard value), then
//! the events in chunks of [`CHUNK`], each its own postcard value with its length before it,
//! so that the chunks are decoded on every core at once; the timeline's indices are built
//! again from the events, as the loader builds them. The body is checked whole before it is
//! decoded. Both checksums are XXH3: a flipped or missing byte anywhere makes the entry
//! unreadable, never a wrong log.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::key::Key;
use crate::load::Diagnostic;
use crate::model::{Actor, Era, Event, SavedView, Tag, Timeline};

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

/// Events per chunk of the body.
const CHUNK: usize = 8192;

/// What a successful load gave, but the events, borrowed to be written.
#[derive(serde::Serialize)]
struct PartsRef<'a> {
    diagnostics: &'a [Diagnostic],
    title: &'a str,
    description: &'a str,
    lanes: &'a [String],
    actors: &'a [Actor],
    tags: &'a [Tag],
    lane_colours: &'a [Option<String>],
    views: &'a [SavedView],
    eras: &'a [Era],
    chunks: u64,
}

/// What a successful load gave, but the events, read back.
#[derive(serde::Deserialize)]
struct Parts {
    diagnostics: Vec<Diagnostic>,
    title: String,
    description: String,
    lanes: Vec<String>,
    actors: Vec<Actor>,
    tags: Vec<Tag>,
    lane_colours: Vec<Option<String>>,
    views: Vec<SavedView>,
    eras: Vec<Era>,
    chunks: u64,
}

/// What a successful load gave, read back.
#[derive(Debug)]
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
    let t = timeline;
    let parts = PartsRef {
        diagnostics,
        title: &t.title,
        description: &t.description,
        lanes: &t.lanes,
        actors: &t.actors,
        tags: &t.tags,
        lane_colours: &t.lane_colours,
        views: &t.views,
        eras: &t.eras,
        chunks: t.events.chunks(CHUNK).len() as u64,
    };
    put_sized(&mut body, &parts)?;
    for chunk in t.events.chunks(CHUNK) {
        put_sized(&mut body, &chunk)?;
    }
    let Hashing {
        mut inner,
        hasher,
        len,
    } = body;
    inner.write_all(&len.to_le_bytes())?;
    inner.write_all(&hasher.digest().to_le_bytes())?;
    inner.flush()
}

/// Writes `value` with its length before it.
fn put_sized(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    let bytes = postcard::to_stdvec(value).map_err(io::Error::other)?;
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(&bytes)
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
        decode_body(&bytes).ok_or(Unusable::Damaged("body"))
    }
}

/// The body's parts and its chunks of events, decoded on every core, made a timeline.
fn decode_body(bytes: &[u8]) -> Option<Body> {
    let (parts, mut rest) = take_sized(bytes)?;
    let parts: Parts = decode_whole(parts)?;
    let mut chunks = Vec::new();
    for _ in 0..parts.chunks {
        let (chunk, after) = take_sized(rest)?;
        chunks.push(chunk);
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    let events = decode_events(&chunks)?;
    let mut timeline = Timeline::new(
        parts.title,
        parts.description,
        parts.lanes,
        parts.actors,
        parts.tags,
        events,
    )
    .with_eras(parts.eras);
    timeline.lane_colours = parts.lane_colours;
    timeline.views = parts.views;
    Some(Body {
        diagnostics: parts.diagnostics,
        timeline,
    })
}

/// Every chunk's events, in order, the chunks shared out between the cores.
fn decode_events(chunks: &[&[u8]]) -> Option<Vec<Event>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = chunks.len().div_ceil(threads).max(1);
    let decode = |part: &[&[u8]]| -> Option<Vec<Event>> {
        let mut events = Vec::with_capacity(part.len() * CHUNK);
        for chunk in part {
            let mut chunk: Vec<Event> = decode_whole(chunk)?;
            events.append(&mut chunk);
        }
        Some(events)
    };
    let mut parts = std::thread::scope(|s| {
        let mut shares = chunks.chunks(share);
        let first = shares.next().unwrap_or_default();
        let others: Vec<_> = shares.map(|part| s.spawn(move || decode(part))).collect();
        let mut all = vec![decode(first)];
        all.extend(others.into_iter().map(|h| h.join().ok().flatten()));
        all
    })
    .into_iter();
    let mut events = parts.next().flatten()?;
    for part in parts {
        events.append(&mut part?);
    }
    Some(events)
}

/// A value written by [`put_sized`], and what follows it.
fn take_sized(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_at_checked(8)?;
    let len = usize::try_from(u64::from_le_bytes(array(len))).ok()?;
    rest.split_at_checked(len)
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
