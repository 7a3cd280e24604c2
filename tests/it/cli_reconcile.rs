//! `forecast --by COL`: the groups' forecasts reconciled with their system's, with capacity
//! and the chances over it (issue 22 §4).

use super::cli_run::{exits, file};
use serde_json::Value;

/// Four prisons in two regions, 48 months; the north over its capacity, the south not.
fn regions() -> String {
    let mut csv = String::from("facility_id,date,population,capacity_kind,capacity,region\n");
    for m in 0..48u32 {
        let (y, mo) = (2020 + m / 12, m % 12 + 1);
        let date = format!("{y}-{mo:02}-28");
        for (id, region, pop, cap) in [
            ("N1", "north", 400 + 2 * m + m % 3 * 5, 420),
            ("N2", "north", 260 + m % 4 * 3, 250),
            ("S1", "south", 700 - m + m % 2 * 8, 800),
            ("S2", "south", 150 + m % 5, 200),
        ] {
            csv += &format!("{id},{date},{pop},design,{cap},{region}\n");
        }
    }
    csv
}

/// `forecast --by region` on `path`, six months ahead, as JSON rows; `reconcile` adds
/// `--reconcile METHOD` (without it, the default).
fn by_region(path: &str, reconcile: Option<&str>) -> Vec<Value> {
    let mut args = vec![
        "forecast",
        path,
        "--by",
        "region",
        "--kind",
        "design",
        "--horizon",
        "6",
        "--format",
        "json",
    ];
    if let Some(method) = reconcile {
        args.extend(["--reconcile", method]);
    }
    let (out, _) = exits(0, &args);
    serde_json::from_str::<Vec<Value>>(&out).unwrap()
}

/// `forecast --by-facility --kind design --horizon 3` on the file at `path`, which must exit
/// with `code`: the JSON rows and standard error.
fn by_facility(path: &str, code: i32) -> (Vec<Value>, String) {
    let args = [
        "forecast",
        path,
        "--by-facility",
        "--kind",
        "design",
        "--horizon",
        "3",
        "--format",
        "json",
    ];
    let (out, err) = exits(code, &args);
    (serde_json::from_str(&out).unwrap(), err)
}

#[test]
fn by_group_the_forecasts_add_up_to_the_system_with_chances_over_capacity() {
    let path = file("reconcile", "regions.csv", &regions());
    let rows = by_region(&path, None);
    // Six periods for each region and six for the system, after them.
    assert_eq!(rows.len(), 18);
    let of = |g: &str| -> Vec<&Value> { rows.iter().filter(|r| r["group"] == g).collect() };
    let (north, south, all) = (of("north"), of("south"), of("all"));
    assert_eq!((north.len(), south.len(), all.len()), (6, 6, 6));
    assert_eq!(all[0]["level"], "system");
    assert_eq!(north[0]["level"], "group");
    assert_eq!(all[0]["period"], "2024-01");
    // Capacities: the groups' and the system's design places on the last date.
    assert_eq!(north[0]["capacity"].as_u64(), Some(670));
    assert_eq!(all[0]["capacity"].as_u64(), Some(1_670));
    let n = |r: &Value, k: &str| r[k].as_f64().unwrap();
    for k in 0..6 {
        // The reconciled medians are medians of coherent paths: they need not add up
        // exactly, but the sum stays within a few people of the system's.
        let parts = n(north[k], "reconciled_median") + n(south[k], "reconciled_median");
        assert!((n(all[k], "reconciled_median") - parts).abs() < 20.0, "{k}");
        for r in [north[k], south[k], all[k]] {
            assert!(n(r, "reconciled_lower_95") <= n(r, "reconciled_lower_80"));
            assert!(n(r, "reconciled_lower_80") <= n(r, "reconciled_median"));
            assert!(n(r, "reconciled_median") <= n(r, "reconciled_upper_80"));
            assert!(n(r, "reconciled_upper_80") <= n(r, "reconciled_upper_95"));
            assert!(
                r["reconciliation"]
                    .as_str()
                    .unwrap()
                    .starts_with("MinT-shrink over 2 groups")
            );
        }
    }
    // The north holds ~760 on 670 places: over capacity in nearly every path; the south
    // (~830 on 1,000) in almost none.
    assert!(n(north[5], "reconciled_share_above_capacity") > 0.95);
    assert!(n(south[5], "reconciled_share_reached_capacity") < 0.05);
    // The existing fields are the groups' own forecasts, as without reconciliation.
    let plain = by_region(&path, Some("none"));
    assert_eq!(plain.len(), 12);
    assert_eq!(plain[0]["median"], north[0]["median"]);
    assert!(plain[0]["reconciled_median"].is_null());
    // Bottom-up: the system's reconciled mean path is the groups' sum.
    let bu = by_region(&path, Some("bottom-up"));
    let rec = bu.iter().find(|r| r["group"] == "all").unwrap();
    assert!(
        rec["reconciliation"]
            .as_str()
            .unwrap()
            .starts_with("bottom-up")
    );
}

#[test]
fn by_facility_each_prison_adds_up_to_the_system_and_the_report_ranks_them() {
    let path = file("reconcile", "facilities.csv", &regions());
    let (rows, _) = by_facility(&path, 0);
    // Four prisons and their system, three months each.
    assert_eq!(rows.len(), 15);
    let of = |g: &str| -> Vec<&Value> { rows.iter().filter(|r| r["group"] == g).collect() };
    let (n2, all) = (of("N2"), of("all"));
    assert_eq!((n2.len(), all.len()), (3, 3));
    assert_eq!(n2[0]["level"], "facility");
    assert_eq!(all[0]["level"], "system");
    assert_eq!(n2[0]["capacity"].as_u64(), Some(250));
    assert_eq!(all[0]["capacity"].as_u64(), Some(1_670));
    assert!(
        all[0]["reconciliation"]
            .as_str()
            .unwrap()
            .starts_with("MinT-shrink over 4 facilities")
    );
    // N2 holds about 265 in 250 places: over in nearly every reconciled path.
    assert!(n2[2]["reconciled_share_above_capacity"].as_f64().unwrap() > 0.9);
    // --by and --by-facility are two answers to one question: refused together.
    let (_, err) = exits(
        2,
        &[
            "forecast",
            &path,
            "--by-facility",
            "--by",
            "region",
            "--horizon",
            "3",
        ],
    );
    assert!(err.contains("--by"), "{err}");

    // The report: each facility's outlook, the most likely over capacity first.
    let html = format!("{path}.html");
    exits(0, &["report", &path, "--kind", "design", "--out", &html]);
    let page = std::fs::read_to_string(&html).unwrap();
    let table = &page[page.find("Each facility's outlook").unwrap()..];
    let rank = |id: &str| table.find(&format!("<td>{id}</td>")).unwrap();
    assert!(table.contains("<b>system (4 facilities)</b>"));
    // N1 and N2 are over capacity, S1 and S2 well under.
    assert!(rank("N1").max(rank("N2")) < rank("S1").min(rank("S2")));
}

#[test]
fn a_prison_left_out_of_the_system_is_named_and_a_reporting_one_makes_it_partial() {
    // The four prisons, plus O (closed after 2021: not in today's system) and Y (opened
    // in 2023, holding 300: too short a run to forecast, but its people are there).
    let mut csv = regions();
    for m in 0..24u32 {
        let (y, mo) = (2020 + m / 12, m % 12 + 1);
        csv += &format!("O,{y}-{mo:02}-28,90,design,100,south\n");
    }
    // The system's first row's count and reconciliation text, with the rows and stderr.
    let run = |name: &str, csv: &str, code: i32| -> (Vec<Value>, Value, String, String) {
        let (rows, err) = by_facility(&file("reconcile", name, csv), code);
        let system = rows.iter().find(|r| r["level"] == "system").unwrap();
        let (count, how) = (
            system["units_left_out"].clone(),
            system["reconciliation"].as_str().unwrap().to_string(),
        );
        (rows, count, how, err)
    };
    let (_, count, how, err) = run("closed.csv", &csv, 0);
    assert_eq!(count, 1);
    assert!(
        how.contains("the system leaves out O (no report in the last period; last 2021-12: 90)"),
        "{how}"
    );
    assert!(err.contains("leaves out O"), "{err}");
    // A prison that still reports and is left out: the answer is partial (exit 3), and
    // the output says who and why.
    for m in 36..48u32 {
        let (y, mo) = (2020 + m / 12, m % 12 + 1);
        csv += &format!("Y,{y}-{mo:02}-28,300,design,320,north\n");
    }
    let (rows, count, how, err) = run("opened.csv", &csv, 3);
    assert_eq!(count, 2);
    assert!(
        how.contains("Y (12 periods since its last gap, 24 needed; last 2023-12: 300)"),
        "{how}"
    );
    assert!(err.contains("facility Y: no forecast"), "{err}");
    // Rows of a unit and of no reconciliation carry no count.
    assert!(
        rows.iter()
            .filter(|r| r["level"] == "facility")
            .all(|r| r["units_left_out"].is_null())
    );
    // The report's outlook is the same answer: partial on its system line, Y named with
    // its last report, exit 3; O (closed) is named but does not make it partial.
    let path = file("reconcile", "opened_report.csv", &csv);
    let html = format!("{path}.html");
    let (_, err) = exits(3, &["report", &path, "--kind", "design", "--out", &html]);
    assert!(
        err.contains("leaves out Y (12 periods since its last gap"),
        "{err}"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<b>system (4 facilities; partial: 1 reporting facility left out)</b>"),
        "{}",
        &page[page.find("Each facility's outlook").unwrap()..]
    );
    assert!(page.contains(
        "Partial: the system&#39;s figures leave out 1 facility that still reports: Y (12 \
         periods since its last gap, 24 needed; last 2023-12: 300)."
    ));
    assert!(page.contains(
        "Not in today&#39;s system (1): O (no report in the last period; last 2021-12: 90)."
    ));
}

#[test]
fn no_unit_with_a_forecast_is_no_answer_not_a_partial_one() {
    // Two prisons with three months each: neither has a run long enough to forecast. That
    // is bad input (exit 1) that says why, as the system total's failure does — not a
    // partial answer with no rows (it was exit 3 and an empty table).
    let mut csv = String::from("facility_id,date,population,capacity_kind,capacity\n");
    for m in 1..=3 {
        csv += &format!("A,2024-{m:02}-28,90,design,100\nB,2024-{m:02}-28,50,design,60\n");
    }
    let path = file("reconcile", "short.csv", &csv);
    let (out, err) = exits(1, &["forecast", &path, "--horizon", "3", "--by-facility"]);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "none of the 2 facilities has a forecast (each is named above); the first, A: \
             series length 3"
        ),
        "{err}"
    );
    assert!(err.contains("facility B: no forecast"), "{err}");
    let one: String = csv
        .lines()
        .filter(|l| !l.starts_with('B'))
        .collect::<Vec<_>>()
        .join("\n");
    let path = file("reconcile", "short_one.csv", &one);
    let (_, err) = exits(1, &["forecast", &path, "--horizon", "3", "--by-facility"]);
    assert!(
        err.contains("its one facility, A, has no forecast: series length 3"),
        "{err}"
    );
    // The BJS table is one date: no state has a series to forecast.
    let (_, err) = exits(
        1,
        &[
            "forecast",
            "--dataset",
            "bjs",
            "--horizon",
            "12",
            "--by-facility",
        ],
    );
    assert!(
        err.contains(
            "none of the 51 facilities has a forecast (each is named above); the first, \
             Alabama: series length 1"
        ),
        "{err}"
    );
}
