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
//! same facility and date about the population.

use crate::ErrorKind;
use crate::error::FormatProblem;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;

mod row;
mod write;

pub use write::write_facility_table;

use super::parse::{LineCounter, ends_inside_quote, next_line_start};
use crate::error::{Error, Location, Result};
use crate::model::{
    Capacity, CapacityKind, Facility, FacilityId, LegalStatus, Population, Snapshot,
};
pub(crate) use row::looks_like_total;
use row::{Seen, parse_row};

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

/// One accepted data row of the facility table.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str(
///     "facility_id,date,capacity_kind,capacity,population,untried,region\nA,2021-06-30,design,100,120,40,North\n",
///     ReadMode::Strict, "t")?;
/// let row = &t.rows()[0];
/// assert_eq!((row.line, row.capacity, row.population), (2, Some(100), 120));
/// assert_eq!(row.legal_status.untried, Some(40));
/// assert_eq!(row.extra, vec![("region".to_string(), "North".to_string())]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityRow {
    /// 1-based line in the file (the header is line 1). Ignored by the writer.
    pub line: usize,
    /// Facility identifier.
    pub facility_id: FacilityId,
    /// Display name, if given.
    pub name: Option<String>,
    /// The date the row refers to.
    pub date: Date,
    /// Which capacity `capacity` is; may be given with an empty capacity (not reported).
    pub capacity_kind: Option<CapacityKind>,
    /// The capacity (≥ 1), or `None` when not reported.
    pub capacity: Option<u64>,
    /// People held.
    pub population: u64,
    /// Legal-status components.
    pub legal_status: LegalStatus,
    /// Columns the table does not know, as `(name, value)` in file order.
    pub extra: Vec<(String, String)>,
}

/// A data row that was not loaded, with its position, its text and why.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str("facility_id,date,population\n\nA,2021-06-30,NA\n", ReadMode::Lenient, "t")?;
/// let r = &t.rejects()[0];
/// assert_eq!(r.line(), 3); // the blank line 2 is counted as a line, not as a row
/// assert_eq!(r.raw(), "A,2021-06-30,NA");
/// assert!(r.reason().contains("population \"NA\" is a missing-value sentinel"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Reject {
    line: usize,
    raw: String,
    // Shared, not copied: `Error` holds an `io::Error` and cannot be cloned.
    error: std::sync::Arc<Error>,
}

/// Two rejects are equal when they have the same line, text and message.
impl PartialEq for Reject {
    fn eq(&self, other: &Reject) -> bool {
        self.line == other.line
            && self.raw == other.raw
            && self.error.to_string() == other.error.to_string()
    }
}

impl Eq for Reject {}

impl Reject {
    /// A reject of the row starting on `line` with text `raw`, refused for `error`.
    ///
    /// ```
    /// let e = overcrowding::occupancy(1, 0).unwrap_err();
    /// let r = overcrowding::io::Reject::new(7, "A,,1", e);
    /// assert_eq!((r.line(), r.raw()), (7, "A,,1"));
    /// ```
    pub fn new(line: usize, raw: impl Into<String>, error: Error) -> Reject {
        Reject {
            line,
            raw: raw.into(),
            error: std::sync::Arc::new(error),
        }
    }

    /// The typed error: its variant, and its [`Location`] with line (or sheet and cell),
    /// column and facility as data.
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-02-30,1\n", ReadMode::Lenient, "t").unwrap();
    /// let e = t.rejects()[0].error();
    /// assert!(matches!(e.kind(), overcrowding::ErrorKind::InvalidValue { .. }));
    /// assert_eq!(e.location().and_then(|l| l.column.as_deref()), Some("date"));
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// 1-based physical line in the file where the row starts (header = line 1, blank lines
    /// counted).
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-02-30,1\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.rejects()[0].line(), 2);
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The row as it appears in the file (invalid UTF-8 shown as U+FFFD), without the line
    /// ending.
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\r\nA,2021-06-30\r\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.rejects()[0].raw(), "A,2021-06-30");
    /// ```
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// What was wrong: the line, column and facility, the value quoted, and the rule. The same
    /// text as the error [`ReadMode::Strict`] returns for this row.
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nDurham,2021-06-30,-3\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.rejects()[0].reason(),
    ///     "line 2, column \"population\" (facility \"Durham\"): population \"-3\" is negative; counts are ≥ 0");
    /// ```
    pub fn reason(&self) -> String {
        self.error.to_string()
    }
}

/// A facility table as read: the accepted rows and the rejects.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str(
///     "facility_id,date,capacity_kind,capacity,population\nA,2021-06-30,design,100,120\nA,2021-06-30,operational,110,120\n",
///     ReadMode::Strict, "t")?;
/// assert_eq!(t.accepted(), 2);
/// let snaps = t.to_snapshots()?;
/// assert_eq!(snaps.len(), 1); // one facility on one date, two capacity kinds
/// assert_eq!(snaps[0].facility().capacities().len(), 2);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityTable {
    source_name: String,
    columns: Vec<String>,
    rows: Vec<FacilityRow>,
    rejects: Vec<Reject>,
}

impl FacilityTable {
    /// Number of data rows loaded.
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-06-30,1\n", ReadMode::Strict, "t").unwrap();
    /// assert_eq!(t.accepted(), 1);
    /// ```
    pub fn accepted(&self) -> usize {
        self.rows.len()
    }

    /// One [`Reject`] per bad data row, in file order (empty in strict mode).
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nTotal,2021-06-30,9\n", ReadMode::Lenient, "t").unwrap();
    /// assert!(t.rejects()[0].reason().contains("looks like a totals row"));
    /// ```
    pub fn rejects(&self) -> &[Reject] {
        &self.rejects
    }

    /// The accepted rows, in file order.
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-06-30,7\n", ReadMode::Strict, "t").unwrap();
    /// assert_eq!(t.rows()[0].population, 7);
    /// ```
    pub fn rows(&self) -> &[FacilityRow] {
        &self.rows
    }

    /// Data rows read: accepted + rejected, always. Blank lines are not rows.
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\n\nA,2021-06-30,7\nB,x,1\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.total_rows(), 2);
    /// ```
    pub fn total_rows(&self) -> usize {
        self.rows.len() + self.rejects.len()
    }

    /// The header's column names, in file order (trimmed).
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("population, date ,facility_id\n", ReadMode::Strict, "t").unwrap();
    /// assert_eq!(t.columns(), ["population", "date", "facility_id"]);
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The name the table was read from (a path or the name given).
    ///
    /// ```
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\n", ReadMode::Strict, "mine").unwrap();
    /// assert_eq!(t.source_name(), "mine");
    /// ```
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The rows as model [`Snapshot`]s: rows of the same facility and date become one
    /// [`Facility`] with every capacity they report (rows without a capacity add none), in
    /// order of first appearance. The name is the first non-empty one; an extra column
    /// `jurisdiction` sets the facility's jurisdiction.
    ///
    /// # Errors
    ///
    /// Only if a row was built by hand with values the reader refuses: a capacity without a
    /// kind ([`ErrorKind::BadRow`](crate::ErrorKind::BadRow)), a capacity of 0 or components that exceed the population
    /// (the model's validation error).
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str(
    ///     "facility_id,date,capacity_kind,capacity,population\nKH,2021-06-30,design,27000,39000\n",
    ///     ReadMode::Strict, "t")?;
    /// let s = &t.to_snapshots()?[0];
    /// assert_eq!(s.occupancy(&CapacityKind::Design)?.percent_rounded(1), 144.4);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_snapshots(&self) -> Result<Vec<Snapshot>> {
        let mut order: Vec<(&FacilityId, Date)> = Vec::new();
        let mut groups: HashMap<(&FacilityId, Date), Vec<&FacilityRow>> = HashMap::new();
        for row in &self.rows {
            let key = (&row.facility_id, row.date);
            let group = groups.entry(key).or_default();
            if group.is_empty() {
                order.push(key);
            }
            group.push(row);
        }
        let mut out = Vec::with_capacity(order.len());
        for key in order {
            let Some(group) = groups.get(&key) else {
                continue;
            };
            let Some(first) = group.first() else {
                continue;
            };
            let mut facility = Facility::new(first.facility_id.as_str())?;
            if let Some(name) = group.iter().find_map(|r| r.name.as_deref()) {
                facility = facility.with_name(name);
            }
            let jurisdiction = group.iter().find_map(|r| {
                r.extra
                    .iter()
                    .find(|(n, v)| n == "jurisdiction" && !v.is_empty())
                    .map(|(_, v)| v.as_str())
            });
            if let Some(j) = jurisdiction {
                facility = facility.with_jurisdiction(j);
            }
            for row in group {
                match (&row.capacity_kind, row.capacity) {
                    (Some(kind), Some(cap)) => {
                        facility =
                            facility.with_capacity(Capacity::new(kind.clone(), cap, row.date)?);
                    }
                    (None, Some(_)) => {
                        return Err(Error::from(ErrorKind::MissingValue {
                            what: "capacity kind (the row gives a capacity)",
                        })
                        .at(Location::line(row.line)
                            .with_column("capacity_kind")
                            .with_facility(row.facility_id.as_str())));
                    }
                    (_, None) => {}
                }
            }
            let population = Population::builder(first.population, first.date)
                .legal_status(first.legal_status)
                .build()?;
            out.push(Snapshot::new(facility, population));
        }
        Ok(out)
    }
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
/// assert_eq!(t.rows()[0].population, 12);
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
/// assert_eq!(err.to_string(), "required column \"date\" is missing in t");
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

/// Column positions found in the header.
struct Columns {
    index: HashMap<&'static str, usize>,
    extra: Vec<(usize, String)>,
    len: usize,
}

fn format_err(source_name: &str, problem: FormatProblem) -> Error {
    Error::from(ErrorKind::Format {
        source_name: source_name.to_string(),
        problem,
    })
}

pub(crate) fn read_bytes(bytes: &[u8], mode: ReadMode, source_name: &str) -> Result<FacilityTable> {
    let data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut rec = csv::ByteRecord::new();
    let csv_err = |e: csv::Error| format_err(source_name, FormatProblem::Csv).with_source(e);
    if !rdr.read_byte_record(&mut rec).map_err(csv_err)? {
        return Err(format_err(source_name, FormatProblem::Empty));
    }
    let header_end = usize::try_from(rdr.position().byte()).unwrap_or(data.len());
    if header_end >= data.len() && ends_inside_quote(data) {
        return Err(Error::from(ErrorKind::UnclosedQuote { line: 1 }));
    }
    let mut names = Vec::with_capacity(rec.len());
    // A set next to the list: the duplicate check stays linear in the number of columns.
    let mut seen = HashSet::with_capacity(rec.len());
    for (i, field) in rec.iter().enumerate() {
        let name = std::str::from_utf8(field)
            .map_err(|_| format_err(source_name, FormatProblem::HeaderNotUtf8))?;
        let mut name = name.trim().to_string();
        // Spreadsheets export trailing unnamed columns: keep them, named by position.
        if name.is_empty() {
            name = format!("column_{}", i + 1);
        }
        if !seen.insert(name.clone()) {
            return Err(Error::from(ErrorKind::DuplicateColumn {
                first: names.iter().position(|n| *n == name).map_or(0, |p| p + 1),
                column: name,
                second: i + 1,
                source_name: Some(source_name.to_string()),
            }));
        }
        names.push(name);
    }
    let mut index = HashMap::new();
    let mut extra = Vec::new();
    for (i, name) in names.iter().enumerate() {
        // Standard names match regardless of case ("Population" is `population`); a second
        // column that maps to the same standard name is refused rather than shadowed.
        match STANDARD.iter().find(|s| s.eq_ignore_ascii_case(name)) {
            Some(s) if index.contains_key(*s) => {
                return Err(Error::from(ErrorKind::DuplicateColumn {
                    column: s.to_string(),
                    first: index[*s] + 1,
                    second: i + 1,
                    source_name: Some(source_name.to_string()),
                }));
            }
            Some(s) => {
                index.insert(*s, i);
            }
            None => extra.push((i, name.clone())),
        }
    }
    for required in ["facility_id", "date", "population"] {
        if !index.contains_key(required) {
            let delimiter_hint = if names.len() == 1 && names[0].contains([';', '\t', '|']) {
                " (the header has one column: is the file separated by something other than commas?)"
            } else {
                ""
            };
            return Err(Error::from(ErrorKind::MissingColumn {
                column: required.to_string(),
                source_name: Some(format!("{source_name}{delimiter_hint}")),
            }));
        }
    }
    let cols = Columns {
        index,
        extra,
        len: names.len(),
    };

    let mut lines = LineCounter::default();
    let mut state = Seen::default();
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    // The data rows are read from `base` on; after an unclosed quote the reading starts
    // again on the line after the quote's, so those lines are rows (or rejects), not lost.
    let mut base = header_end;
    'segments: while base < data.len() {
        let segment = data.get(base..).unwrap_or_default();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(segment);
        loop {
            let more = rdr.read_byte_record(&mut rec).map_err(csv_err)?;
            if !more {
                break 'segments;
            }
            let mut start = base
                + rec
                    .position()
                    .and_then(|p| usize::try_from(p.byte()).ok())
                    .unwrap_or(0);
            while matches!(data.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let line = lines.line_at(data, start);
            let end = usize::try_from(rdr.position().byte())
                .map_or(data.len(), |e| base.saturating_add(e))
                .clamp(start, data.len());
            let raw_bytes = data.get(start..end).unwrap_or_default();
            let raw = || {
                String::from_utf8_lossy(raw_bytes)
                    .trim_end_matches(['\r', '\n'])
                    .to_string()
            };
            if end >= data.len() && ends_inside_quote(raw_bytes) {
                let e = Error::from(ErrorKind::UnclosedQuote { line });
                match mode {
                    ReadMode::Strict => return Err(e),
                    ReadMode::Lenient => {
                        let next = next_line_start(data, start);
                        let raw =
                            String::from_utf8_lossy(data.get(start..next).unwrap_or_default())
                                .trim_end_matches(['\r', '\n'])
                                .to_string();
                        rejects.push(Reject::new(line, raw, e));
                        base = next;
                        continue 'segments;
                    }
                }
            }
            // A line of white space only is blank, like an empty line: not a row. A quoted
            // field, even an empty one (`""`), is data.
            if rec.len() == 1
                && rec
                    .get(0)
                    .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
                && !raw_bytes.contains(&b'"')
            {
                continue;
            }
            match parse_row(&rec, line, &cols, &mut state) {
                Ok(row) => rows.push(row),
                Err(e) => match mode {
                    ReadMode::Strict => return Err(e),
                    ReadMode::Lenient => {
                        // The raw text is kept for rejected rows only.
                        rejects.push(Reject::new(line, raw(), e));
                    }
                },
            }
        }
    }
    Ok(FacilityTable {
        source_name: source_name.to_string(),
        columns: names,
        rows,
        rejects,
    })
}

#[cfg(test)]
mod tests {
    use super::row::looks_like_total;
    use super::*;

    #[test]
    fn unnamed_header_columns_are_kept_by_position() {
        let t = lenient("facility_id,date,population,,\nA,2021-06-30,5,,\n");
        assert_eq!(t.accepted(), 1);
        assert_eq!(t.columns()[3], "column_4");
        assert_eq!(
            t.rows()[0].extra[1],
            ("column_5".to_string(), String::new())
        );
    }

    #[test]
    fn white_space_only_lines_are_blank() {
        let t = lenient("facility_id,date,population\nA,2021-06-30,5\n   \n\t\r\nB,2021-06-30,x\n");
        assert_eq!((t.accepted(), t.rejects().len(), t.total_rows()), (1, 1, 2));
        assert_eq!(t.rejects()[0].line(), 5);
    }

    fn lenient(text: &str) -> FacilityTable {
        read_facility_table_from_str(text, ReadMode::Lenient, "t").unwrap()
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let t = lenient(
            "facility_id,date,population\r\n\r\nA,2021-06-30,1\r\n\r\n\r\nB,2021-06-30,x\r\n",
        );
        assert_eq!(t.rows()[0].line, 3);
        assert_eq!(t.rejects()[0].line(), 6);
        assert_eq!(t.rejects()[0].raw(), "B,2021-06-30,x");
        assert_eq!(t.total_rows(), 2);
    }

    #[test]
    fn quoted_multiline_field_keeps_start_line() {
        let t = lenient(
            "facility_id,name,date,population\nA,\"two\nlines\",2021-06-30,1\nB,b,2021-06-30,-1\n",
        );
        assert_eq!(t.rows()[0].name.as_deref(), Some("two\nlines"));
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
        assert_eq!(
            t.rejects()[1].reason(),
            "line 3, column \"capacity_kind\" (facility \"B\"): capacity kind (design, rated, operational, …) of the capacity is not reported"
        );
        assert_eq!(t.rows()[0].capacity, None);
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
                ErrorKind::Conflict { first, second, .. } if first == "5 (line 2)" && second == "6"
            ),
            "{}",
            t.rejects()[0].reason()
        );
    }

    #[test]
    fn hand_made_capacity_without_kind_is_refused() {
        let mut t = lenient(
            "facility_id,date,capacity_kind,capacity,population\nA,2021-06-30,design,10,5\n",
        );
        t.rows[0].capacity_kind = None;
        let err = t.to_snapshots().unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::MissingValue { what } if what.starts_with("capacity kind")),
            "{err}"
        );
        assert_eq!(err.line(), Some(2));
    }

    #[test]
    fn totals() {
        for id in [
            "Total",
            "TOTAL",
            "All prisons",
            "State total",
            "Grand Total",
        ] {
            assert!(looks_like_total(id), "{id}");
        }
        for id in ["Totton", "Allerton", "Hall"] {
            assert!(!looks_like_total(id), "{id}");
        }
    }
}
