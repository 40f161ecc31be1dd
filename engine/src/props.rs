//! Property tests of the whole chain (split, tag) on arbitrary and hostile Unicode, through the
//! Arrow tables the runner writes: no document is rejected, every sentence and mention lies on
//! char boundaries, `&text[start..end] == surface` (title mentions against the title), and char
//! offsets agree with byte offsets. Case counts are kept small for CI.

use std::sync::OnceLock;

use arrow::array::{Array, Int64Array};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use newsmill_core::hostile::TOKENS;
use newsmill_core::tables::{MENTIONS, SENTENCES};
use newsmill_core::util::str_col;
use newsmill_core::Stage;
use proptest::prelude::*;

use crate::config::Config;
use crate::isolate::run_isolated;
use crate::runner::Workers;

fn workers() -> &'static Workers {
    static W: OnceLock<Workers> = OnceLock::new();
    W.get_or_init(|| {
        Workers::build(&Config::default(), crate::runner::Stages::ALL).expect("default config")
    })
}

/// An integer column whatever its width.
fn ints(b: &RecordBatch, name: &str) -> Vec<i64> {
    let c = b.column_by_name(name).expect(name);
    let c = arrow::compute::cast(c, &DataType::Int64).expect("integer column");
    let c = c
        .as_any()
        .downcast_ref::<Int64Array>()
        .expect("cast to i64");
    c.iter().map(|v| v.expect("no nulls")).collect()
}

/// Runs split and tag on documents `(title, text)` and checks every offset.
fn check(docs: &[(Option<String>, String)]) -> Result<usize, TestCaseError> {
    let w = workers();
    let rows: Vec<newsmill_ingest::Doc> = docs
        .iter()
        .enumerate()
        .map(|(i, (title, text))| newsmill_ingest::Doc {
            doc_id: format!("{i}"),
            source: "prop".into(),
            title: title.clone(),
            published_at: None,
            unparsed_date: false,
            legacy_decoded: false,
            url: None,
            text: text.clone(),
            outlet: None,
            carried: vec![],
            used: Default::default(),
        })
        .collect();
    let batch = w.ingestor.documents_batch(&rows).expect("documents batch");
    let stages: [&dyn Stage; 2] = [&w.splitter, &w.tagger];
    let out = run_isolated(&stages, &batch).expect("no run error");
    prop_assert!(out.rejects.is_empty(), "{:?}", out.rejects);
    let field_of = |id: &str, field: &str| -> &str {
        let (title, text) = &docs[id.parse::<usize>().expect("numeric id")];
        if field == "title" {
            title.as_deref().unwrap_or_default()
        } else {
            text
        }
    };
    let s = &out.tables[SENTENCES.name];
    let ids = str_col(s, "doc_id").expect("doc_id");
    // A title tagged as a span of its own is a sentence (-1) of the title.
    let sfields = str_col(s, "field").expect("field");
    let (st, en, cs, ce) = (
        ints(s, "start"),
        ints(s, "end"),
        ints(s, "char_start"),
        ints(s, "char_end"),
    );
    for r in 0..s.num_rows() {
        let text = field_of(ids.value(r), sfields.value(r));
        let (a, b) = (st[r] as usize, en[r] as usize);
        prop_assert!(
            a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
        );
        prop_assert_eq!(text[..a].chars().count() as i64, cs[r]);
        prop_assert_eq!(text[..b].chars().count() as i64, ce[r]);
    }
    let m = &out.tables[MENTIONS.name];
    let ids = str_col(m, "doc_id").expect("doc_id");
    let fields = str_col(m, "field").expect("field");
    let surfaces = str_col(m, "surface").expect("surface");
    let (st, en, cs, ce) = (
        ints(m, "start"),
        ints(m, "end"),
        ints(m, "char_start"),
        ints(m, "char_end"),
    );
    for r in 0..m.num_rows() {
        let text = field_of(ids.value(r), fields.value(r));
        let (a, b) = (st[r] as usize, en[r] as usize);
        prop_assert!(
            a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
        );
        prop_assert_eq!(&text[a..b], surfaces.value(r));
        prop_assert_eq!(text[..a].chars().count() as i64, cs[r]);
        prop_assert_eq!(text[..b].chars().count() as i64, ce[r]);
    }
    Ok(m.num_rows())
}

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(TOKENS), any::<bool>()), 1..80)
        .prop_map(newsmill_core::hostile::join)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile(),
        1 => any::<String>(),
        1 => (hostile(), any::<String>()).prop_map(|(a, b)| format!("{a}{b}. {a}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn whole_chain_offsets_agree_on_any_text(
        docs in prop::collection::vec((prop::option::of(hostile()), text()), 1..4)
    ) {
        check(&docs)?;
    }
}

/// The class of input that once panicked the tag stage ("£1.5bn" after a word, before a name),
/// and its relatives, go through the whole chain with their mentions intact.
#[test]
fn pound_sign_after_a_word_goes_through_the_chain() {
    let docs: Vec<(Option<String>, String)> = [
        (
            Some("India’s £1.5bn deal"),
            "A deal worth £1.5bn India signed. Barclays said so.",
        ),
        (
            None,
            "Spent €20m Jordan said; ¥9bn China; ₹3,000 India; US$5 Chad.",
        ),
        (
            Some("“Georgia” — 🙂"),
            "Zürich\r\nGeorgia\0India e\u{301} India مصر India",
        ),
    ]
    .into_iter()
    .map(|(t, x)| (t.map(String::from), x.to_string()))
    .collect();
    let mentions = check(&docs).unwrap();
    assert!(mentions >= 10, "{mentions} mentions");
}
