//! `forecast --admissions COL --releases COL`: the population forecast from its flows (the
//! library's [`forecast_flows`] / [`forecast_stock_flow`]) beside the population-only one.
//!
//! The flow columns are counts of people admitted and released *during* the period a row
//! reports on (the month or year ending at its date). A forecast period's flows are the sum
//! of its rows' (every facility, every report date in the period, as `--by` and
//! `--by-facility` split them), while its population is the last report's (the
//! [`Series::totals`] convention): so monthly reports with monthly flows give yearly flows
//! with `--frequency yearly`. A period in which a row reports a population but leaves a flow
//! cell empty has unknown flows; the flows used are the run of periods with known flows that
//! ends in the last period.

use super::CliError;
use super::args::FlowMethodArg;
use crate::ErrorKind;
use crate::Row as PanelRow;
use crate::error::{Error, Location, ValueProblem};
use crate::forecast::{
    FlowMethod, FlowSeries, Forecast, RegularSeries, forecast_flows, forecast_stock_flow,
};
use crate::series::{AnyPeriod, Series};

/// The columns holding the flows, from `--admissions` and `--releases`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FlowColumns<'a> {
    /// The admissions column.
    pub admissions: &'a str,
    /// The releases column.
    pub releases: &'a str,
    /// `--flow-method`.
    pub method: FlowMethodArg,
}

/// A population forecast made with the flows: the forecast whose fan the rows show and
/// what the flows' rows add.
pub(crate) struct FlowOutlook {
    /// The population forecast the rows show (the chosen one).
    pub forecast: Forecast,
    /// `"stock-flow"` or `"population-only"`.
    pub chosen: &'static str,
    /// The stock-flow forecast's admissions and releases, median per period.
    pub admissions: Vec<f64>,
    /// As `admissions`.
    pub releases: Vec<f64>,
    /// The rolling-origin MASE the choice was made on (auto only; `None` without origins).
    pub stock_flow_mase: Option<f64>,
    /// As `stock_flow_mase`.
    pub population_only_mase: Option<f64>,
    /// The rolling origins of the choice (auto only).
    pub origins: Option<usize>,
    /// How the forecast shown was made and what the flows were, for the method text.
    pub how: String,
}

/// Forecasts the population of `totals` (the unit's rows `rows`) `horizon` periods ahead
/// with its flows.
///
/// # Errors
///
/// Bad input when a flow cell is not a count, the flows' sums overflow, the last period's
/// flows are unknown, or the run of known flows is too short to forecast (the library's
/// [`RegularSeries::new`] error, with what was found); the library's errors of the
/// forecasts.
pub(crate) fn outlook(
    totals: &Series<AnyPeriod>,
    rows: &[PanelRow<'_>],
    columns: FlowColumns<'_>,
    horizon: usize,
) -> Result<FlowOutlook, CliError> {
    let series = flow_series(totals, rows, columns)?;
    let frequency = totals.frequency();
    let n = series.admissions().len();
    let label = |m: Option<AnyPeriod>| m.map_or("?".into(), |m| m.to_string());
    let flows = format!(
        "flows: admissions {:?}, releases {:?}, {n} {} period{} {}..{}",
        columns.admissions,
        columns.releases,
        frequency.label(),
        if n == 1 { "" } else { "s" },
        label(series.admissions().start()),
        label(series.admissions().period(n.saturating_sub(1))),
    );
    let median = |f: &Forecast| f.quantiles(0.5);
    Ok(match columns.method {
        FlowMethodArg::Auto => {
            let choice = forecast_flows(&series, horizon)?;
            let sf = choice.stock_flow();
            let (other, chosen) = match choice.chosen() {
                FlowMethod::StockFlow => ("the population-only default", "the stock-flow forecast"),
                FlowMethod::PopulationOnly => {
                    ("the stock-flow forecast", "the population-only default")
                }
            };
            let basis = match (choice.stock_flow_mase(), choice.population_only_mase()) {
                (Some(a), Some(b)) => format!(
                    "chosen over {other} by rolling-origin MASE at {} origins (stock-flow {a:.3}, \
                     population-only {b:.3})",
                    choice.origins()
                ),
                _ => format!("no rolling origin to compare it with {other} at: the default kept"),
            };
            FlowOutlook {
                forecast: choice.forecast().clone(),
                chosen: name(choice.chosen()),
                admissions: median(sf.admissions())?,
                releases: median(sf.releases())?,
                stock_flow_mase: choice.stock_flow_mase(),
                population_only_mase: choice.population_only_mase(),
                origins: Some(choice.origins()),
                how: format!("{chosen}, {basis}; {flows}"),
            }
        }
        FlowMethodArg::StockFlow => {
            let sf = forecast_stock_flow(&series, horizon)?;
            FlowOutlook {
                forecast: sf.population().clone(),
                chosen: name(FlowMethod::StockFlow),
                admissions: median(sf.admissions())?,
                releases: median(sf.releases())?,
                stock_flow_mase: None,
                population_only_mase: None,
                origins: None,
                how: format!("the stock-flow forecast, --flow-method stock-flow; {flows}"),
            }
        }
    })
}

/// The method's name in the rows.
fn name(m: FlowMethod) -> &'static str {
    match m {
        FlowMethod::StockFlow => "stock-flow",
        FlowMethod::PopulationOnly => "population-only",
    }
}

/// The unit's stock and the flows of the periods that have them, up to the last period
/// ([`FlowSeries::from_totals`]): here only each row's cells are read and placed.
fn flow_series(
    totals: &Series<AnyPeriod>,
    rows: &[PanelRow<'_>],
    columns: FlowColumns<'_>,
) -> Result<FlowSeries, CliError> {
    let frequency = totals.frequency();
    // The stock's own errors first, as the population-only forecast gives them.
    RegularSeries::from_series(&totals.run_since_gap())?;
    // Each row's flows (a bad cell is an error here, in row order); summed per period by
    // the library, a period with a row lacking one left out.
    let rows: Vec<&PanelRow<'_>> = rows
        .iter()
        .filter(|r| r.population_total().is_some())
        .collect();
    let (mut admitted, mut released) = (Vec::new(), Vec::new());
    for r in &rows {
        admitted.push((r.date(), count(r, columns.admissions)?));
        released.push((r.date(), count(r, columns.releases)?));
    }
    let sums = |dated, column| match Series::flow_totals(frequency, dated) {
        Ok(s) => Ok(Some(s)),
        Err(e) if matches!(e.kind(), ErrorKind::Empty { .. }) => Ok(None),
        Err(e) => Err(CliError::from(
            e.at(Location::default().with_column(column)),
        )),
    };
    let made = match (
        sums(admitted, columns.admissions)?,
        sums(released, columns.releases)?,
    ) {
        (Some(a), Some(r)) => FlowSeries::from_totals(totals, &a, &r),
        _ => Err(Error::from(ErrorKind::Empty {
            what: "flows of the last period",
        })),
    };
    match made {
        Ok(s) => Ok(s),
        // The last period's flows are unknown: say where (its first row lacking one).
        Err(e) if matches!(e.kind(), ErrorKind::Empty { .. }) => {
            let last = totals.end();
            let lacking = rows
                .iter()
                .filter(|r| frequency.period_of(r.date()) == last)
                .find_map(|r| {
                    let lacks = |c| matches!(count(r, c), Ok(None));
                    (lacks(columns.admissions).then(|| at(r, columns.admissions)))
                        .or_else(|| lacks(columns.releases).then(|| at(r, columns.releases)))
                })
                .unwrap_or_else(|| Location::default().with_column(columns.admissions));
            Err(CliError::from(Error::bad_value(
                "",
                ValueProblem::Missing,
                lacking,
            )))
        }
        // The run of known flows is too short: admissions and releases have one length, so
        // the admissions are the ones refused.
        Err(e) => Err(CliError::from(
            e.at(Location::default().with_column(columns.admissions)),
        )),
    }
}

/// The count in `column` of row `r`; `None` when the cell is empty.
fn count(r: &PanelRow<'_>, column: &str) -> Result<Option<u64>, CliError> {
    let Some(text) = r.group(column) else {
        return Ok(None);
    };
    crate::io::parse::separated_count(text)
        .map(Some)
        .map_err(|p| CliError::from(Error::bad_value(text, p, at(r, column))))
}

fn at(r: &PanelRow<'_>, column: &str) -> Location {
    Location::default()
        .with_column(column)
        .with_facility(r.id().as_str())
        .with_date(r.date())
}
