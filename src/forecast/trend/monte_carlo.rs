//! The seeded Monte Carlo: settings, error models and the simulation of a fit's futures.

use crate::ErrorKind;
use crate::error::Constraint;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::fit::{TrendFit, ols};
use super::paths::TrendProjection;
use crate::error::{Error, Result};
use crate::forecast::DEFAULT_SEED;
use crate::series::YearMonth;

/// The most simulated values (paths × projected years or months) one simulation may hold:
/// 10⁸ values, 800 MB. Larger requests are refused before anything is allocated.
///
/// ```
/// assert_eq!(overcrowding::forecast::trend::MAX_SIMULATED_VALUES, 100_000_000);
/// ```
pub const MAX_SIMULATED_VALUES: usize = 100_000_000;

/// How the Monte Carlo draws the errors (see the [module docs](crate::forecast::trend)).
///
/// ```
/// assert_ne!(overcrowding::forecast::trend::ErrorModel::Normal, overcrowding::forecast::trend::ErrorModel::Bootstrap);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorModel {
    /// Normal errors with the fitted residual variance, normal parameter uncertainty.
    Normal,
    /// Residual bootstrap.
    Bootstrap,
}

/// Monte Carlo settings: paths, seed and error model. [`MonteCarlo::new`] takes the number
/// of paths and sets seed [`DEFAULT_SEED`] and [`ErrorModel::Normal`]; the last projected
/// year or month is an argument of [`TrendFit::simulate`] or [`TrendFit::simulate_months`].
///
/// ```
/// use overcrowding::forecast::{trend::ErrorModel, trend::MonteCarlo};
/// let mc = MonteCarlo::new(1_000)?.with_seed(42).with_errors(ErrorModel::Bootstrap);
/// assert_eq!((mc.paths(), mc.seed(), mc.errors()), (1_000, 42, ErrorModel::Bootstrap));
/// assert!(MonteCarlo::new(0).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMonteCarlo")]
pub struct MonteCarlo {
    paths: usize,
    seed: u64,
    errors: ErrorModel,
}

/// The serialised form of [`MonteCarlo`], checked by [`MonteCarlo::new`] when read back.
#[derive(Deserialize)]
struct RawMonteCarlo {
    paths: usize,
    seed: u64,
    errors: ErrorModel,
}

impl TryFrom<RawMonteCarlo> for MonteCarlo {
    type Error = Error;
    fn try_from(r: RawMonteCarlo) -> Result<Self> {
        Ok(MonteCarlo::new(r.paths)?
            .with_seed(r.seed)
            .with_errors(r.errors))
    }
}

impl MonteCarlo {
    /// `paths` simulated futures, seed [`DEFAULT_SEED`], normal errors.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `paths` is 0; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) above
    /// [`MAX_SIMULATED_VALUES`] (one projected period would already be too many values).
    ///
    /// ```
    /// let mc = overcrowding::forecast::trend::MonteCarlo::new(500)?;
    /// assert_eq!((mc.paths(), mc.seed()), (500, overcrowding::forecast::DEFAULT_SEED));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(paths: usize) -> Result<MonteCarlo> {
        if paths == 0 {
            return Err(Error::invalid("paths", 0, Constraint::AtLeast { min: 1.0 }));
        }
        if paths > MAX_SIMULATED_VALUES {
            return Err(Error::invalid(
                "Monte Carlo paths",
                paths,
                Constraint::AtMost {
                    max: MAX_SIMULATED_VALUES as f64,
                },
            ));
        }
        Ok(MonteCarlo {
            paths,
            seed: DEFAULT_SEED,
            errors: ErrorModel::Normal,
        })
    }

    /// The seed of the `StdRng` (the same seed gives the same paths).
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::trend::MonteCarlo::new(1)?.with_seed(9).seed(), 9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_seed(mut self, seed: u64) -> MonteCarlo {
        self.seed = seed;
        self
    }

    /// The error model (see the [module docs](crate::forecast::trend)).
    ///
    /// ```
    /// use overcrowding::forecast::{trend::ErrorModel, trend::MonteCarlo};
    /// assert_eq!(MonteCarlo::new(1)?.with_errors(ErrorModel::Bootstrap).errors(), ErrorModel::Bootstrap);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_errors(mut self, errors: ErrorModel) -> MonteCarlo {
        self.errors = errors;
        self
    }

    /// Number of paths (≥ 1).
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::trend::MonteCarlo::new(3)?.paths(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The seed.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::trend::MonteCarlo::new(3)?.with_seed(1).seed(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The error model.
    ///
    /// ```
    /// use overcrowding::forecast::{trend::ErrorModel, trend::MonteCarlo};
    /// assert_eq!(MonteCarlo::new(3)?.errors(), ErrorModel::Normal);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn errors(&self) -> ErrorModel {
        self.errors
    }
}

// The simulation lives here, not in fit.rs: it is the Monte Carlo half of `TrendFit`.
impl TrendFit {
    /// Simulates `mc.paths()` futures for the years after the last fitted year up to
    /// `last_year`, as described in the [module docs](crate::forecast::trend).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `last_year` is not after the last fitted year or more
    /// than 200 years after it, or the fit fails [`TrendFit::check`];
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) when paths × years exceeds [`MAX_SIMULATED_VALUES`];
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a path is not finite and positive.
    ///
    /// ```
    /// use overcrowding::forecast::{trend::TrendFit, trend::MonteCarlo};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021))?;
    /// let mc = MonteCarlo::new(2_000)?.with_seed(7);
    /// let p = fit.simulate(&mc, 2035)?;
    /// let (lo, hi) = (p.quantile(2030, 0.05).unwrap(), p.quantile(2030, 0.95).unwrap());
    /// assert!(lo < fit.fitted(2030.0) && fit.fitted(2030.0) < hi);
    /// assert_eq!((p.origin(), p.origin_value()), (2021, 39_000.0));
    /// assert_eq!(p, fit.simulate(&mc, 2035)?); // seeded: reproducible
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn simulate(&self, mc: &MonteCarlo, last_year: i32) -> Result<TrendProjection> {
        self.check()?;
        let last_fit = self.last_year();
        // In i64: i32::MAX − i32::MIN does not fit an i32.
        let ahead = i64::from(last_year) - i64::from(last_fit);
        if !(1..=200).contains(&ahead) {
            return Err(Error::invalid(
                "last year",
                last_year,
                Constraint::Between {
                    min: f64::from(last_fit) + 1.0,
                    max: f64::from(last_fit) + 200.0,
                },
            ));
        }
        let years: Vec<i32> = (last_fit + 1..=last_year).collect();
        let x: Vec<f64> = years.iter().map(|&y| f64::from(y)).collect();
        let values = self.draw(&x, mc)?;
        Ok(TrendProjection {
            periods: years,
            origin: last_fit,
            origin_value: self.last_observed(),
            paths: mc.paths,
            values,
        })
    }

    /// Simulates `mc.paths()` futures month by month, from the first month after the last
    /// fitted time up to `last`, as described in the [module docs](crate::forecast::trend).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `last` is not after the last fitted time or more
    /// than 2,400 months after it, or the fit fails [`TrendFit::check`];
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) when paths × months exceeds [`MAX_SIMULATED_VALUES`];
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a path is not finite and positive.
    ///
    /// ```
    /// use overcrowding::{series::Series, series::Point, series::YearMonth};
    /// use overcrowding::forecast::{trend::TrendFit, trend::MonteCarlo};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// let s = Series::new((0..36).map(|k| Point { period: m(k),
    ///     value: 80_000 + 100 * k as u64 + [0, 300, 0, 200][k as usize % 4] }).collect())?;
    /// let fit = TrendFit::log_linear_monthly(&s, m(0), m(35))?;
    /// let mc = MonteCarlo::new(1_000)?.with_seed(7);
    /// let p = fit.simulate_months(&mc, m(47))?;
    /// assert_eq!((p.periods()[0], p.periods().len(), p.origin()), (m(36), 12, m(35)));
    /// let (lo, hi) = (p.quantile(m(47), 0.1).unwrap(), p.quantile(m(47), 0.9).unwrap());
    /// assert!(lo < 84_900.0 && 84_900.0 < hi); // 80,000 + 100 × 47 + ~200
    /// assert_eq!(p, fit.simulate_months(&mc, m(47))?); // seeded: reproducible
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn simulate_months(
        &self,
        mc: &MonteCarlo,
        last: YearMonth,
    ) -> Result<TrendProjection<YearMonth>> {
        self.check()?;
        let first = self.first_month_after()?;
        let span = last.months_since(first) + 1;
        if !(1..=2_400).contains(&span) {
            return Err(match first.plus(2_399) {
                Ok(bound) => Error::invalid(
                    "last month",
                    last,
                    Constraint::Within {
                        first: first.to_string(),
                        last: bound.to_string(),
                    },
                ),
                // 2,400 months on is past the calendar: the span is the rule broken.
                Err(_) => Error::invalid(
                    "months from the first projected month to the last",
                    span,
                    Constraint::Between {
                        min: 1.0,
                        max: 2_400.0,
                    },
                ),
            });
        }
        let months = (0..span)
            .map(|k| first.plus(i32::try_from(k).unwrap_or(i32::MAX)))
            .collect::<Result<Vec<YearMonth>>>()?;
        let x: Vec<f64> = months.iter().map(|m| m.fractional_year()).collect();
        let values = self.draw(&x, mc)?;
        Ok(TrendProjection {
            periods: months,
            origin: first.plus(-1)?,
            origin_value: self.last_observed(),
            paths: mc.paths,
            values,
        })
    }

    /// `paths × future.len()` simulated values (path-major) at the times `future`.
    fn draw(&self, future: &[f64], mc: &MonteCarlo) -> Result<Vec<f64>> {
        let (paths, seed, errors) = (mc.paths, mc.seed, mc.errors);
        if paths == 0 {
            return Err(Error::invalid("paths", 0, Constraint::AtLeast { min: 1.0 }));
        }
        self.check()?;
        // The paths one simulation may hold at this horizon (`future` is never empty here).
        let max_paths = MAX_SIMULATED_VALUES / future.len().max(1);
        if paths > max_paths {
            return Err(Error::invalid(
                "Monte Carlo paths at this horizon",
                paths,
                Constraint::AtMost {
                    max: max_paths as f64,
                },
            ));
        }
        // paths ≤ MAX_SIMULATED_VALUES / len: the product does not overflow.
        let total = paths * future.len();
        let mut rng = StdRng::seed_from_u64(seed);
        let n = self.n as f64;
        let s = self.residual_sd;
        let x = &self.times;
        let scale = (n / (n - 2.0)).sqrt();
        let mut values = Vec::with_capacity(total);
        let mut ystar = vec![0.0; self.n];
        for _ in 0..paths {
            let (a, b) = match errors {
                ErrorModel::Normal => (
                    self.intercept + normal(&mut rng) * s / n.sqrt(),
                    self.slope + normal(&mut rng) * s / self.sxx.sqrt(),
                ),
                ErrorModel::Bootstrap => {
                    for (k, &xk) in x.iter().enumerate() {
                        let r = self.residuals.get(rng.random_range(0..self.n)).copied();
                        if let Some(y) = ystar.get_mut(k) {
                            *y =
                                self.intercept + self.slope * (xk - self.centre) + r.unwrap_or(0.0);
                        }
                    }
                    let (a, b, _, _) = ols(x, &ystar);
                    (a, b)
                }
            };
            for &t in future {
                let e = match errors {
                    ErrorModel::Normal => normal(&mut rng) * s,
                    ErrorModel::Bootstrap => {
                        self.residuals
                            .get(rng.random_range(0..self.n))
                            .copied()
                            .unwrap_or(0.0)
                            * scale
                    }
                };
                let v = (a + b * (t - self.centre) + e).exp();
                // Documented as finite and positive: a value that overflows to inf or
                // underflows to 0 (a fit to [1, u64::MAX, 1] has a huge spread) is an error.
                if !(v.is_finite() && v > 0.0) {
                    return Err(Error::from(ErrorKind::Overflow {
                        what: "projected population (beyond the f64 range)",
                    }));
                }
                values.push(v);
            }
        }
        Ok(values)
    }
}

/// A standard normal draw (Box–Muller; `1 − u` keeps the logarithm finite).
fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monte_carlo_centres_on_the_trend() {
        let s = crate::datasets::cambodia_wpb_series().unwrap();
        let fit =
            TrendFit::log_linear(&s, crate::series::Year(1994), crate::series::Year(2021)).unwrap();
        for errors in [ErrorModel::Normal, ErrorModel::Bootstrap] {
            let mc = MonteCarlo::new(4_000)
                .unwrap()
                .with_seed(11)
                .with_errors(errors);
            let p = fit.simulate(&mc, 2030).unwrap();
            // The median of the simulated values sits near the trend (log-symmetric errors).
            let med = p.quantile(2030, 0.5).unwrap();
            assert!(
                (med / fit.fitted(2030.0) - 1.0).abs() < 0.05,
                "{errors:?} {med}"
            );
            // Intervals widen with the horizon.
            let w = |y| p.quantile(y, 0.95).unwrap() / p.quantile(y, 0.05).unwrap();
            assert!(w(2030) > w(2022));
        }
        assert!(MonteCarlo::new(0).is_err());
        let mc = MonteCarlo::new(1).unwrap();
        assert!(fit.simulate(&mc, 2021).is_err());
        assert!(fit.simulate(&mc, 2300).is_err());
        // Serde re-validates: 0 paths is refused, a valid value round-trips.
        let json = serde_json::to_value(mc).unwrap();
        assert_eq!(
            serde_json::from_value::<MonteCarlo>(json.clone()).unwrap(),
            mc
        );
        let mut bad = json;
        bad["paths"] = serde_json::json!(0);
        assert!(serde_json::from_value::<MonteCarlo>(bad).is_err());
    }
}
