//! Policies on people: pretrial caps, expedited cases, early release under supervision with
//! recall, admission surges and diversion, simulated on person-level stays, exactly.
//!
//! | question | items |
//! |---|---|
//! | the levers, when each takes effect, and a plan composing them | [`Lever`], [`Timing`], [`Speedup`], [`Supervision`], [`Plan`] |
//! | the daily and monthly population under the plan beside the baseline, by facility and legal status; person-days; releases and recalls by month | [`Plan::run`], [`PolicyRun`], [`PersonDays`], [`MonthRow`], [`LeverEffect`] |
//! | how random the recalls make it | [`Recalls`], [`PolicyRun::random_intervals`] |
//! | when the system and each prison is at or below a target occupancy, against capacities from a panel | [`PolicyRun::first_at_or_below`], [`capacities_on`], [`TargetDates`] |
//! | the same plan on a cohort model's stock and admissions, in expectation (no person-level data) | [`Plan::run_expected`], [`ExpectedRun`], [`ExpectedPersonDays`] |
//! | the mildest pretrial cap, or remaining-time threshold, that reaches a target by a date | [`pretrial_cap_needed`], [`early_release_needed`], [`Needed`] |
//! | stays with legal status from a CSV file, every row accounted for | [`read_stays`], [`StaysColumns`], [`StaysFile`] |
//!
//! # Semantics
//!
//! - A stay ([`Stay`](crate::flow::stays::Stay)) is held on day `d` when
//!   `admission ≤ d < release`; a stay with no release is still held (censored) and is held
//!   to the end of any window. Its legal-status segments: pretrial `[admission, sentenced)`
//!   and sentenced `[sentenced, release)` when the data has the date it became sentenced;
//!   otherwise its status holds for the whole stay (untried and convicted-unsentenced are
//!   pretrial; under appeal and sentenced are sentenced, the narrow SDG 16.3.2 reading).
//!   Stays of unknown status are counted but no status lever touches them.
//! - **Censored stays are never treated as releases**: a lever that needs the end of a
//!   still-held stay (expedite, early release) leaves it unchanged and counts it
//!   ([`LeverEffect::censored_unchanged`]); only the pretrial cap releases a still-held
//!   stay, on the day the cap says, which needs no unknown end.
//! - Levers apply in the plan's order, each to the stay as the earlier ones left it; surge
//!   admissions go through the levers after the surge. Each lever is retroactive (the
//!   people held on its date and later admissions; no release falls before the date) or
//!   prospective (admissions from its date) — see [`Timing`].
//! - Exact accounting: person-days are integers; the baseline and policy person-days are
//!   summed from the daily populations and the days saved and added from each stay, and
//!   `baseline − policy = saved − added` ([`PersonDays::identity_holds`]) holds on every run
//!   (a property test checks it); with recalls, each path adds its own recall days.
//! - The baseline's daily population is the stays sweep's
//!   ([`Stays::daily_population`](crate::flow::stays::Stays::daily_population)), key
//!   by key, for stays without a sentenced date (tested).
//! - Recalls are a seeded Monte Carlo, counter-based (seed, path, stay): identical for any
//!   number of threads. The diversion choice is a seeded hash of the stay's position.
//! - One pass over the stays per run (`O(n + keys × days)`), chunks on the current rayon
//!   pool: the stays are read from their own columns (nothing copied per stay), a stay no
//!   lever changes is counted once for both populations (the policy is the baseline plus
//!   the changed stays' difference). Recalls cost `O(paths × (released + days))`, blocks of
//!   paths on the pool, the released sorted by facility so a path writes one facility's
//!   days at a time.

mod aggregate;
mod answers;
mod apply;
mod book;
mod draw;
mod inverse;
mod lever;
mod read;
mod recall;
mod run;

#[cfg(test)]
mod tests;

pub use aggregate::{ExpectedPersonDays, ExpectedRun};
pub use answers::{
    BAND_LEVEL, LeverEffect, MonthRow, PersonDays, PolicyDay, PolicyPart, PolicyRun, Recalls,
    TargetDates, capacities_on, total_places,
};
pub use inverse::{Needed, early_release_needed, pretrial_cap_needed};
pub use lever::{DEFAULT_PATHS, DEFAULT_SEED, Lever, Plan, Speedup, Supervision, Timing};
pub use read::{ALL_FACILITIES, StaysColumns, StaysFile, read_stays, read_stays_from};

use jiff::civil::Date;

use crate::error::{Constraint, Error, Result};
use crate::flow::stays::Stays;

/// A release day for a stay still held: after every window.
pub(crate) const HELD: i32 = i32::MAX;

/// Days since 1970-01-01.
pub(crate) fn day(d: Date) -> i32 {
    i32::try_from(crate::flow::stays::day_number(d))
        .expect("every civil date is within ±2^31 days of 1970")
}

/// The date of a day number.
pub(crate) fn date_of(day: i32) -> Date {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day)))
        .expect("a day number of a civil date")
}

/// A system capacity (> 0) and a target occupancy in percent (finite, ≥ 0), as the target
/// questions of both runs take them.
pub(crate) fn check_target(capacity: u64, target_percent: f64) -> Result<()> {
    if capacity == 0 {
        return Err(invalid("capacity", 0, Constraint::Positive));
    }
    if !(target_percent.is_finite() && target_percent >= 0.0) {
        return Err(invalid(
            "target occupancy (%)",
            target_percent,
            Constraint::NonNegative,
        ));
    }
    Ok(())
}

pub(crate) fn invalid(
    what: &'static str,
    value: impl std::fmt::Display,
    constraint: Constraint,
) -> Error {
    Error::invalid(what, value, constraint)
}

impl Plan {
    /// Runs the plan on the stays over `from..=to`: the baseline and the policy, one pass
    /// over the stays, then the recall paths when a lever releases into supervision.
    ///
    /// # Errors
    ///
    /// An invalid parameter when `to` is before `from`, a lever's parameter is out of range
    /// (a factor outside (0, 1], a share or probability outside [0, 1], a recall window of 0
    /// days, an invalid stay distribution, a surge ending before it starts or naming a blank
    /// facility), recalls are possible with 0 paths, or the run would count more than 2^27
    /// (key, day) cells.
    ///
    /// ```
    /// use overcrowding::flow::policy::{Lever, Plan, Speedup, Timing};
    /// use overcrowding::flow::stays::{StayRecord, Stays};
    /// use overcrowding::StatusGroup;
    /// let d = |s: &str| s.parse().unwrap();
    /// // 60 days pretrial, then 40 days sentenced.
    /// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), Some(d("2021-04-11")), "A",
    ///     Some(StatusGroup::Untried)).with_sentenced(d("2021-03-02"))]);
    /// let plan = Plan::new().with_lever(Lever::Expedite { speedup: Speedup::Factor(0.5),
    ///     timing: Timing::Prospective(d("2021-01-01")) });
    /// let run = plan.run(&s, d("2021-01-01"), d("2021-12-31"))?;
    /// assert_eq!(run.person_days().saved, 30); // the pretrial part halves, the sentence is served
    /// assert_eq!(run.levers()[0].changed, 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run(&self, stays: &Stays, from: Date, to: Date) -> Result<PolicyRun> {
        let prep = run::Prepared::new(stays, self)?;
        let w = run::Window::new(from, to)?;
        execute(&prep, &w, self, from)
    }
}

fn execute(prep: &run::Prepared, w: &run::Window, plan: &Plan, from: Date) -> Result<PolicyRun> {
    let sweep = prep.sweep(w)?;
    let baseline = prep.population(from, &sweep.baseline, &sweep.touched_base, w.days);
    let policy = prep.population(from, &sweep.policy, &sweep.touched_pol, w.days);
    let person_days = PersonDays {
        baseline: sweep.baseline.iter().sum(),
        policy: sweep.policy.iter().sum(),
        saved: sweep.saved,
        added: sweep.added,
    };
    let (recalls, recall_months, recall_by_key) = if prep.levers.recalls.is_empty() {
        (None, None, None)
    } else {
        let paths = recall::simulate(prep, w, &sweep.supervised, plan.paths());
        let touched: Vec<bool> = (0..prep.book.keys.len())
            .map(|k| {
                paths.by_key_sum[k * w.days..(k + 1) * w.days]
                    .iter()
                    .any(|&x| x > 0)
            })
            .collect();
        let by_key = prep.population(from, &paths.by_key_sum, &touched, w.days);
        let (r, months) = PolicyRun::recalls_from(w, paths);
        (Some(r), Some(months), Some(by_key))
    };
    let months = PolicyRun::month_rows(
        w,
        &baseline,
        &policy,
        (&sweep.releases_base, &sweep.releases_pol),
        recall_months.as_deref().map(|m| (m, plan.paths())),
    );
    let levers = plan
        .levers()
        .iter()
        .zip(&sweep.counts)
        .map(|(l, c)| LeverEffect {
            lever: l.name().to_owned(),
            changed: c.changed,
            censored_unchanged: c.censored_unchanged,
        })
        .collect();
    Ok(PolicyRun {
        baseline,
        policy,
        recall_by_key,
        person_days,
        months,
        levers,
        recalls,
        facilities: prep.book.facilities.clone(),
    })
}
