//! The chronology: one row per event with month dividers. Only the visible rows are built,
//! so the cost of a frame does not grow with the log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::ViewState;
use super::theme::Theme;
use crate::config::DateStyle;
use crate::filter::{SearchWord, title_highlights};
use crate::model::{Event, Timeline, month_name};
use crate::text;
use crate::tui::app::{App, Focus};

/// The month group an event is listed under: (year, month) or (year, None).
fn group(event: &Event) -> (i32, Option<u32>) {
    (event.date.year_number(), event.date.month_number())
}

fn group_label(g: (i32, Option<u32>)) -> String {
    match g.1 {
        Some(m) => format!("{} {}", month_name(m), g.0),
        None => g.0.to_string(),
    }
}

/// Whether a divider is drawn above result position `pos`.
fn divider_before(app: &App, pos: usize) -> bool {
    let t = &app.timeline();
    pos == 0 || group(&t.events[app.results()[pos]]) != group(&t.events[app.results()[pos - 1]])
}

/// Rows that results `from..=to` take, dividers included (a divider above `from` counts).
fn rows_for(app: &App, from: usize, to: usize) -> usize {
    (from..=to)
        .map(|p| 1 + usize::from(divider_before(app, p)))
        .sum()
}

/// The first result to draw so that the cursor is visible, moving as little as possible
/// from the previous frame's offset. Costs O(height), whatever the log's size.
pub fn scroll_offset(app: &App, previous: usize, height: usize) -> usize {
    if app.results().is_empty() || height == 0 {
        return 0;
    }
    let cursor = app.nav().cursor().min(app.results().len() - 1);
    let mut offset = previous.min(cursor);
    if cursor - offset > height {
        offset = cursor - height;
    }
    while offset < cursor && rows_for(app, offset, cursor) > height {
        offset += 1;
    }
    // No empty rows under the last result while results above the window are hidden (after
    // a filter change, a reload or a resize): pull the window back until it is full.
    let last = app.results().len() - 1;
    while offset > 0 && last - offset < height && rows_for(app, offset - 1, last) <= height {
        offset -= 1;
    }
    offset
}

/// A lane marker: `●` in the lane's colour, or the lane's initial without colour.
pub fn marker(theme: &Theme, timeline: &Timeline, event: &Event) -> Span<'static> {
    match event.lane(timeline) {
        Some(lane) if theme.color => Span::styled("●", theme.lane(lane)),
        Some(lane) => Span::raw(
            text::sanitize(&timeline.lanes[lane])
                .chars()
                .next()
                .map_or("·".to_string(), |c| c.to_string()),
        ),
        None => Span::raw("·"),
    }
}

/// The title as spans, matched letters highlighted, cut to `width` columns.
pub fn title_spans(
    title: &str,
    words: &[SearchWord],
    width: usize,
    base: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let title = text::truncate(&text::sanitize(title), width);
    let marks = if words.is_empty() {
        Vec::new()
    } else {
        title_highlights(&title, words)
    };
    if marks.is_empty() {
        return vec![Span::styled(title, base)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in title.chars().enumerate() {
        let m = marks.binary_search(&i).is_ok();
        if m != run_marked && !run.is_empty() {
            let style = if run_marked {
                base.patch(theme.matched())
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = m;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_marked {
            base.patch(theme.matched())
        } else {
            base
        };
        spans.push(Span::styled(run, style));
    }
    spans
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &mut ViewState, theme: &Theme) {
    let focused = app.nav().focus() == Focus::List;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(" Chronology ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    view.list = inner;
    let height = inner.height as usize;
    let mut row_map = Vec::with_capacity(height);
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    if app.results().is_empty() {
        lines.push(Line::styled(
            if app.timeline().events.is_empty() {
                "This log has no events yet."
            } else {
                "No event matches the filter. Press c to clear it, / to edit it."
            },
            theme.dim(),
        ));
        row_map.push(None);
    } else {
        let offset = scroll_offset(app, view.offset, height);
        view.offset = offset;
        let width = inner.width as usize;
        let mut pos = offset;
        while lines.len() < height && pos < app.results().len() {
            let event = &app.timeline().events[app.results()[pos]];
            if divider_before(app, pos)
                && !(pos == offset && pos == app.nav().cursor() && height < 3)
            {
                let label = format!("── {} ", group_label(group(event)));
                let fill = width.saturating_sub(text::width(&label));
                lines.push(Line::styled(
                    format!("{label}{}", "─".repeat(fill)),
                    theme.dim(),
                ));
                row_map.push(None);
                if lines.len() >= height {
                    break;
                }
            }
            lines.push(row(app, pos, width, theme));
            row_map.push(Some(pos));
            pos += 1;
        }
    }
    view.rows = row_map;
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(app: &App, pos: usize, width: usize, theme: &Theme) -> Line<'static> {
    let t = &app.timeline();
    let event = &t.events[app.results()[pos]];
    let selected = pos == app.nav().cursor();
    let base = match (selected, event.importance) {
        (true, _) => theme.selected(),
        (false, 3) => Style::new().add_modifier(Modifier::BOLD),
        (false, 1) => theme.dim(),
        _ => Style::new(),
    };
    // Wide enough for the longest date of the style: `2025-05-13`, `13 September 2025`.
    let (date, date_width) = match app.date_style() {
        DateStyle::Iso => (event.date.to_string(), 10),
        DateStyle::Long => (event.date.long(), 17),
    };
    let date = format!("{date:<date_width$} ");
    let (date_style, marker_style) = if selected {
        (theme.selected(), theme.selected())
    } else {
        (theme.dim(), Style::new())
    };
    let mut spans = vec![Span::styled(date, date_style)];
    spans.push(marker(theme, t, event).patch_style(marker_style));
    spans.push(Span::styled(" ", base));
    let room = width.saturating_sub(date_width + 3);
    spans.extend(title_spans(
        event.title(),
        app.search().words(),
        room,
        base,
        theme,
    ));
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    if selected && used < width {
        spans.push(Span::styled(" ".repeat(width - used), base));
    }
    Line::from(spans)
}
