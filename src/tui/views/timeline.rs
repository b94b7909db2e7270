//! The timeline: time left to right on one axis, one swimlane per lane as tall as its
//! events need, each event a mark (or a bar for a range, a dotted one for a month or a year)
//! with its title beside it; eras as bands; under it, the events in view and the selected
//! one's detail. Only the events in the window are placed (found by binary search).

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use super::{ViewState, detail, list};
use crate::model::{Timeline, month_name};
use crate::text;
use crate::tui::app::App;
use crate::tui::timeline::pack::{self, Item, Packing, Thinner};
use crate::tui::timeline::{Drawn, Window, Zoom};

/// What each mark means, on the view's bottom border.
pub const LEGEND: &str =
    " ● day  ○┄ month/year  ━ range  ◉ several  ◆ selected  +N unlabelled  │ today ";

/// At most this many sub-rows per lane.
const MAX_LANE_ROWS: u16 = 8;
/// At or above this width the selected event's detail sits beside the list of events in view.
const WIDE: u16 = 100;

/// One lane's events in view, packed.
struct Lane {
    name: String,
    /// Lane index for its colour (`None`: events without an actor).
    colour: Option<usize>,
    events: Vec<usize>,
    items: Vec<Item>,
    /// How many events each item stands for (more than one in a thinned, crowded lane).
    counts: Vec<u32>,
    packing: Packing,
}

/// Draws the view in `area`, keeping in `view` where the window and the marks went.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &mut ViewState, theme: &Theme) {
    let selection = app.selection();
    let t = app.timeline();
    let label_w = lane_label_width(t);
    let columns = area.width.saturating_sub(2 + label_w).max(1);
    let window = app.lanes().window(&selection, columns);
    let (from, to) = window.days();
    let shown = t.days().in_window(app.results(), from, to);
    let mut lanes = lane_items(app, &shown, &window);
    let eras = era_items(t, &window);
    let era_cap = if area.height >= 30 { 3 } else { 2 };
    let era_pack = pack::pack(
        &eras.iter().map(|e| e.1).collect::<Vec<_>>(),
        era_cap,
        columns,
    );
    let era_rows = if eras.is_empty() { 0 } else { era_pack.rows };
    let bottom_min = if area.height >= 30 { 8 } else { 5 };
    let fixed = 4 + era_rows + bottom_min;
    let budget = area
        .height
        .saturating_sub(fixed)
        .max(lanes.len() as u16)
        .min(MAX_LANE_ROWS * lanes.len().max(1) as u16);
    let heights = fit_lanes(&mut lanes, budget, columns);
    let top_h = (4 + era_rows + heights.iter().sum::<u16>()).min(area.height);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title(app, &window), theme.title()))
        .title_bottom(Span::styled(LEGEND, theme.dim()));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let mut drawn = Drawn {
        window,
        x: inner.x + label_w,
        axis: (inner.y, inner.y + 2),
        ..Drawn::default()
    };
    if inner.height < 3 || inner.width <= label_w {
        // No room for an axis and a lane: the block and its title say where the view is.
        view.timeline = drawn;
        return;
    }
    let buf = frame.buffer_mut();
    axis(buf, inner, label_w, &window, theme);
    let mut y = inner.y + 2;
    let grid_x = inner.x + label_w;
    if era_rows > 0 {
        draw_eras(
            buf,
            Rect::new(grid_x, y, columns, era_rows).intersection(inner),
            t,
            &eras,
            &era_pack,
            theme,
        );
        y += era_rows;
    }
    // Bands and the today line first: marks and labels are drawn over them.
    let lanes_h: u16 = heights.iter().sum();
    let grid = Rect::new(grid_x, y, columns, lanes_h).intersection(inner);
    era_bands(buf, grid, t, &lanes, &heights, &window, theme);
    if let Some(today) = app.lanes().today() {
        today_line(buf, grid, &window, today, theme);
    }
    for (lane, &rows) in lanes.iter().zip(&heights) {
        let rect = Rect::new(inner.x, y, inner.width, rows).intersection(inner);
        draw_lane(buf, rect, label_w, lane, app, theme, &mut drawn);
        y += rows;
    }
    drawn.frame = view.timeline.frame.wrapping_add(1);
    drawn.selected = app.selected();
    view.timeline = drawn;
    if bottom.height >= 3 {
        lower(frame, bottom, app, view, &shown, theme);
    }
}

/// The block's title: the zoom and the stretch of time in view.
fn title(app: &App, window: &Window) -> String {
    let (from, to) = window.days();
    let day = |d: i32| NaiveDate::from_num_days_from_ce_opt(d).map(|d| d.format("%-d %b %Y"));
    let span = match (day(from), day(to)) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => String::new(),
    };
    let zoom = match app.lanes().zoom() {
        Zoom::Fit => "fit-all".to_string(),
        z => z.name().to_string(),
    };
    format!(" Timeline · zoom: {zoom} · {span} ")
}

fn lane_label_width(t: &Timeline) -> u16 {
    let widest = t.lanes.iter().map(|l| text::width(l)).max().unwrap_or(4);
    widest.clamp(5, 14) as u16 + 1
}

/// The events in view, lane by lane (events without an actor in a lane of their own, last),
/// as items to pack — rank 0 the selected event, then by importance — thinned where a
/// column holds more than a lane can label (see [`pack::thin`]).
fn lane_items(app: &App, shown: &[usize], window: &Window) -> Vec<Lane> {
    let t = app.timeline();
    let days = t.days();
    let selected = app.selected();
    let mut lanes: Vec<Lane> = (0..=t.lanes.len())
        .map(|l| Lane {
            name: t
                .lanes
                .get(l)
                .cloned()
                .unwrap_or_else(|| "(no actor)".into()),
            colour: (l < t.lanes.len()).then_some(l),
            events: Vec::new(),
            items: Vec::new(),
            counts: Vec::new(),
            packing: Packing::default(),
        })
        .collect();
    let none = t.lanes.len();
    let mut thinners: Vec<Thinner> = (0..=none)
        .map(|_| Thinner::new(MAX_LANE_ROWS as usize, window.columns))
        .collect();
    for (n, &i) in shown.iter().enumerate() {
        let look = days.look(i);
        let lane = look.lane.map_or(none, |l| (l as usize).min(none));
        let rank = if Some(i) == selected {
            0
        } else {
            4 - look.importance.clamp(1, 3)
        };
        let item = Item {
            start: window.column_of(days.first(i)),
            end: window.column_of(days.last(i)),
            label: u16::from(look.title_bytes).min(40),
            rank,
        };
        thinners[lane].push(n, item);
    }
    for (lane, thinner) in lanes.iter_mut().zip(thinners) {
        for kept in thinner.finish() {
            lane.events.push(shown[kept.first]);
            lane.items.push(kept.item);
            lane.counts.push(kept.count);
        }
    }
    if lanes[none].events.is_empty() {
        lanes.pop();
    }
    lanes
}

/// Packs every lane into the rows it needs, then again into the rows it gets when they do
/// not all fit in `budget`. Returns each lane's height.
/// A lane with more events than this per column is taken to need every row it may have,
/// without packing it to find out (a view of a whole big log would pack it twice).
const CROWDED: usize = 2;

fn fit_lanes(lanes: &mut [Lane], budget: u16, columns: u16) -> Vec<u16> {
    let cap = budget.min(MAX_LANE_ROWS);
    let crowded = |lane: &Lane| lane.items.len() > CROWDED * columns as usize;
    let mut packed = vec![false; lanes.len()];
    for (lane, packed) in lanes.iter_mut().zip(&mut packed) {
        if !crowded(lane) {
            lane.packing = pack::pack(&lane.items, cap, columns);
            *packed = true;
        }
    }
    let needs: Vec<u16> = lanes
        .iter()
        .zip(&packed)
        .map(|(l, &p)| if p { l.packing.rows } else { cap })
        .collect();
    let heights = pack::allocate(&needs, budget);
    for ((lane, &p), (&need, &rows)) in lanes
        .iter_mut()
        .zip(&packed)
        .zip(needs.iter().zip(&heights))
    {
        if !p || rows < need {
            lane.packing = pack::pack(&lane.items, rows, columns);
        }
    }
    heights
}

/// Two rows of axis: years (or months with their year, when months are wide) and, under
/// them, the finer unit that fits: quarters, months, week starts or days.
fn axis(buf: &mut Buffer, inner: Rect, label_w: u16, window: &Window, theme: &Theme) {
    let date = |c: u16| NaiveDate::from_num_days_from_ce_opt(window.day_at(c));
    let cols_per_day = 1.0 / window.per_col;
    let wide_months = cols_per_day * 30.0 >= 10.0;
    // Each row: the unit a day falls in (compared column to column), and its label (made
    // only where a unit starts).
    let context = |d: NaiveDate| -> Option<i32> {
        Some(if wide_months {
            d.year() * 12 + d.month0() as i32
        } else {
            d.year()
        })
    };
    let context_label = |d: NaiveDate| -> String {
        if wide_months {
            format!("{} {}", &month_name(d.month())[..3], d.year())
        } else {
            d.year().to_string()
        }
    };
    let fine = |d: NaiveDate| -> Option<i32> {
        let day = d.num_days_from_ce();
        if cols_per_day >= 3.0 {
            Some(day)
        } else if cols_per_day * 7.0 >= 4.0 {
            Some(day - d.weekday().num_days_from_monday() as i32)
        } else if cols_per_day * 30.0 >= 4.0 {
            Some(d.month() as i32)
        } else if cols_per_day * 91.0 >= 3.0 {
            Some(d.month0() as i32 / 3)
        } else {
            None
        }
    };
    let fine_label = |d: NaiveDate| -> String {
        if cols_per_day >= 7.0 {
            d.format("%a %-d").to_string()
        } else if cols_per_day * 30.0 >= 4.0 && cols_per_day * 7.0 < 4.0 {
            month_name(d.month())[..3].to_string()
        } else if cols_per_day * 30.0 < 4.0 {
            format!("Q{}", d.month0() / 3 + 1)
        } else if cols_per_day >= 3.0 {
            d.day().to_string()
        } else {
            // A week is labelled with its Monday, which a column may have stepped over.
            let monday = d.num_days_from_ce() - d.weekday().num_days_from_monday() as i32;
            NaiveDate::from_num_days_from_ce_opt(monday)
                .map_or_else(String::new, |m| m.day().to_string())
        }
    };
    let x = inner.x + label_w;
    let columns = window.columns.min(inner.width.saturating_sub(label_w));
    // Where each unit starts in view, per row; the first column carries the context.
    let mut marks: [Vec<(u16, String)>; 2] = [Vec::new(), Vec::new()];
    let mut previous: [Option<i32>; 2] = [None, None];
    for c in 0..columns {
        let Some(d) = date(c) else { continue };
        for (r, unit) in [context(d), fine(d)].into_iter().enumerate() {
            let Some(unit) = unit else { continue };
            if previous[r] != Some(unit) && (c > 0 || r == 0) {
                let label = if r == 0 {
                    context_label(d)
                } else {
                    fine_label(d)
                };
                marks[r].push((c, label));
            }
            previous[r] = Some(unit);
        }
    }
    for (r, row) in marks.iter_mut().enumerate() {
        // The context at the first column gives way to a unit starting right after it.
        if let [(0, first), (next, _), ..] = row.as_slice()
            && text::width(first) as u16 + 1 > *next
        {
            row.remove(0);
        }
        let mut free_from = 0;
        for (c, label) in row.iter() {
            let w = text::width(label) as u16;
            if *c >= free_from && c + w <= columns {
                buf.set_string(x + c, inner.y + r as u16, label, theme.dim());
                free_from = c + w + 1;
            }
        }
    }
}

/// The eras in view as items (their title as the label), with their index.
fn era_items(t: &Timeline, window: &Window) -> Vec<(usize, Item)> {
    let (from, to) = window.days();
    t.eras
        .iter()
        .enumerate()
        .filter(|(_, e)| e.last_day() >= from && e.first_day() <= to)
        .map(|(i, e)| {
            let item = Item {
                start: window.column_of(e.first_day()),
                end: window.column_of(e.last_day()),
                label: text::width(&e.title).min(60) as u16 + 2,
                rank: 1,
            };
            (i, item)
        })
        .collect()
}

/// The eras' own rows: `├─ title ─┤` over the era's columns.
fn draw_eras(
    buf: &mut Buffer,
    rect: Rect,
    t: &Timeline,
    eras: &[(usize, Item)],
    packing: &Packing,
    theme: &Theme,
) {
    // Eras without room for their title first, so that titles are drawn over their lines.
    let by_label = |labelled: bool| {
        eras.iter()
            .zip(&packing.places)
            .filter_map(|(e, p)| p.map(|p| (e, p)))
            .filter(move |(_, p)| (p.label > 0) == labelled)
    };
    for ((era, item), place) in by_label(false).chain(by_label(true)) {
        let y = rect.y + place.row;
        if y >= rect.bottom() {
            continue;
        }
        let style = era_style(t, *era, theme);
        for c in place.column..=place.end {
            let glyph = match c {
                c if c == place.column && item.start >= 0 => "├",
                c if c == place.end && item.end < i32::from(rect.width) => "┤",
                _ => "─",
            };
            buf.set_string(rect.x + c, y, glyph, style);
        }
        if place.label > 2 {
            let title = format!(
                " {} ",
                text::truncate(
                    &text::sanitize(&t.eras[*era].title),
                    place.label as usize - 2
                )
            );
            let room = rect.width.saturating_sub(place.column + 1);
            buf.set_stringn(rect.x + place.column + 1, y, title, room as usize, style);
        }
    }
}

fn era_style(t: &Timeline, era: usize, theme: &Theme) -> Style {
    match t.eras.get(era).and_then(|e| e.colour) {
        Some(colour) => theme.colour(colour),
        None => theme.accent(),
    }
}

/// Eras as bands behind the lanes: a tinted background with colour, and without it a dotted
/// edge where an era begins and ends.
fn era_bands(
    buf: &mut Buffer,
    grid: Rect,
    t: &Timeline,
    lanes: &[Lane],
    heights: &[u16],
    window: &Window,
    theme: &Theme,
) {
    let (from, to) = window.days();
    if grid.width == 0 || grid.height == 0 {
        return;
    }
    for (n, era) in t.eras.iter().enumerate() {
        if era.last_day() < from || era.first_day() > to {
            continue;
        }
        let c0 = window.column_of(era.first_day()).max(0) as u16;
        let c1 = window
            .column_of(era.last_day())
            .min(i32::from(grid.width) - 1) as u16;
        let mut y = grid.y;
        for (lane, &h) in lanes.iter().zip(heights) {
            let inside = era.lane.is_none() || era.lane == lane.colour;
            for row in y..(y + h).min(grid.bottom()) {
                if !inside {
                    continue;
                }
                for c in c0..=c1 {
                    let cell = &mut buf[(grid.x + c, row)];
                    if theme.color {
                        cell.set_bg(theme.band(n));
                    } else if c == c0 || c == c1 {
                        cell.set_symbol("┊").set_style(theme.dim());
                    }
                }
            }
            y += h;
        }
    }
}

/// A `│` down the today column (marks and labels are drawn over it).
fn today_line(buf: &mut Buffer, grid: Rect, window: &Window, today: NaiveDate, theme: &Theme) {
    let c = window.column_of(today.num_days_from_ce());
    if c < 0 || c >= i32::from(grid.width) {
        return;
    }
    for y in grid.y..grid.bottom() {
        buf[(grid.x + c as u16, y)]
            .set_symbol("│")
            .set_style(theme.accent());
    }
}

/// One lane: its name (and `+N` events without a label), its marks, bars and labels.
fn draw_lane(
    buf: &mut Buffer,
    rect: Rect,
    label_w: u16,
    lane: &Lane,
    app: &App,
    theme: &Theme,
    drawn: &mut Drawn,
) {
    if rect.height == 0 {
        return;
    }
    let lane_style = lane.colour.map_or(theme.dim(), |l| theme.lane(l));
    let name = text::truncate(&text::sanitize(&lane.name), label_w as usize - 1);
    buf.set_string(rect.x, rect.y, &name, lane_style.patch(theme.title()));
    let more: u32 = lane
        .packing
        .places
        .iter()
        .zip(&lane.counts)
        .filter(|(place, _)| place.is_none_or(|p| p.label == 0))
        .map(|(_, &n)| n)
        .sum();
    if more > 0 {
        let count = format!("+{more}");
        let (x, y) = if rect.height > 1 {
            (rect.x, rect.y + 1)
        } else {
            let w = (count.len() as u16).min(label_w - 1);
            (rect.x + label_w - 1 - w, rect.y)
        };
        buf.set_stringn(x, y, count, label_w as usize - 1, theme.dim());
    }
    let grid_x = rect.x + label_w;
    let days = app.timeline().days();
    // Marks first, labelled events over them.
    for labelled in [false, true] {
        for (k, place) in lane.packing.places.iter().enumerate() {
            let Some(place) = place else { continue };
            if (place.label > 0) != labelled || place.row >= rect.height {
                continue;
            }
            let event = lane.events[k];
            let look = days.look(event);
            let selected = Some(event) == app.selected();
            let y = rect.y + place.row;
            let style = if selected {
                theme.selected()
            } else {
                lane_style
            };
            let bar = if look.vague { "┄" } else { "━" };
            for c in place.column + 1..=place.end {
                let cell = &mut buf[(grid_x + c, y)];
                if labelled || blank(cell.symbol()) {
                    cell.set_symbol(bar).set_style(style);
                }
            }
            let cell = &mut buf[(grid_x + place.column, y)];
            let mark = match () {
                _ if selected => "◆",
                _ if lane.items[k].start < 0 => "◀",
                _ if !labelled
                    && (lane.counts[k] > 1 || !blank(cell.symbol()) && cell.symbol() != bar) =>
                {
                    "◉"
                }
                _ if look.vague => "○",
                _ => "●",
            };
            cell.set_symbol(mark).set_style(style);
            let mut last = place.end;
            if labelled {
                let event_ref = &app.timeline().events[event];
                let title =
                    text::truncate(&text::sanitize(event_ref.title()), place.label as usize);
                let label_style = match (selected, look.importance) {
                    (true, _) => theme.selected(),
                    (false, 3) => Style::new().add_modifier(Modifier::BOLD),
                    (false, 1) => theme.dim(),
                    _ => Style::new(),
                };
                let x = grid_x + place.column + 1;
                let (end_x, _) = buf.set_stringn(x, y, &title, place.label as usize, label_style);
                drawn.labels.push((y, x, end_x, event, place.label));
                // The bar goes on under its title: underline the title where the bar runs.
                let bar_end = (grid_x + place.end + 1).min(end_x);
                for bx in x..bar_end {
                    let cell = &mut buf[(bx, y)];
                    cell.modifier.insert(Modifier::UNDERLINED);
                }
                last = last.max(end_x.saturating_sub(grid_x + 1));
            }
            drawn
                .marks
                .push((y, grid_x + place.column, grid_x + last, event));
        }
    }
}

/// A cell with nothing of the lane's own in it (at most a band's edge or the today line).
fn blank(symbol: &str) -> bool {
    matches!(symbol, " " | "┊" | "│")
}

/// Under the lanes: the events in view as a list that follows the view, and the selected
/// event's detail beside it when the terminal is wide.
fn lower(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    view: &mut ViewState,
    shown: &[usize],
    theme: &Theme,
) {
    let (list_area, detail_area) = if area.width >= WIDE {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(area);
        (a, Some(b))
    } else {
        (area, None)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(false))
        .title(Span::styled(
            format!(" In view: {} ", text::count(shown.len(), "event")),
            theme.title(),
        ));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let height = inner.height as usize;
    let selected = app.selected();
    let at = selected.and_then(|s| shown.binary_search(&s).ok());
    let first = at.map_or(0, |p| p.saturating_sub(height / 2));
    let first = first.min(shown.len().saturating_sub(height));
    let width = inner.width as usize;
    let lines: Vec<Line> = shown[first..]
        .iter()
        .take(height)
        .map(|&i| window_row(app, i, Some(i) == selected, width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(d) = detail_area {
        detail::draw(frame, d, app, view, theme);
    }
}

fn window_row(
    app: &App,
    event: usize,
    selected: bool,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let t = app.timeline();
    let e = &t.events[event];
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    let date = Span::styled(
        format!("{:<10} ", e.date.to_string()),
        if selected { base } else { theme.dim() },
    );
    let title = text::truncate(&text::sanitize(e.title()), width.saturating_sub(13));
    let mut spans = vec![
        date,
        list::marker(theme, t, e).patch_style(base),
        Span::styled(format!(" {title}"), base),
    ];
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    if selected && used < width {
        spans.push(Span::styled(" ".repeat(width - used), base));
    }
    Line::from(spans)
}
