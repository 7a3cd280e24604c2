//! The facility table against hostile input, and the write → read round trip.

use overcrowding::ErrorKind;
use overcrowding::error::ValueProblem;
use overcrowding::io::{
    ReadMode, read_facility_table, read_facility_table_from_reader, write_facility_table,
};
use overcrowding::model::PanelBuilder;
use overcrowding::{CapacityKind, LegalStatus, Panel};
use proptest::prelude::*;

/// A BOM, CRLF endings, blank lines, and one of each kind of bad row.
fn hostile() -> Vec<u8> {
    let mut f: Vec<u8> = Vec::new();
    f.extend_from_slice(b"\xEF\xBB\xBF");
    let lines: [&[u8]; 19] = [
        b"facility_id,name,date,capacity_kind,capacity,population,untried,convicted_unsentenced,under_appeal,sentenced,region", // 1
        b"CC1,Centre 1,2021-06-30,design,2050,4361,1000,100,50,3211,North", // 2 ok
        b"CC1,Centre 1,2021-06-30,operational,3000,4361,1000,100,50,3211,North", // 3 ok
        b"",                                                                 // 4 blank
        b"CC2,Centre 2,2021-06-30,design,800,-3,,,,,South",                  // 5 negative
        b"CC3,Centre 3,2021-06-30,design,-999,700,,,,,South",                // 6 sentinel
        b"CC4,Centre 4,2021-06-30,design,900,NA,,,,,East",                   // 7 NA
        b"CC5,Centre 5,2021-06-30,design,\"1,234\",1000,,,,,East",           // 8 separator
        b"",                                                                 // 9 blank
        b"",                                                                 // 10 blank
        b"CC1,Centre 1 again,2021-06-30,design,2100,4361,1000,100,50,3211,North", // 11 duplicate
        b"CC6,Centre \xFF\xFE,2021-06-30,design,500,400,,,,,West",           // 12 not UTF-8
        b"Total,,2021-06-30,design,4250,9000,,,,,",                          // 13 totals row
        b"CC7,Centre 7,2021-02-30,design,500,400,,,,,West",                  // 14 no such date
        b"CC8,Centre 8,2021-06-30,design,500,400,450,,,,West",               // 15 part > total
        b"CC9,Centre 9,2021-06-30,design,500,400,100,10,10,100,West",        // 16 sum != total
        b"CC10,Centre 10,2021-06-30,rated,12.0,400,,,,,West",                // 17 12.0
        b"CC11,Centre 11,2021-06-30,design,600,450,,,,,West",                // 18 ok
        b"CC12,Centre 12,2021-06-3",                                         // 19 truncated
    ];
    for (i, l) in lines.iter().enumerate() {
        f.extend_from_slice(l);
        if i + 1 < lines.len() {
            f.extend_from_slice(b"\r\n");
        }
    }
    f
}

#[test]
fn hostile_file_lenient_accounts_for_every_row() {
    let t =
        read_facility_table_from_reader(&hostile()[..], ReadMode::Lenient, "hostile.csv").unwrap();
    assert_eq!(t.accepted(), 3);
    assert_eq!(t.rejects().len(), 12);
    assert_eq!(t.total_rows(), t.accepted() + t.rejects().len());
    assert_eq!(t.total_rows(), 15); // 19 lines - header - 3 blank
    // Lines 2 and 3 (CC1, two capacity kinds) and 18 (CC11).
    assert_eq!(
        t.panel()
            .rows()
            .iter()
            .map(|r| r.id().as_str())
            .collect::<Vec<_>>(),
        ["CC1", "CC11"]
    );
    let cc1 = t.panel().row(0).unwrap();
    assert_eq!(cc1.id().as_str(), "CC1"); // BOM stripped
    assert_eq!(cc1.groups().collect::<Vec<_>>(), [("region", "North")]);

    let expected: [(usize, &str); 12] = [
        (
            5,
            "line 5, column \"population\" (facility \"CC2\"): population \"-3\" is negative",
        ),
        (
            6,
            "line 6, column \"capacity\" (facility \"CC3\"): capacity \"-999\" is a missing-value sentinel",
        ),
        (
            7,
            "line 7, column \"population\" (facility \"CC4\"): population \"NA\" is a missing-value sentinel",
        ),
        (
            8,
            "line 8, column \"capacity\" (facility \"CC5\"): capacity \"1,234\" has a thousands separator",
        ),
        (
            11,
            "line 11 (facility \"CC1\") on 2021-06-30: facility, date and capacity kind appears twice (first on line 2)",
        ),
        (
            12,
            "line 12, column \"name\" (facility \"CC6\"): field 2 is not valid UTF-8 (byte 8",
        ),
        (
            13,
            "line 13, column \"facility_id\" (facility \"Total\"): facility_id \"Total\" looks like a totals row",
        ),
        (
            14,
            "line 14, column \"date\" (facility \"CC7\"): date \"2021-02-30\" is not a real date (no such day in the calendar)",
        ),
        (
            15,
            "line 15, column \"untried\" (facility \"CC8\"): untried (450) exceeds population (400)",
        ),
        (
            16,
            "line 16 (facility \"CC9\"): legal-status components sum to 220 but the total population is 400",
        ),
        (
            17,
            "line 17, column \"capacity\" (facility \"CC10\"): capacity \"12.0\" is written with a decimal point",
        ),
        (
            19,
            "line 19 (facility \"CC12\"): has 3 fields but the header has 11 (a truncated row?)",
        ),
    ];
    for (reject, (line, reason)) in t.rejects().iter().zip(expected) {
        assert_eq!(reject.line(), line, "{}", reject.reason());
        assert!(
            reject.reason().starts_with(reason),
            "line {line}: {}",
            reject.reason()
        );
    }
    assert_eq!(t.rejects()[11].raw(), "CC12,Centre 12,2021-06-3");
    assert_eq!(
        t.rejects()[0].raw(),
        "CC2,Centre 2,2021-06-30,design,800,-3,,,,,South"
    );
    assert!(t.rejects()[5].raw().contains('\u{FFFD}'));

    // Two capacity kinds of CC1 on one date become one panel row.
    assert_eq!(t.panel().len(), 2);
    assert_eq!(cc1.capacities().count(), 2);
    assert_eq!(
        cc1.occupancy(&CapacityKind::Design)
            .unwrap()
            .percent_rounded_string(1)
            .unwrap(),
        "212.7"
    );
}

#[test]
fn hostile_file_strict_fails_at_the_first_bad_line() {
    let err = read_facility_table_from_reader(&hostile()[..], ReadMode::Strict, "hostile.csv")
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidValue { value, problem: ValueProblem::Negative }
            if value == "-3")
    );
    assert_eq!(err.line(), Some(5));
    assert_eq!(
        err.to_string(),
        "line 5, column \"population\" (facility \"CC2\"): population \"-3\" is negative; counts are ≥ 0"
    );
}

#[test]
fn from_a_path() {
    let path = std::env::temp_dir().join(format!(
        "overcrowding_it_hostile_{}.csv",
        std::process::id()
    ));
    std::fs::write(&path, hostile()).unwrap();
    let t = read_facility_table(&path, ReadMode::Lenient).unwrap();
    assert_eq!(t.total_rows(), 15);
    assert!(t.source_name().ends_with(".csv"));
    std::fs::remove_file(&path).unwrap();
}

/// One facility on one date as the old row type held it: id, name, date, capacity kind and
/// places, population, legal status, region.
type RowParts = (
    String,
    Option<String>,
    jiff::civil::Date,
    Option<(CapacityKind, u64)>,
    u64,
    LegalStatus,
    String,
);

fn row_strategy() -> impl Strategy<Value = RowParts> {
    (
        "[A-Za-z][A-Za-z0-9 ,\"'é-]{0,10}[A-Za-z0-9]",
        proptest::option::of("[A-Za-z][A-Za-z ,]{0,8}[a-z]"),
        (2000i16..2030, 1i8..=12, 1i8..=28),
        proptest::option::of(prop_oneof![
            Just(CapacityKind::Design),
            Just(CapacityKind::Operational),
            Just(CapacityKind::InUseCna),
            Just(CapacityKind::Custom("beds".to_string())),
        ]),
        proptest::option::of(1u64..u64::MAX),
        0u64..1_000_000,
        (0u64..4, proptest::collection::vec(proptest::bool::ANY, 4)),
        "[a-z ,\"]{0,6}",
    )
        .prop_map(
            |(id, name, (y, m, d), kind, cap, pop, (share, given), region)| {
                // Components: each a quarter-ish of the population; all four sum to it.
                let q = pop / 4;
                let parts = [q, q, q, pop - 3 * q];
                let pick = |i: usize| given[i].then_some(parts[i] / (share + 1) * (share + 1));
                let mut ls = LegalStatus {
                    untried: pick(0),
                    convicted_unsentenced: pick(1),
                    under_appeal: pick(2),
                    sentenced: pick(3),
                };
                if given.iter().all(|g| *g) {
                    ls = LegalStatus {
                        untried: Some(parts[0]),
                        convicted_unsentenced: Some(parts[1]),
                        under_appeal: Some(parts[2]),
                        sentenced: Some(parts[3]),
                    };
                }
                (
                    format!("F{id}"),
                    name,
                    jiff::civil::date(y, m, d),
                    kind.zip(cap),
                    pop,
                    ls,
                    region,
                )
            },
        )
}

/// The rows as a panel, built column by column with the builder.
fn panel_of(rows: &[RowParts]) -> Panel {
    let mut b = PanelBuilder::new();
    let region = b.group_slot("region");
    for (id, name, date, cap, pop, ls, reg) in rows {
        b.begin(id, *date).unwrap();
        if let Some(n) = name {
            b.name(n);
        }
        // A cell is read trimmed, and an empty one is no value.
        if !reg.trim().is_empty() {
            b.group(region, reg.trim());
        }
        b.population(*pop);
        b.legal_status(*ls);
        if let Some((kind, places)) = cap {
            let slot = b.capacity_slot(kind.clone());
            b.capacity(slot, Some(*places)).unwrap();
        }
        b.commit().unwrap();
    }
    b.finish().unwrap()
}

proptest! {
    #[test]
    fn write_then_read_gives_the_same_rows(rows in proptest::collection::vec(row_strategy(), 0..20)) {
        // One row per facility and date (the reader rejects duplicates by design).
        let mut seen = std::collections::HashSet::new();
        let rows: Vec<RowParts> = rows
            .into_iter()
            .filter(|r| seen.insert((r.0.clone(), r.2)))
            .collect();
        let panel = panel_of(&rows);
        let mut out = Vec::new();
        write_facility_table(&panel, &mut out).unwrap();
        let back = read_facility_table_from_reader(&out[..], ReadMode::Strict, "rt").unwrap();
        prop_assert_eq!(back.accepted(), rows.len());
        prop_assert!(back.rejects().is_empty());
        prop_assert_eq!(back.panel(), &panel);
    }
}

#[test]
fn header_names_match_regardless_of_case_and_never_twice() {
    use overcrowding::io::{ReadMode, read_facility_table_from_str};
    let t = read_facility_table_from_str(
        "Facility_ID,DATE,Population\nA,2021-06-30,5\n",
        ReadMode::Strict,
        "t",
    )
    .unwrap();
    assert_eq!(t.panel().row(0).unwrap().population_total(), Some(5));
    let e = read_facility_table_from_str(
        "facility_id,date,population,Population\nA,2021-06-30,5,6\n",
        ReadMode::Lenient,
        "t",
    )
    .unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
    let e = read_facility_table_from_str(
        "facility_id;date;population\nA;2021-06-30;5\n",
        ReadMode::Lenient,
        "t",
    )
    .unwrap_err();
    assert!(e.to_string().contains("other than commas"), "{e}");
}
