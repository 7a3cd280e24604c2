//! The loop for a plain row of a mapped wide table — one id column, a date, the population,
//! capacities by column and group columns, as most files are — taken before the general
//! row path ([`map_row`](super::map::map_row)) and with the same result.
//!
//! A row is plain when it has the header's number of fields, its text is UTF-8, its id was
//! read before in this file, its date and counts read, and no capacity is 0. Such a row
//! can be nothing but an accepted row: an id read before passed the tests a new id needs
//! (not blank, not a missing-value token, not the header repeated, not a totals label) and
//! with a date beside it the row is neither blank nor a note. Every other row — a new id,
//! anything to reject, skip or note — goes to the general path, which reads it from the
//! start: that path alone decides what is wrong and says so, and the accounting (rows in =
//! accepted + rejected + skipped) is its own.
//!
//! The loop is in two halves: [`read`] finds a record's cells (each field located and
//! trimmed once, into reused ranges) and reads its date — what depends on the row alone, done
//! where the record is located, on the locating thread when the read has two; [`apply`]
//! does what depends on the rows before it (is the facility known, is a group value known)
//! and reads the counts into the builder, in file order.

use jiff::civil::Date;

use super::builder::Dialect;
use super::columns::Mapping;
use super::map::Slots;
use super::value::{self, Cell, Written};
use crate::model::PanelBuilder;
use crate::model::panel::{NONE, RowValues, days};
use crate::model::trim::trim;

/// The columns a plain row is read from, when the mapping allows the loop at all.
pub(super) struct Plain {
    width: usize,
    id: usize,
    date: usize,
    /// The population column and each wide capacity column (in the mapping's order), with
    /// whether a cell of plain digits there is a count as it stands ([`count_at`]).
    population: (usize, bool),
    wide: Vec<(usize, bool)>,
}

impl Plain {
    /// The plan for `m`, or `None` when its rows need the general path (the facility table's
    /// rules, several id columns or none, a name column, legal-status counts, capacities in
    /// long form, a date that is not a column, counts read exactly).
    pub(super) fn of(m: &Mapping) -> Option<Plain> {
        #[cfg(test)]
        if GENERAL_ONLY.with(std::cell::Cell::get) {
            return None;
        }
        let date = m.date.ok()?;
        let id = match m.ids.as_slice() {
            [id] => *id,
            _ => return None,
        };
        // An exact read fixes each row's count unit before its counts (map_row).
        let plain = m.dialect == Dialect::Published
            && !m.fmt.exact
            && m.unit.is_none()
            && m.name.is_none()
            && m.status.is_empty()
            && m.long.is_none()
            && m.lone_capacity.is_none()
            && m.lone_kind.is_none()
            && id != date
            && distinct_group_keys(m);
        let counted = |i: usize| (i, m.missing(i).digits_are_never_missing());
        plain.then(|| Plain {
            width: m.names.len(),
            id,
            date,
            population: counted(m.population),
            wide: m.wide.iter().map(|(_, i)| counted(*i)).collect(),
        })
    }
}

/// Whether no two columns give one group key: a group value is known in its key's dictionary
/// and a value given in one column is then never a missing-value token of another.
fn distinct_group_keys(m: &Mapping) -> bool {
    m.groups
        .iter()
        .enumerate()
        .all(|(i, (k, _))| m.groups.iter().skip(i + 1).all(|(other, _)| other != k))
}

/// What a plain row added besides its values: how its date was written and how many of its
/// counts were rounded.
pub(super) struct Taken {
    pub(super) written: Written,
    pub(super) rounded: usize,
}

/// A count cell: `Some(None)` not reported, `Some(Some(v, rounded))` a count, `None` not
/// a count (the general path says why).
fn count(m: &Mapping, i: usize, t: &str) -> Option<Option<(u64, bool)>> {
    if m.missing(i).is_missing_text(t) {
        return Some(None);
    }
    if let Some(v) = digits(t.as_bytes()) {
        return Some(Some((v, false)));
    }
    value::read_count(&Cell::Text(t), m.fmt).ok().map(Some)
}

/// The count cell at `r` in `text` (column `i`), as [`count`] reads the trimmed cell. A cell
/// of plain digits, in a column whose missing-value tokens do not start with a digit
/// (`digits_count`), is read from its bytes at once: trimming leaves it as it is and it is
/// no token, so `count` would read the same digits.
#[inline]
fn count_at(
    m: &Mapping,
    (i, digits_count): (usize, bool),
    text: &str,
    r: std::ops::Range<usize>,
) -> Option<Option<(u64, bool)>> {
    if digits_count && let Some(v) = text.as_bytes().get(r.clone()).and_then(digits) {
        return Some(Some((v, false)));
    }
    let (from, to) = range(text, r)?;
    count(m, i, text.get(from..to)?)
}

/// A count of up to 19 plain digits (below 10^19 < 2^64: no overflow), read in the pass that
/// checks them — what [`value::read_count`] reads from such a cell in any number format,
/// without the call.
#[inline]
fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut v = 0u64;
    let mut all = true;
    for &c in b {
        all &= c.is_ascii_digit();
        v = v
            .wrapping_mul(10)
            .wrapping_add(u64::from(c.wrapping_sub(b'0')));
    }
    all.then_some(v)
}

/// A record's cells as a plain row reads them, found where the record is located (on the
/// locating thread when the read has two): everything that depends on the row alone. What
/// depends on the rows before it — whether its facility was read before, whether a group
/// value is known — is [`apply`]'s. `ok` is `false` when the row is not plain by its own
/// cells (the general path reads it).
#[derive(Debug, Default)]
pub(super) struct Cells {
    pub(super) ok: bool,
    /// The trimmed id cell's byte range in the record's text.
    id: (usize, usize),
    date: Date,
    /// The date's day number (the panel's key), found with the date.
    day: i32,
    written: Written,
    /// Per group column, the trimmed cell's range.
    groups: Vec<(usize, usize)>,
    /// The population cell's range (not trimmed), and per wide capacity column its cell's:
    /// counts are read where the row is taken ([`count_at`]; the two threads' shares of
    /// the work even out).
    population: (usize, usize),
    capacities: Vec<(usize, usize)>,
}

/// The last date cell read and what it read as: a table lists many rows of one date in a
/// run, and those rows skip parsing it again.
#[derive(Debug, Default)]
pub(super) struct DateCache {
    last: Option<(String, (Date, Written, i32))>,
}

/// The trimmed range, in `text`, of the field at `r` in it.
#[inline]
fn range(text: &str, r: std::ops::Range<usize>) -> Option<(usize, usize)> {
    // Most cells start and end with visible ASCII: nothing to trim, and both ends are
    // character boundaries (a byte below 0x80 is a whole character), so no check of them.
    let visible = |b: Option<&u8>| b.is_some_and(|&b| (b'!'..=b'~').contains(&b));
    let bytes = text.as_bytes().get(r.clone())?;
    if visible(bytes.first()) && visible(bytes.last()) {
        return Some((r.start, r.end));
    }
    let from = r.start;
    let field = text.get(r)?;
    let t = trim(field);
    // `t` is a slice of `field`, itself `text[r]`: its offset within the field.
    let from = from + (t.as_ptr() as usize).checked_sub(field.as_ptr() as usize)?;
    Some((from, from + t.len()))
}

/// Reads `rec`'s cells into `out` as a plain row (`out.ok`), with the date cache `dates`.
pub(super) fn read(
    plan: &Plain,
    m: &Mapping,
    rec: &csv::StringRecord,
    dates: &mut DateCache,
    out: &mut Cells,
) {
    let text = rec.as_slice();
    out.ok = read_cells(plan, m, text, rec.len(), |i| rec.range(i), dates, out).is_some();
}

/// Reads the cells of a line split at its delimiters (`ends`: each field's end in `line`,
/// the next field starting one byte after) into `out` as a plain row, as [`read`] reads the
/// record of that line; ranges are in `line`.
pub(super) fn read_line(
    plan: &Plain,
    m: &Mapping,
    line: &str,
    ends: &[u32],
    dates: &mut DateCache,
    out: &mut Cells,
) {
    let bounds = |i: usize| {
        let end = *ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(j) => *ends.get(j)? as usize + 1,
            None => 0,
        };
        Some(start..end)
    };
    out.ok = read_cells(plan, m, line, ends.len(), bounds, dates, out).is_some();
}

fn read_cells(
    plan: &Plain,
    m: &Mapping,
    text: &str,
    fields: usize,
    bounds: impl Fn(usize) -> Option<std::ops::Range<usize>>,
    dates: &mut DateCache,
    out: &mut Cells,
) -> Option<()> {
    if fields != plan.width {
        return None;
    }
    let cell = |r: (usize, usize)| text.get(r.0..r.1);
    let range = |i: usize| range(text, bounds(i)?);
    out.id = range(plan.id)?;
    let date_text = cell(range(plan.date)?)?;
    if m.missing(plan.date).is_missing_text(date_text) {
        return None;
    }
    (out.date, out.written, out.day) = date_of(m, dates, date_text)?;
    out.groups.clear();
    for (_, i) in &m.groups {
        out.groups.push(range(*i)?);
    }
    let bounds = |i: usize| bounds(i).map(|r| (r.start, r.end));
    out.population = bounds(plan.population.0)?;
    out.capacities.clear();
    for &(i, _) in &plan.wide {
        out.capacities.push(bounds(i)?);
    }
    Some(())
}

/// Writes and commits the plain row `cells` read from `text` (at `line`) when its facility
/// was read before and the builder takes it; `None` when not, with nothing committed (a row
/// begun is dropped by the next `begin`).
pub(super) fn apply(
    cells: &Cells,
    text: &str,
    line: usize,
    (plan, m): (&Plain, &Mapping),
    b: &mut PanelBuilder,
    slots: &mut Slots,
) -> Option<Taken> {
    if !cells.ok {
        return None;
    }
    let cell = |r: (usize, usize)| text.get(r.0..r.1);
    let id = cell(cells.id)?;
    let facility = match guess(slots) {
        Some(g) if b.facility_is(g, id) => g,
        _ => b.facility_code(id)?,
    };
    learn(slots, facility);
    slots.row_groups.clear();
    for (g, ((&r, (_, i)), &slot)) in cells
        .groups
        .iter()
        .zip(&m.groups)
        .zip(&slots.groups)
        .enumerate()
    {
        let t = cell(r)?;
        // The facility's value last time (one comparison), else any value given before (a
        // lookup): a value given before is not missing (it was tested before it was
        // interned).
        let last = slots
            .group_of
            .get(g)
            .and_then(|v| v.get(facility as usize))
            .copied()
            .filter(|&code| code != NONE);
        let code = match last {
            Some(code) if b.group_code_is(slot, code, t) => code,
            _ => match b.group_code(slot, t) {
                Some(code) => code,
                None if !m.missing(*i).is_missing_text(t) => b.intern_group(slot, t),
                None => NONE,
            },
        };
        slots.row_groups.push((slot, code));
        if let Some(v) = slots.group_of.get_mut(g) {
            if v.len() <= facility as usize {
                v.resize(facility as usize + 1, NONE);
            }
            if let Some(c) = v.get_mut(facility as usize) {
                *c = code;
            }
        }
    }
    // A count that does not read, or a capacity of 0: the general path says why.
    let mut rounded = 0;
    let count_at = |c: (usize, bool), r: (usize, usize)| count_at(m, c, text, r.0..r.1);
    let population = match count_at(plan.population, cells.population)? {
        Some((total, r)) => {
            rounded += usize::from(r);
            Some(total)
        }
        None => None,
    };
    slots.row_capacities.clear();
    for ((&r, &c), &slot) in cells.capacities.iter().zip(&plan.wide).zip(&slots.wide) {
        let places = match count_at(c, r)? {
            Some((0, _)) => return None,
            Some((v, r)) => {
                rounded += usize::from(r);
                Some(v)
            }
            None => None,
        };
        slots.row_capacities.push((slot, places));
    }
    b.push_row(&RowValues {
        facility,
        date: cells.date,
        day: cells.day,
        line,
        population,
        capacities: &slots.row_capacities,
        groups: &slots.row_groups,
    })
    .ok()?;
    Some(Taken {
        written: cells.written,
        rounded,
    })
}

/// The facility that followed the last row's facility the last time.
fn guess(slots: &Slots) -> Option<u32> {
    let last = slots.last_facility?;
    slots
        .next
        .get(last as usize)
        .copied()
        .filter(|&g| g != u32::MAX)
}

/// Notes that `facility` followed the last row's facility.
fn learn(slots: &mut Slots, facility: u32) {
    if let Some(last) = slots.last_facility {
        let last = last as usize;
        if slots.next.len() <= last {
            slots.next.resize(last + 1, u32::MAX);
        }
        if let Some(n) = slots.next.get_mut(last) {
            *n = facility;
        }
    }
    slots.last_facility = Some(facility);
}

/// The date of a (trimmed, not missing) date cell, how it was written and its day number:
/// the last one read again, or parsed and kept as the last one; `None` when it does not read.
fn date_of(m: &Mapping, dates: &mut DateCache, t: &str) -> Option<(Date, Written, i32)> {
    if let Some((last, read)) = &dates.last
        && last == t
    {
        return Some(*read);
    }
    let (date, written) =
        value::date(&Cell::Text(t), m.date_format.as_deref(), m.period_day).ok()?;
    let read = (date, written, days::day_number(date));
    let last = dates.last.get_or_insert_with(|| (String::new(), read));
    last.0.clear();
    last.0.push_str(t);
    last.1 = read;
    Some(read)
}

#[cfg(test)]
thread_local! {
    /// Tests: every row through the general path, to compare with the loop's results.
    static GENERAL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
mod tests {
    use super::GENERAL_ONLY;
    use crate::exact::Rounding;
    use crate::io::table::read::{CSV_LAYER_ONLY, PIPELINE_BATCH};
    use crate::io::{Encoding, FractionalCounts, ReadMode, TableReader};
    use crate::{CapacityKind, Result};
    use proptest::prelude::*;

    fn read(reader: &TableReader, bytes: &[u8], general_only: bool) -> String {
        read_in(reader, bytes, general_only, 0)
    }

    /// A read through the general path only or not, on one thread (`batch` 0) or through the
    /// pipeline in batches of `batch` records.
    fn read_in(reader: &TableReader, bytes: &[u8], general_only: bool, batch: usize) -> String {
        GENERAL_ONLY.with(|g| g.set(general_only));
        PIPELINE_BATCH.with(|b| b.set(Some(batch)));
        let read: Result<_> = reader.read_bytes(bytes, "t.csv");
        GENERAL_ONLY.with(|g| g.set(false));
        PIPELINE_BATCH.with(|b| b.set(None));
        format!("{read:?}")
    }

    /// [`read_in`] with every record through the CSV layer (no line split without it).
    fn read_by_csv_layer(reader: &TableReader, bytes: &[u8], batch: usize) -> String {
        CSV_LAYER_ONLY.with(|c| c.set(true));
        let read = read_in(reader, bytes, false, batch);
        CSV_LAYER_ONLY.with(|c| c.set(false));
        read
    }

    /// Rows of known ids with every kind of trouble: the loop for plain rows gives exactly
    /// what the general path gives — panel, rejects, skips, dropped values, counts, errors.
    /// A file of every kind of trouble, among rows of known ids.
    fn trouble() -> Vec<u8> {
        let mut text: Vec<u8> = b"id,state,date,population,design,op\n\
A,AL,2021-01-31,10,12,NA\n\
B,AK,2021-01-31,20,0,5\n\
A,AL,2021-02-28,11,12,13\n\
B,AK,2021-02-28,20,0,5\n\
B,AK,2021-02-28,21,30,5\n\
A,AL,2021-02-28,11,12,13\n\
A,,2021-03-31,x,12,13\n\
A\n\
A,AL,2021-13-01,1,2,3\n\
A,AL,,1,2,3\n\
A,AL,2021-04-30,1,2,3,extra\n\
A,AL,2021-04-30,1,2,3,\n\
  A  ,AL,2021-05-31, 5 ,6,7\n\
A,AL,2021-06-30,NA,NA,NA\n\
A,AL,2021-07,5,6,7\n\
A,AL,2021,5,6,7\n\
Total,,2021-01-31,30,12,5\n\
id,state,date,population,design,op\n\
\n\
Source: somewhere,,,,,\n\
C,AL,2021-07-31,5.5,6,7\n\
C,AL,2021-08-31,5.5,6,7\n\
A,AL,2021-08-31,\"1,234\",6,7\n\
A,AL,2021-09-30,-1,6,7\n\
A,AL,2021-10-31,1,6,-999\n\
A,AL,2021-11-30,1,6,0\n\
A,AL,2021-11-30,1,6,7\n"
            .to_vec();
        text.extend_from_slice(b"A,\xff,2021-12-31,1,2,3\nA,AL,2021-12-31,1,2,3\n");
        // A character split by a delimiter: the fields joined are UTF-8, each is not.
        text.extend_from_slice(b"A,AL\xc3,\xa92021-12-31,1,2,3\n");
        // Bytes that are not text in a count, in the id, in the date; text that is not ASCII
        // in a count (a line is checked as text only once, with the data around it).
        text.extend_from_slice(
            b"A,AL,2021-12-31,1\xff,2,3\n\xffA,AL,2021-12-31,1,2,3\nA,AL,2021-12-\xff1,1,2,3\n\
A,AL,2021-12-31,1,2,\xc3\xa9\n",
        );
        // Line endings of every kind, blank lines of white space, a quoted field over two
        // lines, an empty quoted field, a row after them.
        text.extend_from_slice(
            b"A,AL,2022-01-31,1,2,3\r\nB,AK,2022-01-31,4,5,6\r\n\r\n  \n\
\"D\nE\",AL,2022-01-31,1,2,3\n\
A,\"\",2022-02-28,1,2,3\rB,AK,2022-02-28,4,5,6\r\
A,\"A\"\"L\",2022-03-31,\"7\",8,9\n\n\n",
        );
        text
    }

    /// Readers of the trouble file: strict, lenient, rounding, rejecting a row for an
    /// unusable capacity; and lenient with the file stated as UTF-8 (its bytes that are not
    /// text stay bytes, not read as Windows-1252).
    fn readers() -> [TableReader; 5] {
        let base = || {
            TableReader::new()
                .delimiter(b',')
                .id_column("id")
                .group_column("state")
                .population_column("population")
                .capacity_column(CapacityKind::Design, "design")
                .capacity_column(CapacityKind::Operational, "op")
                .missing("-999")
        };
        [
            base(),
            base().mode(ReadMode::Lenient),
            base()
                .mode(ReadMode::Lenient)
                .fractional_counts(FractionalCounts::Round(Rounding::HalfToEven)),
            base()
                .mode(ReadMode::Lenient)
                .unusable_capacity(crate::io::UnusableCapacity::RejectRow),
            base().mode(ReadMode::Lenient).encoding(Encoding::Utf8),
        ]
    }

    /// Rows of known ids with every kind of trouble: the loop for plain rows gives exactly
    /// what the general path gives — panel, rejects, skips, dropped values, counts, errors.
    #[test]
    fn plain_rows_read_as_the_general_path_reads_them() {
        let text = trouble();
        for reader in &readers() {
            let plain = read(reader, &text, false);
            assert_eq!(plain, read(reader, &text, true));
            // Each prefix too: a strict read stops at a different row each time.
            for end in (1..text.len()).filter(|&i| text[i - 1] == b'\n') {
                assert_eq!(
                    read(reader, &text[..end], false),
                    read(reader, &text[..end], true)
                );
            }
            // Every prefix, ending anywhere, with lines split without the CSV layer or not.
            for end in 1..=text.len() {
                assert_eq!(
                    read(reader, &text[..end], false),
                    read_by_csv_layer(reader, &text[..end], 0),
                    "{end}"
                );
            }
        }
        // The loop took rows (the test is not vacuous).
        let lenient = readers()[1].clone();
        let r = lenient.read_bytes(&text, "t.csv").expect("lenient");
        assert!(r.accepted_rows() > 5, "{}", r.accepted_rows());
    }

    /// The pipeline (records located on a second thread) reads every prefix of the trouble
    /// file exactly as one thread does, in batches of every size from one record up.
    #[test]
    fn pipelined_reads_are_the_one_thread_reads() {
        let text = trouble();
        for reader in &readers() {
            for end in (1..=text.len()).filter(|&i| text[i - 1] == b'\n') {
                let one = read_in(reader, &text[..end], false, 0);
                for batch in [1, 2, 3, 7, 64] {
                    assert_eq!(one, read_in(reader, &text[..end], false, batch), "{batch}");
                }
            }
        }
    }

    /// A file stated as UTF-8 with bytes that are not text (then no line is a slice of the
    /// file's text: each is checked alone): a row whose count cell is not text is the general
    /// path's typed error at its line and field, after a run of plain rows, on every path; a
    /// cell that is not text in a column the reader does not map sends its row to the
    /// general path, which reads it as it always has.
    #[test]
    fn bytes_that_are_not_text_are_the_general_paths_rows() {
        let mut file = b"id,state,date,population,design,op,note\n".to_vec();
        for i in 0..300 {
            let row = format!("F{},AL,2021-01-{:02},1,2,3,n\n", i % 10, i / 10 + 1);
            file.extend_from_slice(row.as_bytes());
        }
        file.extend_from_slice(b"F1,AL,2021-03-31,1,2,3,\xff\n");
        let tail = b"F1,AL,2021-04-30,1\xff,2,3,n\nF1,AL,2021-05-31,1,2,3,n\n";
        let with_count = [&file[..], &tail[..]].concat();
        let strict = readers()[0]
            .clone()
            .encoding(Encoding::Utf8)
            .read_bytes(&with_count, "t.csv");
        let Err(e) = &strict else {
            panic!("{strict:?}")
        };
        assert!(
            matches!(
                e.kind(),
                crate::ErrorKind::BadRow {
                    problem: crate::error::RowProblem::NotUtf8 {
                        field: Some(4),
                        byte: Some(2)
                    }
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.location().and_then(|l| l.line), Some(303));
        for reader in &readers() {
            for bytes in [&file[..], &with_count[..]] {
                let one = read_in(reader, bytes, false, 0);
                assert_eq!(one, read_in(reader, bytes, true, 0));
                assert_eq!(one, read_by_csv_layer(reader, bytes, 0));
                for batch in [1, 7, 64] {
                    assert_eq!(one, read_in(reader, bytes, false, batch), "{batch}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Random files of the trouble file's lines, in random order: the pipeline in
        /// random batch sizes, one thread, and the general path alone all read them alike.
        #[test]
        fn any_file_reads_alike_on_any_path(
            picks in proptest::collection::vec(0usize..64, 0..80),
            batch in 1usize..40,
            which in 0usize..5,
        ) {
            let text = trouble();
            let mut lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
            let header = lines.remove(0);
            let mut file = header.to_vec();
            for p in picks {
                file.extend_from_slice(lines[p % lines.len()]);
            }
            let reader = &readers()[which];
            let one = read_in(reader, &file, false, 0);
            prop_assert_eq!(&one, &read_in(reader, &file, false, batch));
            prop_assert_eq!(&one, &read_in(reader, &file, true, batch));
            prop_assert_eq!(&one, &read_by_csv_layer(reader, &file, 0));
        }

        /// Files of bytes that make and break CSV lines (delimiters, quotes, CR, LF, white
        /// space, a byte-order mark, bytes that are not UTF-8) after a header: lines split
        /// without the CSV layer read exactly as the CSV layer reads them — records, their
        /// bytes, lines and blank lines, so every reject, skip and row.
        #[test]
        fn lines_split_without_the_csv_layer_read_as_it_reads_them(
            pieces in proptest::collection::vec(0usize..16, 0..120),
            batch in 0usize..9,
            which in 0usize..5,
        ) {
            const PIECES: [&[u8]; 16] = [
                b",", b"\n", b"\r", b"\r\n", b"\"", b"A", b"B", b" ", b"2021-01-31", b"12",
                b"NA", b"\xef\xbb\xbf", b"\xff", b"\xc3\xa9", b"A,AL,2021-02-28,11,12,13\n", b"\n\n",
            ];
            let mut file = b"id,state,date,population,design,op\n".to_vec();
            for p in pieces {
                file.extend_from_slice(PIECES[p]);
            }
            let reader = &readers()[which];
            let split = read_in(reader, &file, false, batch);
            prop_assert_eq!(&split, &read_by_csv_layer(reader, &file, batch));
        }
    }
}
