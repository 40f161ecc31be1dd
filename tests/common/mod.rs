//! Helpers of the end-to-end tests: running the binary and reading its tables.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow::array::{Int64Array, StringArray, UInt32Array, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn samples() -> PathBuf {
    root().join("data/samples")
}

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

pub fn newsmill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(args)
        .output()
        .expect("newsmill runs")
}

pub fn ok(args: &[&str]) -> Output {
    let out = newsmill(args);
    assert!(
        out.status.success(),
        "newsmill {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn read(dir: &Path, table: &str) -> RecordBatch {
    read_file(&dir.join(format!("{table}.parquet")), table)
}

/// One Parquet file of `table`, checked and with dictionary strings decoded.
pub fn read_file(path: &Path, table: &str) -> RecordBatch {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let kv = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .cloned()
        .unwrap_or_default();
    assert!(
        kv.iter()
            .any(|e| e.key == "newsmill.table" && e.value.as_deref() == Some(table)),
        "{table}: metadata {kv:?}"
    );
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    let batch = arrow::compute::concat_batches(&schema, &batches).unwrap();
    // The aggregate tables hold dictionary-encoded strings: the tests compare their values.
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Dictionary(_, v) if v.as_ref() == &DataType::Utf8 => {
                Field::new(f.name(), DataType::Utf8, f.is_nullable())
            }
            _ => f.as_ref().clone(),
        })
        .collect();
    let columns = batch
        .columns()
        .iter()
        .zip(&fields)
        .map(|(c, f)| arrow::compute::cast(c, f.data_type()).unwrap())
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

/// A table as written (dictionary columns kept).
pub fn read_raw(dir: &Path, table: &str) -> RecordBatch {
    let path = dir.join(format!("{table}.parquet"));
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap();
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    arrow::compute::concat_batches(&schema, &batches).unwrap()
}

pub fn strs<'a>(b: &'a RecordBatch, c: &str) -> &'a StringArray {
    b.column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"))
        .as_any()
        .downcast_ref()
        .unwrap()
}

/// An integer column as u32 (offsets and counts are Int64 in the tables; a value that does not fit,
/// such as the title's sentence -1, reads as null).
pub fn u32s(b: &RecordBatch, c: &str) -> UInt32Array {
    let a = b
        .column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"));
    arrow::compute::cast(a, &DataType::UInt32)
        .unwrap()
        .as_any()
        .downcast_ref::<UInt32Array>()
        .unwrap()
        .clone()
}

/// An integer column as u64 (see [`u32s`]).
pub fn u64s(b: &RecordBatch, c: &str) -> UInt64Array {
    let a = b
        .column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"));
    arrow::compute::cast(a, &DataType::UInt64)
        .unwrap()
        .as_any()
        .downcast_ref::<UInt64Array>()
        .unwrap()
        .clone()
}

/// An Int64 column as written.
pub fn i64s<'a>(b: &'a RecordBatch, c: &str) -> &'a Int64Array {
    b.column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"))
        .as_any()
        .downcast_ref()
        .unwrap_or_else(|| panic!("{c} is not Int64"))
}

/// A table as one batch, whether it is one file or a folder of part files.
pub fn read_any(dir: &Path, table: &str) -> RecordBatch {
    let folder = dir.join(table);
    if !folder.is_dir() {
        return read(dir, table);
    }
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    assert!(
        parts.iter().all(|p| p
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("part-")),
        "{parts:?}"
    );
    let batches: Vec<RecordBatch> = parts.iter().map(|p| read_file(p, table)).collect();
    arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap()
}
