//! The titles cut into their words, built once per load, so that a word matched loosely
//! (written nowhere in the log) is placed in each distinct word once per keystroke, and a
//! title is then decided from a few numbers per word, with the answer of
//! [`fuzzy::Pattern::title_matches`].
//!
//! That match places the letters in order (ignoring ASCII case) so that at most one run in
//! four letters starts inside a word, and either none does (initials) or the letters touch at
//! most two words. A word here is what that match counts as one: a place after something not
//! a letter or digit (or the start) begins one, so each is a run of letters and digits with
//! at most one other character after it, or one other character alone. Which runs start
//! inside a word only depends on each word's own share of the letters: a share that begins
//! at the word's first character starts no run inside it, a run that begins later does. So
//! a title matches when
//! - (initials) the pattern is a sequence of pieces, each the beginning of a later word; or
//! - (two words) the pattern, or a beginning and the rest of it, can be placed in one word,
//!   or in one word and a later one, with few enough runs starting inside them.
//!
//! For every distinct word, a keystroke works out how long a piece of the pattern from each
//! place begins the word, and at what cost each beginning and each end of the pattern can
//! be placed in it; a title is then one pass over its words, one look-up per word in a table
//! of what each kind of word does to each state of that pass ([`super::machine`]).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::fuzzy::{MAX_CHARS, MAX_PATTERN};
use super::holding::Holding;
use super::machine::{Machine, ROOM};
use super::words::{Fx, keep_where_with};
use crate::model::Timeline;

/// Every title as a list of its words (numbers into the distinct words).
#[derive(Clone, Default)]
pub(super) struct Titles {
    /// Every distinct word, its characters lowercased in ASCII.
    words: Vocabulary,
    /// Event `i`'s words are `list[starts[i]..starts[i + 1]]`, in order.
    list: List,
    starts: Vec<u32>,
    /// Of each title, a bit per character it holds ([`bit`]): a quick no for a pattern
    /// with a character the title lacks.
    letters: Vec<u64>,
}

/// The bit standing for a character (lowercased in ASCII): characters that match share one.
fn bit(c: char) -> u64 {
    1 << (u32::from(c.to_ascii_lowercase()) % 64)
}

/// The distinct words of the titles, one after another (read front to back once per
/// keystroke: one allocation per word, scattered, cost a cache miss each).
#[derive(Clone, Default)]
pub(super) struct Vocabulary {
    chars: Vec<char>,
    /// Word `w` is `chars[bounds[w]..bounds[w + 1]]`.
    bounds: Vec<u32>,
    /// Of each word, a bit per character it holds, and the bit of its first ([`bit`]):
    /// enough to tell, without reading it, that it holds nothing of most patterns.
    marks: Vec<(u64, u64)>,
}

impl Vocabulary {
    /// Adds a word (not empty); its number, or `None` when the words are too many.
    fn push(&mut self, word: &[char]) -> Option<u32> {
        let id = u32::try_from(self.marks.len()).ok()?;
        if self.bounds.is_empty() {
            self.bounds.push(0);
        }
        self.chars.extend_from_slice(word);
        self.bounds.push(u32::try_from(self.chars.len()).ok()?);
        let all = word.iter().fold(0, |m, &c| m | bit(c));
        self.marks.push((all, word.first().map_or(0, |&c| bit(c))));
        Some(id)
    }

    fn len(&self) -> usize {
        self.marks.len()
    }

    fn word(&self, w: usize) -> &[char] {
        &self.chars[self.bounds[w] as usize..self.bounds[w + 1] as usize]
    }

    fn shrink(&mut self) {
        self.chars.shrink_to_fit();
        self.bounds.shrink_to_fit();
        self.marks.shrink_to_fit();
    }

    fn bytes(&self) -> usize {
        4 * (self.chars.capacity() + self.bounds.capacity()) + 16 * self.marks.capacity()
    }
}

impl Titles {
    /// The words of every title; `None` for a log too large to number in `u32`.
    pub(super) fn new(timeline: &Timeline) -> Option<Self> {
        let mut ids: HashMap<Box<[char]>, u32, BuildHasherDefault<Fx>> = HashMap::default();
        let mut titles = Self::default();
        titles.starts.push(0);
        let (mut chars, mut word): (Vec<char>, Vec<char>) = (Vec::new(), Vec::new());
        for e in &timeline.events {
            chars.clear();
            chars.extend(e.title().chars().take(MAX_CHARS + 1));
            // A title longer than the match reads matches nothing: it has no words here.
            if chars.len() <= MAX_CHARS {
                let mut from = 0;
                for i in 1..=chars.len() {
                    if i == chars.len() || !chars[i - 1].is_alphanumeric() {
                        word.clear();
                        word.extend(chars[from..i].iter().map(char::to_ascii_lowercase));
                        let id = match ids.get(word.as_slice()) {
                            Some(&id) => id,
                            None => {
                                let id = titles.words.push(&word)?;
                                ids.insert(word.as_slice().into(), id);
                                id
                            }
                        };
                        titles.list.push(id);
                        from = i;
                    }
                }
            }
            titles
                .letters
                .push(chars.iter().fold(0, |m, &c| m | bit(c)));
            titles.starts.push(u32::try_from(titles.list.len()).ok()?);
        }
        titles.list.shrink();
        titles.words.shrink();
        Some(titles)
    }

    /// Bytes of memory the index holds.
    pub(super) fn bytes(&self) -> usize {
        self.words.bytes()
            + self.list.bytes()
            + 4 * self.starts.capacity()
            + 8 * self.letters.capacity()
    }

    /// The events of `pool` whose title `pattern` (trimmed) matches as
    /// [`fuzzy::Pattern::title_matches`] has it; `None` when `stop` says the search is no
    /// longer wanted.
    pub(super) fn narrow(
        &self,
        pattern: &str,
        pool: Vec<usize>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<usize>> {
        self.narrow_in(pattern, pool, stop, ROOM)
    }

    /// [`Titles::narrow`], with machines of at most `room` entries.
    pub(super) fn narrow_in(
        &self,
        pattern: &str,
        pool: Vec<usize>,
        stop: &dyn Fn() -> bool,
        room: usize,
    ) -> Option<Vec<usize>> {
        let pattern: Vec<char> = pattern
            .trim()
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if pattern.is_empty() {
            return Some(pool);
        }
        if pattern.len() > MAX_PATTERN {
            return Some(Vec::new());
        }
        let shares = Shares::new(&pattern, &self.words);
        let ends = shares.ends();
        let needed = pattern.iter().fold(0, |m, &c| m | bit(c));
        let machine = || Machine::new(&shares, &ends, room);
        match &self.list {
            List::Narrow(list) => self.keep(list, &pool, stop, machine, needed),
            List::Wide(list) => self.keep(list, &pool, stop, machine, needed),
        }
    }

    /// The events of `pool` whose title holds the letters `needed` and which `machine`s
    /// read as matching, their words read from `list`.
    fn keep<'a, W: WordNumber>(
        &self,
        list: &[W],
        pool: &[usize],
        stop: &dyn Fn() -> bool,
        machine: impl Fn() -> Machine<'a> + Sync,
        needed: u64,
    ) -> Option<Vec<usize>> {
        keep_where_with(pool, stop, machine, |machine, i| {
            needed & !self.letters[i] == 0 && {
                let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
                machine.title(&list[a..b])
            }
        })
    }

    /// The same titles with their words numbered in four bytes (as a log of more than 65,536
    /// distinct words has them), for tests.
    #[cfg(test)]
    pub(super) fn widened(&self) -> Self {
        let mut wide = self.clone();
        if let List::Narrow(list) = &self.list {
            wide.list = List::Wide(list.iter().map(|&w| u32::from(w)).collect());
        }
        wide
    }
}

/// The words of every title, one after another: numbers of two bytes while there are at
/// most 65,536 distinct words (half the memory, and half of what a keystroke reads), of four
/// from the first word beyond.
#[derive(Clone)]
enum List {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for List {
    fn default() -> Self {
        Self::Narrow(Vec::new())
    }
}

impl List {
    fn push(&mut self, w: u32) {
        match self {
            Self::Narrow(list) => match u16::try_from(w) {
                Ok(w) => list.push(w),
                Err(_) => {
                    let mut wide: Vec<u32> = list.iter().map(|&w| u32::from(w)).collect();
                    wide.push(w);
                    *self = Self::Wide(wide);
                }
            },
            Self::Wide(list) => list.push(w),
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Narrow(list) => list.len(),
            Self::Wide(list) => list.len(),
        }
    }

    fn shrink(&mut self) {
        match self {
            Self::Narrow(list) => list.shrink_to_fit(),
            Self::Wide(list) => list.shrink_to_fit(),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Self::Narrow(list) => 2 * list.capacity(),
            Self::Wide(list) => 4 * list.capacity(),
        }
    }
}

/// The number of a distinct word, as a [`List`] keeps it.
pub(super) trait WordNumber: Copy + Sync {
    fn index(self) -> usize;
}

impl WordNumber for u16 {
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl WordNumber for u32 {
    fn index(self) -> usize {
        self as usize
    }
}

/// What each distinct word can hold of one pattern. The words that hold the same share one
/// row of the tables: row 0 is that of the words holding nothing (most words of a large log).
pub(super) struct Shares {
    len: usize,
    /// How many runs may start inside words.
    limit: usize,
    /// Each distinct word's row.
    row: Vec<u32>,
    /// Per row, per place `j` in the pattern: how many letters from `j` on begin the word.
    begins: Vec<u8>,
    /// Per row, per cost `c` in `0..=limit`: bit `m - 1` set when the pattern's first `m`
    /// letters fit in the word with at most `c` runs starting inside it.
    heads: Vec<u64>,
    /// The same for the pattern's letters from `m` on (`m` in `1..len`).
    tails: Vec<u64>,
}

impl Shares {
    pub(super) fn new(pattern: &[char], words: &Vocabulary) -> Self {
        let len = pattern.len();
        let limit = len.div_ceil(4);
        let mut shares = Self {
            len,
            limit,
            row: vec![0; words.len()],
            begins: vec![0; len],
            heads: vec![0; limit + 1],
            tails: vec![0; limit + 1],
        };
        let mut rows: HashMap<Vec<u64>, u32, BuildHasherDefault<Fx>> = HashMap::default();
        rows.insert(shares.key(0).collect(), 0);
        let mut holding = Holding::new(pattern, limit);
        let mut key = Vec::new();
        let (first, last) = (pattern[0], pattern[len - 1]);
        let needed = pattern.iter().fold(0, |m, &c| m | bit(c));
        for (w, &(all, initial)) in words.marks.iter().enumerate() {
            // A word holds something of the pattern only if it begins with one of its
            // letters (initials), or holds its first letter (a beginning of it) or its last
            // (an end): most words of a large log hold none, and their marks tell at once.
            if all & (bit(first) | bit(last)) == 0 && initial & needed == 0 {
                continue;
            }
            key.clear();
            holding.key(words.word(w), &mut key);
            shares.row[w] = match rows.get(&key) {
                Some(&row) => row,
                None => {
                    let row = rows.len() as u32;
                    rows.insert(key.clone(), row);
                    shares.begins.extend(key[..len].iter().map(|&n| n as u8));
                    shares.heads.extend(&key[len..len + limit + 1]);
                    shares.tails.extend(&key[len + limit + 1..]);
                    row
                }
            };
        }
        shares
    }

    /// Whether a title of these words matches: in one pass over its words, (two words) the
    /// pattern, or a beginning and the rest of it, placed in one word or in one word and a
    /// later one with at most `limit` runs starting inside them; or (initials) the pattern
    /// as pieces, each the beginning of a later word. (The keystroke's search reads titles
    /// through a [`Machine`](super::machine::Machine), which remembers what each row does
    /// to each [`Progress`]; this is its answer worked out afresh.)
    pub(super) fn title<W: WordNumber>(&self, title: &[W]) -> bool {
        let mut at = Progress::start();
        title
            .iter()
            .any(|&w| self.read(&mut at, self.row[w.index()] as usize))
    }

    /// Reads a word of row `r` after the words `at` has read: whether the title matches with
    /// it, and if not, `at` moved on past it.
    pub(super) fn read(&self, at: &mut Progress, r: usize) -> bool {
        let (limit, per) = (self.limit, self.limit + 1);
        let whole = 1u64 << (self.len - 1);
        let done = 1u128 << self.len;
        let heads = &self.heads[r * per..(r + 1) * per];
        let tails = &self.tails[r * per..(r + 1) * per];
        if heads[limit] & whole != 0 || (0..per).any(|c| at.earlier[c] & tails[limit - c] != 0) {
            return true;
        }
        for (earlier, &head) in at.earlier.iter_mut().zip(heads) {
            *earlier |= head;
        }
        let begins = &self.begins[r * self.len..(r + 1) * self.len];
        let mut next = at.placed;
        let mut from = at.placed & (done - 1);
        while from != 0 {
            let j = from.trailing_zeros() as usize;
            from &= from - 1;
            let n = usize::from(begins[j]);
            if n > 0 {
                next |= ((1u128 << n) - 1) << (j + 1);
            }
        }
        at.placed = next;
        at.placed & done != 0
    }

    /// Each distinct word's row.
    pub(super) fn rows_of_words(&self) -> &[u32] {
        &self.row
    }

    /// How many rows the tables have.
    pub(super) fn rows(&self) -> usize {
        self.begins.len() / self.len
    }

    /// What a row does for a title, as numbers (for [`Shares::new`] to tell rows apart).
    fn key(&self, r: usize) -> impl Iterator<Item = u64> + '_ {
        let per = self.limit + 1;
        let begins = &self.begins[r * self.len..(r + 1) * self.len];
        begins
            .iter()
            .map(|&n| u64::from(n))
            .chain(self.heads[r * per..(r + 1) * per].iter().copied())
            .chain(self.tails[r * per..(r + 1) * per].iter().copied())
    }

    /// `at` with what can no longer matter left out, so that ways through a title that
    /// differ only in that are one: beginnings that no word's end completes at that cost,
    /// and initials beyond the pattern's end.
    pub(super) fn tidy(&self, at: &mut Progress, ends: &[u64]) {
        for c in 0..=self.limit {
            at.earlier[c] &= ends[self.limit - c];
        }
        at.placed &= (1u128 << self.len) - 1;
    }

    /// Per cost, the ends of the pattern some word holds at that cost (for [`Shares::tidy`]).
    pub(super) fn ends(&self) -> Vec<u64> {
        let per = self.limit + 1;
        let mut ends = vec![0u64; per];
        for (k, &t) in self.tails.iter().enumerate() {
            ends[k % per] |= t;
        }
        ends
    }
}

/// How many costs a [`Progress`] keeps: as many as the longest pattern allows.
const COSTS: usize = MAX_PATTERN / 4 + 1;

/// How far the words of a title read so far carry a pattern.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct Progress {
    /// Per cost: bit `m - 1` set when the pattern's first `m` letters fit in some word read
    /// so far at that cost.
    earlier: [u64; COSTS],
    /// Bit `j`: the first `j` letters are placed as initials.
    placed: u128,
}

impl Progress {
    /// Before the first word.
    pub(super) fn start() -> Self {
        Self {
            earlier: [0; COSTS],
            placed: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_numbers_grow_to_four_bytes_past_the_65536th_word() {
        let mut list = List::default();
        for w in 0..=u32::from(u16::MAX) {
            list.push(w);
        }
        assert!(matches!(list, List::Narrow(_)));
        list.push(70_000);
        list.push(3);
        let List::Wide(wide) = &list else {
            panic!("four bytes past 65,535");
        };
        assert_eq!(wide.len(), 65_538);
        assert_eq!(&wide[65_534..], [65_534, 65_535, 70_000, 3]);
        assert!(wide.iter().take(65_536).copied().eq(0..65_536));
        assert_eq!(list.bytes(), 4 * wide.capacity());
    }
}
