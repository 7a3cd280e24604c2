//! Exponential smoothing state-space models (Hyndman, Koehler, Ord & Snyder 2008; R
//! `forecast::ets`, statsforecast `AutoETS`): additive or multiplicative errors, no, additive
//! or damped additive trend, and an additive season where the frequency has seasons.
//!
//! # Fitting
//!
//! By maximum likelihood as in R's `ets`: the smoothing parameters and the initial level
//! (and slope) minimise `n·ln Σe²` (additive errors) or `n·ln Σ(e/ŷ)² + 2·Σ ln|ŷ|`
//! (multiplicative errors) by Nelder–Mead inside the "usual" region `1e-4 ≤ α ≤ 0.9999`,
//! `1e-4 ≤ β ≤ α`, `1e-4 ≤ γ ≤ 1 − α`, `0.8 ≤ φ ≤ 0.98`. The initial seasonal states come
//! from a classical decomposition of the first three seasons (R's starting values) and are
//! not re-optimised (R optimises them too; this keeps a 12-month fit fast); they are still
//! counted as parameters in the information criteria. Data are divided by their mean before
//! fitting (the likelihood is reported on the original scale).
//!
//! # Intervals
//!
//! Additive-error models (class 1) have the analytic forecast variance
//! `σ²·(1 + Σ_{j<h} c_j²)`, `c_j = α + β·φ_j + γ·[j mod m = 0]` (Hyndman et al. 2008,
//! table 6.1); multiplicative-error models are simulated from their own state equations.

use super::Model;
use super::stats::{Normals, centred_moving_average, nelder_mead};

/// The error term of an ETS model.
///
/// ```
/// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
/// let spec = EtsSpec::new(ErrorType::Multiplicative, TrendType::Additive);
/// assert_eq!(spec.to_string(), "ETS(M,A,N)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ErrorType {
    /// `y = ŷ + ε`.
    Additive,
    /// `y = ŷ·(1 + ε)`: the spread grows with the level.
    Multiplicative,
}

/// The trend of an ETS model.
///
/// ```
/// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
/// let spec = EtsSpec::new(ErrorType::Additive, TrendType::Damped).with_season(true);
/// assert_eq!(spec.to_string(), "ETS(A,Ad,A)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TrendType {
    /// A level only (simple exponential smoothing).
    None,
    /// Holt's linear trend.
    Additive,
    /// A damped additive trend (`φ` in 0.8–0.98): the slope fades out.
    Damped,
}

/// An ETS model form: error, trend and (additive) season.
///
/// ```
/// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
/// let spec = EtsSpec::new(ErrorType::Additive, TrendType::None);
/// assert_eq!(spec.to_string(), "ETS(A,N,N)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EtsSpec {
    error: ErrorType,
    trend: TrendType,
    /// Ignored for yearly data (no season).
    seasonal: bool,
}

impl EtsSpec {
    /// The form with this error term and trend, without a season.
    ///
    /// ```
    /// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
    /// let spec = EtsSpec::new(ErrorType::Multiplicative, TrendType::Additive);
    /// assert_eq!((spec.to_string(), spec.seasonal()), ("ETS(M,A,N)".to_string(), false));
    /// ```
    pub const fn new(error: ErrorType, trend: TrendType) -> EtsSpec {
        EtsSpec {
            error,
            trend,
            seasonal: false,
        }
    }

    /// With (`true`) or without an additive season of the frequency's period (ignored for
    /// yearly data).
    ///
    /// ```
    /// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
    /// let spec = EtsSpec::new(ErrorType::Additive, TrendType::None).with_season(true);
    /// assert_eq!(spec.to_string(), "ETS(A,N,A)");
    /// ```
    pub const fn with_season(mut self, seasonal: bool) -> EtsSpec {
        self.seasonal = seasonal;
        self
    }

    /// The error term.
    ///
    /// ```
    /// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
    /// let spec = EtsSpec::new(ErrorType::Additive, TrendType::None);
    /// assert_eq!(spec.error(), ErrorType::Additive);
    /// ```
    pub fn error(&self) -> ErrorType {
        self.error
    }

    /// The trend.
    ///
    /// ```
    /// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
    /// let spec = EtsSpec::new(ErrorType::Additive, TrendType::Damped);
    /// assert_eq!(spec.trend(), TrendType::Damped);
    /// ```
    pub fn trend(&self) -> TrendType {
        self.trend
    }

    /// Whether the form has an additive season.
    ///
    /// ```
    /// use overcrowding::forecast::{EtsSpec, ErrorType, TrendType};
    /// assert!(EtsSpec::new(ErrorType::Additive, TrendType::None).with_season(true).seasonal());
    /// ```
    pub fn seasonal(&self) -> bool {
        self.seasonal
    }
}

impl std::fmt::Display for EtsSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = match self.error {
            ErrorType::Additive => "A",
            ErrorType::Multiplicative => "M",
        };
        let t = match self.trend {
            TrendType::None => "N",
            TrendType::Additive => "A",
            TrendType::Damped => "Ad",
        };
        let s = if self.seasonal { "A" } else { "N" };
        write!(f, "ETS({e},{t},{s})")
    }
}

/// A fitted ETS model.
#[derive(Debug, Clone)]
pub(crate) struct EtsFit {
    pub spec: EtsSpec,
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
    /// The scale the data were divided by.
    scale: f64,
    /// Final level and slope (scaled).
    level: f64,
    slope: f64,
    /// Final seasonal states: `season[j]` is the state of the `j`-th period after the end.
    season: Vec<f64>,
    /// `σ` (scaled for additive errors, relative for multiplicative ones).
    sigma: f64,
    /// The log-likelihood on the original scale (R's convention: `−0.5 · lik`).
    pub loglik: f64,
    /// Number of parameters incl. initial states and σ.
    pub n_params: usize,
    /// Observations fitted.
    pub n: usize,
    /// Initial level and slope (scaled).
    l0: f64,
    b0: f64,
}

const LIK_INF: f64 = 1e300;

struct Setup<'a> {
    x: &'a [f64],
    spec: EtsSpec,
    m: usize,
    season0: Vec<f64>,
}

impl Setup<'_> {
    /// Unpacks `[α, β?, γ?, φ?, l0, b0?]`.
    fn unpack(&self, p: &[f64]) -> (f64, f64, f64, f64, f64, f64) {
        let mut i = 0;
        let mut next = || {
            i += 1;
            p[i - 1]
        };
        let alpha = next();
        let trend = self.spec.trend != TrendType::None;
        let beta = if trend { next() } else { 0.0 };
        let gamma = if self.spec.seasonal { next() } else { 0.0 };
        let phi = match self.spec.trend {
            TrendType::Damped => next(),
            TrendType::Additive => 1.0,
            TrendType::None => 0.0,
        };
        let l0 = next();
        let b0 = if trend { next() } else { 0.0 };
        (alpha, beta, gamma, phi, l0, b0)
    }

    fn in_bounds(&self, alpha: f64, beta: f64, gamma: f64, phi: f64) -> bool {
        let lo = 1e-4;
        if !(lo..=0.9999).contains(&alpha) {
            return false;
        }
        if self.spec.trend != TrendType::None && !(lo..=alpha).contains(&beta) {
            return false;
        }
        if self.spec.seasonal && !(lo..=1.0 - alpha).contains(&gamma) {
            return false;
        }
        if self.spec.trend == TrendType::Damped && !(0.8..=0.98).contains(&phi) {
            return false;
        }
        true
    }

    /// Runs the filter; returns (lik on the scaled data, SSE of the errors used for σ,
    /// final level, slope, seasonal states rotated to start at the next period).
    #[allow(clippy::type_complexity)]
    fn filter(&self, p: &[f64]) -> Option<(f64, f64, f64, f64, Vec<f64>)> {
        let (alpha, beta, gamma, phi, mut l, mut b) = self.unpack(p);
        if !self.in_bounds(alpha, beta, gamma, phi) {
            return None;
        }
        let m = self.m.max(1);
        let mut s = self.season0.clone();
        let mult = self.spec.error == ErrorType::Multiplicative;
        let (mut sse, mut sum_log) = (0.0, 0.0);
        for (t, &y) in self.x.iter().enumerate() {
            let pb = phi * b;
            let st = if self.spec.seasonal { s[t % m] } else { 0.0 };
            let yhat = l + pb + st;
            let e = y - yhat;
            if mult {
                if yhat.is_nan() || yhat <= 0.0 {
                    return None;
                }
                let r = e / yhat;
                sse += r * r;
                sum_log += yhat.ln();
            } else {
                sse += e * e;
            }
            l = l + pb + alpha * e;
            b = pb + beta * e;
            if self.spec.seasonal {
                s[t % m] = st + gamma * e;
            }
            if !(l.is_finite() && b.is_finite()) || l.abs() > 1e12 {
                return None;
            }
        }
        let n = self.x.len() as f64;
        let lik = n * sse.max(1e-300).ln() + 2.0 * sum_log;
        let start = self.x.len() % m;
        let rotated = if self.spec.seasonal {
            (0..m).map(|j| s[(start + j) % m]).collect()
        } else {
            Vec::new()
        };
        Some((lik, sse, l, b, rotated))
    }
}

/// Classical additive seasonal indices from the first (up to) three seasons, centred to sum 0.
fn initial_season(x: &[f64], m: usize) -> Vec<f64> {
    let k = (x.len() / m).min(3);
    let y = &x[..k * m];
    // Centred moving average of order m (2×m for even m).
    let half = m / 2;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..y.len().saturating_sub(half) {
        let ma = centred_moving_average(y, t, m);
        sums[t % m] += y[t] - ma;
        counts[t % m] += 1;
    }
    let mut s: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
        .collect();
    let mean = s.iter().sum::<f64>() / m as f64;
    for v in &mut s {
        *v -= mean;
    }
    s
}

impl EtsFit {
    /// Fits `spec` to `y` (season length `m`); `None` when the form does not apply (too few
    /// observations, a non-positive value for multiplicative errors) or no admissible fit
    /// was found.
    pub(crate) fn fit(y: &[f64], m: usize, spec: EtsSpec) -> Option<EtsFit> {
        let n = y.len();
        let seasonal = spec.seasonal && m > 1;
        let spec = EtsSpec { seasonal, ..spec };
        if seasonal && n < 3 * m {
            return None;
        }
        if spec.error == ErrorType::Multiplicative && y.iter().any(|&v| v <= 0.0) {
            return None;
        }
        let mean = y.iter().sum::<f64>() / n as f64;
        let scale = if mean > 0.0 { mean } else { 1.0 };
        let x: Vec<f64> = y.iter().map(|v| v / scale).collect();
        let mm = if seasonal { m } else { 1 };
        let season0 = if seasonal {
            initial_season(&x, m)
        } else {
            vec![0.0]
        };
        // Initial level and slope: least squares on the first max(10, 2m) deseasonalised
        // values (R's `initstate`).
        let maxn = 10.max(2 * mm).min(n);
        let sa: Vec<f64> = (0..maxn)
            .map(|t| x[t] - if seasonal { season0[t % m] } else { 0.0 })
            .collect();
        let trend = spec.trend != TrendType::None;
        let (l0, b0) = if trend {
            let tm = (maxn as f64 + 1.0) / 2.0;
            let ym = sa.iter().sum::<f64>() / maxn as f64;
            let (mut sxy, mut sxx) = (0.0, 0.0);
            for (i, v) in sa.iter().enumerate() {
                let d = i as f64 + 1.0 - tm;
                sxy += d * (v - ym);
                sxx += d * d;
            }
            let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
            (ym - b * tm, b)
        } else {
            (sa.iter().sum::<f64>() / maxn as f64, 0.0)
        };
        let n_smooth = 1
            + usize::from(trend)
            + usize::from(seasonal)
            + usize::from(spec.trend == TrendType::Damped);
        let n_params = n_smooth + 1 + usize::from(trend) + if seasonal { m - 1 } else { 0 } + 1;
        if n <= n_params + 1 {
            return None;
        }
        // Starting values (R's `initparam`).
        let alpha0 = 1e-4 + 0.2 * (0.9999 - 1e-4) / mm as f64;
        let mut p0 = vec![alpha0];
        let mut step = vec![0.1];
        if trend {
            p0.push(1e-4 + 0.1 * (alpha0 - 1e-4));
            step.push(0.01);
        }
        if seasonal {
            p0.push(1e-4 + 0.05 * (1.0 - alpha0 - 1e-4));
            step.push(0.02);
        }
        if spec.trend == TrendType::Damped {
            p0.push(0.978);
            step.push(-0.05);
        }
        p0.push(l0);
        step.push(0.05 * l0.abs().max(0.1));
        if trend {
            p0.push(b0);
            step.push(0.05 * b0.abs().max(0.01));
        }
        let setup = Setup {
            x: &x,
            spec,
            m: mm,
            season0,
        };
        let mut f = |p: &[f64]| setup.filter(p).map_or(LIK_INF, |r| r.0);
        // Nelder–Mead collapses early near the bounds (α → 1, β → 0): restart from the best
        // point with a fresh simplex until a restart no longer improves (at most 3).
        let (mut p, mut best) = nelder_mead(&mut f, &p0, &step, 1e-10, 2_000);
        for _ in 0..3 {
            let restart_step: Vec<f64> = step.iter().map(|s| s * 0.5).collect();
            let (q, v) = nelder_mead(&mut f, &p, &restart_step, 1e-10, 1_000);
            let gain = best - v;
            if v < best {
                (p, best) = (q, v);
            }
            if gain.is_nan() || gain <= 1e-6 {
                break;
            }
        }
        if best >= LIK_INF {
            return None;
        }
        let (lik, sse, level, slope, season) = setup.filter(&p)?;
        let (alpha, beta, gamma, phi, l0, b0) = setup.unpack(&p);
        let dof = (n - n_params).max(1) as f64;
        let sigma = (sse / dof).sqrt();
        let lik_orig = lik + 2.0 * n as f64 * scale.ln();
        Some(EtsFit {
            spec,
            alpha,
            beta,
            gamma,
            phi,
            scale,
            level,
            slope,
            season,
            sigma,
            loglik: -0.5 * lik_orig,
            n_params,
            n,
            l0,
            b0,
        })
    }

    /// The `h`-step forecasts of a non-seasonal fit from every origin of `y` (the data it was
    /// fitted to, original scale), with the fitted parameters held fixed: row `t` holds the
    /// forecasts of `y[t+1..=t+horizon]` made after observing `y[t]` (the filter's state
    /// at `t`). Used for the in-sample multi-step errors of the default's calibration.
    pub(crate) fn origin_forecasts(&self, y: &[f64], horizon: usize) -> Vec<Vec<f64>> {
        let (mut l, mut b) = (self.l0, self.b0);
        let phi = match self.spec.trend {
            TrendType::None => 0.0,
            TrendType::Additive => 1.0,
            TrendType::Damped => self.phi,
        };
        let sums: Vec<f64> = (1..=horizon).map(|h| self.phi_sum(h)).collect();
        y.iter()
            .map(|&v| {
                let x = v / self.scale;
                let pb = phi * b;
                let e = x - (l + pb);
                l = l + pb + self.alpha * e;
                b = pb + self.beta * e;
                sums.iter().map(|s| self.scale * (l + s * b)).collect()
            })
            .collect()
    }

    /// Akaike's criterion corrected for small samples; `+∞` when `n ≤ k + 1`.
    pub(crate) fn aicc(&self) -> f64 {
        let k = self.n_params as f64;
        let n = self.n as f64;
        let aic = -2.0 * self.loglik + 2.0 * k;
        if n - k - 1.0 > 0.0 {
            aic + 2.0 * k * (k + 1.0) / (n - k - 1.0)
        } else {
            f64::INFINITY
        }
    }

    /// `φ + φ² + … + φ^h` (damped), `h` (additive), 0 (none).
    fn phi_sum(&self, h: usize) -> f64 {
        match self.spec.trend {
            TrendType::None => 0.0,
            TrendType::Additive => h as f64,
            TrendType::Damped => {
                let p = self.phi;
                p * (1.0 - p.powi(h.min(i32::MAX as usize) as i32)) / (1.0 - p)
            }
        }
    }

    fn season_at(&self, h: usize) -> f64 {
        if self.spec.seasonal {
            self.season[(h - 1) % self.season.len()]
        } else {
            0.0
        }
    }
}

impl Model for EtsFit {
    fn name(&self) -> String {
        self.spec.to_string()
    }

    fn point(&self, horizon: usize) -> Vec<f64> {
        (1..=horizon)
            .map(|h| self.scale * (self.level + self.phi_sum(h) * self.slope + self.season_at(h)))
            .collect()
    }

    fn sd(&self, horizon: usize) -> Option<Vec<f64>> {
        if self.spec.error != ErrorType::Additive {
            return None;
        }
        let m = self.season.len().max(1);
        let mut acc = 1.0;
        let mut out = Vec::with_capacity(horizon);
        for h in 1..=horizon {
            if h > 1 {
                let j = h - 1;
                let seasonal = if self.spec.seasonal && j % m == 0 {
                    self.gamma
                } else {
                    0.0
                };
                let c = self.alpha + self.beta * self.phi_sum(j) + seasonal;
                acc += c * c;
            }
            out.push(self.scale * self.sigma * acc.sqrt());
        }
        Some(out)
    }

    fn simulate(&self, rng: &mut Normals, out: &mut [f64]) {
        let (mut l, mut b) = (self.level, self.slope);
        let mut s = self.season.clone();
        let m = s.len().max(1);
        let phi = match self.spec.trend {
            TrendType::None => 0.0,
            TrendType::Additive => 1.0,
            TrendType::Damped => self.phi,
        };
        for (i, o) in out.iter_mut().enumerate() {
            let st = if self.spec.seasonal { s[i % m] } else { 0.0 };
            let pb = phi * b;
            let yhat = l + pb + st;
            let z = rng.next() * self.sigma;
            let e = match self.spec.error {
                ErrorType::Additive => z,
                ErrorType::Multiplicative => yhat.abs() * z,
            };
            let y = yhat + e;
            l = (l + pb + self.alpha * e).clamp(-1e290, 1e290);
            b = (pb + self.beta * e).clamp(-1e290, 1e290);
            if self.spec.seasonal {
                s[i % m] = st + self.gamma * e;
            }
            *o = (self.scale * y).clamp(-1e300, 1e300);
        }
    }
}

/// Every form worth trying on `y`: additive and (for positive data) multiplicative errors,
/// no, additive and damped trends, and an additive season when `m > 1` and there are three
/// full seasons.
pub(crate) fn candidates(y: &[f64], m: usize) -> Vec<EtsSpec> {
    let positive = y.iter().all(|&v| v > 0.0);
    let seasons: &[bool] = if m > 1 && y.len() >= 3 * m {
        &[false, true]
    } else {
        &[false]
    };
    let mut out = Vec::new();
    for &error in &[ErrorType::Additive, ErrorType::Multiplicative] {
        if error == ErrorType::Multiplicative && !positive {
            continue;
        }
        for &trend in &[TrendType::None, TrendType::Additive, TrendType::Damped] {
            for &seasonal in seasons {
                out.push(EtsSpec::new(error, trend).with_season(seasonal));
            }
        }
    }
    out
}

/// The form with the smallest AICc among [`candidates`] (R `ets` / statsforecast `AutoETS`).
pub(crate) fn auto(y: &[f64], m: usize) -> Option<EtsFit> {
    candidates(y, m)
        .into_iter()
        .filter_map(|spec| EtsFit::fit(y, m, spec))
        .filter(|f| f.aicc().is_finite())
        .min_by(|a, b| a.aicc().total_cmp(&b.aicc()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Box & Jenkins' airline passengers, monthly totals in thousands, 1949–1960 (R
    /// `datasets::AirPassengers`).
    pub(crate) const AIR_PASSENGERS: [f64; 144] = [
        112., 118., 132., 129., 121., 135., 148., 148., 136., 119., 104., 118., 115., 126., 141.,
        135., 125., 149., 170., 170., 158., 133., 114., 140., 145., 150., 178., 163., 172., 178.,
        199., 199., 184., 162., 146., 166., 171., 180., 193., 181., 183., 218., 230., 242., 209.,
        191., 172., 194., 196., 196., 236., 235., 229., 243., 264., 272., 237., 211., 180., 201.,
        204., 188., 235., 227., 234., 264., 302., 293., 259., 229., 203., 229., 242., 233., 267.,
        269., 270., 315., 364., 347., 312., 274., 237., 278., 284., 277., 317., 313., 318., 374.,
        413., 405., 355., 306., 271., 306., 315., 301., 356., 348., 355., 422., 465., 467., 404.,
        347., 305., 336., 340., 318., 362., 348., 363., 435., 491., 505., 404., 359., 310., 337.,
        360., 342., 406., 396., 420., 472., 548., 559., 463., 407., 362., 405., 417., 391., 419.,
        461., 472., 535., 622., 606., 508., 461., 390., 432.,
    ];

    /// Reference: statsforecast's `ETS(M,A,N)` on AirPassengers as pinned in the tests of
    /// augurs-ets 0.10.3 (`src/model.rs`, `air_passengers_fit_man`, a port of statsforecast's
    /// AutoETS, checked there against statsforecast): log-likelihood −831.4883541595792,
    /// AIC 1672.9767083191584, AICc 1673.4114909278542, and the 1-step forecast 436.15668239.
    #[test]
    fn man_on_air_passengers_matches_statsforecast() {
        let spec = EtsSpec::new(ErrorType::Multiplicative, TrendType::Additive);
        let fit = EtsFit::fit(&AIR_PASSENGERS, 12, spec).unwrap();
        // The optimiser may land a hair above statsforecast's optimum, never far below.
        assert!(
            (fit.loglik - -831.488_354_159_579_2).abs() < 0.01,
            "loglik {}",
            fit.loglik
        );
        approx::assert_relative_eq!(fit.aicc(), 1_673.411_490_927_854_2, max_relative = 1e-4);
        let p = fit.point(10);
        approx::assert_relative_eq!(p[0], 436.156_682_39, max_relative = 1e-3);
        approx::assert_relative_eq!(p[9], 473.600_876_15, max_relative = 1e-3);
    }

    /// Reference: statsforecast's damped `ETS(A,Ad,N)` on the last 20 AirPassengers values
    /// (augurs-ets 0.10.3 `air_passengers_fit_aan` / `air_passengers_forecast_aan`):
    /// log-likelihood −109.6248525790271, 1-step forecast 432.26645246 with 95 % interval
    /// 301.72457857–562.80832636.
    #[test]
    fn damped_on_the_last_20_air_passengers_matches_statsforecast() {
        let spec = EtsSpec::new(ErrorType::Additive, TrendType::Damped);
        let fit = EtsFit::fit(&AIR_PASSENGERS[124..], 1, spec).unwrap();
        assert!(
            fit.loglik > -109.624_852_579_027_1 - 0.1,
            "loglik {}",
            fit.loglik
        );
        assert!(
            fit.loglik < -109.624_852_579_027_1 + 0.5,
            "loglik {}",
            fit.loglik
        );
        let p = fit.point(1)[0];
        approx::assert_relative_eq!(p, 432.266_452_46, max_relative = 0.02);
        let sd = fit.sd(1).unwrap()[0];
        let half = 1.959_963_985 * sd;
        approx::assert_relative_eq!(
            half,
            (562.808_326_36 - 301.724_578_57) / 2.0,
            max_relative = 0.05
        );
    }

    #[test]
    fn auto_picks_a_trend_for_a_line_and_no_trend_for_noise() {
        let line: Vec<f64> = (0..40).map(|t| 100.0 + 5.0 * f64::from(t)).collect();
        let fit = auto(&line, 1).unwrap();
        assert_ne!(fit.spec.trend, TrendType::None);
        approx::assert_relative_eq!(fit.point(1)[0], 300.0, max_relative = 1e-3);
    }
}
