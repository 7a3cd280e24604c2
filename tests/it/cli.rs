//! The `overcrowding` binary, run as a user would: every subcommand on a bundled dataset and
//! on a messy file, JSON checked against the library's own numbers, exit codes, the report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use overcrowding::CapacityKind;
use overcrowding::io::{ReadMode, TableReader};
use overcrowding::system::{
    Lacks, SummaryOptions, SystemSummary, summarize_panel, summarize_panel_groups,
};
use serde_json::Value;

const MESSY: &str = "tests/data/us_facilities_messy.csv";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_overcrowding"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// Runs and checks the exit code: 0 a complete answer, 3 a partial one (rows rejected).
fn exits(code: i32, args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ok(args: &[&str]) -> String {
    exits(0, args)
}

/// A run on a file with rejected rows: a partial answer, exit 3.
fn partial(args: &[&str]) -> String {
    exits(3, args)
}

fn json_exits(code: i32, args: &[&str]) -> Vec<Value> {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    serde_json::from_str::<Value>(&exits(code, &a))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn json(args: &[&str]) -> Vec<Value> {
    json_exits(0, args)
}

fn json_partial(args: &[&str]) -> Vec<Value> {
    json_exits(3, args)
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("overcrowding-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// Every documented field of a JSON row equals the library's figure (null where it has none).
fn assert_row_matches(row: &Value, s: &SystemSummary) {
    let sys = s.system.as_ref();
    let num = |k: &str| row[k].as_u64().map(u128::from);
    let pct = |k: &str| row[k].as_f64();
    assert_eq!(row["kind"], s.kind.name());
    assert_eq!(
        row["facilities"].as_u64(),
        Some(s.coverage.facilities as u64)
    );
    assert_eq!(
        row["covered_facilities"].as_u64(),
        Some(s.coverage.covered as u64)
    );
    assert_eq!(num("population"), sys.map(|x| x.population));
    assert_eq!(num("capacity"), sys.map(|x| x.capacity));
    assert_eq!(
        pct("occupancy_percent"),
        sys.map(|x| x.ratio.percent_rounded(1))
    );
    assert_eq!(num("surplus"), sys.map(|x| x.surplus));
    assert_eq!(
        num("over_capacity_facilities"),
        sys.map(|x| x.overcrowded_facilities as u128)
    );
    assert_eq!(
        num("people_in_over_capacity"),
        sys.map(|x| x.people_in_overcrowded)
    );
    assert_eq!(
        pct("median_prisoner_occupancy_percent"),
        s.population_weighted
            .as_ref()
            .map(|d| d.median.percent_rounded(1))
    );
    let lacks = |l: Lacks| s.coverage.missing.iter().filter(|m| m.lacks == l).count() as u64;
    assert_eq!(
        row["lacks"]["population"].as_u64(),
        Some(lacks(Lacks::Population))
    );
    assert_eq!(
        row["lacks"]["capacity"].as_u64(),
        Some(lacks(Lacks::Capacity))
    );
    if sys.is_none() {
        assert!(row["occupancy_percent"].is_null() && row["population"].is_null());
    }
}

#[test]
fn summarize_bundled_hmpps_matches_the_library() {
    let rows = json(&["summarize", "--dataset", "hmpps", "--kind", "in_use_cna"]);
    let panel = overcrowding::datasets::hmpps_bulletin()
        .unwrap()
        .to_panel()
        .unwrap();
    let last = panel.latest_date().unwrap();
    let lib = summarize_panel(
        panel.view().filter(|r| r.date() == last),
        &SummaryOptions::new(CapacityKind::InUseCna),
    )
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["group"], "all");
    assert_eq!(rows[0]["date"], last.to_string());
    assert_row_matches(&rows[0], &lib[0].summary);
    // The table a newcomer sees: aligned, thousands separators.
    let table = ok(&["summarize", "--dataset", "hmpps", "--kind", "in_use_cna"]);
    assert!(table.contains("occupancy_percent"), "{table}");
    assert!(table.contains(&overcrowding_thousands(
        lib[0].summary.system.as_ref().unwrap().population
    )));
}

fn overcrowding_thousands(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[test]
fn summarize_messy_by_state_matches_summarize_panel_groups_exactly() {
    let rows = json_partial(&["summarize", MESSY, "--by", "State", "--threshold", "120"]);
    let read = TableReader::new()
        .group_column("State")
        .mode(ReadMode::Lenient)
        .read_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(MESSY))
        .unwrap();
    assert_eq!(read.rejects().len(), 2); // "1.5e3" and 2024-06-31; NA, "" and "-" are not reported
    let panel = read.panel();
    let opts = SummaryOptions::new(CapacityKind::Design)
        .with_threshold(overcrowding::Threshold::above("above 120 %", 120.0).unwrap());
    let groups = summarize_panel_groups(panel, "State", &opts).unwrap();
    let by_state: Vec<&Value> = rows.iter().filter(|r| r["group"] != "all").collect();
    assert_eq!(by_state.len(), groups.len());
    for (row, g) in by_state.iter().zip(&groups) {
        assert_eq!(row["group"].as_str(), g.group.as_deref());
        assert_eq!(row["date"], g.date.to_string());
        assert_row_matches(row, &g.summary);
        assert_eq!(
            row["thresholds"]["above_120"]["facilities"].as_u64(),
            Some(g.summary.thresholds[0].facilities as u64)
        );
    }
    let al = by_state.iter().find(|r| r["group"] == "AL").unwrap();
    assert_eq!(al["occupancy_percent"].as_f64(), Some(129.3)); // 2,469 / 1,909
    // The system row is the library's system summary.
    let sys = summarize_panel(panel, &opts).unwrap();
    assert_eq!(rows[0]["lacks"]["population"].as_u64(), Some(4)); // NA, "", NA, "-"
    assert_row_matches(&rows[0], &sys[0].summary);
    // CSV: the same figures, flat.
    let csv = partial(&["summarize", MESSY, "--by", "State", "--format", "csv"]);
    assert!(csv.starts_with("group,date,kind,facilities,covered_facilities,population,capacity,occupancy_percent,surplus,over_capacity_facilities,people_in_over_capacity,median_prisoner_occupancy_percent"), "{csv}");
    assert!(
        csv.contains("AL,2024-06-30,design,3,2,2469,1909,129.3,560,"),
        "{csv}"
    );
}

#[test]
fn rejects_are_summarised_and_listed() {
    let path = tmp("rejects.csv");
    let out = run(&["summarize", MESSY, "--rejects", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3)); // a partial answer
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 rows rejected"), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rdr.headers().unwrap(), vec!["line", "reason", "raw"]);
    let recs: Vec<_> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(&recs[0][0], "18");
    assert!(recs[0][1].contains("\"1.5e3\""), "{:?}", &recs[0][1]);
    assert!(recs[0][2].starts_with("FL-01,"));
    assert!(recs[1][1].contains("line 19") && recs[1][1].contains("\"2024-06-31\""));
}

#[test]
fn bad_input_exits_1_naming_file_line_column_value() {
    let out = run(&["summarize", "tests/data/bad_population.csv", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for part in ["bad_population.csv", "line 3", "\"population\"", "\"-3\""] {
        assert!(err.contains(part), "{part} missing from {err}");
    }
    let out = run(&["summarize", "tests/data/does_not_exist.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does_not_exist.csv"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["summarize", "--bogus"]).status.code(), Some(2));
    assert_eq!(run(&["summarize"]).status.code(), Some(2)); // no FILE, no --dataset
    assert_eq!(
        run(&["releases", "--dataset", "cambodia"]).status.code(),
        Some(2)
    ); // no --target
    // Several capacity kinds and no --kind: an error that lists them, never a silent choice.
    let out = run(&["summarize", "--dataset", "hmpps"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in_use_cna") && err.contains("operational"),
        "{err}"
    );
    assert_eq!(
        run(&[
            "summarize",
            "--dataset",
            "bjs",
            "--kind",
            "operational",
            "--by",
            "Nope"
        ])
        .status
        .code(),
        Some(2)
    );
    assert!(run(&["summarize", "--help"]).status.success());
    let help = ok(&["summarize", "--help"]);
    assert!(help.contains("median_prisoner_occupancy_percent"), "{help}");
}

#[test]
fn reader_flags_name_the_columns() {
    let input = tmp("semicolon.csv");
    std::fs::write(
        &input,
        "Prison;Region;Held;Places;Official\nA;North;150;100;-999\nB;North;-999;100;90\nC;South;80;100;NA\n",
    )
    .unwrap();
    let p = input.to_str().unwrap();
    let flags = [
        "summarize",
        p,
        "--delimiter",
        ";",
        "--id",
        "Prison",
        "--population",
        "Held",
        "--capacity",
        "design=Places",
        "--capacity",
        "official=Official",
        "--missing",
        "-999",
        "--as-of",
        "2024-06-30",
        "--by",
        "Region",
        "--kind",
        "design",
    ];
    let rows = json(&flags);
    let north = rows.iter().find(|r| r["group"] == "North").unwrap();
    assert_eq!(north["covered_facilities"].as_u64(), Some(1)); // B's -999 is not reported
    assert_eq!(north["occupancy_percent"].as_f64(), Some(150.0));
    assert_eq!(rows[0]["date"], "2024-06-30");
    // Two kinds and no --kind: an error naming both.
    let out = run(&flags[..flags.len() - 2]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("design") && err.contains("official"), "{err}");
}

#[test]
fn all_dates_and_one_date() {
    let rows = json(&[
        "summarize",
        "--dataset",
        "cdcr",
        "--kind",
        "design",
        "--all-dates",
    ]);
    assert_eq!(
        rows.len(),
        overcrowding::datasets::cdcr_tpop1()
            .unwrap()
            .to_panel()
            .unwrap()
            .dates()
            .len()
    );
    let one = json(&[
        "summarize",
        "--dataset",
        "cdcr",
        "--kind",
        "design",
        "--on",
        "2021-01-31",
    ]);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["capacity"].as_u64(), Some(88_773)); // the library's own doc figure
    // --date names a column only: a date there is a usage error that points to --on.
    let out = run(&[
        "summarize",
        "--dataset",
        "cdcr",
        "--kind",
        "design",
        "--date",
        "2021-01-31",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--on"));
}

#[test]
fn releases_bundled_and_messy() {
    let rows = json(&["releases", "--dataset", "cambodia", "--target", "120"]);
    assert_eq!(rows[0]["releases_system"].as_u64(), Some(6_600)); // 39,000 in 27,000 places
    let rows = json_partial(&["releases", MESSY, "--target", "100", "--by", "State"]);
    let al = rows.iter().find(|r| r["group"] == "AL").unwrap();
    // Donaldson 1,667 in 1,492 and Tutwiler 802 in 417: 175 + 385 per facility; 560 system.
    assert_eq!(al["releases_no_facility_above"].as_u64(), Some(560));
    assert_eq!(al["releases_system"].as_u64(), Some(560));
    let all = &rows[0];
    assert!(all["releases_no_facility_above"].as_u64() >= all["releases_system"].as_u64());
}

#[test]
fn screen_bundled_and_messy() {
    let rows = json_partial(&["screen", MESSY]);
    assert_eq!(
        rows.iter().filter(|r| r["check"] == "rejected row").count(),
        2
    );
    assert!(
        rows.iter()
            .any(|r| r["check"] == "not reported" && r["facility"] == "CA-05")
    );
    let rows = json(&["screen", "--dataset", "hmpps", "--kind", "in_use_cna"]);
    assert!(
        rows.iter()
            .any(|r| r["check"] == "month without a report" && r["date"] == "2017-06")
    );
}

#[test]
fn forecast_bundled_with_intervals() {
    let rows = json(&[
        "forecast",
        "--dataset",
        "hmpps",
        "--kind",
        "in_use_cna",
        "--horizon",
        "12",
    ]);
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["period"], "2025-01");
    for r in &rows {
        let v = |k: &str| r[k].as_f64().unwrap();
        assert!(v("lower_95") <= v("lower_80") && v("lower_80") <= v("median"));
        assert!(v("median") <= v("upper_80") && v("upper_80") <= v("upper_95"));
        assert!(r["method"].as_str().unwrap().contains("default forecast"));
    }
    // --capacity N: the line to compare with, and the first month above it.
    let rows = json(&[
        "forecast",
        "--dataset",
        "hmpps",
        "--horizon",
        "3",
        "--capacity",
        "80000",
    ]);
    assert_eq!(rows[0]["capacity"].as_u64(), Some(80_000));
    // December 2024 held 85,618: already above, not "crossing in 2025-01".
    assert_eq!(rows[0]["above_capacity_at_origin"], true);
    assert!(rows[0]["first_period_above_capacity"].is_null());
    let rows = json(&[
        "forecast",
        "--dataset",
        "hmpps",
        "--horizon",
        "3",
        "--capacity",
        "200000",
    ]);
    assert_eq!(rows[0]["above_capacity_at_origin"], false);
    assert!(rows[0]["first_period_above_capacity"].is_null());
    // "Over capacity by then" never falls and is at least "over capacity then".
    let rows = json(&[
        "forecast",
        "--dataset",
        "hmpps",
        "--horizon",
        "12",
        "--capacity",
        "88000",
    ]);
    let share = |r: &Value, k: &str| r[k].as_f64().unwrap();
    for (k, r) in rows.iter().enumerate() {
        let (at, by) = (
            share(r, "share_of_paths_above_capacity"),
            share(r, "share_of_paths_reached_capacity"),
        );
        assert!(at <= by && (0.0..=1.0).contains(&by), "{at} {by}");
        if k > 0 {
            assert!(share(&rows[k - 1], "share_of_paths_reached_capacity") <= by);
        }
    }
    assert!(
        share(&rows[11], "share_of_paths_reached_capacity")
            > share(&rows[0], "share_of_paths_reached_capacity")
    );
}

#[test]
fn forecast_by_year_and_by_quarter() {
    // California's year-end prisoners from the bundled BJS series, as a facility table.
    let text = std::fs::read_to_string("data/series/bjs_state_prisoners_1997_2021.csv").unwrap();
    let mut csv = String::from("facility_id,date,population\n");
    for line in text.lines() {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] == "California" && f[2] == "prisoners" {
            csv += &format!("CA,{}-12-31,{}\n", f[1], f[3]);
        }
    }
    let input = tmp("california_yearly.csv");
    std::fs::write(&input, csv).unwrap();
    let path = input.to_str().unwrap();
    let rows = json(&[
        "forecast",
        path,
        "--frequency",
        "yearly",
        "--horizon",
        "3",
        "--capacity",
        "120000",
    ]);
    let periods: Vec<&str> = rows.iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2022", "2023", "2024"]);
    let method = rows[0]["method"].as_str().unwrap();
    assert!(
        method.contains("on 25 yearly totals 1997..2021"),
        "{method}"
    );
    // 2021 held 101,441 (BJS): the median starts near it, the 80 % band widens each year.
    let width = |r: &Value| r["upper_80"].as_f64().unwrap() - r["lower_80"].as_f64().unwrap();
    assert!((rows[0]["median"].as_f64().unwrap() - 101_441.0).abs() < 10_000.0);
    assert!(width(&rows[0]) < width(&rows[1]) && width(&rows[1]) < width(&rows[2]));
    // The same file by quarter: every quarter but the fourth is a gap, so no run is long
    // enough, and the message says so.
    let out = run(&[
        "forecast",
        path,
        "--frequency",
        "quarterly",
        "--horizon",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("25 quarterly totals from 1997-Q4 to 2021-Q4, 1 since the last gap"),
        "{err}"
    );
    // The HTML report takes the finest period with a long enough run: years here.
    let with_capacity: String = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},capacity_kind,capacity\n")
            } else {
                format!("{l},design,85000\n")
            }
        })
        .collect();
    let capacity_input = tmp("california_yearly_capacity.csv");
    std::fs::write(&capacity_input, with_capacity).unwrap();
    let html_path = tmp("california_yearly.html");
    let out = run(&[
        "report",
        capacity_input.to_str().unwrap(),
        "--out",
        html_path.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("Projected population, 2022 to 2023"), "title");
    assert!(html.contains("the totals are taken by year"));
    assert!(html.contains("on 25 yearly totals 1997..2021"));
    // The bundled monthly bulletin by quarter: its 2013-Q1 total is taken from the partial
    // report of 2013-03-22 (95 of 130 prisons), which stops the forecast unless --force.
    let q = [
        "forecast",
        "--dataset",
        "hmpps",
        "--frequency",
        "quarterly",
        "--horizon",
        "2",
    ];
    let out = run(&q);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("high partial report (facilities) 2013-Q1: 2013-03-22: 95 facilities"),
        "{err}"
    );
    let mut forced = q.to_vec();
    forced.push("--force");
    let rows = json(&forced);
    assert_eq!(rows[0]["period"], "2025-Q1");
    assert_eq!(rows[1]["period"], "2025-Q2");
    assert_eq!(rows[0]["forced"], true);
    assert!(
        rows[0]["series_findings"][0]
            .as_str()
            .unwrap()
            .starts_with("high partial report (facilities) 2013-Q1")
    );
}

#[test]
fn forecast_on_a_single_date_is_bad_input() {
    let out = run(&["forecast", MESSY, "--horizon", "3"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Real charts for eyes: `OVERCROWDING_KEEP_PLOTS=dir cargo test … --test it cli::charts` writes
/// the HMPPS bars (120 prisons), heat map, system trend and a fan chart as PNG.
#[test]
fn charts_for_eyes() {
    use jiff::civil::Date;
    use overcrowding::Threshold;
    use overcrowding::plot::*;
    use overcrowding::series::YearMonth;
    use overcrowding::system::{SummaryOptions, summarize_panel};
    let Ok(keep) = std::env::var("OVERCROWDING_KEEP_PLOTS") else {
        return;
    };
    let dir = Path::new(&keep);
    let panel = overcrowding::datasets::hmpps_bulletin()
        .unwrap()
        .to_panel()
        .unwrap();
    let kind = CapacityKind::InUseCna;
    let last = panel.latest_date().unwrap();
    let cap = caption("HMPPS monthly bulletin", "in_use_cna", &last.to_string());
    let bars = overcrowding::system::facility_occupancies(panel.on(last), &kind).unwrap();
    let th = [
        Threshold::above("100 %", 100.0).unwrap(),
        Threshold::at_least("critical", 120.0).unwrap(),
        Threshold::above("150 %", 150.0).unwrap(),
    ];
    facility_bars(
        dir.join("bars.png"),
        "England & Wales prisons, 31 December 2024",
        &cap,
        &bars,
        &th,
    )
    .unwrap();
    let sums = summarize_panel(&panel, &SummaryOptions::new(kind.clone())).unwrap();
    let points: Vec<TrendPoint> = sums
        .iter()
        .filter_map(|s| TrendPoint::from_summary(s.date, &s.summary).ok())
        .collect();
    system_trend(
        dir.join("trend.png"),
        "England & Wales: system occupancy, 2012–2024",
        &caption("HMPPS monthly bulletin", "in_use_cna", "2012-01 to 2024-12"),
        &points,
    )
    .unwrap();
    let cells: Vec<HeatCell> = panel
        .rows()
        .iter()
        .filter(|r| r.date() >= Date::new(2019, 1, 1).unwrap())
        .map(|r| HeatCell {
            facility: r.name().unwrap_or(r.id().as_str()).to_string(),
            month: r.date(),
            occupancy: r.occupancy(&kind).ok(),
        })
        .collect();
    occupancy_heatmap(
        dir.join("heat.png"),
        "England & Wales prisons by month, 2019–2024",
        &cap,
        &cells,
    )
    .unwrap();
    let m = |k| YearMonth::new(2023, 1).unwrap().plus(k).unwrap();
    let history: Vec<_> = (0..24)
        .map(|k| {
            (
                m(k),
                84_000.0
                    + 70.0 * k as f64
                    + [0.0, 300.0, -200.0][k as usize % 3]
                    + 40.0 * ((k * 37 % 11) as f64 - 5.0), // a little irregular noise
            )
        })
        .collect();
    // The crate's default forecast of that history, drawn as the fan.
    let series = overcrowding::forecast::RegularSeries::new(
        overcrowding::forecast::Frequency::Monthly,
        history.iter().map(|p| p.1).collect(),
    )
    .unwrap()
    .with_start(m(0));
    let f = overcrowding::forecast::forecast(&series, 24).unwrap();
    let fan = f.fan(&[0.8, 0.95]).unwrap();
    let projection = FanPoint::from_fan(&fan, Centre::Mean).unwrap();
    assert_eq!(projection.len(), 24);
    assert_eq!(projection[23].month, m(47));
    let fan = Fan::new(&history, &projection).with_capacity(86_000.0, "in-use CNA 86,000");
    forecast_fan(
        dir.join("fan.png"),
        "Projected prison population",
        &cap,
        &fan,
    )
    .unwrap();
}

/// The report parses as HTML, has every section, names kind/date/source on its figures, and
/// loads nothing from anywhere: no script, no URL, no `src=`.
fn check_report(path: &Path, sections: &[&str]) -> String {
    let html = std::fs::read_to_string(path).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("the report parses");
    let parser = dom.parser();
    for id in sections {
        assert!(dom.get_element_by_id(*id).is_some(), "section {id} missing");
    }
    let lower = html.to_ascii_lowercase();
    for bad in ["http://", "https://", "src=", "<script", "@import", "url("] {
        assert!(!lower.contains(bad), "the report contains {bad:?}");
    }
    let figures: Vec<_> = dom
        .query_selector("figcaption")
        .unwrap()
        .filter_map(|h| h.get(parser))
        .map(|n| n.inner_text(parser).to_string())
        .collect();
    assert!(!figures.is_empty());
    for f in &figures {
        assert!(f.contains("capacity:") && f.contains("source:"), "{f}");
    }
    assert!(dom.query_selector("svg").unwrap().count() >= 1);
    drop(dom);
    html
}

#[test]
fn report_on_a_bundled_dataset_and_a_messy_file() {
    let all = [
        "summary",
        "thresholds",
        "coverage",
        "screen",
        "over-time",
        "forecast",
    ];
    // Fosse Way (opened 2023, 1,673 people) has too short a run to forecast: the
    // reconciled outlook leaves it out, so the answer is partial and says who.
    let out = tmp("hmpps.html");
    exits(
        3,
        &[
            "report",
            "--dataset",
            "hmpps",
            "--kind",
            "in_use_cna",
            "--threshold",
            "150",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let html = check_report(&out, &all);
    assert!(html.contains(
        "Partial: the system&#39;s figures leave out 1 facility that still reports: Fosse Way \
         (20 periods since its last gap, 24 needed; last 2024-12: 1673)."
    ));
    assert!(html.contains("Above 150 %") && html.contains("Durham"));
    assert!(html.contains("in_use_cna") && html.contains("2024-12-31"));
    assert_eq!(
        tl::parse(&html, tl::ParserOptions::default())
            .unwrap()
            .query_selector("svg")
            .unwrap()
            .count(),
        3
    ); // bars, trend, fan
    // Already above in-use CNA: no chance of crossing is quoted; below operational: it is.
    assert!(!html.contains("of the simulated paths the population is above"));
    let out = tmp("hmpps_operational.html");
    exits(
        3,
        &[
            "report",
            "--dataset",
            "hmpps",
            "--kind",
            "operational",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(
        "of the simulated paths the population is above the operational capacity of 90,038 in \
         at least one month within 24 months"
    ));
    let out = tmp("messy.html");
    partial(&[
        "report",
        MESSY,
        "--by",
        "State",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = check_report(&out, &all);
    // Data text is escaped: the name with an apostrophe and the en dash come through as text.
    assert!(html.contains("Central California Women&#39;s Facility") || html.contains("CA-05"));
    assert!(html.contains("No forecast: the data has one date."));
}

#[test]
fn report_escapes_data_text() {
    let input = tmp("hostile.csv");
    std::fs::write(
        &input,
        "facility_id,name,date,capacity_kind,capacity,population\n\
         <script>x</script>,\"<img src=http://evil>\",2024-06-30,design,100,150\n",
    )
    .unwrap();
    let out = tmp("hostile.html");
    ok(&[
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img"));
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
}

// ---- issue 23: nothing partial looks complete, dates as published, rounding, pretrial,
// a screen that ranks, a report that tells the story.

/// Runs with `stdin` as standard input.
fn run_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_overcrowding"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_partial_answer_says_so_in_every_format_and_exits_3() {
    for cmd in [
        vec!["summarize", MESSY],
        vec!["releases", MESSY, "--target", "100"],
        vec!["screen", MESSY],
    ] {
        let rows = json_partial(&cmd);
        for r in &rows {
            let i = &r["input"];
            assert_eq!(
                (i["rows_read"].as_u64(), i["rows_accepted"].as_u64()),
                (Some(18), Some(16)),
                "{cmd:?}: {r}"
            );
            assert_eq!(i["rows_rejected"], 2);
            assert_eq!(i["rows_skipped"], 0);
        }
        let mut csv_args = cmd.clone();
        csv_args.extend(["--format", "csv"]);
        let csv = partial(&csv_args);
        assert!(
            csv.lines().next().unwrap().contains("input_rows_rejected"),
            "{csv}"
        );
        let table = partial(&cmd);
        let last = table.trim_end().lines().last().unwrap();
        assert!(
            last.starts_with("warning: a partial answer: 2 rows were rejected"),
            "{table}"
        );
        assert!(table.contains("18 rows read, 16 accepted, 2 rejected, 0 skipped"));
    }
    // A clean run says it read everything and ends without a warning.
    let table = ok(&["summarize", "--dataset", "cambodia"]);
    assert!(!table.contains("warning"), "{table}");
    let help = ok(&["--help"]);
    assert!(
        help.contains("3  a partial answer") && help.contains("0  a complete answer"),
        "{help}"
    );
}

#[test]
fn every_row_rejected_is_bad_input_not_usage() {
    let input = tmp("all_rejected.csv");
    std::fs::write(
        &input,
        "facility_id,date,capacity_kind,capacity,population\nA,2022-12-31,design,100,7946.75\nB,2022-12-31,design,90,12.5\n",
    )
    .unwrap();
    let out = run(&["summarize", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("every data row was rejected (2 rows)"),
        "{err}"
    );
    assert!(!err.contains("lists no capacity"), "{err}");
}

#[test]
fn standard_input_is_a_dash() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(MESSY)).unwrap();
    let out = run_stdin(
        &["summarize", "-", "--by", "State", "--format", "json"],
        &text,
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = json_partial(&["summarize", MESSY, "--by", "State"]);
    assert_eq!(rows.as_array().unwrap(), &file);
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
}

#[test]
fn rounding_is_the_publishers_rule() {
    // 501 held in 400 places = 125.25 %: 125.3 half away from zero, 125.2 half to even.
    let input = tmp("tie.csv");
    std::fs::write(
        &input,
        "facility_id,date,capacity_kind,capacity,population\nA,2024-10-31,official,400,501\n",
    )
    .unwrap();
    let p = input.to_str().unwrap();
    let away = json(&["summarize", p]);
    let even = json(&["summarize", p, "--rounding", "half-to-even"]);
    assert_eq!(away[0]["occupancy_percent"].as_f64(), Some(125.3));
    assert_eq!(even[0]["occupancy_percent"].as_f64(), Some(125.2));
    assert_eq!(
        run(&["summarize", p, "--rounding", "bankers"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn pretrial_share_by_a_named_definition() {
    let input = tmp("pretrial.csv");
    std::fs::write(
        &input,
        "Prison,Held,Places,Remand,Awaiting,Appeal,Sentenced\n\
         A,100,80,30,5,10,55\n\
         B,300,320,,,,240\n\
         C,50,40,,,,\n",
    )
    .unwrap();
    let p = input.to_str().unwrap();
    let flags = |def: &'static str| {
        vec![
            "summarize",
            p,
            "--id",
            "Prison",
            "--population",
            "Held",
            "--capacity",
            "design=Places",
            "--as-of",
            "2024-06-30",
            "--status",
            "untried=Remand",
            "--status",
            "convicted_unsentenced=Awaiting",
            "--status",
            "under_appeal=Appeal",
            "--status",
            "sentenced=Sentenced",
            "--pretrial-definition",
            def,
        ]
    };
    let broad = json(&flags("broad"));
    // Broad: A 45 of 100, B 60 of 300 (not sentenced); C reports no status: 105 / 400.
    assert_eq!(broad[0]["pretrial_share_percent"].as_f64(), Some(26.3));
    assert_eq!(broad[0]["pretrial_definition"], "broad");
    assert_eq!(broad[0]["pretrial_facilities"], 2);
    assert_eq!(broad[0]["pretrial_lacking_facilities"], 1);
    let narrow = json(&flags("narrow"));
    assert_eq!(narrow[0]["pretrial_share_percent"].as_f64(), Some(35.0)); // A only: 35 / 100
    // Without the flag the fields are absent; the occupancy is unchanged.
    assert!(
        json(&flags("broad")[..flags("broad").len() - 2])[0]
            .get("pretrial_share_percent")
            .is_none()
    );
    let help = ok(&["summarize", "--help"]);
    assert!(help.contains("pretrial_share_percent") && help.contains("--pretrial-definition"));
}

/// A monthly panel of `n` institutes of 20 to 400 people (seeded), with two real problems:
/// one institute reports 0 held in 41 places for 6 months, another drops by 120 for a month.
fn institutes_panel(n: usize, months: i32) -> String {
    let mut csv = String::from("facility_id,date,capacity_kind,capacity,population\n");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let mut base: Vec<(u64, u64)> = (0..n)
        .map(|_| {
            let cap = 20 + next(380);
            (cap, cap * (80 + next(70)) / 100)
        })
        .collect();
    base[11] = (320, 300); // the facility that drops by 120
    for m in 0..months {
        let (y, mo) = (2019 + m / 12, m % 12 + 1);
        let day = jiff::civil::Date::new(y as i16, mo as i8, 1)
            .unwrap()
            .last_of_month();
        for (i, (cap, pop)) in base.iter().enumerate() {
            let mut p = pop + next(9) - 4;
            let mut c = *cap;
            if i == 7 && (20..26).contains(&m) {
                c = 41;
                p = 0;
            }
            if i == 11 && m == 30 {
                p -= 120.min(p);
            }
            csv += &format!("I{i:03},{day},official,{c},{p}\n");
        }
    }
    csv
}

#[test]
fn the_screen_ranks_real_problems_first_on_a_large_monthly_panel() {
    let input = tmp("institutes.csv");
    std::fs::write(&input, institutes_panel(189, 48)).unwrap();
    let p = input.to_str().unwrap();
    let rows = json(&["screen", p]);
    // The first findings are the real problems, not coincidences among small facilities.
    let first: Vec<(&str, &str, &str)> = rows
        .iter()
        .take_while(|r| r["severity"] == "high")
        .map(|r| {
            (
                r["severity"].as_str().unwrap(),
                r["check"].as_str().unwrap(),
                r["facility"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        first.iter().all(|(_, c, _)| *c != "repeated value"),
        "{first:?}"
    );
    let named = |check: &str, f: &str| first.iter().filter(|x| x.1 == check && x.2 == f).count();
    assert_eq!(named("implausible occupancy", "I007"), 6, "{first:?}"); // 0 held in 41 places
    assert_eq!(named("jump", "I011"), 2, "{first:?}"); // the drop of 120 and the way back
    assert!(
        rows.iter()
            .any(|r| r["check"] == "jump" && (110..=130).contains(&r["people"].as_u64().unwrap()))
    );
    for r in &rows {
        assert!(["high", "medium", "low"].contains(&r["severity"].as_str().unwrap()));
    }
    let coincidences = rows
        .iter()
        .filter(|r| r["check"] == "repeated value")
        .count();
    assert!(
        coincidences < 5,
        "{coincidences} coincidental repeated values"
    );
    // The table starts with a count per check and shows the top findings only.
    let table = ok(&["screen", p, "--top", "10"]);
    assert!(
        table.starts_with("Findings per check, the most serious first:"),
        "{table}"
    );
    assert!(table.contains("more (all of them with --top 0"), "{table}");
}

#[test]
fn the_report_tells_the_story_first() {
    let input = tmp("institutes_report.csv");
    std::fs::write(&input, institutes_panel(189, 48)).unwrap();
    let out = tmp("institutes.html");
    ok(&[
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = check_report(
        &out,
        &[
            "summary",
            "thresholds",
            "coverage",
            "screen",
            "over-time",
            "forecast",
        ],
    );
    let at = |id: &str| html.find(&format!("id=\"{id}\"")).unwrap();
    // Headline figures, then the trend and the forecast, then the bands and the long list.
    assert!(at("summary") < at("over-time") && at("over-time") < at("forecast"));
    assert!(at("forecast") < at("thresholds") && at("thresholds") < at("screen"));
    // The trend starts within the first screens: little text before it.
    assert!(at("over-time") < 9_000, "{}", at("over-time"));
    // The bands of the standard, each with its own colour, in a legend off the chart.
    for b in [
        "Above 100 % (overcrowded)",
        "At or above 120 % (critical)",
        "Above 150 %",
    ] {
        assert!(html.contains(b), "{b}");
    }
    // The findings table holds the top findings, not hundreds of rows.
    let screen = &html[at("screen")..];
    assert!(screen.matches("<tr>").count() < 40);
}

#[test]
fn forecast_by_day() {
    // A jail's population each morning, two units, 2024-01-01 .. 2024-03-30, no report on
    // 2024-01-20: the days are totalled, the gap named, the run since it forecast by day.
    let mut csv = String::from("facility_id,date,population\n");
    let start = jiff::civil::date(2024, 1, 1);
    for k in 0..90i64 {
        if k == 19 {
            continue;
        }
        let d = start.checked_add(jiff::Span::new().days(k)).unwrap();
        let weekday = [60, 40, 30, 20, 10, 0, 30][(k % 7) as usize];
        csv += &format!("North,{d},{}\nSouth,{d},300\n", 700 + k / 2 + weekday);
    }
    let input = tmp("daily.csv");
    std::fs::write(&input, csv).unwrap();
    let path = input.to_str().unwrap();
    let rows = json(&["forecast", path, "--frequency", "daily", "--horizon", "7"]);
    let periods: Vec<&str> = rows.iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(
        periods,
        [
            "2024-03-31",
            "2024-04-01",
            "2024-04-02",
            "2024-04-03",
            "2024-04-04",
            "2024-04-05",
            "2024-04-06"
        ]
    );
    let method = rows[0]["method"].as_str().unwrap();
    assert!(
        method.contains("on 70 daily totals 2024-01-21..2024-03-30"),
        "{method}"
    );
    let out = run(&["forecast", path, "--frequency", "daily", "--horizon", "7"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 day without a report (skipped, not filled): 2024-01-20"),
        "{err}"
    );
}
