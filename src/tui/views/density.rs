//! The density strip: events per month across the whole log, filtered events and the
//! selected one marked, with the years underneath.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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

/// For each column of a strip `width` columns wide, the first day of the month drawn there.
pub fn days(app: &App, width: u16) -> Vec<Option<i32>> {
    let Some((first, _)) = app.timeline.month_span() else {
        return Vec::new();
    };
    buckets(app.density.len(), width as usize)
        .into_iter()
        .map(|(a, _)| {
            let (year, month) = month_of_index(first + a as i32);
            chrono::NaiveDate::from_ymd_opt(year, month, 1)
                .map(|d| chrono::Datelike::num_days_from_ce(&d))
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some((first, _)) = app.timeline.month_span() else {
        return;
    };
    let width = area.width as usize;
    let cols = buckets(app.density.len(), width);
    let sum = |v: &[u32], (a, b): (usize, usize)| v[a..b.min(v.len())].iter().sum::<u32>();
    let totals: Vec<u32> = cols.iter().map(|&r| sum(&app.density, r)).collect();
    let filtered: Vec<u32> = cols
        .iter()
        .map(|&r| sum(&app.density_filtered, r))
        .collect();
    let max = totals.iter().copied().max().unwrap_or(1).max(1);
    let selected_month = app
        .selected()
        .map(|i| (app.timeline.events[i].date.month_index() - first) as usize);
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
    // Year labels where a year starts (and the first column).
    let mut axis = vec![' '; width];
    let mut last_end = 0usize;
    for (c, &(a, _)) in cols.iter().enumerate() {
        let (year, _) = month_of_index(first + a as i32);
        let starts_year = c == 0 || {
            let (prev_year, _) = month_of_index(first + cols[c - 1].0 as i32);
            prev_year != year
        };
        if starts_year && (c == 0 || c > last_end) {
            let label = year.to_string();
            if c + label.len() <= width {
                for (k, ch) in label.chars().enumerate() {
                    axis[c + k] = ch;
                }
                last_end = c + label.len();
            }
        }
    }
    let lines = vec![
        Line::from(bars),
        Line::styled(axis.into_iter().collect::<String>(), theme.dim()),
    ];
    frame.render_widget(Paragraph::new(lines).style(Style::new()), area);
}

#[cfg(test)]
mod tests {
    use super::buckets;

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
