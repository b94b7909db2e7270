//! The actor and tag pickers: every entry with its event count, narrowed fuzzily as you type,
//! several can be marked.

use super::action::Action;
use crate::filter::{self, Filter, fuzzy};
use crate::model::Timeline;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Actors,
    Tags,
}

/// One row of the picker: an actor or tag index, and the letters of its label to highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub index: usize,
    pub highlight: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    pub input: String,
    /// The entries matching `input`, best first.
    pub entries: Vec<Entry>,
    /// Position in `entries` of the highlighted row.
    pub cursor: usize,
    /// Marked actor or tag indices, in the order marked.
    pub marked: Vec<usize>,
    /// Whether anything was marked or unmarked since the picker opened.
    toggled: bool,
}

impl Picker {
    /// A picker with the entries `filter` already names marked.
    pub fn new(kind: PickerKind, filter: &Filter, t: &Timeline) -> Self {
        let marked = match kind {
            PickerKind::Actors => filter
                .actors
                .iter()
                .filter_map(|q| t.actors.iter().position(|a| a.id == *q))
                .collect(),
            PickerKind::Tags => filter
                .tags
                .iter()
                .filter_map(|q| t.tags.iter().position(|g| g.name == *q))
                .collect(),
        };
        let mut picker = Self {
            kind,
            input: String::new(),
            entries: Vec::new(),
            cursor: 0,
            marked,
            toggled: false,
        };
        picker.refresh(t);
        picker
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            PickerKind::Actors => "Actors",
            PickerKind::Tags => "Tags",
        }
    }

    /// The label shown for an entry.
    pub fn label(&self, timeline: &Timeline, index: usize) -> String {
        match self.kind {
            PickerKind::Actors => timeline.actors[index].name.clone(),
            PickerKind::Tags => timeline.tags[index].name.clone(),
        }
    }

    /// How many events an entry has.
    pub fn count(&self, timeline: &Timeline, index: usize) -> usize {
        match self.kind {
            PickerKind::Actors => timeline.events_by_actor[index].len(),
            PickerKind::Tags => timeline.tags[index].count,
        }
    }

    /// A short note beside the label: the actor's lane.
    pub fn note(&self, timeline: &Timeline, index: usize) -> String {
        match self.kind {
            PickerKind::Actors => timeline.lanes[timeline.actors[index].lane].clone(),
            PickerKind::Tags => String::new(),
        }
    }

    fn refresh(&mut self, t: &Timeline) {
        let query = self.input.trim();
        let hits: Vec<usize> = if query.is_empty() {
            let mut all: Vec<usize> = match self.kind {
                PickerKind::Actors => (0..t.actors.len()).collect(),
                PickerKind::Tags => (0..t.tags.len()).collect(),
            };
            all.sort_by_key(|&i| std::cmp::Reverse(self.count(t, i)));
            all
        } else {
            match self.kind {
                PickerKind::Actors => filter::match_actors(query, t),
                PickerKind::Tags => filter::match_tags(query, t),
            }
            .into_iter()
            .map(|(i, _)| i)
            .collect()
        };
        let mut pattern = fuzzy::Pattern::new(query);
        self.entries = hits
            .into_iter()
            .map(|index| Entry {
                index,
                highlight: if query.is_empty() {
                    Vec::new()
                } else {
                    pattern.indices(&self.label(t, index)).unwrap_or_default()
                },
            })
            .collect();
        self.cursor = self.cursor.min(self.entries.len().saturating_sub(1));
    }

    pub fn update(&mut self, action: Action, t: &Timeline) {
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.entries.len().saturating_sub(1))
            }
            Action::Toggle => {
                if let Some(e) = self.entries.get(self.cursor) {
                    self.toggled = true;
                    match self.marked.iter().position(|&m| m == e.index) {
                        Some(p) => {
                            self.marked.remove(p);
                        }
                        None => self.marked.push(e.index),
                    }
                    self.cursor = (self.cursor + 1).min(self.entries.len().saturating_sub(1));
                }
            }
            Action::Input(c) => {
                self.input.push(c);
                self.cursor = 0;
                self.refresh(t);
            }
            Action::DeleteChar => {
                self.input.pop();
                self.refresh(t);
            }
            Action::ClearInput => {
                self.input.clear();
                self.refresh(t);
            }
            _ => {}
        }
    }

    /// The filter values to apply: the marked entries; when nothing was ever marked, the
    /// highlighted one; when everything was unmarked, none (which clears this filter).
    pub fn chosen(&self, t: &Timeline) -> Vec<String> {
        let picked: Vec<usize> = if self.marked.is_empty() && !self.toggled {
            self.entries
                .get(self.cursor)
                .map(|e| e.index)
                .into_iter()
                .collect()
        } else {
            self.marked.clone()
        };
        picked
            .into_iter()
            .map(|i| match self.kind {
                PickerKind::Actors => t.actors[i].id.clone(),
                PickerKind::Tags => t.tags[i].name.clone(),
            })
            .collect()
    }
}
