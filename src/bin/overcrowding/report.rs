//! `report`: one self-contained HTML page — inline SVG charts and CSS, no JavaScript, no
//! external resource. Every text from the data is escaped.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;
use overcrowding::plot::{self, Fan as FanChart, FanPoint, TrendPoint};
use overcrowding::system::{FacilityObservation, Lacks, facility_occupancies, summarize_panel};
use overcrowding::{CapacityKind, Record};

use crate::CliError;
use crate::args::Common;
use crate::forecast;
use crate::input::{self, Loaded};
use crate::output::{V, cell, flat};
use crate::screen;
use crate::summarize;

const CSS: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #222;
       max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f5f5f5; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .35rem;
          vertical-align: -0.1rem; border-radius: 2px; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption, .note { color: #555; font-size: .88rem; }
";

/// HTML-escapes text from the data.
pub fn esc(s: &str) -> String {
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

/// A chart's SVG ready to inline: no XML declaration and no namespace URL (HTML does not
/// need it, and the page names no external address).
fn inline_svg(svg: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..]
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "")
}

fn swatch(from_percent: f64) -> String {
    let (r, g, b) = plot::band_colour(from_percent);
    format!("<span class=\"swatch\" style=\"background:#{r:02x}{g:02x}{b:02x}\"></span>")
}

fn figure(html: &mut String, svg: &str, caption: &str) {
    let _ = writeln!(
        html,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        inline_svg(svg),
        esc(caption)
    );
}

/// Writes the report to `out`.
pub fn write(
    c: &Common,
    loaded: &Loaded,
    out: &Path,
    thresholds: &[f64],
    horizon: usize,
) -> Result<(), CliError> {
    let html = build(c, loaded, thresholds, horizon)?;
    std::fs::write(out, html).map_err(|e| CliError::Data {
        source: None,
        error: Box::new(overcrowding::Error::Io {
            path: out.display().to_string(),
            source: e,
        }),
    })
}

fn build(
    c: &Common,
    loaded: &Loaded,
    thresholds: &[f64],
    horizon: usize,
) -> Result<String, CliError> {
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let date = dates[dates.len() - 1];
    let mut ths: Vec<f64> = std::iter::once(100.0)
        .chain(thresholds.iter().copied())
        .collect();
    ths.sort_by(f64::total_cmp);
    ths.dedup();
    let src = &loaded.source;
    let about = |what: &str| {
        format!(
            "{what} · capacity: {} · {date} · source: {src}",
            kind.name()
        )
    };
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Prison occupancy — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <h1>Prison occupancy, {date}</h1>\n\
         <p class=\"meta\">Source: {} · capacity kind: <b>{}</b> · date: {date} · made with \
         overcrowding {}</p>\n",
        esc(src),
        esc(src),
        esc(kind.name()),
        env!("CARGO_PKG_VERSION")
    );

    // 1. Summary.
    let on_date = loaded.panel.filter(|r| r.date() == date);
    let (grouped, key) = input::grouped(c, &on_date, &[date])?;
    let extra: Vec<f64> = ths.iter().copied().filter(|t| *t != 100.0).collect();
    let opts = summarize::options(&kind, &extra)?;
    let system = summarize_panel(&grouped, &opts)?;
    let mut rows = vec![summarize::summary_row(
        V::Text("all".into()),
        date,
        &system[0].summary,
    )];
    if let Some(k) = &key {
        for g in overcrowding::system::summarize_panel_groups(&grouped, k, &opts)? {
            rows.push(summarize::summary_row(
                V::opt_text(g.group),
                g.date,
                &g.summary,
            ));
        }
    }
    h.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>",
        esc(&about("System and group figures"))
    );
    summary_table(&mut h, &rows);
    h.push_str(
        "<p class=\"note\">Occupancy is Σ population ÷ Σ capacity over the facilities that report \
         both, rounded once from the exact counts. The surplus adds up the people above capacity \
         facility by facility; the median prisoner's occupancy is that of the facility the \
         median prisoner is held in.</p>\n</section>\n",
    );

    // 2. Facilities above each threshold, with the bar chart.
    let obs: Vec<FacilityObservation> = on_date
        .records()
        .iter()
        .map(|r| FacilityObservation::from_record(r, &kind, None))
        .collect();
    let occ = facility_occupancies(&obs)?;
    h.push_str("<section id=\"thresholds\">\n<h2>Facilities above each threshold</h2>\n");
    let th_objs: Vec<overcrowding::Threshold> = ths
        .iter()
        .filter_map(|t| overcrowding::Threshold::above(format!("{t} %"), *t).ok())
        .collect();
    if occ.is_empty() {
        h.push_str("<p>No facility reports both a population and a capacity on this date.</p>\n");
    } else {
        let svg = plot::facility_bars_svg(
            &format!("Occupancy by facility, {date}"),
            &plot::caption(src, kind.name(), &date.to_string()),
            &occ,
            &th_objs,
        )?;
        figure(&mut h, &svg, &about("Occupancy by facility"));
    }
    let names = names_of(on_date.records());
    for t in &ths {
        let mut above: Vec<_> = occ.iter().filter(|f| f.occupancy.percent() > *t).collect();
        above.sort_by(|a, b| b.occupancy.cmp(&a.occupancy).then(a.id.cmp(&b.id)));
        let people: u64 = above.iter().map(|f| f.population).sum();
        let _ = writeln!(
            h,
            "<h3>{}Above {t} %: {} of {} facilities, {} people</h3>",
            swatch(*t),
            above.len(),
            occ.len(),
            crate::output::thousands(people as u128)
        );
        if above.is_empty() {
            continue;
        }
        h.push_str("<table><tr><th>facility</th><th class=\"n\">population</th><th class=\"n\">capacity</th><th class=\"n\">occupancy</th></tr>\n");
        for f in above {
            let name = names
                .get(f.id.as_str())
                .map_or(f.id.to_string(), |n| n.clone());
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} %</td></tr>",
                esc(&name),
                crate::output::thousands(f.population as u128),
                crate::output::thousands(f.capacity as u128),
                f.occupancy.percent_rounded(1)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");

    // 3. Coverage.
    let cov = &system[0].summary.coverage;
    h.push_str("<section id=\"coverage\">\n<h2>Coverage</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} of {} facilities report both a population and a {} capacity on {date}; \
         they hold {} of the {} people reported.</p>",
        cov.covered,
        cov.facilities,
        esc(kind.name()),
        crate::output::thousands(cov.population_covered),
        crate::output::thousands(cov.population_reported)
    );
    if !cov.missing.is_empty() {
        h.push_str("<table><tr><th>facility</th><th>not reported</th><th class=\"n\">population</th><th class=\"n\">capacity</th></tr>\n");
        for m in &cov.missing {
            let lacks = match m.lacks {
                Lacks::Population => "population",
                Lacks::Capacity => "capacity",
                Lacks::Both => "population and capacity",
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{lacks}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(m.id.as_str()),
                m.population
                    .map_or("—".into(), |p| crate::output::thousands(p as u128)),
                m.capacity
                    .map_or("—".into(), |p| crate::output::thousands(p as u128)),
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");

    // 4. Data-quality findings.
    h.push_str("<section id=\"screen\">\n<h2>Data-quality findings</h2>\n");
    let findings = screen::rows(c, loaded)?;
    let _ = writeln!(
        h,
        "<p class=\"note\">Rejected rows, the crate's data-quality screen (implausible \
         occupancy, values repeated across facilities, unchanged runs, partial reports, jumps, \
         capacity bounces) over every date, values not reported on {date}, and months without a \
         report. {} finding{}.</p>",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    if !findings.is_empty() {
        h.push_str("<table><tr><th>check</th><th>date</th><th>facility</th><th>kind</th><th>value</th><th>detail</th></tr>\n");
        for f in findings.iter().take(500) {
            h.push_str("<tr>");
            for (_, v) in flat(f) {
                let _ = write!(h, "<td>{}</td>", esc(&cell(&v, true)));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
        if findings.len() > 500 {
            let _ = writeln!(
                h,
                "<p class=\"note\">… and {} more (run <code>overcrowding screen</code> for all).</p>",
                findings.len() - 500
            );
        }
    }
    h.push_str("</section>\n");

    // 5. Over time and the forecast, when the data has several dates.
    let all_dates = loaded.panel.dates();
    h.push_str("<section id=\"over-time\">\n<h2>The system over time</h2>\n");
    if all_dates.len() < 2 {
        h.push_str("<p>The data has one date: there is no history to show or project.</p>\n");
    } else {
        over_time(&mut h, loaded, &kind, &all_dates, src)?;
    }
    h.push_str("</section>\n");
    h.push_str("<section id=\"forecast\">\n<h2>Forecast</h2>\n");
    if all_dates.len() < 2 {
        h.push_str("<p>No forecast: the data has one date.</p>\n");
    } else {
        fan(&mut h, loaded, &kind, horizon, src)?;
    }
    h.push_str("</section>\n</body>\n</html>\n");
    Ok(h)
}

fn names_of(records: &[Record]) -> std::collections::HashMap<&str, String> {
    records
        .iter()
        .filter_map(|r| Some((r.id().as_str(), r.name()?.to_string())))
        .filter(|(id, name)| id != name)
        .map(|(id, name)| (id, format!("{name} ({id})")))
        .collect()
}

fn summary_table(h: &mut String, rows: &[crate::output::Row]) {
    const SHOWN: [(&str, &str); 10] = [
        ("group", "group"),
        ("facilities", "facilities"),
        ("covered_facilities", "covered"),
        ("population", "population"),
        ("capacity", "capacity"),
        ("occupancy_percent", "occupancy %"),
        ("surplus", "surplus"),
        ("over_capacity_facilities", "facilities over 100 %"),
        ("people_in_over_capacity", "people in them"),
        (
            "median_prisoner_occupancy_percent",
            "median prisoner's occupancy %",
        ),
    ];
    h.push_str("<table><tr>");
    for (i, (_, label)) in SHOWN.iter().enumerate() {
        let class = if i == 0 { "" } else { " class=\"n\"" };
        let _ = write!(h, "<th{class}>{label}</th>");
    }
    h.push_str("</tr>\n");
    for r in rows {
        let f = flat(r);
        h.push_str("<tr>");
        for (i, (key, _)) in SHOWN.iter().enumerate() {
            let v = f
                .iter()
                .find(|(k, _)| k == key)
                .map_or(String::new(), |(_, v)| cell(v, true));
            let v = match (v.is_empty(), *key == "group") {
                (true, true) => "(no value)".to_string(),
                (true, false) => "—".to_string(),
                _ => v,
            };
            let class = if i == 0 { "" } else { " class=\"n\"" };
            let _ = write!(h, "<td{class}>{}</td>", esc(&v));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

fn over_time(
    h: &mut String,
    loaded: &Loaded,
    kind: &CapacityKind,
    dates: &[Date],
    src: &str,
) -> Result<(), CliError> {
    let sums = summarize_panel(
        &loaded.panel,
        &overcrowding::system::SummaryOptions::new(kind.clone()),
    )?;
    let points: Vec<TrendPoint> = sums
        .iter()
        .filter_map(|s| TrendPoint::from_summary(s.date, &s.summary).ok())
        .collect();
    if points.len() < 2 {
        h.push_str("<p>Fewer than two dates have covered facilities.</p>\n");
        return Ok(());
    }
    let span = format!("{} to {}", dates[0], dates[dates.len() - 1]);
    let svg = plot::system_trend_svg(
        &format!("System occupancy and facilities over capacity, {span}"),
        &plot::caption(src, kind.name(), &span),
        &points,
    )?;
    figure(
        h,
        &svg,
        &format!(
            "System occupancy over time · capacity: {} · {span} · source: {src}",
            kind.name()
        ),
    );
    Ok(())
}

fn fan(
    h: &mut String,
    loaded: &Loaded,
    kind: &CapacityKind,
    horizon: usize,
    src: &str,
) -> Result<(), CliError> {
    // Year-end or quarterly data get a forecast by year or quarter: the finest period
    // with a run long enough since its last gap.
    let (period, totals) = forecast::finest_period(loaded.panel.records());
    let step = period.step() as usize;
    let periods = horizon.div_ceil(step).max(1);
    let last = loaded.panel.latest_date().unwrap_or_default();
    let capacity: u64 = loaded
        .panel
        .on(last)
        .iter()
        .filter_map(|r| r.capacity(kind))
        .sum();
    let capacity = (capacity > 0).then_some(capacity);
    let f = match forecast::fan_of(&totals, period, periods, capacity) {
        Ok(f) => f,
        Err(CliError::Data { error, .. }) => {
            let _ = writeln!(h, "<p>No forecast: {}</p>", esc(&error.to_string()));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let last_period = f.history.last().map_or(f.months[0], |p| p.0);
    let history: Vec<_> = f
        .history
        .iter()
        .filter(|(m, _)| m.months_since(last_period) > -(4 * horizon as i64).max(48 * step as i64))
        .map(|(m, v)| (*m, *v as f64))
        .collect();
    let projection: Vec<FanPoint> = f
        .months
        .iter()
        .enumerate()
        .map(|(k, m)| FanPoint {
            month: *m,
            centre: f.median[k],
            band80: f.band80[k],
            band95: f.band95[k],
        })
        .collect();
    let cap_label = capacity.map(|c| {
        format!(
            "{} capacity {}",
            kind.name(),
            crate::output::thousands(c as u128)
        )
    });
    let chart = FanChart {
        history: &history,
        projection: &projection,
        capacity: capacity.map(|c| c as f64).zip(cap_label.as_deref()),
        y_label: "people held",
        centre_label: "median projection",
    };
    let title = format!(
        "Projected population, {} to {}",
        period.label(f.months[0]),
        period.label(f.months[f.months.len() - 1])
    );
    let svg = plot::forecast_fan_svg(
        &title,
        &plot::caption(
            src,
            kind.name(),
            &format!("history to {}", period.label(last_period)),
        ),
        &chart,
    )?;
    figure(
        h,
        &svg,
        &format!(
            "Forecast · capacity: {} as of {last} · method: {} · source: {src}",
            kind.name(),
            f.method
        ),
    );
    let _ = writeln!(
        h,
        "<p>{}</p>",
        match (capacity, f.first_above) {
            (Some(c), _) if f.above_at_origin => format!(
                "The last observation ({}) is already above the {} capacity of {}.",
                crate::output::thousands(f.history.last().map_or(0, |p| u128::from(p.1))),
                esc(kind.name()),
                crate::output::thousands(c as u128)
            ),
            (Some(c), Some(m)) => format!(
                "The median projection is above the {} capacity of {} from {}.",
                esc(kind.name()),
                crate::output::thousands(c as u128),
                period.label(m)
            ),
            (Some(c), None) => format!(
                "The median projection stays at or below the {} capacity of {} within {periods} {}.",
                esc(kind.name()),
                crate::output::thousands(c as u128),
                period.noun()
            ),
            _ => "No capacity of this kind is reported on the last date.".to_string(),
        }
    );
    if let (Some(c), Some(reached), false) = (capacity, &f.reached, f.above_at_origin) {
        let last = reached.last().copied().unwrap_or(0.0);
        let _ = writeln!(
            h,
            "<p>In {:.0} % of the simulated paths the population is above the {} capacity of {} \
             in at least one {} within {periods} {}.</p>",
            100.0 * last,
            esc(kind.name()),
            crate::output::thousands(c as u128),
            period.one(),
            period.noun()
        );
    }
    if !f.gaps.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">{} without a report ({}): {}. The forecast uses the {} since the last gap.</p>",
            capitalised(period.noun()),
            f.gaps.len(),
            esc(&f
                .gaps
                .iter()
                .map(|m| period.label(*m))
                .collect::<Vec<_>>()
                .join(", ")),
            period.noun()
        );
    }
    if period != crate::args::Period::Monthly {
        let _ = writeln!(
            h,
            "<p class=\"note\">The dates are too far apart for a monthly forecast: the totals are \
             taken by {} (the last report of each counts) and the horizon rounded up to {periods} {}.</p>",
            period.one(),
            period.noun()
        );
    }
    Ok(())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
