//! The reopen cache: a cached load is the parsed load (the same timeline, the same
//! warnings), whatever happens to the log or to the cache between two opens; and the
//! command line uses it, or not, as documented.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools: a panic is a failure with its message.

mod common;

use std::path::{Path, PathBuf};

use annals::load::{self, Report, cache::Cache};
use proptest::prelude::*;

/// Title words, as written in a basic TOML string: the last two with escapes, which the
/// loader cannot cut from the file (such an event keeps a text of its own, and so does its
/// cache entry).
const WORDS: &[&str] = &[
    "chips",
    "export",
    "rule",
    "中文",
    "émigré",
    "talks",
    "🚀",
    "plan",
    "say \\\"no\\\"",
    "\\u00e9t\\u00e9",
];

/// One generated event: date, title words, whether it has a source (else a warning), and
/// the events it links to.
#[derive(Debug, Clone)]
struct Gen {
    date: (i32, u32, u32),
    title: Vec<usize>,
    sourced: bool,
    related: Vec<usize>,
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    (
        (2015i32..2030, 1u32..13, 1u32..29),
        proptest::collection::vec(0..WORDS.len(), 1..6),
        any::<bool>(),
        proptest::collection::vec(0usize..30, 0..3),
    )
        .prop_map(|(date, title, sourced, related)| Gen {
            date,
            title,
            sourced,
            related,
        })
}

/// A valid log: a byte-order mark or not, an era, an actor never used (a warning), events
/// with and without sources (warnings), in the given order.
fn log_text(events: &[Gen], bom: bool) -> String {
    let mut text = String::from(if bom { "\u{FEFF}" } else { "" });
    text.push_str("[timeline]\ntitle = \"Cached\"\nlanes = [\"North\", \"South\"]\n\n");
    text.push_str("[actors.a]\nname = \"Alpha\"\nlane = \"North\"\n\n");
    text.push_str("[actors.idle]\nname = \"Idle\"\nlane = \"South\"\n\n");
    text.push_str("[[eras]]\ntitle = \"An era\"\ndate = \"2016\"\nend = \"2018-06\"\n\n");
    for (i, e) in events.iter().enumerate() {
        let (y, m, d) = e.date;
        let title: Vec<&str> = e.title.iter().map(|&w| WORDS[w]).collect();
        let related: Vec<String> = e
            .related
            .iter()
            .filter(|&&r| r < events.len() && r != i)
            .map(|r| format!("\"e{r}\""))
            .collect();
        text.push_str(&format!(
            "[[events]]\nid = \"e{i}\"\ndate = \"{y:04}-{m:02}-{d:02}\"\ntitle = \"{}\"\nactors = [\"a\"]\nsummary = \"About {i}.\"\nrelated = [{}]\n",
            title.join(" "),
            related.join(", ")
        ));
        if e.sourced {
            text.push_str(&format!(
                "\n[[events.sources]]\npublisher = \"Wire\"\ntitle = \"On {i}\"\nurl = \"https://example.com/{i}\"\n"
            ));
        }
        text.push('\n');
    }
    text
}

/// A log file and a cache directory of its own.
struct Place {
    _dir: tempfile::TempDir,
    log: PathBuf,
    cache: Cache,
    cache_dir: PathBuf,
}

fn place(text: &str) -> Place {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.toml");
    std::fs::write(&log, text).unwrap();
    let log = std::fs::canonicalize(log).unwrap();
    let cache_dir = dir.path().join("cache");
    Place {
        cache: Cache::at(cache_dir.clone()),
        cache_dir,
        log,
        _dir: dir,
    }
}

impl Place {
    /// Loads the log as the binary does: its bytes, then the cache or a parse.
    fn load(&self) -> Report {
        self.cache
            .load(&self.log, std::fs::read(&self.log).unwrap())
    }

    fn entry(&self) -> PathBuf {
        self.cache.entry_path(&self.log)
    }

    /// The timeline the cache gives for the file as it is on disk, if any.
    fn fast(&self) -> Option<annals::model::Timeline> {
        self.cache.timeline(&self.log).map(|(timeline, _)| timeline)
    }

    fn cached(&self) -> bool {
        self.cache
            .lookup(&self.log, &std::fs::read(&self.log).unwrap())
            .is_some()
    }
}

/// The report of parsing the file as it is now, with no cache.
fn parsed(path: &Path) -> Report {
    load::parse_bytes(std::fs::read(path).unwrap())
}

fn assert_same(cached: &Report, parsed: &Report) {
    assert_eq!(cached.text, parsed.text);
    assert_eq!(cached.diagnostics, parsed.diagnostics);
    assert_eq!(cached.timeline, parsed.timeline);
    assert_eq!(
        cached.render(&load::Origin::File("log.toml".into())),
        parsed.render(&load::Origin::File("log.toml".into()))
    );
}

/// What can happen to a log between two opens.
#[derive(Debug, Clone)]
enum Edit {
    /// One byte changed, the size and the modification time kept.
    ByteInPlace {
        at: usize,
        to: u8,
    },
    Append(String),
    Truncate {
        keep: usize,
    },
    /// Written again with the same bytes and a new modification time.
    Touch,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), b'a'..=b'z').prop_map(|(at, to)| Edit::ByteInPlace { at, to }),
        prop_oneof![
            Just("\n# a comment\n".to_string()),
            Just("\n[[events]]\nid = \"late\"\ndate = \"2020\"\ntitle = \"Late\"\n".to_string()),
            Just("\n[[events]]\nid = \"late\"\n".to_string()),
        ]
        .prop_map(Edit::Append),
        any::<usize>().prop_map(|keep| Edit::Truncate { keep }),
        Just(Edit::Touch),
    ]
}

fn apply(edit: &Edit, path: &Path) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let before = bytes.clone();
    match edit {
        Edit::ByteInPlace { at, to } => {
            let at = at % bytes.len();
            bytes[at] = if bytes[at] == *to { b'!' } else { *to };
        }
        Edit::Append(tail) => bytes.extend_from_slice(tail.as_bytes()),
        Edit::Truncate { keep } => bytes.truncate(keep % bytes.len()),
        Edit::Touch => {}
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    std::io::Write::write_all(&mut &file, &bytes).unwrap();
    match edit {
        Edit::ByteInPlace { .. } => file.set_modified(modified).unwrap(),
        _ => file
            .set_modified(modified + std::time::Duration::from_secs(7))
            .unwrap(),
    }
    bytes != before
}

/// What can happen to a cache entry.
#[derive(Debug, Clone)]
enum Damage {
    Flip {
        at: usize,
        with: u8,
    },
    Truncate {
        keep: usize,
    },
    Empty,
    /// An entry written by another build of annals.
    OtherBuild,
}

fn damage_strategy() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, with)| Damage::Flip { at, with }),
        any::<usize>().prop_map(|keep| Damage::Truncate { keep }),
        Just(Damage::Empty),
        Just(Damage::OtherBuild),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_cached_load_is_the_parsed_load(
        events in proptest::collection::vec(gen_strategy(), 1..30),
        bom in any::<bool>(),
    ) {
        let p = place(&log_text(&events, bom));
        let first = p.load();
        prop_assert!(first.errors().next().is_none());
        prop_assert!(p.entry().exists(), "a clean load is kept");
        prop_assert!(p.cached());
        let again = p.load();
        assert_same(&again, &parsed(&p.log));
        prop_assert_eq!(p.fast(), parsed(&p.log).timeline);
    }

    #[test]
    fn after_any_edit_the_load_is_the_parse_of_the_file_as_it_is_now(
        events in proptest::collection::vec(gen_strategy(), 1..20),
        edit in edit_strategy(),
    ) {
        let p = place(&log_text(&events, false));
        p.load();
        let changed = apply(&edit, &p.log);
        // A changed byte is caught by the hash even at the same size and time; the same bytes
        // touched stay valid.
        prop_assert_eq!(p.cached(), !changed);
        let now = parsed(&p.log);
        let fast = p.fast();
        if changed {
            prop_assert_eq!(fast, None);
        } else {
            prop_assert_eq!(fast, now.timeline.clone());
        }
        assert_same(&p.load(), &now);
        // A clean new version is kept in its turn; a broken one is not.
        let clean = now.errors().next().is_none();
        prop_assert_eq!(p.cached(), clean);
        prop_assert_eq!(p.fast(), if clean { now.timeline } else { None });
    }

    #[test]
    fn a_damaged_or_foreign_entry_is_ignored_and_written_again(
        events in proptest::collection::vec(gen_strategy(), 1..20),
        damage in damage_strategy(),
    ) {
        let p = place(&log_text(&events, false));
        p.load();
        let entry = p.entry();
        let mut bytes = std::fs::read(&entry).unwrap();
        match &damage {
            Damage::Flip { at, with } => {
                let at = at % bytes.len();
                bytes[at] ^= with;
            }
            Damage::Truncate { keep } => bytes.truncate(keep % bytes.len()),
            Damage::Empty => bytes.clear(),
            Damage::OtherBuild => {
                let other = Cache::at(p.cache_dir.join("other")).as_build("0.0.0 other");
                other.load(&p.log, std::fs::read(&p.log).unwrap());
                bytes = std::fs::read(other.entry_path(&p.log)).unwrap();
            }
        }
        std::fs::write(&entry, &bytes).unwrap();
        prop_assert!(!p.cached());
        prop_assert_eq!(p.fast(), None);
        assert_same(&p.load(), &parsed(&p.log));
        prop_assert!(p.cached(), "the fresh load rewrote the entry");
    }
}

#[test]
fn a_log_with_errors_is_never_kept() {
    let p = place("[timeline]\ntitle = \"Broken\"\n\n[[events]]\nid = \"x\"\n");
    let report = p.load();
    assert!(report.errors().next().is_some());
    assert!(!p.entry().exists());
}

#[test]
fn only_the_entries_used_last_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("cache"));
    let text = log_text(&[], false);
    let logs: Vec<PathBuf> = (0..annals::load::cache::KEEP + 3)
        .map(|i| {
            let log = dir.path().join(format!("log{i}.toml"));
            std::fs::write(&log, &text).unwrap();
            let log = std::fs::canonicalize(log).unwrap();
            cache.load(&log, text.clone().into_bytes());
            // Entries are ordered by their time of use: make each one later than the last.
            let entry = std::fs::File::options()
                .write(true)
                .open(cache.entry_path(&log))
                .unwrap();
            entry
                .set_modified(
                    std::time::SystemTime::UNIX_EPOCH
                        + std::time::Duration::from_secs(1000 + i as u64),
                )
                .unwrap();
            log
        })
        .collect();
    let kept: Vec<bool> = logs
        .iter()
        .map(|log| cache.entry_path(log).exists())
        .collect();
    let n = kept.len();
    assert_eq!(
        kept.iter().filter(|k| **k).count(),
        annals::load::cache::KEEP
    );
    assert!(
        kept[n - annals::load::cache::KEEP..].iter().all(|k| *k),
        "{kept:?}"
    );
    // An entry whose log is gone goes at the next write.
    std::fs::remove_file(&logs[n - 1]).unwrap();
    let fresh = dir.path().join("fresh.toml");
    std::fs::write(&fresh, &text).unwrap();
    cache.load(&std::fs::canonicalize(&fresh).unwrap(), text.into_bytes());
    assert!(!cache.entry_path(&logs[n - 1]).exists());
}

// ---------------------------------------------------------------- the command line

/// annals with its cache in `cache` (as the binary finds it: `$ANNALS_CACHE_DIR`), saying
/// what the cache does.
fn annals_cached(cache: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = common::annals(args);
    cmd.env_remove("ANNALS_NO_CACHE")
        .env("ANNALS_CACHE_DIR", cache)
        .env("ANNALS_CACHE_DEBUG", "1");
    cmd
}

const WARNED: &str = "[timeline]\ntitle = \"T\"\nlanes = [\"L\"]\n\n[actors.a]\nname = \"A\"\nlane = \"L\"\n\n[actors.idle]\nname = \"Idle\"\nlane = \"L\"\n\n[[events]]\nid = \"one\"\ndate = \"2025-01-02\"\ntitle = \"One\"\nactors = [\"a\"]\nsummary = \"S.\"\n";

#[test]
fn a_reopen_reads_the_cache_and_says_the_same_including_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.toml");
    std::fs::write(&log, WARNED).unwrap();
    let cache = dir.path().join("cache");
    let log_arg = log.to_str().unwrap();
    let (code, first, first_err) =
        common::output(&mut annals_cached(&cache, &["-f", log_arg, "check"]));
    assert_eq!(code, 0, "{first_err}");
    assert!(first.contains("warning"), "{first}");
    assert!(!first_err.contains("used the entry"), "{first_err}");
    let (code, again, again_err) =
        common::output(&mut annals_cached(&cache, &["-f", log_arg, "check"]));
    assert_eq!(code, 0);
    assert!(again_err.contains("used the entry"), "{again_err}");
    assert_eq!(again, first);
    let (_, list, list_err) = common::output(&mut annals_cached(&cache, &["-f", log_arg, "list"]));
    assert!(list_err.contains("used the entry"), "{list_err}");
    assert!(list.contains("one"), "{list}");
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.toml");
    std::fs::write(&log, WARNED).unwrap();
    let cache = dir.path().join("cache");
    let log_arg = log.to_str().unwrap();
    let (code, _, err) = common::output(&mut annals_cached(
        &cache,
        &["--no-cache", "-f", log_arg, "list"],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(!cache.exists());
    let (code, _, err) =
        common::output(annals_cached(&cache, &["-f", log_arg, "list"]).env("ANNALS_NO_CACHE", "1"));
    assert_eq!(code, 0, "{err}");
    assert!(!cache.exists());
    let (code, _, err) = common::output(
        annals_cached(&cache, &["-f", log_arg, "list"]).env("ANNALS_NO_CACHE", "false"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(cache.exists(), "ANNALS_NO_CACHE=false uses the cache");
    let (_, _, err) = common::output(&mut annals_cached(
        &cache,
        &["list", "-f", log_arg, "--no-cache"],
    ));
    assert!(!err.contains("used the entry"), "{err}");
}

#[test]
fn a_damaged_cache_is_never_the_persons_problem() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.toml");
    std::fs::write(&log, WARNED).unwrap();
    let cache = dir.path().join("cache");
    let log_arg = log.to_str().unwrap();
    let (_, before, _) = common::output(&mut annals_cached(&cache, &["-f", log_arg, "check"]));
    for entry in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(entry.unwrap().path(), b"annals garbage").unwrap();
    }
    let mut cmd = annals_cached(&cache, &["-f", log_arg, "check"]);
    cmd.env_remove("ANNALS_CACHE_DEBUG");
    let (code, after, err) = common::output(&mut cmd);
    assert_eq!(
        (code, after.as_str(), err.as_str()),
        (0, before.as_str(), "")
    );
}

#[test]
fn standard_input_and_the_built_in_log_are_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut cmd = annals_cached(&cache, &["-f", "-", "list"]);
    cmd.stdin(std::fs::File::open(common_fixture()).unwrap());
    let (code, _, err) = common::output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = common::output(&mut annals_cached(&cache, &["list"]));
    assert_eq!(code, 0, "{err}");
    assert!(!cache.exists());
}

fn common_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.toml")
}

#[test]
fn config_and_help_say_where_the_cache_is() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("my-cache");
    let (code, out, err) = common::output(&mut annals_cached(&cache, &["config"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(cache.to_str().unwrap()), "{out}");
    let (_, help, _) = common::output(&mut common::annals(&["--help"]));
    assert!(help.contains("--no-cache"), "{help}");
}

#[test]
fn a_log_in_several_files_is_cached_and_any_file_or_match_changing_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("log.toml");
    std::fs::create_dir(dir.path().join("parts")).unwrap();
    std::fs::write(
        &main,
        "[timeline]\ntitle = \"T\"\nlanes = [\"L\"]\ninclude = [\"parts/*.toml\"]\n\n[actors.a]\nname = \"A\"\nlane = \"L\"\n",
    )
    .unwrap();
    let event = |id: &str| {
        format!(
            "[[events]]\nid = \"{id}\"\ndate = \"2025-01-02\"\ntitle = \"{id}\"\nactors = [\"a\"]\nsummary = \"S.\"\n\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://example.com\"\n"
        )
    };
    let part = dir.path().join("parts/one.toml");
    std::fs::write(&part, event("first")).unwrap();
    let cache = dir.path().join("cache");
    let log_arg = main.to_str().unwrap();
    let list = || common::output(&mut annals_cached(&cache, &["-f", log_arg, "list"]));
    let (code, out, err) = list();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("first"), "{out}");
    let (_, again, err) = list();
    assert!(err.contains("used the entry"), "{err}");
    assert_eq!(again, out);
    // An included file changed in place, same size: its hash tells.
    std::fs::write(&part, event("fixed")).unwrap();
    let (_, out, err) = list();
    assert!(!err.contains("used the entry"), "{err}");
    assert!(out.contains("fixed"), "{out}");
    // A new file matching the pattern.
    std::fs::write(dir.path().join("parts/two.toml"), event("second")).unwrap();
    let (_, out, err) = list();
    assert!(!err.contains("used the entry"), "{err}");
    assert!(out.contains("second") && out.contains("fixed"), "{out}");
    let (_, again, err) = list();
    assert!(err.contains("used the entry"), "{err}");
    assert_eq!(again, out);
}

#[test]
fn a_cached_log_still_knows_its_files_for_show_and_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("parts")).unwrap();
    std::fs::write(
        dir.path().join("log.toml"),
        "[timeline]\ntitle = \"T\"\nlanes = [\"L\"]\ninclude = [\"parts/*.toml\"]\n\n[actors.a]\nname = \"A\"\nlane = \"L\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("parts/one.toml"),
        "[[events]]\nid = \"first\"\ndate = \"2025-01-02\"\ntitle = \"First\"\nactors = [\"a\"]\nsummary = \"S.\"\n\n[[events.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://example.com\"\n",
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let run = |args: &[&str]| {
        let mut cmd = annals_cached(&cache, args);
        common::output(cmd.current_dir(dir.path()))
    };
    let (code, _, err) = run(&["-f", "log.toml", "check"]);
    assert_eq!(code, 0, "{err}");
    let (code, parsed, _) = run(&["--no-cache", "-f", "log.toml", "show", "first"]);
    assert_eq!(code, 0);
    assert!(parsed.contains("Written     parts/one.toml:1"), "{parsed}");
    let (_, cached, err) = run(&["-f", "log.toml", "show", "first"]);
    assert!(err.contains("used the entry"), "{err}");
    assert_eq!(cached, parsed);
    // `add` finds the file of the nearest earlier event through the cached log too.
    let (code, _, err) = run(&[
        "-f",
        "log.toml",
        "add",
        "--date",
        "2025-02-01",
        "--title",
        "Second",
        "--actor",
        "a",
        "--summary",
        "S.",
        "--source-publisher",
        "P",
        "--source-title",
        "T",
        "--source-url",
        "https://example.com/2",
    ]);
    assert_eq!(code, 0, "{err}");
    let part = std::fs::read_to_string(dir.path().join("parts/one.toml")).unwrap();
    assert!(part.contains("id = \"second\""), "{part}");
}
