//! `forecast --by` / `--by-facility`: each group's (or facility's) forecast reconciled with
//! the others' and their system's (the library's [`PanelForecaster`]), added to the rows,
//! and the system's rows.

use super::CliError;
use super::args::Common;
use super::forecast::{
    ForecastRow, LEVELS, Outlook, band, capacity_level, fan, fan_row, people, share,
};
use super::input::{self, Loaded};
use crate::forecast::reconcile::{LeftOut, PanelForecast, PanelForecaster, ReconcileMethod};
use crate::forecast::{FanPeriod, Frequency};
use crate::model::PanelView;

/// The system node's name: "all" as without `--by`, unless a group has that name.
fn system_name(rows: &[ForecastRow]) -> &'static str {
    if rows.iter().any(|r| r.group.as_deref() == Some("all")) {
        "all groups"
    } else {
        "all"
    }
}

/// Adds the reconciled forecasts of the groups of `key` (each facility when `None`) to their
/// `rows` and the system's rows after them. A reconciliation that cannot be made (too few
/// groups with a long enough run) is said on standard error and leaves the fields null.
/// `Ok(true)` when the answer is partial: no reconciliation, or a unit left out of the
/// system that still reports (one that stopped reporting is not in today's system).
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
) -> Result<bool, CliError> {
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
            return Ok(true);
        }
    };
    let left_out: Vec<String> = pf.left_out.iter().map(ToString::to_string).collect();
    for l in &left_out {
        eprintln!("overcrowding: the reconciled forecast leaves out {l}");
    }
    let partial = pf.left_out.iter().any(LeftOut::still_reports);
    let units = if key.is_some() {
        "groups"
    } else {
        "facilities"
    };
    let mut how = description(&pf, units);
    if !left_out.is_empty() {
        how = format!("{how}; the system leaves out {}", left_out.join(", "));
    }
    for u in &pf.units {
        let of_unit = |r: &ForecastRow| r.group.as_deref() == Some(u.name.as_str());
        // A unit's rows are held against the capacity they show.
        let Some(first) = rows.iter().find(|r| of_unit(r)) else {
            continue;
        };
        let periods = fan(&u.reconciled, &LEVELS, first.capacity)?;
        for row in rows.iter_mut().filter(|r| of_unit(r)) {
            if let Some(p) = periods
                .iter()
                .find(|p| p.label().as_deref() == Some(row.period.as_str()))
            {
                fill(row, p, &how);
            }
        }
    }
    // The system's own forecast against `--capacity N` or the units' summed capacity.
    let capacity = capacity_level(c)?.or(pf.system.capacity);
    let sys = &pf.system;
    let base = Outlook::of(&sys.base, capacity, String::new())?;
    let reconciled = fan(&sys.reconciled, &LEVELS, capacity)?;
    let forced = rows.iter().any(|r| r.forced);
    let method = format!(
        "{} on the sum of the {} {units}, {} {} totals {}..{} (the crate's default forecast)",
        sys.base.method(),
        pf.units.len(),
        pf.system_periods,
        frequency.label(),
        pf.system_start()?,
        pf.last_period,
    );
    for (b, p) in base.fan.iter().zip(&reconciled) {
        let mut row = ForecastRow {
            group: Some(sys.name.clone()),
            level: "system",
            method: method.clone(),
            forced,
            ..fan_row(b, &base)
        };
        fill(&mut row, p, &how);
        row.units_left_out = Some(pf.left_out.len());
        rows.push(row);
    }
    Ok(partial)
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

/// The reconciled fields of `row` from period `p` of the reconciled fan.
fn fill(row: &mut ForecastRow, p: &FanPeriod, how: &str) {
    let (b80, b95) = (band(p, 0.8), band(p, 0.95));
    row.reconciled_median = Some(people(p.median));
    row.reconciled_lower_80 = Some(people(b80.0));
    row.reconciled_upper_80 = Some(people(b80.1));
    row.reconciled_lower_95 = Some(people(b95.0));
    row.reconciled_upper_95 = Some(people(b95.1));
    row.reconciled_share_above_capacity = p.above.map(share);
    row.reconciled_share_reached_capacity = p.reached.map(share);
    row.reconciliation = Some(how.to_string());
}
