//! The one report of a rolling-origin evaluation: every accuracy figure per method and
//! horizon, from one scorer. [`Evaluation`](super::Evaluation) (any method on a regular
//! series), the monthly [`Backtest`](super::backtest::Backtest) and the backtest of
//! projections from stays ([`StaysBacktest`](crate::flow::from_stays::StaysBacktest)) all
//! return an [`EvaluationReport`]: one [`HorizonAccuracy`] per method and horizon, every
//! forecast made ([`OriginForecast`]) and the origins, built by one crate-private report
//! builder that scores each forecast as its engine makes it.
//!
//! # Measures, per horizon
//!
//! With `e = forecast − observed` (positive: too many people) over the scored forecasts (an
//! origin with a forecast and an observed target):
//!
//! - **bias** (mean of `e`), **MAE** (mean of `|e|`), **RMSE** (`√(mean of e²)`);
//! - **MAPE**: mean of `|e| / observed × 100` over observed values above 0;
//! - **MASE**: mean of `|e| / s`, `s` the in-sample scale of the origin (the mean absolute
//!   one-period change of the training values; Hyndman & Koehler 2006) where the engine has
//!   one and it is above 0, and the scaled bias, mean of `e / s`; the forecasts without a
//!   scale are counted ([`HorizonAccuracy::unscaled`]);
//! - per level: **coverage** (share of the forecasts with an interval whose interval holds
//!   the observed value) and the **Winkler** interval score `(u − l) + (2/α)·(l − y)⁺ +
//!   (2/α)·(y − u)⁺`, `α = 1 − level` (Winkler 1972), raw and divided by `s`.
//!
//! Every mean is `None` when nothing entered it — never NaN.

use serde::{Deserialize, Serialize};

use super::{ForecastMethod, Frequency, Interval};
use crate::series::AnyPeriod;

/// Interval accuracy at one level.
///
/// ```
/// use overcrowding::forecast::LevelAccuracy;
/// let l = LevelAccuracy { level: 0.8, inside: 3, scored: 4, coverage: Some(0.75), winkler: Some(120.0), scaled_winkler: Some(3.0) };
/// assert_eq!(l.coverage, Some(0.75));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelAccuracy {
    /// The nominal central probability.
    pub level: f64,
    /// Scored forecasts whose interval holds the observed value.
    pub inside: usize,
    /// Scored forecasts with an interval at this level.
    pub scored: usize,
    /// `inside / scored`; `None` without intervals.
    pub coverage: Option<f64>,
    /// Mean Winkler score (people); `None` without intervals.
    pub winkler: Option<f64>,
    /// Mean Winkler score divided by the scale; `None` without a scale above 0.
    pub scaled_winkler: Option<f64>,
}

/// The accuracy of one method at one horizon: every figure of a rolling-origin evaluation.
///
/// # Measures, per horizon
///
/// With `e = forecast − observed` (positive: too many people) over the scored forecasts (an
/// origin with a forecast and an observed target):
///
/// - **bias** (mean of `e`), **MAE** (mean of `|e|`), **RMSE** (`√(mean of e²)`);
/// - **MAPE**: mean of `|e| / observed × 100` over observed values above 0;
/// - **MASE**: mean of `|e| / s`, `s` the in-sample scale of the origin (the mean absolute
///   one-period change of the training values; Hyndman & Koehler 2006) where the engine has
///   one and it is above 0, and the scaled bias, mean of `e / s`; the forecasts without a
///   scale are counted ([`HorizonAccuracy::unscaled`]);
/// - per level: **coverage** (share of the forecasts with an interval whose interval holds
///   the observed value) and the **Winkler** interval score `(u − l) + (2/α)·(l − y)⁺ +
///   (2/α)·(y − u)⁺`, `α = 1 − level` (Winkler 1972), raw and divided by `s`.
///
/// Every mean is `None` when nothing entered it — never NaN.
///
/// ```
/// # use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
/// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 + (t % 3) as f64).collect())?;
/// let r = Evaluation::new(vec![1])?.run(&s, &Forecaster::new(1)?)?;
/// let h = r.horizon(1).unwrap();
/// assert_eq!((h.horizon, h.scored, h.levels.len()), (1, 2, 2));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HorizonAccuracy {
    /// Periods ahead.
    pub horizon: usize,
    /// Forecasts scored (a forecast and an observed target).
    pub scored: usize,
    /// Origins whose target is not observed (a gap, or after the data).
    pub target_missing: usize,
    /// Origins with an observed target but no forecast.
    pub no_forecast: usize,
    /// Mean error, forecast − observed (people).
    pub bias: Option<f64>,
    /// Mean absolute error (people).
    pub mae: Option<f64>,
    /// Root mean square error (people).
    pub rmse: Option<f64>,
    /// Mean absolute percentage error (percent) over observed values above 0.
    pub mape: Option<f64>,
    /// Mean absolute scaled error.
    pub mase: Option<f64>,
    /// Mean scaled error.
    pub scaled_bias: Option<f64>,
    /// Scored forecasts left out of the scaled measures (no scale, or a scale of 0: constant
    /// training values).
    pub unscaled: usize,
    /// Interval accuracy per level, in the order of the levels asked for.
    pub levels: Vec<LevelAccuracy>,
}

impl HorizonAccuracy {
    /// The accuracy at `level`, when it was asked for.
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 + (t % 3) as f64).collect())?;
    /// let r = Evaluation::new(vec![1])?.run(&s, &Forecaster::new(1)?)?;
    /// assert!(r.horizon(1).unwrap().level(0.8).is_some());
    /// assert!(r.horizon(1).unwrap().level(0.5).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn level(&self, level: f64) -> Option<&LevelAccuracy> {
        self.levels.iter().find(|l| l.level == level)
    }
}

/// What a row of an [`EvaluationReport`] scores.
///
/// ```
/// use overcrowding::forecast::{Evaluated, ForecastMethod};
/// assert_eq!(Evaluated::from(ForecastMethod::Naive), Evaluated::Method(ForecastMethod::Naive));
/// assert_eq!(Evaluated::StaysProjection.to_string(), "projection from stays");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evaluated {
    /// A method of the crate's [`Forecaster`](super::Forecaster) (the default is
    /// [`ForecastMethod::Auto`]), or a benchmark of the monthly
    /// [`Backtest`](super::backtest::Backtest).
    Method(ForecastMethod),
    /// The forecasting procedure given to [`Evaluation::run_with`](super::Evaluation::run_with).
    Procedure,
    /// The population projected from stays
    /// ([`StaysProjector`](crate::flow::from_stays::StaysProjector)).
    StaysProjection,
}

impl From<ForecastMethod> for Evaluated {
    fn from(m: ForecastMethod) -> Evaluated {
        Evaluated::Method(m)
    }
}

impl std::fmt::Display for Evaluated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evaluated::Method(m) => std::fmt::Display::fmt(m, f),
            Evaluated::Procedure => f.pad("procedure"),
            Evaluated::StaysProjection => f.pad("projection from stays"),
        }
    }
}

/// Where a rolling-origin forecast starts.
///
/// ```
/// use overcrowding::forecast::Origin;
/// use overcrowding::series::{AnyPeriod, Year};
/// assert_eq!(Origin::Values(10).to_string(), "the first 10 values");
/// assert_eq!(Origin::Period(AnyPeriod::Year(Year(2020))).to_string(), "2020");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Trained on the first `n` values of a series without a calendar.
    Values(usize),
    /// The last period the method saw: a cut-off month, the last period of a dated series'
    /// training values, or (for projections from stays) the origin day.
    Period(AnyPeriod),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Values(n) => write!(f, "the first {n} values"),
            Origin::Period(p) => std::fmt::Display::fmt(p, f),
        }
    }
}

/// One forecast of one method from one origin at one horizon, as scored.
///
/// ```
/// use overcrowding::forecast::{Evaluated, ForecastMethod, Origin, OriginForecast};
/// let f = OriginForecast { method: Evaluated::Method(ForecastMethod::Naive), origin: Origin::Values(10),
///     horizon: 2, target: None, point: Some(120.0), observed: Some(150.0), intervals: vec![] };
/// assert_eq!(f.error(), Some(-30.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OriginForecast {
    /// The method.
    pub method: Evaluated,
    /// Where the forecast starts.
    pub origin: Origin,
    /// Periods ahead (months for the monthly backtest and projections from stays).
    pub horizon: usize,
    /// The target period (day, for projections from stays); `None` without a calendar.
    pub target: Option<AnyPeriod>,
    /// The point forecast; `None` when the method could not forecast.
    pub point: Option<f64>,
    /// The observed value at the target; `None` when it is not observed (a gap, or after
    /// the data).
    pub observed: Option<f64>,
    /// Prediction intervals, one per level (empty for methods without intervals).
    pub intervals: Vec<Interval>,
}

impl OriginForecast {
    /// `point − observed` when both exist.
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluated, Origin, OriginForecast};
    /// let f = OriginForecast { method: Evaluated::Procedure, origin: Origin::Values(10),
    ///     horizon: 1, target: None, point: None, observed: Some(150.0), intervals: vec![] };
    /// assert_eq!(f.error(), None);
    /// ```
    pub fn error(&self) -> Option<f64> {
        Some(self.point? - self.observed?)
    }
}

/// The one report of every rolling-origin evaluation in the crate
/// ([`Evaluation`](super::Evaluation), [`Backtest`](super::backtest::Backtest),
/// [`StaysBacktest`](crate::flow::from_stays::StaysBacktest)): one [`HorizonAccuracy`] per
/// method and horizon (naive beside the method where the engine scores it), every forecast,
/// and the origins.
///
/// For every method and horizon `scored + target_missing + no_forecast` equals the number of
/// origins.
///
/// ```
/// use overcrowding::forecast::{Evaluated, Evaluation, ForecastMethod, Frequency, RegularSeries};
/// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
/// let r = Evaluation::new(vec![1, 2])?.run_default_and_naive(&s)?;
/// assert_eq!((r.origins.len(), r.first_train, r.scores.len()), (4, Some(10), 4));
/// assert_eq!(r.row(ForecastMethod::Naive, 2).unwrap().mase, Some(2.0)); // 2 steps of 10 behind
/// assert_eq!(r.forecasts.len(), 16); // 4 origins × 2 methods × 2 horizons
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationReport {
    /// The frequency of the periods counted by the horizons.
    pub frequency: Frequency,
    /// The origins evaluated, in order.
    pub origins: Vec<Origin>,
    /// The training length at the first origin (for an [`Evaluation`](super::Evaluation),
    /// whose origins are training lengths); `None` for the calendar engines.
    pub first_train: Option<usize>,
    /// One row per method and horizon: methods in the order given, each method's horizons in
    /// the engine's order (as asked for an [`Evaluation`](super::Evaluation); ascending for
    /// the backtests).
    pub scores: Vec<(Evaluated, HorizonAccuracy)>,
    /// Every forecast, by origin, then method, then horizon.
    pub forecasts: Vec<OriginForecast>,
    /// Origins in the range asked for with no observation (skipped, not interpolated: the
    /// monthly backtest's cut-offs).
    pub skipped_origins: Vec<AnyPeriod>,
    /// Every period without an observation between the series' first and last (the monthly
    /// backtest; the other engines take series without gaps).
    pub gaps: Vec<AnyPeriod>,
}

impl EvaluationReport {
    /// The row of `method` at horizon `h`.
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let r = Evaluation::new(vec![2])?.run_default_and_naive(&s)?;
    /// assert_eq!(r.row(ForecastMethod::Naive, 2).unwrap().bias, Some(-20.0));
    /// assert!(r.row(ForecastMethod::Drift, 2).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn row(&self, method: impl Into<Evaluated>, h: usize) -> Option<&HorizonAccuracy> {
        let method = method.into();
        self.scores
            .iter()
            .find(|(m, a)| *m == method && a.horizon == h)
            .map(|(_, a)| a)
    }

    /// The row at horizon `h` of the first method (the only one of a report of one method).
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, Forecaster, Frequency, RegularSeries};
    /// # let s = RegularSeries::new(Frequency::Quarterly, (0..16).map(|t| 50.0 + t as f64).collect())?;
    /// let r = Evaluation::new(vec![2])?.run(&s, &Forecaster::new(1)?)?;
    /// assert!(r.horizon(2).is_some() && r.horizon(3).is_none());
    /// assert_eq!(r.horizon(2).unwrap().scored, 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn horizon(&self, h: usize) -> Option<&HorizonAccuracy> {
        let first = self.scores.first()?.0;
        self.row(first, h)
    }

    /// The rows of `method`, in the report's order of horizons.
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let r = Evaluation::new(vec![1, 2])?.run_default_and_naive(&s)?;
    /// let bias: Vec<_> = r.rows(ForecastMethod::Naive).map(|a| a.bias).collect();
    /// assert_eq!(bias, [Some(-10.0), Some(-20.0)]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn rows(&self, method: impl Into<Evaluated>) -> impl Iterator<Item = &HorizonAccuracy> {
        let method = method.into();
        self.scores
            .iter()
            .filter(move |(m, _)| *m == method)
            .map(|(_, a)| a)
    }

    /// The methods scored, in order.
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluated, Evaluation, ForecastMethod, Frequency, RegularSeries};
    /// # let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let r = Evaluation::new(vec![1, 2])?.run_default_and_naive(&s)?;
    /// assert_eq!(r.methods(), [ForecastMethod::Auto.into(), Evaluated::Method(ForecastMethod::Naive)]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn methods(&self) -> Vec<Evaluated> {
        let mut out: Vec<Evaluated> = Vec::new();
        for (m, _) in &self.scores {
            if !out.contains(m) {
                out.push(*m);
            }
        }
        out
    }

    /// The mean absolute error of `method` divided by naive's at horizon `h`, on the same
    /// origins (below 1: better than the last value); `None` when either was not scored or
    /// naive was exact.
    ///
    /// ```
    /// # use overcrowding::forecast::{Evaluation, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..14).map(|t| 100.0 + 10.0 * t as f64).collect())?;
    /// let r = Evaluation::new(vec![2])?.run_default_and_naive(&s)?;
    /// assert!(r.mae_ratio(ForecastMethod::Auto, 2).unwrap() < 0.5);
    /// assert_eq!(r.mae_ratio(ForecastMethod::Naive, 2), Some(1.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn mae_ratio(&self, method: impl Into<Evaluated>, h: usize) -> Option<f64> {
        let p = self.row(method, h)?.mae?;
        let n = self.row(ForecastMethod::Naive, h)?.mae?;
        (n > 0.0).then(|| p / n)
    }
}

/// What an engine made at one origin, method and horizon (see [`OriginForecast`]).
#[derive(Debug, Clone)]
pub(crate) struct Made {
    pub(crate) target: Option<AnyPeriod>,
    pub(crate) point: Option<f64>,
    pub(crate) observed: Option<f64>,
    pub(crate) intervals: Vec<Interval>,
}

/// The one rolling-origin loop's bookkeeping: each engine enumerates its origins and makes
/// its forecasts; this scores each forecast as it is made (so every figure is summed in
/// origin order), keeps it, and gives the [`EvaluationReport`].
#[derive(Debug, Clone)]
pub(crate) struct ReportBuilder {
    methods: Vec<Evaluated>,
    horizons: Vec<usize>,
    /// Method-major: `scorers[m * horizons.len() + j]`.
    scorers: Vec<Scorer>,
    origins: Vec<Origin>,
    forecasts: Vec<OriginForecast>,
}

impl ReportBuilder {
    /// A report of `methods` at `horizons` with intervals at `levels`.
    pub(crate) fn new(methods: &[Evaluated], horizons: &[usize], levels: &[f64]) -> ReportBuilder {
        ReportBuilder {
            methods: methods.to_vec(),
            horizons: horizons.to_vec(),
            scorers: methods
                .iter()
                .flat_map(|_| horizons.iter().map(|&h| Scorer::new(h, levels)))
                .collect(),
            origins: Vec::new(),
            forecasts: Vec::new(),
        }
    }

    /// The next origin.
    pub(crate) fn origin(&mut self, origin: Origin) {
        self.origins.push(origin);
    }

    /// The forecast of method number `m` at horizon number `j` from the last origin: scored
    /// when both the point and the observed value exist (with the origin's scale, when the
    /// engine has one), counted otherwise, and kept.
    pub(crate) fn forecast(&mut self, m: usize, j: usize, scale: Option<f64>, made: Made) {
        let scorer = &mut self.scorers[m * self.horizons.len() + j];
        match (made.point, made.observed) {
            (_, None) => scorer.target_missing(),
            (None, Some(_)) => scorer.no_forecast(),
            (Some(p), Some(o)) => scorer.score(p, o, scale, &made.intervals),
        }
        let origin = *self.origins.last().unwrap_or(&Origin::Values(0));
        self.forecasts.push(OriginForecast {
            method: self.methods[m],
            origin,
            horizon: self.horizons[j],
            target: made.target,
            point: made.point,
            observed: made.observed,
            intervals: made.intervals,
        });
    }

    /// The report.
    pub(crate) fn finish(
        self,
        frequency: Frequency,
        first_train: Option<usize>,
        skipped_origins: Vec<AnyPeriod>,
        gaps: Vec<AnyPeriod>,
    ) -> EvaluationReport {
        let k = self.horizons.len().max(1);
        let scores = self
            .scorers
            .iter()
            .enumerate()
            .map(|(i, s)| (self.methods[i / k], s.finish()))
            .collect();
        EvaluationReport {
            frequency,
            origins: self.origins,
            first_train,
            scores,
            forecasts: self.forecasts,
            skipped_origins,
            gaps,
        }
    }
}

/// The one accumulator behind every [`HorizonAccuracy`].
#[derive(Debug, Clone)]
pub(crate) struct Scorer {
    horizon: usize,
    levels: Vec<f64>,
    scored: usize,
    target_missing: usize,
    no_forecast: usize,
    err: f64,
    abs: f64,
    sq: f64,
    ape: f64,
    n_ape: usize,
    abs_scaled: f64,
    err_scaled: f64,
    n_scaled: usize,
    inside: Vec<usize>,
    with_interval: Vec<usize>,
    n_winkler_scaled: Vec<usize>,
    winkler: Vec<f64>,
    winkler_scaled: Vec<f64>,
}

impl Scorer {
    /// A scorer of `horizon` with intervals at `levels`.
    pub(crate) fn new(horizon: usize, levels: &[f64]) -> Scorer {
        let k = levels.len();
        Scorer {
            horizon,
            levels: levels.to_vec(),
            scored: 0,
            target_missing: 0,
            no_forecast: 0,
            err: 0.0,
            abs: 0.0,
            sq: 0.0,
            ape: 0.0,
            n_ape: 0,
            abs_scaled: 0.0,
            err_scaled: 0.0,
            n_scaled: 0,
            inside: vec![0; k],
            with_interval: vec![0; k],
            n_winkler_scaled: vec![0; k],
            winkler: vec![0.0; k],
            winkler_scaled: vec![0.0; k],
        }
    }

    /// An origin whose target is not observed.
    pub(crate) fn target_missing(&mut self) {
        self.target_missing += 1;
    }

    /// An origin with an observed target and no forecast.
    pub(crate) fn no_forecast(&mut self) {
        self.no_forecast += 1;
    }

    /// One scored forecast: the point, the observed value, the origin's scale (when the
    /// engine has one) and the forecast's central intervals (matched to the scorer's levels
    /// by level; none when the method has none).
    pub(crate) fn score(
        &mut self,
        point: f64,
        observed: f64,
        scale: Option<f64>,
        intervals: &[Interval],
    ) {
        let e = point - observed;
        self.scored += 1;
        self.err += e;
        self.abs += e.abs();
        self.sq += e * e;
        if observed > 0.0 {
            self.ape += e.abs() / observed * 100.0;
            self.n_ape += 1;
        }
        let scale = scale.filter(|&s| s > 0.0);
        if let Some(s) = scale {
            self.abs_scaled += e.abs() / s;
            self.err_scaled += e / s;
            self.n_scaled += 1;
        }
        for (j, &level) in self.levels.iter().enumerate() {
            let Some(i) = intervals.iter().find(|i| i.level == level) else {
                continue;
            };
            let (lo, hi) = (i.lower, i.upper);
            let alpha = 1.0 - level;
            let w = (hi - lo) + 2.0 / alpha * ((lo - observed).max(0.0) + (observed - hi).max(0.0));
            self.with_interval[j] += 1;
            self.inside[j] += usize::from(lo <= observed && observed <= hi);
            self.winkler[j] += w;
            if let Some(s) = scale {
                self.winkler_scaled[j] += w / s;
                self.n_winkler_scaled[j] += 1;
            }
        }
    }

    /// The report row.
    pub(crate) fn finish(&self) -> HorizonAccuracy {
        let per = |x: f64, n: usize| (n > 0).then(|| x / n as f64);
        HorizonAccuracy {
            horizon: self.horizon,
            scored: self.scored,
            target_missing: self.target_missing,
            no_forecast: self.no_forecast,
            bias: per(self.err, self.scored),
            mae: per(self.abs, self.scored),
            rmse: per(self.sq, self.scored).map(f64::sqrt),
            mape: per(self.ape, self.n_ape),
            mase: per(self.abs_scaled, self.n_scaled),
            scaled_bias: per(self.err_scaled, self.n_scaled),
            unscaled: self.scored - self.n_scaled,
            levels: self
                .levels
                .iter()
                .enumerate()
                .map(|(j, &level)| LevelAccuracy {
                    level,
                    inside: self.inside[j],
                    scored: self.with_interval[j],
                    coverage: per(self.inside[j] as f64, self.with_interval[j]),
                    winkler: per(self.winkler[j], self.with_interval[j]),
                    scaled_winkler: per(self.winkler_scaled[j], self.n_winkler_scaled[j]),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed figures on three forecasts.
    #[test]
    fn hand_computed() {
        let i = |lower, upper| {
            [Interval {
                level: 0.5,
                lower,
                upper,
            }]
        };
        let mut s = Scorer::new(2, &[0.5]);
        s.score(110.0, 100.0, Some(5.0), &i(102.0, 108.0)); // e = 10, observed below
        s.score(90.0, 100.0, Some(0.0), &i(85.0, 115.0)); // e = −10, inside, no scale
        s.score(0.0, 0.0, None, &[]); // e = 0, no interval
        s.target_missing();
        s.no_forecast();
        let a = s.finish();
        assert_eq!(
            (a.scored, a.target_missing, a.no_forecast, a.unscaled),
            (3, 1, 1, 2)
        );
        assert_eq!(a.bias, Some(0.0));
        assert_eq!(a.mae, Some(20.0 / 3.0));
        assert_eq!(a.rmse, Some((200.0f64 / 3.0).sqrt()));
        assert_eq!(a.mape, Some(10.0));
        assert_eq!((a.mase, a.scaled_bias), (Some(2.0), Some(2.0)));
        let l = a.levels[0];
        assert_eq!((l.inside, l.scored, l.coverage), (1, 2, Some(0.5)));
        // Winkler (α = 0.5): 6 + 4 · 2 = 14 and 30 → mean 22; scaled only the first: 14 / 5.
        assert_eq!((l.winkler, l.scaled_winkler), (Some(22.0), Some(2.8)));
        let empty = Scorer::new(1, &[0.95]).finish();
        assert_eq!((empty.bias, empty.levels[0].coverage), (None, None));
    }
}
