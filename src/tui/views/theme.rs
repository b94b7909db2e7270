//! Colours and emphasis, with a monochrome variant for `NO_COLOR` that stays readable
//! (selection by reverse video, matches by underline).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

const LANE_COLORS: [Color; 6] = [
    Color::Blue,
    Color::Red,
    Color::Yellow,
    Color::Green,
    Color::Magenta,
    Color::Cyan,
];

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    pub fn mono() -> Self {
        Self { color: false }
    }

    fn pick(&self, colored: Style, mono: Style) -> Style {
        if self.color { colored } else { mono }
    }

    /// The lane's marker colour.
    pub fn lane(&self, lane: usize) -> Style {
        self.pick(
            Style::new().fg(LANE_COLORS[lane % LANE_COLORS.len()]),
            Style::new(),
        )
    }

    pub fn selected(&self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn matched(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A colour a log gives (an era's), as text in that colour; plain without colour.
    pub fn colour(&self, colour: crate::model::Colour) -> Style {
        use crate::model::Colour::{Named, Rgb};
        const NAMED: [Color; 16] = [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ];
        let color = match colour {
            Named(i) => NAMED.get(i).copied().unwrap_or(Color::Gray),
            Rgb(r, g, b) => Color::Rgb(r, g, b),
        };
        self.pick(Style::new().fg(color), Style::new())
    }

    /// The background of the `n`th era's band: two dark greys in turn, so that eras side by
    /// side are told apart.
    pub fn band(&self, n: usize) -> Color {
        if n.is_multiple_of(2) {
            Color::Indexed(235)
        } else {
            Color::Indexed(237)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }
}
