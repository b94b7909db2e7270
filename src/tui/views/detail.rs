//! The detail pane: everything about the selected event, with its links and sources
//! selectable when the pane has the keyboard.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::ViewState;
use super::list::marker;
use super::theme::Theme;
use crate::model::{Event, Timeline};
use crate::render::importance_word;
use crate::text;
use crate::tui::app::{App, DetailItem, Focus};
use crate::tui::keymap::Context;

/// The pane's lines, and for each selectable item the range of lines it takes.
struct Content {
    lines: Vec<Line<'static>>,
    items: Vec<(usize, usize)>,
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &mut ViewState, theme: &Theme) {
    let focused = app.nav().focus() == Focus::Detail;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(" Detail ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(event) = app.selected() else {
        frame.render_widget(
            Paragraph::new(Line::styled("Nothing selected.", theme.dim())),
            inner,
        );
        return;
    };
    let content = build(app, event, inner.width as usize, theme, focused);
    let height = inner.height;
    let total = content.lines.len() as u16;
    view.detail = (total, height);
    let mut scroll = app.nav().detail_scroll().min(total.saturating_sub(height));
    if focused && let Some(&(start, end)) = content.items.get(app.nav().detail_cursor()) {
        let (start, end) = (start as u16, end as u16);
        if start < scroll {
            scroll = start;
        } else if end > scroll + height {
            scroll = end.saturating_sub(height).min(start);
        }
    }
    frame.render_widget(Paragraph::new(content.lines).scroll((scroll, 0)), inner);
}

/// What the event is: dates and id, title, actors, tags, importance, summary.
fn about(t: &Timeline, e: &Event, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut date = e.date.long();
    if let Some(end) = e.end {
        date.push_str(&format!(" – {}", end.long()));
    }
    lines.push(Line::from(vec![
        Span::styled(date, theme.accent()),
        Span::styled(format!("  {}", e.id()), theme.dim()),
    ]));
    for l in text::wrap(e.title(), width) {
        lines.push(Line::styled(l, theme.title()));
    }
    lines.push(Line::raw(""));
    let label = |s: &str| Span::styled(format!("{s:<11}"), theme.dim());
    for (n, a) in e.actors().iter().enumerate() {
        let actor = &t.actors[a];
        let marker = if theme.color { "● " } else { "" };
        let name = format!(
            "{} ({}{})",
            text::sanitize(&actor.name),
            text::sanitize(&t.lanes[actor.lane]),
            if n == 0 { ", acted" } else { "" }
        );
        let room = width.saturating_sub(11 + text::width(marker)).max(8);
        for (k, part) in text::wrap(&name, room).into_iter().enumerate() {
            let mut spans = vec![label(if n == 0 && k == 0 { "Actors" } else { "" })];
            spans.push(match k {
                0 => Span::styled(marker, theme.lane(actor.lane)),
                _ => Span::raw(" ".repeat(text::width(marker))),
            });
            spans.push(Span::raw(part));
            lines.push(Line::from(spans));
        }
    }
    if !e.tags().is_empty() {
        let tags = crate::render::tag_names(t, e);
        let room = width.saturating_sub(11).max(8);
        for (k, part) in text::wrap(&tags, room).into_iter().enumerate() {
            lines.push(Line::from(vec![
                label(if k == 0 { "Tags" } else { "" }),
                Span::raw(part),
            ]));
        }
    }
    lines.push(Line::from(vec![
        label("Importance"),
        Span::raw(format!(
            "{} {}",
            "★".repeat(e.importance as usize),
            importance_word(e.importance)
        )),
    ]));
    if !e.summary().is_empty() {
        lines.push(Line::raw(""));
        for l in text::wrap(e.summary(), width) {
            lines.push(Line::raw(l));
        }
    }
    lines
}

fn build(app: &App, event: usize, width: usize, theme: &Theme, focused: bool) -> Content {
    let t: &Timeline = app.timeline();
    let e = &t.events[event];
    let width = width.max(10);
    let mut lines = about(t, e, width, theme);
    let items = app.detail_items();
    let mut ranges = Vec::with_capacity(items.len());
    let links: Vec<&DetailItem> = items
        .iter()
        .filter(|i| matches!(i, DetailItem::Link(_)))
        .collect();
    if !links.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Linked events", theme.title()));
    }
    for (n, item) in items.iter().enumerate() {
        let selected = focused && n == app.nav().detail_cursor();
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        if *item == DetailItem::Source(0) {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Sources", theme.title()));
        }
        let start = lines.len();
        item_lines(&mut lines, t, e, *item, width, style, theme);
        ranges.push((start, lines.len()));
    }
    if e.sources().is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("No sources given.", theme.warning()));
    }
    if focused {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            app.keymap().hint_line(Context::Detail).trim().to_string(),
            theme.dim(),
        ));
    }
    Content {
        lines,
        items: ranges,
    }
}

/// The lines of one selectable item: a linked event, or a source with its URL.
fn item_lines(
    lines: &mut Vec<Line<'static>>,
    t: &Timeline,
    e: &Event,
    item: DetailItem,
    width: usize,
    style: Style,
    theme: &Theme,
) {
    match item {
        DetailItem::Link(j) => {
            let r = &t.events[j];
            let arrow = if e.related().contains(j) {
                "→"
            } else {
                "←"
            };
            let head = format!("{arrow} {:<10} ", r.date.to_string());
            let room = width.saturating_sub(14);
            lines.push(Line::from(vec![
                Span::styled(head, style),
                marker(theme, t, r).patch_style(style),
                Span::styled(
                    format!(" {}", text::truncate(&text::sanitize(r.title()), room)),
                    style,
                ),
            ]));
        }
        DetailItem::Source(s) => {
            let Some(src) = e.sources().get(s) else {
                return;
            };
            let mut head = format!("{}. {}: {}", s + 1, src.publisher, src.title);
            if let Some(d) = src.date {
                head.push_str(&format!(" ({d})"));
            }
            for (k, l) in text::wrap(&head, width.saturating_sub(3))
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { "" } else { "   " };
                lines.push(Line::styled(format!("{lead}{l}"), style));
            }
            if let Some(url) = &src.url {
                // Whole, over as many lines as it needs: a cut URL cannot be read or typed.
                for part in text::wrap(url, width.saturating_sub(3)) {
                    lines.push(Line::styled(
                        format!("   {part}"),
                        style.patch(theme.accent()),
                    ));
                }
            }
        }
    }
}
