//! Fuzzy matching of a short pattern against names and titles: subsequence matching that
//! rejects scattered matches, plus tolerance for one or two typos.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::text;

/// A skim matcher for one call. fuzzy-matcher 0.3.7 keeps a per-thread score matrix in each
/// matcher and reuses it without clearing it, and cells left from an earlier, longer text can
/// break ties between equally good placements: a shared matcher's answer for a text could
/// depend on which texts it was given before, and on which thread. (Its `use_cache(false)`
/// panics.) A fresh matcher makes each answer depend on the pattern and the text alone; it
/// costs a few allocations, paid only where the matcher is asked at all: for the score of a
/// name that matches (whether it matches is decided by the placement search, never by it).
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// Score for a match found only by typo tolerance: below any clean match.
const TYPO_SCORE: i64 = 1;

/// How well `pattern` matches `text`: `None` when it does not. See [`Pattern::score`]. (The
/// filter keeps a [`Pattern`] for a whole table; this one-off form is for tests.)
#[cfg(test)]
fn score(pattern: &str, text: &str) -> Option<i64> {
    Pattern::new(pattern).score(text)
}

/// Whether `pattern` matches a title cleanly. See [`Pattern::title_matches`].
pub fn title_matches(pattern: &str, title: &str) -> bool {
    Pattern::new(pattern).title_matches(title)
}

/// The positions to highlight in a title that `pattern` matches. See
/// [`Pattern::title_indices`].
pub fn title_indices(pattern: &str, title: &str) -> Option<Vec<usize>> {
    Pattern::new(pattern).title_indices(title)
}

/// The character positions in `text` that `pattern` matches, for highlighting. See
/// [`Pattern::indices`].
pub fn indices(pattern: &str, text: &str) -> Option<Vec<usize>> {
    Pattern::new(pattern).indices(text)
}

/// A pattern (trimmed) to match against one text after another: the names of a table, the
/// titles of a log. What it needs for every text (the number of runs it may start inside
/// words, the search's working space) is set up once, rather than for every text.
pub struct Pattern<'a> {
    pattern: &'a str,
    allowed: usize,
    cells: Vec<Cell>,
    two: TwoWords,
    /// The pattern's characters, for text the search reads by character (see
    /// [`Pattern::read_chars`]).
    letters: Vec<char>,
    /// The characters of the text being matched, when it is read by character.
    chars: Vec<char>,
}

impl<'a> Pattern<'a> {
    pub fn new(pattern: &'a str) -> Self {
        let pattern = pattern.trim();
        Self {
            pattern,
            allowed: allowed(pattern),
            cells: scratch(),
            two: TwoWords::default(),
            letters: pattern.chars().collect(),
            chars: Vec::new(),
        }
    }

    /// Reads `text` by character into `self.chars`, for the text the fast search on bytes does
    /// not take (not ASCII, or longer than [`MAX_TEXT`]), so that it follows the same rule by
    /// the same search: false when the pattern has more than [`MAX_PATTERN`] characters or the
    /// text more than [`MAX_CHARS`], which no text matches.
    fn read_chars(&mut self, text: &str) -> bool {
        self.chars.clear();
        self.chars.extend(text.chars().take(MAX_CHARS + 1));
        let n = self.chars.len();
        if self.letters.len() > MAX_PATTERN || n > MAX_CHARS {
            return false;
        }
        if self.cells.len() < 2 * n {
            self.cells.resize(2 * n, EMPTY_CELL);
        }
        true
    }

    /// How well the pattern matches `text`: `None` when it does not. A compact match (see
    /// [`Pattern::indices`]) is scored by the skim matcher, which prefers letters at word
    /// starts and in runs, so that the better of two matching names ranks first; this asks
    /// the matcher once per matching name, which is cheap for the tables of actors, tags and
    /// lanes this serves (never for every title). Failing that, a pattern of four letters or
    /// more may match with a typo or two, scored below any clean match.
    pub fn score(&mut self, text: &str) -> Option<i64> {
        let pattern = self.pattern;
        if pattern.is_empty() {
            return Some(0);
        }
        let compact = match self.lowered_ascii_matches(text.as_bytes()) {
            Some(found) => found,
            None => {
                self.read_chars(text)
                    && fewest_inner_runs(&mut self.cells, &self.letters, &self.chars, self.allowed)
                        <= self.allowed
            }
        };
        // The text holds the pattern's letters in order, matched as the matcher matches them
        // (ASCII letters in any case), so the matcher finds them too; the fallback score is
        // never needed, but keeps the match a clean one.
        let clean = compact.then(|| {
            matcher()
                .fuzzy_match(text, pattern)
                .unwrap_or(TYPO_SCORE + 1)
        });
        clean.or_else(|| typo_match(pattern, text).then_some(TYPO_SCORE))
    }

    /// Whether the pattern matches a title cleanly: compactly, as [`Pattern::indices`] has
    /// it, without typo tolerance (titles are many, and edit distance over every word of
    /// every title is too slow per keystroke), and closely: see [`Pattern::title_indices`].
    pub fn title_matches(&mut self, title: &str) -> bool {
        self.close_in_title(title, false)
    }

    /// Whether the title matches closely (see `close_placement`), by the fast search on its
    /// bytes or else on its characters; with `placement`, one placement that makes it match
    /// is left in `self.two.at`.
    fn close_in_title(&mut self, title: &str, placement: bool) -> bool {
        let (pattern, bytes) = (self.pattern.as_bytes(), title.as_bytes());
        if within_search(pattern, bytes) {
            return close_placement(&mut self.two, pattern, bytes, self.allowed, placement);
        }
        if !self.read_chars(title) {
            return false;
        }
        let (letters, chars) = (&self.letters, &self.chars);
        close_placement(&mut self.two, letters, chars, self.allowed, placement)
    }

    /// [`Pattern::title_matches`] for a title in ASCII given in any case (lowercased, say),
    /// by the fast search on bytes. `None` when that search does not take it (see
    /// [`Pattern::lowered_ascii_matches`]).
    pub fn lowered_ascii_title_matches(&mut self, text: &[u8]) -> Option<bool> {
        let pattern = self.pattern.as_bytes();
        within_search(pattern, text)
            .then(|| close_placement(&mut self.two, pattern, text, self.allowed, false))
    }

    /// The character positions in a title of the placement that makes it match, as
    /// [`Pattern::title_matches`] has it, for highlighting: `None` when it does not.
    ///
    /// A title is many words, and a short pattern's letters turn up, compactly enough, spread
    /// over several of them: `ascnd` in "US and UK decline to sign the Paris AI Action Summit
    /// declaration". So a title asks more than [`Pattern::indices`]: the placement either has
    /// every run start a word (initials, as `bis` for "Bureau of Industry and Security"), or
    /// lies within at most two of the title's words ("Huawei Ascend" for `ascnd`, "Nvidia …
    /// about" for `nvda`); among those, one in the fewest words, then with the fewest runs
    /// inside words (see `close_placement`).
    pub fn title_indices(&mut self, title: &str) -> Option<Vec<usize>> {
        self.close_in_title(title, true)
            .then(|| self.two.at.clone())
    }

    /// Whether the pattern matches, compactly, a text in ASCII given in any case (lowercased,
    /// say: the match ignores ASCII case, and so does what counts as inside a word), by the
    /// fast search on bytes. `None` when that search does not take it (the text is not ASCII,
    /// or the pattern or text too long), and [`Pattern::title_matches`] or
    /// [`Pattern::score`] must be asked with the text itself.
    pub fn lowered_ascii_matches(&mut self, text: &[u8]) -> Option<bool> {
        let pattern = self.pattern.as_bytes();
        within_search(pattern, text).then(|| {
            fewest_inner_runs(&mut self.cells, pattern, text, self.allowed) <= self.allowed
        })
    }

    /// The character positions in `text` of a compact placement of the pattern's letters,
    /// for highlighting: `None` when there is none. The letters go in order (ignoring ASCII
    /// case) and form runs of which at most one per four letters (rounded up) start inside a
    /// word. So `ascnd` finds "Ascend" and `bis` finds "Bureau of Industry and Security", but
    /// `us` does not find "Hangzhou DeepSeek" nor `shanghai` a title that merely holds those
    /// letters.
    ///
    /// A text matches when any placement of its letters is compact, and the placement given
    /// is one with the fewest runs starting inside a word (and, among those, the fewest
    /// runs), found by `best_placement`: on the bytes of a short text in ASCII (the fast
    /// path), on the characters of any other, by the same search and so with the same
    /// answer (a letter outside ASCII matches only itself, and is inside a word when it is a
    /// letter or digit). It is the answer [`Pattern::score`] and [`Pattern::title_matches`]
    /// give, but for typos.
    pub fn indices(&mut self, text: &str) -> Option<Vec<usize>> {
        let (pattern, bytes) = (self.pattern.as_bytes(), text.as_bytes());
        let found = if within_search(pattern, bytes) {
            best_placement(&mut self.cells, pattern, bytes, self.allowed)
        } else if self.read_chars(text) {
            best_placement(&mut self.cells, &self.letters, &self.chars, self.allowed)
        } else {
            None
        };
        found.map(|(_, at)| at)
    }
}

/// A piece of text as the placement searches read it: a byte of a text in ASCII (the fast
/// path, which memchr scans), or a character of any text. The two agree on ASCII text, so
/// a text's answer does not depend on which way it was read.
trait Letter: Copy {
    /// Whether it is part of a word: a letter or digit.
    fn in_word(self) -> bool;

    /// Where in `text` the pattern letter `self` may go, ascending: the same letter, or for
    /// an ASCII letter the same in the other case.
    fn places(self, text: &[Self]) -> impl Iterator<Item = usize> + '_;

    /// Where the word holding place `i` of `text` starts, given an earlier place (or `i`) and
    /// where its word starts, `(0, 0)` at first.
    fn word_start(text: &[Self], i: usize, earlier: (usize, usize)) -> usize;
}

impl Letter for u8 {
    fn in_word(self) -> bool {
        self.is_ascii_alphanumeric()
    }

    fn places(self, text: &[u8]) -> impl Iterator<Item = usize> + '_ {
        memchr::memchr2_iter(self.to_ascii_lowercase(), self.to_ascii_uppercase(), text)
    }

    /// Read back from `i`: the fast path's text is short, and its words shorter, so this
    /// costs less than keeping track of the earlier place.
    fn word_start(text: &[u8], i: usize, _: (usize, usize)) -> usize {
        i - text[..i].iter().rev().take_while(|b| b.in_word()).count()
    }
}

impl Letter for char {
    fn in_word(self) -> bool {
        self.is_alphanumeric()
    }

    fn places(self, text: &[char]) -> impl Iterator<Item = usize> + '_ {
        let same = move |(_, c): &(usize, &char)| c.eq_ignore_ascii_case(&self);
        text.iter().enumerate().filter(same).map(|(i, _)| i)
    }

    /// Reads back only to the earlier place: a text of any length may be one long word, and
    /// reading it back from every place in it would cost its length squared.
    fn word_start(text: &[char], i: usize, (from, start): (usize, usize)) -> usize {
        let inside = text[from..i]
            .iter()
            .rev()
            .take_while(|c| c.in_word())
            .count();
        if inside == i - from {
            start
        } else {
            i - inside
        }
    }
}

/// One place a pattern letter can go, in the search of [`close_placement`].
#[derive(Clone, Copy, Debug)]
struct Step {
    at: u16,
    /// How many words the placement so far touches: 1, 2, or [`SPREAD`] for more.
    words: u8,
    /// How many of its runs start inside a word.
    inner: u8,
    /// The previous letter's step, an index into its layer.
    from: u16,
}

/// [`Step::words`] of a placement over three words or more, which only initials may be
/// (no run inside a word).
const SPREAD: u8 = 3;

/// Working space for [`close_placement`], kept by a [`Pattern`] from one title to the next.
#[derive(Default)]
struct TwoWords {
    prev: Vec<Step>,
    cur: Vec<Step>,
    /// Every letter's steps, when a placement is asked for.
    layers: Vec<Vec<Step>>,
    /// The placement found, when one is asked for.
    at: Vec<usize>,
}

/// Whether some placement of `pattern`'s letters in `text` (ASCII letters ignoring case) is
/// close, as a title asks ([`Pattern::title_indices`]): at most `limit` runs start inside a
/// word, and either none does (initials) or the letters lie within two words. With
/// `placement`, one such is left in `space.at`: in the fewest words, then with the fewest
/// runs inside words. The text is at most [`MAX_CHARS`] long (places fit in a `u16`).
///
/// Letter by letter, each place the letter occurs keeps its cheapest placement so far (the
/// fewest runs inside words) for each number of words touched: one, two, more. The cheapest
/// ways to a place come from the previous letter's places in earlier words (a new word),
/// in the same word at least two places before (a new run), or just before (the run goes
/// on); the first two are kept as running minima, since places only ascend.
fn close_placement<L: Letter>(
    space: &mut TwoWords,
    pattern: &[L],
    text: &[L],
    limit: usize,
    placement: bool,
) -> bool {
    if pattern.is_empty() {
        space.at.clear();
        return true;
    }
    let TwoWords {
        prev,
        cur,
        layers,
        at,
    } = space;
    layers.clear();
    prev.clear();
    for (k, &p) in pattern.iter().enumerate() {
        cur.clear();
        // Over the previous letter's steps up to two places before the current one (those
        // before `next`): the cheapest in earlier words than the current place's, and in the
        // same word. When the current word changes, every step of the same word moves to
        // the earlier ones.
        let (mut earlier, mut same): (Cheapest, Cheapest) = ([None; 3], [None; 3]);
        let mut next = 0;
        let mut current_word = 0;
        let mut last = (0, 0);
        for i in p.places(text) {
            let starts_inside = u8::from(i > 0 && text[i - 1].in_word());
            let word_i = L::word_start(text, i, last);
            last = (i, word_i);
            let mut best = Best::new(i, limit);
            let mut consider =
                |words: u8, inner: u8, from: usize| best.consider(words, inner, from);
            if k == 0 {
                consider(1, starts_inside, 0);
            }
            if word_i != current_word {
                current_word = word_i;
                for &(_, j) in same.iter().flatten() {
                    keep(&mut earlier, j, &prev[j]);
                }
                same = [None; 3];
            }
            while next < prev.len() && usize::from(prev[next].at) + 2 <= i {
                let side = if usize::from(prev[next].at) < current_word {
                    &mut earlier
                } else {
                    &mut same
                };
                keep(side, next, &prev[next]);
                next += 1;
            }
            for (w, found) in (1..=SPREAD).zip(earlier) {
                if let Some((inner, j)) = found {
                    consider(w + 1, inner + starts_inside, j);
                }
            }
            for (w, found) in (1..=SPREAD).zip(same) {
                if let Some((inner, j)) = found {
                    consider(w, inner + starts_inside, j);
                }
            }
            // The run going on from the place just before.
            let before = prev.iter().enumerate().skip(next);
            for (j, s) in before.take_while(|(_, s)| usize::from(s.at) < i) {
                if usize::from(s.at) + 1 == i {
                    consider(s.words + u8::from(word_i > usize::from(s.at)), s.inner, j);
                }
            }
            cur.extend(best.steps.into_iter().flatten());
        }
        if cur.is_empty() {
            return false;
        }
        if placement {
            layers.push(cur.clone());
        }
        std::mem::swap(prev, cur);
    }
    !placement || trace_back(layers, prev, at)
}

/// The cheapest step of each kind (by words touched) among some of the previous letter's
/// steps: (inner runs, index).
type Cheapest = [Option<(u8, usize)>; 3];

/// Keeps step `s` (at index `j`) in `cheapest` if it is the cheapest of its kind so far.
fn keep(cheapest: &mut Cheapest, j: usize, s: &Step) {
    let slot = &mut cheapest[usize::from(s.words) - 1];
    if slot.is_none_or(|(inner, _)| s.inner < inner) {
        *slot = Some((s.inner, j));
    }
}

/// The cheapest step to one place of a letter, for each number of words touched.
struct Best {
    steps: [Option<Step>; 3],
    at: usize,
    limit: usize,
}

impl Best {
    fn new(at: usize, limit: usize) -> Self {
        Self {
            steps: [None; 3],
            at,
            limit,
        }
    }

    /// A way to this place touching `words` words with `inner` runs inside words, coming
    /// from step `from` of the letter before: kept if close enough and the cheapest.
    fn consider(&mut self, words: u8, inner: u8, from: usize) {
        let words = words.min(SPREAD);
        let close = if words == SPREAD {
            inner == 0
        } else {
            usize::from(inner) <= self.limit
        };
        let slot = &mut self.steps[usize::from(words) - 1];
        if close && slot.is_none_or(|b| inner < b.inner) {
            *slot = Some(Step {
                at: self.at as u16,
                words,
                inner,
                from: from as u16,
            });
        }
    }
}

/// Follows the cheapest last step back through `layers`, leaving its places in `at`.
fn trace_back(layers: &[Vec<Step>], last: &[Step], at: &mut Vec<usize>) -> bool {
    let Some(mut j) = (0..last.len()).min_by_key(|&j| (last[j].words, last[j].inner)) else {
        return false;
    };
    at.clear();
    at.resize(layers.len(), 0);
    for k in (0..layers.len()).rev() {
        at[k] = usize::from(layers[k][j].at);
        j = usize::from(layers[k][j].from);
    }
    true
}

/// How many runs of matched letters may start inside a word for `pattern` to match: one per
/// four pattern letters, rounded up.
fn allowed(pattern: &str) -> usize {
    pattern.chars().count().div_ceil(4)
}

/// The skim matcher's placement of `pattern` in `text`, with its score, when that placement
/// is compact: what once decided a match for text the fast search did not take, kept to
/// show that every such match still matches. It misses a compact placement that the matcher
/// did not prefer.
#[cfg(test)]
fn skim_compact_match(pattern: &str, text: &str) -> Option<(i64, Vec<usize>)> {
    let (score, idx) = matcher().fuzzy_indices(text, pattern)?;
    let chars: Vec<char> = text.chars().collect();
    (inner_runs(&chars, &idx) <= allowed(pattern)).then_some((score, idx))
}

/// How many runs of the matched positions `idx` (ascending character positions in `chars`)
/// start inside a word: after a letter or digit. (The definition the searches follow, for
/// the tests' oracles.)
#[cfg(test)]
fn inner_runs(chars: &[char], idx: &[usize]) -> usize {
    idx.iter()
        .enumerate()
        .filter(|&(k, &i)| {
            (k == 0 || idx[k - 1] + 1 != i) && i > 0 && chars[i - 1].is_alphanumeric()
        })
        .count()
}

/// How many words of `chars` the matched positions `idx` (ascending) fall in. (For the
/// tests' oracle, as [`inner_runs`].)
#[cfg(test)]
fn words_touched(chars: &[char], idx: &[usize]) -> usize {
    let word_of = |i: usize| {
        (1..=i)
            .rev()
            .find(|&j| !chars[j - 1].is_alphanumeric())
            .unwrap_or(0)
    };
    let mut words: Vec<usize> = idx.iter().map(|&i| word_of(i)).collect();
    words.dedup();
    words.len()
}

/// Over every way of matching `pattern`'s letters in order in `text` (ignoring ASCII case),
/// the fewest runs of matched letters that start inside a word (after a letter or digit),
/// when that is at most `limit`; any number above `limit` when it is more, or when
/// there is no way at all. `cells` and the lengths as [`placements`] asks.
fn fewest_inner_runs<L: Letter>(
    cells: &mut [Cell],
    pattern: &[L],
    text: &[L],
    limit: usize,
) -> usize {
    let fewest = placements(cells, pattern, text, limit, |_| {});
    fewest.map_or(usize::MAX, |cost| usize::from(cost / INNER))
}

/// Like [`fewest_inner_runs`], and a placement that has that few: the positions of the
/// pattern's letters. Among the placements with the fewest runs inside words, one with the
/// fewest runs in all (so the highlighted letters are as few pieces as can be). `None` when
/// no placement has at most `limit` runs inside words.
fn best_placement<L: Letter>(
    cells: &mut [Cell],
    pattern: &[L],
    text: &[L],
    limit: usize,
) -> Option<(usize, Vec<usize>)> {
    let mut layers: Vec<Vec<Cell>> = Vec::with_capacity(pattern.len());
    let fewest = placements(cells, pattern, text, limit, |found| {
        layers.push(found.to_vec())
    })?;
    // Back from the last letter's cheapest cell (the first of them), through the cells each
    // came from.
    let mut at = Vec::with_capacity(pattern.len());
    let mut cell = layers
        .last()
        .and_then(|last| last.iter().find(|c| c.cost == fewest))
        .copied();
    for k in (0..layers.len()).rev() {
        let Some(c) = cell else { break };
        at.push(usize::from(c.at));
        cell = (k > 0).then(|| layers[k - 1][usize::from(c.from)]);
    }
    at.reverse();
    Some((usize::from(fewest / INNER), at))
}

/// One place a pattern letter can go, in the search of [`placements`].
#[derive(Clone, Copy, Debug)]
struct Cell {
    /// The letter's position in the text.
    at: u16,
    /// The cheapest placement of the letters so far that puts this one here: [`INNER`] for
    /// each run starting inside a word, plus one for each run.
    cost: u16,
    /// Where the previous letter goes in that placement: an index into its cells.
    from: u16,
}

/// What a run starting inside a word costs in a [`Cell`], over the one that every run costs:
/// more than any number of runs, so that the cheapest placement has the fewest runs inside
/// words first, and the fewest runs only among those.
const INNER: u16 = 128;

/// The search behind [`fewest_inner_runs`] and [`best_placement`]: letter by letter, each
/// place the letter occurs gets the cheapest placement of the letters so far ending there
/// (a [`Cell`]): it either continues the run ending just before it, or starts a new run after
/// any earlier place of the previous letter. Places whose cheapest placement has more than
/// `limit` runs inside words are dropped (costs only grow), so most texts are ruled out
/// after a few letters. `layer` is given each letter's cells, places ascending.
///
/// The lowest cost for the whole pattern, `None` when no placement is within `limit`. `cells`
/// is working space for two letters' cells: at least twice the text's length, as [`scratch`]
/// makes for the fast path (and [`Pattern::read_chars`] for the other). The pattern is at
/// most [`MAX_PATTERN`] long (so that [`INNER`] outweighs every run), the text at most
/// [`MAX_CHARS`] (places fit in a `u16`).
fn placements<L: Letter>(
    cells: &mut [Cell],
    pattern: &[L],
    text: &[L],
    limit: usize,
    mut layer: impl FnMut(&[Cell]),
) -> Option<u16> {
    const NONE: u16 = u16::MAX;
    if pattern.is_empty() {
        return Some(0);
    }
    let limit = INNER * (limit.min(MAX_PATTERN) as u16 + 1);
    let start = |i: usize| 1 + INNER * u16::from(i > 0 && text[i - 1].in_word());
    let (mut prev, mut cur) = cells.split_at_mut(cells.len() / 2);
    let mut prev_len = 0;
    for (k, &p) in pattern.iter().enumerate() {
        let mut cur_len = 0;
        let mut j = 0;
        // The cheapest of the previous letter's places at or before `i - 2`, and which.
        let (mut before, mut before_from) = (NONE, 0);
        for i in p.places(text) {
            let (cost, from) = if k == 0 {
                (start(i), 0)
            } else {
                while j < prev_len && usize::from(prev[j].at) + 2 <= i {
                    if prev[j].cost < before {
                        (before, before_from) = (prev[j].cost, j);
                    }
                    j += 1;
                }
                let new_run = (before.saturating_add(start(i)), before_from);
                match prev[..prev_len].get(j) {
                    Some(c) if usize::from(c.at) + 1 == i && c.cost <= new_run.0 => (c.cost, j),
                    _ => new_run,
                }
            };
            if cost < limit {
                cur[cur_len] = Cell {
                    at: i as u16,
                    cost,
                    from: from as u16,
                };
                cur_len += 1;
            }
        }
        if cur_len == 0 {
            return None;
        }
        layer(&cur[..cur_len]);
        std::mem::swap(&mut prev, &mut cur);
        prev_len = cur_len;
    }
    prev[..prev_len].iter().map(|c| c.cost).min()
}

/// Whether the fast path takes `pattern` and `text`: the placement searches on their bytes,
/// for both in ASCII and no longer than [`MAX_PATTERN`] and [`MAX_TEXT`]. Other text goes
/// through the same searches by character ([`Pattern::read_chars`]).
fn within_search(pattern: &[u8], text: &[u8]) -> bool {
    text.is_ascii() && pattern.is_ascii() && text.len() <= MAX_TEXT && pattern.len() <= MAX_PATTERN
}

/// The longest text the fast path takes (titles and names are nearly all shorter), so that
/// its working space is set up once.
const MAX_TEXT: usize = 256;

/// The longest text, in characters, that matches at all: places in the searches are `u16`.
pub(super) const MAX_CHARS: usize = u16::MAX as usize;

const EMPTY_CELL: Cell = Cell {
    at: 0,
    cost: 0,
    from: 0,
};

/// Working space for [`placements`] on the fast path: room for two letters' cells.
fn scratch() -> Vec<Cell> {
    vec![EMPTY_CELL; 2 * MAX_TEXT]
}

/// The longest pattern, in characters, that matches at all (without a typo): [`INNER`]
/// must outweigh every run.
pub(super) const MAX_PATTERN: usize = 64;

/// True when `pattern` is within a small edit distance of `text` or of one of its words
/// (`hwawei` → "Huawei"). Short patterns get no tolerance: too many words are one edit away.
fn typo_match(pattern: &str, text: &str) -> bool {
    let n = pattern.chars().count();
    if n < 4 {
        return false;
    }
    let limit = if n <= 6 { 1 } else { 2 };
    let pattern = pattern.to_lowercase();
    let whole = text.to_lowercase();
    if text::edit_distance(&pattern, &whole, limit) <= limit {
        return true;
    }
    whole
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() + limit >= n)
        .any(|w| text::edit_distance(&pattern, w, limit) <= limit)
}

/// Over every placement of `pattern`'s letters in `text` (ignoring ASCII case), the least
/// (runs starting inside a word, runs), found by trying them all: the definition that the
/// search of [`placements`] must agree with, for tests. `None` when there is no placement.
#[cfg(test)]
pub(crate) fn fewest_runs_by_trying_all(pattern: &str, text: &str) -> Option<(usize, usize)> {
    fn go(
        pattern: &[char],
        text: &[char],
        from: usize,
        placed: &mut Vec<usize>,
        best: &mut Option<(usize, usize)>,
    ) {
        let Some((&p, rest)) = pattern.split_first() else {
            let runs = (0..placed.len())
                .filter(|&k| k == 0 || placed[k - 1] + 1 != placed[k])
                .count();
            let found = (inner_runs(text, placed), runs);
            *best = Some(best.map_or(found, |b| b.min(found)));
            return;
        };
        for i in from..text.len() {
            if text[i].eq_ignore_ascii_case(&p) {
                placed.push(i);
                go(rest, text, i + 1, placed, best);
                placed.pop();
            }
        }
    }
    let (pattern, text): (Vec<char>, Vec<char>) =
        (pattern.chars().collect(), text.chars().collect());
    let mut best = None;
    go(&pattern, &text, 0, &mut Vec::new(), &mut best);
    best
}

/// Whether some placement of `pattern`'s letters in `text` (ignoring ASCII case) has at most
/// the allowed runs inside words and either none at all or lies within two words, found by
/// trying them all: the definition [`Pattern::title_matches`] must agree with, for tests.
#[cfg(test)]
pub(crate) fn close_in_title_by_trying_all(pattern: &str, text: &str) -> bool {
    fn go(
        pattern: &[char],
        text: &[char],
        from: usize,
        placed: &mut Vec<usize>,
        ok: &dyn Fn(&[usize]) -> bool,
    ) -> bool {
        let Some((&p, rest)) = pattern.split_first() else {
            return ok(placed);
        };
        (from..text.len()).any(|i| {
            text[i].eq_ignore_ascii_case(&p) && {
                placed.push(i);
                let found = go(rest, text, i + 1, placed, ok);
                placed.pop();
                found
            }
        })
    }
    let (pattern, text): (Vec<char>, Vec<char>) =
        (pattern.trim().chars().collect(), text.chars().collect());
    let allowed = pattern.len().div_ceil(4);
    let ok = |placed: &[usize]| {
        let inner = inner_runs(&text, placed);
        inner <= allowed && (inner == 0 || words_touched(&text, placed) <= 2)
    };
    go(&pattern, &text, 0, &mut Vec::new(), &ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_subsequences_match() {
        assert!(score("huawei", "Huawei").is_some());
        assert!(score("commerce", "US Department of Commerce").is_some());
        assert!(score("us", "US Department of Commerce").is_some());
        assert!(score("bis", "Bureau of Industry and Security").is_some());
    }

    #[test]
    fn scattered_letters_do_not_match() {
        assert_eq!(score("us", "Hangzhou DeepSeek"), None);
        assert_eq!(score("huawei", "Hangzhou DeepSeek"), None);
        assert!(!title_matches("us", "Hangzhou DeepSeek"));
    }

    /// Texts and patterns built from a few letters, so that many patterns are scattered
    /// subsequences of many texts, in every case mix: `(pattern, text)`, texts up to `len`.
    fn samples(count: usize, len: usize) -> Vec<(String, String)> {
        samples_of(count, len, "aAbBeExXpP -.9", "aAbBeExXpP")
    }

    /// [`samples`] with texts of the characters `text` and patterns of those of `pattern`.
    fn samples_of(count: usize, len: usize, text: &str, pattern: &str) -> Vec<(String, String)> {
        let (text, pattern): (Vec<char>, Vec<char>) =
            (text.chars().collect(), pattern.chars().collect());
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        (0..count)
            .map(|_| {
                let t: String = (0..next(len + 1)).map(|_| text[next(text.len())]).collect();
                let p: String = (0..1 + next(7))
                    .map(|_| pattern[next(pattern.len())])
                    .collect();
                (p, t)
            })
            .collect()
    }

    #[test]
    fn the_search_finds_the_fewest_runs_inside_words_and_a_placement_that_has_them() {
        let mut matched = 0;
        for (pattern, text) in samples(20_000, 22) {
            let tried = fewest_runs_by_trying_all(&pattern, &text);
            let what = format!("{pattern:?} in {text:?}");
            let (p, t) = (pattern.as_bytes(), text.as_bytes());
            // Worked out in full, the count is the least over all placements.
            assert_eq!(
                fewest_inner_runs(&mut scratch(), p, t, MAX_PATTERN),
                tried.map_or(usize::MAX, |(inner, _)| inner),
                "{what}"
            );
            let Some((inner, runs)) = tried else {
                assert_eq!(
                    best_placement(&mut scratch(), p, t, MAX_PATTERN),
                    None,
                    "{what}"
                );
                continue;
            };
            matched += 1;
            // The placement given is one: the pattern's letters, in order, with that count
            // and, among such placements, the fewest runs.
            let (fewest, at) = best_placement(&mut scratch(), p, t, MAX_PATTERN).expect(&what);
            assert_eq!(fewest, inner, "{what}");
            assert_eq!(at.len(), p.len(), "{what}");
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{what}: {at:?}");
            assert!(
                at.iter().zip(p).all(|(&i, c)| t[i].eq_ignore_ascii_case(c)),
                "{what}: {at:?}"
            );
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(inner_runs(&chars, &at), inner, "{what}: {at:?}");
            let placed_runs = (0..at.len())
                .filter(|&k| k == 0 || at[k - 1] + 1 != at[k])
                .count();
            assert_eq!(placed_runs, runs, "{what}: {at:?}");
            // With a limit, the same answer when it is within it, and none when it is not.
            for limit in 0..3 {
                let within = best_placement(&mut scratch(), p, t, limit);
                if inner <= limit {
                    assert_eq!(within, Some((fewest, at.clone())), "{what}, limit {limit}");
                } else {
                    assert_eq!(within, None, "{what}, limit {limit}");
                    assert!(
                        fewest_inner_runs(&mut scratch(), p, t, limit) > limit,
                        "{what}"
                    );
                }
            }
        }
        assert!(matched > 2000, "only {matched} samples had a placement");
    }

    #[test]
    fn every_match_the_skim_placement_gave_still_matches() {
        for (pattern, text) in samples(20_000, 40) {
            if skim_compact_match(&pattern, &text).is_some() {
                assert!(score(&pattern, &text).is_some(), "{pattern:?} in {text:?}");
            }
            // What matches is what is highlighted, and the other way round; a title asks
            // more than a name.
            let what = format!("{pattern:?} in {text:?}");
            let in_title = title_matches(&pattern, &text);
            assert_eq!(
                indices(&pattern, &text).is_some(),
                score_is_clean(&pattern, &text),
                "{what}"
            );
            assert_eq!(title_indices(&pattern, &text).is_some(), in_title, "{what}");
            assert!(!in_title || indices(&pattern, &text).is_some(), "{what}");
        }
    }

    /// A match of a name without typo tolerance, worked out on characters (where the
    /// matching itself reads short ASCII text as bytes).
    fn score_is_clean(pattern: &str, text: &str) -> bool {
        let (p, t): (Vec<char>, Vec<char>) =
            (pattern.trim().chars().collect(), text.chars().collect());
        let allowed = allowed(pattern.trim());
        let mut cells = vec![EMPTY_CELL; 2 * t.len()];
        fewest_inner_runs(&mut cells, &p, &t, allowed) <= allowed
    }

    /// Whether `pattern` matches the title `text`, after checking that the answer is the one
    /// trying every placement gives and that the placement highlighted is one that makes the
    /// title match.
    fn title_agrees_with_trying_all(pattern: &str, text: &str) -> bool {
        let what = format!("{pattern:?} in {text:?}");
        let want = close_in_title_by_trying_all(pattern, text);
        assert_eq!(title_matches(pattern, text), want, "{what}");
        let Some(at) = title_indices(pattern, text) else {
            assert!(!want, "{what}");
            return false;
        };
        let chars: Vec<char> = text.chars().collect();
        let letters: Vec<char> = pattern.trim().chars().collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{what}: {at:?}");
        assert!(
            at.iter()
                .zip(&letters)
                .all(|(&i, c)| chars[i].eq_ignore_ascii_case(c)),
            "{what}: {at:?}"
        );
        let placed: String = at.iter().map(|&i| chars[i]).collect();
        assert!(
            close_in_title_by_trying_all(&placed, text),
            "{what}: {at:?}"
        );
        true
    }

    #[test]
    fn a_title_match_agrees_with_trying_every_placement() {
        let matched = samples(20_000, 22)
            .iter()
            .filter(|(pattern, text)| title_agrees_with_trying_all(pattern, text))
            .count();
        assert!(matched > 1000, "only {matched} samples matched");
    }

    #[test]
    fn a_title_asks_for_initials_or_two_words() {
        let paris = "US and UK decline to sign the Paris AI Action Summit declaration";
        assert!(Pattern::new("ascnd").lowered_ascii_matches(paris.as_bytes()) == Some(true));
        assert!(
            !title_matches("ascnd", paris),
            "letters spread over many words"
        );
        assert!(title_matches("ascnd", "Huawei Ascend chips"));
        assert!(title_matches("bis", "Bureau of Industry and Security"));
        let nvidia = "Nvidia loses about $590bn in market value";
        assert!(title_matches("nvda", nvidia));
        let at = title_indices("nvda", nvidia).expect("matches");
        assert_eq!(
            at.iter().map(|&i| &nvidia[i..=i]).collect::<String>(),
            "Nvda"
        );
        assert_eq!(
            at[3],
            nvidia.find("about").unwrap(),
            "in two words: Nvidia, about"
        );
    }

    #[test]
    fn a_compact_placement_matches_even_where_the_matcher_prefers_another() {
        // "l" at the start of "lead" and "oo" inside "cooling" is one run inside a word, as
        // `loo` (three letters) may have; the skim matcher prefers a placement with more
        // runs inside words, and with it alone the title did not match.
        let title =
            "Researchers lead broad control land benchmark chief cooling lead denies meeting";
        assert_eq!(skim_compact_match("loo", title), None);
        assert!(title_matches("loo", title));
        let at = indices("loo", title).expect("a placement");
        let chars: Vec<char> = title.chars().collect();
        assert_eq!(inner_runs(&chars, &at), 1);
        assert_eq!(at.iter().map(|&i| chars[i]).collect::<String>(), "loo");
    }

    #[test]
    fn fewest_inner_runs_counts_runs_inside_words() {
        let by_chars = |p: &str, t: &str| {
            let (p, t): (Vec<char>, Vec<char>) = (p.chars().collect(), t.chars().collect());
            fewest_inner_runs(&mut vec![EMPTY_CELL; 2 * t.len()], &p, &t, MAX_PATTERN)
        };
        let fewest = |p: &str, t: &str| {
            let bytes = fewest_inner_runs(&mut scratch(), p.as_bytes(), t.as_bytes(), MAX_PATTERN);
            assert_eq!(bytes, by_chars(p, t), "{p:?} in {t:?}");
            bytes
        };
        assert_eq!(fewest("ascend", "Huawei Ascend"), 0);
        assert_eq!(fewest("sc", "Huawei Ascend"), 1);
        assert_eq!(fewest("hae", "Huawei Ascend"), 1);
        assert_eq!(fewest("uwe", "Huawei"), 2);
        assert_eq!(fewest("zz", "Huawei"), usize::MAX);
        // A letter or digit outside ASCII is inside a word, other characters are not; and a
        // letter outside ASCII matches only itself.
        assert_eq!(by_chars("a", "Straße a"), 0);
        assert_eq!(by_chars("a", "éa"), 1);
        assert_eq!(by_chars("a", "—a"), 0);
        assert_eq!(by_chars("ße", "Straße"), 1);
        assert_eq!(by_chars("ü", "Über"), usize::MAX);
    }

    #[test]
    fn highlighting_picks_the_fewest_pieces() {
        // `ex` could take the "E" of "Expands" and the "x" of "export", but "Ex" is one run.
        assert_eq!(indices("ex", "Expands export"), Some(vec![0, 1]));
        assert_eq!(indices("ep", "Expands export"), Some(vec![0, 2]));
        assert_eq!(indices("xp", "the xp export"), Some(vec![4, 5]));
    }

    #[test]
    fn a_skim_answer_does_not_depend_on_the_texts_matched_before() {
        // With one shared skim matcher, matching `loo` in the first title left cells in its
        // score matrix that changed which letters it then picked in the second. (The matcher
        // now only scores names that match, but its score comes from the same matrix.)
        let title =
            "Researchers lead broad control land benchmark chief cooling lead denies meeting";
        let other = "Gallium eastern substrate quota urges stockpile traders blacklist launch \
                     construction output escalation";
        let alone = skim_compact_match("loo", title);
        assert_eq!(alone, None);
        let _ = skim_compact_match("loo", other);
        assert_eq!(skim_compact_match("loo", title), alone);
    }

    #[test]
    fn text_beyond_the_fast_path_follows_the_same_rule() {
        assert!(title_matches("strasse", "Straße and Strasse"));
        assert!(title_matches("ünï", "Über ünïcode"));
        assert!(!title_matches("us", "Hangzhou DeepSeek Ünïcode"));
        let long = format!("{} Ascend", "word ".repeat(60));
        assert!(long.len() > MAX_TEXT);
        assert!(title_matches("ascend", &long));
        assert_eq!(indices("ascend", &long).map(|at| at[0]), Some(301));
        // The skim matcher, which once decided text beyond the fast path, prefers a placement
        // of `loo` here that is not compact, and so missed the match that the title in ASCII
        // has; the same title after a word in another script, or pushed past the fast path's
        // length, now matches as it does, with the same letters highlighted.
        let title =
            "Researchers lead broad control land benchmark chief cooling lead denies meeting";
        let at = title_indices("loo", title).expect("the title in ASCII matches");
        for (twin, by) in [
            (format!("Über {title}"), 5),
            (format!("中文 {title} 模型"), 3),
            (format!("{}{title}", " ".repeat(200)), 200),
        ] {
            assert_eq!(skim_compact_match("loo", &twin), None, "{twin:?}");
            assert!(title_matches("loo", &twin), "{twin:?}");
            let shifted: Vec<usize> = at.iter().map(|i| i + by).collect();
            assert_eq!(title_indices("loo", &twin), Some(shifted), "{twin:?}");
        }
    }

    #[test]
    fn the_longest_texts_and_patterns_follow_the_rule_and_longer_ones_do_not_match() {
        // One word as long as a text may be: read once per letter, not once per place.
        let word = "é".repeat(MAX_CHARS - 4) + "aaaa";
        assert_eq!(
            title_indices("aaaa", &word),
            Some((MAX_CHARS - 4..MAX_CHARS).collect())
        );
        assert!(!title_matches("aaaa", &(word.clone() + "a")));
        let pattern = "ab".repeat(MAX_PATTERN / 2);
        assert!(title_matches(&pattern, &format!("Ünï {pattern}")));
        let longer = pattern.clone() + "a";
        assert!(!title_matches(&longer, &format!("Ünï {longer}")));
        assert!(!title_matches(&longer, &longer));
    }

    #[test]
    fn text_outside_ascii_agrees_with_trying_every_placement() {
        let (mut matched, mut in_title) = (0, 0);
        for (pattern, text) in samples_of(12_000, 14, "aAbBxXüÜé -.9—中", "aAbBxXüé") {
            let what = format!("{pattern:?} in {text:?}");
            let chars: Vec<char> = text.chars().collect();
            let clean = fewest_runs_by_trying_all(&pattern, &text)
                .filter(|&(inner, _)| inner <= allowed(&pattern));
            let at = indices(&pattern, &text);
            assert_eq!(at.is_some(), clean.is_some(), "{what}");
            if let (Some(at), Some((inner, _))) = (at, clean) {
                matched += 1;
                assert_eq!(inner_runs(&chars, &at), inner, "{what}: {at:?}");
            }
            in_title += usize::from(title_agrees_with_trying_all(&pattern, &text));
        }
        assert!(matched > 900 && in_title > 900, "{matched}, {in_title}");
    }

    #[test]
    fn typos_are_tolerated_in_longer_patterns() {
        assert!(score("hwawei", "Huawei").is_some());
        assert!(score("nvidai", "Nvidia").is_some());
        assert!(score("comerce", "Commerce Department").is_some());
        assert_eq!(score("hwa", "Huawei"), None);
    }
}
