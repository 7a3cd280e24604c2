//! Yearly counts: compound growth over gaps and the interpolated year of a crossing.

use serde::{Deserialize, Serialize};

use super::family::Series;
use super::period::Year;
use crate::ErrorKind;
use crate::error::{Constraint, Error, Result};

/// When a series first went above a level.
///
/// ```
/// use overcrowding::series::{Point, Series, Year};
/// let s = Series::new(vec![Point { period: Year(2016), value: 21_989 }, Point { period: Year(2018), value: 31_686 }]).unwrap();
/// let c = s.first_crossing(27_000).unwrap().unwrap();
/// assert_eq!(c.first_year_above, 2018);
/// assert_eq!(c.last_year_at_or_below, Some(2016));
/// assert!((c.interpolated_year - 2017.13).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearCrossing {
    /// The first observed year with a value above the level.
    pub first_year_above: i32,
    /// The observed year before it (at or below the level), if any.
    pub last_year_at_or_below: Option<i32>,
    /// The (fractional) year at which the compound-growth path between the two observations
    /// reaches the level; equals `first_year_above` when there is no earlier observation.
    pub interpolated_year: f64,
}

impl Series<Year> {
    /// Compound annual growth rate between two observed years: `(v₂ / v₁)^(1 / (y₂ − y₁)) − 1`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] when a year is not observed or `to <= from`;
    /// [`ErrorKind::ZeroDenominator`] when the first value is 0.
    ///
    /// ```
    /// use overcrowding::{datasets::cambodia_wpb_series, series::Year};
    /// let s = cambodia_wpb_series().unwrap();
    /// let g = s.annual_growth(Year(1994), Year(2021)).unwrap();
    /// assert_eq!((g * 1000.0).round() / 10.0, 11.7); // 11.7 % a year, 1994–2021
    /// ```
    pub fn annual_growth(&self, from: Year, to: Year) -> Result<f64> {
        if to <= from {
            return Err(Error::invalid(
                "to year",
                to,
                Constraint::After {
                    bound: from.to_string(),
                },
            ));
        }
        let get = |y: Year| {
            self.value(y)
                .ok_or_else(|| Error::invalid("year", y, Constraint::Observed))
        };
        let (a, b) = (get(from)?, get(to)?);
        if a == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator {
                what: "first value of the period",
            }));
        }
        Ok(compound_rate(a, b, from.0, to.0))
    }

    /// Growth between each pair of consecutive observations: `(from, to, annual rate)`.
    ///
    /// ```
    /// use overcrowding::datasets::cambodia_wpb_series;
    /// let steps = cambodia_wpb_series().unwrap().annual_growth_steps();
    /// assert_eq!(steps.len(), 14);
    /// assert_eq!((steps[13].0, steps[13].1), (2018, 2021));
    /// ```
    pub fn annual_growth_steps(&self) -> Vec<(i32, i32, f64)> {
        self.points()
            .windows(2)
            .filter(|w| w[0].value > 0)
            .map(|w| {
                let (from, to) = (w[0].period.0, w[1].period.0);
                (from, to, compound_rate(w[0].value, w[1].value, from, to))
            })
            .collect()
    }

    /// The first time the series went above `level`; `Ok(None)` if it never did.
    /// The interpolated year follows compound growth between the bracketing observations.
    ///
    /// # Errors
    ///
    /// Never, today; `Result` leaves room for checks on the level.
    ///
    /// ```
    /// use overcrowding::datasets::cambodia_wpb_series;
    /// let c = cambodia_wpb_series().unwrap().first_crossing(27_000).unwrap().unwrap();
    /// assert_eq!(c.first_year_above, 2018);
    /// ```
    pub fn first_crossing(&self, level: u64) -> Result<Option<YearCrossing>> {
        let points = self.points();
        let Some(i) = points.iter().position(|p| p.value > level) else {
            return Ok(None);
        };
        let Some(&above) = points.get(i) else {
            return Ok(None);
        };
        if i == 0 {
            return Ok(Some(YearCrossing {
                first_year_above: above.period.0,
                last_year_at_or_below: None,
                interpolated_year: f64::from(above.period.0),
            }));
        }
        let Some(below) = i.checked_sub(1).and_then(|b| points.get(b)).copied() else {
            return Ok(None);
        };
        let span = year_span(below.period.0, above.period.0);
        // below.value ≤ level < above.value, so both differences are exact and the second
        // is ≥ 1. ln(v / below) as ln_1p((v − below) / below): two values that round to one
        // f64 (2^60 and 2^60 + 1) still give a positive denominator, never 0 / 0.
        let (rise_to_level, rise) = (level - below.value, above.value - below.value);
        let t = if below.value == 0 {
            // No compound path from zero: interpolate linearly.
            rise_to_level as f64 / rise as f64
        } else {
            let b = below.value as f64;
            (rise_to_level as f64 / b).ln_1p() / (rise as f64 / b).ln_1p()
        };
        Ok(Some(YearCrossing {
            first_year_above: above.period.0,
            last_year_at_or_below: Some(below.period.0),
            interpolated_year: f64::from(below.period.0) + t * span,
        }))
    }
}

/// Years from `from` to `to` as a float, computed in `i64` (i32::MIN to i32::MAX does not
/// overflow).
fn year_span(from: i32, to: i32) -> f64 {
    (i64::from(to) - i64::from(from)) as f64
}

/// Compound annual rate from `a` in `from` to `b` in `to` (`a > 0`, `to > from`).
fn compound_rate(a: u64, b: u64, from: i32, to: i32) -> f64 {
    (b as f64 / a as f64).powf(year_span(from, to).recip()) - 1.0
}
