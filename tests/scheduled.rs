//! Scheduled runs: incremental and idempotent runs, near-duplicates, date ranges, runs killed at
//! any moment, and what a scheduler is told (exit codes, the JSON report, JSON logs).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use arrow::array::Array;
use common::*;
use serde_json::{json, Value};

const AGGREGATES: [&str; 6] = [
    "organizations",
    "countries",
    "themes",
    "document_themes",
    "cooccurrence",
    "timeseries",
];

/// Twelve articles of our own (the sample folder), as JSON records with ids and dates.
fn articles() -> Vec<Value> {
    let mut out: Vec<Value> = std::fs::read_to_string(samples().join("articles.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut txt: Vec<PathBuf> = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    txt.sort();
    for (i, p) in txt.iter().enumerate() {
        let s = std::fs::read_to_string(p).unwrap();
        let (title, text) = s.split_once('\n').unwrap();
        out.push(json!({
            "id": format!("txt-{i}"),
            "title": title,
            "date": format!("2025-02-{:02}", 10 + i),
            "text": text.trim(),
        }));
    }
    assert_eq!(out.len(), 12);
    out
}

fn write_jsonl(path: &Path, records: &[Value]) -> String {
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(inputs: &[&str], out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["run"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["-o", out.to_str().unwrap(), "-q", "--threads", "2"]);
    args.extend_from_slice(extra);
    ok(&args)
}

/// The rows of a table as sorted lines, to compare outputs whatever their part layout (and
/// whatever input file the documents came from: `source` is left out).
fn rows(dir: &Path, table: &str) -> Vec<String> {
    let b = read_any(dir, table);
    let mut lines: Vec<String> = (0..b.num_rows())
        .map(|i| {
            b.schema()
                .fields()
                .iter()
                .zip(b.columns())
                .filter(|(f, _)| table != "documents" || f.name() != "source")
                .map(|(_, c)| arrow::util::display::array_value_to_string(c, i).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    lines.sort();
    lines
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Every file of an output folder (but the lock) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().unwrap() != ".newsmill.lock" {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

#[test]
fn incremental_runs_do_only_new_work_and_agree_with_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let a = write_jsonl(&tmp.path().join("a.jsonl"), &all[..7]);
    let b = write_jsonl(&tmp.path().join("b.jsonl"), &all[7..]);
    let (full, inc) = (tmp.path().join("full"), tmp.path().join("inc"));
    run(&[&a, &b], &full, &[]);
    run(&[&a], &inc, &["--incremental"]);
    assert_eq!(manifest(&inc)["run"]["new"], 7);
    run(&[&a, &b], &inc, &["--incremental"]);
    let m = manifest(&inc);
    assert_eq!(
        (m["run"]["new"].as_u64(), m["run"]["unchanged"].as_u64()),
        (Some(5), Some(7))
    );
    assert_eq!(m["counts"]["documents"], 12);
    // The second run added parts; every reader sees one table.
    assert!(inc.join("documents/part-00001.parquet").exists());
    assert_eq!(
        m["files"]["documents"],
        json!({"path": "documents/", "parts": 2})
    );
    for t in AGGREGATES
        .iter()
        .chain(&["documents", "sentences", "mentions"])
    {
        assert_eq!(rows(&full, t), rows(&inc, t), "{t}");
    }

    // Re-running over the same input changes nothing, not even the manifest.
    let before = snapshot(&inc);
    let o = ok(&[
        "run",
        &a,
        &b,
        "-o",
        inc.to_str().unwrap(),
        "--incremental",
        "--report",
        "-",
    ]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["run"]["unchanged"], 12);
    assert_eq!(
        report["run"]
            .get("new")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        0
    );
    assert_eq!(snapshot(&inc), before);

    // A document that comes back with new content replaces its old rows.
    let mut changed = all.clone();
    changed[2]["text"] = json!(
        "Toyota Motor said on Tuesday it would build a battery plant in Ohio, and Honda \
         said it would expand a factory in Ontario, Canada, as carmakers race to meet demand."
    );
    let c = write_jsonl(&tmp.path().join("c.jsonl"), &changed[2..3]);
    run(&[&c], &inc, &["--incremental"]);
    let m = manifest(&inc);
    assert_eq!(
        (
            m["run"]["replaced"].as_u64(),
            m["counts"]["documents"].as_u64()
        ),
        (Some(1), Some(12))
    );
    let docs = read_any(&inc, "documents");
    let id = changed[2]["id"].as_str().unwrap();
    let hits: Vec<usize> = (0..docs.num_rows())
        .filter(|&i| strs(&docs, "doc_id").value(i) == id)
        .collect();
    assert_eq!(hits.len(), 1, "one row per document");
    assert!(strs(&docs, "text")
        .value(hits[0])
        .contains("battery plant in Ohio"));
    let mentions = read_any(&inc, "mentions");
    let surfaces: Vec<&str> = (0..mentions.num_rows())
        .filter(|&i| strs(&mentions, "doc_id").value(i) == id)
        .map(|i| strs(&mentions, "surface").value(i))
        .collect();
    assert!(
        surfaces.contains(&"Ohio") && surfaces.contains(&"Honda"),
        "{surfaces:?}"
    );
    // ... and the whole output equals a full run over the changed articles.
    let d = write_jsonl(&tmp.path().join("d.jsonl"), &changed);
    let full2 = tmp.path().join("full2");
    run(&[&d], &full2, &[]);
    for t in AGGREGATES
        .iter()
        .chain(&["documents", "sentences", "mentions"])
    {
        assert_eq!(rows(&full2, t), rows(&inc, t), "{t}");
    }
}

/// Every table of two outputs, row for row (sorted; `source` left out).
fn assert_same_tables(a: &Path, b: &Path, when: &str) {
    for t in AGGREGATES
        .iter()
        .chain(&["documents", "sentences", "mentions", "rejects"])
    {
        assert_eq!(rows(a, t), rows(b, t), "{when}: {t}");
    }
}

/// `doc_id` -> `duplicate_of` of an output's documents.
fn marks(dir: &Path) -> BTreeMap<String, Option<String>> {
    let d = read_any(dir, "documents");
    let dup = strs(&d, "duplicate_of");
    (0..d.num_rows())
        .map(|i| {
            (
                strs(&d, "doc_id").value(i).to_string(),
                dup.is_valid(i).then(|| dup.value(i).to_string()),
            )
        })
        .collect()
}

/// `doc_id` -> `simhash` of an output's documents.
fn simhashes(dir: &Path) -> BTreeMap<String, u64> {
    let d = read_any(dir, "documents");
    (0..d.num_rows())
        .map(|i| {
            (
                strs(&d, "doc_id").value(i).to_string(),
                u64s(&d, "simhash").value(i),
            )
        })
        .collect()
}

#[test]
fn incremental_history_with_replacements_equals_a_full_run_over_the_output_order() {
    // Four runs: additions with near-duplicates; an original rewritten and a document changed
    // by one word; a duplicate rewritten into a story of its own and a new copy of a rewritten
    // original. After each, every table equals a full run over the documents in the output's
    // order (a replaced document where its new version came).
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let id = |r: &Value| r["id"].as_str().unwrap().to_string();
    let copy_of = |r: &Value, new_id: &str| {
        let mut c = r.clone();
        c["id"] = json!(new_id);
        c["text"] = json!(format!("{} (Wire staff.)", r["text"].as_str().unwrap()));
        c
    };
    let (three, seven) = (id(&all[3]), id(&all[7]));
    let copy3 = copy_of(&all[3], "copy-3");
    let copy7 = copy_of(&all[7], "copy-7");
    let mut rewritten3 = all[3].clone();
    rewritten3["text"] = json!(
        "Shipping companies said on Monday that freight rates across the Pacific fell for a \
         fourth week as demand for consumer goods cooled, and several carriers cancelled \
         sailings to protect prices. Port operators in Singapore and Rotterdam reported shorter \
         queues than a year ago, while analysts expected the slump to last until the spring \
         when retailers restock their warehouses ahead of the summer season."
    );
    let mut changed5 = all[5].clone();
    let text5 = all[5]["text"].as_str().unwrap();
    // The last word changed: one shingle of many.
    let (head, _) = text5.rsplit_once(' ').unwrap();
    changed5["text"] = json!(format!("{head} meanwhile."));
    let mut rewritten_copy7 = copy7.clone();
    rewritten_copy7["text"] = json!(
        "Farmers in the south of the country began the wheat harvest two weeks early after a \
         hot and dry spring, and the agriculture ministry cut its estimate of the crop by six \
         percent. Millers warned that flour prices could rise in the autumn, while exporters \
         said contracts signed earlier in the year would still be honoured in full despite \
         the smaller crop and the higher cost of transport to the ports."
    );
    let near3 = copy_of(&rewritten3, "copy-of-new-3");

    let mut history: Vec<Vec<Value>> = vec![
        [&all[..6], &[copy3.clone()][..]].concat(),
        [&all[6..], &[copy7.clone()][..]].concat(),
        vec![rewritten3.clone(), changed5.clone()],
        vec![rewritten_copy7.clone(), near3.clone()],
    ];
    let inc = tmp.path().join("inc");
    let mut order: Vec<Value> = Vec::new();
    let mut before = BTreeMap::new();
    for (n, batch) in history.iter_mut().enumerate() {
        let input = write_jsonl(&tmp.path().join(format!("run{n}.jsonl")), batch);
        run(&[&input], &inc, &["--incremental"]);
        for r in batch.iter() {
            order.retain(|o| o["id"] != r["id"]);
            order.push(r.clone());
        }
        let full = tmp.path().join(format!("full{n}"));
        let whole = write_jsonl(&tmp.path().join(format!("whole{n}.jsonl")), &order);
        run(&[&whole], &full, &[]);
        assert_same_tables(&full, &inc, &format!("after run {n}"));
        let m = marks(&inc);
        match n {
            0 => assert_eq!(m["copy-3"], Some(three.clone())),
            1 => {
                assert_eq!(m["copy-7"], Some(seven.clone()));
                before = simhashes(&inc);
            }
            2 => {
                // The copy of the rewritten original is an original now; the document changed
                // by one word (still near its old version) is not a copy of itself.
                let id5 = id(&all[5]);
                let bits = (before[&id5] ^ simhashes(&inc)[&id5]).count_ones();
                assert!(bits <= 6, "one word changed moves the SimHash {bits} bits");
                assert_eq!((&m["copy-3"], &m[&three], &m[&id5]), (&None, &None, &None));
            }
            _ => {
                assert_eq!(m["copy-7"], None);
                assert_eq!(m["copy-of-new-3"], Some(three.clone()));
                assert_eq!(manifest(&inc)["run"]["duplicates"], 1);
            }
        }
    }
}

#[test]
fn a_full_output_can_be_continued_incrementally() {
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let a = write_jsonl(&tmp.path().join("a.jsonl"), &all[..6]);
    let b = write_jsonl(&tmp.path().join("b.jsonl"), &all[6..]);
    let (full, inc) = (tmp.path().join("full"), tmp.path().join("inc"));
    run(&[&a, &b], &full, &[]);
    run(&[&a], &inc, &[]);
    assert!(inc.join("documents.parquet").exists());
    run(&[&b], &inc, &["--incremental"]);
    assert!(!inc.join("documents.parquet").exists());
    assert!(inc.join("documents/part-00000.parquet").exists());
    for t in AGGREGATES.iter().chain(&["documents", "mentions"]) {
        assert_eq!(rows(&full, t), rows(&inc, t), "{t}");
    }
}

#[test]
fn near_duplicates_are_marked_and_counted_once_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let mut copy = all[7].clone();
    copy["id"] = json!("syndicated-copy");
    copy["text"] = json!(format!(
        "{} Reporting by a staff writer; editing by the desk.",
        copy["text"].as_str().unwrap()
    ));
    let mut records = all.clone();
    records.push(copy);
    let input = write_jsonl(&tmp.path().join("in.jsonl"), &records);
    let (dedup, both) = (tmp.path().join("dedup"), tmp.path().join("both"));
    run(&[&input], &dedup, &[]);
    let docs = read_any(&dedup, "documents");
    let dup = strs(&docs, "duplicate_of");
    let marked: Vec<(String, String)> = (0..docs.num_rows())
        .filter(|&i| dup.is_valid(i))
        .map(|i| (strs(&docs, "doc_id").value(i).into(), dup.value(i).into()))
        .collect();
    let original = all[7]["id"].as_str().unwrap().to_string();
    assert_eq!(marked, vec![("syndicated-copy".to_string(), original)]);
    assert_eq!(manifest(&dedup)["run"]["duplicates"], 1);

    // Counted once by default, twice with aggregate.duplicates = "include".
    let config = tmp.path().join("include.toml");
    std::fs::write(&config, "[aggregate]\nduplicates = \"include\"\n").unwrap();
    run(&[&input], &both, &["--config", config.to_str().unwrap()]);
    let without = tmp.path().join("without");
    run(
        &[&write_jsonl(&tmp.path().join("all.jsonl"), &all)],
        &without,
        &[],
    );
    assert_eq!(rows(&dedup, "countries"), rows(&without, "countries"));
    let docs_of = |dir: &Path| -> u64 {
        let c = read_any(dir, "countries");
        u64s(&c, "documents").iter().flatten().sum()
    };
    assert!(
        docs_of(&both) > docs_of(&dedup),
        "the copy counts when included"
    );

    // Switched off, nothing is marked.
    let off = tmp.path().join("off.toml");
    std::fs::write(&off, "[ingest]\nduplicates = false\n").unwrap();
    let o = tmp.path().join("off");
    run(&[&input], &o, &["--config", off.to_str().unwrap()]);
    assert_eq!(
        read_any(&o, "documents")
            .column_by_name("duplicate_of")
            .unwrap()
            .null_count(),
        13
    );
}

#[test]
fn since_and_until_keep_a_window_of_publication_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let mut all = articles();
    all[0].as_object_mut().unwrap().remove("date");
    let input = write_jsonl(&tmp.path().join("in.jsonl"), &all);
    let out = tmp.path().join("out");
    run(
        &[&input],
        &out,
        &["--since", "2025-02-04", "--until", "2025-02-11"],
    );
    let docs = read_any(&out, "documents");
    let ids: Vec<&str> = (0..docs.num_rows())
        .map(|i| strs(&docs, "doc_id").value(i))
        .collect();
    // 0001 has no date now, 0002 is Feb 3: left out; 0004 is Feb 4 22:15 in Tokyo (13:15 UTC);
    // txt-0 is Feb 10; txt-1 is Feb 11 (`--until` is exclusive).
    assert_eq!(
        ids,
        vec![
            "nm-2025-0003",
            "nm-2025-0004",
            "nm-2025-0005",
            "nm-2025-0006",
            "txt-0"
        ]
    );
    assert_eq!(manifest(&out)["run"]["out_of_range"], 7);
    let o = newsmill(&[
        "run",
        &input,
        "-o",
        out.to_str().unwrap(),
        "--since",
        "yesterday",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a date"));
}

/// An output folder's content as a reader sees it: every table's rows.
fn tables(dir: &Path) -> Vec<Vec<String>> {
    AGGREGATES
        .iter()
        .chain(&["documents", "sentences", "mentions", "rejects"])
        .map(|t| rows(dir, t))
        .collect()
}

#[test]
fn a_run_killed_at_any_point_of_its_commit_leaves_a_complete_output() {
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let a = write_jsonl(&tmp.path().join("a.jsonl"), &all[..6]);
    let b = write_jsonl(&tmp.path().join("b.jsonl"), &all[6..]);
    let done = tmp.path().join("done");
    run(&[&a], &done, &["--incremental"]);
    run(&[&b], &done, &["--incremental"]);
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    run(&[&a], &first, &["--incremental"]);
    let before = tables(&first);
    // The commit of an incremental run has 4 part puts, 6 aggregate tables (2 steps each) and the
    // manifest: crash before the journal, after it, and after some of its steps.
    for point in [
        "journal", "apply-0", "apply-2", "apply-5", "apply-10", "cleanup",
    ] {
        let out = tmp.path().join(format!("crash-{point}"));
        copy_dir(&first, &out);
        let o = Command::new(env!("CARGO_BIN_EXE_newsmill"))
            .args([
                "run",
                &b,
                "-o",
                out.to_str().unwrap(),
                "-q",
                "--incremental",
            ])
            .env("NEWSMILL_CRASH_AT", point)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{point}: the run should have died");
        if point == "journal" {
            // Before the commit point: the previous output, untouched and readable.
            assert_eq!(tables(&out), before, "{point}");
        }
        // The next run finishes (or throws away) what the killed one left, and the work.
        let o = ok(&[
            "run",
            &b,
            "-o",
            out.to_str().unwrap(),
            "--incremental",
            "--report",
            "-",
        ]);
        let report: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(report["recovery"].is_string(), "{point}: {report}");
        assert_eq!(tables(&out), tables(&done), "{point}");
        assert!(!out.join(".newsmill-staging").exists());
    }
    let _ = second;
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn kill_9_at_several_moments_of_a_real_run() {
    let tmp = tempfile::tempdir().unwrap();
    // About 1,200 articles: long enough to be killed while reading, tagging and writing.
    let all = articles();
    let many: Vec<Value> = (0..100)
        .flat_map(|k| {
            all.iter().map(move |r| {
                let mut r = r.clone();
                r["id"] = json!(format!("{}-{k}", r["id"].as_str().unwrap()));
                r["text"] = json!(format!("Edition {k}. {}", r["text"].as_str().unwrap()));
                r
            })
        })
        .collect();
    let first = write_jsonl(&tmp.path().join("first.jsonl"), &all);
    let big = write_jsonl(&tmp.path().join("big.jsonl"), &many);
    let clean = tmp.path().join("clean");
    run(&[&first], &clean, &["--incremental"]);
    let before = tables(&clean);
    run(&[&big], &clean, &["--incremental"]);
    let after = tables(&clean);
    // How long a whole run takes here, to spread the kills over it.
    let out = tmp.path().join("timing");
    run(&[&first], &out, &["--incremental"]);
    let t = Instant::now();
    run(&[&big], &out, &["--incremental"]);
    let whole = t.elapsed();
    let mut outcomes = Vec::new();
    for frac in [0.05, 0.3, 0.6, 0.9, 0.97] {
        let out = tmp.path().join(format!("kill-{frac}"));
        run(&[&first], &out, &["--incremental"]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
            .args([
                "run",
                &big,
                "-o",
                out.to_str().unwrap(),
                "-q",
                "--incremental",
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_secs_f64(whole.as_secs_f64() * frac));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        // Killed or finished, the output is one of the two complete states.
        let seen = tables(&out);
        assert!(
            seen == before || seen == after,
            "killed at {frac}: a mixed output"
        );
        outcomes.push((frac, status.success(), seen == after));
        // The next run finishes the work.
        run(&[&big], &out, &["--incremental"]);
        assert_eq!(tables(&out), after, "after the kill at {frac}");
    }
    assert!(
        outcomes.iter().any(|(_, finished, _)| !finished),
        "no kill landed during a run: {outcomes:?}"
    );
}

#[test]
fn the_scheduler_gets_a_report_json_logs_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let mut records: Vec<String> = all.iter().map(|r| r.to_string()).collect();
    records.push("{not json".to_string());
    let input = tmp.path().join("in.jsonl");
    std::fs::write(&input, records.join("\n") + "\n").unwrap();
    let out = tmp.path().join("out");
    let report = tmp.path().join("report.json");
    let o = newsmill(&[
        "run",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--log-format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(3), "success with rejects");
    assert!(o.stdout.is_empty(), "quiet when not on a terminal");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["exit_code"], 3);
    assert_eq!(r["counts"]["documents"], 12);
    assert_eq!(r["counts"]["rejects"], 1);
    assert_eq!(
        r["rejects_by_reason"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        1
    );
    assert!(r["timings_seconds"]["total"].as_f64().unwrap() > 0.0);
    assert!(r["throughput"]["mb_per_second"].as_f64().unwrap() > 0.0);
    assert!(r["throughput"]["documents_per_second"].as_f64().unwrap() > 0.0);
    let events: Vec<Value> = String::from_utf8_lossy(&o.stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["rejects", "finished"]);
    assert_eq!(events[0]["level"], "warning");
    assert_eq!(events[1]["exit_code"], 3);

    // Failures are events too, with their exit code.
    let o = newsmill(&[
        "run",
        "missing.jsonl",
        "-o",
        out.to_str().unwrap(),
        "--log-format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e: Value = serde_json::from_str(String::from_utf8_lossy(&o.stderr).trim()).unwrap();
    assert_eq!(
        (e["level"].as_str(), e["exit_code"].as_u64()),
        (Some("error"), Some(2))
    );
    assert!(e["message"].as_str().unwrap().contains("missing.jsonl"));
}

#[test]
fn a_lock_left_by_a_dead_run_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A killed run leaves its lock file (naming it) but no lock: the OS released it.
    std::fs::write(
        out.join(".newsmill.lock"),
        "pid 999999 on gone-host, since yesterday",
    )
    .unwrap();
    let input = write_jsonl(&tmp.path().join("in.jsonl"), &articles()[..2]);
    run(&[&input], &out, &["--incremental"]);
    assert_eq!(manifest(&out)["run"]["new"], 2);
}

#[test]
fn stage_commands_finish_a_crashed_commit_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let a = write_jsonl(&tmp.path().join("a.jsonl"), &all[..6]);
    let b = write_jsonl(&tmp.path().join("b.jsonl"), &all[6..]);
    let crashed = |name: &str| -> PathBuf {
        let out = tmp.path().join(name);
        run(&[&a], &out, &[]);
        // A full run over other documents, killed after the first steps of its commit: the
        // folder holds b's documents beside a's sentences until the commit is finished.
        let o = Command::new(env!("CARGO_BIN_EXE_newsmill"))
            .args(["run", &b, "-o", out.to_str().unwrap(), "-q"])
            .env("NEWSMILL_CRASH_AT", "apply-2")
            .output()
            .unwrap();
        assert!(!o.status.success());
        out
    };
    let ids = |dir: &Path, t: &str| -> std::collections::BTreeSet<String> {
        let b = read_any(dir, t);
        (0..b.num_rows())
            .map(|i| strs(&b, "doc_id").value(i).to_string())
            .collect()
    };
    for stage in ["split", "tag", "aggregate"] {
        let out = crashed(&format!("in-place-{stage}"));
        let o = ok(&[stage, out.to_str().unwrap(), "--report", "-"]);
        let report: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(report["recovery"].is_string(), "{stage}: {report}");
        assert!(!out.join(".newsmill-staging").exists());
        // Every table is b's: the commit was finished before the stage read anything.
        let docs = ids(&out, "documents");
        assert_eq!(docs.len(), 6);
        assert!(docs.contains(all[6]["id"].as_str().unwrap()), "{stage}");
        assert_eq!(ids(&out, "sentences"), docs, "{stage}");
        assert!(ids(&out, "mentions").is_subset(&docs), "{stage}");
    }
    // Reading another folder that holds a half-applied commit is refused (its lock is not ours).
    let out = crashed("other-input");
    let elsewhere = tmp.path().join("elsewhere");
    let o = newsmill(&[
        "split",
        out.to_str().unwrap(),
        "-o",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("half applied"));
}

#[test]
fn options_out_of_range_are_refused_and_a_lost_report_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_jsonl(&tmp.path().join("in.jsonl"), &articles());
    let out = tmp.path().join("out");
    let o_str = out.to_str().unwrap();
    let refused: &[&[&str]] = &[
        &["--threads", "0"],
        &["--threads", "100000"],
        &["--since", "2025-03-01", "--until", "2025-02-01"],
        &["--since", "2025-03-01", "--until", "2025-03-01"],
    ];
    for extra in refused {
        let mut args = vec!["run", &input, "-o", o_str, "-q"];
        args.extend_from_slice(extra);
        let o = newsmill(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        assert!(!out.join("documents.parquet").exists(), "{extra:?}");
    }
    // The output is committed before the report is written: a report that cannot be written
    // is a warning, and the run's exit code stays.
    let o = newsmill(&[
        "run",
        &input,
        "-o",
        o_str,
        "--threads",
        "2",
        "--report",
        "/no/such/dir/r.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("was committed"));
    assert_eq!(read_any(&out, "documents").num_rows(), 12);
}

#[test]
fn a_byte_order_mark_on_standard_input_is_skipped() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let all = articles();
    let text: String = all.iter().map(|r| format!("{r}\n")).collect();
    let out = tmp.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["run", "-", "-o", out.to_str().unwrap(), "-q"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all("\u{feff}".as_bytes()).unwrap();
    stdin.write_all(text.as_bytes()).unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    let docs = read_any(&out, "documents");
    assert_eq!(docs.num_rows(), 12);
    assert_eq!(
        strs(&docs, "doc_id").value(0),
        all[0]["id"].as_str().unwrap()
    );
}
