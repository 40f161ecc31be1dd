//! The engine: a config built once into ready stages, then run over input files to an output
//! folder ([`Engine::run`]) or over Arrow record batches in memory ([`Engine::tag_batches`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use arrow::record_batch::RecordBatch;
use newsmill_aggregate::{DocMeasures, MEASURES};
use newsmill_core::tables::{
    self, COOCCURRENCE, COUNTRIES, DOCUMENTS, DOCUMENT_THEMES, MENTIONS, ORGANIZATIONS, PERSONS,
    REJECTS, SENTENCES, THEMES, TIMESERIES,
};
use newsmill_core::{Error, Result, Stage};
use newsmill_ingest::dedup::Deduper;

use crate::config::Config;
use crate::progress::Progress;
use crate::runner::{self, Report, RunOptions, Selector, Stages, Workers};

/// The stages of a config, built and ready: dictionaries loaded, automata compiled. Build once,
/// use for many runs; it is `Send + Sync`, so threads may share it.
pub struct Engine {
    config: Config,
    workers: Workers,
}

/// How [`Engine::tag_batches`] runs.
#[derive(Debug, Clone)]
pub struct TagOptions {
    /// Worker threads of the split and tag stages (0: all cores). The rows are the same for any
    /// number.
    pub threads: usize,
    /// Which aggregate tables to compute over all the batches besides the row tables.
    pub aggregates: AggregateTables,
    /// The name of the input, for the `source` column of documents and rejects
    /// (`SOURCE:ROW`, rows counted from 1 over all batches).
    pub source: String,
}

/// The aggregate tables [`Engine::tag_batches`] computes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AggregateTables {
    /// None: the row tables only.
    #[default]
    None,
    /// `document_themes` only (each document's themes, their salience and subject ranks: what
    /// needs a whole document), with the rows the whole aggregates give it; no counts per
    /// entity, day or pair, no Polars frames.
    DocumentThemes,
    /// `document_themes` as [`AggregateTables::DocumentThemes`] gives it, and each document's
    /// measures (`ents`, `ups`, `names`, `pairs`, `unknown`: [`newsmill_aggregate::DocMeasures`],
    /// by the code that counts the aggregates), whose sums over documents are the other
    /// aggregate tables' counts (Spark's map step); no Polars frames.
    Measures,
    /// Every aggregate table: organizations, persons, countries, themes, document_themes,
    /// cooccurrence, timeseries.
    All,
}

impl Default for TagOptions {
    fn default() -> TagOptions {
        TagOptions {
            threads: 0,
            aggregates: AggregateTables::None,
            source: "batches".to_string(),
        }
    }
}

/// Tables by name, each as the record batches that make it (in row order), as
/// [`Engine::tag_batches`] returns them.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub tables: BTreeMap<&'static str, Vec<RecordBatch>>,
}

impl Tables {
    /// The batches of a table (none if it was not computed).
    pub fn get(&self, table: &str) -> &[RecordBatch] {
        self.tables.get(table).map_or(&[], |b| b.as_slice())
    }

    /// A table (or a measure table, [`AggregateTables::Measures`]) as one batch (with the
    /// table's schema even when it has no rows).
    pub fn concat(&self, table: &str) -> Result<RecordBatch> {
        let schema = tables::by_name(table)
            .map(|t| t.schema())
            .or_else(|| DocMeasures::schema(table))
            .ok_or_else(|| Error::Internal(format!("unknown table `{table}`")))?;
        let batches = self.get(table);
        let schema = batches.first().map_or(schema, |b| b.schema());
        Ok(arrow::compute::concat_batches(&schema, batches)?)
    }

    /// Rows of a table.
    pub fn rows(&self, table: &str) -> usize {
        self.get(table).iter().map(|b| b.num_rows()).sum()
    }

    /// Adds a batch to a table. A table keeps an empty batch only while it has no rows (it
    /// gives the table's schema).
    fn push(&mut self, table: &'static str, batch: RecordBatch) {
        let batches = self.tables.entry(table).or_default();
        if batches.is_empty() {
            batches.push(batch);
        } else if batch.num_rows() > 0 {
            if batches.iter().all(|b| b.num_rows() == 0) {
                batches.clear();
            }
            batches.push(batch);
        }
    }
}

/// `threads`, or all cores for 0.
fn threads_or_all(threads: usize) -> usize {
    if threads > 0 {
        threads
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

impl Engine {
    /// Checks the config and builds every stage; every problem of every section is reported at
    /// once ([`Error::Config`]). Returns when the tagger's automata are built (a failed build is
    /// an error).
    pub fn build(config: Config) -> Result<Engine> {
        let workers = Workers::build(&config, Stages::ALL)?;
        workers.tagger.ready()?;
        Ok(Engine { config, workers })
    }

    /// The config it was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The built stages (the tagger gives the dictionary in use).
    pub fn workers(&self) -> &Workers {
        &self.workers
    }

    /// The whole chain over input files or folders into the output folder `out`, committed at
    /// once (`newsmill run`). The caller holds the output's lock ([`crate::lock::OutputLock`]).
    pub fn run(
        &self,
        inputs: &[PathBuf],
        out: &Path,
        options: &RunOptions,
        progress: &dyn Progress,
    ) -> Result<Report> {
        let t0 = std::time::Instant::now();
        runner::run_with(
            &self.workers,
            t0,
            &self.config,
            inputs,
            out,
            options,
            progress,
        )
    }

    /// The whole chain in memory: record batches of documents in, the row tables (`documents`,
    /// `sentences`, `mentions`, `rejects`) out, and the aggregate tables `options.aggregates`
    /// asks for. The rows are those [`Engine::run`] writes for the same documents.
    ///
    /// A batch may have the `documents` table's columns or any others: the fields are found by
    /// name as the ingest stage finds them in a Parquet file (`[ingest]` `id_fields`,
    /// `text_fields`, `title_fields`, `date_fields`, `url_fields`, `carry`), so `id`, `text`,
    /// `title` and `published_at` (a timestamp or a date string) are enough. Records without a
    /// text become rows of `rejects`, like a repeated id. Near-duplicates are marked over all
    /// the batches.
    ///
    /// The batches go through the run's loop: they are read on a thread of their own while
    /// earlier ones are split and tagged (so the iterator must be `Send`).
    pub fn tag_batches<I>(&self, batches: I, options: &TagOptions) -> Result<Tables>
    where
        I: IntoIterator<Item = RecordBatch>,
        I::IntoIter: Send,
    {
        let cfg = self.workers.ingestor.config();
        let source = options.source.clone();
        let batches = batches.into_iter();
        let ingestor = &self.workers.ingestor;
        let read = move || {
            let mut row = 0u64;
            let items = batches.flat_map(move |b| {
                newsmill_ingest::batch_items(&b, cfg, &source, &mut row).into_iter()
            });
            ingestor.stream_items(Box::new(items))
        };
        let run_options = RunOptions::default();
        let selector = Selector {
            options: &run_options,
            existing: None,
            dedup: Deduper::new(cfg),
            replaced: HashSet::new(),
            run: BTreeMap::new(),
            kept: Vec::new(),
        };
        let stages: [&dyn Stage; 2] = [&self.workers.splitter, &self.workers.tagger];
        let aggregates = options.aggregates != AggregateTables::None;
        let themes_only = options.aggregates == AggregateTables::DocumentThemes;
        let per_document = options.aggregates == AggregateTables::Measures;
        let mut agg = aggregates.then(|| {
            runner::aggregator(&self.config, self.workers.tagger.dictionary())
                .document_themes_only(themes_only)
                .document_measures(per_document)
        });
        // With aggregates, a document the aggregator fails on is a reject too (as in a run; with
        // `document_themes` only, one that fails on the salience or the subject ranking); the
        // check's counts are merged, not counted again.
        let base = agg
            .as_ref()
            .map_or_else(newsmill_aggregate::Aggregator::new, |a| a.sibling());
        let check = |t: &crate::isolate::Tables, rows: Option<&newsmill_tag::MentionRows>| {
            runner::aggregate_check(&base, &self.workers, t, rows)
        };
        let steps = crate::isolate::Steps {
            stages: &stages,
            tagger: None,
            check: aggregates.then_some(&check),
        };
        let mut out = Tables::default();
        let doc_schema = DOCUMENTS.schema_with_extra(self.workers.ingestor.carried());
        out.push(DOCUMENTS.name, RecordBatch::new_empty(doc_schema));
        for t in [&REJECTS, &SENTENCES, &MENTIONS] {
            out.push(t.name, RecordBatch::new_empty(t.schema()));
        }
        // The run's batch loop: reading, tagging and collecting overlap.
        crate::batches::run(
            steps,
            threads_or_all(options.threads),
            read,
            selector,
            |(b, mut t, _, checked)| {
                let sentences = take(&mut t, &SENTENCES)?;
                let mentions = take(&mut t, &MENTIONS)?;
                if let Some(agg) = agg.as_mut() {
                    let merged = match checked {
                        Some(c) => crate::isolate::merge(agg, c.agg)?,
                        None => false,
                    };
                    if !merged {
                        crate::isolate::aggregate(agg, &b.documents, &mentions)?;
                    }
                }
                out.push(DOCUMENTS.name, b.documents);
                out.push(REJECTS.name, b.rejects);
                out.push(SENTENCES.name, sentences);
                out.push(MENTIONS.name, mentions);
                Ok(())
            },
        )?;
        if let Some(agg) = agg {
            let document_themes = if themes_only {
                agg.finish_document_themes()
            } else if per_document {
                let (themes, measures) = agg.finish_measures();
                for (name, batches) in MEASURES.iter().zip(measures.tables) {
                    let schema = DocMeasures::schema(name)
                        .ok_or_else(|| Error::Internal(format!("no measure `{name}`")))?;
                    out.push(name, RecordBatch::new_empty(schema));
                    for b in batches {
                        out.push(name, b);
                    }
                }
                themes
            } else {
                let a = agg.finish()?;
                out.push(ORGANIZATIONS.name, a.organizations);
                out.push(PERSONS.name, a.persons);
                out.push(COUNTRIES.name, a.countries);
                out.push(THEMES.name, a.themes);
                out.push(COOCCURRENCE.name, a.cooccurrence);
                out.push(TIMESERIES.name, a.timeseries);
                a.document_themes
            };
            out.push(
                DOCUMENT_THEMES.name,
                RecordBatch::new_empty(DOCUMENT_THEMES.schema()),
            );
            for b in document_themes.batches(runner::DOCUMENT_THEMES_SLICE) {
                out.push(DOCUMENT_THEMES.name, b?);
            }
        }
        Ok(out)
    }
}

fn take(t: &mut HashMap<&'static str, RecordBatch>, table: &tables::Table) -> Result<RecordBatch> {
    t.remove(table.name)
        .ok_or_else(|| Error::Internal(format!("no `{}` batch", table.name)))
}
