//! End-to-end tests over the built `newsmill` binary.

mod common;

use std::path::Path;
use std::process::Command;

use arrow::array::Array;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use common::*;

const TABLES: [&str; 11] = [
    "documents",
    "sentences",
    "mentions",
    "rejects",
    "organizations",
    "countries",
    "themes",
    "cooccurrence",
    "timeseries",
    "document_themes",
    "persons",
];

fn run_samples(dir: &Path, extra: &[&str]) {
    // The sample folder is named explicitly, so that `source` paths are the ones this test sees.
    let samples = samples();
    let mut args = vec![
        "run",
        samples.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--quiet",
    ];
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
    assert!(summary.contains("top persons"), "{summary}");
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
        ("person", &t[10]),
    ] {
        let n = (0..kinds.len()).filter(|&i| kinds.value(i) == kind).count() as u64;
        assert!(n > 0, "no {kind} mentions");
        // Themes count their descendants' mentions too: their own are `direct_mentions`.
        let own = if kind == "theme" {
            "direct_mentions"
        } else {
            "mentions"
        };
        assert_eq!(
            u64s(agg, own).iter().map(Option::unwrap).sum::<u64>(),
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
    assert_eq!(manifest["table_versions"]["mentions"], 3);
    assert_eq!(
        manifest["dictionary_version"].as_str().map(str::len),
        Some(16)
    );
}

#[test]
fn offsets_point_into_the_document_text() {
    let tmp = tempfile::tempdir().unwrap();
    run_samples(tmp.path(), &[]);
    let docs = read(tmp.path(), "documents");
    let texts: std::collections::HashMap<&str, &str> = (0..docs.num_rows())
        .map(|i| (strs(&docs, "doc_id").value(i), strs(&docs, "text").value(i)))
        .collect();
    let titles: std::collections::HashMap<&str, &str> = (0..docs.num_rows())
        .map(|i| {
            (
                strs(&docs, "doc_id").value(i),
                strs(&docs, "title").value(i),
            )
        })
        .collect();
    let sents = read(tmp.path(), "sentences");
    let mut spans = std::collections::HashMap::new();
    for i in 0..sents.num_rows() {
        let doc = strs(&sents, "doc_id").value(i);
        // The title's row (sentence -1) points into the title.
        let in_title = strs(&sents, "field").value(i) == "title";
        assert_eq!(i64s(&sents, "sentence_id").value(i) == -1, in_title);
        let text = if in_title { titles[doc] } else { texts[doc] };
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
        // The sentence's text is there, one step from a mention.
        assert_eq!(strs(&sents, "text").value(i), &text[s..e], "sentence {i}");
        spans.insert((doc, i64s(&sents, "sentence_id").value(i)), (s, e));
    }
    let m = read(tmp.path(), "mentions");
    let mut in_titles = 0;
    for i in 0..m.num_rows() {
        let doc = strs(&m, "doc_id").value(i);
        let in_title = strs(&m, "field").value(i) == "title";
        // Title mentions are in sentence -1 (the title's row of `sentences`).
        assert_eq!(
            i64s(&m, "sentence_id").value(i) == -1,
            in_title,
            "mention {i}"
        );
        let text = if in_title { titles[doc] } else { texts[doc] };
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
        in_titles += usize::from(in_title);
        let (ss, se) = spans[&(doc, i64s(&m, "sentence_id").value(i))];
        assert!(ss <= s && e <= se, "mention {i} lies in its sentence");
    }
    // The JSONL samples have titles apart from their text, and they name entities.
    assert!(in_titles > 0);
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
    // One document a batch over three workers: batches finish out of order and are written in
    // input order.
    let (small, cfg) = (tmp.path().join("small"), tmp.path().join("small.toml"));
    std::fs::write(&cfg, "[ingest]\nbatch_size = 1\n").unwrap();
    run_samples(&small, &["--threads", "3", "-c", cfg.to_str().unwrap()]);
    let s = staged.to_str().unwrap();
    ok(&["ingest", samples().to_str().unwrap(), "-o", s, "-q"]);
    ok(&["split", s, "-q"]);
    ok(&["tag", s, "-q", "--threads", "2"]);
    ok(&["aggregate", s, "-q"]);
    for t in TABLES {
        let c = read(&chain, t);
        assert_eq!(c, read(&one, t), "{t}: --threads 1 vs 2");
        assert_eq!(
            c,
            read(&small, t),
            "{t}: batches of one document, --threads 3"
        );
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
    // A file that is not UTF-8 is read (its other bytes as Windows-1252) and said so.
    assert!(
        stderr.contains("1 document(s) were not UTF-8 and were read as Windows-1252"),
        "{stderr}"
    );
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
        "malformed JSON",                       // mixed.jsonl line 3
        "missing text field (looked for: text", // mixed.jsonl line 4
    ];
    assert_eq!(reasons.len(), expect_prefixes.len(), "{reasons:?}");
    for (r, p) in reasons.iter().zip(expect_prefixes) {
        assert!(r.starts_with(p), "{r:?} should start with {p:?}");
    }
    // Good records: 2 in mixed.jsonl, 2 in rows.csv, invalid_utf8.txt, 6 in articles.jsonl.
    assert_eq!(docs.num_rows(), 11);
    let texts = strs(&docs, "text");
    assert!(
        texts
            .iter()
            .any(|t| t.is_some_and(|t| t.contains("in March, \u{ff}\u{fe} the"))),
        "invalid_utf8.txt read as Windows-1252"
    );
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
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        written.iter().all(|n| n == ".newsmill.lock"),
        "nothing is written when the config is wrong: {written:?}"
    );
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
            && err.contains("documents v3")
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

/// The type names each Python reader gives a column of this Arrow type:
/// `(pyarrow, polars, pandas, duckdb)`.
fn reader_types(t: &DataType) -> (&'static str, &'static str, &'static str, &'static str) {
    match t {
        DataType::Utf8 => ("string", "String", "str", "VARCHAR"),
        DataType::Int64 => ("int64", "Int64", "int64", "BIGINT"),
        DataType::UInt64 => ("uint64", "UInt64", "uint64", "UBIGINT"),
        DataType::Float64 => ("double", "Float64", "float64", "DOUBLE"),
        DataType::Boolean => ("bool", "Boolean", "bool", "BOOLEAN"),
        DataType::Timestamp(_, Some(_)) => (
            "timestamp[us, tz=UTC]",
            "Datetime(time_unit='us', time_zone='UTC')",
            "datetime64[us, UTC]",
            "TIMESTAMP WITH TIME ZONE",
        ),
        DataType::Timestamp(_, None) => (
            "timestamp[us]",
            "Datetime(time_unit='us', time_zone=None)",
            "datetime64[us]",
            "TIMESTAMP",
        ),
        other => panic!("no reader types for {other}"),
    }
}

/// What pandas gives with `dtype_backend="numpy_nullable"`.
fn pandas_nullable_type(t: &DataType) -> &'static str {
    match t {
        DataType::Utf8 => "string",
        DataType::Int64 => "Int64",
        DataType::UInt64 => "UInt64",
        DataType::Float64 => "Float64",
        DataType::Boolean => "boolean",
        DataType::Timestamp(_, Some(_)) => "datetime64[us, UTC]",
        DataType::Timestamp(_, None) => "datetime64[us]",
        other => panic!("no pandas type for {other}"),
    }
}

/// Independent readers: pyarrow, polars, pandas and DuckDB read every table newsmill wrote, with
/// the contract's types (categoricals for the aggregate tables' strings, UTC timestamps, unsigned
/// integers), and see the same values.
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
        let contract = newsmill_core::tables::by_name(t).unwrap();
        let raw = read_raw(tmp.path(), t);
        contract.check(&raw.schema(), t).unwrap();
        let cols: Vec<String> = raw
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        for reader in ["pyarrow", "polars", "pandas", "duckdb"] {
            assert_eq!(
                report[reader][t]["rows"],
                raw.num_rows() as u64,
                "{reader} {t}"
            );
            if reader != "duckdb" {
                assert_eq!(
                    report[reader][t]["columns"],
                    serde_json::json!(cols),
                    "{reader} {t}"
                );
            }
        }
        let types: Vec<_> = raw
            .schema()
            .fields()
            .iter()
            .map(|f| reader_types(f.data_type()))
            .collect();
        let want = |pick: fn(
            &(&'static str, &'static str, &'static str, &'static str),
        ) -> &'static str| {
            serde_json::json!(types.iter().map(pick).collect::<Vec<_>>())
        };
        assert_eq!(report["pyarrow"][t]["types"], want(|t| t.0), "pyarrow {t}");
        assert_eq!(report["polars"][t]["types"], want(|t| t.1), "polars {t}");
        // pandas reads a nullable integer column as its nullable `Int64` (the files' `pandas`
        // metadata says so), not as float64 with NaN.
        let pandas: Vec<&str> = types
            .iter()
            .enumerate()
            .map(|(i, ty)| {
                let f = raw.schema().field(i).clone();
                if f.data_type() == &DataType::Int64 && f.is_nullable() {
                    "Int64"
                } else {
                    ty.2
                }
            })
            .collect();
        assert_eq!(
            report["pandas"][t]["types"],
            serde_json::json!(pandas),
            "pandas {t}"
        );
        let nullable_types: Vec<&str> = raw
            .schema()
            .fields()
            .iter()
            .map(|f| pandas_nullable_type(f.data_type()))
            .collect();
        assert_eq!(
            report["pandas_nullable"][t]["types"],
            serde_json::json!(nullable_types),
            "pandas numpy_nullable {t}"
        );
        assert_eq!(report["duckdb"][t]["types"], want(|t| t.3), "duckdb {t}");
        let nullable: Vec<bool> = contract.columns.iter().map(|c| c.nullable).collect();
        let extra = raw.num_columns() - nullable.len();
        let nullable: Vec<bool> = nullable.into_iter().chain(vec![true; extra]).collect();
        assert_eq!(
            report["pyarrow"][t]["nullable"],
            serde_json::json!(nullable),
            "{t}"
        );
        assert_eq!(
            report["pyarrow"][t]["version"],
            contract.version.to_string(),
            "{t}"
        );
        if raw.num_rows() > 0 {
            assert_eq!(
                report["pyarrow"][t]["compression"],
                serde_json::json!(["ZSTD"])
            );
        }
    }
    let m = read(tmp.path(), "mentions");
    assert_eq!(
        report["duckdb"]["mentions"]["first_surface"],
        strs(&m, "surface").value(0)
    );
    let c = read(tmp.path(), "countries");
    for reader in ["polars", "pandas", "duckdb"] {
        assert_eq!(
            report[reader]["countries"]["top"],
            strs(&c, "entity_id").value(0),
            "{reader}"
        );
    }
    let kinds = strs(&m, "kind");
    let theme_mentions = (0..m.num_rows())
        .filter(|&i| kinds.value(i) == "theme")
        .count() as u64;
    assert_eq!(
        report["polars"]["themes"]["direct_mentions"],
        theme_mentions
    );
    assert_eq!(
        report["duckdb"]["themes"]["direct_mentions"],
        theme_mentions
    );
    // Each mention of a theme counts once for its top-level ancestor.
    assert_eq!(
        report["polars"]["themes"]["top_level_mentions"],
        theme_mentions
    );
    let co = read(tmp.path(), "cooccurrence");
    let first = serde_json::json!([
        strs(&co, "entity_a").value(0),
        strs(&co, "entity_b").value(0),
        u64s(&co, "sentences").value(0),
        u64s(&co, "documents").value(0),
    ]);
    assert_eq!(report["polars"]["cooccurrence"]["first"], first);
    assert_eq!(report["pandas"]["cooccurrence"]["first"], first);
    let ts = read(tmp.path(), "timeseries");
    let undated = ts.column_by_name("day").unwrap().null_count() as u64;
    assert!(undated > 0, "the text files have no dates");
    assert_eq!(report["polars"]["timeseries"]["undated_rows"], undated);
    assert_eq!(report["pandas"]["timeseries"]["undated_rows"], undated);
    let ts_kinds = strs(&ts, "kind");
    let not_theme: u64 = (0..ts.num_rows())
        .filter(|&i| ts_kinds.value(i) != "theme")
        .map(|i| u64s(&ts, "mentions").value(i))
        .sum();
    assert_eq!(report["polars"]["timeseries"]["mentions"], not_theme);
    let country_rows = (0..ts.num_rows())
        .filter(|&i| ts_kinds.value(i) == "country")
        .count() as u64;
    assert_eq!(
        report["polars"]["timeseries"]["joined_with_countries"],
        country_rows
    );
    let docs = read(tmp.path(), "documents");
    let dates = docs
        .column_by_name("published_at")
        .unwrap()
        .as_any()
        .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
        .unwrap();
    let mut days: Vec<String> = dates
        .iter()
        .flatten()
        .map(|us| {
            chrono::DateTime::from_timestamp_micros(us)
                .unwrap()
                .date_naive()
                .to_string()
        })
        .collect();
    days.sort();
    days.dedup();
    assert_eq!(
        report["duckdb"]["timeseries"]["days"],
        serde_json::json!(days)
    );
    assert_eq!(
        report["pyarrow"]["documents"]["types"][3],
        "timestamp[us, tz=UTC]"
    );
    // What an analyst does first works in every reader (tests/read_back.py, analyst_checks):
    // subtracting from offsets, joining ids without a cast, nullable integers as integers,
    // weekly resampling, the sentence of every mention, co-occurrence both ways, day shares.
    let checks = report["checks"].as_object().unwrap();
    assert!(checks.len() >= 15, "{checks:?}");
    for (name, ok) in checks {
        assert_eq!(ok, &serde_json::json!(true), "check {name}");
    }
}

/// The aggregate tables, recomputed here from the mentions and documents tables.
#[test]
fn aggregates_agree_with_the_mentions() {
    use std::collections::{BTreeMap, BTreeSet, HashMap};
    let tmp = tempfile::tempdir().unwrap();
    run_samples(tmp.path(), &["--threads", "2"]);
    let docs = read(tmp.path(), "documents");
    let m = read(tmp.path(), "mentions");
    let n_docs = docs.num_rows() as f64;
    let published: HashMap<&str, Option<i64>> = {
        let d = docs
            .column_by_name("published_at")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
            .unwrap();
        (0..docs.num_rows())
            .map(|i| {
                (
                    strs(&docs, "doc_id").value(i),
                    d.is_valid(i).then(|| d.value(i)),
                )
            })
            .collect()
    };
    let rank = |k: &str| {
        ["organization", "country", "person", "theme"]
            .iter()
            .position(|x| *x == k)
            .unwrap()
    };
    // (doc, sentence) → entities (the title is a sentence of its own: `None`); doc → entities.
    type Entities<'a> = BTreeSet<(usize, &'a str)>;
    let mut in_sentence: BTreeMap<(&str, Option<u32>), Entities> = BTreeMap::new();
    let mut in_doc: BTreeMap<&str, BTreeSet<(usize, &str)>> = BTreeMap::new();
    for i in 0..m.num_rows() {
        let e = (
            rank(strs(&m, "kind").value(i)),
            strs(&m, "entity_id").value(i),
        );
        let doc = strs(&m, "doc_id").value(i);
        in_sentence
            .entry((doc, {
                let sid = u32s(&m, "sentence_id");
                sid.is_valid(i).then(|| sid.value(i))
            }))
            .or_default()
            .insert(e);
        in_doc.entry(doc).or_default().insert(e);
    }
    type Pair<'a> = ((usize, &'a str), (usize, &'a str));
    let mut want: BTreeMap<Pair, (u64, u64)> = BTreeMap::new();
    // Each pair in both orders.
    for set in in_sentence.values() {
        for a in set {
            for b in set.iter().filter(|b| *b != a) {
                want.entry((*b, *a)).or_default().0 += 1;
            }
        }
    }
    for set in in_doc.values() {
        for a in set {
            for b in set.iter().filter(|b| *b != a) {
                want.entry((*b, *a)).or_default().1 += 1;
            }
        }
    }
    let co = read(tmp.path(), "cooccurrence");
    let got: BTreeMap<Pair, (u64, u64)> = (0..co.num_rows())
        .map(|i| {
            (
                (
                    (
                        rank(strs(&co, "kind_a").value(i)),
                        strs(&co, "entity_a").value(i),
                    ),
                    (
                        rank(strs(&co, "kind_b").value(i)),
                        strs(&co, "entity_b").value(i),
                    ),
                ),
                (
                    u64s(&co, "sentences").value(i),
                    u64s(&co, "documents").value(i),
                ),
            )
        })
        .collect();
    assert_eq!(got.len(), co.num_rows(), "each ordered pair once");
    assert_eq!(got, want);

    // Themes: direct counts from the mentions, rolled-up counts over the subtree.
    let th = read(tmp.path(), "themes");
    let parent: HashMap<&str, Option<&str>> = (0..th.num_rows())
        .map(|i| {
            let p = th.column_by_name("parent_id").unwrap();
            (
                strs(&th, "entity_id").value(i),
                p.is_valid(i).then(|| strs(&th, "parent_id").value(i)),
            )
        })
        .collect();
    let mut direct: HashMap<&str, u64> = HashMap::new();
    let mut rolled: HashMap<&str, (u64, BTreeSet<&str>)> = HashMap::new();
    for i in 0..m.num_rows() {
        if strs(&m, "kind").value(i) != "theme" {
            continue;
        }
        let mut t = Some(strs(&m, "entity_id").value(i));
        *direct.entry(t.unwrap()).or_default() += 1;
        while let Some(id) = t {
            let r = rolled.entry(id).or_default();
            r.0 += 1;
            r.1.insert(strs(&m, "doc_id").value(i));
            t = parent[id];
        }
    }
    assert_eq!(th.num_rows(), rolled.len());
    for i in 0..th.num_rows() {
        let id = strs(&th, "entity_id").value(i);
        assert_eq!(
            u64s(&th, "direct_mentions").value(i),
            direct.get(id).copied().unwrap_or(0),
            "{id}"
        );
        assert_eq!(u64s(&th, "mentions").value(i), rolled[id].0, "{id}");
        assert_eq!(
            u64s(&th, "documents").value(i),
            rolled[id].1.len() as u64,
            "{id}"
        );
        let depth = u32s(&th, "depth").value(i);
        assert_eq!(depth == 0, parent[id].is_none(), "{id}");
    }

    // Document themes: one row per document and theme (rolled up), whose mentions add up to the
    // theme's; the themes table counts the documents about each theme.
    let dt = read(tmp.path(), "document_themes");
    let bools = |c: &str| -> Vec<bool> {
        dt.column_by_name(c)
            .unwrap()
            .as_any()
            .downcast_ref::<arrow::array::BooleanArray>()
            .unwrap()
            .iter()
            .map(Option::unwrap)
            .collect()
    };
    let (about, rolled_up) = (bools("about"), bools("rolled_up"));
    let mut per_theme: HashMap<&str, (u64, u64, u64)> = HashMap::new();
    let mut pairs: BTreeSet<(&str, &str)> = BTreeSet::new();
    for i in 0..dt.num_rows() {
        let id = strs(&dt, "entity_id").value(i);
        assert!(
            pairs.insert((strs(&dt, "doc_id").value(i), id)),
            "one row per pair"
        );
        let direct = u64s(&dt, "direct_mentions").value(i);
        assert_eq!(rolled_up[i], direct == 0, "{id}");
        let e = per_theme.entry(id).or_default();
        e.0 += u64s(&dt, "mentions").value(i);
        e.1 += 1;
        e.2 += about[i] as u64;
    }
    assert!(about.iter().any(|a| *a) && about.iter().any(|a| !*a));
    for i in 0..th.num_rows() {
        let id = strs(&th, "entity_id").value(i);
        let (m, d, a) = per_theme[id];
        assert_eq!(m, u64s(&th, "mentions").value(i), "{id}");
        assert_eq!(d, u64s(&th, "documents").value(i), "{id}");
        assert_eq!(a, u64s(&th, "about_documents").value(i), "{id}");
    }

    // Countries: share of documents and first/last seen.
    let c = read(tmp.path(), "countries");
    let share = c
        .column_by_name("share_of_documents")
        .unwrap()
        .as_any()
        .downcast_ref::<arrow::array::Float64Array>()
        .unwrap();
    let seen = |col: &str| {
        c.column_by_name(col)
            .unwrap()
            .as_any()
            .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
            .unwrap()
            .clone()
    };
    let (first, last) = (seen("first_seen"), seen("last_seen"));
    for i in 0..c.num_rows() {
        let id = strs(&c, "entity_id").value(i);
        let docs_of: BTreeSet<&str> = in_doc
            .iter()
            .filter(|(_, s)| s.contains(&(1, id)))
            .map(|(d, _)| *d)
            .collect();
        assert_eq!(u64s(&c, "documents").value(i), docs_of.len() as u64);
        assert!((share.value(i) - docs_of.len() as f64 / n_docs).abs() < 1e-12);
        let dates: Vec<i64> = docs_of.iter().filter_map(|d| published[d]).collect();
        assert_eq!(
            first.is_valid(i).then(|| first.value(i)),
            dates.iter().min().copied(),
            "{id}"
        );
        assert_eq!(
            last.is_valid(i).then(|| last.value(i)),
            dates.iter().max().copied(),
            "{id}"
        );
    }

    // Time series: per entity, the days add up to the entity tables; undated documents apart.
    let ts = read(tmp.path(), "timeseries");
    let mut sums: HashMap<(&str, &str), (u64, u64)> = HashMap::new();
    let day = ts.column_by_name("day").unwrap();
    for i in 0..ts.num_rows() {
        let s = sums
            .entry((strs(&ts, "kind").value(i), strs(&ts, "entity_id").value(i)))
            .or_default();
        s.0 += u64s(&ts, "mentions").value(i);
        s.1 += u64s(&ts, "documents").value(i);
        if day.is_null(i) && strs(&ts, "kind").value(i) == "country" {
            let id = strs(&ts, "entity_id").value(i);
            assert!(
                in_doc
                    .iter()
                    .any(|(d, s)| published[d].is_none() && s.contains(&(1, id))),
                "{id} has an undated row"
            );
        }
    }
    for (kind, table) in [
        ("organization", "organizations"),
        ("country", "countries"),
        ("theme", "themes"),
    ] {
        let b = read(tmp.path(), table);
        for i in 0..b.num_rows() {
            let id = strs(&b, "entity_id").value(i);
            assert_eq!(
                sums[&(kind, id)],
                (
                    u64s(&b, "mentions").value(i),
                    u64s(&b, "documents").value(i)
                ),
                "{kind} {id}"
            );
        }
    }
}

#[test]
fn standard_input_is_read_as_jsonl_or_text() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    for (input, want_docs) in [
        ("{\"id\": \"s1\", \"text\": \"Nvidia sold chips in China.\"}\n{\"id\": \"s2\", \"text\": \"Tariffs rose.\"}\n", 2),
        ("A headline\n\nOne article given as plain text, about Japan.\n", 1),
    ] {
        let out = tmp.path().join(format!("stdin{want_docs}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
            .args(["run", "-", "-o", out.to_str().unwrap(), "-q"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        let docs = read(&out, "documents");
        assert_eq!(docs.num_rows(), want_docs);
        assert!(strs(&docs, "source").value(0).starts_with('-'));
        assert!(read(&out, "countries").num_rows() >= 1);
    }
}

#[test]
fn a_second_run_on_the_same_output_is_refused_while_the_first_holds_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Hold the lock the way a running newsmill does.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".newsmill.lock"))
        .unwrap();
    lock.lock().unwrap();
    std::fs::write(out.join(".newsmill.lock"), "pid 4242 on test, since now").unwrap();
    let o = newsmill(&["run", "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(4), "busy");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("pid 4242") && err.contains("--wait"), "{err}");
    drop(lock);
    ok(&["run", "-o", out.to_str().unwrap(), "-q"]);
}

/// `newsmill aggregate` alone reads documents and mentions aligned by document, and refuses
/// mentions whose documents are not in documents.parquet (in that order).
#[test]
fn aggregate_alone_needs_the_documents_of_the_mentions() {
    let tmp = tempfile::tempdir().unwrap();
    run_samples(tmp.path(), &[]);
    let other = tmp.path().join("other");
    let o = other.to_str().unwrap();
    ok(&[
        "ingest",
        samples().join("articles.jsonl").to_str().unwrap(),
        "-o",
        o,
        "-q",
    ]);
    std::fs::copy(
        tmp.path().join("mentions.parquet"),
        other.join("mentions.parquet"),
    )
    .unwrap();
    let out = newsmill(&["aggregate", o, "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mentions.parquet") && err.contains("documents.parquet"),
        "{err}"
    );
    assert!(!other.join("themes.parquet").exists());
    // Without documents.parquet: a usage error that names it.
    std::fs::remove_file(other.join("documents.parquet")).unwrap();
    let out = newsmill(&["aggregate", o, "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("documents"));
}

/// All rows of a table, from `<table>.parquet` or the part files of `<table>/`.
#[test]
fn large_tables_become_folders_of_parts_that_every_stage_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let (whole, parts, staged) = (
        tmp.path().join("whole"),
        tmp.path().join("parts"),
        tmp.path().join("staged"),
    );
    run_samples(&whole, &[]);
    run_samples(&parts, &["--part-rows", "50"]);
    let mentions_rows = read(&whole, "mentions").num_rows();
    assert!(parts.join("mentions").is_dir() && !parts.join("mentions.parquet").exists());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(parts.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["files"]["mentions"]["path"], "mentions/");
    assert_eq!(
        manifest["files"]["mentions"]["parts"],
        mentions_rows.div_ceil(50) as u64
    );
    assert_eq!(manifest["files"]["rejects"]["path"], "rejects.parquet");
    // Stage by stage over part files gives the same tables.
    let s = staged.to_str().unwrap();
    ok(&[
        "ingest",
        samples().to_str().unwrap(),
        "-o",
        s,
        "-q",
        "--part-rows",
        "5",
    ]);
    assert!(staged.join("documents").is_dir());
    ok(&["split", s, "-q", "--part-rows", "50"]);
    ok(&["tag", s, "-q", "--part-rows", "50"]);
    ok(&["aggregate", s, "-q"]);
    // Same columns and values (schema-level metadata aside).
    let same = |a: &RecordBatch, b: &RecordBatch| {
        a.schema().fields() == b.schema().fields() && a.columns() == b.columns()
    };
    for t in TABLES {
        assert!(
            same(&read_any(&whole, t), &read_any(&parts, t)),
            "{t}: parts vs one file"
        );
        assert!(
            same(&read_any(&whole, t), &read_any(&staged, t)),
            "{t}: staged over parts"
        );
    }
    // A later run that fits in one file replaces the folder.
    run_samples(&parts, &[]);
    assert!(parts.join("mentions.parquet").exists() && !parts.join("mentions").exists());
    let leftovers: Vec<_> = std::fs::read_dir(&parts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.') && n != ".newsmill.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Runs the whole chain, quietly, on `jsonl` (the records of one input file): the temporary
/// folder (kept alive by the caller) and the output folder in it.
fn run_jsonl(jsonl: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let out = tmp.path().join("out");
    ok(&[
        "run",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    (tmp, out)
}

/// A headline with no body (a wire flash) is a document, and its headline is tagged.
#[test]
fn a_headline_alone_is_a_document_and_is_tagged() {
    let (_tmp, out) =
        run_jsonl("{\"id\": \"flash-1\", \"title\": \"U.S. TRADE DEFICIT WIDENS WITH JAPAN\"}\n");
    let docs = read(&out, "documents");
    assert_eq!((docs.num_rows(), strs(&docs, "text").value(0)), (1, ""));
    let m = read(&out, "mentions");
    let found: Vec<(&str, &str)> = (0..m.num_rows())
        .filter(|&i| strs(&m, "kind").value(i) == "country")
        .map(|i| (strs(&m, "field").value(i), strs(&m, "entity_id").value(i)))
        .collect();
    assert_eq!(found, vec![("title", "US"), ("title", "JP")]);
}

/// Regression: a row between parties over hospital waiting lists was filed under health; a
/// party contest is politics whatever the policy it is fought over (`subject::party_contest_first`).
#[test]
fn a_party_row_over_hospitals_is_filed_under_politics() {
    let text = "Labour and the Conservatives clashed over hospital waiting lists on Tuesday after the Tory leader raised the case of a patient whose operation was cancelled four times.\n\nThe Conservative leader said the government's targets had put figures before patients, and that nurses and doctors were being told to treat the easiest cases first.\n\nThe health secretary replied that waiting times had fallen in every region, and accused the Tories of planning cuts to the health service.\n\nThe Liberal Democrats said both parties were playing politics with the NHS, and called for an independent review of waiting lists.\n\nA Labour spokesman said the Conservatives would charge patients for operations. The Tories denied it, saying Labour was trying to frighten voters before the election.\n\nDoctors' leaders said the row would not help patients waiting for treatment in hospitals across the country.";
    let record = format!(
        "{{\"id\": \"row-1\", \"title\": \"Parties clash over hospital waiting lists\", \"text\": {}}}\n",
        serde_json::to_string(text).unwrap()
    );
    let (_tmp, out) = run_jsonl(&record);
    let dt = read(&out, "document_themes");
    let ranks = i64s(&dt, "subject_rank");
    let first: Vec<&str> = (0..dt.num_rows())
        .filter(|&i| ranks.is_valid(i) && ranks.value(i) == 1)
        .map(|i| strs(&dt, "entity_id").value(i))
        .collect();
    assert_eq!(first, vec!["politics_government"]);
    // Health stays a top level the story is about.
    let about = dt
        .column_by_name("about")
        .unwrap()
        .as_any()
        .downcast_ref::<arrow::array::BooleanArray>()
        .unwrap()
        .clone();
    assert!(
        (0..dt.num_rows()).any(|i| strs(&dt, "entity_id").value(i) == "health" && about.value(i))
    );
}
