//! The inverse question: the mildest pretrial cap, or the mildest early-release threshold,
//! that brings the system to a target occupancy on a date — by bisection on the exact
//! simulation (the population on that day is monotone in the lever's parameter).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::apply::Compiled;
use super::lever::{Lever, Plan, Timing};
use super::run::{Prepared, Window};
use super::{day, invalid};
use crate::error::{Constraint, Result};
use crate::flow::stays::Stays;

/// The answer of an inverse question.
///
/// ```
/// use overcrowding::flow::policy::Needed;
/// assert_ne!(Needed::AlreadyMet, Needed::Unreachable);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Needed {
    /// The target is met on the date without the lever.
    AlreadyMet,
    /// The lever's parameter (days) that reaches the target.
    Days(u32),
    /// Not even the strongest setting (a cap of 0 days; releasing everyone sentenced)
    /// reaches it.
    Unreachable,
}

struct Question<'a> {
    stays: &'a Stays,
    plan: &'a Plan,
    capacity: u64,
    target_percent: f64,
    by: Date,
}

impl Question<'_> {
    fn check(&self) -> Result<()> {
        if self.capacity == 0 {
            return Err(invalid("capacity", 0, Constraint::Positive));
        }
        if !(self.target_percent.is_finite() && self.target_percent >= 0.0) {
            return Err(invalid(
                "target occupancy (%)",
                self.target_percent,
                Constraint::NonNegative,
            ));
        }
        Ok(())
    }

    /// Bisection over `0..=hi` days of a lever whose population on `by` falls (`falling`)
    /// or rises with the days.
    fn solve(&self, lever: impl Fn(u32) -> Lever, hi: u32, falling: bool) -> Result<Needed> {
        self.check()?;
        let plan = self.plan.clone().with_lever(lever(0));
        let mut prep = Prepared::new(self.stays, &plan)?;
        let w = Window::new(self.by, self.by)?;
        let last = prep.levers.levers.len() - 1;
        let hundredths = (self.target_percent * 100.0).round() as u128;
        let capacity = self.capacity;
        let meets = |days: u32, prep: &mut Prepared| -> Result<bool> {
            if let Compiled::Cap { n, .. } | Compiled::Early { m: n, .. } =
                &mut prep.levers.levers[last]
            {
                *n = i64::from(days);
            }
            let pop: u64 = prep.sweep(&w)?.policy.iter().sum();
            Ok(u128::from(pop) * 10_000 <= hundredths * u128::from(capacity))
        };
        // The mildest setting: a cap of `hi` days or a threshold of 0 days changes nothing.
        let (mild, strong) = if falling { (0, hi) } else { (hi, 0) };
        if meets(mild, &mut prep)? {
            return Ok(Needed::AlreadyMet);
        }
        if !meets(strong, &mut prep)? {
            return Ok(Needed::Unreachable);
        }
        // Invariant: `mild` fails, `strong` meets.
        let (mut fail, mut ok) = (mild, strong);
        while fail.abs_diff(ok) > 1 {
            let mid = fail.min(ok) + fail.abs_diff(ok) / 2;
            if meets(mid, &mut prep)? {
                ok = mid;
            } else {
                fail = mid;
            }
        }
        Ok(Needed::Days(ok))
    }
}

/// The longest pretrial cap (the mildest: every shorter cap also reaches it) under which
/// the system's population on `by` is at or below `target_percent` of `capacity`, the
/// cap added after the plan's levers. Decided exactly on the simulation, by bisection.
///
/// # Errors
///
/// An invalid parameter for a capacity of 0, a negative or non-finite target, or `by`
/// before the cap's date; as [`Plan::run`].
///
/// ```
/// use overcrowding::flow::policy::{Needed, Plan, Timing, pretrial_cap_needed};
/// use overcrowding::flow::stays::{StayRecord, Stays};
/// use overcrowding::StatusGroup;
/// let d = |s: &str| -> jiff::civil::Date { s.parse().unwrap() };
/// // Ten people admitted on 1 Jan, still held pretrial on 1 Jul, in 5 places.
/// let recs: Vec<_> = (0..10).map(|i| StayRecord::new(Some(d("2021-01-01").checked_add(jiff::Span::new().days(i * 10)).unwrap()),
///     None, "A", Some(StatusGroup::Untried))).collect();
/// let stays = Stays::from_records(&recs);
/// let n = pretrial_cap_needed(&stays, &Plan::new(), Timing::Prospective(d("2021-01-01")), 5, 100.0, d("2021-07-01"))?;
/// // Admitted on days 0, 10, …, 90; 1 Jul is day 181. A cap of 141 days releases the one
/// // admitted on day 40 on 1 Jul itself (not held that night): 5 are left; 142 would keep 6.
/// assert_eq!(n, Needed::Days(141));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn pretrial_cap_needed(
    stays: &Stays,
    plan: &Plan,
    timing: Timing,
    capacity: u64,
    target_percent: f64,
    by: Date,
) -> Result<Needed> {
    let q = Question {
        stays,
        plan,
        capacity,
        target_percent,
        by,
    };
    let hi = horizon(stays, by, timing)?;
    q.solve(|days| Lever::PretrialCap { days, timing }, hi, false)
}

/// The smallest remaining-time threshold (the mildest: every larger one also reaches it)
/// for early release, without supervision, under which the system's population on `by`
/// is at or below `target_percent` of `capacity`. Decided exactly, by bisection.
///
/// # Errors
///
/// As [`pretrial_cap_needed`].
///
/// ```
/// use overcrowding::flow::policy::{Needed, Plan, Timing, early_release_needed};
/// use overcrowding::flow::stays::{StayRecord, Stays};
/// use overcrowding::StatusGroup;
/// let d = |s: &str| s.parse().unwrap();
/// // Sentenced stays ending 10, 20, …, 100 days after 1 Jan: 10 held on 1 Jan.
/// let recs: Vec<_> = (1..=10).map(|i| StayRecord::new(Some(d("2020-06-01")),
///     Some(d("2021-01-01").checked_add(jiff::Span::new().days(i * 10)).unwrap()), "A", Some(StatusGroup::Sentenced))).collect();
/// let n = early_release_needed(&Stays::from_records(&recs), &Plan::new(), Timing::Retroactive(d("2021-01-01")), 4, 100.0, d("2021-01-01"))?;
/// assert_eq!(n, Needed::Days(60)); // those with 60 days or less left go: 4 stay
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn early_release_needed(
    stays: &Stays,
    plan: &Plan,
    timing: Timing,
    capacity: u64,
    target_percent: f64,
    by: Date,
) -> Result<Needed> {
    let q = Question {
        stays,
        plan,
        capacity,
        target_percent,
        by,
    };
    let hi = stays
        .stays()
        .iter()
        .filter_map(|s| s.release)
        .map(|r| day(r) - day(by))
        .max()
        .unwrap_or(0)
        .max(0) as u32
        + 1;
    let _ = horizon(stays, by, timing)?;
    q.solve(
        |within_days| Lever::EarlyRelease {
            within_days,
            timing,
            supervision: None,
        },
        hi,
        true,
    )
}

/// The longest a stay admitted by `by` can have been held on `by`, plus one: a cap of that
/// many days changes nothing on `by`.
fn horizon(stays: &Stays, by: Date, timing: Timing) -> Result<u32> {
    if by < timing.date() {
        return Err(invalid(
            "target date",
            by,
            Constraint::NotBefore {
                bound: timing.date().to_string(),
            },
        ));
    }
    let earliest = stays.stays().iter().map(|s| day(s.admission)).min();
    Ok(earliest.map_or(0, |a| (day(by) - a).max(0) as u32) + 1)
}
