//! # New York City's jails, 2016–2022: policies on real stays
//!
//! **Question.** On the real person-level stays of New York City's jails (Rikers Island and
//! the borough jails), what would a limit on pretrial detention, or faster cases, have done
//! to the daily population — and how does a prospective policy from 1 January 2020 (the
//! date of New York's bail reform) compare with what the census shows happened?
//!
//! **Data.** `../shared/data/stays/nyc_doc_dic_stays_20160602_20220630.csv`: 202,182 stays
//! rebuilt from the NYC Department of Correction's daily census ("Daily Inmates In Custody",
//! NYC Open Data / FOIL; daily files collected by C. Fain Lehman,
//! github.com/CharlesFainLehman/Rikers-DIC), with the date each stay first became sentenced,
//! right-censored on 2022-06-30 (still held: no release). The file is outside this
//! repository: the example says so and exits cleanly when it is absent. Quirks (the data's
//! README): release dates are census-interval dates (a stay may be a day long), stays shorter
//! than one census interval are missing, 9,837 stays held on the first day are
//! left-truncated. The status of a stay is taken from `legal_status_first` (`pretrial` is
//! pretrial; parole violators and the sentenced are not) and split at `sentenced_date`.
//!
//! Run: `cargo run --example 11_nyc_stays_policies --no-default-features`

use jiff::civil::Date;
use overcrowding::flow::policy::{Lever, Plan, Speedup, StaysColumns, Timing, read_stays};

const PATH: &str = "../shared/data/stays/nyc_doc_dic_stays_20160602_20220630.csv";

fn main() -> overcrowding::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
    if !path.exists() {
        println!("{PATH} is not here (it lives outside the repository): nothing to do.");
        return Ok(());
    }
    let columns = StaysColumns::new("admission_date", "release_date")
        .with_status("legal_status_first", "pretrial")
        .with_sentenced("sentenced_date")
        .with_class("charge_law");
    let file = read_stays(&path, &columns)?;
    println!(
        "{} rows: {} stays accepted, {} rejected, {} blank",
        file.rows(),
        file.stays().accepted(),
        file.rejects().len(),
        file.skipped()
    );
    for r in file.rejects().iter().take(3) {
        println!("  {}", r.reason());
    }
    let stays = file.stays();
    let (from, to) = (Date::constant(2016, 6, 2), Date::constant(2022, 6, 30));
    let baseline = Plan::new().run(stays, from, to)?;
    let days = baseline.daily();
    let on = |d: Date| days.iter().find(|t| t.date == d).map_or(0, |t| t.baseline);
    // The census figures the data's README gives (held on the morning of the day).
    for (d, census) in [
        (Date::constant(2016, 6, 2), 9_837),
        (Date::constant(2019, 12, 31), 5_858),
        (Date::constant(2020, 12, 31), 4_972),
        (Date::constant(2022, 6, 30), 5_561),
    ] {
        println!("held on {d}: {:>6} (census {census:>6})", on(d));
    }

    let reform = Date::constant(2020, 1, 1);
    println!(
        "\nFrom 2020-01-01 to 2022-06-30 (person-days; population on 2020-12-31 and 2022-06-30):"
    );
    let plans = [
        (
            "pretrial cap 90 days, retroactive",
            Plan::new().with_lever(Lever::PretrialCap {
                days: 90,
                timing: Timing::Retroactive(reform),
            }),
        ),
        (
            "pretrial cap 365 days, retroactive",
            Plan::new().with_lever(Lever::PretrialCap {
                days: 365,
                timing: Timing::Retroactive(reform),
            }),
        ),
        (
            "expedite: pretrial parts halved, prospective",
            Plan::new().with_lever(Lever::Expedite {
                speedup: Speedup::Factor(0.5),
                timing: Timing::Prospective(reform),
            }),
        ),
        (
            "early release ≤ 30 days left, retroactive",
            Plan::new().with_lever(Lever::EarlyRelease {
                within_days: 30,
                timing: Timing::Retroactive(reform),
                supervision: None,
            }),
        ),
    ];
    for (name, plan) in plans {
        let run = plan.run(stays, reform, to)?;
        let pd = run.person_days();
        let t = run.daily();
        let at = |d: Date| {
            t.iter()
                .find(|x| x.date == d)
                .map_or((0, 0), |x| (x.baseline, x.policy))
        };
        let (b1, p1) = at(Date::constant(2020, 12, 31));
        let (b2, p2) = at(to);
        println!(
            "{name:<46} saved {:>9} of {:>10} ({:>4.1} %); {b1} → {p1}; {b2} → {p2}; changed {}, still held left alone {}",
            pd.saved,
            pd.baseline,
            100.0 * pd.saved as f64 / pd.baseline as f64,
            run.levers()[0].changed,
            run.levers()[0].censored_unchanged,
        );
        assert!(pd.identity_holds());
    }

    // The bail reform as history: pretrial admissions (first listed pretrial) per year.
    let mut by_year = std::collections::BTreeMap::<i16, (u64, u64)>::new();
    for s in stays.stays() {
        let e = by_year.entry(s.admission.year()).or_default();
        e.0 += 1;
        if s.status == Some(overcrowding::StatusGroup::Untried) {
            e.1 += 1;
        }
    }
    println!("\nAdmissions by year (all; first listed pretrial):");
    for (y, (all, pre)) in by_year.range(2017..=2021) {
        println!("  {y}: {all:>6}  {pre:>6}");
    }
    println!(
        "The census fell from {} (2019-12-31) to {} (2020-12-31): the reform and the COVID releases together;\n\
         a prospective policy from 2020-01-01 only touches the 2020 admissions, so it cannot explain a drop of that size alone.",
        on(Date::constant(2019, 12, 31)),
        on(Date::constant(2020, 12, 31))
    );
    Ok(())
}
