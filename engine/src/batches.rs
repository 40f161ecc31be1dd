//! The batch loop, one for a run ([`crate::Engine::run`]) and for batches in memory
//! ([`crate::Engine::tag_batches`]): batches of documents are read and selected, split and
//! tagged, then handed on (written, aggregated, collected) in their input order.

use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

use newsmill_core::{Error, Result};
use newsmill_ingest::IngestBatch;

use crate::isolate::{Processed, Steps};
use crate::runner::Selector;

/// Batches in flight per worker thread, between the reader and the consumer: enough that no
/// worker waits for the next batch while the consumer writes; set by hand, not tuned.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// Runs the batches of `read` through the `steps` and gives each, with its tables (and the
/// mentions as found if the steps tag so), to `done` in input order. Three steps overlap so that no core waits: a reader thread calls `read` (on that
/// thread: the iterator it returns need not be `Send`) and selects each batch with `selector`,
/// `workers` threads split and tag them, each taking the next batch as soon as it is free
/// ([`crate::isolate::process`]: a document the steps fail on becomes a reject), and
/// the calling thread calls `done` in the input order. At most `workers` ×
/// [`IN_FLIGHT_PER_WORKER`] batches are between the reader and `done`, so memory stays bounded
/// whatever a batch costs. The first error (of reading, selecting or `done`) stops the loop and
/// is returned. Returns the selector (what it kept and replaced).
pub(crate) fn run<'s, R, I, D>(
    steps: Steps,
    workers: usize,
    read: R,
    mut selector: Selector<'s>,
    mut done: D,
) -> Result<Selector<'s>>
where
    R: FnOnce() -> I + Send,
    I: Iterator<Item = Result<IngestBatch>>,
    D: FnMut(Processed) -> Result<()>,
{
    let workers = workers.max(1);
    let in_flight = workers * IN_FLIGHT_PER_WORKER;
    type Job = Result<(usize, IngestBatch)>;
    type Done = (usize, Result<Processed>);
    std::thread::scope(|scope| -> Result<_> {
        let (job_tx, job_rx) = sync_channel::<Job>(in_flight);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
        // A token per batch in flight: the reader takes one, the consumer gives it back.
        let (token_tx, token_rx) = sync_channel::<()>(in_flight);
        let reader = scope.spawn(move || {
            for (seq, b) in read().enumerate() {
                let job = b.and_then(|b| selector.select(b)).map(|b| (seq, b));
                let failed = job.is_err();
                if token_tx.send(()).is_err() || job_tx.send(job).is_err() || failed {
                    break;
                }
            }
            selector
        });
        for _ in 0..workers {
            let job_rx = Arc::clone(&job_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let result = match job {
                    Err(_) => return, // the reader is done
                    Ok(Err(e)) => (usize::MAX, Err(e)),
                    Ok(Ok((seq, b))) => (seq, crate::isolate::process(steps, b)),
                };
                if done_tx.send(result).is_err() {
                    return; // the consumer failed
                }
            });
        }
        // The workers hold the only handles left: when they stop, the reader's sends fail.
        drop((job_rx, done_tx));
        let mut consume = || -> Result<()> {
            let mut pending: BTreeMap<usize, Processed> = BTreeMap::new();
            let mut next = 0;
            for (seq, result) in &done_rx {
                pending.insert(seq, result?);
                while let Some(p) = pending.remove(&next) {
                    done(p)?;
                    next += 1;
                    let _ = token_rx.try_recv();
                }
            }
            if pending.is_empty() {
                Ok(())
            } else {
                Err(Error::Internal(format!("batch {next} was never processed")))
            }
        };
        let consumed = consume();
        // On failure, stop the workers and the reader (their next send fails).
        drop((done_rx, token_rx));
        let selector = reader
            .join()
            .map_err(|_| Error::Internal("the reader thread panicked".into()))?;
        consumed?;
        Ok(selector)
    })
}
