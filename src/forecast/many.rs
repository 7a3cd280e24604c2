//! Many related series forecast together (issue 22 §2): the states of one country, the
//! prisons of one system. One series cannot tell how far its trend will persist or how
//! wide its errors grow several periods ahead; many series of the same frequency can, from
//! their own past forecasts, at call time.
//!
//! The procedure is in [`forecast_many`]'s docs.

use rayon::prelude::*;

use super::auto::{self, LEVEL_SHARE};
use super::conformal::{MIN_POOLED, Margins};
use super::{Forecast, Forecaster, Frequency, MAX_PATH_VALUES, RegularSeries, Transform};
use crate::ErrorKind;
use crate::error::{Error, Result};

/// About how many scaled errors per horizon [`forecast_many`] pools for a frequency: enough
/// that a 2.5 % tail rests on about 25 errors; more origins per series would only cost time.
///
/// ```
/// // 10,000 series share the pool: one cut each.
/// assert_eq!(overcrowding::forecast::POOL_ERRORS.div_ceil(10_000), 1);
/// ```
pub const POOL_ERRORS: usize = 1_000;

/// The shares of the level methods tried (0, 0.05, …, 1).
const SHARES: usize = 21;

/// One cut of one series: the default's parts forecast from it, the scale and the values
/// that followed.
struct Origin {
    parts: auto::Parts,
    scale: f64,
    targets: Vec<f64>,
}

/// What the series of one frequency teach: the level share and the pooled margins.
struct Pool {
    frequency: Frequency,
    series: usize,
    share: f64,
    margins: Option<Margins>,
}

/// The mean absolute one-period change (the MASE scale).
fn scale_of(y: &[f64]) -> f64 {
    y.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (y.len() - 1).max(1) as f64
}

/// The cuts of `y` (see the module docs): at most `cap`, evenly spaced. When there are more
/// than `cap`, the latest is the last with a target at every horizon, so a series with one
/// or two cuts still tells how errors grow.
fn origins(y: &[f64], m: usize, min_len: usize, horizon: usize, cap: usize) -> Vec<Origin> {
    let n = y.len();
    if n <= min_len {
        return Vec::new();
    }
    let latest = if n - min_len > cap {
        n.saturating_sub(horizon).max(min_len)
    } else {
        n - 1
    };
    let stride = (latest + 1 - min_len).div_ceil(cap.max(1));
    (min_len..=latest)
        .rev()
        .step_by(stride)
        .filter_map(|k| {
            let train = &y[..k];
            let scale = scale_of(train);
            // A constant cut has no scale (and the default's parts need a change).
            (scale > 0.0).then(|| {
                let hmax = horizon.min(n - k);
                Origin {
                    parts: auto::parts(train, m, hmax),
                    scale,
                    targets: y[k..k + hmax].to_vec(),
                }
            })
        })
        .collect()
}

/// The pooled mean absolute scaled error of the blend with level share `share`: mean over
/// the series with an error at a horizon, then over horizons.
fn loss(cuts: &[Vec<Origin>], share: f64, horizon: usize) -> f64 {
    let (mut total, mut horizons) = (0.0, 0usize);
    for h in 0..horizon {
        let (mut sum, mut series) = (0.0, 0usize);
        for own in cuts {
            let (mut s, mut c) = (0.0, 0usize);
            for o in own.iter().filter(|o| o.parts.horizon() > h) {
                s += (o.targets[h] - o.parts.point(share, h)).abs() / o.scale;
                c += 1;
            }
            if c > 0 {
                sum += s / c as f64;
                series += 1;
            }
        }
        if series > 0 {
            total += sum / series as f64;
            horizons += 1;
        }
    }
    if horizons > 0 {
        total / horizons as f64
    } else {
        0.0
    }
}

impl Pool {
    /// Learns from `group` (one frequency) for `h = 1..=horizon`.
    fn learn(frequency: Frequency, group: &[&RegularSeries], horizon: usize) -> Pool {
        let cap = POOL_ERRORS.div_ceil(group.len().max(1));
        let m = frequency.period();
        let cuts: Vec<Vec<Origin>> = group
            .par_iter()
            .map(|s| origins(s.values(), m, frequency.min_len(), horizon, cap))
            .collect();
        let mut share = LEVEL_SHARE;
        let mut best = loss(&cuts, share, horizon);
        for i in 0..SHARES {
            let candidate = i as f64 / (SHARES - 1) as f64;
            let l = loss(&cuts, candidate, horizon);
            let closer = (candidate - LEVEL_SHARE).abs() < (share - LEVEL_SHARE).abs();
            if l < best || (l == best && closer) {
                (share, best) = (candidate, l);
            }
        }
        let mut errors = vec![Vec::new(); horizon];
        for o in cuts.iter().flatten() {
            for (h, e) in errors.iter_mut().enumerate().take(o.parts.horizon()) {
                let z = (o.targets[h] - o.parts.point(share, h)) / o.scale;
                if z.is_finite() {
                    e.push(z);
                }
            }
        }
        Pool {
            frequency,
            series: group.len(),
            share,
            margins: Margins::new(errors, horizon),
        }
    }

    /// The forecast of `s` (of this pool's frequency) with `forecaster`'s horizon and paths.
    fn forecast(&self, forecaster: &Forecaster, s: &RegularSeries) -> Result<Forecast> {
        let y = s.values();
        if y.iter().all(|&v| v == y[0]) {
            // A constant series: the default's constant forecast.
            return forecaster.fit(s);
        }
        let fit = auto::fit_with(y, self.frequency.period(), forecaster.horizon, self.share);
        let origin = s.last();
        // The in-sample errors per horizon, as `forecast` gives them (no transform here).
        let step_errors = super::in_sample_errors(y, &fit.in_sample, Transform::None);
        let mut f = match &self.margins {
            Some(margins) => {
                let method = format!(
                    "{}; pooled over {} {} series: level share {:.2}, intervals from {} scaled errors",
                    fit.name,
                    self.series,
                    self.frequency.label(),
                    self.share,
                    margins.pooled()
                );
                forecaster.build_pooled(fit, origin, scale_of(y), margins, method)
            }
            None => {
                let mut f = forecaster.build_auto(fit, origin);
                f.method = format!(
                    "{}; pooled over {} {} series: level share {:.2}, too few errors to pool (fewer than {MIN_POOLED}): the series' own intervals",
                    f.method,
                    self.series,
                    self.frequency.label(),
                    self.share
                );
                f
            }
        };
        f.frequency = s.frequency();
        f.first_period = s.period(s.len());
        f.step_errors = step_errors;
        Ok(f)
    }
}

/// Forecasts many related series together for `h = 1..=horizon`: the default
/// ([`forecast`](super::forecast)) with the share of the last value chosen, and the
/// intervals calibrated, on the out-of-sample errors of all the given series of the same
/// frequency (the procedure below). One forecast per series, in the
/// order given; deterministic ([`DEFAULT_SEED`](super::DEFAULT_SEED)); each keeps 100 to
/// 1,000 sample paths (fewer when many series share [`MAX_PATH_VALUES`]).
///
/// The single-series [`forecast`](super::forecast) is unchanged: it has no other series to
/// learn from, so it keeps the fixed share and its own in-sample calibration.
///
/// # Procedure
///
/// Per frequency, over the series given:
///
/// 1. **Origins.** Each series is cut at training lengths from [`Frequency::min_len`] to
///    `n − 1` (at most [`POOL_ERRORS`] / the number of series of them per series, evenly
///    spaced, so the pool stays about that size; when some are left out, the latest cut is
///    the last with a target at every horizon), and the default's parts
///    — the last value and the three exponential-smoothing trends ([`auto`](super::auto))
///    — are refitted on each cut and forecast the values after it: true out-of-sample
///    errors.
/// 2. **How far to shrink.** The level methods' share of the default (its
///    [`LEVEL_SHARE`](super::auto::LEVEL_SHARE), ⅔: the trend shrunk halfway to the last
///    value) is chosen from 0, 0.05, …, 1 to minimise the pooled mean absolute scaled error
///    (mean over series, then over horizons 1 to `horizon`), ties going to the default's
///    share. Where series' trends persisted, the share falls; where they reversed, it rises.
/// 3. **How wide errors grow.** The scaled errors of that blend, `(observed − forecast) / s`
///    (`s` the cut's mean absolute one-period change), pooled per horizon, give every
///    series' intervals (split conformal quantiles: the `⌈(c + 1)q⌉`-th smallest of `c`
///    errors for an upper quantile, the `⌊(c + 1)q⌋`-th for a lower one,
///    [`MIN_POOLED`](super::MIN_POOLED) errors per horizon at least, stretched past the last
///    horizon with enough).
/// 4. **Each forecast.** The default refitted on the whole series with the chosen share;
///    the `q`-quantile of horizon `h` is `forecast + s · z_h(q)` with this series' `s`, or
///    the series' own calibrated quantile (the single-series default's Student-t, [`auto`](super::auto)
///    step 3) where that lies further out: the pool tells how errors grew for series like
///    this one, the series' own errors how volatile it has been itself, and the interval
///    holds against both. Sample paths follow the default's shape model, mapped onto
///    these margins.
///
/// Nothing is learnt from data outside the call, and the forecast of one series depends on
/// the others only through the share and the pooled errors.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) without series;
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `horizon` is 0
/// or above [`MAX_HORIZON`](super::MAX_HORIZON).
///
/// ```
/// use overcrowding::forecast::{forecast_many, Frequency, RegularSeries};
/// // Twelve yearly series rising steadily by 2 % a year with noise of 0 to 20: the trends
/// // persisted, so the pool gives the last value no weight and the trend carries on.
/// let series: Vec<RegularSeries> = (0..12)
///     .map(|i| {
///         let noise = |t: usize| ((t * 7_919 + i * 104_729) % 101) as f64 / 5.0;
///         let v = (0..20).map(|t| (1_000.0 + 100.0 * i as f64) * (1.0 + 0.02 * t as f64) + noise(t)).collect();
///         RegularSeries::new(Frequency::Yearly, v)
///     })
///     .collect::<Result<_, _>>()?;
/// let f = forecast_many(&series, 3)?;
/// assert_eq!(f.len(), 12);
/// // 14 cuts (training lengths 6 to 19) of 12 series: 168 errors one year ahead.
/// assert!(f[0].method().contains("pooled over 12 yearly series: level share 0.00, intervals from 168 scaled errors"), "{}", f[0].method());
/// // Series 0 rises by 20 a year from about 1,390: about 1,450 three years on.
/// assert!((f[0].mean()[2] - 1_450.0).abs() < 10.0, "{}", f[0].mean()[2]);
/// let i80 = f[0].interval(0.8)?;
/// assert!(i80[2].0 < f[0].mean()[2] && f[0].mean()[2] < i80[2].1);
/// assert!(forecast_many(&[], 3).is_err() && forecast_many(&series, 0).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn forecast_many(series: &[RegularSeries], horizon: usize) -> Result<Vec<Forecast>> {
    let base = Forecaster::new(horizon)?;
    if series.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "series" }));
    }
    let mut frequencies: Vec<Frequency> = Vec::new();
    for s in series {
        if !frequencies.contains(&s.frequency()) {
            frequencies.push(s.frequency());
        }
    }
    let pools: Vec<Pool> = frequencies
        .iter()
        .map(|&f| {
            let group: Vec<&RegularSeries> = series.iter().filter(|s| s.frequency() == f).collect();
            Pool::learn(f, &group, horizon)
        })
        .collect();
    // The stored paths of all forecasts share one budget.
    let paths = (MAX_PATH_VALUES / horizon.saturating_mul(series.len()).max(1)).clamp(100, 1_000);
    let forecaster = base.with_paths(paths);
    series
        .par_iter()
        .map(
            |s| match pools.iter().find(|p| p.frequency == s.frequency()) {
                Some(pool) => pool.forecast(&forecaster, s),
                None => forecaster.fit(s),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::stats::Normals;

    /// `count` Gaussian random walks (sd 10 a period) of `len` values, plus a drift.
    fn walks(count: usize, len: usize, drift: f64) -> Vec<Vec<f64>> {
        (0..count)
            .map(|i| {
                let mut rng = Normals::for_path(7, i);
                let mut level = 1_000.0;
                (0..len)
                    .map(|_| {
                        level += drift + 10.0 * rng.next();
                        level
                    })
                    .collect()
            })
            .collect()
    }

    /// Fits on all but the last `h` values and counts the last values inside the intervals.
    fn coverage(paths: &[Vec<f64>], h: usize) -> (f64, f64, String) {
        let series: Vec<RegularSeries> = paths
            .iter()
            .map(|p| RegularSeries::new(Frequency::Yearly, p[..p.len() - h].to_vec()).unwrap())
            .collect();
        let f = forecast_many(&series, h).unwrap();
        let (mut in80, mut in95) = (0, 0);
        for (p, f) in paths.iter().zip(&f) {
            let (i80, i95) = (f.interval(0.8).unwrap(), f.interval(0.95).unwrap());
            for k in 0..h {
                let y = p[p.len() - h + k];
                in80 += usize::from(i80[k].0 <= y && y <= i80[k].1);
                in95 += usize::from(i95[k].0 <= y && y <= i95[k].1);
            }
        }
        let n = (paths.len() * h) as f64;
        (in80 as f64 / n, in95 as f64 / n, f[0].method())
    }

    #[test]
    fn pooled_intervals_cover_random_walks() {
        // 125 walks of 20 years, 4 years ahead: 500 forecasts (binomial sd 1.8 points at
        // 80 %). Measured 89.0 % and 98.8 %: on 20 values the series' own t (few degrees of
        // freedom) is wider than the pool's quantiles, and the interval takes the wider —
        // conservative on short random walks, never narrow.
        let (c80, c95, method) = coverage(&walks(125, 24, 0.0), 4);
        assert!((0.75..=0.90).contains(&c80), "{c80} {c95}");
        assert!((0.91..=0.995).contains(&c95), "{c80} {c95}");
        // 1,000 errors wanted over 125 series: at most 8 cuts each of the 14, so every
        // second from the last with 4 years after it (training lengths 16, 14, …, 6): 750
        // errors at every horizon.
        assert!(
            method.contains("intervals from 750 scaled errors"),
            "{method}"
        );
    }

    #[test]
    fn the_share_follows_how_trends_persisted() {
        // Strong drifts (5 sd a year): the trends carried on, the last value gets nothing.
        let (_, _, method) = coverage(&walks(20, 20, 50.0), 3);
        assert!(method.contains("level share 0.00"), "{method}");
        // No drift: the trend models chase noise, the last value keeps most of the weight.
        let (_, _, method) = coverage(&walks(20, 20, 0.0), 3);
        let share: f64 = method
            .split("level share ")
            .nth(1)
            .and_then(|s| s.get(..4))
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(share >= 0.6, "{method}");
    }

    #[test]
    fn too_few_errors_keep_the_series_own_intervals() {
        // One yearly series of 8 values: 2 cuts, fewer than MIN_POOLED errors.
        let s = RegularSeries::new(
            Frequency::Yearly,
            vec![10.0, 12.0, 11.0, 14.0, 13.0, 15.0, 17.0, 16.0],
        )
        .unwrap();
        let f = forecast_many(std::slice::from_ref(&s), 2).unwrap();
        assert!(
            f[0].method().contains("the series' own intervals"),
            "{}",
            f[0].method()
        );
        // A constant series among others keeps the constant forecast.
        let c = RegularSeries::new(Frequency::Yearly, vec![5.0; 8]).unwrap();
        let f = forecast_many(&[s, c], 2).unwrap();
        assert_eq!(f[1].mean(), &[5.0, 5.0]);
    }
}
