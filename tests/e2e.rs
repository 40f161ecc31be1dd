//! End-to-end tests over the built `newsmill` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arrow::array::{Array, StringArray, UInt32Array, UInt64Array};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

const TABLES: [&str; 7] = [
    "documents",
    "sentences",
    "mentions",
    "rejects",
    "organizations",
    "countries",
    "themes",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn samples() -> PathBuf {
    root().join("data/samples")
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

fn newsmill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(args)
        .output()
        .expect("newsmill runs")
}

fn ok(args: &[&str]) -> Output {
    let out = newsmill(args);
    assert!(
        out.status.success(),
        "newsmill {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn read(dir: &Path, table: &str) -> RecordBatch {
    let path = dir.join(format!("{table}.parquet"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let kv = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .cloned()
        .unwrap_or_default();
    assert!(
        kv.iter()
            .any(|e| e.key == "newsmill.table" && e.value.as_deref() == Some(table)),
        "{table}: metadata {kv:?}"
    );
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    arrow::compute::concat_batches(&schema, &batches).unwrap()
}

fn strs<'a>(b: &'a RecordBatch, c: &str) -> &'a StringArray {
    b.column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"))
        .as_any()
        .downcast_ref()
        .unwrap()
}

fn u32s<'a>(b: &'a RecordBatch, c: &str) -> &'a UInt32Array {
    b.column_by_name(c)
        .unwrap()
        .as_any()
        .downcast_ref()
        .unwrap()
}

fn u64s<'a>(b: &'a RecordBatch, c: &str) -> &'a UInt64Array {
    b.column_by_name(c)
        .unwrap()
        .as_any()
        .downcast_ref()
        .unwrap()
}

fn run_samples(dir: &Path, extra: &[&str]) {
    let mut args = vec!["run", "-o", dir.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    ok(&args);
}

#[test]
fn run_on_the_samples_writes_every_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = ok(&["run", "-o", out.to_str().unwrap(), "--summary"]);
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(summary.contains("12 documents, 0 rejected"), "{summary}");
    assert!(
        summary.contains("top countries") && summary.contains("United States"),
        "{summary}"
    );
    let t: Vec<RecordBatch> = TABLES.iter().map(|t| read(&out, t)).collect();
    assert_eq!(t[0].num_rows(), 12, "6 text files and 6 JSONL records");
    assert!(t[1].num_rows() >= 100, "sentences: {}", t[1].num_rows());
    assert!(t[2].num_rows() >= 200, "mentions: {}", t[2].num_rows());
    assert_eq!(t[3].num_rows(), 0);
    // Every kind is found, and the aggregates add up to the mentions.
    let kinds = strs(&t[2], "kind");
    for (kind, agg) in [
        ("organization", &t[4]),
        ("country", &t[5]),
        ("theme", &t[6]),
    ] {
        let n = (0..kinds.len()).filter(|&i| kinds.value(i) == kind).count() as u64;
        assert!(n > 0, "no {kind} mentions");
        assert_eq!(
            u64s(agg, "mentions")
                .iter()
                .map(Option::unwrap)
                .sum::<u64>(),
            n,
            "{kind}"
        );
        let docs = u64s(agg, "documents");
        assert!((0..agg.num_rows()).all(|i| docs.value(i) >= 1 && docs.value(i) <= 12));
    }
    let countries = strs(&t[5], "entity_id");
    assert_eq!(
        countries.value(0),
        "US",
        "the United States is the most mentioned country"
    );
    let orgs: Vec<&str> = strs(&t[4], "entity_name")
        .iter()
        .map(Option::unwrap)
        .collect();
    for want in [
        "Nvidia",
        "Federal Reserve",
        "Center for Emerging Technology Policy",
    ] {
        assert!(orgs.contains(&want), "{want} missing from {orgs:?}");
    }
    // Dates from JSONL in three formats; text files have none.
    let dates = t[0].column_by_name("published_at").unwrap();
    assert_eq!(dates.null_count(), 6);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["documents"], 12);
    assert_eq!(manifest["counts"]["mentions"], t[2].num_rows() as u64);
    assert!(manifest["timings_seconds"]["total"].as_f64().unwrap() > 0.0);
    assert_eq!(manifest["table_versions"]["mentions"], 1);
}

#[test]
fn offsets_point_into_the_document_text() {
    let tmp = tempfile::tempdir().unwrap();
    run_samples(tmp.path(), &[]);
    let docs = read(tmp.path(), "documents");
    let texts: std::collections::HashMap<&str, &str> = (0..docs.num_rows())
        .map(|i| (strs(&docs, "doc_id").value(i), strs(&docs, "text").value(i)))
        .collect();
    let sents = read(tmp.path(), "sentences");
    let mut spans = std::collections::HashMap::new();
    for i in 0..sents.num_rows() {
        let text = texts[strs(&sents, "doc_id").value(i)];
        let (s, e) = (
            u32s(&sents, "start").value(i) as usize,
            u32s(&sents, "end").value(i) as usize,
        );
        assert!(s < e && e <= text.len(), "sentence {i} {s}..{e}");
        let (cs, ce) = (
            u32s(&sents, "char_start").value(i) as usize,
            u32s(&sents, "char_end").value(i) as usize,
        );
        assert_eq!(
            text.chars().skip(cs).take(ce - cs).collect::<String>(),
            &text[s..e]
        );
        spans.insert(
            (
                strs(&sents, "doc_id").value(i),
                u32s(&sents, "sentence_id").value(i),
            ),
            (s, e),
        );
    }
    let m = read(tmp.path(), "mentions");
    for i in 0..m.num_rows() {
        let doc = strs(&m, "doc_id").value(i);
        let text = texts[doc];
        let (s, e) = (
            u32s(&m, "start").value(i) as usize,
            u32s(&m, "end").value(i) as usize,
        );
        assert_eq!(&text[s..e], strs(&m, "surface").value(i), "mention {i}");
        let (cs, ce) = (
            u32s(&m, "char_start").value(i) as usize,
            u32s(&m, "char_end").value(i) as usize,
        );
        assert_eq!(
            text.chars().skip(cs).take(ce - cs).collect::<String>(),
            &text[s..e]
        );
        let (ss, se) = spans[&(doc, u32s(&m, "sentence_id").value(i))];
        assert!(ss <= s && e <= se, "mention {i} lies in its sentence");
    }
}

#[test]
fn stage_by_stage_equals_the_chain_and_threads_do_not_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let (chain, one, staged) = (
        tmp.path().join("chain"),
        tmp.path().join("one"),
        tmp.path().join("staged"),
    );
    run_samples(&chain, &["--threads", "2"]);
    run_samples(&one, &["--threads", "1"]);
    let s = staged.to_str().unwrap();
    ok(&["ingest", samples().to_str().unwrap(), "-o", s, "-q"]);
    ok(&["split", s, "-q"]);
    ok(&["tag", s, "-q", "--threads", "2"]);
    ok(&["aggregate", s, "-q"]);
    for t in TABLES {
        let c = read(&chain, t);
        assert_eq!(c, read(&one, t), "{t}: --threads 1 vs 2");
        assert_eq!(c, read(&staged, t), "{t}: stage by stage vs chain");
    }
}

#[test]
fn bad_inputs_become_rejects_and_good_records_still_arrive() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let bad = fixtures().join("bad");
    let o = newsmill(&[
        "run",
        bad.to_str().unwrap(),
        samples().join("articles.jsonl").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "success with rejects: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("rejected"), "{stderr}");
    let docs = read(&out, "documents");
    let rejects = read(&out, "rejects");
    let mut reasons: Vec<String> = strs(&rejects, "reason")
        .iter()
        .map(|r| r.unwrap().to_string())
        .collect();
    reasons.sort();
    let expect_prefixes = [
        "empty text",                           // empty.txt
        "empty text",                           // mixed.jsonl line 5
        "empty text",                           // rows.csv row 3
        "invalid UTF-8 (first bad byte at",     // invalid_utf8.txt
        "malformed JSON",                       // mixed.jsonl line 3
        "missing text field (looked for: text", // mixed.jsonl line 4
    ];
    assert_eq!(reasons.len(), expect_prefixes.len(), "{reasons:?}");
    for (r, p) in reasons.iter().zip(expect_prefixes) {
        assert!(r.starts_with(p), "{r:?} should start with {p:?}");
    }
    // Good records: 2 in mixed.jsonl, 2 in rows.csv, 6 in articles.jsonl.
    assert_eq!(docs.num_rows(), 10);
    let read_records = 5 + 3 + 1 + 1 + 6; // mixed lines, csv rows, two whole files, articles
    assert_eq!(docs.num_rows() + rejects.num_rows(), read_records);
    let samples_ok = strs(&rejects, "sample").iter().all(|s| s.is_some());
    assert!(samples_ok);
}

#[test]
fn config_problems_are_all_reported_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("bad.toml");
    std::fs::write(&cfg, "[ingest]\nbatch_size = 0\ndate_formats = [\"%Q\"]\n[tag]\nkinds = [\"planet\"]\ndictionaries = [\"missing.tsv\"]\n").unwrap();
    let out = tmp.path().join("out");
    let o = newsmill(&[
        "run",
        "-c",
        cfg.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for want in ["batch_size", "%Q", "planet", "missing.tsv"] {
        assert!(err.contains(want), "{want} not in {err}");
    }
    assert!(!out.exists(), "nothing is written when the config is wrong");
    let o = newsmill(&[
        "run",
        "-c",
        cfg.to_str().unwrap(),
        "/no/such/input.jsonl",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn reading_the_wrong_table_names_file_and_tables() {
    let tmp = tempfile::tempdir().unwrap();
    run_samples(tmp.path(), &[]);
    let wrong = tmp.path().join("wrong");
    std::fs::create_dir_all(&wrong).unwrap();
    std::fs::copy(
        tmp.path().join("sentences.parquet"),
        wrong.join("documents.parquet"),
    )
    .unwrap();
    let o = newsmill(&["split", wrong.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("documents.parquet")
            && err.contains("documents v1")
            && err.contains("sentences"),
        "{err}"
    );
    let o = newsmill(&["tag", tmp.path().join("nothing").to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn schema_command_prints_every_contract() {
    let o = ok(&["schema"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for t in TABLES {
        assert!(text.contains(&format!("### `{t}`")), "{t}");
    }
    assert!(ok(&["schema", "mentions"]).stdout.len() < o.stdout.len());
    assert_eq!(newsmill(&["schema", "nope"]).status.code(), Some(2));
}

/// A second, independent reader: pyarrow and DuckDB read every table newsmill wrote.
#[test]
fn python_readers_read_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    run_samples(tmp.path(), &[]);
    let env = Command::new("bash")
        .arg(root().join("tests/python-env.sh"))
        .output()
        .expect("bash runs");
    assert!(
        env.status.success(),
        "python environment: {}",
        String::from_utf8_lossy(&env.stderr)
    );
    let python = String::from_utf8_lossy(&env.stdout).trim().to_string();
    let o = Command::new(&python)
        .arg(root().join("tests/read_back.py"))
        .arg(tmp.path())
        .output()
        .expect("python runs");
    assert!(
        o.status.success(),
        "read_back.py: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for t in TABLES {
        let b = read(tmp.path(), t);
        assert_eq!(report["pyarrow"][t]["rows"], b.num_rows() as u64, "{t}");
        assert_eq!(report["duckdb"][t]["rows"], b.num_rows() as u64, "{t}");
        let cols: Vec<String> = b
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(
            report["pyarrow"][t]["columns"],
            serde_json::json!(cols),
            "{t}"
        );
    }
    assert_eq!(
        report["pyarrow"]["documents"]["published_at_type"],
        "timestamp[us, tz=UTC]"
    );
    let m = read(tmp.path(), "mentions");
    assert_eq!(
        report["duckdb"]["mentions"]["first_surface"],
        strs(&m, "surface").value(0)
    );
    let c = read(tmp.path(), "countries");
    assert_eq!(
        report["duckdb"]["countries"]["top"],
        strs(&c, "entity_id").value(0)
    );
}
