//! Parquet in and out. Every file newsmill writes carries its table name and version in the
//! key-value metadata, and every file it reads is checked against the table it should hold.
//! Files are written beside their final name and renamed into place when complete.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::{Array, StringArray};
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{META_TABLE, META_VERSION};
use newsmill_core::{Error, Result, Table};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

fn pq(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Format {
        context: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The file of a table in an output folder.
pub fn table_path(dir: &Path, table: &Table) -> PathBuf {
    dir.join(format!("{}.parquet", table.name))
}

/// Writes one table to `<dir>/<table>.parquet`, atomically.
pub struct TableWriter {
    table: &'static Table,
    schema: SchemaRef,
    writer: Option<ArrowWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
    rows: u64,
}

impl TableWriter {
    /// Starts writing `table` (with `schema`, which must satisfy the contract) into `dir`.
    pub fn create(dir: &Path, table: &'static Table, schema: SchemaRef) -> Result<TableWriter> {
        table.check(&schema, &format!("writing {}", table.name))?;
        let path = table_path(dir, table);
        let tmp = dir.join(format!(
            ".{}.parquet.tmp-{}",
            table.name,
            std::process::id()
        ));
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(3).map_err(|e| pq(&path, e))?,
            ))
            .set_max_row_group_row_count(Some(128 * 1024))
            .set_key_value_metadata(Some(vec![
                KeyValue::new(META_TABLE.to_string(), table.name.to_string()),
                KeyValue::new(META_VERSION.to_string(), table.version.to_string()),
            ]))
            .build();
        let writer =
            ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| pq(&path, e))?;
        Ok(TableWriter {
            table,
            schema,
            writer: Some(writer),
            tmp,
            path,
            rows: 0,
        })
    }

    /// Appends a batch (checked against the contract).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.schema().fields() != self.schema.fields() {
            self.table
                .check(&batch.schema(), &format!("a batch for {}", self.table.name))?;
        }
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let w = self
            .writer
            .as_mut()
            .ok_or_else(|| Error::Internal("write after finish".into()))?;
        w.write(batch).map_err(|e| pq(&self.path, e))?;
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Finishes the file and moves it into place; returns the number of rows.
    pub fn finish(mut self) -> Result<u64> {
        let w = self
            .writer
            .take()
            .ok_or_else(|| Error::Internal("finish twice".into()))?;
        let file = w.into_inner().map_err(|e| pq(&self.path, e))?;
        file.sync_all().map_err(|e| Error::io(&self.tmp, e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&self.path, e))?;
        Ok(self.rows)
    }
}

impl Drop for TableWriter {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes a whole table at once.
pub fn write_table(dir: &Path, table: &'static Table, batch: &RecordBatch) -> Result<u64> {
    let mut w = TableWriter::create(dir, table, batch.schema())?;
    w.write(batch)?;
    w.finish()
}

/// Opens `path` and checks that it holds `table`; returns the batches and the file's schema.
pub fn read_table(
    path: &Path,
    table: &Table,
    batch_size: usize,
) -> Result<(ParquetRecordBatchReader, SchemaRef)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| pq(path, e))?;
    let kv = builder.metadata().file_metadata().key_value_metadata();
    let get = |k: &str| {
        kv.and_then(|kv| kv.iter().find(|e| e.key == k))
            .and_then(|e| e.value.as_deref())
    };
    let context = path.display().to_string();
    table.check_meta(get(META_TABLE), get(META_VERSION), &context)?;
    let schema = builder.schema().clone();
    table.check(&schema, &context)?;
    let reader = builder
        .with_batch_size(batch_size)
        .build()
        .map_err(|e| pq(path, e))?;
    Ok((reader, schema))
}

fn doc_ids(b: &RecordBatch) -> &StringArray {
    b.column(0)
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("doc_id is the first column, a string")
}

/// Takes, from a stream of batches sorted by document, the rows of the given documents.
pub struct RowsFor {
    reader: ParquetRecordBatchReader,
    path: PathBuf,
    buf: Option<RecordBatch>,
    schema: SchemaRef,
}

impl RowsFor {
    pub fn new(reader: ParquetRecordBatchReader, schema: SchemaRef, path: &Path) -> Self {
        RowsFor {
            reader,
            path: path.to_path_buf(),
            buf: None,
            schema,
        }
    }

    /// The rows whose `doc_id` is one of `ids`, which must come next in the stream.
    pub fn take(&mut self, ids: &StringArray) -> Result<RecordBatch> {
        let wanted: std::collections::HashSet<&str> =
            (0..ids.len()).map(|i| ids.value(i)).collect();
        let mut parts = Vec::new();
        loop {
            let b = match self.buf.take() {
                Some(b) => b,
                None => match self.reader.next() {
                    None => break,
                    Some(r) => r.map_err(|e| pq(&self.path, e))?,
                },
            };
            let col = doc_ids(&b);
            let n = (0..b.num_rows())
                .take_while(|&i| wanted.contains(col.value(i)))
                .count();
            parts.push(b.slice(0, n));
            if n < b.num_rows() {
                self.buf = Some(b.slice(n, b.num_rows() - n));
                break;
            }
        }
        Ok(arrow::compute::concat_batches(&self.schema, &parts)?)
    }

    /// Whether rows remain that no document claimed.
    pub fn leftover(&mut self) -> Result<Option<String>> {
        if let Some(b) = &self.buf {
            if b.num_rows() > 0 {
                return Ok(Some(doc_ids(b).value(0).to_string()));
            }
        }
        for b in self.reader.by_ref() {
            let b = b.map_err(|e| pq(&self.path, e))?;
            if b.num_rows() > 0 {
                return Ok(Some(doc_ids(&b).value(0).to_string()));
            }
        }
        Ok(None)
    }
}
