//! [`TableRead`]: the result of a read — the panel, the rejects, the skipped rows — and the
//! CSV source.

use super::builder::{Dialect, TableReader};
use super::columns::{Mapping, header_names, resolve};
use super::map::{Mapped, RowNotes, Slots, SourceRow, map_row};
use super::period::{PeriodDay, Periods};
use super::plain::{self, Plain};
use super::skipped::{SkipReason, Skipped};
use super::value::{Cell, Written};
use crate::ErrorKind;
use crate::error::FormatProblem;
use crate::error::RowProblem;
use crate::error::{Error, Location, Result};
use crate::io::parse::{LineCounter, ends_inside_quote, next_line_start};
use crate::io::{ReadMode, Reject};
use crate::model::{Panel, PanelBuilder};

/// A value a lenient read could not use in a row it kept (a capacity of 0, text or a
/// fraction where a capacity belongs, see [`UnusableCapacity`](crate::io::UnusableCapacity)):
/// the row is accepted with that value not reported — never 0 — and this says where and why,
/// with the typed error.
///
/// ```
/// use overcrowding::{CapacityKind, ErrorKind};
/// use overcrowding::io::{ReadMode, TableReader};
/// let read = TableReader::new().mode(ReadMode::Lenient)
///     .capacity_column(CapacityKind::Official, "Posti")
///     .read_bytes(b"facility_id,date,population,Posti\nAsti,2024-10-31,281,00\n", "it.csv")?;
/// let d = &read.dropped_values()[0];
/// assert_eq!((d.line(), d.column(), d.value()), (2, Some("Posti"), Some("00")));
/// assert!(matches!(d.error().kind(), ErrorKind::ZeroCapacity { .. }));
/// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(281));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DroppedValue {
    line: usize,
    error: std::sync::Arc<Error>,
}

impl DroppedValue {
    /// 1-based line of the row (a sheet's row number).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, io::{ReadMode, TableReader}};
    /// let read = TableReader::new().mode(ReadMode::Lenient).capacity_column(CapacityKind::Design, "design")
    ///     .read_bytes(b"facility_id,date,population,design\nA,2021-06-30,5,n.d.\n", "t.csv")?;
    /// assert_eq!(read.dropped_values()[0].line(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column of the value.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, io::{ReadMode, TableReader}};
    /// let read = TableReader::new().mode(ReadMode::Lenient).capacity_column(CapacityKind::Design, "design")
    ///     .read_bytes(b"facility_id,date,population,design\nA,2021-06-30,5,-4\n", "t.csv")?;
    /// assert_eq!(read.dropped_values()[0].column(), Some("design"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn column(&self) -> Option<&str> {
        self.error.location().and_then(|l| l.column.as_deref())
    }

    /// The value as written.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, io::{ReadMode, TableReader}};
    /// let read = TableReader::new().mode(ReadMode::Lenient).capacity_column(CapacityKind::Design, "design")
    ///     .read_bytes(b"facility_id,date,population,design\nA,2021-06-30,5,12.5\n", "t.csv")?;
    /// assert_eq!(read.dropped_values()[0].value(), Some("12.5"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn value(&self) -> Option<&str> {
        self.error.value()
    }

    /// Why the value could not be used: the typed error with its location (line or cell,
    /// column, facility, date).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, error::ValueProblem, io::{ReadMode, TableReader}};
    /// let read = TableReader::new().mode(ReadMode::Lenient).capacity_column(CapacityKind::Design, "design")
    ///     .read_bytes(b"facility_id,date,population,design\nA,2021-06-30,5,12.5\n", "t.csv")?;
    /// assert_eq!(read.dropped_values()[0].error().value_problem(), Some(ValueProblem::Fractional));
    /// assert_eq!(read.dropped_values()[0].error().location().unwrap().facility.as_deref(), Some("A"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }
}

/// A table as read by [`TableReader`]: the records in a [`Panel`], every rejected and every
/// skipped row, and what the reader found out (delimiter, encoding, columns).
///
/// `total_rows() == accepted_rows() + rejects().len() + skipped().len()`, always.
///
/// ```
/// use overcrowding::io::{ReadMode, TableReader};
/// let text = "facility_id,date,population\nA,2021-06-30,7\nB,2021-06-30,-1\n\nC,2021-06-30,NA\n";
/// let read = TableReader::new().mode(ReadMode::Lenient).read_bytes(text.as_bytes(), "t.csv")?;
/// assert_eq!((read.total_rows(), read.accepted_rows(), read.rejects().len(), read.skipped().len()), (4, 2, 1, 1));
/// assert_eq!(read.panel().len(), 2);
/// assert_eq!(read.source_name(), "t.csv");
/// assert_eq!(read.columns(), ["facility_id", "date", "population"]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct TableRead {
    panel: Panel,
    rejects: Vec<Reject>,
    skipped: Vec<Skipped>,
    dropped: Vec<DroppedValue>,
    rounded: usize,
    accepted: usize,
    delimiter: Option<u8>,
    encoding: String,
    source_name: String,
    columns: Vec<String>,
    id_columns: Vec<String>,
    periods: Option<Periods>,
    sheet: Option<String>,
}

impl TableRead {
    /// How many rows were dated from a year (`2022`) or a year-month (`2022-06`) value, and on
    /// which day of the period — stated by the caller or assumed (period end); `None` when
    /// every date was a full date. Show it beside any series built from the read: mid-period
    /// counts are not period-end counts.
    ///
    /// ```
    /// use overcrowding::io::{PeriodDay, TableReader};
    /// let read = TableReader::new().period_day(PeriodDay::Mid)
    ///     .read_bytes(b"facility_id,date,population\nA,2021,7\nA,2022,8\n", "t.csv")?;
    /// let p = read.periods().unwrap();
    /// assert_eq!((p.years(), p.day(), p.stated()), (2, PeriodDay::Mid, true));
    /// assert_eq!(read.panel().dates()[0].to_string(), "2021-06-30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn periods(&self) -> Option<Periods> {
        self.periods
    }

    /// The columns whose cells make the facility id, in key order (joined with
    /// [`ID_SEPARATOR`](crate::io::ID_SEPARATOR)); empty when the file was read as one unit
    /// ([`TableReader::single_unit`]).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().id_columns(["Istituto", "Tipo"])
    ///     .read_bytes(b"Istituto,Tipo,date,population\nAsti,CC,2024-10-31,281\n", "it.csv")?;
    /// assert_eq!(read.id_columns().join(" | "), "Istituto | Tipo");
    /// assert_eq!(read.panel().row(0).unwrap().id().as_str(), "Asti | CC");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn id_columns(&self) -> &[String] {
        &self.id_columns
    }

    /// The records: one per facility and date (a long file's rows folded).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,7\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(7));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn panel(&self) -> &Panel {
        &self.panel
    }

    /// The panel, by value.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,7\n", "t.csv")?;
    /// assert_eq!(read.into_panel().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn into_panel(self) -> Panel {
        self.panel
    }

    /// One [`Reject`] per bad row, in file order, each with its typed error (empty in strict
    /// mode, where the first one is the error).
    ///
    /// ```
    /// use overcrowding::error::ValueProblem;
    /// use overcrowding::io::{ReadMode, TableReader};
    /// let read = TableReader::new().mode(ReadMode::Lenient)
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,12.5\n", "t.csv")?;
    /// assert_eq!(read.rejects()[0].error().value_problem(), Some(ValueProblem::Fractional));
    /// assert_eq!(read.rejects()[0].line(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn rejects(&self) -> &[Reject] {
        &self.rejects
    }

    /// The skipped rows (blank, notes, totals, repeated header), in file order.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\n\n", "t.csv")?;
    /// assert_eq!(read.skipped().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// The skipped rows counted by reason.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\nTotal,2021-06-30,1\n", "t.csv")?;
    /// assert_eq!(read.skipped_by_reason().totals, 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn skipped_by_reason(&self) -> super::SkippedByReason {
        super::SkippedByReason::of(&self.skipped)
    }

    /// The values a lenient read could not use in rows it kept (each read as not reported),
    /// in file order: see [`DroppedValue`] and [`UnusableCapacity`](crate::io::UnusableCapacity).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, io::{ReadMode, TableReader}};
    /// let read = TableReader::new().mode(ReadMode::Lenient).capacity_column(CapacityKind::Design, "design")
    ///     .read_bytes(b"facility_id,date,population,design\nA,2021-06-30,5,0\nB,2021-06-30,5,9\n", "t.csv")?;
    /// assert_eq!((read.accepted_rows(), read.dropped_values().len()), (2, 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn dropped_values(&self) -> &[DroppedValue] {
        &self.dropped
    }

    /// How many counts with decimals were rounded to whole counts in accepted rows (by the
    /// rule of [`TableReader::fractional_counts`]; 0 when the reader rejects them).
    ///
    /// ```
    /// use overcrowding::{exact::Rounding, io::{FractionalCounts, TableReader}};
    /// let read = TableReader::new().fractional_counts(FractionalCounts::Round(Rounding::HalfToEven))
    ///     .read_bytes(b"facility_id,date,population\nA,2022,10.5\nB,2022,11\n", "t.csv")?;
    /// assert_eq!((read.rounded_counts(), read.panel().population_column().values()), (1, &[10, 11][..]));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn rounded_counts(&self) -> usize {
        self.rounded
    }

    /// Rows after the header: accepted + rejected + skipped.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\n\n", "t.csv")?;
    /// assert_eq!(read.total_rows(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn total_rows(&self) -> usize {
        self.accepted + self.rejects.len() + self.skipped.len()
    }

    /// Data rows loaded: the same number as [`accepted_rows`](Self::accepted_rows), under the
    /// name the facility table's readers have always used.
    ///
    /// ```
    /// use overcrowding::io::{read_facility_table_from_str, ReadMode};
    /// let t = read_facility_table_from_str("facility_id,date,population\nA,2021-06-30,1\n", ReadMode::Strict, "t")?;
    /// assert_eq!(t.accepted(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn accepted(&self) -> usize {
        self.accepted
    }

    /// Rows that became (part of) a record.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\n", "t.csv")?;
    /// assert_eq!(read.accepted_rows(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn accepted_rows(&self) -> usize {
        self.accepted
    }

    /// The CSV delimiter used (given or sniffed); `None` for a spreadsheet.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id\tdate\tpopulation\nA\t2021-06-30\t1\n", "t.tsv")?;
    /// assert_eq!(read.delimiter(), Some(b'\t'));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn delimiter(&self) -> Option<u8> {
        self.delimiter
    }

    /// The encoding read: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `windows-1252`,
    /// or the workbook format (`xlsx`, `xls`, `ods`, `xlsb`).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"\xEF\xBB\xBFfacility_id,date,population\n", "t.csv")?;
    /// assert_eq!(read.encoding(), "UTF-8 (BOM)");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn encoding(&self) -> &str {
        &self.encoding
    }

    /// The name the table was read from.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().read_bytes(b"facility_id,date,population\n", "mine")?;
    /// assert_eq!(read.source_name(), "mine");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The header's column names, in order (trimmed; an empty one is `column_N`).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().read_bytes(b"facility_id, date ,population,\n", "t")?;
    /// assert_eq!(read.columns(), ["facility_id", "date", "population", "column_4"]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The sheet read, for a spreadsheet.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().read_bytes(b"facility_id,date,population\n", "t")?;
    /// assert_eq!(read.sheet(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }
}

/// The rows read so far: the panel's columns (rows of one facility and date folded by the
/// builder), rejects, skips.
pub(super) struct Acc {
    mode: ReadMode,
    builder: PanelBuilder,
    slots: Option<Slots>,
    rejects: Vec<Reject>,
    skipped: Vec<Skipped>,
    dropped: Vec<DroppedValue>,
    /// The row's dropped values and rounded counts, kept when the row is accepted.
    notes: RowNotes,
    rounded: usize,
    /// Rows dated from a year, from a year-month.
    period_rows: (usize, usize),
    /// The day a period stands for, and whether the caller stated it.
    period_day: (PeriodDay, bool),
    /// The id columns, for the hint of a non-unique id.
    id_columns: Vec<String>,
    accepted: usize,
    dialect: Dialect,
    /// The facility table's (facility, day, capacity kind) → first line.
    keys: std::collections::HashMap<(u32, i32, u32), usize>,
}

impl Acc {
    pub(super) fn new(mode: ReadMode, expected_rows: usize, m: &Mapping) -> Acc {
        Acc {
            mode,
            builder: PanelBuilder::with_capacity(expected_rows.min(1 << 22)).telling_repeats(),
            slots: None,
            rejects: Vec::new(),
            skipped: Vec::new(),
            dropped: Vec::new(),
            notes: RowNotes::default(),
            rounded: 0,
            id_columns: m.id_names(),
            period_rows: (0, 0),
            period_day: (m.period_day, m.period_day_stated),
            accepted: 0,
            dialect: Dialect::Published,
            keys: std::collections::HashMap::new(),
        }
    }

    /// The same accumulator applying `dialect`'s row rules.
    pub(super) fn with_dialect(mut self, dialect: Dialect) -> Acc {
        self.dialect = dialect;
        self
    }

    /// The facility table's rule: a facility, date and capacity kind at most once (checked
    /// before the fold, so the reject names the rule and the first line).
    fn unique_key(&mut self, line: usize) -> Result<Option<(u32, i32, u32)>> {
        if self.dialect != Dialect::FacilityTable {
            return Ok(None);
        }
        let (facility, day, kind) = self.builder.pending_key();
        let key = (facility, day, kind.map_or(u32::MAX, |k| k as u32));
        match self.keys.get(&key) {
            Some(&first) => {
                let mut at = self.builder.pending_location();
                at.line = Some(line);
                Err(Error::from(ErrorKind::Duplicate {
                    what: "facility, date and capacity kind",
                    first_line: Some(first),
                })
                .at(at))
            }
            None => Ok(Some(key)),
        }
    }

    pub(super) fn skip(&mut self, line: usize, raw: String, why: SkipReason) {
        self.skipped.push(Skipped { line, raw, why });
    }

    /// Commits a CSV record's plain-row `cells` (read from its text `text`, at `line`) when
    /// the row is plain (see [`plain`]), as [`push`](Self::push) would; `false` when the
    /// record needs `push`, with nothing of it kept.
    fn push_plain(
        &mut self,
        cells: &plain::Cells,
        text: &str,
        line: usize,
        plain: (&Plain, &Mapping),
    ) -> bool {
        if !cells.ok {
            return false;
        }
        let slots = match &mut self.slots {
            Some(s) => s,
            None => self.slots.insert(Slots::new(plain.1, &mut self.builder)),
        };
        let Some(taken) = plain::apply(cells, text, line, plain, &mut self.builder, slots) else {
            return false;
        };
        self.accepted += 1;
        match taken.written {
            Written::Day => {}
            Written::Year => self.period_rows.0 += 1,
            Written::Month => self.period_rows.1 += 1,
        }
        self.rounded += taken.rounded;
        true
    }

    /// Maps one row into the builder and commits it; in strict mode a bad row is the error,
    /// in lenient mode it is a reject and nothing of it is kept.
    pub(super) fn push<R: SourceRow>(&mut self, row: &R, m: &Mapping) -> Result<()> {
        let line = row.line();
        let mut slots = match self.slots.take() {
            Some(s) => s,
            None => Slots::new(m, &mut self.builder),
        };
        self.notes.dropped.clear();
        self.notes.rounded = 0;
        let result =
            map_row(row, m, &mut self.builder, &mut slots, &mut self.notes).and_then(|outcome| {
                match outcome {
                    Mapped::Skip(why) => {
                        self.skip(line, row.raw(), why);
                        Ok(())
                    }
                    Mapped::Row(written) => {
                        let key = self.unique_key(line)?;
                        let published = self.dialect == Dialect::Published;
                        self.builder.commit().map_err(|e| {
                            if published {
                                fold_error(e, &self.id_columns)
                            } else {
                                e
                            }
                        })?;
                        if let Some(key) = key {
                            self.keys.insert(key, line);
                        }
                        self.accepted += 1;
                        match written {
                            Written::Day => {}
                            Written::Year => self.period_rows.0 += 1,
                            Written::Month => self.period_rows.1 += 1,
                        }
                        self.rounded += self.notes.rounded;
                        self.dropped
                            .extend(self.notes.dropped.drain(..).map(|error| DroppedValue {
                                line,
                                error: std::sync::Arc::new(error),
                            }));
                        Ok(())
                    }
                }
            });
        self.slots = Some(slots);
        match result {
            Ok(()) => Ok(()),
            Err(e) => match self.mode {
                ReadMode::Strict => Err(e),
                ReadMode::Lenient => {
                    let held = population_of(row, m, &e);
                    self.rejects
                        .push(Reject::new(line, row.raw(), e).with_population(held));
                    Ok(())
                }
            },
        }
    }

    /// A row refused before mapping: the error in strict mode, a reject in lenient mode.
    fn reject<R: SourceRow>(&mut self, row: &R, e: Error) -> Result<()> {
        match self.mode {
            ReadMode::Strict => Err(e),
            ReadMode::Lenient => {
                self.rejects.push(Reject::new(row.line(), row.raw(), e));
                Ok(())
            }
        }
    }

    pub(super) fn finish(
        self,
        delimiter: Option<u8>,
        encoding: &str,
        source_name: &str,
        columns: Vec<String>,
        sheet: Option<String>,
    ) -> Result<TableRead> {
        Ok(TableRead {
            panel: self.builder.finish()?,
            rejects: self.rejects,
            skipped: self.skipped,
            dropped: self.dropped,
            rounded: self.rounded,
            accepted: self.accepted,
            delimiter,
            encoding: encoding.to_string(),
            source_name: source_name.to_string(),
            columns,
            id_columns: self.id_columns,
            periods: (self.period_rows != (0, 0)).then_some(Periods {
                years: self.period_rows.0,
                months: self.period_rows.1,
                day: self.period_day.0,
                stated: self.period_day.1,
            }),
            sheet,
        })
    }
}

/// The people a rejected row held: its population cell as a count (a value with decimals
/// rounded by the reader's rule, as in an accepted row), unless the cells cannot be told apart
/// (a wrong number of fields, bytes that are not text), the cell is the one refused, or it is
/// not a count.
fn population_of<R: SourceRow>(row: &R, m: &Mapping, e: &Error) -> Option<u64> {
    let refused = e.location().and_then(|l| l.column.as_deref());
    if matches!(e.kind(), ErrorKind::BadRow { .. }) || refused == Some(&m.column(m.population)) {
        return None;
    }
    let cell = row.cell(m.population).ok()?;
    if m.missing(m.population).is_missing(&cell) {
        return None;
    }
    super::value::read_count(&cell, m.fmt).ok().map(|(v, _)| v)
}

/// A second row of one facility and date that cannot fold into the first: a repeat of it is
/// a duplicated row; values that differ mean the id does not identify one facility.
fn fold_error(e: Error, id_columns: &[String]) -> Error {
    let (what, kind, first, second) = match e.kind() {
        ErrorKind::Conflict {
            what,
            first,
            second,
        } => {
            let kind = match (*what, e.location().and_then(|l| l.column.as_deref())) {
                ("capacity", Some(kind)) => Some(kind.to_string()),
                _ => None,
            };
            (*what, kind, first.clone(), second.clone())
        }
        _ => return e,
    };
    let id = e
        .location()
        .and_then(|l| l.facility.clone())
        .unwrap_or_default();
    let location = e.location().cloned();
    let err = Error::from(ErrorKind::NonUniqueId {
        id,
        id_columns: id_columns.to_vec(),
        what,
        kind,
        first,
        second,
    });
    match location {
        Some(l) => err.at(l),
        None => err,
    }
}

/// A CSV record as a [`Row`].
struct CsvRow<'a> {
    rec: &'a csv::ByteRecord,
    /// The record's fields as one text when they are UTF-8: checked once per row (as the csv
    /// crate's `StringRecord` does), not once per cell read.
    text: Option<&'a str>,
    data: &'a [u8],
    line: usize,
    start: usize,
    end: usize,
}

impl SourceRow for CsvRow<'_> {
    fn len(&self) -> usize {
        self.rec.len()
    }

    fn cell(&self, i: usize) -> Result<Cell<'_>> {
        // A field of a valid record is a slice of its text (on char boundaries, since the
        // delimiters and quotes that split fields are ASCII).
        if let Some(t) = self
            .text
            .zip(self.rec.range(i))
            .and_then(|(text, r)| text.get(r))
        {
            return Ok(Cell::Text(t));
        }
        match self.rec.get(i) {
            None => Ok(Cell::Empty),
            Some(b) => std::str::from_utf8(b).map(Cell::Text).map_err(|e| {
                Error::from(ErrorKind::BadRow {
                    problem: RowProblem::NotUtf8 {
                        field: Some(i + 1),
                        byte: Some(e.valid_up_to() + 1),
                    },
                })
                .at(Location::line(self.line))
            }),
        }
    }

    fn line(&self) -> usize {
        self.line
    }

    fn locate(&self, column: Option<usize>, m: &Mapping) -> Location {
        let at = Location::line(self.line);
        match column {
            Some(i) => at.with_column(m.column(i)),
            None => at,
        }
    }

    fn raw(&self) -> String {
        let end = self.end.clamp(self.start, self.data.len());
        String::from_utf8_lossy(self.data.get(self.start..end).unwrap_or_default())
            .trim_end_matches(['\r', '\n'])
            .to_string()
    }

    fn short_rows_are_errors(&self) -> bool {
        true
    }
}

/// The byte offset after `n` line endings (LF, CRLF or CR), or the end.
fn after_lines(data: &[u8], n: usize) -> usize {
    let mut seen = 0;
    let mut i = 0;
    while seen < n && i < data.len() {
        match data[i] {
            b'\n' => seen += 1,
            b'\r' if data.get(i + 1) != Some(&b'\n') => seen += 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Physical lines in `data` (a final line ending ends the last line, it does not start one).
fn line_count(data: &[u8]) -> usize {
    let mut counter = LineCounter::default();
    let n = counter.line_at(data, data.len());
    match data.last() {
        None => 0,
        Some(b'\n' | b'\r') => n - 1,
        Some(_) => n,
    }
}

pub(super) fn read_csv(reader: &TableReader, bytes: &[u8], source_name: &str) -> Result<TableRead> {
    let (decoded, encoding) = super::encoding::decode(bytes, reader.encoding);
    let text = decoded.bytes();
    let offset = after_lines(text, reader.skip_rows);
    let skipped_lines = line_count(text.get(..offset).unwrap_or_default());
    let data = text.get(offset..).unwrap_or_default();
    // The data after the skipped lines as text, when the whole is (an offset after a line
    // ending is on a character boundary).
    let data_text = decoded.text().and_then(|t| t.get(offset..));
    let delimiter = reader
        .delimiter
        .unwrap_or_else(|| super::sniff::sniff(data));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data);
    let format = |problem: FormatProblem| {
        Error::from(ErrorKind::Format {
            source_name: source_name.to_string(),
            problem,
        })
    };
    let mut rec = csv::ByteRecord::new();
    if !rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format(FormatProblem::Csv).with_source(e))?
    {
        return Err(format(FormatProblem::NoHeader));
    }
    let preset = reader.dialect == Dialect::FacilityTable;
    let header_end = (rdr.position().byte() as usize).min(data.len());
    if preset {
        if header_end >= data.len() && ends_inside_quote(data) {
            return Err(Error::from(ErrorKind::UnclosedQuote { line: 1 }));
        }
        if rec.iter().any(|f| std::str::from_utf8(f).is_err()) {
            return Err(format(FormatProblem::HeaderNotUtf8));
        }
    }
    let names = header_names(rec.iter().map(String::from_utf8_lossy));
    let mapping = resolve(reader, names.clone(), source_name)?;
    let mut lines = LineCounter::default();
    let mut prev_last = lines.line_at(data, trim_end(data, 0, header_end));
    let mut acc = Acc::new(reader.mode, expected_rows(data, header_end), &mapping)
        .with_dialect(reader.dialect);
    // Blank lines are skipped rows of a published table; the facility table does not count
    // them at all.
    let blanks = |acc: &mut Acc, lines: std::ops::Range<usize>| {
        if !preset {
            for blank in lines {
                acc.skip(blank + skipped_lines, String::new(), SkipReason::Blank);
            }
        }
    };
    if !preset {
        // A published table: one pass over the records, located on a second thread when the
        // file is large and the pool has two (see [`Pipeline`]); the rows are taken in file
        // order on this thread either way, so the read is the same.
        let base = crate::io::parse::csv_restart(data, header_end);
        let plan = Plain::of(&mapping);
        let plain = plan.as_ref().map(|p| (p, &mapping));
        let located = Locator::new((data, data_text), base, delimiter, lines, prev_last, plain);
        // A split line's record, built only when its row takes the general path.
        let mut scratch = csv::ByteRecord::new();
        let consume = |it: &Located| -> Result<()> {
            blanks(&mut acc, it.blank_from..it.line);
            let line = it.line + skipped_lines;
            if it.split {
                let text = it.line_text(data_text);
                if let (Some(t), Some(plan)) = (text, &plan)
                    && acc.push_plain(&it.cells, t, line, (plan, &mapping))
                {
                    return Ok(());
                }
                it.split_record(data, &mut scratch);
                let record = csv::StringRecord::from_byte_record(std::mem::take(&mut scratch))
                    .map_err(csv::FromUtf8Error::into_byte_record);
                let pushed = {
                    let (rec, text) = match &record {
                        Ok(t) => (t.as_byte_record(), Some(t.as_slice())),
                        Err(bytes) => (bytes, None),
                    };
                    let row = CsvRow {
                        rec,
                        text,
                        data,
                        line,
                        start: it.start,
                        end: it.end,
                    };
                    acc.push(&row, &mapping)
                };
                scratch = match record {
                    Ok(t) => t.into_byte_record(),
                    Err(bytes) => bytes,
                };
                return pushed;
            }
            let (rec, text) = match &it.text {
                Some(t) => (t.as_byte_record(), Some(t.as_slice())),
                None => (&it.rec, None),
            };
            if let (Some(t), Some(plan)) = (text, &plan)
                && acc.push_plain(&it.cells, t, line, (plan, &mapping))
            {
                return Ok(());
            }
            let row = CsvRow {
                rec,
                text,
                data,
                line,
                start: it.start,
                end: it.end,
            };
            acc.push(&row, &mapping)
        };
        let (prev_last, all_lines) = match Pipeline::for_rows(data.len() - base) {
            Some(p) => p.run(located, consume),
            None => located.each(consume),
        }
        .map_err(|e| match e {
            Stop::Csv(e) => format(FormatProblem::Csv).with_source(e),
            Stop::Row(e) => e,
        })?;
        blanks(&mut acc, prev_last + 1..all_lines + 1);
        return acc.finish(Some(delimiter), encoding, source_name, names, None);
    }
    // The rows are read from `base` on; after an unclosed quote (facility table) the reading
    // starts again on the line after the quote's, so those lines are rows, not lost.
    let mut base = header_end;
    'segments: while base < data.len() {
        // A byte-order mark at the start of a data row is data, as on any later line.
        base = crate::io::parse::csv_restart(data, base);
        let segment = data.get(base..).unwrap_or_default();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(segment);
        loop {
            let more = match rdr.read_byte_record(&mut rec) {
                Ok(more) => more,
                Err(e) => {
                    // The csv crate's only record error with flexible(true) is I/O, which
                    // reading from a slice cannot give; report it as the file's error all the
                    // same.
                    return Err(format(FormatProblem::Csv).with_source(e));
                }
            };
            if !more {
                break 'segments;
            }
            let mut start = base
                + rec
                    .position()
                    .map_or(0, |p| p.byte() as usize)
                    .min(segment.len());
            while matches!(data.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let line = lines.line_at(data, start);
            let end = (base + rdr.position().byte() as usize).clamp(start, data.len());
            blanks(&mut acc, prev_last + 1..line);
            prev_last = lines.line_at(data, trim_end(data, start, end));
            // (The facility table's rows all take the general path: no plain-row loop.)
            let text = std::str::from_utf8(rec.as_slice()).ok();
            let row = CsvRow {
                rec: &rec,
                text,
                data,
                line: line + skipped_lines,
                start,
                end,
            };
            if preset {
                let raw = data.get(start..end).unwrap_or_default();
                if end >= data.len() && ends_inside_quote(raw) {
                    // An unclosed quote: the row is its line; reading goes on after it.
                    let next = next_line_start(data, start);
                    let e = Error::from(ErrorKind::UnclosedQuote {
                        line: line + skipped_lines,
                    });
                    let quoted = CsvRow { end: next, ..row };
                    acc.reject(&quoted, e)?;
                    prev_last = lines.line_at(data, trim_end(data, start, next));
                    base = next;
                    continue 'segments;
                }
                // A line of white space only is blank, like an empty line; a quoted field,
                // even an empty one (`""`), is data.
                if rec.len() == 1
                    && rec
                        .get(0)
                        .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
                    && !raw.contains(&b'"')
                {
                    continue;
                }
            }
            acc.push(&row, &mapping)?;
        }
    }
    blanks(&mut acc, prev_last + 1..line_count(data) + 1);
    acc.finish(Some(delimiter), encoding, source_name, names, None)
}

/// A record of a published table and where it is in the data.
#[derive(Default)]
struct Located {
    /// The record when its bytes are not UTF-8 (`text` is `None`).
    rec: csv::ByteRecord,
    /// The record when it is UTF-8 (checked once, where it is located).
    text: Option<csv::StringRecord>,
    /// The record's first byte and the byte after its line ending.
    start: usize,
    end: usize,
    /// The physical line of `start` (1-based, from the data's first line).
    line: usize,
    /// The first line after the previous record's last: lines from here to `line` are blank.
    blank_from: usize,
    /// Its cells as a plain row reads them (`ok`: it may be one).
    cells: plain::Cells,
    /// The record is the line `start..line_end`, split at its delimiters without the CSV
    /// layer (`rec` and `text` are then unused): its fields end at `ends` (offsets from
    /// `start`), and `utf8` says whether the line is text.
    split: bool,
    line_end: usize,
    ends: Vec<u32>,
    utf8: bool,
    /// A split line that is text in data that is not all text, checked on its own where it
    /// is located; `None` when the data is text (the line is a slice of it, not copied).
    line_text: Option<String>,
}

impl Located {
    /// A split line's text (`None` when it is not UTF-8): a slice of the data's text
    /// (`text`: the data, when it is all text), or the line's own copy.
    fn line_text<'t>(&'t self, text: Option<&'t str>) -> Option<&'t str> {
        if !self.utf8 {
            return None;
        }
        match &self.line_text {
            Some(t) => Some(t.as_str()),
            None => text?.get(self.start..self.line_end),
        }
    }

    /// A split line's fields into `rec` (the record the CSV layer would have read).
    fn split_record(&self, data: &[u8], rec: &mut csv::ByteRecord) {
        rec.clear();
        let line = data.get(self.start..self.line_end).unwrap_or_default();
        let mut from = 0;
        for &end in &self.ends {
            rec.push_field(line.get(from..end as usize).unwrap_or_default());
            from = end as usize + 1;
        }
    }
}

/// Why a pass over the records stopped: the CSV layer's error, or a row's (strict mode).
enum Stop {
    Csv(csv::Error),
    Row(Error),
}

/// The records of `data` from `base` on, each located (bytes, physical lines, blank lines
/// before it) in file order.
struct Locator<'a> {
    data: &'a [u8],
    /// Where `rdr`'s input starts in `data`.
    base: usize,
    rdr: csv::Reader<&'a [u8]>,
    delimiter: u8,
    /// Where the next record is looked for: the end of the last one.
    next: usize,
    /// Whether `rdr` stands at `next` (it did not see the records split without it).
    synced: bool,
    /// Each byte's part in a line split without the CSV layer ([`Self::split_line`]); `None`
    /// when the delimiter is a quote or a line ending (every record through the CSV layer).
    classes: Option<[u8; 256]>,
    lines: LineCounter,
    /// The last line of the previous record (the header's at the start).
    prev_last: usize,
    /// The plain-row plan and the mapping, when the mapping allows the loop for plain rows;
    /// the last date read.
    plain: Option<(&'a Plain, &'a Mapping)>,
    dates: plain::DateCache,
    /// The data as text when it is all UTF-8 (the decoding checked it): a split line's text
    /// is a slice of it, with no check of its own.
    text: Option<&'a str>,
}

impl<'a> Locator<'a> {
    fn new(
        (data, text): (&'a [u8], Option<&'a str>),
        base: usize,
        delimiter: u8,
        lines: LineCounter,
        prev_last: usize,
        plain: Option<(&'a Plain, &'a Mapping)>,
    ) -> Locator<'a> {
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(data.get(base..).unwrap_or_default());
        // An ASCII delimiter: a line is text exactly when each of its fields is.
        let classes =
            (delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n')).then(|| {
                let mut c = [PLAIN_BYTE; 256];
                c[usize::from(delimiter)] = DELIMITER;
                c[usize::from(b'\n')] = LINE_END;
                c[usize::from(b'\r')] = CSV_LAYER;
                c[usize::from(b'"')] = CSV_LAYER;
                c
            });
        #[cfg(test)]
        let classes = classes.filter(|_| !CSV_LAYER_ONLY.with(std::cell::Cell::get));
        Locator {
            data,
            base,
            rdr,
            delimiter,
            next: base,
            synced: true,
            classes,
            lines,
            prev_last,
            plain,
            dates: plain::DateCache::default(),
            text,
        }
    }

    /// Splits the line at `next` at its delimiters into `ends` (each field's end, from the
    /// line's start) when the CSV layer would read it as exactly those pieces: a line that is
    /// not empty and holds no quote and no CR (so no quoted field, no line ending but its
    /// final LF). Returns the line's first byte, its end (before the LF) and the byte after
    /// its LF (or the data's end); `None` for any other line — the CSV layer reads it.
    ///
    /// A byte loop: `memchr` for the line's end and each delimiter took more instructions on
    /// lines of a few dozen bytes (a call per field), and so did eight bytes at a time.
    fn split_line(&mut self, ends: &mut Vec<u32>) -> Option<(usize, usize, usize)> {
        let classes = self.classes.as_ref()?;
        let from = self.next;
        let line = self.data.get(from..)?;
        if matches!(line.first(), None | Some(b'\n' | b'\r')) {
            return None;
        }
        ends.clear();
        let mut end = line.len();
        for (i, &b) in line.iter().enumerate() {
            match classes[usize::from(b)] {
                PLAIN_BYTE => {}
                DELIMITER => ends.push(u32::try_from(i).ok()?),
                LINE_END => {
                    end = i;
                    break;
                }
                _ => return None,
            }
        }
        ends.push(u32::try_from(end).ok()?);
        let after = (from + end + usize::from(end < line.len())).min(self.data.len());
        self.next = after;
        self.synced = false;
        Some((from, from + end, after))
    }

    /// The record at `next` through the CSV layer, restarted there when lines were split
    /// without it; the record's first byte (before skipping line endings) and its end.
    fn csv_record(
        &mut self,
        rec: &mut csv::ByteRecord,
    ) -> (std::result::Result<bool, csv::Error>, usize, usize) {
        let data = self.data;
        if !self.synced {
            let at = crate::io::parse::csv_restart(data, self.next);
            self.rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(self.delimiter)
                .from_reader(data.get(at..).unwrap_or_default());
            self.base = at;
            self.synced = true;
        }
        let more = self.rdr.read_byte_record(rec);
        let position = rec.position().map_or(0, |p| p.byte() as usize);
        let segment = data.len() - self.base.min(data.len());
        let start = self.base + position.min(segment);
        let end = self.base + self.rdr.position().byte() as usize;
        self.next = end.min(data.len());
        (more, start, end)
    }

    /// Reads the next record into `it`; `false` at the end.
    fn next(&mut self, it: &mut Located) -> std::result::Result<bool, csv::Error> {
        let data = self.data;
        if let Some((start, line_end, end)) = self.split_line(&mut it.ends) {
            it.split = true;
            it.line_end = line_end;
            let text = match self.text.and_then(|t| t.get(start..line_end)) {
                Some(t) => {
                    it.line_text = None;
                    Some(t)
                }
                None => {
                    let line = data.get(start..line_end).unwrap_or_default();
                    let t = std::str::from_utf8(line).ok();
                    let own = it.line_text.get_or_insert_with(String::new);
                    own.clear();
                    own.push_str(t.unwrap_or_default());
                    t
                }
            };
            it.utf8 = text.is_some();
            match (text, self.plain) {
                (Some(t), Some((plan, m))) => {
                    plain::read_line(plan, m, t, &it.ends, &mut self.dates, &mut it.cells)
                }
                _ => it.cells.ok = false,
            }
            it.line = self.lines.line_at(data, start);
            it.start = start;
            it.end = end;
            it.blank_from = self.prev_last + 1;
            // No quote, no CR: the record ends on its first line.
            self.lines.skip_to(line_end);
            self.prev_last = it.line;
            return Ok(true);
        }
        it.split = false;
        // The record's buffers are reused whether it was text or bytes last time.
        let mut rec = match it.text.take() {
            Some(t) => t.into_byte_record(),
            None => std::mem::take(&mut it.rec),
        };
        let (more, start, end) = self.csv_record(&mut rec);
        match csv::StringRecord::from_byte_record(rec) {
            Ok(t) => it.text = Some(t),
            Err(e) => it.rec = e.into_byte_record(),
        }
        if !more? {
            return Ok(false);
        }
        match (&it.text, self.plain) {
            (Some(t), Some((plan, m))) => plain::read(plan, m, t, &mut self.dates, &mut it.cells),
            _ => it.cells.ok = false,
        }
        let mut start = start;
        while matches!(data.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        it.line = self.lines.line_at(data, start);
        it.start = start;
        it.end = end.clamp(start, data.len());
        it.blank_from = self.prev_last + 1;
        let last = trim_end(data, start, it.end);
        // A record whose bytes are exactly its fields and delimiters has no quote, so no line
        // ending inside it (an unquoted field ends at CR or LF): it ends on its first line,
        // and its bytes need no count. Quotes only ever add bytes to a field.
        let fields = match it.text.as_ref() {
            Some(t) => t.as_byte_record(),
            None => &it.rec,
        };
        let unquoted = fields.as_slice().len() + fields.len().saturating_sub(1);
        self.prev_last = if last - start == unquoted {
            self.lines.skip_to(last);
            it.line
        } else {
            self.lines.line_at(data, last)
        };
        Ok(true)
    }

    /// The last record's last line and the physical lines of the data ([`line_count`]),
    /// counted on from the last record.
    fn ends(mut self) -> (usize, usize) {
        let data = self.data;
        let n = self.lines.line_at(data, data.len());
        let all = match data.last() {
            None => 0,
            Some(b'\n' | b'\r') => n - 1,
            Some(_) => n,
        };
        (self.prev_last, all)
    }

    /// Every record through `consume`, on this thread; the last record's last line.
    fn each(
        mut self,
        mut consume: impl FnMut(&Located) -> Result<()>,
    ) -> std::result::Result<(usize, usize), Stop> {
        let mut it = Located::default();
        while self.next(&mut it).map_err(Stop::Csv)? {
            consume(&it).map_err(Stop::Row)?;
        }
        Ok(self.ends())
    }
}

/// Records located on a second thread in batches while this thread takes the rows: the CSV
/// layer, the line counts, the UTF-8 check and a plain row's cells and date
/// ([`plain::read`]) there, about half the instructions of a read of a plain wide table;
/// the rows taken into the builder ([`plain::apply`] or the general path) here. The rows are taken in
/// file order by the one accumulator exactly as by [`Locator::each`] — same panel, rejects,
/// skips, lines and first error — only sooner. Used when the rayon pool the read runs in
/// has two threads or more and the data is large enough to pay for a thread.
struct Pipeline {
    batch: usize,
}

impl Pipeline {
    /// The pipeline for `bytes` of rows, or `None` for one thread.
    fn for_rows(bytes: usize) -> Option<Pipeline> {
        #[cfg(test)]
        if let Some(batch) = PIPELINE_BATCH.with(std::cell::Cell::get) {
            return (batch > 0).then_some(Pipeline { batch });
        }
        (bytes >= 1 << 20 && rayon::current_num_threads() >= 2).then_some(Pipeline { batch: 512 })
    }

    fn run(
        self,
        mut located: Locator<'_>,
        mut consume: impl FnMut(&Located) -> Result<()>,
    ) -> std::result::Result<(usize, usize), Stop> {
        use std::sync::mpsc::{channel, sync_channel};
        let batch = self.batch.max(1);
        // Full batches (the records and how many are filled) one way, emptied ones back.
        let (full_tx, full_rx) = sync_channel::<(Vec<Located>, usize)>(2);
        let (empty_tx, empty_rx) = channel::<Vec<Located>>();
        std::thread::scope(|s| {
            let producer = s.spawn(move || -> std::result::Result<(usize, usize), csv::Error> {
                loop {
                    let mut buf = empty_rx.try_recv().unwrap_or_default();
                    let mut n = 0;
                    let mut more = true;
                    while n < batch {
                        if buf.len() == n {
                            buf.push(Located::default());
                        }
                        let Some(it) = buf.get_mut(n) else { break };
                        if !located.next(it)? {
                            more = false;
                            break;
                        }
                        n += 1;
                    }
                    // The taker stopped (a row's error): nothing more is wanted.
                    if full_tx.send((buf, n)).is_err() || !more {
                        return Ok(located.ends());
                    }
                }
            });
            let taken = {
                let full_rx = full_rx;
                let mut taken = Ok(());
                'batches: for (buf, n) in full_rx.iter() {
                    for it in buf.get(..n).unwrap_or_default() {
                        if let Err(e) = consume(it) {
                            taken = Err(e);
                            break 'batches;
                        }
                    }
                    let _ = empty_tx.send(buf);
                }
                taken
                // The receiver goes here: a producer waiting to send stops.
            };
            let produced = producer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            taken.map_err(Stop::Row)?;
            produced.map_err(Stop::Csv)
        })
    }
}

/// A byte's part in a line split without the CSV layer: data, the delimiter, the line's
/// end, or a byte that only the CSV layer reads right (a quote, a CR).
const PLAIN_BYTE: u8 = 0;
const DELIMITER: u8 = 1;
const LINE_END: u8 = 2;
const CSV_LAYER: u8 = 3;

#[cfg(test)]
thread_local! {
    /// Tests: every record through the CSV layer (no line split without it).
    pub(super) static CSV_LAYER_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
thread_local! {
    /// Tests: `Some(0)` reads on one thread, `Some(n)` through the pipeline in batches of `n`
    /// records, whatever the file's size.
    pub(super) static PIPELINE_BATCH: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// The rows expected after the header (`data[header_end..]`), to size the panel's columns
/// once: the lines of the first 64 KiB scaled to the whole, with 2 % to spare — the columns
/// neither double near the end (holding half their size again) nor keep much unused room.
fn expected_rows(data: &[u8], header_end: usize) -> usize {
    const SAMPLE: usize = 1 << 16;
    let rows = data.get(header_end..).unwrap_or_default();
    let sample = rows.get(..SAMPLE.min(rows.len())).unwrap_or_default();
    let lines = line_count(sample).max(1);
    if sample.len() == rows.len() {
        return lines;
    }
    let estimate = (rows.len() as f64 / sample.len().max(1) as f64) * lines as f64;
    (estimate * 1.02) as usize + 16
}

/// `end` moved back over line endings, not before `start`.
fn trim_end(data: &[u8], start: usize, end: usize) -> usize {
    let mut e = end.min(data.len());
    while e > start && matches!(data.get(e - 1), Some(b'\r' | b'\n')) {
        e -= 1;
    }
    e
}
