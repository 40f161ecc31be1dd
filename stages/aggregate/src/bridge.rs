//! The one place where arrow-rs and Polars meet: columns cross through the Arrow C Data
//! Interface (`arrow::ffi` ↔ `polars_arrow::ffi`), which works across their versions.

use std::sync::Arc;

use arrow::array::{make_array, Array, ArrayRef};
use arrow::datatypes::{Field, Schema, SchemaRef};
use arrow::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow::record_batch::RecordBatch;
use newsmill_core::{Error, Result};
use polars::prelude::{Column, CompatLevel, DataFrame, PlSmallStr, Series};

fn polars_err(e: impl std::fmt::Display) -> Error {
    Error::Format {
        context: "polars".into(),
        message: e.to_string(),
    }
}

/// One arrow-rs array as a Polars series.
pub fn series(name: &str, array: &dyn Array) -> Result<Series> {
    let (ffi_array, ffi_schema) = to_ffi(&array.to_data())?;
    // SAFETY: both structs are the C Data Interface's `ArrowArray` / `ArrowSchema`, `#[repr(C)]`
    // with the same layout; ownership (and the release callback) moves to polars-arrow.
    let (c_array, c_schema): (
        polars_arrow::ffi::ArrowArray,
        polars_arrow::ffi::ArrowSchema,
    ) = unsafe {
        (
            std::mem::transmute::<FFI_ArrowArray, polars_arrow::ffi::ArrowArray>(ffi_array),
            std::mem::transmute::<FFI_ArrowSchema, polars_arrow::ffi::ArrowSchema>(ffi_schema),
        )
    };
    // SAFETY: the structs were just exported by arrow-rs and are valid.
    let field = unsafe { polars_arrow::ffi::import_field_from_c(&c_schema) }.map_err(polars_err)?;
    let imported =
        unsafe { polars_arrow::ffi::import_array_from_c(c_array, field.dtype().clone()) }
            .map_err(polars_err)?;
    Series::from_arrow(PlSmallStr::from(name), imported).map_err(polars_err)
}

/// An arrow-rs record batch as a Polars data frame.
pub fn to_polars(batch: &RecordBatch) -> Result<DataFrame> {
    let columns: Vec<Column> = batch
        .schema()
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, a)| series(f.name(), a.as_ref()).map(Column::from))
        .collect::<Result<_>>()?;
    DataFrame::new(batch.num_rows(), columns).map_err(polars_err)
}

/// One Polars series (a single chunk) as an arrow-rs array.
pub fn array(s: &Series) -> Result<ArrayRef> {
    let s = s.rechunk();
    let arr = s.to_arrow(0, CompatLevel::oldest());
    let field = polars_arrow::datatypes::Field::new(s.name().clone(), arr.dtype().clone(), true);
    let c_schema = polars_arrow::ffi::export_field_to_c(&field);
    let c_array = polars_arrow::ffi::export_array_to_c(arr);
    // SAFETY: as in `series`, the same C structs in the other direction.
    let (ffi_array, ffi_schema): (FFI_ArrowArray, FFI_ArrowSchema) = unsafe {
        (
            std::mem::transmute::<polars_arrow::ffi::ArrowArray, FFI_ArrowArray>(c_array),
            std::mem::transmute::<polars_arrow::ffi::ArrowSchema, FFI_ArrowSchema>(c_schema),
        )
    };
    // SAFETY: exported by polars-arrow just above.
    let data = unsafe { from_ffi(ffi_array, &ffi_schema) }?;
    Ok(make_array(data))
}

/// A Polars data frame as an arrow-rs record batch with exactly `schema` (columns are taken by
/// name and cast to the schema's types: Polars' large strings become strings, and so on).
pub fn from_polars(df: &DataFrame, schema: SchemaRef) -> Result<RecordBatch> {
    let mut columns = Vec::with_capacity(schema.fields().len());
    for f in schema.fields() {
        let col = df.column(f.name()).map_err(polars_err)?;
        let arr = array(col.as_materialized_series())?;
        let arr = if arr.data_type() == f.data_type() {
            arr
        } else {
            arrow::compute::cast(&arr, f.data_type())?
        };
        columns.push(arr);
    }
    let fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    // Nullability comes from the data: a contract column marked non-null must hold no null.
    for (f, c) in fields.iter().zip(&columns) {
        if !f.is_nullable() && c.null_count() > 0 {
            return Err(Error::Internal(format!(
                "aggregate: column `{}` has nulls",
                f.name()
            )));
        }
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone())),
        columns,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{StringArray, TimestampMicrosecondArray, UInt32Array, UInt64Array};
    use arrow::datatypes::DataType;

    #[test]
    fn round_trip_keeps_values_types_and_nulls() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("s", DataType::Utf8, true),
            Field::new("u", DataType::UInt32, false),
            Field::new("n", DataType::UInt64, true),
            Field::new(
                "t",
                DataType::Timestamp(arrow::datatypes::TimeUnit::Microsecond, Some("UTC".into())),
                true,
            ),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![
                    Some("Zürich"),
                    None,
                    Some("東京"),
                    Some(""),
                ])),
                Arc::new(UInt32Array::from(vec![0, 1, u32::MAX, 7])),
                Arc::new(UInt64Array::from(vec![
                    Some(1),
                    None,
                    Some(u64::MAX),
                    Some(0),
                ])),
                Arc::new(
                    TimestampMicrosecondArray::from(vec![
                        Some(1_738_591_500_000_000),
                        None,
                        Some(0),
                        Some(-1),
                    ])
                    .with_timezone("UTC"),
                ),
            ],
        )
        .unwrap();
        let df = to_polars(&batch).unwrap();
        assert_eq!(df.shape(), (4, 4));
        assert_eq!(df.column("s").unwrap().null_count(), 1);
        let back = from_polars(&df, schema).unwrap();
        assert_eq!(back, batch);
    }

    #[test]
    fn empty_batches_cross() {
        let schema = Arc::new(Schema::new(vec![Field::new("s", DataType::Utf8, true)]));
        let batch = RecordBatch::new_empty(schema.clone());
        let df = to_polars(&batch).unwrap();
        assert_eq!(df.height(), 0);
        assert_eq!(from_polars(&df, schema).unwrap().num_rows(), 0);
    }
}
