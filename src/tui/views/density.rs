//! The density strip: events per month across the whole log, filtered events and the
//! selected one marked, with the years underneath.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ViewState;
use super::theme::Theme;
use crate::model::month_of_index;
use crate::tui::app::App;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// For each of `columns` columns, the range of month buckets (of `months`) it covers.
fn buckets(months: usize, columns: usize) -> Vec<(usize, usize)> {
    if months == 0 || columns == 0 {
        return Vec::new();
    }
    if months <= columns {
        // Each month gets one or more columns.
        (0..columns)
            .map(|c| {
                let m = c * months / columns;
                (m, m + 1)
            })
            .collect()
    } else {
        (0..columns)
            .map(|c| {
                (
                    c * months / columns,
                    ((c + 1) * months / columns).max(c * months / columns + 1),
                )
            })
            .collect()
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &mut ViewState, theme: &Theme) {
    let Some((first, _)) = app.timeline().month_span() else {
        return;
    };
    let width = area.width as usize;
    let cols = buckets(app.log().density().len(), width);
    view.strip = area;
    view.strip_months = cols.iter().map(|&(a, _)| first + a as i32).collect();
    let sum = |v: &[u32], (a, b): (usize, usize)| v[a..b.min(v.len())].iter().sum::<u32>();
    let totals: Vec<u32> = cols.iter().map(|&r| sum(app.log().density(), r)).collect();
    let filtered: Vec<u32> = cols
        .iter()
        .map(|&r| sum(app.search().density(), r))
        .collect();
    let max = totals.iter().copied().max().unwrap_or(1).max(1);
    let selected_month = app
        .selected()
        .map(|i| (app.timeline().events[i].date.month_index() - first) as usize);
    let level = |n: u32| -> char {
        if n == 0 {
            ' '
        } else {
            BARS[((n as usize * (BARS.len() - 1)).div_ceil(max as usize)).min(BARS.len() - 1)]
        }
    };
    let mut bars: Vec<Span> = Vec::with_capacity(width);
    for (c, &(a, b)) in cols.iter().enumerate() {
        let is_selected = selected_month.is_some_and(|m| m >= a && m < b);
        let (glyph, style) = if filtered[c] > 0 {
            (level(filtered[c]).max('▁'), theme.accent())
        } else {
            (level(totals[c]), theme.dim())
        };
        let (glyph, style) = if is_selected {
            (if glyph == ' ' { '▁' } else { glyph }, theme.selected())
        } else {
            (
                if glyph == ' ' && totals[c] == 0 {
                    '·'
                } else {
                    glyph
                },
                style,
            )
        };
        let style = if glyph == '·' { theme.dim() } else { style };
        bars.push(Span::styled(glyph.to_string(), style));
    }
    let axis = year_axis(&cols, first, width);
    let lines = vec![Line::from(bars), Line::styled(axis, theme.dim())];
    frame.render_widget(Paragraph::new(lines).style(Style::new()), area);
}

/// The years under the strip: each year's label where the year starts, or a little later
/// if the label before it is still there, as long as it fits within its year; a year too
/// short for its label (the first, partly) gives way to the next.
fn year_axis(cols: &[(usize, usize)], first: i32, width: usize) -> String {
    let year_of = |c: usize| month_of_index(first + cols[c].0 as i32).0;
    let mut starts: Vec<usize> = (0..cols.len())
        .filter(|&c| c == 0 || year_of(c) != year_of(c - 1))
        .collect();
    starts.push(cols.len());
    let mut axis = vec![' '; width];
    let mut free = 0;
    for span in starts.windows(2) {
        let (start, end) = (span[0], span[1].min(width));
        let label = year_of(start).to_string();
        let at = start.max(free);
        if at + label.len() <= end {
            for (k, ch) in label.chars().enumerate() {
                axis[at + k] = ch;
            }
            free = at + label.len() + 1;
        }
    }
    axis.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::{buckets, year_axis};

    #[test]
    fn every_whole_year_is_labelled_even_narrow() {
        // October 2022 to June 2026 (45 months) in 45, 60 and 120 columns.
        let first = crate::model::Date::parse("2022-10").unwrap().month_index();
        for width in [45, 60, 120] {
            let axis = year_axis(&buckets(45, width), first, width);
            for year in ["2023", "2024", "2025", "2026"] {
                assert!(axis.contains(year), "{year} missing at {width}: {axis:?}");
            }
        }
    }

    #[test]
    fn buckets_cover_every_month_once_when_compressed() {
        let b = buckets(50, 20);
        assert_eq!(b.first().unwrap().0, 0);
        assert_eq!(b.last().unwrap().1, 50);
        for w in b.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
    }

    #[test]
    fn buckets_spread_few_months_over_the_width() {
        let b = buckets(3, 9);
        assert_eq!(b.len(), 9);
        assert_eq!(b[0], (0, 1));
        assert_eq!(b[8], (2, 3));
    }
}
