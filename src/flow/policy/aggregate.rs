//! The same plan on aggregates: for users without person-level stays (Cambodia), the levers
//! act on a cohort model's stock and admissions, in expectation, day by day.
//!
//! # Semantics
//!
//! - The input is a [`CohortModel`]: the pretrial and sentenced stocks by months served on
//!   the first day of the window, monthly admissions to each stream (month `t` of the model
//!   is days `[t·D, (t+1)·D)` of the window, `D` = [`DAYS_PER_MONTH`]; a month's admissions
//!   enter evenly over its days), the stay distributions, and the share of pretrial exits
//!   convicted into a sentenced stay (counted from sentencing).
//! - Every group of people (the stock of one month served, one day's admissions) is
//!   represented by stays at mid-quantiles of its lengths: pretrial parts at the
//!   quantiles `(j + ½)/32` of the pretrial distribution (conditional on the time already
//!   served, for the stock), each either released at the end of that part (weight
//!   `1 − convicted_share`) or followed by a sentenced part at 32 quantiles of the sentenced
//!   distribution; the stock of a month served at 4 points within the month. Lengths are
//!   whole days ([`DayQuantile`], linear within a month) as in the person-level run.
//! - Each represented stay goes through **the same levers as a person's stay**
//!   (`Levers::apply`: the pretrial cap, expediting, early release, their timing) — one
//!   implementation of what a lever does, so the two answers cannot drift apart. A surge
//!   admits the same stays as in the person-level run. Recalls after an early release are
//!   their expectation: the recall probability times a recall stay starting on each day of
//!   the recall window (exactly) and lasting the recall distribution's 32 mid-quantiles.
//! - A diversion scales admissions: the weight of each represented stay admitted from its
//!   date (in its stream, when it names one) is multiplied by `1 − share` — the admissions
//!   of the model's stream from that day, and a surge's admissions after it. A diversion of
//!   a class is refused: the cohort model has no classes (no silent reading of "a class" as
//!   "everyone").
//! - The result is expected numbers of people (`f64`): each day's pretrial and sentenced
//!   population, baseline and policy, recalls apart, and person-days with the identity
//!   `baseline − policy = saved − added` (to rounding, [`ExpectedPersonDays::identity_gap`]).
//!   On a population drawn from the same model the person-level run agrees within its
//!   Monte Carlo error (tested).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::apply::{Counts, Levers, Span3, surge_spans};
use super::draw::DayQuantile;
use super::lever::{Lever, Plan};
use super::run::Window;
use super::{HELD, day, invalid};
use crate::error::{Constraint, Result};
use crate::flow::{CohortModel, DAYS_PER_MONTH, Stream};

/// Quantile points of each length distribution.
const QUANTILES: usize = 32;
/// Points within a month of served time, for the stock.
const SUB_AGES: usize = 4;

fn mid(j: usize, k: usize) -> f64 {
    (j as f64 + 0.5) / k as f64
}

/// Expected person-days of an [`ExpectedRun`] over its window.
///
/// ```
/// use overcrowding::flow::policy::ExpectedPersonDays;
/// let p = ExpectedPersonDays { baseline: 100.0, policy: 90.0, saved: 12.5, added: 2.5, recalled: 1.0 };
/// assert_eq!(p.identity_gap(), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExpectedPersonDays {
    /// Person-days of the baseline.
    pub baseline: f64,
    /// Person-days under the policy, recalls left out.
    pub policy: f64,
    /// Days of the baseline's stays not served in custody under the policy.
    pub saved: f64,
    /// Days added (surge admissions).
    pub added: f64,
    /// Expected person-days held on recall.
    pub recalled: f64,
}

impl ExpectedPersonDays {
    /// `|(baseline − policy) − (saved − added)|` relative to the baseline (0 for an empty
    /// baseline): floating-point rounding only, below 1e-9 on any run.
    ///
    /// ```
    /// use overcrowding::flow::policy::ExpectedPersonDays;
    /// let p = ExpectedPersonDays { baseline: 100.0, policy: 90.0, saved: 11.0, added: 0.0, recalled: 0.0 };
    /// assert_eq!(p.identity_gap(), 0.01);
    /// ```
    pub fn identity_gap(&self) -> f64 {
        let gap = ((self.baseline - self.policy) - (self.saved - self.added)).abs();
        if self.baseline > 0.0 {
            gap / self.baseline
        } else {
            gap
        }
    }
}

/// A plan's expected effect on a cohort model, day by day ([`Plan::run_expected`]).
///
/// ```
/// use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec, Stream};
/// use overcrowding::flow::policy::{Lever, Plan, Timing};
/// let d = |s: &str| s.parse().unwrap();
/// let model = CohortModel::new(StreamSpec::steady(100.0, StayDistribution::Geometric { monthly_exit: 0.25 })?, StreamSpec::steady(0.0, StayDistribution::Geometric { monthly_exit: 1.0 })?, 0.0);
/// let plan = Plan::new().with_lever(Lever::PretrialCap { days: 61, timing: Timing::Retroactive(d("2021-01-01")) });
/// let run = plan.run_expected(&model, d("2021-01-01"), d("2021-12-31"))?;
/// // About 350 held pretrial (100 a month, 4 months on average less the half month of
/// // arrival: `StreamSpec::steady`); the cap holds ~2 months.
/// assert!((run.baseline(Stream::Pretrial)[0] - 350.0).abs() < 10.0);
/// assert!(run.policy_total()[200] < 200.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpectedRun {
    from: Date,
    baseline: [Vec<f64>; 2],
    policy: [Vec<f64>; 2],
    recalled: Vec<f64>,
    person_days: ExpectedPersonDays,
}

impl ExpectedRun {
    /// Days in the window.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.5);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.days(), 31);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn days(&self) -> usize {
        self.recalled.len()
    }

    /// The expected population of a stream each day without the plan.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec, Stream};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(0.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.baseline(Stream::Sentenced)[0], 0.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn baseline(&self, stream: Stream) -> &[f64] {
        &self.baseline[stream_index(stream)]
    }

    /// The expected population of a stream each day under the plan, recalls left out.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec, Stream};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(0.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.policy(Stream::Pretrial), run.baseline(Stream::Pretrial)); // no lever
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn policy(&self, stream: Stream) -> &[f64] {
        &self.policy[stream_index(stream)]
    }

    /// The expected total each day without the plan.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert!((run.baseline_total()[0] - 30.0).abs() < 1.0); // 2 × 10 a month × 1.5 months
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn baseline_total(&self) -> Vec<f64> {
        sum2(&self.baseline)
    }

    /// The expected total each day under the plan, recalls left out.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.policy_total(), run.baseline_total());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn policy_total(&self) -> Vec<f64> {
        sum2(&self.policy)
    }

    /// The expected number held on recall each day (sentenced).
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert!(run.recalled().iter().all(|&r| r == 0.0)); // no early release, no recall
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn recalled(&self) -> &[f64] {
        &self.recalled
    }

    /// The expected person-days of the window.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.person_days().saved, 0.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn person_days(&self) -> ExpectedPersonDays {
        self.person_days
    }

    /// The date of day `t` of the window.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.date(30).to_string(), "2021-01-31");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn date(&self, t: usize) -> Date {
        super::date_of(day(self.from) + t as i32)
    }

    /// The first day the expected policy total (recalls included) is at or below
    /// `target_percent` of `capacity`, if any.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a capacity of
    /// 0 or a negative or non-finite target.
    ///
    /// ```
    /// # use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec};
    /// # use overcrowding::flow::policy::Plan;
    /// # let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// # let model = CohortModel::new(StreamSpec::steady(10.0, g.clone())?, StreamSpec::steady(10.0, g)?, 0.0);
    /// let run = Plan::new().run_expected(&model, "2021-01-01".parse().unwrap(), "2021-01-31".parse().unwrap())?;
    /// assert_eq!(run.first_total_at_or_below(25, 100.0)?, None); // ~30 held in 25 places
    /// assert_eq!(run.first_total_at_or_below(40, 100.0)?, Some(run.date(0)));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_total_at_or_below(
        &self,
        capacity: u64,
        target_percent: f64,
    ) -> Result<Option<Date>> {
        super::check_target(capacity, target_percent)?;
        let limit = capacity as f64 * target_percent / 100.0;
        let total = self.policy_total();
        Ok(total
            .iter()
            .zip(&self.recalled)
            .position(|(&p, &r)| p + r <= limit)
            .map(|t| self.date(t)))
    }
}

fn stream_index(s: Stream) -> usize {
    match s {
        Stream::Pretrial => 0,
        Stream::Sentenced => 1,
    }
}

fn sum2(a: &[Vec<f64>; 2]) -> Vec<f64> {
    a[0].iter().zip(&a[1]).map(|(x, y)| x + y).collect()
}

/// Difference arrays of the window and the person-day sums.
struct Acc<'a> {
    w: &'a Window,
    levers: &'a Levers,
    counts: Vec<Counts>,
    base: [Vec<f64>; 2],
    pol: [Vec<f64>; 2],
    /// Weight released into each supervision, by release day.
    released: Vec<BTreeMap<i32, f64>>,
    saved: f64,
    added: f64,
}

impl Acc<'_> {
    fn segment(diff: &mut [f64], w: &Window, a: i32, b: i32, weight: f64) -> f64 {
        let (s, e) = (w.clip(a), w.clip(b));
        if s < e {
            diff[s] += weight;
            diff[e] -= weight;
        }
        (e.saturating_sub(s)) as f64
    }

    /// One represented stay of `weight` people admitted to `stream`; `start` is the first
    /// lever that applies (after a surge for its admissions), `original` whether the
    /// baseline has it.
    fn stay(&mut self, s: Span3, stream: Stream, weight: f64, start: usize, original: bool) {
        if weight == 0.0 {
            return;
        }
        let out = self
            .levers
            .apply(s, Some(stream), u32::MAX, 0, start, &mut self.counts);
        // The policy's weight: what no diversion turned away.
        let kept = weight * self.levers.kept(&s, Some(stream), start);
        let w = self.w;
        let base_days = if original {
            Self::segment(&mut self.base[0], w, s.adm, s.sent, weight)
                + Self::segment(&mut self.base[1], w, s.sent, s.rel, weight)
        } else {
            0.0
        };
        let pol_days = match out.stay {
            Some(p) if kept > 0.0 => {
                if let Some(sup) = out.supervision {
                    *self.released[usize::from(sup)].entry(p.rel).or_default() += kept;
                }
                Self::segment(&mut self.pol[0], w, p.adm, p.sent, kept)
                    + Self::segment(&mut self.pol[1], w, p.sent, p.rel, kept)
            }
            _ => 0.0,
        };
        let change = weight * base_days - kept * pol_days;
        if change > 0.0 {
            self.saved += change;
        } else {
            self.added -= change;
        }
    }
}

fn prefix(diff: &[f64], days: usize) -> Vec<f64> {
    let mut run = 0.0;
    diff[..days]
        .iter()
        .map(|&x| {
            run += x;
            // Differences of equal weights cancel to rounding; a population is never below 0.
            if run.abs() < 1e-9 { 0.0 } else { run }
        })
        .collect()
}

impl Plan {
    /// Runs the plan on a cohort model's stock and admissions over `from..=to`, in
    /// expectation: the same levers as [`Plan::run`] on people, for data without
    /// person-level stays (see the module's semantics).
    ///
    /// # Errors
    ///
    /// As [`Plan::run`] for the levers and the window; an invalid parameter for the
    /// model (a stay distribution, admissions or stock out of range, a convicted share
    /// outside [0, 1]); [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// for a diversion (the model has no classes of admissions).
    ///
    /// ```
    /// use overcrowding::flow::{CohortModel, StayDistribution, StreamSpec, Stream};
    /// use overcrowding::flow::policy::{Lever, Plan, Speedup, Timing};
    /// let d = |s: &str| s.parse().unwrap();
    /// let model = CohortModel::new(StreamSpec::steady(300.0, StayDistribution::Exponential { mean_months: 6.0 })?, StreamSpec::steady(100.0, StayDistribution::Exponential { mean_months: 24.0 })?, 0.0);
    /// let halve = Plan::new().with_lever(Lever::Expedite { speedup: Speedup::Factor(0.5),
    ///     timing: Timing::Prospective(d("2021-01-01")) });
    /// let run = halve.run_expected(&model, d("2021-01-01"), d("2023-12-31"))?;
    /// let (b, p) = (run.baseline(Stream::Pretrial), run.policy(Stream::Pretrial));
    /// // Three years on, new cases last half as long: the pretrial stock is near half.
    /// assert!((p[1094] / b[1094] - 0.5).abs() < 0.05);
    /// assert!(run.person_days().identity_gap() < 1e-9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_expected(&self, model: &CohortModel, from: Date, to: Date) -> Result<ExpectedRun> {
        self.validate()?;
        model.validate()?;
        if let Some(class) = self.levers().iter().find_map(|l| match l {
            Lever::Diversion { class, .. } => class.as_ref(),
            _ => None,
        }) {
            return Err(invalid("diversion class", class, Constraint::PersonLevel));
        }
        let w = Window::new(from, to)?;
        let mut levers = Levers::compile(self, |_| u32::MAX - 1);
        levers.expected = true;
        let mut acc = Acc {
            w: &w,
            levers: &levers,
            counts: vec![Counts::default(); self.levers().len()],
            base: [vec![0.0; w.days + 1], vec![0.0; w.days + 1]],
            pol: [vec![0.0; w.days + 1], vec![0.0; w.days + 1]],
            released: vec![BTreeMap::new(); levers.recalls.len()],
            saved: 0.0,
            added: 0.0,
        };
        let qp = DayQuantile::new(model.pretrial().stay());
        let qs = DayQuantile::new(model.sentenced().stay());
        let k = QUANTILES;
        let sentenced_lengths: Vec<i32> = (0..k).map(|j| qs.days(mid(j, k)) as i32).collect();
        let convicted = model.convicted_share();
        let first = day(from);
        // A pretrial part of `p` days from `adm`, then released or convicted.
        let pretrial = |acc: &mut Acc, adm: i32, p: i32, weight: f64| {
            let sent = adm.saturating_add(p).min(HELD - 1);
            acc.stay(
                Span3 {
                    adm,
                    sent,
                    rel: sent,
                },
                Stream::Pretrial,
                weight * (1.0 - convicted),
                0,
                true,
            );
            if convicted > 0.0 {
                for &q in &sentenced_lengths {
                    let rel = sent.saturating_add(q).min(HELD - 1);
                    acc.stay(
                        Span3 { adm, sent, rel },
                        Stream::Pretrial,
                        weight * convicted / k as f64,
                        0,
                        true,
                    );
                }
            }
        };
        let sentenced = |acc: &mut Acc, adm: i32, l: i32, weight: f64| {
            let rel = adm.saturating_add(l).min(HELD - 1);
            acc.stay(
                Span3 {
                    adm,
                    sent: adm,
                    rel,
                },
                Stream::Sentenced,
                weight,
                0,
                true,
            );
        };
        // The stock on the first day, by months served.
        for (a, &n) in model.pretrial().initial_by_age().iter().enumerate() {
            for sub in 0..SUB_AGES {
                let served = ((a as f64 + mid(sub, SUB_AGES)) * DAYS_PER_MONTH) as u32;
                let adm = first - served as i32;
                for j in 0..k {
                    let p = qp.days_beyond(served, mid(j, k)) as i32;
                    pretrial(&mut acc, adm, p, n / (SUB_AGES * k) as f64);
                }
            }
        }
        for (a, &n) in model.sentenced().initial_by_age().iter().enumerate() {
            for sub in 0..SUB_AGES {
                let served = ((a as f64 + mid(sub, SUB_AGES)) * DAYS_PER_MONTH) as u32;
                let adm = first - served as i32;
                for j in 0..k {
                    let l = qs.days_beyond(served, mid(j, k)) as i32;
                    sentenced(&mut acc, adm, l, n / (SUB_AGES * k) as f64);
                }
            }
        }
        // Each day's admissions.
        let pretrial_lengths: Vec<i32> = (0..k).map(|j| qp.days(mid(j, k)) as i32).collect();
        for i in 0..w.days {
            let month = (i as f64 / DAYS_PER_MONTH) as usize;
            let adm = first + i as i32;
            let np = model.pretrial().admissions().at(month) / DAYS_PER_MONTH;
            let ns = model.sentenced().admissions().at(month) / DAYS_PER_MONTH;
            for j in 0..k {
                pretrial(&mut acc, adm, pretrial_lengths[j], np / k as f64);
                sentenced(&mut acc, adm, sentenced_lengths[j], ns / k as f64);
            }
        }
        // Surges, through the levers after them.
        for (i, l) in self.levers().iter().enumerate() {
            if let Lever::Surge {
                admissions,
                from: a,
                to: b,
                stay,
                pretrial: p,
                ..
            } = l
            {
                let q = DayQuantile::new(stay);
                let stream = if *p {
                    Stream::Pretrial
                } else {
                    Stream::Sentenced
                };
                for s in surge_spans(*admissions, day(*a), day(*b), &q, *p) {
                    acc.stay(s, stream, 1.0, i + 1, false);
                }
            }
        }
        // Recalls in expectation, exactly over the recall day: the released weight × the
        // probability, the start uniform over the window's days (a range of starts is one
        // range-add on the difference array: a second-order difference), the stay at the
        // recall distribution's mid-quantiles.
        let mut second = vec![0.0; w.days + 2];
        let mut before = 0.0;
        let days = w.days as i64;
        let mut range_add = |a: i64, b: i64, c: f64| {
            // Adds c to the difference array at positions a..=b (window offsets).
            if b < a || a > days {
                return;
            }
            if b < 0 {
                before += (b - a + 1) as f64 * c;
                return;
            }
            let a = if a < 0 {
                before += (-a) as f64 * c;
                0
            } else {
                a
            };
            let b = b.min(days);
            second[a as usize] += c;
            second[b as usize + 1] -= c;
        };
        for (r, released) in levers.recalls.iter().zip(&acc.released) {
            let t = i64::from(r.within_days);
            let each = r.probability / (t as f64 * k as f64);
            let lengths: Vec<i64> = (0..k)
                .map(|j| i64::from(r.stay.days(mid(j, k)).max(1)))
                .collect();
            for (&rel, &weight) in released {
                // Starts rel + 1 ..= rel + t; each length l ends at start + l.
                let a = i64::from(rel) + 1 - w.first;
                for &l in &lengths {
                    range_add(a, a + t - 1, weight * each);
                    range_add(a + l, a + t - 1 + l, -weight * each);
                }
            }
        }
        let mut diff = prefix(&second, w.days + 1);
        diff[0] += before;
        let recalled = prefix(&diff, w.days);
        let baseline = [prefix(&acc.base[0], w.days), prefix(&acc.base[1], w.days)];
        let policy = [prefix(&acc.pol[0], w.days), prefix(&acc.pol[1], w.days)];
        let person_days = ExpectedPersonDays {
            baseline: baseline.iter().flatten().sum(),
            policy: policy.iter().flatten().sum(),
            saved: acc.saved,
            added: acc.added,
            recalled: recalled.iter().sum(),
        };
        Ok(ExpectedRun {
            from,
            baseline,
            policy,
            recalled,
            person_days,
        })
    }
}
