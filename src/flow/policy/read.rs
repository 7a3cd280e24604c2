//! Stays with legal status from a CSV file: the columns named by the caller, missing-value
//! tokens, and every row accounted for (accepted, rejected with its line and a typed
//! problem, or skipped as blank).

use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{
    Error, ErrorKind, FormatProblem, Location, Reject, Result, RowProblem, ValueProblem,
};
use crate::flow::stays::{Field, StayRecord, Stays, check};
use crate::model::StatusGroup;

/// Which columns hold what. Required: admission and release dates (`YYYY-MM-DD`; an empty
/// release means still held). Optional: a status column with the value that means pretrial
/// (any other non-empty value is sentenced; empty is unknown), the date the stay became
/// sentenced, a facility column (without one every stay is in facility `all`) and a class
/// column.
///
/// ```
/// use overcrowding::flow::policy::StaysColumns;
/// let c = StaysColumns::new("admission_date", "release_date")
///     .with_status("legal_status_first", "pretrial")
///     .with_sentenced("sentenced_date")
///     .with_missing("NA");
/// assert_eq!(c.admission(), "admission_date");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaysColumns {
    admission: String,
    release: String,
    status: Option<(String, String)>,
    sentenced: Option<String>,
    facility: Option<String>,
    class: Option<String>,
    missing: Vec<String>,
    delimiter: u8,
    strict: bool,
}

/// The facility of every stay when the file has no facility column.
///
/// ```
/// assert_eq!(overcrowding::flow::policy::ALL_FACILITIES.len(), 3); // "all"
/// ```
pub const ALL_FACILITIES: &str = "all";

impl StaysColumns {
    /// The admission and release columns.
    ///
    /// ```
    /// let c = overcrowding::flow::policy::StaysColumns::new("in", "out");
    /// assert_eq!(c.release(), "out");
    /// ```
    pub fn new(admission: impl Into<String>, release: impl Into<String>) -> StaysColumns {
        StaysColumns {
            admission: admission.into(),
            release: release.into(),
            status: None,
            sentenced: None,
            facility: None,
            class: None,
            missing: Vec::new(),
            delimiter: b',',
            strict: false,
        }
    }

    /// The admission column.
    ///
    /// See [`StaysColumns`] for an example.
    pub fn admission(&self) -> &str {
        &self.admission
    }

    /// The release column.
    ///
    /// See [`StaysColumns::new`] for an example.
    pub fn release(&self) -> &str {
        &self.release
    }

    /// The status column and the value that means pretrial.
    ///
    /// See [`StaysColumns`] for an example.
    pub fn with_status(mut self, column: impl Into<String>, pretrial: impl Into<String>) -> Self {
        self.status = Some((column.into(), pretrial.into()));
        self
    }

    /// The column of the date a stay became sentenced (empty: never, in the data).
    ///
    /// See [`StaysColumns`] for an example.
    pub fn with_sentenced(mut self, column: impl Into<String>) -> Self {
        self.sentenced = Some(column.into());
        self
    }

    /// The facility column.
    ///
    /// ```
    /// let c = overcrowding::flow::policy::StaysColumns::new("in", "out").with_facility("jail");
    /// assert_eq!(c, c.clone());
    /// ```
    pub fn with_facility(mut self, column: impl Into<String>) -> Self {
        self.facility = Some(column.into());
        self
    }

    /// A class column a policy can target.
    ///
    /// ```
    /// let c = overcrowding::flow::policy::StaysColumns::new("in", "out").with_class("charge_law");
    /// assert_eq!(c, c.clone());
    /// ```
    pub fn with_class(mut self, column: impl Into<String>) -> Self {
        self.class = Some(column.into());
        self
    }

    /// A token read as a missing value (repeatable; the empty cell always is).
    ///
    /// See [`StaysColumns`] for an example.
    pub fn with_missing(mut self, token: impl Into<String>) -> Self {
        self.missing.push(token.into());
        self
    }

    /// The field delimiter (default `,`).
    ///
    /// ```
    /// let c = overcrowding::flow::policy::StaysColumns::new("in", "out").with_delimiter(b';');
    /// assert_eq!(c, c.clone());
    /// ```
    pub fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// Strict: fail at the first bad row (default: lenient, every good row kept and each bad
    /// one reported).
    ///
    /// ```
    /// let c = overcrowding::flow::policy::StaysColumns::new("in", "out").with_strict(true);
    /// assert_eq!(c, c.clone());
    /// ```
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }
}

/// The stays read from a file and the account of every row:
/// `rows = accepted + rejected + skipped`.
///
/// ```
/// use overcrowding::flow::policy::{StaysColumns, read_stays_from};
/// let csv = "in,out\n2021-01-01,2021-01-05\n\n2021-01-09,2021-01-02\n2021-02-01,\n";
/// let f = read_stays_from(csv.as_bytes(), &StaysColumns::new("in", "out"))?;
/// assert_eq!((f.rows(), f.stays().accepted(), f.rejects().len(), f.skipped()), (4, 2, 1, 1));
/// assert_eq!(f.rejects()[0].line(), 4);
/// assert_eq!(f.rejects()[0].reason(),
///     "line 4, column \"out\": release date 2021-01-02 must not come before admission date 2021-01-09");
/// assert!(f.stays().stays()[1].release.is_none()); // still held
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaysFile {
    stays: Stays,
    rejects: Vec<Reject>,
    skipped: usize,
}

impl StaysFile {
    /// The accepted stays.
    ///
    /// See [`StaysFile`] for an example.
    pub fn stays(&self) -> &Stays {
        &self.stays
    }

    /// The rejected rows, in file order.
    ///
    /// See [`StaysFile`] for an example.
    pub fn rejects(&self) -> &[Reject] {
        &self.rejects
    }

    /// Blank lines skipped.
    ///
    /// See [`StaysFile`] for an example.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Data rows in the file (lines after the header): accepted + rejected + skipped.
    ///
    /// See [`StaysFile`] for an example.
    pub fn rows(&self) -> usize {
        self.stays.accepted() + self.rejects.len() + self.skipped
    }
}

/// Reads stays from a CSV file (UTF-8, a BOM allowed, header row).
///
/// # Errors
///
/// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::MissingColumn`] when a named column
/// is not in the header; in strict mode, an error located at the line ([`ErrorKind::InvalidValue`], [`ErrorKind::InvalidParameter`] or [`ErrorKind::BadRow`]) at the first bad row, with its
/// line.
///
/// ```no_run
/// use overcrowding::flow::policy::{StaysColumns, read_stays};
/// let f = read_stays("stays.csv", &StaysColumns::new("admission_date", "release_date"))?;
/// println!("{} stays", f.stays().accepted());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_stays(path: impl AsRef<Path>, columns: &StaysColumns) -> Result<StaysFile> {
    let path = path.as_ref();
    let io = |source| Error::io(path.display(), source);
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_stays_from(&bytes[..], columns)
}

/// Reads stays from CSV bytes (see [`read_stays`]).
///
/// # Errors
///
/// As [`read_stays`], without the I/O error.
///
/// See [`StaysFile`] for an example.
pub fn read_stays_from(bytes: &[u8], columns: &StaysColumns) -> Result<StaysFile> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(columns.delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = rdr
        .headers()
        .map_err(|e| {
            Error::from(ErrorKind::Format {
                source_name: "stays".into(),
                problem: FormatProblem::Csv,
            })
            .with_source(e)
        })?
        .clone();
    let find = |name: &str| -> Result<usize> {
        header.iter().position(|h| h.trim() == name).ok_or_else(|| {
            Error::from(ErrorKind::MissingColumn {
                column: name.to_owned(),
                source_name: None,
                found: Vec::new(),
                closest: None,
            })
        })
    };
    let cols = Positions {
        admission: find(&columns.admission)?,
        release: find(&columns.release)?,
        status: match &columns.status {
            Some((c, v)) => Some((find(c)?, v.clone())),
            None => None,
        },
        sentenced: columns.sentenced.as_deref().map(find).transpose()?,
        facility: columns.facility.as_deref().map(find).transpose()?,
        class: columns.class.as_deref().map(find).transpose()?,
    };
    let missing = |s: &str| {
        let t = s.trim();
        t.is_empty() || columns.missing.iter().any(|m| m == t)
    };
    let mut records: Vec<StayRecord> = Vec::new();
    let mut rejects: Vec<Reject> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let header_lines = 1 + header
        .iter()
        .map(|f| f.matches('\n').count())
        .sum::<usize>();
    // Lines taken by records (a quoted field may span lines).
    let mut record_lines = 0usize;
    let reject = |rejects: &mut Vec<Reject>, line: usize, raw: &str, e: Error| {
        let e = e.with_line(line);
        if columns.strict {
            return Err(e);
        }
        rejects.push(Reject::new(line, raw, e));
        Ok(())
    };
    loop {
        let line_before = rdr.position().line() as usize;
        let byte_before = rdr.position().byte() as usize;
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_before, |p| p.line() as usize);
                let raw = raw_text(bytes, byte_before, rdr.position().byte() as usize);
                let error = Error::from(ErrorKind::BadRow {
                    problem: RowProblem::Csv,
                })
                .at(Location::line(line))
                .with_source(e);
                reject(&mut rejects, line, &raw, error)?;
                record_lines += 1;
                continue;
            }
        }
        // The record's own position miscounts after a blank line: its first line is found
        // from where the reader stands after it.
        let newlines = record
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count())
            .sum::<usize>();
        let after = rdr.position();
        let terminated = (after.byte() as usize)
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(|&b| b == b'\n' || b == b'\r');
        let line = (after.line() as usize)
            .saturating_sub(newlines + usize::from(terminated))
            .max(line_before.min(2));
        record_lines += 1 + newlines;
        let raw = raw_text(bytes, byte_before, after.byte() as usize);
        // The checks between a record's dates are `Stays::from_records`' own, run here too
        // so that a strict read stops at the first bad row in file order; the record's field
        // becomes the file's column.
        let checked = row(&record, &header, line, &cols, &missing).and_then(|r| match check(&r) {
            Ok(_) => Ok(r),
            Err((field, e)) => Err(e.relocated(|at| {
                at.line = Some(line);
                at.column = match field {
                    Field::Admission => Some(columns.admission.clone()),
                    Field::Release => Some(columns.release.clone()),
                    Field::Sentenced => columns.sentenced.clone(),
                    Field::Facility => columns.facility.clone(),
                };
            })),
        });
        match checked {
            Ok(r) => records.push(r),
            Err(e) => reject(&mut rejects, line, &raw, e)?,
        }
    }
    // Lines after the header that are not in a record are the blank lines the parser
    // skips.
    let total_lines = bytes.split(|&b| b == b'\n').count()
        - usize::from(bytes.ends_with(b"\n") || bytes.is_empty());
    let data_lines = total_lines.saturating_sub(header_lines);
    let skipped = data_lines.saturating_sub(record_lines);
    // Every record passed `check`: all are accepted.
    let stays = Stays::from_records(&records);
    rejects.sort_by_key(|r| r.line());
    Ok(StaysFile {
        stays,
        rejects,
        skipped,
    })
}

/// The row's text in the file, without its line ending (invalid UTF-8 shown as U+FFFD).
fn raw_text(bytes: &[u8], from: usize, to: usize) -> String {
    let slice = bytes.get(from..to.min(bytes.len())).unwrap_or_default();
    String::from_utf8_lossy(slice)
        .trim_matches(|c| c == '\r' || c == '\n')
        .to_string()
}

/// The columns' positions in the header.
struct Positions {
    admission: usize,
    release: usize,
    status: Option<(usize, String)>,
    sentenced: Option<usize>,
    facility: Option<usize>,
    class: Option<usize>,
}

/// One CSV record as a [`StayRecord`], or the first cell's typed error at its line and
/// column (the table reader's grammar: [`ValueProblem`], [`RowProblem`]). The checks between
/// dates are [`Stays::from_records`]'.
fn row(
    record: &csv::ByteRecord,
    header: &csv::StringRecord,
    line: usize,
    at: &Positions,
    missing: &impl Fn(&str) -> bool,
) -> Result<StayRecord> {
    if record.len() != header.len() {
        return Err(Error::from(ErrorKind::BadRow {
            problem: RowProblem::FieldCount {
                found: record.len(),
                expected: header.len(),
            },
        })
        .at(Location::line(line)));
    }
    let cell = |c: usize| -> Result<&str> {
        std::str::from_utf8(&record[c]).map_err(|e| {
            Error::from(ErrorKind::BadRow {
                problem: RowProblem::NotUtf8 {
                    field: Some(c + 1),
                    byte: Some(e.valid_up_to() + 1),
                },
            })
            .at(Location::line(line))
        })
    };
    let located = |c: usize| Location::line(line).with_column(header[c].trim());
    let date = |c: usize| -> Result<Option<Date>> {
        let v = cell(c)?;
        if missing(v) {
            return Ok(None);
        }
        let t = v.trim();
        // Exactly `YYYY-MM-DD`: jiff also reads longer forms (a time of day) as a date.
        let parsed = if t.len() == 10 {
            t.parse::<Date>().map_err(|e| Error::bad_date(t, e))
        } else {
            Err(Error::from(ErrorKind::InvalidValue {
                value: t.to_owned(),
                problem: ValueProblem::NotIsoDate,
            }))
        };
        parsed.map(Some).map_err(|e| e.at(located(c)))
    };
    let required = |c: usize| {
        Error::from(ErrorKind::InvalidValue {
            value: String::new(),
            problem: ValueProblem::Missing,
        })
        .at(located(c))
    };
    let admission = date(at.admission)?.ok_or_else(|| required(at.admission))?;
    let release = date(at.release)?;
    let sentenced = at.sentenced.map(date).transpose()?.flatten();
    let facility = match at.facility {
        Some(c) => {
            let v = cell(c)?.trim();
            if missing(v) {
                return Err(required(c));
            }
            v.to_owned()
        }
        None => ALL_FACILITIES.to_owned(),
    };
    let status = match &at.status {
        Some((c, pretrial)) => {
            let v = cell(*c)?.trim();
            if missing(v) {
                None
            } else if v == pretrial {
                Some(StatusGroup::Untried)
            } else {
                Some(StatusGroup::Sentenced)
            }
        }
        None => None,
    };
    let mut r = StayRecord::new(Some(admission), release, facility, status);
    if let Some(s) = sentenced {
        r = r.with_sentenced(s);
    }
    if let Some(c) = at.class {
        let v = cell(c)?.trim();
        if !missing(v) {
            r = r.with_class(v);
        }
    }
    Ok(r)
}
