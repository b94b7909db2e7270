//! A line of text being edited, as in a shell: a cursor that moves by character and by word,
//! and the usual deletions (Ctrl-w, Ctrl-u, Ctrl-k, Delete).

use super::action::Action;

/// Text and a cursor (a byte offset on a character boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

impl LineEdit {
    /// `text`, with the cursor at its end.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.len();
        Self { text, cursor }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor's byte offset in the text.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replaces the text, the cursor at its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = Self::new(text);
    }

    /// Carries out an editing action; false when `action` is not one.
    pub fn update(&mut self, action: Action) -> bool {
        match action {
            Action::Input(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            Action::DeleteChar => {
                let from = self.before(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::DeleteForward => {
                let to = self.after(self.cursor);
                self.text.replace_range(self.cursor..to, "");
            }
            Action::DeleteWord => {
                let from = self.word_start();
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::ClearInput => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Action::DeleteToEnd => self.text.truncate(self.cursor),
            Action::Left => self.cursor = self.before(self.cursor),
            Action::Right => self.cursor = self.after(self.cursor),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = self.text.len(),
            Action::WordLeft => self.cursor = self.word_start(),
            Action::WordRight => self.cursor = self.word_end(),
            _ => return false,
        }
        true
    }

    /// The character boundary before `at` (or 0).
    fn before(&self, at: usize) -> usize {
        self.text[..at]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    /// The character boundary after `at` (or the end).
    fn after(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(self.text.len(), |c| at + c.len_utf8())
    }

    /// The start of the word before the cursor (skipping spaces first), as Ctrl-w and Alt-b
    /// see it.
    fn word_start(&self) -> usize {
        let head = &self.text[..self.cursor];
        let trimmed = head.trim_end_matches(char::is_whitespace);
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// The end of the word after the cursor (skipping spaces first), as Alt-f sees it.
    fn word_end(&self) -> usize {
        let tail = &self.text[self.cursor..];
        let skipped = tail.len() - tail.trim_start_matches(char::is_whitespace).len();
        let rest = &tail[skipped..];
        let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
        self.cursor + skipped + word
    }
}

/// Queries typed before, newest last, and where Up/Down have got to among them.
#[derive(Debug, Clone, Default)]
pub struct History {
    entries: Vec<String>,
    /// Position while browsing (entries.len() = not browsing), and the text typed before.
    at: usize,
    draft: String,
}

/// How many queries the history keeps.
pub const HISTORY_LIMIT: usize = 1000;

impl History {
    pub fn new(entries: Vec<String>) -> Self {
        let at = entries.len();
        Self {
            entries,
            at,
            draft: String::new(),
        }
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Starts afresh (the bar opened): Up goes to the newest entry.
    pub fn rewind(&mut self) {
        self.at = self.entries.len();
    }

    /// Remembers `query` (not twice in a row, not empty); true when it was added.
    pub fn push(&mut self, query: &str) -> bool {
        let query = query.trim();
        if query.is_empty() || self.entries.last().is_some_and(|e| e == query) {
            return false;
        }
        self.entries.push(query.to_string());
        if self.entries.len() > HISTORY_LIMIT {
            self.entries.remove(0);
        }
        self.rewind();
        true
    }

    /// The entry before (Up) or after (Down) the one shown, given the text now in the bar;
    /// past the newest, the text typed before browsing. None when there is nowhere to go.
    pub fn step(&mut self, back: bool, current: &str) -> Option<String> {
        if back {
            if self.at == 0 {
                return None;
            }
            if self.at == self.entries.len() {
                self.draft = current.to_string();
            }
            self.at -= 1;
            Some(self.entries[self.at].clone())
        } else {
            if self.at >= self.entries.len() {
                return None;
            }
            self.at += 1;
            Some(
                self.entries
                    .get(self.at)
                    .cloned()
                    .unwrap_or_else(|| self.draft.clone()),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, cursor: usize) -> LineEdit {
        LineEdit {
            text: text.into(),
            cursor,
        }
    }

    #[test]
    fn typing_goes_in_at_the_cursor() {
        let mut line = LineEdit::new("acor");
        line.update(Action::Left);
        line.update(Action::Left);
        line.update(Action::Input('t'));
        assert_eq!(line.text(), "actor");
        assert_eq!(line.cursor(), 3);
    }

    #[test]
    fn deletions_work_as_in_a_shell() {
        let mut line = edit("actor:huawei  ascend", 20);
        line.update(Action::DeleteWord);
        assert_eq!(line.text(), "actor:huawei  ");
        line.update(Action::DeleteWord);
        assert_eq!(line.text(), "");
        let mut line = edit("one two three", 4);
        line.update(Action::DeleteToEnd);
        assert_eq!(line.text(), "one ");
        let mut line = edit("one two three", 8);
        line.update(Action::ClearInput);
        assert_eq!((line.text(), line.cursor()), ("three", 0));
        line.update(Action::DeleteForward);
        assert_eq!(line.text(), "hree");
        line.update(Action::Bottom);
        line.update(Action::DeleteForward);
        assert_eq!(line.text(), "hree");
    }

    #[test]
    fn the_cursor_moves_by_words_and_over_wide_characters() {
        let mut line = edit("tag:chips 中文 x", 0);
        line.update(Action::WordRight);
        assert_eq!(line.cursor(), 9);
        line.update(Action::WordRight);
        assert_eq!(&line.text()[..line.cursor()], "tag:chips 中文");
        line.update(Action::Left);
        assert_eq!(&line.text()[..line.cursor()], "tag:chips 中");
        line.update(Action::WordLeft);
        assert_eq!(line.cursor(), 10);
        line.update(Action::Top);
        line.update(Action::WordLeft);
        assert_eq!(line.cursor(), 0);
        line.update(Action::DeleteChar);
        assert_eq!(line.text(), "tag:chips 中文 x");
    }

    #[test]
    fn history_goes_back_and_returns_to_what_was_typed() {
        let mut h = History::new(vec!["actor:huawei".into(), "tag:chips".into()]);
        assert_eq!(h.step(false, "asc"), None);
        assert_eq!(h.step(true, "asc").as_deref(), Some("tag:chips"));
        assert_eq!(h.step(true, "tag:chips").as_deref(), Some("actor:huawei"));
        assert_eq!(h.step(true, "actor:huawei"), None);
        assert_eq!(h.step(false, "").as_deref(), Some("tag:chips"));
        assert_eq!(h.step(false, "").as_deref(), Some("asc"));
        assert!(h.push("  since:2025 "));
        assert!(!h.push("since:2025"), "not twice in a row");
        assert!(!h.push("  "));
        assert_eq!(h.entries().len(), 3);
    }
}
