//! The reader's options for files as published, as command-line flags: ids from several
//! columns, a file without an id column, year dates, totals rows, unusable capacities.

use serde_json::Value;

use super::cli_run::exits;

fn file(name: &str, text: &str) -> String {
    super::cli_run::file("country", name, text)
}

const BULLETIN: &str = "Istituto,Tipo istituto,Data,Detenuti,Posti\n\
    Roma Rebibbia,CC,2024-10-31,1520,1170\n\
    Roma Rebibbia,CR,2024-10-31,380,420\n\
    Asti,CR,2024-10-31,281,200\n\
    Totale,,2024-10-31,2181,1790\n";

#[test]
fn an_id_of_two_columns_tells_apart_institutes_of_one_name() {
    let p = file("bulletin.csv", BULLETIN);
    let base = [
        "summarize",
        p.as_str(),
        "--date",
        "Data",
        "--population",
        "Detenuti",
        "--capacity",
        "official=Posti",
    ];
    // One column: the second Rebibbia is refused as a non-unique id, with the hint.
    let mut one = base.to_vec();
    one.extend(["--id", "Istituto", "--format", "json"]);
    let (out, err) = exits(3, &one);
    assert!(err.contains("is not unique"), "{err}");
    assert!(
        err.contains("1 id names several facilities on one date (\"Roma Rebibbia\")")
            && err.contains("e.g. --id \"Istituto\" --id COL"),
        "{err}"
    );
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["population"], 1801);
    assert_eq!(rows[0]["input"]["people_in_rejected_rows"], 380);
    // Two columns: every institute, the totals row skipped and counted.
    let mut two = base.to_vec();
    two.extend([
        "--id",
        "Istituto",
        "--id",
        "Tipo istituto",
        "--format",
        "json",
    ]);
    let (out, err) = exits(0, &two);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["population"], 2181); // = the file's own total
    assert_eq!(rows[0]["capacity"], 1790);
    assert_eq!(rows[0]["facilities"], 3);
    assert_eq!(rows[0]["input"]["rows_skipped"], 1);
    assert!(
        err.contains("1 row skipped, not counted: 1 × a totals row"),
        "{err}"
    );
}

#[test]
fn a_national_series_by_year_is_one_unit_with_its_dates_said() {
    let mut csv = String::from("year,population\n");
    for (i, y) in (2000..2024).enumerate() {
        csv.push_str(&format!(
            "{y},{}\n",
            50_000 + 900 * i as u64 + (i as u64 * 37 % 11) * 40
        ));
    }
    let p = file("national.csv", &csv);
    let flags = |day: &'static str| {
        vec![
            "forecast",
            p.as_str(),
            "--unit",
            "Italia",
            "--date",
            "year",
            "--frequency",
            "yearly",
            "--horizon",
            "2",
            "--period-day",
            day,
            "--format",
            "json",
        ]
    };
    let (out, err) = exits(0, &flags("mid"));
    assert!(err.contains("dated by year"), "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["period"], "2024");
    let method = rows[0]["method"].as_str().unwrap();
    assert!(method.contains("dates: 24 rows dated by year"), "{method}");
    // Without --period-day the day is assumed, and said so.
    let mut plain = flags("end");
    plain.retain(|a| *a != "--period-day" && *a != "end");
    let (_, err) = exits(0, &plain);
    assert!(err.contains("assumed"), "{err}");
    // Without an id column and without --unit: a usage error that names both ways.
    let (_, err) = exits(2, &["summarize", p.as_str(), "--date", "year"]);
    assert!(
        err.contains("--id COL") && err.contains("--unit NAME"),
        "{err}"
    );
}

#[test]
fn a_zero_capacity_of_one_kind_keeps_the_row() {
    let p = file(
        "zero.csv",
        "facility_id,date,population,official,design\nA,2024-10-31,51,0,40\nB,2024-10-31,98,98,90\n",
    );
    let (out, err) = exits(
        0,
        &[
            "summarize",
            p.as_str(),
            "--capacity",
            "official=official",
            "--capacity",
            "design=design",
            "--kind",
            "design",
        ],
    );
    assert!(out.contains("1 value left out as not reported"), "{out}");
    assert!(err.contains("left out as not reported"), "{err}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("population ") && l.ends_with(" 149")),
        "{out}"
    );
}

#[test]
fn averages_are_read_rounded_by_the_rule_named_and_so_are_the_rejected_rows_people() {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/jail_adp.csv");
    let flags = |how: Option<&'static str>| {
        let mut f = vec![
            "summarize",
            p,
            "--id",
            "state",
            "--date",
            "year",
            "--population",
            "total_jail_pop",
            "--capacity",
            "rated=jail_rated_capacity",
            "--format",
            "json",
        ];
        if let Some(how) = how {
            f.extend(["--fractional-counts", how]);
        }
        f
    };
    // By default the averages are rejected, and the message offers the flag.
    let (out, err) = exits(3, &flags(None));
    assert!(
        err.contains("4 rows were rejected for a count with decimals")
            && err.contains("--fractional-counts round:RULE"),
        "{err}"
    );
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["population"], 300);
    // Half to even: 7,947 + 140 + 142 + 10 + 300; the row with a bad year held 12.5 → 12.
    let (out, err) = exits(3, &flags(Some("round:half-to-even")));
    assert!(
        err.contains("4 counts with decimals rounded to whole counts (half-to-even"),
        "{err}"
    );
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["population"], 8_539);
    assert_eq!(rows[0]["input"]["values_rounded"], 4);
    assert_eq!(rows[0]["input"]["rows_rejected"], 1);
    assert_eq!(rows[0]["input"]["people_in_rejected_rows"], 12);
    // `round` is half away from zero: 140.5 → 141, 12.5 → 13.
    let (out, _) = exits(3, &flags(Some("round")));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["population"], 8_540);
    assert_eq!(rows[0]["input"]["people_in_rejected_rows"], 13);
    // A rule that does not exist is a usage error naming the rules.
    let (_, err) = exits(2, &flags(Some("round:bankers")));
    assert!(err.contains("half-to-even"), "{err}");
}

#[test]
fn skipped_rows_are_counted_by_reason_in_every_format() {
    let p = file(
        "skips.csv",
        "facility_id,date,population,design\nA,2024-06-30,10,12\n\nInsgesamt,2024-06-30,10,12\nfacility_id,date,population,design\nSource: ministry,,,\nTotaal,2024-06-30,10,12\n",
    );
    let p = p.as_str();
    let flags = |format: &'static str| {
        [
            "summarize",
            p,
            "--capacity",
            "design=design",
            "--format",
            format,
        ]
    };
    let (out, _) = exits(0, &flags("json"));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let by = &rows[0]["input"]["rows_skipped_by_reason"];
    assert_eq!(
        (
            by["blank"].as_u64(),
            by["notes"].as_u64(),
            by["totals"].as_u64(),
            by["repeated_header"].as_u64()
        ),
        (Some(1), Some(1), Some(2), Some(1))
    );
    assert_eq!(rows[0]["input"]["rows_skipped"], 5);
    let (out, _) = exits(0, &flags("csv"));
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("input_rows_skipped_by_reason_totals"),
        "{out}"
    );
    let (out, _) = exits(0, &flags("table"));
    assert!(
        out.contains("5 skipped (2 totals rows, 1 blank line, 1 notes line, 1 repeated header)"),
        "{out}"
    );
}
