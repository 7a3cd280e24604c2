//! Targets from projections: places for a projected population at a quantile, and the stay
//! or admissions reduction that reaches a target population at steady state (Little's law).
//!
//! | question | answer | function |
//! |---|---|---|
//! | places for a projected population | `max(0, ⌈N_q / t⌉ − c)` for a quantile `N_q` of a trend projection | [`places_needed_projected`] |
//! | stay or admissions reduction that reaches the target at steady state | Little's law `N = λ·W` | [`steady_state_target`] |
//!
//! The Little's-law answers are `f64` and hold only at steady state.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use super::{little_admissions, little_population, little_stay};
use crate::error::{Error, Result};
use crate::exact::floor_percent_of;
use crate::forecast::trend::TrendProjection;
use crate::system::additional_places_needed;

/// Places to add to `capacity` so that the `quantile` of the projected population in `year`
/// (rounded up to whole people) is at or below `target_percent`: the capacity a plan needs to
/// be right with probability `quantile` under the trend model.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `year` is not projected or `quantile` is outside [0, 1];
/// as [`additional_places_needed`].
///
/// ```
/// use overcrowding::forecast::{trend::TrendFit, trend::MonteCarlo, trend::ErrorModel};
/// let wpb = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&wpb, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
/// let sims = fit.simulate(&MonteCarlo::new(2_000)?.with_seed(1).with_errors(ErrorModel::Normal), 2030)?;
/// let median = overcrowding::flow::places_needed_projected(&sims, 2025, 0.5, 27_000, 100.0).unwrap();
/// let safe = overcrowding::flow::places_needed_projected(&sims, 2025, 0.95, 27_000, 100.0).unwrap();
/// assert!(safe > median && median > 18_000);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn places_needed_projected(
    projection: &TrendProjection,
    year: i32,
    quantile: f64,
    capacity: u64,
    target_percent: f64,
) -> Result<u64> {
    if !(0.0..=1.0).contains(&quantile) {
        return Err(Error::invalid(
            "quantile",
            quantile,
            Constraint::Between { min: 0.0, max: 1.0 },
        ));
    }
    let n = projection
        .quantile(year, quantile)
        .ok_or_else(|| Error::invalid("year", year, Constraint::Projected))?;
    // Projected values are finite and positive (checked in `simulate`); a value beyond u64
    // is an overflow, not a clamp.
    let people = n.ceil();
    if people.is_nan() || people >= u64::MAX as f64 {
        return Err(Error::from(ErrorKind::Overflow {
            what: "projected population",
        }));
    }
    additional_places_needed(people as u64, capacity, target_percent)
}

/// What reaches a target occupancy at steady state, by Little's law `N = λ·W`.
///
/// # Semantics
///
/// Steady state only: with constant admissions λ per day and a constant mean stay W days, the
/// population settles at `λ·W`. A cut in stays or admissions takes about one stay length to
/// show in full; [`crate::projection`] models the path.
///
/// ```
/// // 20 admissions a day, 90-day mean stay: 1,800 held; 1,000 places at 120 % allow 1,200.
/// let t = overcrowding::flow::steady_state_target(20.0, 90.0, 1_000, 120.0).unwrap();
/// assert_eq!(t.target_population, 1_200);
/// approx::assert_relative_eq!(t.required_mean_stay_days, 60.0);
/// approx::assert_relative_eq!(t.stay_reduction_share, 1.0 / 3.0);
/// approx::assert_relative_eq!(t.required_admissions_per_day, 1_200.0 / 90.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SteadyStateTarget {
    /// The largest population that meets the target, `⌊t·capacity⌋`.
    pub target_population: u64,
    /// The steady-state population now, `λ·W`.
    pub steady_state_population: f64,
    /// The mean stay (days) that reaches the target with admissions unchanged.
    pub required_mean_stay_days: f64,
    /// `max(0, W − W*)` days.
    pub stay_reduction_days: f64,
    /// The reduction as a share of the current mean stay (0 when none is needed).
    pub stay_reduction_share: f64,
    /// The admissions per day that reach the target with stays unchanged.
    pub required_admissions_per_day: f64,
    /// `max(0, λ − λ*)` per day.
    pub admissions_reduction_per_day: f64,
    /// The reduction as a share of current admissions (0 when none is needed).
    pub admissions_reduction_share: f64,
}

/// The stay or admissions reduction that brings the steady-state population `λ·W` to at most
/// `target_percent` of `capacity`.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when admissions or the mean stay are not finite and positive,
/// or the target is invalid; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when `capacity` is 0.
///
/// ```
/// // Already below the target: no reduction.
/// let t = overcrowding::flow::steady_state_target(1.0, 30.0, 100, 100.0).unwrap();
/// assert_eq!(t.stay_reduction_days, 0.0);
/// ```
pub fn steady_state_target(
    admissions_per_day: f64,
    mean_stay_days: f64,
    capacity: u64,
    target_percent: f64,
) -> Result<SteadyStateTarget> {
    if capacity == 0 {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    if !target_percent.is_finite() || target_percent < 0.0 {
        return Err(Error::invalid(
            "target percent",
            target_percent,
            Constraint::NonNegative,
        ));
    }
    let n_star = floor_percent_of(target_percent, capacity)
        .and_then(|x| u64::try_from(x).ok())
        .ok_or(Error::from(ErrorKind::Overflow {
            what: "target population",
        }))?;
    let n = little_population(admissions_per_day, mean_stay_days)?;
    let w_star = little_stay(n_star as f64, admissions_per_day)?;
    let l_star = little_admissions(n_star as f64, mean_stay_days)?;
    let stay_cut = (mean_stay_days - w_star).max(0.0);
    let adm_cut = (admissions_per_day - l_star).max(0.0);
    Ok(SteadyStateTarget {
        target_population: n_star,
        steady_state_population: n,
        required_mean_stay_days: w_star,
        stay_reduction_days: stay_cut,
        stay_reduction_share: stay_cut / mean_stay_days,
        required_admissions_per_day: l_star,
        admissions_reduction_per_day: adm_cut,
        admissions_reduction_share: adm_cut / admissions_per_day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projected_places_by_hand() {
        use crate::forecast::{trend::ErrorModel, trend::MonteCarlo, trend::TrendFit};
        let wpb = crate::datasets::cambodia_wpb_series().unwrap();
        let fit = TrendFit::log_linear(&wpb, crate::series::Year(1994), crate::series::Year(2021))
            .unwrap();
        let sims = fit
            .simulate(
                &MonteCarlo::new(101)
                    .unwrap()
                    .with_seed(5)
                    .with_errors(ErrorModel::Normal),
                2024,
            )
            .unwrap();
        // The answer is exactly the integer rule applied to the rounded-up quantile.
        let q = sims.quantile(2024, 0.9).unwrap().ceil() as u64;
        assert_eq!(
            places_needed_projected(&sims, 2024, 0.9, 27_000, 120.0).unwrap(),
            crate::metrics::capacity_needed(q, 120.0).unwrap() - 27_000
        );
        assert!(places_needed_projected(&sims, 2030, 0.9, 27_000, 120.0).is_err());
        assert!(places_needed_projected(&sims, 2024, 1.5, 27_000, 120.0).is_err());
    }

    #[test]
    fn little_law_by_hand() {
        // 39,000 held; suppose 1,000 admissions a month (≈ 32.85/day): W = 39,000 / λ.
        let lambda = 1_000.0 * 12.0 / 365.0;
        let w = 39_000.0 / lambda; // ≈ 1,186 days
        let t = steady_state_target(lambda, w, 27_000, 100.0).unwrap();
        approx::assert_relative_eq!(t.steady_state_population, 39_000.0, max_relative = 1e-12);
        // 27,000 / 39,000 of the stay: a 30.77 % cut, and the same share of admissions.
        approx::assert_relative_eq!(t.stay_reduction_share, 12.0 / 39.0, max_relative = 1e-12);
        approx::assert_relative_eq!(
            t.admissions_reduction_share,
            12.0 / 39.0,
            max_relative = 1e-12
        );
        assert!(steady_state_target(0.0, 10.0, 10, 100.0).is_err());
        assert!(steady_state_target(1.0, f64::INFINITY, 10, 100.0).is_err());
        assert!(steady_state_target(1.0, 10.0, 0, 100.0).is_err());
    }
}
