//! # Cambodia 2021: which lever brings the prisons to 100 %?
//!
//! **Question.** In June 2021 Cambodia held about 39,000 people in prisons designed for
//! 27,000 (144.4 %); more than 35 % had not been tried. The Justice Ministry ran a campaign
//! "to expedite the resolution of cases", executed sentences "preferentially" with release
//! under judicial probation (recall if its terms are broken), and a new COVID-19 law put about
//! 700 people in prison within weeks. Which lever — faster trials, a limit on pretrial
//! detention, early release of those near the end of their sentence — brings the system to
//! 100 % (or 120 %), by when, at what cost in recalls; and what did the 700 add?
//!
//! **Data and assumptions.** Cambodia publishes no person-level data: the example builds a
//! synthetic population that reproduces the published stock (39,000 held, 35 % untried on
//! 1 June 2021; `seed-facts.md`) in a steady state, and runs the policies on those people
//! exactly ([`overcrowding::flow::policy`]). Assumed, not published — change them and rerun:
//!
//! - admissions constant at 37.4 a day (Little's law: 13,650 untried ÷ a mean pretrial stay
//!   of 365 days);
//! - pretrial stays exponential with a mean of 12 months; 80 % of cases end in a prison
//!   sentence served after the trial, exponential with a mean of 847 days (so that 25,350
//!   are held sentenced, Little's law again); the others leave at the end of the pretrial
//!   part;
//! - the levers start on 1 June 2021 and are retroactive (the people held that day and
//!   later admissions);
//! - probation: a recall probability of 20 % within the 3 years of probation, a recall stay
//!   with a mean of 6 months (200 seeded paths);
//! - the 700 under the COVID-19 law: admitted evenly from 20 February to 31 March 2021, held
//!   pretrial, stays with a mean of 12 months;
//! - one system of 27,000 design places: the 28 prisons' own capacities and populations are
//!   not published, so which prisons stay over cannot be said from these data.
//!
//! The same levers then run on the aggregate model ([`Plan::run_expected`]): the stock and
//! flows above as expected numbers (a [`CohortModel`]), with no person drawn — the route for
//! a user who has only published totals. The two answers agree within the synthetic draw's
//! noise (a test checks that in general).
//!
//! Run: `cargo run --example 10_cambodia_policies --no-default-features`

use jiff::civil::Date;
use overcrowding::flow::policy::{
    ExpectedRun, Lever, Needed, Plan, PolicyRun, Speedup, Supervision, Timing,
    early_release_needed, pretrial_cap_needed,
};
use overcrowding::flow::stays::{StayRecord, Stays};
use overcrowding::flow::{Admissions, CohortModel, StayDistribution, StreamSpec};
use overcrowding::{StatusGroup, occupancy};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const CAPACITY: u64 = 27_000;

fn plus(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days)).expect("date")
}

fn exponential(rng: &mut StdRng, mean: f64) -> i64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    (-mean * u.ln()).round() as i64
}

/// The synthetic steady-state population (see the module docs).
fn population(from: Date) -> Stays {
    let mut rng = StdRng::seed_from_u64(2021);
    let start = Date::constant(1986, 1, 1);
    let end = Date::constant(2024, 12, 31);
    let per_day = 13_650.0 / 365.0;
    let mut records = Vec::new();
    let mut d = start;
    let mut carry = 0.0;
    while d <= end {
        carry += per_day;
        while carry >= 1.0 {
            carry -= 1.0;
            let pretrial = exponential(&mut rng, 365.0);
            let convicted = rng.random_bool(0.8);
            let sentence = if convicted {
                exponential(&mut rng, 847.0)
            } else {
                0
            };
            let release = plus(d, pretrial + sentence);
            if release <= from {
                continue; // left before the window: no part in it
            }
            let mut r = StayRecord::new(
                Some(d),
                Some(release),
                "Cambodia",
                Some(StatusGroup::Untried),
            );
            if convicted {
                r = r.with_sentenced(plus(d, pretrial));
            }
            records.push(r);
        }
        d = d.tomorrow().expect("date");
    }
    Stays::from_records(&records)
}

fn pct(n: u64) -> f64 {
    occupancy(n, CAPACITY).expect("capacity").percent_rounded(1)
}

fn show(name: &str, run: &PolicyRun, on: &[Date]) -> overcrowding::Result<()> {
    // The policy population with the median recall path, as the command line prints it.
    let days = run.daily();
    let held = |d: Date| {
        days.iter()
            .find(|t| t.date == d)
            .expect("in the window")
            .policy
    };
    print!("{name:<42}");
    for &d in on {
        print!(" {:>7} ({:>5.1} %)", held(d), pct(held(d)));
    }
    let first = |p: f64| -> overcrowding::Result<String> {
        Ok(run
            .first_total_at_or_below(CAPACITY, p)?
            .map_or("never".into(), |d| d.to_string()))
    };
    println!("  ≤120 %: {:<10}  ≤100 %: {}", first(120.0)?, first(100.0)?);
    let pd = run.person_days();
    print!(
        "{:<42} person-days saved {:>10}, added {:>9}",
        "", pd.saved, pd.added
    );
    if let Some(r) = run.recalls() {
        let mean = r.recalls().iter().sum::<u64>() as f64 / r.paths() as f64;
        print!(
            "; recalls {mean:.0} (mean of {} paths), {} recall person-days (median)",
            r.paths(),
            r.median_person_days()
        );
    }
    println!();
    assert!(pd.identity_holds());
    Ok(())
}

/// The assumptions above as a cohort model: 13,650 a year admitted into a pretrial stay of
/// mean 12 months, 80 % convicted into a sentence of mean 847 days, both stocks in their
/// steady state (sentenced admissions come only from convictions).
fn aggregate() -> overcrowding::Result<CohortModel> {
    let per_month = 13_650.0 / 12.0;
    let pretrial = StayDistribution::Exponential { mean_months: 12.0 };
    let sentence = StayDistribution::Exponential {
        mean_months: 847.0 / overcrowding::flow::DAYS_PER_MONTH,
    };
    Ok(CohortModel::new(
        // Both stocks in the daily engine's steady state (`StreamSpec::steady`); sentenced
        // admissions come only from convictions.
        StreamSpec::steady(per_month, pretrial)?,
        StreamSpec::steady(0.8 * per_month, sentence)?.with_admissions(Admissions::Constant(0.0)),
        0.8,
    ))
}

fn show_expected(name: &str, run: &ExpectedRun, on: &[Date]) -> overcrowding::Result<()> {
    let total = run.policy_total();
    print!("{name:<42}");
    for &d in on {
        let t = (0..run.days())
            .find(|&t| run.date(t) == d)
            .expect("in the window");
        let held = total[t] + run.recalled()[t];
        print!(" {:>7.0} ({:>5.1} %)", held, 100.0 * held / CAPACITY as f64);
    }
    let first = |p: f64| -> overcrowding::Result<String> {
        Ok(run
            .first_total_at_or_below(CAPACITY, p)?
            .map_or("never".into(), |d| d.to_string()))
    };
    println!("  ≤120 %: {:<10}  ≤100 %: {}", first(120.0)?, first(100.0)?);
    let pd = run.person_days();
    println!(
        "{:<42} person-days saved {:>10.0}, added {:>9.0}; {:.0} recall person-days (expected)",
        "", pd.saved, pd.added, pd.recalled
    );
    assert!(pd.identity_gap() < 1e-9);
    Ok(())
}

fn main() -> overcrowding::Result<()> {
    let (from, to) = (Date::constant(2021, 1, 1), Date::constant(2024, 12, 31));
    let on = Date::constant(2021, 6, 1);
    let stays = population(from);
    let baseline = Plan::new().run(&stays, from, to)?;
    let t0 = (on - from).get_days() as usize;
    let held = baseline.baseline().total()[t0];
    let untried = baseline.baseline().status(Some(StatusGroup::Untried))[t0];
    println!(
        "Synthetic Cambodia on {on}: {held} held ({:.1} % of 27,000 design places), {untried} untried ({:.1} %)",
        pct(held),
        100.0 * untried as f64 / held as f64
    );
    println!("(published: about 39,000, 144.4 %; more than 35 % untried)\n");

    let timing = Timing::Retroactive(on);
    let dates = [Date::constant(2021, 12, 31), Date::constant(2022, 12, 31)];
    println!(
        "{:<42} {:>20} {:>20}",
        "lever (from 1 June 2021)", "held 2021-12-31", "held 2022-12-31"
    );
    show("baseline (no lever)", &baseline, &dates)?;
    let probation = Supervision::new(
        0.2,
        1_096,
        StayDistribution::Exponential { mean_months: 6.0 },
    );
    let levers = [
        (
            "expedite: pretrial parts halved",
            Plan::new().with_lever(Lever::Expedite {
                speedup: Speedup::Factor(0.5),
                timing,
            }),
        ),
        (
            "pretrial detention capped at 180 days",
            Plan::new().with_lever(Lever::PretrialCap { days: 180, timing }),
        ),
        (
            "early release ≤ 180 days left, probation",
            Plan::new().with_lever(Lever::EarlyRelease {
                within_days: 180,
                timing,
                supervision: Some(probation.clone()),
            }),
        ),
        (
            "expedite ½ + early release ≤ 365 days",
            Plan::new()
                .with_lever(Lever::Expedite {
                    speedup: Speedup::Factor(0.5),
                    timing,
                })
                .with_lever(Lever::EarlyRelease {
                    within_days: 365,
                    timing,
                    supervision: Some(probation),
                }),
        ),
        (
            "the 700 under the COVID-19 law (surge)",
            Plan::new().with_lever(Lever::Surge {
                admissions: 700,
                from: Date::constant(2021, 2, 20),
                to: Date::constant(2021, 3, 31),
                stay: StayDistribution::Exponential { mean_months: 12.0 },
                pretrial: true,
                facility: "Cambodia".into(),
            }),
        ),
    ];
    for (name, plan) in &levers {
        show(name, &plan.run(&stays, from, to)?, &dates)?;
    }

    println!(
        "\nThe same levers on the aggregate model (expected numbers from the stock and flows, no person drawn):"
    );
    let model = aggregate()?;
    show_expected(
        "baseline (no lever)",
        &Plan::new().run_expected(&model, from, to)?,
        &dates,
    )?;
    for (name, plan) in &levers {
        show_expected(name, &plan.run_expected(&model, from, to)?, &dates)?;
    }

    println!(
        "\nThe mildest single lever that reaches a target by 30 June 2022 (exact, by bisection):"
    );
    let by = Date::constant(2022, 6, 30);
    for target in [120.0, 100.0] {
        let cap = pretrial_cap_needed(&stays, &Plan::new(), timing, CAPACITY, target, by)?;
        let early = early_release_needed(&stays, &Plan::new(), timing, CAPACITY, target, by)?;
        let say = |n: Needed, what: &str| match n {
            Needed::AlreadyMet => "already met".to_string(),
            Needed::Days(d) => format!("{what} {d} days"),
            Needed::Unreachable => "not reachable with this lever alone".to_string(),
        };
        println!(
            "  {target:>5.0} %: pretrial cap {:<36} early release {}",
            say(cap, "at most"),
            say(early, "with at most")
        );
    }
    Ok(())
}
