//! ARIMA(p, 1, q) with or without drift, `p + q ≤ 2` (each ≤ 2 when given by hand), fitted by
//! conditional sum of squares and chosen by AICc (the non-seasonal part of R `forecast::auto.arima` / statsforecast
//! `AutoARIMA` with `d = 1`; Recidiviz's admissions projections use this family).
//!
//! # Model
//!
//! With `w(t) = y(t) − y(t−1)`: `w(t) − μ = Σ φ_i (w(t−i) − μ) + e(t) + Σ θ_j e(t−j)`,
//! `μ` the drift (0 without). Every order is fitted on the same differences, conditioning on
//! the first two, so their likelihoods compare. Stationary and invertible coefficients only
//! (checked on the exact triangle for order ≤ 2).
//!
//! # Intervals
//!
//! Analytic: `Var(h) = σ²·Σ_{j<h} Ψ_j²` with `Ψ_j = ψ_0 + … + ψ_j` the psi-weights of the
//! ARMA part summed once for the difference; `σ² = CSS / (n − k)`.

use super::Model;
use super::stats::{Normals, nelder_mead};

/// A fitted ARIMA(p, 1, q).
#[derive(Debug, Clone)]
pub(crate) struct ArimaFit {
    pub p: usize,
    pub q: usize,
    pub drift: bool,
    phi: Vec<f64>,
    theta: Vec<f64>,
    mu: f64,
    sigma: f64,
    /// The last value of `y`, the last `p` differences and the last `q` residuals (newest last).
    last: f64,
    w_tail: Vec<f64>,
    e_tail: Vec<f64>,
    pub aicc: f64,
}

const COND: usize = 2;

/// `1 − a1 z − a2 z²` has its roots outside the unit circle.
fn stable(a: &[f64]) -> bool {
    match a {
        [] => true,
        [a1] => a1.abs() < 0.99,
        [a1, a2] => a1 + a2 < 0.99 && a2 - a1 < 0.99 && a2.abs() < 0.99,
        _ => false,
    }
}

struct Css<'a> {
    w: &'a [f64],
    p: usize,
    q: usize,
    drift: bool,
}

impl Css<'_> {
    fn unpack(&self, x: &[f64]) -> (Vec<f64>, Vec<f64>, f64) {
        let phi = x[..self.p].to_vec();
        let theta = x[self.p..self.p + self.q].to_vec();
        let mu = if self.drift { x[self.p + self.q] } else { 0.0 };
        (phi, theta, mu)
    }

    /// The residuals from `COND` on, or `None` outside the admissible region.
    fn residuals(&self, x: &[f64]) -> Option<Vec<f64>> {
        let (phi, theta, mu) = self.unpack(x);
        let neg: Vec<f64> = theta.iter().map(|t| -t).collect();
        if !stable(&phi) || !stable(&neg) {
            return None;
        }
        let w = self.w;
        let mut e = vec![0.0; w.len()];
        for t in COND..w.len() {
            let mut v = w[t] - mu;
            for (i, f) in phi.iter().enumerate() {
                v -= f * (w[t - 1 - i] - mu);
            }
            for (j, th) in theta.iter().enumerate() {
                v -= th * e[t - 1 - j];
            }
            e[t] = v;
        }
        Some(e)
    }

    fn css(&self, x: &[f64]) -> f64 {
        self.residuals(x)
            .map_or(f64::INFINITY, |e| e[COND..].iter().map(|v| v * v).sum())
    }
}

impl ArimaFit {
    /// Fits ARIMA(p, 1, q) (with drift `μ` when `drift`) to `y`; `None` with fewer than
    /// `p + q + 8` differences.
    pub(crate) fn fit(y: &[f64], p: usize, q: usize, drift: bool) -> Option<ArimaFit> {
        let w: Vec<f64> = y.windows(2).map(|v| v[1] - v[0]).collect();
        let k = p + q + usize::from(drift) + 1;
        if w.len() < COND + k + 6 {
            return None;
        }
        let mean = w.iter().sum::<f64>() / w.len() as f64;
        let sd = (w.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / w.len() as f64).sqrt();
        let scale = if sd > 0.0 { sd } else { 1.0 };
        let ws: Vec<f64> = w.iter().map(|v| v / scale).collect();
        let css = Css {
            w: &ws,
            p,
            q,
            drift,
        };
        let mut x0 = vec![0.0; p + q];
        let mut step = vec![0.1; p + q];
        if drift {
            x0.push(mean / scale);
            step.push(0.1);
        }
        let (x, value) = if x0.is_empty() {
            (x0.clone(), css.css(&x0))
        } else {
            nelder_mead(&mut |x| css.css(x), &x0, &step, 1e-8, 600)
        };
        if !value.is_finite() {
            return None;
        }
        let e = css.residuals(&x)?;
        let (phi, theta, mu) = css.unpack(&x);
        let n_eff = (ws.len() - COND) as f64;
        let sigma2_ml = value / n_eff * scale * scale;
        let sigma2 = value / (n_eff - k as f64).max(1.0) * scale * scale;
        let loglik = -0.5 * n_eff * ((std::f64::consts::TAU * sigma2_ml.max(1e-300)).ln() + 1.0);
        let kf = k as f64;
        let aicc = if n_eff - kf - 1.0 > 0.0 {
            -2.0 * loglik + 2.0 * kf + 2.0 * kf * (kf + 1.0) / (n_eff - kf - 1.0)
        } else {
            f64::INFINITY
        };
        Some(ArimaFit {
            p,
            q,
            drift,
            phi,
            theta,
            mu: mu * scale,
            sigma: sigma2.sqrt(),
            last: y[y.len() - 1],
            w_tail: w[w.len() - p.max(1)..].to_vec(),
            e_tail: e[e.len() - q.max(1)..].iter().map(|v| v * scale).collect(),
            aicc,
        })
    }

    /// The order with `p + q ≤ 2`, drift or not, with the smallest AICc.
    pub(crate) fn auto(y: &[f64]) -> Option<ArimaFit> {
        let mut best: Option<ArimaFit> = None;
        for p in 0..=2 {
            for q in 0..=2 - p {
                for drift in [false, true] {
                    if let Some(f) = ArimaFit::fit(y, p, q, drift)
                        && f.aicc.is_finite()
                        && best.as_ref().is_none_or(|b| f.aicc < b.aicc)
                    {
                        best = Some(f);
                    }
                }
            }
        }
        best
    }

    /// Runs the recursion `horizon` steps with innovations `shock(h)`.
    fn run(&self, horizon: usize, mut shock: impl FnMut() -> f64, out: &mut [f64]) {
        let mut w: Vec<f64> = self.w_tail.clone();
        let mut e: Vec<f64> = self.e_tail.clone();
        let mut y = self.last;
        for o in out.iter_mut().take(horizon) {
            let eps = shock();
            let nw = w.len();
            let ne = e.len();
            let mut v = self.mu + eps;
            for (i, f) in self.phi.iter().enumerate() {
                v += f * (w[nw - 1 - i] - self.mu);
            }
            for (j, th) in self.theta.iter().enumerate() {
                v += th * e[ne - 1 - j];
            }
            w.push(v);
            e.push(eps);
            if w.len() > 8 {
                w.drain(..w.len() - 4);
                e.drain(..e.len() - 4);
            }
            y = (y + v).clamp(-1e300, 1e300);
            *o = y;
        }
    }
}

impl Model for ArimaFit {
    fn name(&self) -> String {
        format!(
            "ARIMA({},1,{}){}",
            self.p,
            self.q,
            if self.drift { " with drift" } else { "" }
        )
    }

    fn point(&self, horizon: usize) -> Vec<f64> {
        let mut out = vec![0.0; horizon];
        self.run(horizon, || 0.0, &mut out);
        out
    }

    fn sd(&self, horizon: usize) -> Option<Vec<f64>> {
        let mut psi = vec![1.0];
        let (mut cum, mut acc) = (0.0, 0.0);
        let mut out = Vec::with_capacity(horizon);
        for j in 0..horizon {
            if j > 0 {
                let mut v = if j <= self.q { self.theta[j - 1] } else { 0.0 };
                for (i, f) in self.phi.iter().enumerate() {
                    if j > i {
                        v += f * psi[j - 1 - i];
                    }
                }
                psi.push(v);
            }
            cum += psi[j];
            acc = (acc + cum * cum).min(1e300);
            out.push(self.sigma * acc.sqrt());
        }
        Some(out)
    }

    fn simulate(&self, rng: &mut Normals, out: &mut [f64]) {
        let s = self.sigma;
        self.run(out.len(), || s * rng.next(), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_walk_with_drift_is_drift() {
        // y = 100 + 3t + a random walk: ARIMA(0,1,0) with drift has μ = mean difference.
        let mut y = vec![100.0];
        let steps = [
            1.0, -2.0, 4.0, 0.5, 3.0, 7.0, -1.0, 2.5, 3.5, 6.0, 1.0, 4.0, 2.0, 5.0,
        ];
        for s in steps {
            let last = y[y.len() - 1];
            y.push(last + s);
        }
        let f = ArimaFit::fit(&y, 0, 0, true).unwrap();
        // μ is estimated from the differences after the first two (conditioning).
        let mu = steps[2..].iter().sum::<f64>() / 12.0;
        approx::assert_relative_eq!(f.point(2)[1], y[14] + 2.0 * mu, max_relative = 1e-4);
        let sd = f.sd(3).unwrap();
        approx::assert_relative_eq!(sd[2] / sd[0], 3f64.sqrt(), max_relative = 1e-9);
    }

    #[test]
    fn ar1_differences_are_recovered() {
        // w(t) = 0.6 w(t−1) + e(t), deterministic pseudo-noise.
        let mut rng = Normals::for_path(11, 0);
        let mut w = 0.0;
        let mut y = vec![1_000.0];
        for _ in 0..300 {
            let e = rng.next();
            w = 0.6 * w + e;
            let last = y[y.len() - 1];
            y.push(last + w);
        }
        let f = ArimaFit::fit(&y, 1, 0, false).unwrap();
        assert!((f.phi[0] - 0.6).abs() < 0.1, "{:?}", f.phi);
        // The psi-weights of an integrated AR(1): Ψ_1 = 1 + φ.
        let sd = f.sd(2).unwrap();
        approx::assert_relative_eq!(
            sd[1] / sd[0],
            (1.0 + (1.0 + f.phi[0]).powi(2)).sqrt(),
            max_relative = 1e-9
        );
    }
}
