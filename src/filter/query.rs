//! The filter a person asks for, from command-line flags or from one query string
//! (`actor:huawei tag:chips since:2025-03 ascend`), and back to words.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::Date;
use crate::model::relative::{self, Bound};

/// What to show: every field narrows the result; repeated actors, tags or lanes mean "any of".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Fuzzy queries against actor ids, names and aliases.
    pub actors: Vec<String>,
    /// Tags, exact or fuzzy against the log's tags.
    pub tags: Vec<String>,
    /// Events that end on or after the start of this date.
    pub since: Option<Date>,
    /// Events that start on or before the end of this date.
    pub until: Option<Date>,
    /// Words that must each appear in the title or summary (fuzzily in the title).
    pub words: Vec<String>,
    /// Lanes, by name (case-insensitive, fuzzy).
    pub lanes: Vec<String>,
    /// Only events at least this important (1-3).
    pub min_importance: Option<u8>,
    /// `since:` as written when it is relative or named (`-6m`, `2025-Q2`): the query reads
    /// back as written, and can say what it resolved to.
    pub since_text: Option<String>,
    /// `until:` as written when it is relative or named.
    pub until_text: Option<String>,
}

/// Why a query string or a filter flag was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown filter `{key}:`; {}", unknown_key_hint(key))]
    UnknownKey { key: String },
    #[error("`{key}:` needs a value, e.g. {example}")]
    Empty { key: String, example: &'static str },
    #[error("{key}: {message}")]
    Date { key: String, message: String },
    #[error("importance must be 1, 2 or 3, not `{0}`")]
    Importance(String),
    #[error("a quote is not closed: {0}")]
    Quote(String),
    #[error("no saved view is called `@{name}`; {hint}")]
    UnknownView { name: String, hint: String },
    #[error("`since` ({since}) is after `until` ({until})")]
    Backwards { since: Date, until: Date },
}

/// What to say about an unknown key: the key it is a typo of, or every key.
fn unknown_key_hint(key: &str) -> String {
    match crate::text::nearest(key, KEYS.iter().map(|(k, _)| *k)) {
        Some(near) => format!("did you mean `{near}:`?"),
        None => "use actor:, tag:, since:, until:, lane:, importance: or plain words".to_string(),
    }
}

const KEYS: &[(&str, &str)] = &[
    ("actor", "actor:huawei"),
    ("tag", "tag:chips"),
    ("since", "since:2025-03"),
    ("until", "until:2025-07-26"),
    ("lane", "lane:china"),
    ("importance", "importance:3"),
    ("search", "search:ascend"),
];

impl Filter {
    /// Parses a query string. Bare words (or "quoted phrases") search titles and summaries.
    ///
    /// ```
    /// use annals::filter::Filter;
    /// let f = Filter::parse("actor:huawei tag:chips since:2025-03 ascend").unwrap();
    /// assert_eq!(f.actors, ["huawei"]);
    /// assert_eq!(f.words, ["ascend"]);
    /// assert!(Filter::parse("acter:huawei").is_err());
    /// ```
    ///
    /// Relative dates (`since:-6m`) count back from the clock's today; [`Filter::parse_at`]
    /// takes today as given.
    pub fn parse(query: &str) -> Result<Filter, QueryError> {
        Self::parse_at(query, chrono::Local::now().date_naive())
    }

    /// Parses a query string, resolving relative dates (`since:-6m`, `until:yesterday`)
    /// against `today`.
    pub fn parse_at(query: &str, today: NaiveDate) -> Result<Filter, QueryError> {
        let mut filter = Filter::default();
        for (token, phrase) in tokens(query)? {
            if phrase {
                filter.words.push(token);
            } else {
                filter.apply(&token, today)?;
            }
        }
        filter.check()?;
        Ok(filter)
    }

    /// Sets `since:` (or `until:`, for [`Bound::End`]) from a date as typed.
    pub fn set_date(
        &mut self,
        bound: Bound,
        value: &str,
        today: NaiveDate,
    ) -> Result<(), QueryError> {
        let key = if bound == Bound::Start {
            "since"
        } else {
            "until"
        };
        let date = parse_date_at(key, value, today, bound)?;
        let text = relative::is_relative(value).then(|| value.trim().to_string());
        if bound == Bound::Start {
            (self.since, self.since_text) = (Some(date), text);
        } else {
            (self.until, self.until_text) = (Some(date), text);
        }
        Ok(())
    }

    /// What each relative or named date resolved to, in words: `since:-6m` → "since 29 May
    /// 2026". Empty when every date was written as a date.
    pub fn dates_in_words(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let (Some(d), Some(_)) = (self.since, &self.since_text) {
            out.push(format!("since {}", d.long()));
        }
        if let (Some(d), Some(_)) = (self.until, &self.until_text) {
            out.push(format!("until {}", d.long()));
        }
        out
    }

    fn apply(&mut self, token: &str, today: NaiveDate) -> Result<(), QueryError> {
        let Some((key, value)) = split_key(token) else {
            self.words.push(token.to_string());
            return Ok(());
        };
        let Some(&(key, example)) = KEYS.iter().find(|(k, _)| *k == key) else {
            return Err(QueryError::UnknownKey {
                key: key.to_string(),
            });
        };
        if value.is_empty() {
            return Err(QueryError::Empty {
                key: key.to_string(),
                example,
            });
        }
        match key {
            "actor" => self.actors.push(value.to_string()),
            "tag" => self.tags.push(value.to_string()),
            "lane" => self.lanes.push(value.to_string()),
            "search" => self.words.push(value.to_string()),
            "since" => self.set_date(Bound::Start, value, today)?,
            "until" => self.set_date(Bound::End, value, today)?,
            _ => self.min_importance = Some(parse_importance(value)?),
        }
        Ok(())
    }

    /// Checks what only makes sense for the whole filter.
    pub fn check(&self) -> Result<(), QueryError> {
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since.first_day() > until.last_day()
        {
            return Err(QueryError::Backwards { since, until });
        }
        Ok(())
    }

    /// Adds everything `other` asks for to this filter (AND between kinds, "any of" within).
    pub fn merge(&mut self, other: Filter) {
        self.actors.extend(other.actors);
        self.tags.extend(other.tags);
        self.words.extend(other.words);
        self.lanes.extend(other.lanes);
        if other.since.is_some() {
            (self.since, self.since_text) = (other.since, other.since_text);
        }
        if other.until.is_some() {
            (self.until, self.until_text) = (other.until, other.until_text);
        }
        self.min_importance = other.min_importance.or(self.min_importance);
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter written back as a query string, which [`Filter::parse`] reads back the same.
    pub fn to_query(&self) -> String {
        let mut out = String::new();
        let mut put = |key: &str, value: &str| {
            if !out.is_empty() {
                out.push(' ');
            }
            let _ = write!(out, "{key}{}", quoted(value));
        };
        for a in &self.actors {
            put("actor:", a);
        }
        for t in &self.tags {
            put("tag:", t);
        }
        for l in &self.lanes {
            put("lane:", l);
        }
        if let Some(d) = self.since {
            put(
                "since:",
                self.since_text.as_deref().unwrap_or(&d.to_string()),
            );
        }
        if let Some(d) = self.until {
            put(
                "until:",
                self.until_text.as_deref().unwrap_or(&d.to_string()),
            );
        }
        if let Some(i) = self.min_importance {
            put("importance:", &i.to_string());
        }
        for w in &self.words {
            put("", w);
        }
        out
    }
}

/// Parses a date given as a filter value: a date, or a relative or named one resolved
/// against `today` to the start or end of what it names.
pub fn parse_date_at(
    key: &str,
    value: &str,
    today: NaiveDate,
    bound: Bound,
) -> Result<Date, QueryError> {
    relative::resolve(value, today, bound).map_err(|e| QueryError::Date {
        key: key.to_string(),
        message: e.to_string(),
    })
}

/// Parses an importance given as a filter value.
pub fn parse_importance(value: &str) -> Result<u8, QueryError> {
    match value.trim() {
        "1" => Ok(1),
        "2" => Ok(2),
        "3" => Ok(3),
        other => Err(QueryError::Importance(crate::text::quoted(other))),
    }
}

/// `key:value` where key is a plain word; anything else (`10:30`, `:x`) is a search word.
fn split_key(token: &str) -> Option<(&str, &str)> {
    let (key, value) = token.split_once(':')?;
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && !value.starts_with("//");
    if !plain {
        return None;
    }
    let key = match key.to_ascii_lowercase().as_str() {
        "min-importance" | "imp" => "importance",
        "actors" => "actor",
        "tags" => "tag",
        "lanes" => "lane",
        "from" => "since",
        "to" => "until",
        _ => key,
    };
    // Known keys are returned with their static name so callers can compare them.
    let key = KEYS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| k.eq_ignore_ascii_case(key))
        .unwrap_or(key);
    Some((key, value))
}

/// Splits a query into tokens at white space, keeping "quoted phrases" (also after `key:`)
/// whole. A token that starts with a quote is a phrase: always search words, never `key:`.
fn tokens(query: &str) -> Result<Vec<(String, bool)>, QueryError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    let mut started = false;
    let mut phrase = false;
    for c in query.chars() {
        match c {
            '"' => {
                phrase |= !started;
                in_quote = !in_quote;
                started = true;
            }
            c if c.is_whitespace() && !in_quote => {
                if started {
                    out.push((std::mem::take(&mut current), phrase));
                    started = false;
                    phrase = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if in_quote {
        return Err(QueryError::Quote(crate::text::quoted(query.trim())));
    }
    if started {
        out.push((current, phrase));
    }
    out.retain(|t| !t.0.is_empty());
    Ok(out)
}

fn quoted(value: &str) -> String {
    if value.is_empty()
        || value
            .chars()
            .any(|c| c.is_whitespace() || c == ':' || c == '"')
    {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<Date> {
        Some(Date::parse(s).unwrap())
    }

    #[test]
    fn query_string_becomes_the_same_filter_as_flags() {
        let f = Filter::parse("actor:huawei tag:chips since:2025-03 ascend").unwrap();
        assert_eq!(
            f,
            Filter {
                actors: vec!["huawei".into()],
                tags: vec!["chips".into()],
                since: date("2025-03"),
                words: vec!["ascend".into()],
                ..Filter::default()
            }
        );
    }

    #[test]
    fn quoted_values_keep_their_spaces() {
        let f = Filter::parse("actor:\"us commerce\" \"diffusion rule\" lane:China").unwrap();
        assert_eq!(f.actors, vec!["us commerce"]);
        assert_eq!(f.words, vec!["diffusion rule"]);
        assert_eq!(f.lanes, vec!["China"]);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        assert_eq!(
            Filter::parse("acter:huawei"),
            Err(QueryError::UnknownKey {
                key: "acter".into()
            })
        );
        assert!(matches!(
            Filter::parse("since:2025-02-30"),
            Err(QueryError::Date { .. })
        ));
        assert!(matches!(
            Filter::parse("importance:5"),
            Err(QueryError::Importance(_))
        ));
        assert!(matches!(
            Filter::parse("actor:"),
            Err(QueryError::Empty { .. })
        ));
        assert!(matches!(Filter::parse("\"open"), Err(QueryError::Quote(_))));
        assert!(matches!(
            Filter::parse("since:2025-06 until:2025-05"),
            Err(QueryError::Backwards { .. })
        ));
    }

    #[test]
    fn words_with_other_colons_are_search_words() {
        let f = Filter::parse("10:30 http://x").unwrap();
        assert_eq!(f.words, vec!["10:30", "http://x"]);
    }

    #[test]
    fn keys_are_case_insensitive_and_have_aliases() {
        let f = Filter::parse("Actor:x imp:3 from:2025").unwrap();
        assert_eq!(f.actors, vec!["x"]);
        assert_eq!(f.min_importance, Some(3));
        assert_eq!(f.since, date("2025"));
    }

    #[test]
    fn a_quoted_word_with_a_colon_is_a_phrase_not_a_key() {
        let f = Filter::parse("search:ch:uul*.").unwrap();
        assert_eq!(f.words, vec!["ch:uul*."]);
        assert_eq!(f.to_query(), "\"ch:uul*.\"");
        assert_eq!(Filter::parse(&f.to_query()).unwrap(), f);
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn relative_dates_resolve_against_today_and_read_back_as_written() {
        let f = Filter::parse_at("since:-6m until:2026-Q3 chips", day(2026, 11, 29)).unwrap();
        assert_eq!(f.since, date("2026-05-29"));
        assert_eq!(f.until, date("2026-09-30"));
        assert_eq!(f.to_query(), "since:-6m until:2026-Q3 chips");
        assert_eq!(
            f.dates_in_words(),
            ["since 29 May 2026", "until 30 September 2026"]
        );
        assert_eq!(
            Filter::parse_at(&f.to_query(), day(2026, 11, 29)).unwrap(),
            f
        );
        let plain = Filter::parse_at("since:2025-05", day(2026, 11, 29)).unwrap();
        assert!(plain.dates_in_words().is_empty());
        assert!(plain.since_text.is_none());
    }

    #[test]
    fn a_bad_relative_date_says_what_forms_there_are() {
        let err = Filter::parse_at("since:-6q", day(2026, 11, 29)).unwrap_err();
        assert!(
            err.to_string().starts_with("since: `-6q` is not a date"),
            "{err}"
        );
        assert!(matches!(
            Filter::parse_at("since:today until:-1y", day(2026, 11, 29)),
            Err(QueryError::Backwards { .. })
        ));
    }

    #[test]
    fn to_query_round_trips() {
        let f = Filter::parse("actor:\"us commerce\" tag:chips since:2025-03 until:2025 importance:2 lane:China ascend \"two words\"").unwrap();
        assert_eq!(Filter::parse(&f.to_query()).unwrap(), f);
        assert_eq!(Filter::default().to_query(), "");
    }
}
