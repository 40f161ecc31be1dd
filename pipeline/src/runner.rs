//! The runner: the chain in memory (`run`) and each stage alone (Parquet in, Parquet out),
//! through the same stage code. Parallelism lives here only: a window of document batches goes
//! through the middle stages on a rayon pool, and results are written in input order, so the
//! output is the same for any number of threads.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow::record_batch::RecordBatch;
use newsmill_aggregate::{Aggregates, Aggregator, ThemeNode, ThemeTree};
use newsmill_core::tables::{
    self, COOCCURRENCE, COUNTRIES, DOCUMENTS, MENTIONS, ORGANIZATIONS, REJECTS, SENTENCES, THEMES,
    TIMESERIES,
};
use newsmill_core::util::str_col;
use newsmill_core::{Error, Result, Stage, Table};
use newsmill_ingest::{IngestBatch, Ingestor};
use newsmill_split::Splitter;
use newsmill_tag::Tagger;
use rayon::prelude::*;
use serde_json::json;

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
}

impl Workers {
    pub fn build(
        config: &Config,
        need_ingest: bool,
        need_split: bool,
        need_tag: bool,
    ) -> Result<Workers> {
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
            }),
            _ => Err(Error::Config(problems)),
        }
    }
}

fn prepare_out(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))
}

/// Builds the workers, checks the inputs and prepares `out`: the common start of `run` and
/// `ingest`.
fn start(
    config: &Config,
    inputs: &[PathBuf],
    out: &Path,
    chain: bool,
) -> Result<(Workers, Vec<PathBuf>, Report)> {
    let w = Workers::build(config, true, chain, chain)?;
    let files = w.ingestor.plan(inputs)?;
    prepare_out(out)?;
    let report = Report {
        inputs: files.iter().map(|p| p.display().to_string()).collect(),
        ..Report::default()
    };
    Ok((w, files, report))
}

/// The rayon pool of the middle stages.
fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))
}

/// The `documents` and `rejects` writers, and the bookkeeping of every ingested batch.
struct IngestWriters {
    docs: TableWriter,
    rejects: TableWriter,
}

impl IngestWriters {
    fn create(out: &Path, ingestor: &Ingestor) -> Result<IngestWriters> {
        Ok(IngestWriters {
            docs: TableWriter::create(
                out,
                &DOCUMENTS,
                DOCUMENTS.schema_with_extra(ingestor.carried()),
            )?,
            rejects: TableWriter::create(out, &REJECTS, REJECTS.schema())?,
        })
    }

    fn write(&mut self, b: &IngestBatch, report: &mut Report, progress: &Progress) -> Result<()> {
        self.docs.write(&b.documents)?;
        self.rejects.write(&b.rejects)?;
        count_rejects(report, &b.rejects)?;
        report.unparsed_dates += b.unparsed_dates;
        report.text_bytes += b.text_bytes;
        progress.advance(b.documents.num_rows() as u64, b.text_bytes);
        Ok(())
    }

    fn finish(self, report: &mut Report) -> Result<()> {
        report.counts.insert(DOCUMENTS.name, self.docs.finish()?);
        report.counts.insert(REJECTS.name, self.rejects.finish()?);
        Ok(())
    }
}

/// The whole chain in memory: inputs → every table in `out`.
pub fn run(
    config: &Config,
    inputs: &[PathBuf],
    out: &Path,
    threads: usize,
    progress: &Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let (w, files, mut report) = start(config, inputs, out, true)?;
    report.timings.insert("build", t0.elapsed().as_secs_f64());
    let t1 = Instant::now();
    let pool = pool(threads)?;
    let mut ingest_w = IngestWriters::create(out, &w.ingestor)?;
    let mut sents_w = TableWriter::create(out, &SENTENCES, SENTENCES.schema())?;
    let mut ments_w = TableWriter::create(out, &MENTIONS, MENTIONS.schema())?;
    let mut agg = Aggregator::with_themes(theme_tree(&w.tagger));
    report.dictionary = dictionary_counts(&w.tagger);
    let stages: [&dyn Stage; 2] = [&w.splitter, &w.tagger];
    let mut stream = w.ingestor.stream(files);
    let window = threads.max(1) * 2;
    loop {
        let batch: Vec<IngestBatch> = stream.by_ref().take(window).collect::<Result<_>>()?;
        if batch.is_empty() {
            break;
        }
        let processed: Vec<HashMap<&'static str, RecordBatch>> = pool.install(|| {
            batch
                .par_iter()
                .map(|b| {
                    let mut t = HashMap::from([(DOCUMENTS.name, b.documents.clone())]);
                    run_stages(&stages, &mut t)?;
                    Ok(t)
                })
                .collect::<Result<_>>()
        })?;
        for (b, t) in batch.iter().zip(&processed) {
            ingest_w.write(b, &mut report, progress)?;
            sents_w.write(&t[SENTENCES.name])?;
            ments_w.write(&t[MENTIONS.name])?;
            agg.add(&b.documents, &t[MENTIONS.name])?;
        }
    }
    ingest_w.finish(&mut report)?;
    for (t, w) in [(&SENTENCES, sents_w), (&MENTIONS, ments_w)] {
        report.counts.insert(t.name, w.finish()?);
    }
    report
        .timings
        .insert("ingest_split_tag", t1.elapsed().as_secs_f64());
    let t2 = Instant::now();
    write_aggregates(out, agg.finish()?, &mut report)?;
    report
        .timings
        .insert("aggregate", t2.elapsed().as_secs_f64());
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    write_manifest(out, "run", config, &report)?;
    Ok(report)
}

fn count_rejects(report: &mut Report, rejects: &RecordBatch) -> Result<()> {
    let reasons = str_col(rejects, "reason")?;
    for i in 0..rejects.num_rows() {
        // Group by the reason's kind: the part before a colon or a backquote detail.
        let r = reasons.value(i);
        let key = r
            .split([':', '`', '('])
            .next()
            .unwrap_or(r)
            .trim()
            .to_string();
        *report.rejects_by_reason.entry(key).or_default() += 1;
    }
    Ok(())
}

/// Entities per kind in the tagger's dictionary, for the manifest.
fn dictionary_counts(tagger: &Tagger) -> BTreeMap<&'static str, u64> {
    let mut counts = BTreeMap::new();
    for e in &tagger.dictionary().entities {
        if let Some(k) = e.kind {
            *counts.entry(k.as_str()).or_default() += 1;
        }
        if e.user {
            *counts.entry("user").or_default() += 1;
        }
    }
    counts
}

/// The theme tree of the tagger's dictionary, for the roll-up of themes to their ancestors.
fn theme_tree(tagger: &Tagger) -> ThemeTree {
    tagger
        .dictionary()
        .entities
        .iter()
        .filter(|e| e.kind == Some(newsmill_tag::Kind::Theme))
        .map(|e| {
            (
                e.id.clone(),
                ThemeNode {
                    parent: e.parent_id.clone().filter(|p| !p.is_empty()),
                    name: e.name.clone(),
                    qcode: e.qcode.clone().filter(|q| !q.is_empty()),
                },
            )
        })
        .collect()
}

/// The summary's top entities of an aggregate table: by `key`, most first, at most 10.
fn top_entities(b: &RecordBatch, key: &str) -> Result<Vec<(String, u64)>> {
    use arrow::array::{Array, StringArray, UInt64Array};
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
        .and_then(|c| c.as_any().downcast_ref::<UInt64Array>())
        .ok_or_else(|| internal(key))?;
    let mut top: Vec<(String, u64)> = (0..b.num_rows())
        .filter(|&i| n.value(i) > 0)
        .map(|i| (names.value(i).to_string(), n.value(i)))
        .collect();
    // Stable: ties keep the table's order.
    top.sort_by_key(|e| std::cmp::Reverse(e.1));
    top.truncate(10);
    Ok(top)
}

fn write_aggregates(out: &Path, a: Aggregates, report: &mut Report) -> Result<()> {
    for (t, b, key) in [
        (&ORGANIZATIONS, &a.organizations, "mentions"),
        (&COUNTRIES, &a.countries, "mentions"),
        // Themes: the summary lists what the articles name, not the roll-up to the top levels.
        (&THEMES, &a.themes, "direct_mentions"),
    ] {
        report.counts.insert(t.name, io::write_table(out, t, b)?);
        report.top.insert(t.name, top_entities(b, key)?);
    }
    for (t, b) in [
        (&COOCCURRENCE, &a.cooccurrence),
        (&TIMESERIES, &a.timeseries),
    ] {
        report.counts.insert(t.name, io::write_table(out, t, b)?);
    }
    Ok(())
}

/// Writes `manifest.json` atomically.
pub fn write_manifest(out: &Path, command: &str, config: &Config, report: &Report) -> Result<()> {
    let counts: BTreeMap<&str, u64> = report.counts.clone();
    // Each table is one file, or a folder of part files when it outgrew `--part-rows`.
    let files: BTreeMap<&str, serde_json::Value> = report
        .counts
        .keys()
        .map(|t| {
            let folder = out.join(t);
            let layout = match io::part_files(&folder) {
                Ok(parts) if folder.is_dir() => {
                    json!({ "path": format!("{t}/"), "parts": parts.len() })
                }
                _ => json!({ "path": format!("{t}.parquet"), "parts": 1 }),
            };
            (*t, layout)
        })
        .collect();
    let versions: BTreeMap<&str, u32> = report
        .counts
        .keys()
        .filter_map(|t| tables::by_name(t))
        .map(|t| (t.name, t.version))
        .collect();
    let m = json!({
        "newsmill_version": env!("CARGO_PKG_VERSION"),
        "command": command,
        "finished_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "inputs": report.inputs,
        "files": files,
        "table_versions": versions,
        "counts": counts,
        "rejects_by_reason": report.rejects_by_reason,
        "unparsed_dates": report.unparsed_dates,
        "text_bytes": report.text_bytes,
        "timings_seconds": report.timings,
        "dictionary_entities": report.dictionary,
        "dictionary_version": newsmill_tag::builtin::version(),
        "config": serde_json::to_value(config).unwrap_or_default(),
    });
    let path = out.join("manifest.json");
    let tmp = out.join(format!(".manifest.json.tmp-{}", std::process::id()));
    let text = serde_json::to_string_pretty(&m).map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(&tmp, text + "\n").map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// `newsmill ingest`: inputs → documents and rejects.
pub fn ingest(
    config: &Config,
    inputs: &[PathBuf],
    out: &Path,
    progress: &Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let (w, files, mut report) = start(config, inputs, out, false)?;
    let mut ingest_w = IngestWriters::create(out, &w.ingestor)?;
    for b in w.ingestor.stream(files) {
        ingest_w.write(&b?, &mut report, progress)?;
    }
    ingest_w.finish(&mut report)?;
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    write_manifest(out, "ingest", config, &report)?;
    Ok(report)
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
    threads: usize,
    progress: &Progress,
) -> Result<Report> {
    let t0 = Instant::now();
    let w = Workers::build(config, false, which == "split", which == "tag")?;
    let stage: &dyn Stage = if which == "split" {
        &w.splitter
    } else {
        &w.tagger
    };
    let docs_path = input_file(input, &DOCUMENTS)?;
    let (docs, _) = io::read_table(&docs_path, &DOCUMENTS, config.ingest.batch_size)?;
    let mut others: Vec<(&'static Table, RowsFor, PathBuf)> = Vec::new();
    for t in stage.inputs().iter().filter(|t| t.name != DOCUMENTS.name) {
        let p = input_file(input, t)?;
        let (r, schema) = io::read_table(&p, t, 8192)?;
        others.push((t, RowsFor::new(r, schema, &p), p));
    }
    prepare_out(out)?;
    let mut writer = TableWriter::create(out, stage.output(), stage.output().schema())?;
    let pool = pool(threads)?;
    let mut docs = docs.map(|b| {
        b.map_err(|e| Error::Format {
            context: docs_path.display().to_string(),
            message: e.to_string(),
        })
    });
    let window = threads.max(1) * 2;
    let mut report = Report {
        inputs: vec![docs_path.display().to_string()],
        ..Report::default()
    };
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
                .map(|t| run_stages(&[stage], t))
                .collect::<Result<Vec<()>>>()
        })?;
        for t in &groups {
            writer.write(&t[stage.output().name])?;
            progress.advance(t[DOCUMENTS.name].num_rows() as u64, 0);
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
    write_manifest(out, which, config, &report)?;
    Ok(report)
}

/// `newsmill aggregate`: documents + mentions → the aggregate tables. The theme tree comes from
/// the tagger's dictionaries (built-in and the config's).
pub fn aggregate(config: &Config, input: &Path, out: &Path, progress: &Progress) -> Result<Report> {
    let t0 = Instant::now();
    let tagger = Tagger::new(&newsmill_tag::TagConfig {
        kinds: vec![],
        ..config.tag.clone()
    })?;
    let docs_path = input_file(input, &DOCUMENTS)?;
    let p = input_file(input, &MENTIONS)?;
    let (docs, _) = io::read_table(&docs_path, &DOCUMENTS, config.ingest.batch_size)?;
    let (reader, schema) = io::read_table(&p, &MENTIONS, 8192)?;
    let mut mentions = RowsFor::new(reader, schema, &p);
    let mut agg = Aggregator::with_themes(theme_tree(&tagger));
    for d in docs {
        let d = d.map_err(|e| Error::Format {
            context: docs_path.display().to_string(),
            message: e.to_string(),
        })?;
        let m = mentions.take(str_col(&d, "doc_id")?)?;
        progress.advance(d.num_rows() as u64, 0);
        // Only the ids and dates of the documents are needed.
        let d = d.project(&[
            DOCUMENTS.index_of("doc_id").unwrap_or(0),
            DOCUMENTS.index_of("published_at").unwrap_or(3),
        ])?;
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
    prepare_out(out)?;
    let mut report = Report {
        inputs: vec![docs_path.display().to_string(), p.display().to_string()],
        ..Report::default()
    };
    report.dictionary = dictionary_counts(&tagger);
    write_aggregates(out, agg.finish()?, &mut report)?;
    report.timings.insert("total", t0.elapsed().as_secs_f64());
    progress.finish();
    write_manifest(out, "aggregate", config, &report)?;
    Ok(report)
}
