//! Columns across the boundary through the Arrow PyCapsule interface: tables come in from
//! anything with `__arrow_c_stream__` (polars, pyarrow, pandas ≥ 2.2, DuckDB) and go out as an
//! [`ArrowTable`] with `__arrow_c_stream__`, which `polars.DataFrame(..)` and `pyarrow.table(..)`
//! read without a per-row Python object.

use std::ffi::CStr;
use std::sync::Arc;

use arrow_array::ffi::FFI_ArrowSchema;
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{ArrayRef, RecordBatch, RecordBatchIterator};
use arrow_schema::{ArrowError, Field, Schema, SchemaRef};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";

/// An Arrow error as a Python `ValueError` (the producer's stream failed or a type is not one
/// this package reads).
pub fn arrow_err(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("Arrow: {e}"))
}

/// Every batch of a table given through the Arrow PyCapsule stream interface.
pub fn import_table(obj: &Bound<'_, PyAny>) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "expected a table with the Arrow PyCapsule interface (__arrow_c_stream__: a polars or \
             pandas DataFrame, a pyarrow Table, a DuckDB result), got {}",
            obj.get_type().name()?
        )));
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("__arrow_c_stream__ did not return a PyCapsule"))?;
    let ptr = capsule.pointer_checked(Some(STREAM))?;
    // SAFETY: the capsule is named "arrow_array_stream", so by the Arrow PyCapsule protocol
    // it holds a valid FFI_ArrowArrayStream; `from_raw` moves it out and marks the capsule's
    // copy released, as the protocol asks of a consumer.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
    let reader = RecordBatchStreamReader::try_new(stream).map_err(arrow_err)?;
    let schema = reader.schema_ref();
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err)?;
    Ok((schema, batches))
}

trait SchemaOf {
    fn schema_ref(&self) -> SchemaRef;
}

impl SchemaOf for RecordBatchStreamReader {
    fn schema_ref(&self) -> SchemaRef {
        use arrow_array::RecordBatchReader;
        self.schema()
    }
}

/// A table made by this package: hand it to `polars.DataFrame(t)`, `pyarrow.table(t)` or any
/// reader of the Arrow PyCapsule interface (the `overcrowding` functions do that for you and
/// return a polars, pandas or pyarrow frame).
#[pyclass(name = "ArrowTable", module = "overcrowding", frozen)]
pub struct ArrowTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowTable {
    /// A one-batch table from named columns.
    pub fn from_columns(columns: Vec<(&str, ArrayRef)>) -> PyResult<ArrowTable> {
        let fields: Vec<Field> = columns
            .iter()
            // Every field nullable, whether or not this batch has a null: a count not reported
            // is a null, and a schema must not change with the data's luck.
            .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(
            schema.clone(),
            columns.into_iter().map(|(_, a)| a).collect(),
        )
        .map_err(arrow_err)?;
        Ok(ArrowTable {
            schema,
            batches: vec![batch],
        })
    }
}

#[pymethods]
impl ArrowTable {
    /// The Arrow C stream of this table, in a PyCapsule (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // the table is given in its own schema
        let reader = RecordBatchIterator::new(
            self.batches.clone().into_iter().map(Ok),
            self.schema.clone(),
        );
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, STREAM)
    }

    /// The Arrow C schema of this table, in a PyCapsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref()).map_err(arrow_err)?;
        PyCapsule::new_with_value(py, schema, SCHEMA)
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "ArrowTable({} rows: {})",
            self.num_rows(),
            self.column_names().join(", ")
        )
    }
}
