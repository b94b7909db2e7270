//! Dates as people type them in a query: `today`, `yesterday`, `-6m`, `-2w`, `-10d`, `-1y`,
//! `2025-Q2`, `2025-H1`, besides the log's own `YYYY`, `YYYY-MM` and `YYYY-MM-DD`.
//!
//! Pure: "today" is always given, never read from the clock here, so the same text resolves
//! the same way in a test on any day.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::date::{Date, DateError};

/// Which end of a span a date stands for: `since:` takes the first day of `2025-Q2`,
/// `until:` its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Start,
    End,
}

/// Why a typed date is not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelativeError {
    #[error(
        "`{0}` is not a date: write YYYY, YYYY-MM, YYYY-MM-DD, 2025-Q2, 2025-H1, today, yesterday, or a count from today such as -10d, -2w, -6m, -1y or +1m"
    )]
    Form(String),
    #[error("`{0}` goes back further than annals can count (before the year 0)")]
    TooFar(String),
    #[error("{0}")]
    Date(#[from] DateError),
}

/// Resolves `text` against `today`. The log's forms keep their precision (`2025-05` is
/// the whole month); every other form becomes one day.
///
/// ```
/// use annals::model::relative::{resolve, Bound};
/// use chrono::NaiveDate;
/// let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
/// assert_eq!(resolve("-6m", today, Bound::Start).unwrap().to_string(), "2026-05-29");
/// assert_eq!(resolve("2025-Q2", today, Bound::End).unwrap().to_string(), "2025-06-30");
/// assert_eq!(resolve("2025-05", today, Bound::Start).unwrap().to_string(), "2025-05");
/// ```
pub fn resolve(text: &str, today: NaiveDate, bound: Bound) -> Result<Date, RelativeError> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let day = match lower.as_str() {
        "today" => Some(today),
        "yesterday" => Some(today.pred_opt().ok_or_else(|| too_far(text))?),
        _ if lower.starts_with(['-', '+']) => {
            let (n, unit) =
                count_and_unit(&lower[1..]).ok_or_else(|| RelativeError::Form(text.to_string()))?;
            let moved = if lower.starts_with('-') {
                back(n, unit, today)
            } else {
                forward(n, unit, today)
            };
            Some(moved.ok_or_else(|| too_far(text))?)
        }
        _ => None,
    };
    if let Some(day) = day {
        return from_naive(day).ok_or_else(|| too_far(text));
    }
    if let Some(span) = period(&lower) {
        let (first, last) = span.ok_or_else(|| RelativeError::Form(text.to_string()))?;
        let day = if bound == Bound::Start { first } else { last };
        return from_naive(day).ok_or_else(|| too_far(text));
    }
    match Date::parse(text) {
        Ok(date) => Ok(date),
        Err(DateError::Form(_)) => Err(RelativeError::Form(text.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Whether `text` is one of the forms that depend on today or name a span the log's dates
/// cannot write (so a filter keeps the text to say what it resolved to).
pub fn is_relative(text: &str) -> bool {
    Date::parse(text.trim()).is_err()
}

/// The date as a reader says it, for "since:-6m means since 29 May 2026".
pub fn in_words(date: Date) -> String {
    date.long()
}

fn too_far(text: &str) -> RelativeError {
    RelativeError::TooFar(text.to_string())
}

/// `10d` as (10, 'd'): a count of up to six digits and one of the units d, w, m, y.
fn count_and_unit(text: &str) -> Option<(u32, char)> {
    let unit = text.chars().last().filter(|u| "dwmy".contains(*u))?;
    let count = &text[..text.len() - 1];
    if count.is_empty() || count.len() > 6 || !count.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((count.parse().ok()?, unit))
}

/// `n` days, weeks, months or years before today; `None` when that leaves the calendar.
fn back(n: u32, unit: char, today: NaiveDate) -> Option<NaiveDate> {
    match unit {
        'd' => today.checked_sub_days(Days::new(n.into())),
        'w' => today.checked_sub_days(Days::new(u64::from(n) * 7)),
        // A month back from 31 March is the last day of February, as people mean it.
        'm' => today.checked_sub_months(Months::new(n)),
        'y' => today.checked_sub_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

/// `n` days, weeks, months or years after today (the jump prompt's `+1y`).
fn forward(n: u32, unit: char, today: NaiveDate) -> Option<NaiveDate> {
    match unit {
        'd' => today.checked_add_days(Days::new(n.into())),
        'w' => today.checked_add_days(Days::new(u64::from(n) * 7)),
        'm' => today.checked_add_months(Months::new(n)),
        'y' => today.checked_add_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

/// `YYYY-Qn` or `YYYY-Hn` as its first and last day: `None` when the text is not of that
/// shape, `Some(None)` when it is but names no quarter or half (`2025-Q5`).
#[allow(clippy::option_option)]
fn period(text: &str) -> Option<Option<(NaiveDate, NaiveDate)>> {
    let (year, part) = text.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || part.len() != 2 {
        return None;
    }
    let mut chars = part.chars();
    let kind = chars.next()?;
    let n = chars.next()?.to_digit(10)?;
    let year: i32 = year.parse().ok()?;
    let (months, count) = match kind {
        'q' => (3, 4),
        'h' => (6, 2),
        _ => return None,
    };
    if !(1..=count).contains(&n) {
        return Some(None);
    }
    let first_month = (n - 1) * months + 1;
    let first = NaiveDate::from_ymd_opt(year, first_month, 1);
    let last = first
        .and_then(|f| f.checked_add_months(Months::new(months)))
        .and_then(|d| d.pred_opt());
    Some(first.zip(last))
}

fn from_naive(day: NaiveDate) -> Option<Date> {
    if !(0..=9999).contains(&day.year()) {
        return None;
    }
    Date::day(day.year(), day.month(), day.day()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn at(text: &str, bound: Bound) -> String {
        resolve(text, today(), bound).unwrap().to_string()
    }

    #[test]
    fn every_form_resolves_against_a_fixed_today() {
        use Bound::{End, Start};
        for (text, bound, want) in [
            ("today", Start, "2026-11-29"),
            ("Today", End, "2026-11-29"),
            ("yesterday", Start, "2026-11-28"),
            ("-10d", Start, "2026-11-19"),
            ("-0d", Start, "2026-11-29"),
            ("-2w", Start, "2026-11-15"),
            ("-6m", Start, "2026-05-29"),
            ("-1y", Start, "2025-11-29"),
            ("2025-Q1", Start, "2025-01-01"),
            ("2025-Q1", End, "2025-03-31"),
            ("2025-q2", Start, "2025-04-01"),
            ("2025-Q2", End, "2025-06-30"),
            ("2024-Q4", End, "2024-12-31"),
            ("2025-H1", Start, "2025-01-01"),
            ("2025-H1", End, "2025-06-30"),
            ("2025-H2", Start, "2025-07-01"),
            ("2025-H2", End, "2025-12-31"),
            ("2025", End, "2025"),
            ("2025-05", Start, "2025-05"),
            ("2025-05-13", End, "2025-05-13"),
        ] {
            assert_eq!(at(text, bound), want, "{text} {bound:?}");
        }
    }

    #[test]
    fn a_month_back_from_the_31st_is_the_end_of_the_shorter_month() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let got = resolve("-1m", day, Bound::Start).unwrap();
        assert_eq!(got.to_string(), "2025-02-28");
        let leap = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(
            resolve("-1y", leap, Bound::Start).unwrap().to_string(),
            "2023-02-28"
        );
    }

    #[test]
    fn nonsense_is_a_form_error_naming_every_form() {
        for bad in [
            "", "-", "-m", "-6", "-6x", "-6 m", "+6", "+6x", "2025-Q0", "2025-Q5", "2025-H3",
            "25-Q1", "2025-Qx", "tomorrow", "May 2025", "-1.5m",
        ] {
            let err = resolve(bad, today(), Bound::Start).unwrap_err();
            assert!(
                matches!(err, RelativeError::Form(_)),
                "{bad:?} gave {err:?}"
            );
            assert!(err.to_string().contains("-6m"), "{err}");
        }
    }

    #[test]
    fn a_count_forward_moves_ahead_of_today() {
        assert_eq!(
            resolve("+6m", today(), Bound::Start).unwrap().to_string(),
            "2027-05-29"
        );
    }

    #[test]
    fn impossible_days_keep_their_own_message() {
        let err = resolve("2025-02-30", today(), Bound::Start).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2025-02-30 is not a real day: February 2025 has 28 days"
        );
    }

    #[test]
    fn going_back_before_year_zero_is_an_error_not_a_panic() {
        for far in ["-999999y", "-999999m", "-999999w"] {
            let err = resolve(far, today(), Bound::Start).unwrap_err();
            assert!(matches!(err, RelativeError::TooFar(_)), "{far}: {err:?}");
        }
        let early = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        assert!(resolve("yesterday", early, Bound::Start).is_err());
    }

    #[test]
    fn relative_means_not_a_date_the_log_could_write() {
        assert!(is_relative("-6m"));
        assert!(is_relative("2025-Q2"));
        assert!(!is_relative("2025-05"));
        assert_eq!(in_words(Date::parse("2026-05-29").unwrap()), "29 May 2026");
    }
}
