//! Reading typed fields out of a spanned TOML table, reporting every problem with its position.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Diagnostic;
use crate::model::Date;
use crate::text;

pub type Span = Range<usize>;

/// `span` moved `by` bytes on: a span of a piece of the file, as a span of the file.
pub fn shifted(span: Span, by: usize) -> Span {
    span.start + by..span.end + by
}

/// Collects diagnostics while values are read.
#[derive(Default)]
pub struct Reader {
    pub diagnostics: Vec<Diagnostic>,
}

impl Reader {
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(span, message));
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports every key of `table` not in `allowed`, suggesting the nearest allowed key.
    pub fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let mut d = Diagnostic::error(
                key.span(),
                format!("unknown key `{}` in {place}", text::quoted(name)),
            );
            d = match text::nearest(name, allowed.iter().copied()) {
                Some(near) => d.with_hint(format!("did you mean `{}`?", text::quoted(near))),
                None => d.with_hint(format!("{place} takes: {}", allowed.join(", "))),
            };
            self.push(d);
        }
    }

    /// [`Reader::check_keys`], as warnings: for a config file, where an unknown key is
    /// ignored rather than stopping anything.
    pub fn warn_unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        let from = self.diagnostics.len();
        self.check_keys(table, allowed, place);
        for d in &mut self.diagnostics[from..] {
            d.severity = super::diagnostic::Severity::Warning;
        }
    }

    /// A string field; reports a value of another type.
    pub fn string(&mut self, table: &DeTable<'_>, key: &str) -> Option<(String, Span)> {
        self.str(table, key).map(|(s, span)| (s.to_string(), span))
    }

    /// [`Reader::string`] borrowed from the document: from the text parsed, when the value
    /// is written there as it reads (with no escapes).
    pub fn str<'t>(&mut self, table: &'t DeTable<'_>, key: &str) -> Option<(&'t str, Span)> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some((s.as_ref(), value.span())),
            other => {
                self.type_error(value.span(), key, "a string", other);
                None
            }
        }
    }

    /// A string field that must be present; `owner` is where to point when it is missing.
    pub fn required_string(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        owner: &Span,
        place: &str,
    ) -> Option<(String, Span)> {
        self.required_str(table, key, owner, place)
            .map(|(s, span)| (s.to_string(), span))
    }

    /// [`Reader::required_string`] borrowed from the document (see [`Reader::str`]).
    pub fn required_str<'t>(
        &mut self,
        table: &'t DeTable<'_>,
        key: &str,
        owner: &Span,
        place: &str,
    ) -> Option<(&'t str, Span)> {
        if table.get(key).is_none() {
            self.push(
                Diagnostic::error(owner.clone(), format!("{place} has no `{key}`"))
                    .with_hint(format!("add `{key} = \"…\"` to it")),
            );
            return None;
        }
        self.str(table, key)
    }

    /// An array of strings; reports a non-array and each non-string item.
    pub fn strings(&mut self, table: &DeTable<'_>, key: &str) -> Vec<(String, Span)> {
        self.strs(table, key)
            .into_iter()
            .map(|(s, span)| (s.to_string(), span))
            .collect()
    }

    /// [`Reader::strings`] borrowed from the document, for values that are only looked up.
    pub fn strs<'t>(&mut self, table: &'t DeTable<'_>, key: &str) -> Vec<(&'t str, Span)> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(value.span(), key, "an array of strings", value.get_ref());
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.as_ref(), item.span())),
                other => self.type_error(item.span(), key, "strings", other),
            }
        }
        out
    }

    /// An integer field.
    pub fn integer(&mut self, table: &DeTable<'_>, key: &str) -> Option<(i64, Span)> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => {
                let parsed = i64::from_str_radix(i.as_str(), i.radix());
                match parsed {
                    Ok(n) => Some((n, value.span())),
                    Err(_) => {
                        self.error(value.span(), format!("`{key}` is out of range"));
                        None
                    }
                }
            }
            other => {
                self.type_error(value.span(), key, "a whole number", other);
                None
            }
        }
    }

    /// A date field: a string in one of the three forms, or a bare TOML date.
    pub fn date(&mut self, table: &DeTable<'_>, key: &str) -> Option<(Date, Span)> {
        let value = table.get(key)?;
        let span = value.span();
        let parsed = match value.get_ref() {
            DeValue::String(s) => Date::parse(s).map_err(|e| e.to_string()),
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => Date::day(d.year as i32, d.month as u32, d.day as u32)
                    .map_err(|e| e.to_string()),
                _ => Err(format!(
                    "`{key}` has a time of day; give only the date, e.g. \"2025-05-13\""
                )),
            },
            DeValue::Integer(i) if i.as_str().len() == 4 && i.radix() == 10 => {
                Date::parse(i.as_str()).map_err(|e| e.to_string())
            }
            other => Err(format!(
                "`{key}` must be a date in quotes, such as \"2025-05-13\", not {}",
                describe(other)
            )),
        };
        match parsed {
            Ok(date) => Some((date, span)),
            Err(message) => {
                self.push(Diagnostic::error(span, message).with_hint(
                    "dates are \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\": give only what you know",
                ));
                None
            }
        }
    }

    /// The table under `key`, or a type error.
    pub fn table<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let value = table.get(key)?;
        if value.get_ref().is_table() {
            Some(value)
        } else {
            self.type_error(value.span(), key, "a table", value.get_ref());
            None
        }
    }

    /// An array of tables under `key` (`[[key]]`), or a type error.
    pub fn tables<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
    ) -> Vec<&'t Spanned<DeValue<'i>>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.push(
                Diagnostic::error(
                    value.span(),
                    format!(
                        "`{key}` must be a list of tables, not {}",
                        describe(value.get_ref())
                    ),
                )
                .with_hint(format!("write each entry under its own `[[{key}]]` header")),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            if item.get_ref().is_table() {
                out.push(item);
            } else {
                self.type_error(item.span(), key, "tables", item.get_ref());
            }
        }
        out
    }

    fn type_error(&mut self, span: Span, key: &str, wanted: &str, got: &DeValue<'_>) {
        self.error(
            span,
            format!("`{key}` must be {wanted}, not {}", describe(got)),
        );
    }
}

/// "a string", "an integer", … for messages.
pub fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
