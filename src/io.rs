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
///
/// A file of [`HALVES_FROM`] bytes or more is read as two halves at once when the rayon pool
/// the call runs in has two threads (Unix): reading a file the system has cached is the
/// kernel's copy and the page faults of the new buffer, and both halve — 17 ms → 11 ms for
/// the 35 MB bench file, which the table reader then waits for (issue 18, benches/README).
/// The bytes are the same as one read's: a file that grew since its length was taken is read
/// on to its end, and one that shrank is read again from the start.
pub(crate) fn read_path(path: &std::path::Path) -> Result<Vec<u8>> {
    let error = |source| Error::io(path.display().to_string(), source);
    #[cfg(unix)]
    {
        use std::io::Read as _;
        let file = std::fs::File::open(path).map_err(error)?;
        let len = file.metadata().map_err(error)?.len();
        if let Ok(n) = usize::try_from(len)
            && n >= HALVES_FROM
            && rayon::current_num_threads() >= 2
        {
            return read_halves(&file, n).map_err(error);
        }
        // Sized from the length, as `std::fs::read` sizes it.
        let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        (&file).read_to_end(&mut buf).map_err(error)?;
        Ok(buf)
    }
    #[cfg(not(unix))]
    std::fs::read(path).map_err(error)
}

/// The size from which [`read_path`] reads a file's two halves at once: below it the second
/// thread's start costs about what it saves.
#[cfg(unix)]
const HALVES_FROM: usize = 8 << 20;

/// `file`, whose length was `n`, read as two halves at once (`rayon::join`), then on to its
/// end; read again whole when it is now shorter.
#[cfg(unix)]
fn read_halves(file: &std::fs::File, n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    use std::os::unix::fs::FileExt as _;
    let mut buf = vec![0u8; n];
    let (first, second) = buf.split_at_mut(n / 2);
    let at = first.len() as u64;
    let (a, b) = rayon::join(
        || file.read_exact_at(first, 0),
        || file.read_exact_at(second, at),
    );
    let mut f = file;
    match a.and(b) {
        Ok(()) => {
            f.seek(SeekFrom::Start(n as u64))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            buf.clear();
            f.seek(SeekFrom::Start(0))?;
        }
        Err(e) => return Err(e),
    }
    f.read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads a whole reader into memory, with the source name in the error.
pub(crate) fn read_all(mut reader: impl std::io::Read, source_name: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader
        .read_to_end(&mut buf)
        .map_err(|source| Error::io(source_name.to_string(), source))?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    /// A file large enough to be read as two halves gives the bytes one read gives, on one
    /// thread and on two; a missing file is the io error with its path.
    #[cfg(unix)]
    #[test]
    fn a_large_file_reads_the_same_in_halves() {
        let path = std::env::temp_dir().join(format!(
            "overcrowding_read_halves_{}.bin",
            std::process::id()
        ));
        // An odd length, so the halves differ by a byte; every byte's value tied to its place.
        let n = super::HALVES_FROM + 12_345;
        let bytes: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("temp file");
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let read_two = two.install(|| super::read_path(&path)).expect("read");
        let read_one = one.install(|| super::read_path(&path)).expect("read");
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(read_two.len(), n);
        assert!(read_two == bytes && read_one == bytes);
        let missing = super::read_path(&path).unwrap_err();
        assert!(
            missing.to_string().contains("overcrowding_read_halves_"),
            "{missing}"
        );
    }
}
