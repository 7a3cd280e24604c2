//! The views of a panel as Arrow tables: the summary for every date and group, releases
//! needed, the screen's findings, the default forecast, the records themselves. The field names
//! are the command line's (`overcrowding summarize --format json`), nested objects flattened
//! (`lacks.population` → `lacks_population`, `thresholds.above_120.people` →
//! `above_120_people`).

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Date32Array, Float64Array, StringArray, UInt64Array};
use jiff::civil::Date;
use overcrowding::model::PanelView;
use overcrowding::system::{
    Lacks, SummaryOptions, SystemSummary, summarize_panel, summarize_panel_groups,
};
use overcrowding::{CapacityKind, Panel, Threshold};
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

use crate::arrow::ArrowTable;
use crate::errors::IntoPy;

/// Days since 1970-01-01 (Arrow's Date32).
pub fn days(d: Date) -> i32 {
    d.since(jiff::civil::date(1970, 1, 1))
        .map(|s| s.get_days())
        .unwrap_or(0)
}

fn u64s(v: Vec<Option<u128>>) -> PyResult<ArrayRef> {
    let v: Vec<Option<u64>> = v
        .into_iter()
        .map(|x| x.map(u64::try_from).transpose())
        .collect::<Result<_, _>>()
        .map_err(|_| PyOverflowError::new_err("a sum does not fit in 64 bits"))?;
    Ok(Arc::new(UInt64Array::from(v)))
}

fn f64s(v: Vec<Option<f64>>) -> ArrayRef {
    Arc::new(Float64Array::from(v))
}

fn texts(v: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(v))
}

fn dates(v: Vec<Date>) -> ArrayRef {
    Arc::new(Date32Array::from(
        v.into_iter().map(days).collect::<Vec<_>>(),
    ))
}

/// Columns of one table, filled row by row.
#[derive(Default)]
struct Rows {
    group: Vec<Option<String>>,
    date: Vec<Date>,
    kind: Vec<Option<String>>,
    ints: Vec<(String, Vec<Option<u128>>)>,
    floats: Vec<(String, Vec<Option<f64>>)>,
}

impl Rows {
    fn int(&mut self, name: &str, v: Option<u128>) {
        match self.ints.iter_mut().find(|(n, _)| n == name) {
            Some((_, col)) => col.push(v),
            None => self.ints.push((name.to_owned(), vec![v])),
        }
    }
    fn float(&mut self, name: &str, v: Option<f64>) {
        match self.floats.iter_mut().find(|(n, _)| n == name) {
            Some((_, col)) => col.push(v),
            None => self.floats.push((name.to_owned(), vec![v])),
        }
    }
}

/// The view of the chosen dates, grouped by `by` (several columns: one combined key
/// `a / b`, a column of the view); nothing is copied.
fn grouped<'p>(
    panel: &'p Panel,
    by: &[String],
    dates: &[Date],
) -> PyResult<(PanelView<'p>, Option<String>)> {
    let on_dates = panel.view().on_dates(dates);
    let keys = panel.group_keys();
    for col in by {
        if !keys.contains(&col.as_str()) {
            return Err(PyValueError::new_err(format!(
                "by={col:?}: no such group column; the data's group columns are: {}",
                if keys.is_empty() {
                    "(none)".to_string()
                } else {
                    keys.join(", ")
                }
            )));
        }
    }
    match by.len() {
        0 => Ok((on_dates, None)),
        1 => Ok((on_dates, Some(by[0].clone()))),
        _ => {
            let cols: Vec<&str> = by.iter().map(String::as_str).collect();
            let view = on_dates.with_combined_group(&cols, " / ");
            let key = view.group_key().map(str::to_string);
            Ok((view, key))
        }
    }
}

fn options(kind: &CapacityKind, thresholds: &[f64]) -> PyResult<SummaryOptions> {
    let mut o = SummaryOptions::new(kind.clone()).with_top(0);
    for &t in thresholds {
        if !(t.is_finite() && t >= 0.0) {
            return Err(PyValueError::new_err(format!(
                "threshold {t}: a threshold is a percentage ≥ 0"
            )));
        }
        let th = Threshold::above(format!("above {t} %"), t)
            .map_err(|e| PyValueError::new_err(format!("threshold {t}: {e}")))?;
        o = o.with_threshold(th);
    }
    Ok(o)
}

fn summary_row(rows: &mut Rows, group: Option<String>, date: Date, s: &SystemSummary) {
    let sys = s.system.as_ref();
    let cov = &s.coverage;
    let lacks = |l: Lacks| cov.missing.iter().filter(|m| m.lacks == l).count() as u128;
    rows.group.push(group);
    rows.date.push(date);
    rows.kind.push(Some(s.kind.name().to_string()));
    rows.int("facilities", Some(cov.facilities as u128));
    rows.int("covered_facilities", Some(cov.covered as u128));
    rows.int("population", sys.map(|x| x.population));
    rows.int("capacity", sys.map(|x| x.capacity));
    rows.float("occupancy_percent", sys.map(|x| x.ratio.percent_rounded(1)));
    rows.int("surplus", sys.map(|x| x.surplus));
    rows.int(
        "over_capacity_facilities",
        sys.map(|x| x.overcrowded_facilities as u128),
    );
    rows.int(
        "people_in_over_capacity",
        sys.map(|x| x.people_in_overcrowded),
    );
    rows.float(
        "median_prisoner_occupancy_percent",
        s.population_weighted
            .as_ref()
            .map(|d| d.median.percent_rounded(1)),
    );
    rows.int("population_reported", Some(cov.population_reported));
    rows.int("lacks_population", Some(lacks(Lacks::Population)));
    rows.int("lacks_capacity", Some(lacks(Lacks::Capacity)));
    rows.int("lacks_both", Some(lacks(Lacks::Both)));
    for t in &s.thresholds {
        let p = t.threshold.percent();
        rows.int(
            &format!("above_{p}_facilities"),
            sys.map(|_| t.facilities as u128),
        );
        rows.int(&format!("above_{p}_people"), sys.map(|_| t.people));
    }
}

fn table(rows: Rows, extra_front: Vec<(&str, ArrayRef)>) -> PyResult<ArrowTable> {
    let mut cols: Vec<(&str, ArrayRef)> = vec![
        ("group", texts(rows.group)),
        ("date", dates(rows.date)),
        ("kind", texts(rows.kind)),
    ];
    cols.extend(extra_front);
    let ints: Vec<(String, ArrayRef)> = rows
        .ints
        .into_iter()
        .map(|(n, v)| Ok((n, u64s(v)?)))
        .collect::<PyResult<_>>()?;
    let floats: Vec<(String, ArrayRef)> =
        rows.floats.into_iter().map(|(n, v)| (n, f64s(v))).collect();
    // Keep the command line's field order: ints and floats interleave there.
    let order = [
        "facilities",
        "covered_facilities",
        "population",
        "capacity",
        "occupancy_percent",
        "surplus",
        "over_capacity_facilities",
        "people_in_over_capacity",
        "median_prisoner_occupancy_percent",
        "population_reported",
        "lacks_population",
        "lacks_capacity",
        "lacks_both",
        "releases_system",
        "releases_no_facility_above",
        "facilities_above_target",
        "hidden_by_system_view",
    ];
    let mut all: Vec<(String, ArrayRef)> = ints.into_iter().chain(floats).collect();
    all.sort_by_key(|(n, _)| order.iter().position(|o| o == n).unwrap_or(order.len()));
    let names: Vec<String> = all.iter().map(|(n, _)| n.clone()).collect();
    for ((_, a), n) in all.into_iter().zip(names.iter()) {
        cols.push((n.as_str(), a));
    }
    ArrowTable::from_columns(cols)
}

/// The summary for every chosen date: the system (`group` "all"), then each group.
pub fn summarize(
    py: Python<'_>,
    panel: &Panel,
    kind: &CapacityKind,
    by: &[String],
    thresholds: &[f64],
    dates: &[Date],
) -> PyResult<ArrowTable> {
    let (panel, key) = grouped(panel, by, dates)?;
    let opts = options(kind, thresholds)?;
    let (system, groups) = py
        .detach(|| -> overcrowding::Result<_> {
            let system = summarize_panel(&panel, &opts)?;
            let groups = match &key {
                Some(k) => summarize_panel_groups(&panel, k, &opts)?,
                None => Vec::new(),
            };
            Ok((system, groups))
        })
        .py_err(py)?;
    let mut rows = Rows::default();
    let mut g = 0;
    for s in &system {
        summary_row(&mut rows, Some("all".into()), s.date, &s.summary);
        while g < groups.len() && groups[g].date < s.date {
            g += 1;
        }
        while g < groups.len() && groups[g].date == s.date {
            summary_row(
                &mut rows,
                groups[g].group.clone(),
                groups[g].date,
                &groups[g].summary,
            );
            g += 1;
        }
    }
    table(rows, Vec::new())
}

/// Releases needed for `target` %: the system figure and the per-facility one.
pub fn releases(
    py: Python<'_>,
    panel: &Panel,
    kind: &CapacityKind,
    by: &[String],
    target: f64,
    dates: &[Date],
) -> PyResult<ArrowTable> {
    let (panel, key) = grouped(panel, by, dates)?;
    let mut rows = Rows::default();
    for (date, records) in panel.by_date() {
        let mut groups: Vec<(Option<String>, Vec<overcrowding::Row<'_>>)> =
            vec![(Some("all".into()), records.iter().collect())];
        if let Some(k) = &key {
            let mut m: std::collections::BTreeMap<Option<&str>, Vec<overcrowding::Row<'_>>> =
                Default::default();
            for r in records {
                m.entry(panel.group(r, k)).or_default().push(r);
            }
            groups.extend(m.into_iter().map(|(g, rs)| (g.map(str::to_string), rs)));
        }
        for (group, recs) in groups {
            let p: Vec<(u64, u64)> = recs
                .iter()
                .filter_map(|r| Some((r.population_total()?, r.capacity(kind)?)))
                .collect();
            let r = if p.is_empty() {
                None
            } else {
                Some(overcrowding::system::releases_needed_by_facility(&p, target).py_err(py)?)
            };
            let pop: u128 = p.iter().map(|x| x.0 as u128).sum();
            let cap: u128 = p.iter().map(|x| x.1 as u128).sum();
            let covered = !p.is_empty();
            rows.group.push(group);
            rows.date.push(date);
            rows.kind.push(Some(kind.name().to_string()));
            rows.float("target_percent", Some(target));
            rows.int("facilities", Some(recs.len() as u128));
            rows.int("covered_facilities", Some(p.len() as u128));
            rows.int("population", covered.then_some(pop));
            rows.int("capacity", covered.then_some(cap));
            rows.float(
                "occupancy_percent",
                (cap > 0)
                    .then(|| {
                        overcrowding::Ratio::new(pop, cap)
                            .ok()
                            .map(|r| r.percent_rounded(1))
                    })
                    .flatten(),
            );
            rows.int("releases_system", r.as_ref().map(|r| r.system as u128));
            rows.int(
                "releases_no_facility_above",
                r.as_ref().map(|r| r.sum_per_facility as u128),
            );
            rows.int(
                "facilities_above_target",
                r.as_ref().map(|r| r.facilities_above as u128),
            );
            rows.int(
                "hidden_by_system_view",
                r.as_ref().map(|r| r.hidden_by_system_view() as u128),
            );
        }
    }
    let target_col = rows.floats.iter().position(|(n, _)| n == "target_percent");
    let front = match target_col {
        Some(i) => {
            let (_, v) = rows.floats.remove(i);
            vec![("target_percent", f64s(v))]
        }
        None => Vec::new(),
    };
    table(rows, front)
}

/// The screen's findings: rule, facility, date, kind, value, why.
pub fn screen(py: Python<'_>, panel: &Panel) -> PyResult<ArrowTable> {
    let s = py.detach(|| {
        overcrowding::screen::screen(panel, &overcrowding::screen::ScreenOptions::new())
    });
    let f = s.findings();
    ArrowTable::from_columns(vec![
        (
            "rule",
            texts(
                f.iter()
                    .map(|x| Some(x.rule().name().to_string()))
                    .collect(),
            ),
        ),
        (
            "facility",
            texts(f.iter().map(|x| x.facility().map(str::to_string)).collect()),
        ),
        ("date", dates(f.iter().map(|x| x.date()).collect())),
        (
            "kind",
            texts(
                f.iter()
                    .map(|x| x.kind().map(|k| k.name().to_string()))
                    .collect(),
            ),
        ),
        (
            "value",
            Arc::new(UInt64Array::from(
                f.iter().map(|x| x.value()).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        (
            "why",
            texts(f.iter().map(|x| Some(x.why().to_string())).collect()),
        ),
    ])
}

/// The records as a long table.
pub fn records_table(panel: &Panel) -> PyResult<ArrowTable> {
    let rs = panel.rows();
    let mut cols: Vec<(String, ArrayRef)> = vec![
        (
            "facility_id".into(),
            texts(
                rs.iter()
                    .map(|r| Some(r.id().as_str().to_string()))
                    .collect(),
            ),
        ),
        (
            "name".into(),
            texts(rs.iter().map(|r| r.name().map(str::to_string)).collect()),
        ),
        ("date".into(), dates(rs.iter().map(|r| r.date()).collect())),
    ];
    for k in panel.group_keys() {
        cols.push((
            k.to_string(),
            texts(rs.iter().map(|r| r.group(k).map(str::to_string)).collect()),
        ));
    }
    cols.push((
        "population".into(),
        Arc::new(UInt64Array::from(
            rs.iter().map(|r| r.population_total()).collect::<Vec<_>>(),
        )),
    ));
    for k in panel.capacity_kinds() {
        cols.push((
            format!("capacity_{}", k.name()),
            Arc::new(UInt64Array::from(
                rs.iter().map(|r| r.capacity(&k)).collect::<Vec<_>>(),
            )),
        ));
    }
    ArrowTable::from_columns(cols.iter().map(|(n, a)| (n.as_str(), a.clone())).collect())
}

/// The run of system totals since the last gap (the crate's `Series::totals`: the population
/// of every facility summed per date, the last report of a period counts), the default
/// forecast fitted to it, and the capacity of `kind` on the last date.
pub struct SystemForecast {
    /// (period, Σ population) of the run, oldest first.
    pub run: Vec<(overcrowding::series::YearMonth, u64)>,
    /// The last date with a population.
    pub last: Date,
    /// Σ capacity of `kind` on the last date (0 without a kind).
    pub capacity: u128,
    /// The forecast.
    pub forecast: overcrowding::projection::Forecast,
    /// Its frequency.
    pub frequency: overcrowding::projection::Frequency,
}

/// The frequency by name.
pub fn frequency_of(frequency: &str) -> PyResult<overcrowding::projection::Frequency> {
    use overcrowding::projection::Frequency;
    match frequency {
        "monthly" => Ok(Frequency::Monthly),
        "quarterly" => Ok(Frequency::Quarterly),
        "yearly" => Ok(Frequency::Yearly),
        f => Err(PyValueError::new_err(format!(
            "frequency={f:?}: \"monthly\", \"quarterly\" or \"yearly\""
        ))),
    }
}

/// Fits the default forecast to the system population since the last gap.
pub fn system_forecast(
    py: Python<'_>,
    panel: &Panel,
    kind: Option<&CapacityKind>,
    horizon: usize,
    frequency: &str,
) -> PyResult<SystemForecast> {
    let freq = frequency_and_horizon(frequency, horizon)?;
    let mut items: Vec<(Date, u64)> = Vec::new();
    let mut last: Option<(Date, u128)> = None;
    for (d, rs) in panel.by_date() {
        let mut any = false;
        for r in rs.iter() {
            if let Some(p) = r.population_total() {
                items.push((d, p));
                any = true;
            }
        }
        if any {
            let cap = kind
                .map(|k| {
                    rs.iter()
                        .filter_map(|r| r.capacity(k).map(u128::from))
                        .sum()
                })
                .unwrap_or(0);
            last = Some((d, cap));
        }
    }
    let run = overcrowding::series::Series::totals(freq, items)
        .py_err(py)?
        .run_since_gap();
    let series = overcrowding::forecast::RegularSeries::from_series(&run).py_err(py)?;
    let forecast = py
        .detach(|| overcrowding::projection::forecast(&series, horizon))
        .py_err(py)?;
    let (last, capacity) = last.ok_or_else(|| PyValueError::new_err("no population reported"))?;
    Ok(SystemForecast {
        // The frequencies offered here (monthly, quarterly, yearly) all start on a month.
        run: run
            .points()
            .iter()
            .filter_map(|p| Some((p.period.first_month()?, p.value)))
            .collect(),
        last,
        capacity,
        forecast,
        frequency: freq,
    })
}

/// The default forecast of the system population (Σ reported population per date).
pub fn forecast(
    py: Python<'_>,
    panel: &Panel,
    kind: Option<&CapacityKind>,
    horizon: usize,
    frequency: &str,
    levels: &[f64],
) -> PyResult<ArrowTable> {
    use overcrowding::projection::Frequency;
    check_levels(levels)?;
    let SystemForecast {
        run,
        last,
        capacity,
        forecast: f,
        frequency: freq,
    } = system_forecast(py, panel, kind, horizon, frequency)?;
    let step_months: i64 = match freq {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 3,
        Frequency::Yearly => 12,
        Frequency::Daily => {
            return Err(PyValueError::new_err(
                "frequency=\"daily\": not offered here (\"monthly\", \"quarterly\" or \"yearly\")",
            ));
        }
    };
    let period_end = |k: usize| -> Option<Date> {
        let first = last.first_of_month();
        let next = first
            .checked_add(jiff::Span::new().try_months(step_months * k as i64).ok()?)
            .ok()?;
        Some(next.last_of_month())
    };
    let capacity = kind.map(|_| capacity).filter(|c| *c > 0);
    let since = run
        .first()
        .and_then(|(m, _)| jiff::civil::Date::new(m.year() as i16, m.month() as i8, 1).ok())
        .unwrap_or(last);
    // The plain forecast's columns, with each step's period end after `step`.
    let mut fc = ForecastColumns::new(levels.to_vec());
    fc.push(py, "", &f)?;
    let mut cols = fc.columns(false);
    cols.insert(
        1,
        (
            "date".into(),
            dates(
                (1..=horizon)
                    .map(|k| period_end(k).unwrap_or(last))
                    .collect(),
            ),
        ),
    );
    cols.push(("fitted_since".into(), dates(vec![since; horizon])));
    cols.push(("capacity".into(), u64s(vec![capacity; horizon])?));
    cols.push((
        "mean_above_capacity".into(),
        Arc::new(BooleanArray::from(
            f.mean()
                .iter()
                .map(|&m| capacity.map(|c| m > c as f64))
                .collect::<Vec<_>>(),
        )),
    ));
    ArrowTable::from_columns(cols.iter().map(|(n, a)| (n.as_str(), a.clone())).collect())
}

/// Refuses an interval level outside (0, 1).
fn check_levels(levels: &[f64]) -> PyResult<()> {
    match levels.iter().find(|&&l| !(l > 0.0 && l < 1.0)) {
        Some(l) => Err(PyValueError::new_err(format!(
            "level {l}: an interval level is a fraction between 0 and 1 (0.8 for 80 %)"
        ))),
        None => Ok(()),
    }
}

/// One column of floats, nulls allowed.
type Column = Vec<Option<f64>>;

/// Forecasts as long columns: the series' name (for many), step, mean, lower/upper per
/// level, method.
struct ForecastColumns {
    levels: Vec<f64>,
    series: Vec<Option<String>>,
    step: Vec<u64>,
    mean: Vec<Option<f64>>,
    bounds: Vec<(Column, Column)>,
    method: Vec<Option<String>>,
}

impl ForecastColumns {
    fn new(levels: Vec<f64>) -> ForecastColumns {
        let bounds = levels.iter().map(|_| (Vec::new(), Vec::new())).collect();
        ForecastColumns {
            levels,
            series: Vec::new(),
            step: Vec::new(),
            mean: Vec::new(),
            bounds,
            method: Vec::new(),
        }
    }

    /// Appends `f`'s rows, named `series`.
    fn push(
        &mut self,
        py: Python<'_>,
        series: &str,
        f: &overcrowding::projection::Forecast,
    ) -> PyResult<()> {
        let horizon = f.mean().len();
        self.series
            .extend(std::iter::repeat_n(Some(series.to_string()), horizon));
        self.step.extend(1..=horizon as u64);
        self.mean.extend(f.mean().iter().map(|&x| Some(x)));
        for (&l, (lower, upper)) in self.levels.iter().zip(&mut self.bounds) {
            let iv = f.interval(l).py_err(py)?;
            lower.extend(iv.iter().map(|x| Some(x.0)));
            upper.extend(iv.iter().map(|x| Some(x.1)));
        }
        self.method
            .extend(std::iter::repeat_n(Some(f.method()), horizon));
        Ok(())
    }

    /// The table, with the `series` column first when `named`.
    fn table(self, named: bool) -> PyResult<ArrowTable> {
        let cols = self.columns(named);
        ArrowTable::from_columns(cols.iter().map(|(n, a)| (n.as_str(), a.clone())).collect())
    }

    /// The named columns of [`ForecastColumns::table`], for a caller that adds its own.
    fn columns(self, named: bool) -> Vec<(String, ArrayRef)> {
        let mut cols: Vec<(String, ArrayRef)> = Vec::new();
        if named {
            cols.push(("series".into(), texts(self.series)));
        }
        cols.push(("step".into(), Arc::new(UInt64Array::from(self.step))));
        cols.push(("mean".into(), f64s(self.mean)));
        for (&l, (lower, upper)) in self.levels.iter().zip(self.bounds) {
            let pct = (l * 100.0).round() as i64;
            cols.push((format!("lower_{pct}"), f64s(lower)));
            cols.push((format!("upper_{pct}"), f64s(upper)));
        }
        cols.push(("method".into(), texts(self.method)));
        cols
    }
}

/// The frequency by name and a horizon the command line would take (1 to 600 periods).
fn frequency_and_horizon(
    frequency: &str,
    horizon: usize,
) -> PyResult<overcrowding::projection::Frequency> {
    let freq = frequency_of(frequency)?;
    if horizon == 0 || horizon > 600 {
        return Err(PyValueError::new_err(format!(
            "horizon={horizon}: 1 to 600 periods"
        )));
    }
    Ok(freq)
}

/// A plain series' forecast arguments read: [`frequency_and_horizon`], and the levels (80 %
/// and 95 % when not given) each in (0, 1).
fn forecast_arguments(
    frequency: &str,
    horizon: usize,
    levels: Option<Vec<f64>>,
) -> PyResult<(overcrowding::projection::Frequency, Vec<f64>)> {
    let freq = frequency_and_horizon(frequency, horizon)?;
    let levels = levels.unwrap_or_else(|| vec![0.8, 0.95]);
    check_levels(&levels)?;
    Ok((freq, levels))
}

/// The default forecast of a plain series of values (oldest first, equally spaced).
#[pyfunction]
#[pyo3(signature = (values, *, frequency, horizon, levels = None))]
pub fn forecast_values(
    py: Python<'_>,
    values: Vec<f64>,
    frequency: &str,
    horizon: usize,
    levels: Option<Vec<f64>>,
) -> PyResult<ArrowTable> {
    use overcrowding::projection::RegularSeries;
    let (freq, levels) = forecast_arguments(frequency, horizon, levels)?;
    let series = RegularSeries::new(freq, values).py_err(py)?;
    let f = py
        .detach(|| overcrowding::projection::forecast(&series, horizon))
        .py_err(py)?;
    let mut cols = ForecastColumns::new(levels);
    cols.push(py, "", &f)?;
    cols.table(false)
}

/// Many related series forecast together ([`overcrowding::forecast::forecast_many`]): one
/// table, the series' name first, then each forecast's columns, in the order given.
#[pyfunction]
#[pyo3(signature = (names, values, *, frequency, horizon, levels = None))]
pub fn forecast_many_values(
    py: Python<'_>,
    names: Vec<String>,
    values: Vec<Vec<f64>>,
    frequency: &str,
    horizon: usize,
    levels: Option<Vec<f64>>,
) -> PyResult<ArrowTable> {
    use overcrowding::projection::RegularSeries;
    let (freq, levels) = forecast_arguments(frequency, horizon, levels)?;
    if names.len() != values.len() {
        return Err(PyValueError::new_err(format!(
            "{} names for {} series",
            names.len(),
            values.len()
        )));
    }
    if names.is_empty() {
        return Err(PyValueError::new_err("no series to forecast"));
    }
    let mut series = Vec::with_capacity(values.len());
    for (name, v) in names.iter().zip(values) {
        // The series' name is where the error is (a state, a prison).
        let s = RegularSeries::new(freq, v)
            .map_err(|e| e.at(overcrowding::Location::facility(name.clone())))
            .py_err(py)?;
        series.push(s);
    }
    let forecasts = py
        .detach(|| overcrowding::forecast::forecast_many(&series, horizon))
        .py_err(py)?;
    let mut cols = ForecastColumns::new(levels);
    for (name, f) in names.iter().zip(&forecasts) {
        cols.push(py, name, f)?;
    }
    cols.table(true)
}

/// A bundled file's text by name (`cambodia_2021`, `cambodia_wpb_series`, `bjs_table21`,
/// `hmpps_bulletin`, `cdcr_tpop1`).
#[pyfunction]
pub fn bundled_text(py: Python<'_>, name: &str) -> PyResult<String> {
    overcrowding::datasets::by_name(name)
        .py_err(py)
        .map(str::to_owned)
}

/// For the benchmark (python/bench/bench_summary.py): the Rust path on the same data, in
/// seconds, as `(columns, rows)`:
///
/// - `columns`: the columns already in Rust memory as a Rust user holding columns has them
///   (ids as a dictionary and codes, day numbers, counts with validity; not timed), then
///   `Panel::from_columns` and the summary for every date (timed);
/// - `rows`: the same rows as Rust vectors (an id `String`, a date, `Option<u64>` counts per
///   row; not timed), pushed through the crate's row-by-row `PanelBuilder`, then the summary
///   for every date (timed).
#[pyfunction]
#[pyo3(signature = (table, *, id, date, population, capacity))]
pub fn bench_rust_path(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    id: &str,
    date: &str,
    population: &str,
    capacity: &str,
) -> PyResult<(f64, f64)> {
    use crate::columns;
    let kind = CapacityKind::Design;
    let options = SummaryOptions::new(kind.clone()).with_top(0);
    let (schema, batches) = crate::arrow::import_table(table)?;
    let caps = [(kind.clone(), capacity.to_string())];
    let spec = crate::frame::Spec {
        id,
        date: Some(date),
        as_of: None,
        population: Some(population),
        capacity: &caps,
        name: None,
        by: &[],
    };
    let cols = crate::frame::columns_of(py, &schema, &batches, &spec)?;
    let t = std::time::Instant::now();
    let n = py
        .detach(|| -> overcrowding::Result<usize> {
            let panel = Panel::from_columns(cols)?;
            Ok(summarize_panel(&panel, &options)?.len())
        })
        .py_err(py)?;
    let by_columns = t.elapsed().as_secs_f64();
    std::hint::black_box(n);

    let ids = columns::strings(&columns::column(&schema, &batches, id)?, id)?;
    let ds = columns::dates(
        py,
        &columns::column(&schema, &batches, date)?,
        date,
        &ids,
        0,
    )?;
    let pop = columns::counts(
        py,
        &columns::column(&schema, &batches, population)?,
        population,
        &ids,
        0,
    )?;
    let cap = columns::counts(
        py,
        &columns::column(&schema, &batches, capacity)?,
        capacity,
        &ids,
        0,
    )?;
    let ids: Vec<String> = ids.into_iter().map(Option::unwrap_or_default).collect();
    let ds: Vec<Date> = ds.into_iter().map(|d| d.unwrap_or_default()).collect();
    // What a Rust user with rows in memory writes: the crate's PanelBuilder, then the summary
    // for every date.
    let run = || -> overcrowding::Result<usize> {
        let mut b = overcrowding::model::PanelBuilder::with_capacity(ids.len()).with_merging(false);
        let slot = b.capacity_slot(kind.clone());
        for i in 0..ids.len() {
            b.begin(&ids[i], ds[i])?;
            if let Some(p) = pop[i] {
                b.population(p);
            }
            b.capacity(slot, cap[i])?;
            b.commit()?;
        }
        let panel = b.finish()?;
        Ok(summarize_panel(&panel, &options)?.len())
    };
    let t = std::time::Instant::now();
    let n = py.detach(run).py_err(py)?;
    let by_rows = t.elapsed().as_secs_f64();
    std::hint::black_box(n);
    Ok((by_columns, by_rows))
}

/// One facility of [`facilities`]: id, name, population, capacity, occupancy.
type FacilityRow = (
    String,
    Option<String>,
    Option<u64>,
    Option<u64>,
    Option<overcrowding::Ratio>,
);

/// Every facility on one date against `kind`: id, name, population, capacity,
/// occupancy_percent (exact, rounded once), surplus, band (the critical standard) — the most
/// overcrowded first (facilities lacking a figure last, their occupancy null).
pub fn facilities(panel: &Panel, kind: &CapacityKind, date: Date) -> PyResult<ArrowTable> {
    let standard = overcrowding::Standard::critical();
    let mut rows: Vec<FacilityRow> = panel
        .on(date)
        .iter()
        .map(|r| {
            let (p, c) = (r.population_total(), r.capacity(kind));
            let occ = match (p, c) {
                (Some(p), Some(c)) => overcrowding::occupancy(p, c).ok(),
                _ => None,
            };
            (
                r.id().as_str().to_string(),
                r.name().map(str::to_string),
                p,
                c,
                occ,
            )
        })
        .collect();
    rows.sort_by(|a, b| match (&a.4, &b.4) {
        (Some(x), Some(y)) => y.cmp(x).then(a.0.cmp(&b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(&b.0),
    });
    let n = rows.len();
    ArrowTable::from_columns(vec![
        (
            "facility_id",
            texts(rows.iter().map(|r| Some(r.0.clone())).collect()),
        ),
        ("name", texts(rows.iter().map(|r| r.1.clone()).collect())),
        ("date", dates(vec![date; n])),
        ("kind", texts(vec![Some(kind.name().to_string()); n])),
        (
            "population",
            Arc::new(UInt64Array::from(
                rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        (
            "capacity",
            Arc::new(UInt64Array::from(
                rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        (
            "occupancy_percent",
            f64s(
                rows.iter()
                    .map(|r| r.4.map(|o| o.percent_rounded(1)))
                    .collect(),
            ),
        ),
        (
            "surplus",
            Arc::new(UInt64Array::from(
                rows.iter()
                    .map(|r| match (r.2, r.3) {
                        (Some(p), Some(c)) => Some(p.saturating_sub(c)),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        (
            "band",
            texts(
                rows.iter()
                    .map(|r| r.4.map(|o| standard.classify(&o).label().to_string()))
                    .collect(),
            ),
        ),
    ])
}
