//! The command line on files of its own making: a partial answer carries the people its
//! rejected rows held in every format of every subcommand; no accepted row is bad input.

use std::path::PathBuf;

use serde_json::Value;

use super::cli_run::exits;

fn tmp(name: &str) -> PathBuf {
    super::cli_run::tmp("partial", name)
}

/// 40 months of three institutes; in the last month a second "Roma Rebibbia" (another
/// institute of the same name) conflicts with the first (1,069 held), and one row has a
/// population that is not a count (its people unknown).
fn monthly_with_conflicts() -> PathBuf {
    let mut csv = String::from("facility_id,date,capacity_kind,capacity,population\n");
    for m in 0..40 {
        let d = jiff::civil::date(2021 + (m / 12) as i16, 1 + (m % 12) as i8, 1).last_of_month();
        for (id, cap, pop) in [
            ("Roma Rebibbia", 1_200, 1_300),
            ("Asti", 200, 270),
            ("Vallo", 40, 60),
        ] {
            csv.push_str(&format!("{id},{d},official,{cap},{}\n", pop + (m * 7) % 11));
        }
        if m == 39 {
            csv.push_str(&format!("Roma Rebibbia,{d},official,340,1069\n"));
            csv.push_str(&format!("Vallo,{d},official,40,sixty\n"));
        }
    }
    let p = tmp("monthly_conflicts.csv");
    std::fs::write(&p, csv).unwrap();
    p
}

#[test]
fn every_format_of_every_subcommand_carries_the_people_in_rejected_rows() {
    let file = monthly_with_conflicts();
    let f = file.to_str().unwrap();
    let report = tmp("partial.html");
    let commands: Vec<Vec<&str>> = vec![
        vec!["summarize", f],
        vec!["releases", f, "--target", "100"],
        vec!["screen", f],
        vec!["forecast", f, "--horizon", "3"],
    ];
    for cmd in &commands {
        let mut a = cmd.clone();
        a.extend(["--format", "json"]);
        let (out, err) = exits(3, &a);
        assert!(
            err.contains(
                "2 rows rejected, holding at least 1,069 people (1 row's population unknown)"
            ),
            "{cmd:?}: {err}"
        );
        let rows: Value = serde_json::from_str(&out).unwrap();
        let rows = rows.as_array().unwrap();
        assert!(!rows.is_empty(), "{cmd:?}");
        for r in rows {
            let i = &r["input"];
            assert_eq!(i["rows_read"], 122, "{cmd:?}: {r}");
            assert_eq!(i["rows_rejected"], 2);
            assert_eq!(i["people_in_rejected_rows"], 1069);
            assert_eq!(i["rejected_rows_population_unknown"], 1);
        }
        let mut a = cmd.clone();
        a.extend(["--format", "csv"]);
        let (csv, _) = exits(3, &a);
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = header
            .iter()
            .position(|h| *h == "input_people_in_rejected_rows")
            .unwrap_or_else(|| panic!("{cmd:?}: {header:?}"));
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(
                cells[cells.len() - header.len() + col],
                "1069",
                "{cmd:?}: {line}"
            );
        }
        let (table, _) = exits(3, cmd);
        let last = table.trim_end().lines().last().unwrap();
        assert_eq!(
            last,
            "warning: a partial answer: 2 rows were rejected, holding at least 1,069 people \
             (1 row's population unknown), and left out of these figures (see standard error; \
             list them with --rejects PATH)",
            "{cmd:?}"
        );
    }
    let (_, err) = exits(3, &["report", f, "--out", report.to_str().unwrap()]);
    assert!(err.contains("holding at least 1,069 people"), "{err}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("2 of 122 data rows were rejected, holding at least 1,069 people"),
        "report"
    );
}

#[test]
fn a_clean_run_says_no_one_was_left_out() {
    let (out, _) = exits(
        0,
        &["summarize", "--dataset", "cambodia", "--format", "json"],
    );
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["input"]["people_in_rejected_rows"], 0);
    assert_eq!(rows[0]["input"]["rejected_rows_population_unknown"], 0);
}

#[test]
fn no_accepted_row_is_bad_input_and_says_why() {
    // Every row rejected for its date; their populations are known.
    let p = tmp("all_bad_dates.csv");
    std::fs::write(
        &p,
        "facility_id,date,capacity_kind,capacity,population\nA,2022-13-31,design,100,120\nB,2022-02-30,design,90,30\n",
    )
    .unwrap();
    for cmd in ["summarize", "screen", "report"] {
        let mut a = vec![cmd, p.to_str().unwrap()];
        let out = tmp("never.html");
        if cmd == "report" {
            a.extend(["--out", out.to_str().unwrap()]);
        }
        let (_, err) = exits(1, &a);
        assert!(
            err.contains("every data row was rejected (2 rows, holding 150 people): there is nothing to answer from. The first reject:"),
            "{cmd}: {err}"
        );
        assert!(err.contains("\"2022-13-31\""), "{err}");
        assert!(!err.contains("lists no capacity"), "{err}");
    }
    // Nothing rejected, nothing accepted: only a totals row.
    let p = tmp("only_totals.csv");
    std::fs::write(
        &p,
        "facility_id,date,capacity_kind,capacity,population\nTotal,2022-12-31,design,100,120\n",
    )
    .unwrap();
    let (_, err) = exits(1, &["summarize", p.to_str().unwrap()]);
    assert!(
        err.contains("no data row was accepted: 1 row skipped (1: a totals row)"),
        "{err}"
    );
    // A header without data rows.
    let p = tmp("header_only.csv");
    std::fs::write(&p, "facility_id,date,population\n").unwrap();
    let (_, err) = exits(1, &["summarize", p.to_str().unwrap()]);
    assert!(err.contains("the file has no data rows"), "{err}");
}
