//! The popups drawn over the main screen: the actor and tag pickers, and the help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::text;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::picker::Picker;
use crate::tui::saved::ViewPicker;

/// A centred rectangle of at most `width` × `height` inside `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn picker(frame: &mut Frame, area: Rect, app: &App, picker: &Picker, theme: &Theme) {
    let rect = centred(area, 64, area.height.saturating_sub(4).max(8));
    frame.render_widget(Clear, rect);
    let marked = if picker.marked.is_empty() {
        String::new()
    } else {
        format!(" · {} marked", picker.marked.len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" {}{marked} ", picker.title()),
            theme.title(),
        ))
        .title_bottom(Span::styled(
            app.keymap().hint_line(Context::Picker),
            theme.dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = inner.width as usize;
    let t = &app.timeline();
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(text::sanitize(&picker.input).into_owned()),
        Span::styled("▏", theme.accent()),
        Span::styled(
            format!(
                "  {} of {}",
                picker.entries.len(),
                match picker.kind {
                    crate::tui::picker::PickerKind::Actors => t.actors.len(),
                    crate::tui::picker::PickerKind::Tags => t.tags.len(),
                }
            ),
            theme.dim(),
        ),
    ])];
    let rows = (inner.height as usize).saturating_sub(1);
    let start = picker.cursor.saturating_sub(rows.saturating_sub(1));
    for (n, entry) in picker.entries.iter().enumerate().skip(start).take(rows) {
        let selected = n == picker.cursor;
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mark = if picker.marked.contains(&entry.index) {
            "[x] "
        } else {
            "[ ] "
        };
        let count = format!("{:>5}", picker.count(t, entry.index));
        let note = picker.note(t, entry.index);
        let label = text::sanitize(&picker.label(t, entry.index)).into_owned();
        let room = width.saturating_sub(4 + 5 + 2 + text::width(&note).min(16) + 1);
        let label = text::truncate(&label, room);
        let mut spans = vec![Span::styled(mark, base)];
        for (k, c) in label.chars().enumerate() {
            let style = if entry.highlight.contains(&k) {
                base.patch(theme.matched())
            } else {
                base
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        let used = 4 + text::width(&label);
        let note = text::truncate(&text::sanitize(&note), 16);
        let gap = width.saturating_sub(used + text::width(&note) + 5 + 1);
        spans.push(Span::styled(" ".repeat(gap), base));
        spans.push(Span::styled(note, base.patch(theme.dim())));
        spans.push(Span::styled(format!(" {count}"), base));
        lines.push(Line::from(spans));
    }
    if picker.entries.is_empty() {
        lines.push(Line::styled("Nothing matches.", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The saved views: name, whose it is, how many events it keeps, and its query.
pub fn views(frame: &mut Frame, area: Rect, app: &App, picker: &ViewPicker, theme: &Theme) {
    let rect = centred(area, 72, area.height.saturating_sub(4).max(8));
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" Saved views ", theme.title()))
        .title_bottom(Span::styled(
            app.keymap()
                .hint_line_except(Context::Picker, Some(crate::tui::action::Action::Toggle)),
            theme.dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled("@ ", theme.key()),
        Span::raw(text::sanitize(&picker.input).into_owned()),
        Span::styled("▏", theme.accent()),
        Span::styled(
            format!("  {} of {}", picker.shown.len(), picker.total()),
            theme.dim(),
        ),
    ])];
    let rows = (inner.height as usize).saturating_sub(1) / 2;
    let start = picker.cursor.saturating_sub(rows.saturating_sub(1));
    for n in start..picker.shown.len().min(start + rows) {
        let Some(entry) = picker.entry(n) else {
            continue;
        };
        let base = if n == picker.cursor {
            theme.selected()
        } else {
            Style::new()
        };
        let count = entry
            .count
            .map_or_else(|| "  —".to_string(), |c| format!("{c:>5}"));
        let note = format!("{} {count}", entry.whose);
        let name = text::truncate(
            &format!("@{}", text::sanitize(&entry.view.name)),
            width.saturating_sub(text::width(&note) + 1),
        );
        let gap = width.saturating_sub(text::width(&name) + text::width(&note));
        lines.push(Line::from(vec![
            Span::styled(name, base.patch(theme.title())),
            Span::styled(" ".repeat(gap), base),
            Span::styled(note, base.patch(theme.dim())),
        ]));
        let query = text::truncate(&text::sanitize(&entry.view.query), width.saturating_sub(2));
        lines.push(Line::styled(format!("  {query}"), theme.dim()));
    }
    if picker.shown.is_empty() {
        lines.push(Line::styled("Nothing matches.", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn help(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let rect = centred(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" Keys ", theme.title()))
        .title_bottom(Span::styled(
            app.keymap().hint_line(Context::Help),
            theme.dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = help_lines(app, inner.width as usize, theme);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(
        Paragraph::new(lines).scroll((app.nav().help_scroll().min(max), 0)),
        inner,
    );
}

/// Every binding by context, laid out to `width`: the keys in a column as wide as the
/// widest (up to a third of the width), what they do wrapped beside them.
fn help_lines(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let keymap = app.keymap();
    let widest = keymap
        .bindings()
        .iter()
        .map(|b| text::width(&keymap::labels(b)))
        .max()
        .unwrap_or(0);
    let keys_width = widest.min(width / 3).max(1);
    let room = width.saturating_sub(keys_width + 3).max(10);
    let mut lines = Vec::new();
    for context in Context::ALL {
        lines.push(Line::styled(context.title(), theme.title()));
        for b in keymap.of(context) {
            let keys = text::wrap(&keymap::labels(b), keys_width);
            let help = text::wrap(b.help, room);
            for k in 0..keys.len().max(help.len()) {
                let key = keys.get(k).map_or("", String::as_str);
                let pad = keys_width.saturating_sub(text::width(key));
                lines.push(Line::from(vec![
                    Span::styled(format!("  {key}{} ", " ".repeat(pad)), theme.key()),
                    Span::raw(help.get(k).cloned().unwrap_or_default()),
                ]));
            }
        }
        lines.push(Line::raw(""));
    }
    let note = "Mouse: the wheel scrolls, a click selects (on the density strip: jumps to that month). Query words: actor: tag: since: until: lane: importance:";
    lines.extend(
        text::wrap(note, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim())),
    );
    lines
}
