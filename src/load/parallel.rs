//! Reading the `[[events]]` pieces of a log (see [`super::split`]) on every core. Each piece
//! parses and reads on its own, so runs of consecutive pieces are read by as many threads as
//! there are cores, and put back together in file order: the events, their diagnostics and
//! the TOML errors come out exactly as reading the pieces one after another gives them.
//!
//! Only the standard library: scoped threads, one atomic counter that hands out the runs and
//! a channel that brings them back to the calling thread, which puts each in place as soon
//! as those before it are. No lock is held while reading, so a caller on a background thread
//! (the explorer) is never blocked by it, and the threads end before [`read`] returns.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::build::Events;
use super::diagnostic::Diagnostic;
use super::fields::{self, Span};

/// Below this many bytes of entries a log is read on the calling thread alone: starting
/// threads would cost more than they save.
const PARALLEL_FROM: usize = 256 << 10;

/// How many runs each thread gets on average: more than one, so that a thread that finishes
/// early takes another instead of waiting for a slow one.
const RUNS_PER_THREAD: usize = 4;

/// The events read from the pieces, with what reading them reported in file order.
pub struct Read<'s> {
    pub events: Events<'s>,
    /// What the entries' checks found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The TOML errors of the pieces that do not parse, in file order.
    pub syntax: Vec<Diagnostic>,
}

/// What one run of pieces gave.
struct Run<'s> {
    events: Events<'s>,
    reader: fields::Reader,
    syntax: Vec<Diagnostic>,
    /// Newlines from the run's first piece to the next run's first piece.
    newlines: usize,
}

/// The number of threads to read a log with: one per core, or one for a small log.
pub fn threads_for(pieces: &[Span]) -> usize {
    let bytes = match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => last.end - first.start,
        _ => 0,
    };
    if bytes < PARALLEL_FROM {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Reads the entries `pieces` of `text` on `threads` threads. `None` when a piece is not
/// one whole entry, or does not parse and `own_errors` is false (see `by_pieces`).
pub fn read<'s>(
    text: &'s str,
    pieces: &[Span],
    own_errors: bool,
    threads: usize,
    file: u32,
) -> Option<Read<'s>> {
    let threads = threads.clamp(1, pieces.len().max(1));
    let count = if threads == 1 {
        1
    } else {
        (threads * RUNS_PER_THREAD).min(pieces.len())
    };
    // Run `k` is pieces[bounds[k]..bounds[k + 1]].
    let bounds: Vec<usize> = (0..=count).map(|k| k * pieces.len() / count).collect();
    let starts: Vec<usize> = bounds
        .iter()
        .map(|&i| pieces.get(i).map_or(text.len(), |p| p.start))
        .collect();
    let run = |k: usize, give_up: &AtomicBool| {
        read_run(
            text,
            &pieces[bounds[k]..bounds[k + 1]],
            starts[k + 1],
            own_errors,
            give_up,
            file,
        )
    };
    let give_up = AtomicBool::new(false);
    let mut joined = Joined::new(text, pieces, file);
    if threads == 1 {
        for k in 0..count {
            joined.add(k, run(k, &give_up));
        }
    } else {
        let next = AtomicUsize::new(0);
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let send = send.clone();
                let (next, give_up, run) = (&next, &give_up, &run);
                // A thread the system refuses is no error: the others, or this one below,
                // take its runs.
                let _ = std::thread::Builder::new().spawn_scoped(scope, move || {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= count || send.send((k, run(k, give_up))).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(send);
            // Each run is put in place as soon as those before it are: the runs are not all
            // held at once beside the events put together from them.
            for (k, run) in receive {
                joined.add(k, run);
            }
        });
        // Every worker has ended; any run none of them took is read here.
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= count {
                break;
            }
            joined.add(k, run(k, &give_up));
        }
    }
    joined.finish()
}

/// The runs put together in file order as they come in, in any order.
struct Joined<'s> {
    events: Events<'s>,
    /// The line of the next run's first piece, less one: what its lines are moved by.
    line: usize,
    diagnostics: Vec<Diagnostic>,
    syntax: Vec<Diagnostic>,
    /// The next run to put in place, and those that came before their turn.
    next: usize,
    early: std::collections::BTreeMap<usize, Option<Run<'s>>>,
    gave_up: bool,
}

impl<'s> Joined<'s> {
    fn new(text: &'s str, pieces: &[Span], file: u32) -> Self {
        let mut events = Events::in_file(text, file);
        let line = events.lines_to(pieces.first().map_or(0, |p| p.start));
        events.reserve(pieces.len());
        Self {
            events,
            line,
            diagnostics: Vec::new(),
            syntax: Vec::new(),
            next: 0,
            early: std::collections::BTreeMap::new(),
            gave_up: false,
        }
    }

    fn add(&mut self, k: usize, run: Option<Run<'s>>) {
        self.early.insert(k, run);
        while let Some(run) = self.early.remove(&self.next) {
            self.next += 1;
            let Some(run) = run else {
                self.gave_up = true;
                continue;
            };
            self.events.append(run.events, self.line);
            self.line += run.newlines;
            self.diagnostics.extend(run.reader.diagnostics);
            self.syntax.extend(run.syntax);
        }
    }

    /// Everything read, or `None` when a run gave up.
    fn finish(self) -> Option<Read<'s>> {
        (!self.gave_up).then_some(Read {
            events: self.events,
            diagnostics: self.diagnostics,
            syntax: self.syntax,
        })
    }
}

/// Reads one run of pieces, counting lines from its first; `next` is where the next run
/// starts. Stops early, with `None`, when another run has given up.
fn read_run<'s>(
    text: &'s str,
    pieces: &[Span],
    next: usize,
    own_errors: bool,
    give_up: &AtomicBool,
    file: u32,
) -> Option<Run<'s>> {
    let start = pieces.first().map_or(next, |p| p.start);
    let mut events = Events::starting_at(text, start, file);
    events.reserve(pieces.len());
    let mut reader = fields::Reader::default();
    let mut syntax: Vec<Diagnostic> = Vec::new();
    for range in pieces {
        if give_up.load(Ordering::Relaxed) {
            return None;
        }
        let piece = &text[range.clone()];
        let (root, errors) = toml::de::DeTable::parse_recoverable(piece);
        if !errors.is_empty() {
            if !own_errors {
                give_up.store(true, Ordering::Relaxed);
                return None;
            }
            let to_file = |span| fields::shifted(span, range.start);
            syntax.extend(errors.iter().map(|e| super::syntax_error(e, to_file)));
            continue;
        }
        let one_entry = root.get_ref().len() == 1
            && matches!(
                root.get_ref().get("events").map(|v| v.get_ref()),
                Some(toml::de::DeValue::Array(entries)) if entries.len() == 1
            );
        if !one_entry {
            give_up.store(true, Ordering::Relaxed);
            return None;
        }
        // Once a piece does not parse, only TOML errors are reported (as by the whole
        // parse), so the entries after it need only be parsed.
        if syntax.is_empty() {
            events.read(root.get_ref(), piece, range.start, &mut reader);
        }
    }
    let newlines = events.lines_to(next);
    Some(Run {
        events,
        reader,
        syntax,
        newlines,
    })
}
