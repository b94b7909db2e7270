//! Everything a person can ask the explorer to do. Keys and the mouse map to these;
//! [`App::update`](super::app::App::update) is the only place that carries them out.

/// One thing to do to the explorer's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the explorer.
    Quit,
    /// Show or hide the list of every key.
    Help,
    /// Move the selection up one row (or one item in a popup or the detail pane).
    Up,
    /// Move the selection down one row.
    Down,
    /// Move up one screen (in the timeline: back a screenful of time).
    PageUp,
    /// Move down one screen (in the timeline: on a screenful of time).
    PageDown,
    /// Go to the first event.
    Top,
    /// Go to the last event.
    Bottom,
    /// Jump to the first event of the previous month.
    PrevMonth,
    /// Jump to the first event of the next month.
    NextMonth,
    /// Open the selected thing: focus the detail pane, follow a link, apply a popup.
    Enter,
    /// Go back along the path taken (in the detail pane: to the previous event).
    Back,
    /// Leave the current mode: close a popup, the help, the detail focus or the timeline view.
    Escape,
    /// Open the query bar to filter with the query language.
    Query,
    /// Open the actor picker.
    PickActors,
    /// Open the tag picker.
    PickTags,
    /// Open the saved views picker (the log's views and your own).
    PickViews,
    /// Save the filter in force as a personal view, in the config file (asks for a name).
    SaveView,
    /// Clear every filter.
    ClearFilters,
    /// Switch between the chronology and the timeline view.
    ToggleLanes,
    /// Open the jump-to-date prompt.
    Jump,
    /// Show or hide the detail pane (on a narrow terminal).
    ToggleDetail,
    /// Zoom the timeline in (fit-all → years → quarters → months → weeks → days).
    ZoomIn,
    /// Zoom the timeline out.
    ZoomOut,
    /// Previous event in time (timeline view); the character before (query bar).
    Left,
    /// Next event in time (timeline view); the character after (query bar).
    Right,
    /// Mark or unmark the highlighted entry in a picker.
    Toggle,
    /// Copy the selected event's id, or the selected source's URL, to the clipboard (OSC 52).
    Copy,
    /// Open the selected source's URL (in the detail pane), or the event's first, in the
    /// browser; where there is no display, copy it instead.
    OpenSource,
    /// Open `$VISUAL` / `$EDITOR` at the selected event's file and line, or, while the log on
    /// disk has an error, at the error's line and column; the explorer waits, then reloads.
    Edit,
    /// Type a character into the query bar or a picker's search.
    Input(char),
    /// Delete the character before the cursor in the query bar or a picker's search.
    DeleteChar,
    /// Clear the text of a picker's search; in the query bar, delete up to the cursor.
    ClearInput,
    /// Delete the character under the cursor in the query bar.
    DeleteForward,
    /// Delete the word before the cursor in the query bar.
    DeleteWord,
    /// Delete from the cursor to the end of the query bar.
    DeleteToEnd,
    /// Move the query bar's cursor to the start of the word before it.
    WordLeft,
    /// Move the query bar's cursor to the end of the word after it.
    WordRight,
    /// Scroll the list by this many rows without a key (mouse wheel).
    Scroll(i32),
    /// Select the row drawn at this screen position (mouse click).
    Click { column: u16, row: u16 },
}

/// The actions a key can be bound to, by the name a config file gives them (the variant in
/// kebab-case). Typing, the mouse wheel and clicks are not bound to keys.
pub const NAMES: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::Help),
    ("up", Action::Up),
    ("down", Action::Down),
    ("page-up", Action::PageUp),
    ("page-down", Action::PageDown),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("prev-month", Action::PrevMonth),
    ("next-month", Action::NextMonth),
    ("enter", Action::Enter),
    ("back", Action::Back),
    ("escape", Action::Escape),
    ("query", Action::Query),
    ("pick-actors", Action::PickActors),
    ("pick-tags", Action::PickTags),
    ("pick-views", Action::PickViews),
    ("save-view", Action::SaveView),
    ("clear-filters", Action::ClearFilters),
    ("toggle-lanes", Action::ToggleLanes),
    ("toggle-detail", Action::ToggleDetail),
    ("zoom-in", Action::ZoomIn),
    ("zoom-out", Action::ZoomOut),
    ("left", Action::Left),
    ("right", Action::Right),
    ("toggle", Action::Toggle),
    ("copy", Action::Copy),
    ("open-source", Action::OpenSource),
    ("edit", Action::Edit),
    ("delete-char", Action::DeleteChar),
    ("clear-input", Action::ClearInput),
    ("delete-forward", Action::DeleteForward),
    ("delete-word", Action::DeleteWord),
    ("delete-to-end", Action::DeleteToEnd),
    ("word-left", Action::WordLeft),
    ("word-right", Action::WordRight),
];

impl Action {
    /// The action a config file names (`page-up`), if any.
    pub fn from_name(name: &str) -> Option<Action> {
        NAMES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    /// The name a config file gives this action; `None` for typing and the mouse.
    pub fn name(self) -> Option<&'static str> {
        NAMES.iter().find(|(_, a)| *a == self).map(|(n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_the_variant_in_kebab_case_and_reads_back() {
        for (name, action) in NAMES {
            assert_eq!(Action::from_name(name), Some(*action));
            assert_eq!(action.name(), Some(*name));
            let debug = format!("{action:?}");
            let mut kebab = String::new();
            for (i, c) in debug.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    kebab.push('-');
                }
                kebab.push(c.to_ascii_lowercase());
            }
            assert_eq!(kebab, *name);
        }
        assert_eq!(Action::Input('x').name(), None);
    }
}
