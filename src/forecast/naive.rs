//! Benchmark methods (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
//! 3rd ed., §5.2 and §5.5) and the crate's log-linear trend, each with normal intervals.
//!
//! | method | point `ŷ(T+h)` | sd at `h` (`σ` from the one-step residuals) |
//! |---|---|---|
//! | naive | `y(T)` | `σ·√h` |
//! | seasonal naive | `y(T + h − m(k+1))`, `k = ⌊(h−1)/m⌋` | `σ·√(k+1)` |
//! | drift | `y(T) + h·(y(T) − y(1))/(T − 1)` | `σ·√(h·(1 + h/(T−1)))` |
//! | log-linear trend | `exp(a + b·t)` (least squares on `ln y`) | `s·√(1 + 1/n + (t − t̄)²/Sxx)` on the log scale |

use super::Model;
use super::stats::Normals;

/// Which benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Naive,
    Seasonal,
    Drift,
}

/// Naive, seasonal naive or drift on `y`.
#[derive(Debug, Clone)]
pub(crate) struct Benchmark {
    kind: Kind,
    /// The last season (seasonal naive) or the last value.
    tail: Vec<f64>,
    slope: f64,
    sigma: f64,
    n: usize,
}

impl Benchmark {
    /// Fits `kind` with season length `m` (seasonal naive falls back to naive when
    /// `m == 1` or there is less than one season plus one value).
    pub(crate) fn fit(y: &[f64], m: usize, kind: Kind) -> Benchmark {
        let n = y.len();
        let kind = if kind == Kind::Seasonal && (m < 2 || n <= m) {
            Kind::Naive
        } else {
            kind
        };
        let lag = if kind == Kind::Seasonal { m } else { 1 };
        let diffs: Vec<f64> = (lag..n).map(|t| y[t] - y[t - lag]).collect();
        let slope = if kind == Kind::Drift && n > 1 {
            (y[n - 1] - y[0]) / (n - 1) as f64
        } else {
            0.0
        };
        let centre = if kind == Kind::Drift { slope } else { 0.0 };
        let dof = diffs
            .len()
            .saturating_sub(usize::from(kind == Kind::Drift))
            .max(1);
        let sigma = (diffs.iter().map(|d| (d - centre).powi(2)).sum::<f64>() / dof as f64).sqrt();
        Benchmark {
            kind,
            tail: y[n - lag..].to_vec(),
            slope,
            sigma,
            n,
        }
    }

    fn base(&self, h: usize) -> f64 {
        match self.kind {
            Kind::Seasonal => self.tail[(h - 1) % self.tail.len()],
            _ => self.tail[self.tail.len() - 1],
        }
    }
}

impl Model for Benchmark {
    fn name(&self) -> String {
        match self.kind {
            Kind::Naive => "naive",
            Kind::Seasonal => "seasonal naive",
            Kind::Drift => "drift",
        }
        .into()
    }

    fn point(&self, horizon: usize) -> Vec<f64> {
        (1..=horizon)
            .map(|h| self.base(h) + self.slope * h as f64)
            .collect()
    }

    fn sd(&self, horizon: usize) -> Option<Vec<f64>> {
        let m = self.tail.len();
        Some(
            (1..=horizon)
                .map(|h| {
                    let hf = h as f64;
                    self.sigma
                        * match self.kind {
                            Kind::Naive => hf.sqrt(),
                            Kind::Seasonal => (((h - 1) / m + 1) as f64).sqrt(),
                            Kind::Drift => {
                                (hf * (1.0 + hf / (self.n.saturating_sub(1).max(1)) as f64)).sqrt()
                            }
                        }
                })
                .collect(),
        )
    }

    fn simulate(&self, rng: &mut Normals, out: &mut [f64]) {
        // A random walk (with drift), or one per season for seasonal naive.
        let m = self.tail.len();
        let mut state = self.tail.clone();
        for (i, o) in out.iter_mut().enumerate() {
            let j = if self.kind == Kind::Seasonal {
                i % m
            } else {
                m - 1
            };
            state[j] = (state[j] + self.slope + self.sigma * rng.next()).clamp(-1e300, 1e300);
            *o = state[j];
        }
    }
}

/// `ln y = a + b·t` by least squares, with the classical prediction interval.
#[derive(Debug, Clone)]
pub(crate) struct LogTrend {
    a: f64,
    b: f64,
    n: usize,
    tbar: f64,
    sxx: f64,
    s: f64,
}

impl LogTrend {
    /// `None` when a value is 0 (no logarithm) or there are fewer than 3 values.
    pub(crate) fn fit(y: &[f64]) -> Option<LogTrend> {
        let n = y.len();
        if n < 3 || y.iter().any(|&v| v <= 0.0) {
            return None;
        }
        let ly: Vec<f64> = y.iter().map(|v| v.ln()).collect();
        let tbar = (n as f64 - 1.0) / 2.0;
        let ybar = ly.iter().sum::<f64>() / n as f64;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (t, v) in ly.iter().enumerate() {
            let d = t as f64 - tbar;
            sxy += d * (v - ybar);
            sxx += d * d;
        }
        let b = sxy / sxx;
        let rss: f64 = ly
            .iter()
            .enumerate()
            .map(|(t, v)| (v - ybar - b * (t as f64 - tbar)).powi(2))
            .sum();
        Some(LogTrend {
            a: ybar,
            b,
            n,
            tbar,
            sxx,
            s: (rss / (n - 2) as f64).sqrt(),
        })
    }

    fn log_point(&self, h: usize) -> f64 {
        self.a + self.b * ((self.n - 1 + h) as f64 - self.tbar)
    }

    fn log_sd(&self, h: usize) -> f64 {
        let d = (self.n - 1 + h) as f64 - self.tbar;
        self.s * (1.0 + 1.0 / self.n as f64 + d * d / self.sxx).sqrt()
    }
}

impl Model for LogTrend {
    fn name(&self) -> String {
        "log-linear trend".into()
    }

    /// The median `exp(a + b·t)` (the mean is `exp(σ²/2)` higher; the trend's own
    /// convention is the median line).
    fn point(&self, horizon: usize) -> Vec<f64> {
        (1..=horizon)
            .map(|h| self.log_point(h).min(690.0).exp())
            .collect()
    }

    fn sd(&self, _horizon: usize) -> Option<Vec<f64>> {
        None // normal on the log scale: simulated (the quantiles are exact in the limit)
    }

    fn simulate(&self, rng: &mut Normals, out: &mut [f64]) {
        for (i, o) in out.iter_mut().enumerate() {
            let h = i + 1;
            *o = (self.log_point(h) + self.log_sd(h) * rng.next())
                .min(690.0)
                .exp();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benchmarks_by_hand() {
        let y = [10.0, 12.0, 11.0, 13.0, 14.0, 16.0, 15.0, 17.0];
        let n = Benchmark::fit(&y, 4, Kind::Naive);
        assert_eq!(n.point(2), vec![17.0, 17.0]);
        let s = Benchmark::fit(&y, 4, Kind::Seasonal);
        assert_eq!(s.point(5), vec![14.0, 16.0, 15.0, 17.0, 14.0]);
        let d = Benchmark::fit(&y, 4, Kind::Drift);
        assert_eq!(d.point(1), vec![18.0]);
        // Naive sd: the root mean square one-step change.
        let rms = ((4.0 + 1.0 + 4.0 + 1.0 + 4.0 + 1.0 + 4.0) / 7.0f64).sqrt();
        approx::assert_relative_eq!(n.sd(4).unwrap()[3], rms * 2.0, max_relative = 1e-12);
        let t = LogTrend::fit(&[100.0, 200.0, 400.0]).unwrap();
        approx::assert_relative_eq!(t.point(1)[0], 800.0, max_relative = 1e-9);
    }
}
