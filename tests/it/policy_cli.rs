//! `overcrowding policy` run as a user would: JSON against the library's own run, the
//! reject of a release before its admission, still-held stays, exit codes.

use std::path::PathBuf;

use overcrowding::flow::policy::{Lever, Plan, StaysColumns, Timing, read_stays};
use serde_json::Value;

use super::cli_run::run;

const STAYS: &str = "id,admitted,released,status,sentenced_on,jail
1,2021-01-01,2021-03-01,pre,,A
2,2021-01-10,,pre,,A
3,2021-01-05,2021-02-01,pre,,B
4,2021-02-10,2021-01-01,pre,,B

5,2020-12-01,2021-06-30,pre,2021-02-01,B
6,2021-01-20,NA,sent,,A
";

fn file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("overcrowding-policy-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, STAYS).unwrap();
    p
}

/// `policy` on a stays file of `STAYS`' layout over the first half of 2021.
fn policy_args(path: &str) -> Vec<&str> {
    vec![
        "policy",
        path,
        "--admission",
        "admitted",
        "--release",
        "released",
        "--status",
        "status",
        "--pretrial",
        "pre",
        "--sentenced",
        "sentenced_on",
        "--facility",
        "jail",
        "--missing",
        "NA",
        "--from",
        "2021-01-01",
        "--to",
        "2021-06-30",
    ]
}

/// The library's reading of `STAYS`' layout, the same as [`policy_args`].
fn columns() -> StaysColumns {
    StaysColumns::new("admitted", "released")
        .with_status("status", "pre")
        .with_sentenced("sentenced_on")
        .with_facility("jail")
        .with_missing("NA")
}

#[test]
fn policy_json_matches_the_library_and_accounts_for_every_row() {
    let path = file("stays.csv");
    let p = path.to_str().unwrap();
    let mut args = policy_args(p);
    args.extend([
        "--every",
        "month",
        "--pretrial-cap",
        "30",
        "--on",
        "2021-01-15",
        "--format",
        "json",
    ]);
    let out = run(&args);
    // A row was rejected: a partial answer (exit 3), every row accounted for.
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "line 5, column \"released\": release date 2021-01-01 must not come before admission date 2021-02-10"
        ),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"]["read"], 7);
    assert_eq!(v["rows"]["accepted"], 5);
    assert_eq!(v["rows"]["rejected"], 1);
    assert_eq!(v["rows"]["skipped"], 1);
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 6);
    assert_eq!(periods[0]["date"], "2021-01-31");

    let cols = columns();
    let stays = read_stays(&path, &cols).unwrap();
    let d = |s: &str| s.parse().unwrap();
    let plan = Plan::new().with_lever(Lever::PretrialCap {
        days: 30,
        timing: Timing::Retroactive(d("2021-01-15")),
    });
    let lib = plan
        .run(stays.stays(), d("2021-01-01"), d("2021-06-30"))
        .unwrap();
    let pd = lib.person_days();
    assert_eq!(v["baseline_person_days"], pd.baseline);
    assert_eq!(v["policy_person_days"], pd.policy);
    assert_eq!(v["person_days_saved"], pd.saved);
    assert!(pd.saved > 0);
    for (row, m) in periods.iter().zip(lib.months()) {
        assert_eq!(row["baseline"], m.baseline);
        assert_eq!(row["policy"], m.policy);
    }
    // Stay 6 (sentenced, still held) is held on 30 June under both.
    assert!(periods[5]["policy"].as_u64().unwrap() >= 1);
}

#[test]
fn policy_without_a_lever_is_a_usage_error_and_a_missing_column_bad_input() {
    let path = file("stays2.csv");
    let p = path.to_str().unwrap();
    let base = [
        "policy",
        p,
        "--admission",
        "admitted",
        "--release",
        "released",
        "--from",
        "2021-01-01",
        "--to",
        "2021-02-01",
        "--on",
        "2021-01-01",
    ];
    assert_eq!(run(&base).status.code(), Some(2));
    let mut a = base.to_vec();
    a[3] = "admission_date";
    a.extend(["--pretrial-cap", "10"]);
    let out = run(&a);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("admission_date"));
}

#[test]
fn policy_capacities_per_facility_give_each_prison_its_date_and_the_system_its_own() {
    let stays = file("stays3.csv");
    let caps = std::env::temp_dir().join(format!(
        "overcrowding-policy-caps-{}.csv",
        std::process::id()
    ));
    // A: 1 design place (2 held until 1 March), B: 5, C: a prison with no stays; D: only an
    // operational capacity (not the kind asked for: not covered).
    std::fs::write(
        &caps,
        "facility_id,date,capacity_kind,capacity,population\n\
         A,2020-12-31,design,1,3\nB,2020-12-31,design,5,2\nC,2020-12-31,design,9,0\n\
         D,2020-12-31,operational,4,0\nA,2020-12-31,operational,2,3\n",
    )
    .unwrap();
    let (s, c) = (stays.to_str().unwrap(), caps.to_str().unwrap());
    let mut args = policy_args(s);
    args.extend([
        "--on",
        "2021-01-15",
        "--pretrial-cap",
        "30",
        "--capacities",
        c,
        "--target",
        "100",
    ]);
    // Two kinds in the table and none named: a usage error that lists them.
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("design") && err.contains("operational"),
        "{err}"
    );

    let mut a = args.to_vec();
    a.extend(["--capacity-kind", "design"]);
    let out = run(&a);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &v["facilities_at_or_below"];
    // The library on the same stays and capacities.
    let cols = columns();
    let stays = read_stays(&stays, &cols).unwrap();
    let d = |s: &str| s.parse().unwrap();
    let run_ = Plan::new()
        .with_lever(Lever::PretrialCap {
            days: 30,
            timing: Timing::Retroactive(d("2021-01-15")),
        })
        .run(stays.stays(), d("2021-01-01"), d("2021-06-30"))
        .unwrap();
    let lib = run_
        .first_at_or_below(&[("A", 1), ("B", 5)], 100.0)
        .unwrap();
    assert_eq!(t["system"], serde_json::to_value(lib.system).unwrap());
    assert_eq!(
        t["facilities"],
        serde_json::to_value(&lib.facilities).unwrap()
    );
    assert!(lib.system.is_some());
    // A holds 1 in its 1 place on the first day; B is covered; C has no stays, D no design
    // capacity: neither is in the run's facilities.
    assert_eq!(t["facilities"][0][0], "A");
    assert_eq!(t["facilities"][0][1], "2021-01-01");
    assert_eq!(t["facilities"].as_array().unwrap().len(), 2);
    assert!(t["uncovered"].as_array().unwrap().is_empty());

    // --target without any capacity is a usage error.
    let bare: Vec<&str> = args
        .iter()
        .copied()
        .filter(|x| *x != c && *x != "--capacities")
        .collect();
    assert_eq!(run(&bare).status.code(), Some(2));
}

#[test]
fn policy_report_draws_both_curves_against_capacity_and_says_what_each_lever_assumes() {
    let stays = file("stays4.csv");
    let dir =
        std::env::temp_dir().join(format!("overcrowding-policy-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("policy.html");
    let s = stays.to_str().unwrap();
    let mut args = policy_args(s);
    args.extend([
        "--on",
        "2021-01-15",
        "--pretrial-cap",
        "30",
        "--capacity",
        "2",
        "--target",
        "100",
        "--report",
        page.to_str().unwrap(),
    ]);
    let out = run(&args);
    // Row 4 (released before admitted) is rejected: a partial answer, exit 3.
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    // The page's headline is the JSON's last period and first day at the target.
    let last = v["periods"].as_array().unwrap().last().unwrap();
    let held = last["policy"].as_u64().unwrap();
    assert!(
        html.contains(&format!(
            "<b>{held}</b><span>held on 2021-06-30 under the policy (baseline {})",
            last["baseline"]
        )),
        "{html}"
    );
    let first = v["first_at_or_below"].as_str().unwrap();
    assert!(html.contains(&format!(
        "<b>{first}</b><span>first day the system is at or below 100 %"
    )));
    // Both curves and the capacity line in the chart, the lever in words, the rejected row.
    let key = |k: &str| html.contains(&format!("\n{k}\n</text>"));
    assert!(html.contains("<svg") && key("baseline") && key("policy") && key("capacity 2"));
    assert!(html.contains(
        "pretrial detention capped at 30 days, from 2021-01-15 for the people held that day and later admissions"
    ));
    assert!(html.contains("A partial answer:</b> 1 of 7 stay rows were rejected"));
    assert!(html.contains("7 rows read: 5 stays accepted, 1 rejected, 1 skipped as blank."));
}

/// 40 stays in two classes and two jails: pretrial until a sentence date for some, released or
/// still held.
fn classed_stays() -> PathBuf {
    let mut s = String::from("admitted,released,status,sentenced_on,jail,charge\n");
    let d = |k: i64| {
        jiff::civil::date(2021, 1, 1)
            .checked_add(jiff::Span::new().days(k))
            .unwrap()
    };
    for i in 0..40i64 {
        let admitted = d(i * 4);
        let released = if i % 7 == 3 {
            String::new()
        } else {
            d(i * 4 + 20 + (i * 37) % 150).to_string()
        };
        let sentenced = if i % 3 == 0 {
            d(i * 4 + 10).to_string()
        } else {
            String::new()
        };
        let jail = if i % 2 == 0 { "A" } else { "B" };
        let charge = if i % 4 == 0 { "felony" } else { "misd" };
        s += &format!("{admitted},{released},pre,{sentenced},{jail},{charge}\n");
    }
    let dir = std::env::temp_dir().join(format!("overcrowding-policy-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("classed.csv");
    std::fs::write(&p, s).unwrap();
    p
}

fn classed_args(p: &str) -> Vec<&str> {
    // The layout of `STAYS` plus a class column, over the whole of 2021.
    let mut a = policy_args(p);
    let to = a.iter().position(|x| *x == "--to").unwrap();
    a[to + 1] = "2021-12-31";
    a.extend(["--class", "charge"]);
    a
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The library's run of `plan` over the classed stays, as the command line reads them.
fn classed_run(path: &std::path::Path, plan: &Plan) -> overcrowding::flow::policy::PolicyRun {
    let cols = StaysColumns::new("admitted", "released")
        .with_status("status", "pre")
        .with_sentenced("sentenced_on")
        .with_facility("jail")
        .with_class("charge");
    let stays = read_stays(path, &cols).unwrap();
    let d = |s: &str| s.parse().unwrap();
    plan.run(stays.stays(), d("2021-01-01"), d("2021-12-31"))
        .unwrap()
}

#[test]
fn policy_divert_and_surge_flags_run_the_library_levers_and_report_each_month() {
    use overcrowding::flow::{StayDistribution, Stream};
    let path = classed_stays();
    let p = path.to_str().unwrap();
    let d = |s: &str| s.parse().unwrap();

    // Every felony admission from 1 March never enters.
    let mut a = classed_args(p);
    a.extend([
        "--divert",
        "1",
        "--divert-class",
        "felony",
        "--divert-stream",
        "pretrial",
        "--on",
        "2021-03-01",
        "--every",
        "month",
    ]);
    let v = json(&a);
    let lib = classed_run(
        &path,
        &Plan::new().with_lever(Lever::Diversion {
            share: 1.0,
            from: d("2021-03-01"),
            class: Some("felony".into()),
            stream: Some(Stream::Pretrial),
        }),
    );
    // Felonies are i % 4 == 0; admitted from day 59 (1 March): i = 16, 20, …, 36.
    assert_eq!(v["levers"][0]["lever"], "diversion");
    assert_eq!(v["levers"][0]["changed"], 6);
    assert_eq!(v["person_days_saved"], lib.person_days().saved);
    assert!(lib.person_days().saved > 0);
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    for (row, m) in months.iter().zip(lib.months()) {
        assert_eq!(row["month_end"], m.month_end.to_string());
        assert_eq!(row["policy"], m.policy);
        assert_eq!(row["policy_releases"], m.policy_releases);
        assert_eq!(row["baseline_releases"], m.baseline_releases);
    }

    // Thirty extra admissions to jail B in June, sentenced, of a mean stay of one month.
    let mut a = classed_args(p);
    a.extend([
        "--surge",
        "30",
        "--surge-from",
        "2021-06-01",
        "--surge-to",
        "2021-06-30",
        "--surge-stay-months",
        "1",
        "--surge-facility",
        "B",
    ]);
    let v = json(&a);
    let lib = classed_run(
        &path,
        &Plan::new().with_lever(Lever::Surge {
            admissions: 30,
            from: d("2021-06-01"),
            to: d("2021-06-30"),
            stay: StayDistribution::Exponential { mean_months: 1.0 },
            pretrial: false,
            facility: "B".into(),
        }),
    );
    let added = lib.person_days().added;
    assert!(added > 0);
    assert_eq!(v["person_days_added"], added);
    assert_eq!(v["person_days_saved"], 0);
    assert_eq!(
        v["policy_person_days"].as_u64().unwrap(),
        v["baseline_person_days"].as_u64().unwrap() + added
    );
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 365);
    // Before June nothing changes; on 30 June the surge is held beside the baseline.
    assert_eq!(periods[150]["policy"], periods[150]["baseline"]);
    assert!(periods[180]["policy"].as_u64().unwrap() > periods[180]["baseline"].as_u64().unwrap());

    // A surge into a file with facilities must name its facility; a lever needs --on.
    let mut a = classed_args(p);
    a.extend([
        "--surge",
        "3",
        "--surge-from",
        "2021-06-01",
        "--surge-to",
        "2021-06-30",
        "--surge-stay-months",
        "1",
    ]);
    let out = run(&a);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--surge-facility"));
    let mut a = classed_args(p);
    a.extend(["--pretrial-cap", "30"]);
    let out = run(&a);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--pretrial-cap needs --on"));
}

#[test]
fn policy_solve_gives_the_mildest_cap_and_runs_the_plan_with_it() {
    use overcrowding::flow::policy::{Needed, pretrial_cap_needed};
    let path = classed_stays();
    let p = path.to_str().unwrap();
    let d = |s: &str| s.parse().unwrap();
    let cols = StaysColumns::new("admitted", "released")
        .with_status("status", "pre")
        .with_sentenced("sentenced_on")
        .with_facility("jail")
        .with_class("charge");
    let stays = read_stays(&path, &cols).unwrap();
    let timing = Timing::Retroactive(d("2021-03-01"));
    let baseline = classed_run(&path, &Plan::new());
    let on_by = |run: &overcrowding::flow::policy::PolicyRun| {
        run.daily()
            .iter()
            .find(|x| x.date == d("2021-09-30"))
            .unwrap()
            .policy
    };
    let held = on_by(&baseline);
    assert!(held >= 4, "{held}");
    // A capacity that half of those held on 30 September fill, at 100 %.
    let capacity = (held / 2).to_string();
    let mut a = classed_args(p);
    a.extend([
        "--on",
        "2021-03-01",
        "--solve",
        "pretrial-cap",
        "--by",
        "2021-09-30",
        "--capacity",
        &capacity,
        "--target",
        "100",
    ]);
    let v = json(&a);
    let lib = pretrial_cap_needed(
        stays.stays(),
        &Plan::new(),
        timing,
        held / 2,
        100.0,
        d("2021-09-30"),
    )
    .unwrap();
    let Needed::Days(days) = lib else {
        panic!("{lib:?}")
    };
    assert_eq!(v["solved"]["lever"], "pretrial_cap");
    assert_eq!(v["solved"]["needed"]["days"], days);
    assert_eq!(v["levers"][0]["lever"], "pretrial_cap");
    // The cap found meets the target on the date; one day longer does not.
    let with = |days| {
        classed_run(
            &path,
            &Plan::new().with_lever(Lever::PretrialCap { days, timing }),
        )
    };
    assert!(on_by(&with(days)) <= held / 2);
    assert!(on_by(&with(days + 1)) > held / 2);
    let row = v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["date"] == "2021-09-30")
        .unwrap();
    assert_eq!(row["policy"], on_by(&with(days)));
}

#[test]
fn policy_breakdown_splits_each_period_by_status_and_facility_and_the_parts_add_up() {
    use overcrowding::StatusGroup;
    let path = classed_stays();
    let p = path.to_str().unwrap();
    let mut a = classed_args(p);
    a.extend([
        "--pretrial-cap",
        "20",
        "--on",
        "2021-03-01",
        "--every",
        "month",
        "--breakdown",
        "status",
        "--breakdown",
        "facility",
    ]);
    let v = json(&a);
    let d = |s: &str| s.parse().unwrap();
    let lib = classed_run(
        &path,
        &Plan::new().with_lever(Lever::PretrialCap {
            days: 20,
            timing: Timing::Retroactive(d("2021-03-01")),
        }),
    );
    let days = lib.daily();
    for row in v["periods"].as_array().unwrap() {
        let t = days
            .iter()
            .position(|x| x.date.to_string() == row["date"].as_str().unwrap())
            .unwrap();
        for split in ["by_status", "by_facility"] {
            let parts = row[split].as_array().unwrap();
            let sum = |f: &str| parts.iter().map(|x| x[f].as_u64().unwrap()).sum::<u64>();
            // No recalls: the parts add up to the period's figures.
            assert_eq!(
                sum("baseline"),
                row["baseline"].as_u64().unwrap(),
                "{split}"
            );
            assert_eq!(sum("policy"), row["policy"].as_u64().unwrap(), "{split}");
        }
        let part = |split: &str, name: &str| {
            row[split]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["part"] == name)
                .cloned()
        };
        let untried = part("by_status", "untried").unwrap();
        assert_eq!(
            untried["policy"],
            lib.policy_status(Some(StatusGroup::Untried))[t]
        );
        assert_eq!(
            part("by_facility", "B").unwrap()["baseline"],
            lib.baseline().facility("B")[t]
        );
    }
    // At the end of the year the cap holds fewer untried than the baseline.
    let last = v["periods"].as_array().unwrap().last().unwrap().clone();
    let untried = last["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["part"] == "untried")
        .unwrap()
        .clone();
    assert!(untried["policy"].as_u64().unwrap() < untried["baseline"].as_u64().unwrap());
}
