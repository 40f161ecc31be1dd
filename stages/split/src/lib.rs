//! The split stage: `documents` → `sentences`, with byte and character offsets into the
//! original text.
//!
//! The segmentation rules live in [`segment`]; this file turns them into a [`Stage`].

pub mod config;
pub mod eval;
pub mod segment;

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Int64Builder, StringBuilder};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{DOCUMENTS, SENTENCES};
use newsmill_core::util::{str_col, title_line_end, title_span, to_i64, CharOffsets};
use newsmill_core::{Error, Result, Stage, Table};

pub use config::SplitConfig;
pub use segment::Segmenter;

/// The split stage, built from a [`SplitConfig`].
#[derive(Debug, Clone)]
pub struct Splitter {
    segmenter: Segmenter,
    sentence_text: bool,
}

impl Splitter {
    /// Builds the splitter; every problem of the config is reported at once.
    pub fn new(config: &SplitConfig) -> Result<Splitter> {
        let segmenter = Segmenter::new(config)
            .map_err(|e| Error::Config(e.into_iter().map(|m| format!("split: {m}")).collect()))?;
        Ok(Splitter {
            segmenter,
            sentence_text: config.sentence_text,
        })
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
        let mut b = SentenceBuilders::default();
        if self.sentence_text {
            // The sentences' text is at most the texts' and titles': one allocation of that
            // size, not a buffer doubling past it (a 100 MB document held 128 MB).
            let bytes: usize = texts
                .iter()
                .chain(titles.iter())
                .flatten()
                .map(str::len)
                .sum();
            b.text = StringBuilder::with_capacity(docs.num_rows(), bytes);
        }
        for row in 0..docs.num_rows() {
            let (id, text) = (ids.value(row), texts.value(row));
            let title = titles.is_valid(row).then(|| titles.value(row));
            // The title, when it is tagged as a span of its own, is sentence -1 (so that the
            // title's mentions join their sentence like the text's).
            if let Some(title) = title {
                if let Some((s, e)) = title_span(title, text) {
                    let mut chars = CharOffsets::new(title);
                    b.push(id, "title", -1, (s, e), &mut chars, self.sentence_text)?;
                }
            }
            let mut chars = CharOffsets::new(text);
            for (i, span) in self.body_spans(title, text).into_iter().enumerate() {
                b.push(
                    id,
                    "text",
                    to_i64(i, "sentence id")?,
                    span,
                    &mut chars,
                    self.sentence_text,
                )?;
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(b.doc_id.finish()),
            Arc::new(b.field.finish()),
            Arc::new(b.sentence_id.finish()),
            Arc::new(b.start.finish()),
            Arc::new(b.end.finish()),
            Arc::new(b.char_start.finish()),
            Arc::new(b.char_end.finish()),
            Arc::new(b.text.finish()),
        ];
        Ok(RecordBatch::try_new(SENTENCES.schema(), columns)?)
    }
}

/// The columns of `sentences`, row by row.
#[derive(Default)]
struct SentenceBuilders {
    doc_id: StringBuilder,
    field: StringBuilder,
    sentence_id: Int64Builder,
    start: Int64Builder,
    end: Int64Builder,
    char_start: Int64Builder,
    char_end: Int64Builder,
    text: StringBuilder,
}

impl SentenceBuilders {
    /// One sentence: `span` are byte offsets into the string `chars` counts in (`field` of the
    /// document).
    fn push(
        &mut self,
        doc_id: &str,
        field: &str,
        sentence_id: i64,
        (s, e): (usize, usize),
        chars: &mut CharOffsets,
        with_text: bool,
    ) -> Result<()> {
        self.doc_id.append_value(doc_id);
        self.field.append_value(field);
        self.sentence_id.append_value(sentence_id);
        self.start.append_value(to_i64(s, "sentence")?);
        self.end.append_value(to_i64(e, "sentence")?);
        self.char_start
            .append_value(to_i64(chars.at(s), "sentence")?);
        self.char_end.append_value(to_i64(chars.at(e), "sentence")?);
        match chars.text().get(s..e) {
            Some(t) if with_text => self.text.append_value(t),
            _ => self.text.append_null(),
        }
        Ok(())
    }
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{StringArray, TimestampMicrosecondArray};
    use newsmill_core::util::i64_col;

    fn docs(texts: &[&str]) -> RecordBatch {
        docs_titled(texts, &vec![None; texts.len()])
    }

    fn docs_titled(texts: &[&str], titles: &[Option<&str>]) -> RecordBatch {
        let n = texts.len();
        let ids: Vec<String> = (0..n).map(|i| format!("d{i}")).collect();
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(ids.clone())),
            Arc::new(StringArray::from(ids)),
            Arc::new(StringArray::from(titles.to_vec())),
            Arc::new(TimestampMicrosecondArray::from(vec![None; n]).with_timezone("UTC")),
            Arc::new(StringArray::from(vec![None::<&str>; n])),
            Arc::new(StringArray::from(texts.to_vec())),
            Arc::new(StringArray::from(vec!["0"; n])),
            Arc::new(arrow::array::UInt64Array::from(vec![0; n])),
            Arc::new(StringArray::from(vec![None::<&str>; n])),
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
            i64_col(&out, "start").unwrap(),
            i64_col(&out, "end").unwrap(),
        );
        let (cs, ce) = (
            i64_col(&out, "char_start").unwrap(),
            i64_col(&out, "char_end").unwrap(),
        );
        let sentence = str_col(&out, "text").unwrap();
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
            assert_eq!(sentence.value(r), &text[s..e]);
        }
        assert_eq!(splitter.process(&[&docs(&[])]).unwrap().num_rows(), 0);
        assert!(out.column(0).null_count() == 0);
    }

    #[test]
    fn the_title_is_sentence_minus_one_unless_the_text_begins_with_it() {
        // (title, text, whether the title gets a row)
        let cases: [(Option<&str>, &str, bool); 5] = [
            (
                Some("  Café € prices rise\r\n"),
                "Prices rose. Again.",
                true,
            ),
            (Some("Prices rose"), "Prices rose. Again.", false),
            (Some("   "), "Prices rose. Again.", false),
            (None, "Prices rose. Again.", false),
            (Some("Title 🙂"), "", true),
        ];
        let titles: Vec<Option<&str>> = cases.iter().map(|c| c.0).collect();
        let texts: Vec<&str> = cases.iter().map(|c| c.1).collect();
        let out = Splitter::new(&SplitConfig::default())
            .unwrap()
            .process(&[&docs_titled(&texts, &titles)])
            .unwrap();
        SENTENCES.check(&out.schema(), "test").unwrap();
        let (ids, fields, sentence) = (
            str_col(&out, "doc_id").unwrap(),
            str_col(&out, "field").unwrap(),
            str_col(&out, "text").unwrap(),
        );
        let sid = i64_col(&out, "sentence_id").unwrap();
        let (s, e) = (
            i64_col(&out, "start").unwrap(),
            i64_col(&out, "end").unwrap(),
        );
        let (cs, ce) = (
            i64_col(&out, "char_start").unwrap(),
            i64_col(&out, "char_end").unwrap(),
        );
        for (d, (title, _, has_row)) in cases.iter().enumerate() {
            let rows: Vec<usize> = (0..out.num_rows())
                .filter(|&r| ids.value(r) == format!("d{d}") && fields.value(r) == "title")
                .collect();
            assert_eq!(rows.len(), usize::from(*has_row), "case {d}");
            if let (Some(&r), Some(title)) = (rows.first(), title) {
                // The title's row comes first in its document and slices the title.
                assert!(r == 0 || ids.value(r - 1) != ids.value(r), "case {d}");
                assert_eq!(sid.value(r), -1);
                let (s, e) = (s.value(r) as usize, e.value(r) as usize);
                assert_eq!(sentence.value(r), &title[s..e]);
                assert_eq!(sentence.value(r), title.trim());
                let by_chars: String = title
                    .chars()
                    .skip(cs.value(r) as usize)
                    .take((ce.value(r) - cs.value(r)) as usize)
                    .collect();
                assert_eq!(by_chars, title.trim());
            }
        }
    }

    #[test]
    fn sentence_text_off_leaves_the_column_null() {
        let cfg = SplitConfig {
            sentence_text: false,
            ..SplitConfig::default()
        };
        let out = Splitter::new(&cfg)
            .unwrap()
            .process(&[&docs_titled(&["One. Two."], &[Some("A title")])])
            .unwrap();
        SENTENCES.check(&out.schema(), "test").unwrap();
        assert_eq!(out.num_rows(), 3);
        let text = out.column_by_name("text").unwrap();
        assert_eq!(text.null_count(), 3);
    }

    #[test]
    fn characters_read_as_nothing_stay_in_a_sentence() {
        // (text, its sentences): the splitter reads emoji, byte order marks and soft hyphens
        // as nothing (or a space between words), but they stay in the sentences it gives.
        let cases: &[(&str, &[&str])] = &[
            (
                "\u{feff}Hello there. Bye.",
                &["\u{feff}Hello there.", "Bye."],
            ),
            (
                "Shares rose. 🚀 Then they fell.",
                &["Shares rose.", "🚀 Then they fell."],
            ),
            (
                "Shares rose. Then they fell 📉",
                &["Shares rose.", "Then they fell 📉"],
            ),
            ("🔥🔥", &["🔥🔥"]),
            (
                "Why not ask♥\n\nI think so.",
                &["Why not ask♥", "I think so."],
            ),
            ("It rose.🚀 Then it fell.", &["It rose.🚀", "Then it fell."]),
            ("Mer\u{ad}kel spoke.\u{ad}", &["Mer\u{ad}kel spoke.\u{ad}"]),
        ];
        let segmenter = Segmenter::new(&SplitConfig::default()).unwrap();
        for &(text, want) in cases {
            let got: Vec<&str> = segmenter
                .split(text)
                .into_iter()
                .map(|(a, b)| &text[a..b])
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_dateline_is_a_sentence_of_its_own() {
        // (text, the first sentence)
        let cases: &[(&str, &str)] = &[
            (
                "WASHINGTON, March 3 - The board met. It voted.",
                "WASHINGTON, March 3 -",
            ),
            ("ST. PAUL, Minn. - Snow closed roads.", "ST. PAUL, Minn. -"),
            ("LAGOS (Reuters) - Oil output rose.", "LAGOS (Reuters) -"),
            (
                "  S\u{c3}O PAULO, May 2 -- Coffee fell.",
                "S\u{c3}O PAULO, May 2 --",
            ),
            (
                "Kuala Lumpur, 12 May: Palm oil fell.",
                "Kuala Lumpur, 12 May:",
            ),
            ("Intro.\r\n\r\nTOKYO, June 1 - Shares fell.", "Intro."),
            // Read as the tagger reads it (regression, session 16: a zero-width space after the
            // date hid the dateline; a soft hyphen in its place name).
            (
                "PALO ALTO, Calif., Feb 26\u{200b} - Varian said it grew.",
                "PALO ALTO, Calif., Feb 26\u{200b} -",
            ),
            (
                "WASH\u{ad}INGTON, March 3 - The board met.",
                "WASH\u{ad}INGTON, March 3 -",
            ),
            // No dateline: the sentence goes on.
            ("NATO - the alliance met.", "NATO - the alliance met."),
            (
                "APPLE, the company, said it grew.",
                "APPLE, the company, said it grew.",
            ),
        ];
        let segmenter = Segmenter::new(&SplitConfig::default()).unwrap();
        for &(text, first) in cases {
            let got = segmenter.split(text);
            assert_eq!(
                got.first().map(|&(a, b)| &text[a..b]),
                Some(first),
                "{text:?}"
            );
        }
        // After a paragraph break too.
        let text = "Intro.\r\n\r\nTOKYO, June 1 - Shares fell.";
        let got: Vec<&str> = segmenter
            .split(text)
            .iter()
            .map(|&(a, b)| &text[a..b])
            .collect();
        assert_eq!(got, ["Intro.", "TOKYO, June 1 -", "Shares fell."]);
    }
}
