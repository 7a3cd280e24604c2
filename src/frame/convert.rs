//! Conversions between the typed model ([`Snapshot`]) and polars frames in the facility-table
//! layout (one row per facility, date and capacity kind), with a schema check first and
//! row-level validation after.

use std::collections::BTreeMap;

use jiff::civil::Date;
use polars::prelude::*;

use super::columns::*;
use crate::error::{Error, Location, Result};
use crate::model::{Capacity, CapacityKind, Facility, LegalStatus, Population, Snapshot};

const EPOCH: Date = jiff::civil::date(1970, 1, 1);

fn days_since_epoch(d: Date) -> Result<i32> {
    let span = EPOCH.until(d).map_err(|e| Error::BadDate {
        location: Location::default(),
        value: d.to_string(),
        reason: e.to_string(),
    })?;
    Ok(span.get_days())
}

fn date_from_days(days: i32, location: &Location) -> Result<Date> {
    EPOCH
        .checked_add(jiff::Span::new().days(days))
        .map_err(|e| Error::BadDate {
            location: location.clone(),
            value: format!("{days} days since 1970-01-01"),
            reason: e.to_string(),
        })
}

/// The facility table of a set of snapshots: one row per snapshot and capacity kind in force
/// on its date (one row with null `capacity_kind` / `capacity` when it reports none).
/// Columns: `facility_id`, `name`, `jurisdiction`, `date` (Date), `capacity_kind`, `capacity`,
/// `population`, `untried`, `convicted_unsentenced`, `under_appeal`, `sentenced` (UInt64).
///
/// # Errors
///
/// [`Error::Polars`] if the frame cannot be assembled; [`Error::BadDate`] for a date polars
/// cannot hold.
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
    let mut ids = Vec::new();
    let mut names: Vec<Option<String>> = Vec::new();
    let mut juris: Vec<Option<String>> = Vec::new();
    let mut dates = Vec::new();
    let mut kinds: Vec<Option<String>> = Vec::new();
    let mut caps: Vec<Option<u64>> = Vec::new();
    let mut pops = Vec::new();
    let mut parts: [Vec<Option<u64>>; 4] = Default::default();
    for s in snapshots {
        let f = s.facility();
        let date = s.date();
        let mut in_force: BTreeMap<&CapacityKind, &Capacity> = BTreeMap::new();
        for c in f.capacities() {
            if let Ok(cap) = f.capacity(c.kind(), date) {
                in_force.insert(c.kind(), cap);
            }
        }
        let rows: Vec<Option<&Capacity>> = if in_force.is_empty() {
            vec![None]
        } else {
            in_force.values().map(|c| Some(*c)).collect()
        };
        for cap in rows {
            ids.push(f.id().to_string());
            names.push(f.name().map(str::to_string));
            juris.push(f.jurisdiction().map(str::to_string));
            dates.push(days_since_epoch(date)?);
            kinds.push(cap.map(|c| c.kind().to_string()));
            caps.push(cap.map(Capacity::value));
            pops.push(s.population().total());
            for (slot, (_, v)) in parts.iter_mut().zip(s.population().legal_status().named()) {
                slot.push(v);
            }
        }
    }
    let height = ids.len();
    let date_col = Int32Chunked::from_vec(DATE.into(), dates)
        .into_date()
        .into_column();
    let [u, cu, ua, se] = parts;
    let columns = vec![
        Column::new(FACILITY_ID.into(), ids),
        Column::new(NAME.into(), names),
        Column::new(JURISDICTION.into(), juris),
        date_col,
        Column::new(CAPACITY_KIND.into(), kinds),
        Column::new(CAPACITY.into(), caps),
        Column::new(POPULATION.into(), pops),
        Column::new(UNTRIED.into(), u),
        Column::new(CONVICTED_UNSENTENCED.into(), cu),
        Column::new(UNDER_APPEAL.into(), ua),
        Column::new(SENTENCED.into(), se),
    ];
    Ok(DataFrame::new(height, columns)?)
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
        Ok(c) => Err(Error::WrongColumnType {
            column: column.to_string(),
            found: c.dtype().to_string(),
            expected: expected.to_string(),
        }),
    }
}

fn missing(column: &str) -> Error {
    Error::MissingColumn {
        column: column.to_string(),
        source_name: Some("data frame".to_string()),
    }
}

/// An integer column as `Option<u64>` per row; negative values are an error naming the row.
fn counts(c: Option<Column>, ids: &StringChunked) -> Result<Option<Vec<Option<u64>>>> {
    let Some(c) = c else { return Ok(None) };
    let name = c.name().to_string();
    if let Ok(ca) = c.u64() {
        return Ok(Some(ca.iter().collect()));
    }
    // Every other integer type fits in i64 (u64 handled above).
    let signed = c.cast(&DataType::Int64)?;
    let mut out = Vec::with_capacity(c.len());
    for (row, v) in signed.i64()?.iter().enumerate() {
        out.push(match v {
            None => None,
            Some(v) => Some(
                u64::try_from(v).map_err(|_| bad(row, &name, ids, v.to_string(), "is negative"))?,
            ),
        });
    }
    Ok(Some(out))
}

fn bad(row: usize, column: &str, ids: &StringChunked, value: String, reason: &str) -> Error {
    let mut location = Location::line(row + 1).with_column(column);
    if let Some(id) = ids.get(row) {
        location = location.with_facility(id);
    }
    Error::BadValue {
        location,
        value,
        reason: reason.to_string(),
    }
}

/// Snapshots from a frame in the facility-table layout: rows of the same facility and date
/// become one snapshot whose facility carries one capacity per row. `Location::line` in
/// errors is the 1-based row of the frame.
///
/// # Errors
///
/// Schema first: [`Error::MissingColumn`] for `facility_id`, `date` or `population`;
/// [`Error::WrongColumnType`] for a column of the wrong type (`facility_id` text, `date` Date,
/// counts integers). Then per row: [`Error::BadValue`] for a missing required value, a
/// negative count, a capacity of 0 or an unknown kind of text; [`Error::BadRow`] for the same
/// capacity kind twice on one facility and date, or rows of one snapshot that disagree on the
/// population; population errors ([`Error::PartExceedsWhole`], …) as in
/// [`Population::builder`].
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
    let id_col = require(df, FACILITY_ID, is_str, "str")?.ok_or_else(|| missing(FACILITY_ID))?;
    let date_col = require(df, DATE, is_date, "date")?.ok_or_else(|| missing(DATE))?;
    let pop_col =
        require(df, POPULATION, is_int, "an integer type")?.ok_or_else(|| missing(POPULATION))?;
    let name_col = require(df, NAME, is_str, "str")?;
    let juris_col = require(df, JURISDICTION, is_str, "str")?;
    let kind_col = require(df, CAPACITY_KIND, is_str, "str")?;
    let cap_col = require(df, CAPACITY, is_int, "an integer type")?;
    let part_cols = [UNTRIED, CONVICTED_UNSENTENCED, UNDER_APPEAL, SENTENCED]
        .map(|c| require(df, c, is_int, "an integer type"));

    let id_col = id_col.cast(&DataType::String)?;
    let ids = id_col.str()?;
    let dates = date_col.cast(&DataType::Date)?;
    let dates = dates.date()?.physical().clone();
    let pops = counts(Some(pop_col), ids)?.unwrap_or_default();
    let caps = counts(cap_col, ids)?;
    let mut parts = Vec::with_capacity(4);
    for p in part_cols {
        parts.push(counts(p?, ids)?);
    }
    let text = |c: &Option<Column>| -> Result<Option<StringChunked>> {
        Ok(match c {
            Some(c) => Some(c.cast(&DataType::String)?.str()?.clone()),
            None => None,
        })
    };
    let (names, juris, kinds) = (text(&name_col)?, text(&juris_col)?, text(&kind_col)?);

    // (facility, date) -> (first row, facility, population)
    let mut groups: BTreeMap<(String, i32), (usize, Facility, Population)> = BTreeMap::new();
    for row in 0..df.height() {
        let id = ids
            .get(row)
            .ok_or_else(|| bad(row, FACILITY_ID, ids, String::new(), "is missing"))?;
        let at = Location::line(row + 1).with_facility(id);
        let days = dates
            .get(row)
            .ok_or_else(|| bad(row, DATE, ids, String::new(), "is missing"))?;
        let date = date_from_days(days, &at)?;
        let total =
            pops[row].ok_or_else(|| bad(row, POPULATION, ids, String::new(), "is missing"))?;
        let mut status = LegalStatus::default();
        let slots = [
            &mut status.untried,
            &mut status.convicted_unsentenced,
            &mut status.under_appeal,
            &mut status.sentenced,
        ];
        for (slot, col) in slots.into_iter().zip(&parts) {
            *slot = col.as_ref().and_then(|c| c[row]);
        }
        let population = Population::builder(total, date)
            .legal_status(status)
            .build()?;
        let capacity = match (
            caps.as_ref().and_then(|c| c[row]),
            kinds.as_ref().and_then(|k| k.get(row)),
        ) {
            (None, _) => None,
            (Some(0), _) => {
                return Err(bad(
                    row,
                    CAPACITY,
                    ids,
                    "0".into(),
                    "is 0: a capacity must be ≥ 1 (null when not reported)",
                ));
            }
            (Some(_), None) => {
                return Err(bad(
                    row,
                    CAPACITY_KIND,
                    ids,
                    String::new(),
                    "is missing where a capacity is given",
                ));
            }
            (Some(v), Some(k)) => Some(Capacity::new(k.parse()?, v, date)?),
        };
        let mut facility = Facility::new(id)
            .map_err(|_| bad(row, FACILITY_ID, ids, id.to_string(), "is empty"))?;
        if let Some(n) = names.as_ref().and_then(|n| n.get(row)) {
            facility = facility.with_name(n);
        }
        if let Some(j) = juris.as_ref().and_then(|j| j.get(row)) {
            facility = facility.with_jurisdiction(j);
        }
        let entry = groups
            .entry((id.to_string(), days))
            .or_insert_with(|| (row, facility, population.clone()));
        if entry.2 != population {
            return Err(Error::BadRow {
                location: at,
                reason: format!(
                    "population differs from row {} of the same facility and date",
                    entry.0 + 1
                ),
            });
        }
        if let Some(cap) = capacity {
            if entry.1.capacities().iter().any(|c| c.kind() == cap.kind()) {
                return Err(Error::BadRow {
                    location: at,
                    reason: format!(
                        "capacity kind {:?} repeats for this facility and date",
                        cap.kind().name()
                    ),
                });
            }
            entry.1 = entry.1.clone().with_capacity(cap);
        }
    }
    // Keep the frame's order of first appearance.
    let mut out: Vec<(usize, Snapshot)> = groups
        .into_values()
        .map(|(row, f, p)| (row, Snapshot::new(f, p)))
        .collect();
    out.sort_by_key(|(row, _)| *row);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}
