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
//!   own simulated values are joined into paths of the whole hierarchy, and every joint
//!   path is reconciled like a point forecast; intervals and chances over capacity are read
//!   off the reconciled paths (Panagiotelis, Gamakumara, Athanasopoulos & Hyndman 2023,
//!   "Probabilistic forecast reconciliation", *EJOR* 306(2): reconciling draws of the joint
//!   base distribution gives draws of the reconciled one).
//! - **The joint paths: a copula per horizon from the `h`-step errors.** Each node keeps
//!   its own distribution at every horizon (its sample paths' values there); how the
//!   nodes and the horizons move together comes from the default's in-sample `h`-step
//!   errors ([`Forecast::step_errors`]) at the origins every node has — the errors its
//!   intervals are calibrated on. At horizon `h`, joint path `i` takes node `j`'s value of
//!   the rank that `z_ijh` has among the `z_·jh`, with
//!   `z_ijh = Σ_o g_io·ẽ_jh(o)`: `ẽ_jh(o)` node `j`'s `h`-step error forecast from origin
//!   `o` (counted back from the last value), centred and scaled to unit sum of squares
//!   over the common origins, and `g_io ~ N(0, 1)` one draw per origin and joint path,
//!   seeded ([`DEFAULT_SEED`]) and shared by every node and horizon. So `z` is normal with
//!   exactly the errors' *sample* correlations — across nodes at each horizon (the
//!   co-movement that builds up over the horizon: a common trend is in the 12-step errors,
//!   not the one-step ones) and across horizons (the errors from one origin at `h` and
//!   `h + 1` share their first `h` periods, so each node's joint path moves as its errors
//!   did) — a Gaussian copula on ranks per horizon (Iman & Conover 1982), which is the
//!   Schaake shuffle (Clark et al. 2004, *J. Hydrometeorology* 5(1)) with the templates,
//!   the error vectors of past origins, mixed by normal weights so that any number of
//!   paths can be drawn from a few origins. It needs no inverse, so it holds when the
//!   series outnumber the origins (119 prisons, 32 origins), where the correlation matrix
//!   is singular. A horizon with fewer than three common origins (a short series) takes
//!   the last horizon's that had them.
//! - **Why not the shrunk correlations or the one-step ones.** Shrinkage makes `W`
//!   invertible for MinT's weights, but joining paths with correlations shrunk towards 0
//!   treats the prisons as nearly independent (on HMPPS's 119 prisons, λ = 0.83, the
//!   reconciled system's 80 % interval 12 months ahead was 3.4 thousand people wide
//!   against 10.5 thousand for the system's own forecast; test
//!   `joint_paths_keep_a_common_factor`). Joining whole paths once, by the rank of their
//!   level, with the one-step errors' correlations (the previous method) missed both the
//!   dependence that builds over the horizon and the first months' (the level hardly
//!   ranks the first month's value): the reconciled system's 80 % interval covered
//!   47–74 % of HMPPS's rolling origins, against 79–90 % for its own forecast.
//! - **Measured (benches/reconcile.rs, rolling origins on HMPPS and CDCR, h 1–12):** the
//!   reconciled system's intervals cover as its own forecast's do (HMPPS 80 %: 74–89 %,
//!   95 %: 89–95 %, its own 79–90 % / 89–95 %) and are as wide, and each facility's hold
//!   as before (80 % covers 75–82 %). So a reconciled system's fan can be read from its
//!   reconciled fields, coherent with its facilities'.
//! - **No negative people.** A reconciled bottom value below 0 (MinT can move a small
//!   prison's forecast below 0) is set to 0 and the aggregates re-summed, so coherence
//!   holds and nothing is negative; [`Reconciled::clipped_paths`] counts the paths where
//!   this happened (the reconciled mean gets the same rule).
//! - **Capacity.** A node's chance of being over its capacity at (or by) each horizon is
//!   the share of its reconciled paths above it: [`Forecast::probability_at`] and
//!   [`Forecast::probability_reached`] on [`Reconciled::forecasts`].

use rayon::prelude::*;
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

    /// The shrunk covariance of the one-step errors (for MinT-shrink, what the
    /// reconciliation is weighted by; the joint paths take the errors' sample correlations
    /// at each horizon instead: module docs).
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
            let label = |p: Option<crate::series::AnyPeriod>| {
                p.map_or("unknown".to_string(), |m| m.to_string())
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
    let joint = JointPaths::new(base);

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
                y[node] = f.paths[joint.source[node][h * paths + i] * horizon + h];
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

/// Which base path of each node gives each joint path its value at each horizon (module
/// docs: a Gaussian copula per horizon on the nodes' `h`-step in-sample errors).
struct JointPaths {
    paths: usize,
    /// Per node, horizon-major: `source[node][h·paths + i]` is the node's own path whose
    /// value at horizon index `h` joint path `i` takes.
    source: Vec<Vec<usize>>,
}

/// The fewest origins common to every node at which a horizon's errors give its
/// dependence (as [`ShrunkCovariance::new`] needs for the one-step errors); later horizons
/// take the last horizon that has them.
const MIN_COMMON_ORIGINS: usize = 3;

impl JointPaths {
    /// Joins the nodes' paths horizon by horizon (the module docs' copula).
    fn new(base: &[Forecast]) -> JointPaths {
        let horizon = base.first().map_or(0, Forecast::horizon);
        let paths = base.iter().map(Forecast::paths).min().unwrap_or(0);
        // Per horizon, the errors that give its dependence: its own when every node has
        // enough at common origins, else the last horizon's that had.
        let common = |h: usize| {
            base.iter()
                .map(|f| f.step_errors(h).len())
                .min()
                .unwrap_or(0)
        };
        let mut template = Vec::with_capacity(horizon);
        let mut last = 1;
        for h in 1..=horizon {
            if common(h) >= MIN_COMMON_ORIGINS {
                last = h;
            }
            template.push(last);
        }
        // Origins counted back from the last value: the `k`-th of `c` common `h`-step
        // errors (oldest first) was forecast from `h + c − 1 − k` periods before it.
        let origins = template.iter().map(|&h| h + common(h)).max().unwrap_or(0);
        // One standard normal per origin and joint path, shared by every node and horizon,
        // so a joint path's values co-move as the errors made from the same origins did.
        let g: Vec<f64> = (0..paths)
            .flat_map(|i| {
                let mut rng = Normals::for_path(DEFAULT_SEED ^ 0x5EC0_0C11_E000_0000, i);
                (0..origins).map(move |_| rng.next())
            })
            .collect();
        let source = base
            .par_iter()
            .map(|f| {
                let mut own = vec![0; horizon * paths];
                let mut z = vec![0.0; paths];
                let mut by_z: Vec<usize> = (0..paths).collect();
                let mut by_value: Vec<usize> = (0..paths).collect();
                for (h, &t) in template.iter().enumerate() {
                    let c = common(t);
                    let e = standardised(&f.step_errors(t)[f.step_errors(t).len() - c..]);
                    for (i, zi) in z.iter_mut().enumerate() {
                        let gi = &g[i * origins..(i + 1) * origins];
                        *zi = e
                            .iter()
                            .enumerate()
                            .map(|(k, v)| v * gi[t + c - 1 - k])
                            .sum();
                    }
                    // The node's values at this horizon, lowest first, go to the joint
                    // paths in the order of their z.
                    let value = |p: usize| f.paths[p * horizon + h];
                    by_value.sort_by(|&a, &b| value(a).total_cmp(&value(b)).then(a.cmp(&b)));
                    by_z.sort_by(|&a, &b| z[a].total_cmp(&z[b]).then(a.cmp(&b)));
                    let row = &mut own[h * paths..(h + 1) * paths];
                    for (&joint, &p) in by_z.iter().zip(&by_value) {
                        row[joint] = p;
                    }
                }
                own
            })
            .collect();
        JointPaths { paths, source }
    }
}

/// The errors centred and scaled to unit sum of squares (all 0 when they are all equal):
/// `Σ_k g_k·e_k` with standard normal `g` then has variance 1, and two such sums over the
/// same `g` have the errors' sample correlation.
fn standardised(errors: &[f64]) -> Vec<f64> {
    let mean = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
    let centred: Vec<f64> = errors.iter().map(|v| v - mean).collect();
    let ss = centred.iter().map(|v| v * v).sum::<f64>();
    let scale = if ss > 0.0 { ss.sqrt() } else { 1.0 };
    centred.into_iter().map(|v| v / scale).collect()
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
            step_errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
