//! A problem found in a log, where it is, and how to show it to the person who wrote it.

use std::fmt::Write as _;
use std::ops::Range;

use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a log: a message about the bytes in `span`, and perhaps a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source text; may be empty (a point).
    pub span: Range<usize>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span,
            hint: None,
        }
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The longest stretch of a source line quoted in a diagnostic, in columns.
const QUOTE_WIDTH: usize = 100;

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
pub fn render(diagnostic: &Diagnostic, source: &str, file: &str) -> String {
    let label = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let (line, col) = line_col(source, diagnostic.span.start);
    let mut out = String::new();
    let _ = writeln!(out, "{label}: {}", diagnostic.message);
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}--> {file}:{line}:{col}");
    if let Some((quoted, start, len)) = quote(source, &diagnostic.span) {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {quoted}");
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

/// The line holding `span.start`, made safe to print and cut to a window around the span,
/// with the underline's start column and width (display columns).
fn quote(source: &str, span: &Range<usize>) -> Option<(String, usize, usize)> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line = source[line_start..line_end].trim_end_matches('\r');
    if line.trim().is_empty() && span.is_empty() {
        return None;
    }
    // A span may start in the line's trailing carriage returns, which are not shown.
    let start = start.min(line_start + line.len());
    let end = floor_char_boundary(source, span.end.clamp(start, line_start + line.len()));
    let shown = |s: &str| text::sanitize(s).into_owned();
    let before = shown(&source[line_start..start]);
    let marked = shown(&source[start..end]);
    let after = shown(&source[end..line_start + line.len()]);

    // Keep the underlined part in view on very long lines.
    let (before, cut_front) = if text::width(&before) > QUOTE_WIDTH / 2 {
        (tail(&before, QUOTE_WIDTH / 2), true)
    } else {
        (before, false)
    };
    let before = if cut_front {
        format!("…{before}")
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
    ))
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

    #[test]
    fn control_characters_in_quoted_lines_are_neutralised() {
        let src = "title = \"\u{1b}[2J\"";
        let out = render(&Diagnostic::error(0..5, "m"), src, "f");
        assert!(!out.contains('\u{1b}'));
    }
}
