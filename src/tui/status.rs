//! The status lines: the message about what just happened, the reload problem, and text
//! waiting to go to the clipboard.

use super::editor::Place;

/// What the explorer has to tell the person.
#[derive(Debug, Default)]
pub struct Status {
    /// A one-line message (what just happened); it lasts until the next thing done.
    notice: Option<String>,
    /// Why the file on disk cannot be shown (the last good log stays on screen).
    reload_error: Option<String>,
    /// Text to put on the clipboard (OSC 52) after the next draw.
    clipboard: Option<String>,
    /// A URL to open in the browser after the next draw.
    open: Option<String>,
    /// Where the reload problem is in the log's files, when it is in one.
    error_at: Option<Place>,
    /// A place to open the editor at after the next draw.
    edit: Option<Place>,
}

impl Status {
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn reload_error(&self) -> Option<&str> {
        self.reload_error.as_deref()
    }

    /// Says something on the message line.
    pub fn say(&mut self, message: impl Into<String>) {
        self.notice = Some(message.into());
    }

    /// Clears the message line.
    pub fn clear(&mut self) {
        self.notice = None;
    }

    /// Shows, or with `None` clears, the reload problem. A new problem makes any message
    /// about the file before it stale ("Reloaded …"), so that goes: one message at a time,
    /// the newest true one.
    pub fn set_reload_error(&mut self, problem: Option<String>) {
        if problem.is_some() {
            self.notice = None;
        }
        self.reload_error = problem;
        self.error_at = None;
    }

    /// [`Status::set_reload_error`] for a problem at a place in the log's files.
    pub fn set_reload_error_at(&mut self, problem: String, place: Option<Place>) {
        self.set_reload_error(Some(problem));
        self.error_at = place;
    }

    /// Where the reload problem is, when there is one in a file.
    pub fn error_at(&self) -> Option<&Place> {
        self.error_at.as_ref()
    }

    /// Asks for the editor at `place`.
    pub fn edit(&mut self, place: Place) {
        self.edit = Some(place);
    }

    /// The place waiting for the editor, taken.
    pub fn take_edit(&mut self) -> Option<Place> {
        self.edit.take()
    }

    /// Asks for `text` to be copied, and says so.
    pub fn copy(&mut self, text: String) {
        self.notice = Some(format!("Copied {text}"));
        self.clipboard = Some(text);
    }

    /// Asks for `url` to be opened in the browser.
    pub fn open(&mut self, url: String) {
        self.open = Some(url);
    }

    /// The URL waiting to be opened, taken.
    pub fn take_open(&mut self) -> Option<String> {
        self.open.take()
    }

    /// The text waiting for the clipboard, taken.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }
}
