//! A monthly cohort stock-flow model of the pretrial and sentenced stocks.
//!
//! # Semantics
//!
//! - Time is in months `t = 0, 1, …`. The stock of month `t` is counted at its start.
//! - Each month's admissions form a cohort that joins the stock at the end of the month (it
//!   cannot leave in the month it arrives). In month `t` a cohort that has spent `a` full
//!   months in custody (its *age*) loses the share `h(a)` given by its [`StayDistribution`]
//!   (the monthly exit probability, or hazard).
//! - People leaving the pretrial stock are convicted with probability `convicted_share` and
//!   join the sentenced stock as that month's sentenced admissions (on top of direct
//!   sentenced admissions); the others leave custody. The sentenced stay is counted from
//!   sentencing.
//! - Values are expected numbers of people (`f64`). Every month and both stocks are checked
//!   against the identity `stock(t+1) = stock(t) + admissions(t) − releases(t)`, where
//!   `stock(t+1)` is re-summed from the cohorts, to a relative tolerance of 1e-9.
//! - A [`Policy`] replaces the stay distribution of one stream from a month on (and may scale
//!   its admissions). `Prospective`: only cohorts admitted from that month on.
//!   `Retroactive`: also the people already held, from that month on, at their current age.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use super::non_negative;
use super::stay::StayDistribution;
use crate::error::{Error, Result};

/// Monthly admissions to a stream.
///
/// ```
/// use overcrowding::flow::Admissions;
/// assert_eq!(Admissions::Monthly(vec![10.0, 20.0]).at(5), 20.0);
/// assert_eq!(Admissions::Constant(7.0).at(0), 7.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Admissions {
    /// The same number every month.
    Constant(f64),
    /// One number per month; the last repeats.
    Monthly(Vec<f64>),
}

impl Admissions {
    /// Admissions in month `t`.
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::Admissions::Monthly(vec![1.0]).at(9), 1.0);
    /// ```
    pub fn at(&self, t: usize) -> f64 {
        match self {
            Admissions::Constant(x) => *x,
            Admissions::Monthly(v) => v.get(t).or(v.last()).copied().unwrap_or(0.0),
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            Admissions::Constant(x) => non_negative("admissions", *x).map(|_| ()),
            Admissions::Monthly(v) => {
                if v.is_empty() {
                    return Err(Error::from(ErrorKind::Empty {
                        what: "monthly admissions",
                    }));
                }
                v.iter()
                    .try_for_each(|&x| non_negative("admissions", x).map(|_| ()))
            }
        }
    }
}

/// One stream (pretrial or sentenced): its stock at month 0 by age, its admissions and its
/// stay distribution.
///
/// ```
/// use overcrowding::flow::{StreamSpec, Admissions, StayDistribution};
/// let s = StreamSpec::steady(100.0, StayDistribution::Geometric { monthly_exit: 0.1 }).unwrap();
/// // Steady state: 100 a month staying 10 months on average, by age 100 × 0.9^a.
/// approx::assert_relative_eq!(s.initial_by_age().iter().sum::<f64>(), 1_000.0, max_relative = 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamSpec {
    /// Stock at month 0 by full months already held (index = age).
    initial_by_age: Vec<f64>,
    /// Admissions per month.
    admissions: Admissions,
    /// How long people stay.
    stay: StayDistribution,
}

impl StreamSpec {
    /// A stream holding `initial_by_age[a]` people who have served `a` full months at month 0,
    /// admitting `admissions` and keeping people for `stay`. Checked where it is used
    /// ([`CohortModel::project`], [`Plan::run_expected`](crate::flow::policy::Plan::run_expected)).
    ///
    /// ```
    /// use overcrowding::flow::{Admissions, StayDistribution, StreamSpec};
    /// let s = StreamSpec::new(vec![100.0, 50.0], Admissions::Constant(20.0),
    ///     StayDistribution::Geometric { monthly_exit: 0.5 });
    /// assert_eq!(s.initial_by_age().iter().sum::<f64>(), 150.0);
    /// ```
    pub fn new(
        initial_by_age: Vec<f64>,
        admissions: Admissions,
        stay: StayDistribution,
    ) -> StreamSpec {
        StreamSpec {
            initial_by_age,
            admissions,
            stay,
        }
    }

    /// The same stream with other admissions (the stock and stays kept).
    ///
    /// ```
    /// use overcrowding::flow::{Admissions, StayDistribution, StreamSpec};
    /// let s = StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 })?
    ///     .with_admissions(Admissions::Constant(4.0));
    /// assert_eq!((s.admissions().at(0), s.initial_by_age()[0]), (4.0, 10.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_admissions(mut self, admissions: Admissions) -> StreamSpec {
        self.admissions = admissions;
        self
    }

    /// The stock at month 0 by full months already held (index = age).
    ///
    /// ```
    /// use overcrowding::flow::{StreamSpec, StayDistribution};
    /// let s = StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 })?;
    /// assert_eq!(s.initial_by_age()[..2], [10.0, 5.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn initial_by_age(&self) -> &[f64] {
        &self.initial_by_age
    }

    /// Admissions per month.
    ///
    /// ```
    /// use overcrowding::flow::{StreamSpec, StayDistribution};
    /// let s = StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 })?;
    /// assert_eq!(s.admissions().at(3), 10.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn admissions(&self) -> &Admissions {
        &self.admissions
    }

    /// How long people stay.
    ///
    /// ```
    /// use overcrowding::flow::{StreamSpec, StayDistribution};
    /// let s = StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 })?;
    /// // Half leave each month: two months on average (to the series' rounding).
    /// approx::assert_relative_eq!(s.stay().mean_months()?, 2.0, max_relative = 1e-9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn stay(&self) -> &StayDistribution {
        &self.stay
    }

    /// The stream in steady state with `admissions_per_month` under `stay`: the stock by age
    /// is `λ·S(a)` (up to the age where `S` falls below 1e-12, at most 1,200 months).
    ///
    /// ```
    /// use overcrowding::flow::{StreamSpec, StayDistribution};
    /// let s = StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 })?;
    /// assert_eq!(s.initial_by_age()[1], 5.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`StayDistribution::validate`]; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the admissions
    /// are negative or not finite.
    pub fn steady(admissions_per_month: f64, stay: StayDistribution) -> Result<StreamSpec> {
        stay.validate()?;
        non_negative("admissions per month", admissions_per_month)?;
        let mut by_age = Vec::new();
        let mut s = 1.0;
        for a in 0..1_200 {
            if s < 1e-12 {
                break;
            }
            by_age.push(admissions_per_month * s);
            s *= 1.0 - stay.exit_probability_valid(a);
        }
        Ok(StreamSpec::new(
            by_age,
            Admissions::Constant(admissions_per_month),
            stay,
        ))
    }
}

/// Which stock a policy applies to.
///
/// ```
/// assert_ne!(overcrowding::flow::Stream::Pretrial, overcrowding::flow::Stream::Sentenced);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// People not yet tried (the pretrial stock).
    Pretrial,
    /// Sentenced people.
    Sentenced,
}

/// Whether a policy reaches the people already held.
///
/// ```
/// assert_ne!(overcrowding::flow::PolicyScope::Prospective, overcrowding::flow::PolicyScope::Retroactive);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyScope {
    /// New admissions only (cohorts admitted from the policy's month on).
    Prospective,
    /// Everyone held from the policy's month on, at their current age.
    Retroactive,
}

/// A policy: from `from_month` on, stream `stream` stays follow `stay` (for the cohorts in
/// `scope`) and its direct admissions are multiplied by `admissions_factor`.
///
/// ```
/// use overcrowding::flow::{Policy, Stream, PolicyScope, StayDistribution};
/// let p = Policy::new(Stream::Pretrial, 12, PolicyScope::Prospective)
///     .with_stay(StayDistribution::Geometric { monthly_exit: 0.5 });
/// assert_eq!((p.from_month(), p.admissions_factor()), (12, 1.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    stream: Stream,
    from_month: usize,
    scope: PolicyScope,
    /// `None` keeps the stream's own distribution.
    stay: Option<StayDistribution>,
    admissions_factor: f64,
}

impl Policy {
    /// A policy on `stream` from month `from_month`, reaching the cohorts in `scope`; as made
    /// it changes nothing (the stream's own stays, admissions × 1) until
    /// [`Policy::with_stay`] or [`Policy::with_admissions_factor`] says what changes.
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// let p = Policy::new(Stream::Sentenced, 6, PolicyScope::Retroactive);
    /// assert_eq!((p.stream(), p.scope(), p.stay()), (Stream::Sentenced, PolicyScope::Retroactive, None));
    /// ```
    pub fn new(stream: Stream, from_month: usize, scope: PolicyScope) -> Policy {
        Policy {
            stream,
            from_month,
            scope,
            stay: None,
            admissions_factor: 1.0,
        }
    }

    /// Stays follow `stay` from the policy's month (checked by [`CohortModel::project`]).
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, StayDistribution, Stream};
    /// let d = StayDistribution::Exponential { mean_months: 6.0 };
    /// let p = Policy::new(Stream::Pretrial, 0, PolicyScope::Prospective).with_stay(d.clone());
    /// assert_eq!(p.stay().map(|s| s.mean_months().unwrap()), Some(d.mean_months()?));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_stay(mut self, stay: StayDistribution) -> Policy {
        self.stay = Some(stay);
        self
    }

    /// Direct admissions are multiplied by `factor` from the policy's month (checked by
    /// [`CohortModel::project`]: finite and non-negative).
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// let p = Policy::new(Stream::Pretrial, 1, PolicyScope::Prospective).with_admissions_factor(0.8);
    /// assert_eq!(p.admissions_factor(), 0.8);
    /// ```
    pub fn with_admissions_factor(mut self, factor: f64) -> Policy {
        self.admissions_factor = factor;
        self
    }

    /// The stream.
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// assert_eq!(Policy::new(Stream::Pretrial, 0, PolicyScope::Prospective).stream(), Stream::Pretrial);
    /// ```
    pub fn stream(&self) -> Stream {
        self.stream
    }

    /// The first month it applies.
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// assert_eq!(Policy::new(Stream::Pretrial, 3, PolicyScope::Prospective).from_month(), 3);
    /// ```
    pub fn from_month(&self) -> usize {
        self.from_month
    }

    /// Who it reaches.
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// let p = Policy::new(Stream::Pretrial, 3, PolicyScope::Retroactive);
    /// assert_eq!(p.scope(), PolicyScope::Retroactive);
    /// ```
    pub fn scope(&self) -> PolicyScope {
        self.scope
    }

    /// The new stay distribution, or `None` when the stream keeps its own.
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// assert!(Policy::new(Stream::Pretrial, 3, PolicyScope::Retroactive).stay().is_none());
    /// ```
    pub fn stay(&self) -> Option<&StayDistribution> {
        self.stay.as_ref()
    }

    /// The factor on the stream's direct admissions (1 = unchanged).
    ///
    /// ```
    /// use overcrowding::flow::{Policy, PolicyScope, Stream};
    /// assert_eq!(Policy::new(Stream::Pretrial, 3, PolicyScope::Retroactive).admissions_factor(), 1.0);
    /// ```
    pub fn admissions_factor(&self) -> f64 {
        self.admissions_factor
    }
}

/// The cohort model: a pretrial and a sentenced stream linked by convictions.
///
/// ```
/// use overcrowding::flow::{CohortModel, StreamSpec, StayDistribution};
/// let m = CohortModel::new(StreamSpec::steady(100.0, StayDistribution::Geometric { monthly_exit: 0.2 }).unwrap(), StreamSpec::steady(60.0, StayDistribution::Geometric { monthly_exit: 0.05 }).unwrap(), 0.0);
/// let p = m.project(24, &[]).unwrap();
/// // Steady state holds: 100 × 5 = 500 pretrial, 60 × 20 = 1,200 sentenced.
/// approx::assert_relative_eq!(p.months[23].pretrial, 500.0, max_relative = 1e-6);
/// approx::assert_relative_eq!(p.final_sentenced, 1_200.0, max_relative = 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortModel {
    pretrial: StreamSpec,
    /// Direct admissions only; convictions are added.
    sentenced: StreamSpec,
    /// In [0, 1], checked where the model is used.
    convicted_share: f64,
}

impl CohortModel {
    /// The model of a `pretrial` and a `sentenced` stream (direct sentenced admissions only)
    /// where `convicted_share` of the people leaving pretrial custody are convicted into the
    /// sentenced stock. Checked where it is used ([`CohortModel::project`],
    /// [`Plan::run_expected`](crate::flow::policy::Plan::run_expected)): the share must lie in
    /// [0, 1], the stays, admissions and stocks be valid.
    ///
    /// ```
    /// use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// let m = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(0.0, g)?, 0.6);
    /// assert_eq!(m.convicted_share(), 0.6);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(pretrial: StreamSpec, sentenced: StreamSpec, convicted_share: f64) -> CohortModel {
        CohortModel {
            pretrial,
            sentenced,
            convicted_share,
        }
    }

    /// The pretrial stream.
    ///
    /// ```
    /// use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// let m = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(0.0, g)?, 0.6);
    /// assert_eq!(m.pretrial().initial_by_age()[0], 10.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn pretrial(&self) -> &StreamSpec {
        &self.pretrial
    }

    /// The sentenced stream (direct admissions only; convictions are added).
    ///
    /// ```
    /// use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// let m = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(3.0, g)?, 0.6);
    /// assert_eq!(m.sentenced().admissions().at(0), 3.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn sentenced(&self) -> &StreamSpec {
        &self.sentenced
    }

    /// The share of pretrial exits convicted into the sentenced stock.
    ///
    /// ```
    /// use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// let m = CohortModel::new(StreamSpec::steady(1.0, g.clone())?, StreamSpec::steady(1.0, g)?, 0.25);
    /// assert_eq!(m.convicted_share(), 0.25);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn convicted_share(&self) -> f64 {
        self.convicted_share
    }
}

/// One projected month.
///
/// ```
/// # use overcrowding::flow::*;
/// let m = CohortModel::new(StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 1.0 }).unwrap(), StreamSpec::steady(0.0, StayDistribution::Geometric { monthly_exit: 1.0 }).unwrap(), 0.5);
/// let row = m.project(1, &[]).unwrap().months[0];
/// assert_eq!((row.pretrial_exits, row.convicted), (10.0, 5.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProjectionMonth {
    /// Month index.
    pub month: usize,
    /// Pretrial stock at the start of the month.
    pub pretrial: f64,
    /// Sentenced stock at the start of the month.
    pub sentenced: f64,
    /// Pretrial admissions during the month.
    pub pretrial_admissions: f64,
    /// People leaving the pretrial stock during the month (convicted or released).
    pub pretrial_exits: f64,
    /// Of those, convicted into the sentenced stock.
    pub convicted: f64,
    /// Sentenced admissions during the month: direct + convicted.
    pub sentenced_admissions: f64,
    /// Sentenced releases during the month.
    pub sentenced_releases: f64,
}

impl ProjectionMonth {
    /// Total stock at the start of the month.
    ///
    /// ```
    /// # use overcrowding::flow::*;
    /// let m = CohortModel::new(StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 }).unwrap(), StreamSpec::steady(0.0, StayDistribution::Geometric { monthly_exit: 1.0 }).unwrap(), 0.0);
    /// approx::assert_relative_eq!(m.project(1, &[]).unwrap().months[0].total(), 20.0, max_relative = 1e-9);
    /// ```
    pub fn total(&self) -> f64 {
        self.pretrial + self.sentenced
    }
}

/// The result of [`CohortModel::project`].
///
/// ```
/// # use overcrowding::flow::*;
/// let m = CohortModel::new(StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 }).unwrap(), StreamSpec::steady(5.0, StayDistribution::Geometric { monthly_exit: 0.5 }).unwrap(), 0.0);
/// let p = m.project(12, &[]).unwrap();
/// assert!(p.max_identity_error <= 1e-9);
/// assert_eq!(p.months.len(), 12);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// One row per month.
    pub months: Vec<ProjectionMonth>,
    /// Pretrial stock after the last month.
    pub final_pretrial: f64,
    /// Sentenced stock after the last month.
    pub final_sentenced: f64,
    /// The largest relative stock-flow identity error met (checked ≤ 1e-9).
    pub max_identity_error: f64,
}

#[derive(Clone, Copy)]
struct Cohort {
    /// Month of admission (negative for the initial stock: age `a` at month 0 ⇔ `−a − 1`).
    admitted: i64,
    size: f64,
}

const TOLERANCE: f64 = 1e-9;

/// The longest projection [`CohortModel::project`] runs: 12,000 months (1,000 years). Each
/// month keeps a cohort per month of admission, so the work grows with the square of the
/// months; longer requests are refused up front, before anything is allocated.
///
/// ```
/// assert_eq!(overcrowding::flow::MAX_PROJECTION_MONTHS, 12_000);
/// ```
pub const MAX_PROJECTION_MONTHS: usize = 12_000;

impl CohortModel {
    /// Checks the share and both streams (stay distribution, admissions, stock by age).
    pub(crate) fn validate(&self) -> Result<()> {
        let share = self.convicted_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(Error::invalid(
                "convicted share",
                share,
                Constraint::Between { min: 0.0, max: 1.0 },
            ));
        }
        for s in [&self.pretrial, &self.sentenced] {
            s.stay.validate()?;
            s.admissions.validate()?;
            for &x in &s.initial_by_age {
                non_negative("initial stock", x)?;
            }
        }
        Ok(())
    }

    /// Projects `months` months under `policies`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for an invalid stay distribution, a negative or non-finite
    /// stock, admissions or admissions factor, or a convicted share outside [0, 1];
    /// [`ErrorKind::StockFlowMismatch`](crate::ErrorKind::StockFlowMismatch) if the identity check fails (a bug, not a data problem);
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) for more than [`MAX_PROJECTION_MONTHS`] months.
    ///
    /// ```
    /// use overcrowding::flow::*;
    /// let base = CohortModel::new(StreamSpec::steady(100.0, StayDistribution::Geometric { monthly_exit: 0.1 }).unwrap(), StreamSpec::steady(0.0, StayDistribution::Geometric { monthly_exit: 1.0 }).unwrap(), 0.0);
    /// // Halve pretrial stays for everyone from month 0: the stock falls from 1,000 towards 500.
    /// let halve = Policy::new(Stream::Pretrial, 0, PolicyScope::Retroactive).with_stay(StayDistribution::Geometric { monthly_exit: 0.2 });
    /// let p = base.project(60, &[halve]).unwrap();
    /// approx::assert_relative_eq!(p.final_pretrial, 500.0, max_relative = 1e-3);
    /// ```
    pub fn project(&self, months: usize, policies: &[Policy]) -> Result<Projection> {
        if months > MAX_PROJECTION_MONTHS {
            return Err(Error::invalid(
                "projection months",
                months,
                Constraint::AtMost {
                    max: MAX_PROJECTION_MONTHS as f64,
                },
            ));
        }
        self.validate()?;
        let share = self.convicted_share;
        for p in policies {
            if let Some(d) = &p.stay {
                d.validate()?;
            }
            non_negative("admissions factor", p.admissions_factor)?;
        }
        let init = |s: &StreamSpec| -> Vec<Cohort> {
            s.initial_by_age
                .iter()
                .enumerate()
                .map(|(a, &size)| Cohort {
                    admitted: -(a as i64) - 1,
                    size,
                })
                .collect()
        };
        let mut pre = init(&self.pretrial);
        let mut sen = init(&self.sentenced);
        let mut rows = Vec::with_capacity(months);
        let mut max_err = 0.0f64;
        for t in 0..months {
            let stock_pre: f64 = pre.iter().map(|c| c.size).sum();
            let stock_sen: f64 = sen.iter().map(|c| c.size).sum();
            let exits_pre = step(&mut pre, t, &self.pretrial.stay, Stream::Pretrial, policies);
            let exits_sen = step(
                &mut sen,
                t,
                &self.sentenced.stay,
                Stream::Sentenced,
                policies,
            );
            let factor = |stream: Stream| -> f64 {
                policies
                    .iter()
                    .filter(|p| p.stream == stream && p.from_month <= t)
                    .max_by_key(|p| p.from_month)
                    .map_or(1.0, |p| p.admissions_factor)
            };
            let adm_pre = self.pretrial.admissions.at(t) * factor(Stream::Pretrial);
            let convicted = exits_pre * share;
            let adm_sen = self.sentenced.admissions.at(t) * factor(Stream::Sentenced) + convicted;
            pre.push(Cohort {
                admitted: t as i64,
                size: adm_pre,
            });
            sen.push(Cohort {
                admitted: t as i64,
                size: adm_sen,
            });
            // The identity, with the next stock re-summed from the cohorts.
            for (stream, before, adm, rel, cohorts) in [
                ("pretrial", stock_pre, adm_pre, exits_pre, &pre),
                ("sentenced", stock_sen, adm_sen, exits_sen, &sen),
            ] {
                let found: f64 = cohorts.iter().map(|c| c.size).sum();
                let expected = before + adm - rel;
                let err = (found - expected).abs() / found.abs().max(expected.abs()).max(1.0);
                if err.is_nan() || err > TOLERANCE || !found.is_finite() {
                    return Err(Error::from(ErrorKind::StockFlowMismatch {
                        month: t,
                        stream,
                        expected,
                        found,
                    }));
                }
                max_err = max_err.max(err);
            }
            rows.push(ProjectionMonth {
                month: t,
                pretrial: stock_pre,
                sentenced: stock_sen,
                pretrial_admissions: adm_pre,
                pretrial_exits: exits_pre,
                convicted,
                sentenced_admissions: adm_sen,
                sentenced_releases: exits_sen,
            });
            // Drop emptied cohorts (geometric tails never reach exactly 0; keep those).
            pre.retain(|c| c.size > 0.0);
            sen.retain(|c| c.size > 0.0);
        }
        Ok(Projection {
            months: rows,
            final_pretrial: pre.iter().map(|c| c.size).sum(),
            final_sentenced: sen.iter().map(|c| c.size).sum(),
            max_identity_error: max_err,
        })
    }
}

/// Applies month `t`'s exits to the cohorts; returns the people who left.
fn step(
    cohorts: &mut [Cohort],
    t: usize,
    base: &StayDistribution,
    stream: Stream,
    policies: &[Policy],
) -> f64 {
    let mut exits = 0.0;
    for c in cohorts.iter_mut() {
        let dist = policies
            .iter()
            .filter(|p| {
                p.stream == stream
                    && p.stay.is_some()
                    && p.from_month <= t
                    && (p.scope == PolicyScope::Retroactive || c.admitted >= p.from_month as i64)
            })
            .max_by_key(|p| p.from_month)
            .and_then(|p| p.stay.as_ref())
            .unwrap_or(base);
        let age = (t as i64 - c.admitted - 1).max(0) as usize;
        let out = c.size * dist.exit_probability_valid(age);
        c.size -= out;
        exits += out;
    }
    exits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(p: f64) -> StayDistribution {
        StayDistribution::Geometric { monthly_exit: p }
    }

    #[test]
    fn hand_computed_two_months() {
        // Pretrial: 100 held (age 0), 20 admitted a month, half leave each month; 40 % of the
        // leavers convicted. Sentenced: none held, none admitted directly, 10 % leave a month.
        let m = CohortModel::new(
            StreamSpec::new(vec![100.0], Admissions::Constant(20.0), geo(0.5)),
            StreamSpec::new(vec![], Admissions::Constant(0.0), geo(0.1)),
            0.4,
        );
        let p = m.project(2, &[]).unwrap();
        // Month 0: 50 leave, 20 convicted; pretrial 100 -> 70, sentenced 0 -> 20.
        let r = p.months[0];
        assert_eq!(
            (r.pretrial, r.pretrial_exits, r.convicted),
            (100.0, 50.0, 20.0)
        );
        // Month 1: pretrial 70 -> 35 leave (14 convicted) -> 55; sentenced 20 -> 2 leave + 14 -> 32.
        let r = p.months[1];
        assert_eq!((r.pretrial, r.sentenced), (70.0, 20.0));
        assert_eq!(
            (r.pretrial_exits, r.convicted, r.sentenced_releases),
            (35.0, 14.0, 2.0)
        );
        assert_eq!((p.final_pretrial, p.final_sentenced), (55.0, 32.0));
    }

    #[test]
    fn prospective_versus_retroactive() {
        let base = CohortModel::new(
            StreamSpec::steady(100.0, geo(0.1)).unwrap(),
            StreamSpec::steady(0.0, geo(1.0)).unwrap(),
            0.0,
        );
        let policy = |scope| Policy::new(Stream::Pretrial, 0, scope).with_stay(geo(0.2));
        let pro = base
            .project(3, &[policy(PolicyScope::Prospective)])
            .unwrap();
        let retro = base
            .project(3, &[policy(PolicyScope::Retroactive)])
            .unwrap();
        // Month 0: prospective leaves the held at 10 %: 100 exits; retroactive 20 %: 200.
        approx::assert_relative_eq!(pro.months[0].pretrial_exits, 100.0, max_relative = 1e-6);
        approx::assert_relative_eq!(retro.months[0].pretrial_exits, 200.0, max_relative = 1e-6);
        assert!(retro.final_pretrial < pro.final_pretrial);
        // Admissions factor: 20 % fewer admissions from month 1.
        let cut =
            Policy::new(Stream::Pretrial, 1, PolicyScope::Prospective).with_admissions_factor(0.8);
        let p = base.project(3, &[cut]).unwrap();
        assert_eq!(p.months[0].pretrial_admissions, 100.0);
        assert_eq!(p.months[1].pretrial_admissions, 80.0);
    }

    #[test]
    fn steady_state_matches_little() {
        // Lognormal pretrial stays, median 6 months: the steady stock is λ × mean.
        let d = StayDistribution::LogNormal {
            median_months: 6.0,
            sigma: 0.8,
        };
        let mean = d.mean_months().unwrap();
        let m = CohortModel::new(
            StreamSpec::steady(50.0, d).unwrap(),
            StreamSpec::steady(0.0, geo(1.0)).unwrap(),
            0.0,
        );
        let p = m.project(36, &[]).unwrap();
        approx::assert_relative_eq!(p.final_pretrial, 50.0 * mean, max_relative = 1e-6);
        // Continuous lognormal mean = median × exp(σ²/2) = 8.26; the monthly discretisation
        // counts the month of admission in full, so ≈ +0.5 month.
        assert!((mean - 6.0 * (0.32f64).exp() - 0.5).abs() < 0.1, "{mean}");
    }

    #[test]
    fn validation_and_erfc() {
        assert!(StayDistribution::from_survival(&[0.5, 0.6]).is_err());
        assert!(StayDistribution::from_survival(&[]).is_err());
        let bad = CohortModel::new(
            StreamSpec::steady(1.0, geo(0.5)).unwrap(),
            StreamSpec::steady(1.0, geo(0.5)).unwrap(),
            1.5,
        );
        assert!(bad.project(1, &[]).is_err());
        let mut bad2 = bad.clone();
        bad2.convicted_share = 0.5;
        bad2.pretrial.initial_by_age[0] = f64::NAN;
        assert!(bad2.project(1, &[]).is_err());
    }
}
