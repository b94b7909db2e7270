//! Colours and emphasis: a built-in theme (`dark`, `light`, `high-contrast`), colours set per
//! role in the config, lane colours from the log, and a monochrome variant for `NO_COLOR`
//! that stays readable (selection by reverse video, matches by underline). `NO_COLOR` wins
//! over everything.

use ratatui::style::{Color, Modifier, Style};

/// A built-in set of colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// For a dark terminal background (the default).
    #[default]
    Dark,
    /// For a light terminal background.
    Light,
    /// Bright colours and bold text, for low vision or a washed-out screen.
    HighContrast,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What a colour is for, as a config's `[colours]` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The background of the selected row.
    Selected,
    /// Secondary text: dates, dividers, unfocused borders.
    Dim,
    /// Headings and the focused border.
    Accent,
    /// Letters a search matched.
    Matched,
    /// The background of an error line.
    Error,
    /// Warnings and notes.
    Warning,
    /// Keys in the footer and the help.
    Key,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Selected,
        Role::Dim,
        Role::Accent,
        Role::Matched,
        Role::Error,
        Role::Warning,
        Role::Key,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Selected => "selected",
            Role::Dim => "dim",
            Role::Accent => "accent",
            Role::Matched => "matched",
            Role::Error => "error",
            Role::Warning => "warning",
            Role::Key => "key",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// How many lane colours a theme cycles through.
const LANES: usize = 8;

/// The colour of each role, and of the lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Palette {
    roles: [Color; 7],
    /// Text on the selected row, when the theme sets it.
    selected_text: Option<Color>,
    lanes: [Color; LANES],
    /// How many of `lanes` are in use.
    lane_count: usize,
    /// Bold everywhere emphasis is wanted (high contrast).
    bold: bool,
}

impl Palette {
    fn of(name: ThemeName) -> Self {
        use Color::*;
        let six = |l: [Color; 6]| {
            let mut lanes = [Reset; LANES];
            lanes[..6].copy_from_slice(&l);
            lanes
        };
        // Order: selected, dim, accent, matched, error, warning, key.
        match name {
            ThemeName::Dark => Self {
                roles: [DarkGray, DarkGray, Cyan, Yellow, Red, Yellow, Cyan],
                selected_text: None,
                lanes: six([Blue, Red, Yellow, Green, Magenta, Cyan]),
                lane_count: 6,
                bold: false,
            },
            ThemeName::Light => Self {
                roles: [Gray, DarkGray, Blue, Magenta, Red, Indexed(130), Blue],
                selected_text: Some(Black),
                lanes: six([Blue, Red, Indexed(130), Green, Magenta, Indexed(30)]),
                lane_count: 6,
                bold: false,
            },
            ThemeName::HighContrast => Self {
                roles: [
                    Yellow,
                    Gray,
                    LightCyan,
                    LightYellow,
                    Red,
                    LightYellow,
                    LightCyan,
                ],
                selected_text: Some(Black),
                lanes: six([
                    LightBlue,
                    LightRed,
                    LightYellow,
                    LightGreen,
                    LightMagenta,
                    LightCyan,
                ]),
                lane_count: 6,
                bold: true,
            },
        }
    }

    fn role(&self, role: Role) -> Color {
        self.roles[role as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    palette: Palette,
}

impl Default for Theme {
    /// The dark theme, in colour.
    fn default() -> Self {
        Self::new(ThemeName::Dark, &[], false)
    }
}

impl Theme {
    /// The dark theme in colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Self {
        Self::new(ThemeName::Dark, &[], no_color())
    }

    /// A built-in theme with some roles' colours replaced; monochrome when `no_color`.
    pub fn new(name: ThemeName, colours: &[(Role, Color)], no_color: bool) -> Self {
        let mut palette = Palette::of(name);
        for &(role, colour) in colours {
            palette.roles[role as usize] = colour;
        }
        Self {
            color: !no_color,
            palette,
        }
    }

    /// The colour a role has in this theme (in colour; `NO_COLOR` aside).
    pub fn role_colour(&self, role: Role) -> Color {
        self.palette.role(role)
    }

    pub fn mono() -> Self {
        Self::new(ThemeName::Dark, &[], true)
    }

    /// This theme with the log's own lane colours (`[timeline] lane_colours`): lane `i` takes
    /// `colours[i]` where it is set, and the theme's colours in turn after them.
    pub fn with_lanes(mut self, colours: &[Option<Color>]) -> Self {
        if colours.is_empty() {
            return self;
        }
        let base = self.palette;
        let count = colours.len().clamp(1, LANES);
        for (i, colour) in colours.iter().take(count).enumerate() {
            self.palette.lanes[i] = colour.unwrap_or(base.lanes[i % base.lane_count]);
        }
        self.palette.lane_count = count;
        self
    }

    fn pick(&self, colored: Style, mono: Style) -> Style {
        if self.color { colored } else { mono }
    }

    fn emphasis(&self, style: Style) -> Style {
        if self.palette.bold {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    /// The lane's marker colour.
    pub fn lane(&self, lane: usize) -> Style {
        let p = &self.palette;
        self.pick(Style::new().fg(p.lanes[lane % p.lane_count]), Style::new())
    }

    pub fn selected(&self) -> Style {
        let mut style = Style::new()
            .bg(self.palette.role(Role::Selected))
            .add_modifier(Modifier::BOLD);
        if let Some(text) = self.palette.selected_text {
            style = style.fg(text);
        }
        self.pick(style, Style::new().add_modifier(Modifier::REVERSED))
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(self.palette.role(Role::Dim)),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.pick(
            self.emphasis(Style::new().fg(self.palette.role(Role::Accent))),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn matched(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.role(Role::Matched))
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(self.palette.role(Role::Error))
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            self.emphasis(Style::new().fg(self.palette.role(Role::Warning))),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.role(Role::Key))
                .add_modifier(Modifier::BOLD),
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
            (true, true) => self.emphasis(Style::new().fg(self.palette.role(Role::Accent))),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }
}

/// Whether `NO_COLOR` is set to anything non-empty.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dark_theme_keeps_the_colours_annals_always_had() {
        let t = Theme::new(ThemeName::Dark, &[], false);
        assert_eq!(t.accent(), Style::new().fg(Color::Cyan));
        assert_eq!(t.lane(0), Style::new().fg(Color::Blue));
        assert_eq!(t.lane(7), Style::new().fg(Color::Red));
        assert_eq!(
            t.selected(),
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        );
    }

    #[test]
    fn a_role_set_in_the_config_replaces_the_themes_colour() {
        let t = Theme::new(ThemeName::Light, &[(Role::Accent, Color::Green)], false);
        assert_eq!(t.accent(), Style::new().fg(Color::Green));
        assert_eq!(t.border(true), Style::new().fg(Color::Green));
        assert_eq!(t.dim(), Style::new().fg(Color::DarkGray));
    }

    #[test]
    fn no_color_wins_over_themes_roles_and_lane_colours() {
        let t = Theme::new(
            ThemeName::HighContrast,
            &[(Role::Matched, Color::Red)],
            true,
        )
        .with_lanes(&[Some(Color::Green)]);
        assert_eq!(t.lane(0), Style::new());
        assert_eq!(
            t.matched(),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        );
        assert_eq!(t.selected(), Style::new().add_modifier(Modifier::REVERSED));
    }

    #[test]
    fn lane_colours_from_the_log_take_their_lanes_and_the_rest_keep_the_themes() {
        let t = Theme::new(ThemeName::Dark, &[], false).with_lanes(&[
            Some(Color::Green),
            None,
            Some(Color::Rgb(1, 2, 3)),
        ]);
        assert_eq!(t.lane(0), Style::new().fg(Color::Green));
        assert_eq!(t.lane(1), Style::new().fg(Color::Red));
        assert_eq!(t.lane(2), Style::new().fg(Color::Rgb(1, 2, 3)));
        assert_eq!(
            t.lane(3),
            Style::new().fg(Color::Green),
            "cycles through the three"
        );
    }

    #[test]
    fn every_theme_and_role_has_a_name_that_reads_back() {
        for t in ThemeName::ALL {
            assert_eq!(ThemeName::from_name(t.name()), Some(t));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_name(r.name()), Some(r));
        }
    }
}
