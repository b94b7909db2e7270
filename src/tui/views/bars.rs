//! The header (title, count, filter in words) and the bottom line (query bar, messages,
//! reload problems, or the keys that matter now).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::Context;
use crate::tui::line::LineEdit;
use crate::tui::timeline::Drawn;

pub fn header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = if app.timeline().title.is_empty() {
        "annals"
    } else {
        &app.timeline().title
    };
    let count = format!(
        " {} of {} events{} ",
        app.results().len(),
        app.timeline().events.len(),
        searching(app)
    );
    let mut filter = if app.filter().is_empty() {
        "no filter".to_string()
    } else {
        let mut text = format!("filter: {}", app.filter().to_query());
        let dates = app.filter().dates_in_words();
        if !dates.is_empty() {
            text.push_str(&format!(" ({})", dates.join(", ")));
        }
        text
    };
    let loose: Vec<&str> = app
        .search()
        .words()
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
    for note in app.search().fuzzy_notes() {
        filter.push_str(&format!(" — {note}"));
    }
    let width = area.width as usize;
    // The filter says what is shown: on a narrow terminal the title gives way to it.
    let said = if app.search().unmatched().is_empty() {
        text::width(&text::sanitize(&filter))
    } else {
        text::width(&app.search().unmatched().join("; "))
    };
    let title_room = width
        .saturating_sub(text::width(&count) + 3 + said)
        .clamp(6, (width / 2).max(6));
    let title = text::truncate(&text::sanitize(title), title_room);
    let room = width.saturating_sub(text::width(&title) + text::width(&count) + 3);
    let mut spans = vec![
        Span::styled(title, theme.title()),
        Span::styled(count, theme.accent()),
        Span::raw("  "),
    ];
    if !app.search().unmatched().is_empty() {
        spans.push(Span::styled(
            text::truncate(&app.search().unmatched().join("; "), room),
            theme.warning(),
        ));
    } else {
        spans.push(Span::styled(
            text::truncate(&text::sanitize(&filter), room),
            if app.filter().is_empty() {
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

/// The most rows the bottom line may grow to, for a long error or message.
const BOTTOM_ROWS: usize = 3;

/// The bottom line(s): the query bar, the message, or the keys that matter now. A query
/// error or a message that does not fit wraps onto up to [`BOTTOM_ROWS`] rows.
pub fn bottom_lines(app: &App, drawn: &Drawn, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    if *app.overlay() == Overlay::Query {
        return query_lines(app, width, theme);
    }
    if let Overlay::SaveView(line) = app.overlay() {
        return save_lines(app, line, width, theme);
    }
    if let Overlay::Jump(prompt) = app.overlay() {
        return vec![jump_line(prompt, width, theme)];
    }
    if let Some(notice) = app.status().notice() {
        let mut lines: Vec<Line<'static>> = text::wrap(notice, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.accent()))
            .collect();
        lines.truncate(BOTTOM_ROWS);
        return lines;
    }
    vec![keys_line(app, drawn, width, theme)]
}

pub fn bottom(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines), area);
}

/// `1 match`, `2 matches`.
fn matches(n: usize) -> String {
    format!(" {n} {}", if n == 1 { "match" } else { "matches" })
}

/// The mark beside a count while a newer search runs: the count is the last finished one's.
fn searching(app: &App) -> &'static str {
    if app.searching() {
        " · searching…"
    } else {
        ""
    }
}

fn query_lines(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let count = matches(app.results().len()) + searching(app);
    let error = app.search().error().map(|e| format!("✗ {e}"));
    let tail = error
        .as_deref()
        .map_or(text::width(&count), |e| 2 + text::width(e));
    let query = app.search().query();
    let cursor = app.search().query_cursor();
    let full = 3 + text::width(query);
    let inline = full + tail <= width;
    let room = width.saturating_sub(3 + if inline || error.is_some() { 0 } else { tail });
    let (before, after) = visible_around(&query[..cursor], &query[cursor..], room);
    let mut spans = vec![
        Span::styled("/ ", theme.key()),
        Span::raw(before),
        Span::styled("▏", theme.accent()),
        Span::raw(after),
    ];
    let mut lines = Vec::new();
    match error {
        Some(e) if inline => spans.push(Span::styled(format!("  {e}"), theme.warning())),
        Some(e) => {
            lines.extend(
                text::wrap(&e, width)
                    .into_iter()
                    .take(BOTTOM_ROWS - 1)
                    .map(|l| Line::styled(l, theme.warning())),
            );
        }
        None => spans.push(Span::styled(count, theme.dim())),
    }
    lines.insert(0, Line::from(spans));
    lines
}

/// The prompt for a view's name, and (after a refused Enter) why.
fn save_lines(app: &App, line: &LineEdit, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let prompt = "Save the filter as the view @";
    let text = line.text();
    let room = width.saturating_sub(text::width(prompt) + 1);
    let (before, after) = visible_around(&text[..line.cursor()], &text[line.cursor()..], room);
    let mut lines = vec![Line::from(vec![
        Span::styled(prompt, theme.key()),
        Span::raw(before),
        Span::styled("▏", theme.accent()),
        Span::raw(after),
    ])];
    if let Some(why) = app.status().notice() {
        lines.extend(
            text::wrap(why, width)
                .into_iter()
                .take(BOTTOM_ROWS - 1)
                .map(|l| Line::styled(l, theme.warning())),
        );
    }
    lines
}

/// The text shown either side of the cursor in `room` columns (sanitised): all of it when it
/// fits, else the part around the cursor, with `…` where text is hidden.
fn visible_around(before: &str, after: &str, room: usize) -> (String, String) {
    let before = text::sanitize(before).into_owned();
    let after = text::sanitize(after).into_owned();
    if text::width(&before) + text::width(&after) <= room {
        return (before, after);
    }
    // Keep the end of what is before the cursor (where the person types), then as much
    // after it as fits.
    let mut shown_before = String::new();
    let mut used = 1;
    for c in before.chars().rev() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > room.saturating_sub(room / 4).max(1) {
            shown_before.insert(0, '…');
            break;
        }
        shown_before.insert(0, c);
        used += w;
    }
    let mut shown_after = String::new();
    for c in after.chars() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > room {
            shown_after.push('…');
            break;
        }
        shown_after.push(c);
        used += w;
    }
    (shown_before, shown_after)
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

/// The keys that matter now: in the timeline, only those that would do something.
fn keys_line(app: &App, drawn: &Drawn, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    let context = app.context();
    let selection = app.selection();
    // The views picker applies one view: it has nothing to mark. The timeline offers only
    // the keys that do something now.
    let views_picker = matches!(app.overlay(), Overlay::Views(_));
    let offered = |action| {
        !(views_picker && action == Action::Toggle)
            && (context != Context::Lanes || app.lanes().offers(action, &selection, drawn))
    };
    for (key, word) in app.keymap().footer(context, offered) {
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
