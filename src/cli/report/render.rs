//! Rendering the report's typed sections as HTML; every text from the data is escaped.

use std::fmt::Write as _;

use super::{CSS, ForecastSection, OutlookLine, OutlookSection, Page};
use crate::exact::thousands;
use crate::plot;
use crate::system::Lacks;

/// HTML-escapes text from the data.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A chart's SVG ready to inline (no XML declaration, no namespace URL) with its caption.
pub(super) fn figure(svg: &str, caption: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let svg = svg[start..]
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    format!(
        "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
        esc(caption)
    )
}

fn colour(from_percent: f64) -> String {
    let (r, g, b) = plot::band_colour(from_percent);
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn swatch(from_percent: f64) -> String {
    format!(
        "<span class=\"swatch\" style=\"background:{}\"></span>",
        colour(from_percent)
    )
}

pub(super) fn n(x: impl Into<u128>) -> String {
    thousands(x.into())
}

/// The page as HTML, section by section in the page's order.
pub(super) fn render(p: &Page) -> String {
    let mut h = String::new();
    let kind = esc(p.kind.name());
    let src = esc(&p.source);
    let date = p.date;
    h.push_str(&head(
        &format!("Prison occupancy — {src}"),
        &format!("Prison occupancy, {date}"),
        &format!("Source: {src} · capacity kind: <b>{kind}</b> · date: {date}"),
    ));
    render_headline(&mut h, p);
    h.push_str("<section id=\"over-time\">\n<h2>The system over time</h2>\n");
    match &p.trend {
        Some(fig) => h.push_str(fig),
        None => {
            h.push_str("<p>The data has one date: there is no history to show or project.</p>\n")
        }
    }
    h.push_str("</section>\n<section id=\"forecast\">\n<h2>Forecast</h2>\n");
    match &p.forecast {
        ForecastSection::None(why) => {
            let _ = writeln!(h, "<p>{}</p>", esc(why));
        }
        ForecastSection::Fan {
            svg,
            caption,
            sentences,
            notes,
        } => {
            h.push_str(&figure(svg, caption));
            for s in sentences {
                let _ = writeln!(h, "<p>{}</p>", esc(s));
            }
            for s in notes {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(s));
            }
        }
    }
    render_outlook(&mut h, &p.outlook);
    h.push_str("</section>\n");
    render_bands(&mut h, p);
    render_coverage(&mut h, p);
    render_findings(&mut h, p);
    h.push_str("</body>\n</html>\n");
    h
}

/// The page's start, up to and including its heading and the line under it (`meta`, HTML,
/// escaped by the caller); one look for every page the command line writes.
pub(super) fn head(title: &str, h1: &str, meta: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <h1>{h1}</h1>\n<p class=\"meta\">{meta} · made with overcrowding {}</p>\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// One headline figure: a large value and what it is.
pub(super) fn headline_figure(h: &mut String, value: &str, what: &str) {
    let _ = writeln!(
        h,
        "<div class=\"fig\"><b>{}</b><span>{}</span></div>",
        esc(value),
        esc(what)
    );
}

fn render_headline(h: &mut String, p: &Page) {
    let s = &p.headline.summary;
    h.push_str("<section id=\"summary\">\n<h2>Headline figures</h2>\n");
    if p.input.partial() {
        let _ = writeln!(
            h,
            "<p class=\"warn\"><b>A partial answer:</b> {} of {} data rows were rejected{} and \
             are left out of every figure below (run with --rejects PATH to list them).</p>",
            n(p.input.rows_rejected as u128),
            n(p.input.rows_read as u128),
            esc(p.input.rejected_people_phrase().trim_end_matches(','))
        );
    }
    h.push_str("<div class=\"headline\">\n");
    let fig = headline_figure;
    match (&s.system, &p.headline.occupancy) {
        (Some(sys), Some(occ)) => {
            fig(
                h,
                &format!("{occ} %"),
                &format!("system occupancy ({} capacity)", p.kind.name()),
            );
            fig(
                h,
                &n(sys.population),
                &format!("people held in {} places", n(sys.capacity)),
            );
            fig(
                h,
                &format!("{} of {}", sys.overcrowded_facilities, sys.facilities),
                &format!(
                    "facilities over 100 %, holding {} people",
                    n(sys.people_in_overcrowded)
                ),
            );
            fig(
                h,
                &n(sys.surplus),
                "people above capacity, facility by facility",
            );
        }
        _ => fig(
            h,
            "—",
            "no facility reports both a population and a capacity",
        ),
    }
    if let Some(pt) = &p.headline.pretrial {
        let def = match pt.pretrial_definition {
            crate::PretrialDefinition::Broad => "broad",
            crate::PretrialDefinition::Narrow => "narrow",
        };
        fig(
            h,
            &pt.pretrial_share_percent
                .map_or("—".to_string(), |x| format!("{x} %")),
            &format!(
                "held pretrial ({def} definition; {} facilities report it, {} do not)",
                pt.pretrial_facilities, pt.pretrial_lacking_facilities
            ),
        );
    }
    h.push_str("</div>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Occupancy is Σ population ÷ Σ capacity over the {} of {} facilities \
         that report both on {}, rounded once from the exact counts; the surplus adds up the \
         people above capacity facility by facility. Input: {} rows read, {} accepted, {} \
         rejected, {} skipped.</p>",
        s.coverage.covered,
        s.coverage.facilities,
        p.date,
        n(p.input.rows_read as u128),
        n(p.input.rows_accepted as u128),
        n(p.input.rows_rejected as u128),
        n(p.input.rows_skipped as u128),
    );
    if !p.groups.is_empty() {
        h.push_str(
            "<table><tr><th>group</th><th class=\"n\">facilities</th><th class=\"n\">population</th>\
             <th class=\"n\">capacity</th><th class=\"n\">occupancy</th><th class=\"n\">over 100 %</th>\
             <th class=\"n\">surplus</th></tr>\n",
        );
        let opt =
            |x: Option<super::super::people::People>| x.map_or("—".to_string(), |p| p.pretty());
        for g in &p.groups {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(g.group.as_deref().unwrap_or("(no value)")),
                g.facilities,
                opt(g.population),
                opt(g.capacity),
                g.occupancy_percent.map_or("—".into(), |x| format!("{x} %")),
                g.over_capacity_facilities
                    .map_or("—".into(), |x| x.to_string()),
                opt(g.surplus),
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
}

/// A count that may be below zero, with thousands separators and a typographic minus.
pub(super) fn signed(x: i128) -> String {
    if x < 0 {
        format!("−{}", n(x.unsigned_abs()))
    } else {
        n(x.unsigned_abs())
    }
}

/// A people count from a forecast, with thousands separators; a bound below zero is shown as
/// it is, not clamped, so the page says what the JSON says.
fn people(x: f64) -> String {
    signed(x.round() as i128)
}

/// A share of paths as a percentage, "–" without a capacity.
fn chance(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |p| format!("{:.0} %", 100.0 * p))
}

fn outlook_row(h: &mut String, l: &OutlookLine, strong: bool) {
    let name = if strong {
        format!("<b>{}</b>", esc(&l.name))
    } else {
        esc(&l.name)
    };
    let _ = writeln!(
        h,
        "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{} – {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        n(l.last),
        l.capacity.map_or("–".to_string(), n),
        people(l.median),
        people(l.lower_80),
        people(l.upper_80),
        chance(l.above),
        chance(l.reached),
    );
}

/// The units' reconciled forecasts, under the system's fan.
fn render_outlook(h: &mut String, o: &OutlookSection) {
    match o {
        OutlookSection::None(why) => {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(why));
        }
        OutlookSection::Table {
            unit,
            plural,
            period,
            system,
            units,
            more,
            notes,
            ..
        } => {
            let _ = writeln!(
                h,
                "<h3>Each {unit}'s outlook to {}, adding up to the system</h3>\n\
                 <p>The {plural} most likely to be over capacity in {} first.</p>",
                esc(period),
                esc(period)
            );
            let _ = writeln!(
                h,
                "<table><tr><th>{unit}</th><th class=\"n\">held now</th><th class=\"n\">places</th>\
                 <th class=\"n\">median {}</th><th class=\"n\">80 % interval</th>\
                 <th class=\"n\">chance over capacity then</th><th class=\"n\">chance over by then</th></tr>",
                esc(period)
            );
            outlook_row(h, system, true);
            for l in units {
                outlook_row(h, l, false);
            }
            h.push_str("</table>\n");
            if *more > 0 {
                let _ = writeln!(
                    h,
                    "<p class=\"note\">{more} more {plural}, less likely to be over capacity \
                     (overcrowding forecast --by-facility lists every one).</p>"
                );
            }
            for s in notes {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(s));
            }
        }
    }
}

fn render_bands(h: &mut String, p: &Page) {
    h.push_str(
        "<section id=\"thresholds\">\n<h2>Facilities in each band</h2>\n<ul class=\"legend\">\n",
    );
    let _ = writeln!(
        h,
        "<li>{}At or below 100 %: within capacity</li>",
        swatch(0.0)
    );
    for b in &p.bands {
        let t = &b.threshold;
        let pct = t.percent();
        let name = t.label().trim();
        let label = if name.starts_with("above") {
            String::new()
        } else {
            format!(" ({})", esc(name))
        };
        let _ = writeln!(
            h,
            "<li>{}{} {pct} %{label}: {} of {} facilities, {} people</li>",
            swatch(pct.value()),
            if t.is_inclusive() {
                "At or above"
            } else {
                "Above"
            },
            b.facilities,
            b.of_facilities,
            n(b.people)
        );
    }
    h.push_str("</ul>\n");
    match &p.histogram {
        Some(svg) => h.push_str(&figure(
            svg,
            &format!(
                "Facilities by occupancy · capacity: {} · {} · source: {}",
                p.kind.name(),
                p.date,
                p.source
            ),
        )),
        None => h.push_str(
            "<p>No facility reports both a population and a capacity on this date.</p>\n",
        ),
    }
    if !p.facilities.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">Every facility, the most crowded first ({} capacity, {}):</p>",
            esc(p.kind.name()),
            p.date
        );
        h.push_str(
            "<div class=\"cols\"><table class=\"facilities\"><tr><th>facility</th>\
             <th class=\"n\">held</th><th class=\"n\">places</th><th class=\"n\">occupancy</th><th></th></tr>\n",
        );
        let thresholds = p.standard.thresholds();
        for f in &p.facilities {
            // The colour of the highest band reached (none: within capacity).
            let from = match p.standard.level_of(&f.occupancy.occupancy) {
                0 => 0.0,
                level => thresholds[level - 1].percent().value(),
            };
            // The bar: 1 px per percentage point, at most 200 (wider is marked by its number).
            let width = f.occupancy.occupancy.percent().clamp(0.0, 200.0) / 2.0;
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} %</td>\
                 <td><span class=\"bar\" style=\"width:{width:.0}px;background:{}\"></span></td></tr>",
                esc(&f.name),
                n(f.occupancy.population),
                n(f.occupancy.capacity),
                f.percent,
                colour(from)
            );
        }
        h.push_str("</table></div>\n");
    }
    h.push_str("</section>\n");
}

fn render_coverage(h: &mut String, p: &Page) {
    let c = &p.coverage;
    h.push_str("<section id=\"coverage\">\n<h2>Coverage</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} of {} facilities report both a population and a {} capacity on {}; they hold {} \
         of the {} people reported.</p>",
        c.covered,
        c.facilities,
        esc(p.kind.name()),
        p.date,
        n(c.population_covered),
        n(c.population_reported)
    );
    if !c.missing.is_empty() {
        h.push_str("<table><tr><th>facility</th><th>not reported</th><th class=\"n\">population</th><th class=\"n\">capacity</th></tr>\n");
        for m in &c.missing {
            let lacks = match m.lacks {
                Lacks::Population => "population",
                Lacks::Capacity => "capacity",
                Lacks::Both => "population and capacity",
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{lacks}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(m.id.as_str()),
                m.population.map_or("—".into(), n),
                m.capacity.map_or("—".into(), n),
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
}

fn render_findings(h: &mut String, p: &Page) {
    let f = &p.findings;
    h.push_str("<section id=\"screen\">\n<h2>Data-quality findings</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">{} finding{}: rejected rows, the crate's screen over every date, \
         values not reported, months without a report — the most serious first.</p>",
        n(f.total as u128),
        if f.total == 1 { "" } else { "s" }
    );
    if f.total == 0 {
        h.push_str("</section>\n");
        return;
    }
    h.push_str("<table><tr><th>check</th><th>severity</th><th class=\"n\">findings</th></tr>\n");
    for c in &f.counts {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&c.check),
            c.severity.name(),
            n(c.findings as u128)
        );
    }
    h.push_str("</table>\n");
    let _ = writeln!(h, "<h3>The {} most serious</h3>", f.top.len());
    h.push_str("<table><tr><th>severity</th><th>check</th><th>date</th><th>facility</th><th class=\"n\">people</th><th>detail</th></tr>\n");
    for r in &f.top {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            r.severity.name(),
            esc(&r.check),
            esc(r.date.as_deref().unwrap_or("")),
            esc(r.facility.as_deref().unwrap_or("")),
            r.people.map_or(String::new(), n),
            esc(&r.detail)
        );
    }
    h.push_str("</table>\n");
    if f.total > f.top.len() {
        let _ = writeln!(
            h,
            "<p class=\"note\">… and {} more (run <code>overcrowding screen</code> for all).</p>",
            n((f.total - f.top.len()) as u128)
        );
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::{people, signed};

    /// Counts below zero keep their sign (a typographic minus), never clamped to 0.
    #[test]
    fn counts_below_zero_keep_their_sign() {
        assert_eq!(signed(-12_345), "−12,345");
        assert_eq!(signed(0), "0");
        assert_eq!(signed(1_000_000), "1,000,000");
        assert_eq!(people(-1_234.6), "−1,235");
        assert_eq!(people(-0.4), "0");
        assert_eq!(people(38_999.5), "39,000");
    }
}
