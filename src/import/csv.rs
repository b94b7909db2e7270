//! CSV in: TimelineJS's spreadsheet template read by its header names, annals's own CSV
//! (`--format csv`), or any CSV through a column map (`--map date=When,title=Headline`).
//! Precision follows the columns present: a row with a year and a month but no day is a month.

use super::build::{Builder, source};
use super::{Place, Problem};
use crate::export::json::{EraDoc, EventDoc};
use crate::export::table::FORMULA;
use crate::export::timelinejs::strip_html;
use crate::model::Date;

/// The fields a column can be mapped to, as `--map` names them.
pub const FIELDS: [&str; 18] = [
    "id",
    "date",
    "end",
    "year",
    "month",
    "day",
    "end-year",
    "end-month",
    "end-day",
    "title",
    "summary",
    "actors",
    "tags",
    "importance",
    "lane",
    "related",
    "sources",
    "url",
];

/// The columns of TimelineJS's template each field reads.
const TIMELINEJS: [(&str, &str); 11] = [
    ("year", "Year"),
    ("month", "Month"),
    ("day", "Day"),
    ("end-year", "End Year"),
    ("end-month", "End Month"),
    ("end-day", "End Day"),
    ("title", "Headline"),
    ("summary", "Text"),
    ("url", "Media"),
    ("lane", "Group"),
    ("type", "Type"),
];

/// Which column each field comes from (`--map`), by header name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap(pub Vec<(String, String)>);

impl ColumnMap {
    /// Parses `field=Column,field=Column`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((field, column)) = part.split_once('=') else {
                return Err(format!("`{part}` in --map is not FIELD=COLUMN"));
            };
            let field = field.trim().to_lowercase().replace('_', "-");
            if !FIELDS.contains(&field.as_str()) {
                return Err(format!(
                    "--map has no field `{field}`: use {}",
                    FIELDS.join(", ")
                ));
            }
            pairs.push((field, column.trim().to_string()));
        }
        Ok(Self(pairs))
    }
}

/// The column index of each field, resolved against a header row.
struct Columns {
    of: Vec<(&'static str, usize)>,
    /// The file's cells are HTML (TimelineJS's Text column).
    html: bool,
}

impl Columns {
    /// A cell, trimmed, without the `'` that guards a formula-like start (see
    /// [`FORMULA`]); `None` when empty.
    fn get<'r>(&self, field: &str, row: &'r csv::StringRecord) -> Option<&'r str> {
        self.index(field)
            .and_then(|i| row.get(i))
            .map(str::trim)
            .map(|s| match s.strip_prefix('\'') {
                Some(rest) if rest.starts_with(FORMULA) => rest,
                _ => s,
            })
            .filter(|s| !s.is_empty())
    }

    /// A cell as plain text (HTML made plain in TimelineJS's sheet); empty when missing.
    fn text(&self, field: &str, row: &csv::StringRecord) -> String {
        let value = self.get(field, row).unwrap_or("");
        if self.html {
            strip_html(value)
        } else {
            value.to_string()
        }
    }

    fn index(&self, field: &str) -> Option<usize> {
        self.of.iter().find(|(f, _)| *f == field).map(|(_, i)| *i)
    }
}

pub fn read(
    name: &str,
    text: &str,
    map: &ColumnMap,
) -> Result<(crate::export::json::Document, Vec<Place>), Vec<Problem>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| vec![Problem::new(format!("{name}:1"), e.to_string())])?
        .clone();
    let columns = resolve(name, &header, map)?;
    let mut builder = Builder::new();
    let mut places = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem::new(format!("{name}:{line}"), e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let at = format!("{name}:{line}");
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match row(&columns, &record, &at, &mut builder) {
            Ok(Some(place)) => places.push(place),
            Ok(None) => {}
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((builder.finish(), places))
}

/// Which columns to read: the map when one is given, else TimelineJS's template when the
/// header has its columns, else annals's own column names.
fn resolve(
    name: &str,
    header: &csv::StringRecord,
    map: &ColumnMap,
) -> Result<Columns, Vec<Problem>> {
    let find = |column: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
    };
    let mut of = Vec::new();
    let html;
    if !map.0.is_empty() {
        html = false;
        let mut problems = Vec::new();
        for (field, column) in &map.0 {
            let Some(field) = FIELDS.iter().find(|f| **f == field) else {
                continue;
            };
            match find(column) {
                Some(i) => of.push((*field, i)),
                None => problems.push(Problem::new(
                    format!("{name}:1"),
                    format!(
                        "--map names the column `{column}`, which the header does not have (it has: {})",
                        header.iter().collect::<Vec<_>>().join(", ")
                    ),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    } else if find("Year").is_some() && find("Headline").is_some() {
        html = true;
        of = TIMELINEJS
            .iter()
            .filter_map(|(f, c)| find(c).map(|i| (*f, i)))
            .collect();
    } else {
        html = false;
        of = FIELDS
            .iter()
            .filter_map(|f| find(if *f == "url" { "urls" } else { f }).map(|i| (*f, i)))
            .collect();
    }
    let columns = Columns { of, html };
    let has_date = columns.index("date").is_some() || columns.index("year").is_some();
    if !has_date || columns.index("title").is_none() {
        return Err(vec![Problem::new(
            format!("{name}:1"),
            "the header has neither TimelineJS's columns (Year, Headline) nor annals's (date, title); \
             say which columns to read with --map, e.g. --map date=When,title=Headline,actors=Who",
        )]);
    }
    Ok(columns)
}

/// One row: an event (and its place), or the title (`Type` = title) or an era (`Type` = era,
/// across every lane; without an end it ends where it starts), which have no place.
fn row(
    columns: &Columns,
    record: &csv::StringRecord,
    at: &str,
    builder: &mut Builder,
) -> Result<Option<Place>, Vec<Problem>> {
    let cell = |field: &str| columns.get(field, record);
    let text = |field: &str| columns.text(field, record);
    let kind = cell("type").map(str::to_ascii_lowercase);
    if kind.as_deref() == Some("title") {
        builder.title(text("title"), text("summary"));
        return Ok(None);
    }
    let facts = facts(columns, record, at)?;
    if kind.as_deref() == Some("era") {
        builder.push_era(EraDoc {
            date: facts.date,
            end: facts.end.unwrap_or(facts.date),
            title: facts.title,
            lane: None,
            colour: None,
            sources: Vec::new(),
        });
        return Ok(None);
    }
    let lane = cell("lane");
    let mut actors: Vec<String> = list(cell("actors"))
        .iter()
        .map(|a| builder.actor(a, lane))
        .collect();
    if actors.is_empty()
        && let Some(lane) = lane
    {
        actors.push(builder.actor(lane, Some(lane)));
    }
    let id = builder.event_id(cell("id"), &facts.title);
    let labels = list(cell("sources"));
    let sources = list(cell("url"))
        .into_iter()
        .enumerate()
        .map(|(n, url)| {
            let publisher = || host(&url);
            let label = labels.get(n).map(String::as_str);
            source(label, url.clone(), publisher, &facts.title)
        })
        .collect();
    builder.push(EventDoc {
        id,
        date: facts.date,
        end: facts.end,
        title: facts.title,
        actors,
        tags: list(cell("tags")),
        importance: facts.importance,
        summary: text("summary"),
        related: list(cell("related")),
        sources,
    });
    Ok(Some(place(columns, at)))
}

/// What every event must have, checked: its dates, a title, an importance in range.
struct Facts {
    date: Date,
    end: Option<Date>,
    title: String,
    importance: u8,
}

fn facts(columns: &Columns, record: &csv::StringRecord, at: &str) -> Result<Facts, Vec<Problem>> {
    let col = |field: &str| columns.index(field).map_or(0, |i| i + 1);
    let mut problems = Vec::new();
    let mut fail = |field: &str, message: String| {
        problems.push(Problem::new(format!("{at}:{}", col(field)), message));
    };
    let date = date(columns, record, "", &mut fail);
    let end = date_if_any(columns, record, &mut fail);
    let title = columns.text("title", record);
    if title.is_empty() {
        fail(
            "title",
            "the title is empty: every event needs one".to_string(),
        );
    }
    let importance = match columns.get("importance", record) {
        None => 2,
        Some(n) => match n.parse::<u8>() {
            Ok(n @ 1..=3) => n,
            _ => {
                let why = format!("importance `{n}` is not 1, 2 or 3 (background, notable, major)");
                fail("importance", why);
                2
            }
        },
    };
    match (date, problems.is_empty()) {
        (Some(date), true) => Ok(Facts {
            date,
            end,
            title,
            importance,
        }),
        (None, true) => Err(vec![Problem::new(
            format!("{at}:{}", col("date").max(col("year"))),
            "the row has no date",
        )]),
        _ => Err(problems),
    }
}

/// Where the event of a row came from: its row, and the column of each log field.
fn place(columns: &Columns, at: &str) -> Place {
    let fields = [
        ("id", "id"),
        ("date", "date"),
        ("date", "year"),
        ("end", "end"),
        ("end", "end-year"),
        ("title", "title"),
        ("summary", "summary"),
        ("actors", "actors"),
        ("tags", "tags"),
        ("importance", "importance"),
        ("related", "related"),
    ];
    Place {
        at: at.to_string(),
        columns: fields
            .iter()
            .filter_map(|(key, field)| columns.index(field).map(|i| (*key, i + 1)))
            .collect(),
    }
}

/// The start date: the `date` column, else `year`, `month` and `day` (`prefix` "end-" for the
/// end's columns).
fn date(
    columns: &Columns,
    record: &csv::StringRecord,
    prefix: &str,
    fail: &mut dyn FnMut(&str, String),
) -> Option<Date> {
    let whole = if prefix.is_empty() { "date" } else { "end" };
    if let Some(text) = columns.get(whole, record) {
        return Date::parse(text)
            .map_err(|e| fail(whole, e.to_string()))
            .ok();
    }
    let part = |name: &str| {
        let field = format!("{prefix}{name}");
        columns.get(&field, record).map(|v| (field, v))
    };
    let number = |(field, v): (String, &str), fail: &mut dyn FnMut(&str, String)| {
        v.replace([',', ' '], "")
            .parse::<i64>()
            .map_err(|_| fail(&field, format!("`{v}` is not a whole number")))
            .ok()
    };
    let year = number(part("year")?, fail)?;
    let month = match part("month") {
        Some(m) => Some(number(m, fail)?),
        None => None,
    };
    let day = match part("day") {
        Some(d) => Some(number(d, fail)?),
        None => None,
    };
    let field = format!("{prefix}year");
    parts_to_date(year, month, day)
        .map_err(|e| fail(&field, e))
        .ok()
}

fn date_if_any(
    columns: &Columns,
    record: &csv::StringRecord,
    fail: &mut dyn FnMut(&str, String),
) -> Option<Date> {
    let any = ["end", "end-year", "end-month", "end-day"]
        .iter()
        .any(|f| columns.get(f, record).is_some());
    if !any {
        return None;
    }
    if columns.get("end", record).is_none() && columns.get("end-year", record).is_none() {
        fail(
            "end-year",
            "an end month or day is given without an end year".to_string(),
        );
        return None;
    }
    date(columns, record, "end-", fail)
}

/// A date from its parts, at the precision they give.
pub fn parts_to_date(year: i64, month: Option<i64>, day: Option<i64>) -> Result<Date, String> {
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (0..=9999).contains(y))
        .ok_or_else(|| format!("year {year} is outside 0000–9999"))?;
    let small = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    match (month, day) {
        (None, None) => Ok(Date::year(year)),
        (Some(m), None) => Date::month(year, small(m)).map_err(|e| e.to_string()),
        (Some(m), Some(d)) => Date::day(year, small(m), small(d)).map_err(|e| e.to_string()),
        (None, Some(_)) => Err("a day is given without a month".to_string()),
    }
}

/// The items of a multi-valued cell, split at `;`.
fn list(cell: Option<&str>) -> Vec<String> {
    cell.map(|c| {
        c.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// The host of a URL, as a publisher when none is given.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_follows_the_parts_given() {
        assert_eq!(parts_to_date(2025, None, None).unwrap().to_string(), "2025");
        assert_eq!(
            parts_to_date(2025, Some(7), None).unwrap().to_string(),
            "2025-07"
        );
        assert_eq!(
            parts_to_date(2025, Some(7), Some(28)).unwrap().to_string(),
            "2025-07-28"
        );
        assert!(parts_to_date(2025, None, Some(3)).is_err());
        assert!(parts_to_date(2025, Some(2), Some(30)).is_err());
    }

    #[test]
    fn a_map_names_known_fields() {
        let map = ColumnMap::parse("date=When,title=Headline,actors=Who").unwrap();
        assert_eq!(map.0[2], ("actors".to_string(), "Who".to_string()));
        assert!(
            ColumnMap::parse("when=Date")
                .unwrap_err()
                .contains("no field `when`")
        );
        assert!(ColumnMap::parse("date").is_err());
    }
}
