//! Time series of counts: growth, change and threshold crossings.
//!
//! # Semantics
//!
//! A [`YearlySeries`] holds one count per year, years strictly increasing, gaps allowed (the
//! World Prison Brief series for Cambodia jumps from 1972 to 1994 and from 2018 to 2021).
//! Growth over a gap is compound: the annual rate that carries the first value to the second.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One observation of a yearly series.
///
/// ```
/// let p = overcrowding::YearPoint { year: 2021, value: 39_000 };
/// assert_eq!(p.value, 39_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPoint {
    /// Calendar year.
    pub year: i32,
    /// The count.
    pub value: u64,
}

/// A yearly series of counts, years strictly increasing.
///
/// ```
/// use overcrowding::{YearlySeries, YearPoint};
/// let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 21_989 }, YearPoint { year: 2018, value: 31_686 }]).unwrap();
/// assert_eq!(s.points().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearlySeries {
    points: Vec<YearPoint>,
}

/// When a series first went above a level.
///
/// ```
/// use overcrowding::{YearlySeries, YearPoint};
/// let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 21_989 }, YearPoint { year: 2018, value: 31_686 }]).unwrap();
/// let c = s.first_crossing(27_000).unwrap().unwrap();
/// assert_eq!(c.first_year_above, 2018);
/// assert_eq!(c.last_year_at_or_below, Some(2016));
/// assert!((c.interpolated_year - 2017.13).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Crossing {
    /// The first observed year with a value above the level.
    pub first_year_above: i32,
    /// The observed year before it (at or below the level), if any.
    pub last_year_at_or_below: Option<i32>,
    /// The (fractional) year at which the compound-growth path between the two observations
    /// reaches the level; equals `first_year_above` when there is no earlier observation.
    pub interpolated_year: f64,
}

impl YearlySeries {
    /// A series from points.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for no points; [`Error::InvalidParameter`] when years are not strictly
    /// increasing (a duplicate year or out of order).
    ///
    /// ```
    /// use overcrowding::{YearlySeries, YearPoint};
    /// let p = |year, value| YearPoint { year, value };
    /// assert!(YearlySeries::new(vec![p(2018, 1), p(2016, 2)]).is_err());
    /// assert!(YearlySeries::new(vec![]).is_err());
    /// ```
    pub fn new(points: Vec<YearPoint>) -> Result<YearlySeries> {
        if points.is_empty() {
            return Err(Error::Empty { what: "series" });
        }
        if let Some(w) = points.windows(2).find(|w| w[1].year <= w[0].year) {
            return Err(Error::invalid(
                "year",
                w[1].year,
                format!(
                    "comes after {}: years must be strictly increasing",
                    w[0].year
                ),
            ));
        }
        Ok(YearlySeries { points })
    }

    /// The observations.
    ///
    /// ```
    /// # use overcrowding::{YearlySeries, YearPoint};
    /// # let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 1 }]).unwrap();
    /// assert_eq!(s.points()[0].year, 2016);
    /// ```
    pub fn points(&self) -> &[YearPoint] {
        &self.points
    }

    /// The value in `year`, if observed.
    ///
    /// ```
    /// # use overcrowding::{YearlySeries, YearPoint};
    /// # let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 7 }]).unwrap();
    /// assert_eq!(s.value(2016), Some(7));
    /// assert_eq!(s.value(2017), None);
    /// ```
    pub fn value(&self, year: i32) -> Option<u64> {
        self.points
            .binary_search_by_key(&year, |p| p.year)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// Compound annual growth rate between two observed years: `(v₂ / v₁)^(1 / (y₂ − y₁)) − 1`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when a year is not observed or `to <= from`;
    /// [`Error::ZeroDenominator`] when the first value is 0.
    ///
    /// ```
    /// use overcrowding::datasets::cambodia_wpb_series;
    /// let s = cambodia_wpb_series().unwrap();
    /// let g = s.annual_growth(1994, 2021).unwrap();
    /// assert_eq!((g * 1000.0).round() / 10.0, 11.7); // 11.7 % a year, 1994–2021
    /// ```
    pub fn annual_growth(&self, from: i32, to: i32) -> Result<f64> {
        if to <= from {
            return Err(Error::invalid(
                "to year",
                to,
                format!("must come after {from}"),
            ));
        }
        let get = |y: i32| {
            self.value(y)
                .ok_or_else(|| Error::invalid("year", y, "is not observed in the series"))
        };
        let (a, b) = (get(from)?, get(to)?);
        if a == 0 {
            return Err(Error::ZeroDenominator {
                what: "first value of the period",
            });
        }
        Ok((b as f64 / a as f64).powf(1.0 / f64::from(to - from)) - 1.0)
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
        self.points
            .windows(2)
            .filter(|w| w[0].value > 0)
            .map(|w| {
                let r = (w[1].value as f64 / w[0].value as f64)
                    .powf(1.0 / f64::from(w[1].year - w[0].year))
                    - 1.0;
                (w[0].year, w[1].year, r)
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
    pub fn first_crossing(&self, level: u64) -> Result<Option<Crossing>> {
        let Some(i) = self.points.iter().position(|p| p.value > level) else {
            return Ok(None);
        };
        let above = self.points[i];
        if i == 0 {
            return Ok(Some(Crossing {
                first_year_above: above.year,
                last_year_at_or_below: None,
                interpolated_year: f64::from(above.year),
            }));
        }
        let below = self.points[i - 1];
        let span = f64::from(above.year - below.year);
        let t = if below.value == 0 || level == 0 {
            // No compound path from zero: interpolate linearly.
            (level - below.value) as f64 / (above.value - below.value) as f64
        } else {
            (level as f64 / below.value as f64).ln()
                / (above.value as f64 / below.value as f64).ln()
        };
        Ok(Some(Crossing {
            first_year_above: above.year,
            last_year_at_or_below: Some(below.year),
            interpolated_year: f64::from(below.year) + t * span,
        }))
    }
}
