//! A configurable reader for tables as people publish them: CSV with any delimiter, encoding,
//! missing-value tokens and number format, and spreadsheets (XLSX, XLS, ODS), mapped column by
//! column into the crate's [`Panel`](crate::Panel).
//!
//! ```
//! use overcrowding::CapacityKind;
//! use overcrowding::io::{ReadMode, TableReader};
//! let text = "Facility.ID;State;Population.Feb20;Capacity\nA1;AL;1.234;1.000\nA2;AL;NA;500\n";
//! let read = TableReader::new()
//!     .id_column("Facility.ID")
//!     .group_column("State")
//!     .as_of("2020-02-29".parse().unwrap())
//!     .population_column("Population.Feb20")
//!     .capacity_column(CapacityKind::Design, "Capacity")
//!     .thousands(b'.')
//!     .decimal(b',')
//!     .mode(ReadMode::Lenient)
//!     .read_bytes(text.as_bytes(), "states.csv")?;
//! assert_eq!(read.delimiter(), Some(b';')); // sniffed
//! assert_eq!(read.panel().len(), 2);
//! assert_eq!(read.panel().row(0).unwrap().population_total(), Some(1_234));
//! assert_eq!(read.panel().row(1).unwrap().population_total(), None); // NA: not reported, kept
//! assert_eq!(read.total_rows(), read.accepted_rows() + read.rejects().len() + read.skipped().len());
//! # Ok::<(), overcrowding::Error>(())
//! ```
//!
//! # Rules
//!
//! - **Missing is data.** A missing-value token ([`DEFAULT_MISSING`], plus [`TableReader::missing`]
//!   and [`TableReader::missing_in`]) or an empty cell means *not reported*: the record is kept
//!   with that value not reported, and coverage counts it.
//! - **Rejects** are rows that cannot be placed (no facility id, a date that does not parse) and
//!   rows with a value that is not a count where a count belongs (text, negative, fractional,
//!   a formula error cell such as `#DIV/0!`), legal-status counts above the population, a row
//!   that repeats an earlier row value for value (a duplicated row,
//!   [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) `"row"`), or a row that disagrees
//!   with an earlier row of the same facility and date (a non-unique id,
//!   [`ErrorKind::NonUniqueId`](crate::ErrorKind::NonUniqueId), naming both lines). Each keeps
//!   its typed [`Error`](crate::Error) with its line (or sheet and cell, `Sheet1!B17`) and
//!   column.
//! - **Unusable capacities** (a 0, text, a fraction) in a lenient read make that kind not
//!   reported for the row — the row, its population and its other kinds stay — and are listed
//!   with their typed error in [`TableRead::dropped_values`] ([`UnusableCapacity`]); a strict
//!   read fails at the cell.
//! - **Skipped** rows are blank lines, notes lines (one non-empty cell in a table of more than
//!   two columns, e.g. `Source: ...`), totals rows and repeated header rows, each with its
//!   line and its typed [`SkipReason`]. A totals row is labelled, as a whole cell in the id
//!   column, beside an empty id or in the name column, with a word publishers print (`Total`,
//!   `Grand Total`, `Sum`, `Totale generale`, `Total général`, `Insgesamt`, `Summe`, `Totaal`,
//!   `Total geral`, `Итого` …, any case); a facility whose name contains such a word
//!   (`Totalville`) is a facility.
//! - **Averages** (`7946.75`) are rejects unless [`TableReader::fractional_counts`] names a
//!   rounding rule; the reject's message offers it. A rejected row's population
//!   ([`Reject::population`](crate::io::Reject::population)) follows the same rule.
//! - Every row after the header is accounted for:
//!   `total_rows() == accepted_rows() + rejects().len() + skipped().len()`.
//! - Rows of one facility and date fold into one row of the [`Panel`](crate::Panel), value by
//!   value (no record per row): a long file's one row per capacity kind becomes one row with
//!   every kind.

mod builder;
mod cells;
mod columns;
mod encoding;
mod map;
mod period;
mod plain;
mod read;
mod sheet;
mod skipped;
mod sniff;
mod totals;
mod value;

pub use builder::{
    DEFAULT_MISSING, Encoding, FractionalCounts, ID_SEPARATOR, TableReader, UnusableCapacity,
};
#[cfg(feature = "polars")]
pub(crate) use cells::read_text_cells;
pub use period::{PeriodDay, Periods};
pub use read::{DroppedValue, TableRead};
pub use skipped::{SkipReason, Skipped, SkippedByReason};

/// Reads CSV bytes with `reader`'s options, whatever the source's name says (the facility
/// table is CSV).
pub(crate) fn read_csv_with(
    reader: &TableReader,
    bytes: &[u8],
    source_name: &str,
) -> crate::error::Result<TableRead> {
    read::read_csv(reader, bytes, source_name)
}
