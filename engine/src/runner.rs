//! The runner: the chain in memory (`run`) and each stage alone (Parquet in, Parquet out),
//! through the same stage code. Parallelism lives here and in `batches` only: batches of
//! documents go through the middle stages on worker threads, and results are written in input
//! order, so the output is the same for any number of threads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow::array::Array;
use arrow::record_batch::RecordBatch;
use newsmill_aggregate::{Aggregates, Aggregator, ThemeNode, ThemeTree};
use newsmill_core::tables::{
    self, COOCCURRENCE, COUNTRIES, DOCUMENTS, DOCUMENT_THEMES, MENTIONS, ORGANIZATIONS, PERSONS,
    REJECTS, SENTENCES, THEMES, TIMESERIES,
};
use newsmill_core::util::{i64_col, str_col, u64_col};
use newsmill_core::{Error, Result, Stage, Table};
use newsmill_ingest::dedup::Deduper;
use newsmill_ingest::{IngestBatch, Ingestor};
use newsmill_split::Splitter;
use newsmill_tag::{Dictionary, MentionRows, Tagger};
use rayon::prelude::*;
use serde_json::json;

use crate::commit::{Op, Recovery, Staging};
use crate::config::Config;
use crate::io::{self, RowsFor, TableWriter};
use crate::progress::Progress;

/// What a run did, for the summary, the manifest and the exit code.
#[derive(Debug, Default)]
pub struct Report {
    pub counts: BTreeMap<&'static str, u64>,
    pub rejects_by_reason: BTreeMap<String, u64>,
    pub unparsed_dates: u64,
    pub text_bytes: u64,
    pub timings: BTreeMap<&'static str, f64>,
    pub inputs: Vec<String>,
    pub top: BTreeMap<&'static str, Vec<(String, u64)>>,
    /// Entities per kind in the dictionaries the run used (built-in and the user's).
    pub dictionary: BTreeMap<&'static str, u64>,
    /// What the run chose to process: `new`, `replaced`, `unchanged`, `out_of_range`,
    /// `duplicates`.
    pub run: BTreeMap<&'static str, u64>,
    /// Documents processed.
    pub processed: u64,
    /// What the run found left by an earlier run that was stopped.
    pub recovery: Option<&'static str>,
    /// Things the user should know (logged as warnings): `(event, message)`.
    pub warnings: Vec<(&'static str, String)>,
    /// Input fields read, as `role=field` → documents (`text=content`).
    pub fields_used: BTreeMap<String, u64>,
    /// Field names the inputs had.
    pub fields_seen: std::collections::BTreeSet<String>,
    /// Ids of some documents whose date could not be parsed.
    pub unparsed_examples: Vec<String>,
    /// Documents read from records that were not UTF-8, their other bytes read as Windows-1252
    /// (`ingest.encoding = "auto"`), and ids of some of them.
    pub legacy_decoded: u64,
    pub legacy_examples: Vec<String>,
}

/// Runs the stages on one group of document-aligned tables: each stage takes its inputs by table
/// name and adds its output, checked against the contract it declares.
pub fn run_stages(
    stages: &[&dyn Stage],
    tables: &mut HashMap<&'static str, RecordBatch>,
) -> Result<()> {
    for stage in stages {
        let inputs: Vec<&RecordBatch> = stage
            .inputs()
            .iter()
            .map(|t| {
                tables.get(t.name).ok_or_else(|| {
                    Error::Internal(format!("{}: no `{}` batch", stage.name(), t.name))
                })
            })
            .collect::<Result<_>>()?;
        let out = stage.process(&inputs)?;
        stage
            .output()
            .check(&out.schema(), &format!("output of stage {}", stage.name()))?;
        tables.insert(stage.output().name, out);
    }
    Ok(())
}

/// Built workers: everything expensive (dictionaries, automata) happens once, and every config
/// problem of every stage is reported together.
pub struct Workers {
    pub ingestor: Ingestor,
    pub splitter: Splitter,
    pub tagger: Tagger,
    /// Rows of `mentions` a run makes at a time from the mentions as found (written and
    /// aggregated, then dropped): [`MENTION_CHUNK_ROWS`]; tests lower it.
    pub mention_chunk_rows: usize,
}

/// Rows of `mentions` made at a time in a run: about 13 MB of Arrow columns (200 bytes a row),
/// small beside a huge document's text and large enough that chunks cost nothing on ordinary
/// batches (set by hand, issue 25).
pub const MENTION_CHUNK_ROWS: usize = 1 << 16;

/// Which stages [`Workers::build`] builds from the config; the others are built from their
/// defaults (cheaply: a tagger with no kinds) and their config sections are not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    pub ingest: bool,
    pub split: bool,
    pub tag: bool,
}

impl Stages {
    /// The whole chain (`newsmill run`, `newsmill config`, the engine).
    pub const ALL: Stages = Stages {
        ingest: true,
        split: true,
        tag: true,
    };
    /// `newsmill ingest`.
    pub const INGEST: Stages = Stages {
        ingest: true,
        split: false,
        tag: false,
    };
    /// `newsmill split`.
    pub const SPLIT: Stages = Stages {
        ingest: false,
        split: true,
        tag: false,
    };
    /// `newsmill tag`.
    pub const TAG: Stages = Stages {
        ingest: false,
        split: false,
        tag: true,
    };
}

impl Workers {
    /// Builds the stages `which` needs; the tagger's automata go on building in the background
    /// ([`Tagger::ready`] waits for them).
    pub fn build(config: &Config, which: Stages) -> Result<Workers> {
        let Stages {
            ingest: need_ingest,
            split: need_split,
            tag: need_tag,
        } = which;
        let mut problems = Vec::new();
        let mut grab = |e: Error| match e {
            Error::Config(p) => problems.extend(p),
            other => problems.push(other.to_string()),
        };
        let (default_ingest, default_split) = (Default::default(), Default::default());
        let ingestor = Ingestor::new(if need_ingest {
            &config.ingest
        } else {
            &default_ingest
        })
        .map_err(&mut grab)
        .ok();
        let splitter = Splitter::new(if need_split {
            &config.split
        } else {
            &default_split
        })
        .map_err(&mut grab)
        .ok();
        let tag_config = if need_tag {
            config.tag.clone()
        } else {
            newsmill_tag::TagConfig {
                kinds: vec![],
                ..Default::default()
            }
        };
        let tagger = Tagger::new(&tag_config).map_err(&mut grab).ok();
        match (ingestor, splitter, tagger) {
            (Some(ingestor), Some(splitter), Some(tagger)) if problems.is_empty() => Ok(Workers {
                ingestor,
                splitter,
                tagger,
                mention_chunk_rows: MENTION_CHUNK_ROWS,
            }),
            _ => Err(Error::Config(problems)),
        }
    }
}

/// What a run is asked to do beyond its inputs and output.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads of the middle stages.
    pub threads: usize,
    /// Add to the output instead of replacing it: only documents it has not seen (by `doc_id`
    /// and content hash) are processed; aggregates are recomputed over everything.
    pub incremental: bool,
    /// Keep only documents published at or after this time (microseconds since the epoch, UTC).
    pub since: Option<i64>,
    /// Keep only documents published before this time.
    pub until: Option<i64>,
    /// Rows per Parquet file: a larger table is written as a folder of part files
    /// (`<table>/part-00000.parquet`, ...). 0 means [`io::DEFAULT_PART_ROWS`].
    pub part_rows: u64,
}

impl RunOptions {
    /// Rows per Parquet file, the default filled in.
    pub fn part_rows(&self) -> u64 {
        if self.part_rows == 0 {
            io::DEFAULT_PART_ROWS
        } else {
            self.part_rows
        }
    }
}

/// Checks the inputs: the common start of `run` and `ingest`.
fn start(w: &Workers, inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Report)> {
    let (files, warnings) = w.ingestor.plan_with_warnings(inputs)?;
    let report = Report {
        inputs: files.iter().map(|p| p.display().to_string()).collect(),
        warnings: warnings
            .into_iter()
            .map(|w| ("inputs_skipped", w))
            .collect(),
        ..Report::default()
    };
    Ok((files, report))
}

/// Opens the staging folder of a run in `out`, finishing or discarding what a killed run left.
fn begin(out: &Path, report: &mut Report) -> Result<Staging> {
    let (staging, recovery) = Staging::begin(out)?;
    report.recovery = match recovery {
        Recovery::Clean => None,
        Recovery::Discarded => {
            Some("discarded the files of an earlier run that was stopped before its end")
        }
        Recovery::Finished => {
            Some("finished the commit of an earlier run that was stopped while committing")
        }
    };
    Ok(staging)
}

/// The rayon pool of the middle stages.
fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))
}

/// The tables with one or more rows per document (or input record), which incremental runs add
/// to; the aggregates are always recomputed.
const ROW_TABLES: [&Table; 4] = [&DOCUMENTS, &REJECTS, &SENTENCES, &MENTIONS];

/// What an output folder already holds, for an incremental run.
#[derive(Default)]
pub(crate) struct Existing {
    /// doc_id → content hash of every document in the output.
    known: HashMap<String, String>,
    /// Committed files of each row table, in order: the part files of its folder, or its single
    /// file (`single`).
    parts: HashMap<&'static str, Vec<PathBuf>>,
    single: HashSet<&'static str>,
    /// Rows in each row table.
    rows: HashMap<&'static str, u64>,
    /// (source, position, reason) of the rejects already recorded.
    rejects: HashSet<(String, Option<u64>, String)>,
    /// The schema of the output's documents (carried columns must not change).
    documents_schema: Option<arrow::datatypes::SchemaRef>,
    /// Every document in the output's order: id, SimHash, whether long enough to be marked,
    /// `duplicate_of` (to mark near-duplicates again when documents are replaced).
    order: Vec<DupEntry>,
}

/// A document as near-duplicate marking sees it: id, SimHash, long enough, `duplicate_of`.
type DupEntry = (String, u64, bool, Option<String>);

impl Existing {
    fn load(out: &Path, dedup: &mut Deduper) -> Result<Existing> {
        let mut e = Existing::default();
        for t in ROW_TABLES {
            let (file, folder) = (io::table_path(out, t), io::parts_path(out, t));
            if io::is_partitioned(&folder) {
                // Parts in `KEY=VALUE` folders (Spark's `partition_by`): an incremental run
                // numbers and replaces the parts of one folder.
                return Err(Error::input(
                    &folder,
                    "is partitioned (written by newsmill.spark with partition_by): an incremental run needs an output written unpartitioned",
                ));
            }
            let parts = if folder.is_dir() {
                io::part_files(&folder).map_err(|err| Error::io(&folder, err))?
            } else if file.exists() {
                e.single.insert(t.name);
                vec![file]
            } else {
                vec![]
            };
            let mut rows = 0;
            for p in &parts {
                rows += io::row_count(p)?;
            }
            e.rows.insert(t.name, rows);
            e.parts.insert(t.name, parts);
        }
        if let Some(first) = e.parts[DOCUMENTS.name].first() {
            e.documents_schema = Some(io::read_table(first, &DOCUMENTS, 1)?.1);
        }
        for p in &e.parts[DOCUMENTS.name] {
            let cols = ["doc_id", "content_hash", "simhash", "duplicate_of", "text"];
            for b in io::read_columns(p, &DOCUMENTS, &cols)? {
                let b = b.map_err(|err| io::pq(p, err))?;
                let (ids, hashes) = (str_col(&b, "doc_id")?, str_col(&b, "content_hash")?);
                let sim = u64_col(&b, "simhash")?;
                let (dup, texts) = (str_col(&b, "duplicate_of")?, str_col(&b, "text")?);
                for i in 0..b.num_rows() {
                    e.known
                        .insert(ids.value(i).to_string(), hashes.value(i).to_string());
                    let long = dedup.long_enough(texts.value(i));
                    if dup.is_null(i) && long {
                        dedup.known(ids.value(i), sim.value(i));
                    }
                    let mark = dup.is_valid(i).then(|| dup.value(i).to_string());
                    e.order
                        .push((ids.value(i).to_string(), sim.value(i), long, mark));
                }
            }
        }
        for p in &e.parts[REJECTS.name] {
            let (batches, _) = io::read_table(p, &REJECTS, io::READ_BATCH_ROWS)?;
            for b in batches {
                let b = b.map_err(|err| io::pq(p, err))?;
                e.rejects.extend(reject_keys(&b)?);
            }
        }
        Ok(e)
    }

    /// The number the next new part of `t` gets.
    fn next_part(&self, t: &Table) -> usize {
        if self.single.contains(t.name) {
            return 1;
        }
        self.parts[t.name]
            .iter()
            .filter_map(|p| io::part_number(p))
            .max()
            .map_or(0, |n| n + 1)
    }
}

fn reject_keys(b: &RecordBatch) -> Result<Vec<(String, Option<u64>, String)>> {
    let (src, reason) = (str_col(b, "source")?, str_col(b, "reason")?);
    let pos = i64_col(b, "position")?;
    Ok((0..b.num_rows())
        .map(|i| {
            (
                src.value(i).to_string(),
                pos.is_valid(i)
                    .then(|| u64::try_from(pos.value(i)).ok())
                    .flatten(),
                reason.value(i).to_string(),
            )
        })
        .collect())
}

/// Chooses the documents of an ingested batch that a run processes: those published in
/// `[since, until)` (when either is set), and in an incremental run those the output does not
/// hold with the same content; marks near-duplicates. Counts what it leaves out.
pub(crate) struct Selector<'a> {
    pub(crate) options: &'a RunOptions,
    pub(crate) existing: Option<&'a Existing>,
    pub(crate) dedup: Deduper,
    /// Documents of the output that come back with new content.
    pub(crate) replaced: HashSet<String>,
    /// What it left out and why, and the near-duplicates it marked (the report's `run`).
    pub(crate) run: BTreeMap<&'static str, u64>,
    /// In an incremental run, the documents it kept, in order, as near-duplicate marking saw
    /// them.
    pub(crate) kept: Vec<DupEntry>,
}

impl Selector<'_> {
    pub(crate) fn select(&mut self, mut b: IngestBatch) -> Result<IngestBatch> {
        let d = &b.documents;
        let ranged = self.options.since.is_some() || self.options.until.is_some();
        if ranged || self.existing.is_some() {
            let ids = str_col(d, "doc_id")?;
            let hashes = str_col(d, "content_hash")?;
            let texts = str_col(d, "text")?;
            let ts = d
                .column_by_name("published_at")
                .and_then(|c| {
                    c.as_any()
                        .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
                })
                .ok_or_else(|| Error::Internal("documents without published_at".into()))?;
            let mut keep = Vec::with_capacity(d.num_rows());
            for i in 0..d.num_rows() {
                let t = ts.is_valid(i).then(|| ts.value(i));
                let in_range = !ranged
                    || t.is_some_and(|t| {
                        self.options.since.is_none_or(|s| t >= s)
                            && self.options.until.is_none_or(|u| t < u)
                    });
                if !in_range {
                    *self.run.entry("out_of_range").or_default() += 1;
                    if t.is_none() {
                        *self.run.entry("undated").or_default() += 1;
                    }
                    b.text_bytes -= texts.value(i).len() as u64;
                    keep.push(false);
                    continue;
                }
                match self.existing.and_then(|e| e.known.get(ids.value(i))) {
                    Some(h) if h == hashes.value(i) => {
                        *self.run.entry("unchanged").or_default() += 1;
                        b.text_bytes -= texts.value(i).len() as u64;
                        keep.push(false);
                    }
                    Some(_) => {
                        self.replaced.insert(ids.value(i).to_string());
                        keep.push(true);
                    }
                    None => keep.push(true),
                }
            }
            if keep.iter().any(|k| !k) {
                let mask = arrow::array::BooleanArray::from(keep);
                b.documents = arrow::compute::filter_record_batch(d, &mask)?;
            }
        }
        if let Some(e) = self.existing {
            if b.rejects.num_rows() > 0 {
                let keys = reject_keys(&b.rejects)?;
                let keep: arrow::array::BooleanArray =
                    keys.iter().map(|k| Some(!e.rejects.contains(k))).collect();
                b.rejects = arrow::compute::filter_record_batch(&b.rejects, &keep)?;
            }
        }
        b.documents = self.dedup.mark(&b.documents)?;
        if self.existing.is_some() {
            let d = &b.documents;
            let (ids, texts) = (str_col(d, "doc_id")?, str_col(d, "text")?);
            let (sim, dup) = (u64_col(d, "simhash")?, str_col(d, "duplicate_of")?);
            for i in 0..d.num_rows() {
                self.kept.push((
                    ids.value(i).to_string(),
                    sim.value(i),
                    self.dedup.long_enough(texts.value(i)),
                    dup.is_valid(i).then(|| dup.value(i).to_string()),
                ));
            }
        }
        let dups = b.documents.num_rows()
            - b.documents
                .column_by_name("duplicate_of")
                .map_or(0, |c| c.null_count());
        *self.run.entry("duplicates").or_default() += dups as u64;
        Ok(b)
    }
}

/// The writers of a run's row tables, in the staging folder: whole tables for a full run, new
/// parts for an incremental one.
struct Writers {
    tables: Vec<(&'static Table, TableWriter)>,
}

impl Writers {
    fn create(
        staging: &Path,
        which: &[&'static Table],
        documents_schema: arrow::datatypes::SchemaRef,
        existing: Option<&Existing>,
        part_rows: u64,
    ) -> Result<Writers> {
        let mut tables = Vec::new();
        for &t in which {
            let schema = if t.name == DOCUMENTS.name {
                documents_schema.clone()
            } else {
                t.schema()
            };
            let w = match existing {
                Some(e) => {
                    TableWriter::append_parts(staging, t, schema, e.next_part(t), part_rows)?
                }
                None => TableWriter::create(staging, t, schema, part_rows)?,
            };
            tables.push((t, w));
        }
        Ok(Writers { tables })
    }

    fn write(&mut self, t: &Table, b: &RecordBatch) -> Result<()> {
        match self.tables.iter_mut().find(|(x, _)| x.name == t.name) {
            Some((_, w)) => w.write(b),
            None => Err(Error::Internal(format!("no writer of {}", t.name))),
        }
    }

    fn finish(self, report: &mut Report) -> Result<()> {
        for (t, w) in self.tables {
            report.counts.insert(t.name, w.finish()?);
        }
        Ok(())
    }
}

/// Records an ingested batch in the report and the progress line.
fn account(b: &IngestBatch, report: &mut Report, progress: &dyn Progress) -> Result<()> {
    count_rejects(report, &b.rejects)?;
    report.unparsed_dates += b.unparsed_dates;
    report.legacy_decoded += b.legacy_decoded;
    report.text_bytes += b.text_bytes;
    crate::fields::account(b, report);
    progress.advance(b.documents.num_rows() as u64, b.text_bytes);
    report.processed += b.documents.num_rows() as u64;
    Ok(())
}

/// The whole chain in memory: inputs → every table in `out`, committed at once. Builds the
/// stages (the automata build while the first batches are read); [`crate::Engine::run`] runs
/// already built ones.
pub fn run(
    config: &Config,
    inputs: &[PathBuf],
    out: &Path,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let w = Workers::build(config, Stages::ALL)?;
    run_with(&w, t0, config, inputs, out, options, progress)
}

/// `run` with built stages; `t0` is when the run started (its `build` timing ends now). The
/// steps, each timed: [`load_state`] (`--incremental`), [`ingest_split_tag`], [`merge`], the
/// aggregates and the manifest, all committed at once.
pub(crate) fn run_with(
    w: &Workers,
    t0: Instant,
    config: &Config,
    inputs: &[PathBuf],
    out: &Path,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let (files, mut report) = start(w, inputs)?;
    report.timings.insert("build", t0.elapsed().as_secs_f64());
    let t1 = Instant::now();
    let mut staging = begin(out, &mut report)?;
    let mut dedup = Deduper::new(&config.ingest);
    let doc_schema = DOCUMENTS.schema_with_extra(w.ingestor.carried());
    let existing = load_state(config, out, options, &doc_schema, &mut dedup, &mut report)?;
    report
        .timings
        .insert("load_state", t1.elapsed().as_secs_f64());
    let t1 = Instant::now();
    let writers = Writers::create(
        staging.dir(),
        &ROW_TABLES,
        doc_schema,
        existing.as_ref(),
        options.part_rows(),
    )?;
    let agg = aggregator(config, w.tagger.dictionary());
    report.dictionary = dictionary_counts(w.tagger.dictionary());
    let selector = Selector {
        options,
        existing: existing.as_ref(),
        dedup,
        replaced: HashSet::new(),
        run: BTreeMap::new(),
        kept: Vec::new(),
    };
    let (selector, writers, mut agg, part) =
        ingest_split_tag(w, files, selector, writers, agg, options.threads, progress)?;
    let Selector {
        run,
        replaced,
        kept,
        dedup,
        ..
    } = selector;
    report.run.extend(run);
    let marks = match &existing {
        Some(e) if !replaced.is_empty() => remark(&dedup, e, &replaced, &kept, &mut report),
        _ => HashMap::new(),
    };
    report.add_ingest_counts(part);
    crate::fields::check_some_text(&report)?;
    writers.finish(&mut report)?;
    report
        .timings
        .insert("ingest_split_tag", t1.elapsed().as_secs_f64());
    let t2 = Instant::now();
    if let Some(e) = existing
        .as_ref()
        .filter(|_| report.counts[DOCUMENTS.name] == 0 && report.counts[REJECTS.name] == 0)
    {
        // Nothing new: the output stays as it is, to the byte.
        staging.abandon()?;
        for t in ROW_TABLES {
            report.counts.insert(t.name, e.rows[t.name]);
        }
        report.run.insert("new", 0);
        report.timings.insert("total", t0.elapsed().as_secs_f64());
        progress.finish();
        return Ok(report);
    }
    let mut layout = merge(
        &mut staging,
        existing.as_ref(),
        &replaced,
        &marks,
        &mut agg,
        || aggregator(config, w.tagger.dictionary()),
        options.part_rows(),
        &mut report,
    )?;
    report.timings.insert("merge", t2.elapsed().as_secs_f64());
    let t2 = Instant::now();
    write_aggregates(
        &mut staging,
        agg.finish()?,
        &mut report,
        &mut layout,
        options.part_rows(),
    )?;
    report
        .timings
        .insert("aggregate", t2.elapsed().as_secs_f64());
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    let command = if options.incremental {
        "run --incremental"
    } else {
        "run"
    };
    write_manifest(&mut staging, command, config, &report, &layout)?;
    staging.commit()?;
    Ok(report)
}

/// Step 1 of a run: with `--incremental`, the output's state (its documents' ids and SimHashes
/// into `dedup`, its row counts and parts); checks that the documents carry the same fields and
/// warns when the tagging changed since.
fn load_state(
    config: &Config,
    out: &Path,
    options: &RunOptions,
    doc_schema: &arrow::datatypes::SchemaRef,
    dedup: &mut Deduper,
    report: &mut Report,
) -> Result<Option<Existing>> {
    let existing = if options.incremental {
        Some(Existing::load(out, dedup)?)
    } else {
        None
    };
    if let Some(old) = existing.as_ref().and_then(|e| e.documents_schema.as_ref()) {
        if old.fields() != doc_schema.fields() {
            let names = |s: &arrow::datatypes::Schema| -> Vec<String> {
                s.fields()
                    .iter()
                    .skip(DOCUMENTS.columns.len())
                    .map(|f| f.name().clone())
                    .collect()
            };
            return Err(Error::Config(vec![format!(
                "--incremental: the documents in {} carry the fields {:?}, this config carries {:?} (ingest.carry); use the same config, another output folder, or a full run",
                out.display(),
                names(old),
                names(doc_schema)
            )]));
        }
    }
    if existing.is_some() {
        if let Some(w) = tagging_changed(out, config) {
            report.warnings.push(("tagging_changed", w));
        }
    }
    Ok(existing)
}
/// Step 2 of a run: the documents read, selected, split, tagged, written and aggregated, by the
/// batch loop of [`crate::batches::run`] (reading, tagging and writing overlap; this thread
/// writes and aggregates in input order). Returns the selector (what it kept and replaced), the
/// writers to finish, the aggregator and the ingest counts.
// The run's parts it threads through (workers, selector, writers, aggregator) are each
// handed back or borrowed; a struct to bundle them would exist for this call alone.
#[allow(clippy::too_many_arguments)]
fn ingest_split_tag<'a>(
    w: &Workers,
    files: Vec<PathBuf>,
    selector: Selector<'a>,
    mut writers: Writers,
    mut agg: Aggregator,
    threads: usize,
    progress: &dyn Progress,
) -> Result<(Selector<'a>, Writers, Aggregator, Report)> {
    // The tagger keeps the mentions as found: the rows are made, written and aggregated a chunk
    // at a time (issue 25).
    let stages: [&dyn Stage; 1] = [&w.splitter];
    // Each batch is counted once, by the check on an aggregator of its own that the run's merges.
    let base = agg.sibling();
    let check =
        |t: &crate::isolate::Tables, rows: Option<&MentionRows>| aggregate_check(&base, w, t, rows);
    let steps = crate::isolate::Steps {
        stages: &stages,
        tagger: Some(&w.tagger),
        check: Some(&check),
    };
    let ingestor = &w.ingestor;
    let mut part = Report::default();
    let selector = crate::batches::run(
        steps,
        threads,
        move || ingestor.stream(files),
        selector,
        |(b, mut t, rows, checked)| {
            // Each table goes as soon as it is written and counted, and the documents, whose
            // texts the writer copies while it encodes them, come last: a huge document's
            // tables are not all held beside those copies (issue 25).
            let sentences = t
                .remove(SENTENCES.name)
                .ok_or_else(|| Error::Internal(format!("no `{}` batch", SENTENCES.name)))?;
            writers.write(&SENTENCES, &sentences)?;
            drop((t, sentences));
            account(&b, &mut part, progress)?;
            let (merged, built) = match checked {
                Some(c) => (crate::isolate::merge(&mut agg, c.agg)?, c.mentions),
                None => (false, None),
            };
            if let Some(m) = built {
                writers.write(&MENTIONS, &m)?;
                if !merged {
                    crate::isolate::aggregate(&mut agg, &b.documents, &m)?;
                }
            } else {
                let rows = rows.ok_or_else(|| Error::Internal("no mentions".into()))?;
                let chunks = rows.chunks(&w.tagger, w.mention_chunk_rows)?.map(|c| {
                    let c = c?;
                    writers.write(&MENTIONS, &c)?;
                    Ok(c)
                });
                if merged {
                    chunks.collect::<Result<Vec<_>>>()?;
                } else {
                    crate::isolate::aggregate_chunks(&mut agg, &b.documents, chunks)?;
                }
            }
            writers.write(&DOCUMENTS, &b.documents)?;
            writers.write(&REJECTS, &b.rejects)
        },
    )?;
    Ok((selector, writers, agg, part))
}

/// Step 3 of a run: the staged row tables become the output's: whole tables for a full run;
/// for an incremental one, the new parts beside the old ones (replaced documents dropped, marks
/// of near-duplicates updated) and the old documents fed to the aggregator (`agg`, or a `fresh`
/// one when documents were replaced). Returns the layout of the row tables.
#[allow(clippy::too_many_arguments)]
fn merge(
    staging: &mut Staging,
    existing: Option<&Existing>,
    replaced: &HashSet<String>,
    marks: &HashMap<String, Option<String>>,
    agg: &mut Aggregator,
    fresh: impl FnOnce() -> Aggregator,
    part_rows: u64,
    report: &mut Report,
) -> Result<BTreeMap<&'static str, (String, usize)>> {
    let mut layout = BTreeMap::new();
    match existing {
        None => {
            for t in ROW_TABLES {
                staging.replace_table(t.name);
                layout.insert(t.name, staged_layout(staging.dir(), t)?);
            }
        }
        Some(e) => {
            report
                .run
                .insert("new", report.counts[DOCUMENTS.name] - replaced.len() as u64);
            report.run.insert("replaced", replaced.len() as u64);
            let fin = add_to_old(staging, e, replaced, marks, report, &mut layout, part_rows)?;
            if replaced.is_empty() {
                // The new documents are in the aggregator already; the old ones join them.
                let (docs, ments) = (&e.parts[DOCUMENTS.name], &e.parts[MENTIONS.name]);
                if !docs.is_empty() {
                    feed_old(agg, docs, ments, replaced)?;
                }
            } else {
                // Replacements may change near-duplicate marks anywhere: the aggregates are
                // computed again over the documents as they will be committed.
                *agg = fresh();
                feed_old(agg, &fin[0], &fin[1], &HashSet::new())?;
            }
        }
    }
    Ok(layout)
}

/// Whether the output's earlier runs tagged with other dictionaries, model or rules
/// (`dictionary_version`: [`newsmill_tag::builtin::version`]) or `[tag]` settings than this run
/// (their documents keep the mentions they had): the warning, if so.
fn tagging_changed(out: &Path, config: &Config) -> Option<String> {
    let text = std::fs::read_to_string(out.join("manifest.json")).ok()?;
    let m: serde_json::Value = serde_json::from_str(&text).ok()?;
    let same_dict = m["dictionary_version"] == json!(newsmill_tag::builtin::version());
    let same_tag = m["config"]["tag"] == serde_json::to_value(&config.tag).unwrap_or_default();
    (!(same_dict && same_tag)).then(|| {
        format!(
            "{}: the built-in dictionaries, the recognizer's model, the tagging rules or the [tag] settings changed since the output's last run; \
             its documents keep the mentions they had (run without --incremental to tag everything again)",
            out.display()
        )
    })
}

/// The aggregator of a config: themes roll up along the dictionary's tree; near-duplicates count
/// as `aggregate.duplicates` says.
pub(crate) fn aggregator(config: &Config, dict: &Dictionary) -> Aggregator {
    Aggregator::from_config(&config.aggregate, theme_tree(dict))
}

/// The aggregation of one batch on an aggregator of its own (a sibling of `base`:
/// [`newsmill_aggregate::Aggregator::sibling`]), as a [`crate::isolate::Check`]: a document it
/// fails on is rejected before the run's aggregator sees it, and the run's aggregator merges the
/// rest. The mention rows it builds are kept when they fit one chunk.
pub(crate) fn aggregate_check(
    base: &Aggregator,
    w: &Workers,
    tables: &crate::isolate::Tables,
    rows: Option<&MentionRows>,
) -> Result<crate::isolate::Checked> {
    let table = |t: &Table| {
        tables
            .get(t.name)
            .ok_or_else(|| Error::Internal(format!("no `{}` batch to aggregate", t.name)))
    };
    let mut agg = base.sibling();
    let mut mentions = None;
    match rows {
        Some(rows) if rows.rows() <= w.mention_chunk_rows => {
            let m = rows.batch(&w.tagger)?;
            agg.add(table(&DOCUMENTS)?, &m)?;
            mentions = Some(m);
        }
        Some(rows) => agg.add_chunks(
            table(&DOCUMENTS)?,
            rows.chunks(&w.tagger, w.mention_chunk_rows)?,
        )?,
        None => agg.add(table(&DOCUMENTS)?, table(&MENTIONS)?)?,
    }
    Ok(crate::isolate::Checked { agg, mentions })
}

/// Where a table ends up, as the manifest lists it: `(path, parts)`.
type Layout = BTreeMap<&'static str, (String, usize)>;

fn staged_layout(staging: &Path, t: &Table) -> Result<(String, usize)> {
    let folder = io::parts_path(staging, t);
    Ok(if folder.is_dir() {
        let n = io::part_files(&folder)
            .map_err(|e| Error::io(&folder, e))?
            .len();
        (format!("{}/", t.name), n)
    } else {
        (format!("{}.parquet", t.name), 1)
    })
}

/// The near-duplicate marks of an incremental run that replaces documents: a replaced document
/// leaves its old place (its old version is no one's original any more) and comes back at the
/// end, as in a full run over the documents in the output's order. Returns the documents whose
/// mark differs from the one they have (old documents) or were given (this run's), and counts
/// this run's duplicates again.
fn remark(
    dedup: &Deduper,
    e: &Existing,
    replaced: &HashSet<String>,
    kept: &[DupEntry],
    report: &mut Report,
) -> HashMap<String, Option<String>> {
    let order: Vec<&DupEntry> = e
        .order
        .iter()
        .filter(|d| !replaced.contains(&d.0))
        .chain(kept)
        .collect();
    let marks = dedup.marks(order.iter().map(|d| (d.0.as_str(), d.1, d.2)));
    let new_dups = marks[order.len() - kept.len()..]
        .iter()
        .filter(|m| m.is_some())
        .count();
    report.run.insert("duplicates", new_dups as u64);
    order
        .into_iter()
        .zip(marks)
        .filter(|(d, m)| d.3 != *m)
        .map(|(d, m)| (d.0.clone(), m))
        .collect()
}

/// An incremental run's commit: its new parts join the output's tables; the old rows of
/// replaced documents go (their part files are rewritten without them), and so do documents
/// whose near-duplicate mark changes (`marks`). Returns the part files of `documents` and
/// `mentions` as they will be committed, in order.
fn add_to_old(
    staging: &mut Staging,
    e: &Existing,
    replaced: &HashSet<String>,
    marks: &HashMap<String, Option<String>>,
    report: &mut Report,
    layout: &mut Layout,
    part_rows: u64,
) -> Result<[Vec<PathBuf>; 2]> {
    let mut removes = Vec::new();
    let mut fin: [Vec<PathBuf>; 2] = Default::default();
    for t in ROW_TABLES {
        let marks = if t.name == DOCUMENTS.name {
            marks
        } else {
            &HashMap::new()
        };
        let mut total = report.counts.get(t.name).copied().unwrap_or(0) + e.rows[t.name];
        let folder = io::parts_path(staging.dir(), t);
        std::fs::create_dir_all(&folder).map_err(|err| Error::io(&folder, err))?;
        for p in &e.parts[t.name] {
            let name = if e.single.contains(t.name) {
                removes.push(format!("{}.parquet", t.name));
                io::part_name(0)
            } else {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let staged = folder.join(&name);
            let rewritten = if (replaced.is_empty() && marks.is_empty()) || t.name == REJECTS.name {
                None
            } else {
                without_docs(p, t, replaced, marks, &staged, part_rows)?
            };
            match rewritten {
                // Unchanged: a single file moves into the folder (a hard link, no copy).
                None if e.single.contains(t.name) => {
                    std::fs::hard_link(p, &staged)
                        .or_else(|_| std::fs::copy(p, &staged).map(|_| ()))
                        .map_err(|err| Error::io(&staged, err))?;
                }
                None => {}
                Some(removed) => {
                    total -= removed;
                    if !staged.exists() && !e.single.contains(t.name) {
                        removes.push(format!("{}/{name}", t.name));
                    }
                }
            }
        }
        if !marks.is_empty() {
            // This run's own parts, whose documents' marks changed.
            for p in io::part_files(&folder).map_err(|err| Error::io(&folder, err))? {
                if io::part_number(&p).is_some_and(|n| n >= e.next_part(t)) {
                    without_docs(&p, t, &HashSet::new(), marks, &p, part_rows)?;
                }
            }
        }
        let staged_parts = io::part_files(&folder).map_err(|err| Error::io(&folder, err))?;
        if let Some(slot) = [DOCUMENTS.name, MENTIONS.name]
            .iter()
            .position(|n| *n == t.name)
        {
            // The committed parts: those staged, and the old ones neither staged nor removed.
            let mut parts: BTreeMap<usize, PathBuf> = BTreeMap::new();
            if !e.single.contains(t.name) {
                for p in &e.parts[t.name] {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    let gone = removes.contains(&format!("{}/{name}", t.name));
                    if let (Some(n), false) = (io::part_number(p), gone) {
                        parts.insert(n, p.clone());
                    }
                }
            }
            for p in &staged_parts {
                if let Some(n) = io::part_number(p) {
                    parts.insert(n, p.clone());
                }
            }
            fin[slot] = parts.into_values().collect();
        }
        for p in &staged_parts {
            let rel = format!(
                "{}/{}",
                t.name,
                p.file_name().and_then(|n| n.to_str()).unwrap_or_default()
            );
            staging.push(Op::Put {
                from: rel.clone(),
                to: rel,
            });
        }
        let kept_old = e.parts[t.name].len()
            - removes
                .iter()
                .filter(|r| r.starts_with(&format!("{}/", t.name)))
                .count();
        let new_parts = staged_parts
            .iter()
            .filter(|p| io::part_number(p).is_some_and(|n| n >= e.next_part(t)))
            .count();
        layout.insert(t.name, (format!("{}/", t.name), kept_old + new_parts));
        report.counts.insert(t.name, total);
    }
    for r in removes {
        staging.push(Op::Remove { path: r });
    }
    Ok(fin)
}

/// Rewrites one part file into `to` without the rows of `drop`, and with the `duplicate_of` of
/// the documents in `marks` set to theirs; `None` when it has none of either. A part left empty
/// is not written. Returns the number of rows removed.
fn without_docs(
    from: &Path,
    t: &'static Table,
    drop: &HashSet<String>,
    marks: &HashMap<String, Option<String>>,
    to: &Path,
    part_rows: u64,
) -> Result<Option<u64>> {
    let ids_only = io::read_columns(from, t, &["doc_id"])?;
    let mut any = false;
    for b in ids_only {
        let b = b.map_err(|err| io::pq(from, err))?;
        let ids = str_col(&b, "doc_id")?;
        if (0..b.num_rows())
            .any(|i| drop.contains(ids.value(i)) || marks.contains_key(ids.value(i)))
        {
            any = true;
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    let (batches, schema) = io::read_table(from, t, io::READ_BATCH_ROWS)?;
    let dir = to
        .parent()
        .ok_or_else(|| Error::Internal("part without folder".into()))?;
    let tmp = dir.join(format!(
        ".rewrite-{}",
        to.file_name().and_then(|n| n.to_str()).unwrap_or("part")
    ));
    std::fs::create_dir_all(&tmp).map_err(|err| Error::io(&tmp, err))?;
    let mut w = TableWriter::create(&tmp, t, schema, part_rows)?;
    let mut removed = 0;
    for b in batches {
        let b = b.map_err(|err| io::pq(from, err))?;
        let ids = str_col(&b, "doc_id")?;
        let keep: arrow::array::BooleanArray = (0..b.num_rows())
            .map(|i| Some(!drop.contains(ids.value(i))))
            .collect();
        let mut kept = arrow::compute::filter_record_batch(&b, &keep)?;
        removed += (b.num_rows() - kept.num_rows()) as u64;
        if !marks.is_empty() {
            kept = with_marks(&kept, marks)?;
        }
        w.write(&kept)?;
    }
    let rows = w.finish()?;
    if rows > 0 {
        let written = io::table_path(&tmp, t);
        std::fs::rename(&written, to).map_err(|err| Error::io(to, err))?;
    }
    std::fs::remove_dir_all(&tmp).map_err(|err| Error::io(&tmp, err))?;
    Ok(Some(removed))
}

/// A documents batch with the `duplicate_of` of the documents in `marks` replaced.
fn with_marks(d: &RecordBatch, marks: &HashMap<String, Option<String>>) -> Result<RecordBatch> {
    let (ids, dup) = (str_col(d, "doc_id")?, str_col(d, "duplicate_of")?);
    let col: arrow::array::StringArray = (0..d.num_rows())
        .map(|i| match marks.get(ids.value(i)) {
            Some(m) => m.as_deref(),
            None => dup.is_valid(i).then(|| dup.value(i)),
        })
        .collect();
    let at = d.schema().index_of("duplicate_of")?;
    let mut columns = d.columns().to_vec();
    columns[at] = std::sync::Arc::new(col);
    Ok(RecordBatch::try_new(d.schema(), columns)?)
}

/// Feeds the aggregator the documents and mentions of committed part files, leaving out `skip`.
fn feed_old(
    agg: &mut Aggregator,
    docs: &[PathBuf],
    ments: &[PathBuf],
    skip: &HashSet<String>,
) -> Result<()> {
    let mut mention_batches: Vec<io::Batches> = Vec::new();
    for p in ments {
        mention_batches.push(io::read_table(p, &MENTIONS, io::READ_BATCH_ROWS)?.0);
    }
    let mentions: io::Batches = Box::new(mention_batches.into_iter().flatten());
    let path = ments.first().cloned().unwrap_or_default();
    let mut rows = RowsFor::new(mentions, MENTIONS.schema(), &path);
    for p in docs {
        for d in io::read_columns(p, &DOCUMENTS, &["doc_id", "published_at", "duplicate_of"])? {
            let d = d.map_err(|err| io::pq(p, err))?;
            let m = rows.take(str_col(&d, "doc_id")?)?;
            if skip.is_empty() {
                agg.add(&d, &m)?;
                continue;
            }
            let ids = str_col(&d, "doc_id")?;
            let keep: arrow::array::BooleanArray = (0..d.num_rows())
                .map(|i| Some(!skip.contains(ids.value(i))))
                .collect();
            let mids = str_col(&m, "doc_id")?;
            let keep_m: arrow::array::BooleanArray = (0..m.num_rows())
                .map(|i| Some(!skip.contains(mids.value(i))))
                .collect();
            agg.add(
                &arrow::compute::filter_record_batch(&d, &keep)?,
                &arrow::compute::filter_record_batch(&m, &keep_m)?,
            )?;
        }
    }
    if let Some(id) = rows.leftover()? {
        return Err(Error::Schema {
            context: path.display().to_string(),
            expected: "mentions in the order of the documents".into(),
            found: format!(
                "mentions of document `{id}` that the documents do not have at that place"
            ),
        });
    }
    Ok(())
}

fn count_rejects(report: &mut Report, rejects: &RecordBatch) -> Result<()> {
    let reasons = str_col(rejects, "reason")?;
    for i in 0..rejects.num_rows() {
        // Group by the reason's kind: the part before a colon, a backquote or parenthesized
        // detail, or a hint after a semicolon.
        let r = reasons.value(i);
        let key = r
            .split([':', '`', '(', ';'])
            .next()
            .unwrap_or(r)
            .trim()
            .to_string();
        *report.rejects_by_reason.entry(key).or_default() += 1;
    }
    Ok(())
}

/// Entities per kind in the dictionary, for the manifest.
fn dictionary_counts(dict: &Dictionary) -> BTreeMap<&'static str, u64> {
    let mut counts = BTreeMap::new();
    for e in &dict.entities {
        if let Some(k) = e.kind {
            *counts.entry(k.as_str()).or_default() += 1;
        }
        if e.user {
            *counts.entry("user").or_default() += 1;
        }
    }
    counts
}

/// The theme tree of the dictionary, for the roll-up of themes to their ancestors.
pub(crate) fn theme_tree(dict: &Dictionary) -> ThemeTree {
    dict.entities
        .iter()
        .filter(|e| e.kind == Some(newsmill_tag::Kind::Theme))
        .map(|e| {
            (
                e.id.clone(),
                ThemeNode {
                    parent: e.parent_id.clone().filter(|p| !p.is_empty()),
                    name: e.name.clone(),
                    qcode: e.qcode.clone().filter(|q| !q.is_empty()),
                    about: e.about,
                },
            )
        })
        .collect()
}

/// The summary's top entities of an aggregate table: by `key`, most first, at most 10.
fn top_entities(b: &RecordBatch, key: &str) -> Result<Vec<(String, u64)>> {
    use arrow::array::{Array, Int64Array, StringArray};
    let internal = |what: &str| Error::Internal(format!("aggregate table: {what}"));
    let names = b
        .column_by_name("entity_name")
        .ok_or_else(|| internal("no entity_name"))?;
    let names = arrow::compute::cast(names, &arrow::datatypes::DataType::Utf8)?;
    let names = names
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| internal("entity_name"))?;
    let n = b
        .column_by_name(key)
        .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
        .ok_or_else(|| internal(key))?;
    let mut top: Vec<(String, u64)> = (0..b.num_rows())
        .filter(|&i| n.value(i) > 0)
        .map(|i| (names.value(i).to_string(), n.value(i).unsigned_abs()))
        .collect();
    // Stable: ties keep the table's order.
    top.sort_by_key(|e| std::cmp::Reverse(e.1));
    top.truncate(10);
    Ok(top)
}

fn write_aggregates(
    staging: &mut Staging,
    a: Aggregates,
    report: &mut Report,
    layout: &mut Layout,
    part_rows: u64,
) -> Result<()> {
    let tables = [
        (&ORGANIZATIONS, &a.organizations, Some("mentions")),
        (&PERSONS, &a.persons, Some("mentions")),
        (&COUNTRIES, &a.countries, Some("mentions")),
        // Themes: the summary lists what the articles name, not the roll-up to the top levels.
        (&THEMES, &a.themes, Some("direct_mentions")),
        (&COOCCURRENCE, &a.cooccurrence, None),
        (&TIMESERIES, &a.timeseries, None),
    ];
    let dir = staging.dir().to_path_buf();
    // `document_themes`, the largest, is written on a thread of its own beside the others, built
    // and written a slice at a time (millions of rows on a large corpus).
    let (themes_rows, rows) = std::thread::scope(|s| {
        let doc_themes = s.spawn(|| -> Result<u64> {
            let t = &DOCUMENT_THEMES;
            let mut w = TableWriter::create(&dir, t, t.schema(), part_rows)?;
            for b in a.document_themes.batches(DOCUMENT_THEMES_SLICE) {
                w.write(&b?)?;
            }
            w.finish()
        });
        let rows: Result<Vec<u64>> = tables
            .iter()
            .map(|(t, b, _)| io::write_table(&dir, t, b, part_rows))
            .collect();
        let themes_rows = doc_themes
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (themes_rows, rows)
    });
    for ((t, b, key), rows) in tables.into_iter().zip(rows?) {
        if let Some(key) = key {
            report.top.insert(t.name, top_entities(b, key)?);
        }
        stage_table(staging, report, layout, t, rows)?;
    }
    stage_table(staging, report, layout, &DOCUMENT_THEMES, themes_rows?)
}

fn stage_table(
    staging: &mut Staging,
    report: &mut Report,
    layout: &mut Layout,
    t: &'static Table,
    rows: u64,
) -> Result<()> {
    report.counts.insert(t.name, rows);
    staging.replace_table(t.name);
    layout.insert(t.name, staged_layout(staging.dir(), t)?);
    Ok(())
}

/// Rows of `document_themes` built at once when it is written.
pub(crate) const DOCUMENT_THEMES_SLICE: usize = 64 * 1024;

/// Stages `manifest.json`, the last step of a commit.
fn write_manifest(
    staging: &mut Staging,
    command: &str,
    config: &Config,
    report: &Report,
    layout: &Layout,
) -> Result<()> {
    let files: BTreeMap<&str, serde_json::Value> = layout
        .iter()
        .map(|(t, (path, parts))| (*t, json!({ "path": path, "parts": parts })))
        .collect();
    let versions: BTreeMap<&str, u32> = layout
        .keys()
        .filter_map(|t| tables::by_name(t))
        .map(|t| (t.name, t.version))
        .collect();
    let mut m = report.to_json();
    m["newsmill_version"] = json!(env!("CARGO_PKG_VERSION"));
    m["command"] = json!(command);
    m["finished_at"] = json!(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    m["files"] = json!(files);
    m["table_versions"] = json!(versions);
    m["dictionary_version"] = json!(newsmill_tag::builtin::version());
    m["config"] = serde_json::to_value(config).unwrap_or_default();
    let path = staging.dir().join("manifest.json");
    let text = serde_json::to_string_pretty(&m).map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))?;
    staging.push(Op::Put {
        from: "manifest.json".into(),
        to: "manifest.json".into(),
    });
    Ok(())
}

impl Report {
    /// The counts of the ingest step (`part`, kept by the writer of [`ingest_split_tag`]).
    fn add_ingest_counts(&mut self, part: Report) {
        self.rejects_by_reason = part.rejects_by_reason;
        self.unparsed_dates = part.unparsed_dates;
        self.fields_used = part.fields_used;
        self.fields_seen = part.fields_seen;
        self.unparsed_examples = part.unparsed_examples;
        self.legacy_decoded = part.legacy_decoded;
        self.legacy_examples = part.legacy_examples;
        self.text_bytes = part.text_bytes;
        self.processed = part.processed;
    }

    /// What to tell the user when documents were read from records that were not UTF-8
    /// (`ingest.encoding = "auto"`); `None` when there were none.
    pub fn legacy_warning(&self) -> Option<String> {
        (self.legacy_decoded > 0).then(|| {
            format!(
                "{} document(s) were not UTF-8 and were read as Windows-1252 where they are not (a latin-1 \"£\" as \"£\"; set ingest.encoding to name their encoding, or to \"utf-8\" to reject them), for example: {}",
                self.legacy_decoded,
                self.legacy_examples.join(", ")
            )
        })
    }

    /// Input records this run rejected (in an incremental run: not counting the ones the output
    /// recorded before).
    pub fn run_rejects(&self) -> u64 {
        self.rejects_by_reason.values().sum()
    }

    /// The machine-readable report: counts, this run's selection, rejects by reason, timings
    /// and throughput (also the body of `manifest.json` and of `--report`).
    pub fn to_json(&self) -> serde_json::Value {
        let secs = self.timings.get("total").copied().unwrap_or(0.0).max(1e-9);
        json!({
            "inputs": self.inputs,
            "counts": self.counts,
            "run": self.run,
            "rejects_by_reason": self.rejects_by_reason,
            "unparsed_dates": self.unparsed_dates,
            "legacy_decoded": self.legacy_decoded,
            "fields_used": self.fields_used,
            "text_bytes": self.text_bytes,
            "timings_seconds": self.timings,
            "throughput": {
                "mb_per_second": self.text_bytes as f64 / 1e6 / secs,
                "documents_per_second": self.processed as f64 / secs,
            },
            "recovery": self.recovery,
            "dictionary_entities": self.dictionary,
        })
    }
}

/// `newsmill ingest`: inputs → documents and rejects.
pub fn ingest(
    config: &Config,
    inputs: &[PathBuf],
    out: &Path,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let w = Workers::build(config, Stages::INGEST)?;
    let (files, mut report) = start(&w, inputs)?;
    let mut staging = begin(out, &mut report)?;
    let doc_schema = DOCUMENTS.schema_with_extra(w.ingestor.carried());
    let mut writers = Writers::create(
        staging.dir(),
        &[&DOCUMENTS, &REJECTS],
        doc_schema,
        None,
        options.part_rows(),
    )?;
    let mut selector = Selector {
        options,
        existing: None,
        dedup: Deduper::new(&config.ingest),
        replaced: HashSet::new(),
        run: BTreeMap::new(),
        kept: Vec::new(),
    };
    for b in w.ingestor.stream(files) {
        let b = selector.select(b?)?;
        writers.write(&DOCUMENTS, &b.documents)?;
        writers.write(&REJECTS, &b.rejects)?;
        account(&b, &mut report, progress)?;
    }
    crate::fields::check_some_text(&report)?;
    writers.finish(&mut report)?;
    report.run = selector.run;
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    let mut layout = Layout::new();
    for t in [&DOCUMENTS, &REJECTS] {
        staging.replace_table(t.name);
        layout.insert(t.name, staged_layout(staging.dir(), t)?);
    }
    write_manifest(&mut staging, "ingest", config, &report, &layout)?;
    staging.commit()?;
    Ok(report)
}

/// Readies the output of a stage command that reads `input` before anything is read: the
/// output's leftovers are recovered first (when `input` is the output, its tables are then whole),
/// and another input folder with a half-applied commit is refused (its lock is not ours).
fn begin_stage(input: &Path, out: &Path, report: &mut Report) -> Result<Staging> {
    let staging = begin(out, report)?;
    let same = match (input.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => input == out,
    };
    if !same && crate::commit::unfinished(input) {
        return Err(Error::input(
            input,
            format!(
                "holds a commit that a killed run left half applied: run `newsmill aggregate {}` (or any command writing into it) to finish it first",
                input.display()
            ),
        ));
    }
    Ok(staging)
}

/// The input files of a stage: each table's file in `input`.
fn input_file(input: &Path, t: &Table) -> Result<PathBuf> {
    let p = io::table_path(input, t);
    let folder = io::parts_path(input, t);
    if p.exists() {
        Ok(p)
    } else if folder.is_dir() {
        Ok(folder)
    } else {
        Err(Error::input(
            &p,
            format!(
                "not found: `{}` needs the `{}` table here (run the previous stage first)",
                input.display(),
                t.name
            ),
        ))
    }
}

/// `newsmill split` / `newsmill tag`: one middle stage, Parquet in, Parquet out.
pub fn stage(
    config: &Config,
    which: &str,
    input: &Path,
    out: &Path,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let threads = options.threads;
    let w = Workers::build(
        config,
        if which == "split" {
            Stages::SPLIT
        } else {
            Stages::TAG
        },
    )?;
    let stage: &dyn Stage = if which == "split" {
        &w.splitter
    } else {
        &w.tagger
    };
    let mut report = Report::default();
    let mut staging = begin_stage(input, out, &mut report)?;
    let docs_path = input_file(input, &DOCUMENTS)?;
    let (docs, _) = io::read_table(&docs_path, &DOCUMENTS, config.ingest.batch_size)?;
    let mut others: Vec<(&'static Table, RowsFor, PathBuf)> = Vec::new();
    for t in stage.inputs().iter().filter(|t| t.name != DOCUMENTS.name) {
        let p = input_file(input, t)?;
        let (r, schema) = io::read_table(&p, t, io::READ_BATCH_ROWS)?;
        others.push((t, RowsFor::new(r, schema, &p), p));
    }
    let mut writer = TableWriter::create(
        staging.dir(),
        stage.output(),
        stage.output().schema(),
        options.part_rows(),
    )?;
    let pool = pool(threads)?;
    let mut docs = docs.map(|b| b.map_err(|e| io::pq(&docs_path, e)));
    let window = threads.max(1) * 2;
    report.inputs = vec![docs_path.display().to_string()];
    loop {
        let mut groups = Vec::new();
        for d in docs.by_ref().take(window) {
            let d = d?;
            let mut t = HashMap::new();
            for (table, rows, _) in others.iter_mut() {
                t.insert(table.name, rows.take(str_col(&d, "doc_id")?)?);
            }
            report.text_bytes += d.column_by_name("text").map_or(0, |c| {
                c.to_data().buffers().get(1).map_or(0, |b| b.len() as u64)
            });
            t.insert(DOCUMENTS.name, d);
            groups.push(t);
        }
        if groups.is_empty() {
            break;
        }
        pool.install(|| {
            groups
                .par_iter_mut()
                .map(|t| crate::isolate::run_caught(&[stage], t))
                .collect::<Result<Vec<()>>>()
        })?;
        for t in &groups {
            writer.write(&t[stage.output().name])?;
            progress.advance(t[DOCUMENTS.name].num_rows() as u64, 0);
            report.processed += t[DOCUMENTS.name].num_rows() as u64;
        }
    }
    for (table, rows, path) in others.iter_mut() {
        if let Some(id) = rows.leftover()? {
            return Err(Error::Schema {
                context: path.display().to_string(),
                expected: format!("{} rows in the order of documents.parquet", table.name),
                found: format!(
                    "rows of document `{id}` that documents.parquet does not have at that place"
                ),
            });
        }
    }
    report.counts.insert(stage.output().name, writer.finish()?);
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    staging.replace_table(stage.output().name);
    let layout = Layout::from([(
        stage.output().name,
        staged_layout(staging.dir(), stage.output())?,
    )]);
    write_manifest(&mut staging, which, config, &report, &layout)?;
    staging.commit()?;
    Ok(report)
}

/// `newsmill aggregate`: documents + mentions → the aggregate tables. The theme tree comes from
/// the tag stage's dictionaries (built-in and the config's).
pub fn aggregate(
    config: &Config,
    input: &Path,
    out: &Path,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let dict = newsmill_tag::load_dictionary(&config.tag)?;
    let mut report = Report::default();
    let mut staging = begin_stage(input, out, &mut report)?;
    let docs_path = input_file(input, &DOCUMENTS)?;
    let p = input_file(input, &MENTIONS)?;
    // Only the ids, dates and duplicate marks of the documents are needed.
    let docs = io::read_columns(
        &docs_path,
        &DOCUMENTS,
        &["doc_id", "published_at", "duplicate_of"],
    )?;
    let (reader, schema) = io::read_table(&p, &MENTIONS, io::READ_BATCH_ROWS)?;
    let mut mentions = RowsFor::new(reader, schema, &p);
    report.inputs = vec![docs_path.display().to_string(), p.display().to_string()];
    let mut agg = aggregator(config, &dict);
    for d in docs {
        let d = d.map_err(|e| io::pq(&docs_path, e))?;
        let m = mentions.take(str_col(&d, "doc_id")?)?;
        progress.advance(d.num_rows() as u64, 0);
        report.processed += d.num_rows() as u64;
        agg.add(&d, &m)?;
    }
    if let Some(id) = mentions.leftover()? {
        return Err(Error::Schema {
            context: p.display().to_string(),
            expected: "mentions in the order of documents.parquet".into(),
            found: format!(
                "mentions of document `{id}` that documents.parquet does not have at that place"
            ),
        });
    }
    report.dictionary = dictionary_counts(&dict);
    let mut layout = Layout::new();
    write_aggregates(
        &mut staging,
        agg.finish()?,
        &mut report,
        &mut layout,
        options.part_rows(),
    )?;
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    write_manifest(&mut staging, "aggregate", config, &report, &layout)?;
    staging.commit()?;
    Ok(report)
}
