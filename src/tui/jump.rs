//! The jump-to-date prompt (`:`): what a person may type, read into a day. Pure: "today"
//! comes in from the caller, so tests never read the clock.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::model::Date;

/// The prompt's text and why it does not read, if it does not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    pub error: Option<String>,
}

/// What the prompt takes, for its hint line.
pub const FORMS: &str = "2025, 2025-05, 2025-05-13, today, -6m, +2w, -10d, +1y";

/// The day `text` names (as a day number, days since 0001-01-01 counting it as 1): a date at
/// any precision (its first day), `today`, or `today` moved by a signed count of days (`d`),
/// weeks (`w`), months (`m`) or years (`y`), such as `-6m`. Without `today` (no clock),
/// only dates are taken.
pub fn parse(text: &str, today: Option<NaiveDate>) -> Result<i32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("type a date: {FORMS}"));
    }
    let needs_today = text.eq_ignore_ascii_case("today") || text.starts_with(['-', '+']);
    let today = match today {
        Some(today) => today,
        None if needs_today => return Err("today's date is not known: type a date".into()),
        None => NaiveDate::MIN,
    };
    if text.eq_ignore_ascii_case("today") {
        return Ok(today.num_days_from_ce());
    }
    if let Some(sign) = text.chars().next().filter(|c| *c == '-' || *c == '+') {
        return relative(&text[1..], sign == '-', today)
            .map(|d| d.num_days_from_ce())
            .ok_or_else(|| {
                format!(
                    "`{}` is not a move from today: a sign, a number and d, w, m or y, such as -6m",
                    crate::text::sanitize(text)
                )
            });
    }
    Date::parse(text)
        .map(|d| d.first_day())
        .map_err(|e| format!("{e}; or today, -6m, +1y"))
}

fn relative(text: &str, back: bool, today: NaiveDate) -> Option<NaiveDate> {
    let last = text.chars().last()?;
    let count: u32 = text[..text.len() - last.len_utf8()].parse().ok()?;
    let unit = last.to_ascii_lowercase();
    let days = |n: u64| {
        if back {
            today.checked_sub_days(Days::new(n))
        } else {
            today.checked_add_days(Days::new(n))
        }
    };
    let months = |n: u32| {
        if back {
            today.checked_sub_months(Months::new(n))
        } else {
            today.checked_add_months(Months::new(n))
        }
    };
    match unit {
        'd' => days(u64::from(count)),
        'w' => days(u64::from(count) * 7),
        'm' => months(count),
        'y' => months(count.checked_mul(12)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
