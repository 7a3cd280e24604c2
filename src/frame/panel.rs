//! The [`Panel`] as a polars frame and back, column by column: no record, no row object and
//! no CSV text in between.
//!
//! # Layout (one frame row per panel row: one facility on one date)
//!
//! | column | type | from the panel |
//! |---|---|---|
//! | `facility_id` | Enum | the facility dictionary as its categories, the codes copied |
//! | `name` | Enum (null: none) | only when a row has a name |
//! | `date` | Date | the day numbers, copied |
//! | `population` | UInt64 (null: not reported) | values + validity words, copied |
//! | `untried`, `convicted_unsentenced`, `under_appeal`, `sentenced` | UInt64 | only when a row reports a component |
//! | `capacity_<kind>` (`capacity_design`, `capacity_in_use_cna`, `capacity_beds`) | UInt64 | one per capacity kind listed |
//! | `listed_<kind>` | bool | only when a row lists the kind without places (else listed = reported) |
//! | each group key (`region`) | Enum (null: no value) | the key's dictionary as its categories |
//!
//! Text columns are polars `Enum`s because the panel stores them as a dictionary and codes:
//! the dictionary is written once and the codes copied, so neither direction makes or hashes
//! a string a row (`benches/frame_panel.rs`). Cast one to `str` when a text column is wanted.
//!
//! [`frame_to_panel`] reads that layout back (ids, names and group keys as str, Categorical or
//! Enum; any integer type for the counts; rows in any order) and validates as the [`PanelBuilder`](crate::model::PanelBuilder) does, column by
//! column: a negative count, a capacity of 0, legal-status components above the population, a
//! facility twice on one date are errors with their row (`line` = row + 2, as if the frame
//! were a CSV file with a header) and column. The facility table's own long layout (one row
//! per facility, date and capacity kind) is [`facility_table_frame`](super::facility_table_frame).

use polars::prelude::*;
use polars_arrow::array::PrimitiveArray;
use polars_arrow::bitmap::Bitmap;

use super::columns::*;
use super::native::{bitmap_of, validity_of};
use crate::ErrorKind;
use crate::error::{Error, Location, Result, ValueProblem};
use crate::model::panel::hash::FastMap;
use crate::model::panel::{CapacityColumn, GroupColumn, NONE, PanelColumns, days};
use crate::model::{CapacityKind, CountColumn, FacilityId, LegalStatus, Panel, Validity};

/// The prefix of a capacity kind's column: `capacity_design`.
pub const CAPACITY_PREFIX: &str = "capacity_";
/// The prefix of the column of the rows that list a kind without places: `listed_design`.
pub const LISTED_PREFIX: &str = "listed_";

const STATUS: [&str; 4] = [UNTRIED, CONVICTED_UNSENTENCED, UNDER_APPEAL, SENTENCED];

fn count_column(name: &str, c: &CountColumn) -> Column {
    let array =
        PrimitiveArray::from_vec(c.values().to_vec()).with_validity(bitmap_of(c.validity()));
    UInt64Chunked::with_chunk(name.into(), array).into_column()
}

/// Codes into `values` as an `Enum` column: the dictionary becomes its categories once, and
/// the codes are copied (narrowed to the categories' width), never gathered as one string a
/// row. `NONE` is null. polars numbers an `Enum`'s categories in the order given, so a panel
/// code is its category.
fn enum_column(name: &str, values: &[&str], codes: &[u32]) -> Result<Column> {
    let frozen = FrozenCategories::new(values.iter().copied())?;
    let physical = frozen.physical();
    let dtype = DataType::from_frozen_categories(frozen);
    let validity = codes
        .contains(&NONE)
        .then(|| codes.iter().map(|&c| c != NONE).collect::<Bitmap>());
    let array = PrimitiveArray::from_vec(codes.to_vec()).with_validity(validity);
    let cats = UInt32Chunked::with_chunk(name.into(), array)
        .into_series()
        .cast(&physical.dtype())?;
    let series = match physical {
        CategoricalPhysical::U8 => {
            Categorical8Chunked::from_cats_and_dtype(cats.u8()?.clone(), dtype).into_series()
        }
        CategoricalPhysical::U16 => {
            Categorical16Chunked::from_cats_and_dtype(cats.u16()?.clone(), dtype).into_series()
        }
        CategoricalPhysical::U32 => {
            Categorical32Chunked::from_cats_and_dtype(cats.u32()?.clone(), dtype).into_series()
        }
    };
    Ok(series.into_column())
}

/// The panel as a frame in the layout above.
///
/// # Errors
///
/// [`ErrorKind::DuplicateColumn`](crate::ErrorKind::DuplicateColumn) when a group key has the
/// name of another column (`date`, `capacity_design`); [`ErrorKind::Polars`](crate::ErrorKind::Polars)
/// if polars refuses the frame.
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::frame::{frame_to_panel, panel_to_frame};
/// let p = overcrowding::datasets::bjs_table21()?.to_panel()?;
/// let df = panel_to_frame(&p)?;
/// assert_eq!(df.height(), 51);
/// let rated = df.column("capacity_rated").unwrap().u64().unwrap();
/// assert_eq!(rated.null_count(), 22); // not reported (`/` or `…`), never 0
/// assert_eq!(p.rows().iter().filter(|r| r.capacity(&CapacityKind::Rated).is_none()).count(), 22);
/// assert_eq!(frame_to_panel(&df)?, p);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn panel_to_frame(panel: &Panel) -> Result<DataFrame> {
    // The frame's count columns are whole people (UInt64).
    panel
        .count_unit()
        .require_whole("panel frame's count unit")?;
    let cols = &panel.cols;
    let n = cols.len();
    let ids: Vec<&str> = panel.ids.iter().map(FacilityId::as_str).collect();
    let mut out = vec![enum_column(FACILITY_ID, &ids, &cols.facility)?];
    if !cols.name.is_empty() {
        let names: Vec<&str> = panel.names.iter().map(String::as_str).collect();
        out.push(enum_column(NAME, &names, &cols.name)?);
    }
    out.push(
        Int32Chunked::from_vec(DATE.into(), cols.days.clone())
            .into_date()
            .into_column(),
    );
    out.push(count_column(POPULATION, &cols.population));
    for (name, c) in STATUS.iter().zip(&cols.status) {
        out.push(count_column(name, c));
    }
    for c in cols
        .capacities
        .iter()
        .filter(|c| c.listed.count_valid() > 0)
    {
        let kind = c.kind.name();
        out.push(count_column(&format!("{CAPACITY_PREFIX}{kind}"), &c.counts));
        if c.listed != *c.counts.validity() {
            out.push(
                BooleanChunked::from_iter_values(
                    format!("{LISTED_PREFIX}{kind}").into(),
                    (0..n).map(|i| c.listed.is_valid(i)),
                )
                .into_column(),
            );
        }
    }
    for g in cols
        .groups
        .iter()
        .filter(|g| g.codes.iter().any(|&c| c != NONE))
    {
        if out.iter().any(|c| c.name().as_str() == g.key) {
            return Err(Error::from(ErrorKind::DuplicateColumn {
                column: g.key.clone(),
                first: out
                    .iter()
                    .position(|c| c.name().as_str() == g.key)
                    .map_or(0, |p| p + 1),
                second: out.len() + 1,
                source_name: Some("panel".to_string()),
            }));
        }
        let values: Vec<&str> = g.values.iter().map(String::as_str).collect();
        out.push(enum_column(&g.key, &values, &g.codes)?);
    }
    Ok(DataFrame::new(n, out)?)
}

fn wrong_type(c: &Column, expected: &str) -> Error {
    Error::from(ErrorKind::WrongColumnType {
        column: c.name().to_string(),
        found: c.dtype().to_string(),
        expected: expected.to_string(),
    })
}

/// Where row `i` of a frame is, as if the frame were a CSV file with a header (line `i + 2`).
fn row_at(i: usize, column: &str) -> Location {
    Location::line(i + 2).with_column(column)
}

/// Dictionary codes of a text column: for `str`, the distinct values in order of appearance
/// (one hash lookup a row); for `Categorical` or `Enum`, the categories the column uses, in
/// category order, read from its codes (no string a row). Null is `NONE`.
fn dictionary_of(c: &Column) -> Result<(Vec<String>, Vec<u32>)> {
    match c.dtype() {
        DataType::String => Ok(dictionary(c.str()?)),
        DataType::Null => Ok((Vec::new(), vec![NONE; c.len()])),
        DataType::Categorical(_, mapping) | DataType::Enum(_, mapping) => {
            match c.dtype().cat_physical()? {
                CategoricalPhysical::U8 => Ok(categories(c.cat8()?.physical(), mapping)),
                CategoricalPhysical::U16 => Ok(categories(c.cat16()?.physical(), mapping)),
                CategoricalPhysical::U32 => Ok(categories(c.cat32()?.physical(), mapping)),
            }
        }
        _ => Err(wrong_type(c, "str")),
    }
}

/// Dictionary codes of a str column: the distinct values in order of appearance.
fn dictionary(s: &StringChunked) -> (Vec<String>, Vec<u32>) {
    let mut index: FastMap<&str, u32> = FastMap::default();
    let mut values = Vec::new();
    let codes = s
        .iter()
        .map(|v| match v {
            None => NONE,
            Some(v) => *index.entry(v).or_insert_with(|| {
                values.push(v.to_string());
                (values.len() - 1) as u32
            }),
        })
        .collect();
    (values, codes)
}

/// The categories a column of category codes uses, renumbered from 0 in order of first use
/// (a vector indexed by category, not a hash map); a code the mapping does not know is null.
fn categories<T>(cats: &ChunkedArray<T>, mapping: &CategoricalMapping) -> (Vec<String>, Vec<u32>)
where
    T: PolarsNumericType,
    T::Native: Into<CatSize>,
{
    let mut renumber: Vec<u32> = Vec::new();
    let mut values = Vec::new();
    let mut codes = Vec::with_capacity(cats.len());
    let mut code_of = |cat: CatSize| {
        let slot = cat as usize;
        if slot >= renumber.len() {
            renumber.resize(slot + 1, NONE);
        }
        if renumber[slot] == NONE
            && let Some(s) = mapping.cat_to_str(cat)
        {
            values.push(s.to_string());
            renumber[slot] = (values.len() - 1) as u32;
        }
        renumber[slot]
    };
    for array in cats.downcast_iter() {
        match array.validity().filter(|v| v.unset_bits() > 0) {
            None => codes.extend(array.values().iter().map(|&cat| code_of(cat.into()))),
            Some(valid) => codes.extend(
                array
                    .values()
                    .iter()
                    .zip(valid.iter())
                    .map(|(&cat, ok)| if ok { code_of(cat.into()) } else { NONE }),
            ),
        }
    }
    (values, codes)
}

/// An integer column as a count column: values and validity, negatives refused.
fn counts_of(c: &Column, n: usize) -> Result<CountColumn> {
    let dt = c.dtype();
    if !(dt.is_integer() || matches!(dt, DataType::Null)) {
        return Err(wrong_type(c, "an integer type"));
    }
    if dt.is_signed_integer() {
        let signed = c.cast(&DataType::Int64)?;
        if let Some((i, v)) = signed
            .i64()?
            .iter()
            .enumerate()
            .find_map(|(i, v)| v.filter(|&v| v < 0).map(|v| (i, v)))
        {
            return Err(Error::bad_value(
                v.to_string(),
                ValueProblem::Negative,
                row_at(i, c.name()),
            ));
        }
    }
    let u = c.cast(&DataType::UInt64)?;
    let u = u.u64()?.rechunk();
    let mut values = Vec::with_capacity(n);
    let mut validity = Validity::default();
    for array in u.downcast_iter() {
        values.extend_from_slice(array.values().as_slice());
        match validity_of(array.validity(), array.len())? {
            Some(v) if u.chunks().len() == 1 => validity = v,
            Some(v) => (0..array.len()).for_each(|i| validity.push(v.is_valid(i))),
            None if u.chunks().len() == 1 => validity = Validity::all_valid(array.len()),
            None => (0..array.len()).for_each(|_| validity.push(true)),
        }
    }
    if values.is_empty() && n == 0 {
        validity = Validity::all_valid(0);
    }
    CountColumn::new(values, validity)
}

/// The panel of a frame in the layout above; rows in any order.
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) for `facility_id` or `date`;
/// [`ErrorKind::WrongColumnType`](crate::ErrorKind::WrongColumnType) for a column of another type
/// (ids, names and group keys text, `date` a Date, counts integers); a null id or date
/// ([`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue)), a negative count
/// ([`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue)), a capacity of 0
/// ([`ErrorKind::ZeroCapacity`](crate::ErrorKind::ZeroCapacity)), components above the
/// population, a facility twice on one date ([`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate)),
/// each with its row and column.
///
/// ```
/// use polars::prelude::*;
/// use overcrowding::CapacityKind;
/// use overcrowding::frame::frame_to_panel;
/// let date = Int32Chunked::from_vec("date".into(), vec![18_808, 18_808]).into_date().into_column();
/// let df = DataFrame::new(2, vec![
///     Column::new("facility_id".into(), ["B", "A"]), date,
///     Column::new("population".into(), [Some(90i64), None]),
///     Column::new("capacity_design".into(), [100u64, 50]),
/// ])?;
/// let p = frame_to_panel(&df)?;
/// assert_eq!(p.row(0).unwrap().id().as_str(), "A"); // sorted by date, then id
/// assert_eq!(p.row(1).unwrap().occupancy(&CapacityKind::Design)?.percent_rounded(0), 90.0);
/// assert_eq!(p.row(0).unwrap().population_total(), None); // null: not reported
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn frame_to_panel(df: &DataFrame) -> Result<Panel> {
    let n = df.height();
    let missing = |column: &str| {
        Error::from(ErrorKind::MissingColumn {
            column: column.to_string(),
            source_name: Some("data frame".to_string()),
            found: df
                .get_column_names()
                .iter()
                .map(|c| c.to_string())
                .collect(),
            closest: None,
        })
    };
    // Facilities: codes in order of appearance, then renumbered in id order.
    let id_col = df.column(FACILITY_ID).map_err(|_| missing(FACILITY_ID))?;
    let (raw_ids, mut facility) = dictionary_of(id_col)?;
    if let Some(i) = facility.iter().position(|&c| c == NONE) {
        return Err(Error::from(ErrorKind::MissingValue {
            what: "facility id",
        })
        .at(row_at(i, FACILITY_ID)));
    }
    let mut ids = Vec::with_capacity(raw_ids.len());
    for (code, id) in raw_ids.iter().enumerate() {
        let at = || {
            let row = facility
                .iter()
                .position(|&c| c as usize == code)
                .unwrap_or(0);
            row_at(row, FACILITY_ID)
        };
        ids.push((FacilityId::new(id).map_err(|e| e.at(at()))?, code as u32));
    }
    ids.sort_unstable();
    let mut renumber = vec![NONE; ids.len()];
    for (new, (_, old)) in ids.iter().enumerate() {
        renumber[*old as usize] = new as u32;
    }
    for f in &mut facility {
        *f = renumber.get(*f as usize).copied().unwrap_or(NONE);
    }
    let ids: Vec<FacilityId> = ids.into_iter().map(|(id, _)| id).collect();

    // Dates: day numbers, no nulls, within the calendar.
    let date_col = df.column(DATE).map_err(|_| missing(DATE))?;
    if !matches!(date_col.dtype(), DataType::Date) {
        return Err(wrong_type(date_col, "date"));
    }
    let physical = date_col.date()?.physical().rechunk();
    if let Some(i) = physical.iter().position(|d| d.is_none()) {
        return Err(Error::from(ErrorKind::MissingValue { what: "date" }).at(row_at(i, DATE)));
    }
    let mut day_numbers: Vec<i32> = Vec::with_capacity(n);
    for array in physical.downcast_iter() {
        day_numbers.extend_from_slice(array.values().as_slice());
    }
    if let (Some(&lo), Some(&hi)) = (day_numbers.iter().min(), day_numbers.iter().max()) {
        for d in [lo, hi] {
            if days::date_of(d).is_none() {
                let i = day_numbers.iter().position(|&x| x == d).unwrap_or(0);
                return Err(Error::bad_value(
                    d.to_string(),
                    ValueProblem::DateOutOfRange,
                    row_at(i, DATE),
                ));
            }
        }
    }

    let mut cols = PanelColumns {
        facility,
        days: day_numbers,
        ..PanelColumns::default()
    };
    let mut names = Vec::new();
    let mut listed: Vec<(String, Validity)> = Vec::new();
    for c in df.columns() {
        let name = c.name().as_str();
        if name == FACILITY_ID || name == DATE {
            continue;
        }
        if name == NAME {
            (names, cols.name) = dictionary_of(c)?;
        } else if name == POPULATION {
            cols.population = counts_of(c, n)?;
        } else if STATUS.contains(&name) {
            // Filled below, in the order of `LegalStatus`.
        } else if let Some(kind) = name.strip_prefix(CAPACITY_PREFIX) {
            let kind: CapacityKind = kind.parse().map_err(|e: Error| e.at(row_at(0, name)))?;
            let counts = counts_of(c, n)?;
            if let Some(i) = (0..n).find(|&i| counts.get(i) == Some(0)) {
                return Err(Error::from(ErrorKind::ZeroCapacity {
                    kind: kind.name().to_string(),
                    value: "0".to_string(),
                })
                .at(row_at(i, name)));
            }
            cols.capacities.push(CapacityColumn {
                kind,
                listed: counts.validity().clone(),
                counts,
            });
        } else if let Some(kind) = name.strip_prefix(LISTED_PREFIX) {
            if !matches!(c.dtype(), DataType::Boolean) {
                return Err(wrong_type(c, "bool"));
            }
            let flags: Vec<bool> = c.bool()?.iter().map(|v| v == Some(true)).collect();
            listed.push((kind.to_string(), Validity::from_bools(&flags)));
        } else {
            let (values, codes) =
                dictionary_of(c).map_err(|_| wrong_type(c, "str (a group key)"))?;
            cols.groups.push(GroupColumn {
                key: name.to_string(),
                values,
                codes,
            });
        }
    }
    if !df.columns().iter().any(|c| c.name().as_str() == POPULATION) {
        cols.population = CountColumn::new(vec![0; n], Validity::all_invalid(n))?;
    }
    for (kind, flags) in listed {
        let Some(c) = cols.capacities.iter_mut().find(|c| c.kind.name() == kind) else {
            return Err(missing(&format!("{CAPACITY_PREFIX}{kind}")));
        };
        let words = c
            .listed
            .words()
            .iter()
            .zip(flags.words())
            .map(|(a, b)| a | b)
            .collect();
        c.listed = Validity::from_words(words, n)?;
    }
    if STATUS.iter().any(|s| df.column(s).is_ok()) {
        for s in STATUS {
            cols.status.push(match df.column(s) {
                Ok(c) => counts_of(c, n)?,
                Err(_) => CountColumn::new(vec![0; n], Validity::all_invalid(n))?,
            });
        }
        check_status(&cols)?;
    }
    sort_and_check(&mut cols, &ids)?;
    Ok(Panel::assemble(ids, names, cols))
}

/// Legal-status components against the population, row by row where any is reported.
fn check_status(cols: &PanelColumns) -> Result<()> {
    let [a, b, c, d] = cols.status.as_slice() else {
        return Ok(());
    };
    for i in 0..cols.len() {
        let status = LegalStatus {
            untried: a.get(i),
            convicted_unsentenced: b.get(i),
            under_appeal: c.get(i),
            sentenced: d.get(i),
        };
        if status == LegalStatus::default() {
            continue;
        }
        match cols.population.get(i) {
            Some(total) => status.validate(total).map_err(|e| {
                let column = match e.kind() {
                    ErrorKind::PartExceedsWhole { part, .. } => part.to_string(),
                    _ => POPULATION.to_string(),
                };
                e.at(row_at(i, &column))
            })?,
            None => {
                return Err(Error::from(ErrorKind::MissingValue {
                    what: "population (legal-status components are given)",
                })
                .at(row_at(i, POPULATION)));
            }
        }
    }
    Ok(())
}

/// Sorts the rows by date, then facility (one gather per column, only when out of order) and
/// refuses a facility twice on one date.
fn sort_and_check(cols: &mut PanelColumns, ids: &[FacilityId]) -> Result<()> {
    let key = |day: i32, f: u32| (u64::from((day as u32) ^ 0x8000_0000) << 32) | u64::from(f);
    let n = cols.len();
    let in_order = (1..n)
        .all(|i| key(cols.days[i - 1], cols.facility[i - 1]) < key(cols.days[i], cols.facility[i]));
    if in_order {
        return Ok(());
    }
    let mut keyed: Vec<(u64, u32)> = (0..n)
        .map(|i| (key(cols.days[i], cols.facility[i]), i as u32))
        .collect();
    keyed.sort_unstable();
    if let Some(w) = keyed.windows(2).find(|w| w[0].0 == w[1].0) {
        let (first, second) = (w[0].1 as usize, w[1].1 as usize);
        let mut at = row_at(second, FACILITY_ID);
        if let Some(id) = cols.facility.get(second).and_then(|&f| ids.get(f as usize)) {
            at = at.with_facility(id.as_str());
        }
        if let Some(d) = cols.days.get(second).and_then(|&d| days::date_of(d)) {
            at = at.with_date(d);
        }
        return Err(Error::from(ErrorKind::Duplicate {
            what: "facility and date",
            first_line: Some(first + 2),
        })
        .at(at));
    }
    let perm: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
    *cols = cols.gather(&perm);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PanelBuilder;

    fn sample() -> Panel {
        let d1 = jiff::civil::date(2024, 11, 30);
        let d2 = jiff::civil::date(2024, 12, 31);
        let mut b = PanelBuilder::new();
        let (cna, op) = (
            b.capacity_slot(CapacityKind::Cna),
            b.capacity_slot(CapacityKind::Custom("beds".into())),
        );
        let region = b.group_slot("region");
        for (id, d, pop, places, beds) in [
            ("B", d2, Some(90), Some(100), None),
            ("A", d1, Some(120), Some(100), Some(130)),
            ("A", d2, None, None, Some(131)),
        ] {
            b.begin(id, d).unwrap();
            b.name(&format!("Prison {id}"));
            b.group(region, "North");
            if let Some(p) = pop {
                b.population(p);
                b.legal_status(LegalStatus {
                    untried: Some(p / 2),
                    ..LegalStatus::default()
                });
            }
            b.capacity(cna, places).unwrap();
            if let Some(v) = beds {
                b.capacity(op, Some(v)).unwrap();
            }
            b.commit().unwrap();
        }
        b.finish().unwrap()
    }

    #[test]
    fn round_trip_keeps_every_column() {
        let p = sample();
        let df = panel_to_frame(&p).unwrap();
        assert!(df.column("listed_cna").is_ok()); // A on d2 lists CNA without places
        assert!(df.column("listed_beds").is_err());
        let back = frame_to_panel(&df).unwrap();
        assert_eq!(back, p);
        assert!(back.row(1).unwrap().lists_capacity(&CapacityKind::Cna));
        assert_eq!(back.row(1).unwrap().capacity(&CapacityKind::Cna), None);
        assert_eq!(back.row(0).unwrap().group("region"), Some("North"));
        assert_eq!(back.row(0).unwrap().legal_status().untried, Some(60));
    }

    #[test]
    fn text_columns_are_enums_and_read_back_from_str_or_categorical() {
        let p = sample();
        let df = panel_to_frame(&p).unwrap();
        for c in [FACILITY_ID, NAME, "region"] {
            assert!(
                matches!(df.column(c).unwrap().dtype(), DataType::Enum(..)),
                "{c}"
            );
        }
        let recast = |dtype: &DataType| {
            let mut out = df.clone();
            for c in [FACILITY_ID, NAME, "region"] {
                let cast = df.column(c).unwrap().cast(dtype).unwrap();
                out.with_column(cast).unwrap();
            }
            out
        };
        let as_str = recast(&DataType::String);
        assert_eq!(
            as_str.column(FACILITY_ID).unwrap().str().unwrap().get(0),
            Some("A")
        );
        assert_eq!(frame_to_panel(&as_str).unwrap(), p);
        // A Categorical whose mapping also holds strings this frame never uses.
        let categorical = DataType::from_categories(Categories::global());
        Column::new("other".into(), ["unused", "Z"])
            .cast(&categorical)
            .unwrap();
        let as_cat = {
            let mut out = as_str.clone();
            for c in [FACILITY_ID, NAME, "region"] {
                let cast = as_str.column(c).unwrap().cast(&categorical).unwrap();
                out.with_column(cast).unwrap();
            }
            out
        };
        let back = frame_to_panel(&as_cat).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.facility_ids().len(), 2); // only the categories used
        // A null id in a categorical column is refused with its row.
        let null_id = Column::new(FACILITY_ID.into(), [Some("A"), None, Some("B")])
            .cast(&categorical)
            .unwrap();
        let mut bad = as_cat.clone();
        bad.with_column(null_id).unwrap();
        let e = frame_to_panel(&bad).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
    }

    #[test]
    fn rows_out_of_order_are_sorted_and_duplicates_refused() {
        let p = sample();
        let df = panel_to_frame(&p).unwrap();
        let reversed = df.reverse();
        assert_eq!(frame_to_panel(&reversed).unwrap(), p);
        let twice = df.vstack(&df.head(Some(1))).unwrap();
        let err = frame_to_panel(&twice).unwrap_err();
        assert!(err.is_duplicate(), "{err}");
        assert_eq!(err.line(), Some(5));
    }

    #[test]
    fn bad_values_are_located() {
        let date = Int32Chunked::from_vec("date".into(), vec![18_808, 18_808])
            .into_date()
            .into_column();
        let frame = |pop: Column, cap: Column| {
            DataFrame::new(
                2,
                vec![
                    Column::new("facility_id".into(), ["A", "B"]),
                    date.clone(),
                    pop,
                    cap,
                ],
            )
            .unwrap()
        };
        let ok_cap = Column::new("capacity_design".into(), [10u64, 10]);
        let e = frame_to_panel(&frame(
            Column::new("population".into(), [5i64, -3]),
            ok_cap.clone(),
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 3, column \"population\": population \"-3\" is negative; counts are ≥ 0"
        );
        let e = frame_to_panel(&frame(
            Column::new("population".into(), [5u64, 3]),
            Column::new("capacity_design".into(), [10u64, 0]),
        ))
        .unwrap_err();
        assert!(e.is_zero_denominator(), "{e}");
        assert_eq!(e.line(), Some(3));
        let e = frame_to_panel(&frame(
            Column::new("population".into(), [5u64, 3]),
            Column::new("region".into(), [1u64, 2]),
        ))
        .unwrap_err();
        assert!(e.to_string().contains("str (a group key)"), "{e}");
    }
}
