//! The one report of a rolling-origin evaluation: every accuracy figure per horizon, from
//! one scorer. [`Evaluation`](super::Evaluation) (any method on a regular series), the
//! monthly [`Backtest`](super::backtest::Backtest) and the backtest of projections from stays
//! ([`StaysBacktest`](crate::flow::from_stays::StaysBacktest)) all report [`HorizonAccuracy`].
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

use super::Interval;

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
