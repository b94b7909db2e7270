//! Search words against event text: a lowercased copy of every title and summary in one
//! buffer, scanned with a SIMD substring search, and a fuzzy fallback on titles.

use memchr::memmem;

use super::fuzzy;
use crate::model::Timeline;

/// Lowercased titles and summaries of a timeline, one after another, for fast search.
#[derive(Debug, Default, Clone)]
pub struct TextIndex {
    text: String,
    /// Where each event's text starts in `text`; one more entry than events.
    starts: Vec<usize>,
}

impl TextIndex {
    pub fn new(timeline: &Timeline) -> Self {
        let size: usize = timeline
            .events
            .iter()
            .map(|e| e.title.len() + e.summary.len() + 2)
            .sum();
        let mut text = String::with_capacity(size);
        let mut starts = Vec::with_capacity(timeline.events.len() + 1);
        for e in &timeline.events {
            starts.push(text.len());
            push_lower(&mut text, &e.title);
            text.push('\n');
            push_lower(&mut text, &e.summary);
            text.push('\0');
        }
        starts.push(text.len());
        Self { text, starts }
    }

    /// Whether this index was built for a timeline of `events` events.
    pub fn covers(&self, events: usize) -> bool {
        self.starts.len() == events + 1
    }

    /// Keeps the events of `pool` that match every word.
    pub fn narrow(
        &self,
        timeline: &Timeline,
        words: &[String],
        mut pool: Vec<usize>,
    ) -> Vec<usize> {
        if words.is_empty() || pool.is_empty() {
            return pool;
        }
        if !self.covers(timeline.events.len()) {
            return TextIndex::new(timeline).narrow(timeline, words, pool);
        }
        for word in words {
            let needle = word.trim().to_lowercase();
            if needle.is_empty() {
                continue;
            }
            let hits = self.substring_hits(&needle, &pool);
            pool.retain(|&i| {
                hits[i] || fuzzy::title_score(&needle, &timeline.events[i].title).is_some()
            });
            if pool.is_empty() {
                break;
            }
        }
        pool
    }

    /// For every event, whether `needle` occurs in its lowercased title or summary. Scans the
    /// whole buffer when the pool is large, and only the pool's events when it is small.
    fn substring_hits(&self, needle: &str, pool: &[usize]) -> Vec<bool> {
        let events = self.starts.len() - 1;
        let mut hits = vec![false; events];
        let finder = memmem::Finder::new(needle.as_bytes());
        if pool.len() * 8 < events {
            for &i in pool {
                let slice = &self.text.as_bytes()[self.starts[i]..self.starts[i + 1]];
                hits[i] = finder.find(slice).is_some();
            }
            return hits;
        }
        let bytes = self.text.as_bytes();
        let mut pos = 0;
        while let Some(found) = finder.find(&bytes[pos..]) {
            let at = pos + found;
            // The event whose text holds `at`: the last start at or before it.
            let event = self.starts.partition_point(|&s| s <= at) - 1;
            hits[event] = true;
            pos = self.starts[event + 1];
            if pos >= bytes.len() {
                break;
            }
        }
        hits
    }
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Character positions in `text` matched by `word`: a case-insensitive substring if there is
/// one, else the fuzzy match's letters.
pub fn word_positions(text: &str, word: &str) -> Vec<usize> {
    let word = word.trim();
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
    fuzzy::indices(word, text).unwrap_or_default()
}
