//! The crate's one error type.
//!
//! Every variant carries its context as data — the row or line, the column, the facility, the
//! offending value — so a caller can both print a useful message and act on the parts.
//! Messages quote the value: `line 17 (facility "Durham"): population "-3" is negative`.

use std::fmt;

/// Where in the input a problem was found. Every part is optional because the core functions
/// are called on bare numbers while the readers know lines, columns and facilities.
///
/// ```
/// use overcrowding::Location;
/// let at = Location::line(17).with_column("population").with_facility("Durham");
/// assert_eq!(at.to_string(), "line 17, column \"population\" (facility \"Durham\")");
/// assert_eq!(at.line, Some(17));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// 1-based line in the source file (the header is line 1).
    pub line: Option<usize>,
    /// Column name.
    pub column: Option<String>,
    /// Facility identifier or name.
    pub facility: Option<String>,
    /// The date of the record the problem is in.
    pub date: Option<jiff::civil::Date>,
    /// The spreadsheet's sheet, when the input is a spreadsheet.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The spreadsheet cell (`B17`), when the input is a spreadsheet; shown as `Sheet1!B17`.
    #[serde(default)]
    pub cell: Option<String>,
}

impl Location {
    /// A location that names only a line.
    ///
    /// ```
    /// assert_eq!(overcrowding::Location::line(3).line, Some(3));
    /// ```
    pub fn line(line: usize) -> Self {
        Location {
            line: Some(line),
            ..Location::default()
        }
    }

    /// A location that names only a facility.
    ///
    /// ```
    /// let at = overcrowding::Location::facility("CC1");
    /// assert_eq!(at.to_string(), "facility \"CC1\"");
    /// ```
    pub fn facility(facility: impl Into<String>) -> Self {
        Location {
            facility: Some(facility.into()),
            ..Location::default()
        }
    }

    /// Adds a column name.
    ///
    /// ```
    /// let at = overcrowding::Location::line(2).with_column("date");
    /// assert_eq!(at.column.as_deref(), Some("date"));
    /// ```
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Adds a date.
    ///
    /// ```
    /// let d = "2024-12-31".parse().unwrap();
    /// let at = overcrowding::Location::facility("Durham").with_date(d);
    /// assert_eq!(at.to_string(), "facility \"Durham\" on 2024-12-31");
    /// ```
    pub fn with_date(mut self, date: jiff::civil::Date) -> Self {
        self.date = Some(date);
        self
    }

    /// Adds a spreadsheet sheet and cell: the location is then shown as `Sheet1!B17`.
    ///
    /// ```
    /// let at = overcrowding::Location::line(17).with_cell("Sheet1", "B17").with_column("Population");
    /// assert_eq!(at.to_string(), "Sheet1!B17, column \"Population\"");
    /// assert_eq!(at.cell.as_deref(), Some("B17"));
    /// ```
    pub fn with_cell(mut self, sheet: impl Into<String>, cell: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self.cell = Some(cell.into());
        self
    }

    /// Adds a facility.
    ///
    /// ```
    /// let at = overcrowding::Location::line(2).with_facility("A");
    /// assert_eq!(at.facility.as_deref(), Some("A"));
    /// ```
    pub fn with_facility(mut self, facility: impl Into<String>) -> Self {
        self.facility = Some(facility.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        match (&self.sheet, &self.cell, self.line) {
            (Some(sheet), Some(cell), _) => {
                write!(f, "{sheet}!{cell}")?;
                sep = ", ";
            }
            (Some(sheet), None, Some(line)) => {
                write!(f, "{sheet}!row {line}")?;
                sep = ", ";
            }
            (_, _, Some(line)) => {
                write!(f, "line {line}")?;
                sep = ", ";
            }
            _ => {}
        }
        if let Some(column) = &self.column {
            write!(f, "{sep}column {column:?}")?;
            sep = " ";
        }
        if let Some(facility) = &self.facility {
            if sep.is_empty() {
                write!(f, "facility {facility:?}")?;
            } else {
                write!(f, " (facility {facility:?})")?;
            }
            sep = " ";
        }
        if let Some(date) = self.date {
            if sep.is_empty() {
                write!(f, "{date}")?;
            } else {
                write!(f, " on {date}")?;
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong in `overcrowding`.
///
/// ```
/// use overcrowding::{occupancy, Error};
/// let err = occupancy(120, 0).unwrap_err();
/// assert!(matches!(err, Error::ZeroDenominator { what: "capacity", .. }));
/// assert_eq!(err.to_string(), "capacity is 0: a ratio needs a positive denominator");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A denominator (capacity, total population, national population) is zero.
    #[error("{what} is 0: a ratio needs a positive denominator")]
    ZeroDenominator {
        /// What the denominator was.
        what: &'static str,
    },
    /// A part is larger than the whole it belongs to.
    #[error("{part} ({part_value}) exceeds {whole} ({whole_value})")]
    PartExceedsWhole {
        /// Name of the part, e.g. `"pretrial"`.
        part: &'static str,
        /// Its value.
        part_value: u64,
        /// Name of the whole, e.g. `"total"`.
        whole: &'static str,
        /// Its value.
        whole_value: u64,
    },
    /// All legal-status components were given but do not add up to the total.
    #[error("legal-status components sum to {sum} but the total population is {total}")]
    ComponentsDisagree {
        /// Sum of the components.
        sum: u64,
        /// The stated total.
        total: u64,
    },
    /// A number given as a parameter is not acceptable (negative, not finite, out of range).
    #[error("{what} {value} is invalid: {reason}")]
    InvalidParameter {
        /// Which parameter.
        what: &'static str,
        /// The value as given.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// An input that must not be empty was empty.
    #[error("{what} is empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
    /// A facility does not report the capacity kind that was asked for. Never silently
    /// replaced by another kind.
    #[error("facility {facility:?} has no {kind} capacity{} (it reports: {available})", dated(.as_of))]
    MissingCapacity {
        /// Facility id.
        facility: String,
        /// The kind asked for.
        kind: String,
        /// The date the capacity was needed for (figures dated later do not count).
        as_of: Option<jiff::civil::Date>,
        /// The kinds the facility does report, comma-separated ("none" if none).
        available: String,
    },
    /// A count would become negative (a release larger than the population, a capacity cut
    /// below zero). Never clamped to zero.
    #[error("{location}: {what} would become negative ({current} - {change})")]
    NegativeCount {
        /// Where.
        location: Location,
        /// What count.
        what: &'static str,
        /// Its value before the change.
        current: u64,
        /// The amount taken away.
        change: u64,
    },
    /// A count or sum does not fit in its integer type.
    #[error("{what} overflows")]
    Overflow {
        /// What overflowed.
        what: &'static str,
    },
    /// A value in a data row is bad. The location says where, `value` quotes it.
    #[error("{location}: {}{value:?} {reason}", column_prefix(location))]
    BadValue {
        /// Line, column and facility.
        location: Location,
        /// The raw value as read.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A data row is bad as a whole (wrong number of fields, duplicate key, not UTF-8).
    #[error("{location}: {reason}")]
    BadRow {
        /// Where.
        location: Location,
        /// What is wrong.
        reason: String,
    },
    /// A required column is missing from a table.
    #[error("required column {column:?} is missing{}", in_source(.source_name))]
    MissingColumn {
        /// Column name.
        column: String,
        /// The file or table it was expected in, if known.
        source_name: Option<String>,
    },
    /// A column has the wrong type.
    #[error("column {column:?} has type {found}, expected {expected}")]
    WrongColumnType {
        /// Column name.
        column: String,
        /// The type found.
        found: String,
        /// The type expected.
        expected: String,
    },
    /// A file is not in the format expected (e.g. the header row of a published table moved).
    #[error("{source_name}: {reason}")]
    Format {
        /// File or table name.
        source_name: String,
        /// What did not match.
        reason: String,
    },
    /// A bundled dataset name is unknown.
    #[error("unknown dataset {name:?} (known: {known})")]
    UnknownDataset {
        /// The name asked for.
        name: String,
        /// The names available.
        known: String,
    },
    /// An I/O error, with the path.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A date could not be parsed or computed.
    #[error("{location}: date {value:?} is not a valid date: {reason}")]
    BadDate {
        /// Where.
        location: Location,
        /// The raw text.
        value: String,
        /// Why.
        reason: String,
    },
    /// An error from polars (frame layer only).
    #[cfg(feature = "polars")]
    #[error("polars: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
    /// A change would take a facility past a limit it declares (e.g. a transfer into a
    /// facility above its ceiling). Never clamped.
    #[error("{location}: {what} would be {would_be}, above its limit of {limit}")]
    LimitExceeded {
        /// Where.
        location: Box<Location>,
        /// What is limited.
        what: &'static str,
        /// The limit.
        limit: u64,
        /// The value the change would produce.
        would_be: u64,
    },
    /// A projection broke the stock-flow identity stock(t+1) = stock(t) + admissions −
    /// releases beyond its documented tolerance (an internal consistency check).
    #[error(
        "month {month} ({stream}): stock {found} but stock + admissions - releases = {expected}"
    )]
    StockFlowMismatch {
        /// Month index of the projection.
        month: usize,
        /// Which stock (e.g. `"pretrial"`).
        stream: &'static str,
        /// stock(t) + admissions − releases.
        expected: f64,
        /// stock(t+1) as projected.
        found: f64,
    },
    /// One facility name is mapped to two different ids over overlapping dates.
    #[error(
        "facility name {name:?} is ambiguous: it maps to {first_id:?} ({first_range}) and to {second_id:?} ({second_range})"
    )]
    AmbiguousFacility {
        /// The name.
        name: String,
        /// The id it was mapped to first.
        first_id: String,
        /// The validity of that mapping.
        first_range: String,
        /// The other id.
        second_id: String,
        /// The validity of the other mapping.
        second_range: String,
    },
    /// A facility name or id is not known (on the date asked).
    #[error("unknown facility {name:?} on {date}: no alias of that name is valid on that date")]
    UnknownFacility {
        /// The name as given.
        name: String,
        /// The date it was looked up for.
        date: jiff::civil::Date,
    },
    /// A value the computation needs is not reported (a missing value is never 0).
    #[error("{location}: {what} is not reported")]
    MissingValue {
        /// Where.
        location: Box<Location>,
        /// What is missing, e.g. `"population"`.
        what: &'static str,
    },
    /// A capacity of 0 places (a facility with no places of a kind reports none, not 0).
    #[error(
        "{location}: {kind} capacity \"0\": capacity must be ≥ 1 (leave it empty, not reported, when a facility has no such places)"
    )]
    ZeroCapacity {
        /// Where.
        location: Box<Location>,
        /// The capacity kind's name (`design`, `in_use_cna`, a custom name).
        kind: String,
    },
    /// The same thing given twice where it must be unique (a facility on one date, a capacity
    /// kind in one record).
    #[error("{location}: {what} appears twice{}", first_seen(.first_line))]
    Duplicate {
        /// Where the second one is.
        location: Box<Location>,
        /// What is duplicated, e.g. `"facility and date"`.
        what: &'static str,
        /// The line of the first one, when known.
        first_line: Option<usize>,
    },
    /// Two values for the same thing disagree (e.g. two rows of one facility and date with
    /// different populations).
    #[error("{location}: {what} is {first} in one place and {second} in another")]
    Conflict {
        /// Where.
        location: Box<Location>,
        /// What disagrees.
        what: &'static str,
        /// The first value.
        first: String,
        /// The second value.
        second: String,
    },
    /// Records of different dates where one date is required.
    #[error("{what} mixes dates {first} and {second}: it is of one date")]
    MixedDates {
        /// What needs one date.
        what: &'static str,
        /// The first date seen.
        first: jiff::civil::Date,
        /// Another date.
        second: jiff::civil::Date,
    },
    /// A value of a recurring bad kind (a sentinel, a negative count, a fraction, a date that
    /// does not exist …): the problem is typed, the value quoted, the place given.
    #[error("{location}: {}{value:?} {problem}", column_prefix(location))]
    InvalidValue {
        /// Where: line, column, facility.
        location: Box<Location>,
        /// The value as written.
        value: String,
        /// What is wrong with it.
        problem: ValueProblem,
    },
    /// A chart could not be drawn or written.
    #[error("chart {path}: {reason}")]
    Plot {
        /// The output file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A value in a count column (population, a capacity, a legal-status count) is not a
    /// count: text, a negative or fractional number, a formula error cell (`#DIV/0!`). A
    /// missing-value token is not this error: it means not reported.
    #[error("{location}: {value:?} is not a count: {problem}")]
    NotACount {
        /// Line (or sheet and cell), column and facility.
        location: Box<Location>,
        /// The value as read.
        value: String,
        /// What it is instead, e.g. `"it is negative"`.
        problem: &'static str,
    },
    /// A number is outside the range this crate supports for it (the range is documented on
    /// the function). Never clamped into range.
    #[error("{what} {value} is outside the supported range {min} to {max}")]
    OutOfRange {
        /// What the number is.
        what: &'static str,
        /// The value as given.
        value: String,
        /// The smallest supported value.
        min: &'static str,
        /// The largest supported value.
        max: &'static str,
    },
    /// A request would take more work or memory than the documented limit (e.g. Monte Carlo
    /// paths × years). Refused up front, before anything is allocated.
    #[error("{what} {value} is above the limit of {limit}")]
    TooLarge {
        /// What was asked for.
        what: &'static str,
        /// The amount asked for.
        value: u64,
        /// The limit.
        limit: u64,
    },
    /// A header names the same column twice; the reader does not guess which one is meant.
    #[error("column \"{column}\" appears twice, at positions {first} and {second}{}", in_source(.source_name))]
    DuplicateColumn {
        /// Column name (as matched, e.g. the standard spelling).
        column: String,
        /// 1-based position of its first appearance.
        first: usize,
        /// 1-based position of its second appearance.
        second: usize,
        /// The file or table, if known.
        source_name: Option<String>,
    },
    /// A quoted field is never closed: everything from `line` to the end of the input would
    /// be read as one field.
    #[error("line {line}: a quote opened on this line is never closed")]
    UnclosedQuote {
        /// 1-based line where the quoted field starts.
        line: usize,
    },
    /// Columns (or a column and a buffer or validity bitmap) that must have one entry per row
    /// have different lengths.
    #[error("{what} has {found} rows where {expected} are expected")]
    LengthMismatch {
        /// Which column, buffer or bitmap.
        what: &'static str,
        /// The number of rows expected (the length of the first input column).
        expected: usize,
        /// Its length.
        found: usize,
    },
}

/// What is wrong with a value, for [`Error::InvalidValue`]: the recurring cases of real files.
///
/// ```
/// use overcrowding::error::ValueProblem;
/// assert_eq!(ValueProblem::Negative.to_string(), "is negative; counts are ≥ 0");
/// # #[cfg(feature = "io")] {
/// use overcrowding::io::{ReadMode, read_facility_table_from_str};
/// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-06-30,-3\n", ReadMode::Lenient, "t")?;
/// assert_eq!(t.rejects()[0].error().value_problem(), Some(ValueProblem::Negative));
/// # }
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ValueProblem {
    /// A required value is empty.
    Missing,
    /// A missing-value code (`NA`, `-999`, `..`) where a count is required.
    Sentinel,
    /// A negative count.
    Negative,
    /// A count with thousands separators where plain integers are required.
    ThousandsSeparator,
    /// A whole count written with a decimal point (`12.0`).
    DecimalPoint,
    /// A fractional count (`12.5`).
    Fractional,
    /// Not a number at all.
    NotANumber,
    /// Thousands separators that do not group three digits.
    BadGrouping,
    /// A count larger than the largest count (`u64::MAX`).
    OutOfRange,
    /// A date not written `YYYY-MM-DD`.
    NotIsoDate,
    /// A date that does not exist in the calendar (`2021-02-30`).
    NoSuchDate,
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueProblem::Missing => "is missing (a required value)",
            ValueProblem::Sentinel => {
                "is a missing-value sentinel, not a count; leave the field empty when not reported"
            }
            ValueProblem::Negative => "is negative; counts are ≥ 0",
            ValueProblem::ThousandsSeparator => {
                "has a thousands separator; write a plain integer without separators (1234)"
            }
            ValueProblem::DecimalPoint => {
                "is written with a decimal point; counts are plain integers (write 12, not 12.0)"
            }
            ValueProblem::Fractional => "is not a whole number; a count cannot be fractional",
            ValueProblem::NotANumber => "is not a plain integer",
            ValueProblem::BadGrouping => {
                "is not a count (thousands separators must group three digits)"
            }
            ValueProblem::OutOfRange => {
                "is out of range (the largest count is 18446744073709551615)"
            }
            ValueProblem::NotIsoDate => "is not written YYYY-MM-DD",
            ValueProblem::NoSuchDate => "is not a real date (no such day in the calendar)",
        })
    }
}

fn column_prefix(location: &Location) -> String {
    match &location.column {
        Some(c) => format!("{c} "),
        None => String::new(),
    }
}

fn dated(date: &Option<jiff::civil::Date>) -> String {
    match date {
        Some(d) => format!(" dated on or before {d}"),
        None => String::new(),
    }
}

fn first_seen(line: &Option<usize>) -> String {
    match line {
        Some(l) => format!(" (first on line {l})"),
        None => String::new(),
    }
}

fn in_source(source: &Option<String>) -> String {
    match source {
        Some(s) => format!(" in {s}"),
        None => String::new(),
    }
}

/// `Result` with this crate's [`Error`].
///
/// ```
/// fn half(x: u64) -> overcrowding::Result<overcrowding::Ratio> {
///     overcrowding::occupancy(x, 2)
/// }
/// assert_eq!(half(3).unwrap().value(), 1.5);
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The one list of the variants that carry a [`Location`] (plain or boxed): evaluates `$then`
/// with `location` bound to it, or `$otherwise`. `location()` and `relocated()` both use it,
/// so a new located variant is added in one place.
macro_rules! located {
    ($error:expr, |$location:ident| $then:expr, $otherwise:expr) => {
        match $error {
            Error::NegativeCount {
                location: $location,
                ..
            }
            | Error::BadValue {
                location: $location,
                ..
            }
            | Error::BadRow {
                location: $location,
                ..
            }
            | Error::BadDate {
                location: $location,
                ..
            } => $then,
            Error::LimitExceeded {
                location: $location,
                ..
            }
            | Error::MissingValue {
                location: $location,
                ..
            }
            | Error::ZeroCapacity {
                location: $location,
                ..
            }
            | Error::Duplicate {
                location: $location,
                ..
            }
            | Error::Conflict {
                location: $location,
                ..
            }
            | Error::InvalidValue {
                location: $location,
                ..
            }
            | Error::NotACount {
                location: $location,
                ..
            } => $then,
            _ => $otherwise,
        }
    };
}

impl Error {
    /// Where the problem is — line, column, facility, date — when the error knows.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?;
    /// let err = r.occupancy(&CapacityKind::Design).unwrap_err();
    /// assert_eq!(err.location().and_then(|l| l.facility.as_deref()), Some("A"));
    /// assert!(overcrowding::occupancy(1, 0).unwrap_err().location().is_none());
    /// # #[cfg(feature = "io")] {
    /// use overcrowding::io::{ReadMode, read_facility_table_from_str};
    /// let csv = "facility_id,date,population\nA,2021-06-30,-3\n";
    /// let err = read_facility_table_from_str(csv, ReadMode::Strict, "t.csv").unwrap_err();
    /// assert_eq!(err.location().and_then(|l| l.line), Some(2));
    /// assert_eq!(err.line(), Some(2));
    /// # }
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn location(&self) -> Option<&Location> {
        located!(self, |location| Some(location), None)
    }

    /// The error with `line` as its location's line, when it has a location without one.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn with_line(self, line: usize) -> Error {
        self.relocated(|location| {
            location.line.get_or_insert(line);
        })
    }

    /// The 1-based line of the input the problem is on, when known.
    ///
    /// ```
    /// assert_eq!(overcrowding::occupancy(1, 0).unwrap_err().line(), None);
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.location().and_then(|l| l.line)
    }

    /// The typed problem of an [`Error::InvalidValue`] (a sentinel, a negative count …).
    ///
    /// ```
    /// assert_eq!(overcrowding::occupancy(1, 0).unwrap_err().value_problem(), None);
    /// ```
    pub fn value_problem(&self) -> Option<ValueProblem> {
        match self {
            Error::InvalidValue { problem, .. } => Some(*problem),
            _ => None,
        }
    }

    /// Whether a value the computation needs is not reported (population, a capacity).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert!(r.occupancy(&CapacityKind::Design).unwrap_err().is_missing_value());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_missing_value(&self) -> bool {
        matches!(
            self,
            Error::MissingValue { .. } | Error::MissingCapacity { .. }
        )
    }

    /// Whether the error is a capacity or another denominator of 0.
    ///
    /// ```
    /// assert!(overcrowding::occupancy(1, 0).unwrap_err().is_zero_denominator());
    /// ```
    pub fn is_zero_denominator(&self) -> bool {
        matches!(
            self,
            Error::ZeroDenominator { .. } | Error::ZeroCapacity { .. }
        )
    }

    /// Whether something was given twice where it must be unique.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?.with_capacity(CapacityKind::Design, 10)?;
    /// assert!(r.with_capacity(CapacityKind::Design, 12).unwrap_err().is_duplicate());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_duplicate(&self) -> bool {
        matches!(self, Error::Duplicate { .. })
    }

    /// Whether a value in a count column is not a count ([`Error::NotACount`]).
    ///
    /// ```
    /// use overcrowding::{Error, Location};
    /// let err = Error::NotACount {
    ///     location: Box::new(Location::line(2).with_column("population")),
    ///     value: "many".into(),
    ///     problem: "it is text",
    /// };
    /// assert!(err.is_not_a_count());
    /// assert_eq!(err.line(), Some(2));
    /// assert_eq!(err.to_string(), "line 2, column \"population\": \"many\" is not a count: it is text");
    /// ```
    pub fn is_not_a_count(&self) -> bool {
        matches!(self, Error::NotACount { .. })
    }

    /// The error with its location changed by `f`, when it has a location (a reader adds
    /// the line, sheet and cell it knows to an error the model raised).
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn relocated(mut self, f: impl FnOnce(&mut Location)) -> Error {
        located!(&mut self, |location| f(location), ());
        self
    }

    /// A shorthand for [`Error::InvalidParameter`].
    pub(crate) fn invalid(
        what: &'static str,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidParameter {
            what,
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}
