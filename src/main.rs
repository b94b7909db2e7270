//! The `annals` binary: parses the command line, dispatches, and is the only place that
//! prints a fatal error and picks the exit code (2 bad usage, 1 bad log).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use annals::cli::{Cli, Command, FilterArgs, FilterFlags};
use annals::config::Config;
use annals::export::{self, View};
use annals::filter::{self, Filter};
use annals::load::{self, LoadError, Origin};
use annals::model::{SavedView, Timeline};
use annals::{render, text, tui};

/// Why annals stopped early.
enum Failure {
    /// Bad usage: exit 2.
    Usage(String),
    /// A log that cannot be read or has errors: exit 1.
    Load(LoadError),
    /// Something else that stops the run with exit 1; the text is printed as is.
    Fatal(String),
    /// Standard output was closed (`annals list | head`): not an error.
    ClosedPipe,
    /// Stopped by a signal: exit 128 + its number, as shells expect.
    Signal(i32),
}

impl From<annals::write::WriteError> for Failure {
    fn from(e: annals::write::WriteError) -> Self {
        Failure::Fatal(format!("annals: {e}\n"))
    }
}

impl From<annals::edit::command::EditError> for Failure {
    fn from(e: annals::edit::command::EditError) -> Self {
        use annals::edit::command::EditError;
        match e {
            EditError::Usage(m) => Failure::Usage(m),
            EditError::Load(e) => Failure::Load(e),
            EditError::Fatal(m) => Failure::Fatal(m),
            EditError::Aborted => Failure::Signal(2),
            EditError::Signal(n) => Failure::Signal(n),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::ClosedPipe
        } else {
            Failure::Fatal(format!("annals: cannot write output: {e}\n"))
        }
    }
}

fn main() -> ExitCode {
    annals::shell::complete_if_asked();
    let cli = match Cli::try_parse_args() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(cli) {
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("annals: {}", text::sanitize_lines(&message));
            ExitCode::from(2)
        }
        Err(Failure::Load(e)) => {
            eprint!("{}", text::sanitize_lines(&e.render()));
            ExitCode::from(1)
        }
        Err(Failure::Fatal(message)) => {
            eprint!("{}", text::sanitize_lines(&message));
            ExitCode::from(1)
        }
        Err(Failure::Signal(n)) => ExitCode::from((128 + n).clamp(0, 255) as u8),
    }
}

/// Prints clap's message (help and version go to standard output, exit 0). A word where a
/// command goes is a misspelt command (`annals sumary`) or a query typed as in the explorer
/// (`annals huawei`): say which command, or where a query goes, instead of clap's guess.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() == ErrorKind::InvalidSubcommand
        && let Some(ContextValue::String(word)) = e.get(ContextKind::InvalidSubcommand)
    {
        eprintln!("annals: {}", annals::cli::unknown_command(word));
        return ExitCode::from(2);
    }
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    // clap quotes what was typed; without its colours, the message can be made safe.
    eprint!("{}", text::sanitize_lines(&e.render().to_string()));
    ExitCode::from(2)
}

fn run(cli: Cli) -> Result<(), Failure> {
    if !cli.no_cache {
        load::cache::enable();
    }
    let config = Config::load();
    let command = cli.command.as_ref();
    let quiet_config = matches!(
        command,
        Some(Command::Config | Command::Completions { .. } | Command::Man { .. })
    );
    let explorer = match command {
        None => std::io::stdout().is_terminal(),
        Some(c) => matches!(c, Command::Tui(_)),
    };
    if !quiet_config && !explorer {
        eprint!("{}", config.render_problems());
    }
    if cli.file.len() > 1 && cli.file.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage(
            "`-f -` (standard input) is a whole log: it cannot be given with other files; give their paths instead".to_string(),
        ));
    }
    let origin = origin(&cli, &config);
    let cx = Context {
        origin: &origin,
        config: &config,
        extra: &cli.filter,
    };
    let bare = FilterArgs {
        flags: FilterFlags::default(),
        query: None,
    };
    match command {
        None if explorer => explore(&cx, &bare),
        None => summary(&cx, &bare, None, export::Format::Text),
        Some(Command::Tui(args)) => explore(&cx, args),
        Some(Command::Summary {
            filter,
            width,
            output,
        }) => summary(&cx, filter, *width, output.format),
        Some(Command::List { filter, output }) => {
            let timeline = load_timeline(&origin)?;
            let (selected, _) = select(&cx, &timeline, filter)?;
            emit(
                &export::events(&timeline, &selected, output.format, View::List)
                    .unwrap_or_else(|| render::list(&timeline, &selected)),
            )
        }
        Some(Command::Show { ids, width, output }) => {
            let ids = show_ids(ids, &origin)?;
            let timeline = load_timeline(&origin)?;
            let events = annals::lookup::find_ids(&timeline, &ids)
                .map_err(|unknown| Failure::Usage(unknown.join("\nannals: ")))?;
            emit(
                &export::events(&timeline, &events, output.format, View::Show)
                    .unwrap_or_else(|| render::show_all(&timeline, &events, output_width(*width))),
            )
        }
        Some(Command::Actors(output)) => {
            let timeline = load_timeline(&origin)?;
            emit(
                &export::actors(&timeline, output.format)
                    .unwrap_or_else(|| render::actors(&timeline)),
            )
        }
        Some(Command::Tags(output)) => {
            let timeline = load_timeline(&origin)?;
            emit(&export::tags(&timeline, output.format).unwrap_or_else(|| render::tags(&timeline)))
        }
        Some(Command::Check { all }) => check(&origin, *all),
        Some(c @ (Command::New { .. } | Command::Fmt { .. } | Command::Add(_))) => {
            Ok(annals::edit::command::run(c, &origin)?)
        }
        Some(Command::Config) => show_config(&config, &origin),
        Some(Command::Completions { shell }) => emit(&annals::shell::completions(*shell)?),
        Some(Command::Man { dir }) => annals::shell::write_man_pages(dir)
            .map_err(|e| Failure::Fatal(format!("annals: cannot write the manual: {e}\n"))),
        Some(Command::Export {
            format,
            output,
            filter,
        }) => export_to(&cx, filter, *format, output.as_deref()),
        Some(Command::Import {
            file,
            from,
            output,
            force,
            map,
        }) => import(file, *from, output.as_deref(), *force, map.as_ref()),
    }
}

/// What every command that shows events needs besides its own arguments.
struct Context<'a> {
    origin: &'a Origin,
    config: &'a Config,
    /// Filter flags given before the command.
    extra: &'a FilterFlags,
}

impl Context<'_> {
    /// The saved views `@name` can name: the config's first, then the log's.
    fn views(&self, timeline: Option<&Timeline>) -> Vec<SavedView> {
        let mut views = self.config.settings.saved_views();
        views.extend(timeline.into_iter().flat_map(|t| t.views.iter().cloned()));
        views
    }
}

/// Where the log comes from: `--file` or `$ANNALS_FILE`, else the config's `file`, else the
/// built-in log.
fn origin(cli: &Cli, config: &Config) -> Origin {
    match (cli.file.as_slice(), &config.settings.file.value) {
        ([], Some(path)) => {
            Origin::File(annals::config::resolve_path(path, config.path.as_deref()))
        }
        _ => cli.origin(),
    }
}

/// `annals config`: the report, and the config's problems; exit 1 when it has errors.
fn show_config(config: &Config, origin: &Origin) -> Result<(), Failure> {
    let log_views = load::open(origin).map(|t| t.views).unwrap_or_default();
    let mut out = config.render_problems();
    out.push_str(&render::config(config, &log_views));
    emit(&out)?;
    if config.has_errors() {
        return Err(Failure::Fatal(String::new()));
    }
    Ok(())
}

/// The ids `show` was given, with `-` replaced by the ids on standard input (separated by
/// any whitespace, so one per line and `a b c` both work).
fn show_ids(ids: &[String], origin: &Origin) -> Result<Vec<String>, Failure> {
    if !ids.iter().any(|id| id == "-") {
        return Ok(ids.to_vec());
    }
    if *origin == Origin::Stdin {
        return Err(Failure::Usage(
            "standard input cannot give both the log (`-f -`) and the ids (`show -`); give the log with `-f PATH`".to_string(),
        ));
    }
    let mut input = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
        .map_err(|e| Failure::Usage(format!("cannot read ids from standard input: {e}")))?;
    let mut out = Vec::new();
    for id in ids {
        if id == "-" {
            out.extend(input.split_whitespace().map(String::from));
        } else {
            out.push(id.clone());
        }
    }
    if out.is_empty() {
        return Err(Failure::Usage(
            "no ids on standard input; give them one per line (`annals list | awk '{print $2}' | annals show -`)".to_string(),
        ));
    }
    Ok(out)
}

fn explore(cx: &Context, args: &FilterArgs) -> Result<(), Failure> {
    let origin = cx.origin;
    // A saved view may be the log's: then the log is read first to find it.
    let timeline = match &args.query {
        Some(q) if filter::uses_views(q) => load::open(origin).ok(),
        _ => None,
    };
    let filter = args
        .to_filter(cx.extra, today(), &cx.views(timeline.as_ref()))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    if !std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            "the explorer needs a terminal; use `annals summary` or `annals list` for plain text"
                .to_string(),
        ));
    }
    // Keys come from standard input when it is the terminal, else from the controlling
    // terminal (`/dev/tty`), as less and fzf do: the log can arrive through a pipe.
    let stdin_is_terminal = std::io::stdin().is_terminal();
    if *origin == Origin::Stdin && stdin_is_terminal {
        return Err(Failure::Usage(
            "`-f -` reads the log from standard input: pipe it in (`cat log.toml | annals -f -`), or give its path with `-f`"
                .to_string(),
        ));
    }
    if !stdin_is_terminal && !controlling_terminal() {
        return Err(Failure::Usage(
            "the explorer needs a terminal to read keys from, and this process has none; use `annals summary` or `annals list` for plain text"
                .to_string(),
        ));
    }
    match tui::run(origin.clone(), filter, tui::Setup::from_config(cx.config)) {
        Ok(tui::Ending::Quit) => Ok(()),
        Ok(tui::Ending::Signal(n)) => Err(Failure::Signal(n)),
        Err(tui::Error::Load(e)) => Err(Failure::Load(e)),
        Err(e) => Err(Failure::Fatal(e.render())),
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether this process has a controlling terminal to read keys from.
fn controlling_terminal() -> bool {
    cfg!(unix)
        && std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
}

fn summary(
    cx: &Context,
    args: &FilterArgs,
    width: Option<u16>,
    format: export::Format,
) -> Result<(), Failure> {
    let timeline = load_timeline(cx.origin)?;
    let (selected, filter) = select(cx, &timeline, args)?;
    let query = filter.to_query();
    if let Some(output) = export::events(&timeline, &selected, format, View::Summary(&query)) {
        return emit(&output);
    }
    // As large as the log: written as it is made, each part made safe as it goes.
    let mut out = std::io::stdout().lock();
    render::summary_to(&mut out, &timeline, &selected, &query, output_width(width))?;
    out.flush()?;
    Ok(())
}

/// `annals export`: the selected events in `format`, to standard output or a file.
fn export_to(
    cx: &Context,
    filter: &FilterArgs,
    format: annals::export::ExportFormat,
    output: Option<&std::path::Path>,
) -> Result<(), Failure> {
    // Before loading, the files named; once loaded, every file of the log (its includes).
    not_the_log(output, cx.origin.paths())?;
    let timeline = load_timeline(cx.origin)?;
    not_the_log(output, timeline.files.iter().map(|p| p.as_path()))?;
    let (selected, _) = select(cx, &timeline, filter)?;
    let text = export::export(&timeline, &selected, format);
    match output {
        Some(path) => Ok(annals::write::write_new(path, &text, true)?),
        None => emit(&text),
    }
}

/// A usage error when `output` is one of the log's files: an export never replaces the log.
fn not_the_log<'a>(
    output: Option<&std::path::Path>,
    log: impl IntoIterator<Item = &'a std::path::Path>,
) -> Result<(), Failure> {
    let Some(out) = output else {
        return Ok(());
    };
    if log.into_iter().any(|file| same_file(out, file)) {
        return Err(Failure::Usage(format!(
            "`{}` is the log being exported (one of its files); write the export to another file",
            annals::text::sanitize(&out.display().to_string())
        )));
    }
    Ok(())
}

/// `annals import`: the new log to standard output or a new file, or every problem and
/// nothing written.
fn import(
    file: &std::path::Path,
    from: annals::import::Source,
    output: Option<&std::path::Path>,
    force: bool,
    map: Option<&annals::import::ColumnMap>,
) -> Result<(), Failure> {
    let origin = if file.as_os_str() == "-" {
        Origin::Stdin
    } else {
        Origin::File(file.to_path_buf())
    };
    let name = origin.name();
    let bytes = load::read(&origin).map_err(|e| Failure::Load(e.into()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::Fatal(format!(
            "annals: `{name}` is not UTF-8 text; save it as UTF-8\n"
        ))
    })?;
    let log = annals::import::import(&name, &text, from, map.unwrap_or(&Default::default()))
        .map_err(|problems| {
            let mut out: String = problems.iter().map(|p| format!("{p}\n")).collect();
            out.push_str("annals: nothing was written; fix the problems above and import again\n");
            Failure::Fatal(out)
        })?;
    match output {
        Some(path) => Ok(annals::write::write_new(path, &log, force)?),
        None => emit(&log),
    }
}

/// Loads the log; a log with errors stops here with every diagnostic, never half a log.
/// The timeline lives until the process ends: a command has no use for the time it takes to
/// free a million events one by one (a quarter of a cached reopen), which the system does
/// at once on exit.
fn load_timeline(origin: &Origin) -> Result<std::mem::ManuallyDrop<Timeline>, Failure> {
    load::open(origin)
        .map(std::mem::ManuallyDrop::new)
        .map_err(Failure::Load)
}

fn select(
    cx: &Context,
    timeline: &Timeline,
    args: &FilterArgs,
) -> Result<(Vec<usize>, Filter), Failure> {
    let filter = args
        .to_filter(cx.extra, today(), &cx.views(Some(timeline)))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    for words in filter.dates_in_words() {
        eprintln!("annals: showing events {words}");
    }
    let matcher = filter::Matcher::new(&filter, timeline);
    for note in matcher.unmatched() {
        eprintln!("annals: {}", text::sanitize_lines(&note));
    }
    for note in filter::fuzzy_notes(&filter, timeline) {
        eprintln!("annals: {}", text::sanitize_lines(&note));
    }
    // One query: reading the events' text costs less than building an index first.
    let (events, words) = matcher.select_with_words(&filter::TextIndex::later(timeline));
    for note in filter::loose_notes(&words) {
        eprintln!("annals: {}", text::sanitize_lines(&note));
    }
    Ok((events, filter))
}

fn check(origin: &Origin, all: bool) -> Result<(), Failure> {
    let report = load::load(origin).map_err(|e| Failure::Load(e.into()))?;
    let mut out = if all {
        report.render_all(origin)
    } else {
        report.render(origin)
    };
    if let Some(t) = &report.timeline {
        let files = match report.more.len() {
            0 => String::new(),
            more => format!(" ({})", text::count(more + 1, "file")),
        };
        out.push_str(&format!(
            "{}{files}: {}, {} and {} checked\n",
            origin.name(),
            render::count(t.events.len(), "event"),
            render::count(t.actors.len(), "actor"),
            render::count(t.tags.len(), "tag")
        ));
    }
    emit(&out)?;
    let failed = report.errors().next().is_some();
    // The process ends here: the system takes the memory back at once, where freeing the
    // events of a large log one by one takes seconds at a million events.
    std::mem::forget(report);
    if failed {
        return Err(Failure::Fatal(String::new()));
    }
    Ok(())
}

/// Today, by the local clock: what relative dates (`since:-6m`) count back from.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The width to wrap to: `--width`, else the terminal's, else 80.
fn output_width(width: Option<u16>) -> usize {
    if let Some(w) = width {
        return w as usize;
    }
    if std::io::stdout().is_terminal()
        && let Ok((cols, _)) = ratatui::crossterm::terminal::size()
        && cols >= 20
    {
        return cols as usize;
    }
    80
}

/// Prints an output. Each renderer makes what it quotes from the log safe; this makes sure,
/// for any path that missed it, that nothing but newlines among the controls reaches the
/// terminal.
fn emit(output: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text::sanitize_lines(output).as_bytes())?;
    out.flush()?;
    Ok(())
}
