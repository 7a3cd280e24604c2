//! `forecast --by` / `--by-facility`: each group's (or facility's) forecast reconciled with
//! the others' and their system's (the library's [`PanelForecaster`]), added to the rows,
//! and the system's rows.

use super::CliError;
use super::args::Common;
use super::forecast::{ForecastRow, capacity_level, people, share};
use super::input::{self, Loaded};
use crate::error::Constraint;
use crate::forecast::reconcile::{PanelForecast, PanelForecaster, ReconcileMethod};
use crate::forecast::{FanPeriod, Forecast, Frequency, Side};
use crate::model::PanelView;
use crate::series::Period;

/// The system node's name: "all" as without `--by`, unless a group has that name.
fn system_name(rows: &[ForecastRow]) -> &'static str {
    if rows.iter().any(|r| r.group.as_deref() == Some("all")) {
        "all groups"
    } else {
        "all"
    }
}

/// Adds the reconciled forecasts of the groups of `key` (each facility when `None`) to their
/// `rows` and the system's rows after them. A reconciliation that cannot be made (too few groups with a long
/// enough run) is said on standard error and leaves the fields null.
#[allow(clippy::too_many_arguments)]
pub(crate) fn add(
    rows: &mut Vec<ForecastRow>,
    c: &Common,
    loaded: &Loaded,
    panel: &PanelView<'_>,
    key: Option<&str>,
    horizon: usize,
    frequency: Frequency,
    method: ReconcileMethod,
) -> Result<(), CliError> {
    let mut fc = PanelForecaster::new(frequency, horizon)
        .with_method(method)
        .with_system_name(system_name(rows));
    if let Some(key) = key {
        fc = fc.with_groups(key);
    }
    if let Ok(kind) = input::kind(c, loaded) {
        fc = fc.with_capacity_kind(kind);
    }
    let pf = match fc.run(panel) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("overcrowding: no reconciled forecast: {e}");
            return Ok(());
        }
    };
    for l in &pf.left_out {
        eprintln!(
            "overcrowding: the reconciled forecast leaves out {}: {}{}",
            l.name,
            l.reason,
            match (l.last_period, l.last_population) {
                (Some(p), Some(n)) => format!(" (last {p}: {n})"),
                _ => String::new(),
            }
        );
    }
    let units = if key.is_some() {
        "groups"
    } else {
        "facilities"
    };
    let how = description(&pf, units);
    for u in &pf.units {
        let fan = u.reconciled.fan(&[0.8, 0.95])?;
        for row in rows
            .iter_mut()
            .filter(|r| r.group.as_deref() == Some(u.name.as_str()))
        {
            let Some(k) = fan
                .iter()
                .position(|p| p.label().as_deref() == Some(row.period.as_str()))
            else {
                continue;
            };
            fill(row, &u.reconciled, &fan[k], k, row.capacity, &how)?;
        }
    }
    let plain = capacity_level(c)?;
    let sys = &pf.system;
    let capacity = plain.or(sys.capacity);
    let base_fan = sys.base.fan(&[0.8, 0.95])?;
    let fan = sys.reconciled.fan(&[0.8, 0.95])?;
    let shares = |f: &Forecast, reached: bool| {
        capacity
            .map(|cap| {
                if reached {
                    f.probability_reached(cap as f64, Side::Above)
                } else {
                    f.probability_at(cap as f64, Side::Above)
                }
            })
            .transpose()
    };
    let (above, reached) = (shares(&sys.base, false)?, shares(&sys.base, true)?);
    let above_at_origin = capacity.map(|cap| sys.last_population > cap);
    let first_above = capacity
        .filter(|_| above_at_origin == Some(false))
        .and_then(|cap| base_fan.iter().find(|p| p.median > cap as f64))
        .and_then(|p| p.label());
    let forced = rows.iter().any(|r| r.forced);
    let back = i64::try_from(pf.system_periods.saturating_sub(1)).unwrap_or(i64::MAX);
    let first = pf.last_period.step(-back).ok_or_else(|| {
        crate::Error::invalid(
            "first period of the system's run",
            format_args!("{} - {back}", pf.last_period),
            Constraint::InCalendar,
        )
    })?;
    let method = format!(
        "{} on the sum of the {} {units}, {} {} totals {first}..{} (the crate's default forecast)",
        sys.base.method(),
        pf.units.len(),
        pf.system_periods,
        frequency.label(),
        pf.last_period,
    );
    for (k, (b, p)) in base_fan.iter().zip(&fan).enumerate() {
        let band = |f: &FanPeriod, level: f64| {
            f.interval(level)
                .map_or((f.median, f.median), |i| (i.lower, i.upper))
        };
        let (b80, b95) = (band(b, 0.8), band(b, 0.95));
        let mut row = ForecastRow {
            group: Some(sys.name.clone()),
            level: "system",
            period: b.label().unwrap_or_default(),
            median: people(b.median),
            lower_80: people(b80.0),
            upper_80: people(b80.1),
            lower_95: people(b95.0),
            upper_95: people(b95.1),
            capacity,
            share_of_paths_above_capacity: above.as_ref().map(|a| share(a[k])),
            share_of_paths_reached_capacity: reached.as_ref().map(|a| share(a[k])),
            first_period_above_capacity: first_above.clone(),
            above_capacity_at_origin: above_at_origin,
            method: method.clone(),
            series_findings: Vec::new(),
            forced,
            ..ForecastRow::default()
        };
        fill(&mut row, &sys.reconciled, p, k, capacity, &how)?;
        rows.push(row);
    }
    Ok(())
}

/// How the rows were reconciled, for the `reconciliation` field.
fn description(pf: &PanelForecast, units: &str) -> String {
    let one = if units == "groups" {
        "group"
    } else {
        "facility"
    };
    let clipped = if pf.clipped_paths > 0 {
        format!("; {} paths had a {one} below 0, set to 0", pf.clipped_paths)
    } else {
        String::new()
    };
    format!(
        "{} over {} {units} and their sum (correlations shrunk by λ = {:.2}, from {} periods of \
         one-step errors; intervals from reconciled paths{clipped})",
        pf.method,
        pf.units.len(),
        pf.lambda,
        pf.residual_periods
    )
}

/// The reconciled fields of `row` from period `k` of the reconciled forecast `f`.
fn fill(
    row: &mut ForecastRow,
    f: &Forecast,
    p: &FanPeriod,
    k: usize,
    capacity: Option<u64>,
    how: &str,
) -> Result<(), CliError> {
    let band = |level: f64| {
        p.interval(level)
            .map_or((p.median, p.median), |i| (i.lower, i.upper))
    };
    let (b80, b95) = (band(0.8), band(0.95));
    row.reconciled_median = Some(people(p.median));
    row.reconciled_lower_80 = Some(people(b80.0));
    row.reconciled_upper_80 = Some(people(b80.1));
    row.reconciled_lower_95 = Some(people(b95.0));
    row.reconciled_upper_95 = Some(people(b95.1));
    if let Some(cap) = capacity {
        row.reconciled_share_above_capacity =
            Some(share(f.probability_at(cap as f64, Side::Above)?[k]));
        row.reconciled_share_reached_capacity =
            Some(share(f.probability_reached(cap as f64, Side::Above)?[k]));
    }
    row.reconciliation = Some(how.to_string());
    Ok(())
}
