//! [`Skipped`]: a row that is neither a record nor a reject, and [`SkipReason`], why — as data,
//! so that a caller can tell a totals row from a blank line; [`SkippedByReason`], the rows
//! counted by reason.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a row was skipped: rows a published table carries around its data, each kept out of
/// the figures by design (a reject is a row that should have been data and could not be).
///
/// `Display` says it in words:
///
/// ```
/// use overcrowding::io::{SkipReason, TableReader};
/// let read = TableReader::new().read_bytes(
///     b"facility_id,date,population\nA,2021-06-30,1\nTotale generale,2021-06-30,1\n\nSource: ministry,,\n",
///     "t.csv",
/// )?;
/// let why: Vec<&SkipReason> = read.skipped().iter().map(|s| s.why()).collect();
/// assert_eq!(why[0], &SkipReason::Totals { label: "Totale generale".into() });
/// assert_eq!(why[1], &SkipReason::Blank);
/// assert_eq!(why[2], &SkipReason::Notes { columns: 3 });
/// assert_eq!(why[0].to_string(), "a totals row (\"Totale generale\"): totals are computed from the facilities");
/// assert_eq!(why.iter().filter(|w| w.name() == "totals").count(), 1);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// A blank line, or a row whose cells are all empty.
    Blank,
    /// A notes line: one non-empty cell in a table of `columns` columns (`Source: …`, a
    /// footnote, a title repeated under the data).
    Notes {
        /// The table's number of columns.
        columns: usize,
    },
    /// A totals row (`Total`, `Grand Total`, `Totale`, `Insgesamt`, `Итого` …, a whole cell
    /// in the id or name column, or beside an empty id): totals are computed from the
    /// facilities, never read as one.
    Totals {
        /// The label as written (trimmed).
        label: String,
    },
    /// A row repeating the header (a table pasted under another).
    RepeatedHeader,
}

impl SkipReason {
    /// Every reason's [`name`](Self::name), in the order of the variants: the keys a count
    /// by reason is written under.
    ///
    /// ```
    /// assert_eq!(overcrowding::io::SkipReason::NAMES.len(), 4);
    /// ```
    pub const NAMES: [&'static str; 4] = ["blank", "notes", "totals", "repeated_header"];

    /// The reason's short name, without its details: `blank`, `notes`, `totals`,
    /// `repeated_header`.
    ///
    /// ```
    /// use overcrowding::io::SkipReason;
    /// assert_eq!(SkipReason::Totals { label: "Gesamt".into() }.name(), "totals");
    /// assert_eq!(SkipReason::NAMES.iter().position(|n| *n == SkipReason::Blank.name()), Some(0));
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            SkipReason::Blank => "blank",
            SkipReason::Notes { .. } => "notes",
            SkipReason::Totals { .. } => "totals",
            SkipReason::RepeatedHeader => "repeated_header",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Blank => f.write_str("a blank line"),
            SkipReason::Notes { columns } => write!(
                f,
                "a notes line: one non-empty cell in a table of {columns} columns"
            ),
            SkipReason::Totals { label } => write!(
                f,
                "a totals row ({label:?}): totals are computed from the facilities"
            ),
            SkipReason::RepeatedHeader => f.write_str("repeats the header row"),
        }
    }
}

/// A row that is neither a record nor a reject: a blank line, a notes line, a totals row, a
/// repeated header — with its line and why.
///
/// ```
/// use overcrowding::io::SkipReason;
/// let read = overcrowding::io::TableReader::new()
///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\n\nSource: ministry\n", "t.csv")?;
/// let s = read.skipped();
/// assert_eq!(s.len(), 2);
/// assert_eq!((s[0].line(), s[0].why()), (3, &SkipReason::Blank));
/// assert_eq!(s[1].raw(), "Source: ministry");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub(super) line: usize,
    pub(super) raw: String,
    pub(super) why: SkipReason,
}

impl Skipped {
    /// 1-based line in the file (a sheet's row number).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\n\nA,2021-06-30,1\n", "t.csv")?;
    /// assert_eq!(read.skipped()[0].line(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The row's text.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nTotal,2021-06-30,9\n", "t.csv")?;
    /// assert_eq!(read.skipped()[0].raw(), "Total,2021-06-30,9");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Why it was skipped (its `Display` says it in words).
    ///
    /// ```
    /// use overcrowding::io::SkipReason;
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nInsgesamt,2021-06-30,9\n", "t.csv")?;
    /// assert_eq!(read.skipped()[0].why(), &SkipReason::Totals { label: "Insgesamt".into() });
    /// assert!(read.skipped()[0].why().to_string().starts_with("a totals row"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn why(&self) -> &SkipReason {
        &self.why
    }
}

/// Skipped rows counted by reason, one field per [`SkipReason`] under its
/// [`name`](SkipReason::name) (the [`SkipReason::NAMES`]): what a summary of a read shows
/// beside its rows read, accepted and rejected. The fields add up to the rows skipped.
///
/// ```
/// use overcrowding::io::{SkippedByReason, TableReader};
/// let read = TableReader::new().read_bytes(
///     b"facility_id,date,population\nA,2021-06-30,1\nTotal,2021-06-30,1\n\n\nSource: ministry,,\n",
///     "t.csv",
/// )?;
/// let by = read.skipped_by_reason();
/// assert_eq!((by.blank, by.notes, by.totals, by.repeated_header), (2, 1, 1, 0));
/// assert_eq!(by, SkippedByReason::of(read.skipped()));
/// assert_eq!(serde_json::to_string(&by).unwrap(), r#"{"blank":2,"notes":1,"totals":1,"repeated_header":0}"#);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SkippedByReason {
    /// Blank lines (or rows of empty cells): [`SkipReason::Blank`].
    pub blank: usize,
    /// Notes lines, one non-empty cell (`Source: …`): [`SkipReason::Notes`].
    pub notes: usize,
    /// Totals rows (`Total`, `Grand Total`, `Totale`, `Insgesamt` …), computed, never read:
    /// [`SkipReason::Totals`].
    pub totals: usize,
    /// Rows repeating the header: [`SkipReason::RepeatedHeader`].
    pub repeated_header: usize,
}

impl SkippedByReason {
    /// The counts of `skipped` rows (a read's [`skipped`](super::TableRead::skipped)).
    ///
    /// ```
    /// use overcrowding::io::{SkippedByReason, TableReader};
    /// let read = TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\n\n", "t.csv")?;
    /// assert_eq!(SkippedByReason::of(read.skipped()).blank, 1);
    /// assert_eq!(SkippedByReason::of(&[]), SkippedByReason::default());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn of(skipped: &[Skipped]) -> SkippedByReason {
        let mut by = SkippedByReason::default();
        for s in skipped {
            // One field per reason: a new reason fails to compile here until it is counted.
            let slot = match s.why() {
                SkipReason::Blank => &mut by.blank,
                SkipReason::Notes { .. } => &mut by.notes,
                SkipReason::Totals { .. } => &mut by.totals,
                SkipReason::RepeatedHeader => &mut by.repeated_header,
            };
            *slot += 1;
        }
        by
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_to_the_rows_skipped() {
        let skipped = |why: SkipReason| Skipped {
            line: 2,
            raw: String::new(),
            why,
        };
        let rows = [
            skipped(SkipReason::Totals {
                label: "Insgesamt".into(),
            }),
            skipped(SkipReason::Blank),
            skipped(SkipReason::RepeatedHeader),
            skipped(SkipReason::Totals {
                label: "Total".into(),
            }),
            skipped(SkipReason::Notes { columns: 4 }),
        ];
        let by = SkippedByReason::of(&rows);
        assert_eq!(
            (by.blank, by.notes, by.totals, by.repeated_header),
            (1, 1, 2, 1)
        );
        assert_eq!(
            by.blank + by.notes + by.totals + by.repeated_header,
            rows.len()
        );
        // The fields are the reasons' names, in their order.
        let json = serde_json::to_value(by).unwrap();
        let names: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = SkipReason::NAMES.to_vec();
        expected.sort_unstable();
        assert_eq!(names, expected);
    }
}
