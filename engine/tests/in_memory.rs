//! The engine in memory: `Engine::tag_batches` over Arrow record batches gives the rows that
//! `Engine::run` writes for the same documents.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables;
use newsmill_engine::{io, AggregateTables, Config, Engine, RunOptions, Tables, TagOptions};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/samples/articles.jsonl")
}

/// The sample articles, then two records of our own: one that repeats an id (a reject) and one
/// whose text is a near-copy of another record's (marked `duplicate_of`).
fn records() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(samples()).expect("the sample articles");
    let mut recs: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let first = recs[0].clone();
    recs.push(serde_json::json!({
        "id": first["id"],
        "title": "The same id again",
        "date": "2025-03-01",
        "text": "A record that repeats the id of the first one is rejected, whatever it says.",
    }));
    let mut copy = first;
    copy["id"] = serde_json::json!("our-near-copy");
    copy["url"] = serde_json::Value::Null;
    recs.push(copy);
    recs
}

/// Records as a batch of string columns (`id`, `title`, `date`, `url`, `text`).
fn batch(recs: &[serde_json::Value]) -> RecordBatch {
    let names = ["id", "title", "date", "url", "text"];
    let columns: Vec<ArrayRef> = names
        .iter()
        .map(|n| {
            Arc::new(
                recs.iter()
                    .map(|r| r[*n].as_str().map(String::from))
                    .collect::<StringArray>(),
            ) as ArrayRef
        })
        .collect();
    let fields: Vec<Field> = names
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, true))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch")
}

fn read_back(dir: &Path, table: &'static tables::Table) -> RecordBatch {
    let file = io::table_path(dir, table);
    let path = if file.exists() {
        file
    } else {
        io::parts_path(dir, table)
    };
    let (batches, schema) = io::read_table(&path, table, 1 << 20).expect("the table is there");
    let batches: Vec<RecordBatch> = batches.map(|b| b.expect("readable")).collect();
    arrow::compute::concat_batches(&schema, &batches).expect("one batch")
}

/// The same columns (names, types) and the same values, in the same order.
fn assert_same(name: &str, a: &RecordBatch, b: &RecordBatch, skip: &[&str]) {
    assert_eq!(a.num_rows(), b.num_rows(), "{name}: rows");
    let names = |x: &RecordBatch| -> Vec<String> {
        x.schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    };
    assert_eq!(names(a), names(b), "{name}: columns");
    for (i, f) in a.schema().fields().iter().enumerate() {
        if skip.contains(&f.name().as_str()) {
            continue;
        }
        let (x, y) = (a.column(i), b.column(i));
        assert_eq!(x.data_type(), y.data_type(), "{name}.{}: type", f.name());
        assert!(
            x.as_ref() == y.as_ref(),
            "{name}.{}: values differ: {:?} vs {:?}",
            f.name(),
            x.slice(0, x.len().min(3)),
            y.slice(0, y.len().min(3))
        );
    }
}

fn tag(engine: &Engine, batches: Vec<RecordBatch>, source: &str) -> Tables {
    tag_with(engine, batches, source, 2, AggregateTables::All)
}

fn tag_with(
    engine: &Engine,
    batches: Vec<RecordBatch>,
    source: &str,
    threads: usize,
    aggregates: AggregateTables,
) -> Tables {
    engine
        .tag_batches(
            batches,
            &TagOptions {
                threads,
                aggregates,
                source: source.to_string(),
            },
        )
        .expect("tag_batches")
}

#[test]
fn tag_batches_gives_the_rows_of_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    let recs = records();
    let lines: Vec<String> = recs.iter().map(|r| r.to_string()).collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();

    let engine = Engine::build(Config::default()).expect("the default config builds");
    let options = RunOptions {
        threads: 2,
        ..Default::default()
    };
    let report = engine
        .run(std::slice::from_ref(&input), &out, &options, &())
        .expect("run");
    assert_eq!(report.counts["rejects"], 1);

    // Cut across a record boundary: positions count on over the batches.
    let (a, b) = recs.split_at(recs.len() / 2);
    let mem = tag(
        &engine,
        vec![batch(a), batch(b)],
        &input.display().to_string(),
    );
    for t in tables::ALL {
        let from_run = read_back(&out, t);
        let in_memory = mem.concat(t.name).expect("every table computed");
        assert_same(t.name, &from_run, &in_memory, &[]);
    }
    assert!(mem.rows("mentions") > 100, "the samples have mentions");
    let docs = mem.concat("documents").unwrap();
    let dup = docs.column_by_name("duplicate_of").unwrap();
    assert_eq!(dup.len() - dup.null_count(), 1, "the near-copy is marked");
}

#[test]
fn tag_batches_takes_the_documents_table() {
    // A `documents` batch (timestamps, the hash columns) comes back as the same documents.
    let engine = Engine::build(Config::default()).unwrap();
    let recs = records();
    let first = tag(&engine, vec![batch(&recs)], "first");
    let docs = first.concat("documents").unwrap();
    let again = tag(&engine, vec![docs.clone()], "again");
    assert_same(
        "documents",
        &docs,
        &again.concat("documents").unwrap(),
        &["source"],
    );
    for t in [
        "sentences",
        "mentions",
        "organizations",
        "countries",
        "themes",
    ] {
        assert_same(t, &first.concat(t).unwrap(), &again.concat(t).unwrap(), &[]);
    }
}

#[test]
fn tag_batches_without_aggregates_gives_the_row_tables_only() {
    let engine = Engine::build(Config::default()).unwrap();
    let t = engine
        .tag_batches(vec![batch(&records()[..3])], &TagOptions::default())
        .unwrap();
    let names: Vec<&str> = t.tables.keys().copied().collect();
    assert_eq!(names, ["documents", "mentions", "rejects", "sentences"]);
    assert_eq!(t.rows("documents"), 3);
    // An empty input gives empty tables with their schemas.
    let none = engine
        .tag_batches(Vec::<RecordBatch>::new(), &TagOptions::default())
        .unwrap();
    assert_eq!(none.rows("documents"), 0);
    assert_eq!(
        none.concat("mentions").unwrap().schema().fields().len(),
        tables::MENTIONS.columns.len()
    );
}

/// `AggregateTables::DocumentThemes` (the Spark map step's) gives the `document_themes` of every
/// aggregate, row for row with the same types and metadata, and the same row tables; none of the
/// other aggregate tables.
#[test]
fn document_themes_only_gives_the_document_themes_of_all_aggregates() {
    let engine = Engine::build(Config::default()).unwrap();
    let recs = records();
    let (a, b) = recs.split_at(recs.len() / 2);
    // (case, batches): the samples with a repeated id and a near-copy.
    let cases: Vec<(&str, Vec<RecordBatch>)> = vec![
        ("one batch", vec![batch(&recs)]),
        ("two batches", vec![batch(a), batch(b)]),
        ("batches of one record", recs.chunks(1).map(batch).collect()),
    ];
    for (case, batches) in cases {
        for threads in [1, 2] {
            let all = tag_with(&engine, batches.clone(), "s", threads, AggregateTables::All);
            let only = tag_with(
                &engine,
                batches.clone(),
                "s",
                threads,
                AggregateTables::DocumentThemes,
            );
            let names: Vec<&str> = only.tables.keys().copied().collect();
            assert_eq!(
                names,
                [
                    "document_themes",
                    "documents",
                    "mentions",
                    "rejects",
                    "sentences"
                ],
                "{case}"
            );
            for t in names {
                let (x, y) = (all.concat(t).unwrap(), only.concat(t).unwrap());
                assert_same(&format!("{case}, {threads} threads: {t}"), &x, &y, &[]);
                assert_eq!(x.schema(), y.schema(), "{case}: {t}'s schema and metadata");
            }
            assert!(all.rows("document_themes") > 20, "{case}: rows to compare");
            assert_eq!(all.rows("rejects"), 1, "{case}: the repeated id");
        }
    }
}
