//! `document_themes` kept compact while a run goes on (one row is 28 bytes: codes for the document
//! and the theme, counts, the score) and turned into Arrow batches only when written, a slice at a
//! time: a corpus of a million documents has about eight million rows, which as Arrow strings and
//! 64-bit numbers would hold several hundred megabytes at once.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, StringBuilder};
use arrow::record_batch::RecordBatch;
use newsmill_core::salience::ThemeSalience;
use newsmill_core::tables::DOCUMENT_THEMES;
use newsmill_core::{Error, Result};

/// One row: `doc` and `theme` are codes; `first` and `subject_rank` are `u32::MAX` for none; the
/// score is kept in 32 bits (its continuous part to about seven digits).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    doc: u32,
    theme: u32,
    mentions: u32,
    direct: u32,
    first: u32,
    score: f32,
    /// The theme's rank in the document; its rank among the document's top-level subjects
    /// (`u32::MAX` for none).
    rank: u32,
    subject_rank: u32,
    /// [`IN_TITLE`] and [`ABOUT`].
    flags: u8,
}

const IN_TITLE: u8 = 1;
const ABOUT: u8 = 2;

const NO_SENTENCE: u32 = u32::MAX;

/// The rows of `document_themes`, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentThemes {
    /// Document ids, one after the other; `doc_ends[d]` ends document `d`'s.
    doc_ids: String,
    doc_ends: Vec<usize>,
    /// Theme mentions of each document (the denominator of `share`).
    doc_totals: Vec<u32>,
    themes: Vec<String>,
    theme_codes: HashMap<String, u32>,
    /// Theme labels by code, filled in by [`DocumentThemes::named`].
    names: Vec<String>,
    rows: Vec<Row>,
}

impl DocumentThemes {
    /// Rows held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds the themes of one document with `total` theme mentions, in the order given.
    pub fn push(&mut self, doc_id: &str, total: usize, themes: &[ThemeSalience]) -> Result<()> {
        if themes.is_empty() {
            return Ok(());
        }
        let too_many = |what: &str| Error::Internal(format!("document_themes: too many {what}"));
        let doc = u32::try_from(self.doc_ends.len()).map_err(|_| too_many("documents"))?;
        self.doc_ids.push_str(doc_id);
        self.doc_ends.push(self.doc_ids.len());
        self.doc_totals
            .push(u32::try_from(total).map_err(|_| too_many("mentions"))?);
        for s in themes {
            let theme = match self.theme_codes.get(&s.theme) {
                Some(&c) => c,
                None => {
                    let c = u32::try_from(self.themes.len()).map_err(|_| too_many("themes"))?;
                    self.themes.push(s.theme.clone());
                    self.theme_codes.insert(s.theme.clone(), c);
                    c
                }
            };
            self.rows.push(Row {
                doc,
                theme,
                mentions: s.mentions,
                direct: s.direct_mentions,
                first: s.first_sentence.unwrap_or(NO_SENTENCE),
                score: s.score as f32,
                rank: s.rank,
                subject_rank: s.subject_rank.unwrap_or(NO_SENTENCE),
                flags: if s.in_title { IN_TITLE } else { 0 } | if s.about { ABOUT } else { 0 },
            });
        }
        Ok(())
    }

    /// Adds `other`'s rows after these, as if its documents had been pushed here in its order.
    pub fn append(&mut self, other: DocumentThemes) -> Result<()> {
        let too_many = |what: &str| Error::Internal(format!("document_themes: too many {what}"));
        let first_doc = u32::try_from(self.doc_ends.len()).map_err(|_| too_many("documents"))?;
        u32::try_from(self.doc_ends.len() + other.doc_ends.len())
            .map_err(|_| too_many("documents"))?;
        let mut theme_of = Vec::with_capacity(other.themes.len());
        for t in other.themes {
            let c = match self.theme_codes.get(&t) {
                Some(&c) => c,
                None => {
                    let c = u32::try_from(self.themes.len()).map_err(|_| too_many("themes"))?;
                    self.theme_codes.insert(t.clone(), c);
                    self.themes.push(t);
                    c
                }
            };
            theme_of.push(c);
        }
        let at = self.doc_ids.len();
        self.doc_ids.push_str(&other.doc_ids);
        self.doc_ends.extend(other.doc_ends.iter().map(|e| e + at));
        self.doc_totals.extend(other.doc_totals);
        self.rows.extend(other.rows.into_iter().map(|r| Row {
            doc: r.doc + first_doc,
            theme: theme_of[r.theme as usize],
            ..r
        }));
        Ok(())
    }

    /// The same rows with each theme's label (`name`; the id where it gives none).
    pub fn named(mut self, name: impl Fn(&str) -> Option<String>) -> DocumentThemes {
        self.names = self
            .themes
            .iter()
            .map(|t| name(t).unwrap_or_else(|| t.clone()))
            .collect();
        self
    }

    /// The documents about each theme, `(theme id, documents)` sorted by id, themes no document
    /// is about left out (each row is one document and one theme).
    pub fn about_documents(&self) -> Vec<(&str, u64)> {
        let mut n = vec![0u64; self.themes.len()];
        for r in self.rows.iter().filter(|r| r.flags & ABOUT != 0) {
            n[r.theme as usize] += 1;
        }
        let mut v: Vec<(&str, u64)> = self
            .themes
            .iter()
            .map(String::as_str)
            .zip(n)
            .filter(|&(_, c)| c > 0)
            .collect();
        v.sort_unstable();
        v
    }

    fn doc_id(&self, d: u32) -> &str {
        let d = d as usize;
        let start = if d == 0 { 0 } else { self.doc_ends[d - 1] };
        &self.doc_ids[start..self.doc_ends[d]]
    }

    /// Rows `range` as a batch of the `document_themes` schema.
    fn batch(&self, range: std::ops::Range<usize>) -> Result<RecordBatch> {
        let rows = &self.rows[range];
        let mut doc = StringBuilder::new();
        for r in rows {
            doc.append_value(self.doc_id(r.doc));
        }
        let label = |r: &Row| {
            self.names
                .get(r.theme as usize)
                .unwrap_or(&self.themes[r.theme as usize])
                .as_str()
        };
        let ids: StringArray = rows
            .iter()
            .map(|r| Some(self.themes[r.theme as usize].as_str()))
            .collect();
        let names: StringArray = rows.iter().map(|r| Some(label(r))).collect();
        let cols: Vec<ArrayRef> = vec![
            Arc::new(doc.finish()),
            Arc::new(ids),
            Arc::new(names),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| i64::from(r.mentions)),
            )),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| i64::from(r.direct)),
            )),
            Arc::new(BooleanArray::from_iter(
                rows.iter().map(|r| Some(r.flags & IN_TITLE != 0)),
            )),
            Arc::new(Int64Array::from_iter(
                rows.iter()
                    .map(|r| (r.first != NO_SENTENCE).then_some(i64::from(r.first))),
            )),
            Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| {
                // As `salience` computes it: mentions over the document's theme mentions.
                f64::from(r.mentions) / f64::from(self.doc_totals[r.doc as usize].max(1))
            }))),
            Arc::new(Float64Array::from_iter_values(
                rows.iter().map(|r| f64::from(r.score)),
            )),
            Arc::new(BooleanArray::from_iter(
                rows.iter().map(|r| Some(r.flags & ABOUT != 0)),
            )),
            Arc::new(BooleanArray::from_iter(
                rows.iter().map(|r| Some(r.direct == 0)),
            )),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| i64::from(r.rank)),
            )),
            Arc::new(Int64Array::from_iter(rows.iter().map(|r| {
                (r.subject_rank != NO_SENTENCE).then_some(i64::from(r.subject_rank))
            }))),
        ];
        let batch = RecordBatch::try_new(DOCUMENT_THEMES.schema(), cols)?;
        Ok(batch)
    }

    /// The rows as batches of at most `rows` rows each, built one at a time.
    pub fn batches(&self, rows: usize) -> impl Iterator<Item = Result<RecordBatch>> + '_ {
        let step = rows.max(1);
        (0..self.rows.len())
            .step_by(step)
            .map(move |s| self.batch(s..(s + step).min(self.rows.len())))
    }

    /// Every row in one batch (for tests and small outputs).
    pub fn to_batch(&self) -> Result<RecordBatch> {
        self.batch(0..self.rows.len())
    }
}
