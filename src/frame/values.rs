//! Columns of a collected frame as plain Rust values, with typed errors (the column named)
//! instead of panics or silent defaults: what examples and reports need to print tables.

use crate::ErrorKind;
use crate::error::ValueProblem;
use jiff::civil::Date;
use polars::prelude::*;

use crate::error::{Error, Location, Result};

fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    df.column(name).map_err(|_| {
        Error::from(ErrorKind::MissingColumn {
            column: name.to_string(),
            source_name: Some("data frame".to_string()),
            found: Vec::new(),
            closest: None,
        })
    })
}

fn wrong(c: &Column, expected: &str) -> Error {
    Error::from(ErrorKind::WrongColumnType {
        column: c.name().to_string(),
        found: c.dtype().to_string(),
        expected: expected.to_string(),
    })
}

/// An integer column as `Option<u64>` per row (null stays `None`).
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`]; [`ErrorKind::WrongColumnType`] for a non-integer column;
/// [`ErrorKind::InvalidValue`] for a negative value, naming its row.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("held" => [Some(3i64), None])?;
/// assert_eq!(overcrowding::frame::values::u64_values(&df, "held").unwrap(), vec![Some(3), None]);
/// # Ok::<(), PolarsError>(())
/// ```
pub fn u64_values(df: &DataFrame, name: &str) -> Result<Vec<Option<u64>>> {
    let c = column(df, name)?;
    if !c.dtype().is_integer() {
        return Err(wrong(c, "an integer type"));
    }
    if let Ok(ca) = c.u64() {
        return Ok(ca.iter().collect());
    }
    let signed = c.cast(&DataType::Int64)?;
    signed
        .i64()?
        .iter()
        .enumerate()
        .map(|(row, v)| {
            v.map(|v| {
                u64::try_from(v).map_err(|_| {
                    Error::bad_value(
                        v.to_string(),
                        ValueProblem::Negative,
                        Location::line(row + 1).with_column(name),
                    )
                })
            })
            .transpose()
        })
        .collect()
}

/// A numeric column as `Option<f64>` per row.
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`]; [`ErrorKind::WrongColumnType`] for a non-numeric column.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("pct" => [82.2, 155.8])?;
/// assert_eq!(overcrowding::frame::values::f64_values(&df, "pct").unwrap()[1], Some(155.8));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn f64_values(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = column(df, name)?;
    if !c.dtype().is_primitive_numeric() {
        return Err(wrong(c, "a numeric type"));
    }
    Ok(c.cast(&DataType::Float64)?.f64()?.iter().collect())
}

/// A boolean column as `Option<bool>` per row.
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`]; [`ErrorKind::WrongColumnType`] for a non-boolean column.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("over" => [true, false])?;
/// assert_eq!(overcrowding::frame::values::bool_values(&df, "over").unwrap()[0], Some(true));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn bool_values(df: &DataFrame, name: &str) -> Result<Vec<Option<bool>>> {
    let c = column(df, name)?;
    Ok(c.bool().map_err(|_| wrong(c, "bool"))?.iter().collect())
}

/// A text column as `Option<String>` per row.
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`]; [`ErrorKind::WrongColumnType`] for a non-text column.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("name" => [Some("Durham"), None])?;
/// assert_eq!(overcrowding::frame::values::text_values(&df, "name").unwrap(), vec![Some("Durham".to_string()), None]);
/// # Ok::<(), PolarsError>(())
/// ```
pub fn text_values(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = column(df, name)?;
    Ok(c.str()
        .map_err(|_| wrong(c, "str"))?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

/// A `Date` column as civil dates (`Option<Date>` per row).
///
/// # Errors
///
/// [`ErrorKind::MissingColumn`]; [`ErrorKind::WrongColumnType`] for a non-date column;
/// [`ErrorKind::InvalidValue`] for a day count outside jiff's range, naming its row.
///
/// ```
/// use polars::prelude::*;
/// let df = DataFrame::new(1, vec![Int32Chunked::from_vec("date".into(), vec![18_808]).into_date().into_column()])?;
/// let d = overcrowding::frame::values::date_values(&df, "date").unwrap();
/// assert_eq!(d[0].unwrap().to_string(), "2021-06-30");
/// # Ok::<(), PolarsError>(())
/// ```
pub fn date_values(df: &DataFrame, name: &str) -> Result<Vec<Option<Date>>> {
    let c = column(df, name)?;
    let days = c.date().map_err(|_| wrong(c, "date"))?.physical().clone();
    let epoch = jiff::civil::date(1970, 1, 1);
    days.iter()
        .enumerate()
        .map(|(row, d)| {
            d.map(|d| {
                epoch.checked_add(jiff::Span::new().days(d)).map_err(|e| {
                    Error::bad_value(
                        format!("{d} days since 1970-01-01"),
                        ValueProblem::DateOutOfRange,
                        Location::line(row + 1).with_column(name),
                    )
                    .with_source(e)
                })
            })
            .transpose()
        })
        .collect()
}
