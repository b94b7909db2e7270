//! The person's config file, `$XDG_CONFIG_HOME/annals/config.toml` (or `$ANNALS_CONFIG`):
//! the default log, the view and theme to open in, colours per role, key overrides and
//! personal saved views. Read into [`Settings`] with every mistake diagnosed as a log's are
//! (`file:line:col`, "did you mean"); a config with an error is set aside for the defaults.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use toml::de::{DeTable, DeValue};

use crate::load::diagnostic::{self, Diagnostic, line_col};
use crate::load::fields::{Reader, Span};
use crate::model::SavedView;
use crate::text;
use crate::tui::action::{self, Action};
use crate::tui::keymap::{Context, Key, Keymap, Override};
use crate::tui::views::theme::{Role, ThemeName};
use crate::write::Snapshot;

const ROOT_KEYS: &[&str] = &[
    "file",
    "view",
    "theme",
    "date_style",
    "colours",
    "keys",
    "views",
];
const VIEWS: &[&str] = &["chronology", "lanes"];
const DATE_STYLES: &[&str] = &["iso", "long"];

/// How the explorer's chronology writes dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// `2025-05-13`, `2025-05`, `2025`: narrow, and sorts as text.
    #[default]
    Iso,
    /// `13 May 2025`, `May 2025`, `2025`: as a reader says it.
    Long,
}

impl DateStyle {
    pub fn name(self) -> &'static str {
        match self {
            DateStyle::Iso => "iso",
            DateStyle::Long => "long",
        }
    }
}

/// The view the explorer opens in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StartView {
    #[default]
    Chronology,
    Lanes,
}

/// A setting and the line of the config that set it (`None`: the default).
#[derive(Debug, Clone, PartialEq)]
pub struct Set<T> {
    pub value: T,
    pub line: Option<usize>,
}

impl<T: Default> Default for Set<T> {
    fn default() -> Self {
        Self {
            value: T::default(),
            line: None,
        }
    }
}

/// Everything the config sets; a field left alone holds the default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The log to read when neither `--file` nor `$ANNALS_FILE` names one.
    pub file: Set<Option<PathBuf>>,
    pub view: Set<StartView>,
    pub theme: Set<ThemeName>,
    pub date_style: Set<DateStyle>,
    /// Colours set per role, with their lines.
    pub colours: Vec<(Role, Color, usize)>,
    /// Key overrides in the config's order, with their lines.
    pub keys: Vec<(Override, usize)>,
    /// Personal saved views, with their lines.
    pub views: Vec<(SavedView, usize)>,
}

impl Settings {
    /// The key bindings in force: the built-in table with the overrides applied.
    pub fn keymap(&self) -> Keymap {
        let overrides: Vec<Override> = self.keys.iter().map(|(o, _)| o.clone()).collect();
        Keymap::default().with_overrides(&overrides)
    }

    /// The colours set per role, for [`crate::tui::views::Theme::new`].
    pub fn role_colours(&self) -> Vec<(Role, Color)> {
        self.colours.iter().map(|&(r, c, _)| (r, c)).collect()
    }

    /// The personal views, without their lines.
    pub fn saved_views(&self) -> Vec<SavedView> {
        self.views.iter().map(|(v, _)| v.clone()).collect()
    }
}

/// The config file as read: where it is, its text, what it sets, and what is wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it is (or would be); `None` when there is no config directory at all.
    pub path: Option<PathBuf>,
    /// Whether the file exists.
    pub exists: bool,
    /// Its text, which the diagnostics point into.
    pub text: String,
    /// What it was when read, to refuse writing over a change made since.
    pub snapshot: Option<Snapshot>,
    pub diagnostics: Vec<Diagnostic>,
    /// The settings in force: the file's, or the defaults if it has an error.
    pub settings: Settings,
}

/// Where the config file is: `$ANNALS_CONFIG`, else `config.toml` in the `annals` folder of
/// the platform's config directory (`$XDG_CONFIG_HOME`, `~/.config`).
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("ANNALS_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::config_dir().map(|d| d.join("annals").join("config.toml")),
    }
}

impl Config {
    /// Reads the config at [`path`]. A missing file is no config; a file that cannot be read
    /// is one diagnostic.
    pub fn load() -> Config {
        match path() {
            Some(p) => Self::load_from(&p),
            None => Config::default(),
        }
    }

    /// Reads the config at `path`.
    pub fn load_from(path: &Path) -> Config {
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return config,
            Err(e) => {
                config.exists = true;
                config.diagnostics = vec![Diagnostic::error(0..0, format!("cannot read it: {e}"))];
                return config;
            }
        };
        config.exists = true;
        config.snapshot = Some(Snapshot::of(&bytes, path));
        match String::from_utf8(bytes) {
            Ok(text) => config.text = text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                config.text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                config.diagnostics = vec![Diagnostic::error(
                    at..at + 1,
                    "the file is not valid UTF-8 text",
                )];
                return config;
            }
        }
        let (settings, diagnostics) = read(&config.text);
        config.diagnostics = diagnostics;
        if !config.has_errors() {
            config.settings = settings;
        }
        config
    }

    /// The file's name for messages.
    pub fn name(&self) -> String {
        self.path
            .as_deref()
            .map_or_else(|| "config".to_string(), |p| p.display().to_string())
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Every diagnostic quoted, then, when there are errors, that the defaults are in use.
    pub fn render_problems(&self) -> String {
        let name = self.name();
        let name = text::sanitize(&name);
        let mut out: String = self
            .diagnostics
            .iter()
            .map(|d| diagnostic::render(d, &self.text, &name))
            .collect();
        if self.has_errors() {
            let _ = writeln!(
                out,
                "annals: the config has errors, so annals runs with the default settings; fix them (`annals config` checks it)"
            );
        }
        out
    }

    /// One line for the explorer's message line, when the config has an error.
    pub fn one_line(&self) -> Option<String> {
        let first = self.diagnostics.iter().find(|d| d.is_error())?;
        let (line, col) = line_col(&self.text, first.span.start);
        Some(format!(
            "{}:{line}:{col}: {} — running with the default settings",
            text::sanitize(&self.name()),
            first.message
        ))
    }
}

/// Reads a config's text: what it sets and every problem. Pure.
pub fn read(text: &str) -> (Settings, Vec<Diagnostic>) {
    let mut reader = Reader::default();
    let mut settings = Settings::default();
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            reader.push(crate::load::syntax_error(&e, |span| span));
        }
        return (settings, reader.diagnostics);
    }
    let root = root.get_ref();
    let line = |span: &Span| line_col(text, span.start).0;
    reader.warn_unknown_keys(root, ROOT_KEYS, "the config");
    if let Some((file, span)) = reader.string(root, "file") {
        settings.file = Set {
            value: Some(PathBuf::from(file)),
            line: Some(line(&span)),
        };
    }
    let mut set = |key: &str, allowed: &[&str]| {
        choice(&mut reader, root, key, allowed).map(|(value, span)| (value, Some(line(&span))))
    };
    if let Some((view, line)) = set("view", VIEWS) {
        let value = if view == "lanes" {
            StartView::Lanes
        } else {
            StartView::Chronology
        };
        settings.view = Set { value, line };
    }
    let themes: Vec<&str> = ThemeName::ALL.iter().map(|t| t.name()).collect();
    if let Some((name, line)) = set("theme", &themes) {
        let value = ThemeName::from_name(&name).unwrap_or_default();
        settings.theme = Set { value, line };
    }
    if let Some((style, line)) = set("date_style", DATE_STYLES) {
        let value = if style == "long" {
            DateStyle::Long
        } else {
            DateStyle::Iso
        };
        settings.date_style = Set { value, line };
    }
    settings.colours = colours(root, &mut reader)
        .into_iter()
        .map(|(r, c, span)| (r, c, line(&span)))
        .collect();
    settings.keys = keys(root, &mut reader, text);
    settings.views = crate::load::views::read_views_spanned(root, &mut reader, true)
        .into_iter()
        .map(|(v, span)| (v, line(&span)))
        .collect();
    let mut diagnostics = reader.diagnostics;
    diagnostics.sort_by_key(|d| d.span.start);
    (settings, diagnostics)
}

/// A string that must be one of `allowed`.
fn choice(
    reader: &mut Reader,
    table: &DeTable<'_>,
    key: &str,
    allowed: &[&str],
) -> Option<(String, Span)> {
    let (value, span) = reader.string(table, key)?;
    if allowed.contains(&value.as_str()) {
        return Some((value, span));
    }
    let d = Diagnostic::error(
        span.clone(),
        format!("unknown {key} `{}`", text::sanitize(&value)),
    );
    reader.push(match text::nearest(&value, allowed.iter().copied()) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d.with_hint(format!("`{key}` is one of: {}", allowed.join(", "))),
    });
    None
}

/// `[colours]`: a colour per role.
fn colours(root: &DeTable<'_>, reader: &mut Reader) -> Vec<(Role, Color, Span)> {
    let Some(table) = sub_table(root, "colours", reader) else {
        return Vec::new();
    };
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
    reader.warn_unknown_keys(table, &roles, "[colours]");
    let mut out = Vec::new();
    for role in Role::ALL {
        let Some((name, span)) = reader.string(table, role.name()) else {
            continue;
        };
        match crate::colour::parse(&name) {
            Some(colour) => out.push((role, colour, span)),
            None => reader.push(
                Diagnostic::error(span, format!("`{}` is not a colour", text::sanitize(&name)))
                    .with_hint(crate::colour::hint(&name)),
            ),
        }
    }
    out
}

fn sub_table<'t, 'i>(
    root: &'t DeTable<'i>,
    key: &str,
    reader: &mut Reader,
) -> Option<&'t DeTable<'i>> {
    reader.table(root, key)?.get_ref().as_table()
}

/// `[keys.<context>]`: `"key" = "action"` or `"none"`. A key given twice in one context is
/// an error naming both lines.
fn keys(root: &DeTable<'_>, reader: &mut Reader, text: &str) -> Vec<(Override, usize)> {
    let Some(table) = sub_table(root, "keys", reader) else {
        return Vec::new();
    };
    let mut out: Vec<(Override, usize)> = Vec::new();
    for (context_key, value) in table {
        let name = context_key.get_ref().as_ref();
        let Some(context) = Context::from_name(name) else {
            let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
            let d = Diagnostic::error(
                context_key.span(),
                format!("unknown key context `{}`", text::sanitize(name)),
            );
            reader.push(match text::nearest(name, names.iter().copied()) {
                Some(near) => d.with_hint(format!("did you mean `[keys.{near}]`?")),
                None => d.with_hint(format!("the contexts are: {}", names.join(", "))),
            });
            continue;
        };
        let DeValue::Table(bindings) = value.get_ref() else {
            reader.error(
                value.span(),
                format!("`keys.{name}` must be a table of \"key\" = \"action\""),
            );
            continue;
        };
        for (key, action) in bindings {
            if let Some(o) = binding(context, key, action, reader) {
                let line = line_col(text, key.span().start).0;
                if let Some((_, first)) = out
                    .iter()
                    .find(|(b, _)| b.context == context && b.key == o.key)
                {
                    reader.push(
                        Diagnostic::error(
                            key.span(),
                            format!(
                                "`{}` is bound twice in [keys.{name}]: on line {first} and on line {line}",
                                text::sanitize(key.get_ref())
                            ),
                        )
                        .with_hint("keep one of the two lines"),
                    );
                    continue;
                }
                out.push((o, line));
            }
        }
    }
    out
}

/// One `"key" = "action"` line.
fn binding(
    context: Context,
    key: &toml::Spanned<std::borrow::Cow<'_, str>>,
    action: &toml::Spanned<DeValue<'_>>,
    reader: &mut Reader,
) -> Option<Override> {
    let parsed = match Key::parse(key.get_ref()) {
        Ok(k) => k,
        Err(e) => {
            reader.push(Diagnostic::error(
                key.span(),
                text::sanitize(&e.to_string()).into_owned(),
            ));
            return None;
        }
    };
    let DeValue::String(name) = action.get_ref() else {
        reader.push(
            Diagnostic::error(
                action.span(),
                "an action is a name in quotes, e.g. \"page-up\"",
            )
            .with_hint("or \"none\" to unbind the key"),
        );
        return None;
    };
    if name.as_ref() == "none" {
        return Some(Override {
            context,
            key: parsed,
            action: None,
        });
    }
    let Some(found) = Action::from_name(name) else {
        let d = Diagnostic::error(
            action.span(),
            format!("unknown action `{}`", text::sanitize(name)),
        );
        let names = action::NAMES.iter().map(|(n, _)| *n);
        reader.push(match text::nearest(name, names) {
            Some(near) => d.with_hint(format!("did you mean `{near}`?")),
            None => d.with_hint("`annals config` lists the actions; \"none\" unbinds a key"),
        });
        return None;
    };
    Some(Override {
        context,
        key: parsed,
        action: Some(found),
    })
}

/// A path the config names: `~/` is the home directory; a relative path is taken from the
/// config file's directory.
pub fn resolve_path(path: &Path, config: Option<&Path>) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = dirs::home_dir()
    {
        return home.join(rest);
    }
    match config.and_then(Path::parent) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_read_with_its_line() {
        let text = "file = \"log.toml\"\nview = \"lanes\"\ntheme = \"light\"\ndate_style = \"long\"\n[colours]\nkey = \"red\"\n[keys.list]\n\"x\" = \"next-month\"\n\"d\" = \"none\"\n[views.mine]\nquery = \"tag:chips\"\n";
        let (s, problems) = read(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.file.value, Some(PathBuf::from("log.toml")));
        assert_eq!((s.view.value, s.view.line), (StartView::Lanes, Some(2)));
        assert_eq!((s.theme.value, s.theme.line), (ThemeName::Light, Some(3)));
        assert_eq!(s.date_style.value, DateStyle::Long);
        assert_eq!(s.colours, [(Role::Key, Color::Red, 6)]);
        assert_eq!(s.keys.len(), 2);
        assert_eq!(s.keys[0].1, 8);
        assert_eq!(s.keys[1].0.action, None);
        assert_eq!(s.views[0].0.name, "mine");
        assert_eq!(read("").0, Settings::default());
    }

    #[test]
    fn a_config_with_an_error_is_set_aside_but_a_warning_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "theme = \"light\"\nthem = 1\n").unwrap();
        let config = Config::load_from(&path);
        assert!(!config.has_errors());
        assert_eq!(config.settings.theme.value, ThemeName::Light);
        std::fs::write(&path, "theme = \"light\"\nview = \"lane\"\n").unwrap();
        let config = Config::load_from(&path);
        assert!(config.has_errors());
        assert_eq!(config.settings, Settings::default());
        assert!(config.render_problems().contains("did you mean `lanes`?"));
        std::fs::write(&path, b"theme = \"\xff\"\n").unwrap();
        let config = Config::load_from(&path);
        assert!(config.one_line().unwrap().contains("not valid UTF-8"));
    }

    #[test]
    fn paths_in_the_config_are_taken_from_its_folder_or_home() {
        let config = Path::new("/etc/annals/config.toml");
        assert_eq!(
            resolve_path(Path::new("log.toml"), Some(config)),
            PathBuf::from("/etc/annals/log.toml")
        );
        assert_eq!(
            resolve_path(Path::new("/abs/log.toml"), Some(config)),
            PathBuf::from("/abs/log.toml")
        );
        if let Some(home) = dirs::home_dir() {
            assert_eq!(
                resolve_path(Path::new("~/x.toml"), None),
                home.join("x.toml")
            );
        }
    }
}
