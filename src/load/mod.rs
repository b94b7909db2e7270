//! Loading a log: bytes to text, TOML to a validated [`Timeline`], and every problem on the way
//! as a [`Diagnostic`] with its position.

mod build;
pub mod cache;
pub mod diagnostic;
pub mod fields;
pub mod include;
mod parallel;
mod read;
mod split;
pub mod views;

use std::path::{Path, PathBuf};

pub use build::DEFAULT_LANE;
/// The keys each table of a log may have, in the order the format writes them.
pub use build::{ACTOR_KEYS, ERA_KEYS, EVENT_KEYS, SOURCE_KEYS, TIMELINE_KEYS};
pub use diagnostic::{Diagnostic, PER_KIND, Renderer, Severity, line_col, render};
pub use include::{Inputs, Matched};
pub use read::{DEFAULT_LIMIT, LIMIT_VARIABLE, ReadError, kind, read, read_watched};
pub use views::VIEW_KEYS;

use crate::model::{SharedText, Timeline};
use fields::Span;

/// The curated log, compiled into the binary.
pub const BUILTIN: &str = include_str!("../../events.toml");

/// Where a log came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    /// A file named by `$ANNALS_FILE` rather than `--file`: messages about it say so, as a
    /// person may have forgotten the variable is set.
    EnvFile(PathBuf),
    /// Two or more files (`-f a.toml -f b.toml`): the first is the main file, with the
    /// `[timeline]`; the others are read as if it included them.
    Files(Vec<PathBuf>),
    Stdin,
    Builtin,
}

impl Origin {
    /// How messages name it: the path as given (made safe to print), `<stdin>` or `<built-in events.toml>`.
    pub fn name(&self) -> String {
        match self {
            Origin::File(path) | Origin::EnvFile(path) => path_name(path),
            Origin::Files(paths) => paths
                .iter()
                .map(|p| path_name(p))
                .collect::<Vec<_>>()
                .join(" + "),
            Origin::Stdin => "<stdin>".to_string(),
            Origin::Builtin => "<built-in events.toml>".to_string(),
        }
    }

    /// The file to watch for changes, if there is one: for several, the first.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::File(path) | Origin::EnvFile(path) => Some(path),
            Origin::Files(paths) => paths.first().map(PathBuf::as_path),
            _ => None,
        }
    }

    /// Every file named (not those they include).
    pub fn paths(&self) -> Vec<&Path> {
        match self {
            Origin::Files(paths) => paths.iter().map(PathBuf::as_path).collect(),
            _ => self.path().into_iter().collect(),
        }
    }

    /// Where the name came from, to follow it in a message: ` (from $ANNALS_FILE)` or
    /// nothing.
    pub fn via(&self) -> &'static str {
        match self {
            Origin::EnvFile(_) => " (from $ANNALS_FILE)",
            _ => "",
        }
    }
}

/// A path as messages show it: as given, made safe to print.
pub fn path_name(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string()).into_owned()
}

/// The outcome of loading: the text as read, every diagnostic in file order, and the
/// timeline when there was no error.
#[derive(Debug, Clone)]
pub struct Report {
    /// The text of the first (or only) file, which the timeline's events share.
    pub text: SharedText,
    /// Every diagnostic: by file (in loading order), then by position.
    pub diagnostics: Vec<Diagnostic>,
    pub timeline: Option<Timeline>,
    /// The files after the first, as opened, with their text: a diagnostic whose `file` is
    /// `i > 0` points into `more[i - 1]`.
    pub more: Vec<(PathBuf, SharedText)>,
    /// Every file and include pattern read (see [`Inputs`]).
    pub inputs: Inputs,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// The diagnostics rendered for a terminal, with a closing count that names the log
    /// and, for `$ANNALS_FILE`, where its name came from: the first [`PER_KIND`] of each
    /// kind, the rest of that kind counted on one line.
    pub fn render(&self, origin: &Origin) -> String {
        self.render_some(origin, Some(PER_KIND))
    }

    /// Every diagnostic rendered for a terminal (`annals check --all`), with a closing count.
    pub fn render_all(&self, origin: &Origin) -> String {
        self.render_some(origin, None)
    }

    /// How messages name file `file` of the log (see [`Diagnostic::file`]).
    pub fn file_name(&self, origin: &Origin, file: u32) -> String {
        match (file, origin) {
            (0, Origin::Files(paths)) => paths.first().map(|p| path_name(p)).unwrap_or_default(),
            (0, _) => origin.name(),
            (i, _) => self
                .more
                .get(i as usize - 1)
                .map(|(p, _)| path_name(p))
                .unwrap_or_default(),
        }
    }

    /// The text of file `file` of the log.
    pub fn file_text(&self, file: u32) -> &str {
        match file {
            0 => &self.text,
            i => self.more.get(i as usize - 1).map_or("", |(_, t)| t),
        }
    }

    /// The path of file `file`, when it is a file.
    pub fn file_path<'a>(&'a self, origin: &'a Origin, file: u32) -> Option<&'a Path> {
        match file {
            0 => origin.path(),
            i => self.more.get(i as usize - 1).map(|(p, _)| p.as_path()),
        }
    }

    fn render_some(&self, origin: &Origin, per_kind: Option<usize>) -> String {
        let names: Vec<String> = (0..=self.more.len() as u32)
            .map(|i| self.file_name(origin, i))
            .collect();
        let files: Vec<(&str, &str)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), self.file_text(i as u32)))
            .collect();
        let mut out = diagnostic::render_many_files(&self.diagnostics, &files, per_kind);
        let file = origin.name();
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        out.push_str(&format!(
            "{file}{}: {} and {}\n",
            origin.via(),
            crate::text::count(errors, "error"),
            crate::text::count(warnings, "warning")
        ));
        out
    }
}

/// Loads a log from raw bytes: checks the encoding, parses, validates.
pub fn parse_bytes(bytes: Vec<u8>) -> Report {
    match decode(bytes) {
        Ok(text) => parse_owned(text),
        Err((text, d)) => report(SharedText::new(text), vec![d], None),
    }
}

/// A report with nothing but the one file's text, diagnostics and timeline.
fn report(text: SharedText, diagnostics: Vec<Diagnostic>, timeline: Option<Timeline>) -> Report {
    Report {
        text,
        diagnostics,
        timeline,
        more: Vec::new(),
        inputs: Inputs::default(),
    }
}

/// The text of a file's bytes; or, when they are not UTF-8, the text read as far as
/// possible (a leading BOM dropped) and the error at the first bad byte.
fn decode(bytes: Vec<u8>) -> Result<String, (String, Diagnostic)> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes());
            let text = strip_bom(&lossy).to_string();
            // The lossy text matches the bytes up to the first bad one; only a BOM shifts it.
            let at = valid - (lossy.len() - text.len());
            let d = Diagnostic::error(at..at + 1, "the file is not valid UTF-8 text")
                .with_hint("save it as UTF-8 (the underlined byte is the first bad one)");
            Err((text, d))
        }
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Loads a log from text: parses, validates, sorts. Diagnostics come in file order.
pub fn parse(text: &str) -> Report {
    parse_owned(text.to_string())
}

/// [`parse`] for text the caller gives up, which the report keeps without a copy.
pub fn parse_owned(text: String) -> Report {
    let own_errors = text.len() >= OWN_ERRORS_FROM;
    read_text(text, Some(own_errors), None)
}

/// [`parse`] without cutting the file into pieces: the reference that reading by pieces must
/// agree with, which tests and the fuzzer compare it to.
#[doc(hidden)]
pub fn parse_whole(text: &str) -> Report {
    read_text(text.to_string(), None, None)
}

/// [`parse`] as a log of [`OWN_ERRORS_FROM`] bytes or more is read, whatever its size: each
/// entry that does not parse reports its own TOML errors. For the fuzzer.
#[doc(hidden)]
pub fn parse_reporting_piece_errors(text: &str) -> Report {
    read_text(text.to_string(), Some(true), None)
}

/// [`parse`] with the entries read on exactly `threads` threads (1: one after another,
/// whatever the log's size), each broken entry reporting its own TOML errors or not (see
/// [`parse_reporting_piece_errors`]). For the tests that hold the parallel reading to the
/// sequential one and to [`parse_whole`].
#[doc(hidden)]
pub fn parse_in_threads(text: &str, own_errors: bool, threads: usize) -> Report {
    read_text(text.to_string(), Some(own_errors), Some(threads))
}

/// Reads a log whole (`pieces` is `None`) or by pieces, the TOML errors of pieces that do
/// not parse reported from the pieces alone or not (`Some(own_errors)`, see [`by_pieces`]),
/// on `threads` threads (`None`: as many as suit the log).
/// A leading byte-order mark is dropped, once (as an editor writes it).
fn read_text(mut text: String, pieces: Option<bool>, threads: Option<usize>) -> Report {
    drop_bom(&mut text);
    let text = SharedText::new(text);
    let mut reader = fields::Reader::default();
    let timeline = match empty_file(&text) {
        Some(d) => {
            reader.push(d);
            None
        }
        None => {
            let (parts, diagnostics) = read_one(&text, pieces, threads, &build::Seed::default());
            reader.diagnostics = diagnostics;
            parts.and_then(|(header, drafts)| {
                drafts.finish(header, &mut reader, std::slice::from_ref(&text))
            })
        }
    };
    let mut diagnostics = reader.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
    report(text, diagnostics, timeline)
}

/// Drops a leading byte-order mark, once.
fn drop_bom(text: &mut String) {
    let bom = text.len() - strip_bom(text).len();
    text.drain(..bom);
}

/// The error for a file with nothing but whitespace and comments, if it is one.
fn empty_file(text: &str) -> Option<Diagnostic> {
    if !holds_no_toml(text) {
        return None;
    }
    let message = if text.trim().is_empty() {
        "the file is empty"
    } else {
        "the file is empty: it holds only comments"
    };
    Some(Diagnostic::error(0..0, message).with_hint(
        "a log has a [timeline] table, [actors.…] tables and [[events]] entries; see the README",
    ))
}

/// One file of a log (file `seed.file`) read into its header and events, not yet resolved
/// against the others, by pieces or whole as [`read_text`] says; with its diagnostics, each
/// marked with its file. No parts when its TOML does not parse.
fn read_one(
    text: &str,
    pieces: Option<bool>,
    threads: Option<usize>,
    seed: &build::Seed,
) -> (Option<(build::Header, build::Drafts)>, Vec<Diagnostic>) {
    let mut reader = fields::Reader::default();
    let parts = match pieces
        .and_then(|own_errors| parts_by_pieces(text, &mut reader, own_errors, seed, threads))
    {
        Some(parts) => parts,
        None => {
            reader = fields::Reader::default();
            whole_parts(text, &mut reader, seed)
        }
    };
    let mut diagnostics = reader.diagnostics;
    for d in &mut diagnostics {
        d.file = seed.file;
    }
    (parts, diagnostics)
}

/// True for a text with nothing but whitespace and comments: no log at all, however it
/// parses. (A `#` that starts a line can only begin a comment when no line holds anything
/// else, since a string spanning lines must be opened on a line of its own.)
fn holds_no_toml(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// The whole file parsed at once: what a log that [`by_pieces`] cannot read gets, so that
/// TOML's own errors are reported as TOML finds them.
fn whole_parts(
    text: &str,
    reader: &mut fields::Reader,
    seed: &build::Seed,
) -> Option<(build::Header, build::Drafts)> {
    let (root, errors) = toml::de::DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let (header, events) = build::read_parts(root.get_ref(), text, reader, seed);
        return Some((header, events.into_drafts()));
    }
    for e in errors {
        reader.push(syntax_error(&e, |span| span));
    }
    None
}

/// A TOML syntax error as a diagnostic, its span moved by `to_file` to a place in the file.
pub(crate) fn syntax_error(e: &toml::de::Error, to_file: impl Fn(Span) -> Span) -> Diagnostic {
    Diagnostic::error(
        to_file(e.span().unwrap_or(0..0)),
        syntax_message(e.message()),
    )
    .with_hint("fix the TOML syntax here first; other checks run once it parses")
}

/// From this size on, a log whose pieces do not all parse reports the TOML errors of each
/// piece, found in the piece alone, rather than parsing the whole file again to find them
/// (which needs about ten times the file's size in memory: a gigabyte for a 100 MB log).
/// Smaller logs are parsed whole, so that their errors read exactly as TOML reports them.
const OWN_ERRORS_FROM: usize = 4 << 20;

/// The file parsed a piece at a time (see [`split`]): the part without events, then each
/// `[[events]]` entry on its own, so that only one entry's parsed TOML is in memory at once
/// on each thread. The entries are read on `threads` threads (`None`: one per core, see
/// [`parallel`]).
/// Gives the same answer as [`whole`], or `None` (with nothing reported) when the file is
/// laid out in a way the pieces could get wrong, or when a piece does not parse and
/// `own_errors` is false; [`whole`] then reads it. With `own_errors`, the TOML errors of the
/// pieces are the answer instead (and nothing else, as with [`whole`]).
#[cfg(test)]
fn by_pieces(
    text: &str,
    reader: &mut fields::Reader,
    own_errors: bool,
    threads: Option<usize>,
) -> Option<Option<Timeline>> {
    let parts = parts_by_pieces(text, reader, own_errors, &build::Seed::default(), threads)?;
    let files = [SharedText::new(text.to_string())];
    Some(parts.and_then(|(header, drafts)| drafts.finish(header, reader, &files)))
}

/// [`by_pieces`] for file `seed.file` of a log, stopping short of resolving ids: the header
/// and the events read.
fn parts_by_pieces(
    text: &str,
    reader: &mut fields::Reader,
    own_errors: bool,
    seed: &build::Seed,
    threads: Option<usize>,
) -> Option<Option<(build::Header, build::Drafts)>> {
    let layout = split::layout(text)?;
    let mut syntax: Vec<Diagnostic> = Vec::new();
    let rest = Joined::new(text, &layout.rest);
    let (root, errors) = toml::de::DeTable::parse_recoverable(&rest.text);
    let mut header = None;
    if !errors.is_empty() {
        if !own_errors {
            return None;
        }
        syntax.extend(
            errors
                .iter()
                .map(|e| syntax_error(e, |span| rest.map(span))),
        );
    } else if root.get_ref().contains_key("events") {
        return None;
    } else {
        let mut read = build::Header::read_seeded(root.get_ref(), &rest.text, reader, seed);
        if !rest.is_verbatim() {
            for d in &mut reader.diagnostics {
                d.span = rest.map(d.span.clone());
            }
            read.map_spans(|span| rest.map(span));
        }
        header = Some(read);
    }
    drop(root);
    drop(rest);
    let threads = threads.unwrap_or_else(|| parallel::threads_for(&layout.events));
    let read = parallel::read(text, &layout.events, own_errors, threads, seed.file)?;
    syntax.extend(read.syntax);
    reader.diagnostics.extend(read.diagnostics);
    match header {
        Some(header) if syntax.is_empty() => Some(Some((header, read.events.into_drafts()))),
        _ => {
            reader.diagnostics = syntax;
            Some(None)
        }
    }
}

/// Stretches of a text put together into one, and the way back from a position in it to
/// the position in the original.
struct Joined<'t> {
    text: std::borrow::Cow<'t, str>,
    /// For each stretch: where it starts in `text`, and in the original.
    starts: Vec<(usize, usize)>,
}

impl<'t> Joined<'t> {
    fn new(original: &'t str, stretches: &[Span]) -> Self {
        if let [only] = stretches {
            return Self {
                text: std::borrow::Cow::Borrowed(&original[only.clone()]),
                starts: vec![(0, only.start)],
            };
        }
        let mut text = String::with_capacity(stretches.iter().map(|r| r.len()).sum());
        let mut starts = Vec::with_capacity(stretches.len());
        for r in stretches {
            starts.push((text.len(), r.start));
            text.push_str(&original[r.clone()]);
        }
        Self {
            text: std::borrow::Cow::Owned(text),
            starts,
        }
    }

    /// True when positions in `text` are positions in the original.
    fn is_verbatim(&self) -> bool {
        self.starts
            .iter()
            .all(|&(joined, original)| joined == original)
    }

    fn offset(&self, at: usize) -> usize {
        let i = self
            .starts
            .partition_point(|&(start, _)| start <= at)
            .max(1)
            - 1;
        match self.starts.get(i) {
            Some(&(joined, original)) => original + (at - joined),
            None => at,
        }
    }

    /// The original span of a span of `text`. An end that closes a stretch stays with it,
    /// not with the start of the next.
    fn map(&self, span: Span) -> Span {
        let start = self.offset(span.start);
        let end = if span.end > span.start {
            self.offset(span.end - 1) + 1
        } else {
            start
        };
        start..end
    }
}

/// The first line of a TOML parser message, starting with "TOML syntax:".
fn syntax_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("invalid TOML").trim();
    format!("TOML syntax: {first}")
}

/// Loads from an origin in one step, with every file it includes, keeping every diagnostic
/// (for `check`).
pub fn load(origin: &Origin) -> Result<Report, ReadError> {
    cache::load(origin, false)
}

/// Why a log cannot be shown: it could not be read, or it has errors. One type for the CLI
/// and the explorer's watcher, so both say the same thing in the same words.
#[derive(Debug)]
pub enum LoadError {
    /// The bytes could not be read at all.
    Read(ReadError),
    /// The log was read and has errors; `report` holds them with the text they point into.
    Invalid { origin: Origin, report: Box<Report> },
}

impl LoadError {
    /// The whole story for a terminal: every diagnostic quoted, then what to do. Ends with a
    /// newline.
    pub fn render(&self) -> String {
        match self {
            LoadError::Read(e) => format!("annals: {e}\n"),
            LoadError::Invalid { origin, report } => format!(
                "{}annals: fix the errors above, then run again (`annals check` lists them)\n",
                report.render(origin)
            ),
        }
    }

    /// One line, for a place with room for one: the first error with its `file:line:col`,
    /// and how many more there are.
    pub fn one_line(&self) -> String {
        match self {
            LoadError::Read(e) => e.to_string(),
            LoadError::Invalid { origin, report } => {
                let mut errors = report.errors();
                let first = errors.next().map_or_else(String::new, |d| {
                    let (line, col) = line_col(report.file_text(d.file), d.span.start);
                    let name = report.file_name(origin, d.file);
                    format!("{name}:{line}:{col}: {}", d.message)
                });
                match errors.count() {
                    0 => first,
                    more => format!("{first} (and {more} more)"),
                }
            }
        }
    }

    /// Where to look first: the file, line and column of the first error, when it is in a
    /// file (for the explorer's `e`).
    pub fn first_error_place(&self) -> Option<(PathBuf, usize, usize)> {
        let LoadError::Invalid { origin, report } = self else {
            return None;
        };
        let d = report.errors().next()?;
        let path = report.file_path(origin, d.file)?;
        let (line, col) = line_col(report.file_text(d.file), d.span.start);
        Some((path.to_path_buf(), line, col))
    }

    /// The files and patterns read before the error, when the log was read at all.
    pub fn inputs(&self) -> Option<&Inputs> {
        match self {
            LoadError::Read(_) => None,
            LoadError::Invalid { report, .. } => Some(&report.inputs),
        }
    }
}

impl From<ReadError> for LoadError {
    fn from(e: ReadError) -> Self {
        LoadError::Read(e)
    }
}

/// Loads a log to show: the timeline, or why there is none. Warnings do not stop it.
pub fn open(origin: &Origin) -> Result<Timeline, LoadError> {
    open_with_inputs(origin).map(|(timeline, _)| timeline)
}

/// [`open`], with what was read to load it: every file and include pattern, for a cache to
/// check whether a saved copy of the timeline is still good. From the cache when it holds
/// the log as it is on disk.
pub fn open_with_inputs(origin: &Origin) -> Result<(Timeline, Inputs), LoadError> {
    if let Some(found) = cache::timeline(origin) {
        return Ok(found);
    }
    shown(load(origin)?, origin)
}

/// [`open_with_inputs`] for the watcher: every file through [`read_watched`], only regular
/// files, never blocking.
pub fn open_watched(origin: &Origin) -> Result<(Timeline, Inputs), LoadError> {
    if let Some(found) = cache::timeline(origin) {
        return Ok(found);
    }
    shown(cache::load(origin, true)?, origin)
}

/// The timeline of a report, or the report as the reason there is none.
fn shown(mut report: Report, origin: &Origin) -> Result<(Timeline, Inputs), LoadError> {
    match report.timeline.take() {
        Some(timeline) => Ok((timeline, report.inputs)),
        None => Err(LoadError::Invalid {
            origin: origin.clone(),
            report: Box::new(report),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\nactors = [\"x\"]\nsummary = \"s\"\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"u\"\n\n[actors.x]\nname = \"X\"\nkind = \"persn\"\n\n[[events]]\nid = \"b\"\ndate = \"2025-13\"\ntitle = \"B\"\nactors = [\"x\"]\n\n[timeline]\ntitle = \"T\"\n";

    #[test]
    fn a_log_is_read_by_pieces_with_positions_in_the_file() {
        let mut reader = fields::Reader::default();
        assert_eq!(
            by_pieces(LOG, &mut reader, false, None),
            Some(None),
            "read by pieces"
        );
        let found: Vec<(&str, &str)> = reader
            .diagnostics
            .iter()
            .map(|d| (&LOG[d.span.clone()], d.message.as_str()))
            .collect();
        assert!(
            found.contains(&("\"persn\"", "unknown kind `persn`")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(at, _)| *at == "\"2025-13\""),
            "{found:?}"
        );
        let whole = parse_whole(LOG);
        assert_eq!(parse(LOG).diagnostics, whole.diagnostics);
    }

    #[test]
    fn a_log_the_pieces_cannot_read_is_read_whole() {
        let broken = LOG.replace("title = \"B\"", "title = \"B");
        assert_eq!(
            by_pieces(&broken, &mut fields::Reader::default(), false, None),
            None
        );
        let report = parse(&broken);
        assert_eq!(report.diagnostics, parse_whole(&broken).diagnostics);
        assert!(report.diagnostics[0].message.starts_with("TOML syntax"));
        let valid = LOG.replace("persn", "person").replace("2025-13", "2025-12");
        let report = parse(&valid);
        assert_eq!(report.timeline, parse_whole(&valid).timeline);
        assert_eq!(report.timeline.map(|t| t.events.len()), Some(2));
    }

    /// Valid logs that stress the scanner: every one must be read by pieces, and say what
    /// reading it whole says.
    #[test]
    fn tricky_but_valid_layouts_are_read_by_pieces_and_agree() {
        let head = "[actors.a]\nname = \"A ] [[events]]\"\n";
        let entry = |body: &str| {
            format!(
                "[[events]]\nid = \"e\"\ndate = \"2025\"\ntitle = \"T\"\nactors = [\"a\"]\n{body}\n"
            )
        };
        let bodies = [
            "summary = \"\"\"\n[[events]]\nid = \\\"\"\"\"",
            "summary = '''\n\"\"\"\n[[events]]\n'''",
            "summary = \"\"\"a\\\n[[events]]\\\n\"\"\"",
            "summary = \"x # [[events]]\" # \"quoted\" comment [x]",
            "tags = [\n  # [[events]]\n  \"t\", # ]\n]",
            "related = [] # ]]]",
            "sources = [ { publisher = \"p]\", title = \"[[t]]\", url = \"u\" } ]",
            "\"summary\" = \"quoted key\"",
            "[[\"events\".'sources']]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"u\"",
            "[[ events . sources ]]\npublisher = \"P\"\ntitle = \"T\"",
            "[[eras]]\ntitle = \"E\"\ndate = \"2025\"\nend = \"2026\"\n[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"",
        ];
        for body in bodies {
            let text = format!("{head}{}", entry(body));
            let mut reader = fields::Reader::default();
            assert!(
                by_pieces(&text, &mut reader, false, None).is_some(),
                "fell back: {text}"
            );
            let (pieces, whole) = (parse(&text), parse_whole(&text));
            assert_eq!(pieces.diagnostics, whole.diagnostics, "{text}");
            assert_eq!(pieces.timeline, whole.timeline, "{text}");
        }
    }

    #[test]
    fn a_large_log_reports_each_broken_entrys_errors_from_the_entry_alone() {
        let valid = LOG.replace("persn", "person").replace("2025-13", "2025-12");
        let broken = [
            valid.replace("date = \"2025\"", "date = 2025x"),
            valid.replace("title = \"B\"", "title = \"B\"\ntitle = \"C\""),
            valid.replace("[timeline]\ntitle = \"T\"", "[timeline]\ntitle = "),
            valid
                .replace("date = \"2025\"", "date = 2025x")
                .replace("title = \"B\"", "title = \"B\"\ntitle = \"C\""),
        ];
        for text in broken {
            let mut reader = fields::Reader::default();
            assert_eq!(
                by_pieces(&text, &mut reader, true, Some(2)),
                Some(None),
                "{text}"
            );
            let whole = parse_whole(&text).diagnostics;
            assert!(!whole.is_empty());
            assert_eq!(reader.diagnostics, whole, "{text}");
        }
    }

    #[test]
    fn a_file_of_only_comments_is_reported_like_an_empty_one() {
        let empty = parse(" \n\t\n");
        for text in ["# a log to come\n\n  # another comment\r\n", "#"] {
            let report = parse(text);
            assert!(report.timeline.is_none(), "{text:?}");
            assert_eq!(report.diagnostics.len(), 1, "{text:?}");
            let (d, e) = (&report.diagnostics[0], &empty.diagnostics[0]);
            assert_eq!(d.message, "the file is empty: it holds only comments");
            assert_eq!((d.span.clone(), &d.hint), (e.span.clone(), &e.hint));
        }
        // A comment beside anything else is just a comment.
        let report = parse("# the log\n[timeline]\ntitle = \"T\" # its title\n");
        assert!(report.errors().next().is_none(), "{:?}", report.diagnostics);
    }

    #[test]
    fn one_byte_order_mark_is_dropped_however_the_log_comes_in() {
        let twice = "\u{FEFF}\u{FEFF}";
        let from_bytes = parse_bytes(twice.as_bytes().to_vec());
        for report in [
            parse(twice),
            parse_whole(twice),
            parse_reporting_piece_errors(twice),
        ] {
            assert_eq!(report.text.as_str(), "\u{FEFF}");
            assert_eq!(report.diagnostics, from_bytes.diagnostics);
        }
    }
}
