//! CPU time of `Engine::tag_batches` (one thread, as the Spark map step calls it) on one batch of
//! the first N records of a JSON lines file (`newid`, `title`, `body`), per aggregate mode,
//! alternated: `cargo run --release -p newsmill-engine --example tag_modes -- FILE N RUNS`.

use std::sync::Arc;
use std::time::Instant;

use arrow::array::{ArrayRef, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use newsmill_engine::{AggregateTables, Config, Engine, TagOptions};

/// CPU seconds of this process (user + system, every thread), from /proc/self/stat.
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let after = &s[s.rfind(')').expect("a stat line") + 2..];
    let f: Vec<&str> = after.split(' ').collect();
    let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, n, runs) = (
        &args[1],
        args[2].parse::<usize>().unwrap(),
        args[3].parse::<usize>().unwrap(),
    );
    let text = std::fs::read_to_string(path).expect("the corpus");
    let recs: Vec<serde_json::Value> = text
        .lines()
        .take(n)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let col = |f: &dyn Fn(&serde_json::Value) -> Option<String>| -> ArrayRef {
        Arc::new(recs.iter().map(f).collect::<StringArray>())
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("title", DataType::Utf8, true),
        Field::new("text", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema,
        vec![
            col(&|r| Some(r["newid"].to_string())),
            col(&|r| r["title"].as_str().map(String::from)),
            col(&|r| r["body"].as_str().map(String::from)),
        ],
    )
    .unwrap();
    let engine = Engine::build(Config::default()).unwrap();
    let modes = [
        AggregateTables::All,
        AggregateTables::DocumentThemes,
        AggregateTables::None,
    ];
    let mut cpus = vec![Vec::new(); modes.len()];
    for r in 0..runs {
        for (i, m) in modes.iter().enumerate() {
            let options = TagOptions {
                threads: 1,
                aggregates: *m,
                source: "spark".into(),
            };
            let (c0, w0) = (cpu(), Instant::now());
            let t = engine.tag_batches(vec![batch.clone()], &options).unwrap();
            let c = cpu() - c0;
            cpus[i].push(c);
            let load = std::fs::read_to_string("/proc/loadavg").unwrap();
            println!(
                "run {} {:?}: cpu {:.2} s wall {:.2} s document_themes {} load {}",
                r + 1,
                m,
                c,
                w0.elapsed().as_secs_f64(),
                t.rows("document_themes"),
                load.split(' ').next().unwrap()
            );
        }
    }
    for (m, mut v) in modes.iter().zip(cpus) {
        let all = format!("{v:.2?}");
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("{m:?}: median {:.2} s of CPU {all}", v[v.len() / 2]);
    }
}
