//! Conversions between the typed model ([`Snapshot`]) and polars frames in the facility-table
//! layout (one row per facility, date and capacity kind), with a schema check first and
//! row-level validation after.

use crate::ErrorKind;
use crate::error::ValueProblem;
use std::collections::BTreeMap;

use jiff::civil::Date;
use polars::prelude::*;

use super::columns::*;
use crate::error::{Error, Location, Result};
use crate::io::{FacilityRow, ReadMode};
use crate::model::{Capacity, CapacityKind, Facility, Snapshot};

const EPOCH: Date = jiff::civil::date(1970, 1, 1);

fn days_since_epoch(d: Date) -> Result<i32> {
    let span = EPOCH.until(d).map_err(|e| {
        Error::from(ErrorKind::InvalidValue {
            value: d.to_string(),
            problem: ValueProblem::DateOutOfRange,
        })
        .with_source(e)
    })?;
    Ok(span.get_days())
}

/// The facility table of a set of snapshots: one row per snapshot and capacity kind in force
/// on its date (one row with null `capacity_kind` / `capacity` when it reports none), through
/// [`rows_to_frame`]; the jurisdiction, when any facility has one, is a `jurisdiction` column.
///
/// # Errors
///
/// As [`rows_to_frame`].
///
/// ```
/// use overcrowding::{Snapshot, Facility, Population, Capacity, CapacityKind};
/// use overcrowding::frame::{snapshots_to_frame, frame_to_snapshots};
/// let d = "2021-06-30".parse().unwrap();
/// let f = Facility::new("KH").unwrap()
///     .with_capacity(Capacity::new(CapacityKind::Design, 27_000, d).unwrap())
///     .with_capacity(Capacity::new(CapacityKind::Official, 26_593, d).unwrap());
/// let snaps = vec![Snapshot::new(f, Population::builder(39_000, d).untried(13_650).build().unwrap())];
/// let df = snapshots_to_frame(&snaps).unwrap();
/// assert_eq!(df.height(), 2);
/// assert_eq!(frame_to_snapshots(&df).unwrap(), snaps);
/// ```
pub fn snapshots_to_frame(snapshots: &[Snapshot]) -> Result<DataFrame> {
    let mut rows = Vec::new();
    for s in snapshots {
        let f = s.facility();
        let date = s.date();
        let mut in_force: BTreeMap<&CapacityKind, &Capacity> = BTreeMap::new();
        for c in f.capacities() {
            if let Ok(cap) = f.capacity(c.kind(), date) {
                in_force.insert(c.kind(), cap);
            }
        }
        let caps: Vec<Option<&Capacity>> = if in_force.is_empty() {
            vec![None]
        } else {
            in_force.values().map(|c| Some(*c)).collect()
        };
        for cap in caps {
            rows.push(FacilityRow {
                line: rows.len() + 2,
                facility_id: f.id().clone(),
                name: f.name().map(str::to_string),
                date,
                capacity_kind: cap.map(|c| c.kind().clone()),
                capacity: cap.map(Capacity::value),
                population: s.population().total(),
                legal_status: *s.population().legal_status(),
                extra: f
                    .jurisdiction()
                    .map(|j| vec![(JURISDICTION.to_string(), j.to_string())])
                    .unwrap_or_default(),
            });
        }
    }
    rows_to_frame(&rows)
}

/// The facility table of typed rows as a frame: `facility_id`, `name`, `date` (Date),
/// `capacity_kind`, `capacity`, `population`, `untried`, `convicted_unsentenced`,
/// `under_appeal`, `sentenced` (UInt64, null where absent), then the extra columns as text in
/// order of first appearance (null where a row lacks one).
///
/// # Errors
///
/// [`ErrorKind::Polars`](crate::ErrorKind::Polars) if the frame cannot be assembled; [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a date polars
/// cannot hold.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str("facility_id,date,population,region\nA,2021-06-30,12,North\n", ReadMode::Strict, "t")?;
/// let df = overcrowding::frame::rows_to_frame(t.rows())?;
/// assert_eq!(df.width(), 11);
/// assert_eq!(df.column("population").unwrap().u64().unwrap().get(0), Some(12));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn rows_to_frame(rows: &[FacilityRow]) -> Result<DataFrame> {
    let mut dates = Vec::with_capacity(rows.len());
    for r in rows {
        dates.push(days_since_epoch(r.date)?);
    }
    let texts = |f: fn(&FacilityRow) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let mut parts: [Vec<Option<u64>>; 4] = Default::default();
    for r in rows {
        for (slot, (_, v)) in parts.iter_mut().zip(r.legal_status.named()) {
            slot.push(v);
        }
    }
    let [u, cu, ua, se] = parts;
    let mut columns = vec![
        Column::new(
            FACILITY_ID.into(),
            texts(|r| Some(r.facility_id.to_string())),
        ),
        Column::new(NAME.into(), texts(|r| r.name.clone())),
        Int32Chunked::from_vec(DATE.into(), dates)
            .into_date()
            .into_column(),
        Column::new(
            CAPACITY_KIND.into(),
            texts(|r| r.capacity_kind.as_ref().map(|k| k.to_string())),
        ),
        Column::new(
            CAPACITY.into(),
            rows.iter().map(|r| r.capacity).collect::<Vec<_>>(),
        ),
        Column::new(
            POPULATION.into(),
            rows.iter().map(|r| r.population).collect::<Vec<_>>(),
        ),
        Column::new(UNTRIED.into(), u),
        Column::new(CONVICTED_UNSENTENCED.into(), cu),
        Column::new(UNDER_APPEAL.into(), ua),
        Column::new(SENTENCED.into(), se),
    ];
    let mut extra_names: Vec<&str> = Vec::new();
    for r in rows {
        for (n, _) in &r.extra {
            if !extra_names.contains(&n.as_str()) {
                extra_names.push(n);
            }
        }
    }
    for name in extra_names {
        let values: Vec<Option<&str>> = rows
            .iter()
            .map(|r| {
                r.extra
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            })
            .collect();
        columns.push(Column::new(name.into(), values));
    }
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// Checks that `column` exists and has one of the accepted types.
fn require(
    df: &DataFrame,
    column: &str,
    ok: fn(&DataType) -> bool,
    expected: &str,
) -> Result<Option<Column>> {
    match df.column(column) {
        Err(_) => Ok(None),
        Ok(c) if ok(c.dtype()) || matches!(c.dtype(), DataType::Null) => Ok(Some(c.clone())),
        Ok(c) => Err(Error::from(ErrorKind::WrongColumnType {
            column: column.to_string(),
            found: c.dtype().to_string(),
            expected: expected.to_string(),
        })),
    }
}

fn missing(column: &str) -> Error {
    Error::from(ErrorKind::MissingColumn {
        column: column.to_string(),
        source_name: Some("data frame".to_string()),
    })
}

/// Snapshots from a frame in the facility-table layout: rows of the same facility and date
/// become one snapshot whose facility carries one capacity per row (a `jurisdiction` column,
/// when present, sets the facility's jurisdiction).
///
/// The schema is checked first; then every row is validated by the facility-table reader's
/// rules (see [`crate::io`]), in strict mode: `Location::line` in errors is the row number
/// counting a header as row 1 (data row *k* is line *k* + 1).
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) for `facility_id`, `date` or `population`;
/// [`ErrorKind::WrongColumnType`](crate::ErrorKind::WrongColumnType) for a column of the wrong type (`facility_id` and `name` text,
/// `date` a Date, counts integers); then the first bad row's [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue),
/// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) or [`ErrorKind::BadRow`](crate::ErrorKind::BadRow) (negative count, capacity 0, duplicate capacity
/// kind, components above the population, …).
///
/// ```
/// use polars::prelude::*;
/// use overcrowding::frame::frame_to_snapshots;
/// let df = df!("facility_id" => ["A"], "date" => ["2021-06-30"], "population" => [5i64])?;
/// let err = frame_to_snapshots(&df).unwrap_err();
/// assert!(err.to_string().contains("column \"date\" has type str"), "{err}");
/// # Ok::<(), PolarsError>(())
/// ```
pub fn frame_to_snapshots(df: &DataFrame) -> Result<Vec<Snapshot>> {
    let is_str = |t: &DataType| matches!(t, DataType::String);
    let is_int = |t: &DataType| t.is_integer();
    let is_date = |t: &DataType| matches!(t, DataType::Date);
    require(df, FACILITY_ID, is_str, "str")?.ok_or_else(|| missing(FACILITY_ID))?;
    require(df, DATE, is_date, "date")?.ok_or_else(|| missing(DATE))?;
    require(df, POPULATION, is_int, "an integer type")?.ok_or_else(|| missing(POPULATION))?;
    for c in [NAME, JURISDICTION, CAPACITY_KIND] {
        require(df, c, is_str, "str")?;
    }
    for c in [
        CAPACITY,
        UNTRIED,
        CONVICTED_UNSENTENCED,
        UNDER_APPEAL,
        SENTENCED,
    ] {
        require(df, c, is_int, "an integer type")?;
    }
    super::files::read_frame(df, ReadMode::Strict, "data frame")?.to_snapshots()
}

/// Column names of the facility register written by [`facilities_to_frame`].
const KIND: &str = "kind";
const AS_OF: &str = "as_of";
const SOURCE: &str = "source";

/// A facility register as a frame: one row per capacity figure (one row with null capacity
/// columns for a facility that reports none). Columns: `facility_id`, `name`, `jurisdiction`,
/// `kind` (prison, jail, …), `capacity_kind`, `capacity` (UInt64), `as_of` (Date), `source`.
///
/// # Errors
///
/// [`ErrorKind::Polars`](crate::ErrorKind::Polars) if the frame cannot be assembled; [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a date polars
/// cannot hold.
///
/// ```
/// use overcrowding::{Facility, Capacity, CapacityKind, FacilityKind};
/// use overcrowding::frame::{facilities_to_frame, frame_to_facilities};
/// let d = "2022-12-31".parse().unwrap();
/// let ks = Facility::new("KS").unwrap().with_jurisdiction("Kansas")
///     .with_capacity(Capacity::new(CapacityKind::Rated, 10_360, d).unwrap())
///     .with_capacity(Capacity::new(CapacityKind::Operational, 9_164, d).unwrap().with_source("BJS"));
/// let jail = Facility::new("J1").unwrap().with_kind(FacilityKind::Jail);
/// let df = facilities_to_frame(&[ks.clone(), jail.clone()]).unwrap();
/// assert_eq!(df.height(), 3);
/// assert_eq!(frame_to_facilities(&df).unwrap(), vec![ks, jail]);
/// ```
pub fn facilities_to_frame(facilities: &[Facility]) -> Result<DataFrame> {
    let mut ids = Vec::new();
    let mut names = Vec::new();
    let mut juris = Vec::new();
    let mut kinds = Vec::new();
    let mut cap_kinds: Vec<Option<String>> = Vec::new();
    let mut caps: Vec<Option<u64>> = Vec::new();
    let mut dates: Vec<Option<i32>> = Vec::new();
    let mut sources: Vec<Option<String>> = Vec::new();
    for f in facilities {
        let figures: Vec<Option<&Capacity>> = if f.capacities().is_empty() {
            vec![None]
        } else {
            f.capacities().iter().map(Some).collect()
        };
        for c in figures {
            ids.push(f.id().to_string());
            names.push(f.name().map(str::to_string));
            juris.push(f.jurisdiction().map(str::to_string));
            kinds.push(f.kind().to_string());
            cap_kinds.push(c.map(|c| c.kind().to_string()));
            caps.push(c.map(Capacity::value));
            dates.push(c.map(|c| days_since_epoch(c.as_of())).transpose()?);
            sources.push(c.and_then(|c| c.source().map(str::to_string)));
        }
    }
    let height = ids.len();
    let columns = vec![
        Column::new(FACILITY_ID.into(), ids),
        Column::new(NAME.into(), names),
        Column::new(JURISDICTION.into(), juris),
        Column::new(KIND.into(), kinds),
        Column::new(CAPACITY_KIND.into(), cap_kinds),
        Column::new(CAPACITY.into(), caps),
        Int32Chunked::from_iter_options(AS_OF.into(), dates.into_iter())
            .into_date()
            .into_column(),
        Column::new(SOURCE.into(), sources),
    ];
    Ok(DataFrame::new(height, columns)?)
}

fn cell(c: &Option<StringChunked>, row: usize) -> Option<&str> {
    c.as_ref().and_then(|c| c.get(row))
}

/// Facilities from a register frame (the layout of [`facilities_to_frame`]): rows with the
/// same `facility_id` become one facility, in order of first appearance; a row with a null
/// `capacity` adds no figure. `line` in errors is the row number counting a header as row 1.
///
/// # Errors
///
/// Schema first: [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) for `facility_id`; [`ErrorKind::WrongColumnType`](crate::ErrorKind::WrongColumnType) for
/// a column of the wrong type. Then per row: [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for an empty id, an unknown
/// facility kind, a capacity of 0 or negative, a capacity without its kind or date, or rows of
/// one facility that disagree on its name, jurisdiction or kind.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("facility_id" => ["A"], "capacity_kind" => ["design"], "capacity" => [0i64])?;
/// let err = overcrowding::frame::frame_to_facilities(&df).unwrap_err();
/// assert!(err.to_string().starts_with("line 2, column \"capacity\" (facility \"A\")"), "{err}");
/// # Ok::<(), PolarsError>(())
/// ```
pub fn frame_to_facilities(df: &DataFrame) -> Result<Vec<Facility>> {
    let is_str = |t: &DataType| matches!(t, DataType::String);
    let is_int = |t: &DataType| t.is_integer();
    let is_date = |t: &DataType| matches!(t, DataType::Date);
    let text = |name: &str| -> Result<Option<StringChunked>> {
        Ok(match require(df, name, is_str, "str")? {
            Some(c) => Some(c.cast(&DataType::String)?.str()?.clone()),
            None => None,
        })
    };
    let ids = text(FACILITY_ID)?.ok_or_else(|| missing(FACILITY_ID))?;
    let (names, juris, kinds, cap_kinds, sources) = (
        text(NAME)?,
        text(JURISDICTION)?,
        text(KIND)?,
        text(CAPACITY_KIND)?,
        text(SOURCE)?,
    );
    let caps = match require(df, CAPACITY, is_int, "an integer type")? {
        Some(c) => Some(c.cast(&DataType::Int64)?.i64()?.clone()),
        None => None,
    };
    let dates = match require(df, AS_OF, is_date, "date")? {
        Some(c) => Some(c.date()?.physical().clone()),
        None => None,
    };
    let mut order: Vec<String> = Vec::new();
    let mut built: BTreeMap<String, Facility> = BTreeMap::new();
    for row in 0..df.height() {
        let id = ids.get(row).unwrap_or("");
        let at = |column: &str| {
            Location::line(row + 2)
                .with_column(column)
                .with_facility(id)
        };
        let mut f = Facility::new(id).map_err(|e| e.at(at(FACILITY_ID)))?;
        if let Some(n) = cell(&names, row) {
            f = f.with_name(n);
        }
        if let Some(j) = cell(&juris, row) {
            f = f.with_jurisdiction(j);
        }
        if let Some(k) = cell(&kinds, row) {
            let kind = k.parse().map_err(|e: Error| e.at(at(KIND)))?;
            f = f.with_kind(kind);
        }
        let cap = caps.as_ref().and_then(|c| c.get(row));
        let capacity = match cap {
            None => None,
            Some(v) if v <= 0 => {
                let problem = if v < 0 {
                    ValueProblem::Negative
                } else {
                    ValueProblem::Zero
                };
                return Err(Error::bad_value(v.to_string(), problem, at(CAPACITY)));
            }
            Some(v) => {
                let kind = cell(&cap_kinds, row).ok_or_else(|| {
                    Error::from(ErrorKind::MissingValue {
                        what: "capacity kind of a capacity",
                    })
                    .at(at(CAPACITY_KIND))
                })?;
                let days = dates.as_ref().and_then(|d| d.get(row)).ok_or_else(|| {
                    Error::from(ErrorKind::MissingValue {
                        what: "date of a capacity",
                    })
                    .at(at(AS_OF))
                })?;
                let as_of = EPOCH
                    .checked_add(jiff::Span::new().days(days))
                    .map_err(|e| {
                        Error::bad_value(days.to_string(), ValueProblem::DateOutOfRange, at(AS_OF))
                            .with_source(e)
                    })?;
                let mut c = Capacity::new(kind.parse()?, v as u64, as_of)?;
                if let Some(s) = cell(&sources, row) {
                    c = c.with_source(s);
                }
                Some(c)
            }
        };
        match built.get_mut(id) {
            None => {
                order.push(id.to_string());
                built.insert(id.to_string(), f.clone());
            }
            Some(first) => {
                let same = first.name() == f.name()
                    && first.jurisdiction() == f.jurisdiction()
                    && first.kind() == f.kind();
                if !same {
                    return Err(Error::from(ErrorKind::Conflict {
                        what: "name, jurisdiction and kind of a facility",
                        first: format!("{:?}", (first.name(), first.jurisdiction(), first.kind())),
                        second: format!("{:?}", (f.name(), f.jurisdiction(), f.kind())),
                    })
                    .at(at(FACILITY_ID)));
                }
            }
        }
        if let (Some(c), Some(entry)) = (capacity, built.get_mut(id)) {
            *entry = entry.clone().with_capacity(c);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| built.remove(&id))
        .collect())
}
