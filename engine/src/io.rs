//! Parquet in and out. Every file newsmill writes carries its table name and version in the
//! key-value metadata, and every file it reads is checked against the table it should hold.
//! Files are written beside their final name and renamed into place when complete.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, StringArray};
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{META_TABLE, META_VERSION};
use newsmill_core::{Error, Result, Table};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

/// A Parquet or Arrow error of the file `path`.
pub fn pq(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Format {
        context: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The file of a table in an output folder.
pub fn table_path(dir: &Path, table: &Table) -> PathBuf {
    dir.join(format!("{}.parquet", table.name))
}

/// The folder of part files of a large table in an output folder.
pub fn parts_path(dir: &Path, table: &Table) -> PathBuf {
    dir.join(table.name)
}

/// Rows per Parquet file unless a run says otherwise (`--part-rows`): past this a table is
/// written as a folder of part files (`<table>/part-00000.parquet`, ...). The value the CLI's
/// `--part-rows` always had by default (not tuned).
pub const DEFAULT_PART_ROWS: u64 = 4_000_000;

/// Rows per batch when a table is read back (the usual Arrow batch size; not tuned: reading is
/// a small share of a stage's time).
pub const READ_BATCH_ROWS: usize = 8192;

/// Bytes a row group may reach (its compressed size, as the writer estimates it) before it is
/// written out, whatever its rows: the writer holds a row group in memory until then, so
/// text-heavy rows (a 100 MB document, its sentences) would otherwise be held whole. Far above the
/// row groups of news tables (3 to 7 MB for 128 Ki rows of mentions or sentences: they keep their
/// rows).
pub const ROW_GROUP_BYTES: usize = 16 * 1024 * 1024;

/// The name of part `n` of a table folder.
pub fn part_name(n: usize) -> String {
    format!("part-{n:05}.parquet")
}

/// The number of a part file (`part-00042.parquet` → 42).
pub fn part_number(path: &Path) -> Option<usize> {
    path.file_name()?
        .to_str()?
        .strip_prefix("part-")?
        .strip_suffix(".parquet")?
        .parse()
        .ok()
}

/// The part files of a table folder, in order.
pub fn part_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("part-") && n.ends_with(".parquet"))
        })
        .collect();
    parts.sort_by_key(|p| (part_number(p), p.clone()));
    Ok(parts)
}

/// Whether a folder name is a Hive-style partition (`KEY=VALUE`, as `date=2026-03-02/` that
/// `newsmill.spark.write(..., partition_by="date")` writes, or Spark's and DuckDB's own).
fn is_partition(name: &str) -> bool {
    name.split_once('=')
        .is_some_and(|(k, _)| !k.is_empty() && !k.starts_with('.'))
}

/// The partition folders (`KEY=VALUE`) directly in a table folder, in name order.
fn partition_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_partition)
        })
        .collect();
    folders.sort();
    Ok(folders)
}

/// Whether a table folder is partitioned (holds `KEY=VALUE` folders of part files).
pub fn is_partitioned(dir: &Path) -> bool {
    partition_folders(dir).is_ok_and(|f| !f.is_empty())
}

/// The part files a reader reads of a table folder, in order: its own parts, then those of its
/// partition folders (`date=1987-03-02/part-00000.parquet`, nested partitions too) in name
/// order, each folder's in part order. A partitioned table's files hold every column of the
/// table (the key is derived from one, not moved out of the files), so each part is checked
/// against the contract as any other. Row tables partitioned alike keep one document order
/// across tables, as the stages' joins by document need.
pub fn table_parts(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut parts = part_files(dir)?;
    for folder in partition_folders(dir)? {
        parts.extend(table_parts(&folder)?);
    }
    Ok(parts)
}

/// `(table, column)`: string columns written without dictionary encoding (values hardly repeat,
/// so a dictionary would only cost the writer a hash of every value).
const UNIQUE_COLUMNS: &[(&str, &str)] = &[
    ("documents", "doc_id"),
    ("documents", "source"),
    ("documents", "text"),
    ("documents", "title"),
    ("documents", "url"),
    ("documents", "content_hash"),
    ("sentences", "text"),
];

/// `(table, column)`: text columns written without min/max statistics. The writer copies a page's
/// least and greatest value for them, and a page of one huge document is the text: two more
/// copies of it while it is written (issue 25); the min and max of whole texts serve no reader.
const NO_STATISTICS: &[(&str, &str)] = &[("documents", "text"), ("documents", "title")];

/// Writes one table to `<dir>/<table>.parquet`, or to the folder `<dir>/<table>/` of part files
/// when it outgrows its rows per file (`part_rows`), atomically: nothing is in place until
/// `finish`.
pub struct TableWriter {
    table: &'static Table,
    schema: SchemaRef,
    writer: Option<ArrowWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
    rows: u64,
    /// Rows in the file being written.
    file_rows: u64,
    /// The folder of parts being written, once the table outgrew one file.
    parts_tmp: Option<PathBuf>,
    parts: usize,
    dir: PathBuf,
    /// Parts only, numbered from a given number, into a folder that keeps its other files
    /// (incremental runs add parts to a table).
    appending: bool,
    /// Rows per file, at most.
    part_rows: u64,
}

impl TableWriter {
    /// Starts writing `table` (with `schema`, which must satisfy the contract) into `dir`, at
    /// most `part_rows` rows per file.
    pub fn create(
        dir: &Path,
        table: &'static Table,
        schema: SchemaRef,
        part_rows: u64,
    ) -> Result<TableWriter> {
        table.check(&schema, &format!("writing {}", table.name))?;
        let path = table_path(dir, table);
        let tmp = dir.join(format!(
            ".{}.parquet.tmp-{}",
            table.name,
            std::process::id()
        ));
        let writer = Self::open(&tmp, table, &schema)?;
        Ok(TableWriter {
            table,
            schema,
            writer: Some(writer),
            tmp,
            path,
            rows: 0,
            file_rows: 0,
            parts_tmp: None,
            parts: 0,
            dir: dir.to_path_buf(),
            appending: false,
            part_rows: part_rows.max(1),
        })
    }

    /// Starts writing `table` as new part files `<dir>/<table>/part-NNNNN.parquet`, numbered from
    /// `first`; `finish` leaves them there (an empty last part is removed).
    pub fn append_parts(
        dir: &Path,
        table: &'static Table,
        schema: SchemaRef,
        first: usize,
        part_rows: u64,
    ) -> Result<TableWriter> {
        table.check(&schema, &format!("writing {}", table.name))?;
        let folder = parts_path(dir, table);
        std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let tmp = folder.join(part_name(first));
        let writer = Self::open(&tmp, table, &schema)?;
        Ok(TableWriter {
            table,
            schema,
            writer: Some(writer),
            tmp,
            path: folder.clone(),
            rows: 0,
            file_rows: 0,
            parts_tmp: Some(folder),
            parts: first + 1,
            dir: dir.to_path_buf(),
            appending: true,
            part_rows: part_rows.max(1),
        })
    }

    fn open(tmp: &Path, table: &Table, schema: &SchemaRef) -> Result<ArrowWriter<File>> {
        const ZSTD_LEVEL: i32 = 1;
        let path = tmp;
        let file = File::create(tmp).map_err(|e| Error::io(tmp, e))?;
        let mut props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(ZSTD_LEVEL).map_err(|e| pq(path, e))?,
            ))
            .set_max_row_group_row_count(Some(128 * 1024))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_key_value_metadata(Some(vec![
                KeyValue::new(META_TABLE.to_string(), table.name.to_string()),
                KeyValue::new(META_VERSION.to_string(), table.version.to_string()),
            ]));
        for c in UNIQUE_COLUMNS
            .iter()
            .filter(|(t, _)| *t == table.name)
            .map(|(_, c)| c)
        {
            props = props.set_column_dictionary_enabled(ColumnPath::from(*c), false);
        }
        for c in NO_STATISTICS
            .iter()
            .filter(|(t, _)| *t == table.name)
            .map(|(_, c)| c)
        {
            props =
                props.set_column_statistics_enabled(ColumnPath::from(*c), EnabledStatistics::None);
        }
        let props = props.build();
        ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| pq(path, e))
    }

    /// Closes the current file and goes on in a new part file.
    fn roll(&mut self) -> Result<()> {
        let w = self
            .writer
            .take()
            .ok_or_else(|| Error::Internal("roll after finish".into()))?;
        w.into_inner()
            .map_err(|e| pq(&self.path, e))?
            .sync_all()
            .map_err(|e| Error::io(&self.tmp, e))?;
        let dir = match &self.parts_tmp {
            Some(d) => d.clone(),
            None => {
                let d = self.dir.join(format!(
                    ".{}.parts.tmp-{}",
                    self.table.name,
                    std::process::id()
                ));
                let _ = std::fs::remove_dir_all(&d);
                std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
                // The file written so far is the first part.
                let first = d.join("part-00000.parquet");
                std::fs::rename(&self.tmp, &first).map_err(|e| Error::io(&first, e))?;
                self.parts = 1;
                self.parts_tmp = Some(d.clone());
                d
            }
        };
        self.tmp = dir.join(part_name(self.parts));
        self.parts += 1;
        self.writer = Some(Self::open(&self.tmp, self.table, &self.schema)?);
        self.file_rows = 0;
        Ok(())
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
        // Each file holds at most `part_rows` rows: a batch may be cut across two parts.
        let limit = self.part_rows;
        let mut offset = 0;
        while offset < batch.num_rows() {
            let room = (limit - self.file_rows.min(limit - 1)) as usize;
            let n = room.min(batch.num_rows() - offset);
            let w = self
                .writer
                .as_mut()
                .ok_or_else(|| Error::Internal("write after finish".into()))?;
            w.write(&batch.slice(offset, n))
                .map_err(|e| pq(&self.path, e))?;
            self.rows += n as u64;
            self.file_rows += n as u64;
            offset += n;
            if self.file_rows >= limit {
                self.roll()?;
            }
        }
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
        let folder = parts_path(&self.dir, self.table);
        if self.appending {
            // An empty last part goes, unless it is the table's only one (every table exists).
            if self.file_rows == 0 && self.parts > 1 {
                std::fs::remove_file(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
            }
            self.parts_tmp = None;
            return Ok(self.rows);
        }
        match self.parts_tmp.take() {
            None => {
                std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&self.path, e))?;
                // The other layout of an earlier run goes.
                if folder.is_dir() {
                    std::fs::remove_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
                }
            }
            Some(parts) => {
                // An empty last part (the roll came right at the end) is not kept.
                if self.file_rows == 0 {
                    std::fs::remove_file(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
                }
                if folder.is_dir() {
                    let old =
                        self.dir
                            .join(format!(".{}.old-{}", self.table.name, std::process::id()));
                    std::fs::rename(&folder, &old).map_err(|e| Error::io(&folder, e))?;
                    std::fs::rename(&parts, &folder).map_err(|e| Error::io(&folder, e))?;
                    std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
                } else {
                    std::fs::rename(&parts, &folder).map_err(|e| Error::io(&folder, e))?;
                }
                if self.path.exists() {
                    std::fs::remove_file(&self.path).map_err(|e| Error::io(&self.path, e))?;
                }
            }
        }
        Ok(self.rows)
    }
}

impl Drop for TableWriter {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
            if let Some(d) = &self.parts_tmp {
                let _ = std::fs::remove_dir_all(d);
            }
        }
    }
}

/// Writes a whole table at once.
pub fn write_table(
    dir: &Path,
    table: &'static Table,
    batch: &RecordBatch,
    part_rows: u64,
) -> Result<u64> {
    let mut w = TableWriter::create(dir, table, batch.schema(), part_rows)?;
    w.write(batch)?;
    w.finish()
}

/// Batches read from one file or a folder of part files.
pub type Batches =
    Box<dyn Iterator<Item = std::result::Result<RecordBatch, arrow::error::ArrowError>> + Send>;

fn open_one(
    path: &Path,
    table: &Table,
    batch_size: usize,
) -> Result<(ParquetRecordBatchReader, SchemaRef)> {
    open_projected(path, table, batch_size, None)
}

fn open_projected(
    path: &Path,
    table: &Table,
    batch_size: usize,
    columns: Option<&[&str]>,
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
    let builder = builder.with_batch_size(batch_size);
    let (builder, schema) = match columns {
        None => (builder, schema),
        Some(cols) => {
            let mut idx: Vec<usize> = cols
                .iter()
                .map(|c| schema.index_of(c).map_err(|e| pq(path, e)))
                .collect::<Result<_>>()?;
            idx.sort_unstable();
            let mask = parquet::arrow::ProjectionMask::roots(builder.parquet_schema(), idx.clone());
            let projected = Arc::new(schema.project(&idx).map_err(|e| pq(path, e))?);
            (builder.with_projection(mask), projected)
        }
    };
    let reader = builder.build().map_err(|e| pq(path, e))?;
    Ok((reader, schema))
}

/// The number of rows of one table file, from its metadata.
pub fn row_count(path: &Path) -> Result<u64> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| pq(path, e))?;
    Ok(builder.metadata().file_metadata().num_rows().max(0) as u64)
}

/// Reads only some columns of a table (one file or a folder of part files, partitioned or not;
/// each checked against the whole contract).
pub fn read_columns(path: &Path, table: &Table, columns: &[&str]) -> Result<Batches> {
    if !path.is_dir() {
        let (r, _) = open_projected(path, table, READ_BATCH_ROWS, Some(columns))?;
        return Ok(Box::new(r));
    }
    let mut readers = Vec::new();
    for p in table_parts(path).map_err(|e| Error::io(path, e))? {
        readers.push(open_projected(&p, table, READ_BATCH_ROWS, Some(columns))?.0);
    }
    Ok(Box::new(readers.into_iter().flatten()))
}

/// Opens `path` (a file, or a folder of part files, partitioned or not: [`table_parts`]) and
/// checks that it holds `table`; returns the batches and the schema.
pub fn read_table(path: &Path, table: &Table, batch_size: usize) -> Result<(Batches, SchemaRef)> {
    if !path.is_dir() {
        let (r, schema) = open_one(path, table, batch_size)?;
        return Ok((Box::new(r), schema));
    }
    let parts = table_parts(path).map_err(|e| Error::io(path, e))?;
    let mut readers = Vec::new();
    let mut schema = None;
    for p in &parts {
        let (r, s) = open_one(p, table, batch_size)?;
        if schema
            .as_ref()
            .is_some_and(|first: &SchemaRef| first.fields() != s.fields())
        {
            return Err(Error::Schema {
                context: p.display().to_string(),
                expected: format!("the columns of {}", parts[0].display()),
                found: "other columns".into(),
            });
        }
        schema.get_or_insert(s);
        readers.push(r);
    }
    let schema =
        schema.ok_or_else(|| Error::input(path, format!("no part files of `{}`", table.name)))?;
    Ok((Box::new(readers.into_iter().flatten()), schema))
}

fn doc_ids(b: &RecordBatch) -> &StringArray {
    b.column(0)
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("doc_id is the first column, a string")
}

/// Takes, from a stream of batches sorted by document, the rows of the given documents.
pub struct RowsFor {
    reader: Batches,
    path: PathBuf,
    buf: Option<RecordBatch>,
    schema: SchemaRef,
}

impl RowsFor {
    pub fn new(reader: Batches, schema: SchemaRef, path: &Path) -> Self {
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

#[cfg(test)]
mod unique_columns_tests {
    use super::*;
    use arrow::array::{ArrayRef, Int64Array, StringArray};
    use newsmill_core::tables::SENTENCES;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn unique_columns_exist() {
        for (t, c) in UNIQUE_COLUMNS {
            let table = newsmill_core::tables::by_name(t).expect("a table");
            assert!(table.index_of(c).is_some(), "{t}.{c}");
        }
    }

    /// The columns of [`UNIQUE_COLUMNS`] are written without a dictionary, the others with one.
    #[test]
    fn unique_columns_have_no_dictionary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let n = 50;
        let ids: Vec<String> = (0..n).map(|i| format!("d{}", i / 5)).collect();
        let texts: Vec<String> = (0..n).map(|i| format!("Sentence number {i}.")).collect();
        let ints = |f: fn(i64) -> i64| Arc::new(Int64Array::from_iter_values((0..n).map(f)));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(&ids)),
            Arc::new(StringArray::from_iter_values((0..n).map(|_| "text"))),
            ints(|i| i % 5),
            ints(|i| i * 20),
            ints(|i| i * 20 + 19),
            ints(|i| i * 20),
            ints(|i| i * 20 + 19),
            Arc::new(StringArray::from_iter_values(&texts)),
        ];
        let batch = RecordBatch::try_new(SENTENCES.schema(), columns).expect("batch");
        let mut w =
            TableWriter::create(dir.path(), &SENTENCES, SENTENCES.schema(), 1000).expect("writer");
        w.write(&batch).expect("write");
        w.finish().expect("finish");
        let file = File::open(table_path(dir.path(), &SENTENCES)).expect("file");
        let meta = SerializedFileReader::new(file)
            .expect("reader")
            .metadata()
            .clone();
        let row_group = meta.row_group(0);
        // (column, has a dictionary page)
        for (name, dictionary) in [("doc_id", true), ("field", true), ("text", false)] {
            let c = (0..row_group.num_columns())
                .map(|i| row_group.column(i))
                .find(|c| c.column_path().string() == name)
                .expect("column");
            assert_eq!(c.dictionary_page_offset().is_some(), dictionary, "{name}");
        }
    }
}

#[cfg(test)]
#[path = "io_tests.rs"]
mod tests;
