//! Stays with legal status from a CSV file: the columns named by the caller, missing-value
//! tokens, and every row accounted for (accepted, rejected with its line and a typed
//! problem, or skipped as blank).

use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{
    Constraint, Error, ErrorKind, FormatProblem, Location, Result, RowProblem, ValueProblem,
};
use crate::flow::stays::{StayRecord, Stays};
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

/// What was wrong with a row, as data.
///
/// ```
/// use overcrowding::flow::policy::StayProblem;
/// assert_eq!(StayProblem::MissingAdmission.to_string(), "the admission date is missing");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayProblem {
    /// The admission cell is empty or a missing-value token.
    MissingAdmission,
    /// A date cell is not a real `YYYY-MM-DD` date.
    BadDate {
        /// The column.
        column: String,
        /// The value as read.
        value: String,
    },
    /// The release is before the admission.
    ReleaseBeforeAdmission {
        /// Admission.
        admission: Date,
        /// Release.
        release: Date,
    },
    /// The sentenced date is before the admission or after the release.
    SentencedOutsideStay {
        /// The sentenced date.
        sentenced: Date,
    },
    /// The facility cell is empty.
    MissingFacility,
    /// The row has a different number of fields than the header.
    WrongFieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// The row is not valid UTF-8 or not valid CSV.
    Unreadable {
        /// The parser's message.
        message: String,
    },
}

impl std::fmt::Display for StayProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StayProblem::MissingAdmission => write!(f, "the admission date is missing"),
            StayProblem::BadDate { column, value } => {
                write!(f, "column {column:?}: {value:?} is not a YYYY-MM-DD date")
            }
            StayProblem::ReleaseBeforeAdmission { admission, release } => {
                write!(
                    f,
                    "release date {release} is before admission date {admission}"
                )
            }
            StayProblem::SentencedOutsideStay { sentenced } => {
                write!(f, "sentenced date {sentenced} is outside the stay")
            }
            StayProblem::MissingFacility => write!(f, "the facility is missing"),
            StayProblem::WrongFieldCount { found, expected } => {
                write!(f, "{found} fields, the header has {expected}")
            }
            StayProblem::Unreadable { message } => write!(f, "unreadable row: {message}"),
        }
    }
}

/// A rejected row: its 1-based line (the header is line 1) and the problem.
///
/// ```
/// use overcrowding::flow::policy::{StayProblem, StayRowReject};
/// let r = StayRowReject { line: 3, problem: StayProblem::MissingAdmission };
/// assert_eq!(r.to_string(), "line 3: the admission date is missing");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayRowReject {
    /// 1-based line.
    pub line: usize,
    /// What was wrong.
    pub problem: StayProblem,
}

impl std::fmt::Display for StayRowReject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
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
/// assert_eq!(f.rejects()[0].line, 4);
/// assert!(f.stays().stays()[1].release.is_none()); // still held
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaysFile {
    stays: Stays,
    rejects: Vec<StayRowReject>,
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
    pub fn rejects(&self) -> &[StayRowReject] {
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

fn parse_date(s: &str) -> Option<Date> {
    if s.len() != 10 {
        return None;
    }
    s.parse().ok()
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
    let adm_c = find(&columns.admission)?;
    let rel_c = find(&columns.release)?;
    let status_c = match &columns.status {
        Some((c, v)) => Some((find(c)?, v.clone())),
        None => None,
    };
    let sent_c = columns.sentenced.as_deref().map(find).transpose()?;
    let fac_c = columns.facility.as_deref().map(find).transpose()?;
    let class_c = columns.class.as_deref().map(find).transpose()?;
    let missing = |s: &str| {
        let t = s.trim();
        t.is_empty() || columns.missing.iter().any(|m| m == t)
    };
    let mut records: Vec<StayRecord> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut rejects: Vec<StayRowReject> = Vec::new();
    let mut record = csv::StringRecord::new();
    let header_lines = 1 + header
        .iter()
        .map(|f| f.matches('\n').count())
        .sum::<usize>();
    // Lines taken by records (a quoted field may span lines).
    let mut record_lines = 0usize;
    loop {
        let line_before = rdr.position().line() as usize;
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_before, |p| p.line() as usize);
                let problem = StayProblem::Unreadable {
                    message: e.to_string(),
                };
                if columns.strict {
                    return Err(bad_row(line, &problem, columns));
                }
                rejects.push(StayRowReject { line, problem });
                record_lines += 1;
                continue;
            }
        }
        // The record's own position miscounts after a blank line: its first line is found
        // from where the reader stands after it.
        let newlines = record
            .iter()
            .map(|f| f.matches('\n').count())
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
        let problem = if record.len() != header.len() {
            Some(StayProblem::WrongFieldCount {
                found: record.len(),
                expected: header.len(),
            })
        } else {
            None
        };
        let result = match problem {
            Some(p) => Err(p),
            None => row(
                &record, columns, adm_c, rel_c, &status_c, sent_c, fac_c, class_c, &missing,
            ),
        };
        match result {
            Ok(r) => {
                records.push(r);
                lines.push(line);
            }
            Err(problem) => {
                if columns.strict {
                    return Err(bad_row(line, &problem, columns));
                }
                rejects.push(StayRowReject { line, problem });
            }
        }
    }
    // Lines after the header that are not in a record are the blank lines the parser
    // skips.
    let total_lines = bytes.split(|&b| b == b'\n').count()
        - usize::from(bytes.ends_with(b"\n") || bytes.is_empty());
    let data_lines = total_lines.saturating_sub(header_lines);
    let skipped = data_lines.saturating_sub(record_lines);
    let stays = Stays::from_records(&records);
    // Stays::from_records checks what the row reader already checked; anything it still
    // rejects is reported with its line.
    for r in stays.rejects() {
        rejects.push(StayRowReject {
            line: lines[r.index],
            problem: StayProblem::Unreadable {
                message: r.reason.clone(),
            },
        });
    }
    rejects.sort_by_key(|r| r.line);
    Ok(StaysFile {
        stays,
        rejects,
        skipped,
    })
}

fn bad_row(line: usize, problem: &StayProblem, c: &StaysColumns) -> Error {
    let at = Location::line(line);
    match problem {
        StayProblem::MissingAdmission => Error::from(ErrorKind::InvalidValue {
            value: String::new(),
            problem: ValueProblem::Missing,
        })
        .at(at.with_column(&c.admission)),
        StayProblem::BadDate { column, value } => Error::from(ErrorKind::InvalidValue {
            value: value.clone(),
            problem: ValueProblem::NotIsoDate,
        })
        .at(at.with_column(column)),
        StayProblem::ReleaseBeforeAdmission { admission, release } => Error::invalid(
            "release date",
            release,
            Constraint::NotBefore {
                bound: admission.to_string(),
            },
        )
        .at(at.with_column(&c.release)),
        StayProblem::SentencedOutsideStay { sentenced } => Error::invalid(
            "sentenced date",
            sentenced,
            Constraint::Within {
                first: "the admission".into(),
                last: "the release".into(),
            },
        )
        .at(at.with_column(c.sentenced.as_deref().unwrap_or_default())),
        StayProblem::MissingFacility => Error::from(ErrorKind::InvalidValue {
            value: String::new(),
            problem: ValueProblem::Missing,
        })
        .at(at.with_column(c.facility.as_deref().unwrap_or_default())),
        StayProblem::WrongFieldCount { found, expected } => Error::from(ErrorKind::BadRow {
            problem: RowProblem::FieldCount {
                found: *found,
                expected: *expected,
            },
        })
        .at(at),
        StayProblem::Unreadable { .. } => Error::from(ErrorKind::BadRow {
            problem: RowProblem::Csv,
        })
        .at(at),
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    record: &csv::StringRecord,
    columns: &StaysColumns,
    adm_c: usize,
    rel_c: usize,
    status_c: &Option<(usize, String)>,
    sent_c: Option<usize>,
    fac_c: Option<usize>,
    class_c: Option<usize>,
    missing: &impl Fn(&str) -> bool,
) -> std::result::Result<StayRecord, StayProblem> {
    let date = |c: usize, name: &str| -> std::result::Result<Option<Date>, StayProblem> {
        let v = &record[c];
        if missing(v) {
            return Ok(None);
        }
        parse_date(v.trim())
            .map(Some)
            .ok_or_else(|| StayProblem::BadDate {
                column: name.to_owned(),
                value: v.to_owned(),
            })
    };
    let admission = date(adm_c, &columns.admission)?.ok_or(StayProblem::MissingAdmission)?;
    let release = date(rel_c, &columns.release)?;
    if let Some(r) = release
        && r < admission
    {
        return Err(StayProblem::ReleaseBeforeAdmission {
            admission,
            release: r,
        });
    }
    let sentenced = match (sent_c, &columns.sentenced) {
        (Some(c), Some(name)) => date(c, name)?,
        _ => None,
    };
    if let Some(s) = sentenced
        && (s < admission || release.is_some_and(|r| s > r))
    {
        return Err(StayProblem::SentencedOutsideStay { sentenced: s });
    }
    let facility = match fac_c {
        Some(c) => {
            let v = record[c].trim();
            if missing(v) {
                return Err(StayProblem::MissingFacility);
            }
            v.to_owned()
        }
        None => ALL_FACILITIES.to_owned(),
    };
    let status = status_c.as_ref().and_then(|(c, pretrial)| {
        let v = record[*c].trim();
        if missing(v) {
            None
        } else if v == pretrial {
            Some(StatusGroup::Untried)
        } else {
            Some(StatusGroup::Sentenced)
        }
    });
    let mut r = StayRecord::new(Some(admission), release, facility, status);
    if let Some(s) = sentenced {
        r = r.with_sentenced(s);
    }
    if let Some(c) = class_c {
        let v = record[c].trim();
        if !missing(v) {
            r = r.with_class(v);
        }
    }
    Ok(r)
}
