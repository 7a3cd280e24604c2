//! A panel from the columns of an Arrow table, batch by batch, straight into the crate's
//! columnar `PanelBuilder`: ids, names and groups borrowed from the Arrow string buffers, counts
//! as `u64` slices — no Python object and no `Record` per row.

use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};
use jiff::civil::Date;
use overcrowding::model::PanelBuilder;
use overcrowding::{CapacityKind, Panel};
use pyo3::prelude::*;

use crate::columns;
use crate::errors::IntoPy;

/// The columns to read, by name.
pub struct Spec<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub as_of: Option<Date>,
    pub population: Option<&'a str>,
    pub capacity: &'a [(CapacityKind, String)],
    pub name: Option<&'a str>,
    pub by: &'a [String],
}

/// Text of one batch's column, borrowed where Arrow holds it as UTF-8.
enum Text<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    Owned(Vec<Option<String>>),
}

impl<'a> Text<'a> {
    fn of(a: &'a ArrayRef, column: &str) -> PyResult<Text<'a>> {
        Ok(match a.data_type() {
            DataType::Utf8 => Text::Utf8(a.as_string::<i32>()),
            DataType::LargeUtf8 => Text::Large(a.as_string::<i64>()),
            DataType::Utf8View => Text::View(a.as_string_view()),
            _ => Text::Owned(columns::strings(std::slice::from_ref(a), column)?),
        })
    }

    fn get(&self, i: usize) -> Option<Cow<'_, str>> {
        match self {
            Text::Utf8(a) => a.is_valid(i).then(|| Cow::Borrowed(a.value(i))),
            Text::Large(a) => a.is_valid(i).then(|| Cow::Borrowed(a.value(i))),
            Text::View(a) => a.is_valid(i).then(|| Cow::Borrowed(a.value(i))),
            Text::Owned(v) => v[i].as_deref().map(Cow::Borrowed),
        }
    }
}

fn index(schema: &SchemaRef, name: &str) -> PyResult<usize> {
    schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        pyo3::exceptions::PyKeyError::new_err(format!(
            "no column {name:?} in the table; its columns are {names:?}"
        ))
    })
}

/// Builds the panel; a bad value is an `OvercrowdingError` naming the row (0-based, across
/// batches), column, facility and value.
pub fn panel(
    py: Python<'_>,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    spec: &Spec<'_>,
) -> PyResult<Panel> {
    let id_i = index(schema, spec.id)?;
    let date_i = spec.date.map(|c| index(schema, c)).transpose()?;
    let pop_i = spec.population.map(|c| index(schema, c)).transpose()?;
    let cap_i: Vec<usize> = spec
        .capacity
        .iter()
        .map(|(_, c)| index(schema, c))
        .collect::<PyResult<_>>()?;
    let name_i = spec.name.map(|c| index(schema, c)).transpose()?;
    let group_i: Vec<usize> = spec
        .by
        .iter()
        .map(|c| index(schema, c))
        .collect::<PyResult<_>>()?;
    let n: usize = batches.iter().map(|b| b.num_rows()).sum();
    let mut b = PanelBuilder::with_capacity(n).with_merging(false);
    let cap_slots: Vec<_> = spec
        .capacity
        .iter()
        .map(|(k, _)| b.capacity_slot(k.clone()))
        .collect();
    let group_slots: Vec<_> = spec.by.iter().map(|g| b.group_slot(g)).collect();
    let mut base = 0usize;
    for batch in batches {
        let rows = batch.num_rows();
        let ids = Text::of(batch.column(id_i), spec.id)?;
        // A bad value is located with its facility: the batch's ids are made only then.
        macro_rules! located {
            (|$ids:ident| $call:expr) => {{
                let $ids: &[Option<String>] = &[];
                match $call {
                    Ok(v) => v,
                    Err(_) => {
                        let owned =
                            columns::strings(std::slice::from_ref(batch.column(id_i)), spec.id)?;
                        let $ids: &[Option<String>] = &owned;
                        $call?
                    }
                }
            }};
        }
        let dates: Vec<Option<Date>> = match (date_i, spec.date) {
            (Some(i), Some(c)) => {
                located!(|ids| columns::dates(
                    py,
                    std::slice::from_ref(batch.column(i)),
                    c,
                    ids,
                    base
                ))
            }
            _ => vec![spec.as_of; rows],
        };
        let pop = match (pop_i, spec.population) {
            (Some(i), Some(c)) => Some(located!(|ids| columns::counts(
                py,
                std::slice::from_ref(batch.column(i)),
                c,
                ids,
                base
            ))),
            _ => None,
        };
        let mut caps: Vec<Vec<Option<u64>>> = Vec::with_capacity(cap_i.len());
        for (&i, (_, c)) in cap_i.iter().zip(spec.capacity) {
            caps.push(located!(|ids| columns::counts(
                py,
                std::slice::from_ref(batch.column(i)),
                c,
                ids,
                base
            )));
        }
        let names = name_i
            .map(|i| Text::of(batch.column(i), spec.name.unwrap_or("")))
            .transpose()?;
        let groups: Vec<Text<'_>> = group_i
            .iter()
            .zip(spec.by)
            .map(|(&i, g)| Text::of(batch.column(i), g))
            .collect::<PyResult<_>>()?;
        for r in 0..rows {
            let Some(id) = ids.get(r) else {
                return Err(columns::bad_value(
                    py,
                    base + r,
                    spec.id,
                    None,
                    "null".into(),
                    "is missing: every row needs a facility id",
                ));
            };
            let Some(d) = dates[r] else {
                return Err(columns::bad_value(
                    py,
                    base + r,
                    spec.date.unwrap_or("date"),
                    Some(&id),
                    "null".into(),
                    "is missing: every row needs a date",
                ));
            };
            b.begin(&id, d).py_err(py)?;
            if let Some(names) = &names {
                if let Some(nm) = names.get(r) {
                    b.name(&nm);
                }
            }
            for (slot, g) in group_slots.iter().zip(&groups) {
                if let Some(v) = g.get(r) {
                    b.group(*slot, &v);
                }
            }
            if let Some(p) = &pop {
                if let Some(v) = p[r] {
                    b.population(v);
                }
            }
            for (slot, c) in cap_slots.iter().zip(&caps) {
                b.capacity(*slot, c[r]).py_err(py)?;
            }
            b.commit().py_err(py)?;
        }
        base += rows;
    }
    b.finish().py_err(py)
}
