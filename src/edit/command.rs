//! The `new`, `fmt` and `add` commands: read the log's files with their snapshots, prove the
//! change, write through [`crate::write`], and say what happened.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::add::{self, NewEvent};
use super::fmt::{self, Refusal};
use crate::cli::AddArgs;
use crate::load::{self, LoadError, Origin, Report};
use crate::model::{Date, Timeline};
use crate::text::sanitize;
use crate::write::{self, Snapshot, WriteError};

/// Why an editing command stopped.
#[derive(Debug)]
pub enum EditError {
    /// Bad usage (exit 2); the text without `annals: `.
    Usage(String),
    /// The log cannot be read or has errors (exit 1).
    Load(LoadError),
    /// Anything else (exit 1); the text is printed as it is.
    Fatal(String),
    /// The person stopped it (Ctrl-C while asked for a field): nothing was written.
    Aborted,
    /// A signal stopped it (its number) while asking: nothing was written.
    Signal(i32),
}

impl From<WriteError> for EditError {
    fn from(e: WriteError) -> Self {
        EditError::Fatal(format!("annals: {e}\n"))
    }
}

impl From<std::io::Error> for EditError {
    fn from(e: std::io::Error) -> Self {
        EditError::Fatal(format!("annals: cannot write output: {e}\n"))
    }
}

/// Runs `annals new`, `fmt` or `add` (any other command is none of these: nothing to do).
pub fn run(command: &crate::cli::Command, origin: &Origin) -> Result<(), EditError> {
    use crate::cli::Command;
    use std::io::IsTerminal;
    match command {
        Command::New { path } => new_log(path),
        Command::Fmt { check, sort, files } => {
            let changed = fmt(files, origin, *check, *sort, &mut std::io::stdout().lock())?;
            match changed && *check {
                // The diff and the count are printed: exit 1, with nothing more to say.
                true => Err(EditError::Fatal(String::new())),
                false => Ok(()),
            }
        }
        Command::Add(args) => {
            let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
            let ask: &super::prompt::Ask = &super::prompt::ask;
            add(
                args,
                origin,
                terminal.then_some(ask),
                &mut std::io::stdout().lock(),
            )
        }
        _ => Ok(()),
    }
}

/// `annals new PATH`: the template, never over an existing file.
pub fn new_log(path: &Path) -> Result<(), EditError> {
    write::write_new(path, super::template::TEMPLATE, false)?;
    let name = sanitize(&path.display().to_string()).into_owned();
    eprintln!(
        "annals: started a log in {name}; try `annals -f {name}`, then `annals -f {name} add`"
    );
    Ok(())
}

/// A file of the log as read: its text and what it was on disk then.
pub struct Read {
    pub path: PathBuf,
    pub text: String,
    pub snapshot: Snapshot,
}

/// Reads one file of a log, refusing what is not a regular UTF-8 file.
pub fn read(path: &Path) -> Result<Read, EditError> {
    let name = sanitize(&path.display().to_string()).into_owned();
    let fatal = |why: String| EditError::Fatal(format!("annals: cannot edit `{name}`: {why}\n"));
    let meta = std::fs::metadata(path).map_err(|e| fatal(e.to_string()))?;
    if !meta.is_file() {
        return Err(fatal("it is not a regular file".to_string()));
    }
    let (bytes, snapshot) = Snapshot::read(path).map_err(|e| fatal(e.to_string()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fatal("it is not UTF-8 text; save it as UTF-8".to_string()))?;
    Ok(Read {
        path: path.to_path_buf(),
        text,
        snapshot,
    })
}

/// The log's main file, which `add` and a bare `fmt` need.
fn main_file(origin: &Origin, command: &str) -> Result<PathBuf, EditError> {
    origin.path().map(Path::to_path_buf).ok_or_else(|| {
        EditError::Usage(format!(
            "`annals {command}` edits a log file: give it with -f PATH (or set $ANNALS_FILE); `annals new PATH` starts one"
        ))
    })
}

/// A log loaded whole, and each of its files as read just after (with its snapshot).
pub struct Log {
    pub timeline: Timeline,
    pub files: Vec<Read>,
}

impl Log {
    /// Loads the log at `origin` (a log file: `command` says who needs one); a log with
    /// errors is refused with the loader's diagnostics.
    pub fn load(origin: &Origin, command: &str) -> Result<Self, EditError> {
        main_file(origin, command)?;
        let report = load::load(origin).map_err(|e| EditError::Load(e.into()))?;
        let timeline = loaded(report, origin)?;
        let files = super::log_files(&timeline)
            .iter()
            .map(|path| read(path))
            .collect::<Result<_, _>>()?;
        Ok(Self { timeline, files })
    }

    /// The file of the log that is the file at `path` (also through a link), if any.
    fn file(&self, path: &Path) -> Option<&Read> {
        let real = std::fs::canonicalize(path).ok()?;
        self.files
            .iter()
            .find(|f| std::fs::canonicalize(&f.path).is_ok_and(|r| r == real))
    }

    /// Loads the log again with the texts of `changed` files in place of theirs: what the
    /// log would be once they are written.
    fn with(&self, origin: &Origin, changed: &[(&Path, &str)]) -> Result<Report, EditError> {
        let texts: Vec<(PathBuf, Vec<u8>)> = self
            .files
            .iter()
            .map(|f| {
                let text = changed
                    .iter()
                    .find(|(p, _)| *p == f.path)
                    .map_or(f.text.as_str(), |(_, t)| t);
                (f.path.clone(), text.as_bytes().to_vec())
            })
            .collect();
        load::include::load_replacing(origin, false, texts).map_err(|e| EditError::Load(e.into()))
    }
}

/// `annals fmt`: every file formatted and proved first; then, unless `check`, the changed
/// ones written. With `check`, the diff goes to `out` and the result says whether any file
/// would change. With no `files`, every file of the log; a file of a log in several files is
/// formatted as part of it (proved as TOML data, then the whole log loaded with it).
pub fn fmt(
    files: &[PathBuf],
    origin: &Origin,
    check: bool,
    sort: bool,
    out: &mut dyn Write,
) -> Result<bool, EditError> {
    let log = match (files.is_empty(), origin.path().is_some()) {
        (true, _) => Some(Log::load(origin, "fmt")?),
        // Files named: the log's own are formatted as part of it, if it loads.
        (false, true) => Log::load(origin, "fmt").ok(),
        (false, false) => None,
    };
    let files = match &log {
        Some(log) if files.is_empty() => log.files.iter().map(|f| f.path.clone()).collect(),
        _ => files.to_vec(),
    };
    let mut plans: Vec<(Read, String, bool)> = Vec::new();
    let mut seen = Vec::new();
    for path in &files {
        // The same file named twice (or through a link) is formatted once.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if seen.contains(&real) {
            continue;
        }
        seen.push(real);
        let own = log.as_ref().and_then(|l| l.file(path));
        let part = own.is_some() && log.as_ref().is_some_and(|l| l.files.len() > 1);
        let read = match own {
            Some(f) => Read {
                path: path.clone(),
                text: f.text.clone(),
                snapshot: f.snapshot.clone(),
            },
            None => read(path)?,
        };
        let formatted = if part {
            fmt::format_part(&read.text, sort)
        } else {
            fmt::format(&read.text, sort)
        };
        let formatted = formatted.map_err(|r| refusal(r, path))?;
        plans.push((read, formatted, part));
    }
    if let Some(log) = &log {
        prove_whole(log, origin, &plans, sort)?;
    }
    let mut changed = 0;
    for (read, formatted, _) in &plans {
        if *formatted == read.text {
            continue;
        }
        changed += 1;
        let name = sanitize(&read.path.display().to_string()).into_owned();
        if check {
            out.write_all(
                crate::text::sanitize_lines(&super::diff::unified(&read.text, formatted, &name))
                    .as_bytes(),
            )?;
        } else {
            write::replace(&read.path, &read.snapshot, formatted.as_bytes())?;
            eprintln!("annals: formatted {name}");
        }
    }
    if check && changed > 0 {
        eprintln!(
            "annals: {} not formatted; run `annals fmt` to format",
            crate::text::count(changed, "file")
        );
    }
    Ok(changed > 0)
}

/// For files formatted as parts of a log in several files: the whole log, loaded with their
/// new texts, must be the same timeline.
fn prove_whole(
    log: &Log,
    origin: &Origin,
    plans: &[(Read, String, bool)],
    sort: bool,
) -> Result<(), EditError> {
    let changed: Vec<(&Path, &str)> = plans
        .iter()
        .filter(|(read, formatted, part)| *part && *formatted != read.text)
        .filter_map(|(read, formatted, _)| {
            log.file(&read.path)
                .map(|f| (f.path.as_path(), formatted.as_str()))
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let after = log.with(origin, &changed)?;
    let what = match &after.timeline {
        None => Some("the log would not load".to_string()),
        Some(new) => {
            super::same::difference(&log.timeline, new, !sort).map(|w| format!("{w} would change"))
        }
    };
    match what {
        None => Ok(()),
        Some(what) => Err(EditError::Fatal(format!(
            "annals: did not format the log: {what}. This is a bug in annals; no file was written. Please report it with the files.\n"
        ))),
    }
}

fn refusal(r: Refusal, path: &Path) -> EditError {
    match r {
        Refusal::Invalid(report) => EditError::Load(LoadError::Invalid {
            origin: Origin::File(path.to_path_buf()),
            report,
        }),
        Refusal::Bug(what) => EditError::Fatal(format!(
            "annals: did not format `{}`: {what}. This is a bug in annals; the file was not written. Please report it with the file.\n",
            sanitize(&path.display().to_string())
        )),
    }
}

/// `annals add`: the event from `args` (and, when `ask` is given, what it asks for),
/// checked against the whole log, written at its place. Prints the new id to `out`.
pub fn add(
    args: &AddArgs,
    origin: &Origin,
    ask: Option<&super::prompt::Ask>,
    out: &mut dyn Write,
) -> Result<(), EditError> {
    let log = Log::load(origin, "add")?;
    let args = match (missing(args).is_empty(), ask) {
        (true, _) => args.clone(),
        (false, Some(ask)) => ask(&log.timeline, args)?,
        (false, None) => {
            let missing = missing(args);
            let them = if missing.len() == 1 { "it" } else { "them" };
            return Err(EditError::Usage(format!(
                "`annals add` needs {}; give {them} as flags, or run it in a terminal to be asked",
                missing.join(" and ")
            )));
        }
    };
    let event = new_event(&args, &log.timeline);
    let date = Date::parse(&event.date).ok();
    let file = target_file(&log, args.into.as_deref(), date)?;
    let name = sanitize(&file.path.display().to_string()).into_owned();
    let text = add::insert(&file.text, &event)
        .map_err(|e| EditError::Fatal(format!("annals: cannot add to `{name}`: {e}\n")))?;
    let report = log.with(origin, &[(&file.path, &text)])?;
    let (start, end) = inserted(&file.text, &text);
    let shown = new_diagnostics(&report, origin, &file.path, start..end);
    if report.timeline.is_none() {
        return Err(EditError::Fatal(format!(
            "{shown}annals: the event was not added, and nothing was written (the lines above are those {name} would have had); fix the flags and run again\n"
        )));
    }
    eprint!("{}", crate::text::sanitize_lines(&shown));
    let line = report
        .timeline
        .as_ref()
        .and_then(|t| t.find(&event.id).map(|i| t.events[i].line))
        .unwrap_or_else(|| text[..start].lines().count() + 1);
    if args.dry_run {
        out.write_all(crate::text::sanitize_lines(&text[start..end]).as_bytes())?;
        eprintln!(
            "annals: would add `{}` to {name} at line {line}; nothing was written (--dry-run)",
            sanitize(&event.id)
        );
        return Ok(());
    }
    write::replace(&file.path, &file.snapshot, text.as_bytes())?;
    writeln!(out, "{}", sanitize(&event.id))?;
    eprintln!(
        "annals: added `{}` to {name} at line {line}",
        sanitize(&event.id)
    );
    Ok(())
}

/// What to say about the log with the new event: every error when it has any (nothing is
/// written), else the new event's warnings (the log's own are `check`'s to tell).
fn new_diagnostics(
    report: &Report,
    origin: &Origin,
    target: &Path,
    inserted: std::ops::Range<usize>,
) -> String {
    let failed = report.timeline.is_none();
    let real = std::fs::canonicalize(target).ok();
    let files = report.more.len() as u32 + 1;
    let target_index = (0..files).find(|&i| {
        report
            .file_path(origin, i)
            .is_some_and(|p| std::fs::canonicalize(p).ok() == real)
    });
    let mine: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.is_error()
                || (!failed && Some(d.file) == target_index && inserted.contains(&d.span.start))
        })
        .cloned()
        .collect();
    let names: Vec<String> = (0..files).map(|i| report.file_name(origin, i)).collect();
    let texts: Vec<(&str, &str)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), report.file_text(i as u32)))
        .collect();
    load::diagnostic::render_many_files(&mine, &texts, Some(load::PER_KIND))
}

/// The flags `add` cannot do without, as `--date`, `--title`.
pub fn missing(args: &AddArgs) -> Vec<&'static str> {
    let mut out = Vec::new();
    if args.date.as_deref().is_none_or(|d| d.trim().is_empty()) {
        out.push("--date");
    }
    if args.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        out.push("--title");
    }
    out
}

fn loaded(report: Report, origin: &Origin) -> Result<Timeline, EditError> {
    match report.timeline {
        Some(t) => Ok(t),
        None => Err(EditError::Load(LoadError::Invalid {
            origin: origin.clone(),
            report: Box::new(report),
        })),
    }
}

fn new_event(args: &AddArgs, timeline: &Timeline) -> NewEvent {
    let trimmed = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let date = trimmed(&args.date).unwrap_or_default();
    let title = trimmed(&args.title).unwrap_or_default();
    let id = trimmed(&args.id).unwrap_or_else(|| add::slug(&title, &date, timeline));
    NewEvent {
        id,
        date,
        end: trimmed(&args.end),
        title,
        actors: args.actor.clone(),
        tags: args.tag.clone(),
        importance: args.importance,
        summary: trimmed(&args.summary),
        related: args.related.clone(),
        source: add::Source {
            publisher: trimmed(&args.source_publisher),
            title: trimmed(&args.source_title),
            url: trimmed(&args.source_url),
        },
    }
}

/// Where the event goes: `--into` (which must be one of the log's files, also through a
/// symbolic link), else the file of the nearest earlier event, else the main file.
fn target_file<'l>(
    log: &'l Log,
    into: Option<&Path>,
    date: Option<Date>,
) -> Result<&'l Read, EditError> {
    if let Some(into) = into {
        return one_of_the_log(log, into);
    }
    let timeline = &log.timeline;
    let earlier = date.and_then(|d| timeline.events.iter().rposition(|e| e.date <= d));
    let file = earlier
        .and_then(|i| super::file_of_event(timeline, i))
        .and_then(|path| log.file(path));
    file.or_else(|| log.files.first())
        .ok_or_else(|| EditError::Usage("the log has no file to add to".to_string()))
}

/// `into` as the log file it names; an error saying why for a file outside the log.
fn one_of_the_log<'l>(log: &'l Log, into: &Path) -> Result<&'l Read, EditError> {
    let name = sanitize(&into.display().to_string()).into_owned();
    let real = std::fs::canonicalize(into).map_err(|e| {
        EditError::Usage(format!("--into `{name}`: {e}; give one of the log's files"))
    })?;
    if let Some(file) = log.file(into) {
        return Ok(file);
    }
    let link = into
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let via = if link {
        format!(
            " (it is a symbolic link to `{}`)",
            sanitize(&real.display().to_string())
        )
    } else {
        String::new()
    };
    let names: Vec<String> = log
        .files
        .iter()
        .map(|f| format!("`{}`", sanitize(&f.path.display().to_string())))
        .collect();
    Err(EditError::Usage(format!(
        "--into `{name}` is not one of the log's files{via}; annals writes only into the log's own files: {}",
        names.join(", ")
    )))
}

/// The byte range of `new` that is not in `old`: what an insertion added.
fn inserted(old: &str, new: &str) -> (usize, usize) {
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut start = prefix;
    while !new.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = new.len() - suffix;
    while !new.is_char_boundary(end) {
        end += 1;
    }
    // Start at the line the insertion begins on.
    start = new[..start].rfind('\n').map_or(0, |i| i + 1);
    (start, end.max(start))
}
