//! Small text helpers shared by loading, filtering and rendering: edit distance,
//! display width, safe display of untrusted strings, and word wrapping.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod lines;

pub use lines::{Prefix, wrap_first_paragraph_into, wrap_keeping_urls_into};

/// The optimal-string-alignment distance (Levenshtein plus adjacent swaps) between two
/// strings, compared by `char`. Stops early and returns `limit + 1` once the distance
/// is known to exceed `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut row = vec![0usize; width];
    for i in 1..=a.len() {
        row[0] = i;
        let mut best = row[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            row[j] = d;
            best = best.min(d);
        }
        if best > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c, limit), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// `1 event`, `2 events`: a count with its noun.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The number of terminal columns `text` takes (wide characters count two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` with every control character (including ESC, tabs and newlines) made visible and
/// harmless, so untrusted strings can never change the terminal's state.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if printable_ascii(text) || !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Whether `text` is all printable ASCII (safe as it is, a column a byte). Every byte is looked
/// at, with no early way out, which the compiler does many at a time.
pub fn printable_ascii(text: &str) -> bool {
    text.bytes()
        .fold(true, |ok, b| ok & (b' '..=b'~').contains(&b))
}

/// `text` made safe to print as lines: like [`sanitize`], but line ends (`\n`, and `\r\n` as
/// CSV and iCalendar end lines) and tabs (which separate the columns of `--format tsv`) are
/// kept. For whole messages and outputs, at the edge where they leave the program.
pub fn sanitize_lines(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_at = |i: usize, c: char| {
        is_unsafe(c)
            && c != '\n'
            && c != '\t'
            && !(c == '\r' && text.as_bytes().get(i + 1) == Some(&b'\n'))
    };
    if !may_be_unsafe(text.as_bytes()) || !text.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.char_indices()
            .map(|(i, c)| if unsafe_at(i, c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// False when `bytes` (UTF-8) hold no character [`is_unsafe`] but `\n` and `\t`: no control
/// byte, and none of the sequences of the others (U+0080–U+009F are `C2 80`–`C2 9F`;
/// U+202A–U+202E are `E2 80 AA`–`AE`, U+2066–U+2069 `E2 81 A6`–`A9`). A look at each byte, which
/// a whole output of many megabytes passes far faster than by decoding characters: each pair of
/// bytes is looked at in blocks (which the compiler does many at a time), and a block that may
/// hold one of them is looked at closely.
fn may_be_unsafe(bytes: &[u8]) -> bool {
    // A control byte but `\n` and `\t`, DEL, `C2` before a byte below `A0`, `E2` before `80`
    // or `81` (which `–`, U+2013, is too, so the block is looked at closely).
    let suspect = |b: u8, next: u8| {
        (b < 0x20) & (b != b'\n') & (b != b'\t')
            | (b == 0x7f)
            | (b == 0xC2) & (next < 0xA0)
            | (b == 0xE2) & (next & 0xFE == 0x80)
    };
    let mut at = 0;
    // Blocks of a fixed size (and the byte after each), which the compiler looks at many bytes
    // at a time.
    while let Some(block) = bytes[at..].first_chunk::<{ BLOCK + 1 }>() {
        let mut flagged = false;
        for i in 0..BLOCK {
            flagged |= suspect(block[i], block[i + 1]);
        }
        if flagged && unsafe_in(bytes, at, at + BLOCK) {
            return true;
        }
        at += BLOCK;
    }
    unsafe_in(bytes, at, bytes.len())
}

/// Bytes [`may_be_unsafe`] looks at together.
const BLOCK: usize = 64;

/// Whether a character [`may_be_unsafe`] looks for starts in `bytes[from..to]`.
fn unsafe_in(bytes: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| match bytes[i] {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        0xC2 => bytes.get(i + 1).is_some_and(|&n| n <= 0x9F),
        0xE2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
        _ => false,
    })
}

/// The most columns of a value from a log, or typed by the person, that a message quotes.
pub const QUOTED_MAX: usize = 60;

/// A value quoted in a message: sanitized, and cut to [`QUOTED_MAX`] columns (ending with
/// `…`), so that a megabyte-long id makes a one-line message.
pub fn quoted(value: &str) -> String {
    // Characters of no width (combining marks) count too, so that no value stays long.
    let most = QUOTED_MAX * 4;
    match value.char_indices().nth(most) {
        Some((cut, _)) => truncate(&format!("{}…", sanitize(&value[..cut])), QUOTED_MAX),
        None => truncate(&sanitize(value), QUOTED_MAX),
    }
}

/// True for a character that must never reach a terminal raw: the C0 and C1 controls
/// (newline and tab included), DEL, and the bidirectional overrides and isolates that
/// reorder what follows them.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Cuts `text` to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Wraps `text` into lines of at most `max` columns, breaking at spaces; a word longer
/// than a line is broken inside. Paragraph breaks (blank lines) are kept as empty lines.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_with(text, max, |_| false)
}

/// [`wrap`] for text to paste elsewhere: a URL ([`is_url`]) is never broken, so that it
/// still works when copied. One longer than a line gets a line of its own and runs past
/// `max`; every other line stays within it.
pub fn wrap_keeping_urls(text: &str, max: usize) -> Vec<String> {
    wrap_with(text, max, is_url)
}

/// True for a word that is, or holds, a URL: `scheme://…` or `www.…` (as in
/// `(https://example.com).`), which breaking in two would make useless.
pub fn is_url(word: &str) -> bool {
    // A look at each byte, not `contains`, which readies a search for each (short) word.
    word.as_bytes().windows(3).any(|w| w == b"://")
        || word
            .trim_start_matches(['(', '<', '[', '"'])
            .starts_with("www.")
}

/// [`wrap`], with the words for which `whole` is true never broken inside.
fn wrap_with(text: &str, max: usize, whole: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    wrap_each(text, max, whole, |line| lines.push(line.to_string()));
    lines
}

/// [`wrap_keeping_urls`], giving each line to `line` as it is made rather than a `String`
/// for each: for output of any length (the summary of a whole log).
pub fn wrap_keeping_urls_each(text: &str, max: usize, line: impl FnMut(&str)) {
    wrap_each(text, max, is_url, line);
}

/// The lines of [`wrap_with`], each given to `emit` from one buffer. Empty lines at the end
/// are left out (but one, when every line is empty), so they are held back until a line
/// with text follows.
fn wrap_each(text: &str, max: usize, whole: impl Fn(&str) -> bool, emit: impl FnMut(&str)) {
    let max = max.max(1);
    let mut lines = Lines {
        emit,
        held: 0,
        any: false,
    };
    let mut line = String::with_capacity(text.len().min(4 * max) + 8);
    for (n, paragraph) in text.split("\n\n").enumerate() {
        if n > 0 {
            lines.push("");
        }
        line.clear();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            // Printable ASCII (most words) is safe as it is, one column a byte.
            let (word, w) = if word.bytes().all(|b| (b' '..=b'~').contains(&b)) {
                (std::borrow::Cow::Borrowed(word), word.len())
            } else {
                let word = sanitize(word);
                let w = width(&word);
                (word, w)
            };
            if used > 0 && used + 1 + w <= max {
                line.push(' ');
                line.push_str(&word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                lines.push(&line);
                line.clear();
                used = 0;
            }
            if whole(&word) {
                line.push_str(&word);
                used = w;
                continue;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > max && used > 0 {
                    lines.push(&line);
                    line.clear();
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        if used > 0 || paragraph.trim().is_empty() && n == 0 {
            lines.push(&line);
        }
    }
    lines.finish();
}

/// Lines on their way out of [`wrap_each`]: empty ones held until a line with text comes.
struct Lines<F: FnMut(&str)> {
    emit: F,
    /// Empty lines not given yet.
    held: usize,
    /// Whether a line with text was given.
    any: bool,
}

impl<F: FnMut(&str)> Lines<F> {
    fn push(&mut self, line: &str) {
        if line.is_empty() {
            self.held += 1;
            return;
        }
        for _ in 0..std::mem::take(&mut self.held) {
            (self.emit)("");
        }
        (self.emit)(line);
        self.any = true;
    }

    /// The end: of only empty lines, one is given.
    fn finish(mut self) {
        if !self.any && self.held > 0 {
            (self.emit)("");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How wrapping was done before it gave its lines one by one, a `String` for each: the
    /// reference the streaming wrap must agree with.
    fn wrap_reference(text: &str, max: usize, whole: impl Fn(&str) -> bool) -> Vec<String> {
        let max = max.max(1);
        let mut lines = Vec::new();
        for (n, paragraph) in text.split("\n\n").enumerate() {
            if n > 0 {
                lines.push(String::new());
            }
            let mut line = String::new();
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let word = sanitize(word);
                let w = width(&word);
                if used > 0 && used + 1 + w <= max {
                    line.push(' ');
                    line.push_str(&word);
                    used += 1 + w;
                    continue;
                }
                if used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                if whole(&word) {
                    line.push_str(&word);
                    used = w;
                    continue;
                }
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if used + cw > max && used > 0 {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += cw;
                }
            }
            if used > 0 || paragraph.trim().is_empty() && n == 0 {
                lines.push(line);
            }
        }
        while lines.last().is_some_and(|l| l.is_empty()) && lines.len() > 1 {
            lines.pop();
        }
        lines
    }

    proptest::proptest! {
        #[test]
        fn wrapping_line_by_line_gives_the_lines_it_always_gave(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "word", "a", "longerwordthanaline", " ", "  ", "\n", "\n\n", "\n\n\n",
                    "https://example.com/a/long/path", "www.x.org", "中文", "\u{200b}",
                    "\u{1b}[2J", "\t", "é", "🚀",
                ][..]),
                0..24,
            ),
            max in 0usize..30,
        ) {
            let text = pieces.concat();
            prop_assert_eq_lines(&text, max)?;
        }
    }

    fn prop_assert_eq_lines(
        text: &str,
        max: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(wrap(text, max), wrap_reference(text, max, |_| false));
        proptest::prop_assert_eq!(
            wrap_keeping_urls(text, max),
            wrap_reference(text, max, is_url)
        );
        let mut streamed = Vec::new();
        wrap_keeping_urls_each(text, max, |l| streamed.push(l.to_string()));
        proptest::prop_assert_eq!(streamed, wrap_reference(text, max, is_url));
        Ok(())
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("huwaei", "huawei", 3), 1);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 0), 0);
        assert_eq!(edit_distance("a", "abcdef", 2), 3);
    }

    #[test]
    fn nearest_suggests_only_plausible_typos() {
        let ids = ["huawei", "nvidia", "us-commerce"];
        assert_eq!(nearest("huwaei", ids), Some("huawei"));
        assert_eq!(nearest("zzz", ids), None);
    }

    #[test]
    fn every_unsafe_character_is_seen_by_the_look_at_bytes() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_unsafe(c))
        {
            let text = format!("a{c}b");
            assert!(
                may_be_unsafe(text.as_bytes()) || c == '\n' || c == '\t',
                "{c:?}"
            );
        }
        assert!(!may_be_unsafe("plain ─ ▸ – · 中文 🚀\n\t".as_bytes()));
    }

    #[test]
    fn an_unsafe_character_is_seen_at_every_place_in_and_across_the_blocks() {
        for c in [
            '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{9f}', '\u{202a}', '\u{202e}', '\u{2069}',
        ] {
            for before in 0..3 * BLOCK {
                let text = format!(
                    "{}{c}{}",
                    "–".repeat(before / 3) + &"a".repeat(before % 3),
                    "b".repeat(before % 70)
                );
                assert!(may_be_unsafe(text.as_bytes()), "{c:?} after {before}");
                assert!(
                    sanitize_lines(&text).contains('\u{FFFD}'),
                    "{c:?} after {before}"
                );
            }
        }
        for before in 0..3 * BLOCK {
            let text = format!(
                "{}─▸·–\u{a0}é\n\t{}",
                "a".repeat(before),
                "b".repeat(before % 70)
            );
            assert!(!may_be_unsafe(text.as_bytes()), "after {before}");
        }
    }

    #[test]
    fn sanitize_neutralises_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("tab\there"), "tab here");
        assert_eq!(sanitize("中文"), "中文");
    }

    #[test]
    fn wrap_never_exceeds_width_counting_wide_characters() {
        let text = "中文字符 and some english words 漢字漢字漢字漢字漢字 end";
        for max in 1..30 {
            for line in wrap(text, max) {
                assert!(width(&line) <= max.max(2), "{line:?} at {max}");
            }
        }
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
    }

    #[test]
    fn sanitize_lines_keeps_newlines_only() {
        assert_eq!(
            sanitize_lines("a\n\u{1b}b\u{9b}\n\u{202e}"),
            "a\n\u{FFFD}b\u{FFFD}\n\u{FFFD}"
        );
        assert_eq!(sanitize_lines("plain\ntext\n"), "plain\ntext\n");
        assert_eq!(sanitize_lines("a\tb\r\n"), "a\tb\r\n");
        assert_eq!(sanitize_lines("a\rb\r\r\n"), "a\u{FFFD}b\u{FFFD}\r\n");
    }

    #[test]
    fn quoted_values_are_short_and_safe() {
        let long = "a".repeat(1_000_000);
        assert_eq!(width(&quoted(&long)), QUOTED_MAX);
        assert!(quoted(&long).ends_with('…'));
        assert_eq!(quoted("x\u{1b}[2J"), "x\u{FFFD}[2J");
        let marks = "e".to_string() + &"\u{301}".repeat(100_000);
        assert!(quoted(&marks).chars().count() <= QUOTED_MAX * 4 + 1);
    }

    #[test]
    fn wrap_keeping_urls_never_breaks_a_url_and_keeps_other_lines_in_width() {
        let url = "https://bis.gov/press-release/commerce-implements-new-export-controls";
        let text = format!("See the notice ({url}). A longwordthatmaybreak here.");
        for max in 1..90 {
            let lines = wrap_keeping_urls(&text, max);
            let holding: Vec<&String> = lines.iter().filter(|l| l.contains("https")).collect();
            assert_eq!(holding.len(), 1, "{lines:?} at {max}");
            assert!(
                holding[0].contains(&format!("({url}).")),
                "{lines:?} at {max}"
            );
            for line in lines.iter().filter(|l| !l.contains("https")) {
                assert!(width(line) <= max, "{line:?} at {max}");
            }
        }
        // A URL that fits joins the words around it; one that does not gets a line of its own.
        assert_eq!(
            wrap_keeping_urls("a https://x.io/abc b", 40),
            ["a https://x.io/abc b"]
        );
        assert_eq!(
            wrap_keeping_urls("see https://x.io/abcdef now", 10),
            ["see", "https://x.io/abcdef", "now"]
        );
        assert_eq!(
            wrap_keeping_urls("www.example.com/page", 5),
            ["www.example.com/page"]
        );
        // Plain wrap still breaks a URL, for a pane that clips what runs past its edge.
        assert_eq!(wrap("https://x.io/abcdef", 10), ["https://x.", "io/abcdef"]);
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("中文中文", 5), "中文…");
    }
}
