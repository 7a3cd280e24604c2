//! `forecast`: the total population projected period by period (months, quarters or years)
//! with intervals.

use serde::Serialize;

use super::CliError;
use super::args::{Common, Period};
use super::input::{self, Loaded};
use crate::forecast::{Frequency, RegularSeries, Side, forecast};
use crate::series::YearMonth;
use crate::{Panel, Row as PanelRow};

/// One projected period of `forecast`.
#[derive(Debug, Serialize)]
pub(crate) struct ForecastRow {
    pub group: Option<String>,
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
}

/// A count of people from a forecast's real number (rounded; forecasts are finite).
fn people(x: f64) -> i64 {
    x.round() as i64
}

/// A share to 3 decimals.
fn share(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A projection fan.
pub(crate) struct Fan {
    /// The observed months and totals.
    pub history: Vec<(YearMonth, u64)>,
    /// Months without a report inside the history.
    pub gaps: Vec<YearMonth>,
    /// Projected months.
    pub months: Vec<YearMonth>,
    /// Median, 80 % and 95 % bounds per projected month.
    pub median: Vec<f64>,
    /// 80 % interval.
    pub band80: Vec<(f64, f64)>,
    /// 95 % interval.
    pub band95: Vec<(f64, f64)>,
    /// Share of paths above the capacity per projected period.
    pub above: Option<Vec<f64>>,
    /// Share of paths that have been above the capacity at some period up to this one.
    pub reached: Option<Vec<f64>>,
    /// The capacity compared with.
    pub capacity: Option<u64>,
    /// The first projected month whose median is above the capacity; `None` when the last
    /// observation is already above it (see `above_at_origin`) or the median stays below.
    pub first_above: Option<YearMonth>,
    /// The last observation is already above the capacity: nothing to cross.
    pub above_at_origin: bool,
    /// How the projection was made.
    pub method: String,
}

impl Period {
    /// Months per period.
    pub(crate) fn step(self) -> i32 {
        i32::from(self.frequency().months())
    }

    fn frequency(self) -> Frequency {
        match self {
            Period::Monthly => Frequency::Monthly,
            Period::Quarterly => Frequency::Quarterly,
            Period::Yearly => Frequency::Yearly,
        }
    }

    /// The plural noun, for messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Period::Monthly => "months",
            Period::Quarterly => "quarters",
            Period::Yearly => "years",
        }
    }

    /// The singular noun: "month", "quarter", "year".
    pub(crate) fn one(self) -> &'static str {
        self.noun().trim_end_matches('s')
    }

    /// The period's label: `2024-05`, `2024-Q2` or `2024`.
    pub(crate) fn label(self, start: YearMonth) -> String {
        self.frequency().period_label(start)
    }
}

/// The totals of `records` per period (the last report of each period counts), oldest first.
pub(crate) fn period_totals<'a>(
    records: impl IntoIterator<Item = PanelRow<'a>>,
    period: Period,
) -> Vec<(YearMonth, u64)> {
    let mut totals: std::collections::BTreeMap<jiff::civil::Date, u64> = Default::default();
    for r in records {
        if let Some(p) = r.population_total() {
            *totals.entry(r.date()).or_default() += p;
        }
    }
    let mut by_period: std::collections::BTreeMap<YearMonth, u64> = Default::default();
    for (d, t) in totals {
        by_period.insert(period.frequency().period_of(d), t); // later dates replace earlier
    }
    by_period.into_iter().collect()
}

/// The number of periods since the last gap of `totals` (period starts, oldest first).
pub(crate) fn run_since_gap(totals: &[(YearMonth, u64)], period: Period) -> usize {
    if totals.is_empty() {
        return 0;
    }
    totals
        .windows(2)
        .rev()
        .take_while(|w| w[1].0.months_since(w[0].0) <= period.step() as i64)
        .count()
        + 1
}

/// The finest period whose run since the last gap is long enough for a forecast (months,
/// else quarters, else years: the report's choice; `forecast` takes `--frequency`), with
/// the totals per that period.
pub(crate) fn finest_period<'a>(
    records: impl IntoIterator<Item = PanelRow<'a>> + Clone,
) -> (Period, Vec<(YearMonth, u64)>) {
    for p in [Period::Monthly, Period::Quarterly] {
        let totals = period_totals(records.clone(), p);
        if run_since_gap(&totals, p) >= p.frequency().min_len() {
            return (p, totals);
        }
    }
    (Period::Yearly, period_totals(records, Period::Yearly))
}

/// Projects `points` (totals per `period`: period starts, oldest first) `horizon` periods
/// past the last with the crate's default method
/// ([`crate::forecast::forecast`]) on the periods since the last gap (a regular
/// series has none: gaps are reported, never filled).
pub(crate) fn fan_of(
    points: &[(YearMonth, u64)],
    period: Period,
    horizon: usize,
    capacity: Option<u64>,
) -> Result<Fan, CliError> {
    if points.is_empty() {
        return Err(crate::Error::from(crate::ErrorKind::Empty {
            what: "population totals",
        })
        .into());
    }
    let step = period.step();
    let run = &points[points.len() - run_since_gap(points, period)..];
    let values: Vec<f64> = run.iter().map(|p| p.1 as f64).collect();
    let regular = RegularSeries::new(period.frequency(), values)?;
    let f = forecast(&regular, horizon)?;
    let last = run[run.len() - 1].0;
    let months: Vec<YearMonth> = (1..=horizon as i32)
        .map(|k| last.plus(k * step))
        .collect::<crate::Result<_>>()?;
    let mut gaps = Vec::new();
    for w in points.windows(2) {
        let mut m = w[0].0.plus(step)?;
        while m < w[1].0 {
            gaps.push(m);
            m = m.plus(step)?;
        }
    }
    let median = f.quantiles(0.5)?;
    let band80 = f.interval(0.8)?;
    let band95 = f.interval(0.95)?;
    let above = capacity.map(|cap| {
        (0..months.len())
            .map(|k| {
                let n = (0..f.paths())
                    .filter(|&i| f.path(i).is_some_and(|p| p[k] > cap as f64))
                    .count();
                n as f64 / f.paths().max(1) as f64
            })
            .collect()
    });
    let reached = capacity
        .map(|cap| f.probability_reached(cap as f64, Side::Above))
        .transpose()?;
    // Already above at the last observation is its own answer, not "the next period".
    let last_value = run[run.len() - 1].1;
    let above_at_origin = capacity.is_some_and(|cap| last_value > cap);
    let first_above = capacity.filter(|_| !above_at_origin).and_then(|cap| {
        months
            .iter()
            .zip(&median)
            .find(|(_, v)| **v > cap as f64)
            .map(|(m, _)| *m)
    });
    let method = format!(
        "{} on {} {} totals {}..{} (the crate's default forecast)",
        f.method(),
        run.len(),
        period.frequency().label(),
        period.label(run[0].0),
        period.label(last),
    );
    Ok(Fan {
        history: points.to_vec(),
        gaps,
        months,
        median,
        band80,
        band95,
        above,
        reached,
        capacity,
        first_above,
        above_at_origin,
        method,
    })
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
                CliError::Usage(format!(
                    "--capacity {v:?}: expected a number of places or KIND=COL"
                ))
            }),
        _ => Err(CliError::Usage("--capacity N can be given once".into())),
    }
}

/// The capacity to compare with: `--capacity N`, else the latest date's reported capacity of
/// the kind (when the kind is known), else none.
fn capacity_for(
    c: &Common,
    loaded: &Loaded,
    records: &[PanelRow<'_>],
) -> Result<Option<u64>, CliError> {
    if let Some(n) = capacity_level(c)? {
        return Ok(Some(n));
    }
    let Ok(kind) = input::kind(c, loaded) else {
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
        return Ok(None);
    };
    let Some(last) = records.iter().map(|r| r.date()).max() else {
        return Ok(None);
    };
    let total: u64 = records
        .iter()
        .filter(|r| r.date() == last)
        .filter_map(|r| r.capacity(&kind))
        .sum();
    Ok((total > 0).then_some(total))
}

/// The rows of `forecast`: one per group and projected period.
pub(crate) fn rows(
    c: &Common,
    loaded: &Loaded,
    horizon: usize,
    period: Period,
) -> Result<Vec<ForecastRow>, CliError> {
    let upto = c.on;
    let dates: Vec<_> = loaded
        .panel
        .dates()
        .iter()
        .copied()
        .filter(|d| upto.is_none_or(|u| *d <= u))
        .collect();
    let (panel, key): (Panel, Option<String>) = input::grouped(c, &loaded.panel, &dates)?;
    let groups = input::split(panel.rows(), key.as_deref());
    let mut out = Vec::new();
    for (group, recs) in groups {
        let totals = period_totals(recs.iter().copied(), period);
        let capacity = capacity_for(c, loaded, &recs)?;
        let name = group.clone().unwrap_or_else(|| "(no group)".into());
        if !(1..=600).contains(&horizon) {
            return Err(CliError::Usage(format!(
                "--horizon must be 1 to 600 {}",
                period.noun()
            )));
        }
        let f = match fan_of(&totals, period, horizon, capacity) {
            Ok(f) => f,
            Err(CliError::Data { error, .. }) if key.is_some() => {
                eprintln!("overcrowding: group {name}: no forecast: {error}");
                continue;
            }
            Err(CliError::Data { error, .. }) => {
                let (first, last) = match (totals.first(), totals.last()) {
                    (Some(a), Some(b)) => (period.label(a.0), period.label(b.0)),
                    _ => ("-".into(), "-".into()),
                };
                // Periods without a report split the series; only the run since the last
                // gap is forecast, so say how long it is.
                let run = run_since_gap(&totals, period);
                let gaps = if run < totals.len() {
                    format!(", {run} since the last gap")
                } else {
                    String::new()
                };
                return Err(CliError::Data {
                    source: Some(format!(
                        "{}: {} {} total{} from {first} to {last}{gaps}",
                        loaded.source,
                        totals.len(),
                        period.frequency().label(),
                        if totals.len() == 1 { "" } else { "s" },
                    )),
                    error,
                });
            }
            Err(e) => return Err(e),
        };
        if !f.gaps.is_empty() {
            eprintln!(
                "overcrowding: {name}: {} {} without a report (skipped, not filled): {}",
                f.gaps.len(),
                if f.gaps.len() == 1 {
                    period.one()
                } else {
                    period.noun()
                },
                f.gaps
                    .iter()
                    .take(6)
                    .map(|m| period.label(*m))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if f.gaps.len() > 6 { ", …" } else { "" }
            );
        }
        for (k, m) in f.months.iter().enumerate() {
            out.push(ForecastRow {
                group: group.clone(),
                period: period.label(*m),
                median: people(f.median[k]),
                lower_80: people(f.band80[k].0),
                upper_80: people(f.band80[k].1),
                lower_95: people(f.band95[k].0),
                upper_95: people(f.band95[k].1),
                capacity: f.capacity,
                share_of_paths_above_capacity: f.above.as_ref().map(|a| share(a[k])),
                share_of_paths_reached_capacity: f.reached.as_ref().map(|a| share(a[k])),
                first_period_above_capacity: f.first_above.map(|m| period.label(m)),
                above_capacity_at_origin: f.capacity.map(|_| f.above_at_origin),
                method: f.method.clone(),
            });
        }
    }
    Ok(out)
}
