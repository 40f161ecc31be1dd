//! The split stage: `documents` → `sentences`, with byte and character offsets into the
//! original text.
//!
//! The segmentation rules live in [`segment`]; this file turns them into a [`Stage`].

pub mod config;
pub mod eval;
pub mod segment;

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringBuilder, UInt32Builder};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{DOCUMENTS, SENTENCES};
use newsmill_core::util::{str_col, title_line_end, to_u32, CharOffsets};
use newsmill_core::{Error, Result, Stage, Table};

pub use config::SplitConfig;
pub use segment::Segmenter;

/// The split stage, built from a [`SplitConfig`].
#[derive(Debug, Clone)]
pub struct Splitter {
    segmenter: Segmenter,
}

impl Splitter {
    /// Builds the splitter; every problem of the config is reported at once.
    pub fn new(config: &SplitConfig) -> Result<Splitter> {
        let segmenter = Segmenter::new(config)
            .map_err(|e| Error::Config(e.into_iter().map(|m| format!("split: {m}")).collect()))?;
        Ok(Splitter { segmenter })
    }

    /// The sentence spans of one text.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.segmenter.split(text)
    }

    /// The sentence spans of a text's body: after its first line when that line is the title
    /// (see [`title_line_end`]: a `.txt` file's title is the title, not a sentence), else of the
    /// whole text. Offsets index the whole text.
    pub fn body_spans(&self, title: Option<&str>, text: &str) -> Vec<(usize, usize)> {
        match title_line_end(title, text) {
            Some(b) => self
                .segmenter
                .split(&text[b..])
                .into_iter()
                .map(|(s, e)| (s + b, e + b))
                .collect(),
            None => self.segmenter.split(text),
        }
    }

    /// The segmenter.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }
}

static INPUTS: [&Table; 1] = [&DOCUMENTS];

impl Stage for Splitter {
    fn name(&self) -> &'static str {
        "split"
    }

    fn inputs(&self) -> &'static [&'static Table] {
        &INPUTS
    }

    fn output(&self) -> &'static Table {
        &SENTENCES
    }

    fn process(&self, inputs: &[&RecordBatch]) -> Result<RecordBatch> {
        let docs = inputs
            .first()
            .ok_or_else(|| Error::Internal("split: no documents batch".into()))?;
        let ids = str_col(docs, "doc_id")?;
        let texts = str_col(docs, "text")?;
        let titles = str_col(docs, "title")?;
        let mut doc_id = StringBuilder::new();
        let mut sentence_id = UInt32Builder::new();
        let (mut start, mut end) = (UInt32Builder::new(), UInt32Builder::new());
        let (mut char_start, mut char_end) = (UInt32Builder::new(), UInt32Builder::new());
        for row in 0..docs.num_rows() {
            let (id, text) = (ids.value(row), texts.value(row));
            let title = titles.is_valid(row).then(|| titles.value(row));
            let mut chars = CharOffsets::new(text);
            for (i, (s, e)) in self.body_spans(title, text).into_iter().enumerate() {
                doc_id.append_value(id);
                sentence_id.append_value(to_u32(i, "sentence id")?);
                start.append_value(to_u32(s, "sentence")?);
                end.append_value(to_u32(e, "sentence")?);
                char_start.append_value(to_u32(chars.at(s), "sentence")?);
                char_end.append_value(to_u32(chars.at(e), "sentence")?);
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(doc_id.finish()),
            Arc::new(sentence_id.finish()),
            Arc::new(start.finish()),
            Arc::new(end.finish()),
            Arc::new(char_start.finish()),
            Arc::new(char_end.finish()),
        ];
        Ok(RecordBatch::try_new(SENTENCES.schema(), columns)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Array, StringArray, TimestampMicrosecondArray};
    use newsmill_core::util::u32_col;

    fn docs(texts: &[&str]) -> RecordBatch {
        let n = texts.len();
        let ids: Vec<String> = (0..n).map(|i| format!("d{i}")).collect();
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(ids.clone())),
            Arc::new(StringArray::from(ids)),
            Arc::new(StringArray::from(vec![None::<&str>; n])),
            Arc::new(TimestampMicrosecondArray::from(vec![None; n]).with_timezone("UTC")),
            Arc::new(StringArray::from(vec![None::<&str>; n])),
            Arc::new(StringArray::from(texts.to_vec())),
            Arc::new(StringArray::from(vec!["0"; n])),
            Arc::new(arrow::array::UInt64Array::from(vec![0; n])),
            Arc::new(StringArray::from(vec![None::<&str>; n])),
        ];
        RecordBatch::try_new(DOCUMENTS.schema(), cols).unwrap()
    }

    #[test]
    fn sentences_lie_inside_their_documents_with_matching_char_offsets() {
        let texts = ["Zürich wins. 東京 loses!\n\nA new paragraph", "", "One."];
        let batch = docs(&texts);
        let splitter = Splitter::new(&SplitConfig::default()).unwrap();
        let out = splitter.process(&[&batch]).unwrap();
        SENTENCES.check(&out.schema(), "test").unwrap();
        let ids = str_col(&out, "doc_id").unwrap();
        let (s, e) = (
            u32_col(&out, "start").unwrap(),
            u32_col(&out, "end").unwrap(),
        );
        let (cs, ce) = (
            u32_col(&out, "char_start").unwrap(),
            u32_col(&out, "char_end").unwrap(),
        );
        assert!(out.num_rows() >= 4);
        for r in 0..out.num_rows() {
            let d: usize = ids.value(r)[1..].parse().unwrap();
            let text = texts[d];
            let (s, e) = (s.value(r) as usize, e.value(r) as usize);
            assert!(s < e && e <= text.len());
            let by_chars: String = text
                .chars()
                .skip(cs.value(r) as usize)
                .take((ce.value(r) - cs.value(r)) as usize)
                .collect();
            assert_eq!(&text[s..e], by_chars);
        }
        assert_eq!(splitter.process(&[&docs(&[])]).unwrap().num_rows(), 0);
        assert!(out.column(0).null_count() == 0);
    }
}
