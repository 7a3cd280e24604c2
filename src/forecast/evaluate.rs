//! Rolling-origin evaluation for any frequency (Hyndman & Athanasopoulos, *FPP3* §5.10,
//! "time series cross-validation"; fable's `accuracy()`).
//!
//! # Procedure
//!
//! For every origin — a training length `k` from the minimum (by default 36 monthly, 12
//! quarterly, 10 yearly values, never more than `n − 1`) to `n − 1`, every `step` values — the
//! [`Forecaster`] is fitted to the first `k` values only and forecasts the largest horizon
//! asked for; each horizon `h` with an observation `k − 1 + h < n` is scored. A
//! [`RegularSeries`] has no gaps, so nothing is interpolated; a series with a gap must be cut
//! (and the cut reported) before it gets here.
//!
//! # Measures, per horizon
//!
//! Every figure of [`HorizonAccuracy`](super::HorizonAccuracy) (the one report row of the
//! crate's rolling-origin engines, in their one report, [`EvaluationReport`]): bias, MAE, RMSE, MAPE, MASE and the scaled bias —
//! the scale `s` of an origin being the mean absolute one-period change of its training
//! values (the in-sample naive error; origins with `s = 0` are left out of the scaled
//! measures and counted) — and per level coverage and the Winkler score, raw and scaled.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use super::accuracy::{Made, ReportBuilder};
use super::{
    Evaluated, EvaluationReport, Forecast, ForecastMethod, Forecaster, Frequency, Interval,
    MAX_HORIZON, Origin, RegularSeries, forecast_many,
};
use crate::error::{Error, Result};

/// The settings of a rolling-origin evaluation.
///
/// ```
/// use overcrowding::forecast::{Evaluation, Forecaster, ForecastMethod, Frequency, RegularSeries};
/// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
/// let naive = Forecaster::new(1)?.with_method(ForecastMethod::Naive);
/// let r = Evaluation::new(vec![1, 2])?.run(&s, &naive)?;
/// assert_eq!(r.origins.len(), 4); // training lengths 10..=13
/// let h2 = r.horizon(2).unwrap();
/// assert_eq!((h2.scored, h2.mase, h2.bias), (3, Some(2.0), Some(-20.0))); // 2 steps of 10 behind
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    horizons: Vec<usize>,
    levels: Vec<f64>,
    min_train: Option<usize>,
    step: usize,
}

fn default_min_train(f: Frequency) -> usize {
    match f {
        Frequency::Monthly => 36,
        Frequency::Quarterly => 12,
        Frequency::Yearly => 10,
        // Eight weeks: two months of days before the first origin.
        Frequency::Daily => 56,
    }
}

impl Evaluation {
    /// An evaluation at `horizons`, with 80 % and 95 % intervals, every origin (step 1) and
    /// the default minimum training length.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) without horizons; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a horizon of 0 or
    /// above [`MAX_HORIZON`].
    ///
    /// ```
    /// use overcrowding::forecast::Evaluation;
    /// assert!(Evaluation::new(vec![]).is_err());
    /// assert!(Evaluation::new(vec![0]).is_err());
    /// assert_eq!(Evaluation::new(vec![1, 12])?.levels(), &[0.8, 0.95]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(horizons: Vec<usize>) -> Result<Evaluation> {
        if horizons.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "horizons" }));
        }
        if let Some(&h) = horizons.iter().find(|&&h| h == 0 || h > MAX_HORIZON) {
            return Err(Error::invalid(
                "horizon",
                h,
                Constraint::Between {
                    min: 1.0,
                    max: MAX_HORIZON as f64,
                },
            ));
        }
        Ok(Evaluation {
            horizons,
            levels: vec![0.8, 0.95],
            min_train: None,
            step: 1,
        })
    }

    /// Scores central intervals at `levels` (each strictly between 0 and 1, checked by
    /// [`Evaluation::run`]).
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(f64::from).collect())?;
    /// let e = Evaluation::new(vec![1])?;
    /// assert!(e.clone().with_levels(vec![0.5, 1.0]).run(&s, &Forecaster::new(1)?).is_err());
    /// assert_eq!(e.with_levels(vec![0.5]).levels(), [0.5]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_levels(mut self, levels: Vec<f64>) -> Evaluation {
        self.levels = levels;
        self
    }

    /// Starts at a training length of `n` values (at least the frequency's
    /// [`Frequency::min_len`], checked by [`Evaluation::run`]).
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(f64::from).collect())?;
    /// let r = Evaluation::new(vec![1])?.with_min_train(8).run(&s, &Forecaster::new(1)?)?;
    /// assert_eq!(r.origins.len(), 4);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_min_train(mut self, n: usize) -> Evaluation {
        self.min_train = Some(n);
        self
    }

    /// Uses every `step`-th origin (at least 1, checked by [`Evaluation::run`]).
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(f64::from).collect())?;
    /// let e = Evaluation::new(vec![1])?.with_min_train(8);
    /// assert!(e.clone().with_step(0).run(&s, &Forecaster::new(1)?).is_err());
    /// assert_eq!(e.with_step(2).run(&s, &Forecaster::new(1)?)?.origins.len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_step(mut self, step: usize) -> Evaluation {
        self.step = step;
        self
    }

    /// The step and the levels, checked where they are used.
    fn check(&self) -> Result<()> {
        if self.step == 0 {
            return Err(Error::invalid(
                "origin step",
                0,
                Constraint::AtLeast { min: 1.0 },
            ));
        }
        if let Some(&l) = self.levels.iter().find(|&&l| !(l > 0.0 && l < 1.0)) {
            return Err(Error::invalid(
                "interval level",
                l,
                Constraint::StrictlyBetween { min: 0.0, max: 1.0 },
            ));
        }
        Ok(())
    }

    /// Runs the evaluation of the default ([`Forecaster::new`]) and of the naive method on
    /// `series`, at the same origins: the question "does the default beat the last value
    /// here?". One report, the default's rows ([`ForecastMethod::Auto`]) then naive's.
    ///
    /// # Errors
    ///
    /// As [`Evaluation::run`].
    ///
    /// ```
    /// use overcrowding::forecast::{Evaluation, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let r = Evaluation::new(vec![2])?.run_default_and_naive(&s)?;
    /// assert!(r.row(ForecastMethod::Auto, 2).unwrap().mase < r.row(ForecastMethod::Naive, 2).unwrap().mase);
    /// assert_eq!(r.row(ForecastMethod::Naive, 2).unwrap().mase, Some(2.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_default_and_naive(&self, series: &RegularSeries) -> Result<EvaluationReport> {
        let default = Forecaster::new(1)?;
        let naive = default.clone().with_method(ForecastMethod::Naive);
        self.run_forecasters(series, &[default, naive])
    }

    /// Runs the evaluation of each of `forecasters` on `series` at the same origins: one
    /// report, a method's rows after another's, in the order given (two forecasters of the
    /// same method share their label: give each method once).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) without forecasters; as
    /// [`Evaluation::run`].
    ///
    /// ```
    /// use overcrowding::forecast::{Evaluation, ForecastMethod, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let f = Forecaster::new(1)?;
    /// let r = Evaluation::new(vec![1])?.run_forecasters(&s, &[f.clone().with_method(ForecastMethod::Drift), f.with_method(ForecastMethod::Naive)])?;
    /// assert_eq!(r.row(ForecastMethod::Drift, 1).unwrap().mae, Some(0.0)); // a straight line
    /// assert_eq!(r.row(ForecastMethod::Naive, 1).unwrap().mae, Some(10.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_forecasters(
        &self,
        series: &RegularSeries,
        forecasters: &[Forecaster],
    ) -> Result<EvaluationReport> {
        if forecasters.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "forecasters",
            }));
        }
        let fcs: Vec<Forecaster> = forecasters
            .iter()
            .map(|f| f.for_horizon(self.max_horizon()))
            .collect();
        let methods: Vec<Evaluated> = fcs.iter().map(|f| Evaluated::Method(f.method)).collect();
        self.run_fits(series, &methods, |m, k| {
            let train = series.head(k).ok_or(Error::from(ErrorKind::Empty {
                what: "training values",
            }))?;
            fcs[m].fit(&train)
        })
    }

    /// The interval levels scored.
    ///
    /// ```
    /// # use overcrowding::forecast::Evaluation;
    /// assert_eq!(Evaluation::new(vec![1])?.levels().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// Runs the evaluation of `forecaster` (its horizon is replaced by the largest horizon
    /// asked for) on `series`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the minimum training length is below the
    /// frequency's minimum or leaves no origin, a level lies outside (0, 1) or the step is 0;
    /// errors of [`Forecaster::fit`].
    ///
    /// ```
    /// use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(f64::from).collect())?;
    /// let e = Evaluation::new(vec![1])?;
    /// assert!(e.clone().with_min_train(12).run(&s, &Forecaster::new(1)?).is_err());
    /// assert!(e.with_min_train(3).run(&s, &Forecaster::new(1)?).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run(&self, series: &RegularSeries, forecaster: &Forecaster) -> Result<EvaluationReport> {
        self.run_forecasters(series, std::slice::from_ref(forecaster))
    }

    /// Runs the evaluation of any forecasting procedure on `series`: `fit(k)` forecasts
    /// from the first `k` values (at least the largest horizon asked for) and is scored at
    /// the same origins, by the same measures, as [`Evaluation::run`] — for methods that
    /// are not a [`Forecaster`] (e.g. forecasts derived from other series). Its rows are
    /// [`Evaluated::Procedure`]'s.
    ///
    /// # Errors
    ///
    /// As [`Evaluation::run`], and the errors of `fit`.
    ///
    /// ```
    /// use overcrowding::forecast::{Evaluation, ForecastMethod, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let naive = Forecaster::new(2)?.with_method(ForecastMethod::Naive);
    /// let r = Evaluation::new(vec![2])?.run_with(&s, |k| naive.fit(&s.head(k).unwrap()))?;
    /// assert_eq!(r.horizon(2).unwrap().mase, Some(2.0)); // as Evaluation::run
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_with(
        &self,
        series: &RegularSeries,
        fit: impl Fn(usize) -> Result<Forecast>,
    ) -> Result<EvaluationReport> {
        self.run_fits(series, &[Evaluated::Procedure], |_, k| fit(k))
    }

    /// The rolling-origin loop on one series: at each training length `k`, `fit(m, k)` for
    /// method number `m`, scored at every horizon.
    fn run_fits(
        &self,
        series: &RegularSeries,
        methods: &[Evaluated],
        fit: impl Fn(usize, usize) -> Result<Forecast>,
    ) -> Result<EvaluationReport> {
        self.check()?;
        let f = series.frequency();
        let n = series.len();
        let min_train = self.min_train(f, n)?;
        let mut report = ReportBuilder::new(methods, &self.horizons, &self.levels);
        for k in (min_train..n).step_by(self.step) {
            report.origin(origin_of(series, k));
            for m in 0..methods.len() {
                let forecast = fit(m, k)?;
                if forecast.horizon() < self.max_horizon() {
                    return Err(Error::invalid(
                        "forecast horizon",
                        forecast.horizon(),
                        Constraint::AtLeast {
                            min: self.max_horizon() as f64,
                        },
                    ));
                }
                self.score_origin(&mut report, m, &forecast, series, k)?;
            }
        }
        Ok(report.finish(f, Some(min_train), Vec::new(), Vec::new()))
    }

    /// The minimum training length on a series of frequency `f` and length `n`: the one
    /// set, else the default (36 monthly, 12 quarterly, 10 yearly) within `n − 1`.
    fn min_train(&self, f: Frequency, n: usize) -> Result<usize> {
        let min_train = self
            .min_train
            .unwrap_or_else(|| default_min_train(f).min(n - 1).max(f.min_len()));
        if min_train < f.min_len() || min_train >= n {
            return Err(Error::invalid(
                "minimum training length",
                min_train,
                Constraint::Between {
                    min: f.min_len() as f64,
                    max: n.saturating_sub(1) as f64,
                },
            ));
        }
        Ok(min_train)
    }

    fn max_horizon(&self) -> usize {
        *self.horizons.iter().max().unwrap_or(&1)
    }

    /// Scores the forecast `fit` of method number `m` made from the first `k` values of
    /// `series` at every horizon asked for: the one origin step of every rolling-origin
    /// evaluation here.
    fn score_origin(
        &self,
        report: &mut ReportBuilder,
        m: usize,
        fit: &Forecast,
        series: &RegularSeries,
        k: usize,
    ) -> Result<()> {
        let y = series.values();
        let n = y.len();
        let intervals: Vec<Vec<(f64, f64)>> = self
            .levels
            .iter()
            .map(|&l| fit.interval(l))
            .collect::<Result<_>>()?;
        let d: f64 = y[..k].windows(2).map(|w| (w[1] - w[0]).abs()).sum();
        let scale = d / (k - 1) as f64;
        for (j, &h) in self.horizons.iter().enumerate() {
            let t = k - 1 + h;
            let target = series.period(t);
            if t >= n {
                let made = Made {
                    target,
                    point: Some(fit.mean()[h - 1]),
                    observed: None,
                    intervals: Vec::new(),
                };
                report.forecast(m, j, None, made);
                continue;
            }
            let intervals = self
                .levels
                .iter()
                .zip(&intervals)
                .map(|(&level, i)| Interval {
                    level,
                    lower: i[h - 1].0,
                    upper: i[h - 1].1,
                })
                .collect();
            let made = Made {
                target,
                point: Some(fit.mean()[h - 1]),
                observed: Some(y[t]),
                intervals,
            };
            report.forecast(m, j, Some(scale), made);
        }
        Ok(())
    }

    /// Runs the evaluation of [`forecast_many`] on `series`: at each origin every series
    /// long enough is cut and the cuts are forecast together, so what is pooled comes only
    /// from values before the origin. Origins are calendar periods when every series knows
    /// its start ([`RegularSeries::with_start`]); otherwise series are taken to end in the
    /// same period and an origin is a number of periods before the end. A series takes part
    /// from its own minimum training length ([`Evaluation::with_min_train`] or the default)
    /// to its last value but one; the origin `step` counts periods. One report per series, in
    /// the order given (`origins` lists that series' origins; its rows are
    /// [`ForecastMethod::Auto`]'s, the default that [`forecast_many`] pools).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) without series; as [`Evaluation::run`]
    /// for each series' minimum training length; errors of [`forecast_many`].
    ///
    /// ```
    /// use overcrowding::forecast::{Evaluation, Frequency, RegularSeries};
    /// let series: Vec<RegularSeries> = (0..3)
    ///     .map(|i| RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + (10 + i) as f64 * t as f64).collect()))
    ///     .collect::<Result<_, _>>()?;
    /// let r = Evaluation::new(vec![1, 2])?.run_many(&series)?;
    /// assert_eq!((r.len(), r[0].origins.len()), (3, 4)); // training lengths 10..=13
    /// // Straight lines: the pool gives the last value no weight and the trend carries on
    /// // (the last value would be 2 steps behind: MASE 2).
    /// assert!(r[2].horizon(2).unwrap().mase.unwrap() < 0.2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_many(&self, series: &[RegularSeries]) -> Result<Vec<EvaluationReport>> {
        self.check()?;
        if series.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "series" }));
        }
        let max_h = self.max_horizon();
        // Each series' last period on one axis (periods since year 0, or 0 for all).
        let ends: Vec<i64> = if series.iter().all(|s| s.start().is_some()) {
            series
                .iter()
                .map(|s| s.start().map_or(0, |p| p.ordinal()) + s.len() as i64 - 1)
                .collect()
        } else {
            vec![0; series.len()]
        };
        let mins: Vec<usize> = series
            .iter()
            .map(|s| self.min_train(s.frequency(), s.len()))
            .collect::<Result<_>>()?;
        let pooled = [Evaluated::Method(ForecastMethod::Auto)];
        let mut reports: Vec<ReportBuilder> = series
            .iter()
            .map(|_| ReportBuilder::new(&pooled, &self.horizons, &self.levels))
            .collect();
        let latest = ends.iter().copied().max().unwrap_or(0);
        let earliest = ends.iter().copied().min().unwrap_or(0);
        // The origin `at` is the last training period; the latest possible is the last but
        // one period of the series that ends last.
        let mut at = latest - 1;
        let floor = earliest - series.iter().map(RegularSeries::len).max().unwrap_or(0) as i64;
        while at >= floor {
            let mut members = Vec::new();
            let mut cuts = Vec::new();
            for (i, s) in series.iter().enumerate() {
                let k = s.len() as i64 - (ends[i] - at);
                if k >= mins[i] as i64 && k < s.len() as i64 {
                    let k = k as usize;
                    if let Some(head) = s.head(k) {
                        members.push((i, k));
                        cuts.push(head);
                    }
                }
            }
            if !cuts.is_empty() {
                let fits = forecast_many(&cuts, max_h)?;
                for ((i, k), fit) in members.into_iter().zip(&fits) {
                    reports[i].origin(origin_of(&series[i], k));
                    self.score_origin(&mut reports[i], 0, fit, &series[i], k)?;
                }
            }
            at -= self.step as i64;
        }
        Ok(series
            .iter()
            .zip(reports)
            .zip(mins)
            .map(|((s, r), first_train)| {
                r.finish(s.frequency(), Some(first_train), Vec::new(), Vec::new())
            })
            .collect())
    }
}

/// The origin after the first `k` values of `series`: its last training period when the
/// series knows its calendar.
fn origin_of(series: &RegularSeries, k: usize) -> Origin {
    series
        .period(k - 1)
        .map_or(Origin::Values(k), Origin::Period)
}
