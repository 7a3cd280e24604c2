//! The shrinkage estimator of the covariance of one-step errors (Schäfer & Strimmer 2005),
//! as MinT-shrink uses it (Wickramasuriya, Athanasopoulos & Hyndman 2019).

use serde::{Deserialize, Serialize};

use crate::ErrorKind;
use crate::error::{Constraint, Error, Result};

/// The numeric guard of Nixtla's `hierarchicalforecast` (1.5.3), kept so that the crate's
/// matrices agree with it to rounding: added to each standard deviation before
/// standardising and to the sum of squared correlations, and the floor of each variance.
const GUARD: f64 = 2e-8;

/// The covariance of the series' one-step errors, its correlations shrunk towards 0:
/// `W = λ·diag(Σ̂) + (1 − λ)·Σ̂`, with the intensity `λ` of Schäfer & Strimmer (2005)
/// estimated from the errors themselves.
///
/// # Semantics
///
/// With `e_it` the error of series `i` at period `t` (`T` periods, the same for every
/// series):
///
/// - `Σ̂` is the sample covariance, centred, divided by `T − 1`;
/// - `λ = Σ_{i<j} Var̂(r_ij) / Σ_{i<j} r_ij²`, clamped to `[0, 1]`, where `r_ij` is the
///   correlation of the errors standardised by their population sd, and `Var̂(r_ij) =
///   Σ_t (w_tij − w̄_ij)² / (T(T − 1))`, `w_tij` the products of the standardised errors;
/// - the diagonal is floored at 2·10⁻⁸.
///
/// These are the conventions of `hierarchicalforecast` 1.5.3's `MinTrace(method =
/// "mint_shrink")` (with its 2·10⁻⁸ guards), against which the crate is tested to 10⁻⁹.
/// fable's `min_trace(method = "mint_shrink")` differs in one convention: its `Σ̂` is
/// uncentred and divided by `T` (the errors taken to have mean 0).
///
/// ```
/// use overcrowding::forecast::reconcile::ShrunkCovariance;
/// // Two series whose errors move together, a third on its own.
/// let e = vec![
///     vec![1.0, -1.0, 2.0, -2.0, 0.5, -0.5],
///     vec![2.0, -1.5, 4.5, -3.5, 1.0, -2.5],
///     vec![0.3, 0.1, -0.4, 0.2, -0.1, -0.1],
/// ];
/// let w = ShrunkCovariance::new(&e)?;
/// assert_eq!(w.len(), 3);
/// assert!(w.lambda() > 0.0 && w.lambda() < 1.0);
/// // The variances are not shrunk: series 0 has Σe² / 5 = 2.1.
/// assert!((w.get(0, 0).unwrap() - 2.1).abs() < 1e-12);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShrunkCovariance {
    n: usize,
    /// Row-major `n × n`.
    matrix: Vec<f64>,
    lambda: f64,
    periods: usize,
}

impl ShrunkCovariance {
    /// The shrunk covariance of `errors`, one row per series, each with the same periods.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] without series; [`ErrorKind::LengthMismatch`] when the series
    /// have different numbers of errors; [`ErrorKind::InvalidParameter`] with fewer than 3
    /// periods ([`Constraint::AtLeast`]: a variance of correlations needs them) or an error
    /// that is not finite ([`Constraint::Finite`]).
    ///
    /// ```
    /// use overcrowding::forecast::reconcile::ShrunkCovariance;
    /// assert!(ShrunkCovariance::new(&[vec![1.0, 2.0]]).is_err()); // 2 periods
    /// assert!(ShrunkCovariance::new(&[vec![1.0, 2.0, 3.0], vec![1.0]]).is_err());
    /// let w = ShrunkCovariance::new(&[vec![1.0, -1.0, 0.0]])?;
    /// assert_eq!((w.get(0, 0), w.periods()), (Some(1.0), 3));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(errors: &[Vec<f64>]) -> Result<ShrunkCovariance> {
        let n = errors.len();
        let Some(first) = errors.first() else {
            return Err(Error::from(ErrorKind::Empty { what: "errors" }));
        };
        let t = first.len();
        if let Some(e) = errors.iter().find(|e| e.len() != t) {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "one-step errors of a series",
                expected: t,
                found: e.len(),
            }));
        }
        if t < 3 {
            return Err(Error::invalid(
                "periods of one-step errors",
                t,
                Constraint::AtLeast { min: 3.0 },
            ));
        }
        if let Some(v) = errors.iter().flatten().find(|v| !v.is_finite()) {
            return Err(Error::invalid("one-step error", v, Constraint::Finite));
        }
        let tf = t as f64;
        // Centred errors and the standardised ones (population sd plus the guard).
        let centred: Vec<Vec<f64>> = errors
            .iter()
            .map(|e| {
                let mean = e.iter().sum::<f64>() / tf;
                e.iter().map(|v| v - mean).collect()
            })
            .collect();
        let standard: Vec<Vec<f64>> = centred
            .iter()
            .map(|x| {
                let sd = (x.iter().map(|v| v * v).sum::<f64>() / tf).sqrt() + GUARD;
                let xs: Vec<f64> = x.iter().map(|v| v / sd).collect();
                let mean = xs.iter().sum::<f64>() / tf;
                xs.into_iter().map(|v| v - mean).collect()
            })
            .collect();
        let mut matrix = vec![0.0; n * n];
        let (mut var_corr, mut sq_corr) = (0.0, 0.0);
        let mut w = vec![0.0; t];
        for i in 0..n {
            for j in 0..=i {
                let cov = centred[i]
                    .iter()
                    .zip(&centred[j])
                    .map(|(a, b)| a * b)
                    .sum::<f64>()
                    / (tf - 1.0);
                matrix[i * n + j] = cov;
                matrix[j * n + i] = cov;
                if i != j {
                    for (k, wk) in w.iter_mut().enumerate() {
                        *wk = standard[i][k] * standard[j][k];
                    }
                    let mean = w.iter().sum::<f64>() / tf;
                    var_corr += w.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>();
                    sq_corr += mean * mean;
                }
            }
        }
        let lambda = (var_corr / (tf * (tf - 1.0)) / (sq_corr + GUARD)).clamp(0.0, 1.0);
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    matrix[i * n + i] = matrix[i * n + i].max(GUARD);
                } else {
                    matrix[i * n + j] *= 1.0 - lambda;
                }
            }
        }
        Ok(ShrunkCovariance {
            n,
            matrix,
            lambda,
            periods: t,
        })
    }

    /// The number of series.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::ShrunkCovariance;
    /// assert_eq!(ShrunkCovariance::new(&[vec![1.0, 0.0, 2.0]])?.len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always `false`: the estimator needs a series.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::ShrunkCovariance;
    /// assert!(!ShrunkCovariance::new(&[vec![1.0, 0.0, 2.0]])?.is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The number of periods of errors it was estimated from.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::ShrunkCovariance;
    /// assert_eq!(ShrunkCovariance::new(&[vec![1.0, 0.0, 2.0, 1.0]])?.periods(), 4);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// The shrinkage intensity `λ` in `[0, 1]` (1: every correlation set to 0).
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::ShrunkCovariance;
    /// // Errors that alternate together: every product of standardised errors is 1, so the
    /// // correlation has no sampling variance and nothing is shrunk.
    /// let e: Vec<f64> = (0..10).map(|t| if t % 2 == 0 { 1.0 } else { -1.0 }).collect();
    /// let w = ShrunkCovariance::new(&[e.clone(), e.iter().map(|v| 2.0 * v).collect()])?;
    /// assert!(w.lambda() < 1e-20);
    /// // Unrelated errors: shrunk all the way (λ = 1, the correlation set to 0).
    /// let w = ShrunkCovariance::new(&[vec![1.0, -1.0, 1.0, -1.0], vec![1.0, 1.0, -1.0, -1.0]])?;
    /// assert_eq!((w.lambda(), w.get(0, 1)), (1.0, Some(0.0)));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// The entry `(i, j)`, `None` outside the matrix.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::ShrunkCovariance;
    /// let w = ShrunkCovariance::new(&[vec![1.0, -1.0, 0.0]])?;
    /// assert_eq!((w.get(0, 0), w.get(0, 1)), (Some(1.0), None));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        (i < self.n && j < self.n).then(|| self.matrix[i * self.n + j])
    }

    /// The matrix, row-major `n × n`.
    pub(crate) fn matrix(&self) -> &[f64] {
        &self.matrix
    }
}
