//! `finish_partials`: mergeable partial sums (computed by any SQL engine with `SUM … GROUP BY`,
//! per date and group, possibly per shard) → the same summary as `Panel.summarize`, with the
//! ratios and their rounding done here, exactly, from the summed integers.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, StringArray, UInt64Array};
use jiff::civil::Date;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::arrow::{ArrowTable, import_table};
use crate::columns;
use crate::views::days;

/// The summed fields, in the order of `Panel.summarize`'s columns.
const SUMS: [&str; 11] = [
    "facilities",
    "covered_facilities",
    "population",
    "capacity",
    "surplus",
    "over_capacity_facilities",
    "people_in_over_capacity",
    "population_reported",
    "lacks_population",
    "lacks_capacity",
    "lacks_both",
];

/// Partial sums per (date, group), possibly repeated (one row per shard): summed, then the
/// system row (`group` "all", the sum over the groups) first on each date, then each group.
#[pyfunction]
#[pyo3(signature = (partials, kind, thresholds, by_group))]
pub fn finish_partials(
    py: Python<'_>,
    partials: &Bound<'_, PyAny>,
    kind: &str,
    thresholds: Vec<String>,
    by_group: bool,
) -> PyResult<ArrowTable> {
    let (schema, batches) = import_table(partials)?;
    let n: usize = batches.iter().map(|b| b.num_rows()).sum();
    let ids: Vec<Option<String>> = vec![None; n];
    let dates = columns::dates(
        py,
        &columns::column(&schema, &batches, "date")?,
        "date",
        &ids,
        0,
    )?;
    let groups = if schema.index_of("grp").is_ok() {
        columns::strings(&columns::column(&schema, &batches, "grp")?, "grp")?
    } else {
        vec![None; n]
    };
    let mut names: Vec<String> = SUMS.iter().map(|s| s.to_string()).collect();
    for t in &thresholds {
        names.push(format!("above_{t}_facilities"));
        names.push(format!("above_{t}_people"));
    }
    let mut cols = Vec::new();
    for name in &names {
        let c = columns::counts(
            py,
            &columns::column(&schema, &batches, name)?,
            name,
            &ids,
            0,
        )?;
        cols.push(c);
    }
    // Σ per (date, group); None sums stay None only when every part is None (SQL's SUM of no
    // row) — a missing figure is null, never 0.
    type Key = (Date, Option<String>);
    let mut acc: BTreeMap<Key, Vec<u128>> = BTreeMap::new();
    let mut system: BTreeMap<Date, Vec<u128>> = BTreeMap::new();
    for i in 0..n {
        let Some(d) = dates[i] else {
            return Err(PyValueError::new_err(format!(
                "partials row {i}: the date is null"
            )));
        };
        let vals: Vec<u128> = cols.iter().map(|c| c[i].unwrap_or(0) as u128).collect();
        for target in [
            acc.entry((d, groups[i].clone()))
                .or_insert_with(|| vec![0; names.len()]),
            system.entry(d).or_insert_with(|| vec![0; names.len()]),
        ] {
            for (t, v) in target.iter_mut().zip(&vals) {
                *t += v;
            }
        }
    }
    let mut out_group: Vec<Option<String>> = Vec::new();
    let mut out_date: Vec<i32> = Vec::new();
    let mut out: Vec<Vec<Option<u128>>> = vec![Vec::new(); names.len()];
    let mut occupancy: Vec<Option<f64>> = Vec::new();
    let mut push = |group: Option<String>, d: Date, v: &[u128]| {
        let covered = v[1] > 0;
        out_group.push(group);
        out_date.push(days(d));
        for (k, (col, x)) in out.iter_mut().zip(v).enumerate() {
            // population, capacity, surplus, over-capacity counts and the threshold counts
            // need a covered facility; the facility counts and coverage are always known.
            let always = matches!(k, 0 | 1 | 7 | 8 | 9 | 10);
            col.push((always || covered).then_some(*x));
        }
        occupancy.push(if covered && v[3] > 0 {
            overcrowding::Ratio::new(v[2], v[3])
                .ok()
                .map(|r| r.percent_rounded(1))
        } else {
            None
        });
    };
    for (d, v) in &system {
        push(Some("all".into()), *d, v);
        if by_group {
            for ((_, g), gv) in acc.range((*d, None)..).take_while(|((gd, _), _)| gd == d) {
                push(g.clone(), *d, gv);
            }
        }
    }
    let u64s = |v: &Vec<Option<u128>>| -> PyResult<ArrayRef> {
        let v: Vec<Option<u64>> = v
            .iter()
            .map(|x| x.map(u64::try_from).transpose())
            .collect::<Result<_, _>>()
            .map_err(|_| PyValueError::new_err("a sum does not fit in 64 bits"))?;
        Ok(Arc::new(UInt64Array::from(v)))
    };
    let rows = out_date.len();
    let mut table: Vec<(String, ArrayRef)> = vec![
        ("group".into(), Arc::new(StringArray::from(out_group))),
        ("date".into(), Arc::new(Date32Array::from(out_date))),
        (
            "kind".into(),
            Arc::new(StringArray::from(vec![Some(kind.to_owned()); rows])),
        ),
    ];
    for (k, name) in names.iter().enumerate() {
        table.push((name.clone(), u64s(&out[k])?));
        if name == "capacity" {
            table.push((
                "occupancy_percent".into(),
                Arc::new(Float64Array::from(occupancy.clone())),
            ));
        }
        if name == "people_in_over_capacity" {
            // the population-weighted median needs every facility's ratio: not a sum
            table.push((
                "median_prisoner_occupancy_percent".into(),
                Arc::new(Float64Array::from(vec![None::<f64>; rows])),
            ));
        }
    }
    ArrowTable::from_columns(table.iter().map(|(n, a)| (n.as_str(), a.clone())).collect())
}
