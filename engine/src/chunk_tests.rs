//! A run makes, writes and aggregates its `mentions` a chunk of rows at a time (issue 25): the
//! output is the same whatever the chunk size.

use std::path::Path;
use std::time::Instant;

use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{self, Table};

use crate::config::Config;
use crate::io;
use crate::runner::{run_with, RunOptions, Stages, Workers};

/// Every table of an output, each as one batch.
fn tables(out: &Path) -> Vec<(&'static str, RecordBatch)> {
    let mut all = Vec::new();
    for t in tables::ALL {
        let t: &Table = t;
        let p = io::table_path(out, t);
        let p = if p.exists() {
            p
        } else {
            io::parts_path(out, t)
        };
        let (batches, schema) = io::read_table(&p, t, io::READ_BATCH_ROWS).unwrap();
        let batches: Vec<RecordBatch> = batches.collect::<Result<_, _>>().unwrap();
        all.push((
            t.name,
            arrow::compute::concat_batches(&schema, &batches).unwrap(),
        ));
    }
    all
}

#[test]
fn mention_chunks_of_any_size_give_the_same_output() {
    let dir = tempfile::tempdir().unwrap();
    // One long document (its mentions span many chunks, in its title and text, with text in
    // several scripts before them) and short ones around it, one without mentions.
    let long: String = (0..40)
        .map(|i| {
            format!(
                "Talks {i} in Germany and France went on — prices in € rose in Japan. \
                 Canada’s exports to Mexico fell 😀 while Brazil and Norway traded oil. "
            )
        })
        .collect();
    let docs = [
        serde_json::json!({"id": "a", "date": "2025-03-04", "title": "Oil in Norway", "text": "Norway sold oil to Sweden."}),
        serde_json::json!({"id": "long", "date": "2025-03-05", "title": "Trade talks in Germany", "text": long}),
        serde_json::json!({"id": "none", "date": "2025-03-05", "text": "Nothing to see here at all."}),
        serde_json::json!({"id": "b", "text": "Japan and China met on tariffs."}),
    ];
    let input = dir.path().join("in.jsonl");
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let config = Config::default();
    let mut w = Workers::build(&config, Stages::ALL).unwrap();
    let mut outputs = Vec::new();
    for rows in [crate::runner::MENTION_CHUNK_ROWS, 1, 7, 64] {
        w.mention_chunk_rows = rows;
        let out = dir.path().join(format!("out-{rows}"));
        let options = RunOptions {
            threads: 2,
            ..Default::default()
        };
        run_with(
            &w,
            Instant::now(),
            &config,
            std::slice::from_ref(&input),
            &out,
            &options,
            &(),
        )
        .unwrap();
        outputs.push((rows, tables(&out)));
    }
    let (_, want) = &outputs[0];
    let mentions = &want.iter().find(|t| t.0 == "mentions").unwrap().1;
    assert!(
        mentions.num_rows() > 200,
        "{} mentions",
        mentions.num_rows()
    );
    for (rows, got) in &outputs[1..] {
        for ((name, a), (_, b)) in want.iter().zip(got) {
            assert_eq!(a, b, "{name}, mentions made {rows} rows at a time");
        }
    }
}
