//! One self-contained web page: the chronology with month dividers, a filter box and actor and
//! tag facets that narrow as you type, the lanes as an SVG time axis (eras as bands), every event at a stable
//! `#id` anchor with its sources as links. CSS and JS are inlined and nothing is fetched (a
//! content security policy forbids it). Every string from the log is HTML-escaped; the page
//! is complete without JS, which only hides what the filter leaves out.

use std::fmt::Write as _;

use crate::model::Timeline;
use crate::text;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Width and height of the SVG lanes, in its own units.
const AXIS_WIDTH: f64 = 1000.0;
const LANE_HEIGHT: usize = 26;
const LANE_LABEL: f64 = 150.0;

/// The page for the selected events.
pub fn page(timeline: &Timeline, selected: &[usize]) -> String {
    // The page is about its events' text plus a kilobyte or two of markup each: reserving
    // that at once saves copying a large page over while it grows.
    let text: usize = selected
        .iter()
        .map(|&i| timeline.events[i].title().len() * 2 + timeline.events[i].summary().len())
        .sum();
    let mut out = String::with_capacity(8192 + text + selected.len() * 1600);
    let title = if timeline.title.is_empty() {
        "annals"
    } else {
        &timeline.title
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"annals {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(title));
    if !timeline.description.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"description\">{}</p>",
            escape(&timeline.description)
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"Filter: words, actors, tags\" \
         aria-label=\"Filter events\" autocomplete=\"off\"> <span id=\"shown\" aria-live=\"polite\">{}</span></div>",
        text::count(selected.len(), "event")
    );
    facets(&mut out, timeline, selected);
    out.push_str("</header>\n");
    lanes(&mut out, timeline, selected);
    out.push_str("<main id=\"events\">\n");
    chronology(&mut out, timeline, selected);
    out.push_str("</main>\n<script>\n");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// A button per actor and per tag of the selected events, most frequent first.
fn facets(out: &mut String, timeline: &Timeline, selected: &[usize]) {
    let mut actors = vec![0usize; timeline.actors.len()];
    let mut tags = vec![0usize; timeline.tags.len()];
    for &i in selected {
        let e = &timeline.events[i];
        e.actors().iter().for_each(|a| actors[a] += 1);
        e.tags().iter().for_each(|t| tags[t] += 1);
    }
    let actor_names: Vec<(&str, &str)> = timeline
        .actors
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let tag_names: Vec<(&str, &str)> = timeline
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.name.as_str()))
        .collect();
    facet_group(out, "actor", "Actors", &actors, &actor_names);
    facet_group(out, "tag", "Tags", &tags, &tag_names);
}

/// One row of facet buttons: `names[i]` is the key and the label of item `i`.
fn facet_group(
    out: &mut String,
    kind: &str,
    label: &str,
    counts: &[usize],
    names: &[(&str, &str)],
) {
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(names[a].1.cmp(names[b].1)));
    let _ = write!(
        out,
        "<div class=\"facets\" data-kind=\"{kind}\"><span class=\"label\">{label}</span>"
    );
    for i in order {
        let (key, shown) = names[i];
        let _ = write!(
            out,
            "<button type=\"button\" class=\"facet\" data-kind=\"{kind}\" data-key=\"{}\" aria-pressed=\"false\">{} <span class=\"n\">{}</span></button>",
            escape(key),
            escape(shown),
            counts[i]
        );
    }
    out.push_str("</div>\n");
}

/// The lanes as an SVG time axis: a row per lane (and one for events without actors), a
/// tick per year, a dot per event linking to its anchor.
fn lanes(out: &mut String, timeline: &Timeline, selected: &[usize]) {
    let (Some(&first), Some(last)) = (
        selected.first(),
        selected
            .iter()
            .map(|&i| timeline.events[i].last_day())
            .max(),
    ) else {
        return;
    };
    let start = timeline.events[first].first_day();
    let span = f64::from((last - start).max(1));
    let lanes_only = selected
        .iter()
        .all(|&i| timeline.events[i].lane(timeline).is_some());
    let rows = timeline.lanes.len() + usize::from(!lanes_only);
    let height = rows * LANE_HEIGHT + 20;
    let x =
        |day: i32| LANE_LABEL + f64::from(day - start) / span * (AXIS_WIDTH - LANE_LABEL - 10.0);
    let _ = writeln!(
        out,
        "<svg id=\"lanes\" viewBox=\"0 0 {AXIS_WIDTH} {height}\" role=\"img\" aria-label=\"Events by lane over time\">"
    );
    let names = timeline
        .lanes
        .iter()
        .map(String::as_str)
        .chain(["No actor"])
        .take(rows);
    for (row, name) in names.enumerate() {
        let y = row * LANE_HEIGHT + LANE_HEIGHT / 2;
        let _ = writeln!(
            out,
            "<text class=\"lane\" x=\"4\" y=\"{}\">{}</text><line class=\"lane\" x1=\"{LANE_LABEL}\" x2=\"{AXIS_WIDTH}\" y1=\"{y}\" y2=\"{y}\"/>",
            y + 4,
            escape(&text::truncate(name, 22))
        );
    }
    bands(out, timeline, &x, (start, last), rows);
    let (first_year, last_year) = (
        timeline.events[first].date.year_number(),
        selected
            .iter()
            .map(|&i| {
                timeline.events[i]
                    .end
                    .unwrap_or(timeline.events[i].date)
                    .year_number()
            })
            .max()
            .unwrap_or(0),
    );
    for year in first_year..=last_year {
        let Some(jan) = crate::model::Date::parse(&format!("{year:04}")).ok() else {
            continue;
        };
        if jan.first_day() < start {
            continue;
        }
        let tx = x(jan.first_day());
        let _ = writeln!(
            out,
            "<line class=\"tick\" x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"0\" y2=\"{}\"/><text class=\"tick\" x=\"{tx:.1}\" y=\"{}\">{year}</text>",
            rows * LANE_HEIGHT,
            rows * LANE_HEIGHT + 14
        );
    }
    for &i in selected {
        let e = &timeline.events[i];
        let row = e.lane(timeline).unwrap_or(timeline.lanes.len());
        let y = row * LANE_HEIGHT + LANE_HEIGHT / 2;
        let (x1, x2) = (x(e.first_day()), x(e.last_day()));
        let _ = writeln!(
            out,
            "<a href=\"#{id}\" data-dot=\"{id}\"><rect class=\"dot i{imp}\" x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"10\" rx=\"4\"><title>{} {}</title></rect></a>",
            x1 - 4.0,
            y - 5,
            (x2 - x1 + 8.0),
            e.date_range(),
            escape(e.title()),
            id = escape(e.id()),
            imp = e.importance,
        );
    }
    out.push_str("</svg>\n");
}

/// The eras that overlap `days` as bands behind the dots: across every row, or in the era's
/// lane; the title shows on hover and, cut short, at the band's top.
fn bands(
    out: &mut String,
    timeline: &Timeline,
    x: &dyn Fn(i32) -> f64,
    days: (i32, i32),
    rows: usize,
) {
    let (start, last) = days;
    // Where the last label drawn at each height ends: a label that would run into another,
    // or out of its band, is left to the hover title.
    let mut label_ends: Vec<(usize, f64)> = Vec::new();
    for era in &timeline.eras {
        if era.last_day() < start || era.first_day() > last {
            continue;
        }
        let (x1, x2) = (x(era.first_day().max(start)), x(era.last_day().min(last)));
        let (y, height) = match era.lane.filter(|&l| l < rows) {
            Some(l) => (l * LANE_HEIGHT, LANE_HEIGHT),
            None => (0, rows * LANE_HEIGHT),
        };
        let label = text::truncate(&era.title, 24);
        let label_end = x1 + 2.0 + 5.5 * label.chars().count() as f64;
        let free = label_ends.iter().all(|&(at, end)| at != y || end <= x1);
        let label = if free && label_end <= x2 {
            label_ends.push((y, label_end));
            format!(
                "<text x=\"{:.1}\" y=\"{}\">{}</text>",
                x1 + 2.0,
                y + 9,
                escape(&label)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<g class=\"era\"><rect x=\"{x1:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{height}\"><title>{} {}</title></rect>{label}</g>",
            (x2 - x1).max(1.0),
            escape(&era.title),
            escape(&format!("({} – {})", era.date, era.end)),
        );
    }
}

/// The events under a divider per month.
fn chronology(out: &mut String, timeline: &Timeline, selected: &[usize]) {
    for (heading, run) in crate::render::by_month(timeline, selected) {
        let _ = writeln!(out, "<section class=\"month\"><h2>{heading}</h2>");
        for &i in run {
            event(out, timeline, i);
        }
        out.push_str("</section>\n");
    }
}

fn event(out: &mut String, timeline: &Timeline, i: usize) {
    let e = &timeline.events[i];
    let actor_ids: Vec<&str> = e
        .actors()
        .iter()
        .map(|a| timeline.actors[a].id.as_str())
        .collect();
    let tag_names: Vec<&str> = e
        .tags()
        .iter()
        .map(|t| timeline.tags[t].name.as_str())
        .collect();
    // What the filter reads besides the event's visible text (its id, its actors' ids and
    // aliases); the page's script adds the text shown.
    let mut words = e.id().to_string();
    for a in e.actors() {
        let actor = &timeline.actors[a];
        let _ = write!(words, " {} {}", actor.id, actor.aliases.join(" "));
    }
    let _ = writeln!(
        out,
        "<article class=\"event i{}\" id=\"{}\" data-actors=\"{}\" data-tags=\"{}\" data-text=\"{}\">",
        e.importance,
        escape(e.id()),
        escape(&serde_json::to_string(&actor_ids).unwrap_or_default()),
        escape(&serde_json::to_string(&tag_names).unwrap_or_default()),
        escape(&words.to_lowercase())
    );
    let _ = writeln!(
        out,
        "<h3><a class=\"anchor\" href=\"#{}\">{}</a> {}</h3>",
        escape(e.id()),
        e.date_range(),
        escape(e.title())
    );
    let names: Vec<String> = e
        .actors()
        .iter()
        .map(|a| escape(&timeline.actors[a].name))
        .collect();
    let tags: Vec<String> = tag_names
        .iter()
        .map(|t| format!("<span class=\"tag\">{}</span>", escape(t)))
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} {}</p>",
        names.join(", "),
        tags.join(" ")
    );
    for p in e.summary().split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(out, "<p>{}</p>", escape(p.trim()));
    }
    if !e.sources().is_empty() {
        out.push_str("<ul class=\"sources\">");
        for (label, url) in super::sources(e) {
            let label = escape(&label);
            match url {
                Some(url) => {
                    let _ = write!(
                        out,
                        "<li><a href=\"{}\" rel=\"noopener noreferrer\">{label}</a></li>",
                        escape(url)
                    );
                }
                None => {
                    let _ = write!(out, "<li>{label}</li>");
                }
            }
        }
        out.push_str("</ul>\n");
    }
    let linked = timeline.links(i);
    if !linked.is_empty() {
        let links: Vec<String> = linked
            .iter()
            .map(|&j| {
                let l = &timeline.events[j];
                format!("<a href=\"#{}\">{}</a>", escape(l.id()), escape(l.title()))
            })
            .collect();
        let _ = writeln!(out, "<p class=\"links\">Linked: {}</p>", links.join(" · "));
    }
    out.push_str("</article>\n");
}

/// `text` for HTML text and quoted attribute values: `& < > " '` as entities, control
/// characters (and the bidirectional overrides) made harmless.
pub fn escape(text: &str) -> String {
    super::replace_ascii(&text::sanitize(text), |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_attribute_breakers_are_text() {
        assert_eq!(
            escape("<script>\"onmouseover='x'&"),
            "&lt;script&gt;&quot;onmouseover=&#39;x&#39;&amp;"
        );
    }

    #[test]
    fn eras_are_bands_on_the_axis_with_their_titles_escaped() {
        let log = "[timeline]\nlanes = [\"US\", \"China\"]\n[actors.a]\nname = \"A\"\nlane = \"China\"\nkind = \"company\"\n[[eras]]\ntitle = \"<script>x</script>\"\ndate = \"2025-05\"\nend = \"2025-08\"\nlane = \"China\"\n[[eras]]\ntitle = \"Before\"\ndate = \"2000\"\nend = \"2001\"\n[[eras]]\ntitle = \"All\"\ndate = \"2020\"\nend = \"2030\"\n[[events]]\nid = \"a\"\ndate = \"2025\"\ntitle = \"A\"\nactors = [\"a\"]\n";
        let t = crate::load::parse(log).timeline.unwrap();
        let mut out = String::new();
        lanes(&mut out, &t, &[0]);
        assert_eq!(
            out.matches("<g class=\"era\">").count(),
            2,
            "the one before the events is left out: {out}"
        );
        assert!(
            !out.contains("<script>") && out.contains("<title>&lt;script&gt;x"),
            "{out}"
        );
        assert!(
            out.contains(">All</text>"),
            "a wide band is labelled: {out}"
        );
        assert!(
            out.contains(&format!("y=\"{LANE_HEIGHT}\" width=")),
            "the China lane's row: {out}"
        );
        assert!(
            out.contains(&format!("height=\"{}\"", 2 * LANE_HEIGHT)),
            "across both rows: {out}"
        );
    }
}
