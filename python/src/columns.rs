//! Reading named columns of an Arrow table into the crate's types: ids and groups as text,
//! counts as `Option<u64>` (null, and NaN in a float column, mean "not reported"), dates as
//! civil dates. A value that is not a count (negative, fractional, infinite) is an
//! `OvercrowdingError` that names the row, column, facility and value.

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef, TimeUnit};
use jiff::civil::Date;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The chunks of one column, by name.
pub fn column(schema: &SchemaRef, batches: &[RecordBatch], name: &str) -> PyResult<Vec<ArrayRef>> {
    let idx = schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        PyKeyError::new_err(format!(
            "no column {name:?} in the table; its columns are {names:?}"
        ))
    })?;
    Ok(batches.iter().map(|b| b.column(idx).clone()).collect())
}

/// A data problem found in a frame: an `OvercrowdingError` with its location.
pub fn bad_value(
    py: Python<'_>,
    row: usize,
    column: &str,
    facility: Option<&str>,
    value: String,
    why: &str,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let fields = PyDict::new(py);
        fields.set_item("row", row)?;
        fields.set_item("column", column)?;
        fields.set_item("facility", facility)?;
        fields.set_item("value", value.as_str())?;
        let facility_part = facility
            .map(|f| format!(" (facility {f:?})"))
            .unwrap_or_default();
        let msg = format!("row {row}{facility_part}, column {column:?}: {value} {why}");
        let exc = py
            .import("overcrowding._errors")?
            .getattr("_from_native")?
            .call1(("InvalidValue", msg, fields))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

fn unsupported(column: &str, dt: &DataType, wanted: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "column {column:?} has Arrow type {dt}, expected {wanted}"
    ))
}

/// Text of every row (ids, names, groups). Integers are written in decimal.
pub fn strings(chunks: &[ArrayRef], column: &str) -> PyResult<Vec<Option<String>>> {
    let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
    for c in chunks {
        push_strings(c.as_ref(), column, &mut out)?;
    }
    Ok(out)
}

fn push_strings(a: &dyn Array, column: &str, out: &mut Vec<Option<String>>) -> PyResult<()> {
    macro_rules! each {
        ($arr:expr) => {{
            let arr = $arr;
            for i in 0..arr.len() {
                out.push(arr.is_valid(i).then(|| arr.value(i).to_string()));
            }
        }};
    }
    match a.data_type() {
        DataType::Utf8 => each!(a.as_string::<i32>()),
        DataType::LargeUtf8 => each!(a.as_string::<i64>()),
        DataType::Utf8View => each!(a.as_string_view()),
        DataType::Int8 => each!(a.as_primitive::<Int8Type>()),
        DataType::Int16 => each!(a.as_primitive::<Int16Type>()),
        DataType::Int32 => each!(a.as_primitive::<Int32Type>()),
        DataType::Int64 => each!(a.as_primitive::<Int64Type>()),
        DataType::UInt8 => each!(a.as_primitive::<UInt8Type>()),
        DataType::UInt16 => each!(a.as_primitive::<UInt16Type>()),
        DataType::UInt32 => each!(a.as_primitive::<UInt32Type>()),
        DataType::UInt64 => each!(a.as_primitive::<UInt64Type>()),
        DataType::Dictionary(_, _) => {
            let dict = a.as_any_dictionary();
            let mut values = Vec::new();
            push_strings(dict.values().as_ref(), column, &mut values)?;
            let keys = dict.normalized_keys();
            for (i, k) in keys.iter().enumerate() {
                out.push(if dict.keys().is_valid(i) {
                    values.get(*k).cloned().flatten()
                } else {
                    None
                });
            }
        }
        DataType::Null => out.extend(std::iter::repeat_n(None, a.len())),
        dt => return Err(unsupported(column, dt, "text or integers")),
    }
    Ok(())
}

/// Counts of every row: `None` where null (or NaN in a float column).
pub fn counts(
    py: Python<'_>,
    chunks: &[ArrayRef],
    column: &str,
    ids: &[Option<String>],
    row0: usize,
) -> PyResult<Vec<Option<u64>>> {
    let mut out: Vec<Option<u64>> = Vec::with_capacity(ids.len());
    for c in chunks {
        let a = c.as_ref();
        let base = out.len();
        let err = |i: usize, v: String, why: &str| {
            bad_value(
                py,
                row0 + base + i,
                column,
                ids.get(base + i).and_then(|x| x.as_deref()),
                v,
                why,
            )
        };
        macro_rules! signed {
            ($t:ty) => {{
                let arr = a.as_primitive::<$t>();
                for i in 0..arr.len() {
                    if arr.is_valid(i) {
                        let v = arr.value(i) as i64;
                        if v < 0 {
                            return Err(err(i, v.to_string(), "is negative: a count is 0 or more"));
                        }
                        out.push(Some(v as u64));
                    } else {
                        out.push(None);
                    }
                }
            }};
        }
        macro_rules! unsigned {
            ($t:ty) => {{
                let arr = a.as_primitive::<$t>();
                if arr.null_count() == 0 {
                    out.extend(arr.values().iter().map(|&v| Some(v as u64)));
                } else {
                    out.extend(arr.iter().map(|v| v.map(|v| v as u64)));
                }
            }};
        }
        macro_rules! float {
            ($t:ty) => {{
                let arr = a.as_primitive::<$t>();
                for i in 0..arr.len() {
                    let v = arr.value(i) as f64;
                    if !arr.is_valid(i) || v.is_nan() {
                        out.push(None);
                    } else if v < 0.0 {
                        return Err(err(i, v.to_string(), "is negative: a count is 0 or more"));
                    } else if !v.is_finite() || v >= 18_446_744_073_709_551_616.0 {
                        return Err(err(i, v.to_string(), "is out of range for a count"));
                    } else if v.fract() != 0.0 {
                        return Err(err(
                            i,
                            v.to_string(),
                            "is not a whole number: counts of people and places are",
                        ));
                    } else {
                        out.push(Some(v as u64));
                    }
                }
            }};
        }
        match a.data_type() {
            DataType::Int64 => {
                let arr = a.as_primitive::<Int64Type>();
                if arr.null_count() == 0 {
                    if let Some(i) = arr.values().iter().position(|&v| v < 0) {
                        return Err(err(
                            i,
                            arr.value(i).to_string(),
                            "is negative: a count is 0 or more",
                        ));
                    }
                    out.extend(arr.values().iter().map(|&v| Some(v as u64)));
                } else {
                    signed!(Int64Type)
                }
            }
            DataType::Int8 => signed!(Int8Type),
            DataType::Int16 => signed!(Int16Type),
            DataType::Int32 => signed!(Int32Type),
            DataType::UInt8 => unsigned!(UInt8Type),
            DataType::UInt16 => unsigned!(UInt16Type),
            DataType::UInt32 => unsigned!(UInt32Type),
            DataType::UInt64 => unsigned!(UInt64Type),
            DataType::Float32 => float!(Float32Type),
            DataType::Float64 => float!(Float64Type),
            DataType::Null => out.extend(std::iter::repeat_n(None, a.len())),
            dt => {
                return Err(unsupported(
                    column,
                    dt,
                    "integer counts (or whole floats, NaN = not reported)",
                ));
            }
        }
    }
    Ok(out)
}

fn epoch_day(days: i64) -> Option<Date> {
    let epoch = jiff::civil::date(1970, 1, 1);
    epoch
        .checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// Dates of every row (Date32, Date64, a timestamp's calendar day in its own clock, or ISO
/// text `YYYY-MM-DD`).
pub fn dates(
    py: Python<'_>,
    chunks: &[ArrayRef],
    column: &str,
    ids: &[Option<String>],
    row0: usize,
) -> PyResult<Vec<Option<Date>>> {
    let mut out: Vec<Option<Date>> = Vec::with_capacity(ids.len());
    let mut cache: std::collections::HashMap<i64, Date> = std::collections::HashMap::new();
    for c in chunks {
        let a = c.as_ref();
        let base = out.len();
        let err = |i: usize, v: String, why: &str| {
            bad_value(
                py,
                row0 + base + i,
                column,
                ids.get(base + i).and_then(|x| x.as_deref()),
                v,
                why,
            )
        };
        let mut day = |i: usize, d: i64| -> PyResult<Date> {
            if let Some(x) = cache.get(&d) {
                return Ok(*x);
            }
            let x = epoch_day(d).ok_or_else(|| {
                err(
                    i,
                    format!("day {d} since 1970-01-01"),
                    "is not a date jiff can hold",
                )
            })?;
            cache.insert(d, x);
            Ok(x)
        };
        macro_rules! days {
            ($arr:expr, $to_days:expr) => {{
                let arr = $arr;
                for i in 0..arr.len() {
                    if arr.is_valid(i) {
                        let d: i64 = $to_days(arr.value(i) as i64);
                        out.push(Some(day(i, d)?));
                    } else {
                        out.push(None);
                    }
                }
            }};
        }
        match a.data_type() {
            DataType::Date32 => days!(a.as_primitive::<Date32Type>(), |v: i64| v),
            DataType::Date64 => days!(a.as_primitive::<Date64Type>(), |v: i64| v
                .div_euclid(86_400_000)),
            DataType::Timestamp(unit, _) => {
                let per_day: i64 = match unit {
                    TimeUnit::Second => 86_400,
                    TimeUnit::Millisecond => 86_400_000,
                    TimeUnit::Microsecond => 86_400_000_000,
                    TimeUnit::Nanosecond => 86_400_000_000_000,
                };
                match unit {
                    TimeUnit::Second => days!(a.as_primitive::<TimestampSecondType>(), |v: i64| v
                        .div_euclid(per_day)),
                    TimeUnit::Millisecond => {
                        days!(a.as_primitive::<TimestampMillisecondType>(), |v: i64| v
                            .div_euclid(per_day))
                    }
                    TimeUnit::Microsecond => {
                        days!(a.as_primitive::<TimestampMicrosecondType>(), |v: i64| v
                            .div_euclid(per_day))
                    }
                    TimeUnit::Nanosecond => {
                        days!(a.as_primitive::<TimestampNanosecondType>(), |v: i64| v
                            .div_euclid(per_day))
                    }
                }
            }
            DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Dictionary(_, _) => {
                let texts = strings(std::slice::from_ref(c), column)?;
                let mut parsed: std::collections::HashMap<String, Date> =
                    std::collections::HashMap::new();
                for (i, t) in texts.into_iter().enumerate() {
                    match t {
                        None => out.push(None),
                        Some(t) => {
                            if let Some(d) = parsed.get(&t) {
                                out.push(Some(*d));
                                continue;
                            }
                            let d: Date = t.trim().parse().map_err(|_| {
                                err(i, format!("{t:?}"), "is not a date (YYYY-MM-DD)")
                            })?;
                            parsed.insert(t, d);
                            out.push(Some(d));
                        }
                    }
                }
            }
            dt => {
                return Err(unsupported(
                    column,
                    dt,
                    "dates (Date, Datetime, or YYYY-MM-DD text)",
                ));
            }
        }
    }
    Ok(out)
}
