//! The `mentions` batch keeps no unused buffer space (issue 25: a builder's doubling buffers held
//! up to as much again as a 100 MB document's mentions).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringArray, TimestampMicrosecondArray, UInt64Array};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::DOCUMENTS;
use newsmill_core::Stage;
use newsmill_split::{SplitConfig, Splitter};

use super::{TagConfig, Tagger};

fn docs(texts: &[String]) -> RecordBatch {
    let n = texts.len();
    let ids: Vec<String> = (0..n).map(|i| format!("doc-{i}")).collect();
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(ids.clone())),
        Arc::new(StringArray::from(ids)),
        Arc::new(StringArray::from(vec![Some("Markets"); n])),
        Arc::new(TimestampMicrosecondArray::from(vec![None; n]).with_timezone("UTC")),
        Arc::new(StringArray::from(vec![None::<&str>; n])),
        Arc::new(StringArray::from(texts.to_vec())),
        Arc::new(StringArray::from(vec!["0"; n])),
        Arc::new(UInt64Array::from(vec![0; n])),
        Arc::new(StringArray::from(vec![None::<&str>; n])),
        Arc::new(StringArray::from(vec![None::<&str>; n])),
    ];
    RecordBatch::try_new(DOCUMENTS.schema(), cols).expect("a documents batch")
}

/// Bytes of a column's buffers in use (values, offsets, validity).
fn used_bytes(a: &dyn Array) -> usize {
    let d = a.to_data();
    d.buffers().iter().map(|b| b.len()).sum::<usize>() + d.nulls().map_or(0, |n| n.buffer().len())
}

#[test]
fn mentions_columns_hold_no_unused_capacity() {
    let tagger = Tagger::new(&TagConfig::default()).expect("built-in dictionaries load");
    let splitter = Splitter::new(&SplitConfig::default()).expect("default splitter");
    let sentence = "The central bank of Japan raised rates while France and Germany cut oil \
                    output, and Toyota Motor Corp said wheat prices rose £3 in Zürich.";
    // (sentences per document, documents): one mention to thousands, over one or more documents.
    let cases: &[(usize, usize)] = &[(1, 1), (7, 2), (300, 1), (40, 9)];
    for &(sentences, n) in cases {
        let text = vec![sentence; sentences].join("\r\n");
        let d = docs(&vec![text; n]);
        let s = splitter.process(&[&d]).expect("split");
        let m = tagger.process(&[&d, &s]).expect("tag");
        assert!(
            m.num_rows() >= sentences * n,
            "{sentences} x {n}: {} rows",
            m.num_rows()
        );
        for (f, c) in m.schema().fields().iter().zip(m.columns()) {
            assert_eq!(
                c.get_buffer_memory_size(),
                used_bytes(c.as_ref()),
                "{sentences} x {n}: column {} keeps unused capacity",
                f.name()
            );
        }
    }
}
