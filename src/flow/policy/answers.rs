//! The answers of a run: the daily and monthly population under the policy beside the
//! baseline (total, by legal status, by facility), person-days, releases and recalls by
//! month, what each lever changed, the recall paths, and the first day at or below a
//! target occupancy.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::invalid;
use super::run::{Window, window_date};
use crate::ErrorKind;
use crate::Panel;
use crate::error::{Constraint, Error, Result};
use crate::flow::stays::DailyPopulation;
use crate::model::{CapacityKind, FacilityId, StatusGroup};

/// Person-days in the window, exact integers. The accounting identity
/// `baseline − policy = saved − added` holds to the day ([`PersonDays::identity_holds`]);
/// `baseline` and `policy` are summed from the daily populations, `saved` and `added` from
/// each stay's own days, so the identity checks one against the other.
///
/// ```
/// use overcrowding::flow::policy::PersonDays;
/// let p = PersonDays { baseline: 100, policy: 90, saved: 15, added: 5 };
/// assert!(p.identity_holds());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDays {
    /// Person-days of the baseline.
    pub baseline: u64,
    /// Person-days under the policy, recalls left out (see [`Recalls`]).
    pub policy: u64,
    /// Days of the input stays not served in custody under the policy.
    pub saved: u64,
    /// Days added: surge admissions (and any stay a lever made longer; none does).
    pub added: u64,
}

impl PersonDays {
    /// `baseline − policy = saved − added`, in exact integers.
    ///
    /// ```
    /// use overcrowding::flow::policy::PersonDays;
    /// assert!(!PersonDays { baseline: 100, policy: 90, saved: 9, added: 0 }.identity_holds());
    /// ```
    pub fn identity_holds(&self) -> bool {
        i128::from(self.baseline) - i128::from(self.policy)
            == i128::from(self.saved) - i128::from(self.added)
    }

    /// Person-days saved net of those added, `saved − added` (negative when a surge or
    /// recalls add more than the levers save), in exact integers.
    ///
    /// ```
    /// use overcrowding::flow::policy::PersonDays;
    /// assert_eq!(PersonDays { baseline: 100, policy: 90, saved: 15, added: 5 }.net_saved(), 10);
    /// assert_eq!(PersonDays { baseline: 100, policy: 120, saved: 0, added: 20 }.net_saved(), -20);
    /// ```
    pub fn net_saved(&self) -> i128 {
        i128::from(self.saved) - i128::from(self.added)
    }
}

/// One month of the window: the population on its last day in the window, and the
/// releases and recalls dated in it.
///
/// ```
/// # use overcrowding::flow::policy::MonthRow;
/// let m = MonthRow { month_end: "2021-01-31".parse().unwrap(), baseline: 10, policy: 8,
///                    baseline_releases: 1, policy_releases: 3, mean_recalls: 0.0 };
/// assert_eq!(m.policy_releases - m.baseline_releases, 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    /// The month's last day in the window.
    pub month_end: Date,
    /// Baseline population on that day.
    pub baseline: u64,
    /// Policy population on that day (recalls left out).
    pub policy: u64,
    /// Releases in the month, baseline.
    pub baseline_releases: u64,
    /// Releases in the month under the policy (recalls' releases left out).
    pub policy_releases: u64,
    /// Recalls in the month, mean over the paths (0 without supervision).
    pub mean_recalls: f64,
}

/// The central share of recall paths a [`PolicyDay::band`] holds: 90 %, the 5 % and 95 %
/// paths.
///
/// ```
/// assert_eq!(overcrowding::flow::policy::BAND_LEVEL, 0.9);
/// ```
pub const BAND_LEVEL: f64 = 0.9;

/// One day of a run ([`PolicyRun::daily`]): the population held that day in the baseline and
/// under the policy.
///
/// ```
/// # use overcrowding::flow::policy::PolicyDay;
/// let day = PolicyDay { date: "2021-06-30".parse().unwrap(), baseline: 120, policy: 95, band: Some((93, 98)) };
/// assert_eq!(day.baseline - day.policy, 25);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDay {
    /// The day.
    pub date: Date,
    /// Held in the baseline.
    pub baseline: u64,
    /// Held under the policy; with recalls, the median recall path included.
    pub policy: u64,
    /// With recalls: held under the policy on the 5 % and 95 % recall paths
    /// ([`BAND_LEVEL`]); `None` without recalls.
    pub band: Option<(u64, u64)>,
}

/// What one lever did.
///
/// ```
/// # use overcrowding::flow::policy::LeverEffect;
/// let e = LeverEffect { lever: "pretrial_cap".into(), changed: 12, censored_unchanged: 0 };
/// assert_eq!(e.changed, 12);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeverEffect {
    /// The lever's name.
    pub lever: String,
    /// Stays it changed (released earlier, diverted).
    pub changed: u64,
    /// Eligible stays it left unchanged because they are still held (censored) and their
    /// end is unknown.
    pub censored_unchanged: u64,
}

/// One part of a run's population each day ([`PolicyRun::by_status`],
/// [`PolicyRun::by_facility`]): a status group or a facility, in the baseline and under the
/// policy (recalls left out).
///
/// ```
/// # use overcrowding::flow::policy::PolicyPart;
/// let p = PolicyPart { part: "untried".into(), baseline: vec![3, 3], policy: vec![3, 1] };
/// assert_eq!(p.baseline[1] - p.policy[1], 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPart {
    /// The status group's name (`"unknown"`: none) or the facility.
    pub part: String,
    /// Held each day of the window in the baseline.
    pub baseline: Vec<u64>,
    /// Held each day under the policy, recalls left out.
    pub policy: Vec<u64>,
}

/// The recall paths of a run with supervision.
///
/// ```
/// # use overcrowding::flow::policy::*;
/// # use overcrowding::flow::{StayDistribution, stays::{StayRecord, Stays}};
/// let d = |s: &str| s.parse().unwrap();
/// let stays = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), Some(d("2021-12-31")), "A",
///     Some(overcrowding::StatusGroup::Sentenced))]);
/// let sup = Supervision::new(1.0, 30, StayDistribution::Geometric { monthly_exit: 1.0 });
/// let plan = Plan::new().with_paths(10).with_lever(Lever::EarlyRelease {
///     within_days: 200, timing: Timing::Prospective(d("2020-01-01")), supervision: Some(sup) });
/// let run = plan.run(&stays, d("2021-01-01"), d("2022-12-31"))?;
/// let r = run.recalls().unwrap();
/// assert_eq!(r.paths(), 10);
/// assert_eq!(r.recalls(), &[1; 10]); // recalled on every path
/// assert_eq!(r.mean_recalls(), 1.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recalls {
    paths: usize,
    days: usize,
    totals: Vec<u32>,
    person_days: Vec<u64>,
    recalls: Vec<u64>,
}

impl Recalls {
    /// The number of paths.
    ///
    /// See [`Recalls`] for an example.
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The number held on recall each day of path `p` (empty past the last path).
    ///
    /// ```
    /// # use overcrowding::flow::policy::*;
    /// # use overcrowding::flow::stays::Stays;
    /// let run = Plan::new().run(&Stays::from_records(&[]), "2021-01-01".parse().unwrap(), "2021-01-02".parse().unwrap())?;
    /// assert!(run.recalls().is_none()); // no supervision: no paths
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn path(&self, p: usize) -> &[u32] {
        self.totals
            .get(p * self.days..(p + 1) * self.days)
            .unwrap_or(&[])
    }

    /// Recall person-days in the window on each path.
    ///
    /// See [`Recalls`] for an example.
    pub fn person_days(&self) -> &[u64] {
        &self.person_days
    }

    /// Recalls in the window on each path.
    ///
    /// See [`Recalls`] for an example.
    pub fn recalls(&self) -> &[u64] {
        &self.recalls
    }

    /// The mean number of recalls in the window over the paths.
    ///
    /// See [`Recalls`] for an example (one recall on every path: a mean of 1).
    pub fn mean_recalls(&self) -> f64 {
        self.recalls.iter().sum::<u64>() as f64 / self.paths.max(1) as f64
    }

    /// The `q`-quantile over paths of the number held on recall on day `t` of the window
    /// (nearest rank, `q` in [0, 1]).
    fn quantile_at(&self, t: usize, q: f64, buf: &mut Vec<u32>) -> u32 {
        buf.clear();
        buf.extend((0..self.paths).map(|p| self.totals[p * self.days + t]));
        buf.sort_unstable();
        let i = ((q * self.paths as f64).ceil() as usize).clamp(1, self.paths) - 1;
        buf[i]
    }

    /// The central band holding `level` of the paths, each day: `(low, high)` recall counts
    /// at the quantiles `(1 − level)/2` and `(1 + level)/2`.
    ///
    /// # Errors
    ///
    /// An invalid parameter when `level` is not in (0, 1).
    ///
    /// See [`PolicyRun::random_intervals`] for an example.
    pub fn band(&self, level: f64) -> Result<Vec<(u32, u32)>> {
        if !(level > 0.0 && level < 1.0) {
            return Err(invalid(
                "band level",
                level,
                Constraint::StrictlyBetween { min: 0.0, max: 1.0 },
            ));
        }
        let mut buf = Vec::with_capacity(self.paths);
        Ok((0..self.days)
            .map(|t| {
                (
                    self.quantile_at(t, (1.0 - level) / 2.0, &mut buf),
                    self.quantile_at(t, (1.0 + level) / 2.0, &mut buf),
                )
            })
            .collect())
    }

    /// The median over paths each day.
    ///
    /// See [`Recalls`] for an example of a run with recalls.
    pub fn median(&self) -> Vec<u32> {
        let mut buf = Vec::with_capacity(self.paths);
        (0..self.days)
            .map(|t| self.quantile_at(t, 0.5, &mut buf))
            .collect()
    }

    /// The median over paths of the recall person-days.
    ///
    /// See [`Recalls`] for an example of a run with recalls.
    pub fn median_person_days(&self) -> u64 {
        let mut v = self.person_days.clone();
        v.sort_unstable();
        v.get(v.len().saturating_sub(1) / 2).copied().unwrap_or(0)
    }
}

/// The first day at or below a target occupancy, for the system and each facility.
///
/// ```
/// # use overcrowding::flow::policy::TargetDates;
/// let t = TargetDates { system: None, facilities: vec![], uncovered: vec![] };
/// assert!(t.system.is_none()); // never reached in the window
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetDates {
    /// The system: Σ population ÷ Σ capacity over the facilities with a capacity.
    pub system: Option<Date>,
    /// Each facility with a capacity, and its first day at or below the target (`None`:
    /// never in the window — it stays over).
    pub facilities: Vec<(FacilityId, Option<Date>)>,
    /// Facilities of the run with no capacity given: not in the system figure.
    pub uncovered: Vec<FacilityId>,
}

impl TargetDates {
    /// The facilities with a capacity still above the target at the end of the window
    /// (never at or below it).
    ///
    /// ```
    /// use overcrowding::flow::policy::TargetDates;
    /// use overcrowding::model::FacilityId;
    /// let id = |s: &str| FacilityId::new(s).unwrap();
    /// let t = TargetDates {
    ///     system: None,
    ///     facilities: vec![(id("A"), Some("2021-03-01".parse().unwrap())), (id("B"), None), (id("C"), None)],
    ///     uncovered: vec![id("D")],
    /// };
    /// assert_eq!(t.still_over(), 2); // B and C; D has no capacity
    /// ```
    pub fn still_over(&self) -> usize {
        self.facilities.iter().filter(|(_, d)| d.is_none()).count()
    }
}

/// A policy run: the baseline and the policy over a window of days.
///
/// # Semantics
///
/// A person is held on day `d` when `admission ≤ d < release` (as in
/// [`Stays::daily_population`](crate::flow::stays::Stays::daily_population)); a stay
/// still held is held to the end of the window. The pretrial part of a stay is
/// `[admission, sentenced)` and its sentenced part `[sentenced, release)`, keyed by status
/// group as the stays sweep keys them.
///
/// ```
/// use overcrowding::flow::policy::{Lever, Plan, Timing};
/// use overcrowding::flow::stays::{StayRecord, Stays};
/// use overcrowding::StatusGroup;
/// let d = |s: &str| s.parse().unwrap();
/// let stays = Stays::from_records(&[
///     StayRecord::new(Some(d("2021-01-01")), Some(d("2021-04-11")), "A", Some(StatusGroup::Untried)), // 100 days pretrial
///     StayRecord::new(Some(d("2021-01-01")), None, "A", Some(StatusGroup::Untried)),                 // still held
/// ]);
/// let plan = Plan::new().with_lever(Lever::PretrialCap { days: 30, timing: Timing::Prospective(d("2021-01-01")) });
/// let run = plan.run(&stays, d("2021-01-01"), d("2021-12-31"))?;
/// assert_eq!(run.person_days().baseline, 100 + 365);
/// assert_eq!(run.person_days().policy, 30 + 30);
/// assert_eq!(run.person_days().saved, 70 + 335);
/// assert!(run.person_days().identity_holds());
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyRun {
    pub(crate) baseline: DailyPopulation,
    pub(crate) policy: DailyPopulation,
    pub(crate) recall_by_key: Option<DailyPopulation>,
    pub(crate) person_days: PersonDays,
    pub(crate) months: Vec<MonthRow>,
    pub(crate) levers: Vec<LeverEffect>,
    pub(crate) recalls: Option<Recalls>,
    pub(crate) facilities: Vec<FacilityId>,
}

impl PolicyRun {
    pub(crate) fn recalls_from(w: &Window, r: super::recall::RecallPaths) -> (Recalls, Vec<u64>) {
        (
            Recalls {
                paths: r.paths,
                days: w.days,
                totals: r.totals,
                person_days: r.person_days,
                recalls: r.recalls,
            },
            r.by_month_sum,
        )
    }

    /// The baseline daily population by (facility, status group).
    ///
    /// See [`PolicyRun`] for an example.
    pub fn baseline(&self) -> &DailyPopulation {
        &self.baseline
    }

    /// The daily population under the policy by (facility, status group), recalls left out.
    ///
    /// See [`PolicyRun`] for an example.
    pub fn policy(&self) -> &DailyPopulation {
        &self.policy
    }

    /// The number held on recall by (facility, status group) each day, summed over the
    /// paths (divide by [`Recalls::paths`] for the mean); `None` without recalls.
    ///
    /// See [`Recalls`] for an example of a run with recalls.
    pub fn recall_sum(&self) -> Option<&DailyPopulation> {
        self.recall_by_key.as_ref()
    }

    /// Person-days and the accounting identity.
    ///
    /// See [`PolicyRun`] for an example.
    pub fn person_days(&self) -> PersonDays {
        self.person_days
    }

    /// Person-days with the recalls counted: the median recall path's person-days
    /// ([`Recalls::median_person_days`]) added to `policy` and to `added` (so the identity
    /// still holds); as [`PolicyRun::person_days`] without recalls.
    ///
    /// ```
    /// # use overcrowding::flow::policy::*;
    /// # use overcrowding::flow::{StayDistribution, stays::{StayRecord, Stays}};
    /// let d = |s: &str| s.parse().unwrap();
    /// let stays = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), Some(d("2021-12-31")), "A",
    ///     Some(overcrowding::StatusGroup::Sentenced))]);
    /// let sup = Supervision::new(1.0, 30, StayDistribution::Geometric { monthly_exit: 1.0 });
    /// let plan = Plan::new().with_paths(10).with_lever(Lever::EarlyRelease {
    ///     within_days: 200, timing: Timing::Prospective(d("2020-01-01")), supervision: Some(sup) });
    /// let run = plan.run(&stays, d("2021-01-01"), d("2022-12-31"))?;
    /// let (plain, with) = (run.person_days(), run.person_days_with_recalls());
    /// let recall = run.recalls().unwrap().median_person_days();
    /// assert!(recall > 0);
    /// assert_eq!((with.policy, with.added), (plain.policy + recall, plain.added + recall));
    /// assert!(with.identity_holds());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn person_days_with_recalls(&self) -> PersonDays {
        let recall = self.recalls().map_or(0, Recalls::median_person_days);
        PersonDays {
            policy: self.person_days.policy.saturating_add(recall),
            added: self.person_days.added.saturating_add(recall),
            ..self.person_days
        }
    }

    /// The population each day by legal status: one part per status group with a stay in
    /// the baseline or under the policy, in the order of [`StatusGroup::ALL`], then
    /// `"unknown"` for stays without a status. People on recall are in no part.
    ///
    /// ```
    /// use overcrowding::flow::policy::{Lever, Plan, Timing};
    /// use overcrowding::flow::stays::{StayRecord, Stays};
    /// use overcrowding::StatusGroup;
    /// let d = |s: &str| s.parse().unwrap();
    /// let stays = Stays::from_records(&[
    ///     StayRecord::new(Some(d("2021-01-01")), Some(d("2021-01-11")), "A", Some(StatusGroup::Untried)),
    ///     StayRecord::new(Some(d("2021-01-01")), None, "B", None),
    /// ]);
    /// let plan = Plan::new().with_lever(Lever::PretrialCap { days: 5, timing: Timing::Prospective(d("2021-01-01")) });
    /// let run = plan.run(&stays, d("2021-01-01"), d("2021-01-08"))?;
    /// let parts = run.by_status();
    /// assert_eq!((parts[0].part.as_str(), parts[1].part.as_str()), ("untried", "unknown"));
    /// assert_eq!((parts[0].baseline[6], parts[0].policy[6]), (1, 0)); // released on day 5
    /// assert_eq!(run.by_facility()[1].policy, vec![1; 8]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn by_status(&self) -> Vec<PolicyPart> {
        let present = |g: Option<StatusGroup>| {
            (self.baseline.by_key.keys())
                .chain(self.policy.by_key.keys())
                .any(|(_, k)| *k == g)
        };
        (StatusGroup::ALL.into_iter().map(Some))
            .chain([None])
            .filter(|&g| present(g))
            .map(|g| PolicyPart {
                part: g.map_or("unknown", |g| g.name()).to_string(),
                baseline: self.baseline.status(g),
                policy: self.policy.status(g),
            })
            .collect()
    }

    /// The population each day by facility, in the order of [`PolicyRun::facilities`].
    /// People on recall are in no part.
    ///
    /// See [`PolicyRun::by_status`] for an example.
    pub fn by_facility(&self) -> Vec<PolicyPart> {
        self.facilities
            .iter()
            .map(|f| PolicyPart {
                part: f.as_str().to_string(),
                baseline: self.baseline.facility(f.as_str()),
                policy: self.policy.facility(f.as_str()),
            })
            .collect()
    }

    /// One row per calendar month of the window.
    ///
    /// ```
    /// # use overcrowding::flow::policy::Plan;
    /// # use overcrowding::flow::stays::Stays;
    /// let run = Plan::new().run(&Stays::from_records(&[]), "2021-01-15".parse().unwrap(), "2021-03-02".parse().unwrap())?;
    /// let ends: Vec<String> = run.months().iter().map(|m| m.month_end.to_string()).collect();
    /// assert_eq!(ends, ["2021-01-31", "2021-02-28", "2021-03-02"]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn months(&self) -> &[MonthRow] {
        &self.months
    }

    /// What each lever changed, in plan order.
    ///
    /// See [`Plan::run`](super::Plan::run) for an example.
    pub fn levers(&self) -> &[LeverEffect] {
        &self.levers
    }

    /// The recall paths; `None` when no lever releases into supervision with recall.
    ///
    /// See [`Recalls`] for an example.
    pub fn recalls(&self) -> Option<&Recalls> {
        self.recalls.as_ref()
    }

    /// The facilities of the run (input stays and surges), in order of first appearance.
    ///
    /// See [`PolicyRun`] for an example.
    pub fn facilities(&self) -> &[FacilityId] {
        &self.facilities
    }

    /// The date of day `t` of the window.
    fn date(&self, t: usize) -> Date {
        self.baseline
            .from
            .checked_add(jiff::Span::new().days(t as i64))
            .expect("inside the window")
    }

    /// The date intervals where the recall paths disagree: days whose central `level` band
    /// of the number held on recall has a positive width. Empty without recalls.
    ///
    /// # Errors
    ///
    /// An invalid parameter when `level` is not in (0, 1).
    ///
    /// ```
    /// # use overcrowding::flow::policy::*;
    /// # use overcrowding::flow::stays::Stays;
    /// let run = Plan::new().run(&Stays::from_records(&[]), "2021-01-01".parse().unwrap(), "2021-01-02".parse().unwrap())?;
    /// assert!(run.random_intervals(0.9)?.is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn random_intervals(&self, level: f64) -> Result<Vec<(Date, Date)>> {
        let Some(r) = &self.recalls else {
            if !(level > 0.0 && level < 1.0) {
                return Err(invalid(
                    "band level",
                    level,
                    Constraint::StrictlyBetween { min: 0.0, max: 1.0 },
                ));
            }
            return Ok(Vec::new());
        };
        let band = r.band(level)?;
        let mut out = Vec::new();
        let mut open: Option<usize> = None;
        for (t, (lo, hi)) in band.iter().enumerate() {
            match (hi > lo, open) {
                (true, None) => open = Some(t),
                (false, Some(s)) => {
                    out.push((self.date(s), self.date(t - 1)));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push((self.date(s), self.date(band.len() - 1)));
        }
        Ok(out)
    }

    /// The first day of the window at or below `target_percent` occupancy under the policy,
    /// for the system and each facility (with recalls, each facility counts the mean held on
    /// recall over the paths, rounded up to whole people), against the capacities given
    /// (one capacity of one named kind per facility, e.g. design capacity). Decided exactly
    /// in integers: `population × 10,000 ≤ round(target × 100) × capacity`.
    ///
    /// # Errors
    ///
    /// An invalid parameter when the target is negative or not finite, or a capacity is 0.
    ///
    /// ```
    /// use overcrowding::flow::policy::{Lever, Plan, Timing};
    /// use overcrowding::flow::stays::{StayRecord, Stays};
    /// use overcrowding::StatusGroup;
    /// let d = |s: &str| s.parse().unwrap();
    /// let stays: Vec<_> = (0..4).map(|i| StayRecord::new(Some(d("2021-01-01")), None, "A",
    ///     Some(StatusGroup::Untried)).with_class(format!("{i}"))).collect();
    /// // Cap pretrial detention at 10 days, retroactively from 2021-02-01.
    /// let plan = Plan::new().with_lever(Lever::PretrialCap { days: 10, timing: Timing::Retroactive(d("2021-02-01")) });
    /// let run = plan.run(&Stays::from_records(&stays), d("2021-01-01"), d("2021-03-01"))?;
    /// let t = run.first_at_or_below(&[("A", 2)], 100.0)?;
    /// assert_eq!(t.system, Some(d("2021-02-01"))); // all four released on the day it starts
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_at_or_below(
        &self,
        capacities: &[(&str, u64)],
        target_percent: f64,
    ) -> Result<TargetDates> {
        if !(target_percent.is_finite() && target_percent >= 0.0) {
            return Err(invalid(
                "target occupancy (%)",
                target_percent,
                Constraint::NonNegative,
            ));
        }
        let hundredths = (target_percent * 100.0).round() as u128;
        let at_or_below =
            |pop: u64, cap: u64| u128::from(pop) * 10_000 <= hundredths * u128::from(cap);
        let mut system_pop = vec![0u64; self.policy.days];
        let mut system_cap = 0u64;
        let mut facilities = Vec::new();
        let mut uncovered = Vec::new();
        for f in &self.facilities {
            let Some(&(_, cap)) = capacities.iter().find(|(id, _)| *id == f.as_str()) else {
                uncovered.push(f.clone());
                continue;
            };
            if cap == 0 {
                return Err(invalid("capacity", 0, Constraint::Positive)
                    .at(crate::error::Location::facility(f.as_str())));
            }
            let mut pop = self.policy.facility(f.as_str());
            if let (Some(sum), Some(r)) = (&self.recall_by_key, &self.recalls) {
                // The mean held on recall over the paths, rounded up to whole people: a
                // prison is not counted as reaching the target on the strength of a
                // fraction of a recalled person.
                let paths = r.paths.max(1) as u64;
                for (p, s) in pop.iter_mut().zip(sum.facility(f.as_str())) {
                    *p += s.div_ceil(paths);
                }
            }
            for (s, p) in system_pop.iter_mut().zip(&pop) {
                *s += p;
            }
            system_cap += cap;
            let first = pop.iter().position(|&p| at_or_below(p, cap));
            facilities.push((f.clone(), first.map(|t| self.date(t))));
        }
        let system = if system_cap == 0 {
            None
        } else {
            system_pop
                .iter()
                .position(|&p| at_or_below(p, system_cap))
                .map(|t| self.date(t))
        };
        Ok(TargetDates {
            system,
            facilities,
            uncovered,
        })
    }

    /// The first day the whole run's population under the policy is at or below
    /// `target_percent` of one system `capacity`, decided exactly in integers. With recalls
    /// the population counts the median recall path, as [`PolicyRun::daily`] does.
    ///
    /// # Errors
    ///
    /// An invalid parameter for a capacity of 0 or a negative or non-finite target.
    ///
    /// ```
    /// # use overcrowding::flow::policy::Plan;
    /// # use overcrowding::flow::stays::{StayRecord, Stays};
    /// let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), Some(d("2021-01-03")), "A", None),
    ///                              StayRecord::new(Some(d("2021-01-01")), None, "B", None)]);
    /// let run = Plan::new().run(&s, d("2021-01-01"), d("2021-01-05"))?;
    /// assert_eq!(run.first_total_at_or_below(1, 100.0)?, Some(d("2021-01-03")));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_total_at_or_below(
        &self,
        capacity: u64,
        target_percent: f64,
    ) -> Result<Option<Date>> {
        super::check_target(capacity, target_percent)?;
        let hundredths = (target_percent * 100.0).round() as u128;
        Ok(self
            .daily()
            .iter()
            .find(|day| u128::from(day.policy) * 10_000 <= hundredths * u128::from(capacity))
            .map(|day| day.date))
    }

    /// The run day by day as people read it: the baseline, the population under the policy
    /// with the median recall path added, and the band of the recall paths
    /// ([`BAND_LEVEL`]: the 5 % and 95 % paths added instead). Without recalls `policy` is
    /// the policy population and `band` is `None`.
    ///
    /// ```
    /// # use overcrowding::flow::policy::Plan;
    /// # use overcrowding::flow::stays::{StayRecord, Stays};
    /// let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-02")), None, "A", None)]);
    /// let run = Plan::new().run(&s, d("2021-01-01"), d("2021-01-02"))?;
    /// let days = run.daily();
    /// assert_eq!((days[0].baseline, days[1].baseline, days[1].policy), (0, 1, 1));
    /// assert!(days[1].band.is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn daily(&self) -> Vec<PolicyDay> {
        let (b, p) = (self.baseline.total(), self.policy.total());
        let recall = self.recalls.as_ref().map(|r| {
            let band = r
                .band(BAND_LEVEL)
                .expect("BAND_LEVEL lies strictly between 0 and 1");
            (r.median(), band)
        });
        (0..self.policy.days)
            .map(|t| match &recall {
                None => PolicyDay {
                    date: self.date(t),
                    baseline: b[t],
                    policy: p[t],
                    band: None,
                },
                Some((median, band)) => PolicyDay {
                    date: self.date(t),
                    baseline: b[t],
                    policy: p[t] + u64::from(median[t]),
                    band: Some((p[t] + u64::from(band[t].0), p[t] + u64::from(band[t].1))),
                },
            })
            .collect()
    }

    /// The policy population of a legal-status group each day (`None`: unknown status).
    ///
    /// ```
    /// # use overcrowding::flow::policy::Plan;
    /// # use overcrowding::flow::stays::{StayRecord, Stays};
    /// use overcrowding::StatusGroup;
    /// let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), None, "A", Some(StatusGroup::Untried))
    ///     .with_sentenced(d("2021-01-02"))]);
    /// let run = Plan::new().run(&s, d("2021-01-01"), d("2021-01-03"))?;
    /// assert_eq!(run.policy_status(Some(StatusGroup::Untried)), vec![1, 0, 0]);
    /// assert_eq!(run.policy_status(Some(StatusGroup::Sentenced)), vec![0, 1, 1]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn policy_status(&self, group: Option<StatusGroup>) -> Vec<u64> {
        self.policy.status(group)
    }

    pub(crate) fn month_rows(
        w: &Window,
        baseline: &DailyPopulation,
        policy: &DailyPopulation,
        releases: (&[u64], &[u64]),
        recalls: Option<(&[u64], usize)>,
    ) -> Vec<MonthRow> {
        let (b, p) = (baseline.total(), policy.total());
        w.month_ends
            .iter()
            .enumerate()
            .map(|(m, &t)| MonthRow {
                month_end: window_date(w, t),
                baseline: b[t],
                policy: p[t],
                baseline_releases: releases.0[m],
                policy_releases: releases.1[m],
                mean_recalls: recalls.map_or(0.0, |(r, n)| r[m] as f64 / n as f64),
            })
            .collect()
    }
}

/// Each facility's capacity of `kind` in a panel, for [`PolicyRun::first_at_or_below`]: its
/// latest report of that kind on or before `on`. A facility that reports none is left out
/// (not reported is never 0): the run then lists it among [`TargetDates::uncovered`].
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::flow::policy::capacities_on;
/// let d = |s: &str| s.parse().unwrap();
/// let r = |id, date: &str, cap| Record::new(id, d(date)).map(|x| x.with_capacity(CapacityKind::Design, cap));
/// let panel = Panel::new([r("A", "2020-12-31", 100)?, r("A", "2021-12-31", 120)?, r("B", "2021-06-30", 50)?])?;
/// let caps = capacities_on(&panel, &CapacityKind::Design, d("2021-06-30"));
/// assert_eq!(caps.iter().map(|(f, c)| (f.as_str(), *c)).collect::<Vec<_>>(), [("A", 100), ("B", 50)]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn capacities_on(panel: &Panel, kind: &CapacityKind, on: Date) -> Vec<(FacilityId, u64)> {
    let mut latest: std::collections::BTreeMap<&FacilityId, u64> = Default::default();
    // Rows are sorted by date: a later report replaces an earlier one.
    for row in panel.rows().iter().filter(|r| r.date() <= on) {
        if let Some(c) = row.capacity(kind) {
            latest.insert(row.id(), c);
        }
    }
    latest.into_iter().map(|(f, c)| (f.clone(), c)).collect()
}

/// Σ places of `capacities` (as [`capacities_on`] gives them): the places a whole run's
/// population is held against when every facility of the run has one.
///
/// # Errors
///
/// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the sum exceeds `u64`.
///
/// ```
/// use overcrowding::FacilityId;
/// use overcrowding::flow::policy::total_places;
/// let caps = [(FacilityId::new("A")?, 100), (FacilityId::new("B")?, 50)];
/// assert_eq!(total_places(&caps)?, 150);
/// assert!(total_places(&[(FacilityId::new("A")?, u64::MAX), (FacilityId::new("B")?, 1)]).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn total_places(capacities: &[(FacilityId, u64)]) -> Result<u64> {
    capacities
        .iter()
        .try_fold(0u64, |a, (_, c)| a.checked_add(*c))
        .ok_or(Error::from(ErrorKind::Overflow {
            what: "total places",
        }))
}
