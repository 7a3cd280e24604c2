//! The log-linear least squares fit and the crossings of its trend line.

use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::forecast::{Crossing, Side};
use crate::series::{Series, Year, YearMonth};

/// A least-squares fit of `ln N = a + b (year − centre)`.
///
/// ```
/// use overcrowding::forecast::trend::TrendFit;
/// let wpb = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// let fit = TrendFit::log_linear(&wpb, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
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

impl TrendFit {
    /// Checks what the simulation relies on, for a fit built by hand or deserialised (the
    /// fields are public): at least 3 points, one year, time and residual per point, finite
    /// parameters, a residual spread ≥ 0 and `sxx > 0`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) naming the first broken part.
    ///
    /// ```
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let mut fit = overcrowding::forecast::trend::TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
    /// assert!(fit.check().is_ok());
    /// fit.years.clear();
    /// assert!(fit.check().is_err());
    /// assert_eq!(fit.n, 14);
    /// ```
    pub fn check(&self) -> Result<()> {
        let bad = |what: &'static str, value: String, constraint: Constraint| {
            Err(Error::invalid(what, value, constraint))
        };
        if self.n < 3 {
            return bad(
                "fitted points",
                self.n.to_string(),
                Constraint::AtLeast { min: 3.0 },
            );
        }
        for (what, len) in [
            ("fitted years", self.years.len()),
            ("fitted times", self.times.len()),
            ("residuals", self.residuals.len()),
        ] {
            if len != self.n {
                return bad(
                    what,
                    len.to_string(),
                    Constraint::Equals {
                        expected: self.n as f64,
                    },
                );
            }
        }
        let finite = [self.intercept, self.slope, self.centre, self.residual_sd];
        if finite
            .iter()
            .chain(&self.times)
            .chain(&self.residuals)
            .any(|v| !v.is_finite())
        {
            return bad(
                "trend fit parameter",
                "a parameter".into(),
                Constraint::Finite,
            );
        }
        if self.residual_sd < 0.0 {
            return bad(
                "residual sd",
                self.residual_sd.to_string(),
                Constraint::NonNegative,
            );
        }
        if !(self.sxx > 0.0 && self.sxx.is_finite()) {
            return bad("sxx", self.sxx.to_string(), Constraint::Positive);
        }
        Ok(())
    }

    /// Fits the observed years `from..=to` of `series`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when fewer than 3 years fall in the window or a value is 0
    /// (no logarithm).
    ///
    /// ```
    /// use overcrowding::{series::{Point, Series, Year}, forecast::trend::TrendFit};
    /// let s = Series::new(vec![Point { period: Year(2000), value: 100 }, Point { period: Year(2001), value: 200 },
    /// Point { period: Year(2002), value: 400 }]).unwrap();
    /// let fit = TrendFit::log_linear(&s, Year(2000), Year(2002)).unwrap();
    /// approx::assert_relative_eq!(fit.annual_growth(), 1.0, max_relative = 1e-12); // doubling
    /// approx::assert_relative_eq!(fit.fitted(2003.0), 800.0, max_relative = 1e-9);
    /// assert!(TrendFit::log_linear(&s, Year(2001), Year(2002)).is_err());
    /// ```
    pub fn log_linear(series: &Series<Year>, from: Year, to: Year) -> Result<TrendFit> {
        TrendFit::fit(
            format!("{from}..={to}"),
            "years",
            series
                .window(from, to)
                .iter()
                .map(|p| {
                    (
                        p.period.0.to_string(),
                        p.period.0,
                        f64::from(p.period.0),
                        p.value,
                    )
                })
                .collect(),
        )
    }

    /// Fits the observed months `from..=to` of a monthly series, time in fractional years
    /// (see the [module docs](crate::forecast::trend)); gaps are skipped, not filled.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when fewer than 3 months fall in the window or a value is 0.
    ///
    /// ```
    /// use overcrowding::{series::Series, series::Point, series::YearMonth, forecast::trend::TrendFit};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// // +1 % a month: 12.68 % a year.
    /// let s = Series::new((0..24).map(|k| Point { period: m(k),
    ///     value: (10_000.0 * 1.01f64.powi(k)).round() as u64 }).collect())?;
    /// let fit = TrendFit::log_linear_monthly(&s, m(0), m(23))?;
    /// assert_eq!((fit.annual_growth() * 1000.0).round() / 10.0, 12.7);
    /// // 1.01^70 ≈ 2.007: above 20,000 in month 70 (2025-11), 47 months after 2021-12.
    /// let c = fit.crossing_in_months(20_000, overcrowding::forecast::Side::Above, 60)?;
    /// assert_eq!(c.horizon(), Some(47));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn log_linear_monthly(
        series: &Series<YearMonth>,
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
                        p.period.to_string(),
                        p.period.year(),
                        p.period.fractional_year(),
                        p.value,
                    )
                })
                .collect(),
        )
    }

    /// The shared least squares: points are (label, calendar year, time in years, value).
    fn fit(window: String, unit: &str, pts: Vec<(String, i32, f64, u64)>) -> Result<TrendFit> {
        if pts.len() < 3 {
            let parameter = if unit == "years" {
                "observed years in the trend window"
            } else {
                "observed months in the trend window"
            };
            return Err(Error::invalid(
                parameter,
                format!("{} ({window})", pts.len()),
                Constraint::AtLeast { min: 3.0 },
            ));
        }
        if let Some(p) = pts.iter().find(|p| p.3 == 0) {
            return Err(Error::invalid(
                "value (a log-linear fit needs positive counts)",
                format!("{} in {}", p.3, p.0),
                Constraint::Positive,
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
    /// let fit = overcrowding::forecast::trend::TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
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
    /// let fit = overcrowding::forecast::trend::TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
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
    /// let fit = overcrowding::forecast::trend::TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
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
    pub(super) fn last_year(&self) -> i32 {
        self.years.iter().copied().max().unwrap_or(i32::MAX)
    }

    /// The month after the last fitted time (the first month [`TrendFit::simulate_months`]
    /// projects).
    pub(super) fn first_month_after(&self) -> Result<YearMonth> {
        let last_t = self.last_point().0;
        YearMonth::first_at_or_after(last_t + 1.0 / 24.0)
            .ok_or_else(|| Error::invalid("last fitted time", last_t, Constraint::InCalendar))
    }

    /// When the trend line first gets to `side` of `level` in the `years` years after the
    /// last fitted year: [`Crossing::After`] with `horizon` in years (the year is the last
    /// fitted year + `horizon`), [`Crossing::AtOrigin`] when the last observation
    /// ([`TrendFit::last_observed`]) is already on that side, else [`Crossing::NotWithin`].
    /// Never a year in the past (see the [module docs](crate::forecast::trend)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `years` is not 1 to 200, or the fit fails
    /// [`TrendFit::check`].
    ///
    /// ```
    /// use overcrowding::forecast::{Crossing, Side, trend::TrendFit};
    /// # let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
    /// let fit = TrendFit::log_linear(&s, overcrowding::series::Year(1994), overcrowding::series::Year(2021)).unwrap();
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
            return Err(Error::invalid(
                "horizon (years)",
                years,
                Constraint::Between {
                    min: 1.0,
                    max: 200.0,
                },
            ));
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
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `months` is not 1 to 2,400 or the fit fails
    /// [`TrendFit::check`]; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) past the calendar.
    ///
    /// ```
    /// use overcrowding::{series::Series, series::Point, series::YearMonth};
    /// use overcrowding::forecast::{Crossing, Side, trend::TrendFit};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// // Falling by 1 % a month from 10,000: the trend line is below 9,000 from month 11 on.
    /// let s = Series::new((0..24).map(|k| Point { period: m(k),
    ///     value: (10_000.0 * 0.99f64.powi(k)).round() as u64 }).collect())?;
    /// let fit = TrendFit::log_linear_monthly(&s, m(0), m(23))?;
    /// // 9,000 was crossed downwards in the past: the answer is "already below", not 2020-11.
    /// assert_eq!(fit.crossing_in_months(9_000, Side::Below, 24)?, Crossing::AtOrigin { value: 7_936.0 });
    /// // 0.99^35 ≈ 0.703: the first month below 7,050 is 2022-12, 12 months after 2021-12.
    /// assert_eq!(fit.crossing_in_months(7_050, Side::Below, 24)?, Crossing::After { horizon: 12, side: Side::Below });
    /// assert_eq!(fit.crossing_in_months(9_000, Side::Above, 24)?, Crossing::NotWithin { horizon: 24 });
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// [`TrendProjection::period`]: super::TrendProjection::period
    pub fn crossing_in_months(&self, level: u64, side: Side, months: u32) -> Result<Crossing> {
        self.check()?;
        if !(1..=2_400).contains(&months) {
            return Err(Error::invalid(
                "horizon (months)",
                months,
                Constraint::Between {
                    min: 1.0,
                    max: 2_400.0,
                },
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
}

/// OLS of y on x with centred x: (a at the centre, b, centre, Sxx).
pub(super) fn ols(x: &[f64], y: &[f64]) -> (f64, f64, f64, f64) {
    let n = x.len() as f64;
    let cx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|&v| (v - cx) * (v - cx)).sum();
    let sxy: f64 = x.iter().zip(y).map(|(&a, &b)| (a - cx) * (b - my)).sum();
    // ≥ 3 distinct years (a Series<Year> has strictly increasing years): sxx > 0.
    (my, sxy / sxx, cx, sxx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::trend::MonteCarlo;
    use crate::series::Point;

    fn series(pts: &[(i32, u64)]) -> Series<Year> {
        Series::new(
            pts.iter()
                .map(|&(year, value)| Point {
                    period: Year(year),
                    value,
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn fit_by_hand() {
        // ln values 0, 1, 3 (approximately: e^0, e^1, e^3 rounded) at x = -1, 0, 1:
        // use exact powers of 2 instead: 1, 2, 8 -> ln = 0, l, 3l with l = ln 2.
        let s = series(&[(2000, 1), (2001, 2), (2002, 8)]);
        let f = TrendFit::log_linear(&s, Year(2000), Year(2002)).unwrap();
        let l = 2f64.ln();
        // centre 2001, a = mean = 4l/3, b = Sxy/Sxx = (0·-1 + 3l·1)/2 = 1.5 l.
        approx::assert_relative_eq!(f.intercept, 4.0 * l / 3.0, max_relative = 1e-12);
        approx::assert_relative_eq!(f.slope, 1.5 * l, max_relative = 1e-12);
        // residuals: 0 - (4l/3 - 1.5l) = l/6; l - 4l/3 = -l/3; 3l - (4l/3 + 1.5l) = l/6.
        approx::assert_relative_eq!(f.residuals[1], -l / 3.0, max_relative = 1e-12);
        // s² = (l²/36 + l²/9 + l²/36) / 1 = l²/6.
        approx::assert_relative_eq!(f.residual_sd, l / 6f64.sqrt(), max_relative = 1e-12);
        assert!(
            TrendFit::log_linear(
                &series(&[(2000, 0), (2001, 2), (2002, 8)]),
                Year(2000),
                Year(2002)
            )
            .is_err()
        );
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
        let fit = TrendFit::log_linear(&s, Year(2000), Year(2009)).unwrap();
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
