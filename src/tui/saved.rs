//! Saved views in the explorer: the personal views from the config (and saving the filter
//! in force as a new one, written to the config through [`crate::write`]), and the views
//! picker that lists them with the log's, each with its count of events.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::action::Action;
use super::log::Log;
use crate::filter::{self, Filter, Matcher};
use crate::model::{SavedView, is_kebab_case};
use crate::text;
use crate::write::{self, Snapshot};

/// The person's own views and the config file they are saved to.
#[derive(Debug, Clone, Default)]
pub struct PersonalViews {
    pub views: Vec<SavedView>,
    /// The config file; `None` when there is no config directory.
    path: Option<PathBuf>,
    /// The config's text and its snapshot when read; `None` when it could not be read.
    file: Option<(String, Snapshot)>,
    /// Why views cannot be saved now (a config with errors), if so.
    refuse: Option<String>,
}

impl PersonalViews {
    pub fn from_config(config: &crate::config::Config) -> Self {
        let file = match (&config.snapshot, config.exists) {
            (Some(snapshot), _) => Some((config.text.clone(), snapshot.clone())),
            (None, false) => Some((String::new(), Snapshot::absent())),
            (None, true) => None,
        };
        Self {
            views: config.settings.saved_views(),
            path: config.path.clone(),
            file,
            refuse: config.has_errors().then(|| {
                "the config has errors; fix them (`annals config`) before saving a view to it"
                    .to_string()
            }),
        }
    }

    /// A config at `path` that does not exist yet, with no views (tests).
    pub fn at(path: PathBuf) -> Self {
        Self {
            views: Vec::new(),
            path: Some(path),
            file: Some((String::new(), Snapshot::absent())),
            refuse: None,
        }
    }

    /// Saves `query` as the view `name`: appended to the config file as
    /// `[views.name] query = "…"`. Returns what to say on the message line.
    pub fn save(&mut self, name: &str, query: &str) -> Result<String, String> {
        let name = name.trim();
        if !is_kebab_case(name) {
            return Err(format!(
                "`{}` cannot name a view: use lower-case letters and digits joined by hyphens, e.g. huawei-chips",
                text::sanitize(name)
            ));
        }
        if self.views.iter().any(|v| v.name == name) {
            return Err(format!(
                "you already have a view called @{name}; choose another name"
            ));
        }
        if query.trim().is_empty() {
            return Err("there is no filter to save: filter first, then save it".to_string());
        }
        if let Some(why) = &self.refuse {
            return Err(why.clone());
        }
        let (Some(path), Some((old, snapshot))) = (&self.path, &self.file) else {
            return Err("there is no config file to save the view in".to_string());
        };
        let mut new = old.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        if !new.is_empty() {
            new.push('\n');
        }
        let quoted = toml::Value::String(query.to_string()).to_string();
        new.push_str(&format!("[views.{name}]\nquery = {quoted}\n"));
        write::replace(path, snapshot, new.as_bytes()).map_err(|e| e.to_string())?;
        let (_, snapshot) = Snapshot::read(path).map_err(|e| e.to_string())?;
        self.file = Some((new, snapshot));
        self.views.push(SavedView {
            name: name.to_string(),
            query: query.to_string(),
        });
        Ok(format!(
            "Saved @{name} in {}",
            text::sanitize(&path.display().to_string())
        ))
    }
}

/// Every view `@name` can name in the explorer: the personal ones first (they win over a
/// log's view of the same name), then the log's.
pub fn all_views(personal: &[SavedView], log: &Log) -> Vec<SavedView> {
    let mut views = personal.to_vec();
    for v in &log.timeline().views {
        if !views.iter().any(|p| p.name == v.name) {
            views.push(v.clone());
        }
    }
    views
}

/// One row of the views picker.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewEntry {
    pub view: SavedView,
    /// Events the view keeps in this log; `None` when its query does not parse today.
    pub count: Option<usize>,
    /// Whose it is: "yours" or "the log's".
    pub whose: &'static str,
}

/// The views picker: every saved view with its count, narrowed as you type.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewPicker {
    pub input: String,
    all: Vec<ViewEntry>,
    /// Positions in `all` matching `input`.
    pub shown: Vec<usize>,
    pub cursor: usize,
}

impl ViewPicker {
    pub fn new(personal: &[SavedView], log: &Log, today: NaiveDate) -> Self {
        let all = all_views(personal, log)
            .into_iter()
            .map(|view| {
                let count = Filter::parse_at(&view.query, today).ok().map(|f| {
                    Matcher::new(&f, log.timeline())
                        .select_with_words(log.index())
                        .0
                        .len()
                });
                let whose = if personal.iter().any(|p| p.name == view.name) {
                    "yours"
                } else {
                    "the log's"
                };
                ViewEntry { view, count, whose }
            })
            .collect();
        let mut picker = Self {
            input: String::new(),
            all,
            shown: Vec::new(),
            cursor: 0,
        };
        picker.refresh();
        picker
    }

    pub fn entry(&self, shown: usize) -> Option<&ViewEntry> {
        self.all.get(*self.shown.get(shown)?)
    }

    pub fn total(&self) -> usize {
        self.all.len()
    }

    /// The highlighted view.
    pub fn chosen(&self) -> Option<&SavedView> {
        self.entry(self.cursor).map(|e| &e.view)
    }

    fn refresh(&mut self) {
        let mut pattern = filter::fuzzy::Pattern::new(self.input.trim());
        self.shown = (0..self.all.len())
            .filter(|&i| {
                self.input.trim().is_empty() || pattern.indices(&self.all[i].view.name).is_some()
            })
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.shown.len().saturating_sub(1)),
            Action::Input(c) => {
                self.input.push(c);
                self.cursor = 0;
                self.refresh();
            }
            Action::DeleteChar => {
                self.input.pop();
                self.refresh();
            }
            Action::ClearInput => {
                self.input.clear();
                self.refresh();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_appends_a_view_to_the_config_and_refuses_a_bad_or_taken_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annals").join("config.toml");
        let mut views = PersonalViews::at(path.clone());
        let said = views
            .save("huawei-chips", "actor:huawei \"two words\"")
            .unwrap();
        assert!(said.starts_with("Saved @huawei-chips in "), "{said}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "[views.huawei-chips]\nquery = 'actor:huawei \"two words\"'\n"
        );
        let (settings, problems) = crate::config::read(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.views[0].0.query, "actor:huawei \"two words\"");
        views.save("second", "tag:chips").unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .ends_with("\n\n[views.second]\nquery = \"tag:chips\"\n")
        );
        assert!(
            views
                .save("second", "x")
                .unwrap_err()
                .contains("already have")
        );
        assert!(
            views
                .save("Bad Name", "x")
                .unwrap_err()
                .contains("cannot name a view")
        );
        assert!(views.save("empty", " ").unwrap_err().contains("no filter"));
    }

    #[test]
    fn saving_refuses_when_the_config_changed_underneath() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mut views = PersonalViews::at(path.clone());
        std::fs::write(&path, "theme = \"light\"\n").unwrap();
        let err = views.save("mine", "tag:chips").unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "theme = \"light\"\n"
        );
    }
}
