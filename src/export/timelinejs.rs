//! TimelineJS3's JSON format: a `title` slide, `events` with `start_date`/`end_date` split into
//! year, month and day at the event's precision, `text.headline`/`text.text` (HTML, so every
//! string is escaped), `group` from the lane and `unique_id` from the id, and the log's eras as
//! TimelineJS's `eras` (dates at their precision, the title as `text.headline`, the sources as
//! `text.text`; TimelineJS has no lane or colour for an era). The same types read the format
//! back (`annals import --from timelinejs`).

use serde::{Deserialize, Deserializer, Serialize};

use super::html::escape;
use crate::model::{Date, Era, Event, Source, Timeline};

/// A TimelineJS3 document. Fields annals does not use are ignored when reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Slide>,
    pub events: Vec<Slide>,
    /// Named stretches of time: `start_date`, `end_date` and `text.headline` are used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eras: Vec<Slide>,
}

/// One slide: an event, or the title.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Slide {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<SlideDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<SlideDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<SlideText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<Media>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<String>,
}

/// A date split into its parts; TimelineJS writes them as numbers or as strings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SlideDate {
    #[serde(default, deserialize_with = "number")]
    pub year: Option<i64>,
    #[serde(
        default,
        deserialize_with = "number",
        skip_serializing_if = "Option::is_none"
    )]
    pub month: Option<i64>,
    #[serde(
        default,
        deserialize_with = "number",
        skip_serializing_if = "Option::is_none"
    )]
    pub day: Option<i64>,
}

/// The words of a slide, both HTML.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SlideText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A slide's media; annals reads its address as a source.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Media {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// The selected events as a TimelineJS3 document.
pub fn export(timeline: &Timeline, selected: &[usize]) -> String {
    let title = (!timeline.title.is_empty() || !timeline.description.is_empty()).then(|| Slide {
        text: Some(SlideText {
            headline: Some(escape(&timeline.title)),
            text: (!timeline.description.is_empty())
                .then(|| format!("<p>{}</p>", escape(&timeline.description))),
        }),
        ..Slide::default()
    });
    let events = selected
        .iter()
        .map(|&i| slide(timeline, &timeline.events[i]))
        .collect();
    // Eras are not events: a selection keeps them all, as the JSON export does.
    let eras = timeline.eras.iter().map(era).collect();
    super::json::pretty(&Document {
        title,
        events,
        eras,
    })
}

fn era(e: &Era) -> Slide {
    Slide {
        start_date: Some(SlideDate::from(e.date)),
        end_date: Some(SlideDate::from(e.end)),
        text: Some(SlideText {
            headline: Some(escape(&e.title)),
            text: (!e.sources.is_empty()).then(|| sources_paragraph(e.sources())),
        }),
        ..Slide::default()
    }
}

fn slide(timeline: &Timeline, e: &Event) -> Slide {
    Slide {
        start_date: Some(SlideDate::from(e.date)),
        end_date: e.end.map(SlideDate::from),
        text: Some(SlideText {
            headline: Some(escape(e.title())),
            text: Some(body(e)),
        }),
        media: None,
        group: e.lane(timeline).map(|l| timeline.lanes[l].clone()),
        display_date: None,
        unique_id: Some(e.id().to_string()),
    }
}

/// The summary's paragraphs, then a paragraph of source links.
fn body(e: &Event) -> String {
    let mut out: String = e
        .summary()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim())))
        .collect();
    if !e.sources().is_empty() {
        out.push_str(&sources_paragraph(e.sources()));
    }
    out
}

/// `<p>Sources: …</p>`, each source a link when it has an address a reader may follow.
fn sources_paragraph<'a>(sources: impl IntoIterator<Item = Source<'a>>) -> String {
    let links: Vec<String> = super::labelled(sources)
        .map(|(label, url)| match url {
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(&label)),
            None => escape(&label),
        })
        .collect();
    format!("<p>{SOURCES}{}</p>", links.join("; "))
}

/// How the paragraph of sources starts, in what `export` writes and `import` reads.
pub const SOURCES: &str = "Sources: ";

impl From<Date> for SlideDate {
    fn from(date: Date) -> Self {
        Self {
            year: Some(i64::from(date.year_number())),
            month: date.month_number().map(i64::from),
            day: date.day_number().map(i64::from),
        }
    }
}

/// A number written as a number, a string of digits, or an empty string (none).
fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Text(String),
        Null,
    }
    match Option::<Raw>::deserialize(d)? {
        None | Some(Raw::Null) => Ok(None),
        Some(Raw::Int(n)) => Ok(Some(n)),
        Some(Raw::Text(t)) => {
            let t: String = t
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse()
                .map(Some)
                .map_err(|_| serde::de::Error::custom(format!("`{t}` is not a whole number")))
        }
    }
}

/// HTML as plain text: tags dropped, paragraphs and line breaks kept as blank lines and
/// newlines, the common entities decoded.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&decode(&rest[open..]));
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        if tag == "/p" || tag.starts_with("br") {
            out.push_str(if tag == "/p" { "\n\n" } else { "\n" });
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&decode(rest));
    let paragraphs: Vec<String> = out
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&nbsp;` and numeric references.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The anchors of an HTML fragment: each link's address and text.
pub fn anchors(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e);
        let tag = &rest[start..tag_end];
        let href = tag
            .split_once("href=\"")
            .and_then(|(_, h)| h.split_once('"'))
            .map(|(h, _)| decode(h));
        let body_end = rest[tag_end..]
            .find("</a>")
            .map_or(rest.len(), |e| tag_end + e);
        let text = strip_html(rest.get(tag_end + 1..body_end).unwrap_or(""));
        if let Some(href) = href {
            out.push((href, text));
        }
        rest = &rest[body_end.min(rest.len())..];
        if rest.starts_with("</a>") {
            rest = &rest[4..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_reads_back_as_the_text_escaped() {
        let text = "<b>\"x\"</b> & 'y' — 中";
        assert_eq!(decode(&escape(text)), text);
        assert_eq!(
            strip_html("<p>one &amp; two</p><p>three<br>four</p>"),
            "one & two\n\nthree\nfour"
        );
    }

    #[test]
    fn eras_are_written_at_their_precision_with_the_headline_escaped() {
        let log = "[[eras]]\ntitle = \"<script>x</script> & co\"\ndate = \"2025-05\"\nend = \"2026\"\n[[eras.sources]]\npublisher = \"P\"\ntitle = \"T\"\nurl = \"https://e.com/?a=1&b=2\"\n[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\n";
        let t = crate::load::parse(log).timeline.unwrap();
        let json = export(&t, &[]);
        let doc: Document = serde_json::from_str(&json).unwrap();
        assert!(doc.events.is_empty(), "a selection keeps every era");
        let era = &doc.eras[0];
        let date = |d: &Option<SlideDate>| d.as_ref().map(|d| (d.year, d.month, d.day));
        assert_eq!(date(&era.start_date), Some((Some(2025), Some(5), None)));
        assert_eq!(date(&era.end_date), Some((Some(2026), None, None)));
        let text = era.text.clone().unwrap();
        assert_eq!(
            text.headline.as_deref(),
            Some("&lt;script&gt;x&lt;/script&gt; &amp; co")
        );
        assert_eq!(
            text.text.as_deref(),
            Some("<p>Sources: <a href=\"https://e.com/?a=1&amp;b=2\">P: T</a></p>")
        );
    }

    #[test]
    fn anchors_give_address_and_text() {
        let html = "<p>Sources: <a href=\"https://e.com/?a=1&amp;b=2\">Wire: A &lt;b&gt;</a>; <a href=\"https://f.org\">F: G</a></p>";
        assert_eq!(
            anchors(html),
            [
                (
                    "https://e.com/?a=1&b=2".to_string(),
                    "Wire: A <b>".to_string()
                ),
                ("https://f.org".to_string(), "F: G".to_string())
            ]
        );
    }
}
