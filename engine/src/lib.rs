//! newsmill as a library: the config, building the stages from it, running them over input files
//! to an output folder (whole chain, incremental, or one stage alone), Parquet I/O, the
//! all-or-nothing commit and the output folder's lock.
//!
//! The command line (`pipeline/`, the `newsmill` binary) and the evaluations (`eval/`) call this
//! crate; the stages (`stages/*`) and the table contracts (`stages/core`) sit below it.

pub mod commit;
pub mod config;
pub mod io;
pub mod isolate;
pub mod lock;
pub mod progress;
#[cfg(test)]
mod props;
pub mod runner;

pub use config::Config;
pub use progress::Progress;
pub use runner::{Report, RunOptions};
