use std::io::Write;

use arrow::array::{Array, Int64Array, StringArray, TimestampMicrosecondArray};
use newsmill_core::util::str_col;

use super::*;

fn cfg() -> IngestConfig {
    IngestConfig {
        batch_size: 3,
        ..IngestConfig::default()
    }
}

fn run(cfg: &IngestConfig, inputs: &[&Path]) -> (Vec<RecordBatch>, Vec<RecordBatch>) {
    read_all(&Ingestor::new(cfg).unwrap(), inputs).unwrap()
}

/// Writes `batch` as a Parquet file at `path`.
fn write_parquet(path: &Path, batch: &RecordBatch) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

fn concat(batches: &[RecordBatch]) -> RecordBatch {
    arrow::compute::concat_batches(&batches[0].schema(), batches).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// One JSONL line each: what it becomes (`Ok(doc_id)` or `Err(reason prefix)`).
const JSONL_CASES: &[(&str, Result<&str, &str>)] = &[
    (
        r#"{"id": "a1", "title": "T", "text": "Some text."}"#,
        Ok("a1"),
    ),
    (r#"{"id": 7, "body": "Numeric id, body field."}"#, Ok("7")),
    (
        r#"{"headline": "H", "content": "No id: hashed."}"#,
        Ok("h:"),
    ),
    (r#"{"id": "a2", "text": ""}"#, Err("empty text")),
    (r#"{"id": "a3", "text": "   \n "}"#, Err("empty text")),
    // A headline with no body is a document (ingest.keep_title_only), with an empty text.
    (r#"{"id": "a4", "title": "Headline only"}"#, Ok("a4")),
    (
        r#"{"id": "a4b", "title": "  ", "body": null}"#,
        Err("missing text field"),
    ),
    (r#"{"id": "a4c", "title": "Flash", "text": " "}"#, Ok("a4c")),
    (r#"{"id": "a5", "text": null}"#, Err("missing text field")),
    // Paragraphs as an array of strings are one text (regression: the record was rejected).
    (
        r#"{"id": "a6", "text": ["Para one.", "Para two."]}"#,
        Ok("a6"),
    ),
    (
        r#"{"id": "a6b", "text": ["a", 2]}"#,
        Err("text field `text` is not a string"),
    ),
    (
        r#"{"id": "a6c", "text": []}"#,
        Err("text field `text` is not a string"),
    ),
    (
        r#"{"id": "a7", "text": "unterminated}"#,
        Err("malformed JSON"),
    ),
    (r#"["not", "an", "object"]"#, Err("not a JSON object")),
    (
        r#"{"id": "a1", "text": "Same id again."}"#,
        Err("duplicate doc_id `a1`"),
    ),
    (
        r#"{"id": {"x": 1}, "text": "Object id."}"#,
        Err("id field `id` is not a scalar"),
    ),
];

#[test]
fn jsonl_records_become_documents_or_rejects_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for (line, _) in JSONL_CASES {
        body.push_str(line);
        body.push_str("\n\n"); // blank lines are not records
    }
    let path = write(dir.path(), "in.jsonl", body.as_bytes());
    let (docs, rejects) = run(&cfg(), &[&path]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    let want_docs = JSONL_CASES.iter().filter(|(_, r)| r.is_ok()).count();
    assert_eq!(docs.num_rows(), want_docs);
    assert_eq!(
        docs.num_rows() + rejects.num_rows(),
        JSONL_CASES.len(),
        "records read = documents + rejects"
    );
    let ids = str_col(&docs, "doc_id").unwrap();
    let reasons = str_col(&rejects, "reason").unwrap();
    let positions = rejects
        .column(1)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap();
    let (mut d, mut r) = (0, 0);
    for (i, (_, want)) in JSONL_CASES.iter().enumerate() {
        match want {
            Ok(id) => {
                assert!(
                    ids.value(d).starts_with(id),
                    "case {i}: {} vs {id}",
                    ids.value(d)
                );
                d += 1;
            }
            Err(reason) => {
                assert!(
                    reasons.value(r).starts_with(reason),
                    "case {i}: {:?} vs {reason:?}",
                    reasons.value(r)
                );
                // Lines are 1-based and every record is followed by a blank line.
                if !reason.starts_with("duplicate") {
                    assert_eq!(positions.value(r), 2 * i as i64 + 1, "case {i}");
                }
                r += 1;
            }
        }
    }
    let sources = str_col(&docs, "source").unwrap();
    assert!(sources.value(0).ends_with("in.jsonl:1"));
    // The paragraphs of an array, one text with a blank line between them.
    let texts = str_col(&docs, "text").unwrap();
    let a6 = (0..docs.num_rows())
        .find(|&i| ids.value(i) == "a6")
        .unwrap();
    assert_eq!(texts.value(a6), "Para one.\n\nPara two.");
}

#[test]
fn batches_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let body: String = (0..10)
        .map(|i| format!("{{\"id\": \"d{i}\", \"text\": \"Text {i}.\"}}\n"))
        .collect();
    let path = write(dir.path(), "in.ndjson", body.as_bytes());
    let (docs, _) = run(&cfg(), &[&path]);
    assert_eq!(
        docs.iter().map(|b| b.num_rows()).collect::<Vec<_>>(),
        vec![3, 3, 3, 1]
    );
}

#[test]
fn dates_titles_urls_and_carried_fields() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"newid": 1, "title": "A", "date": "26-FEB-1987 15:01:01.79", "body": "x", "lang": "en", "dateline": "LONDON, Feb 26 - "}"#,
        r#"{"newid": 2, "title": "  ", "date": "not a date", "body": "y", "url": "https://e.x/2"}"#,
        r#"{"newid": 3, "published": "2025-02-03T14:05:00Z", "body": "z", "lang": 5}"#,
    ];
    let path = write(dir.path(), "r.jsonl", lines.join("\n").as_bytes());
    let config = IngestConfig {
        id_fields: vec!["newid".into()],
        date_formats: vec!["%d-%b-%Y %H:%M:%S%.f".into()],
        carry: vec!["lang".into()],
        text_join: vec!["dateline".into(), "body".into()],
        ..cfg()
    };
    let ing = Ingestor::new(&config).unwrap();
    let files = ing.plan(&[path]).unwrap();
    let batches: Vec<IngestBatch> = ing.stream(files).map(Result::unwrap).collect();
    assert_eq!(batches.iter().map(|b| b.unparsed_dates).sum::<u64>(), 1);
    let docs = concat(
        &batches
            .iter()
            .map(|b| b.documents.clone())
            .collect::<Vec<_>>(),
    );
    DOCUMENTS.check(&docs.schema(), "test").unwrap();
    assert_eq!(
        str_col(&docs, "doc_id").unwrap().iter().collect::<Vec<_>>(),
        vec![Some("1"), Some("2"), Some("3")]
    );
    assert_eq!(
        str_col(&docs, "text").unwrap().value(0),
        "LONDON, Feb 26 - x"
    );
    assert_eq!(
        str_col(&docs, "title").unwrap().iter().collect::<Vec<_>>(),
        vec![Some("A"), None, None]
    );
    assert_eq!(str_col(&docs, "url").unwrap().value(1), "https://e.x/2");
    let dates = docs
        .column(3)
        .as_any()
        .downcast_ref::<TimestampMicrosecondArray>()
        .unwrap();
    assert_eq!(dates.value(0), 541_350_061_790_000);
    assert!(dates.is_null(1));
    assert_eq!(dates.value(2), 1_738_591_500_000_000);
    assert_eq!(
        str_col(&docs, "lang").unwrap().iter().collect::<Vec<_>>(),
        vec![Some("en"), None, Some("5")]
    );
}

#[test]
fn folders_text_files_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b/one.txt",
        "\n  Headline one  \n\nBody of one.\n".as_bytes(),
    );
    write(dir.path(), "a/two.md", "# Two\n\nBody two.".as_bytes());
    write(dir.path(), "a/bad.txt", b"Head\n\nbad \xff\xfe bytes\n");
    write(dir.path(), "a/empty.txt", b"");
    write(dir.path(), "a/notes.docx", b"PK");
    write(dir.path(), ".hidden.txt", b"skip me");
    // Strict UTF-8: the file that is not is a reject (by default it is read, see
    // `robust_tests::a_latin1_pound_sign_is_read_not_rejected`).
    let strict = IngestConfig {
        encoding: "utf-8".to_string(),
        ..cfg()
    };
    let (docs, rejects) = run(&strict, &[dir.path()]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    let titles: Vec<_> = str_col(&docs, "title")
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    // A Markdown heading's `#` is no word of the title.
    assert_eq!(titles, vec!["Two", "Headline one"]);
    assert_eq!(
        str_col(&docs, "text").unwrap().value(1),
        "\n  Headline one  \n\nBody of one.\n"
    );
    assert!(str_col(&docs, "doc_id").unwrap().value(0).starts_with("h:"));
    let reasons: Vec<_> = str_col(&rejects, "reason")
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].starts_with("invalid UTF-8 (first bad byte at 10); ")
            && reasons[0].contains("ingest.encoding"),
        "{:?}",
        reasons[0]
    );
    assert_eq!(reasons[1], "empty text");
    assert!(reasons[2].starts_with("unsupported file type"));
    // The sample of a bad file is valid UTF-8 made from its first bytes.
    assert!(str_col(&rejects, "sample")
        .unwrap()
        .value(0)
        .starts_with("Head\n\nbad "));
}

#[test]
fn content_ids_are_stable() {
    assert_eq!(content_id("hello"), "h:2cf24dba5fb0a30e");
    assert_eq!(content_id("hello"), content_id("hello"));
    assert_ne!(content_id("hello"), content_id("hello "));
}

#[test]
fn compressed_inputs_read_transparently() {
    let dir = tempfile::tempdir().unwrap();
    let body =
        "{\"id\": \"g1\", \"text\": \"Gzip text.\"}\n{\"id\": \"g2\", \"text\": \"More.\"}\n";
    let gz = dir.path().join("x.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(body.as_bytes()).unwrap();
    enc.finish().unwrap();
    let zst = write(
        dir.path(),
        "y.jsonl.zst",
        &zstd::encode_all(body.replace('g', "z").as_bytes(), 3).unwrap(),
    );
    let broken = write(dir.path(), "z.jsonl.gz", b"not gzip at all");
    let (docs, rejects) = run(&cfg(), &[&gz, &zst, &broken]);
    let docs = concat(&docs);
    let ids: Vec<_> = str_col(&docs, "doc_id")
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(ids, vec!["g1", "g2", "z1", "z2"]);
    let rejects = concat(&rejects);
    assert_eq!(rejects.num_rows(), 1);
    assert!(str_col(&rejects, "reason")
        .unwrap()
        .value(0)
        .starts_with("read error"));
}

#[test]
fn csv_rows() {
    let dir = tempfile::tempdir().unwrap();
    let body = "id,title,date,text\nc1,First,2025-02-03,\"Text, with comma\"\nc2,,,\nc3,Third,2025-02-04\nc4,Fourth,2025-02-05,Fine.\n";
    let path = write(dir.path(), "rows.csv", body.as_bytes());
    let (docs, rejects) = run(&cfg(), &[&path]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    let ids: Vec<_> = str_col(&docs, "doc_id")
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(ids, vec!["c1", "c4"]);
    assert_eq!(str_col(&docs, "text").unwrap().value(0), "Text, with comma");
    let reasons: Vec<_> = str_col(&rejects, "reason")
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(reasons[0], "empty text", "{reasons:?}");
    assert!(reasons[1].starts_with("malformed CSV row"), "{reasons:?}");
    let pos = rejects
        .column(1)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap();
    assert_eq!((pos.value(0), pos.value(1)), (2, 3));
}

#[test]
fn parquet_rows() {
    use arrow::datatypes::{DataType, Field, Schema};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("headline", DataType::Utf8, true),
        Field::new("content", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(arrow::array::Int64Array::from(vec![10, 11, 12])),
            Arc::new(StringArray::from(vec![Some("H10"), None, Some("H12")])),
            Arc::new(StringArray::from(vec![
                Some("Body ten."),
                Some("Body eleven."),
                None,
            ])),
        ],
    )
    .unwrap();
    write_parquet(&path, &batch);
    let corrupt = write(dir.path(), "corrupt.parquet", b"PAR1 nonsense");
    let (docs, rejects) = run(&cfg(), &[&path, &corrupt]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    assert_eq!(
        str_col(&docs, "doc_id").unwrap().iter().collect::<Vec<_>>(),
        vec![Some("10"), Some("11"), Some("12")]
    );
    assert_eq!(
        str_col(&docs, "title").unwrap().iter().collect::<Vec<_>>(),
        vec![Some("H10"), None, Some("H12")]
    );
    // Row 12 has a headline and no body: a document with an empty text.
    assert_eq!(str_col(&docs, "text").unwrap().value(2), "");
    assert!(str_col(&docs, "source")
        .unwrap()
        .value(1)
        .ends_with("in.parquet:2"));
    let reasons: Vec<_> = str_col(&rejects, "reason")
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].starts_with("unreadable Parquet file"));
    // Without keep_title_only, a headline alone is a reject.
    let strict = IngestConfig {
        keep_title_only: false,
        ..cfg()
    };
    let (_, rejects) = run(&strict, &[&path]);
    let rejects = concat(&rejects);
    assert!(str_col(&rejects, "reason")
        .unwrap()
        .value(0)
        .starts_with("missing text field"));
}

#[test]
fn config_problems_are_reported_together() {
    let bad = IngestConfig {
        text_fields: vec![],
        batch_size: 0,
        date_formats: vec!["%Q".into()],
        carry: vec!["text".into(), "x".into(), "x".into()],
        ..IngestConfig::default()
    };
    let Err(Error::Config(problems)) = Ingestor::new(&bad) else {
        panic!("expected config error")
    };
    assert_eq!(problems.len(), 5, "{problems:?}");
}

#[test]
fn missing_inputs_fail_before_work() {
    let ing = Ingestor::new(&cfg()).unwrap();
    let err = ing
        .plan(&[PathBuf::from("/nonexistent/x.jsonl")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("input not found: /nonexistent/x.jsonl"),
        "{err}"
    );
}

#[test]
fn documents_over_the_size_limit_are_rejects_and_the_rest_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = IngestConfig {
        max_document_bytes: 200,
        ..cfg()
    };
    let long = "word ".repeat(100); // 500 bytes
    let jsonl = format!(
        "{{\"id\": \"small\", \"text\": \"A short text.\"}}\n{{\"id\": \"big\", \"text\": \"{long}\"}}\n{{\"id\": \"after\", \"text\": \"Read whole.\"}}\n"
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&vec![b'a'; 1 << 20]).unwrap();
    let bomb = gz.finish().unwrap();
    let csv = format!("id,text\nc1,Fits.\nc2,{long}\n");
    let inputs = [
        write(tmp.path(), "a.jsonl", jsonl.as_bytes()),
        write(tmp.path(), "big.txt", long.as_bytes()),
        write(tmp.path(), "bomb.txt.gz", &bomb),
        write(tmp.path(), "ok.txt", b"Title\nA small text file."),
        write(tmp.path(), "c.csv", csv.as_bytes()),
    ];
    let refs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    let (docs, rejects) = run(&cfg, &refs);
    let docs = concat(&docs);
    let ids: Vec<&str> = (0..docs.num_rows())
        .map(|i| str_col(&docs, "doc_id").unwrap().value(i))
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(ids.contains(&"small") && ids.contains(&"after") && ids.contains(&"c1"));
    let rejects = concat(&rejects);
    let reasons = str_col(&rejects, "reason").unwrap();
    assert_eq!(rejects.num_rows(), 4);
    for i in 0..rejects.num_rows() {
        assert!(
            reasons.value(i).starts_with("too large"),
            "{}",
            reasons.value(i)
        );
    }
    // The sample of a reject stays small, whatever the record.
    let samples = str_col(&rejects, "sample").unwrap();
    assert!((0..rejects.num_rows()).all(|i| samples.value(i).len() <= 200));
    let bad = |max| {
        IngestConfig {
            max_document_bytes: max,
            ..cfg.clone()
        }
        .problems()
    };
    assert_eq!(bad(0).len(), 1);
    assert_eq!(bad(2 << 30).len(), 1);
    assert!(bad(1 << 30).is_empty());
}

#[test]
fn a_byte_order_mark_before_the_first_jsonl_record_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "\u{feff}{\"id\": \"first\", \"text\": \"One.\"}\n{\"id\": \"second\", \"text\": \"Two.\"}\n";
    let p = write(tmp.path(), "bom.jsonl", text.as_bytes());
    let (docs, rejects) = run(&cfg(), &[&p]);
    assert_eq!(concat(&docs).num_rows(), 2);
    assert_eq!(rejects.iter().map(|r| r.num_rows()).sum::<usize>(), 0);
}

/// Regression: a date column of timestamps with a zone ("UTC", "+02:00") was cast to text
/// through the zone database, which arrow lacks here, so every date came out null.
#[test]
fn zoned_timestamp_dates_are_read() {
    use arrow::array::{Date32Array, TimestampMillisecondArray};
    use arrow::datatypes::{DataType, Field, Schema};
    let micros = 1_738_591_500_000_000i64; // 2025-02-03T14:05:00Z
    let cases: Vec<(&str, ArrayRef)> = vec![
        (
            "microseconds, UTC",
            Arc::new(TimestampMicrosecondArray::from(vec![micros]).with_timezone("UTC")),
        ),
        (
            "milliseconds, +02:00",
            Arc::new(TimestampMillisecondArray::from(vec![micros / 1000]).with_timezone("+02:00")),
        ),
        (
            "microseconds, no zone",
            Arc::new(TimestampMicrosecondArray::from(vec![micros])),
        ),
        (
            "a date",
            Arc::new(Date32Array::from(vec![20122])), // 2025-02-03
        ),
    ];
    for (what, dates) in cases {
        let schema = Arc::new(Schema::new(vec![
            Field::new("text", DataType::Utf8, false),
            Field::new("published_at", dates.data_type().clone(), true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![Arc::new(StringArray::from(vec!["Some text."])), dates],
        )
        .unwrap();
        let mut row = 0;
        let items = batch_items(&batch, &IngestConfig::default(), "mem", &mut row);
        let Some(Item::Doc(d)) = items.first() else {
            panic!("{what}: not a document: {items:?}");
        };
        let expected = if what == "a date" {
            micros - (14 * 3600 + 5 * 60) * 1_000_000
        } else {
            micros
        };
        assert_eq!(d.published_at, Some(expected), "{what}");
        assert_eq!((row, d.source.as_str()), (1, "mem:1"), "{what}");
    }
}

/// A dotted name reads into a Parquet struct column as into a JSON object: NewsAPI's `source`
/// object saved by pandas or Spark is `source.name` (regression: the outlet of such a file was
/// null). A null struct gives a null field; a struct-typed `source` alone is no outlet.
#[test]
fn parquet_struct_columns_are_read_by_dotted_names() {
    use arrow::array::StructArray;
    use arrow::datatypes::{DataType, Field, Fields, Schema};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.parquet");
    let source_fields = Fields::from(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("name", DataType::Utf8, true),
    ]);
    let source = StructArray::new(
        source_fields.clone(),
        vec![
            Arc::new(StringArray::from(vec![Some("r"), None, Some("x")])),
            Arc::new(StringArray::from(vec![
                Some("Daily Ledger"),
                Some("Kelby Clarion"),
                Some("hidden"),
            ])),
        ],
        Some(arrow::buffer::NullBuffer::from(vec![true, true, false])),
    );
    let schema = Arc::new(Schema::new(vec![
        Field::new("content", DataType::Utf8, false),
        Field::new("Source", DataType::Struct(source_fields), true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from(vec!["One.", "Two.", "Three."])),
            Arc::new(source),
        ],
    )
    .unwrap();
    write_parquet(&path, &batch);
    let (docs, _) = run(&cfg(), &[&path]);
    let docs = concat(&docs);
    assert_eq!(
        str_col(&docs, "outlet").unwrap().iter().collect::<Vec<_>>(),
        vec![Some("Daily Ledger"), Some("Kelby Clarion"), None]
    );
}

/// Regression: a record holding half an emoji's escape (`\ud83d` alone, as Python's `json.dumps`
/// writes a cut string) was rejected as malformed JSON; now it is read, the half a U+FFFD.
#[test]
fn lone_surrogate_escapes_do_not_lose_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "cut.jsonl",
        br#"{"id": "s1", "text": "Acme rose \ud83d today."}"#,
    );
    let (docs, rejects) = run(&cfg(), &[&path]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    assert_eq!(rejects.num_rows(), 0);
    assert_eq!(
        str_col(&docs, "text").unwrap().value(0),
        "Acme rose \u{fffd} today."
    );
}

/// Regression: a scraper's HTML body was tagged as it was (`&amp;` split "Procter & Gamble", tags
/// and scripts were text). With `ingest.html = "auto"` (the default) it is read as HTML, the
/// title of the same record too; `keep` leaves both as they are.
#[test]
fn html_bodies_are_read_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "scraped.jsonl",
        br#"{"id": "h1", "title": "P&amp;G rises", "text": "<p>Procter &amp; Gamble rose.</p><script>x()</script><p>Vega fell.</p>"}
{"id": "h2", "text": "Plain: 2 < 3 & AT&amp;T stays."}
{"id": "h3", "title": "VEGA <VGA> UNIT SELLS STAKE &amp; PLANT", "text": "<p>Vega sold it.</p>"}
{"id": "h4", "title": "<b>Vega</b> rises", "text": "<p>Vega rose.</p>"}"#,
    );
    let (docs, _) = run(&cfg(), &[&path]);
    let docs = concat(&docs);
    let texts = str_col(&docs, "text").unwrap();
    let titles = str_col(&docs, "title").unwrap();
    assert_eq!(texts.value(0), "Procter & Gamble rose.\n\nVega fell.");
    assert_eq!(titles.value(0), "P&G rises");
    assert_eq!(texts.value(1), "Plain: 2 < 3 & AT&amp;T stays.");
    // Regression (format sweep, session 17): a plain title beside an HTML body lost a wire's
    // ticker as if it were a tag; a title with tags of its own is still read as HTML.
    assert_eq!(titles.value(2), "VEGA <VGA> UNIT SELLS STAKE & PLANT");
    assert_eq!(titles.value(3), "Vega rises");
    let keep = IngestConfig {
        html: Html::Keep,
        ..cfg()
    };
    let (docs, _) = run(&keep, &[&path]);
    let docs = concat(&docs);
    assert!(str_col(&docs, "text")
        .unwrap()
        .value(0)
        .starts_with("<p>Procter &amp;"));
    assert_eq!(str_col(&docs, "title").unwrap().value(0), "P&amp;G rises");
}

/// A text column of lists of strings (paragraphs, as Spark and pandas write scraped text) is one
/// text a row, the paragraphs joined by a blank line, as a JSON array is (regression: each row
/// was a reject `not a string`); a list of numbers is still no text.
#[test]
fn parquet_paragraph_lists_are_texts() {
    use arrow::array::{ListBuilder, StringBuilder};
    use arrow::datatypes::{DataType, Field, Schema};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paras.parquet");
    let mut text = ListBuilder::new(StringBuilder::new());
    text.values().append_value("First para.");
    text.values().append_value("Second para.");
    text.append(true);
    text.append(true); // an empty list
    let text = text.finish();
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("text", text.data_type().clone(), true),
    ]));
    let batch = RecordBatch::try_new(
        schema,
        vec![
            Arc::new(StringArray::from(vec!["p1", "p2"])),
            Arc::new(text),
        ],
    )
    .unwrap();
    write_parquet(&path, &batch);
    let (docs, rejects) = run(&cfg(), &[&path]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    assert_eq!(
        str_col(&docs, "text").unwrap().value(0),
        "First para.\n\nSecond para."
    );
    assert_eq!(rejects.num_rows(), 1, "the empty list has no text");
}

/// Regression: a static site's Markdown post opening with a front matter had the title `---`,
/// no date, and the front matter's lines tagged as text. The front matter gives the title, the
/// date, the id and the URL by the configured names; the text is what follows it.
#[test]
fn front_matter_gives_fields_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = write(
        dir.path(),
        "a/post.md",
        b"---\ntitle: \"Acme buys Vega\"\ndate: 2025-03-04T10:00:00Z\nslug: acme-vega\ntags:\n  - deals\nurl: 'https://example.com/acme'\n---\n\n# Acme buys Vega\n\nAcme said on Tuesday.\n",
    );
    let toml = write(
        dir.path(),
        "b/hugo.md",
        b"+++\r\ntitle = \"Zeta cuts jobs\"\r\npublishDate = 2025-03-05\r\nid = \"z1\"\r\n+++\r\nZeta said it would cut jobs.\r\n",
    );
    // No front matter: a rule later in the text, or one never closed.
    let rule = write(dir.path(), "c/rule.md", b"Headline\n\n---\n\nBody.\n");
    let open = write(
        dir.path(),
        "d/open.md",
        b"---\ntitle: never closed\nBody.\n",
    );
    let (docs, rejects) = run(&cfg(), &[&yaml, &toml, &rule, &open]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    assert_eq!(rejects.num_rows(), 0);
    let col = |c: &str| {
        let a = str_col(&docs, c).unwrap();
        (0..docs.num_rows())
            .map(|i| a.is_valid(i).then(|| a.value(i).to_string()))
            .collect::<Vec<_>>()
    };
    let (texts, titles, urls, ids) = (col("text"), col("title"), col("url"), col("doc_id"));
    assert_eq!(
        texts[0].as_deref(),
        Some("# Acme buys Vega\n\nAcme said on Tuesday.\n")
    );
    assert_eq!(titles[0].as_deref(), Some("Acme buys Vega"));
    assert_eq!(urls[0].as_deref(), Some("https://example.com/acme"));
    assert_eq!(
        texts[1].as_deref(),
        Some("Zeta said it would cut jobs.\r\n")
    );
    assert_eq!(titles[1].as_deref(), Some("Zeta cuts jobs"));
    assert_eq!(ids[1].as_deref(), Some("z1"));
    assert_eq!(texts[2].as_deref(), Some("Headline\n\n---\n\nBody.\n"));
    assert_eq!(titles[2].as_deref(), Some("Headline"));
    assert_eq!(titles[3].as_deref(), Some("---"));
    let dates = docs
        .column_by_name("published_at")
        .unwrap()
        .as_any()
        .downcast_ref::<TimestampMicrosecondArray>()
        .unwrap()
        .clone();
    assert!(dates.is_valid(0) && dates.is_valid(1) && !dates.is_valid(2));
}

/// Regression: a front matter's double-quoted title kept its escapes (`title: "It is called
/// \"inclusion\""` gave the title `It is called \"inclusion\"`), and a Markdown file without
/// front matter had the title `# Headline`, its `#` read as a word of the title.
#[test]
fn front_matter_escapes_and_markdown_headings_make_plain_titles() {
    let dir = tempfile::tempdir().unwrap();
    // (file, contents, title)
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "yaml.md",
            b"---\ntitle: \"It is called \\\"inclusion\\\" in Kigali\"\n---\nRwanda said.\n",
            "It is called \"inclusion\" in Kigali",
        ),
        (
            "toml.md",
            b"+++\ntitle = \"Caf\\u00e9 \\\\ bar\"\n+++\nThe bar opened.\n",
            "Caf\u{e9} \\ bar",
        ),
        (
            "single.md",
            b"---\ntitle: 'Acme''s plan'\n---\nAcme planned.\n",
            "Acme's plan",
        ),
        (
            "heading.md",
            b"# Acme buys Vega\n\nAcme said.\n",
            "Acme buys Vega",
        ),
        (
            "closed.txt",
            b"\n## Acme buys Vega ##\r\nVega agreed.\r\n",
            "Acme buys Vega",
        ),
        ("hashtag.txt", b"#MeToo grows\nIt grew.\n", "#MeToo grows"),
    ];
    let paths: Vec<_> = cases
        .iter()
        .map(|(name, body, _)| write(dir.path(), name, body))
        .collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let (docs, rejects) = run(&cfg(), &refs);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    assert_eq!(rejects.num_rows(), 0, "{:?}", str_col(&rejects, "reason"));
    let (titles, sources) = (
        str_col(&docs, "title").unwrap(),
        str_col(&docs, "source").unwrap(),
    );
    for (name, _, want) in cases {
        let i = (0..docs.num_rows())
            .find(|&i| sources.value(i).ends_with(name))
            .unwrap();
        assert_eq!(titles.value(i), *want, "{name}");
    }
}

/// Regression: a spreadsheet's CSV opening with Excel's `sep=;` line was all rejects (the line
/// taken for the header). The line names the delimiter and is no header; rows keep their line
/// numbers.
#[test]
fn a_spreadsheets_separator_line_names_the_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [
        (
            "semi.csv",
            &b"sep=;\r\nid;title;text\r\n1;T1;Acme said so, twice.\r\n2;T2\r\n"[..],
        ),
        (
            "bom.csv",
            &b"\xEF\xBB\xBFSEP=|\nid|title|text\n1|T1|Acme said so; twice.\n2|T2\n"[..],
        ),
    ] {
        let path = write(dir.path(), name, body);
        let (docs, rejects) = run(&cfg(), &[&path]);
        let (docs, rejects) = (concat(&docs), concat(&rejects));
        assert_eq!(docs.num_rows(), 1, "{name}");
        assert_eq!(str_col(&docs, "title").unwrap().value(0), "T1", "{name}");
        assert!(str_col(&docs, "text")
            .unwrap()
            .value(0)
            .starts_with("Acme said so"));
        // The short row is line 4 of the file.
        let reason = str_col(&rejects, "reason").unwrap().value(0).to_string();
        assert!(reason.contains("line 4"), "{name}: {reason}");
    }
}

/// Regression: a JSON array of records (`[{...}, {...}]`, as scrapers and exports write) and a
/// news API's response saved as it came (one pretty-printed object holding `articles`) were all
/// rejects `malformed JSON`, line by line. An array is read element by element (a bad element is
/// one reject, the next is read); an object's records are its largest array of objects.
#[test]
fn json_arrays_and_api_responses_are_records() {
    let dir = tempfile::tempdir().unwrap();
    let array = write(
        dir.path(),
        "a/export.json",
        "\u{feff}[\n  {\"id\": \"a1\", \"title\": \"T [1]\", \"text\": \"Acme said \\\"}\\\" {so}.\"},\n  {\"id\": \"a2\", \"text\": 5,},\n  7,\n  {\"id\": \"a3\", \"text\": \"Third, with ] and [.\"}\n]\n".as_bytes(),
    );
    let api = write(
        dir.path(),
        "b/newsapi.json",
        b"{\n  \"status\": \"ok\",\n  \"totalResults\": 2,\n  \"articles\": [\n    {\"source\": {\"name\": \"Daily Planet\"}, \"title\": \"P1\", \"content\": \"Vega fell.\", \"publishedAt\": \"2025-03-04T10:00:00Z\"},\n    {\"source\": {\"name\": \"Daily Planet\"}, \"title\": \"P2\", \"content\": \"Zeta rose.\"}\n  ]\n}\n",
    );
    let one = write(
        dir.path(),
        "c/one.json",
        b"{\n  \"id\": \"o1\",\n  \"text\": \"One record, pretty.\",\n  \"tags\": [{\"k\": 1}]\n}\n",
    );
    let cut = write(
        dir.path(),
        "d/cut.json",
        b"[{\"id\": \"c1\", \"text\": \"Whole.\"}, {\"id\": \"c2\", \"te",
    );
    let (docs, rejects) = run(&cfg(), &[&array, &api, &one, &cut]);
    let (docs, rejects) = (concat(&docs), concat(&rejects));
    let ids: Vec<&str> = str_col(&docs, "doc_id").unwrap().iter().flatten().collect();
    let texts: Vec<&str> = str_col(&docs, "text").unwrap().iter().flatten().collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert!(
        ids.contains(&"a1") && ids.contains(&"a3") && ids.contains(&"o1") && ids.contains(&"c1")
    );
    assert!(texts.contains(&"Acme said \"}\" {so}."), "{texts:?}");
    assert!(texts.contains(&"Vega fell.") && texts.contains(&"Zeta rose."));
    assert!(texts.contains(&"One record, pretty."));
    let outlets: Vec<&str> = str_col(&docs, "outlet").unwrap().iter().flatten().collect();
    assert_eq!(outlets, ["Daily Planet", "Daily Planet"]);
    let reasons: Vec<&str> = str_col(&rejects, "reason")
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.starts_with("malformed JSON")),
        "{reasons:?}"
    );
    assert!(reasons.contains(&"not a JSON object"), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("ends inside a record")),
        "{reasons:?}"
    );
}
