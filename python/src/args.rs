//! Reading Python arguments with the messages a Python user expects: a count is an `int` ≥ 0
//! (a `bool` or a `float` is a `TypeError`, a negative or huge one a `ValueError`), a percent a
//! finite number.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat};

/// A non-negative integer count, named `what` in the messages.
pub fn count(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<u64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int count, got a bool ({})",
            obj.repr()?
        )));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int count, got the float {} (counts of people and places are whole numbers)",
            obj.repr()?
        )));
    }
    // `__index__`: Python ints, numpy integer scalars and any other integer-like object.
    let index;
    let obj = if obj.is_instance_of::<pyo3::types::PyInt>() || !obj.hasattr("__index__")? {
        obj
    } else {
        index = obj
            .py()
            .import("operator")?
            .getattr("index")?
            .call1((obj,))?;
        &index
    };
    let value: i128 = match obj.extract::<i128>() {
        Ok(v) => v,
        Err(_) => {
            if obj.is_instance_of::<pyo3::types::PyInt>() {
                return Err(PyValueError::new_err(format!(
                    "{what} {} is out of range (at most {})",
                    obj.repr()?,
                    u64::MAX
                )));
            }
            return Err(PyTypeError::new_err(format!(
                "{what} must be an int count, got {} ({})",
                obj.get_type().name()?,
                obj.repr()?
            )));
        }
    };
    if value < 0 {
        return Err(PyValueError::new_err(format!(
            "{what} {value} is negative: a count is 0 or more"
        )));
    }
    u64::try_from(value).map_err(|_| {
        PyValueError::new_err(format!(
            "{what} {value} is out of range (at most {})",
            u64::MAX
        ))
    })
}

/// A finite number (int or float), named `what` in the messages.
pub fn finite(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a number, got a bool"
        )));
    }
    let v: f64 = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be a number, got {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    if !v.is_finite() {
        return Err(PyValueError::new_err(format!(
            "{what} must be finite, got {v}"
        )));
    }
    Ok(v)
}

/// The number of decimals of a rounded percent: 0 to 20.
pub fn decimals(decimals: i64) -> PyResult<u32> {
    if !(0..=20).contains(&decimals) {
        return Err(PyValueError::new_err(format!(
            "decimals must be between 0 and 20, got {decimals}"
        )));
    }
    Ok(decimals as u32)
}

/// A rounding rule by name.
pub fn rounding(name: &str) -> PyResult<overcrowding::exact::Rounding> {
    match name {
        "half_away_from_zero" => Ok(overcrowding::exact::Rounding::HalfAwayFromZero),
        "half_to_even" => Ok(overcrowding::exact::Rounding::HalfToEven),
        other => Err(PyValueError::new_err(format!(
            "rounding={other:?}: \"half_away_from_zero\" or \"half_to_even\""
        ))),
    }
}
