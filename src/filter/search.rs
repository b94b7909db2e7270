//! Search words: how a word matches ([`SearchWord`]), where to highlight it, and the scan
//! that searched every event's text on each keystroke before the index of words
//! ([`super::TextIndex`]): a lowercased copy of every title and summary in one buffer (and of
//! the titles in another), scanned with a SIMD substring search; and, for a word written
//! nowhere in the log (a misspelling, an abbreviation), a fuzzy match on titles. That scan is
//! kept, in tests only, as the reference the index must agree with.

#[cfg(test)]
use std::sync::OnceLock;

#[cfg(test)]
use memchr::memmem;

use super::fuzzy;
#[cfg(test)]
use crate::model::Timeline;

/// A search word (trimmed, lowercased) and how it matches. A word written somewhere in the
/// log matches the events whose title or summary holds it, in any case; only a word written
/// nowhere (`ascnd`, `nvda`) matches loosely: the titles that hold its letters in order and
/// close together (see [`fuzzy::Pattern::title_indices`]). So an exact word never brings in
/// titles that merely hold its letters, and a misspelt one still finds what was meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWord {
    pub text: String,
    pub loose: bool,
}

#[cfg(test)]
/// Lowercased titles and summaries of a timeline, one after another, for fast search; and
/// the lowercased titles again on their own, packed together, so that the many searches
/// that look at titles only read a buffer a fifth the size, front to back.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Each event's title, `\n`, summary, `\0`.
    text: Segments,
    /// Each event's title, `\0`.
    titles: Segments,
    /// Whether each event's title is all ASCII, so that its lowercased copy in `titles` has
    /// its letters at the same places.
    ascii_titles: Vec<bool>,
}

#[cfg(test)]
/// One piece of text per event, one after another.
#[derive(Debug, Default, Clone)]
struct Segments {
    text: String,
    /// Where each event's piece starts in `text`; one more entry than events.
    starts: Vec<usize>,
}

#[cfg(test)]
impl Segments {
    fn get(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.starts[i]..self.starts[i + 1]]
    }

    /// Event `i`'s text: its piece without the closing `\0`.
    fn text_of(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.starts[i]..self.starts[i + 1] - 1]
    }

    /// For every event of `pool` (others stay false), whether `finder`'s needle occurs in its
    /// text (its piece, not counting the closing `\0`: a needle holding a NUL matches only a
    /// NUL that the text itself holds). Scans the buffer from the pool's first piece to its
    /// last when the pool fills that stretch, and only the pool's pieces when it is sparse.
    fn hits(&self, finder: &memmem::Finder<'_>, pool: &[usize], hits: &mut [bool]) {
        let (Some(&first), Some(&last)) = (pool.iter().min(), pool.iter().max()) else {
            return;
        };
        if pool.len() * 8 < last - first + 1 {
            for &i in pool {
                hits[i] = hits[i] || finder.find(self.text_of(i)).is_some();
            }
            return;
        }
        let bytes = self.text.as_bytes();
        let (mut pos, end) = (self.starts[first], self.starts[last + 1]);
        // The event whose piece holds `pos`, or one before it.
        let mut event = first;
        while let Some(found) = finder.find(&bytes[pos..end]) {
            let at = pos + found;
            event = self.piece_at(event, at);
            // Only a match that ends inside the event's text counts.
            if at + finder.needle().len() < self.starts[event + 1] {
                hits[event] = true;
                pos = self.starts[event + 1];
            } else {
                pos = at + 1;
            }
            if pos >= end {
                break;
            }
        }
    }

    /// The event whose piece holds byte `at`, looking from event `from` (whose piece starts
    /// at or before `at`) onward: in steps that double, then by halves between the last two,
    /// so that the next piece is found at once and a far one in a few steps. (Halving over
    /// all the starts for every match cost more than the search itself when a short needle
    /// matched in nearly every piece: each step a cache miss.)
    fn piece_at(&self, from: usize, at: usize) -> usize {
        let (mut low, mut step) = (from, 1);
        let high = loop {
            let probe = low + step;
            if probe >= self.starts.len() || self.starts[probe] > at {
                break probe.min(self.starts.len());
            }
            low = probe;
            step *= 2;
        };
        // `starts[low] <= at`, and every start from `high` on is after it.
        low + self.starts[low..high].partition_point(|&s| s <= at) - 1
    }
}

#[cfg(test)]
impl Scan {
    pub fn new(timeline: &Timeline) -> Self {
        let n = timeline.events.len();
        let titles_size: usize = timeline.events.iter().map(|e| e.title().len() + 1).sum();
        let size: usize = titles_size
            + timeline
                .events
                .iter()
                .map(|e| e.summary().len() + 1)
                .sum::<usize>();
        let mut text = Segments {
            text: String::with_capacity(size),
            starts: Vec::with_capacity(n + 1),
        };
        let mut titles = Segments {
            text: String::with_capacity(titles_size),
            starts: Vec::with_capacity(n + 1),
        };
        for e in &timeline.events {
            text.starts.push(text.text.len());
            titles.starts.push(titles.text.len());
            let title = text.text.len();
            push_lower(&mut text.text, e.title());
            titles.text.push_str(&text.text[title..]);
            titles.text.push('\0');
            text.text.push('\n');
            push_lower(&mut text.text, e.summary());
            text.text.push('\0');
        }
        text.starts.push(text.text.len());
        titles.starts.push(titles.text.len());
        let ascii_titles = timeline
            .events
            .iter()
            .map(|e| e.title().is_ascii())
            .collect();
        Self {
            text,
            titles,
            ascii_titles,
        }
    }

    /// The words of a query, each with how it matches in this log (the empty ones left out).
    pub fn search_words(&self, words: &[String]) -> Vec<SearchWord> {
        words
            .iter()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .map(|text| SearchWord {
                loose: !self.occurs(&text),
                text,
            })
            .collect()
    }

    /// Whether some event's title or summary holds `needle` (lowercase). The first hit in
    /// the whole text answers, so a word that is written somewhere costs little; one written
    /// nowhere costs a scan of the text.
    fn occurs(&self, needle: &str) -> bool {
        if needle.contains('\0') {
            // The pieces' separator: only a search piece by piece can tell.
            let all: Vec<usize> = (0..self.text.starts.len().saturating_sub(1)).collect();
            return self.substring_hits(needle, &all).contains(&true);
        }
        memmem::find(self.text.text.as_bytes(), needle.as_bytes()).is_some()
    }

    /// Keeps the events of `pool` that match every word. The index must cover the timeline
    /// ([`Scan::covers`]).
    pub fn narrow(
        &self,
        timeline: &Timeline,
        words: &[SearchWord],
        mut pool: Vec<usize>,
    ) -> Vec<usize> {
        for word in words {
            if pool.is_empty() {
                break;
            }
            let parts = processors().min(pool.len() / PARALLEL_PART).max(1);
            pool = self.narrow_word(timeline, word, pool, parts);
        }
        pool
    }

    /// The events of `pool` that match one word. The pool is cut into `parts` consecutive
    /// parts searched at the same time (for a large pool, one per processor), and their
    /// results put back together in order.
    fn narrow_word(
        &self,
        timeline: &Timeline,
        word: &SearchWord,
        pool: Vec<usize>,
        parts: usize,
    ) -> Vec<usize> {
        if parts <= 1 || pool.len() < 2 {
            return self.narrow_part(timeline, word, &pool);
        }
        let size = pool.len().div_ceil(parts);
        let chunks: Vec<&[usize]> = pool.chunks(size).collect();
        std::thread::scope(|scope| {
            let others: Vec<_> = chunks[1..]
                .iter()
                .map(|&part| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || self.narrow_part(timeline, word, part))
                })
                .collect();
            let mut out = self.narrow_part(timeline, word, chunks[0]);
            for (thread, part) in others.into_iter().zip(&chunks[1..]) {
                match thread {
                    Ok(thread) => out.extend(
                        thread
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    ),
                    // No thread to be had: search that part here.
                    Err(_) => out.extend(self.narrow_part(timeline, word, part)),
                }
            }
            out
        })
    }

    /// The events of `pool` that match one word, on this thread. A word matched loosely is
    /// matched in the lowercased copy of a title in ASCII, rather than in the event (reading
    /// the event and then its title, two places far apart in memory for every title, cost
    /// more than the match itself).
    fn narrow_part(&self, timeline: &Timeline, word: &SearchWord, pool: &[usize]) -> Vec<usize> {
        let needle = word.text.as_str();
        if !word.loose {
            let hits = self.substring_hits(needle, pool);
            return pool.iter().copied().filter(|&i| hits[i]).collect();
        }
        let mut titles = fuzzy::Pattern::new(needle);
        let mut fuzzy_title = |i: usize| {
            let lowered = self.ascii_titles[i].then(|| self.titles.text_of(i));
            lowered
                .and_then(|t| titles.lowered_ascii_title_matches(t))
                .unwrap_or_else(|| titles.title_matches(timeline.events[i].title()))
        };
        pool.iter()
            .copied()
            .filter(|&i| self.may_match_title(i, needle) && fuzzy_title(i))
            .collect()
    }

    /// False when a fuzzy title match of `needle` (lowercase) against event `i` is impossible:
    /// fuzzy matching pairs letters ignoring ASCII case only, so an ASCII needle can only
    /// match a title holding its bytes in order, which the lowercased titles show at a
    /// fraction of the cost of looking for a compact placement (most titles fail on the
    /// first letters). Other needles are left to the fuzzy match.
    fn may_match_title(&self, i: usize, needle: &str) -> bool {
        if !needle.is_ascii() {
            return true;
        }
        let mut rest = self.titles.get(i);
        for &b in needle.as_bytes() {
            match memchr::memchr(b, rest) {
                Some(at) => rest = &rest[at + 1..],
                None => return false,
            }
        }
        true
    }

    /// For every event, whether `needle` occurs in its lowercased title or summary. Titles
    /// are searched first, in their own small buffer; only the events whose title does not
    /// hold the needle are searched in the title-and-summary text. (A short, common needle
    /// is in nearly every title, and then the large text is hardly read.)
    fn substring_hits(&self, needle: &str, pool: &[usize]) -> Vec<bool> {
        let mut hits = vec![false; self.text.starts.len() - 1];
        let finder = memmem::Finder::new(needle.as_bytes());
        self.titles.hits(&finder, pool, &mut hits);
        let rest: Vec<usize> = pool.iter().copied().filter(|&i| !hits[i]).collect();
        if !rest.is_empty() {
            self.text.hits(&finder, &rest, &mut hits);
        }
        hits
    }
}

#[cfg(test)]
/// Pools are searched in parts of at least this many events, so that starting a thread
/// (some tens of microseconds) is worth it.
const PARALLEL_PART: usize = 10_000;

#[cfg(test)]
/// How many threads can run at once here (asked once: the answer can cost a system call).
fn processors() -> usize {
    static PROCESSORS: OnceLock<usize> = OnceLock::new();
    *PROCESSORS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Appends `s` lowercased (in ASCII at once when it is ASCII).
pub(super) fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Character positions in `text` matched by `word`: where it is written (in any case), or
/// for a word matched loosely, the letters of its fuzzy match.
pub fn word_positions(text: &str, word: &SearchWord) -> Vec<usize> {
    if word.loose {
        return fuzzy::title_indices(&word.text, text).unwrap_or_default();
    }
    let word = word.text.as_str();
    if word.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = word.chars().collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    if let Some(start) = (0..chars.len().saturating_sub(pattern.len() - 1)).find(|&s| {
        pattern
            .iter()
            .enumerate()
            .all(|(k, &p)| same(chars[s + k], p))
    }) {
        return (start..start + pattern.len()).collect();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    /// A log of `n` events whose titles and summaries mix ASCII, accented and CJK words.
    fn log(n: usize) -> Timeline {
        const WORDS: [&str; 12] = [
            "export",
            "Chips",
            "EXPANDS",
            "Straße",
            "Ünïcode",
            "中文",
            "alliance",
            "model",
            "Huawei",
            "ascend",
            "e",
            "x",
        ];
        let mut text = String::from("[actors.a]\nname = \"A\"\n");
        for i in 0..n {
            let title: Vec<&str> = (0..1 + i % 5)
                .map(|k| WORDS[(i * 7 + k * 3) % 12])
                .collect();
            let summary: Vec<&str> = (0..i % 4).map(|k| WORDS[(i * 5 + k) % 12]).collect();
            text.push_str(&format!(
                "[[events]]\nid = \"e{i}\"\ndate = \"2025\"\ntitle = \"{}\"\nactors = [\"a\"]\nsummary = \"{}\"\n",
                title.join(" "),
                summary.join(" ")
            ));
        }
        load::parse(&text).timeline.expect("the test log loads")
    }

    /// What `narrow` must give, checked the slow way: for a word written in some event's
    /// title or summary (in any case), the events whose title or summary holds it; for a word
    /// written nowhere, the fuzzy title matches, worked out by trying every placement of the
    /// word's letters: some placement has at most one run starting inside a word per four
    /// letters, and either none or lies within two words. (Titles in ASCII or not alike.)
    fn reference(t: &Timeline, words: &[String], pool: &[usize]) -> Vec<usize> {
        let fuzzy_title = fuzzy::close_in_title_by_trying_all;
        let text = |i: usize| {
            let e = &t.events[i];
            format!(
                "{}\n{}",
                e.title().to_lowercase(),
                e.summary().to_lowercase()
            )
        };
        let written = |needle: &str| (0..t.events.len()).any(|i| text(i).contains(needle));
        pool.iter()
            .copied()
            .filter(|&i| {
                words.iter().all(|w| {
                    let needle = w.trim().to_lowercase();
                    if needle.is_empty() {
                        true
                    } else if written(&needle) {
                        text(i).contains(&needle)
                    } else {
                        fuzzy_title(&needle, t.events[i].title())
                    }
                })
            })
            .collect()
    }

    #[test]
    fn narrow_agrees_with_a_plain_search_on_large_and_small_pools() {
        let t = log(200);
        let index = Scan::new(&t);
        let all: Vec<usize> = (0..t.events.len()).collect();
        let few: Vec<usize> = all.iter().copied().step_by(40).collect();
        let queries = [
            "e",
            "ex",
            "exp",
            "expo",
            "export",
            "ch",
            "chips",
            "s c",
            "ße",
            "straße",
            "ünï",
            "中",
            "中文",
            "ascend hua",
            "xe",
            "zz",
            "ea",
            "port ex",
            "model alliance",
            "xprt",
            "chps",
            "ascnd hwei",
            "mdl expo",
            "strsse",
        ];
        for q in queries {
            let words: Vec<String> = q.split(' ').map(String::from).collect();
            let search = index.search_words(&words);
            for pool in [&all, &few] {
                assert_eq!(
                    index.narrow(&t, &search, pool.clone()),
                    reference(&t, &words, pool),
                    "query {q:?}, pool of {}",
                    pool.len()
                );
            }
        }
    }

    #[test]
    fn searching_in_parts_gives_the_same_answer() {
        let t = log(200);
        let index = Scan::new(&t);
        let all: Vec<usize> = (0..t.events.len()).collect();
        let sparse: Vec<usize> = all.iter().copied().filter(|i| i % 7 < 2).collect();
        for needle in ["e", "ex", "expo", "straße", "中", "zz", "xprt", "ascnd"] {
            let words = [needle.to_string()];
            let [word] = &index.search_words(&words)[..] else {
                panic!("one word");
            };
            for pool in [&all, &sparse] {
                let whole = index.narrow_word(&t, word, pool.clone(), 1);
                assert_eq!(whole, reference(&t, &words, pool), "{needle:?}");
                for parts in [2, 3, 7] {
                    assert_eq!(
                        index.narrow_word(&t, word, pool.clone(), parts),
                        whole,
                        "{needle:?} in {parts} parts"
                    );
                }
            }
        }
    }

    #[test]
    fn piece_at_finds_the_piece_holding_a_byte_from_any_earlier_piece() {
        // Pieces of 1 to 10 bytes, each ending where the next starts, as in the index.
        let mut starts = vec![0];
        for i in 0..300 {
            starts.push(starts[i] + [3, 0, 1, 9, 2, 5, 0, 7][i % 8] + 1);
        }
        let pieces = Segments {
            text: "x".repeat(starts[300]),
            starts,
        };
        for at in 0..pieces.text.len() {
            let want = pieces.starts.partition_point(|&s| s <= at) - 1;
            for from in (0..=want).filter(|&f| f + 40 > want || f % 17 == 0) {
                assert_eq!(pieces.piece_at(from, at), want, "byte {at} from {from}");
            }
        }
    }

    #[test]
    fn a_match_across_two_titles_is_not_a_hit() {
        // In the titles buffer "…export\0ex…" sits next to the following title; a needle
        // cannot run from one into the other.
        let t = log(30);
        let index = Scan::new(&t);
        let all: Vec<usize> = (0..t.events.len()).collect();
        for needle in ["x\0e", "\0", "s\0"] {
            let words = vec![needle.to_string()];
            let search = index.search_words(&words);
            assert!(search[0].loose, "{needle:?} is written nowhere");
            assert_eq!(
                index.narrow(&t, &search, all.clone()),
                reference(&t, &words, &all)
            );
        }
    }

    #[test]
    fn a_written_word_matches_only_where_it_is_written() {
        let t = log(40);
        let index = Scan::new(&t);
        let all: Vec<usize> = (0..t.events.len()).collect();
        let words = ["expo".to_string(), "xpo".to_string()];
        let search = index.search_words(&words);
        assert!(search.iter().all(|w| !w.loose));
        for i in index.narrow(&t, &search, all.clone()) {
            let e = &t.events[i];
            let text = format!("{} {}", e.title(), e.summary()).to_lowercase();
            assert!(text.contains("expo"), "{:?}", e.title());
        }
        // Written nowhere, so matched loosely: "EXPANDS" and "export" hold e-x-p-…
        let search = index.search_words(&["xpnds".to_string()]);
        assert!(search[0].loose);
        assert!(!index.narrow(&t, &search, all).is_empty());
    }
}
