//! `annals add` in a terminal: asks for each field its flags did not give, one line at a
//! time below the shell prompt (an inline viewport, not the whole screen). Actor and tag ids
//! complete fuzzily from the log: Tab takes the best match, Tab again the next, Shift-Tab
//! the one before, as the explorer's pickers rank them. Ctrl-C or Esc stops, writing nothing.

use std::io;

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::{Terminal, TerminalOptions, Viewport};
use unicode_width::UnicodeWidthStr;

use super::command::EditError;
use crate::cli::AddArgs;
use crate::filter::fuzzy;
use crate::model::{Date, Timeline};
use crate::tui::action::Action;
use crate::tui::line::LineEdit;

/// How `add` asks for what is missing (the terminal's [`ask`], or a test's).
pub type Ask = dyn Fn(&Timeline, &AddArgs) -> Result<AddArgs, EditError>;

/// What a field takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A date in one of the three forms; required or not.
    Date { required: bool },
    /// Free text; required or not.
    Text { required: bool },
    /// Ids separated by spaces or commas, completed from `known`; with `strict`, only those.
    Ids { known: Vec<String>, strict: bool },
    /// 1, 2 or 3, or nothing.
    Importance,
}

/// One field being asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub label: &'static str,
    pub kind: Kind,
    pub edit: LineEdit,
    /// Matches of the word under the cursor, best first, and which Tab last put in.
    completion: Option<Completion>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Completion {
    /// Where the word being completed starts, and what was typed of it.
    start: usize,
    typed: String,
    matches: Vec<String>,
    at: usize,
}

/// What a key did to a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Editing,
    /// The field's answer (possibly empty, for an optional field).
    Done(String),
    /// Ctrl-C or Esc.
    Abort,
}

impl Prompt {
    pub fn new(label: &'static str, kind: Kind) -> Self {
        Self {
            label,
            kind,
            edit: LineEdit::default(),
            completion: None,
            error: None,
        }
    }

    /// Applies one key.
    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let action = match key.code {
            KeyCode::Char('c') | KeyCode::Char('d') if ctrl => return Outcome::Abort,
            KeyCode::Esc => return Outcome::Abort,
            KeyCode::Enter => return self.submit(),
            KeyCode::Tab => return self.complete(1),
            KeyCode::BackTab => return self.complete(-1),
            KeyCode::Char('w') if ctrl => Action::DeleteWord,
            KeyCode::Char('u') if ctrl => Action::ClearInput,
            KeyCode::Char('k') if ctrl => Action::DeleteToEnd,
            KeyCode::Char('a') if ctrl => Action::Top,
            KeyCode::Char('e') if ctrl => Action::Bottom,
            KeyCode::Char(c) if !ctrl => Action::Input(c),
            KeyCode::Backspace => Action::DeleteChar,
            KeyCode::Delete => Action::DeleteForward,
            KeyCode::Left => Action::Left,
            KeyCode::Right => Action::Right,
            KeyCode::Home => Action::Top,
            KeyCode::End => Action::Bottom,
            _ => return Outcome::Editing,
        };
        if self.edit.update(action) {
            self.completion = None;
            self.error = None;
        }
        Outcome::Editing
    }

    /// The answer, or an error shown under the line.
    fn submit(&mut self) -> Outcome {
        let text = self.edit.text().trim().to_string();
        self.completion = None;
        self.error = match &self.kind {
            Kind::Date { required } | Kind::Text { required } if *required && text.is_empty() => {
                Some("this is needed (Ctrl-C stops, writing nothing)".to_string())
            }
            Kind::Date { .. } if !text.is_empty() => {
                Date::parse(&text).err().map(|e| e.to_string())
            }
            Kind::Importance if !matches!(text.as_str(), "" | "1" | "2" | "3") => {
                Some("1 background, 2 notable, 3 major (or nothing for 2)".to_string())
            }
            Kind::Ids {
                known,
                strict: true,
            } => split_ids(&text)
                .into_iter()
                .find(|id| !known.iter().any(|k| k == id))
                .map(|id| {
                    let near = crate::text::nearest(&id, known.iter().map(String::as_str));
                    match near {
                        Some(n) => format!("unknown `{id}`; did you mean `{n}`? (Tab completes)"),
                        None => format!("unknown `{id}` (Tab completes from the log's ids)"),
                    }
                }),
            _ => None,
        };
        match self.error {
            Some(_) => Outcome::Editing,
            None => Outcome::Done(text),
        }
    }

    /// Tab (`step` 1) or Shift-Tab (-1): the word under the cursor becomes the next (or
    /// previous) of its matches.
    fn complete(&mut self, step: isize) -> Outcome {
        let Kind::Ids { known, .. } = &self.kind else {
            return Outcome::Editing;
        };
        let completion = match self.completion.take() {
            Some(mut c) if !c.matches.is_empty() => {
                let n = c.matches.len() as isize;
                c.at = (c.at as isize + step).rem_euclid(n) as usize;
                c
            }
            _ => {
                let text = self.edit.text();
                let cursor = self.edit.cursor();
                let start = text[..cursor].rfind([' ', ',']).map_or(0, |i| i + 1);
                let typed = text[start..cursor].to_string();
                let matches = ranked(&typed, known);
                let at = if step < 0 {
                    matches.len().saturating_sub(1)
                } else {
                    0
                };
                Completion {
                    start,
                    typed,
                    matches,
                    at,
                }
            }
        };
        if let Some(chosen) = completion.matches.get(completion.at) {
            let text = self.edit.text();
            let end = text[completion.start..]
                .find([' ', ','])
                .map_or(text.len(), |i| completion.start + i);
            let mut new = format!("{}{chosen}", &text[..completion.start]);
            let cursor = new.len();
            new.push_str(&text[end..]);
            self.edit.set(new);
            while self.edit.cursor() > cursor {
                self.edit.update(Action::Left);
            }
        }
        self.error = None;
        self.completion = Some(completion);
        Outcome::Editing
    }

    /// The matches to show under the line: those of the last Tab, else of the word typed.
    pub fn suggestions(&self) -> (Vec<String>, Option<usize>) {
        if let Some(c) = &self.completion {
            return (c.matches.clone(), Some(c.at));
        }
        let Kind::Ids { known, .. } = &self.kind else {
            return (Vec::new(), None);
        };
        let text = self.edit.text();
        let cursor = self.edit.cursor();
        let start = text[..cursor].rfind([' ', ',']).map_or(0, |i| i + 1);
        (ranked(&text[start..cursor], known), None)
    }

    /// The help shown under the line when there is nothing else to say.
    fn help(&self) -> &'static str {
        match &self.kind {
            Kind::Date { required: true } => "YYYY, YYYY-MM or YYYY-MM-DD · Ctrl-C cancels",
            Kind::Date { required: false } => "YYYY, YYYY-MM or YYYY-MM-DD, or Enter for none",
            Kind::Text { required: true } => "Enter accepts · Ctrl-C cancels",
            Kind::Text { required: false } => "Enter for none · Ctrl-C cancels",
            Kind::Ids { .. } => "separate with spaces · Tab completes · Enter accepts",
            Kind::Importance => "1 background, 2 notable, 3 major · Enter for 2",
        }
    }
}

/// `known` ids matching `typed` fuzzily, best first (all of them, in order, for nothing typed).
fn ranked(typed: &str, known: &[String]) -> Vec<String> {
    if typed.is_empty() {
        return known.to_vec();
    }
    let mut pattern = fuzzy::Pattern::new(typed);
    let mut scored: Vec<(i64, &String)> = known
        .iter()
        .filter_map(|k| pattern.score(k).map(|s| (s, k)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().map(|(_, k)| k.clone()).collect()
}

/// The ids of an answer, split on spaces and commas.
pub fn split_ids(text: &str) -> Vec<String> {
    text.split([' ', ','])
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Draws a prompt in `area`: the line being typed (scrolled to keep the cursor in view),
/// then the matches or the help, then an error if any. Returns the cursor's column.
pub fn render(prompt: &Prompt, area: Rect, buf: &mut Buffer) -> u16 {
    let label = format!("{}: ", prompt.label);
    let room = (area.width as usize)
        .saturating_sub(label.width() + 1)
        .max(1);
    let text = prompt.edit.text();
    let cursor = prompt.edit.cursor();
    let mut from = 0;
    while text[from..cursor].width() > room {
        from += text[from..].chars().next().map_or(1, char::len_utf8);
    }
    let shown = crate::text::sanitize(&text[from..]).into_owned();
    let line = Line::from(vec![
        Span::styled(label.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(shown),
    ]);
    let [first, second, third] = rows(area);
    Paragraph::new(line).render(first, buf);
    let (matches, chosen) = prompt.suggestions();
    let below = if matches.is_empty() {
        Line::styled(prompt.help(), Style::new().add_modifier(Modifier::DIM))
    } else {
        let mut spans = vec![Span::raw("  ")];
        for (i, m) in matches.iter().take(12).enumerate() {
            let style = if Some(i) == chosen {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            spans.push(Span::styled(crate::text::sanitize(m).into_owned(), style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    };
    Paragraph::new(below).render(second, buf);
    if let Some(error) = &prompt.error {
        Paragraph::new(Line::styled(
            format!("  {error}"),
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .render(third, buf);
    }
    (label.width() + text[from..cursor].width()).min(area.width.saturating_sub(1) as usize) as u16
}

fn rows(area: Rect) -> [Rect; 3] {
    let row = |i: u16| Rect {
        y: area.y + i.min(area.height.saturating_sub(1)),
        height: u16::from(i < area.height),
        ..area
    };
    [row(0), row(1), row(2)]
}

/// The fields `add` asks for, in order, with what `args` already gives left out.
pub fn fields(timeline: &Timeline, args: &AddArgs) -> Vec<Prompt> {
    let mut out = Vec::new();
    let none = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    if none(&args.date) {
        out.push(Prompt::new("date", Kind::Date { required: true }));
    }
    if none(&args.title) {
        out.push(Prompt::new("title", Kind::Text { required: true }));
    }
    if args.actor.is_empty() {
        let known = timeline.actors.iter().map(|a| a.id.clone()).collect();
        out.push(Prompt::new(
            "actors",
            Kind::Ids {
                known,
                strict: true,
            },
        ));
    }
    if args.tag.is_empty() {
        let known = timeline.tags.iter().map(|t| t.name.clone()).collect();
        out.push(Prompt::new(
            "tags",
            Kind::Ids {
                known,
                strict: false,
            },
        ));
    }
    if args.importance.is_none() {
        out.push(Prompt::new("importance", Kind::Importance));
    }
    if none(&args.summary) {
        out.push(Prompt::new("summary", Kind::Text { required: false }));
    }
    if none(&args.source_url) && none(&args.source_publisher) && none(&args.source_title) {
        out.push(Prompt::new("source url", Kind::Text { required: false }));
        out.push(Prompt::new(
            "source publisher",
            Kind::Text { required: false },
        ));
        out.push(Prompt::new("source title", Kind::Text { required: false }));
    }
    out
}

/// `args` with a field's answer in it.
pub fn answer(args: &mut AddArgs, label: &str, text: String) {
    let some = |t: String| Some(t).filter(|t| !t.is_empty());
    match label {
        "date" => args.date = some(text),
        "title" => args.title = some(text),
        "actors" => args.actor = split_ids(&text),
        "tags" => args.tag = split_ids(&text),
        "importance" => args.importance = text.parse().ok(),
        "summary" => args.summary = some(text),
        "source url" => args.source_url = some(text),
        "source publisher" => args.source_publisher = some(text),
        "source title" => args.source_title = some(text),
        _ => {}
    }
}

/// Asks in the terminal (on standard error, so that standard output keeps only the id) for
/// each field `args` lacks.
pub fn ask(timeline: &Timeline, args: &AddArgs) -> Result<AddArgs, EditError> {
    let fatal =
        |e: io::Error| EditError::Fatal(format!("annals: cannot ask in the terminal: {e}\n"));
    let _raw = Raw::enter().map_err(fatal)?;
    let backend = CrosstermBackend::new(io::stderr());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Inline(3),
        },
    )
    .map_err(fatal)?;
    // A signal that ends annals (a `kill`, the terminal closing) ends the asking too, with
    // the terminal given back and nothing written.
    let caught = crate::tui::terminal::watch_signals().map_err(fatal)?;
    let next = || loop {
        let signal = caught.load(std::sync::atomic::Ordering::Relaxed);
        if signal != 0 {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                Stopped(signal as i32),
            ));
        }
        if event::poll(std::time::Duration::from_millis(100))? {
            return event::read();
        }
    };
    let result = run(&mut terminal, timeline, args, next);
    // The asking lines go; what follows (the id, a message) starts where they began.
    let _ = terminal.clear();
    let top = terminal.get_frame().area().y;
    let _ = terminal.set_cursor_position((0, top));
    let _ = terminal.show_cursor();
    drop(terminal);
    drop(_raw);
    let stopped = |e: &io::Error| {
        e.get_ref()
            .and_then(|e| e.downcast_ref::<Stopped>())
            .map(|s| s.0)
    };
    if let Err(e) = &result
        && let Some(signal) = stopped(e)
    {
        eprintln!("annals: stopped; nothing was written");
        return Err(EditError::Signal(signal));
    }
    match result.map_err(fatal)? {
        Some(args) => Ok(args),
        None => {
            eprintln!("annals: stopped; nothing was written");
            Err(EditError::Aborted)
        }
    }
}

/// The asking loop, keys from `next`: the filled-in arguments, or `None` when stopped.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    timeline: &Timeline,
    args: &AddArgs,
    mut next: impl FnMut() -> io::Result<Event>,
) -> io::Result<Option<AddArgs>> {
    let fail = |e: B::Error| io::Error::other(e.to_string());
    let mut args = args.clone();
    for mut prompt in fields(timeline, &args) {
        loop {
            terminal
                .draw(|frame| {
                    let area = frame.area();
                    let column = render(&prompt, area, frame.buffer_mut());
                    frame.set_cursor_position((area.x + column, area.y));
                })
                .map_err(fail)?;
            let Event::Key(key) = next()? else { continue };
            if key.kind == KeyEventKind::Release {
                continue;
            }
            match prompt.key(key) {
                Outcome::Editing => {}
                Outcome::Abort => return Ok(None),
                Outcome::Done(text) => {
                    let line = format!("{}: {}", prompt.label, crate::text::sanitize(&text));
                    // The whole answer stays on screen, over as many lines as it takes.
                    let width = terminal.size().map_err(fail)?.width.max(1);
                    let height = u16::try_from(line.width())
                        .unwrap_or(u16::MAX)
                        .div_ceil(width)
                        .max(1);
                    terminal
                        .insert_before(height, |buf| {
                            Paragraph::new(line)
                                .wrap(Wrap { trim: false })
                                .render(buf.area, buf);
                        })
                        .map_err(fail)?;
                    answer(&mut args, prompt.label, text);
                    break;
                }
            }
        }
    }
    Ok(Some(args))
}

/// The signal that stopped the asking.
#[derive(Debug)]
struct Stopped(i32);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stopped by signal {}", self.0)
    }
}

impl std::error::Error for Stopped {}

/// Raw mode for as long as it lives (keys one at a time, Ctrl-C as a key); given back on
/// drop, and by the panic hook.
struct Raw;

impl Raw {
    fn enter() -> io::Result<Self> {
        crate::tui::terminal::install_panic_hook(leave_raw);
        ratatui::crossterm::terminal::enable_raw_mode()?;
        Ok(Raw)
    }
}

fn leave_raw() {
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    let _ = ratatui::crossterm::execute!(io::stderr(), ratatui::crossterm::cursor::Show);
}

impl Drop for Raw {
    fn drop(&mut self) {
        leave_raw();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    const LOG: &str = "[actors.huawei]\nname = \"Huawei\"\n\n[actors.us-commerce]\nname = \"Commerce\"\n\n[actors.nvidia]\nname = \"Nvidia\"\n\n[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\nactors = [\"huawei\", \"us-commerce\", \"nvidia\"]\ntags = [\"chips\", \"export-controls\"]\n";

    fn timeline() -> Timeline {
        crate::load::parse(LOG).timeline.unwrap()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(prompt: &mut Prompt, text: &str) {
        for c in text.chars() {
            assert_eq!(prompt.key(key(KeyCode::Char(c))), Outcome::Editing);
        }
    }

    fn actors_prompt() -> Prompt {
        fields(&timeline(), &AddArgs::default())
            .into_iter()
            .find(|p| p.label == "actors")
            .unwrap()
    }

    #[test]
    fn tab_completes_the_word_under_the_cursor_and_cycles_through_the_matches() {
        let mut p = actors_prompt();
        typed(&mut p, "nvidia hw");
        p.key(key(KeyCode::Tab));
        assert_eq!(p.edit.text(), "nvidia huawei");
        typed(&mut p, " com");
        p.key(key(KeyCode::Tab));
        assert_eq!(p.edit.text(), "nvidia huawei us-commerce");
        let mut p = actors_prompt();
        p.key(key(KeyCode::Tab));
        let first = p.edit.text().to_string();
        p.key(key(KeyCode::Tab));
        assert_ne!(p.edit.text(), first, "Tab again takes the next match");
        p.key(key(KeyCode::BackTab));
        assert_eq!(p.edit.text(), first, "Shift-Tab goes back");
    }

    #[test]
    fn an_unknown_actor_or_a_bad_date_is_said_under_the_line_and_kept_for_editing() {
        let mut p = actors_prompt();
        typed(&mut p, "huwaei");
        assert_eq!(p.key(key(KeyCode::Enter)), Outcome::Editing);
        assert!(
            p.error
                .as_deref()
                .unwrap()
                .contains("did you mean `huawei`")
        );
        let mut date = Prompt::new("date", Kind::Date { required: true });
        assert_eq!(date.key(key(KeyCode::Enter)), Outcome::Editing, "required");
        typed(&mut date, "2025-02-30");
        assert_eq!(date.key(key(KeyCode::Enter)), Outcome::Editing);
        assert!(date.error.is_some());
        for _ in 0..2 {
            date.key(key(KeyCode::Backspace));
        }
        typed(&mut date, "28");
        assert_eq!(
            date.key(key(KeyCode::Enter)),
            Outcome::Done("2025-02-28".to_string())
        );
    }

    #[test]
    fn ctrl_c_and_esc_stop_asking() {
        let mut p = Prompt::new("title", Kind::Text { required: true });
        typed(&mut p, "half");
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(p.key(ctrl_c), Outcome::Abort);
        assert_eq!(p.key(key(KeyCode::Esc)), Outcome::Abort);
    }

    /// The whole conversation on a test terminal: keys in, the answers and the screen out.
    fn converse(keys: &str, width: u16) -> (Option<AddArgs>, String) {
        let backend = TestBackend::new(width, 8);
        let mut terminal = Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Inline(3),
            },
        )
        .unwrap();
        let mut events = keys.chars().map(|c| match c {
            '\n' => Event::Key(key(KeyCode::Enter)),
            '\t' => Event::Key(key(KeyCode::Tab)),
            '!' => Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            c => Event::Key(key(KeyCode::Char(c))),
        });
        let args = AddArgs {
            summary: Some("given".to_string()),
            source_url: Some("https://example.com".to_string()),
            ..AddArgs::default()
        };
        let result = run(&mut terminal, &timeline(), &args, || {
            events
                .next()
                .ok_or_else(|| io::Error::other("no more keys"))
        })
        .unwrap();
        let buffer = terminal.backend().buffer().clone();
        let screen: Vec<String> = (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        (result, screen.join("\n"))
    }

    #[test]
    fn asking_fills_in_what_the_flags_did_not_give() {
        let (args, screen) = converse("2025-05\nAscend warning\nhu\t com\t\nchi\t\n3\n", 60);
        let args = args.unwrap();
        assert_eq!(args.date.as_deref(), Some("2025-05"));
        assert_eq!(args.title.as_deref(), Some("Ascend warning"));
        assert_eq!(args.actor, ["huawei", "us-commerce"]);
        assert_eq!(args.tag, ["chips"]);
        assert_eq!(args.importance, Some(3));
        assert_eq!(
            args.summary.as_deref(),
            Some("given"),
            "flags are not asked again"
        );
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn a_narrow_terminal_scrolls_the_line_and_ctrl_c_gives_nothing() {
        let (args, screen) = converse(
            "2025\nA title much longer than the terminal\nhuawei us-commerce nvid!",
            24,
        );
        assert!(args.is_none());
        insta::assert_snapshot!(screen);
    }
}
