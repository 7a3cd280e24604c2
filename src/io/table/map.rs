//! One row → its values pushed into the [`PanelBuilder`]'s pending row, or the reason it is
//! skipped, or its typed error (no owned record per row).

use super::builder::{Dialect, ID_SEPARATOR};
use super::columns::Mapping;
use super::skipped::SkipReason;
use super::value::{self, Cell, Written};
use crate::ErrorKind;
use crate::error::{Error, Location, Result, RowProblem, ValueProblem};
use crate::model::trim::trim;
use crate::model::{CapacityKind, CapacitySlot, CountUnit, GroupSlot, PanelBuilder, StatusGroup};
use jiff::civil::Date;

/// A data row of any source: CSV fields or spreadsheet cells.
pub(super) trait SourceRow {
    /// Number of cells.
    fn len(&self) -> usize;
    /// Cell `i` (empty past the end); an error when a CSV field is not UTF-8.
    fn cell(&self, i: usize) -> Result<Cell<'_>>;
    /// The row's line (1-based; a sheet's row number).
    fn line(&self) -> usize;
    /// Where cell `i` is (or the row, for `None`): line, or sheet and cell.
    fn locate(&self, column: Option<usize>, names: &Mapping) -> Location;
    /// The row as text, for a reject or a skip.
    fn raw(&self) -> String;
    /// Whether the source lists fewer cells than the header for short rows (CSV does).
    fn short_rows_are_errors(&self) -> bool;
}

/// What a row's mapping noted besides its values: the values it could not use (kept as not
/// reported) and how many counts it rounded.
#[derive(Debug, Default)]
pub(super) struct RowNotes {
    pub(super) dropped: Vec<Error>,
    pub(super) rounded: usize,
}

/// What a row becomes: a row pending in the builder (to commit), or skipped and why.
pub(super) enum Mapped {
    /// A row, and how its date was written.
    Row(Written),
    Skip(SkipReason),
}

/// The builder's columns of the mapping's wide capacity kinds and group keys, resolved once
/// per read; and the last date cell read.
pub(super) struct Slots {
    pub(super) wide: Vec<CapacitySlot>,
    pub(super) groups: Vec<GroupSlot>,
    /// The last text date cell and what it read as: a table lists many rows of one date in
    /// a run, and those rows skip parsing it again.
    pub(super) last_date: Option<(String, (Date, Written))>,
    /// The loop for plain rows' guess of the next row's facility: the facility that followed
    /// each facility last time (`u32::MAX`: none yet), and the last row's facility. A file
    /// lists its facilities in the same order on every date, or a facility's rows together.
    pub(super) next: Vec<u32>,
    pub(super) last_facility: Option<u32>,
    /// The loop for plain rows' guess of a row's group values: per group column, each
    /// facility's code there last time (`u32::MAX`: none yet).
    pub(super) group_of: Vec<Vec<u32>>,
    /// The loop for plain rows' buffers for a row's group codes and capacities, reused.
    pub(super) row_groups: Vec<(GroupSlot, u32)>,
    pub(super) row_capacities: Vec<(CapacitySlot, Option<u64>)>,
}

impl Slots {
    pub(super) fn new(m: &Mapping, b: &mut PanelBuilder) -> Slots {
        Slots {
            wide: m
                .wide
                .iter()
                .map(|(k, _)| b.capacity_slot(k.clone()))
                .collect(),
            groups: m.groups.iter().map(|(k, _)| b.group_slot(k)).collect(),
            last_date: None,
            next: Vec::new(),
            last_facility: None,
            group_of: vec![Vec::new(); m.groups.len()],
            row_groups: Vec::new(),
            row_capacities: Vec::new(),
        }
    }
}

/// A cell as written, for a message: a text cell untrimmed (` 0 `), a number cell as text.
fn written(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Text(t) => (*t).to_string(),
        other => other.text().into_owned(),
    }
}

fn blank(cell: &Result<Cell<'_>>) -> bool {
    match cell {
        Ok(Cell::Empty) => true,
        Ok(Cell::Text(t)) => trim(t).is_empty(),
        _ => false,
    }
}

pub(super) fn map_row<R: SourceRow>(
    row: &R,
    m: &Mapping,
    b: &mut PanelBuilder,
    slots: &mut Slots,
    notes: &mut RowNotes,
) -> Result<Mapped> {
    let dropped = &mut notes.dropped;
    let n = row.len();
    let preset = m.dialect == Dialect::FacilityTable;
    if preset {
        facility_table_shape(row, m)?;
    }
    let mut filled = 0;
    let mut last_filled = 0;
    // The facility table skips nothing: a blank or notes line there is a bad row.
    for i in (0..n).filter(|_| !preset) {
        if !blank(&row.cell(i)) {
            filled += 1;
            last_filled = i;
            if filled > 1 {
                break;
            }
        }
    }
    if filled == 0 && !preset {
        return Ok(Mapped::Skip(SkipReason::Blank));
    }
    let width = m.names.len();
    if filled == 1 && width > 2 {
        let note = !m.ids.contains(&last_filled)
            || n < width
            || row
                .cell(last_filled)
                .map(|c| {
                    let t = c.text();
                    t.contains(": ") || t.chars().count() > 40
                })
                .unwrap_or(true);
        if note {
            return Ok(Mapped::Skip(SkipReason::Notes { columns: width }));
        }
    }
    let at = |col: Option<usize>| row.locate(col, m);
    // The key: one id cell (borrowed), several joined, or the one unit of a file without ids.
    let id_cell = match m.ids.first() {
        Some(&i) => row.cell(i)?,
        None => Cell::Empty,
    };
    let id_first = id_cell.text();
    let id_first = trim(&id_first);
    let repeats_header = match m.ids.first() {
        Some(&i) => m.names.get(i).is_some_and(|h| h == id_first),
        None => row.cell(m.population).is_ok_and(|c| {
            m.names
                .get(m.population)
                .is_some_and(|h| *h == trim(&c.text()))
        }),
    };
    if !preset && repeats_header {
        return Ok(Mapped::Skip(SkipReason::RepeatedHeader));
    }
    let mut missing_part = None;
    let mut bad_part = None;
    let joined = if m.ids.len() > 1 {
        let mut key = String::new();
        for (k, &i) in m.ids.iter().enumerate() {
            let c = row.cell(i)?;
            if m.missing(i).is_missing(&c) {
                missing_part.get_or_insert(i);
                continue;
            }
            let t = c.text();
            let t = trim(&t);
            if t.contains(ID_SEPARATOR) {
                bad_part.get_or_insert((i, t.to_string()));
            }
            if k > 0 {
                key.push_str(ID_SEPARATOR);
            }
            key.push_str(t);
        }
        Some(key)
    } else {
        if let Some(&i) = m.ids.first()
            && m.missing(i).is_missing(&id_cell)
        {
            missing_part = Some(i);
        }
        None
    };
    let id_text: &str = match (&joined, &m.unit) {
        (Some(key), _) => key,
        (None, Some(unit)) => unit,
        (None, None) => id_first,
    };
    let has_id = missing_part.is_none();
    let at_row = || {
        let l = at(None);
        if has_id { l.with_facility(id_text) } else { l }
    };
    if (n > width && (width..n).any(|i| !blank(&row.cell(i))))
        || (n < width && row.short_rows_are_errors())
    {
        return Err(Error::from(ErrorKind::BadRow {
            problem: RowProblem::FieldCount {
                found: n,
                expected: width,
            },
        })
        .at(at_row()));
    }
    // A totals row labelled outside the id column (`Grand Total` under the region, the id
    // empty), or in the name column: skipped and counted, never summed.
    if !preset {
        let label = |i: usize| {
            row.cell(i)
                .ok()
                .map(|c| trim(&c.text()).to_string())
                .filter(|t| super::totals::is_totals_label(t))
        };
        let found = if missing_part.is_some() {
            (0..n).find_map(label)
        } else {
            m.name.and_then(label)
        };
        if let Some(t) = found {
            return Ok(Mapped::Skip(SkipReason::Totals { label: t }));
        }
    }
    if let Some(i) = missing_part {
        return Err(Error::from(ErrorKind::MissingValue {
            what: "facility id",
        })
        .at(at(Some(i))));
    }
    if let Some((i, part)) = bad_part {
        return Err(Error::bad_value(
            part,
            ValueProblem::IdSeparator,
            at(Some(i)),
        ));
    }
    if !m.ids.is_empty() && super::totals::is_totals_label(id_first) {
        if preset {
            return Err(Error::bad_value(
                id_text,
                ValueProblem::TotalsRow,
                at(m.ids.first().copied()).with_facility(id_text),
            ));
        }
        return Ok(Mapped::Skip(SkipReason::Totals {
            label: id_text.to_string(),
        }));
    }
    let cell_at = |i: usize| -> Result<Option<Cell<'_>>> {
        let c = row.cell(i)?;
        Ok(if m.missing(i).is_missing(&c) {
            None
        } else {
            Some(c)
        })
    };
    let located = |i: usize| at(Some(i)).with_facility(id_text);
    let (date, date_written) = match m.date {
        Err(d) => (d, Written::Day),
        Ok(i) => match cell_at(i)? {
            None => {
                return Err(Error::from(ErrorKind::MissingValue { what: "date" }).at(located(i)));
            }
            Some(c) => {
                let repeated = match (&c, &slots.last_date) {
                    (Cell::Text(t), Some((last, read))) if t == last => Some(*read),
                    _ => None,
                };
                match repeated {
                    Some(read) => read,
                    None => {
                        let read = value::date(&c, m.date_format.as_deref(), m.period_day)
                            .map_err(|(problem, source)| {
                                let e =
                                    Error::bad_value(c.text().into_owned(), problem, located(i));
                                match source {
                                    Some(s) => e.with_source(s),
                                    None => e,
                                }
                            })?;
                        if let Cell::Text(t) = &c {
                            let last = slots.last_date.get_or_insert_with(|| (String::new(), read));
                            last.0.clear();
                            last.0.push_str(t);
                            last.1 = read;
                        }
                        read
                    }
                }
            }
        },
    };
    let key_column = m.ids.first().copied().unwrap_or(m.population);
    b.begin(id_text, date)
        .map_err(|e| e.at(located(key_column)))?;
    b.at_line(row.line());
    // Errors the model raises get this row's place.
    let place = |e: Error, col: Option<usize>| {
        let here = match col {
            Some(i) => located(i),
            None => at_row(),
        };
        e.relocated(|l| {
            l.line = here.line;
            l.sheet = here.sheet.clone();
            l.cell = here.cell.clone();
            if here.column.is_some() {
                l.column = here.column.clone();
            }
        })
    };
    if let Some(i) = m.name
        && let Some(c) = cell_at(i)?
    {
        b.name(&c.text());
    }
    for ((_, i), &slot) in m.groups.iter().zip(&slots.groups) {
        if let Some(c) = cell_at(*i)? {
            b.group(slot, &c.text());
        }
    }
    // An exact read: the unit holds every count of the row before any is read.
    if m.fmt.exact && !preset {
        exact_unit(m, b, &cell_at, &located)?;
    }
    let unit = b.count_unit();
    // The facility table's counts are plain integers; a published table's as its format says.
    let rounded = std::cell::Cell::new(0usize);
    let count_of = |c: &Cell<'_>| {
        if preset {
            return crate::io::parse::plain_count(&c.text());
        }
        if m.fmt.exact {
            return value::exact_count(c, m.fmt, unit);
        }
        let (v, was_rounded) = value::read_count(c, m.fmt)?;
        rounded.set(rounded.get() + usize::from(was_rounded));
        Ok(v)
    };
    let count_at = |i: usize| -> Result<Option<u64>> {
        match cell_at(i)? {
            None => Ok(None),
            Some(c) => count_of(&c)
                .map(Some)
                .map_err(|problem| Error::bad_value(c.text().into_owned(), problem, located(i))),
        }
    };
    // A capacity of 0 is refused quoting the cell as written (`00`, ` 0 `), not the number.
    // In a lenient read (unless the reader rejects the row) an unusable capacity is that
    // kind not reported, and the cell's error a dropped value.
    let mut capacity_at = |i: usize, kind: &CapacityKind| -> Result<Option<u64>> {
        let c = match cell_at(i)? {
            None => return Ok(None),
            Some(c) => c,
        };
        let e = match count_of(&c) {
            Ok(0) => Error::from(ErrorKind::ZeroCapacity {
                kind: kind.name().to_string(),
                value: written(&c),
            })
            .at(located(i)),
            Ok(v) => return Ok(Some(v)),
            Err(problem) => Error::bad_value(written(&c), problem, located(i)),
        };
        if m.drop_unusable_capacity {
            dropped.push(e);
            Ok(None)
        } else {
            Err(e)
        }
    };
    let population = count_at(m.population)?;
    let mut status = crate::model::LegalStatus::default();
    let mut any_status = None;
    for (g, i) in &m.status {
        if let Some(v) = count_at(*i)? {
            any_status = Some(*i);
            let slot = match g {
                StatusGroup::Untried => &mut status.untried,
                StatusGroup::ConvictedUnsentenced => &mut status.convicted_unsentenced,
                StatusGroup::UnderAppeal => &mut status.under_appeal,
                StatusGroup::Sentenced => &mut status.sentenced,
            };
            *slot = Some(v);
        }
    }
    if preset && population.is_none() {
        return Err(Error::bad_value(
            "",
            ValueProblem::Missing,
            located(m.population),
        ));
    }
    match (population, any_status) {
        (Some(total), _) => {
            status.validate(total).map_err(|e| {
                // A component above the total is that component's cell.
                let column = match e.kind() {
                    ErrorKind::PartExceedsWhole { part, .. } => m
                        .status
                        .iter()
                        .find(|(g, _)| g.name() == *part)
                        .map(|(_, i)| *i),
                    _ => None,
                };
                match column {
                    Some(i) => e.at(located(i)),
                    None => e.at(at_row()),
                }
            })?;
            b.population(total);
            b.legal_status(status);
        }
        (None, Some(_)) => {
            return Err(Error::from(ErrorKind::MissingValue {
                what: "population (the row gives legal-status counts)",
            })
            .at(located(m.population)));
        }
        (None, None) => {}
    }
    for ((kind, i), &slot) in m.wide.iter().zip(&slots.wide) {
        let places = capacity_at(*i, kind)?;
        b.capacity(slot, places).map_err(|e| place(e, Some(*i)))?;
    }
    if let Some((k, v)) = m.long {
        let kind = cell_at(k)?;
        match kind {
            None => {
                if count_at(v)?.is_some() {
                    return Err(Error::from(ErrorKind::MissingValue {
                        what: "capacity kind (the row gives a capacity)",
                    })
                    .at(located(k)));
                }
            }
            Some(c) => {
                let text = c.text();
                let kind: CapacityKind = text.parse().map_err(|e: Error| e.at(located(k)))?;
                let places = capacity_at(v, &kind)?;
                let slot = b.capacity_slot(kind);
                b.capacity(slot, places).map_err(|e| place(e, Some(v)))?;
            }
        }
    }
    if let Some(v) = m.lone_capacity
        && count_at(v)?.is_some()
    {
        return Err(Error::from(ErrorKind::MissingValue {
            what: "capacity kind (the row gives a capacity)",
        })
        .at(located(v)));
    }
    if let Some(k) = m.lone_kind
        && let Some(c) = cell_at(k)?
    {
        let kind: CapacityKind = c.text().parse().map_err(|e: Error| e.at(located(k)))?;
        let slot = b.capacity_slot(kind);
        b.capacity(slot, None).map_err(|e| place(e, Some(k)))?;
    }
    notes.rounded = rounded.get();
    Ok(Mapped::Row(date_written))
}

/// Makes the builder's count unit fine enough for every count cell of the row (an exact
/// read): a cell needing more decimals than the unit has raises it, rescaling the rows so
/// far; the error (a value past 18 decimals, a count that overflows in the finer unit) is at
/// that cell.
fn exact_unit<'c>(
    m: &Mapping,
    b: &mut PanelBuilder,
    cell_at: &impl Fn(usize) -> Result<Option<Cell<'c>>>,
    located: &impl Fn(usize) -> Location,
) -> Result<()> {
    let columns = std::iter::once(m.population)
        .chain(m.status.iter().map(|(_, i)| *i))
        .chain(m.wide.iter().map(|(_, i)| *i))
        .chain(m.long.map(|(_, v)| v))
        .chain(m.lone_capacity);
    let mut finest: Option<(u32, usize, Cell<'c>)> = None;
    for i in columns {
        if let Ok(Some(c)) = cell_at(i) {
            let d = value::decimals_needed(&c, m.fmt);
            if d > finest.as_ref().map_or(b.count_unit().decimals(), |f| f.0) {
                finest = Some((d, i, c));
            }
        }
    }
    let Some((decimals, i, c)) = finest else {
        return Ok(());
    };
    let unit = CountUnit::new(decimals)
        .map_err(|_| Error::bad_value(written(&c), ValueProblem::OutOfRange, located(i)))?;
    b.raise_count_unit(unit).map_err(|e| e.at(located(i)))
}

/// The facility table's row shape: exactly the header's number of fields, each UTF-8 (the
/// error names the column and, when it can be read, the facility).
fn facility_table_shape<R: SourceRow>(row: &R, m: &Mapping) -> Result<()> {
    let id = m
        .ids
        .first()
        .and_then(|&i| row.cell(i).ok())
        .map(|c| c.text().into_owned())
        .filter(|t| !t.is_empty());
    let at = |col: Option<usize>| {
        let l = row.locate(col, m);
        match &id {
            Some(id) => l.with_facility(id),
            None => l,
        }
    };
    let (n, width) = (row.len(), m.names.len());
    if n != width {
        return Err(Error::from(ErrorKind::BadRow {
            problem: RowProblem::FieldCount {
                found: n,
                expected: width,
            },
        })
        .at(at(None)));
    }
    for i in 0..n {
        row.cell(i).map_err(|e| e.at(at(Some(i))))?;
    }
    Ok(())
}
