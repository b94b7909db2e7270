//! The header (title, count, filter in words) and the bottom line (query bar, messages,
//! reload problems, or the keys that matter now).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::text;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap;

pub fn header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = if app.timeline.title.is_empty() {
        "annals"
    } else {
        &app.timeline.title
    };
    let count = format!(
        " {} of {} events ",
        app.results.len(),
        app.timeline.events.len()
    );
    let mut filter = if app.filter.is_empty() {
        "no filter".to_string()
    } else {
        format!("filter: {}", app.filter.to_query())
    };
    let loose: Vec<&str> = app
        .search_words
        .iter()
        .filter(|w| w.loose)
        .map(|w| w.text.as_str())
        .collect();
    if !loose.is_empty() {
        filter.push_str(&format!(
            " — in no event, matched loosely: {}",
            loose.join(", ")
        ));
    }
    let width = area.width as usize;
    let title = text::truncate(&text::sanitize(title), width / 2);
    let room = width.saturating_sub(text::width(&title) + text::width(&count) + 3);
    let mut spans = vec![
        Span::styled(title, theme.title()),
        Span::styled(count, theme.accent()),
        Span::raw("  "),
    ];
    if !app.unmatched.is_empty() {
        spans.push(Span::styled(
            text::truncate(&app.unmatched.join("; "), room),
            theme.warning(),
        ));
    } else {
        spans.push(Span::styled(
            text::truncate(&text::sanitize(&filter), room),
            if app.filter.is_empty() {
                theme.dim()
            } else {
                Style::new()
            },
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The reload problem, when the file on disk cannot be shown.
pub fn banner(frame: &mut Frame, area: Rect, message: &str, theme: &Theme) {
    let text = text::truncate(&text::sanitize(message), area.width as usize);
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme.error())).style(theme.error()),
        area,
    );
}

pub fn bottom(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let width = area.width as usize;
    let line = if app.overlay == Overlay::Query {
        query_line(app, width, theme)
    } else if let Overlay::Jump(prompt) = &app.overlay {
        jump_line(prompt, width, theme)
    } else if let Some(notice) = &app.notice {
        Line::styled(
            text::truncate(&text::sanitize(notice), width),
            theme.accent(),
        )
    } else {
        keys_line(app, width, theme)
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn query_line(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    let count = format!(" {} matches", app.results.len());
    let mut spans = vec![Span::styled("/ ", theme.key())];
    let error = app.query_error.as_deref().map(|e| format!("  ✗ {e}"));
    let reserved = 2 + text::width(&count) + error.as_deref().map_or(0, text::width).min(width / 2);
    let query = text::sanitize(&app.query).into_owned();
    // Show the end of a long query, where the person is typing.
    let room = width.saturating_sub(reserved + 1);
    let shown: String = if text::width(&query) > room {
        let chars: Vec<char> = query.chars().collect();
        let mut out = String::new();
        for c in chars.iter().rev() {
            if text::width(&out) + 1 >= room {
                break;
            }
            out.insert(0, *c);
        }
        format!("…{out}")
    } else {
        query
    };
    spans.push(Span::raw(shown));
    spans.push(Span::styled("▏", theme.accent()));
    match error {
        Some(e) => spans.push(Span::styled(text::truncate(&e, width / 2), theme.warning())),
        None => spans.push(Span::styled(count, theme.dim())),
    }
    Line::from(spans)
}

/// The jump prompt: `: 2025-05▏` and what it takes, or why the text does not read.
fn jump_line(prompt: &crate::tui::jump::Prompt, width: usize, theme: &Theme) -> Line<'static> {
    let typed = text::truncate(&text::sanitize(&prompt.text), width / 3);
    let (note, style) = match &prompt.error {
        Some(e) => (format!("  ✗ {e}"), theme.warning()),
        None => (
            format!("  jump to: {}", crate::tui::jump::FORMS),
            theme.dim(),
        ),
    };
    let room = width.saturating_sub(text::width(&typed) + 3);
    Line::from(vec![
        Span::styled(": ", theme.key()),
        Span::raw(typed),
        Span::styled("▏", theme.accent()),
        Span::styled(text::truncate(&note, room), style),
    ])
}

fn keys_line(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    let context = app.context();
    let nav = crate::tui::timeline::Nav {
        timeline: &app.timeline,
        results: &app.results,
        cursor: app.cursor,
    };
    for (key, word, action) in keymap::footer(context) {
        if context == keymap::Context::Lanes && !app.lanes.offers(action, &nav) {
            continue;
        }
        let w = text::width(&key) + text::width(word) + 3;
        if used + w > width {
            break;
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {word}  "), theme.dim()));
        used += w;
    }
    Line::from(spans)
}
