//! `forecast`: the total population projected period by period (days, months, quarters or
//! years) with intervals.

use serde::Serialize;

use super::CliError;
use super::args::Common;
use super::flows::{self, FlowColumns, FlowOutlook};
use super::input::{self, Loaded};
use super::reconciled;
use super::series_screen::{Refusal, SeriesFinding, screen_series};
use super::usage::Usage;
use crate::Row as PanelRow;
use crate::forecast::reconcile::ReconcileMethod;
use crate::forecast::{Crossing, FanPeriod, Forecast, Frequency, RegularSeries, Side, forecast};
use crate::model::PanelView;
use crate::screen::Severity;
use crate::series::{AnyPeriod, Series};
use crate::system::latest_capacity;

/// One projected period of `forecast`.
#[derive(Debug, Default, Serialize)]
pub(crate) struct ForecastRow {
    pub group: Option<String>,
    /// `"group"`: a `--by` group's own forecast; `"facility"`: a facility's own forecast
    /// (`--by-facility`, `group` is its id); `"system"`: the total (without either, or the
    /// reconciled system's rows after the groups' or facilities').
    pub level: &'static str,
    pub period: String,
    pub median: i64,
    pub lower_80: i64,
    pub upper_80: i64,
    pub lower_95: i64,
    pub upper_95: i64,
    pub capacity: Option<u64>,
    pub share_of_paths_above_capacity: Option<f64>,
    pub share_of_paths_reached_capacity: Option<f64>,
    pub first_period_above_capacity: Option<String>,
    pub above_capacity_at_origin: Option<bool>,
    pub method: String,
    /// What the screen saw in the series forecast, one line per finding (most serious first).
    pub series_findings: Vec<String>,
    /// Serious findings were present and `--force` forecast anyway.
    pub forced: bool,
    /// With `--by`: this forecast reconciled with the other groups' and their system's
    /// (null otherwise, or for a group left out of the reconciliation).
    pub reconciled_median: Option<i64>,
    pub reconciled_lower_80: Option<i64>,
    pub reconciled_upper_80: Option<i64>,
    pub reconciled_lower_95: Option<i64>,
    pub reconciled_upper_95: Option<i64>,
    pub reconciled_share_above_capacity: Option<f64>,
    pub reconciled_share_reached_capacity: Option<f64>,
    /// How the reconciled fields were made, and which units the reconciled system leaves
    /// out and why.
    pub reconciliation: Option<String>,
    /// On the reconciled system's rows: how many units of `--by` / `--by-facility` its sum
    /// leaves out (no report in the last period, a run too short to forecast, no value in
    /// the group column, no population), each named in `reconciliation`; null on other
    /// rows. A unit that still reports and is left out makes the answer partial (exit 3).
    pub units_left_out: Option<usize>,
    /// With `--admissions`/`--releases`: the forecast the median and intervals are from,
    /// `"stock-flow"` or `"population-only"` (null without flows).
    pub flow_method: Option<&'static str>,
    /// With flows: the stock-flow forecast's median admissions during the period.
    pub admissions_median: Option<i64>,
    /// With flows: the stock-flow forecast's median releases during the period.
    pub releases_median: Option<i64>,
    /// With `--flow-method auto`: the stock-flow forecast's mean MASE over horizons 1 to
    /// the horizon at the series' rolling origins (the choice's basis; null without origins).
    pub stock_flow_mase: Option<f64>,
    /// As `stock_flow_mase`, for the population-only forecast.
    pub population_only_mase: Option<f64>,
    /// With `--flow-method auto`: the rolling origins the choice was made at.
    pub flow_origins: Option<usize>,
}

/// The screen's findings on one group's series, for the table's preamble.
pub(crate) struct Screened {
    /// The group (`"all"` without `--by`).
    pub group: Option<String>,
    /// The periods screened, e.g. `40 monthly totals 2021-01..2024-04`.
    pub run: String,
    /// The findings, most serious first.
    pub findings: Vec<SeriesFinding>,
}

/// A count of people from a forecast's real number (rounded; forecasts are finite).
pub(crate) fn people(x: f64) -> i64 {
    x.round() as i64
}

/// A share (or a MASE) to 3 decimals.
pub(crate) fn share(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A forecast against its capacity: its fan, with the shares of paths above the capacity
/// ([`Forecast::fan_against`]), and where its median crosses it
/// ([`Forecast::median_crossing`]).
pub(crate) struct Outlook {
    /// Median and 80 % / 95 % intervals per projected period; with a capacity, the shares of
    /// paths above it and that have reached it.
    pub fan: Vec<FanPeriod>,
    /// The capacity compared with, and where the median crosses it.
    pub capacity: Option<(u64, Crossing)>,
    /// The first projected period whose median is above the capacity.
    pub first_above: Option<AnyPeriod>,
    /// How the projection was made.
    pub method: String,
}

impl Outlook {
    /// The outlook of `f` against `capacity`, made as `method` says.
    pub fn of(f: &Forecast, capacity: Option<u64>, method: String) -> Result<Outlook, CliError> {
        let fan = fan(f, &LEVELS, capacity)?;
        let capacity = capacity
            .map(|cap| Ok::<_, crate::Error>((cap, f.median_crossing(cap as f64, Side::Above)?)))
            .transpose()?;
        let first_above = capacity
            .and_then(|(_, c)| c.horizon())
            .and_then(|h| f.period(h));
        Ok(Outlook {
            fan,
            capacity,
            first_above,
            method,
        })
    }

    /// The last observation is already above the capacity (`None` without one).
    pub fn above_at_origin(&self) -> Option<bool> {
        self.capacity
            .map(|(_, c)| matches!(c, Crossing::AtOrigin { .. }))
    }
}

/// The fan of `f` at `levels`, held against `capacity` when there is one
/// ([`Forecast::fan_against`]).
pub(crate) fn fan(
    f: &Forecast,
    levels: &[f64],
    capacity: Option<u64>,
) -> Result<Vec<FanPeriod>, CliError> {
    Ok(match capacity {
        Some(cap) => f.fan_against(levels, cap as f64)?,
        None => f.fan(levels)?,
    })
}

/// The levels of the rows' intervals.
pub(crate) const LEVELS: [f64; 2] = [0.8, 0.95];

/// The interval of `p` at `level` (one of [`LEVELS`], which every fan here is made with).
pub(crate) fn band(p: &FanPeriod, level: f64) -> (f64, f64) {
    p.interval(level)
        .map_or((p.median, p.median), |i| (i.lower, i.upper))
}

/// The row of projected period `p` of outlook `o` (its group, level and what the screen
/// saw left to the caller).
pub(crate) fn fan_row(p: &FanPeriod, o: &Outlook) -> ForecastRow {
    let (b80, b95) = (band(p, 0.8), band(p, 0.95));
    ForecastRow {
        period: p.label().unwrap_or_default(),
        median: people(p.median),
        lower_80: people(b80.0),
        upper_80: people(b80.1),
        lower_95: people(b95.0),
        upper_95: people(b95.1),
        capacity: o.capacity.map(|c| c.0),
        share_of_paths_above_capacity: p.above.map(share),
        share_of_paths_reached_capacity: p.reached.map(share),
        first_period_above_capacity: o.first_above.map(|m| m.to_string()),
        above_capacity_at_origin: o.above_at_origin(),
        method: o.method.clone(),
        ..ForecastRow::default()
    }
}

/// "month" / "months", "quarter", "year", "day", for messages.
pub(crate) fn noun(f: Frequency, n: usize) -> &'static str {
    let (one, many) = f.nouns();
    if n == 1 { one } else { many }
}

/// The dated population totals of `records` (records without a population left out).
pub(crate) fn dated<'a>(
    records: impl IntoIterator<Item = PanelRow<'a>>,
) -> impl Iterator<Item = (jiff::civil::Date, u64)> {
    records
        .into_iter()
        .filter_map(|r| Some((r.date(), r.population_total()?)))
}

/// Projects `totals` `horizon` periods past the last with the crate's default method
/// ([`crate::forecast::forecast`]) on the run since the last gap (gaps are reported, never
/// filled).
pub(crate) fn fan_of(
    totals: &Series<AnyPeriod>,
    horizon: usize,
    capacity: Option<u64>,
) -> Result<Outlook, CliError> {
    let series = RegularSeries::from_series(&totals.run_since_gap())?;
    let f = forecast(&series, horizon)?;
    let method = method(totals, &f, "the crate's default forecast");
    Outlook::of(&f, capacity, method)
}

/// The method text of the forecast `f` of `totals`; `how` ends it.
pub(crate) fn method(totals: &Series<AnyPeriod>, f: &Forecast, how: &str) -> String {
    format!("{} on {} ({how})", f.method(), run_label(totals))
}

/// `--capacity N` (a plain number) for forecast.
pub(crate) fn capacity_level(c: &Common) -> Result<Option<u64>, CliError> {
    let plain: Vec<&String> = c.capacity.iter().filter(|v| !v.contains('=')).collect();
    match plain.as_slice() {
        [] => Ok(None),
        [v] => v
            .replace([',', '_'], "")
            .parse::<u64>()
            .map(Some)
            .map_err(|_| {
                CliError::from(Usage::CapacityValue {
                    value: v.to_string(),
                })
            }),
        _ => Err(Usage::CapacityTwice.into()),
    }
}

/// What each unit's forecast is compared with: `--capacity N`, the latest reported capacity
/// of the kind, or nothing.
enum CapacityLine {
    Given(u64),
    Kind(crate::CapacityKind),
    Nothing,
}

/// The capacity line of this run; without one, said once on standard error (not once per
/// unit).
fn capacity_line(c: &Common, loaded: &Loaded) -> Result<CapacityLine, CliError> {
    if let Some(n) = capacity_level(c)? {
        return Ok(CapacityLine::Given(n));
    }
    if let Ok(kind) = input::kind(c, loaded) {
        return Ok(CapacityLine::Kind(kind));
    }
    let kinds: Vec<String> = loaded
        .panel
        .capacity_kinds()
        .iter()
        .map(|k| k.name().to_string())
        .collect();
    if kinds.is_empty() {
        eprintln!(
            "overcrowding: no capacity line: the data has no capacity column; give --capacity N"
        );
    } else {
        eprintln!(
            "overcrowding: no capacity line: give --capacity N or --kind KIND (the data lists {})",
            kinds.join(", ")
        );
    }
    Ok(CapacityLine::Nothing)
}

/// The capacity a unit with `records` is compared with: `--capacity N`, else the latest
/// date's reported capacity of the kind, else none.
fn capacity_for(line: &CapacityLine, records: &[PanelRow<'_>]) -> Option<u64> {
    match line {
        CapacityLine::Given(n) => Some(*n),
        CapacityLine::Kind(kind) => latest_capacity(records.iter().copied(), kind),
        CapacityLine::Nothing => None,
    }
}

/// The run of `totals` a forecast is fitted to, for messages: `40 monthly totals
/// 2021-01..2024-04`.
pub(crate) fn run_label(totals: &Series<AnyPeriod>) -> String {
    let run = totals.run_since_gap();
    format!(
        "{} {} total{} {}..{}",
        run.len(),
        totals.frequency().label(),
        if run.len() == 1 { "" } else { "s" },
        run.start(),
        run.end()
    )
}

/// The serious findings of a screened series: they stop a forecast unless `--force`.
pub(crate) fn serious(findings: &[SeriesFinding]) -> Vec<&SeriesFinding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::High)
        .collect()
}

/// What `forecast` projects: the total, each `--by` group, or each facility.
enum Units {
    Total,
    Groups(String),
    Facilities,
}

impl Units {
    /// The rows' `level`.
    fn level(&self) -> &'static str {
        match self {
            Units::Total => "system",
            Units::Groups(_) => "group",
            Units::Facilities => "facility",
        }
    }

    /// The word for one unit in messages.
    fn noun(&self) -> &'static str {
        match self {
            Units::Facilities => "facility",
            _ => "group",
        }
    }

    /// The word for several units in messages.
    fn plural(&self) -> &'static str {
        match self {
            Units::Facilities => "facilities",
            _ => "groups",
        }
    }

    /// The unit of each row of `view`: its group, its facility's id, or `"all"`.
    fn split<'a>(&self, view: &'a PanelView<'_>) -> Vec<(Option<String>, Vec<PanelRow<'a>>)> {
        let rows = view.rows();
        match self {
            Units::Total => input::split(view, rows, None),
            Units::Groups(k) => input::split(view, rows, Some(k)),
            Units::Facilities => {
                let mut by: std::collections::BTreeMap<&str, Vec<PanelRow<'a>>> =
                    Default::default();
                for r in rows {
                    by.entry(r.id().as_str()).or_default().push(r);
                }
                by.into_iter()
                    .map(|(id, rs)| (Some(id.to_string()), rs))
                    .collect()
            }
        }
    }
}

/// The rows of `forecast`: one per group (or facility) and projected period; and what the
/// screen saw in each series. Serious findings stop the forecast (exit 1) unless `force`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn rows(
    c: &Common,
    loaded: &Loaded,
    horizon: usize,
    frequency: Frequency,
    force: bool,
    reconcile: Option<ReconcileMethod>,
    by_facility: bool,
    flows: Option<FlowColumns<'_>>,
) -> Result<Forecasts, CliError> {
    let upto = c.on;
    let dates: Vec<_> = loaded
        .panel
        .dates()
        .iter()
        .copied()
        .filter(|d| upto.is_none_or(|u| *d <= u))
        .collect();
    let (panel, key) = input::grouped(c, &loaded.panel, &dates)?;
    let units = match (by_facility, &key) {
        (true, _) => Units::Facilities,
        (false, Some(k)) => Units::Groups(k.clone()),
        (false, None) => Units::Total,
    };
    if flows.is_some() && reconcile.is_some() && !matches!(units, Units::Total) {
        return Err(Usage::FlowsReconciled {
            units: if by_facility { "--by-facility" } else { "--by" },
        }
        .into());
    }
    let groups = units.split(&panel);
    let mut out = Vec::new();
    if !(1..=600).contains(&horizon) {
        return Err(Usage::Horizon { frequency }.into());
    }
    let mut screened = Vec::new();
    let mut refusals = Vec::new();
    let mut missing = NoForecasts::default();
    let unit_count = groups.len();
    let last_period = dates.last().map(|d| frequency.period_of(*d));
    let line = capacity_line(c, loaded)?;
    for (group, recs) in groups {
        // Asked only of a unit without a forecast.
        let reports_last = || {
            recs.iter()
                .map(|r| r.date())
                .max()
                .map(|d| frequency.period_of(d))
                == last_period
        };
        let name = group.clone().unwrap_or_else(|| "(no group)".into());
        let totals = match Series::totals(frequency, dated(recs.iter().copied())) {
            Ok(t) => t,
            // A unit without a population: no series to forecast.
            Err(error) if matches!(error.kind(), crate::ErrorKind::Empty { .. }) => {
                if matches!(units, Units::Total) {
                    return Err(CliError::Data {
                        source: Some(format!("{}: 0 {} totals", loaded.source, frequency.label())),
                        error: Box::new(error),
                    });
                }
                missing.add(units.noun(), name, error, reports_last());
                continue;
            }
            Err(error) => return Err(error.into()),
        };
        // The forecast screens its input: the series it is fitted to and the reports behind.
        // The screen reads a panel: the unit's rows are copied into one (the whole panel is
        // read as it is).
        let own;
        let facilities = match &units {
            Units::Groups(k) => {
                own = panel
                    .filter(|r| panel.group(r, k) == group.as_deref())
                    .to_panel();
                &own
            }
            Units::Facilities => {
                own = panel
                    .filter(|r| Some(r.id().as_str()) == group.as_deref())
                    .to_panel();
                &own
            }
            Units::Total if panel.len() == panel.panel().len() => panel.panel(),
            Units::Total => {
                own = panel.to_panel();
                &own
            }
        };
        let findings = screen_series(&totals, facilities)?;
        let stop = serious(&findings);
        let forced = !stop.is_empty();
        if forced && !force {
            let what = match &units {
                Units::Total => loaded.source.clone(),
                u => format!("{}: {} {name}", loaded.source, u.noun()),
            };
            refusals.push(Refusal {
                what,
                run: run_label(&totals),
                findings: stop.into_iter().cloned().collect(),
            });
            continue;
        }
        let series_findings: Vec<String> = findings.iter().map(SeriesFinding::line).collect();
        screened.push(Screened {
            group: group.clone(),
            run: run_label(&totals),
            findings,
        });
        let capacity = capacity_for(&line, &recs);
        let label = |m: AnyPeriod| m.to_string();
        let (n, run) = (totals.len(), totals.run_since_gap().len());
        let span = (label(totals.start()), label(totals.end()));
        // Named lazily: a daily series over years may miss many days.
        let (gap_count, first_gaps): (usize, Vec<AnyPeriod>) =
            (totals.gaps().count(), totals.gaps().take(6).collect());
        let made = match flows {
            None => fan_of(&totals, horizon, capacity).map(|f| (f, None)),
            Some(cols) => flows::outlook(&totals, &recs, cols, horizon).and_then(|fl| {
                let method = method(&totals, &fl.forecast, &fl.how);
                Outlook::of(&fl.forecast, capacity, method).map(|f| (f, Some(fl)))
            }),
        };
        let (f, flow) = match made {
            Ok(f) => f,
            Err(CliError::Data { error, .. }) if !matches!(units, Units::Total) => {
                missing.add(units.noun(), name, *error, reports_last());
                continue;
            }
            Err(CliError::Data { error, .. }) => {
                // Periods without a report split the series; only the run since the last
                // gap is forecast, so say how long it is.
                let since = if run < n {
                    format!(", {run} since the last gap")
                } else {
                    String::new()
                };
                return Err(CliError::Data {
                    source: Some(format!(
                        "{}: {n} {} total{} from {} to {}{since}",
                        loaded.source,
                        frequency.label(),
                        if n == 1 { "" } else { "s" },
                        span.0,
                        span.1,
                    )),
                    error,
                });
            }
            Err(e) => return Err(e),
        };
        if gap_count > 0 {
            eprintln!(
                "overcrowding: {name}: {} {} without a report (skipped, not filled): {}",
                gap_count,
                noun(frequency, gap_count),
                first_gaps
                    .iter()
                    .map(|m| label(*m))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if gap_count > 6 { ", …" } else { "" }
            );
        }
        for (k, p) in f.fan.iter().enumerate() {
            let row = fan_row(p, &f);
            out.push(ForecastRow {
                group: group.clone(),
                level: units.level(),
                method: match &loaded.periods {
                    Some(dates) => format!("{}; dates: {dates}", row.method),
                    None => row.method.clone(),
                },
                series_findings: series_findings.clone(),
                forced,
                ..flow_fields(flow.as_ref(), k, row)
            });
        }
    }
    if !refusals.is_empty() {
        return Err(CliError::Refused(refusals));
    }
    if out.is_empty()
        && let Some((name, error)) = missing.first
    {
        return Err(CliError::Data {
            source: Some(match unit_count {
                1 => format!(
                    "{}: its one {}, {name}, has no forecast",
                    loaded.source,
                    units.noun()
                ),
                n => format!(
                    "{}: none of the {n} {} has a forecast (each is named above); the first, {name}",
                    loaded.source,
                    units.plural(),
                ),
            }),
            error: Box::new(error),
        });
    }
    // A reporting unit the reconciled system leaves out makes the answer partial too.
    let mut left_out = false;
    if let Some(method) = reconcile {
        let groups = match &units {
            Units::Total => None,
            Units::Groups(k) => Some(Some(k.as_str())),
            Units::Facilities => Some(None),
        };
        if let Some(groups) = groups {
            left_out = reconciled::add(
                &mut out, c, loaded, &panel, groups, horizon, frequency, method,
            )?;
        }
    }
    Ok(Forecasts {
        rows: out,
        screened,
        partial: missing.partial || left_out,
    })
}

/// The units of `--by` without a forecast of their own: each is named on standard error;
/// one that reports in the last period makes the answer partial (one that stopped
/// reporting is not in today's system); the first is the answer's reason when no unit has
/// a forecast (then there is no answer, not a partial one).
#[derive(Default)]
struct NoForecasts {
    partial: bool,
    first: Option<(String, crate::Error)>,
}

impl NoForecasts {
    fn add(&mut self, noun: &str, name: String, error: crate::Error, reports_last: bool) {
        eprintln!("overcrowding: {noun} {name}: no forecast: {error}");
        self.partial |= reports_last;
        self.first.get_or_insert((name, error));
    }
}

/// What `forecast` made: its rows, the screen's findings per series, and whether the answer
/// is partial (a unit of `--by` without a forecast, or left out of the reconciled system
/// while it still reports).
pub(crate) struct Forecasts {
    pub rows: Vec<ForecastRow>,
    pub screened: Vec<Screened>,
    pub partial: bool,
}

/// `row` with the flows' fields of projected period `k` (all null without flows).
fn flow_fields(flow: Option<&FlowOutlook>, k: usize, row: ForecastRow) -> ForecastRow {
    let Some(fl) = flow else {
        return row;
    };
    ForecastRow {
        flow_method: Some(fl.chosen),
        admissions_median: fl.admissions.get(k).map(|v| people(*v)),
        releases_median: fl.releases.get(k).map(|v| people(*v)),
        stock_flow_mase: fl.stock_flow_mase.map(share),
        population_only_mase: fl.population_only_mase.map(share),
        flow_origins: fl.origins,
        ..row
    }
}

/// The table's preamble: what the screen saw in each series forecast.
pub(crate) fn screened_text(screened: &[Screened]) -> String {
    let mut t = String::new();
    for s in screened {
        let whose = match &s.group {
            Some(g) if g != "all" => format!(" of {g}"),
            Some(_) => String::new(),
            None => " of (no group)".to_string(),
        };
        if s.findings.is_empty() {
            t.push_str(&format!(
                "Screened the series{whose} ({}): no findings.\n",
                s.run
            ));
        } else {
            t.push_str(&format!(
                "Screened the series{whose} ({}): {} finding{}{}:\n",
                s.run,
                s.findings.len(),
                if s.findings.len() == 1 { "" } else { "s" },
                if serious(&s.findings).is_empty() {
                    ""
                } else {
                    ", forecast anyway (--force)"
                }
            ));
            for f in &s.findings {
                t.push_str(&format!("  {}\n", f.line()));
            }
        }
    }
    if !t.is_empty() {
        t.push('\n');
    }
    t
}
