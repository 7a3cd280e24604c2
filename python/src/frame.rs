//! A panel from the columns of an Arrow table, column by column, into the crate's
//! `Panel::from_columns`: ids, names and groups dictionary-encoded straight from the Arrow
//! buffers (a string is hashed only the first time it is seen, or when the row order does not
//! predict it; an Arrow dictionary — polars' categorical — is encoded through its keys), dates
//! as day numbers, counts as `u64` values with validity words — no Python object, no owned
//! string and no builder call per row.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, PrimitiveArray, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, SchemaRef, TimeUnit};
use jiff::civil::Date;
use overcrowding::model::{CountColumn, PanelParts, Validity};
use overcrowding::{CapacityKind, Panel};
use pyo3::prelude::*;

use crate::columns;
use crate::errors::IntoPy;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// "No value" in a code column (the crate's convention for names and groups).
const NONE: u32 = u32::MAX;

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

fn index(schema: &SchemaRef, name: &str) -> PyResult<usize> {
    schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        pyo3::exceptions::PyKeyError::new_err(format!(
            "no column {name:?} in the table; its columns are {names:?}"
        ))
    })
}

/// Distinct strings numbered in order of first appearance. A row is first compared with the
/// value the order predicts — the previous row's (a frame sorted by facility), the next one
/// (a frame sorted by date, then facility, lists the facilities in the same order on every
/// date) or the first (a new date) — and hashed only when none is it.
#[derive(Default)]
struct Interner {
    values: Vec<String>,
    map: FastMap<Box<str>, u32>,
    last: u32,
}

impl Interner {
    #[inline]
    fn code(&mut self, s: &str) -> u32 {
        for guess in [self.last.wrapping_add(1), 0, self.last] {
            if self.values.get(guess as usize).is_some_and(|v| v == s) {
                self.last = guess;
                return guess;
            }
        }
        let code = match self.map.get(s) {
            Some(&c) => c,
            None => {
                let c = self.values.len() as u32;
                self.values.push(s.to_owned());
                self.map.insert(s.into(), c);
                c
            }
        };
        self.last = code;
        code
    }
}

/// Each row's code (`NONE` where null) of one batch's text column, appended to `out`.
fn encode(a: &ArrayRef, column: &str, dict: &mut Interner, out: &mut Vec<u32>) -> PyResult<()> {
    macro_rules! each {
        ($arr:expr) => {{
            let arr = $arr;
            out.reserve(arr.len());
            if arr.null_count() == 0 {
                for i in 0..arr.len() {
                    out.push(dict.code(arr.value(i)));
                }
            } else {
                for i in 0..arr.len() {
                    out.push(if arr.is_valid(i) {
                        dict.code(arr.value(i))
                    } else {
                        NONE
                    });
                }
            }
        }};
    }
    match a.data_type() {
        DataType::Utf8 => each!(a.as_string::<i32>()),
        DataType::LargeUtf8 => each!(a.as_string::<i64>()),
        DataType::Utf8View => each!(a.as_string_view()),
        DataType::Dictionary(_, _) => {
            // The dictionary's values once, then one lookup per key.
            let d = a.as_any_dictionary();
            let mut values = Vec::new();
            encode(d.values(), column, dict, &mut values)?;
            let keys = d.normalized_keys();
            let nulls = d.logical_nulls();
            out.reserve(keys.len());
            for (i, &k) in keys.iter().enumerate() {
                let valid = nulls.as_ref().is_none_or(|n| n.is_valid(i));
                out.push(if valid {
                    values.get(k).copied().unwrap_or(NONE)
                } else {
                    NONE
                });
            }
        }
        _ => {
            // Integers (ids written in decimal), nulls: as text.
            for t in columns::strings(std::slice::from_ref(a), column)? {
                out.push(t.map_or(NONE, |t| dict.code(&t)));
            }
        }
    }
    Ok(())
}

/// A validity bitmap written 64 rows at a time.
#[derive(Default)]
struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// Appends the low `n` bits of `word` (`n ≤ 64`).
    #[inline]
    fn push_word(&mut self, word: u64, n: usize) {
        if n == 0 {
            return;
        }
        let word = if n == 64 {
            word
        } else {
            word & ((1u64 << n) - 1)
        };
        let at = self.len % 64;
        if at == 0 {
            self.words.push(word);
        } else {
            if let Some(last) = self.words.last_mut() {
                *last |= word << at;
            }
            if at + n > 64 {
                self.words.push(word >> (64 - at));
            }
        }
        self.len += n;
    }

    fn push_nulls(&mut self, nulls: Option<&NullBuffer>, len: usize) {
        match nulls {
            None => {
                for k in 0..len.div_ceil(64) {
                    self.push_word(u64::MAX, (len - k * 64).min(64));
                }
            }
            Some(n) => {
                let chunks = n.inner().bit_chunks();
                for w in chunks.iter() {
                    self.push_word(w, 64);
                }
                self.push_word(chunks.remainder_bits(), chunks.remainder_len());
            }
        }
    }

    fn validity(self) -> PyResult<Validity> {
        Validity::from_words(self.words, self.len)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    }
}

/// One column of counts, batch by batch.
#[derive(Default)]
struct Counts {
    values: Vec<u64>,
    bits: Bits,
}

impl Counts {
    fn finish(self) -> PyResult<CountColumn> {
        CountColumn::new(self.values, self.bits.validity()?)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    }
}

/// Where a bad value is: the table's row (0-based, across batches) and its facility.
struct At<'a> {
    py: Python<'a>,
    base: usize,
    column: &'a str,
    codes: &'a [u32],
    ids: &'a Interner,
}

impl At<'_> {
    fn err(&self, i: usize, value: String, why: &str) -> PyErr {
        let row = self.base + i;
        let facility = self
            .codes
            .get(row)
            .and_then(|&c| self.ids.values.get(c as usize))
            .map(String::as_str);
        columns::bad_value(self.py, row, self.column, facility, value, why)
    }
}

const NEGATIVE: &str = "is negative: a count is 0 or more";

/// Appends one batch's counts (null, and NaN in a float column: not reported).
fn push_counts(a: &ArrayRef, at: &At<'_>, out: &mut Counts) -> PyResult<()> {
    fn signed<T: ArrowPrimitiveType>(
        arr: &PrimitiveArray<T>,
        at: &At<'_>,
        out: &mut Counts,
    ) -> PyResult<()>
    where
        T::Native: Into<i64>,
    {
        let values = arr.values();
        // Negatives are rare: look for one over all slots, then ask whether it is a value.
        if values.iter().any(|&v| v.into() < 0)
            && let Some(i) = (0..arr.len()).find(|&i| arr.is_valid(i) && values[i].into() < 0)
        {
            return Err(at.err(i, values[i].into().to_string(), NEGATIVE));
        }
        out.values.extend(values.iter().map(|&v| v.into() as u64));
        out.bits.push_nulls(arr.nulls(), arr.len());
        Ok(())
    }
    fn unsigned<T: ArrowPrimitiveType>(arr: &PrimitiveArray<T>, out: &mut Counts)
    where
        T::Native: Into<u64>,
    {
        out.values.extend(arr.values().iter().map(|&v| v.into()));
        out.bits.push_nulls(arr.nulls(), arr.len());
    }
    fn float<T: ArrowPrimitiveType>(
        arr: &PrimitiveArray<T>,
        at: &At<'_>,
        out: &mut Counts,
    ) -> PyResult<()>
    where
        T::Native: Into<f64>,
    {
        let mut bits = Bits::default();
        for start in (0..arr.len()).step_by(64) {
            let end = (start + 64).min(arr.len());
            let mut word = 0u64;
            for i in start..end {
                let v: f64 = arr.value(i).into();
                if !arr.is_valid(i) || v.is_nan() {
                    out.values.push(0);
                    continue;
                }
                if v < 0.0 {
                    return Err(at.err(i, v.to_string(), NEGATIVE));
                } else if !v.is_finite() || v >= 18_446_744_073_709_551_616.0 {
                    return Err(at.err(i, v.to_string(), "is out of range for a count"));
                } else if v.fract() != 0.0 {
                    return Err(at.err(
                        i,
                        v.to_string(),
                        "is not a whole number: counts of people and places are",
                    ));
                }
                out.values.push(v as u64);
                word |= 1 << (i - start);
            }
            bits.push_word(word, end - start);
        }
        for (k, &w) in bits.words.iter().enumerate() {
            out.bits.push_word(w, (bits.len - k * 64).min(64));
        }
        Ok(())
    }
    match a.data_type() {
        DataType::Int8 => signed(a.as_primitive::<Int8Type>(), at, out)?,
        DataType::Int16 => signed(a.as_primitive::<Int16Type>(), at, out)?,
        DataType::Int32 => signed(a.as_primitive::<Int32Type>(), at, out)?,
        DataType::Int64 => signed(a.as_primitive::<Int64Type>(), at, out)?,
        DataType::UInt8 => unsigned(a.as_primitive::<UInt8Type>(), out),
        DataType::UInt16 => unsigned(a.as_primitive::<UInt16Type>(), out),
        DataType::UInt32 => unsigned(a.as_primitive::<UInt32Type>(), out),
        DataType::UInt64 => unsigned(a.as_primitive::<UInt64Type>(), out),
        DataType::Float32 => float(a.as_primitive::<Float32Type>(), at, out)?,
        DataType::Float64 => float(a.as_primitive::<Float64Type>(), at, out)?,
        DataType::Null => {
            out.values.extend(std::iter::repeat_n(0, a.len()));
            for k in 0..a.len().div_ceil(64) {
                out.bits.push_word(0, (a.len() - k * 64).min(64));
            }
        }
        dt => {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "column {:?} has Arrow type {dt}, expected integer counts (or whole floats, NaN = not reported)",
                at.column
            )));
        }
    }
    Ok(())
}

/// Days since 1970-01-01 of a civil date.
fn day_number(d: Date) -> i32 {
    crate::views::days(d)
}

/// Appends one batch's day numbers (every row needs a date).
fn push_days(a: &ArrayRef, at: &At<'_>, out: &mut Vec<i32>) -> PyResult<()> {
    let missing = |i: usize| at.err(i, "null".into(), "is missing: every row needs a date");
    fn whole<T: ArrowPrimitiveType>(
        arr: &PrimitiveArray<T>,
        per_day: i64,
        at: &At<'_>,
        out: &mut Vec<i32>,
    ) -> PyResult<()>
    where
        T::Native: Into<i64>,
    {
        if let Some(i) = (arr.null_count() > 0)
            .then(|| (0..arr.len()).find(|&i| arr.is_null(i)))
            .flatten()
        {
            return Err(at.err(i, "null".into(), "is missing: every row needs a date"));
        }
        out.reserve(arr.len());
        for (i, &v) in arr.values().iter().enumerate() {
            let d = v.into().div_euclid(per_day);
            out.push(i32::try_from(d).map_err(|_| {
                at.err(
                    i,
                    format!("day {d} since 1970-01-01"),
                    "is not a date jiff can hold",
                )
            })?);
        }
        Ok(())
    }
    match a.data_type() {
        DataType::Date32 => {
            let arr = a.as_primitive::<Date32Type>();
            if let Some(i) = (0..arr.len()).find(|&i| arr.is_null(i)) {
                return Err(missing(i));
            }
            out.extend_from_slice(arr.values());
        }
        DataType::Date64 => whole(a.as_primitive::<Date64Type>(), 86_400_000, at, out)?,
        DataType::Timestamp(TimeUnit::Second, _) => {
            whole(a.as_primitive::<TimestampSecondType>(), 86_400, at, out)?
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => whole(
            a.as_primitive::<TimestampMillisecondType>(),
            86_400_000,
            at,
            out,
        )?,
        DataType::Timestamp(TimeUnit::Microsecond, _) => whole(
            a.as_primitive::<TimestampMicrosecondType>(),
            86_400_000_000,
            at,
            out,
        )?,
        DataType::Timestamp(TimeUnit::Nanosecond, _) => whole(
            a.as_primitive::<TimestampNanosecondType>(),
            86_400_000_000_000,
            at,
            out,
        )?,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(_, _) => {
            // Each distinct text parsed once.
            let mut texts = Interner::default();
            let mut codes = Vec::with_capacity(a.len());
            encode(a, at.column, &mut texts, &mut codes)?;
            let mut parsed = Vec::with_capacity(texts.values.len());
            for (k, t) in texts.values.iter().enumerate() {
                let first = codes.iter().position(|&c| c as usize == k).unwrap_or(0);
                let d: Date = t
                    .trim()
                    .parse()
                    .map_err(|_| at.err(first, format!("{t:?}"), "is not a date (YYYY-MM-DD)"))?;
                parsed.push(day_number(d));
            }
            out.reserve(codes.len());
            for (i, &c) in codes.iter().enumerate() {
                out.push(*parsed.get(c as usize).ok_or_else(|| missing(i))?);
            }
        }
        dt => {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "column {:?} has Arrow type {dt}, expected dates (Date, Datetime, or YYYY-MM-DD text)",
                at.column
            )));
        }
    }
    Ok(())
}

/// Builds the panel; a bad value is an `OvercrowdingError` naming the row (0-based, across
/// batches), column, facility and value.
pub fn panel(
    py: Python<'_>,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    spec: &Spec<'_>,
) -> PyResult<Panel> {
    let cols = columns_of(py, schema, batches, spec)?;
    py.detach(|| Panel::from_columns(cols)).py_err(py)
}

/// The panel's columns, read and checked value by value (a bad count or date is an
/// `OvercrowdingError` with its row); what `Panel::from_columns` checks is left to it.
pub fn columns_of(
    py: Python<'_>,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    spec: &Spec<'_>,
) -> PyResult<PanelParts> {
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

    // Facilities first: the other columns' errors name the row's facility.
    let mut ids = Interner::default();
    let mut facility: Vec<u32> = Vec::with_capacity(n);
    for batch in batches {
        encode(batch.column(id_i), spec.id, &mut ids, &mut facility)?;
    }
    if let Some(row) = facility.iter().position(|&c| c == NONE) {
        return Err(columns::bad_value(
            py,
            row,
            spec.id,
            None,
            "null".into(),
            "is missing: every row needs a facility id",
        ));
    }

    let mut day_numbers: Vec<i32> = Vec::with_capacity(n);
    match (date_i, spec.date) {
        (Some(i), Some(c)) => {
            let mut base = 0;
            for batch in batches {
                let at = At {
                    py,
                    base,
                    column: c,
                    codes: &facility,
                    ids: &ids,
                };
                push_days(batch.column(i), &at, &mut day_numbers)?;
                base += batch.num_rows();
            }
        }
        _ => {
            let d = spec.as_of.map(day_number).unwrap_or(0);
            day_numbers.resize(n, d);
        }
    }
    let counts = |i: usize, column: &str| -> PyResult<CountColumn> {
        let mut out = Counts {
            values: Vec::with_capacity(n),
            bits: Bits::default(),
        };
        let mut base = 0;
        for batch in batches {
            let at = At {
                py,
                base,
                column,
                codes: &facility,
                ids: &ids,
            };
            push_counts(batch.column(i), &at, &mut out)?;
            base += batch.num_rows();
        }
        out.finish()
    };
    let population = match (pop_i, spec.population) {
        (Some(i), Some(c)) => Some(counts(i, c)?),
        _ => None,
    };
    let mut capacities = Vec::with_capacity(cap_i.len());
    for (&i, (kind, c)) in cap_i.iter().zip(spec.capacity) {
        capacities.push((kind.clone(), counts(i, c)?));
    }
    let text = |i: usize, column: &str| -> PyResult<(Vec<String>, Vec<u32>)> {
        let mut dict = Interner::default();
        let mut codes = Vec::with_capacity(n);
        for batch in batches {
            encode(batch.column(i), column, &mut dict, &mut codes)?;
        }
        Ok((dict.values, codes))
    };
    let names = match (name_i, spec.name) {
        (Some(i), Some(c)) => Some(text(i, c)?),
        _ => None,
    };
    let mut groups = Vec::with_capacity(group_i.len());
    for (&i, g) in group_i.iter().zip(spec.by) {
        groups.push((g.clone(), text(i, g)?));
    }

    let mut cols = PanelParts::new(ids.values, facility, day_numbers);
    if let Some(p) = population {
        cols = cols.with_population(p);
    }
    for (kind, c) in capacities {
        cols = cols.with_capacity(kind, c);
    }
    if let Some((values, codes)) = names {
        cols = cols.with_names(values, codes);
    }
    for (key, (values, codes)) in groups {
        cols = cols.with_group(key, values, codes);
    }
    Ok(cols)
}
