//! [`Reject`]: a data row a reader did not load, with its line, its text and the typed error.
//! One type for every reader of rows (the table reader, the stays reader), so a caller reads
//! rejects one way.

use std::sync::Arc;

use super::Error;

/// A data row that was not loaded, with its position, its text and why: the rejects of
/// `io::TableRead` (the facility table and any table a `TableReader` reads, with the `io` feature)
/// and of [`StaysFile`](crate::flow::policy::StaysFile) (stays read from a file).
///
/// ```
/// use overcrowding::flow::policy::{StaysColumns, read_stays_from};
/// let f = read_stays_from(b"in,out\n\n2021-01-09,2021-01-02\n", &StaysColumns::new("in", "out"))?;
/// let r = &f.rejects()[0];
/// assert_eq!(r.line(), 3); // the blank line 2 is counted as a line, not as a row
/// assert_eq!(r.raw(), "2021-01-09,2021-01-02");
/// assert_eq!(r.error().location().and_then(|l| l.column.as_deref()), Some("out"));
/// # #[cfg(feature = "io")] {
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str("facility_id,date,population\n\nA,2021-06-30,NA\n", ReadMode::Lenient, "t")?;
/// let r = &t.rejects()[0];
/// assert_eq!(r.line(), 3);
/// assert_eq!(r.raw(), "A,2021-06-30,NA");
/// assert!(r.reason().contains("population \"NA\" is a missing-value sentinel"));
/// # }
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Reject {
    line: usize,
    raw: String,
    // Shared, not copied: `Error` holds an `io::Error` and cannot be cloned.
    error: Arc<Error>,
    population: Option<u64>,
}

/// Two rejects are equal when they have the same line, text and message.
impl PartialEq for Reject {
    fn eq(&self, other: &Reject) -> bool {
        self.line == other.line
            && self.raw == other.raw
            && self.population == other.population
            && self.error.to_string() == other.error.to_string()
    }
}

impl Eq for Reject {}

impl Reject {
    /// A reject of the row starting on `line` with text `raw`, refused for `error`.
    ///
    /// ```
    /// let e = overcrowding::occupancy(1, 0).unwrap_err();
    /// let r = overcrowding::error::Reject::new(7, "A,,1", e);
    /// assert_eq!((r.line(), r.raw()), (7, "A,,1"));
    /// ```
    pub fn new(line: usize, raw: impl Into<String>, error: Error) -> Reject {
        Reject {
            line,
            raw: raw.into(),
            error: Arc::new(error),
            population: None,
        }
    }

    /// The same reject, knowing the people the row held: its population cell read as a count
    /// though another cell (or the row as a whole) was refused.
    ///
    /// ```
    /// let e = overcrowding::occupancy(1, 0).unwrap_err();
    /// let r = overcrowding::error::Reject::new(7, "A,,1", e).with_population(Some(1_069));
    /// assert_eq!(r.population(), Some(1_069));
    /// ```
    pub fn with_population(mut self, population: Option<u64>) -> Reject {
        self.population = population;
        self
    }

    /// The people the rejected row held, when its population cell could be read (`None`
    /// when it is the bad cell, is not reported, or the row's cells cannot be told apart —
    /// a wrong number of fields). A partial answer says how many people it leaves out.
    ///
    /// ```
    /// # #[cfg(feature = "io")] {
    /// use overcrowding::io::{ReadMode, TableReader};
    /// let text = "facility_id,date,population\nA,2021-06-30,1069\nA,2021-06-30,980\nB,2021-13-01,55\nC,2021-06-30,-3\n";
    /// let read = TableReader::new().mode(ReadMode::Lenient).read_bytes(text.as_bytes(), "t.csv")?;
    /// let held: Vec<Option<u64>> = read.rejects().iter().map(|r| r.population()).collect();
    /// assert_eq!(held, [Some(980), Some(55), None]); // a conflict, a bad date, a bad population
    /// # }
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population(&self) -> Option<u64> {
        self.population
    }

    /// The typed error: its variant, and its [`Location`](crate::Location) with line (or sheet and cell),
    /// column and facility as data.
    ///
    /// ```
    /// # #[cfg(feature = "io")] {
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-02-30,1\n", ReadMode::Lenient, "t").unwrap();
    /// let e = t.rejects()[0].error();
    /// assert!(matches!(e.kind(), overcrowding::ErrorKind::InvalidValue { .. }));
    /// assert_eq!(e.location().and_then(|l| l.column.as_deref()), Some("date"));
    /// # }
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// 1-based physical line in the file where the row starts (header = line 1, blank lines
    /// counted).
    ///
    /// ```
    /// # #[cfg(feature = "io")] {
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-02-30,1\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.rejects()[0].line(), 2);
    /// # }
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The row as it appears in the file (invalid UTF-8 shown as U+FFFD), without the line
    /// ending.
    ///
    /// ```
    /// # #[cfg(feature = "io")] {
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\r\nA,2021-06-30\r\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.rejects()[0].raw(), "A,2021-06-30");
    /// # }
    /// ```
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// What was wrong: the line, column and facility, the value quoted, and the rule. The same
    /// text as the error a strict read returns for this row.
    ///
    /// ```
    /// # #[cfg(feature = "io")] {
    /// # use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nDurham,2021-06-30,-3\n", ReadMode::Lenient, "t").unwrap();
    /// assert_eq!(t.rejects()[0].reason(),
    ///     "line 2, column \"population\" (facility \"Durham\"): population \"-3\" is negative; counts are ≥ 0");
    /// # }
    /// ```
    pub fn reason(&self) -> String {
        self.error.to_string()
    }
}

/// The people held in rejected rows, as far as their population cells could be read
/// ([`Reject::population`]): what a partial answer leaves out.
///
/// ```
/// use overcrowding::error::{Error, ErrorKind, Reject, RejectedPeople};
/// let e = || Error::from(ErrorKind::Empty { what: "x" });
/// let rejects = [Reject::new(2, "a", e()).with_population(Some(120)), Reject::new(3, "b", e()),
///     Reject::new(4, "c", e()).with_population(Some(30))];
/// assert_eq!(RejectedPeople::of(&rejects), RejectedPeople { people: Some(150), unknown: 1 });
/// assert_eq!(RejectedPeople::of(&rejects[1..2]), RejectedPeople { people: None, unknown: 1 });
/// assert_eq!(RejectedPeople::of(&[]), RejectedPeople { people: Some(0), unknown: 0 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RejectedPeople {
    /// Σ the populations read (saturating at `u64::MAX`): at least the people the rejected
    /// rows held when `unknown` is above 0; `Some(0)` without rejects; `None` when rows were
    /// rejected and none of their populations could be read.
    pub people: Option<u64>,
    /// Rejected rows whose population could not be read.
    pub unknown: usize,
}

impl RejectedPeople {
    /// The people in `rejects`.
    ///
    /// ```
    /// # use overcrowding::error::{Error, ErrorKind, Reject, RejectedPeople};
    /// let r = Reject::new(2, "a", Error::from(ErrorKind::Empty { what: "x" })).with_population(Some(7));
    /// assert_eq!(RejectedPeople::of(&[r]).people, Some(7));
    /// ```
    pub fn of(rejects: &[Reject]) -> RejectedPeople {
        let known: Vec<u64> = rejects.iter().filter_map(Reject::population).collect();
        RejectedPeople {
            people: (rejects.is_empty() || !known.is_empty())
                .then(|| known.iter().fold(0u64, |a, &b| a.saturating_add(b))),
            unknown: rejects.len() - known.len(),
        }
    }
}
