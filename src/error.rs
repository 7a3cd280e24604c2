//! The crate's one error type: a typed kind, a location and a source.
//!
//! An [`Error`] is one pointer wide (so `Result<T>` stays small) and holds three parts, in the
//! style of the `csv` and `jiff` crates' errors:
//!
//! - its [`kind`](Error::kind): an [`ErrorKind`] that says *what* went wrong as data — the
//!   value and its [`ValueProblem`], the parameter and the [`Constraint`] it breaks (with its
//!   bound), the row and its [`RowProblem`], the file and its [`FormatProblem`];
//! - its [`location`](Error::location): *where*, as a [`Location`] (line or sheet and cell,
//!   column, facility, date), when the error knows;
//! - its [`source`](std::error::Error::source): the lower-level error it wraps (an I/O error,
//!   a CSV or polars error, a calendar error), kept typed, never flattened into text.
//!
//! The message joins them: `location: kind: source`. It quotes the value:
//! `line 17, column "population" (facility "Durham"): population "-3" is negative; counts are ≥ 0`.
//! No kind carries a prose reason: every "why" is a typed enum, so a caller can act on it.
//!
//! ```
//! use overcrowding::error::{Constraint, ErrorKind};
//! let err = overcrowding::releases_needed(39_000, 27_000, -5.0).unwrap_err();
//! assert_eq!(err.to_string(), "target percent -5 must be finite and non-negative");
//! assert!(matches!(
//!     err.kind(),
//!     ErrorKind::InvalidParameter { parameter: "target percent", constraint: Constraint::NonNegative, .. }
//! ));
//! assert!(err.location().is_none());
//! ```

use std::fmt;

mod given;
mod reject;

pub use given::{Given, GivenValue};
pub use reject::{Reject, RejectedPeople};

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

/// The crate's one error: an [`ErrorKind`], an optional [`Location`] and an optional source.
///
/// ```
/// use overcrowding::{occupancy, ErrorKind};
/// let err = occupancy(120, 0).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::ZeroDenominator { what: "capacity" }));
/// assert_eq!(err.to_string(), "capacity is 0: a ratio needs a positive denominator");
/// assert!(std::mem::size_of::<overcrowding::Error>() <= 8);
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    location: Option<Location>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("location", &self.0.location)
            .field("source", &self.0.source)
            .finish()
    }
}

/// What went wrong, as data. The place is not here: it is the error's [`Location`]
/// ([`Error::location`]), given once for every kind.
///
/// ```
/// use overcrowding::{ErrorKind, Location};
/// let err = overcrowding::Error::from(ErrorKind::MissingValue { what: "population" })
///     .at(Location::facility("Durham"));
/// assert_eq!(err.to_string(), "facility \"Durham\": population is not reported");
/// assert_eq!(err.kind().to_string(), "population is not reported");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
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
    /// A parameter breaks a documented [`Constraint`] (negative, not finite, out of range,
    /// before its start …). The constraint carries its bound as data.
    #[error("{parameter} {value} {constraint}")]
    InvalidParameter {
        /// Which parameter.
        parameter: &'static str,
        /// The value as given.
        value: String,
        /// The constraint it breaks.
        constraint: Constraint,
    },
    /// An input that must not be empty was empty.
    #[error("{what} is empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
    /// A facility does not report the capacity kind that was asked for. Never silently
    /// replaced by another kind.
    #[error("facility {facility:?} has no {kind} capacity{} (it reports: {})", dated(.as_of), none_or_list(.available))]
    MissingCapacity {
        /// Facility id.
        facility: String,
        /// The kind asked for.
        kind: String,
        /// The date the capacity was needed for (figures dated later do not count).
        as_of: Option<jiff::civil::Date>,
        /// The kinds the facility does report (with their dates where the facility has
        /// several); empty when it reports none.
        available: Vec<String>,
    },
    /// A count would become negative (a release larger than the population, a capacity cut
    /// below zero). Never clamped to zero.
    #[error("{what} would become negative ({current} - {change})")]
    NegativeCount {
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
    /// A data row is bad as a whole (wrong number of fields, not UTF-8).
    #[error("{problem}")]
    BadRow {
        /// What is wrong with it.
        problem: RowProblem,
    },
    /// A required column is missing from a table.
    #[error("required column {column:?} is missing{}{}", in_source(.source_name), columns_found(.found, .closest))]
    MissingColumn {
        /// Column name.
        column: String,
        /// The file or table it was expected in, if known.
        source_name: Option<String>,
        /// The columns the table has (empty when the reader does not know them).
        found: Vec<String>,
        /// The column found whose name is closest to the one asked for, when one is close.
        closest: Option<String>,
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
    #[error("{source_name}: {problem}")]
    Format {
        /// File or table name.
        source_name: String,
        /// What did not match.
        problem: FormatProblem,
    },
    /// A bundled dataset name is unknown.
    #[error("unknown dataset {name:?} (known: {})", .known.join(", "))]
    UnknownDataset {
        /// The name asked for.
        name: String,
        /// The names available.
        known: Vec<String>,
    },
    /// An I/O error on a file; the [`std::io::Error`] is the error's source.
    #[error("{path}")]
    Io {
        /// The file.
        path: String,
    },
    /// A writer the caller gave (not a file the crate opened) failed; the I/O or CSV error
    /// is the error's source.
    #[error("could not write the {what}")]
    Write {
        /// What was being written, e.g. `"facility table"`.
        what: &'static str,
    },
    /// An error from polars (frame layer only); the `PolarsError` is the error's source.
    #[cfg(feature = "polars")]
    #[error("polars")]
    Polars,
    /// A change would take a facility past a limit it declares (e.g. a transfer into a
    /// facility above its ceiling). Never clamped.
    #[error("{what} would be {would_be}, above its limit of {limit}")]
    LimitExceeded {
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
        "facility name {name:?} is ambiguous: it maps to {first_id:?} ({}) and to {second_id:?} ({})",
        span(.first_valid_from, .first_valid_to),
        span(.second_valid_from, .second_valid_to)
    )]
    AmbiguousFacility {
        /// The name.
        name: String,
        /// The id it was mapped to first.
        first_id: String,
        /// The first day that mapping applies (`None`: always before).
        first_valid_from: Option<jiff::civil::Date>,
        /// The last day that mapping applies (`None`: open-ended).
        first_valid_to: Option<jiff::civil::Date>,
        /// The other id.
        second_id: String,
        /// The first day the other mapping applies (`None`: always before).
        second_valid_from: Option<jiff::civil::Date>,
        /// The last day the other mapping applies (`None`: open-ended).
        second_valid_to: Option<jiff::civil::Date>,
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
    #[error("{what} is not reported")]
    MissingValue {
        /// What is missing, e.g. `"population"`.
        what: &'static str,
    },
    /// A capacity of 0 places (a facility with no places of a kind reports none, not 0).
    #[error(
        "{kind} capacity {value:?}: capacity must be ≥ 1 (leave it empty, not reported, when a facility has no such places)"
    )]
    ZeroCapacity {
        /// The capacity kind's name (`design`, `in_use_cna`, a custom name).
        kind: String,
        /// The value as written (`0`, `00`, ` 0 `, `0.0`): a reader quotes the cell, not the
        /// parsed number.
        value: String,
    },
    /// The same thing given twice where it must be unique (a facility on one date, a capacity
    /// kind in one record).
    #[error("{what} appears twice{}", first_seen(.first_line))]
    Duplicate {
        /// What is duplicated, e.g. `"facility and date"`.
        what: &'static str,
        /// The line of the first one, when known.
        first_line: Option<usize>,
    },
    /// Two values for the same thing disagree (e.g. two rows of one facility and date with
    /// different populations).
    #[error("{what} is {first} in one place and {second} in another")]
    Conflict {
        /// What disagrees.
        what: &'static str,
        /// The first value (with its line, when read from a file).
        first: Given,
        /// The second value (with its line, when read from a file).
        second: Given,
    },
    /// Two rows of one facility id and date give different values: the id does not name one
    /// facility (two institutes share a name). The error's location is the second row.
    #[error(
        "facility id {id:?} is not unique: {}{what} is {first} in one row and {second} in another on the same date; {}",
        kind_of(.kind),
        id_hint(.id_columns)
    )]
    NonUniqueId {
        /// The id both rows give.
        id: String,
        /// The id column(s) read (empty for a file read as one unit).
        id_columns: Vec<String>,
        /// What differs (`population`, `name`, `capacity`).
        what: &'static str,
        /// The capacity kind, when what differs is a capacity (`design`).
        kind: Option<String>,
        /// The first row's value (with its line).
        first: Given,
        /// The second row's value (with its line).
        second: Given,
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
    /// A value in the input is bad (a sentinel, a negative or fractional count, text where a
    /// count belongs, a formula error cell, a date that does not exist …): the problem is
    /// typed, the value quoted; the error's location says where. A missing-value token is not
    /// this error: it means not reported.
    #[error("{value:?} {problem}")]
    InvalidValue {
        /// The value as written.
        value: String,
        /// What is wrong with it.
        problem: ValueProblem,
    },
    /// A chart could not be drawn or written.
    #[error("chart {path}: {problem}")]
    Plot {
        /// The output file.
        path: String,
        /// What went wrong.
        problem: PlotProblem,
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

impl ErrorKind {
    /// The variant's name, e.g. `"ZeroDenominator"`: a stable key for bindings (Python
    /// exception classes) and logs.
    ///
    /// ```
    /// let err = overcrowding::occupancy(1, 0).unwrap_err();
    /// assert_eq!(err.kind().name(), "ZeroDenominator");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::ZeroDenominator { .. } => "ZeroDenominator",
            ErrorKind::PartExceedsWhole { .. } => "PartExceedsWhole",
            ErrorKind::ComponentsDisagree { .. } => "ComponentsDisagree",
            ErrorKind::InvalidParameter { .. } => "InvalidParameter",
            ErrorKind::Empty { .. } => "Empty",
            ErrorKind::MissingCapacity { .. } => "MissingCapacity",
            ErrorKind::NegativeCount { .. } => "NegativeCount",
            ErrorKind::Overflow { .. } => "Overflow",
            ErrorKind::BadRow { .. } => "BadRow",
            ErrorKind::MissingColumn { .. } => "MissingColumn",
            ErrorKind::WrongColumnType { .. } => "WrongColumnType",
            ErrorKind::Format { .. } => "Format",
            ErrorKind::UnknownDataset { .. } => "UnknownDataset",
            ErrorKind::Io { .. } => "Io",
            ErrorKind::Write { .. } => "Write",
            #[cfg(feature = "polars")]
            ErrorKind::Polars => "Polars",
            ErrorKind::LimitExceeded { .. } => "LimitExceeded",
            ErrorKind::StockFlowMismatch { .. } => "StockFlowMismatch",
            ErrorKind::AmbiguousFacility { .. } => "AmbiguousFacility",
            ErrorKind::UnknownFacility { .. } => "UnknownFacility",
            ErrorKind::MissingValue { .. } => "MissingValue",
            ErrorKind::ZeroCapacity { .. } => "ZeroCapacity",
            ErrorKind::Duplicate { .. } => "Duplicate",
            ErrorKind::NonUniqueId { .. } => "NonUniqueId",
            ErrorKind::Conflict { .. } => "Conflict",
            ErrorKind::MixedDates { .. } => "MixedDates",
            ErrorKind::InvalidValue { .. } => "InvalidValue",
            ErrorKind::Plot { .. } => "Plot",
            ErrorKind::DuplicateColumn { .. } => "DuplicateColumn",
            ErrorKind::UnclosedQuote { .. } => "UnclosedQuote",
            ErrorKind::LengthMismatch { .. } => "LengthMismatch",
        }
    }
}

/// The rule a parameter breaks, with its bound as data, for [`ErrorKind::InvalidParameter`].
/// Numbers are bounds as numbers; a date, period or label is the bound where that is what the
/// value is compared with.
///
/// ```
/// use overcrowding::error::Constraint;
/// let c = Constraint::StrictlyBetween { min: 0.0, max: 1.0 };
/// assert_eq!(c.to_string(), "must lie strictly between 0 and 1");
/// assert_eq!(Constraint::Between { min: 1.0, max: 2400.0 }.to_string(), "must be 1 to 2400");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Constraint {
    /// Must be a finite number.
    Finite,
    /// Must be finite and ≥ 0.
    NonNegative,
    /// Must be finite and > 0.
    Positive,
    /// Must be at least `min`.
    AtLeast {
        /// The smallest value allowed.
        min: f64,
    },
    /// Must be at most `max`.
    AtMost {
        /// The largest value allowed.
        max: f64,
    },
    /// Must equal `expected` (a length, a sum).
    Equals {
        /// The value required.
        expected: f64,
    },
    /// Must lie in `min..=max`.
    Between {
        /// The smallest value allowed.
        min: f64,
        /// The largest value allowed.
        max: f64,
    },
    /// Must be 0 or lie in `min..=max` (a magnitude the crate represents exactly: a percent
    /// from 10⁻¹⁸ to 10¹⁸).
    ZeroOrBetween {
        /// The smallest value allowed above 0.
        min: f64,
        /// The largest value allowed.
        max: f64,
    },
    /// Must lie strictly between `min` and `max` (an interval level, a quantile).
    StrictlyBetween {
        /// The bound just below the values allowed.
        min: f64,
        /// The bound just above the values allowed.
        max: f64,
    },
    /// Must be above `min` and at most `max`: the interval `(min, max]`.
    AboveAtMost {
        /// The bound just below the values allowed.
        min: f64,
        /// The largest value allowed.
        max: f64,
    },
    /// Must lie from `first` to `last` (periods, dates).
    Within {
        /// The first value allowed.
        first: String,
        /// The last value allowed.
        last: String,
    },
    /// Must come strictly after `bound` (an end after its start).
    After {
        /// The date, period or value it must follow.
        bound: String,
    },
    /// Must not come before `bound`.
    NotBefore {
        /// The date, period or value it must not precede.
        bound: String,
    },
    /// Must not come after `bound`.
    NotAfter {
        /// The date, period or value it must not follow.
        bound: String,
    },
    /// Must not come before `other`, whose value is `bound` (a stay's release and its
    /// admission date).
    NotBeforeOther {
        /// What the bound is, e.g. `"admission date"`.
        other: &'static str,
        /// Its value.
        bound: String,
    },
    /// Must not come after `other`, whose value is `bound` (a stay's sentenced date and its
    /// release date).
    NotAfterOther {
        /// What the bound is, e.g. `"release date"`.
        other: &'static str,
        /// Its value.
        bound: String,
    },
    /// A sequence must be strictly increasing; this value does not come after `previous`.
    StrictlyIncreasing {
        /// The value before it.
        previous: String,
    },
    /// A series holds one value per period; this one falls in `period` with `other`.
    OnePerPeriod {
        /// The period both fall in.
        period: String,
        /// The other value (a date) in that period.
        other: String,
    },
    /// A regular series has no gaps: this period is missing.
    NoGaps,
    /// Must be observed in the series.
    Observed,
    /// Must be one of the periods projected.
    Projected,
    /// Must not be empty or blank.
    NotEmpty,
    /// Must be one of `allowed`.
    OneOf {
        /// The values allowed.
        allowed: Vec<String>,
    },
    /// Must not be one of `forbidden`.
    NoneOf {
        /// The values refused.
        forbidden: Vec<String>,
    },
    /// Must include every part of one of the sets named (the legal-status counts a pretrial
    /// definition needs).
    Includes {
        /// The sets of parts, any one of which is enough.
        any_of: &'static [&'static [&'static str]],
    },
    /// Must appear once.
    Unique,
    /// Must be the same as `other` (one capacity kind, one date in a total).
    SameAs {
        /// The value it must equal.
        other: String,
    },
    /// Must differ from `other`, whose value is `value` (a transfer's destination and its
    /// origin, a thousands separator and the decimal mark).
    DifferentFrom {
        /// What it must differ from, e.g. `"decimal mark"`.
        other: &'static str,
        /// Its value.
        value: String,
    },
    /// Must be a date format in strftime notation that the calendar library (jiff) can
    /// write a date with (`%d/%m/%Y`).
    Strftime,
    /// Must be reported (a legal-status group of the facility).
    Reported,
    /// Counts a legal-status group the facility does not report.
    OfReportedGroup,
    /// People of unknown legal status cannot join a facility that reports all four
    /// legal-status components.
    KnownStatus,
    /// Must be among the facilities given.
    Known,
    /// Must not have been closed earlier.
    Open,
    /// Must not be the last facility open (its people would have nowhere to go).
    NotLastOpen,
    /// The method must be one that can be fitted to a series of `length` values.
    Fits {
        /// The series' length.
        length: usize,
    },
    /// Must lie in the calendar's range (dates from -9999 to 9999).
    InCalendar,
    /// Must be written like `pattern`.
    WrittenAs {
        /// The pattern, e.g. `A1:F200`.
        pattern: &'static str,
    },
    /// Only for spreadsheet input (xlsx, xls, ods).
    Spreadsheet,
    /// Needs person-level stays (an aggregate model has no classes of admissions).
    PersonLevel,
    /// Must be whole people: the analysis counts people one by one, and the input holds
    /// published averages read exactly (a [`CountUnit`](crate::model::CountUnit) finer than
    /// one person).
    WholeCounts,
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::Finite => f.write_str("is not a finite number"),
            Constraint::NonNegative => f.write_str("must be finite and non-negative"),
            Constraint::Positive => f.write_str("must be finite and positive"),
            Constraint::AtLeast { min } => write!(f, "must be at least {min}"),
            Constraint::AtMost { max } => write!(f, "must be at most {max}"),
            Constraint::Equals { expected } => write!(f, "must be {expected}"),
            Constraint::Between { min, max } => write!(f, "must be {min} to {max}"),
            Constraint::ZeroOrBetween { min, max } => write!(f, "must be 0 or {min:e} to {max:e}"),
            Constraint::StrictlyBetween { min, max } => {
                write!(f, "must lie strictly between {min} and {max}")
            }
            Constraint::AboveAtMost { min, max } => {
                write!(f, "must lie in ({min}, {max}]")
            }
            Constraint::Within { first, last } => write!(f, "must be {first} to {last}"),
            Constraint::After { bound } => write!(f, "must come after {bound}"),
            Constraint::NotBefore { bound } => write!(f, "must not come before {bound}"),
            Constraint::NotAfter { bound } => write!(f, "must not come after {bound}"),
            Constraint::NotBeforeOther { other, bound } => {
                write!(f, "must not come before {other} {bound}")
            }
            Constraint::NotAfterOther { other, bound } => {
                write!(f, "must not come after {other} {bound}")
            }
            Constraint::StrictlyIncreasing { previous } => {
                write!(f, "does not come after {previous}: the values must be strictly increasing")
            }
            Constraint::OnePerPeriod { period, other } => {
                write!(f, "falls in {period} with {other}: one value per period")
            }
            Constraint::NoGaps => f.write_str(
                "is missing: a regular series has no gaps (cut the series, or fill the period and say so)",
            ),
            Constraint::Observed => f.write_str("is not observed in the series"),
            Constraint::Projected => f.write_str("is not among the periods projected"),
            Constraint::NotEmpty => f.write_str("is empty"),
            Constraint::OneOf { allowed } => write!(f, "is not one of {}", allowed.join(", ")),
            Constraint::NoneOf { forbidden } => {
                write!(f, "must not be {}", forbidden.join(" or "))
            }
            Constraint::Includes { any_of } => {
                let sets: Vec<String> = any_of.iter().map(|set| and_list(set)).collect();
                write!(f, "must include {}", sets.join(", or "))
            }
            Constraint::Unique => f.write_str("appears twice"),
            Constraint::SameAs { other } => write!(f, "differs from {other}: they must be the same"),
            Constraint::DifferentFrom { other, value } => {
                write!(f, "must differ from the {other} {value}")
            }
            Constraint::Strftime => f.write_str("is not a strftime date format (e.g. %d/%m/%Y)"),
            Constraint::Reported => f.write_str("is not reported"),
            Constraint::OfReportedGroup => f.write_str("counts a group that is not reported"),
            Constraint::KnownStatus => f.write_str(
                "cannot join a facility that reports all four legal-status components",
            ),
            Constraint::Known => f.write_str("is not among the facilities given"),
            Constraint::Open => f.write_str("was closed earlier"),
            Constraint::NotLastOpen => {
                f.write_str("is the last one open: its people would have nowhere to go")
            }
            Constraint::Fits { length } => {
                write!(f, "cannot be fitted to this series of {length} values")
            }
            Constraint::InCalendar => f.write_str("is outside the calendar's range"),
            Constraint::WrittenAs { pattern } => write!(f, "is not written like {pattern}"),
            Constraint::WholeCounts => f.write_str(
                "must be whole people (1): this analysis counts people one by one; read the published averages rounded to whole people (fractional counts round) for it",
            ),
            Constraint::PersonLevel => f.write_str(
                "needs person-level stays: an aggregate model has no classes of admissions",
            ),
            Constraint::Spreadsheet => {
                f.write_str("is given, but the input is not a spreadsheet (xlsx, xls, ods)")
            }
        }
    }
}

/// What is wrong with a value, for [`ErrorKind::InvalidValue`]: the recurring cases of real files.
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
    /// Text where a number belongs.
    Text,
    /// A number that is not finite (a spreadsheet's infinity or NaN).
    NotFinite,
    /// Thousands separators that do not group three digits.
    BadGrouping,
    /// A count larger than the largest count (`u64::MAX`).
    OutOfRange,
    /// A count of 0 where at least 1 is required (a published capacity).
    Zero,
    /// Not a published percent (one decimal at most, or `:`).
    NotAPercent,
    /// A spreadsheet's formula error cell (`#DIV/0!`).
    FormulaError,
    /// A spreadsheet's true/false cell.
    BoolCell,
    /// A spreadsheet's date cell where a count belongs.
    DateCell,
    /// A number where a date belongs.
    NumberNotDate,
    /// A facility id that looks like a totals row (`Total`, `All prisons`): totals are
    /// computed from the facilities.
    TotalsRow,
    /// A part of a composite facility id that contains the parts' separator (` | `): two
    /// different ids would give one key.
    IdSeparator,
    /// A date not written `YYYY-MM-DD`.
    NotIsoDate,
    /// A date that does not match the date format the reader was given.
    DateFormatMismatch,
    /// A date that does not exist in the calendar (`2021-02-30`).
    NoSuchDate,
    /// A date (or a date computed from it) outside the calendar's range.
    DateOutOfRange,
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
                "has a thousands separator; write a plain integer (1234) or set the reader's thousands separator"
            }
            ValueProblem::DecimalPoint => {
                "is written with a decimal point; counts are plain integers (write 12, not 12.0)"
            }
            ValueProblem::Fractional => {
                "is not a whole number (a published average? read such counts exactly as decimals — fractional counts exact — or rounded by a rule you name: fractional counts rounded half away from zero or half to even)"
            }
            ValueProblem::NotANumber => "is not a plain integer",
            ValueProblem::Text => "is text, not a number",
            ValueProblem::NotFinite => "is not a finite number",
            ValueProblem::BadGrouping => {
                "is not a count (thousands separators must group three digits)"
            }
            ValueProblem::OutOfRange => {
                "is out of range (the largest count is 18446744073709551615)"
            }
            ValueProblem::Zero => "is 0; it must be at least 1",
            ValueProblem::NotAPercent => "is not a percent with at most one decimal, nor `:`",
            ValueProblem::FormulaError => "is a formula error cell",
            ValueProblem::BoolCell => "is a true/false cell",
            ValueProblem::DateCell => "is a date cell, not a count",
            ValueProblem::NumberNotDate => {
                "is a number, not a date (format the cells as dates, or give the date as text)"
            }
            ValueProblem::TotalsRow => {
                "looks like a totals row, not a facility; totals are computed from the rows"
            }
            ValueProblem::IdSeparator => {
                "contains \" | \", which joins the parts of a composite id (two ids would give one key)"
            }
            ValueProblem::NotIsoDate => "is not written YYYY-MM-DD",
            ValueProblem::DateFormatMismatch => "does not match the reader's date format",
            ValueProblem::NoSuchDate => "is not a real date (no such day in the calendar)",
            ValueProblem::DateOutOfRange => "is outside the calendar's range",
        })
    }
}

/// What is wrong with a data row as a whole, for [`ErrorKind::BadRow`].
///
/// ```
/// use overcrowding::error::RowProblem;
/// let p = RowProblem::FieldCount { found: 4, expected: 3 };
/// assert_eq!(p.to_string(), "has 4 fields but the header has 3 (an unquoted delimiter in a value?)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowProblem {
    /// The row has a different number of fields than the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A field is not valid UTF-8.
    NotUtf8 {
        /// The 1-based field, when known.
        field: Option<usize>,
        /// The 1-based byte of the field where the invalid text starts, when known.
        byte: Option<usize>,
    },
    /// A text line inside a table, where data rows follow (not a data row, not the notes).
    StrayText {
        /// The text.
        text: String,
    },
    /// The CSV layer could not read the row; the CSV error is the error's source.
    Csv,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::FieldCount { found, expected } => {
                let hint = if found > expected {
                    " (an unquoted delimiter in a value?)"
                } else {
                    " (a truncated row?)"
                };
                write!(f, "has {found} fields but the header has {expected}{hint}")
            }
            RowProblem::NotUtf8 { field, byte } => {
                match field {
                    Some(i) => write!(f, "field {i} is not valid UTF-8")?,
                    None => f.write_str("is not valid UTF-8")?,
                }
                match byte {
                    Some(b) => write!(f, " (byte {b}; set the reader's encoding)"),
                    None => Ok(()),
                }
            }
            RowProblem::StrayText { text } => write!(
                f,
                "text line {text:?} inside the table (data rows follow it): not a data row and not the notes"
            ),
            RowProblem::Csv => f.write_str("is not readable as CSV"),
        }
    }
}

/// What does not match in a file's layout, for [`ErrorKind::Format`].
///
/// ```
/// use overcrowding::error::FormatProblem;
/// assert_eq!(FormatProblem::NoHeader.to_string(), "there is no header row");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatProblem {
    /// The CSV layer could not read the file; the CSV error is the error's source.
    Csv,
    /// The input is empty.
    Empty,
    /// There is no header row.
    NoHeader,
    /// The header row is not valid UTF-8.
    HeaderNotUtf8,
    /// The header row of a published table (its column names listed) was not found: the
    /// layout changed.
    HeaderRowNotFound {
        /// The column names looked for.
        columns: &'static str,
    },
    /// No data rows follow the header.
    NoRows,
    /// A spreadsheet cannot be opened; the spreadsheet error is the error's source.
    NotASpreadsheet,
    /// A spreadsheet has no sheet of the name (or position) asked for.
    NoSheet {
        /// The sheet asked for.
        asked: String,
        /// The sheets it has.
        sheets: Vec<String>,
    },
    /// A sheet cannot be read; the spreadsheet error is the error's source.
    SheetUnreadable {
        /// The sheet.
        sheet: String,
    },
    /// A sheet has no header row (it is empty, or holds fewer rows than skipped).
    SheetWithoutHeader {
        /// The sheet.
        sheet: String,
    },
    /// A bundled file lacks a figure it should hold.
    MissingFigure {
        /// The figure's name.
        figure: String,
        /// The period it should be for.
        as_of: &'static str,
    },
    /// A table could not be rendered as text; the polars error is the error's source.
    Render,
}

impl fmt::Display for FormatProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatProblem::Csv => f.write_str("is not readable as CSV"),
            FormatProblem::Empty => f.write_str("the input is empty"),
            FormatProblem::NoHeader => f.write_str("there is no header row"),
            FormatProblem::HeaderNotUtf8 => f.write_str("the header row is not valid UTF-8"),
            FormatProblem::HeaderRowNotFound { columns } => write!(
                f,
                "the column-name row ({columns}) was not found: the layout of the table changed"
            ),
            FormatProblem::NoRows => f.write_str("no data rows follow the header"),
            FormatProblem::NotASpreadsheet => f.write_str("cannot be opened as a spreadsheet"),
            FormatProblem::NoSheet { asked, sheets } => {
                write!(f, "has no {asked} (its sheets: {})", sheets.join(", "))
            }
            FormatProblem::SheetUnreadable { sheet } => write!(f, "sheet {sheet:?} cannot be read"),
            FormatProblem::SheetWithoutHeader { sheet } => {
                write!(f, "sheet {sheet:?} has no header row")
            }
            FormatProblem::MissingFigure { figure, as_of } => {
                write!(f, "no {figure} figure as of {as_of}")
            }
            FormatProblem::Render => f.write_str("could not render the table as text"),
        }
    }
}

/// What went wrong drawing or writing a chart, for [`ErrorKind::Plot`].
///
/// ```
/// use overcrowding::error::PlotProblem;
/// assert_eq!(PlotProblem::Extension.to_string(), "the file name must end in .svg or .png");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlotProblem {
    /// The bundled font could not be parsed.
    Font,
    /// The file name does not end in `.svg` or `.png`.
    Extension,
    /// The drawing backend failed; its error is the error's source.
    Backend,
}

impl fmt::Display for PlotProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlotProblem::Font => "the bundled font could not be parsed",
            PlotProblem::Extension => "the file name must end in .svg or .png",
            PlotProblem::Backend => "drawing failed",
        })
    }
}

/// The items comma-separated, or `none`.
fn none_or_list(items: &[String]) -> String {
    match items {
        [] => "none".to_string(),
        items => items.join(", "),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn dated(date: &Option<jiff::civil::Date>) -> String {
    match date {
        Some(d) => format!(" dated on or before {d}"),
        None => String::new(),
    }
}

fn id_hint(columns: &[String]) -> String {
    match columns {
        [] => "the file is read as one unit: name the id column(s)".to_string(),
        cols => {
            let quoted: Vec<String> = cols.iter().map(|c| format!("{c:?}")).collect();
            format!(
                "add a column to the id (now {}) so that each facility has its own",
                quoted.join(" + ")
            )
        }
    }
}

/// A mapping's validity: `2020-01-01 to open-ended`, `the beginning to 2019-12-31`.
fn span(from: &Option<jiff::civil::Date>, to: &Option<jiff::civil::Date>) -> String {
    let f = from.map_or("the beginning".to_string(), |d| d.to_string());
    let t = to.map_or("open-ended".to_string(), |d| d.to_string());
    format!("{f} to {t}")
}

/// `design ` before `capacity` when a capacity kind is named.
fn kind_of(kind: &Option<String>) -> String {
    match kind {
        Some(k) => format!("{k} "),
        None => String::new(),
    }
}

fn first_seen(line: &Option<usize>) -> String {
    match line {
        Some(l) => format!(" (first on line {l})"),
        None => String::new(),
    }
}

fn columns_found(found: &[String], closest: &Option<String>) -> String {
    if found.is_empty() {
        return String::new();
    }
    const SHOWN: usize = 30;
    let mut list: Vec<String> = found.iter().take(SHOWN).map(|c| format!("{c:?}")).collect();
    if found.len() > SHOWN {
        list.push(format!("… {} more", found.len() - SHOWN));
    }
    let closest = match closest {
        Some(c) => format!("; did you mean {c:?}?"),
        None => String::new(),
    };
    format!(" (the columns are {}{closest})", list.join(", "))
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

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(Inner {
            kind,
            location: None,
            source: None,
        }))
    }
}

#[cfg(feature = "polars")]
impl From<polars::prelude::PolarsError> for Error {
    fn from(e: polars::prelude::PolarsError) -> Self {
        Error::from(ErrorKind::Polars).with_source(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = self.location() {
            write!(f, "{location}: ")?;
            if let (ErrorKind::InvalidValue { .. }, Some(column)) = (&self.0.kind, &location.column)
            {
                write!(f, "{column} ")?;
            }
        }
        write!(f, "{}", self.0.kind)?;
        if let Some(source) = &self.0.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl Error {
    /// What went wrong, as data.
    ///
    /// ```
    /// use overcrowding::error::{Constraint, ErrorKind};
    /// let err = overcrowding::exact::Percent::new(-1.0).unwrap_err();
    /// let ErrorKind::InvalidParameter { parameter, value, constraint } = err.kind() else { panic!() };
    /// assert_eq!((*parameter, value.as_str()), ("percent", "-1"));
    /// assert_eq!(*constraint, Constraint::NonNegative);
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

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
        self.0
            .location
            .as_ref()
            .filter(|l| **l != Location::default())
    }

    /// The error at `location`: sets it when the error has none, otherwise fills the parts
    /// the error's location lacks (the parts it already has are kept: they are the more
    /// precise ones).
    ///
    /// ```
    /// use overcrowding::{Error, ErrorKind, Location};
    /// let err = Error::from(ErrorKind::MissingValue { what: "population" })
    ///     .at(Location::facility("Durham"))
    ///     .at(Location::line(17).with_facility("ignored"));
    /// assert_eq!(err.line(), Some(17));
    /// assert_eq!(err.to_string(), "line 17 (facility \"Durham\"): population is not reported");
    /// ```
    pub fn at(mut self, location: Location) -> Self {
        match &mut self.0.location {
            None => self.0.location = Some(location),
            Some(here) => {
                let Location {
                    line,
                    column,
                    facility,
                    date,
                    sheet,
                    cell,
                } = location;
                here.line = here.line.or(line);
                here.column = here.column.take().or(column);
                here.facility = here.facility.take().or(facility);
                here.date = here.date.or(date);
                here.sheet = here.sheet.take().or(sheet);
                here.cell = here.cell.take().or(cell);
            }
        }
        self
    }

    /// The error with `source` as its source (the lower-level error kept typed).
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    /// The error with a boxed `source` as its source.
    #[cfg_attr(not(any(feature = "polars", feature = "plot")), allow(dead_code))]
    pub(crate) fn with_boxed_source(
        mut self,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> Self {
        self.0.source = Some(source);
        self
    }

    /// An [`ErrorKind::Io`] error on `path`, with the I/O error as its source.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let e = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
    /// let err = overcrowding::Error::io("data/x.csv", e);
    /// assert_eq!(err.to_string(), "data/x.csv: no such file");
    /// assert!(err.source().is_some());
    /// ```
    pub fn io(path: impl fmt::Display, source: std::io::Error) -> Self {
        Error::from(ErrorKind::Io {
            path: path.to_string(),
        })
        .with_source(source)
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

    /// The typed problem of an [`ErrorKind::InvalidValue`] (a sentinel, a negative count, text
    /// where a count belongs …).
    ///
    /// ```
    /// assert_eq!(overcrowding::occupancy(1, 0).unwrap_err().value_problem(), None);
    /// ```
    pub fn value_problem(&self) -> Option<ValueProblem> {
        match &self.0.kind {
            ErrorKind::InvalidValue { problem, .. } => Some(*problem),
            _ => None,
        }
    }

    /// The offending value as quoted, when the kind has one ([`ErrorKind::InvalidValue`],
    /// [`ErrorKind::ZeroCapacity`] (as written), [`ErrorKind::InvalidParameter`]).
    ///
    /// ```
    /// let err = overcrowding::releases_needed(10, 10, -1.0).unwrap_err();
    /// assert_eq!(err.value(), Some("-1"));
    /// assert_eq!(overcrowding::occupancy(1, 0).unwrap_err().value(), None);
    /// ```
    pub fn value(&self) -> Option<&str> {
        match &self.0.kind {
            ErrorKind::InvalidValue { value, .. }
            | ErrorKind::ZeroCapacity { value, .. }
            | ErrorKind::InvalidParameter { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The constraint an [`ErrorKind::InvalidParameter`] breaks.
    ///
    /// ```
    /// use overcrowding::error::Constraint;
    /// let err = overcrowding::releases_needed(10, 10, f64::NAN).unwrap_err();
    /// assert_eq!(err.constraint(), Some(&Constraint::NonNegative));
    /// ```
    pub fn constraint(&self) -> Option<&Constraint> {
        match &self.0.kind {
            ErrorKind::InvalidParameter { constraint, .. } => Some(constraint),
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
            self.0.kind,
            ErrorKind::MissingValue { .. } | ErrorKind::MissingCapacity { .. }
        )
    }

    /// Whether the error is a capacity or another denominator of 0.
    ///
    /// ```
    /// assert!(overcrowding::occupancy(1, 0).unwrap_err().is_zero_denominator());
    /// ```
    pub fn is_zero_denominator(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::ZeroDenominator { .. } | ErrorKind::ZeroCapacity { .. }
        )
    }

    /// Whether something was given twice where it must be unique.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?.with_capacity(CapacityKind::Design, 10);
    /// assert!(r.with_capacity(CapacityKind::Design, 12).check().unwrap_err().is_duplicate());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_duplicate(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Duplicate { .. })
    }

    /// The error with its location changed by `f`, when it has a location (a reader adds
    /// the line, sheet and cell it knows to an error the model raised).
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn relocated(mut self, f: impl FnOnce(&mut Location)) -> Error {
        if let Some(location) = &mut self.0.location {
            f(location);
        }
        self
    }

    /// A shorthand for [`ErrorKind::InvalidParameter`].
    pub(crate) fn invalid(
        parameter: &'static str,
        value: impl fmt::Display,
        constraint: Constraint,
    ) -> Self {
        Error::from(ErrorKind::InvalidParameter {
            parameter,
            value: value.to_string(),
            constraint,
        })
    }

    /// An [`ErrorKind::InvalidValue`] for a date text that did not parse, with the calendar
    /// error as its source: [`ValueProblem::NoSuchDate`] when it is shaped `YYYY-MM-DD`,
    /// otherwise [`ValueProblem::NotIsoDate`].
    pub(crate) fn bad_date(text: &str, source: jiff::Error) -> Self {
        let b = text.trim().as_bytes();
        let shaped = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        let problem = if shaped {
            ValueProblem::NoSuchDate
        } else {
            ValueProblem::NotIsoDate
        };
        Error::from(ErrorKind::InvalidValue {
            value: text.to_string(),
            problem,
        })
        .with_source(source)
    }

    /// A shorthand for [`ErrorKind::InvalidValue`] at `location`.
    pub(crate) fn bad_value(
        value: impl Into<String>,
        problem: ValueProblem,
        location: Location,
    ) -> Self {
        Error::from(ErrorKind::InvalidValue {
            value: value.into(),
            problem,
        })
        .at(location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_pointer() {
        assert_eq!(size_of::<Error>(), size_of::<usize>());
        assert!(size_of::<Result<()>>() <= 16);
    }
}
