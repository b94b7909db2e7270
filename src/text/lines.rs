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
    wrap_into(out, text, max, prefix, false);
}

/// [`wrap_keeping_urls_into`] of the first paragraph of `text` (up to its first blank line) when
/// it holds more than spaces; nothing otherwise. What
/// `text.split("\n\n").next().filter(|p| !p.trim().is_empty())`, wrapped, gives, in one look.
pub fn wrap_first_paragraph_into(out: &mut String, text: &str, max: usize, prefix: Prefix<'_>) {
    wrap_into(out, text, max, prefix, true);
}

fn wrap_into(out: &mut String, text: &str, max: usize, prefix: Prefix<'_>, first_only: bool) {
    let max = max.max(1);
    // A text that is one plain paragraph (most are) is looked at once, and not split.
    let whole = Kind::of(text.as_bytes());
    let single = matches!(whole, Kind::Plain { .. });
    let mut lines = Writer {
        out,
        prefix,
        written: 0,
        held: 0,
        any: false,
        open: None,
    };
    for (n, paragraph) in paragraphs(text, single).enumerate() {
        if first_only && (n > 0 || paragraph.trim().is_empty()) {
            break;
        }
        if n > 0 {
            lines.empty();
        }
        // Columns on the open line; an open line of characters of no width has none, and is
        // continued rather than ended (as `wrap` always did).
        let mut used = 0;
        let mut blank = true;
        let mut at = 0;
        let mut kind = if single {
            whole
        } else {
            Kind::of(paragraph.as_bytes())
        };
        // A plain paragraph with line ends: made a copy with spaces for them at once, rather than
        // looked through for them line by line (words and widths are the same).
        let spaced;
        let paragraph = match kind {
            Kind::Plain { newlines: true } => {
                spaced = spaced_copy(paragraph);
                kind = Kind::Plain { newlines: false };
                spaced.as_str()
            }
            _ => paragraph,
        };
        loop {
            if used == 0 && lines.open.is_none() {
                if let Kind::Plain { newlines: false } = kind {
                    // Line after line cut from it, until the end or a word longer than a line.
                    let wrote;
                    (at, wrote) = lines.plain_run(paragraph, at, max);
                    blank &= !wrote;
                }
                at = skip_spaces(paragraph, at);
                if let Some((end, next, newlines)) = kind.line(paragraph.as_bytes(), at, max) {
                    blank = false;
                    lines.open();
                    if newlines {
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

/// The paragraphs of `text`, as `text.split("\n\n")` gives them (looking for `\n` alone,
/// which is fast, and at the byte after it).
fn paragraphs(text: &str, single: bool) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        if single {
            // Known to hold no two line ends together.
            rest = None;
            return Some(text);
        }
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

/// A space that a line copied whole may hold between words: `' '`, or a line end (made a space).
fn plain_space(b: u8) -> bool {
    (b == b' ') | (b == b'\n')
}

/// A paragraph, looked at once, as the lines of it that can be copied whole.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Printable ASCII and single [`plain_space`]s: every line but one whose first word is longer
    /// than a line is a piece of it. Whether a line end is among the spaces.
    Plain { newlines: bool },
    /// Anything else: each line looked at, and copied whole only when it can be.
    Mixed,
}

impl Kind {
    fn of(paragraph: &[u8]) -> Kind {
        match plain_bytes(paragraph) {
            Some(newlines) => Kind::Plain { newlines },
            None => Kind::Mixed,
        }
    }

    /// The line greedy wrapping makes at `text[at..]` (`at` at a word) when it can be copied as
    /// it is: where it ends and where the text after it begins; `None` when it must be made word
    /// by word. It can be when, up to where it ends, it is printable ASCII with single spaces
    /// between words: each word is safe, one column a byte, and joined by one space as it is
    /// written ([`push_spaced`]).
    fn line(self, text: &[u8], at: usize, max: usize) -> Option<(usize, usize, bool)> {
        if at >= text.len() {
            return None;
        }
        let end = at.saturating_add(max);
        let newlines = match self {
            Kind::Plain { newlines } => newlines,
            Kind::Mixed => plain_window(text.get(at..end.min(text.len()))?)?,
        };
        let Some(&after) = text.get(end) else {
            // The rest fits (but a space at its end).
            let last = text.len() - usize::from(text.last().is_some_and(|&b| plain_space(b)));
            return Some((last, text.len(), newlines));
        };
        if plain_space(after) {
            // Full to the last column, and a word begins after the space (the line's own last
            // byte is no space: two spaces together make no line to copy).
            return Some((end, end, newlines));
        }
        if !(0x21..=0x7e).contains(&after) {
            // Perhaps a space of another script, perhaps part of the word.
            return None;
        }
        // A word runs across the edge: it begins the next line (it cannot fit on this one,
        // being longer than what is left of it). A first word longer than a line is cut, or
        // kept whole if it is a URL: word by word.
        let space = text[at..end].iter().rposition(|&b| plain_space(b))?;
        Some((at + space, at + space + 1, newlines))
    }
}

/// Whether a line end is in `window`, when it holds only printable ASCII and single
/// [`plain_space`]s, ending with no space; `None` otherwise.
fn plain_window(window: &[u8]) -> Option<bool> {
    if window.last().is_some_and(|&b| plain_space(b)) {
        return None;
    }
    plain_bytes(window)
}

/// Whether a line end is in `bytes`, when they hold only printable ASCII and [`plain_space`]s,
/// never two together; `None` otherwise. Looked at in blocks of a fixed size (the last padded
/// with letters), which the compiler does many bytes at a time.
fn plain_bytes(bytes: &[u8]) -> Option<bool> {
    const BLOCK: usize = 32;
    let look = |block: &[u8; BLOCK + 1]| {
        // Each byte beside the next, as two arrays (two loads, no shuffling).
        let (Some(bytes), Some(next)) = (block.first_chunk::<BLOCK>(), block.last_chunk::<BLOCK>())
        else {
            return (true, false);
        };
        let (mut odd, mut newline) = (false, false);
        for i in 0..BLOCK {
            let b = bytes[i];
            odd |=
                !(0x20..=0x7e).contains(&b) & (b != b'\n') | plain_space(b) & plain_space(next[i]);
            newline |= b == b'\n';
        }
        (odd, newline)
    };
    let mut at = 0;
    let mut newlines = false;
    while let Some(block) = bytes[at..].first_chunk::<{ BLOCK + 1 }>() {
        let (odd, newline) = look(block);
        if odd {
            return None;
        }
        newlines |= newline;
        at += BLOCK;
    }
    let rest = &bytes[at..];
    let mut last = [b'a'; BLOCK + 1];
    last[..rest.len()].copy_from_slice(rest);
    let (odd, newline) = look(&last);
    (!odd).then_some(newlines | newline)
}

/// `paragraph` (printable ASCII and line ends) with a space for each line end.
fn spaced_copy(paragraph: &str) -> String {
    let bytes: Vec<u8> = paragraph
        .bytes()
        .map(|b| if b == b'\n' { b' ' } else { b })
        .collect();
    // Only ASCII bytes were changed, into ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| paragraph.replace('\n', " "))
}

/// `line` (printable ASCII, words apart by a single [`plain_space`]) with every line end made a
/// space.
fn push_spaced(out: &mut String, line: &str) {
    let mut from = 0;
    for i in memchr::memchr_iter(b'\n', line.as_bytes()) {
        out.push_str(&line[from..i]);
        out.push(' ');
        from = i + 1;
    }
    out.push_str(&line[from..]);
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

    /// The lines of a plain paragraph with no line end in it (printable ASCII, words apart by
    /// one `' '`) from byte `at` on, each cut from it where greedy wrapping cuts it, until its end
    /// or a word longer than a line (no line is open): where it stopped, and whether it wrote a
    /// line. As [`Kind::line`] cuts them, without a look at the bytes.
    fn plain_run(&mut self, text: &str, mut at: usize, max: usize) -> (usize, bool) {
        let bytes = text.as_bytes();
        let mut wrote = false;
        loop {
            if bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            if at >= bytes.len() {
                return (at, wrote);
            }
            let end = at.saturating_add(max);
            let (stop, next) = match bytes.get(end) {
                None => (
                    bytes.len() - usize::from(bytes.ends_with(b" ")),
                    bytes.len(),
                ),
                Some(b' ') => (end, end + 1),
                Some(_) => match bytes[at..end].iter().rposition(|&b| b == b' ') {
                    Some(space) => (at + space, at + space + 1),
                    None => return (at, wrote),
                },
            };
            self.line(&text[at..stop]);
            wrote = true;
            at = next;
        }
    }

    /// A line with text, whole (none is open): the held empty lines, then it.
    fn line(&mut self, text: &str) {
        self.write_held();
        let prefix = self.prefix();
        self.out.push_str(prefix);
        self.out.push_str(text);
        self.out.push('\n');
        self.written += 1;
        self.any = true;
    }

    /// The empty lines held, written (with the prefix, when empty lines take it).
    fn write_held(&mut self) {
        for _ in 0..std::mem::take(&mut self.held) {
            if self.prefix.on_empty {
                let prefix = self.prefix();
                self.out.push_str(prefix);
            }
            self.out.push('\n');
            self.written += 1;
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
        self.write_held();
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
            let mut first = String::new();
            wrap_first_paragraph_into(&mut first, &text, max, prefix);
            let expected = text
                .split("\n\n")
                .next()
                .filter(|p| !p.trim().is_empty())
                .map_or(String::new(), |p| reference(p, max, prefix));
            proptest::prop_assert_eq!(first, expected);
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
    fn plain_bytes_sees_every_odd_byte_and_every_two_spaces_wherever_they_are() {
        for len in 0..100 {
            let clean: Vec<u8> = (0..len)
                .map(|i| if i % 4 == 3 { b' ' } else { b'x' })
                .collect();
            assert_eq!(plain_bytes(&clean), Some(false), "{len}");
            for at in 0..len {
                for odd in [
                    &[0x1b][..],
                    b"\t",
                    b"\r",
                    "é".as_bytes(),
                    b"  ",
                    b" \n",
                    b"\n ",
                ] {
                    let mut text = clean.clone();
                    text.splice(at..at, odd.iter().copied());
                    let expected = !odd.iter().all(|&b| plain_space(b) || b == b'x')
                        || text
                            .windows(2)
                            .any(|w| plain_space(w[0]) && plain_space(w[1]));
                    assert_eq!(plain_bytes(&text).is_some(), !expected, "{text:?}");
                }
            }
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
                paragraphs(text, false).collect::<Vec<_>>(),
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
