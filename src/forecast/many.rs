//! Many related series forecast together (issue 22 §2): the states of one country, the
//! prisons of one system. One series cannot tell how far its trend will persist or how
//! wide its errors grow several periods ahead; many series of the same frequency can, from
//! their own past forecasts, at call time.
//!
//! The procedure is in [`forecast_many`]'s docs.

use rayon::prelude::*;

use super::auto::{self, LEVEL_SHARE, TrendFrom};
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

/// The trends tried, in the order of [`auto::parts_updated`]'s pairs (the first is the
/// single-series default's and wins ties).
const TRENDS: [TrendFrom; 2] = [TrendFrom::Smoothers, TrendFrom::Drift];

/// One cut of one series: the default's parts forecast from it (per [`TRENDS`]), the scale
/// and the values that followed.
struct Origin {
    parts: [auto::Parts; 2],
    scale: f64,
    targets: Vec<f64>,
}

/// What the series of one frequency teach: the level share and the pooled margins.
struct Pool {
    frequency: Frequency,
    series: usize,
    /// The blend per horizon: index into [`TRENDS`] and level share.
    blends: Vec<(usize, f64)>,
    margins: Option<Margins>,
}

/// The mean absolute one-period change (the MASE scale).
fn scale_of(y: &[f64]) -> f64 {
    y.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (y.len() - 1).max(1) as f64
}

/// Each re-estimation of a series' parts serves the cuts until its training window has grown
/// by this factor (see [`forecast_many`]'s step 1).
const REFIT_GROWTH: f64 = 1.25;

/// The cuts of `y` (see the module docs): training lengths, at most `cap`, evenly spaced,
/// ascending, not constant. When there are more than `cap`, the latest is the last with a
/// target at every horizon, so a series with one or two cuts still tells how errors grow.
fn cut_lengths(y: &[f64], min_len: usize, horizon: usize, cap: usize) -> Vec<usize> {
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
    let mut cuts: Vec<usize> = (min_len..=latest)
        .rev()
        .step_by(stride)
        // A constant cut has no scale (and the default's parts need a change).
        .filter(|&k| scale_of(&y[..k]) > 0.0)
        .collect();
    cuts.reverse();
    cuts
}

/// The cuts grouped by the estimation that serves them: a block starts at a cut and takes
/// the later cuts up to [`REFIT_GROWTH`] times its length.
fn blocks(cuts: &[usize]) -> Vec<&[usize]> {
    let mut out = Vec::new();
    let mut rest = cuts;
    while let Some(&k0) = rest.first() {
        let limit = (k0 as f64 * REFIT_GROWTH).floor() as usize;
        let len = rest.iter().take_while(|&&k| k <= limit).count().max(1);
        let (block, tail) = rest.split_at(len);
        out.push(block);
        rest = tail;
    }
    out
}

/// The origins of one block of cuts of `y` (see [`blocks`]).
fn origins(y: &[f64], m: usize, horizon: usize, cuts: &[usize]) -> Vec<Origin> {
    auto::parts_updated(y, m, horizon, cuts)
        .into_iter()
        .zip(cuts)
        .map(|(parts, &k)| {
            let hmax = parts[0].horizon();
            Origin {
                parts,
                scale: scale_of(&y[..k]),
                targets: y[k..k + hmax].to_vec(),
            }
        })
        .collect()
}

/// The blends tried, in the order they win ties: the single-series default's first (the
/// smoothed trends, [`LEVEL_SHARE`]), then every trend of [`TRENDS`] with the level shares
/// 0, 0.05, …, 1, nearest the default's first.
fn candidates() -> Vec<(usize, f64)> {
    let mut out = vec![(0, LEVEL_SHARE)];
    for t in 0..TRENDS.len() {
        let mut shares: Vec<f64> = (0..SHARES)
            .map(|i| i as f64 / (SHARES - 1) as f64)
            .collect();
        shares.sort_by(|a, b| (a - LEVEL_SHARE).abs().total_cmp(&(b - LEVEL_SHARE).abs()));
        out.extend(shares.into_iter().map(|share| (t, share)));
    }
    out
}

/// One series' mean absolute scaled error over its cuts at horizon index `h`, per blend of
/// `blends`; `None` when no cut of it reaches `h`.
fn series_losses(own: &[Origin], blends: &[(usize, f64)], h: usize) -> Option<Vec<f64>> {
    let reaching: Vec<&Origin> = own.iter().filter(|o| o.parts[0].horizon() > h).collect();
    if reaching.is_empty() {
        return None;
    }
    let c = reaching.len() as f64;
    Some(
        blends
            .iter()
            .map(|&(trend, share)| {
                reaching
                    .iter()
                    .map(|o| (o.targets[h] - o.parts[trend].point(share, h)).abs() / o.scale)
                    .sum::<f64>()
                    / c
            })
            .collect(),
    )
}

/// The first index of the smallest value (so earlier blends win ties).
fn argmin(values: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::INFINITY);
    for (i, v) in values.enumerate() {
        if v < best.1 {
            best = (i, v);
        }
    }
    best.0
}

/// The blend for horizon index `h`: the one with the lowest pooled mean absolute scaled
/// error (the mean over series of each series' mean over its cuts) when, cross-validated
/// across series, choosing it beats keeping the single-series default; the default
/// otherwise.
///
/// The cross-validation leaves each series out in turn: the blend is chosen on the other
/// series' cuts alone and scored on this series' cuts, its gain the default's error there
/// less the chosen blend's. Picking the best of 43 blends on the same errors it is then
/// judged by would favour a choice that only fits the past's noise; scoring each series
/// with a choice made without it does not (Stone 1974). The choice is taken when the mean
/// gain over series is above zero: that is the decision with the lower cross-validated mean
/// error, the quantity the pool is asked to make small (a significance test instead would
/// keep the default wherever the gain is real but uneven across series). With fewer than
/// two series there is nothing to cross-validate, so the default stands.
fn choose(cuts: &[Vec<Origin>], h: usize) -> (usize, f64) {
    let blends = candidates();
    let rows: Vec<Vec<f64>> = cuts
        .iter()
        .filter_map(|own| series_losses(own, &blends, h))
        .collect();
    let n = rows.len();
    let totals: Vec<f64> = (0..blends.len())
        .map(|c| rows.iter().map(|r| r[c]).sum())
        .collect();
    let best = argmin(totals.iter().copied());
    if best == 0 || n < 2 {
        return blends[0];
    }
    let gains: Vec<f64> = rows
        .iter()
        .map(|r| {
            let without = argmin(totals.iter().zip(r).map(|(t, own)| t - own));
            r[0] - r[without]
        })
        .collect();
    // The mean gain's sign is the sum's.
    if gains.iter().sum::<f64>() > 0.0 {
        blends[best]
    } else {
        blends[0]
    }
}

impl Pool {
    /// Learns from `group` (one frequency) for `h = 1..=horizon`.
    fn learn(frequency: Frequency, group: &[&RegularSeries], horizon: usize) -> Pool {
        let cap = POOL_ERRORS.div_ceil(group.len().max(1));
        let m = frequency.period();
        let cuts: Vec<Vec<Origin>> = group
            .par_iter()
            .map(|s| {
                let y = s.values();
                let lengths = cut_lengths(y, frequency.min_len(), horizon, cap);
                blocks(&lengths)
                    .par_iter()
                    .flat_map_iter(|block| origins(y, m, horizon, block))
                    .collect()
            })
            .collect();
        // The blend per horizon; horizons no cut reaches keep the last chosen.
        let mut blends: Vec<(usize, f64)> = Vec::with_capacity(horizon);
        for h in 0..horizon {
            let reached = cuts.iter().flatten().any(|o| o.parts[0].horizon() > h);
            let blend = match (reached, blends.last()) {
                (false, Some(&last)) => last,
                _ => choose(&cuts, h),
            };
            blends.push(blend);
        }
        let mut errors = vec![Vec::new(); horizon];
        for o in cuts.iter().flatten() {
            for (h, e) in errors.iter_mut().enumerate().take(o.parts[0].horizon()) {
                let (trend, share) = blends[h];
                let z = (o.targets[h] - o.parts[trend].point(share, h)) / o.scale;
                if z.is_finite() {
                    e.push(z);
                }
            }
        }
        Pool {
            frequency,
            series: group.len(),
            blends,
            margins: Margins::new(errors, horizon),
        }
    }

    /// The blends chosen, in words: `level share 0.40` (`… with the drift`) when every
    /// horizon has the same, else the first and the last horizon's.
    fn describe(&self) -> String {
        let one = |(t, s): (usize, f64)| {
            let drift = if TRENDS[t] == TrendFrom::Drift {
                " with the drift"
            } else {
                ""
            };
            format!("{s:.2}{drift}")
        };
        match (self.blends.first(), self.blends.last()) {
            (Some(&a), Some(_)) if self.blends.iter().all(|&x| x == a) => {
                format!("level share {}", one(a))
            }
            (Some(&a), Some(&b)) => format!(
                "level share {} at h 1 to {} at h {}",
                one(a),
                one(b),
                self.blends.len()
            ),
            _ => format!("level share {LEVEL_SHARE:.2}"),
        }
    }

    /// The forecast of `s` (of this pool's frequency) with `forecaster`'s horizon and paths.
    fn forecast(&self, forecaster: &Forecaster, s: &RegularSeries) -> Result<Forecast> {
        let y = s.values();
        if y.iter().all(|&v| v == y[0]) {
            // A constant series: the default's constant forecast.
            return forecaster.fit(s);
        }
        // The series' own calibration (and paths' shape) from the last horizon's blend;
        // the point at each horizon from that horizon's blend.
        let (trend, share) = self.blends.last().copied().unwrap_or((0, LEVEL_SHARE));
        let mut fit = auto::fit_with(
            y,
            self.frequency.period(),
            forecaster.horizon,
            share,
            TRENDS[trend],
        );
        for (h, &(trend, share)) in self.blends.iter().enumerate() {
            if let Some(p) = fit.point.get_mut(h) {
                *p = fit.parts[trend].point(share, h);
            }
        }
        let origin = s.last();
        // The in-sample errors per horizon, as `forecast` gives them (no transform here).
        let step_errors = super::in_sample_errors(y, &fit.in_sample, Transform::None);
        let mut f = match &self.margins {
            Some(margins) => {
                let method = format!(
                    "{}; pooled over {} {} series: {}, intervals from {} scaled errors",
                    fit.name,
                    self.series,
                    self.frequency.label(),
                    self.describe(),
                    margins.pooled()
                );
                forecaster.build_pooled(fit, origin, scale_of(y), margins, method)
            }
            None => {
                let mut f = forecaster.build_auto(fit, origin);
                f.method = format!(
                    "{}; pooled over {} {} series: {}, too few errors to pool (fewer than {MIN_POOLED}): the series' own intervals",
                    f.method,
                    self.series,
                    self.frequency.label(),
                    self.describe()
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
///    — forecast the values after each cut from the values before it: true out-of-sample
///    errors. The parts (season indices, smoothing parameters, how clear the trend is) are
///    estimated at a series' first cut and again whenever its training window has grown by
///    a quarter; the cuts in between update the models with their new values, parameters
///    held (the "updating" form of rolling-origin evaluation, Tashman 2000). Parameter
///    estimates settle as the window grows (their sampling error shrinks like `1/√k` with
///    `k` values), so a fixed relative growth spaces the estimations by about equal
///    information: one 240-month series is estimated 9 times for its 204 cuts, where a
///    refit at every cut took ten times as long for pools that differ only in estimation
///    noise.
/// 2. **Which trend, and how far to shrink it, per horizon.** Two trends are tried: the
///    default's smoothed ones (Holt's and the damped trend: local, their slope follows the
///    recent changes) and the drift (the mean change over the whole window: long-run). With
///    each, the level methods' share (the default's
///    [`LEVEL_SHARE`](super::auto::LEVEL_SHARE), ⅔: the trend shrunk halfway to the last
///    value) is tried at 0, 0.05, …, 1. At each horizon the pair with the lowest pooled
///    mean absolute scaled error there (mean over series of each series' mean over its
///    cuts) is taken — **if choosing beats keeping the default, cross-validated across
///    series**: the choice is made afresh without each series in turn and scored on that
///    series' cuts against the default's blend, and it is taken when its mean gain over
///    series is above zero. Otherwise (and always with a single series) the default's blend
///    stands. Where series' trends persisted, the share falls; where they reversed, it
///    rises; where growth kept its long-run pace through short swings, the drift wins. Per
///    horizon, because the last value tells most about the next period and the trend most
///    about later ones (the single-series default's compromise, `benches/README.md`);
///    pooled, because 43 candidates chosen on one series' few origins would be noise;
///    cross-validated, because the best of 43 on past errors also fits the past's noise: on
///    the benchmark's monthly series (two or three) the best blend taken without it lost to
///    the default at every horizon after the first.
/// 3. **How wide errors grow.** The scaled errors of each horizon's blend,
///    `(observed − forecast) / s` (`s` the cut's mean absolute one-period change), pooled
///    per horizon, give every series' intervals (split conformal quantiles: the
///    `⌈(c + 1)q⌉`-th smallest of `c` errors for an upper quantile, the `⌊(c + 1)q⌋`-th for
///    a lower one, [`MIN_POOLED`](super::MIN_POOLED) errors per horizon at least, stretched
///    past the last horizon with enough).
/// 4. **Each forecast.** The default's parts fitted to the whole series, each horizon's
///    point from that horizon's blend; the `q`-quantile of horizon `h` is
///    `forecast + s · z_h(q)` with this series' `s`, or the series' own calibrated quantile
///    (the single-series default's Student-t, [`auto`](super::auto) step 3, of the last
///    horizon's blend) where that lies further out: the pool tells how errors grew for
///    series like this one, the series' own errors how volatile it has been itself, and the
///    interval holds against both. Sample paths follow the default's shape model, mapped
///    onto these margins.
///
/// Nothing is learnt from data outside the call, and the forecast of one series depends on
/// the others only through the blends and the pooled errors.
///
/// # When it helps, and when the single-series default is the better choice
///
/// Measured by rolling-origin backtests (`benches/README.md`, "Forecasts past the
/// frontier"): on the 15 Australian quarterly series it is below the default's mean MASE at
/// every horizon (the drift blend: 3.561 against 4.122 at 8 quarters ahead); on the 173 US
/// yearly series it is within 3 % of it either way, and on the 3 monthly ones level at one
/// month and up to 6.5 % behind it later (4.273 against 4.014 at 6 months).
/// Where the series turned together after the pool's origins it carries the old trends on:
/// on 42 US states' sentenced prisoners forecast from 2011–2020 it is 2–4 % behind the
/// default at every horizon. Its intervals hold against both the pool and the series' own
/// errors, so where the past is like the future they are wider than they need be (on
/// series of known processes its 80 % intervals cover 85.4 % on average, the default's
/// 81.4 %), and where a break comes that neither saw (US counts after 2008 and in
/// 2020) they still fall short at some horizons. Use it for series that share a frequency
/// and a story; one series, or series that share nothing, gain nothing from the pool.
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
/// // 14 cuts (training lengths 6 to 19) of 12 series: 168 errors one year ahead. The last
/// // value gets no weight at any horizon; three years ahead the drift (the mean change
/// // since the start) forecast best.
/// let method = f[0].method();
/// assert!(method.contains("pooled over 12 yearly series: level share 0.00"), "{method}");
/// assert!(method.contains("0.00 with the drift at h 3, intervals from 168 scaled errors"), "{method}");
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
    fn a_choice_that_does_not_carry_across_series_keeps_the_default() {
        let yearly = |v: Vec<f64>| RegularSeries::new(Frequency::Yearly, v).unwrap();
        let share_of = |f: &Forecast| f.method().contains("level share 0.67");
        // One series: nothing to cross-validate across, the default's blend (⅔) stands,
        // however clearly its own trend persisted (the best blend on its cuts alone is the
        // trend carried on in full).
        let rising = yearly(
            (0..20)
                .map(|t| 1_000.0 + 50.0 * t as f64 + (t % 3) as f64)
                .collect(),
        );
        let f = forecast_many(std::slice::from_ref(&rising), 3).unwrap();
        assert!(share_of(&f[0]), "{}", f[0].method());
        // Two series that teach opposite things: one rises steadily, the other swings up
        // and down by 60 every three years. Chosen on one and scored on the other, each
        // choice loses to the default, so the default stands for both.
        let swinging = yearly(
            (0..20)
                .map(|t| {
                    1_000.0
                        + if (t / 3) % 2 == 0 {
                            20.0 * (t % 3) as f64
                        } else {
                            60.0 - 20.0 * (t % 3) as f64
                        }
                })
                .collect(),
        );
        let f = forecast_many(&[rising.clone(), swinging], 3).unwrap();
        assert!(share_of(&f[0]), "{}", f[0].method());
        // Twenty steady risers: the choice carries across them, and is taken.
        let risers: Vec<RegularSeries> = (0..20)
            .map(|i| {
                yearly(
                    (0..20)
                        .map(|t| {
                            900.0 + 10.0 * i as f64 + 50.0 * t as f64 + ((t * 7 + i) % 5) as f64
                        })
                        .collect(),
                )
            })
            .collect();
        let f = forecast_many(&risers, 3).unwrap();
        assert!(!share_of(&f[0]), "{}", f[0].method());
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
