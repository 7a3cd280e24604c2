//! A log-linear trend fitted to a yearly or a monthly series, with Monte Carlo prediction
//! intervals and the first future year (or month) a capacity is crossed.
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
//! # Crossings
//!
//! Only the future counts, as in [`Forecast::crossing`](crate::projection::Forecast::crossing):
//! the answer is a [`Crossing`]. When the last observation is already on the asked [`Side`]
//! of the level it is [`Crossing::AtOrigin`] (never a year in the past, never "next
//! period"); otherwise the first projected period on that side, with its direction, or
//! [`Crossing::NotWithin`] the horizon. "Above" is strictly above (more people than places).
//! [`TrendFit::crossing_in_years`] and [`TrendFit::crossing_in_months`] ask the trend line;
//! [`TrendProjection::crossing`] asks the simulated paths.
//!
//! Year errors are independent: the model does not carry a bad year into the next one, so the
//! band reflects the trend's uncertainty and single-year scatter, not a random walk. Quantiles
//! of values use linear interpolation between order statistics (type 7); quantiles of crossing
//! years use the nearest rank, with paths that never cross within the horizon counted as
//! "after the horizon".

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::forecast::{Crossing, DEFAULT_SEED, Side};
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
    /// // 1.01^70 ≈ 2.007: above 20,000 in month 70 (2025-11), 47 months after 2021-12.
    /// let c = fit.crossing_in_months(20_000, overcrowding::projection::Side::Above, 60)?;
    /// assert_eq!(c.horizon(), Some(47));
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

    /// The last observation, `exp(ln N)` of the latest fitted point rounded to whole people
    /// (the fit keeps its residual: `ln N = a + b (t − centre) + residual`).
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = overcrowding::projection::TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!(fit.last_observed(), 39_000.0); // 2021, against a trend line of ~41,000
    /// ```
    pub fn last_observed(&self) -> f64 {
        let (t, r) = self.last_point();
        (self.intercept + self.slope * (t - self.centre) + r)
            .exp()
            .round()
    }

    /// (time, residual) of the latest fitted point.
    fn last_point(&self) -> (f64, f64) {
        self.times
            .iter()
            .zip(&self.residuals)
            .fold(
                (f64::MIN, 0.0),
                |best, (&t, &r)| {
                    if t > best.0 { (t, r) } else { best }
                },
            )
    }

    /// The last fitted calendar year.
    fn last_year(&self) -> i32 {
        self.years.iter().copied().max().unwrap_or(i32::MAX)
    }

    /// The month after the last fitted time (the first month [`TrendFit::simulate_months`]
    /// projects).
    fn first_month_after(&self) -> Result<YearMonth> {
        let last_t = self.last_point().0;
        YearMonth::first_at_or_after(last_t + 1.0 / 24.0).ok_or_else(|| {
            Error::invalid("last fitted time", last_t, "is out of the calendar range")
        })
    }

    /// When the trend line first gets to `side` of `level` in the `years` years after the
    /// last fitted year: [`Crossing::After`] with `horizon` in years (the year is the last
    /// fitted year + `horizon`), [`Crossing::AtOrigin`] when the last observation
    /// ([`TrendFit::last_observed`]) is already on that side, else [`Crossing::NotWithin`].
    /// Never a year in the past (see the [module docs](crate::projection::trend)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `years` is not 1 to 200, or the fit fails
    /// [`TrendFit::check`].
    ///
    /// ```
    /// use overcrowding::projection::{Crossing, Side, TrendFit};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// // 39,000 held in 2021 for 27,000 places: already above, not "in 2017".
    /// assert_eq!(fit.crossing_in_years(27_000, Side::Above, 30)?, Crossing::AtOrigin { value: 39_000.0 });
    /// // The trend line (+11 % a year) first exceeds 60,000 four years on: 2025.
    /// assert_eq!(fit.crossing_in_years(60_000, Side::Above, 30)?, Crossing::After { horizon: 4, side: Side::Above });
    /// assert_eq!(fit.crossing_in_years(20_000, Side::Below, 30)?, Crossing::NotWithin { horizon: 30 });
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn crossing_in_years(&self, level: u64, side: Side, years: u32) -> Result<Crossing> {
        self.check()?;
        if !(1..=200).contains(&years) {
            return Err(Error::invalid("horizon (years)", years, "must be 1 to 200"));
        }
        let last = f64::from(self.last_year());
        self.first_crossing(level, side, years, |h| self.fitted(last + f64::from(h)))
    }

    /// When the trend line first gets to `side` of `level` in the `months` months after the
    /// last fitted month, as [`TrendFit::crossing_in_years`] with `horizon` in months (the
    /// month is [`TrendProjection::period`] of a monthly simulation, or the last fitted
    /// month + `horizon`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `months` is not 1 to 2,400 or the fit fails
    /// [`TrendFit::check`]; [`Error::OutOfRange`] past the calendar.
    ///
    /// ```
    /// use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// use overcrowding::projection::{Crossing, Side, TrendFit};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// // Falling by 1 % a month from 10,000: the trend line is below 9,000 from month 11 on.
    /// let s = MonthlySeries::new((0..24).map(|k| MonthPoint { month: m(k),
    ///     value: (10_000.0 * 0.99f64.powi(k)).round() as u64 }).collect())?;
    /// let fit = TrendFit::log_linear_monthly(&s, m(0), m(23))?;
    /// // 9,000 was crossed downwards in the past: the answer is "already below", not 2020-11.
    /// assert_eq!(fit.crossing_in_months(9_000, Side::Below, 24)?, Crossing::AtOrigin { value: 7_936.0 });
    /// // 0.99^35 ≈ 0.703: the first month below 7,050 is 2022-12, 12 months after 2021-12.
    /// assert_eq!(fit.crossing_in_months(7_050, Side::Below, 24)?, Crossing::After { horizon: 12, side: Side::Below });
    /// assert_eq!(fit.crossing_in_months(9_000, Side::Above, 24)?, Crossing::NotWithin { horizon: 24 });
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn crossing_in_months(&self, level: u64, side: Side, months: u32) -> Result<Crossing> {
        self.check()?;
        if !(1..=2_400).contains(&months) {
            return Err(Error::invalid(
                "horizon (months)",
                months,
                "must be 1 to 2,400",
            ));
        }
        let first = self.first_month_after()?;
        // Checked once: every month of the horizon is in the calendar.
        first.plus(i32::try_from(months).unwrap_or(i32::MAX) - 1)?;
        self.first_crossing(level, side, months, |h| {
            first
                .plus(i32::try_from(h).unwrap_or(i32::MAX) - 1)
                .map_or(f64::NAN, |m| self.fitted(m.fractional_year()))
        })
    }

    fn first_crossing(
        &self,
        level: u64,
        side: Side,
        horizon: u32,
        value_at: impl Fn(u32) -> f64,
    ) -> Result<Crossing> {
        let level = level as f64;
        let origin = self.last_observed();
        if side.holds(origin, level) {
            return Ok(Crossing::AtOrigin { value: origin });
        }
        Ok(
            match (1..=horizon).find(|&h| side.holds(value_at(h), level)) {
                Some(h) => Crossing::After {
                    horizon: h as usize,
                    side,
                },
                None => Crossing::NotWithin {
                    horizon: horizon as usize,
                },
            },
        )
    }

    /// Simulates `mc.paths()` futures for the years after the last fitted year up to
    /// `last_year`, as described in the [module docs](crate::projection::trend).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `last_year` is not after the last fitted year or more
    /// than 200 years after it, or the fit fails [`TrendFit::check`];
    /// [`Error::TooLarge`] when paths × years exceeds [`MAX_SIMULATED_VALUES`];
    /// [`Error::Overflow`] if a path is not finite and positive.
    ///
    /// ```
    /// use overcrowding::projection::{TrendFit, MonteCarlo};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = TrendFit::log_linear(&s, 1994, 2021)?;
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
                format!("must be 1 to 200 years after the last fitted year {last_fit}"),
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
    /// fitted time up to `last`, as described in the [module docs](crate::projection::trend).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `last` is not after the last fitted time or more
    /// than 2,400 months after it, or the fit fails [`TrendFit::check`];
    /// [`Error::TooLarge`] when paths × months exceeds [`MAX_SIMULATED_VALUES`];
    /// [`Error::Overflow`] if a path is not finite and positive.
    ///
    /// ```
    /// use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// use overcrowding::projection::{TrendFit, MonteCarlo};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// let s = MonthlySeries::new((0..36).map(|k| MonthPoint { month: m(k),
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

/// Monte Carlo settings: paths, seed and error model. [`MonteCarlo::new`] takes the number
/// of paths and sets seed [`DEFAULT_SEED`] and [`ErrorModel::Normal`]; the last projected
/// year or month is an argument of [`TrendFit::simulate`] or [`TrendFit::simulate_months`].
///
/// ```
/// use overcrowding::projection::{ErrorModel, MonteCarlo};
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
    /// [`Error::InvalidParameter`] when `paths` is 0; [`Error::TooLarge`] above
    /// [`MAX_SIMULATED_VALUES`] (one projected period would already be too many values).
    ///
    /// ```
    /// let mc = overcrowding::projection::MonteCarlo::new(500)?;
    /// assert_eq!((mc.paths(), mc.seed()), (500, overcrowding::projection::DEFAULT_SEED));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(paths: usize) -> Result<MonteCarlo> {
        if paths == 0 {
            return Err(Error::invalid("paths", 0, "must be at least 1"));
        }
        if paths > MAX_SIMULATED_VALUES {
            return Err(Error::TooLarge {
                what: "Monte Carlo paths",
                value: u64::try_from(paths).unwrap_or(u64::MAX),
                limit: u64::try_from(MAX_SIMULATED_VALUES).unwrap_or(u64::MAX),
            });
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
    /// assert_eq!(overcrowding::projection::MonteCarlo::new(1)?.with_seed(9).seed(), 9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_seed(mut self, seed: u64) -> MonteCarlo {
        self.seed = seed;
        self
    }

    /// The error model (see the [module docs](crate::projection::trend)).
    ///
    /// ```
    /// use overcrowding::projection::{ErrorModel, MonteCarlo};
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
    /// assert_eq!(overcrowding::projection::MonteCarlo::new(3)?.paths(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The seed.
    ///
    /// ```
    /// assert_eq!(overcrowding::projection::MonteCarlo::new(3)?.with_seed(1).seed(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The error model.
    ///
    /// ```
    /// use overcrowding::projection::{ErrorModel, MonteCarlo};
    /// assert_eq!(MonteCarlo::new(3)?.errors(), ErrorModel::Normal);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn errors(&self) -> ErrorModel {
        self.errors
    }
}

/// Simulated paths of a trend, indexed by year (`T = i32`, [`TrendFit::simulate`]) or by
/// month (`T =` [`YearMonth`], [`TrendFit::simulate_months`]), with the origin they start
/// from (the last fitted period and its observed value).
///
/// ```
/// use overcrowding::projection::*;
/// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&s, 1994, 2021)?;
/// let p = fit.simulate(&MonteCarlo::new(500)?.with_seed(1), 2030)?;
/// assert_eq!(p.periods().first(), Some(&2022));
/// assert_eq!(p.path(0).len(), 9);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    try_from = "RawTrendProjection<T>",
    bound(deserialize = "T: Deserialize<'de> + Copy + Ord")
)]
pub struct TrendProjection<T = i32> {
    periods: Vec<T>,
    origin: T,
    origin_value: f64,
    paths: usize,
    values: Vec<f64>,
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

impl<T: Copy + Ord> TryFrom<RawTrendProjection<T>> for TrendProjection<T> {
    type Error = Error;
    fn try_from(r: RawTrendProjection<T>) -> Result<Self> {
        if r.paths == 0 || r.periods.is_empty() {
            return Err(Error::Empty {
                what: "projection paths or periods",
            });
        }
        if r.periods.windows(2).any(|w| w[1] <= w[0]) || r.periods[0] <= r.origin {
            return Err(Error::invalid(
                "projected periods",
                r.periods.len(),
                "must be strictly increasing, after the origin",
            ));
        }
        if !(r.origin_value.is_finite() && r.origin_value >= 0.0) {
            return Err(Error::invalid(
                "origin value",
                r.origin_value,
                "must be finite and non-negative",
            ));
        }
        if Some(r.values.len()) != r.paths.checked_mul(r.periods.len()) {
            return Err(Error::invalid(
                "projected values",
                r.values.len(),
                format!(
                    "must be one per path and period ({} × {})",
                    r.paths,
                    r.periods.len()
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
/// (see the [module docs](crate::projection::trend)).
///
/// All three are [`Crossing::AtOrigin`] when the last observation is already on that side;
/// otherwise [`Crossing::After`] (periods after the origin: map one to its year or month with
/// [`TrendProjection::period`]) or [`Crossing::NotWithin`] when the percentile falls among
/// the paths that never get there within the projection.
///
/// ```
/// use overcrowding::projection::*;
/// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&s, 1994, 2021)?;
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
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// let p = fit.simulate(&MonteCarlo::new(10)?, 2025)?;
    /// assert_eq!(p.periods(), &[2022, 2023, 2024, 2025]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn periods(&self) -> &[T] {
        &self.periods
    }

    /// The period `horizon` periods after the origin (1 = the first projected period);
    /// `None` outside the projection.
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
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
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!(fit.simulate(&MonteCarlo::new(10)?, 2025)?.origin(), 2021);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn origin(&self) -> T {
        self.origin
    }

    /// The value observed at the origin ([`TrendFit::last_observed`]).
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!(fit.simulate(&MonteCarlo::new(10)?, 2025)?.origin_value(), 39_000.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn origin_value(&self) -> f64 {
        self.origin_value
    }

    /// Number of paths.
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
    /// assert_eq!(fit.simulate(&MonteCarlo::new(10)?, 2025)?.paths(), 10);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The values of path `i`, one per projected period; empty when `i ≥ paths()`.
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
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
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
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
    /// [`Error::InvalidParameter`] when `coverage` is not in (0, 1).
    ///
    /// ```
    /// # use overcrowding::projection::*;
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// # let fit = TrendFit::log_linear(&s, 1994, 2021).unwrap();
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
                "must lie strictly between 0 and 1",
            ));
        }
        if self.paths == 0 {
            return Err(Error::Empty {
                what: "projection paths",
            });
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

    /// Falling series: the old `crossing_year` answered a year in the past (the downward
    /// crossing of the fitted line); now it is "already below" or a future period.
    #[test]
    fn crossings_are_never_in_the_past() {
        // 1,000 falling 5 % a year, 2000–2009: 2009 is 630.
        let s = series(
            &(0..10)
                .map(|k| (2000 + k, (1_000.0 * 0.95f64.powi(k)).round() as u64))
                .collect::<Vec<_>>(),
        );
        let fit = TrendFit::log_linear(&s, 2000, 2009).unwrap();
        assert_eq!(fit.last_observed(), 630.0);
        for level in [900, 700, 631] {
            assert_eq!(
                fit.crossing_in_years(level, Side::Below, 10).unwrap(),
                Crossing::AtOrigin { value: 630.0 }
            );
            assert_eq!(
                fit.crossing_in_years(level, Side::Above, 10).unwrap(),
                Crossing::NotWithin { horizon: 10 }
            );
        }
        // 1,000 × 0.95^k < 500 from k = 14 (0.95^14 ≈ 0.488): 2014, 5 years after 2009.
        assert_eq!(
            fit.crossing_in_years(500, Side::Below, 10).unwrap(),
            Crossing::After {
                horizon: 5,
                side: Side::Below
            }
        );
        assert!(fit.crossing_in_years(500, Side::Below, 0).is_err());
        assert!(fit.crossing_in_years(500, Side::Below, 201).is_err());
        // The simulated paths agree about the origin.
        let p = fit.simulate(&MonteCarlo::new(100).unwrap(), 2015).unwrap();
        assert_eq!(p.origin(), 2009);
        let c = p.crossing(700, Side::Below, 0.8).unwrap();
        assert_eq!(c.median, Crossing::AtOrigin { value: 630.0 });
        let c = p.crossing(500, Side::Below, 0.8).unwrap();
        assert!(c.median.horizon().is_some_and(|h| (4..=6).contains(&h)));
    }
}
