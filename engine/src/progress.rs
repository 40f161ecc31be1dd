//! How a run reports progress to its caller (the command line draws a progress line from it).

/// Receives progress from a run: documents and bytes of text done, and the end of the reading.
/// Called from the thread that drives the run, never concurrently.
pub trait Progress {
    /// Adds `docs` documents and `bytes` bytes of text done.
    fn advance(&self, docs: u64, bytes: u64);
    /// The documents are all read (what remains is merging and aggregating).
    fn finish(&self);
}

/// No progress reporting.
impl Progress for () {
    fn advance(&self, _docs: u64, _bytes: u64) {}
    fn finish(&self) {}
}
