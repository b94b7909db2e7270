//! Eras: named stretches of time (an administration, a truce) drawn as bands behind the
//! events, and the colours a curator may give them.

use super::{Date, OwnedSource, Source};

/// A named stretch of time from `date` to `end`, across every lane or in one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Era {
    pub title: String,
    pub date: Date,
    pub end: Date,
    /// Index into [`super::Timeline::lanes`], or `None` for an era across all lanes.
    pub lane: Option<usize>,
    pub colour: Option<Colour>,
    pub sources: Vec<OwnedSource>,
}

impl Era {
    pub fn sources(&self) -> impl ExactSizeIterator<Item = Source<'_>> {
        self.sources.iter().map(OwnedSource::view)
    }

    /// The first day the era covers (day number).
    pub fn first_day(&self) -> i32 {
        self.date.first_day()
    }

    /// The last day the era covers.
    pub fn last_day(&self) -> i32 {
        self.end.last_day()
    }
}

/// The colour names an era may be given, as a terminal has them.
pub const COLOUR_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

/// An era's colour: one of [`COLOUR_NAMES`] (by position) or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Colour {
    Named(usize),
    Rgb(u8, u8, u8),
}

impl Colour {
    /// Reads a colour name (any case; `grey` for `gray`) or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_ascii_lowercase().replace("grey", "gray");
        if let Some(hex) = lower.strip_prefix('#') {
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            return Some(Colour::Rgb(byte(0)?, byte(2)?, byte(4)?));
        }
        COLOUR_NAMES
            .iter()
            .position(|n| *n == lower)
            .map(Colour::Named)
    }

    /// The name as written in a log: `light-blue` or `#1f77b4`.
    pub fn name(self) -> String {
        match self {
            Colour::Named(i) => COLOUR_NAMES.get(i).copied().unwrap_or("gray").to_string(),
            Colour::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_names_or_six_hex_digits() {
        assert_eq!(Colour::parse("Blue"), Some(Colour::Named(4)));
        assert_eq!(Colour::parse("grey"), Colour::parse("gray"));
        assert_eq!(
            Colour::parse("#1F77b4"),
            Some(Colour::Rgb(0x1f, 0x77, 0xb4))
        );
        for bad in ["", "#123", "#12345g", "bleu", "#1234567", "rgb(1,2,3)"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
        for name in COLOUR_NAMES {
            assert_eq!(Colour::parse(name).map(Colour::name).as_deref(), Some(name));
        }
    }
}
