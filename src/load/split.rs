//! Cutting a log's text into pieces that parse on their own: each `[[events]]` entry (with
//! the `[[events.sources]]` and other `[events.…]` tables under it), and the rest of the
//! document (`[timeline]`, `[actors.…]`, `[[eras]]` with their `[[eras.sources]]`, top-level
//! keys). An `[[eras]]` header ends the event entry before it, as any header not under
//! `events` does; eras are few, so they are read with the rest rather than one by one. Parsing a piece at a time keeps
//! only one entry's spanned TOML tree in memory instead of the whole file's, which is
//! several times the size of the text.
//!
//! The scanner reads just enough TOML to find the table headers that start lines: it skips
//! comments, the four kinds of string and the insides of arrays and inline tables. It only
//! needs to be right about valid TOML; for anything it does not understand it gives up
//! ([`layout`] returns `None`) and the caller parses the whole file at once, which reports
//! the problem with its position.

use std::ops::Range;

/// Where the pieces of a log are, as byte ranges of its text, in file order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The stretches that are not inside an `[[events]]` entry.
    pub rest: Vec<Range<usize>>,
    /// One range per `[[events]]` entry, from its header to the next header that is not
    /// under `events`.
    pub events: Vec<Range<usize>>,
}

/// The pieces of `text`, or `None` when it is not laid out in a way this scanner is sure of
/// (a string or array left open, an `[events]` table, a table under `events` before the
/// first entry, brackets that do not balance).
pub fn layout(text: &str) -> Option<Layout> {
    let mut layout = Layout::default();
    // Where the piece being read started, and whether it is an event entry.
    let mut piece = (0, false);
    for (at, header) in Headers::new(text) {
        let header = header?;
        let first = header.path.first()?;
        if first != "events" {
            if piece.1 {
                layout.events.push(piece.0..at);
                piece = (at, false);
            }
            continue;
        }
        match (header.array, header.path.len()) {
            // A new entry: close the piece before it.
            (true, 1) => {
                close(&mut layout, piece, at);
                piece = (at, true);
            }
            // A table inside the current entry.
            (_, n) if n > 1 && piece.1 => {}
            // `[events]`, or `[events.x]` with no entry to belong to.
            _ => return None,
        }
    }
    close(&mut layout, piece, text.len());
    Some(layout)
}

fn close(layout: &mut Layout, (start, is_event): (usize, bool), end: usize) {
    if is_event {
        layout.events.push(start..end);
    } else if start < end {
        layout.rest.push(start..end);
    }
}

/// A table header: its dotted key, unquoted, and whether it is `[[…]]`.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    path: Vec<String>,
    array: bool,
}

/// The headers that start lines, with the offset of their line's first byte; an item is
/// `None` when the scanner lost its way (and the iteration ends there).
struct Headers<'t> {
    text: &'t [u8],
    pos: usize,
    depth: usize,
    done: bool,
}

impl<'t> Headers<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            pos: 0,
            depth: 0,
            done: false,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.text.get(self.pos + ahead).copied()
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.text[self.pos..].starts_with(s)
    }

    /// Moves past a string starting at `pos` (at its opening quote): `Some(true)` when its
    /// closing quote ends it, `None` when it does not end. A one-line string left open ends
    /// with its line (`Some(false)`, as TOML's own error recovery has it): the piece holding
    /// it will not parse, and the pieces after it are still found.
    fn skip_string(&mut self) -> Option<bool> {
        let quote = self.text[self.pos];
        let basic = quote == b'"';
        let triple = [quote; 3];
        if self.starts_with(&triple) {
            self.pos += 3;
            loop {
                self.skip_to_any(quote, if basic { b'\\' } else { quote }, quote);
                match self.peek(0) {
                    None => return None,
                    Some(b'\\') if basic => self.pos += 2,
                    Some(q) if q == quote && self.starts_with(&triple) => {
                        self.pos += 3;
                        // Up to two more quotes belong to the string: `""""` ends it with one.
                        let mut extra = 0;
                        while extra < 2 && self.peek(0) == Some(quote) {
                            self.pos += 1;
                            extra += 1;
                        }
                        return Some(true);
                    }
                    Some(_) => self.pos += 1,
                }
            }
        }
        self.pos += 1;
        loop {
            self.skip_to_any(quote, if basic { b'\\' } else { quote }, b'\n');
            match self.peek(0) {
                None => return None,
                Some(b'\n') => return Some(false),
                Some(b'\\') if basic => self.pos += 2,
                Some(q) if q == quote => {
                    self.pos += 1;
                    return Some(true);
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Reads a header at `pos` (at its first `[`), leaving `pos` after its line.
    fn header(&mut self) -> Option<Header> {
        let array = self.starts_with(b"[[");
        self.pos += if array { 2 } else { 1 };
        let mut path = Vec::new();
        loop {
            self.skip_blanks();
            let key = match self.peek(0)? {
                q @ (b'"' | b'\'') => {
                    let start = self.pos;
                    if self.starts_with(&[q; 3]) || self.skip_string() != Some(true) {
                        return None;
                    }
                    let raw = std::str::from_utf8(&self.text[start + 1..self.pos - 1]).ok()?;
                    if q == b'"' && raw.contains('\\') {
                        // An escaped key: only its first part matters here, and no key this
                        // scanner cares about is written with escapes.
                        format!("\\{raw}")
                    } else {
                        raw.to_string()
                    }
                }
                _ => {
                    let start = self.pos;
                    while self
                        .peek(0)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                    {
                        self.pos += 1;
                    }
                    if start == self.pos {
                        return None;
                    }
                    std::str::from_utf8(&self.text[start..self.pos])
                        .ok()?
                        .to_string()
                }
            };
            path.push(key);
            self.skip_blanks();
            match self.peek(0)? {
                b'.' => self.pos += 1,
                b']' => break,
                _ => return None,
            }
        }
        let close: &[u8] = if array { b"]]" } else { b"]" };
        if !self.starts_with(close) {
            return None;
        }
        self.pos += close.len();
        self.skip_blanks();
        match self.peek(0) {
            None | Some(b'\n') => {}
            Some(b'\r') if self.peek(1) == Some(b'\n') => {}
            Some(b'#') => self.skip_line(),
            Some(_) => return None,
        }
        Some(Header { path, array })
    }

    /// Moves to the next `a`, `b` or `c` (or the end): inside a string, nothing else matters,
    /// and strings are most of a log.
    fn skip_to_any(&mut self, a: u8, b: u8, c: u8) {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        self.pos = memchr::memchr3(a, b, c, rest).map_or(self.text.len(), |i| self.pos + i);
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(0), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Moves to the `\n` ending this line (or the end).
    fn skip_line(&mut self) {
        self.pos =
            memchr::memchr(b'\n', &self.text[self.pos..]).map_or(self.text.len(), |i| self.pos + i);
    }
}

impl Iterator for Headers<'_> {
    type Item = (usize, Option<Header>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut line_start = true;
        let mut line = self.pos;
        while let Some(b) = self.peek(0) {
            match b {
                b'\n' => {
                    self.pos += 1;
                    line_start = true;
                    line = self.pos;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    continue;
                }
                b'[' if line_start && self.depth == 0 => {
                    let header = self.header();
                    if header.is_none() {
                        self.done = true;
                    }
                    return Some((line, header));
                }
                b'#' => self.skip_line(),
                b'"' | b'\'' => {
                    if self.skip_string().is_none() {
                        self.done = true;
                        return Some((line, None));
                    }
                }
                b'[' | b'{' => {
                    self.depth += 1;
                    self.pos += 1;
                }
                b']' | b'}' => {
                    let Some(depth) = self.depth.checked_sub(1) else {
                        self.done = true;
                        return Some((line, None));
                    };
                    self.depth = depth;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
            line_start = false;
        }
        self.done = true;
        (self.depth != 0).then_some((line, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Option<(Vec<&str>, Vec<&str>)> {
        let layout = layout(text)?;
        Some((
            layout.rest.iter().map(|r| &text[r.clone()]).collect(),
            layout.events.iter().map(|r| &text[r.clone()]).collect(),
        ))
    }

    #[test]
    fn entries_carry_their_sources_and_the_rest_is_kept_in_order() {
        let text = "title = 1\n[timeline]\nx = 1\n[[events]]\nid = \"a\"\n[[events.sources]]\nurl = \"u\"\n\n[actors.b]\nname = \"B\"\n[[events]]\nid = \"c\"\n";
        let (rest, events) = pieces(text).unwrap();
        assert_eq!(
            rest,
            [
                "title = 1\n[timeline]\nx = 1\n",
                "[actors.b]\nname = \"B\"\n"
            ]
        );
        assert_eq!(
            events,
            [
                "[[events]]\nid = \"a\"\n[[events.sources]]\nurl = \"u\"\n\n",
                "[[events]]\nid = \"c\"\n"
            ]
        );
    }

    #[test]
    fn brackets_inside_strings_arrays_and_comments_are_not_headers() {
        let text = concat!(
            "[[events]]\n",
            "summary = \"\"\"\n[[events]]\n\\\"\"\" still inside\n[x]\"\"\"\"\n",
            "note = '''\n[[events]]\n'''\n",
            "tags = [\n  [\"a\"],\n[\"b\"]\n]\n",
            "t = { a = \"]\" }\n",
            "s = 'it''s' # [[events]]\n",
            "#[[events]]\n",
            "  [[ events ]] # indented, spaced, with a comment\n",
            "id = \"b\"\n",
        );
        let (rest, events) = pieces(text).unwrap();
        assert!(rest.is_empty());
        assert_eq!(events.len(), 2, "{events:#?}");
        assert!(events[1].starts_with("  [[ events ]]"));
    }

    #[test]
    fn quoted_keys_name_the_same_tables() {
        let (_, events) =
            pieces("[[\"events\"]]\n[[ 'events' . \"sources\" ]]\n[[events]]\n").unwrap();
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn what_it_cannot_be_sure_of_is_left_to_the_whole_parse() {
        for text in [
            "[events]\nx = 1\n",
            "[events.sources]\n",
            "[[events]]\ns = \"\"\"never closed\n",
            "[[events]]\ntags = [\"a\"\n[[events]]\n",
            "[[events]]\nx = ]\n",
            "[[events]] trailing\n",
            "[[events]\n",
            "[]\n",
            // A quoted key left open (found by the fuzzer: the key was sliced backwards).
            "[\"\n",
            "[a= \"x\"\n\n[\"\n",
            "[['events\n[[events]]\n",
        ] {
            assert_eq!(layout(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_one_line_string_left_open_ends_with_its_line() {
        let (_, events) =
            pieces("[[events]]\ns = \"open\n[[events]]\nt = 'open\n[[events]]\n").unwrap();
        assert_eq!(events.len(), 3, "{events:#?}");
    }

    #[test]
    fn eras_end_the_entry_before_them_and_go_with_the_rest() {
        let text = "[[events]]\nid = \"a\"\n[[eras]]\ntitle = \"E\"\n[[eras.sources]]\nurl = \"u\"\n[[events]]\nid = \"b\"\n";
        let (rest, events) = pieces(text).unwrap();
        assert_eq!(
            rest,
            ["[[eras]]\ntitle = \"E\"\n[[eras.sources]]\nurl = \"u\"\n"]
        );
        assert_eq!(
            events,
            ["[[events]]\nid = \"a\"\n", "[[events]]\nid = \"b\"\n"]
        );
    }

    #[test]
    fn a_log_without_entries_is_all_rest() {
        let (rest, events) = pieces("[timeline]\ntitle = \"t\"\r\n[actors.a]\n").unwrap();
        assert_eq!(rest, ["[timeline]\ntitle = \"t\"\r\n[actors.a]\n"]);
        assert!(events.is_empty());
        assert_eq!(layout(""), Some(Layout::default()));
    }
}
