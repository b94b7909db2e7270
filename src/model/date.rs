//! A calendar date known to a year, a month or a day, and the precision kept.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date at the precision the curator knows it: `2025`, `2025-05` or `2025-05-13`.
///
/// Dates order by their first day, and a less precise date sorts before the
/// more precise dates it contains: `2025-05` comes before `2025-05-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-05-13)")]
    Form(String),
    #[error("month {month} does not exist: months run from 01 to 12")]
    Month { month: u32 },
    #[error("{year}-{month:02}-{day:02} is not a real day: {name} {year} has {last} days")]
    Day {
        year: i32,
        month: u32,
        day: u32,
        name: &'static str,
        last: u32,
    },
}

impl Date {
    /// A year-precision date.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: 0,
            day: 0,
        }
    }

    /// A month-precision date; `month` must be 1..=12.
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::Month { month });
        }
        Ok(Self {
            year,
            month: month as u8,
            day: 0,
        })
    }

    /// A day-precision date; it must be a real day of the proleptic Gregorian calendar.
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        Self::month(year, month)?;
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(DateError::Day {
                year,
                month,
                day,
                name: MONTH_NAMES[month as usize - 1],
                last,
            });
        }
        Ok(Self {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit years, two-digit month and day).
    ///
    /// ```
    /// use annals::model::{Date, Precision};
    /// let may = Date::parse("2025-05").unwrap();
    /// assert_eq!(may.precision(), Precision::Month);
    /// assert!(may < Date::parse("2025-05-01").unwrap());
    /// assert!(Date::parse("2025-02-30").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let form = || DateError::Form(crate::text::quoted(text));
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(form());
        }
        // Every part is 2 or 4 ASCII digits, so these parses cannot fail.
        let num = |s: &str| s.parse::<u32>().map_err(|_| form());
        let year = num(parts[0])? as i32;
        match parts.len() {
            1 => Ok(Self::year(year)),
            2 => Self::month(year, num(parts[1])?),
            _ => Self::day(year, num(parts[1])?, num(parts[2])?),
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    pub fn year_number(&self) -> i32 {
        self.year
    }

    /// The month (1..=12), if known.
    pub fn month_number(&self) -> Option<u32> {
        (self.month != 0).then_some(self.month as u32)
    }

    /// The day of the month, if known.
    pub fn day_number(&self) -> Option<u32> {
        (self.day != 0).then_some(self.day as u32)
    }

    /// The first day this date covers, as a day number (days since 0001-01-01).
    pub fn first_day(&self) -> i32 {
        let month = self.month.max(1) as u32;
        let day = self.day.max(1) as u32;
        day_number(self.year, month, day)
    }

    /// The last day this date covers, as a day number.
    pub fn last_day(&self) -> i32 {
        match self.precision() {
            Precision::Year => day_number(self.year, 12, 31),
            Precision::Month => {
                let m = self.month as u32;
                day_number(self.year, m, days_in_month(self.year, m))
            }
            Precision::Day => self.first_day(),
        }
    }

    /// The month this date falls in, as a count of months since year 0 (for bucketing).
    /// A year-precision date counts as its January.
    pub fn month_index(&self) -> i32 {
        self.year * 12 + (self.month.max(1) as i32 - 1)
    }

    /// The key dates compare by: first day, then precision (less precise first). Working
    /// it out goes through the calendar, so sorting many dates should compute it once each.
    pub fn sort_key(&self) -> (i32, Precision) {
        (self.first_day(), self.precision())
    }

    /// The date as a reader says it: `2025`, `May 2025`, `13 May 2025`.
    pub fn long(&self) -> String {
        match self.precision() {
            Precision::Year => self.year.to_string(),
            Precision::Month => format!("{} {}", month_name(self.month as u32), self.year),
            Precision::Day => format!(
                "{} {} {}",
                self.day,
                month_name(self.month as u32),
                self.year
            ),
        }
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

/// The English name of a month, 1..=12.
pub fn month_name(month: u32) -> &'static str {
    MONTH_NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// The month and year a month index (see [`Date::month_index`]) stands for.
pub fn month_of_index(index: i32) -> (i32, u32) {
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn day_number(year: i32, month: u32, day: u32) -> i32 {
    // Dates are validated before they reach here, and chrono covers years ±262,000.
    NaiveDate::from_ymd_opt(year, month, day)
        .map(|d| d.num_days_from_ce())
        .unwrap_or(i32::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_and_keeps_precision() {
        assert_eq!(Date::parse("2025").unwrap().precision(), Precision::Year);
        assert_eq!(
            Date::parse("2025-05").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            Date::parse("2025-05-13").unwrap().precision(),
            Precision::Day
        );
        assert_eq!(Date::parse("2025-05").unwrap().to_string(), "2025-05");
        assert_eq!(Date::parse("0000-01-01").unwrap().to_string(), "0000-01-01");
        assert_eq!(Date::parse("9999-12-31").unwrap().to_string(), "9999-12-31");
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        let err = Date::parse("2025-02-30").unwrap_err();
        assert_eq!(
            err.to_string(),
            "2025-02-30 is not a real day: February 2025 has 28 days"
        );
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2025-04-31").is_err());
        assert!(Date::parse("2025-01-00").is_err());
    }

    #[test]
    fn rejects_month_thirteen_and_free_text() {
        assert_eq!(
            Date::parse("2025-13").unwrap_err(),
            DateError::Month { month: 13 }
        );
        for bad in [
            "May 2025",
            "2025-5",
            "25-05-13",
            "2025/05/13",
            "",
            "2025-05-13T00",
            "+025",
        ] {
            assert!(
                matches!(Date::parse(bad), Err(DateError::Form(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn month_precision_sorts_before_days_of_that_month() {
        let month = Date::parse("2025-05").unwrap();
        let first = Date::parse("2025-05-01").unwrap();
        let year = Date::parse("2025").unwrap();
        let jan = Date::parse("2025-01").unwrap();
        assert!(month < first);
        assert!(year < jan);
        assert!(Date::parse("2025-04-30").unwrap() < month);
    }

    #[test]
    fn spans_cover_the_whole_period() {
        let feb = Date::parse("2024-02").unwrap();
        assert_eq!(feb.last_day() - feb.first_day(), 28);
        let year = Date::parse("2025").unwrap();
        assert_eq!(year.last_day() - year.first_day(), 364);
    }

    #[test]
    fn long_form_reads_like_prose() {
        assert_eq!(Date::parse("2025-05-13").unwrap().long(), "13 May 2025");
        assert_eq!(Date::parse("2025-07").unwrap().long(), "July 2025");
        assert_eq!(Date::parse("2025").unwrap().long(), "2025");
    }
}
