//! The automatic default ([`ForecastMethod::Auto`](super::ForecastMethod::Auto)): the last
//! value combined with three exponential-smoothing trends, with intervals calibrated on the
//! series' own multi-step errors.
//!
//! # Procedure
//!
//! 1. **Season.** When the frequency has seasons (`m` = 4 or 12), the series has at least
//!    three of them and the autocorrelation at lag `m` passes the 90 % test of the M4
//!    competition's benchmarks (`|r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n)`), the series is
//!    seasonally adjusted by classical multiplicative decomposition (additive when a value
//!    is 0), and the indices are put back on the forecast.
//! 2. **Point forecast.** A weighted mean of the last (adjusted) value, 1/2, and of simple
//!    exponential smoothing, Holt's linear trend and the damped trend — ETS(A,N,N),
//!    ETS(A,A,N), ETS(A,Ad,N), each fitted by maximum likelihood — 1/6 each. The three
//!    smoothers are the M4 competition's "Comb" benchmark; the weight on the last value
//!    shrinks their trend halfway to "no change". On the prison series of the benchmark
//!    (`benches/README.md`: US states yearly, Australian states quarterly, England & Wales
//!    and California monthly) the last value was the best single method at short horizons —
//!    revisions, release programmes and COVID-19 move the level at once, and trends
//!    reverse — while trend models won further out; this mean was the best compromise, and
//!    choosing one method on a short history did worse (the choice is noisy). Only when the
//!    trend is clear — the trend models' in-sample mean squared multi-step error at most
//!    [`CLEAR_TREND`] of naive's — does the weight of the level methods (naive and SES,
//!    [`LEVEL_SHARE`]) fall, in proportion, to 0 for a straight line. With too few values for
//!    Holt's and the damped trend the drift stands in for them.
//! 3. **Intervals.** The combination is run from every origin `t ≥ 2` of the series with the
//!    fitted parameters held fixed, giving its own `h`-step errors `e(t, h)`. The sd at
//!    horizon `h` is their root mean square (bias included); intervals are Student-t with
//!    `c_h / h` degrees of freedom (the errors at horizon `h` overlap, so `c_h` of them hold
//!    about `c_h / h` independent ones; at least 4), so a
//!    short history gives wide intervals. Horizons with fewer than [`MIN_ERRORS`] errors
//!    continue the growth of the sd with the horizon seen so far (`sd ∝ h^γ`, `γ` in
//!    0.5–1.5). A series of at most [`OUT_OF_SAMPLE_LEN`] values also refits the components
//!    at every origin and widens the sd where those true out-of-sample errors are larger
//!    (never narrower: in-sample errors understate a forecast's). Where a horizon has at
//!    least [`TAIL_ERRORS`] errors and they are fat-tailed (kurtosis above 3: a level shift
//!    such as COVID-19 in a long monthly series), the t takes the degrees of freedom of
//!    that kurtosis with the same variance, so the 80 % interval is not widened by a few
//!    large errors while the 95 % stays. Sample paths (for crossing probabilities) follow
//!    the damped-trend model's own dynamics, standardised and mapped onto the same t
//!    margins, so a path and the interval agree at every horizon.

use super::CandidateScore;
use super::Model;
use super::accuracy::Scorer;
use super::ets::{ErrorType, EtsFit, EtsSpec, TrendType};
use super::naive::{Benchmark, Kind};
use super::stats::{MIN_T_DF, centred_moving_average};

/// The weight of the level methods (the last value and SES, 3 : 1) in the default's point
/// forecast: the last value 1/2, SES, Holt and the damped trend 1/6 each.
pub const LEVEL_SHARE: f64 = 2.0 / 3.0;

/// A trend is clear when the trend models' in-sample mean squared multi-step error is at
/// most this share of naive's; below it the level methods' share falls in proportion, to 0
/// for a straight line.
pub const CLEAR_TREND: f64 = 0.1;

/// The fewest degrees of freedom (errors less [`PARAMETERS`]) a horizon's sd is estimated
/// from; longer horizons extrapolate.
pub const MIN_ERRORS: usize = 3;

/// The parameters the errors were fitted with, taken off their count as in a residual
/// variance (`Σe² / (c − k)`): Holt's α, β and two initial states. In-sample errors are
/// smaller than the errors of a forecast; on a short series by much.
pub const PARAMETERS: usize = 4;

/// The first origin of the in-sample multi-step errors (the filter needs a few values).
const FIRST_ORIGIN: usize = 2;

/// The additive, non-seasonal smoother with `trend` fitted to the adjusted values `a`.
fn smoother(a: &[f64], trend: TrendType) -> Option<EtsFit> {
    let spec = EtsSpec::new(ErrorType::Additive, trend);
    EtsFit::fit(a, 1, spec)
}

/// The drift stand-in: `a[t]` plus `h` times the mean change of `a[..=t]`.
fn drift(a: &[f64], t: usize, h: usize) -> f64 {
    let slope = if t > 0 { (a[t] - a[0]) / t as f64 } else { 0.0 };
    a[t] + h as f64 * slope
}

/// Series up to this length also check the calibration against true out-of-sample errors:
/// the components refitted at every origin (cheap for short series).
pub const OUT_OF_SAMPLE_LEN: usize = 60;

/// Widens `sd` where the errors of forecasts refitted at each origin (the components refitted
/// on the values up to it, the final weights) are larger than the in-sample ones: never
/// narrower, since in-sample errors understate a forecast's.
#[allow(clippy::too_many_arguments)]
fn widen_out_of_sample(
    y: &[f64],
    a: &[f64],
    season: &Season,
    w_naive: f64,
    w: &[f64],
    labels: &[&str],
    hc: usize,
    sd: &mut [f64],
) {
    let n = y.len();
    let mut sq = vec![0.0; hc];
    let mut count = vec![0usize; hc];
    for t in 1..n - 1 {
        let train = &a[..=t];
        let hmax = hc.min(n - 1 - t);
        let mut blend: Vec<f64> = vec![w_naive * train[t]; hmax];
        let mut ok = true;
        for (label, wc) in labels.iter().zip(w) {
            let point = match SPECS.iter().find(|(_, l)| l == label) {
                Some(&(trend, _)) => match smoother(train, trend) {
                    Some(f) => f.point(hmax),
                    None => {
                        ok = false;
                        break;
                    }
                },
                None => (1..=hmax).map(|h| drift(train, t, h)).collect(),
            };
            for (b, p) in blend.iter_mut().zip(point) {
                *b += wc * p;
            }
        }
        if !ok {
            continue;
        }
        for (h, b) in blend.iter().enumerate() {
            let e = y[t + 1 + h] - season.restore(t + 1 + h, *b);
            sq[h] += e * e;
            count[h] += 1;
        }
    }
    let mut scale = 1.0f64;
    for h in 0..hc {
        if count[h] >= MIN_ERRORS {
            let oos = (sq[h] / count[h] as f64).sqrt();
            if sd[h] > 0.0 {
                scale = scale.max(oos / sd[h]);
            }
        }
        // Horizons past the out-of-sample history keep the largest ratio seen.
        sd[h] *= scale;
    }
    for v in sd.iter_mut().skip(hc) {
        *v *= scale;
    }
}

/// Seasonal indices by `t % m` from the start of the series.
#[derive(Debug, Clone, PartialEq)]
enum Season {
    None,
    Multiplicative(Vec<f64>),
    Additive(Vec<f64>),
}

impl Season {
    fn adjust(&self, t: usize, v: f64) -> f64 {
        match self {
            Season::None => v,
            Season::Multiplicative(s) => v / s[t % s.len()],
            Season::Additive(s) => v - s[t % s.len()],
        }
    }

    fn restore(&self, t: usize, v: f64) -> f64 {
        match self {
            Season::None => v,
            Season::Multiplicative(s) => v * s[t % s.len()],
            Season::Additive(s) => v + s[t % s.len()],
        }
    }

    fn label(&self, m: usize) -> String {
        match self {
            Season::None => String::new(),
            Season::Multiplicative(_) => format!(", seasonally adjusted (multiplicative, m = {m})"),
            Season::Additive(_) => format!(", seasonally adjusted (additive, m = {m})"),
        }
    }
}

/// Autocorrelations `r_1..=r_max` (R's `acf`: demeaned, divided by `n·var`).
fn acf(y: &[f64], max: usize) -> Vec<f64> {
    let n = y.len();
    let mean = y.iter().sum::<f64>() / n as f64;
    let d: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let c0: f64 = d.iter().map(|v| v * v).sum();
    (1..=max)
        .map(|k| {
            if c0 > 0.0 && k < n {
                d[k..].iter().zip(&d).map(|(a, b)| a * b).sum::<f64>() / c0
            } else {
                0.0
            }
        })
        .collect()
}

/// The M4 benchmarks' seasonality test at the 90 % level.
fn is_seasonal(y: &[f64], m: usize) -> bool {
    if m < 2 || y.len() < 3 * m {
        return false;
    }
    let r = acf(y, m);
    let sum: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = 1.645 * ((1.0 + 2.0 * sum) / y.len() as f64).sqrt();
    r[m - 1].abs() > limit
}

/// Classical decomposition's seasonal indices (centred moving average of order `m`, 2×m for
/// even `m`): multiplicative for positive data, else additive.
fn decompose(y: &[f64], m: usize) -> Season {
    let half = m / 2;
    let multiplicative = y.iter().all(|&v| v > 0.0);
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..y.len().saturating_sub(half) {
        let ma = centred_moving_average(y, t, m);
        let ratio = if multiplicative { y[t] / ma } else { y[t] - ma };
        if ratio.is_finite() {
            sums[t % m] += ratio;
            counts[t % m] += 1;
        }
    }
    let mut s: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| {
            if c > 0 {
                s / c as f64
            } else if multiplicative {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let mean = s.iter().sum::<f64>() / m as f64;
    if multiplicative {
        if mean.is_nan() || mean <= 0.0 {
            return Season::None;
        }
        s.iter_mut().for_each(|v| *v /= mean);
        if s.iter().any(|v| !(*v > 0.0 && v.is_finite())) {
            return Season::None;
        }
        Season::Multiplicative(s)
    } else {
        s.iter_mut().for_each(|v| *v -= mean);
        Season::Additive(s)
    }
}

/// The fitted default, on the model scale.
pub(crate) struct AutoFit {
    pub name: String,
    /// Mean forecast per horizon.
    pub point: Vec<f64>,
    /// Calibrated sd and t degrees of freedom per horizon.
    pub sd: Vec<f64>,
    pub df: Vec<f64>,
    /// The model whose standardised paths give the paths' shape, and its mean and sd.
    pub shape: Box<dyn Model>,
    pub shape_point: Vec<f64>,
    pub shape_sd: Vec<f64>,
    /// In-sample multi-step accuracy of the default and of each component, best first.
    pub table: Vec<CandidateScore>,
    /// The in-sample forecasts (model scale, parameters fixed) per horizon: `in_sample[h − 1]`
    /// forecasts the last `in_sample[h − 1].len()` values `h` periods ahead, oldest first,
    /// from every origin that has them (their errors are what
    /// [`reconcile`](super::reconcile) estimates the covariance (`h = 1`) and the joint
    /// paths' dependence (every `h`) from).
    pub in_sample: Vec<Vec<f64>>,
    /// The parts from the end of the series with the smoothed trends and with the drift
    /// ([`TrendFrom`] order), for blends other than the fitted one
    /// ([`crate::forecast::forecast_many`]'s choice per horizon).
    pub parts: [Parts; 2],
}

const SPECS: [(TrendType, &str); 3] = [
    (TrendType::None, "ETS(A,N,N)"),
    (TrendType::Additive, "ETS(A,A,N)"),
    (TrendType::Damped, "ETS(A,Ad,N)"),
];

/// The default's parts on one series, before the weights: the season, the adjusted
/// values, the fitted smoothers, their in-sample forecasts from every origin and from the
/// end, and how clear the trend is.
#[derive(Clone)]
struct Prepared {
    season: Season,
    a: Vec<f64>,
    fits: Vec<(EtsFit, &'static str)>,
    labels: Vec<&'static str>,
    origins: Vec<Vec<Vec<f64>>>,
    comp_points: Vec<Vec<f64>>,
    trend: Vec<bool>,
    first: usize,
    hc: usize,
    /// [`clear_factor`] (`None` without a trend component).
    clear: Option<f64>,
}

/// Where the default's trend comes from: the smoothed trends (the single-series default) or
/// the drift, chosen for many series at once by [`crate::forecast::forecast_many`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrendFrom {
    /// Holt's linear and the damped trend, fitted by maximum likelihood: a local trend
    /// (the smoothed slope follows the recent changes).
    Smoothers,
    /// The drift: the mean change over the whole window, a long-run trend (the Theta
    /// method's idea of half the regression slope, taken whole and shrunk by the level
    /// share instead).
    Drift,
}

impl Prepared {
    /// The same level parts with the drift as the trend in place of the smoothed trends.
    fn with_drift(self, y: &[f64], horizon: usize) -> Prepared {
        if self.labels.last() == Some(&"drift") {
            return self;
        }
        let Prepared {
            season,
            a,
            fits,
            labels,
            origins,
            comp_points,
            trend,
            first,
            hc,
            ..
        } = self;
        let n = a.len();
        let fits: Vec<(EtsFit, &'static str)> = fits
            .into_iter()
            .filter(|(f, _)| f.spec.trend() == TrendType::None)
            .collect();
        let (mut new_labels, mut new_origins, mut new_points) =
            (Vec::new(), Vec::new(), Vec::new());
        for (((l, o), c), t) in labels.into_iter().zip(origins).zip(comp_points).zip(&trend) {
            if !t {
                new_labels.push(l);
                new_origins.push(o);
                new_points.push(c);
            }
        }
        new_labels.push("drift");
        new_origins.push(
            (0..n)
                .map(|t| (1..=hc).map(|h| drift(&a, t, h)).collect())
                .collect(),
        );
        new_points.push((1..=horizon).map(|h| drift(&a, n - 1, h)).collect());
        let trend: Vec<bool> = new_labels.iter().map(|l| *l != "ETS(A,N,N)").collect();
        let clear = clear_factor(y, &a, &season, &new_origins, &trend, first, hc);
        Prepared {
            season,
            a,
            fits,
            labels: new_labels,
            origins: new_origins,
            comp_points: new_points,
            trend,
            first,
            hc,
            clear,
        }
    }
}

fn prepare_smoothers(y: &[f64], m: usize, horizon: usize) -> Prepared {
    let n = y.len();
    let season = if is_seasonal(y, m) {
        decompose(y, m)
    } else {
        Season::None
    };
    let a: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(t, &v)| season.adjust(t, v))
        .collect();
    let fits: Vec<(EtsFit, &'static str)> = SPECS
        .iter()
        .filter_map(|&(trend, label)| smoother(&a, trend).map(|f| (f, label)))
        .collect();
    // In-sample multi-step forecasts from every origin, parameters fixed, and the forecast
    // from the end, per component.
    let hc = horizon.min(n.saturating_sub(1 + FIRST_ORIGIN)).max(1);
    let mut labels: Vec<&'static str> = Vec::new();
    let mut origins: Vec<Vec<Vec<f64>>> = Vec::new();
    let mut comp_points: Vec<Vec<f64>> = Vec::new();
    for (f, label) in &fits {
        labels.push(label);
        origins.push(f.origin_forecasts(&a, hc));
        comp_points.push(f.point(horizon));
    }
    if !fits.iter().any(|(f, _)| f.spec.trend() != TrendType::None) {
        // Too short for a smoothed trend: the drift (mean change so far) stands in.
        labels.push("drift");
        origins.push(
            (0..n)
                .map(|t| (1..=hc).map(|h| drift(&a, t, h)).collect())
                .collect(),
        );
        comp_points.push((1..=horizon).map(|h| drift(&a, n - 1, h)).collect());
    }
    let first = FIRST_ORIGIN.min(n - 1);
    let trend: Vec<bool> = labels.iter().map(|l| *l != "ETS(A,N,N)").collect();
    let clear = clear_factor(y, &a, &season, &origins, &trend, first, hc);
    Prepared {
        season,
        a,
        fits,
        labels,
        origins,
        comp_points,
        trend,
        first,
        hc,
        clear,
    }
}

/// The default's point forecasts from the end of `y` by part, on the original scale, so
/// that a caller can weigh them with any level share ([`Parts::point`]): what
/// [`crate::forecast::forecast_many`] evaluates at each origin to choose the share for many
/// series at once.
pub(crate) struct Parts {
    /// The last (adjusted) value, seasonality restored, per horizon.
    naive: Vec<f64>,
    /// Each component's forecast, seasonality restored.
    comps: Vec<Vec<f64>>,
    trend: Vec<bool>,
    clear: Option<f64>,
}

impl Parts {
    /// The default's point forecast at horizon index `h` with the level methods' share
    /// `level_share` (the default's is [`LEVEL_SHARE`]).
    pub(crate) fn point(&self, level_share: f64, h: usize) -> f64 {
        let (w_naive, w) = blend_weights(level_share, self.clear, &self.trend);
        // Seasonal restoring is affine and the weights sum to 1: blending the restored
        // parts is restoring the blend.
        w_naive * self.naive[h]
            + self
                .comps
                .iter()
                .zip(&w)
                .map(|(c, w)| w * c[h])
                .sum::<f64>()
    }

    /// Horizons held.
    pub(crate) fn horizon(&self) -> usize {
        self.naive.len()
    }
}

/// The parts of the default fitted to `y` (not constant) with season length `m`, for
/// `h = 1..=horizon`.
#[cfg(test)]
pub(crate) fn parts(y: &[f64], m: usize, horizon: usize) -> Parts {
    parts_of(&prepare_smoothers(y, m, horizon), y.len(), horizon)
}

/// The parts of a prepared fit to `n` values.
fn parts_of(p: &Prepared, n: usize, horizon: usize) -> Parts {
    let last = p.a[n - 1];
    Parts {
        naive: (0..horizon)
            .map(|h| p.season.restore(n + h, last))
            .collect(),
        comps: p
            .comp_points
            .iter()
            .map(|c| {
                c.iter()
                    .enumerate()
                    .map(|(h, v)| p.season.restore(n + h, *v))
                    .collect()
            })
            .collect(),
        trend: p.trend.clone(),
        clear: p.clear,
    }
}

/// The parts of the default estimated once on `y[..cuts[0]]` (season indices, smoothing
/// parameters, how clear the trend is) and updated, parameters held, to each later cut:
/// `result[i]` forecasts from the end of `y[..cuts[i]]` (`cuts` ascending, each below
/// `y.len()`, the first not constant), once with the smoothed trends and once with the
/// drift ([`TrendFrom`]). Every forecast uses only values before its cut, so its errors are
/// out of sample; only the estimation is shared across the cuts.
pub(crate) fn parts_updated(
    y: &[f64],
    m: usize,
    horizon: usize,
    cuts: &[usize],
) -> Vec<[Parts; 2]> {
    let Some(&k0) = cuts.first() else {
        return Vec::new();
    };
    let p = prepare_smoothers(&y[..k0], m, horizon.min(y.len() - k0));
    let smoothed = updated(&p, y, horizon, cuts);
    let drift = updated(
        &p.with_drift(&y[..k0], horizon.min(y.len() - k0)),
        y,
        horizon,
        cuts,
    );
    smoothed
        .into_iter()
        .zip(drift)
        .map(|(s, d)| [s, d])
        .collect()
}

/// [`parts_updated`] for one prepared fit to `y[..cuts[0]]`.
fn updated(p: &Prepared, y: &[f64], horizon: usize, cuts: &[usize]) -> Vec<Parts> {
    let hmax = |k: usize| horizon.min(y.len() - k);
    let Some((&k0, later)) = cuts.split_first() else {
        return Vec::new();
    };
    let first = parts_of(p, k0, hmax(k0));
    let Some(&k_max) = later.last() else {
        return vec![first];
    };
    let a: Vec<f64> = y[..k_max]
        .iter()
        .enumerate()
        .map(|(t, &v)| p.season.adjust(t, v))
        .collect();
    // Each component's forecasts from every origin up to the last cut, parameters fixed.
    let mut rows: Vec<Vec<Vec<f64>>> = p
        .fits
        .iter()
        .map(|(f, _)| f.origin_forecasts(&a, horizon))
        .collect();
    if p.labels.last() == Some(&"drift") {
        rows.push(
            (0..k_max)
                .map(|t| (1..=horizon).map(|h| drift(&a, t, h)).collect())
                .collect(),
        );
    }
    let mut out = Vec::with_capacity(cuts.len());
    out.push(first);
    for &k in later {
        let restore = |h: usize, v: f64| p.season.restore(k + h, v);
        out.push(Parts {
            naive: (0..hmax(k)).map(|h| restore(h, a[k - 1])).collect(),
            comps: rows
                .iter()
                .map(|r| {
                    r[k - 1][..hmax(k)]
                        .iter()
                        .enumerate()
                        .map(|(h, v)| restore(h, *v))
                        .collect()
                })
                .collect(),
            trend: p.trend.clone(),
            clear: p.clear,
        });
    }
    out
}

/// Fits the default to `y` (model scale; not constant) with season length `m`, for
/// `h = 1..=horizon`.
pub(crate) fn fit(y: &[f64], m: usize, horizon: usize) -> AutoFit {
    fit_with(y, m, horizon, LEVEL_SHARE, TrendFrom::Smoothers)
}

/// [`fit`] with the level methods' share `level_share` in place of [`LEVEL_SHARE`] and the
/// trend from `from` (chosen across many series by [`crate::forecast::forecast_many`]).
pub(crate) fn fit_with(
    y: &[f64],
    m: usize,
    horizon: usize,
    level_share: f64,
    from: TrendFrom,
) -> AutoFit {
    let n = y.len();
    let smoothers = prepare_smoothers(y, m, horizon);
    let drift_family = smoothers.clone().with_drift(y, horizon);
    let parts = [
        parts_of(&smoothers, n, horizon),
        parts_of(&drift_family, n, horizon),
    ];
    let Prepared {
        season,
        a,
        fits,
        labels,
        origins,
        comp_points,
        trend,
        first,
        hc,
        clear,
    } = match from {
        TrendFrom::Smoothers => smoothers,
        TrendFrom::Drift => drift_family,
    };
    let (w_naive, w) = blend_weights(level_share, clear, &trend);

    // The point forecast from the end of the series.
    let last = a[n - 1];
    let point: Vec<f64> = (0..horizon)
        .map(|h| {
            let v = w_naive * last
                + comp_points
                    .iter()
                    .zip(&w)
                    .map(|(p, w)| w * p[h])
                    .sum::<f64>();
            season.restore(n + h, v)
        })
        .collect();

    // The in-sample scale of the scaled measures: the mean absolute one-period change.
    let scale = y.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (n - 1).max(1) as f64;
    // Σe², Σe⁴ and counts per horizon for the default's calibration; the candidates' accuracy
    // pooled over origins and horizons by the one scorer of every rolling-origin report.
    let mut sq = vec![0.0; hc];
    let mut quad = vec![0.0; hc];
    let mut count = vec![0usize; hc];
    let mut score_default = Scorer::new(hc, &[]);
    let mut score_naive = Scorer::new(hc, &[]);
    let mut score_comp = vec![Scorer::new(hc, &[]); labels.len()];
    let mut in_sample: Vec<Vec<f64>> = (1..=hc)
        .map(|h| Vec::with_capacity(n.saturating_sub(first + h)))
        .collect();
    for t in first..n - 1 {
        for h in 1..=hc.min(n - 1 - t) {
            let target = y[t + h];
            let naive = season.restore(t + h, a[t]);
            let mut blend = w_naive * a[t];
            for (c, o) in origins.iter().enumerate() {
                let v = o[t][h - 1];
                blend += w[c] * v;
                score_comp[c].score(season.restore(t + h, v), target, Some(scale), &[]);
            }
            let point = season.restore(t + h, blend);
            in_sample[h - 1].push(point);
            let e = target - point;
            sq[h - 1] += e * e;
            quad[h - 1] += e * e * e * e;
            count[h - 1] += 1;
            score_default.score(point, target, Some(scale), &[]);
            score_naive.score(naive, target, Some(scale), &[]);
        }
    }
    let (mut sd, mut df) = calibrate(y, &sq, &count, horizon);
    if n <= OUT_OF_SAMPLE_LEN {
        widen_out_of_sample(y, &a, &season, w_naive, &w, &labels, hc, &mut sd);
    }
    fat_tails(&sq, &quad, &count, &mut sd, &mut df);

    let name = name(&labels, w_naive, &w, &season, m);
    let score = |method: String, scorer: &Scorer| CandidateScore {
        method,
        accuracy: scorer.finish(),
    };
    let mut table = vec![
        score(name.clone(), &score_default),
        score("naive".into(), &score_naive),
    ];
    for (label, s) in labels.iter().zip(&score_comp) {
        table.push(score(label.to_string(), s));
    }
    // Nothing scored (too short for an origin): no table. Otherwise every candidate has an
    // MAE, best first.
    let mut ranked: Vec<(f64, CandidateScore)> = table
        .into_iter()
        .filter_map(|c| c.accuracy.mae.map(|mae| (mae, c)))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let table: Vec<CandidateScore> = ranked.into_iter().map(|(_, c)| c).collect();

    // Paths: the damped trend's dynamics when it fitted, else the random walk.
    let shape: Box<dyn Model> = match fits
        .iter()
        .find(|(f, _)| f.spec.trend() == TrendType::Damped)
    {
        Some((f, _)) => Box::new(f.clone()),
        None => Box::new(Benchmark::fit(&a, 1, Kind::Naive)),
    };
    let shape_point = shape.point(horizon);
    let shape_sd = shape.sd(horizon).unwrap_or_else(|| vec![0.0; horizon]);
    AutoFit {
        name,
        point,
        sd,
        df,
        shape,
        shape_point,
        shape_sd,
        table,
        in_sample,
        parts,
    }
}

/// How clear the trend is: the trend models' in-sample mean squared multi-step error as a
/// share of naive's, over [`CLEAR_TREND`], at most 1 (`None` without a trend component;
/// 1 when it cannot be told).
fn clear_factor(
    y: &[f64],
    a: &[f64],
    season: &Season,
    origins: &[Vec<Vec<f64>>],
    trend: &[bool],
    first: usize,
    hc: usize,
) -> Option<f64> {
    let n = y.len();
    let k_trend = trend.iter().filter(|&&t| t).count();
    if k_trend == 0 {
        return None;
    }
    let (mut sq_naive, mut sq_trend, mut c) = (0.0, 0.0, 0usize);
    for t in first..n - 1 {
        for h in 1..=hc.min(n - 1 - t) {
            let mean = origins
                .iter()
                .zip(trend)
                .filter(|(_, t)| **t)
                .map(|(o, _)| o[t][h - 1])
                .sum::<f64>()
                / k_trend as f64;
            sq_naive += (y[t + h] - season.restore(t + h, a[t])).powi(2);
            sq_trend += (y[t + h] - season.restore(t + h, mean)).powi(2);
            c += 1;
        }
    }
    let dof = c.saturating_sub(PARAMETERS);
    if dof > 0 && sq_naive > 0.0 {
        let ratio = (sq_trend / dof as f64) / (sq_naive / c as f64);
        Some((ratio / CLEAR_TREND).min(1.0))
    } else {
        Some(1.0)
    }
}

/// The weights of the last value and of each component (see the module docs): the level
/// methods (naive, SES) share `level_share` 3 : 1 and the trends the rest, the share
/// falling in proportion to [`clear_factor`] when the trend is clear.
fn blend_weights(level_share: f64, clear: Option<f64>, trend: &[bool]) -> (f64, Vec<f64>) {
    let k_trend = trend.iter().filter(|&&t| t).count();
    let level = match clear {
        Some(f) if k_trend > 0 => level_share * f,
        _ => 1.0,
    };
    let k_level = trend.len() - k_trend;
    // Naive takes three quarters of the level share, SES (when fitted) one quarter.
    let w_naive = if k_level > 0 { 0.75 * level } else { level };
    let w = trend
        .iter()
        .map(|&t| {
            if t {
                (1.0 - level) / k_trend as f64
            } else {
                0.25 * level / k_level as f64
            }
        })
        .collect();
    (w_naive, w)
}

fn name(labels: &[&str], w_naive: f64, w: &[f64], season: &Season, m: usize) -> String {
    let base = if labels.is_empty() {
        "naive".to_string()
    } else {
        let parts: Vec<String> = labels
            .iter()
            .zip(w)
            .map(|(l, w)| format!("{l} {w:.2}"))
            .collect();
        format!("weighted mean of naive {w_naive:.2}, {}", parts.join(", "))
    };
    format!("{base}{}", season.label(m))
}

/// Horizons with at least this many errors (less [`PARAMETERS`]) take the shape of their
/// tails from the errors' kurtosis; fewer errors estimate it too poorly.
pub const TAIL_ERRORS: usize = 40;

/// Fat tails: where a horizon has [`TAIL_ERRORS`] errors and their kurtosis `κ` (about 0,
/// bias included) exceeds the normal's 3, the t takes the degrees of freedom of that
/// kurtosis, `ν = 4 + 6/(κ − 3)` (at least 4), when they are fewer than the sample's, and a
/// scale `sd·√((ν − 2)/ν)` that keeps the variance: the same 95 % interval, narrower
/// central ones. Horizons past the last such horizon keep its shape.
fn fat_tails(sq: &[f64], quad: &[f64], count: &[usize], sd: &mut [f64], df: &mut [f64]) {
    let mut shape: Option<f64> = None;
    for i in 0..sd.len() {
        if i < count.len() && count[i].saturating_sub(PARAMETERS) >= TAIL_ERRORS {
            let c = count[i] as f64;
            let m2 = sq[i] / c;
            let excess = if m2 > 0.0 {
                quad[i] / c / (m2 * m2) - 3.0
            } else {
                0.0
            };
            shape = (excess > 0.0).then(|| (4.0 + 6.0 / excess).max(MIN_T_DF));
        }
        if let Some(nu) = shape
            && nu < df[i]
        {
            df[i] = nu;
            sd[i] *= ((nu - 2.0) / nu).sqrt();
        }
    }
}

/// The sd and degrees of freedom per horizon from the squared errors (see the module docs).
fn calibrate(y: &[f64], sq: &[f64], count: &[usize], horizon: usize) -> (Vec<f64>, Vec<f64>) {
    let mut sd = Vec::with_capacity(horizon);
    let mut df = Vec::with_capacity(horizon);
    // The last horizon estimated from enough errors.
    let dof = |i: usize| count[i].saturating_sub(PARAMETERS);
    let known: Vec<usize> = (0..sq.len()).filter(|&i| dof(i) >= MIN_ERRORS).collect();
    let Some(&last) = known.last() else {
        // Too short for any estimate: the random walk's σ·√h from the one-step changes,
        // with the fewest degrees of freedom.
        let d: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
        let sigma = (d.iter().map(|v| v * v).sum::<f64>() / d.len().max(1) as f64).sqrt();
        for h in 1..=horizon {
            sd.push(sigma * (h as f64).sqrt());
            df.push(MIN_T_DF);
        }
        return (sd, df);
    };
    let rms = |i: usize| (sq[i] / dof(i) as f64).sqrt();
    let first = rms(known[0]);
    let top = rms(last);
    let gamma = if last > known[0] && first > 0.0 && top > 0.0 {
        ((top / first).ln() / ((last + 1) as f64 / (known[0] + 1) as f64).ln()).clamp(0.5, 1.5)
    } else {
        0.5
    };
    let df_of = |i: usize| (dof(i) as f64 / (i + 1) as f64).max(MIN_T_DF);
    let mut prev = 0.0f64;
    for i in 0..horizon {
        let (s, d) = if i <= last && dof(i) >= MIN_ERRORS {
            (rms(i), df_of(i))
        } else if i < last {
            // A gap below the last estimated horizon cannot happen (counts fall with h),
            // but keep the sd growing.
            (prev, df_of(last))
        } else {
            (
                top * ((i + 1) as f64 / (last + 1) as f64).powf(gamma),
                df_of(last),
            )
        };
        // Uncertainty does not shrink with the horizon.
        let s = s.max(prev);
        prev = s;
        sd.push(s.min(1e300));
        df.push(d);
    }
    (sd, df)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonality_test_and_indices() {
        // A strong 12-month pattern on a level of 1,000.
        let y: Vec<f64> = (0..60)
            .map(|t| 1_000.0 * (1.0 + 0.1 * (std::f64::consts::TAU * t as f64 / 12.0).sin()))
            .collect();
        assert!(is_seasonal(&y, 12));
        let Season::Multiplicative(s) = decompose(&y, 12) else {
            panic!("multiplicative")
        };
        assert!((s.iter().sum::<f64>() / 12.0 - 1.0).abs() < 1e-12);
        assert!((s[3] - 1.1).abs() < 0.01, "{}", s[3]); // the peak at t ≡ 3
        // A trend without season is not seasonal.
        let line: Vec<f64> = (0..60).map(|t| 1_000.0 + 3.0 * t as f64).collect();
        assert!(!is_seasonal(&line, 12));
        assert!(!is_seasonal(&y[..30], 12)); // fewer than three seasons
    }

    #[test]
    fn weights_half_naive_unless_the_trend_is_clear() {
        // A walk without a clear trend: the fixed weights.
        let walk: Vec<f64> = (0..30)
            .map(|t| 500.0 + [0.0, 8.0, 3.0, -6.0, 2.0, 9.0, -4.0][t % 7] * (t % 5) as f64)
            .collect();
        let f = fit(&walk, 1, 4);
        assert!(
            f.name
                .starts_with("weighted mean of naive 0.50, ETS(A,N,N) 0.17, ETS(A,A,N) 0.17"),
            "{}",
            f.name
        );
        // A line with a little noise: the trend carries on (≈ +10 a year).
        let line: Vec<f64> = (0..30)
            .map(|t| 500.0 + 10.0 * t as f64 + [3.0, -2.0, 1.0, -2.0][t % 4])
            .collect();
        let f = fit(&line, 1, 4);
        assert!(
            f.name.starts_with("weighted mean of naive 0.0"),
            "{}",
            f.name
        );
        let step = f.point[3] - 790.0;
        assert!((step - 40.0).abs() < 6.0, "{step}");
        // The sd grows with the horizon and the degrees of freedom are at least 4.
        assert!(f.sd.windows(2).all(|w| w[1] >= w[0]));
        assert!(f.df.iter().all(|&d| d >= MIN_T_DF));
    }

    #[test]
    fn updated_parts_forecast_from_each_cut_with_the_first_cut_estimates() {
        // A noisy line rising by 10 a period.
        let y: Vec<f64> = (0..40)
            .map(|t| 500.0 + 10.0 * t as f64 + [3.0, -2.0, 1.0, -2.0][t % 4])
            .collect();
        let updated = parts_updated(&y, 1, 3, &[20, 24, 37]);
        assert_eq!(updated.len(), 3);
        // The first cut is the parts fitted to it.
        let own = parts(&y[..20], 1, 3);
        for h in 0..3 {
            assert_eq!(
                updated[0][0].point(LEVEL_SHARE, h),
                own.point(LEVEL_SHARE, h)
            );
        }
        // Later cuts forecast from their own last values: about 10 a period on from y[k − 1]
        // (the drift pure at share 0), and the horizons stop at the series' end.
        for (i, k) in [(1, 24), (2, 37)] {
            let drift = updated[i][1].point(0.0, 0);
            assert!((drift - (y[k - 1] + 10.0)).abs() < 3.0, "{k}: {drift}");
        }
        assert_eq!(updated[2][0].horizon(), 3);
        assert_eq!(parts_updated(&y, 1, 3, &[38])[0][0].horizon(), 2);
    }

    #[test]
    fn fat_tails_take_the_kurtosis_shape_and_keep_the_variance() {
        // 100 errors at h = 1 with m2 = 1 and m4 = 6 (kurtosis 6, excess 3): ν = 4 + 6/3 = 6.
        let (sq, quad, count) = ([100.0, 100.0, 100.0], [600.0, 300.0, 0.0], [100, 100, 20]);
        let mut sd = vec![1.0, 1.0, 1.0, 1.0];
        let mut df = vec![24.0, 12.0, 4.0, 4.0];
        fat_tails(&sq, &quad, &count, &mut sd, &mut df);
        assert_eq!(df[0], 6.0);
        assert!((sd[0] - (4.0f64 / 6.0).sqrt()).abs() < 1e-15);
        // h = 2: kurtosis 3 (normal), nothing changes; h = 3, 4: too few errors, and the
        // normal shape of h = 2 carries on.
        assert_eq!((sd[1], df[1]), (1.0, 12.0));
        assert_eq!(&sd[2..], &[1.0, 1.0]);
        assert_eq!(&df[2..], &[4.0, 4.0]);
        // The variance of the t is unchanged: scale² · ν/(ν − 2) = sd².
        assert!((sd[0] * sd[0] * df[0] / (df[0] - 2.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn calibration_extrapolates_past_the_history() {
        // Errors 1, 2 at h = 1, 2 (rms over c − 4), nothing at h = 3: sd grows as h^1.
        let (sd, df) = calibrate(&[0.0, 1.0], &[4.0, 16.0, 0.0], &[8, 8, 0], 4);
        assert_eq!(&sd[..2], &[1.0, 2.0]);
        assert!((sd[2] - 3.0).abs() < 1e-12 && (sd[3] - 4.0).abs() < 1e-12);
        assert_eq!(df, vec![4.0; 4]);
    }
}
