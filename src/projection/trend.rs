//! A log-linear trend fitted to a yearly or a monthly series, with Monte Carlo prediction
//! intervals and the year (or month) a capacity is crossed.
//!
//! # Model
//!
//! `ln N(y) = a + b·(y − ȳ) + ε`, fitted by ordinary least squares on the observed years of
//! a chosen window. Why log-linear: prison populations grow (or shrink) by a share of their
//! size, so compound growth is the natural null model (`e^b − 1` is the annual growth rate);
//! on the log scale the spread of the residuals does not grow with the level, and projected
//! values stay positive. Gaps between observed years are fine (least squares uses the years
//! present). The window matters: for Cambodia the 1972 figure precedes the Khmer Rouge period
//! and a 22-year gap, a different penal system, so the Cambodian examples fit 1994–2021.
//!
//! Time is measured in years either way: a yearly fit ([`TrendFit::log_linear`]) uses the
//! year, a monthly fit ([`TrendFit::log_linear_monthly`]) the fractional year
//! `year + (month − 1)/12` ([`YearMonth::fractional_year`]), so `b` is always per year and
//! [`TrendFit::annual_growth`] means the same thing; the least squares code is shared.
//!
//! # Intervals
//!
//! [`TrendFit::simulate`] draws `paths` futures with a seeded [`StdRng`]
//! (`StdRng::seed_from_u64`: the same seed gives the same paths with this version of
//! `rand`). Each path draws its own trend parameters (parameter uncertainty) and then one
//! error per projected year (the scatter of single years about the trend):
//!
//! - [`ErrorModel::Normal`]: `(a, b)` from their sampling distribution,
//!   `a ~ N(â, s²/n)`, `b ~ N(b̂, s²/Sxx)` (independent because years are centred), and
//!   `ε ~ N(0, s²)` with `s² = RSS / (n − 2)`.
//! - [`ErrorModel::Bootstrap`]: a residual bootstrap: `(a, b)` refitted to the fitted values
//!   plus residuals resampled with replacement, and each year's `ε` resampled from the
//!   residuals (scaled by `√(n / (n − 2))` so their variance matches `s²`).
//!
//! [`TrendFit::simulate_months`] does the same month by month (one error per projected month).
//!
//! Year errors are independent: the model does not carry a bad year into the next one, so the
//! band reflects the trend's uncertainty and single-year scatter, not a random walk. Quantiles
//! of values use linear interpolation between order statistics (type 7); quantiles of crossing
//! years use the nearest rank, with paths that never cross within the horizon counted as
//! "after the horizon".

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::series::{MonthlySeries, YearMonth, YearlySeries};

/// A least-squares fit of `ln N = a + b (year − centre)`.
///
/// ```
/// use overcrowding::projection::TrendFit;
/// let wpb = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&wpb, 1994, 2021).unwrap();
/// assert_eq!(fit.n, 14);
/// assert_eq!((fit.annual_growth() * 1000.0).round() / 10.0, 11.0); // % a year
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawTrendFit")]
pub struct TrendFit {
    /// `a`: the fitted ln N at the centre year.
    pub intercept: f64,
    /// `b`: the slope per year.
    pub slope: f64,
    /// The centre year ȳ (mean of the fitted years).
    pub centre: f64,
    /// `s = √(RSS / (n − 2))` on the log scale.
    pub residual_sd: f64,
    /// Years fitted.
    pub n: usize,
    /// `Σ (y − ȳ)²`.
    pub sxx: f64,
    /// The calendar year of each fitted point (repeated for a monthly fit).
    pub years: Vec<i32>,
    /// The time of each fitted point in years: the year, or `year + (month − 1)/12` for a
    /// monthly fit.
    pub times: Vec<f64>,
    /// The residuals on the log scale, by point.
    pub residuals: Vec<f64>,
}

/// The serialised form of a [`TrendFit`], checked by [`TrendFit::check`] when read back.
#[derive(Deserialize)]
struct RawTrendFit {
    intercept: f64,
    slope: f64,
    centre: f64,
    residual_sd: f64,
    n: usize,
    sxx: f64,
    years: Vec<i32>,
    times: Vec<f64>,
    residuals: Vec<f64>,
}

impl TryFrom<RawTrendFit> for TrendFit {
    type Error = Error;
    fn try_from(r: RawTrendFit) -> Result<Self> {
        let fit = TrendFit {
            intercept: r.intercept,
            slope: r.slope,
            centre: r.centre,
            residual_sd: r.residual_sd,
            n: r.n,
            sxx: r.sxx,
            years: r.years,
            times: r.times,
            residuals: r.residuals,
        };
        fit.check()?;
        Ok(fit)
    }
}

/// The most simulated values (paths × projected years or months) one simulation may hold:
/// 10⁸ values, 800 MB. Larger requests are refused before anything is allocated.
///
/// ```
/// assert_eq!(overcrowding::projection::trend::MAX_SIMULATED_VALUES, 100_000_000);
/// ```
pub const MAX_SIMULATED_VALUES: usize = 100_000_000;

impl TrendFit {
    /// Checks what the simulation relies on, for a fit built by hand or deserialised (the
    /// fields are public): at least 3 points, one year, time and residual per point, finite
    /// parameters, a residual spread ≥ 0 and `sxx > 0`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming the first broken part.
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let mut fit = overcrowding::projection::TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert!(fit.check().is_ok());
    /// fit.years.clear();
    /// assert!(fit.check().is_err());
    /// assert_eq!(fit.n, 14);
    /// ```
    pub fn check(&self) -> Result<()> {
        let bad = |what: &'static str, value: String, reason: &str| {
            Err(Error::invalid(what, value, reason.to_string()))
        };
        if self.n < 3 {
            return bad("fitted points", self.n.to_string(), "must be at least 3");
        }
        for (what, len) in [
            ("fitted years", self.years.len()),
            ("fitted times", self.times.len()),
            ("residuals", self.residuals.len()),
        ] {
            if len != self.n {
                return bad(what, len.to_string(), "must be one per fitted point (n)");
            }
        }
        let finite = [self.intercept, self.slope, self.centre, self.residual_sd];
        if finite
            .iter()
            .chain(&self.times)
            .chain(&self.residuals)
            .any(|v| !v.is_finite())
        {
            return bad("trend fit", "a parameter".into(), "must be finite");
        }
        if self.residual_sd < 0.0 {
            return bad(
                "residual sd",
                self.residual_sd.to_string(),
                "must not be negative",
            );
        }
        if !(self.sxx > 0.0 && self.sxx.is_finite()) {
            return bad("sxx", self.sxx.to_string(), "must be positive and finite");
        }
        Ok(())
    }

    /// Fits the observed years `from..=to` of `series`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when fewer than 3 years fall in the window or a value is 0
    /// (no logarithm).
    ///
    /// ```
    /// use overcrowding::{series::YearlySeries, series::YearPoint, projection::TrendFit};
    /// let s = YearlySeries::new(vec![YearPoint { year: 2000, value: 100 }, YearPoint { year: 2001, value: 200 },
    ///                                YearPoint { year: 2002, value: 400 }]).unwrap();
    /// let fit = TrendFit::log_linear(&s, 2000, 2002).unwrap();
    /// approx::assert_relative_eq!(fit.annual_growth(), 1.0, max_relative = 1e-12); // doubling
    /// approx::assert_relative_eq!(fit.fitted(2003.0), 800.0, max_relative = 1e-9);
    /// assert!(TrendFit::log_linear(&s, 2001, 2002).is_err());
    /// ```
    pub fn log_linear(series: &YearlySeries, from: i32, to: i32) -> Result<TrendFit> {
        let pts: Vec<_> = series
            .points()
            .iter()
            .filter(|p| p.year >= from && p.year <= to)
            .copied()
            .collect();
        TrendFit::fit(
            format!("{from}..={to}"),
            "years",
            pts.iter()
                .map(|p| (p.year.to_string(), p.year, f64::from(p.year), p.value))
                .collect(),
        )
    }

    /// Fits the observed months `from..=to` of a monthly series, time in fractional years
    /// (see the [module docs](crate::projection::trend)); gaps are skipped, not filled.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when fewer than 3 months fall in the window or a value is 0.
    ///
    /// ```
    /// use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth, projection::TrendFit};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// // +1 % a month: 12.68 % a year.
    /// let s = MonthlySeries::new((0..24).map(|k| MonthPoint { month: m(k),
    ///     value: (10_000.0 * 1.01f64.powi(k)).round() as u64 }).collect())?;
    /// let fit = TrendFit::log_linear_monthly(&s, m(0), m(23))?;
    /// assert_eq!((fit.annual_growth() * 1000.0).round() / 10.0, 12.7);
    /// assert_eq!(fit.crossing_month(20_000).unwrap().to_string(), "2025-11"); // 1.01^70 ≈ 2.007
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn log_linear_monthly(
        series: &MonthlySeries,
        from: YearMonth,
        to: YearMonth,
    ) -> Result<TrendFit> {
        TrendFit::fit(
            format!("{from}..={to}"),
            "months",
            series
                .window(from, to)
                .iter()
                .map(|p| {
                    (
                        p.month.to_string(),
                        p.month.year(),
                        p.month.fractional_year(),
                        p.value,
                    )
                })
                .collect(),
        )
    }

    /// The shared least squares: points are (label, calendar year, time in years, value).
    fn fit(window: String, unit: &str, pts: Vec<(String, i32, f64, u64)>) -> Result<TrendFit> {
        if pts.len() < 3 {
            return Err(Error::invalid(
                "trend window",
                window,
                format!(
                    "holds {} observed {unit}; the fit needs at least 3",
                    pts.len()
                ),
            ));
        }
        if let Some(p) = pts.iter().find(|p| p.3 == 0) {
            return Err(Error::invalid(
                "value",
                p.3,
                format!("in {}: a log-linear fit needs positive counts", p.0),
            ));
        }
        let years: Vec<i32> = pts.iter().map(|p| p.1).collect();
        let x: Vec<f64> = pts.iter().map(|p| p.2).collect();
        let y: Vec<f64> = pts.iter().map(|p| (p.3 as f64).ln()).collect();
        let (a, b, centre, sxx) = ols(&x, &y);
        let residuals: Vec<f64> = x
            .iter()
            .zip(&y)
            .map(|(&xi, &yi)| yi - a - b * (xi - centre))
            .collect();
        let n = pts.len();
        let rss: f64 = residuals.iter().map(|r| r * r).sum();
        Ok(TrendFit {
            intercept: a,
            slope: b,
            centre,
            residual_sd: (rss / (n - 2) as f64).sqrt(),
            n,
            sxx,
            years,
            times: x,
            residuals,
        })
    }

    /// The annual growth rate of the trend, `e^b − 1`.
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = overcrowding::projection::TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert!(fit.annual_growth() > 0.1);
    /// ```
    pub fn annual_growth(&self) -> f64 {
        self.slope.exp_m1()
    }

    /// The trend value in `year`, `exp(a + b (year − centre))` (may be `inf` for absurd
    /// years; [`TrendFit::simulate`] refuses horizons beyond 200 years).
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = overcrowding::projection::TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!((fit.fitted(2021.0) / 1000.0).round(), 41.0); // the trend's 2021, vs 39,000 observed
    /// ```
    pub fn fitted(&self, year: f64) -> f64 {
        (self.intercept + self.slope * (year - self.centre)).exp()
    }

    /// The (fractional) year the trend line equals `level`; `None` when the slope is 0 or the
    /// level is 0.
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = overcrowding::projection::TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!(fit.crossing_year(27_000).unwrap().floor(), 2017.0); // observed: 2016 -> 2018
    /// ```
    pub fn crossing_year(&self, level: u64) -> Option<f64> {
        if level == 0 || self.slope == 0.0 {
            return None;
        }
        let y = self.centre + ((level as f64).ln() - self.intercept) / self.slope;
        y.is_finite().then_some(y)
    }

    /// The first month at or after the trend line reaches `level`
    /// ([`TrendFit::crossing_year`] rounded up to a month); `None` as there.
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = overcrowding::projection::TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!(fit.crossing_month(27_000).unwrap().year(), 2017);
    /// ```
    pub fn crossing_month(&self, level: u64) -> Option<YearMonth> {
        YearMonth::first_at_or_after(self.crossing_year(level)?)
    }

    /// Simulates `mc.paths` futures for the years after the last fitted year up to
    /// `mc.last_year`, as described in the [module docs](crate::projection::trend).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `paths` is 0, `last_year` is not after the last fitted
    /// year or more than 200 years after it, or the fit fails [`TrendFit::check`];
    /// [`Error::TooLarge`] when paths × years exceeds [`MAX_SIMULATED_VALUES`];
    /// [`Error::Overflow`] if a path is not finite and positive.
    ///
    /// ```
    /// use overcrowding::projection::{TrendFit, MonteCarlo, ErrorModel};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let mc = MonteCarlo { paths: 2_000, seed: 7, last_year: 2035, errors: ErrorModel::Normal };
    /// let p = fit.simulate(&mc).unwrap();
    /// let (lo, hi) = (p.quantile(2030, 0.05).unwrap(), p.quantile(2030, 0.95).unwrap());
    /// assert!(lo < fit.fitted(2030.0) && fit.fitted(2030.0) < hi);
    /// assert_eq!(p, fit.simulate(&mc).unwrap()); // seeded: reproducible
    /// ```
    pub fn simulate(&self, mc: &MonteCarlo) -> Result<TrendProjection> {
        self.check()?;
        let last_fit = self.years.iter().copied().max().unwrap_or(i32::MAX);
        // In i64: i32::MAX − i32::MIN does not fit an i32.
        let ahead = i64::from(mc.last_year) - i64::from(last_fit);
        if !(1..=200).contains(&ahead) {
            return Err(Error::invalid(
                "last year",
                mc.last_year,
                format!("must be 1 to 200 years after the last fitted year {last_fit}"),
            ));
        }
        let years: Vec<i32> = (last_fit + 1..=mc.last_year).collect();
        let x: Vec<f64> = years.iter().map(|&y| f64::from(y)).collect();
        let values = self.draw(&x, mc.paths, mc.seed, mc.errors)?;
        Ok(TrendProjection {
            years,
            paths: mc.paths,
            values,
        })
    }

    /// Simulates `mc.paths` futures month by month, from the first month after the last
    /// fitted time up to `last` (`mc.last_year` is not used), as described in the
    /// [module docs](crate::projection::trend).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `paths` is 0, or `last` is not after the last fitted
    /// time or more than 2,400 months after it, or the fit fails [`TrendFit::check`];
    /// [`Error::TooLarge`] when paths × months exceeds [`MAX_SIMULATED_VALUES`];
    /// [`Error::Overflow`] if a path is not finite and positive.
    ///
    /// ```
    /// use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// use overcrowding::projection::{TrendFit, MonteCarlo, ErrorModel};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// let s = MonthlySeries::new((0..36).map(|k| MonthPoint { month: m(k),
    ///     value: 80_000 + 100 * k as u64 + [0, 300, 0, 200][k as usize % 4] }).collect())?;
    /// let fit = TrendFit::log_linear_monthly(&s, m(0), m(35))?;
    /// let mc = MonteCarlo { paths: 1_000, seed: 7, last_year: 0, errors: ErrorModel::Normal };
    /// let p = fit.simulate_months(&mc, m(47))?;
    /// assert_eq!((p.years()[0], p.years().len()), (m(36), 12));
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
        let last_t = self.times.iter().copied().fold(f64::MIN, f64::max);
        let first = YearMonth::first_at_or_after(last_t + 1.0 / 24.0).ok_or_else(|| {
            Error::invalid("last fitted time", last_t, "is out of the calendar range")
        })?;
        let span = last.months_since(first) + 1;
        if !(1..=2_400).contains(&span) {
            return Err(Error::invalid(
                "last month",
                last,
                format!("must be 1 to 2,400 months after the last fitted month ({first} or later)"),
            ));
        }
        let months = (0..span)
            .map(|k| first.plus(i32::try_from(k).unwrap_or(i32::MAX)))
            .collect::<Result<Vec<YearMonth>>>()?;
        let x: Vec<f64> = months.iter().map(|m| m.fractional_year()).collect();
        let values = self.draw(&x, mc.paths, mc.seed, mc.errors)?;
        Ok(TrendProjection {
            years: months,
            paths: mc.paths,
            values,
        })
    }

    /// `paths × future.len()` simulated values (path-major) at the times `future`.
    fn draw(
        &self,
        future: &[f64],
        paths: usize,
        seed: u64,
        errors: ErrorModel,
    ) -> Result<Vec<f64>> {
        if paths == 0 {
            return Err(Error::invalid("paths", 0, "must be at least 1"));
        }
        self.check()?;
        // The paths one simulation may hold at this horizon (`future` is never empty here).
        let max_paths = MAX_SIMULATED_VALUES / future.len().max(1);
        if paths > max_paths {
            return Err(Error::TooLarge {
                what: "Monte Carlo paths at this horizon",
                value: u64::try_from(paths).unwrap_or(u64::MAX),
                limit: u64::try_from(max_paths).unwrap_or(u64::MAX),
            });
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
                    return Err(Error::Overflow {
                        what: "projected population (beyond the f64 range)",
                    });
                }
                values.push(v);
            }
        }
        Ok(values)
    }
}

/// OLS of y on x with centred x: (a at the centre, b, centre, Sxx).
fn ols(x: &[f64], y: &[f64]) -> (f64, f64, f64, f64) {
    let n = x.len() as f64;
    let cx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|&v| (v - cx) * (v - cx)).sum();
    let sxy: f64 = x.iter().zip(y).map(|(&a, &b)| (a - cx) * (b - my)).sum();
    // ≥ 3 distinct years (a YearlySeries has strictly increasing years): sxx > 0.
    (my, sxy / sxx, cx, sxx)
}

/// A standard normal draw (Box–Muller; `1 − u` keeps the logarithm finite).
fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// How the Monte Carlo draws the errors (see the [module docs](crate::projection::trend)).
///
/// ```
/// assert_ne!(overcrowding::projection::ErrorModel::Normal, overcrowding::projection::ErrorModel::Bootstrap);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorModel {
    /// Normal errors with the fitted residual variance, normal parameter uncertainty.
    Normal,
    /// Residual bootstrap.
    Bootstrap,
}

/// Monte Carlo settings (`last_year` is used by [`TrendFit::simulate`] only).
///
/// ```
/// let mc = overcrowding::projection::MonteCarlo { paths: 1_000, seed: 42, last_year: 2040,
///     errors: overcrowding::projection::ErrorModel::Bootstrap };
/// assert_eq!(mc.paths, 1_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonteCarlo {
    /// Number of paths (≥ 1).
    pub paths: usize,
    /// Seed of the `StdRng`.
    pub seed: u64,
    /// The last projected year.
    pub last_year: i32,
    /// The error model.
    pub errors: ErrorModel,
}

/// Simulated paths of a trend, indexed by year (`T = i32`, [`TrendFit::simulate`]) or by
/// month (`T =` [`YearMonth`], [`TrendFit::simulate_months`]).
///
/// ```
/// use overcrowding::projection::*;
/// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
/// let p = fit.simulate(&MonteCarlo { paths: 500, seed: 1, last_year: 2030, errors: ErrorModel::Normal }).unwrap();
/// assert_eq!(p.years().first(), Some(&2022));
/// assert_eq!(p.path(0).len(), 9);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    try_from = "RawTrendProjection<T>",
    bound(deserialize = "T: Deserialize<'de> + Copy + Ord")
)]
pub struct TrendProjection<T = i32> {
    years: Vec<T>,
    paths: usize,
    values: Vec<f64>,
}

/// The serialised form of a [`TrendProjection`], checked when read back: at least one
/// path, times strictly increasing, one finite positive value per path and time.
#[derive(Deserialize)]
struct RawTrendProjection<T> {
    years: Vec<T>,
    paths: usize,
    values: Vec<f64>,
}

impl<T: Copy + Ord> TryFrom<RawTrendProjection<T>> for TrendProjection<T> {
    type Error = Error;
    fn try_from(r: RawTrendProjection<T>) -> Result<Self> {
        if r.paths == 0 || r.years.is_empty() {
            return Err(Error::Empty {
                what: "projection paths or times",
            });
        }
        if r.years.windows(2).any(|w| w[1] <= w[0]) {
            return Err(Error::invalid(
                "projected times",
                r.years.len(),
                "must be strictly increasing",
            ));
        }
        if Some(r.values.len()) != r.paths.checked_mul(r.years.len()) {
            return Err(Error::invalid(
                "projected values",
                r.values.len(),
                format!(
                    "must be one per path and time ({} × {})",
                    r.paths,
                    r.years.len()
                ),
            ));
        }
        if r.values.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(Error::invalid(
                "projected values",
                r.values.len(),
                "must all be finite and positive",
            ));
        }
        Ok(TrendProjection {
            years: r.years,
            paths: r.paths,
            values: r.values,
        })
    }
}

/// When the simulated paths cross a capacity: percentiles of the crossing year (or month,
/// `T =` [`YearMonth`]).
///
/// ```
/// use overcrowding::projection::*;
/// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
/// let p = fit.simulate(&MonteCarlo { paths: 1_000, seed: 1, last_year: 2060, errors: ErrorModel::Normal }).unwrap();
/// let c = p.crossing(60_000, 0.90).unwrap();
/// assert!(c.lower.unwrap() <= c.median.unwrap() && c.median.unwrap() <= c.upper.unwrap());
/// assert_eq!(c.crossed + c.never, 1_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossingInterval<T = i32> {
    /// The capacity.
    pub level: u64,
    /// The central probability of the interval (e.g. 0.9 for 5 %–95 %).
    pub coverage_percent: u32,
    /// Lower percentile year; `None` when it falls among the paths that never cross.
    pub lower: Option<T>,
    /// Median year; `None` when more than half the paths never cross.
    pub median: Option<T>,
    /// Upper percentile year; `None` when after the horizon.
    pub upper: Option<T>,
    /// Paths that reach the level within the horizon.
    pub crossed: usize,
    /// Paths that never reach it within the horizon.
    pub never: usize,
}

impl<T: Copy + Ord> TrendProjection<T> {
    /// The projected years (or months).
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let p = fit.simulate(&MonteCarlo { paths: 10, seed: 1, last_year: 2025, errors: ErrorModel::Normal }).unwrap();
    /// assert_eq!(p.years(), &[2022, 2023, 2024, 2025]);
    /// ```
    pub fn years(&self) -> &[T] {
        &self.years
    }

    /// Number of paths.
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let p = fit.simulate(&MonteCarlo { paths: 10, seed: 1, last_year: 2025, errors: ErrorModel::Normal }).unwrap();
    /// assert_eq!(p.paths(), 10);
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The values of path `i`, one per projected year; empty when `i ≥ paths()`.
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let p = fit.simulate(&MonteCarlo { paths: 10, seed: 1, last_year: 2025, errors: ErrorModel::Normal }).unwrap();
    /// assert!(p.path(9).iter().all(|v| v.is_finite() && *v > 0.0));
    /// ```
    pub fn path(&self, i: usize) -> &[f64] {
        let ny = self.years.len();
        i.checked_mul(ny)
            .and_then(|start| self.values.get(start..start.checked_add(ny)?))
            .unwrap_or_default()
    }

    /// The `q`-quantile (type 7) of the simulated values in `year` (or month); `None` for a
    /// time not projected or `q` outside [0, 1].
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let p = fit.simulate(&MonteCarlo { paths: 1_000, seed: 3, last_year: 2030, errors: ErrorModel::Bootstrap }).unwrap();
    /// assert!(p.quantile(2030, 0.5).unwrap() > 39_000.0);
    /// assert!(p.quantile(2031, 0.5).is_none());
    /// ```
    pub fn quantile(&self, year: T, q: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&q) {
            return None;
        }
        let k = self.years.iter().position(|&y| y == year)?;
        let ny = self.years.len();
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

    /// The year each path first reaches `level` (value ≥ level), and the central
    /// `coverage` interval of those years by nearest rank over all paths, never-crossing paths
    /// ranked last.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `coverage` is not in (0, 1).
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let p = fit.simulate(&MonteCarlo { paths: 200, seed: 3, last_year: 2023, errors: ErrorModel::Normal }).unwrap();
    /// let c = p.crossing(10_000_000, 0.9).unwrap();
    /// assert_eq!((c.never, c.median), (200, None));
    /// ```
    pub fn crossing(&self, level: u64, coverage: f64) -> Result<CrossingInterval<T>> {
        if !(coverage > 0.0 && coverage < 1.0) {
            return Err(Error::invalid(
                "coverage",
                coverage,
                "must lie strictly between 0 and 1",
            ));
        }
        if self.paths == 0 {
            return Err(Error::Empty {
                what: "projection paths",
            });
        }
        let mut firsts: Vec<Option<T>> = (0..self.paths)
            .map(|i| {
                self.path(i)
                    .iter()
                    .zip(&self.years)
                    .find(|&(&v, _)| v >= level as f64)
                    .map(|(_, &y)| y)
            })
            .collect();
        // None (never) sorts after every year.
        firsts.sort_by_key(|f| (f.is_none(), *f));
        let crossed = firsts.iter().filter(|f| f.is_some()).count();
        let rank = |q: f64| -> Option<T> {
            let r = ((q * self.paths as f64).ceil() as usize).clamp(1, self.paths);
            firsts.get(r - 1).copied().flatten()
        };
        let tail = (1.0 - coverage) / 2.0;
        Ok(CrossingInterval {
            level,
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
    use crate::series::YearPoint;

    fn series(pts: &[(i32, u64)]) -> YearlySeries {
        YearlySeries::new(
            pts.iter()
                .map(|&(year, value)| YearPoint { year, value })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn fit_by_hand() {
        // ln values 0, 1, 3 (approximately: e^0, e^1, e^3 rounded) at x = -1, 0, 1:
        // use exact powers of 2 instead: 1, 2, 8 -> ln = 0, l, 3l with l = ln 2.
        let s = series(&[(2000, 1), (2001, 2), (2002, 8)]);
        let f = TrendFit::log_linear(&s, 2000, 2002).unwrap();
        let l = 2f64.ln();
        // centre 2001, a = mean = 4l/3, b = Sxy/Sxx = (0·-1 + 3l·1)/2 = 1.5 l.
        approx::assert_relative_eq!(f.intercept, 4.0 * l / 3.0, max_relative = 1e-12);
        approx::assert_relative_eq!(f.slope, 1.5 * l, max_relative = 1e-12);
        // residuals: 0 - (4l/3 - 1.5l) = l/6; l - 4l/3 = -l/3; 3l - (4l/3 + 1.5l) = l/6.
        approx::assert_relative_eq!(f.residuals[1], -l / 3.0, max_relative = 1e-12);
        // s² = (l²/36 + l²/9 + l²/36) / 1 = l²/6.
        approx::assert_relative_eq!(f.residual_sd, l / 6f64.sqrt(), max_relative = 1e-12);
        assert!(
            TrendFit::log_linear(&series(&[(2000, 0), (2001, 2), (2002, 8)]), 2000, 2002).is_err()
        );
    }

    #[test]
    fn monte_carlo_centres_on_the_trend() {
        let s = crate::datasets::cambodia_wpb_series().unwrap();
        let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
        for errors in [ErrorModel::Normal, ErrorModel::Bootstrap] {
            let mc = MonteCarlo {
                paths: 4_000,
                seed: 11,
                last_year: 2030,
                errors,
            };
            let p = fit.simulate(&mc).unwrap();
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
        assert!(
            fit.simulate(&MonteCarlo {
                paths: 0,
                seed: 1,
                last_year: 2030,
                errors: ErrorModel::Normal
            })
            .is_err()
        );
        assert!(
            fit.simulate(&MonteCarlo {
                paths: 1,
                seed: 1,
                last_year: 2021,
                errors: ErrorModel::Normal
            })
            .is_err()
        );
        assert!(
            fit.simulate(&MonteCarlo {
                paths: 1,
                seed: 1,
                last_year: 2300,
                errors: ErrorModel::Normal
            })
            .is_err()
        );
    }

    #[test]
    fn crossing_ranks_by_hand() {
        let p = TrendProjection {
            years: vec![2022, 2023, 2024],
            paths: 4,
            values: vec![
                5.0, 10.0, 20.0, // crosses 10 in 2023
                10.0, 10.0, 10.0, // 2022
                1.0, 2.0, 3.0, // never
                1.0, 1.0, 12.0, // 2024
            ],
        };
        let c = p.crossing(10, 0.5).unwrap();
        // Sorted: 2022, 2023, 2024, never. 25 % -> rank 1, 50 % -> rank 2, 75 % -> rank 3.
        assert_eq!(
            (c.lower, c.median, c.upper),
            (Some(2022), Some(2023), Some(2024))
        );
        assert_eq!((c.crossed, c.never), (3, 1));
        let c = p.crossing(10, 0.9).unwrap(); // 95 % -> rank 4: never
        assert_eq!(c.upper, None);
        assert!(p.crossing(10, 1.0).is_err());
        // Type-7 quantile of 2024 values 3, 10, 12, 20 at 0.5: 11.
        assert_eq!(p.quantile(2024, 0.5), Some(11.0));
    }
}
