//! `overcrowding policy`: a policy simulated on person-level stays, beside the baseline
//! (library: `crate::flow::policy`). This file only maps flags to a plan and
//! the run to typed rows.

use std::path::PathBuf;

use crate::flow::policy::{
    ALL_FACILITIES, Lever, MonthRow, Needed, Plan, PolicyDay, PolicyPart, PolicyRun, Speedup,
    StaysColumns, StaysFile, Supervision, Timing, early_release_needed, pretrial_cap_needed,
    read_stays,
};
use crate::flow::{StayDistribution, Stream, days_in_years};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde::Serialize;

use super::CliError;
use super::usage::Usage;

/// The long help of `policy`.
pub const POLICY_LONG: &str = "Simulates a policy on person-level stays (one row per stay) and \
prints the daily or monthly population under the policy beside the baseline.

STAYS is a CSV file with a header row. --admission and --release name the date columns \
(YYYY-MM-DD); an empty release (or a --missing token) means still held: such a stay is \
held to the end of the window and never treated as a release. A release before its \
admission is rejected with its line. --status COL with --pretrial VALUE: rows whose status \
is VALUE are pretrial, other non-empty values sentenced, empty unknown (no lever touches \
them). --sentenced COL: the date a stay became sentenced (pretrial before it). --class COL: a label (offence class, bond, …) that --divert-class matches exactly.

Levers (applied in this order, each from --on DATE; retroactive by default — the people \
held that day and later admissions, nothing changes before it — or --prospective, \
admissions from that day):
  --pretrial-cap DAYS          nobody is held pretrial longer than DAYS
  --expedite FACTOR            pretrial parts last ceil(days x FACTOR), FACTOR in (0, 1]
  --expedite-days DAYS         pretrial parts cut by DAYS
  --early-release-within DAYS  sentenced people are released with DAYS left
  --recall-probability P --recall-within YEARS --recall-stay-months MEAN
                               early releases are supervised: recalled with probability P \
within YEARS, for an exponential stay of mean MEAN months (seeded Monte Carlo over --paths \
paths; then `policy` is the median path and policy_low/policy_high the 5 % and 95 % paths)
  --divert SHARE [--divert-class VALUE] [--divert-stream pretrial|sentenced]
                               SHARE of the admissions from --on (of that class, of that stream: admitted pretrial or sentenced on admission) never enter; each chosen by a seeded hash (--seed), so a run is repeatable
  --surge N --surge-from DATE --surge-to DATE --surge-stay-months MEAN [--surge-pretrial] [--surge-facility ID]
                               N extra admissions spread evenly over the window, with lengths at the quantiles of an exponential stay of mean MEAN months, sentenced (or held pretrial throughout), into facility ID (needed with --facility; else `all`)

The inverse question: --solve pretrial-cap|early-release --by DATE with --capacity and --target: the mildest cap (the longest) or the mildest remaining-time threshold (the shortest, without supervision) that brings the system to the target on DATE, decided exactly by bisection on the simulation, added after the other levers and timed by --on. The answer is the field solved (lever, by, capacity, target, needed: {\"days\": N}, \"already_met\" or \"unreachable\"); with days, the periods show the plan with it.

JSON fields (stable): periods (date, baseline, policy[, policy_low, policy_high]: the \
population on that day, the last day of each month with --every month), months (month_end, \
baseline, policy, baseline_releases, policy_releases, mean_recalls: releases and recalls in \
each month), by_status and by_facility with --breakdown status|facility (each part's baseline and \
policy; people on recall are in the period's policy but in no part), baseline_person_days, \
policy_person_days, person_days_saved, person_days_added, rows (read, \
accepted, rejected, skipped, people_in_rejected_rows: one person per stay row), levers (lever, changed, censored_unchanged), recalls, \
first_at_or_below (with --capacity and --target), facilities_at_or_below (with --capacities \
and --target: system, the first day of the facilities covered; facilities, [id, first day or \
null: still over at the end]; uncovered, the facilities without a capacity). People on \
recall count towards the target: the median path against --capacity, the mean over the \
paths (rounded up) per prison.

--report FILE also writes an HTML page: the headline, the baseline and policy curves against \
the capacity and the target, each prison's first day at the target, every lever in words with \
what it assumes, and the input rows.";

/// Period of the output rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Every {
    /// One row per day.
    Day,
    /// One row per month: the population on its last day in the window.
    Month,
}

/// Output format of `policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    /// One JSON object.
    Json,
    /// The periods as CSV.
    Csv,
}

/// A stream of admissions (`--divert-stream`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StreamArg {
    /// Admitted pretrial.
    Pretrial,
    /// Sentenced on admission.
    Sentenced,
}

/// A split of each period (`--breakdown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    /// By legal status (`untried`, `sentenced`, …; `unknown` for stays without one).
    Status,
    /// By facility.
    Facility,
}

/// The lever `--solve` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Solve {
    /// The longest pretrial cap that reaches the target.
    PretrialCap,
    /// The shortest remaining-time threshold of early release (no supervision).
    EarlyRelease,
}

/// The flags of `policy`.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// The stays file (CSV).
    #[arg(value_name = "STAYS")]
    pub stays: PathBuf,
    /// The admission date column.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub admission: String,
    /// The release date column (empty: still held).
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub release: String,
    /// The legal-status column.
    #[arg(
        long,
        value_name = "COL",
        requires = "pretrial",
        help_heading = "Reading"
    )]
    pub status: Option<String>,
    /// The --status value that means pretrial.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "status",
        help_heading = "Reading"
    )]
    pub pretrial: Option<String>,
    /// The column of the date a stay became sentenced.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub sentenced: Option<String>,
    /// The facility column (without one, every stay is in facility "all").
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub facility: Option<String>,
    /// A class label column (offence class, bond, …), matched by --divert-class.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub class: Option<String>,
    /// A token read as a missing value (repeatable).
    #[arg(long, value_name = "TOKEN", help_heading = "Reading")]
    pub missing: Vec<String>,
    /// Field delimiter (one character).
    #[arg(long, value_name = "CHAR", help_heading = "Reading")]
    pub delimiter: Option<char>,

    /// First day of the window.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Date,
    /// Last day of the window.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Date,
    /// One row per day or per month.
    #[arg(long, value_enum, default_value_t = Every::Day)]
    pub every: Every,

    /// Cap pretrial detention at DAYS.
    #[arg(long, value_name = "DAYS", help_heading = "Policy")]
    pub pretrial_cap: Option<u32>,
    /// Scale pretrial parts by FACTOR in (0, 1].
    #[arg(long, value_name = "FACTOR", help_heading = "Policy")]
    pub expedite: Option<f64>,
    /// Cut pretrial parts by DAYS.
    #[arg(long, value_name = "DAYS", help_heading = "Policy")]
    pub expedite_days: Option<u32>,
    /// Release sentenced people with at most DAYS left.
    #[arg(long, value_name = "DAYS", help_heading = "Policy")]
    pub early_release_within: Option<u32>,
    /// Recall probability of an early release (supervision).
    #[arg(long, value_name = "P", requires_all = ["recall_within", "recall_stay_months", "early_release_within"], help_heading = "Policy")]
    pub recall_probability: Option<f64>,
    /// The recall window in years.
    #[arg(
        long,
        value_name = "YEARS",
        requires = "recall_probability",
        help_heading = "Policy"
    )]
    pub recall_within: Option<f64>,
    /// Mean recall stay in months (exponential).
    #[arg(
        long,
        value_name = "MONTHS",
        requires = "recall_probability",
        help_heading = "Policy"
    )]
    pub recall_stay_months: Option<f64>,
    /// Divert SHARE in [0, 1] of the admissions from --on (they never enter).
    #[arg(long, value_name = "SHARE", help_heading = "Policy")]
    pub divert: Option<f64>,
    /// Divert only admissions of this class (needs --class).
    #[arg(long, value_name = "VALUE", requires_all = ["divert", "class"], help_heading = "Policy")]
    pub divert_class: Option<String>,
    /// Divert only this stream: admitted pretrial, or sentenced on admission.
    #[arg(long, value_enum, requires = "divert", help_heading = "Policy")]
    pub divert_stream: Option<StreamArg>,
    /// N extra admissions (a surge).
    #[arg(long, value_name = "N", requires_all = ["surge_from", "surge_to", "surge_stay_months"], help_heading = "Policy")]
    pub surge: Option<u32>,
    /// The surge's first admission day.
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        requires = "surge",
        help_heading = "Policy"
    )]
    pub surge_from: Option<Date>,
    /// The surge's last admission day.
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        requires = "surge",
        help_heading = "Policy"
    )]
    pub surge_to: Option<Date>,
    /// Mean stay of the surge's admissions in months (exponential).
    #[arg(
        long,
        value_name = "MONTHS",
        requires = "surge",
        help_heading = "Policy"
    )]
    pub surge_stay_months: Option<f64>,
    /// The surge's admissions are held pretrial throughout (default: sentenced).
    #[arg(long, requires = "surge", help_heading = "Policy")]
    pub surge_pretrial: bool,
    /// The facility receiving the surge (needed with --facility).
    #[arg(long, value_name = "ID", requires = "surge", help_heading = "Policy")]
    pub surge_facility: Option<String>,
    /// The date the levers take effect (every lever but --surge needs it).
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Policy")]
    pub on: Option<Date>,
    /// Only admissions from --on (default: retroactive).
    #[arg(long, help_heading = "Policy")]
    pub prospective: bool,
    /// Recall paths.
    #[arg(long, value_name = "N", default_value_t = crate::flow::policy::DEFAULT_PATHS, help_heading = "Policy")]
    pub paths: usize,
    /// Seed of the recall paths.
    #[arg(long, value_name = "N", default_value_t = crate::flow::policy::DEFAULT_SEED, help_heading = "Policy")]
    pub seed: u64,

    /// System capacity, for the first day at or below --target.
    #[arg(long, value_name = "PLACES", requires = "target")]
    pub capacity: Option<u64>,
    /// Each facility's capacity from a facility table (facility_id, date, population, one
    /// column per capacity kind): its latest report on or before --to. With --target: each
    /// prison's first day at or below it, and the system's over the prisons covered.
    #[arg(
        long,
        value_name = "FILE",
        requires = "target",
        conflicts_with = "capacity"
    )]
    pub capacities: Option<PathBuf>,
    /// The capacity kind to read from --capacities (design, operational, cna, …); needed
    /// when the table lists several.
    #[arg(long, value_name = "KIND", requires = "capacities")]
    pub capacity_kind: Option<String>,
    /// Target occupancy in percent (with --capacity or --capacities).
    #[arg(long, value_name = "PCT")]
    pub target: Option<f64>,
    /// The inverse question: the mildest setting of this lever that brings the system to
    /// --target of --capacity on --by.
    #[arg(long, value_enum, requires_all = ["capacity", "target", "by"], help_heading = "Inverse")]
    pub solve: Option<Solve>,
    /// The date --solve must reach the target by.
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        requires = "solve",
        help_heading = "Inverse"
    )]
    pub by: Option<Date>,

    /// Also split each period by legal status or by facility (JSON; repeatable).
    #[arg(long, value_enum)]
    pub breakdown: Vec<Breakdown>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PolicyFormat::Json)]
    pub format: PolicyFormat,
    /// Also write an HTML page: the two curves against capacity, the headline, each
    /// prison's first day at the target, the levers and what they assume.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Serialize)]
struct PeriodRow {
    date: Date,
    baseline: u64,
    policy: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_low: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_high: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_status: Option<Vec<Part>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_facility: Option<Vec<Part>>,
}

/// One part of a period (`--breakdown`): people on recall are not in it.
#[derive(Serialize)]
struct Part {
    /// The status (`unknown`: none) or the facility.
    part: String,
    baseline: u64,
    policy: u64,
}

#[derive(Serialize)]
struct Rows {
    read: usize,
    accepted: usize,
    rejected: usize,
    skipped: usize,
    /// One person per rejected stay row: the people the simulation leaves out.
    people_in_rejected_rows: usize,
}

#[derive(Serialize)]
struct RecallSummary {
    paths: usize,
    mean_recalls: f64,
    median_recall_person_days: u64,
}

#[derive(Serialize)]
struct Output {
    from: Date,
    to: Date,
    rows: Rows,
    levers: Vec<crate::flow::policy::LeverEffect>,
    periods: Vec<PeriodRow>,
    baseline_person_days: u64,
    policy_person_days: u64,
    person_days_saved: u64,
    person_days_added: u64,
    recalls: Option<RecallSummary>,
    months: Vec<MonthRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    solved: Option<Solved>,
    first_at_or_below: Option<Option<Date>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facilities_at_or_below: Option<crate::flow::policy::TargetDates>,
}

/// One period of `--format csv`, with the input counts: a partial answer never looks
/// complete.
#[derive(Serialize)]
struct CsvRow {
    date: Date,
    baseline: u64,
    policy: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_low: Option<Option<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_high: Option<Option<u64>>,
    rows_read: usize,
    rows_accepted: usize,
    rows_rejected: usize,
    rows_skipped: usize,
    people_in_rejected_rows: usize,
}

/// The answer of `--solve`.
#[derive(Serialize)]
struct Solved {
    lever: &'static str,
    by: Date,
    capacity: u64,
    target: f64,
    needed: Needed,
}

/// When the levers take effect: `--on`, retroactive or `--prospective`.
fn timing(a: &PolicyArgs, flag: &'static str) -> Result<Timing, CliError> {
    let on = a.on.ok_or(Usage::OnNeeded { flag })?;
    Ok(if a.prospective {
        Timing::Prospective(on)
    } else {
        Timing::Retroactive(on)
    })
}

fn plan(a: &PolicyArgs) -> Result<Plan, CliError> {
    let mut plan = Plan::new().with_paths(a.paths).with_seed(a.seed);
    if let Some(days) = a.pretrial_cap {
        plan = plan.with_lever(Lever::PretrialCap {
            days,
            timing: timing(a, "--pretrial-cap")?,
        });
    }
    if let Some(f) = a.expedite {
        plan = plan.with_lever(Lever::Expedite {
            speedup: Speedup::Factor(f),
            timing: timing(a, "--expedite")?,
        });
    }
    if let Some(d) = a.expedite_days {
        plan = plan.with_lever(Lever::Expedite {
            speedup: Speedup::CutDays(d),
            timing: timing(a, "--expedite-days")?,
        });
    }
    if let Some(within_days) = a.early_release_within {
        let timing = timing(a, "--early-release-within")?;
        let supervision = match (a.recall_probability, a.recall_within, a.recall_stay_months) {
            (Some(p), Some(years), Some(mean_months)) => {
                let days = days_in_years(years).map_err(|e| {
                    CliError::from(Usage::RecallWithin {
                        years,
                        error: Box::new(e),
                    })
                })?;
                Some(Supervision::new(
                    p,
                    days,
                    StayDistribution::Exponential { mean_months },
                ))
            }
            _ => None,
        };
        plan = plan.with_lever(Lever::EarlyRelease {
            within_days,
            timing,
            supervision,
        });
    }
    if let Some(share) = a.divert {
        plan = plan.with_lever(Lever::Diversion {
            share,
            from: timing(a, "--divert")?.date(),
            class: a.divert_class.clone(),
            stream: a.divert_stream.map(|s| match s {
                StreamArg::Pretrial => Stream::Pretrial,
                StreamArg::Sentenced => Stream::Sentenced,
            }),
        });
    }
    if let (Some(admissions), Some(from), Some(to), Some(mean_months)) =
        (a.surge, a.surge_from, a.surge_to, a.surge_stay_months)
    {
        let facility = match (&a.surge_facility, &a.facility) {
            (Some(f), _) => f.clone(),
            (None, None) => ALL_FACILITIES.to_string(),
            (None, Some(column)) => {
                return Err(Usage::SurgeFacility {
                    column: column.clone(),
                }
                .into());
            }
        };
        plan = plan.with_lever(Lever::Surge {
            admissions,
            from,
            to,
            stay: StayDistribution::Exponential { mean_months },
            pretrial: a.surge_pretrial,
            facility,
        });
    }
    // `--solve`'s date is checked here, before the stays are read (its lever is added by
    // `solve`, after the file).
    if a.solve.is_some() {
        timing(a, "--solve")?;
    }
    if plan.levers().is_empty() && a.solve.is_none() {
        return Err(Usage::NoPolicy.into());
    }
    Ok(plan)
}

fn read(a: &PolicyArgs) -> Result<StaysFile, CliError> {
    let mut c = StaysColumns::new(&a.admission, &a.release);
    if let (Some(s), Some(p)) = (&a.status, &a.pretrial) {
        c = c.with_status(s, p);
    }
    if let Some(s) = &a.sentenced {
        c = c.with_sentenced(s);
    }
    if let Some(f) = &a.facility {
        c = c.with_facility(f);
    }
    if let Some(k) = &a.class {
        c = c.with_class(k);
    }
    for m in &a.missing {
        c = c.with_missing(m);
    }
    if let Some(d) = a.delimiter {
        let b = u8::try_from(d).map_err(|_| CliError::from(Usage::DelimiterByte { value: d }))?;
        c = c.with_delimiter(b);
    }
    let source = a.stays.display().to_string();
    let file = read_stays(&a.stays, &c).map_err(|e| CliError::Data {
        source: Some(source.clone()),
        error: Box::new(e),
    })?;
    if !file.rejects().is_empty() {
        eprintln!(
            "overcrowding: {source}: {} row{} rejected",
            file.rejects().len(),
            if file.rejects().len() == 1 { "" } else { "s" }
        );
        for r in file.rejects().iter().take(3) {
            eprintln!("  {}", r.reason());
        }
    }
    Ok(file)
}

/// `--solve`: the mildest setting of the lever asked for, and the plan with it added when
/// one reaches the target.
fn solve(a: &PolicyArgs, plan: Plan, file: &StaysFile) -> Result<(Plan, Option<Solved>), CliError> {
    let (Some(which), Some(by), Some(capacity), Some(target)) =
        (a.solve, a.by, a.capacity, a.target)
    else {
        return Ok((plan, None));
    };
    let timing = timing(a, "--solve")?;
    let (lever, needed) = match which {
        Solve::PretrialCap => (
            "pretrial_cap",
            pretrial_cap_needed(file.stays(), &plan, timing, capacity, target, by)?,
        ),
        Solve::EarlyRelease => (
            "early_release",
            early_release_needed(file.stays(), &plan, timing, capacity, target, by)?,
        ),
    };
    let plan = match (needed, which) {
        (Needed::Days(days), Solve::PretrialCap) => {
            plan.with_lever(Lever::PretrialCap { days, timing })
        }
        (Needed::Days(within_days), Solve::EarlyRelease) => plan.with_lever(Lever::EarlyRelease {
            within_days,
            timing,
            supervision: None,
        }),
        _ => plan,
    };
    let solved = Solved {
        lever,
        by,
        capacity,
        target,
        needed,
    };
    Ok((plan, Some(solved)))
}

fn periods(run: &PolicyRun, every: Every, breakdown: &[Breakdown]) -> Vec<PeriodRow> {
    let split = |b: Breakdown| {
        breakdown.contains(&b).then(|| match b {
            Breakdown::Status => run.by_status(),
            Breakdown::Facility => run.by_facility(),
        })
    };
    let (status, facility) = (split(Breakdown::Status), split(Breakdown::Facility));
    let parts = |parts: &Option<Vec<PolicyPart>>, t: usize| {
        parts.as_ref().map(|ps| {
            ps.iter()
                .map(|p| Part {
                    part: p.part.clone(),
                    baseline: p.baseline[t],
                    policy: p.policy[t],
                })
                .collect()
        })
    };
    let row = |t: usize, d: &PolicyDay| PeriodRow {
        date: d.date,
        baseline: d.baseline,
        policy: d.policy,
        policy_low: d.band.map(|b| b.0),
        policy_high: d.band.map(|b| b.1),
        by_status: parts(&status, t),
        by_facility: parts(&facility, t),
    };
    let days = run.daily();
    match every {
        Every::Day => days.iter().enumerate().map(|(t, d)| row(t, d)).collect(),
        Every::Month => {
            let ends: std::collections::HashSet<Date> =
                run.months().iter().map(|m| m.month_end).collect();
            days.iter()
                .enumerate()
                .filter(|(_, d)| ends.contains(&d.date))
                .map(|(t, d)| row(t, d))
                .collect()
        }
    }
}

/// Runs `policy` and prints its output.
pub(crate) fn run(a: &PolicyArgs) -> Result<bool, CliError> {
    if a.target.is_some() && a.capacity.is_none() && a.capacities.is_none() {
        return Err(Usage::TargetNeedsCapacity.into());
    }
    let plan = plan(a)?;
    let file = read(a)?;
    if file.stays().accepted() == 0 && !file.rejects().is_empty() {
        return Err(CliError::AllRejected(Box::new(super::NoRows {
            source: a.stays.display().to_string(),
            counts: super::input::InputCounts {
                count_decimals: 0,
                rows_read: file.rows(),
                rows_accepted: 0,
                rows_rejected: file.rejects().len(),
                rows_skipped: file.skipped(),
                // One person per stay row.
                people_in_rejected_rows: Some(file.rejects().len() as u64),
                rejected_rows_population_unknown: 0,
                values_dropped: 0,
                values_rounded: 0,
                // The stays reader skips blank lines only.
                rows_skipped_by_reason: crate::io::SkippedByReason {
                    blank: file.skipped(),
                    ..Default::default()
                },
            },
            first: file.rejects().first().cloned(),
        })));
    }
    let partial = !file.rejects().is_empty();
    let (plan, solved) = solve(a, plan, &file)?;
    let run = plan.run(file.stays(), a.from, a.to)?;
    let pd = run.person_days_with_recalls();
    let first = match (a.capacity, a.target) {
        (Some(cap), Some(target)) => Some(run.first_total_at_or_below(cap, target)?),
        _ => None,
    };
    let caps = match &a.capacities {
        Some(path) => Some(facility_capacities(path, a.capacity_kind.as_deref(), a.to)?),
        None => None,
    };
    let by_facility = match (&caps, a.target) {
        (Some(caps), Some(target)) => {
            let caps: Vec<(&str, u64)> = caps.iter().map(|(f, c)| (f.as_str(), *c)).collect();
            Some(run.first_at_or_below(&caps, target)?)
        }
        _ => None,
    };
    let out = Output {
        from: a.from,
        to: a.to,
        rows: Rows {
            read: file.rows(),
            accepted: file.stays().accepted(),
            rejected: file.rejects().len(),
            skipped: file.skipped(),
            people_in_rejected_rows: file.rejects().len(),
        },
        levers: run.levers().to_vec(),
        periods: periods(&run, a.every, &a.breakdown),
        baseline_person_days: pd.baseline,
        policy_person_days: pd.policy,
        person_days_saved: pd.saved,
        person_days_added: pd.added,
        recalls: run.recalls().map(|r| RecallSummary {
            paths: r.paths(),
            mean_recalls: r.mean_recalls(),
            median_recall_person_days: r.median_person_days(),
        }),
        months: run.months().to_vec(),
        solved,
        first_at_or_below: first,
        facilities_at_or_below: by_facility.clone(),
    };
    if let Some(path) = &a.report {
        use super::report::policy::{Against, PolicyPage, write};
        let against = match (&caps, a.capacity, &by_facility) {
            (Some(c), _, t) => Against::Facilities {
                capacities: c,
                uncovered: t.as_ref().map_or(0, |t| t.uncovered.len()),
            },
            (None, Some(c), _) => Against::System(c),
            _ => Against::Nothing,
        };
        let page = PolicyPage {
            source: &a.stays.display().to_string(),
            run: &run,
            against,
            target: a.target,
            system_first: first.or(by_facility.as_ref().map(|t| t.system)),
            facilities: by_facility.as_ref(),
            rows: [
                file.rows(),
                file.stays().accepted(),
                file.rejects().len(),
                file.skipped(),
            ],
            levers: plan.levers().iter().map(|l| l.to_string()).collect(),
        };
        write(&page, path)?;
    }
    let text = match a.format {
        PolicyFormat::Json => {
            let mut s = serde_json::to_string_pretty(&out).map_err(|e| {
                crate::Error::from(crate::ErrorKind::Write {
                    what: "JSON output",
                })
                .with_source(e)
            })?;
            s.push('\n');
            s
        }
        PolicyFormat::Csv => {
            let csv_err = |e: csv::Error| {
                crate::Error::from(crate::ErrorKind::Write { what: "CSV output" }).with_source(e)
            };
            // With recalls the band's columns, empty on a day without it.
            let band = out.periods.iter().any(|p| p.policy_low.is_some());
            let r = &out.rows;
            let mut w = csv::Writer::from_writer(Vec::new());
            for p in &out.periods {
                w.serialize(CsvRow {
                    date: p.date,
                    baseline: p.baseline,
                    policy: p.policy,
                    policy_low: band.then_some(p.policy_low),
                    policy_high: band.then_some(p.policy_high),
                    rows_read: r.read,
                    rows_accepted: r.accepted,
                    rows_rejected: r.rejected,
                    rows_skipped: r.skipped,
                    people_in_rejected_rows: r.people_in_rejected_rows,
                })
                .map_err(csv_err)?;
            }
            let bytes = w.into_inner().map_err(|e| csv_err(e.into_error().into()))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    super::output::write_stdout(&text)?;
    Ok(partial)
}

/// The capacities of `--capacities`: the table read strictly (a bad row is an error with its
/// line), the kind named or the only one it lists, each facility's latest report on or
/// before `on`.
fn facility_capacities(
    path: &std::path::Path,
    kind: Option<&str>,
    on: Date,
) -> Result<Vec<(crate::model::FacilityId, u64)>, CliError> {
    let table = crate::io::read_facility_table(path, crate::io::ReadMode::Strict)?;
    let kinds = table.panel().capacity_kinds();
    let listed = || kinds.iter().map(|k| k.name().to_string()).collect();
    let kind: crate::CapacityKind = match kind {
        Some(k) => {
            let kind: crate::CapacityKind = k.parse().map_err(|_| {
                CliError::from(Usage::NotAKind {
                    flag: "--capacity-kind",
                    spec: None,
                    kind: k.to_string(),
                })
            })?;
            if !kinds.contains(&kind) {
                return Err(Usage::FileKindNotListed {
                    kind: kind.name().to_string(),
                    path: path.display().to_string(),
                    listed: listed(),
                }
                .into());
            }
            kind
        }
        None if kinds.len() == 1 => kinds[0].clone(),
        None => {
            return Err(Usage::FileKindUnchosen {
                path: path.display().to_string(),
                listed: listed(),
            }
            .into());
        }
    };
    Ok(crate::flow::policy::capacities_on(table.panel(), &kind, on))
}
