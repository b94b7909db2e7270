//! The status lines: the message about what just happened, the reload problem, and text
//! waiting to go to the clipboard.

/// What the explorer has to tell the person.
#[derive(Debug, Default)]
pub struct Status {
    /// A one-line message (what just happened); it lasts until the next thing done.
    notice: Option<String>,
    /// Why the file on disk cannot be shown (the last good log stays on screen).
    reload_error: Option<String>,
    /// Text to put on the clipboard (OSC 52) after the next draw.
    clipboard: Option<String>,
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

    /// Shows, or with `None` clears, the reload problem.
    pub fn set_reload_error(&mut self, problem: Option<String>) {
        self.reload_error = problem;
    }

    /// Asks for `text` to be copied, and says so.
    pub fn copy(&mut self, text: String) {
        self.notice = Some(format!("Copied {text}"));
        self.clipboard = Some(text);
    }

    /// The text waiting for the clipboard, taken.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }
}
