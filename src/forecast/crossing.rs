//! When a forecast crosses a level (a capacity), and how likely it is to have crossed by
//! each horizon.
//!
//! # Semantics
//!
//! - "Above" is strictly above (`value > level`: more people than places); "below" strictly
//!   below.
//! - Only the future counts: if the last observation is already on the asked side the answer
//!   is [`Crossing::AtOrigin`], not a period in the past and not "next period". Otherwise the
//!   first horizon at which the mean forecast is on that side, with the direction of the
//!   move, or [`Crossing::NotWithin`].
//! - Probabilities come from the forecast's simulated paths (the same paths as its
//!   simulated intervals): the share of paths that have been on that side at some period
//!   `1..=h` ([`Forecast::probability_reached`]) or are on it at `h`
//!   ([`Forecast::probability_at`]).

use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use super::Forecast;
use crate::error::{Error, Result};

/// Which side of a level.
///
/// ```
/// use overcrowding::forecast::Side;
/// assert!(Side::Above.holds(101.0, 100.0) && !Side::Above.holds(100.0, 100.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// Strictly above the level (upward crossing).
    Above,
    /// Strictly below the level (downward crossing).
    Below,
}

impl Side {
    /// Whether `value` is on this side of `level`.
    ///
    /// ```
    /// assert!(overcrowding::forecast::Side::Below.holds(99.0, 100.0));
    /// ```
    pub fn holds(self, value: f64, level: f64) -> bool {
        match self {
            Side::Above => value > level,
            Side::Below => value < level,
        }
    }
}

/// The answer of [`Forecast::crossing`].
///
/// ```
/// use overcrowding::forecast::{Crossing, Side};
/// let c = Crossing::After { horizon: 3, side: Side::Above };
/// assert_eq!(c.horizon(), Some(3));
/// assert_eq!(Crossing::AtOrigin { value: 120.0 }.horizon(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Crossing {
    /// The last observation (`value`) is already on the asked side: nothing to forecast.
    AtOrigin {
        /// The last observation.
        value: f64,
    },
    /// The mean forecast first gets to the asked side `horizon` periods after the origin
    /// (`side` Above: an upward crossing, Below: downward).
    After {
        /// Periods after the origin (1 = the next period).
        horizon: usize,
        /// The side reached (the direction of the crossing).
        side: Side,
    },
    /// The mean forecast stays on the other side for all `horizon` periods forecast.
    NotWithin {
        /// The forecast's horizon.
        horizon: usize,
    },
}

impl Crossing {
    /// The horizon of a future crossing, `None` otherwise.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Crossing::NotWithin { horizon: 12 }.horizon(), None);
    /// ```
    pub fn horizon(&self) -> Option<usize> {
        match self {
            Crossing::After { horizon, .. } => Some(*horizon),
            _ => None,
        }
    }
}

fn check_level(level: f64) -> Result<f64> {
    if level.is_finite() && level >= 0.0 {
        Ok(level)
    } else {
        Err(Error::invalid("level", level, Constraint::NonNegative))
    }
}

impl Forecast {
    /// When the mean forecast first gets to `side` of `level` (see the module docs).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `level` is negative or not finite.
    ///
    /// ```
    /// use overcrowding::forecast::{Crossing, Forecaster, ForecastMethod, Frequency, RegularSeries, Side};
    /// // Falling by 10 a year from 150 to 100.
    /// let s = RegularSeries::new(Frequency::Yearly, vec![150.0, 140.0, 130.0, 120.0, 110.0, 100.0])?;
    /// let f = Forecaster::new(5)?.with_method(ForecastMethod::Drift).fit(&s)?;
    /// assert_eq!(f.crossing(75.0, Side::Below)?, Crossing::After { horizon: 3, side: Side::Below });
    /// // 125 was crossed in the past: the series is already below it, not "crossing" again.
    /// assert_eq!(f.crossing(125.0, Side::Below)?, Crossing::AtOrigin { value: 100.0 });
    /// assert_eq!(f.crossing(125.0, Side::Above)?, Crossing::NotWithin { horizon: 5 });
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn crossing(&self, level: f64, side: Side) -> Result<Crossing> {
        let level = check_level(level)?;
        if side.holds(self.origin(), level) {
            return Ok(Crossing::AtOrigin {
                value: self.origin(),
            });
        }
        Ok(
            match self.mean().iter().position(|&v| side.holds(v, level)) {
                Some(i) => Crossing::After {
                    horizon: i + 1,
                    side,
                },
                None => Crossing::NotWithin {
                    horizon: self.horizon(),
                },
            },
        )
    }

    /// As [`Forecast::crossing`], for the median forecast (the 0.5 quantile of the
    /// simulated paths) instead of the mean: the line a fan chart draws and the command
    /// line's `first_period_above_capacity` reads.
    ///
    /// # Errors
    ///
    /// As [`Forecast::crossing`].
    ///
    /// ```
    /// use overcrowding::forecast::{Crossing, Forecaster, ForecastMethod, Frequency, RegularSeries, Side};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![150.0, 140.0, 130.0, 120.0, 110.0, 100.0])?;
    /// let f = Forecaster::new(5)?.with_method(ForecastMethod::Drift).fit(&s)?;
    /// assert_eq!(f.median_crossing(75.0, Side::Below)?, Crossing::After { horizon: 3, side: Side::Below });
    /// assert_eq!(f.median_crossing(99.0, Side::Above)?, Crossing::AtOrigin { value: 100.0 });
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn median_crossing(&self, level: f64, side: Side) -> Result<Crossing> {
        let level = check_level(level)?;
        if side.holds(self.origin(), level) {
            return Ok(Crossing::AtOrigin {
                value: self.origin(),
            });
        }
        let median = self.quantiles(0.5)?;
        Ok(match median.iter().position(|&v| side.holds(v, level)) {
            Some(i) => Crossing::After {
                horizon: i + 1,
                side,
            },
            None => Crossing::NotWithin {
                horizon: self.horizon(),
            },
        })
    }

    /// For each `h = 1..=horizon`, the share of simulated paths that have been on `side` of
    /// `level` at some period `1..=h` (non-decreasing in `h`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `level` is negative or not finite.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries, Side};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![90.0, 92.0, 91.0, 94.0, 95.0, 97.0, 96.0, 98.0, 99.0, 99.0])?;
    /// let p = forecast(&s, 10)?.probability_reached(100.0, Side::Above)?;
    /// assert!(p[0] > 0.05 && p[9] > 0.5 && p.windows(2).all(|w| w[0] <= w[1]));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn probability_reached(&self, level: f64, side: Side) -> Result<Vec<f64>> {
        let level = check_level(level)?;
        let h = self.horizon();
        let n = self.paths();
        let mut first = vec![0usize; h];
        for i in 0..n {
            if let Some(j) = self
                .path(i)
                .and_then(|path| path.iter().position(|&v| side.holds(v, level)))
            {
                first[j] += 1;
            }
        }
        let mut acc = 0;
        Ok(first
            .into_iter()
            .map(|c| {
                acc += c;
                acc as f64 / n.max(1) as f64
            })
            .collect())
    }

    /// For each `h = 1..=horizon`, the share of simulated paths on `side` of `level` at `h`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `level` is negative or not finite.
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries, Side};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![100.0, 102.0, 100.0, 102.0, 100.0, 100.0])?;
    /// let f = Forecaster::new(3)?.with_method(ForecastMethod::Naive).fit(&s)?;
    /// let p = f.probability_at(100.0, Side::Above)?; // a random walk from 100: about half
    /// assert!(p.iter().all(|&x| (0.4..0.6).contains(&x)));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn probability_at(&self, level: f64, side: Side) -> Result<Vec<f64>> {
        let level = check_level(level)?;
        let n = self.paths();
        Ok((0..self.horizon())
            .map(|j| {
                let c = (0..n)
                    .filter(|&i| self.path(i).is_some_and(|p| side.holds(p[j], level)))
                    .count();
                c as f64 / n.max(1) as f64
            })
            .collect())
    }
}
