//! The lanes view: time left to right, one row per lane; an event is a mark in the lane of
//! its first actor, and a fainter one in its other actors' lanes.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::model::month_name;
use crate::text;
use crate::tui::app::{App, Zoom};
use crate::tui::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" Lanes · zoom: {} ", app.nav().zoom().name()),
            theme.title(),
        ))
        .title_bottom(Span::styled(
            app.keymap().hint_line(Context::Lanes),
            theme.dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let t = &app.timeline();
    let label_width = t
        .lanes
        .iter()
        .map(|l| text::width(l))
        .max()
        .unwrap_or(4)
        .min(18) as u16
        + 1;
    if inner.width <= label_width + 4 || inner.height < 4 {
        return;
    }
    let columns = inner.width - label_width;
    let per_col = app.nav().zoom().days_per_column(columns);
    let Some(selected) = app.selected() else {
        frame.render_widget(
            Paragraph::new(Line::styled("No event to show.", theme.dim())),
            inner,
        );
        return;
    };
    let sel = &t.events[selected];
    // Centre the window on the selected event.
    let centre = f64::from(sel.first_day());
    let start = centre - per_col * f64::from(columns) / 2.0;
    let cells = cells(app, selected, start, per_col, columns);
    let mut lines: Vec<Line> = Vec::new();
    for (lane, row) in cells.iter().enumerate() {
        let mut spans = vec![Span::styled(
            format!(
                "{:<w$}",
                text::truncate(&t.lanes[lane], label_width as usize - 1),
                w = label_width as usize
            ),
            theme.lane(lane).patch(theme.title()),
        )];
        for &(count, strength, is_sel) in row {
            let (glyph, style) = match (strength, is_sel) {
                (_, true) => ("◆", theme.selected()),
                (2, _) if count > 1 => ("◉", theme.lane(lane)),
                (2, _) => ("●", theme.lane(lane)),
                (1, _) => ("○", theme.lane(lane).patch(theme.dim())),
                _ => ("·", theme.dim()),
            };
            spans.push(Span::styled(glyph, style));
        }
        lines.push(Line::from(spans));
        lines.push(Line::raw(""));
    }
    lines.push(axis(start, per_col, columns, label_width, app, theme));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(format!("{}  ", sel.date_range()), theme.accent()),
        Span::styled(
            text::truncate(&text::sanitize(&sel.title), inner.width as usize - 2),
            theme.title(),
        ),
    ]));
    lines.push(Line::styled(
        format!(
            "{} of {} · {}",
            app.nav().cursor() + 1,
            app.results().len(),
            crate::render::actor_names(t, sel)
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines).style(Style::new()), inner);
}

/// Tick labels under the lanes: years, quarters, months or days, by zoom.
fn axis(
    start: f64,
    per_col: f64,
    columns: u16,
    indent: u16,
    app: &App,
    theme: &Theme,
) -> Line<'static> {
    let mut row = vec![' '; columns as usize];
    let mut last_end = 0usize;
    let mut previous: Option<(i32, u32, u32)> = None;
    for c in 0..columns as usize {
        let day = (start + per_col * c as f64) as i32;
        let Some(date) = chrono::NaiveDate::from_num_days_from_ce_opt(day) else {
            continue;
        };
        let (y, m, d) = (date.year(), date.month(), date.day());
        let label = match previous {
            None => None,
            Some((py, pm, pd)) => match app.nav().zoom() {
                Zoom::Years if py != y => Some(y.to_string()),
                Zoom::Quarters if pm != m && (m - 1) % 3 == 0 => Some(if m == 1 {
                    y.to_string()
                } else {
                    format!("Q{} ", (m - 1) / 3 + 1)
                }),
                Zoom::Months if pm != m => Some(if m == 1 {
                    y.to_string()
                } else {
                    month_name(m)[..3].to_string()
                }),
                Zoom::Weeks if pd != d && date.weekday() == chrono::Weekday::Mon => {
                    Some(format!("{d} {}", &month_name(m)[..3]))
                }
                _ => None,
            },
        };
        previous = Some((y, m, d));
        if let Some(label) = label
            && c >= last_end
            && c + label.len() <= row.len()
        {
            row[c] = '╵';
            for (k, ch) in label.chars().enumerate().take(row.len() - c - 1) {
                row[c + 1 + k] = ch;
            }
            last_end = c + label.len() + 2;
        }
    }
    Line::styled(
        format!(
            "{}{}",
            " ".repeat(indent as usize),
            row.into_iter().collect::<String>()
        ),
        theme.dim(),
    )
}

/// One cell per lane and column: (events, strongest mark: 2 first actor, 1 other actor,
/// holds the selected event). Only the events in the window are looked at.
fn cells(
    app: &App,
    selected: usize,
    start: f64,
    per_col: f64,
    columns: u16,
) -> Vec<Vec<(u32, u8, bool)>> {
    let t = app.timeline();
    let column_of = |day: i32| -> Option<u16> {
        let c = ((f64::from(day) - start) / per_col).floor();
        (c >= 0.0 && c < f64::from(columns)).then_some(c as u16)
    };
    let lanes = t.lanes.len();
    // Each cell: (count, strongest mark: 2 first actor, 1 other actor, selected flag).
    let mut cells = vec![vec![(0u32, 0u8, false); columns as usize]; lanes];
    let end = start + per_col * f64::from(columns);
    // Results are in date order: find the visible window by binary search.
    let from = app
        .results()
        .partition_point(|&i| f64::from(t.events[i].last_day()) < start);
    for &i in &app.results()[from..] {
        let e = &t.events[i];
        if f64::from(e.first_day()) >= end {
            break;
        }
        let Some(col) = column_of(e.first_day().max(start as i32)) else {
            continue;
        };
        for (n, &a) in e.actors.iter().enumerate() {
            let lane = t.actors[a].lane;
            let cell = &mut cells[lane][col as usize];
            cell.0 += 1;
            cell.1 = cell.1.max(if n == 0 { 2 } else { 1 });
            cell.2 |= i == selected && n == 0;
        }
    }
    cells
}
