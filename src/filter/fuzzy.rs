//! Fuzzy matching of a short pattern against names and titles: skim-style subsequence
//! matching that rejects scattered matches, plus tolerance for one or two typos.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::text;

/// A skim matcher for one call. fuzzy-matcher 0.3.7 keeps a per-thread score matrix in each
/// matcher and reuses it without clearing it, and cells left from an earlier, longer text can
/// break ties between equally good placements: a shared matcher's answer for a title could
/// depend on which texts it was given before, and on which thread. (Its `use_cache(false)`
/// panics.) A fresh matcher makes each answer depend on the pattern and the text alone; it
/// costs a few allocations (about a third of a title match), paid only for texts that pass
/// the cheaper checks before it.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// Score for a match found only by typo tolerance: below any clean match.
const TYPO_SCORE: i64 = 1;

/// How well `pattern` matches `text`: `None` when it does not.
pub fn score(pattern: &str, text: &str) -> Option<i64> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Some(0);
    }
    if let Some((s, _)) = compact_match(pattern, text) {
        return Some(s);
    }
    typo_match(pattern, text).then_some(TYPO_SCORE)
}

/// A clean subsequence match of `pattern` in a title, without typo tolerance (titles are
/// many, and edit distance over every word of every title is too slow per keystroke).
pub fn title_score(pattern: &str, title: &str) -> Option<i64> {
    compact_match(pattern, title).map(|(s, _)| s)
}

/// The character positions in `text` that `pattern` matches, for highlighting.
pub fn indices(pattern: &str, text: &str) -> Option<Vec<usize>> {
    compact_match(pattern.trim(), text).map(|(_, idx)| idx)
}

/// A skim subsequence match whose letters are close together: the matched letters form
/// runs, and at most one run per four pattern letters (rounded up) may start inside a word. So `ascnd`
/// finds "Ascend" and `bis` finds "Bureau of Industry and Security", but `us` does not
/// find "Hangzhou DeepSeek" nor `shanghai` a title that merely holds those letters.
fn compact_match(pattern: &str, text: &str) -> Option<(i64, Vec<usize>)> {
    let allowed = pattern.chars().count().div_ceil(4);
    if fewest_inner_runs(pattern.as_bytes(), text.as_bytes()).is_some_and(|n| n > allowed) {
        // No way of placing the letters is compact enough, so the one the matcher would
        // choose is not either: skip the matcher, which costs far more.
        return None;
    }
    let (score, idx) = matcher().fuzzy_indices(text, pattern)?;
    let chars: Vec<char> = text.chars().collect();
    let word_start = |i: usize| i == 0 || !chars[i - 1].is_alphanumeric();
    let mut inner_runs = 0;
    for (k, &i) in idx.iter().enumerate() {
        let starts_run = k == 0 || idx[k - 1] + 1 != i;
        if starts_run && !word_start(i) {
            inner_runs += 1;
        }
    }
    (inner_runs <= allowed).then_some((score, idx))
}

/// Over every way of matching `pattern`'s letters in order in `text` (ignoring ASCII case, as
/// the matcher does), the fewest runs of matched letters that start inside a word, as
/// [`compact_match`] counts them; `usize::MAX` when there is no way at all. `None` when it
/// was not worked out: for text that is not ASCII or longer than [`MAX_TEXT`] letters, or a
/// pattern longer than 64.
///
/// Letter by letter, each place the letter occurs gets the fewest for the letters so far
/// ending there: it either continues the run ending just before it, or starts a new run
/// after any earlier placement of the previous letter.
fn fewest_inner_runs(pattern: &[u8], text: &[u8]) -> Option<usize> {
    const NONE: u8 = u8::MAX;
    if !text.is_ascii() || !pattern.is_ascii() || text.len() > MAX_TEXT || pattern.len() > 64 {
        return None;
    }
    if pattern.is_empty() {
        return Some(0);
    }
    let inner = |i: usize| u8::from(i > 0 && text[i - 1].is_ascii_alphanumeric());
    // (place, fewest) for the previous letter and this one, places ascending.
    let mut buffers = [[(0u16, 0u8); MAX_TEXT]; 2];
    let [prev, cur] = &mut buffers;
    let (mut prev, mut cur) = (&mut prev[..], &mut cur[..]);
    let mut prev_len = 0;
    for (k, &p) in pattern.iter().enumerate() {
        let mut cur_len = 0;
        let mut j = 0;
        // The fewest over the previous letter's places at or before `i - 2`.
        let mut before = NONE;
        for i in memchr::memchr2_iter(p.to_ascii_lowercase(), p.to_ascii_uppercase(), text) {
            let fewest = if k == 0 {
                inner(i)
            } else {
                while j < prev_len && usize::from(prev[j].0) + 2 <= i {
                    before = before.min(prev[j].1);
                    j += 1;
                }
                let go_on = match prev[..prev_len].get(j) {
                    Some(&(at, n)) if usize::from(at) + 1 == i => n,
                    _ => NONE,
                };
                before.saturating_add(inner(i)).min(go_on)
            };
            if fewest != NONE {
                cur[cur_len] = (i as u16, fewest);
                cur_len += 1;
            }
        }
        if cur_len == 0 {
            return Some(usize::MAX);
        }
        std::mem::swap(&mut prev, &mut cur);
        prev_len = cur_len;
    }
    prev[..prev_len].iter().map(|&(_, n)| usize::from(n)).min()
}

/// The longest text [`fewest_inner_runs`] looks at (titles and names are far shorter).
const MAX_TEXT: usize = 256;

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
    }

    /// `compact_match` as it was before skipping the matcher: the matcher, then the count.
    fn compact_match_slow(pattern: &str, text: &str) -> Option<(i64, Vec<usize>)> {
        let (score, idx) = matcher().fuzzy_indices(text, pattern)?;
        let chars: Vec<char> = text.chars().collect();
        let word_start = |i: usize| i == 0 || !chars[i - 1].is_alphanumeric();
        let inner_runs = idx
            .iter()
            .enumerate()
            .filter(|&(k, &i)| (k == 0 || idx[k - 1] + 1 != i) && !word_start(i))
            .count();
        (inner_runs <= pattern.chars().count().div_ceil(4)).then_some((score, idx))
    }

    #[test]
    fn skipping_the_matcher_never_changes_the_answer() {
        // Texts and patterns built from a few letters, so that many patterns are scattered
        // subsequences of many texts, in every case mix.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        const LETTERS: &[u8] = b"aAbBeExXpP -.9";
        let mut skipped = 0;
        for _ in 0..20_000 {
            let text: String = (0..next(40))
                .map(|_| LETTERS[next(LETTERS.len())] as char)
                .collect();
            let pattern: String = (0..1 + next(7))
                .map(|_| LETTERS[next(10)] as char)
                .collect();
            let slow = compact_match_slow(&pattern, &text);
            assert_eq!(
                compact_match(&pattern, &text),
                slow,
                "{pattern:?} in {text:?}"
            );
            let allowed = pattern.chars().count().div_ceil(4);
            if fewest_inner_runs(pattern.as_bytes(), text.as_bytes()).is_some_and(|n| n > allowed) {
                skipped += 1;
            }
        }
        assert!(
            skipped > 1000,
            "the check skipped the matcher only {skipped} times"
        );
    }

    #[test]
    fn fewest_inner_runs_counts_runs_inside_words() {
        assert_eq!(fewest_inner_runs(b"ascend", b"Huawei Ascend"), Some(0));
        assert_eq!(fewest_inner_runs(b"sc", b"Huawei Ascend"), Some(1));
        assert_eq!(fewest_inner_runs(b"hae", b"Huawei Ascend"), Some(1));
        assert_eq!(fewest_inner_runs(b"uwe", b"Huawei"), Some(2));
        assert_eq!(fewest_inner_runs(b"zz", b"Huawei"), Some(usize::MAX));
        assert_eq!(fewest_inner_runs(b"a", "Straße".as_bytes()), None);
    }

    #[test]
    fn an_answer_does_not_depend_on_the_texts_matched_before() {
        // With one shared skim matcher, matching `loo` in the first title left cells in its
        // score matrix that changed which letters it then picked in the second.
        let title =
            "Researchers lead broad control land benchmark chief cooling lead denies meeting";
        let other = "Gallium eastern substrate quota urges stockpile traders blacklist launch \
                     construction output escalation";
        let alone = title_score("loo", title);
        assert_eq!(alone, None);
        let _ = title_score("loo", other);
        assert_eq!(title_score("loo", title), alone);
    }

    #[test]
    fn typos_are_tolerated_in_longer_patterns() {
        assert!(score("hwawei", "Huawei").is_some());
        assert!(score("nvidai", "Nvidia").is_some());
        assert!(score("comerce", "Commerce Department").is_some());
        assert_eq!(score("hwa", "Huawei"), None);
    }
}
