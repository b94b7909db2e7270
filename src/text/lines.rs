//! Wrapping written straight into an output buffer: the lines of [`super::wrap_keeping_urls`],
//! each after its prefix, in one pass over the bytes, with no `String` per line or per word.
//! For outputs as large as a whole log (the summary).

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

use super::{is_url, sanitize, width};

/// What goes before each line: `first` before the first, `rest` before the others; before an
/// empty line only when `on_empty` (a hanging indent marks every line, an indent only lines
/// with text).
#[derive(Clone, Copy, Debug)]
pub struct Prefix<'a> {
    pub first: &'a str,
    pub rest: &'a str,
    pub on_empty: bool,
}

/// Writes the lines of [`super::wrap_keeping_urls`]`(text, max)` at the end of `out`, each after
/// its [`Prefix`] and ending with `\n`: the same lines, sanitized as it sanitizes them (every
/// word of the text is [`sanitize`]d; a word of printable ASCII, most of them, is safe as it
/// is, one column a byte, and is copied without a second look).
pub fn wrap_keeping_urls_into(out: &mut String, text: &str, max: usize, prefix: Prefix<'_>) {
    let max = max.max(1);
    let mut lines = Writer {
        out,
        prefix,
        written: 0,
        held: 0,
        any: false,
        open: None,
    };
    for (n, paragraph) in paragraphs(text).enumerate() {
        if n > 0 {
            lines.empty();
        }
        // Columns on the open line; an open line of characters of no width has none, and is
        // continued rather than ended (as `wrap` always did).
        let mut used = 0;
        let mut blank = true;
        let mut at = 0;
        loop {
            if used == 0 && lines.open.is_none() {
                at = skip_spaces(paragraph, at);
                if let Some((end, next, other)) = plain_line(paragraph.as_bytes(), at, max) {
                    blank = false;
                    lines.open();
                    if other {
                        push_spaced(lines.out, &paragraph[at..end]);
                    } else {
                        lines.out.push_str(&paragraph[at..end]);
                    }
                    lines.end();
                    at = next;
                    continue;
                }
            }
            let Some((start, word, plain)) = next_word(paragraph, &mut at) else {
                break;
            };
            blank = false;
            let (word, w) = if plain {
                (Cow::Borrowed(word), word.len())
            } else {
                let word = sanitize(word);
                let w = width(&word);
                (word, w)
            };
            if used > 0 && used + 1 + w <= max {
                lines.out.push(' ');
                lines.out.push_str(&word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                lines.end();
                used = 0;
                // The word begins the next line, which may be written whole: back to it.
                at = start;
                continue;
            }
            if is_url(&word) {
                lines.open();
                lines.out.push_str(&word);
                used = w;
            } else if plain {
                used = lines.cut_plain(&word, used, max);
            } else {
                used = lines.cut(&word, used, max);
            }
        }
        if used > 0 {
            lines.end();
        } else {
            lines.discard();
            if blank && n == 0 {
                lines.empty();
            }
        }
    }
    lines.finish();
}

/// The first paragraph of `text` (up to its first blank line): `text.split("\n\n").next()`.
pub fn first_paragraph(text: &str) -> &str {
    paragraphs(text).next().unwrap_or(text)
}

/// The paragraphs of `text`, as `text.split("\n\n")` gives them (looking for `\n` alone,
/// which is fast, and at the byte after it).
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut from = 0;
        while let Some(i) = memchr::memchr(b'\n', &text.as_bytes()[from..]) {
            let i = from + i;
            if text.as_bytes().get(i + 1) == Some(&b'\n') {
                rest = Some(&text[i + 2..]);
                return Some(&text[..i]);
            }
            from = i + 1;
        }
        rest = None;
        Some(text)
    })
}

/// An ASCII byte that [`char::is_whitespace`] holds to be a space (`\x0B` too, unlike
/// [`u8::is_ascii_whitespace`]).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The line greedy wrapping makes at `text[at..]` (`at` at a word) when it can be copied as it
/// is: up to where it ends, all printable ASCII with single spaces between words (each word safe,
/// one column a byte, and joined by one space as it is written, a line end or tab made a space).
/// Where the line ends, where the text after it begins, and whether a space in it is not `' '`;
/// `None` when the line must be made word by word.
fn plain_line(text: &[u8], at: usize, max: usize) -> Option<(usize, usize, bool)> {
    let end = at.saturating_add(max).min(text.len());
    let window = text.get(at..end)?;
    if window.first().is_none_or(|&b| is_space(b)) {
        return None;
    }
    // A look at every byte, which the compiler does many at a time.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') <= b'\r' - b'\t');
    let (odd, other) = window.iter().fold((false, false), |(odd, other), &b| {
        let printable = (0x21..=0x7e).contains(&b);
        (odd | !printable & !space(b), other | space(b) & (b != b' '))
    });
    let doubled = window
        .iter()
        .zip(&window[1..])
        .fold(false, |doubled, (&a, &b)| doubled | space(a) & space(b));
    if odd || doubled {
        return None;
    }
    let trimmed = if window.last().is_some_and(|&b| is_space(b)) {
        end - 1
    } else {
        end
    };
    match text.get(end) {
        // The rest fits; or the line is full, and the next word begins after a space.
        None => Some((trimmed, end, other)),
        Some(&b) if is_space(b) => Some((trimmed, end, other)),
        // A word runs across the edge: it begins the next line (it cannot fit on this one,
        // being longer than what is left of it). A first word longer than a line is cut, or
        // kept whole if it is a URL: word by word.
        Some(&b) if (0x21..=0x7e).contains(&b) => {
            let space = window.iter().rposition(|&b| is_space(b))?;
            Some((at + space, at + space + 1, other))
        }
        // Perhaps a space of another script, perhaps part of the word.
        Some(_) => None,
    }
}

/// `line` (printable ASCII, words apart by a single space of any kind) with every space a `' '`.
fn push_spaced(out: &mut String, line: &str) {
    for (n, piece) in line
        .split(|c: char| c.is_ascii() && is_space(c as u8))
        .enumerate()
    {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

/// The byte of `text` at which the first word from `at` on begins (the length at the end).
fn skip_spaces(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        if is_space(b) {
            at += 1;
        } else if b < 0x80 {
            break;
        } else {
            match text[at..].chars().next() {
                Some(c) if c.is_whitespace() => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// The next word of `text` from byte `at` on, as `split_whitespace` cuts them: where it begins,
/// the word, and whether it is all printable ASCII; `at` moves past it.
fn next_word<'t>(text: &'t str, at: &mut usize) -> Option<(usize, &'t str, bool)> {
    let bytes = text.as_bytes();
    let start = skip_spaces(text, *at);
    if start >= bytes.len() {
        *at = start;
        return None;
    }
    let mut i = start;
    let mut plain = true;
    while let Some(&b) = bytes.get(i) {
        if (0x21..=0x7e).contains(&b) {
            i += 1;
        } else if b < 0x80 {
            if is_space(b) {
                break;
            }
            plain = false;
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if !c.is_whitespace() => {
                    plain = false;
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
    }
    *at = i;
    Some((start, &text[start..i], plain))
}

/// Lines being written: empty ones held back until a line with text follows (wrapping leaves
/// out empty lines at the end, but one when every line is empty).
struct Writer<'o, 'p> {
    out: &'o mut String,
    prefix: Prefix<'p>,
    /// Lines written, empty ones included.
    written: usize,
    /// Empty lines not written yet.
    held: usize,
    /// Whether a line with text was written.
    any: bool,
    /// The line being written, if any: where it (and the held lines written before it) began.
    open: Option<Mark>,
}

/// Where an open line began, to take it back when it ends with no column of text.
#[derive(Clone, Copy)]
struct Mark {
    at: usize,
    written: usize,
    held: usize,
}

impl<'p> Writer<'_, 'p> {
    fn prefix(&self) -> &'p str {
        if self.written == 0 {
            self.prefix.first
        } else {
            self.prefix.rest
        }
    }

    /// An empty line (none is open).
    fn empty(&mut self) {
        self.held += 1;
    }

    /// Text is about to go on the line: unless one is open, the held empty lines are written
    /// and a line begins.
    fn open(&mut self) {
        if self.open.is_some() {
            return;
        }
        let mark = Mark {
            at: self.out.len(),
            written: self.written,
            held: self.held,
        };
        for _ in 0..std::mem::take(&mut self.held) {
            if self.prefix.on_empty {
                let prefix = self.prefix();
                self.out.push_str(prefix);
            }
            self.out.push('\n');
            self.written += 1;
        }
        let prefix = self.prefix();
        self.out.push_str(prefix);
        self.open = Some(mark);
    }

    /// The open line, which has text, ends.
    fn end(&mut self) {
        self.out.push('\n');
        self.written += 1;
        self.any = true;
        self.open = None;
    }

    /// The open line, if any, is taken back: it holds nothing that takes a column.
    fn discard(&mut self) {
        if let Some(mark) = self.open.take() {
            self.out.truncate(mark.at);
            self.written = mark.written;
            self.held = mark.held;
        }
    }

    /// `word` (printable ASCII, a column a byte) written from column `used` on, cut where a
    /// line is full; the columns used on the last line.
    fn cut_plain(&mut self, word: &str, mut used: usize, max: usize) -> usize {
        let mut word = word;
        while !word.is_empty() {
            if used >= max && used > 0 {
                self.end();
                used = 0;
            }
            let (now, later) = word.split_at((max - used).min(word.len()));
            self.open();
            self.out.push_str(now);
            used += now.len();
            word = later;
        }
        used
    }

    /// `word` (sanitized) written from column `used` on, cut between characters where a line
    /// is full; the columns used on the last line.
    fn cut(&mut self, word: &str, mut used: usize, max: usize) -> usize {
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max && used > 0 {
                self.end();
                used = 0;
            }
            self.open();
            self.out.push(c);
            used += cw;
        }
        used
    }

    fn finish(mut self) {
        self.discard();
        if !self.any && self.held > 0 {
            if self.prefix.on_empty {
                let prefix = self.prefix();
                self.out.push_str(prefix);
            }
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::wrap_keeping_urls;

    /// The lines of `wrap_keeping_urls`, prefixed as the renderers always prefixed them.
    fn reference(text: &str, max: usize, prefix: Prefix<'_>) -> String {
        let mut out = String::new();
        for (n, line) in wrap_keeping_urls(text, max).iter().enumerate() {
            if !line.is_empty() || prefix.on_empty {
                out.push_str(if n == 0 { prefix.first } else { prefix.rest });
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn writing_wrapped_lines_into_a_buffer_gives_the_lines_of_wrap(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "word", "a", "longerwordthanaline", " ", "  ", "\n", "\n\n", "\n\n\n",
                    "\r\n", "\r\n\r\n", "https://example.com/a/long/path", "(www.x.org)",
                    "中文", "\u{200b}", "\u{301}", "\u{1b}[2J", "\t", "\u{b}", "\u{c}", "é", "🚀",
                    "\u{85}", "\u{a0}", "\u{3000}", "\u{202e}", "\u{9b}", "\u{7f}", "\u{0}",
                    "a\u{1}b", "x://", "世界世界世界世界",
                ][..]),
                0..24,
            ),
            max in 0usize..30,
            on_empty: bool,
            before in "[ ▸·]{0,4}",
        ) {
            let text = pieces.concat();
            let prefix = Prefix { first: &before, rest: "  ", on_empty };
            let mut out = String::from("kept");
            wrap_keeping_urls_into(&mut out, &text, max, prefix);
            proptest::prop_assert_eq!(&out[4..], reference(&text, max, prefix));
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_text_with_spaces_of_every_kind_is_wrapped_as_wrap_wraps_it(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "word", "a", "bb", " ", " ", " ", "\n", "\t", "\r\n", "\u{b}", "  ",
                    "\n\n", "longerwordthanaline", "https://x.io/abcdef", "中",
                ][..]),
                0..40,
            ),
            max in 1usize..16,
        ) {
            let text = pieces.concat();
            let prefix = Prefix { first: "> ", rest: "  ", on_empty: false };
            let mut out = String::new();
            wrap_keeping_urls_into(&mut out, &text, max, prefix);
            proptest::prop_assert_eq!(out, reference(&text, max, prefix));
        }
    }

    #[test]
    fn paragraphs_are_those_of_split() {
        for text in [
            "",
            "a",
            "\n",
            "\n\n",
            "\n\n\n",
            "a\n\nb",
            "a\n\n\n\nb\n",
            "\r\n\r\n",
            "é\n\n中",
        ] {
            assert_eq!(
                paragraphs(text).collect::<Vec<_>>(),
                text.split("\n\n").collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_are_those_of_split_whitespace() {
        let text = "a\u{b}b\u{c}c\u{1c}d\u{85}e\u{a0}f 中\u{3000}文 \u{1b}x  ";
        let mut at = 0;
        let mut words = Vec::new();
        while let Some((_, word, _)) = next_word(text, &mut at) {
            words.push(word);
        }
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn a_line_of_nothing_wide_is_taken_back_with_the_empty_lines_before_it() {
        let mut out = String::new();
        let prefix = Prefix {
            first: "> ",
            rest: "  ",
            on_empty: true,
        };
        wrap_keeping_urls_into(&mut out, "a\n\n\u{200b}", 10, prefix);
        assert_eq!(out, "> a\n");
        assert_eq!(out, reference("a\n\n\u{200b}", 10, prefix));
    }
}
