//! One cache entry on disk, and how it is told from a damaged one.
//!
//! ```text
//! magic (8) · format (u32) · head length (u32) · head checksum (u64) · head
//! body: parts, then each chunk of events, each as length (u64) · checksum (u64) · bytes
//! trailer: body length (u64) · checksum of every part's and chunk's checksum (u64)
//! ```
//!
//! The head (postcard) holds the build that wrote the entry and the [`Key`]: small, read and
//! checked first, so that a stale entry costs no more than hashing the log. The parts
//! (postcard) hold the diagnostics and everything of the timeline but its events; the events
//! follow in chunks of [`CHUNK`], each its own postcard value, so that every core reads,
//! checks and decodes its share of them at once, each through one small buffer; the
//! timeline's indices are then built from the events, as the loader builds them. Every piece
//! has an XXH3 checksum, and the trailer one of all of them: a flipped or missing byte
//! anywhere makes the entry unreadable, never a wrong log.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use xxhash_rust::xxh3::xxh3_64;

use super::key::Key;
use crate::load::{Diagnostic, Inputs};
use crate::model::{Actor, Cuts, Era, Event, EventFacts, SavedView, SharedText, Tag, Timeline};

const MAGIC: &[u8; 8] = b"annals\xCA\x5E";

/// The layout of an entry; raised whenever the layout or the meaning of a field changes.
pub const FORMAT: u32 = 3;

/// The most a head may claim to hold: a damaged length must not ask for gigabytes.
const MAX_HEAD: u32 = 64 << 20;

const PREFIX: usize = 8 + 4 + 4 + 8;
const TRAILER: usize = 8 + 8;
/// What comes before each piece of the body: its length and its checksum.
const PIECE: u64 = 8 + 8;

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
    inputs: &'a Inputs,
    title: &'a str,
    description: &'a str,
    lanes: &'a [String],
    actors: &'a [Actor],
    tags: &'a [Tag],
    lane_colours: &'a [Option<String>],
    views: &'a [SavedView],
    eras: &'a [Era],
    id_index: &'a [(u64, u32)],
    chunks: u64,
}

/// What a successful load gave, but the events, read back.
#[derive(Debug, serde::Deserialize)]
struct Parts {
    diagnostics: Vec<Diagnostic>,
    inputs: Inputs,
    title: String,
    description: String,
    lanes: Vec<String>,
    actors: Vec<Actor>,
    tags: Vec<Tag>,
    lane_colours: Vec<Option<String>>,
    views: Vec<SavedView>,
    eras: Vec<Era>,
    id_index: Vec<(u64, u32)>,
    chunks: u64,
}

/// An event as an entry keeps it: where its strings are in its file's text (which is not
/// kept: it is read to check the entry), or, for an event whose strings are not all a
/// stretch of the file, its strings too. Borrowed to be written.
#[derive(serde::Serialize)]
struct StoredRef<'a> {
    own: Option<String>,
    cuts: &'a Cuts,
    facts: EventFacts,
}

/// [`StoredRef`] read back.
#[derive(serde::Deserialize)]
struct Stored {
    own: Option<String>,
    cuts: Cuts,
    facts: EventFacts,
}

/// A chunk of events, to be written as a sequence of [`StoredRef`]s.
struct ChunkRef<'a> {
    events: &'a [Event],
    files: &'a [SharedText],
}

impl serde::Serialize for ChunkRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.events.len()))?;
        for e in self.events {
            let (text, cuts) = e.text_and_cuts();
            let in_file = self
                .files
                .get(e.file as usize)
                .is_some_and(|f| std::sync::Arc::ptr_eq(f, text));
            let (own, own_cuts) = match in_file {
                true => (None, None),
                false => {
                    let (own, cuts) = e.detached();
                    (Some(own), Some(cuts))
                }
            };
            seq.serialize_element(&StoredRef {
                own,
                cuts: own_cuts.as_ref().unwrap_or(cuts),
                facts: e.facts(),
            })?;
        }
        seq.end()
    }
}

/// What a successful load gave, read back: the timeline is made once the files' texts are
/// given ([`Body::timeline`]).
#[derive(Debug)]
pub struct Body {
    parts: Parts,
    /// Without their text (see [`Event::share_file_text`]).
    events: Vec<Event>,
}

impl Body {
    /// What the load read (see [`Inputs`]), given back as the loader gives it.
    pub fn inputs(&self) -> &Inputs {
        &self.parts.inputs
    }

    /// The timeline, its events cut from `files`, the text of each file of the log as it is
    /// now (which the entry's key has just been checked against), with the load's
    /// diagnostics and what it read. `None` when an event names a file not given.
    pub fn timeline(self, files: &[SharedText]) -> Option<(Timeline, Vec<Diagnostic>, Inputs)> {
        let Self { parts, mut events } = self;
        if !events.iter_mut().all(|e| e.share_file_text(files)) {
            return None;
        }
        let mut timeline = Timeline::with_id_index(
            parts.title,
            parts.description,
            parts.lanes,
            (parts.actors, parts.tags),
            events,
            Some(parts.id_index),
        )
        .with_eras(parts.eras);
        timeline.lane_colours = parts.lane_colours;
        timeline.views = parts.views;
        Some((timeline, parts.diagnostics, parts.inputs))
    }
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

/// Writes an entry to `out`; `files` holds the text of each of the log's files, as loaded.
pub fn write(
    out: &mut File,
    head: &Head,
    (diagnostics, inputs): (&[Diagnostic], &Inputs),
    timeline: &Timeline,
    files: &[SharedText],
) -> io::Result<()> {
    let head = postcard::to_stdvec(head).map_err(io::Error::other)?;
    let mut out = BufWriter::with_capacity(1 << 20, out);
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(&(head.len() as u32).to_le_bytes())?;
    out.write_all(&xxh3_64(&head).to_le_bytes())?;
    out.write_all(&head)?;
    let t = timeline;
    let parts = PartsRef {
        diagnostics,
        inputs,
        title: &t.title,
        description: &t.description,
        lanes: &t.lanes,
        actors: &t.actors,
        tags: &t.tags,
        lane_colours: &t.lane_colours,
        views: &t.views,
        eras: &t.eras,
        id_index: t.id_index(),
        chunks: t.events.chunks(CHUNK).len() as u64,
    };
    let mut sums = Vec::new();
    let mut len = put_piece(&mut out, &parts, &mut sums)?;
    for events in t.events.chunks(CHUNK) {
        len += put_piece(&mut out, &ChunkRef { events, files }, &mut sums)?;
    }
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&sums_checksum(&sums).to_le_bytes())?;
    out.flush()
}

/// Writes `value` as a piece (its length, its checksum, its bytes); gives the bytes written.
fn put_piece(
    out: &mut impl Write,
    value: &impl serde::Serialize,
    sums: &mut Vec<u64>,
) -> io::Result<u64> {
    let bytes = postcard::to_stdvec(value).map_err(io::Error::other)?;
    let sum = xxh3_64(&bytes);
    sums.push(sum);
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(&sum.to_le_bytes())?;
    out.write_all(&bytes)?;
    Ok(PIECE + bytes.len() as u64)
}

/// The trailer's checksum: of every piece's checksum, in order.
fn sums_checksum(sums: &[u64]) -> u64 {
    let bytes: Vec<u8> = sums.iter().flat_map(|s| s.to_le_bytes()).collect();
    xxh3_64(&bytes)
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
        let end = self.size - TRAILER as u64;
        let mut trailer = [0u8; TRAILER];
        self.file.seek(SeekFrom::Start(end))?;
        read_exact(&mut self.file, &mut trailer)?;
        let (len, sum) = trailer.split_at(8);
        if u64::from_le_bytes(array(len)) != end - self.body_at {
            return Err(Unusable::Damaged("body length"));
        }
        self.file.seek(SeekFrom::Start(self.body_at))?;
        let mut buffer = Vec::new();
        let first = read_piece(&mut self.file, &mut buffer, end)?;
        let parts: Parts = decode_whole(&buffer).ok_or(Unusable::Damaged("parts"))?;
        let mut at = first.at + first.len;
        let mut sums = vec![first.sum];
        let mut chunks = Vec::new();
        for _ in 0..parts.chunks {
            self.file.seek(SeekFrom::Start(at))?;
            let piece = read_header(&mut self.file, at, end)?;
            sums.push(piece.sum);
            chunks.push(piece);
            at = piece.at + piece.len;
        }
        if at != end || sums_checksum(&sums) != u64::from_le_bytes(array(sum)) {
            return Err(Unusable::Damaged("pieces"));
        }
        let events = read_events(&self.file, &chunks)?;
        Ok(Body { parts, events })
    }
}

/// Where a piece of the body is, and its checksum.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where its bytes start.
    at: u64,
    len: u64,
    sum: u64,
}

/// Reads the header of the piece at `at` (the file is there), which must end by `end`.
fn read_header(file: &mut File, at: u64, end: u64) -> Result<Piece, Unusable> {
    let mut header = [0u8; PIECE as usize];
    read_exact(file, &mut header)?;
    let (len, sum) = header.split_at(8);
    let piece = Piece {
        at: at + PIECE,
        len: u64::from_le_bytes(array(len)),
        sum: u64::from_le_bytes(array(sum)),
    };
    if piece.len > end.saturating_sub(piece.at) {
        return Err(Unusable::Damaged("piece length"));
    }
    Ok(piece)
}

/// Reads the piece at the file's position into `buffer`, checked; gives its header.
fn read_piece(file: &mut File, buffer: &mut Vec<u8>, end: u64) -> Result<Piece, Unusable> {
    let at = file.stream_position()?;
    let piece = read_header(file, at, end)?;
    fill(file, buffer, piece)?;
    Ok(piece)
}

/// Reads the bytes of `piece` into `buffer`, and checks them. Reads at the piece's offset,
/// leaving the file's position alone, so that every core reads the one open file.
fn fill(file: &File, buffer: &mut Vec<u8>, piece: Piece) -> Result<(), Unusable> {
    let len = usize::try_from(piece.len).map_err(|_| Unusable::Damaged("piece length"))?;
    buffer.clear();
    buffer.resize(len, 0);
    read_at(file, buffer, piece.at).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Unusable::Damaged("truncated")
        } else {
            Unusable::Io(e)
        }
    })?;
    if xxh3_64(buffer) != piece.sum {
        return Err(Unusable::Damaged("checksum"));
    }
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buffer: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// Every chunk's events, in order: the chunks shared out between the cores, each reading
/// its share through a buffer of its own.
fn read_events(file: &File, chunks: &[Piece]) -> Result<Vec<Event>, Unusable> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = chunks.len().div_ceil(threads).max(1);
    let read_share = |share: &[Piece]| -> Result<Vec<Event>, Unusable> {
        let mut buffer = Vec::new();
        let mut events = Vec::with_capacity(share.len() * CHUNK);
        for &piece in share {
            fill(file, &mut buffer, piece)?;
            let mut de = postcard::Deserializer::from_bytes(&buffer);
            Extend(&mut events)
                .deserialize(&mut de)
                .map_err(|_| Unusable::Damaged("events"))?;
            if !de.finalize().is_ok_and(|rest| rest.is_empty()) {
                return Err(Unusable::Damaged("events"));
            }
        }
        Ok(events)
    };
    let results = std::thread::scope(|s| {
        let mut shares = chunks.chunks(share);
        let first = shares.next().unwrap_or_default();
        let others: Vec<_> = shares
            .map(|part| s.spawn(move || read_share(part)))
            .collect();
        let mut all = vec![read_share(first)];
        all.extend(others.into_iter().map(|h| {
            h.join()
                .unwrap_or(Err(Unusable::Damaged("a reading thread failed")))
        }));
        all
    });
    let mut results = results.into_iter();
    let mut events = results.next().unwrap_or_else(|| Ok(Vec::new()))?;
    for part in results {
        events.append(&mut part?);
    }
    Ok(events)
}

/// Decodes a sequence of events onto the end of a vector, without a vector of its own.
struct Extend<'a>(&'a mut Vec<Event>);

impl<'de> DeserializeSeed<'de> for Extend<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Extend<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let no_text = SharedText::default();
        while let Some(e) = seq.next_element::<Stored>()? {
            let text = e.own.map_or_else(|| no_text.clone(), SharedText::new);
            self.0.push(Event::new(text, e.cuts, e.facts));
        }
        Ok(())
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
