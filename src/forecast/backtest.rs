//! Rolling-origin backtests of monthly projections: fit on the data up to a cut-off month,
//! project `h` months ahead, compare with what was observed, and summarise the errors per
//! horizon.
//!
//! # Procedure
//!
//! For each cut-off month `c` in the range of [`Backtest::with_cutoffs`] (by default every
//! month of the series but its last) that is observed, each
//! method (one of [`Backtest::METHODS`]) sees only the observations in its fit window (`c − window + 1 ..= c`, by
//! [`FitWindow::Months`], or everything up to `c` with [`FitWindow::Expanding`]: a required
//! choice, see [`FitWindow`] for what it changes) and forecasts the months `c + h` for every horizon `h`. A forecast
//! is *scored* when the target month is observed. Nothing is interpolated:
//!
//! - a cut-off month with no observation is skipped and listed
//!   ([`EvaluationReport::skipped_origins`]);
//! - a target month with no observation (a gap, or after the end of the series) is counted in
//!   [`HorizonAccuracy::target_missing`](super::HorizonAccuracy::target_missing);
//! - a method that cannot forecast (too few points, the month a year earlier missing, a zero
//!   count for the log-linear fit) is counted in
//!   [`HorizonAccuracy::no_forecast`](super::HorizonAccuracy::no_forecast).
//!
//! So for every method and horizon `scored + target_missing + no_forecast` equals the
//! number of cut-offs used.
//!
//! # Errors reported
//!
//! The error of one forecast is `forecast − observed` (positive: the method projected too
//! many people). Per method and horizon, the crate's one report, [`EvaluationReport`]: mean
//! error (bias), mean absolute error, root mean square error and the mean absolute
//! percentage error (over observed values above 0; `None` when there are none — never NaN).
//! For the log-linear trend, the share of observed values inside each central prediction
//! interval (e.g. 80 % and 95 %) from the seeded Monte Carlo of [`TrendFit::simulate_months`]
//! (a well-calibrated 80 % interval holds about 80 % of them) and its Winkler score.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use super::accuracy::{Made, ReportBuilder};
use super::trend::{ErrorModel, MonteCarlo, TrendFit};
use super::{Evaluated, EvaluationReport, ForecastMethod, Frequency, Interval, Origin};
use crate::error::{Error, Result};
use crate::series::{Series, YearMonth};

/// What each method sees at a cut-off: a required argument of [`Backtest::new`], because no
/// window is best for every method and horizon, and the one that used to be the default
/// (every observation) was the worst choice for the trend.
///
/// Measured by the backtest of example 07 (HMPPS, England & Wales, system population; every
/// month from 2016-01 to 2023-12 a cut-off; mean absolute error in people, and the share of
/// observed values inside the trend's 80 % interval):
///
/// | window | trend, 1 month | trend, 12 months | trend, 24 months | trend 80 % interval, 12 months | drift, 1 month | drift, 12 months | drift, 24 months |
/// |---|---|---|---|---|---|---|---|
/// | expanding (all data from 2012) | 1,934 | 3,215 | 4,064 | 60 % | 351 | 2,400 | 3,870 |
/// | 12 months | 575 | 3,238 | 4,669 | 11 % | 332 | 2,990 | 4,536 |
/// | 24 months | 992 | 2,933 | 4,391 | 18 % | 337 | 2,609 | 4,291 |
/// | 36 months | 1,329 | 3,045 | 4,967 | 24 % | 350 | 2,762 | 4,803 |
/// | 60 months | 1,824 | 3,528 | 5,112 | 39 % | 357 | 2,576 | 4,439 |
///
/// (The last value, naive: 343, 2,241 and 3,850; it needs no window.) A short window follows a
/// turn sooner — the trend's error one month ahead falls from 1,934 to 575 — but fits noise
/// and gives intervals that hold far less than they promise; an expanding window keeps a
/// decade-old growth rate. Choose the window as part of the method, and backtest more than
/// one: the crate's default forecast ([`forecast`](crate::forecast::forecast())) does
/// this choosing by itself. A window of 0 months is an error at [`Backtest::run`].
///
/// ```
/// use overcrowding::forecast::backtest::FitWindow;
/// assert_eq!(FitWindow::Months(36).months(), Some(36));
/// assert_eq!(FitWindow::Expanding.months(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitWindow {
    /// Every observation up to the cut-off.
    Expanding,
    /// The last `n` months up to and including the cut-off (`c − n + 1 ..= c`).
    Months(u32),
}

impl FitWindow {
    /// The length in months; `None` for the expanding window.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::backtest::FitWindow::Months(24).months(), Some(24));
    /// ```
    pub fn months(self) -> Option<u32> {
        match self {
            FitWindow::Expanding => None,
            FitWindow::Months(n) => Some(n),
        }
    }
}

/// The settings of a rolling-origin backtest. [`Backtest::new`] takes what is required (the
/// horizons and the fit window) and fills the defaults; the `with_*` methods change them,
/// [`Backtest::run`] checks them.
///
/// ```
/// use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
/// let bt = Backtest::new(vec![1, 12], FitWindow::Months(24))
///     .with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2023, 12)?);
/// assert_eq!((bt.paths(), bt.levels().len(), bt.window()), (500, 2, FitWindow::Months(24)));
/// assert_eq!(bt.with_window(FitWindow::Expanding).window(), FitWindow::Expanding);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// The first and last cut-off months; `None`: the series' first month to its last but
    /// one.
    cutoffs: Option<(YearMonth, YearMonth)>,
    /// Horizons in months (each 1 to 2,400).
    horizons: Vec<usize>,
    /// What each method is fitted to at a cut-off (see [`FitWindow`]).
    window: FitWindow,
    /// Central probabilities of the prediction intervals scored, each in (0, 1).
    levels: Vec<f64>,
    /// Monte Carlo paths per cut-off (log-linear trend only).
    paths: usize,
    /// The seed; cut-off number `k` (0-based) uses `seed + k`, so a report is reproducible.
    seed: u64,
    /// The Monte Carlo error model.
    errors: ErrorModel,
}

impl Backtest {
    /// The methods a monthly backtest runs, the benchmarks of [`ForecastMethod`] as a
    /// backtest fits them to its window:
    ///
    /// - [`ForecastMethod::Naive`], the last value: `ŷ(c + h) = y(c)`;
    /// - [`ForecastMethod::SeasonalNaive`], the same month a year earlier (two years earlier
    ///   for `h` in 13–24, …): `ŷ(c + h) = y(c + h − 12k)` with `k = ⌈h / 12⌉`; no forecast
    ///   when that month is missing or outside the fit window;
    /// - [`ForecastMethod::Drift`], the last value plus the mean monthly change over the fit
    ///   window: `ŷ(c + h) = y(c) + h · (y(c) − y(first)) / (c − first)`; needs two
    ///   observations;
    /// - [`ForecastMethod::LogLinearTrend`], the log-linear trend of
    ///   [`TrendFit::log_linear_monthly`] fitted to the window: the point forecast is the
    ///   trend line, the intervals come from the seeded Monte Carlo of
    ///   [`TrendFit::simulate_months`]; needs 3 observations, all above 0.
    ///
    /// ```
    /// use overcrowding::forecast::{backtest::Backtest, ForecastMethod};
    /// assert_eq!(Backtest::METHODS.len(), 4);
    /// assert_eq!(Backtest::METHODS[2], ForecastMethod::Drift);
    /// ```
    pub const METHODS: [ForecastMethod; 4] = [
        ForecastMethod::Naive,
        ForecastMethod::SeasonalNaive,
        ForecastMethod::Drift,
        ForecastMethod::LogLinearTrend,
    ];

    /// A backtest at `horizons` (months, each 1 to 2,400, checked by [`Backtest::run`]), each
    /// method fitted to `window` (a required choice: [`FitWindow`] says why), with cut-offs
    /// from the series' first month to its last but one, 80 % and 95 % intervals, 500 paths,
    /// seed 1 and normal errors.
    ///
    /// ```
    /// use overcrowding::forecast::{backtest::Backtest, backtest::FitWindow};
    /// let bt = Backtest::new(vec![1, 3, 6], FitWindow::Expanding);
    /// assert_eq!((bt.levels(), bt.cutoffs()), (&[0.8, 0.95][..], None));
    /// ```
    pub fn new(horizons: Vec<usize>, window: FitWindow) -> Backtest {
        Backtest {
            cutoffs: None,
            horizons,
            window,
            levels: vec![0.8, 0.95],
            paths: 500,
            seed: 1,
            errors: ErrorModel::Normal,
        }
    }

    /// Cut-offs from `first` to `last` (months; the last not before the first, checked by
    /// [`Backtest::run`]). Months without an observation are skipped and listed.
    ///
    /// ```
    /// use overcrowding::{series::{Point, Series, YearMonth}, forecast::{backtest::Backtest, backtest::FitWindow, ForecastMethod}};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// let s = Series::new((0..12).map(|k| Point { period: m(k), value: 100 + 10 * k as u64 }).collect())?;
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding);
    /// assert_eq!(bt.run(&s, &[ForecastMethod::Naive])?.origins.len(), 11); // by default 2020-01..=2020-11
    /// let bt = bt.with_cutoffs(m(2), m(9));
    /// assert_eq!(bt.cutoffs(), Some((m(2), m(9))));
    /// assert_eq!(bt.run(&s, &[ForecastMethod::Naive])?.origins.len(), 8);
    /// assert!(bt.with_cutoffs(m(9), m(2)).run(&s, &[ForecastMethod::Naive]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_cutoffs(mut self, first: YearMonth, last: YearMonth) -> Backtest {
        self.cutoffs = Some((first, last));
        self
    }

    /// Another fit window (checked by [`Backtest::run`]: a window of 0 months is an error).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.with_window(FitWindow::Months(24)).window().months(), Some(24));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_window(mut self, window: FitWindow) -> Backtest {
        self.window = window;
        self
    }

    /// The central probabilities of the intervals scored (each in (0, 1), checked by
    /// [`Backtest::run`]).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.with_levels(vec![0.5]).levels(), [0.5]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_levels(mut self, levels: Vec<f64>) -> Backtest {
        self.levels = levels;
        self
    }

    /// Monte Carlo paths per cut-off for the trend's intervals (≥ 1 when the trend is run).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.with_paths(300).paths(), 300);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_paths(mut self, paths: usize) -> Backtest {
        self.paths = paths;
        self
    }

    /// The seed (cut-off `k` uses `seed + k`).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.with_seed(2025).seed(), 2025);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_seed(mut self, seed: u64) -> Backtest {
        self.seed = seed;
        self
    }

    /// The Monte Carlo error model of the trend's intervals.
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, trend::ErrorModel, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.with_errors(ErrorModel::Bootstrap).errors(), ErrorModel::Bootstrap);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_errors(mut self, errors: ErrorModel) -> Backtest {
        self.errors = errors;
        self
    }

    /// The cut-off months set by [`Backtest::with_cutoffs`]; `None`: the series' first month
    /// to its last but one.
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding);
    /// let (a, b) = (YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.with_cutoffs(a, b).cutoffs().map(|(f, l)| l.months_since(f)), Some(11));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn cutoffs(&self) -> Option<(YearMonth, YearMonth)> {
        self.cutoffs
    }

    /// The horizons in months (each 1 to 2,400, checked by [`Backtest::run`]).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1, 6], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.horizons(), [1, 6]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn horizons(&self) -> &[usize] {
        &self.horizons
    }

    /// What each method is fitted to at a cut-off.
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Months(36)).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.window().months(), Some(36));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn window(&self) -> FitWindow {
        self.window
    }

    /// The central probabilities of the intervals scored.
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.levels().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// Monte Carlo paths per cut-off (log-linear trend only).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.paths(), 500);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The seed; cut-off number `k` (0-based) uses `seed + k`, so a report is reproducible.
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.seed(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The Monte Carlo error model.
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, forecast::{backtest::Backtest, trend::ErrorModel, backtest::FitWindow}};
    /// let bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(YearMonth::new(2016, 1)?, YearMonth::new(2016, 12)?);
    /// assert_eq!(bt.errors(), ErrorModel::Normal);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn errors(&self) -> ErrorModel {
        self.errors
    }

    /// The checked horizons (ascending, each once) and cut-offs on `series`.
    fn validate(
        &self,
        series: &Series<YearMonth>,
        methods: &[ForecastMethod],
    ) -> Result<(Vec<u32>, YearMonth, YearMonth)> {
        if methods.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "methods" }));
        }
        if let Some(m) = methods.iter().find(|m| !Backtest::METHODS.contains(m)) {
            return Err(Error::invalid(
                "backtest method",
                m,
                Constraint::OneOf {
                    allowed: Backtest::METHODS.iter().map(|m| m.to_string()).collect(),
                },
            ));
        }
        if self.horizons.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "horizons" }));
        }
        if let Some(&h) = self.horizons.iter().find(|&&h| h == 0 || h > 2_400) {
            return Err(Error::invalid(
                "horizon",
                h,
                Constraint::Between {
                    min: 1.0,
                    max: 2_400.0,
                },
            ));
        }
        let (first, last) = match self.cutoffs {
            Some(c) => c,
            // One month before the end (the first month of a one-month series: no room).
            None => (
                series.start(),
                series.end().plus(-1).unwrap_or(series.start()),
            ),
        };
        if last < first {
            return Err(Error::invalid(
                "last cut-off",
                last,
                Constraint::NotBefore {
                    bound: first.to_string(),
                },
            ));
        }
        if self.window == FitWindow::Months(0) {
            return Err(Error::invalid(
                "window (months)",
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
        if self.paths == 0 && methods.contains(&ForecastMethod::LogLinearTrend) {
            return Err(Error::invalid("paths", 0, Constraint::AtLeast { min: 1.0 }));
        }
        // Each horizon is 1 to 2,400: within u32.
        let mut h: Vec<u32> = self.horizons.iter().map(|&h| h as u32).collect();
        h.sort_unstable();
        h.dedup();
        Ok((h, first, last))
    }

    /// Runs the backtest on `series` for `methods` (see the [module docs](crate::forecast::backtest)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] when `methods` or the horizons are empty;
    /// [`ErrorKind::InvalidParameter`] for a horizon of 0 or above 2,400, a last cut-off before
    /// the first, a window of 0 months, a level outside (0, 1), or 0 paths with the trend;
    /// [`ErrorKind::Overflow`] if a simulated path is not finite.
    ///
    /// ```
    /// use overcrowding::{series::Series, series::Point, series::YearMonth, forecast::{backtest::Backtest, backtest::FitWindow, ForecastMethod}};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// // A straight line: naive is off by 10 a month of horizon, drift is exact.
    /// let s = Series::new((0..30).map(|k| Point { period: m(k), value: 100 + 10 * k as u64 }).collect())?;
    /// let r = Backtest::new(vec![1, 6], FitWindow::Expanding).with_cutoffs(m(12), m(17)).run(&s, &[ForecastMethod::Naive, ForecastMethod::Drift])?;
    /// assert_eq!(r.row(ForecastMethod::Naive, 6).unwrap().bias, Some(-60.0));
    /// assert_eq!(r.row(ForecastMethod::Drift, 6).unwrap().mae, Some(0.0));
    /// assert!(Backtest::new(vec![0], FitWindow::Expanding).with_cutoffs(m(12), m(17)).run(&s, &[ForecastMethod::Naive]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run(
        &self,
        series: &Series<YearMonth>,
        methods: &[ForecastMethod],
    ) -> Result<EvaluationReport> {
        let (horizons, first_cutoff, last_cutoff) = self.validate(series, methods)?;
        let max_h = *horizons.last().expect("not empty") as i32;
        let span = last_cutoff.months_since(first_cutoff);
        let labels: Vec<Evaluated> = methods.iter().map(|&m| Evaluated::Method(m)).collect();
        let hs: Vec<usize> = horizons.iter().map(|&h| h as usize).collect();
        let mut report = ReportBuilder::new(&labels, &hs, &self.levels);
        let mut skipped = Vec::new();
        for k in 0..=span {
            let c = first_cutoff.plus(i32::try_from(k).unwrap_or(i32::MAX))?;
            let Some(last) = series.value(c) else {
                skipped.push(c.into());
                continue;
            };
            report.origin(Origin::Period(c.into()));
            // A window reaching back past the calendar's first month (-9999-01) holds every
            // observation up to the cut-off: the series' first month is then the same window.
            let from = match self.window.months() {
                Some(w) => i32::try_from(1 - i64::from(w))
                    .ok()
                    .and_then(|back| c.plus(back).ok())
                    .unwrap_or_else(|| series.start()),
                None => series.start(),
            };
            let window = series.window(from, c);
            for (mi, &method) in methods.iter().enumerate() {
                let paths = match method {
                    ForecastMethod::LogLinearTrend => {
                        self.trend_paths(series, from, c, max_h, k as u64)?
                    }
                    _ => None,
                };
                for (j, &h) in horizons.iter().enumerate() {
                    let target = c.plus(i32::try_from(h).unwrap_or(i32::MAX))?;
                    let point = match method {
                        ForecastMethod::Naive => Some(last as f64),
                        ForecastMethod::SeasonalNaive => {
                            let back = 12 * h.div_ceil(12) as i32;
                            let src = target.plus(-back).ok();
                            src.filter(|&src| src >= from)
                                .and_then(|src| series.value(src))
                                .map(|v| v as f64)
                        }
                        ForecastMethod::Drift => window.first().and_then(|p0| {
                            let months = c.months_since(p0.period);
                            (months > 0).then(|| {
                                let slope = (last as f64 - p0.value as f64) / months as f64;
                                last as f64 + f64::from(h) * slope
                            })
                        }),
                        ForecastMethod::LogLinearTrend => paths
                            .as_ref()
                            .map(|(fit, _)| fit.fitted(target.fractional_year())),
                        // Refused by `validate`: not one of `Backtest::METHODS`.
                        _ => None,
                    };
                    let intervals = match &paths {
                        Some((_, p)) if point.is_some() => self
                            .levels
                            .iter()
                            .filter_map(|&level| {
                                let tail = (1.0 - level) / 2.0;
                                Some(Interval {
                                    level,
                                    lower: p.quantile(target, tail)?,
                                    upper: p.quantile(target, 1.0 - tail)?,
                                })
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let made = Made {
                        target: Some(target.into()),
                        point,
                        observed: series.value(target).map(|v| v as f64),
                        intervals,
                    };
                    report.forecast(mi, j, None, made);
                }
            }
        }
        Ok(report.finish(
            Frequency::Monthly,
            None,
            skipped,
            series.gaps().map(Into::into).collect(),
        ))
    }

    /// The trend fit and its simulated months up to `c + max_h`; `None` when the window
    /// cannot be fitted (fewer than 3 points or a zero count).
    fn trend_paths(
        &self,
        series: &Series<YearMonth>,
        from: YearMonth,
        c: YearMonth,
        max_h: i32,
        k: u64,
    ) -> Result<Option<(TrendFit, super::trend::TrendProjection<YearMonth>)>> {
        let Ok(fit) = TrendFit::log_linear_monthly(series, from, c) else {
            return Ok(None);
        };
        let mc = MonteCarlo::new(self.paths)?
            .with_seed(self.seed.wrapping_add(k))
            .with_errors(self.errors);
        let p = fit.simulate_months(&mc, c.plus(max_h)?)?;
        Ok(Some((fit, p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::HorizonAccuracy;

    /// The error figures of one row, as the tests read them.
    #[derive(Debug, PartialEq)]
    struct Errs {
        mean_error: f64,
        mean_absolute_error: f64,
        rmse: f64,
        mape_percent: Option<f64>,
    }

    impl Errs {
        fn of(a: &HorizonAccuracy) -> Errs {
            Errs {
                mean_error: a.bias.unwrap(),
                mean_absolute_error: a.mae.unwrap(),
                rmse: a.rmse.unwrap(),
                mape_percent: a.mape,
            }
        }
    }
    use crate::series::Point;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn m(k: i32) -> YearMonth {
        YearMonth::new(2020, 1).unwrap().plus(k).unwrap()
    }

    fn series(values: impl IntoIterator<Item = (i32, u64)>) -> Series<YearMonth> {
        Series::new(
            values
                .into_iter()
                .map(|(k, value)| Point {
                    period: m(k),
                    value,
                })
                .collect(),
        )
        .unwrap()
    }

    fn linear() -> Series<YearMonth> {
        series((0..30).map(|k| (k, 100 + 10 * k as u64)))
    }

    #[test]
    fn hand_computed_errors_on_a_line() {
        let s = linear();
        // Cut-offs k = 12..=15 (values 220..250), horizons 1, 3, 12.
        let r = Backtest::new(vec![12, 1, 3], FitWindow::Expanding)
            .with_cutoffs(m(12), m(15))
            .run(&s, &Backtest::METHODS)
            .unwrap();
        assert_eq!(r.origins.len(), 4);
        for h in [1usize, 3, 12] {
            let hf = h as f64;
            // Naive: ŷ = y(c), y(c + h) = y(c) + 10h: error −10h every time.
            let e = Errs::of(r.row(ForecastMethod::Naive, h).unwrap());
            assert_eq!(
                (e.mean_error, e.mean_absolute_error, e.rmse),
                (-10.0 * hf, 10.0 * hf, 10.0 * hf)
            );
            // MAPE: mean of 10h / (100 + 10(k + h)) for k = 12..=15.
            let mape: f64 = (12..=15)
                .map(|k| 10.0 * hf / (100.0 + 10.0 * (f64::from(k) + hf)) * 100.0)
                .sum::<f64>()
                / 4.0;
            approx::assert_relative_eq!(e.mape_percent.unwrap(), mape, max_relative = 1e-12);
            // Drift: exact on a line.
            let e = Errs::of(r.row(ForecastMethod::Drift, h).unwrap());
            assert_eq!((e.mean_error, e.rmse), (0.0, 0.0));
            // Seasonal naive, h ≤ 12: the value 12 months before the target, 120 lower.
            let e = Errs::of(r.row(ForecastMethod::SeasonalNaive, h).unwrap());
            assert_eq!((e.mean_error, e.mean_absolute_error), (-120.0, 120.0));
            // Trend: a line is not exponential, but close; no interval is empty.
            let sc = r.row(ForecastMethod::LogLinearTrend, h).unwrap();
            assert_eq!(sc.scored, 4);
            assert_eq!(sc.levels.len(), 2);
        }
        // Targets beyond the series end (k = 29) are counted, not scored.
        let sc = r.row(ForecastMethod::Naive, 12).unwrap();
        assert_eq!((sc.scored, sc.target_missing, sc.no_forecast), (4, 0, 0));
        let r = Backtest::new(vec![12], FitWindow::Expanding)
            .with_cutoffs(m(12), m(20))
            .run(&s, &[ForecastMethod::Naive])
            .unwrap();
        let sc = r.row(ForecastMethod::Naive, 12).unwrap();
        assert_eq!((sc.scored, sc.target_missing), (6, 3)); // c = 18, 19, 20 → k 30..32
        // Seasonal naive at 13–24 months goes back two years: from c = 10 the target k = 23
        // would need k = −1, before the series.
        let r = Backtest::new(vec![13], FitWindow::Expanding)
            .with_cutoffs(m(10), m(10))
            .run(&s, &[ForecastMethod::SeasonalNaive])
            .unwrap();
        assert_eq!(
            r.row(ForecastMethod::SeasonalNaive, 13)
                .unwrap()
                .no_forecast,
            1
        );
        let r = Backtest::new(vec![1], FitWindow::Expanding)
            .with_cutoffs(m(24), m(24))
            .run(&s, &[ForecastMethod::SeasonalNaive])
            .unwrap();
        assert_eq!(r.forecasts[0].point, Some(230.0)); // target k = 25, source k = 13
    }

    #[test]
    fn trend_is_exact_on_an_exponential() {
        let s = series((0..40).map(|k| (k, (1_000_000.0 * 1.005f64.powi(k)).round() as u64)));
        let r = Backtest::new(vec![1, 6, 12], FitWindow::Expanding)
            .with_cutoffs(m(20), m(25))
            .run(&s, &[ForecastMethod::LogLinearTrend, ForecastMethod::Naive])
            .unwrap();
        for h in [1, 6, 12] {
            let e = Errs::of(r.row(ForecastMethod::LogLinearTrend, h).unwrap());
            assert!(e.mean_absolute_error < 1.0, "{h}: {e:?}"); // rounding only
            let naive = Errs::of(r.row(ForecastMethod::Naive, h).unwrap());
            assert!(naive.mean_error < -4_000.0 * h as f64);
        }
    }

    /// Lognormal noise about a log-linear trend: the fitted model is the true model, so the
    /// intervals should hold about their nominal share.
    #[test]
    fn interval_coverage_on_a_synthetic_series() {
        let mut rng = StdRng::seed_from_u64(2024);
        let mut normal = || {
            let u1: f64 = 1.0 - rng.random::<f64>();
            let u2: f64 = rng.random::<f64>();
            (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
        };
        let s = series((0..240).map(|k| {
            let ln = (50_000f64).ln() + 0.002 * f64::from(k) + 0.02 * normal();
            (k, ln.exp().round() as u64)
        }));
        let mut bt = Backtest::new(vec![1, 12], FitWindow::Expanding).with_cutoffs(m(36), m(227));
        bt.paths = 400;
        let r = bt.run(&s, &[ForecastMethod::LogLinearTrend]).unwrap();
        for h in [1, 12] {
            let sc = r.row(ForecastMethod::LogLinearTrend, h).unwrap();
            let c80 = sc.levels[0].coverage.unwrap();
            let c95 = sc.levels[1].coverage.unwrap();
            assert!(
                (0.72..=0.88).contains(&c80),
                "h {h}: 80 % interval holds {c80}"
            );
            assert!(
                (0.90..=0.99).contains(&c95),
                "h {h}: 95 % interval holds {c95}"
            );
            assert!(c95 >= c80);
        }
    }

    #[test]
    fn reproducible_for_a_seed() {
        let s = series((0..48).map(|k| (k, 1_000 + 7 * k as u64 + (k as u64 * 37) % 23)));
        let mut bt = Backtest::new(vec![1, 6], FitWindow::Expanding).with_cutoffs(m(24), m(36));
        bt.paths = 100;
        let a = bt.run(&s, &Backtest::METHODS).unwrap();
        assert_eq!(a, bt.run(&s, &Backtest::METHODS).unwrap());
        bt.seed = 2;
        let b = bt.run(&s, &Backtest::METHODS).unwrap();
        assert_ne!(a.forecasts, b.forecasts); // the intervals move with the seed …
        assert_eq!(
            Errs::of(a.row(ForecastMethod::LogLinearTrend, 6).unwrap()),
            Errs::of(b.row(ForecastMethod::LogLinearTrend, 6).unwrap())
        ); // … the point forecasts do not
    }

    #[test]
    fn irregular_dates_align_to_months_and_gaps_are_reported() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        // Last Fridays and month ends, and no June 2017 (as in the HMPPS panel).
        let s = Series::<YearMonth>::from_dated([
            (d("2017-03-31"), 100),
            (d("2017-01-27"), 80),
            (d("2017-02-24"), 90),
            (d("2017-04-28"), 110),
            (d("2017-05-26"), 120),
            (d("2017-07-31"), 140),
            (d("2017-08-25"), 150),
        ])
        .unwrap();
        let ym = |y, mo| YearMonth::new(y, mo).unwrap();
        assert_eq!(s.start(), ym(2017, 1));
        assert_eq!(s.value(ym(2017, 3)), Some(100));
        assert_eq!(s.gaps().collect::<Vec<_>>(), [ym(2017, 6)]);
        let r = Backtest::new(vec![1], FitWindow::Expanding)
            .with_cutoffs(ym(2017, 3), ym(2017, 7))
            .run(&s, &[ForecastMethod::Naive, ForecastMethod::Drift])
            .unwrap();
        assert_eq!(r.gaps, vec![ym(2017, 6).into()]);
        assert_eq!(r.skipped_origins, vec![ym(2017, 6).into()]);
        let sc = r.row(ForecastMethod::Drift, 1).unwrap();
        // Cut-offs 3, 4, 5, 7: the target of May (June) is missing, July's (August) is not.
        assert_eq!((sc.scored, sc.target_missing, sc.no_forecast), (3, 1, 0));
        // Drift across the gap uses the months elapsed: from Jan (80) to Jul (140), 10 a month.
        let f = r
            .forecasts
            .iter()
            .find(|f| {
                f.method == ForecastMethod::Drift.into()
                    && f.origin == Origin::Period(ym(2017, 7).into())
            })
            .unwrap();
        assert_eq!(f.error(), Some(0.0));
        assert!(
            Series::<YearMonth>::from_dated([(d("2017-05-26"), 1), (d("2017-05-31"), 2)]).is_err()
        );
    }

    #[test]
    fn no_nan_with_zeros_and_short_windows() {
        let s = series([(0, 0), (1, 0), (2, 5), (3, 0), (4, 0)]);
        let mut bt = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(m(0), m(3));
        bt.window = FitWindow::Months(2);
        let r = bt.run(&s, &Backtest::METHODS).unwrap();
        for (_, sc) in &r.scores {
            if sc.scored > 0 {
                let e = Errs::of(sc);
                assert!(e.mean_error.is_finite() && e.rmse.is_finite());
                assert!(e.mape_percent.is_none_or(f64::is_finite));
            }
            assert_eq!(sc.scored + sc.target_missing + sc.no_forecast, 4);
        }
        // The trend never fits (zeros, windows of 2): no forecast, no NaN.
        assert_eq!(r.row(ForecastMethod::LogLinearTrend, 1).unwrap().scored, 0);
        // Naive from c = 0 (0) to 1 (0): observed 0, no MAPE.
        let r = Backtest::new(vec![1], FitWindow::Expanding)
            .with_cutoffs(m(0), m(0))
            .run(&s, &[ForecastMethod::Naive])
            .unwrap();
        assert_eq!(r.row(ForecastMethod::Naive, 1).unwrap().mape, None);
        // Bad settings are typed errors.
        let mut bad = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(m(3), m(0));
        assert!(matches!(
            bad.run(&s, &[ForecastMethod::Naive])
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::InvalidParameter { .. })
        ));
        bad = Backtest::new(vec![], FitWindow::Expanding).with_cutoffs(m(0), m(3));
        assert!(matches!(
            bad.run(&s, &[ForecastMethod::Naive])
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::Empty { .. })
        ));
        bad = Backtest::new(vec![1], FitWindow::Expanding).with_cutoffs(m(0), m(3));
        bad.levels = vec![1.0];
        assert!(bad.run(&s, &[ForecastMethod::Naive]).is_err());
        assert!(matches!(
            Backtest::new(vec![1], FitWindow::Expanding)
                .with_cutoffs(m(0), m(3))
                .run(&s, &[])
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::Empty { .. })
        ));
    }
}
