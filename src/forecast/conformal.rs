//! Interval margins from pooled, scaled rolling-origin errors (split conformal prediction,
//! normalised by each series' scale): the intervals of
//! [`forecast_many`](super::forecast_many).
//!
//! # Procedure
//!
//! The errors `z = (observed − forecast) / s` of the method's own forecasts from earlier
//! origins, `s` the training values' mean absolute one-period change (the MASE scale), are
//! pooled per horizon over series of one frequency and sorted. The `q`-quantile of a new
//! forecast with scale `s` is `forecast + s · z₍ₖ₎`, `z₍ₖ₎` the `k`-th smallest pooled error
//! with `k = ⌈(c + 1)·q⌉` for an upper quantile and `⌊(c + 1)·q⌋` for a lower one (`c`
//! errors): the finite-sample rule of split conformal prediction, under which each side of
//! a central interval misses at most its share when the errors are exchangeable. A horizon is
//! estimated from its own errors when it has at least [`MIN_POOLED`] of them (enough to
//! resolve the 95 % interval's 2.5 % tails); past the last such horizon `L` the errors of `L`
//! are stretched by `(h / L)^γ`, `γ` the growth of the 80 % width from horizon 1 to `L`
//! (0.5 for a random walk, 1 for a trend carried on; held to 0.5–1.5). Widths never shrink
//! with the horizon: a horizon narrower than the one before is stretched to it.

use std::sync::Arc;

/// The fewest pooled errors a horizon is estimated from: the smallest `c` with
/// `⌈(c + 1) · 0.975⌉ ≤ c`, so the 95 % interval's upper bound is an observed error.
///
/// ```
/// use overcrowding::forecast::MIN_POOLED;
/// assert_eq!(MIN_POOLED, 39);
/// assert!(((MIN_POOLED + 1) as f64 * 0.975).ceil() as usize <= MIN_POOLED);
/// ```
pub const MIN_POOLED: usize = 39;

/// The pooled margins per horizon.
#[derive(Debug, Clone)]
pub(crate) struct Margins {
    /// Sorted scaled errors, per horizon (shared by every forecast of the pool).
    errors: Vec<Arc<[f64]>>,
    /// The stretch of each horizon's errors (1 where estimated from its own errors).
    stretch: Vec<f64>,
    /// Errors in the pool at each horizon with an estimate of its own.
    counts: Vec<usize>,
}

/// The conformal order statistic of sorted `z` at probability `q` (see the module docs).
pub(crate) fn quantile(z: &[f64], q: f64) -> f64 {
    let c = z.len();
    if c == 0 {
        return 0.0;
    }
    let rank = (c + 1) as f64 * q.clamp(0.0, 1.0);
    let k = if q < 0.5 {
        rank.floor() as usize
    } else {
        rank.ceil() as usize
    };
    z[k.clamp(1, c) - 1]
}

impl Margins {
    /// Margins for `h = 1..=horizon` from `errors[h − 1]` (unsorted, finite); `None` when
    /// not even horizon 1 has [`MIN_POOLED`] errors.
    pub(crate) fn new(mut errors: Vec<Vec<f64>>, horizon: usize) -> Option<Margins> {
        errors.truncate(horizon);
        let known = errors.iter().take_while(|e| e.len() >= MIN_POOLED).count();
        if known == 0 {
            return None;
        }
        errors.truncate(known);
        let mut sorted: Vec<Arc<[f64]>> = errors
            .into_iter()
            .map(|mut e| {
                e.sort_by(f64::total_cmp);
                Arc::from(e)
            })
            .collect();
        let counts: Vec<usize> = sorted.iter().map(|e| e.len()).collect();
        let width = |z: &[f64]| quantile(z, 0.9) - quantile(z, 0.1);
        let mut stretch = Vec::with_capacity(horizon);
        let mut prev = 0.0f64;
        for z in &sorted {
            let w = width(z);
            let s = if w > 0.0 && w < prev { prev / w } else { 1.0 };
            prev = prev.max(w * s);
            stretch.push(s);
        }
        let last = known - 1;
        let w1 = width(&sorted[0]) * stretch[0];
        let wl = width(&sorted[last]) * stretch[last];
        let gamma = if last > 0 && w1 > 0.0 && wl > 0.0 {
            ((wl / w1).ln() / ((last + 1) as f64).ln()).clamp(0.5, 1.5)
        } else {
            0.5
        };
        for h in known..horizon {
            stretch.push(stretch[last] * ((h + 1) as f64 / (last + 1) as f64).powf(gamma));
            sorted.push(Arc::clone(&sorted[last]));
        }
        Some(Margins {
            errors: sorted,
            stretch,
            counts,
        })
    }

    /// The sorted errors and the stretch of horizon index `h`.
    pub(crate) fn at(&self, h: usize) -> (&Arc<[f64]>, f64) {
        (&self.errors[h], self.stretch[h])
    }

    /// The errors in the pool at horizon 1 (the most of any horizon).
    pub(crate) fn pooled(&self) -> usize {
        self.counts.first().copied().unwrap_or(0)
    }

    /// Horizons estimated from errors of their own.
    #[cfg(test)]
    pub(crate) fn known(&self) -> usize {
        self.counts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conformal_ranks() {
        // 39 errors 1..=39: the 97.5 % upper rank is ⌈40 · 0.975⌉ = 39, the 2.5 % lower
        // rank ⌊40 · 0.025⌋ = 1; the 90 % rank 36, the 10 % rank 4.
        let z: Vec<f64> = (1..=39).map(f64::from).collect();
        assert_eq!(quantile(&z, 0.975), 39.0);
        assert_eq!(quantile(&z, 0.025), 1.0);
        assert_eq!(quantile(&z, 0.9), 36.0);
        assert_eq!(quantile(&z, 0.1), 4.0);
        // Too few to resolve: the extremes.
        assert_eq!(quantile(&z[..10], 0.99), 10.0);
        assert_eq!(quantile(&z[..10], 0.01), 1.0);
    }

    #[test]
    fn margins_stretch_past_the_known_horizons() {
        // Horizon 1: errors ±1 (width 2), horizon 2: ±2 (width 4), horizon 3: 5 errors only.
        let spread = |k: f64| -> Vec<f64> {
            (0..100)
                .map(|i| k * (i as f64 / 99.0 * 2.0 - 1.0))
                .collect()
        };
        let m = Margins::new(vec![spread(1.0), spread(2.0), vec![0.0; 5]], 4).unwrap();
        assert_eq!(m.known(), 2);
        assert_eq!(m.pooled(), 100);
        // γ = ln(4/2)/ln 2 = 1: horizon 3 is horizon 2 stretched by 3/2, horizon 4 by 2.
        assert_eq!(m.at(1).1, 1.0);
        assert!((m.at(2).1 - 1.5).abs() < 1e-12 && (m.at(3).1 - 2.0).abs() < 1e-12);
        // A narrower later horizon is stretched to the earlier width.
        let m = Margins::new(vec![spread(2.0), spread(1.0)], 2).unwrap();
        assert!((m.at(1).1 - 2.0).abs() < 1e-12);
        assert!(Margins::new(vec![vec![0.0; 38]], 3).is_none());
    }
}
