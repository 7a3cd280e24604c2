//! The facility table as Parquet and JSON (feature `polars`).
//!
//! # Semantics
//!
//! Writing goes through [`facility_table_frame`](super::facility_table_frame): typed columns
//! (`date` as a Date, counts as UInt64, absent values as nulls). Reading takes any Parquet or
//! JSON table of the facility-table columns — typed or not — and validates every row with the
//! **same rules as the CSV reader**: each value is read as the text a CSV would hold
//! (a null is empty, a float keeps its decimal point, so `12.0` and `12.5` are refused as
//! counts) and the row goes through the one table reader's mapping
//! ([`TableReader::facility_table`]) into the panel's columns, with no CSV text in between. A row's `line` is its 1-based row
//! number counting the header as row 1, as if the table were a CSV: data row *k* is line
//! *k* + 1.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::io::{FacilityTable, ReadMode, TableReader};
use crate::model::Panel;

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::io(path.display().to_string(), source)
}

/// Writes a panel as a Parquet file in the facility-table layout.
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be created; [`ErrorKind::Polars`](crate::ErrorKind::Polars) when writing fails.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// use overcrowding::frame::{read_facility_table_parquet, write_facility_table_parquet};
/// let t = read_facility_table_from_str("facility_id,date,capacity_kind,capacity,population\nKH,2021-06-30,design,27000,39000\n", ReadMode::Strict, "t")?;
/// let path = std::env::temp_dir().join("overcrowding_doc_table.parquet");
/// write_facility_table_parquet(t.panel(), &path)?;
/// let back = read_facility_table_parquet(&path, ReadMode::Strict)?;
/// assert_eq!(back.panel().row(0).unwrap().capacity(&overcrowding::CapacityKind::Design), Some(27_000));
/// assert_eq!(back.panel(), t.panel());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn write_facility_table_parquet(panel: &Panel, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut df = crate::frame::facility_table_frame(panel)?;
    let file = File::create(path).map_err(|e| io_err(path, e))?;
    ParquetWriter::new(file).finish(&mut df)?;
    Ok(())
}

/// Writes a panel as a JSON array of records in the facility-table layout (`date` as `"YYYY-MM-DD"`, absent values `null`).
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be created; [`ErrorKind::Polars`](crate::ErrorKind::Polars) when writing fails.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// use overcrowding::frame::write_facility_table_json;
/// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-06-30,12\n", ReadMode::Strict, "t")?;
/// let path = std::env::temp_dir().join("overcrowding_doc_table.json");
/// write_facility_table_json(t.panel(), &path)?;
/// let text = std::fs::read_to_string(&path).unwrap();
/// assert!(text.contains("\"population\":12"), "{text}");
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn write_facility_table_json(panel: &Panel, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut df = crate::frame::facility_table_frame(panel)?;
    let file = File::create(path).map_err(|e| io_err(path, e))?;
    JsonWriter::new(file)
        .with_json_format(JsonFormat::Json)
        .finish(&mut df)?;
    Ok(())
}

/// Reads a facility table from Parquet, validating every row as the CSV reader does.
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) / [`ErrorKind::Polars`](crate::ErrorKind::Polars) when the file cannot be read; then as
/// [`read_facility_table`](crate::io::read_facility_table) (missing required column in both modes,
/// the first bad row in strict mode).
///
/// ```
/// use overcrowding::io::ReadMode;
/// use overcrowding::frame::read_facility_table_parquet;
/// use polars::prelude::*;
/// let mut df = df!("facility_id" => ["A", "B"], "date" => ["2021-06-30", "2021-06-30"],
///                  "population" => [12.0, 12.5]).unwrap();
/// let path = std::env::temp_dir().join("overcrowding_doc_hostile.parquet");
/// ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut df).unwrap();
/// let t = read_facility_table_parquet(&path, ReadMode::Lenient)?;
/// assert_eq!((t.accepted(), t.rejects().len()), (0, 2)); // counts written as floats are refused
/// assert_eq!(t.rejects()[1].line(), 3);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_facility_table_parquet(
    path: impl AsRef<Path>,
    mode: ReadMode,
) -> Result<FacilityTable> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let df = ParquetReader::new(file).finish()?;
    read_frame(&df, mode, &path.display().to_string())
}

/// Reads a facility table from a JSON array of records, validating every row as the CSV
/// reader does.
///
/// # Errors
///
/// As [`read_facility_table_parquet`].
///
/// ```
/// use overcrowding::io::ReadMode;
/// use overcrowding::frame::read_facility_table_json;
/// let path = std::env::temp_dir().join("overcrowding_doc_hostile.json");
/// std::fs::write(&path, r#"[{"facility_id":"A","date":"2021-06-30","population":5},
///                           {"facility_id":"B","date":"2021-02-30","population":5}]"#).unwrap();
/// let t = read_facility_table_json(&path, ReadMode::Lenient)?;
/// assert_eq!((t.accepted(), t.rejects().len()), (1, 1));
/// assert!(t.rejects()[0].reason().contains("2021-02-30"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_facility_table_json(path: impl AsRef<Path>, mode: ReadMode) -> Result<FacilityTable> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let df = JsonReader::new(file)
        .with_json_format(JsonFormat::Json)
        .finish()?;
    read_frame(&df, mode, &path.display().to_string())
}

/// Validates a frame's rows with the facility table's rules: every column as text (a null is
/// an empty cell, a float keeps its decimal point), each row through the one table reader's
/// mapping into the panel's columns — no CSV text in between.
pub(crate) fn read_frame(
    df: &DataFrame,
    mode: ReadMode,
    source_name: &str,
) -> Result<FacilityTable> {
    let mut text_columns = Vec::with_capacity(df.width());
    for c in df.columns() {
        let s = c.cast(&DataType::String)?;
        text_columns.push(s.str()?.rechunk().into_owned());
    }
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    let cell = |col: usize, row: usize| text_columns.get(col).and_then(|c| c.get(row));
    crate::io::read_text_cells(
        &TableReader::facility_table().mode(mode),
        &names,
        df.height(),
        &cell,
        source_name,
    )
}
