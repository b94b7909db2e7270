//! `annals config`: where the config file is, and every setting in force with where it
//! comes from (the default, or a line of the config).

use std::fmt::Write as _;

use crate::config::{Config, Set, StartView};
use crate::model::SavedView;
use crate::text;
use crate::tui::keymap::{self, Context};
use crate::tui::views::theme::{Role, Theme};

/// The whole report. `log_views` are the saved views of the log in force, if it loaded.
pub fn config(config: &Config, log_views: &[SavedView]) -> String {
    let mut out = String::new();
    let name = text::sanitize(&config.name()).into_owned();
    let state = match (config.exists, config.has_errors()) {
        (false, _) => "does not exist: every setting is the default",
        (true, true) => "has errors: every setting is the default until they are fixed",
        (true, false) => "read",
    };
    let _ = writeln!(out, "config file: {name} ({state})");
    let _ = writeln!(out, "(set $ANNALS_CONFIG to read another file)");
    cache(&mut out);
    let _ = writeln!(out, "\n# settings in force");
    let s = &config.settings;
    let file = s.file.value.as_ref().map_or_else(
        || "the built-in log (unless --file or $ANNALS_FILE)".to_string(),
        |p| format!("{:?}", text::sanitize(&p.display().to_string())),
    );
    setting(&mut out, "file", &file, &s.file);
    let view = match s.view.value {
        StartView::Chronology => "\"chronology\"",
        StartView::Lanes => "\"lanes\"",
    };
    setting(&mut out, "view", view, &s.view);
    setting(
        &mut out,
        "theme",
        &format!("{:?}", s.theme.value.name()),
        &s.theme,
    );
    let style = format!("{:?}", s.date_style.value.name());
    setting(&mut out, "date_style", &style, &s.date_style);
    colours(&mut out, config);
    keys(&mut out, config);
    views(&mut out, config, log_views);
    out
}

/// Where loaded logs are kept to reopen fast, and whether this run uses it.
fn cache(out: &mut String) {
    use crate::load::cache;
    let Some(dir) = cache::location() else {
        let _ = writeln!(out, "cache: none (no cache directory is known here)");
        return;
    };
    let dir = text::sanitize(&dir.display().to_string()).into_owned();
    let state = if cache::Cache::in_use().is_some() {
        "loaded logs, to reopen them fast; delete it to clear"
    } else {
        "not used now: --no-cache or $ANNALS_NO_CACHE"
    };
    let _ = writeln!(out, "cache: {dir} ({state})");
}

fn origin(line: Option<usize>) -> String {
    match line {
        Some(n) => format!("config, line {n}"),
        None => "default".to_string(),
    }
}

fn setting<T>(out: &mut String, key: &str, value: &str, set: &Set<T>) {
    let _ = writeln!(
        out,
        "{:<44} # {}",
        format!("{key} = {value}"),
        origin(set.line)
    );
}

fn colours(out: &mut String, config: &Config) {
    let s = &config.settings;
    let theme = Theme::new(s.theme.value, &s.role_colours(), false);
    let _ = writeln!(out, "\n[colours]");
    for role in Role::ALL {
        let line = s.colours.iter().find(|(r, _, _)| *r == role).map(|c| c.2);
        let from = match line {
            Some(_) => origin(line),
            None => format!("the {} theme", s.theme.value.name()),
        };
        let colour = theme.role_colour(role).to_string().to_lowercase();
        let _ = writeln!(
            out,
            "{:<44} # {from}",
            format!("{} = \"{colour}\"", role.name())
        );
    }
}

/// Every binding in force, by context, with the config lines that changed it.
fn keys(out: &mut String, config: &Config) {
    let s = &config.settings;
    let keymap = s.keymap();
    for context in Context::ALL {
        let _ = writeln!(out, "\n[keys.{}]", context.name());
        for b in keymap.of(context) {
            let lines: Vec<String> = s
                .keys
                .iter()
                .filter(|(o, _)| o.context == context && o.action == Some(b.action))
                .map(|(_, line)| line.to_string())
                .collect();
            let from = if lines.is_empty() {
                "default".to_string()
            } else {
                format!("config, line {}", lines.join(", "))
            };
            let action = b.action.name().unwrap_or("");
            let keys = format!("{:<24} {action}", keymap::labels(b));
            let _ = writeln!(out, "{keys:<44} # {from}");
        }
        for (o, line) in s
            .keys
            .iter()
            .filter(|(o, _)| o.context == context && o.action.is_none())
        {
            let key = format!("{:<24} none", keymap::label(&o.key));
            let _ = writeln!(out, "{key:<44} # config, line {line}");
        }
    }
}

fn views(out: &mut String, config: &Config, log_views: &[SavedView]) {
    let _ = writeln!(out, "\n[views]");
    let personal = &config.settings.views;
    if personal.is_empty() && log_views.is_empty() {
        let _ = writeln!(
            out,
            "(none: add `[views.NAME] query = \"…\"` to the config or the log)"
        );
    }
    for (v, line) in personal {
        view_line(out, v, &format!("config, line {line}"));
    }
    for v in log_views {
        if !personal.iter().any(|(p, _)| p.name == v.name) {
            view_line(out, v, "the log");
        }
    }
}

fn view_line(out: &mut String, v: &SavedView, from: &str) {
    let line = format!(
        "@{} = {:?}",
        text::sanitize(&v.name),
        text::sanitize(&v.query)
    );
    let _ = writeln!(out, "{line:<44} # {from}");
}
