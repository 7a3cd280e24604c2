//! The configurable table reader (CSV and spreadsheets) and the data-quality screen, as a new
//! user would call them, plus a fuzz of the reader's accounting.

use overcrowding::ErrorKind;
use overcrowding::error::ValueProblem;
use overcrowding::io::{Encoding, ReadMode, TableRead, TableReader};
use overcrowding::screen::{Rule, ScreenOptions, screen};
use overcrowding::system::{SummaryOptions, summarize_panel_groups};
use overcrowding::{CapacityKind, StatusGroup};
use proptest::prelude::*;

fn us_reader() -> TableReader {
    TableReader::new()
        .id_column("Facility.ID")
        .group_column("State")
        .name_column("Name")
        .as_of("2020-02-29".parse().unwrap())
        .population_column("Population.Feb20")
        .capacity_column(CapacityKind::Design, "Capacity")
        .capacity_column(CapacityKind::Operational, "Operational.Capacity")
        .mode(ReadMode::Lenient)
}

fn accounted(read: &TableRead) {
    assert_eq!(
        read.total_rows(),
        read.accepted_rows() + read.rejects().len() + read.skipped().len()
    );
}

#[test]
fn na_population_is_kept_and_counted_in_coverage() {
    let mut text =
        String::from("Facility.ID,State,Name,Population.Feb20,Capacity,Operational.Capacity\n");
    for i in 0..39 {
        let pop = if i < 27 {
            (800 + i).to_string()
        } else {
            "NA".to_string()
        };
        text.push_str(&format!("AL{i:03},AL,Prison {i},{pop},1000,NA\n"));
    }
    text.push_str("AK001,AK,Goose Creek,1400,1536,NA\n");
    let read = us_reader().read_bytes(text.as_bytes(), "us.csv").unwrap();
    accounted(&read);
    assert_eq!((read.accepted_rows(), read.rejects().len()), (40, 0));
    let groups = summarize_panel_groups(
        read.panel(),
        "State",
        &SummaryOptions::new(CapacityKind::Design),
    )
    .unwrap();
    let al = groups
        .iter()
        .find(|g| g.group.as_deref() == Some("AL"))
        .unwrap();
    assert_eq!(
        (al.summary.coverage.covered, al.summary.coverage.facilities),
        (27, 39)
    );
    assert_eq!(al.summary.coverage.missing.len(), 12);
}

#[test]
fn semicolon_file_with_decimal_comma_and_dot_thousands() {
    let text = "id;name;date;population;design\nF1;Fresnes;01/06/2021;1.234;1.000\nF2;Fleury;01/06/2021;2.876,0;2.855\nF3;Nanterre;01/06/2021;12,5;500\n";
    let read = TableReader::new()
        .id_column("id")
        .date_format("%d/%m/%Y")
        .capacity_column(CapacityKind::Design, "design")
        .thousands(b'.')
        .decimal(b',')
        .mode(ReadMode::Lenient)
        .read_bytes(text.as_bytes(), "fr.csv")
        .unwrap();
    accounted(&read);
    assert_eq!(read.delimiter(), Some(b';'));
    let recs: Vec<_> = read.panel().rows().iter().collect();
    assert_eq!(recs[0].population_total(), Some(1_234));
    assert_eq!(recs[1].population_total(), Some(2_876));
    assert_eq!(recs[0].date().to_string(), "2021-06-01");
    let e = read.rejects()[0].error();
    assert_eq!(e.value_problem(), Some(ValueProblem::Fractional));
    assert_eq!(e.line(), Some(4));
    assert_eq!(
        read.rejects()[0].reason(),
        "line 4, column \"population\" (facility \"F3\"): population \"12,5\" is not a whole number (a published average? read such counts exactly as decimals — fractional counts exact — or rounded by a rule you name: fractional counts rounded half away from zero or half to even)"
    );
}

#[test]
fn thousands_separator_without_the_option_says_so() {
    let read = TableReader::new()
        .mode(ReadMode::Lenient)
        .read_bytes(
            b"facility_id,date,population\nA,2021-06-30,\"1,234\"\n",
            "t.csv",
        )
        .unwrap();
    assert!(read.rejects()[0].reason().ends_with(
        "population \"1,234\" has a thousands separator; write a plain integer (1234) or set the reader's thousands separator"
    ));
    assert_eq!(
        read.rejects()[0].error().value_problem(),
        Some(ValueProblem::ThousandsSeparator)
    );
}

#[test]
fn windows_1252_and_utf16_files() {
    let latin = b"facility_id,name,date,population\nMA,Mont\xE9r\xE9gie,2021-06-30,7\n";
    let read = TableReader::new().read_bytes(latin, "qc.csv").unwrap();
    assert_eq!(read.encoding(), "windows-1252");
    assert_eq!(read.panel().row(0).unwrap().name(), Some("Montérégie"));
    let text = "facility_id,name,date,population\nMA,Montérégie,2021-06-30,7\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
        let read = TableReader::new().read_bytes(&bytes, "qc.csv").unwrap();
        assert_eq!(read.encoding(), name);
        assert_eq!(read.panel().row(0).unwrap().name(), Some("Montérégie"));
        assert_eq!(read.panel().row(0).unwrap().population_total(), Some(7));
    }
    // Told it is UTF-8, a Latin-1 field is a reject naming its line, not a garbled name.
    let read = TableReader::new()
        .encoding(Encoding::Utf8)
        .mode(ReadMode::Lenient)
        .read_bytes(latin, "qc.csv")
        .unwrap();
    assert_eq!(read.rejects()[0].line(), 2);
    assert!(read.rejects()[0].reason().contains("not valid UTF-8"));
}

fn check_spreadsheet(read: &TableRead, kind: &str) {
    accounted(read);
    assert_eq!(read.encoding(), kind);
    assert!(read.sheet().is_some());
    assert_eq!(read.delimiter(), None);
    assert_eq!((read.accepted_rows(), read.rejects().len()), (4, 2));
    let sheet = read.sheet().unwrap();
    // The formula error cell =1/0 and the text in a count column, by sheet and cell.
    let formula = read.rejects()[0].error();
    assert_eq!(formula.value_problem(), Some(ValueProblem::FormulaError));
    let at = formula.location().unwrap();
    assert_eq!(at.cell.as_deref(), Some("D6"));
    // XLSX keeps the error value; ODS (as calamine reads it) only the formula, quoted as
    // written (the problem, a formula error cell, is typed).
    let value = if kind == "xlsx" { "#DIV/0!" } else { "=1/0" };
    assert_eq!(
        read.rejects()[0].reason(),
        format!(
            "{sheet}!D6, column \"Population.Feb20\" (facility \"AL005\"): Population.Feb20 \"{value}\" is a formula error cell"
        )
    );
    assert!(
        read.rejects()[1]
            .reason()
            .starts_with(&format!("{sheet}!D7, column \"Population.Feb20\""))
    );
    assert!(
        read.rejects()[1]
            .reason()
            .ends_with("Population.Feb20 \"many\" is text, not a number")
    );
    assert_eq!(
        read.rejects()[1].error().value_problem(),
        Some(ValueProblem::Text)
    );
    let p = read.panel();
    let elmore = p.facility("AL003").next().unwrap();
    assert_eq!(elmore.population_total(), None);
    assert_eq!(elmore.capacity(&CapacityKind::Design), Some(1_176));
    let donaldson = p.facility("AL002").next().unwrap();
    assert!(donaldson.lists_capacity(&CapacityKind::Operational));
    assert_eq!(donaldson.capacity(&CapacityKind::Operational), None);
    let s = screen(p, &ScreenOptions::new());
    let implausible: Vec<_> = s.of_rule(Rule::ImplausibleOccupancy).collect();
    assert_eq!(implausible.len(), 1);
    assert_eq!(
        (implausible[0].facility(), implausible[0].value()),
        (Some("AL004"), Some(3_290))
    );
}

#[test]
fn xlsx_written_by_libreoffice() {
    let read = us_reader()
        .read_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/us_facilities.xlsx"
        ))
        .unwrap();
    check_spreadsheet(&read, "xlsx");
    // Strict: the first bad cell is the error.
    let err = us_reader()
        .mode(ReadMode::Strict)
        .read_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/us_facilities.xlsx"
        ))
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidValue { .. }));
    // A range and a sheet by index.
    let read = us_reader()
        .sheet_index(0)
        .range("A1:F4")
        .read_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/us_facilities.xlsx"
        ))
        .unwrap();
    assert_eq!(read.total_rows(), 3);
    let err = us_reader()
        .sheet("Nope")
        .read_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/us_facilities.xlsx"
        ))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("has no sheet \"Nope\" (its sheets: us_facilities)"),
        "{err}"
    );
}

#[test]
fn ods_written_by_libreoffice() {
    let read = us_reader()
        .read_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/us_facilities.ods"
        ))
        .unwrap();
    check_spreadsheet(&read, "ods");
}

#[test]
fn long_file_folds_and_conflicts_name_both_lines() {
    let text = "facility_id,date,capacity_kind,capacity,population,untried\nA,2021-06-30,design,100,120,40\nA,2021-06-30,operational,110,120,40\nA,2021-06-30,rated,90,125,40\nB,2021-06-30,design,100,80,\n";
    let read = TableReader::new()
        .mode(ReadMode::Lenient)
        .read_bytes(text.as_bytes(), "long.csv")
        .unwrap();
    accounted(&read);
    assert_eq!((read.accepted_rows(), read.panel().len()), (3, 2));
    let a = read.panel().facility("A").next().unwrap();
    assert_eq!(a.capacities().count(), 2);
    assert_eq!(a.population().unwrap().legal_status().untried, Some(40));
    let reason = read.rejects()[0].reason();
    assert!(
        reason.contains("line 2") && reason.contains("line 4"),
        "{reason}"
    );
    // A status column by another name.
    let read = TableReader::new()
        .status_column(StatusGroup::Untried, "remand")
        .read_bytes(
            b"facility_id,date,population,remand\nA,2021-06-30,10,11\n",
            "t.csv",
        );
    assert!(read.is_err());
}

#[test]
fn notes_totals_blank_lines_and_skip_rows_are_accounted() {
    let text = "Prison list, June 2021\n\nfacility_id,date,population\nA,2021-06-30,1\n\n   \nTotal,2021-06-30,1\nfacility_id,date,population\nB,2021-06-30\nNote: figures are provisional\n\n";
    let read = TableReader::new()
        .skip_rows(2)
        .mode(ReadMode::Lenient)
        .read_bytes(text.as_bytes(), "t.csv")
        .unwrap();
    accounted(&read);
    let lines: Vec<usize> = read.skipped().iter().map(|s| s.line()).collect();
    assert_eq!(lines, vec![5, 6, 7, 8, 10, 11]);
    assert_eq!(read.rejects()[0].line(), 9);
    assert_eq!(read.total_rows(), 8);
}

#[test]
fn missing_columns_and_bad_options_are_errors() {
    let err = TableReader::new()
        .read_bytes(b"facility_id;date;population\n", "t.csv")
        .map(|r| r.delimiter());
    assert_eq!(err.unwrap(), Some(b';'));
    let err = TableReader::new()
        .delimiter(b',')
        .read_bytes(b"facility_id;date;population\n", "t.csv")
        .unwrap_err();
    assert!(err.to_string().contains("is the delimiter right?"), "{err}");
    assert!(
        TableReader::new()
            .date_format("%Q")
            .read_bytes(b"facility_id,date,population\n", "t")
            .is_err()
    );
    assert!(TableReader::new().read_bytes(b"", "t.csv").is_err());
    assert!(TableReader::new().read_bytes(b"", "t.xlsx").is_err());
}

#[test]
fn hmpps_partial_month_is_flagged() {
    let panel = overcrowding::datasets::hmpps_bulletin()
        .unwrap()
        .to_panel()
        .unwrap();
    let s = screen(&panel, &ScreenOptions::new());
    let partial: Vec<_> = s.of_rule(Rule::PartialReport).collect();
    let march = partial
        .iter()
        .find(|f| f.date().to_string() == "2013-03-22")
        .expect("2013-03-22 flagged");
    assert_eq!(march.value(), Some(62_754));
    assert!(
        march.why().starts_with("95 facilities holding 62,754"),
        "{}",
        march.why()
    );
    let kept = panel.without(&s.exclusions_for(&[Rule::PartialReport]));
    assert!(kept.on("2013-03-22".parse().unwrap()).is_empty());
    assert_eq!(panel.on("2013-03-22".parse().unwrap()).len(), 95);
}

#[test]
fn cdcr_repeated_capacities_are_flagged() {
    let t = overcrowding::datasets::cdcr_tpop1().unwrap();
    let rows = t.to_row_panel().unwrap();
    let s = screen(&rows, &ScreenOptions::new().with_sub_rows("institution"));
    let design: Vec<_> = s
        .of_rule(Rule::SubRowRepeatsParent)
        .filter(|f| f.kind() == Some(&CapacityKind::Design))
        .collect();
    // Every repeated pair the reader lists, both rows.
    assert_eq!(design.len(), 2 * t.repeated_capacities().len());
    let ccwf = design
        .iter()
        .find(|f| {
            f.date().to_string() == "2021-01-31"
                && f.facility().is_some_and(|id| id.starts_with("CCWF"))
        })
        .unwrap();
    assert_eq!(ccwf.value(), Some(2_004));
    // The institution panel has no sub-rows, so nothing to flag there.
    let p = t.to_panel().unwrap();
    assert_eq!(
        screen(&p, &ScreenOptions::new().with_sub_rows("institution"))
            .of_rule(Rule::SubRowRepeatsParent)
            .count(),
        0
    );
}

fn real_slices() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    [
        "hmpps_monthly_bulletin_2012_2024.csv",
        "cdcr_tpop1_institutions_2015_2026.csv",
        "bjs_prisoners_2022_table21.csv",
    ]
    .iter()
    .map(|f| {
        let b = std::fs::read(format!("{dir}/{f}")).unwrap();
        b[..b.len().min(3_000)].to_vec()
    })
    .collect()
}

fn fuzz_readers() -> Vec<TableReader> {
    vec![
        TableReader::new(),
        TableReader::new()
            .id_column("Prison Name")
            .date_column("Report_Date")
            .population_column("Population *")
            .capacity_column(CapacityKind::Operational, "Operational Capacity")
            .capacity_column(CapacityKind::InUseCna, "In Use CNA"),
        TableReader::new()
            .id_column("cdcr_code")
            .date_column("report_date")
            .group_column("gender")
            .population_column("felon_other")
            .capacity_column(CapacityKind::Design, "design_capacity")
            .thousands(b',')
            .missing("-999"),
    ]
}

fn check_fuzz(bytes: &[u8], name: &str) {
    for reader in fuzz_readers() {
        for mode in [ReadMode::Strict, ReadMode::Lenient] {
            if let Ok(read) = reader.clone().mode(mode).read_bytes(bytes, name) {
                accounted(&read);
                if mode == ReadMode::Strict {
                    assert!(read.rejects().is_empty());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_fuzz(&bytes, "fuzz.csv");
        check_fuzz(&bytes, "fuzz.xlsx");
    }

    #[test]
    fn mutated_real_files_keep_the_accounting(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = real_slices().swap_remove(which);
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        check_fuzz(&bytes, "mutated.csv");
    }
}
