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
//! - Values are expected numbers of people (`f64`).
//! - Policies act on the model through the levers of [`crate::flow::policy`]:
//!   [`Plan::run_expected`](crate::flow::policy::Plan::run_expected) runs a plan on the
//!   model's stock and admissions day by day, in expectation — the same levers as on
//!   person-level stays.

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
/// // Steady state: 100 a month staying 10 months on average (counting the month of
/// // admission in full), admitted on any day of it: 100 × 9.5 held.
/// approx::assert_relative_eq!(s.initial_by_age().iter().sum::<f64>(), 950.0, max_relative = 1e-6);
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
    /// ([`Plan::run_expected`](crate::flow::policy::Plan::run_expected)).
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
    /// assert_eq!((s.admissions().at(0), s.initial_by_age()[0]), (4.0, 7.5));
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
    /// assert_eq!(s.initial_by_age()[..2], [7.5, 3.75]);
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

    /// The stream in steady state with `admissions_per_month` arriving evenly over the days
    /// and staying as `stay` says, as the one engine of a cohort model
    /// ([`Plan::run_expected`](crate::flow::policy::Plan::run_expected)) reads a stock: those
    /// with `a` full months served are `λ·∫ₐ^{a+1} S(t) dt = λ·(S(a) + S(a+1))/2` (the
    /// survival linear within a month), up to the age where `S` falls below 1e-12, at most
    /// 1,200 months. The stock is `λ·(mean stay − ½ month)`: the mean of `stay` counts the
    /// month of admission in full, a person admitted on a day of it serves half of it on
    /// average.
    ///
    /// ```
    /// use overcrowding::flow::{StreamSpec, StayDistribution};
    /// let s = StreamSpec::steady(10.0, StayDistribution::Geometric { monthly_exit: 0.5 })?;
    /// // S(1) = 0.5, S(2) = 0.25: 10 × (0.5 + 0.25) / 2.
    /// assert_eq!(s.initial_by_age()[1], 3.75);
    /// // Two months' mean stay, less half a month, of ten a month.
    /// approx::assert_relative_eq!(s.initial_by_age().iter().sum::<f64>(), 15.0, max_relative = 1e-9);
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
        // S(a) and S(a + 1), by the same products as `StayDistribution::survival`.
        let mut s0 = 1.0;
        for a in 0..1_200 {
            let s1 = s0 * (1.0 - stay.exit_probability_valid(a));
            by_age.push(admissions_per_month * (s0 + s1) / 2.0);
            if s1 < 1e-12 {
                break;
            }
            s0 = s1;
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

/// The cohort model: a pretrial and a sentenced stream linked by convictions.
///
/// ```
/// use overcrowding::flow::{CohortModel, StreamSpec, StayDistribution};
/// let m = CohortModel::new(StreamSpec::steady(100.0, StayDistribution::Geometric { monthly_exit: 0.2 }).unwrap(), StreamSpec::steady(60.0, StayDistribution::Geometric { monthly_exit: 0.05 }).unwrap(), 0.0);
/// let d = |s: &str| s.parse().unwrap();
/// let run = overcrowding::flow::policy::Plan::new().run_expected(&m, d("2021-01-01"), d("2022-12-31")).unwrap();
/// // The model's steady stock: 100 × 4.5 = 450 pretrial, 60 × 19.5 = 1,170 sentenced; with
/// // nobody convicted both stay there (within the wiggle of monthly exit chances read day
/// // by day, under 2 %).
/// let (pre, sen) = (run.baseline(overcrowding::flow::Stream::Pretrial), run.baseline(overcrowding::flow::Stream::Sentenced));
/// for day in [0, 365, 700] {
///     assert!((pre[day] / 450.0 - 1.0).abs() < 0.02 && (sen[day] / 1_170.0 - 1.0).abs() < 0.02);
/// }
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
    /// sentenced stock. Checked where it is used
    /// ([`Plan::run_expected`](crate::flow::policy::Plan::run_expected)): the share must lie in
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
    /// assert_eq!(m.pretrial().initial_by_age()[0], 7.5);
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

#[derive(Clone, Copy)]
struct Cohort {
    /// Month of admission (negative for the initial stock: age `a` at month 0 ⇔ `−a − 1`).
    admitted: i64,
    size: f64,
}

const TOLERANCE: f64 = 1e-9;

/// The longest monthly path the flow models run: 12,000 months (1,000 years) — how far
/// [`Stock::survivors`](crate::flow::Stock::survivors) looks ahead. Each month keeps a
/// cohort per month of admission, so the work grows with the square of the months; longer
/// requests are refused up front, before anything is allocated.
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
}

impl StreamSpec {
    /// The stream's expected stock at the start of each month `0..=months` on its own (no
    /// convictions in, no policy): each month the cohorts leave by their age's exit
    /// probability and the month's admissions join at its end, checked against the
    /// identity `stock(t+1) = stock(t) + admissions(t) − releases(t)` to a relative 1e-9.
    /// The projection from person-level stays runs on it.
    pub(crate) fn stock_by_month(&self, months: usize) -> Result<Vec<f64>> {
        if months > MAX_PROJECTION_MONTHS {
            return Err(Error::invalid(
                "projection months",
                months,
                Constraint::AtMost {
                    max: MAX_PROJECTION_MONTHS as f64,
                },
            ));
        }
        self.stay.validate()?;
        self.admissions.validate()?;
        for &x in &self.initial_by_age {
            non_negative("initial stock", x)?;
        }
        let mut cohorts: Vec<Cohort> = self
            .initial_by_age
            .iter()
            .enumerate()
            .map(|(a, &size)| Cohort {
                admitted: -(a as i64) - 1,
                size,
            })
            .collect();
        let mut held = Vec::with_capacity(months + 1);
        for t in 0..months {
            let before: f64 = cohorts.iter().map(|c| c.size).sum();
            let mut exits = 0.0;
            for c in cohorts.iter_mut() {
                let age = (t as i64 - c.admitted - 1).max(0) as usize;
                let out = c.size * self.stay.exit_probability_valid(age);
                c.size -= out;
                exits += out;
            }
            let adm = self.admissions.at(t);
            cohorts.push(Cohort {
                admitted: t as i64,
                size: adm,
            });
            // The identity, with the next stock re-summed from the cohorts.
            let found: f64 = cohorts.iter().map(|c| c.size).sum();
            let expected = before + adm - exits;
            let err = (found - expected).abs() / found.abs().max(expected.abs()).max(1.0);
            if err.is_nan() || err > TOLERANCE || !found.is_finite() {
                return Err(Error::from(ErrorKind::StockFlowMismatch {
                    month: t,
                    stream: "pretrial",
                    expected,
                    found,
                }));
            }
            held.push(before);
            // Drop emptied cohorts (geometric tails never reach exactly 0; keep those).
            cohorts.retain(|c| c.size > 0.0);
        }
        held.push(cohorts.iter().map(|c| c.size).sum());
        Ok(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(p: f64) -> StayDistribution {
        StayDistribution::Geometric { monthly_exit: p }
    }

    #[test]
    fn hand_computed_two_months() {
        // 100 held (age 0), 20 admitted a month, half leave each month.
        let s = StreamSpec::new(vec![100.0], Admissions::Constant(20.0), geo(0.5));
        // Month 0: 50 leave, 20 join: 70; month 1: 35 leave, 20 join: 55.
        assert_eq!(s.stock_by_month(2).unwrap(), vec![100.0, 70.0, 55.0]);
    }

    #[test]
    fn steady_state_matches_little() {
        // Lognormal stays, median 6 months: the steady stock is λ × mean.
        let d = StayDistribution::LogNormal {
            median_months: 6.0,
            sigma: 0.8,
        };
        let mean = d.mean_months().unwrap();
        // The monthly cohort convention (whole months from admission): λ·S(a).
        let by_age: Vec<f64> = (0..1_200).map(|a| 50.0 * d.survival(a).unwrap()).collect();
        let held = StreamSpec::new(by_age, Admissions::Constant(50.0), d)
            .stock_by_month(36)
            .unwrap();
        approx::assert_relative_eq!(held[36], 50.0 * mean, max_relative = 1e-6);
        // Continuous lognormal mean = median × exp(σ²/2) = 8.26; the monthly discretisation
        // counts the month of admission in full, so ≈ +0.5 month.
        assert!((mean - 6.0 * (0.32f64).exp() - 0.5).abs() < 0.1, "{mean}");
    }

    #[test]
    fn validation_and_erfc() {
        assert!(StayDistribution::from_survival(&[0.5, 0.6]).is_err());
        assert!(StayDistribution::from_survival(&[]).is_err());
        let mut bad = StreamSpec::steady(1.0, geo(0.5)).unwrap();
        bad.initial_by_age[0] = f64::NAN;
        assert!(bad.stock_by_month(1).is_err());
        let long = StreamSpec::steady(1.0, geo(0.5)).unwrap();
        assert!(long.stock_by_month(MAX_PROJECTION_MONTHS + 1).is_err());
    }
}
