//! Fuzzy matching of a short pattern against names and titles: skim-style subsequence
//! matching that rejects scattered matches, plus tolerance for one or two typos.

use std::sync::OnceLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::text;

fn matcher() -> &'static SkimMatcherV2 {
    static MATCHER: OnceLock<SkimMatcherV2> = OnceLock::new();
    MATCHER.get_or_init(|| SkimMatcherV2::default().ignore_case())
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
    (inner_runs <= pattern.chars().count().div_ceil(4)).then_some((score, idx))
}

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

    #[test]
    fn typos_are_tolerated_in_longer_patterns() {
        assert!(score("hwawei", "Huawei").is_some());
        assert!(score("nvidai", "Nvidia").is_some());
        assert!(score("comerce", "Commerce Department").is_some());
        assert_eq!(score("hwa", "Huawei"), None);
    }
}
