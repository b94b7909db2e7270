//! TimelineJS3 JSON in: each slide becomes an event. `unique_id` gives the id, `start_date` and
//! `end_date` the dates at the precision their parts give, `text.headline` the title,
//! `text.text` the summary (its "Sources:" paragraph and the media address the sources), and
//! `group` the lane, through an actor named after it. Each of the file's `eras` becomes an era
//! across every lane: its headline the title, its dates the dates (an era without `end_date`
//! ends where it starts), the links of its text the sources.

use super::build::{Builder, source};
use super::csv::parts_to_date;
use super::{Place, Problem};
use crate::export::json::{Document, EraDoc, EventDoc, SourceDoc};
use crate::export::timelinejs::{
    self as tl, SOURCES, Slide, SlideDate, SlideText, anchors, strip_html,
};
use crate::model::Date;

pub fn read(name: &str, text: &str) -> Result<(Document, Vec<Place>), Vec<Problem>> {
    let doc: tl::Document = serde_json::from_str(text.strip_prefix('\u{FEFF}').unwrap_or(text))
        .map_err(|e| {
            vec![Problem::new(
                format!("{name}:{}:{}", e.line(), e.column()),
                super::json_message(&e),
            )]
        })?;
    let mut builder = Builder::new();
    if let Some(text) = doc.title.as_ref().and_then(|t| t.text.as_ref()) {
        builder.title(
            strip_html(text.headline.as_deref().unwrap_or("")),
            strip_html(text.text.as_deref().unwrap_or("")),
        );
    }
    let mut places = Vec::with_capacity(doc.events.len());
    let mut problems = Vec::new();
    for (i, slide) in doc.events.iter().enumerate() {
        let at = format!("{name}: events[{i}]");
        match event(slide, &mut builder) {
            Ok(()) => places.push(Place {
                at,
                columns: Vec::new(),
            }),
            Err(why) => problems.push(Problem::new(at, why)),
        }
    }
    for (i, slide) in doc.eras.iter().enumerate() {
        match era(slide) {
            Ok(era) => builder.push_era(era),
            Err(why) => problems.push(Problem::new(format!("{name}: eras[{i}]"), why)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((builder.finish(), places))
}

fn era(slide: &Slide) -> Result<EraDoc, String> {
    let date = date(slide.start_date.as_ref(), "start_date")?
        .ok_or_else(|| "the era has no `start_date`".to_string())?;
    let end = date_or_none(slide.end_date.as_ref())?.unwrap_or(date);
    let text = slide.text.clone().unwrap_or_default();
    let title = headline(&text)
        .ok_or_else(|| "the era has no `text.headline`: every era needs a title".to_string())?;
    let sources = links(text.text.as_deref().unwrap_or(""), &title);
    Ok(EraDoc {
        title,
        date,
        end,
        lane: None,
        colour: None,
        sources,
    })
}

/// The headline as plain text on one line, or `None` when it is empty.
fn headline(text: &SlideText) -> Option<String> {
    let title = strip_html(text.headline.as_deref().unwrap_or("")).replace('\n', " ");
    (!title.trim().is_empty()).then_some(title)
}

/// The links of an HTML fragment as sources, each label read as `Publisher: Title`.
fn links(html: &str, title: &str) -> Vec<SourceDoc> {
    anchors(html)
        .into_iter()
        .map(|(url, label)| source(Some(&label), url, || label.clone(), title))
        .collect()
}

fn event(slide: &Slide, builder: &mut Builder) -> Result<(), String> {
    let date = date(slide.start_date.as_ref(), "start_date")?.ok_or_else(|| {
        "the slide has no `start_date` (only the title slide may go without)".to_string()
    })?;
    let end = date_or_none(slide.end_date.as_ref())?;
    let text = slide.text.clone().unwrap_or_default();
    let title = headline(&text)
        .ok_or_else(|| "the slide has no `text.headline`: every event needs a title".to_string())?;
    let body = text.text.unwrap_or_default();
    let (summary_html, sources_html) = match body.find(&format!("<p>{SOURCES}")) {
        Some(at) => body.split_at(at),
        None => (body.as_str(), ""),
    };
    let mut sources = links(sources_html, &title);
    if let Some(media) = &slide.media
        && let Some(url) = media.url.as_deref().filter(|u| !u.trim().is_empty())
    {
        sources.push(SourceDoc {
            publisher: media
                .credit
                .clone()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "Media".to_string()),
            title: media
                .caption
                .clone()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| title.clone()),
            url: Some(url.to_string()),
            date: None,
        });
    }
    let group = slide
        .group
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty());
    let actors = group
        .map(|g| builder.actor(g, Some(g)))
        .into_iter()
        .collect();
    let id = builder.event_id(slide.unique_id.as_deref(), &title);
    builder.push(EventDoc {
        id,
        date,
        end,
        title,
        actors,
        tags: Vec::new(),
        importance: 2,
        summary: strip_html(summary_html),
        related: Vec::new(),
        sources,
    });
    Ok(())
}

fn date(date: Option<&SlideDate>, what: &str) -> Result<Option<Date>, String> {
    let Some(d) = date else { return Ok(None) };
    let Some(year) = d.year else {
        return Err(format!("`{what}` has no year"));
    };
    parts_to_date(year, d.month, d.day)
        .map(Some)
        .map_err(|e| format!("`{what}`: {e}"))
}

/// The end date; an `end_date` with no parts at all (as spreadsheets leave it) is none.
fn date_or_none(date: Option<&SlideDate>) -> Result<Option<Date>, String> {
    match date {
        Some(d) if d.year.is_none() && d.month.is_none() && d.day.is_none() => Ok(None),
        other => self::date(other, "end_date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras_come_back_across_every_lane_with_their_headline_unescaped() {
        let file = r#"{"events": [], "eras": [
            {"start_date": {"year": "2025", "month": 5}, "end_date": {"year": 2026},
             "text": {"headline": "Tariffs &amp; <b>truce</b>",
                      "text": "<p>Sources: <a href=\"https://e.com\">Wire: Story</a></p>"}},
            {"start_date": {"year": 1999}, "text": {"headline": "One year"}}
        ]}"#;
        let (doc, _) = read("f.json", file).unwrap();
        assert_eq!(doc.eras.len(), 2);
        let era = &doc.eras[0];
        assert_eq!(era.title, "Tariffs & truce");
        assert_eq!(
            (era.date.to_string(), era.end.to_string()),
            ("2025-05".into(), "2026".into())
        );
        assert_eq!((era.lane.as_ref(), era.colour.as_ref()), (None, None));
        assert_eq!(era.sources[0].publisher, "Wire");
        assert_eq!(era.sources[0].url.as_deref(), Some("https://e.com"));
        assert_eq!(
            doc.eras[1].end.to_string(),
            "1999",
            "no end_date: it ends where it starts"
        );
    }

    #[test]
    fn an_era_without_a_headline_or_a_start_is_named() {
        let file = r#"{"events": [], "eras": [{"start_date": {"year": 2020}}, {"text": {"headline": "x"}}]}"#;
        let problems = read("f.json", file).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "f.json: eras[0]: the era has no `text.headline`: every era needs a title",
                "f.json: eras[1]: the era has no `start_date`"
            ]
        );
    }
}
