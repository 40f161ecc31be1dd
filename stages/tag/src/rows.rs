//! A batch's mentions as the tagger found them, made into `mentions` rows a chunk at a time
//! (issue 25): a huge document's rows (about 200 bytes a mention as Arrow columns) need not all
//! exist at once; the mentions as found take 56 bytes each (`size_of::<Mention>()` today).

use arrow::array::Array;
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::MENTIONS;
use newsmill_core::util::{i64_col, str_col, CharOffsets};
use newsmill_core::{Error, Result};

use crate::{Builders, Mention, Tagger};

/// The mentions of a batch of documents, as the tagger found them, by document (row of the
/// batch). [`MentionRows::chunks`] makes them `mentions` rows; [`Tagger::tag_rows`] gives them.
#[derive(Debug, Clone)]
pub struct MentionRows {
    documents: RecordBatch,
    found: Vec<Vec<Mention>>,
    rows: usize,
}

impl MentionRows {
    /// The number of `mentions` rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The documents whose mentions these are.
    pub fn documents(&self) -> &RecordBatch {
        &self.documents
    }

    /// The rows in document order, in batches of at most `max_rows` rows (at least one batch,
    /// empty when there are no mentions); `tagger` is the one that found them (its dictionary
    /// names their entities).
    pub fn chunks<'a>(&'a self, tagger: &'a Tagger, max_rows: usize) -> Result<MentionChunks<'a>> {
        Ok(MentionChunks {
            tagger,
            rows: self,
            ids: str_col(&self.documents, "doc_id")?,
            titles: str_col(&self.documents, "title")?,
            texts: str_col(&self.documents, "text")?,
            max_rows: max_rows.max(1),
            doc: 0,
            next: 0,
            chars: None,
            first: true,
        })
    }

    /// All the rows in one batch.
    pub fn batch(&self, tagger: &Tagger) -> Result<RecordBatch> {
        let mut chunks = self.chunks(tagger, self.rows.max(1))?;
        chunks
            .next()
            .unwrap_or_else(|| Ok(RecordBatch::new_empty(MENTIONS.schema())))
    }

    /// The rows of the documents `parts` hold, in their order, for the documents `documents`
    /// (the parts' documents, in the same order, together).
    pub fn join(documents: RecordBatch, parts: Vec<MentionRows>) -> Result<MentionRows> {
        let found: Vec<Vec<Mention>> = parts.into_iter().flat_map(|p| p.found).collect();
        if found.len() != documents.num_rows() {
            return Err(Error::Internal(format!(
                "mentions of {} documents joined for {}",
                found.len(),
                documents.num_rows()
            )));
        }
        let rows = found.iter().map(Vec::len).sum();
        Ok(MentionRows {
            documents,
            found,
            rows,
        })
    }
}

/// The iterator of [`MentionRows::chunks`].
pub struct MentionChunks<'a> {
    tagger: &'a Tagger,
    rows: &'a MentionRows,
    ids: &'a arrow::array::StringArray,
    titles: &'a arrow::array::StringArray,
    texts: &'a arrow::array::StringArray,
    max_rows: usize,
    /// The document and its next mention to make a row of.
    doc: usize,
    next: usize,
    /// The character counters of the current document's title and text (they only go forward
    /// through one document: a new one for each chunk would count again from its start).
    chars: Option<(CharOffsets<'a>, CharOffsets<'a>)>,
    /// Whether no batch was given yet (an empty batch is given when there are no rows).
    first: bool,
}

impl Iterator for MentionChunks<'_> {
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Result<RecordBatch>> {
        let found = &self.rows.found;
        let mut b = Builders::new();
        let mut n = 0;
        while n < self.max_rows && self.doc < found.len() {
            let ms = &found[self.doc];
            let d = self.doc;
            let take = (ms.len() - self.next).min(self.max_rows - n);
            let title = if self.titles.is_valid(d) {
                self.titles.value(d)
            } else {
                ""
            };
            let chars = self.chars.get_or_insert_with(|| {
                (
                    CharOffsets::new(title),
                    CharOffsets::new(self.texts.value(d)),
                )
            });
            if let Err(e) = self.tagger.append(
                &mut b,
                self.ids.value(d),
                chars,
                &ms[self.next..self.next + take],
            ) {
                self.doc = found.len();
                return Some(Err(e));
            }
            n += take;
            self.next += take;
            if self.next == ms.len() {
                self.doc += 1;
                self.next = 0;
                self.chars = None;
            }
        }
        if n == 0 && !self.first {
            return None;
        }
        self.first = false;
        Some(b.finish())
    }
}

impl Tagger {
    /// The mentions of a batch's `documents` whose sentences are `sentences` (the stage's
    /// inputs), as found: [`MentionRows`] makes them rows.
    pub fn tag_rows(
        &self,
        documents: &RecordBatch,
        sentences: &RecordBatch,
    ) -> Result<MentionRows> {
        self.ready()?;
        let (docs, sents) = (documents, sentences);
        let (ids, texts) = (str_col(docs, "doc_id")?, str_col(docs, "text")?);
        let titles = str_col(docs, "title")?;
        let dates = docs.column_by_name("published_at").and_then(|c| {
            c.as_any()
                .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
        });
        let (sids, fields, starts, ends) = (
            str_col(sents, "doc_id")?,
            str_col(sents, "field")?,
            i64_col(sents, "start")?,
            i64_col(sents, "end")?,
        );
        let mut found = Vec::with_capacity(docs.num_rows());
        let mut row = 0;
        let mut spans = Vec::new();
        for d in 0..docs.num_rows() {
            let (id, text) = (ids.value(d), texts.value(d));
            spans.clear();
            while row < sents.num_rows() && sids.value(row) == id {
                if fields.value(row) == "title" {
                    // The title's row: the tagger finds the title span itself.
                    row += 1;
                    continue;
                }
                let offset = |v: i64| usize::try_from(v).unwrap_or(usize::MAX);
                let (s, e) = (offset(starts.value(row)), offset(ends.value(row)));
                if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e)
                {
                    return Err(Error::Schema {
                        context: format!("sentences of document `{id}`"),
                        expected: "offsets inside the document text".into(),
                        found: format!("{s}..{e} in a text of {} bytes", text.len()),
                    });
                }
                spans.push((s, e));
                row += 1;
            }
            let date = dates.and_then(|a| a.is_valid(d).then(|| a.value(d)));
            let title = titles.is_valid(d).then(|| titles.value(d));
            found.push(self.tag_titled(title, text, &spans, date)?);
        }
        if row != sents.num_rows() {
            return Err(Error::Schema {
                context: "tag input".into(),
                expected: "sentences in the order of their documents".into(),
                found: format!(
                    "sentence row {row} (document `{}`) does not follow its document",
                    sids.value(row)
                ),
            });
        }
        let rows = found.iter().map(Vec::len).sum();
        Ok(MentionRows {
            documents: docs.clone(),
            found,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{ArrayRef, StringArray};
    use newsmill_core::Stage;
    use std::sync::Arc;

    /// Documents (id, title, text) and their sentences as the split stage gives them.
    fn batch(docs: &[(&str, Option<&str>, &str)]) -> (RecordBatch, RecordBatch) {
        let schema = newsmill_core::tables::DOCUMENTS.schema();
        let columns: Vec<ArrayRef> = schema
            .fields()
            .iter()
            .map(|f| -> ArrayRef {
                match f.name().as_str() {
                    "doc_id" => Arc::new(StringArray::from_iter_values(docs.iter().map(|d| d.0))),
                    "title" => Arc::new(StringArray::from_iter(docs.iter().map(|d| d.1))),
                    "text" => Arc::new(StringArray::from_iter_values(docs.iter().map(|d| d.2))),
                    "simhash" => Arc::new(arrow::array::UInt64Array::from(vec![0; docs.len()])),
                    _ if !f.is_nullable() => Arc::new(StringArray::from(vec!["x"; docs.len()])),
                    _ => arrow::array::new_null_array(f.data_type(), docs.len()),
                }
            })
            .collect();
        let documents = RecordBatch::try_new(schema, columns).unwrap();
        let splitter = newsmill_split::Splitter::new(&Default::default()).unwrap();
        let sentences = splitter.process(&[&documents]).unwrap();
        (documents, sentences)
    }

    /// The rows made a chunk at a time, of any size, are the rows made at once (and the stage's):
    /// chunks cut documents anywhere, between a title's and a text's mentions and after text in
    /// several scripts, whose character offsets go on from chunk to chunk.
    #[test]
    fn mentions_in_chunks_are_the_rows_made_at_once() {
        let tagger = Tagger::new(&crate::TagConfig::default()).unwrap();
        // (documents: id, title, text)
        let cases: &[&[(&str, Option<&str>, &str)]] = &[
            &[(
                "a",
                Some("Talks in Germany"),
                "BERLIN — Germany and France met on trade. Prices in € and £ rose in Japan. \
                 The United Nations said Japan’s exports to China fell.",
            )],
            &[
                (
                    "x",
                    None,
                    "Oil prices rose in Norway. 😀 Canada and Mexico signed a deal.",
                ),
                ("y", Some("No mentions here"), "nothing at all"),
                (
                    "z",
                    None,
                    "Ünïcödé aside, Brazil won the World Cup in football.",
                ),
            ],
            &[("e", None, "")],
        ];
        for docs in cases {
            let (documents, sentences) = batch(docs);
            let found = tagger.tag_rows(&documents, &sentences).unwrap();
            let whole = found.batch(&tagger).unwrap();
            assert_eq!(whole.num_rows(), found.rows());
            assert_eq!(whole, tagger.process(&[&documents, &sentences]).unwrap());
            for size in 1..=found.rows().max(1) + 1 {
                let chunks: Vec<RecordBatch> = found
                    .chunks(&tagger, size)
                    .unwrap()
                    .collect::<Result<_>>()
                    .unwrap();
                assert!(chunks.iter().all(|c| c.num_rows() <= size));
                assert_eq!(chunks.len(), found.rows().div_ceil(size).max(1), "{size}");
                let joined = arrow::compute::concat_batches(&MENTIONS.schema(), &chunks).unwrap();
                assert_eq!(joined, whole, "chunks of {size}: {docs:?}");
            }
        }
    }
}
