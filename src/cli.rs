//! The command line: clap definitions. Flags and the query string both become one [`Filter`].

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

use crate::export::{ExportFormat, Format};
use crate::filter::{self, Filter, QueryError};
use crate::import::Source;
use crate::load::Origin;
use crate::model::SavedView;
use crate::model::relative::{self, Bound};

/// A terminal timeline explorer for curated, sourced event logs.
///
/// With no command, opens the explorer when standard output is a terminal and prints the
/// summary otherwise. The log is read from --file, else $ANNALS_FILE, else the `file` of
/// the config file (see `annals config`), else the curated log built into annals (the
/// US–China AI competition, 2022–2026).
#[derive(Debug, Parser)]
#[command(name = "annals", version)]
pub struct Cli {
    /// The log to read (`-` for standard input); give it again to read several files as one
    /// log, the first with the `[timeline]` [default: the built-in log]
    #[arg(short, long, global = true, env = "ANNALS_FILE", value_name = "PATH")]
    pub file: Vec<PathBuf>,

    /// Neither read nor write the cache of loaded logs (`annals config` says where it is)
    #[arg(long, global = true, env = "ANNALS_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Filters for bare `annals`; given before a command, they add to its own.
    #[command(flatten)]
    pub filter: FilterFlags,

    /// True when `file` came from `$ANNALS_FILE`, not from `--file`.
    #[arg(skip)]
    pub file_from_env: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the interactive explorer
    Tui(FilterArgs),
    /// Print a plain-text summary, grouped by month
    Summary {
        #[command(flatten)]
        filter: FilterArgs,
        /// Wrap lines to this many columns [default: the terminal's, else 80]
        #[arg(short, long, value_parser = clap::value_parser!(u16).range(20..))]
        width: Option<u16>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print one event per line: date, id, title
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print everything about events, their sources and linked events
    ///
    /// Several events are printed in turn, in the order given, separated by a rule (a line
    /// of `─` as wide as the text). With `-`, the ids are read from standard input, one per
    /// line or separated by spaces: `annals list --tag chips | awk '{print $2}' | annals show
    /// -`. If any id is unknown, nothing is printed: each unknown id is named (with the
    /// nearest known one) and annals exits with status 2.
    Show {
        /// The events' ids (see `annals list`), or `-` to read them from standard input
        #[arg(required = true, value_name = "ID", add = ArgValueCandidates::new(crate::shell::event_ids))]
        ids: Vec<String>,
        /// Wrap lines to this many columns [default: the terminal's, else 80]
        #[arg(short, long, value_parser = clap::value_parser!(u16).range(20..))]
        width: Option<u16>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List actors with their lane, kind and number of events
    Actors(OutputArgs),
    /// List tags with their number of events, the most used first
    Tags(OutputArgs),
    /// Validate the log: every problem, with file, line and column
    Check {
        /// Show every problem; without it, after 50 of one kind the rest are counted
        #[arg(long)]
        all: bool,
    },
    /// Start a new log from a small commented template that `annals check` passes
    ///
    /// Never replaces a file: give a path that does not exist yet.
    New {
        /// Where to write the new log
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Lay a log out in one canonical layout, keeping every comment
    ///
    /// [timeline] first, then actors, eras, views and events; keys in the order of the
    /// format; double-quoted strings; short arrays on one line; one blank line between
    /// entries; each event's [[events.sources]] right after it. Before writing, annals proves
    /// that the new text loads to the same timeline; a log with errors is not touched.
    Fmt {
        /// Write nothing: print a diff of what would change, and exit with status 1 if any
        /// file would change (for a team's CI)
        #[arg(long)]
        check: bool,
        /// Also put events in date order (then by id); without it they keep their order
        #[arg(long)]
        sort: bool,
        /// The files to format [default: the log's files, from --file or $ANNALS_FILE]
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Add an event to the log, from flags or, in a terminal, by asking for what is missing
    ///
    /// The event is checked against the whole log first, and nothing is written if the log
    /// would have an error. It is written in canonical form after the last event dated on or
    /// before it, every other line left as it was. Prints the new event's id.
    Add(AddArgs),
    /// Show where the config file is and every setting in force, with where it comes from
    Config,
    /// Print a shell completion script (see the README for where to put it)
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (annals.1 and one per command) into a directory
    Man {
        /// Where to write them [default: the current directory]
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Write the log, or the events a filter selects, as JSON, iCalendar, TimelineJS, a web
    /// page, CSV or Markdown
    Export {
        /// What to write
        #[arg(value_enum)]
        format: ExportFormat,
        /// Write to this file instead of standard output (replaced if it exists)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Read a JSON, TimelineJS or CSV file into a new annals log
    Import {
        /// The file to read (`-` for standard input)
        file: PathBuf,
        /// Its format
        #[arg(long, value_enum)]
        from: Source,
        /// Write the new log here instead of standard output; never replaces a file
        /// unless --force is given
        #[arg(short, long, value_name = "NEW.toml")]
        output: Option<PathBuf>,
        /// Replace the --output file if it exists
        #[arg(long, requires = "output")]
        force: bool,
        /// For --from csv: which column each field comes from, as
        /// "date=When,title=Headline,actors=Who" (fields: id, date, end, year, month, day,
        /// end-year, end-month, end-day, title, summary, actors, tags, importance, lane,
        /// related, sources, url)
        #[arg(long, value_name = "FIELD=COLUMN,...", value_parser = parse_map)]
        map: Option<crate::import::ColumnMap>,
    },
}

/// The fields of `annals add`; in a terminal, the ones missing are asked for.
#[derive(Debug, Default, Clone, Args)]
pub struct AddArgs {
    /// The event's date: YYYY, YYYY-MM or YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The last day it covers (the same forms, not before --date)
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// What happened, in one line
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// An actor's id (declared in the log); repeat for several, the one who acted first
    #[arg(short, long, value_name = "ID", add = ArgValueCandidates::new(crate::shell::actor_ids))]
    pub actor: Vec<String>,
    /// A tag; repeat for several
    #[arg(short, long, value_name = "TAG", add = ArgValueCandidates::new(crate::shell::tag_names))]
    pub tag: Vec<String>,
    /// 1 background, 2 notable, 3 major [default: 2]
    #[arg(short, long, value_name = "N", value_parser = parse_importance)]
    pub importance: Option<u8>,
    /// A paragraph or two in your own words
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// The id of a related event; repeat for several
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(crate::shell::event_ids))]
    pub related: Vec<String>,
    /// The address of the report it comes from
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// Who published that report
    #[arg(long, value_name = "NAME")]
    pub source_publisher: Option<String>,
    /// The report's title
    #[arg(long, value_name = "TEXT")]
    pub source_title: Option<String>,
    /// The new event's id [default: made from the title, e.g. `huawei-ascend-warning`]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The file of the log to write it into [default: the file holding the nearest earlier
    /// event, else the log's main file]
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,
    /// Print the event as it would be written, and where; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// How a command prints.
#[derive(Debug, Default, Clone, Copy, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_map(text: &str) -> Result<crate::import::ColumnMap, String> {
    crate::import::ColumnMap::parse(text)
}

/// The filters every command that shows events takes, as flags and a query; combined with AND.
#[derive(Debug, Default, Clone, Args)]
pub struct FilterArgs {
    #[command(flatten)]
    pub flags: FilterFlags,
    /// A filter as one query, as in the explorer's `/` bar:
    /// "actor:huawei tag:chips since:2025-03 ascend"; `@name` is a saved view
    #[arg(value_name = "QUERY", add = ArgValueCompleter::new(crate::shell::query_word))]
    pub query: Option<String>,
}

/// The filter flags.
#[derive(Debug, Default, Clone, Args)]
pub struct FilterFlags {
    /// Events with this actor (fuzzy against ids, names, aliases); repeat for any of several
    #[arg(short, long, value_name = "TEXT", add = ArgValueCandidates::new(crate::shell::actor_ids))]
    pub actor: Vec<String>,
    /// Events with this tag; repeat for any of several
    #[arg(short, long, value_name = "TAG", add = ArgValueCandidates::new(crate::shell::tag_names))]
    pub tag: Vec<String>,
    /// Events on or after this date (YYYY, YYYY-MM, YYYY-MM-DD, 2025-Q2, 2025-H1, today,
    /// yesterday, -10d, -2w, -6m, -1y)
    #[arg(long, value_name = "DATE", value_parser = check_date, allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Events on or before this date (the same forms; a quarter or half means its last day)
    #[arg(long, value_name = "DATE", value_parser = check_date, allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Words to find in titles and summaries (fuzzy in titles)
    #[arg(short, long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Events whose actors are in this lane; repeat for any of several
    #[arg(short, long, value_name = "LANE", add = ArgValueCandidates::new(crate::shell::lane_names))]
    pub lane: Vec<String>,
    /// Only events at least this important: 1 background, 2 notable, 3 major
    #[arg(short = 'i', long, value_name = "N", value_parser = parse_importance)]
    pub min_importance: Option<u8>,
}

/// Checks the date's form when the command line is read; it is resolved against today when
/// the filter is built (the form does not depend on the day).
fn check_date(text: &str) -> Result<String, String> {
    let today = chrono::Local::now().date_naive();
    relative::resolve(text, today, Bound::Start)
        .map(|_| text.to_string())
        .map_err(|e| e.to_string())
}

fn parse_importance(text: &str) -> Result<u8, String> {
    filter::parse_importance(text).map_err(|e| e.to_string())
}

impl FilterArgs {
    /// The one filter these flags, the query string and `extra` (flags given before the
    /// command) ask for; relative dates count back from `today`.
    /// `views` are the saved views `@name` may name, personal ones first.
    pub fn to_filter(
        &self,
        extra: &FilterFlags,
        today: NaiveDate,
        views: &[SavedView],
    ) -> Result<Filter, QueryError> {
        let mut filter = match &self.query {
            Some(q) => Filter::parse_at(&filter::expand_views(q, views)?, today)?,
            None => Filter::default(),
        };
        filter.merge(self.flags.to_filter(today)?);
        filter.merge(extra.to_filter(today)?);
        filter.check()?;
        Ok(filter)
    }
}

impl FilterFlags {
    fn to_filter(&self, today: NaiveDate) -> Result<Filter, QueryError> {
        let mut filter = Filter {
            actors: self.actor.clone(),
            tags: self.tag.clone(),
            words: self
                .search
                .as_deref()
                .map(|s| s.split_whitespace().map(String::from).collect())
                .unwrap_or_default(),
            lanes: self.lane.clone(),
            min_importance: self.min_importance,
            ..Filter::default()
        };
        if let Some(since) = &self.since {
            filter.set_date(Bound::Start, since, today)?;
        }
        if let Some(until) = &self.until {
            filter.set_date(Bound::End, until, today)?;
        }
        Ok(filter)
    }
}

impl Cli {
    /// Parses the command line and `$ANNALS_FILE`, as [`Parser::try_parse`] does, and notes
    /// whether the log's path came from the variable. `ANNALS_FILE` set but empty counts as
    /// unset, as other tools treat an empty variable.
    pub fn try_parse_args() -> Result<Self, clap::Error> {
        use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
        let mut command = Self::command();
        if std::env::var_os("ANNALS_FILE").is_some_and(|v| v.is_empty()) {
            command = command.mut_arg("file", |arg| arg.env(None::<&str>));
        }
        let matches = command.try_get_matches()?;
        let mut cli =
            Self::from_arg_matches(&matches).map_err(|e| e.format(&mut Self::command()))?;
        cli.file_from_env = matches.value_source("file") == Some(ValueSource::EnvVariable);
        if !cli.file_from_env {
            cli.file = every_file(std::env::args_os().skip(1), std::mem::take(&mut cli.file));
        }
        Ok(cli)
    }

    /// Where the log comes from.
    pub fn origin(&self) -> Origin {
        match self.file.as_slice() {
            [p] if p.as_os_str() == "-" => Origin::Stdin,
            [p] if self.file_from_env => Origin::EnvFile(p.clone()),
            [p] => Origin::File(p.clone()),
            [] => Origin::Builtin,
            several => Origin::Files(several.to_vec()),
        }
    }
}

/// Every `-f` of the command line, before the command and after it. clap keeps a global
/// option's values from one side only (`-f a list -f b` gives `b`), so when the arguments
/// name more files than clap kept, and end with those it kept, they are the answer.
fn every_file(args: impl Iterator<Item = std::ffi::OsString>, kept: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut named = Vec::new();
    let mut args = args.map(PathBuf::from);
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            continue;
        };
        if text == "--" {
            break;
        }
        if text == "-f" || text == "--file" {
            named.extend(args.next());
        } else if let Some(value) = text.strip_prefix("--file=") {
            named.push(PathBuf::from(value));
        } else if let Some(value) = text.strip_prefix("-f").filter(|v| !v.is_empty()) {
            named.push(PathBuf::from(value.strip_prefix('=').unwrap_or(value)));
        }
    }
    if named.len() > kept.len() && named.ends_with(&kept) {
        named
    } else {
        kept
    }
}

/// What to say about `word` given where a command goes: the command it is a typo of
/// (`sumary`), else where a query goes (`huawei`, `actor:huawei`). Two lines at most, without
/// the leading `annals: `.
pub fn unknown_command(word: &str) -> String {
    use clap::CommandFactory;
    let word = crate::text::quoted(word);
    let command = Cli::command();
    let names = command.get_subcommands().map(|c| c.get_name());
    match crate::text::nearest(&word, names).filter(|_| !word.contains([':', ' '])) {
        Some(near) => format!("unknown command `{word}`; did you mean `{near}`?"),
        None => format!(
            "unknown command `{word}` (`annals --help` lists them)\nTo filter by it, give the query to a command: `annals list \"{word}\"` (or `summary`, `tui`)."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("annals").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn flags_and_query_give_one_filter() {
        let cli = parse(&[
            "list",
            "--actor",
            "huawei",
            "tag:chips since:2025-03 ascend",
        ]);
        let Some(Command::List { filter: args, .. }) = cli.command else {
            panic!("list expected")
        };
        let f = args.to_filter(&cli.filter, day(2026, 11, 29), &[]).unwrap();
        assert_eq!(
            f,
            Filter::parse("actor:huawei tag:chips since:2025-03 ascend").unwrap()
        );
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn since_and_until_flags_take_relative_dates_even_with_a_leading_dash() {
        let cli = parse(&["list", "--since", "-6m", "--until=2026-Q3"]);
        let Some(Command::List { filter: args, .. }) = cli.command else {
            panic!("list expected")
        };
        let f = args.to_filter(&cli.filter, day(2026, 11, 29), &[]).unwrap();
        assert_eq!(f.to_query(), "since:-6m until:2026-Q3");
        assert_eq!(
            f.dates_in_words(),
            ["since 29 May 2026", "until 30 September 2026"]
        );
    }

    #[test]
    fn bad_dates_and_importance_are_usage_errors() {
        for args in [
            &["list", "--since", "2025-02-30"][..],
            &["list", "--until", "May 2025"],
            &["list", "--since", "-6q"],
            &["list", "--min-importance", "4"],
            &["summary", "--width", "5"],
        ] {
            let err = Cli::try_parse_from(std::iter::once("annals").chain(args.iter().copied()))
                .unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn dash_means_standard_input() {
        assert_eq!(parse(&["-f", "-", "list"]).origin(), Origin::Stdin);
        assert_eq!(
            parse(&["list"]).file,
            std::env::var_os("ANNALS_FILE")
                .map(PathBuf::from)
                .into_iter()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn file_given_several_times_is_one_log_in_several_files() {
        let both = Origin::Files(vec![PathBuf::from("a.toml"), PathBuf::from("b.toml")]);
        assert_eq!(
            parse(&["-f", "a.toml", "-f", "b.toml", "list"]).origin(),
            both
        );
        assert_eq!(
            parse(&["list", "-f", "a.toml", "--file=b.toml"]).origin(),
            both
        );
        assert_eq!(
            parse(&["-f", "a.toml"]).origin(),
            Origin::File("a.toml".into())
        );
    }

    #[test]
    fn files_given_before_and_after_the_command_are_all_read() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let line = args(&["-f", "a.toml", "list", "--file=b.toml", "-fc.toml"]);
        let kept = parse(&["-f", "a.toml", "list", "--file=b.toml", "-fc.toml"]).file;
        assert_eq!(kept, vec![PathBuf::from("b.toml"), PathBuf::from("c.toml")]);
        assert_eq!(
            every_file(line.into_iter(), kept),
            ["a.toml", "b.toml", "c.toml"].map(PathBuf::from)
        );
        // What clap kept stands when the scan finds nothing more, or after `--`.
        let kept = vec![PathBuf::from("a.toml")];
        assert_eq!(
            every_file(args(&["-f", "a.toml", "list"]).into_iter(), kept.clone()),
            kept
        );
        assert_eq!(
            every_file(
                args(&["-f", "a.toml", "list", "--", "-f", "x"]).into_iter(),
                kept.clone()
            ),
            kept
        );
    }

    #[test]
    fn a_misspelt_command_gets_the_command_and_a_query_gets_where_queries_go() {
        assert_eq!(
            unknown_command("sumary"),
            "unknown command `sumary`; did you mean `summary`?"
        );
        assert!(unknown_command("tag").ends_with("did you mean `tags`?"));
        for query in [
            "huawei",
            "actor:huawei",
            "actor:huawei since:2025",
            "actrs:x",
        ] {
            let hint = unknown_command(query);
            assert!(
                hint.contains(&format!("`annals list \"{query}\"`")),
                "{query}: {hint}"
            );
            assert!(!hint.contains("did you mean"), "{query}: {hint}");
        }
        assert!(!unknown_command("a\u{1b}[2J").contains('\u{1b}'));
    }

    #[test]
    fn bare_annals_takes_filters_too() {
        let cli = parse(&["--actor", "nvidia"]);
        assert!(cli.command.is_none());
        assert_eq!(cli.filter.actor, ["nvidia"]);
        let cli = parse(&["-f", "x.toml", "list"]);
        assert!(matches!(cli.command, Some(Command::List { .. })));
    }
}
