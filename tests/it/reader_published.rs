//! Files as published (issue 23): the reader's hostile-input regressions, lenient capacities,
//! composite ids and files without an id, year and month dates, fractional counts, and
//! spreadsheets with a preamble and totals rows — each on small files made here.

use overcrowding::CapacityKind;
use overcrowding::ErrorKind;
use overcrowding::error::{Given, ValueProblem};
use overcrowding::io::{
    ReadMode, SkipReason, TableReader, UnusableCapacity, read_facility_table_from_str,
};

fn lenient() -> TableReader {
    TableReader::new().mode(ReadMode::Lenient)
}

#[test]
fn bom_on_the_first_data_row_is_data_not_a_file_mark() {
    // Only the file's first bytes are a byte-order mark: on line 2 it is part of the id, as
    // on line 3, with or without a BOM before the header.
    for text in [
        "facility_id,date,population\n\u{feff}A,2021-06-30,1\n\u{feff}B,2021-06-30,2\n",
        "\u{feff}facility_id,date,population\r\n\u{feff}A,2021-06-30,1\r\n\u{feff}B,2021-06-30,2\r\n",
    ] {
        let read = TableReader::new()
            .read_bytes(text.as_bytes(), "t.csv")
            .unwrap();
        let ids: Vec<&str> = read
            .panel()
            .rows()
            .iter()
            .map(|r| r.id().as_str())
            .collect();
        assert_eq!(ids, ["\u{feff}A", "\u{feff}B"]);
        let t = read_facility_table_from_str(text, ReadMode::Strict, "t.csv").unwrap();
        let ids: Vec<&str> = t.panel().rows().iter().map(|r| r.id().as_str()).collect();
        assert_eq!(ids, ["\u{feff}A", "\u{feff}B"]);
    }
}

#[test]
fn bom_before_total_on_line_2_is_not_a_totals_row() {
    let text = "facility_id,date,population\n\u{feff}Total,2021-06-30,9\nA,2021-06-30,1\n";
    let read = TableReader::new()
        .read_bytes(text.as_bytes(), "t.csv")
        .unwrap();
    assert_eq!((read.accepted_rows(), read.skipped().len()), (2, 0));
    let t = read_facility_table_from_str(text, ReadMode::Strict, "t.csv").unwrap();
    assert_eq!(t.panel().len(), 2);
    assert!(
        t.panel()
            .rows()
            .iter()
            .any(|r| r.id().as_str() == "\u{feff}Total")
    );
}

#[test]
fn zero_capacity_is_quoted_as_written() {
    let text = "facility_id,date,population,design\nA,2021-06-30,5,00\nB,2021-06-30,5,000\nC,2021-06-30,5, 0 \nD,2021-06-30,5,0\n";
    let read = lenient()
        .capacity_column(CapacityKind::Design, "design")
        .unusable_capacity(UnusableCapacity::RejectRow)
        .read_bytes(text.as_bytes(), "t.csv")
        .unwrap();
    let quoted: Vec<&str> = read
        .rejects()
        .iter()
        .map(|r| r.error().value().unwrap())
        .collect();
    assert_eq!(quoted, ["00", "000", " 0 ", "0"]);
    assert!(
        read.rejects()[0]
            .reason()
            .contains("design capacity \"00\"")
    );
    assert!(matches!(
        read.rejects()[2].error().kind(),
        ErrorKind::ZeroCapacity { value, .. } if value == " 0 "
    ));
    // The crate's facility table, too.
    let text = "facility_id,date,capacity_kind,capacity,population\nA,2021-06-30,design,00,5\nB,2021-06-30,design,000,5\n";
    let t = read_facility_table_from_str(text, ReadMode::Lenient, "t.csv").unwrap();
    let quoted: Vec<&str> = t
        .rejects()
        .iter()
        .map(|r| r.error().value().unwrap())
        .collect();
    assert_eq!(quoted, ["00", "000"]);
    assert!(t.rejects()[1].reason().contains("design capacity \"000\""));
}

/// An institute reporting 0 available places (as in a ministry's bulletin) beside its
/// official places.
const ZERO_AVAILABLE: &str = "\
Istituto,date,population,official,available
Asti,2024-10-31,281,207,200
Bari,2024-10-31,150,98,0
Como,2024-10-31,90,n.d.,80
";

fn zero_available_reader() -> TableReader {
    TableReader::new()
        .id_column("Istituto")
        .capacity_column(CapacityKind::Official, "official")
        .capacity_column("available".parse::<CapacityKind>().unwrap(), "available")
}

#[test]
fn lenient_zero_capacity_drops_that_kind_only() {
    let read = zero_available_reader()
        .mode(ReadMode::Lenient)
        .read_bytes(ZERO_AVAILABLE.as_bytes(), "it.csv")
        .unwrap();
    assert_eq!(
        (
            read.accepted_rows(),
            read.rejects().len(),
            read.total_rows()
        ),
        (3, 0, 3)
    );
    let available = "available".parse::<CapacityKind>().unwrap();
    let bari = read.panel().row(1).unwrap();
    assert_eq!(bari.id().as_str(), "Bari");
    // The population and the other kind stay; the zero is not reported, never 0.
    assert_eq!(bari.population_total(), Some(150));
    assert_eq!(bari.capacity(&CapacityKind::Official), Some(98));
    assert_eq!(bari.capacity(&available), None);
    assert!(bari.lists_capacity(&available));
    let como = read.panel().row(2).unwrap();
    assert_eq!(
        (
            como.capacity(&CapacityKind::Official),
            como.capacity(&available)
        ),
        (None, Some(80))
    );
    let dropped = read.dropped_values();
    assert_eq!(dropped.len(), 2);
    assert_eq!(
        (dropped[0].line(), dropped[0].column(), dropped[0].value()),
        (3, Some("available"), Some("0"))
    );
    assert!(matches!(
        dropped[0].error().kind(),
        ErrorKind::ZeroCapacity { kind, .. } if kind == "available"
    ));
    assert_eq!(
        dropped[0].error().location().unwrap().facility.as_deref(),
        Some("Bari")
    );
    assert_eq!(
        (dropped[1].line(), dropped[1].column(), dropped[1].value()),
        (4, Some("official"), Some("n.d."))
    );
    assert_eq!(dropped[1].error().value_problem(), Some(ValueProblem::Text));
    // Official places of the whole file: 207 + 98 (Bari's row kept).
    let official: u64 = read
        .panel()
        .rows()
        .iter()
        .filter_map(|r| r.capacity(&CapacityKind::Official))
        .sum();
    assert_eq!(official, 305);
}

#[test]
fn strict_read_fails_at_the_zero_capacity_cell() {
    let err = zero_available_reader()
        .read_bytes(ZERO_AVAILABLE.as_bytes(), "it.csv")
        .unwrap_err();
    let at = err.location().unwrap();
    assert_eq!(
        (at.line, at.column.as_deref()),
        (Some(3), Some("available"))
    );
    assert!(matches!(err.kind(), ErrorKind::ZeroCapacity { .. }));
}

#[test]
fn lenient_zero_capacity_in_a_long_file_keeps_the_row() {
    let text = "facility_id,date,population,capacity_kind,capacity\nA,2024-10-31,50,design,0\nA,2024-10-31,50,rated,40\n";
    let read = lenient().read_bytes(text.as_bytes(), "t.csv").unwrap();
    assert_eq!((read.accepted_rows(), read.dropped_values().len()), (2, 1));
    let a = read.panel().row(0).unwrap();
    assert_eq!(
        (
            a.population_total(),
            a.capacity(&CapacityKind::Design),
            a.capacity(&CapacityKind::Rated)
        ),
        (Some(50), None, Some(40))
    );
}

#[test]
fn exact_duplicate_row_is_a_duplicated_row() {
    // A bulletin listed twice: the second copy's rows are duplicates, in a wide file, a long
    // file and a file without capacities.
    for (text, reader) in [
        (
            "facility_id,date,population,design\nA,2024-10-31,50,40\nB,2024-10-31,7,9\nA,2024-10-31,50,40\n",
            lenient().capacity_column(CapacityKind::Design, "design"),
        ),
        (
            "facility_id,date,population,capacity_kind,capacity\nA,2024-10-31,50,design,40\nB,2024-10-31,7,design,9\nA,2024-10-31,50,design,40\n",
            lenient(),
        ),
        (
            "facility_id,date,population\nA,2024-10-31,50\nB,2024-10-31,7\nA,2024-10-31,50\n",
            lenient(),
        ),
    ] {
        let read = reader.read_bytes(text.as_bytes(), "t.csv").unwrap();
        assert_eq!(
            (read.accepted_rows(), read.rejects().len()),
            (2, 1),
            "{text}"
        );
        let e = read.rejects()[0].error();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::Duplicate {
                    what: "row",
                    first_line: Some(2)
                }
            ),
            "{e}"
        );
        assert_eq!(read.rejects()[0].line(), 4);
        assert!(
            e.to_string()
                .ends_with("row appears twice (first on line 2)"),
            "{e}"
        );
        assert_eq!(read.panel().row(0).unwrap().population_total(), Some(50));
    }
}

#[test]
fn non_unique_id_is_named_with_a_hint() {
    // Two institutes share a name (a district house and a prison): same id and date,
    // different values.
    let text = "Istituto,Tipo,date,population\nRoma Rebibbia,CC,2024-10-31,1400\nRoma Rebibbia,CR,2024-10-31,380\n";
    let read = lenient()
        .id_column("Istituto")
        .read_bytes(text.as_bytes(), "it.csv")
        .unwrap();
    assert_eq!(read.rejects().len(), 1);
    let e = read.rejects()[0].error();
    match e.kind() {
        ErrorKind::NonUniqueId {
            id,
            id_columns,
            what,
            kind,
            first,
            second,
        } => {
            assert_eq!(id, "Roma Rebibbia");
            assert_eq!(id_columns, &["Istituto".to_string()]);
            assert_eq!((*what, kind), ("population", &None));
            assert_eq!(
                (first, second),
                (
                    &Given::new(1400u64).at_line(Some(2)),
                    &Given::new(380u64).at_line(Some(3))
                )
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .contains("add a column to the id (now \"Istituto\")"),
        "{e}"
    );
    // A capacity kind with two values is the same finding.
    let text = "facility_id,date,population,capacity_kind,capacity\nA,2024-10-31,50,design,40\nA,2024-10-31,50,design,45\n";
    let err = TableReader::new()
        .read_bytes(text.as_bytes(), "t.csv")
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::NonUniqueId { what: "capacity", kind: Some(k), .. } if k == "design"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("design capacity is 40 (line 2) in one row and 45 (line 3) in another"),
        "{err}"
    );
    assert_eq!(err.location().unwrap().line, Some(3));
}

/// A bulletin where two institutes share a name and differ by type.
const SHARED_NAMES: &str = "\
Istituto;Tipo istituto;date;population;official
Roma Rebibbia;CC;2024-10-31;1400;1170
Roma Rebibbia;CR;2024-10-31;380;447
Asti;CR;2024-10-31;281;207
Roma Rebibbia;CC;2024-11-30;1410;1170
Roma Rebibbia;CR;2024-11-30;377;447
";

#[test]
fn composite_id_tells_institutes_with_one_name_apart() {
    let read = TableReader::new()
        .id_columns(["Istituto", "Tipo istituto"])
        .capacity_column(CapacityKind::Official, "official")
        .read_bytes(SHARED_NAMES.as_bytes(), "it.csv")
        .unwrap();
    assert_eq!((read.accepted_rows(), read.rejects().len()), (5, 0));
    assert_eq!(read.id_columns(), ["Istituto", "Tipo istituto"]);
    let ids: Vec<&str> = read
        .panel()
        .facility_ids()
        .iter()
        .map(|f| f.as_str())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.contains(&"Roma Rebibbia | CC") && ids.contains(&"Roma Rebibbia | CR"));
    let on_oct: u64 = read
        .panel()
        .on("2024-10-31".parse().unwrap())
        .iter()
        .filter_map(|r| r.population_total())
        .sum();
    assert_eq!(on_oct, 1400 + 380 + 281);
    // With the name alone the second institute is a non-unique id, never a silent fold.
    let read = TableReader::new()
        .id_column("Istituto")
        .mode(ReadMode::Lenient)
        .read_bytes(SHARED_NAMES.as_bytes(), "it.csv")
        .unwrap();
    assert_eq!(read.rejects().len(), 2);
    assert!(read.rejects().iter().all(
        |r| matches!(r.error().kind(), ErrorKind::NonUniqueId { id, .. } if id == "Roma Rebibbia")
    ));
}

#[test]
fn composite_id_part_missing_or_holding_the_separator_is_a_reject() {
    let text = "Istituto,Tipo,date,population\nAsti,,2024-10-31,281\nA | B,CC,2024-10-31,5\nBari,CC,2024-10-31,7\n";
    let read = lenient()
        .id_columns(["Istituto", "Tipo"])
        .read_bytes(text.as_bytes(), "it.csv")
        .unwrap();
    assert_eq!((read.accepted_rows(), read.rejects().len()), (1, 2));
    let missing = read.rejects()[0].error();
    assert!(matches!(
        missing.kind(),
        ErrorKind::MissingValue {
            what: "facility id"
        }
    ));
    assert_eq!(missing.location().unwrap().column.as_deref(), Some("Tipo"));
    let sep = read.rejects()[1].error();
    assert_eq!(sep.value_problem(), Some(ValueProblem::IdSeparator));
    assert_eq!(sep.value(), Some("A | B"));
}

#[test]
fn file_without_an_id_is_one_unit() {
    let text = "date,population,design\n2020-12-31,53364,50562\n2021-12-31,54134,50851\n2022-12-31,56196,51234\n";
    let read = TableReader::new()
        .single_unit("Italy")
        .capacity_column(CapacityKind::Design, "design")
        .read_bytes(text.as_bytes(), "national.csv")
        .unwrap();
    assert_eq!(read.panel().len(), 3);
    assert_eq!(read.panel().facility_ids().len(), 1);
    assert_eq!(read.panel().facility_ids()[0].as_str(), "Italy");
    let last = read.panel().row(2).unwrap();
    assert_eq!(
        last.occupancy(&CapacityKind::Design)
            .unwrap()
            .percent_rounded(1),
        109.7
    );
    assert!(read.id_columns().is_empty());
    // Without it, the missing id column is an error, not an invented id.
    let err = TableReader::new()
        .read_bytes(text.as_bytes(), "national.csv")
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::MissingColumn { .. }));
    // A date given twice with two values in a one-unit file names the unit.
    let twice = "date,population\n2022-12-31,56196\n2022-12-31,56200\n";
    let err = TableReader::new()
        .single_unit("Italy")
        .read_bytes(twice.as_bytes(), "national.csv")
        .unwrap_err();
    assert!(err.to_string().contains("read as one unit"), "{err}");
}

#[test]
fn year_and_year_month_dates_are_periods_dated_as_labelled() {
    use overcrowding::io::PeriodDay;
    // A state series, one row per state and year, as a jail series is published.
    let text =
        "state,year,total_jail_pop\nAL,2021,15000\nAL,2022,15500\nAK,2021,2100\nAK,2022,2150\n";
    let reader = TableReader::new()
        .id_column("state")
        .date_column("year")
        .population_column("total_jail_pop");
    let read = reader
        .clone()
        .read_bytes(text.as_bytes(), "jails.csv")
        .unwrap();
    let p = read.periods().unwrap();
    assert_eq!(
        (p.years(), p.months(), p.day(), p.stated()),
        (4, 0, PeriodDay::End, false)
    );
    assert!(p.to_string().contains("assumed"), "{p}");
    assert_eq!(
        read.panel().latest_date().unwrap().to_string(),
        "2022-12-31"
    );
    // Mid-year counts, stated: dated 30 June and labelled so.
    let read = reader
        .clone()
        .period_day(PeriodDay::Mid)
        .read_bytes(text.as_bytes(), "jails.csv")
        .unwrap();
    let p = read.periods().unwrap();
    assert_eq!((p.day(), p.stated()), (PeriodDay::Mid, true));
    assert!(!p.to_string().contains("assumed"), "{p}");
    let on: u64 = read
        .panel()
        .on("2022-06-30".parse().unwrap())
        .iter()
        .filter_map(|r| r.population_total())
        .sum();
    assert_eq!(on, 15_500 + 2_150);
    // Months: a monthly bulletin; full dates beside them are counted apart.
    let text =
        "facility_id,date,population\nA,2024-01,10\nA,2024-02,11\nA,2024-03-31,12\nA,2024-13,9\n";
    let read = lenient().read_bytes(text.as_bytes(), "m.csv").unwrap();
    let p = read.periods().unwrap();
    assert_eq!((p.years(), p.months()), (0, 2));
    let dates: Vec<String> = read.panel().dates().iter().map(|d| d.to_string()).collect();
    assert_eq!(dates, ["2024-01-31", "2024-02-29", "2024-03-31"]);
    assert_eq!(
        read.rejects()[0].error().value_problem(),
        Some(ValueProblem::NoSuchDate)
    );
    assert_eq!(read.rejects()[0].error().value(), Some("2024-13"));
    // Full dates only: no periods to label.
    let read = TableReader::new()
        .read_bytes(b"facility_id,date,population\nA,2024-01-31,1\n", "d.csv")
        .unwrap();
    assert!(read.periods().is_none());
}

#[test]
fn average_counts_are_rejected_with_the_choice_or_rounded_by_the_named_rule() {
    use overcrowding::exact::Rounding;
    use overcrowding::io::FractionalCounts;
    // Averaged estimates, as a jail series publishes them.
    let text = "state,year,adp\nAL,2022,7946.75\nAK,2022,140.5\nAZ,2022,141.5\nCA,2022,60000\n";
    let reader = TableReader::new()
        .id_column("state")
        .date_column("year")
        .population_column("adp");
    let read = reader
        .clone()
        .mode(ReadMode::Lenient)
        .read_bytes(text.as_bytes(), "adp.csv")
        .unwrap();
    assert_eq!((read.accepted_rows(), read.rejects().len()), (1, 3));
    let msg = read.rejects()[0].reason();
    assert!(
        msg.contains("\"7946.75\"") && msg.contains("half to even"),
        "{msg}"
    );
    for (rule, al, ak, az) in [
        (Rounding::HalfToEven, 7947, 140, 142),
        (Rounding::HalfAwayFromZero, 7947, 141, 142),
    ] {
        let read = reader
            .clone()
            .fractional_counts(FractionalCounts::Round(rule))
            .read_bytes(text.as_bytes(), "adp.csv")
            .unwrap();
        assert_eq!(read.rounded_counts(), 3);
        let pop = |id: &str| {
            read.panel()
                .rows()
                .iter()
                .find(|r| r.id().as_str() == id)
                .and_then(|r| r.population_total())
        };
        assert_eq!(
            (pop("AL"), pop("AK"), pop("AZ"), pop("CA")),
            (Some(al), Some(ak), Some(az), Some(60_000))
        );
    }
}

fn published_sheet() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/published_sheet.xlsx"
    ))
    .unwrap()
}

#[test]
fn sheet_with_a_preamble_and_a_grand_total_row() {
    let read = TableReader::new()
        .skip_rows(11)
        .id_column("Prison")
        .group_column("Region")
        .as_of("2024-06-30".parse().unwrap())
        .population_column("Prisoners")
        .capacity_column(CapacityKind::Operational, "Operational capacity")
        .read_bytes(&published_sheet(), "corrections.xlsx")
        .unwrap();
    assert_eq!(read.sheet(), Some("Table 1"));
    assert_eq!(
        (
            read.accepted_rows(),
            read.rejects().len(),
            read.skipped().len()
        ),
        (3, 0, 1)
    );
    let total = &read.skipped()[0];
    assert_eq!(total.line(), 16);
    assert_eq!(
        total.why(),
        &SkipReason::Totals {
            label: "Grand Total".into()
        }
    );
    // The totals row is not summed: 953 + 872 + 1011 held, not twice that.
    let held: u64 = read.panel().population_column().values().iter().sum();
    assert_eq!(held, 2_836);
}

#[test]
fn sheet_rows_to_skip_count_from_the_first_row_and_totals_labelled_beside_an_empty_id() {
    // The second sheet's used range starts on row 4: three rows to skip, as the user counts.
    let read = TableReader::new()
        .sheet("By region")
        .skip_rows(3)
        .id_column("Prison")
        .as_of("2024-06-30".parse().unwrap())
        .population_column("Prisoners")
        .read_bytes(&published_sheet(), "corrections.xlsx")
        .unwrap();
    assert_eq!((read.accepted_rows(), read.rejects().len()), (2, 0));
    assert_eq!(read.skipped().len(), 1);
    assert_eq!(read.skipped()[0].line(), 7);
    assert_eq!(
        read.skipped()[0].why(),
        &SkipReason::Totals {
            label: "Total".into()
        }
    );
}

#[test]
fn missing_column_error_lists_the_columns_and_the_closest() {
    let err = TableReader::new()
        .skip_rows(11)
        .id_column("Prison")
        .as_of("2024-06-30".parse().unwrap())
        .population_column("Prisoner")
        .read_bytes(&published_sheet(), "corrections.xlsx")
        .unwrap_err();
    match err.kind() {
        ErrorKind::MissingColumn {
            column,
            found,
            closest,
            ..
        } => {
            assert_eq!(column, "Prisoner");
            assert_eq!(found.len(), 4);
            assert_eq!(closest.as_deref(), Some("Prisoners"));
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("\"Operational capacity\"") && msg.contains("did you mean \"Prisoners\"?"),
        "{msg}"
    );
    // Nothing close: the columns, no guess.
    let err = TableReader::new()
        .read_bytes(b"Istituto,date,population\nA,2024-10-31,1\n", "it.csv")
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingColumn { closest: None, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("(the columns are \"Istituto\", \"date\", \"population\")"),
        "{err}"
    );
}

#[test]
fn totals_rows_in_many_languages_are_skipped_as_whole_cells_never_as_part_of_an_id() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/totals_many_languages.csv"
    ))
    .unwrap();
    let read = TableReader::new()
        .id_column("Prison")
        .group_column("Region")
        .mode(ReadMode::Lenient)
        .read_bytes(&bytes, "totals_many_languages.csv")
        .unwrap();
    // Eleven prisons, among them Totalville, Summerhill, Sumter and Gesamtschule Nord: a
    // totals word inside an id is not a totals row.
    let mut ids: Vec<String> = read
        .panel()
        .rows()
        .iter()
        .map(|r| r.id().as_str().to_string())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "Butyrka",
            "Fresnes",
            "Gesamtschule Nord",
            "Linhó",
            "Nieuwegein",
            "Roma Rebibbia",
            "Stadelheim",
            "Summerhill",
            "Sumter",
            "Tegel",
            "Totalville"
        ]
    );
    assert_eq!(read.rejects().len(), 0);
    // Every totals row skipped with the label as written, not summed: the sum is the recount
    // of the prisons' rows (8,900), not a multiple of it.
    let labels: Vec<&str> = read
        .skipped()
        .iter()
        .map(|s| match s.why() {
            SkipReason::Totals { label } => label.as_str(),
            other => panic!("line {}: {other}", s.line()),
        })
        .collect();
    assert_eq!(
        labels,
        [
            "Total",
            "Subtotal",
            "Totale",
            "TOTAL GÉNÉRAL",
            "Insgesamt",
            "Summe",
            "Gesamt",
            "Totaal",
            "Total geral",
            "Итого:",
            "Totale generale",
            "Grand Total",
            "Sum"
        ]
    );
    let held: u64 = read.panel().population_column().values().iter().sum();
    assert_eq!(held, 8_900);
    assert_eq!(read.total_rows(), 24);
}
