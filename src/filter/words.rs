//! The words of every title and summary, built once per load, so that a search word is
//! looked for among the log's distinct words (a few thousand, or a few hundred thousand)
//! rather than in the text of every event.
//!
//! A search word holds no white space, so it is written in an event's lowercased title or
//! summary exactly when it is written inside one of its words (the runs between white
//! space). The words are kept once each, in one buffer, with the events that hold each
//! (a posting list of `u32` event numbers) and, for every event, the words it holds.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memmem;

use crate::model::Timeline;

/// How often (in events) a long loop asks whether its search is still wanted.
pub(super) const CHECK_EVERY: usize = 4096;

/// The distinct lowercased words of a log's titles and summaries, and which events hold them.
#[derive(Clone, Default)]
pub(super) struct Words {
    /// Every distinct word, each followed by `\n` (which no word holds).
    vocabulary: String,
    /// Where each word starts in `vocabulary`; one more entry than words.
    starts: Vec<u32>,
    /// The events holding each word, ascending: word `w`'s are
    /// `postings[posting_starts[w]..posting_starts[w + 1]]`.
    postings: Vec<u32>,
    posting_starts: Vec<u32>,
    /// The distinct words of each event: event `i`'s are `held[held_starts[i]..held_starts[i + 1]]`.
    held: Vec<u32>,
    held_starts: Vec<u32>,
    /// Of each event, bit `b` set when its lowercased title or summary holds the ASCII byte
    /// `b`: the answer for a search of one letter (the first key typed), which most events
    /// hold, without reading their words.
    ascii: Vec<u128>,
}

impl Words {
    /// The words of `timeline`; `None` for a log too large to number in `u32`.
    pub(super) fn new(timeline: &Timeline) -> Option<Self> {
        let mut ids: HashMap<Box<str>, u32, BuildHasherDefault<Fx>> = HashMap::default();
        let mut words = Self::default();
        words.starts.push(0);
        words.held_starts.push(0);
        let mut lower = String::new();
        for e in &timeline.events {
            let from = words.held.len();
            let mut ascii = 0u128;
            for text in [&e.title(), &e.summary()] {
                lower.clear();
                super::search::push_lower(&mut lower, text);
                ascii = lower
                    .bytes()
                    .filter(u8::is_ascii)
                    .fold(ascii, |m, b| m | 1 << b);
                for word in lower.split(char::is_whitespace).filter(|w| !w.is_empty()) {
                    let id = match ids.get(word) {
                        Some(&id) => id,
                        None => {
                            let id = u32::try_from(ids.len()).ok()?;
                            ids.insert(word.into(), id);
                            words.vocabulary.push_str(word);
                            words.vocabulary.push('\n');
                            words
                                .starts
                                .push(u32::try_from(words.vocabulary.len()).ok()?);
                            id
                        }
                    };
                    words.held.push(id);
                }
            }
            words.ascii.push(ascii);
            let mine = &mut words.held[from..];
            mine.sort_unstable();
            let kept = dedup_sorted(mine);
            words.held.truncate(from + kept);
            words
                .held_starts
                .push(u32::try_from(words.held.len()).ok()?);
        }
        // The words of every event, cut to size before the posting lists are made beside
        // them: grown by doubling, they held up to twice their size, which with the posting
        // lists was the explorer's peak at a million events.
        words.held.shrink_to_fit();
        words.invert(ids.len());
        words.shrink();
        Some(words)
    }

    /// The posting lists, from the words of each event (a counting sort: events ascend).
    fn invert(&mut self, count: usize) {
        let mut starts = vec![0u32; count + 1];
        for &w in &self.held {
            starts[w as usize + 1] += 1;
        }
        for w in 0..count {
            starts[w + 1] += starts[w];
        }
        let mut next = starts.clone();
        self.postings = vec![0; self.held.len()];
        for (event, pair) in self.held_starts.windows(2).enumerate() {
            for &w in &self.held[pair[0] as usize..pair[1] as usize] {
                let at = &mut next[w as usize];
                // Events number at most `u32::MAX`: `held_starts` fit in a `u32`.
                self.postings[*at as usize] = event as u32;
                *at += 1;
            }
        }
        self.posting_starts = starts;
    }

    fn shrink(&mut self) {
        self.ascii.shrink_to_fit();
        self.vocabulary.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.held.shrink_to_fit();
    }

    /// Bytes of memory the index holds.
    pub(super) fn bytes(&self) -> usize {
        self.vocabulary.capacity()
            + 16 * self.ascii.capacity()
            + 4 * (self.starts.capacity()
                + self.postings.capacity()
                + self.posting_starts.capacity()
                + self.held.capacity()
                + self.held_starts.capacity())
    }

    /// Whether some word holds `needle` (lowercase, without white space).
    pub(super) fn occurs(&self, needle: &str) -> bool {
        memmem::find(self.vocabulary.as_bytes(), needle.as_bytes()).is_some()
    }

    /// The words that hold `needle` (lowercase, without white space), ascending.
    fn holding(&self, needle: &str) -> Vec<usize> {
        let finder = memmem::Finder::new(needle.as_bytes());
        let bytes = self.vocabulary.as_bytes();
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(found) = finder.find(&bytes[pos..]) {
            let at = pos + found;
            let word = self.starts.partition_point(|&s| s as usize <= at) - 1;
            out.push(word);
            pos = self.starts[word + 1] as usize;
        }
        out
    }

    /// The events of `pool` (ascending) whose title or summary holds `needle` (lowercase,
    /// without white space); `None` when `stop` says the search is no longer wanted. When
    /// the words holding it are in few events, those events are marked from their posting
    /// lists; when they are in many, each event of the pool is asked, and most answer at
    /// their first words.
    pub(super) fn narrow(
        &self,
        needle: &str,
        mut pool: Vec<usize>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<usize>> {
        if stop() {
            return None;
        }
        if let &[b] = needle.as_bytes()
            && b.is_ascii()
        {
            return keep_where(&pool, stop, &|i| self.ascii[i] >> b & 1 == 1);
        }
        let holding = self.holding(needle);
        let postings = |w: usize| {
            &self.postings[self.posting_starts[w] as usize..self.posting_starts[w + 1] as usize]
        };
        let total: usize = holding.iter().map(|&w| postings(w).len()).sum();
        let events = self.held_starts.len() - 1;
        if total <= 2 * pool.len() {
            let mut hit = vec![false; events];
            for &w in &holding {
                for &e in postings(w) {
                    hit[e as usize] = true;
                }
            }
            pool.retain(|&i| hit[i]);
            return Some(pool);
        }
        let mut wanted = vec![false; self.starts.len() - 1];
        for &w in &holding {
            wanted[w] = true;
        }
        keep_where(&pool, stop, &|i| {
            let (a, b) = (self.held_starts[i], self.held_starts[i + 1]);
            self.held[a as usize..b as usize]
                .iter()
                .any(|&w| wanted[w as usize])
        })
    }
}

/// A pool at least this large is searched in two halves at once.
const PARALLEL_FROM: usize = 50_000;

/// The events of `pool` that `keep` keeps, in order; `None` as soon as `stop` says the search
/// is no longer wanted. A large pool is cut in two halves searched on two threads (the
/// second stops when the first sees `stop`).
pub(super) fn keep_where(
    pool: &[usize],
    stop: &dyn Fn() -> bool,
    keep: &(dyn Fn(usize) -> bool + Sync),
) -> Option<Vec<usize>> {
    keep_where_with(pool, stop, || (), |(), i| keep(i))
}

/// [`keep_where`], with working space for `keep` that each thread makes for itself (and
/// `keep` called directly, not through a pointer: it is asked of every event).
pub(super) fn keep_where_with<S>(
    pool: &[usize],
    stop: &dyn Fn() -> bool,
    make: impl Fn() -> S + Sync,
    keep: impl Fn(&mut S, usize) -> bool + Sync,
) -> Option<Vec<usize>> {
    let run = |part: &[usize], stop: &dyn Fn() -> bool| {
        let mut space = make();
        let mut out = Vec::new();
        for chunk in part.chunks(CHECK_EVERY) {
            if stop() {
                return None;
            }
            out.extend(chunk.iter().copied().filter(|&i| keep(&mut space, i)));
        }
        Some(out)
    };
    if pool.len() < PARALLEL_FROM {
        return run(pool, stop);
    }
    let (first, second) = pool.split_at(pool.len() / 2);
    let quit = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .spawn_scoped(scope, || run(second, &|| quit.load(Ordering::Relaxed)));
        let mine = run(first, &|| {
            let stopped = stop();
            if stopped {
                quit.store(true, Ordering::Relaxed);
            }
            stopped
        });
        let theirs = match other {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No second thread to be had: the second half here.
            Err(_) => run(second, stop),
        };
        let mut out = mine?;
        out.extend(theirs?);
        Some(out)
    })
}

/// Keeps one of each run of equal values at the front of `sorted`; how many are kept.
fn dedup_sorted(sorted: &mut [u32]) -> usize {
    let mut kept = 0;
    for i in 0..sorted.len() {
        if kept == 0 || sorted[kept - 1] != sorted[i] {
            sorted[kept] = sorted[i];
            kept += 1;
        }
    }
    kept
}

/// A fast hash for the words while the index is built (the standard one, made to resist
/// chosen keys, costs more than the rest of the build; a log's own words are not an attack
/// on the person reading it, and at worst cost time).
#[derive(Default)]
pub(super) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_usize(&mut self, n: usize) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(K);
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}
