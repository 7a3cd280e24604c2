//! `report`: one self-contained HTML page — inline SVG charts and CSS, no JavaScript, no
//! external resource — that tells the story in order: the headline figures, the system over
//! time and its forecast, the facilities in the bands of the standard (a histogram and a
//! compact sorted table), coverage, the most serious data-quality findings.
//!
//! The page is built as typed sections from library results ([`build`]) and only then
//! rendered ([`render`]); every text from the data is escaped.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use super::CliError;
use super::args::{Common, Period};
use super::forecast::{self, Fan};
use super::input::{self, InputCounts, Loaded};
use super::screen::{self, FindingRow};
use super::summarize::{self, PretrialRow, SummaryRow};
use crate::exact::{Rounding, thousands};
use crate::plot::{self, Fan as FanChart, FanPoint, TrendPoint};
use crate::system::{
    FacilityObservation, FacilityOccupancy, Lacks, MissingFacility, SummaryOptions, SystemSummary,
    facility_occupancies, summarize_panel, summarize_panel_groups,
};
use crate::{CapacityKind, Threshold};

/// Findings shown in the report (the command `screen` lists them all).
const TOP_FINDINGS: usize = 15;

const CSS: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #222;
       max-width: 1100px; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
.meta { color: #555; margin-top: 0; }
.headline { display: flex; flex-wrap: wrap; gap: .8rem 2.2rem; margin: 1rem 0; }
.fig b { display: block; font-size: 1.9rem; font-variant-numeric: tabular-nums; }
.fig span { color: #555; font-size: .88rem; }
.warn { background: #fff4d6; border-left: 4px solid #e09a2c; padding: .5rem .8rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { padding: .2rem .55rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f5f5f5; }
table.facilities td { padding: .08rem .5rem; }
.cols { columns: 2 30rem; column-gap: 2rem; }
.bar { display: inline-block; height: .7rem; vertical-align: -0.05rem; border-radius: 1px; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .35rem;
          vertical-align: -0.1rem; border-radius: 2px; }
ul.legend { list-style: none; padding: 0; }
figure { margin: .8rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption, .note { color: #555; font-size: .88rem; }
";

/// The report's typed sections, in page order.
struct Page {
    date: Date,
    kind: CapacityKind,
    source: String,
    input: InputCounts,
    headline: Headline,
    groups: Vec<SummaryRow>,
    trend: Option<String>,
    forecast: ForecastSection,
    bands: Vec<Band>,
    histogram: Option<String>,
    facilities: Vec<FacilityLine>,
    coverage: CoverageSection,
    findings: FindingsSection,
}

/// The figures a reader sees first.
struct Headline {
    summary: SystemSummary,
    occupancy: Option<String>,
    pretrial: Option<PretrialRow>,
}

/// One band of the standard: its threshold, facilities and people at or above it.
struct Band {
    threshold: Threshold,
    facilities: usize,
    of_facilities: usize,
    people: u128,
}

/// One row of the facility table.
struct FacilityLine {
    name: String,
    occupancy: FacilityOccupancy,
    percent: String,
}

enum ForecastSection {
    None(String),
    Fan {
        svg: String,
        caption: String,
        sentences: Vec<String>,
        notes: Vec<String>,
    },
}

struct CoverageSection {
    facilities: usize,
    covered: usize,
    population_covered: u128,
    population_reported: u128,
    missing: Vec<MissingFacility>,
}

struct FindingsSection {
    counts: Vec<screen::CheckCount>,
    top: Vec<FindingRow>,
    total: usize,
}

/// Writes the report to `out`.
pub(crate) fn write(
    c: &Common,
    loaded: &Loaded,
    out: &Path,
    thresholds: &[f64],
    horizon: usize,
) -> Result<(), CliError> {
    let page = build(c, loaded, thresholds, horizon)?;
    std::fs::write(out, render(&page)).map_err(|e| CliError::Data {
        source: None,
        error: Box::new(crate::Error::io(out.display().to_string(), e)),
    })
}

/// The bands of the report: the standard's (over 100 %, critical from 120 %, over 150 %) and
/// the user's extra thresholds, in increasing order.
fn bands(extra: &[f64]) -> Result<Vec<Threshold>, CliError> {
    let mut t = vec![
        Threshold::above("overcrowded", 100.0)?,
        Threshold::at_least("critical", 120.0)?,
        Threshold::above("above 150 %", 150.0)?,
    ];
    for &p in extra {
        if !t.iter().any(|x| x.percent().value() == p) {
            t.push(
                Threshold::above(format!("above {p} %"), p)
                    .map_err(|e| CliError::Usage(format!("--threshold {p}: {e}")))?,
            );
        }
    }
    t.sort_by(|a, b| a.percent().value().total_cmp(&b.percent().value()));
    Ok(t)
}

fn build(c: &Common, loaded: &Loaded, extra: &[f64], horizon: usize) -> Result<Page, CliError> {
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let date = dates[dates.len() - 1];
    let rounding: Rounding = c.rounding.into();
    let thresholds = bands(extra)?;
    let src = loaded.source.clone();

    let on_date = loaded.panel.filter(|r| r.date() == date);
    let (grouped, key) = input::grouped(c, &on_date, &[date])?;
    let mut opts = SummaryOptions::new(kind.clone()).with_top(0);
    for t in &thresholds {
        opts = opts.with_threshold(t.clone());
    }
    let system = summarize_panel(&grouped, &opts)?
        .into_iter()
        .next()
        .ok_or(crate::Error::from(crate::ErrorKind::Empty {
            what: "records",
        }))?
        .summary;
    let pretrial = c
        .pretrial_definition
        .map(|d| PretrialRow::of(&grouped, date, None, d.into(), rounding));
    let groups = match &key {
        Some(k) => summarize_panel_groups(&grouped, k, &summarize::options(&kind, &[])?)?
            .into_iter()
            .map(|g| SummaryRow::new(g.group.clone(), g.date, &g.summary, rounding))
            .collect(),
        None => Vec::new(),
    };
    let bands = system
        .thresholds
        .iter()
        .map(|t| Band {
            threshold: t.threshold.clone(),
            facilities: t.facilities,
            of_facilities: t.of_facilities,
            people: t.people,
        })
        .collect();

    let obs: Vec<FacilityObservation> = on_date
        .rows()
        .iter()
        .map(|r| FacilityObservation::from_row(r, &kind, None))
        .collect();
    let occ = facility_occupancies(&obs)?;
    let histogram = if occ.is_empty() {
        None
    } else {
        Some(plot::occupancy_histogram_svg(
            &format!("How full the facilities are, {date}"),
            &plot::caption(&src, kind.name(), &date.to_string()),
            &occ,
            &thresholds,
        )?)
    };
    let names: std::collections::HashMap<&str, &str> = on_date
        .rows()
        .iter()
        .filter_map(|r| Some((r.id().as_str(), r.name()?)))
        .collect();
    let mut facilities: Vec<FacilityLine> = occ
        .into_iter()
        .map(|f| FacilityLine {
            name: match names.get(f.id.as_str()) {
                Some(n) if *n != f.id.as_str() => format!("{n} ({})", f.id),
                _ => f.id.to_string(),
            },
            percent: f
                .occupancy
                .percent_rounded_string_by(1, rounding)
                .unwrap_or_default(),
            occupancy: f,
        })
        .collect();
    facilities.sort_by(|a, b| {
        b.occupancy
            .occupancy
            .cmp(&a.occupancy.occupancy)
            .then(a.name.cmp(&b.name))
    });

    let trend = trend(loaded, &kind, &src)?;
    let forecast = forecast_section(loaded, &kind, horizon, &src)?;
    let all = screen::findings(c, loaded)?;
    let cov = &system.coverage;
    let coverage = CoverageSection {
        facilities: cov.facilities,
        covered: cov.covered,
        population_covered: cov.population_covered,
        population_reported: cov.population_reported,
        missing: cov.missing.clone(),
    };
    Ok(Page {
        date,
        kind,
        source: src,
        input: loaded.counts,
        headline: Headline {
            occupancy: system
                .system
                .as_ref()
                .and_then(|s| s.ratio.percent_rounded_string_by(1, rounding).ok()),
            summary: system,
            pretrial,
        },
        groups,
        trend,
        forecast,
        bands,
        histogram,
        facilities,
        coverage,
        findings: FindingsSection {
            total: all.rows.len(),
            top: all.rows.into_iter().take(TOP_FINDINGS).collect(),
            counts: all.counts,
        },
    })
}

/// The system's occupancy over time, when the data has several dates.
fn trend(loaded: &Loaded, kind: &CapacityKind, src: &str) -> Result<Option<String>, CliError> {
    let dates = loaded.panel.dates();
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Ok(None);
    };
    if dates.len() < 2 {
        return Ok(None);
    }
    let sums = summarize_panel(&loaded.panel, &SummaryOptions::new(kind.clone()))?;
    let points: Vec<TrendPoint> = sums
        .iter()
        .filter_map(|s| TrendPoint::from_summary(s.date, &s.summary).ok())
        .collect();
    if points.len() < 2 {
        return Ok(None);
    }
    let span = format!("{first} to {last}");
    let svg = plot::system_trend_svg(
        &format!("System occupancy and facilities over capacity, {span}"),
        &plot::caption(src, kind.name(), &span),
        &points,
    )?;
    Ok(Some(figure(
        &svg,
        &format!(
            "System occupancy over time · capacity: {} · {span} · source: {src}",
            kind.name()
        ),
    )))
}

fn forecast_section(
    loaded: &Loaded,
    kind: &CapacityKind,
    horizon: usize,
    src: &str,
) -> Result<ForecastSection, CliError> {
    if loaded.panel.dates().len() < 2 {
        return Ok(ForecastSection::None(
            "No forecast: the data has one date.".into(),
        ));
    }
    // Year-end or quarterly data get a forecast by year or quarter: the finest period
    // with a run long enough since its last gap.
    let (period, totals) = forecast::finest_period(loaded.panel.rows());
    let periods = horizon.div_ceil(period.step() as usize).max(1);
    let last = loaded.panel.latest_date().unwrap_or_default();
    let capacity = summarize_panel(
        &loaded.panel.filter(|r| r.date() == last),
        &SummaryOptions::new(kind.clone()).with_top(0),
    )?
    .into_iter()
    .next()
    .and_then(|s| s.summary.coverage.capacity_reported.try_into().ok())
    .filter(|c: &u64| *c > 0);
    let f = match forecast::fan_of(&totals, period, periods, capacity) {
        Ok(f) => f,
        Err(CliError::Data { error, .. }) => {
            return Ok(ForecastSection::None(format!("No forecast: {error}")));
        }
        Err(e) => return Err(e),
    };
    let svg = fan_svg(&f, period, horizon, kind, capacity, src)?;
    let cap = |c: u64| format!("{} capacity of {}", kind.name(), thousands(u128::from(c)));
    let mut sentences = vec![match (capacity, f.first_above) {
        (Some(c), _) if f.above_at_origin => format!(
            "The last observation ({}) is already above the {}.",
            thousands(f.history.last().map_or(0, |p| u128::from(p.1))),
            cap(c)
        ),
        (Some(c), Some(m)) => format!(
            "The median projection is above the {} from {}.",
            cap(c),
            period.label(m)
        ),
        (Some(c), None) => format!(
            "The median projection stays at or below the {} within {periods} {}.",
            cap(c),
            period.noun()
        ),
        _ => "No capacity of this kind is reported on the last date.".to_string(),
    }];
    if let (Some(c), Some(reached), false) = (capacity, &f.reached, f.above_at_origin) {
        sentences.push(format!(
            "In {:.0} % of the simulated paths the population is above the {} in at least one \
             {} within {periods} {}.",
            100.0 * reached.last().copied().unwrap_or(0.0),
            cap(c),
            period.one(),
            period.noun()
        ));
    }
    let mut notes = Vec::new();
    if !f.gaps.is_empty() {
        notes.push(format!(
            "{} {} without a report: {}. The forecast uses the {} since the last gap.",
            f.gaps.len(),
            if f.gaps.len() == 1 {
                period.one()
            } else {
                period.noun()
            },
            f.gaps
                .iter()
                .map(|m| period.label(*m))
                .collect::<Vec<_>>()
                .join(", "),
            period.noun()
        ));
    }
    if period != Period::Monthly {
        notes.push(format!(
            "The dates are too far apart for a monthly forecast: the totals are taken by {} \
             (the last report of each counts) and the horizon rounded up to {periods} {}.",
            period.one(),
            period.noun()
        ));
    }
    Ok(ForecastSection::Fan {
        svg,
        caption: format!(
            "Forecast · capacity: {} as of {last} · method: {} · source: {src}",
            kind.name(),
            f.method
        ),
        sentences,
        notes,
    })
}

fn fan_svg(
    f: &Fan,
    period: Period,
    horizon: usize,
    kind: &CapacityKind,
    capacity: Option<u64>,
    src: &str,
) -> Result<String, CliError> {
    let step = period.step() as usize;
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
    let cap_label =
        capacity.map(|c| format!("{} capacity {}", kind.name(), thousands(u128::from(c))));
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
    Ok(plot::forecast_fan_svg(
        &title,
        &plot::caption(
            src,
            kind.name(),
            &format!("history to {}", period.label(last_period)),
        ),
        &chart,
    )?)
}

// ---- rendering ----

/// HTML-escapes text from the data.
fn esc(s: &str) -> String {
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
fn figure(svg: &str, caption: &str) -> String {
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

fn n(x: impl Into<u128>) -> String {
    thousands(x.into())
}

fn render(p: &Page) -> String {
    let mut h = String::new();
    let kind = esc(p.kind.name());
    let src = esc(&p.source);
    let date = p.date;
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Prison occupancy — {src}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <h1>Prison occupancy, {date}</h1>\n\
         <p class=\"meta\">Source: {src} · capacity kind: <b>{kind}</b> · date: {date} · made \
         with overcrowding {}</p>\n",
        env!("CARGO_PKG_VERSION")
    );
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
    h.push_str("</section>\n");
    render_bands(&mut h, p);
    render_coverage(&mut h, p);
    render_findings(&mut h, p);
    h.push_str("</body>\n</html>\n");
    h
}

fn render_headline(h: &mut String, p: &Page) {
    let s = &p.headline.summary;
    h.push_str("<section id=\"summary\">\n<h2>Headline figures</h2>\n");
    if p.input.partial() {
        let _ = writeln!(
            h,
            "<p class=\"warn\"><b>A partial answer:</b> {} of {} data rows were rejected and are \
             left out of every figure below (run with --rejects PATH to list them).</p>",
            n(p.input.rows_rejected as u128),
            n(p.input.rows_read as u128)
        );
    }
    h.push_str("<div class=\"headline\">\n");
    let fig = |h: &mut String, value: &str, what: &str| {
        let _ = writeln!(
            h,
            "<div class=\"fig\"><b>{}</b><span>{}</span></div>",
            esc(value),
            esc(what)
        );
    };
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
        let opt = |x: Option<u128>| x.map_or("—".to_string(), n);
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
        let thresholds: Vec<&Threshold> = p.bands.iter().map(|b| &b.threshold).collect();
        for f in &p.facilities {
            let level = thresholds
                .iter()
                .filter(|t| t.is_reached_by(&f.occupancy.occupancy))
                .count();
            let from = if level == 0 {
                0.0
            } else {
                thresholds[level - 1].percent().value()
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
