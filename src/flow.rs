//! People flows: how many are held when people come in and stay — Little's law at steady
//! state, length-of-stay distributions, a monthly cohort stock-flow model of the pretrial and
//! sentenced stocks from today's stock, person-level stays, projections from stays and
//! targets. (A series in, a forecast out is the other room, [`crate::forecast`].)
//!
//! | question | model | items |
//! |---|---|---|
//! | average population for given admissions and stays (steady state) | Little's law `N = λ·W` | [`little_population`], [`little_stay`], [`little_admissions`] |
//! | the path of the pretrial and sentenced stocks under a policy, without person-level data | cohort stock-flow, the levers in expectation | [`CohortModel`], [`StayDistribution`], [`policy::Plan::run_expected`] |
//! | the same from the people held today, with the time each has served | cohort stock-flow from a [`Stock`] (a distribution by months served, or [`Stock::from_stays`]) | [`Stock`], [`StreamSpec::from_stock`] |
//! | policies on people: pretrial caps, expedited cases, early release with recall, surges, diversion | one sweep over the stays ([`policy`]) | [`policy::Plan`], [`policy::Lever`], [`policy::Plan::run`] |
//! | daily population, monthly flows and length of stay from person-level stays | one sweep; Kaplan–Meier ([`stays`]) | [`stays::Stays`], [`stays::KaplanMeier`] |
//! | the population projected from person-level stays, and how wrong it would have been | stock on the origin day + Kaplan–Meier stays + recent admissions, rolling origins vs naive ([`from_stays`]) | [`from_stays::StaysProjector`], [`from_stays::StaysBacktest`] |
//! | places for a projected population; the stay or admissions cut that reaches a target | a trend projection's quantile; Little's law | [`places_needed_projected`], [`steady_state_target`] |
//!
//! # Semantics
//!
//! - Little's law holds only in steady state (constant admissions and stay distribution, and
//!   long enough for the stock to settle); it says nothing about how fast a change shows.
//! - The cohort model works in expected values (`f64` people); its monthly path (under
//!   the projection from stays) checks the stock-flow identity
//!   `stock(t+1) = stock(t) + admissions(t) − releases(t)` on every month, to a relative
//!   tolerance of 1e-9 ([`ErrorKind::StockFlowMismatch`] otherwise).
//! - A [`Stock`] holds expected numbers of people by *age*: the full months already served
//!   at the origin ([`Stock`] has the details); a month of served time is
//!   [`DAYS_PER_MONTH`] = 365.2425 / 12 days.
//! - No result is NaN or infinite: every division and logarithm is guarded and inputs are
//!   validated ([`ErrorKind::InvalidParameter`]).

mod cohort;
pub mod from_stays;
pub mod policy;
mod stay;
pub mod stays;
mod stock;
mod targets;

pub use cohort::{Admissions, CohortModel, Stream, StreamSpec};
pub use stay::StayDistribution;
pub use stock::{DAYS_PER_MONTH, MAX_STOCK_MONTHS, Stock, days_in_years};
pub use targets::{SteadyStateTarget, places_needed_projected, steady_state_target};

use crate::ErrorKind;
use crate::error::Constraint;
use crate::error::{Error, Result};

/// The documented work limit of the monthly flow paths (see [`Stock::survivors`]).
pub use cohort::MAX_PROJECTION_MONTHS;

pub(crate) fn positive(what: &'static str, x: f64) -> Result<f64> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(what, x, Constraint::Positive))
    }
}

pub(crate) fn non_negative(what: &'static str, x: f64) -> Result<f64> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(what, x, Constraint::NonNegative))
    }
}

fn finite(what: &'static str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::from(ErrorKind::Overflow { what }))
    }
}

/// Little's law: the steady-state average population `N = λ·W` for `admissions_per_day`
/// (λ) and a mean stay of `mean_stay_days` (W).
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when an input is negative or not finite;
/// [`ErrorKind::Overflow`] when the product is not finite.
///
/// ```
/// // 700 admissions over ~9 months (≈ 2.56 a day) staying a year on average: ≈ 934 held.
/// let n = overcrowding::flow::little_population(700.0 / 273.0, 365.0).unwrap();
/// assert_eq!(n.round(), 936.0);
/// ```
pub fn little_population(admissions_per_day: f64, mean_stay_days: f64) -> Result<f64> {
    let l = non_negative("admissions per day", admissions_per_day)?;
    let w = non_negative("mean stay (days)", mean_stay_days)?;
    finite("steady-state population", l * w)
}

/// Little's law solved for the mean stay: `W = N / λ`.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when the population is negative or not finite, or admissions
/// are not finite and positive.
///
/// ```
/// // 39,000 held with 30 admissions a day: a mean stay of 1,300 days.
/// assert_eq!(overcrowding::flow::little_stay(39_000.0, 30.0).unwrap(), 1_300.0);
/// ```
pub fn little_stay(population: f64, admissions_per_day: f64) -> Result<f64> {
    let n = non_negative("population", population)?;
    let l = positive("admissions per day", admissions_per_day)?;
    finite("mean stay", n / l)
}

/// Little's law solved for admissions: `λ = N / W`.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when the population is negative or not finite, or the mean
/// stay is not finite and positive.
///
/// ```
/// assert_eq!(overcrowding::flow::little_admissions(27_000.0, 900.0).unwrap(), 30.0);
/// ```
pub fn little_admissions(population: f64, mean_stay_days: f64) -> Result<f64> {
    let n = non_negative("population", population)?;
    let w = positive("mean stay (days)", mean_stay_days)?;
    finite("admissions per day", n / w)
}
