//! Hostile input (issue 13): one regression test per reproducer, then property tests over the
//! public entry points with arbitrary values (serde-built ones included), then the readers'
//! fuzz targets replayed on stable.

#[cfg(feature = "io")]
mod readers {
    use overcrowding::Error;
    use overcrowding::io::{
        ReadMode, read_bjs_table21_from_bytes, read_cdcr_tpop1_from_bytes,
        read_facility_table_from_str, read_hmpps_bulletin_from_bytes,
    };
    use std::time::Instant;

    const HEADER: &str = "facility_id,date,population";

    #[test]
    fn header_check_is_linear_in_the_number_of_columns() {
        let mut header = String::from(HEADER);
        for i in 0..80_000 {
            header.push_str(&format!(",extra_{i}"));
        }
        header.push('\n');
        let t0 = Instant::now();
        let t = read_facility_table_from_str(&header, ReadMode::Lenient, "wide").unwrap();
        assert_eq!(t.columns().len(), 80_003);
        // Quadratic took 13.6 s for 80k columns; linear takes milliseconds (debug build).
        assert!(t0.elapsed().as_secs_f64() < 3.0, "{:?}", t0.elapsed());
    }

    fn two_hundred_lines_with_unclosed_quote_on_line_12() -> String {
        let mut text = String::from(HEADER);
        text.push('\n');
        for i in 2..=200 {
            if i == 12 {
                text.push_str("\"Durham,2021-06-30,5\n");
            } else {
                text.push_str(&format!("F{i},2021-06-30,{i}\n"));
            }
        }
        text
    }

    #[test]
    fn unclosed_quote_is_reported_at_its_line() {
        let text = two_hundred_lines_with_unclosed_quote_on_line_12();
        let t = read_facility_table_from_str(&text, ReadMode::Lenient, "t").unwrap();
        assert_eq!(t.rejects().len(), 1);
        assert_eq!(t.rejects()[0].line(), 12);
        assert!(
            t.rejects()[0].reason().contains("quote"),
            "{}",
            t.rejects()[0].reason()
        );
        // Every line after the quote is a row: 199 data lines in, 198 accepted + 1 rejected.
        assert_eq!(t.accepted(), 198);
        assert_eq!(t.total_rows(), 199);
        let err = read_facility_table_from_str(&text, ReadMode::Strict, "t").unwrap_err();
        assert!(matches!(err, Error::UnclosedQuote { line: 12 }), "{err}");
    }

    #[test]
    fn unclosed_quote_in_the_header_is_an_error() {
        let err = read_facility_table_from_str(
            "\"facility_id,date,population\nA,2021-06-30,1\n",
            ReadMode::Lenient,
            "t",
        )
        .unwrap_err();
        assert!(matches!(err, Error::UnclosedQuote { line: 1 }), "{err}");
    }

    #[test]
    fn quoted_empty_field_lines_are_data_not_blank() {
        for line in ["\"\"", "\" \"", "\"\t\""] {
            let text = format!("{HEADER}\nA,2021-06-30,1\n{line}\n\n   \nB,2021-06-30,2\n");
            let t = read_facility_table_from_str(&text, ReadMode::Lenient, "t").unwrap();
            assert_eq!(t.accepted(), 2, "{line}");
            assert_eq!(t.rejects().len(), 1, "{line}");
            assert_eq!(t.rejects()[0].line(), 3);
            assert!(read_facility_table_from_str(&text, ReadMode::Strict, "t").is_err());
        }
    }

    fn bjs_bytes() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/bjs_prisoners_2022_table21.csv"
        ))
        .unwrap()
    }

    #[test]
    fn bjs_text_line_inside_the_table_is_an_error_not_the_end() {
        let bytes = bjs_bytes();
        let mut lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
        lines.insert(20, b"Note: figures revised,,,,,,,,,\r\n");
        let patched: Vec<u8> = lines.concat();
        let err = read_bjs_table21_from_bytes(&patched, "bjs").unwrap_err();
        assert!(err.to_string().contains("line 21"), "{err}");
        // The real notes after the table are still recognised: the file reads whole.
        assert_eq!(
            read_bjs_table21_from_bytes(&bytes, "bjs")
                .unwrap()
                .rows()
                .len(),
            51
        );
    }

    #[test]
    fn hmpps_duplicate_column_names_both_positions() {
        let text = b"Operational Capacity,In Use CNA,Prison Name,Report_Date,Baseline CNA,Population *,Prison Name\n1204.0,794.0,Altcourse,2012-01-27,794,1147.0,Other\n";
        let err = read_hmpps_bulletin_from_bytes(text, "hmpps").unwrap_err();
        assert!(
            matches!(
                &err,
                Error::DuplicateColumn {
                    first: 3,
                    second: 7,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("positions 3 and 7"), "{err}");
    }

    #[test]
    fn cdcr_duplicate_column_names_both_positions() {
        let text = b"report_date,cdcr_code,institution_name,gender,felon_other,design_capacity,pct_occupied,staffed_capacity,design_capacity\n2015-01-28,ASP,Avenal SP,Male,4062,2920,139.1,4702,1\n";
        let err = read_cdcr_tpop1_from_bytes(text, "cdcr").unwrap_err();
        assert!(
            matches!(
                &err,
                Error::DuplicateColumn {
                    first: 6,
                    second: 9,
                    ..
                }
            ),
            "{err}"
        );
    }
}
