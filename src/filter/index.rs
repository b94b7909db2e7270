//! The search index of a log: its words with the events that hold them ([`Words`]), its
//! titles cut into words ([`Titles`]) and the other facts a filter asks of each event
//! ([`Facts`]), built once per load, so that a keystroke looks at the log's distinct words
//! and then at lists of numbers, never at the text of every event.
//!
//! The index may be built later than the log is shown ([`TextIndex::later`], then
//! [`TextIndex::build`] on another thread): until it is there, a search reads every event's
//! text (the scan below), with the same answers.

use std::hash::Hasher;
use std::sync::{Arc, Mutex, OnceLock};

use memchr::memmem;

use super::facts::Facts;
use super::fuzzy;
use super::search::{SearchWord, push_lower};
use super::titles::Titles;
use super::words::{CHECK_EVERY, Fx, Words};
use crate::model::{Event, Timeline};

/// The search index of one timeline, built at once or later.
#[derive(Default)]
pub struct TextIndex {
    /// How many events the timeline it is for has.
    events: usize,
    /// The index, once built (`None` inside for a log too large to number in `u32`, which
    /// is always scanned).
    built: OnceLock<Option<Built>>,
    /// The last few words narrowed, with the pool each narrowed and what it kept: as a
    /// person types a second word, the first (and what it kept) stays the same.
    recent: Mutex<Vec<Recent>>,
}

/// One word narrowed: the pool it narrowed ([`fingerprint`]), the word, what it kept.
struct Recent {
    pool: (usize, u64),
    word: SearchWord,
    kept: Arc<[u32]>,
}

/// How many narrowed words [`TextIndex`] keeps.
const RECENT: usize = 4;

/// A pool told apart from others: its length and a hash of its events (nothing to hash for
/// the pool of every event, ascending, which is the most common and the largest).
fn fingerprint(pool: &[usize]) -> (usize, u64) {
    if pool.first() == Some(&0) && pool.last() == Some(&(pool.len() - 1)) {
        // Ascending and distinct (as every pool is), from 0 to len - 1: every event.
        return (pool.len(), 0);
    }
    let mut hash = Fx::default();
    for &i in pool {
        hash.write_usize(i);
    }
    (pool.len(), hash.finish())
}

struct Built {
    words: Words,
    titles: Titles,
    facts: Facts,
}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextIndex")
            .field("events", &self.events)
            .field("built", &self.is_built())
            .finish()
    }
}

impl TextIndex {
    /// The index of `timeline`, built now.
    pub fn new(timeline: &Timeline) -> Self {
        let index = Self::later(timeline);
        index.build(timeline);
        index
    }

    /// An index of `timeline` to be built later with [`TextIndex::build`]; until then,
    /// searches scan the events' text.
    pub fn later(timeline: &Timeline) -> Self {
        Self {
            events: timeline.events.len(),
            ..Self::default()
        }
    }

    /// The index of `timeline`, built on a thread of its own (or never, when no thread can
    /// be had: then searches scan the text).
    pub fn in_background(timeline: &Arc<Timeline>) -> Arc<Self> {
        let index = Arc::new(Self::later(timeline));
        let (t, i) = (Arc::clone(timeline), Arc::clone(&index));
        let _ = std::thread::Builder::new()
            .name("annals-index".into())
            .spawn(move || i.build(&t));
        index
    }

    /// Builds the index of `timeline` (the one it was made for), unless it is built.
    pub fn build(&self, timeline: &Timeline) {
        if self.covers(timeline.events.len()) {
            self.built.get_or_init(|| {
                // The two halves on two threads, when a second can be had.
                let (words, titles) = std::thread::scope(|scope| {
                    let titles = std::thread::Builder::new()
                        .spawn_scoped(scope, || Titles::new(timeline))
                        .ok();
                    let words = Words::new(timeline);
                    let titles = match titles.map(|t| t.join()) {
                        Some(Ok(titles)) => titles,
                        Some(Err(panic)) => std::panic::resume_unwind(panic),
                        None => Titles::new(timeline),
                    };
                    (words, titles)
                });
                Some(Built {
                    words: words?,
                    titles: titles?,
                    facts: Facts::new(timeline)?,
                })
            });
        }
    }

    /// Whether the index is built (searches use it rather than scanning).
    pub fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    /// Bytes of memory the built index holds.
    pub fn bytes(&self) -> usize {
        self.ready()
            .map_or(0, |b| b.words.bytes() + b.titles.bytes() + b.facts.bytes())
    }

    /// Forgets the words narrowed lately, so that the next search works each out afresh
    /// (for measuring a keystroke as it is when first typed).
    pub fn forget_recent(&self) {
        if let Ok(mut recent) = self.recent.lock() {
            recent.clear();
        }
    }

    /// The facts of every event but its text, once the index is built.
    pub(super) fn facts(&self) -> Option<&Facts> {
        self.ready().map(|b| &b.facts)
    }

    /// Whether this index was made for a timeline of `events` events.
    pub fn covers(&self, events: usize) -> bool {
        self.events == events
    }

    fn ready(&self) -> Option<&Built> {
        self.built.get().and_then(Option::as_ref)
    }

    /// The words of a query, each with how it matches in this log (the empty ones left out).
    pub fn search_words(&self, timeline: &Timeline, words: &[String]) -> Vec<SearchWord> {
        self.search_words_until(timeline, words, &|| false)
            .unwrap_or_default()
    }

    /// [`TextIndex::search_words`], or `None` as soon as `stop` says it is no longer wanted.
    pub(super) fn search_words_until(
        &self,
        timeline: &Timeline,
        words: &[String],
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<SearchWord>> {
        let mut out = Vec::new();
        for text in words.iter().map(|w| w.trim().to_lowercase()) {
            if !text.is_empty() {
                let loose = !self.occurs(timeline, &text, stop)?;
                out.push(SearchWord { text, loose });
            }
        }
        Some(out)
    }

    /// Whether some event's title or summary holds `needle` (lowercase).
    fn occurs(&self, timeline: &Timeline, needle: &str, stop: &dyn Fn() -> bool) -> Option<bool> {
        if let Some(built) = self.ready()
            && plain(needle)
        {
            return Some(built.words.occurs(needle));
        }
        let all = (0..timeline.events.len()).collect();
        let written = SearchWord {
            text: needle.to_string(),
            loose: false,
        };
        Some(
            !self
                .narrow_word(timeline, &written, all, 1, stop)?
                .is_empty(),
        )
    }

    /// Keeps the events of `pool` (ascending) that match every word. The index must be made
    /// for the timeline ([`TextIndex::covers`]).
    pub fn narrow(
        &self,
        timeline: &Timeline,
        words: &[SearchWord],
        pool: Vec<usize>,
    ) -> Vec<usize> {
        self.narrow_until(timeline, words, pool, &|| false)
            .unwrap_or_default()
    }

    /// [`TextIndex::narrow`], or `None` as soon as `stop` says it is no longer wanted.
    pub(super) fn narrow_until(
        &self,
        timeline: &Timeline,
        words: &[SearchWord],
        mut pool: Vec<usize>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<usize>> {
        for word in words {
            if pool.is_empty() {
                break;
            }
            pool = self.narrow_recalled(timeline, word, pool, stop)?;
        }
        Some(pool)
    }

    /// [`TextIndex::narrow_word`], or what it gave the last time it was asked the same.
    fn narrow_recalled(
        &self,
        timeline: &Timeline,
        word: &SearchWord,
        pool: Vec<usize>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<usize>> {
        let key = fingerprint(&pool);
        if let Ok(recent) = self.recent.lock()
            && let Some(r) = recent.iter().find(|r| r.pool == key && r.word == *word)
        {
            return Some(r.kept.iter().map(|&i| i as usize).collect());
        }
        let kept = self.narrow_word(timeline, word, pool, usize::MAX, stop)?;
        // Events are kept as `u32`: a log too large for that is not remembered. Nor is an
        // answer of more than a quarter of the log: a word that common is found again
        // quickly, and copying its answer would cost more.
        if u32::try_from(self.events).is_ok()
            && kept.len() <= self.events / 4
            && let Ok(mut recent) = self.recent.lock()
        {
            if recent.len() == RECENT {
                recent.remove(0);
            }
            recent.push(Recent {
                pool: key,
                word: word.clone(),
                kept: kept.iter().map(|&i| i as u32).collect(),
            });
        }
        Some(kept)
    }

    /// The events of `pool` that match `word` (when scanning, only the first `enough`).
    fn narrow_word(
        &self,
        timeline: &Timeline,
        word: &SearchWord,
        mut pool: Vec<usize>,
        enough: usize,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<usize>> {
        let Some(built) = self.ready() else {
            return scan(timeline, word, pool, enough, stop);
        };
        let needle = word.text.as_str();
        if word.loose {
            return built.titles.narrow(needle, pool, stop);
        }
        if plain(needle) {
            return built.words.narrow(needle, pool, stop);
        }
        // A phrase: each of its pieces is written inside one word, so only the events
        // holding every piece can hold the phrase; those are read.
        for piece in needle.split(char::is_whitespace).filter(|p| plain(p)) {
            pool = built.words.narrow(piece, pool, stop)?;
        }
        scan(timeline, word, pool, enough, stop)
    }
}

/// A word the index of words can answer for: without white space (which words never hold)
/// and without NUL.
fn plain(needle: &str) -> bool {
    !needle.is_empty() && !needle.contains(|c: char| c.is_whitespace() || c == '\0')
}

/// The events of `pool` that match `word`, read from their text: a written word in the
/// lowercased title and summary, a loose one in the title by the fuzzy match. Stops after
/// `enough` matches.
fn scan(
    timeline: &Timeline,
    word: &SearchWord,
    pool: Vec<usize>,
    enough: usize,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut lower = String::new();
    let finder = memmem::Finder::new(word.text.as_bytes());
    let mut pattern = fuzzy::Pattern::new(&word.text);
    let mut matches = |e: &Event| {
        if word.loose {
            return pattern.title_matches(e.title());
        }
        lower.clear();
        push_lower(&mut lower, e.title());
        lower.push('\n');
        push_lower(&mut lower, e.summary());
        finder.find(lower.as_bytes()).is_some()
    };
    for chunk in pool.chunks(CHECK_EVERY) {
        if stop() {
            return None;
        }
        out.extend(
            chunk
                .iter()
                .copied()
                .filter(|&i| matches(&timeline.events[i]))
                .take(enough - out.len()),
        );
        if out.len() >= enough {
            break;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::search::Scan;
    use super::*;
    use crate::load;

    /// Pieces of titles, summaries and queries: words in several cases, punctuation, white
    /// space, letters outside ASCII (with case changes that ASCII-only matching ignores, a
    /// final sigma, a dotted capital I), and a NUL.
    const PIECES: &[&str] = &[
        "export",
        "Export",
        "EXPORT",
        "controls",
        "chips",
        "Huawei",
        "ascend",
        "Ascend",
        "a",
        "e",
        "x",
        "o",
        " ",
        "  ",
        "\n",
        "\t",
        "-",
        ":",
        ".",
        "U.S.",
        "Straße",
        "ÜNÏCODE",
        "ünï",
        "中文",
        "ΣΑΣ",
        "σας",
        "İstanbul",
        "x\0y",
        "AI",
        "ai-chips",
        "co-op",
        "2025",
        "actor",
    ];

    /// A log whose events have these titles and summaries.
    fn timeline(texts: &[(String, String)]) -> Timeline {
        let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut log = String::from("[actors.a]\nname = \"A\"\n");
        for (i, (title, summary)) in texts.iter().enumerate() {
            log.push_str(&format!(
                "[[events]]\nid = \"e{i}\"\ndate = \"2025\"\ntitle = {}\nsummary = {}\nactors = [\"a\"]\n",
                quoted(title),
                quoted(summary),
            ));
        }
        let t = load::parse(&log).timeline.expect("the template log loads");
        for (e, (title, summary)) in t.events.iter().zip(texts) {
            assert_eq!((e.title(), e.summary()), (title.as_str(), summary.trim()));
        }
        t
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..10).prop_map(|v| v.concat())
    }

    /// What a person types: a piece, its beginning, a piece with a letter dropped (a
    /// misspelling), two pieces, or letters at random.
    fn query() -> impl Strategy<Value = String> {
        let piece = || prop::sample::select(PIECES);
        prop_oneof![
            piece().prop_map(str::to_string),
            (piece(), 1..8usize).prop_map(|(p, n)| p.chars().take(n).collect()),
            (piece(), 0..8usize).prop_map(|(p, n)| {
                let mut c: Vec<char> = p.chars().collect();
                if n < c.len() {
                    c.remove(n);
                }
                c.into_iter().collect()
            }),
            (piece(), piece()).prop_map(|(a, b)| format!("{a} {b}")),
            "[acdeiorstxpΣσü中 :.-]{1,7}",
        ]
    }

    /// What a person types, one letter at a time: one to three pieces (of the log's words,
    /// or not), each perhaps misspelt (a letter dropped, doubled, or two swapped), with
    /// spaces between.
    fn typed() -> impl Strategy<Value = String> {
        let misspelt =
            (prop::sample::select(PIECES), 0..4usize, 0..8usize).prop_map(|(piece, how, at)| {
                let mut c: Vec<char> = piece.trim().chars().collect();
                if at < c.len() {
                    match how {
                        0 => drop(c.remove(at)),
                        1 => c.insert(at, c[at]),
                        2 if at + 1 < c.len() => c.swap(at, at + 1),
                        _ => {}
                    }
                }
                c.into_iter().collect::<String>()
            });
        prop::collection::vec(misspelt, 1..4).prop_map(|words| words.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Every keystroke of a typed query (every beginning of it, by character) selects
        /// what the scan of every event's text selects: misspelt words are matched loosely
        /// by the titles' machine, written ones by the index of words. And the titles'
        /// machine answers as the fuzzy title match does for each word alone, whether its
        /// table has room for every state it meets or for none, and whether the titles'
        /// words are numbered in two bytes or in four.
        #[test]
        fn every_keystroke_of_a_typed_query_agrees_with_the_scan(
            texts in prop::collection::vec((text(), text()), 1..30),
            typed in typed(),
        ) {
            let t = timeline(&texts);
            let scan = Scan::new(&t);
            let built = TextIndex::new(&t);
            let titles = Titles::new(&t).expect("a small log");
            let all: Vec<usize> = (0..t.events.len()).collect();
            let sparse: Vec<usize> = all.iter().copied().filter(|i| i % 3 != 1).collect();
            let ends = typed.char_indices().map(|(i, c)| i + c.len_utf8());
            for bar in ends.map(|end| &typed[..end]) {
                let words: Vec<String> = bar.split(' ').map(String::from).collect();
                let want = scan.search_words(&words);
                prop_assert_eq!(&built.search_words(&t, &words), &want, "{:?}", bar);
                for pool in [&all, &sparse] {
                    let events = scan.narrow(&t, &want, pool.clone());
                    prop_assert_eq!(&built.narrow(&t, &want, pool.clone()), &events, "{:?}", bar);
                }
                for word in &want {
                    let p = &word.text;
                    let fuzzy: Vec<usize> = all
                        .iter()
                        .copied()
                        .filter(|&i| fuzzy::title_matches(p, t.events[i].title()))
                        .collect();
                    for room in [0, 40, super::super::machine::ROOM] {
                        for titles in [&titles, &titles.widened()] {
                            let found = titles.narrow_in(p, all.clone(), &|| false, room);
                            prop_assert_eq!(found.as_ref(), Some(&fuzzy), "{:?} room {}", p, room);
                        }
                    }
                }
            }
        }

        /// The index, and the scan it falls back to before it is built, give what the scan
        /// of every event's text gave: the same words written or loose, the same events.
        #[test]
        fn the_index_agrees_with_the_scan_of_every_event(
            texts in prop::collection::vec((text(), text()), 1..30),
            queries in prop::collection::vec(prop::collection::vec(query(), 1..3), 1..6),
        ) {
            let t = timeline(&texts);
            let scan = Scan::new(&t);
            let (built, later) = (TextIndex::new(&t), TextIndex::later(&t));
            prop_assert!(built.is_built() && !later.is_built());
            let all: Vec<usize> = (0..t.events.len()).collect();
            let sparse: Vec<usize> = all.iter().copied().filter(|i| i % 3 == 1).collect();
            for words in &queries {
                let want = scan.search_words(words);
                prop_assert_eq!(&built.search_words(&t, words), &want, "{:?}", words);
                prop_assert_eq!(&later.search_words(&t, words), &want, "{:?}", words);
                for pool in [&all, &sparse] {
                    let events = scan.narrow(&t, &want, pool.clone());
                    prop_assert_eq!(&built.narrow(&t, &want, pool.clone()), &events, "{:?}", words);
                    prop_assert_eq!(&later.narrow(&t, &want, pool.clone()), &events, "{:?}", words);
                }
            }
        }

        /// The titles cut into words match a pattern exactly where the fuzzy title match
        /// does, whether or not the pattern is written somewhere.
        #[test]
        fn titles_match_as_the_fuzzy_title_match(
            titles in prop::collection::vec(text(), 1..30),
            patterns in prop::collection::vec(query(), 1..6),
        ) {
            let texts: Vec<(String, String)> =
                titles.into_iter().map(|t| (t, String::new())).collect();
            let t = timeline(&texts);
            let index = Titles::new(&t).expect("a small log");
            let all: Vec<usize> = (0..t.events.len()).collect();
            for p in &patterns {
                let p = p.to_lowercase();
                let want: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|&i| fuzzy::title_matches(&p, t.events[i].title()))
                    .collect();
                prop_assert_eq!(index.narrow(&p, all.clone(), &|| false), Some(want), "{:?}", p);
            }
        }
    }

    #[test]
    fn a_stopped_search_gives_no_answer() {
        let texts = vec![("Export controls".to_string(), "chips".to_string()); 10_000];
        let t = timeline(&texts);
        let word = |text: &str, loose| SearchWord {
            text: text.into(),
            loose,
        };
        for index in [TextIndex::new(&t), TextIndex::later(&t)] {
            let all: Vec<usize> = (0..t.events.len()).collect();
            for w in [
                word("export", false),
                word("exprt", true),
                word("t c", false),
            ] {
                let words = [w];
                let stopped = index.narrow_until(&t, &words, all.clone(), &|| true);
                assert!(stopped.is_none(), "{words:?}");
                let found = index.narrow(&t, &words, all.clone()).len();
                assert_eq!(found, 10_000, "{words:?} built {}", index.is_built());
            }
        }
    }
}
