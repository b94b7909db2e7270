//! The one table of key bindings. Deciding what a key means is pure (mode and key in, action
//! out); the help overlay, the footer and the README's key table are all generated from it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere a key is not taken by text input.
    Global,
    /// The chronology list.
    List,
    /// The detail pane, when focused.
    Detail,
    /// The timeline (time-axis) view.
    Lanes,
    /// The query bar (`/`).
    Query,
    /// The jump-to-date prompt (`:`).
    Jump,
    /// The actor and tag pickers.
    Picker,
    /// The help overlay.
    Help,
}

impl Context {
    pub const ALL: [Context; 8] = [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Lanes,
        Context::Query,
        Context::Jump,
        Context::Picker,
        Context::Help,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Chronology",
            Context::Detail => "Detail pane",
            Context::Lanes => "Timeline view",
            Context::Query => "Query bar",
            Context::Jump => "Jump to a date",
            Context::Picker => "Actor and tag pickers",
            Context::Help => "Help",
        }
    }

    /// The name a config file gives the context: `[keys.list]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Detail => "detail",
            Context::Lanes => "lanes",
            Context::Query => "query",
            Context::Jump => "jump",
            Context::Picker => "picker",
            Context::Help => "help",
        }
    }

    /// The context a config file names.
    pub fn from_name(name: &str) -> Option<Context> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Contexts where printable keys are typed as text rather than looked up.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Query | Context::Picker | Context::Jump)
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// A key string that does not name a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a key: write a character (`q`, `G`, `?`), a name (`enter`, `esc`, `tab`, `backspace`, `space`, `up`, `down`, `left`, `right`, `home`, `end`, `pageup`, `pagedown`, `delete`), optionally after `ctrl-`, `alt-` or `shift-`"
)]
pub struct BadKey(pub String);

impl From<KeyEvent> for Key {
    fn from(event: KeyEvent) -> Self {
        normalize(Key {
            code: event.code,
            modifiers: event.modifiers,
        })
    }
}

impl Key {
    /// Reads a key string as the table and a config file write it: `q`, `G`, `ctrl-u`,
    /// `alt-b`, `enter`, `pageup`, `space`.
    pub fn parse(text: &str) -> Result<Key, BadKey> {
        let bad = || BadKey(text.to_string());
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        while rest.chars().count() > 1 {
            let Some((prefix, after)) = rest.split_once('-') else {
                break;
            };
            modifiers |= match prefix {
                "ctrl" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            rest = after;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            // A control character is no key a person can name (and must not reach a screen).
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => named(rest).ok_or_else(bad)?,
        };
        Ok(normalize(Key { code, modifiers }))
    }
}

/// The key a name stands for: `enter`, `pageup`, …
fn named(name: &str) -> Option<KeyCode> {
    Some(match name {
        "space" => KeyCode::Char(' '),
        "enter" => Enter,
        "esc" => Esc,
        "tab" => Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => Backspace,
        "delete" => KeyCode::Delete,
        "up" => Up,
        "down" => Down,
        "left" => Left,
        "right" => Right,
        "home" => Home,
        "end" => End,
        "pageup" => PageUp,
        "pagedown" => PageDown,
        _ => return None,
    })
}

/// One line of the table: in `context`, any of `keys` does `action`.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// The short word the footer and the panes' hint lines show, if any.
    pub footer: Option<&'static str>,
}

/// A line of the built-in table as written: keys as strings, separated by spaces, and an
/// empty footer word for a binding the footer leaves out.
struct Row(Context, &'static str, Action, &'static str, &'static str);

const fn b(
    context: Context,
    keys: &'static str,
    action: Action,
    help: &'static str,
    footer: &'static str,
) -> Row {
    Row(context, keys, action, help, footer)
}

use Context::{Detail, Global, Help, Jump, Lanes, List, Picker, Query};
use KeyCode::{Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};

/// Every binding. Order is the order of the help overlay and the footer.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    b(Global, "q ctrl-c", Action::Quit, "quit", "quit"),
    b(Global, "?", Action::Help, "show or hide this help", "help"),
    b(Global, "/", Action::Query, "filter with a query: actor:… tag:… since:… until:… lane:… importance:… words", "filter"),
    b(Global, "a", Action::PickActors, "pick actors (fuzzy, several)", "actors"),
    b(Global, "t", Action::PickTags, "pick tags (fuzzy, several)", "tags"),
    b(Global, "c", Action::ClearFilters, "clear every filter", "clear"),
    b(Global, "V", Action::PickViews, "pick a saved view (the log's and your own)", ""),
    b(Global, "S", Action::SaveView, "save the filter as a personal view, in your config file", ""),
    b(Global, "v", Action::ToggleLanes, "switch between the chronology and the timeline", "timeline"),
    b(Global, ":", Action::Jump, "jump to a date: 2025, 2025-05, 2025-05-13, today, -6m, +1y", "jump"),
    b(Global, "y", Action::Copy, "copy the event's id, or the selected source's URL", ""),
    b(Global, "o", Action::OpenSource, "open the selected source (or the event's first) in the browser", ""),
    b(Global, "e", Action::Edit, "edit the event (or the reload error) in $VISUAL or $EDITOR", "edit"),
    b(List, "up k", Action::Up, "previous event", ""),
    b(List, "down j", Action::Down, "next event", ""),
    b(List, "pageup ctrl-b ctrl-u", Action::PageUp, "one screen up", ""),
    b(List, "pagedown ctrl-f ctrl-d space", Action::PageDown, "one screen down", ""),
    b(List, "home g", Action::Top, "first event", ""),
    b(List, "end G", Action::Bottom, "last event", ""),
    b(List, "[ {", Action::PrevMonth, "previous month", ""),
    b(List, "] }", Action::NextMonth, "next month", ""),
    b(List, "enter right l", Action::Enter, "open the event: focus its detail", "open"),
    b(List, "backspace", Action::Back, "back to the event you came from", ""),
    b(List, "d tab", Action::ToggleDetail, "show or hide the detail pane", "detail"),
    b(List, "esc", Action::Escape, "clear the message line", ""),
    b(Detail, "up k", Action::Up, "previous link or source", "select"),
    b(Detail, "down j", Action::Down, "next link or source", "select"),
    b(Detail, "pageup ctrl-u", Action::PageUp, "scroll the detail up", ""),
    b(Detail, "pagedown ctrl-d space", Action::PageDown, "scroll the detail down", ""),
    b(Detail, "enter right l", Action::Enter, "follow the selected link (or show the source's URL)", "follow"),
    b(Detail, "backspace", Action::Back, "back along the path taken", "back"),
    b(Detail, "esc left h", Action::Escape, "back to the list", "list"),
    b(Lanes, "left h", Action::Left, "previous event in time", "move"),
    b(Lanes, "right l", Action::Right, "next event in time", "move"),
    b(Lanes, "pageup [", Action::PageUp, "back a screenful of time", "earlier"),
    b(Lanes, "pagedown ]", Action::PageDown, "on a screenful of time", "later"),
    b(Lanes, "+ =", Action::ZoomIn, "zoom in: fit-all → years → quarters → months → weeks → days", "zoom in"),
    b(Lanes, "- _", Action::ZoomOut, "zoom out, back to the whole log", "zoom out"),
    b(Lanes, "home g", Action::Top, "first event", ""),
    b(Lanes, "end G", Action::Bottom, "last event", ""),
    b(Lanes, "enter", Action::Enter, "open the event's detail", "open"),
    b(Lanes, "esc", Action::Escape, "back to the chronology", "back"),
    b(Jump, "enter", Action::Enter, "go to the first event on or after that date", "go"),
    b(Jump, "esc", Action::Escape, "cancel", "cancel"),
    b(Jump, "backspace", Action::DeleteChar, "delete a character", ""),
    b(Jump, "ctrl-u", Action::ClearInput, "clear the date", ""),
    b(Query, "enter", Action::Enter, "keep this filter", "keep"),
    b(Query, "esc", Action::Escape, "cancel: back to the filter before", "cancel"),
    b(Query, "backspace", Action::DeleteChar, "delete the character before the cursor", ""),
    b(Query, "delete", Action::DeleteForward, "delete the character under the cursor", ""),
    b(Query, "left", Action::Left, "back a character", ""),
    b(Query, "right", Action::Right, "forward a character", ""),
    b(Query, "alt-b", Action::WordLeft, "back a word", ""),
    b(Query, "alt-f", Action::WordRight, "forward a word", ""),
    b(Query, "home ctrl-a", Action::Top, "to the start", ""),
    b(Query, "end ctrl-e", Action::Bottom, "to the end", ""),
    b(Query, "ctrl-w", Action::DeleteWord, "delete the word before the cursor", ""),
    b(Query, "ctrl-u", Action::ClearInput, "delete up to the cursor", ""),
    b(Query, "ctrl-k", Action::DeleteToEnd, "delete from the cursor to the end", ""),
    b(Query, "up ctrl-p", Action::Up, "the query typed before (history, kept across runs)", "history"),
    b(Query, "down ctrl-n", Action::Down, "the next query in the history", ""),
    b(Picker, "up ctrl-p ctrl-k", Action::Up, "previous entry", ""),
    b(Picker, "down ctrl-n ctrl-j", Action::Down, "next entry", ""),
    b(Picker, "space tab", Action::Toggle, "mark or unmark the entry", "mark"),
    b(Picker, "enter", Action::Enter, "apply the marked entries (or the highlighted one)", "apply"),
    b(Picker, "esc", Action::Escape, "cancel", "cancel"),
    b(Picker, "backspace", Action::DeleteChar, "delete a character", ""),
    b(Picker, "ctrl-u", Action::ClearInput, "clear the search", ""),
    b(Help, "up k", Action::Up, "scroll up", "scroll"),
    b(Help, "down j", Action::Down, "scroll down", "scroll"),
    b(Help, "esc ? q", Action::Escape, "close the help", "close"),
];

/// The key bindings in force: the built-in table, read once.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    /// The built-in table. Its key strings all parse and no key is bound twice in one
    /// context: the tests `every_key_string_in_the_table_parses` and
    /// `no_key_is_bound_twice_in_one_context` hold it to that.
    fn default() -> Self {
        let bindings = TABLE
            .iter()
            .map(|Row(context, keys, action, help, footer)| Binding {
                context: *context,
                keys: keys.split(' ').filter_map(|k| Key::parse(k).ok()).collect(),
                action: *action,
                help,
                footer: (!footer.is_empty()).then_some(*footer),
            })
            .collect();
        Keymap { bindings }
    }
}

/// One line of a config file's `[keys.<context>]`: in `context`, `key` does `action`, or
/// nothing (`"none"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub context: Context,
    pub key: Key,
    pub action: Option<Action>,
}

impl Keymap {
    /// This keymap with `overrides` applied in order: each takes its key away from whatever
    /// had it in its context, then gives it to its action there (beside that action's own
    /// keys; a new line, with the help the action has elsewhere, if the context had none).
    /// Two overrides of one key in one context are the config reader's to refuse.
    pub fn with_overrides(mut self, overrides: &[Override]) -> Keymap {
        for o in overrides {
            for b in self.bindings.iter_mut().filter(|b| b.context == o.context) {
                b.keys.retain(|k| *k != o.key);
            }
            let Some(action) = o.action else {
                continue;
            };
            if let Some(b) = self
                .bindings
                .iter_mut()
                .find(|b| b.context == o.context && b.action == action)
            {
                b.keys.push(o.key);
                continue;
            }
            let help = self
                .bindings
                .iter()
                .find(|b| b.action == action)
                .map_or_else(|| action.name().unwrap_or("(unnamed)"), |b| b.help);
            let at = self
                .bindings
                .iter()
                .rposition(|b| b.context == o.context)
                .map_or(self.bindings.len(), |i| i + 1);
            self.bindings.insert(
                at,
                Binding {
                    context: o.context,
                    keys: vec![o.key],
                    action,
                    help,
                    footer: None,
                },
            );
        }
        self.bindings.retain(|b| !b.keys.is_empty());
        self
    }

    /// How to write the first key bound to `action` in `context` (or globally), for a
    /// message that names it: `?`, `Ctrl-c`. A placeholder when nothing is bound to it.
    pub fn key_for(&self, context: Context, action: Action) -> String {
        self.of(context)
            .chain(self.of(Global))
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map_or_else(
                || format!("(no key for {})", action.name().unwrap_or("it")),
                label,
            )
    }

    /// Every binding, in the table's order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The bindings of one context, in the table's order.
    pub fn of(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// Keys bound twice in one context: (context, key label). Empty for a sound table.
    pub fn duplicates(&self) -> Vec<(Context, String)> {
        let mut found = Vec::new();
        for context in Context::ALL {
            let mut seen: Vec<Key> = Vec::new();
            for key in self.of(context).flat_map(|b| b.keys.iter()) {
                if seen.contains(key) {
                    found.push((context, label(key)));
                }
                seen.push(*key);
            }
        }
        found
    }

    /// The action `event` is bound to in `context` itself, exactly as it came.
    pub fn bound(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let pressed = Key::from(event);
        self.of(context)
            .find(|b| b.keys.contains(&pressed))
            .map(|b| b.action)
    }

    /// What `key` means in `context`: the context's own bindings first, then the global
    /// ones (which text-input contexts do not consult, except Ctrl-C). A printable character
    /// in a text-input context is typed.
    pub fn action_for(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let pressed = Key::from(event);
        let find = |ctx: Context| {
            self.of(ctx)
                .find(|b| b.keys.contains(&pressed))
                .map(|b| b.action)
        };
        if let Some(action) = find(context) {
            return Some(action);
        }
        let quit = Key {
            code: KeyCode::Char('c'),
            modifiers: KeyModifiers::CONTROL,
        };
        if context.takes_text() {
            if pressed == quit {
                return Some(Action::Quit);
            }
            return match pressed.code {
                KeyCode::Char(c) if !pressed.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::Input(c))
                }
                _ => None,
            };
        }
        if context == Help {
            return (pressed == quit).then_some(Action::Quit);
        }
        find(Global)
    }

    /// The hints of one context: `(keys, word)` for its bindings that have a footer word,
    /// neighbours with the same word shown together (`↑/↓ select`).
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        self.hints_where(context, |_| true)
    }

    /// [`Keymap::hints`] for the bindings whose action `offered` keeps (a view leaves out
    /// what would do nothing now).
    pub fn hints_where(
        &self,
        context: Context,
        offered: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for b in self.of(context).filter(|b| offered(b.action)) {
            let (Some(word), Some(key)) = (b.footer, b.keys.first()) else {
                continue;
            };
            match out.last_mut() {
                Some((keys, last)) if *last == word => {
                    // Arrows read as a pair (`↑↓`); other keys need a separator (`+/-`).
                    let arrows = |s: &str| s.chars().all(|c| "↑↓←→".contains(c));
                    let next = label(key);
                    if !(arrows(keys) && arrows(&next)) {
                        keys.push('/');
                    }
                    keys.push_str(&next);
                }
                _ => out.push((label(key), word)),
            }
        }
        out
    }

    /// The hints a pane draws on its border: ` ↑/↓ select · Enter follow `.
    pub fn hint_line(&self, context: Context) -> String {
        self.hint_line_except(context, None)
    }

    /// [`Keymap::hint_line`] leaving out `except`'s binding.
    pub fn hint_line_except(&self, context: Context, except: Option<Action>) -> String {
        let parts: Vec<String> = self
            .hints_where(context, |a| Some(a) != except)
            .into_iter()
            .map(|(keys, word)| format!("{keys} {word}"))
            .collect();
        format!(" {} ", parts.join(" · "))
    }

    /// The footer for a context: its own hints (those `offered` keeps), then the global ones.
    pub fn footer(
        &self,
        context: Context,
        offered: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut out = self.hints_where(context, offered);
        if !context.takes_text() && context != Help {
            out.extend(self.hints(Global));
        }
        out
    }

    /// The key table as Markdown, for the README (a test keeps the README in step).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for context in Context::ALL {
            out.push_str(&format!(
                "\n**{}**\n\n| keys | what they do |\n|---|---|\n",
                context.title()
            ));
            for b in self.of(context) {
                let keys = b
                    .keys
                    .iter()
                    .map(|k| format!("`{}`", label(k).replace('|', "\\|")))
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push_str(&format!("| {keys} | {} |\n", b.help));
            }
        }
        out
    }
}

/// The keys a key event stands for. A terminal sends Alt+x as Esc followed by x, and cannot
/// tell it from a person typing Esc then x quickly (to leave the query bar and quit, say).
/// Nothing here is bound to Alt, so Alt with a character is taken as those two keys: Esc,
/// then the character, to be read in whatever context the Esc leaves.
pub fn keys_meant(event: KeyEvent) -> impl Iterator<Item = KeyEvent> {
    let meta = matches!(event.code, KeyCode::Char(_))
        && event.modifiers.contains(KeyModifiers::ALT)
        && !event.modifiers.contains(KeyModifiers::CONTROL);
    let escape = meta.then(|| KeyEvent::new_with_kind(Esc, KeyModifiers::NONE, event.kind));
    let mut key = event;
    if meta {
        key.modifiers.remove(KeyModifiers::ALT);
    }
    escape.into_iter().chain(std::iter::once(key))
}

/// Shift is part of the character for printable keys (`G`, `?`), so it is dropped there;
/// with Ctrl a letter is the same key in either case.
fn normalize(key: Key) -> Key {
    let mut modifiers =
        key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(key.code, KeyCode::Char(_)) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    let code = match (key.code, modifiers.contains(KeyModifiers::CONTROL)) {
        (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
        (code, _) => code,
    };
    Key { code, modifiers }
}

/// How a key is written in help: `q`, `Ctrl-c`, `↑`, `Enter`.
pub fn label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Delete => "Del".into(),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    if key.modifiers.contains(KeyModifiers::SHIFT) {
        out.push_str("Shift-");
    }
    out.push_str(&name);
    out
}

/// All the keys of a binding, as help shows them: `↑ k`.
pub fn labels(binding: &Binding) -> String {
    binding.keys.iter().map(label).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn k(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn alt_with_a_character_is_escape_then_the_character() {
        let codes = |e: KeyEvent| -> Vec<(KeyCode, KeyModifiers)> {
            keys_meant(e).map(|k| (k.code, k.modifiers)).collect()
        };
        assert_eq!(
            codes(press(KeyCode::Char('q'), KeyModifiers::ALT)),
            [
                (Esc, KeyModifiers::NONE),
                (KeyCode::Char('q'), KeyModifiers::NONE)
            ]
        );
        for plain in [
            press(KeyCode::Char('q'), KeyModifiers::NONE),
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            press(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL | KeyModifiers::ALT,
            ),
            press(Up, KeyModifiers::ALT),
        ] {
            assert_eq!(codes(plain), [(plain.code, plain.modifiers)]);
        }
    }

    #[test]
    fn overrides_move_a_key_unbind_one_and_add_a_line_where_the_context_had_none() {
        let over = |context, key: &str, action| Override {
            context,
            key: Key::parse(key).unwrap(),
            action,
        };
        let keymap = Keymap::default().with_overrides(&[
            over(List, "x", Some(Action::NextMonth)),
            over(List, "]", None),
            over(List, "ctrl-u", Some(Action::Top)),
            over(Lanes, "v", Some(Action::PickTags)),
        ]);
        let ctrl_u = press(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action_for(List, k('x')), Some(Action::NextMonth));
        assert_eq!(keymap.action_for(List, k(']')), None);
        assert_eq!(keymap.action_for(List, k('}')), Some(Action::NextMonth));
        assert_eq!(keymap.action_for(List, ctrl_u), Some(Action::Top));
        assert_eq!(
            keymap.action_for(Detail, ctrl_u),
            Some(Action::PageUp),
            "other contexts keep it"
        );
        assert_eq!(keymap.action_for(Lanes, k('v')), Some(Action::PickTags));
        assert_eq!(keymap.key_for(List, Action::NextMonth), "}");
        assert_eq!(keymap.key_for(Lanes, Action::Help), "?");
        assert!(keymap.duplicates().is_empty());
        let lanes_tags = keymap
            .of(Lanes)
            .find(|b| b.action == Action::PickTags)
            .unwrap();
        assert_eq!(lanes_tags.help, "pick tags (fuzzy, several)");
        let none = Keymap::default().with_overrides(&[over(Global, "?", None)]);
        assert_eq!(none.key_for(List, Action::Help), "(no key for help)");
    }

    #[test]
    fn every_key_string_in_the_table_parses() {
        for Row(context, keys, ..) in TABLE {
            for key in keys.split(' ') {
                assert!(Key::parse(key).is_ok(), "{key:?} in {context:?}");
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        assert_eq!(Keymap::default().duplicates(), []);
    }

    #[test]
    fn a_key_bound_twice_is_found() {
        let mut keymap = Keymap::default();
        let mut twice = keymap.bindings[0].clone();
        twice.action = Action::Help;
        keymap.bindings.push(twice);
        assert_eq!(
            keymap.duplicates(),
            [(Global, "q".to_string()), (Global, "Ctrl-c".to_string())]
        );
    }

    #[test]
    fn key_strings_name_keys_with_modifiers() {
        let key = |code, modifiers| Key { code, modifiers };
        assert_eq!(
            Key::parse("ctrl-u"),
            Ok(key(KeyCode::Char('u'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            Key::parse("G"),
            Ok(key(KeyCode::Char('G'), KeyModifiers::NONE))
        );
        assert_eq!(
            Key::parse("-"),
            Ok(key(KeyCode::Char('-'), KeyModifiers::NONE))
        );
        assert_eq!(
            Key::parse("alt-b"),
            Ok(key(KeyCode::Char('b'), KeyModifiers::ALT))
        );
        assert_eq!(Key::parse("pageup"), Ok(key(PageUp, KeyModifiers::NONE)));
        assert_eq!(
            Key::parse("space"),
            Ok(key(KeyCode::Char(' '), KeyModifiers::NONE))
        );
        assert_eq!(Key::parse("ctrl-up"), Ok(key(Up, KeyModifiers::CONTROL)));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("pgup").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn list_keys_fall_back_to_global_ones() {
        let map = Keymap::default();
        assert_eq!(map.action_for(List, k('j')), Some(Action::Down));
        assert_eq!(map.action_for(List, k('a')), Some(Action::PickActors));
        assert_eq!(map.action_for(Detail, k('q')), Some(Action::Quit));
        assert_eq!(map.action_for(List, k('Z')), None);
    }

    #[test]
    fn text_contexts_type_letters_that_are_keys_elsewhere() {
        let map = Keymap::default();
        assert_eq!(map.action_for(Query, k('q')), Some(Action::Input('q')));
        assert_eq!(map.action_for(Query, k('a')), Some(Action::Input('a')));
        assert_eq!(map.action_for(Picker, k(' ')), Some(Action::Toggle));
        assert_eq!(
            map.action_for(Query, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn shifted_letters_and_ctrl_keys_are_recognised() {
        let map = Keymap::default();
        assert_eq!(
            map.action_for(List, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action_for(List, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn footer_and_hints_are_generated_from_the_table() {
        let map = Keymap::default();
        let f = map.footer(List, |_| true);
        assert_eq!(f[0], ("Enter".to_string(), "open"));
        assert!(f.contains(&("q".to_string(), "quit")));
        assert!(
            map.footer(Query, |_| true)
                .iter()
                .all(|(_, w)| *w != "quit")
        );
        assert_eq!(
            map.hint_line(Detail),
            " ↑↓ select · Enter follow · Backspace back · Esc list "
        );
        assert_eq!(
            map.hint_line(Picker),
            " Space mark · Enter apply · Esc cancel "
        );
    }
}
