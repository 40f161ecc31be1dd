//! What newsmill's stages share: the table contracts ([`tables`]), the [`Stage`] trait, the
//! error type ([`Error`]), the theme salience rule ([`salience`]) and the dateline parser of the
//! splitter and the tagger ([`dateline`]).
//!
//! A stage declares the tables it reads and the one it writes; every batch it returns honors the
//! declared schema. The runner checks this, so a stage can never hand a malformed batch on.

pub mod dateline;
pub mod error;
pub mod hostile;
pub mod normalize;
pub mod salience;
pub mod subject;
pub mod tables;
pub mod util;

pub use error::{Error, Result};
pub use tables::Table;

use arrow::record_batch::RecordBatch;

/// One step of the chain: batches of its input tables in, one batch of its output table out.
///
/// `process` must not depend on other batches (so batches can run in parallel and in any
/// grouping) and must accept empty batches. The input batches are aligned by document: every
/// input holds the rows of the same documents.
pub trait Stage: Send + Sync {
    /// The stage's name, as in the CLI and the config (`split`, `tag`).
    fn name(&self) -> &'static str;
    /// The tables this stage reads, in the order `process` receives them.
    fn inputs(&self) -> &'static [&'static Table];
    /// The table this stage writes.
    fn output(&self) -> &'static Table;
    /// Transforms one document-aligned group of input batches.
    fn process(&self, inputs: &[&RecordBatch]) -> Result<RecordBatch>;
}
