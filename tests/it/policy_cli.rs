//! `overcrowding policy` run as a user would: JSON against the library's own run, the
//! reject of a release before its admission, still-held stays, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

use overcrowding::flow::policy::{Lever, Plan, StaysColumns, Timing, read_stays};
use serde_json::Value;

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

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_overcrowding"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

#[test]
fn policy_json_matches_the_library_and_accounts_for_every_row() {
    let path = file("stays.csv");
    let p = path.to_str().unwrap();
    let out = run(&[
        "policy",
        p,
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
        "--every",
        "month",
        "--pretrial-cap",
        "30",
        "--on",
        "2021-01-15",
        "--format",
        "json",
    ]);
    // A row was rejected: a partial answer (exit 3), every row accounted for.
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 5: release date 2021-01-01 is before admission date 2021-02-10"),
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

    let cols = StaysColumns::new("admitted", "released")
        .with_status("status", "pre")
        .with_sentenced("sentenced_on")
        .with_facility("jail")
        .with_missing("NA");
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
