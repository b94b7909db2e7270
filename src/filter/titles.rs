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
//! be placed in it; a title is then one pass over its words.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::fuzzy::{MAX_CHARS, MAX_PATTERN};
use super::words::{Fx, keep_where};
use crate::model::Timeline;

/// Every title as a list of its words (numbers into the distinct words).
#[derive(Clone, Default)]
pub(super) struct Titles {
    /// Every distinct word, its characters lowercased in ASCII.
    words: Vec<Box<[char]>>,
    /// Event `i`'s words are `list[starts[i]..starts[i + 1]]`, in order.
    list: Vec<u32>,
    starts: Vec<u32>,
    /// Of each title, a bit per character it holds ([`bit`]): a quick no for a pattern
    /// with a character the title lacks.
    letters: Vec<u64>,
}

/// The bit standing for a character (lowercased in ASCII): characters that match share one.
fn bit(c: char) -> u64 {
    1 << (u32::from(c.to_ascii_lowercase()) % 64)
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
                                let id = u32::try_from(titles.words.len()).ok()?;
                                titles.words.push(word.as_slice().into());
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
        titles.list.shrink_to_fit();
        titles.words.shrink_to_fit();
        Some(titles)
    }

    /// Bytes of memory the index holds.
    pub(super) fn bytes(&self) -> usize {
        self.words.iter().map(|w| 16 + 4 * w.len()).sum::<usize>()
            + 4 * (self.list.capacity() + self.starts.capacity())
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
        let needed = pattern.iter().fold(0, |m, &c| m | bit(c));
        keep_where(&pool, stop, &|i| {
            needed & !self.letters[i] == 0 && {
                let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
                shares.title(&self.list[a..b])
            }
        })
    }
}

/// What each distinct word can hold of one pattern.
struct Shares {
    len: usize,
    /// How many runs may start inside words.
    limit: usize,
    /// Per word, per place `j` in the pattern: how many letters from `j` on begin the word.
    begins: Vec<u8>,
    /// Per word, per cost `c` in `0..=limit`: bit `m - 1` set when the pattern's first `m`
    /// letters fit in the word with at most `c` runs starting inside it.
    heads: Vec<u64>,
    /// The same for the pattern's letters from `m` on (`m` in `1..len`).
    tails: Vec<u64>,
}

/// No placement.
const NEVER: u16 = u16::MAX / 2;

impl Shares {
    fn new(pattern: &[char], words: &[Box<[char]>]) -> Self {
        let len = pattern.len();
        let limit = len.div_ceil(4);
        let mut shares = Self {
            len,
            limit,
            begins: Vec::with_capacity(words.len() * len),
            heads: Vec::with_capacity(words.len() * (limit + 1)),
            tails: Vec::with_capacity(words.len() * (limit + 1)),
        };
        let (mut heads, mut tails) = (vec![NEVER; len + 1], vec![NEVER; len]);
        for word in words {
            for j in 0..len {
                let n = pattern[j..]
                    .iter()
                    .zip(word.iter())
                    .take_while(|(p, c)| p == c)
                    .count();
                shares.begins.push(n.min(64) as u8);
            }
            head_costs(pattern, word, &mut heads);
            tail_costs(pattern, word, &mut tails);
            for c in 0..=limit as u16 {
                let mask = |costs: &[u16]| {
                    (1..costs.len())
                        .filter(|&m| costs[m] <= c)
                        .fold(0u64, |mask, m| mask | 1 << (m - 1))
                };
                shares.heads.push(mask(&heads));
                shares.tails.push(mask(&tails));
            }
        }
        shares
    }

    /// Whether a title of these words matches: in one pass over its words, (two words) the
    /// pattern, or a beginning and the rest of it, placed in one word or in one word and a
    /// later one with at most `limit` runs starting inside them; or (initials) the pattern
    /// as pieces, each the beginning of a later word. (Every word is looked at: a word that
    /// holds nothing of the pattern changes nothing, and telling it apart cost more in
    /// mispredicted branches than it saved.)
    fn title(&self, title: &[u32]) -> bool {
        // Working space for as many costs as the pattern allows (most patterns allow one or
        // two): set to zero for every title.
        if self.limit < 4 {
            self.title_with::<4>(title)
        } else {
            self.title_with::<{ MAX_PATTERN / 4 + 1 }>(title)
        }
    }

    /// [`Shares::title`], with room for `N` costs (at least `limit + 1`).
    fn title_with<const N: usize>(&self, title: &[u32]) -> bool {
        let (limit, per) = (self.limit, self.limit + 1);
        let whole = 1u64 << (self.len - 1);
        let done = 1u128 << self.len;
        // Per cost: the beginnings that fit in some earlier word at that cost.
        let mut earlier = [0u64; N];
        // Bit `j`: the first `j` letters are placed as initials.
        let mut placed = 1u128;
        for &w in title {
            let w = w as usize;
            let heads = &self.heads[w * per..(w + 1) * per];
            let tails = &self.tails[w * per..(w + 1) * per];
            if heads[limit] & whole != 0 || (0..per).any(|c| earlier[c] & tails[limit - c] != 0) {
                return true;
            }
            for c in 0..per {
                earlier[c] |= heads[c];
            }
            let begins = &self.begins[w * self.len..(w + 1) * self.len];
            let mut next = placed;
            let mut from = placed & (done - 1);
            while from != 0 {
                let j = from.trailing_zeros() as usize;
                from &= from - 1;
                let n = usize::from(begins[j]);
                if n > 0 {
                    next |= ((1u128 << n) - 1) << (j + 1);
                }
            }
            placed = next;
            if placed & done != 0 {
                return true;
            }
        }
        false
    }
}

/// `costs[m]`: the fewest runs starting inside `word` (after its first character) over
/// placements of the pattern's first `m` letters in it, or [`NEVER`].
fn head_costs(pattern: &[char], word: &[char], costs: &mut [u16]) {
    costs.fill(NEVER);
    // The cheapest placement of the letters so far with the last at each place.
    let mut last: Vec<u16> = word
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == pattern[0] {
                u16::from(i > 0)
            } else {
                NEVER
            }
        })
        .collect();
    costs[1] = last.iter().copied().min().unwrap_or(NEVER);
    for (k, &p) in pattern.iter().enumerate().skip(1) {
        let mut next = vec![NEVER; word.len()];
        // The cheapest of `last[..i - 1]`, for a new run at `i`.
        let mut before = NEVER;
        for i in 1..word.len() {
            if i >= 2 {
                before = before.min(last[i - 2]);
            }
            if word[i] == p {
                next[i] = last[i - 1].min(before.saturating_add(1)).min(NEVER);
            }
        }
        last = next;
        costs[k + 1] = last.iter().copied().min().unwrap_or(NEVER);
        if costs[k + 1] >= NEVER {
            break;
        }
    }
}

/// `costs[m]` for `m` in `1..len`: the fewest runs starting inside `word` over placements of
/// the pattern's letters from `m` on in it, or [`NEVER`].
fn tail_costs(pattern: &[char], word: &[char], costs: &mut [u16]) {
    costs.fill(NEVER);
    let len = pattern.len();
    // The cheapest placement of the letters after `k`, with letter `k` at each place, not
    // counting the run letter `k` is in.
    let mut first: Vec<u16> = word
        .iter()
        .map(|&c| if c == pattern[len - 1] { 0 } else { NEVER })
        .collect();
    for k in (1..len).rev() {
        if k < len - 1 {
            let mut next = vec![NEVER; word.len()];
            // The cheapest of `first[i + 2..]`, for a new run there.
            let mut after = NEVER;
            for i in (0..word.len()).rev() {
                if i + 2 < word.len() {
                    after = after.min(first[i + 2]);
                }
                if word[i] == pattern[k] {
                    let on = first.get(i + 1).copied().unwrap_or(NEVER);
                    next[i] = on.min(after.saturating_add(1)).min(NEVER);
                }
            }
            first = next;
        }
        costs[k] = (0..word.len())
            .map(|i| first[i].saturating_add(u16::from(i > 0)))
            .min()
            .unwrap_or(NEVER)
            .min(NEVER);
        if first.iter().all(|&c| c >= NEVER) {
            break;
        }
    }
}
