//! The automatic default: every candidate method is backtested on the series' own recent
//! history and the one with the smallest mean absolute error wins.
//!
//! # Procedure
//!
//! Candidates: naive, seasonal naive (when the frequency has seasons), drift, the log-linear
//! trend, ETS chosen by AICc, ARIMA(p,1,q) chosen by AICc, and the equal-weight combination of
//! that ETS and that ARIMA. The ETS form and the ARIMA order are chosen once on the whole
//! series; each is then refitted (parameters re-estimated, the search starting from the
//! whole-series values) at every origin of the backtest.
//!
//! The backtest uses up to [`ORIGINS`] origins, the last one a period before the end, spaced
//! `⌈H/2⌉` apart, where `H = min(horizon, max(1, n/4), 2·max(m, 3))`; each origin forecasts
//! `1..=H` periods ahead as far as the history reaches. The score is the mean absolute error
//! over every (origin, horizon) pair. Naive is the fallback: another candidate is chosen only
//! when its score is at least [`MARGIN`] (10 %) below naive's, a guard against choosing on
//! the noise of a short backtest (a trend that happened to fit the last few origins). So the
//! chosen method's score is never worse than naive's on the series' own history — by
//! construction, not a promise about the future. A candidate that cannot be fitted at some
//! origin is out.
//!
//! # Intervals
//!
//! The winner's backtest errors, divided by the sd its full-series fit gives at the same
//! horizon, should have a root mean square of about 1. When it is larger (the series moved
//! more than the model expects: level shifts, revisions), the intervals are widened by that
//! factor (at most [`MAX_INFLATION`]; never narrowed) — a calibration on the series' own
//! history, reported by [`Forecast::interval_inflation`](super::Forecast::interval_inflation).

use super::arima::ArimaFit;
use super::ets::{self, EtsFit};
use super::naive::{Benchmark, Kind, LogTrend};
use super::{CandidateScore, ForecastMethod, Model};

/// The most backtest origins the automatic choice uses.
pub const ORIGINS: usize = 6;

/// Fits one method to `y` (model scale) with season length `m`; the components of the
/// forecast (two for a combination). `None` when the method cannot be fitted.
pub(crate) fn fit(method: &ForecastMethod, y: &[f64], m: usize) -> Option<Vec<Box<dyn Model>>> {
    let one = |b: Box<dyn Model>| Some(vec![b]);
    match method {
        ForecastMethod::Naive => one(Box::new(Benchmark::fit(y, m, Kind::Naive))),
        ForecastMethod::SeasonalNaive => one(Box::new(Benchmark::fit(y, m, Kind::Seasonal))),
        ForecastMethod::Drift => one(Box::new(Benchmark::fit(y, m, Kind::Drift))),
        ForecastMethod::LogLinearTrend => one(Box::new(LogTrend::fit(y)?)),
        ForecastMethod::Ets => one(Box::new(ets::auto(y, m)?)),
        ForecastMethod::EtsModel(spec) => one(Box::new(EtsFit::fit(y, m, *spec)?)),
        ForecastMethod::Arima => one(Box::new(ArimaFit::auto(y)?)),
        ForecastMethod::ArimaModel { p, q, drift } => {
            if *p > 2 || *q > 2 {
                return None;
            }
            one(Box::new(ArimaFit::fit(y, *p, *q, *drift)?))
        }
        ForecastMethod::Combination => Some(vec![
            Box::new(ets::auto(y, m)?),
            Box::new(ArimaFit::auto(y)?),
        ]),
        ForecastMethod::Auto => Some(auto(y, m, 1).0),
    }
}

/// A candidate of the automatic choice with its form fixed on the whole series.
enum Cand {
    Simple(ForecastMethod),
    Ets,
    Arima,
    Combo,
}

/// The ETS and ARIMA refits at one origin, shared by their candidates and the combination.
struct Refits {
    ets: Option<EtsFit>,
    arima: Option<ArimaFit>,
}

impl Cand {
    fn point(&self, train: &[f64], m: usize, refits: &Refits, h: usize) -> Option<Vec<f64>> {
        let models: Vec<Box<dyn Model>> = match self {
            Cand::Simple(method) => fit(method, train, m)?,
            Cand::Ets => vec![Box::new(refits.ets.clone()?)],
            Cand::Arima => vec![Box::new(refits.arima.clone()?)],
            Cand::Combo => vec![
                Box::new(refits.ets.clone()?),
                Box::new(refits.arima.clone()?),
            ],
        };
        Some(combined_point(&models, h))
    }
}

/// Mean point forecast of the components.
pub(crate) fn combined_point(models: &[Box<dyn Model>], horizon: usize) -> Vec<f64> {
    let mut out = vec![0.0; horizon];
    for model in models {
        for (o, v) in out.iter_mut().zip(model.point(horizon)) {
            *o += v / models.len() as f64;
        }
    }
    out
}

/// A readable name for a list of components.
pub(crate) fn name(models: &[Box<dyn Model>]) -> String {
    if models.len() == 1 {
        models[0].name()
    } else {
        format!(
            "mean of {}",
            models
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(" and ")
        )
    }
}

/// What the automatic choice returns: the winner's components, every candidate's backtest
/// score (best first) and the factor its intervals are widened by.
pub(crate) type Choice = (Vec<Box<dyn Model>>, Vec<CandidateScore>, f64);

/// A method other than naive must beat naive's backtest error by this share to be chosen.
pub const MARGIN: f64 = 0.1;

/// The widest the intervals are stretched by their backtest.
pub const MAX_INFLATION: f64 = 10.0;

/// The sd per horizon of the mean of `models`: analytic where the model has it, else from
/// 200 simulated paths (fixed seed).
fn component_sd(models: &[Box<dyn Model>], horizon: usize) -> Vec<f64> {
    use rand::SeedableRng;
    let mut out = vec![0.0; horizon];
    for model in models {
        let sd = model.sd(horizon).unwrap_or_else(|| {
            let mut rng = rand::rngs::StdRng::seed_from_u64(1);
            let k = 200;
            let (mut s1, mut s2) = (vec![0.0; horizon], vec![0.0; horizon]);
            let mut path = vec![0.0; horizon];
            for _ in 0..k {
                model.simulate(&mut rng, &mut path);
                for (h, v) in path.iter().enumerate() {
                    s1[h] += v;
                    s2[h] += v * v;
                }
            }
            (0..horizon)
                .map(|h| {
                    let mean = s1[h] / k as f64;
                    (s2[h] / k as f64 - mean * mean).max(0.0).sqrt()
                })
                .collect()
        });
        for (o, v) in out.iter_mut().zip(sd) {
            *o += v / models.len() as f64;
        }
    }
    out
}

/// The automatic choice for `horizon` periods (see the module docs).
pub(crate) fn auto(y: &[f64], m: usize, horizon: usize) -> Choice {
    let n = y.len();
    let mut fitted: Vec<(Cand, Vec<Box<dyn Model>>)> = Vec::new();
    let mut simple = vec![ForecastMethod::Naive];
    if m > 1 {
        simple.push(ForecastMethod::SeasonalNaive);
    }
    simple.push(ForecastMethod::Drift);
    simple.push(ForecastMethod::LogLinearTrend);
    for method in simple {
        if let Some(models) = fit(&method, y, m) {
            fitted.push((Cand::Simple(method), models));
        }
    }
    let e = ets::auto(y, m);
    let a = ArimaFit::auto(y);
    if let Some(e) = &e {
        fitted.push((Cand::Ets, vec![Box::new(e.clone())]));
    }
    if let Some(a) = &a {
        fitted.push((Cand::Arima, vec![Box::new(a.clone())]));
    }
    if let (Some(e), Some(a)) = (&e, &a) {
        fitted.push((Cand::Combo, vec![Box::new(e.clone()), Box::new(a.clone())]));
    }
    let h_sel = horizon.min((n / 4).max(1)).min(2 * m.max(3));
    let step = h_sel.div_ceil(2);
    let min_train = (n / 2).max(5);
    let origins: Vec<usize> = (1..=ORIGINS)
        .map(|j| n as isize - 1 - (j as isize - 1) * step as isize - 1)
        .filter(|&o| o >= 0 && o as usize + 1 >= min_train)
        .map(|o| o as usize)
        .collect();
    let mut sums = vec![(0.0, 0usize, !origins.is_empty()); fitted.len()];
    // Every (horizon index, error) of every candidate, for the winner's calibration.
    let mut errors: Vec<Vec<(usize, f64)>> = vec![Vec::new(); fitted.len()];
    for &o in &origins {
        let train = &y[..=o];
        let hmax = h_sel.min(n - 1 - o);
        let refits = Refits {
            ets: e.as_ref().and_then(|f| f.refit(train, m)),
            arima: a.as_ref().and_then(|f| f.refit(train)),
        };
        for (((cand, _), acc), errs) in fitted.iter().zip(sums.iter_mut()).zip(errors.iter_mut()) {
            if !acc.2 {
                continue;
            }
            match cand.point(train, m, &refits, hmax) {
                Some(point) => {
                    for (h, p) in point.iter().enumerate() {
                        let e = p.max(0.0) - y[o + 1 + h];
                        acc.0 += e.abs();
                        acc.1 += 1;
                        errs.push((h, e));
                    }
                }
                None => acc.2 = false,
            }
        }
    }
    let mut scores: Vec<(f64, usize)> = sums
        .iter()
        .enumerate()
        .map(|(i, &(sum, count, ok))| {
            let score = if ok && count > 0 {
                sum / count as f64
            } else {
                f64::INFINITY
            };
            (score, i)
        })
        .collect();
    // Stable sort: ties keep the candidate order, naive first.
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    let scale = {
        let d: Vec<f64> = y.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        let s = d.iter().sum::<f64>() / d.len().max(1) as f64;
        if s > 0.0 { s } else { 1.0 }
    };
    let table: Vec<CandidateScore> = scores
        .iter()
        .filter(|(s, _)| s.is_finite())
        .map(|&(s, i)| CandidateScore {
            method: name(&fitted[i].1),
            mean_absolute_error: s,
            scaled_error: s / scale,
        })
        .collect();
    // Naive (index 0) unless the best beats it by the margin.
    let naive_score = sums[0].0 / sums[0].1.max(1) as f64;
    let winner = if scores[0].0 < (1.0 - MARGIN) * naive_score {
        scores[0].1
    } else {
        0
    };
    let models = fitted.swap_remove(winner).1;
    let sd = component_sd(&models, h_sel);
    let (mut z2, mut nz) = (0.0, 0usize);
    for &(h, e) in &errors[winner] {
        if sd[h] > 0.0 {
            z2 += (e / sd[h]).powi(2);
            nz += 1;
        }
    }
    let inflation = if nz > 0 {
        (z2 / nz as f64).sqrt().clamp(1.0, MAX_INFLATION)
    } else {
        1.0
    };
    (models, table, inflation)
}
