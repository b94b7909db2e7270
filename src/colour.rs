//! Colour names as a config file or a log writes them (`red`, `light-blue`, `#ff8800`,
//! `208`), with the names a typo is compared to.

use ratatui::style::Color;

/// The named colours, for "did you mean": the same names an era's colour takes.
pub const NAMES: &[&str] = &crate::model::COLOUR_NAMES;

/// A colour: a name (`light-blue`), `#rrggbb`, or a 256-colour index (`208`).
pub fn parse(text: &str) -> Option<Color> {
    text.parse().ok()
}

/// What to tell someone whose colour did not parse.
pub fn hint(text: &str) -> String {
    match crate::text::nearest(text, NAMES.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "write a name ({}), `#rrggbb` or a 256-colour number",
            NAMES.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hex_and_indices_parse_and_a_typo_gets_a_hint() {
        assert_eq!(parse("light-blue"), Some(Color::LightBlue));
        assert_eq!(parse("#ff8800"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(parse("208"), Some(Color::Indexed(208)));
        assert_eq!(parse("blu"), None);
        assert_eq!(hint("blu"), "did you mean `blue`?");
        for name in NAMES {
            assert!(parse(name).is_some(), "{name}");
        }
    }
}
