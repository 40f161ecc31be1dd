//! Inputs as users have them: Parquet from pandas, Spark or DuckDB with any codec, corrupt pages,
//! UTF-16 exports, hidden files, folder links that loop, FIFOs among the inputs.

use std::sync::Arc;

use arrow::array::{Array, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use newsmill_core::util::str_col;
use parquet::basic::{BrotliLevel, Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::*;

fn read(inputs: &[&Path]) -> (Vec<String>, Vec<String>) {
    let (docs, rejects) =
        read_all(&Ingestor::new(&IngestConfig::default()).unwrap(), inputs).unwrap();
    let texts = docs
        .iter()
        .flat_map(|b| {
            str_col(b, "text")
                .unwrap()
                .iter()
                .flatten()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    let reasons = rejects
        .iter()
        .flat_map(|b| {
            str_col(b, "reason")
                .unwrap()
                .iter()
                .flatten()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    (texts, reasons)
}

fn write_parquet(path: &Path, texts: &[String], compression: Compression, page_rows: usize) {
    let schema = Arc::new(Schema::new(vec![Field::new("text", DataType::Utf8, false)]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(StringArray::from(texts.to_vec()))],
    )
    .unwrap();
    let props = WriterProperties::builder()
        .set_compression(compression)
        .set_data_page_row_count_limit(page_rows)
        .set_write_batch_size(page_rows)
        .set_max_row_group_row_count(Some(page_rows * 4))
        .build();
    let mut w = parquet::arrow::ArrowWriter::try_new(
        std::fs::File::create(path).unwrap(),
        schema,
        Some(props),
    )
    .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[test]
fn parquet_every_codec_pandas_spark_duckdb_write() {
    let dir = tempfile::tempdir().unwrap();
    let texts: Vec<String> = (0..50)
        .map(|i| format!("Article {i} about £{i}bn in Zürich."))
        .collect();
    let codecs = [
        ("snappy", Compression::SNAPPY),
        ("gzip", Compression::GZIP(GzipLevel::default())),
        ("lz4", Compression::LZ4),
        ("lz4_raw", Compression::LZ4_RAW),
        ("brotli", Compression::BROTLI(BrotliLevel::default())),
        ("zstd", Compression::ZSTD(ZstdLevel::default())),
        ("none", Compression::UNCOMPRESSED),
    ];
    for (name, c) in codecs {
        let p = dir.path().join(format!("{name}.parquet"));
        write_parquet(&p, &texts, c, 10);
        let (got, rejects) = read(&[&p]);
        assert!(rejects.is_empty(), "{name}: {rejects:?}");
        assert_eq!(got, texts, "{name}");
    }
}

/// A corrupt data page once made the reader spin forever (it kept returning the error): the rest
/// of the file is now one reject. The guard thread only keeps a regression from hanging CI.
#[test]
fn parquet_corrupt_page_ends_with_a_reject_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let texts: Vec<String> = (0..400)
        .map(|i| format!("Text number {i} of the file."))
        .collect();
    let p = dir.path().join("corrupt.parquet");
    write_parquet(&p, &texts, Compression::UNCOMPRESSED, 20);
    let mut bytes = std::fs::read(&p).unwrap();
    // Garble the middle of the data (the footer at the end stays readable).
    let n = bytes.len();
    for b in &mut bytes[n / 3..n / 2] {
        *b = 0xFF;
    }
    std::fs::write(&p, &bytes).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let path = p.clone();
    std::thread::spawn(move || {
        let _ = tx.send(read(&[&path]));
    });
    let (got, rejects) = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("reading a corrupt Parquet file ends");
    assert!(got.len() < texts.len());
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert!(rejects[0].starts_with("unreadable Parquet"), "{rejects:?}");
}

#[test]
fn utf16_files_with_a_bom_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = "{\"id\": \"u1\", \"text\": \"Zürich £1.5bn 東京 🙂.\"}\r\n{\"id\": \"u2\", \"text\": \"Second.\"}\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(jsonl.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(jsonl.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let txt: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Title\n\nBody of the text."
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    // (file name, bytes, texts expected)
    let cases: [(&str, Vec<u8>, Vec<&str>); 3] = [
        ("le.jsonl", le, vec!["Zürich £1.5bn 東京 🙂.", "Second."]),
        ("be.jsonl", be, vec!["Zürich £1.5bn 東京 🙂.", "Second."]),
        ("le.txt", txt, vec!["Title\n\nBody of the text."]),
    ];
    for (name, bytes, want) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let (got, rejects) = read(&[&p]);
        assert!(rejects.is_empty(), "{name}: {rejects:?}");
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn hidden_files_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Visible.").unwrap();
    std::fs::write(dir.path().join(".b.txt"), "Hidden.").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git").join("c.txt"), "In a hidden folder.").unwrap();
    let ing = Ingestor::new(&IngestConfig::default()).unwrap();
    let (files, warnings) = ing.plan_with_warnings(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(files, vec![dir.path().join("a.txt")]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("2 file(s) or folder(s) whose names start with a dot"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains(".b.txt") && warnings[0].contains(".git"));
}

#[cfg(unix)]
#[test]
fn folder_links_are_followed_once_and_loops_end() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::write(root.join("a").join("one.txt"), "One.").unwrap();
    // A loop back to the top, a second way into `a`, and a link to itself.
    symlink(&root, root.join("a").join("up")).unwrap();
    symlink(root.join("a"), root.join("b")).unwrap();
    symlink(root.join("self"), root.join("self")).unwrap();
    let ing = Ingestor::new(&IngestConfig::default()).unwrap();
    let (files, warnings) = ing.plan_with_warnings(std::slice::from_ref(&root)).unwrap();
    assert_eq!(
        files,
        vec![root.join("a").join("one.txt"), root.join("self")]
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("skipped 2 folder(s) reached again"),
        "{warnings:?}"
    );
    let (texts, rejects) = read(&[&root]);
    assert_eq!(texts, vec!["One."]);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert!(rejects[0].starts_with("unreadable file"), "{rejects:?}");
}

#[cfg(unix)]
#[test]
fn fifo_among_the_inputs_is_a_reject_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jsonl");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available: skipped");
        return;
    }
    std::fs::write(dir.path().join("a.txt"), "A text.").unwrap();
    let (texts, rejects) = read(&[dir.path()]);
    assert_eq!(texts, vec!["A text."]);
    assert_eq!(
        rejects,
        vec!["not a regular file (a FIFO), skipped".to_string()]
    );
    let (_, rejects) = read(&[Path::new("/dev/null")]);
    assert_eq!(
        rejects,
        vec!["not a regular file (a device), skipped".to_string()]
    );
}

/// Records as news APIs and scrapers write them, read without a config: (record, text, title,
/// date as RFC 3339, id, the fields used as `role=field`).
#[test]
fn field_names_of_common_sources_need_no_config() {
    type Case = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        // NewsAPI: a truncated `content`, a longer `description`, `publishedAt`, `url` as the id.
        (
            r#"{"source": {"id": null, "name": "Daily"}, "title": "T1", "description": "A longer summary of the story here.", "content": "Short… [+99 chars]", "url": "https://n/1", "publishedAt": "2025-03-04T10:00:00Z"}"#,
            "A longer summary of the story here.",
            Some("T1"),
            Some("2025-03-04T10:00:00+00:00"),
            "https://n/1",
            &[
                "text=description",
                "title=title",
                "date=published_at",
                "id=url",
                "url=url",
                "outlet=source.name",
            ],
        ),
        // A summary shorter than the text is not used.
        (
            r#"{"id": "s2", "description": "Short.", "content": "The whole text of the story.", "pubDate": "Tue, 04 Mar 2025 10:00:00 GMT"}"#,
            "The whole text of the story.",
            None,
            Some("2025-03-04T10:00:00+00:00"),
            "s2",
            &["text=content", "date=pubdate", "id=id"],
        ),
        // Only a summary.
        (
            r#"{"guid": "g3", "headline": "H3", "description": "Only a summary.", "seendate": "20250304T101500Z"}"#,
            "Only a summary.",
            Some("H3"),
            Some("2025-03-04T10:15:00+00:00"),
            "g3",
            &[
                "text=description",
                "title=headline",
                "date=seendate",
                "id=guid",
            ],
        ),
        // Other spellings: case and underscores do not matter.
        (
            r#"{"DocId": "d4", "Full_Text": "Story text.", "Title": "H4", "Date": "March 4, 2025"}"#,
            "Story text.",
            Some("H4"),
            Some("2025-03-04T00:00:00+00:00"),
            "d4",
            &["text=full_text", "title=title", "date=date", "id=doc_id"],
        ),
        (
            r#"{"story": "A story.", "published": 1741082400}"#,
            "A story.",
            None,
            Some("2025-03-04T10:00:00+00:00"),
            "",
            &["text=story", "date=published"],
        ),
        // schema.org's NewsArticle (JSON-LD of news pages, as scrapers keep it).
        (
            r#"{"@type": "NewsArticle", "headline": "H6", "articleBody": "The body.", "datePublished": "2025-03-04T10:00:00Z"}"#,
            "The body.",
            Some("H6"),
            Some("2025-03-04T10:00:00+00:00"),
            "",
            &["text=article_body", "title=headline", "date=date_published"],
        ),
        // A scraper's dump: `body_text` and `created_at`.
        (
            r#"{"body_text": "Scraped text.", "created_at": "2025-03-04 10:00:00"}"#,
            "Scraped text.",
            None,
            Some("2025-03-04T10:00:00+00:00"),
            "",
            &["text=body_text", "date=created_at"],
        ),
        // Regression: epoch seconds under `ts` (message queues, logs) were not read.
        (
            r#"{"text": "Queued text.", "ts": 1741082400}"#,
            "Queued text.",
            None,
            Some("2025-03-04T10:00:00+00:00"),
            "",
            &["text=text", "date=ts"],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let ing = Ingestor::new(&IngestConfig::default()).unwrap();
    for (i, (record, text, title, date, id, used)) in cases.iter().enumerate() {
        let p = dir.path().join(format!("{i}.jsonl"));
        std::fs::write(&p, record).unwrap();
        let b = ing.stream(vec![p]).next().unwrap().unwrap();
        assert_eq!(b.rejects.num_rows(), 0, "case {i}");
        let d = &b.documents;
        assert_eq!(str_col(d, "text").unwrap().value(0), *text, "case {i}");
        let t = str_col(d, "title").unwrap();
        assert_eq!(t.is_valid(0).then(|| t.value(0)), *title, "case {i}");
        let ts = d
            .column_by_name("published_at")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
            .unwrap();
        let got = ts.is_valid(0).then(|| {
            chrono::DateTime::from_timestamp_micros(ts.value(0))
                .unwrap()
                .to_rfc3339()
        });
        assert_eq!(got.as_deref(), *date, "case {i}");
        if !id.is_empty() {
            assert_eq!(str_col(d, "doc_id").unwrap().value(0), *id, "case {i}");
        }
        let mut want: Vec<String> = used.iter().map(|u| u.to_string()).collect();
        want.sort();
        assert_eq!(
            b.fields_used.keys().cloned().collect::<Vec<_>>(),
            want,
            "case {i}"
        );
        assert!(!b.fields_seen.is_empty());
    }
}

/// Carried fields that are objects or lists are kept as JSON text; a dotted name reads into a
/// nested object.
#[test]
fn carried_objects_are_json_text_and_dotted_names_read_nested_fields() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    std::fs::write(
        &p,
        r#"{"id": "c1", "text": "T.", "tags": ["a", "b"], "source": {"name": "Daily", "id": 7}, "n": 3}"#,
    )
    .unwrap();
    let cfg = IngestConfig {
        carry: vec![
            "tags".into(),
            "source.name".into(),
            "n".into(),
            "missing".into(),
        ],
        ..IngestConfig::default()
    };
    let b = Ingestor::new(&cfg)
        .unwrap()
        .stream(vec![p])
        .next()
        .unwrap()
        .unwrap();
    let d = &b.documents;
    let got: Vec<Option<&str>> = ["tags", "source.name", "n", "missing"]
        .iter()
        .map(|c| {
            let a = str_col(d, c).unwrap();
            a.is_valid(0).then(|| a.value(0))
        })
        .collect();
    assert_eq!(
        got,
        vec![Some(r#"["a","b"]"#), Some("Daily"), Some("3"), None]
    );
}

#[test]
fn csv_delimiter_is_detected_from_the_header() {
    // (header line and a row, delimiter)
    let cases: &[(&str, u8)] = &[
        ("id,title,text\n1,a,b", b','),
        ("id;title;text\n1;a;b", b';'),
        ("id\ttitle\ttext\n1\ta\tb", b'\t'),
        ("\"a;b\",c,d\n", b','),
        ("\"a,b\";c;d\n", b';'),
        ("text\nOne, two; three", b','),
        ("", b','),
    ];
    for &(head, want) in cases {
        assert_eq!(read::sniff_delimiter(head.as_bytes()), want, "{head:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("semi.csv");
    std::fs::write(
        &p,
        "id;title;text\ns1;Zürich;Der Text, mit Komma.\ns2;B;Zweiter Text.\n",
    )
    .unwrap();
    let (texts, rejects) = read(&[&p]);
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(texts, vec!["Der Text, mit Komma.", "Zweiter Text."]);
    // A delimiter set in the config wins.
    let cfg = IngestConfig {
        csv_delimiter: ",".into(),
        ..IngestConfig::default()
    };
    let (docs, _) = read_all(&Ingestor::new(&cfg).unwrap(), &[&p]).unwrap();
    assert_eq!(docs.iter().map(|b| b.num_rows()).sum::<usize>(), 0);
    let bad = IngestConfig {
        csv_delimiter: ";;".into(),
        ..IngestConfig::default()
    };
    assert!(Ingestor::new(&bad).is_err());
}

/// Found by the `ingest` fuzz target: Parquet metadata with a negative column start made the
/// parquet crate panic while reading (an assertion), which ended the run.
#[test]
fn fuzz_parquet_negative_column_start_is_a_reject_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crash.parquet");
    std::fs::write(
        &p,
        include_bytes!("../fuzz_crashes/negative_column_start.parquet"),
    )
    .unwrap();
    let (_, rejects) = read(&[&p]);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert!(rejects[0].starts_with("unreadable Parquet"), "{rejects:?}");
}

/// A 5-row CSV with one unbalanced quote gave 1 document and 1 reject: the open quote read the
/// rest of the file as one field. Now it costs its own row, whose start is the reject's sample.
#[test]
fn csv_unbalanced_quote_swallowed_the_rest_of_the_file() {
    // (file name, content, documents' ids, the rejects' samples)
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "first.csv",
            "id,title,text\n1,T1,\"Bad quote, first.\n2,T2,Two.\n3,T3,Three.\n4,T4,Four.\n5,T5,Five.\n",
            &["2", "3", "4", "5"],
            &["1,T1,\"Bad quote, first.\n"],
        ),
        (
            "middle.csv",
            "id,title,text\n1,T1,One.\n2,T2,Two.\n3,T3,\"Bad quote, middle.\n4,T4,Four.\n5,T5,\"Fine, quoted.\"\n",
            &["1", "2", "4", "5"],
            &["3,T3,\"Bad quote, middle.\n"],
        ),
        (
            "last.csv",
            "id,title,text\n1,T1,One.\n2,T2,Two.\n3,T3,Three.\n4,T4,Four.\n5,T5,\"Bad quote, last.",
            &["1", "2", "3", "4"],
            &["5,T5,\"Bad quote, last."],
        ),
        (
            "crlf.csv",
            "id,title,text\r\n1,T1,One.\r\n2,T2,\"Bad £ quote.\r\n3,T3,Three.\r\n",
            &["1", "3"],
            &["2,T2,\"Bad £ quote.\r\n"],
        ),
        (
            "semicolon.csv",
            "id;title;text\n1;T1;\"Eins, zwei.\"\n2;T2;\"Kaputt.\n3;T3;Drei.\n",
            &["1", "3"],
            &["2;T2;\"Kaputt.\n"],
        ),
        (
            "tab.tsv.csv",
            "id\ttitle\ttext\n1\tT1\t\"Bad.\n2\tT2\tTwo.\n",
            &["2"],
            &["1\tT1\t\"Bad.\n"],
        ),
        (
            "multiline.csv",
            "id,title,text\n1,T1,\"Para one, with a comma.\n\nPara two, \"\"quoted\"\".\"\n2,T2,Two.\n",
            &["1", "2"],
            &[],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let ingestor = Ingestor::new(&IngestConfig::default()).unwrap();
    for (name, content, want_ids, want_samples) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        let (docs, rejects) = read_all(&ingestor, &[&p]).unwrap();
        let ids: Vec<String> = docs
            .iter()
            .flat_map(|b| {
                str_col(b, "doc_id")
                    .unwrap()
                    .iter()
                    .flatten()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        let samples: Vec<String> = rejects
            .iter()
            .flat_map(|b| {
                str_col(b, "sample")
                    .unwrap()
                    .iter()
                    .flatten()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(ids, *want_ids, "{name}");
        assert_eq!(samples, *want_samples, "{name}");
        // Nothing lost: every record of the file is a document or a reject.
        let records = content
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(ids.len() + samples.len(), records, "{name}");
    }
    // The multi-line field is whole.
    let p = dir.path().join("multiline.csv");
    let (texts, _) = read(&[&p]);
    assert_eq!(texts[0], "Para one, with a comma.\n\nPara two, \"quoted\".");
}

/// News APIs put the outlet in `source`: a string, or an object with `id` and `name`. The
/// `outlet` column holds its name; `carry = ["source"]` keeps the field as it is in the column
/// `source_raw`; the `source` column stays where the document was read.
#[test]
fn source_of_news_apis_is_the_outlet_and_can_be_carried() {
    // (record, outlet, source_raw)
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        (
            r#""source": "Daily Planet""#,
            Some("Daily Planet"),
            Some("Daily Planet"),
        ),
        (
            r#""source": {"id": "dp", "name": "Daily Planet"}"#,
            Some("Daily Planet"),
            Some(r#"{"id":"dp","name":"Daily Planet"}"#),
        ),
        // An object without a name: its id, unless another outlet field comes first.
        (
            r#""source": {"id": "dp", "name": null}"#,
            Some("dp"),
            Some(r#"{"id":"dp","name":null}"#),
        ),
        (
            r#""source": {"id": null}, "publisher": "Le Monde""#,
            Some("Le Monde"),
            Some(r#"{"id":null}"#),
        ),
        (r#""source": null"#, None, None),
        (r#""source": "  ""#, None, Some("  ")),
        ("", None, None),
        (r#""domain": "example.org""#, Some("example.org"), None),
        (r#""source_name": "Wire""#, Some("Wire"), None),
        // A `documents` table read again: its `outlet` is the outlet, null or not (its
        // `source` is where it was read).
        (
            r#""outlet": null, "source": "in.jsonl:3""#,
            None,
            Some("in.jsonl:3"),
        ),
        (
            r#""outlet": "Wire", "source": "in.jsonl:3""#,
            Some("Wire"),
            Some("in.jsonl:3"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let cfg = IngestConfig {
        carry: vec!["source".into()],
        ..IngestConfig::default()
    };
    let ing = Ingestor::new(&cfg).unwrap();
    assert_eq!(ing.carried(), ["source_raw"]);
    for (i, (fields, outlet, raw)) in cases.iter().enumerate() {
        let sep = if fields.is_empty() { "" } else { ", " };
        let p = dir.path().join(format!("{i}.jsonl"));
        std::fs::write(
            &p,
            format!(r#"{{"id": "x{i}", "text": "T."{sep}{fields}}}"#),
        )
        .unwrap();
        let b = ing.stream(vec![p.clone()]).next().unwrap().unwrap();
        let d = &b.documents;
        let get = |c: &str| {
            let a = str_col(d, c).unwrap();
            a.is_valid(0).then(|| a.value(0).to_string())
        };
        assert_eq!(get("outlet").as_deref(), *outlet, "{fields}");
        assert_eq!(get("source_raw").as_deref(), *raw, "{fields}");
        assert_eq!(
            get("source"),
            Some(format!("{}:1", p.display())),
            "{fields}"
        );
    }
    // The same from a CSV column, and without `carry`.
    let p = dir.path().join("outlets.csv");
    std::fs::write(&p, "id,source,text\n1,Daily Planet,T.\n2,,T.\n").unwrap();
    let (docs, _) = read_all(&Ingestor::new(&IngestConfig::default()).unwrap(), &[&p]).unwrap();
    let outlets = str_col(&docs[0], "outlet").unwrap();
    assert_eq!(
        (0..2)
            .map(|i| outlets.is_valid(i).then(|| outlets.value(i)))
            .collect::<Vec<_>>(),
        vec![Some("Daily Planet"), None]
    );
    // `source_raw` is a column name now: carrying `source` and `source_raw` clashes.
    let clash = IngestConfig {
        carry: vec!["source".into(), "source_raw".into()],
        ..IngestConfig::default()
    };
    assert!(Ingestor::new(&clash).is_err());
    let outlet = IngestConfig {
        carry: vec!["outlet".into()],
        ..IngestConfig::default()
    };
    assert!(Ingestor::new(&outlet).is_err());
}

/// Files in a legacy encoding (a spreadsheet's Windows-1252 CSV, a Latin-1 text, a Shift JIS
/// JSONL) are read with `ingest.encoding`; without it their records are rejects that say how to
/// read them. A byte order mark still wins.
#[test]
fn legacy_encodings_are_read_with_ingest_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "title,body\r\nCafé,\"Müller said prices rose 5% to €3 – “a record”.\"\r\n";
    let txt = "Zürich\n\nSociété Générale’s profit fell.\n";
    let jsonl = "{\"text\": \"東京のトヨタ, said Ono.\"}\n";
    let (cp1252, _, bad) = encoding_rs::WINDOWS_1252.encode(csv);
    assert!(!bad);
    std::fs::write(dir.path().join("a.csv"), &cp1252).unwrap();
    let (latin1, _, bad) = encoding_rs::WINDOWS_1252.encode(txt);
    assert!(!bad);
    std::fs::write(dir.path().join("b.txt"), &latin1).unwrap();
    let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(jsonl);
    assert!(!bad);
    std::fs::write(dir.path().join("c.jsonl"), &sjis).unwrap();
    // UTF-8 with its byte order mark, read as UTF-8 whatever the setting.
    std::fs::write(
        dir.path().join("d.txt"),
        [&[0xEF, 0xBB, 0xBF][..], "Łódź\n\nŁódź grew.\n".as_bytes()].concat(),
    )
    .unwrap();
    let read = |encoding: &str, file: &str| {
        let cfg = IngestConfig {
            encoding: encoding.to_string(),
            ..IngestConfig::default()
        };
        let ing = Ingestor::new(&cfg).unwrap();
        let b = ing
            .stream(vec![dir.path().join(file)])
            .next()
            .unwrap()
            .unwrap();
        let texts: Vec<String> = (0..b.documents.num_rows())
            .map(|i| str_col(&b.documents, "text").unwrap().value(i).to_string())
            .collect();
        let reasons: Vec<String> = (0..b.rejects.num_rows())
            .map(|i| str_col(&b.rejects, "reason").unwrap().value(i).to_string())
            .collect();
        (texts, reasons)
    };
    // Named, and by default (`auto`) for the Windows-1252 files.
    for enc in ["windows-1252", "auto"] {
        assert_eq!(
            read(enc, "a.csv").0,
            ["Müller said prices rose 5% to €3 – “a record”."],
            "{enc}"
        );
    }
    for enc in ["latin1", "auto"] {
        assert_eq!(
            read(enc, "b.txt").0,
            ["Zürich\n\nSociété Générale’s profit fell.\n"],
            "{enc}"
        );
    }
    assert_eq!(read("shift_jis", "c.jsonl").0, ["東京のトヨタ, said Ono."]);
    assert_eq!(read("windows-1252", "d.txt").0, ["Łódź\n\nŁódź grew.\n"]);
    // Strict UTF-8: rejects that name the setting.
    for file in ["a.csv", "b.txt", "c.jsonl"] {
        let (texts, reasons) = read("utf-8", file);
        assert!(texts.is_empty(), "{file}: {texts:?}");
        assert!(
            reasons.len() == 1 && reasons[0].contains("set ingest.encoding"),
            "{file}: {reasons:?}"
        );
    }
    // An unknown encoding is a config error.
    let cfg = IngestConfig {
        encoding: "klingon".to_string(),
        ..IngestConfig::default()
    };
    assert!(cfg.problems().iter().any(|p| p.contains("ingest.encoding")));
}

#[test]
fn a_latin1_pound_sign_is_read_not_rejected() {
    // Regression: a news file with one Windows-1252 byte ("£" as 0xA3, as the British news
    // corpora hold) was a reject and its article lost; by default each run of bytes that is
    // no UTF-8 is read as Windows-1252, the UTF-8 around it kept, and the document counted.
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &[u8])] = &[
        (
            "a.txt",
            b"Profits rise\n\nProfits rose to \xa31.1bn (\xa3600m), up 76%.\n",
        ),
        (
            "b.jsonl",
            b"{\"id\": \"b1\", \"title\": \"Caf\xe9\", \"text\": \"Nestl\xe9 paid \xe2\x82\xac3m in Z\xc3\xbcrich.\"}\n{\"id\": \"b2\", \"text\": \"Plain UTF-8: \xc2\xa35.\"}\n",
        ),
        ("c.csv", b"id,text\nc1,\"It cost \xa310, \x93quoted\x94.\"\n"),
        ("d.json", b"[{\"id\": \"d1\", \"text\": \"Cr\xe8me br\xfbl\xe9e\"}]"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let ing = Ingestor::new(&IngestConfig::default()).unwrap();
    let mut texts = Vec::new();
    let (mut legacy, mut rejects) = (0, Vec::new());
    let paths = files.iter().map(|(n, _)| dir.path().join(n)).collect();
    for b in ing.stream(paths) {
        let b = b.unwrap();
        legacy += b.legacy_decoded;
        for i in 0..b.rejects.num_rows() {
            rejects.push(str_col(&b.rejects, "reason").unwrap().value(i).to_string());
        }
        for i in 0..b.documents.num_rows() {
            texts.push(str_col(&b.documents, "text").unwrap().value(i).to_string());
        }
    }
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(
        texts,
        [
            "Profits rise\n\nProfits rose to £1.1bn (£600m), up 76%.\n",
            "Nestlé paid €3m in Zürich.",
            "Plain UTF-8: £5.",
            "It cost £10, “quoted”.",
            "Crème brûlée",
        ]
    );
    // Four documents were read so; the UTF-8 one was not.
    assert_eq!(legacy, 4);
}

#[test]
fn bytes_that_are_no_utf8_read_as_windows_1252() {
    // (bytes, text): UTF-8 kept, every run of bytes that is no UTF-8 read as Windows-1252,
    // a sequence cut at the end too.
    let cases: &[(&[u8], &str)] = &[
        (b"plain", "plain"),
        (b"\xa3", "£"),
        (b"caf\xe9 au lait", "café au lait"),
        (b"\x93yes\x94 \xe2\x80\x94 ok", "“yes” — ok"),
        (b"Z\xc3\xbcrich \xfc", "Zürich ü"),
        (b"end \xe2\x82", "end â‚"),
        (b"\x81\x8d", "\u{81}\u{8d}"),
    ];
    for (bytes, want) in cases {
        assert_eq!(crate::read::utf8_else_1252(bytes), *want, "{bytes:?}");
    }
}
