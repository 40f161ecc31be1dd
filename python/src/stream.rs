//! Arrow across the Python boundary through the Arrow PyCapsule interface: record batches in
//! from any object with `__arrow_c_stream__` (pyarrow, polars, DuckDB, ...), and out as an
//! object with `__arrow_c_stream__` that pyarrow and polars read without a copy.

use std::sync::{Arc, Mutex};

use arrow::array::{RecordBatch, RecordBatchIterator};
use arrow::datatypes::{Schema, SchemaRef};
use arrow::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use newsmill_core::Error;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};

const STREAM_CAPSULE: &std::ffi::CStr = c"arrow_array_stream";

/// Opens the Arrow stream of a Python object that has `__arrow_c_stream__`.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatchStreamReader> {
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "expected a table with the Arrow PyCapsule interface (__arrow_c_stream__), got {}",
            obj.get_type().name()?
        )));
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let ptr = capsule.pointer_checked(Some(STREAM_CAPSULE))?;
    // SAFETY: a capsule named `arrow_array_stream` holds an `ArrowArrayStream` (the PyCapsule
    // interface's contract); `from_raw` moves it out and marks the capsule's copy released, so
    // the capsule's destructor does not release it again.
    unsafe { RecordBatchStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) }
        .map_err(|e| PyValueError::new_err(format!("reading the Arrow stream: {e}")))
}

/// A table for Python: an Arrow stream read once through `__arrow_c_stream__`.
#[pyclass(module = "newsmill._native", frozen)]
pub struct ArrowStream {
    schema: SchemaRef,
    batches: Mutex<Option<Vec<RecordBatch>>>,
}

impl ArrowStream {
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowStream {
        ArrowStream {
            schema,
            batches: Mutex::new(Some(batches)),
        }
    }
}

#[pymethods]
impl ArrowStream {
    /// The Arrow PyCapsule interface: the batches as an `ArrowArrayStream` (once).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // the schema is the table's; consumers cast if they need to
        let batches = self
            .batches
            .lock()
            .map_err(|_| PyValueError::new_err("stream lock poisoned"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("this Arrow stream was already read"))?;
        let reader = RecordBatchIterator::new(batches.into_iter().map(Ok), self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, STREAM_CAPSULE)
    }
}

/// Renames columns: for each `(from, to)`, the column `from` becomes `to`, and a column already
/// named `to` (or any name in `drop`) is removed first, so that the ingest stage's field
/// detection finds the column the caller named.
pub fn rename(
    batch: RecordBatch,
    renames: &[(String, String)],
    drop: &[String],
) -> Result<RecordBatch, Error> {
    if renames.is_empty() {
        return Ok(batch);
    }
    let schema = batch.schema();
    for (from, _) in renames {
        if schema.index_of(from).is_err() {
            return Err(Error::Config(vec![format!(
                "no column `{from}` (columns: {})",
                schema
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )]));
        }
    }
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for (f, c) in schema.fields().iter().zip(batch.columns()) {
        let name = f.name();
        let renamed = renames.iter().find(|(from, _)| from == name);
        if renamed.is_none() && drop.contains(name) {
            continue;
        }
        let new_name = renamed.map_or(name.as_str(), |(_, to)| to.as_str());
        fields.push(f.as_ref().clone().with_name(new_name));
        columns.push(c.clone());
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields).with_metadata(schema.metadata().clone())),
        columns,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{ArrayRef, StringArray};

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(cols).unwrap()
    }

    #[test]
    fn rename_makes_the_named_column_the_detected_one() {
        let b = batch(vec![
            ("text", Arc::new(StringArray::from(vec!["old"])) as ArrayRef),
            ("body", Arc::new(StringArray::from(vec!["new"])) as ArrayRef),
            (
                "content",
                Arc::new(StringArray::from(vec!["other"])) as ArrayRef,
            ),
        ]);
        let r = rename(
            b,
            &[("body".into(), "text".into())],
            &["text".into(), "content".into()],
        )
        .unwrap();
        let names: Vec<&str> = r
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(names, ["text"]);
        let t = r.column(0).as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(t.value(0), "new");
    }

    #[test]
    fn rename_of_a_missing_column_is_an_error_naming_the_columns() {
        let b = batch(vec![(
            "text",
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        )]);
        let e = rename(b, &[("body".into(), "text".into())], &[]).unwrap_err();
        assert!(
            e.to_string().contains("no column `body` (columns: text)"),
            "{e}"
        );
    }
}
