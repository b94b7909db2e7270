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

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

/// One line of the table: in `context`, any of `keys` does `action`.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// Shown in the footer, with this short word, when the context is active.
    pub footer: Option<&'static str>,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        footer,
    }
}

use Context::{Detail, Global, Help, Jump, Lanes, List, Picker, Query};
use KeyCode::{Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};

/// Every binding. Order is the order of the help overlay and the footer.
pub const BINDINGS: &[Binding] = &[
    bind(
        Global,
        &[ch('q'), ctrl('c')],
        Action::Quit,
        "quit",
        Some("quit"),
    ),
    bind(
        Global,
        &[ch('?')],
        Action::Help,
        "show or hide this help",
        Some("help"),
    ),
    bind(
        Global,
        &[ch('/')],
        Action::Query,
        "filter with a query: actor:… tag:… since:… until:… lane:… importance:… words",
        Some("filter"),
    ),
    bind(
        Global,
        &[ch('a')],
        Action::PickActors,
        "pick actors (fuzzy, several)",
        Some("actors"),
    ),
    bind(
        Global,
        &[ch('t')],
        Action::PickTags,
        "pick tags (fuzzy, several)",
        Some("tags"),
    ),
    bind(
        Global,
        &[ch('c')],
        Action::ClearFilters,
        "clear every filter",
        Some("clear"),
    ),
    bind(
        Global,
        &[ch('v')],
        Action::ToggleLanes,
        "switch between the chronology and the timeline",
        Some("timeline"),
    ),
    bind(
        Global,
        &[ch(':')],
        Action::Jump,
        "jump to a date: 2025, 2025-05, 2025-05-13, today, -6m, +1y",
        Some("jump"),
    ),
    bind(
        Global,
        &[ch('y')],
        Action::Copy,
        "copy the event's id, or the selected source's URL",
        None,
    ),
    bind(
        List,
        &[key(Up), ch('k')],
        Action::Up,
        "previous event",
        None,
    ),
    bind(
        List,
        &[key(Down), ch('j')],
        Action::Down,
        "next event",
        None,
    ),
    bind(
        List,
        &[key(PageUp), ctrl('b'), ctrl('u')],
        Action::PageUp,
        "one screen up",
        None,
    ),
    bind(
        List,
        &[key(PageDown), ctrl('f'), ctrl('d'), ch(' ')],
        Action::PageDown,
        "one screen down",
        None,
    ),
    bind(
        List,
        &[key(Home), ch('g')],
        Action::Top,
        "first event",
        None,
    ),
    bind(
        List,
        &[key(End), ch('G')],
        Action::Bottom,
        "last event",
        None,
    ),
    bind(
        List,
        &[ch('['), ch('{')],
        Action::PrevMonth,
        "previous month",
        None,
    ),
    bind(
        List,
        &[ch(']'), ch('}')],
        Action::NextMonth,
        "next month",
        None,
    ),
    bind(
        List,
        &[key(Enter), key(Right), ch('l')],
        Action::Enter,
        "open the event: focus its detail",
        Some("open"),
    ),
    bind(
        List,
        &[key(Backspace)],
        Action::Back,
        "back to the event you came from",
        None,
    ),
    bind(
        List,
        &[ch('d'), key(Tab)],
        Action::ToggleDetail,
        "show or hide the detail pane (narrow terminals)",
        None,
    ),
    bind(
        List,
        &[key(Esc)],
        Action::Escape,
        "clear the message line",
        None,
    ),
    bind(
        Detail,
        &[key(Up), ch('k')],
        Action::Up,
        "previous link or source",
        None,
    ),
    bind(
        Detail,
        &[key(Down), ch('j')],
        Action::Down,
        "next link or source",
        None,
    ),
    bind(
        Detail,
        &[key(PageUp), ctrl('u')],
        Action::PageUp,
        "scroll the detail up",
        None,
    ),
    bind(
        Detail,
        &[key(PageDown), ctrl('d'), ch(' ')],
        Action::PageDown,
        "scroll the detail down",
        None,
    ),
    bind(
        Detail,
        &[key(Enter), key(Right), ch('l')],
        Action::Enter,
        "follow the selected link (or show the source's URL)",
        Some("follow"),
    ),
    bind(
        Detail,
        &[key(Backspace)],
        Action::Back,
        "back along the path taken",
        Some("back"),
    ),
    bind(
        Detail,
        &[key(Esc), key(Left), ch('h')],
        Action::Escape,
        "back to the list",
        Some("list"),
    ),
    bind(
        Lanes,
        &[key(Left), ch('h')],
        Action::Left,
        "previous event in time",
        None,
    ),
    bind(
        Lanes,
        &[key(Right), ch('l')],
        Action::Right,
        "next event in time",
        None,
    ),
    bind(
        Lanes,
        &[key(PageUp), ch('[')],
        Action::PageUp,
        "back a screenful of time",
        Some("earlier"),
    ),
    bind(
        Lanes,
        &[key(PageDown), ch(']')],
        Action::PageDown,
        "on a screenful of time",
        Some("later"),
    ),
    bind(
        Lanes,
        &[ch('+'), ch('=')],
        Action::ZoomIn,
        "zoom in: fit-all → years → quarters → months → weeks → days",
        Some("zoom in"),
    ),
    bind(
        Lanes,
        &[ch('-'), ch('_')],
        Action::ZoomOut,
        "zoom out, back to the whole log",
        Some("zoom out"),
    ),
    bind(
        Lanes,
        &[key(Home), ch('g')],
        Action::Top,
        "first event",
        None,
    ),
    bind(
        Lanes,
        &[key(End), ch('G')],
        Action::Bottom,
        "last event",
        None,
    ),
    bind(
        Lanes,
        &[key(Enter)],
        Action::Enter,
        "open the event's detail",
        Some("open"),
    ),
    bind(
        Lanes,
        &[key(Esc)],
        Action::Escape,
        "back to the chronology",
        None,
    ),
    bind(
        Jump,
        &[key(Enter)],
        Action::Enter,
        "go to the first event on or after that date",
        Some("go"),
    ),
    bind(Jump, &[key(Esc)], Action::Escape, "cancel", Some("cancel")),
    bind(
        Jump,
        &[key(Backspace)],
        Action::DeleteChar,
        "delete a character",
        None,
    ),
    bind(
        Jump,
        &[ctrl('u')],
        Action::ClearInput,
        "clear the date",
        None,
    ),
    bind(
        Query,
        &[key(Enter)],
        Action::Enter,
        "keep this filter",
        Some("keep"),
    ),
    bind(
        Query,
        &[key(Esc)],
        Action::Escape,
        "cancel: back to the filter before",
        Some("cancel"),
    ),
    bind(
        Query,
        &[key(Backspace)],
        Action::DeleteChar,
        "delete a character",
        None,
    ),
    bind(
        Query,
        &[ctrl('u')],
        Action::ClearInput,
        "clear the query",
        None,
    ),
    bind(
        Picker,
        &[key(Up), ctrl('p'), ctrl('k')],
        Action::Up,
        "previous entry",
        None,
    ),
    bind(
        Picker,
        &[key(Down), ctrl('n'), ctrl('j')],
        Action::Down,
        "next entry",
        None,
    ),
    bind(
        Picker,
        &[ch(' '), key(Tab)],
        Action::Toggle,
        "mark or unmark the entry",
        Some("mark"),
    ),
    bind(
        Picker,
        &[key(Enter)],
        Action::Enter,
        "apply the marked entries (or the highlighted one)",
        Some("apply"),
    ),
    bind(
        Picker,
        &[key(Esc)],
        Action::Escape,
        "cancel",
        Some("cancel"),
    ),
    bind(
        Picker,
        &[key(Backspace)],
        Action::DeleteChar,
        "delete a character",
        None,
    ),
    bind(
        Picker,
        &[ctrl('u')],
        Action::ClearInput,
        "clear the search",
        None,
    ),
    bind(
        Help,
        &[key(Esc), ch('?'), ch('q')],
        Action::Escape,
        "close the help",
        Some("close"),
    ),
    bind(Help, &[key(Up), ch('k')], Action::Up, "scroll up", None),
    bind(
        Help,
        &[key(Down), ch('j')],
        Action::Down,
        "scroll down",
        None,
    ),
];

/// What `key` means in `context`: the context's own bindings first, then the global ones
/// (which text-input contexts do not consult, except Ctrl-C). A printable character in a
/// text-input context is typed.
pub fn action_for(context: Context, event: KeyEvent) -> Option<Action> {
    let pressed = normalize(event);
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .find(|b| b.context == ctx && b.keys.contains(&pressed))
            .map(|b| b.action)
    };
    if let Some(action) = find(context) {
        return Some(action);
    }
    if context.takes_text() {
        if pressed == ctrl('c') {
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
        return (pressed == ctrl('c')).then_some(Action::Quit);
    }
    find(Global)
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

/// Shift is part of the character for printable keys (`G`, `?`), so it is dropped there.
fn normalize(event: KeyEvent) -> Key {
    let mut modifiers =
        event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(event.code, KeyCode::Char(_)) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    let code = match (event.code, modifiers.contains(KeyModifiers::CONTROL)) {
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
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// All the keys of a binding, as help shows them: `↑ k`.
pub fn labels(binding: &Binding) -> String {
    binding.keys.iter().map(label).collect::<Vec<_>>().join(" ")
}

/// The footer for a context: `key word` pairs of its bindings, then the global ones, each
/// with its action (so that a view can leave out what would do nothing now).
pub fn footer(context: Context) -> Vec<(String, &'static str, Action)> {
    let own = BINDINGS.iter().filter(|b| b.context == context);
    let global = BINDINGS
        .iter()
        .filter(|b| b.context == Global && !context.takes_text() && context != Help);
    own.chain(global)
        .filter_map(|b| b.footer.map(|word| (label(&b.keys[0]), word, b.action)))
        .collect()
}

/// The key table as Markdown, for the README (a test keeps the README in step).
pub fn markdown() -> String {
    let mut out = String::new();
    for context in Context::ALL {
        out.push_str(&format!(
            "\n**{}**\n\n| keys | what they do |\n|---|---|\n",
            context.title()
        ));
        for b in BINDINGS.iter().filter(|b| b.context == context) {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn no_key_is_bound_twice_where_both_could_fire() {
        for context in Context::ALL {
            let mut seen: Vec<Key> = Vec::new();
            let relevant = BINDINGS.iter().filter(|b| b.context == context);
            for b in relevant {
                for k in b.keys {
                    assert!(!seen.contains(k), "{} bound twice in {context:?}", label(k));
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn list_keys_fall_back_to_global_ones() {
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(List, k('j')), Some(Action::Down));
        assert_eq!(action_for(List, k('a')), Some(Action::PickActors));
        assert_eq!(action_for(Detail, k('q')), Some(Action::Quit));
        assert_eq!(action_for(List, k('Z')), None);
    }

    #[test]
    fn text_contexts_type_letters_that_are_keys_elsewhere() {
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(Query, k('q')), Some(Action::Input('q')));
        assert_eq!(action_for(Query, k('a')), Some(Action::Input('a')));
        assert_eq!(action_for(Picker, k(' ')), Some(Action::Toggle));
        assert_eq!(
            action_for(Query, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn shifted_letters_and_ctrl_keys_are_recognised() {
        assert_eq!(
            action_for(List, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(List, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn footer_is_generated_from_the_table() {
        let f = footer(List);
        assert_eq!(f[0], ("Enter".to_string(), "open", Action::Enter));
        assert!(f.contains(&("q".to_string(), "quit", Action::Quit)));
        assert!(footer(Query).iter().all(|(_, w, _)| *w != "quit"));
    }
}
