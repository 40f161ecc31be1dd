//! newsmill as a library: the config, building the stages from it, running them over input files
//! to an output folder (whole chain, incremental, or one stage alone), Parquet I/O, the
//! all-or-nothing commit and the output folder's lock.
//!
//! The command line (`pipeline/`, the `newsmill` binary) and the evaluations (`eval/`) call this
//! crate; the stages (`stages/*`) and the table contracts (`stages/core`) sit below it.
//!
//! ```no_run
//! use newsmill_engine::{AggregateTables, Config, Engine, RunOptions, TagOptions};
//! # fn main() -> newsmill_engine::Result<()> {
//! // Every problem of the config at once; returns with the automata built.
//! let engine = Engine::build(Config::load("newsmill.toml".as_ref())?)?;
//! // Files to an output folder (the caller holds the folder's lock: `lock::OutputLock`).
//! let report = engine.run(&["articles.jsonl".into()], "out".as_ref(), &RunOptions::default(), &())?;
//! println!("{} mentions", report.counts["mentions"]);
//! // Arrow record batches of documents in memory (`id`, `text`, `title`, `published_at`, ...).
//! # let batches: Vec<arrow::record_batch::RecordBatch> = Vec::new();
//! let options = TagOptions { aggregates: AggregateTables::All, ..Default::default() };
//! let tables = engine.tag_batches(batches, &options)?;
//! let mentions = tables.concat("mentions")?;
//! # Ok(()) }
//! ```
//!
//! Modules: [`config`] (the TOML config), [`runner`] (the chain over files, each stage alone,
//! incremental runs), [`io`] (Parquet in and out), [`commit`] (all-or-nothing output), [`lock`]
//! (one run per output folder), [`progress`] (how a run reports progress).

mod batches;
#[cfg(test)]
mod chunk_tests;
pub mod commit;
pub mod config;
mod engine;
pub mod fields;
pub mod io;
pub mod isolate;
pub mod lock;
pub mod progress;
#[cfg(test)]
mod props;
pub mod report;
pub mod runner;
pub mod safety;

pub use config::Config;
pub use engine::{AggregateTables, Engine, Tables, TagOptions};
pub use newsmill_aggregate::{DocMeasures, MEASURES};
pub use newsmill_core::{Error, Result};
pub use progress::Progress;
pub use runner::{Report, RunOptions};
