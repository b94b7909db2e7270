//! The jump-to-date prompt (`:`): what a person may type, read into a day. Pure: "today"
//! comes in from the caller, so tests never read the clock.

use chrono::NaiveDate;

use crate::model::Date;
use crate::model::relative::{Bound, RelativeError, resolve};

/// The prompt's text and why it does not read, if it does not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    pub error: Option<String>,
}

/// What the prompt takes, for its hint line.
pub const FORMS: &str = "2025, 2025-05, 2025-05-13, 2025-Q2, today, -6m, +2w, -10d, +1y";

/// The day `text` names (as a day number, days since 0001-01-01 counting it as 1): a date at
/// any precision (its first day), `today`, or `today` moved by a signed count of days (`d`),
/// weeks (`w`), months (`m`) or years (`y`), such as `-6m`. Without `today` (no clock),
/// only dates are taken.
pub fn parse(text: &str, today: Option<NaiveDate>) -> Result<i32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("type a date: {FORMS}"));
    }
    let resolved = match today {
        Some(today) => resolve(text, today, Bound::Start),
        None if Date::parse(text).is_ok() => resolve(text, NaiveDate::MIN, Bound::Start),
        None => return Err("today's date is not known: type a date such as 2025-05".into()),
    };
    resolved.map(|d| d.first_day()).map_err(|e| match e {
        RelativeError::Form(_) => e.to_string(),
        other => format!("{other}; or today, -6m, +1y"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        NaiveDate::from_ymd_opt(y, m, d)
            .map(|x| x.num_days_from_ce())
            .unwrap_or_default()
    }

    #[test]
    fn dates_at_any_precision_name_their_first_day() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31);
        assert_eq!(parse("2025", today), Ok(day(2025, 1, 1)));
        assert_eq!(parse(" 2025-05 ", today), Ok(day(2025, 5, 1)));
        assert_eq!(parse("2025-05-13", today), Ok(day(2025, 5, 13)));
        assert_eq!(parse("Today", today), Ok(day(2026, 3, 31)));
    }

    #[test]
    fn relative_forms_move_from_today_by_calendar_units() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31);
        assert_eq!(
            parse("-6m", today),
            Ok(day(2025, 9, 30)),
            "clamped to September's end"
        );
        assert_eq!(parse("+1y", today), Ok(day(2027, 3, 31)));
        assert_eq!(parse("-2w", today), Ok(day(2026, 3, 17)));
        assert_eq!(parse("+10D", today), Ok(day(2026, 4, 10)));
        assert_eq!(parse("-1m", today), Ok(day(2026, 2, 28)));
    }

    #[test]
    fn anything_else_says_what_is_accepted() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31);
        for bad in [
            "",
            "May",
            "2025-13",
            "-6",
            "-m",
            "+6q",
            "6m",
            "-99999999999y",
            "--1d",
            "-1é",
            "+中",
        ] {
            let error = parse(bad, today).expect_err(bad);
            assert!(
                error.contains("-6m") || error.contains("today"),
                "{bad}: {error}"
            );
        }
        assert!(
            parse("-9999999y", today).is_err(),
            "past the calendar is an error, not a panic"
        );
        assert_eq!(parse("2025-05", None), Ok(day(2025, 5, 1)));
        assert!(parse("-6m", None).is_err(), "no clock, no relative dates");
    }
}
