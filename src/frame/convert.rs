//! Conversions between the [`Panel`] and polars frames in the facility-table layout (one row
//! per facility, date and capacity kind), with a schema check first and row-level validation
//! after; and the facility register (`Facility`) as a frame.

use crate::ErrorKind;
use crate::error::ValueProblem;
use std::collections::BTreeMap;

use jiff::civil::Date;
use polars::prelude::*;

use super::columns::*;
use crate::error::{Error, Given, GivenValue, Location, Result};
use crate::io::ReadMode;
use crate::model::{Capacity, CapacityKind, Facility, Panel, Row};

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

/// A capacity kind a row lists, and its places (`None`: not reported).
type KindPlaces<'a> = (&'a CapacityKind, Option<u64>);

/// A panel in the facility-table layout (the columns of the CSV file, typed): one row per
/// panel row and capacity kind it lists (one row with null `capacity_kind` / `capacity` when
/// it lists none) — `facility_id`, `name`, `date` (Date), `capacity_kind`, `capacity`,
/// `population`, `untried`, `convicted_unsentenced`, `under_appeal`, `sentenced` (UInt64,
/// null where not reported), then one text column per group key. The writers of Parquet and
/// JSON use it; [`facility_table_from_frame`] reads it back.
///
/// # Errors
///
/// [`ErrorKind::Polars`](crate::ErrorKind::Polars) if the frame cannot be assembled.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, ReadMode};
/// let t = read_facility_table_from_str("facility_id,date,capacity_kind,capacity,population,region\nA,2021-06-30,design,10,12,North\nA,2021-06-30,rated,11,12,North\n", ReadMode::Strict, "t")?;
/// let df = overcrowding::frame::facility_table_frame(t.panel())?;
/// assert_eq!((df.height(), df.width()), (2, 11));
/// assert_eq!(df.column("capacity").unwrap().u64().unwrap().get(1), Some(11));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn facility_table_frame(panel: &Panel) -> Result<DataFrame> {
    // The facility table's counts are whole people.
    panel
        .count_unit()
        .require_whole("facility table frame's count unit")?;
    // One entry per output row: (panel row, capacity kind's place in the row's list).
    let mut rows: Vec<(Row<'_>, Option<KindPlaces<'_>>)> = Vec::with_capacity(panel.len());
    for row in panel {
        let before = rows.len();
        rows.extend(row.capacities().map(|c| (row, Some(c))));
        if rows.len() == before {
            rows.push((row, None));
        }
    }
    let texts =
        |f: &dyn Fn(&Row<'_>) -> Option<String>| rows.iter().map(|(r, _)| f(r)).collect::<Vec<_>>();
    let counts =
        |f: &dyn Fn(&Row<'_>) -> Option<u64>| rows.iter().map(|(r, _)| f(r)).collect::<Vec<_>>();
    let dates: Vec<i32> = rows
        .iter()
        .map(|(r, _)| panel.day_numbers()[r.index()])
        .collect();
    let mut columns = vec![
        Column::new(FACILITY_ID.into(), texts(&|r| Some(r.id().to_string()))),
        Column::new(NAME.into(), texts(&|r| r.name().map(str::to_string))),
        Int32Chunked::from_vec(DATE.into(), dates)
            .into_date()
            .into_column(),
        Column::new(
            CAPACITY_KIND.into(),
            rows.iter()
                .map(|(_, c)| c.map(|(k, _)| k.to_string()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            CAPACITY.into(),
            rows.iter()
                .map(|(_, c)| c.and_then(|(_, v)| v))
                .collect::<Vec<_>>(),
        ),
        Column::new(POPULATION.into(), counts(&|r| r.population_total())),
        Column::new(UNTRIED.into(), counts(&|r| r.legal_status().untried)),
        Column::new(
            CONVICTED_UNSENTENCED.into(),
            counts(&|r| r.legal_status().convicted_unsentenced),
        ),
        Column::new(
            UNDER_APPEAL.into(),
            counts(&|r| r.legal_status().under_appeal),
        ),
        Column::new(SENTENCED.into(), counts(&|r| r.legal_status().sentenced)),
    ];
    for key in panel.group_keys() {
        columns.push(Column::new(
            key.into(),
            texts(&|r| r.group(key).map(str::to_string)),
        ));
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
        found: Vec::new(),
        closest: None,
    })
}

/// The panel of a frame in the facility-table layout (as [`facility_table_frame`] writes it):
/// rows of the same facility and date fold into one panel row with every capacity kind they
/// list; every column the layout does not name is a group key.
///
/// The schema is checked first; then every row is validated by the facility-table reader's
/// rules ([`TableReader::facility_table`](crate::io::TableReader::facility_table)), in strict
/// mode: `Location::line` in errors is the row number counting a header as row 1 (data row
/// *k* is line *k* + 1).
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) for `facility_id`, `date` or `population`;
/// [`ErrorKind::WrongColumnType`](crate::ErrorKind::WrongColumnType) for a column of the wrong type (`facility_id` and `name` text,
/// `date` a Date, counts integers); then the first bad row's [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue),
/// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) or [`ErrorKind::Conflict`](crate::ErrorKind::Conflict) (negative count, capacity 0, duplicate capacity
/// kind, components above the population, …).
///
/// ```
/// use polars::prelude::*;
/// use overcrowding::frame::facility_table_from_frame;
/// let df = df!("facility_id" => ["A"], "date" => ["2021-06-30"], "population" => [5i64])?;
/// let err = facility_table_from_frame(&df).unwrap_err();
/// assert!(err.to_string().contains("column \"date\" has type str"), "{err}");
/// # Ok::<(), PolarsError>(())
/// ```
pub fn facility_table_from_frame(df: &DataFrame) -> Result<Panel> {
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
    Ok(super::files::read_frame(df, ReadMode::Strict, "data frame")?.into_panel())
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
                let text = |v: Option<&str>| v.map_or(GivenValue::NotReported, GivenValue::from);
                let differs = if first.name() != f.name() {
                    Some(("facility name", text(first.name()), text(f.name())))
                } else if first.jurisdiction() != f.jurisdiction() {
                    Some((
                        "jurisdiction",
                        text(first.jurisdiction()),
                        text(f.jurisdiction()),
                    ))
                } else if first.kind() != f.kind() {
                    Some((
                        "facility kind",
                        first.kind().to_string().into(),
                        f.kind().to_string().into(),
                    ))
                } else {
                    None
                };
                if let Some((what, a, b)) = differs {
                    return Err(Error::from(ErrorKind::Conflict {
                        what,
                        first: Given::new(a),
                        second: Given::new(b),
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
