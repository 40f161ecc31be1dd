//! Per-document isolation of failures: a panic or an internal error while splitting, tagging or
//! aggregating one document becomes a `rejects` row (reason `internal_error`) and the other
//! documents of its batch go on. A batch is first run whole (the fast path); only when it fails
//! is it run again document by document to find the culprits.
//!
//! Aggregating is checked on the workers, before the batch reaches the run's aggregator: the
//! batch is added to a fresh aggregator of its own ([`Check`]), so that a document it fails on is
//! found and rejected while the run's aggregator has not seen it (an aggregator that failed
//! half-way through a batch cannot be trusted, so a failure there stays an error of the run).
//! When no document failed, the run's aggregator merges the check's counts ([`merge`]): each
//! batch is counted once.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use arrow::array::{Array, BooleanArray};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{Table, DOCUMENTS, SENTENCES};
use newsmill_core::util::str_col;
use newsmill_core::{Error, Result, Stage};
use newsmill_ingest::{sample, Reject};
use newsmill_tag::{MentionRows, Tagger};

use crate::runner::run_stages;

/// The tables of one batch, by name.
pub type Tables = HashMap<&'static str, RecordBatch>;

/// What running the stages on a batch gave: the documents that went through (the batch's own
/// when none failed), their tables, one reject per document that failed, and their mentions as
/// found when [`Steps::tagger`] tagged them.
pub struct Isolated {
    pub documents: RecordBatch,
    pub tables: Tables,
    pub rejects: Vec<Reject>,
    pub rows: Option<MentionRows>,
    /// What the [`Check`] made of the whole batch; `None` without a check or when a document
    /// failed (the batch was then run again document by document).
    pub checked: Option<Checked>,
}

/// What a [`Check`] made of a batch: the batch counted on an aggregator of its own (a
/// [`newsmill_aggregate::Aggregator::sibling`] of the run's, which merges it: the batch is
/// counted once), and the `mentions` rows it built when they fit one chunk (the writer writes
/// them as they are instead of building them again).
pub struct Checked {
    pub agg: newsmill_aggregate::Aggregator,
    pub mentions: Option<RecordBatch>,
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic without a message".to_string()
    }
}

/// A check of a batch's tables after the stages, run like a stage: the run's aggregation, on an
/// aggregator of the batch's own; with the mentions as found when [`Steps::tagger`] tagged them.
/// Any error of a check is the documents' failure.
pub type Check<'a> = &'a (dyn Fn(&Tables, Option<&MentionRows>) -> Result<Checked> + Sync);

/// What is done to a batch: the `stages`, then the `tagger` (if any) keeping the mentions as it
/// found them ([`MentionRows`]: whoever takes them makes the rows a chunk at a time, so that a
/// huge document's rows are never all built at once; issue 25), then the `check`.
#[derive(Clone, Copy)]
pub struct Steps<'a> {
    pub stages: &'a [&'a dyn Stage],
    pub tagger: Option<&'a Tagger>,
    pub check: Option<Check<'a>>,
}

/// Runs the `steps` on `tables` (which hold at least `documents`), turning a panic into an
/// error; returns the mentions as found when the steps tag so, and what the check made of them.
/// `Ok(Err(message))` is a failure
/// that belongs to the documents (a panic, an internal error, any error of the check); `Err` is
/// a failure of the whole run (I/O, a schema, the configuration).
fn attempt(steps: Steps, tables: &mut Tables) -> Result<Result<Attempted, String>> {
    let run = || {
        run_stages(steps.stages, tables)?;
        let rows = match steps.tagger {
            Some(tagger) => {
                let table = |t: &Table| {
                    tables
                        .get(t.name)
                        .ok_or_else(|| Error::Internal(format!("tag: no `{}` batch", t.name)))
                };
                Some(tagger.tag_rows(table(&DOCUMENTS)?, table(&SENTENCES)?)?)
            }
            None => None,
        };
        let checked = match steps.check {
            Some(check) => Some(
                check(tables, rows.as_ref())
                    .map_err(|e| Error::Internal(format!("aggregating failed: {e}")))?,
            ),
            None => None,
        };
        Ok((rows, checked))
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(done)) => Ok(Ok(done)),
        Ok(Err(Error::Internal(m))) => Ok(Err(m)),
        Ok(Err(Error::Arrow(e))) => Ok(Err(format!("arrow: {e}"))),
        Ok(Err(e)) => Err(e),
        Err(payload) => Ok(Err(format!("panic: {}", panic_message(payload.as_ref())))),
    }
}

/// The mentions as found and what the check made of them: [`attempt`].
type Attempted = (Option<MentionRows>, Option<Checked>);

/// Runs `stages` on `tables`; a panic is an internal error (with its message), not a crash. For
/// the stage commands, whose outputs have no `rejects` table.
pub fn run_caught(stages: &[&dyn Stage], tables: &mut Tables) -> Result<()> {
    let steps = Steps {
        stages,
        tagger: None,
        check: None,
    };
    match attempt(steps, tables)? {
        Ok(_) => Ok(()),
        Err(m) => Err(Error::Internal(m)),
    }
}

/// Runs `stages` on a batch of `documents`; the documents on which they fail become rejects.
pub fn run_isolated(stages: &[&dyn Stage], documents: &RecordBatch) -> Result<Isolated> {
    let steps = Steps {
        stages,
        tagger: None,
        check: None,
    };
    run_checked(steps, documents)
}

/// [`run_isolated`] with all the `steps`: the documents on which the stages, the tagger or the
/// check fail become rejects.
pub fn run_checked(steps: Steps, documents: &RecordBatch) -> Result<Isolated> {
    let mut tables = Tables::from([(DOCUMENTS.name, documents.clone())]);
    if let Ok((rows, checked)) = attempt(steps, &mut tables)? {
        return Ok(Isolated {
            documents: documents.clone(),
            tables,
            rejects: Vec::new(),
            rows,
            checked,
        });
    }
    // Again one document at a time. The empty batch gives every output's schema.
    let mut empty = Tables::from([(DOCUMENTS.name, documents.slice(0, 0))]);
    if let Err(m) = attempt(steps, &mut empty)? {
        return Err(Error::Internal(format!(
            "the stages fail on no documents: {m}"
        )));
    }
    let ids = str_col(documents, "doc_id")?;
    let sources = str_col(documents, "source")?;
    let texts = str_col(documents, "text")?;
    let mut keep = Vec::with_capacity(documents.num_rows());
    let mut parts: HashMap<&'static str, Vec<RecordBatch>> = HashMap::new();
    let mut rejects = Vec::new();
    let mut row_parts = Vec::new();
    for i in 0..documents.num_rows() {
        let mut one = Tables::from([(DOCUMENTS.name, documents.slice(i, 1))]);
        match attempt(steps, &mut one)? {
            // The documents' own checks are dropped: the writer counts what went through.
            Ok((rows, _)) => {
                keep.push(true);
                row_parts.extend(rows);
                for (name, b) in one {
                    if name != DOCUMENTS.name {
                        parts.entry(name).or_default().push(b);
                    }
                }
            }
            Err(message) => {
                keep.push(false);
                rejects.push(Reject {
                    source: sources.value(i).to_string(),
                    position: None,
                    reason: format!("internal_error: {message} (doc_id `{}`)", ids.value(i)),
                    sample: if texts.is_valid(i) {
                        sample(texts.value(i).as_bytes())
                    } else {
                        String::new()
                    },
                });
            }
        }
    }
    let mut tables = Tables::new();
    for (name, e) in empty {
        if name == DOCUMENTS.name {
            continue;
        }
        let b = arrow::compute::concat_batches(&e.schema(), parts.get(name).into_iter().flatten())?;
        tables.insert(name, b);
    }
    let documents = arrow::compute::filter_record_batch(documents, &BooleanArray::from(keep))?;
    tables.insert(DOCUMENTS.name, documents.clone());
    let rows = match steps.tagger {
        Some(_) => Some(MentionRows::join(documents.clone(), row_parts)?),
        None => None,
    };
    Ok(Isolated {
        documents,
        tables,
        rejects,
        rows,
        checked: None,
    })
}

/// The batch `b` after `isolated`: without its failed documents, with their rejects added; and
/// the tables of the documents that went through.
pub fn apply(mut b: newsmill_ingest::IngestBatch, isolated: Isolated) -> Result<Processed> {
    if !isolated.rejects.is_empty() {
        let before: u64 = text_bytes(&b.documents)?;
        b.documents = isolated.documents;
        b.text_bytes = b
            .text_bytes
            .saturating_sub(before.saturating_sub(text_bytes(&b.documents)?));
        let new = newsmill_ingest::rejects_batch(&isolated.rejects)?;
        b.rejects = arrow::compute::concat_batches(&b.rejects.schema(), [&b.rejects, &new])?;
    }
    let mut rows = isolated.rows;
    if isolated
        .checked
        .as_ref()
        .is_some_and(|c| c.mentions.is_some())
    {
        // The check built the rows: the mentions as found are not needed any more.
        rows = None;
    }
    Ok((b, isolated.tables, rows, isolated.checked))
}

/// A batch after its steps: without its failed documents (their rejects added), the tables of
/// the others, their mentions as found if [`Steps::tagger`] tagged them (unless the check built
/// their rows), and what the check made of them.
pub type Processed = (
    newsmill_ingest::IngestBatch,
    Tables,
    Option<MentionRows>,
    Option<Checked>,
);

/// One batch through the `steps`: [`run_checked`], then [`apply`]. The one per-batch path of a
/// run (`runner`) and of [`crate::Engine::tag_batches`].
pub fn process(steps: Steps, b: newsmill_ingest::IngestBatch) -> Result<Processed> {
    let isolated = run_checked(steps, &b.documents)?;
    apply(b, isolated)
}

/// Adds a batch to the run's aggregator; a panic there is an internal error of the run (the
/// aggregator's state cannot be trusted after it), with the panic's message. The documents
/// passed the [`Check`] on an aggregator of their own, so only a failure that depends on the
/// documents before them gets here.
pub fn aggregate(
    agg: &mut newsmill_aggregate::Aggregator,
    documents: &RecordBatch,
    mentions: &RecordBatch,
) -> Result<()> {
    aggregate_chunks(agg, documents, [Ok(mentions.clone())])
}

/// Merges what the [`Check`] counted of a batch into the run's aggregator
/// ([`newsmill_aggregate::Aggregator::merge`]); `Ok(false)` when it cannot (the caller adds the
/// batch). A panic is an internal error of the run, as in [`aggregate`].
pub fn merge(
    agg: &mut newsmill_aggregate::Aggregator,
    checked: newsmill_aggregate::Aggregator,
) -> Result<bool> {
    catch_unwind(AssertUnwindSafe(|| agg.merge(checked))).unwrap_or_else(|payload| {
        Err(Error::Internal(format!(
            "aggregating failed: {}",
            panic_message(payload.as_ref())
        )))
    })
}

/// [`aggregate`] with the mentions in chunks of rows ([`newsmill_aggregate::Aggregator::add_chunks`]).
pub fn aggregate_chunks(
    agg: &mut newsmill_aggregate::Aggregator,
    documents: &RecordBatch,
    chunks: impl IntoIterator<Item = Result<RecordBatch>>,
) -> Result<()> {
    catch_unwind(AssertUnwindSafe(|| agg.add_chunks(documents, chunks))).unwrap_or_else(|payload| {
        Err(Error::Internal(format!(
            "aggregating failed: {}",
            panic_message(payload.as_ref())
        )))
    })
}

fn text_bytes(documents: &RecordBatch) -> Result<u64> {
    Ok(str_col(documents, "text")?
        .iter()
        .flatten()
        .map(|t| t.len() as u64)
        .sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_core::tables::{Table, MENTIONS, SENTENCES};

    /// A splitter that panics on texts holding a pound sign after a word, like the tag stage
    /// once did on "£1.5bn", and fails with an internal error on texts holding "ERR".
    struct Fragile;

    impl Stage for Fragile {
        fn name(&self) -> &'static str {
            "fragile"
        }
        fn inputs(&self) -> &'static [&'static Table] {
            static INPUTS: [&Table; 1] = [&DOCUMENTS];
            &INPUTS
        }
        fn output(&self) -> &'static Table {
            &SENTENCES
        }
        fn process(&self, inputs: &[&RecordBatch]) -> Result<RecordBatch> {
            let texts = str_col(inputs[0], "text")?;
            for t in texts.iter().flatten() {
                if let Some(i) = t.find(" £") {
                    // The very slice that panicked: one byte into the pound sign.
                    let _ = &t[i + 2..];
                }
                if t.contains("ERR") {
                    return Err(Error::Internal("bad document".into()));
                }
            }
            newsmill_split::Splitter::new(&Default::default())?.process(inputs)
        }
    }

    fn docs(texts: &[&str]) -> RecordBatch {
        let docs: Vec<newsmill_ingest::Doc> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| newsmill_ingest::Doc {
                doc_id: format!("d{i}"),
                source: "in.jsonl".into(),
                title: None,
                published_at: None,
                unparsed_date: false,
                legacy_decoded: false,
                url: None,
                text: (*t).to_string(),
                outlet: None,
                carried: vec![],
                used: Default::default(),
            })
            .collect();
        newsmill_ingest::documents_batch(&docs, &[]).unwrap()
    }

    #[test]
    fn pound_sign_panic_rejects_only_its_document() {
        // (texts, ids expected to be rejected)
        let cases: &[(&[&str], &[&str])] = &[
            (&["Fine text. Two sentences."], &[]),
            (&["It cost £1.5bn.", "Fine text."], &["d0"]),
            (
                &["Fine.", "A loss of £3m.", "ERR here.", "Also fine."],
                &["d1", "d2"],
            ),
            (&["£ at the start is fine.", "Spent £9."], &["d1"]),
            (&["Spent £9.", "Paid £2."], &["d0", "d1"]),
        ];
        let stages: [&dyn Stage; 1] = [&Fragile];
        for (texts, bad) in cases {
            let batch = docs(texts);
            let out = run_isolated(&stages, &batch).unwrap();
            let rejected: Vec<&str> = out
                .rejects
                .iter()
                .map(|r| {
                    let id = r.reason.rsplit('`').nth(1).unwrap();
                    assert!(r.reason.starts_with("internal_error: "), "{}", r.reason);
                    id
                })
                .collect();
            assert_eq!(&rejected, bad, "{texts:?}");
            let kept: Vec<&str> = str_col(&out.documents, "doc_id")
                .unwrap()
                .iter()
                .flatten()
                .collect();
            assert_eq!(kept.len() + bad.len(), texts.len());
            assert!(kept.iter().all(|k| !bad.contains(k)));
            let sent = &out.tables[SENTENCES.name];
            let sent_ids = str_col(sent, "doc_id").unwrap();
            assert!(sent_ids.iter().flatten().all(|id| kept.contains(&id)));
            for k in &kept {
                assert!(
                    sent_ids.iter().flatten().any(|id| id == *k),
                    "{k} lost its sentences"
                );
            }
            for r in &out.rejects {
                assert!(texts.iter().any(|t| t.starts_with(&r.sample)));
            }
        }
    }

    /// A stage after the tagger that files the mentions of documents holding "MISFILED" under
    /// another document: the aggregator fails on them ("a mention of document `elsewhere`"), as
    /// it would on any inconsistency a bug upstream left.
    struct Misfile;

    impl Stage for Misfile {
        fn name(&self) -> &'static str {
            "misfile"
        }
        fn inputs(&self) -> &'static [&'static Table] {
            static INPUTS: [&Table; 2] = [&DOCUMENTS, &MENTIONS];
            &INPUTS
        }
        fn output(&self) -> &'static Table {
            &MENTIONS
        }
        fn process(&self, inputs: &[&RecordBatch]) -> Result<RecordBatch> {
            let (docs, mentions) = (inputs[0], inputs[1]);
            let (ids, texts) = (str_col(docs, "doc_id")?, str_col(docs, "text")?);
            let bad: Vec<&str> = (0..docs.num_rows())
                .filter(|&i| texts.value(i).contains("MISFILED"))
                .map(|i| ids.value(i))
                .collect();
            let m_ids: arrow::array::StringArray = str_col(mentions, "doc_id")?
                .iter()
                .map(|id| id.map(|id| if bad.contains(&id) { "elsewhere" } else { id }))
                .collect();
            let at = mentions.schema().index_of("doc_id")?;
            let mut columns = mentions.columns().to_vec();
            columns[at] = std::sync::Arc::new(m_ids);
            Ok(RecordBatch::try_new(mentions.schema(), columns)?)
        }
    }

    #[test]
    fn aggregator_failure_rejects_only_its_document() {
        let config = crate::config::Config::default();
        let w = crate::runner::Workers::build(&config, crate::runner::Stages::ALL).unwrap();
        let base = crate::runner::aggregator(&config, w.tagger.dictionary());
        // The run's check, and the same with a panic on documents holding "PANIC" (a test hook:
        // the aggregator has no panic to trigger on purpose).
        let check = |t: &Tables, rows: Option<&MentionRows>| {
            let texts = str_col(&t[DOCUMENTS.name], "text")?;
            if texts.iter().flatten().any(|t| t.contains("PANIC")) {
                panic!("aggregator hook");
            }
            crate::runner::aggregate_check(&base, &w, t, rows)
        };
        let stages: [&dyn Stage; 3] = [&w.splitter, &w.tagger, &Misfile];
        // (texts, ids expected to be rejected)
        let cases: &[(&[&str], &[&str])] = &[
            (&["Talks in Germany went on.", "Oil rose in France."], &[]),
            (
                &[
                    "Talks in Germany went on.",
                    "MISFILED: Oil rose in France.",
                    "Fine in Japan.",
                ],
                &["d1"],
            ),
            (
                &["PANIC in Germany.", "Fine in Japan.", "MISFILED in France."],
                &["d0", "d2"],
            ),
        ];
        for (texts, bad) in cases {
            let batch = docs(texts);
            let steps = Steps {
                stages: &stages,
                tagger: None,
                check: Some(&check),
            };
            let out = run_checked(steps, &batch).unwrap();
            let rejected: Vec<&str> = out
                .rejects
                .iter()
                .map(|r| {
                    assert!(r.reason.starts_with("internal_error: "), "{}", r.reason);
                    assert!(texts.iter().any(|t| t.starts_with(&r.sample)));
                    r.reason.rsplit('`').nth(1).unwrap()
                })
                .collect();
            assert_eq!(&rejected, bad, "{texts:?}");
            let kept: Vec<&str> = str_col(&out.documents, "doc_id")
                .unwrap()
                .iter()
                .flatten()
                .collect();
            assert_eq!(kept.len() + bad.len(), texts.len(), "{texts:?}");
            // What went through aggregates: the run's aggregator takes it.
            let mut agg = crate::runner::aggregator(&config, w.tagger.dictionary());
            aggregate(&mut agg, &out.documents, &out.tables[MENTIONS.name]).unwrap();
            let want = agg.finish().unwrap();
            assert_eq!(
                want.countries.num_rows(),
                kept.len(),
                "one country per document kept: {texts:?}"
            );
            // The check's counts come with the batch only when no document failed (a rejected
            // document must not reach the run's aggregator); merged, they are the same.
            assert_eq!(out.checked.is_some(), bad.is_empty(), "{texts:?}");
            if let Some(checked) = out.checked {
                let mut run = base.sibling();
                assert!(merge(&mut run, checked.agg).unwrap());
                let got = run.finish().unwrap();
                assert_eq!(got.countries, want.countries);
                assert_eq!(got.themes, want.themes);
                assert_eq!(got.cooccurrence, want.cooccurrence);
                assert_eq!(got.timeseries, want.timeseries);
            }
        }
        // Without the check, the misfiled mentions reach the run's aggregator: an error of the
        // run, as before.
        let out = run_isolated(&stages, &docs(&["MISFILED in France."])).unwrap();
        let mut agg = crate::runner::aggregator(&config, w.tagger.dictionary());
        assert!(aggregate(&mut agg, &out.documents, &out.tables[MENTIONS.name]).is_err());
    }
}
