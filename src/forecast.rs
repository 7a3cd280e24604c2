//! Forecasting: a series in, a forecast out (issue 11). Exponential smoothing, ARIMA and
//! benchmark methods on a [`RegularSeries`] of any frequency, intervals from the models, an
//! automatic default chosen on a rolling-origin benchmark of real prison series (with
//! intervals calibrated on the series' own multi-step errors), the log-linear trend with
//! Monte Carlo intervals, rolling-origin evaluation and backtests, and crossings that never
//! lie in the past. (People flows — stays, stock, cohorts, Little's law — are the other
//! room, [`crate::flow`].)
//!
//! | question | items |
//! |---|---|
//! | a series from values, dated reports or a [`Series`](crate::series::Series) of days, months, quarters or years (gaps named, never filled; dated counts totalled per period by [`Series::totals`](crate::series::Series::totals)) | [`RegularSeries::new`], [`RegularSeries::from_dated`], [`RegularSeries::from_series`] |
//! | where is the series heading, with an honest interval (the default) | [`forecast()`], [`Forecast`]; how the default works: [`auto`] |
//! | many related series at once (states, prisons of one system), learning how far trends persist and how wide errors grow from all of them | [`forecast_many`] |
//! | where admissions and releases are known: the population from its flows (admissions, the release rate, the unexplained discrepancy), and the automatic choice between that and the population alone | [`FlowSeries`], [`forecast_stock_flow`], [`forecast_flows`] (how: [`stock_flow`]) |
//! | the same with a chosen method, seed, paths or transform | [`Forecaster`], [`ForecastMethod`], [`Transform`] |
//! | how good would each method have been on this series (or [`forecast_many`] on these) | [`Evaluation`], [`EvaluationReport`], [`Evaluation::run_many`] |
//! | when does it cross a capacity, and how likely by each horizon | [`Forecast::crossing`], [`Forecast::probability_reached`] |
//! | when does the log-linear trend first get above (or below) a capacity, with an interval | [`trend`]: [`trend::TrendFit`], [`trend::MonteCarlo`], [`trend::TrendProjection`], [`trend::CrossingInterval`] |
//! | how wrong would a monthly projection made back then have been, on a fit window you choose | [`backtest`]: [`backtest::Backtest`] (the same [`EvaluationReport`]) |
//! | do the prisons' forecasts add up to the system's, and how likely is each over capacity | [`reconcile`]: [`reconcile::reconcile()`], [`reconcile::Hierarchy`] (bottom-up, MinT-shrink) |
//!
//! # Semantics
//!
//! - **Methods.** Naive, seasonal naive, drift and the log-linear trend
//!   (benchmarks with normal intervals); ETS (`ETS(A|M, N|A|Ad, N|A)`, fitted by maximum
//!   likelihood, chosen by AICc); ARIMA(p,1,q) with or without drift (`p + q ≤ 2`, conditional
//!   sum of squares, AICc); and the mean of that ETS and that ARIMA. The default
//!   ([`ForecastMethod::Auto`], the [`auto`] module docs) is the last value combined with
//!   three exponential-smoothing trends (simple, Holt, damped; seasonally adjusted when the
//!   series is seasonal), chosen on a rolling-origin benchmark over real prison series
//!   (`benches/README.md`), with intervals calibrated on its own multi-step errors.
//! - **Intervals.** Analytic (normal) where the model has them: the benchmarks, additive-error
//!   ETS and ARIMA. Otherwise (multiplicative-error ETS, the log-linear trend, any model under
//!   a [`Transform`]) quantiles of simulated sample paths from the fitted model's own
//!   state equations, seeded ([`DEFAULT_SEED`]) so results are reproducible. A combination's
//!   quantiles are the mean of its components' quantiles. Any level in (0, 1) works.
//! - **No negative people.** A prison population cannot be negative: every mean, quantile
//!   and path is truncated at 0 (the model's distribution censored at 0). Values are also
//!   held below 1e300, so nothing is infinite even at absurd horizons.
//! - **Transforms.** Under [`Transform::Log`] or [`Transform::BoxCox`] the model is fitted to
//!   the transformed series; quantiles are back-transformed (monotone, so they stay
//!   quantiles) and the mean is the mean of the back-transformed paths — for the default,
//!   whose Student-t margins have no finite back-transformed mean under a log, the
//!   second-order Taylor bias adjustment of `fable` ([`Transform::mean`]).
//! - **Limits.** Horizons 1 to [`MAX_HORIZON`]; at most [`MAX_PATH_VALUES`] stored path
//!   values (paths × horizon), so long horizons keep fewer paths (at least 100).
//! - **Constant series** (all values equal, zeros included) are forecast to stay where they
//!   are with zero-width intervals (method `"naive (constant series)"`).

use crate::error::Constraint;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::series::AnyPeriod;

pub(crate) mod accuracy;
mod arima;
pub mod auto;
pub mod backtest;
mod conformal;
mod crossing;
mod ets;
mod evaluate;
mod fan;
mod many;
mod naive;
pub mod reconcile;
mod select;
mod series;
pub(crate) mod stats;
pub mod stock_flow;
pub mod trend;

/// How often a regular series is observed — defined with the periods in
/// [`crate::series`], re-exported here where forecasts use it.
#[doc(inline)]
pub use crate::series::Frequency;
pub use accuracy::{
    Evaluated, EvaluationReport, HorizonAccuracy, LevelAccuracy, Origin, OriginForecast,
};
pub use conformal::MIN_POOLED;
pub use crossing::{Crossing, Side};
pub use ets::{ErrorType, EtsSpec, TrendType};
pub use evaluate::Evaluation;
pub use fan::{FanPeriod, Interval};
pub use many::{POOL_ERRORS, forecast_many};
pub use series::{MAX_SERIES_LEN, MAX_VALUE, RegularSeries};
pub use stock_flow::{
    FlowChoice, FlowMethod, FlowSeries, StockFlowForecast, forecast_flows, forecast_stock_flow,
};

use stats::{Normals, normal_cdf, normal_quantile, quantile_sorted, t_from_z};

/// The longest horizon [`forecast`] and [`Forecaster`] accept.
pub const MAX_HORIZON: usize = 10_000;

/// The most simulated values a [`Forecast`] keeps (paths × horizon).
pub const MAX_PATH_VALUES: usize = 2_000_000;

/// The seed of [`forecast`] and the default of [`Forecaster`].
pub const DEFAULT_SEED: u64 = 20_211_115;

/// A fitted model on the model (possibly transformed) scale.
pub(crate) trait Model: Send + Sync {
    /// A readable name, e.g. `"ETS(A,Ad,N)"`.
    fn name(&self) -> String;
    /// The mean forecast for `h = 1..=horizon`.
    fn point(&self, horizon: usize) -> Vec<f64>;
    /// The analytic normal sd per horizon, when the model has one.
    fn sd(&self, horizon: usize) -> Option<Vec<f64>>;
    /// One sample path of `out.len()` periods.
    fn simulate(&self, rng: &mut Normals, out: &mut [f64]);
}

/// How a method transforms the series before fitting.
///
/// ```
/// use overcrowding::forecast::Transform;
/// assert_eq!(Transform::BoxCox(0.5).apply(4.0), 2.0); // (√4 − 1) / 0.5
/// assert_eq!(Transform::Log.invert(0.0), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum Transform {
    /// Fit the values as they are.
    #[default]
    None,
    /// Fit `ln y` (every value must be above 0).
    Log,
    /// Fit the Box–Cox transform `(y^λ − 1)/λ`, λ in (0, 2] (λ = 0 is [`Transform::Log`]).
    BoxCox(f64),
}

impl Transform {
    /// The transformed value.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Transform::None.apply(3.0), 3.0);
    /// ```
    pub fn apply(self, y: f64) -> f64 {
        match self {
            Transform::None => y,
            Transform::Log => y.ln(),
            Transform::BoxCox(l) => (y.powf(l) - 1.0) / l,
        }
    }

    /// The back-transformed value, truncated to `[0, 1e300]` (a count is never negative).
    ///
    /// ```
    /// use overcrowding::forecast::Transform;
    /// assert_eq!(Transform::BoxCox(1.0).invert(-5.0), 0.0); // y = −4 would be negative
    /// ```
    pub fn invert(self, z: f64) -> f64 {
        let y = match self {
            Transform::None => z,
            Transform::Log => z.min(690.0).exp(),
            Transform::BoxCox(l) => {
                let base = l * z + 1.0;
                if base <= 0.0 { 0.0 } else { base.powf(1.0 / l) }
            }
        };
        tidy(y)
    }

    /// The mean of the back-transformed value of a model-scale distribution with mean `mu`
    /// and variance `var`: the second-order Taylor ("bias-adjusted") mean of Hyndman's
    /// `forecast` and `fable`, `f⁻¹(μ)·(1 + σ²(1 − λ)/(2(λμ + 1)²))` (`exp(μ)(1 + σ²/2)`
    /// for the log). Used where the back-transformed mean of the distribution itself is not
    /// finite (the default's Student-t margins under a log).
    ///
    /// ```
    /// use overcrowding::forecast::Transform;
    /// assert_eq!(Transform::Log.mean(0.0, 0.5), 1.25); // e⁰ · (1 + 0.5/2)
    /// assert_eq!(Transform::None.mean(7.0, 4.0), 7.0);
    /// ```
    pub fn mean(self, mu: f64, var: f64) -> f64 {
        let var = if var.is_finite() { var.max(0.0) } else { 1e300 };
        let factor = match self {
            Transform::None => 1.0,
            Transform::Log => 1.0 + var / 2.0,
            Transform::BoxCox(l) => {
                let base = l * mu + 1.0;
                if base <= 0.0 {
                    1.0
                } else {
                    1.0 + var * (1.0 - l) / (2.0 * base * base)
                }
            }
        };
        tidy(self.invert(mu) * factor)
    }

    fn validate(self, values: &[f64]) -> Result<()> {
        match self {
            Transform::None => Ok(()),
            Transform::Log => match values.iter().find(|&&v| v <= 0.0) {
                Some(v) => Err(Error::invalid(
                    "value under a log transform",
                    v,
                    Constraint::Positive,
                )),
                None => Ok(()),
            },
            Transform::BoxCox(l) => {
                if !(l > 0.0 && l <= 2.0) {
                    Err(Error::invalid(
                        "Box-Cox lambda",
                        l,
                        Constraint::AboveAtMost { min: 0.0, max: 2.0 },
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// A number as a count: NaN → 0, clamped to `[0, 1e300]`.
fn tidy(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1e300) }
}

/// The forecasting method of a [`Forecaster`].
///
/// ```
/// use overcrowding::forecast::ForecastMethod;
/// assert_eq!(ForecastMethod::default(), ForecastMethod::Auto);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ForecastMethod {
    /// The automatic default: the last value combined with three exponential-smoothing
    /// trends, intervals calibrated on its own multi-step errors ([`auto`]).
    #[default]
    Auto,
    /// The last value.
    Naive,
    /// The value one season earlier (naive for yearly data).
    SeasonalNaive,
    /// The last value plus the mean change per period.
    Drift,
    /// The crate's log-linear trend (least squares on `ln y`; needs values above 0).
    LogLinearTrend,
    /// ETS chosen by AICc among the forms of the [`ets`](EtsSpec) family.
    Ets,
    /// One ETS form.
    EtsModel(EtsSpec),
    /// ARIMA(p,1,q), `p + q ≤ 2`, with or without drift, chosen by AICc.
    Arima,
    /// One ARIMA(p,1,q) order (`p, q ≤ 2`).
    ArimaModel {
        /// Autoregressive order.
        p: usize,
        /// Moving-average order.
        q: usize,
        /// With a drift term.
        drift: bool,
    },
    /// The mean of the AICc-chosen ETS and ARIMA forecasts.
    Combination,
}

/// A short name for tables and messages: `naive`, `seasonal naive`, `drift`, `log-linear
/// trend`, `ETS(A,Ad,N)`, `ARIMA(1,1,0) with drift`, …
///
/// ```
/// use overcrowding::forecast::ForecastMethod;
/// assert_eq!(ForecastMethod::LogLinearTrend.to_string(), "log-linear trend");
/// let arima = ForecastMethod::ArimaModel { p: 1, q: 0, drift: true };
/// assert_eq!(arima.to_string(), "ARIMA(1,1,0) with drift");
/// ```
impl std::fmt::Display for ForecastMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            ForecastMethod::Auto => "auto".to_string(),
            ForecastMethod::Naive => "naive".to_string(),
            ForecastMethod::SeasonalNaive => "seasonal naive".to_string(),
            ForecastMethod::Drift => "drift".to_string(),
            ForecastMethod::LogLinearTrend => "log-linear trend".to_string(),
            ForecastMethod::Ets => "ETS".to_string(),
            ForecastMethod::EtsModel(spec) => spec.to_string(),
            ForecastMethod::Arima => "ARIMA".to_string(),
            ForecastMethod::ArimaModel { p, q, drift } => {
                format!(
                    "ARIMA({p},1,{q}){}",
                    if *drift { " with drift" } else { "" }
                )
            }
            ForecastMethod::Combination => "combination".to_string(),
        };
        f.pad(&name) // width and alignment apply
    }
}

/// The default's, naive's or one component's multi-step accuracy on the series' own history
/// ([`Forecast::backtest`]): the rolling-origin report of every engine
/// ([`HorizonAccuracy`]), pooled over the origins and the horizons 1 to
/// `accuracy.horizon`, the scale of the scaled measures being the mean absolute one-period
/// change of the whole series (no intervals: `accuracy.levels` is empty).
///
/// ```
/// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
/// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 + 10.0 * t as f64).collect())?;
/// let f = forecast(&s, 2)?;
/// // A straight line: Holt's trend is exact, the last value is 10 a year behind.
/// assert_eq!(f.backtest()[0].method, "ETS(A,A,N)");
/// assert!(f.backtest()[0].accuracy.mae.unwrap() < 1e-3);
/// // 10 behind a year ahead (9 origins), 20 two years ahead (8): 250 / 17 / 10.
/// let naive = &f.candidate("naive").unwrap().accuracy;
/// assert_eq!((naive.scored, naive.horizon), (17, 2));
/// assert_eq!((naive.mase.unwrap() * 1e4).round(), 14_706.0);
/// assert_eq!((naive.bias.unwrap() * 1e4).round(), -147_059.0); // always behind
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateScore {
    /// The candidate's name as [`Forecast::method`] would give it.
    pub method: String,
    /// Its accuracy, pooled over origins and horizons (see the type's docs).
    pub accuracy: HorizonAccuracy,
}

/// The distribution of one horizon of one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Dist {
    /// Normal on the model scale, back-transformed.
    Normal { mu: f64, sd: f64 },
    /// Sorted simulated values on the original scale.
    Samples(Vec<f64>),
    /// Student-t with `df` degrees of freedom and sd-like scale `sd` on the model scale,
    /// back-transformed (the default's calibrated intervals).
    T { mu: f64, sd: f64, df: f64 },
    /// `mu` plus `scale` times the conformal quantile of sorted scaled errors pooled over
    /// series ([`forecast_many`], `conformal`), shared by every forecast of the pool —
    /// never inside the series' own calibrated t (`sd`, `df`): see [`Dist::pooled`].
    Pooled {
        mu: f64,
        scale: f64,
        #[serde(with = "shared_slice")]
        errors: Arc<[f64]>,
        sd: f64,
        df: f64,
    },
}

impl Dist {
    /// The `q`-quantile (`z` its normal score) of a pooled margin: the pooled conformal
    /// quantile or the series' own t quantile, whichever lies further out. The pool knows
    /// how errors grew for series like this one; the series' own errors know how volatile
    /// it is itself; an interval should hold against both (a lower quantile takes the
    /// lower, an upper one the higher, so the quantiles stay monotone in `q`).
    fn pooled(mu: f64, scale: f64, errors: &[f64], sd: f64, df: f64, q: f64, z: f64) -> f64 {
        let pool = mu + scale * conformal::quantile(errors, q);
        let own = mu + sd * t_from_z(z, df);
        if q < 0.5 {
            pool.min(own)
        } else {
            pool.max(own)
        }
    }
}

/// Serde for the pooled errors shared between forecasts: written as a plain list.
mod shared_slice {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub(super) fn serialize<S: Serializer>(v: &Arc<[f64]>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<[f64]>, D::Error> {
        Vec::<f64>::deserialize(d).map(Arc::from)
    }
}

/// A forecast for `h = 1..=horizon` periods after the last observation.
///
/// ```
/// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
/// let s = RegularSeries::new(Frequency::Yearly, vec![100.0; 10])?;
/// let f = forecast(&s, 3)?;
/// assert_eq!(f.mean(), &[100.0, 100.0, 100.0]);
/// assert_eq!(f.interval(0.95)?[2], (100.0, 100.0));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    method: String,
    origin: f64,
    transform: Transform,
    mean: Vec<f64>,
    /// Per component, per horizon.
    dists: Vec<Vec<Dist>>,
    /// Path-major: path `i` is `paths[i·horizon .. (i+1)·horizon]`.
    paths: Vec<f64>,
    backtest: Vec<CandidateScore>,
    /// The frequency of the series forecast.
    frequency: Frequency,
    /// The first forecast period, when the series knew its start.
    #[serde(default)]
    first_period: Option<AnyPeriod>,
    /// The default's in-sample errors (observed − forecast) of the last values, per
    /// horizon: `step_errors[h − 1]` are the `h`-step ones, oldest first.
    #[serde(default)]
    step_errors: Vec<Vec<f64>>,
}

impl Forecast {
    /// The mean forecast for `h = 1..=horizon` (truncated at 0).
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 14.0, 16.0, 18.0, 20.0])?;
    /// let f = Forecaster::new(2)?.with_method(ForecastMethod::Drift).fit(&s)?;
    /// assert_eq!(f.mean(), &[22.0, 24.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The number of periods forecast.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![5.0; 6])?;
    /// assert_eq!(forecast(&s, 4)?.horizon(), 4);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn horizon(&self) -> usize {
        self.mean.len()
    }

    /// The method used, e.g. `"ETS(A,Ad,N)"`, `"ARIMA(1,1,0) with drift"`, `"naive"`,
    /// `"mean of ETS(M,N,N) and ARIMA(0,1,1)"`.
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 11.0, 13.0, 12.0, 14.0])?;
    /// assert_eq!(Forecaster::new(1)?.with_method(ForecastMethod::Naive).fit(&s)?.method(), "naive");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn method(&self) -> String {
        self.method.clone()
    }

    /// The last observed value (the forecast origin).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![5.0, 5.0, 5.0, 5.0, 5.0, 7.0])?;
    /// assert_eq!(forecast(&s, 1)?.origin(), 7.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn origin(&self) -> f64 {
        self.origin
    }

    /// The default's own multi-step accuracy on the series' history and that of naive and
    /// each of its components (every origin, horizons up to the forecast's, parameters fixed:
    /// [`auto`] module docs), best first; empty for a chosen method or a constant series.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 11.0, 13.0, 12.0, 14.0, 13.0, 15.0])?;
    /// let f = forecast(&s, 1)?;
    /// assert!(f.backtest().iter().any(|c| c.method == "naive"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn backtest(&self) -> &[CandidateScore] {
        &self.backtest
    }

    /// The backtest score of the candidate named `method` (as in [`Forecast::backtest`]).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 11.0, 13.0, 12.0, 14.0, 13.0, 15.0])?;
    /// let f = forecast(&s, 1)?;
    /// assert!(f.candidate("naive").unwrap().accuracy.mae.unwrap() > 0.0);
    /// assert!(f.candidate("no such method").is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn candidate(&self, method: &str) -> Option<&CandidateScore> {
        self.backtest.iter().find(|c| c.method == method)
    }

    /// The default's one-step in-sample errors, observed − forecast, of the series' last
    /// values (oldest first; the last is the last observation's): the forecast from each
    /// origin with the fitted parameters held fixed ([`auto`] module docs, step 3), on the
    /// scale of the counts. All 0 for a constant series; empty for a chosen method. They
    /// are the residuals [`reconcile`] estimates the cross-series covariance from.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let e = forecast(&s, 1)?.one_step_errors().to_vec();
    /// // From the third value's origin on: 9 errors, each under one person on a line
    /// // rising by 10 a year.
    /// assert_eq!(e.len(), 9);
    /// assert!(e.iter().all(|x| x.abs() < 1.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn one_step_errors(&self) -> &[f64] {
        self.step_errors(1)
    }

    /// The default's in-sample `h`-step errors, observed − forecast, of the series' last
    /// values (oldest first; the last is the last observation's, forecast from `h`
    /// periods before it): the forecast from each origin `h` periods back with the fitted
    /// parameters held fixed ([`auto`] module docs, step 3), on the scale of the counts —
    /// the errors the default's intervals are calibrated on. Empty for `h` = 0, beyond
    /// the forecast's horizon or the series' length, and for a chosen method. They are
    /// what [`reconcile`] joins the nodes' paths with at each horizon.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let f = forecast(&s, 3)?;
    /// // From the third value's origin on: 9 one-step errors, 7 three-step ones.
    /// assert_eq!((f.step_errors(1).len(), f.step_errors(3).len(), f.step_errors(4).len()), (9, 7, 0));
    /// assert_eq!(f.step_errors(1), f.one_step_errors());
    /// // Each under two people on a line rising by 10 a year (the last value's would be 30).
    /// assert!(f.step_errors(3).iter().all(|x| x.abs() < 2.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn step_errors(&self, h: usize) -> &[f64] {
        h.checked_sub(1)
            .and_then(|i| self.step_errors.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// The `q`-quantile of each horizon (truncated at 0).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `q` is not strictly between 0 and 1.
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 10.0, 12.0, 10.0, 12.0])?;
    /// let f = Forecaster::new(1)?.with_method(ForecastMethod::Naive).fit(&s)?;
    /// assert_eq!(f.quantiles(0.5)?, vec![12.0]); // the median of a random walk: the last value
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn quantiles(&self, q: f64) -> Result<Vec<f64>> {
        if !(q > 0.0 && q < 1.0) {
            return Err(Error::invalid(
                "quantile",
                q,
                Constraint::StrictlyBetween { min: 0.0, max: 1.0 },
            ));
        }
        let z = normal_quantile(q);
        Ok((0..self.horizon())
            .map(|h| {
                let sum: f64 = self
                    .dists
                    .iter()
                    .map(|c| match &c[h] {
                        Dist::Normal { mu, sd } => self.transform.invert(mu + sd * z),
                        Dist::Samples(s) => tidy(quantile_sorted(s, q)),
                        Dist::T { mu, sd, df } => self.transform.invert(mu + sd * t_from_z(z, *df)),
                        Dist::Pooled {
                            mu,
                            scale,
                            errors,
                            sd,
                            df,
                        } => self
                            .transform
                            .invert(Dist::pooled(*mu, *scale, errors, *sd, *df, q, z)),
                    })
                    .sum();
                tidy(sum / self.dists.len() as f64)
            })
            .collect())
    }

    /// The central interval holding `level` of the forecast distribution (0.8: the 10 % and
    /// 90 % quantiles), one `(low, high)` pair per horizon; `low ≤ high`, both ≥ 0.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `level` is not strictly between 0 and 1 (NaN
    /// included).
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 10.0, 12.0, 10.0, 12.0])?;
    /// let f = Forecaster::new(4)?.with_method(ForecastMethod::Naive).fit(&s)?;
    /// let i = f.interval(0.95)?;
    /// // σ = 2 (every change is ±2); h = 4: 12 ± 1.96 · 2 · √4.
    /// assert_eq!(((i[3].0 * 100.0).round(), (i[3].1 * 100.0).round()), (416.0, 1984.0));
    /// assert!(f.interval(1.0).is_err() && f.interval(f64::NAN).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn interval(&self, level: f64) -> Result<Vec<(f64, f64)>> {
        if !(level > 0.0 && level < 1.0) {
            return Err(Error::invalid(
                "interval level",
                level,
                Constraint::StrictlyBetween { min: 0.0, max: 1.0 },
            ));
        }
        let lo = self.quantiles((1.0 - level) / 2.0)?;
        let hi = self.quantiles((1.0 + level) / 2.0)?;
        Ok(lo
            .into_iter()
            .zip(hi)
            .map(|(l, h)| (l.min(h), h.max(l)))
            .collect())
    }

    /// Number of simulated paths kept.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 11.0, 13.0, 12.0, 14.0])?;
    /// assert_eq!(forecast(&s, 5)?.paths(), 1_000);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn paths(&self) -> usize {
        self.paths.len() / self.horizon().max(1)
    }

    /// Path `i` (`h = 1..=horizon`), or `None` past [`Forecast::paths`].
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 12.0, 11.0, 13.0, 12.0, 14.0])?;
    /// let f = forecast(&s, 5)?;
    /// assert_eq!(f.path(0).unwrap().len(), 5);
    /// assert!(f.path(1_000).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn path(&self, i: usize) -> Option<&[f64]> {
        let h = self.horizon();
        self.paths.get(i * h..(i + 1) * h)
    }
}

/// Settings for a forecast beyond the default: the method, the number of simulated paths,
/// the seed and a transform.
///
/// ```
/// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries, Transform};
/// let s = RegularSeries::new(Frequency::Yearly, (0..10).map(|t| 100.0 * 1.1f64.powi(t)).collect())?;
/// let f = Forecaster::new(1)?
///     .with_method(ForecastMethod::Drift)
///     .with_transform(Transform::Log)
///     .with_paths(2_000)
///     .with_seed(7)
///     .fit(&s)?;
/// // Drift on the log scale: 10 % a year, so the median is 100 · 1.1^10.
/// assert_eq!(f.quantiles(0.5)?[0].round(), 259.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecaster {
    horizon: usize,
    method: ForecastMethod,
    paths: usize,
    seed: u64,
    transform: Transform,
}

impl Forecaster {
    /// The default settings for `horizon` periods: [`ForecastMethod::Auto`], 1,000 paths,
    /// [`DEFAULT_SEED`], no transform.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `horizon` is 0 or above [`MAX_HORIZON`].
    ///
    /// ```
    /// use overcrowding::forecast::Forecaster;
    /// assert!(Forecaster::new(0).is_err());
    /// assert!(Forecaster::new(usize::MAX).is_err());
    /// assert!(Forecaster::new(24).is_ok());
    /// ```
    pub fn new(horizon: usize) -> Result<Forecaster> {
        if horizon == 0 || horizon > MAX_HORIZON {
            return Err(Error::invalid(
                "horizon",
                horizon,
                Constraint::Between {
                    min: 1.0,
                    max: MAX_HORIZON as f64,
                },
            ));
        }
        Ok(Forecaster {
            horizon,
            method: ForecastMethod::Auto,
            paths: 1_000,
            seed: DEFAULT_SEED,
            transform: Transform::None,
        })
    }

    /// Uses `method`.
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod};
    /// let f = Forecaster::new(3)?.with_method(ForecastMethod::Arima);
    /// assert_eq!(f.method(), ForecastMethod::Arima);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_method(mut self, method: ForecastMethod) -> Forecaster {
        self.method = method;
        self
    }

    /// Simulates `paths` sample paths (fewer when `paths × horizon` would pass
    /// [`MAX_PATH_VALUES`], never fewer than 100); 100 to 100,000, checked by
    /// [`Forecaster::fit`].
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..10).map(f64::from).collect())?;
    /// assert!(Forecaster::new(3)?.with_paths(10).fit(&s).is_err());
    /// assert_eq!(Forecaster::new(3)?.with_paths(200).fit(&s)?.mean().len(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_paths(mut self, paths: usize) -> Forecaster {
        self.paths = paths;
        self
    }

    /// Uses `seed` for the simulated paths.
    ///
    /// ```
    /// # use overcrowding::forecast::Forecaster;
    /// assert_eq!(Forecaster::new(3)?.with_seed(5).seed(), 5);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_seed(mut self, seed: u64) -> Forecaster {
        self.seed = seed;
        self
    }

    /// Fits the models to `transform`ed values (a Box–Cox λ in (0, 2], no 0 under
    /// [`Transform::Log`]: checked by [`Forecaster::fit`]).
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, Frequency, RegularSeries, Transform};
    /// let s = RegularSeries::new(Frequency::Yearly, (1..=10).map(f64::from).collect())?;
    /// assert!(Forecaster::new(3)?.with_transform(Transform::BoxCox(3.0)).fit(&s).is_err());
    /// assert_eq!(Forecaster::new(3)?.with_transform(Transform::Log).fit(&s)?.mean().len(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_transform(mut self, transform: Transform) -> Forecaster {
        self.transform = transform;
        self
    }

    /// The horizon.
    ///
    /// ```
    /// # use overcrowding::forecast::Forecaster;
    /// assert_eq!(Forecaster::new(3)?.horizon(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// The method.
    ///
    /// ```
    /// # use overcrowding::forecast::{Forecaster, ForecastMethod};
    /// assert_eq!(Forecaster::new(3)?.method(), ForecastMethod::Auto);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn method(&self) -> ForecastMethod {
        self.method
    }

    /// The seed.
    ///
    /// ```
    /// # use overcrowding::forecast::{Forecaster, DEFAULT_SEED};
    /// assert_eq!(Forecaster::new(3)?.seed(), DEFAULT_SEED);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A copy for another horizon (used by the evaluation).
    pub(crate) fn for_horizon(&self, horizon: usize) -> Forecaster {
        Forecaster {
            horizon,
            ..self.clone()
        }
    }

    /// Fits the method to `series` and forecasts.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the paths lie
    /// outside 100 to 100,000 ([`Forecaster::with_paths`]), a Box–Cox λ outside (0, 2], a value
    /// is 0 under [`Transform::Log`], or the chosen method cannot be fitted to this series (e.g. the log-linear trend on a series with a
    /// 0, an ETS form with too few observations); the automatic default always fits.
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0])?;
    /// assert!(Forecaster::new(2)?.with_method(ForecastMethod::LogLinearTrend).fit(&s).is_err());
    /// assert_eq!(Forecaster::new(2)?.fit(&s)?.mean(), &[6.0, 7.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn fit(&self, series: &RegularSeries) -> Result<Forecast> {
        let mut f = self.fit_values(series)?;
        f.frequency = series.frequency();
        f.first_period = series.period(series.len());
        Ok(f)
    }

    /// The forecast of the values, before the calendar is attached.
    fn fit_values(&self, series: &RegularSeries) -> Result<Forecast> {
        if !(100..=100_000).contains(&self.paths) {
            return Err(Error::invalid(
                "paths",
                self.paths,
                Constraint::Between {
                    min: 100.0,
                    max: 100_000.0,
                },
            ));
        }
        let values = series.values();
        self.transform.validate(values)?;
        let horizon = self.horizon;
        let origin = series.last();
        let m = series.frequency().period();
        if values.iter().all(|&v| v == values[0]) {
            let mut f = constant(origin, horizon);
            // The last value forecasts a constant series exactly, at every step.
            f.step_errors = (1..=horizon.min(values.len() - 1))
                .map(|h| vec![0.0; values.len() - h])
                .collect();
            return Ok(f);
        }
        let y: Vec<f64> = values.iter().map(|&v| self.transform.apply(v)).collect();
        if self.method == ForecastMethod::Auto {
            let fit = auto::fit(&y, m, horizon);
            // Errors on the scale of the counts (the fit's are on the transformed scale).
            let errors = in_sample_errors(values, &fit.in_sample, self.transform);
            let mut f = self.build_auto(fit, origin);
            f.step_errors = errors;
            return Ok(f);
        }
        let models = select::fit(&self.method, &y, m).ok_or_else(|| {
            Error::invalid(
                "forecast method",
                self.method,
                Constraint::Fits { length: y.len() },
            )
        })?;
        Ok(self.build(models, origin))
    }

    fn build(&self, models: Vec<Box<dyn Model>>, origin: f64) -> Forecast {
        let horizon = self.horizon;
        let paths = self.paths.min(MAX_PATH_VALUES / horizon).max(100);
        let k = models.len();
        let t = self.transform;
        let mut all_paths = vec![0.0; paths * horizon];
        let mut dists = Vec::with_capacity(k);
        let mut mean = vec![0.0; horizon];
        for (c, model) in models.iter().enumerate() {
            // Paths: component c fills paths c, c + k, c + 2k, … (a mixture for crossings).
            let own: Vec<usize> = (c..paths).step_by(k).collect();
            for &i in &own {
                let out = &mut all_paths[i * horizon..(i + 1) * horizon];
                model.simulate(&mut Normals::for_path(self.seed, i), out);
                for v in out.iter_mut() {
                    *v = t.invert(*v);
                }
            }
            let point = model.point(horizon);
            // Analytic quantiles stay exact under a monotone back-transform.
            let sd = model.sd(horizon);
            let dist: Vec<Dist> = match sd {
                Some(sd) => point
                    .iter()
                    .zip(sd)
                    .map(|(&mu, sd)| Dist::Normal {
                        mu: mu.clamp(-1e300, 1e300),
                        sd: if sd.is_finite() { sd.min(1e300) } else { 1e300 },
                    })
                    .collect(),
                None => (0..horizon)
                    .map(|h| {
                        let mut s: Vec<f64> =
                            own.iter().map(|&i| all_paths[i * horizon + h]).collect();
                        s.sort_by(f64::total_cmp);
                        Dist::Samples(s)
                    })
                    .collect(),
            };
            for h in 0..horizon {
                let m_h = if t == Transform::None {
                    t.invert(point[h])
                } else {
                    own.iter().map(|&i| all_paths[i * horizon + h]).sum::<f64>() / own.len() as f64
                };
                mean[h] += m_h / k as f64;
            }
            dists.push(dist);
        }
        Forecast {
            method: select::name(&models),
            origin,
            transform: t,
            mean: mean.into_iter().map(tidy).collect(),
            dists,
            paths: all_paths,
            backtest: Vec::new(),
            frequency: Frequency::Monthly, // set by `fit`
            first_period: None,
            step_errors: Vec::new(),
        }
    }

    /// Sample paths with the dynamics of the default's shape model, each horizon's
    /// standardised value `z` mapped onto that horizon's margin `margin(h, z)` (model scale),
    /// so a path and the interval agree at every horizon.
    fn shaped_paths(
        &self,
        fit: &auto::AutoFit,
        margin: impl Fn(usize, f64) -> f64 + Sync,
    ) -> Vec<f64> {
        let horizon = self.horizon;
        let paths = self.paths.min(MAX_PATH_VALUES / horizon).max(100);
        let t = self.transform;
        let mut all_paths = vec![0.0; paths * horizon];
        // Both cores (rayon): each path has its own seed, so the result is the same on any
        // number of threads.
        use rayon::prelude::*;
        all_paths
            .par_chunks_exact_mut(horizon)
            .enumerate()
            .for_each(|(i, out)| {
                let mut rng = Normals::for_path(self.seed, i);
                fit.shape.simulate(&mut rng, out);
                for (h, v) in out.iter_mut().enumerate() {
                    let z = if fit.shape_sd[h] > 0.0 {
                        (*v - fit.shape_point[h]) / fit.shape_sd[h]
                    } else {
                        rng.next()
                    };
                    *v = t.invert(margin(h, z));
                }
            });
        all_paths
    }

    /// The default's forecast: t margins from its calibration, paths shaped by its model.
    fn build_auto(&self, fit: auto::AutoFit, origin: f64) -> Forecast {
        let horizon = self.horizon;
        let t = self.transform;
        let all_paths = self.shaped_paths(&fit, |h, z| {
            fit.point[h] + fit.sd[h] * t_from_z(z, fit.df[h])
        });
        let dist: Vec<Dist> = (0..horizon)
            .map(|h| Dist::T {
                mu: fit.point[h].clamp(-1e300, 1e300),
                sd: fit.sd[h],
                df: fit.df[h],
            })
            .collect();
        // Under a transform the t margins' back-transformed mean need not exist (exp of a
        // Student-t): the Taylor bias adjustment from the calibrated variance.
        let mean: Vec<f64> = (0..horizon)
            .map(|h| t.mean(fit.point[h], fit.sd[h] * fit.sd[h]))
            .collect();
        Forecast {
            method: fit.name,
            origin,
            transform: t,
            mean,
            dists: vec![dist],
            paths: all_paths,
            backtest: fit.table,
            frequency: Frequency::Monthly, // set by `fit`
            first_period: None,
            step_errors: Vec::new(),
        }
    }

    /// The default's point forecast with margins from pooled scaled errors
    /// ([`forecast_many`]), never inside its own calibrated t ([`Dist::pooled`]): `scale` is
    /// the series' mean absolute one-period change.
    /// No transform (the pool is on the original scale).
    fn build_pooled(
        &self,
        fit: auto::AutoFit,
        origin: f64,
        scale: f64,
        margins: &conformal::Margins,
        method: String,
    ) -> Forecast {
        let horizon = self.horizon;
        let all_paths = self.shaped_paths(&fit, |h, z| {
            let (errors, stretch) = margins.at(h);
            Dist::pooled(
                fit.point[h],
                scale * stretch,
                errors,
                fit.sd[h],
                fit.df[h],
                normal_cdf(z),
                z,
            )
        });
        let dist: Vec<Dist> = (0..horizon)
            .map(|h| {
                let (errors, stretch) = margins.at(h);
                Dist::Pooled {
                    mu: fit.point[h].clamp(-1e300, 1e300),
                    scale: (scale * stretch).min(1e300),
                    errors: Arc::clone(errors),
                    sd: fit.sd[h],
                    df: fit.df[h],
                }
            })
            .collect();
        Forecast {
            method,
            origin,
            transform: Transform::None,
            mean: fit.point.iter().map(|&v| tidy(v)).collect(),
            dists: vec![dist],
            paths: all_paths,
            backtest: fit.table,
            step_errors: Vec::new(),       // set by the caller
            frequency: Frequency::Monthly, // set by the caller
            first_period: None,
        }
    }
}

/// The errors `values − forecast` of the default's in-sample forecasts per horizon
/// ([`auto::AutoFit::in_sample`], model scale under `transform`), each horizon's aligned
/// with the last values.
fn in_sample_errors(values: &[f64], in_sample: &[Vec<f64>], transform: Transform) -> Vec<Vec<f64>> {
    in_sample
        .iter()
        .map(|points| {
            values[values.len() - points.len()..]
                .iter()
                .zip(points)
                .map(|(v, p)| v - transform.invert(*p))
                .collect()
        })
        .collect()
}

/// A constant series stays where it is, with zero-width intervals.
fn constant(origin: f64, horizon: usize) -> Forecast {
    let paths = 100;
    Forecast {
        method: "naive (constant series)".into(),
        origin,
        transform: Transform::None,
        mean: vec![origin; horizon],
        dists: vec![vec![
            Dist::Normal {
                mu: origin,
                sd: 0.0
            };
            horizon
        ]],
        paths: vec![origin; paths * horizon],
        backtest: Vec::new(),
        frequency: Frequency::Monthly, // set by `fit`
        first_period: None,
        step_errors: Vec::new(),
    }
}

/// The crate's default forecast of `series` for `h = 1..=horizon`: the automatic method of
/// [`ForecastMethod::Auto`] with [`DEFAULT_SEED`] (deterministic).
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `horizon` is 0 or above [`MAX_HORIZON`].
///
/// ```
/// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
/// // A steady rise of 200 a month with a little noise.
/// let values: Vec<f64> = (0..48).map(|t| 10_000.0 + 200.0 * t as f64 + [30.0, -20.0, 10.0, -20.0][t % 4]).collect();
/// let s = RegularSeries::new(Frequency::Monthly, values)?;
/// let f = forecast(&s, 12)?;
/// assert_eq!(f.mean().len(), 12);
/// // A clear trend: the last value gets no weight and the trend carries on.
/// assert!((f.mean()[11] - (19_400.0 + 2_400.0)).abs() < 300.0, "{}", f.mean()[11]);
/// let i80 = f.interval(0.8)?;
/// assert!(i80[0].0 < f.mean()[0] && f.mean()[0] < i80[0].1);
/// assert!(forecast(&s, 0).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn forecast(series: &RegularSeries, horizon: usize) -> Result<Forecast> {
    Forecaster::new(horizon)?.fit(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_on_air_passengers_gives_finite_ordered_intervals() {
        let s =
            RegularSeries::new(Frequency::Monthly, ets::tests::AIR_PASSENGERS.to_vec()).unwrap();
        for method in [
            ForecastMethod::Auto,
            ForecastMethod::Naive,
            ForecastMethod::SeasonalNaive,
            ForecastMethod::Drift,
            ForecastMethod::LogLinearTrend,
            ForecastMethod::Ets,
            ForecastMethod::Arima,
            ForecastMethod::Combination,
        ] {
            let f = Forecaster::new(24)
                .unwrap()
                .with_method(method)
                .fit(&s)
                .unwrap();
            let i80 = f.interval(0.8).unwrap();
            let i95 = f.interval(0.95).unwrap();
            for h in 0..24 {
                assert!(f.mean()[h].is_finite() && f.mean()[h] > 0.0, "{method:?}");
                assert!(
                    i95[h].0 <= i80[h].0 && i80[h].1 <= i95[h].1,
                    "{method:?} {h}"
                );
            }
            // Intervals widen with the horizon.
            assert!(i80[23].1 - i80[23].0 > i80[0].1 - i80[0].0, "{method:?}");
        }
        // Seasonal data: the automatic ETS is seasonal.
        let f = Forecaster::new(12)
            .unwrap()
            .with_method(ForecastMethod::Ets)
            .fit(&s)
            .unwrap();
        assert!(f.method().ends_with(",A)"), "{}", f.method());
    }

    #[test]
    fn log_transform_back_transforms_quantiles() {
        let s = RegularSeries::new(
            Frequency::Yearly,
            (0..20)
                .map(|t| 50.0 * 1.05f64.powi(t) * if t % 2 == 0 { 1.02 } else { 0.98 })
                .collect(),
        )
        .unwrap();
        let f = Forecaster::new(3)
            .unwrap()
            .with_method(ForecastMethod::Naive)
            .with_transform(Transform::Log)
            .fit(&s)
            .unwrap();
        let med = f.quantiles(0.5).unwrap();
        approx::assert_relative_eq!(med[0], s.last(), max_relative = 0.02);
        assert!(f.mean()[0] >= med[0] * 0.99);
        let i = f.interval(0.9).unwrap();
        assert!(i[0].0 > 0.0 && i[0].0 < med[0] && med[0] < i[0].1);
        let zeros =
            RegularSeries::new(Frequency::Yearly, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!(
            Forecaster::new(1)
                .unwrap()
                .with_transform(Transform::Log)
                .fit(&zeros)
                .is_err()
        );
    }

    #[test]
    fn the_default_under_a_log_has_a_finite_bias_adjusted_mean() {
        // Student-t margins: exp of a t has no mean, so the paths' mean would be erratic.
        let s = RegularSeries::new(
            Frequency::Yearly,
            vec![
                900.0, 950.0, 1_020.0, 990.0, 1_100.0, 1_180.0, 1_150.0, 1_260.0, 1_300.0, 1_420.0,
                1_380.0, 1_500.0,
            ],
        )
        .unwrap();
        let fit = |paths| {
            Forecaster::new(5)
                .unwrap()
                .with_transform(Transform::Log)
                .with_paths(paths)
                .fit(&s)
                .unwrap()
        };
        let f = fit(1_000);
        let med = f.quantiles(0.5).unwrap();
        for (m, q) in f.mean().iter().zip(&med) {
            // Above the median (log-scale skew), never by orders.
            assert!(*m >= *q && *m < 3.0 * q, "{m} {q}");
        }
        // From the calibrated variance, not from the paths: no Monte Carlo noise.
        assert_eq!(f.mean(), fit(100).mean());
    }

    #[test]
    fn falling_series_never_go_negative_and_huge_horizons_are_finite() {
        let s = RegularSeries::new(
            Frequency::Yearly,
            vec![500.0, 400.0, 300.0, 200.0, 100.0, 20.0],
        )
        .unwrap();
        let f = Forecaster::new(MAX_HORIZON).unwrap().fit(&s).unwrap();
        assert!(f.mean().iter().all(|v| v.is_finite() && *v >= 0.0));
        for (l, h) in f.interval(0.99).unwrap() {
            assert!(l.is_finite() && h.is_finite() && 0.0 <= l && l <= h);
        }
        assert_eq!(f.paths(), MAX_PATH_VALUES / MAX_HORIZON);
        assert!(forecast(&s, MAX_HORIZON + 1).is_err());
        assert!(forecast(&s, usize::MAX).is_err());
    }

    #[test]
    fn paths_are_the_same_on_one_thread_and_two() {
        let s = RegularSeries::new(
            Frequency::Monthly,
            (0..60)
                .map(|t| 1_000.0 + 5.0 * t as f64 + (t % 7) as f64 * 9.0)
                .collect(),
        )
        .unwrap();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| forecast(&s, 24).unwrap())
        };
        let (one, two) = (run(1), run(2));
        assert_eq!(one, two);
        assert_eq!(one.path(999).unwrap(), two.path(999).unwrap());
    }

    #[test]
    fn deterministic_and_zeros_work() {
        let s = RegularSeries::new(Frequency::Quarterly, vec![0.0; 12]).unwrap();
        let f = forecast(&s, 4).unwrap();
        assert_eq!(f.mean(), &[0.0; 4]);
        assert_eq!(f.interval(0.5).unwrap(), vec![(0.0, 0.0); 4]);
        let s = RegularSeries::new(
            Frequency::Quarterly,
            (0..16).map(|t| f64::from((t * 37 % 11) as u8)).collect(),
        )
        .unwrap();
        assert_eq!(forecast(&s, 6).unwrap(), forecast(&s, 6).unwrap());
    }
}
