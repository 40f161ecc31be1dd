//! The ingest stage: files, lines and rows → the `documents` table, and everything that could
//! not be read → the `rejects` table, with a reason. Nothing is dropped silently and no single
//! bad record stops a run.
//!
//! Inputs: folders (recursive), `.txt`/`.md` files (one document each; the first non-empty line
//! is the title), JSONL/NDJSON, CSV and Parquet files, each optionally `.gz` or `.zst`
//! compressed, and `-` for standard input.

mod config;
mod csv_rows;
mod dates;
pub mod dedup;
mod html;
mod json_docs;
mod limit;
mod read;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Int64Builder, StringBuilder, TimestampMicrosecondBuilder, UInt64Builder,
};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{DOCUMENTS, REJECTS};
use newsmill_core::{Error, Result};
use sha2::{Digest, Sha256};

pub use config::{Format, IngestConfig};
pub use dates::parse_date;
pub use html::Html;
pub use read::batch_items;

/// One document before it becomes a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    /// Microseconds since the epoch, UTC.
    pub published_at: Option<i64>,
    /// The record has a date that could not be parsed (`published_at` is `None`).
    pub unparsed_date: bool,
    /// The record was not UTF-8 and its bytes that are not were read as Windows-1252
    /// (`ingest.encoding = "auto"`, the default).
    pub legacy_decoded: bool,
    pub url: Option<String>,
    pub text: String,
    /// The publisher (`ingest.outlet_fields`).
    pub outlet: Option<String>,
    pub carried: Vec<Option<String>>,
    /// The input fields it was read from.
    pub used: Used,
}

/// The input fields a document's text, title, date, id and URL were read from (none for text
/// files).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Used {
    pub text: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
}

impl Used {
    /// `(role, field)` pairs: `("text", "content")`.
    fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("text", &self.text),
            ("title", &self.title),
            ("date", &self.date),
            ("id", &self.id),
            ("url", &self.url),
            ("outlet", &self.outlet),
        ]
        .into_iter()
        .filter_map(|(r, f)| f.as_deref().map(|f| (r, f)))
    }
}

/// How many field names of the inputs [`IngestBatch::fields_seen`] keeps.
const FIELDS_SEEN_MAX: usize = 64;
/// How many ids a batch keeps as examples of documents with an unparsed date, and of documents
/// read from records that were not UTF-8.
const EXAMPLES_MAX: usize = 5;

/// One input record that did not become a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    pub source: String,
    pub position: Option<u64>,
    pub reason: String,
    pub sample: String,
}

/// What a reader yields for each record.
// Items are passed on one at a time, never stored in bulk: boxing the document would cost an
// allocation per record for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Item {
    Doc(Doc),
    Reject(Reject),
    /// The field names of a file's records (a CSV header, a Parquet schema, the keys of the first
    /// JSON record), told before its first record.
    Fields(Vec<String>),
}

/// A batch of documents with the rejects met while reading them.
#[derive(Debug, Clone)]
pub struct IngestBatch {
    pub documents: RecordBatch,
    pub rejects: RecordBatch,
    /// Documents whose date field was present but could not be parsed (kept, with a null date).
    pub unparsed_dates: u64,
    /// Bytes of text in the documents.
    pub text_bytes: u64,
    /// Ids of some of the documents whose date could not be parsed.
    pub unparsed_examples: Vec<String>,
    /// Documents read from records that were not UTF-8 ([`Doc::legacy_decoded`]).
    pub legacy_decoded: u64,
    /// Ids of some of them.
    pub legacy_examples: Vec<String>,
    /// `role=field` → documents: which input field gave the text, title, date, id and URL.
    pub fields_used: std::collections::BTreeMap<String, u64>,
    /// Field names the input files had (from the first batch of each file on; at most 64).
    pub fields_seen: std::collections::BTreeSet<String>,
}

/// The ingest stage, built from an [`IngestConfig`].
#[derive(Debug, Clone)]
pub struct Ingestor {
    config: IngestConfig,
    /// The names of the carried columns ([`IngestConfig::carried_columns`]).
    carried: Vec<String>,
}

impl Ingestor {
    /// Checks the config (every problem at once) and builds the ingestor.
    pub fn new(config: &IngestConfig) -> Result<Ingestor> {
        let problems = config.problems();
        if !problems.is_empty() {
            return Err(Error::Config(problems));
        }
        Ok(Ingestor {
            config: config.clone(),
            carried: config.carried_columns(),
        })
    }

    /// The config it was built from.
    pub fn config(&self) -> &IngestConfig {
        &self.config
    }

    /// The names of the carried columns (`source` is carried as `source_raw`).
    pub fn carried(&self) -> &[String] {
        &self.carried
    }

    /// Checks that every input exists before any work starts; returns the files to read, in order
    /// (folders expanded recursively and sorted).
    pub fn plan(&self, inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
        Ok(self.plan_with_warnings(inputs)?.0)
    }

    /// [`Ingestor::plan`], and warnings about what it left out: files and folders whose names
    /// start with a dot, folders reached again through a symbolic link.
    pub fn plan_with_warnings(&self, inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<String>)> {
        let mut missing = Vec::new();
        let mut files = Vec::new();
        let mut walked = read::Walk::default();
        for input in inputs {
            if input.as_os_str() == "-" {
                files.push(input.clone());
            } else if input.is_dir() {
                read::walk(input, &mut files, &mut walked).map_err(|e| Error::io(input, e))?;
            } else if input.exists() {
                files.push(input.clone());
            } else {
                missing.push(format!("input not found: {}", input.display()));
            }
        }
        let mut warnings = Vec::new();
        let list = |ps: &[PathBuf]| {
            let shown: Vec<String> = ps.iter().take(3).map(|p| p.display().to_string()).collect();
            let more = ps.len().saturating_sub(3);
            format!(
                "{}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )
        };
        if !walked.hidden.is_empty() {
            warnings.push(format!(
                "skipped {} file(s) or folder(s) whose names start with a dot: {} (name them as inputs to read them)",
                walked.hidden.len(),
                list(&walked.hidden)
            ));
        }
        if !walked.revisited.is_empty() {
            warnings.push(format!(
                "skipped {} folder(s) reached again through a symbolic link (each folder is read once): {}",
                walked.revisited.len(),
                list(&walked.revisited)
            ));
        }
        if missing.is_empty() {
            Ok((files, warnings))
        } else {
            Err(Error::Config(missing))
        }
    }

    /// Reads `files` (from [`Ingestor::plan`]) as a stream of batches of at most
    /// `config.batch_size` documents (or `config.batch_bytes` of text).
    pub fn stream(&self, files: Vec<PathBuf>) -> DocStream<'_> {
        DocStream {
            ingestor: self,
            files: files.into_iter(),
            current: None,
            seen: HashMap::new(),
            fields_seen: std::collections::BTreeSet::new(),
            done: false,
        }
    }

    /// Batches of documents and rejects from records already read (e.g. by [`batch_items`] from
    /// record batches in memory), as [`Ingestor::stream`] makes them from files.
    pub fn stream_items<'a>(&'a self, items: Box<dyn Iterator<Item = Item> + 'a>) -> DocStream<'a> {
        DocStream {
            ingestor: self,
            files: Vec::new().into_iter(),
            current: Some(items),
            seen: HashMap::new(),
            fields_seen: std::collections::BTreeSet::new(),
            done: false,
        }
    }

    /// The documents batch for `docs`.
    pub fn documents_batch(&self, docs: &[Doc]) -> Result<RecordBatch> {
        documents_batch(docs, &self.carried)
    }
}

/// A field name as input fields are matched: lower case, without `_`, `-` and spaces
/// (`publishedAt`, `published_at` and `Published At` are one name).
pub fn field_key(name: &str) -> String {
    read::name_key(name)
}

/// The stable content id of a text: `h:` and the first 16 hex digits of its SHA-256.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(18);
    s.push_str("h:");
    for b in &digest[..8] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The content hash of a document: the first 16 hex digits of SHA-256 over the title, a zero
/// byte and the text. A document whose id comes back with another content hash has changed.
pub fn content_hash(title: Option<&str>, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.unwrap_or("").as_bytes());
    h.update([0u8]);
    h.update(text.as_bytes());
    let digest = h.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The first `n` bytes of a raw record, as valid UTF-8.
pub fn sample(raw: &[u8]) -> String {
    let cut = &raw[..raw.len().min(200)];
    String::from_utf8_lossy(cut).into_owned()
}

/// Builds a `documents` batch; `carry` names the carried columns.
pub fn documents_batch(docs: &[Doc], carry: &[String]) -> Result<RecordBatch> {
    let mut id = StringBuilder::new();
    let mut source = StringBuilder::new();
    let mut title = StringBuilder::new();
    let mut published = TimestampMicrosecondBuilder::new().with_timezone("UTC");
    let mut url = StringBuilder::new();
    // One allocation of the texts' size, not a buffer doubling past it (a 100 MB document
    // held 128 MB, and 192 MB while it grew).
    let mut text =
        StringBuilder::with_capacity(docs.len(), docs.iter().map(|d| d.text.len()).sum::<usize>());
    let mut hash = StringBuilder::new();
    let mut simhash = UInt64Builder::new();
    let mut outlet = StringBuilder::new();
    let mut carried: Vec<StringBuilder> = carry.iter().map(|_| StringBuilder::new()).collect();
    for d in docs {
        id.append_value(&d.doc_id);
        source.append_value(&d.source);
        title.append_option(d.title.as_deref());
        published.append_option(d.published_at);
        url.append_option(d.url.as_deref());
        text.append_value(&d.text);
        hash.append_value(content_hash(d.title.as_deref(), &d.text));
        simhash.append_value(dedup::simhash(&d.text));
        outlet.append_option(d.outlet.as_deref());
        for (b, v) in carried.iter_mut().zip(&d.carried) {
            b.append_option(v.as_deref());
        }
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(source.finish()),
        Arc::new(title.finish()),
        Arc::new(published.finish()),
        Arc::new(url.finish()),
        Arc::new(text.finish()),
        Arc::new(hash.finish()),
        Arc::new(simhash.finish()),
        // Set by the runner, which sees documents in order ([`dedup::DupIndex`]).
        arrow::array::new_null_array(&arrow::datatypes::DataType::Utf8, docs.len()),
        Arc::new(outlet.finish()),
    ];
    columns.extend(carried.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    Ok(RecordBatch::try_new(
        DOCUMENTS.schema_with_extra(carry),
        columns,
    )?)
}

/// Builds a `rejects` batch.
pub fn rejects_batch(rejects: &[Reject]) -> Result<RecordBatch> {
    let mut source = StringBuilder::new();
    let mut position = Int64Builder::new();
    let mut reason = StringBuilder::new();
    let mut sample = StringBuilder::new();
    for r in rejects {
        source.append_value(&r.source);
        position.append_option(r.position.and_then(|p| i64::try_from(p).ok()));
        reason.append_value(&r.reason);
        sample.append_value(&r.sample);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(source.finish()),
        Arc::new(position.finish()),
        Arc::new(reason.finish()),
        Arc::new(sample.finish()),
    ];
    Ok(RecordBatch::try_new(REJECTS.schema(), columns)?)
}

/// The stream of batches over a list of files.
pub struct DocStream<'a> {
    ingestor: &'a Ingestor,
    files: std::vec::IntoIter<PathBuf>,
    current: Option<Box<dyn Iterator<Item = Item> + 'a>>,
    /// doc_id → where it was first seen, to reject duplicates within a run.
    seen: HashMap<String, String>,
    /// Field names of the inputs so far.
    fields_seen: std::collections::BTreeSet<String>,
    done: bool,
}

impl DocStream<'_> {
    fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(it) = self.current.as_mut() {
                if let Some(item) = it.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.files.next()?;
            self.current = Some(read::open(&path, &self.ingestor.config));
        }
    }
}

impl Iterator for DocStream<'_> {
    type Item = Result<IngestBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let cfg = &self.ingestor.config;
        let (mut docs, mut rejects) = (Vec::new(), Vec::new());
        let (mut bytes, mut unparsed_dates) = (0usize, 0u64);
        let (mut unparsed_examples, mut fields_used) =
            (Vec::new(), std::collections::BTreeMap::new());
        let (mut legacy_decoded, mut legacy_examples) = (0u64, Vec::new());
        while docs.len() < cfg.batch_size && bytes < cfg.batch_bytes {
            match self.next_item() {
                None => {
                    self.done = true;
                    break;
                }
                Some(Item::Reject(r)) => rejects.push(r),
                Some(Item::Fields(names)) => {
                    for n in names {
                        if self.fields_seen.len() >= FIELDS_SEEN_MAX {
                            break;
                        }
                        self.fields_seen.insert(n);
                    }
                }
                Some(Item::Doc(d)) => {
                    if let Some(first) = self.seen.get(&d.doc_id) {
                        rejects.push(Reject {
                            source: d.source.clone(),
                            position: None,
                            reason: format!(
                                "duplicate doc_id `{}` (first seen at {first})",
                                d.doc_id
                            ),
                            sample: sample(d.text.as_bytes()),
                        });
                        continue;
                    }
                    self.seen.insert(d.doc_id.clone(), d.source.clone());
                    if d.unparsed_date {
                        unparsed_dates += 1;
                        if unparsed_examples.len() < EXAMPLES_MAX {
                            unparsed_examples.push(d.doc_id.clone());
                        }
                    }
                    if d.legacy_decoded {
                        legacy_decoded += 1;
                        if legacy_examples.len() < EXAMPLES_MAX {
                            legacy_examples.push(d.doc_id.clone());
                        }
                    }
                    for (role, field) in d.used.pairs() {
                        *fields_used.entry(format!("{role}={field}")).or_insert(0) += 1;
                    }
                    bytes += d.text.len();
                    docs.push(d);
                }
            }
        }
        if self.done && docs.is_empty() && rejects.is_empty() {
            return None;
        }
        let batch = (|| {
            Ok(IngestBatch {
                documents: self.ingestor.documents_batch(&docs)?,
                rejects: rejects_batch(&rejects)?,
                unparsed_dates,
                text_bytes: bytes as u64,
                unparsed_examples,
                legacy_decoded,
                legacy_examples,
                fields_used,
                fields_seen: self.fields_seen.clone(),
            })
        })();
        Some(batch)
    }
}

/// Reads everything at once (for tests and small inputs).
pub fn read_all(
    ingestor: &Ingestor,
    inputs: &[&Path],
) -> Result<(Vec<RecordBatch>, Vec<RecordBatch>)> {
    let files = ingestor.plan(&inputs.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>())?;
    let (mut d, mut r) = (Vec::new(), Vec::new());
    for b in ingestor.stream(files) {
        let b = b?;
        d.push(b.documents);
        r.push(b.rejects);
    }
    Ok((d, r))
}

#[cfg(test)]
mod robust_tests;
#[cfg(test)]
mod tests;
