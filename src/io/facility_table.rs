//! The crate's own facility table: one row per facility, date and capacity kind.
//!
//! # Format
//!
//! UTF-8 (a BOM is allowed), comma-separated, LF or CRLF, a header row, blank lines (empty
//! or white space only) ignored: they count as lines, not as rows.
//! Columns in any order, extra columns kept: `facility_id` (required), `name`, `date`
//! (required, `YYYY-MM-DD`), `capacity_kind`, `capacity` (integer ≥ 1; empty = not reported),
//! `population` (required, integer ≥ 0), and the legal-status counts `untried`,
//! `convicted_unsentenced`, `under_appeal`, `sentenced` (each ≤ population; all four given →
//! they sum to the population).
//!
//! A row is rejected when a required value is missing; a count is negative, fractional
//! (`12.5`, and `12.0` too), a sentinel (`-999`, `NA`, `N/A`, `-`, `..`), written with a
//! thousands separator (`1,234`) or out of range; a capacity is 0; a date is not a real date
//! or not `YYYY-MM-DD`; a component exceeds the population or the four do not add up; the
//! row has the wrong number of fields (a truncated last line); a field is not UTF-8; the
//! facility id looks like a totals row (`Total`, `All prisons`); or the row repeats an
//! earlier row's facility, date and capacity kind, or disagrees with an earlier row of the
//! same facility and date about the population (or the name).
//!
//! The reader is [`TableReader::facility_table`], a preset of the crate's one table reader:
//! rows go straight into the [`Panel`](crate::Panel)'s columns, the rows of one facility and
//! date (one per capacity kind) folded into one panel row, every extra column a group key.

use std::io::Read;
use std::path::Path;

mod write;

pub use write::write_facility_table;

use super::{TableRead, TableReader};
pub use crate::error::Reject;
use crate::error::Result;

/// A facility table as read: the one table ([`Panel`](crate::Panel)) with every row accounted
/// for — the same type as any [`TableReader`] read, read with the preset
/// [`TableReader::facility_table`]. [`accepted`](TableRead::accepted) +
/// [`rejects`](TableRead::rejects) = [`total_rows`](TableRead::total_rows) (blank lines are
/// not rows).
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str(
///     "facility_id,date,capacity_kind,capacity,population\nKH,2021-06-30,design,27000,39000\nKH,2021-06-30,official,26593,39000\n",
///     ReadMode::Strict, "t")?;
/// assert_eq!((t.accepted(), t.panel().len()), (2, 1)); // two rows, one facility on one date
/// let kh = t.panel().row(0).unwrap();
/// assert_eq!(kh.occupancy(&CapacityKind::Design)?.percent_rounded(1), 144.4);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub type FacilityTable = TableRead;

/// How a reader treats a bad row.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let text = "facility_id,date,population\nA,2021-06-30,-3\n";
/// assert!(read_facility_table_from_str(text, ReadMode::Strict, "t").is_err());
/// assert_eq!(read_facility_table_from_str(text, ReadMode::Lenient, "t").unwrap().rejects().len(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadMode {
    /// Fail on the first bad row; the error names its line, column, facility and value.
    Strict,
    /// Keep every good row; list each bad row as a [`Reject`]. A missing required column is
    /// still an error.
    Lenient,
}

/// Reads a facility table from a file.
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read; [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) when `facility_id`,
/// `date` or `population` is missing from the header (in both modes); [`ErrorKind::Format`](crate::ErrorKind::Format) when
/// there is no header or it is not UTF-8 or repeats a column; in [`ReadMode::Strict`], the
/// first bad row's [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue), [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) or [`ErrorKind::BadRow`](crate::ErrorKind::BadRow), with its line.
///
/// ```
/// use overcrowding::io::{read_facility_table, ReadMode};
/// let path = std::env::temp_dir().join("overcrowding_doc_facility_table.csv");
/// std::fs::write(&path, "facility_id,date,population\nA,2021-06-30,12\n").unwrap();
/// assert_eq!(read_facility_table(&path, ReadMode::Strict)?.accepted(), 1);
/// assert!(read_facility_table("/no/such/file.csv", ReadMode::Lenient).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_facility_table(path: impl AsRef<Path>, mode: ReadMode) -> Result<FacilityTable> {
    let path = path.as_ref();
    let bytes = super::read_path(path)?;
    read_bytes(&bytes, mode, &path.display().to_string())
}

/// Reads a facility table from any reader; `source_name` names it in errors.
///
/// # Errors
///
/// As [`read_facility_table`].
///
/// ```
/// use overcrowding::io::{read_facility_table_from_reader, ReadMode};
/// let bytes: &[u8] = b"\xEF\xBB\xBFfacility_id,date,population\r\nA,2021-06-30,12\r\n";
/// let t = read_facility_table_from_reader(bytes, ReadMode::Strict, "upload")?;
/// assert_eq!(t.panel().row(0).unwrap().population_total(), Some(12));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_facility_table_from_reader(
    reader: impl Read,
    mode: ReadMode,
    source_name: &str,
) -> Result<FacilityTable> {
    let bytes = super::read_all(reader, source_name)?;
    read_bytes(&bytes, mode, source_name)
}

/// Reads a facility table from text; `source_name` names it in errors.
///
/// # Errors
///
/// As [`read_facility_table`].
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let err = read_facility_table_from_str("facility_id,population\nA,1\n", ReadMode::Lenient, "t").unwrap_err();
/// assert_eq!(err.to_string(), "required column \"date\" is missing in t (the columns are \"facility_id\", \"population\")");
/// ```
pub fn read_facility_table_from_str(
    text: &str,
    mode: ReadMode,
    source_name: &str,
) -> Result<FacilityTable> {
    read_bytes(text.as_bytes(), mode, source_name)
}

/// The standard columns, in the order the writer uses.
const STANDARD: [&str; 10] = [
    "facility_id",
    "name",
    "date",
    "capacity_kind",
    "capacity",
    "population",
    "untried",
    "convicted_unsentenced",
    "under_appeal",
    "sentenced",
];

/// Reads facility-table bytes (CSV whatever the name says) with the preset.
fn read_bytes(bytes: &[u8], mode: ReadMode, source_name: &str) -> Result<FacilityTable> {
    super::table::read_csv_with(
        &TableReader::facility_table().mode(mode),
        bytes,
        source_name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CapacityKind, ErrorKind};

    fn lenient(text: &str) -> FacilityTable {
        read_facility_table_from_str(text, ReadMode::Lenient, "t").unwrap()
    }

    #[test]
    fn unnamed_header_columns_are_kept_by_position() {
        let t = lenient("facility_id,date,population,,\nA,2021-06-30,5,x,\n");
        assert_eq!(t.accepted(), 1);
        assert_eq!(t.columns()[3], "column_4");
        assert_eq!(t.panel().row(0).unwrap().group("column_4"), Some("x"));
        assert_eq!(t.panel().row(0).unwrap().group("column_5"), None);
    }

    #[test]
    fn white_space_only_lines_are_blank() {
        let t = lenient("facility_id,date,population\nA,2021-06-30,5\n   \n\t\r\nB,2021-06-30,x\n");
        assert_eq!((t.accepted(), t.rejects().len(), t.total_rows()), (1, 1, 2));
        assert_eq!(t.rejects()[0].line(), 5);
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let t = lenient(
            "facility_id,date,population\r\n\r\nA,2021-06-30,1\r\n\r\n\r\nB,2021-06-30,x\r\n",
        );
        assert_eq!(t.accepted(), 1);
        assert_eq!(t.rejects()[0].line(), 6);
        assert_eq!(t.rejects()[0].raw(), "B,2021-06-30,x");
        assert_eq!(t.total_rows(), 2);
    }

    #[test]
    fn quoted_multiline_field_keeps_start_line() {
        let t = lenient(
            "facility_id,name,date,population\nA,\"two\nlines\",2021-06-30,1\nB,b,2021-06-30,-1\n",
        );
        assert_eq!(t.panel().row(0).unwrap().name(), Some("two\nlines"));
        assert_eq!(t.rejects()[0].line(), 4);
    }

    #[test]
    fn missing_column_is_an_error_in_both_modes() {
        for mode in [ReadMode::Strict, ReadMode::Lenient] {
            let err = read_facility_table_from_str("facility_id,date\n", mode, "t").unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::MissingColumn { column, .. } if column == "population")
            );
        }
        assert!(read_facility_table_from_str("", ReadMode::Lenient, "t").is_err());
        assert!(read_facility_table_from_str("a,a\n", ReadMode::Lenient, "t").is_err());
    }

    #[test]
    fn capacity_rules() {
        let t = lenient(
            "facility_id,date,capacity_kind,capacity,population\nA,2021-06-30,design,0,1\nB,2021-06-30,,5,1\nC,2021-06-30,rated,,1\n",
        );
        assert_eq!(t.accepted(), 1);
        assert!(t.rejects()[0].reason().contains("capacity must be ≥ 1"));
        assert!(matches!(
            t.rejects()[1].error().kind(),
            ErrorKind::MissingValue { what } if what.starts_with("capacity kind")
        ));
        assert_eq!(t.rejects()[1].line(), 3);
        let c = t.panel().row(0).unwrap();
        assert!(c.lists_capacity(&CapacityKind::Rated));
        assert_eq!(c.capacity(&CapacityKind::Rated), None);
    }

    #[test]
    fn disagreeing_population_for_same_facility_date() {
        let t = lenient(
            "facility_id,date,capacity_kind,capacity,population\nA,2021-06-30,design,10,5\nA,2021-06-30,rated,12,6\n",
        );
        assert_eq!(t.accepted(), 1);
        assert!(
            matches!(
                t.rejects()[0].error().kind(),
                ErrorKind::Conflict { first, second, .. }
                    if first.to_string() == "5 (line 2)" && second.to_string() == "6 (line 3)"
            ),
            "{}",
            t.rejects()[0].reason()
        );
    }

    #[test]
    fn a_facility_date_and_kind_once() {
        let t = lenient("facility_id,date,population\nA,2021-06-30,5\nA,2021-06-30,5\n");
        assert_eq!((t.accepted(), t.rejects().len()), (1, 1));
        assert!(
            matches!(
                t.rejects()[0].error().kind(),
                ErrorKind::Duplicate {
                    first_line: Some(2),
                    ..
                }
            ),
            "{}",
            t.rejects()[0].reason()
        );
    }

    #[test]
    fn capacity_without_a_kind_column() {
        let t =
            lenient("facility_id,date,capacity,population\nA,2021-06-30,10,5\nB,2021-06-30,,5\n");
        assert_eq!((t.accepted(), t.rejects().len()), (1, 1));
        assert_eq!(t.rejects()[0].line(), 2);
        let t = lenient("facility_id,date,capacity_kind,population\nA,2021-06-30,cna,5\n");
        assert!(t.panel().row(0).unwrap().lists_capacity(&CapacityKind::Cna));
    }
}
