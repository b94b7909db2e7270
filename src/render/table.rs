//! Aligned plain-text tables for the listing commands (`actors`, `tags`).

use crate::text;

/// `header` and `rows` as lines of columns two spaces apart, padded by display width; the
/// last column (a count) is right-aligned. The cells must already be sanitised.
pub fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let header = header.map(String::from);
    let mut widths = [0usize; N];
    for row in std::iter::once(&header).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(text::width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (n, (cell, w)) in row.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w - text::width(cell));
            if n + 1 == N {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_by_display_width_and_the_count_is_right_aligned() {
        let rows = [
            ["中文".to_string(), "7".to_string()],
            ["chips".to_string(), "12".to_string()],
        ];
        assert_eq!(
            table(["TAG", "EVENTS"], &rows),
            "TAG    EVENTS\n中文        7\nchips      12\n"
        );
    }
}
