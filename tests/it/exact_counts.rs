//! Published averages read exactly (`FractionalCounts::Exact`, `--fractional-counts exact`):
//! the panel's count unit, the figures of an independent recount, the three modes side by
//! side, strict reads, the rescale's overflow, and exact = integer when every cell is whole.
//!
//! The fixture `tests/data/averages_exact.csv` (made up for these tests) lists average daily
//! populations with up to three decimals and one capacity with a decimal. The recount, with
//! Python's `fractions` (`F("1310.75") + F("1001.125") + F("77")` …):
//!
//! | year | Σ population (covered) | Σ places | occupancy | surplus | in over-capacity | reported | releases to 100 % (system / by facility) |
//! |------|------------------------|----------|-----------|---------|------------------|----------|-------------------------------------------|
//! | 2021 | 2184.75 = 8739/4       | 2100     | 8739/8400 = 104.0357… % | 104.25 | 1204.25 | 2184.75 | ⌈84.75⌉ = 85 / ⌈104.25⌉ = 105 |
//! | 2022 | 2388.875 = 19111/8     | 2180.5   | 19111/17444 = 109.5563… % | 211.375 | 2311.875 | 2401.375 | ⌈208.375⌉ = 209 / ⌈210.75⌉ + ⌈0.625⌉ = 212 |

use overcrowding::exact::Rounding;
use overcrowding::io::{FractionalCounts, ReadMode, TableReader};
use overcrowding::model::CountUnit;
use overcrowding::system::{SummaryOptions, summarize_panel};
use overcrowding::{CapacityKind, ErrorKind, Ratio};

use proptest::prelude::*;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/averages_exact.csv");

fn reader() -> TableReader {
    TableReader::new()
        .id_column("region")
        .date_column("year")
        .population_column("avg_daily_pop")
        .capacity_column(CapacityKind::Rated, "rated_places")
}

#[test]
fn averages_read_exactly_give_the_recounts_figures() {
    let read = reader()
        .fractional_counts(FractionalCounts::Exact)
        .read_path(FIXTURE)
        .unwrap();
    assert_eq!((read.accepted_rows(), read.rejects().len()), (6, 0));
    assert_eq!(read.rounded_counts(), 0);
    let p = read.panel();
    // 1001.125 needs thousandths: every count is in them.
    let unit = p.count_unit();
    assert_eq!(unit, CountUnit::new(3).unwrap());
    let south_2022 = p.facility("Southmoor").last().unwrap();
    assert_eq!(south_2022.population_total(), Some(1_001_125));
    assert_eq!(south_2022.capacity(&CapacityKind::Rated), Some(1_000_500));
    let s = summarize_panel(p, &SummaryOptions::new(CapacityKind::Rated)).unwrap();
    let (y21, y22) = (&s[0].summary, &s[1].summary);
    assert_eq!((y21.unit, y22.unit), (unit, unit));
    let sys = y22.system.as_ref().unwrap();
    let same = |r: Ratio, n: u128, d: u128| r.numerator() * d == r.denominator() * n;
    assert!(same(sys.ratio, 19_111, 17_444), "{:?}", sys.ratio);
    assert_eq!(sys.ratio.percent_rounded(1), 109.6);
    assert_eq!(unit.format(sys.population), "2388.875");
    assert_eq!(unit.format(sys.capacity), "2180.500");
    assert_eq!(unit.format(sys.surplus), "211.375");
    assert_eq!(unit.format(sys.people_in_overcrowded), "2311.875");
    assert_eq!(unit.format(y22.coverage.population_reported), "2401.375");
    let sys21 = y21.system.as_ref().unwrap();
    assert!(same(sys21.ratio, 8_739, 8_400), "{:?}", sys21.ratio);
    assert_eq!(unit.format(sys21.surplus), "104.250");
}

#[test]
fn the_three_modes_side_by_side() {
    let lenient = reader().mode(ReadMode::Lenient);
    // Reject (the default): every row with a decimal is a reject whose message offers both.
    let read = lenient.read_path(FIXTURE).unwrap();
    assert_eq!((read.accepted_rows(), read.rejects().len()), (1, 5));
    let msg = read.rejects()[0].reason();
    assert!(
        msg.contains("fractional counts exact") && msg.contains("rounded by a rule you name"),
        "{msg}"
    );
    // Round half to even: whole people.
    let read = lenient
        .clone()
        .fractional_counts(FractionalCounts::Round(Rounding::HalfToEven))
        .read_path(FIXTURE)
        .unwrap();
    assert_eq!(read.rounded_counts(), 6);
    assert!(read.panel().count_unit().is_whole());
    let pops: Vec<Option<u64>> = read
        .panel()
        .rows()
        .iter()
        .map(|r| r.population_total())
        .collect();
    // 2021: Northfield 1204.25, Southmoor 980.5; 2022: Eastbrook, Northfield, Southmoor, Westvale.
    assert_eq!(pops, [1204, 980, 77, 1311, 1001, 12].map(Some).to_vec());
    // Exact: the decimals as written.
    let read = lenient
        .fractional_counts(FractionalCounts::Exact)
        .read_path(FIXTURE)
        .unwrap();
    let unit = read.panel().count_unit();
    let pops: Vec<String> = read
        .panel()
        .rows()
        .iter()
        .map(|r| unit.format(r.population_total().unwrap()))
        .collect();
    assert_eq!(
        pops,
        [
            "1204.250", "980.500", "77.000", "1310.750", "1001.125", "12.500"
        ]
    );
}

#[test]
fn a_strict_exact_read_reads_averages_and_still_fails_at_a_bad_cell() {
    let strict = reader().fractional_counts(FractionalCounts::Exact);
    assert_eq!(strict.read_path(FIXTURE).unwrap().accepted_rows(), 6);
    let text = "region,year,avg_daily_pop,rated_places\nA,2022,10.5,12\nB,2022,7.5x,12\n";
    let e = strict.read_bytes(text.as_bytes(), "t.csv").unwrap_err();
    assert_eq!(e.line(), Some(3));
    assert!(e.to_string().contains("\"7.5x\""), "{e}");
    // Strict and rejecting: the error at the first average offers exact reading.
    let e = reader().read_bytes(text.as_bytes(), "t.csv").unwrap_err();
    assert!(e.to_string().contains("fractional counts exact"), "{e}");
}

#[test]
fn a_rescale_that_overflows_is_a_typed_error_at_the_cell_that_needs_it() {
    // The first row's count fits a u64 in whole people, not in tenths.
    let text = format!(
        "region,year,avg_daily_pop,rated_places\nA,2021,{},\nB,2021,1.5,\n",
        u64::MAX / 2
    );
    let strict = reader().fractional_counts(FractionalCounts::Exact);
    let e = strict.read_bytes(text.as_bytes(), "t.csv").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Overflow { .. }), "{e}");
    assert_eq!(e.line(), Some(3));
    assert_eq!(
        e.location().and_then(|l| l.column.as_deref()),
        Some("avg_daily_pop")
    );
    // Lenient: that row is rejected, the rest stays whole people.
    let read = strict
        .mode(ReadMode::Lenient)
        .read_bytes(text.as_bytes(), "t.csv")
        .unwrap();
    assert_eq!(read.rejects().len(), 1);
    assert!(read.panel().count_unit().is_whole());
    assert_eq!(read.panel().population_column().values(), &[u64::MAX / 2]);
    // More than 18 decimals: no count unit holds it.
    let text = "region,year,avg_daily_pop,rated_places\nA,2021,1.0000000000000000001,\n";
    let e = reader()
        .fractional_counts(FractionalCounts::Exact)
        .read_bytes(text.as_bytes(), "t.csv")
        .unwrap_err();
    assert!(e.to_string().contains("out of range"), "{e}");
}

#[test]
fn whole_people_analyses_refuse_a_fractional_panel() {
    let p = reader()
        .fractional_counts(FractionalCounts::Exact)
        .read_path(FIXTURE)
        .unwrap()
        .into_panel();
    let row = p.row(0).unwrap();
    let e = overcrowding::scenario::FacilityState::from_row(row, &CapacityKind::Rated).unwrap_err();
    assert!(e.to_string().contains("must be whole people"), "{e}");
    assert!(serde_json::to_string(&p).is_err());
    let mut out = Vec::new();
    assert!(overcrowding::io::write_facility_table(&p, &mut out).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Exact reading is integer reading when every cell is whole (written `12`, `12.0` or
    /// `12.00`): the same panel, in whole people, and the same summary.
    #[test]
    fn exact_equals_integer_mode_when_all_cells_are_whole(
        rows in prop::collection::vec((0u64..5_000_000_000_000, prop::option::of(1u64..2_000_000), 0usize..3), 1..40)
    ) {
        let mut text = String::from("region,year,avg_daily_pop,rated_places\n");
        for (i, (pop, cap, zeros)) in rows.iter().enumerate() {
            let dec = ["", ".0", ".00"][*zeros];
            let cap = cap.map_or(String::new(), |c| format!("{c}{dec}"));
            text.push_str(&format!("F{i},{},{pop}{dec},{cap}\n", 2020 + i % 3));
        }
        let whole = reader().read_bytes(text.as_bytes(), "t.csv").unwrap();
        let exact = reader()
            .fractional_counts(FractionalCounts::Exact)
            .read_bytes(text.as_bytes(), "t.csv")
            .unwrap();
        prop_assert!(exact.panel().count_unit().is_whole());
        prop_assert_eq!(exact.panel(), whole.panel());
        let o = SummaryOptions::new(CapacityKind::Rated);
        prop_assert_eq!(
            summarize_panel(exact.panel(), &o).unwrap(),
            summarize_panel(whole.panel(), &o).unwrap()
        );
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::FIXTURE;
    use crate::cli_run::exits;
    use serde_json::Value;

    fn flags<'a>(command: &'a str, how: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut f = vec![
            command,
            FIXTURE,
            "--id",
            "region",
            "--date",
            "year",
            "--population",
            "avg_daily_pop",
            "--capacity",
            "rated=rated_places",
            "--fractional-counts",
            how,
        ];
        f.extend_from_slice(extra);
        f
    }

    #[test]
    fn summarize_writes_the_exact_decimals_as_json_numbers() {
        let (out, _) = exits(
            0,
            &flags(
                "summarize",
                "exact",
                &["--on", "2022-12-31", "--format", "json"],
            ),
        );
        // The number text itself, not a float's rounding of it.
        assert!(out.contains("\"population\":2388.875,"), "{out}");
        assert!(out.contains("\"capacity\":2180.5,"), "{out}");
        assert!(out.contains("\"surplus\":211.375,"), "{out}");
        assert!(
            out.contains("\"people_in_over_capacity\":2311.875,"),
            "{out}"
        );
        assert!(out.contains("\"population_reported\":2401.375,"), "{out}");
        let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(rows[0]["occupancy_percent"], 109.6);
        assert_eq!(rows[0]["input"]["count_decimals"], 3);
        // CSV and the table show the same decimals.
        let (csv, _) = exits(
            0,
            &flags(
                "summarize",
                "exact",
                &["--on", "2022-12-31", "--format", "csv"],
            ),
        );
        assert!(csv.contains(",2388.875,2180.5,109.6,211.375,"), "{csv}");
        let (table, _) = exits(0, &flags("summarize", "exact", &["--on", "2022-12-31"]));
        assert!(
            table.contains("2,388.875") && table.contains("2,401.375"),
            "{table}"
        );
        // Rounded half to even instead: whole people (1311 + 1001 + 77 in 1100 + 1000 + 80).
        let (out, _) = exits(
            0,
            &flags(
                "summarize",
                "round:half-to-even",
                &["--on", "2022-12-31", "--format", "json"],
            ),
        );
        let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(rows[0]["population"], 2389);
        assert_eq!(rows[0]["capacity"], 2180);
        assert_eq!(rows[0]["input"]["values_rounded"], 6);
        assert!(rows[0]["input"].get("count_decimals").is_none());
    }

    #[test]
    fn releases_are_whole_people_rounded_up_and_say_so() {
        let rows = |on| {
            let (out, _) = exits(
                0,
                &flags(
                    "releases",
                    "exact",
                    &["--target", "100", "--on", on, "--format", "json"],
                ),
            );
            serde_json::from_str::<Vec<Value>>(&out).unwrap().remove(0)
        };
        let (y21, y22) = (&rows("2021-12-31"), &rows("2022-12-31"));
        assert_eq!(
            (
                y21["releases_system"].as_u64(),
                y21["releases_no_facility_above"].as_u64()
            ),
            (Some(85), Some(105))
        );
        assert_eq!(
            (
                y22["releases_system"].as_u64(),
                y22["releases_no_facility_above"].as_u64()
            ),
            (Some(209), Some(212))
        );
        assert_eq!(y22["hidden_by_system_view"], 3);
        assert_eq!(y22["releases_rounded_up"], true);
        assert_eq!(y21["population"], 2184.75);
    }

    #[test]
    fn screen_forecast_and_report_refuse_exact_averages_typed() {
        let page = crate::cli_run::tmp("exact", "report.html");
        let page = page.to_str().unwrap();
        for (command, extra) in [
            ("screen", vec![]),
            ("forecast", vec!["--horizon", "2"]),
            ("report", vec!["--out", page]),
        ] {
            let (_, err) = exits(1, &flags(command, "exact", &extra));
            assert!(err.contains("must be whole people"), "{command}: {err}");
        }
    }

    #[test]
    fn a_rejected_average_offers_exact() {
        let (_, err) = exits(3, &flags("summarize", "reject", &[]));
        assert!(err.contains("--fractional-counts exact"), "{err}");
    }
}
