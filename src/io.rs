//! Readers (and a writer) for prison-capacity tables, strict and lenient, with reject reports.
//!
//! | reader | reads | returns |
//! |---|---|---|
//! | [`TableReader`] | a user's table as published (CSV of any dialect, XLSX, XLS, ODS) | [`TableRead`]: the [`Panel`](crate::Panel), [`Reject`]s, [`Skipped`] rows |
//! | [`read_facility_table`] | the crate's own facility table (CSV, UTF-8): [`TableReader::facility_table`] | [`FacilityTable`] (= [`TableRead`]) |
//! | [`write_facility_table`] | writes a [`Panel`](crate::Panel) back as the same CSV | — |
//! | `frame::read_facility_table_parquet`, `frame::read_facility_table_json` (feature `polars`) | the facility table as Parquet or a JSON array, validated row by row with the CSV rules | [`FacilityTable`] |
//! | `frame::write_facility_table_parquet`, `frame::write_facility_table_json` (feature `polars`) | typed Parquet / JSON | — |
//! | [`read_bjs_table21`] | BJS *Prisoners in 2022*, Table 21 (Windows-1252, notes and footnotes) | [`BjsTable21`]: [`BjsJurisdiction`]s with [`Reported`] capacities and the published percents |
//! | [`read_hmpps_bulletin`] | HMPPS monthly bulletin panel, 2012–2024 | [`HmppsBulletin`]: [`HmppsRow`]s, [`HmppsQuirk`]s, per-date totals |
//! | [`read_cdcr_tpop1`] | CDCR TPOP-1 institution detail, 2015–2026 | [`CdcrTpop1`]: [`CdcrRow`]s and the [`PercentDifference`]s from recomputation |
//!
//! Every reader also takes any [`std::io::Read`] or bytes (`*_from_reader`, `*_from_bytes`),
//! and [`crate::datasets`] reads the bundled copies of the three published files.
//!
//! # Reading modes
//!
//! The facility table is user input: [`ReadMode::Strict`] fails on the first bad row with its
//! line; [`ReadMode::Lenient`] keeps every good row and lists each bad one as a [`Reject`]
//! (line, raw text, reason). Rows in = rows accepted + rows rejected (+ rows skipped, for a
//! published table's blank, notes and totals lines), always.
//!
//! The published files are read as they are: their markers (`/`, `…`, `:`), missing values and
//! fragments are kept as typed values or reported as quirks, never turned into zeros; a layout
//! that no longer matches is an [`ErrorKind::Format`](crate::ErrorKind::Format).
//!
//! ```
//! use overcrowding::io::{read_facility_table_from_str, ReadMode};
//! let t = read_facility_table_from_str(
//!     "facility_id,date,capacity_kind,capacity,population\nA,2021-06-30,design,100,120\nB,2021-06-30,design,0,5\n",
//!     ReadMode::Lenient,
//!     "example",
//! )?;
//! assert_eq!((t.accepted(), t.rejects().len(), t.total_rows()), (1, 1, 2));
//! assert_eq!(t.rejects()[0].line(), 3);
//! # Ok::<(), overcrowding::Error>(())
//! ```

mod bjs;
mod cdcr;
mod facility_table;
mod hmpps;
mod panel;
pub(crate) mod parse;
mod screen_rows;
mod table;

pub use bjs::{
    BjsJurisdiction, BjsLevel, BjsPercents, BjsTable21, PublishedPercent, Reported,
    read_bjs_table21, read_bjs_table21_from_bytes, read_bjs_table21_from_reader,
};
pub use cdcr::{
    CdcrRow, CdcrTpop1, PercentDifference, RepeatedCapacity, read_cdcr_tpop1,
    read_cdcr_tpop1_from_bytes, read_cdcr_tpop1_from_reader,
};
pub use facility_table::{
    FacilityTable, ReadMode, Reject, read_facility_table, read_facility_table_from_reader,
    read_facility_table_from_str, write_facility_table,
};
pub use hmpps::{
    HmppsBulletin, HmppsDateTotal, HmppsQuirk, HmppsQuirkKind, HmppsRow, read_hmpps_bulletin,
    read_hmpps_bulletin_from_bytes, read_hmpps_bulletin_from_reader,
};
#[cfg(feature = "polars")]
pub(crate) use table::read_text_cells;
pub use table::{
    DEFAULT_MISSING, DroppedValue, Encoding, FractionalCounts, ID_SEPARATOR, PeriodDay, Periods,
    SkipReason, Skipped, SkippedByReason, TableRead, TableReader, UnusableCapacity,
};

use crate::error::{Error, Result};

/// Reads a whole file into memory, with the path in the error.
pub(crate) fn read_path(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::io(path.display().to_string(), source))
}

/// Reads a whole reader into memory, with the source name in the error.
pub(crate) fn read_all(mut reader: impl std::io::Read, source_name: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader
        .read_to_end(&mut buf)
        .map_err(|source| Error::io(source_name.to_string(), source))?;
    Ok(buf)
}
