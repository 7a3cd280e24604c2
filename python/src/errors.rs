//! The crate's errors as Python exceptions that keep the typed location.
//!
//! Every `overcrowding::Error` becomes an instance of a subclass of
//! `overcrowding.OvercrowdingError` (one per kind, built in `overcrowding/_errors.py`) with the
//! attributes `.kind`, `.line`, `.column`, `.facility`, `.date`, `.value`, `.sheet`, `.cell`
//! (`None` when the error does not know). Usage mistakes that never reach the crate (a float
//! where a count is needed, a negative count, an unknown capacity kind) are `TypeError` /
//! `ValueError`, raised where the arguments are read.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The name of the error's kind ("ZeroDenominator", "InvalidValue", …).
pub fn kind_name(err: &overcrowding::Error) -> String {
    err.kind().name().to_owned()
}

/// The offending value as the input had it, for the kinds that quote one.
fn quoted_value(err: &overcrowding::Error) -> Option<String> {
    err.value().map(str::to_owned)
}

/// The Python exception for a crate error.
pub fn to_py(py: Python<'_>, err: overcrowding::Error) -> PyErr {
    match build(py, &err) {
        Ok(e) => e,
        // The error module failed to import (a broken install): still an exception, never a
        // panic, with the crate's message.
        Err(_) => PyValueError::new_err(err.to_string()),
    }
}

fn build(py: Python<'_>, err: &overcrowding::Error) -> PyResult<PyErr> {
    let fields = PyDict::new(py);
    if let Some(loc) = err.location() {
        fields.set_item("line", loc.line)?;
        fields.set_item("column", loc.column.as_deref())?;
        fields.set_item("facility", loc.facility.as_deref())?;
        fields.set_item("date", loc.date.map(|d| d.to_string()))?;
        fields.set_item("sheet", loc.sheet.as_deref())?;
        fields.set_item("cell", loc.cell.as_deref())?;
    }
    fields.set_item("value", quoted_value(err))?;
    fields.set_item("problem", err.value_problem().map(|p| format!("{p:?}")))?;
    let make = py.import("overcrowding._errors")?.getattr("_from_native")?;
    let exc = make.call1((kind_name(err), err.to_string(), fields))?;
    Ok(PyErr::from_value(exc))
}

/// `Result<T, overcrowding::Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    /// Converts the error, if any.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for overcrowding::Result<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
