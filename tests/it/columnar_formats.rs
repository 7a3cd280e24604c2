//! The facility table as Parquet and JSON: round trips, and hostile typed files validated with
//! the CSV rules, every row accounted for.

use overcrowding::CapacityKind;
use overcrowding::frame::{facility_table_frame, facility_table_from_frame};
use overcrowding::frame::{
    read_facility_table_json, read_facility_table_parquet, write_facility_table_json,
    write_facility_table_parquet,
};
use overcrowding::io::{ReadMode, read_facility_table_from_str, write_facility_table};
use polars::prelude::*;

const TABLE: &str = "facility_id,name,date,capacity_kind,capacity,population,untried,convicted_unsentenced,under_appeal,sentenced,region
CC1,Correctional Centre 1,2021-06-30,design,2050,4100,1500,100,600,1900,Phnom Penh
CC1,Correctional Centre 1,2021-06-30,official,2600,4100,1500,100,600,1900,Phnom Penh
KSP,Kampong Speu,2021-06-30,design,800,,,,,,
KSP,Kampong Speu,2021-06-30,rated,,1210,400,,,,West
";

fn tmp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("overcrowding_it_{}_{name}", std::process::id()))
}

#[test]
fn parquet_and_json_round_trip_the_rows() {
    let t = read_facility_table_from_str(TABLE, ReadMode::Lenient, "t").unwrap();
    // Row 4 lacks the population: rejected, the other three loaded.
    assert_eq!((t.accepted(), t.rejects().len(), t.total_rows()), (3, 1, 4));
    assert_eq!(t.rejects()[0].line(), 4);
    let (pq, js) = (tmp("rt.parquet"), tmp("rt.json"));
    write_facility_table_parquet(t.panel(), &pq).unwrap();
    write_facility_table_json(t.panel(), &js).unwrap();
    for back in [
        read_facility_table_parquet(&pq, ReadMode::Strict).unwrap(),
        read_facility_table_json(&js, ReadMode::Strict).unwrap(),
    ] {
        assert_eq!(back.accepted(), 3);
        for (a, b) in t.panel().rows().iter().zip(back.panel().rows().iter()) {
            assert_eq!(
                (
                    a.id(),
                    a.date(),
                    a.capacities().collect::<Vec<_>>(),
                    a.population_total(),
                    a.legal_status()
                ),
                (
                    b.id(),
                    b.date(),
                    b.capacities().collect::<Vec<_>>(),
                    b.population_total(),
                    b.legal_status()
                )
            );
            assert_eq!(
                a.groups().collect::<Vec<_>>(),
                b.groups().collect::<Vec<_>>()
            );
        }
        assert_eq!(back.panel(), t.panel());
    }
    // And CSV -> rows -> CSV is stable.
    let mut out = Vec::new();
    write_facility_table(t.panel(), &mut out).unwrap();
    let again = read_facility_table_from_str(
        std::str::from_utf8(&out).unwrap(),
        ReadMode::Strict,
        "again",
    )
    .unwrap();
    assert_eq!(again.accepted(), 3);
    assert_eq!(again.panel(), t.panel());
}

#[test]
fn hostile_parquet_is_accounted_row_by_row() {
    let mut df = df!(
        "facility_id" => [Some("A"), Some("B"), Some("C"), Some("D"), None, Some("F"), Some("G")],
        "date" => ["2021-06-30", "2021-06-30", "2021-13-01", "2021-06-30", "2021-06-30", "2021-06-30", "2021-06-30"],
        "capacity_kind" => [Some("design"), Some("design"), Some("design"), Some("design"), Some("design"), Some("design"), Some("design")],
        "capacity" => [Some(100i64), Some(0), Some(100), Some(100), Some(100), Some(-999), Some(100)],
        "population" => [Some(120i64), Some(5), Some(5), Some(-3), Some(5), Some(5), None]
    )
    .unwrap();
    let path = tmp("hostile.parquet");
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let t = read_facility_table_parquet(&path, ReadMode::Lenient).unwrap();
    assert_eq!(t.accepted() + t.rejects().len(), 7);
    assert_eq!(t.accepted(), 1);
    let lines: Vec<usize> = t.rejects().iter().map(|r| r.line()).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7, 8]);
    let reasons: Vec<String> = t.rejects().iter().map(|r| r.reason()).collect();
    assert!(reasons[0].contains("capacity \"0\""), "{}", reasons[0]);
    assert!(reasons[1].contains("2021-13-01"), "{}", reasons[1]);
    assert!(
        reasons[2].contains("population \"-3\" is negative"),
        "{}",
        reasons[2]
    );
    assert!(reasons[4].contains("-999"), "{}", reasons[4]);
    // Strict stops at the first bad row, naming its line.
    let err = read_facility_table_parquet(&path, ReadMode::Strict)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("line 3"), "{err}");
}

#[test]
fn panels_survive_a_frame_round_trip() {
    let t = read_facility_table_from_str(TABLE, ReadMode::Lenient, "t").unwrap();
    let panel = t.panel();
    assert_eq!(panel.len(), 2);
    let cc1 = panel.row(0).unwrap();
    assert_eq!(
        cc1.occupancy(&CapacityKind::Design)
            .unwrap()
            .percent_rounded(1),
        200.0
    );
    assert_eq!(
        cc1.occupancy(&CapacityKind::Official)
            .unwrap()
            .percent_rounded(1),
        157.7
    );
    let df = facility_table_frame(panel).unwrap();
    let back = facility_table_from_frame(&df).unwrap();
    assert_eq!(
        back.row(0).unwrap().capacities().collect::<Vec<_>>(),
        cc1.capacities().collect::<Vec<_>>()
    );
    assert_eq!(back.row(0).unwrap().population(), cc1.population());
    assert_eq!(back.row(1).unwrap().population_total(), Some(1_210));
}

#[test]
fn frame_schema_errors_name_the_column() {
    let df = df!("facility_id" => ["A"], "population" => [1i64]).unwrap();
    let e = facility_table_from_frame(&df).unwrap_err().to_string();
    assert!(e.contains("\"date\" is missing"), "{e}");
    let d = Int32Chunked::from_vec("date".into(), vec![18_808])
        .into_date()
        .into_column();
    let df = DataFrame::new(
        1,
        vec![
            Column::new("facility_id".into(), ["A"]),
            d,
            Column::new("population".into(), [1.5f64]),
        ],
    )
    .unwrap();
    let e = facility_table_from_frame(&df).unwrap_err().to_string();
    assert!(e.contains("column \"population\" has type f64"), "{e}");
}

#[test]
fn parquet_from_other_tools_reads_with_every_common_codec() {
    // pandas / pyarrow write Snappy by default, polars Zstd, Spark Snappy or Gzip.
    for (name, codec) in [
        ("snappy", ParquetCompression::Snappy),
        ("zstd", ParquetCompression::Zstd(None)),
        ("gzip", ParquetCompression::Gzip(None)),
        ("lz4", ParquetCompression::Lz4Raw),
        ("brotli", ParquetCompression::Brotli(None)),
        ("none", ParquetCompression::Uncompressed),
    ] {
        let mut df = df!(
            "facility_id" => ["A", "B"],
            "date" => ["2021-06-30", "2021-06-30"],
            "capacity_kind" => ["design", "design"],
            "capacity" => [27_000i64, 100],
            "population" => [39_000i64, 90]
        )
        .unwrap();
        let path = tmp(&format!("codec_{name}.parquet"));
        ParquetWriter::new(std::fs::File::create(&path).unwrap())
            .with_compression(codec)
            .finish(&mut df)
            .unwrap();
        let t = read_facility_table_parquet(&path, ReadMode::Strict).unwrap();
        assert_eq!(t.accepted(), 2, "{name}");
        assert_eq!(
            t.panel().row(0).unwrap().population_total(),
            Some(39_000),
            "{name}"
        );
    }
}
