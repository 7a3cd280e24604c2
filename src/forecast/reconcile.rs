//! Forecasts that add up (issue 22 §4): the forecasts of the prisons of a system (or the
//! states of a country) and of the system made coherent, so that the prisons' forecasts sum
//! to the system's in the mean and in every simulated path.
//!
//! | question | items |
//! |---|---|
//! | which series sum to which | [`Hierarchy`] |
//! | how the series' one-step errors move together | [`ShrunkCovariance`] |
//! | the coherent point forecasts from base forecasts (bottom-up, MinT-shrink) | [`Reconciler`], [`ReconcileMethod`] |
//! | coherent forecasts with intervals and chances over capacity, from the crate's forecasts | [`reconcile()`], [`Reconciled`] |
//! | a panel's prisons (or groups) and their system, forecast, reconciled, against capacity | [`PanelForecaster`], [`PanelForecast`], [`UnitForecast`] |
//!
//! # Semantics
//!
//! - **Base forecasts.** One [`Forecast`] per node of the [`Hierarchy`] (aggregates first,
//!   then the bottom series), each fitted to its own series by the crate's default, with the
//!   same horizon, frequency and first forecast period.
//! - **Methods.** Bottom-up: the bottom forecasts, summed. MinT-shrink (Wickramasuriya,
//!   Athanasopoulos & Hyndman 2019, "Optimal forecast reconciliation for hierarchical and
//!   grouped time series through trace minimization", *JASA* 114(526)): `ỹ = S·P·ŷ` with
//!   `P = (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹` and `W` the [`ShrunkCovariance`] of the base forecasts'
//!   one-step in-sample errors ([`Forecast::one_step_errors`], the last periods every
//!   series has) — fable's `min_trace(method = "mint_shrink")` and Nixtla's
//!   `MinTrace(method = "mint_shrink")`, tested against the latter to 10⁻⁹.
//! - **Honest intervals: reconciled sample paths.** Intervals are not reconciled as
//!   numbers (the quantiles of a sum are not the sums of quantiles). Instead each node's
//!   own simulated paths are joined into paths of the whole hierarchy, and every joint path
//!   is reconciled like a point forecast; intervals and chances over capacity are read off
//!   the reconciled paths (Panagiotelis, Gamakumara, Athanasopoulos & Hyndman 2023,
//!   "Probabilistic forecast reconciliation", *EJOR* 306(2): reconciling draws of the joint
//!   base distribution gives draws of the reconciled one). The joining keeps each node's
//!   paths whole and gives them the cross-series dependence of the one-step errors: path
//!   `i` of node `j` is the base path whose level (its mean over the horizons) has the rank
//!   among node `j`'s paths that `z_ij` has among the `z_·j`, with `z_i ~ N(0, R̂)` seeded
//!   ([`DEFAULT_SEED`]) and `R̂` the *sample* correlations of the one-step errors — a
//!   Gaussian copula on ranks (Iman & Conover 1982). `z_i` is drawn as a random
//!   combination of the periods' standardised error vectors, `z_i = Σ_t g_it·e_t / √(T−1)`
//!   with `g_it ~ N(0, 1)`: its covariance is `R̂` exactly, with no inverse, so it holds
//!   when the series outnumber the periods (119 prisons, 32 periods), where `R̂` is
//!   singular. The joining does *not* use the shrunk correlations of `W`: shrinkage makes
//!   `W` invertible for the weights, but joining paths with correlations shrunk towards
//!   0 treats the prisons as nearly independent, and the system's interval shrinks with
//!   them (on HMPPS's 119 prisons, λ = 0.83, the reconciled system's 80 % interval 12
//!   months ahead was 3.4 thousand people wide against 10.5 thousand for the system's own
//!   forecast, and is 5.6 thousand with `R̂`; on a simulated system of 40 prisons it went
//!   from 0.56 to 0.78 of the system's own: test `joint_paths_keep_a_common_factor`).
//!   Independent paths would make the system's
//!   interval too narrow when the prisons move together, and the crate's base paths,
//!   drawn with one seed per path index, would otherwise be as dependent as they can be.
//! - **Measured (benches/reconcile.rs, rolling origins on HMPPS and CDCR):** each
//!   facility's reconciled intervals hold (80 % covers 75–82 %), but the *system's*
//!   reconciled intervals are too narrow on HMPPS (80 % covers 47–74 % at 1–12 months):
//!   joining whole paths by the rank of their level with one-step correlations misses
//!   the co-movement that builds over the horizon. Read the system's fan from its own
//!   forecast ([`UnitForecast::base`] of [`PanelForecast::system`]) until the paths are
//!   joined per horizon (benches/README.md says how).
//! - **No negative people.** A reconciled bottom value below 0 (MinT can move a small
//!   prison's forecast below 0) is set to 0 and the aggregates re-summed, so coherence
//!   holds and nothing is negative; [`Reconciled::clipped_paths`] counts the paths where
//!   this happened (the reconciled mean gets the same rule).
//! - **Capacity.** A node's chance of being over its capacity at (or by) each horizon is
//!   the share of its reconciled paths above it: [`Forecast::probability_at`] and
//!   [`Forecast::probability_reached`] on [`Reconciled::forecasts`].

use serde::{Deserialize, Serialize};

use super::stats::Normals;
use super::{DEFAULT_SEED, Dist, Forecast, Transform, tidy};
use crate::ErrorKind;
use crate::error::{Constraint, Error, Location, Result};

mod hierarchy;
mod linalg;
mod panel;
mod shrink;

pub use hierarchy::Hierarchy;
pub use panel::{LeftOut, LeftOutReason, PanelForecast, PanelForecaster, UnitForecast};
pub use shrink::ShrunkCovariance;

/// How base forecasts are made coherent.
///
/// ```
/// use overcrowding::forecast::reconcile::ReconcileMethod;
/// assert_eq!(ReconcileMethod::MinTShrink.to_string(), "MinT-shrink");
/// assert_eq!(ReconcileMethod::default(), ReconcileMethod::MinTShrink);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ReconcileMethod {
    /// The bottom series' forecasts, summed: the aggregates' own forecasts are not used.
    BottomUp,
    /// Minimum trace with the shrunk covariance of the one-step errors: every node's
    /// forecast contributes, weighted by how accurate and how correlated it has been.
    #[default]
    MinTShrink,
}

impl std::fmt::Display for ReconcileMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            ReconcileMethod::BottomUp => "bottom-up",
            ReconcileMethod::MinTShrink => "MinT-shrink",
        })
    }
}

/// The linear map of a reconciliation: bottom values `b̃ = P·ŷ` from the base forecasts
/// `ŷ` of every node, and the coherent forecasts `S·b̃`.
///
/// ```
/// use overcrowding::forecast::reconcile::{Hierarchy, ReconcileMethod, Reconciler, ShrunkCovariance};
/// let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
/// // Errors of the total, A and B over six periods.
/// let w = ShrunkCovariance::new(&[
///     vec![3.0, -2.0, 1.0, -1.0, 2.0, -3.0],
///     vec![1.0, -1.0, 0.5, -0.5, 1.0, -1.0],
///     vec![2.0, -1.5, 0.0, -0.5, 1.5, -2.0],
/// ])?;
/// let base = [110.0, 60.0, 40.0]; // the total's forecast is 10 above A + B
/// let bu = Reconciler::new(&h, ReconcileMethod::BottomUp, &w)?.reconcile(&base)?;
/// assert_eq!(bu, vec![100.0, 60.0, 40.0]);
/// let mint = Reconciler::new(&h, ReconcileMethod::MinTShrink, &w)?.reconcile(&base)?;
/// // Coherent, and between the two: the gap of 10 is shared out.
/// assert!((mint[0] - mint[1] - mint[2]).abs() < 1e-9);
/// assert!(mint[0] > 100.0 && mint[0] < 110.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reconciler {
    method: ReconcileMethod,
    hierarchy: Hierarchy,
    /// Bottom × nodes, row-major.
    p: Vec<f64>,
}

impl Reconciler {
    /// The map of `method` on `hierarchy`, `covariance` being the shrunk covariance of the
    /// nodes' one-step errors (in the hierarchy's order; bottom-up does not use it).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`] when `covariance` is not of the hierarchy's size;
    /// for MinT-shrink, [`ErrorKind::InvalidParameter`] ([`Constraint::Positive`]) at the
    /// node whose error variance, given the others', is 0 (its errors are those of other
    /// nodes combined, so `W` cannot be inverted).
    ///
    /// ```
    /// use overcrowding::forecast::reconcile::{Hierarchy, ReconcileMethod, Reconciler, ShrunkCovariance};
    /// let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// let w = ShrunkCovariance::new(&[vec![1.0, 0.0, -1.0], vec![0.0, 1.0, 0.5]])?;
    /// assert!(Reconciler::new(&h, ReconcileMethod::MinTShrink, &w).is_err()); // 2 series, 3 nodes
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(
        hierarchy: &Hierarchy,
        method: ReconcileMethod,
        covariance: &ShrunkCovariance,
    ) -> Result<Reconciler> {
        let n = hierarchy.len();
        let m = hierarchy.bottom_len();
        if covariance.len() != n {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "covariance of the one-step errors",
                expected: n,
                found: covariance.len(),
            }));
        }
        let k = hierarchy.aggregates_len();
        let p = match method {
            ReconcileMethod::BottomUp => {
                let mut p = vec![0.0; m * n];
                for j in 0..m {
                    p[j * n + k + j] = 1.0;
                }
                p
            }
            ReconcileMethod::MinTShrink => mint(hierarchy, covariance)?,
        };
        Ok(Reconciler {
            method,
            hierarchy: hierarchy.clone(),
            p,
        })
    }

    /// The method.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::{Hierarchy, ReconcileMethod, Reconciler, ShrunkCovariance};
    /// # let h = Hierarchy::two_level("all", vec!["A".into()])?;
    /// # let w = ShrunkCovariance::new(&[vec![1.0, 0.0, -1.0], vec![1.0, 0.5, -1.0]])?;
    /// assert_eq!(Reconciler::new(&h, ReconcileMethod::BottomUp, &w)?.method(), ReconcileMethod::BottomUp);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn method(&self) -> ReconcileMethod {
        self.method
    }

    /// The entry `P[j][i]`: the weight of node `i`'s base forecast in bottom series `j`'s
    /// reconciled forecast; `None` outside the matrix.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::{Hierarchy, ReconcileMethod, Reconciler, ShrunkCovariance};
    /// let h = Hierarchy::two_level("all", vec!["A".into()])?;
    /// let w = ShrunkCovariance::new(&[vec![1.0, 0.0, -1.0], vec![1.0, 0.5, -1.0]])?;
    /// let bu = Reconciler::new(&h, ReconcileMethod::BottomUp, &w)?;
    /// assert_eq!((bu.weight(0, 0), bu.weight(0, 1), bu.weight(1, 0)), (Some(0.0), Some(1.0), None));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn weight(&self, bottom: usize, node: usize) -> Option<f64> {
        let n = self.hierarchy.len();
        (bottom < self.hierarchy.bottom_len() && node < n).then(|| self.p[bottom * n + node])
    }

    /// The coherent forecasts `S·P·ŷ` of the base forecasts `base` (one per node, in the
    /// hierarchy's order), as the linear map gives them (no floor at 0: see
    /// [`reconcile()`] for forecasts of people).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`] unless `base` has one value per node;
    /// [`ErrorKind::InvalidParameter`] for a value that is not finite.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::{Hierarchy, ReconcileMethod, Reconciler, ShrunkCovariance};
    /// let h = Hierarchy::two_level("all", vec!["A".into()])?;
    /// let w = ShrunkCovariance::new(&[vec![1.0, 0.0, -1.0], vec![1.0, 0.5, -1.0]])?;
    /// let bu = Reconciler::new(&h, ReconcileMethod::BottomUp, &w)?;
    /// assert_eq!(bu.reconcile(&[5.0, 4.0])?, vec![4.0, 4.0]);
    /// assert!(bu.reconcile(&[5.0]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn reconcile(&self, base: &[f64]) -> Result<Vec<f64>> {
        let n = self.hierarchy.len();
        if base.len() != n {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "base forecasts",
                expected: n,
                found: base.len(),
            }));
        }
        if let Some(v) = base.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid("base forecast", v, Constraint::Finite));
        }
        let mut bottom = vec![0.0; self.hierarchy.bottom_len()];
        self.bottom_of(base, &mut bottom);
        let mut out = Vec::with_capacity(n);
        self.hierarchy.sum_up(&bottom, &mut out);
        Ok(out)
    }

    /// `P·ŷ` into `bottom`.
    fn bottom_of(&self, base: &[f64], bottom: &mut [f64]) {
        let n = base.len();
        for (j, b) in bottom.iter_mut().enumerate() {
            *b = self.p[j * n..(j + 1) * n]
                .iter()
                .zip(base)
                .map(|(w, y)| w * y)
                .sum();
        }
    }
}

/// `P = (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹` (bottom × nodes), by two Cholesky solves.
fn mint(hierarchy: &Hierarchy, covariance: &ShrunkCovariance) -> Result<Vec<f64>> {
    let n = hierarchy.len();
    let m = hierarchy.bottom_len();
    let singular = |i: usize, value: f64| {
        Error::invalid(
            "one-step error variance left by the other series",
            value,
            Constraint::Positive,
        )
        .at(Location::facility(&hierarchy.names()[i]))
    };
    let w = covariance.matrix();
    let lw = linalg::cholesky(w, n).map_err(|i| singular(i, w[i * n + i]))?;
    let s = hierarchy.summing_matrix();
    // X = W⁻¹ S, column by column (n × m, row-major).
    let mut x = vec![0.0; n * m];
    let mut col = vec![0.0; n];
    for c in 0..m {
        for i in 0..n {
            col[i] = s[i * m + c];
        }
        linalg::cholesky_solve(&lw, n, &mut col);
        for i in 0..n {
            x[i * m + c] = col[i];
        }
    }
    // A = Sᵀ X (m × m), symmetric positive definite when W is.
    let mut a = vec![0.0; m * m];
    for r in 0..m {
        for c in 0..m {
            a[r * m + c] = (0..n).map(|i| s[i * m + r] * x[i * m + c]).sum();
        }
    }
    let la = linalg::cholesky(&a, m).map_err(|j| {
        let k = hierarchy.aggregates_len();
        singular(k + j, w[(k + j) * n + k + j])
    })?;
    // P = A⁻¹ Xᵀ: column i of P solves A·p = (row i of X).
    let mut p = vec![0.0; m * n];
    let mut rhs = vec![0.0; m];
    for i in 0..n {
        rhs.copy_from_slice(&x[i * m..(i + 1) * m]);
        linalg::cholesky_solve(&la, m, &mut rhs);
        for j in 0..m {
            p[j * n + i] = rhs[j];
        }
    }
    Ok(p)
}

/// Coherent forecasts of every node of a hierarchy, with their reconciled sample paths
/// ([`reconcile()`]).
///
/// ```
/// use overcrowding::forecast::{forecast, Frequency, RegularSeries, Side};
/// use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
/// let a: Vec<f64> = (0..16).map(|t| 500.0 + 8.0 * t as f64 + [5.0, -3.0, 2.0, -4.0][t % 4]).collect();
/// let b: Vec<f64> = (0..16).map(|t| 300.0 - 2.0 * t as f64 + [-2.0, 4.0, -1.0, 1.0][t % 4]).collect();
/// let total: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
/// let fc = [total, a, b].map(|v| forecast(&RegularSeries::new(Frequency::Yearly, v).unwrap(), 3).unwrap());
/// let h = Hierarchy::two_level("system", vec!["A".into(), "B".into()])?;
/// let r = reconcile(&h, &fc, ReconcileMethod::MinTShrink)?;
/// let [sys, pa, pb] = [0, 1, 2].map(|i| r.forecasts()[i].mean().to_vec());
/// for k in 0..3 {
///     assert!((sys[k] - pa[k] - pb[k]).abs() < 1e-6); // the prisons add up to the system
/// }
/// // A's chance of being above 640 places three years on, from its reconciled paths.
/// let p = r.forecasts()[1].probability_at(640.0, Side::Above)?;
/// assert!(p[2] > 0.2 && p[2] < 0.9, "{}", p[2]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reconciled {
    method: ReconcileMethod,
    names: Vec<String>,
    forecasts: Vec<Forecast>,
    covariance: ShrunkCovariance,
    clipped_paths: usize,
}

impl Reconciled {
    /// The method.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// # use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
    /// # let s = |k: f64| RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 * k + ((t * 7 % 5) as f64) * k).collect()).unwrap();
    /// # let fc = [forecast(&s(3.0), 2)?, forecast(&s(1.0), 2)?, forecast(&s(2.0), 2)?];
    /// # let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// let r = reconcile(&h, &fc, ReconcileMethod::BottomUp)?;
    /// assert_eq!(r.method(), ReconcileMethod::BottomUp);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn method(&self) -> ReconcileMethod {
        self.method
    }

    /// The node names, in the hierarchy's order.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// # use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
    /// # let s = |k: f64| RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 * k + ((t * 7 % 5) as f64) * k).collect()).unwrap();
    /// # let fc = [forecast(&s(3.0), 2)?, forecast(&s(1.0), 2)?, forecast(&s(2.0), 2)?];
    /// # let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// assert_eq!(reconcile(&h, &fc, ReconcileMethod::BottomUp)?.names()[0], "all");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The reconciled forecasts, one per node in the hierarchy's order: mean, quantiles,
    /// intervals, paths, crossings and chances of the [`Forecast`] API, all from the
    /// reconciled paths (the mean from the reconciled base means).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// # use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
    /// # let s = |k: f64| RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 * k + ((t * 7 % 5) as f64) * k).collect()).unwrap();
    /// # let fc = [forecast(&s(3.0), 2)?, forecast(&s(1.0), 2)?, forecast(&s(2.0), 2)?];
    /// # let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// let r = reconcile(&h, &fc, ReconcileMethod::BottomUp)?;
    /// let f = &r.forecasts()[0];
    /// // Bottom-up: the total is A's mean plus B's.
    /// let sum = r.forecasts()[1].mean()[1] + r.forecasts()[2].mean()[1];
    /// assert!((f.mean()[1] - sum).abs() < 1e-9);
    /// assert_eq!(f.path(0).unwrap().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn forecasts(&self) -> &[Forecast] {
        &self.forecasts
    }

    /// The shrunk covariance of the one-step errors the paths were joined with (and, for
    /// MinT-shrink, the reconciliation weighted by).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// # use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
    /// # let s = |k: f64| RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 * k + ((t * 7 % 5) as f64) * k).collect()).unwrap();
    /// # let fc = [forecast(&s(3.0), 2)?, forecast(&s(1.0), 2)?, forecast(&s(2.0), 2)?];
    /// # let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// let r = reconcile(&h, &fc, ReconcileMethod::MinTShrink)?;
    /// // Twelve values give nine one-step errors (from the third value's origin on).
    /// assert_eq!(r.covariance().periods(), 9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn covariance(&self) -> &ShrunkCovariance {
        &self.covariance
    }

    /// The joint paths in which a reconciled bottom value fell below 0 and was set to 0
    /// (the aggregates re-summed).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// # use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
    /// # let s = |k: f64| RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 100.0 * k + ((t * 7 % 5) as f64) * k).collect()).unwrap();
    /// # let fc = [forecast(&s(3.0), 2)?, forecast(&s(1.0), 2)?, forecast(&s(2.0), 2)?];
    /// # let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// assert_eq!(reconcile(&h, &fc, ReconcileMethod::BottomUp)?.clipped_paths(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn clipped_paths(&self) -> usize {
        self.clipped_paths
    }
}

/// Reconciles the crate's forecasts `base` of every node of `hierarchy` (in its order) by
/// `method`: coherent means, and intervals and chances from reconciled joint sample paths
/// (module docs).
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] unless there is one forecast per node;
/// [`ErrorKind::InvalidParameter`] when the forecasts differ in horizon, frequency or first
/// period ([`Constraint::SameAs`]); [`ErrorKind::Empty`] at a node whose forecast has no
/// one-step errors (a chosen method: use the default); the errors of
/// [`ShrunkCovariance::new`] (fewer than 3 periods of errors common to every node) and of
/// [`Reconciler::new`].
///
/// ```
/// use overcrowding::forecast::{forecast, Forecaster, ForecastMethod, Frequency, RegularSeries};
/// use overcrowding::forecast::reconcile::{reconcile, Hierarchy, ReconcileMethod};
/// let s = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 90.0 + (t % 4) as f64).collect())?;
/// let h = Hierarchy::two_level("all", vec!["A".into()])?;
/// let naive = Forecaster::new(2)?.with_method(ForecastMethod::Naive).fit(&s)?;
/// assert!(reconcile(&h, &[forecast(&s, 2)?, naive], ReconcileMethod::BottomUp).is_err());
/// assert!(reconcile(&h, &[forecast(&s, 2)?, forecast(&s, 3)?], ReconcileMethod::BottomUp).is_err());
/// let r = reconcile(&h, &[forecast(&s, 2)?, forecast(&s, 2)?], ReconcileMethod::BottomUp)?;
/// assert_eq!(r.forecasts()[0].mean(), r.forecasts()[1].mean());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn reconcile(
    hierarchy: &Hierarchy,
    base: &[Forecast],
    method: ReconcileMethod,
) -> Result<Reconciled> {
    let n = hierarchy.len();
    if base.len() != n {
        return Err(Error::from(ErrorKind::LengthMismatch {
            what: "base forecasts",
            expected: n,
            found: base.len(),
        }));
    }
    let names = hierarchy.names();
    let first = &base[0];
    for (f, name) in base.iter().zip(names) {
        let at = || Location::facility(name);
        if f.horizon() != first.horizon() {
            return Err(same("forecast horizon", f.horizon(), first.horizon()).at(at()));
        }
        if f.frequency() != first.frequency() {
            return Err(same(
                "forecast frequency",
                f.frequency().label(),
                first.frequency().label(),
            )
            .at(at()));
        }
        if f.first_period != first.first_period {
            let label = |p: Option<crate::series::YearMonth>| {
                p.map_or("unknown".to_string(), |m| f.frequency().period_label(m))
            };
            return Err(same(
                "first forecast period",
                label(f.first_period),
                label(first.first_period),
            )
            .at(at()));
        }
        if f.one_step_errors().is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "one-step errors",
            })
            .at(at()));
        }
    }
    // The last periods every node has errors for.
    let periods = base
        .iter()
        .map(|f| f.one_step_errors().len())
        .min()
        .unwrap_or(0);
    let errors: Vec<Vec<f64>> = base
        .iter()
        .map(|f| {
            let e = f.one_step_errors();
            e[e.len() - periods..].to_vec()
        })
        .collect();
    let covariance = ShrunkCovariance::new(&errors)?;
    let reconciler = Reconciler::new(hierarchy, method, &covariance)?;
    let joint = JointPaths::new(base, &errors);

    let horizon = first.horizon();
    let m = hierarchy.bottom_len();
    let paths = joint.paths;
    // Reconciled paths per node, path-major as in `Forecast`.
    let mut out: Vec<Vec<f64>> = vec![vec![0.0; paths * horizon]; n];
    let mut clipped_paths = 0;
    let (mut y, mut bottom, mut coherent) = (vec![0.0; n], vec![0.0; m], Vec::with_capacity(n));
    for i in 0..paths {
        let mut clipped = false;
        for h in 0..horizon {
            for (node, f) in base.iter().enumerate() {
                y[node] = f.paths[joint.source[node][i] * horizon + h];
            }
            reconciler.bottom_of(&y, &mut bottom);
            clipped |= floor_at_zero(&mut bottom);
            hierarchy.sum_up(&bottom, &mut coherent);
            for (node, v) in coherent.iter().enumerate() {
                out[node][i * horizon + h] = *v;
            }
        }
        clipped_paths += usize::from(clipped);
    }
    // The means: the reconciled base means, under the same floor.
    let mut means: Vec<Vec<f64>> = vec![Vec::with_capacity(horizon); n];
    for h in 0..horizon {
        for (node, f) in base.iter().enumerate() {
            y[node] = f.mean()[h];
        }
        reconciler.bottom_of(&y, &mut bottom);
        floor_at_zero(&mut bottom);
        hierarchy.sum_up(&bottom, &mut coherent);
        for (node, v) in coherent.iter().enumerate() {
            means[node].push(tidy(*v));
        }
    }
    let forecasts = base
        .iter()
        .zip(out)
        .zip(means)
        .map(|((f, paths), mean)| Forecast::reconciled(f, method, mean, paths))
        .collect();
    Ok(Reconciled {
        method,
        names: names.to_vec(),
        forecasts,
        covariance,
        clipped_paths,
    })
}

fn same(what: &'static str, value: impl std::fmt::Display, other: impl ToString) -> Error {
    Error::invalid(
        what,
        value,
        Constraint::SameAs {
            other: other.to_string(),
        },
    )
}

/// Sets values below 0 to 0; whether any was.
fn floor_at_zero(values: &mut [f64]) -> bool {
    let mut any = false;
    for v in values.iter_mut() {
        if *v < 0.0 {
            *v = 0.0;
            any = true;
        }
    }
    any
}

/// Which base path of each node makes up each joint path (module docs: a Gaussian copula
/// on the ranks of the paths' levels).
struct JointPaths {
    paths: usize,
    /// Per node, per joint path: the index of the node's own path.
    source: Vec<Vec<usize>>,
}

impl JointPaths {
    /// Joins the nodes' paths with the sample correlations of `errors` (one row per node,
    /// the same periods): the module docs' copula.
    fn new(base: &[Forecast], errors: &[Vec<f64>]) -> JointPaths {
        let n = base.len();
        let paths = base.iter().map(Forecast::paths).min().unwrap_or(0);
        // Each node's errors centred and scaled to unit sample variance; a node whose
        // errors are all equal stays 0 (its z ties, and ties keep path order).
        let t = errors.first().map_or(0, Vec::len);
        let scaled: Vec<Vec<f64>> = errors
            .iter()
            .map(|e| {
                let mean = e.iter().sum::<f64>() / t.max(1) as f64;
                let c: Vec<f64> = e.iter().map(|v| v - mean).collect();
                let ss = c.iter().map(|v| v * v).sum::<f64>();
                let scale = if ss > 0.0 { (ss).sqrt() } else { 1.0 };
                c.into_iter().map(|v| v / scale).collect()
            })
            .collect();
        // z_i = Σ_t g_it·e_t with e_t scaled to unit sum of squares: Var(z_ij) = 1 and
        // Cov(z_ij, z_ik) = the sample correlation, for any number of nodes.
        let mut z = vec![0.0; paths * n];
        let mut g = vec![0.0; t];
        for i in 0..paths {
            let mut rng = Normals::for_path(DEFAULT_SEED ^ 0x5EC0_0C11_E000_0000, i);
            for v in g.iter_mut() {
                *v = rng.next();
            }
            for (a, e) in scaled.iter().enumerate() {
                z[i * n + a] = e.iter().zip(&g).map(|(x, w)| x * w).sum();
            }
        }
        let mut source = Vec::with_capacity(n);
        for (node, f) in base.iter().enumerate() {
            let h = f.horizon();
            // The node's paths from the lowest level to the highest.
            let level = |p: usize| f.paths[p * h..(p + 1) * h].iter().sum::<f64>();
            let mut by_level: Vec<usize> = (0..paths).collect();
            by_level.sort_by(|&a, &b| level(a).total_cmp(&level(b)).then(a.cmp(&b)));
            // The joint paths from the lowest z to the highest.
            let mut by_z: Vec<usize> = (0..paths).collect();
            by_z.sort_by(|&a, &b| z[a * n + node].total_cmp(&z[b * n + node]).then(a.cmp(&b)));
            let mut own = vec![0; paths];
            for (rank, &joint) in by_z.iter().enumerate() {
                own[joint] = by_level[rank];
            }
            source.push(own);
        }
        JointPaths { paths, source }
    }
}

impl Forecast {
    /// A reconciled forecast: `base`'s calendar and origin, the reconciled `mean` and
    /// `paths` (path-major), the distribution of each horizon the paths' values.
    fn reconciled(
        base: &Forecast,
        method: ReconcileMethod,
        mean: Vec<f64>,
        paths: Vec<f64>,
    ) -> Forecast {
        let horizon = mean.len();
        let n = paths.len() / horizon.max(1);
        let dist = (0..horizon)
            .map(|h| {
                let mut s: Vec<f64> = (0..n).map(|i| tidy(paths[i * horizon + h])).collect();
                s.sort_by(f64::total_cmp);
                Dist::Samples(s)
            })
            .collect();
        Forecast {
            method: format!("{method} reconciliation of {}", base.method),
            origin: base.origin,
            transform: Transform::None,
            mean,
            dists: vec![dist],
            paths,
            backtest: Vec::new(),
            frequency: base.frequency,
            first_period: base.first_period,
            one_step_errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
