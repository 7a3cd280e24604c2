//! `report`: one self-contained HTML page — inline SVG charts and CSS, no JavaScript, no
//! external resource — that tells the story in order: the headline figures, the system over
//! time and its forecast, the facilities in the bands of the standard (a histogram and a
//! compact sorted table), coverage, the most serious data-quality findings.
//!
//! The page is built as typed sections from library results ([`build`]) and only then
//! rendered ([`render`]); every text from the data is escaped.

use std::path::Path;

use jiff::civil::Date;

use super::CliError;
use super::args::Common;
use super::forecast::{self, Outlook};
use super::input::{self, InputCounts, Loaded};
use super::screen::{self, FindingRow};
use super::series_screen::screen_series;
use super::summarize::{self, PretrialRow, SummaryRow};
use crate::exact::{Rounding, thousands};
use crate::forecast::Frequency;
use crate::forecast::reconcile::{LeftOut, PanelForecaster, ReconcileMethod, UnitForecast};
use crate::metrics::CapacityScope;
use crate::plot::{self, Centre, Fan as FanChart, FanPoint, TrendPoint};
use crate::series::{AnyPeriod, Series};
use crate::system::{
    FacilityOccupancy, MissingFacility, SummaryOptions, SystemSummary, facility_occupancies,
    latest_capacity, summarize_panel, summarize_panel_groups,
};
use crate::{CapacityKind, Standard, Threshold};

pub(crate) mod policy;
mod render;

use render::{figure, render};

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
    outlook: OutlookSection,
    bands: Vec<Band>,
    /// The thresholds of the bands, in increasing order.
    standard: Standard,
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

/// Each facility's (or `--by` group's) forecast reconciled with the system's: the table of
/// the units most likely to be over capacity at the end of the horizon.
enum OutlookSection {
    None(String),
    Table {
        /// "facility" or "group".
        unit: &'static str,
        /// "facilities" or "groups".
        plural: &'static str,
        /// The last forecast period's label.
        period: String,
        /// The system's line first (boxed: the section is mostly notes and lines on the
        /// heap), then the units most likely over capacity.
        system: Box<OutlookLine>,
        units: Vec<OutlookLine>,
        /// Units taking part but not shown.
        more: usize,
        notes: Vec<String>,
        /// Units that still report but are left out of the system: its figures are partial.
        reporting_left_out: Vec<String>,
    },
}

/// One unit of the outlook table, at the last forecast period.
struct OutlookLine {
    name: String,
    last: u64,
    capacity: Option<u64>,
    median: f64,
    lower_80: f64,
    upper_80: f64,
    /// The share of reconciled paths above capacity in the last period.
    above: Option<f64>,
    /// The share that has been above capacity in some period up to it.
    reached: Option<f64>,
}

/// Units shown in the outlook table.
const TOP_OUTLOOKS: usize = 25;

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
    force: bool,
) -> Result<Vec<String>, CliError> {
    let page = build(c, loaded, thresholds, horizon, force)?;
    std::fs::write(out, render(&page))
        .map_err(|e| CliError::from(crate::Error::io(out.display().to_string(), e)))?;
    Ok(match page.outlook {
        OutlookSection::Table {
            reporting_left_out, ..
        } => reporting_left_out,
        OutlookSection::None(_) => Vec::new(),
    })
}

/// The bands of the report: the standard's (over 100 %, critical from 120 %, over 150 %) and
/// the user's extra thresholds, each in its place ([`Standard::with_threshold`]).
fn bands(extra: &[f64]) -> Result<Standard, CliError> {
    let mut standard = Standard::new(
        "the report's bands",
        "within capacity",
        CapacityScope::Any,
        vec![
            Threshold::above("overcrowded", 100.0)?,
            Threshold::at_least("critical", 120.0)?,
            Threshold::above("above 150 %", 150.0)?,
        ],
    )?;
    for &p in extra {
        standard = standard.with_threshold(summarize::threshold_flag(p)?);
    }
    Ok(standard)
}

fn build(
    c: &Common,
    loaded: &Loaded,
    extra: &[f64],
    horizon: usize,
    force: bool,
) -> Result<Page, CliError> {
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let date = dates[dates.len() - 1];
    let rounding: Rounding = c.rounding.into();
    let standard = bands(extra)?;
    let src = loaded.source.clone();

    let on_date = loaded.panel.view().on_dates(&[date]);
    let (grouped, key) = input::grouped(c, on_date.clone(), &[date])?;
    let opts = SummaryOptions::new(kind.clone())
        .with_top(0)
        .with_standard(&standard);
    let system = summarize_panel(&grouped, &opts)?
        .into_iter()
        .next()
        .ok_or(crate::Error::from(crate::ErrorKind::Empty {
            what: "records",
        }))?
        .summary;
    let pretrial = c
        .pretrial_definition
        .map(|d| {
            PretrialRow::of(
                &grouped,
                date,
                None,
                d.into(),
                c.pretrial.as_deref(),
                rounding,
            )
        })
        .transpose()?;
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

    let occ = facility_occupancies(on_date.rows(), &kind)?;
    let histogram = if occ.is_empty() {
        None
    } else {
        Some(plot::occupancy_histogram_svg(
            &format!("How full the facilities are, {date}"),
            &plot::caption(&src, kind.name(), &date.to_string()),
            &occ,
            standard.thresholds(),
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
    let forecast = forecast_section(loaded, &kind, horizon, &src, force)?;
    let outlook = outlook_section(c, loaded, &kind, horizon)?;
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
        outlook,
        bands,
        standard,
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
    force: bool,
) -> Result<ForecastSection, CliError> {
    if loaded.panel.dates().len() < 2 {
        return Ok(ForecastSection::None(
            "No forecast: the data has one date.".into(),
        ));
    }
    // Year-end or quarterly data get a forecast by year or quarter: the finest period
    // with a run long enough since its last gap.
    let totals = match Series::finest_totals(forecast::dated(loaded.panel.rows())) {
        Ok(t) => t,
        Err(e) if matches!(e.kind(), crate::ErrorKind::Empty { .. }) => {
            return Ok(ForecastSection::None(format!("No forecast: {e}")));
        }
        Err(e) => return Err(e.into()),
    };
    let frequency = totals.frequency();
    let periods = frequency.periods_in_months(horizon);
    let last = loaded.panel.latest_date().unwrap_or_default();
    let capacity = latest_capacity(loaded.panel.rows(), kind);
    let gaps: Vec<AnyPeriod> = totals.gaps().collect();
    // The forecast screens its input (as `forecast` does): serious findings stop the fan.
    let findings = screen_series(&totals, &loaded.panel)?;
    let stop = forecast::serious(&findings);
    let run = forecast::run_label(&totals);
    if !stop.is_empty() && !force {
        return Ok(ForecastSection::None(format!(
            "No forecast: the series ({run}) has {} serious finding{} that would move it — {}. \
             Fix the data (overcrowding screen lists every finding), or draw the forecast \
             anyway with --force.",
            stop.len(),
            if stop.len() == 1 { "" } else { "s" },
            stop.iter().map(|f| f.line()).collect::<Vec<_>>().join("; ")
        )));
    }
    let f = match forecast::fan_of(&totals, periods, capacity) {
        Ok(f) => f,
        Err(CliError::Data { error, .. }) => {
            return Ok(ForecastSection::None(format!("No forecast: {error}")));
        }
        Err(e) => return Err(e),
    };
    let svg = fan_svg(&totals, &f, horizon, kind, capacity, src)?;
    let label = |m: AnyPeriod| m.to_string();
    let plural = forecast::noun(frequency, periods);
    let cap = |c: u64| format!("{} capacity of {}", kind.name(), thousands(u128::from(c)));
    let last_value = totals.points()[totals.len() - 1].value;
    let above_at_origin = f.above_at_origin() == Some(true);
    let mut sentences = vec![match (capacity, f.first_above) {
        (Some(c), _) if above_at_origin => format!(
            "The last observation ({}) is already above the {}.",
            thousands(u128::from(last_value)),
            cap(c)
        ),
        (Some(c), Some(m)) => format!(
            "The median projection is above the {} from {}.",
            cap(c),
            label(m)
        ),
        (Some(c), None) => format!(
            "The median projection stays at or below the {} within {periods} {plural}.",
            cap(c),
        ),
        _ => "No capacity of this kind is reported on the last date.".to_string(),
    }];
    let reached = f.fan.last().and_then(|p| p.reached);
    if let (Some(c), Some(reached), false) = (capacity, reached, above_at_origin) {
        sentences.push(format!(
            "In {:.0} % of the simulated paths the population is above the {} in at least one \
             {} within {periods} {plural}.",
            100.0 * reached,
            cap(c),
            forecast::noun(frequency, 1),
        ));
    }
    let mut notes = vec![if findings.is_empty() {
        format!("Screened before forecasting ({run}): no findings.")
    } else {
        format!(
            "Screened before forecasting ({run}): {}{}.",
            findings
                .iter()
                .map(|f| f.line())
                .collect::<Vec<_>>()
                .join("; "),
            if stop.is_empty() {
                ""
            } else {
                " — drawn anyway (--force)"
            }
        )
    }];
    if !gaps.is_empty() {
        notes.push(format!(
            "{} {} without a report: {}. The forecast uses the {} since the last gap.",
            gaps.len(),
            forecast::noun(frequency, gaps.len()),
            gaps.iter()
                .map(|m| label(*m))
                .collect::<Vec<_>>()
                .join(", "),
            forecast::noun(frequency, 2)
        ));
    }
    if let Some(p) = &loaded.periods {
        notes.push(format!("Dates: {p}."));
    }
    if frequency != Frequency::Monthly {
        notes.push(format!(
            "The dates are too far apart for a monthly forecast: the totals are taken by {} \
             (the last report of each counts) and the horizon rounded up to {periods} {plural}.",
            forecast::noun(frequency, 1),
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

/// The units' reconciled forecasts (the library's [`PanelForecaster`], MinT-shrink as
/// `forecast --by-facility`), at the frequency of the system's forecast.
fn outlook_section(
    c: &Common,
    loaded: &Loaded,
    kind: &CapacityKind,
    horizon: usize,
) -> Result<OutlookSection, CliError> {
    let (panel, key) = input::grouped(c, &loaded.panel, loaded.panel.dates())?;
    let (unit, plural) = if key.is_some() {
        ("group", "groups")
    } else {
        ("facility", "facilities")
    };
    if loaded.panel.dates().len() < 2 {
        return Ok(OutlookSection::None(format!(
            "No {unit} forecasts: the data has one date."
        )));
    }
    let frequency = match Series::finest_totals(forecast::dated(loaded.panel.rows())) {
        Ok(t) => t.frequency(),
        Err(e) if matches!(e.kind(), crate::ErrorKind::Empty { .. }) => {
            return Ok(OutlookSection::None(format!("No {unit} forecasts: {e}")));
        }
        Err(e) => return Err(e.into()),
    };
    let periods = frequency.periods_in_months(horizon);
    let mut fc = PanelForecaster::new(frequency, periods)
        .with_method(ReconcileMethod::MinTShrink)
        .with_capacity_kind(kind.clone());
    if let Some(k) = key {
        fc = fc.with_groups(k);
    }
    let pf = match fc.run(&panel) {
        Ok(pf) if pf.units.len() >= 2 => pf,
        Ok(_) => {
            return Ok(OutlookSection::None(format!(
                "No {unit} forecasts: fewer than two {plural} report in the last period with a \
         long enough run."
            )));
        }
        Err(e) => {
            return Ok(OutlookSection::None(format!("No {unit} forecasts: {e}")));
        }
    };
    let line = |u: &UnitForecast, f: &crate::forecast::Forecast| -> Result<OutlookLine, CliError> {
        let fan = forecast::fan(f, &[0.8], u.capacity)?;
        let last = fan
            .last()
            .ok_or(crate::Error::from(crate::ErrorKind::Empty {
                what: "forecast periods",
            }))?;
        let (lower_80, upper_80) = last
            .interval(0.8)
            .map_or((last.median, last.median), |i| (i.lower, i.upper));
        Ok(OutlookLine {
            name: u.name.clone(),
            last: u.last_population,
            capacity: u.capacity,
            median: last.median,
            lower_80,
            upper_80,
            above: last.above,
            reached: last.reached,
        })
    };
    // The system's line is reconciled as its units' are, so the lines add up: in
    // rolling-origin backtests the system's reconciled intervals cover as its own
    // forecast's do and the units' hold (benches/README.md, "Forecasts that add up").
    let mut system = line(&pf.system, &pf.system.reconciled)?;
    // A unit that still reports but is left out makes the system's figures partial (as
    // `forecast --by` exits 3): the line says so, not only a note below it.
    // One pass: the units still reporting (the system is partial without them) and the
    // closed ones (not in today's system).
    let (reporting, ended): (Vec<&LeftOut>, Vec<&LeftOut>) =
        pf.left_out.iter().partition(|l| l.still_reports());
    let reporting_left_out: Vec<String> = reporting.iter().map(ToString::to_string).collect();
    system.name = match reporting_left_out.len() {
        0 => format!("system ({} {plural})", pf.units.len()),
        k => format!(
            "system ({} {plural}; partial: {k} reporting {} left out)",
            pf.units.len(),
            if k == 1 { unit } else { plural }
        ),
    };
    let mut units = pf
        .units
        .iter()
        .map(|u| line(u, &u.reconciled))
        .collect::<Result<Vec<_>, _>>()?;
    // Most likely over capacity first; without a capacity last; then the fuller.
    units.sort_by(|a, b| {
        b.above
            .unwrap_or(-1.0)
            .total_cmp(&a.above.unwrap_or(-1.0))
            .then(b.median.total_cmp(&a.median))
            .then(a.name.cmp(&b.name))
    });
    let more = units.len().saturating_sub(TOP_OUTLOOKS);
    units.truncate(TOP_OUTLOOKS);
    let period = pf
        .system
        .reconciled
        .fan(&[0.8])?
        .last()
        .and_then(|p| p.label())
        .unwrap_or_default();
    let mut notes = vec![format!(
        "Each {unit}'s series is forecast by the crate's default on its run since its last gap \
         ({} {plural}), and the forecasts are made to add up to their system's ({}, correlations \
         shrunk by λ = {:.2}, from {} {} of one-step errors): the figures, the system's \
         included, are from the reconciled simulated paths, which add up path by path and \
         move together at each horizon as the forecasts' errors at that horizon have.",
        pf.units.len(),
        pf.method,
        pf.lambda,
        pf.residual_periods,
        forecast::noun(frequency, pf.residual_periods),
    )];
    notes.push(
        "In rolling-origin backtests (benches/reconcile.rs) the reconciled intervals of the \
         facilities hold and the system's cover as the system's own forecast's do."
            .to_string(),
    );
    if pf.clipped_paths > 0 {
        notes.push(format!(
            "In {} of the simulated paths the reconciliation moved a small {unit} below 0; it \
         was set to 0 and the system re-summed.",
            pf.clipped_paths
        ));
    }
    // Who makes the system partial comes first and whole; the closed ones after, as many
    // as a note can hold (they are not in today's system).
    if !reporting_left_out.is_empty() {
        notes.insert(
            0,
            format!(
                "Partial: the system's figures leave out {} that still report{}: {}.",
                match reporting_left_out.len() {
                    1 => format!("1 {unit}"),
                    k => format!("{k} {plural}"),
                },
                if reporting_left_out.len() == 1 {
                    "s"
                } else {
                    ""
                },
                reporting_left_out.join("; ")
            ),
        );
    }
    if !ended.is_empty() {
        let shown: Vec<String> = ended.iter().take(12).map(ToString::to_string).collect();
        notes.push(format!(
            "Not in today's system ({}): {}.",
            ended.len(),
            shown.join("; ") + if ended.len() > 12 { "; …" } else { "" }
        ));
    }
    if system.capacity.is_none() {
        notes.push(format!(
            "The system has no {} capacity: not every {unit} taking part reports one.",
            kind.name()
        ));
    }
    notes.push(format!(
        "The {plural}' series are not screened one by one here; a jump in a {unit}'s series \
         (see the findings) moves its forecast. overcrowding forecast --by-facility screens \
         each."
    ));
    Ok(OutlookSection::Table {
        unit,
        plural,
        period,
        system: Box::new(system),
        units,
        more,
        notes,
        reporting_left_out,
    })
}

fn fan_svg(
    totals: &Series<AnyPeriod>,
    f: &Outlook,
    horizon: usize,
    kind: &CapacityKind,
    capacity: Option<u64>,
    src: &str,
) -> Result<String, CliError> {
    let frequency = totals.frequency();
    // The chart is keyed by month: the report's series are monthly, quarterly or yearly
    // (`Series::finest_totals`), never daily. Four years of history, or four horizons.
    let step = i64::from(frequency.months().unwrap_or(1));
    let history = plot::fan_history(totals, (4 * horizon as i64).max(48 * step))?;
    let projection = FanPoint::from_fan(&f.fan, Centre::Median)?;
    let last_period = totals.end();
    let (Some(first), Some(last)) = (
        f.fan.first().and_then(|p| p.period),
        f.fan.last().and_then(|p| p.period),
    ) else {
        return Err(crate::Error::from(crate::ErrorKind::Empty {
            what: "projected periods",
        })
        .into());
    };
    let cap_label =
        capacity.map(|c| format!("{} capacity {}", kind.name(), thousands(u128::from(c))));
    let mut chart = FanChart::new(&history, &projection).with_centre_label("median projection");
    if let Some((places, label)) = capacity.map(|c| c as f64).zip(cap_label.as_deref()) {
        chart = chart.with_capacity(places, label);
    }
    let title = format!("Projected population, {first} to {last}");
    Ok(plot::forecast_fan_svg(
        &title,
        &plot::caption(src, kind.name(), &format!("history to {last_period}")),
        &chart,
    )?)
}
