//! Data out: the log and the events a command shows as JSON, CSV, TSV, Markdown, iCalendar,
//! TimelineJS and a self-contained web page. Pure functions from a timeline to text.

pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod table;
pub mod timelinejs;

use crate::model::{Event, Source, Timeline};

/// How `list`, `show`, `summary`, `actors` and `tags` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned plain text for the terminal
    #[default]
    Text,
    /// The `annals/1` JSON document
    Json,
    /// One row per event, RFC 4180
    Csv,
    /// One row per event, tab-separated
    Tsv,
    /// A memo with each source as a link
    Markdown,
}

/// What `annals export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole log, lossless (`annals import --from json` reads it back)
    Json,
    /// One all-day calendar event per event (RFC 5545)
    Ics,
    /// TimelineJS3's JSON format
    Timelinejs,
    /// One self-contained web page that works offline
    Html,
    /// One row per event, RFC 4180
    Csv,
    /// A memo with each source as a link
    Markdown,
}

/// The command whose output a [`Format`] shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View<'q> {
    List,
    /// The summary, with the active filter in words ("" when none).
    Summary(&'q str),
    Show,
}

/// `selected` events as `format` for `view`; `None` for [`Format::Text`], which the plain
/// renderers print.
pub fn events(
    timeline: &Timeline,
    selected: &[usize],
    format: Format,
    view: View<'_>,
) -> Option<String> {
    Some(match format {
        Format::Text => return None,
        Format::Json => json::Document::new(timeline, selected).to_json(),
        Format::Csv => table::events(timeline, selected, table::Separator::Comma),
        Format::Tsv => table::events(timeline, selected, table::Separator::Tab),
        Format::Markdown => match view {
            View::List => markdown::list(timeline, selected),
            View::Summary(filter) => markdown::memo(timeline, selected, filter),
            View::Show => selected
                .iter()
                .map(|&i| markdown::event(timeline, i))
                .collect(),
        },
    })
}

/// The actors as `format`; `None` for [`Format::Text`].
pub fn actors(timeline: &Timeline, format: Format) -> Option<String> {
    Some(match format {
        Format::Text => return None,
        Format::Json => json::pretty(&table::actor_document(timeline)),
        Format::Csv => table::actors(timeline, table::Separator::Comma),
        Format::Tsv => table::actors(timeline, table::Separator::Tab),
        Format::Markdown => markdown::actors(timeline),
    })
}

/// The tags as `format`, the most used first; `None` for [`Format::Text`].
pub fn tags(timeline: &Timeline, format: Format) -> Option<String> {
    Some(match format {
        Format::Text => return None,
        Format::Json => json::pretty(&table::tag_document(timeline)),
        Format::Csv => table::tags(timeline, table::Separator::Comma),
        Format::Tsv => table::tags(timeline, table::Separator::Tab),
        Format::Markdown => markdown::tags(timeline),
    })
}

/// `annals export`: `selected` events (the whole log when no filter is given) as `format`.
pub fn export(timeline: &Timeline, selected: &[usize], format: ExportFormat) -> String {
    match format {
        ExportFormat::Json => json::Document::new(timeline, selected).to_json(),
        ExportFormat::Ics => ics::calendar(timeline, selected),
        ExportFormat::Timelinejs => timelinejs::export(timeline, selected),
        ExportFormat::Html => html::page(timeline, selected),
        ExportFormat::Csv => table::events(timeline, selected, table::Separator::Comma),
        ExportFormat::Markdown => markdown::memo(timeline, selected, ""),
    }
}

/// `text` made safe for a terminal and a file while keeping its line breaks: control
/// characters other than the newline and the bidirectional overrides become U+FFFD, tabs and
/// carriage returns spaces.
pub fn keep_lines(text: &str) -> String {
    if let std::borrow::Cow::Borrowed(_) = crate::text::sanitize(text) {
        return text.to_string();
    }
    text.split('\n')
        .map(crate::text::sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with each ASCII byte that `escape` maps to `Some` replaced by what it gives: one pass,
/// copying the runs between them whole.
pub fn replace_ascii(text: &str, escape: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut from = 0;
    for (at, b) in text.bytes().enumerate() {
        if let Some(with) = escape(b).filter(|_| b.is_ascii()) {
            // An ASCII byte is a whole character, so `at` is a character boundary.
            out.push_str(&text[from..at]);
            out.push_str(with);
            from = at + 1;
        }
    }
    out.push_str(&text[from..]);
    out
}

/// Each source of `e` as its label (`Publisher: Title`) and the address to link it to, when
/// it has one a reader may follow.
pub fn sources(e: &Event) -> impl Iterator<Item = (String, Option<&str>)> {
    labelled(e.sources())
}

/// Each of `sources` as `Publisher: Title` and its address when a reader may follow it.
pub fn labelled<'a>(
    sources: impl IntoIterator<Item = Source<'a>>,
) -> impl Iterator<Item = (String, Option<&'a str>)> {
    sources.into_iter().map(|s| {
        (
            format!("{}: {}", s.publisher, s.title),
            s.url.and_then(safe_url),
        )
    })
}

/// `url` when it is one a reader may follow (http, https or mailto), for link targets.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    let ok = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    (ok && !url.chars().any(char::is_control)).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_followed() {
        assert!(safe_url("https://example.com/a").is_some());
        assert!(safe_url("mailto:a@b.c").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url("JaVaScRiPt:alert(1)").is_none());
        assert!(safe_url("data:text/html,x").is_none());
        assert!(safe_url("https://a\n.b").is_none());
    }

    #[test]
    fn keep_lines_keeps_newlines_and_drops_escapes() {
        assert_eq!(keep_lines("a\x1b[31m\nb\tc"), "a\u{FFFD}[31m\nb c");
    }
}
