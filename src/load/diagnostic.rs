//! A problem found in a log, where it is, and how to show it to the person who wrote it.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use crate::text;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a log: a message about the bytes in `span`, and perhaps a hint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source text; may be empty (a point).
    pub span: Range<usize>,
    /// Most hints are the same words every time: those are not copied per diagnostic (a
    /// log of a million tiny events has two million warnings).
    pub hint: Option<Cow<'static, str>>,
    /// Which of the log's files `span` is in: 0 for the first (the only one of a log in one
    /// file), then in the order the files were loaded (see `load::include`).
    pub file: u32,
    /// A second place the problem involves (the first use of a duplicate id), in any file.
    pub note: Option<Box<Note>>,
}

/// A second place a diagnostic points at, rendered after it with its own quoted line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    pub message: String,
    pub file: u32,
    pub span: Range<usize>,
}

impl Diagnostic {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span,
            hint: None,
            file: 0,
            note: None,
        }
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic, in file `file` of the log.
    pub fn in_file(mut self, file: u32) -> Self {
        self.file = file;
        self
    }

    /// The same diagnostic, pointing also at `span` of file `file`, with `message` there.
    pub fn with_note(mut self, file: u32, span: Range<usize>, message: impl Into<String>) -> Self {
        self.note = Some(Box::new(Note {
            message: message.into(),
            file,
            span,
        }));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset in `source`. For many
/// diagnostics of one source, [`Renderer`] finds them without reading the source again.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The longest stretch of a source line quoted in a diagnostic, in columns.
const QUOTE_WIDTH: usize = 100;

/// How many bytes of a line, on each side of a span and of the span itself, are looked at
/// to quote it: enough for [`QUOTE_WIDTH`] columns of any text, however long the line.
const QUOTE_WINDOW: usize = QUOTE_WIDTH * 4;

/// Renders a diagnostic the way compilers do: the message, `file:line:col`, the line
/// quoted with the offending part underlined, and the hint.
///
/// ```text
/// error: unknown actor `huwaei`
///   --> events.toml:12:26
///    |
/// 12 | actors = ["us-commerce", "huwaei"]
///    |                          ^^^^^^^^
///    = hint: did you mean `huawei`?
/// ```
///
/// Finding the line reads the source up to the span: to render many diagnostics of one
/// source, use a [`Renderer`].
pub fn render(diagnostic: &Diagnostic, source: &str, file: &str) -> String {
    Renderer::new(source).render(diagnostic, file)
}

/// Renders diagnostics of one source in time proportional to the source plus the
/// diagnostics: the lines are found once, and each column is counted on from the previous
/// diagnostic's when it is further along the same line (diagnostics come in file order).
pub struct Renderer<'s> {
    source: &'s str,
    /// Where each line starts (byte offsets).
    starts: Vec<usize>,
    /// The last position found: offset, line (0-based), column (1-based).
    last: (usize, usize, usize),
    /// Bytes of the source read to find columns and quote lines, after the line index: what
    /// the tests hold to a bound, rather than a time.
    read: usize,
}

impl<'s> Renderer<'s> {
    pub fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
            .collect();
        Self {
            source,
            starts,
            last: (0, 0, 1),
            read: 0,
        }
    }

    /// Bytes of the source read so far to render, the line index aside.
    #[doc(hidden)]
    pub fn bytes_read(&self) -> usize {
        self.read
    }

    /// The line (0-based) and column (1-based, in characters) of `offset`.
    fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let (last_offset, last_line, last_col) = self.last;
        let (from, base) = if line == last_line && offset >= last_offset {
            (last_offset, last_col)
        } else {
            (self.starts.get(line).copied().unwrap_or(0), 1)
        };
        self.read += offset - from;
        let col = base + self.source[from..offset].chars().count();
        self.last = (offset, line, col);
        (line, col)
    }

    /// The text of line `line` (0-based), without its newline.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.source.len(), |next| next - 1);
        (start, end)
    }

    /// One diagnostic, as [`render`] shows it (without its note, which may be in another
    /// file: see [`render_many_files`]).
    pub fn render(&mut self, diagnostic: &Diagnostic, file: &str) -> String {
        let label = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        self.labelled(label, diagnostic, file)
    }

    /// A diagnostic's note, shown as a diagnostic of its own labelled `note`.
    pub fn render_note(&mut self, note: &Note, file: &str) -> String {
        let d = Diagnostic::error(note.span.clone(), note.message.clone());
        self.labelled("note", &d, file)
    }

    fn labelled(&mut self, label: &str, diagnostic: &Diagnostic, file: &str) -> String {
        let (line, col) = self.position(diagnostic.span.start);
        let mut out = String::new();
        let _ = writeln!(out, "{label}: {}", diagnostic.message);
        let number = line + 1;
        let gutter = number.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {file}:{number}:{col}");
        let (line_start, line_end) = self.line_bounds(line);
        if let Some((quoted, start, len, read)) =
            quote(self.source, &diagnostic.span, line_start, line_end)
        {
            self.read += read;
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {quoted}");
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(start),
                "^".repeat(len.max(1))
            );
        }
        if let Some(hint) = &diagnostic.hint {
            let _ = writeln!(out, "{pad} = hint: {hint}");
        }
        out
    }
}

/// The line from `line_start` to `line_end` that holds `span.start`, made safe to print and
/// cut to a window around the span, with the underline's start column and width (display
/// columns), and how many bytes were read. Only [`QUOTE_WINDOW`] bytes on each side of the
/// span's start are read.
fn quote(
    source: &str,
    span: &Range<usize>,
    line_start: usize,
    line_end: usize,
) -> Option<(String, usize, usize, usize)> {
    let line = source[line_start..line_end].trim_end_matches('\r');
    let blank = line.len() <= QUOTE_WINDOW && line.trim().is_empty();
    if blank && span.is_empty() {
        return None;
    }
    let text_end = line_start + line.len();
    // A span may start in the line's trailing carriage returns, which are not shown.
    let start = floor_char_boundary(source, span.start.clamp(line_start, text_end));
    let end = floor_char_boundary(source, span.end.clamp(start, text_end));
    let from = ceil_char_boundary(source, start.saturating_sub(QUOTE_WINDOW).max(line_start));
    let marked_end = floor_char_boundary(source, end.min(start + QUOTE_WINDOW));
    let after_end = floor_char_boundary(source, text_end.min(marked_end + QUOTE_WINDOW));
    let shown = |s: &str| text::sanitize(s).into_owned();
    let before = shown(&source[from..start]);
    let marked = shown(&source[start..marked_end]);
    let after = if marked_end == end {
        shown(&source[end..after_end])
    } else {
        String::new()
    };

    // Keep the underlined part in view on very long lines.
    let cut_front = from > line_start || text::width(&before) > QUOTE_WIDTH / 2;
    let before = if cut_front {
        format!("…{}", tail(&before, QUOTE_WIDTH / 2))
    } else {
        before
    };
    let room = QUOTE_WIDTH.saturating_sub(text::width(&before));
    let marked = text::truncate(&marked, room.max(1));
    let room = room.saturating_sub(text::width(&marked));
    let after = text::truncate(&after, room);
    let underline_start = text::width(&before);
    let underline_len = text::width(&marked);
    Some((
        format!("{before}{marked}{after}"),
        underline_start,
        underline_len,
        after_end - from,
    ))
}

/// How many diagnostics of one kind are shown before the rest of that kind are only
/// counted (`… and 9,950 more like this`), as compilers do; `annals check --all` shows
/// every one. Two diagnostics are of one kind when their messages differ only in what they
/// quote between backticks.
pub const PER_KIND: usize = 50;

/// Diagnostics (in file order) rendered one after another, each followed by a blank line.
/// With `per_kind`, only that many of each kind; then one line per kind with more, saying
/// how many more.
pub fn render_many(
    diagnostics: &[Diagnostic],
    source: &str,
    file: &str,
    per_kind: Option<usize>,
) -> String {
    render_many_files(diagnostics, &[(file, source)], per_kind)
}

/// [`render_many`] for a log in several files: `files` gives each file's name and text, in
/// the order a diagnostic's `file` counts them. A note follows its diagnostic, quoted from
/// its own file.
pub fn render_many_files(
    diagnostics: &[Diagnostic],
    files: &[(&str, &str)],
    per_kind: Option<usize>,
) -> String {
    let mut renderers: Vec<Renderer<'_>> =
        files.iter().map(|(_, text)| Renderer::new(text)).collect();
    let name = |file: u32| files.get(file as usize).map_or("?", |(name, _)| name);
    let mut out = String::new();
    // Each kind in the order first seen.
    let mut kinds: Vec<Kind<'_>> = Vec::new();
    let mut index: std::collections::HashMap<(Severity, String), usize> =
        std::collections::HashMap::new();
    for d in diagnostics {
        if let Some(most) = per_kind {
            let key = (d.severity, kind(&d.message));
            let k = *index.entry(key).or_insert_with(|| {
                kinds.push(Kind::new(d));
                kinds.len() - 1
            });
            let Some(kind) = kinds.get_mut(k) else {
                continue;
            };
            if kind.add(&d.message) > most {
                continue;
            }
        }
        if let Some(renderer) = renderers.get_mut(d.file as usize) {
            out.push_str(&renderer.render(d, name(d.file)));
        }
        if let Some(note) = &d.note
            && let Some(renderer) = renderers.get_mut(note.file as usize)
        {
            out.push_str(&renderer.render_note(note, name(note.file)));
        }
        out.push('\n');
    }
    let most = per_kind.unwrap_or(usize::MAX);
    for kind in kinds.iter().filter(|k| k.seen > most) {
        let label = match kind.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{label}: … and {} more like this: {}\n  = hint: `annals check --all` shows every one\n",
            thousands(kind.seen - most),
            kind.shown()
        );
    }
    out
}

/// Diagnostics of one kind: the first message, which of its quoted values vary among the
/// others, and how many there were.
struct Kind<'d> {
    severity: Severity,
    first: &'d str,
    varies: Vec<bool>,
    seen: usize,
}

impl<'d> Kind<'d> {
    fn new(d: &'d Diagnostic) -> Self {
        Self {
            severity: d.severity,
            first: &d.message,
            varies: vec![false; d.message.split('`').count()],
            seen: 0,
        }
    }

    /// Counts one more message of this kind; returns how many so far.
    fn add(&mut self, message: &str) -> usize {
        let parts = self.first.split('`').zip(message.split('`'));
        for (varies, (a, b)) in self.varies.iter_mut().zip(parts) {
            *varies |= a != b;
        }
        self.seen += 1;
        self.seen
    }

    /// The first message, each quoted value that varies left out: ``event `…` has no source``
    /// but ``this source's `url` is empty``.
    fn shown(&self) -> String {
        let mut out = String::with_capacity(self.first.len());
        for (n, (part, varies)) in self.first.split('`').zip(&self.varies).enumerate() {
            if n > 0 {
                out.push('`');
            }
            out.push_str(if *varies { "…" } else { part });
        }
        out
    }
}

/// A message with what it quotes between backticks left out: two messages of one kind have
/// the same.
fn kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (n, part) in message.split('`').enumerate() {
        if n > 0 {
            out.push('`');
        }
        out.push_str(if n % 2 == 1 { "…" } else { part });
    }
    out
}

/// `9950` as `9,950`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The last `max` columns of `s`.
fn tail(s: &str, max: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.into_iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = "a = 1\nb = \"中文\" x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), (2, 10));
        assert_eq!(line_col(src, src.len()), (3, 1));
    }

    #[test]
    fn render_quotes_the_line_and_underlines_the_span() {
        let src = "[[events]]\nactors = [\"huwaei\"]\n";
        let start = src.find("\"huwaei\"").unwrap();
        let d = Diagnostic::error(start..start + 8, "unknown actor `huwaei`")
            .with_hint("did you mean `huawei`?");
        let out = render(&d, src, "events.toml");
        assert_eq!(
            out,
            "error: unknown actor `huwaei`\n --> events.toml:2:11\n  |\n2 | actors = [\"huwaei\"]\n  |           ^^^^^^^^\n  = hint: did you mean `huawei`?\n"
        );
    }

    #[test]
    fn very_long_lines_are_quoted_in_a_window() {
        let src = format!("title = \"{}\" bad", "x".repeat(10_000));
        let start = src.find("bad").unwrap();
        let out = render(&Diagnostic::error(start..start + 3, "m"), &src, "f");
        assert!(out.lines().all(|l| l.chars().count() < 130), "{out}");
        assert!(out.contains("bad"));
    }

    #[test]
    fn a_span_in_trailing_carriage_returns_is_quoted_safely() {
        let src = "title = \"x\"\r\r\r\nnext";
        let out = render(&Diagnostic::error(13..15, "m"), src, "f");
        assert!(out.contains("1 | title = \"x\""), "{out}");
    }

    /// Diagnostics on every fourth of 20,000 actors on one 170 KB line: each column counted
    /// on from the last, each quote from a window, so the bytes read grow with the
    /// diagnostics, not with their product with the line (20,000 took 27 s to render).
    #[test]
    fn many_diagnostics_on_one_long_line_read_it_about_once() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("\"who-{i}\"")).collect();
        let src = format!("[[events]]\nactors = [{}]\n", ids.join(", "));
        assert!(src.len() > 170_000);
        let mut renderer = Renderer::new(&src);
        let mut out = String::new();
        let mut at = 0;
        let mut rendered = 0;
        for id in ids.iter().step_by(4) {
            rendered += 1;
            let start = at + src[at..].find(id.as_str()).unwrap();
            at = start + id.len();
            let d = Diagnostic::error(start..at, format!("unknown actor {id}"));
            out = renderer.render(&d, "f");
        }
        assert!(
            out.contains("-->  f:2:") || out.contains("--> f:2:"),
            "{out}"
        );
        let bound = src.len() + rendered * 3 * QUOTE_WINDOW;
        assert!(
            renderer.bytes_read() <= bound,
            "{} > {bound}",
            renderer.bytes_read()
        );
    }

    #[test]
    fn many_diagnostics_on_many_lines_render_as_each_alone() {
        let src = "a = 1\nb = \"中文 x\"\n\nc = [1, 2, 3]\r\nd = 4".to_string();
        let spans = [
            0..1,
            6..7,
            13..15,
            17..17,
            20..23,
            22..25,
            35..36,
            src.len()..src.len(),
        ];
        let mut renderer = Renderer::new(&src);
        for span in spans {
            let d = Diagnostic::warning(span.clone(), "m").with_hint("h");
            assert_eq!(renderer.render(&d, "f"), render(&d, &src, "f"), "{span:?}");
            let (line, col) = line_col(&src, span.start);
            assert!(render(&d, &src, "f").contains(&format!("f:{line}:{col}")));
        }
    }

    #[test]
    fn after_fifty_of_one_kind_the_rest_are_counted() {
        let src = "x\n".repeat(200);
        let mut diagnostics: Vec<Diagnostic> = (0..120)
            .map(|i| Diagnostic::warning(i * 2..i * 2 + 1, format!("event `e{i}` has no source")))
            .collect();
        diagnostics.extend(
            (0..60).map(|i| Diagnostic::warning(250 + i..251 + i, "this source's `url` is empty")),
        );
        diagnostics.push(Diagnostic::error(300..301, "unknown actor `a`"));
        let some = render_many(&diagnostics, &src, "f", Some(PER_KIND));
        assert_eq!(some.matches("has no source").count(), PER_KIND + 1);
        assert!(
            some.contains("warning: … and 70 more like this: event `…` has no source"),
            "{some}"
        );
        assert!(some.contains("error: unknown actor `a`"));
        assert!(
            some.contains("warning: … and 10 more like this: this source's `url` is empty"),
            "{some}"
        );
        let all = render_many(&diagnostics, &src, "f", None);
        assert_eq!(all.matches("has no source").count(), 120);
        assert!(!all.contains("more like this"));
        assert_eq!(thousands(9_950), "9,950");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn control_characters_in_quoted_lines_are_neutralised() {
        let src = "title = \"\u{1b}[2J\"";
        let out = render(&Diagnostic::error(0..5, "m"), src, "f");
        assert!(!out.contains('\u{1b}'));
    }
}
