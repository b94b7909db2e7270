//! What a log (or a config file) says about how it is queried and shown, besides its
//! events: saved views (`[views.name] query = "…"`) and lane colours.

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::fields::{Reader, Span};
use crate::filter::{Filter, QueryError};
use crate::model::{SavedView, is_kebab_case};
use crate::text;

pub const VIEW_KEYS: &[&str] = &["query"];

/// Reads `[views.<name>]` tables: each name kebab-case, each query one that parses.
pub fn read_views(root: &DeTable<'_>, reader: &mut Reader) -> Vec<SavedView> {
    read_views_spanned(root, reader, false)
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

/// [`read_views`], each view with the span of its name; an unknown key in a view is a
/// warning when `lenient` (a config file), an error otherwise (a log).
pub fn read_views_spanned(
    root: &DeTable<'_>,
    reader: &mut Reader,
    lenient: bool,
) -> Vec<(SavedView, Span)> {
    let Some(value) = reader.table(root, "views") else {
        return Vec::new();
    };
    let Some(table) = value.get_ref().as_table() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let place = format!("view `{}`", text::sanitize(name));
        if !is_kebab_case(name) {
            reader.push(
                Diagnostic::error(key.span(), format!("{place}: a view's name is kebab-case"))
                    .with_hint(
                        "lower-case letters and digits joined by hyphens, e.g. `huawei-chips`",
                    ),
            );
            continue;
        }
        let DeValue::Table(fields) = value.get_ref() else {
            reader.push(
                Diagnostic::error(value.span(), format!("{place} must be a table")).with_hint(
                    format!("write it as `[views.{name}]` with `query = \"…\"` under it"),
                ),
            );
            continue;
        };
        if lenient {
            reader.warn_unknown_keys(fields, VIEW_KEYS, &place);
        } else {
            reader.check_keys(fields, VIEW_KEYS, &place);
        }
        let Some((query, span)) = reader.required_string(fields, "query", &key.span(), &place)
        else {
            continue;
        };
        match check_query(&query) {
            Ok(()) => out.push((
                SavedView {
                    name: name.to_string(),
                    query,
                },
                key.span(),
            )),
            Err(message) => reader.push(
                Diagnostic::error(span, format!("{place}: {message}"))
                    .with_hint("write the query as you would in the explorer's `/` bar"),
            ),
        }
    }
    out
}

/// Whether a saved view's query parses. A relative date makes whether `since` comes after
/// `until` depend on the day, so that is only checked for dates written as dates.
fn check_query(query: &str) -> Result<(), String> {
    if query.split_whitespace().any(|w| w.starts_with('@')) {
        return Err("a view cannot use another view (`@…`)".to_string());
    }
    let some_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    match Filter::parse_at(query, some_day) {
        Ok(_) => Ok(()),
        Err(QueryError::Backwards { .. })
            if query.contains("since:-") || query.contains("until:-") || has_named_day(query) =>
        {
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

fn has_named_day(query: &str) -> bool {
    let q = query.to_ascii_lowercase();
    q.contains("today") || q.contains("yesterday")
}

/// Reads `lane_colours` from `[timeline]`: a list in the order of `lanes`, or a table by
/// lane name. One entry per lane; empty when the log sets none.
pub fn read_lane_colours(
    table: &DeTable<'_>,
    lanes: &[String],
    reader: &mut Reader,
) -> Vec<Option<String>> {
    let Some(value) = table.get("lane_colours") else {
        return Vec::new();
    };
    let mut out = vec![None; lanes.len()];
    let mut set = |reader: &mut Reader, i: usize, colour: &str, span| {
        if crate::colour::parse(colour).is_some() {
            out[i] = Some(colour.to_string());
        } else {
            reader.push(
                Diagnostic::error(
                    span,
                    format!("`{}` is not a colour", text::sanitize(colour)),
                )
                .with_hint(crate::colour::hint(colour)),
            );
        }
    };
    match value.get_ref() {
        DeValue::Array(_) => {
            for (i, (colour, span)) in reader.strs(table, "lane_colours").into_iter().enumerate() {
                if i < lanes.len() {
                    set(reader, i, colour, span);
                } else {
                    reader.push(
                        Diagnostic::warning(span, "more lane colours than lanes")
                            .with_hint("colours go to `lanes` in order; this one has no lane"),
                    );
                }
            }
        }
        DeValue::Table(by_lane) => {
            for (lane, colour) in by_lane {
                let name = lane.get_ref().as_ref();
                let Some(i) = lanes.iter().position(|l| l == name) else {
                    let d = Diagnostic::error(
                        lane.span(),
                        format!("lane `{}` is not in `timeline.lanes`", text::sanitize(name)),
                    );
                    reader.push(match text::nearest(name, lanes.iter().map(String::as_str)) {
                        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                        None => d.with_hint(format!("the lanes are: {}", lanes.join(", "))),
                    });
                    continue;
                };
                match colour.get_ref() {
                    DeValue::String(c) => set(reader, i, c, colour.span()),
                    _ => reader.error(colour.span(), "a lane colour must be a string, e.g. \"red\""),
                }
            }
        }
        _ => reader.push(
            Diagnostic::error(value.span(), "`lane_colours` must be a list or a table")
                .with_hint("`lane_colours = [\"red\", \"blue\"]` in the order of `lanes`, or `lane_colours = { China = \"red\" }`"),
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::load::{parse, parse_whole};

    const HEAD: &str = "[timeline]\ntitle = \"t\"\nlanes = [\"US\", \"China\"]\n";
    const EVENT: &str = "\n[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\n";

    fn messages(text: &str) -> Vec<(String, String)> {
        let report = parse(text);
        assert_eq!(
            report.diagnostics,
            parse_whole(text).diagnostics,
            "piecewise agrees"
        );
        report
            .diagnostics
            .iter()
            .map(|d| (text[d.span.clone()].to_string(), d.message.clone()))
            .collect()
    }

    #[test]
    fn a_logs_views_and_lane_colours_are_read() {
        let text = format!(
            "{HEAD}lane_colours = {{ China = \"red\" }}\n[views.huawei-chips]\nquery = \"tag:chips since:-1y\"\n{EVENT}"
        );
        let timeline = parse(&text).timeline.expect("loads");
        assert_eq!(timeline.views.len(), 1);
        assert_eq!(timeline.views[0].name, "huawei-chips");
        assert_eq!(timeline.views[0].query, "tag:chips since:-1y");
        assert_eq!(timeline.lane_colours, [None, Some("red".to_string())]);
        let listed = format!("{HEAD}lane_colours = [\"blue\", \"#ff8800\"]\n{EVENT}");
        let timeline = parse(&listed).timeline.expect("loads");
        assert_eq!(
            timeline.lane_colours,
            [Some("blue".to_string()), Some("#ff8800".to_string())]
        );
    }

    #[test]
    fn a_bad_view_or_colour_is_diagnosed_where_it_is_written() {
        let text = format!(
            "{HEAD}lane_colours = {{ Chnia = \"red\", US = \"bleu\" }}\n[views.Bad_Name]\nquery = \"x\"\n[views.ok]\nquery = \"acter:x\"\n[views.loop]\nquery = \"@ok\"\n[views.empty]\nqeury = \"x\"\n{EVENT}"
        );
        let found = messages(&text);
        let has = |at: &str, what: &str| {
            assert!(
                found.iter().any(|(a, m)| a == at && m.contains(what)),
                "{at} / {what}: {found:?}"
            );
        };
        has("Chnia", "lane `Chnia` is not in `timeline.lanes`");
        has("\"bleu\"", "`bleu` is not a colour");
        has("Bad_Name", "kebab-case");
        has("\"acter:x\"", "unknown filter `acter:`");
        has("\"@ok\"", "cannot use another view");
        has("qeury", "unknown key `qeury`");
        assert!(parse(&text).timeline.is_none());
    }

    #[test]
    fn a_relative_view_is_not_refused_for_the_day_it_is_checked_on() {
        let text = format!("{HEAD}[views.recent]\nquery = \"since:-6m until:2025\"\n{EVENT}");
        assert!(parse(&text).timeline.is_some(), "{:?}", messages(&text));
        let text = format!("{HEAD}[views.backwards]\nquery = \"since:2026 until:2025\"\n{EVENT}");
        assert!(parse(&text).timeline.is_none());
    }
}
