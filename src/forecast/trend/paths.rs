//! Many simulated paths of a trend: quantiles by period and crossing intervals.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::forecast::{Crossing, Side};

/// Simulated paths of a trend, indexed by year (`T = i32`, [`TrendFit::simulate`]) or by
/// month (`T =` [`YearMonth`], [`TrendFit::simulate_months`]), with the origin they start
/// from (the last fitted period and its observed value).
///
/// ```
/// use overcrowding::forecast::{trend::*, Crossing, Side};
/// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021))?;
/// let p = fit.simulate(&MonteCarlo::new(500)?.with_seed(1), 2030)?;
/// assert_eq!(p.periods().first(), Some(&2022));
/// assert_eq!(p.path(0).len(), 9);
/// # Ok::<(), overcrowding::Error>(())
/// ```
///
/// [`TrendFit::simulate`]: super::TrendFit::simulate
/// [`TrendFit::simulate_months`]: super::TrendFit::simulate_months
/// [`YearMonth`]: crate::series::YearMonth
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    try_from = "RawTrendProjection<T>",
    bound(deserialize = "T: Deserialize<'de> + Copy + Ord + std::fmt::Display")
)]
pub struct TrendProjection<T = i32> {
    // pub(super): built by `TrendFit::simulate` (monte_carlo.rs), which keeps the invariants
    // `RawTrendProjection` checks.
    pub(super) periods: Vec<T>,
    pub(super) origin: T,
    pub(super) origin_value: f64,
    pub(super) paths: usize,
    pub(super) values: Vec<f64>,
}

/// The serialised form of a [`TrendProjection`], checked when read back: at least one
/// path, periods strictly increasing after the origin, a finite non-negative origin value,
/// one finite positive value per path and period. (`years` is read as `periods`, the name
/// before 0.2.)
#[derive(Deserialize)]
struct RawTrendProjection<T> {
    #[serde(alias = "years")]
    periods: Vec<T>,
    origin: T,
    origin_value: f64,
    paths: usize,
    values: Vec<f64>,
}

impl<T: Copy + Ord + std::fmt::Display> TryFrom<RawTrendProjection<T>> for TrendProjection<T> {
    type Error = Error;
    fn try_from(r: RawTrendProjection<T>) -> Result<Self> {
        if r.paths == 0 || r.periods.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "projection paths or periods",
            }));
        }
        let mut previous = r.origin;
        for &p in &r.periods {
            // The first period follows the origin, each other the period before it.
            if p <= previous {
                return Err(Error::invalid(
                    "projected period",
                    p,
                    Constraint::StrictlyIncreasing {
                        previous: previous.to_string(),
                    },
                ));
            }
            previous = p;
        }
        if !(r.origin_value.is_finite() && r.origin_value >= 0.0) {
            return Err(Error::invalid(
                "origin value",
                r.origin_value,
                Constraint::NonNegative,
            ));
        }
        if Some(r.values.len()) != r.paths.checked_mul(r.periods.len()) {
            return Err(Error::invalid(
                "projected values",
                r.values.len(),
                Constraint::Equals {
                    expected: (r.paths * r.periods.len()) as f64,
                },
            ));
        }
        if r.values.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(Error::invalid(
                "projected values",
                r.values.len(),
                Constraint::Positive,
            ));
        }
        Ok(TrendProjection {
            periods: r.periods,
            origin: r.origin,
            origin_value: r.origin_value,
            paths: r.paths,
            values: r.values,
        })
    }
}

/// When the simulated paths get to one side of a level (a capacity): nearest-rank
/// percentiles of the horizon at which each path first gets there, each a [`Crossing`]
/// (see the [module docs](crate::forecast::trend)).
///
/// All three are [`Crossing::AtOrigin`] when the last observation is already on that side;
/// otherwise [`Crossing::After`] (periods after the origin: map one to its year or month with
/// [`TrendProjection::period`]) or [`Crossing::NotWithin`] when the percentile falls among
/// the paths that never get there within the projection.
///
/// ```
/// use overcrowding::forecast::{trend::*, Crossing, Side};
/// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021))?;
/// let p = fit.simulate(&MonteCarlo::new(1_000)?.with_seed(1), 2060)?;
/// let c = p.crossing(60_000, Side::Above, 0.90)?;
/// let year = |x: Crossing| x.horizon().and_then(|h| p.period(h)).unwrap();
/// assert!(year(c.lower) <= year(c.median) && year(c.median) <= year(c.upper));
/// assert_eq!(c.crossed + c.never, 1_000);
/// // Already above 27,000 in 2021: the answer says so instead of "2022".
/// assert_eq!(p.crossing(27_000, Side::Above, 0.9)?.median, Crossing::AtOrigin { value: 39_000.0 });
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrossingInterval {
    /// The level (capacity).
    pub level: u64,
    /// The side asked for (Above: an upward crossing).
    pub side: Side,
    /// The central probability of the interval in percent (90 for 5 %–95 %).
    pub coverage_percent: u32,
    /// Lower percentile.
    pub lower: Crossing,
    /// Median.
    pub median: Crossing,
    /// Upper percentile.
    pub upper: Crossing,
    /// Paths on that side at some projected period.
    pub crossed: usize,
    /// Paths never on that side within the projection.
    pub never: usize,
}

impl<T: Copy + Ord> TrendProjection<T> {
    /// The projected periods: years (`T = i32`) or months (`T =` [`YearMonth`]).
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// let p = fit.simulate(&MonteCarlo::new(10)?, 2025)?;
    /// assert_eq!(p.periods(), &[2022, 2023, 2024, 2025]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// [`YearMonth`]: crate::series::YearMonth
    pub fn periods(&self) -> &[T] {
        &self.periods
    }

    /// The period `horizon` periods after the origin (1 = the first projected period);
    /// `None` outside the projection.
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// let p = fit.simulate(&MonteCarlo::new(10)?, 2025)?;
    /// assert_eq!((p.period(1), p.period(4), p.period(0), p.period(5)), (Some(2022), Some(2025), None, None));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn period(&self, horizon: usize) -> Option<T> {
        self.periods.get(horizon.checked_sub(1)?).copied()
    }

    /// The last fitted period, which the projection starts from.
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// assert_eq!(fit.simulate(&MonteCarlo::new(10)?, 2025)?.origin(), 2021);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn origin(&self) -> T {
        self.origin
    }

    /// The value observed at the origin ([`TrendFit::last_observed`]).
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// assert_eq!(fit.simulate(&MonteCarlo::new(10)?, 2025)?.origin_value(), 39_000.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// [`TrendFit::last_observed`]: super::TrendFit::last_observed
    pub fn origin_value(&self) -> f64 {
        self.origin_value
    }

    /// Number of paths.
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// assert_eq!(fit.simulate(&MonteCarlo::new(10)?, 2025)?.paths(), 10);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The values of path `i`, one per projected period; empty when `i ≥ paths()`.
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// let p = fit.simulate(&MonteCarlo::new(10)?, 2025)?;
    /// assert!(p.path(9).iter().all(|v| v.is_finite() && *v > 0.0));
    /// assert!(p.path(10).is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn path(&self, i: usize) -> &[f64] {
        let ny = self.periods.len();
        i.checked_mul(ny)
            .and_then(|start| self.values.get(start..start.checked_add(ny)?))
            .unwrap_or_default()
    }

    /// The `q`-quantile (type 7) of the simulated values in `period`; `None` for a period
    /// not projected or `q` outside [0, 1].
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// let mc = MonteCarlo::new(1_000)?.with_seed(3).with_errors(ErrorModel::Bootstrap);
    /// let p = fit.simulate(&mc, 2030)?;
    /// assert!(p.quantile(2030, 0.5).unwrap() > 39_000.0);
    /// assert!(p.quantile(2031, 0.5).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn quantile(&self, period: T, q: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&q) {
            return None;
        }
        let k = self.periods.iter().position(|&y| y == period)?;
        let ny = self.periods.len();
        let mut col: Vec<f64> = (0..self.paths)
            .filter_map(|i| self.values.get(i.checked_mul(ny)?.checked_add(k)?).copied())
            .collect();
        col.sort_by(f64::total_cmp);
        let last = col.len().checked_sub(1)?;
        let h = q * last as f64;
        // 0 ≤ h ≤ last: the floor is an index.
        let lo = (h.floor() as usize).min(last);
        let hi = (lo + 1).min(last);
        let (a, b) = (*col.get(lo)?, *col.get(hi)?);
        Some(a + (h - lo as f64) * (b - a))
    }

    /// When the paths get to `side` of `level` (strictly: more than `level` for
    /// [`Side::Above`]): the central `coverage` interval of the first horizon of each path by
    /// nearest rank over all paths, never-crossing paths ranked last (see
    /// [`CrossingInterval`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `coverage` is not in (0, 1).
    ///
    /// ```
    /// # use overcrowding::forecast::{trend::*, Crossing, Side};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// let p = fit.simulate(&MonteCarlo::new(200)?.with_seed(3), 2023)?;
    /// let c = p.crossing(10_000_000, Side::Above, 0.9)?;
    /// assert_eq!((c.never, c.median), (200, Crossing::NotWithin { horizon: 2 }));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn crossing(&self, level: u64, side: Side, coverage: f64) -> Result<CrossingInterval> {
        if !(coverage > 0.0 && coverage < 1.0) {
            return Err(Error::invalid(
                "coverage",
                coverage,
                Constraint::StrictlyBetween { min: 0.0, max: 1.0 },
            ));
        }
        if self.paths == 0 {
            return Err(Error::from(ErrorKind::Empty {
                what: "projection paths",
            }));
        }
        let lv = level as f64;
        let mut firsts: Vec<Option<usize>> = (0..self.paths)
            .map(|i| self.path(i).iter().position(|&v| side.holds(v, lv)))
            .collect();
        // None (never) sorts after every horizon.
        firsts.sort_by_key(|f| (f.is_none(), *f));
        let crossed = firsts.iter().filter(|f| f.is_some()).count();
        let horizon = self.periods.len();
        let at_origin = side.holds(self.origin_value, lv);
        let rank = |q: f64| -> Crossing {
            if at_origin {
                return Crossing::AtOrigin {
                    value: self.origin_value,
                };
            }
            let r = ((q * self.paths as f64).ceil() as usize).clamp(1, self.paths);
            match firsts.get(r - 1).copied().flatten() {
                Some(j) => Crossing::After {
                    horizon: j + 1,
                    side,
                },
                None => Crossing::NotWithin { horizon },
            }
        };
        let tail = (1.0 - coverage) / 2.0;
        Ok(CrossingInterval {
            level,
            side,
            coverage_percent: (coverage * 100.0).round() as u32,
            lower: rank(tail),
            median: rank(0.5),
            upper: rank(1.0 - tail),
            crossed,
            never: self.paths - crossed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_hand(origin_value: f64) -> TrendProjection {
        TrendProjection {
            periods: vec![2022, 2023, 2024],
            origin: 2021,
            origin_value,
            paths: 4,
            values: vec![
                5.0, 10.5, 20.0, // above 10 in 2023
                10.5, 10.5, 10.5, // 2022
                1.0, 2.0, 3.0, // never
                1.0, 10.0, 12.0, // 2024 (10 is not above 10)
            ],
        }
    }

    #[test]
    fn crossing_ranks_by_hand() {
        let p = by_hand(8.0);
        let after = |h| Crossing::After {
            horizon: h,
            side: Side::Above,
        };
        let c = p.crossing(10, Side::Above, 0.5).unwrap();
        // Sorted horizons: 1, 2, 3, never. 25 % -> rank 1, 50 % -> rank 2, 75 % -> rank 3.
        assert_eq!((c.lower, c.median, c.upper), (after(1), after(2), after(3)));
        assert_eq!(p.period(c.median.horizon().unwrap()), Some(2023));
        assert_eq!((c.crossed, c.never), (3, 1));
        let c = p.crossing(10, Side::Above, 0.9).unwrap(); // 95 % -> rank 4: never
        assert_eq!(c.upper, Crossing::NotWithin { horizon: 3 });
        assert!(p.crossing(10, Side::Above, 1.0).is_err());
        // Type-7 quantile of 2024 values 3, 10.5, 12, 20 at 0.5: 11.25.
        assert_eq!(p.quantile(2024, 0.5), Some(11.25));
        // Below 2: paths 3 and 4 at horizon 1 (1 in 2022), paths 1 and 2 never. Sorted: 1, 1,
        // never, never; the median is rank 2, the 75 % point rank 3.
        let c = p.crossing(2, Side::Below, 0.5).unwrap();
        let below = Crossing::After {
            horizon: 1,
            side: Side::Below,
        };
        assert_eq!((c.lower, c.median), (below, below));
        assert_eq!(c.upper, Crossing::NotWithin { horizon: 3 });
        assert_eq!((c.crossed, c.never), (2, 2));
        // Already above at the origin: its own answer, not "next period".
        let c = by_hand(12.0).crossing(10, Side::Above, 0.5).unwrap();
        assert_eq!(c.median, Crossing::AtOrigin { value: 12.0 });
        assert_eq!(c.lower, c.upper);
    }
}
